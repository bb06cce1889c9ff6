/* SPDX-License-Identifier: MIT
 * fetchloop.c - the crawl engine's fetch thread: takes URLs from the input queue into per-host
 * queues, starts requests when a host's turn comes (robots.txt first), drives every transfer
 * with one libcurl multi handle, follows redirects and retries, and hands finished jobs to the
 * parse workers (issue 3: politeness and HTTP correctness). Only this thread touches the multi
 * handle, the easy handles and the host table.
 */
#include "cs_setup.h"

#include "cs_clock.h"
#include "cs_limits.h"
#include "cs_log.h"
#include "cs_str.h"
#include "dnsgen.h"
#include "engine_int.h"
#include "hostfile.h"
#include "ratelimit.h"

#include <curl/curl.h>
#include <math.h>
#include <strings.h>

#define CIRCUIT_FAILURES 5

static void link_xfer(struct cs_engine *e, struct cs_xfer *x)
{
    x->prev = NULL;
    x->next = e->running;
    if (e->running)
        e->running->prev = x;
    e->running = x;
    e->nrunning++;
}

static void unlink_xfer(struct cs_engine *e, struct cs_xfer *x)
{
    if (x->prev)
        x->prev->next = x->next;
    else
        e->running = x->next;
    if (x->next)
        x->next->prev = x->prev;
    e->nrunning--;
}

static void complete(struct cs_engine *e, struct cs_xfer *x, int code);

/* RFC 9110 13.1: ask with last run's validators; an unchanged work answers 304. */
/* A conditional request for a work fetched before. Not for an image or PDF: its signals sit
 * in its first bytes (signals.md 9), which a 304 does not carry, and that read is bounded. */
static int make_conditional(struct cs_xfer *x)
{
    char etag[512];
    char lm[128];
    char ct[128];
    const char *lines = x->job->prev->headers;

    if (cs_header_lines_value(lines, "content-type", ct, sizeof(ct)) &&
        (strncasecmp(ct, "image/", 6) == 0 || strncasecmp(ct, "application/pdf", 15) == 0))
        return CS_OK;
    return cs_transfer_conditional(x->t, cs_header_lines_value(lines, "etag", etag, sizeof(etag)),
                                   cs_header_lines_value(lines, "last-modified", lm, sizeof(lm)));
}

/* The index's token goes to the index's own origin and its dataset viewer only (the viewer
 * needs it for gated datasets): a redirect to a CDN is a new request to another origin, made
 * without it (issue 4). */
static int authorize(struct cs_engine *e, struct cs_xfer *x, const char *url)
{
    char value[600];
    struct cs_url u;
    bool same;

    if (!e->o->hub_token || !e->o->hub_origin || cs_url_parse(url, &u, NULL) != CS_OK)
        return CS_OK;
    same = strcmp(u.origin, e->o->hub_origin) == 0 ||
           (e->o->viewer_origin && strcmp(u.origin, e->o->viewer_origin) == 0);
    cs_url_release(&u);
    if (!same)
        return CS_OK;
    snprintf(value, sizeof(value), "Bearer %s", e->o->hub_token);
    return cs_transfer_header(x->t, "Authorization", value);
}

/* The state a host returns to when its host-file request did not complete. */
static enum cs_host_state file_state(int kind)
{
    return kind == CS_HOSTFILE_ROBOTS ? CS_HOST_NEW : CS_HOST_FILES;
}

/* Whether the connection of a request to slot stays open for slot's next one (more: one is
 * expected): only when that one may start soon, and for at most warm_budget hosts at once, so
 * libcurl's cache never evicts (engine.c). */
static bool keep_open(const struct cs_engine *e, const struct cs_host *slot, bool more)
{
    return more && slot->delay_ms <= CS_CONN_KEEP_DELAY_MS && e->warm_hosts < e->warm_budget;
}

/* h's open connection will not be asked for again: no longer counted (libcurl closes it once
 * idle for CS_CONN_MAX_IDLE_S). */
static void cool(struct cs_engine *e, struct cs_host *h)
{
    if (h->warm) {
        h->warm = false;
        e->warm_hosts--;
    }
}

static void idle_unlink(struct cs_engine *e, struct cs_host *h)
{
    if (h->idle_prev)
        h->idle_prev->idle_next = h->idle_next;
    else
        e->idle_head = h->idle_next;
    if (h->idle_next)
        h->idle_next->idle_prev = h->idle_prev;
    else
        e->idle_tail = h->idle_prev;
    h->idle_prev = h->idle_next = NULL;
    h->idle = false;
    e->idle_count--;
}

