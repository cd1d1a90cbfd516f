#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scripts/get_maintainer.pl on every patch of the series, in the finished
# tree (so our MAINTAINERS entry counts): it must run, name at least one
# mailing list for each patch, and the cover letter's To: and Cc: must be
# exactly the union of what it names, so the series reaches everyone.
set -eu
. "$(dirname "$0")/lib.sh"

tree=$BUILD/linux
cover=$TOP/patches/0000-cover-letter.patch
all=$(mktemp)
trap 'rm -f "$all"' EXIT

bad=0
while read -r p; do
	out=$(cd "$tree" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
		--no-rolestats "$TOP/patches/$p") || { log "$p: get_maintainer.pl failed"; bad=1; continue; }
	printf '%s\n' "== $p" "$out" >&2
	if ! printf '%s\n' "$out" | grep -q '@lists\.\|@vger\.kernel\.org'; then
		log "$p: get_maintainer.pl names no mailing list"
		bad=1
	fi
	printf '%s\n' "$out" >> "$all"
done < <(grep -v '^[[:space:]]*\(#\|$\)' "$TOP/patches/series")

emails() { grep -o '[^<>", ]*@[^<>", ]*' | tr '[:upper:]' '[:lower:]' | sort -u; }
# To:/Cc: header lines of the cover letter, with their folded continuations.
header=$(sed -n '/^$/q; p' "$cover" | awk '/^(To|Cc):/ { on = 1; print; next } /^[ \t]/ && on { print; next } { on = 0 }')
if ! diff -u <(emails < "$all") <(printf '%s\n' "$header" | emails) >&2; then
	log "the cover letter's To:/Cc: differ from get_maintainer.pl (- named by get_maintainer.pl, + in the cover letter)"
	bad=1
fi
[ "$bad" = 0 ] || exit 1
log "get_maintainer.pl: $(grep -vc '^[[:space:]]*\(#\|$\)' "$TOP/patches/series") patches, $(emails < "$all" | wc -l) addresses, all in the cover letter"
