/* SPDX-License-Identifier: MIT */
#include "cs_setup.h"

#include "cs_clock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int64_t cs_clock_now(void)
{
    const char *fake = getenv("CONSENTSCAN_NOW");
    char *end = NULL;
    long long v;

    if (fake && *fake) {
        errno = 0;
        v = strtoll(fake, &end, 10);
        if (errno == 0 && end && *end == '\0' && v >= 0)
            return (int64_t)v;
    }
    return (int64_t)time(NULL);
}

void cs_clock_format(int64_t t, char out[static 21])
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (!gmtime_r(&tt, &tm)) {
        snprintf(out, 21, "1970-01-01T00:00:00Z");
        return;
    }
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t cs_clock_mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void cs_clock_deadline(struct timespec *ts, int ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}
