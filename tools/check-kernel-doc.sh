#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kernel-doc on the C files and headers the series touches: no new
# kernel-doc warnings compared with the base (-Wall: missing descriptions
# and return values too).
set -eu
. "$(dirname "$0")/lib.sh"

tree=$BUILD/linux
kdoc() {
	local rev=$1 f
	for f in $(git -C "$tree" diff --name-only base HEAD -- '*.c' '*.h'); do
		git -C "$tree" cat-file -e "$rev:$f" 2>/dev/null || continue
		git -C "$tree" show "$rev:$f" > "$BUILD/kdoc.tmp"
		(cd "$tree" && perl scripts/kernel-doc -none -Wall "$BUILD/kdoc.tmp" 2>&1) |
			sed -E "s|$BUILD/kdoc.tmp:[0-9]+|$f|"
	done | sort -u
}
before=$(kdoc base)
after=$(kdoc HEAD)
rm -f "$BUILD/kdoc.tmp"
new=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | sed '/^$/d')
if [ -n "$new" ]; then
	log "new kernel-doc warnings:"
	printf '%s\n' "$new" >&2
	exit 1
fi
log "no new kernel-doc warnings in the files the series touches"
