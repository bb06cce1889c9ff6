/* SPDX-License-Identifier: MIT
 * test_robots.c - robots.txt parser and matcher (RFC 9309): runs every .case file of
 * tests/cases/robots (format below), checks that each vector of signals.md 1.6 / 2.3 has a case,
 * then runs generated inputs (R35's 700 KiB file, huge and pathological inputs) and API edges.
 *
 * Case file format: one directive per line, "key: value"; lines starting with '#' are comments
 * and blank lines are ignored. "name:" starts a case. Values marked (esc) take C escapes
 * (\n \r \t \\ \0 \xHH).
 *   name: ID                 starts a case (RFC9309_*, LENIENT_*, GOOGLE_*, TOKENS_*, ...)
 *   robots: TEXT (esc)       robots.txt text; several robots: pieces are joined with "\n"
 *   robots-repeat: N TEXT    (esc) appends TEXT N times, no separator
 *   max-bytes: N             opts.max_bytes for this case
 *   agent: TOKEN             agent for the next expectations (rest of line, may hold spaces)
 *   path: PATH (esc)         path for the next expectations
 *   expect: V [k=v ...]      check (agent, path) in both readings; V is allow or disallow
 *   expect-lenient: ... / expect-strict: ...   same, one reading only
 *       keys: line=N (deciding rule line, 0 = none), group=none|star|specific, group-line=N,
 *       all=yes|no (group_disallows_all), robots-txt=yes|no, rule=TEXT (rest of the line)
 *   records: L S             cs_robots_record_count lenient, strict
 *   groups: N                cs_robots_group_count
 *   truncated: yes|no
 *   diags: N                 exact number of diagnostics
 *   diag: LINE [TEXT]        a diagnostic on LINE whose message contains TEXT
 *   ext-count: N
 *   ext: I LINE GROUP KEY [VALUE]   the I-th extension record (VALUE = rest of line)
 *   ua: STRING               User-Agent string for expect-token
 *   expect-token: TOKEN|none cs_robots_ua_token(ua) result
 * The robots text is parsed at the first directive that needs it.
 */
#include "cs_setup.h"

#include "cs_buf.h"
#include "robots.h"
#include "robots_int.h"
#include "testlib.h"

#include <dirent.h>
#include <stdlib.h>
#include <time.h>

struct tcase {
    const char *file;
    int line;       /* line of the directive being run */
    char name[128]; /* current case */
    struct cs_buf body;
    bool have_body; /* at least one robots piece seen */
    size_t max_bytes;
    struct cs_robots *r;
    char agent[256];
    char *path; /* From malloc() */
    char ua[512];
    int ncases;
};

/* Vector IDs of signals.md 1.6 and 2.3 that must appear in some case name as "_ID_". R2, R3,
 * R33, R34 are fetch outcomes (crawler tests); R35 is generated below. */
static const char *const required_ids[] = {
    "R1",  "R4",  "R5",  "R6",  "R7",  "R8",  "R9",  "R10", "R11", "R12", "R13",
    "R14", "R15", "R16", "R17", "R18", "R19", "R20", "R21", "R22", "R23", "R24",
    "R25", "R26", "R27", "R28", "R29", "R30", "R31", "R32", "R36", "R37", "T1",
    "T3",  "T4",  "T5",  "T6",  "T7",  "T8",  "T9",  "T10",
};

static bool seen_ids[CS_ARRAY_LEN(required_ids)];

static void mark_ids(const char *name)
{
    char pat[16];
    size_t i;

    for (i = 0; i < CS_ARRAY_LEN(required_ids); i++) {
        snprintf(pat, sizeof(pat), "_%s_", required_ids[i]);
        if (strstr(name, pat))
            seen_ids[i] = true;
    }
}

static void pass(void)
{
    cs_test_passed++;
}

#define FAILF(tc, ...) cs_test_fail((tc)->file, (tc)->line, __VA_ARGS__)

static void end_case(struct tcase *tc)
{
    cs_robots_free(tc->r);
    tc->r = NULL;
    cs_buf_release(&tc->body);
    tc->have_body = false;
    tc->max_bytes = 0;
    free(tc->path);
    tc->path = NULL;
    tc->agent[0] = '\0';
    tc->ua[0] = '\0';
}

