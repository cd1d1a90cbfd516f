#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario checkpoint: xl save -c (situation B). The guest goes on in the
# same domain: same token, disk and network work, no "g.e. still in use".
# lab-reuse: yes
# lab-timeout: 1200
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

require "a guest at userspace, its agent answering (new, or the one before kept)" guest_start
require "I/O before checkpoint" guest_io_check
guest_mark
require "xl save -c" guest_checkpoint
check "domain still there" guest_alive
check "agent answers after checkpoint" guest_agent_wait 120
check "same boot id and token after checkpoint" guest_same_identity
check "I/O after checkpoint" guest_io_check
check "guest pings dom0 after checkpoint" guest_net_check
check "heartbeat goes on" guest_wait_marker 'LAB: HB [0-9]+ token='"$GUEST_TOKEN" 60
check "no WARNING/BUG/g.e. still in use in the guest log" guest_log_clean
lab_finish
