/* SPDX-License-Identifier: MIT
 * report.h - one check result as a JSON object: what `check --json` prints, what the store
 * keeps and what `export` reads back (fields described in store/EXPORT.md). Pure: a struct in,
 * text out (jsonw.h). Reentrant.
 */
#ifndef CS_REPORT_H
#define CS_REPORT_H

#include "cs_setup.h"
#include "verdict.h"

/* How a host-level file or the work was fetched. Strings Borrowed for the call. */
struct cs_report_fetch {
    const char *url;
    const char *final_url; /* after redirects; NULL = url */
    const char *method;    /* "GET", "HEAD" or NULL when not fetched */
    const char *outcome;   /* robots: "ok", "unavailable", "unreachable"; work: "read",
                              "not-fetched", "error" */
    const char *error;     /* reason, or NULL */
    const char *content_type;
    int http_status;
    int64_t fetched_at;
    bool from_cache; /* reused from the store within its time to live */
    bool truncated;  /* body cut at the size limit */
    bool no_records; /* robots.txt had no valid record (soft 404, garbage) */
};

/* A host-level file other than robots.txt (ai.txt, tdmrep.json, rsl), with its name. */
struct cs_report_file {
    const char *name;
    struct cs_report_fetch fetch;
};

/* One compatibility column (issue 5): what another tool would have said, e.g.
 * {"img2dataset", "disallowed"}. Borrowed for the call. */
struct cs_report_kv {
    const char *key;
    const char *value;
};

struct cs_report_input {
    const char *input;  /* the URL as the user gave it */
    const char *url;    /* canonical URL */
    const char *origin; /* canonical origin */
    int64_t checked_at;
    unsigned queried;  /* purposes asked about (1u << enum cs_purpose) */
    bool self_allowed; /* robots.txt lets consentscan itself read the work */
    int self_line;     /* deciding line for consentscan's own token, 0 = none */
    const char *self_token;
    struct cs_report_fetch robots;
    struct cs_report_fetch work;
    const struct cs_verdict *verdict;
    const struct cs_report_file *files; /* may be NULL */
    size_t file_count;
    const struct cs_report_fetch *rsl_linked; /* the RSL documents the work links to; may be NULL */
    size_t rsl_linked_count;
    const struct cs_verdict_fact *facts; /* the further signals as read; may be NULL */
    size_t fact_count;
    const struct cs_report_kv *compat; /* may be NULL */
    size_t compat_count;
};

/* Returns owned (free()) one JSON object on one line, keys in a fixed order, or NULL on out of
 * memory. */
char *cs_report_json(const struct cs_report_input *in);

/* Returns the result of one signal as a word: "none", "allow", "disallow", "unknown". */
const char *cs_report_result_name(enum cs_sig_result r);

#endif
