# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helper library for lab scenarios. A scenario is a bash script run in dom0
# by dom0-driver.sh, once per guest type, as
#     GUEST_TYPE=pvh|hvm|pv TEST_DIR=<results dir> bash <scenario>
# and starts with `. "$LAB_LIB"`. It passes when it exits 0.
#
# The guest: our kernel + the busybox initramfs (tools/lab/guest/init).
# Its console (hvc0) is logged by xenconsoled and followed into the
# scenario's output with a "[<type>] " prefix. Its test agent listens on
# TCP port 7000 of its vif (xenbr0, 169.254.99.0/24, dom0 is .1): one
# connection sends one line, a base64-encoded shell command, and gets back
# its output and a last line "AGENT-EXIT <status>".
#
# Functions (every wait has a timeout; all return non-zero on failure):
#   guest_create [ARGS]        write the xl config from guest.cfg.in, xl create
#                              (GUEST_XL_EXTRA: more xl configuration lines)
#   guest_swap_plain           the swap disk has mkswap's signature, no image
#   guest_echo_disk_refused WHY  echo disk fails, the kernel logs WHY (ERE)
#                              (ARGS are added to the kernel command line)
#   guest_start [ARGS]         a guest at userspace whose agent answers: the
#                              one the scenario before kept, else a new one
#                              (guest_create ARGS, guest_wait_ready, guest_agent_wait);
#                              for scenarios marked "# lab-reuse: yes"
#   guest_wait_marker RE [T]   wait for a console line matching RE written
#                              since the last create/restore; sets GUEST_MATCH
#   guest_wait_ready [T]       wait for "LAB: READY"; sets GUEST_BOOT_ID, GUEST_TOKEN
#   guest_run CMD [T]          run CMD in the guest; output in GUEST_OUT,
#                              returns its exit status (255: agent unreachable)
#   guest_identity             reads boot id and token through the agent into
#                              GUEST_BOOT_ID_NOW, GUEST_TOKEN_NOW
#   guest_save_restore         xl save + xl restore
#   guest_checkpoint           xl save -c (the guest goes on)
#   guest_migrate              xl migrate to localhost
#   guest_hibernate [T]        echo disk > /sys/power/state in the guest, wait
#                              for the domain to go away (/sys/power/disk:
#                              S4_DISK_MODE, default shutdown); S4_COMMAND
#                              instead, e.g. "systemctl hibernate", leaves
#                              /sys/power/disk to it (S4_EXIT_MARKER: what
#                              its exit status is printed as; a command that
#                              returns at once must not say HIBERNATE-EXIT);
#                              "LAB: SLEEP post" (a system-sleep hook) also
#                              means the guest came back
#   guest_power_cycle [ARGS]   xl create again (same disks), e.g. resume=...
#   guest_alive                is the domain there?
#   guest_wait_gone T          wait up to T s for the domain to go away
#   guest_destroy              xl destroy
#   guest_collect              copy xl/qemu/xen logs into TEST_DIR
#   check DESC CMD...          run CMD, print "# ok/FAIL: DESC", count failures
#   require DESC CMD...        like check, but ends the scenario on failure
#   lab_todo REASON            mark this test as TODO (expected to fail)
#   lab_finish                 collect logs, exit 0 if no check failed; keep
#                              the guest running when the driver asks
#                              (LAB_KEEP_GUEST=1: the next scenario takes it over)
#   guest_log_clean            no WARNING/BUG/Oops/"still in use" since mark
#   guest_io_check, guest_net_check   disk I/O and ping dom0 through the agent
#   guest_swap_signature       the swap disk image's signature (from dom0)
#   guest_cpus_online LIST     the guest's online CPUs are LIST
#   guest_all_cpus_online      all GUEST_VCPUS online
#   guest_s4_prepare [ARGS]    for an S4 scenario: create (S4_ARGS and ARGS
#                              on the kernel command line), userspace,
#                              agent, 4 MB of data with its md5 on the data
#                              disk, swap; power on again with RESUME_ARGS
#   guest_write_data           4 MB with its md5 on the data disk (/mnt)
#   guest_wait_resumed         after guest_power_cycle: the image kernel's
#                              heartbeat with the old token, not a fresh boot
#   guest_s4_verify            after the image came back: image kernel's text
#                              address (KASLR), agent, same boot id and token,
#                              md5 verifies, I/O, ping, every vCPU online,
#                              the hibernating kernel's log time never went
#                              back
#   guest_log_time_forward A B console lines A to B: kernel time goes forward
#   t_start / t_elapsed NAME   phase timing, printed as "# time NAME: N s"
#   lab_indent TEXT            print TEXT as "#   " comment lines
#
# The Debian guest (debian-guest-image.sh, in /share/debian when built):
# bookworm with systemd, booted with the image's own kernel and initramfs,
# root=/dev/xvda (a copy of the image's root.ext4 in GUEST_DIR), the same
# data and swap disks, markers and agent (systemd units), 512 MiB unless
# LAB_GUEST_MEMORY says otherwise; its initramfs-tools finds the resume
# device in /etc/initramfs-tools/conf.d/resume, not on the command line.
#   debian_guest_use [KERNEL]  from now on guest_create (guest_start,
#                              guest_power_cycle) makes the Debian guest;
#                              KERNEL: a release in /share/debian/kernels.txt,
#                              "debian" (the stock cloud kernel, default) or
#                              "local" (ours, debian-kernel.sh); default
#                              LAB_DEBIAN_KERNEL. LAB_GUEST_OS=debian in the
#                              host's environment calls it for every scenario.
#   debian_guest_create [KERNEL] [ARGS]   debian_guest_use KERNEL, guest_create ARGS
# Scenarios use `set -u`, not `set -e`: check records a failure and the
# scenario goes on to collect evidence; require ends it.

