/* SPDX-License-Identifier: MIT
 * test_agents.c - the agent-list loader (cs_agents.c) and the purpose-class table
 * (cs_purposes.c): class lookups, purpose masks, robots.json fixtures in tests/cases/agents/,
 * the built-in list, limits, table order and coverage of shared/data/ai-robots.json.
 */
#include "cs_setup.h"

#include "cs_agents.h"
#include "cs_err.h"
#include "signals.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define P(x) (1u << CS_PURPOSE_##x)

#define TRAINING_MASK (P(TRAIN_GENAI) | P(TRAIN_ML) | P(TDM))
#define ALL_MASK      (P(TRAIN_GENAI) | P(TRAIN_ML) | P(TDM) | P(AI_INPUT) | P(SEARCH))

/* Parses tests/cases/agents/<name>; returns the rc, *out owned on CS_OK. */
static int parse_case(const char *name, struct cs_agents **out, struct cs_diag *diag)
{
    char path[512];

    snprintf(path, sizeof(path), "%s/agents/%s", CS_CASES_DIR, name);
    return cs_agents_load_file(path, out, diag);
}

static void test_class_of(void)
{
    const char *basis = NULL;

    CS_CHECK_INT_EQ(cs_agent_class_of("GPTBot", &basis), CS_CLASS_TRAINING);
    CS_CHECK(basis && *basis);
    CS_CHECK_INT_EQ(cs_agent_class_of("OAI-SearchBot", NULL), CS_CLASS_SEARCH);
    CS_CHECK_INT_EQ(cs_agent_class_of("ChatGPT-User", NULL), CS_CLASS_USER);
    CS_CHECK_INT_EQ(cs_agent_class_of("Google-Extended", NULL), CS_CLASS_TRAINING);
    CS_CHECK_INT_EQ(cs_agent_class_of("*", NULL), CS_CLASS_ALL);
    CS_CHECK_INT_EQ(cs_agent_class_of("gptbot", NULL), CS_CLASS_TRAINING);
    CS_CHECK_INT_EQ(cs_agent_class_of("GPTBOT", NULL), CS_CLASS_TRAINING);
    CS_CHECK_INT_EQ(cs_agent_class_of("ClaudeBot", NULL), CS_CLASS_TRAINING);
    CS_CHECK_INT_EQ(cs_agent_class_of("Claude-SearchBot", NULL), CS_CLASS_SEARCH);
    CS_CHECK_INT_EQ(cs_agent_class_of("Claude-User", NULL), CS_CLASS_USER);
    CS_CHECK_INT_EQ(cs_agent_class_of("Perplexity-User", NULL), CS_CLASS_USER);
    CS_CHECK_INT_EQ(cs_agent_class_of("PerplexityBot", NULL), CS_CLASS_SEARCH);
    CS_CHECK_INT_EQ(cs_agent_class_of("meta-externalfetcher", NULL), CS_CLASS_USER);
    CS_CHECK_INT_EQ(cs_agent_class_of("Meta-ExternalAgent", NULL), CS_CLASS_TRAINING);
    CS_CHECK_INT_EQ(cs_agent_class_of("MistralAI-User", NULL), CS_CLASS_USER);
    CS_CHECK_INT_EQ(cs_agent_class_of("Applebot", NULL), CS_CLASS_SEARCH);
    CS_CHECK_INT_EQ(cs_agent_class_of("Applebot-Extended", NULL), CS_CLASS_TRAINING);
    CS_CHECK_INT_EQ(cs_agent_class_of("Googlebot", NULL), CS_CLASS_SEARCH);
    CS_CHECK_INT_EQ(cs_agent_class_of("bingbot", NULL), CS_CLASS_SEARCH);
    CS_CHECK_INT_EQ(cs_agent_class_of("Amazonbot", NULL), CS_CLASS_TRAINING);
    CS_CHECK_INT_EQ(cs_agent_class_of("ChatGPT Agent", NULL), CS_CLASS_AGENT);
    CS_CHECK_INT_EQ(cs_agent_class_of("Claude-Code", NULL), CS_CLASS_AGENT);
    CS_CHECK_INT_EQ(cs_agent_class_of("Diffbot", NULL), CS_CLASS_DATA_PROVIDER);
    CS_CHECK_INT_EQ(cs_agent_class_of("GoogleOther", NULL), CS_CLASS_UNKNOWN);
    CS_CHECK_INT_EQ(cs_agent_class_of("anthropic-ai", NULL), CS_CLASS_TRAINING);
    CS_CHECK(cs_agent_table_find("Claude-Web") != NULL);
    CS_CHECK(cs_agent_table_find("ia_archiver") != NULL);
    CS_CHECK(cs_agent_table_find("FacebookBot") != NULL);
}

