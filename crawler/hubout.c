/* SPDX-License-Identifier: MIT
 * hubout.c - what a page or a card of an index adds (hubwork.h struct cs_hubout): building it
 * in a parse worker, checking it, and queueing it into the writer's batch.
 */
#include "cs_setup.h"

#include "cs_str.h"
#include "hubwork_int.h"
#include "url.h"

/* ---- building the result --------------------------------------------------------------- */

char *cs_hubout_keep(struct cs_hubout *o, char *s)
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

int cs_hubout_follow(struct cs_hubout *o, int kind, const char *input, const char *extra,
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

int cs_hubout_edge(struct cs_hubout *o, const struct cs_graph_edge *e)
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

/* Splits "k<TAB>id<TAB>sha<TAB>lastModified" into its fields (pointers into buf). */
bool cs_hubout_split_extra(char *buf, char *f[4])
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

int cs_hubout_begin(const char *extra, const char *what, char **buf, char *f[4],
                    struct cs_hubout *out)
{
    memset(out, 0, sizeof(*out));
    memset(f, 0, 4 * sizeof(*f));
    *buf = cs_strdup(extra);
    if (!*buf)
        return CS_E_NOMEM;
    if (cs_hubout_split_extra(*buf, f))
        return CS_OK;
    snprintf(out->note, sizeof(out->note), "malformed %s entry", what);
    free(*buf);
    *buf = NULL;
    return CS_E_PARSE;
}

/* One link of the card: a links_to edge to its canonical URL, and a work URL for a data link
 * (only data links can flag a dataset; the Hub's own copies are hosted, never sources). */
int cs_hubout_link(const char *url, const char *scope, const char *where, enum cs_link_class cls,
                   const char *hub_origin, struct cs_hubout *o)
{
    return cs_hubout_link_detail(url, scope, where, NULL, cls, hub_origin, o);
}

int cs_hubout_link_detail(const char *url, const char *scope, const char *where, const char *detail,
                          enum cs_link_class cls, const char *hub_origin, struct cs_hubout *o)
{
    struct cs_url u;
    struct cs_graph_edge e = { .kind = CS_EDGE_LINKS_TO, .to_kind = CS_NODE_SOURCE };
    char via[1024]; /* the readers' key paths are at most 512 bytes: never cut */
    int rc;

    if (cs_url_parse(url, &u, NULL) != CS_OK)
        return CS_OK; /* not an http(s) URL (s3://, relative): kept in the reader's JSON only */
    snprintf(via, sizeof(via), "%s%s", scope, where ? where : "body");
    e.to = cs_hubout_keep(o, cs_strdup(u.url));
    e.origin = cs_hubout_keep(o, cs_strdup(u.origin));
    e.via = cs_hubout_keep(o, cs_strdup(via));
    e.detail = detail ? cs_hubout_keep(o, cs_strdup(detail)) : NULL;
    /* the index's own files are its copies, never sources, whatever its address (a mirror, an
     * HF_ENDPOINT, the test hub): huggingface.co itself the card reader classes already */
    e.link = hub_origin && strcmp(u.origin, hub_origin) == 0 ? CS_LINK_HOSTED : cls;
    rc = e.to && e.origin && e.via && (e.detail || !detail) ? cs_hubout_edge(o, &e) : CS_E_NOMEM;
    if (rc == CS_OK && e.link == CS_LINK_DATA)
        rc = cs_hubout_follow(o, 'W', u.url, "", u.url);
    cs_url_release(&u);
    return rc;
}

/* The node of the card, with what the listing said of it. */
int cs_hubout_entry_node(const char *entry, char *f[4], bool model, struct cs_hubout *o)
{
    o->put_node = true;
    o->entry = entry;
    o->node_kind = model ? CS_NODE_MODEL : CS_NODE_DATASET;
    o->node = model ? cs_lineage_model_node(f[1]) : cs_lineage_dataset_node(f[1]);
    o->sha = *f[2] ? cs_strdup(f[2]) : NULL;
    o->last_modified = *f[3] ? cs_strdup(f[3]) : NULL;
    return o->node && (o->sha || !*f[2]) && (o->last_modified || !*f[3]) ? CS_OK : CS_E_NOMEM;
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
        struct cs_graph_node_info seen = { .entry = "hub:listing",
                                           .entry_if_none = true,
                                           .seen_at = now };
        rc = cs_graph_put_node(b, out->listed_kind, out->listed[i], &seen);
        if (rc == CS_OK) /* listed in this run: not gone (cs_hubwork_gone) */
            rc = cs_store_run_mark(b, run, 'N', out->listed[i]);
    }
    if (rc == CS_OK && out->put_node) {
        struct cs_graph_node_info info = { .sha = out->sha,
                                           .last_modified = out->last_modified,
                                           .license = out->license,
                                           .entry = out->entry,
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

/* ---- repositories that disappeared --------------------------------------------------------- */

struct gone_scan {
    enum cs_node_kind kind;
    char **names;
    size_t n;
};

/* A node the Hub listed before (entry "hub:..."), not gone yet: a candidate. Whether this run
 * listed it is asked after the scan: a store read inside the scan's read transaction could
 * wait on a map resize that waits for that very transaction. */
static int note_gone(const struct cs_graph_node *n, void *ctx)
{
    struct gone_scan *g = ctx;
    enum cs_node_kind kind;
    char **grown;

    if (n->gone_at || !n->entry || strncmp(n->entry, "hub:", 4) != 0 ||
        !cs_lineage_hub_node(n->name, &kind, NULL) || kind != g->kind)
        return CS_OK;
    grown = realloc(g->names, (g->n + 1) * sizeof(*grown));
    if (!grown)
        return CS_E_NOMEM;
    g->names = grown;
    g->names[g->n] = cs_strdup(n->name);
    return g->names[g->n++] ? CS_OK : CS_E_NOMEM;
}

int cs_hubwork_gone(struct cs_store *st, uint64_t run, enum cs_node_kind kind, int64_t now,
                    size_t *marked)
{
    struct gone_scan g = { kind, NULL, 0 };
    struct cs_store_batch *b = NULL;
    int rc = cs_graph_nodes(st, kind, note_gone, &g);

    *marked = 0;
    if (rc == CS_OK && g.n > 0)
        rc = cs_store_batch_begin(st, &b);
    for (size_t i = 0; rc == CS_OK && i < g.n; i++) {
        bool listed = false;
        if (cs_store_frontier_seen(st, run, 'N', g.names[i], &listed) != CS_OK || listed)
            continue;
        rc = cs_graph_mark_gone(b, kind, g.names[i], now);
        ++*marked;
    }
    if (b)
        rc = rc == CS_OK ? cs_store_batch_commit(b, NULL) : (cs_store_batch_abort(b), rc);
    if (rc != CS_OK)
        *marked = 0;
    for (size_t i = 0; i < g.n; i++)
        free(g.names[i]);
    free(g.names);
    return rc;
}
