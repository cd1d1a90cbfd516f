#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-grant-audit: what the guest's grants and event channels
# look like from Xen, through its grant table dump (`xl debug-keys g`:
# every entry of a domain that another domain has mapped or copied from,
# "pinned") and its event channel dump (`xl debug-keys e`).
# 1. Frozen (pm_test=devices holds the guest with its devices frozen for
#    five seconds): every entry pinned then that was not pinned when idle
#    just before is still pinned once the guest has thawed. blkback maps
#    the pages of new requests as persistent grants and keeps them, so the
#    filesystem sync of the hibernation itself adds entries (99 in run
#    20261201-205333-ga1); a mapping for a request in flight while frozen
#    would be gone after the thaw. pm_test's wait is five seconds of the
#    guest's TSC, which may be five seconds of wall time or many more, so
#    dom0 pauses the domain as soon as the wait is logged and dumps it
#    paused. The guest logs each device callback (pm_print_times): one
#    logged after the wait began and before Xen dumped the table means
#    the pause came too late (make check of a clean clone of 30aa2e3: a
#    dump taken six seconds after the wait began, without the pause, saw
#    the thaw; CI of d51a5cd: once with it, two labs side by side). Such a
#    dump measured nothing, so the test hibernation is run again, three
#    times at most, and only a frozen dump is compared.
# 2. After the hibernation powered the domain off: the domain is gone for
#    good. A backend that still mapped one of its grants would keep it as
#    a dying domain.
# 3. After resume in a new domain, destroyed at the end: gone for good
#    too, so neither the restore kernel nor the image kernel left a grant
#    mapped by a backend.
# 4. After resume, before that destroy: the image kernel's event channels
#    are those it had before hibernating, by kind (unbound, interdomain,
#    PIRQ, VIRQ, IPI): none of the restore kernel's is left allocated, and
#    every PIRQ (the ACPI SCI of an HVM guest) is bound again.
# lab-timeout: 1200
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

# xen_dump KEY [AT]: what Xen prints for debug key KEY (and nothing
# older); file AT gets the guest log's length once Xen has dumped (the
# key is handled before `xl debug-keys` returns).
xen_dump() {
	xl dmesg -c >/dev/null
	xl debug-keys "$1"
	[ -z "${2:-}" ] || wc -l <"$GUEST_LOG" >"$2"
	sleep 1
	xl dmesg -c
}
# pinned NAME: the number of pinned grant entries of our domain ("none"
# if Xen's dump has no table for it); their references, sorted, go to
# $TEST_DIR/grants-NAME.refs and the whole dump to grants-NAME.txt.
pinned() {
	local id
	id=$(xl domid "$GUEST_NAME") || return 1
	: >"$TEST_DIR/grants-$1.refs"
	xen_dump g "$TEST_DIR/grants-$1.at" | tee "$TEST_DIR/grants-$1.txt" | awk -v d="d$id" -v refs="$TEST_DIR/grants-$1.refs" '
		/grant-table for remote/ { on = ($NF == d || $(NF - 1) == d); if (on) seen = 1 }
		/gnttab_usage_print_all \] done/ { on = 0 }
		on && match($0, /\[0x[0-9a-f]+\] +[0-9]+ 0x/) {
			n++
			split(substr($0, RSTART), f, "]")
			print substr(f[1], 2) >refs
		}
		END { close(refs); if (seen) print n + 0; else print "none" }'
	sort -o "$TEST_DIR/grants-$1.refs" "$TEST_DIR/grants-$1.refs"
}
# pause_frozen: wait for the pm_test wait, polling the console log more
# often than guest_wait_marker does, and pause the domain there.
pause_frozen() {
	local id n=0 end=$((SECONDS + 120))
	id=$(xl domid "$GUEST_NAME") || return 1
	while [ "$SECONDS" -lt "$end" ]; do
		if guest_log_since_mark | grep -a -q 'debug: Waiting for 5 seconds'; then
			xl pause "$id"
			return
		fi
		# xl is slow under the lab (seconds with two labs side by
		# side): ask whether the domain lives every 20 s only, so that
		# the wait is seen within a fraction of its five seconds.
		n=$((n + 1))
		[ $((n % 100)) != 0 ] || guest_alive || return 1
		sleep 0.2
	done
	echo "# timed out waiting for the pm_test wait"
	return 1
}
# dumped_frozen: no device callback is logged between the start of the
# pm_test wait and the frozen dump, so the devices were still frozen.
# The freeze's callbacks must be in the log before the wait, or a quiet
# console would make this pass without looking. Returns 1 for a dump
# taken too late (the attempt measured nothing), 2 for a log that cannot
# tell.
dumped_frozen() {
	local wait at thaw
	wait=$(guest_log_since_mark | grep -a -n -m1 'debug: Waiting for 5 seconds' | cut -d: -f1)
	at=$(cat "$TEST_DIR/grants-frozen.at") || return 2
	[ -n "$wait" ] || return 2
	wait=$((GUEST_MARK + wait))
	if ! sed -n "$((GUEST_MARK + 1)),${wait}p" "$GUEST_LOG" | grep -a -q 'calling .* @ [0-9]'; then
		echo "# no device callback logged during the freeze (pm_print_times)"
		return 2
	fi
	thaw=$(sed -n "$((wait + 1)),${at}p" "$GUEST_LOG" | grep -a -m1 'calling .* @ [0-9]')
	[ -z "$thaw" ] && return 0
	echo "# the guest had begun to thaw: $thaw"
	return 1
}
# frozen_attempt N: one test hibernation held at pm_test=devices, dumped
# while paused there. Returns 0 with a frozen dump, 1 when the dump came
# too late (worth another attempt), 2 on any other failure.
frozen_attempt() {
	local rc frozen
	echo "# attempt $1"
	guest_mark
	guest_run "(echo disk >/sys/power/state; echo \"LAB: HIBERNATE-EXIT \$?\") </dev/null >/dev/console 2>&1 &"
	check "the guest holds with its devices frozen (paused there)" pause_frozen || return 2
	frozen=$(pinned frozen)
	echo "# frozen: $frozen grant entries pinned (idle: $idle)"
	dumped_frozen
	rc=$?
	check "the guest runs again" xl unpause "$GUEST_NAME" || return 2
	check "the test hibernation completes" guest_wait_marker 'LAB: HIBERNATE-EXIT 0' 120 || return 2
	[ "$rc" = 0 ] || return "$rc"
	check "Xen's grant table dump shows the frozen guest's table" counted "$frozen"
}
# lingering: entries pinned while frozen, not when idle, and no longer
# after the thaw (so not persistent grants); prints them, fails if any.
lingering() {
	local left
	left=$(comm -23 "$TEST_DIR/grants-frozen.refs" "$TEST_DIR/grants-idle.refs" |
		comm -23 - "$TEST_DIR/grants-thawed.refs")
	[ -z "$left" ] && return 0
	echo "# pinned while frozen only: $(tr '\n' ' ' <<<"$left")"
	return 1
}
# evtchns: our domain's event channels as counts by kind, "s2=N s3=N
# s4=N s5=N s6=N" (Xen's states: unbound, interdomain, PIRQ, VIRQ, IPI).
evtchns() {
	local id
	id=$(xl domid "$GUEST_NAME") || return 1
	xen_dump e | tee "$TEST_DIR/evtchn-$1.txt" | awk -v d="$id:" '
		/Event channel information for domain/ { on = ($NF == d) }
		on && match($0, /\]: s=[0-9]+/) { n[substr($0, RSTART + 5, RLENGTH - 5)]++ }
		END { printf "s2=%d s3=%d s4=%d s5=%d s6=%d\n", n[2], n[3], n[4], n[5], n[6] }'
}
# counted VALUE: the dump had our domain's table in it.
counted() { [ "$1" != none ]; }
# no_dying: no domain is left dying ("(null)" in xl list) after a while.
no_dying() {
	local i
	for i in $(seq 1 15); do
		xl list | awk 'NR > 1 && $1 == "(null)" { f = 1 } END { exit f }' && return 0
		sleep 2
	done
	echo "# dying domains:"
	xl list | sed 's/^/#   /'
	return 1
}

