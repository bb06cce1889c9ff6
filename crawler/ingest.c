/* SPDX-License-Identifier: MIT
 * ingest.c - the crawl engine's reader thread (issue 3: "input streamed, frontier in LMDB"): the
 * input list, or an index crawl's first pages, into the run's frontier in the store, a batch at
 * a time with a cursor, so a resumed run goes on where the last one stopped.
 */
#include "cs_setup.h"

#include "cs_clock.h"
#include "cs_limits.h"
#include "cs_log.h"
#include "cs_str.h"
#include "engine_int.h"
#include "graph.h"
#include "gunzip.h"
#include "hubwork_int.h"
#include "sample.h"
#include "urllist.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- the reader: input list -> frontier --------------------------------------------------- */

#define INGEST_BATCH   1024 /* lines queued into the frontier per transaction... */
#define INGEST_IDLE_MS 200  /* ...or what came in this long */

/* The input cursor: where the next line starts, and the counts so far ("OFFSET LINES BAD"). */
struct ingest {
    struct cs_store_batch *b;
    size_t in_batch;
    long long offset; /* -1: not seekable (standard input) */
    int64_t last_ms;  /* monotonic time of the last commit */
    bool list;        /* a URL-list file: the cursor counts rows ("R ROWS LINES BAD SAMPLED") */
    uint64_t rows;    /* rows queued so far */
    bool sampled;     /* the sample is in the frontier */
};

/* Trims line in place; NULL for a blank or comment line. */
static char *trim_line(char *line)
{
    size_t n = strlen(line);

    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' ||
                 line[n - 1] == '\t'))
        line[--n] = '\0';
    while (*line == ' ' || *line == '\t')
        line++;
    return *line && *line != '#' ? line : NULL;
}

/* Commits the lines queued so far with the cursor after them: a killed run re-reads nothing it
 * stored and loses nothing it read. */
static int ingest_commit(struct cs_engine *e, struct ingest *g)
{
    struct cs_diag diag = { 0 };
    char text[96];
    int rc;

    if (!g->b && !(g->list && g->sampled))
        return CS_OK;
    if (!g->b && cs_store_batch_begin(e->o->check.store, &g->b) != CS_OK)
        return CS_E_NOMEM;
    if (g->list)
        snprintf(text, sizeof(text), "R %llu %zu %zu %d", (unsigned long long)g->rows,
                 atomic_load(&e->lines), atomic_load(&e->bad_lines), g->sampled);
    else
        snprintf(text, sizeof(text), "%lld %zu %zu", g->offset, atomic_load(&e->lines),
                 atomic_load(&e->bad_lines));
    rc = cs_store_run_set_cursor(g->b, e->o->run, text);
    if (rc == CS_OK)
        rc = cs_store_batch_commit(g->b, &diag);
    else
        cs_store_batch_abort(g->b);
    g->b = NULL;
    g->in_batch = 0;
    g->last_ms = cs_clock_mono_ms();
    if (rc != CS_OK)
        cs_log(CS_LOG_ERROR, "cannot queue input lines: %s", diag.msg[0] ? diag.msg : "store");
    return rc;
}

/* One input line into the frontier (counted; a line that is not an http(s) URL is logged and
 * skipped). */
static int ingest_line(struct cs_engine *e, struct ingest *g, char *raw)
{
    struct cs_diag diag = { 0 };
    struct cs_frontier_entry fe = { 0 };
    char *line = trim_line(raw);
    struct cs_url u;
    int rc;

    if (!line)
        return CS_OK;
    atomic_fetch_add(&e->lines, 1);
    if (strlen(line) > CS_MAX_URL_LEN || cs_url_parse(line, &u, &diag) != CS_OK) {
        atomic_fetch_add(&e->bad_lines, 1);
        cs_log(CS_LOG_WARN, "skipped input line: %s", diag.msg[0] ? diag.msg : "URL too long");
        return CS_OK;
    }
    if (!g->b && cs_store_batch_begin(e->o->check.store, &g->b) != CS_OK) {
        cs_url_release(&u);
        return CS_E_NOMEM;
    }
    fe.kind = CS_JOB_WORK;
    fe.input = line;
    fe.extra = "";
    rc = cs_store_frontier_add(g->b, e->o->run, &fe, u.url);
    cs_url_release(&u);
    atomic_fetch_add(&e->added, 1);
    g->in_batch++;
    return rc;
}

