#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# soak-record.sh RUN_DIR...: keep what the soak of each lab run measured,
# one line per operation, in Documentation/soak/<run time>-<type>.tsv
# (SOAK_RECORDS overrides the directory), headed by the guest kernel's
# identity (guest-payload.sh's kernel-id), the guest's shape and whether
# the soak ran to its end. A soak that was cut off keeps the operations
# it finished. soak-report.sh adds the records of one kernel up, so a
# soak of many rounds can run in parts. Prints the records it wrote.
set -eu
. "$(dirname "$0")/common.sh"

out=${SOAK_RECORDS:-$TOP/Documentation/soak}
mkdir -p "$out"
[ $# -gt 0 ] || die "usage: soak-record.sh RUN_DIR..."
rc=0
for run in "$@"; do
	kid=$(cat "$run/share/payload/kernel-id" 2>/dev/null) || kid=unknown
	found=0
	for d in "$run"/share/results/*-soak-*/; do
		[ -f "$d/soak.tsv" ] || continue
		found=1
		type=${d%/}
		type=${type##*-}
		rows=$(grep -vc '^#' "$d/soak.tsv") || true
		if [ "$rows" = 0 ]; then
			log "$d: no operation finished, nothing to keep"
			continue
		fi
		if grep -q '^# soak of ' "$d/output.log" 2>/dev/null; then
			end="ran to its end"
			grep -q '^# time budget of' "$d/output.log" && end="stopped by its time budget"
		else
			end="cut off (the lab stopped during the soak)"
		fi
		f=$out/$(basename "$run" | cut -c1-15)-$type.tsv
		{
			echo "# kernel-id $kid"
			echo "# run $(basename "$run"): $end"
			cat "$d/soak.tsv"
		} >"$f"
		log "kept $rows operations of $(basename "$run") ($type) in ${f#"$TOP"/}"
		echo "$f"
	done
	[ "$found" = 1 ] || { log "$run: no soak results"; rc=1; }
done
exit "$rc"
