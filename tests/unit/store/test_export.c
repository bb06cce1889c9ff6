/* SPDX-License-Identifier: MIT
 * test_export.c - `consentscan export` (store/export.h, store/EXPORT.md): JSONL and CSV,
 * --flagged, canonical output, RFC 4180 quoting, write errors, malformed records, and the
 * verdict iterator underneath.
 */
#include "cs_setup.h"

#include "cs_err.h"
#include "export.h"
#include "store.h"
#include "testlib.h"

#include "raw_lmdb.h"
#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ORIGIN_A "https://example.org"
#define ORIGIN_B "https://other.example"

/* Flagged; keys unsorted and spaced on purpose: the export is canonical. */
static const char v1_json[] =
    "{\"url\": \"https://example.org/a\", \"input\": \"http://Example.org/a\",\n"
    " \"origin\": \"https://example.org\", \"checked_at\": \"2026-11-25T15:37:57Z\",\n"
    " \"flagged\": true,\n"
    " \"purposes\": {\n"
    "  \"CUSTOM\": {\"stance\": \"UNKNOWN\", \"reason\": \"a, b\", \"evidence\": []},\n"
    "  \"SEARCH\": {\"stance\": \"NO_SIGNAL\", \"reason\": null, \"agents_reserved\": 0,\n"
    "              \"agents_considered\": 5, \"evidence\": []},\n"
    "  \"TRAIN_GENAI\": {\"stance\": \"DISALLOW_FULL\", \"reason\": null, \"agents_reserved\": 3,\n"
    "    \"agents_considered\": 40, \"evidence\": [\n"
    "     {\"signal\": \"robots.txt\", \"token\": \"GPTBot\",\n"
    "      \"source_url\": \"https://example.org/robots.txt\", \"http_status\": 200,\n"
    "      \"fetched_at\": \"2026-11-25T15:37:57Z\", \"line\": 3, \"text\": \"Disallow: /\",\n"
    "      \"parser_version\": \"1\"},\n"
    "     {\"signal\": \"x-robots-tag\", \"token\": \"*\", \"text\": \"noai, \\\"x\\\"\\n\"}]}},\n"
    " \"agents\": [\"GPTBot\"], \"fetches\": {}}";

/* Not flagged; a fetch failure: UNKNOWN with a reason. */
static const char v2_json[] =
    "{\"url\":\"https://other.example/b\",\"origin\":\"https://other.example\","
    "\"checked_at\":\"2026-11-25T16:00:00Z\",\"flagged\":false,"
    "\"purposes\":{\"TDM\":{\"stance\":\"UNKNOWN\",\"reason\":\"robots.txt unreachable: timeout\","
    "\"agents_reserved\":0,\"agents_considered\":40,\"evidence\":[{\"signal\":\"robots.txt\","
    "\"token\":null,\"source_url\":\"https://other.example/robots.txt\",\"http_status\":0}]}}}";

/* Not flagged, no purposes at all (no CSV row), no checked_at string. */
static const char v3_json[] = "{\"url\":\"https://other.example/c\",\"flagged\":false}";

/* Same origin as v1: adjacent in the output. */
static const char v4_json[] =
    "{\"url\":\"https://example.org/d\",\"flagged\":false,\"checked_at\":\"2026-11-25T17:00:00Z\","
    "\"purposes\":{\"AI_INPUT\":{\"stance\":\"ALLOW_EXPLICIT\",\"reason\":null,"
    "\"agents_reserved\":0,\"agents_considered\":2,\"evidence\":[]},"
    "\"TRAIN_ML\":{\"stance\":\"DISALLOW_PARTIAL\",\"reason\":null,\"agents_reserved\":1,"
    "\"agents_considered\":2,\"evidence\":[]}}}";

static const char csv_header[] = "url,origin,checked_at,flagged,purpose,stance,reason,"
                                 "agents_reserved,agents_considered,evidence\r\n";

/* ---- helpers ---------------------------------------------------------------------------- */

/* The canonical form of a JSON text: compact, sorted keys. Returns owned. */
static char *canonical(const char *json)
{
    json_t *root = json_loads(json, 0, NULL);
    char *out = root ? json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

    json_decref(root);
    return out;
}

/* Runs an export into memory. Returns owned text (NULL on failure), rc in *rc_out. */
static char *export_text(struct cs_store *st, enum cs_export_format fmt, bool flagged, int *rc_out)
{
    struct cs_diag diag = { 0 };
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    *rc_out = f ? cs_export_write(st, f, fmt, flagged, &diag) : CS_E_IO;
    if (*rc_out != CS_OK)
        fprintf(stderr, "export: %s\n", diag.msg);
    if (f)
        fclose(f);
    return buf;
}

