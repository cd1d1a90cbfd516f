#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Our patched kernel as Debian packages, configured as Debian's own cloud
# kernel: config.amd64_none_cloud-amd64 from linux-config-6.12 applied to
# build/linux's HEAD (exported by `git archive` into
# build/debian-kernel-RELEASE/src: never built inside build/linux), less what only
# slows the build or needs Debian's signing keys, and with only the modules
# the guest loads (debian-guest/kernel-modules); Debian's choices for the
# Xen frontends, PM, hibernation, compression and event channels are kept,
# and CONFIG_XEN_HIBERNATION=y is required. `make bindeb-pkg` with ccache.
# Output: the linux-image .deb (and linux-headers, linux-libc-dev) in
# $LAB/debian-kernel-debs/, for debian-guest-image.sh; cached in $CACHE,
# keyed on this recipe, the module list, the tree id of HEAD and Debian's
# config.
# Usage: debian-kernel.sh [bookworm|trixie]. trixie: the forward port
# (build/linux-7.3, made by tools/forward-tree.sh) with linux-config-7.3
# from trixie-backports, into $LAB/debian-kernel-debs-trixie/.
set -eu
. "$(dirname "$0")/common.sh"

release=${1:-bookworm}
case $release in
bookworm)
	tree=$BUILD/linux cfgpkg=linux-config-6.12 cfgsuite='' debs=$LAB/debian-kernel-debs ;;
trixie)
	"$TOP/tools/forward-tree.sh" >/dev/null
	tree=$BUILD/linux-7.3 cfgpkg=linux-config-7.3 cfgsuite=trixie-backports
	debs=$LAB/debian-kernel-debs-trixie ;;
*) die "usage: debian-kernel.sh [bookworm|trixie]" ;;
esac
work=$BUILD/debian-kernel-$release
cfgname=config.amd64_none_cloud-amd64.xz
JOBS=${JOBS:-2}

# libdw-dev: 7.3's bindeb-pkg lists it as a build dependency.
need_pkgs build-essential bc bison flex libelf-dev libssl-dev ccache cpio \
	xz-utils zstd perl python3 rsync kmod dpkg-dev debhelper libdw-dev
head=$(git -C "$tree" rev-parse HEAD)
treeid=$(git -C "$tree" rev-parse 'HEAD^{tree}')

# Debian's kernel configurations: the linux-config-X.Y package (the
# version apt knows now, downloaded once).
cfgdeb_dir=$CACHE/debian-linux-config
mkdir -p "$cfgdeb_dir"
cfgdeb=$(find "$cfgdeb_dir" -name "${cfgpkg}_*.deb" | sort | tail -n 1)
if [ -z "$cfgdeb" ]; then
	apt=()
	if [ -n "$cfgsuite" ]; then
		suite_apt "$cfgsuite"
		apt=("${SUITE_APT[@]}")
	fi
	(cd "$cfgdeb_dir" && apt-get "${apt[@]}" download -qq "$cfgpkg") ||
		die "apt-get download $cfgpkg failed"
	cfgdeb=$(find "$cfgdeb_dir" -name "${cfgpkg}_*.deb" | sort | tail -n 1)
	[ -n "$cfgdeb" ] || die "apt-get download $cfgpkg gave no package"
fi

