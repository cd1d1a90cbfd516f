#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian guest's checks (make lab-debian-check): our series built as
# Debian's cloud kernel and installed in the Debian guest, then two labs at
# once: on PVH a swap file (resume= and resume_offset= on the command line,
# read by the initramfs; systemctl hibernate) and a TCP stream across
# hibernation; on HVM systemctl hibernate with systemd's defaults
# (platform mode) and the swap disk named only by RESUME=; then the
# forward port (forward/linux-7.3 with Debian's 7.3 cloud config) in a
# Debian trixie guest, systemctl hibernate on PVH and HVM. Not in make
# check: the Debian kernel alone took 3218 s on two busy cores
# (2026-12-05), and a Debian guest boots in 6 to 16 minutes under TCG.
# Prints the labs' TAP; fails if any lab does.
set -eu
. "$(dirname "$0")/common.sh"

for s in qemu-build xen-build dom0-image; do
	"$LABDIR/$s.sh"
done
"$LABDIR/debian-kernel.sh" bookworm
"$LABDIR/debian-guest-image.sh" "$LAB/debian-kernel-debs"
"$LABDIR/debian-kernel.sh" trixie
DEBIAN_SUITE=trixie "$LABDIR/debian-guest-image.sh" "$LAB/debian-kernel-debs-trixie"
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
# The forward port on Debian trixie with Debian's 7.3 configuration.
LAB_DEBIAN_SUITE=trixie LAB_RUN_ID=debian-trixie SCENARIOS=debian-s4 GUESTS="pvh hvm" \
	"$LABDIR/run.sh" >"$LAB/debian-check-trixie.tap" 2>"$LAB/debian-check-trixie.log" || rc=1
cat "$LAB/debian-check-pvh.tap" "$LAB/debian-check-hvm.tap" "$LAB/debian-check-trixie.tap"
exit "$rc"
