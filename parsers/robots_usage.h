/* SPDX-License-Identifier: MIT
 * robots_usage.h - the AI-use records a robots.txt carries beside its crawl rules, read from a
 * parsed struct cs_robots (robots.h):
 *  - IETF AIPREF `Content-Usage: [<path> ]<preference>` rules (signals.md 6.5);
 *  - Cloudflare `Content-Signal: key=value, ...` lines (signals.md 7.1, 7.4);
 *  - RSL `License: <url>` records (signals.md 8.1).
 * Preferences are returned as written: parsing the AIPREF vocabulary is another module's job.
 *
 * Pure: no I/O, no globals. Every function only reads r, so any number of threads may query a
 * shared r at once. Results Borrow strings from r: they live as long as r.
 */
#ifndef CS_ROBOTS_USAGE_H
#define CS_ROBOTS_USAGE_H

#include "cs_err.h"
#include "cs_setup.h"
#include "robots.h"

/* The AI-use reading of the file, used by Content-Usage and Content-Signal: the lenient reading
 * (robots.h) with one change, Content-Usage and Content-Signal lines are rules, so a User-agent
 * line after one starts a new group. AIPREF makes Content-Usage a rule (signals.md 6.5, vector
 * R18); vector C4 of 7.5 needs the same of Content-Signal ("User-agent: *", a Content-Signal
 * line, a blank line, "User-agent: GPTBot": GPTBot has its own group, where RFC 9309's grammar
 * alone would put both agents in one group). The crawl verdict of robots.h is not affected.
 *
 * --- AIPREF Content-Usage (signals.md 6.5) ---------------------------------------------------
 * Groups are selected for the agent by RFC 9309 2.2.1 (own groups merged, else "*"). Among the
 * Content-Usage rules of those groups whose path matches (robots matching: '*', '$',
 * percent-encoding), the longest path in bytes applies; rules tied at that length are all
 * returned, for the caller to combine most-restrictively (6.5: identical paths combine). A rule
 * without a path applies to every path and counts as the path "/" (so it ties with "/", and a
 * conflict there is combined rather than decided by order). A preference attaches only to a
 * path the same groups allow crawling. */

#define CS_RU_MAX_TIED 8 /* tied rules kept per answer; more sets `more` */

struct cs_ru_pref {
    int line;         /* line of the Content-Usage rule */
    const char *path; /* Borrowed: its path, path_len bytes, not NUL-terminated; NULL = none */
    size_t path_len;
    const char *pref; /* Borrowed, NUL-terminated: the preference as written, not parsed */
};

enum cs_ru_status {
    CS_RU_NONE = 0,     /* no Content-Usage rule matches the path in the selected groups */
    CS_RU_FOUND,        /* prefs[0 .. n) apply */
    CS_RU_NOT_CRAWLABLE /* the groups disallow the path, so no preference attaches (6.5);
                           prefs hold the rule(s) that would have applied */
};

struct cs_robots_usage {
    enum cs_ru_status status;
    bool crawl;                 /* the AI-use reading's crawl answer for the path */
    int crawl_line;             /* its deciding Allow/Disallow line; 0 when no rule matched */
    enum cs_robots_group group; /* which AI-use-reading groups applied */
    int group_line;             /* first User-agent line of the first applied group; 0 if none */
    size_t n;                   /* tied rules in prefs (file order) */
    bool more;                  /* more than CS_RU_MAX_TIED rules tied; the first ones kept */
    struct cs_ru_pref prefs[CS_RU_MAX_TIED];
    /* Content-Usage lines before any User-agent line: outside every group, so ignored by the
     * grammar, but site-wide intent (signals.md vector P13). The rule that would apply to the
     * path among them by the same selection (no crawl condition), for the caller to decide. */
    size_t n_outside;
    bool outside_more;
    struct cs_ru_pref outside[CS_RU_MAX_TIED];
};

/* Answers which Content-Usage preference applies to agent (a crawler token, case-insensitive;
 * "*" = the global group) for path (path and query as sent, starting with "/"; "" = "/"; a
 * fragment is ignored). Fills *out. Returns CS_OK, CS_E_INVALID (NULL argument) or CS_E_NOMEM
 * (a path or pattern of more than a few hundred bytes is normalised on the heap). */
CS_MUST_CHECK int cs_robots_usage(const struct cs_robots *r, const char *agent, const char *path,
                                  struct cs_robots_usage *out);

/* --- Cloudflare Content-Signal (signals.md 7) ------------------------------------------------
 * `Content-Signal: search=yes, ai-train=no, use=reference`. Scope: the AI-use reading's
 * group(s) selected for the agent (above); a "*" group's line does not apply to an agent with
 * its own group (7.4, vector C4). No path scoping. Several lines merge most-restrictively per
 * key (no over yes; the lowest use level). Keys and values are read case-insensitively (C6,
 * flagged). Lines before any group are collected apart, as site-wide intent (7.4, C5). */

