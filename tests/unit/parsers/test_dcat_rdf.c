/* SPDX-License-Identifier: MIT
 * test_dcat_rdf.c - DCAT in RDF/XML (dcat_rdf.h; issue 4 item 4) over the fixtures of
 * tests/cases/dcat_rdf/: each NAME.rdf or NAME.xml is read (with the limits of NAME.opts when
 * present) and compared structurally with NAME.expected.json (cs_croissant_to_json), or its
 * error code and message with NAME.error ("CODE<TAB>text the message contains"). Plus the
 * RDF/XML sniffing and dispatch of cs_croissant_parse_any, the node cap and the work budget.
 */
#include "cs_setup.h"

#include "croissant.h"
#include "cs_buf.h"
#include "dcat_rdf.h"
#include "htmlmeta.h"
#include "testlib.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define DIR_CASES CS_CASES_DIR "/dcat_rdf"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void read_opts(const char *base, struct cs_croissant_opts *o)
{
    char path[1024];
    json_t *j;

    memset(o, 0, sizeof(*o));
    snprintf(path, sizeof(path), "%s.opts", base);
    j = json_load_file(path, 0, NULL);
    if (!j)
        return;
    o->max_bytes = (size_t)json_integer_value(json_object_get(j, "max_bytes"));
    o->max_depth = (int)json_integer_value(json_object_get(j, "max_depth"));
    o->max_links = (size_t)json_integer_value(json_object_get(j, "max_links"));
    o->max_datasets = (size_t)json_integer_value(json_object_get(j, "max_datasets"));
    json_decref(j);
}

static void compare(const char *name, const char *base, const struct cs_croissant *c)
{
    char *got = cs_croissant_to_json(c);

    cs_test_expect_json(name, base, got);
    free(got);
}

