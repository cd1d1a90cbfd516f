#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-refused-vcpus: a domain whose kernel may bring up a vCPU id
# the vcpu_info page has no slot for (ids 0-62; maxvcpus = 64 here, two
# vCPUs online) cannot hibernate: `echo disk` fails before anything is
# written, the kernel says why and what to change, and the guest goes on.
# Before the refusal such a guest hibernated, and a restore kernel that
# brought that vCPU up would have registered its per-CPU vcpu_info, which
# the image kernel could then not register again.
# lab-timeout: 900
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

GUEST_XL_EXTRA='maxvcpus = 64'
require "xl create with maxvcpus = 64" guest_create
first=$((GUEST_MARK + 1))
require "guest reaches userspace" guest_wait_ready
require "agent answers" guest_agent_wait
# shellcheck disable=SC2016 # expanded in the guest
check "64 possible CPUs, 2 online" guest_run \
	'[ "$(cat /sys/devices/system/cpu/possible)" = 0-63 ] &&
	[ "$(cat /sys/devices/system/cpu/online)" = 0-1 ]'
lab_indent "$GUEST_OUT"
require "swap on the swap disk" guest_run "mkswap $SWAP_DEV >/dev/null && swapon $SWAP_DEV"
guest_echo_disk_refused 'hibernation refused: vCPU 63 has no vcpu_info slot .*maxvcpus <= 63'
check "nothing written: the swap disk has no image" guest_swap_plain
check "same boot id and token" guest_same_identity
check "guest pings dom0" guest_net_check
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
lab_finish
