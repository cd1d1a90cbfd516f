#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-corrupt-image: the guest hibernates, then dom0 overwrites one
# page of the image's data in the swap disk before `xl create ... resume=`.
# The page is found as the kernel would: the header at the end of swap
# page 0 names the first swap map page, whose entries are the image's
# pages (entry 0 is the image header, data follows). Overwriting some other
# part of the disk proves nothing: unused swap pages are not read. The
# kernel must notice, say so, and boot afresh without a crash: a new boot
# id, the data written before hibernating still verifies, disk and network
# work, no WARNING/BUG/Oops in the new boot.
# lab-timeout: 1500
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

# image_signature: the swap disk holds a hibernation image (the kernel's
# signature ends in "SUSPEND", 10 bytes before the end of the first page).
image_signature() {
	dd if="$GUEST_DIR/swap.img" bs=1 skip=4086 count=10 2>/dev/null | grep -q SUSPEND
}
new_boot_id() {
	[ "$GUEST_BOOT_ID" != "$old_boot_id" ]
}
# image_page N: the swap page number of the image's page N, from the first
# swap map page (struct swsusp_header: sector_t image at byte 4064 of page
# 0; struct swap_map_page: an array of sector_t page numbers).
image_page() {
	local map
	map=$(od -An -t u8 -j 4064 -N 8 "$GUEST_DIR/swap.img" | tr -d ' ')
	[ -n "$map" ] && [ "$map" -gt 0 ] || return 1
	od -An -t u8 -j $((map * 4096 + 8 * $1)) -N 8 "$GUEST_DIR/swap.img" | tr -d ' '
}
corrupt_image_page() {
	local page
	page=$(image_page 20) && [ -n "$page" ] && [ "$page" -gt 0 ] || return 1
	echo "# overwriting swap page $page (image page 20)"
	dd if=/dev/urandom of="$GUEST_DIR/swap.img" bs=4096 seek="$page" count=1 \
		conv=notrunc 2>/dev/null
}
load_failure_logged() {
	guest_log_since_mark | grep -a -q -E 'PM: .*(CRC|Invalid|[Ff]ailed|[Ee]rror)'
}

guest_s4_prepare
old_boot_id=$GUEST_BOOT_ID
guest_mark
require "guest hibernates and the domain goes away" guest_hibernate
require "image signature in the swap disk" image_signature
require "overwrite one page of the image's data" corrupt_image_page
require "xl create with $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
check "the guest boots afresh" guest_wait_ready
check "a new boot id" new_boot_id
echo "# guest kernel messages of the resume attempt:"
guest_log_since_mark | grep -a -E 'PM:|hibernat|LAB: (RESUME|NO-RESUME)' | head -n 30 | sed 's/^/#   /'
check "the kernel says the image could not be loaded" load_failure_logged
check "agent answers" guest_agent_wait
check "data written before hibernating verifies" guest_run \
	"{ grep -q ' /mnt ' /proc/mounts || mount $DATA_DEV /mnt; } && cd /mnt && md5sum -c s4data.md5"
check "I/O on the data disk" guest_io_check
check "guest pings dom0" guest_net_check
check "all $GUEST_VCPUS vCPUs online" guest_all_cpus_online
check "no WARNING/BUG in the new boot" guest_log_clean "$((GUEST_MARK + 1))"
lab_finish
