/* SPDX-License-Identifier: MIT
 * test_graph_export.c - `consentscan export --by dataset|model [--flagged]` (store/graph_export.h,
 * store/EXPORT.md "Lineage export"): counts, only data links flag (homepage, paper and the
 * Hub's own copies never do), the path through derived datasets and base models, the verdict
 * evidence, canonical order against golden files, CSV, write errors.
 *
 * The verdicts in tests/cases/graph/ are real `consentscan check --json` outputs of the e2e
 * fixture sites (gptbot-block.test, r503.test, allow.test) with the host renamed.
 *
 * The viewer sample of IMAGES (test_sample): 8 row-cells on 3 pages, 3 reserved, 1 UNKNOWN,
 * 1 unchecked, 3 clear: p = 3/6 = 0.5. Per page (y reserved, m known): (2, 3), (0, 2), (1, 1);
 * residuals y - p m: 0.5, -1, 0.5, sum of squares 1.5; V = 3/2 * 1.5 / 36 = 0.0625; SRS
 * variance 0.25/6, deff = 1.5, n_eff = 4; t(0.975, 2) = 4.302653;
 * Wilson(0.5, 4, 4.302653) = [0.046592, 0.953408].
 */
#include "cs_setup.h"

#include "cs_err.h"
#include "graph.h"
#include "graph_export.h"
#include "store.h"
#include "testlib.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RES_A     "https://reserved.example/a"
#define RES_HOME  "https://reserved.example/home"
#define RES_PAPER "https://reserved.example/paper"
#define RES_O     "https://reserved.example"
#define UNK_X     "https://unknown.example/x"
#define CLR_C     "https://clear.example/c"
#define NOCHECK   "https://nocheck.example/d"
#define HOSTED    "https://huggingface.co/datasets/org/web/resolve/main/x.parquet"

#define WEB     "hf:datasets/org/web"
#define DERIVED "hf:datasets/org/derived"
#define CLEAN   "hf:datasets/org/clean"
#define IMAGES  "hf:datasets/org/images"

/* viewer pages of IMAGES (crawler/viewerwork.c: via "viewer:PAGE:COLUMN", detail "row N") */
#define PAGE_T0   "viewer:default/train@0:"
#define PAGE_T100 "viewer:default/train@100:"
#define PAGE_TEST "viewer:default/test@0:"

static char *make_tmp(void)
{
    char tmpl[] = "/tmp/cs_test_gexport_XXXXXX";
    char *dir = mkdtemp(tmpl);

    return dir ? strdup(dir) : NULL;
}

static char *case_path(const char *name)
{
    size_t n = strlen(CS_CASES_DIR) + strlen(name) + 8;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s/graph/%s", CS_CASES_DIR, name);
    return p;
}

/* Stores the verdict of fixture file as the verdict of (origin, url). */
static int put_verdict(struct cs_store_batch *b, const char *file, const char *origin,
                       const char *url)
{
    char *path = case_path(file);
    json_t *root = path ? json_load_file(path, 0, NULL) : NULL;
    char *json = NULL;
    struct cs_verdict_record rec = { url, origin, 1764000000, false, "1", NULL, false };
    int rc = CS_E_INVALID;

    free(path);
    if (root && json_object_set_new(root, "url", json_string(url)) == 0 &&
        json_object_set_new(root, "origin", json_string(origin)) == 0)
        json = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
    if (json) {
        rec.flagged = json_is_true(json_object_get(root, "flagged"));
        rec.json = json;
        rc = cs_store_put_verdict(b, &rec);
    }
    free(json);
    json_decref(root);
    return rc;
}

static struct cs_graph_edge link_to(const char *url, enum cs_link_class c, const char *via,
                                    const char *origin)
{
    return (struct cs_graph_edge){ CS_EDGE_LINKS_TO, CS_NODE_SOURCE, url, c, via, NULL, origin };
}

static struct cs_graph_edge cell(const char *url, const char *via, const char *row,
                                 const char *origin)
{
    return (struct cs_graph_edge){
        CS_EDGE_LINKS_TO, CS_NODE_SOURCE, url, CS_LINK_DATA, via, row, origin
    };
}

