#!/bin/bash
# Stage: the series' kselftests (tools/testing/selftests/xen in the patched
# tree), linked statically for the busybox guest. guest-payload.sh puts
# them in the guest's /selftests.
# Output: $LAB/selftests/.
set -eu
. "$(dirname "$0")/common.sh"

src=$BUILD/linux/tools/testing/selftests/xen
[ -d "$src" ] || die "no $src: run 'make tree' (the series adds it)"
need_pkgs gcc make libc6-dev
out=$LAB/selftests
mkdir -p "$out"
make -s -C "$src" OUTPUT="$out" LDFLAGS=-static \
	KHDR_INCLUDES="-isystem $BUILD/linux/usr/include -isystem $BUILD/linux/include/uapi" >&2
log "kselftests: $(cd "$out" && echo xen_*)"
