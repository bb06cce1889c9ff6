/* SPDX-License-Identifier: MIT
 * graph.c - writes of the lineage graph (graph.h): each call copies its input into one batch
 * operation that runs inside the batch's write transaction (store_int.h), so a card's edges are
 * replaced atomically and a replayed batch leaves the same graph.
 */
#include "cs_setup.h"

#include "cs_log.h"
#include "cs_str.h"
#include "graph_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers inside the write transaction ------------------------------------------------ */

static int put(struct cs_store *st, MDB_txn *txn, enum cs_db db, const void *key, size_t klen,
               const void *val, size_t vlen, int *mdb_rc)
{
    MDB_val k = { klen, (void *)(uintptr_t)key };
    MDB_val v = { vlen, (void *)(uintptr_t)val };
    MDB_dbi dbi;
    int rc;

    if (!cs_store_dbi(st, db, &dbi))
        return CS_E_STORE;
    rc = mdb_put(txn, dbi, &k, &v, 0);
    if (rc == MDB_SUCCESS)
        return CS_OK;
    *mdb_rc = rc;
    return CS_E_STORE;
}

static int del(struct cs_store *st, MDB_txn *txn, enum cs_db db, const void *key, size_t klen,
               int *mdb_rc)
{
    MDB_val k = { klen, (void *)(uintptr_t)key };
    MDB_dbi dbi;
    int rc;

    if (!cs_store_dbi(st, db, &dbi))
        return CS_E_STORE;
    rc = mdb_del(txn, dbi, &k, NULL);
    if (rc == MDB_SUCCESS || rc == MDB_NOTFOUND)
        return CS_OK;
    *mdb_rc = rc;
    return CS_E_STORE;
}

static int put_node_rec(struct cs_store *st, MDB_txn *txn, const unsigned char *key,
                        const struct cs_graph_node *n, int *mdb_rc)
{
    char *val = NULL;
    size_t len = 0;
    int rc = cs_graph_rec_encode_node(n, &val, &len);

    if (rc == CS_OK)
        rc = put(st, txn, CS_DB_NODES, key, CS_KEY_NODE_LEN, val, len, mdb_rc);
    free(val);
    return rc;
}

/* The stored node of key, or NULL in *out when absent. A stored node with another name is a
 * digest collision: refused (CS_E_STORE) rather than merged. */
static int read_node(struct cs_store *st, MDB_txn *txn, const unsigned char *key, const char *name,
                     struct cs_graph_node **out)
{
    int rc = cs_graph_txn_node(st, txn, key, NULL, out);

    if (rc == CS_E_NOTFOUND)
        return CS_OK;
    if (rc == CS_OK && strcmp((*out)->name, name) != 0) {
        cs_log(CS_LOG_ERROR, "store '%s': node key collision for '%s'", cs_store_dir(st), name);
        cs_graph_node_free(*out);
        *out = NULL;
        return CS_E_STORE;
    }
    return rc;
}

/* Makes sure node (kind, name) exists; sets its origin when it has none yet. */
static int ensure_node(struct cs_store *st, MDB_txn *txn, enum cs_node_kind kind, const char *name,
                       const char *origin, int64_t now, int *mdb_rc)
{
    unsigned char key[CS_KEY_NODE_LEN];
    struct cs_graph_node *cur = NULL;
    struct cs_graph_node fresh = { 0 };
    int rc = cs_graph_key(kind, name, key);

    if (rc == CS_OK)
        rc = read_node(st, txn, key, name, &cur);
    if (rc != CS_OK || (cur && (cur->origin || !origin))) {
        cs_graph_node_free(cur);
        return rc;
    }
    fresh.kind = kind;
    fresh.name = (char *)(uintptr_t)name;
    fresh.origin = (char *)(uintptr_t)origin;
    fresh.first_seen = now;
    if (cur) {
        fresh = *cur; /* Borrowed strings of cur; only the origin is new */
        fresh.origin = (char *)(uintptr_t)origin;
    }
    rc = put_node_rec(st, txn, key, &fresh, mdb_rc);
    cs_graph_node_free(cur);
    return rc;
}

