# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# One hibernation cycle of the Debian guest, the way an operator runs it;
# sourced by the debian-s4* scenarios after lab-lib.sh:
#   debian_s4 KERNEL HOW MODE SWAP
# KERNEL  "local" (our series, debian-kernel.sh) or "debian" (Debian's own)
# HOW     systemctl (systemctl hibernate), pm-hibernate, or hybrid-sleep
#         (systemctl hybrid-sleep: on HVM the guest suspends to ACPI S3 once
#         the image is written and xl trigger s3resume wakes it, no power
#         cycle; a PVH guest powers off as after systemctl hibernate)
# MODE    default (systemd's HibernateMode, "platform shutdown") or shutdown
#         (HibernateMode=shutdown in /etc/systemd/sleep.conf.d/)
# SWAP    partition: the swap disk, named only by RESUME= in initramfs-tools'
#         conf.d (nothing on the kernel command line); file: /swapfile on
#         the root filesystem, resume= and resume_offset= on the command
#         line (the initramfs reads them there)
# The scenarios are marked "lab-reuse": in one lab run (GUESTS=pvh, say)
# they hibernate one booted guest again and again (a Debian boot takes 10
# to 15 minutes under TCG, a cycle 3 to 5), so each sets up what it needs
# whatever the cycle before left: swap, resume device, sleep.conf.d.
# Passes when the domain powered off, xl create brought the same boot id
# back, lab-counter.service runs on with the same PID, the data verifies,
# disk and network work, no kernel warning since the resume and no failed
# unit. Which /sys/power/disk mode systemd used is printed.
# shellcheck disable=SC2016 # guest commands expand in the guest

# counter_now: lab-counter.service's "<pid> <n>".
debian_counter() {
	guest_run 'cat /run/lab-counter' 30 >/dev/null && echo "$GUEST_OUT"
}

# debian_counter_went_on BEFORE: same PID as BEFORE, a higher count, and
# that PID is still the service's.
debian_counter_went_on() {
	local now
	now=$(debian_counter) || return 1
	echo "# lab-counter before: $1, now: $now"
	[ "${now% *}" = "${1% *}" ] && [ "${now#* }" -gt "${1#* }" ] &&
		guest_run "[ \"\$(systemctl show -P MainPID lab-counter.service)\" = ${now% *} ]"
}

debian_no_failed_unit() {
	guest_run 'f=$(systemctl --failed --plain --no-legend); [ -z "$f" ] || { echo "$f"; exit 1; }'
}

# debian_kernel_log_clean: nothing alarming in this boot's kernel log
# (for the image kernel: since it booted, before and after the resume).
debian_kernel_log_clean() {
	guest_run '! journalctl -k -b --no-pager | grep -E "WARNING:|BUG:|Oops|Call Trace|still in use|Kernel panic"' 120
}

# debian_hybrid_s3 BEFORE FIRST: systemctl hybrid-sleep on HVM: the image
# is written, the guest enters ACPI S3, xl trigger s3resume wakes it from
# memory, and the image is discarded.
debian_hybrid_s3() {
	local before=$1 first=$2
	guest_run '(sleep 1; systemctl hybrid-sleep; echo "LAB: HIBERNATE-REQUESTED $?") </dev/null >/dev/console 2>&1 &' ||
		return 1
	check "the image is written" guest_wait_marker 'PM: Image saving done' 900 || lab_finish
	check "the guest enters ACPI S3" guest_wait_marker 'ACPI: PM: Preparing to enter system sleep state S3' 300 ||
		lab_finish
	sleep 10
	require "xl trigger s3resume" xl trigger "$GUEST_NAME" s3resume
	check "systemd finished the sleep (post hook ran)" \
		guest_wait_marker 'LAB: SLEEP post hybrid-sleep' 600
	check "agent answers after the wake" guest_agent_wait 300 || return
	check "same boot id" guest_same_identity
	check "checksums verify" guest_run "echo 3 >/proc/sys/vm/drop_caches; cd /mnt && md5sum -c s4data.md5"
	check "guest pings dom0" guest_net_check
	check "the image is discarded (swap signature SWAPSPACE2)" guest_run \
		"[ \"\$(dd if=$SWAP_DEV bs=1 skip=4086 count=10 2>/dev/null)\" = SWAPSPACE2 ]"
	check "lab-counter.service went on with the same PID" debian_counter_went_on "$before"
	check "journalctl -k: no WARNING/BUG/Oops/still in use" debian_kernel_log_clean
	check "systemctl --failed lists nothing" debian_no_failed_unit
	check "no WARNING/BUG in the guest console log" guest_log_clean "$first"
}

