#!/bin/bash
# Scenario s4-backend-missing: the domain created for the image lacks one
# of the disks the image had (its data disk, xvdb, is left out of the xl
# config). The image must resume anyway: the frontend of the missing disk
# says clearly that its backend is gone, everything else works (agent,
# network, the swap disk), no BUG/Oops. When the disk is attached again
# (xl block-attach), the guest can use it and its data verifies.
# lab-timeout: 1500
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

missing_logged() {
	guest_log_since_mark | grep -a -i -E 'vbd-51728|xvdb|device/vbd' |
		grep -a -i -E 'fail|miss|gone|error|timed out|not'
}
swap_reads() { guest_run "dd if=$SWAP_DEV of=/dev/null bs=64k count=16 2>&1 && grep $SWAP_DEV /proc/swaps"; }
data_verifies() {
	guest_run "n=0; while [ ! -b $DATA_DEV ] && [ \$n -lt 60 ]; do sleep 1; n=\$((n + 1)); done
		mount $DATA_DEV /mnt && cd /mnt && md5sum -c s4data.md5" 120
}

guest_s4_prepare
first=$((GUEST_MARK + 1))
require "unmount the data disk" guest_run "sync && umount /mnt"
guest_mark
require "guest hibernates and the domain goes away" guest_hibernate
GUEST_DISKS=$GUEST_SWAP_DISK
require "xl create without the data disk, resume=$SWAP_DEV" guest_power_cycle "resume=$SWAP_DEV"
check "the image kernel comes back" \
	guest_wait_marker "LAB: HB [0-9]+ token=$GUEST_TOKEN" "$T_BOOT"
check "agent answers after resume" guest_agent_wait 180
echo "# guest kernel messages after resume (xenbus, vbd, PM):"
guest_log_since_mark | grep -a -i -E 'xenbus|vbd|blkfront|PM:|xen' | grep -a -v 'LAB: HB' |
	tail -n 30 | sed 's/^/#   /'
check "the missing disk's frontend says so" missing_logged
check "same boot id and token" guest_same_identity
check "guest pings dom0" guest_net_check
check "the swap disk works" swap_reads
check "no BUG/Oops in the guest log" guest_log_clean "$first"

echo "# the data disk is attached again"
GUEST_DISKS="$GUEST_DATA_DISK, $GUEST_SWAP_DISK"
disk=$(echo "$GUEST_DATA_DISK" | sed "s|@DIR@|$GUEST_DIR|; s|\"||g")
check "xl block-attach $disk" xl block-attach "$GUEST_NAME" "$disk"
check "the data disk is back and its data verifies" data_verifies
check "no BUG/Oops in the guest log" guest_log_clean "$first"
lab_finish
