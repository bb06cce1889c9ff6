/* SPDX-License-Identifier: MIT
 * rsl.h - RSL 1.0 (Really Simple Licensing) licence documents (signals.md 8): the XML read into
 * a model (8.2), the content element that applies to a work URL (longest url pattern, RFC 9309
 * "*" and "$"), and the licence terms per usage token under the reading of 8.3; plus discovery
 * of RSL documents from Link header values and HTML <link> elements (8.1).
 *
 * XML is read with libxml2 without network access, without DTD loading and without entity
 * expansion: a document with a DOCTYPE (hence any declared entity) is an error, never expanded.
 * The caller must have called xmlInitParser() once (cs_htmlmeta_global_init); after that every
 * function here is reentrant. A parsed struct cs_rsl is immutable and shareable.
 *
 * Caps (a larger document is an error, not a cut: a half-read licence must not decide):
 * CS_RSL_MAX_BYTES of XML, CS_RSL_MAX_CONTENTS content elements, CS_RSL_MAX_LICENSES licences per
 * content, CS_RSL_MAX_PAYMENTS payments per licence, CS_RSL_MAX_DIAGS diagnostics (more are
 * counted, not kept), CS_RSL_MAX_LINKS discovered links.
 */
#ifndef CS_RSL_H
#define CS_RSL_H

#include "cs_err.h"
#include "cs_setup.h"

#include "htmlmeta.h"

#define CS_RSL_NS           "https://rslstandard.org/rsl"
#define CS_RSL_MEDIA_TYPE   "application/rsl+xml"
#define CS_RSL_MAX_BYTES    (1u << 20)
#define CS_RSL_MAX_CONTENTS 1000
#define CS_RSL_MAX_LICENSES 64
#define CS_RSL_MAX_PAYMENTS 16
#define CS_RSL_MAX_DIAGS    64
#define CS_RSL_MAX_LINKS    16

/* Usage tokens of RSL 1.0 (signals.md 8.2), one bit each; the two pre-1.0 tokens are kept
 * apart (labelled legacy) and only count under the legacy reading (decisions 12.3 #16). */
enum cs_rsl_usage {
    CS_RSL_U_ALL = 0,
    CS_RSL_U_AI_ALL,
    CS_RSL_U_AI_TRAIN,
    CS_RSL_U_AI_INPUT,
    CS_RSL_U_AI_INDEX,
    CS_RSL_U_SEARCH,
    CS_RSL_U_LEGACY_TRAIN_AI,  /* "train-ai": read as ai-train under the legacy reading */
    CS_RSL_U_LEGACY_AI_SEARCH, /* "ai-search": read as ai-index under the legacy reading */
    CS_RSL_U_COUNT
};

#define CS_RSL_U_STANDARD_COUNT (CS_RSL_U_LEGACY_TRAIN_AI)

struct cs_rsl_payment {
    char *type;     /* owned, lower-cased; "free" when the attribute is absent */
    char *amount;   /* owned, as written (trimmed); NULL when no <amount> */
    char *currency; /* owned; NULL when absent */
    bool is_free;   /* type free or attribution: no licence fee (8.3) */
    int line;
};

struct cs_rsl_license {
    unsigned permits_usage;   /* bits 1 << enum cs_rsl_usage */
    unsigned prohibits_usage; /* same */
    bool has_permits_usage;   /* a <permits type="usage"> list exists (even with unknown tokens) */
    bool has_prohibits_usage;
    char *permits_user; /* owned: the values, space-separated; NULL when absent */
    char *prohibits_user;
    char *permits_geo;
    char *prohibits_geo;
    struct cs_rsl_payment *payments; /* owned array */
    size_t payment_count;
    char *legal; /* owned: the type attributes of <legal>, space-separated; NULL when none */
    int line;
};

struct cs_rsl_content {
    char *url;    /* owned, as written (trimmed) */
    char *server; /* owned; NULL when absent */
    bool encrypted;
    char *lastmod;                   /* owned; NULL when absent */
    struct cs_rsl_license *licenses; /* owned array */
    size_t license_count;
    int line;
};

struct cs_rsl {
    struct cs_rsl_content *contents; /* owned array */
    size_t content_count;
    long max_age;          /* <rsl max-age>, days; -1 when absent or not a number */
    struct cs_diag *diags; /* owned array: tolerated oddities (unknown tokens, ...) */
    size_t diag_count;
    size_t diag_dropped; /* diagnostics beyond CS_RSL_MAX_DIAGS */
};

