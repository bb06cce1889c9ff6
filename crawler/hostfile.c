/* SPDX-License-Identifier: MIT
 * hostfile.c - fetch-or-reuse of host-level policy files (RFC 9309 2.3.1, 2.4).
 */
#include "cs_setup.h"

#include "cs_str.h"
#include "hostfile.h"

#include "cs_clock.h"
#include "cs_limits.h"
#include "cs_log.h"
#include "url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct cs_hostfile_kind cs_hostfile_kinds[] = {
    { "robots.txt", "/robots.txt", CS_ROBOTS_TTL_S, CS_HOSTFILE_ERROR_TTL_S, CS_ROBOTS_MAX_BYTES,
      CS_MAX_REDIRECTS },
    /* signals.md 5.1: Spawning's ai.txt at the root of the host that serves the file */
    { "ai.txt", "/ai.txt", CS_ROBOTS_TTL_S, CS_HOSTFILE_ERROR_TTL_S, CS_AITXT_FILE_MAX_BYTES,
      CS_MAX_REDIRECTS },
    /* signals.md 3.2, 3.6 step 1: fetched and cached before crawling the host */
    { "tdmrep.json", "/.well-known/tdmrep.json", CS_ROBOTS_TTL_S, CS_HOSTFILE_ERROR_TTL_S,
      CS_TDMREP_MAX_BYTES, CS_MAX_REDIRECTS },
    /* signals.md 8.1: the RSL licence document a robots.txt License: record names */
    { "rsl", NULL, CS_ROBOTS_TTL_S, CS_HOSTFILE_ERROR_TTL_S, CS_RSL_DOC_MAX_BYTES,
      CS_MAX_REDIRECTS },
};

int cs_hostfile_record_skipped(const char *origin, const struct cs_hostfile_kind *k,
                               const char *why, struct cs_hostfile_record **out)
{
    struct cs_hostfile_record *rec = calloc(1, sizeof(*rec));

    *out = NULL;
    if (!rec)
        return CS_E_NOMEM;
    rec->origin = cs_strdup(origin);
    rec->kind = cs_strdup(k->name);
    rec->outcome = cs_strdup("not-fetched");
    rec->error = cs_strdup(why);
    rec->fetched_at = cs_clock_now();
    if (!rec->origin || !rec->kind || !rec->outcome || !rec->error) {
        cs_hostfile_record_free(rec);
        return CS_E_NOMEM;
    }
    *out = rec;
    return CS_OK;
}

/* RFC 9309 2.3.1.2-2.3.1.4; signals.md 1.4 (429 is treated like 5xx, as Google does). */
const char *cs_hostfile_classify(const struct cs_response *r)
{
    if (r->error || r->http_status == 0)
        return "unreachable";
    if (r->http_status >= 200 && r->http_status < 300)
        return "ok";
    if (r->http_status == 429 || r->http_status >= 500)
        return "unreachable";
    return "unavailable"; /* 4xx, and 3xx past the redirect limit */
}

/* Follows redirects hop by hop, across hosts (RFC 9309 2.3.1.2), at most max_redirects. */
static int fetch_follow(const struct cs_fetch_opts *o, const char *url, int max_redirects,
                        struct cs_response *r)
{
    char *cur = cs_strdup(url);
    int hops = 0;
    int rc;

    if (!cur)
        return CS_E_NOMEM;
    for (;;) {
        const char *loc;
        char *next = NULL;
        rc = cs_fetch(o, cur, r);
        free(cur);
        if (rc != CS_OK || r->http_status < 300 || r->http_status > 399)
            return rc;
        loc = cs_response_header(r, "location", 0);
        if (!loc || hops >= max_redirects || cs_url_resolve(r->url, loc, &next, NULL) != CS_OK)
            return CS_OK;
        hops++;
        cs_response_release(r);
        cur = next;
    }
}

