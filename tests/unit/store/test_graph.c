/* SPDX-License-Identifier: MIT
 * test_graph.c - the lineage graph in the store (store/graph.h, issue 4): nodes, edges with
 * where they came from, atomic replacement with the reverse index, reverse lookups, the
 * backward walk (reaching rule, data-only, cycles), long names, gone nodes, a replayed batch,
 * a squeezed map, and stores made before the graph existed.
 */
#include "cs_setup.h"

#include "cs_err.h"
#include "graph.h"
#include "store.h"
#include "testlib.h"

#include "raw_lmdb.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DS_WEB     "hf:datasets/org/web"
#define DS_UP      "hf:datasets/org/upstream"
#define URL_A      "https://a.example/data.tar"
#define URL_HOME   "https://a.example/"
#define URL_PAPER  "https://arxiv.example/abs/1"
#define ORIGIN_A   "https://a.example"
#define ORIGIN_ARX "https://arxiv.example"

static char *make_tmp(void)
{
    char tmpl[] = "/tmp/cs_test_graph_XXXXXX";
    char *dir = mkdtemp(tmpl);

    return dir ? strdup(dir) : NULL;
}

static struct cs_store *open_rw(const char *dir)
{
    struct cs_store *st = NULL;

    return cs_store_open(dir, 0, &st, NULL) == CS_OK ? st : NULL;
}

/* ---- collecting edges and walks --------------------------------------------------------- */

struct seen {
    int n;
    char text[16][600]; /* "edge from > to [links]" */
};

static int note_edge(const struct cs_graph_edge_view *e, void *ctx)
{
    struct seen *s = ctx;
    size_t len;

    if (s->n >= 16)
        return CS_E_LIMIT;
    len = (size_t)snprintf(s->text[s->n], sizeof(s->text[0]), "%s %.200s > %.200s%s [",
                           cs_edge_kind_name(e->kind), e->from, e->to, e->data ? " data" : "");
    for (size_t i = 0; i < e->n_links && len < sizeof(s->text[0]); i++)
        len += (size_t)snprintf(
            s->text[s->n] + len, sizeof(s->text[0]) - len, "%s%s:%s:%s", i ? " " : "",
            e->links[i].has_class ? cs_link_class_name(e->links[i].link) : "-",
            e->links[i].via ? e->links[i].via : "-", e->links[i].detail ? e->links[i].detail : "-");
    if (len < sizeof(s->text[0]))
        snprintf(s->text[s->n] + len, sizeof(s->text[0]) - len, "]");
    s->n++;
    return CS_OK;
}

static struct seen out_of(struct cs_store *st, enum cs_node_kind k, const char *name)
{
    struct seen s = { 0 };

    CS_CHECK_INT_EQ(cs_graph_out(st, k, name, note_edge, &s), CS_OK);
    return s;
}

static struct seen in_of(struct cs_store *st, enum cs_node_kind k, const char *name)
{
    struct seen s = { 0 };

    CS_CHECK_INT_EQ(cs_graph_in(st, k, name, note_edge, &s), CS_OK);
    return s;
}

static bool has(const struct seen *s, const char *text)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->text[i], text) == 0)
            return true;
    return false;
}

static int note_reach(enum cs_node_kind kind, const char *name, int depth, void *ctx)
{
    struct seen *s = ctx;

    if (s->n >= 16)
        return CS_E_LIMIT;
    snprintf(s->text[s->n++], sizeof(s->text[0]), "%s %s %d", cs_node_kind_name(kind), name, depth);
    return CS_OK;
}

static struct seen reaching(struct cs_store *st, enum cs_node_kind k, const char *name,
                            bool data_only, int max_depth)
{
    struct seen s = { 0 };

    CS_CHECK_INT_EQ(cs_graph_reaching(st, k, name, data_only, max_depth, note_reach, &s), CS_OK);
    return s;
}

/* ---- writing helpers -------------------------------------------------------------------- */

static int commit(struct cs_store_batch *b)
{
    return cs_store_batch_commit(b, NULL);
}

static int replace(struct cs_store *st, enum cs_node_kind k, const char *from,
                   const struct cs_graph_edge *e, size_t n, int64_t now)
{
    struct cs_store_batch *b = NULL;
    int rc = cs_store_batch_begin(st, &b);

    if (rc == CS_OK)
        rc = cs_graph_replace_edges(b, k, from, e, n, now);
    if (rc != CS_OK) {
        cs_store_batch_abort(b);
        return rc;
    }
    return commit(b);
}

static int replace_scoped(struct cs_store *st, const char *from, const char *scope,
                          const struct cs_graph_edge *e, size_t n, int64_t now)
{
    struct cs_store_batch *b = NULL;
    int rc = cs_store_batch_begin(st, &b);

    if (rc == CS_OK)
        rc = cs_graph_replace_edges_scoped(b, CS_NODE_DATASET, from, scope, e, n, now);
    if (rc != CS_OK) {
        cs_store_batch_abort(b);
        return rc;
    }
    return commit(b);
}