/* Parses len bytes of an RSL document. Returns CS_OK with *out Returns owned (free with
 * cs_rsl_free); CS_E_PARSE when the bytes are not well-formed XML, hold a DOCTYPE, or the root
 * is not <rsl> in the RSL namespace (signals.md 8.4 L10); CS_E_LIMIT past a cap; CS_E_NOMEM.
 * diag (may be NULL) receives the reason of a failure. */
CS_MUST_CHECK int cs_rsl_parse(const char *buf, size_t len, struct cs_rsl **out,
                               struct cs_diag *diag);

void cs_rsl_free(struct cs_rsl *r);

/* Token text of u ("ai-train", ...; the legacy ones as written: "train-ai", "ai-search"). */
const char *cs_rsl_usage_name(enum cs_rsl_usage u);

/* The content element that applies to url: a full URL (scheme://host/path?query) or a path
 * starting with "/". Patterns are full URLs (host compared case-insensitively, then their path)
 * or paths; RFC 9309 prefix matching with "*" and "$"; the longest matching pattern wins, the
 * first one on a tie (signals.md 8.3). Returns it (Borrowed), or NULL when none matches;
 * *matches (may be NULL) gets how many patterns matched (> 1: overlapping content elements). */
const struct cs_rsl_content *cs_rsl_match(const struct cs_rsl *r, const char *url, size_t *matches);

enum cs_rsl_term {
    CS_RSL_UNSET = 0,  /* the document says nothing usable about this usage */
    CS_RSL_PERMITTED,  /* permitted without a licence fee or licence server */
    CS_RSL_PROHIBITED, /* prohibited, or not in an existing permits list (8.3) */
    CS_RSL_LICENSABLE  /* allowed only under a licence: server set or a fee (8.3, 12.3 #16) */
};

/* Why a term was given. */
enum cs_rsl_basis {
    CS_RSL_BY_NO_CONTENT = 0, /* no content element matches the URL */
    CS_RSL_BY_NO_LICENSE,     /* the content element has no <license> */
    CS_RSL_BY_NO_USAGE_LIST,  /* no permits/prohibits usage list mentions it; free */
    CS_RSL_BY_PROHIBITS,      /* prohibits lists it or a broader token (all, ai-all) */
    CS_RSL_BY_PARTIAL,        /* prohibits lists a narrower token (ai-train under ai-all) */
    CS_RSL_BY_NOT_PERMITTED,  /* a permits usage list exists without it or a broader token */
    CS_RSL_BY_SERVER,         /* content/@server: a licence token is required even if free */
    CS_RSL_BY_PAYMENT,        /* a payment other than free/attribution applies */
    CS_RSL_BY_PERMITS         /* permits lists it or a broader token; free */
};

struct cs_rsl_answer {
    enum cs_rsl_term term;
    enum cs_rsl_basis basis;
    const struct cs_rsl_license *license; /* Borrowed: the deciding licence; NULL if none */
    bool conditional;                     /* that licence also restricts user classes or regions */
};

/* The terms for usage u of content c (may be NULL: no match). Reading (signals.md 8.3), per
 * licence: prohibits (u or a broader token) > not in an existing permits list > prohibits of a
 * narrower token > server > non-free payment > permits > unset; prohibits wins over permits
 * for the same token. Several licences of one content element are alternative offers: the most
 * favourable one decides (permitted > licensable > unset > prohibited; an unconditional one
 * before one restricted to user classes or regions). legacy: pre-1.0 tokens count as their 1.0
 * counterparts (train-ai = ai-train, ai-search = ai-index), and u may be a legacy token (it is
 * then answered as its counterpart); strict: they are unknown tokens. */
void cs_rsl_terms(const struct cs_rsl_content *c, enum cs_rsl_usage u, bool legacy,
                  struct cs_rsl_answer *out);

const char *cs_rsl_term_name(enum cs_rsl_term t);   /* "permitted", ... */
const char *cs_rsl_basis_name(enum cs_rsl_basis b); /* "prohibits", ... */

/* RSL discovery (signals.md 8.1, 8.4 L8/L9): the targets of rel="license" links whose type is
 * application/rsl+xml, from one Link header field value (len bytes) or from the <link>
 * elements of a parsed HTML head. A rel="license" link without that type is not RSL. At most
 * CS_RSL_MAX_LINKS. Returns CS_OK with *urls Returns owned (free with cs_rsl_links_free; NULL
 * when none) and *count, or CS_E_NOMEM. Targets are as written (not resolved). */
CS_MUST_CHECK int cs_rsl_links_from_header(const char *value, size_t len, char ***urls,
                                           size_t *count);
CS_MUST_CHECK int cs_rsl_links_from_html(const struct cs_htmlmeta *m, char ***urls, size_t *count);
void cs_rsl_links_free(char **urls, size_t count);

#endif
