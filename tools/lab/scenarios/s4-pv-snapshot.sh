#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-pv-snapshot (PV; issue 28, milestone M0): a PV guest booted
# with xen_pv_hibernate=snapshot hibernates: `echo disk` snapshots, writes
# the image and powers the domain off, without an oops, the page tables of
# the image written in page frame numbers. Booted so, its kernel starts
# its second vCPU only once the attempt to resume is over: with resume=
# naming a device it cannot look up, once user space names one. At
# the next xl create with resume= a kernel booted without the option
# refuses the image and boots afresh with its disk data intact.
# Before that, a backend node in its xenstore home, then memory ballooned
# out, make `echo disk` fail before anything is written.
# lab-timeout: 1500
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

[ "$GUEST_TYPE" = pv ] || { echo "# s4-pv-snapshot runs on PV guests only"; exit 2; }
# resume= names a device the kernel cannot look up itself (UUID=, which
# an initramfs resolves), and user space does not name it: the attempt to
# resume is not over, CPU1 stays held until user space names a device.
args="xen_pv_hibernate=snapshot resume=UUID=0b1f0c3e-5ee1-4d1e-9c59-000000000001 lab.resume=none"
require "xl create with $args" guest_create "$args"
require "guest reaches userspace" guest_wait_ready
require "agent answers" guest_agent_wait
first=$((GUEST_MARK + 1))
check "CPU1 held until the attempt to resume is over" \
	guest_find 'xen:hibernate: CPUs 1 start once the attempt to resume an image is over'
check "resume= not found at boot: CPU0 only online" guest_cpus_online 0
guest_run "echo $SWAP_DEV >/sys/power/resume" >/dev/null
check "user space names the resume device, no image: CPUs 0-1 online" guest_cpus_online 0-1
old_boot_id=$GUEST_BOOT_ID
guest_write_data
require "swap on the swap disk" guest_run "mkswap $SWAP_DEV >/dev/null && swapon $SWAP_DEV"
# A domain that runs backends is refused before anything is written: a
# node under its xenstore backend/ directory is what the kernel looks at.
domid=$(xl domid "$GUEST_NAME")
require "a backend node in the guest's xenstore home" \
	xenstore-write "/local/domain/$domid/backend/lab-dummy/0/state" 1
guest_echo_disk_refused 'hibernation refused: this domain runs backends'
check "same boot id and token after the refusal" guest_same_identity
check "nothing written to the swap disk" guest_swap_plain
require "the backend node removed" xenstore-rm "/local/domain/$domid/backend"
# Memory ballooned out is refused too: the image would not know which of
# its frames the new domain lacks.
# guest_balloon_settled OP KB: the balloon driver's target is OP (-le,
# -ge) KB, so it saw the new one, and it reached it.
guest_balloon_settled() {
	guest_run "b=/sys/devices/system/xen_memory/xen_memory0
		for i in \$(seq 60); do
			t=\$(cat \$b/target_kb)
			[ \"\$t\" $1 $2 ] && [ \"\$(cat \$b/info/current_kb)\" = \"\$t\" ] && exit 0
			sleep 1
		done; exit 1" 90
}
mem=$(xl list "$GUEST_NAME" | awk 'NR == 2 { print $3 }')
require "balloon the guest down by 32 MiB (from $mem MiB)" xl mem-set "$GUEST_NAME" $((mem - 32))m
require "the balloon driver gave the memory back" guest_balloon_settled -le $(((mem - 32) * 1024))
guest_echo_disk_refused 'pages are ballooned out'
check "nothing written to the swap disk (ballooned)" guest_swap_plain
require "balloon the guest up again" xl mem-set "$GUEST_NAME" "${mem}m"
require "the balloon driver took the memory back" guest_balloon_settled -ge $((mem * 1024))
guest_mark
if ! check "guest hibernates and the domain goes away" guest_hibernate; then
	echo "# guest kernel messages since echo disk:"
	guest_log_since_mark | grep -a -v 'LAB: HB' | tail -n 60 | sed 's/^/#   /'
	lab_finish
fi
echo "# guest kernel messages while hibernating:"
guest_log_since_mark | grep -a -v 'LAB: HB' | tail -n 40 | sed 's/^/#   /'
check "the image's page tables were written in page frame numbers" \
	guest_find 'xen:hibernate: image: [1-9][0-9]* page tables, [1-9][0-9]* entries written in page frame numbers'
echo "# ${GUEST_MATCH:-no page-table line}"
check "the image was written" guest_find 'PM: hibernation: Image saving done|PM: Image saving done'
# A PV kernel has no power-off handler, so hibernation halts it, and Xen
# PV's halt is a SHUTDOWN_poweroff: "System halted" is a power-off here.
check "the kernel powered the domain off" guest_find 'reboot: (Power down|System halted)'
sig=$(guest_swap_signature)
echo "# swap signature after hibernation: '$sig'"
check "a hibernation image is on the swap disk" [ "$sig" = S1SUSPEND ]
check "no WARNING/BUG while hibernating" guest_log_clean "$first"

first=$(($(wc -l <"$GUEST_LOG") + 1))
require "xl create with resume=$SWAP_DEV, without xen_pv_hibernate=snapshot" guest_power_cycle "resume=$SWAP_DEV"
check "the kernel refuses the PV image" \
	guest_wait_marker 'hibernation is not supported in Xen PV guests; use xl save' "$T_BOOT"
require "the guest boots afresh" guest_wait_ready
check "a new boot, not a resume" [ "$GUEST_BOOT_ID" != "$old_boot_id" ]
require "agent answers" guest_agent_wait
check "checksums verify after the fresh boot" guest_run \
	"mount $DATA_DEV /mnt && cd /mnt && md5sum -c s4data.md5"
sig=$(guest_swap_signature)
echo "# swap signature after the fresh boot: '$sig'"
check "the image is discarded" [ "$sig" != S1SUSPEND ]
check "no WARNING/BUG after the fresh boot" guest_log_clean "$first"
lab_finish
