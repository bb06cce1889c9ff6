/* SPDX-License-Identifier: MIT
 * cs_agents.h - the AI crawler tokens to query and the purpose-class table that maps each token
 * to what it is used for (issue 2 item 3; signals.md 2.2, 2.4, 12.2).
 *
 * The token list is read at run time from a file in ai.robots.txt's robots.json format (a JSON
 * object keyed by token), or taken from a small compiled-in list. The purpose-class table is
 * compiled in (cs_purposes.c): one row per known token with its class and a one-line basis, so
 * "blocks GPTBot" (training) and "blocks OAI-SearchBot" (search) are never the same thing.
 *
 * A struct cs_agents is immutable once built: share it between threads freely.
 */
#ifndef CS_AGENTS_H
#define CS_AGENTS_H

#include "cs_err.h"
#include "cs_setup.h"
#include "signals.h"

enum cs_agent_class {
    CS_CLASS_TRAINING,      /* collects content to train models */
    CS_CLASS_SEARCH,        /* builds a (possibly AI) search index */
    CS_CLASS_USER,          /* fetches on a user's request (assistants, answers) */
    CS_CLASS_AGENT,         /* autonomous browsing / coding agent */
    CS_CLASS_DATA_PROVIDER, /* crawls to resell or serve data; purpose open */
    CS_CLASS_UNKNOWN,       /* the list does not say enough */
    CS_CLASS_ALL,           /* the "*" group: every purpose */
    CS_CLASS__COUNT
};

struct cs_agent {
    const char *token; /* as written in the list (first spelling seen) */
    enum cs_agent_class cls;
    const char *basis;     /* one line: why this class; never NULL */
    const char *operator_; /* from the list, may be "" */
};

struct cs_agents;

/* Parses robots.json bytes (object keyed by token; each value an object with "operator",
 * "function", ...). Case variants of one token are one agent (robots.txt matching is
 * case-insensitive). Returns CS_OK with *out Returns owned, CS_E_PARSE (diag says where) or
 * CS_E_NOMEM. Pure. */
CS_MUST_CHECK int cs_agents_parse_json(const char *buf, size_t len, struct cs_agents **out,
                                       struct cs_diag *diag);

/* The compiled-in fallback list (the training-relevant tokens of signals.md 2.2). Returns CS_OK
 * with *out Returns owned, or CS_E_NOMEM. */
CS_MUST_CHECK int cs_agents_builtin(struct cs_agents **out);

/* An empty list, for --agent. Returns owned, or NULL on out of memory. */
struct cs_agents *cs_agents_new(void);

/* Adds token (Copies) unless present (case-insensitively). CS_OK, CS_E_INVALID (empty token or
 * one with control characters or ':'), CS_E_NOMEM. */
CS_MUST_CHECK int cs_agents_add(struct cs_agents *a, const char *token);

void cs_agents_free(struct cs_agents *a);

size_t cs_agents_count(const struct cs_agents *a);

/* Borrowed from a; NULL when i is out of range. */
const struct cs_agent *cs_agents_get(const struct cs_agents *a, size_t i);

/* Looks token up in the purpose-class table (case-insensitively); "*" is CS_CLASS_ALL; tokens
 * not in the table are CS_CLASS_UNKNOWN with a basis saying so. basis_out may be NULL. */
enum cs_agent_class cs_agent_class_of(const char *token, const char **basis_out);

/* "training", "search", "user-triggered", "agent", "data-provider", "unknown", "all". */
const char *cs_agent_class_name(enum cs_agent_class c);

/* Bit mask (1u << enum cs_purpose) of the purposes a robots.txt refusal for an agent of class
 * c reserves the work against (signals.md 12.2, first two rows). */
unsigned cs_agent_class_purposes(enum cs_agent_class c);

/* ---- Added for the loader and the table's tests (cs_agents.c, cs_purposes.c) ---- */

/* Most entries a robots.json list may have; a bigger object is CS_E_PARSE. */
#define CS_AGENTS_MAX 4096

/* Largest agent-list file cs_agents_load_file() reads. */
#define CS_AGENTS_FILE_MAX (16u * 1024u * 1024u)

/* Reads the robots.json file at path (at most CS_AGENTS_FILE_MAX bytes) and parses it with
 * cs_agents_parse_json(). Returns CS_OK with *out Returns owned; CS_E_IO (diag: "cannot read
 * agent list 'path': reason"), CS_E_LIMIT (file too big), CS_E_PARSE or CS_E_NOMEM, with *out
 * NULL. */
CS_MUST_CHECK int cs_agents_load_file(const char *path, struct cs_agents **out,
                                      struct cs_diag *diag);

/* How many keys of the parsed list were skipped as invalid tokens (empty, control characters,
 * ':'); 0 for lists not made by cs_agents_parse_json(). */
size_t cs_agents_skipped(const struct cs_agents *a);

/* Compares two tokens ASCII-case-insensitively, as robots.txt matching does; strcmp-style
 * result. The purpose-class table is sorted by this order. */
int cs_agent_token_cmp(const char *a, const char *b);

/* One row of the compiled-in purpose-class table (cs_purposes.c). */
struct cs_agent_row {
    const char *token; /* one spelling; lookups ignore case */
    enum cs_agent_class cls;
    const char *basis; /* one line: why this class */
};

/* The table's rows in cs_agent_token_cmp() order. Borrowed (static storage); NULL when i is
 * out of range. */
size_t cs_agent_table_count(void);
const struct cs_agent_row *cs_agent_table_get(size_t i);

/* Borrowed: the table row for token (case-insensitive), or NULL when the table has none. */
const struct cs_agent_row *cs_agent_table_find(const char *token);

#endif
