#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make lab-bisect: boot every point of the series (issue 27 point 12).
# Builds each patch's guest kernel (tools/check-each-patch.sh, incremental:
# about 5 minutes with a warm cache), then runs the bisect scenario with
# all of them, one lab per guest type (GUESTS, default "pvh hvm"), at once.
# Not in make check: a boot, xl save/restore and xl save -c per patch take
# 1 to 2 minutes under TCG, 25 to 50 minutes for the 23 patches.
# Prints the labs' TAP; fails if any lab does.
set -eu
. "$(dirname "$0")/common.sh"

"$TOP/tools/check-each-patch.sh"
kernels=
for k in "$BUILD"/check/each-patch/[0-9][0-9].bzImage; do
	[ -s "$k" ] || die "no kernels from tools/check-each-patch.sh"
	n=$(basename "$k" .bzImage)
	kernels="$kernels p$n=$k"
done
pids=()
for type in ${GUESTS:-pvh hvm}; do
	LAB_RUN_ID=bisect-$type LAB_EXTRA_KERNELS="${kernels# }" SCENARIOS=bisect GUESTS=$type \
		"$LABDIR/run.sh" >"$LAB/bisect-$type.tap" 2>"$LAB/bisect-$type.log" &
	pids+=($!)
done
rc=0
for pid in "${pids[@]}"; do
	wait "$pid" || rc=1
done
for type in ${GUESTS:-pvh hvm}; do
	cat "$LAB/bisect-$type.tap"
done
exit "$rc"