int cs_hostfile_record_from(const char *origin, const struct cs_hostfile_kind *k,
                            const struct cs_response *r, struct cs_hostfile_record **out)
{
    struct cs_hostfile_record *rec = calloc(1, sizeof(*rec));
    const char *outcome = cs_hostfile_classify(r);
    char why[96];

    if (!rec)
        return CS_E_NOMEM;
    rec->origin = cs_strdup(origin);
    rec->kind = cs_strdup(k->name);
    rec->outcome = cs_strdup(outcome);
    rec->final_url = cs_strdup(r->url);
    rec->http_status = r->http_status;
    rec->fetched_at = r->fetched_at;
    rec->truncated = r->truncated;
    rec->expires_at =
        r->fetched_at + (strcmp(outcome, "ok") == 0 || strcmp(outcome, "unavailable") == 0
                             ? k->ttl_ok_s
                             : k->ttl_error_s);
    if (r->error) {
        rec->error = cs_strdup(r->error);
    } else if (strcmp(outcome, "ok") != 0) {
        snprintf(why, sizeof(why), "HTTP %d%s", r->http_status,
                 r->http_status >= 300 && r->http_status < 400 ? " (redirect limit)" : "");
        rec->error = cs_strdup(why);
    }
    if (strcmp(outcome, "ok") == 0 && r->body_len) {
        rec->body = malloc(r->body_len + 1);
        if (rec->body) {
            memcpy(rec->body, r->body, r->body_len + 1);
            rec->body_len = r->body_len;
            rec->has_body = true;
        }
    }
    if (!rec->origin || !rec->kind || !rec->outcome || !rec->final_url ||
        (r->body_len && strcmp(outcome, "ok") == 0 && !rec->body)) {
        cs_hostfile_record_free(rec);
        return CS_E_NOMEM;
    }
    *out = rec;
    return CS_OK;
}

int cs_hostfile_queue(struct cs_store_batch *b, const struct cs_hostfile_record *rec,
                      const struct cs_response *r, const char *url)
{
    struct cs_fetch_record fr = {
        .url = url,
        .origin = rec->origin,
        .kind = rec->kind,
        .method = "GET",
        .final_url = r->url,
        .http_status = r->http_status,
        .error = rec->error,
        .fetched_at = r->fetched_at,
        .duration_ms = r->duration_ms,
        .headers = NULL,
    };
    int rc = cs_store_put_hostfile(b, rec, rec->body, rec->body_len);

    return rc == CS_OK ? cs_store_put_fetch(b, &fr) : rc;
}

bool cs_hostfile_fresh(const struct cs_hostfile_record *rec, const struct cs_hostfile_kind *k,
                       const struct cs_hostfile_ttl *ttl)
{
    bool ok = rec->outcome &&
              (strcmp(rec->outcome, "ok") == 0 || strcmp(rec->outcome, "unavailable") == 0);
    int64_t life = ok ? (ttl && ttl->ok_s > 0 ? ttl->ok_s : k->ttl_ok_s)
                      : (ttl && ttl->error_s > 0 ? ttl->error_s : k->ttl_error_s);

    return rec->fetched_at + life > cs_clock_now();
}

int cs_hostfile_get(const struct cs_fetch_opts *base, struct cs_store *st,
                    struct cs_store_batch *batch, const char *origin, const char *url,
                    const struct cs_hostfile_kind *kind, const struct cs_hostfile_ttl *ttl,
                    struct cs_hostfile_record **out, bool *from_cache)
{
    struct cs_fetch_opts o = *base;
    struct cs_response r;
    char first[CS_MAX_URL_LEN];
    int rc;

    *out = NULL;
    *from_cache = false;
    if (st && cs_store_get_hostfile(st, origin, kind->name, out) == CS_OK) {
        if (cs_hostfile_fresh(*out, kind, ttl)) {
            *from_cache = true;
            return CS_OK;
        }
        cs_hostfile_record_free(*out);
        *out = NULL;
    }
    if (!url) {
        snprintf(first, sizeof(first), "%s%s", origin, kind->path ? kind->path : "/");
        url = first;
    }
    o.max_body = kind->max_bytes;
    o.body_mode = CS_BODY_ALL;
    o.head = false;
    rc = fetch_follow(&o, url, kind->max_redirects, &r);
    if (rc == CS_OK)
        rc = cs_hostfile_record_from(origin, kind, &r, out);
    if (rc == CS_OK && batch)
        rc = cs_hostfile_queue(batch, *out, &r, url);
    if (rc == CS_OK)
        cs_log(CS_LOG_DEBUG, "%s: %s (%s)", url, (*out)->outcome,
               (*out)->error ? (*out)->error : "read");
    cs_response_release(&r);
    return rc;
}