# shellcheck disable=SC2034 # some variables are for the scenarios
LAB_SHARE=${LAB_SHARE:-/share}
# shellcheck source=/dev/null # written by run.sh: LAB_* settings of the host
[ -f "$LAB_SHARE/settings" ] && . "$LAB_SHARE/settings"
GUEST_TYPE=${GUEST_TYPE:?GUEST_TYPE must be pvh, hvm or pv}
TEST_DIR=${TEST_DIR:?}
GUEST_NAME=lab-$GUEST_TYPE
GUEST_DIR=/scratch/$GUEST_TYPE
GUEST_LOG=/var/log/xen/console/guest-$GUEST_NAME.log
GUEST_MEMORY=${LAB_GUEST_MEMORY:-256}
GUEST_VCPUS=${LAB_GUEST_VCPUS:-2}
# Another kernel of the payload (run.sh's LAB_EXTRA_KERNELS): bzImage-<name>.
GUEST_KERNEL=/share/payload/bzImage
GUEST_RAMDISK=/share/payload/guest-initrd.gz
# The xl disk list: data disk (xvdb, ext4, GUEST_DATA_SIZE, default 64M) and
# swap disk (xvdc), files in GUEST_DIR.
GUEST_DATA_DISK='"format=raw,vdev=xvdb,access=rw,target=@DIR@/data.img"'
GUEST_SWAP_DISK='"format=raw,vdev=xvdc,access=rw,target=@DIR@/swap.img"'
GUEST_DISKS="$GUEST_DATA_DISK, $GUEST_SWAP_DISK"
AGENT_PORT=7000
DOM0_IP=169.254.99.1
SWAP_DEV=/dev/xvdc
DATA_DEV=/dev/xvdb
# S4_ARGS: what a guest's command line needs to hibernate and to load an
# image: a PV kernel does either only when booted with
# xen_pv_hibernate=snapshot (issue 28). RESUME_ARGS: that, and the swap
# disk the image is on.
S4_ARGS=
[ "$GUEST_TYPE" != pv ] || S4_ARGS=xen_pv_hibernate=snapshot
RESUME_ARGS="resume=$SWAP_DEV${S4_ARGS:+ $S4_ARGS}"

# earlyprintk=xen: messages before hvc0 is up go to Xen's console
# (console.log of the run; an HVM kernel writes them to Xen's debug port
# 0xe9 until it knows it runs on Xen), so a guest that dies early still
# says why. HVM guests do not use the emulated serial port as a console:
# every byte is a round trip to the device model in dom0, and the kernel's
# log replayed to ttyS0 cost ~80 s of each boot (create to userspace 112 s
# with console=ttyS0 earlyprintk=ttyS0, 28 s without; lab runs
# 20261122-095427 and 20261122-221834).
case $GUEST_TYPE in
pvh) GUEST_IP=169.254.99.11 GUEST_MAC=00:16:3e:00:99:11 T_BOOT=180
	GUEST_CMDLINE="console=hvc0 earlyprintk=xen" ;;
pv) GUEST_IP=169.254.99.13 GUEST_MAC=00:16:3e:00:99:13 T_BOOT=180
	GUEST_CMDLINE="console=hvc0 earlyprintk=xen" ;;
hvm) GUEST_IP=169.254.99.12 GUEST_MAC=00:16:3e:00:99:12 T_BOOT=600
	# edd=off: see guest.cfg.in.
	GUEST_CMDLINE="console=hvc0 earlyprintk=xen edd=off" ;;