/* IMAGES: a Croissant link (not a sampled row), 8 sampled row-cells, a homepage. */
static int build_sample(struct cs_store_batch *b)
{
    struct cs_graph_edge images[] = {
        link_to(RES_A, CS_LINK_DATA, "croissant:contentUrl", RES_O),
        cell(RES_A, PAGE_T0 "url", "row 0", RES_O),
        cell(CLR_C, PAGE_T0 "url", "row 1", "https://clear.example"),
        cell(RES_A, PAGE_T0 "url", "row 2", RES_O),
        /* a column name with a ':' of its own: still page T0 */
        cell(UNK_X, PAGE_T0 "image:url", "row 3", "https://unknown.example"),
        cell(CLR_C, PAGE_T100 "url", "row 100", "https://clear.example"),
        cell(CLR_C, PAGE_T100 "url", "row 101", "https://clear.example"),
        cell(NOCHECK, PAGE_T100 "url", "row 102", "https://nocheck.example"),
        cell(RES_A, PAGE_TEST "url", "row 0", RES_O),
        link_to(RES_HOME, CS_LINK_HOMEPAGE, "viewer:default/train@0:home", RES_O),
    };

    return cs_graph_replace_edges(b, CS_NODE_DATASET, IMAGES, images, CS_ARRAY_LEN(images), 1);
}

static int build_graph(struct cs_store_batch *b)
{
    struct cs_graph_edge web[] = {
        link_to(RES_A, CS_LINK_DATA, "croissant:contentUrl", RES_O),
        link_to(UNK_X, CS_LINK_DATA, "card:configs.data_files", "https://unknown.example"),
        link_to(CLR_C, CS_LINK_DATA, "rows:sample", "https://clear.example"),
        link_to(NOCHECK, CS_LINK_DATA, "card:body", "https://nocheck.example"),
        link_to(RES_HOME, CS_LINK_HOMEPAGE, "card:homepage", RES_O),
        link_to(HOSTED, CS_LINK_HOSTED, "card:configs.data_files", "https://huggingface.co"),
    };
    struct cs_graph_edge derived = { CS_EDGE_DERIVED_FROM,
                                     CS_NODE_DATASET,
                                     WEB,
                                     CS_LINK_OTHER,
                                     "card:source_datasets",
                                     NULL,
                                     NULL };
    struct cs_graph_edge clean[] = {
        link_to(CLR_C, CS_LINK_DATA, "croissant:contentUrl", "https://clear.example"),
        link_to(RES_PAPER, CS_LINK_PAPER, "card:body", RES_O),
    };
    struct cs_graph_edge base = {
        CS_EDGE_TRAINED_ON, CS_NODE_DATASET, DERIVED, CS_LINK_OTHER, "card:datasets", NULL, NULL
    };
    struct cs_graph_edge tuned = {
        CS_EDGE_BASE_MODEL, CS_NODE_MODEL, "hf:models/org/base", CS_LINK_OTHER, "card:base_model",
        "finetune",         NULL
    };
    struct cs_graph_edge other = {
        CS_EDGE_TRAINED_ON, CS_NODE_DATASET, CLEAN, CS_LINK_OTHER, "card:datasets", NULL, NULL
    };
    struct cs_graph_node_info info = { .sha = "0123abcd", .seen_at = 1, .fetched_at = 2 };
    int rc = cs_graph_replace_edges(b, CS_NODE_DATASET, WEB, web, CS_ARRAY_LEN(web), 1);

    if (rc == CS_OK)
        rc = cs_graph_replace_edges(b, CS_NODE_DATASET, DERIVED, &derived, 1, 1);
    if (rc == CS_OK)
        rc = cs_graph_replace_edges(b, CS_NODE_DATASET, CLEAN, clean, 2, 1);
    if (rc == CS_OK)
        rc = cs_graph_replace_edges(b, CS_NODE_MODEL, "hf:models/org/base", &base, 1, 1);
    if (rc == CS_OK)
        rc = cs_graph_replace_edges(b, CS_NODE_MODEL, "hf:models/org/tuned", &tuned, 1, 1);
    if (rc == CS_OK)
        rc = cs_graph_replace_edges(b, CS_NODE_MODEL, "hf:models/org/other", &other, 1, 1);
    if (rc == CS_OK)
        rc = cs_graph_put_node(b, CS_NODE_MODEL, "hf:models/org/solo", &info);
    if (rc == CS_OK)
        rc = cs_graph_mark_gone(b, CS_NODE_DATASET, DERIVED, 3);
    return rc == CS_OK ? build_sample(b) : rc;
}

