/* SPDX-License-Identifier: MIT
 * engine.c - the crawl engine's threads and lifecycle: the reader, the parse workers, the
 * writer, and the run that wires them to the fetch thread (fetchloop.c). Issue 3.
 */
#include "cs_setup.h"

#include "cs_clock.h"
#include "cs_limits.h"
#include "cs_log.h"
#include "cs_str.h"
#include "engine_int.h"
#include "hostfile.h"

#include <curl/curl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#define BATCH_ITEMS   512 /* writer: commit after this many records... */
#define BATCH_IDLE_MS 200 /* ...or when nothing arrived for this long */
#define MAX_WORKERS   64

int64_t cs_engine_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void cs_engine_opts_init(struct cs_engine_opts *o)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);

    memset(o, 0, sizeof(*o));
    o->parallel = 32;
    o->threads = cores > 1 ? (int)cores - 1 : 1;
    o->per_host = 1;
    o->delay_ms = 1000;
    o->crawl_delay_cap_ms = 30000;
    o->max_attempts = 3;
    o->retry_budget_ms = 60000;
    o->window = 100000;
}

void cs_site_ref_release(struct cs_site_ref *s)
{
    if (s && atomic_fetch_sub(&s->refs, 1) == 1) {
        cs_site_release(&s->site);
        free(s);
    }
}

void cs_job_free(struct cs_job *j)
{
    if (!j)
        return;
    free(j->input);
    cs_url_release(&j->u);
    free(j->cur);
    cs_site_ref_release(j->site);
    cs_work_release(&j->work);
    cs_fetch_stored_free(j->prev);
    cs_check_result_release(&j->res);
    free(j);
}

/* libcurl's per-host connection cap: the largest per-host limit any host may have. */
static int max_per_host(const struct cs_engine_opts *o)
{
    int m = o->per_host;

    for (size_t i = 0; o->cfg && i < o->cfg->host_count; i++) {
        if (o->cfg->hosts[i].per_host > m)
            m = o->cfg->hosts[i].per_host;
    }
    return m;
}

struct cs_engine *cs_engine_new(const struct cs_engine_opts *opts)
{
    struct cs_engine *e = calloc(1, sizeof(*e));

    if (!e)
        return NULL;
    e->o = opts;
    e->robots_opts = opts->check.fetch;
    e->work_opts = opts->check.fetch;
    e->work_opts.body_mode = CS_BODY_HTML_HEAD;
    e->work_opts.max_body = CS_HTML_HEAD_MAX_BYTES;
    e->robots_opts.body_mode = CS_BODY_ALL;
    e->robots_opts.max_body = CS_ROBOTS_MAX_BYTES;
    e->robots_opts.head = false;
    /* libcurl prunes its DNS cache by walking all of it on every lookup: quadratic over a crawl
     * of tens of thousands of hosts. A run is bounded in time, so its answers are kept. */
    e->robots_opts.dns_cache_run = true;
    e->work_opts.dns_cache_run = true;
    e->rand_state = (unsigned)getpid();
    e->multi = curl_multi_init();
    e->hosts = cs_hosts_new();
    e->in_q = cs_queue_new(4096);
    e->parse_q = cs_queue_new(1024);
    e->write_q = cs_queue_new(1024);
    if (!e->multi || !e->hosts || !e->in_q || !e->parse_q || !e->write_q) {
        cs_engine_free(e);
        return NULL;
    }
    curl_multi_setopt(e->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)opts->parallel);
    curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)max_per_host(opts));
    /* a small connection cache: libcurl finds the connection to close by walking the cache, and
     * by default it keeps four per transfer ever added, which grows with the number of hosts */
    curl_multi_setopt(e->multi, CURLMOPT_MAXCONNECTS, (long)opts->parallel * 2);
    return e;
}

void cs_engine_free(struct cs_engine *e)
{
    if (!e)
        return;
    curl_multi_cleanup(e->multi);
    cs_hosts_free(e->hosts, cs_site_ref_release);
    cs_queue_free(e->in_q);
    cs_queue_free(e->parse_q);
    cs_queue_free(e->write_q);
    free(e);
}

void cs_engine_stop(struct cs_engine *e)
{
    atomic_store(&e->stop, true);
    curl_multi_wakeup(e->multi);
}

/* A resumed run skips what it stored before it was stopped (issue 3: nothing lost, nothing
 * done twice). A store error counts as not done: the URL is checked again. */
static bool already_done(struct cs_engine *e, const struct cs_url *u)
{
    bool done = false;

    return cs_store_run_done(e->o->check.store, e->o->run, u->origin, u->url, &done) == CS_OK &&
           done;
}

/* Last run's fetch of the URL, when it can make a conditional request (issue 3: a second run
 * over an unchanged web sends only conditional requests). */
