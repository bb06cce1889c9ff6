/* SPDX-License-Identifier: MIT
 * hubwork.c - the Hugging Face Hub's listing pages and cards (hubwork.h; issue 4 items 1 and 2,
 * peers.md 5.2-5.3).
 */
#include "cs_setup.h"

#include "card.h"
#include "cs_limits.h"
#include "cs_str.h"
#include "httplink.h"
#include "hublist.h"
#include "hubwork_int.h"
#include "url.h"

#include <curl/curl.h>
#include <strings.h>

/* ---- listing pages ------------------------------------------------------------------------ */

/* The Hub's base URL: what comes before "/api/" in a listing URL. Returns owned. */
static char *base_of(const char *page_url)
{
    const char *api = strstr(page_url, "/api/");

    return api ? cs_strndup(page_url, (size_t)(api - page_url)) : NULL;
}

const char *cs_hubwork_entry(const struct cs_hubwork_ctx *ctx, bool model)
{
    bool c = !model && ctx->croissant, v = !model && ctx->viewer_base && ctx->viewer_rows > 0;

    return c && v ? CS_HUB_ENTRY_CARD CS_HUB_READER_CROISSANT CS_HUB_READER_VIEWER
           : c    ? CS_HUB_ENTRY_CARD CS_HUB_READER_CROISSANT
           : v    ? CS_HUB_ENTRY_CARD CS_HUB_READER_VIEWER
                  : CS_HUB_ENTRY_CARD;
}

void cs_hubwork_rev_key(const char *what, const char *sha, char out[static CS_HUB_KEY_MAX])
{
    snprintf(out, CS_HUB_KEY_MAX, "%.8192s@%.128s", what, sha);
}

bool cs_hubwork_first_key(int kind, const char *input, const char *extra, char *out, size_t cap)
{
    char *buf, *f[4], *node = NULL;
    bool ok;

    if (kind == 'P')
        return snprintf(out, cap, "%s", input) < (int)cap;
    if (cap < CS_HUB_KEY_MAX || !(buf = cs_strdup(extra)))
        return false;
    ok = cs_hubout_split_extra(buf, f);
    if (ok && kind == 'C')
        ok = (node = f[0][0] == 'm' ? cs_lineage_model_node(f[1])
                                    : cs_lineage_dataset_node(f[1])) != NULL;
    if (ok)
        cs_hubwork_rev_key(node ? node : input, f[2], out);
    free(node);
    free(buf);
    return ok;
}

/* Does the stored entry have every "+reader" of want? */
static bool readers_covered(const char *stored, const char *want)
{
    for (const char *p = strchr(want, '+'); p; p = strchr(p + 1, '+')) {
        size_t n = strcspn(p + 1, "+");
        const char *q = stored;
        bool found = false;
        while (!found && q && (q = strchr(q, '+')) != NULL) {
            found = strncmp(q + 1, p + 1, n) == 0 && (q[1 + n] == '+' || q[1 + n] == '\0');
            q++;
        }
        if (!found)
            return false;
    }
    return true;
}

/* True when the entry's sha is the one stored with its node and the readers this crawl asks for
 * read it (want: cs_hubwork_entry), or the card of that revision was refused to the token this
 * crawl has too (not in a --full run): its card need not be asked again. */
static bool unchanged(const struct cs_hubwork_ctx *ctx, struct cs_store *st, const char *node,
                      const char *sha, const char *want)
{
    struct cs_graph_node *n = NULL;
    enum cs_node_kind kind;
    bool same;

    if (!st || !sha || !cs_lineage_hub_node(node, &kind, NULL) ||
        cs_graph_get_node(st, kind, node, &n) != CS_OK)
        return false;
    same = n->sha && strcmp(n->sha, sha) == 0 && n->fetched_at > 0 && n->entry &&
           (strcmp(n->entry, CS_HUB_ENTRY_REFUSED) == 0 ? ctx->have_token && !ctx->full
                                                        : readers_covered(n->entry, want));
    cs_graph_node_free(n);
    return same;
}

/* Records a listed entry's node (Copies name). */
static int list_node(struct cs_hubout *o, const char *name)
{
    char **p = realloc(o->listed, (o->n_listed + 1) * sizeof(*p));

    if (!p)
        return CS_E_NOMEM;
    o->listed = p;
    p[o->n_listed] = cs_strdup(name);
    return p[o->n_listed++] ? CS_OK : CS_E_NOMEM;
}