/* A resumed run goes on after the last line it stored (the list is the same file: its path,
 * size and modification time name the run). */
static void ingest_resume(struct cs_engine *e, struct ingest *g)
{
    char *text = NULL;
    long long off = 0;
    size_t lines = 0, bad = 0;

    unsigned long long rows = 0;
    int sampled = 0;

    if (!e->o->resume || cs_store_run_get_cursor(e->o->check.store, e->o->run, &text) != CS_OK)
        return;
    if (g->list && sscanf(text, "R %llu %zu %zu %d", &rows, &lines, &bad, &sampled) == 4) {
        g->rows = rows; /* rows up to here are in the frontier (or done) */
        g->sampled = sampled != 0;
        /* a sample stopped while being queued is queued again whole (the store dedupes it):
         * its counts start again too */
        atomic_store(&e->lines, e->o->sample && !g->sampled ? 0 : lines);
        atomic_store(&e->bad_lines, e->o->sample && !g->sampled ? 0 : bad);
    } else if (!g->list && sscanf(text, "%lld %zu %zu", &off, &lines, &bad) == 3 && off > 0 &&
               fseeko(e->in, (off_t)off, SEEK_SET) == 0) {
        g->offset = off;
        atomic_store(&e->lines, lines);
        atomic_store(&e->bad_lines, bad);
    }
    free(text);
}

/* ---- URL-list files (issue 4 item 5) ------------------------------------------------------- */

/* A list file read row by row (txt, csv, tsv, jsonl; plain or gzip), each URL row into the
 * frontier, or into a uniform sample of e->o->sample rows queued host by host at the end. */
struct listing {
    struct cs_engine *e;
    struct ingest *g;
    uint64_t skip; /* rows the run queued before it was stopped */
    struct cs_sample smp;
    char **slots; /* the sample (owned strings) */
    char **rows;  /* --dataset without a sample: the list's URLs, for its edges (owned) */
    size_t n_rows;
};

#define LIST_EDGES_MAX 100000 /* rows linked to their dataset; a bigger list wants --sample */

/* Keeps a row's URL for the dataset's edges (every row, also those a resumed run skips). */
static int keep_row(struct listing *l, const struct cs_urllist_row *r)
{
    char **grown;

    if (!l->e->o->list_dataset || l->e->o->sample || !r->url || l->n_rows >= LIST_EDGES_MAX)
        return CS_OK;
    grown = realloc(l->rows, (l->n_rows + 1) * sizeof(*grown));
    if (!grown)
        return CS_E_NOMEM;
    l->rows = grown;
    l->rows[l->n_rows] = cs_strndup(r->url, r->url_len);
    return l->rows[l->n_rows++] ? CS_OK : CS_E_NOMEM;
}

static int keep_sampled(struct listing *l, const char *url, size_t len)
{
    size_t k = cs_sample_offer(&l->smp);
    char *copy;

    if (k == CS_SAMPLE_SKIP)
        return CS_OK;
    copy = cs_strndup(url, len);
    if (!copy)
        return CS_E_NOMEM;
    free(l->slots[k]);
    l->slots[k] = copy;
    return CS_OK;
}

static int on_row(void *ctx, const struct cs_urllist_row *r)
{
    struct listing *l = ctx;
    struct cs_engine *e = l->e;
    char url[CS_MAX_URL_LEN + 1];
    int rc;

    if (keep_row(l, r) != CS_OK)
        return CS_E_NOMEM;
    if (r->row <= l->skip && !e->o->sample)
        return CS_OK; /* queued by the run before */
    if (!r->url || r->url_len > CS_MAX_URL_LEN) {
        if (e->o->sample)
            return CS_OK; /* a sample counts the rows it checks, not the ones it passed over */
        atomic_fetch_add(&e->lines, 1);
        atomic_fetch_add(&e->bad_lines, 1);
        cs_log(CS_LOG_WARN, "skipped row %llu (line %llu): %s", (unsigned long long)r->row,
               (unsigned long long)r->line, r->url ? "URL too long" : r->reason);
        return CS_OK;
    }
    if (e->o->sample)
        return keep_sampled(l, r->url, r->url_len);
    memcpy(url, r->url, r->url_len);
    url[r->url_len] = '\0';
    l->g->rows = r->row;
    rc = ingest_line(e, l->g, url);
    if (rc == CS_OK && (l->g->in_batch >= INGEST_BATCH ||
                        (l->g->b && cs_clock_mono_ms() - l->g->last_ms >= INGEST_IDLE_MS)))
        rc = ingest_commit(e, l->g);
    return rc;
}

