/* SPDX-License-Identifier: MIT
 * test_robots_usage.c - AI-use records of robots.txt (robots_usage.h): runs every .case file of
 * tests/cases/robots_usage (format below), checks that each vector of signals.md 6.7 (robots
 * ones), 7.5 and the robots.txt ones of 8.4 has a case, then API edges.
 *
 * Case file format: "key: value" lines; '#' comments and blank lines ignored; (esc) values take
 * C escapes. Checks run against the current agent and path (default "/").
 *   name: ID                     starts a case
 *   robots: TEXT (esc)           robots.txt text; pieces joined with "\n"
 *   robots-repeat: N TEXT (esc)  appends TEXT N times
 *   agent: TOKEN / path: PATH (esc)
 *   usage: VALUE | none | not-crawlable   cs_robots_usage status, and prefs[0] when found
 *   usage-line: N, usage-tied: N, usage-more: yes|no, tied: I LINE VALUE
 *   outside: VALUE | none, outside-line: N      the first Content-Usage outside any group
 *   group: none|star|specific    cs_robots_usage's group
 *   crawl: allow|disallow, crawl-line: N          cs_robots_check, lenient reading
 *   aipref-crawl: allow|disallow, aipref-crawl-line: N
 *   signal: K=V ...              merged Content-Signal of the agent's groups; K is search,
 *                                ai-input, ai-train (V yes|no|unset), use (a level or unset) or
 *                                group (none|star|specific)
 *   signal-flags: F,F | -        the exact flag set (conflict, bad_value, case, unknown_key,
 *                                syntax, shadowed, more)
 *   signal-lines: N, signal-line: KEY LINE, unknown: I ITEM
 *   outside-signal: K=V ..., outside-lines: N     the same for lines outside any group
 *   licenses: N, license: I LINE abs|rel [URL]
 */
#include "cs_setup.h"

#include "cs_buf.h"
#include "robots.h"
#include "robots_usage.h"
#include "testlib.h"

#include <stdlib.h>

struct tcase {
    const char *file;
    int line;
    char name[128];
    struct cs_buf body;
    struct cs_robots *r;
    char agent[256];
    char path[1024];
    struct cs_robots_usage u;
    struct cs_robots_signal s;
    int ncases;
};

static const char *const required_ids[] = {
    "P10", "P11", "P12", "P13", "P14", "P15", "R18", "R28", "C1", "C2",
    "C3",  "C4",  "C5",  "C6",  "C7",  "C8",  "C9",  "C10", "L1", "L7",
};

static bool seen_ids[CS_ARRAY_LEN(required_ids)];

#define FAILF(tc, ...) cs_test_fail((tc)->file, (tc)->line, __VA_ARGS__)

static void mark_ids(const char *name)
{
    char pat[16];

    for (size_t i = 0; i < CS_ARRAY_LEN(required_ids); i++) {
        snprintf(pat, sizeof(pat), "_%s_", required_ids[i]);
        if (strstr(name, pat))
            seen_ids[i] = true;
    }
}

static long num(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);

    return end == s ? -1 : v;
}

static void check_int(struct tcase *tc, const char *what, long got, long want)
{
    if (got == want)
        cs_test_passed++;
    else
        FAILF(tc, "%s: %s is %ld, expected %ld", tc->name, what, got, want);
}

static void check_str(struct tcase *tc, const char *what, const char *got, const char *want)
{
    if (got && strcmp(got, want) == 0)
        cs_test_passed++;
    else
        FAILF(tc, "%s: %s is \"%s\", expected \"%s\"", tc->name, what, got ? got : "(null)", want);
}

static bool parsed(struct tcase *tc)
{
    if (!tc->r && cs_robots_parse(tc->body.data ? tc->body.data : "", tc->body.len, NULL, &tc->r,
                                  NULL) != CS_OK) {
        FAILF(tc, "%s: parse failed", tc->name);
        return false;
    }
    return true;
}

static bool usage(struct tcase *tc)
{
    if (!parsed(tc) || cs_robots_usage(tc->r, tc->agent, tc->path, &tc->u) != CS_OK) {
        FAILF(tc, "%s: cs_robots_usage failed", tc->name);
        return false;
    }
    return true;
}

static bool signal(struct tcase *tc)
{
    if (!parsed(tc) || cs_robots_content_signal(tc->r, tc->agent, &tc->s) != CS_OK) {
        FAILF(tc, "%s: cs_robots_content_signal failed", tc->name);
        return false;
    }
    return true;
}

