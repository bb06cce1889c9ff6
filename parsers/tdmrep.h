/* SPDX-License-Identifier: MIT
 * tdmrep.h - the TDM Reservation Protocol (signals.md 3): the four techniques that carry
 * tdm-reservation / tdm-policy, their resolution by processing priority (3.6), and the summary
 * of an ODRL TDM policy (3.7). Pure: bytes in, structs out.
 *
 * Readings (signals.md 3.1, 12.3 #7-10):
 *  - tdm-reservation is 1 or 0 (JSON integer, or the strings "1"/"0"; a header or meta value
 *    is trimmed first). Anything else is a protocol error: the property is unset, with a
 *    diagnostic, never a reservation.
 *  - tdmrep.json is an array of rules; the FIRST rule (array order) whose "location" pattern
 *    (robots.txt syntax: '*', '$', case-sensitive, percent-normalised) matches the path
 *    decides, not the longest one. A first-matching rule with an invalid value yields unset.
 *  - Priority: file < header < HTML < embedded; an absent (or invalid) property never resets
 *    the one inherited from a lower technique; tdm-policy is ignored when the reservation is 0.
 *
 * Limits: tdmrep.json above CS_TDMREP_MAX_FILE bytes is rejected before parsing (CS_E_LIMIT,
 * diagnostic: the caller reports UNKNOWN); at most CS_TDMREP_MAX_RULES rules are read;
 * extraction inputs above CS_TDMREP_MAX_DOC bytes are rejected; policy URLs longer than
 * CS_TDMREP_MAX_URL bytes are dropped (diagnostic); a policy document above
 * CS_TDMREP_MAX_FILE bytes is rejected.
 *
 * The XML/HTML readers use libxml2 without network or entity loading; the caller must have
 * called cs_htmlmeta_global_init() once before threads start. Every function is then
 * reentrant; parsed structs are immutable and may be shared between threads.
 */
#ifndef CS_TDMREP_H
#define CS_TDMREP_H

#include "cs_err.h"
#include "cs_setup.h"

#define CS_TDMREP_MAX_FILE  (1024 * 1024)     /* tdmrep.json and policy documents */
#define CS_TDMREP_MAX_RULES 10000             /* rules read from one tdmrep.json */
#define CS_TDMREP_MAX_DOC   (8 * 1024 * 1024) /* header dump / HTML / OPF / XMP input */
#define CS_TDMREP_MAX_URL   4096              /* a tdm-policy value */
#define CS_TDMREP_MAX_DIAGS 16                /* kept per cs_tdm_diags; later ones counted */

/* Techniques in increasing priority (signals.md 3.6). */
enum cs_tdm_technique {
    CS_TDM_NONE = 0,
    CS_TDM_FILE,    /* /.well-known/tdmrep.json (3.2) */
    CS_TDM_HEADER,  /* tdm-reservation / tdm-policy response headers (3.3) */
    CS_TDM_HTML,    /* <meta name="tdm-reservation|tdm-policy"> (3.4) */
    CS_TDM_EMBEDDED /* EPUB OPF or XMP metadata (3.5) */
};

/* Returns "file", "header", "html", "embedded" or "none" (static). */
const char *cs_tdm_technique_name(enum cs_tdm_technique t);

/* Diagnostics collected by the functions below (each protocol error, ignored value, cap). */
struct cs_tdm_diags {
    struct cs_diag d[CS_TDMREP_MAX_DIAGS];
    size_t count;   /* entries used in d */
    size_t dropped; /* diagnostics beyond the cap, counted only */
};

/* What one technique says. Initialise with cs_tdm_signal_init; release with
 * cs_tdm_signal_release. */
struct cs_tdm_signal {
    int reservation; /* -1 unset (absent or invalid), 0 or 1 */
    char *policy;    /* owned; NULL when absent */
    int where;       /* file: index of the deciding rule (-1 none); else the source line or 0 */
};

void cs_tdm_signal_init(struct cs_tdm_signal *s);
void cs_tdm_signal_release(struct cs_tdm_signal *s);

/* Reads a tdm-reservation value: len bytes, trimmed of spaces/tabs/CR/LF; "1" -> 1, "0" -> 0,
 * anything else -> -1. */
int cs_tdmrep_value(const char *v, size_t len);

/* ---- Technique 1: tdmrep.json ---- */

struct cs_tdm_rule {
    size_t index;    /* position in the file's array (skipped entries counted) */
    char *location;  /* owned, as written */
    int reservation; /* -1 when the value was not 1/0 (diagnostic) */
    char *policy;    /* owned or NULL */
};

struct cs_tdmrep_file {
    struct cs_tdm_rule *rules; /* owned array, file order; rules without a usable location
                                  are left out (diagnostic) */
    size_t count;
};

/* Parses len bytes of tdmrep.json. Returns CS_OK with *out Returns owned (free with
 * cs_tdmrep_file_free); CS_E_LIMIT (len > CS_TDMREP_MAX_FILE, nothing parsed), CS_E_PARSE (not
 * JSON, or not an array: malformed, signals.md 3.10 D7) or CS_E_NOMEM with *out NULL. Every
 * error and every tolerated problem adds a diagnostic to d (may be NULL). */
CS_MUST_CHECK int cs_tdmrep_file_parse(const char *buf, size_t len, struct cs_tdmrep_file **out,
                                       struct cs_tdm_diags *d);

void cs_tdmrep_file_free(struct cs_tdmrep_file *f);

