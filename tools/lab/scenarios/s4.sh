#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4: guest-initiated hibernation (situation C). The guest writes
# data with checksums, enables swap and runs `echo disk > /sys/power/state`
# (/sys/power/disk = shutdown); dom0 waits for the domain to go away, then
# creates it again with resume=<swap disk>. The guest must prove it resumed:
# same boot id and token, checksums verify, disk and network work, no
# WARNING/BUG. On the unpatched kernel the image kernel comes back without
# network and logs "Failed to release watch" for the old domain id.
# lab-timeout: 2100
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

guest_s4_prepare
first=$((GUEST_MARK + 1))
guest_mark
if ! check "guest hibernates and the domain goes away" guest_hibernate; then
	echo "# guest kernel messages since echo disk:"
	guest_log_since_mark | grep -a -v 'LAB: HB' | tail -n 60 | sed 's/^/#   /'
	guest_run 'cat /sys/power/state /sys/power/disk; dmesg | tail -n 40' 30 &&
		lab_indent "$GUEST_OUT"
	lab_finish
fi
echo "# guest kernel messages while hibernating:"
guest_log_since_mark | grep -a -v 'LAB: HB' | tail -n 40 | sed 's/^/#   /'
require "xl create with $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
check "the image kernel comes back (heartbeat with the old token)" guest_wait_resumed
check "hibernation exit status 0" guest_wait_marker 'LAB: HIBERNATE-EXIT 0' 60 ||
	echo "# $(guest_log_since_mark | grep -a -m1 HIBERNATE-EXIT || echo 'no HIBERNATE-EXIT line')"
guest_s4_verify
echo "# guest kernel messages after resume (PM, xen, warnings):"
guest_log_since_mark | grep -a -E -i 'PM:|hibernat|xen|blkfront|netfront|WARN|BUG|still|Oops|Call Trace|LAB:' |
	grep -v 'LAB: HB' | head -n 80 | sed 's/^/#   /'
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
lab_finish
