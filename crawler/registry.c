/* SPDX-License-Identifier: MIT
 * registry.c - Spawning's Do-Not-Train registry client (signals.md 5.2): batches, one POST each
 * through cs_fetch, answers read by cs_spawning_api_batch.
 */
#include "cs_setup.h"

#include "registry.h"

#include "aitxt.h"
#include "cs_limits.h"
#include "cs_str.h"
#include "url.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cs_registry {
    char *endpoint;
    char *auth; /* "Authorization: API <key>": the only copy of the key */
    struct cs_fetch_opts fetch;
    size_t batch_max;
};

const char *cs_reg_status_name(enum cs_reg_status s)
{
    static const char *const names[] = { "unknown", "not-listed", "opted-in", "opted-out" };

    return (unsigned)s < CS_ARRAY_LEN(names) ? names[s] : "unknown";
}

static void set_err(char *err, size_t errlen, const char *fmt, ...) CS_PRINTF(3, 4);

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (!err || !errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Printable ASCII without blanks: a key is a token; anything else could split the header. */
static bool key_ok(const char *key)
{
    size_t n = strlen(key);

    for (size_t i = 0; i < n; i++) {
        if (key[i] <= ' ' || key[i] > '~')
            return false;
    }
    return n > 0 && n <= CS_REGISTRY_KEY_MAX;
}

static int check_endpoint(const char *endpoint, char *err, size_t errlen)
{
    struct cs_diag diag = { 0 };
    struct cs_url u;
    int rc = cs_url_parse(endpoint, &u, &diag);

    if (rc == CS_E_NOMEM)
        return rc;
    if (rc != CS_OK) {
        set_err(err, errlen, "registry endpoint is not an http(s) URL: %s",
                diag.msg[0] ? diag.msg : cs_strerror(rc));
        return CS_E_INVALID;
    }
    cs_url_release(&u);
    return CS_OK;
}

int cs_registry_new(const char *endpoint, const char *key, const struct cs_fetch_opts *fetch,
                    struct cs_registry **out, char *err, size_t errlen)
{
    struct cs_registry *r;
    int rc;

    *out = NULL;
    if (!endpoint || !key || !fetch)
        return CS_E_INVALID;
    if (!key_ok(key)) {
        set_err(err, errlen, "SPAWNING_API_KEY must be 1 to %d printable characters",
                CS_REGISTRY_KEY_MAX);
        return CS_E_INVALID;
    }
    if ((rc = check_endpoint(endpoint, err, errlen)) != CS_OK)
        return rc;
    if (!(r = calloc(1, sizeof(*r))))
        return CS_E_NOMEM;
    r->endpoint = cs_strdup(endpoint);
    r->auth = malloc(strlen(key) + sizeof("Authorization: API "));
    if (!r->endpoint || !r->auth) {
        cs_registry_free(r);
        return CS_E_NOMEM;
    }
    snprintf(r->auth, strlen(key) + sizeof("Authorization: API "), "Authorization: API %s", key);
    r->fetch = *fetch;
    r->batch_max = CS_REGISTRY_BATCH_MAX;
    *out = r;
    return CS_OK;
}

int cs_registry_from_env(const struct cs_fetch_opts *fetch, struct cs_registry **out, char *err,
                         size_t errlen)
{
    const char *key = getenv("SPAWNING_API_KEY");
    const char *endpoint = getenv("SPAWNING_API_URL");

    *out = NULL;
    if (!key || !*key)
        return CS_OK; /* the registry is optional: off without a key */
    return cs_registry_new(endpoint && *endpoint ? endpoint : CS_REGISTRY_DEFAULT_URL, key, fetch,
                           out, err, errlen);
}

int cs_registry_set_batch(struct cs_registry *reg, size_t max_urls)
{
    if (!reg || max_urls == 0 || max_urls > CS_REGISTRY_BATCH_MAX)
        return CS_E_INVALID;
    reg->batch_max = max_urls;
    return CS_OK;
}

const char *cs_registry_endpoint(const struct cs_registry *reg)
{
    return reg ? reg->endpoint : NULL;
}

void cs_registry_free(struct cs_registry *reg)
{
    if (!reg)
        return;
    if (reg->auth) /* the key does not outlive the client in freed memory */
        memset(reg->auth, 0, strlen(reg->auth));
    free(reg->auth);
    free(reg->endpoint);
    free(reg);
}

size_t cs_registry_batch_end(const char *const *urls, size_t from, size_t n, size_t max_urls,
                             size_t max_bytes)
{
    size_t bytes = strlen(urls[from]) + 1;
    size_t end = from + 1;

    while (end < n && end - from < max_urls) {
        size_t len = strlen(urls[end]) + 1;
        if (bytes + len > max_bytes)
            break;
        bytes += len;
        end++;
    }
    return end;
}

char *cs_registry_body(const char *const *urls, size_t n, size_t *len)
{
    size_t total = 0, at = 0;
    char *body;

    for (size_t i = 0; i < n; i++)
        total += strlen(urls[i]) + 1;
    if (!(body = malloc(total + 1)))
        return NULL;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(urls[i]);
        memcpy(body + at, urls[i], l);
        at += l;
        if (i + 1 < n || n == 1)
            body[at++] = '\n'; /* joined; a single URL gets the empty padding line */
    }
    body[at] = '\0';
    *len = at;
    return body;
}

