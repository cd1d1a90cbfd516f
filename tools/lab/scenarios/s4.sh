#!/bin/bash
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

require "xl create" guest_create
require "guest reaches userspace" guest_wait_ready
require "agent answers" guest_agent_wait
require "write data with checksums" guest_run "mount $DATA_DEV /mnt &&
	dd if=/dev/urandom of=/mnt/s4data bs=64k count=64 2>/dev/null &&
	md5sum /mnt/s4data >/mnt/s4data.md5 && sync && cat /mnt/s4data.md5" 120
echo "# $GUEST_OUT"
require "swap on the swap disk" guest_run "mkswap $SWAP_DEV && swapon $SWAP_DEV && cat /proc/swaps"
echo "$GUEST_OUT"
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
require "xl create with resume=$SWAP_DEV" guest_power_cycle "resume=$SWAP_DEV"
if ! check "the image kernel comes back (heartbeat with the old token)" \
	guest_wait_marker "LAB: HB [0-9]+ token=$GUEST_TOKEN|LAB: READY|LAB: NO-RESUME-IMAGE" "$T_BOOT"; then
	:
elif echo "$GUEST_MATCH" | grep -q 'LAB: READY\|NO-RESUME'; then
	echo "# the guest booted afresh instead of resuming: $GUEST_MATCH"
	LAB_FAILS=$((LAB_FAILS + 1))
fi
check "hibernation exit status 0" guest_wait_marker 'LAB: HIBERNATE-EXIT 0' 60 ||
	echo "# $(guest_log_since_mark | grep -a -m1 HIBERNATE-EXIT || echo 'no HIBERNATE-EXIT line')"
if check "agent answers after resume" guest_agent_wait 120; then
	check "same boot id and token after resume" guest_same_identity
	check "checksums verify after resume" guest_run \
		"echo 3 >/proc/sys/vm/drop_caches; cd /mnt && md5sum -c s4data.md5"
	check "I/O after resume" guest_io_check
	check "guest pings dom0 after resume" guest_net_check
fi
echo "# guest kernel messages after resume (PM, xen, warnings):"
guest_log_since_mark | grep -a -E -i 'PM:|hibernat|xen|blkfront|netfront|WARN|BUG|still|Oops|Call Trace|LAB:' |
	grep -v 'LAB: HB' | head -n 80 | sed 's/^/#   /'
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
lab_finish
