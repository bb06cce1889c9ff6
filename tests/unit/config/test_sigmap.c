/* SPDX-License-Identifier: MIT
 * test_sigmap.c - the purpose map (signals.md 12.2) as data: the table is well-formed, and every
 * row of 12.2 that maps a value consentscan reads gives the purposes of
 * tests/cases/sigmap/signals-12.2.case.
 */
#include "cs_setup.h"

#include "cs_sigmap.h"
#include "testlib.h"
#include "verdict.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define ALL_P ((1u << CS_PURPOSE__COUNT) - 1u)

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

static bool signal_by_name(const char *name, enum cs_signal *out)
{
    for (int s = 0; s < CS_SIGNAL__COUNT; s++) {
        if (strcmp(cs_signal_name((enum cs_signal)s), name) == 0) {
            *out = (enum cs_signal)s;
            return true;
        }
    }
    return false;
}

/* "TRAIN_GENAI,AI_INPUT*" -> *narrow (unstarred) and *broad (all). Returns false if malformed. */
static bool parse_purposes(char *list, unsigned *narrow, unsigned *broad)
{
    char *save = NULL;

    *narrow = *broad = 0;
    if (strcmp(list, "-") == 0)
        return true;
    for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        size_t n = strlen(t);
        bool star = n && t[n - 1] == '*';
        enum cs_purpose p;
        if (star)
            t[n - 1] = '\0';
        if (cs_purpose_parse(t, &p) != CS_OK)
            return false;
        *broad |= 1u << p;
        if (!star)
            *narrow |= 1u << p;
    }
    return true;
}

static void show(unsigned mask, char *buf, size_t size)
{
    size_t n = 0;

    buf[0] = '\0';
    for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
        if (mask & (1u << p))
            n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "," : "",
                                  cs_purpose_name((enum cs_purpose)p));
        if (n >= size)
            break;
    }
    if (!mask)
        snprintf(buf, size, "-");
}

static void expect_mask(const char *what, const char *sig, const char *value, unsigned want,
                        unsigned got)
{
    char w[96], g[96];

    if (want == got) {
        cs_test_passed++;
        return;
    }
    show(want, w, sizeof(w));
    show(got, g, sizeof(g));
    cs_test_fail(__FILE__, __LINE__, "%s | %s: %s expected %s, got %s", sig, value, what, w, g);
}

/* x-robots-tag rows: the directive map of parsers/verdict.c (noimageai judged on an image). */
static void run_directive(const char *value, unsigned narrow, unsigned broad, unsigned allow)
{
    unsigned flag = strcmp(value, "noai") == 0        ? CS_XR_NOAI
                    : strcmp(value, "noimageai") == 0 ? CS_XR_NOIMAGEAI
                    : strcmp(value, "noindex") == 0   ? CS_XR_NOINDEX
                                                      : 0;

    if (!flag && strcmp(value, "noarchive") != 0) {
        cs_test_fail(__FILE__, __LINE__, "x-robots-tag | %s: no such directive in the test", value);
        return;
    }
    expect_mask("reserves", "x-robots-tag", value, narrow,
                cs_verdict_directive_purposes(flag, true, false));
    expect_mask("reserves (broad)", "x-robots-tag", value, broad,
                cs_verdict_directive_purposes(flag, true, true));
    expect_mask("allows", "x-robots-tag", value, allow, 0);
}