static const struct cs_graph_edge web_edges[] = {
    { CS_EDGE_DERIVED_FROM, CS_NODE_DATASET, DS_UP, CS_LINK_OTHER, "card:source_datasets", NULL,
      NULL },
    { CS_EDGE_LINKS_TO, CS_NODE_SOURCE, URL_A, CS_LINK_DATA, "croissant:contentUrl", NULL,
      ORIGIN_A },
    { CS_EDGE_LINKS_TO, CS_NODE_SOURCE, URL_PAPER, CS_LINK_PAPER, "card:body", NULL, ORIGIN_ARX },
    /* the same URL through a second field: one edge, two links */
    { CS_EDGE_LINKS_TO, CS_NODE_SOURCE, URL_A, CS_LINK_DATA, "card:configs.data_files", NULL,
      ORIGIN_A },
    { CS_EDGE_LINKS_TO, CS_NODE_SOURCE, URL_HOME, CS_LINK_HOMEPAGE, "card:homepage", NULL,
      ORIGIN_A },
    /* an exact duplicate merges away */
    { CS_EDGE_LINKS_TO, CS_NODE_SOURCE, URL_A, CS_LINK_DATA, "croissant:contentUrl", NULL,
      ORIGIN_A },
};

/* ---- tests ------------------------------------------------------------------------------ */

static void test_nodes(struct cs_store *st)
{
    struct cs_graph_node_info info = { .sha = "abc",
                                       .last_modified = "2026-01-02T03:04:05.000Z",
                                       .title = "Web",
                                       .entry = "hub:api",
                                       .fetched_at = 50,
                                       .seen_at = 40 };
    struct cs_store_batch *b = NULL;
    struct cs_graph_node *n = NULL;

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_graph_put_node(b, CS_NODE_DATASET, DS_WEB, &info), CS_OK);
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    /* an upsert: a later sight keeps first_seen and the fields it does not set */
    info = (struct cs_graph_node_info){ .sha = "def", .license = "mit", .seen_at = 90 };
    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_graph_put_node(b, CS_NODE_DATASET, DS_WEB, &info), CS_OK);
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    CS_CHECK_INT_EQ(cs_graph_get_node(st, CS_NODE_DATASET, DS_WEB, &n), CS_OK);
    if (n) {
        CS_CHECK_INT_EQ(n->kind, CS_NODE_DATASET);
        CS_CHECK_STR_EQ(n->name, DS_WEB);
        CS_CHECK_STR_EQ(n->sha, "def");
        CS_CHECK_STR_EQ(n->last_modified, "2026-01-02T03:04:05.000Z");
        CS_CHECK_STR_EQ(n->title, "Web");
        CS_CHECK_STR_EQ(n->license, "mit");
        CS_CHECK_STR_EQ(n->entry, "hub:api");
        CS_CHECK_INT_EQ(n->first_seen, 40);
        CS_CHECK_INT_EQ(n->fetched_at, 50);
        CS_CHECK_INT_EQ(n->gone_at, 0);
    }
    cs_graph_node_free(n);
    /* the kind is part of the key: a model of the same name is another node */
    CS_CHECK_INT_EQ(cs_graph_get_node(st, CS_NODE_MODEL, DS_WEB, &n), CS_E_NOTFOUND);
    CS_CHECK(n == NULL);
}

/* Puts one node write of name (sha and entry) in its own batch. */
static int put_entry(struct cs_store *st, const char *name, const char *sha, const char *entry)
{
    struct cs_graph_node_info info = { .sha = sha, .entry = entry, .fetched_at = 7, .seen_at = 7 };
    struct cs_store_batch *b = NULL;
    int rc = cs_store_batch_begin(st, &b);

    if (rc == CS_OK)
        rc = cs_graph_put_node(b, CS_NODE_DATASET, name, &info);
    if (rc != CS_OK) {
        cs_store_batch_abort(b);
        return rc;
    }
    return commit(b);
}

/* The stored entry and sha of name, as "ENTRY@SHA" ("-" for NULL). */
static void entry_is(struct cs_store *st, const char *name, const char *want)
{
    struct cs_graph_node *n = NULL;
    char got[128] = "absent";

    if (cs_graph_get_node(st, CS_NODE_DATASET, name, &n) == CS_OK)
        snprintf(got, sizeof(got), "%s@%s", n->entry ? n->entry : "-", n->sha ? n->sha : "-");
    CS_CHECK_STR_EQ(got, want);
    cs_graph_node_free(n);
}

/* "+READER" entries (graph.h): added once, for the stored revision only; a new card write
 * starts the list again. */
