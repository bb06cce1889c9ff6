/* SPDX-License-Identifier: MIT
 * test_sf.c - the RFC 9651 parser: every case of the tests/cases/sf files (format in the README
 * there), plus the caps, the accessors and the line-combining API.
 */
#include "cs_setup.h"

#include "sf.h"
#include "testlib.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define SEP " | "

static char *trim(char *s)
{
    char *e;

    while (*s == ' ')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* Splits "ID | kind | input | expected" (the input may be empty; expected follows the last
 * separator). Returns false when the line is malformed. */
static bool split_case(char *line, char *col[4])
{
    char *s1 = strstr(line, SEP), *s2 = s1 ? strstr(s1 + 3, SEP) : NULL, *s3 = NULL;

    for (char *p = s2; p; p = strstr(p + 1, SEP))
        s3 = p;
    if (!s2 || s3 < s2 + 3)
        return false; /* an empty input, "kind |  | expected", still has s3 == s2 + 3 */
    *s1 = *s2 = *s3 = '\0';
    col[0] = trim(line);
    col[1] = trim(s1 + 3);
    col[2] = trim(s2 + 3);
    col[3] = trim(s3 + 3);
    return true;
}

static bool kind_of(const char *name, enum cs_sf_kind *kind)
{
    static const char *const names[] = { "list", "dictionary", "item" };

    for (size_t i = 0; i < CS_ARRAY_LEN(names); i++)
        if (strcmp(name, names[i]) == 0) {
            *kind = (enum cs_sf_kind)i;
            return true;
        }
    return false;
}

/* Parses the " ;; "-separated, escaped lines of input as kind. */
static int parse_input(const char *input, enum cs_sf_kind kind, struct cs_sf_field *f,
                       struct cs_diag *diag)
{
    char *copy = strdup(input), *lines[16];
    size_t lens[16], n = 0;
    int rc;

    for (char *p = copy; p && n < 16;) {
        char *sep = strstr(p, " ;; ");
        if (sep)
            *sep = '\0';
        lines[n] = cs_test_unescape(p, &lens[n]);
        n++;
        p = sep ? sep + 4 : NULL;
    }
    rc = cs_sf_parse_lines((const char *const *)lines, lens, input[0] ? n : 0, kind, f, diag);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(copy);
    return rc;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);

    return n >= k && strcmp(s + n - k, tail) == 0;
}

static void check_error(const char *id, int rc, const struct cs_diag *diag, const char *want)
{
    char at[64];
    const char *text = strchr(want, ' ');

    if (rc == CS_OK) {
        cs_test_fail(__FILE__, __LINE__, "case %s: parsed, expected an error", id);
        return;
    }
    snprintf(at, sizeof(at), "at offset %.*s", (int)(text ? text - want : 0), want);
    if (!text || strstr(diag->msg, text + 1) == NULL ||
        (strncmp(want, "- ", 2) != 0 && !ends_with(diag->msg, at)))
        cs_test_fail(__FILE__, __LINE__, "case %s: message \"%s\", expected \"%s\" %s", id,
                     diag->msg, text ? text + 1 : "?", at);
    else
        cs_test_passed++;
}

static void check_json(const char *id, int rc, const struct cs_sf_field *f, const char *want)
{
    json_error_t jerr;
    json_t *expected = json_loads(want, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr), *got = NULL;
    char *text = NULL;

    if (!expected) {
        cs_test_fail(__FILE__, __LINE__, "case %s: bad expected JSON: %s", id, jerr.text);
        return;
    }
    if (rc == CS_OK && cs_sf_to_json(f, &text) == CS_OK)
        got = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (rc != CS_OK)
        cs_test_fail(__FILE__, __LINE__, "case %s: failed, expected %s", id, want);
    else if (!got || !json_equal(got, expected))
        cs_test_fail(__FILE__, __LINE__, "case %s: got %s, expected %s", id, text ? text : "(null)",
                     want);
    else
        cs_test_passed++;
    json_decref(expected);
    json_decref(got);
    free(text);
}

