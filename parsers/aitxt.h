/* SPDX-License-Identifier: MIT
 * aitxt.h - Spawning's /ai.txt (signals.md 5.1): robots.txt-like User-agent groups of Allow /
 * Disallow rules, mostly file-extension globs ("Disallow: *.jpg") plus a global "Allow: /" or
 * "Disallow: /", read when a media file is downloaded. Pure: bytes in, struct out.
 *
 * Readings (signals.md 5.1, 5.3, 12.3 #5):
 *  - the file is tokenised by the robots.txt reader in its lenient reading (robots.h): patterns
 *    without a leading "/", stray lines that are not "key: value" (the generator's lone "/"),
 *    record-name typos are tolerated; groups and longest match (allow on tie) as RFC 9309.
 *  - Only Spawning's format is interpreted. An HTML page (soft 404), JSON, a Markdown/YAML front
 *    matter file (aitxt.ing) or a file without any User-agent group is "not ai.txt": every
 *    answer is unset.
 *  - Matching is case-sensitive (A5: "*.jpg" does not match "/a.JPG") and, as in robots.txt, a
 *    pattern without "$" matches a prefix (A6: "*.jpg" matches "/a.jpg.html").
 *  - The work's media type, when known, adds candidate paths: the path with its extension
 *    replaced by (or, without one, followed by) each extension of the type ("/p/123" served as
 *    image/jpeg is also tried as "/p/123.jpg" and "/p/123.jpeg"). A candidate disallowed by a
 *    rule decides (the per-file-type rules are about the file's kind, not its URL's spelling);
 *    else the first candidate allowed by a rule; else the default.
 *  - A group applies but no rule matches: allowed (robots.txt default), line 0. No group applies
 *    to the agent: unset.
 *
 * Limits: at most CS_AITXT_MAX_BYTES of the file are read (the rest ignored, with a
 * diagnostic). A parsed struct cs_aitxt is immutable: any number of threads may query it.
 */
#ifndef CS_AITXT_H
#define CS_AITXT_H

#include "cs_err.h"
#include "cs_setup.h"

#define CS_AITXT_MAX_BYTES (512 * 1024)

/* What the bytes at /ai.txt were taken to be. */
enum cs_aitxt_format {
    CS_AITXT_SPAWNING = 0, /* robots-like groups: interpreted */
    CS_AITXT_HTML,         /* an HTML page (soft 404, error page) */
    CS_AITXT_JSON,         /* JSON (e.g. the draft-car-ai-txt ai.json family) */
    CS_AITXT_MARKDOWN,     /* YAML front matter (aitxt.ing context files) */
    CS_AITXT_NO_GROUPS     /* empty, prose, or rules without any User-agent line */
};

/* Returns "spawning", "html", "json", "markdown" or "no-groups" (static). */
const char *cs_aitxt_format_name(enum cs_aitxt_format f);

struct cs_aitxt;

/* Parses len bytes of /ai.txt. Returns CS_OK with *out Returns owned (free with
 * cs_aitxt_free), or CS_E_NOMEM. Any byte sequence parses; diag (may be NULL) receives why a
 * file is not interpreted or the first tolerated malformation. */
CS_MUST_CHECK int cs_aitxt_parse(const char *buf, size_t len, struct cs_aitxt **out,
                                 struct cs_diag *diag);

void cs_aitxt_free(struct cs_aitxt *a);

enum cs_aitxt_format cs_aitxt_format(const struct cs_aitxt *a);

struct cs_aitxt_verdict {
    int allowed;          /* 1 allowed, 0 disallowed, -1 unset */
    int line;             /* the deciding Allow/Disallow line; 0 when none */
    const char *rule;     /* Borrowed from the cs_aitxt: that line, trimmed; NULL when none */
    bool by_media_type;   /* decided on a candidate path made from the media type */
    bool default_allowed; /* a group applies and no rule matched */
};

/* Answers for agent (a crawler token, "*" for the global group; matched as robots.h does) and
 * the asset's path (path and query, NUL-terminated; "" means "/"), with media_type (e.g.
 * "image/jpeg; q=1", case-insensitive, parameters ignored; NULL or unknown: the path alone).
 * Returns CS_OK, CS_E_INVALID (NULL a, agent, path or out) or CS_E_NOMEM. */
CS_MUST_CHECK int cs_aitxt_check(const struct cs_aitxt *a, const char *agent, const char *path,
                                 const char *media_type, struct cs_aitxt_verdict *out);

/* The file extensions (lower case, without dot; NULL-terminated static list) of media_type
 * (parameters ignored, case-insensitive), or NULL when the type is not known. */
const char *const *cs_aitxt_extensions(const char *media_type);

/* ---- Spawning's Do-Not-Train registry (signals.md 5.2) ---- */

#define CS_SPAWNING_API_MAX (16 * 1024 * 1024) /* one answer: up to 10,000 URLs */

/* Reads one answer of the registry API, {"urls":[{"url":..., "optOut":bool, "optIn":bool}]},
 * and the entry whose "url" equals url (byte for byte; the first one). *out receives 0 when
 * optOut is true (DISALLOW, vector A9; optOut wins over optIn), 1 when optIn is true
 * (ALLOW_EXPLICIT, A10), -1 otherwise or when url is not listed. Returns CS_OK, CS_E_LIMIT (len
 * above CS_SPAWNING_API_MAX), CS_E_PARSE (not that shape) or CS_E_INVALID (NULL argument). */
CS_MUST_CHECK int cs_spawning_api_lookup(const char *buf, size_t len, const char *url, int *out);

/* An asked URL for which the answer has no entry (cs_spawning_api_batch). */
#define CS_SPAWNING_ABSENT (-2)

/* Reads one answer for the n URLs asked, in one pass (a 10,000-URL answer is parsed once, not
 * once per URL): out[i] receives for urls[i] what cs_spawning_api_lookup would (0, 1 or -1),
 * or CS_SPAWNING_ABSENT when no entry's "url" equals it. The API answers in input order
 * (signals.md 5.2), so entry i is matched to urls[i] when equal; an entry out of place is
 * matched through a sorted index of urls instead and answers every copy of its URL not answered
 * yet (so the first such entry wins); entries for URLs not asked, such as the empty padding
 * line, are ignored. Returns CS_OK, CS_E_LIMIT,
 * CS_E_PARSE (every out[i] is then CS_SPAWNING_ABSENT), CS_E_INVALID (NULL argument) or
 * CS_E_NOMEM. */
CS_MUST_CHECK int cs_spawning_api_batch(const char *buf, size_t len, const char *const *urls,
                                        size_t n, int *out);

#endif