/* ---- nodes ------------------------------------------------------------------------------ */

/* A queued node write: put (merge info) or mark gone. Owned strings in node. */
struct node_op {
    unsigned char key[CS_KEY_NODE_LEN];
    struct cs_graph_node node; /* the fields to set; NULL strings keep the stored ones */
    bool gone;
    bool entry_if_none;
};

static void node_op_free(void *arg)
{
    struct node_op *op = arg;

    if (!op)
        return;
    free(op->node.name);
    free(op->node.sha);
    free(op->node.last_modified);
    free(op->node.title);
    free(op->node.license);
    free(op->node.entry);
    free(op->node.origin);
    free(op);
}

/* Has entry the reader "+NAME" (add, with its '+') as a whole part? */
static bool has_reader(const char *entry, const char *add)
{
    size_t n = strlen(add);

    for (const char *p = entry ? strstr(entry, add) : NULL; p; p = strstr(p + 1, add))
        if (p[n] == '+' || p[n] == '\0')
            return true;
    return false;
}

/* The entry a "+READER" write leaves (graph.h): Returns owned, or NULL to keep the stored one
 * (the reader is there, or the revision changed). *nomem on allocation failure. */
static char *added_reader(const struct cs_graph_node *n, const struct cs_graph_node *cur,
                          bool *nomem)
{
    char *joined;
    size_t a, b;

    *nomem = false;
    if (!cur || !cur->entry || has_reader(cur->entry, n->entry) ||
        (n->sha && (!cur->sha || strcmp(cur->sha, n->sha) != 0)))
        return NULL;
    a = strlen(cur->entry);
    b = strlen(n->entry);
    joined = malloc(a + b + 1);
    *nomem = joined == NULL;
    if (joined) {
        memcpy(joined, cur->entry, a);
        memcpy(joined + a, n->entry, b + 1);
    }
    return joined;
}

/* Borrowed merge: fields of op win when set. A "+READER" write (graph.h) sets no sha nor
 * lastModified and only ever adds its reader: joined is the stored entry with it, or NULL. */
static void merge_node(const struct node_op *op, const struct cs_graph_node *cur, char *joined,
                       struct cs_graph_node *out)
{
    const struct cs_graph_node *n = &op->node;
    const struct cs_graph_node none = { 0 };
    const struct cs_graph_node *base = cur ? cur : &none;
    bool reader = n->entry && n->entry[0] == '+';

    *out = *base;
    out->name = n->name;
    out->kind = n->kind;
    out->sha = n->sha && !reader ? n->sha : base->sha;
    out->last_modified = n->last_modified && !reader ? n->last_modified : base->last_modified;
    out->title = n->title ? n->title : base->title;
    out->license = n->license ? n->license : base->license;
    if (reader)
        out->entry = joined ? joined : base->entry;
    else if (n->entry && !(op->entry_if_none && base->entry))
        out->entry = n->entry;
    out->origin = n->origin ? n->origin : base->origin;
    out->fetched_at = n->fetched_at ? n->fetched_at : base->fetched_at;
    if (!base->first_seen)
        out->first_seen = n->first_seen;
    if (op->gone)
        out->gone_at = base->gone_at ? base->gone_at : n->gone_at;
    else
        out->gone_at = 0; /* seen in its index again */
}

