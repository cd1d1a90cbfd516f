#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/lab/soak-trend.sh judges the soak records' free memory: no leak in
# the records kept in Documentation/soak/, a leak in a copy of one whose
# guest loses 2 MiB a round (as with the xen-netfront page-pool leak that
# "xen-netfront: unregister the XDP queue info..." fixes), none in a copy whose guest is smaller only after a
# failed operation (a new guest), and no verdict on too few rounds.
set -eu
. "$(dirname "$0")/lib.sh"

trend=$TOP/tools/lab/soak-trend.sh
base=$TOP/Documentation/soak/20261202-191936-pvh.tsv   # 100 rounds of S4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "$*"; fail=1; }

# falling KB: the base record, its guest losing KB more free memory each
# round, into $tmp/falling.tsv.
falling() {
	awk -F'\t' -v OFS='\t' -v kb="$1" '/^#/ { print; next } { $7 -= kb * $1; print }' \
		"$base" >"$tmp/falling.tsv"
}

out=$("$trend" "$TOP"/Documentation/soak/*.tsv) || bad "a leak in the kept records:"
printf '%s\n' "$out"
grep -q ': no leak$' <<<"$out" || bad "no kept record was judged"

falling 2048
if out=$("$trend" "$tmp/falling.tsv"); then
	bad "2 MiB lost a round not called a leak: $out"
fi
grep -q ': LEAK ' <<<"$out" || bad "a leak not named: $out"

# 30 MiB less free from round 51 on, after a failed operation there.
awk -F'\t' -v OFS='\t' '/^#/ { print; next }
	$1 == 50 { $3 = "FAIL"; $5 = "operation" }
	$1 > 50 { $7 -= 30720 } { print }' "$base" >"$tmp/smaller.tsv"
out=$("$trend" "$tmp/smaller.tsv") || bad "a new guest after a failure taken for a leak: $out"
[ "$(grep -c ': no leak$' <<<"$out")" = 2 ] || bad "the rounds before and after the failure not judged apart: $out"

falling 2048
awk -F'\t' '/^#/ || $1 <= 10' "$tmp/falling.tsv" >"$tmp/short.tsv"
out=$("$trend" "$tmp/short.tsv") || bad "10 rounds judged: $out"
grep -q 'not judged (10 rounds, 20 needed)' <<<"$out" || bad "10 rounds not reported as too few: $out"

exit "$fail"