*) echo "unknown GUEST_TYPE $GUEST_TYPE" >&2; exit 2 ;;
esac
# watchdog_thresh=30: soft lockups are reported after 60 s, not 20. The
# pm_test levels busy-wait 5 s in the kernel (hibernation_debug_sleep:
# mdelay, timed by the TSC), and under nested TCG a guest's TSC can run
# five times slower than the clock the watchdog reads: "soft lockup - CPU#1
# stuck for 26s!" in hibernation_snapshot, delay_tsc (run
# 20261201-205333-ga1, twice; never in the runs before). For the same
# reason the RCU stall timeout is 60 s, not 21: the busy wait of
# pm_test=core tripped it with the host's cores shared by two labs and a
# build (run 20261206-055213-kst-logtime, "rcu_sched detected stalls").
GUEST_CMDLINE="$GUEST_CMDLINE no_console_suspend watchdog_thresh=30"
GUEST_CMDLINE="$GUEST_CMDLINE rcupdate.rcu_cpu_stall_timeout=60 lab.ip=$GUEST_IP"

# Timeouts in seconds (per guest type where it matters).
T_RUN=60
T_AGENT_TRY=10   # one try of guest_agent_wait
T_SAVE=600
T_HIBERNATE=600
T_SHUTDOWN=60

LAB_FAILS=0
GUEST_MARK=0
FOLLOWING=

# lab_indent TEXT: print TEXT as TAP comment lines.
lab_indent() { printf '%s\n' "$1" | sed 's/^/#   /'; }

t_start() { T0=$SECONDS; }
t_elapsed() { echo "# time $1: $((SECONDS - T0)) s"; }

check() {
	local desc=$1
	shift
	if "$@"; then
		echo "# ok: $desc"
	else
		echo "# FAIL: $desc"
		LAB_FAILS=$((LAB_FAILS + 1))
		return 1
	fi
}

require() {
	check "$@" || lab_finish
}

lab_todo() {
	echo "$*" >"$TEST_DIR/todo"
	echo "# TODO: $*"
}

lab_finish() {
	guest_collect
	if [ "$LAB_FAILS" -eq 0 ]; then
		if [ "${LAB_KEEP_GUEST:-0}" = 1 ] && [ -n "${GUEST_TOKEN:-}" ] && guest_alive; then
			printf '%s\n' "$GUEST_BOOT_ID" "$GUEST_TOKEN" >"$GUEST_DIR/kept"
			echo "# $GUEST_NAME kept running for the next scenario"
		fi
		exit 0
	fi
	echo "# $LAB_FAILS check(s) failed"
	exit 1
}

# guest_mark: console lines before this point are not looked at any more.
guest_mark() {
	if [ -f "$GUEST_LOG" ]; then
		GUEST_MARK=$(wc -l <"$GUEST_LOG")
	else
		GUEST_MARK=0
	fi
}

# guest_follow: copy the guest console into our output, prefixed.
# It ends with the scenario (EXIT trap; `timeout` sends TERM).
guest_follow() {
	[ -n "$FOLLOWING" ] && return 0
	tail -n +$((GUEST_MARK + 1)) -F "$GUEST_LOG" 2>/dev/null \
		> >(sed -u "s/^/[$GUEST_TYPE] /") &
	FOLLOWING=$!
	trap 'kill "$FOLLOWING" 2>/dev/null' EXIT
	trap 'exit 143' TERM
}

guest_disks() {
	mkdir -p "$GUEST_DIR"
	rm -f "$GUEST_DIR/data.img" "$GUEST_DIR/swap.img"
	mke2fs -q -t ext4 -b 4096 -F "$GUEST_DIR/data.img" "${GUEST_DATA_SIZE:-64M}"
	truncate -s 512M "$GUEST_DIR/swap.img"
}

guest_cfg() {
	sed -e "s|@NAME@|$GUEST_NAME|g" -e "s|@TYPE@|$GUEST_TYPE|g" \
		-e "s|@CMDLINE@|$GUEST_CMDLINE${1:+ $1}|g" -e "s|@DISKS@|$GUEST_DISKS|g" \
		-e "s|@DIR@|$GUEST_DIR|g" \
		-e "s|@MAC@|$GUEST_MAC|g" -e "s|@MEMORY@|$GUEST_MEMORY|g" \
		-e "s|@VCPUS@|$GUEST_VCPUS|g" -e "s|@KERNEL@|$GUEST_KERNEL|g" \
		-e "s|@RAMDISK@|$GUEST_RAMDISK|g" \
		-e "s|^#$GUEST_TYPE# ||" -e '/^#[a-z]*# /d' \
		"$LAB_SHARE/guest.cfg.in"
	[ -z "${GUEST_XL_EXTRA:-}" ] || printf '%s\n' "$GUEST_XL_EXTRA"
}

