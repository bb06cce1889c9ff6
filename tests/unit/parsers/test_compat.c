/* SPDX-License-Identifier: MIT
 * test_compat.c - other tools' readings (compat.h): runs every .case file of tests/cases/compat
 * (format below), checks that each vector of signals.md 11.5 and 4.7 (X1-X9) has a case, then
 * API edges.
 *
 * Case file format: "key: value" lines; '#' comments and blank lines ignored. Settings last
 * until the next "name:".
 *   name: ID                 starts a case (settings reset: no robots, token/ua "-", set
 *                            default, noindex no, container joined, no fields)
 *   robots: TEXT (esc)       robots.txt text (pieces joined with "\n"); no-robots: yes = none
 *   agent: TOKEN
 *   dpi: LABEL, dpi-rfc: LABEL        cs_compat_dpi under DPI's grouping / RFC groups
 *   xrt: F ;; F ... (esc)    X-Robots-Tag fields; tdm: F ;; F ... (esc) tdm-reservation fields
 *   token: T | -             img2dataset's token; set: default | off | d1,d2 (directive names)
 *   img2dataset: allow|disallow
 *   ua: T | -, noindex: yes|no, container: joined|first|last   datadiligence options
 *   dd-xrobots: allow|disallow, dd-tdmrep: allow|disallow
 *   c2pa: LABEL ENTRY USE ;; ...    C2PA training-mining entries of the active manifest
 *   dd-c2pa: allow|disallow
 */
#include "cs_setup.h"

#include "compat.h"
#include "cs_buf.h"
#include "testlib.h"

#include <stdlib.h>

#define MAX_FIELDS 8

struct tcase {
    const char *file;
    int line;
    char name[128];
    struct cs_buf body;
    bool have_robots;
    struct cs_robots *r;
    char agent[128];
    char token[64];
    char ua[64];
    unsigned set;
    struct cs_dd_opts dd;
    char *xrt[MAX_FIELDS]; /* From malloc() */
    size_t nxrt;
    char *tdm[MAX_FIELDS];
    size_t ntdm;
    char *c2pa[MAX_FIELDS]; /* "LABEL ENTRY USE" */
    size_t nc2pa;
    int ncases;
};

static const char *const required_ids[] = { "K1", "K2", "K3",  "K4", "K5", "K6", "K7",
                                            "K8", "K9", "K10", "X1", "X2", "X3", "X4",
                                            "X5", "X6", "X7",  "X8", "X9" };

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

static void check_str(struct tcase *tc, const char *what, const char *got, const char *want)
{
    if (strcmp(got, want) == 0)
        cs_test_passed++;
    else
        FAILF(tc, "%s: %s is \"%s\", expected \"%s\"", tc->name, what, got, want);
}

static void free_fields(char **f, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        free(f[i]);
    *n = 0;
}

static void end_case(struct tcase *tc)
{
    cs_robots_free(tc->r);
    tc->r = NULL;
    cs_buf_release(&tc->body);
    tc->have_robots = false;
    snprintf(tc->agent, sizeof(tc->agent), "*");
    tc->token[0] = tc->ua[0] = '\0';
    tc->set = CS_I2D_DEFAULT_SET;
    tc->dd = (struct cs_dd_opts){ NULL, false, CS_DD_JOINED };
    free_fields(tc->xrt, &tc->nxrt);
    free_fields(tc->tdm, &tc->ntdm);
    free_fields(tc->c2pa, &tc->nc2pa);
}

/* "a ;; b ;; c" -> fields, each unescaped. */
static void split_fields(struct tcase *tc, const char *v, char **f, size_t *n)
{
    free_fields(f, n);
    while (*n < MAX_FIELDS) {
        const char *sep = strstr(v, " ;; ");
        size_t len = sep ? (size_t)(sep - v) : strlen(v);
        char *piece = strndup(v, len);
        f[*n] = piece ? cs_test_unescape(piece, NULL) : NULL;
        free(piece);
        if (!f[*n])
            FAILF(tc, "%s: out of memory", tc->name);
        else
            (*n)++;
        if (!sep)
            return;
        v = sep + 4;
    }
}

