#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario bench: what hibernation costs against xl save + xl restore, and
# against the disk, measured in one run. For each guest size of
# LAB_BENCH_SIZES (MiB; default "512 1024") a guest is created with a
# working set: half of its memory, or LAB_BENCH_WORKSET MiB whatever its
# size (the scale mode, make bench-scale); half of it in tmpfs (half
# random, half text, checksummed and checked after each resume), half in
# page cache of a data-disk file. Then:
#   - raw sequential write and read rate of its swap disk (direct I/O);
#   - one S4 cycle per compressor of LAB_BENCH_COMPRESSORS (default
#     "lzo lz4"; "none" boots the guest again with hibernate=nocompress,
#     which the kernel reads only at boot, and fills it the same way),
#     its phases timed from the guest console, each line stamped by dom0
#     when it arrives, and from dom0's own events; with each value of
#     LAB_BENCH_IMAGE_SIZES (default "default": /sys/power/image_size as
#     booted; "0": the smallest image, page cache dropped, and the time to
#     read the data-disk file back after resume recorded);
#   - xl save + xl restore, and xl migrate (not with LAB_BENCH_MIGRATE=0:
#     a local migration needs twice the guest's memory), downtime measured
#     the same way (from the request to the agent answering again);
# and, for each kernel of LAB_BENCH_KERNELS (default "series"; any other
# name is /share/payload/bzImage-NAME), the same again: "base", the
# unpatched kernel, cannot hibernate in a new domain and gets only xl
# save + restore and migrate; another build of the series (a "before"
# for a change) gets the S4 cycles too. LAB_BENCH_PM_TIMES=1 has the
# guest log each device's suspend and resume time (pm_print_times). Figures go to TEST_DIR/bench.tsv (guest type, size,
# kernel, compressor, metric, value) and the S4 timeline to
# TEST_DIR/timeline-*.tsv; tools/lab/bench.sh turns them into tables and
# pictures. No figure is judged here: a run fails only when a figure
# cannot be measured (a phase's console line is missing, a step fails).
# lab-timeout: 14400
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

SIZES=${LAB_BENCH_SIZES:-512 1024}
COMPRESSORS=${LAB_BENCH_COMPRESSORS:-lzo lz4}
KERNELS=${LAB_BENCH_KERNELS:-series}
RAW_MB=${LAB_BENCH_RAW_MB:-128}
WORKSET=${LAB_BENCH_WORKSET:-}
IMAGE_SIZES=${LAB_BENCH_IMAGE_SIZES:-default}
MIGRATE=${LAB_BENCH_MIGRATE:-1}
TSV=$TEST_DIR/bench.tsv
TS=$TEST_DIR/console-ts.log   # "<dom0 epoch seconds> <console line>"
: >"$TSV"
size='' kernel='' comp=- ws=0 sums=''

record() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$GUEST_TYPE" "$size" "$kernel" "$comp" "$1" "$2" >>"$TSV"
	echo "# $GUEST_TYPE ${size} MiB $kernel $comp: $1 = $2"
}
# sub A B: B - A in seconds, two decimals; fails when either is missing.
sub() {
	[ -n "$1" ] && [ -n "$2" ] || return 1
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", b - a }'
}
# phase NAME FROM TO: record TO - FROM; a missing mark fails the scenario.
phase() {
	local d
	if d=$(sub "$2" "$3"); then
		record "$1" "$d"
	else
		echo "# FAIL: no time for phase $1 (a console line or event is missing)"
		LAB_FAILS=$((LAB_FAILS + 1))
	fi
}

