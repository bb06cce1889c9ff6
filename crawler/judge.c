/* SPDX-License-Identifier: MIT
 * judge.c - from a site's robots.txt and a work's response to the verdict, the report and the
 * store records (issue 2 items 2, 3 and 5).
 */
#include "cs_setup.h"

#include "judge.h"

#include "aitxt.h"
#include "cs_buf.h"
#include "cs_limits.h"
#include "cs_str.h"
#include "htmlmeta.h"
#include "registry.h"
#include "robots_usage.h"
#include "rsl.h"
#include "tdmrep.h"
#include "url.h"
#include "xrobots.h"

#include <strings.h>

int cs_site_init(struct cs_site *s, struct cs_hostfile_record *rec, bool from_cache)
{
    const struct cs_robots_opts ro = { .max_bytes = CS_ROBOTS_MAX_BYTES };

    memset(s, 0, sizeof(*s));
    s->rec = rec;
    s->from_cache = from_cache;
    if (strcmp(rec->outcome, "ok") == 0) {
        s->state = CS_RS_OK;
        return cs_robots_parse(rec->body ? rec->body : "", rec->body_len, &ro, &s->parsed, NULL);
    }
    s->state = strcmp(rec->outcome, "unavailable") == 0 ? CS_RS_NONE : CS_RS_UNREACHABLE;
    return CS_OK;
}

int cs_site_file_url(const struct cs_site *s, int k, const char *origin, char **url)
{
    const struct cs_hostfile_kind *kind = &cs_hostfile_kinds[k];
    char buf[CS_MAX_URL_LEN];

    *url = NULL;
    if (kind->path) {
        snprintf(buf, sizeof(buf), "%s%s", origin, kind->path);
        *url = cs_strdup(buf);
        return *url ? CS_OK : CS_E_NOMEM;
    }
    struct cs_robots_license lic[4];
    size_t n = s && s->parsed ? cs_robots_licenses(s->parsed, lic, CS_ARRAY_LEN(lic)) : 0;

    snprintf(buf, sizeof(buf), "%s/", origin);
    for (size_t i = 0; i < n && i < CS_ARRAY_LEN(lic); i++) { /* the first usable one */
        int rc = lic[i].url[0] ? cs_url_resolve(buf, lic[i].url, url, NULL) : CS_E_URL;
        if (rc != CS_E_URL && rc != CS_E_SCHEME)
            return rc;
    }
    return CS_E_NOTFOUND;
}

/* An RSL document's model (signals.md 8.2); error says why it is not read: not RSL (8.4 L10),
 * or cut at its size cap, which is not parsed at all (a half-read licence must not decide). */
static int parse_rsl(const struct cs_hostfile_record *rec, struct cs_rsl **out, char *error,
                     size_t len)
{
    struct cs_diag diag = { 0 };
    int rc;

    *out = NULL;
    if (rec->truncated) {
        snprintf(error, len, "longer than its size cap");
        return CS_OK;
    }
    rc = cs_rsl_parse(rec->body ? rec->body : "", rec->body_len, out, &diag);
    if (rc != CS_OK && rc != CS_E_NOMEM)
        snprintf(error, len, "%s", diag.msg[0] ? diag.msg : "not an RSL document");
    return rc == CS_E_NOMEM ? rc : CS_OK;
}

/* The file's parsed form. A file that does not parse is the file's own problem, judged by
 * cs_sigfacts (tdmrep.json that is not a rule list says nothing; an RSL document that is not
 * RSL is UNKNOWN with the reason); out of memory marks it unparsed (UNKNOWN). */
static void parse_file(struct cs_site *s, int k, const struct cs_hostfile_record *rec)
{
    const char *body = rec->body ? rec->body : "";
    int rc = CS_OK;

    if (strcmp(rec->outcome, "ok") != 0)
        return;
    if (k == CS_HOSTFILE_TDMREP)
        rc = cs_tdmrep_file_parse(body, rec->body_len, &s->tdmrep, NULL);
    else if (k == CS_HOSTFILE_AITXT)
        rc = cs_aitxt_parse(body, rec->body_len, &s->aitxt, NULL);
    else if (k == CS_HOSTFILE_RSL)
        rc = parse_rsl(rec, &s->rsl, s->rsl_error, sizeof(s->rsl_error));
    /* a rule list cut at its cap is not valid JSON: not read, rather than "says nothing" */
    s->unparsed[k] = rc == CS_E_NOMEM || (k == CS_HOSTFILE_TDMREP && rec->truncated);
}

