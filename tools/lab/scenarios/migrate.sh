#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario migrate: xl migrate to localhost (situation A, live). After it:
# same boot id and token, disk and network work, no WARNING/BUG.
# lab-reuse: yes
# lab-timeout: 1500
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

require "a guest at userspace, its agent answering (new, or the one before kept)" guest_start
require "I/O before migrate" guest_io_check
guest_mark
require "xl migrate localhost" guest_migrate
check "agent answers after migrate" guest_agent_wait 120
check "same boot id and token after migrate" guest_same_identity
check "I/O after migrate" guest_io_check
check "guest pings dom0 after migrate" guest_net_check
check "no WARNING/BUG in the guest log" guest_log_clean
lab_finish
