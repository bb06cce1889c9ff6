/* SPDX-License-Identifier: MIT
 * hubwork.c - listing pages and cards of the index crawl (hubwork.h; issue 4 items 1 and 2,
 * peers.md 5.2-5.3).
 */
#include "cs_setup.h"

#include "card.h"
#include "ckan.h"
#include "croissant.h"
#include "cs_limits.h"
#include "cs_log.h"
#include "cs_str.h"
#include "httplink.h"
#include "hublist.h"
#include "hubwork.h"
#include "url.h"

#include <curl/curl.h>
#include <strings.h>

/* ---- building the result --------------------------------------------------------------- */

static char *keep(struct cs_hubout *o, char *s)
{
    char **p;

    if (!s)
        return NULL;
    p = realloc(o->owned, (o->n_owned + 1) * sizeof(*p));
    if (!p) {
        free(s);
        return NULL;
    }
    o->owned = p;
    p[o->n_owned++] = s;
    return s;
}

static int follow(struct cs_hubout *o, int kind, const char *input, const char *extra,
                  const char *dedup)
{
    struct cs_hub_follow *p = realloc(o->follow, (o->n_follow + 1) * sizeof(*p));
    struct cs_hub_follow *f;

    if (!p)
        return CS_E_NOMEM;
    o->follow = p;
    f = &p[o->n_follow];
    f->kind = kind;
    f->input = cs_strdup(input);
    f->extra = cs_strdup(extra);
    f->dedup = cs_strdup(dedup);
    if (!f->input || !f->extra || !f->dedup) {
        free(f->input);
        free(f->extra);
        free(f->dedup);
        return CS_E_NOMEM;
    }
    o->n_follow++;
    return CS_OK;
}

static int edge(struct cs_hubout *o, const struct cs_graph_edge *e)
{
    struct cs_graph_edge *p = realloc(o->edges, (o->n_edges + 1) * sizeof(*p));

    if (!p)
        return CS_E_NOMEM;
    o->edges = p;
    p[o->n_edges++] = *e;
    return CS_OK;
}

void cs_hubout_release(struct cs_hubout *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->n_follow; i++) {
        free(o->follow[i].input);
        free(o->follow[i].extra);
        free(o->follow[i].dedup);
    }
    for (size_t i = 0; i < o->n_owned; i++)
        free(o->owned[i]);
    for (size_t i = 0; i < o->n_listed; i++)
        free(o->listed[i]);
    free(o->listed);
    for (size_t i = 0; i < o->n_groups; i++) {
        free(o->groups[i].node);
        free(o->groups[i].title);
        free(o->groups[i].license);
        free(o->groups[i].edges);
    }
    free(o->groups);
    free(o->follow);
    free(o->edges);
    free(o->owned);
    free(o->node);
    free(o->sha);
    free(o->last_modified);
    free(o->license);
    memset(o, 0, sizeof(*o));
}

/* ---- listing pages ------------------------------------------------------------------------ */

/* The Hub's base URL: what comes before "/api/" in a listing URL. Returns owned. */
static char *base_of(const char *page_url)
{
    const char *api = strstr(page_url, "/api/");

    return api ? cs_strndup(page_url, (size_t)(api - page_url)) : NULL;
}

