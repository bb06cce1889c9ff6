/* SPDX-License-Identifier: MIT
 * registry.h - the client of Spawning's Do-Not-Train registry (signals.md 5.2, vectors A9/A10 of
 * 5.3): URLs are POSTed in batches, text/plain, one a line, with "Authorization: API <key>", and
 * each URL is answered opted out, opted in, not listed, or unknown.
 *
 * The registry is optional: it is on only when SPAWNING_API_KEY is set. The key is kept in
 * memory for the requests and never written anywhere: not in errors, logs, the store or
 * reports. A failure (timeout, refused connection, 4xx/5xx, an answer too large or not the
 * API's JSON) makes its batch's URLs CS_REG_UNKNOWN with a reason, never an opt-out.
 *
 * Limits: at most CS_REGISTRY_BATCH_MAX URLs (as datadiligence sends) and
 * CS_REGISTRY_BATCH_BYTES bytes of URLs per request, so that an answer stays under
 * CS_SPAWNING_API_MAX; URLs up to CS_MAX_URL_LEN bytes; up to 3 attempts per batch, retried as
 * cs_fetch retries (5xx, 429, no response; Retry-After honoured) within 30 s.
 *
 * Thread-safety: a struct cs_registry is immutable once made; cs_registry_lookup may run in
 * several threads at once (curl_global_init must have run).
 */
#ifndef CS_REGISTRY_H
#define CS_REGISTRY_H

#include "cs_err.h"
#include "cs_setup.h"
#include "fetch.h"

#define CS_REGISTRY_DEFAULT_URL  "https://opts-api.spawningaiapi.com/api/v2/query/urls/"
#define CS_REGISTRY_BATCH_MAX    10000
#define CS_REGISTRY_BATCH_BYTES  (4u << 20)
#define CS_REGISTRY_KEY_MAX      1024
#define CS_REGISTRY_ATTEMPTS     3
#define CS_REGISTRY_RETRY_BUDGET 30000

/* One URL's answer. Zero is UNKNOWN, so a result not filled in is never taken as an answer. */
enum cs_reg_status {
    CS_REG_UNKNOWN = 0, /* no usable answer (see the reason) */
    CS_REG_NONE,        /* answered, neither optOut nor optIn: not listed */
    CS_REG_OPTIN,       /* optIn true: ALLOW_EXPLICIT (A10) */
    CS_REG_OPTOUT       /* optOut true (wins over optIn): DISALLOW, registry (A9) */
};

/* Returns "unknown", "not-listed", "opted-in" or "opted-out" (static). */
const char *cs_reg_status_name(enum cs_reg_status s);

struct cs_registry;

/* A client for endpoint (http or https URL; Copied) with key (Copied; printable ASCII, at most
 * CS_REGISTRY_KEY_MAX bytes). fetch gives the User-Agent, timeouts, SSRF guard and resolver
 * (Copied; the strings and resolver it points to are Borrowed and must outlive the client);
 * its retries, body and headers are the registry's own. Returns CS_OK with *out Returns owned
 * (free with cs_registry_free), CS_E_INVALID (bad endpoint or key: err says which, without
 * the key) or CS_E_NOMEM. */
CS_MUST_CHECK int cs_registry_new(const char *endpoint, const char *key,
                                  const struct cs_fetch_opts *fetch, struct cs_registry **out,
                                  char *err, size_t errlen);

/* The client the environment asks for: key from SPAWNING_API_KEY, endpoint from
 * SPAWNING_API_URL (default CS_REGISTRY_DEFAULT_URL). No key (unset or empty): CS_OK with *out
 * NULL, the registry is off. Otherwise as cs_registry_new. Reads the environment: call it
 * before threads start. */
CS_MUST_CHECK int cs_registry_from_env(const struct cs_fetch_opts *fetch, struct cs_registry **out,
                                       char *err, size_t errlen);

/* Lowers the URLs per request (1 to CS_REGISTRY_BATCH_MAX; tests use a small one). Call
 * before sharing the client. CS_OK or CS_E_INVALID. */
CS_MUST_CHECK int cs_registry_set_batch(struct cs_registry *reg, size_t max_urls);

void cs_registry_free(struct cs_registry *reg);

/* The endpoint asked (Borrowed from reg): evidence names it as the signal's source. */
const char *cs_registry_endpoint(const struct cs_registry *reg);

/* Asks the registry about urls[0..n) (Borrowed; absolute URLs, at most CS_MAX_URL_LEN bytes,
 * without CR or LF: others are not sent and stay UNKNOWN). out[i] receives urls[i]'s answer.
 * Returns CS_OK when every URL was answered; else CS_E_NET (a batch got no usable answer) or
 * CS_E_INVALID (a URL could not be sent), the URLs concerned being CS_REG_UNKNOWN and err
 * (may be NULL) holding the first reason, e.g. "registry: HTTP 500 (batch 2 of 3)";
 * CS_E_INVALID also for a NULL reg, urls or out; CS_E_NOMEM. */
CS_MUST_CHECK int cs_registry_lookup(const struct cs_registry *reg, const char *const *urls,
                                     size_t n, enum cs_reg_status *out, char *err, size_t errlen);

/* ---- the pure part, exposed for tests ---- */

/* Where the batch starting at urls[from] ends (exclusive): at most max_urls URLs and max_bytes
 * bytes of URLs and newlines, but always at least one URL. from < n. */
size_t cs_registry_batch_end(const char *const *urls, size_t from, size_t n, size_t max_urls,
                             size_t max_bytes);

/* The request body of urls[0..n) (n >= 1): the URLs joined with "\n"; a single URL is padded
 * with an empty second line ("URL\n"), as Hugging Face's worker does, because the API wants
 * more than one (signals.md 5.2). Returns owned (free()) with *len, or NULL (out of memory). */
char *cs_registry_body(const char *const *urls, size_t n, size_t *len);

#endif
