/* SPDX-License-Identifier: MIT
 * gunzip.c - streaming inflate with member concatenation and a decompressed-size cap.
 */
#include "cs_setup.h"

#include "gunzip.h"

#include <zlib.h>

#define OUT_CHUNK 65536u

struct cs_gunzip {
    z_stream zs;
    bool zs_live;   /* inflateInit2 succeeded */
    bool in_member; /* bytes of a member were consumed and its end not seen */
    bool any_input; /* some member started */
    unsigned members;
    uint64_t total_out;
    uint64_t max_out;
    cs_gunzip_sink *sink;
    void *ctx;
    int err; /* sticky */
    unsigned char out[OUT_CHUNK];
};

bool cs_gunzip_is_gzip(const void *buf, size_t len)
{
    const unsigned char *p = buf;

    return len >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

struct cs_gunzip *cs_gunzip_new(uint64_t max_out, cs_gunzip_sink *sink, void *ctx)
{
    struct cs_gunzip *g = calloc(1, sizeof(*g));

    if (!g)
        return NULL;
    /* 15 + 32: the largest window, gzip or zlib header detected automatically (zlib.h) */
    if (inflateInit2(&g->zs, 15 + 32) != Z_OK) {
        free(g);
        return NULL;
    }
    g->zs_live = true;
    g->max_out = max_out ? max_out : CS_GUNZIP_DEFAULT_MAX;
    g->sink = sink;
    g->ctx = ctx;
    return g;
}

static int fail(struct cs_gunzip *g, int code, struct cs_diag *diag, const char *what)
{
    g->err = code;
    cs_diag_set(diag, 0, code, "gzip: %s after %llu decompressed bytes", what,
                (unsigned long long)g->total_out);
    return code;
}

/* Hands the bytes inflate wrote to the sink, honouring the cap. */
static int deliver(struct cs_gunzip *g, size_t have, struct cs_diag *diag)
{
    int rc;

    if (have == 0)
        return CS_OK;
    if (have > g->max_out - g->total_out) {
        have = (size_t)(g->max_out - g->total_out);
        if (have && (rc = g->sink(g->ctx, (const char *)g->out, have)) != 0)
            return g->err = rc;
        g->total_out += have;
        return fail(g, CS_E_LIMIT, diag, "decompressed size over the cap");
    }
    g->total_out += have;
    if ((rc = g->sink(g->ctx, (const char *)g->out, have)) != 0)
        return g->err = rc;
    return CS_OK;
}

/* One inflate step; returns CS_OK to go on, 1 when input is exhausted, or an error. */
static int step(struct cs_gunzip *g, struct cs_diag *diag)
{
    int zrc, rc;

    if (!g->in_member && g->zs.avail_in == 0)
        return 1; /* between members: nothing to do until more input */
    if (!g->in_member && g->any_input) {
        if (inflateReset(&g->zs) != Z_OK) /* the next member of a concatenation */
            return fail(g, CS_E_PARSE, diag, "cannot reset");
    }
    if (g->zs.avail_in > 0) {
        g->in_member = true;
        g->any_input = true;
    }
    g->zs.next_out = g->out;
    g->zs.avail_out = OUT_CHUNK;
    zrc = inflate(&g->zs, Z_NO_FLUSH);
    /* what inflate wrote before an error is delivered first, so the bytes out do not depend on
     * how the input was cut into chunks */
    rc = deliver(g, OUT_CHUNK - g->zs.avail_out, diag);
    if (rc != CS_OK)
        return rc;
    if (zrc == Z_MEM_ERROR)
        return fail(g, CS_E_NOMEM, diag, "out of memory");
    if (zrc == Z_DATA_ERROR || zrc == Z_NEED_DICT || zrc == Z_STREAM_ERROR)
        return fail(g, CS_E_PARSE, diag, g->members ? "garbage after a member" : "corrupt data");
    if (zrc == Z_STREAM_END) {
        g->in_member = false;
        g->members++;
    }
    if (g->zs.avail_in == 0 && g->zs.avail_out != 0)
        return 1;
    if (zrc == Z_BUF_ERROR && g->zs.avail_out != 0)
        return 1;
    return CS_OK;
}

int cs_gunzip_feed(struct cs_gunzip *g, const void *buf, size_t len, struct cs_diag *diag)
{
    int rc;

    if (g->err)
        return g->err;
    while (len > 0) {
        /* avail_in is a uInt: feed huge buffers in slices */
        uInt n = len > (1u << 30) ? (1u << 30) : (uInt)len;

        g->zs.next_in = (Bytef *)(uintptr_t)buf;
        g->zs.avail_in = n;
        while ((rc = step(g, diag)) == CS_OK)
            ;
        if (rc != 1)
            return rc;
        buf = (const char *)buf + n;
        len -= n;
    }
    return CS_OK;
}

int cs_gunzip_finish(struct cs_gunzip *g, struct cs_diag *diag)
{
    if (g->err)
        return g->err;
    if (!g->any_input)
        return fail(g, CS_E_PARSE, diag, "empty input");
    if (g->in_member)
        return fail(g, CS_E_PARSE, diag, "truncated member");
    return CS_OK;
}

uint64_t cs_gunzip_total_out(const struct cs_gunzip *g)
{
    return g->total_out;
}

unsigned cs_gunzip_members(const struct cs_gunzip *g)
{
    return g->members;
}

void cs_gunzip_free(struct cs_gunzip *g)
{
    if (!g)
        return;
    if (g->zs_live)
        inflateEnd(&g->zs);
    free(g);
}
