/* SPDX-License-Identifier: MIT
 * cs_cfg.h - the run configuration file (`--config FILE`, YAML): defaults for the crawl and
 * per-host overrides, so a cron job keeps its settings in one file and a site that asks for a
 * slower pace (or allows a faster one) gets it. Example:
 *
 *   user_agent: "consentscan/0.1.0 (+https://example.org/contact)"
 *   delay: 1.5          # seconds between requests to one host
 *   parallel: 32
 *   per_host: 1
 *   robots_ttl: 43200   # reuse a stored robots.txt for 12 h (default 24 h)
 *   error_ttl: 600      # and an unreachable one for 10 min (default 15 min)
 *   hosts:
 *     example.org: { delay: 5 }               # every origin of this host name
 *     "https://api.example.net": { delay: 0.2, per_host: 2 }   # one origin
 *
 * Values given on the command line win over the file. Parsed with libyaml's event API; unknown
 * keys are errors (a typo must not pass silently). Immutable once loaded: share freely.
 */
#ifndef CS_CFG_H
#define CS_CFG_H

#include "cs_err.h"
#include "cs_setup.h"

struct cs_cfg_host {
    char *key;        /* owned: a host name ("example.org") or an origin ("https://a.b:8443") */
    int64_t delay_ms; /* -1: not set */
    int per_host;     /* 0: not set */
};

struct cs_cfg {
    char *user_agent;          /* owned, or NULL */
    int64_t delay_ms;          /* -1: not set */
    int parallel;              /* 0: not set */
    int per_host;              /* 0: not set */
    int64_t robots_ttl_s;      /* reuse of a stored robots.txt, seconds; 0: not set */
    int64_t error_ttl_s;       /* reuse of an unreachable robots.txt, seconds; 0: not set */
    struct cs_cfg_host *hosts; /* owned array */
    size_t host_count;
};

/* Parses len bytes of YAML. Returns CS_OK with *out Returns owned (cs_cfg_free), CS_E_PARSE
 * (diag: line and what is wrong) or CS_E_NOMEM. Pure. */
CS_MUST_CHECK int cs_cfg_parse(const char *buf, size_t len, struct cs_cfg **out,
                               struct cs_diag *diag);

/* Reads and parses a file (at most 1 MiB). CS_E_IO when it cannot be read (diag says why). */
CS_MUST_CHECK int cs_cfg_load(const char *path, struct cs_cfg **out, struct cs_diag *diag);

void cs_cfg_free(struct cs_cfg *c);

/* The override for an origin: an entry naming the origin itself wins over one naming its host
 * name. host is the origin's host (lower case). Borrowed, or NULL. */
const struct cs_cfg_host *cs_cfg_host_find(const struct cs_cfg *c, const char *origin,
                                           const char *host);

#endif