/* Past CS_IDLE_SITES idle hosts, the oldest let their site go (its parsed files are the bulk of
 * a host's memory: a crawl of many hosts would otherwise keep all of them). Only once the
 * writer has committed the host's files, so that more work for it later finds them in the
 * store (within their time to live) instead of asking the host again. */
static void evict_idle(struct cs_engine *e)
{
    uint64_t committed = atomic_load(&e->sites_committed);
    struct cs_host *h;

    while (e->idle_count > CS_IDLE_SITES && (h = e->idle_head) != NULL) {
        if (h->queued || h->in_flight || h->state != CS_HOST_READY) {
            idle_unlink(e, h); /* busy again since */
            continue;
        }
        if (h->sites_sent > committed)
            break; /* not in the store yet; the hosts after it went idle later */
        idle_unlink(e, h);
        cs_site_ref_release(h->site);
        h->site = NULL;
        h->state = CS_HOST_NEW;
    }
}

/* h has nothing to do: its connection is no longer counted as kept, and it joins the tail of
 * the idle hosts. */
static void went_idle(struct cs_engine *e, struct cs_host *h)
{
    if (h->queued || h->in_flight || h->state != CS_HOST_READY)
        return;
    cool(e, h);
    if (h->idle)
        idle_unlink(e, h);
    h->idle_prev = e->idle_tail;
    if (e->idle_tail)
        e->idle_tail->idle_next = h;
    else
        e->idle_head = h;
    e->idle_tail = h;
    h->idle = true;
    e->idle_count++;
    evict_idle(e);
}

/* Starts a request for url; x is Taken (finished at once when refused without I/O). */
static int start(struct cs_engine *e, struct cs_xfer *x, const struct cs_fetch_opts *fo,
                 const char *url)
{
    CURL *easy;
    int rc = cs_transfer_new(fo, url, &x->t);

    cool(e, x->slot);  /* its open connection, if still alive, serves this request */
    if (rc != CS_OK) { /* undo the caller's accounting: the host's turn comes again */
        x->slot->in_flight--;
        cs_hosts_update(e->hosts, x->slot, e->o->per_host);
        if (x->job)
            cs_hosts_enqueue(x->host, x->job, true);
        else
            x->host->state = file_state(x->file_kind);
        cs_hosts_update(e->hosts, x->host, e->o->per_host);
        free(x->robots_url);
        free(x);
        return rc;
    }
    e->st.requests++;
    if (x->job && x->job->prev && x->job->hops == 0 && make_conditional(x) != CS_OK)
        cs_log(CS_LOG_WARN, "cannot make a conditional request for '%s'", url);
    if (x->job && x->job->kind != CS_JOB_WORK && authorize(e, x, url) != CS_OK)
        cs_log(CS_LOG_WARN, "cannot add the token to '%s'", url);
    cs_transfer_keep(x->t, x->keep, CS_CONN_MAX_IDLE_S);
    link_xfer(e, x);
    easy = cs_transfer_easy(x->t);
    if (!easy) {
        complete(e, x, 0); /* e.g. a host under .invalid */
        return CS_OK;
    }
    curl_easy_setopt(easy, CURLOPT_PRIVATE, x);
    x->dns_gen = x->slot->dns_gen;
    cs_dnsgens_attach(e->dns, easy, &x->dns_gen);
    x->slot->dns_gen = x->dns_gen;
    if (curl_multi_add_handle(e->multi, easy) != CURLM_OK) {
        complete(e, x, CURLE_FAILED_INIT);
        return CS_OK;
    }
    return CS_OK;
}

static void report(struct cs_engine *e, int64_t now);

/* Hands a judged-to-be job to the parse workers; while they are behind (back-pressure), the
 * progress line keeps moving. */
static void dispatch(struct cs_engine *e, struct cs_job *j)
{
    int rc;

    e->live--;
    while ((rc = cs_queue_push_wait(e->parse_q, j, 250)) == 1)
        report(e, cs_clock_mono_ms());
    if (rc != 0) {
        cs_job_free(j); /* cannot happen before the fetch thread closes it */
        cs_job_lost(e);
    }
}

/* The delay runs from the end of a request, not its start (as wget's --wait and Nutch do): the
 * server sees at least the delay between one response and the next request. */