static int apply_node(struct cs_store *st, MDB_txn *txn, void *arg, int *mdb_rc)
{
    struct node_op *op = arg;
    struct cs_graph_node *cur = NULL;
    struct cs_graph_node next;
    char *joined = NULL;
    bool nomem = false;
    int rc = read_node(st, txn, op->key, op->node.name, &cur);

    if (rc == CS_OK && op->node.entry && op->node.entry[0] == '+')
        joined = added_reader(&op->node, cur, &nomem);
    if (rc == CS_OK && nomem)
        rc = CS_E_NOMEM;
    if (rc == CS_OK) {
        merge_node(op, cur, joined, &next);
        rc = put_node_rec(st, txn, op->key, &next, mdb_rc);
    }
    free(joined);
    cs_graph_node_free(cur);
    return rc;
}

/* True when s can be kept as JSON text (UTF-8); NULL is fine. */
static bool text_ok(const char *s)
{
    json_t *j = s ? json_string(s) : NULL;
    bool ok = !s || j;

    json_decref(j);
    return ok;
}

static bool dup_field(char **dst, const char *src)
{
    *dst = src ? cs_strdup(src) : NULL;
    return !src || *dst;
}

static int queue_node(struct cs_store_batch *b, struct node_op *op, const char *name,
                      const struct cs_graph_node_info *info)
{
    bool ok = dup_field(&op->node.name, name);

    if (info) {
        ok = ok && dup_field(&op->node.sha, info->sha) &&
             dup_field(&op->node.last_modified, info->last_modified) &&
             dup_field(&op->node.title, info->title) &&
             dup_field(&op->node.license, info->license) &&
             dup_field(&op->node.entry, info->entry) && dup_field(&op->node.origin, info->origin);
        op->node.fetched_at = info->fetched_at;
        op->node.first_seen = info->seen_at;
        op->entry_if_none = info->entry_if_none;
    }
    if (!ok) {
        node_op_free(op);
        return CS_E_NOMEM;
    }
    return cs_store_batch_apply(b, apply_node, op, node_op_free);
}

static bool info_ok(const struct cs_graph_node_info *i)
{
    return text_ok(i->sha) && text_ok(i->last_modified) && text_ok(i->title) &&
           text_ok(i->license) && text_ok(i->entry) && text_ok(i->origin);
}

int cs_graph_put_node(struct cs_store_batch *b, enum cs_node_kind kind, const char *name,
                      const struct cs_graph_node_info *info)
{
    struct node_op *op = NULL;
    int rc;

    if (!b || !info || !text_ok(name) || !info_ok(info))
        return CS_E_INVALID;
    op = calloc(1, sizeof(*op));
    if (!op)
        return CS_E_NOMEM;
    op->node.kind = kind;
    rc = cs_graph_key(kind, name, op->key);
    if (rc != CS_OK) {
        node_op_free(op);
        return rc;
    }
    return queue_node(b, op, name, info);
}

int cs_graph_mark_gone(struct cs_store_batch *b, enum cs_node_kind kind, const char *name,
                       int64_t now)
{
    struct cs_graph_node_info info = { .seen_at = now };
    struct node_op *op = NULL;
    int rc;

    if (!b || !text_ok(name))
        return CS_E_INVALID;
    op = calloc(1, sizeof(*op));
    if (!op)
        return CS_E_NOMEM;
    op->node.kind = kind;
    op->node.gone_at = now > 0 ? now : 1;
    op->gone = true;
    rc = cs_graph_key(kind, name, op->key);
    if (rc != CS_OK) {
        node_op_free(op);
        return rc;
    }
    return queue_node(b, op, name, &info);
}

/* ---- edges ------------------------------------------------------------------------------ */

/* One new edge: target and merged links; first_seen is filled per commit attempt. */
struct new_edge {
    enum cs_edge_kind kind;
    enum cs_node_kind to_kind;
    unsigned char to_key[CS_KEY_NODE_LEN];
    char *origin; /* owned; sources only */
    struct cs_graph_rec_edge rec;
    size_t n_own; /* links of the new set; more are the stored ones kept beside it (scope) */
    bool kept;    /* stored before this commit attempt (rec.first_seen is the stored one) */
};

