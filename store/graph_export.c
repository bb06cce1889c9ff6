/* SPDX-License-Identifier: MIT
 * graph_export.c - the lineage export (graph_export.h; fields in store/EXPORT.md, lineage
 * export format version 2): per dataset or model, a forward breadth-first walk by the reaching
 * rule of graph.h, then the stored verdict of every data source met; for a dataset whose own
 * links include rows sampled through the dataset viewer, the share of those rows reserved.
 */
#include "cs_setup.h"

#include "cs_buf.h"
#include "cs_str.h"
#include "export_int.h"
#include "graph_export.h"
#include "graph_int.h"
#include "records.h"
#include "sample.h"
#include "viewer.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ROW_MAX ((size_t)64 << 20)

#define CSV_HEADER                                                                        \
    "node,kind,gone,sources,reserved,unknown,unchecked,source_url,origin,class,via,path," \
    "purpose,stance,evidence,sample_rows,sample_share,sample_lo,sample_hi\r\n"

struct gx {
    struct cs_store *st;
    MDB_txn *txn;
    FILE *out;
    enum cs_export_format fmt;
    bool flagged_only;
    int write_errno;                /* errno of a failed write, 0 if none */
    struct cs_graph_counts *counts; /* the last row's counts, when asked */
};

/* One sampled row-cell: a viewer link of the node's own (issue 4 item 5). */
struct cell {
    char *page; /* owned: "viewer:PAGE", the cluster */
    bool checked, reserved, unknown;
};

/* One row in the making. */
struct row {
    struct cs_graph_node *node; /* owned */
    size_t sources, reserved, unknown, unchecked;
    json_t **flagged; /* owned entries */
    size_t n_flagged, cap_flagged;
    struct cell *cells; /* owned */
    size_t n_cells, cap_cells;
    json_t *sample; /* owned; NULL when the node has no viewer sample */
};

static void row_release(struct row *r)
{
    for (size_t i = 0; i < r->n_flagged; i++)
        json_decref(r->flagged[i]);
    free(r->flagged);
    for (size_t i = 0; i < r->n_cells; i++)
        free(r->cells[i].page);
    free(r->cells);
    json_decref(r->sample);
    cs_graph_node_free(r->node);
    memset(r, 0, sizeof(*r));
}

static int write_bytes(struct gx *x, const char *buf, size_t len)
{
    return cs_export_put_bytes(x->out, &x->write_errno, buf, len);
}

/* ---- the node names of one kind, sorted ------------------------------------------------- */

struct names {
    char **v; /* owned strings */
    size_t n, cap;
};