static void run_case(char *line, int lineno)
{
    char *col[4];
    char *p = line;
    enum cs_signal sig;
    unsigned narrow, broad, allow, deny_n, allow_n, deny_b, allow_b;
    bool mapped, want_mapped;

    for (int i = 0; i < 4; i++) {
        char *bar = i < 3 ? strchr(p, '|') : NULL;
        if (i < 3 && !bar) {
            cs_test_fail(__FILE__, __LINE__, "case line %d: expected 4 columns", lineno);
            return;
        }
        if (bar)
            *bar = '\0';
        col[i] = trim(p);
        p = bar ? bar + 1 : p;
    }
    if (!signal_by_name(col[0], &sig)) {
        cs_test_fail(__FILE__, __LINE__, "case line %d: unknown signal '%s'", lineno, col[0]);
        return;
    }
    want_mapped = strcmp(col[2], "unmapped") != 0;
    if (!(want_mapped ? parse_purposes(col[2], &narrow, &broad) : (narrow = broad = 0, true)) ||
        !parse_purposes(col[3], &allow, &allow_b)) {
        cs_test_fail(__FILE__, __LINE__, "case line %d: bad purpose list", lineno);
        return;
    }
    if (sig == CS_SIGNAL_XROBOTS) {
        run_directive(col[1], narrow, broad, allow);
        return;
    }
    mapped = cs_sigmap_purposes(sig, col[1], false, &deny_n, &allow_n);
    if (mapped != want_mapped) {
        cs_test_fail(__FILE__, __LINE__, "%s | %s: expected %s", col[0], col[1],
                     want_mapped ? "a row" : "no row (unmapped)");
        return;
    }
    cs_test_passed++;
    (void)cs_sigmap_purposes(sig, col[1], true, &deny_b, &allow_b);
    expect_mask("reserves (narrow reading)", col[0], col[1], narrow, deny_n);
    expect_mask("reserves (broad reading)", col[0], col[1], broad, deny_b);
    expect_mask("allows", col[0], col[1], allow, allow_n);
    expect_mask("allows (broad reading)", col[0], col[1], allow, allow_b);
}

static void test_cases(void)
{
    char *text = cs_test_read_file(CS_CASES_DIR "/sigmap/signals-12.2.case", NULL);
    char *save = NULL;
    int count = 0, lineno = 0;

    CS_CHECK(text != NULL);
    if (!text)
        return;
    for (char *line = text; line; line = save) {
        save = strchr(line, '\n');
        if (save)
            *save++ = '\0';
        lineno++;
        if (line[0] == '#' || trim(line)[0] == '\0')
            continue;
        run_case(line, lineno);
        count++;
    }
    CS_CHECK(count >= 45);
    free(text);
}

/* "(3.1)", "(6.2; ...)", "(12.3 #19)": the first "(N.N" of the basis, as "N.N". */
static bool basis_section(const char *basis, char *out, size_t size)
{
    for (const char *p = strchr(basis, '('); p; p = strchr(p + 1, '(')) {
        size_t n = strspn(p + 1, "0123456789.");
        if (n >= 3 && strchr(p + 1, '.') && (size_t)(strchr(p + 1, '.') - (p + 1)) < n &&
            n < size) {
            memcpy(out, p + 1, n);
            out[n] = '\0';
            return true;
        }
    }
    return false;
}

/* The spec's headings, "### N.N ", when ../shared/docs/signals.md is there; NULL otherwise. */
static char *spec_text(void)
{
    return cs_test_read_file(CS_CASES_DIR "/../../../shared/docs/signals.md", NULL);
}

static bool spec_has_section(const char *spec, const char *sec)
{
    char heading[32];

    snprintf(heading, sizeof(heading), "\n### %s ", sec);
    return strstr(spec, heading) != NULL;
}

