#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make soak-report [RECORD...]: the soak records (soak-record.sh; default:
# all of Documentation/soak/) added up per guest kernel and guest shape:
# for each operation the runs, failures, failure rate, data mismatches,
# operations with kernel warnings and min/median/max seconds, below it the
# same figures for each of its phases (of the operations that passed, in
# records that have phases), where the guests' kernels were (KASLR; in
# records that say), then every failure with its run, then each record's
# free memory trend (soak-trend.sh; exits 1 if one shows a leak). The
# kernel of the current payload (build/lab/payload) is marked.
set -eu
. "$(dirname "$0")/common.sh"

dir=${SOAK_RECORDS:-$TOP/Documentation/soak}
current=$(cat "$LAB/payload/kernel-id" 2>/dev/null) || current=
if [ $# -gt 0 ]; then
	files=("$@")
else
	files=("$dir"/*.tsv)
	[ -f "${files[0]}" ] || die "no soak records in ${dir#"$TOP"/} (make soak writes them)"
fi

# One line per operation: group, operation, seconds, result, check, warn,
# run; and one per phase of an operation that passed: group,
# "operation/N name" (N: the phase's place), seconds, "phase".
awk -F'\t' '
	FNR == 1 { kid = "unknown"; guest = "unknown"; run = FILENAME; sub(/.*\//, "", run); sub(/\.tsv$/, "", run) }
	/^# kernel-id / { kid = $0; sub(/^# kernel-id /, "", kid); next }
	/^# guest / { guest = $0; sub(/^# guest /, "", guest); sub(/; ops .*/, "", guest); next }
	/^# image kernel text at / { print kid " / " guest "\t~text\t0\t" $0; next }
	/^#/ { next }
	NF >= 6 {
		g = kid " / " guest
		print g "\t" $2 "\t" $4 "\t" $3 "\t" $5 "\t" $6 "\t" run " cycle " $1
		if ($3 != "ok" || NF < 8 || $8 == "-") next
		np = split($8, ph, ",")
		for (i = 1; i <= np; i++) {
			split(ph[i], kv, "=")
			print g "\t" $2 "/" i " " kv[1] "\t" kv[2] "\tphase"
		}
	}
' "${files[@]}" | LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k2,2 -k3,3n |
awk -F'\t' -v current="$current" '
	function flush(  name, a, na, how) {
		if (!n) return
		if (op == "~text") {   # where each new guest'"'"'s kernel was: KASLR
			for (a in addr)
				na++
			how = "randomized (KASLR)"
			if (!na)   # the guest did not show it (kptr_restrict?)
				how = "not known"
			else if (na == 1 && ("ffffffff81000000" in addr))
				how = "not randomized (no KASLR)"
			printf "  image kernel text: %d guest boot(s), %d address(es), %s\n", n, na, how
			for (a in addr)
				delete addr[a]
		} else if (op ~ /\//) {   # a phase: "    name" and the times only
			name = op
			sub(/^[^ ]* /, "", name)
			printf "    %-12s %5d%36d  %6d  %4d\n", name, n, t[1], t[int((n + 1) / 2)], t[n]
		} else
			printf "  %-14s %5d  %6d  %5.1f%%  %4d  %6d  %4d  %6d  %4d\n",
				op, n, f, 100 * f / n, d, w, t[1], t[int((n + 1) / 2)], t[n]
		n = f = d = w = 0
	}
	$1 != group {
		flush()
		group = $1
		split(group, k, " / ")
		printf "\n%s: kernel %s%s\n", k[2], k[1], (k[1] == current) ? " (this payload)" : ""
		print "  operation       runs  failed  rate    data  warned   min  median  max (s)"
		op = ""
	}
	$2 != op { flush(); op = $2 }
	{
		t[++n] = $3
		if (op == "~text") {
			a = $4
			sub(/.* at /, "", a)
			if (a ~ /^[0-9a-f]+$/)
				addr[a] = 1
			next
		}
		if ($4 == "phase") next
		if ($4 != "ok") {
			f++
			fails[++nf] = "  failed: " k[2] ", " k[1] ", " $7 " " $2 ": " \
				(($5 != "-") ? "check " $5 : "") (($5 != "-" && $6) ? ", " : "") \
				(($6) ? "kernel warning" : "")
		}
		d += $5 == "data"
		w += $6
	}
	END {
		flush()
		print ""
		for (i = 1; i <= nf; i++) print fails[i]
		print "data: the writer'"'"'s files did not verify; warned: a WARNING, BUG, Oops,"
		print "\"still in use\" or similar in the guest log during the operation"
	}'
echo "records: $(printf '%s\n' "${files[@]}" | sed "s|^$TOP/||" | tr '\n' ' ')"
echo
"$LABDIR/soak-trend.sh" "${files[@]}"
