/* SPDX-License-Identifier: MIT
 * fuzz_robots_usage.c - libFuzzer harness for the AI-use records of robots.txt
 * (robots_usage.h): parses the input as robots.txt, asks Content-Usage for fixed and
 * input-derived agents and paths, reads Content-Signal and License records, and checks the
 * invariants of each answer. Also feeds the input to cs_csig_add as one Content-Signal value.
 */
#include "cs_setup.h"

#include "robots.h"
#include "robots_usage.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const agents[] = { "*", "GPTBot", "ExampleBot", "Brightbot 1.0", "" };

static const char *const paths[] = { "/", "", "/robots.txt", "/a/b?c=d:e/f", "/%7Ex/%E3%83%84" };

/* Copies up to max bytes of data from off into out as a C string, stopping at NUL or LF. */
static void take_string(const uint8_t *data, size_t size, size_t off, size_t max, char *out)
{
    size_t n = 0;

    while (off < size && n < max && data[off] != '\0' && data[off] != '\n')
        out[n++] = (char)data[off++];
    out[n] = '\0';
}

static void check_prefs(const struct cs_ru_pref *p, size_t n)
{
    if (n > CS_RU_MAX_TIED)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (!p[i].pref || p[i].line <= 0 || (p[i].path && p[i].path_len == 0) ||
            (p[i].path && p[i].path[0] != '/') || strlen(p[i].pref) > CS_ROBOTS_MAX_LINE)
            abort();
    }
}

static void check_usage(const struct cs_robots *r, const char *agent, const char *path)
{
    struct cs_robots_usage u;

    if (cs_robots_usage(r, agent, path, &u) != CS_OK)
        return; /* only CS_E_NOMEM */
    check_prefs(u.prefs, u.n);
    check_prefs(u.outside, u.n_outside);
    if ((u.n == 0) != (u.status == CS_RU_NONE))
        abort();
    if (u.status == CS_RU_FOUND && !u.crawl)
        abort();
    if (u.group == CS_ROBOTS_GROUP_NONE && (u.n || !u.crawl || u.group_line))
        abort();
}

static void check_csig(const struct cs_csig *c)
{
    for (int k = 0; k < CS_CSIG_NKEYS; k++) {
        if (c->val[k] > CS_CSIG_NO || (c->val[k] != CS_CSIG_UNSET) != (c->val_line[k] != 0))
            abort();
    }
    if (c->use > CS_CSIG_USE_FULL || c->nunknown > CS_CSIG_MAX_UNKNOWN)
        abort();
    for (size_t i = 0; i < c->nunknown; i++) {
        if (strlen(c->unknown[i].item) >= CS_CSIG_ITEM_MAX)
            abort();
    }
}

static void check_signal(const struct cs_robots *r, const char *agent)
{
    struct cs_robots_signal s;

    if (cs_robots_content_signal(r, agent, &s) != CS_OK)
        return;
    check_csig(&s.in_group);
    check_csig(&s.outside);
    if (s.group == CS_ROBOTS_GROUP_NONE && s.in_group.nlines)
        abort();
}

static void check_licenses(const struct cs_robots *r)
{
    struct cs_robots_license lic[4];
    size_t n = cs_robots_licenses(r, lic, CS_ARRAY_LEN(lic));

    for (size_t i = 0; i < n && i < CS_ARRAY_LEN(lic); i++) {
        if (!lic[i].url || lic[i].line <= 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cs_robots *r = NULL;
    struct cs_csig c;
    char agent[33];
    char path[130];
    char *value;

    if (cs_robots_parse((const char *)data, size, NULL, &r, NULL) != CS_OK)
        return 0;
    take_string(data, size, size / 3, 32, agent);
    path[0] = '/';
    take_string(data, size, size / 2, 128, path + 1);
    for (size_t i = 0; i < CS_ARRAY_LEN(agents); i++) {
        check_usage(r, agents[i], paths[i]);
        check_usage(r, agents[i], path);
        check_signal(r, agents[i]);
    }
    check_usage(r, agent, path);
    check_signal(r, agent);
    check_licenses(r);
    cs_robots_free(r);
    value = malloc(size + 1);
    if (value) {
        memcpy(value, data, size);
        value[size] = '\0';
        cs_csig_init(&c);
        cs_csig_add(&c, value, 1, -1);
        check_csig(&c);
        free(value);
    }
    return 0;
}
