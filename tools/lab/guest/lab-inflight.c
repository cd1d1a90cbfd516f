// SPDX-License-Identifier: GPL-2.0
/*
 * lab-inflight CPU DEV: keep one write request in flight on DEV.
 *
 * Runs on CPU only (so the request goes to that CPU's blk-mq hardware
 * queue), writes one 4 KiB block at offset 0 of DEV with O_DIRECT through
 * Linux native AIO, prints "LAB: INFLIGHT submitted", then waits for the
 * completion and prints "LAB: INFLIGHT done <result>". The wait sleeps
 * interruptibly, so the task freezer freezes this process while its request
 * is still in flight: what a scenario needs to hibernate a guest whose
 * backend has not answered yet (scenarios/s4-inflight.sh holds the write in
 * dom0). The block written is "lab-inflight <pid>" padded with '.', for the
 * scenario to read back. Raw syscalls: the guest has no libaio.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BLOCK 4096

int main(int argc, char **argv)
{
	aio_context_t ctx = 0;
	struct io_event ev;
	struct iocb cb, *cbs[1] = { &cb };
	cpu_set_t cpus;
	void *buf;
	long n;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s CPU DEV\n", argv[0]);
		return 2;
	}
	CPU_ZERO(&cpus);
	CPU_SET(atoi(argv[1]), &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus)) {
		perror("sched_setaffinity");
		return 1;
	}
	fd = open(argv[2], O_RDWR | O_DIRECT);
	if (fd < 0 || posix_memalign(&buf, BLOCK, BLOCK)) {
		perror(argv[2]);
		return 1;
	}
	memset(buf, '.', BLOCK);
	snprintf(buf, BLOCK, "lab-inflight %d", getpid());
	if (syscall(SYS_io_setup, 1, &ctx)) {
		perror("io_setup");
		return 1;
	}
	memset(&cb, 0, sizeof(cb));
	cb.aio_fildes = fd;
	cb.aio_lio_opcode = IOCB_CMD_PWRITE;
	cb.aio_buf = (unsigned long)buf;
	cb.aio_nbytes = BLOCK;
	if (syscall(SYS_io_submit, ctx, 1, cbs) != 1) {
		perror("io_submit");
		return 1;
	}
	printf("LAB: INFLIGHT submitted on CPU%d\n", sched_getcpu());
	fflush(stdout);
	do
		n = syscall(SYS_io_getevents, ctx, 1, 1, &ev, NULL);
	while (n < 0 && errno == EINTR);
	if (n != 1) {
		perror("io_getevents");
		return 1;
	}
	printf("LAB: INFLIGHT done %lld\n", (long long)ev.res);
	return ev.res == BLOCK ? 0 : 1;
}
