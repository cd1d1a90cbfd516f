# SPDX-License-Identifier: GPL-2.0
# Front door: `make` builds the patched guest kernel and shows it working,
# `make check` runs every test. See README.md.

SHELL := /bin/bash
.DEFAULT_GOAL := all

# Passed to the scripts: DEBUG=1 (debug kernel), W=1 / C=1 (extra kernel
# build checks), CACHE=dir (downloads, ccache, images), FORCE=1 (make tree
# may drop uncommitted changes in build/linux).
export DEBUG W C CACHE FORCE

.PHONY: all tree export kernel smoke check large-config forward-check clean distclean help

all: kernel smoke
	@tools/lab/demo.sh
	@echo "make: guest kernel built and smoke-tested; lab hibernation cycle above; 'make check' runs every test"

help:
	@echo "make            build the patched guest kernel and run it"
	@echo "make check      every test (TAP, final 'N passed, N failed')"
	@echo "make tree       build/linux: base commit + one commit per patch"
	@echo "make export     write build/linux's commits back to patches/"
	@echo "make kernel     guest bzImage (DEBUG=1: debug variant)"
	@echo "make smoke      boot the kernel in plain QEMU, PM interfaces"
	@echo "make large-config  the finished series with x86_64 defconfig + Xen options"
	@echo "make forward-check  the series adapted to linux-source-7.3 (forward/): applies, same as patches/, builds, KUnit"

tree:
	@tools/tree.sh

export:
	@tools/export.sh

kernel: tree
	@tools/kernel-build.sh

smoke: kernel
	@tools/smoke.sh

check:
	@tools/check.sh

large-config: tree
	@tools/check-large-config.sh

forward-check:
	@tools/forward-check.sh

clean:
	rm -rf build/linux/.out-* build/kernel build/kernel-debug build/smoke build/check

# Keeps the cache (downloads, ccache, dom0 image) unless asked.
distclean:
	rm -rf build

-include tools/lab/lab.mk
