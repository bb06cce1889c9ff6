/* SPDX-License-Identifier: MIT
 * test_croissant.c - Croissant / schema.org Dataset / DCAT JSON-LD reading (peers.md 6; issue 4)
 * over the fixtures of tests/cases/croissant/: each NAME.json or NAME.html is read (with the
 * limits of NAME.opts when present) and compared structurally with NAME.expected.json, or its
 * error code and message with NAME.error ("CODE<TAB>text the message contains"). Plus the
 * default limits and the link-classing helpers.
 */
#include "cs_setup.h"

#include "croissant.h"
#include "cs_buf.h"
#include "htmlmeta.h"
#include "linkclass.h"
#include "testlib.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define DIR_CASES CS_CASES_DIR "/croissant"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool exists(const char *path)
{
    FILE *f = fopen(path, "rb");

    if (f)
        fclose(f);
    return f != NULL;
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
    if (ends_with(name, ".html"))
        rc = cs_croissant_parse_html(buf, len, &o, &c, &d);
    else
        rc = cs_croissant_parse(buf, len, &o, &c, &d);
    free(buf);
    snprintf(path, sizeof(path), "%s.expected.json", base);
    if (rc == CS_OK && !exists(path))
        cs_test_fail(__FILE__, __LINE__, "%s: parsed but has no .expected.json", name);
    else if (rc == CS_OK)
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
    char *names[256];
    size_t n = 0;

    CS_CHECK(dir != NULL);
    while (dir && (e = readdir(dir)) != NULL && n < CS_ARRAY_LEN(names)) {
        if ((ends_with(e->d_name, ".json") && !ends_with(e->d_name, ".expected.json")) ||
            ends_with(e->d_name, ".html"))
            names[n++] = strdup(e->d_name);
    }
    if (dir)
        closedir(dir);
    qsort(names, n, sizeof(names[0]), cmp_names);
    CS_CHECK(n >= 20);
    for (size_t i = 0; i < n; i++) {
        run_case(names[i]);
        free(names[i]);
    }
}

/* The default byte limit, and a document just under it still read. */
static void test_default_size_limit(void)
{
    size_t n = (size_t)CS_CROISSANT_MAX_BYTES + 1;
    char *big = malloc(n);
    struct cs_croissant *c = NULL;
    struct cs_diag d = { 0 };

    if (!big)
        return;
    memset(big, ' ', n);
    memcpy(big, "{\"@type\":\"Dataset\"}", 19);
    CS_CHECK_INT_EQ(cs_croissant_parse(big, n, NULL, &c, &d), CS_E_LIMIT);
    CS_CHECK(strstr(d.msg, "exceeds the limit") != NULL);
    CS_CHECK(c == NULL);
    CS_CHECK_INT_EQ(cs_croissant_parse_html(big, n, NULL, &c, NULL), CS_E_LIMIT);
    CS_CHECK_INT_EQ(cs_croissant_parse(big, n - 1, NULL, &c, NULL), CS_OK);
    CS_CHECK(c && c->count == 1);
    cs_croissant_free(c);
    free(big);
}

/* The dataset cap: a catalog of three datasets read with max_datasets 2. */
static void test_dataset_limit(void)
{
    const char *doc =
        "{\"@context\":\"https://schema.org\",\"@type\":\"DataCatalog\",\"dataset\":["
        "{\"@type\":\"Dataset\",\"name\":\"a\"},{\"@type\":\"Dataset\",\"name\":\"b\"},"
        "{\"@type\":\"Dataset\",\"name\":\"c\"}]}";
    struct cs_croissant_opts o = { .max_datasets = 2 };
    struct cs_croissant *c = NULL;

    CS_CHECK_INT_EQ(cs_croissant_parse(doc, strlen(doc), &o, &c, NULL), CS_OK);
    if (!c)
        return;
    CS_CHECK_INT_EQ(c->count, 2);
    CS_CHECK(c->truncated);
    CS_CHECK_INT_EQ(c->warnings.n, 1);
    cs_croissant_free(c);
}