enum cs_csig_key { CS_CSIG_SEARCH = 0, CS_CSIG_AI_INPUT, CS_CSIG_AI_TRAIN, CS_CSIG_NKEYS };

enum cs_csig_val { CS_CSIG_UNSET = 0, CS_CSIG_YES, CS_CSIG_NO };

/* Maximum level of use (Cloudflare 2026), most restrictive first. */
enum cs_csig_use {
    CS_CSIG_USE_UNSET = 0,
    CS_CSIG_USE_IMMEDIATE, /* interact; store or reuse nothing */
    CS_CSIG_USE_REFERENCE, /* index, excerpt, link back */
    CS_CSIG_USE_FULL       /* summarise or reproduce */
};

#define CS_CSIG_F_CONFLICT    (1u << 0) /* lines disagree on a key: most restrictive kept */
#define CS_CSIG_F_BAD_VALUE   (1u << 1) /* a value other than yes/no (or a use level): unset */
#define CS_CSIG_F_CASE        (1u << 2) /* a key or value not in lower case, read anyway */
#define CS_CSIG_F_UNKNOWN_KEY (1u << 3) /* a key other than search, ai-input, ai-train, use */
#define CS_CSIG_F_SYNTAX      (1u << 4) /* an item without '=' or with an empty key */
#define CS_CSIG_F_SHADOWED                                                              \
    (1u << 5)                    /* a "*" group has Content-Signal, but the agent's own \
                                    group(s) apply (vector C4) */
#define CS_CSIG_F_MORE (1u << 6) /* more lines, items or unknown keys than kept */

#define CS_CSIG_MAX_LINES   8  /* lines kept in lines[] (all are merged) */
#define CS_CSIG_MAX_ITEMS   64 /* items read per line; the rest ignored (CS_CSIG_F_MORE) */
#define CS_CSIG_MAX_UNKNOWN 8  /* unknown keys kept */
#define CS_CSIG_ITEM_MAX    64 /* bytes kept of an unknown item, NUL included */

struct cs_csig_line {
    int line;
    int group_index; /* lenient group of the line; -1 = before any group */
    const char *raw; /* Borrowed: the value as written */
};

struct cs_csig_unknown {
    int line;
    char item[CS_CSIG_ITEM_MAX]; /* "key=value" as written, trimmed, cut to fit */
};

/* The merged signal of a set of lines. */
struct cs_csig {
    enum cs_csig_val val[CS_CSIG_NKEYS]; /* indexed by enum cs_csig_key */
    int val_line[CS_CSIG_NKEYS];         /* line that set val (the first, on a tie); 0 unset */
    enum cs_csig_use use;
    int use_line;
    unsigned flags; /* CS_CSIG_F_* */
    size_t nlines;  /* lines merged; the first CS_CSIG_MAX_LINES are in lines[] */
    struct cs_csig_line lines[CS_CSIG_MAX_LINES];
    size_t nunknown; /* unknown keys kept */
    struct cs_csig_unknown unknown[CS_CSIG_MAX_UNKNOWN];
};

struct cs_robots_signal {
    enum cs_robots_group group; /* which AI-use-reading groups applied to the agent */
    struct cs_csig in_group;    /* lines in those groups */
    struct cs_csig outside;     /* lines before any group: "site-wide intent, outside any group" */
};

/* Zeroes acc (no line, everything unset). */
void cs_csig_init(struct cs_csig *acc);

/* Merges one Content-Signal value (NUL-terminated; Borrowed by acc->lines) found on line, in
 * lenient group group_index, into acc. Never fails: malformed items only set flags. */
void cs_csig_add(struct cs_csig *acc, const char *value, int line, int group_index);

/* Returns "search", "ai-input", "ai-train"; "use" names; static strings ("" out of range). */
const char *cs_csig_key_name(enum cs_csig_key k);
const char *cs_csig_use_name(enum cs_csig_use u); /* NULL for CS_CSIG_USE_UNSET */

/* Collects the Content-Signal lines that apply to agent (case-insensitive; "*" = the global
 * group) and those outside any group. Fills *out. Returns CS_OK, CS_E_INVALID (NULL argument)
 * or CS_E_NOMEM. */
CS_MUST_CHECK int cs_robots_content_signal(const struct cs_robots *r, const char *agent,
                                           struct cs_robots_signal *out);

/* --- RSL License (signals.md 8.1) ------------------------------------------------------------
 * `License: <absolute URL>` records are global: every one in the file counts, in or outside a
 * group. A relative URL is invalid per RSL; it is returned with absolute = false (vector L7), for
 * the caller to resolve leniently and flag. */

struct cs_robots_license {
    int line;
    const char *url; /* Borrowed: the value as written (may be empty) */
    bool absolute;   /* starts with an RFC 3986 scheme and ':' */
};

/* Writes the first cap License records (file order) into out (may be NULL when cap is 0) and
 * returns how many the file has. NULL r gives 0. */
size_t cs_robots_licenses(const struct cs_robots *r, struct cs_robots_license *out, size_t cap);

#endif