static int collect_name(const MDB_val *k, const MDB_val *v, void *ctx)
{
    struct names *ns = ctx;
    struct cs_graph_node *n = NULL;
    void *grown;
    int rc;

    (void)k;
    rc = cs_graph_rec_decode_node(v->mv_data, v->mv_size, &n);
    if (rc == CS_OK && ns->n == ns->cap) {
        ns->cap = ns->cap ? 2 * ns->cap : 64;
        grown = realloc(ns->v, ns->cap * sizeof(*ns->v));
        rc = grown ? CS_OK : CS_E_NOMEM;
        ns->v = grown ? grown : ns->v;
    }
    if (rc == CS_OK) {
        ns->v[ns->n++] = n->name;
        n->name = NULL;
    }
    cs_graph_node_free(n);
    return rc;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void names_release(struct names *ns)
{
    for (size_t i = 0; i < ns->n; i++)
        free(ns->v[i]);
    free(ns->v);
}

/* ---- the forward walk ------------------------------------------------------------------- */

struct fwd {
    struct cs_graph_walk *w;
    size_t at;
};

/* Follows base_model, trained_on, derived_from, and links_to edges with a data link. */
static int follow(const MDB_val *k, const MDB_val *v, void *ctx)
{
    struct fwd *f = ctx;
    const unsigned char *key = k->mv_data;
    struct cs_graph_rec_edge rec = { 0 };
    unsigned char edge;
    bool data = true;
    bool added;
    int rc;

    if (k->mv_size != CS_KEY_EDGE_LEN)
        return CS_E_STORE;
    edge = key[CS_KEY_NODE_LEN];
    if (edge == CS_EDGE_AT_ORIGIN || edge >= CS_EDGE__COUNT)
        return CS_OK;
    if (edge == CS_EDGE_LINKS_TO) {
        rc = cs_graph_rec_decode_edge(v->mv_data, v->mv_size, &rec);
        if (rc != CS_OK)
            return rc;
        data = cs_graph_rec_edge_data(&rec);
        cs_graph_rec_edge_release(&rec);
    }
    if (!data)
        return CS_OK; /* issue 4: homepage, paper, code, licence, hosted links never flag */
    return cs_graph_walk_add(f->w, key + CS_KEY_NODE_LEN + 1, f->w->depth[f->at] + 1, f->at, edge,
                             &added);
}

static int walk_forward(struct gx *x, const unsigned char *start, struct cs_graph_walk *w)
{
    struct fwd f = { w, 0 };
    bool added;
    int rc = cs_graph_walk_add(w, start, 0, 0, 0, &added);

    for (size_t i = 0; rc == CS_OK && i < w->n; i++) {
        if (w->keys[i][0] == CS_NODE_SOURCE || w->depth[i] >= CS_GRAPH_DEPTH_MAX)
            continue;
        f.at = i;
        rc = cs_graph_txn_scan(x->st, x->txn, CS_DB_EDGES_OUT, w->keys[i], CS_KEY_NODE_LEN, follow,
                               &f);
    }
    return rc;
}

/* ---- the path of a source ---------------------------------------------------------------- */

/* Borrowed-for-the-record via of the edge: the first data link for links_to, else the first. */
static const char *edge_via(const struct cs_graph_rec_edge *rec)
{
    for (size_t i = 0; i < rec->n_links; i++)
        if (rec->links[i].link == CS_LINK_DATA)
            return rec->links[i].via;
    return rec->n_links ? rec->links[0].via : NULL;
}

/* The record of the edge walk entry c was reached by, into *rec (release it).
 * CS_OK, CS_E_NOTFOUND, CS_E_STORE or CS_E_NOMEM. */
static int edge_of(struct gx *x, const struct cs_graph_walk *w, size_t c,
                   struct cs_graph_rec_edge *rec)
{
    unsigned char ekey[CS_KEY_EDGE_LEN];
    MDB_val v;
    int rc;

    memcpy(ekey, w->keys[w->parent[c]], CS_KEY_NODE_LEN);
    ekey[CS_KEY_NODE_LEN] = w->edge[c];
    memcpy(ekey + CS_KEY_NODE_LEN + 1, w->keys[c], CS_KEY_NODE_LEN);
    rc = cs_graph_txn_get(x->st, x->txn, CS_DB_EDGES_OUT, ekey, sizeof(ekey), &v);
    return rc == CS_OK ? cs_graph_rec_decode_edge(v.mv_data, v.mv_size, rec) : rc;
}

/* One step {from, edge, to, via} of the path to walk entry c. Returns owned or NULL. */
static json_t *path_step(struct gx *x, const struct cs_graph_walk *w, size_t c)
{
    struct cs_graph_rec_edge rec = { 0 };
    struct cs_graph_node *from = NULL;
    json_t *step = NULL;

    if (edge_of(x, w, c, &rec) == CS_OK &&
        cs_graph_txn_node(x->st, x->txn, w->keys[w->parent[c]], NULL, &from) == CS_OK)
        step = json_pack("{s:s, s:s, s:s, s:s*}", "from", from->name, "edge",
                         cs_edge_kind_name((enum cs_edge_kind)w->edge[c]), "to", rec.to, "via",
                         edge_via(&rec));
    cs_graph_node_free(from);
    cs_graph_rec_edge_release(&rec);
    return step;
}

/* The steps from the walk's start to entry c, in order. Returns owned or NULL. */
static json_t *path_of(struct gx *x, const struct cs_graph_walk *w, size_t c)
{
    json_t *path = json_array();
    bool ok = path != NULL;

    for (size_t i = c; ok && i != 0; i = w->parent[i])
        ok = json_array_insert_new(path, 0, path_step(x, w, i)) == 0;
    if (!ok) {
        json_decref(path);
        return NULL;
    }
    return path;
}

/* ---- verdicts ----------------------------------------------------------------------------- */

/* The stored verdict of url (canonical, with its origin) as JSON; NULL when there is none.
 * *flagged from the record header. */
static int load_verdict(struct gx *x, const char *origin, const char *url, json_t **out,
                        bool *flagged)
{
    unsigned char key[CS_KEY_DOC_LEN];
    struct cs_rec_verdict rec = { 0 };
    MDB_val v;
    int rc;

    *out = NULL;
    if (!origin || cs_rec_key_doc(origin, url, key) != CS_OK)
        return CS_OK; /* no origin known: never checked */
    rc = cs_graph_txn_get(x->st, x->txn, CS_DB_VERDICTS, key, sizeof(key), &v);
    if (rc == CS_E_NOTFOUND)
        return CS_OK;
    if (rc == CS_OK)
        rc = cs_rec_decode_verdict(v.mv_data, v.mv_size, &rec);
    if (rc == CS_OK && strcmp(rec.url, url) == 0) {
        *flagged = rec.flagged;
        *out = json_loads(rec.json, 0, NULL);
        rc = *out ? CS_OK : CS_E_STORE;
    }
    cs_rec_verdict_release(&rec);
    return rc;
}

static const char *stance_of(const json_t *verdict, const char *purpose)
{
    return json_string_value(
        json_object_get(json_object_get(json_object_get(verdict, "purposes"), purpose), "stance"));
}

/* The first queried purpose (TRAIN_GENAI when the verdict names none) whose stance is
 * prefixed by want ("DISALLOW_" or "UNKNOWN"); NULL when none. Borrowed from verdict. */
static const char *queried_with(const json_t *verdict, const char *want)
{
    const json_t *queried = json_object_get(verdict, "queried_purposes");
    const char *stance;
    const char *name;
    size_t i;

    if (!json_is_array(queried) || json_array_size(queried) == 0) {
        stance = stance_of(verdict, "TRAIN_GENAI");
        return stance && strncmp(stance, want, strlen(want)) == 0 ? "TRAIN_GENAI" : NULL;
    }
    for (i = 0; i < json_array_size(queried); i++) {
        name = json_string_value(json_array_get(queried, i));
        stance = name ? stance_of(verdict, name) : NULL;
        if (stance && strncmp(stance, want, strlen(want)) == 0)
            return name;
    }
    return NULL;
}

/* {purpose: stance} of every purpose of the verdict. Returns owned or NULL. */
static json_t *stances(const json_t *verdict)
{
    json_t *out = json_object();
    const char *name;
    json_t *p;

    json_object_foreach(json_object_get(verdict, "purposes"), name, p)
    {
        if (out && json_is_string(json_object_get(p, "stance")) &&
            json_object_set(out, name, json_object_get(p, "stance")) != 0) {
            json_decref(out);
            out = NULL;
        }
    }
    return out;
}

/* The entry of a reserved source: node n, walk entry c, its verdict. Returns owned or NULL. */
static json_t *flag_entry(struct gx *x, const struct cs_graph_walk *w, size_t c,
                          const struct cs_graph_node *n, const json_t *verdict)
{
    const char *purpose = queried_with(verdict, "DISALLOW_");
    json_t *path = path_of(x, w, c);
    const char *via =
        json_string_value(json_object_get(json_array_get(path, json_array_size(path) - 1), "via"));
    const json_t *p = json_object_get(json_object_get(verdict, "purposes"), purpose);
    json_t *ev = json_object_get(p, "evidence");

    if (!path)
        return NULL;
    return json_pack("{s:s, s:s*, s:s, s:s*, s:o, s:O?, s:s*, s:O?, s:o?, s:o}", "url", n->name,
                     "origin", n->origin, "class", cs_link_class_name(CS_LINK_DATA), "via", via,
                     "path", path, "checked_at", json_object_get(verdict, "checked_at"), "purpose",
                     purpose, "stance", json_object_get(p, "stance"), "stances", stances(verdict),
                     "evidence", ev ? json_incref(ev) : json_array());
}

static int push_flag(struct row *r, json_t *entry)
{
    void *grown;

    if (!entry)
        return CS_E_NOMEM;
    if (r->n_flagged == r->cap_flagged) {
        r->cap_flagged = r->cap_flagged ? 2 * r->cap_flagged : 8;
        grown = realloc(r->flagged, r->cap_flagged * sizeof(*r->flagged));
        if (!grown) {
            json_decref(entry);
            return CS_E_NOMEM;
        }
        r->flagged = grown;
    }
    r->flagged[r->n_flagged++] = entry;
    return CS_OK;
}

/* ---- the viewer sample ---------------------------------------------------------------------- */

static int push_cell(struct row *r, const char *via, size_t len, const struct cell *answer)
{
    void *grown;

    if (r->n_cells == r->cap_cells) {
        r->cap_cells = r->cap_cells ? 2 * r->cap_cells : 64;
        grown = realloc(r->cells, r->cap_cells * sizeof(*r->cells));
        if (!grown)
            return CS_E_NOMEM;
        r->cells = grown;
    }
    r->cells[r->n_cells] = *answer;
    r->cells[r->n_cells].page = cs_strndup(via, len);
    return r->cells[r->n_cells++].page ? CS_OK : CS_E_NOMEM;
}

/* The cells of the node's own viewer sample that link to walk entry c (a source reached by
 * the node's own links_to edge), each with the source's answer. */
static int sample_cells(struct gx *x, const struct cs_graph_walk *w, size_t c, struct row *r,
                        const struct cell *answer)
{
    struct cs_graph_rec_edge rec = { 0 };
    int rc;

    if (w->parent[c] != 0 || w->edge[c] != CS_EDGE_LINKS_TO)
        return CS_OK; /* reached through another node: that node's sample */
    rc = edge_of(x, w, c, &rec);
    for (size_t i = 0; rc == CS_OK && i < rec.n_links; i++) {
        size_t page = cs_viewer_via_page(rec.links[i].via);

        if (rec.links[i].link == CS_LINK_DATA && page > 0)
            rc = push_cell(r, rec.links[i].via, page, answer);
    }
    cs_graph_rec_edge_release(&rec);
    return rc == CS_E_NOTFOUND ? CS_OK : rc;
}

static int cmp_page(const void *a, const void *b)
{
    return strcmp(((const struct cell *)a)->page, ((const struct cell *)b)->page);
}

static double round4(double v)
{
    return round(v * 1e4) / 1e4;
}

/* r->sample from r->cells: the share of checked row-cells reserved, pages as clusters
 * (parsers/sample.h), or NULL when the node has no viewer sample. */
static int sample_estimate(struct row *r)
{
    struct cs_sample_obs *obs;
    struct cs_sample_est est;
    size_t n = 0, pages = 0;
    int rc;

    if (r->n_cells == 0)
        return CS_OK; /* no sample of its own */
    obs = calloc(r->n_cells, sizeof(*obs));
    if (!obs)
        return CS_E_NOMEM;
    qsort(r->cells, r->n_cells, sizeof(*r->cells), cmp_page);
    for (size_t i = 0; i < r->n_cells; i++) {
        pages += i == 0 || strcmp(r->cells[i - 1].page, r->cells[i].page) != 0;
        if (r->cells[i].checked)
            obs[n++] = (struct cs_sample_obs){ r->cells[i].page, r->cells[i].reserved,
                                               r->cells[i].unknown };
    }
    rc = cs_sample_estimate(obs, n, CS_SAMPLE_METHOD_PAGES, &est);
    free(obs);
    if (rc != CS_OK)
        return rc;
    r->sample =
        json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:f, s:s}", "rows",
                  (json_int_t)r->n_cells, "pages", (json_int_t)pages, "with_verdict", (json_int_t)n,
                  "unknown", (json_int_t)est.unknown, "unchecked", (json_int_t)(r->n_cells - n),
                  "reserved", (json_int_t)est.reserved, "share", round4(est.share), "lo",
                  round4(est.lo), "hi", round4(est.hi), "method", est.method);
    return r->sample ? CS_OK : CS_E_NOMEM;
}

