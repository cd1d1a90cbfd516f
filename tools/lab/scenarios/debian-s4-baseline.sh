#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario debian-s4-baseline: debian-s4 with Debian's own kernel, without
# the series: the baseline, expected to fail (TODO); its log shows what
# breaks.
# lab-timeout: 3600
# shellcheck disable=SC2317 # lab_finish: shellcheck takes debian_s4 for an exit
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"
# shellcheck source-path=SCRIPTDIR/../dom0 source=debian-s4.sh
. "${LAB_LIB%/*}/debian-s4.sh"

lab_todo "Debian's unpatched kernel cannot resume in a new Xen domain (the baseline)"
debian_s4 debian systemctl default partition
lab_finish
