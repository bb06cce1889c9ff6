/* SPDX-License-Identifier: MIT
 * aipref.h - the IETF AIPREF vocabulary read from a Structured Field Dictionary, such as the
 * Content-Usage response header (signals.md 6.2-6.4) or a robots.txt Content-Usage preference
 * (6.5). Facts only: which category label says allow / disallow / unknown, and why; mapping
 * labels to consentscan's purposes is the verdict's business, not this module's.
 *
 * Two readings, kept apart so a caller can tell them from each other (signals.md 12.3 #11):
 * - current (vocab-07, 6.3): only `train-ai` and `search` are defined; a member whose value is the
 *   Token y is allow, the Token n disallow, anything else (absent, Boolean, String, Integer, an
 *   inner list, another Token such as `yes`) unknown; parameters and unknown keys are ignored; no
 *   inheritance. Legacy labels are always unknown in this reading.
 * - legacy (vocab-01..04, 6.1): every label ever defined, the same y/n rule, and the older
 *   drafts' nesting: a label without its own y/n takes the value of the nearest more general
 *   label that has one (train-genai < train-ai < bots/all; search < ai-output < bots, and
 *   search < all, tdm; genai < ai < tdm; inference < tdm; ai-use < all). An explicit value on
 *   the specific label wins. Where drafts nest a label differently the later draft's parent is
 *   nearer. The meaning of `train-ai` changed while its name did not (12.3 #12):
 *   cs_aipref_label_drafts() says which drafts define each label.
 * A Dictionary that fails to parse (e.g. `Train-AI=n`, a trailing comma) leaves everything unknown
 * in both readings, with the parser's message as the reason. Duplicate keys: the last value wins
 * (RFC 9651); several field lines are combined into one value first (6.4, vector P9), so
 * `train-ai=n` then `train-ai=y` reads allow. cs_aipref_read_each() is the other choice: every
 * line a statement of its own, combined most-restrictively (6.2), conflicts flagged.
 *
 * Pure and reentrant; a filled struct cs_aipref owns nothing (copy it freely).
 */
#ifndef CS_AIPREF_H
#define CS_AIPREF_H

#include "cs_err.h"
#include "cs_setup.h"
#include "sf.h"

/* The drafts this reading follows (signals.md 6, 12.3 #12): store them beside a verdict, since
 * `train-ai` meant any model training in vocab-02/03 and generative-model training from -06. */
#define CS_AIPREF_VOCAB  "draft-ietf-aipref-vocab-07"
#define CS_AIPREF_ATTACH "draft-ietf-aipref-attach-05"

/* Every category label of vocab-01..07 (signals.md 6.1); iterate 0 .. CS_AIPREF__COUNT - 1. */
enum cs_aipref_label {
    CS_AIPREF_TRAIN_AI,    /* train-ai: vocab-02..07 (current) */
    CS_AIPREF_SEARCH,      /* search: vocab-01..07 (current) */
    CS_AIPREF_TDM,         /* tdm: vocab-01 */
    CS_AIPREF_AI,          /* ai: vocab-01 */
    CS_AIPREF_GENAI,       /* genai: vocab-01 */
    CS_AIPREF_INFERENCE,   /* inference: vocab-01 */
    CS_AIPREF_ALL,         /* all: vocab-02 */
    CS_AIPREF_TRAIN_GENAI, /* train-genai: vocab-02, -03 */
    CS_AIPREF_AI_USE,      /* ai-use: vocab-02 */
    CS_AIPREF_BOTS,        /* bots: vocab-03, -04 */
    CS_AIPREF_AI_OUTPUT,   /* ai-output: vocab-04 */
    CS_AIPREF__COUNT
};

enum cs_aipref_state { CS_AIPREF_UNKNOWN = 0, CS_AIPREF_ALLOW, CS_AIPREF_DISALLOW };

/* One label's value in one reading. */
struct cs_aipref_value {
    enum cs_aipref_state state;
    bool stated; /* the label itself carried y or n; false: inherited (from != label) or unknown */
    int from;    /* the label (enum cs_aipref_label) whose y/n gave state; -1 when unknown */
};

struct cs_aipref_cat {
    struct cs_aipref_value current; /* vocab-07 reading */
    struct cs_aipref_value legacy;  /* vocab-01..04 reading with inheritance */
    bool legacy_label;              /* vocab-07 no longer defines the label */
    bool present;                   /* the key is in the Dictionary, whatever its value */
    bool conflict; /* cs_aipref_merge met allow and disallow for this label (either reading) */
};

struct cs_aipref {
    struct cs_aipref_cat cat[CS_AIPREF__COUNT]; /* indexed by enum cs_aipref_label */
    bool legacy_stated;                         /* some legacy label carried y or n */
    bool parse_error; /* a Dictionary failed to parse: its statement is all unknown */
    char error[160];  /* that failure ("" when none), e.g. "key must start with ..." */
};

/* Reads the n field lines (C strings; lines may be NULL when n is 0) of one Content-Usage field:
 * combined with ", " and parsed as a Dictionary (RFC 9651 4.2), then both readings. No lines:
 * everything unknown. Returns CS_OK (a parse failure too: see out->parse_error) or CS_E_NOMEM. */
CS_MUST_CHECK int cs_aipref_read(const char *const *lines, size_t n, struct cs_aipref *out);

/* Like cs_aipref_read, but each line is a statement of its own and the statements are merged
 * with cs_aipref_merge (signals.md 6.2, 6.4 "decide explicitly"; P9's conservative reading).
 * Returns CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_aipref_read_each(const char *const *lines, size_t n, struct cs_aipref *out);

/* Both readings of an already parsed Dictionary (Borrowed); a field of another kind reads as
 * no statement. */
void cs_aipref_from_field(const struct cs_sf_field *dict, struct cs_aipref *out);

/* Signals.md 6.2: any disallow -> disallow; else any allow -> allow; else unknown. */
enum cs_aipref_state cs_aipref_combine(const enum cs_aipref_state *states, size_t n);

/* Merges statement other into acc label by label and reading by reading per 6.2 (the winning
 * statement's evidence is kept; conflict set where allow met disallow); parse_error and error
 * keep the first failure. acc starts from cs_aipref_init or a read. */
void cs_aipref_merge(struct cs_aipref *acc, const struct cs_aipref *other);

/* Empties a: everything unknown, no error (the reading of no statement). */
void cs_aipref_init(struct cs_aipref *a);

/* Static names: "train-ai", ...; "allow", "disallow", "unknown"; the drafts defining a label
 * ("vocab-02..07"). "?" when out of range. */
const char *cs_aipref_label_name(int label);
const char *cs_aipref_state_name(enum cs_aipref_state state);
const char *cs_aipref_label_drafts(int label);

/* The label spelled name (case-sensitive, signals.md 6.3), or -1. */
int cs_aipref_label_from_name(const char *name);

/* True for the labels vocab-07 no longer defines (everything but train-ai and search). */
bool cs_aipref_label_is_legacy(int label);

#endif
