/* SPDX-License-Identifier: MIT
 * check.h - the full check of one work URL (issue 2 item 2): robots.txt of its origin (fetched
 * or reused), then, if robots.txt lets consentscan in, one bounded read of the work (redirects
 * followed hop by hop, each hop's origin asked first), then the verdict per purpose, stored.
 * This is the unit of work the crawl engine will run on many URLs.
 *
 * Thread-safety: cs_check_url() may run in several threads at once with the same opts; each
 * call owns its result.
 */
#ifndef CS_CHECK_H
#define CS_CHECK_H

#include "cs_agents.h"
#include "cs_setup.h"
#include "fetch.h"
#include "hostfile.h"
#include "report.h"
#include "rsl.h"
#include "sigfacts.h"
#include "store.h"
#include "verdict.h"

struct cs_url;

struct cs_registry;

struct cs_check_opts {
    struct cs_fetch_opts fetch;        /* UA, timeouts, SSRF guard, resolve overrides */
    const struct cs_agents *agents;    /* tokens queried; Borrowed */
    unsigned purposes;                 /* purposes asked about (1u << enum cs_purpose) */
    const char *self_token;            /* consentscan's own robots.txt token */
    struct cs_store *store;            /* may be NULL: nothing cached or kept */
    struct cs_hostfile_ttl robots_ttl; /* reuse of stored host files (0: 24 h, failures 15 min) */
    bool broad_tdm;        /* TDMRep, noai and TDM-wide values also reserve AI_INPUT (12.2 "D*") */
    bool amazon_noarchive; /* noarchive also as Amazon's reservation (4.6: unverified) */
    const struct cs_registry *registry; /* Spawning's registry (5.2); NULL: off. Borrowed */
};

/* Everything a caller prints about one URL. All owned by the result. */
struct cs_check_result {
    char *input;
    char *url;
    char *origin;
    struct cs_report_fetch robots; /* strings point into owned copies below */
    struct cs_report_fetch work;
    bool self_allowed;
    int self_line;
    struct cs_verdict *verdict;          /* owned */
    struct cs_verdict_source robots_src; /* evidence sources the verdict points at */
    struct cs_verdict_source work_src;
    struct cs_verdict_agent *agents; /* owned array (tokens Borrowed from opts->agents) */
    char *json;                      /* owned: the report, as stored */
    char *meta;                      /* owned: the robots metas read ("name: content" lines) */
    bool flagged;                    /* some queried purpose DISALLOW_* */
    bool unknown;                    /* else, some queried purpose UNKNOWN */
    char *store_error;               /* owned: the store could not be written, or NULL */
    char *owned[12];                 /* backing strings of robots/work */
    struct cs_sigfacts facts;        /* owned: the further signals the verdict borrows */
    struct cs_report_file files[CS_HOSTFILE__COUNT]; /* the other host files' fetches */
    size_t file_count;
    struct cs_report_fetch rsl_linked[CS_RSL_MAX_LINKS]; /* the RSL documents the work links to
                                                            (strings owned by facts) */
    size_t rsl_linked_count;
    struct cs_report_kv compat[16]; /* compatibility columns (strings owned by facts) */
    size_t compat_count;
};

/* Checks input (a URL; must already pass cs_url_parse). Returns CS_OK with *res filled (release
 * with cs_check_result_release) — network failures are results, not errors — or CS_E_URL /
 * CS_E_SCHEME / CS_E_NOMEM. */
CS_MUST_CHECK int cs_check_url(const struct cs_check_opts *opts, const char *input,
                               struct cs_check_result *res);

void cs_check_result_release(struct cs_check_result *res);

/* May consentscan fetch u? Its origin's robots.txt for consentscan's own token, fetched or
 * reused from the store (a fresh one is stored). *ok and why (a reason when not) are set;
 * returns CS_OK, or CS_E_NOMEM / a store error (then *ok is false). */
CS_MUST_CHECK int cs_check_origin_allows(const struct cs_check_opts *o, const struct cs_url *u,
                                         bool *ok, char *why, size_t why_len);

/* Frees what only printing needs (the verdict, the signals read, the agents, the fetch and
 * compatibility descriptions), keeping what the store takes: json, meta, url, origin, flags. A
 * crawl holds hundreds of judged results between its parse workers and its writer. */
void cs_check_result_compact(struct cs_check_result *res);

#endif
