#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-pv-resume (PV; issue 28, milestones M2 and M3): a PV guest
# with two vCPUs, booted with xen_pv_hibernate=snapshot, hibernates and
# powers off; xl create with resume= loads the image in the new domain:
# the loading kernel, which holds its second vCPU down until its attempt
# to resume is over (Xen cannot reset a vCPU), writes the image's
# p2m and start_info with the new domain's frames and its page tables in
# machine frames, and jumps. The image must come back with both CPUs:
# same boot id and token, every page of a process's LAB_MEMCHECK_MIB
# (default 64) MiB intact, data, disk and network; then xl save + xl
# restore of it work (its frame list for the toolstack is the new
# domain's). It hibernates again and is resumed by user space, as by an
# initramfs: resume=UUID= (the kernel cannot look it up at boot, as when
# its disk driver is a module), the guest's init writing the device to
# /sys/power/resume. Five images are then refused before the jump, the guest
# booting afresh with its data intact, both CPUs started and the image
# discarded: loaded by a kernel booted otherwise (percpu_alloc=page: the
# vcpu_info it registered for good is elsewhere than the image's), from
# user space once the second vCPU was started (booted without resume=,
# then a write to /sys/power/resume), in a domain with more memory (the
# PM core's "Image mismatch"), in a domain with one vCPU, by another
# build of the kernel (bzImage-other, tools/lab/other-kernel.sh).
# lab-timeout: 2400
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

[ "$GUEST_TYPE" = pv ] || { echo "# s4-pv-resume runs on PV guests only"; exit 2; }
MIB=${LAB_MEMCHECK_MIB:-64}
OURS=$GUEST_KERNEL
OTHER=/share/payload/bzImage-other
# Booted with xen_pv_hibernate=snapshot: not the guest the scenarios
# after this one expect.
LAB_KEEP_GUEST=0
GUEST_VCPUS=2

no_image() { [ "$(guest_swap_signature)" != S1SUSPEND ]; }
swap_signature_is() { [ "$(guest_swap_signature)" = "$1" ]; }
same_boot_id() { guest_run 'cat /proc/sys/kernel/random/boot_id' && [ "$GUEST_OUT" = "$GUEST_BOOT_ID" ]; }
data_verifies() {
	guest_run "{ grep -q ' /mnt ' /proc/mounts || mount $DATA_DEV /mnt; } &&
		echo 3 >/proc/sys/vm/drop_caches; cd /mnt && md5sum -c s4data.md5"
}
# hibernate_again: swap on (a fresh boot has none), hibernate, domain gone.
hibernate_again() {
	guest_run "grep -q '^$SWAP_DEV ' /proc/swaps || { mkswap $SWAP_DEV >/dev/null && swapon $SWAP_DEV; }" &&
		guest_mark && guest_hibernate "$T_HIBERNATE"
}
# refused WHY RE [ARGS]: the image written by hibernate_again is refused
# by the kernel booted with ARGS (RE: its message) and the guest boots
# afresh, its data intact and the image discarded.
refused() {
	local why=$1 re=$2 boot_id=$GUEST_BOOT_ID
	shift 2
	echo "# refused: $why"
	require "guest hibernates and the domain goes away ($why)" hibernate_again
	require "xl create ($why) with $RESUME_ARGS $*" guest_power_cycle "$RESUME_ARGS $*"
	check "$why: the loading kernel says why" guest_wait_marker "$re" "$T_BOOT"
	echo "# ${GUEST_MATCH:-no refusal line}"
	check "$why: the guest boots afresh" guest_wait_ready
	check "$why: a new boot id" [ "$GUEST_BOOT_ID" != "$boot_id" ]
	check "$why: agent answers" guest_agent_wait 120
	check "$why: data written before hibernating verifies" data_verifies
	check "$why: the image is discarded" no_image
	check "$why: CPUs $GUEST_CPUS online" guest_cpus_online "$GUEST_CPUS"
	check "$why: no WARNING/BUG" guest_log_clean $((GUEST_MARK + 1))
}

require "the other build is in the payload" test -s "$OTHER"
guest_s4_prepare
first=$((GUEST_MARK + 1))
domid=$(xl domid "$GUEST_NAME")
require "lab-memcheck fills $MIB MiB" memcheck_start "$MIB"

echo "# 1. resumed in a new domain"
guest_mark
if ! check "guest hibernates and the domain goes away" guest_hibernate; then
	echo "# guest kernel messages since echo disk:"
	guest_log_since_mark | grep -a -v 'LAB: HB' | tail -n 60 | sed 's/^/#   /'
	lab_finish
fi
require "xl create with $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
check "the loading kernel holds CPU1 until its resume attempt" \
	guest_wait_marker 'xen:hibernate: CPUs 1 start once the attempt to resume an image is over' "$T_BOOT"
