#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# soak-trend.sh RECORD...: judge the guest's free memory (column 7 of
# soak records, soak-record.sh) for a leak. Per record, the least-squares
# slope of free memory over the rounds, in kB per round; a record whose
# guest loses more than LEAK_KB a round over at least MIN_ROUNDS rounds
# is a leak. A failed operation is followed by a new guest, so the
# rounds after it are judged apart from those before. Prints a line per
# record (per part of it, when an operation failed); exits 1 if any
# shows a leak.
#
# The limit: xen-netfront's page-pool leak (fixed by "xen-netfront:
# unregister the XDP queue info...") cost about 2 MiB a
# round and failed the 36th hibernation of a 256 MiB guest; the slopes of
# the records of 20 rounds or more since then lie within 21 kB a round
# either way (Documentation/soak/, kernel a4a4f378b9fe).
set -eu
. "$(dirname "$0")/common.sh"

LEAK_KB=${LEAK_KB:-256}
MIN_ROUNDS=${MIN_ROUNDS:-20}
[ $# -gt 0 ] || die "usage: soak-trend.sh RECORD..."

awk -F'\t' -v leak="$LEAK_KB" -v min="$MIN_ROUNDS" '
	function judge(  den, slope, what) {
		if (!n) return
		den = n * sxx - sx * sx   # 0: all in one round
		slope = den ? (n * sxy - sx * sy) / den : 0
		if (r - r1 + 1 < min)
			what = sprintf("not judged (%d rounds, %d needed)", r - r1 + 1, min)
		else if (slope < -leak) {
			what = sprintf("LEAK (falls more than %d kB a round)", leak)
			leaks++
		} else
			what = "no leak"
		printf "free memory %s, rounds %d-%d: %d kB, then %d kB; %+.1f kB a round: %s\n",
			run, r1, r, y1, y, slope, what
		judged++
		n = sx = sy = sxx = sxy = 0
	}
	function end_record() {
		judge()
		if (run != "" && !judged)
			printf "free memory %s: not measured (record without column 7)\n", run
	}
	FNR == 1 {
		end_record()
		run = FILENAME
		sub(/.*\//, "", run)
		sub(/\.tsv$/, "", run)
		judged = 0
	}
	/^#/ { next }
	$3 != "ok" { judge(); next }   # a new guest follows a failure
	$7 ~ /^[0-9]+$/ {
		if (!n) { r1 = $1; y1 = $7 }
		r = $1; y = $7
		n++; sx += $1; sy += $7; sxx += $1 * $1; sxy += $1 * $7
	}
	END { end_record(); exit leaks > 0 }
' "$@"
