#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-vs-shutdown: the toolstack asks the guest to power off
# (xl shutdown) while it hibernates. A shutdown must not interleave with
# the hibernation: the kernel leaves the request unacknowledged and looks
# at it again when the hibernation ends in this domain.
# 1. A real hibernation: the image is written and the domain goes off, as
#    asked; created again with resume=, the image comes back with its data
#    and keeps running (its new domain has no shutdown request).
# 2. An xl shutdown the guest takes but does not carry out (its poweroff
#    command fails): the guest must still be able to hibernate. (It
#    refused every later sleep while the "shutdown" it had begun was never
#    left.) A test hibernation (pm_test=freezer) shows it.
# 3. A test hibernation (pm_test=freezer, the guest goes on): the request
#    waits until the hibernation has ended, then the guest powers off.
# lab-timeout: 1800
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

# logged_after A B: console line /A/ appears, and /B/ after it.
logged_after() {
	guest_log_since_mark | awk -v a="$1" -v b="$2" '$0 ~ a { s = 1 } s && $0 ~ b { f = 1 } END { exit !f }'
}
# acked: the guest acknowledged the toolstack's request: its
# control/shutdown node is there and empty (within a minute).
acked() {
	local id v i
	id=$(xl domid "$GUEST_NAME") || return 1
	for i in $(seq 1 30); do
		v=$(xenstore-read "/local/domain/$id/control/shutdown") && [ -z "$v" ] && return 0
		sleep 2
	done
	echo "# control/shutdown still reads '${v:-}'"
	return 1
}
xl_shutdown() {
	t_start
	xl shutdown "$GUEST_NAME" >"$TEST_DIR/xl-shutdown.out" 2>&1
	echo "# xl shutdown: status $?, $(tr '\n' ' ' <"$TEST_DIR/xl-shutdown.out")"
	t_elapsed "xl shutdown"
}

guest_s4_prepare
first=$((GUEST_MARK + 1))

echo "# 1. xl shutdown during a hibernation that writes its image"
guest_mark
guest_hibernate 5 >/dev/null   # returns while the guest is still going
require "the guest begins hibernating" guest_wait_marker 'hibernation begins' 60
xl_shutdown
check "the domain goes away" guest_wait_gone "$T_HIBERNATE"
echo "# guest kernel messages (sleep tracking, shutdown):"
guest_log_since_mark | grep -a -E 'xen:sleep|shutdown|hibernat|PM: ' | head -n 20 | sed 's/^/#   /'
check "the image was written (no hibernation error)" \
	sh -c "! tail -n +$((GUEST_MARK + 1)) '$GUEST_LOG' | grep -a -q 'LAB: HIBERNATE-EXIT'"
require "xl create with $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
check "the image kernel comes back" \
	guest_wait_marker "LAB: HB [0-9]+ token=$GUEST_TOKEN" "$T_BOOT"
guest_s4_verify
sleep 15
check "the resumed guest keeps running (no stale shutdown request)" guest_agent_wait 30

echo "# 2. an xl shutdown whose poweroff fails in the guest"
guest_mark
check "the guest's poweroff command fails (/bin/false)" \
	guest_run "echo /bin/false >/proc/sys/kernel/poweroff_cmd"
xl_shutdown
check "the guest takes the request (control/shutdown acknowledged)" acked
sleep 5
check "the guest keeps running" guest_agent_wait 30
check "it can still hibernate (pm_test=freezer)" \
	guest_run "echo freezer >/sys/power/pm_test && echo disk >/sys/power/state" 180
guest_log_since_mark | grep -a -E 'xen:sleep|shutdown|PM: ' | head -n 12 | sed 's/^/#   /'
check "poweroff command and pm_test put back" \
	guest_run "echo /sbin/poweroff >/proc/sys/kernel/poweroff_cmd && echo none >/sys/power/pm_test"

echo "# 3. xl shutdown during a test hibernation (pm_test=freezer)"
guest_mark
check "pm_test=freezer" guest_run "echo freezer >/sys/power/pm_test"
guest_run "(sleep 1; echo disk >/sys/power/state; echo \"LAB: HIBERNATE-EXIT \$?\") </dev/null >/dev/console 2>&1 &"
require "the guest begins the test hibernation" guest_wait_marker 'hibernation begins' 60
xl_shutdown
check "the guest powers off" guest_wait_gone 300
echo "# guest kernel messages (sleep tracking, shutdown):"
guest_log_since_mark | grep -a -E 'xen:sleep|shutdown|hibernat|PM: |LAB: (HIB|POW)' | head -n 20 | sed 's/^/#   /'
check "the test hibernation completed" guest_find 'LAB: HIBERNATE-EXIT 0'
check "the request waited for the hibernation to end" \
	logged_after 'Not acknowledging shutdown request: poweroff' 'deferred shutdown request'
check "then the guest powered off" logged_after 'hibernation ends' 'LAB: POWEROFF'
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
lab_finish
