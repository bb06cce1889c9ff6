/* SPDX-License-Identifier: MIT
 * fixture_hub.c - the end-to-end fixture for the Hugging Face Hub (issue 4 "Tests"): the API
 * subset the index crawler uses (peers.md 5.2-5.4), served from a data directory on 127.0.0.1.
 * Listings paginate with RFC 8288 Link headers and expiring cursors, /api/ answers 429 on a
 * schedule, a gated repo needs a token, a card can change between runs, and one card redirects
 * to another host. It also plays the dataset viewer (datasets-server) at its root: /size,
 * /splits and /rows, computed from DATA/datasets/<org>/<name>/viewer/features.json (the features
 * array) and viewer/<config>/<split>.jsonl (one {"row": {...}[, "truncated_cells": [...]]} a
 * line, row_idx = line number from 0). See tests/e2e/README.md ("The fixture hub"). It binds
 * only loopback.
 *
 *   cs_fixture_hub --data DIR [--port-file FILE] [--log FILE] [--port N] [--token T]
 *                  [--rate-limit N] [--variant FILE] [--sites-port N] [--cdn-base URL]
 *                  [--expire-after N]
 */
#include "cs_setup.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "cs_buf.h"
#include "cs_err.h"

#define HUB_NAME "cs_fixture_hub"
#define HUB_USAGE                                                                           \
    "usage: " HUB_NAME " --data DIR [--port-file FILE] [--log FILE] [--port N] [--token T]" \
    " [--rate-limit N] [--variant FILE] [--sites-port N] [--cdn-base URL] [--expire-after N]"
#define HUB_PATH_MAX   4096
#define HUB_QUERY_MAX  4096
#define HUB_MAX_ARGS   32
#define HUB_FILE_MAX   (8 * 1024 * 1024) /* a card past the crawler's 2 MiB cap fits */
#define HUB_MAX_REPOS  1000
#define HUB_LIMIT_DEF  2
#define HUB_LIMIT_MAX  1000
#define HUB_CONN_MEM   (32 * 1024)
#define HUB_CDN_MARKER "cdn-redirect"

struct hub_options {
    const char *data;
    const char *port_file;
    const char *log_file;
    const char *token;
    const char *variant;
    const char *cdn_base;
    long port;
    long sites_port;
    long rate_limit;
    long expire_after;
};

/* Process-wide state; counters and the log are guarded by lock (one thread per connection). */
struct hub_state {
    struct hub_options opt;
    unsigned port;
    FILE *log;
    pthread_mutex_t lock;
    unsigned long api_requests;    /* requests to /api/ so far, for --rate-limit */
    unsigned long viewer_requests; /* requests to the viewer's endpoints, counted apart */
    unsigned long generation;      /* cursors of older generations are invalid */
    unsigned long pages_served;    /* successful listing pages, for --expire-after */
};

static struct hub_state g_hub = { .lock = PTHREAD_MUTEX_INITIALIZER };

struct hub_arg {
    const char *key;
    const char *value; /* "" for a bare key */
};

/* One request: the Host header as sent, the decoded path, the query re-encoded in order. */
struct hub_request {
    struct MHD_Connection *conn;
    char host[256];
    const char *method;
    const char *url;
    const char *authorization; /* Borrowed from MHD; NULL when absent */
    char query[HUB_QUERY_MAX];
    size_t n_args;
    struct hub_arg args[HUB_MAX_ARGS];
    bool query_too_long;
};

/* An extra response header. */
struct hub_header {
    const char *name;
    const char *value;
};

/* ---- small helpers ---------------------------------------------------------------------- */

static void hub_warn(const char *fmt, ...) CS_PRINTF(1, 2);

static void hub_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(HUB_NAME ": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Reads a whole regular file of at most HUB_FILE_MAX bytes; NULL when missing or too big.
 * Returns owned (NUL-terminated). */
static char *hub_read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    struct stat st;
    char *text = NULL;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= HUB_FILE_MAX) {
        text = malloc((size_t)st.st_size + 1);
    }
    size_t got = text != NULL ? fread(text, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (text != NULL) {
        text[got] = '\0';
    }
    if (len_out != NULL) {
        *len_out = got;
    }
    return text;
}

static bool hub_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static bool hub_parse_long(const char *s, long min, long max, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
        return false;
    }
    *out = v;
    return true;
}

/* Percent-encodes s for a query component (RFC 3986 3.4: ":/@,|" stay as they are). */
static bool hub_encode(struct cs_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    bool ok = true;
    for (; *s != '\0' && ok; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) || strchr("-._~:/@,|!*()", c) != NULL) {
            ok = cs_buf_add(b, s, 1) == CS_OK;
        } else {
            char enc[3] = { '%', hex[c >> 4], hex[c & 15] };
            ok = cs_buf_add(b, enc, 3) == CS_OK;
        }
    }
    return ok;
}

/* ---- request log ------------------------------------------------------------------------ */

/* Appends "HOST METHOD PATH[?QUERY] STATUS[ auth]"; blanks and controls become %XX. */
static void hub_log(const struct hub_request *rq, unsigned status)
{
    if (g_hub.log == NULL) {
        return;
    }
    char path[2048];
    size_t o = 0;
    for (const char *s = rq->url; *s != '\0' && o + 4 < sizeof path; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= 0x20 || c >= 0x7f) {
            o += (size_t)snprintf(path + o, sizeof path - o, "%%%02X", c);
        } else {
            path[o++] = (char)c;
        }
    }
    path[o] = '\0';
    pthread_mutex_lock(&g_hub.lock);
    int host_len = (int)strcspn(rq->host, ":"); /* the name only, as fixture_server.c logs */
    fprintf(g_hub.log, "%.*s %s %s%s%s %u%s\n", host_len > 0 ? host_len : 1,
            host_len > 0 ? rq->host : "-", rq->method, path, rq->query[0] ? "?" : "", rq->query,
            status, rq->authorization ? " auth" : "");
    fflush(g_hub.log);
    pthread_mutex_unlock(&g_hub.lock);
}

/* ---- responses -------------------------------------------------------------------------- */

