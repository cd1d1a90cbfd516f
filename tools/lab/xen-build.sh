#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stage 1: a Xen hypervisor with shadow paging, built from Debian's own
# source package (bookworm), because Debian's binary has only HAP, and HAP
# is broken for guests under QEMU TCG (see LAB-NOTES).
# Output: $LAB/xen (ELF, loadable by QEMU's multiboot), cached in $CACHE.
set -eu
. "$(dirname "$0")/common.sh"

key=$(recipe_key "$0")
out=$CACHE/xen-$key/xen
if [ -s "$out" ]; then
	lab_install "$out"
	log "xen: cached $out"
	exit 0
fi

phase_begin "xen build"
need_pkgs dpkg-dev build-essential python3 bison flex

ensure_deb_src bookworm

src=$CACHE/xen-src
mkdir -p "$src"
dsc=$src/xen_${XEN_DEB_VERSION#*:}.dsc
if [ ! -s "$dsc" ]; then
	(cd "$src" && apt-get source -qq --download-only "xen=$XEN_DEB_VERSION")
fi

work=$LAB/xen-build
rm -rf "$work"
dpkg-source --no-check -x "$dsc" "$work" >/dev/null
make -s -C "$work/xen" defconfig
grep -q '^CONFIG_SHADOW_PAGING=y' "$work/xen/.config" ||
	die "xen defconfig lacks CONFIG_SHADOW_PAGING=y"
make -s -C "$work/xen" -j"$(nproc)"

mkdir -p "$(dirname "$out")"
cp "$work/xen/xen" "$out.tmp"
mv "$out.tmp" "$out"
lab_install "$out"
rm -rf "$work" "$LAB"/xen_*.orig.tar.*
phase_end
