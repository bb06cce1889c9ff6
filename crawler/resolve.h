/* SPDX-License-Identifier: MIT
 * resolve.h - name overrides, as curl's --resolve: "HOST:PORT:ADDRESS" says connect to ADDRESS
 * for HOST on PORT. Kept in a hash table so a crawl of many hosts hands libcurl only the one
 * entry a request needs (libcurl re-reads a whole CURLOPT_RESOLVE list for every transfer).
 * Immutable once filled: share it between threads freely.
 */
#ifndef CS_RESOLVE_H
#define CS_RESOLVE_H

#include "cs_err.h"
#include "cs_setup.h"

struct cs_resolver;

/* Returns owned (cs_resolver_free), or NULL on out of memory. */
struct cs_resolver *cs_resolver_new(void);
void cs_resolver_free(struct cs_resolver *r);

/* Adds one "HOST:PORT:ADDRESS" entry (Copies; host compared case-insensitively; an IPv6
 * ADDRESS may be in brackets). A later entry for the same HOST:PORT replaces the earlier one.
 * Returns CS_OK, CS_E_INVALID (malformed) or CS_E_NOMEM. */
CS_MUST_CHECK int cs_resolver_add(struct cs_resolver *r, const char *entry);

/* Adds every entry of a file, one a line ('#' comments and blank lines skipped). Returns CS_OK,
 * CS_E_IO (diag names the file) or CS_E_INVALID (diag names the line). */
CS_MUST_CHECK int cs_resolver_load(struct cs_resolver *r, const char *path, struct cs_diag *diag);

/* The "HOST:PORT:ADDRESS" entry for host and port, Borrowed, or NULL. */
const char *cs_resolver_find(const struct cs_resolver *r, const char *host, int port);

size_t cs_resolver_count(const struct cs_resolver *r);

#endif