static void test_class_of_unknown(void)
{
    const char *basis = NULL;

    CS_CHECK_INT_EQ(cs_agent_class_of("NoSuchBot", &basis), CS_CLASS_UNKNOWN);
    CS_CHECK_STR_EQ(basis, "not in the purpose-class table");
    CS_CHECK(cs_agent_table_find("NoSuchBot") == NULL);
    /* No prefix matching (signals.md 2.3 T8). */
    CS_CHECK_INT_EQ(cs_agent_class_of("GPTBot-Image", NULL), CS_CLASS_UNKNOWN);
    CS_CHECK_INT_EQ(cs_agent_class_of("GPTBo", NULL), CS_CLASS_UNKNOWN);
    CS_CHECK_INT_EQ(cs_agent_class_of("", NULL), CS_CLASS_UNKNOWN);
    CS_CHECK_INT_EQ(cs_agent_class_of(NULL, &basis), CS_CLASS_UNKNOWN);
}

static void test_class_names(void)
{
    CS_CHECK_STR_EQ(cs_agent_class_name(CS_CLASS_TRAINING), "training");
    CS_CHECK_STR_EQ(cs_agent_class_name(CS_CLASS_SEARCH), "search");
    CS_CHECK_STR_EQ(cs_agent_class_name(CS_CLASS_USER), "user-triggered");
    CS_CHECK_STR_EQ(cs_agent_class_name(CS_CLASS_AGENT), "agent");
    CS_CHECK_STR_EQ(cs_agent_class_name(CS_CLASS_DATA_PROVIDER), "data-provider");
    CS_CHECK_STR_EQ(cs_agent_class_name(CS_CLASS_UNKNOWN), "unknown");
    CS_CHECK_STR_EQ(cs_agent_class_name(CS_CLASS_ALL), "all");
    CS_CHECK(cs_agent_class_name(CS_CLASS__COUNT) != NULL);
}

static void test_purposes(void)
{
    CS_CHECK_INT_EQ(cs_agent_class_purposes(CS_CLASS_TRAINING), TRAINING_MASK);
    CS_CHECK_INT_EQ(cs_agent_class_purposes(CS_CLASS_ALL), ALL_MASK);
    CS_CHECK_INT_EQ(cs_agent_class_purposes(CS_CLASS_SEARCH), P(SEARCH));
    CS_CHECK_INT_EQ(cs_agent_class_purposes(CS_CLASS_USER), P(AI_INPUT));
    CS_CHECK_INT_EQ(cs_agent_class_purposes(CS_CLASS_AGENT), P(AI_INPUT));
    CS_CHECK_INT_EQ(cs_agent_class_purposes(CS_CLASS_DATA_PROVIDER), TRAINING_MASK);
    CS_CHECK_INT_EQ(cs_agent_class_purposes(CS_CLASS_UNKNOWN), P(TDM));
    CS_CHECK_INT_EQ(cs_agent_class_purposes(CS_CLASS__COUNT), 0);
    /* Blocking GPTBot and blocking OAI-SearchBot never reserve the same purposes. */
    CS_CHECK((cs_agent_class_purposes(cs_agent_class_of("GPTBot", NULL)) &
              cs_agent_class_purposes(cs_agent_class_of("OAI-SearchBot", NULL))) == 0);
}

