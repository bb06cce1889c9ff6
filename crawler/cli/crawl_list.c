/* SPDX-License-Identifier: MIT
 * crawl_list.c - the URL-list options of `consentscan crawl` and the sampled run's estimate
 * (crawl_list.h).
 */
#include "cs_setup.h"

#include "cli.h"
#include "crawl_list.h"
#include "cs_str.h"
#include "lineage.h"
#include "sample.h"
#include "url.h"

#include <stdlib.h>
#include <string.h>

int cs_list_opt(struct cs_list_args *l, int c, const char *arg)
{
    long long v = 0;

    switch (c) {
    case CS_LOPT_FORMAT:
        l->opts.format = cs_urllist_format_parse(arg);
        if (l->opts.format == CS_URLLIST_AUTO)
            return cs_die(CS_EXIT_USAGE, "--format wants txt, csv, tsv or jsonl, not '%s'", arg);
        break;
    case CS_LOPT_COLUMN:
        /* a number is a 1-based column of csv/tsv; anything else a header name or jsonl key */
        if (cs_parse_num(arg, 4096, &v) && v > 0)
            l->opts.column_index = (size_t)v;
        else
            l->opts.column = arg;
        break;
    case CS_LOPT_SAMPLE:
        if (!cs_parse_num(arg, 10000000, &v) || v < 1)
            return cs_die(CS_EXIT_USAGE, "--sample wants 1 to 10000000 rows, not '%s'", arg);
        l->sample = (size_t)v;
        break;
    case CS_LOPT_DATASET:
        l->dataset = arg;
        break;
    case CS_LOPT_SEED:
        if (!cs_parse_num(arg, INT64_MAX, &v))
            return cs_die(CS_EXIT_USAGE, "--seed wants a whole number, not '%s'", arg);
        l->seed = (uint64_t)v;
        break;
    default:
        return -1;
    }
    l->wanted = true;
    return CS_EXIT_OK;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

void cs_list_setup(struct cs_list_args *l, const char *path, struct cs_engine_opts *eng)
{
    static const char *const names[] = { ".csv", ".tsv", ".jsonl", ".json", ".gz", ".ndjson" };

    for (size_t i = 0; !l->wanted && path && i < CS_ARRAY_LEN(names); i++)
        l->wanted = ends_with(path, names[i]);
    if (!l->wanted)
        return;
    l->opts.name = path;
    eng->list = &l->opts;
    eng->sample = l->sample;
    eng->seed = l->seed;
    if (l->dataset) {
        /* a node name as the store spells it, a URL, or a Hub dataset id */
        bool named = strncmp(l->dataset, "hf:datasets/", 12) == 0 ||
                     strncmp(l->dataset, "name:", 5) == 0 || strncmp(l->dataset, "http", 4) == 0;
        free(l->node);
        l->node = named ? cs_strdup(l->dataset) : cs_lineage_dataset_node(l->dataset);
        eng->list_dataset = l->node;
    }
}

/* One sampled row's answer, from its stored verdict. false when it has none (not checked). */
static bool observe(struct cs_store *st, const char *url, struct cs_sample_obs *o, char **host)
{
    struct cs_url u;
    bool flagged = false, unknown = false, ok;

    if (cs_url_parse(url, &u, NULL) != CS_OK)
        return false;
    ok = cs_store_verdict_flags(st, u.origin, u.url, &flagged, &unknown) == CS_OK;
    *host = ok ? u.host : NULL;
    u.host = ok ? NULL : u.host; /* kept: the cluster of the row */
    cs_url_release(&u);
    o->cluster = *host;
    o->reserved = flagged;
    o->unknown = unknown;
    return ok;
}

void cs_list_estimate(const struct cs_list_args *l, const struct cs_engine *e, struct cs_store *st,
                      char *line, size_t len)
{
    size_t n = 0, m = 0;
    const char *const *rows = cs_engine_sample(e, &n);
    struct cs_sample_obs *obs = calloc(n ? n : 1, sizeof(*obs));
    char **hosts = calloc(n ? n : 1, sizeof(*hosts));
    struct cs_sample_est est;

    line[0] = '\0';
    if (!l->sample || !rows || !obs || !hosts || !st) {
        free(obs);
        free(hosts);
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (observe(st, rows[i], &obs[m], &hosts[m]))
            m++;
    if (cs_sample_estimate(obs, m, CS_SAMPLE_METHOD_HOSTS, &est) == CS_OK)
        snprintf(
            line, len,
            "  sample: %zu rows (seed %llu), %zu with a verdict, %zu unknown; reserved %.1f %% "
            "(95%% interval %.1f-%.1f %%, %zu hosts; %s)\n",
            n, (unsigned long long)l->seed, m, est.unknown, 100 * est.share, 100 * est.lo,
            100 * est.hi, est.clusters, est.method);
    for (size_t i = 0; i < m; i++)
        free(hosts[i]);
    free(hosts);
    free(obs);
}