static void space(struct cs_engine *e, struct cs_host *h, int64_t now)
{
    if (now + h->delay_ms > h->next_ms) {
        h->next_ms = now + h->delay_ms;
        cs_hosts_update(e->hosts, h, e->o->per_host); /* its key changed: sift it again */
    }
}

/* The next turn of h is at least wait ms away (a back-off); keeps its place in the heap right. */
static void defer(struct cs_engine *e, struct cs_host *h, int64_t now, int64_t wait)
{
    if (now + wait > h->next_ms) {
        h->next_ms = now + wait;
        cs_hosts_update(e->hosts, h, e->o->per_host);
    }
}

/* Hosts that publish a quota are paced by it (RateLimit / RateLimit-Policy and the older
 * X-RateLimit-* fields): the next request waits until the quota can last to its reset. */
static void pace(struct cs_engine *e, struct cs_host *h, const struct cs_response *r, int64_t now)
{
    const char *rem = cs_response_header(r, "ratelimit-remaining", 0);
    const char *rst = cs_response_header(r, "ratelimit-reset", 0);
    struct cs_ratelimit rl;

    if (!rem)
        rem = cs_response_header(r, "x-ratelimit-remaining", 0);
    if (!rst)
        rst = cs_response_header(r, "x-ratelimit-reset", 0);
    cs_ratelimit_read(cs_response_header(r, "ratelimit", 0),
                      cs_response_header(r, "ratelimit-policy", 0), rem, rst, cs_clock_now(), &rl);
    if (rl.known)
        defer(e, h, now, cs_ratelimit_gap_ms(&rl, 600000));
}

static struct cs_site_ref *site_new(struct cs_hostfile_record *rec, bool cached)
{
    struct cs_site_ref *s = calloc(1, sizeof(*s));

    if (!s) {
        cs_hostfile_record_free(rec);
        return NULL;
    }
    if (cs_site_init(&s->site, rec, cached) != CS_OK) {
        cs_site_release(&s->site);
        free(s);
        return NULL;
    }
    atomic_init(&s->refs, 1);
    return s;
}

static struct cs_site_ref *site_ref(struct cs_site_ref *s)
{
    atomic_fetch_add(&s->refs, 1);
    return s;
}

/* The configuration file's override for this origin (or its host name), looked up once. */
static void configure(struct cs_engine *e, struct cs_host *h)
{
    const struct cs_cfg_host *o = NULL;
    struct cs_url u;

    h->configured = true;
    h->base_delay_ms = e->o->delay_ms;
    if (!e->o->cfg || cs_url_parse(h->origin, &u, NULL) != CS_OK)
        return;
    o = cs_cfg_host_find(e->o->cfg, h->origin, u.host);
    cs_url_release(&u);
    if (o && o->delay_ms >= 0)
        h->base_delay_ms = o->delay_ms;
    if (o && o->per_host > 0)
        h->per_host = o->per_host;
}

/* robots.txt is read: Crawl-delay for consentscan's group, honoured up to the cap; the other
 * host files come next, before any other request. */
static void robots_ready(struct cs_engine *e, struct cs_host *h, struct cs_site_ref *s)
{
    const char *cd =
        s->site.parsed ? cs_robots_group_ext(s->site.parsed, e->o->check.self_token, "crawl-delay")
                       : NULL;
    char *end = NULL;
    double secs = cd ? strtod(cd, &end) : 0;

    h->pending = s;
    h->state = CS_HOST_FILES;
    h->file_kind = CS_HOSTFILE_ROBOTS + 1;
    h->robots_attempts = 0;
    h->delay_ms = h->base_delay_ms;
    if (cd && end != cd && secs > 0 && isfinite(secs)) {
        int64_t ms = secs * 1000 > (double)e->o->crawl_delay_cap_ms ? e->o->crawl_delay_cap_ms
                                                                    : (int64_t)(secs * 1000);
        if (ms > e->o->crawl_delay_cap_ms)
            ms = e->o->crawl_delay_cap_ms;
        if (ms > h->delay_ms)
            h->delay_ms = ms;
    }
}

/* A host file stored less than its time to live ago is reused (issue 2 item 5). */
static struct cs_hostfile_record *cached_file(struct cs_engine *e, struct cs_host *h, int k)
{
    struct cs_hostfile_record *rec = NULL;

    if (cs_store_get_hostfile(e->o->check.store, h->origin, cs_hostfile_kinds[k].name, &rec) !=
        CS_OK)
        return NULL;
    if (!cs_hostfile_fresh(rec, &cs_hostfile_kinds[k], &e->o->check.robots_ttl)) {
        cs_hostfile_record_free(rec);
        return NULL;
    }
    return rec;
}