static void remember_fetch(struct cs_engine *e, struct cs_job *j)
{
    struct cs_fetch_stored *f = NULL;
    char buf[8];

    if (cs_store_get_fetch(e->o->check.store, j->u.origin, j->u.url, &f) != CS_OK)
        return;
    if (f->http_status >= 200 && f->http_status < 300 && !f->error && f->headers &&
        (cs_header_lines_value(f->headers, "etag", buf, sizeof(buf)) ||
         cs_header_lines_value(f->headers, "last-modified", buf, sizeof(buf))))
        j->prev = f;
    else
        cs_fetch_stored_free(f);
}

/* One input line to a job; NULL (and counted) when it is not an http(s) URL. */
static struct cs_job *job_from_line(struct cs_engine *e, char *line)
{
    struct cs_diag diag = { 0 };
    struct cs_job *j;
    size_t n = strlen(line);

    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' ||
                 line[n - 1] == '\t'))
        line[--n] = '\0';
    while (*line == ' ' || *line == '\t')
        line++;
    if (!*line || *line == '#')
        return NULL;
    atomic_fetch_add(&e->lines, 1);
    j = calloc(1, sizeof(*j));
    if (!j)
        return NULL;
    if (strlen(line) > CS_MAX_URL_LEN || cs_url_parse(line, &j->u, &diag) != CS_OK) {
        atomic_fetch_add(&e->bad_lines, 1);
        cs_log(CS_LOG_WARN, "skipped input line: %s", diag.msg[0] ? diag.msg : "URL too long");
        free(j);
        return NULL;
    }
    if (e->o->resume && already_done(e, &j->u)) {
        atomic_fetch_add(&e->skipped, 1);
        cs_url_release(&j->u);
        free(j);
        return NULL;
    }
    remember_fetch(e, j);
    j->input = cs_strdup(line);
    j->cur = cs_strdup(j->u.url);
    if (!j->input || !j->cur) {
        cs_job_free(j);
        return NULL;
    }
    return j;
}

/* The reader: streams the input into the bounded input queue (back-pressure on big lists). */
static void free_line(void *p)
{
    free(*(char **)p);
}

static void *reader_main(void *arg)
{
    struct cs_engine *e = arg;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

    /* Cancellable only inside getline: an interrupted run must not wait for a slow stdin, and a
     * thread cancelled inside the queue would leave its mutex locked. */
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
    pthread_cleanup_push(free_line, &line);
    for (;;) {
        struct cs_job *j;
        pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
        n = getline(&line, &cap, e->in);
        pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
        if (n <= 0)
            break;
        j = job_from_line(e, line);
        if (j && !cs_queue_push(e->in_q, j)) {
            cs_job_free(j); /* stopped */
            break;
        }
    }
    pthread_cleanup_pop(0);
    free(line);
    cs_queue_push(e->in_q, &e->eof_marker);
    curl_multi_wakeup(e->multi);
    return NULL;
}

/* A parse worker: pure judging of fetched jobs, then on to the writer. */
static void *worker_main(void *arg)
{
    struct cs_engine *e = arg;
    struct cs_wmsg *m;
    struct cs_job *j;

    while ((j = cs_queue_pop(e->parse_q)) != NULL) {
        struct cs_check_result *res = &j->res;
        res->input = cs_strdup(j->input);
        res->url = cs_strdup(j->u.url);
        res->origin = cs_strdup(j->u.origin);
        res->self_allowed = j->self_allowed;
        res->self_line = j->self_line;
        if (!res->input || !res->url || !res->origin ||
            cs_judge(&e->o->check, &j->site->site, &j->work, j->u.path_query, cs_clock_now(),
                     res) != CS_OK)
            cs_log(CS_LOG_ERROR, "cannot judge '%s': out of memory", j->input);
        /* the body has served its purpose (meta tags); only the headers travel on */
        free(j->work.resp.body);
        j->work.resp.body = NULL;
        j->work.resp.body_len = 0;
        m = calloc(1, sizeof(*m));
        if (m)
            m->job = j;
        if (!m || !cs_queue_push(e->write_q, m)) {
            cs_job_free(j);
            free(m);
        }
    }
    return NULL;
}

static void count(struct cs_engine *e, const struct cs_job *j)
{
    atomic_fetch_add(&e->done, 1);
    if (j->work.read)
        atomic_fetch_add(&e->read, 1);
    else if (j->work.resp.url)
        atomic_fetch_add(&e->failed, 1);
    else if (j->site && j->site->site.state == CS_RS_UNREACHABLE)
        atomic_fetch_add(&e->unreachable, 1);
    else
        atomic_fetch_add(&e->refused, 1);
    if (j->res.flagged)
        atomic_fetch_add(&e->flagged, 1);
    else if (j->res.unknown)
        atomic_fetch_add(&e->unknown, 1);
}