/* Why a response is no usable answer, in reason; false when it is one. No key in any text. */
static bool unusable(const struct cs_response *r, char *reason, size_t len)
{
    if (r->error)
        snprintf(reason, len, "registry: %s", r->error);
    else if (r->http_status == 401 || r->http_status == 403)
        snprintf(reason, len, "registry: HTTP %d (the key was refused)", r->http_status);
    else if (r->http_status != 200)
        snprintf(reason, len, "registry: HTTP %d", r->http_status);
    else if (r->truncated)
        snprintf(reason, len, "registry: answer larger than %d bytes", CS_SPAWNING_API_MAX);
    else
        return false;
    return true;
}

/* Reads a usable answer into out[0..n); reason says why not when some URL stays UNKNOWN. */
static int read_answer(const struct cs_response *r, const char *const *urls, size_t n,
                       enum cs_reg_status *out, char *reason, size_t len)
{
    int *got = calloc(n, sizeof(*got));
    int rc, missing = 0;

    if (!got)
        return CS_E_NOMEM;
    rc = cs_spawning_api_batch(r->body ? r->body : "", r->body_len, urls, n, got);
    for (size_t i = 0; rc == CS_OK && i < n; i++) {
        out[i] = got[i] == 0    ? CS_REG_OPTOUT
                 : got[i] == 1  ? CS_REG_OPTIN
                 : got[i] == -1 ? CS_REG_NONE
                                : CS_REG_UNKNOWN;
        missing += out[i] == CS_REG_UNKNOWN;
    }
    free(got);
    if (rc == CS_E_NOMEM)
        return rc;
    if (rc != CS_OK)
        snprintf(reason, len, "registry: answer is not the API's JSON ({\"urls\":[...]})");
    else if (missing)
        snprintf(reason, len, "registry: %d URL(s) missing from the answer", missing);
    return rc != CS_OK || missing ? CS_E_NET : CS_OK;
}

/* One batch: one POST (retried by cs_fetch), its answer into out[0..n). */
static int ask(const struct cs_registry *reg, const char *const *urls, size_t n,
               enum cs_reg_status *out, char *reason, size_t len)
{
    const char *headers[] = { reg->auth, "Content-Type: text/plain; charset=utf-8",
                              "Accept: application/json", NULL };
    struct cs_fetch_opts o = reg->fetch;
    struct cs_response r;
    char *body = cs_registry_body(urls, n, &o.post_len);
    int rc;

