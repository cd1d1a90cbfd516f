#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-large: hibernation of a guest with RAM above 4 GiB (4096 MiB
# unless LAB_GUEST_MEMORY says otherwise; Xen puts what does not fit below
# its MMIO hole above 4 GiB). A process holds LAB_MEMCHECK_MIB (default 1024)
# MiB of locked memory filled with a pattern (guest/lab-memcheck.c), most
# of the guest's low memory, where the per-CPU areas above 4 GiB alias
# when their addresses lose their upper 32 bits; after the resume in a new
# domain every page must hold its pattern, and the bad ones are listed by
# guest frame. The same check follows a CPU taken offline and online again
# (part 1), which hibernation does too, and on HVM ACPI S3. Needs LAB_QEMU_MEMORY >= guest +
# 2048.
# lab-timeout: 2400
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

[ -n "${LAB_GUEST_MEMORY:-}" ] || GUEST_MEMORY=4096
# Not handed on to the next scenario: a 4 GiB guest is no guest of theirs
# (xl migrate of it needs 8 GiB in dom0's host).
LAB_KEEP_GUEST=0
MIB=${LAB_MEMCHECK_MIB:-1024}
guest_s4_prepare
first=$((GUEST_MARK + 1))
guest_run "grep -E '^(MemTotal|MemFree):' /proc/meminfo; grep -a 'System RAM' /proc/iomem" &&
	lab_indent "$GUEST_OUT"
require "lab-memcheck fills $MIB MiB" memcheck_start "$MIB"
echo "# $(echo "$MEMCHECK_LOG" | grep -a filled)"

# Part 1: CPU1 offline and online again, as every hibernation and S3 do
# on their own; it is started by INIT and SIPI.
check "CPU1 goes offline and online again" guest_run \
	"echo 0 >/sys/devices/system/cpu/cpu1/online && echo 1 >/sys/devices/system/cpu/cpu1/online"
check "lab-memcheck checks after CPU1 came back" memcheck_check
check "every page of the process holds its pattern after CPU1 came back" memcheck_clean

# Part 2: hibernation, resumed in a new domain.
guest_mark
require "guest hibernates and the domain goes away" guest_hibernate
require "xl create with resume=$SWAP_DEV" guest_power_cycle "resume=$SWAP_DEV"
check "the image kernel comes back (heartbeat with the old token)" guest_wait_resumed
check "hibernation exit status 0" guest_wait_marker 'LAB: HIBERNATE-EXIT 0' 60
check "lab-memcheck checks after the resume" memcheck_check
check "every page of the process holds its pattern after the resume" memcheck_clean
guest_s4_verify

# Part 3, HVM: ACPI S3, which resets every vCPU; the boot CPU wakes in
# real mode. Last: the resumed guest is not powered off after it.
if [ "$GUEST_TYPE" = hvm ]; then
	guest_mark
	check "suspend to RAM requested" guest_run "echo deep >/sys/power/mem_sleep &&
		(sleep 1; echo mem >/sys/power/state; echo \"LAB: S3-EXIT \$?\") </dev/null >/dev/console 2>&1 &"
	check "the guest enters ACPI S3" \
		guest_wait_marker 'ACPI: PM: Preparing to enter system sleep state S3' 120
	sleep 10
	require "xl trigger s3resume" xl trigger "$GUEST_NAME" s3resume
	check "woken, suspend exit status 0" guest_wait_marker 'LAB: S3-EXIT 0' 300
	check "lab-memcheck checks after S3" memcheck_check
	check "every page of the process holds its pattern after S3" memcheck_clean
fi
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
lab_finish
