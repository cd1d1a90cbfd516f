#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make lab-bisect: boot every point of the series (issue 27 point 12).
# Builds each patch's guest kernel (tools/check-each-patch.sh, incremental:
# about 5 minutes with a warm cache), then runs the bisect scenario with
# all of them, one lab per guest type (GUESTS, default "pvh hvm"), at once.
# Not in make check: a boot, xl save/restore and xl save -c per patch take
# 1 to 2 minutes under TCG, 25 to 60 minutes for the 28 patches.
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
# shellcheck disable=SC2086 # GUESTS is a list of types
LAB_EXTRA_KERNELS="${kernels# }" SCENARIOS=bisect labs_by_type bisect ${GUESTS:-pvh hvm}