    if (!body)
        return CS_E_NOMEM;
    o.post_body = body;
    o.headers = headers;
    o.head = false;
    o.body_mode = CS_BODY_ALL;
    o.max_body = CS_SPAWNING_API_MAX;
    o.retries = CS_REGISTRY_ATTEMPTS - 1;
    o.retry_budget_ms = CS_REGISTRY_RETRY_BUDGET;
    rc = cs_fetch(&o, reg->endpoint, &r);
    free(body);
    if (rc != CS_OK)
        return rc;
    if (unusable(&r, reason, len))
        rc = CS_E_NET;
    else
        rc = read_answer(&r, urls, n, out, reason, len);
    cs_response_release(&r);
    return rc;
}

static bool sendable(const char *url)
{
    size_t n = strlen(url);

    return n > 0 && n <= CS_MAX_URL_LEN && !strpbrk(url, "\r\n");
}

/* The sendable URLs (Borrowed) and their positions in the caller's array. */
static size_t pick(const char *const *urls, size_t n, const char **list, size_t *pos)
{
    size_t m = 0;

    for (size_t i = 0; i < n; i++) {
        if (sendable(urls[i])) {
            list[m] = urls[i];
            pos[m++] = i;
        }
    }
    return m;
}

/* Every batch of list[0..m), answers scattered back to out through pos. */
static int ask_all(const struct cs_registry *reg, const char **list, const size_t *pos, size_t m,
                   enum cs_reg_status *out, enum cs_reg_status *tmp, char *err, size_t errlen)
{
    size_t batches = 0, k = 0;
    int worst = CS_OK;

    for (size_t from = 0; from < m; batches++)
        from = cs_registry_batch_end(list, from, m, reg->batch_max, CS_REGISTRY_BATCH_BYTES);
    for (size_t from = 0, to; from < m; from = to) {
        char reason[400] = "";
        int rc;
        to = cs_registry_batch_end(list, from, m, reg->batch_max, CS_REGISTRY_BATCH_BYTES);
        k++;
        memset(tmp, 0, (to - from) * sizeof(*tmp));
        rc = ask(reg, list + from, to - from, tmp, reason, sizeof(reason));
        if (rc == CS_E_NOMEM)
            return rc;
        for (size_t i = from; i < to; i++)
            out[pos[i]] = tmp[i - from];
        if (rc != CS_OK && worst == CS_OK) {
            worst = rc;
            set_err(err, errlen, "%s (batch %zu of %zu)", reason, k, batches);
        }
    }
    return worst;
}

int cs_registry_lookup(const struct cs_registry *reg, const char *const *urls, size_t n,
                       enum cs_reg_status *out, char *err, size_t errlen)
{
    const char **list;
    size_t *pos, m;
    enum cs_reg_status *tmp;
    int rc;

    set_err(err, errlen, "%s", "");
    if (!reg || (n && (!urls || !out)))
        return CS_E_INVALID;
    for (size_t i = 0; i < n; i++) {
        if (!urls[i])
            return CS_E_INVALID;
        out[i] = CS_REG_UNKNOWN;
    }
    list = calloc(n ? n : 1, sizeof(*list));
    pos = calloc(n ? n : 1, sizeof(*pos));
    tmp = calloc(n ? n : 1, sizeof(*tmp));
    rc = list && pos && tmp ? CS_OK : CS_E_NOMEM;
    m = rc == CS_OK ? pick(urls, n, list, pos) : 0;
    if (rc == CS_OK)
        rc = ask_all(reg, list, pos, m, out, tmp, err, errlen);
    if (rc == CS_OK && m < n) {
        set_err(err, errlen,
                "registry: %zu URL(s) not sent (empty, longer than %d bytes, or "
                "with a line break)",
                n - m, CS_MAX_URL_LEN);
        rc = CS_E_INVALID;
    }
    free(list);
    free(pos);
    free(tmp);
    return rc;
}
