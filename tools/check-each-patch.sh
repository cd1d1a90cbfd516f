#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every patch builds on its own: check out each commit of build/linux after
# "base" in turn, oldest first, and build the guest kernel incrementally
# (git only touches the files a patch changes). Ends on the series tip, so
# build/kernel is the finished kernel. One TAP point per patch. Each
# patch's bzImage is kept as build/check/each-patch/NN.bzImage, for the
# lab to boot every point of the series (tools/lab/bisect-check.sh).
#
# A patch whose exact inputs were built before is not built again: the
# source tree (git tree id), the config fragment, the build scripts and
# the compiler name the result in $CACHE/each-patch, and a build that
# succeeded leaves its bzImage and log there. The same inputs give the
# same kernel (fixed build user, host and timestamp), so a second make
# check of an unchanged series reuses them; a changed patch changes its
# tree id and every later one, and those are built. The tip is always
# built: it is the lab's payload. EACH_PATCH_CACHE=0 builds every patch.
set -eu
. "$(dirname "$0")/lib.sh"

tree=$BUILD/linux
[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes; commit or drop them first"
tip=$(git -C "$tree" rev-parse HEAD)
branch=$(git -C "$tree" symbolic-ref -q --short HEAD || echo "$tip")
trap 'git -C "$tree" checkout -q "$branch"' EXIT

# What a build depends on besides the source tree.
inputs=$( {
	cat "$TOP/configs/xen-guest.config" "$TOP/tools/kernel-build.sh" \
		"$TOP/tools/kernel-config.sh" "$TOP/tools/lib.sh" "$0"
	gcc --version | head -n 1
	make --version | head -n 1
} | sha256sum | cut -c1-16)
store=$CACHE/each-patch
mkdir -p "$store"
# Results nobody asked for in two weeks belong to series versions gone by.
find "$store" -mindepth 1 -maxdepth 1 -type d -mtime +14 -exec rm -rf {} + 2>/dev/null || true

n=0
fail=0
logdir=$BUILD/check/each-patch
mkdir -p "$logdir"
rm -f "$logdir"/*.bzImage
for c in $(git -C "$tree" rev-list --reverse base..HEAD); do
	n=$((n + 1))
	nn=$(printf %02d "$n")
	subject=$(git -C "$tree" log -1 --format=%s "$c")
	key=$(git -C "$tree" rev-parse "$c^{tree}")-$inputs
	if [ "$c" != "$tip" ] && [ "${EACH_PATCH_CACHE:-1}" != 0 ] &&
	   [ -s "$store/$key/bzImage" ] && [ -s "$store/$key/build.log" ]; then
		touch "$store/$key"
		cp "$store/$key/bzImage" "$logdir/$nn.bzImage"
		cp "$store/$key/build.log" "$logdir/$n.log"
		echo "ok $n - patch $n builds: $subject (same inputs built $(date -r "$store/$key/bzImage" '+%F %R'), tree $(echo "$key" | cut -c1-12))"
		continue
	fi
	git -C "$tree" checkout -q --detach "$c"
	t0=$(date +%s)
	# Options the fragments name may come from a later patch.
	if ALLOW_UNDEFINED=1 "$TOP/tools/kernel-build.sh" > "$logdir/$n.log" 2>&1; then
		echo "ok $n - patch $n builds: $subject ($(($(date +%s) - t0)) s)"
		cp "$BUILD/kernel/arch/x86/boot/bzImage" "$logdir/$nn.bzImage"
		mkdir -p "$store/$key.tmp"
		cp "$logdir/$nn.bzImage" "$store/$key.tmp/bzImage"
		cp "$logdir/$n.log" "$store/$key.tmp/build.log"
		rm -rf "${store:?}/$key"
		mv "$store/$key.tmp" "$store/$key"
	else
		fail=1
		echo "not ok $n - patch $n builds: $subject"
		tail -n 20 "$logdir/$n.log" | sed 's/^/# /'
	fi
done
[ "$(git -C "$tree" rev-parse HEAD)" = "$tip" ] || die "walk did not end on the series tip"
exit "$fail"