/* A listing value fit for a tab-separated frontier entry: no control characters, not too long. */
static bool plain(const char *s)
{
    if (!s)
        return true;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || p - (const unsigned char *)s > 128)
            return false;
    return true;
}

/* Queues the card of one entry unless it is unchanged. */
static int entry_card(const struct cs_hubwork_ctx *ctx, struct cs_store *st, uint64_t run,
                      const char *base, bool models, const struct cs_hublist_entry *en,
                      struct cs_hubout *o)
{
    bool now = false;
    char *node;
    char url[CS_MAX_URL_LEN], extra[1024], dedup[CS_HUB_KEY_MAX];
    int rc = CS_OK;

    /* the values go into a URL path and a tab-separated entry: a listing that is not what the
     * API documents is skipped, never let loose on either */
    if (!cs_lineage_is_hub_id(en->id) || !plain(en->sha) || !plain(en->last_modified)) {
        o->skipped++;
        return CS_OK;
    }
    node = models ? cs_lineage_model_node(en->id) : cs_lineage_dataset_node(en->id);
    if (!node)
        return CS_E_NOMEM;
    rc = list_node(o, node);
    if (rc != CS_OK) {
        free(node);
        return rc;
    }
    cs_hubwork_rev_key(node, en->sha ? en->sha : "", dedup);
    if (en->gated != CS_HUB_GATED_NO && !ctx->have_token) {
        /* its card cannot be read without a token (401): not asked, listed only; it never
         * marks the high-water mark */
        o->unreadable++;
        if (!o->note[0])
            snprintf(o->note, sizeof(o->note), "gated, not read without a token (HF_TOKEN): %s",
                     en->id);
        free(node);
        return CS_OK;
    }
    if (unchanged(ctx, st, node, en->sha, cs_hubwork_entry(ctx, models))) {
        /* read by an earlier run, not by this one (a listing restarted in this run meets the
         * cards it has just read: those do not mark the previous run's high-water mark) */
        o->unchanged++;
        if (cs_store_frontier_seen(st, run, 'C', dedup, &now) == CS_OK && !now)
            o->unchanged_before++;
    } else {
        /* models live at BASE/ID, datasets at BASE/datasets/ID (peers.md 5.2) */
        snprintf(url, sizeof(url), "%s%s%s/resolve/main/README.md", base,
                 models ? "/" : "/datasets/", en->id);
        snprintf(extra, sizeof(extra), "%c\t%s\t%s\t%s", models ? 'm' : 'd', en->id,
                 en->sha ? en->sha : "", en->last_modified ? en->last_modified : "");
        rc = cs_hubout_follow(o, 'C', url, extra, dedup);
    }
    free(node);
    return rc;
}

/* An expired cursor: the listing starts again from its first page (at most a few times). */
static int restart(const char *page_url, const char *extra, int status, struct cs_hubout *o)
{
    char kind = extra[0];
    const char *tab = strchr(extra, '\t');
    long restarts = tab ? strtol(tab + 1, NULL, 10) : 0;
    const char *first = strrchr(extra, '\t');
    char next_extra[CS_MAX_URL_LEN + 32], dedup[CS_MAX_URL_LEN + 32];

    if (!strstr(page_url, "cursor=") || !first || restarts >= CS_HUB_RESTARTS_MAX) {
        snprintf(o->note, sizeof(o->note), "listing page answered HTTP %d: listing stopped",
                 status);
        return CS_OK;
    }
    first++;
    snprintf(next_extra, sizeof(next_extra), "%c\t%ld\t%s", kind, restarts + 1, first);
    snprintf(dedup, sizeof(dedup), "%s#restart%ld", first, restarts + 1);
    snprintf(o->note, sizeof(o->note), "listing cursor expired (HTTP %d): listing restarted",
             status);
    return cs_hubout_follow(o, 'L', first, next_extra, dedup);
}

/* The rel="next" URL of the page's Link headers (any of them: a CDN may add one of its own
 * before the API's). *next NULL when none says next. CS_OK or CS_E_NOMEM. */
