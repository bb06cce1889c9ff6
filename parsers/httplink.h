/* SPDX-License-Identifier: MIT
 * httplink.h - the RFC 8288 `Link` header field value: finds the target of a link relation
 * (rel="next" for the Hub's paginated listings, peers.md 5.2; issue 4). Hand-written because no
 * library at hand parses it; fuzzed (tests/fuzz/fuzz_httplink.c).
 *
 * Grammar read (RFC 8288 3): Link = #link-value; link-value = "<" URI-Reference ">"
 * *( OWS ";" OWS link-param ); link-param = token BWS [ "=" BWS ( token / quoted-string ) ].
 * Tolerated: several link-values (one field or fields joined with ","), commas and semicolons
 * inside <...>, quoted and unquoted values, backslash escapes in quoted strings, any case for
 * parameter names and relation types, rel with several space-separated types (RFC 8288 3.3),
 * junk between link-values (skipped to the next top-level comma). Only the first rel parameter
 * of a link-value counts (RFC 8288 3.3). Pure and reentrant.
 */
#ifndef CS_HTTPLINK_H
#define CS_HTTPLINK_H

#include "cs_err.h"
#include "cs_setup.h"

/* Finds the first link-value of the len bytes at value whose rel includes rel (compared
 * case-insensitively). Returns CS_OK with *url_out owned (free()): the target as written between
 * < and >, surrounding spaces trimmed (an empty target does not count), not resolved (the crawler
 * resolves it against the request URL); CS_OK with *url_out NULL when there is none; CS_E_NOMEM.
 * value may be NULL when len is 0. */
CS_MUST_CHECK int cs_http_link_find(const char *value, size_t len, const char *rel, char **url_out);

/* Every link-value (at most max) whose rel includes rel and, when type is non-NULL, whose first
 * type parameter equals type (case-insensitive): RSL discovery wants rel="license" with
 * type="application/rsl+xml" (signals.md 8.1). Returns CS_OK with *urls_out Returns owned (free
 * with cs_http_link_free_all; NULL when none) and *count_out, or CS_E_NOMEM. Targets as in
 * cs_http_link_find. */
CS_MUST_CHECK int cs_http_link_find_all(const char *value, size_t len, const char *rel,
                                        const char *type, size_t max, char ***urls_out,
                                        size_t *count_out);

void cs_http_link_free_all(char **urls, size_t count);

/* cs_http_link_find(value, len, "next", url_out): the next page of a listing. */
CS_MUST_CHECK int cs_http_link_next(const char *value, size_t len, char **url_out);

#endif
