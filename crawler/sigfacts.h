/* SPDX-License-Identifier: MIT
 * sigfacts.h - from what was read about one work (its origin's host files, its response, its
 * HTML head, its first bytes) to the facts the verdict combines (verdict.h), each mapped to
 * purposes by config's purpose map (cs_sigmap). Reads no network and no store: the fetching
 * is done by check.c and the engine, the judging by verdict.c. signals.md 12.1 is the order.
 *
 * A struct cs_sigfacts owns its facts, their strings and their evidence sources; a verdict made
 * from it borrows them, so it lives as long as the check result. Reentrant.
 */
#ifndef CS_SIGFACTS_H
#define CS_SIGFACTS_H

#include "cs_setup.h"
#include "report.h"
#include "verdict.h"

struct cs_rsl_linked;
struct cs_site;
struct cs_work;
struct cs_xrobots;

struct cs_sigfacts {
    struct cs_verdict_fact *v; /* owned array */
    size_t n, cap;
    void **owned; /* owned: the strings and sources the facts point at */
    size_t nowned, capowned;
    bool broad; /* the D* reading of signals.md 12.2 (TDM covers inference) */
};

/* A <meta> of the work's page that a signal family reads (tdm-reservation, tdm-policy). */
struct cs_sigfacts_meta {
    const char *name;
    const char *content;
    int line;
};

/* What was read about one work. Everything Borrowed for the call. */
struct cs_sigfacts_input {
    const struct cs_site *site;          /* robots.txt and the other host files of its origin */
    const struct cs_work *work;          /* its response: headers and the first bytes of the body */
    const char *path;                    /* its path and query */
    const struct cs_xrobots *hdr, *meta; /* its X-Robots-Tag and robots metas */
    const struct cs_sigfacts_meta *metas;
    size_t meta_count;
    const struct cs_verdict_agent *agents; /* the queried agents */
    size_t agent_count;
    const struct cs_verdict_source *work_src, *robots_src;
    bool broad;               /* the D* reading of signals.md 12.2 */
    bool amazon_noarchive;    /* read noarchive as Amazon's reservation too (4.6, unverified) */
    const char *registry_url; /* the registry's endpoint when it was asked, else NULL */
    const struct cs_rsl_linked *rsl_linked; /* the RSL documents the work links to (judge.h) */
    size_t rsl_linked_count;
};

/* Collects the facts of every signal family other than robots.txt groups, X-Robots-Tag and
 * robots metas (verdict.c reads those itself), in the order of signals.md 12.1. Returns CS_OK
 * or CS_E_NOMEM; a signal that cannot be read is a fact with unknown set and its reason, never
 * an error. */
CS_MUST_CHECK int cs_sigfacts_collect(const struct cs_sigfacts_input *in, struct cs_sigfacts *out);

void cs_sigfacts_release(struct cs_sigfacts *f);

/* Copies s into f's strings. Returns it, or NULL on out of memory (or when s is NULL). */
const char *cs_sigfacts_keep(struct cs_sigfacts *f, const char *s);

/* The compatibility columns (issue 5; signals.md 3.9, 4.3, 4.4, 11): what img2dataset's header
 * rule, datadiligence's rules and the Data Provenance Initiative's robots classifier say about
 * the same inputs, so results compare with published studies. Fills out[0 .. *n) (at most cap;
 * strings owned by f). compatcols.c. Returns CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_compat_columns(const struct cs_sigfacts_input *in, struct cs_sigfacts *f,
                                    struct cs_report_kv *out, size_t cap, size_t *n);

#endif