/* ---- judging --------------------------------------------------------------------------------- */

/* Counts the source of walk entry c into r (and its entry when reserved, and its sampled
 * cells). */
static int judge_source(struct gx *x, const struct cs_graph_walk *w, size_t c, struct row *r)
{
    struct cs_graph_node *n = NULL;
    json_t *verdict = NULL;
    bool flagged = false;
    int rc = cs_graph_txn_node(x->st, x->txn, w->keys[c], NULL, &n);

    if (rc == CS_E_NOTFOUND)
        return CS_OK; /* an edge to a node never written: not a known source */
    if (rc == CS_OK)
        rc = load_verdict(x, n->origin, n->name, &verdict, &flagged);
    if (rc == CS_OK) {
        r->sources++;
        if (!verdict)
            r->unchecked++;
        else if (flagged)
            r->reserved++;
        else if (queried_with(verdict, "UNKNOWN"))
            r->unknown++;
        if (verdict && flagged)
            rc = push_flag(r, flag_entry(x, w, c, n, verdict));
    }
    if (rc == CS_OK) {
        struct cell answer = { NULL, verdict != NULL, verdict && flagged,
                               verdict && !flagged && queried_with(verdict, "UNKNOWN") };
        rc = sample_cells(x, w, c, r, &answer);
    }
    json_decref(verdict);
    cs_graph_node_free(n);
    return rc;
}

