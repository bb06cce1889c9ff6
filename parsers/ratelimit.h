/* SPDX-License-Identifier: MIT
 * ratelimit.h - the quota a server announces, so a crawler can pace itself by it (issue 3:
 * "hosts that publish a quota ... are paced by it"). Reads the IETF httpapi rate-limit fields in
 * both shapes deployed: "RateLimit: limit=100, remaining=50, reset=30" (drafts up to -06) and
 * the structured 'RateLimit: "default";r=50;t=30' with 'RateLimit-Policy: "default";q=100;w=60'
 * (drafts -07 and later, used by the Hugging Face Hub), plus the older separate fields
 * RateLimit-Remaining / RateLimit-Reset and X-RateLimit-Remaining / X-RateLimit-Reset (a reset
 * above 10^9 is read as an epoch time). Lenient: unknown parameters are skipped. Pure.
 */
#ifndef CS_RATELIMIT_H
#define CS_RATELIMIT_H

#include "cs_setup.h"

struct cs_ratelimit {
    bool known;        /* remaining and reset were both found */
    int64_t remaining; /* requests left in the current window */
    int64_t reset_s;   /* seconds until the window resets */
    int64_t limit;     /* requests per window, or -1 */
    int64_t window_s;  /* window length, or -1 */
};

/* Reads the fields (each value may be NULL: header absent). now (seconds since the epoch)
 * turns an epoch reset into seconds. Fills *out; out->known tells whether pacing applies. */
void cs_ratelimit_read(const char *ratelimit, const char *policy, const char *remaining,
                       const char *reset, int64_t now, struct cs_ratelimit *out);

/* Milliseconds to wait before the next request so the quota lasts until the reset: the whole
 * reset when nothing remains, else the reset spread over what remains; 0 when unknown. Capped
 * at cap_ms. */
int64_t cs_ratelimit_gap_ms(const struct cs_ratelimit *rl, int64_t cap_ms);

#endif
