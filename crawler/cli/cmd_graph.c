/* SPDX-License-Identifier: MIT
 * cmd_graph.c - `consentscan graph ID|URL|ORIGIN [--db DIR] [--depth N] [--json]`: the lineage
 * around one node of the store (issue 4): the node, its outgoing edges (what it was built from)
 * and its incoming ones (what uses it), each with where it came from, to depth N.
 */
#include "cs_setup.h"

#include "cli.h"

#include "cs_buf.h"
#include "cs_clock.h"
#include "cs_str.h"
#include "graph.h"
#include "jsonw.h"
#include "url.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define DEPTH_MAX 8

static const struct option long_opts[] = {
    { "db", required_argument, NULL, 'd' },
    { "depth", required_argument, NULL, 'n' },
    { "json", no_argument, NULL, 'j' },
    { NULL, 0, NULL, 0 },
};

struct graph_args {
    const char *db;
    const char *target;
    int depth;
    bool json;
};

#define USAGE "usage: consentscan graph [--db DIR] [--depth N] [--json] ID|URL|ORIGIN"

static int parse_args(int argc, char **argv, struct graph_args *a)
{
    long long v;
    int c;

    optind = 1;
    opterr = 0; /* one error line, ours */
    while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        if (c == 'd')
            a->db = optarg;
        else if (c == 'n' && cs_parse_num(optarg, DEPTH_MAX, &v) && v > 0)
            a->depth = (int)v;
        else if (c == 'j')
            a->json = true;
        else
            return cs_die(CS_EXIT_USAGE, USAGE " (--depth 1 to %d)", DEPTH_MAX);
    }
    if (argc - optind != 1)
        return cs_die(CS_EXIT_USAGE, USAGE);
    a->target = argv[optind];
    return CS_EXIT_OK;
}

/* ---- resolving the argument -------------------------------------------------------------- */

struct candidate {
    enum cs_node_kind kind;
    char *name; /* owned */
};

static void add_cand(struct candidate *c, size_t *n, enum cs_node_kind kind, const char *prefix,
                     const char *rest)
{
    size_t len = strlen(prefix) + strlen(rest) + 1;
    char *name = malloc(len);

    if (!name)
        return;
    snprintf(name, len, "%s%s", prefix, rest);
    c[*n].kind = kind;
    c[(*n)++].name = name;
}

/* A URL: an origin when it has no path, else a source, then a dataset known by its page. */
static size_t url_cands(const char *arg, struct candidate *c)
{
    struct cs_url u;
    size_t n = 0;

    if (cs_url_parse(arg, &u, NULL) != CS_OK)
        return 0;
    if (strcmp(u.path_query, "/") == 0)
        add_cand(c, &n, CS_NODE_ORIGIN, "", u.origin);
    add_cand(c, &n, CS_NODE_SOURCE, "", u.url);
    add_cand(c, &n, CS_NODE_DATASET, "", u.url);
    if (strcmp(u.url, arg) != 0) { /* as written, should a writer have kept it so */
        add_cand(c, &n, CS_NODE_SOURCE, "", arg);
        add_cand(c, &n, CS_NODE_DATASET, "", arg);
    }
    cs_url_release(&u);
    return n;
}

/* The nodes the argument may name, most likely first (at most 5). */
static size_t candidates(const char *arg, struct candidate *c)
{
    size_t n = 0;

    if (strncmp(arg, "hf:datasets/", 12) == 0 || strncmp(arg, "name:", 5) == 0)
        add_cand(c, &n, CS_NODE_DATASET, "", arg);
    else if (strncmp(arg, "hf:models/", 10) == 0)
        add_cand(c, &n, CS_NODE_MODEL, "", arg);
    else if (strncmp(arg, "datasets/", 9) == 0)
        add_cand(c, &n, CS_NODE_DATASET, "hf:", arg);
    else if (strncmp(arg, "models/", 7) == 0)
        add_cand(c, &n, CS_NODE_MODEL, "hf:", arg);
    else if (strncmp(arg, "http://", 7) == 0 || strncmp(arg, "https://", 8) == 0)
        n = url_cands(arg, c);
    else if (cs_lineage_is_hub_id(arg)) {
        add_cand(c, &n, CS_NODE_DATASET, "hf:datasets/", arg);
        add_cand(c, &n, CS_NODE_MODEL, "hf:models/", arg);
    }
    return n;
}

