/*
 * vfm-dirty: the lab's busy guest workload. Writes changing data over a working set at a chosen rate
 * (or as fast as it can) and reports the rate it really reaches, once a second, in /run/vfm-dirty.
 *
 *   vfm-dirty RATE_MIB_PER_S WORKING_SET_MIB      (RATE 0: as fast as it can)
 *
 * Every pass writes a new 64-bit value into every 256th byte of each page, so each page's content changes
 * (QEMU skips zero pages, and xbzrle would send little for unchanged content). The rate counts pages made
 * dirty, 4 KiB each: what a migration has to send again. It runs at the lowest priority (the guest's busybox
 * has no nice), so the guest agent and the network stack still get the vCPU.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL
#define CHUNK_PAGES 256UL /* 1 MiB: the pacing unit */

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void report(const char *path, double rate, double asked, unsigned long ws_mib, double total_mib) {
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s.new", path);
    FILE *f = fopen(tmp, "w");
    if (!f) return;
    fprintf(f, "rate_mib_per_s=%.1f asked_mib_per_s=%.0f working_set_mib=%lu written_mib=%.0f\n", rate, asked, ws_mib, total_mib);
    fclose(f);
    rename(tmp, path);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: vfm-dirty RATE_MIB_PER_S WORKING_SET_MIB\n");
        return 2;
    }
    if (nice(19) == -1) perror("vfm-dirty: nice");
    double asked = strtod(argv[1], NULL);
    unsigned long ws_mib = strtoul(argv[2], NULL, 10);
    if (asked < 0 || ws_mib < 1) {
        fprintf(stderr, "vfm-dirty: bad rate or working set\n");
        return 2;
    }
    unsigned long pages = ws_mib * 256UL;
    unsigned char *mem = malloc(pages * PAGE);
    if (!mem) {
        fprintf(stderr, "vfm-dirty: cannot allocate %lu MiB\n", ws_mib);
        return 1;
    }
    memset(mem, 0xa5, pages * PAGE);
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    unsigned long page = 0, chunks = 0, chunks_in_second = 0;
    double start = now(), second = start;
    for (;;) {
        for (unsigned long i = 0; i < CHUNK_PAGES; i++) {
            unsigned char *p = mem + (page * PAGE);
            for (unsigned long off = 0; off < PAGE; off += 256) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *(volatile uint64_t *) (p + off) = x; /* volatile: stores to memory never read are otherwise optimised away */
            }
            page = (page + 1) % pages;
        }
        chunks++;
        chunks_in_second++;
        double t = now();
        if (t - second >= 1.0) {
            report("/run/vfm-dirty", chunks_in_second / (t - second), asked, ws_mib, (double) chunks);
            second = t;
            chunks_in_second = 0;
        }
        if (asked > 0) {
            double due = start + chunks / asked;
            if (due > t) {
                double wait = due - t;
                struct timespec ts = {(time_t) wait, (long) ((wait - (time_t) wait) * 1e9)};
                nanosleep(&ts, NULL);
            } else if (t - due > 1.0) {
                start = t - chunks / asked; /* behind by more than a second: do not try to catch up in a burst */
            }
        }
    }
}