/* Parses the collected body once; returns false (after a failure) when that is impossible. */
static bool need_parsed(struct tcase *tc)
{
    struct cs_robots_opts opts = { tc->max_bytes };
    struct cs_diag d = { 0, 0, "" };
    int rc;

    if (tc->r)
        return true;
    rc = cs_robots_parse(tc->body.data ? tc->body.data : "", tc->body.len, &opts, &tc->r, &d);
    if (rc != CS_OK || !tc->r) {
        FAILF(tc, "%s: parse failed: %s", tc->name, cs_strerror(rc));
        return false;
    }
    /* The out-diag carries the first diagnostic, and only when there is one. */
    if ((cs_robots_diag_count(tc->r) > 0) == (d.code != 0))
        pass();
    else
        FAILF(tc, "%s: out diag disagrees with diag list", tc->name);
    return true;
}

static long num(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);

    return end == s ? -1 : v;
}

static void d_name(struct tcase *tc, char *v)
{
    end_case(tc);
    snprintf(tc->name, sizeof(tc->name), "%s", v);
    mark_ids(v);
    tc->ncases++;
}

static void d_robots(struct tcase *tc, char *v)
{
    size_t n;
    char *text = cs_test_unescape(v, &n);

    if (tc->r)
        FAILF(tc, "%s: robots text after the first check", tc->name);
    if (!text || (tc->have_body && cs_buf_add(&tc->body, "\n", 1) != CS_OK) ||
        cs_buf_add(&tc->body, text, n) != CS_OK)
        FAILF(tc, "%s: cannot build body", tc->name);
    tc->have_body = true;
    free(text);
}

static void d_repeat(struct tcase *tc, char *v)
{
    char *rest;
    long count = strtol(v, &rest, 10);
    size_t n;
    char *text = cs_test_unescape(rest[0] == ' ' ? rest + 1 : rest, &n);

    for (long i = 0; text && i < count; i++) {
        if (cs_buf_add(&tc->body, text, n) != CS_OK) {
            FAILF(tc, "%s: cannot build body", tc->name);
            break;
        }
    }
    tc->have_body = true;
    free(text);
}

static void d_max_bytes(struct tcase *tc, char *v)
{
    tc->max_bytes = (size_t)num(v);
}

static void d_agent(struct tcase *tc, char *v)
{
    snprintf(tc->agent, sizeof(tc->agent), "%s", v);
}

static void d_path(struct tcase *tc, char *v)
{
    free(tc->path);
    tc->path = cs_test_unescape(v, NULL);
}

static void d_ua(struct tcase *tc, char *v)
{
    snprintf(tc->ua, sizeof(tc->ua), "%s", v);
}

static void check_int(struct tcase *tc, const char *what, long got, long want)
{
    if (got == want)
        pass();
    else
        FAILF(tc, "%s: %s is %ld, expected %ld", tc->name, what, got, want);
}

static const char *const group_names[] = { "none", "star", "specific" };

static const char *const mode_names[] = { "lenient", "strict" };

static void check_rule(struct tcase *tc, const char *m, const char *val,
                       const struct cs_robots_verdict *vd)
{
    char *want = cs_test_unescape(val, NULL);

    if (want && vd->rule && strcmp(vd->rule, want) == 0)
        pass();
    else
        FAILF(tc, "%s (%s): rule \"%s\", expected \"%s\"", tc->name, m,
              vd->rule ? vd->rule : "(null)", val);
    free(want);
}

/* Checks one key=value field of an expect line against the verdict. */
static void check_field(struct tcase *tc, const char *m, const char *key, const char *val,
                        const struct cs_robots_verdict *vd)
{
    if (strcmp(key, "line") == 0) {
        check_int(tc, "line", vd->line, num(val));
        if ((vd->line == 0) != (vd->rule == NULL))
            FAILF(tc, "%s (%s): rule text and line disagree", tc->name, m);
    } else if (strcmp(key, "group-line") == 0) {
        check_int(tc, "group_line", vd->group_line, num(val));
    } else if (strcmp(key, "group") == 0) {
        if (strcmp(group_names[vd->group], val) == 0)
            pass();
        else
            FAILF(tc, "%s (%s): group %s, expected %s", tc->name, m, group_names[vd->group], val);
    } else if (strcmp(key, "all") == 0) {
        check_int(tc, "group_disallows_all", vd->group_disallows_all, strcmp(val, "yes") == 0);
    } else if (strcmp(key, "robots-txt") == 0) {
        check_int(tc, "always_allowed", vd->always_allowed, strcmp(val, "yes") == 0);
    } else if (strcmp(key, "rule") == 0) {
        check_rule(tc, m, val, vd);
    } else {
        FAILF(tc, "%s: unknown expect field '%s'", tc->name, key);
    }
}

