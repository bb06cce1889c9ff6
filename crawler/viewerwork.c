/* SPDX-License-Identifier: MIT
 * viewerwork.c - a sample of a Hub dataset's rows through the dataset viewer (hubwork.h 'V' and
 * 'R'; issue 4 item 5: "for Hub datasets with URL columns (LAION-style image sets), a sample of
 * rows through the dataset viewer's rows API").
 *
 * After a dataset's card, /size says its splits and their rows. A sample of whole pages of 100
 * rows is drawn over all splits (parsers/viewer.h cs_viewer_plan), seeded by the dataset's id
 * and sha: the same revision gives the same pages, a new revision a new draw. The first page
 * drawn is a probe: only when it has a URL column are the other pages asked for, so a dataset
 * without one costs two API calls. Every URL cell of a sampled row becomes a data link of the
 * dataset, via "viewer:CONFIG/SPLIT@OFFSET:COLUMN" with detail "row N"; the export estimates
 * the share of rows reserved from them with pages as clusters (store/EXPORT.md).
 *
 * The probe's URL columns go to the other pages in their extra, so every page reads the same
 * columns (a column found by its content on the probe is not judged again page by page).
 *
 * Edges: /size clears the dataset's viewer links (a new revision's sample replaces the old
 * one); each page then replaces only the links of its own key, so pages land in any order and
 * a killed crawl resumes with the pages it had not stored. The node's entry gains "+viewer"
 * (hubwork.h) when the probe is read, or from /size when there is nothing to sample: a /size or
 * probe that failed leaves the revision to be sampled by the next crawl.
 *
 * Frontier extras: 'V' "d<TAB>ID<TAB>SHA<TAB>LM"; 'R' the same, then "<TAB>KEY<TAB>REST<TAB>COLS"
 * with REST the other pages' keys (the probe only) and COLS the columns to read
 * (cs_viewer_names_encode; empty on the probe). Both space-separated.
 */
#include "cs_setup.h"

#include "cs_limits.h"
#include "cs_str.h"
#include "hubwork_int.h"
#include "viewer.h"

#include <curl/curl.h>

#define VIEWER_PAGE_LEN 100  /* the most the viewer gives a request */
#define VIEWER_KEY_MAX  600  /* a page key: encoded config and split names and an offset */
#define VIEWER_COLS_MAX 2048 /* the probe's URL column names, encoded */