static void test_readers(struct cs_store *st)
{
    const char *ds = "hf:datasets/org/readers";

    CS_CHECK_INT_EQ(put_entry(st, ds, "s1", "hub:card"), CS_OK);
    CS_CHECK_INT_EQ(put_entry(st, ds, "s1", "+viewer"), CS_OK);
    entry_is(st, ds, "hub:card+viewer@s1");
    CS_CHECK_INT_EQ(put_entry(st, ds, "s1", "+viewer"), CS_OK); /* there already */
    CS_CHECK_INT_EQ(put_entry(st, ds, NULL, "+croissant"), CS_OK);
    entry_is(st, ds, "hub:card+viewer+croissant@s1");
    /* "+view" is not "+viewer": a reader is a whole part */
    CS_CHECK_INT_EQ(put_entry(st, ds, "s1", "+view"), CS_OK);
    entry_is(st, ds, "hub:card+viewer+croissant+view@s1");
    /* an answer for an older revision adds nothing and changes no sha */
    CS_CHECK_INT_EQ(put_entry(st, ds, "s2", "hub:card"), CS_OK);
    CS_CHECK_INT_EQ(put_entry(st, ds, "s1", "+viewer"), CS_OK);
    entry_is(st, ds, "hub:card@s2");
    /* a listing's sight of a node keeps what its readers recorded; a new node gets it */
    {
        struct cs_graph_node_info seen = { .entry = "hub:listing", .entry_if_none = true };
        struct cs_store_batch *b = NULL;
        CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
        CS_CHECK_INT_EQ(cs_graph_put_node(b, CS_NODE_DATASET, ds, &seen), CS_OK);
        CS_CHECK_INT_EQ(cs_graph_put_node(b, CS_NODE_DATASET, "hf:datasets/org/listed", &seen),
                        CS_OK);
        CS_CHECK_INT_EQ(commit(b), CS_OK);
        entry_is(st, ds, "hub:card@s2");
        entry_is(st, "hf:datasets/org/listed", "hub:listing@-");
    }
    /* a reader's answer for a node never read: no revision, no entry */
    CS_CHECK_INT_EQ(put_entry(st, "hf:datasets/org/unread", "s1", "+viewer"), CS_OK);
    entry_is(st, "hf:datasets/org/unread", "-@-");
}

static void test_edges(struct cs_store *st)
{
    struct cs_graph_node *n = NULL;
    struct seen s;

    CS_CHECK_INT_EQ(replace(st, CS_NODE_DATASET, DS_WEB, web_edges, CS_ARRAY_LEN(web_edges), 100),
                    CS_OK);
    s = out_of(st, CS_NODE_DATASET, DS_WEB);
    CS_CHECK_INT_EQ(s.n, 4);
    CS_CHECK(has(&s, "derived_from " DS_WEB " > " DS_UP " [-:card:source_datasets:-]"));
    CS_CHECK(has(&s, "links_to " DS_WEB " > " URL_A
                     " data [data:card:configs.data_files:- data:croissant:contentUrl:-]"));
    CS_CHECK(has(&s, "links_to " DS_WEB " > " URL_PAPER " [paper:card:body:-]"));
    CS_CHECK(has(&s, "links_to " DS_WEB " > " URL_HOME " [homepage:card:homepage:-]"));

    /* reverse lookups: who uses this URL, this origin, this dataset */
    s = in_of(st, CS_NODE_SOURCE, URL_A);
    CS_CHECK_INT_EQ(s.n, 1);
    CS_CHECK(s.n == 1 && strncmp(s.text[0], "links_to " DS_WEB " > " URL_A " data", 40) == 0);
    s = in_of(st, CS_NODE_ORIGIN, ORIGIN_A);
    CS_CHECK_INT_EQ(s.n, 2);
    CS_CHECK(has(&s, "at_origin " URL_A " > " ORIGIN_A " []"));
    CS_CHECK(has(&s, "at_origin " URL_HOME " > " ORIGIN_A " []"));
    s = in_of(st, CS_NODE_DATASET, DS_UP);
    CS_CHECK_INT_EQ(s.n, 1);

    /* targets were made, sources with their origin */
    CS_CHECK_INT_EQ(cs_graph_get_node(st, CS_NODE_SOURCE, URL_A, &n), CS_OK);
    CS_CHECK(n && n->origin && strcmp(n->origin, ORIGIN_A) == 0);
    CS_CHECK(n && n->first_seen == 100);
    cs_graph_node_free(n);
    CS_CHECK_INT_EQ(cs_graph_get_node(st, CS_NODE_DATASET, DS_UP, &n), CS_OK);
    cs_graph_node_free(n);
    CS_CHECK_INT_EQ(cs_graph_get_node(st, CS_NODE_ORIGIN, ORIGIN_A, &n), CS_OK);
    cs_graph_node_free(n);
}

