/* SPDX-License-Identifier: MIT
 * sample.h - a one-pass uniform sample of rows and the share-reserved estimate for URL lists
 * too big to check whole (issue 4 item 5: "a one-pass uniform sample of N rows (default
 * 10,000) ... reporting the share of rows reserved with a 95% interval that allows for
 * clustering by host, and naming the method").
 *
 * Sampler: reservoir Algorithm R (Vitter 1985). Item i (0-based) is kept with probability n/(i+1)
 * by one unbiased integer draw (a rejection draw over xoshiro256**, seeded with
 * splitmix64 from the caller's seed), so every n-subset is equally likely and a given seed gives
 * the same sample. One draw per row is negligible next to reading the row. The caller owns the
 * items: cs_sample_offer says which slot to overwrite.
 *
 * Estimate (CS_SAMPLE_METHOD_*): rows with an UNKNOWN answer are left out and counted. The share
 * p = sum(y_g) / sum(m_g) over clusters g (y_g reserved rows, m_g known rows) is a ratio
 * estimator. The clusters are what the rows share: the host of a URL list row (rows of one host
 * answer alike, one robots.txt), or the page of a dataset-viewer sample (the pages are what was
 * drawn at random, 100 consecutive rows each: the primary sampling units). Its cluster-robust
 * variance is the CR1 sandwich
 *   V = G/(G-1) * sum_g (y_g - p m_g)^2 / (sum_g m_g)^2.
 * The design effect deff = V / (p(1-p)/n), floored at 1, gives an effective sample size
 * n_eff = n/deff, and the interval is Wilson's score interval on n_eff with the critical value
 * t(0.975, G-1) (Korn and Graubard 1998 use the same effective-n and df idea with
 * Clopper-Pearson). Wilson stays inside [0,1] and does not collapse to a point when every row
 * agrees, where the sandwich alone gives a zero-width interval. When p is 0 or 1 the design
 * effect cannot be estimated and n_eff = G (one observation per cluster, the fully clustered
 * case: conservative). With one cluster there is no between-cluster variation: [0, 1]. The
 * finite-population correction is ignored (conservative). Pure; reentrant.
 */
#ifndef CS_SAMPLE_H
#define CS_SAMPLE_H

#include "cs_err.h"
#include "cs_setup.h"

#define CS_SAMPLE_DEFAULT_N 10000u
#define CS_SAMPLE_SKIP      SIZE_MAX
#define CS_SAMPLE_METHOD_(clusters)                                                              \
    "Wilson score interval on n/deff; deff from the cluster-robust (CR1) variance of the ratio " \
    "estimator, " clusters " as clusters; t(0.975, G-1)"
/* A uniform sample of list rows, clustered by host. */
#define CS_SAMPLE_METHOD_HOSTS CS_SAMPLE_METHOD_("hosts")
/* Random pages of consecutive rows (the dataset viewer), each page a cluster. */
#define CS_SAMPLE_METHOD_PAGES CS_SAMPLE_METHOD_("pages")

/* xoshiro256** state; any seed (even 0) is fine. */
struct cs_sample_rng {
    uint64_t s[4];
};

void cs_sample_rng_seed(struct cs_sample_rng *g, uint64_t seed);
uint64_t cs_sample_rng_next(struct cs_sample_rng *g);
/* Uniform in [0, bound) without modulo bias; 0 when bound is 0. */
uint64_t cs_sample_rng_below(struct cs_sample_rng *g, uint64_t bound);

struct cs_sample {
    size_t n;      /* reservoir size */
    uint64_t seen; /* items offered */
    struct cs_sample_rng rng;
};

void cs_sample_init(struct cs_sample *s, size_t n, uint64_t seed);

/* Offers the next item. Returns the slot in [0, n) where the caller stores it (overwriting
 * what was there), or CS_SAMPLE_SKIP. After the stream, slots [0, min(n, seen)) hold a uniform
 * sample, in no particular order. */
size_t cs_sample_offer(struct cs_sample *s);

/* One checked row of the sample. cluster (its host, or its page) is borrowed; NULL counts as
 * one cluster, "". */
struct cs_sample_obs {
    const char *cluster;
    bool reserved;
    bool unknown; /* no answer (network error, robots.txt 5xx): left out of the share */
};

struct cs_sample_est {
    size_t rows;        /* rows given */
    size_t unknown;     /* of which unknown */
    size_t n;           /* rows with an answer */
    size_t reserved;    /* of which reserved */
    size_t clusters;    /* clusters among the n rows (G) */
    double share;       /* reserved / n; 0 when n = 0 */
    double lo, hi;      /* 95% interval; [0, 1] when G < 2 */
    double deff;        /* design effect used (>= 1); 0 when not estimable */
    double n_eff;       /* effective sample size */
    double crit;        /* critical value t(0.975, G-1); 0 when G < 2 */
    const char *method; /* the caller's method text: CS_SAMPLE_METHOD_* */
};

/* Fills *out; method (static, CS_SAMPLE_METHOD_HOSTS or _PAGES) names how obs were drawn and is
 * handed back in out->method. Returns CS_OK or CS_E_NOMEM (it sorts a copy of the rows by
 * cluster). */
CS_MUST_CHECK int cs_sample_estimate(const struct cs_sample_obs *obs, size_t count,
                                     const char *method, struct cs_sample_est *out);

/* The 0.975 quantile of Student's t with df degrees of freedom (df >= 1): a table to 30, a
 * Cornish-Fisher expansion above (error under 1e-4). */
double cs_sample_t975(size_t df);

/* Wilson score interval for share p on n (effective) observations with critical value z. */
void cs_sample_wilson(double p, double n, double z, double *lo, double *hi);

#endif
