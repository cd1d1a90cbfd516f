#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario saverestore: xl save + xl restore (situation A). After restore:
# same boot id and in-memory token, disk and network work, no WARNING/BUG.
# lab-reuse: yes
# lab-timeout: 1500
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

require "a guest at userspace, its agent answering (new, or the one before kept)" guest_start
require "I/O before save" guest_io_check
require "xl save + xl restore" guest_save_restore
check "agent answers after restore" guest_agent_wait 120
check "same boot id and token after restore" guest_same_identity
check "I/O after restore" guest_io_check
check "guest pings dom0 after restore" guest_net_check
check "heartbeat goes on" guest_wait_marker 'LAB: HB [0-9]+ token='"$GUEST_TOKEN" 60
check "no WARNING/BUG in the guest log" guest_log_clean
lab_finish