# The console, each line stamped with dom0's clock as it arrives.
ts_start() {
	tail -n 0 -F "$GUEST_LOG" 2>/dev/null > >(while IFS= read -r l; do
		printf '%s %s\n' "$EPOCHREALTIME" "$l"
	done >>"$TS") &
	TS_PID=$!
}
ts_stop() { kill "$TS_PID" 2>/dev/null; }
# ts_of RE FROM: dom0 time of the first console line matching RE after FROM.
ts_of() {
	sleep 0.5   # let the stamper catch up
	awk -v re="$1" -v from="$2" '$1 >= from && $0 ~ re { print $1; exit }' "$TS"
}
# line_of RE FROM: that line itself.
line_of() {
	awk -v re="$1" -v from="$2" '$1 >= from && $0 ~ re { print; exit }' "$TS"
}
# kts_of RE FROM: the guest kernel's own timestamp of that line, free of
# the console's delay to dom0 (each kernel has its own clock).
kts_of() {
	line_of "$1" "$2" | sed -nE 's/^[^]]*\] \[ *([0-9]+\.[0-9]+)\].*/\1/p'
}

# agent_back T: poll the agent until it answers; sets T_BACK.
agent_back() {
	local end=$((SECONDS + $1))
	while [ "$SECONDS" -lt "$end" ]; do
		if guest_run true 5 >/dev/null 2>&1; then
			T_BACK=$EPOCHREALTIME
			return 0
		fi
		sleep 0.3
	done
	echo "# the agent did not answer within $1 s"
	return 1
}
# gone_wait T: poll until the domain is gone; sets T_GONE.
gone_wait() {
	local end=$((SECONDS + $1))
	while [ "$SECONDS" -lt "$end" ]; do
		if ! xl domid "$GUEST_NAME" >/dev/null 2>&1 && ! guest_alive; then
			T_GONE=$EPOCHREALTIME
			return 0
		fi
		sleep 0.5
	done
	return 1
}

bench_disks() {
	local swap=$size
	ws=${WORKSET:-$((size / 2))}
	# A fixed working set needs room for its image, not for all memory.
	[ -z "$WORKSET" ] || swap=$((ws * 2 + 512))
	mkdir -p "$GUEST_DIR"
	rm -f "$GUEST_DIR/data.img" "$GUEST_DIR/swap.img"
	mke2fs -q -t ext4 -F "$GUEST_DIR/data.img" $((ws / 2 + 96))M
	# Written in full: a sparse file would make the raw write rate that
	# of dom0's ext4 allocating blocks, while the image overwrites them.
	dd if=/dev/zero of="$GUEST_DIR/swap.img" bs=1M count="$swap" conv=fsync 2>/dev/null
}

# fill: half of the working set in tmpfs (half random, half text; their
# checksums kept in $sums), half as page cache of a data-disk file.
fill() {
	local q=$((ws / 2))
	guest_run "mount $DATA_DEV /mnt && mkdir -p /tmp/anon &&
		mount -t tmpfs -o size=$((q + 16))m tmpfs /tmp/anon &&
		dd if=/dev/urandom of=/tmp/anon/random bs=1M count=$((q / 2)) 2>/dev/null &&
		yes 'a compressible line of text for the hibernation bench' |
			dd of=/tmp/anon/text bs=1M count=$((q / 2)) iflag=fullblock 2>/dev/null &&
		dd if=/dev/urandom of=/mnt/cached bs=1M count=$q 2>/dev/null && sync &&
		md5sum /tmp/anon/random /tmp/anon/text" 900 || return 1
	sums=$GUEST_OUT
}
# intact: the tmpfs part of the working set reads back as written.
intact() {
	guest_run "md5sum /tmp/anon/random /tmp/anon/text" 300 || return 1
	[ "$GUEST_OUT" = "$sums" ] || { echo "# checksums before: $sums; after: $GUEST_OUT"; return 1; }
}
# warm: read the page-cache file back in, so each measurement starts with
# the same memory in use; prints the guest's memory figures.
warm() {
	guest_run "cat /mnt/cached >/dev/null &&
		awk '/^(MemTotal|MemFree|Cached|Shmem):/ { printf \"%s %d MiB  \", \$1, \$2 / 1024 }
			END { print \"\" }' /proc/meminfo" 300 &&
		echo "# guest memory: $GUEST_OUT"
}

# raw_rates: sequential direct I/O on the swap disk, before mkswap.
raw_rates() {
	guest_run "t0=\$(cut -d' ' -f1 /proc/uptime)
		dd if=/dev/zero of=$SWAP_DEV bs=1M count=$RAW_MB oflag=direct 2>/dev/null || exit 1
		t1=\$(cut -d' ' -f1 /proc/uptime)
		dd if=$SWAP_DEV of=/dev/null bs=1M count=$RAW_MB iflag=direct 2>/dev/null || exit 1
		t2=\$(cut -d' ' -f1 /proc/uptime)
		echo \$t0 \$t1 \$t2" 900 || return 1
	# shellcheck disable=SC2086 # three numbers
	set -- $GUEST_OUT
	record raw_write_MBps "$(awk -v m="$RAW_MB" -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", m / (b - a) }')"
	record raw_read_MBps "$(awk -v m="$RAW_MB" -v a="$2" -v b="$3" 'BEGIN { printf "%.2f", m / (b - a) }')"
}

