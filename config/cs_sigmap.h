/* SPDX-License-Identifier: MIT
 * cs_sigmap.h - the purpose map (signals.md 12.2) as data: which purposes each value of each
 * opt-out signal reserves or explicitly allows, with a one-line basis per row, so that verdict
 * code never carries per-signal `if`s. Values are the labels the signal readers produce
 * ("1" for tdm-reservation, "train-ai=n" for AIPREF, "prohibits:ai-train" for RSL, ...).
 *
 * Constant data; every function is pure and thread-safe.
 */
#ifndef CS_SIGMAP_H
#define CS_SIGMAP_H

#include "cs_setup.h"
#include "signals.h"

/* Rows marked BROAD ("D*" in 12.2) reserve AI_INPUT too only under the broad reading: TDM and
 * noai are read as covering inference-time mining only when the user asks (--broad-tdm). */
#define CS_SIGMAP_BROAD 1u
/* The mapping is reported but unverified and off unless the user turns it on (4.6: Amazon's
 * reported reading of noarchive). */
#define CS_SIGMAP_UNVERIFIED 2u

struct cs_sigmap_row {
    enum cs_signal signal;
    const char *value; /* the label, compared case-sensitively */
    unsigned deny;     /* purposes reserved (1u << enum cs_purpose) */
    unsigned allow;    /* purposes explicitly allowed */
    unsigned flags;    /* CS_SIGMAP_* */
    const char *basis; /* one line: why, with the spec section */
};

/* Returns the row of (signal, value), or NULL when the value maps to no purpose. */
const struct cs_sigmap_row *cs_sigmap_find(enum cs_signal signal, const char *value);

/* The purposes value reserves (*deny) and explicitly allows (*allow); broad: the D* reading.
 * Returns false (both 0) for an unmapped value. */
bool cs_sigmap_purposes(enum cs_signal signal, const char *value, bool broad, unsigned *deny,
                        unsigned *allow);

/* The table, for `consentscan signals --map` and its test. */
size_t cs_sigmap_count(void);
const struct cs_sigmap_row *cs_sigmap_get(size_t i);

#endif
