/* SPDX-License-Identifier: MIT
 * robots_int.h - layout of struct cs_robots shared by robots.c (tokenizer, groups; RFC 9309 2.1,
 * 2.2.1) and robots_match.c (normalisation and longest match; RFC 9309 2.2.2). Internal to
 * parsers/: no other module includes it.
 *
 * Invariants: every record (a line recognised by at least one reading) sits in recs[] in file
 * order; each reading has its own view, because the readings disagree on which lines are
 * records and so on where groups start. A view's groups are in file order; a group's agent and
 * rule record indices are contiguous runs of view->agents / view->rules. Strings live in the
 * arena (or are literals) and are NUL-terminated.
 */
#ifndef CS_ROBOTS_INT_H
#define CS_ROBOTS_INT_H

#include "cs_setup.h"
#include "robots.h"

#define RB_MODES 2

enum rb_kind { RB_NONE = 0, RB_AGENT, RB_ALLOW, RB_DISALLOW, RB_EXT };

struct rb_rec {
    int line;
    unsigned char kind[RB_MODES]; /* enum rb_kind under each reading */
    bool usable[RB_MODES];        /* agent: value can name a crawler; rule: pattern in force */
    bool star[RB_MODES];          /* agent line names the global group */
    bool orphan;                  /* lenient reading: rule before any user-agent line */
    int group;                    /* lenient group index, -1 before the first group */
    const char *text;             /* the line as written, trimmed; arena */
    const char *key;              /* lower-cased record name; arena */
    const char *value;            /* trimmed value, comment removed; arena */
    const char *pat;              /* rules: normalised pattern; arena */
    size_t pat_len;
};

struct rb_group {
    int line; /* first user-agent line */
    size_t agent_off, agent_cnt;
    size_t rule_off, rule_cnt;
};

/* One name a group answers to (index of agent names, sorted case-insensitively by name, then
 * by group): a User-agent value, and in the lenient reading also its leading [A-Za-z_-] run. */
struct rb_name {
    const char *name; /* arena; not NUL-terminated at len */
    size_t len;
    size_t group;
};

/* The groups of one reading. */
struct rb_view {
    struct rb_group *groups; /* From malloc() */
    size_t ngroups, groups_cap;
    size_t *agents; /* indices into recs; From malloc() */
    size_t nagents, agents_cap;
    size_t *rules; /* indices into recs; From malloc() */
    size_t nrules, rules_cap;
    size_t records;        /* valid records under this reading */
    struct rb_name *names; /* From malloc(): the agent index, so a query costs O(log names) */
    size_t nnames;
    size_t *star_groups; /* From malloc(): groups naming "*", ascending */
    size_t nstar;
};

struct rb_chunk {
    struct rb_chunk *next;
    size_t used, cap;
    char data[];
};

struct cs_robots {
    struct rb_rec *recs; /* From malloc() */
    size_t nrecs, recs_cap;
    struct rb_view view[RB_MODES];
    struct cs_robots_ext *exts; /* From malloc() */
    size_t nexts;
    struct cs_diag *diags; /* From malloc() */
    size_t ndiags, diags_cap;
    struct rb_chunk *arena; /* strings; freed chunk by chunk */
    bool truncated;
    bool nomem; /* sticky: an allocation failed, parse returns CS_E_NOMEM */
};

/* Normalises n bytes of a pattern (pattern = true) or of a request path for comparison
 * (RFC 9309 2.2.2). out must hold 3 * n bytes; no NUL is written. Returns the output length. */
size_t cs_robots_normalise(const char *in, size_t n, char *out, bool pattern);

/* RFC 9309 2.2.2 matching of a normalised pattern (m bytes) against the start of a normalised
 * path (n bytes): "*" any run, a final "$" anchors the end. Also used by rsl_terms.c, whose
 * content url patterns follow robots.txt matching (signals.md 8.2). */
bool cs_robots_glob(const char *pat, size_t m, const char *s, size_t n);

/* Builds each reading's agent index (robots_match.c); sets r->nomem on failure. */
void cs_robots_build_index(struct cs_robots *r);

#endif