/* Queues a response with body (copied), its Content-Type and extra headers; logs it. */
static enum MHD_Result hub_send(const struct hub_request *rq, unsigned status, const char *type,
                                const char *body, size_t len, const struct hub_header *hdrs,
                                size_t n_hdrs)
{
    hub_log(rq, status);
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
    if (resp == NULL) {
        return MHD_NO;
    }
    if (type != NULL) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    }
    for (size_t i = 0; i < n_hdrs; i++) {
        MHD_add_response_header(resp, hdrs[i].name, hdrs[i].value);
    }
    enum MHD_Result ret = MHD_queue_response(rq->conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* A JSON error body {"error": msg}, as the Hub sends. */
static enum MHD_Result hub_error(const struct hub_request *rq, unsigned status, const char *msg)
{
    char body[512];
    json_t *obj = json_pack("{s:s}", "error", msg);
    size_t n = obj != NULL ? json_dumpb(obj, body, sizeof body, JSON_COMPACT) : 0;
    json_decref(obj);
    if (n == 0 || n > sizeof body) {
        n = 0;
    }
    return hub_send(rq, status, "application/json", body, n, NULL, 0);
}

static enum MHD_Result hub_send_json(const struct hub_request *rq, const json_t *value,
                                     const struct hub_header *hdrs, size_t n_hdrs)
{
    char *text = json_dumps(value, JSON_COMPACT);
    if (text == NULL) {
        return hub_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    }
    enum MHD_Result ret =
        hub_send(rq, MHD_HTTP_OK, "application/json", text, strlen(text), hdrs, n_hdrs);
    free(text);
    return ret;
}

/* ---- placeholders and repository files -------------------------------------------------- */

/* Returns owned: text with {{HUB}} (this hub's base, from the Host header) and {{SITES}}
 * (":PORT" of --sites-port, or nothing) replaced. NULL on out of memory. */
static char *hub_subst(const struct hub_request *rq, const char *text, size_t *len_out)
{
    char sites[32] = "";
    if (g_hub.opt.sites_port > 0) {
        snprintf(sites, sizeof sites, ":%ld", g_hub.opt.sites_port);
    }
    struct cs_buf b;
    cs_buf_init(&b, 4 * HUB_FILE_MAX);
    bool ok = true;
    while (ok && *text != '\0') {
        if (strncmp(text, "{{HUB}}", 7) == 0) {
            ok = cs_buf_addf(&b, "http://%s", rq->host) == CS_OK;
            text += 7;
        } else if (strncmp(text, "{{SITES}}", 9) == 0) {
            ok = cs_buf_adds(&b, sites) == CS_OK;
            text += 9;
        } else {
            ok = cs_buf_add(&b, text++, 1) == CS_OK;
        }
    }
    return ok ? cs_buf_detach(&b, len_out) : NULL;
}

/* Whether --variant FILE exists and names id on a line of its own. */
static bool hub_variant_on(const char *id)
{
    if (g_hub.opt.variant == NULL) {
        return false;
    }
    char *text = hub_read_file(g_hub.opt.variant, NULL);
    bool on = false;
    for (char *line = text; line != NULL && *line != '\0' && !on;) {
        size_t len = strcspn(line, "\r\n");
        on = len == strlen(id) && memcmp(line, id, len) == 0;
        line += len;
        line += strspn(line, "\r\n");
    }
    free(text);
    return on;
}

/* DATA/<kind>/<id>/<name>, with "README.md" and "info.json" swapped for their ".v2" versions
 * when the variant file names id (a card that changes between runs). */
static bool hub_repo_path(char *out, size_t cap, const char *kind, const char *id, const char *name)
{
    const char *v2 = NULL;
    if (strcmp(name, "README.md") == 0 || strcmp(name, "info.json") == 0) {
        v2 = name[0] == 'R' ? "README.v2.md" : "info.v2.json";
    }
    if (v2 != NULL && hub_variant_on(id)) {
        int n = snprintf(out, cap, "%s/%s/%s/%s", g_hub.opt.data, kind, id, v2);
        if (n > 0 && (size_t)n < cap && hub_exists(out)) {
            return true;
        }
    }
    int n = snprintf(out, cap, "%s/%s/%s/%s", g_hub.opt.data, kind, id, name);
    return n > 0 && (size_t)n < cap;
}

/* Returns owned: the repo's info object (placeholders replaced), or NULL when absent/broken. */
static json_t *hub_load_info(const struct hub_request *rq, const char *kind, const char *id)
{
    char path[HUB_PATH_MAX];
    if (!hub_repo_path(path, sizeof path, kind, id, "info.json")) {
        return NULL;
    }
    char *raw = hub_read_file(path, NULL);
    char *text = raw != NULL ? hub_subst(rq, raw, NULL) : NULL;
    free(raw);
    if (text == NULL) {
        return NULL;
    }
    json_error_t err;
    json_t *info = json_loads(text, 0, &err);
    free(text);
    if (!json_is_object(info)) {
        hub_warn("%s: line %d: %s", path, err.line, err.text);
        json_decref(info);
        return NULL;
    }
    return info;
}

/* A repo is gated when its info's "gated" is a string ("auto" or "manual", peers.md 5.1). */
static bool hub_is_gated(const json_t *info)
{
    return json_is_string(json_object_get(info, "gated"));
}

/* ---- listings --------------------------------------------------------------------------- */

/* The listing's query: peers.md 5.2 spellings (search, author, filter, sort, direction, limit,
 * expand, full, cursor). */
struct hub_query {
    const char *search;
    const char *author;
    const char *filters[HUB_MAX_ARGS];
    size_t n_filters;
    const char *sort;
    bool descending;
    bool card_data;
    long limit;
    const char *cursor;
};

static bool hub_parse_query(const struct hub_request *rq, struct hub_query *q)
{
    memset(q, 0, sizeof *q);
    q->limit = HUB_LIMIT_DEF;
    for (size_t i = 0; i < rq->n_args; i++) {
        const char *k = rq->args[i].key;
        const char *v = rq->args[i].value;
        if (strcmp(k, "search") == 0) {
            q->search = v;
        } else if (strcmp(k, "author") == 0) {
            q->author = v;
        } else if (strcmp(k, "filter") == 0) {
            q->filters[q->n_filters++] = v;
        } else if (strcmp(k, "sort") == 0) {
            q->sort = v;
        } else if (strcmp(k, "direction") == 0) {
            q->descending = strcmp(v, "-1") == 0;
        } else if (strcmp(k, "expand") == 0 || strcmp(k, "expand[]") == 0) {
            q->card_data = q->card_data || strcmp(v, "cardData") == 0;
        } else if (strcmp(k, "full") == 0) {
            q->card_data = q->card_data || strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
        } else if (strcmp(k, "limit") == 0) {
            if (!hub_parse_long(v, 1, HUB_LIMIT_MAX, &q->limit)) {
                return false;
            }
        } else if (strcmp(k, "cursor") == 0) {
            q->cursor = v;
        }
    }
    return true;
}

static bool hub_has_tag(const json_t *info, const char *tag)
{
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(info, "tags"), i, t)
    {
        if (json_is_string(t) && strcmp(json_string_value(t), tag) == 0) {
            return true;
        }
    }
    return false;
}

static bool hub_contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay != '\0'; hay++) {
        if (strncasecmp(hay, needle, n) == 0) {
            return true;
        }
    }
    return n == 0;
}

/* Whether an entry passes search (substring of id, any case), author and every filter. */
static bool hub_matches(const json_t *info, const struct hub_query *q)
{
    const char *id = json_string_value(json_object_get(info, "id"));
    if (id == NULL) {
        return false;
    }
    if (q->search != NULL && !hub_contains_nocase(id, q->search)) {
        return false;
    }
    size_t ns = strcspn(id, "/");
    if (q->author != NULL && (strlen(q->author) != ns || strncmp(id, q->author, ns) != 0)) {
        return false;
    }
    for (size_t i = 0; i < q->n_filters; i++) {
        if (!hub_has_tag(info, q->filters[i])) {
            return false;
        }
    }
    return true;
}

/* One entry to sort; qsort has no context argument, so each carries its key and direction. */
struct hub_entry {
    json_t *info;
    const char *key; /* sort key (Borrowed from info): the id, or a date */
    const char *id;
    bool descending;
};

static int hub_entry_cmp(const void *a, const void *b)
{
    const struct hub_entry *x = a;
    const struct hub_entry *y = b;
    int c = strcmp(x->key, y->key);
    if (x->descending) {
        c = -c;
    }
    return c != 0 ? c : strcmp(x->id, y->id);
}

/* Adds DATA/<kind>/<org>/<name> entries that match q to out (json array of info objects). */
static void hub_scan_org(const struct hub_request *rq, const char *kind, const char *org,
                         const struct hub_query *q, json_t *out)
{
    char dir[HUB_PATH_MAX];
    snprintf(dir, sizeof dir, "%s/%s/%s", g_hub.opt.data, kind, org);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL && json_array_size(out) < HUB_MAX_REPOS) {
        char id[512];
        if (e->d_name[0] == '.' || snprintf(id, sizeof id, "%s/%s", org, e->d_name) >= 512) {
            continue;
        }
        json_t *info = hub_load_info(rq, kind, id);
        if (info != NULL && hub_matches(info, q)) {
            json_array_append(out, info);
        }
        json_decref(info);
    }
    if (d != NULL) {
        closedir(d);
    }
}