void cs_site_set_file(struct cs_site *s, int k, struct cs_hostfile_record *rec, bool from_cache)
{
    if (k <= CS_HOSTFILE_ROBOTS || k >= CS_HOSTFILE__COUNT || s->file[k]) {
        cs_hostfile_record_free(rec); /* each kind is given once */
        return;
    }
    s->file[k] = rec;
    s->file_cached[k] = from_cache;
    parse_file(s, k, rec);
}

void cs_site_release(struct cs_site *s)
{
    for (int k = 0; k < CS_HOSTFILE__COUNT; k++)
        cs_hostfile_record_free(s->file[k]);
    cs_tdmrep_file_free(s->tdmrep);
    cs_aitxt_free(s->aitxt);
    cs_rsl_free(s->rsl);
    cs_hostfile_record_free(s->rec);
    cs_robots_free(s->parsed);
    memset(s, 0, sizeof(*s));
}

void cs_work_release(struct cs_work *w)
{
    cs_response_release(&w->resp);
    free(w->meta);
    free(w->tdm_policy_url);
    free(w->tdm_policy_note);
    cs_rsl_linked_free(w->rsl_linked, w->rsl_linked_count);
    memset(w, 0, sizeof(*w));
}

void cs_work_settle(struct cs_work *w)
{
    const struct cs_response *r = &w->resp;

    w->read = false;
    if (!r->url)
        return; /* not fetched: error already says why */
    if (r->error)
        snprintf(w->error, sizeof(w->error), "%s", r->error);
    else if (r->http_status >= 500 || r->http_status == 429)
        snprintf(w->error, sizeof(w->error), "HTTP %d", r->http_status);
    else if (r->http_status >= 300 && r->http_status < 400)
        snprintf(w->error, sizeof(w->error), "HTTP %d: redirect limit or no Location",
                 r->http_status);
    else
        w->read = true;
}

/* RFC 9309 for consentscan's own token: unreachable means stay away (2.3.1.4); a refusal in
 * either reading is obeyed (the stricter of the two wins for our own crawling). */
bool cs_site_self_allowed(const struct cs_site *rs, const char *token, const char *path, int *line,
                          char *why, size_t why_len)
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
        cs_robots_check(rs->parsed, token, path, CS_ROBOTS_STRICT, &v[1]) != CS_OK) {
        snprintf(why, why_len, "not fetched: robots.txt could not be evaluated (out of memory)");
        return false; /* not knowing is not permission */
    }
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

/* Metas other signal families read: TDMRep's (signals.md 3.4), kept for cs_sigfacts. */
struct page_metas {
    struct cs_sigfacts_meta v[8];
    char *owned[16];
    size_t n;
};

static void page_metas_release(struct page_metas *m)
{
    for (size_t i = 0; i < 2 * m->n; i++)
        free(m->owned[i]);
    memset(m, 0, sizeof(*m));
}

static int keep_page_meta(struct page_metas *m, const char *name, const char *content, int line)
{
    if (m->n == CS_ARRAY_LEN(m->v))
        return CS_OK; /* a page repeating them: the first ones decide (TDMRep keeps the first) */
    m->owned[2 * m->n] = cs_strdup(name);
    m->owned[2 * m->n + 1] = cs_strdup(content);
    m->v[m->n] = (struct cs_sigfacts_meta){ m->owned[2 * m->n], m->owned[2 * m->n + 1], line };
    m->n++;
    return m->owned[2 * m->n - 2] && m->owned[2 * m->n - 1] ? CS_OK : CS_E_NOMEM;
}

