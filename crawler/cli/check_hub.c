/* SPDX-License-Identifier: MIT
 * check_hub.c - `consentscan check hf:datasets/ID` and `hf:models/ID` (issue 4 "Interfaces"):
 * the index crawl's pipeline for one entry — its card, the lineage and links it names, the
 * check of every data source — then its row of the lineage export.
 */
#include "cs_setup.h"

#include "check_hub.h"
#include "cli.h"
#include "crawl_hub.h"
#include "cs_clock.h"
#include "cs_limits.h"
#include "cs_str.h"
#include "engine.h"
#include "graph_export.h"
#include "lineage.h"
#include "url.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool cs_check_hub_arg(const char *arg)
{
    return strncmp(arg, "hf:", 3) == 0;
}

/* "hf:datasets/ID" or "hf:models/ID" with a Hub id; false otherwise. */
static bool split_arg(const char *arg, bool *model, const char **id)
{
    enum cs_node_kind kind;

    if (!cs_lineage_hub_node(arg, &kind, id))
        return false;
    *model = kind == CS_NODE_MODEL;
    return cs_lineage_is_hub_id(*id);
}

int cs_check_hub_validate(const char *arg)
{
    bool model;
    const char *id;

    if (!split_arg(arg, &model, &id))
        return cs_die(CS_EXIT_USAGE, "'%s' is not hf:datasets/ID or hf:models/ID", arg);
    return CS_EXIT_OK;
}

/* The engine run of one card, in a run of its own. */
static int run_engine(const struct cs_check_hub *h, struct cs_engine_opts *o, const char *card)
{
    struct cs_engine_stats st;
    struct cs_engine *e;
    struct cs_run run;
    struct cs_diag diag = { 0 };
    char key[CS_MAX_URL_LEN + 1024];
    int rc;

    snprintf(key, sizeof(key), "check:%s:%lld:%ld", card, (long long)cs_clock_now(),
             (long)getpid());
    if (cs_store_run_start(h->check->store, key, cs_clock_now(), &run, &diag) != CS_OK)
        return cs_die(CS_EXIT_STORE, "%s", diag.msg);
    o->run = run.id;
    e = cs_engine_new(o);
    if (!e)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    rc = cs_engine_run(e, NULL, &st);
    cs_engine_free(e);
    if (cs_store_run_finish(h->check->store, key, &run, cs_clock_now(), &diag) != CS_OK)
        return cs_die(CS_EXIT_STORE, "%s", diag.msg);
    if (rc != CS_OK)
        return cs_die(CS_EXIT_INTERNAL, "check: %s", cs_strerror(rc));
    if (st.store_error[0])
        return cs_die(CS_EXIT_STORE, "%s", st.store_error);
    /* the card (gated, an error, robots.txt) was not read: no stale row from an earlier check */
    return st.cards == 0
               ? cs_die(CS_EXIT_UNKNOWN, "%s: the card could not be read (see the log)", card)
               : CS_EXIT_OK;
}

/* The engine for one card: polite defaults, the check's shorter retry budget (issue 3). */
static int run_card(const struct cs_check_hub *h, const char *card, const char *extra,
                    const char *origin)
{
    char *viewer = NULL, *viewer_origin = NULL;
    static const int kinds[] = { 'C' };
    const char *seeds[] = { card }, *extras[] = { extra };
    struct cs_engine_opts o;
    int rc;

    cs_engine_opts_init(&o);
    o.check = *h->check;
    o.retry_budget_ms = 10000;
    o.seeds = seeds;
    o.seed_extras = extras;
    o.seed_kinds = kinds;
    o.n_seeds = 1;
    o.hub_origin = origin;
    o.croissant = true; /* one entry: its Croissant file is worth the extra API call */
    /* and a sample of its rows, when the Hub has a dataset viewer (a LAION-style URL set) */
    if (h->viewer_rows > 0 &&
        cs_hub_viewer(origin, h->viewer, &viewer, &viewer_origin) != CS_EXIT_OK)
        return CS_EXIT_USAGE;
    o.viewer_base = viewer;
    o.viewer_origin = viewer_origin;
    o.viewer_rows = viewer ? h->viewer_rows : 0;
    o.hub_token = getenv("HF_TOKEN") && *getenv("HF_TOKEN") ? getenv("HF_TOKEN") : NULL;
    rc = run_engine(h, &o, card);
    free(viewer);
    free(viewer_origin);
    return rc;
}

int cs_check_hub(const struct cs_check_hub *h, const char *arg, int *worst)
{
    const char *env = getenv("HF_ENDPOINT");
    const char *b = h->base ? h->base : env && *env ? env : "https://huggingface.co";
    struct cs_graph_counts n = { 0 };
    struct cs_diag diag = { 0 };
    char card[CS_MAX_URL_LEN + 512], extra[512], base[CS_MAX_URL_LEN];
    const char *id;
    bool model;
    struct cs_url u;
    char *node;
    int rc;

    if (!h->check->store)
        return cs_die(CS_EXIT_USAGE, "%s: a dataset or model check needs the store", arg);
    if (!split_arg(arg, &model, &id) || cs_url_parse(b, &u, NULL) != CS_OK)
        return cs_die(CS_EXIT_USAGE, "cannot check '%s' on hub '%s'", arg, b);
    snprintf(base, sizeof(base), "%.*s", (int)strcspn(b, "?#"), b);
    while (strlen(base) > 0 && base[strlen(base) - 1] == '/')
        base[strlen(base) - 1] = '\0';
    snprintf(card, sizeof(card), "%s%s%s/resolve/main/README.md", base, model ? "/" : "/datasets/",
             id);
    snprintf(extra, sizeof(extra), "%c\t%s\t\t", model ? 'm' : 'd', id);
    rc = run_card(h, card, extra, u.origin);
    cs_url_release(&u);
    if (rc != CS_EXIT_OK)
        return rc;
    node = model ? cs_lineage_model_node(id) : cs_lineage_dataset_node(id);
    rc = node ? cs_graph_export_node(h->check->store, stdout, CS_EXPORT_JSONL,
                                     model ? CS_NODE_MODEL : CS_NODE_DATASET, node, &n, &diag)
              : CS_E_NOMEM;
    free(node);
    if (rc == CS_E_NOTFOUND)
        return cs_die(CS_EXIT_UNKNOWN, "%s: its card could not be read (see the log)", arg);
    if (rc != CS_OK)
        return cs_die(CS_EXIT_STORE, "%s", diag.msg[0] ? diag.msg : cs_strerror(rc));
    if (n.reserved > 0 && *worst != CS_EXIT_STORE)
        *worst = CS_EXIT_FLAGGED;
    else if ((n.unknown > 0 || n.unchecked > 0) && *worst == CS_EXIT_OK)
        *worst = CS_EXIT_UNKNOWN;
    return CS_EXIT_OK;
}
