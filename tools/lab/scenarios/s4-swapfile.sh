#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-swapfile: hibernation to a swap file on the guest's mounted
# root-like filesystem (the ext4 data disk), with the resume device and
# the file's offset given to the kernel only through /sys/power/resume
# and /sys/power/resume_offset, as initramfs-tools does from RESUME= in
# its configuration; nothing on the kernel command line. So:
# - the hibernation writer must open a device a filesystem is mounted
#   from (the lab kernel leaves CONFIG_BLK_DEV_WRITE_MOUNTED unset, as
#   hardened kernels do; before the fix: "PM: Cannot find swap device");
# - the kernel that loads the image uses FIFO event channels, the
#   default, and must hand them over (before the fix it refused to load
#   the image: "FIFO event channels in use").
# lab-timeout: 2100
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

GUEST_DATA_SIZE=400M
SWAPFILE=/mnt/swapfile
# The kernels of the domain used FIFO event channels: the line comes
# before hvc0, on Xen's console (earlyprintk=xen), as "(dN) ...".
fifo_in_use() {
	xl dmesg | grep -a -q "^(d$(xl domid "$GUEST_NAME")) .*Using FIFO-based ABI"
}
positive() { [ -n "$1" ] && [ "$1" -gt 0 ] 2>/dev/null; }

require "xl create" guest_create
first=$((GUEST_MARK + 1))
require "guest reaches userspace" guest_wait_ready
require "agent answers" guest_agent_wait
check "FIFO event channels in use" fifo_in_use
guest_write_data
require "swap file on the mounted data disk" guest_run "dd if=/dev/zero of=$SWAPFILE bs=1M count=256 2>/dev/null &&
	chmod 600 $SWAPFILE && mkswap $SWAPFILE >/dev/null && swapon $SWAPFILE && sync && cat /proc/swaps" 300
lab_indent "$GUEST_OUT"
# Where the file starts on the disk, in pages (4 KiB blocks): the guest's
# busybox has no filefrag, dom0's debugfs reads it off the synced disk.
offset=$(debugfs -R "bmap /${SWAPFILE#/mnt/} 0" "$GUEST_DIR/data.img" 2>/dev/null)
require "swap file offset known ($offset)" positive "$offset"
# Where the image goes, as systemd-sleep tells the kernel before it
# hibernates (and initramfs-tools at boot when the file already exists).
require "resume device and offset in /sys/power" guest_run "echo $offset >/sys/power/resume_offset &&
	set -- \$(stat -L -c '%t %T' $DATA_DEV) &&
	printf '%d:%d\n' 0x\$1 0x\$2 >/sys/power/resume &&
	cat /sys/power/resume /sys/power/resume_offset"
lab_indent "$GUEST_OUT"
guest_mark
if ! check "guest hibernates to the swap file and the domain goes away" guest_hibernate; then
	guest_log_since_mark | grep -a -v 'LAB: HB' | tail -n 40 | sed 's/^/#   /'
	lab_finish
fi
require "xl create with lab.resume=$DATA_DEV lab.resume_offset=$offset (no resume=)" \
	guest_power_cycle "lab.resume=$DATA_DEV lab.resume_offset=$offset"
check "the image kernel comes back (heartbeat with the old token)" guest_wait_resumed
check "the loading kernel used FIFO event channels" fifo_in_use
check "hibernation exit status 0" guest_wait_marker 'LAB: HIBERNATE-EXIT 0' 60
guest_s4_verify
check "swap file still in use" guest_run "grep -q '^$SWAPFILE ' /proc/swaps"
echo "# guest kernel messages after resume (PM, xen, warnings):"
guest_log_since_mark | grep -a -E -i 'PM:|hibernat|xen:|FIFO|WARN|BUG|Oops|LAB:' |
	grep -v 'LAB: HB' | head -n 60 | sed 's/^/#   /'
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
lab_finish
