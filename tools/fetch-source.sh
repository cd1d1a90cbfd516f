#!/usr/bin/env bash
# Make the base kernel available as a git repository in the cache:
# Debian's linux-source-6.12 package, unpacked and committed once.
# Prints the path of that repository on stdout.
#
# LINUX_DEB_VERSION selects a Debian version of linux-source-6.12;
# default: the candidate apt would install now.
set -eu
. "$(dirname "$0")/lib.sh"

need_pkgs git xz-utils

pkg=linux-source-6.12
ver=${LINUX_DEB_VERSION:-$(apt-cache policy "$pkg" | awk '/Candidate:/ { print $2 }')}
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	as_root apt-get update -qq
	ver=$(apt-cache policy "$pkg" | awk '/Candidate:/ { print $2 }')
fi
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	die "apt knows no $pkg package"
fi

debdir=$CACHE/debs
deb=$debdir/${pkg}_$(printf '%s' "$ver" | sed 's/:/%3a/')_all.deb
if [ ! -s "$deb" ]; then
	phase_begin "download $pkg $ver"
	mkdir -p "$debdir"
	(cd "$debdir" && apt-get download -q "$pkg=$ver" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) ||
		die "could not download $pkg=$ver"
	[ -s "$deb" ] || die "expected $deb after download"
	phase_end
fi

repo=$CACHE/linux-base/$ver.git
if [ ! -f "$repo/xenhib-base" ]; then
	phase_begin "unpack $pkg $ver into a git repository"
	work=$CACHE/linux-base/$ver.work
	rm -rf "$repo" "$work"
	mkdir -p "$work"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO "./usr/src/$pkg.tar.xz" | tar -xJ -C "$work" --strip-components=1
	sublevel=$(awk '$1 == "SUBLEVEL" { print $3 }' "$work/Makefile")
	git -C "$work" init -q
	git -C "$work" add -A -f .	# Debian's .gitignore ignores "/*"
	# Fixed identity and dates: the base commit id depends only on the source.
	GIT_AUTHOR_NAME=Debian GIT_AUTHOR_EMAIL=debian-kernel@lists.debian.org \
	GIT_COMMITTER_NAME=Debian GIT_COMMITTER_EMAIL=debian-kernel@lists.debian.org \
	GIT_AUTHOR_DATE='2000-01-01T00:00:00Z' GIT_COMMITTER_DATE='2000-01-01T00:00:00Z' \
		git -C "$work" commit -q -m "Linux 6.12.$sublevel (Debian $pkg $ver)"
	git clone -q --bare "$work" "$repo"
	rm -rf "$work"
	git -C "$repo" log -1 --format=%H > "$repo/xenhib-base"
	phase_end
fi
printf '%s\n' "$repo"