struct edges_op {
    enum cs_node_kind from_kind;
    char *from; /* owned */
    unsigned char from_key[CS_KEY_NODE_LEN];
    int64_t now;
    struct new_edge *edges; /* owned; sorted by (kind, to_key), unique */
    size_t n;
    char *scope; /* owned, or NULL: only stored links whose via starts with it are replaced */
};

static void edges_op_free(void *arg)
{
    struct edges_op *op = arg;

    if (!op)
        return;
    for (size_t i = 0; i < op->n; i++) {
        free(op->edges[i].origin);
        cs_graph_rec_edge_release(&op->edges[i].rec);
    }
    free(op->edges);
    free(op->from);
    free(op->scope);
    free(op);
}

static int cmp_new_edge(const void *pa, const void *pb)
{
    const struct new_edge *a = pa;
    const struct new_edge *b = pb;

    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return memcmp(a->to_key, b->to_key, CS_KEY_NODE_LEN);
}

static void edge_key(const unsigned char *from, enum cs_edge_kind kind, const unsigned char *to,
                     unsigned char out[static CS_KEY_EDGE_LEN])
{
    memcpy(out, from, CS_KEY_NODE_LEN);
    out[CS_KEY_NODE_LEN] = (unsigned char)kind;
    memcpy(out + CS_KEY_NODE_LEN + 1, to, CS_KEY_NODE_LEN);
}

/* edges_in key of an edges_out key: to || from || kind. */
static void reverse_key(const unsigned char *ekey, unsigned char out[static CS_KEY_EDGE_LEN])
{
    memcpy(out, ekey + CS_KEY_NODE_LEN + 1, CS_KEY_NODE_LEN);
    memcpy(out + CS_KEY_NODE_LEN, ekey, CS_KEY_NODE_LEN);
    out[2 * CS_KEY_NODE_LEN] = ekey[CS_KEY_NODE_LEN];
}

static struct new_edge *find_edge(struct edges_op *op, const unsigned char *ekey)
{
    struct new_edge probe;

    probe.kind = (enum cs_edge_kind)ekey[CS_KEY_NODE_LEN];
    memcpy(probe.to_key, ekey + CS_KEY_NODE_LEN + 1, CS_KEY_NODE_LEN);
    return bsearch(&probe, op->edges, op->n, sizeof(*op->edges), cmp_new_edge);
}

/* Collected during the scan of the node's stored edges. */
static int write_edge(struct cs_store *st, MDB_txn *txn, const unsigned char *ekey,
                      const struct cs_graph_rec_edge *rec, int *mdb_rc);

struct scan_ctx {
    struct edges_op *op;
    unsigned char (*gone)[CS_KEY_EDGE_LEN]; /* owned: keys to delete */
    size_t n_gone;
    size_t cap_gone;

    struct kept_edge {                      /* owned: stored edges outside the scope, rewritten */
        unsigned char key[CS_KEY_EDGE_LEN]; /* with only their out-of-scope links */
        struct cs_graph_rec_edge rec;
    } * rewrite;

    size_t n_rewrite;
};

static bool in_scope(const struct edges_op *op, const struct cs_graph_rec_link *l)
{
    return !op->scope || (l->via && strncmp(l->via, op->scope, strlen(op->scope)) == 0);
}

/* Moves the links of old outside op's scope to the end of rec's (old keeps the rest). */
static int take_foreign(const struct edges_op *op, struct cs_graph_rec_edge *old,
                        struct cs_graph_rec_edge *rec)
{
    size_t w = 0;

    for (size_t i = 0; i < old->n_links; i++) {
        struct cs_graph_rec_link *l = &old->links[i];
        if (in_scope(op, l)) {
            old->links[w++] = *l;
            continue;
        }
        struct cs_graph_rec_link *grown = realloc(rec->links, (rec->n_links + 1) * sizeof(*grown));
        if (!grown) {
            for (size_t k = i; k < old->n_links; k++) /* the rest stays old's, freed with it */
                old->links[w++] = old->links[k];
            old->n_links = w;
            return CS_E_NOMEM;
        }
        rec->links = grown;
        rec->links[rec->n_links++] = *l;
    }
    old->n_links = w;
    return CS_OK; /* appended after rec's own links, unsorted: a retry cuts them off again */
}