# guest_echo_disk_refused WHY: `echo disk` in the guest (shutdown mode)
# must fail: checks that it returns, that its exit status (carried in the
# agent's reply) is an error, and that the kernel logs a line matching WHY.
guest_echo_disk_refused() {
	local why=$1
	guest_mark
	check "echo disk returns" guest_run \
		"echo shutdown >/sys/power/disk; echo disk >/sys/power/state 2>&1; echo \"status \$?\"" 300
	lab_indent "$GUEST_OUT"
	check "echo disk reports an error status" guest_out_has '^status [1-9]'
	check "the kernel says why: $why" guest_wait_marker "$why" 30
}

# guest_out_has RE: the last guest_run's output has a line matching RE.
guest_out_has() {
	printf '%s\n' "$GUEST_OUT" | grep -q -- "$1"
}

# guest_swap_signature: the signature in the swap disk image's header page
# (its last 10 bytes), read from dom0 while the domain is down:
# "S1SUSPEND" while a hibernation image is on it.
guest_swap_signature() {
	dd if="$GUEST_DIR/swap.img" bs=1 skip=4086 count=10 2>/dev/null | tr -d '\0'
}

# guest_cpus_online LIST: /sys/devices/system/cpu/online in the guest is
# LIST (0-1, 0).
guest_cpus_online() {
	guest_run 'cat /sys/devices/system/cpu/online' && [ "$GUEST_OUT" = "$1" ]
}

# guest_all_cpus_online: every vCPU the domain has (GUEST_VCPUS) is online
# in the guest: after a resume, and after a boot whose kernel held its
# secondary vCPUs while it looked for an image (PV).
guest_all_cpus_online() {
	local all=0
	[ "$GUEST_VCPUS" -le 1 ] || all="0-$((GUEST_VCPUS - 1))"
	guest_cpus_online "$all"
}

# guest_swap_plain: the swap disk holds no hibernation image: its signature
# is mkswap's SWAPSPACE2 (an image writes its own).
guest_swap_plain() {
	guest_run "dd if=$SWAP_DEV bs=1 skip=4086 count=10 2>/dev/null; echo" &&
		echo "# swap signature: $GUEST_OUT" && [ "$GUEST_OUT" = SWAPSPACE2 ]
}

# guest_alive: is the domain there? `xl domid` failed once under load
# while the domain was running, so the answer "gone" needs three failures.
guest_alive() {
	local i
	for i in 1 2 3; do
		xl domid "$GUEST_NAME" >/dev/null 2>>"$TEST_DIR/xl-domid.err" && return 0
		[ "$i" -lt 3 ] && sleep 1
	done
	return 1
}

guest_create() {
	[ -f "$GUEST_DIR/data.img" ] || guest_disks
	[ -z "${DEBIAN_ROOT:-}" ] || [ -f "$GUEST_DIR/root.ext4" ] || debian_root_copy || return 1
	guest_cfg "${1:-}" >"$GUEST_DIR/guest.cfg"
	cp "$GUEST_DIR/guest.cfg" "$TEST_DIR/guest.cfg"
	# A migrated domain is created as NAME--incoming and xenconsoled logs
	# it under that name for good: point that log at ours, so the console
	# after a migration is followed and checked too (an Oops there went
	# unseen in run 20261201-222406-soak-hvm).
	mkdir -p "$(dirname "$GUEST_LOG")"
	ln -sfn "$(basename "$GUEST_LOG")" "${GUEST_LOG%.log}--incoming.log"
	guest_mark
	guest_follow
	t_start
	xl create "$GUEST_DIR/guest.cfg" && { t_elapsed "xl create"; return 0; }
	local st=$?
	[ "$st" -gt 128 ] || return 1
	# xl itself crashed (dom0 userspace under TCG is not fully reliable):
	# say so and try once more.
	echo "# xl create died with status $st, retrying once"
	xl destroy "$GUEST_NAME" 2>/dev/null
	xl create "$GUEST_DIR/guest.cfg" || return 1
	t_elapsed "xl create"
}

# guest_start [ARGS]: take over the guest the scenario before kept (dom0-driver.sh
# leaves it running and its disks in place) if it answers with the boot id
# and token it had; else destroy it and start a new one (ARGS: guest_create's).
guest_start() {
	if [ -f "$GUEST_DIR/kept" ]; then
		{ read -r GUEST_BOOT_ID; read -r GUEST_TOKEN; } <"$GUEST_DIR/kept"
		rm -f "$GUEST_DIR/kept"
		guest_mark
		guest_follow
		if guest_alive && guest_same_identity; then
			echo "# took over $GUEST_NAME from the scenario before"
			return 0
		fi
		echo "# the guest kept by the scenario before does not answer as it did: a new one"
		xl destroy "$GUEST_NAME" 2>/dev/null
		GUEST_BOOT_ID='' GUEST_TOKEN=''
	fi
	guest_create "$@" && guest_wait_ready "$T_BOOT" && guest_agent_wait "$T_RUN"
}