/* True when the entry's sha is the one stored with its node: its card has not changed. */
static bool unchanged(struct cs_store *st, const char *node, const char *sha)
{
    struct cs_graph_node *n = NULL;
    bool same;

    if (!st || !sha ||
        cs_graph_get_node(st,
                          strncmp(node, "hf:models/", 10) == 0 ? CS_NODE_MODEL : CS_NODE_DATASET,
                          node, &n) != CS_OK)
        return false;
    same = n->sha && strcmp(n->sha, sha) == 0 && n->fetched_at > 0;
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
static int entry_card(struct cs_store *st, uint64_t run, bool have_token, const char *base,
                      bool models, const struct cs_hublist_entry *en, struct cs_hubout *o)
{
    bool now = false;
    char *node;
    char url[CS_MAX_URL_LEN], extra[1024], dedup[1024];
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
    snprintf(dedup, sizeof(dedup), "%s@%s", node, en->sha ? en->sha : "");
    if (en->gated != CS_HUB_GATED_NO && !have_token) {
        /* its card cannot be read without a token: it never marks the high-water mark */
        o->unreadable++;
    }
    if (unchanged(st, node, en->sha)) {
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
        rc = follow(o, 'C', url, extra, dedup);
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
    return follow(o, 'L', first, next_extra, dedup);
}

/* The next page, unless the page showed nothing new in a listing sorted by lastModified. */
static int next_page(const struct cs_response *r, const char *page_url, const char *extra,
                     struct cs_hubout *o)
{
    const char *link = cs_response_header(r, "link", 0);
    char *next = NULL;
    char *abs = NULL;
    int rc;

    if (!link || o->entries == 0)
        return CS_OK;
    if (o->unchanged_before + o->unreadable >= o->entries && o->unchanged_before > 0 &&
        strstr(page_url, "sort=lastModified")) {
        snprintf(o->note, sizeof(o->note), "listing: nothing changed since the last run");
        return CS_OK;
    }
    rc = cs_http_link_next(link, strlen(link), &next);
    if (rc != CS_OK || !next)
        return rc == CS_E_NOMEM ? rc : CS_OK;
    if (cs_url_resolve(page_url, next, &abs, NULL) == CS_OK) {
        /* a restarted listing may meet the same cursors again: they are new work then */
        const char *t = strchr(extra, '\t');
        char dedup[CS_MAX_URL_LEN + 64];
        snprintf(dedup, sizeof(dedup), "%s#r%ld", abs, t ? strtol(t + 1, NULL, 10) : 0L);
        rc = follow(o, 'L', abs, extra, dedup);
    }
    free(next);
    free(abs);
    return rc;
}

int cs_hubwork_list(struct cs_store *st, uint64_t run, bool have_token, const char *page_url,
                    const char *extra, const struct cs_response *r, struct cs_hubout *out)
{
    struct cs_diag diag = { 0 };
    struct cs_hublist *l = NULL;
    bool models = extra[0] == 'm';
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
        rc = entry_card(st, run, have_token, base, models, &l->entries[i], out);
    }
    if (rc == CS_OK)
        rc = next_page(r, page_url, extra, out);
    free(base);
    cs_hublist_free(l);
    return rc;
}

/* ---- cards ------------------------------------------------------------------------------- */

/* Splits "k<TAB>id<TAB>sha<TAB>lastModified" into its fields (pointers into buf). */
static bool split_extra(char *buf, char *f[4])
{
    for (int i = 0; i < 4; i++) {
        f[i] = buf;
        buf = strchr(buf, '\t');
        if (i < 3 && !buf)
            return false;
        if (buf)
            *buf++ = '\0';
    }
    return f[1][0] != '\0';
}

/* One link of the card: a links_to edge to its canonical URL, and a work URL for a data link
 * (only data links can flag a dataset; the Hub's own copies are hosted, never sources). */
static int link_edge(const char *url, const char *scope, const char *where, enum cs_link_class cls,
                     const char *hub_origin, struct cs_hubout *o)
{
    struct cs_url u;
    struct cs_graph_edge e = { .kind = CS_EDGE_LINKS_TO, .to_kind = CS_NODE_SOURCE };
    char via[1024]; /* the readers' key paths are at most 512 bytes: never cut */
    int rc;

    if (cs_url_parse(url, &u, NULL) != CS_OK)
        return CS_OK; /* not an http(s) URL (s3://, relative): kept in the reader's JSON only */
    snprintf(via, sizeof(via), "%s%s", scope, where ? where : "body");
    e.to = keep(o, cs_strdup(u.url));
    e.origin = keep(o, cs_strdup(u.origin));
    e.via = keep(o, cs_strdup(via));
    /* the index's own files are its copies, never sources, whatever its address (a mirror, an
     * HF_ENDPOINT, the test hub): huggingface.co itself the card reader classes already */
    e.link = hub_origin && strcmp(u.origin, hub_origin) == 0 ? CS_LINK_HOSTED : cls;
    rc = e.to && e.origin && e.via ? edge(o, &e) : CS_E_NOMEM;
    if (rc == CS_OK && e.link == CS_LINK_DATA)
        rc = follow(o, 'W', u.url, "", u.url);
    cs_url_release(&u);
    return rc;
}

/* Lineage edges from names in the front matter: to datasets or models. */
static int name_edges(const struct cs_card_strv *v, enum cs_edge_kind kind, bool to_model,
                      const char *via, const char *detail, struct cs_hubout *o)
{
    int rc = CS_OK;

    for (size_t i = 0; rc == CS_OK && i < v->n; i++) {
        struct cs_graph_edge e = { .kind = kind, .via = via, .detail = detail };
        e.to_kind = to_model ? CS_NODE_MODEL : CS_NODE_DATASET;
        e.to =
            keep(o, to_model ? cs_lineage_model_node(v->v[i]) : cs_lineage_dataset_node(v->v[i]));
        if (e.to)
            rc = edge(o, &e);
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
                        rel ? keep(o, cs_strdup(rel)) : NULL, o);
        if (rc == CS_OK)
            rc = name_edges(&c->datasets, CS_EDGE_TRAINED_ON, false, "card:datasets", NULL, o);
    } else {
        rc = name_edges(&c->upstream_datasets, CS_EDGE_DERIVED_FROM, false, "card:source_datasets",
                        NULL, o);
    }
    for (size_t i = 0; rc == CS_OK && i < c->link_count; i++)
        rc = link_edge(c->links[i].url, "card:", c->links[i].where, c->links[i].cls, hub_origin, o);
    return rc;
}

