/* SPDX-License-Identifier: MIT
 * check.c - `check` of one URL, one request at a time: robots.txt first, then one bounded read
 * of the work (redirects followed hop by hop, each new origin asked first), then the verdict and
 * the store (issue 2). The judging steps are shared with the crawl engine (judge.h).
 */
#include "cs_setup.h"

#include "check.h"

#include "cs_clock.h"
#include "cs_limits.h"
#include "cs_log.h"
#include "cs_str.h"
#include "hostfile.h"
#include "judge.h"
#include "rsl.h"
#include "tdmrep.h"
#include "url.h"

/* Fetches or reuses origin's robots.txt; a fresh fetch is queued with its history. */
static int load_site(const struct cs_check_opts *o, struct cs_store_batch *b, const char *origin,
                     struct cs_site *s)
{
    const struct cs_hostfile_kind *k = &cs_hostfile_kinds[CS_HOSTFILE_ROBOTS];
    struct cs_hostfile_record *rec = NULL;
    bool cached = false;
    int rc;

    memset(s, 0, sizeof(*s));
    rc = cs_hostfile_get(&o->fetch, o->store, b, origin, NULL, k, &o->robots_ttl, &rec, &cached);
    if (rc == CS_OK)
        rc = cs_site_init(s, rec, cached);
    if (rc == CS_OK && b && !cached)
        rc = cs_site_queue_history(o, b, s, cs_clock_now());
    return rc;
}

/* May consentscan fetch url? Asks that origin's robots.txt first (fetched or reused). */
static int origin_allows(const struct cs_check_opts *o, struct cs_store_batch *b,
                         const struct cs_url *u, bool *ok, char *why, size_t why_len)
{
    struct cs_site s;
    int line;
    int rc = load_site(o, b, u->origin, &s);

    *ok =
        rc == CS_OK && cs_site_self_allowed(&s, o->self_token, u->path_query, &line, why, why_len);
    cs_site_release(&s);
    return rc;
}

int cs_check_origin_allows(const struct cs_check_opts *o, const struct cs_url *u, bool *ok,
                           char *why, size_t why_len)
{
    struct cs_store_batch *b = NULL;
    struct cs_diag diag = { 0 };
    int rc;

    if (o->store && cs_store_batch_begin(o->store, &b) != CS_OK)
        b = NULL; /* the answer is still used, only not kept */
    rc = origin_allows(o, b, u, ok, why, why_len);
    if (b && rc != CS_OK)
        cs_store_batch_abort(b);
    else if (b && cs_store_batch_commit(b, &diag) != CS_OK)
        cs_log(CS_LOG_WARN, "robots.txt not kept: %s", diag.msg); /* the next run asks again */
    return rc;
}

/* May consentscan follow a redirect to url? Asks that origin's robots.txt first. */
static int hop_allowed(const struct cs_check_opts *o, struct cs_store_batch *b, const char *url,
                       bool *ok, char *why, size_t why_len)
{
    struct cs_url u;
    int rc;

    *ok = false;
    rc = cs_url_parse(url, &u, NULL);
    if (rc != CS_OK) {
        snprintf(why, why_len, "redirect to a malformed URL");
        return rc == CS_E_NOMEM ? rc : CS_OK;
    }
    rc = origin_allows(o, b, &u, ok, why, why_len);
    if (rc == CS_OK && !*ok) {
        char tmp[256];
        snprintf(tmp, sizeof(tmp), "%.150s (redirect to %.90s)", why, u.origin);
        snprintf(why, why_len, "%s", tmp);
    }
    cs_url_release(&u);
    return rc;
}

/* One request with fo, following redirects hop by hop, each hop's origin asked first (issue 2
 * item 2). A refused hop leaves *r empty (r->url NULL) and why saying why. */
static int fetch_hops(const struct cs_check_opts *o, struct cs_store_batch *b,
                      const struct cs_fetch_opts *fo, const char *url, struct cs_response *r,
                      char *why, size_t why_len)
{
    char *cur = cs_strdup(url);
    int rc = cur ? CS_OK : CS_E_NOMEM;

    for (int hop = 0; cur; hop++) {
        const char *loc;
        char *next = NULL;
        bool ok = false;

        rc = cs_fetch(fo, cur, r);
        free(cur);
        cur = NULL;
        if (rc != CS_OK || r->http_status < 300 || r->http_status > 399)
            break;
        loc = cs_response_header(r, "location", 0);
        if (!loc || hop >= CS_MAX_REDIRECTS || cs_url_resolve(r->url, loc, &next, NULL))
            break;
        rc = hop_allowed(o, b, next, &ok, why, why_len);
        cs_response_release(r);
        if (rc != CS_OK || !ok) {
            free(next);
            return rc;
        }
        cur = next;
    }
    return rc;
}

