#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot the guest kernel in plain QEMU (TCG, no Xen) with a busybox
# initramfs running tools/smoke/init; print its results as TAP.
set -eu
. "$(dirname "$0")/lib.sh"

ensure_backports
need_pkgs busybox-static
need_pkgs -t bookworm-backports qemu-system-x86

kout=${KOUT:-$BUILD/kernel}
bz=$kout/arch/x86/boot/bzImage
[ -f "$bz" ] || die "no kernel at ${bz#"$TOP"/}; run 'make kernel'"
dir=$BUILD/smoke
mkdir -p "$dir"

cat > "$dir/initramfs.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /bin 0755 0 0
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /tmp 1777 0 0
file /bin/busybox $(command -v busybox) 0755 0 0
slink /bin/sh busybox 0777 0 0
file /init $TOP/tools/smoke/init 0755 0 0
LIST
"$kout/usr/gen_init_cpio" "$dir/initramfs.list" > "$dir/initramfs.cpio"

phase_begin "smoke boot in QEMU TCG"
rc=0
timeout 300 qemu-system-x86_64 -accel tcg -cpu max -m 512 -smp 2 \
	-nographic -no-reboot -nic none \
	-kernel "$bz" -initrd "$dir/initramfs.cpio" \
	-append "console=ttyS0 panic=-1 loglevel=7" \
	> "$dir/console.log" 2>&1 < /dev/null || rc=$?
phase_end
[ "$rc" = 124 ] && log "QEMU did not finish in 300 s"

n=0
fail=0
while IFS= read -r line; do
	case $line in
	"SMOKE ok - "*) n=$((n + 1)); echo "ok $n - smoke: ${line#SMOKE ok - }" ;;
	"SMOKE not ok - "*) n=$((n + 1)); fail=1; echo "not ok $n - smoke: ${line#SMOKE not ok - }" ;;
	"SMOKE # "*) echo "${line#SMOKE }" ;;
	esac
done < <(tr -d '\r' < "$dir/console.log")
if ! grep -q 'SMOKE done' "$dir/console.log"; then
	n=$((n + 1))
	fail=1
	echo "not ok $n - smoke: guest finished (QEMU exit $rc; console: ${dir#"$TOP"/}/console.log)"
	tail -n 20 "$dir/console.log" | sed 's/^/# /'
fi
exit "$fail"
