#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario debian-boot: the Debian guest (debian-guest-image.sh) boots with
# its own kernel and initramfs (LAB_DEBIAN_KERNEL, default Debian's cloud
# kernel) to systemd's multi-user target: READY marker, agent, no failed
# unit, root on /dev/xvda, the continuity counter running, frontends up,
# disk I/O, ping, and no WARNING/BUG/Oops in the kernel log.
# lab-timeout: 2400
# shellcheck disable=SC2016,SC2317 # guest commands expand in the guest; functions run through check
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

# counter_advances: lab-counter.service's "<pid> <n>" goes on, same PID.
counter_advances() {
	guest_run 'a=$(cat /run/lab-counter); sleep 3; b=$(cat /run/lab-counter)
		echo "$a -> $b"; [ "${a% *}" = "${b% *}" ] && [ "${b#* }" -gt "${a#* }" ] &&
		[ "$(systemctl show -P MainPID lab-counter.service)" = "${b% *}" ]'
}

require "Debian guest image and kernel in the share" debian_guest_use
require "xl create" guest_create
require "guest reaches userspace" guest_wait_ready
require "agent answers" guest_agent_wait
guest_run 'uname -a; cat /proc/cmdline' && lab_indent "$GUEST_OUT"
check "systemd is PID 1" guest_run '[ "$(cat /proc/1/comm)" = systemd ]'
t_start
check "boot finishes (systemctl is-system-running --wait)" \
	guest_run 'timeout 600 systemctl is-system-running --wait' 620
t_elapsed "READY to boot finished"
guest_run 'systemd-analyze time' 60 && lab_indent "$GUEST_OUT"
# Where the boot's time goes under TCG: the slowest units, the chain the
# READY marker waited for, and the modules the boot loaded.
guest_run 'systemd-analyze blame --no-pager | head -n 15
	systemd-analyze critical-chain --no-pager lab-markers.service
	echo "$(wc -l </proc/modules) modules loaded:" $(cut -d" " -f1 /proc/modules)' 600 &&
	lab_indent "$GUEST_OUT"
check "no failed unit" guest_run \
	'f=$(systemctl --failed --plain --no-legend); [ -z "$f" ] || { echo "$f"; exit 1; }'
check "root filesystem is /dev/xvda, read-write" \
	guest_run 'findmnt -n -o SOURCE,OPTIONS / | grep -q "^/dev/xvda rw"'
check "lab-counter.service runs and counts" counter_advances
echo "# $GUEST_OUT"
check "frontends connected (xvda, xvdb, xvdc, eth0)" \
	guest_run 'ls /sys/block/xvda /sys/block/xvdb /sys/block/xvdc >/dev/null && ip link show eth0 | grep -q UP'
check "I/O on the data disk" guest_io_check
echo "$GUEST_OUT"
check "guest pings dom0 over the vif" guest_net_check
check "journalctl -k: no WARNING/BUG/Oops" guest_run \
	'! journalctl -k -b --no-pager | grep -E "WARNING:|BUG:|Oops|Call Trace"'
check "no WARNING/BUG in the guest console log" guest_log_clean
lab_finish