# s4_cycle ISIZE: one hibernation and resume with /sys/power/image_size
# ISIZE ("default": as booted), its phases recorded under the compressor
# label $comp ("lzo", or "lzo/is0" for image_size 0).
s4_cycle() {
	local t_req frz pre created save0 saved down c0 c1 load0 loaded restarted l s
	local isize=$1 t0
	warm || return 1
	if [ "$isize" != default ]; then
		guest_run "cat /sys/power/image_size >/tmp/image_size.boot &&
			echo $isize >/sys/power/image_size" || return 1
	fi
	if [ "${comp%%/*}" != none ]; then
		guest_run "echo ${comp%%/*} >/sys/module/hibernate/parameters/compressor &&
			cat /sys/module/hibernate/parameters/compressor" || return 1
	fi
	guest_mark
	t_req=$EPOCHREALTIME
	guest_run "echo shutdown >/sys/power/disk
		(echo disk >/sys/power/state; echo \"LAB: HIBERNATE-EXIT \$?\") </dev/null >/dev/console 2>&1 &" ||
		return 1
	gone_wait "$T_HIBERNATE" || { echo "# the domain did not go away"; return 1; }
	c0=$EPOCHREALTIME
	guest_power_cycle "resume=$SWAP_DEV" || return 1
	c1=$EPOCHREALTIME
	agent_back "$T_BOOT" || return 1
	guest_same_identity || { echo "# the guest did not resume its image"; return 1; }
	frz=$(ts_of 'Freezing user space processes' "$t_req")
	pre=$(ts_of 'Preallocating image memory' "$t_req")
	created=$(ts_of 'Image created' "$t_req")
	save0=$(ts_of 'Compressing and saving image data|Saving image data pages' "$t_req")
	saved=$(ts_of 'Image saving done' "$t_req")
	down=$(ts_of 'reboot: (Power down|System halted)' "${saved:-$t_req}")
	load0=$(ts_of 'Loading and decompressing image data|Loading image data pages' "$c0")
	loaded=$(ts_of 'Image loading done' "$c0")
	restarted=$(ts_of 'Restarting tasks' "${loaded:-$c0}")
	phase freeze "$frz" "$pre"
	phase snapshot "$pre" "$created"
	phase thaw "$created" "$save0"
	phase image_write "$save0" "$saved"
	phase power_off "$saved" "$T_GONE"
	phase power_off_guest "$saved" "$down"
	phase power_off_xen "$down" "$T_GONE"
	phase xl_create "$c0" "$c1"
	phase boot_to_resume "$c1" "$load0"
	phase image_read "$load0" "$loaded"
	phase restore_devices "$loaded" "$restarted"
	# The same from the kernels' own clocks: the restore kernel from the
	# image loaded to its jump (the handover), the image kernel from its
	# first line to user space (Xen state and devices).
	local k1 k2 k3 k4
	k1=$(kts_of 'Image loading done' "$c0")
	k2=$(kts_of 'handing the domain over to the hibernation image' "$c0")
	k3=$(kts_of 'Grant tables using|Enabling non-boot CPUs' "${loaded:-$c0}")
	k4=$(kts_of 'Restarting tasks' "${loaded:-$c0}")
	phase handover_kernel "$k1" "$k2"
	phase image_restore_kernel "$k3" "$k4"
	if [ -n "$k1" ] && [ -n "$k2" ] && [ -n "$k3" ] && [ -n "$k4" ]; then
		record restore_kernel "$(awk -v a="$k1" -v b="$k2" -v c="$k3" -v d="$k4" 'BEGIN { printf "%.2f", (b - a) + (d - c) }')"
	fi
	phase userspace "$restarted" "$T_BACK"
	phase s4_downtime "$frz" "$T_BACK"
	# The kernel's own figures: image pages, size on disk, its I/O times.
	l=$(line_of 'Need to copy [0-9]+ pages' "$t_req")
	record image_MiB "$(echo "$l" | sed -E 's/.*Need to copy ([0-9]+) pages.*/\1/' | awk '{ printf "%.1f", $1 * 4 / 1024 }')"
	l=$(line_of 'Image size after compression: [0-9]+ kbytes' "$t_req")
	[ -z "$l" ] || record image_disk_MiB "$(echo "$l" | sed -E 's/.*compression: ([0-9]+) kbytes.*/\1/' | awk '{ printf "%.1f", $1 / 1024 }')"
	l=$(line_of 'Wrote [0-9]+ kbytes in' "$t_req")
	s=$(echo "$l" | sed -E 's/.*kbytes in ([0-9.]+) seconds.*/\1/')
	record image_write_s "$s"
	l=$(line_of 'Read [0-9]+ kbytes in' "$c0")
	s=$(echo "$l" | sed -E 's/.*kbytes in ([0-9.]+) seconds.*/\1/')
	record image_read_s "$s"
	# What reached the swap device: the compressed size, or for an
	# uncompressed image what "Wrote" counts (it counts pages before
	# compression).
	l=$(line_of 'Image size after compression: [0-9]+ kbytes' "$t_req")
	[ -n "$l" ] || l=$(line_of 'Wrote [0-9]+ kbytes in' "$t_req")
	record written_MiB "$(echo "$l" | sed -E 's/.*(compression:|Wrote) ([0-9]+) kbytes.*/\2/' | awk '{ printf "%.1f", $1 / 1024 }')"
	intact || { echo "# the working set changed across hibernation"; return 1; }
	if [ "$isize" != default ]; then
		# What the smaller image costs afterwards: the page cache it dropped.
		t0=$EPOCHREALTIME
		guest_run "cat /mnt/cached >/dev/null && cat /tmp/image_size.boot >/sys/power/image_size" 300 ||
			return 1
		phase cache_reread "$t0" "$EPOCHREALTIME"
	fi
	# The timeline picture: phase, start and end relative to the request.
	{
		for p in "freeze $frz $pre" "snapshot $pre $created" "thaw $created $save0" \
			"image-write $save0 $saved" "power-off $saved $T_GONE" "xl-create $c0 $c1" \
			"boot $c1 $load0" "image-read $load0 $loaded" "restore $loaded $restarted" \
			"userspace $restarted $T_BACK"; do
			# shellcheck disable=SC2086 # name and two times
			set -- $p
			[ $# = 3 ] && awk -v n="$1" -v a="$2" -v b="$3" -v t="$frz" \
				'BEGIN { printf "%s\t%.2f\t%.2f\n", n, a - t, b - t }'
		done
	} >"$TEST_DIR/timeline-$GUEST_TYPE-$size-${comp//\//-}.tsv"
	if [ "${LAB_BENCH_PM_TIMES:-0}" = 1 ]; then
		# Each device's callbacks from the snapshot to user space again,
		# slowest first: "usecs device callback".
		awk -v a="$t_req" -v b="$T_BACK" '$1 >= a && $1 <= b && / returned -?[0-9]+ after [0-9]+ usecs/ {
			for (i = 1; i <= NF; i++) if ($i == "after") us = $(i + 1)
			for (i = 1; i <= NF; i++) if ($i == "returned") cb = $(i - 1)
			dev = ""
			for (i = 1; i <= NF; i++) if ($i ~ /:$/ && $(i + 1) == cb) dev = $(i - 1) " " $i
			print us, dev, cb
		}' "$TS" | sort -rn >"$TEST_DIR/pm-times-$GUEST_TYPE-$size-$kernel-${comp//\//-}.txt"
		echo "# slowest device callbacks (usecs):"
		head -n 8 "$TEST_DIR/pm-times-$GUEST_TYPE-$size-$kernel-${comp//\//-}.txt" | sed 's/^/#   /'
	fi
	guest_find 'LAB: HIBERNATE-EXIT 0' || echo "# no 'LAB: HIBERNATE-EXIT 0' line after resume"
}

# nocompress_guest: the same guest booted again with hibernate=nocompress
# on the same disks, memory filled as before, swap on.
nocompress_guest() {
	guest_destroy
	guest_create hibernate=nocompress && guest_wait_ready "$T_BOOT" &&
		guest_agent_wait "$T_RUN" &&
		fill && guest_run "mkswap $SWAP_DEV >/dev/null && swapon $SWAP_DEV" &&
		{ [ "${LAB_BENCH_PM_TIMES:-0}" != 1 ] || guest_run "echo 1 >/sys/power/pm_print_times"; }
}

# xl_ops: xl save + xl restore, then xl migrate, downtime to the agent.
xl_ops() {
	local t0 t1 t2
	warm || return 1
	t0=$EPOCHREALTIME
	xl save "$GUEST_NAME" "$GUEST_DIR/save.img" >/dev/null || return 1
	t1=$EPOCHREALTIME
	record save_image_MiB "$(du -m "$GUEST_DIR/save.img" | cut -f1)"
	guest_mark
	xl restore "$GUEST_DIR/save.img" >/dev/null || return 1
	t2=$EPOCHREALTIME
	rm -f "$GUEST_DIR/save.img"
	agent_back 300 || return 1
	phase xl_save "$t0" "$t1"
	phase xl_restore "$t1" "$t2"
	phase save_restore_downtime "$t0" "$T_BACK"
	[ "$MIGRATE" = 1 ] || return 0
	warm || return 1
	t0=$EPOCHREALTIME
	xl migrate -s '' "$GUEST_NAME" 'xl migrate-receive' >/dev/null 2>&1 || return 1
	t1=$EPOCHREALTIME
	agent_back 300 || return 1
	phase xl_migrate "$t0" "$t1"
	phase migrate_downtime "$t0" "$T_BACK"
}

ts_start
first=1
for size in $SIZES; do
	GUEST_MEMORY=$size
	for kernel in $KERNELS; do
		comp=-
		echo "# --- $GUEST_TYPE, $size MiB, kernel: $kernel"
		guest_destroy
		bench_disks
		GUEST_KERNEL=/share/payload/bzImage
		[ "$kernel" = series ] || GUEST_KERNEL=/share/payload/bzImage-$kernel
		require "xl create ($size MiB, $kernel kernel)" guest_create
		first=$((GUEST_MARK + 1))
		require "guest reaches userspace" guest_wait_ready
		require "agent answers" guest_agent_wait
		if [ "$kernel" = series ]; then
			check "raw swap disk rates" raw_rates
		fi
		if [ "${LAB_BENCH_PM_TIMES:-0}" = 1 ]; then
			check "pm_print_times on" guest_run "echo 1 >/sys/power/pm_print_times"
		fi
		require "fill the working set ($ws MiB)" fill
		if [ "$kernel" != base ]; then
			require "swap on" guest_run "mkswap $SWAP_DEV >/dev/null && swapon $SWAP_DEV"
			for c in $COMPRESSORS; do
				if [ "$c" = none ]; then
					check "guest booted with hibernate=nocompress" nocompress_guest ||
						continue
				fi
				for isize in $IMAGE_SIZES; do
					comp=$c
					[ "$isize" = default ] || comp=$c/is$isize
					check "S4 cycle ($c, image_size $isize)" s4_cycle "$isize"
				done
			done
			comp=-
		fi
		check "xl save + restore$([ "$MIGRATE" = 1 ] && echo " and xl migrate")" xl_ops
		check "no WARNING/BUG in the guest log" guest_log_clean "$first"
	done
done
ts_stop
guest_destroy
echo "# bench figures: $(wc -l <"$TSV") in ${TSV#"$TEST_DIR"/}"
lab_finish
