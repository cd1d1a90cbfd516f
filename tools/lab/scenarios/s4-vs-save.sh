#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-vs-save: the toolstack asks the guest to suspend while a
# hibernation is in progress. Only one sleep may run.
# 1. User space holds /dev/snapshot open, as uswsusp's s2disk does while
#    it hibernates: the PM core's lock is free between its steps, but the
#    transition is recorded from open to release. A suspend request
#    written to control/shutdown then must stay unacknowledged (the guest
#    logs why); cancelled as libxl cancels one the guest does not answer,
#    the guest goes on once /dev/snapshot is closed.
# 2. xl save while the guest hibernates: the kernel must leave the
#    request unacknowledged (so xl save fails, and says so) and finish its
#    hibernation; the image must then resume in a new domain with its
#    data, as in the s4 scenario.
# lab-timeout: 1500
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

# shutdown_node: what the guest's control/shutdown node reads.
shutdown_node() {
	xenstore-read "/local/domain/$(xl domid "$GUEST_NAME")/control/shutdown"
}

guest_s4_prepare
first=$((GUEST_MARK + 1))

echo "# 1. a suspend request while /dev/snapshot is held open"
guest_mark
if check "a process holds /dev/snapshot open" \
	guest_run "sleep 20 </dev/snapshot >/dev/null 2>&1 &" &&
	check "the guest records a hibernation" guest_wait_marker 'hibernation begins' 30; then
	xenstore-write "/local/domain/$(xl domid "$GUEST_NAME")/control/shutdown" suspend
	check "the guest leaves the request unacknowledged, and says why" \
		guest_wait_marker 'Not acknowledging shutdown request: suspend' 30
	sleep 3
	check "control/shutdown still reads suspend" [ "$(shutdown_node)" = suspend ]
	xenstore-write "/local/domain/$(xl domid "$GUEST_NAME")/control/shutdown" ""
	check "the transition ends when /dev/snapshot is closed" \
		guest_wait_marker 'hibernation ends' 60
	check "the guest goes on" guest_agent_wait 30
fi

echo "# 2. xl save during a hibernation"
guest_mark

# Start the hibernation, then ask for an xl save once the guest says it
# has begun (drivers/xen/sleep.c logs "hibernation begins").
img=$GUEST_DIR/save.img
guest_hibernate 5 >/dev/null   # returns while the guest is still going
guest_wait_marker 'hibernation begins' 60
t_start
xl save "$GUEST_NAME" "$img" >"$TEST_DIR/xl-save.out" 2>&1
save_st=$?
t_elapsed "xl save during hibernation"
lab_indent "$(tail -n 5 "$TEST_DIR/xl-save.out")"
check "xl save fails while the guest hibernates" [ "$save_st" -ne 0 ]
# The guest logs the refusal only if its xenwatch thread is not frozen yet
# when the request arrives, so this is reported, not checked.
if guest_find 'xen:sleep:.*refused|Not acknowledging'; then
	echo "# guest: $GUEST_MATCH"
else
	echo "# the guest did not see the request before it powered off"
fi
rm -f "$img"

# The hibernation goes on: wait for the domain to go away.
end=$((SECONDS + T_HIBERNATE))
while guest_alive && [ "$SECONDS" -lt "$end" ]; do
	sleep 2
done
check "the domain goes away (hibernation finished)" sh -c "! xl domid $GUEST_NAME >/dev/null 2>&1"
require "xl create with $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
check "the image kernel comes back" \
	guest_wait_marker "LAB: HB [0-9]+ token=$GUEST_TOKEN" "$T_BOOT"
guest_s4_verify
echo "# guest kernel messages (sleep tracking):"
tail -n +"$first" "$GUEST_LOG" | grep -a -E 'xen:sleep|hibernat' | head -n 20 | sed 's/^/#   /'
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
lab_finish
