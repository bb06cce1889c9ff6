/* SPDX-License-Identifier: MIT
 * test_aipref.c - AIPREF vocabulary readings: the signals.md 6.7 header vectors and own cases
 * from tests/cases/aipref/ (format in the file's header), plus the label table, the 6.2
 * combination and the evidence fields.
 */
#include "cs_setup.h"

#include "aipref.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#define MAX_LINES 8

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

static bool state_of(const char *name, enum cs_aipref_state *st)
{
    for (int s = CS_AIPREF_UNKNOWN; s <= CS_AIPREF_DISALLOW; s++)
        if (strcmp(name, cs_aipref_state_name((enum cs_aipref_state)s)) == 0) {
            *st = (enum cs_aipref_state)s;
            return true;
        }
    return false;
}

/* Reads one statement (" ;; "-separated escaped lines, "-" for none) both ways. */
static void read_statement(char *text, struct cs_aipref *main_out, struct cs_aipref *each_out)
{
    char *lines[MAX_LINES];
    size_t n = 0;

    for (char *p = strcmp(text, "-") == 0 ? NULL : text; p && n < MAX_LINES;) {
        char *sep = strstr(p, " ;; ");
        if (sep)
            *sep = '\0';
        lines[n++] = cs_test_unescape(trim(p), NULL);
        p = sep ? sep + 4 : NULL;
    }
    CS_CHECK_INT_EQ(cs_aipref_read((const char *const *)lines, n, main_out), CS_OK);
    CS_CHECK_INT_EQ(cs_aipref_read_each((const char *const *)lines, n, each_out), CS_OK);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
}

/* Checks "legacy:LABEL=STATE[<FROM]" against v. */
static bool legacy_ok(const struct cs_aipref_value *v, enum cs_aipref_state st, int label,
                      const char *from)
{
    if (v->state != st)
        return false;
    if (from)
        return !v->stated && v->from == cs_aipref_label_from_name(from);
    return st == CS_AIPREF_UNKNOWN ? v->from == -1 && !v->stated : v->stated && v->from == label;
}

/* One check word against the readings; returns false when it does not hold or is malformed. */
static bool check_word(char *w, const struct cs_aipref *a, const struct cs_aipref *each)
{
    char *colon = strchr(w, ':'), *eq = strchr(w, '='), *lt = strchr(w, '<');
    enum cs_aipref_state st = CS_AIPREF_UNKNOWN;
    const char *what = colon ? w : "";
    char *name = colon ? colon + 1 : w;
    int label;

    if (strcmp(w, "error") == 0 || strcmp(w, "noerror") == 0)
        return a->parse_error == (w[0] == 'e');
    if (strcmp(w, "legacy-stated") == 0 || strcmp(w, "no-legacy") == 0)
        return a->legacy_stated == (w[0] == 'l');
    if (colon)
        *colon = '\0';
    if (eq)
        *eq = '\0';
    if (lt)
        *lt = '\0';
    label = cs_aipref_label_from_name(name);
    if (label < 0 || (eq && !state_of(eq + 1, &st)))
        return false;
    if (strcmp(what, "conflict") == 0 || strcmp(what, "noconflict") == 0)
        return each->cat[label].conflict == (what[0] == 'c');
    if (strcmp(what, "legacy") == 0)
        return legacy_ok(&a->cat[label].legacy, st, label, lt ? lt + 1 : NULL);
    if (strcmp(what, "each") == 0)
        return each->cat[label].current.state == st;
    return what[0] == '\0' && eq && a->cat[label].current.state == st;
}

static void run_case(char *line)
{
    char *bar1 = strstr(line, " | "), *bar2 = bar1 ? strstr(bar1 + 3, " | ") : NULL;
    struct cs_aipref a, each;
    char *save = NULL, *checks;
    int bad = 0;

    if (!bar2) {
        cs_test_fail(__FILE__, __LINE__, "malformed case line: %s", line);
        return;
    }
    *bar1 = *bar2 = '\0';
    cs_aipref_init(&a);
    cs_aipref_init(&each);
    for (char *p = bar1 + 3; p;) {
        char *plus = strstr(p, " ++ ");
        struct cs_aipref one, one_each;
        if (plus)
            *plus = '\0';
        read_statement(trim(p), &one, &one_each);
        cs_aipref_merge(&a, &one);
        cs_aipref_merge(&each, &one_each);
        p = plus ? plus + 4 : NULL;
    }
    checks = bar2 + 3;
    for (char *w = strtok_r(checks, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        char copy[128];
        snprintf(copy, sizeof(copy), "%s", w);
        if (!check_word(w, &a, &each)) {
            cs_test_fail(__FILE__, __LINE__, "case %s: %s does not hold", trim(line), copy);
            bad++;
        }
    }
    if (!bad)
        cs_test_passed++;
}

static void test_cases(void)
{
    char *text = cs_test_read_file(CS_CASES_DIR "/aipref/signals-6.7.case", NULL);
    const char *ids[] = { "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P15" };
    char *save = NULL;
    int count = 0;

    CS_CHECK(text != NULL);
    if (!text)
        return;
    for (size_t i = 0; i < CS_ARRAY_LEN(ids); i++) {
        char want[16];
        snprintf(want, sizeof(want), "\n%s | ", ids[i]);
        CS_CHECK(strstr(text, want) != NULL); /* every header vector of 6.7 is a case */
    }
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || line[0] == '\0')
            continue;
        run_case(line);
        count++;
    }
    CS_CHECK(count >= 50);
    free(text);
}