static void check_fields(struct tcase *tc, const char *m, char *p,
                         const struct cs_robots_verdict *vd)
{
    while (*p) {
        char *key = p;
        char *eq = strchr(p, '=');
        char *end;

        if (!eq) {
            FAILF(tc, "%s: bad expect field '%s'", tc->name, p);
            return;
        }
        *eq = '\0';
        if (strcmp(key, "rule") == 0) {
            check_field(tc, m, key, eq + 1, vd);
            return;
        }
        end = eq + 1 + strcspn(eq + 1, " ");
        p = *end ? end + 1 : end;
        *end = '\0';
        check_field(tc, m, key, eq + 1, vd);
        while (*p == ' ')
            p++;
    }
}

static void run_expect(struct tcase *tc, int mode, const char *spec)
{
    struct cs_robots_verdict vd;
    char buf[1024];
    size_t vlen = strcspn(spec, " ");
    bool want_allow = vlen == 5 && strncmp(spec, "allow", 5) == 0;
    int rc;

    if (!need_parsed(tc))
        return;
    rc = cs_robots_check(tc->r, tc->agent, tc->path ? tc->path : "/", (enum cs_robots_mode)mode,
                         &vd);
    if (rc != CS_OK) {
        FAILF(tc, "%s: check returned %s", tc->name, cs_strerror(rc));
        return;
    }
    if (vd.allowed == want_allow)
        pass();
    else
        FAILF(tc, "%s (%s): agent '%s' path '%s': %s, expected %.*s (line %d)", tc->name,
              mode_names[mode], tc->agent, tc->path ? tc->path : "/",
              vd.allowed ? "allow" : "disallow", (int)vlen, spec, vd.line);
    snprintf(buf, sizeof(buf), "%s", spec + vlen + (spec[vlen] == ' '));
    check_fields(tc, mode_names[mode], buf, &vd);
}

static void d_expect(struct tcase *tc, char *v)
{
    run_expect(tc, CS_ROBOTS_LENIENT, v);
    run_expect(tc, CS_ROBOTS_STRICT, v);
}

static void d_expect_lenient(struct tcase *tc, char *v)
{
    run_expect(tc, CS_ROBOTS_LENIENT, v);
}

static void d_expect_strict(struct tcase *tc, char *v)
{
    run_expect(tc, CS_ROBOTS_STRICT, v);
}

static void d_records(struct tcase *tc, char *v)
{
    char *rest;
    long l = strtol(v, &rest, 10);

    if (!need_parsed(tc))
        return;
    check_int(tc, "lenient records", (long)cs_robots_record_count(tc->r, CS_ROBOTS_LENIENT), l);
    check_int(tc, "strict records", (long)cs_robots_record_count(tc->r, CS_ROBOTS_STRICT),
              num(rest));
}

static void d_groups(struct tcase *tc, char *v)
{
    if (need_parsed(tc))
        check_int(tc, "groups", (long)cs_robots_group_count(tc->r), num(v));
}

static void d_truncated(struct tcase *tc, char *v)
{
    if (need_parsed(tc))
        check_int(tc, "truncated", cs_robots_truncated(tc->r), strcmp(v, "yes") == 0);
}

static void d_diags(struct tcase *tc, char *v)
{
    if (need_parsed(tc))
        check_int(tc, "diag count", (long)cs_robots_diag_count(tc->r), num(v));
}

