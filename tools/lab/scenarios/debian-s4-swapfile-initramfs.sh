#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario debian-s4-swapfile-initramfs: as debian-s4, to a swap file on the root
# filesystem (no swap partition), named only by RESUME= and RESUME_OFFSET= in
# initramfs-tools' conf.d (update-initramfs), nothing on the command line.
# lab-timeout: 3600
# shellcheck disable=SC2317 # lab_finish: shellcheck takes debian_s4 for an exit
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"
# shellcheck source-path=SCRIPTDIR/../dom0 source=debian-s4.sh
. "${LAB_LIB%/*}/debian-s4.sh"

debian_s4 local systemctl default file-initramfs
lab_finish