/* The script cap: a page with one JSON-LD script more than CS_CROISSANT_MAX_SCRIPTS. */
static void test_script_limit(void)
{
    static const char script[] = "<script type=\"application/ld+json\">"
                                 "{\"@type\":\"Dataset\",\"name\":\"s\"}</script>\n";
    size_t n = (CS_CROISSANT_MAX_SCRIPTS + 1) * (sizeof(script) - 1) + 64;
    char *page = malloc(n);
    struct cs_croissant *c = NULL;
    size_t len;

    if (!page)
        return;
    len = (size_t)snprintf(page, n, "<html><head>");
    for (int i = 0; i <= CS_CROISSANT_MAX_SCRIPTS; i++)
        len += (size_t)snprintf(page + len, n - len, "%s", script);
    CS_CHECK_INT_EQ(cs_croissant_parse_html(page, len, NULL, &c, NULL), CS_OK);
    if (c) {
        CS_CHECK_INT_EQ(c->count, CS_CROISSANT_MAX_SCRIPTS);
        CS_CHECK(c->truncated);
        CS_CHECK(c->warnings.n == 1 && strstr(c->warnings.v[0], "JSON-LD scripts"));
    }
    cs_croissant_free(c);
    free(page);
}

/* The work budget: 3000 references to one node of 200 keys would read 600,000 keys per pass;
 * the reading stops, marked truncated, instead of growing with refs x node size. */
static void test_work_budget(void)
{
    struct cs_buf b;
    struct cs_croissant *c = NULL;
    int rc = CS_OK;

    cs_buf_init(&b, 1 << 20);
    rc |= cs_buf_adds(&b, "{\"@graph\":[{\"@id\":\"big\",\"@type\":\"cr:FileObject\"");
    for (int i = 0; i < 200; i++)
        rc |= cs_buf_addf(&b, ",\"k%d\":\"https://b.example/%d\"", i, i);
    rc |= cs_buf_adds(&b, "},{\"@type\":\"sc:Dataset\",\"distribution\":[");
    for (int i = 0; i < 3000; i++)
        rc |= cs_buf_addf(&b, "%s{\"@id\":\"big\"}", i ? "," : "");
    rc |= cs_buf_adds(&b, "]}]}");
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK_INT_EQ(cs_croissant_parse(b.data, b.len, NULL, &c, NULL), CS_OK);
    if (c) {
        CS_CHECK_INT_EQ(c->count, 1);
        CS_CHECK(c->truncated);
        CS_CHECK(c->warnings.n == 1 && strstr(c->warnings.v[0], "work limit"));
    }
    cs_croissant_free(c);
    cs_buf_release(&b);
}

/* Struct fields the JSON printer does not show. */
static void test_struct(void)
{
    const char *doc =
        "{\"@context\":{\"@vocab\":\"https://schema.org/\",\"prov\":\"http://www.w3.org/ns/prov#\"},"
        "\"@type\":\"Dataset\",\"isBasedOn\":\"https://a.example/\","
        "\"prov:wasDerivedFrom\":[\"org/upstream\",{\"prov:label\":\"Some corpus\"}],"
        "\"sameAs\":[\"https://b.example/\",\"https://c.example/\"]}";
    struct cs_croissant *c = NULL;

    CS_CHECK_INT_EQ(cs_croissant_parse(doc, strlen(doc), NULL, &c, NULL), CS_OK);
    if (!c || c->count != 1) {
        cs_test_fail(__FILE__, __LINE__, "no dataset");
        cs_croissant_free(c);
        return;
    }
    CS_CHECK_INT_EQ(c->datasets[0].is_based_on.n, 1);
    CS_CHECK_INT_EQ(c->datasets[0].derived_from.n, 2);
    CS_CHECK_STR_EQ(c->datasets[0].derived_from.v[1], "Some corpus");
    CS_CHECK_INT_EQ(c->datasets[0].upstream.n, 1);
    CS_CHECK_STR_EQ(c->datasets[0].upstream.v[0], "org/upstream");
    CS_CHECK_INT_EQ(c->datasets[0].same_as.n, 2);
    cs_croissant_free(c);
}

static void test_edges(void)
{
    struct cs_croissant *c = NULL;
    struct cs_diag d = { 0 };

    CS_CHECK_INT_EQ(cs_croissant_parse(NULL, 0, NULL, &c, &d), CS_E_PARSE);
    CS_CHECK_INT_EQ(cs_croissant_parse("\"just a string\"", 15, NULL, &c, NULL), CS_E_PARSE);
    CS_CHECK_INT_EQ(cs_croissant_parse("42", 2, NULL, &c, NULL), CS_E_PARSE);
    CS_CHECK_INT_EQ(cs_croissant_parse_html("", 0, NULL, &c, NULL), CS_E_PARSE);
    CS_CHECK_INT_EQ(cs_croissant_parse("[]", 2, NULL, &c, NULL), CS_OK);
    CS_CHECK(c && c->count == 0);
    cs_croissant_free(c);
    CS_CHECK(cs_croissant_looks_like_html(" \n<!doctype html>", 16));
    CS_CHECK(cs_croissant_looks_like_html("\xEF\xBB\xBF<html>", 9));
    CS_CHECK(!cs_croissant_looks_like_html(" {\"a\":1}", 8));
    CS_CHECK(!cs_croissant_looks_like_html("", 0));
    cs_croissant_free(NULL);
}

