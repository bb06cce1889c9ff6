/* SPDX-License-Identifier: MIT
 * aitxt.c - Spawning's /ai.txt (signals.md 5.1): format sniffing, then the robots.txt reader's
 * lenient groups and longest match applied to the asset's path and to paths made from its media
 * type (aitxt.h).
 */
#include "cs_setup.h"

#include "aitxt.h"
#include "robots.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct cs_aitxt {
    struct cs_robots *robots; /* NULL unless format is CS_AITXT_SPAWNING */
    enum cs_aitxt_format format;
};

const char *cs_aitxt_format_name(enum cs_aitxt_format f)
{
    static const char *const names[] = { "spawning", "html", "json", "markdown", "no-groups" };

    return (unsigned)f < CS_ARRAY_LEN(names) ? names[f] : "no-groups";
}

/* signals.md 5.1: three unrelated formats share the name, and servers answer unknown paths with
 * HTML pages; sniff before interpreting. */
static enum cs_aitxt_format sniff(const char *buf, size_t len)
{
    size_t i = 0;

    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && isspace((unsigned char)buf[i]))
        i++;
    if (i < len && buf[i] == '<')
        return CS_AITXT_HTML;
    if (i < len && (buf[i] == '{' || buf[i] == '['))
        return CS_AITXT_JSON;
    if (len - i >= 4 && memcmp(buf + i, "---", 3) == 0 &&
        (buf[i + 3] == '\n' || buf[i + 3] == '\r'))
        return CS_AITXT_MARKDOWN;
    return CS_AITXT_SPAWNING;
}

static int parse_robots(struct cs_aitxt *a, const char *buf, size_t len, struct cs_diag *diag)
{
    const struct cs_robots_opts ro = { .max_bytes = CS_AITXT_MAX_BYTES };
    struct cs_diag first = { 0 };
    int rc = cs_robots_parse(buf, len, &ro, &a->robots, &first);

    if (rc != CS_OK)
        return rc;
    /* the cut matters more than a tolerated line: it is reported first */
    if (cs_robots_truncated(a->robots))
        cs_diag_set(diag, 0, CS_E_LIMIT, "ai.txt: only the first %d bytes read",
                    CS_AITXT_MAX_BYTES);
    if (cs_robots_group_count(a->robots) == 0) {
        cs_diag_set(diag, 0, CS_E_PARSE, "ai.txt: no User-agent group: not Spawning's format");
        cs_robots_free(a->robots);
        a->robots = NULL;
        a->format = CS_AITXT_NO_GROUPS;
    }
    if (first.code && diag && !diag->code)
        *diag = first;
    return CS_OK;
}

int cs_aitxt_parse(const char *buf, size_t len, struct cs_aitxt **out, struct cs_diag *diag)
{
    struct cs_aitxt *a = calloc(1, sizeof(*a));
    int rc = CS_OK;

    *out = NULL;
    if (!a)
        return CS_E_NOMEM;
    a->format = sniff(buf, len);
    if (a->format == CS_AITXT_SPAWNING)
        rc = parse_robots(a, buf, len, diag);
    else
        cs_diag_set(diag, 0, CS_E_PARSE, "ai.txt: %s, not Spawning's format",
                    cs_aitxt_format_name(a->format));
    if (rc != CS_OK) {
        cs_aitxt_free(a);
        return rc;
    }
    *out = a;
    return CS_OK;
}

void cs_aitxt_free(struct cs_aitxt *a)
{
    if (!a)
        return;
    cs_robots_free(a->robots);
    free(a);
}

enum cs_aitxt_format cs_aitxt_format(const struct cs_aitxt *a)
{
    return a->format;
}

/* ---- media types (signals.md 5.1: the generator's Images/Audio/Video/Text/Code groups) ---- */

struct mt {
    const char *type;
    const char *ext[4];
};

