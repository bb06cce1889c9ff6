/* SPDX-License-Identifier: MIT
 * httplink.c - RFC 8288 Link header values (httplink.h).
 */
#include "cs_setup.h"

#include "httplink.h"

#include "cs_err.h"
#include "cs_str.h"

#include <strings.h>

/* A cursor over the field value. */
struct cur {
    const char *p;
    const char *end;
};

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static void skip_ows(struct cur *c)
{
    while (c->p < c->end && is_ows(*c->p))
        c->p++;
}

/* RFC 9110 5.6.2 tchar, plus '*' for extended names such as title* */
static bool is_tchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Skips a quoted-string starting at c->p (on the opening quote), escapes included. */
static void skip_quoted(struct cur *c)
{
    c->p++;
    while (c->p < c->end && *c->p != '"') {
        if (*c->p == '\\' && c->p + 1 < c->end)
            c->p++;
        c->p++;
    }
    if (c->p < c->end)
        c->p++;
}

/* Skips junk up to (not past) the next top-level ',' or ';' (quoted strings and <...> kept
 * whole, so a comma inside them does not end the link-value). */
static void skip_junk(struct cur *c, bool stop_at_semicolon)
{
    while (c->p < c->end && *c->p != ',' && !(stop_at_semicolon && *c->p == ';')) {
        if (*c->p == '"') {
            skip_quoted(c);
        } else if (*c->p == '<') {
            const char *gt = memchr(c->p, '>', (size_t)(c->end - c->p));
            c->p = gt ? gt + 1 : c->end;
        } else {
            c->p++;
        }
    }
}

/* True when the space-separated list [v, v+n) holds rel (case-insensitive). */
static bool rel_has(const char *v, size_t n, const char *rel)
{
    size_t rl = strlen(rel);
    size_t i = 0;

    while (i < n) {
        size_t j;
        while (i < n && (v[i] == ' ' || v[i] == '\t'))
            i++;
        j = i;
        while (j < n && v[j] != ' ' && v[j] != '\t')
            j++;
        if (j - i == rl && rl > 0 && strncasecmp(v + i, rel, rl) == 0)
            return true;
        i = j;
    }
    return false;
}

/* Reads a parameter value (token or quoted-string) into buf (escapes removed, truncated to
 * cap - 1 bytes; a relation list longer than that is not a real one). Returns its length. */
static size_t read_value(struct cur *c, char *buf, size_t cap)
{
    size_t n = 0;

    if (c->p < c->end && *c->p == '"') {
        c->p++;
        while (c->p < c->end && *c->p != '"') {
            if (*c->p == '\\' && c->p + 1 < c->end)
                c->p++;
            if (n + 1 < cap)
                buf[n++] = *c->p;
            c->p++;
        }
        if (c->p < c->end)
            c->p++;
    } else {
        while (c->p < c->end && !is_ows(*c->p) && *c->p != ';' && *c->p != ',') {
            if (n + 1 < cap)
                buf[n++] = *c->p;
            c->p++;
        }
    }
    buf[n] = '\0';
    return n;
}

/* Reads the parameters of one link-value, up to its closing ',' or the end. Returns true when
 * its first rel parameter includes rel and, when type is non-NULL, its first type parameter
 * equals type (case-insensitively, surrounding spaces ignored: a media type). */
static bool read_params(struct cur *c, const char *rel, const char *type)
{
    bool seen_rel = false, seen_type = false;
    bool match = false, type_ok = type == NULL;
    char val[512];

    for (;;) {
        const char *name;
        size_t nlen;

        skip_ows(c);
        if (c->p >= c->end || *c->p == ',')
            return match && type_ok;
        if (*c->p != ';') {
            skip_junk(c, true);
            continue;
        }
        c->p++;
        skip_ows(c);
        name = c->p;
        while (c->p < c->end && is_tchar(*c->p))
            c->p++;
        nlen = (size_t)(c->p - name);
        skip_ows(c);
        if (c->p >= c->end || *c->p != '=')
            continue; /* a parameter without a value, or junk handled above */
        c->p++;
        skip_ows(c);
        size_t vlen = read_value(c, val, sizeof(val));
        if (nlen == 3 && strncasecmp(name, "rel", 3) == 0 && !seen_rel) {
            seen_rel = true; /* RFC 8288 3.3: later rel parameters are ignored */
            match = rel_has(val, vlen, rel);
        } else if (type && nlen == 4 && strncasecmp(name, "type", 4) == 0 && !seen_type) {
            const char *v = val;
            seen_type = true;
            cs_str_trim(&v, &vlen);
            type_ok = vlen == strlen(type) && strncasecmp(v, type, vlen) == 0;
        }
    }
}