/* The first candidate the store holds. Returns CS_OK with *out Returns owned, or
 * CS_E_NOTFOUND, CS_E_STORE, CS_E_NOMEM. */
static int resolve(struct cs_store *st, const char *arg, struct cs_graph_node **out)
{
    struct candidate c[5];
    size_t n = candidates(arg, c);
    int rc = CS_E_NOTFOUND;

    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        if (rc == CS_E_NOTFOUND)
            rc = cs_graph_get_node(st, c[i].kind, c[i].name, out);
        free(c[i].name);
    }
    return rc;
}

/* ---- edges, copied out of the store's read transaction ------------------------------------ */

struct gedge {
    enum cs_edge_kind kind;
    enum cs_node_kind other_kind; /* the node at the other end */
    char *other;                  /* owned */
    char *links;                  /* owned: "class: via (detail); ..." */
    char **via;                   /* owned: per link, via, detail and class name or NULL */
    char **detail;
    const char **cls;
    size_t n_links;
};

struct gedges {
    struct gedge *v; /* owned */
    size_t n, cap;
    bool in;
    int err;
};

static void gedges_release(struct gedges *g)
{
    for (size_t i = 0; i < g->n; i++) {
        for (size_t j = 0; j < g->v[i].n_links; j++) {
            free(g->v[i].via[j]);
            free(g->v[i].detail[j]);
        }
        free(g->v[i].via);
        free(g->v[i].detail);
        free(g->v[i].cls);
        free(g->v[i].other);
        free(g->v[i].links);
    }
    free(g->v);
    memset(g, 0, sizeof(*g));
}

/* "data: croissant:contentUrl; homepage: card:homepage (x)" */
static char *links_text(const struct cs_graph_edge_view *e)
{
    struct cs_buf b;
    int rc = CS_OK;

    cs_buf_init(&b, (size_t)1 << 20);
    for (size_t i = 0; i < e->n_links && rc == CS_OK; i++) {
        const struct cs_graph_link *l = &e->links[i];

        if (i > 0)
            rc = cs_buf_adds(&b, "; ");
        if (rc == CS_OK && l->has_class)
            rc = cs_buf_addf(&b, "%s: ", cs_link_class_name(l->link));
        if (rc == CS_OK)
            rc = cs_buf_adds(&b, l->via ? l->via : "-");
        if (rc == CS_OK && l->detail)
            rc = cs_buf_addf(&b, " (%s)", l->detail);
    }
    return rc == CS_OK ? cs_buf_detach(&b, NULL) : NULL;
}

static bool copy_links(const struct cs_graph_edge_view *e, struct gedge *g)
{
    size_t n = e->n_links ? e->n_links : 1;

    g->via = calloc(n, sizeof(*g->via));
    g->detail = calloc(n, sizeof(*g->detail));
    g->cls = calloc(n, sizeof(*g->cls));
    if (!g->via || !g->detail || !g->cls)
        return false;
    for (size_t i = 0; i < e->n_links; i++) {
        g->n_links = i + 1;
        g->via[i] = cs_strdup(e->links[i].via);
        g->detail[i] = cs_strdup(e->links[i].detail);
        g->cls[i] = e->links[i].has_class ? cs_link_class_name(e->links[i].link) : NULL;
        if ((e->links[i].via && !g->via[i]) || (e->links[i].detail && !g->detail[i]))
            return false;
    }
    return true;
}

static int collect(const struct cs_graph_edge_view *e, void *ctx)
{
    struct gedges *g = ctx;
    struct gedge *x;
    void *grown;

    if (g->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 16;
        grown = realloc(g->v, g->cap * sizeof(*g->v));
        if (!grown)
            return CS_E_NOMEM;
        g->v = grown;
    }
    x = &g->v[g->n++];
    memset(x, 0, sizeof(*x));
    x->kind = e->kind;
    x->other_kind = g->in ? e->from_kind : e->to_kind;
    x->other = cs_strdup(g->in ? e->from : e->to);
    x->links = links_text(e);
    if (!x->other || !x->links || !copy_links(e, x))
        return CS_E_NOMEM;
    return CS_OK;
}

static int cmp_gedge(const void *pa, const void *pb)
{
    const struct gedge *a = pa;
    const struct gedge *b = pb;

    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return strcmp(a->other, b->other);
}

/* The edges of one side of node (kind, name). On failure *g is released and the code returned. */
static int edges_of(struct cs_store *st, enum cs_node_kind kind, const char *name, bool in,
                    struct gedges *g)
{
    int rc;

