#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# forward-compare.sh [ORIG ADAPTED]: check that an adapted series says the
# same as the original (default: patches/ and forward/linux-7.3/). Prints
# TAP: one point for the two series files, one per patch; exits 1 on any
# failure.
#
# Patches pair by file name without the number (the "0006-" of
# 0006-xenbus-...patch): a port may carry patches of its own, such as a fix
# to code only the newer kernel has, which then comes first and moves the
# numbers of the rest. Such a patch must have a section in ADAPTATIONS
# saying why it is there; every other patch of either series must have
# its pair.
#
# Each patch pair must have the same commit message, byte for byte (author,
# date, subject and body: everything before the "---" line), and the same
# changed lines: the added and removed lines of the patch, file headers
# included, context lines, hunk headers and index lines not. They are
# compared as multisets, so a hunk that moved along with the code it
# changes is no difference. Every line that differs must be quoted, once,
# in ADAPTED/ADAPTATIONS under the adapted patch's file name: "< LINE" for a line
# only the original has, "> LINE" for one only the adapted patch has. Any
# other line there is prose. A quoted line that no longer differs fails
# too, so the file stays current; the failure prints the lines to add or
# remove, ready to paste.
set -eu
. "$(dirname "$0")/lib.sh"

orig=$(realpath -m "${1:-$TOP/patches}")
adapted=$(realpath -m "${2:-$TOP/forward/linux-7.3}")
decl=$adapted/ADAPTATIONS
export LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f "$orig/series" ] || die "no series in $orig"
[ -f "$adapted/series" ] || die "no series in $adapted"

rel() { printf '%s' "${1#"$TOP"/}"; }
series() { grep -v '^[[:space:]]*\(#\|$\)' "$1/series" || true; }
# A patch's name without its number.
unnumbered() { sed 's/^[0-9]\{4\}-//'; }
# adapted_of NAME: the adapted series' patch paired with NAME of the original.
adapted_of() {
	series "$adapted" | grep -x "[0-9][0-9][0-9][0-9]-$(printf '%s' "$1" | unnumbered | sed 's/[.[\*^$]/\\&/g')" || true
}
sections() {
	[ -f "$decl" ] || return 0
	grep -E '^[0-9]{4}-[^ ]*\.patch$' "$decl" || true
}
# Everything before the separator: From line, headers, commit message;
# the subject's "[PATCH n/m]" without its numbers, which follow the series.
message() { sed -n '1,/^---$/{s|^\(Subject: \[PATCH\) [0-9]*/[0-9]*\]|\1]|;p}' "$1"; }
# Added and removed lines, from the first diff on (after the diffstat).
changes() { sed -n '/^diff --git /,$p' "$1" | grep '^[-+]' | sort; }
# declared PATCH MARK: the lines ADAPTATIONS quotes with MARK under PATCH.
declared() {
	[ -f "$decl" ] || return 0
	awk -v p="$1" -v m="$2 " '
		/^[0-9][0-9][0-9][0-9]-[^ ]*\.patch$/ { cur = $0; next }
		cur == p && index($0, m) == 1 { print substr($0, length(m) + 1) }
	' "$decl" | sort -u
}

n=0
failed=0
point() {	# point ok|fail DESC [DIAGNOSTICS]
	n=$((n + 1))
	if [ "$1" = ok ]; then
		printf 'ok %d - %s\n' "$n" "$2"
	else
		failed=1
		printf 'not ok %d - %s\n' "$n" "$2"
	fi
	[ -z "${3:-}" ] || printf '%s\n' "$3" | sed 's/^/# /'
}

# The two series files pair up; patches only in the port have a section
# in ADAPTATIONS; ADAPTATIONS names only patches of the port.
diag=
series "$orig" | unnumbered > "$work/names-o"
series "$adapted" | unnumbered > "$work/names-a"
port_only=()
while IFS= read -r name; do
	printf '%s\n' "$name" | unnumbered | grep -qxF -f - "$work/names-o" && continue
	if sections | grep -qxF "$name"; then
		port_only+=("$name")
	else
		diag="${diag:+$diag
}$name is only in $(rel "$adapted")/series and has no section in $(rel "$decl") saying why"
	fi
done < <(series "$adapted")
while IFS= read -r name; do
	[ -n "$(adapted_of "$name")" ] ||
		diag="${diag:+$diag
}$name of $(rel "$orig")/series has no counterpart in $(rel "$adapted")/series"
done < <(series "$orig")
if ! diff <(cat "$work/names-o") <(grep -vxF -f <(printf '%s\n' "${port_only[@]}" | unnumbered) "$work/names-a") > "$work/series.diff"; then
	diag="${diag:+$diag
}the series files list them in another order (< $(rel "$orig")/series, > $(rel "$adapted")/series, port-only patches left out):
$(cat "$work/series.diff")"
fi
while IFS= read -r name; do
	series "$adapted" | grep -qxF "$name" ||
		diag="${diag:+$diag
}ADAPTATIONS has a section for $name, which is not in $(rel "$adapted")/series"
done < <(sections)
if [ -z "$diag" ]; then
	point ok "$(rel "$adapted") pairs the $(series "$orig" | wc -l) patches of $(rel "$orig")${port_only[*]:+, plus ${#port_only[@]} of its own}"
else
	point fail "$(rel "$adapted") pairs the patches of $(rel "$orig")" "$diag"
fi
for name in "${port_only[@]}"; do
	point ok "$name: only in $(rel "$adapted"), explained in ADAPTATIONS"
done

while IFS= read -r p; do
	a=$(adapted_of "$p")
	if [ -z "$a" ] || [ ! -f "$adapted/$a" ]; then
		point fail "$p: missing from $(rel "$adapted")"
		continue
	fi
	diag=
	if ! diff -u --label "$(rel "$orig")/$p" --label "$(rel "$adapted")/$a" \
		<(message "$orig/$p") <(message "$adapted/$a") > "$work/msg"; then
		diag="the commit messages differ:
$(cat "$work/msg")"
	fi
	changes "$orig/$p" > "$work/o"
	changes "$adapted/$a" > "$work/a"
	comm -23 "$work/o" "$work/a" | uniq > "$work/only-o"
	comm -13 "$work/o" "$work/a" | uniq > "$work/only-a"
	declared "$a" '<' > "$work/decl-o"
	declared "$a" '>' > "$work/decl-a"
	undeclared=$( (comm -23 "$work/only-o" "$work/decl-o" | sed 's/^/< /'
		comm -23 "$work/only-a" "$work/decl-a" | sed 's/^/> /') || true)
	stale=$( (comm -13 "$work/only-o" "$work/decl-o" | sed 's/^/< /'
		comm -13 "$work/only-a" "$work/decl-a" | sed 's/^/> /') || true)
	if [ -n "$undeclared" ]; then
		diag="${diag:+$diag
}changed lines that differ, not in $(rel "$decl"); under $a, declare them (or port the change):
$undeclared"
	fi
	if [ -n "$stale" ]; then
		diag="${diag:+$diag
}lines $(rel "$decl") declares under $a that no longer differ (remove them):
$stale"
	fi
	ndecl=$(($(wc -l < "$work/only-o") + $(wc -l < "$work/only-a")))
	if [ -n "$diag" ]; then
		point fail "$p says the same as in $(rel "$orig")" "$diag"
	elif [ "$ndecl" = 0 ]; then
		point ok "$p: same message, same changed lines"
	else
		point ok "$p: same message; changed lines the same but for $ndecl declared in ADAPTATIONS"
	fi
done < <(series "$orig")

printf '1..%d\n' "$n"
exit "$failed"