static bool printable_ascii(const char *s)
{
    for (; *s; s++) {
        if (*s < 0x20 || *s > 0x7e)
            return false;
    }
    return true;
}

static void test_table_rows(void)
{
    size_t n = cs_agent_table_count();
    size_t unsorted = 0;
    size_t bad = 0;

    CS_CHECK(n >= 166);
    CS_CHECK(cs_agent_table_get(n) == NULL);
    for (size_t i = 0; i < n; i++) {
        const struct cs_agent_row *r = cs_agent_table_get(i);

        if (i > 0 && cs_agent_token_cmp(cs_agent_table_get(i - 1)->token, r->token) >= 0) {
            cs_test_fail(__FILE__, __LINE__, "table not sorted at '%s'", r->token);
            unsorted++;
        }
        if ((unsigned)r->cls >= CS_CLASS__COUNT || !r->basis || !*r->basis ||
            strlen(r->basis) > 70 || !printable_ascii(r->basis) || !*r->token ||
            cs_agent_table_find(r->token) != r) {
            cs_test_fail(__FILE__, __LINE__, "bad row '%s'", r->token);
            bad++;
        }
    }
    CS_CHECK_INT_EQ(unsorted, 0);
    CS_CHECK_INT_EQ(bad, 0);
}

static void test_token_cmp(void)
{
    CS_CHECK_INT_EQ(cs_agent_token_cmp("GPTBot", "gptbot"), 0);
    CS_CHECK(cs_agent_token_cmp("GPTBot", "GPTBot-Image") < 0);
    CS_CHECK(cs_agent_token_cmp("Zeta", "alpha") > 0);
    CS_CHECK(cs_agent_token_cmp("a_b", "ab") < 0); /* '_' sorts before letters */
}

static void test_parse_valid(void)
{
    struct cs_diag diag = { 0 };
    struct cs_agents *a = NULL;
    const struct cs_agent *g;

    CS_CHECK_INT_EQ(parse_case("valid.json", &a, &diag), CS_OK);
    CS_CHECK_INT_EQ(diag.code, 0);
    CS_CHECK_INT_EQ(cs_agents_count(a), 5);
    CS_CHECK_INT_EQ(cs_agents_skipped(a), 0);
    g = cs_agents_get(a, 0);
    CS_CHECK(g != NULL);
    if (g) {
        CS_CHECK_STR_EQ(g->token, "GPTBot");
        CS_CHECK_STR_EQ(g->operator_, "OpenAI");
        CS_CHECK_INT_EQ(g->cls, CS_CLASS_TRAINING);
        CS_CHECK(g->basis && *g->basis);
    }
    CS_CHECK_STR_EQ(cs_agents_get(a, 1)->token, "OAI-SearchBot");
    CS_CHECK_INT_EQ(cs_agents_get(a, 1)->cls, CS_CLASS_SEARCH);
    CS_CHECK_STR_EQ(cs_agents_get(a, 2)->operator_, "");
    CS_CHECK_INT_EQ(cs_agents_get(a, 2)->cls, CS_CLASS_USER);
    CS_CHECK_STR_EQ(cs_agents_get(a, 3)->token, "ExampleUnlistedBot");
    CS_CHECK_INT_EQ(cs_agents_get(a, 3)->cls, CS_CLASS_UNKNOWN);
    CS_CHECK_STR_EQ(cs_agents_get(a, 3)->basis, "not in the purpose-class table");
    CS_CHECK_STR_EQ(cs_agents_get(a, 4)->token, "Google-Extended");
    CS_CHECK_STR_EQ(cs_agents_get(a, 4)->operator_, "");
    CS_CHECK(cs_agents_get(a, 5) == NULL);
    cs_agents_free(a);
}