/* Returns owned: the matching entries of DATA/<kind>, sorted as q asks. */
static json_t *hub_collect(const struct hub_request *rq, const char *kind,
                           const struct hub_query *q)
{
    json_t *all = json_array();
    char dir[HUB_PATH_MAX];
    snprintf(dir, sizeof dir, "%s/%s", g_hub.opt.data, kind);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (all != NULL && d != NULL && (e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.') {
            hub_scan_org(rq, kind, e->d_name, q, all);
        }
    }
    if (d != NULL) {
        closedir(d);
    }
    return all;
}

/* Sorts entries by id (the default), or by lastModified/createdAt when q->sort names one. */
static void hub_sort(json_t *all, const struct hub_query *q)
{
    size_t n = json_array_size(all);
    struct hub_entry *v = calloc(n > 0 ? n : 1, sizeof *v);
    if (v == NULL) {
        return;
    }
    bool by_date = q->sort != NULL &&
                   (strcmp(q->sort, "lastModified") == 0 || strcmp(q->sort, "createdAt") == 0);
    for (size_t i = 0; i < n; i++) {
        json_t *info = json_array_get(all, i);
        v[i].info = json_incref(info);
        v[i].id = json_string_value(json_object_get(info, "id"));
        const char *date = by_date ? json_string_value(json_object_get(info, q->sort)) : NULL;
        v[i].key = date != NULL ? date : v[i].id;
        v[i].descending = by_date ? q->descending : false;
    }
    qsort(v, n, sizeof *v, hub_entry_cmp);
    json_array_clear(all);
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(all, v[i].info);
    }
    free(v);
}

/* Cursor tokens are "c<generation>.<offset>" (opaque to clients). Returns false when the token
 * is malformed or from an older generation: the Hub's "Invalid cursor" (issue 4). */
static bool hub_cursor_offset(const char *cursor, size_t *offset)
{
    unsigned long gen = 0;
    unsigned long off = 0;
    char tail = 0;
    *offset = 0;
    if (cursor == NULL) {
        return true;
    }
    if (sscanf(cursor, "c%lu.%lu%c", &gen, &off, &tail) != 2) {
        return false;
    }
    pthread_mutex_lock(&g_hub.lock);
    bool current = gen == g_hub.generation;
    pthread_mutex_unlock(&g_hub.lock);
    *offset = off;
    return current;
}

/* Builds "<http://HOST/api/KIND?ARGS&cursor=TOKEN>; rel=\"next\"" with every argument of the
 * request but the old cursor (peers.md 5.2: the next URL carries all query params). */
static char *hub_next_link(const struct hub_request *rq, size_t next_offset)
{
    struct cs_buf b;
    cs_buf_init(&b, 2 * HUB_QUERY_MAX);
    bool ok = cs_buf_addf(&b, "<http://%s%s?", rq->host, rq->url) == CS_OK;
    for (size_t i = 0; ok && i < rq->n_args; i++) {
        if (strcmp(rq->args[i].key, "cursor") == 0) {
            continue;
        }
        ok = hub_encode(&b, rq->args[i].key) && cs_buf_adds(&b, "=") == CS_OK &&
             hub_encode(&b, rq->args[i].value) && cs_buf_adds(&b, "&") == CS_OK;
    }
    pthread_mutex_lock(&g_hub.lock);
    unsigned long gen = g_hub.generation;
    pthread_mutex_unlock(&g_hub.lock);
    ok = ok && cs_buf_addf(&b, "cursor=c%lu.%zu>; rel=\"next\"", gen, next_offset) == CS_OK;
    return ok ? cs_buf_detach(&b, NULL) : NULL;
}

/* Counts a served page; after --expire-after N pages the generation moves on once. */
static void hub_page_served(void)
{
    pthread_mutex_lock(&g_hub.lock);
    g_hub.pages_served++;
    if (g_hub.opt.expire_after > 0 && g_hub.pages_served == (unsigned long)g_hub.opt.expire_after) {
        g_hub.generation++;
    }
    pthread_mutex_unlock(&g_hub.lock);
}

/* Returns owned: entries [offset, offset + limit) of all, without cardData unless asked. */
static json_t *hub_page(const json_t *all, size_t offset, const struct hub_query *q)
{
    json_t *page = json_array();
    for (size_t i = offset;
         page != NULL && i < json_array_size(all) && i < offset + (size_t)q->limit; i++) {
        json_t *entry = json_copy(json_array_get(all, i));
        if (entry != NULL && !q->card_data) {
            json_object_del(entry, "cardData");
        }
        json_array_append_new(page, entry);
    }
    return page;
}

/* GET /api/datasets or /api/models: a JSON array page, with a Link to the next page. */
static enum MHD_Result hub_listing(const struct hub_request *rq, const char *kind,
                                   struct hub_header *hdrs, size_t n_hdrs)
{
    struct hub_query q;
    size_t offset = 0;
    if (!hub_parse_query(rq, &q)) {
        return hub_error(rq, MHD_HTTP_BAD_REQUEST, "Invalid limit");
    }
    if (!hub_cursor_offset(q.cursor, &offset)) {
        return hub_error(rq, MHD_HTTP_BAD_REQUEST, "Invalid cursor");
    }
    json_t *all = hub_collect(rq, kind, &q);
    hub_sort(all, &q);
    json_t *page = hub_page(all, offset, &q);
    char *link = NULL;
    if (offset + (size_t)q.limit < json_array_size(all)) {
        link = hub_next_link(rq, offset + (size_t)q.limit);
    }
    if (link != NULL) {
        hdrs[n_hdrs++] = (struct hub_header){ "Link", link };
    }
    enum MHD_Result ret =
        page != NULL ? hub_send_json(rq, page, hdrs, n_hdrs) : hub_error(rq, 500, "out of memory");
    hub_page_served();
    free(link);
    json_decref(page);
    json_decref(all);
    return ret;
}

/* ---- gated access ----------------------------------------------------------------------- */

/* Whether the request carries "Authorization: Bearer <--token>". */
static bool hub_authorized(const struct hub_request *rq)
{
    const char *a = rq->authorization;
    return a != NULL && g_hub.opt.token != NULL && strncmp(a, "Bearer ", 7) == 0 &&
           strcmp(a + 7, g_hub.opt.token) == 0;
}

/* 401 for a gated repo without the right token (the Hub's X-Error-Code: GatedRepo). */
static enum MHD_Result hub_gated(const struct hub_request *rq, const char *id)
{
    char msg[400];
    snprintf(msg, sizeof msg,
             "Access to %s is restricted. You must have access to it and be authenticated to "
             "access it. Please log in.",
             id);
    static const struct hub_header hdrs[] = { { "X-Error-Code", "GatedRepo" } };
    char body[600];
    json_t *obj = json_pack("{s:s}", "error", msg);
    size_t n = obj != NULL ? json_dumpb(obj, body, sizeof body, JSON_COMPACT) : 0;
    json_decref(obj);
    n = n <= sizeof body ? n : 0;
    return hub_send(rq, MHD_HTTP_UNAUTHORIZED, "application/json", body, n, hdrs, 1);
}

/* ---- repo info and files ---------------------------------------------------------------- */

/* "org/name" from the start of p (two safe segments); rest points after it. */
static bool hub_split_id(const char *p, char *id, size_t cap, const char **rest)
{
    const char *slash = strchr(p, '/');
    if (slash == NULL || slash == p) {
        return false;
    }
    size_t len = strcspn(slash + 1, "/") + (size_t)(slash - p) + 1;
    if (len >= cap || p[len - 1] == '/') {
        return false;
    }
    memcpy(id, p, len);
    id[len] = '\0';
    *rest = p + len;
    return id[0] != '.' && slash[1] != '.' && strstr(id, "..") == NULL;
}

