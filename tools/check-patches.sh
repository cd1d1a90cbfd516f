#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict, from the tree, on every patch of the series.
# Prints one TAP point per patch (numbered from 1); exits 1 on any
# error, warning or check.
set -eu
. "$(dirname "$0")/lib.sh"

# python3-ply and python3-git: checkpatch's SPDX check (scripts/spdxcheck.py).
need_pkgs perl python3 python3-ply python3-git
# Debian's python3 has those modules; a python3 earlier in PATH may not.
export PATH=/usr/bin:$PATH

# Checkpatch types ignored, each with its reason:
# CAMELCASE: Xen's interface headers name the xenbus states in CamelCase
#   (XenbusStateClosed, ... in include/xen/interface/io/xenbus.h); every
#   frontend compares against them, and checkpatch flags each use.
# FILE_PATH_CHANGES: "added ... file(s), does MAINTAINERS need updating?"
#   is asked of every patch that adds a file without touching MAINTAINERS,
#   also when an F: line of an earlier patch covers it already; that is
#   answered by tools/check-maintainers.sh, which fails if any file the
#   series adds or changes is not covered.
# UNKNOWN_COMMIT_ID: the tree is Debian's source release without upstream
#   history, so every commit a Fixes: tag names is unknown to it; the ids
#   are upstream's.
ignore=(--ignore CAMELCASE --ignore FILE_PATH_CHANGES --ignore UNKNOWN_COMMIT_ID)

tree=$BUILD/linux
n=0
fail=0
while read -r p; do
	n=$((n + 1))
	out=$(cd "$tree" && perl scripts/checkpatch.pl --strict "${ignore[@]}" \
		"$TOP/patches/$p" 2>&1) || true
	summary=$(printf '%s\n' "$out" | grep '^total:' || echo "total: no result")
	if printf '%s\n' "$summary" | grep -q '^total: 0 errors, 0 warnings, 0 checks'; then
		echo "ok $n - checkpatch --strict: $p"
	else
		fail=1
		echo "not ok $n - checkpatch --strict: $p ($summary)"
		printf '%s\n' "$out" | grep -E -A4 '^(ERROR|WARNING|CHECK):' | sed 's/^/# /'
	fi
done < <(grep -v '^[[:space:]]*\(#\|$\)' "$TOP/patches/series")
exit "$fail"