/* A sampled row that is not an http(s) URL: counted like a bad line, once (not again when a
 * resumed run rebuilds the sample). */
static void count_bad(struct listing *l, size_t i)
{
    atomic_fetch_add(&l->e->lines, 1);
    atomic_fetch_add(&l->e->bad_lines, 1);
    cs_log(CS_LOG_WARN, "skipped sampled row: not an http(s) URL: %.200s", l->slots[i]);
}

struct host_url {
    char *host; /* owned */
    char *url;  /* Borrowed from the slots */
};

static int cmp_host(const void *a, const void *b)
{
    const struct host_url *x = a, *y = b;
    int c = strcmp(x->host, y->host);

    return c ? c : strcmp(x->url, y->url);
}

/* The sample, host by host (issue 4: "checked host-first": one robots.txt and one politeness
 * slot serve all of a host's rows), into the frontier in one go, marked in the cursor. */
static int queue_sample(struct listing *l)
{
    size_t n = l->smp.seen < l->smp.n ? (size_t)l->smp.seen : l->smp.n, m = 0;
    struct host_url *v = calloc(n ? n : 1, sizeof(*v));
    int rc = v ? CS_OK : CS_E_NOMEM;

    for (size_t i = 0; rc == CS_OK && i < n; i++) {
        struct cs_url u;
        if (cs_url_parse(l->slots[i], &u, NULL) != CS_OK) {
            count_bad(l, i);
            continue;
        }
        v[m].host = cs_strdup(u.host);
        v[m].url = l->slots[i];
        cs_url_release(&u);
        rc = v[m++].host ? CS_OK : CS_E_NOMEM;
    }
    if (rc == CS_OK)
        qsort(v, m, sizeof(*v), cmp_host);
    for (size_t i = 0; rc == CS_OK && i < m; i++) {
        char url[CS_MAX_URL_LEN + 1];
        snprintf(url, sizeof(url), "%s", v[i].url);
        rc = ingest_line(l->e, l->g, url);
        if (rc == CS_OK && l->g->in_batch >= INGEST_BATCH)
            rc = ingest_commit(l->e, l->g);
    }
    for (size_t i = 0; i < m; i++)
        free(v[i].host);
    free(v);
    l->g->sampled = true;
    return rc == CS_OK ? ingest_commit(l->e, l->g) : rc;
}

struct rows_sink {
    struct cs_urllist *r;
    struct cs_diag *diag;
};

/* The list's dataset (--dataset) gets a data edge to every URL of the list (or of its sample),
 * replacing the edges a list gave it before (scope "rows:"), so the lineage export counts what
 * the list's owners reserved against the dataset. */
static int queue_dataset_edges(struct listing *l, char **urls, size_t n)
{
    const char *via = l->e->o->sample ? "rows:sample" : "rows:list";
    struct cs_graph_edge *edges = calloc(n ? n : 1, sizeof(*edges));
    struct cs_url *u = calloc(n ? n : 1, sizeof(*u));
    struct cs_graph_node_info info = { .entry = "list", .seen_at = cs_clock_now() };
    struct cs_store_batch *b = NULL;
    size_t m = 0;
    int rc = edges && u ? cs_store_batch_begin(l->e->o->check.store, &b) : CS_E_NOMEM;

    for (size_t i = 0; rc == CS_OK && i < n; i++) {
        if (!urls[i] || cs_url_parse(urls[i], &u[m], NULL) != CS_OK)
            continue;
        edges[m] = (struct cs_graph_edge){ .kind = CS_EDGE_LINKS_TO,
                                           .to_kind = CS_NODE_SOURCE,
                                           .to = u[m].url,
                                           .link = CS_LINK_DATA,
                                           .via = via,
                                           .origin = u[m].origin };
        m += cs_graph_edge_valid(CS_NODE_DATASET, &edges[m]) ? 1 : 0;
    }
    if (rc == CS_OK)
        rc = cs_graph_put_node(b, CS_NODE_DATASET, l->e->o->list_dataset, &info);
    if (rc == CS_OK)
        rc = cs_graph_replace_edges_scoped(b, CS_NODE_DATASET, l->e->o->list_dataset,
                                           "rows:", edges, m, cs_clock_now());
    rc = rc == CS_OK ? cs_store_batch_commit(b, NULL) : (cs_store_batch_abort(b), rc);
    for (size_t i = 0; u && i < n; i++)
        cs_url_release(&u[i]);
    free(u);
    free(edges);
    return rc;
}

