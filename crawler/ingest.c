/* SPDX-License-Identifier: MIT
 * ingest.c - the crawl engine's reader thread (issue 3: "input streamed, frontier in LMDB"): the
 * input list, or an index crawl's first pages, into the run's frontier in the store, a batch at
 * a time with a cursor, so a resumed run goes on where the last one stopped.
 */
#include "cs_setup.h"

#include "cs_limits.h"
#include "cs_log.h"
#include "engine_int.h"

#include <pthread.h>
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

    if (!g->b)
        return CS_OK;
    snprintf(text, sizeof(text), "%lld %zu %zu", g->offset, atomic_load(&e->lines),
             atomic_load(&e->bad_lines));
    rc = cs_store_run_set_cursor(g->b, e->o->run, text);
    if (rc == CS_OK)
        rc = cs_store_batch_commit(g->b, &diag);
    else
        cs_store_batch_abort(g->b);
    g->b = NULL;
    g->in_batch = 0;
    g->last_ms = cs_engine_now_ms();
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

    if (!e->o->resume || cs_store_run_get_cursor(e->o->check.store, e->o->run, &text) != CS_OK)
        return;
    if (sscanf(text, "%lld %zu %zu", &off, &lines, &bad) == 3 && off > 0 &&
        fseeko(e->in, (off_t)off, SEEK_SET) == 0) {
        g->offset = off;
        atomic_store(&e->lines, lines);
        atomic_store(&e->bad_lines, bad);
    }
    free(text);
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

/* The reader: streams the input list into the run's frontier, a batch at a time. */
/* An index crawl's input: its first listing pages (queued once per run: a resumed run finds
 * them seen and goes on from the cursors it stored). */
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
        return cs_store_batch_commit(b, &diag);
    cs_store_batch_abort(b);
    return rc;
}

void *cs_ingest_main(void *arg)
{
    struct cs_engine *e = arg;
    struct ingest g = { NULL, 0, 0, cs_engine_now_ms() };
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

    ingest_resume(e, &g);
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
                            (g.b && cs_engine_now_ms() - g.last_ms >= INGEST_IDLE_MS)))
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
