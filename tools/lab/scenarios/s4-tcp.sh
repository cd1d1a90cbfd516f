#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario s4-tcp: a TCP stream from dom0 into the guest, carrying data
# while the guest hibernates, must carry it again after the image resumed,
# with nothing lost or repeated. dom0 writes a counter, one number a line,
# five a second; the guest's receiver (busybox nc, or perl in the Debian
# guest) appends what it gets to a file in memory. After resume the file
# must go on growing, and hold 0, 1, 2, ... in order. Before the fix the
# connection stayed ESTABLISHED and never carried data again: the
# hibernating kernel, still connected while writing its image,
# acknowledged data the image never saw.
# dom0's TCP retransmits at its own backoff, which the guest's absence has
# grown to a minute or two: hence the long wait.
# lab-timeout: 3600
# shellcheck disable=SC2317 # its functions are called through check/require
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"

PORT=7001
T_STREAM=300	# after resume, for the stream to go on

# lines_received: how many lines the guest has received; -1 if unknown.
lines_received() {
	guest_run "wc -l </run/tcp.in" 30 >/dev/null 2>&1 &&
		[ -n "$GUEST_OUT" ] && echo "$GUEST_OUT" | tr -d ' ' && return 0
	echo -1
}

# stream_in_order: the received lines are 0, 1, 2, ... (a last partial
# line apart).
stream_in_order() {
	guest_run "awk 'NR > 1 && prev != NR - 2 { print \"line \" NR - 1 \": \" prev; bad = 1; exit }
		{ prev = \$1 } END { print NR \" lines\"; exit bad }' /run/tcp.in" 60
	local st=$?
	echo "# $GUEST_OUT"
	return "$st"
}

# The receiver: busybox nc in the lab's guest; in the Debian guest
# (LAB_GUEST_OS=debian), which has no nc, perl-base's IO::Socket, run by
# systemd-run so that it outlives the agent's connection; perl starts in
# seconds under TCG, hence the wait for its socket.
receiver_listens() {
	if [ -n "${DEBIAN_ROOT:-}" ]; then
		guest_run "systemd-run --quiet --unit=lab-tcp-in perl -MIO::Socket::INET -e '
			my \$l = IO::Socket::INET->new(LocalPort => $PORT, Listen => 1, ReuseAddr => 1) or die;
			my \$c = \$l->accept; open(my \$f, \">\", \"/run/tcp.in\") or die;
			\$f->autoflush(1); print \$f \$_ while <\$c>;' &&
			n=0 && while ! ss -tln | grep -q ':$PORT '; do
				[ \$n -lt 60 ] || { systemctl status lab-tcp-in; exit 1; }
				n=\$((n + 1)); sleep 1
			done" 120
		local st=$?
		[ "$st" = 0 ] || printf '%s\n' "$GUEST_OUT" | sed 's/^/#   /'
		return "$st"
	else
		guest_run "(sleep 100000 2>/dev/null | nc -l -p $PORT >/run/tcp.in 2>/dev/null &) ; sleep 1; netstat -tln | grep -q ':$PORT '"
	fi
}

guest_s4_prepare
first=$((GUEST_MARK + 1))
require "receiver listens in the guest" receiver_listens
# The sender: bash's /dev/tcp, in the background for the whole scenario.
(
	exec 3<>"/dev/tcp/$GUEST_IP/$PORT" || exit 1
	i=0
	while printf '%d\n' "$i" >&3; do
		i=$((i + 1))
		sleep 0.2
	done
) 2>"$TEST_DIR/sender.err" &
sender=$!
trap 'kill "$sender" 2>/dev/null; kill "$FOLLOWING" 2>/dev/null' EXIT
sleep 10
before=$(lines_received)
require "stream flows before hibernating ($before lines)" test "$before" -gt 10
guest_mark
if ! check "guest hibernates and the domain goes away" guest_hibernate; then
	guest_log_since_mark | grep -a -v 'LAB: HB' | tail -n 40 | sed 's/^/#   /'
	lab_finish
fi
echo "# dom0's side while the guest is away: $(ss -tn "dport = :$PORT" | tail -n +2 | tr -s ' ')"
require "xl create with $RESUME_ARGS" guest_power_cycle "$RESUME_ARGS"
check "the image kernel comes back (heartbeat with the old token)" guest_wait_resumed
guest_s4_verify
resumed=$(lines_received)
echo "# lines received: $before before, $resumed right after resume"
t_start
end=$((SECONDS + T_STREAM))
now=$resumed
while [ "$SECONDS" -lt "$end" ]; do
	now=$(lines_received)
	[ "$now" -gt $((resumed + 25)) ] && break
	sleep 10
done
t_elapsed "stream after resume"
echo "# dom0's side: $(ss -tni "dport = :$PORT" | tail -n +2 | tr -s ' ' | tr '\n' ' ')"
check "the stream carries data again after resume ($resumed -> $now lines)" \
	test "$now" -gt $((resumed + 25))
check "nothing lost or repeated" stream_in_order
check "dom0's sender still connected" kill -0 "$sender"
kill "$sender" 2>/dev/null
check "no WARNING/BUG in the guest log" guest_log_clean "$first"
lab_finish