static const struct mt media_types[] = {
    { "image/jpeg", { "jpg", "jpeg", NULL } },
    { "image/png", { "png", NULL } },
    { "image/gif", { "gif", NULL } },
    { "image/webp", { "webp", NULL } },
    { "image/bmp", { "bmp", NULL } },
    { "image/tiff", { "tif", "tiff", NULL } },
    { "image/svg+xml", { "svg", NULL } },
    { "image/x-icon", { "ico", NULL } },
    { "image/vnd.microsoft.icon", { "ico", NULL } },
    { "image/heif", { "heif", NULL } },
    { "image/vnd.adobe.photoshop", { "psd", NULL } },
    { "application/postscript", { "eps", "ai", NULL } },
    { "audio/aac", { "aac", NULL } },
    { "audio/aiff", { "aiff", NULL } },
    { "audio/flac", { "flac", NULL } },
    { "audio/mp4", { "m4a", NULL } },
    { "audio/mpeg", { "mp3", NULL } },
    { "audio/ogg", { "oga", "ogg", "opus", NULL } },
    { "audio/opus", { "opus", NULL } },
    { "audio/wav", { "wav", NULL } },
    { "audio/x-wav", { "wav", NULL } },
    { "audio/webm", { "weba", NULL } },
    { "audio/x-ms-wma", { "wma", NULL } },
    { "video/mp4", { "mp4", "m4v", NULL } },
    { "video/webm", { "webm", NULL } },
    { "video/ogg", { "ogg", NULL } },
    { "video/x-msvideo", { "avi", NULL } },
    { "video/quicktime", { "mov", "qt", NULL } },
    { "video/x-ms-wmv", { "wmv", NULL } },
    { "video/x-flv", { "flv", NULL } },
    { "video/x-matroska", { "mkv", NULL } },
    { "video/3gpp", { "3gp", NULL } },
    { "video/mpeg", { "mpg", "mpeg", NULL } },
    { "video/mp2t", { "ts", "mts", "m2ts", NULL } },
    { "text/plain", { "txt", NULL } },
    { "text/html", { "html", "htm", NULL } },
    { "application/xhtml+xml", { "html", "htm", NULL } },
    { "application/pdf", { "pdf", NULL } },
    { "application/msword", { "doc", NULL } },
    { "application/vnd.openxmlformats-officedocument.wordprocessingml.document", { "docx", NULL } },
    { "application/vnd.oasis.opendocument.text", { "odt", NULL } },
    { "application/rtf", { "rtf", NULL } },
    { "text/markdown", { "md", NULL } },
    { "text/csv", { "csv", NULL } },
    { "application/xml", { "xml", NULL } },
    { "text/xml", { "xml", NULL } },
    { "application/vnd.ms-excel", { "xls", NULL } },
    { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", { "xlsx", NULL } },
    { "application/vnd.ms-powerpoint", { "ppt", NULL } },
    { "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      { "pptx", NULL } },
    { "application/x-tex", { "tex", NULL } },
    { "application/json", { "json", NULL } },
    { "text/javascript", { "js", NULL } },
    { "application/javascript", { "js", NULL } },
    { "text/css", { "css", NULL } },
    { "text/x-python", { "py", NULL } },
    { "text/x-java-source", { "java", NULL } },
    { "text/x-c", { "c", "h", NULL } },
    { "application/x-sh", { "sh", NULL } },
    { "application/sql", { "sql", NULL } },
};

const char *const *cs_aitxt_extensions(const char *media_type)
{
    size_t n;

    if (!media_type)
        return NULL;
    while (*media_type == ' ' || *media_type == '\t')
        media_type++;
    n = strcspn(media_type, "; \t");
    for (size_t i = 0; i < CS_ARRAY_LEN(media_types); i++) {
        if (strlen(media_types[i].type) == n &&
            strncasecmp(media_types[i].type, media_type, n) == 0)
            return media_types[i].ext;
    }
    return NULL;
}

/* ---- checking ---- */

/* Length of path's stem: without query/fragment and without the last segment's extension (a
 * leading dot, as in "/.well-known", is not an extension). */
static size_t stem_len(const char *path)
{
    size_t q = strcspn(path, "?#");
    size_t seg = q;

    while (seg > 0 && path[seg - 1] != '/')
        seg--;
    for (size_t i = q; i > seg + 1; i--) {
        if (path[i - 1] == '.')
            return i - 1;
    }
    return q;
}

/* Checks stem(path) + "." + ext. */
static int check_candidate(const struct cs_robots *r, const char *agent, const char *path,
                           const char *ext, struct cs_robots_verdict *v)
{
    size_t s = stem_len(path), e = strlen(ext);
    char *c = malloc(s + e + 2);
    int rc;

    if (!c)
        return CS_E_NOMEM;
    memcpy(c, path, s);
    c[s] = '.';
    memcpy(c + s + 1, ext, e + 1);
    rc = cs_robots_check(r, agent, c, CS_ROBOTS_LENIENT, v);
    free(c);
    return rc;
}

static int decided(struct cs_aitxt_verdict *out, const struct cs_robots_verdict *v, bool by_type)
{
    out->allowed = v->allowed ? 1 : 0;
    out->line = v->line;
    out->rule = v->rule;
    out->by_media_type = by_type;
    return CS_OK;
}

/* Marker returned by type_candidates when a candidate decided. */
#define DECIDED 1

/* The media type's candidates: a disallowing one decides at once; the first allowing one is
 * kept in *allow (allow->line 0 when none). Returns CS_OK, DECIDED when *out was decided, or
 * CS_E_NOMEM. */
static int type_candidates(const struct cs_robots *r, const char *agent, const char *path,
                           const char *const *ext, struct cs_robots_verdict *allow,
                           struct cs_aitxt_verdict *out)
{
    struct cs_robots_verdict v;

    allow->line = 0;
    for (size_t i = 0; ext && ext[i]; i++) {
        int rc = check_candidate(r, agent, path, ext[i], &v);
        if (rc != CS_OK)
            return rc;
        if (v.line && !v.allowed) {
            (void)decided(out, &v, true);
            return DECIDED;
        }
        if (v.line && !allow->line)
            *allow = v;
    }
    return CS_OK;
}

int cs_aitxt_check(const struct cs_aitxt *a, const char *agent, const char *path,
                   const char *media_type, struct cs_aitxt_verdict *out)
{
    struct cs_robots_verdict own, allow;
    int rc;

    if (!a || !agent || !path || !out)
        return CS_E_INVALID;
    memset(out, 0, sizeof(*out));
    out->allowed = -1;
    if (!a->robots)
        return CS_OK; /* not Spawning's format: unset */
    if (path[0] == '\0')
        path = "/";
    rc = cs_robots_check(a->robots, agent, path, CS_ROBOTS_LENIENT, &own);
    if (rc != CS_OK || own.group == CS_ROBOTS_GROUP_NONE)
        return rc; /* no group for this agent: the file says nothing */
    if (own.line && !own.allowed)
        return decided(out, &own, false);
    rc = type_candidates(a->robots, agent, path, cs_aitxt_extensions(media_type), &allow, out);
    if (rc != CS_OK)
        return rc == DECIDED ? CS_OK : rc;
    if (own.line)
        return decided(out, &own, false);
    if (allow.line)
        return decided(out, &allow, true);
    out->allowed = 1;
    out->default_allowed = true;
    return CS_OK;
}

/* ---- Spawning's registry answer (signals.md 5.2) ---- */

static void api_entry(json_t *e, int *out)
{
    if (json_is_true(json_object_get(e, "optOut")))
        *out = 0;
    else if (json_is_true(json_object_get(e, "optIn")))
        *out = 1;
}

int cs_spawning_api_lookup(const char *buf, size_t len, const char *url, int *out)
{
    json_t *root, *urls;
    size_t n;

    if (!buf || !url || !out)
        return CS_E_INVALID;
    *out = -1;
    if (len > CS_SPAWNING_API_MAX)
        return CS_E_LIMIT;
    root = json_loadb(buf, len, 0, NULL);
    urls = json_object_get(root, "urls");
    if (!json_is_array(urls)) {
        json_decref(root);
        return CS_E_PARSE;
    }
    n = json_array_size(urls);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(urls, i);
        json_t *u = json_object_get(e, "url");
        if (json_is_string(u) && strcmp(json_string_value(u), url) == 0) {
            api_entry(e, out);
            break;
        }
    }
    json_decref(root);
    return CS_OK;
}

/* One asked URL in the sorted index: an entry out of place is found in O(log n). */
struct asked {
    const char *url;
    size_t i;
};

static int cmp_asked(const void *a, const void *b)
{
    const struct asked *x = a, *y = b;
    int c = strcmp(x->url, y->url);

    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* The first asked index of url, or n. */
static size_t find_asked(const struct asked *idx, size_t n, const char *url)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(idx[mid].url, url) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(idx[lo].url, url) == 0 ? lo : n;
}

/* Entry e (at position pos) out of place: every asked copy of its URL not yet answered gets it. */
static void match_indexed(const struct asked *idx, size_t n, json_t *e, const char *url, int *out,
                          bool *done)
{
    for (size_t k = find_asked(idx, n, url); k < n && strcmp(idx[k].url, url) == 0; k++) {
        if (!done[idx[k].i]) {
            done[idx[k].i] = true;
            out[idx[k].i] = -1;
            api_entry(e, &out[idx[k].i]);
        }
    }
}

static int batch_match(json_t *arr, const char *const *urls, size_t n, int *out)
{
    struct asked *idx = calloc(n ? n : 1, sizeof(*idx));
    bool *done = calloc(n ? n : 1, sizeof(*done));
    size_t m = json_array_size(arr);

    if (!idx || !done) {
        free(idx);
        free(done);
        return CS_E_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        idx[i] = (struct asked){ urls[i], i };
    qsort(idx, n, sizeof(*idx), cmp_asked);
    for (size_t j = 0; j < m; j++) {
        json_t *e = json_array_get(arr, j);
        json_t *u = json_object_get(e, "url");
        if (!json_is_string(u))
            continue;
        if (j < n && !done[j] && strcmp(json_string_value(u), urls[j]) == 0) {
            done[j] = true; /* in place: the answer's own order (signals.md 5.2) */
            out[j] = -1;
            api_entry(e, &out[j]);
        } else {
            match_indexed(idx, n, e, json_string_value(u), out, done);
        }
    }
    free(idx);
    free(done);
    return CS_OK;
}

int cs_spawning_api_batch(const char *buf, size_t len, const char *const *urls, size_t n, int *out)
{
    json_t *root, *arr;
    int rc;

    if (!buf || (n && (!urls || !out)))
        return CS_E_INVALID;
    for (size_t i = 0; i < n; i++) {
        if (!urls[i])
            return CS_E_INVALID;
        out[i] = CS_SPAWNING_ABSENT;
    }
    if (len > CS_SPAWNING_API_MAX)
        return CS_E_LIMIT;
    root = json_loadb(buf, len, 0, NULL);
    arr = json_object_get(root, "urls");
    rc = json_is_array(arr) ? batch_match(arr, urls, n, out) : CS_E_PARSE;
    json_decref(root);
    return rc;
}
