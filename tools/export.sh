#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# export.sh [TREE DIR]: write the commits of TREE (default build/linux)
# after "base" to DIR (default patches/) and DIR/series, or to
# $PATCHES_OUT, to compare without overwriting. Output does not depend on
# dates or the git version. The forward port: tools/export.sh
# build/linux-7.3 forward/linux-7.3
set -eu
. "$(dirname "$0")/lib.sh"

tree=$(realpath -m "${1:-$BUILD/linux}")
[ -d "$tree/.git" ] || die "no ${tree#"$TOP"/}; run 'make tree' (or 'make forward-check') first"
[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
	die "${tree#"$TOP"/} has uncommitted changes; commit them first"
# The series file names the package and the script that applies it.
pkg=$(git -C "$tree" log -1 --format=%s base | sed -n 's/.*(Debian \([^ ]*\) .*/\1/p')
by=tools/forward-tree.sh
[ "$tree" != "$(realpath -m "$BUILD/linux")" ] || by=tools/tree.sh

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
git -C "$tree" -c diff.noprefix=false -c diff.mnemonicPrefix=false \
	-c format.signOff=false -c format.thread=false -c core.quotePath=true \
	format-patch -q --zero-commit --no-signature --abbrev=12 \
	--no-cover-letter --no-base -o "$out" base..HEAD >/dev/null

dest=$(realpath -m "${PATCHES_OUT:-${2:-$TOP/patches}}")
mkdir -p "$dest"
# The cover letter is written by hand and kept.
find "$dest" -maxdepth 1 -name '*.patch' ! -name '0000-cover-letter.patch' -delete
{
	echo "# Applied in this order on Debian's ${pkg:-kernel source} by $by."
	for p in "$out"/*.patch; do
		[ -e "$p" ] || continue
		cp "$p" "$dest/"
		basename "$p"
	done
} > "$dest/series"
log "exported $(grep -vc '^#' "$dest/series") patches to ${dest#"$TOP"/}"
[ -z "${PATCHES_OUT:-}" ] || exit 0
# The exported series is what the tree holds: keep the tree's stamp valid.
(cat "$dest/series"; grep -v '^#' "$dest/series" | sed "s|^|$dest/|" | xargs -r cat) |
	sha256sum | cut -d' ' -f1 > "$tree/.git/xenhib-stamp"
