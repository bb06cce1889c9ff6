/* SPDX-License-Identifier: MIT
 * robots.h - robots.txt (RFC 9309) tokenizer and matcher: bytes in, groups out; then
 * (agent, path) -> allowed/disallowed with the deciding line. Pure: no I/O, no globals.
 *
 * Two readings are kept side by side (signals.md 1.5, 2; issue 2 item 3):
 *  - CS_ROBOTS_LENIENT (default, what site owners meant): a User-agent value V matches token T
 *    when V equals T case-insensitively, or V's leading run of [A-Za-z_-] equals T; Google's
 *    accepted record-name typos, a missing colon ("disallow /"), "* foo" as the global group and
 *    patterns without a leading "/" are accepted.
 *  - CS_ROBOTS_STRICT (RFC 9309): only a valid product token equal to T; exact record names;
 *    rule patterns must start with "/" (or be empty).
 * Both readings: group merging, a specific group replaces "*", longest match with allow on tie,
 * "*" and "$", percent-encoding normalisation (RFC 9309 2.2.2), "/robots.txt" always allowed.
 * Never substring matching. Agent "*" evaluates the "*" group.
 *
 * A parsed struct cs_robots is immutable: any number of threads may call cs_robots_check() on
 * it at once. It copies what it keeps; the input buffer may be freed after parsing.
 */
#ifndef CS_ROBOTS_H
#define CS_ROBOTS_H

#include "cs_err.h"
#include "cs_setup.h"

enum cs_robots_mode { CS_ROBOTS_LENIENT = 0, CS_ROBOTS_STRICT = 1 };

struct cs_robots_opts {
    size_t max_bytes; /* parse at most this prefix; 0 = no cap. RFC 9309 2.5: >= 500 KiB */
};

struct cs_robots;

/* Which group decided. */
enum cs_robots_group {
    CS_ROBOTS_GROUP_NONE = 0, /* no group applies: everything allowed */
    CS_ROBOTS_GROUP_STAR,     /* the (merged) "*" group */
    CS_ROBOTS_GROUP_SPECIFIC  /* the (merged) group(s) naming the agent */
};

/* Result of one (agent, path) question. */
struct cs_robots_verdict {
    bool allowed;
    enum cs_robots_group group;
    int group_line;      /* line of the first User-agent line of the applied group; 0 if none */
    int line;            /* line of the deciding Allow/Disallow rule; 0 if no rule matched */
    const char *rule;    /* Borrowed from the cs_robots: the deciding line as written (trimmed);
                            NULL if no rule matched */
    bool always_allowed; /* path was /robots.txt */
    /* Scope of the applied group, for DISALLOW_FULL vs _PARTIAL: true when the group
     * disallows "/" (or an equivalent pattern such as "/" followed by "*") and has no Allow rule
     * other than empty ones, i.e. every path on the origin is refused. */
    bool group_disallows_all;
};

/* Parses len bytes of robots.txt (not NUL-terminated; BOM, CR/LF/CRLF, NULs and over-long lines
 * tolerated). opts may be NULL (no cap). diag (may be NULL) receives the first tolerated
 * malformation. Returns CS_OK with *out Returns owned (free with cs_robots_free), or CS_E_NOMEM.
 * Any byte sequence parses: garbage yields a file with no valid records. */
CS_MUST_CHECK int cs_robots_parse(const char *buf, size_t len, const struct cs_robots_opts *opts,
                                  struct cs_robots **out, struct cs_diag *diag);

/* Frees r and everything in it; NULL is allowed. */
void cs_robots_free(struct cs_robots *r);

/* Answers whether agent (a crawler token, matched case-insensitively; "*" = the global group)
 * may fetch path (the URL's path and query as sent on the wire, starting with "/"; an empty
 * path means "/"), under mode. Fills *out. Returns CS_OK, or CS_E_INVALID for a NULL argument. */
int cs_robots_check(const struct cs_robots *r, const char *agent, const char *path,
                    enum cs_robots_mode mode, struct cs_robots_verdict *out);

/* True when input was cut at opts->max_bytes (the rest was not parsed). */
bool cs_robots_truncated(const struct cs_robots *r);

