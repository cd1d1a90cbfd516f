# SPDX-License-Identifier: GPL-2.0
# Lab rules, included by the top-level Makefile: real Xen + Debian dom0
# under QEMU TCG running guest scenarios against our kernel (tools/lab/).
#   make lab SCENARIOS="boot saverestore checkpoint s4" GUESTS="pvh hvm pv"
#   make lab SCENARIOS=path/to/scenario.sh GUESTS=pvh
#   make soak CYCLES=N GUESTS="pvh hvm"   (S4, save/restore, save -c and
#   migrate N times each under load; a table per guest type; OPS="migrate"
#   for only some of them, SECS=N to start no round after N seconds; each
#   run is kept in Documentation/soak/ and `make soak-report` adds up the
#   runs of the same kernel)
#   make bench GUESTS="pvh hvm" SIZES="512 1024" COMPRESSORS="lzo lz4 none"
#   KERNELS="series base"   (S4 against xl save/restore and the disk;
#   tables and timelines in build/bench/)
#   make bench-scale   (one 192 MiB working set in guests of 512 MiB, 2 GiB
#   and 4 GiB, PVH and HVM, S4 with lzo and without compression, image_size
#   as booted and 0, against xl save + xl restore; build/bench-scale/)
#   make lab-debian-kernel lab-debian   (the Debian guest with Debian's
#   cloud kernel and ours; then SCENARIOS=debian-boot, or LAB_GUEST_OS=debian
#   for any scenario; lab-debian alone: the stock kernel only)
#   make lab-debian-check   (all of that, then the Debian guest's checks:
#   tools/lab/debian-check.sh)
#   make lab-bisect   (every patch's kernel boots and goes through xl save,
#   xl restore and xl save -c: tools/lab/bisect-check.sh; GUESTS default
#   "pvh hvm")
# Stages can be run alone: lab-qemu, lab-xen, lab-dom0, lab-payload; lab-shellcheck
# checks the scripts. Output under build/lab/, downloads in ~/.cache/xenhib.
LAB_SH := tools/lab
SCENARIOS ?= boot
GUESTS ?= pvh
CYCLES ?= 10

.PHONY: lab lab-other soak soak-report bench bench-scale lab-qemu lab-xen lab-dom0 lab-selftests lab-payload lab-shellcheck \
	lab-debian lab-debian-kernel lab-debian-check lab-bisect

lab-qemu:
	$(LAB_SH)/qemu-build.sh

lab-xen:
	$(LAB_SH)/xen-build.sh

lab-dom0:
	$(LAB_SH)/dom0-image.sh

lab-selftests: tree
	$(LAB_SH)/selftests-build.sh

lab-payload: kernel lab-selftests
	$(LAB_SH)/guest-payload.sh

# Our kernel from build/linux's HEAD (committed changes only), as .debs.
lab-debian-kernel:
	$(LAB_SH)/debian-kernel.sh

# With the .debs of lab-debian-kernel when there are any.
lab-debian:
	$(LAB_SH)/debian-guest-image.sh $(wildcard build/lab/debian-kernel-debs)

lab-debian-check: lab-payload
	$(LAB_SH)/debian-check.sh

# Builds every patch itself (tools/check-each-patch.sh).
lab-bisect: lab-qemu lab-xen lab-dom0 lab-payload
	GUESTS="$(if $(filter command line environment,$(origin GUESTS)),$(GUESTS),pvh hvm)" \
		$(LAB_SH)/bisect-check.sh

# s4-pv-resume loads an image with another build of the kernel: built and
# passed along when asked for.
LAB_OTHER := $(if $(filter s4-pv-resume s4-pv-resume:%,$(SCENARIOS)),build/linux/.out-kernel-other/arch/x86/boot/bzImage)

lab-other: kernel
	$(LAB_SH)/other-kernel.sh

lab: lab-qemu lab-xen lab-dom0 lab-payload $(if $(LAB_OTHER),lab-other)
	SCENARIOS="$(SCENARIOS)" GUESTS="$(GUESTS)" \
		LAB_EXTRA_KERNELS="$(strip $(LAB_EXTRA_KERNELS) $(if $(LAB_OTHER),other=$(CURDIR)/$(LAB_OTHER)))" \
		$(LAB_SH)/run.sh

soak: lab-qemu lab-xen lab-dom0 lab-payload
	CYCLES="$(CYCLES)" OPS="$(OPS)" SECS="$(SECS)" GUESTS="$(GUESTS)" $(LAB_SH)/soak.sh

soak-report:
	$(LAB_SH)/soak-report.sh $(RECORDS)

lab-shellcheck:
	cd $(LAB_SH) && shellcheck -x -P SCRIPTDIR *.sh dom0/*.sh
	cd $(LAB_SH)/scenarios && shellcheck -x *.sh
	shellcheck -s sh $(LAB_SH)/guest/init $(LAB_SH)/guest/lab-agent \
		$(LAB_SH)/debian-guest/lab-net $(LAB_SH)/debian-guest/lab-markers \
		$(LAB_SH)/debian-guest/lab-counter

# GUESTS defaults to both guest types that can hibernate here.
bench: lab-qemu lab-xen lab-dom0 lab-payload
	GUESTS="$(if $(filter command line environment,$(origin GUESTS)),$(GUESTS),pvh hvm)" \
		$(LAB_SH)/bench.sh

bench-scale: lab-qemu lab-xen lab-dom0 lab-payload
	GUESTS="$(if $(filter command line environment,$(origin GUESTS)),$(GUESTS),pvh hvm)" \
	SIZES="$(or $(SIZES),512 2048 4096)" WORKSET="$(or $(WORKSET),192)" \
	COMPRESSORS="$(or $(COMPRESSORS),lzo none)" IMAGE_SIZES="$(or $(IMAGE_SIZES),default 0)" \
	KERNELS=series MIGRATE=0 BENCH_OUT=$(or $(BENCH_OUT),$(CURDIR)/build/bench-scale) \
	LAB_RUN_ID=$(or $(LAB_RUN_ID),bench-scale) \
		$(LAB_SH)/bench.sh
