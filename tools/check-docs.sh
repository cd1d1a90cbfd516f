#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the documentation directory the series adds pages to with Sphinx
# (Debian's python3-sphinx, the kernel's own "make htmldocs") and fail on
# any warning or error in a page the series adds or changes.
set -eu
. "$(dirname "$0")/lib.sh"

need_pkgs python3-sphinx python3-sphinx-rtd-theme python3-yaml make perl

tree=$BUILD/linux
out=$BUILD/docs
mapfile -t pages < <(git -C "$tree" diff --name-only base HEAD -- 'Documentation/*.rst')
[ ${#pages[@]} -gt 0 ] || die "the series changes no .rst page"
# Only the top directories that hold our pages: a full htmldocs takes long.
dirs=$(printf '%s\n' "${pages[@]}" | cut -d/ -f2 | sort -u | tr '\n' ' ')

rm -rf "$out"
log "make htmldocs SPHINXDIRS=\"$dirs\""
rc=0
make -C "$tree" -s O="$out" SPHINXDIRS="$dirs" htmldocs > "$out.log" 2>&1 || rc=$?
cat "$out.log" >&2
[ "$rc" = 0 ] || die "make htmldocs failed (exit $rc)"

bad=0
for p in "${pages[@]}"; do
	if grep -E '(WARNING|ERROR|CRITICAL)' "$out.log" | grep -qF "$p"; then
		log "Sphinx warns about $p"
		bad=1
	fi
	html=$out/Documentation/output/${p#Documentation/}
	html=${html%.rst}.html
	[ -s "$html" ] || { log "no HTML page for $p (expected ${html#"$BUILD"/})"; bad=1; }
done
[ "$bad" = 0 ] || exit 1
log "Sphinx: ${#pages[@]} pages the series adds or changes build without warnings"