/* The node of the card, with what the listing said of it. */
static int card_node(char *f[4], bool model, struct cs_hubout *o)
{
    o->put_node = true;
    o->node_kind = model ? CS_NODE_MODEL : CS_NODE_DATASET;
    o->node = model ? cs_lineage_model_node(f[1]) : cs_lineage_dataset_node(f[1]);
    o->sha = *f[2] ? cs_strdup(f[2]) : NULL;
    o->last_modified = *f[3] ? cs_strdup(f[3]) : NULL;
    return o->node && (o->sha || !*f[2]) && (o->last_modified || !*f[3]) ? CS_OK : CS_E_NOMEM;
}

/* A dataset's Croissant file, read after its card (one API call per dataset; peers.md 5.2):
 * BASE/api/datasets/ID/croissant, BASE being what precedes "/datasets/" in the card's URL. */
static int follow_croissant(const char *card_url, char *f[4], struct cs_hubout *o)
{
    const char *d = strstr(card_url, "/datasets/");
    char url[CS_MAX_URL_LEN + 256], extra[600], dedup[CS_MAX_URL_LEN + 400];

    if (!d)
        return CS_OK;
    snprintf(url, sizeof(url), "%.*s/api/datasets/%s/croissant", (int)(d - card_url), card_url,
             f[1]);
    snprintf(extra, sizeof(extra), "d\t%s\t%s\t%s", f[1], f[2], f[3]);
    snprintf(dedup, sizeof(dedup), "%s@%s", url, f[2]);
    return follow(o, 'X', url, extra, dedup);
}