static void run_case(const char *name)
{
    char base[900], path[1024];
    struct cs_croissant_opts o;
    struct cs_croissant *c = NULL;
    struct cs_diag d = { 0 };
    size_t len = 0;
    char *buf;
    int rc;

    snprintf(path, sizeof(path), "%s/%s", DIR_CASES, name);
    snprintf(base, sizeof(base), "%s/%.*s", DIR_CASES, (int)(strrchr(name, '.') - name), name);
    buf = cs_test_read_file(path, &len);
    if (!buf) {
        cs_test_fail(__FILE__, __LINE__, "cannot read %s", path);
        return;
    }
    read_opts(base, &o);
    rc = cs_dcat_rdf_parse(buf, len, &o, &c, &d);
    free(buf);
    if (rc == CS_OK)
        compare(name, base, c);
    else
        cs_test_expect_error(name, base, rc, d.msg);
    CS_CHECK(rc == CS_OK ? c != NULL : c == NULL);
    cs_croissant_free(c);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_cases(void)
{
    DIR *dir = opendir(DIR_CASES);
    struct dirent *e;
    char *names[128];
    size_t n = 0;

    CS_CHECK(dir != NULL);
    while (dir && (e = readdir(dir)) != NULL && n < CS_ARRAY_LEN(names)) {
        if (ends_with(e->d_name, ".rdf") || ends_with(e->d_name, ".xml"))
            names[n++] = strdup(e->d_name);
    }
    if (dir)
        closedir(dir);
    qsort(names, n, sizeof(names[0]), cmp_names);
    CS_CHECK(n >= 14);
    for (size_t i = 0; i < n; i++) {
        run_case(names[i]);
        free(names[i]);
    }
}

/* Dataset ids (not printed by cs_croissant_to_json): rdf:about resolved against xml:base, else
 * dct:identifier; an orphan's IRI. */
static void test_ids(void)
{
    static const struct {
        const char *file;
        const char *ids[3];
    } v[] = {
        { "description_form.rdf", { "https://portal.example/dataset/rivers", "rain-2024" } },
        { "orphans.rdf", { "https://catalog.example/ds/1", "https://catalog.example/ds/2" } },
        { "collection_literal.rdf", { "https://c.example/ds" } },
    };

    for (size_t i = 0; i < CS_ARRAY_LEN(v); i++) {
        char path[1024];
        struct cs_croissant *c = NULL;
        size_t len = 0, n = 0;
        char *buf;

        snprintf(path, sizeof(path), "%s/%s", DIR_CASES, v[i].file);
        buf = cs_test_read_file(path, &len);
        CS_CHECK(buf && cs_dcat_rdf_parse(buf, len, NULL, &c, NULL) == CS_OK);
        free(buf);
        while (n < CS_ARRAY_LEN(v[i].ids) && v[i].ids[n])
            n++;
        CS_CHECK(c && c->count == n);
        for (size_t k = 0; c && k < n && k < c->count; k++)
            CS_CHECK_STR_EQ(c->datasets[k].id, v[i].ids[k]);
        cs_croissant_free(c);
    }
}

/* Which bytes are RDF/XML, and the reader cs_croissant_parse_any picks. */
static void test_sniff(void)
{
    static const struct {
        const char *doc;
        bool rdf;
    } v[] = {
        { "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>", true },
        { "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n<?pi x?><r:RDF/>", true },
        { "<RDF/>", true },
        { "<dcat:Dataset xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>", true },
        { "<html xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">", false },
        { "<!doctype html><html><body>rdf:RDF</body></html>", false },
        { "<catalog/>", false },
        { "<!-- unterminated", false },
        { "{\"@type\": \"Dataset\"}", false },
        { "", false },
        { "<xRDF/>", false },
    };

    for (size_t i = 0; i < CS_ARRAY_LEN(v); i++) {
        if (cs_croissant_looks_like_rdf(v[i].doc, strlen(v[i].doc)) != v[i].rdf)
            cs_test_fail(__FILE__, __LINE__, "sniff %zu: want %d", i, v[i].rdf);
        else
            cs_test_passed++;
    }
}

static size_t count_any(const char *doc, const char *ct)
{
    struct cs_croissant *c = NULL;
    size_t n = (size_t)-1;

    if (cs_croissant_parse_any(doc, strlen(doc), ct, NULL, &c, NULL) == CS_OK)
        n = c->count;
    cs_croissant_free(c);
    return n;
}

static void test_parse_any(void)
{
    const char *rdf = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                      "xmlns:dcat=\"http://www.w3.org/ns/dcat#\"><dcat:Dataset/></rdf:RDF>";
    /* RDF/XML by content type even when the root element does not say so */
    const char *bare = "<x:Dataset xmlns:x=\"http://www.w3.org/ns/dcat#\"/>";
    const char *html = "<html><script type=\"application/ld+json\">{\"@type\":\"Dataset\"}"
                       "</script></html>";
    const char *json = "{\"@type\": \"Dataset\"}";

    CS_CHECK_INT_EQ(count_any(rdf, NULL), 1);
    CS_CHECK_INT_EQ(count_any(bare, NULL), 0); /* read as HTML: no script */
    CS_CHECK_INT_EQ(count_any(bare, " application/rdf+xml; charset=utf-8"), 1);
    CS_CHECK_INT_EQ(count_any(html, "text/html"), 1);
    CS_CHECK_INT_EQ(count_any(json, "application/ld+json"), 1);
    CS_CHECK_INT_EQ(count_any(json, NULL), 1);
}

/* The default byte limit, and the node cap: one description more than CS_DCAT_RDF_MAX_NODES. */
static void test_caps(void)
{
    struct cs_croissant *c = NULL;
    struct cs_diag d = { 0 };
    struct cs_buf b;
    int rc = CS_OK;

    CS_CHECK_INT_EQ(cs_dcat_rdf_parse("<a/>", (size_t)CS_CROISSANT_MAX_BYTES + 1, NULL, &c, &d),
                    CS_E_LIMIT);
    CS_CHECK(c == NULL && strstr(d.msg, "exceeds the limit"));
    cs_buf_init(&b, 16u << 20);
    rc |= cs_buf_adds(&b, "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                          "xmlns:dcat=\"http://www.w3.org/ns/dcat#\">");
    for (int i = 0; i < CS_DCAT_RDF_MAX_NODES; i++)
        rc |= cs_buf_adds(&b, "<dcat:Dataset/>");
    rc |= cs_buf_adds(&b, "<dcat:Dataset/></rdf:RDF>");
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK_INT_EQ(cs_dcat_rdf_parse(b.data, b.len, NULL, &c, NULL), CS_OK);
    if (c) {
        CS_CHECK_INT_EQ(c->count, CS_CROISSANT_MAX_DATASETS);
        CS_CHECK(c->truncated);
        CS_CHECK(c->warnings.n == 2 && strstr(c->warnings.v[0], "descriptions"));
    }
    cs_croissant_free(c);
    cs_buf_release(&b);
}

/* The work budget: 3000 references to one distribution of 300 properties would look at 900,000
 * properties; the reading stops, marked truncated. */
static void test_work_budget(void)
{
    struct cs_croissant *c = NULL;
    struct cs_buf b;
    int rc = CS_OK;

    cs_buf_init(&b, 1 << 20);
    rc |= cs_buf_adds(&b, "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                          "xmlns:dcat=\"http://www.w3.org/ns/dcat#\"><dcat:Distribution "
                          "rdf:nodeID=\"big\">");
    for (int i = 0; i < 300; i++)
        rc |= cs_buf_addf(&b, "<dcat:accessURL>https://b.example/%d</dcat:accessURL>", i);
    rc |= cs_buf_adds(&b, "</dcat:Distribution><dcat:Dataset>");
    for (int i = 0; i < 3000; i++)
        rc |= cs_buf_adds(&b, "<dcat:distribution rdf:nodeID=\"big\"/>");
    rc |= cs_buf_adds(&b, "</dcat:Dataset></rdf:RDF>");
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK_INT_EQ(cs_dcat_rdf_parse(b.data, b.len, NULL, &c, NULL), CS_OK);
    if (c) {
        CS_CHECK_INT_EQ(c->count, 1);
        CS_CHECK(c->truncated);
        CS_CHECK(c->warnings.n >= 1 &&
                 strstr(c->warnings.v[c->warnings.n - 1], "work limit") != NULL);
    }
    cs_croissant_free(c);
    cs_buf_release(&b);
}

int main(void)
{
    cs_htmlmeta_global_init();
    test_cases();
    test_ids();
    test_sniff();
    test_parse_any();
    test_caps();
    test_work_budget();
    cs_htmlmeta_global_cleanup();
    return cs_test_done();
}