static int count_lines(const char *s)
{
    int n = 0;

    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

/* Splits one RFC 4180 record starting at *p into fields (each owned, unquoted); advances *p
 * past its CRLF. Returns the field count, -1 on a malformed record. */
static int csv_record(const char **p, char *fields[], int max)
{
    const char *s = *p;
    int n = 0;

    for (;;) {
        char buf[4096];
        size_t len = 0;

        if (*s == '"') {
            for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
                if (*s == '"')
                    s++; /* a doubled quote */
                if (len + 1 < sizeof(buf))
                    buf[len++] = *s;
            }
            if (*s != '"')
                return -1;
            s++;
        } else {
            while (*s && *s != ',' && *s != '\r' && *s != '\n' && len + 1 < sizeof(buf))
                buf[len++] = *s++;
        }
        buf[len] = '\0';
        if (n < max)
            fields[n] = strdup(buf);
        n++;
        if (*s == ',') {
            s++;
            continue;
        }
        if (s[0] != '\r' || s[1] != '\n')
            return -1;
        *p = s + 2;
        return n;
    }
}

static void free_fields(char *fields[], int n)
{
    for (int i = 0; i < n; i++)
        free(fields[i]);
}

static int put(struct cs_store_batch *b, const char *origin, const char *url, bool flagged,
               const char *json)
{
    struct cs_verdict_record rec = { url, origin, 1764085077, flagged, "1", json, false };

    return cs_store_put_verdict(b, &rec);
}

/* A store holding v1..v4. Returns owned (the caller closes it and removes *tmp_out). */
static struct cs_store *make_store(char **tmp_out)
{
    char tmpl[] = "/tmp/cs_test_export_XXXXXX";
    char *tmp = mkdtemp(tmpl);
    struct cs_store *st = NULL;
    struct cs_store_batch *b = NULL;
    int rc;

    *tmp_out = tmp ? strdup(tmp) : NULL;
    if (!*tmp_out)
        return NULL;
    rc = cs_store_open(*tmp_out, 0, &st, NULL);
    if (rc == CS_OK)
        rc = cs_store_batch_begin(st, &b);
    if (rc == CS_OK)
        rc = put(b, ORIGIN_A, "https://example.org/a", true, v1_json);
    if (rc == CS_OK)
        rc = put(b, ORIGIN_B, "https://other.example/b", false, v2_json);
    if (rc == CS_OK)
        rc = put(b, ORIGIN_B, "https://other.example/c", false, v3_json);
    if (rc == CS_OK)
        rc = put(b, ORIGIN_A, "https://example.org/d", false, v4_json);
    if (rc == CS_OK)
        rc = cs_store_batch_commit(b, NULL);
    else
        cs_store_batch_abort(b);
    CS_CHECK_INT_EQ(rc, CS_OK);
    return st;
}

/* ---- JSONL ------------------------------------------------------------------------------ */

static void test_jsonl(void)
{
    char *tmp = NULL;
    struct cs_store *st = make_store(&tmp);
    const char *inputs[] = { v1_json, v2_json, v3_json, v4_json };
    char *lines[4] = { NULL };
    char *text;
    char *again;
    char *pos;
    int rc;

    text = export_text(st, CS_EXPORT_JSONL, false, &rc);
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK_INT_EQ(count_lines(text), 4);
    for (int i = 0; i < 4; i++) {
        char *want = canonical(inputs[i]);
        char *line = NULL;

        CS_CHECK(want != NULL);
        if (want && text) {
            size_t n = strlen(want) + 3;

            line = malloc(n);
            snprintf(line, n, "%s\n", want);
            pos = strstr(text, line);
            CS_CHECK(pos != NULL); /* each object, canonical, on its own line */
            CS_CHECK(pos == text || pos[-1] == '\n');
            lines[i] = pos;
        }
        free(line);
        free(want);
    }
    /* key order is origin first: v1 and v4 (one origin) are neighbours, as are v2 and v3 */
    if (lines[0] && lines[1] && lines[2] && lines[3]) {
        CS_CHECK((lines[0] < lines[1]) == (lines[3] < lines[1]));
        CS_CHECK((lines[1] < lines[0]) == (lines[2] < lines[0]));
    }
    again = export_text(st, CS_EXPORT_JSONL, false, &rc);
    CS_CHECK_STR_EQ(again, text); /* stable */
    free(again);
    free(text);

    text = export_text(st, CS_EXPORT_JSONL, true, &rc);
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK_INT_EQ(count_lines(text), 1);
    pos = canonical(v1_json);
    CS_CHECK(text && pos && strncmp(text, pos, strlen(pos)) == 0);
    CS_CHECK(text && strstr(text, "\"flagged\":true") != NULL);
    free(pos);
    free(text);

    cs_store_close(st);
    cs_test_remove_tree(tmp);
    free(tmp);
}

