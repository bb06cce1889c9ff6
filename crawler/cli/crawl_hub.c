/* SPDX-License-Identifier: MIT
 * crawl_hub.c - the index options of `consentscan crawl` (crawl_hub.h).
 */
#include "cs_setup.h"

#include "cli.h"
#include "crawl_hub.h"
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
    h->wanted = true;
    return CS_EXIT_OK;
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

int cs_hub_setup(struct cs_hub_args *h, struct cs_engine_opts *eng, char *key, size_t key_len)
{
    char *base = hub_base(h);
    const char *token = getenv("HF_TOKEN");
    struct cs_url u;
    size_t n = 0;

    if (!base)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    if (cs_url_parse(base, &u, NULL) != CS_OK) {
        free(base);
        return cs_die(CS_EXIT_USAGE, "--hub wants an http(s) URL such as https://huggingface.co");
    }
    h->origin = cs_strdup(u.origin);
    cs_url_release(&u);
    if (!h->datasets && !h->models)
        h->datasets = true;
    for (int m = 0; m < 2; m++) {
        struct cs_hub_query q = {
            base,       m == 1,       h->search, h->author, h->sort ? h->sort : "lastModified",
            h->filters, h->n_filters, h->limit
        };
        if ((m == 0 && !h->datasets) || (m == 1 && !h->models))
            continue;
        h->seeds[n] = cs_hubwork_first_page(&q);
        h->extras[n] = h->seeds[n] ? malloc(strlen(h->seeds[n]) + 8) : NULL;
        if (h->extras[n])
            snprintf(h->extras[n], strlen(h->seeds[n]) + 8, "%c\t0\t%s", m ? 'm' : 'd',
                     h->seeds[n]);
        n++;
    }
    free(base);
    if (!h->origin || !h->seeds[0] || !h->extras[0] || (n == 2 && (!h->seeds[1] || !h->extras[1])))
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    eng->seeds = (const char *const *)h->seeds;
    eng->seed_extras = (const char *const *)h->extras;
    eng->n_seeds = n;
    eng->hub_origin = h->origin;
    eng->croissant = h->croissant;
    eng->hub_token = token && *token ? token : NULL; /* never logged, never stored */
    /* the same listing options name the same run: a killed crawl resumes from its cursors */
    snprintf(key, key_len, "hub:%s %s", h->seeds[0], n == 2 ? h->seeds[1] : "");
    return CS_EXIT_OK;
}

void cs_hub_args_release(struct cs_hub_args *h)
{
    for (int i = 0; i < 2; i++) {
        free(h->seeds[i]);
        free(h->extras[i]);
    }
    free(h->origin);
}
