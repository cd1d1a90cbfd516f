#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario bisect: every point of the series boots a guest and keeps the
# toolstack's paths working, so a bisect never lands on a patch that
# breaks xl save. For each kernel in the payload named bzImage-pNN (the
# guest kernel patch NN built, passed by tools/lab/bisect-check.sh), in
# order: a new guest boots it to user space and runs that very kernel
# (its uname -v is the one the image's boot header carries), xl save +
# xl restore (a new domain) and xl save -c (the same domain) keep it
# running with its boot id and in-memory token, and its console shows no
# WARNING/BUG. A patch that fails does not stop the ones after it; each
# failed check names its patch.
# lab-timeout: 7200
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

kernels=$(find /share/payload -maxdepth 1 -name 'bzImage-p[0-9]*' | sort)
require "the kernels of the series' patches are in the payload" test -n "$kernels"
echo "# $(echo "$kernels" | wc -l) kernels"

# image_version FILE: the version string in a bzImage's boot header
# (boot protocol: kernel_version, at offset 0x20e, points 0x200 before it).
image_version() {
	local off
	off=$(od -An -tu2 -j526 -N2 "$1" | tr -d ' ')
	dd if="$1" bs=1 skip=$((off + 512)) count=256 2>/dev/null | tr '\0' '\n' | head -n 1
}

# runs_kernel FILE: the guest's uname -v ends the version FILE carries.
runs_kernel() {
	local want
	want=$(image_version "$1")
	guest_run 'uname -v' || return 1
	echo "# image: $want"
	echo "# guest: $GUEST_OUT"
	[ -n "$GUEST_OUT" ] && [ "${want%"$GUEST_OUT"}" != "$want" ]
}

guest_boot() {
	guest_create && guest_wait_ready "$T_BOOT" && guest_agent_wait "$T_RUN"
}

rm -f "$GUEST_DIR/kept"
first=1
for k in $kernels; do
	p=${k##*-p}
	echo "# patch $p"
	guest_destroy
	guest_wait_gone 60
	GUEST_KERNEL=$k GUEST_BOOT_ID='' GUEST_TOKEN=''
	check "patch $p: boots to user space" guest_boot || continue
	first=$((GUEST_MARK + 1))
	check "patch $p: the guest runs its kernel" runs_kernel "$k"
	if check "patch $p: xl save + xl restore" guest_save_restore; then
		check "patch $p: agent answers after restore" guest_agent_wait 120
		check "patch $p: same boot id and token after restore" guest_same_identity
	fi
	if check "patch $p: xl save -c" guest_checkpoint; then
		check "patch $p: agent answers after save -c" guest_agent_wait 120
		check "patch $p: same boot id and token after save -c" guest_same_identity
	fi
	check "patch $p: no WARNING/BUG in the guest log" guest_log_clean "$first"
done
guest_destroy
lab_finish
