/* SPDX-License-Identifier: MIT
 * fuzz_viewer.c - the dataset viewer's /splits and /rows responses over arbitrary bytes (the
 * rows both with the URL columns found and with one asked for). Every URL read is an http(s)
 * URL of a column that was read; every split has both names.
 */
#include "cs_setup.h"

#include "viewer.h"

#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void rows(const char *buf, size_t size, const char *column)
{
    struct cs_viewer_rows r;

    if (cs_viewer_rows_parse(buf, size, column, &r, NULL) != CS_OK)
        return;
    for (size_t i = 0; i < r.n_urls; i++) {
        if (r.urls[i].column >= r.n_columns || strncasecmp(r.urls[i].url, "http", 4) != 0)
            __builtin_trap();
    }
    cs_viewer_rows_release(&r);
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
        cs_viewer_splits_release(&s);
    }
    rows(buf, size, NULL);
    rows(buf, size, "url");
    if (cs_viewer_sample_pages((long long)size * 37, size % 1500, 1 + size % 100, size, pages, 16) >
        (size_t)((long long)size * 37 / (1 + size % 100) + 1))
        __builtin_trap();
    return 0;
}