/* Replay of the same batch (a resumed crawl): the same graph, first_seen kept. */
static void test_idempotent(struct cs_store *st)
{
    struct seen s1 = out_of(st, CS_NODE_DATASET, DS_WEB);
    struct seen s2;

    CS_CHECK_INT_EQ(replace(st, CS_NODE_DATASET, DS_WEB, web_edges, CS_ARRAY_LEN(web_edges), 200),
                    CS_OK);
    s2 = out_of(st, CS_NODE_DATASET, DS_WEB);
    CS_CHECK_INT_EQ(s1.n, s2.n);
    for (int i = 0; i < s1.n && i < s2.n; i++)
        CS_CHECK_STR_EQ(s1.text[i], s2.text[i]);
    CS_CHECK_INT_EQ(in_of(st, CS_NODE_ORIGIN, ORIGIN_A).n, 2);
    CS_CHECK_INT_EQ(in_of(st, CS_NODE_SOURCE, URL_A).n, 1);
}

struct first_seen_ctx {
    const char *to;
    int64_t first_seen;
};

static int find_first_seen(const struct cs_graph_edge_view *e, void *ctx)
{
    struct first_seen_ctx *c = ctx;

    if (strcmp(e->to, c->to) == 0)
        c->first_seen = e->first_seen;
    return CS_OK;
}

/* A changed card: old edges and their reverse entries go; a kept edge keeps first_seen. */
static void test_replace(struct cs_store *st)
{
    static const struct cs_graph_edge next[] = {
        { CS_EDGE_LINKS_TO, CS_NODE_SOURCE, URL_A, CS_LINK_DATA, "croissant:contentUrl", NULL,
          ORIGIN_A },
        { CS_EDGE_LINKS_TO, CS_NODE_SOURCE, "https://b.example/x", CS_LINK_DATA, "rows:sample",
          NULL, "https://b.example" },
    };
    struct first_seen_ctx fs = { URL_A, 0 };
    struct seen s;

    CS_CHECK_INT_EQ(replace(st, CS_NODE_DATASET, DS_WEB, next, CS_ARRAY_LEN(next), 300), CS_OK);
    s = out_of(st, CS_NODE_DATASET, DS_WEB);
    CS_CHECK_INT_EQ(s.n, 2);
    CS_CHECK(has(&s, "links_to " DS_WEB " > " URL_A " data [data:croissant:contentUrl:-]"));
    CS_CHECK(has(&s, "links_to " DS_WEB " > https://b.example/x data [data:rows:sample:-]"));
    CS_CHECK_INT_EQ(in_of(st, CS_NODE_DATASET, DS_UP).n, 0);
    CS_CHECK_INT_EQ(in_of(st, CS_NODE_SOURCE, URL_PAPER).n, 0);
    CS_CHECK_INT_EQ(in_of(st, CS_NODE_SOURCE, URL_HOME).n, 0);
    CS_CHECK_INT_EQ(in_of(st, CS_NODE_SOURCE, URL_A).n, 1);
    CS_CHECK_INT_EQ(cs_graph_out(st, CS_NODE_DATASET, DS_WEB, find_first_seen, &fs), CS_OK);
    CS_CHECK_INT_EQ(fs.first_seen, 100);
    fs.to = "https://b.example/x";
    CS_CHECK_INT_EQ(cs_graph_out(st, CS_NODE_DATASET, DS_WEB, find_first_seen, &fs), CS_OK);
    CS_CHECK_INT_EQ(fs.first_seen, 300);

    /* no edge at all */
    CS_CHECK_INT_EQ(replace(st, CS_NODE_DATASET, DS_UP, NULL, 0, 300), CS_OK);
    CS_CHECK_INT_EQ(out_of(st, CS_NODE_DATASET, DS_UP).n, 0);
}

/* A failed commit leaves the old edges: nothing of the batch is written. */
/* Two readers of one dataset (the card and its Croissant file): each replaces only the links
 * that came its way; an edge both found keeps the other's link. */
