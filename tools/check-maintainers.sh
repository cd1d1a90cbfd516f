#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Our MAINTAINERS file must be exactly the entry the series adds to the
# kernel's MAINTAINERS. That entry claims only files the series adds:
# each F: pattern covers at least one added file and no file of the base
# (the files the series changes keep their maintainers, XEN HYPERVISOR
# INTERFACE and the others), and every added file is covered, but for
# the tests added next to other subsystems' code, listed below.
set -eu
. "$(dirname "$0")/lib.sh"

tree=$BUILD/linux
name="XEN GUEST HIBERNATION"

# Added files that belong with the code they test (IRQ SUBSYSTEM).
theirs=(
	kernel/irq/pm_kunit.c
	kernel/irq/.kunitconfig
)

# covered FILE PATTERN: an F: pattern of MAINTAINERS covers FILE (a
# pattern ending in / covers the directory; others are globs).
covered() {
	# shellcheck disable=SC2053
	case $2 in
	*/) [[ $1 == "$2"* ]] ;;
	*) [[ $1 == $2 ]] ;;
	esac
}

entry=$(awk -v n="$name" '$0 == n { on = 1 } on && /^$/ { exit } on { print }' "$tree/MAINTAINERS")
[ -n "$entry" ] || die "the series adds no '$name' entry to MAINTAINERS"
if ! diff -u "$TOP/MAINTAINERS" <(printf '%s\n' "$entry"); then
	die "MAINTAINERS differs from the entry in the series (diff above: - ours, + series)"
fi

mapfile -t pats < <(printf '%s\n' "$entry" | sed -n 's/^F:[[:space:]]*//p')
mapfile -t added < <(git -C "$tree" diff --name-only --diff-filter=A base HEAD)
mapfile -t based < <(git -C "$tree" ls-tree -r --name-only base)
bad=0
for p in "${pats[@]}"; do
	n=0
	for f in "${added[@]}"; do
		covered "$f" "$p" && n=$((n + 1))
	done
	[ "$n" -gt 0 ] || { log "MAINTAINERS: F: $p covers no file the series adds"; bad=1; }
	for f in "${based[@]}"; do
		covered "$f" "$p" || continue
		log "MAINTAINERS: F: $p claims $f, which the base has (its own entry covers it)"
		bad=1
		break
	done
done
for f in "${added[@]}"; do
	for t in "${theirs[@]}"; do
		[ "$f" = "$t" ] && continue 2
	done
	for p in "${pats[@]}"; do
		covered "$f" "$p" && continue 2
	done
	log "MAINTAINERS: $f is added by the series but no F: line of '$name' covers it"
	bad=1
done
[ "$bad" = 0 ] || exit 1
log "MAINTAINERS: entry identical to the series; its ${#pats[@]} F: patterns cover the ${#added[@]} files the series adds (but ${#theirs[@]} tests of other subsystems) and no file of the base"
