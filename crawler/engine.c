/* SPDX-License-Identifier: MIT
 * engine.c - the crawl engine's threads and lifecycle: the reader, the parse workers, the
 * writer, and the run that wires them to the fetch thread (fetchloop.c). Issue 3.
 */
#include "cs_setup.h"

#include "cs_clock.h"
#include "cs_limits.h"
#include "cs_log.h"
#include "cs_str.h"
#include "dnsgen.h"
#include "engine_int.h"
#include "hostfile.h"

#include <curl/curl.h>
#include <pthread.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define BATCH_ITEMS    512 /* writer: commit after this many records... */
#define REGISTRY_BATCH 256 /* parse worker: works asked about in one registry POST (at most) */
#define BATCH_IDLE_MS                                                       \
    10 /* ...or when nothing arrived for this long: a result that adds work \
          (a listing page's next page, a card's sources) waits no longer */
#define MAX_WORKERS 64

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
    o->window = 25000;
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
    free(j->extra);
    cs_hubout_release(&j->hub);
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

/* How many hosts may keep an idle connection: sixteen per transfer in flight, as far as the
 * descriptor limit allows (its soft value is raised towards the hard one when short). Each
 * transfer and each cached connection holds a descriptor; libcurl may cache twice the budget
 * (connections of hosts that turned out to have nothing more close after CS_CONN_MAX_IDLE_S). */
static int warm_budget(int parallel)
{
    long want = (long)parallel * 16;
    long need = 2 * want + 2L * parallel + 64;
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 0;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)need) {
        rl.rlim_cur =
            rl.rlim_max == RLIM_INFINITY || rl.rlim_max > (rlim_t)need ? (rlim_t)need : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0 && getrlimit(RLIMIT_NOFILE, &rl) != 0)
            return 0;
    }
    if (rl.rlim_cur != RLIM_INFINITY && (rlim_t)need > rl.rlim_cur)
        want = ((long)rl.rlim_cur - 2L * parallel - 64) / 2;
    return want > 0 ? (int)want : 0;
}

/* The run's start as the index readers compare it with lastModified (hubwork.h since). */
static void set_since(struct cs_engine *e)
{
    time_t t0 = (time_t)e->o->run_started;
    struct tm tm;

    if (t0 > 0 && gmtime_r(&t0, &tm))
        strftime(e->since, sizeof(e->since), "%Y-%m-%dT%H:%M:%S", &tm);
}

struct cs_engine *cs_engine_new(const struct cs_engine_opts *opts)
{
    struct cs_engine *e = calloc(1, sizeof(*e));

    if (!e)
        return NULL;
    e->o = opts;
    set_since(e);
    e->robots_opts = opts->check.fetch;
    e->work_opts = opts->check.fetch;
    e->api_opts = opts->check.fetch;
    e->api_opts.body_mode = CS_BODY_ALL;
    e->api_opts.max_body = CS_HUB_PAGE_MAX_BYTES;
    e->api_opts.head = false;
    e->api_opts.dns_cache_run = true;
    e->card_opts = e->api_opts;
    e->card_opts.max_body = CS_CARD_MAX_BYTES;
    e->work_opts.body_mode = CS_BODY_HTML_HEAD;
    e->work_opts.max_body = CS_HTML_HEAD_MAX_BYTES;
    e->robots_opts.body_mode = CS_BODY_ALL;
    e->robots_opts.max_body = CS_ROBOTS_MAX_BYTES;
    e->robots_opts.head = false;
    /* libcurl prunes its DNS cache by walking all of it on every lookup: quadratic over a crawl
     * of tens of thousands of hosts. A run is bounded in time, so its answers are kept. */
    e->robots_opts.dns_cache_run = true;
    e->work_opts.dns_cache_run = true;
    for (int k = 0; k < CS_HOSTFILE__COUNT; k++) {
        e->file_opts[k] = e->robots_opts;
        e->file_opts[k].max_body = cs_hostfile_kinds[k].max_bytes;
    }
    e->rand_state = (unsigned)getpid();
    pthread_mutex_init(&e->kick_lock, NULL);
    pthread_cond_init(&e->kick, NULL);
    e->multi = curl_multi_init();
    e->hosts = cs_hosts_new();
    e->dns = cs_dnsgens_new(CS_DNS_HOSTS_PER_GEN);
    e->in_q = cs_queue_new(4096);
    /* a judged job carries its report for every agent (tens of KB with the full agent list):
     * short queues keep memory flat, and one parse worker per core needs little slack */
    e->parse_q = cs_queue_new(256);
    e->write_q = cs_queue_new(256);
    if (!e->multi || !e->hosts || !e->dns || !e->in_q || !e->parse_q || !e->write_q) {
        cs_engine_free(e);
        return NULL;
    }
    /* The engine itself bounds the transfers in flight (--parallel). libcurl's own total limit
     * is left off: at the limit it evicts an idle connection by walking every host its cache
     * has seen (libcurl 7.88 also keeps the emptied per-host entry), a cost that grows with the
     * crawl. Instead the engine decides per request whether the connection stays open, for a
     * bounded number of hosts (warm_budget), so the cache never needs to evict. */
    curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)max_per_host(opts));
    e->warm_budget = warm_budget(opts->parallel);
    curl_multi_setopt(e->multi, CURLMOPT_MAXCONNECTS, (long)(2 * e->warm_budget + opts->parallel));
    return e;
}

