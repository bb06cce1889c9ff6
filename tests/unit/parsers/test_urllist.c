/* SPDX-License-Identifier: MIT
 * test_urllist.c - URL lists inside datasets (urllist.h, gunzip.h; issue 4 item 5): every
 * fixture of tests/cases/urllist read whole, a byte at a time and in uneven chunks gives the rows
 * of its .expected file; gzip members, truncation, the bomb cap; bounded, linear reading.
 */
#include "cs_setup.h"

#include "cs_buf.h"
#include "gunzip.h"
#include "testlib.h"
#include "urllist.h"

#define DIR_CASES CS_CASES_DIR "/urllist"

/* Collects rows as the .expected files write them. */
static int collect(void *ctx, const struct cs_urllist_row *row)
{
    struct cs_buf *b = ctx;

    return cs_buf_addf(b, "%llu %llu %s%s\n", (unsigned long long)row->row,
                       (unsigned long long)row->line, row->url ? "" : "!",
                       row->url ? row->url : row->reason);
}

/* Reads buf through a new reader in chunks of `chunk` bytes (0: whole); returns owned rows. */
static char *read_rows(const char *buf, size_t len, const struct cs_urllist_opts *o, size_t chunk,
                       int *rc_out, struct cs_urllist_stats *st)
{
    struct cs_buf b;
    struct cs_urllist *r;
    int rc = CS_OK;

    cs_buf_init(&b, 1u << 24);
    r = cs_urllist_new(o, collect, &b);
    if (!chunk)
        chunk = len ? len : 1;
    for (size_t off = 0; rc == CS_OK && off < len; off += chunk)
        rc = cs_urllist_feed(r, buf + off, len - off < chunk ? len - off : chunk, NULL);
    if (rc == CS_OK)
        rc = cs_urllist_finish(r, NULL);
    *rc_out = rc;
    if (st) { /* the column name is borrowed from the reader: keep a copy */
        static char col[64];

        *st = *cs_urllist_stats(r);
        snprintf(col, sizeof(col), "%s", st->column ? st->column : "(none)");
        st->column = col;
    }
    cs_urllist_free(r);
    return cs_buf_detach(&b, NULL);
}

static void check_case(const char *file, const char *expected, const struct cs_urllist_opts *o)
{
    static const size_t chunks[] = { 0, 1, 2, 3, 7, 64 };
    char path[512];
    size_t len, elen;
    char *buf, *want;

    snprintf(path, sizeof(path), "%s/%s", DIR_CASES, file);
    buf = cs_test_read_file(path, &len);
    snprintf(path, sizeof(path), "%s/%s", DIR_CASES, expected);
    want = cs_test_read_file(path, &elen);
    CS_CHECK(buf && want);
    for (size_t i = 0; buf && want && i < CS_ARRAY_LEN(chunks); i++) {
        int rc;
        char *got = read_rows(buf, len, o, chunks[i], &rc, NULL);

        CS_CHECK_INT_EQ(rc, CS_OK);
        if (strcmp(got, want) != 0)
            cs_test_fail(__FILE__, __LINE__, "%s (chunk %zu):\n%s-- want --\n%s", file, chunks[i],
                         got, want);
        else
            cs_test_passed++;
        free(got);
    }
    free(buf);
    free(want);
}

static void test_cases(void)
{
    struct cs_urllist_opts o = { 0 };
    static const char *const files[] = { "quotes.csv",     "plain.tsv",    "noknown.csv",
                                         "headerless.csv", "comments.txt", "nested.jsonl",
                                         "header.txt" };

    for (size_t i = 0; i < CS_ARRAY_LEN(files); i++) {
        char exp[128];

        snprintf(exp, sizeof(exp), "%s.expected", files[i]);
        o.name = files[i]; /* detection by extension */
        check_case(files[i], exp, &o);
        o.name = NULL; /* detection by content */
        check_case(files[i], exp, &o);
    }
    o = (struct cs_urllist_opts){ .format = CS_URLLIST_JSONL, .column = "meta.url" };
    check_case("nested.jsonl", "nested_path.jsonl.expected", &o);
    o = (struct cs_urllist_opts){ .format = CS_URLLIST_CSV, .column_index = 2 };
    check_case("quotes.csv", "quotes.csv.expected", &o);
    o = (struct cs_urllist_opts){ .format = CS_URLLIST_CSV, .column = "IMAGE_URL" };
    check_case("quotes.csv", "quotes.csv.expected", &o);
}

