#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What `make` shows: one hibernation cycle of a PVH guest in the lab. Each
# build stage says what it does and about how long it takes cold (cached
# afterwards); the cycle's checks are printed as the guest goes through
# them. Exits non-zero, with the failed checks, when the cycle fails.
# The full logs stay under build/lab/.
set -eu
. "$(dirname "$0")/common.sh"

# stage SCRIPT MINUTES WHAT: one lab stage, its output in build/lab/demo-*.log.
stage() {
	local t0=$SECONDS
	log "==> $3 (about $2 min the first time, cached after) ..."
	"$LABDIR/$1.sh" >"$LAB/demo-$1.log" 2>&1 || {
		tail -n 20 "$LAB/demo-$1.log" >&2
		die "lab stage $1 failed; log: ${LAB#"$TOP"/}/demo-$1.log"
	}
	log "==> $3: done in $((SECONDS - t0)) s"
}
stage qemu-build 7 "QEMU 10 with the lab's SVM fix, built from Debian's source"
stage xen-build 5 "Xen 4.17 hypervisor with shadow paging, from Debian's source"
stage dom0-image 5 "Debian dom0 image with the Xen toolstack (debootstrap)"
stage selftests-build 1 "the series' kselftests, for the guest"
stage guest-payload 1 "guest payload: our kernel and a busybox initramfs"

log "==> lab: Xen and dom0 boot under QEMU, then a PVH guest is created, hibernates and resumes (about 5 min) ..."
t0=$(date +%s)
out=$LAB/demo-run.out
old=$(compgen -G "$LAB/runs/*-demo" | sort | tail -n 1 || true)
SCENARIOS=s4 GUESTS=pvh LAB_RUN_ID=demo "$LABDIR/run.sh" >"$out" 2>"$LAB/demo-run.log" &
lab=$!
# Print the scenario's checks and phase times as dom0 writes them.
seen=0
follow() {
	local run f n
	run=$(compgen -G "$LAB/runs/*-demo" | sort | tail -n 1) || return 0
	[ "$run" != "$old" ] || return 0
	f=$(compgen -G "$run/share/results/*/output.log" | head -n 1)
	[ -n "$f" ] || return 0
	n=$(grep -a -c -E '^# (ok|FAIL|time)' "$f") || true
	[ "${n:-0}" -gt "$seen" ] || return 0
	grep -a -E '^# (ok|FAIL|time)' "$f" | tail -n +$((seen + 1)) | sed 's/^#/  /'
	seen=$n
}
while kill -0 "$lab" 2>/dev/null; do
	follow
	sleep 5
done
rc=0
wait "$lab" || rc=$?
follow
echo "== hibernation of a PVH guest in Xen ($(($(date +%s) - t0)) s) =="
grep -E '^(ok|not ok) |^#   ' "$out" || true
echo "logs: ${LAB#"$TOP"/}/last/ (this run: $(compgen -G "$LAB/runs/*-demo" | sort | tail -n 1 | sed "s|^$TOP/||"))"
if [ "$rc" != 0 ]; then
	echo "the hibernation cycle failed (lab exit $rc): the failed checks are above"
	exit "$rc"
fi
