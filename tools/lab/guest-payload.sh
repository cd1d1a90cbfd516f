#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stage 4: the guest payload: our kernel (bzImage) and a busybox initramfs
# with the lab's guest init and test agent (tools/lab/guest/).
# LAB_KERNEL overrides the kernel (default: $BUILD/kernel/arch/x86/boot/bzImage).
# Output: $LAB/payload/bzImage, $LAB/payload/guest-initrd.gz, and
# $LAB/payload/kernel-id: which kernel that is (soak records carry it).
set -eu
. "$(dirname "$0")/common.sh"

kernel=${LAB_KERNEL:-$BUILD/kernel/arch/x86/boot/bzImage}
[ -s "$kernel" ] || die "no guest kernel at $kernel (run 'make kernel' first)"

phase_begin "guest payload"
need_pkgs busybox-static cpio gcc libc6-dev
out=$LAB/payload
stage=$LAB/payload-root
rm -rf "$stage"
mkdir -p "$out" "$stage"/bin "$stage"/sbin "$stage"/usr/bin "$stage"/usr/sbin \
	"$stage"/dev "$stage"/proc "$stage"/sys "$stage"/run "$stage"/mnt "$stage"/tmp
cp /bin/busybox "$stage/bin/busybox"
for app in $(/bin/busybox --list); do
	[ -e "$stage/bin/$app" ] || ln -s busybox "$stage/bin/$app"
done
# The kernel's orderly_poweroff() and reboot run /sbin/poweroff, /sbin/reboot.
for app in poweroff reboot halt; do
	ln -s ../bin/busybox "$stage/sbin/$app"
done
install -m 0755 "$LABDIR/guest/init" "$stage/init"
install -m 0755 "$LABDIR/guest/lab-agent" "$stage/bin/lab-agent"
# Static: the initramfs has no C library.
gcc -static -O2 -Wall -o "$stage/bin/lab-inflight" "$LABDIR/guest/lab-inflight.c"
gcc -static -O2 -Wall -o "$stage/bin/lab-memcheck" "$LABDIR/guest/lab-memcheck.c"
# The series' kselftests (selftests-build.sh), run by scenarios/kselftest.sh.
if [ -d "$LAB/selftests" ]; then
	mkdir -p "$stage/selftests"
	find "$LAB/selftests" -maxdepth 1 -type f -name 'xen_*' -perm -u+x \
		-exec install -m 0755 {} "$stage/selftests/" \;
fi
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -9 >"$out/guest-initrd.gz.tmp"
mv "$out/guest-initrd.gz.tmp" "$out/guest-initrd.gz"
cp "$kernel" "$out/bzImage"
# The kernel's identity: the source tree and .config it was built from
# (build/linux, build/kernel), "-dirty" with uncommitted edits; for a
# kernel given by LAB_KERNEL, a hash of the image itself.
if [ -z "${LAB_KERNEL:-}" ] && [ -f "$BUILD/kernel/.config" ] &&
	tree=$(git -C "$BUILD/linux" rev-parse 'HEAD^{tree}' 2>/dev/null); then
	dirty=
	[ -z "$(git -C "$BUILD/linux" status --porcelain --untracked-files=no)" ] ||
		dirty=-dirty
	echo "$(cat <(echo "$tree") "$BUILD/kernel/.config" | sha256sum | cut -c1-12)$dirty" \
		>"$out/kernel-id"
else
	image_kernel_id "$kernel" >"$out/kernel-id"
fi
rm -rf "$stage"
log "guest payload: $(du -h "$out/bzImage" | cut -f1) kernel, $(du -h "$out/guest-initrd.gz" | cut -f1) initramfs"
phase_end