static void end_case(struct tcase *tc)
{
    cs_robots_free(tc->r);
    tc->r = NULL;
    cs_buf_release(&tc->body);
    snprintf(tc->agent, sizeof(tc->agent), "*");
    snprintf(tc->path, sizeof(tc->path), "/");
}

static void d_robots(struct tcase *tc, char *v, bool repeat)
{
    char *rest = v;
    long count = repeat ? strtol(v, &rest, 10) : 1;
    size_t n;
    char *text = cs_test_unescape(repeat && *rest == ' ' ? rest + 1 : rest, &n);

    if (tc->r)
        FAILF(tc, "%s: robots text after the first check", tc->name);
    if (!repeat && tc->body.len && cs_buf_add(&tc->body, "\n", 1) != CS_OK)
        FAILF(tc, "%s: cannot build body", tc->name);
    for (long i = 0; text && i < count; i++) {
        if (cs_buf_add(&tc->body, text, n) != CS_OK)
            FAILF(tc, "%s: cannot build body", tc->name);
    }
    free(text);
}

static const char *const group_names[] = { "none", "star", "specific" };

/* usage:, outside: */
static void d_usage(struct tcase *tc, const char *v, bool outside)
{
    size_t n;
    const struct cs_ru_pref *p;

    if (!usage(tc))
        return;
    n = outside ? tc->u.n_outside : tc->u.n;
    p = outside ? tc->u.outside : tc->u.prefs;
    if (strcmp(v, "none") == 0) {
        check_int(tc, "usage count", (long)n, 0);
        if (!outside)
            check_str(tc, "status", tc->u.status == CS_RU_NONE ? "none" : "other", "none");
    } else if (strcmp(v, "not-crawlable") == 0) {
        check_str(tc, "status", tc->u.status == CS_RU_NOT_CRAWLABLE ? "nc" : "other", "nc");
    } else {
        if (!outside)
            check_str(tc, "status", tc->u.status == CS_RU_FOUND ? "found" : "other", "found");
        check_str(tc, "preference", n ? p[0].pref : NULL, v);
    }
}

static void d_tied(struct tcase *tc, const char *v)
{
    char *rest;
    long i = strtol(v, &rest, 10);
    long line = strtol(rest, &rest, 10);

    if (!usage(tc))
        return;
    if (i < 0 || (size_t)i >= tc->u.n) {
        FAILF(tc, "%s: no tied rule %ld", tc->name, i);
        return;
    }
    check_int(tc, "tied line", tc->u.prefs[i].line, line);
    check_str(tc, "tied preference", tc->u.prefs[i].pref, rest + (*rest == ' '));
}

static void d_crawl(struct tcase *tc, const char *key, const char *v)
{
    struct cs_robots_verdict vd;
    bool aipref = strncmp(key, "aipref-", 7) == 0;
    bool line = strstr(key, "-line") != NULL;
    bool allowed;
    int at;

    if (aipref) {
        if (!usage(tc))
            return;
        allowed = tc->u.crawl;
        at = tc->u.crawl_line;
    } else {
        if (!parsed(tc) || cs_robots_check(tc->r, tc->agent, tc->path, CS_ROBOTS_LENIENT, &vd))
            return;
        allowed = vd.allowed;
        at = vd.line;
    }
    if (line)
        check_int(tc, key, at, num(v));
    else
        check_str(tc, key, allowed ? "allow" : "disallow", v);
}

static const char *val_name(enum cs_csig_val v)
{
    return v == CS_CSIG_YES ? "yes" : v == CS_CSIG_NO ? "no" : "unset";
}

/* One "K=V" of signal:/outside-signal:. */
static void check_kv(struct tcase *tc, const struct cs_csig *c, const char *k, const char *v)
{
    if (strcmp(k, "group") == 0) {
        check_str(tc, "signal group", group_names[tc->s.group], v);
        return;
    }
    if (strcmp(k, "use") == 0) {
        const char *u = cs_csig_use_name(c->use);
        check_str(tc, "use", u ? u : "unset", v);
        return;
    }
    for (int i = 0; i < CS_CSIG_NKEYS; i++) {
        if (strcmp(k, cs_csig_key_name((enum cs_csig_key)i)) == 0) {
            check_str(tc, k, val_name(c->val[i]), v);
            return;
        }
    }
    FAILF(tc, "%s: unknown signal key '%s'", tc->name, k);
}