static void test_scoped(struct cs_store *st)
{
#define TWO "hf:datasets/acme/two-readers"
    static const char ds[] = TWO;
    static const struct cs_graph_edge card[] = {
        { CS_EDGE_LINKS_TO, CS_NODE_SOURCE, URL_A, CS_LINK_DATA, "card:body", NULL, ORIGIN_A },
        { CS_EDGE_LINKS_TO, CS_NODE_SOURCE, URL_HOME, CS_LINK_HOMEPAGE, "card:homepage", NULL,
          ORIGIN_A },
    };
    static const struct cs_graph_edge cro[] = {
        { CS_EDGE_LINKS_TO, CS_NODE_SOURCE, URL_A, CS_LINK_DATA, "croissant:contentUrl", NULL,
          ORIGIN_A },
        { CS_EDGE_DERIVED_FROM, CS_NODE_DATASET, DS_UP, CS_LINK_OTHER,
          "croissant:prov:wasDerivedFrom", NULL, NULL },
    };
    struct seen s;

    CS_CHECK_INT_EQ(replace_scoped(st, ds, "card:", card, 2, 400), CS_OK);
    CS_CHECK_INT_EQ(replace_scoped(st, ds, "croissant:", cro, 2, 401), CS_OK);
    s = out_of(st, CS_NODE_DATASET, ds);
    CS_CHECK_INT_EQ(s.n, 3);
    CS_CHECK(has(&s, "links_to " TWO " > " URL_A
                     " data [data:card:body:- data:croissant:contentUrl:-]"));
    /* the card changes: its homepage link goes, the Croissant's links stay */
    CS_CHECK_INT_EQ(replace_scoped(st, ds, "card:", card, 1, 402), CS_OK);
    s = out_of(st, CS_NODE_DATASET, ds);
    CS_CHECK_INT_EQ(s.n, 2);
    CS_CHECK(!has(&s, "links_to " TWO " > " URL_HOME " [homepage:card:homepage:-]"));
    /* the card no longer names URL_A: the edge stays through the Croissant file alone */
    CS_CHECK_INT_EQ(replace_scoped(st, ds, "card:", NULL, 0, 403), CS_OK);
    s = out_of(st, CS_NODE_DATASET, ds);
    CS_CHECK_INT_EQ(s.n, 2);
    CS_CHECK(has(&s, "links_to " TWO " > " URL_A " data [data:croissant:contentUrl:-]"));
    CS_CHECK(has(&s, "derived_from " TWO " > " DS_UP " [-:croissant:prov:wasDerivedFrom:-]"));
    /* and goes with the Croissant file */
    CS_CHECK_INT_EQ(replace_scoped(st, ds, "croissant:", NULL, 0, 404), CS_OK);
    CS_CHECK_INT_EQ(out_of(st, CS_NODE_DATASET, ds).n, 0);
    /* a new link outside the scope it replaces is refused */
    CS_CHECK_INT_EQ(replace_scoped(st, ds, "card:", cro, 1, 405), CS_E_INVALID);
#undef TWO
}

static void test_atomic(struct cs_store *st)
{
    static const struct cs_graph_edge e[] = {
        { CS_EDGE_LINKS_TO, CS_NODE_SOURCE, "https://c.example/", CS_LINK_DATA, "rows:sample", NULL,
          "https://c.example" },
    };
    struct cs_store_batch *b = NULL;

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_graph_replace_edges(b, CS_NODE_DATASET, DS_WEB, e, 1, 400), CS_OK);
    cs_store_batch_abort(b);
    CS_CHECK_INT_EQ(out_of(st, CS_NODE_DATASET, DS_WEB).n, 2);
    CS_CHECK_INT_EQ(in_of(st, CS_NODE_SOURCE, "https://c.example/").n, 0);
}

static void test_invalid(struct cs_store *st)
{
    struct cs_graph_edge bad[] = {
        { CS_EDGE_TRAINED_ON, CS_NODE_DATASET, DS_UP, CS_LINK_OTHER, "x", NULL, NULL },
    };
    struct cs_graph_node_info info = { .seen_at = 1 };
    struct cs_store_batch *b = NULL;

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    /* trained_on leaves a model, not a dataset */
    CS_CHECK_INT_EQ(cs_graph_replace_edges(b, CS_NODE_DATASET, DS_WEB, bad, 1, 1), CS_E_INVALID);
    bad[0].kind = CS_EDGE_AT_ORIGIN; /* the store's own */
    CS_CHECK_INT_EQ(cs_graph_replace_edges(b, CS_NODE_DATASET, DS_WEB, bad, 1, 1), CS_E_INVALID);
    bad[0].kind = CS_EDGE_LINKS_TO;
    bad[0].to_kind = CS_NODE_SOURCE;
    bad[0].link = CS_LINK__COUNT;
    CS_CHECK_INT_EQ(cs_graph_replace_edges(b, CS_NODE_DATASET, DS_WEB, bad, 1, 1), CS_E_INVALID);
    bad[0].link = CS_LINK_DATA;
    bad[0].to = "";
    CS_CHECK_INT_EQ(cs_graph_replace_edges(b, CS_NODE_DATASET, DS_WEB, bad, 1, 1), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_graph_put_node(b, CS_NODE_DATASET, "name:\xff\xfe", &info), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_graph_put_node(b, CS_NODE__COUNT, "x", &info), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_graph_put_node(b, CS_NODE_DATASET, "", &info), CS_E_INVALID);
    CS_CHECK_INT_EQ(commit(b), CS_OK); /* nothing queued */
}