/* One GET (or HEAD) of the work, following redirects hop by hop (issue 2 item 2). */
static int read_work(const struct cs_check_opts *o, struct cs_store_batch *b, const char *url,
                     struct cs_work *w)
{
    struct cs_fetch_opts fo = o->fetch;
    int rc;

    fo.body_mode = CS_BODY_HTML_HEAD;
    fo.max_body = CS_HTML_HEAD_MAX_BYTES;
    rc = fetch_hops(o, b, &fo, url, &w->resp, w->error, sizeof(w->error));
    if (rc == CS_OK)
        cs_work_settle(w);
    return rc;
}

static int commit(struct cs_check_result *res, struct cs_store_batch *b, const struct cs_work *w,
                  int64_t now)
{
    struct cs_diag diag = { 0 };
    int rc = cs_judge_queue(b, res, w, now);

    if (rc != CS_OK) {
        cs_store_batch_abort(b);
        return rc;
    }
    if (cs_store_batch_commit(b, &diag) != CS_OK)
        res->store_error = cs_strdup(diag.msg[0] ? diag.msg : "cannot write the store");
    return CS_OK;
}

static int start(const struct cs_check_opts *o, const char *input, struct cs_check_result *res,
                 struct cs_url *u, struct cs_store_batch **b)
{
    int rc;

    memset(res, 0, sizeof(*res));
    *b = NULL;
    rc = cs_url_parse(input, u, NULL);
    if (rc != CS_OK)
        return rc;
    res->input = cs_strdup(input);
    res->url = cs_strdup(u->url);
    res->origin = cs_strdup(u->origin);
    if (!res->input || !res->url || !res->origin)
        return CS_E_NOMEM;
    return o->store ? cs_store_batch_begin(o->store, b) : CS_OK;
}

/* Whether consentscan may read url, a host file of origin or an RSL document the work links to:
 * its own robots.txt group decides on the same origin; on another that origin's robots.txt. */
static int file_allowed(const struct cs_check_opts *o, struct cs_store_batch *b,
                        const struct cs_site *s, const char *origin, const char *url, bool *ok,
                        char *why, size_t why_len)
{
    struct cs_url u;
    int line;
    int rc = cs_url_parse(url, &u, NULL);

    *ok = false;
    if (rc != CS_OK) {
        snprintf(why, why_len, "not fetched: malformed URL");
        return rc == CS_E_NOMEM ? rc : CS_OK;
    }
    if (strcmp(u.origin, origin) == 0)
        *ok = cs_site_self_allowed(s, o->self_token, u.path_query, &line, why, why_len);
    else
        rc = origin_allows(o, b, &u, ok, why, why_len);
    cs_url_release(&u);
    return rc;
}

/* The other host-level files of the work's origin (issue 5: ai.txt, tdmrep.json, the RSL
 * document robots.txt names), each fetched once per origin and reused within its time to live,
 * and only where robots.txt lets consentscan in. */
static int load_site_files(const struct cs_check_opts *o, struct cs_store_batch *b,
                           const char *origin, struct cs_site *s)
{
    int rc = CS_OK;

    for (int k = CS_HOSTFILE_ROBOTS + 1; rc == CS_OK && k < CS_HOSTFILE__COUNT; k++) {
        const struct cs_hostfile_kind *kind = &cs_hostfile_kinds[k];
        struct cs_hostfile_record *rec = NULL;
        bool cached = false, ok = false;
        char why[256] = "";
        char *url = NULL;
        rc = cs_site_file_url(s, k, origin, &url);
        if (rc == CS_E_NOTFOUND) {
            rc = CS_OK;
            continue;
        }
        if (rc == CS_OK)
            rc = file_allowed(o, b, s, origin, url, &ok, why, sizeof(why));
        if (rc == CS_OK && ok)
            rc = cs_hostfile_get(&o->fetch, o->store, b, origin, url, kind, &o->robots_ttl, &rec,
                                 &cached);
        else if (rc == CS_OK)
            rc = cs_hostfile_record_skipped(origin, kind, why, &rec);
        free(url);
        if (rc == CS_OK)
            cs_site_set_file(s, k, rec, cached);
    }
    return rc;
}