/* Applies the first rule of f whose location matches path (path and query, len bytes) to out
 * (released first): out->where = the rule's array index or -1 when no rule matches (unset). f may
 * be NULL (no file: unset). Returns CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_tdmrep_file_match(const struct cs_tdmrep_file *f, const char *path, size_t len,
                                       struct cs_tdm_signal *out);

/* ---- Techniques 2-4 ---- */

/* Adds one response header field to s: name is compared case-insensitively with
 * "tdm-reservation" and "tdm-policy" (other names are ignored, CS_OK); the value is trimmed.
 * An invalid reservation adds a diagnostic and leaves s unchanged; a repeated field keeps the
 * first value (diagnostic). line goes to s->where. Returns CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_tdmrep_header(struct cs_tdm_signal *s, const char *name, const char *value,
                                   size_t len, int line, struct cs_tdm_diags *d);

/* Reads a header dump ("Name: value" lines, CRLF or LF) into s. An HTTP status line starts a
 * response (s is reset: the last response of a redirect chain counts); a blank line ends its
 * fields (the body is not read); folded continuation lines are ignored. Returns CS_OK,
 * CS_E_LIMIT or CS_E_NOMEM. */
CS_MUST_CHECK int cs_tdmrep_headers(const char *buf, size_t len, struct cs_tdm_signal *s,
                                    struct cs_tdm_diags *d);

/* Reads <meta name="tdm-reservation"> / <meta name="tdm-policy"> of an HTML document (the
 * first of each counts; htmlmeta.h). Returns CS_OK (nothing found included), CS_E_LIMIT or
 * CS_E_NOMEM. */
CS_MUST_CHECK int cs_tdmrep_html(const char *buf, size_t len, struct cs_tdm_signal *s,
                                 struct cs_tdm_diags *d);

/* Reads tdm:reservation / tdm:policy from XML metadata: an EPUB 2 OPF <meta name= content=>,
 * an EPUB 3 OPF <meta property=>value</meta>, or XMP (element or RDF attribute form) in either
 * namespace http://www.w3.org/ns/tdmrep/ or http://www.w3.org/ns/tdmrep# (12.3 #9). Returns
 * CS_OK (nothing found included), CS_E_PARSE (not XML), CS_E_LIMIT or CS_E_NOMEM. */
CS_MUST_CHECK int cs_tdmrep_xml(const char *buf, size_t len, struct cs_tdm_signal *s,
                                struct cs_tdm_diags *d);

/* Sniffs buf and reads it with the matching function above: a status line or "Name:" first
 * -> header dump; '<' first and an XML declaration, "<?xpacket" or "xmlns" in the first KiB
 * (without "<html") -> XML; an "<x:xmpmeta>" packet inside other bytes -> XML; else HTML; *kind
 * receives CS_TDM_HEADER, CS_TDM_HTML or CS_TDM_EMBEDDED. Returns as they do. */
CS_MUST_CHECK int cs_tdmrep_extract(const char *buf, size_t len, enum cs_tdm_technique *kind,
                                    struct cs_tdm_signal *s, struct cs_tdm_diags *d);

/* ---- Processing priority (signals.md 3.6) ---- */

struct cs_tdm_result {
    int reservation;                        /* -1 unset, 0, 1 */
    char *policy;                           /* owned copy, NULL when none or ignored */
    enum cs_tdm_technique technique;        /* technique that set reservation */
    enum cs_tdm_technique policy_technique; /* technique that set policy */
    bool policy_ignored;                    /* a policy was present but reservation is 0 (D12) */
};

/* Resolves the signals (each may be NULL: technique absent) into out, which the caller
 * releases with cs_tdm_result_release. Returns CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_tdmrep_resolve(const struct cs_tdm_signal *file,
                                    const struct cs_tdm_signal *header,
                                    const struct cs_tdm_signal *html,
                                    const struct cs_tdm_signal *embedded, struct cs_tdm_result *out,
                                    struct cs_tdm_diags *d);

void cs_tdm_result_release(struct cs_tdm_result *r);

/* ---- TDM Policy (ODRL 2.2 profile, signals.md 3.7) ---- */

enum cs_tdm_purpose {
    CS_TDM_PURPOSE_ANY = 0,
    CS_TDM_PURPOSE_RESEARCH,
    CS_TDM_PURPOSE_NON_RESEARCH
};

struct cs_tdm_policy {
    bool machine_readable; /* JSON with a permission whose action is tdm:mine */
    bool licensable;       /* machine-readable: the policy offers a way to a TDM licence (D11) */
    char *assigner_name;   /* owned or NULL: vCard fn, else nickname */
    char *assigner_email;  /* owned or NULL: hasEmail without "mailto:" */
    char *assigner_url;    /* owned or NULL: hasURL */
    bool duty_consent;     /* a duty obtainConsent */
    bool duty_compensate;  /* a duty compensate */
    enum cs_tdm_purpose purpose; /* purpose constraint (experimental in the spec) */
};

/* Summarises a policy document (JSON or JSON-LD; terms compared by local name, so "fn",
 * "vcard:fn" and full IRIs all read). Returns CS_OK with *out filled (release with
 * cs_tdm_policy_release; machine_readable false when no tdm:mine permission), CS_E_LIMIT,
 * CS_E_PARSE (not a JSON object: not machine-readable) or CS_E_NOMEM. */
CS_MUST_CHECK int cs_tdmrep_policy_parse(const char *buf, size_t len, struct cs_tdm_policy *out,
                                         struct cs_tdm_diags *d);

void cs_tdm_policy_release(struct cs_tdm_policy *p);

#endif
