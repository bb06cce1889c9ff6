/* SPDX-License-Identifier: MIT
 * test_verdict.c - signals x agents -> stance per purpose (signals.md 0.2, 2.3, 12.2).
 */
#include "cs_setup.h"

#include "testlib.h"
#include "verdict.h"

#include <string.h>

#define P(x)     (1u << CS_PURPOSE_##x)
#define TRAINING (P(TRAIN_GENAI) | P(TRAIN_ML) | P(TDM))

static const struct cs_verdict_source robots_src = { "https://a.example/robots.txt", 200, 1, NULL };
static const struct cs_verdict_source work_src = { "https://a.example/x", 200, 1, NULL };

struct fixture {
    struct cs_robots *robots;
    struct cs_xrobots hdr, meta;
    struct cs_verdict_input in;
    struct cs_verdict *v;
};

static const struct cs_verdict_agent default_agents[] = {
    { "GPTBot", TRAINING },
    { "CCBot", TRAINING },
    { "OAI-SearchBot", P(SEARCH) },
};

static void setup(struct fixture *f, const char *robots)
{
    memset(f, 0, sizeof(*f));
    cs_xrobots_init(&f->hdr);
    cs_xrobots_init(&f->meta);
    f->in.agents = default_agents;
    f->in.agent_count = CS_ARRAY_LEN(default_agents);
    f->in.path = "/x";
    f->in.robots_src = &robots_src;
    f->in.work_src = &work_src;
    f->in.work_read = true;
    f->in.html_read = true;
    f->in.headers = &f->hdr;
    f->in.metas = &f->meta;
    if (robots) {
        CS_CHECK_INT_EQ(cs_robots_parse(robots, strlen(robots), NULL, &f->robots, NULL), CS_OK);
        f->in.robots = f->robots;
        f->in.robots_state = CS_RS_OK;
    } else {
        f->in.robots_state = CS_RS_NONE;
    }
}

static enum cs_stance eval(struct fixture *f, int p)
{
    cs_verdict_free(f->v);
    f->v = NULL;
    CS_CHECK_INT_EQ(cs_verdict_eval(&f->in, &f->v), CS_OK);
    return f->v ? f->v->purposes[CS_READING_LENIENT][p].stance : CS_STANCE__COUNT;
}

static void teardown(struct fixture *f)
{
    cs_verdict_free(f->v);
    cs_robots_free(f->robots);
    cs_xrobots_release(&f->hdr);
    cs_xrobots_release(&f->meta);
}

static void test_partial_and_full(void)
{
    struct fixture f;

    setup(&f, "User-agent: GPTBot\nDisallow: /\n");
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TRAIN_GENAI), CS_STANCE_DISALLOW_PARTIAL);
    CS_CHECK_INT_EQ(f.v->purposes[0][CS_PURPOSE_TRAIN_GENAI].reserved, 1);
    CS_CHECK_INT_EQ(f.v->purposes[0][CS_PURPOSE_TRAIN_GENAI].considered, 2);
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_SEARCH), CS_STANCE_NO_SIGNAL); /* T3 */
    CS_CHECK_INT_EQ(f.v->agents[0].sig[CS_SIGNAL_ROBOTS].line, 2);
    CS_CHECK_STR_EQ(f.v->agents[0].sig[CS_SIGNAL_ROBOTS].text, "Disallow: /");
    CS_CHECK(cs_verdict_flagged(f.v, P(TRAIN_GENAI)));
    CS_CHECK(!cs_verdict_flagged(f.v, P(SEARCH)));
    teardown(&f);

    setup(&f, "User-agent: *\nDisallow: /\n");
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TRAIN_GENAI), CS_STANCE_DISALLOW_FULL);
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_SEARCH), CS_STANCE_DISALLOW_FULL);
    CS_CHECK(f.v->agents[0].sig[CS_SIGNAL_ROBOTS].all_agents);
    teardown(&f);
}

static void test_tokens(void)
{
    static const struct cs_verdict_agent google[] = { { "Google-Extended", TRAINING } };
    static const struct cs_verdict_agent ai2[] = { { "AI2Bot", TRAINING } };
    struct fixture f;

    setup(&f, "User-agent: Google-Extended\nDisallow: /\n"); /* T1 */
    f.in.agents = google;
    f.in.agent_count = 1;
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TRAIN_GENAI), CS_STANCE_DISALLOW_FULL);
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_SEARCH), CS_STANCE_NO_SIGNAL);
    teardown(&f);

    setup(&f, "User-agent: Googlebot\nDisallow: /\n"); /* T2: a different token */
    f.in.agents = google;
    f.in.agent_count = 1;
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TRAIN_GENAI), CS_STANCE_NO_SIGNAL);
    teardown(&f);

    setup(&f, "User-agent: AI2Bot\nDisallow: /\n"); /* T5: lenient and strict differ */
    f.in.agents = ai2;
    f.in.agent_count = 1;
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TRAIN_GENAI), CS_STANCE_DISALLOW_FULL);
    CS_CHECK_INT_EQ(f.v->purposes[CS_READING_STRICT][CS_PURPOSE_TRAIN_GENAI].stance,
                    CS_STANCE_NO_SIGNAL);
    teardown(&f);
}