/* A meta that speaks to robots (name "robots", a queried agent, or Bing's, signals.md 4.6)
 * becomes a signal, and a TDMRep meta a TDMRep reading; each is kept as a line
 * "LINE NAME: CONTENT" with the fetch so a 304 on the next run finds it again. */
static int use_meta(const struct cs_check_opts *o, const char *name, const char *content, int line,
                    struct cs_xrobots *meta, struct page_metas *pm, struct cs_buf *lines)
{
    bool robots = strcmp(name, "robots") == 0;
    bool tdm = strcasecmp(name, "tdm-reservation") == 0 || strcasecmp(name, "tdm-policy") == 0;
    int rc = CS_OK;

    if (!robots && !tdm && strcasecmp(name, "bingbot") != 0 && !queried_token(o->agents, name))
        return CS_OK;
    if (tdm)
        rc = keep_page_meta(pm, name, content, line);
    else
        rc = cs_xrobots_add(meta, content, strlen(content), robots ? NULL : name, false, line);
    if (rc != CS_OK && rc != CS_E_LIMIT)
        return rc;
    if (strpbrk(content, "\r\n") || strpbrk(name, "\r\n:"))
        return CS_OK; /* cannot be kept as one line: it still counted this time */
    rc = cs_buf_addf(lines, "%d %s: %s\n", line, name, content);
    return rc == CS_E_LIMIT ? CS_OK : rc;
}

/* Whether word occurs in buf, ignoring ASCII case. */
static bool mentions(const char *buf, size_t len, const char *word)
{
    size_t n = strlen(word);

    for (size_t i = 0; i + n <= len; i++) {
        if ((buf[i] | 0x20) == word[0] && strncasecmp(buf + i, word, n) == 0)
            return true;
    }
    return false;
}

/* Words without which a page head holds no meta any signal acts on. */
static bool head_has_signal(const struct cs_response *r)
{
    static const char *const words[] = { "noai", "noimageai", "tdm-", "noarchive", "nocache" };

    for (size_t i = 0; i < CS_ARRAY_LEN(words); i++) {
        if (mentions(r->body, r->body_len, words[i]))
            return true;
    }
    return false;
}

static int metas_from_html(const struct cs_check_opts *o, const struct cs_response *r,
                           struct cs_xrobots *meta, struct page_metas *pm, struct cs_buf *lines,
                           bool *html_read)
{
    struct cs_htmlmeta *hm = NULL;
    int rc = CS_OK;

    if (!r->body || !content_is(r, "text/html"))
        return CS_OK; /* not HTML: no meta signal */
    /* A head that names no directive any signal acts on can hold no meta signal: it is read,
     * but not parsed (the parse is most of a page's cost). */
    if (!head_has_signal(r)) {
        *html_read = true;
        return CS_OK;
    }
    if (cs_htmlmeta_parse(r->body, r->body_len, &hm, NULL) != CS_OK)
        return CS_OK; /* not parseable: no meta signal */
    *html_read = true;
    for (size_t i = 0; rc == CS_OK && i < hm->meta_count; i++)
        rc = use_meta(o, hm->metas[i].name, hm->metas[i].content, hm->metas[i].line, meta, pm,
                      lines);
    cs_htmlmeta_free(hm);
    return rc;
}

/* The metas a previous run kept, for a work revalidated with a 304. */
static int metas_from_stored(const struct cs_check_opts *o, const char *text,
                             struct cs_xrobots *meta, struct page_metas *pm, struct cs_buf *lines,
                             bool *html_read)
{
    int rc = CS_OK;

    *html_read = true;
    while (rc == CS_OK && *text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) : strlen(text);
        char *line = cs_strndup(text, n); /* any length: a long meta must survive a 304 */
        char *name = line ? strchr(line, ' ') : NULL;
        char *sep = name ? strstr(name + 1, ": ") : NULL;

        text += n + (nl ? 1 : 0);
        if (!line)
            return CS_E_NOMEM;
        if (name && sep) {
            *name++ = '\0';
            *sep = '\0';
            rc = use_meta(o, name, sep + 2, (int)strtol(line, NULL, 10), meta, pm, lines);
        }
        free(line);
    }
    return rc;
}