static unsigned parse_set(const char *v)
{
    unsigned set = 0;

    if (strcmp(v, "default") == 0)
        return CS_I2D_DEFAULT_SET;
    if (strcmp(v, "off") == 0)
        return 0;
    while (*v) {
        size_t n = strcspn(v, ",");
        set |= cs_xrobots_directive(v, n);
        v += n + (v[n] == ',');
    }
    return set;
}

static void d_dpi(struct tcase *tc, const char *k, const char *v)
{
    enum cs_dpi_grouping g = strcmp(k, "dpi-rfc") == 0 ? CS_DPI_GROUPING_RFC : CS_DPI_GROUPING_DPI;

    if (tc->have_robots && !tc->r &&
        cs_robots_parse(tc->body.data ? tc->body.data : "", tc->body.len, NULL, &tc->r, NULL)) {
        FAILF(tc, "%s: parse failed", tc->name);
        return;
    }
    check_str(tc, k, cs_dpi_class_name(cs_compat_dpi_grouping(tc->r, tc->agent, g)), v);
}

static const char *verdict(bool disallowed)
{
    return disallowed ? "disallow" : "allow";
}

/* Splits each "LABEL ENTRY USE" field in place into an entry. */
static void d_c2pa(struct tcase *tc, const char *v)
{
    struct cs_dd_c2pa_entry e[MAX_FIELDS];

    for (size_t i = 0; i < tc->nc2pa; i++) {
        char *save = NULL;
        e[i].label = strtok_r(tc->c2pa[i], " ", &save);
        e[i].entry = strtok_r(NULL, " ", &save);
        e[i].use = strtok_r(NULL, " ", &save);
    }
    check_str(tc, "dd-c2pa", verdict(cs_compat_dd_c2pa(e, tc->nc2pa)), v);
}

static void d_dd(struct tcase *tc, const char *k, const char *v)
{
    struct cs_compat_dd out;

    if (strcmp(k, "dd-c2pa") == 0) {
        d_c2pa(tc, v);
        return;
    }
    tc->dd.user_agent = tc->ua[0] ? tc->ua : NULL;
    cs_compat_dd((const char *const *)tc->xrt, tc->nxrt, (const char *const *)tc->tdm, tc->ntdm,
                 &tc->dd, &out);
    check_str(tc, k, verdict(strcmp(k, "dd-xrobots") == 0 ? out.xrobots : out.tdmrep), v);
}

static bool run_setting(struct tcase *tc, const char *k, const char *v)
{
    if (strcmp(k, "agent") == 0)
        snprintf(tc->agent, sizeof(tc->agent), "%s", v);
    else if (strcmp(k, "token") == 0)
        snprintf(tc->token, sizeof(tc->token), "%s", strcmp(v, "-") ? v : "");
    else if (strcmp(k, "ua") == 0)
        snprintf(tc->ua, sizeof(tc->ua), "%s", strcmp(v, "-") ? v : "");
    else if (strcmp(k, "set") == 0)
        tc->set = parse_set(v);
    else if (strcmp(k, "noindex") == 0)
        tc->dd.respect_noindex = strcmp(v, "yes") == 0;
    else if (strcmp(k, "container") == 0)
        tc->dd.container = v[0] == 'f' ? CS_DD_FIRST : v[0] == 'l' ? CS_DD_LAST : CS_DD_JOINED;
    else if (strcmp(k, "xrt") == 0)
        split_fields(tc, v, tc->xrt, &tc->nxrt);
    else if (strcmp(k, "tdm") == 0)
        split_fields(tc, v, tc->tdm, &tc->ntdm);
    else if (strcmp(k, "c2pa") == 0)
        split_fields(tc, v, tc->c2pa, &tc->nc2pa);
    else
        return false;
    return true;
}

static void d_robots(struct tcase *tc, const char *v)
{
    size_t n;
    char *text = cs_test_unescape(v, &n);

    if ((tc->body.len && cs_buf_add(&tc->body, "\n", 1) != CS_OK) || !text ||
        cs_buf_add(&tc->body, text, n) != CS_OK)
        FAILF(tc, "%s: cannot build body", tc->name);
    tc->have_robots = true;
    free(text);
}