check "the image kernel comes back (heartbeat with the old token)" guest_wait_resumed
echo "# loading and image kernel messages:"
guest_log_since_mark | grep -a -E 'xen:hibernate|PM: |WARN|BUG|Oops|panic' | head -n 40 | sed 's/^/#   /'
check "a new domain" [ "$(xl domid "$GUEST_NAME" 2>/dev/null)" != "$domid" ]
check "the image's p2m given the new domain's frames" \
	guest_find "xen:hibernate: image: [1-9][0-9]* p2m entries written with this domain's machine frames"
check "its kernel page tables written in machine frames" \
	guest_find 'xen:hibernate: image: [1-9][0-9]* kernel page tables written in machine frames'
check "its process page tables written in machine frames" \
	guest_find 'xen:hibernate: image: [1-9][0-9]* process page tables written in machine frames'
check "the image kernel took the domain over" \
	guest_find 'hibernation image resumed in the domain handed over to it'
check "hibernation exit status 0" guest_wait_marker 'LAB: HIBERNATE-EXIT 0' 60
# shellcheck disable=SC2016 # expanded in the guest
check "CPU1 runs tasks" guest_run 'c0=$(grep "^cpu1 " /proc/stat); sleep 2; [ "$(grep "^cpu1 " /proc/stat)" != "$c0" ]'
guest_s4_verify
check "lab-memcheck checks" memcheck_check
check "every page of the process holds its pattern" memcheck_clean
check "no WARNING/BUG after resume" guest_log_clean "$first"

echo "# 2. xl save + xl restore of the resumed guest"
if check "xl save + xl restore" guest_save_restore; then
	check "agent answers after restore" guest_agent_wait 120
	check "same boot id and token after restore" guest_same_identity
	check "I/O after restore" guest_io_check
	check "guest pings dom0 after restore" guest_net_check
fi

echo "# 3. resumed by user space, as by an initramfs"
# resume=UUID= as a distribution puts it: the kernel cannot look it up at
# boot, as when its disk driver is a module; the guest's init names the
# device through /sys/power/resume (lab.resume=), as initramfs-tools does.
uuid=$(blkid -s UUID -o value "$GUEST_DIR/swap.img")
args="resume=UUID=$uuid lab.resume=$SWAP_DEV $S4_ARGS"
require "the swap disk's UUID ($uuid)" [ -n "$uuid" ]
require "guest hibernates and the domain goes away (initramfs)" hibernate_again
require "xl create with $args" guest_power_cycle "$args"
check "initramfs: the loading kernel holds CPU1" \
	guest_wait_marker 'xen:hibernate: CPUs 1 start once the attempt to resume an image is over' "$T_BOOT"
check "initramfs: user space names the resume device" guest_wait_marker "LAB: RESUME-CHECK $SWAP_DEV" "$T_BOOT"
check "initramfs: the image kernel comes back" guest_wait_resumed
check "initramfs: hibernation exit status 0" guest_wait_marker 'LAB: HIBERNATE-EXIT 0' 60
guest_s4_verify
check "initramfs: lab-memcheck checks" memcheck_check
check "initramfs: every page of the process holds its pattern" memcheck_clean

echo "# 4. refused: booted otherwise, from user space, more memory, one vCPU, another build"
GUEST_CPUS=0-1
check "both CPUs online after xl restore" guest_cpus_online "$GUEST_CPUS"
refused "vcpu_info elsewhere" 'not jumping into the image: its per-CPU area' percpu_alloc=page

echo "# refused: from user space, CPU1 started"
boot_id=$GUEST_BOOT_ID
require "guest hibernates and the domain goes away (user space)" hibernate_again
require "xl create without resume=" guest_power_cycle "$S4_ARGS"
check "user space: the guest boots afresh" guest_wait_ready
check "user space: agent answers" guest_agent_wait 120
check "user space: a new boot id" [ "$GUEST_BOOT_ID" != "$boot_id" ]
check "user space: CPUs $GUEST_CPUS online" guest_cpus_online "$GUEST_CPUS"
check "user space: the image is still there" swap_signature_is S1SUSPEND
guest_mark
guest_run "echo $SWAP_DEV >/sys/power/resume" >/dev/null
check "user space: the loading kernel says why" \
	guest_wait_marker 'not jumping into the image: CPU1 was started before it was found' 120
echo "# ${GUEST_MATCH:-no refusal line}"
check "user space: the guest goes on" guest_agent_wait 120
check "user space: same boot id" same_boot_id
check "user space: data written before hibernating verifies" data_verifies
check "user space: the image is discarded" no_image
check "user space: CPUs $GUEST_CPUS online" guest_cpus_online "$GUEST_CPUS"

GUEST_MEMORY=$((GUEST_MEMORY + 64))
refused "more memory" 'Image mismatch'
GUEST_VCPUS=1
GUEST_CPUS=0
refused "one vCPU" 'not jumping into the image: it was taken with vCPUs 0-1, this domain has 0'
GUEST_KERNEL=$OTHER
refused "another build" 'not jumping into the image: it is another kernel build'
GUEST_KERNEL=$OURS
lab_finish
