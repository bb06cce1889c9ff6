/* SPDX-License-Identifier: MIT
 * linkclass.c - scheme, host and path tests for link classing (linkclass.h).
 */
#include "cs_setup.h"

#include "linkclass.h"

#include "cs_str.h"

#include <strings.h>

/* The parts of a URL this module looks at; slices into the URL. */
struct parts {
    const char *scheme;
    size_t scheme_len;
    const char *host;
    size_t host_len;
    const char *path; /* from the first '/' after the authority, or "" */
};

static bool scheme_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
}

/* Splits scheme://[userinfo@]host[:port]path. False when url has no "scheme://" or no host. */
static bool split(const char *url, struct parts *p)
{
    const char *s = url, *a, *e, *at;

    if (!url)
        return false;
    while (*s == ' ' || *s == '\t')
        s++;
    p->scheme = s;
    while (scheme_char(*s))
        s++;
    if (s == p->scheme || strncmp(s, "://", 3) != 0)
        return false;
    p->scheme_len = (size_t)(s - p->scheme);
    a = s + 3;
    e = a + strcspn(a, "/?#");
    at = memchr(a, '@', (size_t)(e - a));
    p->host = at ? at + 1 : a;
    p->host_len = (size_t)(e - p->host);
    if (p->host_len && p->host[0] != '[') {
        const char *colon = memchr(p->host, ':', p->host_len);
        if (colon)
            p->host_len = (size_t)(colon - p->host);
    }
    while (p->host_len && p->host[p->host_len - 1] == '.')
        p->host_len--; /* "huggingface.co." is the same host */
    p->path = *e == '/' ? e : "";
    return p->host_len > 0;
}

static bool eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

/* True when host is name or a subdomain of it. */
static bool host_in(const struct parts *p, const char *name)
{
    size_t n = strlen(name);

    if (eq(p->host, p->host_len, name))
        return true;
    return p->host_len > n + 1 && p->host[p->host_len - n - 1] == '.' &&
           strncasecmp(p->host + p->host_len - n, name, n) == 0;
}

static bool is_http(const struct parts *p)
{
    return eq(p->scheme, p->scheme_len, "http") || eq(p->scheme, p->scheme_len, "https");
}

bool cs_linkclass_is_http(const char *s)
{
    struct parts p;

    return split(s, &p) && is_http(&p);
}

static bool hub_main_host(const struct parts *p)
{
    return eq(p->host, p->host_len, "huggingface.co") || eq(p->host, p->host_len, "hf.co") ||
           eq(p->host, p->host_len, "www.huggingface.co");
}

/* True when the path has segment number idx (0-based) equal to one of the names (and, with
 * need_more, followed by another segment: /datasets/org/tree alone is a dataset named "tree"). */
static bool segment_is(const char *path, int idx, const char *const *names, bool need_more)
{
    const char *s = path;
    size_t n;

    for (int i = 0; i < idx && s; i++) {
        s = strchr(s + 1, '/');
    }
    if (!s || *s != '/')
        return false;
    s++;
    n = strcspn(s, "/?#");
    if (need_more && s[n] != '/')
        return false;
    for (; *names; names++) {
        if (eq(s, n, *names))
            return true;
    }
    return false;
}

bool cs_linkclass_is_hosted(const char *url)
{
    static const char *const files[] = { "tree", "resolve", "blob", "raw", NULL };
    static const char *const parquet[] = { "parquet", NULL };
    struct parts p;

    if (!split(url, &p) || !is_http(&p))
        return false;
    if (!hub_main_host(&p))
        return host_in(&p, "huggingface.co") || host_in(&p, "hf.co");
    if (strncmp(p.path, "/datasets/", 10) == 0 || strncmp(p.path, "/spaces/", 8) == 0)
        return segment_is(p.path, 3, files, true) || segment_is(p.path, 2, files, true);
    if (strncmp(p.path, "/api/datasets/", 14) == 0)
        return segment_is(p.path, 4, parquet, false) || segment_is(p.path, 3, parquet, false);
    /* models live at the root: /<org>/<name>/resolve/... or /<name>/resolve/... */
    return segment_is(p.path, 2, files, true) || segment_is(p.path, 1, files, true);
}

/* One path segment starting at s: its length up to '/', '?', '#' or the end. */
static size_t seg_len(const char *s)
{
    return strcspn(s, "/?#");
}

static char *dataset_id_at(const char *s)
{
    static const char *const views[] = { "tree",   "blob",        "resolve",  "raw",
                                         "viewer", "discussions", "commits",  "commit",
                                         "edit",   "upload",      "settings", NULL };
    size_t n1 = seg_len(s), n2 = 0;
    char *id;

    if (n1 == 0)
        return NULL;
    if (s[n1] == '/' && seg_len(s + n1 + 1) > 0) {
        const char *second = s + n1 + 1;
        bool is_view = false;
        n2 = seg_len(second);
        for (const char *const *v = views; *v; v++)
            is_view = is_view || eq(second, n2, *v);
        if (is_view)
            n2 = 0; /* legacy one-segment id followed by a view: /datasets/squad/tree/main */
    }
    id = cs_strndup(s, n2 ? n1 + 1 + n2 : n1);
    if (id && !cs_lineage_is_hub_id(id)) {
        free(id);
        id = NULL;
    }
    return id;
}

char *cs_linkclass_hub_dataset(const char *url)
{
    struct parts p;

    if (!url)
        return NULL;
    if (strncasecmp(url, "hf://datasets/", 14) == 0)
        return dataset_id_at(url + 14);
    if (!split(url, &p) || !is_http(&p) || !hub_main_host(&p))
        return NULL;
    if (strncmp(p.path, "/datasets/", 10) != 0)
        return NULL;
    return dataset_id_at(p.path + 10);
}

enum cs_link_class cs_linkclass_by_host(const char *url, enum cs_link_class dflt)
{
    static const char *const papers[] = { "doi.org", "arxiv.org", "aclanthology.org",
                                          "openreview.net", NULL };
    static const char *const code[] = { "github.com", "gitlab.com", "bitbucket.org", NULL };
    struct parts p;

    if (!split(url, &p))
        return dflt;
    for (const char *const *h = papers; *h; h++) {
        if (host_in(&p, *h))
            return CS_LINK_PAPER;
    }
    for (const char *const *h = code; *h; h++) {
        if (host_in(&p, *h))
            return CS_LINK_CODE;
    }
    return dflt;
}
