// SPDX-License-Identifier: GPL-2.0
/*
 * lab-memcheck MIB: fill MIB MiB of locked anonymous memory with a pattern
 * each page derives from its index, then check it whenever SIGUSR1 comes.
 *
 * What a scenario needs to see whether hibernation gave every page of a
 * process back as it was, and if not, which ones: for each page that
 * differs it prints its index, its guest frame (from /proc/self/pagemap,
 * when filled and now) and what it holds instead (zeros, another page of
 * the pattern, or something else). The pattern is a header word with the
 * page's index and a word repeated over the rest of the page: it compresses
 * (the image stays small), and a page that moved still says where from.
 *
 * Prints to stdout (the scenario redirects it to a file):
 *   LAB: MEMCHECK filled <pages> pages, frames <lowest>-<highest>
 *   LAB: MEMCHECK bad page <index> frame <then> now <now> holds <what>,
 *     <n> words differ +<offset>=<value> (the first 8 that differ)
 *   LAB: MEMCHECK checked <pages> pages: <bad> bad, <above4g> of them above 4 GiB
 * The bad-page lines stop after 64; the summary line always comes.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096UL
#define WORDS (PAGE / sizeof(uint64_t))
#define MAGIC 0x4d454d4300000000ULL	/* "MEMC" */
#define FRAMES_4G (0x100000000ULL / PAGE)
#define MAX_REPORTED 64

static volatile sig_atomic_t check_requested;

static void on_usr1(int sig)
{
	(void)sig;
	check_requested = 1;
}

static uint64_t fill_word(uint64_t index)
{
	return (index + 1) * 0x9e3779b97f4a7c15ULL;
}

/* The guest frame behind @addr, 0 when not present (or not visible). */
static uint64_t frame_of(int pagemap, const void *addr)
{
	uint64_t entry;
	off_t off = (uintptr_t)addr / PAGE * sizeof(entry);

	if (pread(pagemap, &entry, sizeof(entry), off) != sizeof(entry))
		return 0;
	if (!(entry >> 63))
		return 0;
	return entry & ((1ULL << 55) - 1);
}

static void describe(const uint64_t *p, size_t pages, char *buf, size_t len)
{
	size_t zero = 0, k;

	for (k = 0; k < WORDS; k++)
		zero += !p[k];
	if (zero == WORDS) {
		snprintf(buf, len, "zeros");
		return;
	}
	if ((p[0] & ~0xffffffffULL) == MAGIC && (p[0] & 0xffffffffULL) < pages &&
	    p[1] == fill_word(p[0] & 0xffffffffULL)) {
		snprintf(buf, len, "page %" PRIu64 " of the pattern",
			 (uint64_t)(p[0] & 0xffffffffULL));
		return;
	}
	snprintf(buf, len, "other data (%zu zero words, first words %016" PRIx64
		 " %016" PRIx64 ")", zero, p[0], p[1]);
}

static void check(uint64_t *mem, const uint64_t *frames, size_t pages, int pagemap)
{
	size_t i, k, shown, bad = 0, high = 0;
	char what[128];

	for (i = 0; i < pages; i++) {
		uint64_t *p = mem + i * WORDS;
		uint64_t w = fill_word(i);
		int ok = p[0] == (MAGIC | i);
		size_t differ = 0;
		uint64_t now;

		for (k = 1; ok && k < WORDS; k++)
			ok = p[k] == w;
		if (ok)
			continue;
		for (k = 0; k < WORDS; k++)
			differ += p[k] != (k ? w : (MAGIC | i));
		now = frame_of(pagemap, p);
		bad++;
		high += now >= FRAMES_4G;
		if (bad > MAX_REPORTED)
			continue;
		describe(p, pages, what, sizeof(what));
		printf("LAB: MEMCHECK bad page %zu frame %#" PRIx64 " now %#" PRIx64
		       " holds %s, %zu words differ", i, frames[i], now, what, differ);
		/* A few of them: what was written, and where in the page. */
		for (k = 0, shown = 0; k < WORDS && shown < 8; k++) {
			if (p[k] == (k ? w : (MAGIC | i)))
				continue;
			printf(" +%#zx=%016" PRIx64, k * sizeof(*p), p[k]);
			shown++;
		}
		printf("\n");
	}
	printf("LAB: MEMCHECK checked %zu pages: %zu bad, %zu of them above 4 GiB\n",
	       pages, bad, high);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	uint64_t *mem, *frames, lo = UINT64_MAX, hi = 0;
	size_t pages, i, k;
	struct sigaction sa;
	sigset_t block, old;
	int pagemap;

	if (argc != 2 || atol(argv[1]) <= 0) {
		fprintf(stderr, "usage: %s MIB\n", argv[0]);
		return 2;
	}
	pages = (size_t)atol(argv[1]) * (1 << 20) / PAGE;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);

	pagemap = open("/proc/self/pagemap", O_RDONLY);
	frames = calloc(pages, sizeof(*frames));
	mem = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (pagemap < 0 || !frames || mem == MAP_FAILED) {
		perror("lab-memcheck");
		return 1;
	}
	/* Locked: the frames stay where they were filled (no swap-out). */
	if (mlock(mem, pages * PAGE))
		perror("lab-memcheck: mlock");
	for (i = 0; i < pages; i++) {
		uint64_t *p = mem + i * WORDS, w = fill_word(i);

		p[0] = MAGIC | i;
		for (k = 1; k < WORDS; k++)
			p[k] = w;
		frames[i] = frame_of(pagemap, p);
		if (frames[i] < lo)
			lo = frames[i];
		if (frames[i] > hi)
			hi = frames[i];
	}
	printf("LAB: MEMCHECK filled %zu pages, frames %#" PRIx64 "-%#" PRIx64 "\n",
	       pages, lo, hi);
	fflush(stdout);
	for (;;) {
		while (!check_requested)
			sigsuspend(&old);
		check_requested = 0;
		check(mem, frames, pages, pagemap);
	}
}