/* Adds "siblings" (the repo's files, peers.md 5.3) to an info object. */
static void hub_add_siblings(json_t *info, const char *kind, const char *id)
{
    char dir[HUB_PATH_MAX];
    snprintf(dir, sizeof dir, "%s/%s/%s", g_hub.opt.data, kind, id);
    json_t *list = json_array();
    DIR *d = opendir(dir);
    struct dirent *e;
    while (list != NULL && d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, "README.md") == 0) {
            json_array_append_new(list, json_pack("{s:s}", "rfilename", e->d_name));
        }
    }
    if (d != NULL) {
        closedir(d);
    }
    json_object_set_new(info, "siblings", list != NULL ? list : json_array());
}

static enum MHD_Result hub_serve_file(const struct hub_request *rq, const char *kind,
                                      const char *id, const char *file);

/* GET /api/<kind>/<org>/<name>[/revision/<rev>]: the info object with cardData;
 * GET /api/datasets/<org>/<name>/croissant: DATA/datasets/<id>/croissant.json, 404 without. */
static enum MHD_Result hub_info(const struct hub_request *rq, const char *kind, const char *p,
                                const struct hub_header *hdrs, size_t n_hdrs)
{
    char id[512];
    const char *rest = NULL;
    if (!hub_split_id(p, id, sizeof id, &rest) ||
        (*rest != '\0' && strncmp(rest, "/revision/", 10) != 0 &&
         strcmp(rest, "/croissant") != 0)) {
        return hub_error(rq, MHD_HTTP_NOT_FOUND, "Not Found");
    }
    json_t *info = hub_load_info(rq, kind, id);
    if (info == NULL) {
        return hub_error(rq, MHD_HTTP_NOT_FOUND, "Repository not found");
    }
    enum MHD_Result ret;
    if (hub_is_gated(info) && !hub_authorized(rq)) {
        ret = hub_gated(rq, id);
    } else if (strcmp(rest, "/croissant") == 0) {
        ret = hub_serve_file(rq, kind, id, "croissant.json");
    } else {
        hub_add_siblings(info, kind, id);
        ret = hub_send_json(rq, info, hdrs, n_hdrs);
    }
    json_decref(info);
    return ret;
}

/* Serves DATA/<kind>/<id>/<file> (placeholders replaced); info files and markers are private. */
static enum MHD_Result hub_serve_file(const struct hub_request *rq, const char *kind,
                                      const char *id, const char *file)
{
    char path[HUB_PATH_MAX];
    char down[600];
    snprintf(down, sizeof down, "card-down:%s", id);
    if (strcmp(file, "README.md") == 0 && hub_variant_on(down)) {
        return hub_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "The card is not available now.");
    }
    if (strncmp(file, "info", 4) == 0 || strcmp(file, HUB_CDN_MARKER) == 0 ||
        strncmp(file, "viewer/", 7) == 0 || strstr(file, "..") != NULL ||
        !hub_repo_path(path, sizeof path, kind, id, file)) {
        return hub_error(rq, MHD_HTTP_NOT_FOUND, "Entry not found");
    }
    size_t len = 0;
    char *raw = hub_read_file(path, NULL);
    char *text = raw != NULL ? hub_subst(rq, raw, &len) : NULL;
    free(raw);
    if (text == NULL) {
        return hub_error(rq, MHD_HTTP_NOT_FOUND, "Entry not found");
    }
    bool md = strlen(file) > 3 && strcmp(file + strlen(file) - 3, ".md") == 0;
    const char *type = md ? "text/markdown; charset=utf-8" : "application/octet-stream";
    enum MHD_Result ret = hub_send(rq, MHD_HTTP_OK, type, text, len, NULL, 0);
    free(text);
    return ret;
}

/* 302 to the CDN: --cdn-base, or http://cdn.test:<this port> (served by /cdn/ below). */
static enum MHD_Result hub_redirect_cdn(const struct hub_request *rq, const char *kind,
                                        const char *id, const char *file)
{
    char location[HUB_PATH_MAX];
    if (g_hub.opt.cdn_base != NULL) {
        snprintf(location, sizeof location, "%s/cdn/%s/%s/%s", g_hub.opt.cdn_base, kind, id, file);
    } else {
        snprintf(location, sizeof location, "http://cdn.test:%u/cdn/%s/%s/%s", g_hub.port, kind, id,
                 file);
    }
    const struct hub_header hdrs[] = { { MHD_HTTP_HEADER_LOCATION, location } };
    return hub_send(rq, MHD_HTTP_FOUND, "text/plain; charset=utf-8", "", 0, hdrs, 1);
}

/* /<org>/<name>/resolve/<rev>/<file> (p after the "/datasets" prefix for datasets). */
static enum MHD_Result hub_resolve(const struct hub_request *rq, const char *kind, const char *p)
{
    char id[512];
    const char *rest = NULL;
    if (*p != '/' || !hub_split_id(p + 1, id, sizeof id, &rest) ||
        strncmp(rest, "/resolve/", 9) != 0 || strchr(rest + 9, '/') == NULL) {
        return hub_error(rq, MHD_HTTP_NOT_FOUND, "Not Found");
    }
    const char *file = strchr(rest + 9, '/') + 1;
    json_t *info = hub_load_info(rq, kind, id);
    if (info == NULL) {
        return hub_error(rq, MHD_HTTP_NOT_FOUND, "Repository not found");
    }
    bool gated = hub_is_gated(info);
    json_decref(info);
    if (gated && !hub_authorized(rq)) {
        return hub_gated(rq, id);
    }
    char marker[HUB_PATH_MAX];
    snprintf(marker, sizeof marker, "%s/%s/%s/%s", g_hub.opt.data, kind, id, HUB_CDN_MARKER);
    if (hub_exists(marker)) {
        return hub_redirect_cdn(rq, kind, id, file);
    }
    return hub_serve_file(rq, kind, id, file);
}

/* /cdn/<kind>/<org>/<name>/<file>: the CDN's copy, for whatever Host the client sends. */
static enum MHD_Result hub_cdn(const struct hub_request *rq, const char *p)
{
    const char *kind = strncmp(p, "datasets/", 9) == 0 ? "datasets"
                       : strncmp(p, "models/", 7) == 0 ? "models"
                                                       : NULL;
    char id[512];
    const char *rest = NULL;
    if (kind == NULL || !hub_split_id(p + strlen(kind) + 1, id, sizeof id, &rest) ||
        rest[0] != '/') {
        return hub_error(rq, MHD_HTTP_NOT_FOUND, "Not Found");
    }
    return hub_serve_file(rq, kind, id, rest + 1);
}

/* ---- /api/ and the rate limit ----------------------------------------------------------- */

/* Counts a request in *count (the /api/ or the viewer's counter, named name). Returns false when
 * this one gets the 429 (every N+1th request with --rate-limit N); fills the RateLimit headers
 * (peers.md 5.3, IETF draft-09). */
static bool hub_rate(unsigned long *count, const char *name, char *limit, size_t lcap, char *policy,
                     size_t pcap)
{
    long q = g_hub.opt.rate_limit > 0 ? g_hub.opt.rate_limit : 1000;
    pthread_mutex_lock(&g_hub.lock);
    unsigned long n = ++*count;
    pthread_mutex_unlock(&g_hub.lock);
    unsigned long pos = n % (unsigned long)(q + 1);
    bool allowed = g_hub.opt.rate_limit <= 0 || pos != 0;
    long remaining = allowed ? q - (long)(pos > 0 ? pos : 1) : 0;
    snprintf(limit, lcap, "\"%s\";r=%ld;t=1", name, remaining < 0 ? 0 : remaining);
    snprintf(policy, pcap, "\"fixed window\";\"%s\";q=%ld;w=1", name, q);
    return allowed;
}

