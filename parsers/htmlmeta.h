/* SPDX-License-Identifier: MIT
 * htmlmeta.h - reads <meta name=... content=...> (and <link rel=...>) elements from the first
 * bytes of an HTML document with libxml2's HTML parser (signals.md 4.2; style.md 10.7). No
 * network access, no entity loading; the parser never prints.
 *
 * The caller must have called xmlInitParser() once (the CLI does, before threads start); after
 * that cs_htmlmeta_parse() is thread-safe. Results are self-contained.
 */
#ifndef CS_HTMLMETA_H
#define CS_HTMLMETA_H

#include "cs_err.h"
#include "cs_setup.h"

struct cs_meta {
    char *name;    /* owned, lower-cased, trimmed ("robots", "gptbot") */
    char *content; /* owned, as written (trimmed) */
    int line;      /* source line of the element */
};

struct cs_link {
    char *rel;  /* owned, lower-cased */
    char *href; /* owned, raw value (not resolved: the crawler resolves URLs) */
    char *type; /* owned, lower-cased, trimmed; NULL when absent (RSL discovery, signals.md 8.1) */
    int line;
};

struct cs_htmlmeta {
    struct cs_meta *metas; /* owned array */
    size_t meta_count;
    struct cs_link *links; /* owned array */
    size_t link_count;
};

/* Parses len bytes of HTML (a document prefix is fine; it need not be well-formed) and collects
 * every <meta> with name and content and every <link> with rel and href, wherever they sit (not
 * only in <head>: misplaced tags are common). At most 512 of each. Returns CS_OK with *out
 * Returns owned (free with cs_htmlmeta_free), CS_E_PARSE (nothing could be parsed, e.g. empty
 * input) or CS_E_NOMEM. */
CS_MUST_CHECK int cs_htmlmeta_parse(const char *buf, size_t len, struct cs_htmlmeta **out,
                                    struct cs_diag *diag);

void cs_htmlmeta_free(struct cs_htmlmeta *m);

/* libxml2's one-time global set-up and tear-down: call once from the main thread, before any
 * other thread starts and after all have ended. */
void cs_htmlmeta_global_init(void);
void cs_htmlmeta_global_cleanup(void);

/* Returns the byte offset just past the first "</head" (case-insensitive) in buf, or 0 when
 * absent: the crawler stops reading an HTML work there (issue 2 item 2). */
size_t cs_htmlmeta_head_end(const char *buf, size_t len);

#endif