/* A stored edge the new set does not have, but that was also found through another reader:
 * kept with those links only. */
static int keep_foreign(struct scan_ctx *c, const MDB_val *k, struct cs_graph_rec_edge *old)
{
    struct kept_edge *grown = realloc(c->rewrite, (c->n_rewrite + 1) * sizeof(*grown));
    struct kept_edge *ke;
    int rc;

    if (!grown)
        return CS_E_NOMEM;
    c->rewrite = grown;
    ke = &c->rewrite[c->n_rewrite];
    memset(ke, 0, sizeof(*ke));
    memcpy(ke->key, k->mv_data, CS_KEY_EDGE_LEN);
    ke->rec.to = old->to;
    ke->rec.first_seen = old->first_seen;
    old->to = NULL;
    rc = take_foreign(c->op, old, &ke->rec);
    cs_graph_rec_edge_sort(&ke->rec);
    c->n_rewrite++;
    return rc;
}

static void scan_release(struct scan_ctx *c)
{
    for (size_t i = 0; i < c->n_rewrite; i++)
        cs_graph_rec_edge_release(&c->rewrite[i].rec);
    free(c->rewrite);
    free(c->gone);
}

static int note_stored(const MDB_val *k, const MDB_val *v, void *arg)
{
    struct scan_ctx *c = arg;
    struct cs_graph_rec_edge old = { 0 };
    struct new_edge *e = k->mv_size == CS_KEY_EDGE_LEN ? find_edge(c->op, k->mv_data) : NULL;
    void *grown;

    if (e && cs_graph_rec_decode_edge(v->mv_data, v->mv_size, &old) == CS_OK) {
        int rc = c->op->scope ? take_foreign(c->op, &old, &e->rec) : CS_OK;
        e->kept = true;
        e->rec.first_seen = old.first_seen ? old.first_seen : c->op->now;
        cs_graph_rec_edge_release(&old);
        return rc;
    }
    if (e || k->mv_size != CS_KEY_EDGE_LEN)
        return CS_OK; /* a malformed old record is overwritten below; a bad key left alone */
    if (c->op->scope && cs_graph_rec_decode_edge(v->mv_data, v->mv_size, &old) == CS_OK) {
        bool foreign = false;
        int rc = CS_OK;
        for (size_t i = 0; i < old.n_links; i++)
            foreign = foreign || !in_scope(c->op, &old.links[i]);
        if (foreign)
            rc = keep_foreign(c, k, &old);
        cs_graph_rec_edge_release(&old);
        if (foreign || rc != CS_OK)
            return rc;
    }
    if (c->n_gone == c->cap_gone) {
        c->cap_gone = c->cap_gone ? 2 * c->cap_gone : 16;
        grown = realloc(c->gone, c->cap_gone * sizeof(*c->gone));
        if (!grown)
            return CS_E_NOMEM;
        c->gone = grown;
    }
    memcpy(c->gone[c->n_gone++], k->mv_data, CS_KEY_EDGE_LEN);
    return CS_OK;
}

