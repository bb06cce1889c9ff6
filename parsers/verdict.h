/* SPDX-License-Identifier: MIT
 * verdict.h - pure policy: the facts read from one work's signals, for each queried agent,
 * become one stance per purpose with the evidence behind it (signals.md 0.2, 12.1, 12.2).
 *
 * Parsers produce facts ("the GPTBot group disallows /, line 12"); this module produces
 * judgements ("TRAIN_GENAI: DISALLOW_FULL because robots.txt line 12"). Rules:
 *  - a signal result maps to purposes by a table (verdict.c, signals.md 12.2): a robots.txt
 *    refusal reserves the purposes of the refused agent's class; noai reserves TRAIN_GENAI,
 *    TRAIN_ML and TDM for every agent it applies to; noimageai the same, for images only;
 *  - per purpose: DISALLOW_FULL when every agent considered for it is refused (or, with no agent
 *    of that purpose queried, when an all-agents signal reserves it), DISALLOW_PARTIAL when some
 *    are; otherwise UNKNOWN when a signal could not be read (never an opt-out: signals.md 1.4),
 *    ALLOW_EXPLICIT when a robots.txt group names an agent and allows it, else NO_SIGNAL;
 *  - the lenient and the strict RFC 9309 readings of robots.txt are judged side by side;
 *  - every further signal (TDMRep, ai.txt, AIPREF, Content Signals, RSL, Bing, embedded
 *    metadata, the registry) arrives as facts already mapped to purposes by config's purpose map
 *    (cs_sigmap): most restrictive wins across signal families (0.2); a fact naming an agent
 *    that was not queried (Bing's noarchive names Microsoft's) adds that agent to the verdict;
 *  - conflicts are reported, not hidden (issue 5): one signal reserves what another explicitly
 *    allows; a response header reserves while the page's own metas say nothing; a later TDMRep
 *    technique overrode an earlier one.
 * Pure and reentrant: no I/O, no globals.
 */
#ifndef CS_VERDICT_H
#define CS_VERDICT_H

#include "cs_setup.h"
#include "robots.h"
#include "signals.h"
#include "xrobots.h"

/* One queried agent, with the purposes its class covers (from config's purpose-class table). */
struct cs_verdict_agent {
    const char *token; /* Borrowed */
    unsigned purposes; /* 1u << enum cs_purpose */
};

enum cs_robots_state {
    CS_RS_OK,          /* 2xx: parsed */
    CS_RS_NONE,        /* 4xx (not 429): no robots-based restriction (RFC 9309 2.3.1.3) */
    CS_RS_UNREACHABLE, /* 5xx, 429, network error: UNKNOWN, never an opt-out */
};

/* Where a signal was read: evidence. Strings Borrowed for the life of the verdict. */
struct cs_verdict_source {
    const char *url;
    int http_status; /* 0 = no response */
    int64_t fetched_at;
    const char *error; /* why it could not be read; NULL when it was */
};

/* One reading of a further signal family, mapped to purposes (cs_sigmap). Strings Borrowed for
 * the life of the verdict. */
struct cs_verdict_fact {
    enum cs_signal signal;
    const char *agent;    /* NULL: addresses every agent; else one token (case-insensitive) */
    unsigned deny;        /* purposes reserved (1u << enum cs_purpose) */
    unsigned allow;       /* purposes explicitly allowed */
    bool unknown;         /* could not be read: src->error says why (never an opt-out: 1.4) */
    int line;             /* line in the file read; 0 = n/a */
    const char *text;     /* the value or rule as read */
    const char *overrode; /* a value this one superseded inside its own family (TDMRep 3.6), or
                             NULL: reported as a conflict */
    const struct cs_verdict_source *src;
};

struct cs_verdict_input {
    const struct cs_verdict_agent *agents;
    size_t agent_count;
    const char *path; /* the work's path and query, for robots.txt */
    enum cs_robots_state robots_state;
    const struct cs_robots *robots;             /* when CS_RS_OK */
    const struct cs_verdict_source *robots_src; /* Borrowed for the life of the verdict */
    bool work_read;                             /* the work's response headers were read */
    const struct cs_verdict_source *work_src;   /* Borrowed likewise; error says why not */
    const struct cs_xrobots *headers;           /* X-Robots-Tag of the work; may be NULL */
    bool html_read;                             /* the work was HTML and its head was parsed */
    const struct cs_xrobots *metas;             /* <meta name=robots|AGENT>; may be NULL */
    bool work_is_image;                         /* noimageai applies to the work itself */
    bool broad; /* 12.2 "D*": noai and noimageai reserve AI_INPUT too (--broad-tdm) */
    const struct cs_verdict_fact *facts; /* further signals; may be NULL */
    size_t fact_count;
};

enum cs_sig_result { CS_SR_NONE, CS_SR_ALLOW, CS_SR_DISALLOW, CS_SR_UNKNOWN };

