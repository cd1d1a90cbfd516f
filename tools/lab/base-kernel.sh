#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The unpatched kernel for comparisons (make bench): the series' base
# commit checked out in build/linux-base (a git worktree of build/linux)
# and built with the same config as ours, into
# build/linux-base/.out-kernel/arch/x86/boot/bzImage.
set -eu
. "$(dirname "$0")/common.sh"

tree=$BUILD/linux
base_tree=$BUILD/linux-base
"$TOP/tools/tree.sh"
if [ "$(git -C "$base_tree" rev-parse HEAD 2>/dev/null)" != "$(git -C "$tree" rev-parse base)" ]; then
	rm -rf "$base_tree"
	git -C "$tree" worktree prune
	git -C "$tree" worktree add -q --detach "$base_tree" base
fi
# The series' own options (its KUnit suites) do not exist in the base.
ALLOW_UNDEFINED=1 TREE=$base_tree "$TOP/tools/kernel-build.sh"
