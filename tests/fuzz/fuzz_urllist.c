/* SPDX-License-Identifier: MIT
 * fuzz_urllist.c - the URL-list reader (urllist.h) under random chunk splits: the first byte
 * picks the format and a small line limit, the second seeds the chunk sizes; the rest is the
 * list. Whole and chunked reads must give the same rows, and every row must be well formed.
 */
#include "cs_setup.h"

#include "urllist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct acc {
    uint64_t hash, rows;
};

static int on_row(void *ctx, const struct cs_urllist_row *row)
{
    struct acc *a = ctx;

    if ((row->url == NULL) == (row->reason == NULL) || (row->url && !row->url_len) ||
        (row->url && strlen(row->url) != row->url_len) || row->row != a->rows + 1)
        __builtin_trap();
    a->rows++;
    for (size_t i = 0; row->url && i < row->url_len; i++)
        a->hash = (a->hash ^ (unsigned char)row->url[i]) * 0x100000001b3ull;
    a->hash = (a->hash ^ row->line) * 0x100000001b3ull;
    return 0;
}

static int run(const char *buf, size_t len, const struct cs_urllist_opts *o, unsigned seed,
               struct acc *a)
{
    struct cs_urllist *r = cs_urllist_new(o, on_row, a);
    struct cs_diag d = { 0 };
    size_t off = 0;
    int rc = CS_OK;

    if (!r)
        return CS_E_NOMEM;
    while (rc == CS_OK && off < len) {
        size_t n = seed ? 1 + (seed = seed * 1103515245u + 12345u) % 17 : len;

        n = n > len - off ? len - off : n;
        rc = cs_urllist_feed(r, buf + off, n, &d);
        off += n;
    }
    if (rc == CS_OK)
        rc = cs_urllist_finish(r, &d);
    cs_urllist_free(r);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cs_urllist_opts o = { 0 };
    struct acc whole = { 0xcbf29ce484222325ull, 0 }, split = whole;
    int rc1, rc2;

    if (size < 2)
        return 0;
    o.format = (enum cs_urllist_format)(data[0] % 5);
    o.max_line = (data[0] & 0x80) ? 64 : 0;
    o.column = (data[0] & 0x40) ? "url" : NULL;
    o.column_index = (data[0] & 0x20) ? 2 : 0;
    rc1 = run((const char *)data + 2, size - 2, &o, 0, &whole);
    rc2 = run((const char *)data + 2, size - 2, &o, data[1] | 1u, &split);
    /* auto-detection sees the first line whole either way, so results agree */
    if (rc1 != rc2 || whole.hash != split.hash || whole.rows != split.rows)
        __builtin_trap();
    return 0;
}