key=$(recipe_key "$0" "$LABDIR/debian-guest/kernel-modules" <(echo "$treeid") "$cfgdeb")
out=$CACHE/debian-kernel-$key
# install_debs: the cached packages, and only those, in $debs.
install_debs() {
	rm -rf "$debs"
	mkdir -p "$debs"
	cp "$out"/*.deb "$debs/"
}
if compgen -G "$out/linux-image-*.deb" >/dev/null; then
	install_debs
	log "debian kernel: cached $out"
	exit 0
fi

phase_begin "debian kernel packages ($(git -C "$tree" describe --always --tags "$head"), Debian cloud config)"
rm -rf "$work"
mkdir -p "$work/src" "$work/config"
git -C "$tree" archive "$head" | tar -x -C "$work/src"
dpkg-deb -x "$cfgdeb" "$work/config"
cfgxz=$(find "$work/config" -name "$cfgname")
[ -n "$cfgxz" ] || die "no $cfgname in $(basename "$cfgdeb")"
xz -dc "$cfgxz" >"$work/src/.config"

cd "$work/src"
kbuild_env
# ccache through PATH: dpkg-buildpackage's own make calls see it too.
export PATH=/usr/lib/ccache:$PATH
make -s olddefconfig
# Off: debug info and BTF (time, and a -dbg package of gigabytes) and
# Debian's certificates (their keys are Debian's). Modules are signed with
# a key the build makes (MODULE_SIG stays: SECURITY_LOCKDOWN_LSM selects
# it, and an unsigned module taints the kernel).
# LOCALVERSION names the release apart from Debian's own kernels.
scripts/config \
	--disable DEBUG_INFO --disable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT \
	--disable DEBUG_INFO_DWARF4 --disable DEBUG_INFO_DWARF5 --enable DEBUG_INFO_NONE \
	--disable DEBUG_INFO_BTF --disable DEBUG_INFO_BTF_MODULES \
	--enable MODULE_SIG --enable MODULE_SIG_ALL --disable MODULE_SIG_FORCE \
	--set-str MODULE_SIG_KEY "certs/signing_key.pem" \
	--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
	--set-str SYSTEM_BLACKLIST_HASH_LIST "" \
	--set-str LOCALVERSION "-xenhib" --disable LOCALVERSION_AUTO
make -s olddefconfig
# Trimmed to the modules the guest loads (debian-guest/kernel-modules):
# Debian's 1100-odd cloud modules take most of a 2-core build and, loaded
# by udev under TCG, much of the guest's boot.
grep -v '^#' "$LABDIR/debian-guest/kernel-modules" |
	awk 'BEGIN { print "Module Size Used by" } NF { print $1, 0, 0 }' >"$work/lsmod"
yes '' | make -s LSMOD="$work/lsmod" localmodconfig >"$work/localmodconfig.log" 2>&1 ||
	die "localmodconfig failed; log: ${work#"$TOP"/}/localmodconfig.log"
# KVM stays =m through KVM_XEN=y, which depends on it; a guest has no use.
scripts/config --disable KVM
make -s olddefconfig
for opt in XEN_BLKDEV_FRONTEND XEN_NETDEV_FRONTEND XEN_DEV_EVTCHN XEN_GNTDEV; do
	grep -q "^CONFIG_$opt=m" .config ||
		die "CONFIG_$opt is no longer =m after localmodconfig"
done
grep -q '^CONFIG_XEN_HIBERNATION=y' .config ||
	die "CONFIG_XEN_HIBERNATION is not y with Debian's cloud config: $(grep -E '^CONFIG_(HIBERNATION|XEN_PVHVM|XEN_SAVE_RESTORE)[= ]' .config | tr '\n' ' ')"
cp .config "$work/config.used"
log "debian kernel: $(make -s kernelversion)$(sed -n 's/^CONFIG_LOCALVERSION="\(.*\)"$/\1/p' .config), $(grep -E '^CONFIG_(XEN_BLKDEV_FRONTEND|XEN_NETDEV_FRONTEND|XEN_PVH|HIBERNATION|XEN_HIBERNATION|MODULE_COMPRESS_[A-Z]*)=' .config | tr '\n' ' ')"
if ! make -j"$JOBS" bindeb-pkg >"$work/build.log" 2>&1; then
	grep -E 'error|Error' "$work/build.log" | head -n 40 >&2
	die "bindeb-pkg failed; full log: ${work#"$TOP"/}/build.log"
fi
cd "$work"
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
mv "$work"/*.deb "$out.tmp/"
cp "$work/config.used" "$out.tmp/config"
rm -rf "$out"
mv "$out.tmp" "$out"
rm -rf "$work/src"
install_debs
log "debian kernel: $(cd "$out" && echo *.deb)"
phase_end
