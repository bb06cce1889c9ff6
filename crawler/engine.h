/* SPDX-License-Identifier: MIT
 * engine.h - the crawl engine behind `consentscan crawl` (issue 3): every URL of a list goes
 * through the same pipeline as `check` — frontier -> fetch -> parse -> verdict -> store — with
 * many transfers in flight and each site treated politely.
 *
 * Threads (style.md 10.6): a reader streams the input into a bounded queue; the calling thread
 * is the fetch thread and owns the libcurl multi handle, every easy handle and the per-host
 * queues; parse workers judge responses (pure code, no shared mutable state); one writer owns
 * the store's write batches and commits them in groups. Bounded queues between them give
 * back-pressure instead of unbounded memory.
 *
 * Politeness: robots.txt is fetched (or reused from the store within its time to live) and
 * obeyed for consentscan's own token before any other request to an origin; an unreachable
 * robots.txt means no crawling of that origin; per host one request in flight by default and a
 * delay between requests (Crawl-delay honoured up to a cap); retries with exponential back-off
 * and jitter honour Retry-After, never retry a 4xx refusal, and stop at a bounded number of
 * attempts and seconds per URL; a host failing again and again is left alone (circuit breaker).
 */
#ifndef CS_ENGINE_H
#define CS_ENGINE_H

#include "cs_setup.h"

#include "check.h"
#include "cs_cfg.h"
#include "urllist.h"

#include <stdio.h>

struct cs_engine_stats {
    size_t lines;          /* input lines read */
    size_t bad_lines;      /* lines that are not http(s) URLs (skipped, logged) */
    size_t hosts;          /* origins seen */
    size_t requests;       /* HTTP requests started (robots.txt included) */
    size_t robots_fetched; /* robots.txt fetched in this run */
    size_t robots_cached;  /* robots.txt reused from the store */
    size_t retries;
    size_t done;         /* URLs judged and stored */
    size_t read;         /* of those: work read */
    size_t refused;      /* not fetched: robots.txt refuses consentscan */
    size_t unreachable;  /* not fetched: robots.txt unreachable */
    size_t failed;       /* fetched, but no usable response (timeout, network, 5xx) */
    size_t flagged;      /* some queried purpose DISALLOW_* */
    size_t unknown;      /* some queried purpose UNKNOWN */
    size_t dropped;      /* not done because the run was interrupted */
    size_t skipped;      /* already done by the unfinished run this one resumes */
    size_t not_modified; /* revalidated with a conditional request (304) */
    size_t queued;       /* waiting in the engine now */
    size_t pages;        /* index listing pages read */
    size_t cards;        /* cards read */
    size_t datasets;     /* datasets read from other indexes (CKAN, dataset pages) */
    size_t unchanged;    /* listed entries whose card had not changed since the last run */
    size_t viewer_pages; /* pages of rows read through the dataset viewer */
    size_t viewer_urls;  /* URL cells found on them */
    double elapsed_s;
    bool interrupted;
    bool incomplete;       /* a listing stopped on a failed page: the next run resumes there */
    bool listed_whole[2];  /* the datasets [0] / models [1] listing was read to its last page */
    char store_error[160]; /* first store failure, "" when none */
    char input_error[160]; /* the input list could not be read (a column not found...), or "" */
    size_t retried;        /* index crawls: readers that failed last time, asked again now */
    size_t gated;          /* index crawls: gated entries listed, not read (no token) */
    size_t retry_later;    /* ...and readers that failed now: asked again by the next crawl */
};

typedef void cs_engine_progress_fn(const struct cs_engine_stats *st, void *ctx);

