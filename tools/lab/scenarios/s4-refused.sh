#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-refused: hibernation that cannot happen fails cleanly and
# loses nothing. PVH/HVM: no swap is active, so `echo disk` goes through
# freeze, snapshot and thaw and then fails to find a swap device. PV: swap
# is active but the series refuses hibernation in PV guests, with a message
# that points to xl save. Either way `echo disk` returns an error, the
# kernel says why, and the same guest goes on: same boot id and token, its
# data verifies, disk and network work, no WARNING/BUG.
# lab-reuse: yes
# lab-timeout: 900
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

require "a guest at userspace, its agent answering (new, or the one before kept)" guest_start
first=$((GUEST_MARK + 1))
require "write data with checksums" guest_run "{ grep -q ' /mnt ' /proc/mounts || mount $DATA_DEV /mnt; } &&
	dd if=/dev/urandom of=/mnt/s4data bs=64k count=64 2>/dev/null &&
	md5sum /mnt/s4data >/mnt/s4data.md5 && sync"
if [ "$GUEST_TYPE" = pv ]; then
	require "swap on the swap disk" guest_run "grep -q '^$SWAP_DEV ' /proc/swaps ||
		{ mkswap $SWAP_DEV >/dev/null && swapon $SWAP_DEV; }"
	why='hibernation is not supported in Xen PV guests; use xl save'
else
	# A guest taken over may have swap on: this case needs none.
	# shellcheck disable=SC2016 # expanded in the guest
	require "no swap active" guest_run 'for d in $(awk "NR > 1 { print \$1 }" /proc/swaps); do
		swapoff "$d" || exit 1; done; [ "$(wc -l </proc/swaps)" -le 1 ]'
	why='Cannot find swap device'
fi
guest_echo_disk_refused "$why"
check "same boot id and token" guest_same_identity
check "checksums verify" guest_run \
	"echo 3 >/proc/sys/vm/drop_caches; cd /mnt && md5sum -c s4data.md5"
check "I/O on the data disk" guest_io_check
check "guest pings dom0" guest_net_check
echo "# guest kernel messages since echo disk:"
guest_log_since_mark | grep -a -v 'LAB: HB' | tail -n 30 | sed 's/^/#   /'
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
lab_finish
