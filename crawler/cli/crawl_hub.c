/* SPDX-License-Identifier: MIT
 * crawl_hub.c - the index options of `consentscan crawl` (crawl_hub.h).
 */
#include "cs_setup.h"

#include "cli.h"
#include "crawl_hub.h"
#include "cs_clock.h"
#include "cs_str.h"
#include "hubwork.h"
#include "url.h"

#include <stdlib.h>
#include <string.h>

int cs_hub_opt(struct cs_hub_args *h, int c, const char *arg)
{
    long long v = 0;

    switch (c) {
    case CS_HOPT_HUB:
        h->base = arg;
        break;
    case CS_HOPT_DATASETS:
        h->datasets = true;
        break;
    case CS_HOPT_MODELS:
        h->models = true;
        break;
    case CS_HOPT_BOTH:
        h->datasets = h->models = true;
        break;
    case CS_HOPT_SEARCH:
        h->search = arg;
        break;
    case CS_HOPT_AUTHOR:
        h->author = arg;
        break;
    case CS_HOPT_SORT:
        h->sort = arg;
        break;
    case CS_HOPT_CROISSANT:
        h->croissant = true;
        break;
    case CS_HOPT_FULL:
        h->full = true;
        break;
    case CS_HOPT_VIEWER:
        h->viewer = arg;
        break;
    case CS_HOPT_VIEWER_ROWS:
        if (cs_hub_viewer_rows_opt(arg, &h->viewer_rows) != CS_EXIT_OK)
            return CS_EXIT_USAGE;
        break;
    case CS_HOPT_INDEX:
        if (h->n_indexes == CS_HUB_MAX_INDEXES)
            return cs_die(CS_EXIT_USAGE, "at most %d --index options", CS_HUB_MAX_INDEXES);
        h->indexes[h->n_indexes++] = arg;
        h->wanted = true;
        return CS_EXIT_OK;
    case CS_HOPT_FILTER:
        if (h->n_filters == CS_HUB_MAX_FILTERS)
            return cs_die(CS_EXIT_USAGE, "at most %d --filter options", CS_HUB_MAX_FILTERS);
        h->filters[h->n_filters++] = arg;
        break;
    case CS_HOPT_LIMIT:
        if (!cs_parse_num(arg, 1000, &v) || v < 1)
            return cs_die(CS_EXIT_USAGE, "--limit wants 1 to 1000 entries a page, not '%s'", arg);
        h->limit = (long)v;
        break;
    default:
        return -1;
    }
    h->wanted = h->listing = true;
    return CS_EXIT_OK;
}

int cs_hub_viewer_rows_opt(const char *arg, size_t *rows)
{
    long long v = 0;

    if (!cs_parse_num(arg, CS_HUB_VIEWER_ROWS_MAX, &v) || v < 0)
        return cs_die(CS_EXIT_USAGE, "--viewer-rows wants 0 to %d rows, not '%s'",
                      CS_HUB_VIEWER_ROWS_MAX, arg);
    *rows = (size_t)v;
    return CS_EXIT_OK;
}

int cs_hub_viewer(const char *hub_origin, const char *viewer, char **base, char **origin)
{
    const char *b = viewer ? viewer
                    : strcmp(hub_origin, "https://huggingface.co") == 0
                        ? "https://datasets-server.huggingface.co"
                        : NULL;
    size_t n = b ? strlen(b) : 0;
    struct cs_url u;

    *base = *origin = NULL;
    if (!b)
        return CS_EXIT_OK;
    if (cs_url_parse(b, &u, NULL) != CS_OK)
        return cs_die(CS_EXIT_USAGE,
                      "--viewer wants an http(s) URL such as "
                      "https://datasets-server.huggingface.co, not '%s'",
                      b);
    while (n > 0 && b[n - 1] == '/')
        n--;
    *base = cs_strndup(b, n);
    *origin = cs_strdup(u.origin);
    cs_url_release(&u);
    if (*base && *origin)
        return CS_EXIT_OK;
    free(*base);
    free(*origin);
    *base = *origin = NULL;
    return cs_die(CS_EXIT_INTERNAL, "out of memory");
}

/* The Hub's base URL without a trailing '/': --hub, $HF_ENDPOINT, or huggingface.co. */
static char *hub_base(const struct cs_hub_args *h)
{
    const char *env = getenv("HF_ENDPOINT");
    const char *b = h->base ? h->base : env && *env ? env : "https://huggingface.co";
    size_t n = strlen(b);

    while (n > 0 && b[n - 1] == '/')
        n--;
    return cs_strndup(b, n);
}

/* The Hub's listings (datasets, models or both), each with its extra. */
static int listing_seeds(struct cs_hub_args *h, const char *base)
{
    if (!h->datasets && !h->models)
        h->datasets = true;
    for (int m = 0; m < 2; m++) {
        struct cs_hub_query q = {
            base,       m == 1,       h->search, h->author, h->sort ? h->sort : "lastModified",
            h->filters, h->n_filters, h->limit
        };
        size_t n = h->n_seeds;
        if ((m == 0 && !h->datasets) || (m == 1 && !h->models))
            continue;
        h->seeds[n] = cs_hubwork_first_page(&q);
        h->extras[n] = h->seeds[n] ? malloc(strlen(h->seeds[n]) + 8) : NULL;
        h->kinds[n] = 'L';
        h->n_seeds++;
        if (!h->extras[n])
            return CS_EXIT_INTERNAL;
        snprintf(h->extras[n], strlen(h->seeds[n]) + 8, "%c\t0\t%s", m ? 'm' : 'd', h->seeds[n]);
    }
    return CS_EXIT_OK;
}

