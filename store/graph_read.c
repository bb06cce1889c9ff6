/* SPDX-License-Identifier: MIT
 * graph_read.c - reads of the lineage graph (graph.h): nodes, edges both ways, and the
 * backward walk to every dataset and model that reaches a node; plus the in-transaction
 * helpers the writes and the export share (graph_int.h).
 */
#include "cs_setup.h"

#include "cs_log.h"
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

int cs_graph_txn_get(struct cs_store *st, MDB_txn *txn, enum cs_db db, const void *key, size_t klen,
                     MDB_val *v)
{
    MDB_val k = { klen, (void *)(uintptr_t)key };
    MDB_dbi dbi;
    int rc;

    if (!cs_store_dbi(st, db, &dbi))
        return CS_E_NOTFOUND;
    rc = mdb_get(txn, dbi, &k, v);
    if (rc == MDB_SUCCESS)
        return CS_OK;
    if (rc == MDB_NOTFOUND)
        return CS_E_NOTFOUND;
    cs_log(CS_LOG_ERROR, "cannot read store '%s': %s", cs_store_dir(st), mdb_strerror(rc));
    return CS_E_STORE;
}

int cs_graph_txn_node(struct cs_store *st, MDB_txn *txn, const unsigned char *key, const char *name,
                      struct cs_graph_node **out)
{
    MDB_val v;
    int rc = cs_graph_txn_get(st, txn, CS_DB_NODES, key, CS_KEY_NODE_LEN, &v);

    *out = NULL;
    if (rc == CS_OK)
        rc = cs_graph_rec_decode_node(v.mv_data, v.mv_size, out);
    /* the key is a digest: the stored name settles a (theoretical) collision */
    if (rc == CS_OK && name && strcmp((*out)->name, name) != 0) {
        cs_graph_node_free(*out);
        *out = NULL;
        rc = CS_E_NOTFOUND;
    }
    return rc;
}