static void test_parse_errors(void)
{
    struct cs_diag diag = { 0 };
    struct cs_agents *a = NULL;

    CS_CHECK_INT_EQ(parse_case("not_object.json", &a, &diag), CS_E_PARSE);
    CS_CHECK(a == NULL);
    CS_CHECK_INT_EQ(diag.code, CS_E_PARSE);
    CS_CHECK_STR_EQ(diag.msg, "agent list: expected a JSON object");

    memset(&diag, 0, sizeof(diag));
    CS_CHECK_INT_EQ(parse_case("invalid.json", &a, &diag), CS_E_PARSE);
    CS_CHECK(a == NULL);
    CS_CHECK_INT_EQ(diag.code, CS_E_PARSE);
    CS_CHECK(strncmp(diag.msg, "agent list: ", 12) == 0);

    memset(&diag, 0, sizeof(diag));
    CS_CHECK_INT_EQ(cs_agents_parse_json("", 0, &a, &diag), CS_E_PARSE);
    CS_CHECK(a == NULL);
    CS_CHECK_INT_EQ(cs_agents_parse_json("{} x", 4, &a, NULL), CS_E_PARSE);
    CS_CHECK(a == NULL);
    /* Pure: bytes in, only len bytes read (no NUL needed). */
    CS_CHECK_INT_EQ(cs_agents_parse_json("{\"GPTBot\":{}}garbage", 13, &a, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_agents_count(a), 1);
    cs_agents_free(a);
}

static void test_parse_case_variants(void)
{
    struct cs_diag diag = { 0 };
    struct cs_agents *a = NULL;

    CS_CHECK_INT_EQ(parse_case("case_variants.json", &a, &diag), CS_OK);
    CS_CHECK_INT_EQ(cs_agents_count(a), 2);
    if (cs_agents_count(a) == 2) {
        CS_CHECK_STR_EQ(cs_agents_get(a, 0)->token, "meta-externalagent");
        CS_CHECK_STR_EQ(cs_agents_get(a, 0)->operator_, "first spelling");
        CS_CHECK_INT_EQ(cs_agents_get(a, 0)->cls, CS_CLASS_TRAINING);
        CS_CHECK_STR_EQ(cs_agents_get(a, 1)->token, "GPTBot");
    }
    CS_CHECK_INT_EQ(diag.code, 0);
    cs_agents_free(a);
}

static void test_parse_invalid_tokens(void)
{
    struct cs_diag diag = { 0 };
    struct cs_agents *a = NULL;

    CS_CHECK_INT_EQ(parse_case("invalid_tokens.json", &a, &diag), CS_OK);
    CS_CHECK_INT_EQ(cs_agents_count(a), 2);
    CS_CHECK_INT_EQ(cs_agents_skipped(a), 3);
    if (cs_agents_count(a) == 2) {
        CS_CHECK_STR_EQ(cs_agents_get(a, 0)->token, "ClaudeBot");
        CS_CHECK_STR_EQ(cs_agents_get(a, 1)->token, "Brightbot 1.0");
        CS_CHECK_INT_EQ(cs_agents_get(a, 1)->cls, CS_CLASS_DATA_PROVIDER);
    }
    /* Lenient, but said: the diagnostic names the count and the first bad entry. */
    CS_CHECK_INT_EQ(diag.code, CS_E_INVALID);
    CS_CHECK(strstr(diag.msg, "skipped 3 invalid") != NULL);
    CS_CHECK(strstr(diag.msg, "entry 2") != NULL);
    cs_agents_free(a);
}

/* Builds {"Bot1":{},...} with n keys. Returns owned. */
static char *many_keys(size_t n, size_t *len_out)
{
    size_t cap = n * 24 + 4;
    char *buf = malloc(cap);
    size_t len = 0;

    if (!buf)
        return NULL;
    buf[len++] = '{';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s\"Bot%zu\":{}", i ? "," : "", i);
    buf[len++] = '}';
    buf[len] = '\0';
    *len_out = len;
    return buf;
}