/* --index URLs: a CKAN package_search endpoint is paged through its API; anything else is a
 * dataset page (schema.org JSON-LD in HTML) or a JSON-LD file, read as crawling. */
static int index_seeds(struct cs_hub_args *h)
{
    for (size_t i = 0; i < h->n_indexes; i++) {
        size_t n = h->n_seeds++;
        struct cs_url u;
        if (cs_url_parse(h->indexes[i], &u, NULL) != CS_OK)
            return cs_die(CS_EXIT_USAGE, "--index wants an http(s) URL, not '%s'", h->indexes[i]);
        cs_url_release(&u);
        if (strstr(h->indexes[i], "/package_search")) {
            h->kinds[n] = 'K';
            if (!cs_hubwork_ckan_first(h->indexes[i], &h->seeds[n], &h->extras[n]))
                return cs_die(CS_EXIT_INTERNAL, "out of memory");
        } else {
            h->kinds[n] = 'P';
            h->seeds[n] = cs_strdup(h->indexes[i]);
            h->extras[n] = cs_strdup("");
            if (!h->seeds[n] || !h->extras[n])
                return cs_die(CS_EXIT_INTERNAL, "out of memory");
        }
    }
    return CS_EXIT_OK;
}

/* The run's key: the seeds, so the same options name the same run (a killed crawl resumes
 * from its cursors). */
static void run_key(const struct cs_hub_args *h, char *key, size_t key_len)
{
    size_t w = (size_t)snprintf(key, key_len, "hub:");

    for (size_t i = 0; i < h->n_seeds && w < key_len; i++)
        w += (size_t)snprintf(key + w, key_len - w, "%s ", h->seeds[i]);
    /* a killed --full run is resumed by --full runs only: a daily run must not take it up */
    if (h->full && w < key_len)
        snprintf(key + w, key_len - w, "full");
}

int cs_hub_setup(struct cs_hub_args *h, struct cs_engine_opts *eng, char *key, size_t key_len)
{
    char *base = hub_base(h);
    const char *token = getenv("HF_TOKEN");
    struct cs_url u;
    int rc;

    if (!base)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    if (cs_url_parse(base, &u, NULL) != CS_OK) {
        free(base);
        return cs_die(CS_EXIT_USAGE, "--hub wants an http(s) URL such as https://huggingface.co");
    }
    h->origin = cs_strdup(u.origin);
    cs_url_release(&u);
    rc = h->origin ? CS_EXIT_OK : CS_EXIT_INTERNAL;
    if (rc == CS_EXIT_OK && h->viewer_rows > 0 &&
        cs_hub_viewer(h->origin, h->viewer, &h->viewer_base, &h->viewer_origin) != CS_EXIT_OK) {
        free(base);
        return CS_EXIT_USAGE;
    }
    if (rc == CS_EXIT_OK && h->viewer_rows > 0 && !h->viewer_base) {
        free(base);
        return cs_die(CS_EXIT_USAGE,
                      "--viewer-rows: which dataset viewer serves %s? (--viewer "
                      "URL)",
                      h->origin);
    }
    if (rc == CS_EXIT_OK && h->listing)
        rc = listing_seeds(h, base);
    free(base);
    if (rc == CS_EXIT_INTERNAL)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    if (rc == CS_EXIT_OK)
        rc = index_seeds(h);
    if (rc != CS_EXIT_OK)
        return rc;
    eng->seeds = (const char *const *)h->seeds;
    eng->seed_extras = (const char *const *)h->extras;
    eng->seed_kinds = h->kinds;
    eng->n_seeds = h->n_seeds;
    eng->hub_origin = h->origin;
    eng->croissant = h->croissant;
    eng->viewer_base = h->viewer_base;
    eng->viewer_origin = h->viewer_origin;
    eng->viewer_rows = h->viewer_base ? h->viewer_rows : 0;
    eng->full = h->full;
    eng->hub_token = token && *token ? token : NULL; /* never logged, never stored */
    run_key(h, key, key_len);
    return CS_EXIT_OK;
}

void cs_hub_args_release(struct cs_hub_args *h)
{
    for (size_t i = 0; i < h->n_seeds; i++) {
        free(h->seeds[i]);
        free(h->extras[i]);
    }
    free(h->origin);
    free(h->viewer_base);
    free(h->viewer_origin);
}

void cs_hub_mark_gone(const struct cs_hub_args *h, const struct cs_engine_stats *st,
                      struct cs_store *store, uint64_t run, bool say)
{
    static const enum cs_node_kind kinds[2] = { CS_NODE_DATASET, CS_NODE_MODEL };

    size_t n = 0;

    /* a narrowed listing says nothing of the repositories it did not ask for */
    if (!h->listing || h->search || h->author || h->n_filters || st->incomplete || st->interrupted)
        return;
    for (int k = 0; k < 2; k++) {
        if (!st->listed_whole[k])
            continue;
        if (cs_hubwork_gone(store, run, kinds[k], cs_clock_now(), &n) != CS_OK)
            cs_die(CS_EXIT_STORE, "cannot mark the repositories that disappeared");
        else if (n && say)
            printf("  %zu %s no longer listed: kept and marked gone\n", n,
                   k ? "models" : "datasets");
    }
}
