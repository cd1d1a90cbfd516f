#!/usr/bin/env bash
# Write the commits of build/linux after "base" back to patches/ and
# patches/series (or to $PATCHES_OUT, to compare without overwriting).
# Output does not depend on dates or the git version.
set -eu
. "$(dirname "$0")/lib.sh"

tree=$BUILD/linux
[ -d "$tree/.git" ] || die "no build/linux; run 'make tree' first"
[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes; commit them first"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
git -C "$tree" -c diff.noprefix=false -c diff.mnemonicPrefix=false \
	-c format.signOff=false -c format.thread=false -c core.quotePath=true \
	format-patch -q --zero-commit --no-signature --abbrev=12 \
	--no-cover-letter --no-base -o "$out" base..HEAD >/dev/null

dest=${PATCHES_OUT:-$TOP/patches}
mkdir -p "$dest"
# The cover letter is written by hand and kept.
find "$dest" -maxdepth 1 -name '*.patch' ! -name '0000-cover-letter.patch' -delete
{
	echo "# Applied in this order on Debian's linux-source-6.12 by tools/tree.sh."
	for p in "$out"/*.patch; do
		[ -e "$p" ] || continue
		cp "$p" "$dest/"
		basename "$p"
	done
} > "$dest/series"
log "exported $(grep -vc '^#' "$dest/series") patches to ${dest#"$TOP"/}"
[ -z "${PATCHES_OUT:-}" ] || exit 0
# The exported series is what build/linux holds: keep the tree's stamp valid.
(cat "$dest/series"; grep -v '^#' "$dest/series" | sed "s|^|$dest/|" | xargs -r cat) |
	sha256sum | cut -d' ' -f1 > "$tree/.git/xenhib-stamp"