static void run_directive(struct tcase *tc, const char *k, const char *v)
{
    if (strcmp(k, "name") == 0) {
        end_case(tc);
        snprintf(tc->name, sizeof(tc->name), "%s", v);
        mark_ids(v);
        tc->ncases++;
    } else if (strcmp(k, "robots") == 0) {
        d_robots(tc, v);
    } else if (strcmp(k, "no-robots") == 0) {
        tc->have_robots = false;
    } else if (strncmp(k, "dpi", 3) == 0) {
        d_dpi(tc, k, v);
    } else if (strcmp(k, "img2dataset") == 0) {
        check_str(tc, k,
                  verdict(cs_compat_img2dataset((const char *const *)tc->xrt, tc->nxrt,
                                                tc->token[0] ? tc->token : NULL, tc->set)),
                  v);
    } else if (strncmp(k, "dd-", 3) == 0) {
        d_dd(tc, k, v);
    } else if (!run_setting(tc, k, v)) {
        FAILF(tc, "unknown directive '%s'", k);
    }
}

static void run_file(const char *path, void *ctx)
{
    struct tcase *tc = ctx;
    char *text = cs_test_read_file(path, NULL);
    char *next = NULL;

    if (!text) {
        cs_test_fail(path, 0, "cannot read");
        return;
    }
    tc->file = path;
    tc->line = 0;
    for (char *ln = text; ln; ln = next) {
        char *colon;
        next = strchr(ln, '\n');
        if (next)
            *next++ = '\0';
        tc->line++;
        if (ln[0] == '#' || ln[0] == '\0' || !(colon = strchr(ln, ':')))
            continue;
        *colon++ = '\0';
        run_directive(tc, ln, colon + (*colon == ' '));
    }
    end_case(tc);
    free(text);
}

static void run_cases(void)
{
    const char *dir = CS_CASES_DIR "/compat";
    struct tcase tc;

    memset(&tc, 0, sizeof(tc));
    cs_buf_init(&tc.body, 1 << 20);
    end_case(&tc);
    cs_test_each_case_file("compat", run_file, &tc);
    CS_CHECK(tc.ncases >= 40);
    for (size_t i = 0; i < CS_ARRAY_LEN(required_ids); i++) {
        if (!seen_ids[i])
            cs_test_fail(dir, 0, "no case for vector %s", required_ids[i]);
    }
}

static void test_api(void)
{
    static const char text[] = "User-agent: *\nDisallow: /private\n\nUser-agent: GPTBot\n"
                               "Disallow: /\n\nUser-agent: CCBot\nAllow: /\n";
    const char *const openai[] = { "GPTBot", "ChatGPT-User" };
    const char *const cc[] = { "CCBot" };
    const char *const none[] = { NULL };
    struct cs_robots *r = NULL;
    struct cs_compat_dd dd;

    CS_CHECK_INT_EQ(cs_robots_parse(text, strlen(text), NULL, &r, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_compat_dpi_org(r, openai, 2), CS_DPI_ALL);
    CS_CHECK_INT_EQ(cs_compat_dpi_org(r, cc, 1), CS_DPI_NONE);
    CS_CHECK_INT_EQ(cs_compat_dpi_org(NULL, cc, 1), CS_DPI_NO_ROBOTS);
    CS_CHECK_INT_EQ(cs_compat_dpi(r, NULL), CS_DPI_UNKNOWN);
    CS_CHECK_INT_EQ(cs_compat_dpi(r, "*"), CS_DPI_SOME);
    CS_CHECK_STR_EQ(cs_dpi_class_name(CS_DPI_NO_ROBOTS), "no_robots");
    CS_CHECK_STR_EQ(cs_dpi_class_name((enum cs_dpi_class)99), "unknown");
    CS_CHECK(!cs_compat_img2dataset(NULL, 3, "x", CS_I2D_DEFAULT_SET));
    CS_CHECK(!cs_compat_img2dataset(none, 1, "x", CS_I2D_DEFAULT_SET));
    CS_CHECK(!cs_compat_dd_xrobots(NULL, "x", true));
    CS_CHECK(!cs_compat_dd_tdmrep(NULL));
    cs_compat_dd(NULL, 0, NULL, 0, NULL, &dd);
    CS_CHECK(!dd.xrobots && !dd.tdmrep);
    cs_robots_free(r);
}

int main(void)
{
    run_cases();
    test_api();
    return cs_test_done();
}