/* Trimmed copy of [b, e). */
static char *dup_trimmed(const char *b, const char *e)
{
    while (b < e && is_ows(*b))
        b++;
    while (e > b && is_ows(e[-1]))
        e--;
    return cs_strndup(b, (size_t)(e - b));
}

/* Calls back for each link-value matching rel (and type): the shared loop of the finders.
 * found returns CS_OK to go on, 1 to stop, or an error. */
typedef int (*link_found_fn)(char *url, void *arg);

static int each_link(const char *value, size_t len, const char *rel, const char *type,
                     link_found_fn found, void *arg)
{
    struct cur c = { value, value ? value + len : value };

    while (c.p < c.end) {
        const char *lt, *gt;

        skip_ows(&c);
        if (c.p < c.end && *c.p == ',') {
            c.p++;
            continue;
        }
        if (c.p >= c.end)
            break;
        if (*c.p != '<') {
            skip_junk(&c, false);
            continue;
        }
        lt = c.p + 1;
        gt = memchr(lt, '>', (size_t)(c.end - lt));
        if (!gt)
            break; /* an unterminated target: nothing usable follows */
        c.p = gt + 1;
        if (read_params(&c, rel, type)) {
            char *url = dup_trimmed(lt, gt);
            int rc;
            if (!url)
                return CS_E_NOMEM;
            if (!*url) { /* "<>" would send a listing back to its own page */
                free(url);
                continue;
            }
            rc = found(url, arg);
            if (rc != CS_OK)
                return rc;
        }
    }
    return CS_OK;
}

static int keep_first(char *url, void *arg)
{
    *(char **)arg = url;
    return 1;
}

int cs_http_link_find(const char *value, size_t len, const char *rel, char **url_out)
{
    int rc;

    *url_out = NULL;
    if (!value || !rel)
        return CS_OK;
    rc = each_link(value, len, rel, NULL, keep_first, url_out);
    return rc == 1 ? CS_OK : rc;
}

struct all_links {
    char **urls;
    size_t count, max;
};

static int keep_all(char *url, void *arg)
{
    struct all_links *a = arg;

    if (a->count >= a->max) {
        free(url);
        return 1;
    }
    a->urls[a->count++] = url;
    return CS_OK;
}

int cs_http_link_find_all(const char *value, size_t len, const char *rel, const char *type,
                          size_t max, char ***urls_out, size_t *count_out)
{
    struct all_links a = { NULL, 0, max };
    int rc;

    *urls_out = NULL;
    *count_out = 0;
    if (!value || !rel || max == 0)
        return CS_OK;
    a.urls = calloc(max, sizeof(*a.urls));
    if (!a.urls)
        return CS_E_NOMEM;
    rc = each_link(value, len, rel, type, keep_all, &a);
    if (rc < 0) {
        cs_http_link_free_all(a.urls, a.count);
        return rc;
    }
    if (a.count == 0) {
        free(a.urls);
        return CS_OK;
    }
    *urls_out = a.urls;
    *count_out = a.count;
    return CS_OK;
}

void cs_http_link_free_all(char **urls, size_t count)
{
    for (size_t i = 0; urls && i < count; i++)
        free(urls[i]);
    free(urls);
}

int cs_http_link_next(const char *value, size_t len, char **url_out)
{
    return cs_http_link_find(value, len, "next", url_out);
}