static bool try_cached(struct cs_engine *e, struct cs_host *h)
{
    struct cs_hostfile_record *rec = cached_file(e, h, CS_HOSTFILE_ROBOTS);
    struct cs_site_ref *s = rec ? site_new(rec, true) : NULL;

    if (!s)
        return false;
    robots_ready(e, h, s);
    e->st.robots_cached++;
    return true;
}

/* Whether the host's next host file may be fetched: 1 yes; 0 no (why says why: its own
 * robots.txt group refuses, or the file is on another origin, whose robots.txt a crawl does not
 * ask for it); -1 when the site names no such file (an RSL document without License:). */
static int file_allowed(struct cs_engine *e, struct cs_host *h, char *why, size_t why_len)
{
    char *url = NULL;
    struct cs_url u;
    int line, ok = 0;

    if (cs_site_file_url(&h->pending->site, h->file_kind, h->origin, &url) != CS_OK)
        return -1;
    if (cs_url_parse(url, &u, NULL) != CS_OK) {
        snprintf(why, why_len, "not fetched: malformed URL");
    } else {
        if (strcmp(u.origin, h->origin) != 0)
            snprintf(why, why_len, "not fetched: on another origin (%.120s; `check` reads it)",
                     u.origin);
        else
            ok = cs_site_self_allowed(&h->pending->site, e->o->check.self_token, u.path_query,
                                      &line, why, why_len);
        cs_url_release(&u);
    }
    free(url);
    return ok;
}

/* Moves past the host files that need no request (stored and fresh, or refused to
 * consentscan by robots.txt); once all are in, the site is published and the host READY.
 * Returns false when the next one must be fetched. */
static bool files_advance(struct cs_engine *e, struct cs_host *h)
{
    struct cs_site *site = &h->pending->site;

    for (; h->file_kind < CS_HOSTFILE__COUNT; h->file_kind++) {
        const struct cs_hostfile_kind *k = &cs_hostfile_kinds[h->file_kind];
        struct cs_hostfile_record *rec;
        char why[256];
        if (h->robots_next)
            return false; /* a redirect hop of this file waits */
        if ((rec = cached_file(e, h, h->file_kind)) != NULL) {
            cs_site_set_file(site, h->file_kind, rec, true);
            continue;
        }
        switch (file_allowed(e, h, why, sizeof(why))) {
        case 1:
            return false;
        case 0:
            if (cs_hostfile_record_skipped(h->origin, k, why, &rec) != CS_OK)
                return false; /* out of memory: fetched after all */
            cs_site_set_file(site, h->file_kind, rec, false);
            break;
        default:
            break; /* the site names no such file */
        }
    }
    h->site = h->pending;
    h->pending = NULL;
    h->state = CS_HOST_READY;
    return true;
}

/* The host a robots.txt request occupies: its own, or for a redirect hop to another origin
 * (RFC 9309 2.3.1.2 follows across hosts) that origin's, whose politeness then applies. NULL
 * when that host is busy or not due yet: the hop waits. */
static struct cs_host *robots_slot(struct cs_engine *e, struct cs_host *h, const char *url,
                                   int64_t now)
{
    struct cs_host *t = NULL;
    struct cs_url u;

    if (url && cs_url_parse(url, &u, NULL) == CS_OK) {
        if (strcmp(u.origin, h->origin) != 0)
            t = cs_hosts_get(e->hosts, u.origin);
        cs_url_release(&u);
    }
    if (!t)
        return h;
    if (t->in_flight >= (t->per_host ? t->per_host : e->o->per_host) || t->next_ms > now) {
        defer(e, h, now, (t->next_ms > now ? t->next_ms - now : 0) + 10);
        return NULL;
    }
    return t;
}

