/* SPDX-License-Identifier: MIT
 * test_cfg.c - the run configuration file (YAML, libyaml).
 */
#include "cs_setup.h"

#include "cs_cfg.h"
#include "testlib.h"

static int parse(const char *text, struct cs_cfg **out, struct cs_diag *d)
{
    return cs_cfg_parse(text, strlen(text), out, d);
}

static void test_full(void)
{
    static const char text[] = "# crawl settings\n"
                               "user_agent: \"consentscan/0.1.0 (+https://example.org/c)\"\n"
                               "delay: 1.5\n"
                               "parallel: 64\n"
                               "per_host: 2\n"
                               "robots_ttl: 43200\n"
                               "error_ttl: 600\n"
                               "hosts:\n"
                               "  Example.ORG: { delay: 5 }\n"
                               "  \"https://api.example.net\":\n"
                               "    delay: 0.2\n"
                               "    per_host: 3\n";
    struct cs_cfg *c = NULL;
    const struct cs_cfg_host *h;

    CS_CHECK_INT_EQ(parse(text, &c, NULL), CS_OK);
    if (!c)
        return;
    CS_CHECK_STR_EQ(c->user_agent, "consentscan/0.1.0 (+https://example.org/c)");
    CS_CHECK_INT_EQ(c->delay_ms, 1500);
    CS_CHECK_INT_EQ(c->parallel, 64);
    CS_CHECK_INT_EQ(c->per_host, 2);
    CS_CHECK_INT_EQ(c->robots_ttl_s, 43200);
    CS_CHECK_INT_EQ(c->error_ttl_s, 600);
    CS_CHECK_INT_EQ(c->host_count, 2);
    h = cs_cfg_host_find(c, "https://example.org", "example.org");
    CS_CHECK(h && h->delay_ms == 5000 && h->per_host == 0);
    h = cs_cfg_host_find(c, "https://api.example.net", "api.example.net");
    CS_CHECK(h && h->delay_ms == 200 && h->per_host == 3);
    CS_CHECK(cs_cfg_host_find(c, "https://other.test", "other.test") == NULL);
    cs_cfg_free(c);
}

static void test_empty_and_errors(void)
{
    static const struct {
        const char *text;
        int line;
    } bad[] = {
        { "delay: -1\n", 1 },       { "delay: soon\n", 1 },
        { "parallel: 0\n", 1 },     { "per_host: 100\n", 1 },
        { "dealy: 1\n", 1 },        { "hosts:\n  a.test: { speed: 1 }\n", 2 },
        { "hosts: [a, b]\n", 1 },   { "- a\n- b\n", 1 },
        { "user_agent: [x]\n", 1 }, { "delay: [1\n", 0 },
        { "robots_ttl: 0\n", 1 },   { "error_ttl: 1h\n", 1 },
    };
    struct cs_cfg *c = NULL;

    CS_CHECK_INT_EQ(parse("", &c, NULL), CS_OK);
    CS_CHECK(c && c->delay_ms == -1 && c->host_count == 0 && !c->user_agent);
    cs_cfg_free(c);
    for (size_t i = 0; i < CS_ARRAY_LEN(bad); i++) {
        struct cs_diag d = { 0 };
        c = NULL;
        CS_CHECK_INT_EQ(parse(bad[i].text, &c, &d), CS_E_PARSE);
        CS_CHECK(c == NULL);
        CS_CHECK(d.msg[0] != '\0');
        if (bad[i].line)
            CS_CHECK_INT_EQ(d.line, bad[i].line);
    }
    CS_CHECK_INT_EQ(cs_cfg_load("/nonexistent/consentscan.yaml", &c, NULL), CS_E_IO);
}

int main(void)
{
    test_full();
    test_empty_and_errors();
    return cs_test_done();
}