/* The RateLimit fields of one answer: hdrs[0..1] point into limit and policy. */
struct hub_limit {
    char limit[64];
    char policy[96];
    struct hub_header hdrs[3];
};

/* Counts the request on *count (name) and fills l. Returns true after answering 429 (with
 * Retry-After) when this one is over the limit; *ret is then the answer. */
static bool hub_limited(const struct hub_request *rq, unsigned long *count, const char *name,
                        struct hub_limit *l, enum MHD_Result *ret)
{
    static const char body[] = "{\"error\":\"Rate limit reached\"}";
    l->hdrs[0] = (struct hub_header){ "RateLimit", l->limit };
    l->hdrs[1] = (struct hub_header){ "RateLimit-Policy", l->policy };
    if (hub_rate(count, name, l->limit, sizeof l->limit, l->policy, sizeof l->policy)) {
        return false;
    }
    l->hdrs[2] = (struct hub_header){ MHD_HTTP_HEADER_RETRY_AFTER, "1" };
    *ret = hub_send(rq, MHD_HTTP_TOO_MANY_REQUESTS, "application/json", body, sizeof body - 1,
                    l->hdrs, 3);
    return true;
}

static enum MHD_Result hub_api(const struct hub_request *rq, const char *p)
{
    struct hub_limit l;
    enum MHD_Result ret;
    if (hub_limited(rq, &g_hub.api_requests, "api", &l, &ret)) {
        return ret;
    }
    struct hub_header *hdrs = l.hdrs;
    const char *kind = strncmp(p, "datasets", 8) == 0 ? "datasets"
                       : strncmp(p, "models", 6) == 0 ? "models"
                                                      : NULL;
    size_t kl = kind != NULL ? strlen(kind) : 0;
    if (kind != NULL && p[kl] == '\0') {
        return hub_listing(rq, kind, hdrs, 2);
    }
    if (kind != NULL && p[kl] == '/') {
        return hub_info(rq, kind, p + kl + 1, hdrs, 2);
    }
    return hub_error(rq, MHD_HTTP_NOT_FOUND, "Not Found");
}

/* ---- the dataset viewer (datasets-server) ----------------------------------------------- */

/* Rows per page of /rows: the largest length, and the default. */
#define HUB_VIEWER_PAGE 100
#define HUB_VIEWER_DIR  "viewer"

/* The first value of query argument key, or NULL when absent. */
static const char *hub_arg_value(const struct hub_request *rq, const char *key)
{
    for (size_t i = 0; i < rq->n_args; i++) {
        if (strcmp(rq->args[i].key, key) == 0) {
            return rq->args[i].value;
        }
    }
    return NULL;
}