int cs_hubwork_card(const struct cs_hubwork_ctx *ctx, const char *card_url, const char *extra,
                    const struct cs_response *r, struct cs_hubout *out)
{
    struct cs_diag diag = { 0 };
    struct cs_card card;
    char *buf = cs_strdup(extra);
    char *f[4] = { NULL, NULL, NULL, NULL };
    bool model;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!buf)
        return CS_E_NOMEM;
    if (!split_extra(buf, f)) {
        free(buf);
        snprintf(out->note, sizeof(out->note), "malformed card entry");
        return CS_OK;
    }
    model = f[0][0] == 'm';
    if (r->http_status != 200 && r->http_status != 404) {
        /* gated without a token, a server error: the stored edges stay as they were */
        snprintf(out->note, sizeof(out->note), "card of %s not read: %s", f[1],
                 r->error                ? r->error
                 : r->http_status == 401 ? "gated (HF_TOKEN needed)"
                                         : "unexpected HTTP status");
        free(buf);
        return CS_OK;
    }
    rc = card_node(f, model, out);
    out->replace_edges = true;
    out->scope = "card:";
    if (rc == CS_OK && !model && ctx->croissant)
        rc = follow_croissant(card_url, f, out);
    if (rc == CS_OK && r->http_status == 200) {
        rc = cs_card_parse(r->body ? r->body : "", r->body_len, &card, &diag);
        if (rc == CS_OK) {
            if (card.licenses.n > 0)
                out->license = cs_strdup(card.licenses.v[0]);
            rc = card_edges(&card, model, ctx->hub_origin, out);
            if (!card.yaml_ok)
                snprintf(out->note, sizeof(out->note), "card of %s: %s", f[1],
                         card.yaml_error ? card.yaml_error : "front matter unreadable");
            cs_card_release(&card);
        }
    }
    free(buf);
    return rc;
}

/* ---- Croissant files ----------------------------------------------------------------------- */

/* The dataset id of a derivation reference on the index's own origin (BASE/datasets/ORG/NAME,
 * with or without a path below): the reader knows huggingface.co, this knows the crawl's hub.
 * Returns owned node name, or NULL. */
static char *hub_dataset_ref(const char *url, const char *hub_origin)
{
    struct cs_url u;
    char id[256] = "";
    char *node = NULL;

    if (!hub_origin || cs_url_parse(url, &u, NULL) != CS_OK)
        return NULL;
    if (strcmp(u.origin, hub_origin) == 0 && strncmp(u.path_query, "/datasets/", 10) == 0) {
        const char *p = u.path_query + 10;
        size_t org = strcspn(p, "/?#");
        size_t name = p[org] == '/' ? strcspn(p + org + 1, "/?#") : 0;
        snprintf(id, sizeof(id), "%.*s", (int)(name ? org + 1 + name : org), p);
        node = cs_lineage_is_hub_id(id) ? cs_lineage_dataset_node(id) : NULL;
    }
    cs_url_release(&u);
    return node;
}

/* One dataset of the document: its links (class from the reader, hosted when on the index's
 * origin) and the Hub datasets it says it was built from. */
static int dataset_edges(const struct cs_croissant_dataset *d, const char *hub_origin,
                         const char *derived_via, struct cs_hubout *o);

static int croissant_dataset(const struct cs_croissant_dataset *d, const char *hub_origin,
                             struct cs_hubout *o)
{
    char via[64];

    /* the reader's scope: each kind of document replaces only its own edges */
    snprintf(via, sizeof(via), "%sprov:wasDerivedFrom", o->scope);
    return dataset_edges(d, hub_origin, keep(o, cs_strdup(via)), o);
}

