#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the x86_64 Xen guest bzImage from build/linux into build/kernel
# (build/kernel-debug with DEBUG=1), with ccache.
#
# The output directory is a direct subdirectory of the tree, which makes
# Kbuild use the relative srctree "..": compiler command lines then do not
# depend on where the repository is checked out, and ccache hits across
# clones (CI builds a fresh clone every time). build/kernel links to it.
set -eu
. "$(dirname "$0")/lib.sh"

need_pkgs gcc make bc bison flex libelf-dev libssl-dev ccache cpio xz-utils perl python3

tree=${TREE:-$BUILD/linux}
frags=("$TOP/configs/xen-guest.config")
name=kernel
if [ "${DEBUG:-0}" = 1 ]; then
	frags+=("$TOP/configs/debug.config")
	name=kernel-debug
fi
out=$tree/.out-$name
mkdir -p "$out"
if [ ! -L "$BUILD/$name" ]; then
	rm -rf "${BUILD:?}/$name"
	ln -s "linux/.out-$name" "$BUILD/$name"
fi

"$TOP/tools/kernel-config.sh" "$out" "${frags[@]}"

# Reproducible inputs give ccache hits across clean builds and checkouts.
kbuild_env

phase_begin "kernel build ($(git -C "$tree" describe --always --tags 2>/dev/null), ${out#"$TOP"/})"
if ! make -C "$tree" O="$out" ARCH=x86_64 CC="ccache gcc" -j"$(nproc)" ${W:+W=$W} ${C:+C=$C} bzImage \
	> "$out/build.log" 2>&1; then
	grep -E 'error|Error' "$out/build.log" | head -n 40 >&2
	die "kernel build failed; full log: ${out#"$TOP"/}/build.log"
fi
phase_end
grep -E '(^|[^-])warning:' "$out/build.log" >&2 || true
log "kernel: ${out#"$TOP"/}/arch/x86/boot/bzImage ($(stat -c %s "$out/arch/x86/boot/bzImage") bytes)"