/* A config or split name that can name a file: [A-Za-z0-9._-]+, not starting with '.'. */
static bool hub_safe_name(const char *s)
{
    size_t len = strlen(s);
    return len > 0 && len < 128 && s[0] != '.' &&
           strspn(s, "abcdefghijklmnopqrstuvwxyz"
                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789._-") == len;
}

/* The viewer's 422 for a bad or missing parameter. */
static enum MHD_Result hub_viewer_invalid(const struct hub_request *rq, const char *msg)
{
    return hub_error(rq, 422 /* Unprocessable Content */, msg);
}

/* Finds the dataset named by the "dataset" argument and its DATA/datasets/<id>/viewer directory
 * (dir). Returns false after answering: 404 for an unknown dataset or one without viewer data
 * (the real viewer's answer for a dataset it cannot convert), 401 for a gated dataset without
 * the token (as the Hub's other gated endpoints). */
static bool hub_viewer_dataset(const struct hub_request *rq, const char *dataset, char *id,
                               size_t id_cap, char *dir, size_t dir_cap, enum MHD_Result *ret)
{
    static const char unknown[] = "The dataset does not exist, or is not accessible without "
                                  "authentication (private or gated). Please check the spelling "
                                  "of the dataset name or retry with authentication.";
    const char *rest = NULL;
    json_t *info = NULL;
    if (!hub_split_id(dataset, id, id_cap, &rest) || *rest != '\0' ||
        (info = hub_load_info(rq, "datasets", id)) == NULL) {
        *ret = hub_error(rq, MHD_HTTP_NOT_FOUND, unknown);
        return false;
    }
    bool gated = hub_is_gated(info);
    json_decref(info);
    if (gated && !hub_authorized(rq)) {
        *ret = hub_gated(rq, id);
        return false;
    }
    struct stat st;
    int n = snprintf(dir, dir_cap, "%s/datasets/%s/" HUB_VIEWER_DIR, g_hub.opt.data, id);
    if (n <= 0 || (size_t)n >= dir_cap || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        *ret = hub_error(rq, MHD_HTTP_NOT_FOUND,
                         "The dataset viewer is not available for this dataset.");
        return false;
    }
    return true;
}

/* Returns owned: DIR/features.json (placeholders replaced), a JSON array; NULL when missing or
 * broken (warned). */
static json_t *hub_viewer_features(const struct hub_request *rq, const char *dir)
{
    char path[HUB_PATH_MAX];
    snprintf(path, sizeof path, "%s/features.json", dir);
    char *raw = hub_read_file(path, NULL);
    char *text = raw != NULL ? hub_subst(rq, raw, NULL) : NULL;
    free(raw);
    json_error_t err;
    json_t *features = text != NULL ? json_loads(text, 0, &err) : NULL;
    free(text);
    if (!json_is_array(features)) {
        hub_warn("%s: missing, or not a JSON array", path);
        json_decref(features);
        return NULL;
    }
    return features;
}

/* Returns owned: the entries of a rows file, one line each, as JSON objects {"row": {...},
 * "truncated_cells": [...]} (placeholders replaced; truncated_cells [] when the line has none).
 * NULL when the file is missing or out of memory, or a line is not such an object (warned). */
static json_t *hub_viewer_load_rows(const struct hub_request *rq, const char *path)
{
    char *raw = hub_read_file(path, NULL);
    size_t len = 0;
    char *text = raw != NULL ? hub_subst(rq, raw, &len) : NULL;
    free(raw);
    json_t *rows = text != NULL ? json_array() : NULL;
    size_t line_no = 0;
    for (size_t at = 0; rows != NULL && at < len;) {
        size_t n = strcspn(text + at, "\n");
        line_no++;
        json_error_t err;
        json_t *line = json_loadb(text + at, n, 0, &err);
        json_t *row = json_object_get(line, "row");
        json_t *cut = json_object_get(line, "truncated_cells");
        if (!json_is_object(row) || (cut != NULL && !json_is_array(cut))) {
            hub_warn("%s: line %zu: not {\"row\": {...}[, \"truncated_cells\": [...]]}", path,
                     line_no);
            json_decref(rows);
            rows = NULL;
        } else {
            json_array_append_new(rows, json_pack("{s:O,s:o}", "row", row, "truncated_cells",
                                                  cut != NULL ? json_incref(cut) : json_array()));
        }
        json_decref(line);
        at += n + 1;
    }
    free(text);
    return rows;
}

/* scandir filter for configs: safe names (files such as features.json pass too, but hold no
 * splits: scandir of a file fails). */
static int hub_viewer_config_filter(const struct dirent *e)
{
    return hub_safe_name(e->d_name);
}

/* scandir filter for splits: <split>.jsonl with a safe split name. */
static int hub_viewer_split_filter(const struct dirent *e)
{
    size_t len = strlen(e->d_name);
    if (len <= 6 || strcmp(e->d_name + len - 6, ".jsonl") != 0 || len - 6 >= 128) {
        return 0;
    }
    char name[128];
    memcpy(name, e->d_name, len - 6);
    name[len - 6] = '\0';
    return hub_safe_name(name);
}

/* train, validation, test first, as the viewer lists them; then by name. */
static int hub_viewer_split_rank(const char *name)
{
    static const char *const known[] = { "train.jsonl", "validation.jsonl", "test.jsonl" };
    for (size_t i = 0; i < CS_ARRAY_LEN(known); i++) {
        if (strcmp(name, known[i]) == 0) {
            return (int)i;
        }
    }
    return (int)CS_ARRAY_LEN(known);
}

static int hub_viewer_split_cmp(const struct dirent **a, const struct dirent **b)
{
    int ra = hub_viewer_split_rank((*a)->d_name);
    int rb = hub_viewer_split_rank((*b)->d_name);
    return ra != rb ? ra - rb : strcmp((*a)->d_name, (*b)->d_name);
}

static void hub_free_dirents(struct dirent **v, int n)
{
    for (int i = 0; i < n; i++) {
        free(v[i]);
    }
    free(v);
}

/* Returns owned: every DIR/<config>/<split>.jsonl as {"config", "split", "path"}, configs by
 * name, splits train, validation, test, then by name. NULL on out of memory. */
static json_t *hub_viewer_list(const char *dir)
{
    json_t *list = json_array();
    struct dirent **configs = NULL;
    int nc = scandir(dir, &configs, hub_viewer_config_filter, alphasort);
    for (int c = 0; list != NULL && c < nc; c++) {
        char cdir[HUB_PATH_MAX];
        int n = snprintf(cdir, sizeof cdir, "%s/%s", dir, configs[c]->d_name);
        struct dirent **splits = NULL;
        int ns = n > 0 && (size_t)n < sizeof cdir
                     ? scandir(cdir, &splits, hub_viewer_split_filter, hub_viewer_split_cmp)
                     : 0;
        for (int s = 0; s < ns; s++) {
            char path[HUB_PATH_MAX];
            n = snprintf(path, sizeof path, "%s/%s", cdir, splits[s]->d_name);
            if (n <= 0 || (size_t)n >= sizeof path) {
                continue;
            }
            json_array_append_new(list, json_pack("{s:s,s:s%,s:s}", "config", configs[c]->d_name,
                                                  "split", splits[s]->d_name,
                                                  strlen(splits[s]->d_name) - 6, "path", path));
        }
        hub_free_dirents(splits, ns);
    }
    hub_free_dirents(configs, nc);
    return list;
}

/* obj[key] += v (missing counts as 0). */
static void hub_add_int(json_t *obj, const char *key, json_int_t v)
{
    json_int_t old = json_integer_value(json_object_get(obj, key));
    json_object_set_new(obj, key, json_integer(old + v));
}

/* One split's /size entry, computed from its rows file: num_rows is its number of lines,
 * num_bytes_parquet_files its size in bytes and num_bytes_memory twice that. NULL when the file
 * is broken. */
static json_t *hub_viewer_split_size(const struct hub_request *rq, const char *id,
                                     const json_t *entry, size_t n_columns)
{
    const char *path = json_string_value(json_object_get(entry, "path"));
    struct stat st;
    json_t *rows = stat(path, &st) == 0 ? hub_viewer_load_rows(rq, path) : NULL;
    if (rows == NULL) {
        return NULL;
    }
    json_t *size = json_pack(
        "{s:s,s:O,s:O,s:I,s:I,s:I,s:I}", "dataset", id, "config", json_object_get(entry, "config"),
        "split", json_object_get(entry, "split"), "num_bytes_parquet_files", (json_int_t)st.st_size,
        "num_bytes_memory", 2 * (json_int_t)st.st_size, "num_rows",
        (json_int_t)json_array_size(rows), "num_columns", (json_int_t)n_columns);
    json_decref(rows);
    return size;
}

/* GET /size?dataset=ID: sizes computed from the rows files, so they always match /rows. Configs
 * and the dataset sum their splits; num_bytes_original_files is the rows files' bytes. */
static enum MHD_Result hub_viewer_size(const struct hub_request *rq, const struct hub_header *hdrs,
                                       size_t n_hdrs)
{
    const char *dataset = hub_arg_value(rq, "dataset");
    char id[512];
    char dir[HUB_PATH_MAX];
    enum MHD_Result ret = MHD_NO;
    if (dataset == NULL || dataset[0] == '\0') {
        return hub_viewer_invalid(rq, "Parameter 'dataset' is required");
    }
    if (!hub_viewer_dataset(rq, dataset, id, sizeof id, dir, sizeof dir, &ret)) {
        return ret;
    }
    json_t *features = hub_viewer_features(rq, dir);
    json_t *list = features != NULL ? hub_viewer_list(dir) : NULL;
    json_t *total = json_pack("{s:s,s:I,s:I,s:I,s:I}", "dataset", id, "num_bytes_original_files",
                              (json_int_t)0, "num_bytes_parquet_files", (json_int_t)0,
                              "num_bytes_memory", (json_int_t)0, "num_rows", (json_int_t)0);
    json_t *configs = json_array();
    json_t *splits = json_array();
    json_t *config = NULL; /* Borrowed from configs: the one being summed */
    bool ok = list != NULL && total != NULL && configs != NULL && splits != NULL;
    size_t i;
    json_t *entry;
    json_array_foreach(list, i, entry)
    {
        json_t *split = ok ? hub_viewer_split_size(rq, id, entry, json_array_size(features)) : NULL;
        ok = split != NULL;
        const char *name = json_string_value(json_object_get(entry, "config"));
        if (ok && (config == NULL ||
                   strcmp(json_string_value(json_object_get(config, "config")), name) != 0)) {
            json_array_append_new(
                configs,
                json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I}", "dataset", id, "config", name,
                          "num_bytes_original_files", (json_int_t)0, "num_bytes_parquet_files",
                          (json_int_t)0, "num_bytes_memory", (json_int_t)0, "num_rows",
                          (json_int_t)0, "num_columns", (json_int_t)json_array_size(features)));
            config = json_array_get(configs, json_array_size(configs) - 1);
        }
        static const char *const sums[] = { "num_bytes_parquet_files", "num_bytes_memory",
                                            "num_rows" };
        for (size_t k = 0; ok && k < CS_ARRAY_LEN(sums); k++) {
            json_int_t v = json_integer_value(json_object_get(split, sums[k]));
            hub_add_int(config, sums[k], v);
            hub_add_int(total, sums[k], v);
            if (k == 0) {
                hub_add_int(config, "num_bytes_original_files", v);
                hub_add_int(total, "num_bytes_original_files", v);
            }
        }
        if (ok) {
            json_array_append_new(splits, split);
        }
    }
    json_t *body = NULL;
    if (ok) {
        body = json_pack("{s:{s:O,s:O,s:O},s:[],s:[],s:b}", "size", "dataset", total, "configs",
                         configs, "splits", splits, "pending", "failed", "partial", 0);
    }
    ret = body != NULL ? hub_send_json(rq, body, hdrs, n_hdrs)
                       : hub_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "bad viewer data");
    json_decref(body);
    json_decref(splits);
    json_decref(configs);
    json_decref(total);
    json_decref(list);
    json_decref(features);
    return ret;
}

/* GET /splits?dataset=ID: {"splits": [{"dataset", "config", "split"}], "pending", "failed"}. */
static enum MHD_Result hub_viewer_splits(const struct hub_request *rq,
                                         const struct hub_header *hdrs, size_t n_hdrs)
{
    const char *dataset = hub_arg_value(rq, "dataset");
    char id[512];
    char dir[HUB_PATH_MAX];
    enum MHD_Result ret = MHD_NO;
    if (dataset == NULL || dataset[0] == '\0') {
        return hub_viewer_invalid(rq, "Parameter 'dataset' is required");
    }
    if (!hub_viewer_dataset(rq, dataset, id, sizeof id, dir, sizeof dir, &ret)) {
        return ret;
    }
    json_t *list = hub_viewer_list(dir);
    json_t *splits = json_array();
    size_t i;
    json_t *entry;
    json_array_foreach(list, i, entry)
    {
        json_array_append_new(splits, json_pack("{s:s,s:O,s:O}", "dataset", id, "config",
                                                json_object_get(entry, "config"), "split",
                                                json_object_get(entry, "split")));
    }
    json_t *body = NULL;
    if (list != NULL) {
        body = json_pack("{s:O,s:[],s:[]}", "splits", splits, "pending", "failed");
    }
    ret = body != NULL ? hub_send_json(rq, body, hdrs, n_hdrs)
                       : hub_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    json_decref(body);
    json_decref(splits);
    json_decref(list);
    return ret;
}