/* Starts the host's next host-file request, or the redirect hop it is waiting to follow. */
static void start_hostfile(struct cs_engine *e, struct cs_host *h, int64_t now)
{
    struct cs_host *slot = robots_slot(e, h, h->robots_next, now);
    struct cs_xfer *x = slot ? calloc(1, sizeof(*x)) : NULL;
    int kind = h->state == CS_HOST_NEW ? CS_HOSTFILE_ROBOTS : h->file_kind;
    const struct cs_site *site = kind == CS_HOSTFILE_ROBOTS ? NULL : &h->pending->site;
    char *first = NULL;
    char *url = h->robots_next;

    if (x && !h->robots_first && cs_site_file_url(site, kind, h->origin, &first) != CS_OK) {
        free(x);
        return; /* out of memory: retried at the next turn */
    }
    if (!x || !(x->robots_url = h->robots_first ? h->robots_first : first)) {
        free(x);
        return; /* waiting for the hop's host: retried at the next turn */
    }
    x->host = h;
    x->slot = slot;
    x->file_kind = kind;
    x->robots_hops = url ? h->robots_hops : 0;
    h->robots_next = NULL;
    h->robots_first = NULL;
    h->state = CS_HOST_FETCHING;
    slot->in_flight++;
    if (!slot->configured)
        configure(e, slot);
    if (slot->delay_ms < slot->base_delay_ms)
        slot->delay_ms = slot->base_delay_ms; /* robots.txt is a request like any other */
    slot->next_ms = now + slot->delay_ms;
    if (slot != h)
        cs_hosts_update(e->hosts, slot, e->o->per_host);
    x->keep = keep_open(e, slot, slot == h); /* robots.txt and each file lead to the next */
    start(e, x, &e->file_opts[kind], url ? url : x->robots_url);
    free(url);
}

/* Decides a job that needs no request; false when it must be fetched. */
static bool settle_without_fetch(struct cs_engine *e, struct cs_host *h, struct cs_job *j)
{
    struct cs_url cur;
    bool ok;
    int line = 0;

    if (cs_job_is_api(j->kind))
        return false; /* an API call: paced by the API's quota, not gated by robots.txt */
    if (h->failures >= CIRCUIT_FAILURES) {
        snprintf(j->work.error, sizeof(j->work.error),
                 "not fetched: %d failures in a row on this host (circuit breaker)", h->failures);
        return true;
    }
    if (cs_url_parse(j->cur, &cur, NULL) != CS_OK) {
        snprintf(j->work.error, sizeof(j->work.error), "not fetched: malformed URL");
        return true;
    }
    ok = cs_site_self_allowed(&h->site->site, e->o->check.self_token, cur.path_query, &line,
                              j->work.error, sizeof(j->work.error));
    cs_url_release(&cur);
    if (j->hops == 0) {
        j->self_allowed = ok;
        j->self_line = line;
    }
    if (ok)
        j->work.error[0] = '\0';
    return !ok;
}

/* The host's next queued job that needs a request; those before it that need none are decided
 * on the way (robots.txt refuses them, the circuit breaker is open). */
static struct cs_job *next_to_fetch(struct cs_engine *e, struct cs_host *h)
{
    struct cs_job *j;

    while ((j = cs_hosts_dequeue(h)) != NULL) {
        if (!j->site)
            j->site = site_ref(h->site);
        if (!settle_without_fetch(e, h, j))
            return j;
        dispatch(e, j);
    }
    return NULL;
}

static void start_work(struct cs_engine *e, struct cs_host *h, struct cs_job *j, int64_t now)
{
    struct cs_xfer *x = calloc(1, sizeof(*x));
    struct cs_job *after;

    if (!x) {
        cs_hosts_enqueue(h, j, true);
        return;
    }
    x->host = h;
    x->slot = h;
    x->job = j;
    h->in_flight++;
    h->next_ms = now + h->delay_ms;
    if (j->attempts++ == 0)
        j->first_ms = now;
    /* decided now whether another request follows, so the connection is kept only then */
    if ((after = next_to_fetch(e, h)) != NULL)
        cs_hosts_enqueue(h, after, true);
    x->keep = keep_open(e, h, after != NULL);
    start(e, x,
          j->kind == CS_JOB_WORK                             ? &e->work_opts
          : j->kind == CS_JOB_CARD || j->kind == CS_JOB_PAGE ? &e->card_opts
                                                             : &e->api_opts,
          j->cur);
}

/* A host's turn: robots.txt first, then its next job that needs a request. */
static void serve_host(struct cs_engine *e, struct cs_host *h, int64_t now)
{
    struct cs_job *j;

    if (!h->configured)
        configure(e, h);
    if ((h->state == CS_HOST_NEW && (h->robots_next || !try_cached(e, h))) ||
        (h->state == CS_HOST_FILES && !files_advance(e, h))) {
        start_hostfile(e, h, now);
        cs_hosts_update(e->hosts, h, e->o->per_host);
        return;
    }
    if ((j = next_to_fetch(e, h)) != NULL)
        start_work(e, h, j, now);
    else
        went_idle(e, h);
    cs_hosts_update(e->hosts, h, e->o->per_host);
}

