/* SPDX-License-Identifier: MIT
 * crawl_hub.h - the index options of `consentscan crawl` (issue 4 "Interfaces"): which Hub,
 * which listings, which filters, and the token. Single-threaded (the CLI).
 */
#ifndef CS_CRAWL_HUB_H
#define CS_CRAWL_HUB_H

#include "cs_setup.h"
#include "engine.h"

#define CS_HUB_MAX_FILTERS 16
#define CS_HUB_MAX_INDEXES 16
#define CS_HUB_MAX_SEEDS   (2 + CS_HUB_MAX_INDEXES)

enum {
    CS_HOPT_HUB = 3000,
    CS_HOPT_DATASETS,
    CS_HOPT_MODELS,
    CS_HOPT_BOTH,
    CS_HOPT_SEARCH,
    CS_HOPT_AUTHOR,
    CS_HOPT_FILTER,
    CS_HOPT_LIMIT,
    CS_HOPT_SORT,
    CS_HOPT_CROISSANT,
    CS_HOPT_INDEX,
    CS_HOPT_FULL,
    CS_HOPT_VIEWER,
    CS_HOPT_VIEWER_ROWS
};

/* Rows of a Hub dataset sampled through the dataset viewer: check's default, and the most. */
#define CS_HUB_VIEWER_ROWS_DEFAULT 10000
#define CS_HUB_VIEWER_ROWS_MAX     100000

/* The options' table entries, each followed by a comma (for a getopt_long table). */
#define CS_HUB_LONG_OPTS                                       \
    { "hub", required_argument, NULL, CS_HOPT_HUB },           \
        { "datasets", no_argument, NULL, CS_HOPT_DATASETS },   \
        { "models", no_argument, NULL, CS_HOPT_MODELS },       \
        { "both", no_argument, NULL, CS_HOPT_BOTH },           \
        { "search", required_argument, NULL, CS_HOPT_SEARCH }, \
        { "author", required_argument, NULL, CS_HOPT_AUTHOR }, \
        { "filter", required_argument, NULL, CS_HOPT_FILTER }, \
        { "limit", required_argument, NULL, CS_HOPT_LIMIT },   \
        { "sort", required_argument, NULL, CS_HOPT_SORT },     \
        { "croissant", no_argument, NULL, CS_HOPT_CROISSANT }, \
        { "index", required_argument, NULL, CS_HOPT_INDEX },   \
        { "full", no_argument, NULL, CS_HOPT_FULL },           \
        { "viewer", required_argument, NULL, CS_HOPT_VIEWER }, \
        { "viewer-rows", required_argument, NULL, CS_HOPT_VIEWER_ROWS },

struct cs_hub_args {
    bool wanted;  /* some index option was given: this is an index crawl */
    bool listing; /* some Hub option was given: the Hub's listings are crawled */
    const char *indexes[CS_HUB_MAX_INDEXES]; /* --index: CKAN package_search or dataset pages */
    size_t n_indexes;
    const char *base; /* Borrowed: --hub, else $HF_ENDPOINT, else https://huggingface.co */
    bool datasets, models;
    bool croissant;     /* read each dataset's Croissant file (one more API call per dataset) */
    bool full;          /* --full: every listing page (then disappeared repositories are marked) */
    const char *viewer; /* --viewer: the dataset viewer's API, or NULL (the Hub's own) */
    size_t viewer_rows; /* --viewer-rows: rows of each dataset to sample; 0: none */
    const char *search, *author, *sort;
    const char *filters[CS_HUB_MAX_FILTERS];
    size_t n_filters;
    long limit;
    char *seeds[CS_HUB_MAX_SEEDS], *extras[CS_HUB_MAX_SEEDS]; /* owned */
    int kinds[CS_HUB_MAX_SEEDS];
    size_t n_seeds;
    char *origin;                      /* owned: the Hub's canonical origin */
    char *viewer_base, *viewer_origin; /* owned: the viewer in use, or NULL */
};

/* --viewer-rows N (0 to CS_HUB_VIEWER_ROWS_MAX): CS_EXIT_OK, or CS_EXIT_USAGE (printed). */
int cs_hub_viewer_rows_opt(const char *arg, size_t *rows);

/* The dataset viewer of the Hub at hub_origin: viewer when given, else the Hugging Face
 * datasets-server for huggingface.co, else none (*base NULL). *base (no trailing '/') and
 * *origin owned. CS_EXIT_OK, CS_EXIT_USAGE or CS_EXIT_INTERNAL (printed). */
int cs_hub_viewer(const char *hub_origin, const char *viewer, char **base, char **origin);

/* Takes one index option; CS_EXIT_OK, CS_EXIT_USAGE (reason printed) or -1 when c is not one. */
int cs_hub_opt(struct cs_hub_args *h, int c, const char *arg);

/* Builds the first listing pages into eng (seeds, token from $HF_TOKEN, the Hub's origin) and
 * the run's input key. CS_EXIT_OK, CS_EXIT_USAGE or CS_EXIT_INTERNAL (reason printed). */
int cs_hub_setup(struct cs_hub_args *h, struct cs_engine_opts *eng, char *key, size_t key_len);

void cs_hub_args_release(struct cs_hub_args *h);

/* After a run: marks gone the repositories of every listing read whole without a narrowing
 * option (search, author, filter); prints how many when say. */
void cs_hub_mark_gone(const struct cs_hub_args *h, const struct cs_engine_stats *st,
                      struct cs_store *store, uint64_t run, bool say);

#endif
