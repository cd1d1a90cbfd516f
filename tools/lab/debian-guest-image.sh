#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A Debian bookworm guest as an operator runs it: systemd, udev,
# initramfs-tools, booted by xl with the image's own kernel and initramfs.
# Usage: [DEBIAN_SUITE=trixie] debian-guest-image.sh [KERNEL_DEB_DIR]
# Every linux-image-*.deb in KERNEL_DEB_DIR (debian-kernel.sh) is installed
# with dpkg in the image, so that Debian's own hooks make its initramfs;
# Debian's stock linux-image-cloud-amd64 is always there as the baseline.
# Output: $LAB/debian/root.ext4 (1.5 GiB, sparse; $LAB/debian-SUITE for
# another suite than bookworm), vmlinuz-<release> and
# initrd.img-<release> for each kernel, and kernels.txt: one line
# "<release> debian|local" per kernel (debian: the stock one).
# Two caches in $CACHE: the debootstrap'd base tree, keyed on its recipe
# (base_tree and PKGS), and the image, keyed on this script, the guest's
# files (debian-guest/, guest/lab-agent), the base and the kernel .debs:
# a new kernel .deb reuses the base tree.
set -eu
. "$(dirname "$0")/common.sh"

debdir=${1:-}
dist=${DEBIAN_SUITE:-bookworm}
dest=$(debian_image_dir "$dist")
# systemd-sysv: /sbin/init; dbus: systemd-logind fails without it;
# zstd: initramfs-tools' default compressor; iputils-ping: the lab's
# network check (guest_net_check).
PKGS="systemd systemd-sysv udev dbus initramfs-tools zstd pm-utils e2fsprogs
kmod iproute2 iputils-ping procps linux-image-cloud-amd64"
MIRROR=http://deb.debian.org/debian
GDIR=$LABDIR/debian-guest