/* Sends a freshly fetched host file (rec, Borrowed from s) to the writer. */
static void send_site(struct cs_engine *e, struct cs_site_ref *s,
                      const struct cs_hostfile_record *rec, struct cs_response *r, char *url)
{
    struct cs_wmsg *m = calloc(1, sizeof(*m));

    if (!m) {
        cs_response_release(r);
        free(url);
        return;
    }
    m->site = site_ref(s);
    m->rec = rec;
    m->resp = *r;
    m->url = url;
    memset(r, 0, sizeof(*r));
    if (!cs_queue_push(e->write_q, m)) {
        cs_site_ref_release(m->site);
        cs_response_release(&m->resp);
        free(m->url);
        free(m);
        return;
    }
    e->sites_sent++;
}

/* The next hop of a redirect, or NULL (no Location, limit reached, malformed). Returns owned. */
static char *next_hop(const struct cs_response *r, int hops)
{
    const char *loc = cs_response_header(r, "location", 0);
    char *next = NULL;

    if (r->http_status < 300 || r->http_status > 399 || !loc || hops >= CS_MAX_REDIRECTS)
        return NULL;
    if (cs_url_resolve(r->url, loc, &next, NULL) != CS_OK)
        return NULL;
    return next;
}

/* A host file's final response: robots.txt makes the site; the others join it. False on out of
 * memory (the host's next turn asks again). */
static bool file_read(struct cs_engine *e, struct cs_host *h, struct cs_xfer *x,
                      struct cs_response *r)
{
    const struct cs_hostfile_kind *k = &cs_hostfile_kinds[x->file_kind];
    struct cs_hostfile_record *rec = NULL;
    struct cs_site_ref *s;

    if (cs_hostfile_record_from(h->origin, k, r, &rec) != CS_OK)
        return false;
    if (x->file_kind == CS_HOSTFILE_ROBOTS) {
        if (!(s = site_new(rec, false)))
            return false;
        robots_ready(e, h, s);
        e->st.robots_fetched++;
    } else {
        s = h->pending;
        cs_site_set_file(&s->site, x->file_kind, rec, false);
        h->file_kind++;
        h->robots_attempts = 0;
        h->state = CS_HOST_FILES;
    }
    send_site(e, s, rec, r, x->robots_url);
    h->sites_sent = e->sites_sent;
    x->robots_url = NULL;
    return true;
}

static void hostfile_done(struct cs_engine *e, struct cs_xfer *x, struct cs_response *r)
{
    struct cs_host *h = x->host;
    char *next = next_hop(r, x->robots_hops);
    int64_t now = cs_clock_mono_ms();
    int64_t wait;

    x->slot->in_flight--;
    space(e, x->slot, now);
    pace(e, x->slot, r, now);
    cs_hosts_update(e->hosts, x->slot, e->o->per_host);
    h->state = file_state(x->file_kind);
    if (next) {
        /* RFC 9309 2.3.1.2: follow, across hosts, the rules apply to this origin; the hop waits
         * for the host's next turn like any other request */
        h->robots_next = next;
        h->robots_first = x->robots_url;
        h->robots_hops = x->robots_hops + 1;
        x->robots_url = NULL;
        cs_response_release(r);
    } else if (cs_fetch_transient(r) && atomic_load(&e->stop)) {
        cs_response_release(r); /* stopping: not stored as unreachable; its jobs are dropped */
    } else if (cs_fetch_transient(r) && ++h->robots_attempts < e->o->max_attempts &&
               (wait = cs_fetch_backoff_ms(r, &e->rand_state, h->robots_attempts,
                                           e->o->retry_budget_ms)) >= 0) {
        defer(e, h, now, wait);
        e->st.retries++;
        cs_response_release(r);
    } else if (!file_read(e, h, x, r)) {
        cs_response_release(r); /* out of memory: try again at the host's next turn */
    }
    cs_hosts_update(e->hosts, h, e->o->per_host);
}

/* A redirect of a work: same origin goes back to the front of its host's queue; another origin
 * joins that origin's queue, whose robots.txt is asked first. */
static void follow(struct cs_engine *e, struct cs_job *j, char *next)
{
    struct cs_url u;
    struct cs_host *h2;

    if (cs_url_parse(next, &u, NULL) != CS_OK || !(h2 = cs_hosts_get(e->hosts, u.origin))) {
        free(next);
        snprintf(j->work.error, sizeof(j->work.error), "redirect to an unusable URL");
        dispatch(e, j);
        return;
    }
    free(j->cur);
    j->cur = next;
    j->hops++;
    j->attempts = 0;
    cs_hosts_enqueue(h2, j, strcmp(u.origin, j->u.origin) == 0);
    cs_hosts_update(e->hosts, h2, e->o->per_host);
    cs_url_release(&u);
}