/* FNV-1a of "ID@SHA": the sample's seed. */
static uint64_t sample_seed(const char *id, const char *sha)
{
    uint64_t h = 0xcbf29ce484222325u;

    for (const char *p = id; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3u;
    h = (h ^ '@') * 0x100000001b3u;
    for (const char *p = sha; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3u;
    return h;
}

/* VIEWER/PATH?dataset=ID[&config=C&split=S&offset=O&length=L], encoded. Returns owned. */
static char *viewer_url(const char *base, const char *path, const char *id, const char *config,
                        const char *split, long long offset)
{
    CURLU *u = curl_url();
    char off[32], len[32], *s = NULL, *out = NULL;
    bool ok;

    snprintf(off, sizeof(off), "%lld", offset);
    snprintf(len, sizeof(len), "%d", VIEWER_PAGE_LEN);
    ok = u && curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
         curl_url_set(u, CURLUPART_PATH, path, 0) == CURLUE_OK &&
         cs_hubwork_add_param(u, "dataset", id);
    if (ok && config)
        ok = cs_hubwork_add_param(u, "config", config) && cs_hubwork_add_param(u, "split", split) &&
             cs_hubwork_add_param(u, "offset", off) && cs_hubwork_add_param(u, "length", len);
    if (ok && curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
        out = cs_strdup(s);
    curl_free(s);
    curl_url_cleanup(u);
    return out;
}

int cs_viewerwork_follow(const struct cs_hubwork_ctx *ctx, char *f[4], struct cs_hubout *o)
{
    char extra[600], dedup[CS_HUB_KEY_MAX];
    char *url;
    int rc;

    if (!ctx->viewer_base || ctx->viewer_rows == 0)
        return CS_OK;
    if (!(url = viewer_url(ctx->viewer_base, "/size", f[1], NULL, NULL, 0)))
        return CS_E_NOMEM;
    snprintf(extra, sizeof(extra), "d\t%s\t%s\t%s", f[1], f[2], f[3]);
    cs_hubwork_rev_key(url, f[2], dedup);
    rc = cs_hubout_follow(o, 'V', url, extra, dedup);
    free(url);
    return rc;
}

/* Queues the rows page of key (config, split, offset) with rest (the keys still to ask for
 * after it: "" but for the probe) and cols (the columns to read: "" for the probe). */
static int follow_page(const struct cs_hubwork_ctx *ctx, char *f[4], const char *config,
                       const char *split, long long offset, const char *rest, const char *cols,
                       struct cs_hubout *o)
{
    char key[VIEWER_KEY_MAX], dedup[CS_HUB_KEY_MAX];
    char *url, *extra;
    size_t n;
    int rc;

    if (!cs_viewer_page_key(config, split, offset, key, sizeof(key)))
        return CS_OK; /* names too long to key: the page is left out */
    url = viewer_url(ctx->viewer_base, "/rows", f[1], config, split, offset);
    n = strlen(f[1]) + strlen(f[2]) + strlen(f[3]) + strlen(key) + strlen(rest) + strlen(cols) + 16;
    extra = malloc(n);
    rc = url && extra ? CS_OK : CS_E_NOMEM;
    if (rc == CS_OK) {
        snprintf(extra, n, "d\t%s\t%s\t%s\t%s\t%s\t%s", f[1], f[2], f[3], key, rest, cols);
        cs_hubwork_rev_key(url, f[2], dedup);
        rc = cs_hubout_follow(o, 'R', url, extra, dedup);
    }
    free(url);
    free(extra);
    return rc;
}

/* The keys of pages [1, n) of the plan, space-separated. Returns owned, or NULL. */
static char *rest_keys(const struct cs_viewer_splits *s, const struct cs_viewer_page *p, size_t n)
{
    char *out = calloc(n ? n : 1, VIEWER_KEY_MAX), *w = out;

    for (size_t i = 1; out && i < n; i++) {
        const struct cs_viewer_split *sp = &s->v[p[i].split];
        char *at = w;
        if (w != out)
            *w++ = ' ';
        if (cs_viewer_page_key(sp->config, sp->split, p[i].offset, w, VIEWER_KEY_MAX - 1)) {
            w += strlen(w);
        } else {
            w = at; /* names too long to key: the page is left out, and its space */
            *w = '\0';
        }
    }
    return out;
}

/* Draws the pages and queues the first (the probe) with the others in its extra. *n gets how
 * many pages the sample has (0: nothing to sample). */
static int plan_sample(const struct cs_hubwork_ctx *ctx, char *f[4],
                       const struct cs_viewer_splits *s, size_t *n, struct cs_hubout *o)
{
    size_t want = ctx->viewer_rows, cap = want / VIEWER_PAGE_LEN + 2;
    struct cs_viewer_page *p = calloc(cap, sizeof(*p));
    char *rest = NULL;
    int rc = CS_E_NOMEM;

    *n = p ? cs_viewer_plan(s, want, VIEWER_PAGE_LEN, sample_seed(f[1], f[2]), p, cap) : 0;
    if (!p || *n > cap) /* SIZE_MAX: out of memory; the cap is the plan's most */
        goto out;
    rc = CS_OK;
    if (*n == 0) {
        snprintf(o->note, sizeof(o->note), "viewer: %s has no rows to sample", f[1]);
        goto out;
    }
    /* a partial conversion: the sample is of the rows converted, and the log says so */
    if (s->partial)
        snprintf(o->note, sizeof(o->note),
                 "viewer: %s is only partly converted: the sample is of its first rows", f[1]);
    rest = rest_keys(s, p, *n);
    rc = rest ? follow_page(ctx, f, s->v[p[0].split].config, s->v[p[0].split].split, p[0].offset,
                            rest, "", o)
              : CS_E_NOMEM;
out:
    free(rest);
    free(p);
    return rc;
}

int cs_hubwork_viewer_size(const struct cs_hubwork_ctx *ctx, const char *extra,
                           const struct cs_response *r, struct cs_hubout *out)
{
    struct cs_diag diag = { 0 };
    struct cs_viewer_splits s = { 0 };
    char *buf, *f[4];
    size_t pages = 0;
    bool parsed;
    int rc = cs_hubout_begin(extra, "viewer size", &buf, f, out);

    if (rc != CS_OK)
        return rc == CS_E_PARSE ? CS_OK : rc;
    rc = r->http_status == 200
             ? cs_viewer_splits_parse(r->body ? r->body : "", r->body_len, &s, &diag)
             : CS_E_PARSE;
    if (rc == CS_E_NOMEM) {
        free(buf);
        return rc;
    }
    parsed = rc == CS_OK;
    /* a 404: the viewer has no copy of this revision; 501: it cannot make one (a dataset with a
     * loading script). Final answers: the old sample goes either way, and the next run does not
     * ask again. Any other failure is asked again next run. */
    if (parsed || r->http_status == 404 || r->http_status == 501) {
        rc = cs_hubout_entry_node(CS_HUB_READER_VIEWER, f, false, out);
        out->replace_edges = true;
        out->scope = CS_VIEWER_VIA;
    } else {
        rc = CS_OK;
    }
    if (rc == CS_OK && parsed) {
        rc = plan_sample(ctx, f, &s, &pages, out);
        if (pages > 0)
            out->entry = NULL; /* "+viewer" comes with the probe */
    } else if (!out->note[0])
        snprintf(out->note, sizeof(out->note), "viewer: no rows of %.100s: %.120s", f[1],
                 r->error                ? r->error
                 : r->http_status == 404 ? "the viewer has none"
                 : r->http_status == 501 ? "the viewer does not support it"
                 : r->http_status == 200 ? diag.msg
                                         : "unexpected HTTP status");
    cs_viewer_splits_release(&s);
    free(buf);
    return rc;
}

/* Cuts the next tab-separated field off *p ("" at the end). */
static char *next_field(char **p)
{
    char *field = *p, *tab = strchr(field, '\t');

    if (tab) {
        *tab = '\0';
        *p = tab + 1;
    } else {
        *p = field + strlen(field);
    }
    return field;
}

/* The page key, the keys still to ask for and the columns to read, from a rows page's extra
 * (after the card's four fields, which f holds). false when the extra has no key. */
static bool page_fields(const char *extra, char *buf, char **key, char **rest, char **cols)
{
    size_t tabs = 0;
    char *p = buf;

    memcpy(buf, extra, strlen(extra) + 1);
    for (; *p && tabs < 4; p++)
        tabs += *p == '\t';
    if (tabs < 4 || !*p)
        return false;
    *key = next_field(&p);
    *rest = next_field(&p);
    *cols = next_field(&p); /* "" in entries written before the columns were handed on */
    return true;
}

/* The page's URL cells as data links of the dataset, via "viewer:KEY:COLUMN", detail "row N". */
static int page_links(const struct cs_hubwork_ctx *ctx, const char *scope,
                      const struct cs_viewer_rows *rows, struct cs_hubout *o)
{
    int rc = CS_OK;

    for (size_t i = 0; rc == CS_OK && i < rows->n_urls; i++) {
        const struct cs_viewer_url *u = &rows->urls[i];
        char detail[48];
        snprintf(detail, sizeof(detail), "row %lld", u->row_idx);
        rc = cs_hubout_link_detail(u->url, scope, rows->columns[u->column], detail, CS_LINK_DATA,
                                   ctx->hub_origin, o);
    }
    return rc;
}

/* After the probe found URL columns: every other page of the sample, to be read with them. */
static int follow_rest(const struct cs_hubwork_ctx *ctx, char *f[4], char *rest,
                       const struct cs_viewer_rows *probe, struct cs_hubout *o)
{
    char cols[VIEWER_COLS_MAX];
    char *save = NULL;
    int rc = CS_OK;

    if (!cs_viewer_names_encode(probe->columns, probe->n_columns, cols, sizeof(cols)))
        cols[0] = '\0'; /* names too long to hand on: each page finds its own */

    for (char *k = strtok_r(rest, " ", &save); rc == CS_OK && k; k = strtok_r(NULL, " ", &save)) {
        char *config, *split;
        long long offset;
        if (cs_viewer_page_parse(k, &config, &split, &offset) != CS_OK)
            continue;
        rc = follow_page(ctx, f, config, split, offset, "", cols, o);
        free(config);
        free(split);
    }
    return rc;
}

/* A page read: its links replace the ones of its key; the probe queues the rest. */
static int read_page(const struct cs_hubwork_ctx *ctx, char *f[4], const char *key, char *rest,
                     const struct cs_viewer_rows *rows, struct cs_hubout *o)
{
    size_t n = strlen(CS_VIEWER_VIA) + strlen(key) + 2;
    char *scope = cs_hubout_keep(o, malloc(n));
    /* "+viewer": the probe read, the revision is sampled (the other pages find it there); a
     * "+READER" write changes no sha, whatever revision the page was of */
    int rc = scope ? cs_hubout_entry_node(CS_HUB_READER_VIEWER, f, false, o) : CS_E_NOMEM;

    if (rc != CS_OK)
        return rc;
    snprintf(scope, n, "%s%s:", CS_VIEWER_VIA, key);
    o->replace_edges = true;
    o->scope = scope;
    rc = page_links(ctx, scope, rows, o);
    if (rc == CS_OK && rows->n_columns > 0 && *rest)
        rc = follow_rest(ctx, f, rest, rows, o);
    else if (rows->n_columns == 0 && *rest)
        snprintf(o->note, sizeof(o->note), "viewer: %s has no URL column: rows not sampled", f[1]);
    return rc;
}

/* Reads the page body with the columns of cols (the probe's; "": found on the page). */
static int parse_page(const struct cs_response *r, const char *cols, struct cs_viewer_rows *rows,
                      struct cs_diag *diag)
{
    char **names = NULL;
    size_t n = 0;
    int rc = cs_viewer_names_parse(cols, &names, &n);

    if (rc == CS_E_PARSE) {
        cs_diag_set(diag, 0, CS_E_PARSE, "bad column list in the entry");
        return rc;
    }
    if (rc == CS_OK)
        rc = cs_viewer_rows_parse(r->body ? r->body : "", r->body_len, (const char *const *)names,
                                  n, rows, diag);
    cs_viewer_names_free(names, n);
    return rc;
}

int cs_hubwork_viewer_rows(const struct cs_hubwork_ctx *ctx, const char *extra,
                           const struct cs_response *r, struct cs_hubout *out)
{
    struct cs_diag diag = { 0 };
    struct cs_viewer_rows rows = { 0 };
    char *buf = malloc(strlen(extra) + 1), *copy = cs_strdup(extra);
    char *f[4], *key = NULL, *rest = NULL, *cols = NULL;
    int rc = CS_OK;

    memset(out, 0, sizeof(*out));
    if (!buf || !copy) {
        rc = CS_E_NOMEM;
    } else if (!page_fields(extra, buf, &key, &rest, &cols) || !cs_hubout_split_extra(copy, f)) {
        snprintf(out->note, sizeof(out->note), "malformed viewer page entry");
    } else if (r->http_status != 200) {
        /* nothing stored changes; a failed probe leaves "+viewer" out: sampled next run */
        snprintf(out->note, sizeof(out->note), "viewer page %.60s of %.60s not read: %.100s", key,
                 f[1], r->error ? r->error : "unexpected HTTP status");
    } else if ((rc = parse_page(r, cols, &rows, &diag)) != CS_OK) {
        if (rc != CS_E_NOMEM)
            snprintf(out->note, sizeof(out->note), "viewer page %.60s of %.60s unreadable: %.100s",
                     key, f[1], diag.msg);
        rc = rc == CS_E_NOMEM ? rc : CS_OK;
    } else {
        rc = read_page(ctx, f, key, rest, &rows, out);
    }
    cs_viewer_rows_release(&rows);
    free(copy);
    free(buf);
    return rc;
}
