#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario kselftest: run the series' kselftests (selftests/xen) inside the
# guest, with swap on for test_resume, and the guest booted with resume=
# naming the swap disk, as a guest set up for hibernation is (test_resume
# needs it). Their TAP lines are printed with a "KTAP " prefix;
# tools/lab/check.sh reports each as a test point.
# lab-timeout: 1500
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

require "xl create" guest_create "resume=$SWAP_DEV"
require "guest reaches userspace" guest_wait_ready
require "agent answers" guest_agent_wait
require "kselftests in the guest" guest_run 'ls /selftests/xen_pm_test /selftests/xen_test_resume'
# shellcheck disable=SC2016 # expanded in the guest
guest_run 'for f in /sys/hypervisor/*; do [ ! -f "$f" ] || echo "$f: $(cat "$f")"; done' &&
	lab_indent "$GUEST_OUT"
check "swap on the swap disk" guest_run "mkswap $SWAP_DEV >/dev/null && swapon $SWAP_DEV"
for t in xen_pm_test xen_test_resume; do
	# The data disk is the scratch disk: its first MiB may be overwritten.
	guest_run "XEN_SELFTEST_SCRATCH=$DATA_DEV /selftests/$t 2>&1" 900
	st=$?
	printf '%s\n' "$GUEST_OUT" | sed 's/^/KTAP /'
	# 0: all passed. 4 (skipped as a whole) is a failure here: the lab
	# guest is a Xen guest with root and swap, so nothing should skip,
	# except test_resume in a PV guest, which cannot hibernate (xen_pm_test
	# checks that it refuses).
	case $st/$t/$GUEST_TYPE in
	0/*) echo "# ok: $t exit $st" ;;
	4/xen_test_resume/pv)
		if printf '%s\n' "$GUEST_OUT" | grep -q '^1\.\.0 # SKIP PV guests cannot hibernate'; then
			echo "# ok: $t skipped as a whole in a PV guest"
		else
			echo "# FAIL: $t skipped for another reason"; LAB_FAILS=$((LAB_FAILS + 1))
		fi ;;
	*) echo "# FAIL: $t exit $st"; LAB_FAILS=$((LAB_FAILS + 1)) ;;
	esac
done
check "no WARNING/BUG in the guest log" guest_log_clean
lab_finish