/* X-Robots-Tag fields of the work, then <meta name="robots"> and agent-named metas (from the
 * HTML head, or kept from the last run when the work was revalidated). */
static int collect(const struct cs_check_opts *o, const struct cs_work *w, struct cs_xrobots *hdr,
                   struct cs_xrobots *meta, struct page_metas *pm, bool *html_read,
                   char **meta_lines)
{
    const struct cs_response *r = &w->resp;
    struct cs_buf lines;
    const char *v;
    int rc = CS_OK;

    cs_buf_init(&lines, 64 * 1024);
    for (size_t i = 0; rc == CS_OK && (v = cs_response_header(r, "x-robots-tag", i)); i++)
        rc = cs_xrobots_add(hdr, v, strlen(v), NULL, true, (int)i + 1);
    if (rc == CS_E_LIMIT)
        rc = CS_OK;
    *html_read = false;
    if (rc == CS_OK)
        rc = w->meta ? metas_from_stored(o, w->meta, meta, pm, &lines, html_read)
                     : metas_from_html(o, r, meta, pm, &lines, html_read);
    /* revalidated with nothing kept: the page was HTML whose head held no signal */
    if (rc == CS_OK && w->not_modified && !w->meta && content_is(r, "text/html"))
        *html_read = true;
    if (rc == CS_OK && lines.len)
        *meta_lines = cs_buf_detach(&lines, NULL);
    cs_buf_release(&lines);
    return rc == CS_E_LIMIT ? CS_OK : rc;
}

/* Adds the link target t resolved against base: once, not the License: document (lic), and at
 * most CS_RSL_MAX_LINKS in all; a target that is no fetchable URL is left out. */
static int add_link(char ***v, size_t *n, const char *base, const char *lic, const char *t)
{
    char *u = NULL;
    int rc = cs_url_resolve(base, t, &u, NULL);
    bool keep = rc == CS_OK && *n < CS_RSL_MAX_LINKS && !(lic && strcmp(u, lic) == 0);

    for (size_t i = 0; keep && i < *n; i++)
        keep = strcmp((*v)[i], u) != 0;
    if (keep && !*v && !(*v = calloc(CS_RSL_MAX_LINKS, sizeof(**v))))
        rc = CS_E_NOMEM;
    if (keep && *v)
        (*v)[(*n)++] = u;
    else
        free(u);
    return rc == CS_E_NOMEM ? rc : CS_OK;
}

static int add_links(char ***v, size_t *n, const char *base, const char *lic, char **t, size_t tn)
{
    int rc = CS_OK;

    for (size_t i = 0; rc == CS_OK && i < tn; i++)
        rc = add_link(v, n, base, lic, t[i]);
    cs_rsl_links_free(t, tn);
    return rc;
}

/* The RSL <link> targets of an HTML head (signals.md 8.1). A head that never says "rsl" holds
 * none: it is not parsed (the parse is most of a page's cost). */
static int html_rsl_links(const struct cs_response *r, char ***t, size_t *tn)
{
    struct cs_htmlmeta *hm = NULL;
    int rc;

    *t = NULL;
    *tn = 0;
    if (!r->body || !content_is(r, "text/html") || !mentions(r->body, r->body_len, "rsl"))
        return CS_OK;
    rc = cs_htmlmeta_parse(r->body, r->body_len, &hm, NULL);
    if (rc != CS_OK)
        return rc == CS_E_NOMEM ? rc : CS_OK; /* not parseable: no link */
    rc = cs_rsl_links_from_html(hm, t, tn);
    cs_htmlmeta_free(hm);
    return rc;
}

