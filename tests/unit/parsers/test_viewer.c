/* SPDX-License-Identifier: MIT
 * test_viewer.c - the dataset viewer's responses (viewer.h; issue 4 item 5) over the fixtures of
 * tests/cases/viewer/: splits*.json through cs_viewer_splits_parse, every other NAME.json through
 * cs_viewer_rows_parse (with the column of NAME.column when there is one), compared with
 * NAME.expected.json, or the error with NAME.error ("RC<TAB>part of the message"); then the
 * page sample's properties.
 */
#include "cs_setup.h"

#include "testlib.h"
#include "viewer.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define DIR_CASES CS_CASES_DIR "/viewer"

static json_t *splits_json(const struct cs_viewer_splits *s)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < s->n; i++)
        json_array_append_new(
            a, json_pack("[s,s,I]", s->v[i].config, s->v[i].split, (json_int_t)s->v[i].rows));
    if (a && s->partial)
        json_array_append_new(a, json_string("partial"));
    return a;
}

static json_t *rows_json(const struct cs_viewer_rows *r)
{
    json_t *cols = json_array(), *urls = json_array();

    for (size_t i = 0; cols && i < r->n_columns; i++)
        json_array_append_new(cols, json_string(r->columns[i]));
    for (size_t i = 0; urls && i < r->n_urls; i++)
        json_array_append_new(urls, json_pack("[I,s,s]", (json_int_t)r->urls[i].row_idx,
                                              r->columns[r->urls[i].column], r->urls[i].url));
    return json_pack("{s:o,s:o,s:I,s:I,s:I,s:b}", "columns", cols, "urls", urls, "rows",
                     (json_int_t)r->rows, "skipped", (json_int_t)r->skipped, "total",
                     (json_int_t)r->num_rows_total, "partial", r->partial);
}

/* got (Taken) equals BASE.expected.json. */
static void compare(const char *name, const char *base, json_t *got)
{
    char *text = got ? json_dumps(got, JSON_COMPACT) : NULL;

    cs_test_expect_json(name, base, text);
    free(text);
    json_decref(got);
}

static void run_case(const char *name)
{
    char path[1024], base[900];
    struct cs_diag d = { 0 };
    size_t len = 0;
    char *buf, *column;
    int rc;

    snprintf(path, sizeof(path), "%s/%s", DIR_CASES, name);
    snprintf(base, sizeof(base), "%s/%.*s", DIR_CASES, (int)(strlen(name) - 5), name);
    if (!(buf = cs_test_read_file(path, &len))) {
        cs_test_fail(__FILE__, __LINE__, "cannot read %s", path);
        return;
    }
    if (strncmp(name, "splits", 6) == 0) {
        struct cs_viewer_splits s;
        rc = cs_viewer_splits_parse(buf, len, &s, &d);
        if (rc == CS_OK)
            compare(name, base, splits_json(&s));
        else
            cs_test_expect_error(name, base, rc, d.msg);
        cs_viewer_splits_release(&s);
    } else {
        struct cs_viewer_rows r;
        snprintf(path, sizeof(path), "%s.column", base);
        /* NAME.column: the columns asked for, one a line */
        const char *asked[8];
        size_t n_asked = 0;
        column = cs_test_read_file(path, NULL);
        for (char *p = column; p && *p && n_asked < 8;) {
            size_t l = strcspn(p, "\n");
            asked[n_asked++] = p;
            p += l;
            if (*p)
                *p++ = '\0';
        }
        rc = cs_viewer_rows_parse(buf, len, asked, n_asked, &r, &d);
        if (rc == CS_OK)
            compare(name, base, rows_json(&r));
        else
            cs_test_expect_error(name, base, rc, d.msg);
        cs_viewer_rows_release(&r);
        free(column);
    }
    free(buf);
}

/* The page sample: all pages when the split is small, else the right count of distinct,
 * aligned, increasing offsets in range, the same for the same seed. */
