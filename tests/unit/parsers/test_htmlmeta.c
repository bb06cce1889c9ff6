/* SPDX-License-Identifier: MIT
 * test_htmlmeta.c - <meta>/<link> extraction with libxml2 (signals.md 4.2, 4.7 X10, X11).
 */
#include "cs_setup.h"

#include "htmlmeta.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

static struct cs_htmlmeta *parse(const char *html)
{
    struct cs_htmlmeta *m = NULL;

    CS_CHECK_INT_EQ(cs_htmlmeta_parse(html, strlen(html), &m, NULL), CS_OK);
    return m;
}

static void test_robots_meta(void)
{
    struct cs_htmlmeta *m = parse("<!doctype html><html><head>\n<title>x</title>\n"
                                  "<meta name=\"robots\" content=\"noai, noimageai\">\n"
                                  "<meta name=\"GPTBot\" content=\" noai \">\n"
                                  "<link rel=\"License\" href=\"/license.xml\">\n"
                                  "</head><body>hi</body></html>");

    if (!m)
        return;
    CS_CHECK_INT_EQ(m->meta_count, 2);
    CS_CHECK_STR_EQ(m->metas[0].name, "robots");
    CS_CHECK_STR_EQ(m->metas[0].content, "noai, noimageai");
    CS_CHECK_INT_EQ(m->metas[0].line, 3);
    CS_CHECK_STR_EQ(m->metas[1].name, "gptbot"); /* names compare case-insensitively */
    CS_CHECK_STR_EQ(m->metas[1].content, "noai");
    CS_CHECK_INT_EQ(m->link_count, 1);
    CS_CHECK_STR_EQ(m->links[0].rel, "license");
    CS_CHECK_STR_EQ(m->links[0].href, "/license.xml");
    cs_htmlmeta_free(m);
}

static void test_upper_and_misplaced(void)
{
    struct cs_htmlmeta *m = parse("<HTML><BODY><p>text<META NAME=ROBOTS CONTENT=NoAI></p>"
                                  "<div><div><meta name=robots content=noarchive></div></div>");

    if (!m)
        return;
    CS_CHECK_INT_EQ(m->meta_count, 2);
    CS_CHECK_STR_EQ(m->metas[0].name, "robots");
    CS_CHECK_STR_EQ(m->metas[0].content, "NoAI");
    CS_CHECK_STR_EQ(m->metas[1].content, "noarchive");
    cs_htmlmeta_free(m);
}

static void test_truncated_prefix(void)
{
    /* the crawler hands over a prefix cut at 64 KiB: unclosed tags must still parse */
    struct cs_htmlmeta *m = parse("<html><head><meta name=robots content=noai><meta name=x co");

    if (!m)
        return;
    CS_CHECK(m->meta_count >= 1);
    CS_CHECK_STR_EQ(m->metas[0].content, "noai");
    cs_htmlmeta_free(m);
}

static void test_no_entities_no_network(void)
{
    /* external entities and DTDs are never loaded (HTML_PARSE_NONET, no NOENT) */
    struct cs_htmlmeta *m =
        parse("<!DOCTYPE html SYSTEM \"http://127.0.0.1:1/x.dtd\" [<!ENTITY e SYSTEM "
              "\"file:///etc/passwd\">]><html><head><meta name=robots content=\"&e;\"></head>");

    if (!m)
        return;
    for (size_t i = 0; i < m->meta_count; i++)
        CS_CHECK(strstr(m->metas[i].content, "root:") == NULL);
    cs_htmlmeta_free(m);
}

static void test_errors(void)
{
    struct cs_htmlmeta *m = NULL;
    struct cs_diag d = { 0 };

    CS_CHECK_INT_EQ(cs_htmlmeta_parse("", 0, &m, &d), CS_E_PARSE);
    CS_CHECK(m == NULL);
    CS_CHECK(d.msg[0] != '\0');
    m = parse("\x01\x02\xff\xfe binary junk");
    cs_htmlmeta_free(m);
    cs_htmlmeta_free(NULL);
}

static void test_head_end(void)
{
    const char *h = "<html><head><title>t</title></HEAD><body>";

    CS_CHECK_INT_EQ(cs_htmlmeta_head_end(h, strlen(h)), strstr(h, "</HEAD") - h + 6);
    CS_CHECK_INT_EQ(cs_htmlmeta_head_end(h, 10), 0);
    CS_CHECK_INT_EQ(cs_htmlmeta_head_end("</hea", 5), 0);
}

static void test_many_metas(void)
{
    char *big = malloc(700 * 40 + 64);
    size_t n = 0;
    struct cs_htmlmeta *m;

    if (!big)
        return;
    n += (size_t)snprintf(big, 64, "<html><head>");
    for (int i = 0; i < 700; i++)
        n += (size_t)snprintf(big + n, 40, "<meta name=m%d content=v>", i);
    m = parse(big);
    if (m)
        CS_CHECK_INT_EQ(m->meta_count, 512); /* capped */
    cs_htmlmeta_free(m);
    free(big);
}

int main(void)
{
    cs_htmlmeta_global_init();
    test_robots_meta();
    test_upper_and_misplaced();
    test_truncated_prefix();
    test_no_entities_no_network();
    test_errors();
    test_head_end();
    test_many_metas();
    cs_htmlmeta_global_cleanup();
    return cs_test_done();
}