static void d_signal(struct tcase *tc, const char *v, bool outside)
{
    char buf[512];
    char *save = NULL;

    if (!signal(tc))
        return;
    snprintf(buf, sizeof(buf), "%s", v);
    for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            FAILF(tc, "%s: bad signal item '%s'", tc->name, tok);
            continue;
        }
        *eq = '\0';
        check_kv(tc, outside ? &tc->s.outside : &tc->s.in_group, tok, eq + 1);
    }
}

static const char *const flag_names[] = { "conflict", "bad_value", "case", "unknown_key",
                                          "syntax",   "shadowed",  "more" };

static void d_flags(struct tcase *tc, const char *v)
{
    char got[256] = "";

    if (!signal(tc))
        return;
    for (size_t i = 0; i < CS_ARRAY_LEN(flag_names); i++) {
        if (tc->s.in_group.flags & (1u << i))
            snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", got[0] ? "," : "",
                     flag_names[i]);
    }
    check_str(tc, "signal flags", got[0] ? got : "-", v);
}

static void d_signal_line(struct tcase *tc, const char *v)
{
    char key[32];
    int line;

    if (!signal(tc) || sscanf(v, "%31s %d", key, &line) != 2)
        return;
    for (int i = 0; i < CS_CSIG_NKEYS; i++) {
        if (strcmp(key, cs_csig_key_name((enum cs_csig_key)i)) == 0)
            check_int(tc, "signal line", tc->s.in_group.val_line[i], line);
    }
}

static void d_unknown(struct tcase *tc, const char *v)
{
    char *rest;
    long i = strtol(v, &rest, 10);

    if (!signal(tc))
        return;
    if (i < 0 || (size_t)i >= tc->s.in_group.nunknown)
        FAILF(tc, "%s: no unknown item %ld", tc->name, i);
    else
        check_str(tc, "unknown item", tc->s.in_group.unknown[i].item, rest + (*rest == ' '));
}

static void d_license(struct tcase *tc, const char *v)
{
    struct cs_robots_license lic[16];
    char *rest;
    long i = strtol(v, &rest, 10);
    long line = strtol(rest, &rest, 10);
    size_t n;

    if (!parsed(tc))
        return;
    n = cs_robots_licenses(tc->r, lic, CS_ARRAY_LEN(lic));
    rest += *rest == ' ';
    if (i < 0 || (size_t)i >= n || i >= (long)CS_ARRAY_LEN(lic)) {
        FAILF(tc, "%s: no license %ld", tc->name, i);
        return;
    }
    check_int(tc, "license line", lic[i].line, line);
    check_str(tc, "license kind", lic[i].absolute ? "abs" : "rel",
              strncmp(rest, "abs", 3) ? "rel" : "abs");
    rest += 3;
    check_str(tc, "license url", lic[i].url, rest + (*rest == ' '));
}

static bool run_usage_key(struct tcase *tc, const char *k, const char *v)
{
    if (strcmp(k, "usage") == 0 || strcmp(k, "outside") == 0)
        d_usage(tc, v, k[0] == 'o');
    else if (strcmp(k, "usage-line") == 0 && usage(tc))
        check_int(tc, k, tc->u.n ? tc->u.prefs[0].line : 0, num(v));
    else if (strcmp(k, "outside-line") == 0 && usage(tc))
        check_int(tc, k, tc->u.n_outside ? tc->u.outside[0].line : 0, num(v));
    else if (strcmp(k, "usage-tied") == 0 && usage(tc))
        check_int(tc, k, (long)tc->u.n, num(v));
    else if (strcmp(k, "usage-more") == 0 && usage(tc))
        check_str(tc, k, tc->u.more ? "yes" : "no", v);
    else if (strcmp(k, "tied") == 0)
        d_tied(tc, v);
    else if (strcmp(k, "group") == 0 && usage(tc))
        check_str(tc, k, group_names[tc->u.group], v);
    else if (strstr(k, "crawl"))
        d_crawl(tc, k, v);
    else
        return false;
    return true;
}

