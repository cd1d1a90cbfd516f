#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-backend-slow: the backends answer late while a hibernation
# image is resumed. Every frontend and backend connects through Xen's
# store daemon in dom0 (xenstored); it is stopped (SIGSTOP) for
# LAB_STALL seconds (default 20) twice:
# 1. when the restore kernel starts reading the image: its handover of
#    the frontends ("xenbus: hand frontends over...") needs the store, so the domain must not be
#    handed over while the store is stopped, and once it answers the
#    handover completes;
# 2. when the image kernel runs again in the new domain, as its frontends
#    reconnect.
# Then the guest must be the one that hibernated, with its data, disk I/O
# and network, and no warning in its log: a slow backend delays the
# resume but loses nothing.
# lab-timeout: 1500
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

STALL=${LAB_STALL:-20}
xs_pid=$(pgrep 'xenstored$' | head -n 1)
require "xenstored runs in dom0" [ -n "$xs_pid" ]

# seen RE: a console line since the mark matches RE. Only tail and grep:
# while the store is stopped, xl (guest_alive, guest_wait_marker) blocks.
seen() {
	timeout 10 tail -n +$((GUEST_MARK + 1)) "$GUEST_LOG" 2>/dev/null |
		timeout 10 grep -a -q -E -- "$1"
}
# wait_seen RE SECS: poll for RE five times a second.
wait_seen() {
	local end=$((SECONDS + $2))
	while [ "$SECONDS" -lt "$end" ]; do
		seen "$1" && return 0
		sleep 0.2
	done
	echo "# timed out after $2 s waiting for /$1/"
	return 1
}
xs_stop() { kill -STOP "$xs_pid" && echo "# xenstored stopped for $STALL s"; }
xs_cont() { kill -CONT "$xs_pid" && echo "# xenstored runs again"; }
# not_yet RE: no console line since the mark matches RE.
not_yet() {
	! seen "$1" || { echo "# /$1/ appeared while xenstored was stopped"; return 1; }
}

guest_s4_prepare
first=$((GUEST_MARK + 1))
guest_mark
require "guest hibernates and the domain goes away" guest_hibernate
require "xl create, $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
# Whatever happens, the store runs again when the scenario ends.
trap 'kill -CONT "$xs_pid" 2>/dev/null; kill "$FOLLOWING" 2>/dev/null' EXIT

echo "# 1. the store stops as the restore kernel reads the image"
require "the restore kernel reads the image" \
	wait_seen 'PM: (Using [0-9]+ thread.* decompression|Loading image data)' "$T_BOOT"
handover='handing the domain over to the hibernation image'
require "stop xenstored" xs_stop
sleep "$STALL"
check "no handover while the store is stopped" not_yet "$handover"
require "continue xenstored" xs_cont
check "the handover completes once the store answers" wait_seen "$handover" 120
echo "# restore kernel's handover of its frontends:"
guest_log_since_mark | grep -a -E 'handed over|did not reset|timed out' | sed 's/^/#   /'

echo "# 2. the store stops as the image kernel's frontends reconnect"
check "the image kernel runs in the new domain" \
	wait_seen 'hibernation image resumed in the domain handed over to it' 120
require "stop xenstored" xs_stop
sleep "$STALL"
require "continue xenstored" xs_cont
check "the image kernel comes back" \
	guest_wait_marker "LAB: HB [0-9]+ token=$GUEST_TOKEN" "$T_BOOT"
guest_s4_verify
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
guest_destroy
lab_finish
