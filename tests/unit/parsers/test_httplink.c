/* SPDX-License-Identifier: MIT
 * test_httplink.c - RFC 8288 Link header values (httplink.h): the vectors of
 * tests/cases/httplink/vectors.txt, then relations other than next.
 */
#include "cs_setup.h"

#include "httplink.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

static void run_vector(char *line, int lineno)
{
    char *tab = strchr(line, '\t');
    char *input, *url = NULL;
    size_t len = 0;
    const char *want;

    if (!tab) {
        cs_test_fail(__FILE__, __LINE__, "vectors.txt line %d: no tab", lineno);
        return;
    }
    *tab = '\0';
    want = tab + 1;
    input = cs_test_unescape(line, &len);
    CS_CHECK_INT_EQ(cs_http_link_next(input, len, &url), CS_OK);
    if (strcmp(want, "-") == 0 ? url == NULL : (url && strcmp(url, want) == 0))
        cs_test_passed++;
    else
        cs_test_fail(__FILE__, __LINE__, "vectors.txt line %d: got '%s', want '%s'", lineno,
                     url ? url : "-", want);
    free(url);
    free(input);
}

static void test_vectors(void)
{
    char *text = cs_test_read_file(CS_CASES_DIR "/httplink/vectors.txt", NULL);
    char *line, *next;
    int lineno = 0, n = 0;

    CS_CHECK(text != NULL);
    for (line = text; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (line[0] == '#')
            continue;
        run_vector(line, lineno);
        n++;
    }
    CS_CHECK(n >= 30);
    free(text);
}

static void test_find(void)
{
    const char *v = "<https://x.example/1>; rel=\"first\", <https://x.example/9>; rel=\"last\"";
    char *url = NULL;

    CS_CHECK_INT_EQ(cs_http_link_find(v, strlen(v), "LAST", &url), CS_OK);
    CS_CHECK_STR_EQ(url, "https://x.example/9");
    free(url);
    CS_CHECK_INT_EQ(cs_http_link_find(v, strlen(v), "first", &url), CS_OK);
    CS_CHECK_STR_EQ(url, "https://x.example/1");
    free(url);
    CS_CHECK_INT_EQ(cs_http_link_find(v, strlen(v), "", &url), CS_OK);
    CS_CHECK(url == NULL);
    /* the length is honoured: the second link-value is past it */
    CS_CHECK_INT_EQ(cs_http_link_find(v, 34, "last", &url), CS_OK);
    CS_CHECK(url == NULL);
    CS_CHECK_INT_EQ(cs_http_link_next(NULL, 0, &url), CS_OK);
    CS_CHECK(url == NULL);
}

int main(void)
{
    test_vectors();
    test_find();
    return cs_test_done();
}