static int link_next(const struct cs_response *r, char **next)
{
    const char *link;
    int rc = CS_OK;

    *next = NULL;
    for (size_t i = 0; rc == CS_OK && !*next && (link = cs_response_header(r, "link", i)); i++)
        rc = cs_http_link_next(link, strlen(link), next);
    return rc;
}

/* The end of a walk sorted by lastModified: the first page again, as a sweep ("D"/"M"). */
static int start_sweep(const char *extra, struct cs_hubout *o)
{
    const char *first = strrchr(extra, '\t');
    char next_extra[CS_MAX_URL_LEN + 32], dedup[CS_MAX_URL_LEN + 32];

    if (!first)
        return CS_OK;
    first++;
    snprintf(next_extra, sizeof(next_extra), "%c\t0\t%s", extra[0] == 'm' ? 'M' : 'D', first);
    snprintf(dedup, sizeof(dedup), "%s#sweep", first);
    return cs_hubout_follow(o, 'L', first, next_extra, dedup);
}

/* A sweep page: the sweep ends (the listing read whole) at the first entry older than the run,
 * or at the last page. true when it goes on. */
static bool sweep_goes_on(const struct cs_hubwork_ctx *ctx, const struct cs_hublist *l)
{
    for (size_t i = 0; i < l->count; i++) {
        const char *lm = l->entries[i].last_modified;
        if (!lm || strncmp(lm, ctx->since, strlen(ctx->since)) < 0)
            return false;
    }
    return l->count > 0;
}

/* The next page, unless the page showed nothing new in a listing sorted by lastModified. */
static int next_page(const struct cs_hubwork_ctx *ctx, const struct cs_response *r,
                     const char *page_url, const char *extra, bool sweep, struct cs_hubout *o)
{
    bool by_date = strstr(page_url, "sort=lastModified") != NULL;

    char *next = NULL;
    char *abs = NULL;
    int rc;

    if (!ctx->full && !sweep && o->unchanged_before + o->unreadable >= o->entries &&
        o->unchanged_before > 0 && by_date) {
        snprintf(o->note, sizeof(o->note), "listing: nothing changed since the last run");
        return CS_OK;
    }
    rc = link_next(r, &next);
    if (rc != CS_OK)
        return rc;
    if (!next && !sweep && by_date && ctx->since)
        return start_sweep(extra, o);
    if (!next) {
        /* read whole; another order moves entries between pages: not whole enough for gone */
        o->listing_end = by_date || !ctx->since;
        return CS_OK;
    }
    if (cs_url_resolve(page_url, next, &abs, NULL) == CS_OK) {
        /* a restarted listing may meet the same cursors again: they are new work then */
        const char *t = strchr(extra, '\t');
        char dedup[CS_MAX_URL_LEN + 64];
        snprintf(dedup, sizeof(dedup), "%s#%c%ld", abs, sweep ? 's' : 'r',
                 t ? strtol(t + 1, NULL, 10) : 0L);
        rc = cs_hubout_follow(o, 'L', abs, extra, dedup);
    }
    free(next);
    free(abs);
    return rc;
}

int cs_hubwork_list(const struct cs_hubwork_ctx *ctx, struct cs_store *st, uint64_t run,
                    const char *page_url, const char *extra, const struct cs_response *r,
                    struct cs_hubout *out)
{
    struct cs_diag diag = { 0 };
    struct cs_hublist *l = NULL;
    bool models = extra[0] == 'm' || extra[0] == 'M';
    bool sweep = extra[0] == 'D' || extra[0] == 'M';
    char *base;
    int rc;