/* The offset and length arguments of /rows (defaults 0 and 100). Returns the 422 message, or
 * NULL when both are good. */
static const char *hub_viewer_window(const struct hub_request *rq, long *offset, long *length)
{
    const char *o = hub_arg_value(rq, "offset");
    const char *l = hub_arg_value(rq, "length");
    *offset = 0;
    *length = HUB_VIEWER_PAGE;
    if (o != NULL && !hub_parse_long(o, LONG_MIN, LONG_MAX, offset)) {
        return "Parameter 'offset' must be an integer";
    }
    if (*offset < 0) {
        return "Parameter 'offset' must be positive";
    }
    if (l != NULL && !hub_parse_long(l, LONG_MIN, LONG_MAX, length)) {
        return "Parameter 'length' must be an integer";
    }
    if (*length < 1) {
        return "Parameter 'length' must be at least 1";
    }
    if (*length > HUB_VIEWER_PAGE) {
        return "Parameter 'length' must not be greater than 100";
    }
    return NULL;
}

/* GET /rows?dataset=ID&config=C&split=S&offset=O&length=L: rows [O, O+L) of the split. */
static enum MHD_Result hub_viewer_rows(const struct hub_request *rq, const struct hub_header *hdrs,
                                       size_t n_hdrs)
{
    const char *dataset = hub_arg_value(rq, "dataset");
    const char *config = hub_arg_value(rq, "config");
    const char *split = hub_arg_value(rq, "split");
    long offset = 0;
    long length = 0;
    if (dataset == NULL || config == NULL || split == NULL || dataset[0] == '\0' ||
        config[0] == '\0' || split[0] == '\0') {
        return hub_viewer_invalid(rq, "Parameter 'dataset', 'config' and 'split' are required");
    }
    const char *bad = hub_viewer_window(rq, &offset, &length);
    if (bad != NULL) {
        return hub_viewer_invalid(rq, bad);
    }
    char id[512];
    char dir[HUB_PATH_MAX];
    enum MHD_Result ret = MHD_NO;
    if (!hub_viewer_dataset(rq, dataset, id, sizeof id, dir, sizeof dir, &ret)) {
        return ret;
    }
    char path[HUB_PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/%s/%s.jsonl", dir, config, split);
    if (!hub_safe_name(config) || !hub_safe_name(split) || n <= 0 || (size_t)n >= sizeof path ||
        !hub_exists(path)) {
        return hub_error(rq, MHD_HTTP_NOT_FOUND, "The config or the split does not exist");
    }
    json_t *features = hub_viewer_features(rq, dir);
    json_t *all = features != NULL ? hub_viewer_load_rows(rq, path) : NULL;
    json_t *page = json_array();
    for (size_t i = (size_t)offset; all != NULL && page != NULL && i < json_array_size(all) &&
                                    i < (size_t)offset + (size_t)length;
         i++) {
        json_t *e = json_array_get(all, i);
        json_array_append_new(page, json_pack("{s:I,s:O,s:O}", "row_idx", (json_int_t)i, "row",
                                              json_object_get(e, "row"), "truncated_cells",
                                              json_object_get(e, "truncated_cells")));
    }
    json_t *body = NULL;
    if (all != NULL) {
        body = json_pack("{s:O,s:O,s:I,s:i,s:b}", "features", features, "rows", page,
                         "num_rows_total", (json_int_t)json_array_size(all), "num_rows_per_page",
                         HUB_VIEWER_PAGE, "partial", 0);
    }
    ret = body != NULL ? hub_send_json(rq, body, hdrs, n_hdrs)
                       : hub_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "bad viewer data");
    json_decref(body);
    json_decref(page);
    json_decref(all);
    json_decref(features);
    return ret;
}

/* /size, /splits, /rows: the viewer's endpoints, at the root of the hub's port (tests give the
 * crawler this hub's base as the viewer's). Counted for --rate-limit on their own counter,
 * "viewer", with the same N as /api/. A line "viewer-down" in the --variant file makes every
 * one answer 503 (a viewer failing for a while). */
static enum MHD_Result hub_viewer(const struct hub_request *rq, const char *endpoint)
{
    struct hub_limit l;
    enum MHD_Result ret;
    if (hub_limited(rq, &g_hub.viewer_requests, "viewer", &l, &ret)) {
        return ret;
    }
    struct hub_header *hdrs = l.hdrs;
    if (hub_variant_on("viewer-down")) {
        return hub_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "The viewer is down.");
    }
    if (strcmp(endpoint, "size") == 0) {
        return hub_viewer_size(rq, hdrs, 2);
    }
    if (strcmp(endpoint, "splits") == 0) {
        return hub_viewer_splits(rq, hdrs, 2);
    }
    return hub_viewer_rows(rq, hdrs, 2);
}

/* ---- routing ---------------------------------------------------------------------------- */

/* GET /_fixture/expire-cursors: every cursor handed out so far becomes invalid. */
static enum MHD_Result hub_expire(const struct hub_request *rq)
{
    pthread_mutex_lock(&g_hub.lock);
    unsigned long gen = ++g_hub.generation;
    pthread_mutex_unlock(&g_hub.lock);
    char body[64];
    int n = snprintf(body, sizeof body, "generation %lu\n", gen);
    return hub_send(rq, MHD_HTTP_OK, "text/plain; charset=utf-8", body, (size_t)n, NULL, 0);
}

static enum MHD_Result hub_robots(const struct hub_request *rq)
{
    char path[HUB_PATH_MAX];
    snprintf(path, sizeof path, "%s/robots.txt", g_hub.opt.data);
    size_t len = 0;
    char *text = hub_read_file(path, &len);
    if (text == NULL) {
        return hub_send(rq, MHD_HTTP_NOT_FOUND, "text/plain", "not found\n", 10, NULL, 0);
    }
    enum MHD_Result ret =
        hub_send(rq, MHD_HTTP_OK, "text/plain; charset=utf-8", text, len, NULL, 0);
    free(text);
    return ret;
}

static enum MHD_Result hub_route(const struct hub_request *rq)
{
    const char *u = rq->url;
    if (strcmp(rq->method, MHD_HTTP_METHOD_GET) != 0 &&
        strcmp(rq->method, MHD_HTTP_METHOD_HEAD) != 0) {
        return hub_error(rq, MHD_HTTP_METHOD_NOT_ALLOWED, "Method not allowed");
    }
    if (rq->host[0] == '\0') {
        return hub_error(rq, MHD_HTTP_BAD_REQUEST, "Bad or missing Host header");
    }
    if (rq->query_too_long) {
        return hub_error(rq, MHD_HTTP_URI_TOO_LONG, "Query too long");
    }
    if (strstr(u, "..") != NULL) {
        return hub_error(rq, MHD_HTTP_BAD_REQUEST, "Bad path");
    }
    if (strcmp(u, "/robots.txt") == 0) {
        return hub_robots(rq);
    }
    if (strcmp(u, "/_fixture/expire-cursors") == 0) {
        return hub_expire(rq);
    }
    if (strncmp(u, "/api/", 5) == 0) {
        return hub_api(rq, u + 5);
    }
    if (strcmp(u, "/size") == 0 || strcmp(u, "/splits") == 0 || strcmp(u, "/rows") == 0) {
        return hub_viewer(rq, u + 1);
    }
    if (strncmp(u, "/cdn/", 5) == 0) {
        return hub_cdn(rq, u + 5);
    }
    if (strncmp(u, "/datasets/", 10) == 0) {
        return hub_resolve(rq, "datasets", u + 9);
    }
    return hub_resolve(rq, "models", u);
}