int cs_work_rsl_links(const struct cs_site *s, const struct cs_work *w, char ***urls, size_t *n)
{
    const struct cs_response *r = &w->resp;
    char **v = NULL, **t = NULL, *lic = NULL;
    size_t tn = 0;
    const char *h;
    int rc;

    *urls = NULL;
    *n = 0;
    if (!w->read || !r->url)
        return CS_OK; /* an unread response's links say nothing (1.4) */
    rc = s->rec ? cs_site_file_url(s, CS_HOSTFILE_RSL, s->rec->origin, &lic) : CS_E_NOTFOUND;
    if (rc == CS_E_NOTFOUND)
        rc = CS_OK;
    for (size_t i = 0; rc == CS_OK && (h = cs_response_header(r, "link", i)); i++) {
        rc = cs_rsl_links_from_header(h, strlen(h), &t, &tn);
        if (rc == CS_OK)
            rc = add_links(&v, n, r->url, lic, t, tn);
    }
    if (rc == CS_OK)
        rc = html_rsl_links(r, &t, &tn);
    if (rc == CS_OK)
        rc = add_links(&v, n, r->url, lic, t, tn);
    free(lic);
    if (rc != CS_OK) {
        cs_rsl_links_free(v, *n);
        *n = 0;
        v = NULL;
    }
    *urls = v;
    return rc;
}

int cs_rsl_linked_init(struct cs_rsl_linked *d, const char *url, struct cs_hostfile_record *rec)
{
    memset(d, 0, sizeof(*d));
    d->rec = rec;
    d->url = cs_strdup(url);
    if (!d->url)
        return CS_E_NOMEM;
    return strcmp(rec->outcome, "ok") == 0 ? parse_rsl(rec, &d->rsl, d->error, sizeof(d->error))
                                           : CS_OK;
}

void cs_rsl_linked_free(struct cs_rsl_linked *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].url);
        cs_hostfile_record_free(v[i].rec);
        cs_rsl_free(v[i].rsl);
    }
    free(v);
}

/* The RSL documents a crawl's work links to: a crawl does not fetch them (check does), so each
 * is noted unread, an UNKNOWN with that reason, as an RSL document on another origin is. */
static int unread_rsl_links(const struct cs_site *rs, const struct cs_work *ws, const char *origin,
                            struct cs_rsl_linked **out, size_t *n)
{
    char **urls = NULL;
    size_t k = 0;
    int rc = cs_work_rsl_links(rs, ws, &urls, &k);

