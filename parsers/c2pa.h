/* SPDX-License-Identifier: MIT
 * c2pa.h - a C2PA manifest store in the first bytes of a file, and the training-and-data-mining
 * assertion of its active manifest (signals.md 9.2; decisions 12.3 #19).
 *
 * Where the store is looked for: JPEG APP11 segments ("JP", reassembled by box instance), the
 * PNG caBX chunk, else any JUMBF superbox ("jumb") in the bytes whose description box ("jumd")
 * is labelled "c2pa" (a sidecar .c2pa, a BMFF uuid box, a WebP chunk, an uncompressed PDF
 * stream). The active manifest is the last one of the store. Its assertion labelled
 * cawg.training-mining or the legacy c2pa.training-mining (with or without an "__N" instance
 * suffix) is read from its CBOR content box (a bounded, non-recursive CBOR reader: definite
 * lengths only, which C2PA's deterministic CBOR requires) or JSON content box (jansson). Both
 * spellings constraint_info / constraints_info and entries with or without the "entries"
 * wrapper are accepted (signals.md 9.2).
 *
 * Out of scope: claim signatures are never validated, so every result is "signed: unverified"
 * (12.3 #19); hashes and ingredients are not checked. Pure and reentrant. Caps: the input is the
 * caller's buffer (a Range GET prefix); CS_C2PA_MAX_ENTRIES entries, CS_C2PA_MAX_BOXES boxes
 * walked, values cut to CS_C2PA_MAX_VALUE bytes.
 */
#ifndef CS_C2PA_H
#define CS_C2PA_H

#include "cs_err.h"
#include "cs_setup.h"

#define CS_C2PA_MAX_ENTRIES 16
#define CS_C2PA_MAX_BOXES   4096
#define CS_C2PA_MAX_VALUE   1024

enum cs_c2pa_use {
    CS_C2PA_USE_MISSING = 0, /* the entry has no "use" text */
    CS_C2PA_USE_ALLOWED,
    CS_C2PA_USE_NOT_ALLOWED,
    CS_C2PA_USE_CONSTRAINED, /* CAWG 1.1: without more information, read as notAllowed */
    CS_C2PA_USE_OTHER
};

struct cs_c2pa_entry {
    char *name; /* owned: the key as written ("cawg.ai_training") */
    enum cs_c2pa_use use;
    char *use_raw;         /* owned: "use" as written; NULL when missing */
    char *constraint_info; /* owned; NULL when absent */
    bool plural_spelling;  /* it was spelled constraints_info */
};

struct cs_c2pa {
    bool present;              /* a C2PA manifest store was found */
    bool read;                 /* a training-mining assertion of the active manifest was read */
    bool truncated;            /* the store runs past the end of the buffer */
    const char *carrier;       /* Borrowed static: "jpeg-app11", "png-cabx", "jumbf"; NULL */
    const char *unread_reason; /* Borrowed static: why present && !read; NULL otherwise */
    const char *label;         /* Borrowed static: the assertion label read; NULL */
    bool legacy_label;         /* label is c2pa.training-mining (C2PA 1.x) */
    size_t manifests;          /* manifests in the store */
    const char *signature;     /* Borrowed static: always "unverified" when present */
    struct cs_c2pa_entry entries[CS_C2PA_MAX_ENTRIES];
    size_t entry_count;
};

/* Scans len bytes for a manifest store and reads the assertion. Returns CS_OK with *out filled
 * (release with cs_c2pa_release, also after an error) or CS_E_NOMEM; malformed bytes are
 * CS_OK with present set or not and an unread_reason. */
CS_MUST_CHECK int cs_c2pa_scan(const unsigned char *buf, size_t len, struct cs_c2pa *out);

void cs_c2pa_release(struct cs_c2pa *c);

/* "allowed", "notAllowed", "constrained", "other", "missing". */
const char *cs_c2pa_use_name(enum cs_c2pa_use u);

/* The entry kind after its prefix ("ai_training" for "cawg.ai_training"). Borrowed from name. */
const char *cs_c2pa_entry_kind(const struct cs_c2pa_entry *e);

/* ---- the CBOR reader, exposed for its fuzz harness and tests ---------------------------- */

/* Reads a training-mining assertion's CBOR (len bytes) into out's entries. Returns CS_OK,
 * CS_E_PARSE (malformed, truncated, indefinite lengths; out->unread_reason says which) or
 * CS_E_NOMEM. */
CS_MUST_CHECK int cs_c2pa_read_cbor(const unsigned char *p, size_t len, struct cs_c2pa *out);

#endif
