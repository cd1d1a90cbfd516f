#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the series' KUnit suites: boot the guest kernel (suites built in,
# off by default) in plain QEMU TCG with kunit.enable=1; the kernel runs
# them before user space and powers off. Prints one TAP point per test
# case and one per suite, from the KTAP on the console.
set -eu
. "$(dirname "$0")/lib.sh"

ensure_backports
need_pkgs -t bookworm-backports qemu-system-x86

bz=$BUILD/kernel/arch/x86/boot/bzImage
[ -f "$bz" ] || die "no kernel at ${bz#"$TOP"/}; run 'make kernel'"
dir=$BUILD/kunit
mkdir -p "$dir"

phase_begin "KUnit boot in QEMU TCG"
rc=0
timeout 300 qemu-system-x86_64 -accel tcg -cpu max -m 512 -smp 2 \
	-nographic -no-reboot -nic none -kernel "$bz" \
	-append "console=ttyS0 kunit.enable=1 kunit_shutdown=poweroff panic=-1" \
	> "$dir/console.log" 2>&1 < /dev/null || rc=$?
phase_end

# KTAP: suites at indent 0, their cases at indent 4; strip the timestamps.
n=0
fail=0
suites=0
ksuite=
while IFS= read -r line; do
	case $line in
	"    # Subtest: "*) ksuite=${line#    # Subtest: } ;;
	"    ok "*|"    not ok "*)
		n=$((n + 1))
		res=${line#    }
		case $res in
		"not ok "*) fail=1; echo "not ok $n - kunit $ksuite: ${res#not ok * }" ;;
		*"# SKIP"*) echo "ok $n - kunit $ksuite: ${res#ok * }" ;;
		*) echo "ok $n - kunit $ksuite: ${res#ok * }" ;;
		esac
		;;
	"    # "*) echo "# ${line#    # }" ;;
	"ok "*) suites=$((suites + 1)) ;;
	"not ok "*) suites=$((suites + 1)); fail=1 ;;
	esac
done < <(tr -d '\r' < "$dir/console.log" | sed -n 's/^\[ *[0-9.]*\] //p')
if [ "$suites" = 0 ] || [ "$n" = 0 ]; then
	echo "not ok $((n + 1)) - kunit: no suite ran (QEMU exit $rc; console: ${dir#"$TOP"/}/console.log)"
	tail -n 20 "$dir/console.log" | sed 's/^/# /'
	exit 1
fi
exit "$fail"