/* ---- CSV -------------------------------------------------------------------------------- */

static void test_csv_rows(void)
{
    char *tmp = NULL;
    struct cs_store *st = make_store(&tmp);
    const char *row_genai =
        "https://example.org/a,https://example.org,2026-11-25T15:37:57Z,true,TRAIN_GENAI,"
        "DISALLOW_FULL,,3,40,\"robots.txt GPTBot 3 \"\"Disallow: /\"\" | x-robots-tag * - "
        "\"\"noai, \\\"\"x\\\"\"\\n\"\"\"\r\n";
    const char *row_search = "https://example.org/a,https://example.org,2026-11-25T15:37:57Z,"
                             "true,SEARCH,NO_SIGNAL,,0,5,\r\n";
    const char *row_custom = "https://example.org/a,https://example.org,2026-11-25T15:37:57Z,"
                             "true,CUSTOM,UNKNOWN,\"a, b\",,,\r\n";
    const char *row_tdm = "https://other.example/b,https://other.example,2026-11-25T16:00:00Z,"
                          "false,TDM,UNKNOWN,robots.txt unreachable: timeout,0,40,"
                          "robots.txt - - -\r\n";
    char *text;
    char *g;
    char *s;
    char *c;
    int rc;

    text = export_text(st, CS_EXPORT_CSV, false, &rc);
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK(text && strncmp(text, csv_header, strlen(csv_header)) == 0);
    CS_CHECK_INT_EQ(count_lines(text), 1 + 3 + 1 + 0 + 2);
    g = text ? strstr(text, row_genai) : NULL;
    s = text ? strstr(text, row_search) : NULL;
    c = text ? strstr(text, row_custom) : NULL;
    CS_CHECK(g != NULL);
    CS_CHECK(s != NULL);
    CS_CHECK(c != NULL);
    CS_CHECK(text && strstr(text, row_tdm) != NULL);
    /* known purposes in their fixed order, others after them */
    CS_CHECK(g && s && c && g < s && s < c);
    /* v4: TRAIN_ML before AI_INPUT although stored the other way round */
    CS_CHECK(text && strstr(text, "TRAIN_ML,DISALLOW_PARTIAL") &&
             strstr(text, "AI_INPUT,ALLOW_EXPLICIT") &&
             strstr(text, "TRAIN_ML,DISALLOW_PARTIAL") < strstr(text, "AI_INPUT,ALLOW_EXPLICIT"));
    free(text);

    text = export_text(st, CS_EXPORT_CSV, true, &rc);
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK_INT_EQ(count_lines(text), 1 + 3);
    CS_CHECK(text && strstr(text, "other.example") == NULL);
    CS_CHECK(text && strstr(text, ",false,") == NULL);
    free(text);

    cs_store_close(st);
    cs_test_remove_tree(tmp);
    free(tmp);
}

/* Every row parses back as RFC 4180 with 10 fields; the evidence text survives quoting. */
static void test_csv_parses(void)
{
    char *tmp = NULL;
    struct cs_store *st = make_store(&tmp);
    char *fields[16];
    const char *p;
    char *text;
    int rows = 0;
    int n;
    int rc;

    text = export_text(st, CS_EXPORT_CSV, false, &rc);
    p = text ? text : "";
    while (*p) {
        n = csv_record(&p, fields, 16);
        CS_CHECK_INT_EQ(n, 10);
        if (n < 0)
            break;
        if (n == 10 && strcmp(fields[4], "TRAIN_GENAI") == 0)
            CS_CHECK_STR_EQ(fields[9], "robots.txt GPTBot 3 \"Disallow: /\" | "
                                       "x-robots-tag * - \"noai, \\\"x\\\"\\n\"");
        if (n == 10 && strcmp(fields[4], "CUSTOM") == 0)
            CS_CHECK_STR_EQ(fields[6], "a, b");
        free_fields(fields, n < 16 ? n : 16);
        rows++;
    }
    CS_CHECK_INT_EQ(rows, 7);
    free(text);

    cs_store_close(st);
    cs_test_remove_tree(tmp);
    free(tmp);
}

/* ---- edges ------------------------------------------------------------------------------ */