static int build_verdicts(struct cs_store_batch *b)
{
    int rc = put_verdict(b, "verdict_reserved.json", RES_O, RES_A);

    if (rc == CS_OK) /* flagged too, but reached only through homepage, paper, hosted links */
        rc = put_verdict(b, "verdict_reserved.json", RES_O, RES_HOME);
    if (rc == CS_OK)
        rc = put_verdict(b, "verdict_reserved.json", RES_O, RES_PAPER);
    if (rc == CS_OK)
        rc = put_verdict(b, "verdict_reserved.json", "https://huggingface.co", HOSTED);
    if (rc == CS_OK)
        rc = put_verdict(b, "verdict_unknown.json", "https://unknown.example", UNK_X);
    if (rc == CS_OK)
        rc = put_verdict(b, "verdict_clear.json", "https://clear.example", CLR_C);
    return rc;
}

/* Runs an export into memory. Returns owned text (NULL on failure), rc in *rc_out. */
static char *export_text(struct cs_store *st, enum cs_export_format fmt, enum cs_node_kind by,
                         bool flagged, int *rc_out)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    *rc_out = f ? cs_graph_export_write(st, f, fmt, by, flagged, NULL) : CS_E_IO;
    if (f)
        fclose(f);
    return buf;
}

/* The rows of a JSONL export; row i in rows[i]. Returns the count. */
static size_t parse_rows(const char *text, json_t **rows, size_t max)
{
    size_t n = 0;

    for (const char *p = text; p && *p && n < max;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);

        rows[n] = json_loadb(p, len, 0, NULL);
        if (!rows[n])
            break;
        n++;
        p = nl ? nl + 1 : NULL;
    }
    return n;
}

static json_int_t count(const json_t *row, const char *key)
{
    return json_integer_value(json_object_get(row, key));
}

static const char *str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/* The path of a flagged source as "from edge to edge to ...". */
static void path_text(const json_t *entry, char *out, size_t cap)
{
    const json_t *path = json_object_get(entry, "path");
    size_t len = 0;

    out[0] = '\0';
    for (size_t i = 0; i < json_array_size(path) && len < cap; i++) {
        const json_t *s = json_array_get(path, i);

        if (i == 0)
            len += (size_t)snprintf(out + len, cap - len, "%s", str(s, "from"));
        if (len < cap)
            len += (size_t)snprintf(out + len, cap - len, " %s %s", str(s, "edge"), str(s, "to"));
    }
}

static void check_counts(const json_t *row, const char *node, int sources, int reserved,
                         int unknown, int unchecked)
{
    CS_CHECK_STR_EQ(str(row, "node"), node);
    CS_CHECK_INT_EQ(count(row, "sources"), sources);
    CS_CHECK_INT_EQ(count(row, "reserved"), reserved);
    CS_CHECK_INT_EQ(count(row, "unknown"), unknown);
    CS_CHECK_INT_EQ(count(row, "unchecked"), unchecked);
}

/* The one flagged source of these rows: reserved/a, with its deciding evidence. */
static void check_flag(const json_t *row, const char *path)
{
    const json_t *list = json_object_get(row, "flagged_sources");
    const json_t *e = json_array_get(list, 0);
    const json_t *ev = json_array_get(json_object_get(e, "evidence"), 0);
    char text[512];

    CS_CHECK_INT_EQ(json_array_size(list), 1);
    CS_CHECK_STR_EQ(str(e, "url"), RES_A);
    CS_CHECK_STR_EQ(str(e, "origin"), RES_O);
    CS_CHECK_STR_EQ(str(e, "class"), "data");
    CS_CHECK_STR_EQ(str(e, "via"), "croissant:contentUrl");
    CS_CHECK_STR_EQ(str(e, "purpose"), "TRAIN_GENAI");
    CS_CHECK_STR_EQ(str(e, "stance"), "DISALLOW_PARTIAL");
    CS_CHECK_STR_EQ(str(json_object_get(e, "stances"), "SEARCH"), "NO_SIGNAL");
    CS_CHECK_STR_EQ(str(ev, "signal"), "robots.txt");
    CS_CHECK_STR_EQ(str(ev, "token"), "GPTBot");
    CS_CHECK_STR_EQ(str(ev, "text"), "Disallow: /");
    CS_CHECK_STR_EQ(str(ev, "source_url"), "https://reserved.example/robots.txt");
    path_text(e, text, sizeof(text));
    CS_CHECK_STR_EQ(text, path);
}

