#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The debug build of our guest kernel for scenarios/lockdep.sh: the series
# tip with configs/debug.config added (lock dependency checking,
# sleeping-in-atomic detection), into
# build/linux/.out-kernel-debug/arch/x86/boot/bzImage.
set -eu
. "$(dirname "$0")/common.sh"

"$TOP/tools/tree.sh"
DEBUG=1 "$TOP/tools/kernel-build.sh"
