#!/bin/bash
# make soak: the soak scenario (scenarios/soak.sh) for each guest type of
# GUESTS, CYCLES rounds each, in one lab boot; prints the lab's TAP and
# the soak tables. Logs of failed operations: $LAB/last/share/results/
# <n>-soak-<type>/failed/.
set -eu
. "$(dirname "$0")/common.sh"

rc=0
LAB_SOAK_CYCLES=${CYCLES:-10} SCENARIOS=soak GUESTS=${GUESTS:-pvh hvm} \
	"$LABDIR/run.sh" || rc=$?
for f in "$LAB"/last/share/results/*-soak-*/output.log; do
	[ -f "$f" ] || continue
	sed -n '/^# soak of /,/^# migrate /p' "$f"
done
exit "$rc"