guest_power_cycle() {
	guest_create "$@"
}

# guest_find RE: first console line since the mark matching RE, into
# GUEST_MATCH. Under `timeout`: in dom0 a grep (and once `date`) has spun
# at 100% CPU for minutes under QEMU TCG; a spinning one is killed and the
# caller's loop tries again.
guest_find() {
	GUEST_MATCH=$(timeout 10 tail -n +$((GUEST_MARK + 1)) "$GUEST_LOG" 2>/dev/null |
		timeout 10 grep -a -E -m1 -- "$1")
}

guest_wait_marker() {
	local re=$1 t=${2:-$T_BOOT} end
	end=$((SECONDS + t))
	while [ "$SECONDS" -lt "$end" ]; do
		guest_find "$re" && return 0
		if ! guest_alive; then
			sleep 2   # let xenconsoled write the last lines
			guest_find "$re" && return 0
			echo "# domain $GUEST_NAME is gone while waiting for /$re/"
			return 1
		fi
		sleep 1
	done
	echo "# timed out after $t s waiting for /$re/"
	return 1
}

guest_wait_ready() {
	t_start
	guest_wait_marker 'LAB: READY' "${1:-$T_BOOT}" || return 1
	t_elapsed "create to userspace"
	GUEST_BOOT_ID=$(echo "$GUEST_MATCH" | sed -n 's/.*boot_id=\([^ ]*\).*/\1/p')
	GUEST_TOKEN=$(echo "$GUEST_MATCH" | sed -n 's/.*token=\([^ ]*\).*/\1/p')
	echo "# guest boot_id=$GUEST_BOOT_ID token=$GUEST_TOKEN"
}

guest_run() {
	local cmd=$1 t=${2:-$T_RUN} out st
	out=$({ printf '%s' "$cmd" | base64 -w0; echo; } |
		timeout "$t" busybox nc "$GUEST_IP" "$AGENT_PORT" 2>&1) || true
	st=$(printf '%s\n' "$out" | sed -n 's/^AGENT-EXIT \([0-9]*\)$/\1/p' | tail -n 1)
	GUEST_OUT=$(printf '%s\n' "$out" | sed '/^AGENT-EXIT [0-9]*$/d')
	if [ -z "$st" ]; then
		echo "# guest_run: no answer from the agent for: $cmd"
		[ -n "$out" ] && lab_indent "$out"
		return 255
	fi
	if [ "$st" -ne 0 ]; then
		echo "# guest_run: status $st for: $cmd"
		[ -n "$GUEST_OUT" ] && lab_indent "$GUEST_OUT"
	fi
	return "$st"
}

# guest_agent_wait [T]: wait until the agent answers (after a restore the
# network may need a moment).
guest_agent_wait() {
	local end
	end=$((SECONDS + ${1:-$T_RUN}))
	while [ "$SECONDS" -lt "$end" ]; do
		guest_run true "$T_AGENT_TRY" >/dev/null && return 0
		sleep 2
	done
	echo "# the agent did not answer"
	return 1
}

guest_identity() {
	guest_run 'cat /proc/sys/kernel/random/boot_id /run/token' || return 1
	GUEST_BOOT_ID_NOW=$(echo "$GUEST_OUT" | sed -n 1p)
	GUEST_TOKEN_NOW=$(echo "$GUEST_OUT" | sed -n 2p)
	echo "# guest now boot_id=$GUEST_BOOT_ID_NOW token=$GUEST_TOKEN_NOW"
}

# guest_same_identity: same boot id and in-memory token as at READY.
guest_same_identity() {
	guest_identity || return 1
	[ "$GUEST_BOOT_ID_NOW" = "$GUEST_BOOT_ID" ] && [ "$GUEST_TOKEN_NOW" = "$GUEST_TOKEN" ]
}

