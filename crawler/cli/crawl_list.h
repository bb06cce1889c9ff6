/* SPDX-License-Identifier: MIT
 * crawl_list.h - the URL-list options of `consentscan crawl --urls FILE` (issue 4 item 5): the
 * list's format and column, a uniform sample of its rows, and the estimate of the share of rows
 * reserved that a sampled run ends with. CLI only; single-threaded.
 */
#ifndef CS_CRAWL_LIST_H
#define CS_CRAWL_LIST_H

#include "cs_setup.h"
#include "engine.h"
#include "urllist.h"

enum {
    CS_LOPT_FORMAT = 4000,
    CS_LOPT_COLUMN,
    CS_LOPT_SAMPLE,
    CS_LOPT_SEED,
    CS_LOPT_DATASET,
};

/* The options' table entries, each followed by a comma. */
#define CS_LIST_LONG_OPTS                                      \
    { "format", required_argument, NULL, CS_LOPT_FORMAT },     \
        { "column", required_argument, NULL, CS_LOPT_COLUMN }, \
        { "sample", required_argument, NULL, CS_LOPT_SAMPLE }, \
        { "seed", required_argument, NULL, CS_LOPT_SEED },     \
        { "dataset", required_argument, NULL, CS_LOPT_DATASET },

struct cs_list_args {
    bool wanted; /* a list option was given, or the file's name says it is a list */
    struct cs_urllist_opts opts;
    size_t sample;
    uint64_t seed;
    const char *dataset; /* --dataset: the dataset the list belongs to (Borrowed) */
    char *node;          /* owned: its node name */
};

/* Takes one list option: CS_EXIT_OK, CS_EXIT_USAGE (reason printed) or -1 when c is not one. */
int cs_list_opt(struct cs_list_args *l, int c, const char *arg);

/* Sets eng to read path as a list when an option or the name (.csv, .tsv, .jsonl, .json, .gz)
 * asks for it. */
void cs_list_setup(struct cs_list_args *l, const char *path, struct cs_engine_opts *eng);

/* After a sampled run (before cs_engine_free): writes into line (one summary line, "" when the
 * run had no sample) the share of sampled rows whose URL is reserved, with its 95% interval
 * and the method's name; rows without a verdict are counted as not checked. */
void cs_list_estimate(const struct cs_list_args *l, const struct cs_engine *e, struct cs_store *st,
                      char *line, size_t len);

#endif
