#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# build/linux: the base kernel as one commit (tag "base"), then one commit
# per patch of patches/series, applied with git am. Does nothing when the
# tree already holds exactly the current series.
set -eu
. "$(dirname "$0")/lib.sh"

tree=$BUILD/linux
series=$TOP/patches/series

base_repo=$("$TOP/tools/fetch-source.sh")
base=$(cat "$base_repo/xenhib-base")

stamp() {
	(cat "$series"; series_files | xargs cat) | sha256sum | cut -d' ' -f1
}
series_files() {
	grep -v '^[[:space:]]*\(#\|$\)' "$series" | sed "s|^|$TOP/patches/|"
}

if [ -d "$tree/.git" ] && [ "$(git -C "$tree" rev-parse -q --verify base 2>/dev/null)" != "$base" ]; then
	log "build/linux has another base; recreating it"
	rm -rf "$tree"
fi
if [ ! -d "$tree/.git" ]; then
	phase_begin "check out the base into build/linux"
	mkdir -p "$BUILD"
	git clone -q --no-checkout "$base_repo" "$tree"
	git -C "$tree" checkout -q -b series "$base"
	git -C "$tree" tag base "$base"
	# Commits made here become patches: use the developer's identity.
	git -C "$tree" config user.name "$(git config user.name || echo "xenhib developer")"
	git -C "$tree" config user.email "$(git config user.email || echo "xenhib@localhost")"
	phase_end
fi

want=$(stamp)
if [ "$(cat "$tree/.git/xenhib-stamp" 2>/dev/null)" = "$want" ] &&
   [ "$(git -C "$tree" rev-list --count base..HEAD)" = "$(series_files | wc -l)" ]; then
	log "build/linux: $(git -C "$tree" log -1 --format=%s base); $(series_files | wc -l) patches applied, up to date"
	exit 0
fi

if [ -n "$(git -C "$tree" status --porcelain --untracked-files=no)" ] && [ "${FORCE:-0}" != 1 ]; then
	die "build/linux has uncommitted changes; commit and 'make export' them, or run with FORCE=1 to drop them"
fi

phase_begin "apply patches/series to build/linux"
git -C "$tree" am --abort >/dev/null 2>&1 || true
git -C "$tree" checkout -q -f -B series base
n=0
while read -r p; do
	n=$((n + 1))
	if ! git -C "$tree" am -q --no-3way --keep-cr "$p" >/dev/null 2>"$BUILD/am.log"; then
		log "patch $n does not apply: ${p#"$TOP"/}"
		cat "$BUILD/am.log" >&2
		git -C "$tree" am --abort >/dev/null 2>&1 || true
		log "--- rejected hunks:"
		git -C "$tree" apply --reject --verbose "$p" >&2 2>&1 || true
		find "$tree" -name '*.rej' -exec cat {} + >&2
		git -C "$tree" reset -q --hard
		git -C "$tree" clean -q -f -- '*.rej' '*.orig'
		die "patch $n, ${p#"$TOP"/}, does not apply to $(git -C "$tree" log -1 --format=%s base)"
	fi
done < <(series_files)
printf '%s\n' "$want" > "$tree/.git/xenhib-stamp"
phase_end
log "base: $(git -C "$tree" log -1 --format=%s base); $n patches applied"