int cs_graph_txn_scan(struct cs_store *st, MDB_txn *txn, enum cs_db db, const void *prefix,
                      size_t plen, cs_graph_scan_fn *fn, void *ctx)
{
    MDB_cursor *cur = NULL;
    MDB_val k = { plen, (void *)(uintptr_t)prefix };
    MDB_val v;
    MDB_dbi dbi;
    int mrc;
    int rc = CS_OK;

    if (!cs_store_dbi(st, db, &dbi))
        return CS_OK; /* an older store opened read-only: no graph yet */
    mrc = mdb_cursor_open(txn, dbi, &cur);
    if (mrc == MDB_SUCCESS)
        mrc = mdb_cursor_get(cur, &k, &v, plen ? MDB_SET_RANGE : MDB_FIRST);
    while (mrc == MDB_SUCCESS && rc == CS_OK) {
        if (k.mv_size < plen || memcmp(k.mv_data, prefix, plen) != 0)
            break;
        rc = fn(&k, &v, ctx);
        if (rc == CS_OK)
            mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(cur);
    if (rc == CS_OK && mrc != MDB_SUCCESS && mrc != MDB_NOTFOUND) {
        cs_log(CS_LOG_ERROR, "cannot read store '%s': %s", cs_store_dir(st), mdb_strerror(mrc));
        rc = CS_E_STORE;
    }
    return rc;
}

/* Fills the view's links from the record. Returns owned array (free()) or NULL. */
static struct cs_graph_link *view_links(const struct cs_graph_rec_edge *rec)
{
    struct cs_graph_link *links = calloc(rec->n_links + 1, sizeof(*links));

    for (size_t i = 0; links && i < rec->n_links; i++) {
        links[i].via = rec->links[i].via;
        links[i].detail = rec->links[i].detail;
        links[i].has_class = rec->links[i].link >= 0;
        links[i].link = links[i].has_class ? (enum cs_link_class)rec->links[i].link : CS_LINK_OTHER;
    }
    return links;
}

int cs_graph_txn_edge(struct cs_store *st, MDB_txn *txn, const MDB_val *k, const MDB_val *v,
                      cs_graph_edge_fn *fn, void *ctx)
{
    const unsigned char *key = k->mv_data;
    struct cs_graph_rec_edge rec = { 0 };
    struct cs_graph_node *from = NULL;
    struct cs_graph_link *links = NULL;
    struct cs_graph_edge_view view;
    int rc;

    if (k->mv_size != CS_KEY_EDGE_LEN || key[0] >= CS_NODE__COUNT ||
        key[CS_KEY_NODE_LEN] >= CS_EDGE__COUNT || key[CS_KEY_NODE_LEN + 1] >= CS_NODE__COUNT)
        return CS_E_STORE;
    rc = cs_graph_rec_decode_edge(v->mv_data, v->mv_size, &rec);
    if (rc == CS_OK)
        rc = cs_graph_txn_node(st, txn, key, NULL, &from);
    if (rc == CS_E_NOTFOUND)
        rc = CS_E_STORE; /* an edge from a missing node */
    if (rc == CS_OK && !(links = view_links(&rec)))
        rc = CS_E_NOMEM;
    if (rc == CS_OK) {
        view.kind = (enum cs_edge_kind)key[CS_KEY_NODE_LEN];
        view.from_kind = (enum cs_node_kind)key[0];
        view.from = from->name;
        view.to_kind = (enum cs_node_kind)key[CS_KEY_NODE_LEN + 1];
        view.to = rec.to;
        view.data = cs_graph_rec_edge_data(&rec);
        view.first_seen = rec.first_seen;
        view.links = links;
        view.n_links = rec.n_links;
        rc = fn(&view, ctx);
    }
    free(links);
    cs_graph_node_free(from);
    cs_graph_rec_edge_release(&rec);
    return rc;
}

/* ---- public reads ------------------------------------------------------------------------ */

int cs_graph_get_node(struct cs_store *st, enum cs_node_kind kind, const char *name,
                      struct cs_graph_node **out)
{
    unsigned char key[CS_KEY_NODE_LEN];
    MDB_txn *txn = NULL;
    int rc;

    *out = NULL;
    if (!st)
        return CS_E_INVALID;
    rc = cs_graph_key(kind, name, key);
    if (rc != CS_OK)
        return rc;
    if (cs_st_txn_begin(st, MDB_RDONLY, &txn) != MDB_SUCCESS)
        return CS_E_STORE;
    rc = cs_graph_txn_node(st, txn, key, name, out);
    cs_st_txn_end(st, txn, false);
    return rc;
}

struct node_scan {
    cs_graph_node_fn *fn;
    void *ctx;
};

static int visit_node(const MDB_val *k, const MDB_val *v, void *arg)
{
    struct node_scan *s = arg;
    struct cs_graph_node *n = NULL;
    int rc = cs_graph_rec_decode_node(v->mv_data, v->mv_size, &n);

    (void)k;
    if (rc == CS_OK)
        rc = s->fn(n, s->ctx);
    cs_graph_node_free(n);
    return rc;
}

int cs_graph_nodes(struct cs_store *st, enum cs_node_kind kind, cs_graph_node_fn *fn, void *ctx)
{
    unsigned char prefix = (unsigned char)kind;
    struct node_scan s = { fn, ctx };
    MDB_txn *txn = NULL;
    int rc;

    if (!st || !fn || (unsigned)kind >= CS_NODE__COUNT)
        return CS_E_INVALID;
    if (cs_st_txn_begin(st, MDB_RDONLY, &txn) != MDB_SUCCESS)
        return CS_E_STORE;
    rc = cs_graph_txn_scan(st, txn, CS_DB_NODES, &prefix, 1, visit_node, &s);
    cs_st_txn_end(st, txn, false);
    return rc;
}

struct edge_scan {
    struct cs_store *st;
    MDB_txn *txn;
    cs_graph_edge_fn *fn;
    void *ctx;
};

static int visit_out(const MDB_val *k, const MDB_val *v, void *arg)
{
    struct edge_scan *s = arg;

    return cs_graph_txn_edge(s->st, s->txn, k, v, s->fn, s->ctx);
}

/* An edges_in entry: read the forward edge it mirrors. */
static int visit_in(const MDB_val *k, const MDB_val *v, void *arg)
{
    struct edge_scan *s = arg;
    const unsigned char *rkey = k->mv_data;
    unsigned char ekey[CS_KEY_EDGE_LEN];
    MDB_val ek = { CS_KEY_EDGE_LEN, ekey };
    MDB_val ev;
    int rc;

    (void)v;
    if (k->mv_size != CS_KEY_EDGE_LEN)
        return CS_E_STORE;
    memcpy(ekey, rkey + CS_KEY_NODE_LEN, CS_KEY_NODE_LEN);
    ekey[CS_KEY_NODE_LEN] = rkey[2 * CS_KEY_NODE_LEN];
    memcpy(ekey + CS_KEY_NODE_LEN + 1, rkey, CS_KEY_NODE_LEN);
    rc = cs_graph_txn_get(s->st, s->txn, CS_DB_EDGES_OUT, ekey, CS_KEY_EDGE_LEN, &ev);
    if (rc == CS_E_NOTFOUND)
        rc = CS_E_STORE; /* the reverse index names a missing edge */
    return rc == CS_OK ? cs_graph_txn_edge(s->st, s->txn, &ek, &ev, s->fn, s->ctx) : rc;
}

static int scan_node(struct cs_store *st, enum cs_node_kind kind, const char *name, bool in,
                     cs_graph_edge_fn *fn, void *ctx)
{
    unsigned char key[CS_KEY_NODE_LEN];
    struct edge_scan s = { st, NULL, fn, ctx };
    int rc;

    if (!st || !fn)
        return CS_E_INVALID;
    rc = cs_graph_key(kind, name, key);
    if (rc != CS_OK)
        return rc;
    if (cs_st_txn_begin(st, MDB_RDONLY, &s.txn) != MDB_SUCCESS)
        return CS_E_STORE;
    rc = cs_graph_txn_scan(st, s.txn, in ? CS_DB_EDGES_IN : CS_DB_EDGES_OUT, key, sizeof(key),
                           in ? visit_in : visit_out, &s);
    cs_st_txn_end(st, s.txn, false);
    return rc;
}

int cs_graph_out(struct cs_store *st, enum cs_node_kind kind, const char *name,
                 cs_graph_edge_fn *fn, void *ctx)
{
    return scan_node(st, kind, name, false, fn, ctx);
}

int cs_graph_in(struct cs_store *st, enum cs_node_kind kind, const char *name, cs_graph_edge_fn *fn,
                void *ctx)
{
    return scan_node(st, kind, name, true, fn, ctx);
}

/* ---- the backward walk ------------------------------------------------------------------- */

static size_t slot_of(const struct cs_graph_walk *w, const unsigned char *key)
{
    size_t h = 0;

    for (int i = 1; i < 9; i++)
        h = h << 8 | key[i];
    h ^= key[0];
    return h & (w->n_slots - 1);
}

static int rehash(struct cs_graph_walk *w)
{
    size_t n_slots = w->n_slots ? 2 * w->n_slots : 64;
    size_t *slots = calloc(n_slots, sizeof(*slots));

    if (!slots)
        return CS_E_NOMEM;
    free(w->slots);
    w->slots = slots;
    w->n_slots = n_slots;
    for (size_t i = 0; i < w->n; i++) {
        size_t s = slot_of(w, w->keys[i]);

        while (w->slots[s])
            s = (s + 1) & (w->n_slots - 1);
        w->slots[s] = i + 1;
    }
    return CS_OK;
}

static int grow(struct cs_graph_walk *w)
{
    size_t cap = w->cap ? 2 * w->cap : 64;
    void *k = realloc(w->keys, cap * sizeof(*w->keys));
    void *d = k ? realloc(w->depth, cap * sizeof(*w->depth)) : NULL;
    void *p = d ? realloc(w->parent, cap * sizeof(*w->parent)) : NULL;
    void *e = p ? realloc(w->edge, cap * sizeof(*w->edge)) : NULL;

    /* each successful realloc is kept, so a failure leaks nothing */
    w->keys = k ? k : w->keys;
    w->depth = d ? d : w->depth;
    w->parent = p ? p : w->parent;
    w->edge = e ? e : w->edge;
    if (!e)
        return CS_E_NOMEM;
    w->cap = cap;
    return CS_OK;
}

int cs_graph_walk_add(struct cs_graph_walk *w, const unsigned char *key, int depth, size_t parent,
                      unsigned char edge, bool *added)
{
    size_t s;

    *added = false;
    if (2 * (w->n + 1) > w->n_slots && rehash(w) != CS_OK)
        return CS_E_NOMEM;
    for (s = slot_of(w, key); w->slots[s]; s = (s + 1) & (w->n_slots - 1))
        if (memcmp(w->keys[w->slots[s] - 1], key, CS_KEY_NODE_LEN) == 0)
            return CS_OK;
    if (w->n == w->cap && grow(w) != CS_OK)
        return CS_E_NOMEM;
    memcpy(w->keys[w->n], key, CS_KEY_NODE_LEN);
    w->depth[w->n] = depth;
    w->parent[w->n] = parent;
    w->edge[w->n] = edge;
    w->slots[s] = ++w->n;
    *added = true;
    return CS_OK;
}

void cs_graph_walk_release(struct cs_graph_walk *w)
{
    free(w->keys);
    free(w->depth);
    free(w->parent);
    free(w->edge);
    free(w->slots);
    memset(w, 0, sizeof(*w));
}

/* Which incoming edges lead one step further back from a node of kind to (graph.h). */
static bool goes_back(unsigned char to, unsigned char edge, unsigned char flags, bool data_only)
{
    switch (to) {
    case CS_NODE_ORIGIN:
        return edge == CS_EDGE_AT_ORIGIN;
    case CS_NODE_SOURCE:
        return edge == CS_EDGE_LINKS_TO && (!data_only || (flags & CS_EDGE_F_DATA));
    case CS_NODE_DATASET:
        return edge == CS_EDGE_DERIVED_FROM || edge == CS_EDGE_TRAINED_ON;
    default:
        return edge == CS_EDGE_BASE_MODEL;
    }
}

struct back_ctx {
    struct cs_graph_walk *w;
    size_t at; /* the node whose incoming edges are scanned */
    int depth; /* of the node whose incoming edges are scanned */
    bool data_only;
};

static int step_back(const MDB_val *k, const MDB_val *v, void *arg)
{
    struct back_ctx *c = arg;
    const unsigned char *rkey = k->mv_data;
    unsigned char flags = v->mv_size ? *(const unsigned char *)v->mv_data : 0;
    bool added;

    if (k->mv_size != CS_KEY_EDGE_LEN)
        return CS_E_STORE;
    if (!goes_back(rkey[0], rkey[2 * CS_KEY_NODE_LEN], flags, c->data_only))
        return CS_OK;
    return cs_graph_walk_add(c->w, rkey + CS_KEY_NODE_LEN, c->depth + 1, c->at,
                             rkey[2 * CS_KEY_NODE_LEN], &added);
}

/* Calls fn for the walk's i-th node when it is a dataset or a model. */
static int report(struct cs_store *st, MDB_txn *txn, const struct cs_graph_walk *w, size_t i,
                  cs_graph_reach_fn *fn, void *ctx)
{
    struct cs_graph_node *n = NULL;
    int rc;

    if (w->keys[i][0] != CS_NODE_DATASET && w->keys[i][0] != CS_NODE_MODEL)
        return CS_OK;
    rc = cs_graph_txn_node(st, txn, w->keys[i], NULL, &n);
    if (rc == CS_E_NOTFOUND)
        return CS_OK; /* an edge from a node never written: nothing to name */
    if (rc == CS_OK)
        rc = fn(n->kind, n->name, w->depth[i], ctx);
    cs_graph_node_free(n);
    return rc;
}

int cs_graph_reaching(struct cs_store *st, enum cs_node_kind kind, const char *name, bool data_only,
                      int max_depth, cs_graph_reach_fn *fn, void *ctx)
{
    unsigned char key[CS_KEY_NODE_LEN];
    struct cs_graph_walk w = { 0 };
    struct back_ctx c = { &w, 0, 0, data_only };
    MDB_txn *txn = NULL;
    bool added;
    int rc;

    if (!st || !fn || max_depth < 0)
        return CS_E_INVALID;
    if (max_depth == 0 || max_depth > CS_GRAPH_DEPTH_MAX)
        max_depth = CS_GRAPH_DEPTH_MAX;
    rc = cs_graph_key(kind, name, key);
    if (rc == CS_OK)
        rc = cs_graph_walk_add(&w, key, 0, 0, 0, &added);
    if (rc == CS_OK && cs_st_txn_begin(st, MDB_RDONLY, &txn) != MDB_SUCCESS)
        rc = CS_E_STORE;
    for (size_t i = 0; rc == CS_OK && i < w.n; i++) {
        if (i > 0)
            rc = report(st, txn, &w, i, fn, ctx);
        c.at = i;
        c.depth = w.depth[i];
        if (rc == CS_OK && c.depth < max_depth)
            rc = cs_graph_txn_scan(st, txn, CS_DB_EDGES_IN, w.keys[i], CS_KEY_NODE_LEN, step_back,
                                   &c);
    }
    if (txn)
        cs_st_txn_end(st, txn, false);
    cs_graph_walk_release(&w);
    return rc;
}