    memset(g, 0, sizeof(*g));
    g->in = in;
    rc = in ? cs_graph_in(st, kind, name, collect, g) : cs_graph_out(st, kind, name, collect, g);
    if (rc != CS_OK)
        gedges_release(g);
    else if (g->n > 1) /* the store's order is by digest: print by edge kind, then name */
        qsort(g->v, g->n, sizeof(*g->v), cmp_gedge);
    return rc;
}

/* ---- text ------------------------------------------------------------------------------- */

/* The chain of nodes from the root to the one being printed: a node met again is a cycle. */
struct chain {
    const char *names[DEPTH_MAX + 2];
    int n;
};

static bool on_chain(const struct chain *c, const char *name)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->names[i], name) == 0)
            return true;
    return false;
}

static int print_side(struct cs_store *st, enum cs_node_kind kind, const char *name, bool in,
                      int depth, struct chain *c);

static int print_edge(struct cs_store *st, const struct gedge *e, bool in, int depth,
                      struct chain *c)
{
    bool cycle = on_chain(c, e->other);
    int rc;

    printf("%*s%s %s %s %s%s%s%s%s\n", 2 * c->n, "", in ? "<-" : "->", cs_edge_kind_name(e->kind),
           cs_node_kind_name(e->other_kind), e->other, e->links[0] ? "  [" : "", e->links,
           e->links[0] ? "]" : "", cycle ? " (cycle)" : "");
    if (cycle || depth <= 1 || c->n > DEPTH_MAX)
        return CS_OK;
    c->names[c->n++] = e->other;
    rc = print_side(st, e->other_kind, e->other, in, depth - 1, c);
    c->n--;
    return rc;
}

static int print_side(struct cs_store *st, enum cs_node_kind kind, const char *name, bool in,
                      int depth, struct chain *c)
{
    struct gedges g;
    int rc = edges_of(st, kind, name, in, &g);

    for (size_t i = 0; i < g.n && rc == CS_OK; i++)
        rc = print_edge(st, &g.v[i], in, depth, c);
    gedges_release(&g);
    return rc;
}

static void print_node(const struct cs_graph_node *n)
{
    char when[21];

    printf("%s %s\n", cs_node_kind_name(n->kind), n->name);
    if (n->title)
        printf("  title %s\n", n->title);
    if (n->license)
        printf("  license %s\n", n->license);
    if (n->sha)
        printf("  sha %s\n", n->sha);
    if (n->last_modified)
        printf("  last_modified %s\n", n->last_modified);
    if (n->origin)
        printf("  origin %s\n", n->origin);
    if (n->fetched_at) {
        cs_clock_format(n->fetched_at, when);
        printf("  fetched_at %s\n", when);
    }
    if (n->gone_at) {
        cs_clock_format(n->gone_at, when);
        printf("  gone_at %s\n", when);
    }
}

static int print_text(struct cs_store *st, const struct cs_graph_node *n, int depth)
{
    struct chain c = { { n->name }, 1 };
    int rc;

    print_node(n);
    rc = print_side(st, n->kind, n->name, false, depth, &c);
    if (rc == CS_OK)
        rc = print_side(st, n->kind, n->name, true, depth, &c);
    return rc;
}

/* ---- JSON ------------------------------------------------------------------------------- */

static void json_node_fields(struct jw *w, const struct cs_graph_node *n)
{
    jw_kv_str(w, "kind", cs_node_kind_name(n->kind));
    jw_kv_str(w, "name", n->name);
    jw_kv_str(w, "title", n->title);
    jw_kv_str(w, "license", n->license);
    jw_kv_str(w, "sha", n->sha);
    jw_kv_str(w, "last_modified", n->last_modified);
    jw_kv_str(w, "origin", n->origin);
    jw_kv_str(w, "entry", n->entry);
    jw_kv_time(w, "first_seen", n->first_seen);
    jw_kv_time(w, "fetched_at", n->fetched_at);
    jw_kv_time(w, "gone_at", n->gone_at);
}

static int json_side(struct cs_store *st, struct jw *w, enum cs_node_kind kind, const char *name,
                     bool in, int depth, struct chain *c);

static void json_links(struct jw *w, const struct gedge *e)
{
    jw_key(w, "links");
    jw_arr(w);
    for (size_t i = 0; i < e->n_links; i++) {
        jw_obj(w);
        jw_kv_str(w, "class", e->cls[i]);
        jw_kv_str(w, "via", e->via[i]);
        jw_kv_str(w, "detail", e->detail[i]);
        jw_end(w, '}');
    }
    jw_end(w, ']');
}