/* MHD_KeyValueIterator: records one query argument and appends it, re-encoded, to the query. */
static enum MHD_Result hub_collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                       const char *value)
{
    struct hub_request *rq = cls;
    (void)kind;
    if (rq->n_args >= HUB_MAX_ARGS) {
        rq->query_too_long = true;
        return MHD_NO;
    }
    rq->args[rq->n_args++] = (struct hub_arg){ key, value != NULL ? value : "" };
    struct cs_buf b;
    cs_buf_init(&b, sizeof rq->query - 1);
    bool ok = cs_buf_adds(&b, rq->query) == CS_OK &&
              (rq->query[0] == '\0' || cs_buf_adds(&b, "&") == CS_OK) && hub_encode(&b, key) &&
              (value == NULL || (cs_buf_adds(&b, "=") == CS_OK && hub_encode(&b, value)));
    if (ok) {
        memcpy(rq->query, cs_buf_str(&b), b.len + 1);
    }
    rq->query_too_long = rq->query_too_long || !ok;
    cs_buf_release(&b);
    return ok ? MHD_YES : MHD_NO;
}

/* The Host header as sent (name and port), when it holds only host-name characters. */
static void hub_get_host(struct hub_request *rq)
{
    const char *h = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    size_t len = h != NULL ? strlen(h) : 0;
    if (len == 0 || len >= sizeof rq->host ||
        strspn(h, "abcdefghijklmnopqrstuvwxyz"
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                  "0123456789.-_:[]") != len) {
        return;
    }
    for (size_t i = 0; i <= len; i++) {
        rq->host[i] = (char)tolower((unsigned char)h[i]);
    }
}

static enum MHD_Result hub_handler(void *cls, struct MHD_Connection *conn, const char *url,
                                   const char *method, const char *version, const char *upload_data,
                                   size_t *upload_data_size, void **con_cls)
{
    static char seen;
    (void)cls;
    (void)version;
    (void)upload_data;
    /* Answer once the whole request is in (keep-alive with MHD 0.9.75, as fixture_server.c). */
    if (*con_cls == NULL) {
        *con_cls = &seen;
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        *upload_data_size = 0; /* a request body is read and dropped */
        return MHD_YES;
    }
    struct hub_request rq = { .conn = conn, .method = method, .url = url };
    rq.authorization =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    hub_get_host(&rq);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, hub_collect_arg, &rq);
    return hub_route(&rq);
}

/* ---- program ---------------------------------------------------------------------------- */

static bool hub_usage_error(const char *what, const char *arg)
{
    fprintf(stderr, HUB_NAME ": %s '%s' (" HUB_USAGE ")\n", what, arg);
    return false;
}

/* Numeric options: name, destination, range. */
static bool hub_number_option(struct hub_options *o, const char *a, const char *v, bool *done)
{
    static const struct {
        const char *name;
        size_t offset;
        long min, max;
    } nums[] = {
        { "--port", offsetof(struct hub_options, port), 0, 65535 },
        { "--sites-port", offsetof(struct hub_options, sites_port), 1, 65535 },
        { "--rate-limit", offsetof(struct hub_options, rate_limit), 1, 1000000 },
        { "--expire-after", offsetof(struct hub_options, expire_after), 1, 1000000 },
    };

    *done = false;
    for (size_t i = 0; i < CS_ARRAY_LEN(nums); i++) {
        if (strcmp(a, nums[i].name) == 0) {
            *done = true;
            long *dst = (long *)(void *)((char *)o + nums[i].offset);
            return hub_parse_long(v, nums[i].min, nums[i].max, dst) ||
                   hub_usage_error("bad number for option", a);
        }
    }
    return true;
}

static bool hub_parse_args(int argc, char **argv, struct hub_options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0) {
            puts(HUB_USAGE);
            exit(0);
        }
        if (i + 1 >= argc) {
            return hub_usage_error("missing value or unknown option", a);
        }
        const char *v = argv[++i];
        bool done = false;
        if (!hub_number_option(o, a, v, &done)) {
            return false;
        }
        const char **dst = strcmp(a, "--data") == 0        ? &o->data
                           : strcmp(a, "--port-file") == 0 ? &o->port_file
                           : strcmp(a, "--log") == 0       ? &o->log_file
                           : strcmp(a, "--token") == 0     ? &o->token
                           : strcmp(a, "--variant") == 0   ? &o->variant
                           : strcmp(a, "--cdn-base") == 0  ? &o->cdn_base
                                                           : NULL;
        if (dst != NULL) {
            *dst = v;
        } else if (!done) {
            return hub_usage_error("unknown option", a);
        }
    }
    return o->data != NULL || hub_usage_error("missing option", "--data");
}

static bool hub_setup(void)
{
    struct stat st;
    if (stat(g_hub.opt.data, &st) != 0 || !S_ISDIR(st.st_mode)) {
        hub_warn("--data %s: not a directory", g_hub.opt.data);
        return false;
    }
    if (g_hub.opt.log_file != NULL && (g_hub.log = fopen(g_hub.opt.log_file, "a")) == NULL) {
        hub_warn("--log %s: %s", g_hub.opt.log_file, strerror(errno));
        return false;
    }
    return true;
}

/* Listens on 127.0.0.1 only; bounded per-connection memory caps request headers. */
static struct MHD_Daemon *hub_start(uint16_t port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_POLL | MHD_USE_ERROR_LOG;
    return MHD_start_daemon(flags, port, NULL, NULL, hub_handler, NULL, MHD_OPTION_SOCK_ADDR,
                            (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_LIMIT, 200u,
                            MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                            (size_t)HUB_CONN_MEM, MHD_OPTION_END);
}

/* Writes "PORT\n" to path.tmp and renames it over path (readers never see half a file). */
static bool hub_write_port_file(const char *path, unsigned port)
{
    char tmp[HUB_PATH_MAX];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = n > 0 && (size_t)n < sizeof tmp ? fopen(tmp, "w") : NULL;
    bool ok = f != NULL && fprintf(f, "%u\n", port) > 0;
    if (f != NULL && fclose(f) != 0) {
        ok = false;
    }
    if (!ok || rename(tmp, path) != 0) {
        hub_warn("%s: cannot write the port file", path);
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    if (!hub_parse_args(argc, argv, &g_hub.opt) || !hub_setup()) {
        return 2;
    }
    sigset_t stop_set;
    sigemptyset(&stop_set);
    sigaddset(&stop_set, SIGTERM);
    sigaddset(&stop_set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_set, NULL); /* before any thread: only sigwait sees them */
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *daemon = hub_start((uint16_t)g_hub.opt.port);
    if (daemon == NULL) {
        hub_warn("cannot listen on 127.0.0.1:%ld", g_hub.opt.port);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    g_hub.port = info != NULL ? info->port : 0;
    int rc = 0;
    if (g_hub.port == 0 ||
        (g_hub.opt.port_file != NULL && !hub_write_port_file(g_hub.opt.port_file, g_hub.port))) {
        rc = g_hub.port == 0 ? 1 : 2;
    } else {
        printf("%u\n", g_hub.port);
        fflush(stdout);
        int sig = 0;
        while (sigwait(&stop_set, &sig) != 0) {
        }
    }
    MHD_stop_daemon(daemon);
    if (g_hub.log != NULL) {
        fclose(g_hub.log);
    }
    return rc;
}
