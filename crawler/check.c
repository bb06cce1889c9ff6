/* SPDX-License-Identifier: MIT
 * check.c - robots.txt first, then one bounded read of the work, then the verdict (issue 2).
 */
#include "cs_setup.h"

#include "check.h"
#include "cs_str.h"

#include "cs_buf.h"
#include "cs_clock.h"
#include "cs_limits.h"
#include "cs_log.h"
#include "hostfile.h"
#include "htmlmeta.h"
#include "robots.h"
#include "url.h"
#include "xrobots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct robots_state {
    struct cs_hostfile_record *rec;
    struct cs_robots *parsed;
    enum cs_robots_state state;
    bool from_cache;
};

struct work_state {
    struct cs_response resp; /* final response, when read */
    bool read;
    char error[256];
};

static void robots_release(struct robots_state *rs)
{
    cs_hostfile_record_free(rs->rec);
    cs_robots_free(rs->parsed);
    memset(rs, 0, sizeof(*rs));
}

static int load_robots(const struct cs_check_opts *o, struct cs_store_batch *b, const char *origin,
                       struct robots_state *rs)
{
    const struct cs_hostfile_kind *k = &cs_hostfile_kinds[CS_HOSTFILE_ROBOTS];
    const struct cs_robots_opts ro = { .max_bytes = k->max_bytes };
    int rc;

    memset(rs, 0, sizeof(*rs));
    rc = cs_hostfile_get(&o->fetch, o->store, b, origin, k, &rs->rec, &rs->from_cache);
    if (rc != CS_OK)
        return rc;
    if (strcmp(rs->rec->outcome, "ok") == 0) {
        rs->state = CS_RS_OK;
        rc = cs_robots_parse(rs->rec->body ? rs->rec->body : "", rs->rec->body_len, &ro,
                             &rs->parsed, NULL);
    } else {
        rs->state = strcmp(rs->rec->outcome, "unavailable") == 0 ? CS_RS_NONE : CS_RS_UNREACHABLE;
    }
    return rc;
}

/* RFC 9309 for consentscan's own token: unreachable means stay away (2.3.1.4); a refusal in
 * either reading is obeyed (the stricter of the two wins for our own crawling). */
static bool self_may_fetch(const struct robots_state *rs, const char *token, const char *path,
                           int *line, char *why, size_t why_len)
{
    struct cs_robots_verdict v[2];

    *line = 0;
    if (rs->state == CS_RS_UNREACHABLE) {
        snprintf(why, why_len, "not fetched: robots.txt unreachable (%s)",
                 rs->rec->error ? rs->rec->error : "error");
        return false;
    }
    if (rs->state == CS_RS_NONE)
        return true;
    if (cs_robots_check(rs->parsed, token, path, CS_ROBOTS_LENIENT, &v[0]) != CS_OK ||
        cs_robots_check(rs->parsed, token, path, CS_ROBOTS_STRICT, &v[1]) != CS_OK)
        return true;
    for (int i = 0; i < 2; i++) {
        if (!v[i].allowed) {
            *line = v[i].line;
            snprintf(why, why_len, "not fetched: robots.txt disallows %s (line %d)", token,
                     v[i].line);
            return false;
        }
    }
    *line = v[0].line;
    return true;
}

/* May consentscan follow a redirect to url? Asks that origin's robots.txt first. */
static int hop_allowed(const struct cs_check_opts *o, struct cs_store_batch *b, const char *url,
                       bool *ok, char *why, size_t why_len)
{
    struct robots_state rs;
    struct cs_url u;
    int line;
    int rc;

    *ok = false;
    rc = cs_url_parse(url, &u, NULL);
    if (rc != CS_OK) {
        snprintf(why, why_len, "redirect to a malformed URL");
        return rc == CS_E_NOMEM ? rc : CS_OK;
    }
    rc = load_robots(o, b, u.origin, &rs);
    if (rc == CS_OK) {
        *ok = self_may_fetch(&rs, o->self_token, u.path_query, &line, why, why_len);
        if (!*ok) {
            char tmp[256];
            snprintf(tmp, sizeof(tmp), "%.150s (redirect to %.90s)", why, u.origin);
            snprintf(why, why_len, "%s", tmp);
        }
    }
    robots_release(&rs);
    cs_url_release(&u);
    return rc;
}

/* One GET (or HEAD) of the work, following redirects hop by hop (issue 2 item 2). */
static int read_work(const struct cs_check_opts *o, struct cs_store_batch *b, const char *url,
                     struct work_state *ws)
{
    struct cs_fetch_opts fo = o->fetch;
    char *cur = cs_strdup(url);
    int rc = CS_OK;

