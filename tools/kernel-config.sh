#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kernel-config.sh OUTDIR FRAGMENT...: write OUTDIR/.config for x86_64 as
# allnoconfig plus the fragments (BASE_CONFIG=defconfig: x86_64 defconfig
# plus the fragments), then check that every value the fragments ask for
# is in the result (Kconfig drops unmet options silently).
set -eu
. "$(dirname "$0")/lib.sh"
# Kconfig itself is built first (flex, bison); make check runs this before
# any kernel build has installed them.
need_pkgs gcc make bison flex

out=$(realpath -m "$1")
shift
frags=()
for f in "$@"; do frags+=("$(realpath "$f")"); done
set -- "${frags[@]}"
tree=${TREE:-$BUILD/linux}
mkdir -p "$out"

merge() {
	cd "$tree"
	case ${BASE_CONFIG:-allnoconfig} in
	allnoconfig) ARCH=x86_64 scripts/kconfig/merge_config.sh -n -O "$out" "$@" ;;
	defconfig)
		make O="$out" ARCH=x86_64 defconfig &&
			ARCH=x86_64 scripts/kconfig/merge_config.sh -m -O "$out" "$out/.config" "$@" &&
			make O="$out" ARCH=x86_64 olddefconfig
		;;
	*) echo "BASE_CONFIG must be allnoconfig or defconfig"; return 1 ;;
	esac
}
log "kernel config: ${BASE_CONFIG:-allnoconfig} + $(printf '%s ' "${@#"$TOP"/}")"
if ! (merge "$@") > "$out/merge_config.log" 2>&1; then
	cat "$out/merge_config.log" >&2
	die "merge_config.sh failed"
fi

# Each fragment line is a requirement on the final .config. With
# ALLOW_UNDEFINED=1 (building the patches one by one), an option no Kconfig
# file of the tree defines yet is skipped: a later patch adds it.
defined() {
	grep -rqs --include='Kconfig*' -E "^[[:space:]]*(menu)?config ${1#CONFIG_}\$" "$tree"
}
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=n)
		sym=${line%%=*}
		if grep -q "^$sym=" "$out/.config"; then
			log "config: $sym must be off, got $(grep "^$sym=" "$out/.config")"
			bad=1
		fi
		;;
	CONFIG_*=*)
		if [ "${ALLOW_UNDEFINED:-0}" = 1 ] && ! defined "${line%%=*}"; then
			log "config: ${line%%=*} is not defined in this tree yet; skipped"
		elif ! grep -qxF "$line" "$out/.config"; then
			sym=${line%%=*}
			got=$(grep "^$sym=" "$out/.config" || echo "not set")
			log "config: wanted $line, got $got (a dependency is missing)"
			bad=1
		fi
		;;
	esac
done < <(cat "$@")
[ "$bad" = 0 ] || die "the merged kernel config lacks options the fragments require"
log "kernel config: all $(cat "$@" | grep -c '^CONFIG_') requested values present"
