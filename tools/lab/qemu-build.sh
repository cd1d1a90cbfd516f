#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stage 0: the QEMU that runs the lab, built from Debian's own source
# (bookworm-backports, the same version as its qemu-system-x86 package)
# with one fix of ours, qemu-svm-inject-once.patch: TCG's SVM delivers
# an interrupt injected by VMRUN a second time, which double-faults the
# PVH and HVM guests of Xen (the patch says how). Only the x86_64 system
# emulator, TCG, 9p; firmware comes from Debian's packages at run time
# (boot.sh passes -L for /usr/share/qemu and /usr/share/seabios).
# Output: $LAB/qemu-system-x86_64, cached in $CACHE.
set -eu
. "$(dirname "$0")/common.sh"

patch=$LABDIR/qemu-svm-inject-once.patch
key=$(recipe_key "$0" "$patch")
out=$CACHE/qemu-$key/qemu-system-x86_64
if [ -x "$out" ]; then
	lab_install "$out"
	log "qemu: cached $out"
	exit 0
fi

phase_begin "qemu build"
ensure_backports
ensure_deb_src bookworm-backports
# meson: QEMU 10 needs >= 1.5 (bookworm has 1.0); python3-pycotap is the
# other module its configure insists on and does not ship in this tarball.
need_pkgs -t bookworm-backports meson python3-pycotap
need_pkgs build-essential ninja-build pkg-config python3-venv \
	libglib2.0-dev libattr1-dev zlib1g-dev patch xz-utils

src=$CACHE/qemu-src
mkdir -p "$src"
tarball=$src/qemu_${QEMU_DEB_VERSION#*:}
tarball=${tarball%-*}.orig.tar.xz
if [ ! -s "$tarball" ]; then
	# Only the upstream tarball: this mirror does not serve the .dsc.
	# apt checks it against the signed Sources index.
	(cd "$src" && apt-get source -qq --download-only --tar-only \
		"qemu=$QEMU_DEB_VERSION")
fi

work=$LAB/qemu-build
rm -rf "$work"
mkdir -p "$work"
tar -xf "$tarball" -C "$work" --strip-components=1
patch -s -d "$work" -p1 <"$patch"
# The +ds tarball has no firmware images: do not try to unpack EDK2's.
sed -i 's/^\( *unpack_edk2_blobs = \)bzip2\.found()$/\1false/' "$work/meson.build"
grep -q '^ *unpack_edk2_blobs = false$' "$work/meson.build" ||
	die "qemu: meson.build no longer has the EDK2 unpack switch"

mkdir -p "$work/build"
(cd "$work/build" && ../configure --python=/usr/bin/python3 \
	--target-list=x86_64-softmmu --without-default-features \
	--enable-tcg --enable-virtfs --enable-attr \
	--disable-docs --disable-werror --disable-download \
	--disable-install-blobs >"$work/configure.log" 2>&1) ||
	die "qemu configure failed, see $work/configure.log"
ninja -C "$work/build" -j"$(nproc)" qemu-system-x86_64 >"$work/build.log" 2>&1 ||
	die "qemu build failed, see $work/build.log"

mkdir -p "$(dirname "$out")"
cp "$work/build/qemu-system-x86_64" "$out.tmp"
mv "$out.tmp" "$out"
lab_install "$out"
rm -rf "$work"
phase_end
