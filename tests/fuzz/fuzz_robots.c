/* SPDX-License-Identifier: MIT
 * fuzz_robots.c - libFuzzer harness for the robots.txt parser and matcher (RFC 9309): parses the
 * input (sometimes under a max_bytes cap), asks both readings about fixed and input-derived
 * agents and paths, checks the verdict invariants, and runs the User-Agent token extractor.
 */
#include "cs_setup.h"

#include "robots.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const agents[] = { "*", "GPTBot", "googlebot", "Brightbot 1.0", "AI2Bot" };

static const char *const paths[] = { "/", "", "/robots.txt", "/a/b?c=d:e/f", "/%7Ex/%E3%83%84" };

/* Copies up to max bytes of data from off into out as a C string, stopping at NUL or LF. */
static void take_string(const uint8_t *data, size_t size, size_t off, size_t max, char *out)
{
    size_t n = 0;

    while (off < size && n < max && data[off] != '\0' && data[off] != '\n')
        out[n++] = (char)data[off++];
    out[n] = '\0';
}

static void check_verdict(const struct cs_robots *r, const char *agent, const char *path, int m)
{
    struct cs_robots_verdict v;

    if (cs_robots_check(r, agent, path, (enum cs_robots_mode)m, &v) != CS_OK)
        abort();
    if ((v.line == 0) != (v.rule == NULL))
        abort();
    if (v.group == CS_ROBOTS_GROUP_NONE && (!v.allowed || v.group_line != 0 || v.line != 0))
        abort();
    if (v.always_allowed && !v.allowed)
        abort();
    if (v.rule && strlen(v.rule) > CS_ROBOTS_MAX_LINE)
        abort();
}

static void check_lists(const struct cs_robots *r, bool capped)
{
    size_t i;

    if (cs_robots_truncated(r) && !capped)
        abort();
    if (cs_robots_diag_count(r) > CS_ROBOTS_MAX_DIAGS)
        abort();
    for (i = 0; i < cs_robots_ext_count(r); i++) {
        const struct cs_robots_ext *e = cs_robots_ext_get(r, i);
        if (!e || !e->key || !e->value || e->group_index < -1 ||
            e->group_index >= (int)cs_robots_group_count(r))
            abort();
    }
    for (i = 0; i < cs_robots_diag_count(r); i++) {
        if (!cs_robots_diag_get(r, i))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cs_robots_opts opts = { 0 };
    struct cs_robots *r = NULL;
    char agent[33];
    char path[130];
    char tok[64];
    size_t i;
    int m;

    if (size > 0 && (data[0] & 1))
        opts.max_bytes = size / 2 + 1;
    if (cs_robots_parse((const char *)data, size, &opts, &r, NULL) != CS_OK)
        return 0; /* only CS_E_NOMEM can happen */
    check_lists(r, opts.max_bytes != 0);
    take_string(data, size, size / 3, 32, agent);
    path[0] = '/';
    take_string(data, size, size / 2, 128, path + 1);
    for (m = 0; m < 2; m++) {
        for (i = 0; i < CS_ARRAY_LEN(agents); i++) {
            check_verdict(r, agents[i], paths[i], m);
            check_verdict(r, agents[i], path, m);
        }
        check_verdict(r, agent, path, m);
        check_verdict(r, agent, "/", m);
    }
    cs_robots_free(r);
    take_string(data, size, 0, 128, path);
    (void)cs_robots_ua_token(path, tok, sizeof(tok));
    return 0;
}
