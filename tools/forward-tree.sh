#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# build/linux-7.3: the forward port's tree, like tools/tree.sh's
# build/linux: Debian's linux-source-7.3 (forward/linux-7.3/source) as one
# commit tagged "base", then one commit per patch of
# forward/linux-7.3/series, applied with git am. Does nothing when the
# tree already holds exactly that series. FORWARD=linux-X.Y selects
# another port under forward/. Prints the base commit's subject.
#
# Edit the port there, then write it back with
#   tools/export.sh build/linux-7.3 forward/linux-7.3
set -eu
. "$(dirname "$0")/lib.sh"

name=${FORWARD:-linux-7.3}
fwd=$TOP/forward/$name
tree=$BUILD/$name
series=$fwd/series
[ -f "$series" ] || die "no ${series#"$TOP"/}"
# shellcheck source=forward/linux-7.3/source
. "$fwd/source"

base_repo=$(LINUX_SOURCE_PKG=$LINUX_SOURCE_PKG LINUX_SOURCE_SUITE=$LINUX_SOURCE_SUITE \
	"$TOP/tools/fetch-source.sh")
base=$(cat "$base_repo/xenhib-base")

series_files() {
	grep -v '^[[:space:]]*\(#\|$\)' "$series" | sed "s|^|$fwd/|"
}
# As tools/export.sh writes it, which keeps it valid after an export.
stamp() {
	(cat "$series"; series_files | xargs cat) | sha256sum | cut -d' ' -f1
}
describe() {
	echo "base: $(git -C "$tree" log -1 --format=%s base); $1 patches of ${series#"$TOP"/} applied"
}

if [ -d "$tree/.git" ] && [ "$(git -C "$tree" rev-parse -q --verify base 2>/dev/null)" != "$base" ]; then
	log "${tree#"$TOP"/} has another base; recreating it"
	rm -rf "$tree"
fi
if [ ! -d "$tree/.git" ]; then
	phase_begin "check out the base into ${tree#"$TOP"/}"
	mkdir -p "$BUILD"
	git clone -q --no-checkout "$base_repo" "$tree"
	git -C "$tree" checkout -q -b series "$base"
	git -C "$tree" tag base "$base"
	git -C "$tree" config user.name "$(git config user.name || echo "xenhib developer")"
	git -C "$tree" config user.email "$(git config user.email || echo "xenhib@localhost")"
	phase_end
fi

want=$(stamp)
count=$(series_files | wc -l)
if [ "$(cat "$tree/.git/xenhib-stamp" 2>/dev/null)" = "$want" ] &&
   [ "$(git -C "$tree" rev-list --count base..HEAD)" = "$count" ]; then
	log "${tree#"$TOP"/}: up to date"
	describe "$count"
	exit 0
fi

if [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ] && [ "${FORCE:-0}" != 1 ]; then
	die "${tree#"$TOP"/} has uncommitted changes; commit and export them (see above), or run with FORCE=1 to drop them"
fi

phase_begin "apply ${series#"$TOP"/} to ${tree#"$TOP"/}"
git -C "$tree" am --abort >/dev/null 2>&1 || true
git -C "$tree" checkout -q -f -B series base
n=0
while read -r p; do
	n=$((n + 1))
	if ! git -C "$tree" am -q --no-3way --keep-cr "$p" >/dev/null 2>"$tree/.git/am.log"; then
		log "patch $n does not apply: ${p#"$TOP"/}"
		cat "$tree/.git/am.log" >&2
		git -C "$tree" am --abort >/dev/null 2>&1 || true
		log "--- where it fails (git apply --check --verbose; the tree is left at patch $((n - 1))):"
		git -C "$tree" apply --check --verbose "$p" >&2 2>&1 || true
		die "patch $n, ${p#"$TOP"/}, does not apply to $(git -C "$tree" log -1 --format=%s base)"
	fi
done < <(series_files)
printf '%s\n' "$want" > "$tree/.git/xenhib-stamp"
phase_end
describe "$n"