/* URLs longer than LMDB's 511-byte key limit are nodes like any other. */
static void test_long_names(struct cs_store *st)
{
    char url[2048];
    struct cs_graph_edge e = { CS_EDGE_LINKS_TO,       CS_NODE_SOURCE, url,     CS_LINK_DATA,
                               "croissant:contentUrl", NULL,           ORIGIN_A };
    struct cs_graph_node *n = NULL;
    struct seen s;

    memcpy(url, "https://a.example/", 18);
    memset(url + 18, 'x', sizeof(url) - 19);
    url[sizeof(url) - 1] = '\0';
    CS_CHECK_INT_EQ(replace(st, CS_NODE_DATASET, "hf:datasets/long", &e, 1, 10), CS_OK);
    CS_CHECK_INT_EQ(cs_graph_get_node(st, CS_NODE_SOURCE, url, &n), CS_OK);
    CS_CHECK(n && strcmp(n->name, url) == 0);
    cs_graph_node_free(n);
    s = in_of(st, CS_NODE_SOURCE, url);
    CS_CHECK_INT_EQ(s.n, 1);
    /* a name one byte different is another node */
    url[100] = 'y';
    CS_CHECK_INT_EQ(cs_graph_get_node(st, CS_NODE_SOURCE, url, &n), CS_E_NOTFOUND);
    CS_CHECK_INT_EQ(in_of(st, CS_NODE_SOURCE, url).n, 0);
}

static void test_gone(struct cs_store *st)
{
    struct cs_graph_node_info info = { .sha = "s2", .seen_at = 600, .fetched_at = 600 };
    struct cs_store_batch *b = NULL;
    struct cs_graph_node *n = NULL;

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_graph_mark_gone(b, CS_NODE_DATASET, DS_WEB, 500), CS_OK);
    CS_CHECK_INT_EQ(cs_graph_mark_gone(b, CS_NODE_MODEL, "hf:models/never-seen", 500), CS_OK);
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    CS_CHECK_INT_EQ(cs_graph_get_node(st, CS_NODE_DATASET, DS_WEB, &n), CS_OK);
    CS_CHECK(n && n->gone_at == 500 && n->first_seen == 40 && strcmp(n->sha, "def") == 0);
    cs_graph_node_free(n);
    CS_CHECK_INT_EQ(out_of(st, CS_NODE_DATASET, DS_WEB).n, 2); /* the lineage stays */
    CS_CHECK_INT_EQ(cs_graph_get_node(st, CS_NODE_MODEL, "hf:models/never-seen", &n), CS_OK);
    CS_CHECK(n && n->gone_at == 500 && n->first_seen == 500);
    cs_graph_node_free(n);
    /* seen again */
    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_graph_put_node(b, CS_NODE_DATASET, DS_WEB, &info), CS_OK);
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    CS_CHECK_INT_EQ(cs_graph_get_node(st, CS_NODE_DATASET, DS_WEB, &n), CS_OK);
    CS_CHECK(n && n->gone_at == 0 && n->fetched_at == 600 && strcmp(n->sha, "s2") == 0);
    cs_graph_node_free(n);
}

/* The reaching rule, walked backwards from a source and an origin, through a cycle. */
static void test_reaching(struct cs_store *st)
{
    struct cs_graph_edge d1[] = {
        { CS_EDGE_LINKS_TO, CS_NODE_SOURCE, "https://r.example/w", CS_LINK_DATA, "rows:sample",
          NULL, "https://r.example" },
        { CS_EDGE_LINKS_TO, CS_NODE_SOURCE, "https://r.example/", CS_LINK_HOMEPAGE, "card:homepage",
          NULL, "https://r.example" },
        { CS_EDGE_DERIVED_FROM, CS_NODE_DATASET, "hf:datasets/d2", CS_LINK_OTHER, "x", NULL, NULL },
    };
    struct cs_graph_edge d2 = { CS_EDGE_DERIVED_FROM,
                                CS_NODE_DATASET,
                                "hf:datasets/d1",
                                CS_LINK_OTHER,
                                "card:source_datasets",
                                NULL,
                                NULL };
    struct cs_graph_edge m = { CS_EDGE_TRAINED_ON,
                               CS_NODE_DATASET,
                               "hf:datasets/d2",
                               CS_LINK_OTHER,
                               "card:datasets",
                               NULL,
                               NULL };
    struct cs_graph_edge m2 = { CS_EDGE_BASE_MODEL, CS_NODE_MODEL, "hf:models/m", CS_LINK_OTHER,
                                "card:base_model",  "finetune",    NULL };
    struct cs_graph_edge m3 = {
        CS_EDGE_BASE_MODEL, CS_NODE_MODEL, "hf:models/m2", CS_LINK_OTHER, "card:base_model",
        "quantized",        NULL
    };
    struct seen s;

    CS_CHECK_INT_EQ(replace(st, CS_NODE_DATASET, "hf:datasets/d1", d1, 3, 1), CS_OK);
    CS_CHECK_INT_EQ(replace(st, CS_NODE_DATASET, "hf:datasets/d2", &d2, 1, 1), CS_OK); /* cycle */
    CS_CHECK_INT_EQ(replace(st, CS_NODE_MODEL, "hf:models/m", &m, 1, 1), CS_OK);
    CS_CHECK_INT_EQ(replace(st, CS_NODE_MODEL, "hf:models/m2", &m2, 1, 1), CS_OK);
    CS_CHECK_INT_EQ(replace(st, CS_NODE_MODEL, "hf:models/m3", &m3, 1, 1), CS_OK);

    s = reaching(st, CS_NODE_SOURCE, "https://r.example/w", true, 0);
    CS_CHECK_INT_EQ(s.n, 5);
    CS_CHECK(has(&s, "dataset hf:datasets/d1 1"));
    CS_CHECK(has(&s, "dataset hf:datasets/d2 2"));
    CS_CHECK(has(&s, "model hf:models/m 3"));
    CS_CHECK(has(&s, "model hf:models/m2 4"));
    CS_CHECK(has(&s, "model hf:models/m3 5"));
    /* from the origin: one more step */
    s = reaching(st, CS_NODE_ORIGIN, "https://r.example", true, 0);
    CS_CHECK_INT_EQ(s.n, 5);
    CS_CHECK(has(&s, "dataset hf:datasets/d1 2"));
    /* a depth limit */
    s = reaching(st, CS_NODE_ORIGIN, "https://r.example", true, 3);
    CS_CHECK_INT_EQ(s.n, 2);
    /* a homepage link reaches nothing for flagging, everything otherwise */
    CS_CHECK_INT_EQ(reaching(st, CS_NODE_SOURCE, "https://r.example/", true, 0).n, 0);
    CS_CHECK_INT_EQ(reaching(st, CS_NODE_SOURCE, "https://r.example/", false, 0).n, 5);
    /* the fine-tuned model does not reach back to what its base's users were trained on */
    CS_CHECK_INT_EQ(reaching(st, CS_NODE_MODEL, "hf:models/m2", true, 0).n, 1);
    CS_CHECK_INT_EQ(reaching(st, CS_NODE_SOURCE, "https://nowhere.example/", true, 0).n, 0);
}