static void test_empty_store(void)
{
    char tmpl[] = "/tmp/cs_test_export_XXXXXX";
    char *tmp = mkdtemp(tmpl);
    struct cs_store *st = NULL;
    char *text;
    int rc;

    CS_CHECK(tmp != NULL);
    CS_CHECK_INT_EQ(cs_store_open(tmp, 0, &st, NULL), CS_OK);
    text = export_text(st, CS_EXPORT_JSONL, false, &rc);
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK_STR_EQ(text, "");
    free(text);
    text = export_text(st, CS_EXPORT_CSV, true, &rc);
    CS_CHECK_INT_EQ(rc, CS_OK);
    CS_CHECK_STR_EQ(text, csv_header);
    free(text);
    CS_CHECK_INT_EQ(cs_export_write(st, NULL, CS_EXPORT_CSV, false, NULL), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_export_write(NULL, stdout, CS_EXPORT_CSV, false, NULL), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_export_write(st, stdout, (enum cs_export_format)7, false, NULL),
                    CS_E_INVALID);
    cs_store_close(st);
    cs_test_remove_tree(tmp);
}

static void test_write_error(void)
{
    char *tmp = NULL;
    struct cs_store *st = make_store(&tmp);
    struct cs_diag diag = { 0 };
    FILE *full = fopen("/dev/full", "w");

    if (full) {
        CS_CHECK_INT_EQ(cs_export_write(st, full, CS_EXPORT_JSONL, false, &diag), CS_E_IO);
        CS_CHECK(strncmp(diag.msg, "cannot write export: ", 21) == 0);
        fclose(full);
    }
    cs_store_close(st);
    cs_test_remove_tree(tmp);
    free(tmp);
}

/* Written by raw LMDB: a verdicts value without a record header. */
static int raw_put_garbage(const char *dir)
{
    return raw_put(dir, "verdicts", "zzzzzzzzzzzzzzzzzzzzzzzz", 24, "garbage", 7);
}

static void test_malformed_record(void)
{
    char *tmp = NULL;
    struct cs_store *st = make_store(&tmp);
    struct cs_diag diag = { 0 };
    FILE *sink = fopen("/dev/null", "w");

    cs_store_close(st);
    CS_CHECK_INT_EQ(raw_put_garbage(tmp), 0);
    CS_CHECK_INT_EQ(cs_store_open(tmp, CS_STORE_RDONLY, &st, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_export_write(st, sink, CS_EXPORT_JSONL, false, &diag), CS_E_STORE);
    CS_CHECK(strstr(diag.msg, "malformed record") != NULL);
    if (sink)
        fclose(sink);
    cs_store_close(st);
    cs_test_remove_tree(tmp);
    free(tmp);
}

/* ---- the iterator ----------------------------------------------------------------------- */

struct seen {
    int calls;
    int stop_after;
    bool v1_ok;
};

static int on_verdict(const struct cs_verdict_record *rec, void *ctx)
{
    struct seen *s = ctx;

    s->calls++;
    if (strcmp(rec->url, "https://example.org/a") == 0)
        s->v1_ok = strcmp(rec->origin, ORIGIN_A) == 0 && rec->flagged &&
                   rec->checked_at == 1764085077 && rec->parser_version &&
                   strcmp(rec->parser_version, "1") == 0 && strstr(rec->json, "\"input\"");
    return s->calls == s->stop_after ? CS_E_SHUTDOWN : CS_OK;
}

static void test_iterator(void)
{
    char *tmp = NULL;
    struct cs_store *st = make_store(&tmp);
    struct seen s = { 0, 0, false };

    CS_CHECK_INT_EQ(cs_store_iter_verdicts(st, false, on_verdict, &s, NULL), CS_OK);
    CS_CHECK_INT_EQ(s.calls, 4);
    CS_CHECK(s.v1_ok);
    s.calls = 0;
    s.v1_ok = false;
    CS_CHECK_INT_EQ(cs_store_iter_verdicts(st, true, on_verdict, &s, NULL), CS_OK);
    CS_CHECK_INT_EQ(s.calls, 1);
    CS_CHECK(s.v1_ok);
    s.calls = 0;
    s.stop_after = 2;
    CS_CHECK_INT_EQ(cs_store_iter_verdicts(st, false, on_verdict, &s, NULL), CS_E_SHUTDOWN);
    CS_CHECK_INT_EQ(s.calls, 2);
    CS_CHECK_INT_EQ(cs_store_iter_verdicts(st, false, NULL, &s, NULL), CS_E_INVALID);

    cs_store_close(st);
    cs_test_remove_tree(tmp);
    free(tmp);
}

int main(void)
{
    test_jsonl();
    test_csv_rows();
    test_csv_parses();
    test_empty_store();
    test_write_error();
    test_malformed_record();
    test_iterator();
    return cs_test_done();
}