    memset(out, 0, sizeof(*out));
    if (r->http_status == 400 || r->http_status == 410)
        return restart(page_url, extra, r->http_status, out);
    if (r->http_status != 200) {
        snprintf(out->note, sizeof(out->note), "listing page: %s",
                 r->error ? r->error : "unexpected HTTP status");
        return CS_OK;
    }
    if (r->truncated) { /* half a JSON array: its entries cannot be told apart from the cut */
        snprintf(out->note, sizeof(out->note),
                 "listing page cut at %u bytes: its entries not read, listing stopped (ask for "
                 "fewer entries a page with --limit)",
                 (unsigned)CS_HUB_PAGE_MAX_BYTES);
        return CS_OK;
    }
    rc = cs_hublist_parse(r->body ? r->body : "", r->body_len,
                          models ? CS_HUB_MODEL : CS_HUB_DATASET, &l, &diag);
    if (rc != CS_OK) {
        snprintf(out->note, sizeof(out->note), "listing page unreadable: %s", diag.msg);
        return rc == CS_E_NOMEM ? rc : CS_OK;
    }
    out->listed_kind = models ? CS_NODE_MODEL : CS_NODE_DATASET;
    base = base_of(page_url);
    rc = base ? CS_OK : CS_E_NOMEM;
    for (size_t i = 0; rc == CS_OK && i < l->count; i++) {
        out->entries++;
        rc = entry_card(ctx, st, run, base, models, &l->entries[i], out);
    }
    if (rc == CS_OK && sweep && !sweep_goes_on(ctx, l))
        out->listing_end = true; /* down to the run's start: read whole */
    else if (rc == CS_OK)
        rc = next_page(ctx, r, page_url, extra, sweep, out);
    free(base);
    cs_hublist_free(l);
    return rc;
}

/* ---- cards ------------------------------------------------------------------------------- */

/* Lineage edges from names in the front matter: to datasets or models. */
static int name_edges(const struct cs_card_strv *v, enum cs_edge_kind kind, bool to_model,
                      const char *via, const char *detail, struct cs_hubout *o)
{
    int rc = CS_OK;

    for (size_t i = 0; rc == CS_OK && i < v->n; i++) {
        struct cs_graph_edge e = { .kind = kind, .via = via, .detail = detail };
        e.to_kind = to_model ? CS_NODE_MODEL : CS_NODE_DATASET;
        e.to = cs_hubout_keep(o, to_model ? cs_lineage_model_node(v->v[i])
                                          : cs_lineage_dataset_node(v->v[i]));
        if (e.to)
            rc = cs_hubout_edge(o, &e);
    }
    return rc;
}

static int card_edges(const struct cs_card *c, bool model, const char *hub_origin,
                      struct cs_hubout *o)
{
    const char *rel = c->base_model_relation;
    int rc = CS_OK;

    if (model) {
        rc = name_edges(&c->base_models, CS_EDGE_BASE_MODEL, true, "card:base_model",
                        rel ? cs_hubout_keep(o, cs_strdup(rel)) : NULL, o);
        if (rc == CS_OK)
            rc = name_edges(&c->datasets, CS_EDGE_TRAINED_ON, false, "card:datasets", NULL, o);
    } else {
        rc = name_edges(&c->upstream_datasets, CS_EDGE_DERIVED_FROM, false, "card:source_datasets",
                        NULL, o);
    }
    for (size_t i = 0; rc == CS_OK && i < c->link_count; i++)
        rc = cs_hubout_link(c->links[i].url, "card:", c->links[i].where, c->links[i].cls,
                            hub_origin, o);
    return rc;
}

/* A dataset's Croissant file, read after its card (one API call per dataset; peers.md 5.2):
 * BASE/api/datasets/ID/croissant, BASE being what precedes "/datasets/" in the card's URL. */
static int follow_croissant(const char *card_url, char *f[4], struct cs_hubout *o)
{
    const char *d = strstr(card_url, "/datasets/");
    char url[CS_MAX_URL_LEN + 256], extra[600], dedup[CS_HUB_KEY_MAX];

    if (!d)
        return CS_OK;
    snprintf(url, sizeof(url), "%.*s/api/datasets/%s/croissant", (int)(d - card_url), card_url,
             f[1]);
    snprintf(extra, sizeof(extra), "d\t%s\t%s\t%s", f[1], f[2], f[3]);
    cs_hubwork_rev_key(url, f[2], dedup);
    return cs_hubout_follow(o, 'X', url, extra, dedup);
}

/* A gated repository whose owner has not granted this token access: 401 or 403 with a token. */
static bool refused(const struct cs_hubwork_ctx *ctx, const struct cs_response *r)
{
    return ctx->have_token && !r->error && (r->http_status == 401 || r->http_status == 403);
}

