#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-swap-small: the swap disk is too small for the image (8 MiB
# for a guest of 256 MiB). `echo disk` must fail with an error status and
# the kernel must say why; the same guest goes on (same boot id and token,
# data verifies, disk and network work, no WARNING/BUG). Nothing of the
# failed attempt may be taken for an image: created again with resume=,
# the domain boots afresh, quietly.
# lab-timeout: 1200
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

SWAP_MB=8
old_boot_id=
echo_disk_failed() { echo "$GUEST_OUT" | grep -q '^status [1-9]'; }
no_image_signature() {
	! dd if="$GUEST_DIR/swap.img" bs=1 skip=4086 count=10 2>/dev/null | grep -q SUSPEND
}
new_boot() { [ "$GUEST_BOOT_ID" != "$old_boot_id" ]; }
no_image_found() {
	guest_log_since_mark | grep -a -E 'Image mismatch|Failed to load|image restore' && return 1
	return 0
}
data_verifies() {
	guest_run "{ grep -q ' /mnt ' /proc/mounts || mount $DATA_DEV /mnt; } &&
		echo 3 >/proc/sys/vm/drop_caches; cd /mnt && md5sum -c s4data.md5"
}

guest_disks
truncate -s 0 "$GUEST_DIR/swap.img"
truncate -s ${SWAP_MB}M "$GUEST_DIR/swap.img"
guest_s4_prepare
old_boot_id=$GUEST_BOOT_ID
first=$((GUEST_MARK + 1))
guest_run "grep xvdc /proc/swaps" && lab_indent "$GUEST_OUT"

guest_mark
check "echo disk returns" guest_run \
	"echo shutdown >/sys/power/disk; echo disk >/sys/power/state 2>&1; echo \"status \$?\"" 600
lab_indent "$GUEST_OUT"
check "echo disk reports an error status" echo_disk_failed
echo "# guest kernel messages since echo disk:"
guest_log_since_mark | grep -a -v 'LAB: HB' | grep -a -i -E 'PM:|swap|hibernat|xen:|error' |
	tail -n 30 | sed 's/^/#   /'
check "the kernel says the swap is too small" guest_wait_marker \
	'Not enough free swap|[Ii]mage saving failed|No space left|Cannot get swap writer' 30
check "same boot id and token" guest_same_identity
check "checksums verify" data_verifies
check "I/O on the data disk" guest_io_check
check "guest pings dom0" guest_net_check
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
check "no hibernation signature left on the swap disk" no_image_signature

echo "# the domain powered off and created again with resume=$SWAP_DEV"
guest_run "sync; umount /mnt" 60
require "xl destroy" guest_destroy
require "xl create with $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
check "the guest boots afresh" guest_wait_ready
check "a new boot id" new_boot
check "no image is looked at" no_image_found
check "agent answers" guest_agent_wait 120
check "data written before verifies" data_verifies
check "all $GUEST_VCPUS vCPUs online" guest_all_cpus_online
check "no WARNING/BUG in the new boot" guest_log_clean $((GUEST_MARK + 1))
lab_finish