/* ---- rows ------------------------------------------------------------------------------- */

static int cmp_entry(const void *a, const void *b)
{
    const char *ua = json_string_value(json_object_get(*(json_t *const *)a, "url"));
    const char *ub = json_string_value(json_object_get(*(json_t *const *)b, "url"));

    return strcmp(ua ? ua : "", ub ? ub : "");
}

static int emit_jsonl(struct gx *x, const struct row *r)
{
    json_t *list = json_array();
    json_t *obj = NULL;
    char *text = NULL;
    int rc = CS_E_NOMEM;

    for (size_t i = 0; list && i < r->n_flagged; i++)
        if (json_array_append(list, r->flagged[i]) != 0)
            goto out;
    obj = json_pack("{s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:O, s:O?}", "node", r->node->name, "kind",
                    cs_node_kind_name(r->node->kind), "gone", r->node->gone_at != 0, "sources",
                    (json_int_t)r->sources, "reserved", (json_int_t)r->reserved, "unknown",
                    (json_int_t)r->unknown, "unchecked", (json_int_t)r->unchecked,
                    "flagged_sources", list, "sample", r->sample);
    /* 15 significant digits: 0.5318 stays 0.5318 (17 would show the binary fraction) */
    text = obj ? json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15)) : NULL;
    if (text) {
        rc = write_bytes(x, text, strlen(text));
        if (rc == CS_OK)
            rc = write_bytes(x, "\n", 1);
    }
