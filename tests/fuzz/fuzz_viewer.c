/* SPDX-License-Identifier: MIT
 * fuzz_viewer.c - the dataset viewer's /splits and /rows responses over arbitrary bytes (the
 * rows both with the URL columns found and with one asked for). Every URL read is an http(s)
 * URL of a column that was read; every split has both names; a plan's pages lie inside their
 * splits; every split's page key reads back to its names.
 */
#include "cs_setup.h"

#include "viewer.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The names of a split round-trip as a column list (how the probe hands its columns on). */
static void names(const struct cs_viewer_splits *s)
{
    char *in[64], buf[1024], **out = NULL;
    size_t n = 0, k = 0;

    for (size_t i = 0; i < s->n && k + 2 <= 64; i++) {
        if (s->v[i].config[0] && s->v[i].split[0]) {
            in[k++] = s->v[i].config;
            in[k++] = s->v[i].split;
        }
    }
    if (!cs_viewer_names_encode(in, k, buf, sizeof(buf)))
        return;
    if (cs_viewer_names_parse(buf, &out, &n) != CS_OK || n != k)
        __builtin_trap();
    for (size_t i = 0; i < n; i++)
        if (strcmp(out[i], in[i]) != 0)
            __builtin_trap();
    cs_viewer_names_free(out, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void rows(const char *buf, size_t size, const char *column)
{
    struct cs_viewer_rows r;

    if (cs_viewer_rows_parse(buf, size, &column, column ? 1 : 0, &r, NULL) != CS_OK)
        return;
    for (size_t i = 0; i < r.n_urls; i++) {
        if (r.urls[i].column >= r.n_columns || strncasecmp(r.urls[i].url, "http", 4) != 0)
            __builtin_trap();
    }
    cs_viewer_rows_release(&r);
}

/* The plan's pages lie in their splits; keys round-trip. */
static void plan(const struct cs_viewer_splits *s, size_t want)
{
    struct cs_viewer_page p[64];
    size_t n = cs_viewer_plan(s, want, 100, want, p, 64);
    char key[256], *c, *sp;
    long long off;

    for (size_t i = 0; n <= 64 && i < n; i++) {
        if (p[i].split >= s->n || p[i].offset < 0 || p[i].offset >= s->v[p[i].split].rows)
            __builtin_trap();
    }
    for (size_t i = 0; i < s->n; i++) {
        if (!cs_viewer_page_key(s->v[i].config, s->v[i].split, 7, key, sizeof(key)))
            continue;
        if (cs_viewer_page_parse(key, &c, &sp, &off) != CS_OK)
            __builtin_trap();
        if (strcmp(c, s->v[i].config) != 0 || strcmp(sp, s->v[i].split) != 0 || off != 7)
            __builtin_trap();
        free(c);
        free(sp);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    struct cs_viewer_splits s;
    long long pages[16];

    if (cs_viewer_splits_parse(buf, size, &s, NULL) == CS_OK) {
        for (size_t i = 0; i < s.n; i++) {
            if (!s.v[i].config || !s.v[i].split)
                __builtin_trap();
        }
        plan(&s, 1 + size % 3000);
        names(&s);
        cs_viewer_splits_release(&s);
    }
    rows(buf, size, NULL);
    rows(buf, size, "url");
    if (cs_viewer_sample_pages((long long)size * 37, size % 1500, 1 + size % 100, size, pages, 16) >
        (size_t)((long long)size * 37 / (1 + size % 100) + 1))
        __builtin_trap();
    return 0;
}
