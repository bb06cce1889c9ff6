/* SPDX-License-Identifier: MIT
 * viewer.h - the Hugging Face dataset viewer's API (datasets-server), read with jansson: issue 4
 * item 5, "for Hub datasets with URL columns (LAION-style image sets), a sample of rows through
 * the dataset viewer's rows API". Pure functions from bytes to structs; reentrant.
 *
 *   /splits?dataset=ID    {"splits": [{"dataset", "config", "split"}], "pending", "failed"}
 *   /rows?dataset=ID&config=C&split=S&offset=O&length=L (at most 100), and /first-rows:
 *                         {"features": [{"feature_idx", "name", "type": {"dtype", "_type"}}],
 *                          "rows": [{"row_idx", "row": {NAME: VALUE}, "truncated_cells": [NAME]}],
 *                          "num_rows_total", "num_rows_per_page", "partial"}
 *   an error:             {"error": "..."} (with an HTTP error status)
 *
 * Which columns hold source URLs: only string columns ("_type": "Value", "dtype": "string");
 * Image and Audio columns are the viewer's own copies of the files (assets on its host), never
 * sources. Of those, the columns asked for, else every column whose name says URL ("url",
 * "image_url", "link", "href", "source"; any name containing "url"), else every column where at
 * least half the non-empty cells of the page are absolute http(s) URLs. A sample's first page
 * picks the columns; its other pages are read with the same columns asked for, so every page
 * counts the same cells.
 */
#ifndef CS_VIEWER_H
#define CS_VIEWER_H

#include "cs_err.h"
#include "cs_setup.h"

/* More rows than any split holds (a trillion): a larger count is taken as not said, so that
 * sums of rows and pages stay far from overflow. */
#define CS_VIEWER_ROWS_MAX 1000000000000LL

struct cs_viewer_split {
    char *config;   /* owned */
    char *split;    /* owned */
    long long rows; /* rows in the split (/size), -1 when not said (/splits) or absurd */
};

struct cs_viewer_splits {
    struct cs_viewer_split *v; /* owned array */
    size_t n;
    bool partial; /* /size: the viewer converted only part of the dataset (its first GBs) */
};

/* Reads a /splits response, or a /size response ({"size": {"splits": [{"config", "split",
 * "num_rows", ...}]}}, which also says each split's rows). CS_OK with *out filled (release with
 * cs_viewer_splits_release); CS_E_PARSE for invalid JSON, an "error" response (diag carries its
 * text) or no "splits" array; CS_E_NOMEM. Entries without config or split are skipped. */
CS_MUST_CHECK int cs_viewer_splits_parse(const char *buf, size_t len, struct cs_viewer_splits *out,
                                         struct cs_diag *diag);
void cs_viewer_splits_release(struct cs_viewer_splits *s);

struct cs_viewer_url {
    long long row_idx; /* the row's index in the split */
    size_t column;     /* index into columns */
    char *url;         /* owned, as the cell holds it */
};

struct cs_viewer_rows {
    char **columns; /* owned: the URL columns read, in feature order */
    size_t n_columns;
    struct cs_viewer_url *urls; /* owned: row order, then column order */
    size_t n_urls;
    size_t rows;              /* rows on the page */
    size_t skipped;           /* cells of URL columns that were empty, cut or not a URL */
    long long num_rows_total; /* rows in the split, -1 when not said */
    bool partial;             /* the viewer read only part of the split */
};

/* Reads one page of rows; columns (n_columns of them) name the URL columns to read (none: found
 * as said above; named columns that are not string columns, or absent, are not read).
 * CS_OK with *out filled (release with cs_viewer_rows_release; no URL columns is not an
 * error); CS_E_PARSE for invalid JSON, an "error" response or no "rows" array; CS_E_LIMIT past
 * CS_VIEWER_MAX_BYTES; CS_E_NOMEM. A cell the viewer cut (truncated_cells) is skipped. */
CS_MUST_CHECK int cs_viewer_rows_parse(const char *buf, size_t len, const char *const *columns,
                                       size_t n_columns, struct cs_viewer_rows *out,
                                       struct cs_diag *diag);
void cs_viewer_rows_release(struct cs_viewer_rows *r);

/* The offsets of the pages to ask for a sample of about want rows of a split of total rows,
 * pages of page_len rows (1 to 100): every page when total <= want, else ceil(want / page_len)
 * distinct pages drawn uniformly from the split's pages with the given seed (the same seed, the
 * same pages), in increasing order. A sample of whole pages is a cluster sample (rows of a page
 * are neighbours): estimates from it must treat pages as clusters. Returns how many pages the
 * sample has, and writes their offsets when that is at most cap (else writes nothing). */
size_t cs_viewer_sample_pages(long long total, size_t want, size_t page_len, uint64_t seed,
                              long long *offsets, size_t cap);

/* One page of a sample over several splits: split indexes the cs_viewer_splits. */
struct cs_viewer_page {
    size_t split;
    long long offset;
};

/* A sample of about want rows of the whole dataset: the pages of its splits (those with a
 * known row count), taken one after another as one sequence, drawn as cs_viewer_sample_pages
 * draws them, so every page of every split is equally likely. Returns how many pages the sample
 * has, and writes them (split order, then offset) when that is at most cap; SIZE_MAX when out
 * of memory. */
size_t cs_viewer_plan(const struct cs_viewer_splits *s, size_t want, size_t page_len, uint64_t seed,
                      struct cs_viewer_page *out, size_t cap);

/* A page's key, "CONFIG/SPLIT@OFFSET", with '%', '/', '@', ':', space and control bytes of the
 * names percent-encoded, so the key holds no tab or space and its separators are unambiguous
 * (the crawl keeps it in frontier entries and in the edges' via, "viewer:KEY:COLUMN"). false
 * when it does not fit len. */
bool cs_viewer_page_key(const char *config, const char *split, long long offset, char *buf,
                        size_t len);

/* Reads a key back: *config and *split owned (decoded). CS_OK, CS_E_PARSE (not a key) or
 * CS_E_NOMEM. */
CS_MUST_CHECK int cs_viewer_page_parse(const char *key, char **config, char **split,
                                       long long *offset);

/* The links of a dataset's row sample: via "viewer:KEY:COLUMN" (KEY a page key, above; the
 * crawler writes them, the lineage export reads them back). */
#define CS_VIEWER_VIA "viewer:"

/* The length of the "viewer:KEY" part of such a via (the page its row came from: the sample's
 * cluster), or 0 when via is not one. A key encodes its ':'; the column name may hold some. */
size_t cs_viewer_via_page(const char *via);

/* Column names as one space-separated word list, each encoded as a key's names are (so the list
 * holds no tab or space of its own): how a sample's first page hands its columns to the
 * others. false when it does not fit len. */
bool cs_viewer_names_encode(char *const *names, size_t n, char *buf, size_t len);

/* Reads such a list back: *names (owned, cs_viewer_names_free) and *n. CS_OK (an empty list
 * gives none), CS_E_PARSE (a bad escape) or CS_E_NOMEM. */
CS_MUST_CHECK int cs_viewer_names_parse(const char *list, char ***names, size_t *n);
void cs_viewer_names_free(char **names, size_t n);

#endif
