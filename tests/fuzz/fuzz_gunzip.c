/* SPDX-License-Identifier: MIT
 * fuzz_gunzip.c - the streaming inflater (gunzip.h) with a 1 MiB cap: the first byte sets the
 * chunk size; the output of a whole and a chunked read must agree, and never pass the cap.
 */
#include "cs_setup.h"

#include "gunzip.h"

#define CAP (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct acc {
    uint64_t hash, total;
};

static int sink(void *ctx, const char *buf, size_t len)
{
    struct acc *a = ctx;

    a->total += len;
    if (a->total > CAP)
        __builtin_trap();
    for (size_t i = 0; i < len; i++)
        a->hash = (a->hash ^ (unsigned char)buf[i]) * 0x100000001b3ull;
    return 0;
}

static int run(const uint8_t *buf, size_t len, size_t chunk, struct acc *a)
{
    struct cs_gunzip *g = cs_gunzip_new(CAP, sink, a);
    struct cs_diag d = { 0 };
    int rc = CS_OK;

    if (!g)
        return CS_E_NOMEM;
    for (size_t off = 0; rc == CS_OK && off < len; off += chunk)
        rc = cs_gunzip_feed(g, buf + off, len - off < chunk ? len - off : chunk, &d);
    if (rc == CS_OK)
        rc = cs_gunzip_finish(g, &d);
    if (a->total != cs_gunzip_total_out(g))
        __builtin_trap();
    cs_gunzip_free(g);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct acc whole = { 0xcbf29ce484222325ull, 0 }, split = whole;
    int rc1, rc2;

    if (size < 1)
        return 0;
    rc1 = run(data + 1, size - 1, size, &whole);
    rc2 = run(data + 1, size - 1, 1 + data[0] % 64, &split);
    if (rc1 != rc2 || whole.hash != split.hash || whole.total != split.total)
        __builtin_trap();
    return 0;
}
