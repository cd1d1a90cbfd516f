#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Another build of our kernel, for scenarios/s4-other-kernel.sh: the same
# source and config with another build version ("#other-build" in its
# version string), as after a distribution's kernel update. Only the
# version object changes, so build/kernel is linked once more with that
# version, its bzImage kept, and linked back. (A copy of build/kernel built
# elsewhere compiled everything again: objtool's build records absolute
# paths, and every object depends on objtool.)
# Output: build/linux/.out-kernel-other/arch/x86/boot/bzImage.
set -eu
. "$(dirname "$0")/common.sh"

tree=$BUILD/linux
src=$tree/.out-kernel
out=$tree/.out-kernel-other
[ -s "$src/arch/x86/boot/bzImage" ] || die "no kernel in ${src#"$TOP"/} (run 'make kernel' first)"
kbuild_env
# link [VAR=VALUE]: link build/kernel's bzImage again.
link() {
	make -C "$tree" O="$src" ARCH=x86_64 CC="ccache gcc" -j"$(nproc)" "$@" bzImage
}
phase_begin "another build of the guest kernel"
rm -rf "$out"
mkdir -p "$out/arch/x86/boot" "$out/include/generated"
link KBUILD_BUILD_VERSION=other-build >"$out/build.log" 2>&1 ||
	{ tail -n 30 "$out/build.log" >&2; die "the other build failed"; }
cp "$src/include/generated/utsversion.h" "$out/include/generated/"
cp "$src/arch/x86/boot/bzImage" "$out/arch/x86/boot/bzImage"
link >"$out/build-back.log" 2>&1 ||
	{ tail -n 30 "$out/build-back.log" >&2; die "linking build/kernel back failed"; }
grep -q 'other-build' "$out/include/generated/utsversion.h" ||
	die "the other build's version string lacks 'other-build'"
! grep -q 'other-build' "$src/include/generated/utsversion.h" ||
	die "build/kernel still has the other build's version"
phase_end
log "other build: $(sed -n 's/.*UTS_VERSION "\(.*\)"/\1/p' "$out/include/generated/utsversion.h")"
log "build/kernel: $(sed -n 's/.*UTS_VERSION "\(.*\)"/\1/p' "$src/include/generated/utsversion.h")"
