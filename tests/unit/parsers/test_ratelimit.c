/* SPDX-License-Identifier: MIT
 * test_ratelimit.c - rate-limit fields in the shapes servers send (ratelimit.h).
 */
#include "cs_setup.h"

#include "ratelimit.h"
#include "testlib.h"

static struct cs_ratelimit read4(const char *rl, const char *pol, const char *rem, const char *rst)
{
    struct cs_ratelimit out;

    cs_ratelimit_read(rl, pol, rem, rst, 1764086400, &out);
    return out;
}

int main(void)
{
    struct cs_ratelimit r;

    r = read4("\"api\";r=50;t=30", "\"api\";q=100;w=60", NULL, NULL); /* drafts -07+ (the Hub) */
    CS_CHECK(r.known);
    CS_CHECK_INT_EQ(r.remaining, 50);
    CS_CHECK_INT_EQ(r.reset_s, 30);
    CS_CHECK_INT_EQ(r.limit, 100);
    CS_CHECK_INT_EQ(r.window_s, 60);
    CS_CHECK_INT_EQ(cs_ratelimit_gap_ms(&r, 600000), 30000 / 51);

    r = read4("limit=100, remaining=0, reset=12", "100;w=60", NULL, NULL); /* drafts up to -06 */
    CS_CHECK(r.known);
    CS_CHECK_INT_EQ(r.remaining, 0);
    CS_CHECK_INT_EQ(r.limit, 100);
    CS_CHECK_INT_EQ(r.window_s, 60);
    CS_CHECK_INT_EQ(cs_ratelimit_gap_ms(&r, 600000), 12000);
    CS_CHECK_INT_EQ(cs_ratelimit_gap_ms(&r, 5000), 5000); /* capped */

    r = read4(NULL, NULL, "7", "1764086460"); /* X-RateLimit-*: an epoch reset */
    CS_CHECK(r.known);
    CS_CHECK_INT_EQ(r.reset_s, 60);
    r = read4(NULL, NULL, "7", "1764086000"); /* a reset in the past */
    CS_CHECK_INT_EQ(r.reset_s, 0);
    CS_CHECK_INT_EQ(cs_ratelimit_gap_ms(&r, 600000), 0);

    r = read4("  R = 3 ; T = 9 ", NULL, NULL, NULL); /* spaces, case */
    CS_CHECK(r.known);
    CS_CHECK_INT_EQ(r.remaining, 3);
    CS_CHECK_INT_EQ(r.reset_s, 9);

    r = read4("\"api\";q=10", NULL, NULL, NULL); /* no remaining: nothing to pace by */
    CS_CHECK(!r.known);
    CS_CHECK_INT_EQ(cs_ratelimit_gap_ms(&r, 600000), 0);
    r = read4("r=abc;t=", ",;;=,=;", "", "x");
    CS_CHECK(!r.known);
    r = read4("r=999999999999999999999;t=999999999999999999999", NULL, NULL, NULL);
    CS_CHECK(r.known);
    CS_CHECK(cs_ratelimit_gap_ms(&r, 600000) >= 0);
    CS_CHECK(cs_ratelimit_gap_ms(&r, 600000) <= 600000);
    r = read4(NULL, NULL, NULL, NULL);
    CS_CHECK(!r.known);
    return cs_test_done();
}
