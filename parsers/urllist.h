/* SPDX-License-Identifier: MIT
 * urllist.h - an incremental reader of URL lists inside datasets (issue 4 item 5: "txt / csv /
 * tsv / jsonl files ... streamed with bounded memory, with a column option"). Fed arbitrary
 * chunks, it calls back once per data row with the URL found, as written (trimmed of ASCII
 * white space; the crawler canonicalises), or with the reason the row was skipped (empty
 * value, a control character such as a line break inside a quoted value, a missing column or
 * key, a line that is not JSON, a record over the limit, an unterminated quote).
 *
 * Formats:
 * - txt: one URL a line; blank lines and lines starting with '#' are ignored (not rows); a first
 *   line that is just a known column name ("url") is a header and ignored.
 * - csv: RFC 4180 (quoted fields, "" for a quote, line breaks inside quotes); CRLF or LF; a
 *   stray quote inside an unquoted field is kept as text (lenient, like Python's csv module).
 * - tsv: the same reader with a tab delimiter (Python's csv and pandas quote the same way).
 * - jsonl: one JSON object a line (jansson); the column is a key, or a dotted path ("a.b") when
 *   no key has that exact name. A line that is not an object, or whose value is not a string,
 *   is a skipped row.
 * Header and column rule (csv, tsv): the first record is a header unless one of its fields
 * starts with http:// or https:// (then the file has no header). The column is, in order: the
 * one named by opts.column (exact, then ignoring case); column opts.column_index (1-based); the
 * first header name in the known list below (ignoring case, in the file's column order); the
 * first column whose value in the first data row starts with http(s)://. For jsonl the default
 * is the first known key present, in the list's order. Known names: url, image_url, imageurl,
 * img_url, image, link, href, uri, src, source_url, page_url, photo_url, original_url, website.
 * Auto-detection (CS_URLLIST_AUTO): from opts.name's extension (.gz ignored), else from the
 * first line: '{' -> jsonl; '#' -> txt; a tab -> tsv; a comma and no http(s) start -> csv; else
 * txt.
 *
 * Memory is bounded by opts.max_line (one record) plus jansson's copy of one line, whatever the
 * input size; a longer record is skipped and counted. A UTF-8 byte order mark is dropped; bare
 * CR line ends (classic Mac) are not recognised. Pure: no I/O, no globals; one reader per
 * stream, not thread-safe; separate readers are independent.
 */
#ifndef CS_URLLIST_H
#define CS_URLLIST_H

#include "cs_err.h"
#include "cs_setup.h"

#define CS_URLLIST_MAX_LINE   (1024u * 1024u) /* default record limit: 1 MiB */
#define CS_URLLIST_MAX_FIELDS 4096u           /* a record with more fields is skipped */

enum cs_urllist_format {
    CS_URLLIST_AUTO,
    CS_URLLIST_TXT,
    CS_URLLIST_CSV,
    CS_URLLIST_TSV,
    CS_URLLIST_JSONL,
};

struct cs_urllist_opts {
    enum cs_urllist_format format; /* CS_URLLIST_AUTO: detect */
    const char *name;              /* borrowed, may be NULL: file name, for detection */
    const char *column;            /* borrowed, may be NULL: column name or jsonl key/path */
    size_t column_index;           /* 1-based column (csv, tsv); 0 = not given */
    size_t max_line;               /* 0 = CS_URLLIST_MAX_LINE */
};

/* One data row. url is borrowed (valid during the callback), NUL-terminated, never empty; NULL
 * when the row is skipped, and then reason says why (a static string). */
struct cs_urllist_row {
    uint64_t row;  /* 1-based data row number (header, blank and comment lines not counted) */
    uint64_t line; /* 1-based line where the row starts */
    const char *url;
    size_t url_len;
    const char *reason;
};

/* A non-zero return stops the reader; cs_urllist_feed/finish return it. */
typedef int cs_urllist_cb(void *ctx, const struct cs_urllist_row *row);

struct cs_urllist_stats {
    enum cs_urllist_format format; /* as resolved (AUTO until detected) */
    uint64_t lines;                /* line breaks seen + 1 when the last line has no break */
    uint64_t rows;                 /* data rows: urls + skipped */
    uint64_t urls;
    uint64_t skipped;
    uint64_t too_long;   /* of the skipped: over max_line or CS_URLLIST_MAX_FIELDS */
    uint64_t ignored;    /* blank and comment lines, the header */
    const char *column;  /* borrowed: the column's header name or jsonl key; NULL when none */
    size_t column_index; /* 1-based column used (csv, tsv); 0 when not columnar or undecided */
};

struct cs_urllist;

/* Returns owned (cs_urllist_free), or NULL on out of memory. opts may be NULL (all defaults);
 * its strings are copied. */
struct cs_urllist *cs_urllist_new(const struct cs_urllist_opts *opts, cs_urllist_cb *cb, void *ctx);

/* Reads len more bytes, any chunking. Returns CS_OK; CS_E_NOTFOUND when the named column is not
 * in the header or no column holds URLs (diag says which); CS_E_NOMEM; or the callback's
 * non-zero return. Errors are sticky. */
CS_MUST_CHECK int cs_urllist_feed(struct cs_urllist *r, const char *buf, size_t len,
                                  struct cs_diag *diag);

/* Ends the input: the last record without a line break is read; an unterminated quote makes
 * it a skipped row. Returns as cs_urllist_feed. */
CS_MUST_CHECK int cs_urllist_finish(struct cs_urllist *r, struct cs_diag *diag);

/* Borrowed: counters so far. */
const struct cs_urllist_stats *cs_urllist_stats(const struct cs_urllist *r);

void cs_urllist_free(struct cs_urllist *r);

/* Detects a format from a file name's extension (".gz" ignored), else from the first bytes
 * (head may be NULL); CS_URLLIST_AUTO when neither says. */
enum cs_urllist_format cs_urllist_detect(const char *name, const char *head, size_t len);

/* Parses "txt", "csv", "tsv", "jsonl" (or "ndjson"); CS_URLLIST_AUTO for anything else. */
enum cs_urllist_format cs_urllist_format_parse(const char *s);

/* Static name of a format ("auto", "txt", ...). */
const char *cs_urllist_format_name(enum cs_urllist_format f);

/* True when s (len bytes) starts with http:// or https://, ignoring case. */
bool cs_urllist_looks_like_url(const char *s, size_t len);

#endif
