#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stage 3: boot Xen + dom0 under QEMU TCG and let dom0 run the driver in
# the share. Usage: boot.sh SHARE_DIR RUN_DIR TIMEOUT_SECONDS
# The share is dom0's /share (9p): dom0-driver.sh, plan, payload in,
# results out. Serial console (Xen log + dom0 console) goes to
# RUN_DIR/console.log. The whole QEMU run is under `timeout`: exit status
# 124 means it hung. dom0 boots from a qcow2 overlay on the pristine image,
# so every run starts from the same dom0, and a scratch ext4 disk (/scratch)
# holds the guests' disks and save images.
set -eu
. "$(dirname "$0")/common.sh"

[ $# -eq 3 ] || die "usage: boot.sh SHARE_DIR RUN_DIR TIMEOUT_SECONDS"
share=$1 run=$2 limit=$3
ensure_backports
# Debian's QEMU for qemu-img and the firmware (SeaBIOS, option ROMs) that
# our own build of the same version (qemu-build.sh) loads.
need_pkgs -t bookworm-backports qemu-system-x86 qemu-utils
need_pkgs e2fsprogs

for f in qemu-system-x86_64 xen dom0.ext4 dom0-vmlinuz dom0-initrd; do
	[ -s "$LAB/$f" ] || die "missing $LAB/$f (run qemu-build.sh, xen-build.sh and dom0-image.sh)"
done
mkdir -p "$run"
rm -f "$run/dom0.qcow2" "$run/scratch.ext4"
qemu-img create -q -f qcow2 -F raw -b "$LAB/dom0.ext4" "$run/dom0.qcow2"
mke2fs -q -t ext4 -F -L scratch "$run/scratch.ext4" "${LAB_SCRATCH_GB:-8}G" >/dev/null

# CPU: SVM for Xen's HVM/PVH guests; no RDTSCP (Xen has no NRIP-save under
# TCG and rejects the RDTSCP exit); no XSAVE (so no AVX either): with
# XSAVE, dom0 and guest programs crash at random under TCG while a PVH
# guest runs (heap corruption, segfaults in libc and busybox: 5-minute
# stress run 20261122-093451), and none did without it (-094321).
# Guest kernels used to die of a double fault on an interrupt delivered
# twice: that was TCG's SVM, fixed by our QEMU build (qemu-build.sh).
# thread=single (one host thread for both vCPUs): with multi-threaded TCG,
# dom0 userspace broke at random as well.
cpu=${LAB_CPU:-max,-rdtscp,-xsave}
xen_args="console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M dom0_max_vcpus=2"
xen_args="$xen_args loglvl=all guest_loglvl=all console_timestamps=boot noreboot"
# A grant table dump (xl debug-keys g, scenarios/s4-grant-audit.sh) lists
# a thousand entries or more: keep them all in the console ring.
xen_args="$xen_args conring_size=4M"
dom0_args="root=/dev/vda rw console=hvc0 earlyprintk=xen init=/sbin/lab-init"

phase_begin "qemu (Xen + dom0 + tests, timeout $limit s)"
st=0
t0=$(date +%s)
timeout -k 10 "$limit" "$LAB/qemu-system-x86_64" -L /usr/share/qemu -L /usr/share/seabios \
	-accel tcg,thread=single -cpu "$cpu" \
	-m "${LAB_QEMU_MEMORY:-4096}M" -smp 2 -display none -no-reboot -monitor none \
	-serial "file:$run/console.log" \
	-kernel "$LAB/xen" -append "$xen_args" \
	-initrd "$LAB/dom0-vmlinuz $dom0_args,$LAB/dom0-initrd" \
	-nic none \
	-drive "file=$run/dom0.qcow2,if=virtio,format=qcow2,cache=unsafe" \
	-drive "file=$run/scratch.ext4,if=virtio,format=raw,cache=unsafe" \
	-virtfs "local,path=$share,mount_tag=share,security_model=none,id=share" \
	</dev/null >"$run/qemu.log" 2>&1 || st=$?
phase_end
rm -f "$run/scratch.ext4" "$run/dom0.qcow2"
case $st in
0) ;;
124) log "QEMU timed out after $limit s" ;;
137) # timeout's own SIGKILL after -k, or a kill from outside
	if [ $(($(date +%s) - t0)) -ge "$limit" ]; then
		log "QEMU timed out after $limit s"
	else
		log "QEMU was killed (SIGKILL) after $(($(date +%s) - t0)) s"
	fi ;;
*) log "QEMU exited with status $st (see $run/qemu.log)" ;;
esac
exit "$st"
