#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian guest's checks (make lab-debian-check): our series built as
# Debian's cloud kernel and installed in the Debian guest, then two labs at
# once: on PVH a swap file (resume= and resume_offset= on the command line,
# read by the initramfs; systemctl hibernate) and a TCP stream across
# hibernation; on HVM systemctl hibernate with systemd's defaults
# (platform mode) and the swap disk named only by RESUME=. Not in make
# check: the Debian kernel alone took 3218 s on two busy cores
# (2026-12-05), and a Debian guest boots in 6 to 16 minutes under TCG. Prints both labs' TAP; fails if
# either lab does.
set -eu
. "$(dirname "$0")/common.sh"

for s in qemu-build xen-build dom0-image debian-kernel; do
	"$LABDIR/$s.sh"
done
"$LABDIR/debian-guest-image.sh" "$LAB/debian-kernel-debs"
LAB_GUEST_OS=debian LAB_DEBIAN_KERNEL=local LAB_RUN_ID=debian-pvh \
	SCENARIOS="debian-s4-swapfile s4-tcp" GUESTS=pvh \
	"$LABDIR/run.sh" >"$LAB/debian-check-pvh.tap" 2>"$LAB/debian-check-pvh.log" &
pvh=$!
LAB_RUN_ID=debian-hvm SCENARIOS=debian-s4 GUESTS=hvm \
	"$LABDIR/run.sh" >"$LAB/debian-check-hvm.tap" 2>"$LAB/debian-check-hvm.log" &
hvm=$!
rc=0
wait "$pvh" || rc=1
wait "$hvm" || rc=1
cat "$LAB/debian-check-pvh.tap" "$LAB/debian-check-hvm.tap"
exit "$rc"
