#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-cycles: consecutive S4 cycles of one guest (situation C, ten
# times, or LAB_S4_CYCLES). Each cycle writes a new file with its checksum
# to the data disk, hibernates (disk mode shutdown), creates the domain
# again with resume=<swap disk> and checks the image kernel came back: same
# boot id and token, every checksum written so far verifies, disk and
# network work, no WARNING/BUG since the first boot. Stops at the first
# cycle that fails.
# Per-cycle times are printed ("# time ...").
# lab-reuse: yes
# lab-timeout: 3000
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

CYCLES=${LAB_S4_CYCLES:-10}

require "a guest at userspace, its agent answering (new, or the one before kept)" guest_start
require "swap on the swap disk" guest_run "{ grep -q '^$SWAP_DEV ' /proc/swaps ||
	{ mkswap $SWAP_DEV >/dev/null && swapon $SWAP_DEV; }; } &&
	{ grep -q ' /mnt ' /proc/mounts || mount $DATA_DEV /mnt; } && : >/mnt/cycles.md5"
first=$((GUEST_MARK + 1))

# cycle_fail I WHAT: report why cycle I failed, with the guest's kernel
# messages, and end the scenario.
cycle_fail() {
	echo "# cycle $1 of $CYCLES failed: $2; guest kernel messages:"
	guest_log_since_mark | grep -a -v 'LAB: HB' | tail -n 60 | sed 's/^/#   /'
	lab_finish
}

i=0
while [ "$i" -lt "$CYCLES" ]; do
	i=$((i + 1))
	cycle_t0=$SECONDS
	check "cycle $i: write data with checksums" guest_run "
		dd if=/dev/urandom of=/mnt/cycle$i bs=64k count=16 2>/dev/null &&
		(cd /mnt && md5sum cycle$i >>cycles.md5) && sync" 120 ||
		cycle_fail "$i" "writing data"
	guest_mark
	check "cycle $i: guest hibernates and the domain goes away" guest_hibernate ||
		cycle_fail "$i" "hibernating"
	check "cycle $i: xl create with $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS" ||
		cycle_fail "$i" "xl create"
	check "cycle $i: the image kernel comes back" \
		guest_wait_marker "LAB: HB [0-9]+ token=$GUEST_TOKEN|LAB: READY|LAB: NO-RESUME-IMAGE" "$T_BOOT" ||
		cycle_fail "$i" "waiting for the image kernel"
	case $GUEST_MATCH in
	*"LAB: READY"* | *NO-RESUME*)
		LAB_FAILS=$((LAB_FAILS + 1))
		cycle_fail "$i" "the guest booted afresh: $GUEST_MATCH" ;;
	esac
	check "cycle $i: hibernation exit status 0" guest_wait_marker 'LAB: HIBERNATE-EXIT 0' 60 ||
		cycle_fail "$i" "$(guest_log_since_mark | grep -a -m1 HIBERNATE-EXIT || echo 'no HIBERNATE-EXIT line')"
	check "cycle $i: agent answers" guest_agent_wait 120 || cycle_fail "$i" "agent"
	check "cycle $i: same boot id and token" guest_same_identity || cycle_fail "$i" "identity"
	check "cycle $i: every checksum so far verifies" guest_run \
		"echo 3 >/proc/sys/vm/drop_caches; cd /mnt && md5sum -c cycles.md5 | tail -n 1" ||
		cycle_fail "$i" "checksums"
	check "cycle $i: I/O" guest_io_check || cycle_fail "$i" "I/O"
	check "cycle $i: guest pings dom0" guest_net_check || cycle_fail "$i" "network"
	check "cycle $i: no WARNING/BUG in the guest log" guest_log_clean "$first" ||
		cycle_fail "$i" "kernel warnings"
	echo "# time cycle $i: $((SECONDS - cycle_t0)) s"
done
echo "# $CYCLES S4 cycles passed; image kernel text at $(grep -a -o -m1 'LAB: KERNEL-TEXT [0-9a-f]*' "$GUEST_LOG" |
	cut -d' ' -f3) (ffffffff81000000: not randomized)"
lab_finish