/* The TDMRep policy a reservation points to (signals.md 3.7, vector D11): the response
 * header's tdm-policy, else the matching tdmrep.json rule's; HTML and embedded policies are
 * not looked for here. Returns owned, or NULL. */
static char *tdm_policy_url(const struct cs_site *s, const struct cs_work *w, const char *path)
{
    const char *h = w->read ? cs_response_header(&w->resp, "tdm-policy", 0) : NULL;
    const char *r = w->read ? cs_response_header(&w->resp, "tdm-reservation", 0) : NULL;
    struct cs_tdm_signal sig;
    char *url = NULL;

    if (h && r && cs_tdmrep_value(r, strlen(r)) == 1)
        return cs_strndup_trim(h, strlen(h));
    cs_tdm_signal_init(&sig);
    if (!r && s->tdmrep && cs_tdmrep_file_match(s->tdmrep, path, strlen(path), &sig) == CS_OK &&
        sig.reservation == 1 && sig.policy)
        url = cs_strdup(sig.policy);
    cs_tdm_signal_release(&sig);
    return url;
}

/* Reads the policy (a JSON ODRL offer) where robots.txt lets consentscan in, and keeps what it
 * says for the report; an unreadable or human-only policy is "no known way to a licence"
 * (3.1), never an error. */
static int read_tdm_policy(const struct cs_check_opts *o, struct cs_store_batch *b,
                           const struct cs_site *s, const char *path, struct cs_work *w)
{
    struct cs_fetch_opts fo = o->fetch;
    struct cs_response r = { 0 };
    struct cs_tdm_policy p = { 0 };
    char why[256], note[200];
    bool ok = false;
    char *url = NULL;
    int rc = CS_OK;

    w->tdm_policy_url = tdm_policy_url(s, w, path); /* as written: the report's value */
    if (!w->tdm_policy_url || !w->resp.url ||
        cs_url_resolve(w->resp.url, w->tdm_policy_url, &url, NULL) != CS_OK)
        return CS_OK;
    rc = hop_allowed(o, b, url, &ok, why, sizeof(why));
    if (rc != CS_OK || !ok) {
        free(url);
        return rc;
    }
    fo.body_mode = CS_BODY_ALL;
    fo.max_body = CS_TDMREP_MAX_FILE;
    fo.head = false;
    if (cs_fetch(&fo, url, &r) == CS_OK && r.http_status == 200 && r.body &&
        cs_tdmrep_policy_parse(r.body, r.body_len, &p, NULL) == CS_OK && p.machine_readable) {
        snprintf(note, sizeof(note), "%s%s%s%s%.80s",
                 p.licensable ? "licensable" : "no licence offered",
                 p.duty_compensate ? ", compensate" : "", p.duty_consent ? ", obtain consent" : "",
                 p.assigner_name ? ", assigner " : "", p.assigner_name ? p.assigner_name : "");
        w->tdm_policy_note = cs_strdup(note);
    }
    cs_tdm_policy_release(&p);
    cs_response_release(&r);
    free(url);
    return CS_OK;
}

/* One RSL document the work links to, as the TDMRep policy is read: only where its origin's
 * robots.txt lets consentscan in, bounded by CS_RSL_DOC_MAX_BYTES, redirects asked hop by hop.
 * A refusal is a "not-fetched" record with its reason; a failure is described in the record. */
