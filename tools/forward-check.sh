#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make forward-check: the series on the newest kernel source Debian ships,
# Debian's linux-source-7.3 (trixie-backports), as one TAP stream with a
# final "N passed, N failed" line. Runs on demand, not in make check: it
# builds a second kernel.
#
# The series adapted to 7.3 is forward/linux-7.3 (same file names as
# patches/); forward/linux-7.3/ADAPTATIONS says what differs and why.
# Test points: the source is fetched; the adapted series applies
# (build/linux-7.3) and exports back unchanged (so its files are what
# tools/export.sh writes); each adapted patch says the same as its original
# (tools/forward-compare.sh), and that check catches a change of patches/
# the adapted series lacks; the finished series builds for x86_64 with our
# guest config (tools/forward-build.sh); the series' KUnit suites pass on
# it (tools/kunit.sh). Logs: build/forward-linux-7.3/check/.
set -eu
. "$(dirname "$0")/lib.sh"

name=${FORWARD:-linux-7.3}
fwd=$TOP/forward/$name
tree=$BUILD/$name
work=$BUILD/forward-$name
TAP_LOGDIR=$work/check
rm -rf "$TAP_LOGDIR"
. "$TOP/tools/tap.sh"
# shellcheck source=forward/linux-7.3/source
. "$fwd/source"
unset DEBUG	# one configuration: configs/xen-guest.config
t_start=$(date +%s)

fetch() {
	LINUX_SOURCE_PKG=$LINUX_SOURCE_PKG LINUX_SOURCE_SUITE=$LINUX_SOURCE_SUITE \
		"$TOP/tools/fetch-source.sh"
}
tap_run "Debian's $LINUX_SOURCE_PKG fetched from $LINUX_SOURCE_SUITE" fetch
if [ "$TAP_FAIL" != 0 ]; then
	tap_finish
	exit 1
fi
base_repo=$(fetch 2>/dev/null)
echo "# base: $(git -C "$base_repo" log -1 --format=%s)"

tap_run "${fwd#"$TOP"/} applies to it (${tree#"$TOP"/})" "$TOP/tools/forward-tree.sh"
applied=$TAP_FAIL

export_round_trip() {
	local out rc=0
	out=$(mktemp -d)
	PATCHES_OUT=$out "$TOP/tools/export.sh" "$tree" &&
		diff -r -x ADAPTATIONS -x config-changes -x source "$fwd" "$out" || rc=$?
	rm -rf "$out"
	return $rc
}
if [ "$applied" = 0 ]; then
	tap_run "tools/export.sh writes ${fwd#"$TOP"/} back byte-identical" export_round_trip
fi
tap_sub "forward-compare" "$TOP/tools/forward-compare.sh" "$TOP/patches" "$fwd"

# The comparison must notice when patches/ changes and the adapted series
# does not follow: change one added line of the last patch in a copy.
compare_catches_drift() {
	local tmp p line rc=0
	tmp=$(mktemp -d)
	cp -r "$TOP/patches" "$tmp/patches"
	p=$(grep -v '^[[:space:]]*\(#\|$\)' "$tmp/patches/series" | tail -n 1)
	line=$(sed -n '/^diff --git /,$p' "$tmp/patches/$p" | grep -m 1 '^+[^+]')
	L=$line awk '/^diff --git /{ d = 1 }
		d && !done && $0 == ENVIRON["L"] { $0 = $0 " /* changed */"; done = 1 } { print }' \
		"$TOP/patches/$p" > "$tmp/patches/$p"
	"$TOP/tools/forward-compare.sh" "$tmp/patches" "$fwd" > "$tmp/out" 2>&1 || rc=$?
	cat "$tmp/out"
	if [ "$rc" = 0 ]; then
		echo "forward-compare.sh passed although $p changed in patches/ only"
	elif ! grep -qxF "# < $line /* changed */" "$tmp/out"; then
		rc=0
		echo "forward-compare.sh failed without naming the changed line of $p"
	fi
	rm -rf "$tmp"
	[ "$rc" != 0 ]
}
tap_run "forward-compare.sh fails when a patch changes in patches/ only" compare_catches_drift

if [ "$applied" != 0 ]; then
	tap_not_ok "the finished $name series builds for x86_64 (not built: it does not apply)"
	tap_not_ok "the series' KUnit suites pass on $name (not run: it does not apply)"
else
	phase_begin "$name kernel build"
	failed=$TAP_FAIL
	tap_run "the finished $name series builds for x86_64 with configs/xen-guest.config" \
		"$TOP/tools/forward-build.sh"
	phase_end
	if [ "$TAP_FAIL" = "$failed" ]; then
		# tools/kunit.sh boots $BUILD/kernel and logs to $BUILD/kunit.
		ln -sfn "../$name/.out" "$work/kernel"
		kunit() { BUILD=$work "$TOP/tools/kunit.sh"; }
		tap_sub "kunit" kunit
	else
		tap_not_ok "the series' KUnit suites pass on $name (not run: the build failed)"
	fi
fi

log "make forward-check took $(($(date +%s) - t_start)) s"
tap_finish