static int dataset_edges(const struct cs_croissant_dataset *d, const char *hub_origin,
                         const char *derived_via, struct cs_hubout *o)
{
    int rc = CS_OK;

    for (size_t i = 0; rc == CS_OK && i < d->upstream.n; i++) {
        struct cs_graph_edge e = { .kind = CS_EDGE_DERIVED_FROM,
                                   .to_kind = CS_NODE_DATASET,
                                   .via = derived_via };
        e.to = keep(o, cs_lineage_dataset_node(d->upstream.v[i]));
        if (e.to && strcmp(e.to, o->node) != 0)
            rc = edge(o, &e);
    }
    for (size_t i = 0; rc == CS_OK && i < d->link_count; i++) {
        const struct cs_croissant_link *l = &d->links[i];
        char *up = strstr(l->where, "wasDerivedFrom") || strstr(l->where, "isBasedOn")
                       ? hub_dataset_ref(l->url, hub_origin)
                       : NULL;
        if (up && strcmp(up, o->node) != 0) {
            struct cs_graph_edge e = { .kind = CS_EDGE_DERIVED_FROM,
                                       .to_kind = CS_NODE_DATASET,
                                       .via = derived_via };
            e.to = keep(o, up);
            rc = e.to ? edge(o, &e) : CS_E_NOMEM;
        } else {
            free(up);
        }
        if (rc == CS_OK)
            rc = link_edge(l->url, o->scope, l->where, l->cls, hub_origin, o);
    }
    return rc;
}

int cs_hubwork_croissant(const struct cs_hubwork_ctx *ctx, const char *extra,
                         const struct cs_response *r, struct cs_hubout *out)
{
    struct cs_diag diag = { 0 };
    struct cs_croissant *c = NULL;
    char *buf = cs_strdup(extra);
    char *f[4] = { NULL, NULL, NULL, NULL };
    int rc = CS_OK;

    memset(out, 0, sizeof(*out));
    if (!buf)
        return CS_E_NOMEM;
    if (!split_extra(buf, f) || (r->http_status != 200 && r->http_status != 404)) {
        /* not convertible (the Hub answers 4xx/5xx for some datasets): edges stay as stored */
        snprintf(out->note, sizeof(out->note), "Croissant of %s not read: %s", f[1] ? f[1] : "?",
                 r->error ? r->error : "unexpected HTTP status");
        free(buf);
        return CS_OK;
    }
    rc = card_node(f, false, out);
    out->replace_edges = true;
    out->scope = "croissant:";
    if (rc == CS_OK && r->http_status == 200) {
        rc = cs_croissant_parse(r->body ? r->body : "", r->body_len, NULL, &c, &diag);
        for (size_t i = 0; rc == CS_OK && i < c->count; i++)
            rc = croissant_dataset(&c->datasets[i], ctx->hub_origin, out);
        if (rc == CS_E_PARSE || rc == CS_E_LIMIT) {
            /* a broken document changes nothing stored */
            snprintf(out->note, sizeof(out->note), "Croissant of %s unreadable: %s", f[1],
                     diag.msg);
            out->put_node = out->replace_edges = false;
            rc = CS_OK;
        }
        cs_croissant_free(c);
    }
    free(buf);
    return rc;
}

/* ---- other indexes: CKAN portals, schema.org and DCAT pages ------------------------------ */

/* Turns the edges built so far (o->edges, for o->node) into a group of the page. Takes node. */
static int close_group(struct cs_hubout *o, const struct cs_croissant_dataset *d)
{
    struct cs_hub_group *p = realloc(o->groups, (o->n_groups + 1) * sizeof(*p));

    if (!p)
        return CS_E_NOMEM;
    o->groups = p;
    p = &p[o->n_groups++];
    memset(p, 0, sizeof(*p));
    p->node = o->node;
    p->edges = o->edges;
    p->n_edges = o->n_edges;
    p->title = cs_strdup(d->name);
    p->license = d->licenses.n ? cs_strdup(d->licenses.v[0]) : NULL;
    o->node = NULL;
    o->edges = NULL;
    o->n_edges = 0;
    return (d->name && !p->title) || (d->licenses.n && !p->license) ? CS_E_NOMEM : CS_OK;
}

typedef char *group_name_fn(const struct cs_croissant_dataset *d, size_t i, const void *arg);