static int count_edge(const struct cs_graph_edge_view *e, void *ctx)
{
    (void)e;
    (*(int *)ctx)++;
    return CS_OK;
}

/* A batch bigger than the squeezed map: grown and applied again, the graph complete. */
static void test_map_full(struct cs_store *st)
{
    struct cs_graph_edge e[200];
    char urls[200][64];
    struct cs_store_batch *b = NULL;
    int failed = 0;
    int count = 0;

    CS_CHECK_INT_EQ(cs_store_debug_set_mapsize(st, 4096), CS_OK);
    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    for (int d = 0; d < 20; d++) {
        char ds[64];

        for (int i = 0; i < 200; i++) {
            snprintf(urls[i], sizeof(urls[i]), "https://big%d.example/%d", i % 7, i);
            e[i] = (struct cs_graph_edge){ CS_EDGE_LINKS_TO, CS_NODE_SOURCE, urls[i], CS_LINK_DATA,
                                           "rows:sample",    NULL,           NULL };
        }
        snprintf(ds, sizeof(ds), "hf:datasets/big%d", d);
        failed += cs_graph_replace_edges(b, CS_NODE_DATASET, ds, e, 200, 7) != CS_OK;
    }
    CS_CHECK_INT_EQ(failed, 0);
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    CS_CHECK_INT_EQ(cs_graph_in(st, CS_NODE_SOURCE, "https://big3.example/3", count_edge, &count),
                    CS_OK);
    CS_CHECK_INT_EQ(count, 20);
}

static int count_node(const struct cs_graph_node *n, void *ctx)
{
    int *c = ctx;

    c[0]++;
    c[1] += n->origin != NULL;
    return c[0] >= 1000 ? CS_E_LIMIT : CS_OK;
}

/* Every node of a kind: what the crawl checks after reading the cards. */
static void test_nodes_of_kind(struct cs_store *st)
{
    int c[2] = { 0, 0 };

    CS_CHECK_INT_EQ(cs_graph_nodes(st, CS_NODE_MODEL, count_node, c), CS_OK);
    CS_CHECK_INT_EQ(c[0], 4); /* never-seen, m, m2, m3 */
    c[0] = c[1] = 0;
    CS_CHECK_INT_EQ(cs_graph_nodes(st, CS_NODE_ORIGIN, count_node, c), CS_OK);
    CS_CHECK_INT_EQ(c[0], 4); /* a, arxiv, b, r .example */
    c[0] = c[1] = 0;
    CS_CHECK_INT_EQ(cs_graph_nodes(st, CS_NODE_SOURCE, count_node, c), CS_OK);
    CS_CHECK_INT_EQ(c[0], 207); /* 7 with an origin, 200 without (test_map_full) */
    CS_CHECK_INT_EQ(c[1], 7);
    c[0] = 999;
    CS_CHECK_INT_EQ(cs_graph_nodes(st, CS_NODE_SOURCE, count_node, c), CS_E_LIMIT);
    CS_CHECK_INT_EQ(cs_graph_nodes(st, CS_NODE__COUNT, count_node, c), CS_E_INVALID);
}

