# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # variables are used by the stages
# Definitions shared by the lab stages: paths, timeouts, recipe keys.
# Sourced, never run.

# shellcheck source-path=SCRIPTDIR/.. source=lib.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib.sh"

LABDIR=$TOP/tools/lab
LAB=$BUILD/lab
XEN_DEB_VERSION=4.17.5+72-g01140da4e8-1
QEMU_DEB_VERSION=1:10.0.2+ds-2+deb13u1~bpo12+1

# Timeouts, in seconds, defined once.
QEMU_TIMEOUT=${QEMU_TIMEOUT:-3000}

mkdir -p "$LAB" "$CACHE"

# recipe_key FILE...: a short hash of the files that make a cached artifact
# (their licence line is not part of the recipe).
recipe_key() {
	cat "$@" | grep -a -v "^# SPDX-License-Identifier:" | sha256sum | cut -c1-12
}

# image_kernel_id BZIMAGE: the kernel-id of a kernel known only by its
# image (LAB_KERNEL); guest-payload.sh names its own by source and config.
image_kernel_id() {
	echo "image-$(sha256sum <"$1" | cut -c1-12)"
}

# lab_install SRC...: put cached artifacts into $LAB. A file that is the
# same is left alone; another is copied under a temporary name and renamed,
# so a lab already running (its QEMU binary, the dom0 image under its
# overlay) keeps reading the file it opened: two labs may start at any time.
lab_install() {
	local f dst
	for f in "$@"; do
		dst=$LAB/$(basename "$f")
		cmp -s "$f" "$dst" && continue
		cp --sparse=always "$f" "$dst.tmp.$$" && mv -f "$dst.tmp.$$" "$dst" || return 1
	done
}

# debian_image_dir SUITE: where debian-guest-image.sh puts that suite's
# guest ($LAB/debian for bookworm, the first one).
debian_image_dir() {
	case $1 in
	bookworm) echo "$LAB/debian" ;;
	*) echo "$LAB/debian-$1" ;;
	esac
}

# labs_by_type NAME TYPE...: one lab per guest type, all at once (run.sh
# with the caller's SCENARIOS and other settings, GUESTS=TYPE, run id
# NAME-TYPE), TAP into $LAB/NAME-TYPE.tap, log into $LAB/NAME-TYPE.log.
# Prints the TAP of each in order; fails if any lab does.
labs_by_type() {
	local name=$1 type pid rc=0
	local -a pids=()
	shift
	for type in "$@"; do
		LAB_RUN_ID=$name-$type GUESTS=$type \
			"$LABDIR/run.sh" >"$LAB/$name-$type.tap" 2>"$LAB/$name-$type.log" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid" || rc=1
	done
	for type in "$@"; do
		cat "$LAB/$name-$type.tap"
	done
	return "$rc"
}