debian_s4() {
	local kernel=$1 how=$2 mode=$3 swap=$4 args='' offset before first rel
	require "Debian guest image and kernel ($kernel) in the share" debian_guest_use "$kernel"
	rel=$(debian_kernel_release "$kernel")
	require "a Debian guest at userspace, its agent answering (new, or the one before kept)" \
		guest_start
	first=$((GUEST_MARK + 1))
	require "the guest runs kernel $rel" guest_run "[ \"\$(uname -r)\" = $rel ]"
	check "boot finishes (systemctl is-system-running --wait)" \
		guest_run 'timeout 600 systemctl is-system-running --wait' 620 ||
		{ guest_run 'systemctl --failed --no-legend; findmnt -n -o OPTIONS /;
			journalctl -b -u systemd-remount-fs --no-pager | tail -n 5;
			journalctl -b -p warning --no-pager | tail -n 20' 120 &&
		lab_indent "$GUEST_OUT"; }
	guest_run 'uname -r; cat /proc/cmdline' && lab_indent "$GUEST_OUT"
	guest_write_data
	case $swap in
	partition)
		# As the first boot's initramfs set it (RESUME=), whatever
		# swap a cycle before used.
		require "swap on the swap disk, the resume device" guest_run \
			"swapoff -a && mkswap $SWAP_DEV >/dev/null && swapon $SWAP_DEV &&
			echo 0 >/sys/power/resume_offset && echo $SWAP_DEV >/sys/power/resume"
		check "resume device named only in initramfs-tools' conf.d" guest_run \
			"grep -qx 'RESUME=$SWAP_DEV' /etc/initramfs-tools/conf.d/resume &&
			! grep -q 'resume=' /proc/cmdline"
		;;
	file)
		require "swap file on the root filesystem (and no other swap)" guest_run \
			'swapoff -a && rm -f /swapfile &&
			dd if=/dev/zero of=/swapfile bs=1M count=512 status=none && chmod 600 /swapfile &&
			mkswap /swapfile >/dev/null && swapon /swapfile && sync' 600
		offset=$(guest_run "filefrag -v /swapfile | awk '\$1 == \"0:\" { sub(/\\.\\..*/, \"\", \$4); print \$4 }'" &&
			echo "$GUEST_OUT")
		require "swap file offset known ($offset)" test -n "$offset"
		# What the initramfs sets at the next boot from resume= and
		# resume_offset=; this boot's named the swap disk (RESUME=), and
		# systemd hibernates only to the swap /sys/power/resume names
		# ("Not enough swap space for hibernation" otherwise, run
		# 20261205-183833-deb-pvh). initramfs-tools takes a swap file's
		# offset only from the command line: its conf.d RESUME= must
		# name a swap device (run 20261205-190715-deb-pvh2 booted afresh).
		require "resume device and offset set as the next boot would" guest_run \
			"echo $offset >/sys/power/resume_offset && echo /dev/xvda >/sys/power/resume"
		args="resume=/dev/xvda resume_offset=$offset"
		;;
	esac
	if [ "$mode" = shutdown ]; then
		require "HibernateMode=shutdown in systemd's sleep.conf.d" guest_run \
			'mkdir -p /etc/systemd/sleep.conf.d &&
			printf "[Sleep]\nHibernateMode=shutdown\n" >/etc/systemd/sleep.conf.d/lab.conf'
	else
		require "systemd's default HibernateMode" guest_run \
			'rm -f /etc/systemd/sleep.conf.d/lab.conf'
	fi
	# systemd's system-sleep hooks run before and after the sleep: their
	# markers say on the console when systemd hibernates and when it is
	# back. Trixie has no hook directory until a package ships a hook.
	require "system-sleep hook" guest_run \
		'mkdir -p /usr/lib/systemd/system-sleep &&
		printf "#!/bin/sh\necho \"LAB: SLEEP \$1 \$2\" >/dev/hvc0\n" >/usr/lib/systemd/system-sleep/lab-marker &&
		chmod +x /usr/lib/systemd/system-sleep/lab-marker'
	guest_run 'cat /sys/power/disk' && echo "# /sys/power/disk before: $GUEST_OUT"
	before=$(debian_counter)
	echo "# lab-counter: $before"
	guest_mark
	# shellcheck disable=SC2034 # read by guest_hibernate
	case $how in
	systemctl) S4_COMMAND="systemctl hibernate" S4_EXIT_MARKER=HIBERNATE-REQUESTED ;;
	pm-hibernate) S4_COMMAND=pm-hibernate S4_EXIT_MARKER=HIBERNATE-EXIT ;;
	hybrid-sleep) S4_COMMAND="systemctl hybrid-sleep" S4_EXIT_MARKER=HIBERNATE-REQUESTED ;;
	esac
	if [ "$how" = hybrid-sleep ] && [ "$GUEST_TYPE" = hvm ]; then
		debian_hybrid_s3 "$before" "$first"
		return
	fi
	if ! check "$how hibernates the guest and the domain goes away" guest_hibernate; then
		guest_log_since_mark | grep -a -v 'LAB: HB' | tail -n 40 | sed 's/^/#   /'
		guest_run 'journalctl -b --no-pager | grep -i -E "sleep|hibernat|PM:" | tail -n 30' 60 &&
			lab_indent "$GUEST_OUT"
		lab_finish
	fi
	require "xl create${args:+ with $args}" guest_power_cycle "$args"
	check "the image kernel comes back (heartbeat with the old token)" guest_wait_resumed
	guest_s4_verify
	guest_run 'cat /sys/power/disk' && echo "# /sys/power/disk used: $GUEST_OUT"
	[ "$how" = pm-hibernate ] ||
		check "systemd finished the sleep (post hook ran)" \
			guest_wait_marker 'LAB: SLEEP post (hibernate|hybrid-sleep)' 120
	check "lab-counter.service went on with the same PID" debian_counter_went_on "$before"
	check "journalctl -k: no WARNING/BUG/Oops/still in use" debian_kernel_log_clean
	check "systemctl --failed lists nothing" debian_no_failed_unit
	check "no WARNING/BUG in the guest console log" guest_log_clean "$first"
}
