/* SPDX-License-Identifier: MIT
 * test_sample.c - the reservoir sampler and the clustered share estimate (sample.h; issue 4
 * item 5). Expected numbers were computed by hand and checked with a few lines of Python; each
 * test shows the arithmetic.
 */
#include "cs_setup.h"

#include "sample.h"
#include "testlib.h"

#include <math.h>

#define NEAR(a, b, eps)                                                                          \
    do {                                                                                         \
        double near_a_ = (a), near_b_ = (b);                                                     \
        if (fabs(near_a_ - near_b_) <= (eps))                                                    \
            cs_test_passed++;                                                                    \
        else                                                                                     \
            cs_test_fail(__FILE__, __LINE__, "%s ~ %s: %.6f != %.6f", #a, #b, near_a_, near_b_); \
    } while (0)

static void test_rng(void)
{
    struct cs_sample_rng a, b;
    bool differ = false;

    cs_sample_rng_seed(&a, 7);
    cs_sample_rng_seed(&b, 7);
    for (int i = 0; i < 100; i++)
        CS_CHECK(cs_sample_rng_next(&a) == cs_sample_rng_next(&b)); /* a seed is a sequence */
    cs_sample_rng_seed(&b, 8);
    for (int i = 0; i < 10; i++)
        differ |= cs_sample_rng_next(&a) != cs_sample_rng_next(&b);
    CS_CHECK(differ);
    for (uint64_t bound = 1; bound < 2000; bound = bound * 3 + 1)
        for (int i = 0; i < 50; i++)
            CS_CHECK(cs_sample_rng_below(&a, bound) < bound);
    CS_CHECK_INT_EQ(cs_sample_rng_below(&a, 0), 0);
}

/* 10 of 100 items, 20,000 seeds: each item is expected in 20,000 * 10/100 = 2,000 samples, with a
 * binomial sd of sqrt(20000 * 0.1 * 0.9) = 42.4; every count within 5 sd (212) and the counts'
 * chi-square (99 df, mean 99, sd 14) under 99 + 5 * 14 = 169. Deterministic: seeds 1..20000. */
static void test_uniform(void)
{
    enum { ITEMS = 100, N = 10, RUNS = 20000 };

    unsigned count[ITEMS] = { 0 };
    double chi2 = 0;
    unsigned worst = 0;

    for (uint64_t seed = 1; seed <= RUNS; seed++) {
        struct cs_sample s;
        int slot[N];

        cs_sample_init(&s, N, seed);
        for (int i = 0; i < ITEMS; i++) {
            size_t k = cs_sample_offer(&s);

            if (k != CS_SAMPLE_SKIP)
                slot[k] = i;
        }
        for (int k = 0; k < N; k++)
            count[slot[k]]++;
    }
    for (int i = 0; i < ITEMS; i++) {
        unsigned dev = count[i] > 2000 ? count[i] - 2000 : 2000 - count[i];

        worst = dev > worst ? dev : worst;
        chi2 += (count[i] - 2000.0) * (count[i] - 2000.0) / 2000.0;
    }
    CS_CHECK(worst <= 212);
    CS_CHECK(chi2 < 169);
}

static void test_small_stream(void)
{
    struct cs_sample s;

    cs_sample_init(&s, 5, 1); /* fewer items than slots: all kept, in order */
    for (size_t i = 0; i < 3; i++)
        CS_CHECK_INT_EQ(cs_sample_offer(&s), i);
    cs_sample_init(&s, 0, 1); /* a zero-size reservoir keeps nothing */
    CS_CHECK(cs_sample_offer(&s) == CS_SAMPLE_SKIP);
}

static void test_t_and_wilson(void)
{
    double lo, hi;

    NEAR(cs_sample_t975(1), 12.7062, 1e-4);
    NEAR(cs_sample_t975(10), 2.2281, 1e-4);
    NEAR(cs_sample_t975(30), 2.0423, 1e-4);
    NEAR(cs_sample_t975(31), 2.03951, 1e-4); /* expansion; the integral gives 2.03951 */
    NEAR(cs_sample_t975(100), 1.98397, 1e-4);
    /* p = 0.5, n = 100, z = 1.96: den = 1 + 1.96^2/100 = 1.038416; centre = 0.5;
     * half = 1.96 sqrt(0.25/100 + 3.8416/40000) / den = 0.0961702 -> [0.403830, 0.596170] */
    cs_sample_wilson(0.5, 100, 1.96, &lo, &hi);
    NEAR(lo, 0.403830, 1e-5);
    NEAR(hi, 0.596170, 1e-5);
    /* p = 1, n = 5, z = t(4) = 2.7764: lo = 1 / (1 + z^2/n) = 1 / 2.541685 = 0.393441, hi = 1 */
    cs_sample_wilson(1, 5, 2.7764, &lo, &hi);
    NEAR(lo, 0.393441, 1e-5);
    NEAR(hi, 1, 1e-12);
}

static void add(struct cs_sample_obs *o, size_t *n, const char *host, int rows, int reserved)
{
    for (int i = 0; i < rows; i++)
        o[(*n)++] = (struct cs_sample_obs){ .cluster = host, .reserved = i < reserved };
}

static void test_estimate(void)
{
    struct cs_sample_obs o[64] = { { 0 } };
    struct cs_sample_est e;
    size_t n = 0;

    /* Hosts a: 4 rows, 3 reserved; b: 2 rows, 0; c: 4 rows, 2; plus an unknown row on a.
     * n = 10, reserved 5, p = 0.5, G = 3. Residuals y_g - p m_g: 1, -1, 0 -> sum of squares 2.
     * V = G/(G-1) * 2 / n^2 = 1.5 * 2 / 100 = 0.03; SRS variance 0.25/10 = 0.025;
     * deff = 1.2, n_eff = 8.3333; t(0.975, 2) = 4.3027;
     * Wilson(0.5, 8.3333, 4.3027) = [0.084791, 0.915209]. */
    add(o, &n, "c.example", 4, 2); /* out of host order on purpose: the estimate sorts */
    add(o, &n, "a.example", 4, 3);
    add(o, &n, "b.example", 2, 0);
    o[n++] = (struct cs_sample_obs){ .cluster = "a.example", .reserved = true, .unknown = true };
    CS_CHECK_INT_EQ(cs_sample_estimate(o, n, CS_SAMPLE_METHOD_HOSTS, &e), CS_OK);
    CS_CHECK_INT_EQ(e.rows, 11);
    CS_CHECK_INT_EQ(e.unknown, 1);
    CS_CHECK_INT_EQ(e.n, 10);
    CS_CHECK_INT_EQ(e.reserved, 5);
    CS_CHECK_INT_EQ(e.clusters, 3);
    NEAR(e.share, 0.5, 1e-12);
    NEAR(e.deff, 1.2, 1e-9);
    NEAR(e.n_eff, 10 / 1.2, 1e-9);
    NEAR(e.crit, 4.3027, 1e-9);
    NEAR(e.lo, 0.084791, 1e-5);
    NEAR(e.hi, 0.915209, 1e-5);
    CS_CHECK(strstr(e.method, "hosts as clusters") != NULL);
    /* the same rows drawn as pages: the same numbers, the method says what the clusters were */
    CS_CHECK_INT_EQ(cs_sample_estimate(o, n, CS_SAMPLE_METHOD_PAGES, &e), CS_OK);
    CS_CHECK(strstr(e.method, "pages as clusters") != NULL);
    NEAR(e.lo, 0.084791, 1e-5);

    /* Unequal hosts: (m, y) = (5, 5), (3, 0), (2, 1), (10, 2): n = 20, 8 reserved, p = 0.4.
     * Residuals 3, -1.2, 0.2, -2 -> sum of squares 9 + 1.44 + 0.04 + 4 = 14.48;
     * V = 4/3 * 14.48 / 400 = 0.0482667; SRS 0.24/20 = 0.012; deff = 4.022222,
     * n_eff = 4.972376; t(3) = 3.1824; Wilson -> [0.060293, 0.873847]. */
    n = 0;
    add(o, &n, "p", 5, 5);
    add(o, &n, "q", 3, 0);
    add(o, &n, "r", 2, 1);
    add(o, &n, "s", 10, 2);
    CS_CHECK_INT_EQ(cs_sample_estimate(o, n, CS_SAMPLE_METHOD_HOSTS, &e), CS_OK);
    NEAR(e.share, 0.4, 1e-12);
    NEAR(e.deff, 4.022222, 1e-5);
    NEAR(e.n_eff, 4.972376, 1e-5);
    NEAR(e.lo, 0.060293, 1e-5);
    NEAR(e.hi, 0.873847, 1e-5);

    /* Clustering that lowers the variance (every host 1 of 2): V = 0 < SRS, deff floored at 1,
     * n_eff = n = 4; t(1) = 12.7062: Wilson(0.5, 4, 12.7062) = [0.006081, 0.993919]. */
    n = 0;
    add(o, &n, "x", 2, 1);
    add(o, &n, "y", 2, 1);
    CS_CHECK_INT_EQ(cs_sample_estimate(o, n, CS_SAMPLE_METHOD_HOSTS, &e), CS_OK);
    NEAR(e.deff, 1, 1e-12);
    NEAR(e.n_eff, 4, 1e-12);
    NEAR(e.lo, 0.006081, 1e-5);
    NEAR(e.hi, 0.993919, 1e-5);
}

static void test_estimate_edges(void)
{
    struct cs_sample_obs o[64] = { { 0 } };
    struct cs_sample_est e;
    size_t n = 0;

    /* nothing: share 0, interval [0, 1], no clusters */
    CS_CHECK_INT_EQ(cs_sample_estimate(o, 0, CS_SAMPLE_METHOD_HOSTS, &e), CS_OK);
    CS_CHECK_INT_EQ(e.n, 0);
    CS_CHECK_INT_EQ(e.clusters, 0);
    NEAR(e.lo, 0, 0);
    NEAR(e.hi, 1, 0);
    /* one host: no between-host information, [0, 1] whatever the rows say */
    add(o, &n, "solo", 30, 30);
    CS_CHECK_INT_EQ(cs_sample_estimate(o, n, CS_SAMPLE_METHOD_HOSTS, &e), CS_OK);
    NEAR(e.share, 1, 0);
    CS_CHECK_INT_EQ(e.clusters, 1);
    NEAR(e.lo, 0, 0);
    NEAR(e.hi, 1, 0);
    /* all reserved over 5 hosts (50 rows): deff not estimable, n_eff = G = 5, t(4) = 2.7764:
     * lo = 1 / (1 + 2.7764^2 / 5) = 0.393441 (see test_t_and_wilson), hi = 1 */
    n = 0;
    add(o, &n, "h1", 10, 10);
    add(o, &n, "h2", 10, 10);
    add(o, &n, "h3", 10, 10);
    add(o, &n, "h4", 10, 10);
    add(o, &n, "h5", 10, 10);
    CS_CHECK_INT_EQ(cs_sample_estimate(o, n, CS_SAMPLE_METHOD_HOSTS, &e), CS_OK);
    NEAR(e.n_eff, 5, 0);
    NEAR(e.lo, 0.393441, 1e-5);
    NEAR(e.hi, 1, 1e-12);
    /* none reserved: the mirror image, [0, 1 - 0.393441] */
    for (size_t i = 0; i < n; i++)
        o[i].reserved = false;
    CS_CHECK_INT_EQ(cs_sample_estimate(o, n, CS_SAMPLE_METHOD_HOSTS, &e), CS_OK);
    NEAR(e.lo, 0, 1e-12);
    NEAR(e.hi, 0.606559, 1e-5);
    /* all unknown: n = 0; NULL hosts are one host */
    for (size_t i = 0; i < n; i++)
        o[i].unknown = true;
    CS_CHECK_INT_EQ(cs_sample_estimate(o, n, CS_SAMPLE_METHOD_HOSTS, &e), CS_OK);
    CS_CHECK_INT_EQ(e.n, 0);
    CS_CHECK_INT_EQ(e.unknown, 50);
    o[0] = (struct cs_sample_obs){ .cluster = NULL, .reserved = true };
    o[1] = (struct cs_sample_obs){ .cluster = NULL };
    CS_CHECK_INT_EQ(cs_sample_estimate(o, 2, CS_SAMPLE_METHOD_HOSTS, &e), CS_OK);
    CS_CHECK_INT_EQ(e.clusters, 1);
}

int main(void)
{
    test_rng();
    test_uniform();
    test_small_stream();
    test_t_and_wilson();
    test_estimate();
    test_estimate_edges();
    return cs_test_done();
}