out:
    free(text);
    json_decref(obj);
    json_decref(list);
    return rc;
}

/* "from -edge-> to -links_to[via]-> url": the path of an entry in one CSV field. */
static int add_path(struct cs_buf *b, const json_t *path)
{
    const json_t *step;
    size_t i;
    int rc = CS_OK;

    json_array_foreach(path, i, step)
    {
        const char *via = json_string_value(json_object_get(step, "via"));

        if (i == 0)
            rc = cs_buf_adds(b, json_string_value(json_object_get(step, "from")));
        if (rc == CS_OK)
            rc = cs_buf_addf(b, " -%s", json_string_value(json_object_get(step, "edge")));
        if (rc == CS_OK && via)
            rc = cs_buf_addf(b, "[%s]", via);
        if (rc == CS_OK)
            rc = cs_buf_addf(b, "-> %s", json_string_value(json_object_get(step, "to")));
        if (rc != CS_OK)
            return rc;
    }
    return CS_OK;
}

static int add_str(struct cs_buf *row, const json_t *obj, const char *key)
{
    return cs_export_csv_field(row, json_string_value(json_object_get(obj, key)), false);
}

/* The source columns of entry e (NULL: empty columns). */
static int add_source(struct cs_buf *row, const json_t *e)
{
    struct cs_buf path;
    int rc;

    if (!e)
        return cs_buf_adds(row, ",,,,,,,,"); /* the 8 source columns, empty */
    cs_buf_init(&path, ROW_MAX);
    rc = add_path(&path, json_object_get(e, "path"));
    if (rc == CS_OK)
        rc = add_str(row, e, "url");
    if (rc == CS_OK)
        rc = add_str(row, e, "origin");
    if (rc == CS_OK)
        rc = add_str(row, e, "class");
    if (rc == CS_OK)
        rc = add_str(row, e, "via");
    if (rc == CS_OK)
        rc = cs_export_csv_field(row, cs_buf_str(&path), false);
    if (rc == CS_OK)
        rc = add_str(row, e, "purpose");
    if (rc == CS_OK)
        rc = add_str(row, e, "stance");
    if (rc == CS_OK)
        rc = cs_export_csv_evidence(row, json_object_get(e, "evidence"));
    cs_buf_release(&path);
    return rc;
}

