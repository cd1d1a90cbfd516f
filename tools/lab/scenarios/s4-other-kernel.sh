#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-other-kernel: the kernel booted to load the image is not the
# one that wrote it.
# 1. Another build of our kernel (bzImage-other, "#other-build"), as after
#    a kernel update: x86 loads images across builds, and the handover
#    does not depend on the build, so the image must resume as usual.
# 2. The unpatched base kernel (bzImage-base), which loads the image
#    without handing the domain over: the image kernel must stop with a
#    panic that says why, before any process runs, rather than run in a
#    domain set up for the other kernel. The disks keep what the guest
#    wrote, and the next boot starts afresh.
# Needs LAB_EXTRA_KERNELS="other=... base=..." (tools/lab/check.sh).
# lab-timeout: 1800
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

OURS=$GUEST_KERNEL
OTHER=/share/payload/bzImage-other
BASE=/share/payload/bzImage-base
require "the other build and the base kernel are in the payload" test -s "$OTHER" -a -s "$BASE"

old_boot_id=
new_boot() { [ "$GUEST_BOOT_ID" != "$old_boot_id" ]; }
data_verifies() {
	guest_run "{ grep -q ' /mnt ' /proc/mounts || mount $DATA_DEV /mnt; } &&
		echo 3 >/proc/sys/vm/drop_caches; cd /mnt && md5sum -c s4data.md5"
}
# loaded_by BUILD: the running domain booted a kernel of that build. Its
# banner comes before the console is up, so it is in Xen's log (earlyprintk).
loaded_by() {
	local id
	id=$(xl domid "$GUEST_NAME") || return 1
	xl dmesg | grep -a -q "(d$id) .*Linux version .*#$1 "
}
refusal_logged() {
	{ guest_log_since_mark; xl dmesg; } 2>/dev/null |
		grep -a -q 'hibernation image loaded into a new domain by a kernel without Xen hibernation support'
}

guest_s4_prepare
old_boot_id=$GUEST_BOOT_ID
first=$((GUEST_MARK + 1))

echo "# 1. the image is loaded by another build of our kernel"
guest_mark
require "guest hibernates and the domain goes away" guest_hibernate
GUEST_KERNEL=$OTHER
require "xl create with the other build, $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
check "the image kernel comes back" \
	guest_wait_marker "LAB: HB [0-9]+ token=$GUEST_TOKEN" "$T_BOOT"
check "the loading kernel was the other build" loaded_by other-build
guest_s4_verify
check "no WARNING/BUG in the guest log" guest_log_clean "$first"

echo "# 2. the image is loaded by the unpatched base kernel"
require "swap on again" guest_run "grep -q '^$SWAP_DEV ' /proc/swaps || swapon $SWAP_DEV"
guest_run "sync; echo 3 >/proc/sys/vm/drop_caches"
guest_mark
require "guest hibernates again and the domain goes away" guest_hibernate
GUEST_KERNEL=$BASE
xl dmesg -c >/dev/null 2>&1
require "xl create with the base kernel, $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
check "the image kernel stops: the domain goes away" guest_wait_gone 600 ||
	guest_destroy
echo "# guest and Xen messages after the base kernel loaded the image:"
{ guest_log_since_mark | grep -a -v 'LAB: HB' | tail -n 25; xl dmesg | tail -n 10; } |
	sed 's/^/#   /'
check "the image kernel says why" refusal_logged
check "no image process ran (no heartbeat with the old token)" \
	sh -c "! tail -n +$((GUEST_MARK + 1)) '$GUEST_LOG' | grep -a -q 'LAB: HB [0-9]* token=$GUEST_TOKEN'"
GUEST_KERNEL=$OURS
require "xl create with our kernel, $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
check "the guest boots afresh" guest_wait_ready
check "a new boot id" new_boot
check "agent answers" guest_agent_wait 120
check "data written before hibernating verifies" data_verifies
check "no WARNING/BUG in the new boot" guest_log_clean $((GUEST_MARK + 1))
lab_finish
