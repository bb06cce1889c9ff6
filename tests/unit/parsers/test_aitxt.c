/* SPDX-License-Identifier: MIT
 * test_aitxt.c - Spawning ai.txt (signals.md 5): the 5.3 vectors and consentscan's own cases
 * from tests/cases/aitxt/ (*.case files), plus the size cap and API edge cases.
 *
 * Case format: blocks of "key: value" lines; '#' lines are comments; (esc) values take C
 * escapes (\n \r \t \\ \xHH).
 *   name: ID                  starts a case (agent "*", no media type)
 *   aitxt: (esc)              the /ai.txt body; "-" = no file (the fetch failed)
 *   agent: T                  crawler token to query
 *   type: MEDIA/TYPE          the asset's media type; "-" = unknown
 *   expect: PATH R [k=v...]   PATH ("-" = empty) checked; R is allow, disallow or unset; keys:
 *                             line=N default=yes|no by-type=yes|no
 *   format: F                 the sniffed format (cs_aitxt_format_name)
 *   api: (esc)                a Spawning registry answer (signals.md 5.2)
 *   lookup: URL R [status=ok|parse]   cs_spawning_api_lookup on it
 *   batch: URL... => R... [status=ok|parse]   cs_spawning_api_batch on it, the URLs asked in
 *                             that order ("-" = the empty padding line); R as above or absent
 * Every signals.md 5.3 ID (A1..A10) must appear as a case name or a case name's prefix.
 */
#include "cs_setup.h"

#include "aitxt.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

struct tcase {
    char name[96];
    struct cs_aitxt *a; /* NULL: no file */
    char agent[128];
    char type[128];
    char *api;
    size_t api_len;
};

static const char *const required_ids[] = { "A1", "A2", "A3", "A4", "A5",
                                            "A6", "A7", "A8", "A9", "A10" };
static bool seen_ids[CS_ARRAY_LEN(required_ids)];

static void mark_id(const char *name)
{
    for (size_t i = 0; i < CS_ARRAY_LEN(required_ids); i++) {
        size_t n = strlen(required_ids[i]);
        if (strncmp(name, required_ids[i], n) == 0 && (name[n] == '\0' || name[n] == '_'))
            seen_ids[i] = true;
    }
}

static void reset(struct tcase *tc)
{
    cs_aitxt_free(tc->a);
    tc->a = NULL;
    free(tc->api);
    tc->api = NULL;
    snprintf(tc->agent, sizeof(tc->agent), "*");
    tc->type[0] = '\0';
}

static void check_str(const struct tcase *tc, const char *what, const char *got, const char *want)
{
    if (strcmp(got, want) == 0)
        cs_test_passed++;
    else
        cs_test_fail(__FILE__, __LINE__, "case %s: %s: got '%s', want '%s'", tc->name, what, got,
                     want);
}

static const char *yes(bool b)
{
    return b ? "yes" : "no";
}

static const char *answer(int v)
{
    return v < 0 ? "unset" : v ? "allow" : "disallow";
}

static void check_key(const struct tcase *tc, const struct cs_aitxt_verdict *v, const char *k,
                      const char *val)
{
    char num[32];

    snprintf(num, sizeof(num), "%d", v->line);
    if (strcmp(k, "line") == 0)
        check_str(tc, k, num, val);
    else if (strcmp(k, "default") == 0)
        check_str(tc, k, yes(v->default_allowed), val);
    else if (strcmp(k, "by-type") == 0)
        check_str(tc, k, yes(v->by_media_type), val);
    else
        cs_test_fail(__FILE__, __LINE__, "case %s: unknown key '%s'", tc->name, k);
}

static void d_expect(const struct tcase *tc, char *v)
{
    struct cs_aitxt_verdict out = { .allowed = -1 };
    char *save = NULL;
    char *path = strtok_r(v, " ", &save);
    char *want = strtok_r(NULL, " ", &save);
    char *tok;

    if (!path || !want) {
        cs_test_fail(__FILE__, __LINE__, "case %s: expect: PATH RESULT", tc->name);
        return;
    }
    if (tc->a)
        CS_CHECK_INT_EQ(cs_aitxt_check(tc->a, tc->agent, strcmp(path, "-") == 0 ? "" : path,
                                       tc->type[0] ? tc->type : NULL, &out),
                        CS_OK);
    check_str(tc, "allowed", answer(out.allowed), want);
    if (out.allowed == 0 && !out.rule)
        cs_test_fail(__FILE__, __LINE__, "case %s: a refusal without its rule", tc->name);
    while ((tok = strtok_r(NULL, " ", &save)) != NULL) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            cs_test_fail(__FILE__, __LINE__, "case %s: bad token '%s'", tc->name, tok);
            continue;
        }
        *eq = '\0';
        check_key(tc, &out, tok, eq + 1);
    }
}

