#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario debian-s4-hybrid: as debian-s4, with `systemctl hybrid-sleep`:
# HVM guests write the image, enter ACPI S3 and are woken by xl trigger
# s3resume; PVH guests, which cannot be woken, power off and xl create
# resumes them (dom0/debian-s4.sh).
# lab-reuse: yes
# lab-timeout: 3600
# shellcheck disable=SC2317 # lab_finish: shellcheck takes debian_s4 for an exit
set -u   # no -e: check records a failure and the scenario goes on
# shellcheck source-path=SCRIPTDIR/../dom0 source=lab-lib.sh
. "$LAB_LIB"
# shellcheck source-path=SCRIPTDIR/../dom0 source=debian-s4.sh
. "${LAB_LIB%/*}/debian-s4.sh"

debian_s4 local hybrid-sleep default partition
lab_finish