static void test_by_dataset(struct cs_store *st)
{
    json_t *rows[8] = { 0 };
    int rc;
    char *text = export_text(st, CS_EXPORT_JSONL, CS_NODE_DATASET, false, &rc);
    size_t n = parse_rows(text, rows, 8);

    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK_INT_EQ(n, 4); /* sorted by name; every dataset, flagged or not */
    if (n == 4) {
        /* clean reaches clear/c by data; the reserved paper link does not count */
        check_counts(rows[0], CLEAN, 1, 0, 0, 0);
        CS_CHECK_INT_EQ(json_array_size(json_object_get(rows[0], "flagged_sources")), 0);
        check_counts(rows[1], DERIVED, 4, 1, 1, 1);
        CS_CHECK(json_is_true(json_object_get(rows[1], "gone")));
        check_flag(rows[1], DERIVED " derived_from " WEB " links_to " RES_A);
        /* homepage and hosted links are not sources: 4, not 6, one reserved, not 3 */
        check_counts(rows[3], WEB, 4, 1, 1, 1);
        CS_CHECK(json_is_false(json_object_get(rows[3], "gone")));
        CS_CHECK_STR_EQ(str(rows[3], "kind"), "dataset");
        check_flag(rows[3], WEB " links_to " RES_A);
        /* only a dataset with viewer rows of its own has a sample: not web, nor its derivative */
        CS_CHECK(json_is_null(json_object_get(rows[1], "sample")));
        CS_CHECK(json_is_null(json_object_get(rows[3], "sample")));
    }
    for (size_t i = 0; i < n; i++)
        json_decref(rows[i]);
    free(text);
}

static void test_by_model(struct cs_store *st)
{
    json_t *rows[8] = { 0 };
    int rc;
    char *text = export_text(st, CS_EXPORT_JSONL, CS_NODE_MODEL, true, &rc);
    size_t n = parse_rows(text, rows, 8);

    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK_INT_EQ(n, 2); /* --flagged: other (clean data) and solo (no data) left out */
    if (n == 2) {
        check_counts(rows[0], "hf:models/org/base", 4, 1, 1, 1);
        check_flag(rows[0], "hf:models/org/base trained_on " DERIVED " derived_from " WEB
                            " links_to " RES_A);
        /* a fine-tuned model reaches its base model's training data */
        check_counts(rows[1], "hf:models/org/tuned", 4, 1, 1, 1);
        check_flag(rows[1], "hf:models/org/tuned base_model hf:models/org/base trained_on " DERIVED
                            " derived_from " WEB " links_to " RES_A);
        CS_CHECK_STR_EQ(str(rows[1], "kind"), "model");
    }
    for (size_t i = 0; i < n; i++)
        json_decref(rows[i]);
    free(text);
    text = export_text(st, CS_EXPORT_JSONL, CS_NODE_MODEL, false, &rc);
    n = parse_rows(text, rows, 8);
    CS_CHECK_INT_EQ(n, 4);
    if (n == 4) {
        check_counts(rows[1], "hf:models/org/other", 1, 0, 0, 0);
        check_counts(rows[2], "hf:models/org/solo", 0, 0, 0, 0);
    }
    for (size_t i = 0; i < n; i++)
        json_decref(rows[i]);
    free(text);
}

static double real(const json_t *obj, const char *key)
{
    return json_real_value(json_object_get(obj, key));
}

/* The viewer sample of IMAGES (numbers in the header comment): one row-cell per viewer link,
 * pages as clusters; the Croissant and homepage links are not rows. */