static void expect_rows(const char *in, const struct cs_urllist_opts *o, int want_rc,
                        const char *want)
{
    for (size_t chunk = 0; chunk < 3; chunk++) {
        int rc;
        char *got = read_rows(in, strlen(in), o, chunk, &rc, NULL);

        CS_CHECK_INT_EQ(rc, want_rc);
        if (want)
            CS_CHECK_STR_EQ(got, want);
        free(got);
    }
}

static void test_edges(void)
{
    struct cs_urllist_opts o = { .format = CS_URLLIST_CSV };
    struct cs_urllist_stats st;
    char line[600];
    char *got;
    int rc;

    /* the column named is not in the header; no column holds URLs */
    o.column = "nope";
    expect_rows("a,url\n1,https://x/\n", &o, CS_E_NOTFOUND, "");
    o.column = NULL;
    expect_rows("a,b\n1,2\n", &o, CS_E_NOTFOUND, "");
    /* a UTF-8 byte order mark is dropped, even split across chunks; a partial one is data */
    o.format = CS_URLLIST_AUTO;
    expect_rows("\xef\xbb\xbfurl\nhttps://x/\n", &o, CS_OK, "1 2 https://x/\n");
    expect_rows("\xef\xbbhttps://x/\n", &o, CS_OK, "1 1 \xef\xbbhttps://x/\n");
    /* an unterminated quote at the end is a skipped row */
    o.format = CS_URLLIST_CSV;
    expect_rows("url\n\"https://x/a\n", &o, CS_OK, "1 2 !unterminated quote\n");
    /* a record over max_line is skipped, counted, and the quote state survives it */
    memset(line, 'x', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    {
        char in[800];

        snprintf(in, sizeof(in), "url,t\nhttps://a/,\"%s\n,\"\nhttps://b/,y", line);
        o.max_line = 100;
        got = read_rows(in, strlen(in), &o, 5, &rc, &st);
        CS_CHECK_INT_EQ(rc, CS_OK);
        CS_CHECK_STR_EQ(got, "1 2 !longer than the line limit\n2 4 https://b/\n");
        CS_CHECK_INT_EQ(st.too_long, 1);
        CS_CHECK_INT_EQ(st.rows, 2);
        CS_CHECK_INT_EQ(st.lines, 4);
        CS_CHECK_INT_EQ(st.column_index, 1);
        CS_CHECK_STR_EQ(st.column, "url");
        free(got);
    }
    /* exactly max_line bytes fit */
    o = (struct cs_urllist_opts){ .format = CS_URLLIST_TXT, .max_line = 10 };
    expect_rows("http://ab\nhttp://abc\nhttp://abcd\n", &o, CS_OK,
                "1 1 http://ab\n2 2 http://abc\n3 3 !longer than the line limit\n");
}

static int count_rows(void *ctx, const struct cs_urllist_row *row)
{
    (*(uint64_t *)ctx) += row->url ? 1 : 0;
    return 0;
}

/* CPU seconds to read `rows` csv rows fed in 4093-byte chunks; checks the count. */
static double time_rows(size_t rows)
{
    struct cs_buf b;
    struct cs_urllist_opts o = { .format = CS_URLLIST_CSV };
    struct cs_urllist *r;
    uint64_t n = 0;
    clock_t t0;
    int rc = CS_OK;

    cs_buf_init(&b, 1u << 30);
    rc |= cs_buf_adds(&b, "id,url,caption\n");
    for (size_t i = 0; rc == CS_OK && i < rows; i++)
        rc = cs_buf_addf(
            &b, "%zu,https://h%zu.example/img/%zu.jpg,\"a caption, with \"\"quotes\"\"\"\n", i,
            i % 97, i);
    CS_CHECK_INT_EQ(rc, CS_OK);
    r = cs_urllist_new(&o, count_rows, &n);
    t0 = clock();
    for (size_t off = 0; rc == CS_OK && off < b.len; off += 4093)
        rc = cs_urllist_feed(r, b.data + off, b.len - off < 4093 ? b.len - off : 4093, NULL);
    rc = rc ? rc : cs_urllist_finish(r, NULL);
    t0 = clock() - t0;
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK_INT_EQ(n, rows);
    cs_urllist_free(r);
    cs_buf_release(&b);
    return (double)t0 / CLOCKS_PER_SEC;
}

/* Multi-MB input in small chunks: four times the rows must not take sixteen times as long
 * (a quadratic reader would); the best of three runs smooths out a busy machine. */
static void test_linear(void)
{
    double small = 1e9, big = 1e9;

    for (int i = 0; i < 3; i++) {
        double s = time_rows(25000), l = time_rows(100000); /* about 1.5 and 6 MB */

        small = s < small ? s : small;
        big = l < big ? l : big;
    }
    if (big > 10 * small + 0.05)
        cs_test_fail(__FILE__, __LINE__, "not linear: %.3fs for 25k rows, %.3fs for 100k", small,
                     big);
    else
        cs_test_passed++;
}

static int stop_at_two(void *ctx, const struct cs_urllist_row *row)
{
    (void)ctx;
    return row->row == 2 ? 42 : 0;
}

static void test_stop(void)
{
    struct cs_urllist_opts o = { .format = CS_URLLIST_TXT };
    struct cs_urllist *r = cs_urllist_new(&o, stop_at_two, NULL);
    const char *in = "http://a/\nhttp://b/\nhttp://c/\n";

    CS_CHECK_INT_EQ(cs_urllist_feed(r, in, strlen(in), NULL), 42);
    CS_CHECK_INT_EQ(cs_urllist_feed(r, in, strlen(in), NULL), 42); /* sticky */
    CS_CHECK_INT_EQ(cs_urllist_finish(r, NULL), 42);
    CS_CHECK_INT_EQ(cs_urllist_stats(r)->rows, 2);
    cs_urllist_free(r);
}

static void test_detect(void)
{
    CS_CHECK_INT_EQ(cs_urllist_detect("a/b/urls.CSV.gz", NULL, 0), CS_URLLIST_CSV);
    CS_CHECK_INT_EQ(cs_urllist_detect("x.ndjson", NULL, 0), CS_URLLIST_JSONL);
    CS_CHECK_INT_EQ(cs_urllist_detect("x.tsv.gzip", NULL, 0), CS_URLLIST_TSV);
    CS_CHECK_INT_EQ(cs_urllist_detect("x.parquet", NULL, 0), CS_URLLIST_AUTO);
    CS_CHECK_INT_EQ(cs_urllist_detect("noext", "http://a/,b\n", 12), CS_URLLIST_TXT);
    CS_CHECK_INT_EQ(cs_urllist_detect(NULL, "  {\"url\":1}", 11), CS_URLLIST_JSONL);
    CS_CHECK_INT_EQ(cs_urllist_detect(NULL, "a\tb\n", 4), CS_URLLIST_TSV);
    CS_CHECK_INT_EQ(cs_urllist_detect(NULL, "a,b\n", 4), CS_URLLIST_CSV);
    CS_CHECK_INT_EQ(cs_urllist_detect(NULL, " \n", 2), CS_URLLIST_AUTO);
    CS_CHECK_INT_EQ(cs_urllist_format_parse("tsv"), CS_URLLIST_TSV);
    CS_CHECK_INT_EQ(cs_urllist_format_parse("xml"), CS_URLLIST_AUTO);
    CS_CHECK_STR_EQ(cs_urllist_format_name(CS_URLLIST_JSONL), "jsonl");
}

static int to_buf(void *ctx, const char *buf, size_t len)
{
    return cs_buf_add(ctx, buf, len);
}

/* Inflates a fixture in chunks; returns owned output, *rc the first error or finish's code. */
static char *inflate_file(const char *file, size_t chunk, uint64_t cap, int *rc_out,
                          uint64_t *total, unsigned *members)
{
    char path[512];
    size_t len;
    char *in;
    struct cs_buf b;
    struct cs_gunzip *g;
    struct cs_diag d = { 0 };
    int rc = CS_OK;

    snprintf(path, sizeof(path), "%s/%s", DIR_CASES, file);
    in = cs_test_read_file(path, &len);
    CS_CHECK(in != NULL);
    cs_buf_init(&b, 1u << 26);
    g = cs_gunzip_new(cap, to_buf, &b);
    for (size_t off = 0; in && rc == CS_OK && off < len; off += chunk)
        rc = cs_gunzip_feed(g, in + off, len - off < chunk ? len - off : chunk, &d);
    *rc_out = rc ? rc : cs_gunzip_finish(g, &d);
    CS_CHECK(*rc_out == CS_OK || d.msg[0] != '\0'); /* every error says why */
    *total = cs_gunzip_total_out(g);
    *members = cs_gunzip_members(g);
    cs_gunzip_free(g);
    free(in);
    return cs_buf_detach(&b, NULL);
}

static void test_gunzip(void)
{
    char path[512];
    size_t plen;
    char *plain, *out, *rows;
    uint64_t total;
    unsigned members;
    int rc;

    snprintf(path, sizeof(path), "%s/two.txt.plain", DIR_CASES);
    plain = cs_test_read_file(path, &plen);
    for (size_t chunk = 1; chunk < 200; chunk += 37) { /* two members, any split */
        out = inflate_file("two.txt.gz", chunk, 0, &rc, &total, &members);
        CS_CHECK_INT_EQ(rc, CS_OK);
        CS_CHECK_INT_EQ(members, 2);
        CS_CHECK_INT_EQ(total, plen);
        CS_CHECK_STR_EQ(out, plain);
        free(out);
    }
    free(plain);
    /* gzip, then the csv reader: the rows of the plain file */
    out = inflate_file("quotes.csv.gz", 16, 0, &rc, &total, &members);
    CS_CHECK_INT_EQ(rc, CS_OK);
    {
        struct cs_urllist_opts o = { .name = "quotes.csv.gz" };

        rows = read_rows(out, (size_t)total, &o, 9, &rc, NULL);
        snprintf(path, sizeof(path), "%s/quotes.csv.gz.expected", DIR_CASES);
        plain = cs_test_read_file(path, &plen);
        CS_CHECK_STR_EQ(rows, plain);
        free(rows);
        free(plain);
    }
    free(out);
    /* a zlib stream (RFC 1950) is read too */
    out = inflate_file("comments.txt.zz", 5, 0, &rc, &total, &members);
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK(strncmp(out, "# A URL list", 12) == 0);
    free(out);
    /* a truncated member fails at the end, after delivering what it could */
    out = inflate_file("truncated.csv.gz", 7, 0, &rc, &total, &members);
    CS_CHECK_INT_EQ(rc, CS_E_PARSE);
    free(out);
    /* the bomb guard: 8 MiB of 'a' from 8 KiB stops at the cap, with the cap's bytes out */
    out = inflate_file("bomb.txt.gz", 4096, 1u << 20, &rc, &total, &members);
    CS_CHECK_INT_EQ(rc, CS_E_LIMIT);
    CS_CHECK_INT_EQ(total, 1u << 20);
    free(out);
    out = inflate_file("bomb.txt.gz", 4096, 0, &rc, &total, &members);
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK_INT_EQ(total, 8u << 20);
    free(out);
}

static void test_gunzip_bad(void)
{
    struct cs_buf b;
    struct cs_gunzip *g;
    static const char gz_empty[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\x03\x00\x00\x00"
                                   "\x00\x00\x00\x00\x00\x00";

    cs_buf_init(&b, 1024);
    g = cs_gunzip_new(0, to_buf, &b);
    CS_CHECK_INT_EQ(cs_gunzip_feed(g, "hello", 5, NULL), CS_E_PARSE);
    CS_CHECK_INT_EQ(cs_gunzip_finish(g, NULL), CS_E_PARSE); /* sticky */
    cs_gunzip_free(g);
    g = cs_gunzip_new(0, to_buf, &b);
    CS_CHECK_INT_EQ(cs_gunzip_finish(g, NULL), CS_E_PARSE); /* empty input */
    cs_gunzip_free(g);
    /* an empty member, then garbage */
    g = cs_gunzip_new(0, to_buf, &b);
    CS_CHECK_INT_EQ(cs_gunzip_feed(g, gz_empty, sizeof(gz_empty) - 1, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_gunzip_finish(g, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_gunzip_members(g), 1);
    CS_CHECK_INT_EQ(cs_gunzip_feed(g, "xyz", 3, NULL), CS_E_PARSE);
    cs_gunzip_free(g);
    CS_CHECK(cs_gunzip_is_gzip(gz_empty, 2));
    CS_CHECK(!cs_gunzip_is_gzip("\x1f", 1));
    cs_buf_release(&b);
}

int main(void)
{
    test_cases();
    test_edges();
    test_stop();
    test_detect();
    test_linear();
    test_gunzip();
    test_gunzip_bad();
    return cs_test_done();
}