static void test_linkclass(void)
{
    char *id;

    CS_CHECK(cs_linkclass_is_hosted(
        "https://huggingface.co/datasets/org/name/tree/refs%2Fconvert%2Fparquet"));
    CS_CHECK(cs_linkclass_is_hosted("https://huggingface.co/datasets/org/name/resolve/main/a.csv"));
    CS_CHECK(cs_linkclass_is_hosted("https://huggingface.co/datasets/squad/resolve/main/a.json"));
    CS_CHECK(cs_linkclass_is_hosted("https://huggingface.co/api/datasets/org/name/parquet"));
    CS_CHECK(cs_linkclass_is_hosted("https://huggingface.co/api/datasets/org/name/parquet/default/"
                                    "train/0.parquet"));
    CS_CHECK(cs_linkclass_is_hosted("https://datasets-server.huggingface.co/parquet?dataset=x"));
    CS_CHECK(cs_linkclass_is_hosted("HTTPS://HF.CO/org/model/resolve/main/config.json"));
    CS_CHECK(cs_linkclass_is_hosted("https://cdn-lfs.hf.co/repos/ab/cd/file"));
    CS_CHECK(!cs_linkclass_is_hosted("https://huggingface.co/datasets/org/name"));
    CS_CHECK(!cs_linkclass_is_hosted("https://huggingface.co/datasets/org/tree"));
    CS_CHECK(!cs_linkclass_is_hosted("https://nothuggingface.co/datasets/a/b/resolve/main/x"));
    CS_CHECK(!cs_linkclass_is_hosted("https://github.com/org/repo/tree/main/data"));
    CS_CHECK(!cs_linkclass_is_hosted("ftp://huggingface.co/datasets/a/b/resolve/x"));
    CS_CHECK(!cs_linkclass_is_hosted(NULL));

    id = cs_linkclass_hub_dataset("https://huggingface.co/datasets/org/name/tree/main");
    CS_CHECK_STR_EQ(id, "org/name");
    free(id);
    id = cs_linkclass_hub_dataset("http://www.huggingface.co/datasets/squad/viewer");
    CS_CHECK_STR_EQ(id, "squad");
    free(id);
    id = cs_linkclass_hub_dataset("hf://datasets/org/name/data/train.parquet");
    CS_CHECK_STR_EQ(id, "org/name");
    free(id);
    id = cs_linkclass_hub_dataset("https://huggingface.co/datasets/org/name?x=1");
    CS_CHECK_STR_EQ(id, "org/name");
    free(id);
    CS_CHECK(cs_linkclass_hub_dataset("https://huggingface.co/org/model") == NULL);
    CS_CHECK(cs_linkclass_hub_dataset("https://huggingface.co/datasets/") == NULL);
    CS_CHECK(cs_linkclass_hub_dataset("https://huggingface.co/datasets/bad..id/x") == NULL);
    CS_CHECK(cs_linkclass_hub_dataset("https://example.org/datasets/org/name") == NULL);

    CS_CHECK_INT_EQ(cs_linkclass_by_host("https://doi.org/10.1/x", CS_LINK_OTHER), CS_LINK_PAPER);
    CS_CHECK_INT_EQ(cs_linkclass_by_host("https://export.arxiv.org/abs/1", CS_LINK_OTHER),
                    CS_LINK_PAPER);
    CS_CHECK_INT_EQ(cs_linkclass_by_host("https://user@github.com:443/a", CS_LINK_OTHER),
                    CS_LINK_CODE);
    CS_CHECK_INT_EQ(cs_linkclass_by_host("https://notgithub.com/a", CS_LINK_OTHER), CS_LINK_OTHER);
    CS_CHECK(cs_linkclass_is_http("http://a.example"));
    CS_CHECK(!cs_linkclass_is_http("http://"));
    CS_CHECK(!cs_linkclass_is_http("mailto:a@b.example"));
}

int main(void)
{
    cs_htmlmeta_global_init();
    test_cases();
    test_default_size_limit();
    test_dataset_limit();
    test_script_limit();
    test_work_budget();
    test_struct();
    test_edges();
    test_linkclass();
    cs_htmlmeta_global_cleanup();
    return cs_test_done();
}