# guest_io_check: write, sync, drop caches, read back, on the data disk.
guest_io_check() {
	guest_run "grep -q ' /mnt ' /proc/mounts || mount $DATA_DEV /mnt || exit 1
		dd if=/dev/urandom of=/mnt/io bs=64k count=16 2>/dev/null &&
		a=\$(md5sum </mnt/io) && sync && echo 3 >/proc/sys/vm/drop_caches &&
		b=\$(md5sum </mnt/io) && [ \"\$a\" = \"\$b\" ] && echo io-ok \$a" 120
}

guest_net_check() {
	guest_run "ping -c 3 -W 5 $DOM0_IP"
}

guest_log_since_mark() {
	tail -n +$((GUEST_MARK + 1)) "$GUEST_LOG" 2>/dev/null
}

# guest_log_clean [FROM]: no kernel warning in the console log since line
# FROM (default: since the scenario's first create). A report is printed
# with the lines before it: a bare "Call Trace" says nothing without the
# hung task or RCU stall header above it.
guest_log_clean() {
	local from=${1:-1} bad
	bad=$(tail -n +"$from" "$GUEST_LOG" 2>/dev/null |
		grep -a -B 8 -A 12 -E 'WARNING:|BUG:|Oops|Call Trace|detected stall|blocked for more than|still in use|still pending|Kernel panic|Failed to obtain physical IRQ' || true)
	[ -z "$bad" ] && return 0
	printf '#   %s\n' "$bad" | head -n 60
	return 1
}

# guest_write_data: 4 MB of random data and its md5 on the data disk,
# mounted at /mnt (already, in a guest kept from the scenario before), for
# guest_s4_verify to check; ends the scenario if not.
guest_write_data() {
	require "write data with checksums" guest_run "{ grep -q ' /mnt ' /proc/mounts || mount $DATA_DEV /mnt; } &&
		dd if=/dev/urandom of=/mnt/s4data bs=64k count=64 2>/dev/null &&
		md5sum /mnt/s4data >/mnt/s4data.md5 && sync && cat /mnt/s4data.md5" 120
	echo "# $GUEST_OUT"
}

# lab-memcheck (guest/lab-memcheck.c): a process holding N MiB of locked
# memory, each page with a pattern of its own, checked on SIGUSR1.
# memcheck_start MIB: start it and wait until the memory is filled. It
# appends to /tmp/memcheck.log, which memcheck_check empties first.
memcheck_start() {
	guest_run "lab-memcheck $1 >>/tmp/memcheck.log 2>&1 </dev/null & echo \$! >/tmp/memcheck.pid" &&
		memcheck_wait filled
}

# memcheck_wait WHAT: wait for lab-memcheck's line starting with WHAT.
memcheck_wait() {
	local end=$((SECONDS + 600))
	while [ "$SECONDS" -lt "$end" ]; do
		guest_run "cat /tmp/memcheck.log" 60 || return 1
		MEMCHECK_LOG=$GUEST_OUT
		echo "$MEMCHECK_LOG" | grep -q "LAB: MEMCHECK $1" && return 0
		if ! guest_run "kill -0 \$(cat /tmp/memcheck.pid)"; then
			echo "# lab-memcheck is gone, its output:"
			lab_indent "$MEMCHECK_LOG"
			return 1
		fi
		sleep 5
	done
	echo "# no \"LAB: MEMCHECK $1\" line within 600 s"
	return 1
}

# memcheck_check: ask lab-memcheck to check every page, wait for its verdict.
memcheck_check() {
	guest_run ": >/tmp/memcheck.log && kill -USR1 \$(cat /tmp/memcheck.pid)" || return 1
	memcheck_wait checked
}

# memcheck_clean: the last check found every page as it was filled.
memcheck_clean() {
	lab_indent "$(echo "$MEMCHECK_LOG" | grep -a -E 'bad page|checked' | head -n 70)"
	echo "$MEMCHECK_LOG" | grep -q 'checked [0-9]* pages: 0 bad'
}

# guest_wait_resumed: after guest_power_cycle, the image kernel's heartbeat
# with the old token; a fresh boot (READY, NO-RESUME-IMAGE) or an oops
# (the unpatched kernel's resume: no heartbeat ever comes) is a failure.
guest_wait_resumed() {
	guest_wait_marker "LAB: HB [0-9]+ token=$GUEST_TOKEN|LAB: READY|LAB: NO-RESUME-IMAGE|Oops: |Kernel panic" \
		"$T_BOOT" || return 1
	case $GUEST_MATCH in
	*"LAB: HB "*) return 0 ;;
	*Oops:* | *"Kernel panic"*) echo "# the kernel oopsed instead of resuming: $GUEST_MATCH" ;;
	*) echo "# the guest booted afresh instead of resuming: $GUEST_MATCH" ;;
	esac
	return 1
}

# guest_s4_prepare [ARGS]: a new guest booted with S4_ARGS and ARGS, data
# written, swap on: ready to hibernate.
# shellcheck disable=SC2120 # ARGS are optional
guest_s4_prepare() {
	local args=$S4_ARGS
	[ -z "${1:-}" ] || args="${args:+$args }$1"
	require "xl create${args:+ with $args}" guest_create "$args"
	require "guest reaches userspace" guest_wait_ready
	require "agent answers" guest_agent_wait
	guest_write_data
	require "swap on the swap disk" guest_run "mkswap $SWAP_DEV >/dev/null && swapon $SWAP_DEV"
}