static void d_lookup(const struct tcase *tc, char *v)
{
    char *save = NULL;
    char *url = strtok_r(v, " ", &save);
    char *want = strtok_r(NULL, " ", &save);
    char *status = strtok_r(NULL, " ", &save);
    int got = -2, rc;

    if (!url || !want || !tc->api) {
        cs_test_fail(__FILE__, __LINE__, "case %s: lookup: URL RESULT after api:", tc->name);
        return;
    }
    rc = cs_spawning_api_lookup(tc->api, tc->api_len, url, &got);
    check_str(tc, "registry", answer(got), want);
    if (status)
        check_str(tc, "status", rc == CS_OK ? "status=ok" : "status=parse", status);
}

#define MAX_BATCH 16

static const char *batch_answer(int v)
{
    return v == CS_SPAWNING_ABSENT ? "absent" : answer(v);
}

/* "URL... => R... [status=...]": the answers of one cs_spawning_api_batch call. */
static void d_batch(const struct tcase *tc, char *v)
{
    const char *urls[MAX_BATCH];
    int got[MAX_BATCH];
    size_t n = 0, k = 0;
    char *save = NULL, *tok;
    int rc;

    while ((tok = strtok_r(n || k ? NULL : v, " ", &save)) && strcmp(tok, "=>") && n < MAX_BATCH)
        urls[n++] = strcmp(tok, "-") == 0 ? "" : tok;
    if (!tok || !tc->api) {
        cs_test_fail(__FILE__, __LINE__, "case %s: batch: URL... => R... after api:", tc->name);
        return;
    }
    rc = cs_spawning_api_batch(tc->api, tc->api_len, urls, n, got);
    while ((tok = strtok_r(NULL, " ", &save)) != NULL) {
        if (strncmp(tok, "status=", 7) == 0)
            check_str(tc, "status", rc == CS_OK ? "status=ok" : "status=parse", tok);
        else if (k < n)
            check_str(tc, urls[k], batch_answer(got[k]), tok), k++;
    }
    if (k != n)
        cs_test_fail(__FILE__, __LINE__, "case %s: batch: %zu URLs, %zu answers", tc->name, n, k);
}

static void d_aitxt(struct tcase *tc, const char *v)
{
    size_t len = 0;
    char *body;

    cs_aitxt_free(tc->a);
    tc->a = NULL;
    if (strcmp(v, "-") == 0)
        return;
    body = cs_test_unescape(v, &len);
    CS_CHECK(body != NULL);
    if (body)
        CS_CHECK_INT_EQ(cs_aitxt_parse(body, len, &tc->a, NULL), CS_OK);
    free(body);
}

static void set_field(char *dst, size_t n, const char *v)
{
    snprintf(dst, n, "%s", strcmp(v, "-") == 0 ? "" : v);
}

static void run_line(struct tcase *tc, char *line, int *ncases)
{
    char *colon = strchr(line, ':');
    char *v;

    if (!colon) {
        cs_test_fail(__FILE__, __LINE__, "case %s: line without ':': %s", tc->name, line);
        return;
    }
    *colon = '\0';
    for (v = colon + 1; *v == ' '; v++)
        ;
    if (strcmp(line, "name") == 0) {
        reset(tc);
        snprintf(tc->name, sizeof(tc->name), "%s", v);
        mark_id(v);
        (*ncases)++;
    } else if (strcmp(line, "aitxt") == 0) {
        d_aitxt(tc, v);
    } else if (strcmp(line, "agent") == 0) {
        set_field(tc->agent, sizeof(tc->agent), v);
    } else if (strcmp(line, "type") == 0) {
        set_field(tc->type, sizeof(tc->type), v);
    } else if (strcmp(line, "expect") == 0) {
        d_expect(tc, v);
    } else if (strcmp(line, "format") == 0) {
        check_str(tc, "format", tc->a ? cs_aitxt_format_name(cs_aitxt_format(tc->a)) : "-", v);
    } else if (strcmp(line, "api") == 0) {
        free(tc->api);
        tc->api = cs_test_unescape(v, &tc->api_len);
    } else if (strcmp(line, "lookup") == 0) {
        d_lookup(tc, v);
    } else if (strcmp(line, "batch") == 0) {
        d_batch(tc, v);
    } else {
        cs_test_fail(__FILE__, __LINE__, "case %s: unknown key '%s'", tc->name, line);
    }
}

struct file_ctx {
    struct tcase tc;
    int *ncases;
};

static void file_line(char *line, void *ctx)
{
    struct file_ctx *c = ctx;

    run_line(&c->tc, line, c->ncases);
}

static void run_case_file(const char *path, void *ncases)
{
    struct file_ctx c;

    memset(&c, 0, sizeof(c));
    reset(&c.tc);
    c.ncases = ncases;
    cs_test_each_line(path, file_line, &c);
    reset(&c.tc);
}

static void test_cases(void)
{
    int ncases = 0;

    cs_test_each_case_file("aitxt", run_case_file, &ncases);
    CS_CHECK(ncases >= 30);
    for (size_t i = 0; i < CS_ARRAY_LEN(required_ids); i++) {
        if (seen_ids[i])
            cs_test_passed++;
        else
            cs_test_fail(__FILE__, __LINE__, "vector %s has no case", required_ids[i]);
    }
}

