/* SPDX-License-Identifier: MIT
 * compat.h - compatibility readings: what other tools say for the same inputs, so consentscan's
 * results compare with published studies and datasets. Each function reproduces one tool's
 * rule as signals.md describes it, quirks included; none of them is consentscan's own reading
 * (xrobots.h, robots.h, verdict.h).
 *  - img2dataset's X-Robots-Tag check (signals.md 4.4);
 *  - datadiligence's XRobotsTagHeader (4.3) and TDMRepHeader (3.9) rules;
 *  - the Data Provenance Initiative's per-agent robots.txt classifier (11.2, 11.4).
 *
 * Pure functions of their arguments: no I/O, no globals; thread-safe. Strings are Borrowed for
 * the duration of the call.
 */
#ifndef CS_COMPAT_H
#define CS_COMPAT_H

#include "cs_setup.h"
#include "robots.h"
#include "xrobots.h"

/* --- img2dataset `is_disallowed` (signals.md 4.4) -------------------------------------------
 * Every X-Robots-Tag field is read alone, lower-cased and split at its first ':' only: the part
 * before it (lower-cased, not trimmed) is an agent token that must equal token exactly; the
 * part after it (or the whole field) is split on ',' and each directive trimmed. A field
 * refuses when it applies and one directive is in set. So "otherbot: noindex, noai" is scoped
 * correctly, but "max-snippet:50, noai", "noindex, unavailable_after: ..." and
 * "img2dataset : noai" never refuse (their prefix is no configured token). */

/* img2dataset's default disallowed set: noai, noimageai, noindex, noimageindex. */
#define CS_I2D_DEFAULT_SET (CS_XR_NOAI | CS_XR_NOIMAGEAI | CS_XR_NOINDEX | CS_XR_NOIMAGEINDEX)

/* True when img2dataset would skip the resource. xrt_values: the n X-Robots-Tag field values
 * (NULL entries skipped). token: the configured user-agent token (NULL = none, so prefixed
 * fields never apply). set: cs_xr_directive bits that refuse; 0 disables the check. */
bool cs_compat_img2dataset(const char *const *xrt_values, size_t n, const char *token,
                           unsigned set);

/* --- datadiligence (signals.md 4.3, 3.9) ---------------------------------------------------
 * XRobotsTagHeader: one header value, split on ','; each piece trimmed and compared
 * case-sensitively with noai / noimageai (and noindex, none, noimageindex when
 * respect_noindex); with a user agent set, a piece that splits on ':' into exactly two parts
 * whose left part (trimmed) equals it case-sensitively and whose right part (trimmed) is such
 * a value refuses too. "NoAI" is ignored; "otherbot: noindex, noai" refuses for everyone.
 * TDMRepHeader: the tdm-reservation value trimmed must be exactly "1".
 * Which value is read when a header is repeated depends on the caller's header container. */

enum cs_dd_container {
    CS_DD_JOINED = 0, /* requests: repeated fields joined with ", " */
    CS_DD_FIRST,      /* http.client HTTPMessage.get: the first field */
    CS_DD_LAST        /* a dict built from (name, value) tuples: the last field */
};

struct cs_dd_opts {
    const char *user_agent; /* NULL = no agent configured */
    bool respect_noindex;   /* datadiligence's default: false */
    enum cs_dd_container container;
};

/* Per-rule results: true = the rule says "not allowed". */
struct cs_compat_dd {
    bool xrobots; /* XRobotsTagHeader */
    bool tdmrep;  /* TDMRepHeader */
};

/* Evaluates one header value (NULL or empty = header absent: allowed). */
bool cs_compat_dd_xrobots(const char *value, const char *user_agent, bool respect_noindex);
bool cs_compat_dd_tdmrep(const char *value);

/* Evaluates the X-Robots-Tag fields (nx values) and tdm-reservation fields (nt values) as
 * datadiligence would see them through opts->container; opts NULL = defaults. Fills *out. */
void cs_compat_dd(const char *const *xrt, size_t nx, const char *const *tdm, size_t nt,
                  const struct cs_dd_opts *opts, struct cs_compat_dd *out);

/* datadiligence's C2PA rule (signals.md 9.2): only label "c2pa.training-mining", only its four
 * entries c2pa.data_mining, c2pa.ai_inference, c2pa.ai_generative_training, c2pa.ai_training,
 * and only use == "notAllowed" (case-sensitive) refuses; "constrained" and cawg.* labels are
 * ignored. The caller extracts the entries of the active manifest (datadiligence reads no
 * other) and passes none when reading failed (datadiligence: any error -> allowed). */
struct cs_dd_c2pa_entry {
    const char *label; /* the assertion's label, e.g. "c2pa.training-mining" */
    const char *entry; /* the entry's key, e.g. "c2pa.ai_training" */
    const char *use;   /* its "use" value as written */
};

/* True when datadiligence's C2PA rule says "not allowed". NULL fields never match. */
bool cs_compat_dd_c2pa(const struct cs_dd_c2pa_entry *entries, size_t n);

/* --- Data Provenance Initiative, "Consent in Crisis" (signals.md 11.2, 11.4) ----------------
 * Per agent: Allow and Disallow values containing '?' are dropped; "none" when no Disallow
 * remains, or the only one is empty, or the Allow list equals the Disallow list (in order);
 * "all" when some Disallow is exactly "/" and no Allow remains; "some" otherwise (so a
 * Disallow of "/" then "*", or "/" beside any Allow, is "some"). An agent without rules of its own
 * inherits the "*" judgement; no robots.txt is "no_robots". Agent names are whole User-agent values
 * compared case-insensitively (the paper's callers compensate for the case-sensitive lookup).
 * Grouping: the classifier's own parser at ce6662d (2025), whose quirk is that consecutive
 * User-agent lines share the rules only until the file's first Allow/Disallow; after it every
 * User-agent line starts a group of its own, so in a later stacked block only the last agent
 * gets the rules. Lines count when they start with "user-agent:", "allow:" or "disallow:"
 * (case-insensitive, no space before the colon). CS_DPI_GROUPING_RFC instead takes the RFC 9309
 * groups of the lenient reading (robots.h): the classifier's rule on a conformant parse. */

/* Ordered: a larger value is stricter, so an organisation's status is the maximum. */
enum cs_dpi_class {
    CS_DPI_UNKNOWN = 0, /* out of memory or a NULL agent: no judgement */
    CS_DPI_NO_ROBOTS,   /* no robots.txt */
    CS_DPI_NONE,
    CS_DPI_SOME,
    CS_DPI_ALL
};

enum cs_dpi_grouping { CS_DPI_GROUPING_DPI = 0, CS_DPI_GROUPING_RFC };

/* Returns DPI's label for agent; r NULL = no robots.txt (signals.md vector K9). */
enum cs_dpi_class cs_compat_dpi(const struct cs_robots *r, const char *agent);

/* The same under a chosen grouping. */
enum cs_dpi_class cs_compat_dpi_grouping(const struct cs_robots *r, const char *agent,
                                         enum cs_dpi_grouping grouping);

/* An organisation's status: the strictest label of its n agents (all > some > none >
 * no_robots). */
enum cs_dpi_class cs_compat_dpi_org(const struct cs_robots *r, const char *const *agents, size_t n);

/* Returns DPI's name of a label: "all", "some", "none", "no_robots"; "unknown". Static. */
const char *cs_dpi_class_name(enum cs_dpi_class c);

#endif