static void check_row(size_t i, const struct cs_sigmap_row *r, const char *spec)
{
    char sec[16];

    if ((unsigned)r->signal >= CS_SIGNAL__COUNT || r->signal == CS_SIGNAL_ROBOTS ||
        r->signal == CS_SIGNAL_XROBOTS || r->signal == CS_SIGNAL_META_ROBOTS ||
        r->signal == CS_SIGNAL_ROBOTS_USAGE)
        cs_test_fail(__FILE__, __LINE__,
                     "row %zu: signal %d is out of range or never looked up in the table "
                     "(robots directives are verdict.c's; robots-content-usage reads as "
                     "content-usage)",
                     i, (int)r->signal);
    if (!r->value || !r->value[0] || !r->basis || !r->basis[0]) {
        cs_test_fail(__FILE__, __LINE__, "row %zu: empty value or basis", i);
        return;
    }
    if (!basis_section(r->basis, sec, sizeof(sec)))
        cs_test_fail(__FILE__, __LINE__, "row %zu (%s): basis \"%s\" cites no (N.N) section", i,
                     r->value, r->basis);
    else if (spec && !spec_has_section(spec, sec))
        cs_test_fail(__FILE__, __LINE__, "row %zu (%s): basis cites %s, no such section", i,
                     r->value, sec);
    if (r->deny & r->allow)
        cs_test_fail(__FILE__, __LINE__, "row %zu (%s): reserves and allows overlap", i, r->value);
    if (!(r->deny | r->allow) || ((r->deny | r->allow) & ~ALL_P))
        cs_test_fail(__FILE__, __LINE__, "row %zu (%s): purposes empty or out of range", i,
                     r->value);
    if (r->flags & ~(CS_SIGMAP_BROAD | CS_SIGMAP_UNVERIFIED))
        cs_test_fail(__FILE__, __LINE__, "row %zu (%s): unknown flags", i, r->value);
    if ((r->flags & CS_SIGMAP_BROAD) && (!r->deny || (r->deny & (1u << CS_PURPOSE_AI_INPUT))))
        cs_test_fail(__FILE__, __LINE__, "row %zu (%s): BROAD on a row that cannot widen", i,
                     r->value);
    if (cs_sigmap_find(r->signal, r->value) != r)
        cs_test_fail(__FILE__, __LINE__, "row %zu (%s): cs_sigmap_find finds another row", i,
                     r->value);
    for (size_t j = 0; j < i; j++) {
        const struct cs_sigmap_row *o = cs_sigmap_get(j);
        if (o->signal == r->signal && strcmp(o->value, r->value) == 0)
            cs_test_fail(__FILE__, __LINE__, "rows %zu and %zu: duplicate (%s, %s)", j, i,
                         cs_signal_name(r->signal), r->value);
    }
}

static void test_well_formed(void)
{
    size_t n = cs_sigmap_count();
    int before = cs_test_failed;
    char *spec = spec_text();

    CS_CHECK(n >= 40);
    if (!spec)
        fprintf(stderr, "note: signals.md not found; section citations checked for form only\n");
    for (size_t i = 0; i < n; i++) {
        const struct cs_sigmap_row *r = cs_sigmap_get(i);
        CS_CHECK(r != NULL);
        if (r)
            check_row(i, r, spec);
    }
    CS_CHECK(cs_test_failed == before); /* counts the table as one pass */
    CS_CHECK(cs_sigmap_get(n) == NULL);
    free(spec);
}

static void test_lookup_edges(void)
{
    unsigned d = 7, a = 7;

    CS_CHECK(cs_sigmap_find(CS_SIGNAL_TDMREP, NULL) == NULL);
    CS_CHECK(cs_sigmap_find(CS_SIGNAL__COUNT, "1") == NULL);
    CS_CHECK(cs_sigmap_find(CS_SIGNAL_ROBOTS, "1") == NULL);
    CS_CHECK(!cs_sigmap_purposes(CS_SIGNAL_AITXT, "", true, &d, &a));
    CS_CHECK_INT_EQ(d, 0);
    CS_CHECK_INT_EQ(a, 0);
    /* the AIPREF robots.txt rule shares the header's rows (6.4, 6.5) */
    CS_CHECK(cs_sigmap_find(CS_SIGNAL_ROBOTS_USAGE, "train-ai=n") ==
             cs_sigmap_find(CS_SIGNAL_CONTENT_USAGE, "train-ai=n"));
    /* the unverified Amazon reading is in the table, flagged (4.6) */
    CS_CHECK(cs_sigmap_find(CS_SIGNAL_BING, "amazon:noarchive") != NULL &&
             (cs_sigmap_find(CS_SIGNAL_BING, "amazon:noarchive")->flags & CS_SIGMAP_UNVERIFIED));
}

int main(void)
{
    test_well_formed();
    test_cases();
    test_lookup_edges();
    return cs_test_done();
}
