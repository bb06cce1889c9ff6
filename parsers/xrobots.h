/* SPDX-License-Identifier: MIT
 * xrobots.h - robots directives as carried by the X-Robots-Tag response header and by
 * <meta name="robots"> / <meta name="AGENT"> content (signals.md 4.2, 4.5).
 *
 * Reading (signals.md 4.5): each header field is split on commas into items; an item
 * "<token>: <rest>" whose token is not a value-taking directive (max-snippet, unavailable_after,
 * ...) opens an agent scope that covers the following items of the same field until the next
 * agent prefix; directives and tokens compare case-insensitively; all fields and metas add up.
 * noindex/none are search directives, not training ones; the caller decides what counts.
 *
 * A struct cs_xrobots accumulates directives from several fields; it is not thread-safe while
 * being filled and read-only (shareable) after.
 */
#ifndef CS_XROBOTS_H
#define CS_XROBOTS_H

#include "cs_err.h"
#include "cs_setup.h"

/* Directives that matter to consentscan; others are kept as CS_XR_OTHER. */
enum cs_xr_directive {
    CS_XR_NOAI = 1 << 0,         /* DeviantArt: no AI training on this content */
    CS_XR_NOIMAGEAI = 1 << 1,    /* no AI training on images */
    CS_XR_NOINDEX = 1 << 2,      /* search: do not index */
    CS_XR_NONE = 1 << 3,         /* search: noindex + nofollow */
    CS_XR_NOIMAGEINDEX = 1 << 4, /* search: do not index images */
    CS_XR_NOARCHIVE = 1 << 5,    /* Bing: not used in answers or training (signals.md 4.6) */
    CS_XR_NOCACHE = 1 << 6,      /* Bing: URL/title/snippet only */
    CS_XR_OTHER = 1 << 7         /* anything else (nofollow, max-snippet:..., all, ...) */
};

struct cs_xr_item {
    char *agent;   /* owned; NULL = applies to every agent */
    unsigned flag; /* one enum cs_xr_directive bit */
    char *text;    /* owned: the item as written, trimmed ("GPTBot: noai" -> "noai") */
    int source;    /* caller's index of the field or meta tag it came from */
};

struct cs_xrobots {
    struct cs_xr_item *items; /* owned array */
    size_t count;
    size_t alloc;
};

void cs_xrobots_init(struct cs_xrobots *x);
void cs_xrobots_release(struct cs_xrobots *x);

/* Adds the directives of one field value (len bytes, not NUL-terminated). scope (Copies; may be
 * NULL) is the agent the whole value applies to, as for <meta name="GPTBot">; when
 * agent_prefixes is true, "token:" prefixes inside the value open agent scopes (X-Robots-Tag);
 * meta content passes false. Returns CS_OK, CS_E_LIMIT (more than 256 items in all: the rest is
 * ignored) or CS_E_NOMEM. */
CS_MUST_CHECK int cs_xrobots_add(struct cs_xrobots *x, const char *value, size_t len,
                                 const char *scope, bool agent_prefixes, int source);

/* Returns the union of directive bits that apply to agent: unscoped items plus items scoped to
 * agent (case-insensitive equality; never substring). agent NULL: unscoped items only. */
unsigned cs_xrobots_flags_for(const struct cs_xrobots *x, const char *agent);

/* Returns the first item carrying flag that applies to agent (Borrowed), or NULL. */
const struct cs_xr_item *cs_xrobots_find(const struct cs_xrobots *x, const char *agent,
                                         unsigned flag);

/* Parses one directive name; returns its bit or CS_XR_OTHER. */
unsigned cs_xrobots_directive(const char *name, size_t len);

#endif