static int read_rsl_link(const struct cs_check_opts *o, struct cs_store_batch *b,
                         const struct cs_site *s, const char *url, struct cs_hostfile_record **rec)
{
    const struct cs_hostfile_kind *k = &cs_hostfile_kinds[CS_HOSTFILE_RSL];
    struct cs_fetch_opts fo = o->fetch;
    struct cs_response r = { 0 };
    char why[256] = "";
    bool ok = false;
    struct cs_url u;
    int rc = cs_url_parse(url, &u, NULL);

    if (rc != CS_OK)
        return rc == CS_E_NOMEM
                   ? rc
                   : cs_hostfile_record_skipped(url, k, "not fetched: malformed URL", rec);
    rc = file_allowed(o, b, s, s->rec->origin, u.url, &ok, why, sizeof(why));
    fo.body_mode = CS_BODY_ALL;
    fo.max_body = k->max_bytes;
    fo.head = false;
    if (rc == CS_OK && ok)
        rc = fetch_hops(o, b, &fo, u.url, &r, why, sizeof(why));
    if (rc == CS_OK && r.url)
        rc = cs_hostfile_record_from(u.origin, k, &r, rec);
    else if (rc == CS_OK)
        rc = cs_hostfile_record_skipped(u.origin, k, why, rec);
    cs_response_release(&r);
    cs_url_release(&u);
    return rc;
}

/* The RSL documents the work links to (signals.md 8.1, 8.4 L8), each read once per check; what
 * could not be read stays UNKNOWN with its reason, never an opt-out (1.4). */
static int read_rsl_links(const struct cs_check_opts *o, struct cs_store_batch *b,
                          const struct cs_site *s, struct cs_work *w)
{
    char **urls = NULL;
    size_t n = 0;
    int rc = cs_work_rsl_links(s, w, &urls, &n);

    w->rsl_linked_read = true;
    if (rc == CS_OK && n && !(w->rsl_linked = calloc(n, sizeof(*w->rsl_linked))))
        rc = CS_E_NOMEM;
    for (size_t i = 0; rc == CS_OK && i < n; i++) {
        struct cs_hostfile_record *rec = NULL;
        rc = read_rsl_link(o, b, s, urls[i], &rec);
        if (rc == CS_OK)
            rc = cs_rsl_linked_init(&w->rsl_linked[w->rsl_linked_count++], urls[i], rec);
    }
    cs_rsl_links_free(urls, n);
    return rc;
}

int cs_check_url(const struct cs_check_opts *o, const char *input, struct cs_check_result *res)
{
    struct cs_site site = { 0 };
    struct cs_work w = { 0 };
    struct cs_store_batch *b = NULL;
    int64_t now = cs_clock_now();
    struct cs_url u;
    int rc;

    rc = start(o, input, res, &u, &b);
    if (rc == CS_OK)
        rc = load_site(o, b, u.origin, &site);
    if (rc == CS_OK)
        rc = load_site_files(o, b, u.origin, &site);
    if (rc != CS_OK)
        goto out;
    res->self_allowed = cs_site_self_allowed(&site, o->self_token, u.path_query, &res->self_line,
                                             w.error, sizeof(w.error));
    if (res->self_allowed)
        rc = read_work(o, b, u.url, &w);
    if (rc == CS_OK && o->registry)
        cs_work_ask_registry(o->registry, (const char *const[]){ u.url },
                             (struct cs_work *const[]){ &w }, 1);
    if (rc == CS_OK)
        rc = read_tdm_policy(o, b, &site, u.path_query, &w);
    if (rc == CS_OK)
        rc = read_rsl_links(o, b, &site, &w);
    if (rc == CS_OK)
        rc = cs_judge(o, &site, &w, u.path_query, now, res);
    if (rc == CS_OK && b) {
        rc = commit(res, b, &w, now);
        b = NULL;
    }
out:
    cs_store_batch_abort(b);
    cs_work_release(&w);
    cs_site_release(&site);
    cs_url_release(&u);
    if (rc != CS_OK)
        cs_check_result_release(res);
    return rc;
}

void cs_check_result_compact(struct cs_check_result *res)
{
    cs_verdict_free(res->verdict);
    res->verdict = NULL;
    cs_sigfacts_release(&res->facts);
    free(res->agents);
    res->agents = NULL;
    res->file_count = 0;
    res->rsl_linked_count = 0;
    res->compat_count = 0;
}

void cs_check_result_release(struct cs_check_result *res)
{
    free(res->input);
    free(res->url);
    free(res->origin);
    cs_verdict_free(res->verdict);
    cs_sigfacts_release(&res->facts);
    free(res->agents);
    free(res->json);
    free(res->meta);
    free(res->store_error);
    for (size_t i = 0; i < CS_ARRAY_LEN(res->owned); i++)
        free(res->owned[i]);
    memset(res, 0, sizeof(*res));
}