/* Number of lines recognised as valid records (user-agent, allow, disallow, sitemap and
 * other "name: value" lines) under mode. 0 for an HTML soft-404 or binary garbage: the caller
 * flags such a file (signals.md 1.4). */
size_t cs_robots_record_count(const struct cs_robots *r, enum cs_robots_mode mode);

/* Number of groups (under the lenient reading). */
size_t cs_robots_group_count(const struct cs_robots *r);

/* Extension records (anything not user-agent/allow/disallow: Sitemap, Crawl-delay,
 * Content-Usage, Content-Signal, License, ...) kept with their line numbers so later signals can
 * read them (style.md 10.7). group_index is the index of the group the line sits in, or -1 when
 * it precedes every group. Strings are Borrowed from r. */
struct cs_robots_ext {
    int line;
    int group_index;
    const char *key;   /* lower-cased record name */
    const char *value; /* trimmed value, comment removed */
};

size_t cs_robots_ext_count(const struct cs_robots *r);

/* Returns the i-th extension record, or NULL when i is out of range. Borrowed from r. */
const struct cs_robots_ext *cs_robots_ext_get(const struct cs_robots *r, size_t i);

/* Tolerated malformations (typos, missing colon, line too long, rule outside a group, ...),
 * each with its line: the "every leniency leaves a diagnostic" rule (style.md 10.13). */
size_t cs_robots_diag_count(const struct cs_robots *r);

/* Returns the i-th diagnostic (Borrowed), or NULL when out of range. */
const struct cs_diag *cs_robots_diag_get(const struct cs_robots *r, size_t i);

/* Returns the value of the first extension record named key (lower case, e.g. "crawl-delay")
 * inside the group(s) that apply to agent under the lenient reading (its own groups, else the
 * "*" groups), Borrowed from r; NULL when there is none. */
const char *cs_robots_group_ext(const struct cs_robots *r, const char *agent, const char *key);

/* Group selection alone (RFC 9309 2.2.1): which groups of reading mode apply to agent (its own
 * groups merged, else the "*" groups, else none). Writes the first cap group indices, ascending,
 * into groups (may be NULL when cap is 0), the total into *n (may exceed cap: call again with
 * *n entries) and the kind into *kind. Lenient indices are those of
 * cs_robots_ext.group_index; strict indices number the strict reading's own groups. Returns
 * CS_OK, CS_E_INVALID (NULL argument) or CS_E_NOMEM. Thread-safe on a shared r. */
CS_MUST_CHECK int cs_robots_select(const struct cs_robots *r, const char *agent,
                                   enum cs_robots_mode mode, size_t *groups, size_t cap, size_t *n,
                                   enum cs_robots_group *kind);

/* True when token is a valid RFC 9309 product token: one or more of [A-Za-z_-]. */
bool cs_robots_token_valid(const char *token);

/* Limits of the tokenizer. A line longer than CS_ROBOTS_MAX_LINE bytes is cut to that length
 * (diagnostic); at most CS_ROBOTS_MAX_DIAGS diagnostics are kept, the last one saying that more
 * were dropped. */
#define CS_ROBOTS_MAX_LINE  16384
#define CS_ROBOTS_MAX_DIAGS 1000

/* Note on cs_robots_check(): a path longer than a few KiB is normalised in a heap buffer, so the
 * call may also return CS_E_NOMEM. */

/* Extracts the crawler's product token from a User-Agent header value as logged, e.g.
 * "Mozilla/5.0 (compatible; GPTBot/1.2; +https://openai.com/gptbot)" -> "GPTBot". The token is
 * the product name (an RFC 9110 token, without "/version") that follows the first "compatible;"
 * (case-insensitive; the bot convention, inside or outside a comment), else the first product of
 * the string. Copies it NUL-terminated into out (outlen bytes). Returns CS_OK, CS_E_INVALID
 * (NULL argument or outlen 0), CS_E_NOTFOUND (no product) or CS_E_LIMIT (the token does not fit;
 * out is ""). Pure and thread-safe. */
int cs_robots_ua_token(const char *ua, char *out, size_t outlen);

#endif
