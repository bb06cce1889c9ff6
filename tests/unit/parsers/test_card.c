/* SPDX-License-Identifier: MIT
 * test_card.c - the card parser (parsers/card.h; issue 4 item 2). The spec is data:
 * tests/cases/cards/<name>.md with the expected `consentscan card` object in <name>.json
 * (compared structurally), api/<name>.json cardData with api/<name>.expect.json, and
 * classify.case for the link-class table. Plus limits (huge cards, many links), line numbers
 * under every line-end convention, and the diagnostic.
 */
#include "cs_setup.h"

#include "card.h"
#include "card_int.h"
#include "cs_buf.h"
#include "testlib.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define CARDS CS_CASES_DIR "/cards"

static char *card_json(const struct cs_card *c)
{
    char *out = NULL;
    CS_CHECK_INT_EQ(cs_card_to_json(c, c->looks_like_model, &out), CS_OK);
    return out;
}

/* Compares the JSON text got with the expected file; prints both on a mismatch. */
static void check_json(const char *name, const char *got, const char *expect_path)
{
    json_error_t err;
    json_t *want = json_load_file(expect_path, 0, &err);
    json_t *have = got ? json_loads(got, 0, &err) : NULL;
    char *w = NULL;

    if (want && have && json_equal(want, have)) {
        cs_test_passed++;
    } else {
        w = want ? json_dumps(want, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        cs_test_fail(__FILE__, __LINE__, "%s:\n  expected %s\n  got      %s", name,
                     w ? w : "(unreadable expected file)", got ? got : "(null)");
    }
    free(w);
    json_decref(want);
    json_decref(have);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of dir's files ending in suffix; returns how many (*out owned). */
static size_t list_cases(const char *dir, const char *suffix, char ***out)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0, sl = strlen(suffix);

    *out = NULL;
    while (d && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= sl || strcmp(e->d_name + len - sl, suffix) != 0 || strstr(e->d_name, ".expect"))
            continue;
        *out = realloc(*out, (n + 1) * sizeof(**out));
        (*out)[n++] = strdup(e->d_name);
    }
    if (d)
        closedir(d);
    if (n)
        qsort(*out, n, sizeof(**out), cmp_names);
    return n;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void test_md_cases(void)
{
    char **names;
    size_t n = list_cases(CARDS, ".md", &names);
    char path[1024];

    CS_CHECK(n >= 30);
    for (size_t i = 0; i < n; i++) {
        struct cs_card c;
        size_t len = 0;
        char *bytes, *got = NULL;
        snprintf(path, sizeof(path), "%s/%s", CARDS, names[i]);
        bytes = cs_test_read_file(path, &len);
        CS_CHECK(bytes != NULL);
        if (!bytes)
            continue;
        CS_CHECK_INT_EQ(cs_card_parse(bytes, len, &c, NULL), CS_OK);
        got = card_json(&c);
        snprintf(path + strlen(path) - 3, 6, ".json");
        check_json(names[i], got, path);
        cs_card_release(&c);
        free(got);
        free(bytes);
    }
    free_list(names, n);
}

static void test_api_cases(void)
{
    char **names;
    size_t n = list_cases(CARDS "/api", ".json", &names);
    char path[1024];

    CS_CHECK(n >= 5);
    for (size_t i = 0; i < n; i++) {
        struct cs_card c;
        json_error_t err;
        json_t *data;
        char *got = NULL;
        snprintf(path, sizeof(path), "%s/api/%s", CARDS, names[i]);
        data = json_load_file(path, JSON_DECODE_ANY, &err);
        CS_CHECK(data != NULL);
        CS_CHECK_INT_EQ(cs_card_from_json(data, &c, NULL), CS_OK);
        got = card_json(&c);
        snprintf(path + strlen(path) - 5, 13, ".expect.json");
        check_json(names[i], got, path);
        cs_card_release(&c);
        free(got);
        json_decref(data);
    }
    free_list(names, n);
}

static const char *field(char **p)
{
    char *s = *p, *tab = strchr(s, '\t');

    if (tab) {
        *tab = '\0';
        *p = tab + 1;
    } else {
        *p = s + strlen(s);
    }
    return strcmp(s, "-") == 0 ? NULL : s;
}

static void test_classify_cases(void)
{
    size_t len = 0;
    char *text = cs_test_read_file(CARDS "/classify.case", &len);
    int cases = 0;

    CS_CHECK(text != NULL);
    for (char *line = text, *next; line && *line; line = next) {
        char *p = line;
        const char *cls, *url;
        enum cs_link_class want;
        struct cs_card_ctx ctx = { 0 };
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (*line == '#' || !*line)
            continue;
        cls = field(&p);
        url = field(&p);
        ctx.label = field(&p);
        ctx.label_len = ctx.label ? strlen(ctx.label) : 0;
        ctx.heading = field(&p);
        ctx.key = field(&p);
        CS_CHECK_INT_EQ(cs_link_class_parse(cls, &want), CS_OK);
        if (cs_card_classify(url, strlen(url), &ctx) == want)
            cs_test_passed++;
        else
            cs_test_fail(__FILE__, __LINE__, "classify %s: expected %s, got %s", url, cls,
                         cs_link_class_name(cs_card_classify(url, strlen(url), &ctx)));
        cases++;
    }
    CS_CHECK(cases >= 50);
    free(text);
}

/* The same card with \n, \r\n, \r and a BOM: same links at the same lines. */
static void test_line_numbers(void)
{
    const char *names[] = { "crlf.md", "cr_only.md", "bom.md" };
    char path[1024];

    for (size_t i = 0; i < CS_ARRAY_LEN(names); i++) {
        struct cs_card c;
        size_t len = 0;
        char *bytes;
        snprintf(path, sizeof(path), "%s/%s", CARDS, names[i]);
        bytes = cs_test_read_file(path, &len);
        CS_CHECK_INT_EQ(cs_card_parse(bytes, len, &c, NULL), CS_OK);
        CS_CHECK_INT_EQ(c.link_count, 4);
        if (c.link_count == 4) {
            CS_CHECK_INT_EQ(c.links[0].line, 0); /* front matter */
            CS_CHECK_INT_EQ(c.links[1].line, 9);
            CS_CHECK_INT_EQ(c.links[2].line, 10);
            CS_CHECK_INT_EQ(c.links[3].line, 14);
        }
        cs_card_release(&c);
        free(bytes);
    }
}

static void test_yaml_error_diag(void)
{
    const char *text = "\n\n---\nlicense: mit\nbad: [1,\n---\nhttps://x.example.org/\n";
    struct cs_diag diag = { 0 };
    struct cs_card c;

    CS_CHECK_INT_EQ(cs_card_parse(text, strlen(text), &c, &diag), CS_OK);
    CS_CHECK(!c.yaml_ok);
    CS_CHECK(c.has_front_matter);
    CS_CHECK_INT_EQ(c.yaml_error_line, 6);
    CS_CHECK_INT_EQ(diag.line, 6);
    CS_CHECK_INT_EQ(diag.code, CS_E_PARSE);
    CS_CHECK(strstr(diag.msg, "front matter") != NULL);
    CS_CHECK_INT_EQ(c.link_count, 1);
    CS_CHECK_INT_EQ(c.links[0].line, 7);
    cs_card_release(&c);
    cs_card_release(&c); /* released twice: still fine */
}

/* Over CS_CARD_MAX_LINKS distinct links in a body of several megabytes: the first ones kept. */
static void test_many_links(void)
{
    struct cs_buf b;
    struct cs_card c;
    int rc = CS_OK;

    cs_buf_init(&b, 64u << 20);
    rc = cs_buf_adds(&b, "---\nlicense: mit\n---\n");
    for (int i = 0; rc == CS_OK && i < 2 * CS_CARD_MAX_LINKS; i++)
        rc = cs_buf_addf(&b, "Line %d: https://site%d.example.org/page?x=%d and some text.\n", i, i,
                         i);
    for (int i = 0; rc == CS_OK && i < 100000; i++)
        rc = cs_buf_adds(&b, "Filler text without any link at all, to make the card huge.\n");
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK(b.len > 6u << 20);
    CS_CHECK_INT_EQ(cs_card_parse(b.data, b.len, &c, NULL), CS_OK);
    CS_CHECK_INT_EQ(c.link_count, CS_CARD_MAX_LINKS);
    CS_CHECK(c.links_truncated);
    CS_CHECK_STR_EQ(c.links[0].url, "https://site0.example.org/page?x=0");
    CS_CHECK_INT_EQ(c.links[0].line, 4);
    cs_card_release(&c);
    cs_buf_release(&b);
}

/* A front matter block over CS_CARD_MAX_YAML_BYTES is a YAML error; the body is still read. */
static void test_huge_front_matter(void)
{
    struct cs_buf b;
    struct cs_card c;
    int rc;

    cs_buf_init(&b, 8u << 20);
    rc = cs_buf_adds(&b, "---\nlicense: mit\nfiller:\n");
    while (rc == CS_OK && b.len <= CS_CARD_MAX_YAML_BYTES + 100)
        rc = cs_buf_adds(&b, "- a line of filler in a long YAML list\n");
    if (rc == CS_OK)
        rc = cs_buf_adds(&b, "---\nhttps://body.example.org/\n");
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK_INT_EQ(cs_card_parse(b.data, b.len, &c, NULL), CS_OK);
    CS_CHECK(!c.yaml_ok);
    CS_CHECK(c.yaml_error && strstr(c.yaml_error, "front matter over"));
    CS_CHECK_INT_EQ(c.licenses.n, 0);
    CS_CHECK_INT_EQ(c.link_count, 1);
    cs_card_release(&c);
    cs_buf_release(&b);
}

/* Inputs that are not text, or stop anywhere, never crash and keep the result sound. */
static void test_odd_bytes(void)
{
    static const char odd[] =
        "---\nlicense: \"a\\0b\"\n---\nhttps://a.example.org/\x00x "
        "https://b.example.org/\xff\xfe https://c.example.org/\xc3\xa9t\xc3\xa9";
    struct cs_card c;

    for (size_t n = 0; n <= sizeof(odd) - 1; n++) {
        CS_CHECK_INT_EQ(cs_card_parse(odd, n, &c, NULL), CS_OK);
        for (size_t i = 0; i < c.link_count; i++)
            CS_CHECK(strncmp(c.links[i].url, "https://", 8) == 0);
        cs_card_release(&c);
    }
    CS_CHECK_INT_EQ(cs_card_parse(NULL, 0, &c, NULL), CS_OK);
    CS_CHECK(!c.has_front_matter && c.yaml_ok && c.link_count == 0);
    cs_card_release(&c);
    CS_CHECK_INT_EQ(cs_card_parse(odd, sizeof(odd) - 1, &c, NULL), CS_OK);
    CS_CHECK_INT_EQ(c.link_count, 2); /* b is not valid UTF-8 */
    if (c.link_count == 2)
        CS_CHECK_STR_EQ(c.links[1].url, "https://c.example.org/\xc3\xa9t\xc3\xa9");
    cs_card_release(&c);
}

/* Fills b with a run of the pattern up to n bytes (after a prefix). */
static int fill(struct cs_buf *b, const char *prefix, const char *pattern, size_t n)
{
    int rc = cs_buf_adds(b, prefix);
    while (rc == CS_OK && b->len < n)
        rc = cs_buf_adds(b, pattern);
    return rc;
}

/* Inputs built to make a naive scanner quadratic: each must take linear time (a quadratic
 * reading of 4 MB takes hours; the bound is loose for slow sanitizer builds). */
static void test_pathological(void)
{
    static const char *const cases[][2] = {
        { "https://a.example.org/", ")" },              /* a bare URL with endless ")" */
        { "", "https://http://http://" },               /* URLs inside an over-long URL */
        { "", "]]]](https://a.example.org/x)" },        /* link texts with no "[" */
        { "---\n", "- &a [*a, https://x.example/]\n" }, /* unterminated, anchors */
        { "", "<https://a.example.org/\xff " },         /* invalid UTF-8 after each URL */
        { "", "# h\n## https://h.example.org/\n" },     /* headings */
    };
    clock_t t0 = clock();

    for (size_t i = 0; i < CS_ARRAY_LEN(cases); i++) {
        struct cs_buf b;
        struct cs_card c;
        cs_buf_init(&b, 8u << 20);
        CS_CHECK_INT_EQ(fill(&b, cases[i][0], cases[i][1], 4u << 20), CS_OK);
        CS_CHECK_INT_EQ(cs_card_parse(b.data, b.len, &c, NULL), CS_OK);
        CS_CHECK(c.link_count <= CS_CARD_MAX_LINKS);
        cs_card_release(&c);
        cs_buf_release(&b);
    }
    CS_CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 60.0);
}

int main(void)
{
    test_md_cases();
    test_api_cases();
    test_classify_cases();
    test_line_numbers();
    test_yaml_error_diag();
    test_many_links();
    test_huge_front_matter();
    test_odd_bytes();
    test_pathological();
    return cs_test_done();
}
