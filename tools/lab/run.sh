#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stage 5: the runner. Builds the share for one lab run, boots the lab
# (boot.sh) and prints TAP: one test point per scenario x guest type, then
# "N passed, N failed". Exit status 1 when a test failed (a failing test
# marked TODO by its scenario does not count as failed).
# Environment: SCENARIOS (names in tools/lab/scenarios/ or paths to
# scenario scripts; name:pvh,hvm runs one on those guest types only),
# GUESTS (pvh hvm pv), LAB_VERBOSE=1 streams the console.
# Logs: $LAB/runs/<time>/ ($LAB/last points to it): console.log (Xen + dom0,
# guest consoles prefixed "[<type>] "), share/results/<n>-<scenario>-<type>/.
# LAB_GUEST_MEMORY (MiB), LAB_GUEST_VCPUS, LAB_S4_CYCLES (s4-cycles),
# LAB_SOAK_CYCLES, LAB_SOAK_OPS and LAB_SOAK_SECS (soak), LAB_STALL
# (s4-backend-slow) and LAB_BENCH_* (bench) reach the scenarios.
# LAB_QEMU_MEMORY (MiB, default 4096: dom0 1024, guests the rest) and
# LAB_SCRATCH_GB (dom0's /scratch, default 8) size the lab machine.
# LAB_MAX_SECS caps the QEMU run (make check): the scenario running then
# is reported "cut off", those not reached "not run", the others keep
# their results.
# LAB_GUEST_OS=debian makes every scenario's guest the Debian guest
# (debian-guest-image.sh, in the share as /share/debian when built),
# LAB_DEBIAN_KERNEL picks its kernel (dom0/lab-lib.sh); LAB_DEBIAN_SUITE
# (default bookworm) picks which Debian guest image is the share's.
# LAB_KERNEL=path runs another guest kernel; LAB_EXTRA_KERNELS="name=path"
# adds one as /share/payload/bzImage-<name>. LAB_TRACE=1 runs
# the scenarios under `bash -x`. While a run is going on, a script written
# to $LAB/last/share/cmd is run in dom0 (output: cmd.out).
set -eu
. "$(dirname "$0")/common.sh"

SCENARIOS=${SCENARIOS:-boot}
GUESTS=${GUESTS:-pvh}
T_DOM0_BOOT=300   # QEMU start until the driver runs, with margin
case ${LAB_MAX_SECS:-} in
*[!0-9]*) die "LAB_MAX_SECS must be a number of seconds, not '$LAB_MAX_SECS'" ;;
esac

# LAB_RUN_ID: a suffix that keeps apart runs started in the same second
# (make check boots two labs at once).
run=$LAB/runs/$(date -u +%Y%m%d-%H%M%S)${LAB_RUN_ID:+-$LAB_RUN_ID}
share=$run/share
mkdir -p "$share/scenarios" "$share/payload" "$share/results"
ln -sfn "runs/$(basename "$run")" "$LAB/last"
install -m 0755 "$LABDIR/dom0/dom0-driver.sh" "$share/dom0-driver.sh"
cp "$LABDIR/dom0/lab-lib.sh" "$LABDIR/dom0/debian-s4.sh" "$LABDIR/dom0/guest.cfg.in" "$share/"
for f in bzImage guest-initrd.gz; do
	[ -s "$LAB/payload/$f" ] || die "missing $LAB/payload/$f (run guest-payload.sh)"
	cp "$LAB/payload/$f" "$share/payload/"
done
cp "$LAB/payload/kernel-id" "$share/payload/" 2>/dev/null || true
# LAB_KERNEL: run this guest kernel instead of the payload's.
if [ -n "${LAB_KERNEL:-}" ]; then
	cp "$LAB_KERNEL" "$share/payload/bzImage"
	image_kernel_id "$LAB_KERNEL" >"$share/payload/kernel-id"
fi
# LAB_EXTRA_KERNELS="name=path ...": more guest kernels, as bzImage-<name>.
for k in ${LAB_EXTRA_KERNELS:-}; do
	[ -s "${k#*=}" ] || die "LAB_EXTRA_KERNELS: no kernel at ${k#*=}"
	cp "${k#*=}" "$share/payload/bzImage-${k%%=*}"
done