/* Drops the stored edges that are not in the new set, with their reverse entries. */
static int drop_old(struct cs_store *st, MDB_txn *txn, struct edges_op *op, int *mdb_rc)
{
    struct scan_ctx c = { op, NULL, 0, 0, NULL, 0 };
    unsigned char rkey[CS_KEY_EDGE_LEN];
    int rc;

    for (size_t i = 0; i < op->n; i++) {
        struct cs_graph_rec_edge *r = &op->edges[i].rec;
        op->edges[i].kept = false; /* a retried attempt starts afresh */
        r->first_seen = op->now;
        while (r->n_links > op->edges[i].n_own) { /* links a failed attempt kept */
            r->n_links--;
            free(r->links[r->n_links].via);
            free(r->links[r->n_links].detail);
        }
    }
    rc =
        cs_graph_txn_scan(st, txn, CS_DB_EDGES_OUT, op->from_key, CS_KEY_NODE_LEN, note_stored, &c);
    for (size_t i = 0; i < c.n_gone && rc == CS_OK; i++) {
        reverse_key(c.gone[i], rkey);
        rc = del(st, txn, CS_DB_EDGES_OUT, c.gone[i], CS_KEY_EDGE_LEN, mdb_rc);
        if (rc == CS_OK)
            rc = del(st, txn, CS_DB_EDGES_IN, rkey, CS_KEY_EDGE_LEN, mdb_rc);
    }
    for (size_t i = 0; i < c.n_rewrite && rc == CS_OK; i++)
        rc = write_edge(st, txn, c.rewrite[i].key, &c.rewrite[i].rec, mdb_rc);
    scan_release(&c);
    return rc;
}

/* Writes one edge (record and reverse entry). */
static int write_edge(struct cs_store *st, MDB_txn *txn, const unsigned char *ekey,
                      const struct cs_graph_rec_edge *rec, int *mdb_rc)
{
    unsigned char rkey[CS_KEY_EDGE_LEN];
    unsigned char flags = cs_graph_rec_edge_data(rec) ? CS_EDGE_F_DATA : 0;
    char *val = NULL;
    size_t len = 0;
    int rc = cs_graph_rec_encode_edge(rec, &val, &len);

    if (rc == CS_OK)
        rc = put(st, txn, CS_DB_EDGES_OUT, ekey, CS_KEY_EDGE_LEN, val, len, mdb_rc);
    free(val);
    reverse_key(ekey, rkey);
    if (rc == CS_OK)
        rc = put(st, txn, CS_DB_EDGES_IN, rkey, CS_KEY_EDGE_LEN, &flags, 1, mdb_rc);
    return rc;
}

/* The at_origin edge of a source, written once (it never changes: the origin is part of the
 * canonical URL). */
static int link_origin(struct cs_store *st, MDB_txn *txn, const struct new_edge *e, int64_t now,
                       int *mdb_rc)
{
    struct cs_graph_rec_edge rec = { e->origin, now, NULL, 0 };
    unsigned char okey[CS_KEY_NODE_LEN];
    unsigned char ekey[CS_KEY_EDGE_LEN];
    MDB_val v;
    int rc = cs_graph_key(CS_NODE_ORIGIN, e->origin, okey);

    if (rc == CS_OK)
        rc = ensure_node(st, txn, CS_NODE_ORIGIN, e->origin, NULL, now, mdb_rc);
    if (rc != CS_OK)
        return rc;
    edge_key(e->to_key, CS_EDGE_AT_ORIGIN, okey, ekey);
    rc = cs_graph_txn_get(st, txn, CS_DB_EDGES_OUT, ekey, CS_KEY_EDGE_LEN, &v);
    if (rc == CS_E_NOTFOUND)
        rc = write_edge(st, txn, ekey, &rec, mdb_rc);
    return rc;
}

/* Writes a new edge with the links another reader had (appended by take_foreign) sorted in,
 * through a copy: the edge itself keeps its own links first, so a retried commit can cut the
 * others off (drop_old). */
