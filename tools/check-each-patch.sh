#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every patch builds on its own: check out each commit of build/linux after
# "base" in turn, oldest first, and build the guest kernel incrementally
# (git only touches the files a patch changes). Ends on the series tip, so
# build/kernel is the finished kernel. One TAP point per patch. Each
# patch's bzImage is kept as build/check/each-patch/NN.bzImage, for the
# lab to boot every point of the series (tools/lab/bisect-check.sh).
set -eu
. "$(dirname "$0")/lib.sh"

tree=$BUILD/linux
[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes; commit or drop them first"
tip=$(git -C "$tree" rev-parse HEAD)
branch=$(git -C "$tree" symbolic-ref -q --short HEAD || echo "$tip")
trap 'git -C "$tree" checkout -q "$branch"' EXIT

n=0
fail=0
logdir=$BUILD/check/each-patch
mkdir -p "$logdir"
rm -f "$logdir"/*.bzImage
for c in $(git -C "$tree" rev-list --reverse base..HEAD); do
	n=$((n + 1))
	subject=$(git -C "$tree" log -1 --format=%s "$c")
	git -C "$tree" checkout -q --detach "$c"
	t0=$(date +%s)
	# Options the fragments name may come from a later patch.
	if ALLOW_UNDEFINED=1 "$TOP/tools/kernel-build.sh" > "$logdir/$n.log" 2>&1; then
		echo "ok $n - patch $n builds: $subject ($(($(date +%s) - t0)) s)"
		cp "$BUILD/kernel/arch/x86/boot/bzImage" "$logdir/$(printf %02d "$n").bzImage"
	else
		fail=1
		echo "not ok $n - patch $n builds: $subject"
		tail -n 20 "$logdir/$n.log" | sed 's/^/# /'
	fi
done
[ "$(git -C "$tree" rev-parse HEAD)" = "$tip" ] || die "walk did not end on the series tip"
exit "$fail"