static int feed_rows(void *ctx, const char *buf, size_t len)
{
    struct rows_sink *s = ctx;

    return cs_urllist_feed(s->r, buf, len, s->diag);
}

/* Feeds the file through gunzip (when it starts with the gzip magic) into the row reader. */
/* What a list reader holds, freed by the cancellation handler when a stop cancels the reader
 * inside fread (a slow standard input), and by read_list otherwise. */
struct list_state {
    struct cs_urllist *r;
    struct cs_gunzip *gz;
    char *buf;
    struct listing *l;
};

static void free_slots(char **slots, size_t n)
{
    for (size_t i = 0; slots && i < n; i++)
        free(slots[i]);
    free(slots);
}

static void list_cancelled(void *p)
{
    struct list_state *s = p;

    cs_gunzip_free(s->gz);
    cs_urllist_free(s->r);
    free(s->buf);
    free_slots(s->l->slots, s->l->e->o->sample);
    cs_store_batch_abort(s->l->g->b); /* nothing of the open batch was committed */
}

#define READ_CHUNK (1 << 16)

static int read_rows(struct cs_engine *e, struct list_state *s, struct cs_diag *diag)
{
    struct cs_urllist *r = s->r;
    char *buf = s->buf;
    struct cs_gunzip *gz = NULL;
    struct rows_sink sink = { r, diag };
    bool first = true;
    size_t n;
    int rc = CS_OK;

    for (;;) {
        /* cancellable only inside fread: a stop must not wait for a slow standard input */
        pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
        n = rc == CS_OK && !atomic_load(&e->stop) ? fread(buf, 1, READ_CHUNK, e->in) : 0;
        pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
        if (n == 0) {
            if (rc == CS_OK && ferror(e->in))
                rc = CS_E_IO; /* not the end of the list: the run must not be closed */
            break;
        }
        if (first && cs_gunzip_is_gzip(buf, n) &&
            !(gz = s->gz = cs_gunzip_new(CS_GUNZIP_DEFAULT_MAX, feed_rows, &sink)))
            rc = CS_E_NOMEM;
        first = false;
        if (rc == CS_OK)
            rc = gz ? cs_gunzip_feed(gz, buf, n, diag) : cs_urllist_feed(r, buf, n, diag);
    }
    if (rc == CS_OK && !atomic_load(&e->stop) && gz)
        rc = cs_gunzip_finish(gz, diag);
    if (rc == CS_OK && !atomic_load(&e->stop))
        rc = cs_urllist_finish(r, diag);
    cs_gunzip_free(gz);
    s->gz = NULL;
    return rc;
}

