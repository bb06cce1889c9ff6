/* SPDX-License-Identifier: MIT
 * test_hublist.c - Hub listing pages and info responses (peers.md 5.3; issue 4) over the
 * fixtures of tests/cases/hublist/: NAME.json is read (models_* as a model listing, info_* as an
 * info response), the result turned into JSON here and compared structurally with
 * NAME.expected.json, or its error code and message with NAME.error. Plus the date reader.
 */
#include "cs_setup.h"

#include "hublist.h"
#include "testlib.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define DIR_CASES CS_CASES_DIR "/hublist"

static const char *const gated_names[] = { "no", "auto", "manual", "other" };

static json_t *strs(char **v, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *opt(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *entry_json(const struct cs_hublist_entry *e)
{
    json_t *bases = json_array();

    for (size_t i = 0; i < e->base_count; i++)
        json_array_append_new(bases, json_pack("{s:s, s:o}", "id", e->bases[i].id, "relation",
                                               opt(e->bases[i].relation)));
    return json_pack(
        "{s:s, s:s, s:o, s:o, s:I, s:o, s:I, s:b, s:s, s:b, s:o, s:o, s:o, s:o, "
        "s:o, s:O}",
        "id", e->id, "kind", e->kind == CS_HUB_MODEL ? "model" : "dataset", "sha", opt(e->sha),
        "last_modified", opt(e->last_modified), "last_modified_s", (json_int_t)e->last_modified_s,
        "created_at", opt(e->created_at), "created_at_s", (json_int_t)e->created_at_s, "private",
        e->is_private, "gated", gated_names[e->gated], "disabled", e->disabled, "tags",
        strs(e->tags, e->tag_count), "siblings",
        e->has_siblings ? strs(e->siblings, e->sibling_count) : json_null(), "datasets",
        strs(e->datasets, e->dataset_count), "licenses", strs(e->licenses, e->license_count),
        "bases", bases, "card_data", e->card_data ? e->card_data : json_null());
}

static bool starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Parses name; returns the result as JSON, or NULL with *rc and d set on error. */
static json_t *parse(const char *name, const char *buf, size_t len, int *rc, struct cs_diag *d)
{
    enum cs_hub_kind kind = starts(name, "models_") ? CS_HUB_MODEL : CS_HUB_DATASET;
    struct cs_hublist_entry *e = NULL;
    struct cs_hublist *l = NULL;
    json_t *out = NULL;

    if (starts(name, "info_")) {
        *rc = cs_hublist_parse_info(buf, len, kind, &e, d);
        if (e)
            out = entry_json(e);
        cs_hublist_entry_free(e);
        return out;
    }
    *rc = cs_hublist_parse(buf, len, kind, &l, d);
    if (!l)
        return NULL;
    out = json_pack("{s:I, s:I, s:[]}", "count", (json_int_t)l->count, "skipped",
                    (json_int_t)l->skipped, "entries");
    for (size_t i = 0; i < l->count; i++)
        json_array_append_new(json_object_get(out, "entries"), entry_json(&l->entries[i]));
    cs_hublist_free(l);
    return out;
}

static void check_result(const char *name, const char *base, int rc, json_t *got,
                         const struct cs_diag *d)
{
    char path[1024];
    json_t *want;
    char *err;

    snprintf(path, sizeof(path), "%s.expected.json", base);
    want = json_load_file(path, 0, NULL);
    if (want) {
        if (rc == CS_OK && json_equal(got, want)) {
            cs_test_passed++;
        } else {
            char *g = got ? json_dumps(got, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
            cs_test_fail(__FILE__, __LINE__, "%s: rc %d, got %s", name, rc, g ? g : d->msg);
            free(g);
        }
        json_decref(want);
        return;
    }
    snprintf(path, sizeof(path), "%s.error", base);
    err = cs_test_read_file(path, NULL);
    if (err && rc != CS_OK && strchr(err, '\t') && strtol(err, NULL, 10) == rc &&
        (err[strcspn(err, "\n")] = '\0', strstr(d->msg, strchr(err, '\t') + 1)))
        cs_test_passed++;
    else
        cs_test_fail(__FILE__, __LINE__, "%s: rc %d '%s' vs %s", name, rc, d->msg,
                     err ? err : "no expectation file");
    free(err);
}

static void run_case(const char *name)
{
    char path[1024], base[900];
    struct cs_diag d = { 0 };
    size_t len = 0;
    int rc = CS_OK;
    char *buf;
    json_t *got;

    snprintf(path, sizeof(path), "%s/%s", DIR_CASES, name);
    snprintf(base, sizeof(base), "%s/%.*s", DIR_CASES, (int)(strlen(name) - 5), name);
    buf = cs_test_read_file(path, &len);
    if (!buf) {
        cs_test_fail(__FILE__, __LINE__, "cannot read %s", path);
        return;
    }
    got = parse(name, buf, len, &rc, &d);
    CS_CHECK((rc == CS_OK) == (got != NULL));
    check_result(name, base, rc, got, &d);
    json_decref(got);
    free(buf);
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
    CS_CHECK(n >= 9);
}

static void test_time(void)
{
    CS_CHECK_INT_EQ(cs_hublist_time("1970-01-01T00:00:00Z"), 0);
    CS_CHECK_INT_EQ(cs_hublist_time("2022-03-02T23:29:04.000Z"), 1646263744);
    CS_CHECK_INT_EQ(cs_hublist_time("2000-02-29T12:00:00+02:00"), 951818400);
    CS_CHECK_INT_EQ(cs_hublist_time("2000-02-29T12:00:00-0130"), 951831000);
    CS_CHECK_INT_EQ(cs_hublist_time("1969-12-31T23:59:58Z"), -2);
    CS_CHECK_INT_EQ(cs_hublist_time("2024-13-01T00:00:00Z"), -1);
    CS_CHECK_INT_EQ(cs_hublist_time("2024-01-01"), -1);
    CS_CHECK_INT_EQ(cs_hublist_time("2024-01-01T00:00:00"), -1); /* no zone: ambiguous */
    CS_CHECK_INT_EQ(cs_hublist_time("2024-01-01T00:00:00Zjunk"), -1);
    CS_CHECK_INT_EQ(cs_hublist_time(NULL), -1);
}

int main(void)
{
    test_cases();
    test_time();
    return cs_test_done();
}
