#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The finished series builds with a large config: x86_64 defconfig plus
# our Xen guest options, bzImage and modules (ccache'd, in
# build/linux/.out-large). Slow on a cold cache, so `make large-config`
# runs it on demand rather than make check.
set -eu
. "$(dirname "$0")/lib.sh"

need_pkgs gcc make bc bison flex libelf-dev libssl-dev ccache cpio xz-utils perl python3

tree=$BUILD/linux
out=$tree/.out-large
BASE_CONFIG=defconfig "$TOP/tools/kernel-config.sh" "$out" "$TOP/configs/xen-guest.config"

kbuild_env

phase_begin "large config build ($(git -C "$tree" describe --always --tags), ${out#"$TOP"/})"
if ! make -C "$tree" O="$out" ARCH=x86_64 CC="ccache gcc" -j"$(nproc)" bzImage modules \
	> "$out/build.log" 2>&1; then
	grep -E 'error|Error' "$out/build.log" | head -n 40 >&2
	die "large config build failed; full log: ${out#"$TOP"/}/build.log"
fi
phase_end
# The series' own objects must be part of this build, or it proves nothing.
for o in drivers/xen/sleep.o drivers/xen/hibernate.o drivers/xen/manage.o \
	arch/x86/xen/vcpu_info_hvm.o; do
	[ -f "$out/$o" ] || die "large config build has no $o: the series' code was not built"
done
warnings=$(grep -cE '(^|[^-])warning:' "$out/build.log" || true)
grep -E '(^|[^-])warning:' "$out/build.log" >&2 || true
log "large config: bzImage ($(stat -c %s "$out/arch/x86/boot/bzImage") bytes) and" \
	"$(find "$out" -name '*.ko' | wc -l) modules built, $warnings compiler warnings"
[ "$warnings" = 0 ] || die "the large config build has compiler warnings (above)"