static int read_list(struct cs_engine *e, struct ingest *g)
{
    struct cs_diag diag = { 0 };
    struct listing l = { e, g, g->rows, { 0 }, NULL, NULL, 0 };
    struct list_state s = { cs_urllist_new(e->o->list, on_row, &l), NULL, malloc(READ_CHUNK), &l };
    int rc = s.r && s.buf ? CS_OK : CS_E_NOMEM;

    if (rc == CS_OK && e->o->sample) {
        cs_sample_init(&l.smp, e->o->sample, e->o->seed);
        l.slots = calloc(e->o->sample, sizeof(*l.slots));
        rc = l.slots ? CS_OK : CS_E_NOMEM;
    }
    pthread_cleanup_push(list_cancelled, &s);
    if (rc == CS_OK)
        rc = read_rows(e, &s, &diag);
    pthread_cleanup_pop(0);
    if (rc == CS_OK && e->o->sample && !atomic_load(&e->stop) && !g->sampled)
        rc = queue_sample(&l);
    if (rc == CS_OK && e->o->list_dataset && !atomic_load(&e->stop)) {
        size_t n = e->o->sample ? (size_t)(l.smp.seen < l.smp.n ? l.smp.seen : l.smp.n) : l.n_rows;
        if (!e->o->sample && l.n_rows >= LIST_EDGES_MAX)
            cs_log(CS_LOG_WARN, "--dataset: only the first %d rows are linked (use --sample)",
                   LIST_EDGES_MAX);
        rc = queue_dataset_edges(&l, e->o->sample ? l.slots : l.rows, n);
    }
    for (size_t i = 0; i < l.n_rows; i++)
        free(l.rows[i]);
    free(l.rows);
    if (rc != CS_OK && rc != CS_E_NOMEM && rc != CS_E_STORE) {
        /* the rows read before the error are kept (the run stays unfinished: the input
         * failure keeps it open), then the reason is told */
        if (!e->o->sample && ingest_commit(e, g) != CS_OK)
            rc = CS_E_STORE;
        cs_engine_input_failed(e, diag.msg[0] ? diag.msg : cs_strerror(rc));
    }
    e->sample = l.slots; /* kept for the estimate of the run */
    e->n_sample = l.slots ? (size_t)(l.smp.seen < l.smp.n ? l.smp.seen : l.smp.n) : 0;
    cs_urllist_free(s.r);
    free(s.buf);
    return rc;
}

static void free_line(void *p)
{
    free(*(char **)p);
}

/* A reader cancelled inside getline (a stop while standard input is slow) drops its open batch:
 * those lines were never committed, so nothing is half-queued. */
static void abort_ingest(void *p)
{
    cs_store_batch_abort(((struct ingest *)p)->b);
}

/* The entries the last crawl carried over (engine.h retry_run), copied out of the store. */
struct carried {
    struct cs_frontier_entry *v; /* strings owned */
    size_t n, cap;
};

static int copy_carried(const struct cs_frontier_entry *e, void *ctx)
{
    struct carried *c = ctx;
    struct cs_frontier_entry *grown;

    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        grown = realloc(c->v, c->cap * sizeof(*c->v));
        if (!grown)
            return CS_E_NOMEM;
        c->v = grown;
    }
    c->v[c->n] = (struct cs_frontier_entry){ e->seq, e->kind, cs_strdup(e->input),
                                             cs_strdup(e->extra ? e->extra : "") };
    if (!c->v[c->n].input || !c->v[c->n].extra) {
        free((char *)(uintptr_t)c->v[c->n].input);
        free((char *)(uintptr_t)c->v[c->n].extra);
        return CS_E_NOMEM;
    }
    c->n++;
    return CS_OK;
}

static void carried_release(struct carried *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free((char *)(uintptr_t)c->v[i].input);
        free((char *)(uintptr_t)c->v[i].extra);
    }
    free(c->v);
}

/* A carried Croissant or viewer answer of a revision no longer stored (a newer card was read
 * since): the newer card asked for its own, this one has nothing left to say. */
static bool stale(struct cs_store *st, const struct cs_frontier_entry *e)
{
    struct cs_graph_node *n = NULL;
    char *buf, *f[4], *node = NULL;
    bool old = false;

    if (e->kind == CS_JOB_CARD || e->kind == CS_JOB_PAGE || !(buf = cs_strdup(e->extra)))
        return false;
    if (cs_hubout_split_extra(buf, f) && (node = cs_lineage_dataset_node(f[1])) != NULL &&
        cs_graph_get_node(st, CS_NODE_DATASET, node, &n) == CS_OK)
        old = n->sha && strcmp(n->sha, f[2]) != 0;
    cs_graph_node_free(n);
    free(node);
    free(buf);
    return old;
}

/* Moves what the last crawl carried over into this run's frontier, in batch b: taken out of
 * the carry-over run in the same transaction, so a kill in between loses nothing and asks
 * nothing twice. One this run has queued already (a resumed run) waits for the next run. */
