#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario boot: the guest boots to userspace, its block and net frontends
# connect, it does I/O on its data disk and pings dom0 over its vif.
# lab-timeout: 900
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

require "xl create" guest_create
require "guest reaches userspace" guest_wait_ready
require "agent answers" guest_agent_wait
check "frontends connected (xvdb, xvdc, eth0)" \
	guest_run 'ls /sys/block/xvdb /sys/block/xvdc >/dev/null && ip link show eth0 | grep -q UP'
check "I/O on the data disk" guest_io_check
echo "$GUEST_OUT"
check "guest pings dom0 over the vif" guest_net_check
check "no WARNING/BUG in the guest log" guest_log_clean
lab_finish