static void test_parse_limit(void)
{
    struct cs_diag diag = { 0 };
    struct cs_agents *a = NULL;
    size_t len = 0;
    char *buf = many_keys(CS_AGENTS_MAX, &len);

    CS_CHECK(buf != NULL);
    CS_CHECK_INT_EQ(cs_agents_parse_json(buf, len, &a, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_agents_count(a), CS_AGENTS_MAX);
    cs_agents_free(a);
    free(buf);

    buf = many_keys(CS_AGENTS_MAX + 1, &len);
    CS_CHECK(buf != NULL);
    CS_CHECK_INT_EQ(cs_agents_parse_json(buf, len, &a, &diag), CS_E_PARSE);
    CS_CHECK(a == NULL);
    CS_CHECK(strstr(diag.msg, "more than 4096 entries") != NULL);
    free(buf);
}

static void test_load_file_errors(void)
{
    struct cs_diag diag = { 0 };
    struct cs_agents *a = NULL;

    CS_CHECK_INT_EQ(cs_agents_load_file("/nonexistent/agents.json", &a, &diag), CS_E_IO);
    CS_CHECK(a == NULL);
    CS_CHECK_INT_EQ(diag.code, CS_E_IO);
    CS_CHECK(strncmp(diag.msg, "cannot read agent list '/nonexistent/agents.json': ", 51) == 0);
    CS_CHECK(strstr(diag.msg, "No such file") != NULL);
}

/* A file one byte over CS_AGENTS_FILE_MAX is refused with CS_E_LIMIT. */
static void test_load_file_limit(void)
{
    char path[] = "/tmp/test_agents_XXXXXX";
    struct cs_diag diag = { 0 };
    struct cs_agents *a = NULL;
    static char block[65536];
    size_t left = (size_t)CS_AGENTS_FILE_MAX + 1;
    int fd = mkstemp(path);
    bool ok = fd >= 0;

    memset(block, ' ', sizeof(block));
    while (ok && left) {
        size_t n = left < sizeof(block) ? left : sizeof(block);

        ok = write(fd, block, n) == (ssize_t)n;
        left -= n;
    }
    CS_CHECK(ok);
    if (fd >= 0)
        close(fd);
    CS_CHECK_INT_EQ(cs_agents_load_file(path, &a, &diag), CS_E_LIMIT);
    CS_CHECK(a == NULL);
    CS_CHECK_INT_EQ(diag.code, CS_E_LIMIT);
    unlink(path);
}

static void test_builtin(void)
{
    struct cs_agents *a = NULL;
    size_t training = 0;
    size_t unlisted = 0;
    size_t n;

    CS_CHECK_INT_EQ(cs_agents_builtin(&a), CS_OK);
    CS_CHECK(cs_agents_count(a) >= 18 && cs_agents_count(a) <= 26);
    for (size_t i = 0; i < cs_agents_count(a); i++) {
        const struct cs_agent *g = cs_agents_get(a, i);

        training += g->cls == CS_CLASS_TRAINING;
        if (!cs_agent_table_find(g->token) || !*g->operator_)
            unlisted++;
        for (size_t j = 0; j < i; j++)
            CS_CHECK(cs_agent_token_cmp(cs_agents_get(a, j)->token, g->token) != 0);
    }
    CS_CHECK_INT_EQ(unlisted, 0);
    CS_CHECK(training >= 15);
    CS_CHECK_STR_EQ(cs_agents_get(a, 0)->token, "GPTBot");
    CS_CHECK_STR_EQ(cs_agents_get(a, 0)->operator_, "OpenAI");
    CS_CHECK_INT_EQ(cs_agent_class_of("OAI-SearchBot", NULL), CS_CLASS_SEARCH);
    n = cs_agents_count(a);
    CS_CHECK_INT_EQ(cs_agents_add(a, "oai-searchbot"), CS_OK); /* present already */
    CS_CHECK_INT_EQ(cs_agents_add(a, "CHATGPT-USER"), CS_OK);
    CS_CHECK_INT_EQ(cs_agents_count(a), n);
    CS_CHECK_INT_EQ(cs_agents_add(a, "Claude-SearchBot"), CS_OK);
    CS_CHECK_INT_EQ(cs_agents_count(a), n + 1);
    cs_agents_free(a);
}

static void test_add(void)
{
    struct cs_agents *a = cs_agents_new();

    CS_CHECK(a != NULL);
    CS_CHECK_INT_EQ(cs_agents_count(a), 0);
    CS_CHECK_INT_EQ(cs_agents_add(a, "GPTBot"), CS_OK);
    CS_CHECK_INT_EQ(cs_agents_add(a, "gptbot"), CS_OK);
    CS_CHECK_INT_EQ(cs_agents_count(a), 1);
    CS_CHECK_INT_EQ(cs_agents_add(a, "MyResearchBot"), CS_OK);
    CS_CHECK_INT_EQ(cs_agents_count(a), 2);
    CS_CHECK_INT_EQ(cs_agents_add(a, ""), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_agents_add(a, "Bad:Bot"), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_agents_add(a, "Bad\nBot"), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_agents_add(a, "Bad\x7f"), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_agents_add(a, NULL), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_agents_add(NULL, "GPTBot"), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_agents_count(a), 2);
    CS_CHECK_STR_EQ(cs_agents_get(a, 0)->token, "GPTBot");
    CS_CHECK_STR_EQ(cs_agents_get(a, 0)->operator_, "");
    CS_CHECK_INT_EQ(cs_agents_get(a, 1)->cls, CS_CLASS_UNKNOWN);
    for (int i = 0; i < 100; i++) {
        char tok[32];

        snprintf(tok, sizeof(tok), "Bot%d", i);
        CS_CHECK_INT_EQ(cs_agents_add(a, tok), CS_OK);
    }
    CS_CHECK_INT_EQ(cs_agents_count(a), 102);
    CS_CHECK_STR_EQ(cs_agents_get(a, 101)->token, "Bot99");
    cs_agents_free(a);
    cs_agents_free(NULL);
    CS_CHECK_INT_EQ(cs_agents_count(NULL), 0);
    CS_CHECK(cs_agents_get(NULL, 0) == NULL);
}

/* Every token of the community list has a table row (signals.md 2.4); the list is read by path,
 * never copied into the repository. */
static void test_full_list(void)
{
    const char *env = getenv("AGENTS_JSON");
    const char *path = env && *env ? env : CS_CASES_DIR "/../../../shared/data/ai-robots.json";
    struct cs_diag diag = { 0 };
    struct cs_agents *a = NULL;
    size_t missing = 0;

    if (access(path, R_OK) != 0) {
        printf("note: %s not readable; skipping the ai-robots.json coverage check\n", path);
        return;
    }
    CS_CHECK_INT_EQ(cs_agents_load_file(path, &a, &diag), CS_OK);
    CS_CHECK_INT_EQ(diag.code, 0);
    CS_CHECK(cs_agents_count(a) >= 160);
    for (size_t i = 0; i < cs_agents_count(a); i++) {
        const struct cs_agent *g = cs_agents_get(a, i);

        if (!cs_agent_table_find(g->token)) {
            cs_test_fail(__FILE__, __LINE__, "no purpose-class row for '%s'", g->token);
            missing++;
        }
    }
    CS_CHECK_INT_EQ(missing, 0);
    cs_agents_free(a);
}

int main(void)
{
    test_class_of();
    test_class_of_unknown();
    test_class_names();
    test_purposes();
    test_table_rows();
    test_token_cmp();
    test_parse_valid();
    test_parse_errors();
    test_parse_case_variants();
    test_parse_invalid_tokens();
    test_parse_limit();
    test_load_file_errors();
    test_load_file_limit();
    test_builtin();
    test_add();
    test_full_list();
    return cs_test_done();
}