static bool run_signal_key(struct tcase *tc, const char *k, const char *v)
{
    if (strcmp(k, "signal") == 0 || strcmp(k, "outside-signal") == 0)
        d_signal(tc, v, k[0] == 'o');
    else if (strcmp(k, "signal-flags") == 0)
        d_flags(tc, v);
    else if (strcmp(k, "signal-lines") == 0 && signal(tc))
        check_int(tc, k, (long)tc->s.in_group.nlines, num(v));
    else if (strcmp(k, "outside-lines") == 0 && signal(tc))
        check_int(tc, k, (long)tc->s.outside.nlines, num(v));
    else if (strcmp(k, "signal-line") == 0)
        d_signal_line(tc, v);
    else if (strcmp(k, "unknown") == 0)
        d_unknown(tc, v);
    else if (strcmp(k, "licenses") == 0 && parsed(tc))
        check_int(tc, k, (long)cs_robots_licenses(tc->r, NULL, 0), num(v));
    else if (strcmp(k, "license") == 0)
        d_license(tc, v);
    else
        return false;
    return true;
}

static void run_directive(struct tcase *tc, const char *k, char *v)
{
    if (strcmp(k, "name") == 0) {
        end_case(tc);
        snprintf(tc->name, sizeof(tc->name), "%s", v);
        mark_ids(v);
        tc->ncases++;
    } else if (strcmp(k, "robots") == 0 || strcmp(k, "robots-repeat") == 0) {
        d_robots(tc, v, k[6] == '-');
    } else if (strcmp(k, "agent") == 0) {
        snprintf(tc->agent, sizeof(tc->agent), "%s", v);
    } else if (strcmp(k, "path") == 0) {
        char *p = cs_test_unescape(v, NULL);
        snprintf(tc->path, sizeof(tc->path), "%s", p ? p : "/");
        free(p);
    } else if (!run_usage_key(tc, k, v) && !run_signal_key(tc, k, v)) {
        FAILF(tc, "unknown directive '%s'", k);
    }
}

static void run_file(const char *path, void *ctx)
{
    struct tcase *tc = ctx;
    char *text = cs_test_read_file(path, NULL);
    char *save = NULL;

    if (!text) {
        cs_test_fail(path, 0, "cannot read");
        return;
    }
    tc->file = path;
    tc->line = 0;
    for (char *ln = text; ln; ln = save) {
        char *colon;
        save = strchr(ln, '\n');
        if (save)
            *save++ = '\0';
        tc->line++;
        if (ln[0] == '#' || ln[0] == '\0' || !(colon = strchr(ln, ':')))
            continue;
        *colon = '\0';
        colon++;
        run_directive(tc, ln, colon + (*colon == ' '));
    }
    end_case(tc);
    free(text);
}

static void run_cases(void)
{
    const char *dir = CS_CASES_DIR "/robots_usage";
    struct tcase tc;

    memset(&tc, 0, sizeof(tc));
    cs_buf_init(&tc.body, 1 << 20);
    end_case(&tc);
    cs_test_each_case_file("robots_usage", run_file, &tc);
    CS_CHECK(tc.ncases >= 50);
    for (size_t i = 0; i < CS_ARRAY_LEN(required_ids); i++) {
        if (!seen_ids[i])
            cs_test_fail(dir, 0, "no case for vector %s", required_ids[i]);
    }
}