    fo.body_mode = CS_BODY_HTML_HEAD;
    fo.max_body = CS_HTML_HEAD_MAX_BYTES;
    for (int hop = 0; cur; hop++) {
        const char *loc;
        char *next = NULL;
        bool ok = false;

        rc = cs_fetch(&fo, cur, &ws->resp);
        free(cur);
        cur = NULL;
        if (rc != CS_OK || ws->resp.http_status < 300 || ws->resp.http_status > 399)
            break;
        loc = cs_response_header(&ws->resp, "location", 0);
        if (!loc || hop >= CS_MAX_REDIRECTS || cs_url_resolve(ws->resp.url, loc, &next, NULL))
            break;
        rc = hop_allowed(o, b, next, &ok, ws->error, sizeof(ws->error));
        if (rc != CS_OK || !ok) {
            free(next);
            return rc;
        }
        cs_response_release(&ws->resp);
        cur = next;
    }
    if (rc != CS_OK)
        return rc;
    if (ws->resp.error)
        snprintf(ws->error, sizeof(ws->error), "%s", ws->resp.error);
    else if (ws->resp.http_status >= 500 || ws->resp.http_status == 429)
        snprintf(ws->error, sizeof(ws->error), "HTTP %d", ws->resp.http_status);
    else if (ws->resp.http_status >= 300 && ws->resp.http_status < 400)
        snprintf(ws->error, sizeof(ws->error), "HTTP %d: redirect limit or no Location",
                 ws->resp.http_status);
    else
        ws->read = true;
    return CS_OK;
}

static bool content_is(const struct cs_response *r, const char *prefix)
{
    const char *ct = cs_response_header(r, "content-type", 0);

    while (ct && *ct == ' ')
        ct++;
    return ct && strncasecmp(ct, prefix, strlen(prefix)) == 0;
}

static bool queried_token(const struct cs_agents *a, const char *name)
{
    for (size_t i = 0; i < cs_agents_count(a); i++) {
        if (strcasecmp(cs_agents_get(a, i)->token, name) == 0)
            return true;
    }
    return false;
}

/* X-Robots-Tag fields of the work, then <meta name="robots"> and agent-named metas. */
static int collect(const struct cs_check_opts *o, const struct cs_response *r,
                   struct cs_xrobots *hdr, struct cs_xrobots *meta, bool *html_read)
{
    struct cs_htmlmeta *hm = NULL;
    const char *v;
    int rc = CS_OK;

    for (size_t i = 0; rc == CS_OK && (v = cs_response_header(r, "x-robots-tag", i)); i++)
        rc = cs_xrobots_add(hdr, v, strlen(v), NULL, true, (int)i + 1);
    *html_read = false;
    if (rc != CS_OK || !r->body || !content_is(r, "text/html"))
        return rc == CS_E_LIMIT ? CS_OK : rc;
    if (cs_htmlmeta_parse(r->body, r->body_len, &hm, NULL) != CS_OK)
        return CS_OK; /* not parseable: no meta signal, the header signals still count */
    *html_read = true;
    for (size_t i = 0; rc == CS_OK && i < hm->meta_count; i++) {
        const struct cs_meta *m = &hm->metas[i];
        bool robots = strcmp(m->name, "robots") == 0;
        if (robots || queried_token(o->agents, m->name))
            rc = cs_xrobots_add(meta, m->content, strlen(m->content), robots ? NULL : m->name,
                                false, m->line);
    }
    cs_htmlmeta_free(hm);
    return rc == CS_E_LIMIT ? CS_OK : rc;
}

static int make_agents(const struct cs_agents *a, struct cs_verdict_agent **out)
{
    size_t n = cs_agents_count(a);
    struct cs_verdict_agent *arr = calloc(n ? n : 1, sizeof(*arr));

    *out = arr;
    if (!arr)
        return CS_E_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const struct cs_agent *ag = cs_agents_get(a, i);
        arr[i].token = ag->token;
        arr[i].purposes = cs_agent_class_purposes(ag->cls);
    }
    return CS_OK;
}

/* A path-independent summary of what robots.txt says to token, for the history table. */
static const char *site_value(const struct robots_state *rs, const char *token)
{
    struct cs_robots_verdict v;

    if (rs->state == CS_RS_UNREACHABLE)
        return "unreachable";
    if (rs->state == CS_RS_NONE)
        return "no-robots";
    if (cs_robots_check(rs->parsed, token, "/", CS_ROBOTS_LENIENT, &v) != CS_OK)
        return "no-group";
    if (v.group == CS_ROBOTS_GROUP_NONE)
        return "no-group";
    if (!v.allowed && v.group_disallows_all)
        return "disallow-all";
    return v.group == CS_ROBOTS_GROUP_STAR ? "star-group-rules" : "own-group-rules";
}