static int write_sorted(struct cs_store *st, MDB_txn *txn, const unsigned char *ekey,
                        const struct new_edge *e, int *mdb_rc)
{
    struct cs_graph_rec_edge tmp = e->rec;
    int rc;

    if (e->rec.n_links <= e->n_own)
        return write_edge(st, txn, ekey, &e->rec, mdb_rc);
    tmp.links = malloc(e->rec.n_links * sizeof(*tmp.links));
    if (!tmp.links)
        return CS_E_NOMEM;
    memcpy(tmp.links, e->rec.links, e->rec.n_links * sizeof(*tmp.links));
    cs_graph_rec_edge_sort(&tmp); /* shallow: the strings stay e's */
    rc = write_edge(st, txn, ekey, &tmp, mdb_rc);
    free(tmp.links);
    return rc;
}

static int add_new(struct cs_store *st, MDB_txn *txn, struct edges_op *op, int *mdb_rc)
{
    unsigned char ekey[CS_KEY_EDGE_LEN];
    int rc = CS_OK;

    for (size_t i = 0; i < op->n && rc == CS_OK; i++) {
        struct new_edge *e = &op->edges[i];

        rc = ensure_node(st, txn, e->to_kind, e->rec.to, e->origin, op->now, mdb_rc);
        edge_key(op->from_key, e->kind, e->to_key, ekey);
        if (rc == CS_OK)
            rc = write_sorted(st, txn, ekey, e, mdb_rc);
        if (rc == CS_OK && e->origin)
            rc = link_origin(st, txn, e, op->now, mdb_rc);
    }
    return rc;
}

static int apply_edges(struct cs_store *st, MDB_txn *txn, void *arg, int *mdb_rc)
{
    struct edges_op *op = arg;
    int rc = ensure_node(st, txn, op->from_kind, op->from, NULL, op->now, mdb_rc);

    if (rc == CS_OK)
        rc = drop_old(st, txn, op, mdb_rc);
    if (rc == CS_OK)
        rc = add_new(st, txn, op, mdb_rc);
    return rc;
}

/* The edge kinds and the node kinds they join (lineage.h). */
static bool edge_fits(enum cs_node_kind from, const struct cs_graph_edge *e)
{
    switch (e->kind) {
    case CS_EDGE_BASE_MODEL:
        return from == CS_NODE_MODEL && e->to_kind == CS_NODE_MODEL;
    case CS_EDGE_TRAINED_ON:
        return from == CS_NODE_MODEL && e->to_kind == CS_NODE_DATASET;
    case CS_EDGE_DERIVED_FROM:
        return from == CS_NODE_DATASET && e->to_kind == CS_NODE_DATASET;
    case CS_EDGE_LINKS_TO:
        return (from == CS_NODE_DATASET || from == CS_NODE_MODEL) && e->to_kind == CS_NODE_SOURCE &&
               (unsigned)e->link < CS_LINK__COUNT;
    default:
        return false; /* at_origin edges are the store's own */
    }
}

static bool edge_ok(enum cs_node_kind from, const struct cs_graph_edge *e)
{
    return edge_fits(from, e) && e->to && *e->to && text_ok(e->to) && text_ok(e->via) &&
           text_ok(e->detail) && (!e->origin || (*e->origin && text_ok(e->origin)));
}

bool cs_graph_edge_valid(enum cs_node_kind from_kind, const struct cs_graph_edge *e)
{
    return e && edge_ok(from_kind, e);
}

bool cs_graph_text_valid(const char *s)
{
    return text_ok(s);
}

/* Copies in into out (one link). */
static int copy_edge(const struct cs_graph_edge *in, struct new_edge *out)
{
    int rc = cs_graph_key(in->to_kind, in->to, out->to_key);

    out->kind = in->kind;
    out->to_kind = in->to_kind;
    out->rec.links = calloc(1, sizeof(*out->rec.links));
    if (rc != CS_OK || !out->rec.links)
        return rc != CS_OK ? rc : CS_E_NOMEM;
    out->rec.n_links = 1;
    out->rec.links[0].link = in->kind == CS_EDGE_LINKS_TO ? (int)in->link : -1;
    if (!dup_field(&out->rec.to, in->to) || !dup_field(&out->origin, in->origin) ||
        !dup_field(&out->rec.links[0].via, in->via) ||
        !dup_field(&out->rec.links[0].detail, in->detail))
        return CS_E_NOMEM;
    return CS_OK;
}