static void run_case(char *line)
{
    char *col[4];
    enum cs_sf_kind kind;
    struct cs_sf_field f;
    struct cs_diag diag = { 0 };
    int rc;

    if (!split_case(line, col) || !kind_of(col[1], &kind)) {
        cs_test_fail(__FILE__, __LINE__, "malformed case line: %s", line);
        return;
    }
    rc = parse_input(col[2], kind, &f, &diag);
    if (strncmp(col[3], "ERR ", 4) == 0)
        check_error(col[0], rc, &diag, col[3] + 4);
    else
        check_json(col[0], rc, &f, col[3]);
    if (rc != CS_OK)
        CS_CHECK(f.count == 0 && f.members == NULL);
    cs_sf_field_release(&f);
}

static int run_file(const char *path)
{
    char *text = cs_test_read_file(path, NULL);
    char *save = NULL;
    int count = 0;

    CS_CHECK(text != NULL);
    if (!text)
        return 0;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || line[0] == '\0')
            continue;
        run_case(line);
        count++;
    }
    free(text);
    return count;
}

static void test_cases(void)
{
    DIR *d = opendir(CS_CASES_DIR "/sf");
    struct dirent *de;
    int count = 0;

    CS_CHECK(d != NULL);
    while (d && (de = readdir(d)) != NULL) {
        char path[1024];
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 5, ".case") != 0)
            continue;
        snprintf(path, sizeof(path), "%s/sf/%s", CS_CASES_DIR, de->d_name);
        count += run_file(path);
    }
    if (d)
        closedir(d);
    CS_CHECK(count >= 250);
}

/* A Dictionary of n members "k0=0, k1=1, ...". Returns owned. */
static char *many_members(size_t n)
{
    char *s = malloc(n * 16 + 1);
    size_t len = 0;

    for (size_t i = 0; s && i < n; i++)
        len += (size_t)snprintf(s + len, 17, "%sk%zu=%zu", i ? ", " : "", i, i);
    if (s)
        s[len] = '\0';
    return s;
}

static void test_member_cap(void)
{
    struct cs_sf_field f;
    struct cs_diag diag = { 0 };
    char *ok = many_members(CS_SF_MAX_MEMBERS), *over = many_members(CS_SF_MAX_MEMBERS + 1);

    CS_CHECK_INT_EQ(cs_sf_parse(ok, strlen(ok), CS_SF_DICTIONARY, &f, NULL), CS_OK);
    CS_CHECK_INT_EQ(f.count, CS_SF_MAX_MEMBERS);
    CS_CHECK(cs_sf_dict_get(&f, "k1023") != NULL);
    CS_CHECK_INT_EQ(cs_sf_dict_get(&f, "k1023")->bare.integer, 1023);
    cs_sf_field_release(&f);
    CS_CHECK_INT_EQ(cs_sf_parse(over, strlen(over), CS_SF_DICTIONARY, &f, &diag), CS_E_LIMIT);
    CS_CHECK(strstr(diag.msg, "more than 1024 members") != NULL);
    CS_CHECK(f.count == 0 && f.members == NULL);
    /* duplicates do not count: 2000 times the same key is one member */
    {
        char buf[8192];
        size_t len = 0;
        for (int i = 0; i < 2000; i++)
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%sa", i ? "," : "");
        CS_CHECK_INT_EQ(cs_sf_parse(buf, len, CS_SF_DICTIONARY, &f, NULL), CS_OK);
        CS_CHECK_INT_EQ(f.count, 1);
        cs_sf_field_release(&f);
    }
    free(ok);
    free(over);
}

/* "a=(1 1 ... 1)" with n items, or "a;p0;p1..." with n parameters. Returns owned. */
static char *many_inner(size_t n, bool params)
{
    char *s = malloc(n * 8 + 8);
    size_t len = (size_t)snprintf(s, 8, "%s", params ? "a" : "a=(");

    for (size_t i = 0; i < n; i++)
        len += params ? (size_t)snprintf(s + len, 9, ";p%zu", i)
                      : (size_t)snprintf(s + len, 3, "%s1", i ? " " : "");
    if (!params)
        s[len++] = ')';
    s[len] = '\0';
    return s;
}

