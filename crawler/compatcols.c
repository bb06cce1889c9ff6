/* SPDX-License-Identifier: MIT
 * compatcols.c - the compatibility columns beside the verdict (issue 5): other tools' readings
 * of the same response and robots.txt, from parsers/compat.c.
 */
#include "cs_setup.h"

#include "sigfacts.h"

#include "compat.h"
#include "judge.h"

#include <stdio.h>

enum { MAX_FIELDS = 16 };

static size_t header_values(const struct cs_response *r, const char *name, const char **out)
{
    size_t n = 0;

    for (const char *v; n < MAX_FIELDS && (v = cs_response_header(r, name, n)) != NULL;)
        out[n++] = v;
    return n;
}

static int put(struct cs_sigfacts *f, struct cs_report_kv *out, size_t cap, size_t *n,
               const char *key, const char *value)
{
    if (*n == cap)
        return CS_OK; /* more agents with groups of their own than columns: the first ones */
    out[*n].key = cs_sigfacts_keep(f, key);
    out[*n].value = value;
    if (!out[*n].key)
        return CS_E_NOMEM;
    (*n)++;
    return CS_OK;
}

/* DPI's classification (signals.md 11.2) for "*" and for each queried agent robots.txt names in
 * a group of its own; with no robots.txt, one "no robots" column. */
static int dpi_columns(const struct cs_sigfacts_input *in, struct cs_sigfacts *f,
                       struct cs_report_kv *out, size_t cap, size_t *n)
{
    const struct cs_robots *r = in->site->state == CS_RS_OK ? in->site->parsed : NULL;
    int rc;

    if (in->site->state == CS_RS_UNREACHABLE)
        return put(f, out, cap, n, "dpi:*", "unreachable");
    rc = put(f, out, cap, n, "dpi:*", cs_dpi_class_name(cs_compat_dpi(r, "*")));
    for (size_t i = 0; rc == CS_OK && r && i < in->agent_count; i++) {
        struct cs_robots_verdict v;
        char key[160];
        if (cs_robots_check(r, in->agents[i].token, "/", CS_ROBOTS_LENIENT, &v) != CS_OK ||
            v.group != CS_ROBOTS_GROUP_SPECIFIC)
            continue;
        snprintf(key, sizeof(key), "dpi:%.150s", in->agents[i].token);
        rc = put(f, out, cap, n, key, cs_dpi_class_name(cs_compat_dpi(r, in->agents[i].token)));
    }
    return rc;
}

int cs_compat_columns(const struct cs_sigfacts_input *in, struct cs_sigfacts *f,
                      struct cs_report_kv *out, size_t cap, size_t *n)
{
    const char *xrt[MAX_FIELDS], *tdm[MAX_FIELDS];
    size_t nx, nt;
    struct cs_compat_dd dd;
    int rc = CS_OK;

    *n = 0;
    if (in->work->read) {
        nx = header_values(&in->work->resp, "x-robots-tag", xrt);
        nt = header_values(&in->work->resp, "tdm-reservation", tdm);
        cs_compat_dd(xrt, nx, tdm, nt, NULL, &dd);
        rc = put(f, out, cap, n, "img2dataset",
                 cs_compat_img2dataset(xrt, nx, "img2dataset", CS_I2D_DEFAULT_SET) ? "disallowed"
                                                                                   : "allowed");
        if (rc == CS_OK)
            rc =
                put(f, out, cap, n, "datadiligence:xrobots", dd.xrobots ? "disallowed" : "allowed");
        if (rc == CS_OK)
            rc = put(f, out, cap, n, "datadiligence:tdmrep", dd.tdmrep ? "disallowed" : "allowed");
    }
    return rc == CS_OK ? dpi_columns(in, f, out, cap, n) : rc;
}