/* One signal's result for one agent. */
struct cs_evidence {
    enum cs_signal signal;
    enum cs_sig_result result;
    unsigned purposes; /* purposes a DISALLOW reserves */
    unsigned allowed;  /* purposes explicitly allowed (an ALLOW; or beside a DISALLOW, others) */
    bool all_agents;   /* the signal addressed every agent (unscoped noai, the "*" group) */
    int line;          /* robots.txt line or meta line; 0 = n/a */
    const char *text;  /* deciding rule, header item or meta content (at most
                          CS_EVIDENCE_TEXT_MAX - 1 bytes); NULL = n/a. Owned by the verdict
                          (one copy however many agents' evidence shows it) */
    bool unknown;      /* some reading of the family could not be read, beside any reservation */
    const char *why;   /* Borrowed from a fact: why it could not be read; NULL = src->error */
    const struct cs_verdict_source *src; /* Borrowed from the input */
};

#define CS_EVIDENCE_TEXT_MAX 200

/* The evidence's text, "" when it has none. */
static inline const char *cs_evidence_text(const struct cs_evidence *ev)
{
    return ev->text ? ev->text : "";
}

/* Same text (often the very same rule of the input, Borrowed by many agents' evidence). */
static inline bool cs_evidence_text_eq(const struct cs_evidence *a, const struct cs_evidence *b)
{
    return a->text == b->text || strcmp(cs_evidence_text(a), cs_evidence_text(b)) == 0;
}

struct cs_agent_result {
    const char *token; /* Borrowed from the input */
    unsigned purposes;
    bool extra; /* not queried: named by a fact (only facts are judged for it) */
    struct cs_evidence sig[CS_SIGNAL__COUNT];
    struct cs_evidence robots_strict; /* robots.txt under the strict RFC 9309 reading */
};

struct cs_purpose_result {
    enum cs_stance stance;
    char reason[160];  /* for UNKNOWN: why; else "" */
    size_t considered; /* agents whose class covers the purpose */
    size_t reserved;   /* of those, refused */
};

enum { CS_READING_LENIENT = 0, CS_READING_STRICT = 1, CS_READING__COUNT };

enum cs_conflict_kind {
    CS_CONFLICT_ALLOW_DISALLOW, /* one signal reserves what another explicitly allows */
    CS_CONFLICT_HEADER_PAGE,    /* the response header reserves; the page's metas say nothing */
    CS_CONFLICT_SUPERSEDED,     /* inside TDMRep, a later technique overrode an earlier value */
};

struct cs_conflict {
    enum cs_conflict_kind kind;
    unsigned purposes;    /* purposes affected */
    enum cs_signal deny;  /* the reserving signal */
    enum cs_signal other; /* the allowing or silent one (== deny for SUPERSEDED) */
    const char *agent;    /* Borrowed: an agent it was seen for; NULL when for every agent */
    size_t agents;        /* how many agents it was seen for */
    char text[240];       /* both sides, as read */
};

struct cs_verdict {
    struct cs_agent_result *agents; /* owned array, agent_count entries: the queried agents in
                                       input order, then the extra ones */
    size_t agent_count;
    struct cs_conflict *conflicts; /* owned array, lenient reading */
    size_t conflict_count;
    struct cs_verdict_text *texts; /* owned: evidence texts made here (a list) */
    struct cs_purpose_result purposes[CS_READING__COUNT][CS_PURPOSE__COUNT];
};

/* Judges in. Returns CS_OK with *out Returns owned (free with cs_verdict_free), CS_E_INVALID
 * (NULL input, or robots NULL with CS_RS_OK) or CS_E_NOMEM. */
CS_MUST_CHECK int cs_verdict_eval(const struct cs_verdict_input *in, struct cs_verdict **out);

void cs_verdict_free(struct cs_verdict *v);

/* True when a and b are the same reading (family, purposes, line, source, text), told apart only
 * by the agent they address: reports list such readings once with their agents. */
bool cs_verdict_fact_same(const struct cs_verdict_fact *a, const struct cs_verdict_fact *b);

/* "allow-vs-disallow", "header-vs-page", "superseded" (static). */
const char *cs_conflict_kind_name(enum cs_conflict_kind k);

/* True when some purpose in mask is DISALLOW_FULL or _PARTIAL under the lenient reading. */
bool cs_verdict_flagged(const struct cs_verdict *v, unsigned purpose_mask);

/* True when some purpose in mask is UNKNOWN under the lenient reading. */
bool cs_verdict_unknown(const struct cs_verdict *v, unsigned purpose_mask);

/* Bits of purposes each directive reserves (signals.md 12.2), e.g. noai -> TRAIN_GENAI,
 * TRAIN_ML, TDM. is_image: the work is an image (noimageai applies); broad: 12.2's "D*" reading,
 * where noai covers AI_INPUT too. */
unsigned cs_verdict_directive_purposes(unsigned xr_flags, bool is_image, bool broad);

#endif
