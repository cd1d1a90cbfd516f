#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario soft-reset-probe (not in make check; issue 27, point 3): what
# the lab's toolstack (Xen 4.17's xl, on_soft_reset left at its default,
# "soft-reset") does with a domain shut down for SHUTDOWN_soft_reset,
# the way kexec has Xen forget vcpu_info, event channels, runstate and
# time areas, and which a restore kernel could use before it jumps into a
# hibernation image instead of placing vcpu_info where every kernel of the
# domain finds it. dom0 shuts the running guest down with that reason
# (SCHEDOP_remote_shutdown through libxenctrl, as the guest's own
# SCHEDOP_shutdown would), then reports what became of the domain (rebuilt
# under the same domid and running again, or destroyed), how long it
# took, and what xl logged. The guest's kernel did not ask for it, so it
# is not expected to run on afterwards; the domain is destroyed at the
# end.
# lab-timeout: 900
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

# soft_reset ID: shut domain ID down for SHUTDOWN_soft_reset (5).
soft_reset() {
	python3 - "$1" <<'EOF'
import ctypes, sys
xc = ctypes.CDLL("libxenctrl.so.4.17")
xc.xc_interface_open.restype = ctypes.c_void_p
h = xc.xc_interface_open(None, None, 0)
if not h:
    sys.exit("xc_interface_open failed")
rc = xc.xc_domain_shutdown(ctypes.c_void_p(h), int(sys.argv[1]), 5)
sys.exit(0 if rc == 0 else "xc_domain_shutdown: %d" % rc)
EOF
}
# fate ID: wait up to 120 s for the toolstack to act; prints "running",
# "destroyed" or "undecided" and how long it took.
fate() {
	local id=$1 end=$((SECONDS + 120)) state
	while [ "$SECONDS" -lt "$end" ]; do
		state=$(xl list "$id" 2>/dev/null | awk 'NR == 2 { print $5 }')
		if [ -z "$state" ]; then
			echo destroyed
			return
		fi
		case $state in
		*s*|*p*|*d*) ;;	# still shut down, paused or dying
		*) echo running; return ;;
		esac
		sleep 1
	done
	echo undecided
}

require "xl create" guest_create
require "guest reaches userspace" guest_wait_ready
id=$(xl domid "$GUEST_NAME")
echo "# domain $id ($GUEST_TYPE) running; shutting it down for SHUTDOWN_soft_reset"
xl dmesg -c >/dev/null
t0=$SECONDS
check "dom0 shuts the domain down for a soft reset" soft_reset "$id"
result=$(fate "$id")
echo "# after $((SECONDS - t0)) s: domain $id $result"
echo "# xl's log for the domain:"
tail -n 15 "/var/log/xen/xl-$GUEST_NAME.log" 2>/dev/null | sed 's/^/#   /'
echo "# Xen's log:"
xl dmesg -c | tail -n 15 | sed 's/^/#   /'
check "the toolstack acted on it (domain running again or destroyed)" \
	[ "$result" != undecided ]
xl destroy "$id" 2>/dev/null
lab_finish