/* Keeps copies of the strings the printed report points at. */
static const char *keep(struct cs_check_result *res, const char *s)
{
    for (size_t i = 0; s && i < CS_ARRAY_LEN(res->owned); i++) {
        if (!res->owned[i]) {
            res->owned[i] = cs_strdup(s);
            return res->owned[i];
        }
    }
    return NULL;
}

/* signals.md 1.4: a 200 robots.txt without one known record (an HTML soft 404, binary garbage)
 * parses to nothing useful; it is treated as empty but flagged. Unknown "name: value" lines do
 * not count: random bytes produce those. */
static bool robots_has_records(const struct cs_robots *r)
{
    static const char *const known[] = { "sitemap",        "crawl-delay",   "host",
                                         "content-signal", "content-usage", "license" };

    if (cs_robots_group_count(r) > 0)
        return true;
    for (size_t i = 0; i < cs_robots_ext_count(r); i++) {
        for (size_t k = 0; k < CS_ARRAY_LEN(known); k++) {
            if (strcmp(cs_robots_ext_get(r, i)->key, known[k]) == 0)
                return true;
        }
    }
    return false;
}

static void describe_robots(struct cs_check_result *res, const struct robots_state *rs,
                            const char *robots_url)
{
    struct cs_report_fetch *f = &res->robots;

    f->url = keep(res, robots_url);
    f->final_url = keep(res, rs->rec->final_url);
    f->method = "GET";
    f->outcome = rs->state == CS_RS_OK     ? "ok"
                 : rs->state == CS_RS_NONE ? "unavailable"
                                           : "unreachable";
    f->error = keep(res, rs->rec->error);
    f->http_status = rs->rec->http_status;
    f->fetched_at = rs->rec->fetched_at;
    f->from_cache = rs->from_cache;
    f->truncated = rs->rec->truncated;
    f->no_records = rs->state == CS_RS_OK && !robots_has_records(rs->parsed);
}

static void describe_work(struct cs_check_result *res, const struct work_state *ws, bool fetched,
                          const struct cs_check_opts *o)
{
    struct cs_report_fetch *f = &res->work;

    f->url = res->url;
    f->method = fetched ? (o->fetch.head ? "HEAD" : "GET") : NULL;
    f->outcome = ws->read ? "read" : fetched ? "error" : "not-fetched";
    f->error = ws->error[0] ? keep(res, ws->error) : NULL;
    if (!fetched)
        return;
    f->final_url = keep(res, ws->resp.url);
    f->http_status = ws->resp.http_status;
    f->fetched_at = ws->resp.fetched_at;
    f->content_type = keep(res, cs_response_header(&ws->resp, "content-type", 0));
    f->truncated = ws->resp.truncated;
}

/* Selected response headers for the fetch log: enough to explain a verdict later. */
static char *header_lines(const struct cs_response *r)
{
    static const char *const keep_names[] = { "content-type",  "x-robots-tag", "etag",
                                              "last-modified", "location",     "retry-after" };
    struct cs_buf b;

    cs_buf_init(&b, 64 * 1024);
    for (size_t i = 0; i < r->header_count; i++) {
        for (size_t k = 0; k < CS_ARRAY_LEN(keep_names); k++) {
            if (strcasecmp(r->headers[i].name, keep_names[k]) == 0 &&
                cs_buf_addf(&b, "%s: %s\n", r->headers[i].name, r->headers[i].value) != CS_OK)
                return NULL;
        }
    }
    return cs_buf_detach(&b, NULL);
}

static int queue_results(const struct cs_check_opts *o, struct cs_store_batch *b,
                         const struct cs_check_result *res, const struct work_state *ws,
                         const struct robots_state *rs, bool fetched, int64_t now)
{
    struct cs_verdict_record vr = { .url = res->url,
                                    .origin = res->origin,
                                    .checked_at = now,
                                    .flagged = res->flagged,
                                    .parser_version = CS_PARSER_VERSION,
                                    .json = res->json };
    char *hdrs = fetched ? header_lines(&ws->resp) : NULL;
    int rc = CS_OK;

    if (fetched) {
        struct cs_fetch_record fr = {
            .url = res->url,
            .origin = res->origin,
            .kind = "work",
            .method = res->work.method,
            .final_url = ws->resp.url,
            .http_status = ws->resp.http_status,
            .error = ws->resp.error,
            .fetched_at = ws->resp.fetched_at,
            .duration_ms = ws->resp.duration_ms,
            .headers = hdrs,
        };
        rc = cs_store_put_fetch(b, &fr);
    }
    if (rc == CS_OK)
        rc = cs_store_put_verdict(b, &vr);
    for (size_t i = 0; rc == CS_OK && i < cs_agents_count(o->agents); i++) {
        const char *tok = cs_agents_get(o->agents, i)->token;
        rc = cs_store_note_signal(b, res->origin, "robots.txt", tok, site_value(rs, tok), now);
    }
    free(hdrs);
    return rc;
}