/* A 304: the stored response, updated with the 304's headers, and last run's metas stand for
 * the work (RFC 9111 4.3.4); its verdict is derived again from them. Takes r on success. */
static bool revalidate(struct cs_engine *e, struct cs_job *j, struct cs_response *r)
{
    const struct cs_fetch_stored *p = j->prev;
    char *meta = p->meta ? cs_strdup(p->meta) : NULL;

    if ((p->meta && !meta) ||
        cs_response_revalidated(&j->work.resp, r, p->final_url ? p->final_url : j->cur,
                                p->http_status, p->headers) != CS_OK) {
        free(meta);
        return false;
    }
    cs_response_release(r);
    j->work.meta = meta;
    j->work.not_modified = true;
    cs_work_settle(&j->work);
    e->st.not_modified++;
    return true;
}

static void work_done(struct cs_engine *e, struct cs_xfer *x, struct cs_response *r)
{
    struct cs_host *h = x->host;
    struct cs_job *j = x->job;
    int64_t now = cs_clock_mono_ms();
    char *next = NULL;
    int64_t wait;

    h->in_flight--;
    space(e, h, now);
    pace(e, h, r, now);
    if (r->http_status == 304 && j->prev && j->hops == 0 && revalidate(e, j, r)) {
        h->failures = 0;
        dispatch(e, j);
    } else if ((next = next_hop(r, j->hops)) != NULL) {
        cs_response_release(r);
        follow(e, j, next);
    } else if (cs_fetch_transient(r) && atomic_load(&e->stop)) {
        /* stopping: a failure that a retry might cure is not stored as final, so the resumed
         * run checks the URL again (nothing lost) */
        cs_response_release(r);
        cs_job_free(j);
        e->live--;
        e->st.dropped++;
    } else if (cs_fetch_transient(r) && j->attempts < e->o->max_attempts &&
               (wait = cs_fetch_backoff_ms(r, &e->rand_state, j->attempts,
                                           e->o->retry_budget_ms - (now - j->first_ms))) >= 0) {
        h->failures++;
        defer(e, h, now, wait);
        e->st.retries++;
        cs_response_release(r);
        cs_hosts_enqueue(h, j, true);
    } else {
        h->failures = cs_fetch_transient(r) ? h->failures + 1 : 0;
        j->work.resp = *r;
        cs_work_settle(&j->work);
        dispatch(e, j);
    }
    cs_hosts_update(e->hosts, h, e->o->per_host);
}

static void complete(struct cs_engine *e, struct cs_xfer *x, int code)
{
    struct cs_response r;
    CURL *easy = cs_transfer_easy(x->t);

    unlink_xfer(e, x);
    if (easy)
        curl_multi_remove_handle(e->multi, easy);
    if (cs_transfer_finish(x->t, code, &r) != CS_OK) {
        cs_response_release(&r);
        r.url = cs_strdup("");
        r.error = cs_strdup("out of memory");
    }
    cs_dnsgens_detach(e->dns, x->dns_gen); /* its easy handle is gone */
    if (x->keep && r.error == NULL && !x->slot->warm) {
        x->slot->warm = true;
        e->warm_hosts++;
    }
    if (x->job)
        work_done(e, x, &r);
    else
        hostfile_done(e, x, &r);
    went_idle(e, x->slot);
    if (x->host != x->slot)
        went_idle(e, x->host);
    free(x->robots_url);
    free(x);
}

/* Moves URLs from the input queue to their hosts while the window has room. */
static void intake(struct cs_engine *e)
{
    struct cs_job *j;

    while (!e->input_done && e->live < e->o->window && (j = cs_queue_trypop(e->in_q)) != NULL) {
        struct cs_host *h;
        if ((void *)j == (void *)&e->eof_marker) {
            e->input_done = true;
            break;
        }
        h = cs_hosts_get(e->hosts, j->u.origin);
        if (!h) {
            cs_job_free(j);
            e->st.dropped++;
            cs_job_lost(e); /* its entry stays for the next run */
            continue;
        }
        e->live++;
        cs_hosts_enqueue(h, j, false);
        cs_hosts_update(e->hosts, h, e->o->per_host);
    }
}

