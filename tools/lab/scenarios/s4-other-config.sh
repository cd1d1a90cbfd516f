#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-other-config: the domain is created again with another
# configuration than the one that hibernated. More memory: the loading
# kernel must refuse the image ("Image mismatch") and boot afresh with the
# data intact. One vCPU instead of two: the image must resume with CPU1
# offline ("vCPU 1 is not in this domain: CPU1 stays offline"), its data,
# disk and network fine; bringing CPU1 up again is refused by Xen's CPU
# prepare step and CPU1 stays present (its sysfs device is still
# registered). No WARNING/BUG/Oops in either case.
# lab-timeout: 1500
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

old_boot_id=
new_boot() { [ "$GUEST_BOOT_ID" != "$old_boot_id" ]; }
mismatch_logged() { guest_log_since_mark | grep -a -q 'Image mismatch'; }
vcpu_missing_logged() { guest_log_since_mark | grep -a -q 'vCPU 1 is not in this domain: CPU1 stays offline'; }
only_cpu0_online() { guest_run 'cat /sys/devices/system/cpu/online' && [ "$GUEST_OUT" = 0 ]; }
# both_cpus_present: the image's CPUs stay present, as their devices are.
both_cpus_present() {
	guest_run 'cat /sys/devices/system/cpu/present' && [ "$GUEST_OUT" = 0-1 ]
}
# cpu1_refused_at_prepare: the PM core's attempt to bring CPU1 up again
# was refused by Xen's CPU prepare step, before the CPU was started.
cpu1_refused_at_prepare() {
	guest_log_since_mark | grep -a -q 'CPU1: vCPU 1 is not in this domain, not bringing it up' &&
		guest_log_since_mark | grep -a -q 'Error taking CPU1 up: -19'
}
data_verifies() {
	guest_run "{ grep -q ' /mnt ' /proc/mounts || mount $DATA_DEV /mnt; } &&
		cd /mnt && md5sum -c s4data.md5"
}
# hibernate_again: swap on (a fresh boot has none), hibernate, domain gone.
hibernate_again() {
	guest_run "grep -q '^$SWAP_DEV ' /proc/swaps || { mkswap $SWAP_DEV >/dev/null && swapon $SWAP_DEV; }" &&
		guest_mark && guest_hibernate "$T_HIBERNATE"
}

guest_s4_prepare
old_boot_id=$GUEST_BOOT_ID
first=$((GUEST_MARK + 1))

echo "# 1. more memory: $GUEST_MEMORY -> $((GUEST_MEMORY + 64)) MiB"
guest_mark
require "guest hibernates and the domain goes away" guest_hibernate
GUEST_MEMORY=$((GUEST_MEMORY + 64))
require "xl create with more memory, $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
check "the guest boots afresh" guest_wait_ready
check "a new boot id" new_boot
check "the kernel says: Image mismatch" mismatch_logged
check "agent answers" guest_agent_wait 120
check "data written before hibernating verifies" data_verifies
check "no WARNING/BUG" guest_log_clean "$first"

echo "# 2. one vCPU instead of $GUEST_VCPUS (same memory as at hibernation)"
old_token=$GUEST_TOKEN
require "guest hibernates again and the domain goes away" hibernate_again
GUEST_VCPUS=1
require "xl create with one vCPU, $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
check "the image kernel comes back (heartbeat with the old token)" \
	guest_wait_marker "LAB: HB [0-9]+ token=$old_token" "$T_BOOT"
check "the kernel says: vCPU 1 is not in this domain: CPU1 stays offline" vcpu_missing_logged
echo "# guest kernel messages since the second hibernation:"
guest_log_since_mark | grep -a -E -i 'PM:|hibernat|xen:|cpu|WARN|BUG|Oops' |
	grep -v 'LAB: HB' | tail -n 40 | sed 's/^/#   /'
check "agent answers" guest_agent_wait 120
check "data written before hibernating verifies" data_verifies
check "I/O on the data disk" guest_io_check
check "guest pings dom0" guest_net_check
check "only CPU0 online" only_cpu0_online
check "CPU1 stays present" both_cpus_present
lab_indent "$GUEST_OUT"
check "Xen's CPU prepare step refused CPU1 (Error taking CPU1 up: -19)" cpu1_refused_at_prepare
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
lab_finish
