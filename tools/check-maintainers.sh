#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Our MAINTAINERS file must be exactly the entry the series adds to the
# kernel's MAINTAINERS, and that entry must cover (F:) every file the
# series adds or changes, but for the shared files listed below.
set -eu
. "$(dirname "$0")/lib.sh"

tree=$BUILD/linux
name="XEN GUEST HIBERNATION"

# Shared files the series only wires into; they keep their own maintainers.
shared=(
	MAINTAINERS                       # the entry itself
	Documentation/virt/index.rst      # toctree line for Documentation/virt/xen/
	tools/testing/selftests/Makefile  # TARGETS line for selftests/xen
	kernel/power/swap.c               # the swap file fix, HIBERNATION entry
	drivers/xen/xenbus/xenbus.h       # xenbus core: one helper for the
	drivers/xen/xenbus/xenbus_probe.c #   frontend bus' handover
	arch/x86/xen/suspend.c            # x86 Xen time: the sched_clock fix
	arch/x86/xen/time.c               #   after a cancelled suspend
	kernel/irq/manage.c               # genirq fix and its KUnit test,
	kernel/irq/pm_kunit.c             #   IRQ SUBSYSTEM entry
	kernel/irq/.kunitconfig
	drivers/block/xen-blkfront.c      # its race fix, XEN BLOCK SUBSYSTEM
	drivers/net/xen-netfront.c        # its page pool leak fix and what it
	                                  #   receives after a hibernation
	                                  #   snapshot, NETWORKING DRIVERS
)
# Build wiring (a Kconfig entry, an obj- line) stays with the directory's
# maintainers too: any Kconfig or Makefile the series only changes.

entry=$(awk -v n="$name" '$0 == n { on = 1 } on && /^$/ { exit } on { print }' "$tree/MAINTAINERS")
[ -n "$entry" ] || die "the series adds no '$name' entry to MAINTAINERS"
if ! diff -u "$TOP/MAINTAINERS" <(printf '%s\n' "$entry"); then
	die "MAINTAINERS differs from the entry in the series (diff above: - ours, + series)"
fi

mapfile -t pats < <(printf '%s\n' "$entry" | sed -n 's/^F:[[:space:]]*//p')
bad=0
while read -r f; do
	for s in "${shared[@]}"; do
		[ "$f" = "$s" ] && continue 2
	done
	case ${f##*/} in
	Kconfig | Makefile)
		git -C "$tree" cat-file -e "base:$f" 2>/dev/null && continue
		;;
	esac
	for p in "${pats[@]}"; do
		# A pattern ending in / covers the directory; others are globs.
		# shellcheck disable=SC2053
		case $p in
		*/) [[ $f == "$p"* ]] && continue 2 ;;
		*) [[ $f == $p ]] && continue 2 ;;
		esac
	done
	log "MAINTAINERS: $f is changed by the series but no F: line of '$name' covers it"
	bad=1
done < <(git -C "$tree" diff --name-only base HEAD)
[ "$bad" = 0 ] || exit 1
log "MAINTAINERS: entry identical to the series; ${#pats[@]} F: patterns cover every changed file"
