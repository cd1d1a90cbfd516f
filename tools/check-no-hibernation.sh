#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A kernel that cannot hibernate a Xen guest keeps the old behaviour: with
# the guest config less HIBERNATION (so no CONFIG_XEN_HIBERNATION), the x86
# and generic Xen code compiles, leaves out the vcpu_info page and the
# hibernate driver, and calls nothing they define (the objects' undefined
# symbols against those two objects of the normal build). Compiles the two
# directories only, not a whole kernel.
set -eu
. "$(dirname "$0")/lib.sh"

tree=$BUILD/linux
full=$BUILD/kernel
out=$tree/.out-no-hibernation
gated=(arch/x86/xen/vcpu_info_hvm.o drivers/xen/hibernate.o)
for o in "${gated[@]}"; do
	[ -f "$full/$o" ] || die "no $o in ${full#"$TOP"/}: build the guest kernel first"
done
mkdir -p "$out"
cp "$full/.config" "$out/.config"
"$tree/scripts/config" --file "$out/.config" --disable HIBERNATION
kbuild_env
make -s -C "$tree" O="$out" olddefconfig
! grep -q '^CONFIG_XEN_HIBERNATION=y' "$out/.config" ||
	die "CONFIG_XEN_HIBERNATION is still set without HIBERNATION"
if ! make -C "$tree" O="$out" ARCH=x86_64 CC="ccache gcc" -j"$(nproc)" \
	arch/x86/xen/ drivers/xen/ > "$out/build.log" 2>&1; then
	grep -E 'error' "$out/build.log" | head -n 30 >&2
	die "the Xen code does not build without hibernation; log: ${out#"$TOP"/}/build.log"
fi
for o in "${gated[@]}"; do
	[ ! -f "$out/$o" ] || die "$o is built without CONFIG_XEN_HIBERNATION"
done
# Symbols only the gated objects define, and who still asks for them.
defined=$(cd "$full" && nm --defined-only "${gated[@]}" | awk '$2 ~ /[TDBR]/ { print $3 }' | sort -u)
wanted=$(find "$out/arch/x86/xen" "$out/drivers/xen" -name '*.o' ! -name '*.mod.o' \
	-exec nm -u {} + 2>/dev/null | awk 'NF == 2 { print $2 }' | sort -u)
calls=$(comm -12 <(echo "$defined") <(echo "$wanted"))
[ -z "$calls" ] || die "without CONFIG_XEN_HIBERNATION, the Xen code calls: $(echo "$calls" | tr '\n' ' ')"
log "no hibernation: Xen code built without ${gated[*]}, nothing calls into them"
