#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-platform (HVM): hibernation in /sys/power/disk "platform"
# mode, which systemd's default HibernateMode=platform picks whenever it
# is offered, and Xen's HVM firmware offers it (ACPI S4) unless the domain
# is created with acpi_s4=0. After the image is written the kernel enters
# ACPI S4 through hibernation_platform_enter(), whose syscore_suspend()
# must leave the domain alone: the domain is powered off (by the device
# model, for S4), or goes on if the entry is aborted. Before the fix the
# kernel handed its domain over there, as if it were about to jump into
# an image ("handing the domain over" in its log), with its frontends
# still connected. The image then resumes as in scenario s4.
# lab-timeout: 2100
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

# The hibernating kernel did not hand its domain over before power-off.
no_handover() {
	! guest_log_since_mark | grep -a -q 'handing the domain over'
}

guest_s4_prepare
first=$((GUEST_MARK + 1))
require "platform mode offered" guest_run "grep -qw platform /sys/power/disk"
echo "# /sys/power/disk: $GUEST_OUT"
guest_mark
if ! S4_DISK_MODE=platform check "guest hibernates in platform mode and the domain goes away" guest_hibernate; then
	guest_log_since_mark | grep -a -v 'LAB: HB' | tail -n 40 | sed 's/^/#   /'
	lab_finish
fi
check "no handover when entering ACPI S4" no_handover
guest_log_since_mark | grep -a -E 'PM:|ACPI|hibernat' | tail -n 20 | sed 's/^/#   /'
require "xl create with resume=$SWAP_DEV" guest_power_cycle "resume=$SWAP_DEV"
check "the image kernel comes back (heartbeat with the old token)" guest_wait_resumed
check "hibernation exit status 0" guest_wait_marker 'LAB: HIBERNATE-EXIT 0' 60
guest_s4_verify
echo "# guest kernel messages after resume (PM, ACPI, xen, warnings):"
guest_log_since_mark | grep -a -E -i 'PM:|ACPI|hibernat|xen:|WARN|BUG|Oops|LAB:' |
	grep -v 'LAB: HB' | head -n 60 | sed 's/^/#   /'
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
lab_finish
