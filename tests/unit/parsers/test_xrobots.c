/* SPDX-License-Identifier: MIT
 * test_xrobots.c - X-Robots-Tag reading: the signals.md 4.7 vectors from
 * tests/cases/xrobots/, plus scope and limit checks.
 */
#include "cs_setup.h"

#include "testlib.h"
#include "xrobots.h"

#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
    char *e;

    while (*s == ' ')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* Adds each " ;; "-separated field of fields as one header field. */
static void add_fields(struct cs_xrobots *x, char *fields)
{
    int n = 1;
    char *p = fields;

    for (;;) {
        char *sep = strstr(p, " ;; ");
        if (sep)
            *sep = '\0';
        CS_CHECK_INT_EQ(cs_xrobots_add(x, p, strlen(p), NULL, true, n++), CS_OK);
        if (!sep)
            break;
        p = sep + 4;
    }
}

static void run_case(char *line)
{
    char *col[5];
    unsigned refusing = CS_XR_NOAI | CS_XR_NOIMAGEAI;
    struct cs_xrobots x;
    const char *agent;
    bool refused;
    int n = 0;

    for (char *p = line; n < 5; n++) {
        char *bar = strchr(p, '|');
        col[n] = p;
        if (!bar) {
            n++;
            break;
        }
        *bar = '\0';
        p = bar + 1;
    }
    if (n != 5) {
        cs_test_fail(__FILE__, __LINE__, "malformed case line");
        return;
    }
    for (int i = 0; i < 5; i++)
        col[i] = trim(col[i]);
    agent = strcmp(col[2], "-") == 0 ? NULL : col[2];
    if (strcmp(col[3], "noindex") == 0)
        refusing |= CS_XR_NOINDEX | CS_XR_NONE | CS_XR_NOIMAGEINDEX;
    cs_xrobots_init(&x);
    add_fields(&x, col[1]);
    refused = (cs_xrobots_flags_for(&x, agent) & refusing) != 0;
    if (refused != (strcmp(col[4], "disallow") == 0))
        cs_test_fail(__FILE__, __LINE__, "case %s: expected %s", col[0], col[4]);
    else
        cs_test_passed++;
    cs_xrobots_release(&x);
}

static void test_cases(void)
{
    char *text = cs_test_read_file(CS_CASES_DIR "/xrobots/signals-4.7.case", NULL);
    char *save = NULL;
    int count = 0;

    CS_CHECK(text != NULL);
    if (!text)
        return;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || line[0] == '\0')
            continue;
        run_case(line);
        count++;
    }
    CS_CHECK(count >= 20);
    free(text);
}

static void test_evidence(void)
{
    struct cs_xrobots x;
    const struct cs_xr_item *it;
    const char *v = "GPTBot: noindex, noai";

    cs_xrobots_init(&x);
    CS_CHECK_INT_EQ(cs_xrobots_add(&x, v, strlen(v), NULL, true, 3), CS_OK);
    it = cs_xrobots_find(&x, "gptbot", CS_XR_NOAI);
    CS_CHECK(it != NULL);
    if (it) {
        CS_CHECK_STR_EQ(it->agent, "GPTBot");
        CS_CHECK_STR_EQ(it->text, "noai");
        CS_CHECK_INT_EQ(it->source, 3);
    }
    CS_CHECK(cs_xrobots_find(&x, NULL, CS_XR_NOAI) == NULL);
    cs_xrobots_release(&x);
}

static void test_meta_scope(void)
{
    struct cs_xrobots x;
    const char *v = "noai";

    /* <meta name="GPTBot" content="noai">: scope from the name, no prefixes inside */
    cs_xrobots_init(&x);
    CS_CHECK_INT_EQ(cs_xrobots_add(&x, v, strlen(v), "GPTBot", false, 7), CS_OK);
    CS_CHECK(cs_xrobots_flags_for(&x, "GPTBot") & CS_XR_NOAI);
    CS_CHECK(!(cs_xrobots_flags_for(&x, "CCBot") & CS_XR_NOAI));
    cs_xrobots_release(&x);
}

static void test_limit(void)
{
    struct cs_xrobots x;
    char big[4096];
    size_t n = 0;

    while (n + 6 < sizeof(big)) {
        memcpy(big + n, "noai, ", 6);
        n += 6;
    }
    cs_xrobots_init(&x);
    CS_CHECK_INT_EQ(cs_xrobots_add(&x, big, n, NULL, true, 1), CS_E_LIMIT);
    CS_CHECK_INT_EQ(x.count, 256);
    CS_CHECK(cs_xrobots_flags_for(&x, NULL) & CS_XR_NOAI);
    cs_xrobots_release(&x);
}

static void test_binary(void)
{
    static const char junk[] = "\x00\xff:,:\x01noai\x00,\xfe";
    struct cs_xrobots x;

    cs_xrobots_init(&x);
    CS_CHECK_INT_EQ(cs_xrobots_add(&x, junk, sizeof(junk) - 1, NULL, true, 1), CS_OK);
    cs_xrobots_release(&x);
    CS_CHECK_INT_EQ(cs_xrobots_directive("NOIMAGEAI", 9), CS_XR_NOIMAGEAI);
    CS_CHECK_INT_EQ(cs_xrobots_directive("nofollow", 8), CS_XR_OTHER);
}

int main(void)
{
    test_cases();
    test_evidence();
    test_meta_scope();
    test_limit();
    test_binary();
    return cs_test_done();
}
