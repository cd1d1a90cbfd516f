#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-report.sh DIR: the tables and pictures of a bench run from
# DIR/bench.tsv (guest type, size MiB, kernel, compressor, metric, value;
# written by scenarios/bench.sh) and DIR/timeline-*.tsv. Writes
# DIR/report.txt (also printed) and DIR/timeline-*.svg.
set -eu
. "$(dirname "$0")/common.sh"

need_pkgs gnuplot-nox

dir=$1
tsv=$dir/bench.tsv
[ -s "$tsv" ] || die "no figures in $tsv"

{
	echo "Figures (seconds unless named otherwise):"
	awk -F'\t' '{ printf "  %-4s %5s MiB  %-6s %-4s %-22s %s\n", $1, $2, $3, $4, $5, $6 }' "$tsv"
	echo
	echo "Ratios:"
	printf "  %-4s %5s %-4s  %-34s %s\n" type MiB comp ratio value
	awk -F'\t' '
	{ v[$1 SUBSEP $2 SUBSEP $3 SUBSEP $4 SUBSEP $5] = $6; g[$1] = 1; s[$2] = 1; k[$3] = 1; c[$4] = 1 }
	function get(gt, sz, kn, cp, m) { return v[gt SUBSEP sz SUBSEP kn SUBSEP cp SUBSEP m] }
	function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "n/a" : sprintf("%.2f", a / b) }
	END {
		n = 0
		for (x in s) sizes[++n] = x + 0
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (sizes[j] < sizes[i]) { t = sizes[i]; sizes[i] = sizes[j]; sizes[j] = t }
		for (gt in g) for (i = 1; i <= n; i++) for (cp in c) {
			if (cp == "-") continue
			sz = sizes[i]
			d = get(gt, sz, "series", cp, "s4_downtime")
			if (d == "") continue
			x = get(gt, sz, "series", "-", "save_restore_downtime")
			printf "  %-4s %5s %-4s  %-34s %s\n", gt, sz, cp, "S4 / (save + restore)", ratio(d, x)
			img = get(gt, sz, "series", cp, "image_disk_MiB")
			if (img == "") img = get(gt, sz, "series", cp, "image_MiB")
			w = get(gt, sz, "series", cp, "image_write_s")
			r = get(gt, sz, "series", cp, "image_read_s")
			rw = get(gt, sz, "series", "-", "raw_write_MBps")
			rr = get(gt, sz, "series", "-", "raw_read_MBps")
			printf "  %-4s %5s %-4s  %-34s %s\n", gt, sz, cp, "image write / raw write", (w > 0 ? ratio(img / w, rw) : "n/a")
			printf "  %-4s %5s %-4s  %-34s %s\n", gt, sz, cp, "image read / raw read", (r > 0 ? ratio(img / r, rr) : "n/a")
			if (i > 1) {
				p = sizes[i - 1]
				printf "  %-4s %5s %-4s  %-34s %s (image %s)\n", gt, sz, cp, "S4 vs " p " MiB (2x mem)",
					ratio(d, get(gt, p, "series", cp, "s4_downtime")),
					ratio(get(gt, sz, "series", cp, "image_MiB"), get(gt, p, "series", cp, "image_MiB"))
			}
		}
		for (gt in g) for (i = 1; i <= n; i++) {
			sz = sizes[i]
			if (get(gt, sz, "base", "-", "xl_save") == "") continue
			split("xl_save xl_restore save_restore_downtime xl_migrate migrate_downtime", ms, " ")
			for (m = 1; m <= 5; m++)
				printf "  %-4s %5s %-4s  %-34s %s\n", gt, sz, "-", "series / base " ms[m],
					ratio(get(gt, sz, "series", "-", ms[m]), get(gt, sz, "base", "-", ms[m]))
		}
	}' "$tsv" | sort -k1,1 -k2,2n -k3,3
} | tee "$dir/report.txt"

# One picture per S4 cycle: its phases as bars on a time axis.
for t in "$dir"/timeline-*.tsv; do
	[ -s "$t" ] || continue
	svg=${t%.tsv}.svg
	name=$(basename "${t%.tsv}")
	gnuplot <<-EOF
	set terminal svg size 900,360 font "sans,11" background rgb "white"
	set output "$svg"
	set title "S4 cycle ${name#timeline-}: phases (dom0 clock, 0 = freezing starts)"
	set xlabel "seconds"
	set yrange [-1:10]
	set ytics nomirror
	set grid xtics
	unset key
	set style fill solid 0.8
	plot "$t" using (\$2 + \$3) / 2:(10 - \$0 - 1):(\$2):(\$3):(10 - \$0 - 1.35):(10 - \$0 - 0.65):ytic(1) \
		with boxxyerrorbars lc rgb "#3a6ea5"
	EOF
	log "timeline: ${svg#"$TOP"/}"
done
