#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-backend-features: the domain that resumes a hibernation
# image finds backends offering less than those it hibernated with, as
# after a move to another host. Between power-off and xl create, dom0's
# blkback stops offering persistent grants and blkback and netback offer
# one queue instead of one per dom0 vCPU (two). The image kernel's
# frontends must negotiate again, as blkfront_resume() and netfront's
# resume do after xl restore: one ring for the data disk, one queue pair
# for eth0, grants mapped per request; the guest keeps its data, disk I/O
# and network, and logs no warning. dom0's defaults come back at the end.
# lab-timeout: 1200
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

BLKBACK=/sys/module/xen_blkback/parameters
NETBACK=/sys/module/xen_netback/parameters
DATA_NAME=${DATA_DEV#/dev/}
saved_persistent=$(cat "$BLKBACK/feature_persistent")
saved_blk_queues=$(cat "$BLKBACK/max_queues")
saved_net_queues=$(cat "$NETBACK/max_queues")
restore_defaults() {
	echo "$saved_persistent" >"$BLKBACK/feature_persistent"
	echo "$saved_blk_queues" >"$BLKBACK/max_queues"
	echo "$saved_net_queues" >"$NETBACK/max_queues"
}
trap restore_defaults EXIT

# expect WHAT WANT CMD...: CMD prints WANT (one word).
expect() {
	local what=$1 want=$2 got
	shift 2
	got=$("$@" 2>/dev/null)
	echo "# $what: $got (want $want)"
	[ "$got" = "$want" ]
}
xs() { xenstore-read "$1"; }
domid() { xl domid "$GUEST_NAME"; }
# vbd_fe: the data disk's frontend directory, the one whose backend
# names it DATA_NAME.
vbd_fe() {
	local d v
	d=$(domid) || return 1
	for v in $(xenstore-list "/local/domain/$d/device/vbd"); do
		v=/local/domain/$d/device/vbd/$v
		[ "$(xs "$(xs "$v/backend")/dev")" = "$DATA_NAME" ] && echo "$v" && return 0
	done
	return 1
}
vbd_be() { xs "$(vbd_fe)/backend"; }
vif_fe() { echo "/local/domain/$(domid)/device/vif/0"; }
# Queues as the guest sees them, and as its frontends wrote them
# (a single queue is written without multi-queue-num-queues).
guest_count() { guest_run "ls -d $1 | wc -l" && echo "$GUEST_OUT"; }
blk_queues() { guest_count "/sys/block/$DATA_NAME/mq/*"; }
net_queues() { guest_count '/sys/class/net/eth0/queues/tx-*'; }
fe_queues() { # a directory that is not there must not read as one queue
	if [ -z "$1" ] || ! xs "$1/state" >/dev/null; then
		echo "no-frontend-directory:$1"
		return
	fi
	xs "$1/multi-queue-num-queues" || echo 1
}
be_persistent() { xs "$(vbd_be)/feature-persistent"; }

guest_s4_prepare
first=$((GUEST_MARK + 1))
echo "# before: what the defaults of dom0's backends gave the guest"
require "blkback offers persistent grants" expect "backend feature-persistent" 1 be_persistent
require "the data disk has two rings" expect "$DATA_NAME blk-mq queues" 2 blk_queues
check "blkfront wrote two queues" expect "vbd multi-queue-num-queues" 2 fe_queues "$(vbd_fe)"
require "eth0 has two queues" expect "eth0 tx queues" 2 net_queues
check "netfront wrote two queues" expect "vif multi-queue-num-queues" 2 fe_queues "$(vif_fe)"

guest_mark
require "guest hibernates and the domain goes away" guest_hibernate
echo N >"$BLKBACK/feature_persistent"
echo 1 >"$BLKBACK/max_queues"
echo 1 >"$NETBACK/max_queues"
echo "# dom0 now: blkback feature_persistent=$(cat "$BLKBACK/feature_persistent")" \
	"max_queues=$(cat "$BLKBACK/max_queues"), netback max_queues=$(cat "$NETBACK/max_queues")"
require "xl create, resume=$SWAP_DEV" guest_power_cycle "resume=$SWAP_DEV"
require "the image comes back" guest_wait_marker "LAB: HB [0-9]+ token=$GUEST_TOKEN" "$T_BOOT"
guest_s4_verify
echo "# after: what the image kernel's frontends negotiated"
check "blkback no longer offers persistent grants" \
	expect "backend feature-persistent" 0 be_persistent
check "the data disk has one ring" expect "$DATA_NAME blk-mq queues" 1 blk_queues
check "blkfront wrote one queue" expect "vbd multi-queue-num-queues" 1 fe_queues "$(vbd_fe)"
check "eth0 has one queue" expect "eth0 tx queues" 1 net_queues
check "netfront wrote one queue" expect "vif multi-queue-num-queues" 1 fe_queues "$(vif_fe)"
check "I/O again with the new rings" guest_io_check
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
guest_destroy
lab_finish
