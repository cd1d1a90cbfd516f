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

# scale TSV DIR: with more than one guest size, per guest type and S4
# variant (compressor, image_size), S4 downtime and bytes written against
# xl save + xl restore by guest size, the size from which S4 is the
# shorter (linear between two measured sizes), and DIR/downtime-TYPE.tsv
# for the picture.
scale() {
	awk -F'\t' -v dir="$2" '
	$3 == "series" { v[$1 SUBSEP $2 SUBSEP $4 SUBSEP $5] = $6; g[$1] = 1; s[$2] = 1; if ($4 != "-") c[$4] = 1 }
	function get(gt, sz, cp, m) { return v[gt SUBSEP sz SUBSEP cp SUBSEP m] }
	END {
		n = 0
		for (x in s) sizes[++n] = x + 0
		if (n < 2) exit
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (sizes[j] < sizes[i]) { t = sizes[i]; sizes[i] = sizes[j]; sizes[j] = t }
		m = 0
		for (cp in c) cps[++m] = cp
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
			if (cps[j] < cps[i]) { t = cps[i]; cps[i] = cps[j]; cps[j] = t }
		print ""
		print "By guest size (series kernel; downtime s, written MiB):"
		printf "  %-4s %-10s %5s  %9s %9s %6s  %9s %9s\n", "type", "S4", "MiB", "S4", "save+rst", "ratio", "S4 MiB", "save MiB"
		for (gt in g) {
			f = dir "/downtime-" gt ".tsv"
			printf "size_MiB\t\"xl save + xl restore\"" > f
			for (k = 1; k <= m; k++) printf "\t\"S4 %s\"", cps[k] > f
			printf "\n" > f
			for (i = 1; i <= n; i++) {
				sz = sizes[i]
				x = get(gt, sz, "-", "save_restore_downtime")
				printf "%s\t%s", sz, (x == "" ? "NaN" : x) > f
				for (k = 1; k <= m; k++) {
					d = get(gt, sz, cps[k], "s4_downtime")
					printf "\t%s", (d == "" ? "NaN" : d) > f
				}
				printf "\n" > f
			}
			close(f)
			for (k = 1; k <= m; k++) {
				cp = cps[k]
				for (i = 1; i <= n; i++) {
					sz = sizes[i]
					d = get(gt, sz, cp, "s4_downtime")
					x = get(gt, sz, "-", "save_restore_downtime")
					if (d == "" && x == "") continue
					printf "  %-4s %-10s %5s  %9s %9s %6s  %9s %9s\n", gt, cp, sz, d, x,
						(d != "" && x + 0 > 0 ? sprintf("%.2f", d / x) : "n/a"),
						get(gt, sz, cp, "written_MiB"), get(gt, sz, "-", "save_image_MiB")
				}
				# Where S4 becomes the shorter: the first sign change of
				# S4 - (save + restore), interpolated linearly.
				cross = ""
				for (i = 1; i <= n; i++) {
					d = get(gt, sizes[i], cp, "s4_downtime")
					x = get(gt, sizes[i], "-", "save_restore_downtime")
					if (d == "" || x == "") { cross = "n/a (a figure is missing)"; break }
					if (d + 0 < x + 0) {
						if (i == 1) { cross = "below from the smallest size, " sizes[1] " MiB"; break }
						a = pd; b = d - x
						cross = sprintf("about %d MiB", sizes[i - 1] + (sizes[i] - sizes[i - 1]) * a / (a - b))
						break
					}
					pd = d - x
				}
				if (cross == "") cross = "not below save + restore up to " sizes[n] " MiB"
				printf "  %-4s %-10s S4 downtime below save + restore: %s\n", gt, cp, cross
				d0 = get(gt, sizes[1], cp, "s4_downtime"); d1 = get(gt, sizes[n], cp, "s4_downtime")
				if (d0 + 0 > 0 && d1 != "")
					printf "  %-4s %-10s S4 downtime %s MiB / %s MiB: %.2f (%+.0f%%)\n", gt, cp,
						sizes[n], sizes[1], d1 / d0, (d1 / d0 - 1) * 100
			}
		}
	}' "$1"
}

{
	echo "Figures (seconds unless named otherwise):"
	awk -F'\t' '{ printf "  %-4s %5s MiB  %-6s %-8s %-22s %s\n", $1, $2, $3, $4, $5, $6 }' "$tsv"
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
				printf "  %-4s %5s %-4s  %-34s %s (image %s)\n", gt, sz, cp, "S4 vs " p " MiB",
					ratio(d, get(gt, p, "series", cp, "s4_downtime")),
					ratio(get(gt, sz, "series", cp, "image_MiB"), get(gt, p, "series", cp, "image_MiB"))
			}
		}
		# Another build of the series (before a change) against this one.
		split("s4_downtime power_off restore_devices userspace", bm, " ")
		for (kn in k) if (kn != "series" && kn != "base") for (gt in g) for (i = 1; i <= n; i++) for (cp in c) {
			sz = sizes[i]
			if (cp == "-" || get(gt, sz, kn, cp, "s4_downtime") == "") continue
			for (m = 1; m <= 4; m++)
				printf "  %-4s %5s %-4s  %-34s %s (%s s against %s s)\n", gt, sz, cp,
					"series / " kn " " bm[m],
					ratio(get(gt, sz, "series", cp, bm[m]), get(gt, sz, kn, cp, bm[m])),
					get(gt, sz, "series", cp, bm[m]), get(gt, sz, kn, cp, bm[m])
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
	scale "$tsv" "$dir"
} | tee "$dir/report.txt"

# Downtime against guest size, one picture per guest type.
for t in "$dir"/downtime-*.tsv; do
	[ -s "$t" ] || continue
	svg=${t%.tsv}.svg
	gt=$(basename "${t%.tsv}")
	cols=$(head -n 1 "$t" | awk -F'\t' '{ print NF }')
	gnuplot <<-EOF
	set terminal svg size 700,420 font "sans,11" background rgb "white"
	set output "$svg"
	set title "${gt#downtime-}: downtime against guest size, same working set"
	set xlabel "guest memory (MiB)"
	set ylabel "downtime (s)"
	set yrange [0:*]
	set grid
	set key top left
	plot for [i=2:$cols] "$t" using 1:i with linespoints lw 2 title columnheader(i)
	EOF
	log "downtime by size: ${svg#"$TOP"/}"
done

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
