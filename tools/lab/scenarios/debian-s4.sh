#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario debian-s4: the Debian guest with our kernel hibernates with
# `systemctl hibernate` and systemd's defaults (HibernateMode "platform
# shutdown": platform where the firmware offers ACPI S4, as Xen's HVM
# firmware does unless acpi_s4=0), its swap disk named only by RESUME= in
# initramfs-tools' conf.d; xl create resumes it (dom0/debian-s4.sh).
# lab-reuse: yes
# lab-timeout: 3600
# shellcheck disable=SC2317 # lab_finish: shellcheck takes debian_s4 for an exit
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"
# shellcheck source-path=SCRIPTDIR/../dom0 source=debian-s4.sh
. "${LAB_LIB%/*}/debian-s4.sh"

debian_s4 local systemctl default partition
lab_finish