/* The 4 sample columns: rows, share, lo, hi (empty without a sample). */
static int add_sample(struct cs_buf *row, const json_t *sample)
{
    if (!sample)
        return cs_buf_adds(row, ",,,,");
    return cs_buf_addf(row, ",%lld,%.4f,%.4f,%.4f",
                       (long long)json_integer_value(json_object_get(sample, "rows")),
                       json_real_value(json_object_get(sample, "share")),
                       json_real_value(json_object_get(sample, "lo")),
                       json_real_value(json_object_get(sample, "hi")));
}

/* One CSV record: the node columns, the source columns of e, the sample columns. */
static int emit_csv_line(struct gx *x, const struct row *r, const json_t *e)
{
    struct cs_buf row;
    int rc;

    cs_buf_init(&row, ROW_MAX);
    rc = cs_export_csv_field(&row, r->node->name, true);
    if (rc == CS_OK)
        rc = cs_buf_addf(&row, ",%s,%s,%zu,%zu,%zu,%zu", cs_node_kind_name(r->node->kind),
                         r->node->gone_at ? "true" : "false", r->sources, r->reserved, r->unknown,
                         r->unchecked);
    if (rc == CS_OK)
        rc = add_source(&row, e);
    if (rc == CS_OK)
        rc = add_sample(&row, r->sample);
    if (rc == CS_OK)
        rc = cs_buf_add(&row, "\r\n", 2);
    if (rc == CS_OK)
        rc = write_bytes(x, row.data, row.len);
    cs_buf_release(&row);
    return rc;
}

static int emit_row(struct gx *x, struct row *r)
{
    int rc = CS_OK;

    if (x->flagged_only && r->reserved == 0)
        return CS_OK;
    if (r->n_flagged > 1)
        qsort(r->flagged, r->n_flagged, sizeof(*r->flagged), cmp_entry);
    if (x->fmt == CS_EXPORT_JSONL)
        return emit_jsonl(x, r);
    if (r->n_flagged == 0)
        return emit_csv_line(x, r, NULL);
    for (size_t i = 0; i < r->n_flagged && rc == CS_OK; i++)
        rc = emit_csv_line(x, r, r->flagged[i]);
    return rc;
}