static void test_sample(void)
{
    long long a[64], b[64];
    size_t n;

    CS_CHECK_INT_EQ(cs_viewer_sample_pages(0, 10, 100, 1, a, 64), 0);
    n = cs_viewer_sample_pages(250, 1000, 100, 1, a, 64);
    CS_CHECK(n == 3 && a[0] == 0 && a[1] == 100 && a[2] == 200);
    n = cs_viewer_sample_pages(1000000, 1000, 100, 42, a, 64);
    CS_CHECK_INT_EQ(n, 10);
    for (size_t i = 0; i < n; i++) {
        CS_CHECK(a[i] % 100 == 0 && a[i] >= 0 && a[i] < 1000000);
        CS_CHECK(i == 0 || a[i] > a[i - 1]);
    }
    CS_CHECK_INT_EQ(cs_viewer_sample_pages(1000000, 1000, 100, 42, b, 64), 10);
    CS_CHECK(memcmp(a, b, 10 * sizeof(*a)) == 0);
    CS_CHECK_INT_EQ(cs_viewer_sample_pages(1000000, 1000, 100, 43, b, 64), 10);
    CS_CHECK(memcmp(a, b, 10 * sizeof(*a)) != 0);
    CS_CHECK_INT_EQ(cs_viewer_sample_pages(1000000, 100000, 100, 1, a, 64), 1000); /* too short */
    /* every page can be drawn: 2 pages of 3, many seeds, each page seen */
    bool seen[3] = { false, false, false };
    for (uint64_t seed = 0; seed < 64; seed++) {
        n = cs_viewer_sample_pages(300, 150, 100, seed, a, 64);
        CS_CHECK_INT_EQ(n, 2);
        for (size_t i = 0; i < n; i++)
            seen[a[i] / 100] = true;
    }
    CS_CHECK(seen[0] && seen[1] && seen[2]);
}

/* A plan over splits: pages of every split with rows, none of a split without a count, the
 * whole dataset when it is small, and offsets inside their split. */
static void test_plan(void)
{
    char d[] = "default", t[] = "train", e[] = "extra", x[] = "test";
    struct cs_viewer_split v[3] = { { d, t, 1200 }, { e, t, -1 }, { d, x, 50 } };
    struct cs_viewer_splits s = { v, 3, false };
    struct cs_viewer_page p[32];
    bool test_seen = false;
    size_t n;

    n = cs_viewer_plan(&s, 100000, 100, 7, p, 32);
    CS_CHECK_INT_EQ(n, 13); /* 12 pages of train, 1 of test */
    CS_CHECK(p[0].split == 0 && p[0].offset == 0 && p[11].split == 0 && p[11].offset == 1100);
    CS_CHECK(p[12].split == 2 && p[12].offset == 0);
    CS_CHECK_INT_EQ(cs_viewer_plan(&s, 100000, 100, 7, p, 12), 13); /* too short: not written */
    for (uint64_t seed = 0; seed < 64; seed++) {
        n = cs_viewer_plan(&s, 300, 100, seed, p, 32);
        CS_CHECK_INT_EQ(n, 3);
        for (size_t i = 0; i < n; i++) {
            CS_CHECK(p[i].split != 1);
            CS_CHECK(p[i].offset % 100 == 0 && p[i].offset < (p[i].split == 0 ? 1200 : 50));
            CS_CHECK(i == 0 || p[i].split > p[i - 1].split ||
                     (p[i].split == p[i - 1].split && p[i].offset > p[i - 1].offset));
            test_seen |= p[i].split == 2;
        }
    }
    CS_CHECK(test_seen); /* the last split's one page is drawn too */
    /* ten splits of 10 rows: 100 rows in all, fewer than asked: every page, though ten pages of
     * 100 rows would be more */
    {
        char names[10][4];
        struct cs_viewer_split tiny[10];
        struct cs_viewer_splits ts = { tiny, 10, false };
        for (int i = 0; i < 10; i++) {
            snprintf(names[i], sizeof(names[i]), "s%d", i);
            tiny[i] = (struct cs_viewer_split){ d, names[i], 10 };
        }
        CS_CHECK_INT_EQ(cs_viewer_plan(&ts, 500, 100, 3, p, 32), 10);
    }
}