static void d_diag(struct tcase *tc, char *v)
{
    char *text;
    long line = strtol(v, &text, 10);
    size_t i;

    while (*text == ' ')
        text++;
    if (!need_parsed(tc))
        return;
    for (i = 0; i < cs_robots_diag_count(tc->r); i++) {
        const struct cs_diag *d = cs_robots_diag_get(tc->r, i);
        if (d->line == line && strstr(d->msg, text)) {
            pass();
            return;
        }
    }
    FAILF(tc, "%s: no diagnostic on line %ld containing '%s'", tc->name, line, text);
}

static void d_ext_count(struct tcase *tc, char *v)
{
    if (need_parsed(tc))
        check_int(tc, "ext count", (long)cs_robots_ext_count(tc->r), num(v));
}

static void d_ext(struct tcase *tc, char *v)
{
    char key[64] = "";
    long idx, line, group;
    int used = 0;
    const struct cs_robots_ext *e;

    if (sscanf(v, "%ld %ld %ld %63s %n", &idx, &line, &group, key, &used) < 4 || used == 0) {
        FAILF(tc, "%s: bad ext directive", tc->name);
        return;
    }
    if (!need_parsed(tc))
        return;
    e = cs_robots_ext_get(tc->r, (size_t)idx);
    if (!e) {
        FAILF(tc, "%s: no extension record %ld", tc->name, idx);
        return;
    }
    check_int(tc, "ext line", e->line, line);
    check_int(tc, "ext group", e->group_index, group);
    check_int(tc, "ext key matches", strcmp(e->key, key) == 0, 1);
    check_int(tc, "ext value matches", strcmp(e->value, v + used) == 0, 1);
}

static void d_expect_token(struct tcase *tc, char *v)
{
    char out[64];
    int rc = cs_robots_ua_token(tc->ua, out, sizeof(out));

    if (strcmp(v, "none") == 0 ? rc == CS_E_NOTFOUND : (rc == CS_OK && strcmp(out, v) == 0))
        pass();
    else
        FAILF(tc, "%s: token of '%s' is '%s' (%s), expected '%s'", tc->name, tc->ua, out,
              cs_strerror(rc), v);
}

struct directive {
    const char *key;
    void (*fn)(struct tcase *tc, char *value);
};

static const struct directive directives[] = {
    { "name", d_name },
    { "robots", d_robots },
    { "robots-repeat", d_repeat },
    { "max-bytes", d_max_bytes },
    { "agent", d_agent },
    { "path", d_path },
    { "expect", d_expect },
    { "expect-lenient", d_expect_lenient },
    { "expect-strict", d_expect_strict },
    { "records", d_records },
    { "groups", d_groups },
    { "truncated", d_truncated },
    { "diags", d_diags },
    { "diag", d_diag },
    { "ext-count", d_ext_count },
    { "ext", d_ext },
    { "ua", d_ua },
    { "expect-token", d_expect_token },
};

static void run_directive(struct tcase *tc, char *line)
{
    char *colon = strchr(line, ':');
    char *v;
    size_t i;

    if (!colon) {
        FAILF(tc, "malformed case line '%s'", line);
        return;
    }
    *colon = '\0';
    v = colon + 1;
    while (*v == ' ')
        v++;
    for (i = 0; i < CS_ARRAY_LEN(directives); i++) {
        if (strcmp(line, directives[i].key) == 0) {
            directives[i].fn(tc, v);
            return;
        }
    }
    FAILF(tc, "unknown directive '%s'", line);
}

static void run_case_file(const char *path, int *ncases)
{
    size_t len;
    char *text = cs_test_read_file(path, &len);
    struct tcase tc;
    char *p;

    memset(&tc, 0, sizeof(tc));
    tc.file = path;
    cs_buf_init(&tc.body, 4u << 20);
    if (!text) {
        cs_test_fail(path, 0, "cannot read case file");
        return;
    }
    for (p = text; *p;) {
        char *nl = strchr(p, '\n');
        char *next = nl ? nl + 1 : p + strlen(p);

        if (nl)
            *nl = '\0';
        tc.line++;
        if (*p && *p != '#')
            run_directive(&tc, p);
        p = next;
    }
    end_case(&tc);
    *ncases += tc.ncases;
    free(text);
}

