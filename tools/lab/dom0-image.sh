#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stage 2: the dom0 root filesystem, a debootstrap'd Debian bookworm with the
# Xen toolstack, as an ext4 image made by `mke2fs -d` (no loop mount).
# Output: $LAB/dom0.ext4 (pristine copy, boot.sh boots a copy of it),
# $LAB/dom0-vmlinuz and $LAB/dom0-initrd; all cached in $CACHE, keyed on
# this recipe.
set -eu
. "$(dirname "$0")/common.sh"

PKGS="linux-image-amd64 initramfs-tools xen-utils-4.17 xenstore-utils iproute2
busybox e2fsprogs kmod procps bridge-utils qemu-system-xen"
MIRROR=http://deb.debian.org/debian

key=$(recipe_key "$0")
out=$CACHE/dom0-$key
if [ -s "$out/dom0.ext4" ]; then
	lab_install "$out/dom0-vmlinuz" "$out/dom0-initrd" "$out/dom0.ext4"
	log "dom0: cached $out"
	exit 0
fi

phase_begin "dom0 image"
need_pkgs debootstrap e2fsprogs
[ "$(id -u)" -eq 0 ] || die "dom0-image.sh needs root (debootstrap)"

root=$LAB/dom0-root
debs=$CACHE/dom0-debs
rm -rf "$root"
mkdir -p "$root" "$debs"
debootstrap --variant=minbase --cache-dir="$debs" bookworm "$root" "$MIRROR" \
	>"$LAB/debootstrap.log" 2>&1 || die "debootstrap failed, see $LAB/debootstrap.log"

# No service starts inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
cp "$debs"/*.deb "$root/var/cache/apt/archives/" 2>/dev/null || true
# shellcheck disable=SC2086 # PKGS is a word list
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	--no-install-recommends $PKGS >"$LAB/dom0-apt.log" 2>&1 ||
	die "package install in dom0 failed, see $LAB/dom0-apt.log"
cp -n "$root"/var/cache/apt/archives/*.deb "$debs/" 2>/dev/null || true
chroot "$root" apt-get clean
rm -f "$root/usr/sbin/policy-rc.d"

# Configuration.
echo dom0 >"$root/etc/hostname"
sed -i 's/^#\?autoballoon=.*/autoballoon="off"/' "$root/etc/xen/xl.conf"
grep -q '^autoballoon="off"' "$root/etc/xen/xl.conf" ||
	echo 'autoballoon="off"' >>"$root/etc/xen/xl.conf"
# xenconsoled (started by Debian's /etc/init.d/xen, which reads
# /etc/default/xen) logs every guest console, one timestamped file per guest
# in /var/log/xen/console/guest-NAME.log.
echo 'XENCONSOLED_ARGS="--log=guest --timestamp=guest"' >>"$root/etc/default/xen"
mkdir -p "$root/share" "$root/scratch"

# The dom0 init: bring up the basics, the share and the toolstack, then
# hand over to the driver that boot.sh put in the share. It stays small so
# that changing the driver never rebuilds this image.
cat >"$root/sbin/lab-init" <<'INIT'
#!/bin/sh
# dom0 init for the lab (PID 1): mounts, share, scratch disk, xencommons,
# Xen daemons (/etc/init.d/xen: xenstored, xenconsoled), bridge xenbr0
# (169.254.99.1/24, no uplink), then /share/dom0-driver.sh; power off when
# it returns.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mkdir -p /run/lock /run/xen
modprobe -a 9p 9pnet_virtio virtio_blk loop ext4 2>/dev/null
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 share /share ||
	echo "lab-init: cannot mount the share"
mount -t ext4 /dev/vdb /scratch || echo "lab-init: cannot mount /scratch"
hostname dom0
ip link set lo up
modprobe -a xenfs xen-evtchn xen-gntdev xen-gntalloc xen-blkback xen-netback \
	xen-privcmd bridge 2>/dev/null
/etc/init.d/xen start
ip link add xenbr0 type bridge
ip addr add 169.254.99.1/24 dev xenbr0
ip link set xenbr0 up
echo "lab-init: dom0 ready after $(cut -d' ' -f1 /proc/uptime) s"
if [ -x /share/dom0-driver.sh ]; then
	/share/dom0-driver.sh
else
	echo "lab-init: no /share/dom0-driver.sh"
fi
sync
echo "lab-init: powering off"
busybox poweroff -f
echo o >/proc/sysrq-trigger
sleep 10
INIT
chmod +x "$root/sbin/lab-init"

tmp=$LAB/dom0-out
rm -rf "$tmp"
mkdir -p "$tmp"
cp "$root"/boot/vmlinuz-* "$tmp/dom0-vmlinuz"
cp "$root"/boot/initrd.img-* "$tmp/dom0-initrd"
mke2fs -q -t ext4 -L dom0 -d "$root" "$tmp/dom0.ext4" 3G
rm -rf "$out"
mv "$tmp" "$out"
rm -rf "$root"
lab_install "$out/dom0-vmlinuz" "$out/dom0-initrd" "$out/dom0.ext4"
phase_end
