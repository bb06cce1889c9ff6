/* SPDX-License-Identifier: MIT
 * hostfile.h - host-level policy files, described by a table (issue 2 item 5): what to fetch,
 * how long to reuse it, how big it may be: robots.txt, then ai.txt and tdmrep.json (issue 5),
 * each fetched once per origin and reused within its time to live. A fetched file is classified by
 * RFC 9309 2.3.1: 2xx "ok"; 4xx except 429 "unavailable" (no restriction); 5xx, 429, network errors
 * and refused connections "unreachable" (never an opt-out; the crawler itself stays away).
 * Redirects are followed across hosts up to the row's limit; more is "unavailable"
 * (RFC 9309 2.3.1.2). Thread-safe if the store is (it is) and opts are not changed.
 */
#ifndef CS_HOSTFILE_H
#define CS_HOSTFILE_H

#include "cs_setup.h"
#include "fetch.h"
#include "store.h"

struct cs_hostfile_kind {
    const char *name;    /* store kind and evidence name: "robots.txt" */
    const char *path;    /* "/robots.txt"; NULL when the URL comes from robots.txt (RSL) */
    int64_t ttl_ok_s;    /* reuse a readable file this long */
    int64_t ttl_error_s; /* reuse a failure this long */
    size_t max_bytes;    /* body cap; longer files are truncated and flagged */
    int max_redirects;
};

/* How long stored host files are reused (issue 3: "time-to-live per kind of object, all
 * configurable"); 0 means the kind's default. Freshness is decided when a record is read, from
 * its fetch time, so a shorter time to live applies to what is already stored. */
struct cs_hostfile_ttl {
    int64_t ok_s;    /* a readable (2xx) or absent (4xx) file */
    int64_t error_s; /* an unreachable one (5xx, 429, network) */
};

/* The table; CS_HOSTFILE_ROBOTS indexes robots.txt. */
extern const struct cs_hostfile_kind cs_hostfile_kinds[];

enum {
    CS_HOSTFILE_ROBOTS = 0,
    CS_HOSTFILE_AITXT,
    CS_HOSTFILE_TDMREP,
    CS_HOSTFILE_RSL, /* no fixed path: the URL robots.txt's License: record names */
    CS_HOSTFILE__COUNT
};

/* A record for a file consentscan did not fetch (its own robots.txt refuses the path): outcome
 * "not-fetched", why as the error; never stored. Returns CS_OK with *out Returns owned, or
 * CS_E_NOMEM. */
CS_MUST_CHECK int cs_hostfile_record_skipped(const char *origin, const struct cs_hostfile_kind *k,
                                             const char *why, struct cs_hostfile_record **out);

/* Returns the host file kind of origin: from st when a record younger than its time to live
 * exists (*from_cache true), else fetched now from url (NULL: origin + the kind's path) with
 * base (a copy is modified per kind) and, when
 * batch is not NULL, queued into it (record, body, fetch log). st and batch may be NULL.
 * Returns CS_OK with *out Returns owned (cs_hostfile_record_free), or CS_E_NOMEM. Fetch
 * failures are not errors: they are described in the record. */
CS_MUST_CHECK int cs_hostfile_get(const struct cs_fetch_opts *base, struct cs_store *st,
                                  struct cs_store_batch *batch, const char *origin, const char *url,
                                  const struct cs_hostfile_kind *kind,
                                  const struct cs_hostfile_ttl *ttl,
                                  struct cs_hostfile_record **out, bool *from_cache);

/* The pieces of cs_hostfile_get, for the crawl engine, which fetches with its own multi handle:
 * classify a final response into a record (Returns owned, or CS_E_NOMEM), queue a record with
 * its fetch log into a batch (url: the file's URL before redirects), and tell whether a stored
 * record is still within its time to live (by cs_clock_now(); ttl may be NULL: the kind's). */
CS_MUST_CHECK int cs_hostfile_record_from(const char *origin, const struct cs_hostfile_kind *k,
                                          const struct cs_response *r,
                                          struct cs_hostfile_record **out);
CS_MUST_CHECK int cs_hostfile_queue(struct cs_store_batch *b, const struct cs_hostfile_record *rec,
                                    const struct cs_response *r, const char *url);
bool cs_hostfile_fresh(const struct cs_hostfile_record *rec, const struct cs_hostfile_kind *k,
                       const struct cs_hostfile_ttl *ttl);

/* The RFC 9309 2.3.1 class of a response: "ok", "unavailable" or "unreachable" (static). */
const char *cs_hostfile_classify(const struct cs_response *r);

#endif