# The Debian guest's image and kernels, when built: hard links (the share
# only reads them; debian-guest-image.sh replaces, never rewrites, them).
debian_dir=$(debian_image_dir "${LAB_DEBIAN_SUITE:-bookworm}")
if [ -s "$debian_dir/root.ext4" ]; then
	mkdir -p "$share/debian"
	cp -l "$debian_dir"/* "$share/debian/" 2>/dev/null ||
		cp --sparse=always "$debian_dir"/* "$share/debian/"
fi

[ "${LAB_TRACE:-0}" = 1 ] && touch "$share/trace"
# Scenario settings from the host's environment, read by lab-lib.sh.
for v in LAB_GUEST_MEMORY LAB_GUEST_VCPUS LAB_S4_CYCLES LAB_SOAK_CYCLES LAB_SOAK_OPS LAB_SOAK_SECS \
	LAB_STALL LAB_BENCH_SIZES LAB_BENCH_COMPRESSORS LAB_BENCH_KERNELS LAB_BENCH_RAW_MB \
	LAB_BENCH_WORKSET LAB_BENCH_IMAGE_SIZES LAB_BENCH_MIGRATE LAB_BENCH_PM_TIMES \
	LAB_GUEST_OS LAB_DEBIAN_KERNEL LAB_MEMCHECK_MIB; do
	[ -z "${!v:-}" ] || printf '%s=%q\n' "$v" "${!v}"
done >"$share/settings"
limit=$T_DOM0_BOOT
: >"$share/plan"
names=()
for g in $GUESTS; do
	case $g in pvh | hvm | pv) ;; *) die "unknown guest type $g" ;; esac
done
# The plan runs guest type by guest type, in the order of GUESTS, each
# type's scenarios in the order of SCENARIOS: so a scenario can take over
# the guest of the one before (dom0-driver.sh).
for g in $GUESTS; do
	for item in $SCENARIOS; do
		s=${item%%:*}   # name[:type,type]: only on these guest types
		only=
		[ "$s" = "$item" ] || only=,${item#*:},
		case $s in
		*/*) path=$s ;;
		*) path=$LABDIR/scenarios/$s.sh ;;
		esac
		[ -f "$path" ] || die "no scenario $s ($path)"
		base=$(basename "$path" .sh).sh
		cp "$path" "$share/scenarios/$base"
		[ -z "$only" ] || [ "${only#*,"$g",}" != "$only" ] || continue
		budget=$(sed -n 's/^# lab-timeout: *\([0-9]*\).*/\1/p' "$path")
		echo "$base $g" >>"$share/plan"
		names+=("${base%.sh} $g")
		limit=$((limit + ${budget:-600} + 30))
	done
done

[ -z "${LAB_MAX_SECS:-}" ] || [ "$limit" -le "$LAB_MAX_SECS" ] || limit=$LAB_MAX_SECS
log "lab run $run: ${#names[@]} test(s), QEMU timeout $limit s"
follower=
if [ "${LAB_VERBOSE:-0}" = 1 ]; then
	touch "$run/console.log"
	tail -n +1 -F "$run/console.log" >&2 &
	follower=$!
fi
st=0
"$LABDIR/boot.sh" "$share" "$run" "$limit" || st=$?
[ -n "$follower" ] && kill "$follower"

# Keep one readable log of the whole run next to the console.
{
	for d in "$share"/results/*/; do
		[ -f "$d/output.log" ] || continue
		echo "=== $(basename "$d")"
		cat "$d/output.log"
	done
} >"$run/lab.log"

echo "TAP version 13"
echo "1..${#names[@]}"
pass=0 fail=0 todo=0 i=0
for name in "${names[@]}"; do
	i=$((i + 1))
	line=$(sed -n "${i}p" "$share/results/tap" 2>/dev/null || true)
	if [ -z "$line" ]; then
		why="QEMU exited with status $st"
		[ "$st" -eq 124 ] && why="QEMU timed out after $limit s"
		# A result directory means the scenario had started.
		if compgen -G "$share/results/$i-*" >/dev/null; then
			why="cut off: $why"
		else
			why="not run: $why"
		fi
		line="not ok $i - $name # $why"
	fi
	echo "$line"
	# A failed scenario names its failed checks and its last words, so a
	# CI log that keeps only the TAP still says what went wrong.
	case $line in
	"not ok "*)
		out=$(compgen -G "$share/results/$i-*/output.log" | head -n 1 || true)
		if [ -n "$out" ]; then
			grep -a '^# FAIL: ' "$out" | sed 's/^# /#   /' || true
			echo "#   last lines of $(basename "$(dirname "$out")")/output.log:"
			tail -n 8 "$out" | sed 's/^/#     /'
		fi
		;;
	esac
	case $line in
	*"# TODO"*) todo=$((todo + 1)) ;;
	"ok "*) pass=$((pass + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
done
if [ -s "$share/results/spins.log" ]; then
	echo "# dom0 programs killed while spinning under TCG (dom0-driver.sh):"
	sed 's/^/#   /' "$share/results/spins.log"
fi
echo "# logs: $run (console.log, lab.log, share/results/)"
[ "$todo" -eq 0 ] || echo "# $todo TODO (expected to fail, not counted)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
