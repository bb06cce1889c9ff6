/* SPDX-License-Identifier: MIT
 * url.h - the one canonical form of URLs and origins, decided once, through libcurl's URL API
 * (issue 2 item 5; style.md 10.13: no hand-written URL parsing). Canonical: scheme and host in
 * lower case, IDN host in punycode, default port dropped, dot segments removed, no fragment.
 * Origin: scheme://host[:port]. Reentrant: no shared state.
 */
#ifndef CS_URL_H
#define CS_URL_H

#include "cs_err.h"
#include "cs_setup.h"

struct cs_url {
    char *url;        /* owned: canonical URL */
    char *origin;     /* owned: canonical origin, "https://example.org" */
    char *scheme;     /* owned: "http" or "https" */
    char *host;       /* owned: lower case, punycode; IPv6 in brackets */
    char *path_query; /* owned: "/path?query" as on the wire */
    int port;         /* effective port (80, 443 or explicit) */
};

/* Parses input (absolute http/https URL) into its canonical parts. Returns CS_OK, CS_E_URL
 * (malformed: diag says why), CS_E_SCHEME (not http/https) or CS_E_NOMEM. On error *out is
 * zeroed. */
CS_MUST_CHECK int cs_url_parse(const char *input, struct cs_url *out, struct cs_diag *diag);

void cs_url_release(struct cs_url *u);

/* Resolves ref (absolute or relative, e.g. a Location header) against base. Returns CS_OK with
 * *out Returns owned canonical URL (free()), CS_E_URL, CS_E_SCHEME or CS_E_NOMEM. */
CS_MUST_CHECK int cs_url_resolve(const char *base, const char *ref, char **out,
                                 struct cs_diag *diag);

/* True when host is "invalid" or ends in ".invalid": such names never resolve (RFC 6761 6.4). */
bool cs_url_host_is_invalid(const char *host);

#endif
