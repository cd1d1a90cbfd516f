# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Common definitions for our scripts: paths, logging, phase timing and
# package installation. Sourced, never run.

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xenhib}
export TOP BUILD CACHE

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# phase_begin NAME / phase_end: print a line with the phase's duration.
phase_begin() {
	PHASE_NAME=$1
	PHASE_T0=$(date +%s)
	log "==> $PHASE_NAME ..."
}
phase_end() {
	log "==> $PHASE_NAME done in $(($(date +%s) - PHASE_T0)) s"
}

# as_root CMD...: run a command as root (sudo when not root already).
as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_backports: add a bookworm-backports source if none exists.
ensure_backports() {
	if grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		return 0
	fi
	log "adding the bookworm-backports apt source"
	printf '%s\n' 'Types: deb' 'URIs: http://deb.debian.org/debian' \
		'Suites: bookworm-backports' 'Components: main' \
		'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
		as_root tee /etc/apt/sources.list.d/xenhib-backports.sources >/dev/null
	as_root apt-get update -qq
}

# ensure_deb_src SUITE: add a deb-src entry for SUITE main if none exists
# (apt-get source needs it).
ensure_deb_src() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		grep -qs '^Types: deb-src' "$f" && grep -qs "^Suites: $1\$" "$f" && return 0
	done
	grep -qs "^deb-src .* $1 " /etc/apt/sources.list && return 0
	log "adding a deb-src entry for $1 main"
	printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' \
		"Suites: $1" 'Components: main' \
		'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
		as_root tee "/etc/apt/sources.list.d/xenhib-$1-src.sources" >/dev/null
	as_root apt-get update -qq
}

# suite_apt SUITE: SUITE_APT, the apt-get/apt-cache options of a private
# apt configuration in $CACHE/apt-SUITE holding only that suite of the
# Debian archive (e.g. trixie-backports); the system's sources stay as they
# are. Its lists are refreshed once a day (offline, cached packages do).
suite_apt() {
	local dir=$CACHE/apt-$1
	need_pkgs debian-archive-keyring
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	printf 'deb [signed-by=%s] http://deb.debian.org/debian %s main\n' \
		/usr/share/keyrings/debian-archive-keyring.gpg "$1" >"$dir/sources.list"
	SUITE_APT=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
		-o Dir::State::status=/dev/null -o APT::Architecture=amd64
		-o APT::Sandbox::User=root)
	if [ -z "$(find "$dir/updated" -mtime -1 2>/dev/null)" ]; then
		if apt-get "${SUITE_APT[@]}" update -qq; then
			touch "$dir/updated"
		else
			log "could not refresh the apt lists of $1"
		fi
	fi
}

# need_pkgs [-t SUITE] PKG...: install the Debian packages that are missing.
need_pkgs() {
	local suite=() missing=() p
	if [ "${1:-}" = -t ]; then
		suite=(-t "$2")
		shift 2
	fi
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing: ${missing[*]}"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
		--no-install-recommends "${suite[@]}" "${missing[@]}" >/dev/null ||
		{ as_root apt-get update -qq &&
		  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
			--no-install-recommends "${suite[@]}" "${missing[@]}" >/dev/null; } ||
		die "apt-get could not install ${missing[*]}"
}

# kbuild_env: ccache in the cache directory and fixed build user, host and
# timestamp, so kernel builds hit the cache across clones and checkouts.
kbuild_env() {
	export CCACHE_DIR=$CACHE/ccache CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1
	export CCACHE_SLOPPINESS=time_macros,include_file_mtime,include_file_ctime
	export KBUILD_BUILD_USER=xenhib KBUILD_BUILD_HOST=lab
	export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026'
	ccache -M 5G >/dev/null
}