# guest_log_time_forward FROM TO: the kernel's timestamps in console log
# lines FROM to TO never go back (by more than 50 ms, CPUs' local clocks).
# The hibernating kernel goes on after its snapshot, in its own domain, to
# write the image: sched_clock() stepping back there ("x86/xen: do not turn
# sched_clock back after a cancelled suspend") shows only
# in its console log, which no process of the guest reads.
guest_log_time_forward() {
	local bad
	if ! { [ "$1" -gt 0 ] && [ "$2" -ge "$1" ]; } 2>/dev/null; then
		echo "# no console log lines $1 to $2"
		return 1
	fi
	bad=$(sed -n "$1,$2p" "$GUEST_LOG" | awk '
		match($0, /\[ *[0-9]+\.[0-9]+\]/) {
			t = substr($0, RSTART + 1, RLENGTH - 2) + 0
			if (seen && t < last - 0.05)
				printf "went back from %.6f to %.6f at: %s\n", last, t, $0
			if (!seen || t > last) last = t
			seen = 1
		}')
	[ -z "$bad" ] && return 0
	printf '#   %s\n' "$bad" | head -n 10
	return 1
}

guest_s4_verify() {
	# KASLR: the image kernel's address (printed by init at its boot; the
	# restore kernel loads the image before init runs, at its own address).
	echo "# image kernel text at $(grep -a -o -m1 'LAB: KERNEL-TEXT [0-9a-f]*' "$GUEST_LOG" |
		cut -d' ' -f3) (ffffffff81000000: not randomized)"
	check "agent answers after resume" guest_agent_wait 120 || return
	check "same boot id and token after resume" guest_same_identity
	check "checksums verify after resume" guest_run \
		"echo 3 >/proc/sys/vm/drop_caches; cd /mnt && md5sum -c s4data.md5"
	check "I/O after resume" guest_io_check
	check "guest pings dom0 after resume" guest_net_check
	check "all $GUEST_VCPUS vCPUs online after resume" guest_all_cpus_online
	[ -z "${HIBERNATE_LOG_TO:-}" ] ||
		check "the hibernating kernel's log time did not go back" \
			guest_log_time_forward "$HIBERNATE_LOG_FROM" "$HIBERNATE_LOG_TO"
}

guest_save_restore() {
	local img=$GUEST_DIR/save.img
	t_start
	xl save "$GUEST_NAME" "$img" || return 1
	t_elapsed "xl save"
	echo "# save image $(du -m "$img" | cut -f1) MB"
	guest_mark
	t_start
	xl restore "$img" || return 1
	t_elapsed "xl restore"
	rm -f "$img"
}

guest_checkpoint() {
	local img=$GUEST_DIR/save.img
	t_start
	xl save -c "$GUEST_NAME" "$img" || return 1
	t_elapsed "xl save -c"
	rm -f "$img"
}

guest_migrate() {
	t_start
	# -s '': run the receiver locally instead of through ssh.
	xl migrate -s '' "$GUEST_NAME" 'xl migrate-receive' || return 1
	t_elapsed "xl migrate"
}

# guest_hibernate [T]: S4 from inside the guest. Returns 0 when the domain
# went away, 1 when the guest came back (console line
# "LAB: HIBERNATE-EXIT <status>") or did not go away in time.
guest_hibernate() {
	local t=${1:-$T_HIBERNATE} end re
	if [ -z "${S4_COMMAND:-}" ]; then
		guest_run "echo ${S4_DISK_MODE:-shutdown} >/sys/power/disk; cat /sys/power/disk" || return 1
		echo "# /sys/power/disk: $GUEST_OUT"
	fi
	guest_run "(sleep 1; ${S4_COMMAND:-echo disk >/sys/power/state}; echo \"LAB: ${S4_EXIT_MARKER:-HIBERNATE-EXIT} \$?\") </dev/null >/dev/console 2>&1 &" ||
		return 1
	t_start
	end=$((SECONDS + t))
	HIBERNATE_LOG_FROM=$((GUEST_MARK + 1))
	while [ "$SECONDS" -lt "$end" ]; do
		if ! guest_alive; then
			t_elapsed "hibernate until domain gone"
			HIBERNATE_LOG_TO=$(wc -l <"$GUEST_LOG")
			return 0
		fi
		# Back, or the command failed (systemctl's request refused).
		re="LAB: (HIBERNATE-EXIT|SLEEP post|${S4_EXIT_MARKER:-HIBERNATE-EXIT} [1-9])"
		if guest_log_since_mark | grep -a -q -E "$re"; then
			echo "# guest came back: $(guest_log_since_mark | grep -a -m1 -E "$re")"
			return 1
		fi
		if guest_log_since_mark | grep -a -q -E 'Oops:|Kernel panic|BUG:'; then
			echo "# the guest kernel oopsed while hibernating"
			return 1
		fi
		sleep 2
	done
	echo "# the domain did not go away within $t s"
	return 1
}