/* The datasets of a parsed document, each its own group named by name_of. */
static int groups_of(const struct cs_hubwork_ctx *ctx, const struct cs_croissant *c,
                     group_name_fn *name_of, const void *arg, struct cs_hubout *o)
{
    int rc = CS_OK;

    for (size_t i = 0; rc == CS_OK && i < c->count; i++) {
        o->node = name_of(&c->datasets[i], i, arg);
        if (!o->node)
            return CS_E_NOMEM;
        rc = croissant_dataset(&c->datasets[i], ctx->hub_origin, o);
        if (rc == CS_OK)
            rc = close_group(o, &c->datasets[i]);
    }
    return rc;
}

/* The value of one query parameter of url (Returns owned), NULL when absent. */
static char *query_param(const char *url, const char *name)
{
    const char *q = strchr(url, '?');
    size_t n = strlen(name);

    while (q) {
        q++;
        if (strncmp(q, name, n) == 0 && q[n] == '=')
            return cs_strndup(q + n + 1, strcspn(q + n + 1, "&#"));
        q = strchr(q, '&');
    }
    return NULL;
}

/* url without its start= and rows= parameters. Returns owned. */
static char *without_paging(const char *url)
{
    size_t n = strlen(url);
    const char *q = strchr(url, '?');
    char *out = malloc(n + 2);
    size_t w;

    if (!out)
        return NULL;
    w = q ? (size_t)(q - url) : n;
    memcpy(out, url, w);
    out[w] = '\0';
    while (q && *q) {
        const char *arg = q + 1;
        size_t len = strcspn(arg, "&#");
        if (len && strncmp(arg, "start=", 6) != 0 && strncmp(arg, "rows=", 5) != 0) {
            char sep = memchr(out, '?', w) ? '&' : '?';
            out[w++] = sep;
            memcpy(out + w, arg, len);
            w += len;
            out[w] = '\0';
        }
        q = arg[len] == '&' ? arg + len : NULL;
    }
    return out;
}

static int ckan_page(struct cs_hubout *o, const char *base, long long start, long long rows)
{
    char url[CS_MAX_URL_LEN + 64], extra[CS_MAX_URL_LEN + 128];

    snprintf(url, sizeof(url), "%s%cstart=%lld&rows=%lld", base, strchr(base, '?') ? '&' : '?',
             start, rows);
    snprintf(extra, sizeof(extra), "k\t%lld\t%lld\t%s", start, rows, base);
    return follow(o, 'K', url, extra, url);
}

bool cs_hubwork_ckan_first(const char *url, char **page, char **extra)
{
    char *rows = query_param(url, "rows");
    long long r = rows ? strtoll(rows, NULL, 10) : 0;
    char *base = without_paging(url);
    struct cs_hubout o = { 0 };
    bool ok;

    free(rows);
    ok = base && ckan_page(&o, base, 0, r > 0 && r <= 1000 ? r : 100) == CS_OK;
    *page = ok ? o.follow[0].input : NULL;
    *extra = ok ? o.follow[0].extra : NULL;
    if (ok)
        o.follow[0].input = o.follow[0].extra = NULL;
    cs_hubout_release(&o);
    free(base);
    return ok;
}

/* A CKAN package's node: its page on the portal. */
static char *ckan_node(const struct cs_croissant_dataset *d, size_t i, const void *origin)
{
    char buf[CS_MAX_URL_LEN];

    (void)i;
    snprintf(buf, sizeof(buf), "%s/dataset/%s", (const char *)origin, d->id ? d->id : "");
    return cs_strdup(buf);
}

