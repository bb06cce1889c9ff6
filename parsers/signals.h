/* SPDX-License-Identifier: MIT
 * signals.h - the shared vocabulary of verdicts (signals.md 0.2, 12.2): purposes, stances and the
 * signal families that produce evidence. Plain enums and constant name tables; thread-safe.
 */
#ifndef CS_SIGNALS_H
#define CS_SIGNALS_H

#include "cs_setup.h"

/* What a use of a work is for (signals.md 0.2). */
enum cs_purpose {
    CS_PURPOSE_TRAIN_GENAI, /* training generative models */
    CS_PURPOSE_TRAIN_ML,    /* training other models: classifiers, embeddings */
    CS_PURPOSE_TDM,         /* any automated text and data mining */
    CS_PURPOSE_AI_INPUT,    /* retrieval, grounding, inference-time use */
    CS_PURPOSE_SEARCH,      /* search indexing */
    CS_PURPOSE__COUNT
};

/* The owner's stance on one purpose for one work. NO_SIGNAL means nothing was said either way,
 * which is not consent; UNKNOWN means a signal could not be read (a fetch or parse failure) and
 * always carries a reason. A failure is never a DISALLOW (signals.md 1.4, 12.3 #25). */
enum cs_stance {
    CS_STANCE_NO_SIGNAL,
    CS_STANCE_ALLOW_EXPLICIT,
    CS_STANCE_UNKNOWN,
    CS_STANCE_DISALLOW_PARTIAL, /* some of the purpose's agents only */
    CS_STANCE_DISALLOW_FULL,
    CS_STANCE__COUNT
};

/* Signal families (signals.md 0.1), in the evaluation order of 12.1: site, response, document,
 * file, registry. Stored reports carry the names, never the numbers. */
enum cs_signal {
    CS_SIGNAL_ROBOTS,         /* robots.txt groups for the agent */
    CS_SIGNAL_XROBOTS,        /* X-Robots-Tag response header */
    CS_SIGNAL_META_ROBOTS,    /* <meta name="robots"> and agent-named metas */
    CS_SIGNAL_TDMREP,         /* TDMRep, all techniques resolved by its own priority (3.6) */
    CS_SIGNAL_AITXT,          /* Spawning /ai.txt (5.1) */
    CS_SIGNAL_CONTENT_USAGE,  /* AIPREF Content-Usage response header (6.4) */
    CS_SIGNAL_ROBOTS_USAGE,   /* AIPREF Content-Usage rule in robots.txt (6.5) */
    CS_SIGNAL_CONTENT_SIGNAL, /* Cloudflare Content-Signal in robots.txt (7) */
    CS_SIGNAL_RSL,            /* RSL licence terms (8) */
    CS_SIGNAL_BING,           /* noarchive / nocache as Microsoft's training reservation (4.6) */
    CS_SIGNAL_IPTC,           /* IPTC plus:DataMining in embedded XMP (9.1) */
    CS_SIGNAL_C2PA,           /* C2PA / CAWG training-and-data-mining assertion (9.2) */
    CS_SIGNAL_REGISTRY,       /* Spawning Do-Not-Train registry (5.2) */
    CS_SIGNAL__COUNT
};

/* Returns the upper-case name ("TRAIN_GENAI"), or NULL when p is out of range. */
const char *cs_purpose_name(enum cs_purpose p);

/* Parses a purpose name, case-insensitively. Returns CS_OK or CS_E_INVALID. */
int cs_purpose_parse(const char *name, enum cs_purpose *out);

/* Returns "DISALLOW_FULL", "NO_SIGNAL", ...; NULL when out of range. */
const char *cs_stance_name(enum cs_stance s);

/* Returns the signal's short name ("robots.txt", "x-robots-tag", "meta-robots", "tdmrep", ...). */
const char *cs_signal_name(enum cs_signal s);

#endif