/* Page keys: encoded names round-trip; separators and blanks never appear raw. */
static void test_keys(void)
{
    char key[64], *c = NULL, *s = NULL;
    long long off = 0;

    CS_CHECK(cs_viewer_page_key("default", "train", 300, key, sizeof(key)));
    CS_CHECK_STR_EQ(key, "default/train@300");
    CS_CHECK(cs_viewer_page_key("a/b c:d@e%", "tr\tain", 0, key, sizeof(key)));
    CS_CHECK_STR_EQ(key, "a%2Fb%20c%3Ad%40e%25/tr%09ain@0");
    CS_CHECK(cs_viewer_page_parse(key, &c, &s, &off) == CS_OK);
    CS_CHECK(c && s && strcmp(c, "a/b c:d@e%") == 0 && strcmp(s, "tr\tain") == 0 && off == 0);
    free(c);
    free(s);
    CS_CHECK(!cs_viewer_page_key("default", "train", 300, key, 12));
    CS_CHECK(cs_viewer_page_parse("default@3", &c, &s, &off) == CS_E_PARSE);
    CS_CHECK(cs_viewer_page_parse("d/t@x", &c, &s, &off) == CS_E_PARSE);
    CS_CHECK(cs_viewer_page_parse("d%4/t@1", &c, &s, &off) == CS_E_PARSE);
    CS_CHECK(c == NULL && s == NULL);
    CS_CHECK(!cs_viewer_page_key("default", "train", 300, key, 12));
    CS_CHECK_STR_EQ(key, ""); /* nothing half-written */
}

/* The page of a sample link's via: up to the column, which may hold a ':' of its own. */
static void test_via(void)
{
    CS_CHECK_INT_EQ(cs_viewer_via_page("viewer:default/train@0:url"), 22);
    CS_CHECK_INT_EQ(cs_viewer_via_page("viewer:a%3Ab/t@100:image:url"), 18);
    CS_CHECK_INT_EQ(cs_viewer_via_page("viewer:default/train@0"), 0);
    CS_CHECK_INT_EQ(cs_viewer_via_page("card:body"), 0);
    CS_CHECK_INT_EQ(cs_viewer_via_page(NULL), 0);
}

/* The probe's columns handed on: a word list that round-trips, spaces and all. */
static void test_names(void)
{
    char u[] = "url", iu[] = "image url", odd[] = "a%b:c";
    char *in[] = { u, iu, odd };
    char buf[64], **out = NULL;
    size_t n = 0;

    CS_CHECK(cs_viewer_names_encode(in, 3, buf, sizeof(buf)));
    CS_CHECK_STR_EQ(buf, "url image%20url a%25b%3Ac");
    CS_CHECK_INT_EQ(cs_viewer_names_parse(buf, &out, &n), CS_OK);
    CS_CHECK_INT_EQ(n, 3);
    for (size_t i = 0; out && i < n && i < 3; i++)
        CS_CHECK_STR_EQ(out[i], in[i]);
    cs_viewer_names_free(out, n);
    CS_CHECK(!cs_viewer_names_encode(in, 3, buf, 12)); /* does not fit: nothing written */
    CS_CHECK_STR_EQ(buf, "");
    CS_CHECK(cs_viewer_names_encode(in, 0, buf, sizeof(buf)));
    CS_CHECK_INT_EQ(cs_viewer_names_parse("", &out, &n), CS_OK);
    CS_CHECK(out == NULL && n == 0);
    CS_CHECK_INT_EQ(cs_viewer_names_parse("ok bad%4", &out, &n), CS_E_PARSE);
    CS_CHECK(out == NULL && n == 0);
}

int main(void)
{
    DIR *d = opendir(DIR_CASES);
    struct dirent *e;
    int cases = 0;

    CS_CHECK(d != NULL);
    while (d && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".json") == 0 &&
            !strstr(e->d_name, ".expected.json")) {
            run_case(e->d_name);
            cases++;
        }
    }
    if (d)
        closedir(d);
    CS_CHECK(cases >= 9);
    test_sample();
    test_plan();
    test_keys();
    test_names();
    test_via();
    return cs_test_done();
}