int cs_hubwork_ckan(const struct cs_hubwork_ctx *ctx, const char *page_url, const char *extra,
                    const struct cs_response *r, struct cs_hubout *out)
{
    struct cs_diag diag = { 0 };
    struct cs_croissant *c = NULL;
    long long total = -1, start = 0, rows = 0;
    const char *base = NULL;
    struct cs_url u;
    int rc;

    memset(out, 0, sizeof(*out));
    out->scope = "ckan:";
    if (sscanf(extra, "k\t%lld\t%lld\t", &start, &rows) == 2)
        base = strchr(strchr(strchr(extra, '\t') + 1, '\t') + 1, '\t');
    if (!base || rows <= 0 || r->http_status != 200 || cs_url_parse(page_url, &u, NULL) != CS_OK) {
        snprintf(out->note, sizeof(out->note), "CKAN page not read: %s",
                 r->error ? r->error : "unexpected HTTP status");
        return CS_OK;
    }
    rc = cs_ckan_parse(r->body ? r->body : "", r->body_len, &c, &total, &diag);
    if (rc == CS_OK)
        rc = groups_of(ctx, c, ckan_node, u.origin, out);
    if (rc == CS_OK && c->count > 0 && total > start + rows)
        rc = ckan_page(out, base + 1, start + rows, rows);
    if (rc == CS_E_PARSE || rc == CS_E_LIMIT) {
        snprintf(out->note, sizeof(out->note), "CKAN page unreadable: %s", diag.msg);
        rc = CS_OK;
    }
    cs_croissant_free(c);
    cs_url_release(&u);
    return rc;
}

/* A dataset of a page: its @id or url when that is a URL, else the page (with its index when
 * the page describes several). */
static char *page_node(const struct cs_croissant_dataset *d, size_t i, const void *page)
{
    const char *cand[] = { d->id, d->url };
    char buf[CS_MAX_URL_LEN + 32];
    struct cs_url u;

    for (size_t k = 0; k < CS_ARRAY_LEN(cand); k++) {
        if (cand[k] && cs_url_parse(cand[k], &u, NULL) == CS_OK) {
            char *s = cs_strdup(u.url);
            cs_url_release(&u);
            return s;
        }
    }
    if (i == 0)
        return cs_strdup(page);
    snprintf(buf, sizeof(buf), "%s#dataset-%zu", (const char *)page, i);
    return cs_strdup(buf);
}

int cs_hubwork_page(const struct cs_hubwork_ctx *ctx, const char *page_url,
                    const struct cs_response *r, struct cs_hubout *out)
{
    struct cs_diag diag = { 0 };
    struct cs_croissant *c = NULL;
    const char *body = r->body ? r->body : "";
    int rc;

    memset(out, 0, sizeof(*out));
    out->scope = "jsonld:";
    if (r->http_status != 200) {
        snprintf(out->note, sizeof(out->note), "dataset page not read: %s",
                 r->error ? r->error : "unexpected HTTP status");
        return CS_OK;
    }
    rc = cs_croissant_looks_like_html(body, r->body_len)
             ? cs_croissant_parse_html(body, r->body_len, NULL, &c, &diag)
             : cs_croissant_parse(body, r->body_len, NULL, &c, &diag);
    if (rc == CS_OK)
        rc = groups_of(ctx, c, page_node, page_url, out);
    if (rc == CS_OK && c->count == 0)
        snprintf(out->note, sizeof(out->note), "no schema.org Dataset or Croissant found");
    if (rc == CS_E_PARSE || rc == CS_E_LIMIT) {
        snprintf(out->note, sizeof(out->note), "dataset page unreadable: %s", diag.msg);
        rc = CS_OK;
    }
    cs_croissant_free(c);
    return rc;
}

/* ---- writing ------------------------------------------------------------------------------ */

/* Keeps the edges the graph store accepts; counts the others. */
static size_t keep_valid(enum cs_node_kind from, struct cs_graph_edge *e, size_t *n)
{
    size_t w = 0, dropped = 0;

    for (size_t i = 0; i < *n; i++) {
        if (cs_graph_edge_valid(from, &e[i]))
            e[w++] = e[i];
        else
            dropped++;
    }
    *n = w;
    return dropped;
}

static void drop_invalid_text(char **s, size_t *dropped)
{
    if (*s && !cs_graph_text_valid(*s)) {
        free(*s);
        *s = NULL;
        ++*dropped;
    }
}

