#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian guest's checks (make lab-debian-check): our series built as
# Debian's cloud kernel and installed in the Debian guest, then one lab per
# guest type, PVH and HVM at once, each booting the guest once and taking
# it through every path an operator takes (the scenarios are "lab-reuse":
# a Debian boot takes 10 to 15 minutes under TCG, a cycle 3 to 5): a TCP
# stream across hibernation, systemctl hibernate with systemd's defaults
# (platform mode on HVM) and the swap disk named only by RESUME=,
# pm-hibernate (before HibernateMode=shutdown: pm-utils writes whatever
# /sys/power/disk holds, which systemd leaves at platform on HVM), with
# HibernateMode=shutdown, a swap file (resume= and
# resume_offset= on the command line), systemctl hybrid-sleep; then the
# baseline, Debian's own kernel, expected to fail (TODO). Then the forward
# port (forward/linux-7.3 with Debian's 7.3 cloud config) in a Debian
# trixie guest, systemctl hibernate on PVH and HVM. Not in make check: the
# Debian kernel alone takes 25 to 55 minutes to build on two cores, and a
# Debian guest boots in 6 to 16 minutes under TCG (README, "What make
# check runs").
# Prints the labs' TAP; fails if any lab does. DEBIAN_CHECK_TRIXIE=0 leaves
# the trixie guest out.
set -eu
. "$(dirname "$0")/common.sh"

for s in qemu-build xen-build dom0-image; do
	"$LABDIR/$s.sh"
done
"$LABDIR/debian-kernel.sh" bookworm
"$LABDIR/debian-guest-image.sh" "$LAB/debian-kernel-debs"
trixie=${DEBIAN_CHECK_TRIXIE:-1}
if [ "$trixie" = 1 ]; then
	"$LABDIR/debian-kernel.sh" trixie
	DEBIAN_SUITE=trixie "$LABDIR/debian-guest-image.sh" "$LAB/debian-kernel-debs-trixie"
fi
paths="s4-tcp debian-s4 debian-s4-pm debian-s4-shutdown debian-s4-swapfile debian-s4-hybrid debian-s4-baseline"
rc=0
LAB_GUEST_OS=debian LAB_DEBIAN_KERNEL=local SCENARIOS="$paths" \
	labs_by_type debian-check pvh hvm || rc=1
taps=()
# The forward port on Debian trixie with Debian's 7.3 configuration.
if [ "$trixie" = 1 ]; then
	LAB_GUEST_OS=debian LAB_DEBIAN_KERNEL=local LAB_DEBIAN_SUITE=trixie LAB_RUN_ID=debian-trixie \
		SCENARIOS=debian-s4 GUESTS="pvh hvm" \
		"$LABDIR/run.sh" >"$LAB/debian-check-trixie.tap" 2>"$LAB/debian-check-trixie.log" || rc=1
	taps+=("$LAB/debian-check-trixie.tap")
fi
[ "${#taps[@]}" -eq 0 ] || cat "${taps[@]}"
exit "$rc"
