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
set -eu
. "$(dirname "$0")/common.sh"

need_pkgs gnuplot-nox
GUESTS=${GUESTS:-pvh hvm}
KERNELS=${KERNELS:-series base}
out=${BENCH_OUT:-$BUILD/bench}
id=${LAB_RUN_ID:-bench}
extra=
case " $KERNELS " in
*" base "*)
	"$LABDIR/base-kernel.sh"
	extra="base=$BUILD/linux-base/.out-kernel/arch/x86/boot/bzImage"
	;;
esac

rc=0
LAB_BENCH_SIZES=${SIZES:-512 1024} LAB_BENCH_COMPRESSORS=${COMPRESSORS:-lzo lz4 none} \
LAB_BENCH_KERNELS=$KERNELS LAB_EXTRA_KERNELS=$extra LAB_RUN_ID=$id \
SCENARIOS=bench GUESTS=$GUESTS "$LABDIR/run.sh" || rc=$?

rm -rf "$out"
mkdir -p "$out"
run=$(find "$LAB/runs" -maxdepth 1 -name "*-$id" | sort | tail -n 1)
[ -n "$run" ] || die "no lab run named *-$id under ${LAB#"$TOP"/}/runs"
for d in "$run"/share/results/*-bench-*/; do
	[ -f "$d/bench.tsv" ] || continue
	cat "$d/bench.tsv" >>"$out/bench.tsv"
	cp "$d"/timeline-*.tsv "$out/" 2>/dev/null || true
done
[ -s "$out/bench.tsv" ] || die "the bench produced no figures (run: $run)"
echo "# run: $run"
"$LABDIR/bench-report.sh" "$out"
exit "$rc"
