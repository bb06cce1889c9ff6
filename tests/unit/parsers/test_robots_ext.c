/* SPDX-License-Identifier: MIT
 * test_robots_ext.c - extension records of the group that applies to an agent (Crawl-delay for
 * the crawl engine's politeness).
 */
#include "cs_setup.h"

#include "robots.h"
#include "testlib.h"

static const char *text = "User-agent: *\n"
                          "Crawl-delay: 5\n"
                          "Disallow: /private\n"
                          "\n"
                          "User-agent: consentscan\n"
                          "User-agent: otherbot\n"
                          "Crawl-delay: 2\n"
                          "Allow: /\n"
                          "\n"
                          "User-agent: quietbot\n"
                          "Disallow: /x\n";

int main(void)
{
    struct cs_robots *r = NULL;

    CS_CHECK_INT_EQ(cs_robots_parse(text, strlen(text), NULL, &r, NULL), CS_OK);
    CS_CHECK_STR_EQ(cs_robots_group_ext(r, "consentscan", "crawl-delay"), "2");
    CS_CHECK_STR_EQ(cs_robots_group_ext(r, "OtherBot", "crawl-delay"), "2");
    CS_CHECK_STR_EQ(cs_robots_group_ext(r, "GPTBot", "crawl-delay"), "5"); /* falls to "*" */
    CS_CHECK(cs_robots_group_ext(r, "quietbot", "crawl-delay") == NULL);   /* own group, none */
    CS_CHECK(cs_robots_group_ext(r, "GPTBot", "sitemap") == NULL);
    CS_CHECK(cs_robots_group_ext(NULL, "GPTBot", "crawl-delay") == NULL);
    cs_robots_free(r);
    return cs_test_done();
}