static void test_inner_and_param_caps(void)
{
    struct cs_sf_field f;
    struct cs_diag diag = { 0 };
    char *s;

    s = many_inner(CS_SF_MAX_INNER, false);
    CS_CHECK_INT_EQ(cs_sf_parse(s, strlen(s), CS_SF_DICTIONARY, &f, NULL), CS_OK);
    CS_CHECK_INT_EQ(f.count == 1 ? f.members[0].count : 0, CS_SF_MAX_INNER);
    cs_sf_field_release(&f);
    free(s);
    s = many_inner(CS_SF_MAX_INNER + 1, false);
    CS_CHECK_INT_EQ(cs_sf_parse(s, strlen(s), CS_SF_DICTIONARY, &f, &diag), CS_E_LIMIT);
    CS_CHECK(strstr(diag.msg, "more than 256 items") != NULL);
    free(s);
    s = many_inner(CS_SF_MAX_PARAMS, true);
    CS_CHECK_INT_EQ(cs_sf_parse(s, strlen(s), CS_SF_DICTIONARY, &f, NULL), CS_OK);
    CS_CHECK_INT_EQ(f.count == 1 ? f.members[0].params.count : 0, CS_SF_MAX_PARAMS);
    cs_sf_field_release(&f);
    free(s);
    s = many_inner(CS_SF_MAX_PARAMS + 1, true);
    memset(&diag, 0, sizeof(diag));
    CS_CHECK_INT_EQ(cs_sf_parse(s, strlen(s), CS_SF_DICTIONARY, &f, &diag), CS_E_LIMIT);
    CS_CHECK(strstr(diag.msg, "more than 256 parameters") != NULL);
    free(s);
}

static void test_input_cap(void)
{
    struct cs_sf_field f;
    struct cs_diag diag = { 0 };
    char *s = malloc(CS_SF_MAX_INPUT + 1);
    const char *lines[2];
    size_t lens[2];

    memset(s, ' ', CS_SF_MAX_INPUT + 1);
    s[0] = 'a';
    CS_CHECK_INT_EQ(cs_sf_parse(s, CS_SF_MAX_INPUT, CS_SF_DICTIONARY, &f, NULL), CS_OK);
    CS_CHECK_INT_EQ(f.count, 1);
    cs_sf_field_release(&f);
    CS_CHECK_INT_EQ(cs_sf_parse(s, CS_SF_MAX_INPUT + 1, CS_SF_DICTIONARY, &f, &diag), CS_E_LIMIT);
    CS_CHECK(strstr(diag.msg, "exceeds 65536 bytes") != NULL);
    /* the ", " between lines counts */
    lines[0] = lines[1] = s;
    lens[0] = CS_SF_MAX_INPUT / 2;
    lens[1] = CS_SF_MAX_INPUT / 2 - 1;
    CS_CHECK_INT_EQ(cs_sf_parse_lines(lines, lens, 2, CS_SF_DICTIONARY, &f, NULL), CS_E_LIMIT);
    free(s);
}

static void test_accessors(void)
{
    const char *v = "a=1;x=tok;y=\"s\", b=?0, c=(1), d=y, e=Y";
    struct cs_sf_field f;
    const struct cs_sf_member *m;

    CS_CHECK_INT_EQ(cs_sf_parse(v, strlen(v), CS_SF_DICTIONARY, &f, NULL), CS_OK);
    m = cs_sf_dict_get(&f, "a");
    CS_CHECK(m && !m->inner && m->bare.type == CS_SF_INTEGER && m->bare.integer == 1);
    CS_CHECK(m && cs_sf_is_token(cs_sf_param_get(&m->params, "x"), "tok"));
    CS_CHECK(m && !cs_sf_is_token(cs_sf_param_get(&m->params, "y"), "s"));
    CS_CHECK(m && cs_sf_param_get(&m->params, "z") == NULL);
    CS_CHECK(cs_sf_dict_get(&f, "A") == NULL);
    CS_CHECK(cs_sf_dict_get(&f, "c") && cs_sf_dict_get(&f, "c")->inner);
    CS_CHECK(cs_sf_is_token(&cs_sf_dict_get(&f, "d")->bare, "y"));
    CS_CHECK(!cs_sf_is_token(&cs_sf_dict_get(&f, "e")->bare, "y"));
    CS_CHECK_STR_EQ(cs_sf_type_name(CS_SF_DISPLAY), "displaystring");
    CS_CHECK_STR_EQ(cs_sf_type_name(CS_SF_STRING), "string");
    CS_CHECK_STR_EQ(cs_sf_type_name(CS_SF_TOKEN), "token");
    CS_CHECK_STR_EQ(cs_sf_kind_name(CS_SF_DICTIONARY), "dictionary");
    cs_sf_field_release(&f);
    cs_sf_field_release(&f); /* an empty field releases again */
}