/* Starts requests for the hosts whose turn has come; returns ms until the next turn. */
static int64_t pump(struct cs_engine *e, int64_t now)
{
    int64_t wait = -1;
    struct cs_host *h;

    while (e->nrunning < e->o->parallel && !atomic_load(&e->stop) &&
           (h = cs_hosts_due(e->hosts, now, &wait)) != NULL)
        serve_host(e, h, now);
    return e->nrunning >= e->o->parallel ? -1 : wait;
}

/* A host whose connection was kept and whose next request may start now goes on with it at
 * once, ahead of hosts that waited longer: the request reuses the connection (per host as the
 * peers' by-host lists do) before libcurl would have to close it. */
static void go_on(struct cs_engine *e, struct cs_host *h)
{
    int64_t now;

    if (!h->warm || e->nrunning >= e->o->parallel || atomic_load(&e->stop))
        return;
    now = cs_clock_mono_ms();
    if (cs_hosts_take_due(e->hosts, h, now))
        serve_host(e, h, now);
}

static void reap(struct cs_engine *e)
{
    CURLMsg *msg;
    int left;
    int still;

    curl_multi_perform(e->multi, &still);
    while ((msg = curl_multi_info_read(e->multi, &left)) != NULL) {
        struct cs_xfer *x = NULL;
        if (msg->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        if (x) {
            struct cs_host *slot = x->slot;
            complete(e, x, (int)msg->data.result);
            go_on(e, slot);
        }
    }
}

/* After a stop, transfers still running at the deadline are abandoned (their jobs dropped). */
static void abandon_running(struct cs_engine *e)
{
    while (e->running) {
        struct cs_xfer *x = e->running;
        unlink_xfer(e, x);
        curl_multi_remove_handle(e->multi, cs_transfer_easy(x->t));
        cs_transfer_free(x->t);
        cs_dnsgens_detach(e->dns, x->dns_gen);
        if (x->job) {
            cs_job_free(x->job);
            e->live--;
            e->st.dropped++;
        }
        free(x->robots_url);
        free(x);
    }
}

static void report(struct cs_engine *e, int64_t now)
{
    if (!e->o->progress || now - e->last_report < 500)
        return;
    e->last_report = now;
    e->st.hosts = cs_hosts_count(e->hosts);
    {
        /* what waits in the store's frontier too: the list's entries not done yet */
        size_t mem = e->live + cs_queue_len(e->in_q);
        size_t known = e->pending0 + atomic_load(&e->added);
        size_t done = atomic_load(&e->done);
        e->st.queued = known > done && known - done > mem ? known - done : mem;
    }
    e->st.lines = atomic_load(&e->lines);
    e->st.done = atomic_load(&e->done);
    e->st.failed = atomic_load(&e->failed);
    e->st.elapsed_s = (double)(now - e->t0) / 1000.0;
    e->o->progress(&e->st, e->o->progress_ctx);
}

int cs_fetchloop_run(struct cs_engine *e)
{
    for (;;) {
        int64_t now = cs_clock_mono_ms();
        int64_t wait;
        int timeout;

        intake(e);
        wait = pump(e, now);
        if (atomic_load(&e->stop)) {
            if (!e->stop_deadline) {
                e->stop_deadline = now + 5000;
                cs_queue_close(e->in_q); /* the reader stops at its next line */
            }
            if (now >= e->stop_deadline)
                abandon_running(e);
            if (e->nrunning == 0)
                break;
        } else if (e->input_done && e->live == 0 && e->nrunning == 0) {
            break;
        }
        timeout = wait < 0 || wait > 200 ? 200 : (int)wait;
        if (!e->input_done && e->live < e->o->window && timeout > 10)
            timeout = 10; /* input may be waiting */
        curl_multi_poll(e->multi, NULL, 0, timeout, NULL);
        reap(e);
        report(e, cs_clock_mono_ms());
    }
    return CS_OK;
}

static void drain_host(struct cs_host *h, void *ctx)
{
    struct cs_engine *e = ctx;
    struct cs_job *j;

    while ((j = cs_hosts_dequeue(h)) != NULL) {
        cs_job_free(j);
        e->live--;
        e->st.dropped++;
    }
}

void cs_fetchloop_drain(struct cs_engine *e)
{
    void *j;

    cs_hosts_each(e->hosts, drain_host, e);
    while ((j = cs_queue_trypop(e->in_q)) != NULL) {
        if (j != (void *)&e->eof_marker) {
            cs_job_free(j);
            e->st.dropped++;
        }
    }
}
