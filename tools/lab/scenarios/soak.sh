#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario soak: LAB_SOAK_CYCLES rounds (default 10) of, in turn, an S4
# cycle, xl save + xl restore, xl save -c and xl migrate of one guest,
# while a writer in the guest rewrites checksummed files on the data disk
# and dom0 pings the guest. After each operation the writer is stopped and
# every file verified, the identity (boot id, token), I/O and network are
# checked and the guest log is searched for warnings. A failed operation
# keeps its guest log under TEST_DIR/failed/, and the guest is created
# afresh so the soak goes on. Prints a line per operation (its result,
# first failed check, seconds) and, at the end, the rounds run; the table
# of failures and times and the free memory trend are soak-report.sh's,
# from soak.tsv (make soak prints them).
# LAB_SOAK_OPS (make soak OPS="...") picks operations out of
# "s4 save-restore checkpoint migrate", to stress one path.
# LAB_SOAK_SECS (make soak SECS=...): no round starts once that many
# seconds have gone by, so a soak fits a time slot; the end says how
# many rounds ran. soak.tsv, one line per operation, is what
# tools/lab/soak-record.sh keeps (Documentation/soak/).
# `make soak` runs it. Its budget fits 100 HVM rounds: ~455 s each with
# two labs at once (run 20261201-183622-c10-hvm).
# lab-timeout: 54000
# shellcheck disable=SC2317 # its functions are called through check/run_op
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

CYCLES=${LAB_SOAK_CYCLES:-10}
ALL_OPS="s4 save-restore checkpoint migrate"
OPS=${LAB_SOAK_OPS:-$ALL_OPS}
SECS=${LAB_SOAK_SECS:-0}   # 0: no time budget
# cycle, operation, ok|FAIL, seconds, first failed check (operation,
# agent, identity, data, io, net, writer; - if none), kernel warning (0|1),
# the guest's free memory after it in kB (- if unknown), its phases as
# name=seconds,... (phase_end), adding up to the seconds
TSV=$TEST_DIR/soak.tsv
mkdir -p "$TEST_DIR/failed"
echo "# guest $GUEST_TYPE, $GUEST_VCPUS vCPUs, $GUEST_MEMORY MiB; ops $OPS" >"$TSV"

# The guest's writer: files w0..w7 of 512 KiB, each followed by its md5,
# rewritten in a loop until /tmp/stop exists.
writer_start() {
	guest_run "rm -f /tmp/stop; (i=0; while [ ! -e /tmp/stop ]; do
		f=/mnt/w\$((i % 8)); i=\$((i + 1))
		dd if=/dev/urandom of=\$f bs=64k count=8 2>/dev/null &&
			md5sum \$f >\$f.md5.new && mv \$f.md5.new \$f.md5 && sync
	done; echo stopped >/tmp/writer) </dev/null >/dev/null 2>&1 &"
}
# writer_verify: stop the writer, check every file it completed.
writer_verify() {
	guest_run "touch /tmp/stop; n=0; while [ ! -e /tmp/writer ] && [ \$n -lt 60 ]; do
		sleep 1; n=\$((n + 1)); done; rm -f /tmp/writer
		cd /mnt && ls w?.md5 >/dev/null && cat w?.md5 | md5sum -c -" 120
}
# guest_fresh: a new guest, swap on, data disk mounted, writer running;
# where its kernel is goes into the record: whether KASLR placed it
# (ffffffff81000000: not randomized, as on the PVH entry path).
guest_fresh() {
	guest_destroy
	# Files of a guest that died may be half written: start without them.
	guest_create "$S4_ARGS" && guest_wait_ready "$T_BOOT" && guest_agent_wait &&
		guest_run "sed -n 's/^\([0-9a-f]*\) T _text\$/\1/p' /proc/kallsyms" &&
		echo "# image kernel text at $GUEST_OUT" >>"$TSV" &&
		guest_run "mkswap $SWAP_DEV >/dev/null && swapon $SWAP_DEV &&
			{ grep -q ' /mnt ' /proc/mounts || mount $DATA_DEV /mnt; } &&
			rm -f /mnt/w?*" &&
		writer_start
}
# phase_end NAME: the time since the last phase_end (or run_op's start)
# is phase NAME of the operation: where a slow round spent its time.
phase_end() {
	PHASES=$PHASES${PHASES:+,}$1=$((SECONDS - PHASE_T0))
	PHASE_T0=$SECONDS
}
# hibernate: until the domain is gone (image written); create: xl create;
# resume: the new kernel boots, loads the image and resumes it, until the
# guest's echo to /sys/power/state returns.
s4_cycle() {
	guest_hibernate "$T_HIBERNATE" && phase_end hibernate &&
		guest_power_cycle "$RESUME_ARGS" && phase_end create &&
		guest_wait_marker "LAB: HB [0-9]+ token=$GUEST_TOKEN|LAB: READY|LAB: NO-RESUME-IMAGE" "$T_BOOT" &&
		case $GUEST_MATCH in *"token=$GUEST_TOKEN"*) ;; *) false ;; esac &&
		guest_wait_marker 'LAB: HIBERNATE-EXIT 0' 60 && phase_end resume
}
# after_op: the checks every operation is followed by; WHY names the
# first that failed.
after_op() {
	WHY=agent; guest_agent_wait 120 || return 1
	WHY=identity; guest_same_identity || return 1
	WHY=data; writer_verify || return 1
	WHY=io; guest_io_check || return 1
	WHY=net; guest_net_check || return 1
	WHY=writer; writer_start || return 1
	WHY=
}