# base_tree DIR: debootstrap minbase, the packages, the initramfs
# settings the kernels' hooks must see, and Debian's cloud kernel.
base_tree() {
	local root=$1 debs=$CACHE/debian-guest-debs-$dist
	mkdir -p "$root" "$debs"
	debootstrap --variant=minbase --cache-dir="$debs" "$dist" "$root" "$MIRROR" \
		>"$LAB/debian-debootstrap.log" 2>&1 ||
		die "debootstrap failed, see $LAB/debian-debootstrap.log"
	# The root filesystem by its Xen name; initramfs-tools reads it too.
	echo '/dev/xvda / ext4 errors=remount-ro 0 1' >"$root/etc/fstab"
	# No resume device until a scenario names one (RESUME= is how Debian
	# does it); without this mkinitramfs would probe this host's swap.
	mkdir -p "$root/etc/initramfs-tools/conf.d"
	echo 'RESUME=none' >"$root/etc/initramfs-tools/conf.d/resume"
	# No service starts inside the chroot.
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod +x "$root/usr/sbin/policy-rc.d"
	cp "$debs"/*.deb "$root/var/cache/apt/archives/" 2>/dev/null || true
	# shellcheck disable=SC2086 # PKGS is a word list
	chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $PKGS >"$LAB/debian-apt.log" 2>&1 ||
		die "package install in the Debian guest failed, see $LAB/debian-apt.log"
	cp -n "$root"/var/cache/apt/archives/*.deb "$debs/" 2>/dev/null || true
	chroot "$root" apt-get clean
	rm -f "$root/usr/sbin/policy-rc.d"
}

kdebs=()
if [ -n "$debdir" ]; then
	for f in "$debdir"/linux-image-*.deb; do
		case $f in
		*-dbg_*) ;;   # debug symbols: not a kernel to boot
		*) [ -f "$f" ] && kdebs+=("$f") ;;
		esac
	done
	[ ${#kdebs[@]} -gt 0 ] || die "no linux-image-*.deb in $debdir"
fi

base_key=$(recipe_key <(declare -f base_tree; echo "$PKGS $MIRROR $dist"))
base=$CACHE/debian-base-$base_key
key=$(recipe_key "$0" "$GDIR"/* "$LABDIR/guest/lab-agent" \
	<(echo "$base_key"; [ ${#kdebs[@]} -eq 0 ] || sha256sum "${kdebs[@]}" | cut -d' ' -f1))
out=$CACHE/debian-guest-$key
# lab_install puts files in $LAB itself: this stage's go to $dest, with
# the key they were made under.
install_out() {
	[ "$(cat "$dest/key" 2>/dev/null)" != "$key" ] || return 0
	rm -rf "$dest.tmp"
	mkdir -p "$dest.tmp"
	cp --sparse=always "$out"/* "$dest.tmp/"
	echo "$key" >"$dest.tmp/key"
	rm -rf "$dest"
	mv "$dest.tmp" "$dest"
}
if [ -s "$out/root.ext4" ]; then
	install_out
	log "debian $dist guest: cached $out"
	exit 0
fi

phase_begin "debian $dist guest image"
need_pkgs debootstrap e2fsprogs
[ "$(id -u)" -eq 0 ] || die "debian-guest-image.sh needs root (debootstrap, chroot)"
if [ ! -d "$base/root" ]; then
	log "debian guest: debootstrap (base $base_key)"
	rm -rf "$base.tmp"
	base_tree "$base.tmp/root"
	rm -rf "$base"
	mv "$base.tmp" "$base"
fi

root=$LAB/debian-root-$dist
rm -rf "$root"
cp -a "$base/root" "$root"
stock=$(basename "$(echo "$root"/boot/vmlinuz-*)")
stock=${stock#vmlinuz-}

echo debian-guest >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tdebian-guest\n' >"$root/etc/hosts"
# Keep the kernel's names (eth0, not enX0), which lab.ip= and the
# scenarios use.
mkdir -p "$root/etc/systemd/network"
ln -sfn /dev/null "$root/etc/systemd/network/99-default.link"
# QEMU TCG's SHA-NI gives wrong results: the kernel's self-test of
# sha256_ssse3 (sha224-ni) fails with a WARNING (run 20261205-142719).
printf '%s\n' '# The lab runs under QEMU TCG, whose SHA-NI is wrong.' 'blacklist sha256_ssse3' \
	>"$root/etc/modprobe.d/lab-tcg.conf"
# The boot spinner of slow jobs would fill the console log: failures only.
mkdir -p "$root/etc/systemd/system.conf.d"
printf '[Manager]\nShowStatus=error\n' >"$root/etc/systemd/system.conf.d/lab.conf"
# Under TCG one modprobe takes about 10 s of CPU: trixie's
# systemd-modules-load timed out after 41 s at boot (run
# 20261206-013034-deb-trixie-fix2), leaving the system degraded.
mkdir -p "$root/etc/systemd/system/systemd-modules-load.service.d"
printf '[Service]\nTimeoutStartSec=10min\n' \
	>"$root/etc/systemd/system/systemd-modules-load.service.d/lab-tcg.conf"
mkdir -p "$root/var/log/journal"
# The lab's agent, markers, network and continuity counter.
install -m 0755 "$LABDIR/guest/lab-agent" "$root/usr/local/bin/lab-agent"
install -m 0755 "$GDIR/lab-net" "$GDIR/lab-markers" "$GDIR/lab-counter" "$root/usr/local/sbin/"
install -m 0644 "$GDIR"/*.service "$GDIR"/*.socket "$root/etc/systemd/system/"
chroot "$root" systemctl enable -q lab-agent.socket lab-net.service \
	lab-markers.service lab-counter.service
# hvc0 carries the lab's markers, not a login prompt; the periodic jobs
# would only take CPU from the guest under TCG, and e2scrub_reap (LVM
# snapshots; there is no LVM) took 3.5 minutes of its boot.
chroot "$root" systemctl mask -q serial-getty@hvc0.service apt-daily.timer \
	apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer dpkg-db-backup.timer \
	e2scrub_reap.service
# Under TCG every modprobe costs seconds of CPU, and the early ones load
# what this guest never uses (no DRM, device mapper, EFI, FUSE or loop
# device): systemd-analyze blame showed each near 70 s, all of them
# competing with udev's coldplug for the CPU (run
# 20261206-045243-lockdep-v2b, debian-boot: userspace 6 min 24 s).
chroot "$root" systemctl mask -q modprobe@drm.service modprobe@dm_mod.service \
	modprobe@efi_pstore.service modprobe@fuse.service modprobe@loop.service
# The swap disk is the resume device, named where Debian's installer names
# it, in initramfs-tools' configuration: nothing on the kernel command line.
echo 'RESUME=/dev/xvdc' >"$root/etc/initramfs-tools/conf.d/resume"
# The base's kernel's initramfs again, with the settings above (the names
# of network interfaces, modprobe.d); the kernels below get them from dpkg.
chroot "$root" update-initramfs -u -k "$stock" >"$LAB/debian-initramfs.log" 2>&1 ||
	die "update-initramfs failed, see $LAB/debian-initramfs.log"

# Our kernels: dpkg runs Debian's hooks (update-initramfs) as on a real system.
if [ ${#kdebs[@]} -gt 0 ]; then
	mkdir -p "$root/tmp/kdebs"
	cp "${kdebs[@]}" "$root/tmp/kdebs/"
	chroot "$root" sh -c 'dpkg -i /tmp/kdebs/*.deb' >"$LAB/debian-kernel-install.log" 2>&1 ||
		die "kernel install failed, see $LAB/debian-kernel-install.log"
	rm -rf "$root/tmp/kdebs"
fi

tmp=$LAB/debian-out-$dist
rm -rf "$tmp"
mkdir -p "$tmp"
for v in "$root"/boot/vmlinuz-*; do
	rel=${v##*/vmlinuz-}
	[ -s "$root/boot/initrd.img-$rel" ] || die "no initramfs for kernel $rel"
	cp "$v" "$tmp/vmlinuz-$rel"
	cp "$root/boot/initrd.img-$rel" "$tmp/initrd.img-$rel"
	origin=local
	[ "$rel" != "$stock" ] || origin=debian
	echo "$rel $origin" >>"$tmp/kernels.txt"
done
mke2fs -q -t ext4 -L debian-root -d "$root" "$tmp/root.ext4" 1536M
rm -rf "$out"
mv "$tmp" "$out"
rm -rf "$root"
install_out
log "debian $dist guest: $(tr '\n' ';' <"$out/kernels.txt") $(du -h "$out/root.ext4" | cut -f1) used"
phase_end
