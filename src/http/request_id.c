/* Request ids: unique per process, without a system call per request. Each thread draws a
 * random 64-bit key from the kernel once and then numbers its requests; the id is a bijective
 * mix of key and number, so one thread never repeats an id and two threads collide only if
 * their random keys happen to line up (2^-64 per pair of requests). A getrandom per request was
 * a system call in every answer (bench/HISTORY.md, "api_bench.sh"). Ids name requests in logs; they are
 * not secrets and not meant to be unguessable. */
#include "http/request.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* MurmurHash3's 64-bit finaliser: a bijection that spreads consecutive inputs apart. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static uint64_t thread_key(void)
{
    uint64_t key = 0;
    if (getrandom(&key, sizeof key, 0) != (ssize_t)sizeof key) {
        /* Cannot fail on Linux >= 3.17 once seeded; stay distinct per thread anyway. */
        static _Atomic uint64_t threads;
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        key = mix64((uint64_t)t.tv_nsec ^ (uint64_t)t.tv_sec << 30 ^ (uint64_t)getpid() << 40 ^
                    ++threads);
    }
    return key;
}

void http_request_id(char out[HTTP_REQUEST_ID_LEN + 1])
{
    static _Thread_local uint64_t key, n;
    static _Thread_local bool seeded;
    if (!seeded) {
        key = thread_key();
        seeded = true;
    }
    /* An odd step makes key + n * step distinct for 2^64 values of n. */
    uint64_t v = mix64(key + ++n * 0x9e3779b97f4a7c15ULL);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < HTTP_REQUEST_ID_LEN; i++) {
        out[i] = hex[(v >> (60 - 4 * i)) & 15];
    }
    out[HTTP_REQUEST_ID_LEN] = '\0';
}
