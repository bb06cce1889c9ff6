/* SPDX-License-Identifier: MIT
 * ratelimit.c - rate-limit fields, both draft shapes (see ratelimit.h).
 */
#include "cs_setup.h"

#include "ratelimit.h"

#include <ctype.h>
#include <errno.h>
#include <strings.h>

/* A whole non-negative number at s (up to 18 digits); -1 when there is none. */
static int64_t number(const char *s)
{
    int64_t v = 0;
    int n = 0;

    while (*s == ' ' || *s == '\t')
        s++;
    for (; isdigit((unsigned char)*s) && n < 18; s++, n++)
        v = v * 10 + (*s - '0');
    return n ? v : -1;
}

/* The value of the first parameter named one of names ("r", "remaining", ...) in a list split by
 * ',' and ';' ("key=value"); -1 when absent. */
static int64_t param(const char *v, const char *const *names, size_t count)
{
    const char *p = v;

    while (p && *p) {
        const char *end = p + strcspn(p, ",;");
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (eq) {
            const char *k = p;
            size_t klen;
            while (k < eq && (*k == ' ' || *k == '\t'))
                k++;
            klen = (size_t)(eq - k);
            while (klen && (k[klen - 1] == ' ' || k[klen - 1] == '\t'))
                klen--;
            for (size_t i = 0; i < count; i++) {
                if (strlen(names[i]) == klen && strncasecmp(k, names[i], klen) == 0)
                    return number(eq + 1);
            }
        }
        p = *end ? end + 1 : NULL;
    }
    return -1;
}

static int64_t reset_seconds(int64_t v, int64_t now)
{
    if (v > 1000000000 && now > 0) /* an epoch time (X-RateLimit-Reset as GitHub sends it) */
        return v > now ? v - now : 0;
    return v;
}

void cs_ratelimit_read(const char *ratelimit, const char *policy, const char *remaining,
                       const char *reset, int64_t now, struct cs_ratelimit *out)
{
    static const char *const r_names[] = { "r", "remaining" };
    static const char *const t_names[] = { "t", "reset" };
    static const char *const q_names[] = { "q", "limit" };
    static const char *const w_names[] = { "w", "window" };
    int64_t r = ratelimit ? param(ratelimit, r_names, 2) : -1;
    int64_t t = ratelimit ? param(ratelimit, t_names, 2) : -1;

    if (r < 0 && remaining)
        r = number(remaining);
    if (t < 0 && reset)
        t = number(reset);
    out->remaining = r;
    out->reset_s = t < 0 ? -1 : reset_seconds(t, now);
    out->limit = ratelimit ? param(ratelimit, q_names, 2) : -1;
    out->window_s = -1;
    if (policy) {
        int64_t q = param(policy, q_names, 2);
        int64_t w = param(policy, w_names, 2);
        if (q < 0) /* "100;w=60": the first item is the quota */
            q = number(policy);
        out->limit = q;
        out->window_s = w;
    }
    out->known = out->remaining >= 0 && out->reset_s >= 0;
}

int64_t cs_ratelimit_gap_ms(const struct cs_ratelimit *rl, int64_t cap_ms)
{
    int64_t reset;
    int64_t ms;

    if (!rl->known || rl->reset_s == 0)
        return 0;
    reset = rl->reset_s > 1000000000 ? 1000000000 : rl->reset_s; /* no overflow below */
    ms = rl->remaining == 0 ? reset * 1000 : reset * 1000 / (rl->remaining + 1);
    return ms > cap_ms ? cap_ms : ms;
}