/* Walks from node (kind, name), judges what it reaches and writes its row. */
static int export_node(struct gx *x, enum cs_node_kind kind, const char *name)
{
    unsigned char key[CS_KEY_NODE_LEN];
    struct cs_graph_walk w = { 0 };
    struct row r = { 0 };
    int rc = cs_graph_key(kind, name, key);

    if (rc == CS_OK)
        rc = cs_graph_txn_node(x->st, x->txn, key, name, &r.node);
    if (rc == CS_OK)
        rc = walk_forward(x, key, &w);
    for (size_t i = 1; rc == CS_OK && i < w.n; i++)
        if (w.keys[i][0] == CS_NODE_SOURCE)
            rc = judge_source(x, &w, i, &r);
    if (rc == CS_OK)
        rc = sample_estimate(&r);
    if (rc == CS_OK && x->counts)
        *x->counts = (struct cs_graph_counts){ r.sources, r.reserved, r.unknown, r.unchecked };
    if (rc == CS_OK)
        rc = emit_row(x, &r);
    cs_graph_walk_release(&w);
    row_release(&r);
    return rc;
}

static int export_all(struct gx *x, enum cs_node_kind by)
{
    unsigned char prefix = (unsigned char)by;
    struct names ns = { 0 };
    int rc = cs_graph_txn_scan(x->st, x->txn, CS_DB_NODES, &prefix, 1, collect_name, &ns);

    if (rc == CS_OK && ns.n > 1)
        qsort(ns.v, ns.n, sizeof(*ns.v), cmp_name);
    for (size_t i = 0; rc == CS_OK && i < ns.n; i++)
        rc = export_node(x, by, ns.v[i]);
    names_release(&ns);
    return rc;
}

/* Both entry points: every node of kind by, or the one named (name non-NULL). */
static int export_write(struct cs_store *st, FILE *out, enum cs_export_format fmt,
                        enum cs_node_kind by, const char *name, bool flagged_only,
                        struct cs_graph_counts *counts, struct cs_diag *diag)
{
    struct gx x = { st, NULL, out, fmt, flagged_only, 0, counts };
    int rc;

    if (!st || !out || (fmt != CS_EXPORT_JSONL && fmt != CS_EXPORT_CSV) ||
        (by != CS_NODE_DATASET && by != CS_NODE_MODEL))
        return CS_E_INVALID;
    if (cs_st_txn_begin(st, MDB_RDONLY, &x.txn) != MDB_SUCCESS) {
        cs_diag_set(diag, 0, CS_E_STORE, "cannot read store '%s'", cs_store_dir(st));
        return CS_E_STORE;
    }
    rc = fmt == CS_EXPORT_CSV ? write_bytes(&x, CSV_HEADER, strlen(CSV_HEADER)) : CS_OK;
    if (rc == CS_OK)
        rc = name ? export_node(&x, by, name) : export_all(&x, by);
    cs_st_txn_end(st, x.txn, false);
    if (rc == CS_OK && fflush(out) != 0) {
        x.write_errno = errno;
        rc = CS_E_IO;
    }
    if (rc == CS_E_IO)
        cs_diag_set(diag, 0, CS_E_IO, "cannot write export: %s", strerror(x.write_errno));
    else if (rc == CS_E_STORE)
        cs_diag_set(diag, 0, CS_E_STORE, "cannot export: malformed graph or verdict record");
    else if (rc != CS_OK)
        cs_diag_set(diag, 0, rc, "cannot export: %s", cs_strerror(rc));
    return rc;
}

int cs_graph_export_write(struct cs_store *st, FILE *out, enum cs_export_format fmt,
                          enum cs_node_kind by, bool flagged_only, struct cs_diag *diag)
{
    return export_write(st, out, fmt, by, NULL, flagged_only, NULL, diag);
}

int cs_graph_export_node(struct cs_store *st, FILE *out, enum cs_export_format fmt,
                         enum cs_node_kind kind, const char *name, struct cs_graph_counts *counts,
                         struct cs_diag *diag)
{
    return name ? export_write(st, out, fmt, kind, name, false, counts, diag) : CS_E_INVALID;
}