static void test_values(void)
{
    const char *v = "-999999999999.999, :AAECAwQ=:, %\"a%00b\", 7.5";
    struct cs_sf_field f;

    CS_CHECK_INT_EQ(cs_sf_parse(v, strlen(v), CS_SF_LIST, &f, NULL), CS_OK);
    CS_CHECK_INT_EQ(f.count, 4);
    if (f.count == 4) {
        CS_CHECK(f.members[0].key == NULL);
        CS_CHECK(f.members[0].bare.milli == -999999999999999LL);
        CS_CHECK(f.members[1].bare.len == 5 && memcmp(f.members[1].bare.str, "\0\1\2\3\4", 5) == 0);
        CS_CHECK(f.members[2].bare.len == 3 && memcmp(f.members[2].bare.str, "a\0b", 3) == 0);
        CS_CHECK_INT_EQ(f.members[3].bare.milli, 7500);
    }
    cs_sf_field_release(&f);
}

static void test_lines_api(void)
{
    const char *lines[] = { "a=1", NULL, "b=2" };
    struct cs_sf_field f;

    /* an absent field: empty List and Dictionary, failed Item */
    CS_CHECK_INT_EQ(cs_sf_parse_lines(NULL, NULL, 0, CS_SF_LIST, &f, NULL), CS_OK);
    CS_CHECK(f.count == 0 && f.kind == CS_SF_LIST);
    CS_CHECK_INT_EQ(cs_sf_parse_lines(NULL, NULL, 0, CS_SF_DICTIONARY, &f, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_sf_parse_lines(NULL, NULL, 0, CS_SF_ITEM, &f, NULL), CS_E_PARSE);
    CS_CHECK_INT_EQ(cs_sf_parse(NULL, 0, CS_SF_ITEM, &f, NULL), CS_E_PARSE);
    /* lens NULL: C strings; a NULL line is empty, so "a=1, , b=2" has an empty member */
    CS_CHECK_INT_EQ(cs_sf_parse_lines(lines, NULL, 3, CS_SF_DICTIONARY, &f, NULL), CS_E_PARSE);
    lines[1] = "c";
    CS_CHECK_INT_EQ(cs_sf_parse_lines(lines, NULL, 3, CS_SF_DICTIONARY, &f, NULL), CS_OK);
    CS_CHECK_INT_EQ(f.count, 3);
    CS_CHECK(f.kind == CS_SF_DICTIONARY && cs_sf_dict_get(&f, "c") != NULL);
    cs_sf_field_release(&f);
}

/* A parse failure keeps the first diagnostic already set, as cs_diag_set does everywhere. */
static void test_diag_first_kept(void)
{
    struct cs_diag diag = { 0 };
    struct cs_sf_field f;

    CS_CHECK_INT_EQ(cs_sf_parse("A", 1, CS_SF_DICTIONARY, &f, &diag), CS_E_PARSE);
    CS_CHECK_INT_EQ(diag.code, CS_E_PARSE);
    CS_CHECK_STR_EQ(diag.msg, "key must start with a lowercase letter or '*' at offset 0");
}

int main(void)
{
    test_cases();
    test_member_cap();
    test_inner_and_param_caps();
    test_input_cap();
    test_accessors();
    test_values();
    test_lines_api();
    test_diag_first_kept();
    return cs_test_done();
}