static void test_labels(void)
{
    CS_CHECK_INT_EQ(CS_AIPREF__COUNT, 11);
    for (int i = 0; i < CS_AIPREF__COUNT; i++) {
        CS_CHECK_INT_EQ(cs_aipref_label_from_name(cs_aipref_label_name(i)), i);
        CS_CHECK(strncmp(cs_aipref_label_drafts(i), "vocab-0", 7) == 0);
        CS_CHECK(cs_aipref_label_is_legacy(i) ==
                 (i != CS_AIPREF_TRAIN_AI && i != CS_AIPREF_SEARCH));
    }
    CS_CHECK_STR_EQ(cs_aipref_label_name(CS_AIPREF_TRAIN_GENAI), "train-genai");
    CS_CHECK_STR_EQ(cs_aipref_label_name(CS_AIPREF__COUNT), "?");
    CS_CHECK_STR_EQ(cs_aipref_label_name(-1), "?");
    CS_CHECK_INT_EQ(cs_aipref_label_from_name("Train-AI"), -1);
    CS_CHECK_INT_EQ(cs_aipref_label_from_name(NULL), -1);
    CS_CHECK(!cs_aipref_label_is_legacy(99));
    CS_CHECK_STR_EQ(cs_aipref_label_drafts(CS_AIPREF_TRAIN_AI), "vocab-02..07");
    CS_CHECK_STR_EQ(cs_aipref_state_name(CS_AIPREF_DISALLOW), "disallow");
}

static void test_combine(void)
{
    enum cs_aipref_state none[1] = { CS_AIPREF_UNKNOWN };

    enum cs_aipref_state mixed[3] = { CS_AIPREF_ALLOW, CS_AIPREF_UNKNOWN, CS_AIPREF_DISALLOW };

    enum cs_aipref_state allow[2] = { CS_AIPREF_UNKNOWN, CS_AIPREF_ALLOW };

    CS_CHECK_INT_EQ(cs_aipref_combine(NULL, 0), CS_AIPREF_UNKNOWN);
    CS_CHECK_INT_EQ(cs_aipref_combine(none, 1), CS_AIPREF_UNKNOWN);
    CS_CHECK_INT_EQ(cs_aipref_combine(mixed, 3), CS_AIPREF_DISALLOW);
    CS_CHECK_INT_EQ(cs_aipref_combine(allow, 2), CS_AIPREF_ALLOW);
}

static void test_evidence(void)
{
    const char *p5[] = { "Train-AI=n" };
    const char *v[] = { "train-ai=yes, bots=n" };
    struct cs_aipref a;

    CS_CHECK_INT_EQ(cs_aipref_read(p5, 1, &a), CS_OK);
    CS_CHECK(a.parse_error);
    CS_CHECK_STR_EQ(a.error, "key must start with a lowercase letter or '*' at offset 0");
    CS_CHECK_INT_EQ(cs_aipref_read(v, 1, &a), CS_OK);
    CS_CHECK(!a.parse_error && a.error[0] == '\0');
    CS_CHECK(a.cat[CS_AIPREF_TRAIN_AI].present);
    CS_CHECK(!a.cat[CS_AIPREF_TRAIN_AI].legacy_label && a.cat[CS_AIPREF_BOTS].legacy_label);
    CS_CHECK(!a.cat[CS_AIPREF_SEARCH].present);
    CS_CHECK_INT_EQ(a.cat[CS_AIPREF_TRAIN_AI].current.from, -1);
    CS_CHECK_INT_EQ(a.cat[CS_AIPREF_TRAIN_AI].legacy.from, CS_AIPREF_BOTS);
    CS_CHECK(!a.cat[CS_AIPREF_TRAIN_AI].legacy.stated);
    CS_CHECK(a.cat[CS_AIPREF_BOTS].legacy.stated);
    CS_CHECK_INT_EQ(a.cat[CS_AIPREF_BOTS].current.state, CS_AIPREF_UNKNOWN);
    CS_CHECK_INT_EQ(cs_aipref_read(NULL, 0, &a), CS_OK);
    CS_CHECK_INT_EQ(a.cat[CS_AIPREF_SEARCH].legacy.from, -1);
}

/* A parsed field that is not a Dictionary is no statement. */
static void test_from_field(void)
{
    struct cs_sf_field f;

    CS_CHECK_INT_EQ(cs_sf_parse("train-ai", 8, CS_SF_LIST, &f, NULL), CS_OK);
    {
        struct cs_aipref a;
        cs_aipref_from_field(&f, &a);
        CS_CHECK_INT_EQ(a.cat[CS_AIPREF_TRAIN_AI].current.state, CS_AIPREF_UNKNOWN);
        CS_CHECK(!a.cat[CS_AIPREF_TRAIN_AI].present);
    }
    cs_sf_field_release(&f);
}

/* The merge keeps the disallowing statement's evidence (P15). */
static void test_merge_evidence(void)
{
    const char *header[] = { "search=y" }, *robots[] = { "all=n" };
    struct cs_aipref a, b;

    CS_CHECK_INT_EQ(cs_aipref_read(header, 1, &a), CS_OK);
    CS_CHECK_INT_EQ(cs_aipref_read(robots, 1, &b), CS_OK);
    cs_aipref_merge(&a, &b);
    CS_CHECK_INT_EQ(a.cat[CS_AIPREF_SEARCH].current.state, CS_AIPREF_ALLOW);
    CS_CHECK_INT_EQ(a.cat[CS_AIPREF_SEARCH].legacy.state, CS_AIPREF_DISALLOW);
    CS_CHECK_INT_EQ(a.cat[CS_AIPREF_SEARCH].legacy.from, CS_AIPREF_ALL);
    CS_CHECK(a.cat[CS_AIPREF_SEARCH].conflict);
    CS_CHECK(a.legacy_stated);
}

int main(void)
{
    test_cases();
    test_labels();
    test_combine();
    test_evidence();
    test_from_field();
    test_merge_evidence();
    return cs_test_done();
}