/* API edges: NULL arguments, long paths (heap normalisation), cs_robots_select. */
static void test_api(void)
{
    static const char text[] = "User-agent: GPTBot\nUser-agent: GPTBot/1.0\nDisallow: /\n\n"
                               "User-agent: *\nContent-Signal: ai-train=no\n";
    struct cs_robots_usage u;
    struct cs_robots_signal s;
    struct cs_robots *r = NULL;
    size_t groups[4];
    size_t n = 99;
    enum cs_robots_group kind;
    char *big = malloc(5000);

    CS_CHECK_INT_EQ(cs_robots_parse(text, strlen(text), NULL, &r, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_robots_usage(NULL, "x", "/", &u), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_robots_usage(r, NULL, "/", &u), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_robots_content_signal(r, "x", NULL), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_robots_licenses(NULL, NULL, 0), 0);
    CS_CHECK_INT_EQ(cs_robots_select(r, "gptbot", CS_ROBOTS_LENIENT, groups, 4, &n, &kind), CS_OK);
    CS_CHECK_INT_EQ(n, 1);
    CS_CHECK_INT_EQ(kind, CS_ROBOTS_GROUP_SPECIFIC);
    CS_CHECK_INT_EQ(groups[0], 0);
    CS_CHECK_INT_EQ(cs_robots_select(r, "Other", CS_ROBOTS_STRICT, NULL, 0, &n, &kind), CS_OK);
    CS_CHECK_INT_EQ(n, 1);
    CS_CHECK_INT_EQ(kind, CS_ROBOTS_GROUP_STAR);
    CS_CHECK_INT_EQ(cs_robots_select(r, "x", CS_ROBOTS_LENIENT, NULL, 2, &n, &kind), CS_E_INVALID);
    CS_CHECK(big != NULL);
    if (big) {
        big[0] = '/';
        memset(big + 1, 'a', 4998);
        big[4999] = '\0';
        CS_CHECK_INT_EQ(cs_robots_usage(r, "GPTBot", big, &u), CS_OK);
        CS_CHECK(!u.crawl && u.status == CS_RU_NONE);
    }
    CS_CHECK_INT_EQ(cs_robots_content_signal(r, "GPTBot", &s), CS_OK);
    CS_CHECK(s.in_group.flags & CS_CSIG_F_SHADOWED);
    CS_CHECK_STR_EQ(cs_csig_key_name(CS_CSIG_AI_TRAIN), "ai-train");
    CS_CHECK_STR_EQ(cs_csig_key_name(CS_CSIG_NKEYS), "");
    CS_CHECK(cs_csig_use_name(CS_CSIG_USE_UNSET) == NULL);
    CS_CHECK_STR_EQ(cs_csig_use_name(CS_CSIG_USE_FULL), "full");
    free(big);
    cs_robots_free(r);
}

/* A Content-Usage path longer than the stack buffer is normalised on the heap. */
static void test_long_pattern(void)
{
    struct cs_buf b;
    struct cs_robots *r = NULL;
    struct cs_robots_usage u;
    char path[1100];

    cs_buf_init(&b, 1 << 20);
    memset(path, 'p', sizeof(path));
    path[0] = '/';
    CS_CHECK_INT_EQ(cs_buf_adds(&b, "User-agent: *\nContent-Usage: "), CS_OK);
    CS_CHECK_INT_EQ(cs_buf_add(&b, path, 1000), CS_OK);
    CS_CHECK_INT_EQ(cs_buf_adds(&b, " train-ai=n\n"), CS_OK);
    CS_CHECK_INT_EQ(cs_robots_parse(b.data, b.len, NULL, &r, NULL), CS_OK);
    path[1050] = '\0';
    CS_CHECK_INT_EQ(cs_robots_usage(r, "X", path, &u), CS_OK);
    CS_CHECK(u.status == CS_RU_FOUND && strcmp(u.prefs[0].pref, "train-ai=n") == 0);
    CS_CHECK_INT_EQ(u.prefs[0].path_len, 1000);
    path[999] = '\0';
    CS_CHECK_INT_EQ(cs_robots_usage(r, "X", path, &u), CS_OK);
    CS_CHECK(u.status == CS_RU_NONE);
    cs_robots_free(r);
    cs_buf_release(&b);
}

static void test_csig_add(void)
{
    struct cs_csig c;
    char many[2048] = "";

    cs_csig_init(&c);
    cs_csig_add(&c, "search=no, search=yes", 7, 0); /* within one line: most restrictive too */
    CS_CHECK_INT_EQ(c.val[CS_CSIG_SEARCH], CS_CSIG_NO);
    CS_CHECK_INT_EQ(c.val_line[CS_CSIG_SEARCH], 7);
    CS_CHECK(c.flags & CS_CSIG_F_CONFLICT);
    for (size_t i = 0; i < 70; i++)
        memcpy(many + 11 * i, "search=yes,", 12);
    cs_csig_init(&c);
    cs_csig_add(&c, many, 1, 0);
    CS_CHECK(c.flags & CS_CSIG_F_MORE);
    cs_csig_init(&c);
    for (int i = 0; i < 10; i++)
        cs_csig_add(&c, "k-an-unknown-key-whose-item-is-longer-than-the-buffer-kept=yes-indeed", i,
                    0);
    CS_CHECK_INT_EQ(c.nunknown, CS_CSIG_MAX_UNKNOWN);
    CS_CHECK_INT_EQ(strlen(c.unknown[0].item), CS_CSIG_ITEM_MAX - 1);
    CS_CHECK(c.flags & CS_CSIG_F_MORE);
}

int main(void)
{
    run_cases();
    test_api();
    test_long_pattern();
    test_csig_add();
    return cs_test_done();
}
