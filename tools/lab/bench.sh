#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: S4 against xl save + xl restore and against the disk, in one
# lab run (scenarios/bench.sh), for each guest type of GUESTS (default
# "pvh hvm"), guest sizes SIZES (MiB, default "512 1024"), compressors
# COMPRESSORS (default "lzo lz4 none"; none: hibernate=nocompress, to
# tell the compressor's cost from the disk's) and kernels KERNELS (default
# "series base": base is the unpatched kernel, same config, built here).
# Prints the measured figures and a table of ratios, and draws each S4
# timeline as an SVG picture with gnuplot. Output: build/bench/ (or
# BENCH_OUT; with LAB_RUN_ID, two benches can run side by side).
# WORKSET=MiB: the same working set in every guest size instead of half
# of its memory, IMAGE_SIZES="default 0" adds hibernations with
# /sys/power/image_size 0, MIGRATE=0 leaves out xl migrate (a local
# migration needs twice the guest's memory). make bench-scale sets these
# for guests of 512 MiB to 4 GiB; the lab machine's memory and scratch
# disk grow with the largest guest. PM_TIMES=1: each device's suspend
# and resume time in the guest's log. KERNELS may name other kernels
# as NAME=PATH (a build of the series before a change: S4 cycles too).
set -eu
. "$(dirname "$0")/common.sh"

need_pkgs gnuplot-nox
GUESTS=${GUESTS:-pvh hvm}
KERNELS=${KERNELS:-series base}
out=${BENCH_OUT:-$BUILD/bench}
id=${LAB_RUN_ID:-bench}
extra=
names=
for k in $KERNELS; do
	case $k in
	base)
		"$LABDIR/base-kernel.sh"
		extra="$extra base=$BUILD/linux-base/.out-kernel/arch/x86/boot/bzImage"
		;;
	*=*) extra="$extra $k" ;;
	esac
	names="$names ${k%%=*}"
done

sizes=${SIZES:-512 1024}
# shellcheck disable=SC2086 # a list of sizes
largest=$(printf '%s\n' $sizes | sort -n | tail -n 1)
# Xen and dom0 (1 GiB) beside the largest guest; a local xl migrate
# holds two copies of it.
mem=$((largest + 2048))
[ "${MIGRATE:-1}" = 0 ] || mem=$((2 * largest + 2048))
[ "$mem" -ge 4096 ] || mem=4096
# /scratch: the largest save image next to the guest's disks.
scratch=$(((3 * largest + 1023) / 1024 + 2))
[ "$scratch" -ge 8 ] || scratch=8

rc=0
LAB_QEMU_MEMORY=${LAB_QEMU_MEMORY:-$mem} LAB_SCRATCH_GB=${LAB_SCRATCH_GB:-$scratch} \
LAB_BENCH_WORKSET=${WORKSET:-} LAB_BENCH_IMAGE_SIZES=${IMAGE_SIZES:-default} \
LAB_BENCH_MIGRATE=${MIGRATE:-1} LAB_BENCH_PM_TIMES=${PM_TIMES:-0} \
LAB_BENCH_SIZES=$sizes LAB_BENCH_COMPRESSORS=${COMPRESSORS:-lzo lz4 none} \
LAB_BENCH_KERNELS=${names# } LAB_EXTRA_KERNELS=$extra LAB_RUN_ID=$id \
SCENARIOS=bench GUESTS=$GUESTS "$LABDIR/run.sh" || rc=$?

rm -rf "$out"
mkdir -p "$out"
run=$(find "$LAB/runs" -maxdepth 1 -name "*-$id" | sort | tail -n 1)
[ -n "$run" ] || die "no lab run named *-$id under ${LAB#"$TOP"/}/runs"
for d in "$run"/share/results/*-bench-*/; do
	[ -f "$d/bench.tsv" ] || continue
	cat "$d/bench.tsv" >>"$out/bench.tsv"
	cp "$d"/timeline-*.tsv "$out/" 2>/dev/null || true
	cp "$d"/pm-times-*.txt "$out/" 2>/dev/null || true
done
[ -s "$out/bench.tsv" ] || die "the bench produced no figures (run: $run)"
echo "# run: $run"
"$LABDIR/bench-report.sh" "$out"
exit "$rc"
