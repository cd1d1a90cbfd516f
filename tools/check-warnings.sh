#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# W=1 and sparse (C=2) on every C file the series touches: the warnings at
# the series tip must be a subset of those the same files have at the base.
# Line numbers are dropped before comparing, since patches move code.
set -eu
. "$(dirname "$0")/lib.sh"

need_pkgs sparse

tree=$BUILD/linux
kout=$tree/.out-kernel
[ -f "$kout/.config" ] || die "no configured kernel in ${kout#"$TOP"/}; run 'make kernel'"
# An output directory of its own: checking out the base rewrites .config.
out=$tree/.out-warnings
mkdir -p "$out"
[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes"
tip=$(git -C "$tree" rev-parse HEAD)
branch=$(git -C "$tree" symbolic-ref -q --short HEAD || echo "$tip")
trap 'git -C "$tree" checkout -q "$branch"' EXIT

# Objects built in this configuration from C files the series touches.
objs_of() {
	local f o
	for f in $(git -C "$tree" diff --name-only base "$tip" -- '*.c'); do
		o=${f%.c}.o
		[ -f "$kout/$o" ] && echo "$o"
	done
}
mapfile -t objs < <(objs_of)
[ ${#objs[@]} -gt 0 ] || die "no object of the series is built in this configuration"

warnings() {
	# Force the objects to be rebuilt, then keep the normalised warnings.
	cp "$kout/.config" "$out/.config"
	make -C "$tree" O="$out" ARCH=x86_64 olddefconfig >/dev/null
	(cd "$out" && rm -f "${objs[@]}")
	# One job: kbuild compiles arch/x86/power/cpu.o twice for these
	# single targets, and two jobs let objtool read it while the other
	# compile rewrites it ("gelf_getehdr: invalid `Elf' handle", make
	# check 2026-12-07).
	make -C "$tree" O="$out" ARCH=x86_64 W=1 C=2 -j1 "${objs[@]}" 2>&1 |
		grep -E 'warning:|error:' |
		sed -E 's/:[0-9]+:[0-9]+:/:/; s/:[0-9]+:/:/' | sort -u
}

log "W=1 + sparse on ${#objs[@]} objects: ${objs[*]}"
git -C "$tree" checkout -q --detach base
# Files the series adds do not exist at the base: build only the others.
mapfile -t base_objs < <(for o in "${objs[@]}"; do
	[ -f "$tree/${o%.o}.c" ] && echo "$o"; done)
before=$(objs=("${base_objs[@]}"); warnings)
git -C "$tree" checkout -q "$tip"
after=$(warnings)
new=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | sed '/^$/d')
if [ -n "$new" ]; then
	log "new W=1/sparse warnings in files the series touches:"
	printf '%s\n' "$new" >&2
	exit 1
fi
log "no new W=1/sparse warnings ($(printf '%s\n' "$after" | sed '/^$/d' | wc -l) existing ones kept)"
