/* SPDX-License-Identifier: MIT
 * cs_clock.h - the wall clock every time-to-live decision reads. Tests set it with the
 * environment variable CONSENTSCAN_NOW (seconds since the epoch), so 24-hour lifetimes are
 * tested without sleeping.
 * Thread-safe after the first call (the value is read once, before threads start).
 */
#ifndef CS_CLOCK_H
#define CS_CLOCK_H

#include "cs_setup.h"

#include <time.h>

/* Seconds since the epoch: CONSENTSCAN_NOW when set to a valid number, else time(NULL). */
int64_t cs_clock_now(void);

/* Milliseconds of the monotonic clock (intervals, deadlines, back-off; never CONSENTSCAN_NOW). */
int64_t cs_clock_mono_ms(void);

/* Sets *ts to ms milliseconds from now on CLOCK_REALTIME: the absolute time that
 * pthread_cond_timedwait wants. */
void cs_clock_deadline(struct timespec *ts, int ms);

/* Writes t as RFC 3339 UTC ("2026-11-25T15:37:57Z") into out (at least 21 bytes). */
void cs_clock_format(int64_t t, char out[static 21]);

#endif
