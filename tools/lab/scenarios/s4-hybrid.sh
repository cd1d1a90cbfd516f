#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-hybrid: hybrid sleep, /sys/power/disk "suspend", what
# `systemctl hybrid-sleep` uses: the image is written, then the kernel
# suspends instead of powering off.
# HVM: the guest enters ACPI S3; xl trigger s3resume wakes it with its
# memory, the image discarded (the swap signature is back). A second
# hybrid sleep is ended by destroying the domain (power lost): xl create
# resumes the image.
# PVH: nothing wakes a PVH domain from suspend-to-idle, its only suspend;
# before the fix it sat blocked with its image written. It must power off
# once the image is written, saying why, and xl create resume it.
# lab-timeout: 2400
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

# hybrid_sleep: start a hybrid sleep and wait until the image is written.
hybrid_sleep() {
	guest_mark
	guest_run "echo suspend >/sys/power/disk" || return 1
	guest_run "(sleep 1; echo disk >/sys/power/state; echo \"LAB: HIBERNATE-EXIT \$?\") </dev/null >/dev/console 2>&1 &" ||
		return 1
	guest_wait_marker 'PM: Image saving done' 600
}

guest_s4_prepare
first=$((GUEST_MARK + 1))
guest_run 'cat /sys/power/state /sys/power/mem_sleep /sys/power/disk' && lab_indent "$GUEST_OUT"
require "hybrid sleep writes the image" hybrid_sleep
if [ "$GUEST_TYPE" = hvm ]; then
	check "the guest enters ACPI S3" guest_wait_marker 'ACPI: PM: Preparing to enter system sleep state S3' 120
	sleep 10
	xl list "$GUEST_NAME" | sed 's/^/# /'
	require "xl trigger s3resume" xl trigger "$GUEST_NAME" s3resume
	check "woken, hibernation exit status 0" guest_wait_marker 'LAB: HIBERNATE-EXIT 0' 300
	guest_s4_verify
	check "the image is discarded after the wake" guest_swap_plain
	require "a second hybrid sleep writes the image" hybrid_sleep
	check "the guest enters ACPI S3 again" guest_wait_marker 'ACPI: PM: Preparing to enter system sleep state S3' 120
	sleep 10
	echo "# power lost: xl destroy"
	xl destroy "$GUEST_NAME"
else
	check "the domain powers off with the image written" guest_wait_gone 300
	check "the guest said why" guest_find 'nothing wakes a PVH domain from suspend-to-idle'
fi
require "xl create with resume=$SWAP_DEV" guest_power_cycle "resume=$SWAP_DEV"
check "the image kernel comes back (heartbeat with the old token)" guest_wait_resumed
guest_s4_verify
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
lab_finish
