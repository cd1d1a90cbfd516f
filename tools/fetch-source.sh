#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Make the base kernel available as a git repository in the cache:
# Debian's linux-source-6.12 package, unpacked and committed once.
# Prints the path of that repository on stdout.
#
# LINUX_DEB_VERSION selects a Debian version of the package; default: the
# candidate apt would install now.
#
# LINUX_SOURCE_PKG=linux-source-7.3 LINUX_SOURCE_SUITE=trixie-backports
# fetch another Debian kernel source package instead (the forward port).
# With LINUX_SOURCE_SUITE, apt uses a private configuration in
# $CACHE/apt-SUITE holding only that suite; the system's sources stay as
# they are.
set -eu
. "$(dirname "$0")/lib.sh"

need_pkgs git xz-utils

pkg=${LINUX_SOURCE_PKG:-linux-source-6.12}
dist=${LINUX_SOURCE_SUITE:-}
apt=()
update=(as_root apt-get update -qq)
if [ -n "$dist" ]; then
	suite_apt "$dist"
	apt=("${SUITE_APT[@]}")
	update=(apt-get "${apt[@]}" update -qq)
fi
candidate() {
	apt-cache "${apt[@]}" policy "$pkg" | awk '/Candidate:/ { print $2 }'
}
ver=${LINUX_DEB_VERSION:-$(candidate)}
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	"${update[@]}"
	ver=$(candidate)
fi
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	die "apt knows no $pkg package${dist:+ in $dist}"
fi

debdir=$CACHE/debs
deb=$debdir/${pkg}_$(printf '%s' "$ver" | sed 's/:/%3a/')_all.deb
if [ ! -s "$deb" ]; then
	phase_begin "download $pkg $ver"
	mkdir -p "$debdir"
	(cd "$debdir" && apt-get "${apt[@]}" download -q "$pkg=$ver" 2>&1 |
		grep -v '^W: Download is performed unsandboxed' >&2) ||
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
	kver=$(awk '$1 ~ /^(VERSION|PATCHLEVEL|SUBLEVEL)$/ { v = v (v == "" ? "" : ".") $3 }
		END { print v }' "$work/Makefile")
	git -C "$work" init -q
	git -C "$work" add -A -f .	# Debian's .gitignore ignores "/*"
	# Fixed identity and dates: the base commit id depends only on the source.
	GIT_AUTHOR_NAME=Debian GIT_AUTHOR_EMAIL=debian-kernel@lists.debian.org \
	GIT_COMMITTER_NAME=Debian GIT_COMMITTER_EMAIL=debian-kernel@lists.debian.org \
	GIT_AUTHOR_DATE='2000-01-01T00:00:00Z' GIT_COMMITTER_DATE='2000-01-01T00:00:00Z' \
		git -C "$work" commit -q -m "Linux $kver (Debian $pkg $ver)"
	git clone -q --bare "$work" "$repo"
	rm -rf "$work"
	git -C "$repo" log -1 --format=%H > "$repo/xenhib-base"
	phase_end
fi
printf '%s\n' "$repo"