size_t cs_hubout_sanitize(struct cs_hubout *o)
{
    size_t dropped = 0, w = 0;

    if (o->node && !cs_graph_text_valid(o->node))
        o->put_node = false, dropped++;
    drop_invalid_text(&o->license, &dropped);
    drop_invalid_text(&o->last_modified, &dropped);
    drop_invalid_text(&o->sha, &dropped);
    dropped += keep_valid(o->node_kind, o->edges, &o->n_edges);
    for (size_t i = 0; i < o->n_groups; i++) {
        struct cs_hub_group *g = &o->groups[i];
        drop_invalid_text(&g->title, &dropped);
        drop_invalid_text(&g->license, &dropped);
        dropped += keep_valid(CS_NODE_DATASET, g->edges, &g->n_edges);
        if (!cs_graph_text_valid(g->node)) {
            free(g->node);
            free(g->title);
            free(g->license);
            free(g->edges);
            dropped++;
            continue;
        }
        o->groups[w++] = *g;
    }
    o->n_groups = w;
    return dropped;
}

int cs_hubwork_queue(struct cs_store_batch *b, uint64_t run, const struct cs_hubout *out,
                     int64_t now)
{
    int rc = CS_OK;

    for (size_t i = 0; rc == CS_OK && i < out->n_follow; i++) {
        const struct cs_hub_follow *f = &out->follow[i];
        struct cs_frontier_entry e = { 0, f->kind, f->input, f->extra };
        rc = cs_store_frontier_add(b, run, &e, f->dedup);
    }
    for (size_t i = 0; rc == CS_OK && i < out->n_listed; i++) {
        /* listed: known to exist; the sha waits until its card is read (incremental) */
        struct cs_graph_node_info seen = { .entry = "hub:listing", .seen_at = now };
        rc = cs_graph_put_node(b, out->listed_kind, out->listed[i], &seen);
    }
    if (rc == CS_OK && out->put_node) {
        struct cs_graph_node_info info = { .sha = out->sha,
                                           .last_modified = out->last_modified,
                                           .license = out->license,
                                           .entry = "hub:card",
                                           .fetched_at = now,
                                           .seen_at = now };
        rc = cs_graph_put_node(b, out->node_kind, out->node, &info);
    }
    for (size_t i = 0; rc == CS_OK && i < out->n_groups; i++) {
        const struct cs_hub_group *g = &out->groups[i];
        struct cs_graph_node_info info = { .title = g->title,
                                           .license = g->license,
                                           .entry = out->scope,
                                           .fetched_at = now,
                                           .seen_at = now };
        rc = cs_graph_put_node(b, CS_NODE_DATASET, g->node, &info);
        if (rc == CS_OK)
            rc = cs_graph_replace_edges_scoped(b, CS_NODE_DATASET, g->node, out->scope, g->edges,
                                               g->n_edges, now);
    }
    if (rc == CS_OK && out->put_node && out->replace_edges)
        rc = cs_graph_replace_edges_scoped(b, out->node_kind, out->node, out->scope, out->edges,
                                           out->n_edges, now);
    return rc;
}

/* ---- the first page ------------------------------------------------------------------------ */

static bool add_param(CURLU *u, const char *name, const char *value)
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
         add_param(u, "search", q->search) && add_param(u, "author", q->author);
    for (size_t i = 0; ok && i < q->n_filters; i++)
        ok = add_param(u, "filter", q->filters[i]);
    ok = ok && add_param(u, "sort", q->sort) &&
         add_param(u, "direction", q->sort && *q->sort ? "-1" : NULL) &&
         add_param(u, "limit", q->limit > 0 ? limit : NULL);
    for (size_t i = 0; ok && i < CS_ARRAY_LEN(expand); i++)
        ok = add_param(u, "expand", expand[i]);
    if (ok && curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
        out = cs_strdup(s);
    curl_free(s);
    curl_url_cleanup(u);
    return out;
}