static int judge(const struct cs_check_opts *o, struct cs_check_result *res,
                 const struct robots_state *rs, const struct work_state *ws, const char *path,
                 int64_t now)
{
    struct cs_xrobots hdr, meta;
    struct cs_verdict_input in = { 0 };
    struct cs_report_input ri = { 0 };
    int rc = make_agents(o->agents, &res->agents);

    cs_xrobots_init(&hdr);
    cs_xrobots_init(&meta);
    if (rc == CS_OK && ws->read)
        rc = collect(o, &ws->resp, &hdr, &meta, &in.html_read);
    in.agents = res->agents;
    in.agent_count = cs_agents_count(o->agents);
    in.path = path;
    in.robots_state = rs->state;
    in.robots = rs->parsed;
    res->robots_src = (struct cs_verdict_source){ res->robots.url, res->robots.http_status,
                                                  res->robots.fetched_at, res->robots.error };
    in.robots_src = &res->robots_src;
    in.work_read = ws->read;
    res->work_src =
        (struct cs_verdict_source){ res->work.final_url ? res->work.final_url : res->url,
                                    res->work.http_status, res->work.fetched_at, res->work.error };
    in.work_src = &res->work_src;
    in.headers = &hdr;
    in.metas = &meta;
    in.work_is_image = ws->read && content_is(&ws->resp, "image/");
    if (rc == CS_OK)
        rc = cs_verdict_eval(&in, &res->verdict);
    cs_xrobots_release(&hdr);
    cs_xrobots_release(&meta);
    if (rc != CS_OK)
        return rc;
    res->flagged = cs_verdict_flagged(res->verdict, o->purposes);
    res->unknown = !res->flagged && cs_verdict_unknown(res->verdict, o->purposes);
    ri = (struct cs_report_input){ .input = res->input,
                                   .url = res->url,
                                   .origin = res->origin,
                                   .checked_at = now,
                                   .queried = o->purposes,
                                   .self_allowed = res->self_allowed,
                                   .self_line = res->self_line,
                                   .self_token = o->self_token,
                                   .robots = res->robots,
                                   .work = res->work,
                                   .verdict = res->verdict };
    res->json = cs_report_json(&ri);
    return res->json ? CS_OK : CS_E_NOMEM;
}

static int commit(const struct cs_check_opts *o, struct cs_check_result *res,
                  struct cs_store_batch *b, const struct work_state *ws,
                  const struct robots_state *rs, bool fetched, int64_t now)
{
    struct cs_diag diag = { 0 };
    int rc = queue_results(o, b, res, ws, rs, fetched, now);

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

int cs_check_url(const struct cs_check_opts *o, const char *input, struct cs_check_result *res)
{
    struct robots_state rs = { 0 };
    struct work_state ws = { 0 };
    struct cs_store_batch *b = NULL;
    char robots_url[CS_MAX_URL_LEN];
    int64_t now = cs_clock_now();
    bool fetched = false;
    struct cs_url u;
    int rc;

    rc = start(o, input, res, &u, &b);
    if (rc == CS_OK)
        rc = load_robots(o, b, u.origin, &rs);
    if (rc != CS_OK)
        goto out;
    snprintf(robots_url, sizeof(robots_url), "%s/robots.txt", u.origin);
    describe_robots(res, &rs, robots_url);
    res->self_allowed = self_may_fetch(&rs, o->self_token, u.path_query, &res->self_line, ws.error,
                                       sizeof(ws.error));
    if (res->self_allowed) {
        rc = read_work(o, b, u.url, &ws);
        fetched = ws.resp.url != NULL;
    }
    if (rc != CS_OK)
        goto out;
    describe_work(res, &ws, fetched, o);
    rc = judge(o, res, &rs, &ws, u.path_query, now);
    if (rc == CS_OK && b) {
        rc = commit(o, res, b, &ws, &rs, fetched, now);
        b = NULL;
    }
out:
    cs_store_batch_abort(b);
    cs_response_release(&ws.resp);
    robots_release(&rs);
    cs_url_release(&u);
    if (rc != CS_OK)
        cs_check_result_release(res);
    return rc;
}

void cs_check_result_release(struct cs_check_result *res)
{
    free(res->input);
    free(res->url);
    free(res->origin);
    cs_verdict_free(res->verdict);
    free(res->agents);
    free(res->json);
    free(res->store_error);
    for (size_t i = 0; i < CS_ARRAY_LEN(res->owned); i++)
        free(res->owned[i]);
    memset(res, 0, sizeof(*res));
}