/* Rules past CS_AITXT_MAX_BYTES are not read, and the diagnostic says so. */
static void test_cap(void)
{
    static const char head[] = "User-agent: *\nAllow: /\n";
    size_t n = CS_AITXT_MAX_BYTES + 4096;
    char *buf = malloc(n);
    struct cs_diag diag = { 0 };
    struct cs_aitxt_verdict v;
    struct cs_aitxt *a = NULL;

    CS_CHECK(buf != NULL);
    if (!buf)
        return;
    memset(buf, '#', n);
    memcpy(buf, head, sizeof(head) - 1);
    buf[sizeof(head) - 1 + 80] = '\n';
    memcpy(buf + n - 20, "\nDisallow: *.jpg\n", 17);
    CS_CHECK_INT_EQ(cs_aitxt_parse(buf, n, &a, &diag), CS_OK);
    CS_CHECK(a && cs_aitxt_check(a, "*", "/a.jpg", NULL, &v) == CS_OK && v.allowed == 1);
    CS_CHECK_INT_EQ(diag.code, CS_E_LIMIT);
    cs_aitxt_free(a);
    free(buf);
}

static void test_api(void)
{
    struct cs_aitxt *a = NULL;
    struct cs_aitxt_verdict v;
    const char *const *ext = cs_aitxt_extensions(" image/JPEG ;q=1");
    int out = 5;

    CS_CHECK(ext && strcmp(ext[0], "jpg") == 0 && strcmp(ext[1], "jpeg") == 0 && !ext[2]);
    CS_CHECK(cs_aitxt_extensions("image/jpegx") == NULL);
    CS_CHECK(cs_aitxt_extensions(NULL) == NULL);
    CS_CHECK_INT_EQ(cs_aitxt_parse("User-agent: *\n", 14, &a, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_aitxt_check(a, NULL, "/", NULL, &v), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_aitxt_check(a, "*", NULL, NULL, &v), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_aitxt_check(NULL, "*", "/", NULL, &v), CS_E_INVALID);
    CS_CHECK_STR_EQ(cs_aitxt_format_name((enum cs_aitxt_format)42), "no-groups");
    cs_aitxt_free(a);
    CS_CHECK_INT_EQ(cs_spawning_api_lookup("{}", CS_SPAWNING_API_MAX + 1, "u", &out), CS_E_LIMIT);
    CS_CHECK_INT_EQ(out, -1);
    CS_CHECK_INT_EQ(cs_spawning_api_lookup("[", 1, "u", &out), CS_E_PARSE);
    CS_CHECK_INT_EQ(cs_spawning_api_lookup(NULL, 0, "u", &out), CS_E_INVALID);
}

/* The batch reader: argument checks, the cap, and 10,000 URLs answered in one pass. */
static void test_api_batch(void)
{
    enum { N = 10000 };

    const char *one[] = { "u" };
    const char **urls = calloc(N, sizeof(*urls));
    char *names = calloc(N, 40), *body = malloc((size_t)N * 80 + 32);
    int *out = calloc(N, sizeof(*out)), got = 5;
    size_t at = 0;

    CS_CHECK_INT_EQ(cs_spawning_api_batch("{}", CS_SPAWNING_API_MAX + 1, one, 1, &got), CS_E_LIMIT);
    CS_CHECK_INT_EQ(got, CS_SPAWNING_ABSENT);
    CS_CHECK_INT_EQ(cs_spawning_api_batch(NULL, 0, one, 1, &got), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_spawning_api_batch("{}", 2, NULL, 1, &got), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_spawning_api_batch("{\"urls\":[]}", 11, NULL, 0, NULL), CS_OK);
    CS_CHECK(urls && names && body && out);
    if (!urls || !names || !body || !out)
        goto done;
    at += (size_t)snprintf(body, 16, "{\"urls\":[");
    for (int i = 0; i < N; i++) { /* answered in reverse: every entry through the index */
        int j = N - 1 - i;
        snprintf(names + (size_t)i * 40, 40, "https://ex.com/%d.jpg", i);
        urls[i] = names + (size_t)i * 40;
        at += (size_t)snprintf(body + at, 80, "%s{\"url\":\"https://ex.com/%d.jpg\",\"optOut\":%s}",
                               i ? "," : "", j, j % 3 == 0 ? "true" : "false");
    }
    at += (size_t)snprintf(body + at, 4, "]}");
    CS_CHECK_INT_EQ(cs_spawning_api_batch(body, at, urls, N, out), CS_OK);
    CS_CHECK_INT_EQ(out[0], 0);
    CS_CHECK_INT_EQ(out[1], -1);
    CS_CHECK_INT_EQ(out[9999], 0);
    CS_CHECK_INT_EQ(out[9998], -1);
done:
    free(urls);
    free(names);
    free(body);
    free(out);
}

int main(void)
{
    test_cases();
    test_cap();
    test_api();
    test_api_batch();
    return cs_test_done();
}
