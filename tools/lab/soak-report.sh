#!/bin/bash
# make soak-report: the soak records (soak-record.sh, Documentation/soak/)
# added up per guest kernel and guest shape: for each operation the runs,
# failures, failure rate, data mismatches, operations with kernel
# warnings and min/median/max seconds, then every failure with its run.
# The kernel of the current payload (build/lab/payload) is marked.
set -eu
. "$(dirname "$0")/common.sh"

dir=${SOAK_RECORDS:-$TOP/Documentation/soak}
current=$(cat "$LAB/payload/kernel-id" 2>/dev/null) || current=
files=("$dir"/*.tsv)
[ -f "${files[0]}" ] || die "no soak records in ${dir#"$TOP"/} (make soak writes them)"

# One line per operation: group, operation, seconds, result, check, warn, run.
awk -F'\t' '
	FNR == 1 { kid = "unknown"; guest = "unknown"; run = FILENAME; sub(/.*\//, "", run); sub(/\.tsv$/, "", run) }
	/^# kernel-id / { kid = $0; sub(/^# kernel-id /, "", kid); next }
	/^# guest / { guest = $0; sub(/^# guest /, "", guest); sub(/; ops .*/, "", guest); next }
	/^#/ { next }
	NF >= 6 { print kid " / " guest "\t" $2 "\t" $4 "\t" $3 "\t" $5 "\t" $6 "\t" run " cycle " $1 }
' "${files[@]}" | LC_ALL=C sort -t "$(printf '\t')" -k1,1 -k2,2 -k3,3n |
awk -F'\t' -v current="$current" '
	function flush() {
		if (!n) return
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