static int take_carried(struct cs_engine *e, struct cs_store_batch *b)
{
    struct carried c = { 0 };
    size_t taken = 0;
    int rc = e->o->retry_run ? cs_store_frontier_read(e->o->check.store, e->o->retry_run, 0,
                                                      SIZE_MAX, copy_carried, &c, NULL)
                             : CS_OK;

    for (size_t i = 0; rc == CS_OK && i < c.n; i++) {
        char key[CS_HUB_KEY_MAX];
        bool seen = false;
        if (!cs_hubwork_first_key(c.v[i].kind, c.v[i].input, c.v[i].extra, key, sizeof(key)))
            continue;
        rc = cs_store_frontier_seen(e->o->check.store, e->o->run, c.v[i].kind, key, &seen);
        if (rc != CS_OK || seen)
            continue;
        if (!stale(e->o->check.store, &c.v[i])) {
            rc = cs_store_frontier_add(b, e->o->run, &c.v[i], key);
            taken += rc == CS_OK;
        }
        if (rc == CS_OK)
            rc = cs_store_frontier_done(b, e->o->retry_run, c.v[i].seq);
    }
    if (rc == CS_OK)
        atomic_store(&e->retried, taken);
    carried_release(&c);
    return rc;
}

/* An index crawl's input: its first listing pages (queued once per run: a resumed run finds
 * them seen and goes on from the cursors it stored), and what the last crawl carried over. */
static int queue_seeds(struct cs_engine *e)
{
    struct cs_diag diag = { 0 };
    struct cs_store_batch *b = NULL;
    int rc = cs_store_batch_begin(e->o->check.store, &b);

    for (size_t i = 0; rc == CS_OK && i < e->o->n_seeds; i++) {
        struct cs_frontier_entry fe = { 0, e->o->seed_kinds ? e->o->seed_kinds[i] : CS_JOB_LIST,
                                        e->o->seeds[i], e->o->seed_extras[i] };
        rc = cs_store_frontier_add(b, e->o->run, &fe, e->o->seeds[i]);
    }
    if (rc == CS_OK)
        rc = take_carried(e, b);
    if (rc == CS_OK)
        return cs_store_batch_commit(b, &diag);
    cs_store_batch_abort(b);
    return rc;
}

void *cs_ingest_main(void *arg)
{
    struct cs_engine *e = arg;
    struct ingest g = { NULL, 0, 0, cs_clock_mono_ms(), false, 0, false };
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = CS_OK;

    if (!e->in) {
        if (queue_seeds(e) != CS_OK)
            cs_engine_store_failed(e, "cannot queue the index listings into the store");
        atomic_store(&e->ingest_done, true);
        return NULL;
    }

    g.list = e->o->list != NULL;
    ingest_resume(e, &g);
    if (g.list) {
        pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
        rc = read_list(e, &g);
        if (rc == CS_OK)
            rc = ingest_commit(e, &g);
        else
            cs_store_batch_abort(g.b);
        if (rc == CS_E_NOMEM || rc == CS_E_STORE)
            cs_engine_store_failed(e, "cannot queue the input list into the store");
        atomic_store(&e->ingest_done, true);
        return NULL;
    }
    /* Cancellable only inside getline: an interrupted run must not wait for a slow stdin. */
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
    pthread_cleanup_push(free_line, &line);
    pthread_cleanup_push(abort_ingest, &g);
    while (rc == CS_OK && !atomic_load(&e->stop)) {
        pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
        n = getline(&line, &cap, e->in);
        pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
        if (n <= 0)
            break;
        g.offset = g.offset < 0 ? -1 : g.offset + n;
        rc = ingest_line(e, &g, line);
        /* a slow pipe: what came is crawled without waiting for a full batch */
        if (rc == CS_OK && (g.in_batch >= INGEST_BATCH ||
                            (g.b && cs_clock_mono_ms() - g.last_ms >= INGEST_IDLE_MS)))
            rc = ingest_commit(e, &g);
    }
    pthread_cleanup_pop(0);
    pthread_cleanup_pop(0);
    free(line);
    if (rc == CS_OK)
        rc = ingest_commit(e, &g);
    else
        cs_store_batch_abort(g.b);
    if (rc != CS_OK)
        cs_engine_store_failed(e, "cannot queue the input list into the store");
    atomic_store(&e->ingest_done, true);
    return NULL;
}