static void run_case_dir(void)
{
    const char *dir = CS_CASES_DIR "/robots";
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    int ncases = 0;
    size_t i;

    CS_CHECK(d != NULL);
    while (d && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".case") != 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        run_case_file(path, &ncases);
    }
    if (d)
        closedir(d);
    printf("%d robots cases run\n", ncases);
    CS_CHECK(ncases >= 90);
    for (i = 0; i < CS_ARRAY_LEN(required_ids); i++) {
        if (!seen_ids[i])
            cs_test_fail(__FILE__, __LINE__, "no case covers vector %s", required_ids[i]);
        else
            pass();
    }
}

/* --- generated inputs -------------------------------------------------------------------- */

static char *filler(size_t size, const char *head, const char *tail, size_t tail_at)
{
    char *buf = malloc(size);
    size_t i;

    if (!buf)
        return NULL;
    for (i = 0; i < size; i++)
        buf[i] = (i % 64 == 63) ? '\n' : '#';
    memcpy(buf, head, strlen(head));
    memcpy(buf + tail_at, tail, strlen(tail));
    return buf;
}

/* R35: a 700 KiB file whose only Disallow for GPTBot sits after byte 600 K; parsed with the
 * RFC 9309 2.5 cap of 512,000 bytes it is not seen, and the truncation is flagged. */
static void test_r35_size_cap(void)
{
    const char *tail = "\nUser-agent: GPTBot\nDisallow: /\n";
    char *buf = filler(700 * 1024, "User-agent: CCBot\nDisallow: /\n", tail, 600 * 1024 + 1);
    struct cs_robots_opts opts = { 512000 };
    struct cs_robots *r = NULL;
    struct cs_robots_verdict vd;

    CS_CHECK(buf != NULL);
    if (!buf)
        return;
    CS_CHECK_INT_EQ(cs_robots_parse(buf, 700 * 1024, &opts, &r, NULL), CS_OK);
    CS_CHECK(cs_robots_truncated(r));
    CS_CHECK_INT_EQ(cs_robots_check(r, "GPTBot", "/x", CS_ROBOTS_LENIENT, &vd), CS_OK);
    CS_CHECK(vd.allowed);
    CS_CHECK_INT_EQ(cs_robots_check(r, "CCBot", "/x", CS_ROBOTS_STRICT, &vd), CS_OK);
    CS_CHECK(!vd.allowed);
    CS_CHECK(cs_robots_diag_get(r, 0) && strstr(cs_robots_diag_get(r, 0)->msg, "truncated"));
    cs_robots_free(r);
    /* Without the cap the same file disallows GPTBot. */
    CS_CHECK_INT_EQ(cs_robots_parse(buf, 700 * 1024, NULL, &r, NULL), CS_OK);
    CS_CHECK(!cs_robots_truncated(r));
    CS_CHECK_INT_EQ(cs_robots_check(r, "GPTBot", "/x", CS_ROBOTS_LENIENT, &vd), CS_OK);
    CS_CHECK(!vd.allowed);
    CS_CHECK_INT_EQ(vd.line, 9605); /* 9602 filler lines, one '#' line, the user-agent line */
    cs_robots_free(r);
    free(buf);
}

