#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The series' generic Xen code must still build for arm64: cross-build an
# arm64 Xen guest kernel (Image) from the series tip.
set -eu
. "$(dirname "$0")/lib.sh"

need_pkgs gcc-aarch64-linux-gnu ccache bc bison flex

tree=$BUILD/linux
out=$tree/.out-arm64
mkdir -p "$out"
export CCACHE_DIR=$CACHE/ccache CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1
export KBUILD_BUILD_USER=xenhib KBUILD_BUILD_HOST=lab
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026'

(cd "$tree" && ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
	scripts/kconfig/merge_config.sh -n -O "$out" "$TOP/configs/arm64-xen.config") \
	> "$out/merge_config.log" 2>&1 || { cat "$out/merge_config.log" >&2; die "arm64 config failed"; }
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*) grep -qxF "$line" "$out/.config" || { log "arm64 config: $line missing"; bad=1; } ;;
	esac
done < "$TOP/configs/arm64-xen.config"
[ "$bad" = 0 ] || die "the arm64 config lacks options the fragment requires"

phase_begin "arm64 cross build"
if ! make -C "$tree" O="$out" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
	CC="ccache aarch64-linux-gnu-gcc" -j"$(nproc)" Image > "$out/build.log" 2>&1; then
	grep -E 'error' "$out/build.log" | head -n 30 >&2
	die "arm64 build failed; log: ${out#"$TOP"/}/build.log"
fi
phase_end
for o in drivers/xen/sleep.o drivers/xen/manage.o drivers/xen/events/events_base.o; do
	[ -f "$out/$o" ] || die "arm64 build has no $o: the Xen code was not built"
done
log "arm64: $(stat -c %s "$out/arch/arm64/boot/Image") bytes, generic Xen code built"