/* Moves the links of src into dst (same kind and target), leaving src empty. */
static int merge_links(struct new_edge *dst, struct new_edge *src)
{
    size_t n = dst->rec.n_links + src->rec.n_links;
    struct cs_graph_rec_link *links = realloc(dst->rec.links, n * sizeof(*links));

    if (!links)
        return CS_E_NOMEM;
    memcpy(links + dst->rec.n_links, src->rec.links, src->rec.n_links * sizeof(*links));
    dst->rec.links = links;
    dst->rec.n_links = n;
    src->rec.n_links = 0;
    if (!dst->origin) {
        dst->origin = src->origin;
        src->origin = NULL;
    }
    return CS_OK;
}

/* Sorts op->edges by (kind, target) and merges duplicates. */
static int merge_edges(struct edges_op *op)
{
    size_t w = 0;
    int rc = CS_OK;

    if (op->n > 1)
        qsort(op->edges, op->n, sizeof(*op->edges), cmp_new_edge);
    for (size_t i = 0; i < op->n && rc == CS_OK; i++) {
        if (w > 0 && cmp_new_edge(&op->edges[w - 1], &op->edges[i]) == 0) {
            rc = merge_links(&op->edges[w - 1], &op->edges[i]);
            free(op->edges[i].origin);
            cs_graph_rec_edge_release(&op->edges[i].rec);
            continue;
        }
        op->edges[w++] = op->edges[i];
    }
    op->n = w;
    for (size_t i = 0; i < op->n; i++)
        cs_graph_rec_edge_sort(&op->edges[i].rec);
    return rc;
}

int cs_graph_replace_edges(struct cs_store_batch *b, enum cs_node_kind from_kind,
                           const char *from_name, const struct cs_graph_edge *edges, size_t n,
                           int64_t now)
{
    return cs_graph_replace_edges_scoped(b, from_kind, from_name, NULL, edges, n, now);
}

int cs_graph_replace_edges_scoped(struct cs_store_batch *b, enum cs_node_kind from_kind,
                                  const char *from_name, const char *scope,
                                  const struct cs_graph_edge *edges, size_t n, int64_t now)
{
    struct edges_op *op = NULL;
    int rc;

    if (!b || !text_ok(from_name) || (n && !edges))
        return CS_E_INVALID;
    for (size_t i = 0; i < n; i++)
        if (!edge_ok(from_kind, &edges[i]))
            return CS_E_INVALID;
    op = calloc(1, sizeof(*op));
    if (!op || !(op->edges = calloc(n + 1, sizeof(*op->edges)))) {
        free(op);
        return CS_E_NOMEM;
    }
    op->from_kind = from_kind;
    op->now = now;
    rc = cs_graph_key(from_kind, from_name, op->from_key);
    if (rc == CS_OK && (!dup_field(&op->from, from_name) || !dup_field(&op->scope, scope)))
        rc = CS_E_NOMEM;
    for (size_t i = 0; i < n && rc == CS_OK; i++) {
        op->n = i + 1;
        rc = copy_edge(&edges[i], &op->edges[i]);
    }
    for (size_t i = 0; i < n && rc == CS_OK; i++)
        if (scope && !in_scope(op, &op->edges[i].rec.links[0]))
            rc = CS_E_INVALID; /* a new link outside the scope it replaces */
    if (rc == CS_OK)
        rc = merge_edges(op);
    for (size_t i = 0; rc == CS_OK && i < op->n; i++)
        op->edges[i].n_own = op->edges[i].rec.n_links;
    if (rc != CS_OK) {
        edges_op_free(op);
        return rc;
    }
    return cs_store_batch_apply(b, apply_edges, op, edges_op_free);
}