guest_s4_prepare
first=$((GUEST_MARK + 1))
guest_run "sync; echo 3 >/proc/sys/vm/drop_caches"
sleep 3
idle=$(pinned idle)
echo "# idle: $idle grant entries pinned"
check "Xen's grant table dump shows the guest's table" counted "$idle"
check "its rings are mapped by the backends (entries pinned)" [ "${idle/none/0}" -gt 0 ]

echo "# 1. devices frozen (pm_test=devices)"
check "pm_test=devices" guest_run "echo devices >/sys/power/pm_test &&
	echo 1 >/sys/power/pm_print_times"
attempt=1
frozen_attempt $attempt
rc=$?
while [ "$rc" = 1 ] && [ "$attempt" -lt 3 ]; do
	attempt=$((attempt + 1))
	frozen_attempt $attempt
	rc=$?
done
if check "a dump was taken before the guest thawed ($attempt attempt(s))" [ "$rc" = 0 ]; then
	echo "# thawed: $(pinned thawed) grant entries pinned"
	check "what was pinned only while frozen are persistent grants, not requests in flight" \
		lingering
fi
guest_run "echo none >/sys/power/pm_test; echo 0 >/sys/power/pm_print_times"

echo "# 2. hibernation: the old domain must be gone for good"
chans_before=$(evtchns before)
echo "# event channels before hibernating: $chans_before"
guest_mark
require "guest hibernates and the domain goes away" guest_hibernate
check "no dying domain left after the power-off" no_dying

echo "# 3. resume in a new domain, then destroy it"
require "xl create with resume=$SWAP_DEV" guest_power_cycle "resume=$SWAP_DEV"
check "the image kernel comes back" \
	guest_wait_marker "LAB: HB [0-9]+ token=$GUEST_TOKEN" "$T_BOOT"
guest_s4_verify
echo "# after resume: $(pinned resumed) grant entries pinned"
echo "# 4. event channels after resume"
chans_after=$(evtchns after)
echo "# event channels after resume: $chans_after"
check "the guest has event channels" [ "$chans_before" != "s2=0 s3=0 s4=0 s5=0 s6=0" ]
check "after resume, the event channels of before hibernating, no more" \
	[ "$chans_after" = "$chans_before" ]
check "no WARNING/BUG (no 'g.e. still in use') in the guest log" guest_log_clean "$first"
require "xl destroy" guest_destroy
check "no dying domain left after the resumed guest is destroyed" no_dying
lab_finish
