#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-inflight: hibernation with a disk request the backend has not
# answered yet. The guest gets a third disk (xvdd), a file on a small
# filesystem of dom0's own that fsfreeze holds: a write to it waits in dom0
# until the filesystem thaws. lab-inflight (guest/lab-inflight.c) leaves
# one such write in flight on CPU1's hardware queue, then:
# 1. dom0 thaws the filesystem LAB_HOLD seconds (default 10) after the
#    guest froze its tasks. Before the snapshot the frontend must wait for
#    the write (a request still in flight when the device interrupts are
#    suspended never completes, and taking CPU1 offline waits for its
#    queue: the hibernation hangs). The image then holds the completed
#    write: after xl create the same process reports it, and the block
#    reads back.
# 2. dom0 holds a second write longer than the frontend waits (LAB_HOLD_LONG,
#    default 45 s): the hibernation must fail with a message and leave the
#    guest running, and the write completes once dom0 thaws. This runs in
#    the image kernel of step 1: a hibernation that fails before its
#    snapshot must restore the devices in the domain they run in, not as
#    in the new domain the last resume found (that reconnected netfront to
#    a backend still connected, and the guest lost its network).
# lab-timeout: 1800
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

HOLD=${LAB_HOLD:-10}
HOLD_LONG=${LAB_HOLD_LONG:-45}
held=$GUEST_DIR/held
frozen='Freezing remaining freezable tasks completed'

held_setup() {
	mkdir -p "$held" &&
		truncate -s 32M "$GUEST_DIR/held.ext4" &&
		mke2fs -q -t ext4 -F "$GUEST_DIR/held.ext4" &&
		mount -o loop "$GUEST_DIR/held.ext4" "$held" &&
		truncate -s 8M "$held/disk.img"
}
held_thaw() { fsfreeze -u "$held" 2>/dev/null; true; }

# hold_write: freeze dom0's filesystem, then have the guest write to xvdd
# from CPU1; the write must stay in flight.
hold_write() {
	guest_mark
	fsfreeze -f "$held" || return 1
	guest_run "lab-inflight 1 /dev/xvdd >/dev/console 2>&1 &" &&
		guest_wait_marker 'LAB: INFLIGHT submitted on CPU1' 60 &&
		sleep 2 && guest_run 'cat /sys/block/xvdd/inflight' &&
		echo "# xvdd in flight (reads writes): $GUEST_OUT" &&
		[ "$(echo "$GUEST_OUT" | awk '{ print $2 }')" = 1 ]
}

# thaw_later SECS: thaw dom0's filesystem SECS after the guest froze its
# tasks (in the background; THAWER is its PID). Its status is 1 when the
# guest never said it froze its tasks: then the write was not held
# across the freeze, and the step proves nothing.
thaw_later() {
	(
		st=0 end=$((SECONDS + T_HIBERNATE))
		until guest_log_since_mark | grep -a -q "$frozen"; do
			[ "$SECONDS" -lt "$end" ] || { st=1; break; }
			sleep 1
		done
		[ "$st" -eq 0 ] && sleep "$1"
		held_thaw
		echo "# dom0 thawed the held write (tasks frozen $1 s before: status $st)"
		exit "$st"
	) &
	THAWER=$!
}

require "a filesystem in dom0 that fsfreeze can hold" held_setup
GUEST_DISKS="$GUEST_DISKS, \"format=raw,vdev=xvdd,access=rw,target=$held/disk.img\""
guest_s4_prepare
first=$((GUEST_MARK + 1))
# Whatever happens, dom0's filesystem thaws when the scenario ends.
trap 'held_thaw; kill "${THAWER:-}" "$FOLLOWING" 2>/dev/null; umount -l "$held" 2>/dev/null' EXIT

echo "# 1. the write completes $HOLD s after the guest froze its tasks"
require "a write to xvdd held in flight" hold_write
thaw_later "$HOLD"
require "guest hibernates and the domain goes away" guest_hibernate
check "the write was held until after the guest froze its tasks" wait "$THAWER"
require "xl create, $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
require "the image kernel comes back" guest_wait_resumed
guest_s4_verify
check "the write held at hibernation completed, in the image" \
	guest_wait_marker 'LAB: INFLIGHT done 4096' 60
check "its block reads back" guest_run \
	"echo 3 >/proc/sys/vm/drop_caches; dd if=/dev/xvdd bs=4096 count=1 2>/dev/null |
	grep -a -q 'lab-inflight [0-9]'"

echo "# 2. the write stays held $HOLD_LONG s: no hibernation"
require "a write to xvdd held in flight" hold_write
thaw_later "$HOLD_LONG"
check "hibernation fails, the guest runs on" eval '! guest_hibernate'
check "echo disk returned an error" guest_find 'LAB: HIBERNATE-EXIT [1-9]'
check "the kernel says which device" guest_find 'vbd-[0-9]+: .*in flight'
check "the write was held until after the guest froze its tasks" wait "$THAWER"
check "the held write completes after dom0 thaws" \
	guest_wait_marker 'LAB: INFLIGHT done 4096' 60
t_start
check "agent answers" guest_agent_wait 120 ||
	{ echo "# dom0's view of the guest:"; ip neigh show "$GUEST_IP" | sed 's/^/#   /'
	  ping -c 2 -W 2 "$GUEST_IP" | sed 's/^/#   /'; }
t_elapsed "failed hibernation to the agent answering"
check "same boot id and token" guest_same_identity
check "I/O on the data disk" guest_io_check
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
guest_destroy
umount -l "$held"
lab_finish