void cs_engine_free(struct cs_engine *e)
{
    if (!e)
        return;
    curl_multi_cleanup(e->multi);
    cs_dnsgens_free(e->dns);
    for (size_t i = 0; e->sample && i < e->o->sample; i++)
        free(e->sample[i]);
    free(e->sample);
    pthread_mutex_destroy(&e->kick_lock);
    pthread_cond_destroy(&e->kick);
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

/* A job dropped before its result was stored, other than by a stop (out of memory): it is no
 * longer outstanding, and the run must not be marked finished, so that the next run does it. */
void cs_job_lost(struct cs_engine *e)
{
    atomic_fetch_sub(&e->outstanding, 1);
    if (!atomic_load(&e->stop))
        cs_engine_store_failed(e, "out of memory: some work was not done (the next run does it)");
}

/* ---- the feeder: frontier -> fetch thread -------------------------------------------------- */

#define FEED_BATCH 256 /* entries copied out of the frontier per read transaction */

/* Entries copied out of one read transaction: jobs are made and pushed after it ends, since a
 * push may wait and a job reads the store again (a read transaction held across either would
 * stall the map's growth). */
struct feed {
    uint64_t last; /* highest entry read */
    size_t n;

    struct feed_item {
        uint64_t seq;
        int kind;
        char *input;
        char *extra;
    } items[FEED_BATCH];
};

static int copy_entry(const struct cs_frontier_entry *fe, void *ctx)
{
    struct feed *f = ctx;
    struct feed_item *it = &f->items[f->n];

    f->last = fe->seq;
    it->seq = fe->seq;
    it->kind = fe->kind;
    it->input = cs_strdup(fe->input);
    it->extra = cs_strdup(fe->extra);
    if (!it->input || !it->extra) {
        free(it->input);
        free(it->extra);
        return CS_E_NOMEM;
    }
    f->n++;
    return CS_OK;
}

/* A job for a frontier entry; NULL (logged) when the entry cannot be read back. */
static struct cs_job *job_from_entry(struct cs_engine *e, struct feed_item *it)
{
    struct cs_job *j = calloc(1, sizeof(*j));

    if (!j) {
        cs_engine_store_failed(e, "out of memory: an entry was not done (the next run does it)");
        return NULL;
    }
    j->seq = it->seq;
    j->kind = it->kind;
    if (!strchr("WLCXKPVR", it->kind) || it->kind == 0 ||
        cs_url_parse(it->input, &j->u, NULL) != CS_OK) {
        cs_log(CS_LOG_WARN, "frontier entry %llu of kind %d cannot be read",
               (unsigned long long)it->seq, it->kind);
        free(j);
        return NULL;
    }
    if (j->kind == CS_JOB_WORK)
        remember_fetch(e, j);
    j->input = it->input;
    it->input = NULL;
    j->extra = it->extra;
    it->extra = NULL;
    j->cur = cs_strdup(j->u.url);
    if (!j->cur) {
        cs_job_free(j);
        cs_engine_store_failed(e, "out of memory: an entry was not done (the next run does it)");
        return NULL;
    }
    return j;
}

/* Reads the next entries and hands them to the fetch thread. Returns how many were read, or
 * -1 when the store failed or the input queue is closed (stopping). */
static long feed_more(struct cs_engine *e, struct feed *f)
{
    int rc;
    size_t n;
    long pushed = 0;
    bool closed = false;

    f->n = 0;
    rc = cs_store_frontier_read(e->o->check.store, e->o->run, f->last, FEED_BATCH, copy_entry, f,
                                NULL);
    n = f->n;
    for (size_t i = 0; i < n; i++) {
        struct cs_job *j = closed ? NULL : job_from_entry(e, &f->items[i]);
        if (j) {
            atomic_fetch_add(&e->outstanding, 1);
            if (!cs_queue_push(e->in_q, j)) {
                atomic_fetch_sub(&e->outstanding, 1);
                cs_job_free(j);
                closed = true;
            }
            pushed++;
        }
        free(f->items[i].input);
        free(f->items[i].extra);
    }
    if (pushed)
        curl_multi_wakeup(e->multi);
    if (rc != CS_OK) {
        cs_engine_store_failed(e, "cannot read the frontier");
        return -1;
    }
    return closed ? -1 : (long)n;
}

/* The feeder waits for the writer's next commit (which may add work), at most ms. */
static void wait_commit(struct cs_engine *e, int ms)
{
    struct timespec ts;

    cs_clock_deadline(&ts, ms);
    pthread_mutex_lock(&e->kick_lock);
    if (!e->kicked)
        pthread_cond_timedwait(&e->kick, &e->kick_lock, &ts);
    e->kicked = false;
    pthread_mutex_unlock(&e->kick_lock);
}

static void kick_feeder(struct cs_engine *e)
{
    pthread_mutex_lock(&e->kick_lock);
    e->kicked = true;
    pthread_cond_signal(&e->kick);
    pthread_mutex_unlock(&e->kick_lock);
}

/* The feeder: hands the fetch thread the frontier's entries in order; the run is over when the
 * input is all queued, no fed job waits for its result to be stored (a result may add work),
 * and nothing new is in the frontier. */
static void *feeder_main(void *arg)
{
    struct cs_engine *e = arg;
    struct feed *f = calloc(1, sizeof(*f));
    long n;

    while (f && !atomic_load(&e->stop) && (n = feed_more(e, f)) >= 0) {
        if (n > 0)
            continue;
        if (atomic_load(&e->ingest_done) && atomic_load(&e->outstanding) == 0) {
            /* everything fed so far is committed: one more look decides */
            n = feed_more(e, f);
            if (n <= 0)
                break;
            continue;
        }
        wait_commit(e, 50);
    }
    if (!f)
        cs_engine_store_failed(e, "out of memory");
    free(f);
    cs_queue_push(e->in_q, &e->eof_marker);
    curl_multi_wakeup(e->multi);
    return NULL;
}

/* The check of a work URL: its verdict per purpose, with evidence. */
static void judge_work(struct cs_engine *e, struct cs_job *j)
{
    struct cs_check_result *res = &j->res;

    res->input = cs_strdup(j->input);
    res->url = cs_strdup(j->u.url);
    res->origin = cs_strdup(j->u.origin);
    res->self_allowed = j->self_allowed;
    res->self_line = j->self_line;
    if (!res->input || !res->url || !res->origin ||
        cs_judge(&e->o->check, &j->site->site, &j->work, j->u.path_query, cs_clock_now(), res) !=
            CS_OK)
        cs_log(CS_LOG_ERROR, "cannot judge '%s': out of memory", j->input);
    cs_check_result_compact(res); /* the writer needs the report, not the verdict behind it */
}

/* A listing page or a card: what it adds to the frontier and the lineage graph. A response
 * that never came (robots.txt refused the card, the network failed) is described by the work's
 * error and changes nothing stored. */
static void read_index(struct cs_engine *e, struct cs_job *j)
{
    struct cs_response none = { 0 };
    const struct cs_response *r = j->work.resp.url ? &j->work.resp : &none;
    int rc;

    none.error = j->work.error;
    const struct cs_hubwork_ctx ctx = { e->o->hub_origin,
                                        e->o->croissant,
                                        e->o->viewer_base,
                                        e->o->viewer_rows,
                                        e->o->hub_token != NULL,
                                        e->o->full,
                                        e->since[0] ? e->since : NULL };

    if (j->kind == CS_JOB_LIST)
        rc = cs_hubwork_list(&ctx, e->o->check.store, e->o->run, j->u.url, j->extra, r, &j->hub);
    else if (j->kind == CS_JOB_CROISSANT)
        rc = cs_hubwork_croissant(&ctx, j->extra, r, &j->hub);
    else if (j->kind == CS_JOB_VIEWER_SIZE)
        rc = cs_hubwork_viewer_size(&ctx, j->extra, r, &j->hub);
    else if (j->kind == CS_JOB_VIEWER_ROWS)
        rc = cs_hubwork_viewer_rows(&ctx, j->extra, r, &j->hub);
    else if (j->kind == CS_JOB_CKAN)
        rc = cs_hubwork_ckan(&ctx, j->u.url, j->extra, r, &j->hub);
    else if (j->kind == CS_JOB_PAGE)
        rc = cs_hubwork_page(&ctx, j->u.url, r, &j->hub);
    else
        rc = cs_hubwork_card(&ctx, j->u.url, j->extra, r, &j->hub);
    if (rc != CS_OK) {
        /* a partial result is not stored: the entry stays in the frontier for the next run */
        cs_log(CS_LOG_ERROR, "cannot read '%s': out of memory", j->input);
        cs_hubout_release(&j->hub);
        j->failed = true;
        return;
    }
    if (cs_hubout_sanitize(&j->hub) > 0)
        cs_log(CS_LOG_WARN, "%s: values the store cannot keep were left out", j->input);
    if (j->hub.note[0])
        cs_log(CS_LOG_INFO, "%s: %s", j->input, j->hub.note);
}

/* A parse worker: pure judging of fetched jobs, then on to the writer. */
/* Spawning's registry (signals.md 5.2), when a key is set: the works a parse worker has at
 * hand are asked about in one batched POST before they are judged. */
static void ask_registry(struct cs_engine *e, struct cs_job **jobs, size_t n)
{
    const char *urls[REGISTRY_BATCH];
    struct cs_work *works[REGISTRY_BATCH];
    size_t k = 0;

    for (size_t i = 0; i < n && k < REGISTRY_BATCH; i++) {
        if (jobs[i]->kind == CS_JOB_WORK) {
            urls[k] = jobs[i]->u.url;
            works[k++] = &jobs[i]->work;
        }
    }
    if (k)
        cs_work_ask_registry(e->o->check.registry, urls, works, k);
}

/* Judges (or reads) one job and hands it to the writer. */
static void work_one(struct cs_engine *e, struct cs_job *j)
{
    struct cs_wmsg *m;

    if (j->kind == CS_JOB_WORK)
        judge_work(e, j);
    else
        read_index(e, j);
    /* the body has served its purpose (meta tags, the page, the card) */
    free(j->work.resp.body);
    j->work.resp.body = NULL;
    j->work.resp.body_len = 0;
    m = calloc(1, sizeof(*m));
    if (m)
        m->job = j;
    if (!m || !cs_queue_push(e->write_q, m)) {
        cs_job_free(j);
        free(m);
        cs_job_lost(e);
    }
}

static void *worker_main(void *arg)
{
    struct cs_engine *e = arg;
    struct cs_job *batch[REGISTRY_BATCH];
    size_t n;

    while ((batch[0] = cs_queue_pop(e->parse_q)) != NULL) {
        n = 1;
        /* with the registry on, what else is waiting is asked about in the same POST */
        while (e->o->check.registry && n < REGISTRY_BATCH &&
               (batch[n] = cs_queue_trypop(e->parse_q)) != NULL)
            n++;
        if (e->o->check.registry)
            ask_registry(e, batch, n);
        for (size_t i = 0; i < n; i++)
            work_one(e, batch[i]);
    }
    return NULL;
}

/* Keeps the first of a kind of failure (the others are already logged by their cause). */
static void first_failure(atomic_bool *seen, char *out, size_t len, const char *prefix,
                          const char *msg)
{
    if (!atomic_exchange(seen, true)) {
        snprintf(out, len, "%s", msg);
        cs_log(CS_LOG_ERROR, "%s%s", prefix, msg);
    }
}

void cs_engine_input_failed(struct cs_engine *e, const char *msg)
{
    first_failure(&e->input_failed, e->input_error, sizeof(e->input_error), "input: ", msg);
}

const char *const *cs_engine_sample(const struct cs_engine *e, size_t *n)
{
    *n = e->sample ? e->n_sample : 0;
    return (const char *const *)e->sample;
}

void cs_engine_store_failed(struct cs_engine *e, const char *msg)
{
    first_failure(&e->store_failed, e->store_error, sizeof(e->store_error), "", msg);
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

/* A listing page (Hub or CKAN) that got no usable answer after its retries and is not an
 * expired cursor (those restart the listing). */
static bool listing_failed(const struct cs_job *j)
{
    int s = j->work.resp.http_status;

    if (j->kind != CS_JOB_LIST && j->kind != CS_JOB_CKAN)
        return false;
    if (s == 200)
        return false; /* read, or not readable (cut, not JSON): noted, never taken as whole */
    /* an expired cursor: restarted, or past the restarts' budget stopped for this run, which
     * then ends without taking the listing as whole (asking the dead cursor again next run
     * would keep the run unfinished for ever) */
    return !(j->kind == CS_JOB_LIST && (s == 400 || s == 410));
}

/* A reader of an index entry (card, Croissant, viewer, dataset page) whose answer was a passing
 * failure: a 5xx, 408, 429 after the retries, a timeout or a network error (not a robots.txt
 * refusal, not a 4xx that says what the entry is). */
static bool passing_failure(const struct cs_job *j)
{
    int s = j->work.resp.http_status;

    if (j->kind != CS_JOB_CARD && j->kind != CS_JOB_CROISSANT && j->kind != CS_JOB_PAGE &&
        j->kind != CS_JOB_VIEWER_SIZE && j->kind != CS_JOB_VIEWER_ROWS)
        return false;
    if (!j->work.resp.url)
        return false; /* never asked: refused by robots.txt or the address guard */
    if (j->kind == CS_JOB_VIEWER_SIZE && s == 501)
        return false; /* the viewer's final answer: it cannot convert the dataset */
    return s == 0 || s == 408 || s == 429 || s >= 500;
}

/* Such a failure goes into the carry-over run: the next crawl asks it again, wherever its page
 * of the listing is (an incremental listing stops at the pages it has seen before). At most
 * once per entry and run. */
static int carry_over(struct cs_engine *e, struct cs_store_batch *b, const struct cs_job *j)
{
    struct cs_frontier_entry fe = { 0, j->kind, j->input, j->extra ? j->extra : "" };
    char dedup[CS_MAX_URL_LEN + 48];

    if (!e->o->retry_run || !passing_failure(j))
        return CS_OK;
    snprintf(dedup, sizeof(dedup), "%.8192s#%llu", j->input, (unsigned long long)e->o->run);
    atomic_fetch_add(&e->retry_later, 1);
    return cs_store_frontier_add(b, e->o->retry_run, &fe, dedup);
}

static const char *index_kind_name(int kind)
{
    switch (kind) {
    case CS_JOB_LIST:
        return "hub-listing";
    case CS_JOB_CROISSANT:
        return "croissant";
    case CS_JOB_CKAN:
        return "ckan-page";
    case CS_JOB_PAGE:
        return "dataset-page";
    case CS_JOB_VIEWER_SIZE:
        return "viewer-size";
    case CS_JOB_VIEWER_ROWS:
        return "viewer-rows";
    default:
        return "card";
    }
}

/* A listing page or card: its follow-up work, node and edges, its fetch record, and the end of
 * its frontier entry, in one batch (issue 3: hub cursors commit with everything else). */
static int write_index(struct cs_engine *e, struct cs_store_batch *b, struct cs_job *j, int64_t now)
{
    const struct cs_response *r = &j->work.resp;
    struct cs_fetch_record fr = {
        .url = j->u.url,
        .origin = j->u.origin,
        .kind = index_kind_name(j->kind),
        .method = "GET",
        .final_url = r->url,
        .http_status = r->http_status,
        .error = r->url ? r->error : j->work.error,
        .fetched_at = r->url ? r->fetched_at : now,
        .duration_ms = r->duration_ms,
    };
    int rc;

    if (j->failed) {
        cs_engine_store_failed(
            e, "out of memory: some index work was not done (the next run does it)");
        return CS_OK;
    }
    if (listing_failed(j)) {
        /* the listing cannot go on: the run stays unfinished, the next run retries this page
         * (and does not take the pages before it as the whole listing) */
        cs_log(CS_LOG_WARN, "%s: %s; the next run resumes here", j->input,
               j->work.resp.error ? j->work.resp.error : j->work.error);
        atomic_store(&e->incomplete, true);
        return cs_store_put_fetch(b, &fr);
    }
    rc = cs_hubwork_queue(b, e->o->run, &j->hub, now);
    if (rc == CS_OK)
        rc = carry_over(e, b, j);
    if (rc == CS_OK)
        rc = cs_store_put_fetch(b, &fr);
    if (rc == CS_OK)
        rc = cs_store_frontier_done(b, e->o->run, j->seq);
    if (j->kind == CS_JOB_LIST && j->hub.listing_end)
        atomic_store(&e->listed_whole[j->hub.listed_kind == CS_NODE_MODEL], true);
    if ((j->kind == CS_JOB_LIST || j->kind == CS_JOB_CKAN) && r->http_status == 200) {
        atomic_fetch_add(&e->pages, 1);
        atomic_fetch_add(&e->unchanged, j->hub.unchanged_before);
        atomic_fetch_add(&e->gated, j->hub.unreadable);
    } else if (j->kind == CS_JOB_CARD && j->hub.put_node) {
        atomic_fetch_add(&e->cards, 1);
    } else if (j->kind == CS_JOB_VIEWER_ROWS && j->hub.put_node) {
        atomic_fetch_add(&e->viewer_pages, 1);
        atomic_fetch_add(&e->viewer_urls, j->hub.n_edges);
    }
    atomic_fetch_add(&e->datasets, j->hub.n_groups);
    return rc;
}

static int write_msg(struct cs_engine *e, struct cs_store_batch *b, struct cs_wmsg *m, size_t *jobs,
                     size_t *sites)
{
    int64_t now = cs_clock_now();
    int rc = CS_OK;

    if (m->job && m->job->kind != CS_JOB_WORK) {
        rc = b ? write_index(e, b, m->job, now) : CS_OK;
        (*jobs)++;
        cs_job_free(m->job);
    } else if (m->job) {
        /* the result and the end of its frontier entry commit together (nothing lost, nothing
         * done twice) */
        if (b && m->job->res.json)
            rc = cs_judge_queue(b, &m->job->res, &m->job->work, now);
        if (b && rc == CS_OK && m->job->res.json)
            rc = cs_store_frontier_done(b, e->o->run, m->job->seq);
        else if (!m->job->res.json)
            cs_engine_store_failed(e,
                                   "out of memory: a result was not stored (the next run does it)");
        (*jobs)++;
        count(e, m->job);
        cs_job_free(m->job);
    } else {
        (*sites)++;
        rc = b ? cs_hostfile_queue(b, m->rec, &m->resp, m->url) : CS_OK;
        if (rc == CS_OK && b && m->rec == m->site->site.rec)
            rc = cs_site_queue_history(&e->o->check, b, &m->site->site, now);
        cs_site_ref_release(m->site);
        cs_response_release(&m->resp);
        free(m->url);
    }
    free(m);
    return rc;
}

/* Commits the batch; then its jobs are no longer outstanding (the feeder may end the run). A
 * failed commit leaves their entries in the frontier for the next run. */
static void commit(struct cs_engine *e, struct cs_store_batch **b, size_t *jobs, size_t *sites)
{
    struct cs_diag diag = { 0 };
    bool any = *b != NULL;

    if (*b && cs_store_batch_commit(*b, &diag) != CS_OK)
        cs_engine_store_failed(e, diag.msg[0] ? diag.msg : "cannot write the store");
    *b = NULL;
    atomic_fetch_sub(&e->outstanding, *jobs);
    *jobs = 0;
    atomic_fetch_add(&e->sites_committed, *sites); /* in queue order: the fetch thread may now
                                                       let those hosts' sites go (fetchloop.c) */
    *sites = 0;
    if (any)
        kick_feeder(e);
}

/* The writer: the only thread that writes the store; commits in batches (one transaction for
 * up to BATCH_ITEMS records, or whatever arrived before an idle pause). */
static void *writer_main(void *arg)
{
    struct cs_engine *e = arg;
    struct cs_store_batch *b = NULL;
    size_t n = 0, jobs = 0, sites = 0;
    int rc;

    for (;;) {
        struct cs_wmsg *m = cs_queue_pop_wait(e->write_q, BATCH_IDLE_MS);
        if ((void *)m == (void *)&e->eof_marker)
            break;
        if (!m) {
            commit(e, &b, &jobs, &sites);
            n = 0;
            continue;
        }
        if (!b && cs_store_batch_begin(e->o->check.store, &b) != CS_OK)
            cs_engine_store_failed(e, "cannot start a store batch");
        if ((rc = write_msg(e, b, m, &jobs, &sites)) != CS_OK) {
            char why[96];
            snprintf(why, sizeof(why), "cannot queue a record: %s", cs_strerror(rc));
            cs_engine_store_failed(e, why);
        }
        if (++n >= BATCH_ITEMS) {
            commit(e, &b, &jobs, &sites);
            n = 0;
        }
    }
    commit(e, &b, &jobs, &sites);
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
    st->pages = atomic_load(&e->pages);
    st->cards = atomic_load(&e->cards);
    st->viewer_pages = atomic_load(&e->viewer_pages);
    st->viewer_urls = atomic_load(&e->viewer_urls);
    st->datasets = atomic_load(&e->datasets);
    st->unchanged = atomic_load(&e->unchanged);
    st->retried = atomic_load(&e->retried);
    st->gated = atomic_load(&e->gated);
    st->retry_later = atomic_load(&e->retry_later);
    st->interrupted = atomic_load(&e->stop);
    st->incomplete = atomic_load(&e->incomplete);
    st->listed_whole[0] = atomic_load(&e->listed_whole[0]);
    st->listed_whole[1] = atomic_load(&e->listed_whole[1]);
    st->queued = 0;
    st->elapsed_s = (double)(cs_clock_mono_ms() - e->t0) / 1000.0;
    snprintf(st->store_error, sizeof(st->store_error), "%s", e->store_error);
    snprintf(st->input_error, sizeof(st->input_error), "%s", e->input_error);
}

int cs_engine_run(struct cs_engine *e, FILE *in, struct cs_engine_stats *st)
{
    pthread_t reader, writer, workers[MAX_WORKERS];
    int nworkers = e->o->threads < 1             ? 1
                   : e->o->threads > MAX_WORKERS ? MAX_WORKERS
                                                 : e->o->threads;
    int started = 0;

    uint64_t last = 0;
    pthread_t feeder;

    e->in = in;
    e->t0 = cs_clock_mono_ms();
    /* a resumed run: entries numbered before and no longer in the frontier were done by the
     * run before */
    if (cs_store_frontier_state(e->o->check.store, e->o->run, &last, &e->pending0) != CS_OK)
        return CS_E_IO;
    atomic_store(&e->skipped, e->o->resume && last > e->pending0 ? last - e->pending0 : 0);
    if (pthread_create(&writer, NULL, writer_main, e) != 0)
        return CS_E_NOMEM;
    while (started < nworkers && pthread_create(&workers[started], NULL, worker_main, e) == 0)
        started++;
    if (started > 0 && pthread_create(&feeder, NULL, feeder_main, e) != 0)
        started = -started;
    if (started > 0 && pthread_create(&reader, NULL, cs_ingest_main, e) != 0) {
        atomic_store(&e->stop, true);
        cs_queue_close(e->in_q);
        pthread_join(feeder, NULL);
        started = -started;
    }
    if (started <= 0) {
        started = -started;
        cs_queue_close(e->parse_q);
        for (int i = 0; i < started; i++)
            pthread_join(workers[i], NULL);
        cs_queue_push(e->write_q, &e->eof_marker);
        pthread_join(writer, NULL);
        return CS_E_NOMEM;
    }
    cs_fetchloop_run(e);
    cs_queue_close(e->in_q); /* unblocks the feeder if it still waits */
    if (atomic_load(&e->stop))
        pthread_cancel(reader); /* it may be blocked reading a slow standard input */
    pthread_join(reader, NULL);
    pthread_join(feeder, NULL);
    cs_fetchloop_drain(e);
    cs_queue_close(e->parse_q);
    for (int i = 0; i < started; i++)
        pthread_join(workers[i], NULL);
    cs_queue_push(e->write_q, &e->eof_marker);
    pthread_join(writer, NULL);
    finish_stats(e, st);
    return CS_OK;
}