# guest_wait_gone T: wait up to T seconds for the domain to go away.
guest_wait_gone() {
	local end=$((SECONDS + $1))
	while guest_alive; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 2
	done
}

guest_destroy() {
	guest_alive || return 0
	xl destroy "$GUEST_NAME"
}

guest_collect() {
	local f
	xl list >"$TEST_DIR/xl-list.txt" 2>&1 || true
	xl dmesg -c >"$TEST_DIR/xen-dmesg.log" 2>&1 || true
	for f in /var/log/xen/xl-"$GUEST_NAME".log* /var/log/xen/qemu-dm-"$GUEST_NAME".log* \
		"$GUEST_DIR"/hvm-serial.log; do
		[ -f "$f" ] && cp "$f" "$TEST_DIR/"
	done
	[ -f "$GUEST_LOG" ] && cp "$GUEST_LOG" "$TEST_DIR/console.log"
	return 0
}

# The Debian guest (see the top of this file).
DEBIAN_SHARE=$LAB_SHARE/debian
DEBIAN_ROOT=

# debian_kernel_release KERNEL: the release kernels.txt lists for KERNEL
# (a release, "debian" or "local").
debian_kernel_release() {
	local rel
	case $1 in
	debian | local) rel=$(awk -v o="$1" '$2 == o { print $1; exit }' "$DEBIAN_SHARE/kernels.txt") ;;
	*) rel=$(awk -v r="$1" '$1 == r { print $1; exit }' "$DEBIAN_SHARE/kernels.txt") ;;
	esac
	[ -n "$rel" ] && echo "$rel" && return 0
	echo "# no Debian guest kernel '$1' in $DEBIAN_SHARE/kernels.txt:"
	lab_indent "$(cat "$DEBIAN_SHARE/kernels.txt" 2>/dev/null)"
	return 1
}

# debian_root_copy: the guest's own copy of the image's root filesystem,
# made once per scenario (kept across guest_power_cycle: a resume needs
# the filesystem the image was written with).
debian_root_copy() {
	mkdir -p "$GUEST_DIR"
	t_start
	cp --sparse=always "$DEBIAN_ROOT" "$GUEST_DIR/root.ext4.tmp" &&
		mv "$GUEST_DIR/root.ext4.tmp" "$GUEST_DIR/root.ext4" || return 1
	# An installed guest's swap partition is formatted: its initramfs
	# waits 30 s for a RESUME= device that is not (run 20261205-153710).
	mkswap -q "$GUEST_DIR/swap.img" >/dev/null || return 1
	t_elapsed "copy of the Debian root image"
}

debian_guest_use() {
	local rel
	[ -s "$DEBIAN_SHARE/root.ext4" ] ||
		{ echo "# no Debian guest image in $DEBIAN_SHARE (run debian-guest-image.sh)"; return 1; }
	rel=$(debian_kernel_release "${1:-${LAB_DEBIAN_KERNEL:-debian}}") || { echo "$rel"; return 1; }
	DEBIAN_ROOT=$DEBIAN_SHARE/root.ext4
	GUEST_KERNEL=$DEBIAN_SHARE/vmlinuz-$rel
	GUEST_RAMDISK=$DEBIAN_SHARE/initrd.img-$rel
	GUEST_DISKS="\"format=raw,vdev=xvda,access=rw,target=@DIR@/root.ext4\", $GUEST_DATA_DISK, $GUEST_SWAP_DISK"
	case $GUEST_CMDLINE in
	*root=/dev/xvda*) ;;
	*) GUEST_CMDLINE="root=/dev/xvda $GUEST_CMDLINE" ;;
	esac
	GUEST_MEMORY=${LAB_GUEST_MEMORY:-512}
	# systemd starts an agent per connection: its first answer took 25 s
	# while the boot went on (run 20261205-144902).
	T_AGENT_TRY=60
	# systemd boots slower than the busybox init (debian-boot runs); a
	# PVH trixie guest took more than 900 s with three labs on two host
	# cores (run 20261205-221638-deb-trixie).
	T_BOOT=1800
	echo "# Debian guest, kernel $rel"
}

debian_guest_create() {
	debian_guest_use "${1:-}" && guest_create "${2:-}"
}

if [ "${LAB_GUEST_OS:-}" = debian ]; then
	debian_guest_use || exit 1
fi