static int json_edge(struct cs_store *st, struct jw *w, const struct gedge *e, bool in, int depth,
                     struct chain *c)
{
    struct cs_graph_node *n = NULL;
    bool cycle = on_chain(c, e->other);
    int rc = cs_graph_get_node(st, e->other_kind, e->other, &n);

    if (rc != CS_OK && rc != CS_E_NOTFOUND)
        return rc;
    jw_obj(w);
    jw_kv_str(w, "edge", cs_edge_kind_name(e->kind));
    json_links(w, e);
    jw_key(w, "node");
    jw_obj(w);
    if (n) {
        json_node_fields(w, n);
    } else {
        jw_kv_str(w, "kind", cs_node_kind_name(e->other_kind));
        jw_kv_str(w, "name", e->other);
    }
    jw_key(w, "cycle");
    jw_bool(w, cycle);
    rc = CS_OK;
    if (!cycle && depth > 1 && c->n <= DEPTH_MAX) {
        c->names[c->n++] = e->other;
        rc = json_side(st, w, e->other_kind, e->other, in, depth - 1, c);
        c->n--;
    }
    jw_end(w, '}');
    jw_end(w, '}');
    cs_graph_node_free(n);
    return rc;
}

static int json_side(struct cs_store *st, struct jw *w, enum cs_node_kind kind, const char *name,
                     bool in, int depth, struct chain *c)
{
    struct gedges g;
    int rc = edges_of(st, kind, name, in, &g);

    if (rc != CS_OK)
        return rc;
    jw_key(w, in ? "in" : "out");
    jw_arr(w);
    for (size_t i = 0; i < g.n && rc == CS_OK; i++)
        rc = json_edge(st, w, &g.v[i], in, depth, c);
    jw_end(w, ']');
    gedges_release(&g);
    return rc;
}

static int print_json(struct cs_store *st, const struct cs_graph_node *n, int depth)
{
    struct chain c = { { n->name }, 1 };
    struct cs_buf b;
    struct jw w;
    int rc;

    cs_buf_init(&b, (size_t)256 << 20);
    jw_init(&w, &b);
    jw_obj(&w);
    json_node_fields(&w, n);
    rc = json_side(st, &w, n->kind, n->name, false, depth, &c);
    if (rc == CS_OK)
        rc = json_side(st, &w, n->kind, n->name, true, depth, &c);
    jw_end(&w, '}');
    if (rc == CS_OK)
        rc = jw_finish(&w);
    if (rc == CS_OK)
        printf("%s\n", cs_buf_str(&b));
    cs_buf_release(&b);
    return rc;
}

/* ---- the command ------------------------------------------------------------------------ */

static int run(const struct graph_args *a, const char *dir)
{
    struct cs_diag diag = { 0 };
    struct cs_graph_node *n = NULL;
    struct cs_store *st = NULL;
    int rc = cs_store_open(dir, CS_STORE_RDONLY, &st, &diag);

    if (rc != CS_OK)
        return cs_die(CS_EXIT_STORE, "%s", diag.msg[0] ? diag.msg : cs_strerror(rc));
    rc = resolve(st, a->target, &n);
    if (rc == CS_OK)
        rc = a->json ? print_json(st, n, a->depth) : print_text(st, n, a->depth);
    cs_graph_node_free(n);
    cs_store_close(st);
    if (rc == CS_E_NOTFOUND)
        return cs_die(CS_EXIT_UNKNOWN, "graph: no node '%s' in the store", a->target);
    if (rc == CS_E_NOMEM || rc == CS_E_LIMIT)
        return cs_die(CS_EXIT_INTERNAL, "graph: %s", cs_strerror(rc));
    if (rc != CS_OK)
        return cs_die(CS_EXIT_STORE, "graph: cannot read the store: %s", cs_strerror(rc));
    return fflush(stdout) == 0 ? CS_EXIT_OK : CS_EXIT_INTERNAL;
}

int cs_cmd_graph(int argc, char **argv)
{
    struct graph_args a = { .depth = 1 };
    char *dflt = NULL;
    int rc = parse_args(argc, argv, &a);

    const char *dir;

    if (rc != CS_EXIT_OK)
        return rc;
    dir = cs_store_dir_of(a.db, &dflt);
    rc = dir ? run(&a, dir) : CS_EXIT_STORE;
    free(dflt);
    return rc;
}