/* A store made before the graph: read-only it reads as empty, read-write it gains the graph. */
static void test_old_store(const char *dir)
{
    static const char *const dbs[] = { "nodes", "edges_out", "edges_in" };
    struct cs_store_batch *b = NULL;
    struct cs_graph_node *n = NULL;
    struct cs_store *st = open_rw(dir);
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;
    MDB_dbi dbi;
    int rc = 0;

    CS_CHECK(st != NULL);
    cs_store_close(st);
    for (size_t i = 0; i < CS_ARRAY_LEN(dbs) && rc == 0; i++) {
        rc = raw_begin(dir, dbs[i], &env, &txn, &dbi);
        if (rc == 0)
            rc = raw_end(env, txn, mdb_drop(txn, dbi, 1));
    }
    CS_CHECK_INT_EQ(rc, 0);
    CS_CHECK_INT_EQ(cs_store_open(dir, CS_STORE_RDONLY, &st, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_graph_get_node(st, CS_NODE_DATASET, DS_WEB, &n), CS_E_NOTFOUND);
    CS_CHECK_INT_EQ(out_of(st, CS_NODE_DATASET, DS_WEB).n, 0);
    CS_CHECK_INT_EQ(in_of(st, CS_NODE_DATASET, DS_WEB).n, 0);
    CS_CHECK_INT_EQ(reaching(st, CS_NODE_SOURCE, URL_A, true, 0).n, 0);
    cs_store_close(st);
    st = open_rw(dir);
    CS_CHECK(st != NULL);
    if (!st)
        return;
    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_graph_replace_edges(b, CS_NODE_DATASET, DS_WEB, web_edges, 2, 1), CS_OK);
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    CS_CHECK_INT_EQ(out_of(st, CS_NODE_DATASET, DS_WEB).n, 2);
    cs_store_close(st);
}

static bool contains(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);

    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return true;
    return false;
}

/* Overwrites, behind the store's back, the node record holding needle with bytes that are no
 * record. Returns 0 when one was overwritten. */
static int corrupt_node(const char *dir, const char *needle)
{
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    MDB_val k;
    MDB_val v;
    char garbage[] = "\x01N\0\0{";
    MDB_val bad = { 5, garbage };
    MDB_dbi dbi;
    int rc = raw_begin(dir, "nodes", &env, &txn, &dbi);
    int found = -1;

    if (rc != 0)
        return rc;
    rc = mdb_cursor_open(txn, dbi, &cur);
    for (int op = MDB_FIRST; rc == 0; op = MDB_NEXT) {
        rc = mdb_cursor_get(cur, &k, &v, (MDB_cursor_op)op);
        if (rc == 0 && contains(v.mv_data, v.mv_size, needle)) {
            found = mdb_cursor_put(cur, &k, &bad, MDB_CURRENT);
            break;
        }
    }
    mdb_cursor_close(cur);
    raw_end(env, txn, found);
    return found;
}

static void test_malformed(const char *dir)
{
    struct cs_graph_node *n = NULL;
    struct cs_store *st = NULL;

    CS_CHECK_INT_EQ(corrupt_node(dir, DS_WEB), 0);
    CS_CHECK_INT_EQ(cs_store_open(dir, CS_STORE_RDONLY, &st, NULL), CS_OK);
    if (!st)
        return;
    CS_CHECK_INT_EQ(cs_graph_get_node(st, CS_NODE_DATASET, DS_WEB, &n), CS_E_STORE);
    CS_CHECK(n == NULL);
    /* its edges name a node that cannot be read */
    CS_CHECK_INT_EQ(cs_graph_in(st, CS_NODE_SOURCE, URL_A, count_edge, &(int){ 0 }), CS_E_STORE);
    cs_store_close(st);
}

int main(void)
{
    char *dir = make_tmp();
    char *old = make_tmp();
    struct cs_store *st = dir ? open_rw(dir) : NULL;

    CS_CHECK(st != NULL);
    if (st) {
        test_nodes(st);
        test_readers(st);
        test_edges(st);
        test_idempotent(st);
        test_replace(st);
        test_scoped(st);
        test_atomic(st);
        test_invalid(st);
        test_long_names(st);
        test_gone(st);
        test_reaching(st);
        test_map_full(st);
        test_nodes_of_kind(st);
        cs_store_close(st);
    }
    if (old) {
        test_old_store(old);
        test_malformed(old);
    }
    (void)raw_put; /* raw_lmdb.h's other helper */
    if (dir)
        cs_test_remove_tree(dir);
    if (old)
        cs_test_remove_tree(old);
    free(dir);
    free(old);
    return cs_test_done();
}