static void test_sample(struct cs_store *st)
{
    json_t *rows[8] = { 0 };
    int rc;
    char *text = export_text(st, CS_EXPORT_JSONL, CS_NODE_DATASET, true, &rc);
    size_t n = parse_rows(text, rows, 8);
    const json_t *s = n == 3 ? json_object_get(rows[1], "sample") : NULL;

    CS_CHECK_INT_EQ(n, 3);                     /* --flagged: derived, images, web */
    check_counts(rows[1], IMAGES, 4, 1, 1, 1); /* the sources, each counted once */
    CS_CHECK_INT_EQ(count(s, "rows"), 8);
    CS_CHECK_INT_EQ(count(s, "pages"), 3);
    CS_CHECK_INT_EQ(count(s, "with_verdict"), 7);
    CS_CHECK_INT_EQ(count(s, "unknown"), 1);
    CS_CHECK_INT_EQ(count(s, "unchecked"), 1);
    CS_CHECK_INT_EQ(count(s, "reserved"), 3);
    CS_CHECK(real(s, "share") == 0.5);
    CS_CHECK(real(s, "lo") == 0.0466); /* rounded to 4 decimals */
    CS_CHECK(real(s, "hi") == 0.9534);
    CS_CHECK(strstr(str(s, "method") ? str(s, "method") : "", "pages as clusters") != NULL);
    for (size_t i = 0; i < n; i++)
        json_decref(rows[i]);
    free(text);
}

/* The whole output against a golden file: canonical order and fields, byte for byte. */
static void check_golden(struct cs_store *st, enum cs_export_format fmt, enum cs_node_kind by,
                         bool flagged, const char *golden)
{
    char *path = case_path(golden);
    char *want = path ? cs_test_read_file(path, NULL) : NULL;
    int rc;
    char *got = export_text(st, fmt, by, flagged, &rc);
    char *again = export_text(st, fmt, by, flagged, &rc);

    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK(want != NULL);
    CS_CHECK(got && want && strcmp(got, want) == 0);
    CS_CHECK(got && again && strcmp(got, again) == 0);
    if (got && want && strcmp(got, want) != 0 && getenv("CS_GOLDEN_SHOW"))
        fprintf(stderr, "%s:\n%s", golden, got);
    free(again);
    free(got);
    free(want);
    free(path);
}

static void test_errors(struct cs_store *st)
{
    struct cs_diag diag = { 0 };
    FILE *full = fopen("/dev/full", "w");

    CS_CHECK_INT_EQ(cs_graph_export_write(st, stdout, CS_EXPORT_JSONL, CS_NODE_SOURCE, false, NULL),
                    CS_E_INVALID);
    CS_CHECK_INT_EQ(
        cs_graph_export_write(NULL, stdout, CS_EXPORT_JSONL, CS_NODE_MODEL, false, NULL),
        CS_E_INVALID);
    if (!full)
        return;
    CS_CHECK_INT_EQ(cs_graph_export_write(st, full, CS_EXPORT_CSV, CS_NODE_DATASET, false, &diag),
                    CS_E_IO);
    CS_CHECK(strstr(diag.msg, "cannot write export") != NULL);
    fclose(full);
}

int main(void)
{
    char *dir = make_tmp();
    struct cs_store *st = NULL;
    struct cs_store_batch *b = NULL;

    CS_CHECK(dir && cs_store_open(dir, 0, &st, NULL) == CS_OK);
    if (st) {
        CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
        CS_CHECK_INT_EQ(build_graph(b), CS_OK);
        CS_CHECK_INT_EQ(build_verdicts(b), CS_OK);
        CS_CHECK_INT_EQ(cs_store_batch_commit(b, NULL), CS_OK);
        test_by_dataset(st);
        test_by_model(st);
        check_golden(st, CS_EXPORT_JSONL, CS_NODE_DATASET, true, "export_dataset_flagged.jsonl");
        check_golden(st, CS_EXPORT_CSV, CS_NODE_MODEL, false, "export_model.csv");
        check_golden(st, CS_EXPORT_CSV, CS_NODE_DATASET, true, "export_dataset_flagged.csv");
        test_sample(st);
        test_errors(st);
        cs_store_close(st);
    }
    if (dir)
        cs_test_remove_tree(dir);
    free(dir);
    return cs_test_done();
}
