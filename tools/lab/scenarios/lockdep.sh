#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario lockdep: the series' sleep paths under lock debugging. The guest
# runs the debug build of our kernel (configs/debug.config: PROVE_LOCKING,
# DEBUG_ATOMIC_SLEEP, ...; bzImage-debug in the payload) through xl save
# and xl restore, xl migrate and a hibernation cycle in a new domain (a PV
# guest booted with xen_pv_hibernate=snapshot, its loading kernel holding
# its second vCPU). Lockdep turns itself off
# after its first report, so it must still be on at the end
# (/proc/lockdep_stats "debug_locks: 1"), and the console must hold no
# lockdep report, sleeping-in-atomic BUG or other warning. The guest boots
# with earlyprintk=xen as in every scenario: without the series' fix of
# the first hypercall's static call update, lockdep reports it at every boot
# and turns itself off (run 20261206-020001-lockdep-fp).
# Needs LAB_EXTRA_KERNELS="debug=..." (tools/lab/check.sh).
# lab-timeout: 3000
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

DEBUG_KERNEL=/share/payload/bzImage-debug
require "the debug kernel is in the payload" test -s "$DEBUG_KERNEL"
GUEST_KERNEL=$DEBUG_KERNEL

# lockdep_on: lockdep is built in and has not turned itself off.
lockdep_on() {
	guest_run "grep -E 'debug_locks:' /proc/lockdep_stats" || return 1
	echo "# $GUEST_OUT"
	echo "$GUEST_OUT" | grep -q -E 'debug_locks: +1$'
}

guest_s4_prepare
first=$((GUEST_MARK + 1))
check "lockdep is on after boot" lockdep_on

require "xl save + xl restore" guest_save_restore
check "agent answers after restore" guest_agent_wait 120
check "same boot id and token after restore" guest_same_identity

guest_mark
require "xl migrate localhost" guest_migrate
check "agent answers after migrate" guest_agent_wait 120
check "same boot id and token after migrate" guest_same_identity

guest_mark
if check "guest hibernates and the domain goes away" guest_hibernate; then
	require "xl create with $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
	check "the image kernel comes back (heartbeat with the old token)" guest_wait_resumed
	guest_s4_verify
fi

check "lockdep is still on" lockdep_on
check "no lockdep report, BUG or WARNING in the guest log" guest_log_clean "$first"
lab_finish
