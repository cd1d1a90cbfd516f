#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make soak: the soak scenario (scenarios/soak.sh), CYCLES rounds for each
# guest type of GUESTS (OPS="migrate ...": only those operations). Each
# guest type gets a lab boot of its own and they run at the same time,
# two at most (one QEMU, one host core each).
# SECS=N: no round starts after N seconds (a soak that fits a time slot).
# Prints each lab's TAP and its soak table, and keeps what each lab
# measured as a record (soak-record.sh, Documentation/soak/) that
# `make soak-report` adds up over runs of the same kernel: a soak of 100
# rounds can run in parts. Logs of failed operations:
# $LAB/runs/<run>/share/results/<n>-soak-<type>/failed/.
set -eu
. "$(dirname "$0")/common.sh"

guests=${GUESTS:-pvh hvm}
case ${SECS:-0} in
*[!0-9]* | "") die "SECS must be a number of seconds, not '$SECS'" ;;
esac
rc=0
# soak_lab TYPE: one lab, its TAP in $LAB/soak-TYPE.tap.
soak_lab() {
	LAB_SOAK_CYCLES=${CYCLES:-10} LAB_SOAK_OPS=${OPS:-} LAB_SOAK_SECS=${SECS:-0} \
		SCENARIOS=soak GUESTS=$1 LAB_RUN_ID=soak-$1 \
		"$LABDIR/run.sh" >"$LAB/soak-$1.tap" 2>"$LAB/soak-$1.log"
}
# report TYPE: the lab's TAP; the record of what it measured, and its
# table (soak-report.sh: per operation and phase, and the free memory
# trend, which fails the soak on a leak), with the scenario's line on the
# time budget.
report() {
	local run recs
	echo "## $1"
	cat "$LAB/soak-$1.tap"
	run=$(sed -n 's/^# logs: \([^ ]*\).*/\1/p' "$LAB/soak-$1.tap")
	[ -n "$run" ] || { tail -n 20 "$LAB/soak-$1.log"; return; }
	grep -h '^# time budget' \
		"$run"/share/results/*-soak-"$1"/output.log 2>/dev/null || true
	# The record keeps what the soak finished, also of a soak cut off.
	mapfile -t recs < <("$LABDIR/soak-record.sh" "$run" 2>"$LAB/soak-$1.record")
	sed 's/^/# /' "$LAB/soak-$1.record"
	[ "${#recs[@]}" != 0 ] || return 0
	"$LABDIR/soak-report.sh" "${recs[@]}" | sed 's/^/# /'
	if [ "${PIPESTATUS[0]}" != 0 ]; then
		rc=1
		log "error: soak-report.sh failed on the $1 soak (a free memory leak: see its trend lines)"
	fi
}

read -r -a types <<<"$guests"
set -- "${types[@]}"
while [ $# -gt 0 ]; do
	pids=()
	batch=("$1")
	soak_lab "$1" & pids+=($!)
	shift
	if [ $# -gt 0 ] && [ "$(nproc)" -ge 2 ]; then
		batch+=("$1")
		soak_lab "$1" & pids+=($!)
		shift
	fi
	for p in "${pids[@]}"; do wait "$p" || rc=1; done
	for g in "${batch[@]}"; do report "$g"; done
done
exit "$rc"
