/* SPDX-License-Identifier: MIT
 * robots_pat.h - the robots.txt path-pattern matcher of robots_match.c (RFC 9309 2.2.2: '*', a
 * final '$', case-sensitive octets, percent-encoding normalisation) for the other formats that
 * borrow its pattern syntax: TDMRep's tdmrep.json "location" (signals.md 3.2). Internal to
 * parsers/. Pure and thread-safe.
 */
#ifndef CS_ROBOTS_PAT_H
#define CS_ROBOTS_PAT_H

#include "cs_setup.h"

/* Whether the pattern (plen bytes) matches the start of path (len bytes: a URL's path and
 * query; a '#' fragment and what follows are ignored). Both sides are normalised as
 * cs_robots_check() does; an empty pattern matches nothing. Selection among several patterns
 * (longest match, first match) is the caller's. Returns 1 (match), 0 (no match) or CS_E_NOMEM
 * (long inputs are normalised on the heap). */
int cs_robots_pattern_match(const char *pat, size_t plen, const char *path, size_t len);

#endif
