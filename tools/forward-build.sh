#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the forward port's tree (build/linux-7.3) for x86_64 with our guest
# config, in build/linux-7.3/.out: configs/xen-guest.config changed as
# forward/linux-7.3/config-changes says, merged onto allnoconfig and
# checked by tools/kernel-config.sh; bzImage, and modules if the config
# has any; ccache as in tools/kernel-build.sh. Fails on a compiler warning
# or when an object of the series was not built.
set -eu
. "$(dirname "$0")/lib.sh"

need_pkgs gcc make bc bison flex libelf-dev libssl-dev ccache cpio xz-utils perl python3

name=${FORWARD:-linux-7.3}
fwd=$TOP/forward/$name
tree=$BUILD/$name
out=$tree/.out
changes=$fwd/config-changes
frag=$TOP/configs/xen-guest.config
[ -d "$tree/.git" ] || die "no ${tree#"$TOP"/}; run tools/forward-tree.sh first"
mkdir -p "$out"

# The fragment for this kernel: lines left out, lines added.
drops=$(sed -n 's/^-\(CONFIG_[A-Za-z0-9_]*\)$/\1/p' "$changes")
for sym in $drops; do
	grep -q "^$sym=" "$frag" ||
		die "${changes#"$TOP"/} leaves $sym out, which ${frag#"$TOP"/} does not set; remove that line"
done
{
	printf '# %s, changed by %s\n' "${frag#"$TOP"/}" "${changes#"$TOP"/}"
	awk 'NR == FNR { if (/^-CONFIG_/) drop[substr($0, 2)] = 1; next }
		{ sym = $0; sub(/=.*/, "", sym); if (!(sym in drop)) print }' "$changes" "$frag"
	grep '^CONFIG_' "$changes"
} > "$out/xen-guest.config"
TREE=$tree "$TOP/tools/kernel-config.sh" "$out" "$out/xen-guest.config"
for sym in $drops; do
	if grep -qxF "$(grep "^$sym=" "$frag")" "$out/.config"; then
		die "$name takes $(grep "^$sym=" "$frag") as it is now: remove -$sym from ${changes#"$TOP"/}"
	fi
done

# As tools/kernel-build.sh: reproducible inputs give ccache hits.
kbuild_env

targets=(bzImage)
grep -q '=m$' "$out/.config" && targets+=(modules)
phase_begin "$name build ($(git -C "$tree" describe --always --tags), ${targets[*]}, ${out#"$TOP"/})"
if ! make -C "$tree" O="$out" ARCH=x86_64 CC="ccache gcc" -j"$(nproc)" "${targets[@]}" \
	> "$out/build.log" 2>&1; then
	grep -E 'error|Error' "$out/build.log" | head -n 40 >&2
	die "$name build failed; full log: ${out#"$TOP"/}/build.log"
fi
phase_end
# The series' own objects must be part of this build, or it proves nothing.
for o in drivers/xen/sleep.o drivers/xen/hibernate.o drivers/xen/manage.o \
	arch/x86/xen/vcpu_info_hvm.o drivers/xen/tests/sleep_kunit.o \
	arch/x86/xen/hibernate_pv.o arch/x86/xen/hibernate_pv_kunit.o; do
	[ -f "$out/$o" ] || die "the $name build has no $o: the series' code was not built"
done
warnings=$(grep -cE '(^|[^-])warning:' "$out/build.log" || true)
grep -E '(^|[^-])warning:' "$out/build.log" >&2 || true
log "$name: ${out#"$TOP"/}/arch/x86/boot/bzImage ($(stat -c %s "$out/arch/x86/boot/bzImage") bytes)," \
	"$(find "$out" -name '*.ko' | wc -l) modules, $warnings compiler warnings"
[ "$warnings" = 0 ] || die "the $name build has compiler warnings (above)"