    *out = NULL;
    *n = 0;
    if (rc == CS_OK && k && !(*out = calloc(k, sizeof(**out))))
        rc = CS_E_NOMEM;
    for (size_t i = 0; rc == CS_OK && i < k; i++) {
        struct cs_hostfile_record *rec = NULL;
        rc = cs_hostfile_record_skipped(origin, &cs_hostfile_kinds[CS_HOSTFILE_RSL],
                                        CS_RSL_UNREAD_IN_CRAWL, &rec);
        if (rc == CS_OK)
            rc = cs_rsl_linked_init(&(*out)[(*n)++], urls[i], rec);
    }
    cs_rsl_links_free(urls, k);
    return rc;
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
static const char *site_value(const struct cs_site *rs, const char *token)
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

static void describe_robots(struct cs_check_result *res, const struct cs_site *rs,
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

static void describe_work(struct cs_check_result *res, const struct cs_work *ws, bool fetched,
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
    static const char *const keep_names[] = {
        "content-type", "x-robots-tag",    "etag",       "last-modified", "location",
        "retry-after",  "tdm-reservation", "tdm-policy", "content-usage", "link",
    };
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

int cs_judge_queue(struct cs_store_batch *b, const struct cs_check_result *res,
                   const struct cs_work *ws, int64_t now)
{
    struct cs_verdict_record vr = { .url = res->url,
                                    .origin = res->origin,
                                    .checked_at = now,
                                    .flagged = res->flagged,
                                    .unknown = res->unknown,
                                    .parser_version = CS_PARSER_VERSION,
                                    .json = res->json };
    char *hdrs = NULL;
    int rc = CS_OK;

    if (ws->resp.url) {
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
            .headers = NULL,
            .meta = res->meta,
        };
        hdrs = header_lines(&ws->resp);
        fr.headers = hdrs;
        rc = cs_store_put_fetch(b, &fr);
    }
    if (rc == CS_OK)
        rc = cs_store_put_verdict(b, &vr);
    free(hdrs);
    return rc;
}

/* The other host files, as the report shows their fetches. */
static void describe_files(struct cs_check_result *res, const struct cs_site *rs)
{
    for (int k = CS_HOSTFILE_ROBOTS + 1; k < CS_HOSTFILE__COUNT; k++) {
        const struct cs_hostfile_record *rec = rs->file[k];
        struct cs_report_file *f = &res->files[res->file_count];
        if (!rec)
            continue;
        res->file_count++;
        f->name = cs_hostfile_kinds[k].name;
        f->fetch = (struct cs_report_fetch){
            .url = cs_sigfacts_keep(&res->facts, rec->final_url), /* the site goes first */
            .method = strcmp(rec->outcome, "not-fetched") == 0 ? NULL : "GET",
            .outcome = cs_sigfacts_keep(&res->facts, rec->outcome),
            .error = cs_sigfacts_keep(&res->facts, rec->error),
            .http_status = rec->http_status,
            .fetched_at = rec->fetched_at,
            .from_cache = rs->file_cached[k],
            .truncated = rec->truncated,
        };
    }
}

/* The linked RSL documents' fetches, as the report shows them (a crawl's: "not-fetched"). */
static void describe_linked(struct cs_check_result *res, const struct cs_rsl_linked *v, size_t n)
{
    for (size_t i = 0; i < n && res->rsl_linked_count < CS_ARRAY_LEN(res->rsl_linked); i++) {
        const struct cs_hostfile_record *rec = v[i].rec;
        res->rsl_linked[res->rsl_linked_count++] = (struct cs_report_fetch){
            .url = cs_sigfacts_keep(&res->facts, v[i].url),
            .final_url = cs_sigfacts_keep(&res->facts, rec->final_url),
            .method = strcmp(rec->outcome, "not-fetched") == 0 ? NULL : "GET",
            .outcome = cs_sigfacts_keep(&res->facts, rec->outcome),
            .error = cs_sigfacts_keep(&res->facts, rec->error),
            .http_status = rec->http_status,
            .fetched_at = rec->fetched_at,
            .truncated = rec->truncated,
        };
    }
}

/* Everything beyond robots.txt groups, X-Robots-Tag and robots metas (issue 5). */
static int further_signals(const struct cs_check_opts *o, struct cs_check_result *res,
                           const struct cs_site *rs, const struct cs_work *ws, const char *path,
                           const struct cs_xrobots *hdr, const struct cs_xrobots *meta,
                           const struct page_metas *pm)
{
    struct cs_rsl_linked *unread = NULL;
    size_t unread_n = 0;
    int rc =
        ws->rsl_linked_read ? CS_OK : unread_rsl_links(rs, ws, res->origin, &unread, &unread_n);
    const struct cs_sigfacts_input si = {
        .site = rs,
        .work = ws,
        .path = path,
        .hdr = hdr,
        .meta = meta,
        .metas = pm->v,
        .meta_count = pm->n,
        .agents = res->agents,
        .agent_count = cs_agents_count(o->agents),
        .work_src = &res->work_src,
        .robots_src = &res->robots_src,
        .broad = o->broad_tdm,
        .amazon_noarchive = o->amazon_noarchive,
        .registry_url = cs_registry_endpoint(o->registry),
        .rsl_linked = ws->rsl_linked_read ? ws->rsl_linked : unread,
        .rsl_linked_count = ws->rsl_linked_read ? ws->rsl_linked_count : unread_n,
    };

    if (rc == CS_OK)
        rc = cs_sigfacts_collect(&si, &res->facts);
    if (rc == CS_OK)
        rc = cs_compat_columns(&si, &res->facts, res->compat, CS_ARRAY_LEN(res->compat),
                               &res->compat_count);
    describe_files(res, rs);
    describe_linked(res, si.rsl_linked, si.rsl_linked_count);
    cs_rsl_linked_free(unread, unread_n);
    return rc;
}

static int judge(const struct cs_check_opts *o, struct cs_check_result *res,
                 const struct cs_site *rs, const struct cs_work *ws, const char *path, int64_t now)
{
    struct cs_xrobots hdr, meta;
    struct page_metas pm = { 0 };
    struct cs_verdict_input in = { 0 };
    struct cs_report_input ri = { 0 };
    int rc = make_agents(o->agents, &res->agents);

    cs_xrobots_init(&hdr);
    cs_xrobots_init(&meta);
    if (rc == CS_OK && ws->read)
        rc = collect(o, ws, &hdr, &meta, &pm, &in.html_read, &res->meta);
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
    in.broad = o->broad_tdm;
    if (rc == CS_OK)
        rc = further_signals(o, res, rs, ws, path, &hdr, &meta, &pm);
    in.facts = res->facts.v;
    in.fact_count = res->facts.n;
    if (rc == CS_OK)
        rc = cs_verdict_eval(&in, &res->verdict);
    cs_xrobots_release(&hdr);
    cs_xrobots_release(&meta);
    page_metas_release(&pm);
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
                                   .verdict = res->verdict,
                                   .files = res->files,
                                   .file_count = res->file_count,
                                   .rsl_linked = res->rsl_linked,
                                   .rsl_linked_count = res->rsl_linked_count,
                                   .facts = res->facts.v,
                                   .fact_count = res->facts.n,
                                   .compat = res->compat,
                                   .compat_count = res->compat_count };
    res->json = cs_report_json(&ri);
    return res->json ? CS_OK : CS_E_NOMEM;
}

int cs_site_queue_history(const struct cs_check_opts *o, struct cs_store_batch *b,
                          const struct cs_site *s, int64_t now)
{
    int rc = cs_store_note_signal(b, s->rec->origin, "robots.txt", "*", site_value(s, "*"), now);

    /* Tokens without a group of their own follow "*": only the named ones get an entry, so an
     * origin costs a few records, not one per token of the list. A token's history answers for
     * the times its own group existed; outside them its "*" entry does. */
    for (size_t i = 0; rc == CS_OK && s->parsed && i < cs_agents_count(o->agents); i++) {
        const char *tok = cs_agents_get(o->agents, i)->token;
        struct cs_robots_verdict v;
        if (cs_robots_check(s->parsed, tok, "/", CS_ROBOTS_LENIENT, &v) == CS_OK &&
            v.group == CS_ROBOTS_GROUP_SPECIFIC)
            rc =
                cs_store_note_signal(b, s->rec->origin, "robots.txt", tok, site_value(s, tok), now);
    }
    return rc;
}

int cs_judge(const struct cs_check_opts *o, const struct cs_site *site, const struct cs_work *w,
             const char *path, int64_t now, struct cs_check_result *res)
{
    char robots_url[CS_MAX_URL_LEN];

    snprintf(robots_url, sizeof(robots_url), "%s/robots.txt", res->origin);
    describe_robots(res, site, robots_url);
    describe_work(res, w, w->resp.url != NULL, o);
    return judge(o, res, site, w, path, now);
}

void cs_work_ask_registry(const struct cs_registry *reg, const char *const *urls,
                          struct cs_work *const *works, size_t n)
{
    enum cs_reg_status *st = n ? malloc(n * sizeof(*st)) : NULL;
    char why[160] = "";

    for (size_t i = 0; st && i < n; i++)
        st[i] = CS_REG_UNKNOWN;
    if (!st)
        snprintf(why, sizeof(why), "registry: out of memory");
    else if (cs_registry_lookup(reg, urls, n, st, why, sizeof(why)) != CS_OK && !why[0])
        snprintf(why, sizeof(why), "registry: no answer");
    for (size_t i = 0; i < n; i++) {
        struct cs_work *w = works[i];
        w->registry_asked = true;
        w->registry = st ? (int)st[i] : (int)CS_REG_UNKNOWN;
        snprintf(w->registry_why, sizeof(w->registry_why), "%s",
                 w->registry == (int)CS_REG_UNKNOWN ? why : "");
    }
    free(st);
}
