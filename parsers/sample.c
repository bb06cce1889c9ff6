/* SPDX-License-Identifier: MIT
 * sample.c - reservoir sampling and the clustered share estimate (method in sample.h).
 */
#include "cs_setup.h"

#include "sample.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void cs_sample_rng_seed(struct cs_sample_rng *g, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        g->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t cs_sample_rng_next(struct cs_sample_rng *g)
{
    uint64_t *s = g->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* Rejection as in OpenBSD's arc4random_uniform: values below 2^64 mod bound are redrawn, so
 * x % bound is exactly uniform; fewer than one redraw in two on average for any bound. */
uint64_t cs_sample_rng_below(struct cs_sample_rng *g, uint64_t bound)
{
    uint64_t x, min;

    if (bound < 2)
        return 0;
    min = -bound % bound; /* 2^64 mod bound */
    do
        x = cs_sample_rng_next(g);
    while (x < min);
    return x % bound;
}

void cs_sample_init(struct cs_sample *s, size_t n, uint64_t seed)
{
    s->n = n;
    s->seen = 0;
    cs_sample_rng_seed(&s->rng, seed);
}

size_t cs_sample_offer(struct cs_sample *s)
{
    uint64_t i = s->seen++, j;

    if (i < s->n)
        return (size_t)i;
    j = cs_sample_rng_below(&s->rng, i + 1); /* kept with probability n/(i+1) */
    return j < s->n ? (size_t)j : CS_SAMPLE_SKIP;
}

static const double t975_table[30] = {
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
    2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
    2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
};

double cs_sample_t975(size_t df)
{
    const double z = 1.959963984540054, d = (double)df;
    double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;

    if (df == 0)
        return INFINITY;
    if (df <= 30)
        return t975_table[df - 1];
    /* Cornish-Fisher expansion of t in terms of the normal quantile (Abramowitz-Stegun 26.7.5) */
    return z + (z3 + z) / (4 * d) + (5 * z5 + 16 * z3 + 3 * z) / (96 * d * d) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * d * d * d);
}

void cs_sample_wilson(double p, double n, double z, double *lo, double *hi)
{
    double z2 = z * z, den, centre, half;

    if (n <= 0) {
        *lo = 0;
        *hi = 1;
        return;
    }
    den = 1 + z2 / n;
    centre = (p + z2 / (2 * n)) / den;
    half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / den;
    *lo = centre - half < 0 ? 0 : centre - half;
    *hi = centre + half > 1 ? 1 : centre + half;
}

static int cmp_cluster(const void *a, const void *b)
{
    const struct cs_sample_obs *x = *(const struct cs_sample_obs *const *)a;
    const struct cs_sample_obs *y = *(const struct cs_sample_obs *const *)b;

    return strcmp(x->cluster ? x->cluster : "", y->cluster ? y->cluster : "");
}

/* Sums (y_g - p m_g)^2 over clusters; known rows sorted by cluster in v. */
static double cluster_ss(const struct cs_sample_obs **v, size_t n, double p, size_t *groups)
{
    double ss = 0;
    size_t g = 0;

    for (size_t i = 0; i < n;) {
        double y = 0, m = 0;
        size_t j = i;

        for (; j < n && cmp_cluster(&v[i], &v[j]) == 0; j++) {
            m += 1;
            y += v[j]->reserved ? 1 : 0;
        }
        ss += (y - p * m) * (y - p * m);
        g++;
        i = j;
    }
    *groups = g;
    return ss;
}

int cs_sample_estimate(const struct cs_sample_obs *obs, size_t count, const char *method,
                       struct cs_sample_est *out)
{
    const struct cs_sample_obs **v = malloc((count ? count : 1) * sizeof(*v));
    double n, G, var, v_srs, ss;

    memset(out, 0, sizeof(*out));
    out->method = method;
    out->rows = count;
    out->lo = 0;
    out->hi = 1;
    if (!v)
        return CS_E_NOMEM;
    for (size_t i = 0; i < count; i++) {
        if (obs[i].unknown) {
            out->unknown++;
            continue;
        }
        v[out->n++] = &obs[i];
        out->reserved += obs[i].reserved;
    }
    qsort(v, out->n, sizeof(*v), cmp_cluster);
    n = (double)out->n;
    out->share = out->n ? (double)out->reserved / n : 0;
    ss = cluster_ss(v, out->n, out->share, &out->clusters);
    free(v);
    if (out->clusters < 2)
        return CS_OK; /* 0 or 1 cluster: [0, 1] */
    G = (double)out->clusters;
    out->crit = cs_sample_t975(out->clusters - 1);
    var = G / (G - 1) * ss / (n * n);
    v_srs = out->share * (1 - out->share) / n;
    if (v_srs > 0) {
        out->deff = var / v_srs < 1 ? 1 : var / v_srs;
        out->n_eff = n / out->deff;
    } else {
        out->n_eff = G; /* every row agrees: one observation per cluster */
    }
    cs_sample_wilson(out->share, out->n_eff, out->crit, &out->lo, &out->hi);
    return CS_OK;
}