/* The cut falls on the last complete line before the cap. */
static void test_cap_on_line(void)
{
    const char *txt = "User-agent: *\nDisallow: /a\nDisallow: /b\n";
    struct cs_robots_opts opts = { 30 }; /* inside "Disallow: /b" */
    struct cs_robots *r = NULL;
    struct cs_robots_verdict vd;

    CS_CHECK_INT_EQ(cs_robots_parse(txt, strlen(txt), &opts, &r, NULL), CS_OK);
    CS_CHECK(cs_robots_truncated(r));
    CS_CHECK_INT_EQ(cs_robots_check(r, "x", "/a", CS_ROBOTS_STRICT, &vd), CS_OK);
    CS_CHECK(!vd.allowed);
    CS_CHECK_INT_EQ(cs_robots_check(r, "x", "/b", CS_ROBOTS_STRICT, &vd), CS_OK);
    CS_CHECK(vd.allowed);
    CS_CHECK_INT_EQ(cs_robots_record_count(r, CS_ROBOTS_STRICT), 2);
    cs_robots_free(r);
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Bounded work: a wildcard-heavy pattern against a long path must not backtrack
 * exponentially. */
static void test_pathological_pattern(void)
{
    const char *txt = "User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b$\n";
    struct cs_robots *r = NULL;
    struct cs_robots_verdict vd;
    char path[3001];
    double t0;

    memset(path, 'a', sizeof(path) - 1);
    path[0] = '/';
    path[sizeof(path) - 1] = '\0';
    CS_CHECK_INT_EQ(cs_robots_parse(txt, strlen(txt), NULL, &r, NULL), CS_OK);
    t0 = now_s();
    CS_CHECK_INT_EQ(cs_robots_check(r, "x", path, CS_ROBOTS_LENIENT, &vd), CS_OK);
    CS_CHECK(vd.allowed);
    path[sizeof(path) - 2] = 'b';
    CS_CHECK_INT_EQ(cs_robots_check(r, "x", path, CS_ROBOTS_LENIENT, &vd), CS_OK);
    CS_CHECK(!vd.allowed);
    CS_CHECK(now_s() - t0 < 2.0);
    cs_robots_free(r);
}

/* Many lines, garbage, many diagnostics: parses, keeps the diagnostic cap. */
static void test_huge_garbage(void)
{
    size_t n = 4u << 20;
    char *buf = malloc(n);
    struct cs_robots *r = NULL;
    struct cs_robots_verdict vd;
    size_t i;
    uint32_t x = 12345;

    CS_CHECK(buf != NULL);
    if (!buf)
        return;
    for (i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (char)(x >> 24);
    }
    CS_CHECK_INT_EQ(cs_robots_parse(buf, n, NULL, &r, NULL), CS_OK);
    CS_CHECK(cs_robots_diag_count(r) <= CS_ROBOTS_MAX_DIAGS);
    CS_CHECK_INT_EQ(cs_robots_check(r, "GPTBot", "/", CS_ROBOTS_LENIENT, &vd), CS_OK);
    cs_robots_free(r);
    for (i = 0; i < n; i++)
        buf[i] = (i % 2) ? '\n' : 'x';
    CS_CHECK_INT_EQ(cs_robots_parse(buf, n, NULL, &r, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_robots_diag_count(r), CS_ROBOTS_MAX_DIAGS);
    CS_CHECK(strstr(cs_robots_diag_get(r, CS_ROBOTS_MAX_DIAGS - 1)->msg, "too many") != NULL);
    CS_CHECK_INT_EQ(cs_robots_record_count(r, CS_ROBOTS_LENIENT), 0);
    cs_robots_free(r);
    free(buf);
}

/* The input is (buf, len): bytes after len are never read. */
static void test_not_nul_terminated(void)
{
    const char full[] = "User-agent: *\nDisallow: /abc";
    char *buf = malloc(sizeof(full) - 2);
    struct cs_robots *r = NULL;
    struct cs_robots_verdict vd;

    CS_CHECK(buf != NULL);
    if (!buf)
        return;
    memcpy(buf, full, sizeof(full) - 2); /* "... /ab", no NUL */
    CS_CHECK_INT_EQ(cs_robots_parse(buf, sizeof(full) - 2, NULL, &r, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_robots_check(r, "x", "/ab", CS_ROBOTS_STRICT, &vd), CS_OK);
    CS_CHECK(!vd.allowed);
    CS_CHECK_STR_EQ(vd.rule, "Disallow: /ab");
    cs_robots_free(r);
    free(buf);
}

static void test_api_edges(void)
{
    struct cs_robots *r = NULL;
    struct cs_robots_verdict vd;
    struct cs_diag d = { 0, 0, "" };
    const char *txt = "Disallow: /\nUser-agent: *\nDisallow: /x\n";
    char tok[8];

    CS_CHECK_INT_EQ(cs_robots_parse(NULL, 3, NULL, &r, NULL), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_robots_parse("x", 1, NULL, NULL, NULL), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_robots_parse(NULL, 0, NULL, &r, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_robots_check(r, "x", "", CS_ROBOTS_LENIENT, &vd), CS_OK);
    CS_CHECK(vd.allowed && vd.group == CS_ROBOTS_GROUP_NONE);
    CS_CHECK_INT_EQ(cs_robots_check(r, NULL, "/", CS_ROBOTS_LENIENT, &vd), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_robots_check(r, "x", NULL, CS_ROBOTS_LENIENT, &vd), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_robots_check(r, "x", "/", (enum cs_robots_mode)7, &vd), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_robots_check(NULL, "x", "/", CS_ROBOTS_LENIENT, &vd), CS_E_INVALID);
    CS_CHECK(cs_robots_ext_get(r, 0) == NULL && cs_robots_diag_get(r, 0) == NULL);
    cs_robots_free(r);
    cs_robots_free(NULL);
    CS_CHECK(!cs_robots_truncated(NULL) && cs_robots_group_count(NULL) == 0);
    CS_CHECK_INT_EQ(cs_robots_parse(txt, strlen(txt), NULL, &r, &d), CS_OK);
    CS_CHECK_INT_EQ(d.line, 1);
    CS_CHECK_INT_EQ(d.code, CS_E_PARSE);
    cs_robots_free(r);
    CS_CHECK(cs_robots_token_valid("GPTBot") && cs_robots_token_valid("Google-Extended"));
    CS_CHECK(!cs_robots_token_valid("") && !cs_robots_token_valid(NULL));
    CS_CHECK(!cs_robots_token_valid("AI2Bot") && !cs_robots_token_valid("a b"));
    CS_CHECK_INT_EQ(cs_robots_ua_token("GPTBot/1.0", tok, sizeof(tok)), CS_OK);
    CS_CHECK_STR_EQ(tok, "GPTBot");
    CS_CHECK_INT_EQ(cs_robots_ua_token("ClaudeBot/1.0", tok, sizeof(tok)), CS_E_LIMIT);
    CS_CHECK_STR_EQ(tok, "");
    CS_CHECK_INT_EQ(cs_robots_ua_token(NULL, tok, sizeof(tok)), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_robots_ua_token("x", tok, 0), CS_E_INVALID);
}

/* A path past the on-stack normalisation buffer. */
static void test_long_path(void)
{
    const char *txt = "User-agent: *\nDisallow: /*zz$\n";
    struct cs_robots *r = NULL;
    struct cs_robots_verdict vd;
    size_t n = 100000;
    char *path = malloc(n + 1);

    CS_CHECK(path != NULL);
    if (!path)
        return;
    memset(path, 'y', n);
    path[0] = '/';
    path[n - 2] = 'z';
    path[n - 1] = 'z';
    path[n] = '\0';
    CS_CHECK_INT_EQ(cs_robots_parse(txt, strlen(txt), NULL, &r, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_robots_check(r, "x", path, CS_ROBOTS_STRICT, &vd), CS_OK);
    CS_CHECK(!vd.allowed);
    CS_CHECK_INT_EQ(vd.line, 2);
    cs_robots_free(r);
    free(path);
}

/* RFC 9309 2.2.2 normalisation, checked directly. */
static void check_norm(const char *in, bool pattern, const char *want)
{
    char out[256];
    size_t n = cs_robots_normalise(in, strlen(in), out, pattern);

    out[n] = '\0';
    CS_CHECK_STR_EQ(out, want);
}

static void test_normalise(void)
{
    check_norm("/%7euser/%62", false, "/~user/b");
    check_norm("/\xE3\x83\x84", true, "/%E3%83%84");
    check_norm("/a%2fb%3a", false, "/a%2Fb%3A");
    check_norm("/foo/bar?baz=https://foo.bar", true, "/foo/bar?baz=https%3A%2F%2Ffoo.bar");
    check_norm("/a?b=1&c=2?d", false, "/a?b=1&c=2?d");
    check_norm("/a*b$", true, "/a*b$");
    check_norm("/a$b*", false, "/a%24b%2A");
    check_norm("/a$b$", true, "/a%24b$");
    check_norm("/a b%", false, "/a%20b%");
    check_norm("/%zz%4", false, "/%zz%4");
}

int main(void)
{
    run_case_dir();
    test_r35_size_cap();
    test_cap_on_line();
    test_pathological_pattern();
    test_huge_garbage();
    test_not_nul_terminated();
    test_api_edges();
    test_long_path();
    test_normalise();
    return cs_test_done();
}