static void test_explicit_allow(void)
{
    struct fixture f;

    setup(&f, "User-agent: *\nDisallow: /\n\nUser-agent: GPTBot\nUser-agent: CCBot\nAllow: /\n");
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TRAIN_GENAI), CS_STANCE_ALLOW_EXPLICIT);
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_SEARCH), CS_STANCE_DISALLOW_FULL);
    teardown(&f);
}

static void test_unreachable_is_unknown(void)
{
    static const struct cs_verdict_source down = { "https://a.example/robots.txt", 503, 1,
                                                   "HTTP 503" };
    struct fixture f;

    setup(&f, NULL);
    f.in.robots_state = CS_RS_UNREACHABLE;
    f.in.robots_src = &down;
    f.in.work_read = false;
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TRAIN_GENAI), CS_STANCE_UNKNOWN);
    CS_CHECK(strstr(f.v->purposes[0][CS_PURPOSE_TRAIN_GENAI].reason, "HTTP 503") != NULL);
    CS_CHECK(!cs_verdict_flagged(f.v, ~0u));
    CS_CHECK(cs_verdict_unknown(f.v, P(TRAIN_GENAI)));
    teardown(&f);

    /* an unread work cannot hide a robots.txt refusal: most restrictive wins */
    setup(&f, "User-agent: *\nDisallow: /\n");
    f.in.work_read = false;
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TRAIN_GENAI), CS_STANCE_DISALLOW_FULL);
    teardown(&f);
}

static void test_noai(void)
{
    struct fixture f;

    setup(&f, NULL);
    CS_CHECK_INT_EQ(cs_xrobots_add(&f.hdr, "noai", 4, NULL, true, 1), CS_OK);
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TRAIN_GENAI), CS_STANCE_DISALLOW_FULL);
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TDM), CS_STANCE_DISALLOW_FULL);
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_SEARCH), CS_STANCE_NO_SIGNAL);
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_AI_INPUT), CS_STANCE_NO_SIGNAL);
    teardown(&f);

    setup(&f, NULL); /* X8/X10: noimageai binds images only */
    CS_CHECK_INT_EQ(cs_xrobots_add(&f.meta, "noimageai", 9, NULL, false, 4), CS_OK);
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TRAIN_GENAI), CS_STANCE_NO_SIGNAL);
    f.in.work_is_image = true;
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TRAIN_GENAI), CS_STANCE_DISALLOW_FULL);
    CS_CHECK_INT_EQ(f.v->agents[0].sig[CS_SIGNAL_META_ROBOTS].line, 4);
    teardown(&f);

    setup(&f, NULL); /* X11: <meta name="GPTBot" content="noai"> */
    CS_CHECK_INT_EQ(cs_xrobots_add(&f.meta, "noai", 4, "GPTBot", false, 9), CS_OK);
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TRAIN_GENAI), CS_STANCE_DISALLOW_PARTIAL);
    CS_CHECK_INT_EQ(f.v->agents[1].sig[CS_SIGNAL_META_ROBOTS].result, CS_SR_NONE);
    CS_CHECK_STR_EQ(f.v->agents[0].sig[CS_SIGNAL_META_ROBOTS].text, "GPTBot: noai");
    teardown(&f);
}

static void test_no_agents(void)
{
    struct fixture f;

    setup(&f, NULL);
    f.in.agent_count = 0;
    CS_CHECK_INT_EQ(eval(&f, CS_PURPOSE_TRAIN_GENAI), CS_STANCE_NO_SIGNAL);
    teardown(&f);
    CS_CHECK_INT_EQ(cs_verdict_eval(NULL, &f.v), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_verdict_directive_purposes(CS_XR_NOINDEX, true, false), 0);
}

int main(void)
{
    test_partial_and_full();
    test_tokens();
    test_explicit_allow();
    test_unreachable_is_unknown();
    test_noai();
    test_no_agents();
    return cs_test_done();
}