struct cs_engine_opts {
    struct cs_check_opts check; /* identity, limits, agents, purposes, store (required) */
    int parallel;               /* transfers in flight in all (default 32) */
    int threads;                /* parse workers (default: cores - 1, at least 1) */
    int per_host;               /* requests in flight per host (default 1) */
    int64_t delay_ms;           /* between two requests to one host (default 1000) */
    int64_t crawl_delay_cap_ms; /* most of a robots.txt Crawl-delay honoured (default 30000) */
    int max_attempts;           /* per URL, retries included (default 3) */
    int64_t retry_budget_ms;    /* per URL (default 60000) */
    size_t window;              /* URLs held in memory by the fetch thread (default 25000) */
    const struct cs_cfg *cfg;   /* per-host overrides (--config); may be NULL */
    uint64_t run;               /* store run whose frontier the crawl works from (required) */
    bool resume;                /* an unfinished run: continue its input and frontier */
    const struct cs_urllist_opts *list; /* the input is a URL-list file (txt, csv, tsv, jsonl;
                                           plain or gzip), read row by row; NULL: a URL a line */
    size_t sample;                      /* with list: check a uniform sample of so many rows */
    uint64_t seed;                      /* the sample's seed (the same seed, the same sample) */
    const char *list_dataset;           /* the dataset node the list belongs to, or NULL */
    const char *const *seeds;           /* index crawl: first listing pages (hubwork.h), or NULL */
    const char *const *seed_extras;     /* their frontier extras */
    const int *seed_kinds;              /* their kinds (enum in engine_int.h); NULL: listings */
    size_t n_seeds;
    const char *hub_origin;    /* the index's canonical origin: the only one given... */
    const char *hub_token;     /* ...the token (Authorization: Bearer); may be NULL */
    bool croissant;            /* read each dataset's Croissant file after its card */
    const char *viewer_base;   /* the dataset viewer's API base URL, or NULL: no row sample */
    const char *viewer_origin; /* its canonical origin: the token goes there too */
    size_t viewer_rows;        /* rows of each Hub dataset to sample through the viewer; 0: none */
    bool full;           /* read every listing page (no stop at the last run's high-water mark) */
    int64_t run_started; /* index crawls: when the run began (a resumed run: its first start);
                            0: unknown, no sweep (hubwork.h listing_end) */
    uint64_t retry_run;  /* index crawls: the run whose frontier carries the readers that failed
                            (a 5xx, a timeout, a 429 after the retries) over to the next crawl:
                            taken into this run at its start, refilled with this run's failures;
                            0: none (their pages' next listing would be the only second chance,
                            and an incremental listing stops before it) */
    cs_engine_progress_fn *progress; /* called about twice a second from the fetch thread */
    void *progress_ctx;
};

struct cs_engine;

/* Sets the defaults above into o (check options zeroed). */
void cs_engine_opts_init(struct cs_engine_opts *o);

/* Returns owned (cs_engine_free) an engine, or NULL on out of memory. opts are Borrowed for the
 * engine's life. */
struct cs_engine *cs_engine_new(const struct cs_engine_opts *opts);

void cs_engine_free(struct cs_engine *e);

/* After a run with opts.sample: the sampled rows' URLs, as written (Borrowed until
 * cs_engine_free); NULL and 0 otherwise. */
const char *const *cs_engine_sample(const struct cs_engine *e, size_t *n);

/* Runs the crawl of every URL line of in (Borrowed; read by the reader thread; NULL when the
 * seeds of opts are the only input) to the end or
 * until cs_engine_stop(). The lines go into the run's frontier in the store (with a cursor: a
 * resumed run goes on reading where the last one stopped, seeking a regular file) and the fetch
 * thread is fed from there, so memory stays bounded whatever the list's length. Fills *st. Returns
 * CS_OK (failures of single URLs are results), or CS_E_NOMEM / CS_E_NET when the engine itself
 * cannot run. */
CS_MUST_CHECK int cs_engine_run(struct cs_engine *e, FILE *in, struct cs_engine_stats *st);

/* Asks a running engine to stop: no new requests; transfers in flight finish (at most 5 s);
 * judged URLs are stored; the rest is dropped. Thread-safe and async-signal-unsafe: call it from
 * a thread (the CLI's signal thread), not from a signal handler. */
void cs_engine_stop(struct cs_engine *e);

#endif
