/* SPDX-License-Identifier: MIT
 * sf.h - RFC 9651 Structured Field Values: the parsing algorithms of RFC 9651 4.2 for a List,
 * a Dictionary or an Item with every bare item type (Integer, Decimal, String, Token, Byte
 * Sequence, Boolean, Date, Display String), parameters and inner lists. AIPREF's Content-Usage
 * is a Dictionary (signals.md 6.3, 6.4; parsers/aipref.h reads it). Hand-written because no
 * library at hand parses Structured Fields; fuzzed (tests/fuzz/fuzz_sf.c).
 *
 * Reading (RFC 9651 4.2): the field lines are combined with ", " into one value, which must be
 * ASCII; leading and trailing SP are discarded (SP only: a leading HTAB fails); OWS (SP/HTAB) is
 * allowed around the commas of a List or Dictionary; a duplicate Dictionary key or parameter key
 * overwrites the earlier value but keeps the earlier position (an ordered map); keys are
 * lcalpha or '*', then lcalpha, DIGIT, '_', '-', '.', '*'. An Integer has at most 15 digits, a
 * Decimal at most 12 integer and 3 fractional digits. Byte Sequences are decoded leniently as
 * RFC 9651 4.2.7 recommends: missing '=' padding and non-zero pad bits are accepted.
 *
 * Caps (beyond them parsing fails with CS_E_LIMIT): CS_SF_MAX_INPUT bytes of combined value,
 * CS_SF_MAX_MEMBERS List or Dictionary members, CS_SF_MAX_INNER items per inner list and
 * CS_SF_MAX_PARAMS parameters per item or inner list: RFC 9651 3.1's minimum supported sizes.
 *
 * Pure and reentrant; a parsed struct cs_sf_field is read-only (shareable) after parsing.
 */
#ifndef CS_SF_H
#define CS_SF_H

#include "cs_err.h"
#include "cs_setup.h"

#define CS_SF_MAX_INPUT   65536 /* bytes of the combined field value */
#define CS_SF_MAX_MEMBERS 1024  /* List / Dictionary members (RFC 9651 3.1, 3.2) */
#define CS_SF_MAX_INNER   256   /* items of one inner list (RFC 9651 3.1.1) */
#define CS_SF_MAX_PARAMS  256   /* parameters of one item or inner list (RFC 9651 3.1.2) */

/* The three top-level types; the caller knows which one a field is (RFC 9651 4.2). */
enum cs_sf_kind { CS_SF_LIST, CS_SF_DICTIONARY, CS_SF_ITEM };

enum cs_sf_type {
    CS_SF_INTEGER, /* integer */
    CS_SF_DECIMAL, /* milli: the value times 1000 */
    CS_SF_STRING,  /* str/len: the unescaped characters */
    CS_SF_TOKEN,   /* str/len */
    CS_SF_BINARY,  /* str/len: the decoded bytes (may hold NULs) */
    CS_SF_BOOLEAN, /* integer: 0 or 1 */
    CS_SF_DATE,    /* integer: seconds since the epoch */
    CS_SF_DISPLAY  /* str/len: the decoded UTF-8 (may hold NULs) */
};

struct cs_sf_bare {
    enum cs_sf_type type;
    int64_t integer; /* Integer, Boolean, Date */
    int64_t milli;   /* Decimal: exact, |milli| < 10^15 */
    char *str;       /* owned, NUL-terminated; NULL for numeric types */
    size_t len;      /* bytes of str, excluding the NUL */
};

struct cs_sf_param {
    char *key; /* owned */
    struct cs_sf_bare value;
};

struct cs_sf_params {
    struct cs_sf_param *v; /* owned array, in first-seen key order */
    size_t count;
};

/* An Item: a bare item and its parameters. */
struct cs_sf_item {
    struct cs_sf_bare bare;
    struct cs_sf_params params;
};

/* A List member, a Dictionary member or the one Item of an Item field. */
struct cs_sf_member {
    char *key;                  /* owned; Dictionary only, NULL otherwise */
    bool inner;                 /* true: an inner list (items), false: an Item (bare) */
    struct cs_sf_bare bare;     /* when !inner */
    struct cs_sf_item *items;   /* owned array when inner */
    size_t count;               /* items of the inner list */
    struct cs_sf_params params; /* of the Item or of the inner list */
};

struct cs_sf_field {
    enum cs_sf_kind kind;
    struct cs_sf_member *members; /* owned array; an Item field has exactly one */
    size_t count;
};

/* Parses the n field lines (lines[i] of lens[i] bytes, not NUL-terminated; lens NULL: each is a
 * C string) of one field as kind, combined with ", " (RFC 9651 4.2). n == 0 is an absent field:
 * an empty List or Dictionary, a failure for an Item. Returns CS_OK with *out filled (release
 * with cs_sf_field_release); CS_E_PARSE or CS_E_LIMIT with *out empty and, when diag is not
 * NULL, diag->msg saying what failed and where ("key must start with a lowercase letter or '*'
 * at offset 9", offset 0-based in the combined value); CS_E_NOMEM. */
CS_MUST_CHECK int cs_sf_parse_lines(const char *const *lines, const size_t *lens, size_t n,
                                    enum cs_sf_kind kind, struct cs_sf_field *out,
                                    struct cs_diag *diag);

/* cs_sf_parse_lines with one field line of len bytes (value may be NULL when len is 0). */
CS_MUST_CHECK int cs_sf_parse(const char *value, size_t len, enum cs_sf_kind kind,
                              struct cs_sf_field *out, struct cs_diag *diag);

/* Frees what f owns and leaves it empty; accepts an empty (zeroed) field. */
void cs_sf_field_release(struct cs_sf_field *f);

/* Returns the Dictionary member keyed key (Borrowed), or NULL. */
const struct cs_sf_member *cs_sf_dict_get(const struct cs_sf_field *f, const char *key);

/* Returns the value of parameter key (Borrowed), or NULL. */
const struct cs_sf_bare *cs_sf_param_get(const struct cs_sf_params *p, const char *key);

/* True when b is the Token tok (case-sensitive, RFC 9651 3.3.4). */
bool cs_sf_is_token(const struct cs_sf_bare *b, const char *tok);

/* Returns a static name of kind ("list", "dictionary", "item") or of type ("integer",
 * "decimal", "string", "token", "binary", "boolean", "date", "displaystring"). */
const char *cs_sf_kind_name(enum cs_sf_kind kind);
const char *cs_sf_type_name(enum cs_sf_type type);

/* The field in the JSON form of the HTTP WG structured-field tests: a Dictionary is
 * [[key, [value, params]], ...], a List [[value, params], ...], an Item [value, params]; params
 * [[key, value], ...]; an inner list's value [[value, params], ...]; Tokens, Byte Sequences
 * (base32, RFC 4648 with padding), Dates and Display Strings {"__type": ..., "value": ...};
 * Decimals JSON numbers. Returns CS_OK with *out owned (free()), compact, one line; CS_E_NOMEM. */
CS_MUST_CHECK int cs_sf_to_json(const struct cs_sf_field *f, char **out);

#endif
