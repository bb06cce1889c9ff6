/* SPDX-License-Identifier: MIT
 * test_ckan.c - CKAN package_search responses (ckan.h; issue 4 "--index URL") over the
 * fixtures of tests/cases/ckan/: NAME.json is read and {"total": N, "result": <the croissant
 * object>} compared structurally with NAME.expected.json, or the error with NAME.error.
 */
#include "cs_setup.h"

#include "ckan.h"
#include "testlib.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define DIR_CASES CS_CASES_DIR "/ckan"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static json_t *result_json(const struct cs_croissant *c, long long total)
{
    char *s = cs_croissant_to_json(c);
    json_t *r = s ? json_loads(s, 0, NULL) : NULL;

    free(s);
    return r ? json_pack("{s:I, s:o}", "total", (json_int_t)total, "result", r) : NULL;
}

static void run_case(const char *name)
{
    char path[1024], base[900];
    struct cs_croissant *c = NULL;
    struct cs_diag d = { 0 };
    long long total = 0;
    size_t len = 0;
    char *buf;
    int rc;

    snprintf(path, sizeof(path), "%s/%s", DIR_CASES, name);
    snprintf(base, sizeof(base), "%s/%.*s", DIR_CASES, (int)(strlen(name) - 5), name);
    buf = cs_test_read_file(path, &len);
    if (!buf) {
        cs_test_fail(__FILE__, __LINE__, "cannot read %s", path);
        return;
    }
    rc = cs_ckan_parse(buf, len, &c, &total, &d);
    free(buf);
    if (rc != CS_OK) {
        CS_CHECK(c == NULL);
        cs_test_expect_error(name, base, rc, d.msg);
        return;
    }
    json_t *got = result_json(c, total);
    char *text = got ? json_dumps(got, JSON_COMPACT) : NULL;
    cs_test_expect_json(name, base, text);
    free(text);
    json_decref(got);
    cs_croissant_free(c);
}

static void test_cases(void)
{
    DIR *dir = opendir(DIR_CASES);
    struct dirent *e;
    int n = 0;

    CS_CHECK(dir != NULL);
    while (dir && (e = readdir(dir)) != NULL) {
        if (ends_with(e->d_name, ".json") && !ends_with(e->d_name, ".expected.json")) {
            run_case(e->d_name);
            n++;
        }
    }
    if (dir)
        closedir(dir);
    CS_CHECK(n >= 5);
}

static void test_limits(void)
{
    struct cs_croissant *c = NULL;
    struct cs_diag d = { 0 };
    long long total = 7;

    CS_CHECK_INT_EQ(cs_ckan_parse(NULL, 0, &c, &total, &d), CS_E_PARSE);
    CS_CHECK_INT_EQ(total, -1);
    CS_CHECK_INT_EQ(cs_ckan_parse("{}", (size_t)CS_CROISSANT_MAX_BYTES + 1, &c, NULL, &d),
                    CS_E_LIMIT);
    CS_CHECK(c == NULL);
}

int main(void)
{
    test_cases();
    test_limits();
    return cs_test_done();
}
