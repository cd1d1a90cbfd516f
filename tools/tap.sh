# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# TAP output for make check: one test point per check, a final
# "N passed, N failed" line. Sourced, never run.
#
# tap_run DESC CMD...   run CMD with its output in a log; ok when it exits 0
# tap_ok DESC / tap_not_ok DESC [DIAG]   report a result directly
# tap_merge PREFIX      read TAP from stdin and report its points as ours
# tap_sub NAME CMD...   run CMD, which prints TAP, and merge its points; a
#                       failing CMD that reported no failure is one
# tap_finish            print the summary; returns 1 if anything failed

TAP_N=0
TAP_PASS=0
TAP_FAIL=0
TAP_TODO=0
TAP_LOGDIR=${TAP_LOGDIR:-$BUILD/check}
mkdir -p "$TAP_LOGDIR"

tap_ok() {
	TAP_N=$((TAP_N + 1))
	TAP_PASS=$((TAP_PASS + 1))
	printf 'ok %d - %s\n' "$TAP_N" "$1"
}

tap_not_ok() {
	TAP_N=$((TAP_N + 1))
	TAP_FAIL=$((TAP_FAIL + 1))
	printf 'not ok %d - %s\n' "$TAP_N" "$1"
	[ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/# /'
}

tap_todo() {
	TAP_N=$((TAP_N + 1))
	TAP_TODO=$((TAP_TODO + 1))
	printf 'not ok %d - %s # TODO %s\n' "$TAP_N" "$1" "$2"
}

tap_run() {
	local desc=$1 logf t0 rc
	shift
	logf=$TAP_LOGDIR/$(printf '%02d' $((TAP_N + 1)))-$(printf '%s' "$desc" | tr -c 'A-Za-z0-9' '-' | cut -c1-60).log
	t0=$(date +%s)
	rc=0
	"$@" > "$logf" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		tap_ok "$desc ($(($(date +%s) - t0)) s)"
	else
		tap_not_ok "$desc (exit $rc, $(($(date +%s) - t0)) s)" \
			"$(tail -n 30 "$logf")
log: ${logf#"$TOP"/}"
	fi
	return 0
}

tap_merge() {
	local prefix=$1 line desc
	while IFS= read -r line; do
		case $line in
		"ok "*)
			desc=${line#ok }
			desc=${desc#* }
			tap_ok "$prefix${desc#- }"
			;;
		"not ok "*"# TODO"*)
			desc=${line#not ok }
			desc=${desc#* }
			desc=${desc#- }
			tap_todo "$prefix${desc%% # TODO*}" "${desc#*# TODO }"
			;;
		"not ok "*)
			desc=${line#not ok }
			desc=${desc#* }
			tap_not_ok "$prefix${desc#- }"
			;;
		"#"*) printf '%s\n' "$line" ;;
		esac
	done
}

tap_sub() {
	local name=$1 logf rc=0 fails
	shift
	logf=$TAP_LOGDIR/$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '-').log
	"$@" > "$logf" 2>&1 || rc=$?
	fails=$TAP_FAIL
	tap_merge "" < "$logf"
	if [ "$rc" != 0 ] && [ "$TAP_FAIL" = "$fails" ]; then
		tap_not_ok "$name (exit $rc)" "$(grep -v '^\(not \)\?ok ' "$logf" | tail -n 30)
log: ${logf#"$TOP"/}"
	fi
	return 0
}

tap_finish() {
	printf '1..%d\n' "$TAP_N"
	if [ "$TAP_TODO" -gt 0 ]; then
		printf '%d passed, %d failed (%d known failures marked TODO)\n' \
			"$TAP_PASS" "$TAP_FAIL" "$TAP_TODO"
	else
		printf '%d passed, %d failed\n' "$TAP_PASS" "$TAP_FAIL"
	fi
	[ "$TAP_FAIL" = 0 ]
}
