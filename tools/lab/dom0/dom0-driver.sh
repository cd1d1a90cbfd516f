#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dom0 test driver, started by the dom0 image's /sbin/lab-init once Xen's
# daemons and xenbr0 are up. Runs every line "<scenario> <guest type>" of
# /share/plan, each under `timeout`, and appends one TAP line per test to
# /share/results/tap. Results and logs go to /share/results/<n>-<scenario>-<type>/.
#
# Each scenario starts from a fresh guest and fresh disks, except that a
# scenario marked "# lab-reuse: yes" may take over the guest the scenario
# just before it left running: the driver tells a scenario (LAB_KEEP_GUEST=1)
# when the next one is of the same guest type and marked so; if it passes,
# lab_finish keeps its guest (lab-lib.sh). A failed or timed-out scenario's
# guest is always destroyed. Creating a guest and booting it to userspace
# was a quarter of a lab's time (679 s of 2437 s in run 20261201-175044).
set -u
SHARE=/share
RES=$SHARE/results
export LAB_SHARE=$SHARE LAB_LIB=$SHARE/lab-lib.sh
mkdir -p "$RES" /var/log/xen/console
# tun: the HVM device model (qemu-xen) needs /dev/net/tun for its vif.
modprobe tun

echo "LAB: driver start, dom0 uptime $(cut -d' ' -f1 /proc/uptime) s"
xl info >"$RES/xl-info.txt" 2>&1
xl list
ip -br addr show xenbr0

# cleanup_domains [KEEP]: leave no lab guest behind between tests, except
# the domain named KEEP.
cleanup_domains() {
	local d
	for d in $(xl list 2>/dev/null | awk 'NR > 1 && $1 ~ /^lab-/ { print $1 }'); do
		[ "$d" = "${1:-}" ] && continue
		echo "# destroying leftover domain $d"
		xl destroy "$d"
	done
}

# reusable SCENARIO_FILE: is it marked "# lab-reuse: yes"?
reusable() {
	grep -q '^# lab-reuse: *yes' "$SHARE/scenarios/$1"
}

# Debug channel from the host: a script written to /share/cmd is run once
# (then renamed cmd.done), its output goes to /share/cmd.out.
debug_channel() {
	while :; do
		if [ -f "$SHARE/cmd" ]; then
			mv "$SHARE/cmd" "$SHARE/cmd.done"
			bash "$SHARE/cmd.done" >"$SHARE/cmd.out" 2>&1 </dev/null
		fi
		sleep 3
	done
}
debug_channel &
debug_pid=$!

# Under QEMU TCG a short-lived dom0 program sometimes spins at 100% CPU
# and never ends (`sleep 1` for minutes, grep, date, timeout, ps), stalling
# the scenario that waits on it. Kill such programs once they have used
# 30 s of CPU, and log each kill in /share/results/spins.log: the run
# reports them, so a scenario that got past one is not mistaken for a
# clean run. Bash builtins only (an external ps or sleep may spin too).
spin_watchdog() {
	local stat line comm fields pause
	exec {pause}<> <(:)
	while :; do
		for stat in /proc/[0-9]*/stat; do
			read -r line 2>/dev/null <"$stat" || continue
			comm=${line#*\(}
			comm=${comm%%\)*}
			case $comm in
			sleep | grep | date | timeout | cat | sed | head | tail | dirname | basename | wc | awk | cut | ps) ;;
			*) continue ;;
			esac
			# After "(comm) ": state is field 1, utime 12, stime 13 (clock ticks).
			read -r -a fields <<<"${line##*) }"
			[ $((fields[11] + fields[12])) -ge $((30 * 100)) ] || continue
			stat=${stat#/proc/}
			kill -9 "${stat%/stat}" 2>/dev/null &&
				printf '%(%T)T killed %s (pid %s) spinning for %s s of CPU\n' -1 \
					"$comm" "${stat%/stat}" $(((fields[11] + fields[12]) / 100)) >>"$RES/spins.log"
		done
		read -r -t 10 -u "$pause" || true
	done
}
spin_watchdog &
watchdog_pid=$!

trace=
[ -f "$SHARE/trace" ] && trace=-x

plan_scen=()
plan_type=()
while read -r scen type; do
	[ -n "$scen" ] || continue
	plan_scen+=("$scen")
	plan_type+=("$type")
done <"$SHARE/plan"

n=0
kept=
while [ "$n" -lt "${#plan_scen[@]}" ]; do
	scen=${plan_scen[$n]} type=${plan_type[$n]}
	n=$((n + 1))
	name=$(basename "$scen" .sh)
	dir=$RES/$n-$name-$type
	mkdir -p "$dir"
	budget=$(sed -n 's/^# lab-timeout: *\([0-9]*\).*/\1/p' "$SHARE/scenarios/$scen")
	budget=${budget:-600}
	# A fresh guest and fresh disks (guest_create makes them), unless the
	# guest kept by the scenario before is for this one to take over.
	if [ "$kept" != "$type" ] || ! reusable "$scen"; then
		cleanup_domains
		rm -f /var/log/xen/console/guest-lab-"$type".log
		rm -rf "/scratch/$type"
	fi
	keep=0
	if [ "$n" -lt "${#plan_scen[@]}" ] && [ "${plan_type[$n]}" = "$type" ] &&
		reusable "${plan_scen[$n]}"; then
		keep=1
	fi
	echo "LAB: BEGIN $n $name $type (timeout $budget s)"
	t0=$(date +%s)
	GUEST_TYPE=$type TEST_DIR=$dir LAB_KEEP_GUEST=$keep timeout -k 10 "$budget" \
		bash ${trace:+"$trace"} "$SHARE/scenarios/$scen" </dev/null 2>&1 | tee "$dir/output.log"
	st=${PIPESTATUS[0]}
	dt=$(($(date +%s) - t0))
	pkill -f "^tail .*/guest-lab-$type.log" || true
	kept=
	if [ "$keep" = 1 ] && [ "$st" -eq 0 ] && [ -f "/scratch/$type/kept" ]; then
		kept=$type
		cleanup_domains "lab-$type"
	else
		rm -f "/scratch/$type/kept"
		cleanup_domains
	fi
	if [ "$st" -eq 0 ]; then
		tap="ok $n - $name $type"
	else
		tap="not ok $n - $name $type"
	fi
	if [ "$st" -eq 124 ] || [ "$st" -eq 137 ]; then
		tap="$tap (timed out after $budget s)"
	fi
	if [ -s "$dir/todo" ]; then
		tap="$tap # TODO $(head -n1 "$dir/todo")"
	fi
	echo "$tap" >>"$RES/tap"
	echo "$dt" >"$dir/seconds"
	echo "LAB: END $n $name $type status=$st ${dt}s: $tap"
	sync
done
cleanup_domains
kill "$debug_pid" "$watchdog_pid"
xl dmesg >"$RES/xen-dmesg-final.log" 2>&1
echo "LAB: driver done"
