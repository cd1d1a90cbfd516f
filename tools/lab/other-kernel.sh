#!/bin/bash
# Another build of our kernel, for scenarios/s4-other-kernel.sh: the same
# source and config with another build version ("#other-build" in its
# version string), as after a distribution's kernel update. Made from a
# copy of build/kernel, so only the version object is rebuilt and linked.
# Output: build/linux/.out-kernel-other/arch/x86/boot/bzImage.
set -eu
. "$(dirname "$0")/common.sh"

tree=$BUILD/linux
src=$tree/.out-kernel
out=$tree/.out-kernel-other
[ -s "$src/arch/x86/boot/bzImage" ] || die "no kernel in ${src#"$TOP"/} (run 'make kernel' first)"
phase_begin "another build of the guest kernel"
rm -rf "$out"
cp -a "$src" "$out"
export CCACHE_DIR=$CACHE/ccache CCACHE_BASEDIR=$TOP CCACHE_NOHASHDIR=1
export KBUILD_BUILD_USER=xenhib KBUILD_BUILD_HOST=lab
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026'
make -C "$tree" O="$out" ARCH=x86_64 CC="ccache gcc" -j"$(nproc)" \
	KBUILD_BUILD_VERSION=other-build bzImage >"$out/build.log" 2>&1 ||
	{ tail -n 30 "$out/build.log" >&2; die "the other build failed"; }
grep -q 'other-build' "$out/include/generated/utsversion.h" ||
	die "the other build's version string lacks 'other-build'"
phase_end
log "other build: $(sed -n 's/.*UTS_VERSION "\(.*\)"/\1/p' "$out/include/generated/utsversion.h")"