static int write_msg(struct cs_engine *e, struct cs_store_batch *b, struct cs_wmsg *m)
{
    int64_t now = cs_clock_now();
    int rc = CS_OK;

    if (m->job) {
        if (b && m->job->res.json)
            rc = cs_judge_queue(b, &m->job->res, &m->job->work, now, e->o->run);
        count(e, m->job);
        cs_job_free(m->job);
    } else {
        rc = b ? cs_hostfile_queue(b, m->site->site.rec, &m->resp, m->url) : CS_OK;
        if (rc == CS_OK && b)
            rc = cs_site_queue_history(&e->o->check, b, &m->site->site, now);
        cs_site_ref_release(m->site);
        cs_response_release(&m->resp);
        free(m->url);
    }
    free(m);
    return rc;
}

static void store_failed(struct cs_engine *e, const char *msg)
{
    if (!atomic_exchange(&e->store_failed, true)) {
        snprintf(e->store_error, sizeof(e->store_error), "%s", msg);
        cs_log(CS_LOG_ERROR, "%s", msg);
    }
}

static void commit(struct cs_engine *e, struct cs_store_batch **b)
{
    struct cs_diag diag = { 0 };

    if (!*b)
        return;
    if (cs_store_batch_commit(*b, &diag) != CS_OK)
        store_failed(e, diag.msg[0] ? diag.msg : "cannot write the store");
    *b = NULL;
}

/* The writer: the only thread that writes the store; commits in batches (one transaction for
 * up to BATCH_ITEMS records, or whatever arrived before an idle pause). */
static void *writer_main(void *arg)
{
    struct cs_engine *e = arg;
    struct cs_store_batch *b = NULL;
    size_t n = 0;

    for (;;) {
        struct cs_wmsg *m = cs_queue_pop_wait(e->write_q, BATCH_IDLE_MS);
        if ((void *)m == (void *)&e->eof_marker)
            break;
        if (!m) {
            commit(e, &b);
            n = 0;
            continue;
        }
        if (!b && cs_store_batch_begin(e->o->check.store, &b) != CS_OK)
            store_failed(e, "cannot start a store batch");
        if (write_msg(e, b, m) != CS_OK)
            store_failed(e, "cannot queue a record (out of memory)");
        if (++n >= BATCH_ITEMS) {
            commit(e, &b);
            n = 0;
        }
    }
    commit(e, &b);
    return NULL;
}

static void finish_stats(struct cs_engine *e, struct cs_engine_stats *st)
{
    *st = e->st;
    st->hosts = cs_hosts_count(e->hosts);
    st->lines = atomic_load(&e->lines);
    st->bad_lines = atomic_load(&e->bad_lines);
    st->skipped = atomic_load(&e->skipped);
    st->done = atomic_load(&e->done);
    st->read = atomic_load(&e->read);
    st->refused = atomic_load(&e->refused);
    st->unreachable = atomic_load(&e->unreachable);
    st->failed = atomic_load(&e->failed);
    st->flagged = atomic_load(&e->flagged);
    st->unknown = atomic_load(&e->unknown);
    st->interrupted = atomic_load(&e->stop);
    st->queued = 0;
    st->elapsed_s = (double)(cs_engine_now_ms() - e->t0) / 1000.0;
    snprintf(st->store_error, sizeof(st->store_error), "%s", e->store_error);
}

int cs_engine_run(struct cs_engine *e, FILE *in, struct cs_engine_stats *st)
{
    pthread_t reader, writer, workers[MAX_WORKERS];
    int nworkers = e->o->threads < 1             ? 1
                   : e->o->threads > MAX_WORKERS ? MAX_WORKERS
                                                 : e->o->threads;
    int started = 0;

    e->in = in;
    e->t0 = cs_engine_now_ms();
    if (pthread_create(&writer, NULL, writer_main, e) != 0)
        return CS_E_NOMEM;
    while (started < nworkers && pthread_create(&workers[started], NULL, worker_main, e) == 0)
        started++;
    if (started == 0 || pthread_create(&reader, NULL, reader_main, e) != 0) {
        cs_queue_close(e->parse_q);
        for (int i = 0; i < started; i++)
            pthread_join(workers[i], NULL);
        cs_queue_push(e->write_q, &e->eof_marker);
        pthread_join(writer, NULL);
        return CS_E_NOMEM;
    }
    cs_fetchloop_run(e);
    cs_queue_close(e->in_q); /* unblocks the reader if it still waits */
    if (atomic_load(&e->stop))
        pthread_cancel(reader); /* it may be blocked reading a slow standard input */
    pthread_join(reader, NULL);
    cs_fetchloop_drain(e);
    cs_queue_close(e->parse_q);
    for (int i = 0; i < started; i++)
        pthread_join(workers[i], NULL);
    cs_queue_push(e->write_q, &e->eof_marker);
    pthread_join(writer, NULL);
    finish_stats(e, st);
    return CS_OK;
}
