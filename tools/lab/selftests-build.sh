#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stage: the series' kselftests (tools/testing/selftests/xen in the patched
# tree), linked statically for the busybox guest. guest-payload.sh puts
# them in the guest's /selftests.
# Output: $LAB/selftests/.
set -eu
. "$(dirname "$0")/common.sh"

src=$BUILD/linux/tools/testing/selftests/xen
[ -d "$src" ] || die "no $src: run 'make tree' (the series adds it)"
# rsync: the kernel's headers_install copies the headers with it.
need_pkgs gcc make libc6-dev rsync
out=$LAB/selftests
hdr=$LAB/khdr
mkdir -p "$out"
# The series' uapi headers, sanitised, from the guest kernel's build.
make -s -C "$BUILD/linux" O="$BUILD/linux/.out-kernel" ARCH=x86_64 \
	headers_install INSTALL_HDR_PATH="$hdr" >&2
make -s -C "$src" OUTPUT="$out" LDFLAGS=-static \
	KHDR_INCLUDES="-isystem $hdr/include" >&2
log "kselftests: $(cd "$out" && echo xen_*)"