int cs_hubwork_card(const struct cs_hubwork_ctx *ctx, const char *card_url, const char *extra,
                    const struct cs_response *r, struct cs_hubout *out)
{
    struct cs_diag diag = { 0 };
    struct cs_card card;
    char *buf, *f[4];
    bool model;
    int rc = cs_hubout_begin(extra, "card", &buf, f, out);

    if (rc != CS_OK)
        return rc == CS_E_PARSE ? CS_OK : rc;
    model = f[0][0] == 'm';
    if (r->http_status != 200 && r->http_status != 404) {
        bool no = refused(ctx, r);
        /* gated without a token, a server error: the stored edges stay as they were */
        snprintf(out->note, sizeof(out->note), "card of %s not read: %s", f[1],
                 r->error                                    ? r->error
                 : !ctx->have_token && r->http_status == 401 ? "gated (HF_TOKEN needed)"
                 : no                                        ? "refused to this token"
                                                             : "unexpected HTTP status");
        /* refused to the token: recorded against the revision, so the next runs do not ask
         * again (nor let it keep an incremental listing going) until it changes or --full */
        rc = no ? cs_hubout_entry_node(CS_HUB_ENTRY_REFUSED, f, model, out) : CS_OK;
        free(buf);
        return rc;
    }
    rc = cs_hubout_entry_node(CS_HUB_ENTRY_CARD, f, model, out);
    out->replace_edges = true;
    out->scope = "card:";
    if (rc == CS_OK && !model && ctx->croissant)
        rc = follow_croissant(card_url, f, out);
    if (rc == CS_OK && !model)
        rc = cs_viewerwork_follow(ctx, f, out);
    if (rc == CS_OK && r->http_status == 200) {
        rc = cs_card_parse(r->body ? r->body : "", r->body_len, &card, &diag);
        if (rc == CS_OK) {
            if (card.licenses.n > 0)
                out->license = cs_strdup(card.licenses.v[0]);
            rc = card_edges(&card, model, ctx->hub_origin, out);
            if (!card.yaml_ok)
                snprintf(out->note, sizeof(out->note), "card of %s: %s", f[1],
                         card.yaml_error ? card.yaml_error : "front matter unreadable");
            else if (r->truncated) /* the edges read before the cut are kept */
                snprintf(out->note, sizeof(out->note),
                         "card of %s cut at %u bytes: links past it not read", f[1],
                         (unsigned)CS_CARD_MAX_BYTES);
            cs_card_release(&card);
        }
    }
    free(buf);
    return rc;
}

/* ---- the first page ------------------------------------------------------------------------ */

bool cs_hubwork_add_param(CURLU *u, const char *name, const char *value)
{
    size_t n;
    char *buf;
    bool ok;

    if (!value || !*value)
        return true;
    n = strlen(name) + strlen(value) + 2;
    buf = malloc(n);
    if (!buf)
        return false;
    snprintf(buf, n, "%s=%s", name, value);
    ok = curl_url_set(u, CURLUPART_QUERY, buf, CURLU_APPENDQUERY | CURLU_URLENCODE) == CURLUE_OK;
    free(buf);
    return ok;
}

char *cs_hubwork_first_page(const struct cs_hub_query *q)
{
    static const char *const expand[] = { "sha", "lastModified", "gated", "tags", "cardData" };
    CURLU *u = curl_url();
    char path[64], limit[32];
    char *s = NULL, *out = NULL;
    bool ok;

    snprintf(path, sizeof(path), "/api/%s", q->models ? "models" : "datasets");
    snprintf(limit, sizeof(limit), "%ld", q->limit);
    ok = u && curl_url_set(u, CURLUPART_URL, q->base, 0) == CURLUE_OK &&
         curl_url_set(u, CURLUPART_PATH, path, 0) == CURLUE_OK &&
         cs_hubwork_add_param(u, "search", q->search) &&
         cs_hubwork_add_param(u, "author", q->author);
    for (size_t i = 0; ok && i < q->n_filters; i++)
        ok = cs_hubwork_add_param(u, "filter", q->filters[i]);
    ok = ok && cs_hubwork_add_param(u, "sort", q->sort) &&
         cs_hubwork_add_param(u, "direction", q->sort && *q->sort ? "-1" : NULL) &&
         cs_hubwork_add_param(u, "limit", q->limit > 0 ? limit : NULL);
    for (size_t i = 0; ok && i < CS_ARRAY_LEN(expand); i++)
        ok = cs_hubwork_add_param(u, "expand", expand[i]);
    if (ok && curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
        out = cs_strdup(s);
    curl_free(s);
    curl_url_cleanup(u);
    return out;
}