# free_kb: FREE_KB, the guest's free memory in kB once the page cache is
# dropped: a leak in a path every operation takes (a frontend's
# reconnect) shows as a steady fall from round to round.
free_kb() {
	FREE_KB=-
	guest_run "sync; echo 3 >/proc/sys/vm/drop_caches; sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo" 60 &&
		FREE_KB=$GUEST_OUT
}

# run_op CYCLE NAME CMD...: time CMD and the checks after it, record them.
# Phases: those CMD names, else one named NAME; then checks (after_op
# and free_kb).
run_op() {
	local cycle=$1 name=$2 t0=$SECONDS res=ok ping_pid warn=0
	shift 2
	PHASES='' PHASE_T0=$SECONDS
	guest_mark
	op_first=$((GUEST_MARK + 1))   # the op's log: warnings, failure
	busybox ping -q "$GUEST_IP" >"$TEST_DIR/ping.out" 2>&1 &   # dom0 has no iputils
	ping_pid=$!
	WHY=operation
	"$@" && { [ -n "$PHASES" ] || phase_end "$name"; } && after_op
	# Kernel warnings are counted whatever else happened.
	guest_log_clean "$op_first" || warn=1
	if [ -n "$WHY" ] || [ "$warn" = 1 ]; then
		res=FAIL
		tail -n +"$op_first" "$GUEST_LOG" >"$TEST_DIR/failed/$cycle-$name.log"
	fi
	kill -INT "$ping_pid" 2>/dev/null   # SIGINT: ping prints its statistics
	wait "$ping_pid" 2>/dev/null
	free_kb
	[ -n "$WHY" ] || phase_end checks
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cycle" "$name" "$res" "$((SECONDS - t0))" \
		"${WHY:--}" "$warn" "$FREE_KB" "${PHASES:--}" >>"$TSV"
	echo "# cycle $cycle $name: $res${WHY:+ ($WHY)} in $((SECONDS - t0)) s;" \
		"$(grep -a 'packet loss' "$TEST_DIR/ping.out")"
	if [ "$res" = FAIL ]; then
		LAB_FAILS=$((LAB_FAILS + 1))
		guest_fresh || { echo "# the guest cannot be created again"; lab_finish; }
	fi
}

# op_cmd NAME: the command of operation NAME.
op_cmd() {
	case $1 in
	s4) echo s4_cycle ;;
	save-restore) echo guest_save_restore ;;
	checkpoint) echo guest_checkpoint ;;
	migrate) echo guest_migrate ;;
	*) return 1 ;;
	esac
}
known_op() { op_cmd "$1" >/dev/null; }
for op in $OPS; do
	require "'$op' is a soak operation ($ALL_OPS)" known_op "$op"
done

op_first=1
require "a guest with swap, data disk and writer" guest_fresh
i=0
while [ "$i" -lt "$CYCLES" ]; do
	if [ "$SECS" -gt 0 ] && [ "$SECONDS" -ge "$SECS" ]; then
		echo "# time budget of $SECS s spent: $i of $CYCLES rounds ran"
		break
	fi
	i=$((i + 1))
	for op in $OPS; do
		run_op "$i" "$op" "$(op_cmd "$op")"
	done
done

echo "# soak of $GUEST_TYPE, $i cycles, $GUEST_VCPUS vCPUs, $GUEST_MEMORY MiB"
lab_finish
