#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-pv-test-resume (PV; issue 28, milestone M1): a PV guest with
# one vCPU, booted with xen_pv_hibernate=snapshot, hibernates in
# test_resume mode twice: it writes its image, loads it back, jumps into it
# through the PV path (its page tables written in machine frames again,
# one multicall from its own memory to the image's) and goes on in its
# domain: same boot and in-memory token, every page of a process's
# LAB_MEMCHECK_MIB (default 64) MiB as it was, disk and network working,
# no warning. Then a guest with 2 vCPUs, which a PV image cannot be
# loaded on yet (milestone M3): the load is refused after CPU1 went down
# (xen_pv_play_dead(): HLT, which x86's load path used, faults on PV,
# run 20261207-184331-s34-pv2cpu-probe2), and the guest goes on on both
# CPUs.
# lab-timeout: 1800
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

[ "$GUEST_TYPE" = pv ] || { echo "# s4-pv-test-resume runs on PV guests only"; exit 2; }
MIB=${LAB_MEMCHECK_MIB:-64}
# One vCPU: not the guest the scenarios after this one expect.
LAB_KEEP_GUEST=0
GUEST_VCPUS=1

# test_resume CYCLE: echo disk in test_resume mode returns 0.
test_resume() {
	guest_mark
	check "cycle $1: echo disk in test_resume mode returns" guest_run \
		"echo test_resume >/sys/power/disk; echo disk >/sys/power/state 2>&1; echo \"status \$?\"" 900
	lab_indent "$GUEST_OUT"
	echo "# guest kernel messages of cycle $1:"
	guest_log_since_mark | grep -a -v 'LAB: HB' | tail -n 50 | sed 's/^/#   /'
	guest_out_has '^status 0'
}

guest_s4_prepare
first=$((GUEST_MARK + 1))
domid=$(xl domid "$GUEST_NAME")
require "lab-memcheck fills $MIB MiB" memcheck_start "$MIB"
for cycle in 1 2; do
	check "cycle $cycle: the image is loaded back and goes on" test_resume "$cycle"
	check "cycle $cycle: the image's kernel page tables written in machine frames" \
		guest_find 'xen:hibernate: image: [1-9][0-9]* kernel page tables written in machine frames'
	echo "# ${GUEST_MATCH:-no kernel page-table line}"
	check "cycle $cycle: its process page tables written in machine frames" \
		guest_find 'xen:hibernate: image: [1-9][0-9]* process page tables written in machine frames'
	echo "# ${GUEST_MATCH:-no process page-table line}"
	check "cycle $cycle: the image kernel took the domain over" \
		guest_find 'hibernation image resumed in the domain handed over to it'
	check "cycle $cycle: the same domain" [ "$(xl domid "$GUEST_NAME" 2>/dev/null)" = "$domid" ]
	check "cycle $cycle: same boot id and token" guest_same_identity
	check "cycle $cycle: lab-memcheck checks" memcheck_check
	check "cycle $cycle: every page of the process holds its pattern" memcheck_clean
	check "cycle $cycle: disk I/O" guest_io_check
	check "cycle $cycle: network" guest_net_check
done
check "checksums verify" guest_run "cd /mnt && md5sum -c s4data.md5"
check "no WARNING/BUG" guest_log_clean "$first"

echo "# 2 vCPUs: the load refused, the guest goes on"
guest_destroy
GUEST_VCPUS=2
require "xl create (2 vCPUs) with $S4_ARGS" guest_create "$S4_ARGS"
require "guest reaches userspace (2 vCPUs)" guest_wait_ready
require "agent answers (2 vCPUs)" guest_agent_wait
first=$((GUEST_MARK + 1))
require "swap on the swap disk (2 vCPUs)" guest_run "mkswap $SWAP_DEV >/dev/null && swapon $SWAP_DEV"
guest_mark
check "2 vCPUs: echo disk in test_resume mode fails" guest_run \
	"echo test_resume >/sys/power/disk; echo disk >/sys/power/state 2>&1; echo \"status \$?\"" 900
lab_indent "$GUEST_OUT"
check "2 vCPUs: with a nonzero status" sh -c "! printf '%s\n' \"\$1\" | grep -q '^status 0'" _ "$GUEST_OUT"
check "2 vCPUs: the kernel says why" \
	guest_find 'not jumping into the image: test_resume of a PV guest works on one vCPU only, this one has 2'
check "2 vCPUs: same boot id and token" guest_same_identity
check "2 vCPUs: both CPUs online again" guest_cpus_online 0-1
check "2 vCPUs: disk I/O" guest_io_check
check "2 vCPUs: network" guest_net_check
check "2 vCPUs: no Oops, WARNING or BUG" guest_log_clean "$first"

lab_finish
