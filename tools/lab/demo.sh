#!/bin/bash
# What `make` shows: one hibernation cycle of a PVH guest in the lab, with
# a short summary (the full logs stay under build/lab/last/).
set -eu
. "$(dirname "$0")/common.sh"

for s in qemu-build xen-build dom0-image selftests-build guest-payload; do
	"$LABDIR/$s.sh" >"$LAB/demo-$s.log" 2>&1 || {
		tail -n 20 "$LAB/demo-$s.log" >&2
		die "lab stage $s failed; log: ${LAB#"$TOP"/}/demo-$s.log"
	}
done
t0=$(date +%s)
rc=0
out=$(SCENARIOS=s4 GUESTS=pvh "$LABDIR/run.sh" 2>/dev/null) || rc=$?
echo "== hibernation of a PVH guest in Xen ($(($(date +%s) - t0)) s) =="
printf '%s\n' "$out" | grep -E '^(ok|not ok) ' || true
grep -h -E '^# (ok|FAIL|TODO|time)' "$LAB"/last/share/results/*/output.log 2>/dev/null | sed 's/^#/ /' || true
echo "logs: ${LAB#"$TOP"/}/last/"
# The cycle's outcome is shown above; it is known not to complete yet
# (README, Status), so it does not fail `make`. make check reports it.
[ "$rc" = 0 ] || echo "the lab run reported a failure (exit $rc); see the logs"
exit 0
