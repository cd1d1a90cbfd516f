#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-handover-refused: a backend that does not reset when the
# restore kernel hands the domain over. As the restore kernel reads the
# image, dom0 unbinds the backend driver from the data disk's device
# (vbd-<domid>-51728, xvdb), which then never answers. That backend could
# still map the restore kernel's pages, the image kernel's after a jump:
# the restore kernel must not jump. Its frontend names the backend, the
# PM core recovers ("Failed to load image, recovering"), the kernel boots
# on, and the data written before hibernating is intact on the next boot.
# (Before the fix the frontend logged "handing over anyway" and jumped.)
# lab-timeout: 1500
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

# unbind_data_backend: leave the data disk's backend without its driver.
unbind_data_backend() {
	local dev
	dev=vbd-$(xl domid "$GUEST_NAME")-51728
	[ -e "/sys/bus/xen-backend/devices/$dev" ] || return 1
	echo "$dev" >/sys/bus/xen-backend/drivers/vbd/unbind && echo "# $dev unbound"
}

not_seen() {
	! guest_find "$1" || { echo "# seen: $GUEST_MATCH"; return 1; }
}

guest_s4_prepare
first=$((GUEST_MARK + 1))
old_boot_id=$GUEST_BOOT_ID
guest_mark
require "guest hibernates and the domain goes away" guest_hibernate
require "xl create, resume=$SWAP_DEV" guest_power_cycle "resume=$SWAP_DEV"
require "the restore kernel reads the image" \
	guest_wait_marker 'PM: (Using [0-9]+ thread.* decompression|Loading image data)' "$T_BOOT"
require "unbind the data disk's backend in dom0" unbind_data_backend
check "the frontend names the backend and refuses the handover" \
	guest_wait_marker 'did not reset .*not handing the domain over' 180
check "the PM core recovers instead of jumping" \
	guest_wait_marker 'Failed to load image, recovering' 120
check "the restore kernel boots on" guest_wait_ready
check "a fresh boot, not the image" test "$GUEST_BOOT_ID" != "$old_boot_id"
check "no handover, no jump" not_seen 'handing the domain over to|resumed in the domain handed over'
guest_log_since_mark | grep -a -E 'xen|PM:|blkfront|vbd' | grep -v 'LAB: HB' | tail -n 30 | sed 's/^/#   /'
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
guest_destroy
require "xl create (no resume)" guest_create
require "guest reaches userspace" guest_wait_ready
require "agent answers" guest_agent_wait
check "data written before hibernating verifies" guest_run \
	"mount $DATA_DEV /mnt && cd /mnt && md5sum -c s4data.md5"
lab_finish
