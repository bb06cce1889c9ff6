/* SPDX-License-Identifier: MIT
 * test_verdict_facts.c - further signals as facts in the verdict (signals.md 0.2, 12.1, 12.2,
 * 12.3 #10; issue 5): all agents vs one agent, most restrictive wins across families, conflicts
 * (allow-vs-disallow, header-vs-page, superseded), UNKNOWN only when nothing reserves, agents
 * named by facts, and failures that never reserve. Scenarios are a table; a few need code.
 */
#include "cs_setup.h"

#include "testlib.h"
#include "verdict.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define P(x)      (1u << CS_PURPOSE_##x)
#define TRAIN     (P(TRAIN_GENAI) | P(TRAIN_ML))
#define TRAIN_TDM (TRAIN | P(TDM))
#define NS        CS_STANCE_NO_SIGNAL
#define AE        CS_STANCE_ALLOW_EXPLICIT
#define UN        CS_STANCE_UNKNOWN
#define DP        CS_STANCE_DISALLOW_PARTIAL
#define DF        CS_STANCE_DISALLOW_FULL
#define MAX_FACTS 4

static const struct cs_verdict_source robots_src = { "https://a.example/robots.txt", 200, 1, NULL };
static const struct cs_verdict_source work_src = { "https://a.example/x", 200, 1, NULL };
static const struct cs_verdict_source file_src = { "https://a.example/.well-known/tdmrep.json", 200,
                                                   1, NULL };
static const struct cs_verdict_source bad_src = { "https://a.example/x", 200, 1,
                                                  "Content-Usage does not parse" };

/* Every purpose covered by some queried agent. */
static const struct cs_verdict_agent all_agents[] = {
    { "GPTBot", TRAIN_TDM },
    { "CCBot", TRAIN_TDM },
    { "ChatGPT-User", P(AI_INPUT) },
    { "OAI-SearchBot", P(SEARCH) },
};

/* Training agents only: no queried agent speaks for AI_INPUT or SEARCH. */
static const struct cs_verdict_agent training_agents[] = {
    { "GPTBot", TRAIN_TDM },
    { "CCBot", TRAIN_TDM },
};

struct fact_spec {
    enum cs_signal signal;
    const char *agent;
    unsigned deny, allow;
    bool unknown;
    const char *overrode;
};

struct scenario {
    const char *id;
    bool training_only;                /* training_agents instead of all_agents */
    const char *robots;                /* robots.txt text, or NULL for a 404 */
    struct fact_spec facts[MAX_FACTS]; /* ended by signal 0 (robots.txt is never a fact) */
    enum cs_stance want[CS_PURPOSE__COUNT];
    const char *conflicts; /* "kind:PURPOSES:deny>other; ...", "" for none */
    const char *note;      /* why the expectation holds, where it is not obvious */
};

#define F(sig, agent, deny, allow)                       \
    {                                                    \
        CS_SIGNAL_##sig, agent, deny, allow, false, NULL \
    }
#define UNK(sig, agent)                          \
    {                                            \
        CS_SIGNAL_##sig, agent, 0, 0, true, NULL \
    }

// clang-format off
static const struct scenario scenarios[] = {
    /* all agents vs one agent */
    { "ALL_AGENTS", false, NULL, { F(TDMREP, NULL, TRAIN_TDM, 0) },
      { DF, DF, DF, NS, NS }, "", NULL },
    { "ONE_AGENT", false, NULL, { F(CONTENT_SIGNAL, "GPTBot", TRAIN, 0) },
      { DP, DP, NS, NS, NS }, "", NULL },
    { "ONE_AGENT_ANY_CASE", false, NULL, { F(CONTENT_SIGNAL, "gptbot", TRAIN, 0) },
      { DP, DP, NS, NS, NS }, "", NULL },
    { "EVERY_AGENT_ONE_BY_ONE", true, NULL,
      { F(CONTENT_SIGNAL, "GPTBot", TRAIN, 0), F(CONTENT_SIGNAL, "CCBot", TRAIN, 0) },
      { DF, DF, NS, NS, NS }, "", NULL },
    /* no queried agent of the purpose: an all-agents reservation still counts (12.1) */
    { "ALL_AGENTS_UNCOVERED_PURPOSE", true, NULL, { F(CONTENT_SIGNAL, NULL, P(SEARCH), 0) },
      { NS, NS, NS, NS, DF }, "", NULL },
    { "ALL_AGENTS_ALLOW", false, NULL, { F(AITXT, NULL, 0, TRAIN) },
      { AE, AE, NS, NS, NS }, "", NULL },
    { "ALL_AGENTS_ALLOW_UNCOVERED", true, NULL, { F(CONTENT_USAGE, NULL, 0, P(SEARCH)) },
      { NS, NS, NS, NS, AE }, "", NULL },
    /* most restrictive wins across families (0.2), whatever the order */
    { "MOST_RESTRICTIVE", false, NULL,
      { F(TDMREP, NULL, TRAIN_TDM, 0), F(CONTENT_SIGNAL, NULL, P(AI_INPUT), 0),
        F(RSL, NULL, P(SEARCH), 0) },
      { DF, DF, DF, DF, DF }, "", NULL },
    { "ALLOW_THEN_DISALLOW", false, NULL,
      { F(AITXT, NULL, 0, TRAIN), F(RSL, NULL, TRAIN, 0) },
      { DF, DF, NS, NS, NS }, "allow-vs-disallow:TRAIN_GENAI,TRAIN_ML:rsl>ai.txt", NULL },
    { "DISALLOW_THEN_ALLOW", false, NULL,
      { F(RSL, NULL, TRAIN, 0), F(AITXT, NULL, 0, TRAIN) },
      { DF, DF, NS, NS, NS }, "allow-vs-disallow:TRAIN_GENAI,TRAIN_ML:rsl>ai.txt", NULL },
    /* one family allows for one agent, another reserves for all of them */
    { "AGENT_ALLOW_VS_ALL_DISALLOW", false, NULL,
      { F(CONTENT_SIGNAL, "GPTBot", 0, TRAIN), F(CONTENT_USAGE, NULL, TRAIN, 0) },
      { DF, DF, NS, NS, NS },
      "allow-vs-disallow:TRAIN_GENAI,TRAIN_ML:content-usage>content-signal", NULL },
    /* only the purposes both speak about conflict; the others keep their own stance */
    { "PARTLY_OVERLAPPING", false, NULL,
      { F(IPTC, NULL, 0, TRAIN_TDM | P(AI_INPUT) | P(SEARCH)), F(C2PA, NULL, P(TRAIN_ML), 0) },
      { AE, DF, AE, AE, AE }, "allow-vs-disallow:TRAIN_ML:c2pa>iptc-datamining", NULL },
    /* robots.txt's explicit allow for GPTBot against a Content-Signal in its own group (7.2) */
    { "ROBOTS_ALLOW_VS_FACT", true, "User-agent: GPTBot\nAllow: /\n",
      { F(CONTENT_SIGNAL, "GPTBot", TRAIN, 0) },
      { DP, DP, AE, NS, NS }, "allow-vs-disallow:TRAIN_GENAI,TRAIN_ML:content-signal>robots.txt",
      NULL },
    /* inside one family, reserving and allowing do not conflict: the reservation wins */
    { "SAME_FAMILY", false, NULL,
      { F(CONTENT_USAGE, NULL, TRAIN, 0), F(CONTENT_USAGE, NULL, 0, TRAIN | P(SEARCH)) },
      { DF, DF, NS, NS, AE }, "", NULL },
    /* TDMRep's own priority (3.6, 12.3 #10): the header's 0 overrode the file's 1 */
    { "SUPERSEDED", false, NULL,
      { { CS_SIGNAL_TDMREP, NULL, 0, TRAIN_TDM, false, "tdmrep.json 1" } },
      { AE, AE, AE, NS, NS }, "superseded:TRAIN_GENAI,TRAIN_ML,TDM:tdmrep>tdmrep", NULL },
    /* ... and other families' reservations still win across families */
    { "SUPERSEDED_THEN_OTHER_FAMILY", false, NULL,
      { { CS_SIGNAL_TDMREP, NULL, 0, TRAIN_TDM, false, "tdmrep.json 1" },
        F(RSL, NULL, TRAIN, 0) },
      { DF, DF, AE, NS, NS },
      "superseded:TRAIN_GENAI,TRAIN_ML,TDM:tdmrep>tdmrep; "
      "allow-vs-disallow:TRAIN_GENAI,TRAIN_ML:rsl>tdmrep", NULL },
    /* UNKNOWN only where nothing reserves (1.4) */
    { "UNKNOWN_ALONE", false, NULL, { UNK(CONTENT_USAGE, NULL) },
      { UN, UN, UN, UN, UN }, "", NULL },
    { "UNKNOWN_AND_OTHER_FAMILY_RESERVES", false, NULL,
      { UNK(CONTENT_USAGE, NULL), F(TDMREP, NULL, TRAIN_TDM, 0) },
      { DF, DF, DF, UN, UN }, "", NULL },
    { "UNKNOWN_BEATS_ALLOW", false, NULL,
      { F(AITXT, NULL, 0, TRAIN), UNK(CONTENT_USAGE, NULL) },
      { UN, UN, UN, UN, UN }, "", NULL },
    { "UNKNOWN_FOR_ONE_AGENT", true, NULL, { UNK(CONTENT_SIGNAL, "GPTBot") },
      { UN, UN, UN, NS, NS }, "", NULL },
    /* a reservation in the same family must not hide that part of it was unreadable */
    { "UNKNOWN_AND_SAME_FAMILY_RESERVES", false, NULL,
      { UNK(CONTENT_USAGE, NULL), F(CONTENT_USAGE, NULL, TRAIN, 0) },
      { DF, DF, UN, UN, UN }, "",
      "an unreadable Content-Usage beside a readable one in the same family: the purposes the "
      "readable one leaves alone lose their UNKNOWN (merge_fact keeps one result per family)" },
    /* agents named by facts (Bing's noarchive names Microsoft's crawler, 4.6) */
    { "EXTRA_AGENT", false, NULL, { F(BING, "bingbot", TRAIN | P(AI_INPUT), 0) },
      { DP, DP, NS, DP, NS }, "", NULL },
    { "EXTRA_AGENT_NAMED_TWICE", false, NULL,
      { F(BING, "bingbot", TRAIN | P(AI_INPUT), 0), F(BING, "BingBot", TRAIN, 0) },
      { DP, DP, NS, DP, NS }, "", NULL },
    { "EXTRA_AGENT_UNCOVERED_PURPOSE", true, NULL, { F(BING, "bingbot", TRAIN | P(AI_INPUT), 0) },
      { DP, DP, NS, DP, NS }, "",
      "no queried agent covers AI_INPUT: one vendor's reservation becomes DISALLOW_FULL although "
      "verdict.h gives FULL without a queried agent only to an all-agents signal" },
    { "EXTRA_AGENT_ALLOW", false, NULL, { F(CONTENT_SIGNAL, "Bytespider", 0, TRAIN) },
      { AE, AE, NS, NS, NS }, "", NULL },
};

// clang-format on

struct fixture {
    struct cs_robots *robots;
    struct cs_xrobots hdr, meta;
    struct cs_verdict_fact facts[MAX_FACTS + CS_SIGNAL__COUNT];
    struct cs_verdict_input in;
    struct cs_verdict *v;
};

static void setup(struct fixture *f, bool training_only, const char *robots)
{
    memset(f, 0, sizeof(*f));
    cs_xrobots_init(&f->hdr);
    cs_xrobots_init(&f->meta);
    f->in.agents = training_only ? training_agents : all_agents;
    f->in.agent_count = training_only ? CS_ARRAY_LEN(training_agents) : CS_ARRAY_LEN(all_agents);
    f->in.path = "/x";
    f->in.robots_src = &robots_src;
    f->in.work_src = &work_src;
    f->in.work_read = true;
    f->in.html_read = true;
    f->in.headers = &f->hdr;
    f->in.metas = &f->meta;
    f->in.facts = f->facts;
    f->in.robots_state = CS_RS_NONE;
    if (robots) {
        CS_CHECK_INT_EQ(cs_robots_parse(robots, strlen(robots), NULL, &f->robots, NULL), CS_OK);
        f->in.robots = f->robots;
        f->in.robots_state = CS_RS_OK;
    }
}

static void add_fact(struct fixture *f, const struct fact_spec *s, int line)
{
    struct cs_verdict_fact *x = &f->facts[f->in.fact_count++];

    x->signal = s->signal;
    x->agent = s->agent;
    x->deny = s->deny;
    x->allow = s->allow;
    x->unknown = s->unknown;
    x->overrode = s->overrode;
    x->line = line;
    x->text = s->unknown ? "(unreadable)" : s->deny ? "reserves" : "allows";
    x->src = s->unknown ? &bad_src : &file_src;
}

static bool eval(struct fixture *f)
{
    cs_verdict_free(f->v);
    f->v = NULL;
    CS_CHECK_INT_EQ(cs_verdict_eval(&f->in, &f->v), CS_OK);
    return f->v != NULL;
}

static void teardown(struct fixture *f)
{
    cs_verdict_free(f->v);
    cs_robots_free(f->robots);
    cs_xrobots_release(&f->hdr);
    cs_xrobots_release(&f->meta);
}

static void mask_names(unsigned mask, char *buf, size_t size)
{
    size_t n = 0;

    buf[0] = '\0';
    for (int p = 0; p < CS_PURPOSE__COUNT && n < size; p++) {
        if (mask & (1u << p))
            n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "," : "",
                                  cs_purpose_name((enum cs_purpose)p));
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts the "; "-separated items of list in place: conflicts are compared as a set. */
static void sort_items(char *list)
{
    char *items[16], copy[512], *save = NULL;
    size_t n = 0, len = 0;

    snprintf(copy, sizeof(copy), "%s", list);
    for (char *t = strtok_r(copy, ";", &save); t && n < CS_ARRAY_LEN(items);
         t = strtok_r(NULL, ";", &save))
        items[n++] = t + strspn(t, " ");
    qsort(items, n, sizeof(items[0]), cmp_str);
    list[0] = '\0';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(list + len, 512 - len, "%s%s", i ? "; " : "", items[i]);
}

/* The verdict's conflicts as "kind:PURPOSES:deny>other; ...", sorted. buf: 512 bytes. */
static void conflicts_text(const struct cs_verdict *v, char *buf)
{
    size_t n = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < v->conflict_count && n < 512; i++) {
        const struct cs_conflict *c = &v->conflicts[i];
        char purposes[96];
        mask_names(c->purposes, purposes, sizeof(purposes));
        n += (size_t)snprintf(buf + n, 512 - n, "%s%s:%s:%s>%s", i ? "; " : "",
                              cs_conflict_kind_name(c->kind), purposes, cs_signal_name(c->deny),
                              cs_signal_name(c->other));
    }
    sort_items(buf);
}

/* Returns true when the verdict matches the scenario; prints what differs when report. */
static bool matches(const struct scenario *s, const struct cs_verdict *v, bool report)
{
    char got[512], want[512];
    bool ok = true;

    for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
        enum cs_stance st = v->purposes[CS_READING_LENIENT][p].stance;
        if (st != s->want[p]) {
            ok = false;
            if (report)
                cs_test_fail(__FILE__, __LINE__, "%s: %s expected %s, got %s", s->id,
                             cs_purpose_name((enum cs_purpose)p), cs_stance_name(s->want[p]),
                             cs_stance_name(st));
        }
        /* facts read the same under both robots.txt readings */
        if (!s->robots && v->purposes[CS_READING_STRICT][p].stance != st) {
            ok = false;
            if (report)
                cs_test_fail(__FILE__, __LINE__, "%s: %s strict reading differs", s->id,
                             cs_purpose_name((enum cs_purpose)p));
        }
    }
    conflicts_text(v, got);
    snprintf(want, sizeof(want), "%s", s->conflicts);
    sort_items(want);
    if (strcmp(got, want) != 0) {
        ok = false;
        if (report)
            cs_test_fail(__FILE__, __LINE__, "%s: conflicts expected \"%s\", got \"%s\"", s->id,
                         want, got);
    }
    return ok;
}

static void run_scenario(const struct scenario *s)
{
    struct fixture f;

    setup(&f, s->training_only, s->robots);
    for (int i = 0; i < MAX_FACTS && s->facts[i].signal; i++)
        add_fact(&f, &s->facts[i], 10 + i);
    if (eval(&f)) {
        if (matches(s, f.v, true))
            cs_test_passed++;
    }
    teardown(&f);
}

static void test_scenarios(void)
{
    for (size_t i = 0; i < CS_ARRAY_LEN(scenarios); i++)
        run_scenario(&scenarios[i]);
}

/* The evidence of a family shows its first reserving fact; extra agents come last. */
static void test_evidence_and_extra_agents(void)
{
    static const struct fact_spec allow = F(CONTENT_USAGE, NULL, 0, TRAIN);
    static const struct fact_spec deny = F(CONTENT_USAGE, NULL, P(SEARCH), 0);
    static const struct fact_spec bing = F(BING, "bingbot", TRAIN | P(AI_INPUT), 0);
    static const struct fact_spec bing2 = F(BING, "BINGBOT", 0, P(SEARCH));
    const struct cs_evidence *ev;
    const struct cs_agent_result *x;
    struct fixture f;

    setup(&f, false, NULL);
    add_fact(&f, &allow, 3);
    add_fact(&f, &deny, 5);
    if (eval(&f)) {
        ev = &f.v->agents[0].sig[CS_SIGNAL_CONTENT_USAGE];
        CS_CHECK_INT_EQ(ev->result, CS_SR_DISALLOW);
        CS_CHECK_INT_EQ(ev->line, 5);
        CS_CHECK_STR_EQ(ev->text, "reserves");
        CS_CHECK(ev->all_agents);
        CS_CHECK(ev->src == &file_src);
        CS_CHECK_INT_EQ(ev->purposes, P(SEARCH));
        CS_CHECK_INT_EQ(ev->allowed, TRAIN);
        CS_CHECK_INT_EQ(f.v->agent_count, CS_ARRAY_LEN(all_agents));
    }
    teardown(&f);

    setup(&f, false, NULL);
    add_fact(&f, &bing, 1);
    add_fact(&f, &bing2, 2);
    if (eval(&f) && f.v->agent_count == CS_ARRAY_LEN(all_agents) + 1) {
        x = &f.v->agents[CS_ARRAY_LEN(all_agents)];
        CS_CHECK(x->extra);
        CS_CHECK_STR_EQ(x->token, "bingbot");
        CS_CHECK_INT_EQ(x->purposes, TRAIN | P(AI_INPUT) | P(SEARCH));
        CS_CHECK_INT_EQ(x->sig[CS_SIGNAL_BING].result, CS_SR_DISALLOW);
        CS_CHECK_INT_EQ(x->sig[CS_SIGNAL_ROBOTS].result, CS_SR_NONE);
        CS_CHECK(!f.v->agents[0].extra);
        CS_CHECK_INT_EQ(f.v->agents[0].sig[CS_SIGNAL_BING].result, CS_SR_NONE);
        CS_CHECK_INT_EQ(f.v->purposes[0][CS_PURPOSE_TRAIN_GENAI].considered, 3);
        CS_CHECK_INT_EQ(f.v->purposes[0][CS_PURPOSE_TRAIN_GENAI].reserved, 1);
        /* bingbot allows SEARCH, OAI-SearchBot says nothing: an explicit allow */
        CS_CHECK_INT_EQ(f.v->purposes[0][CS_PURPOSE_SEARCH].stance, CS_STANCE_ALLOW_EXPLICIT);
    } else {
        CS_CHECK(!"one extra agent for bingbot/BINGBOT");
    }
    teardown(&f);

    /* a fact naming a queried agent adds nothing */
    setup(&f, false, NULL);
    {
        static const struct fact_spec gpt = F(BING, "gptbot", TRAIN, 0);
        add_fact(&f, &gpt, 1);
    }
    if (eval(&f))
        CS_CHECK_INT_EQ(f.v->agent_count, CS_ARRAY_LEN(all_agents));
    teardown(&f);
}

static bool has_conflict(const struct cs_verdict *v, enum cs_conflict_kind k,
                         const struct cs_conflict **out)
{
    for (size_t i = 0; i < v->conflict_count; i++) {
        if (v->conflicts[i].kind == k) {
            *out = &v->conflicts[i];
            return true;
        }
    }
    return false;
}

/* The response header reserves; the page's own metas say nothing (issue 5). */
static void test_header_vs_page(void)
{
    const struct cs_conflict *c = NULL;
    struct fixture f;

    setup(&f, false, NULL);
    CS_CHECK_INT_EQ(cs_xrobots_add(&f.hdr, "noai", 4, NULL, true, 1), CS_OK);
    if (eval(&f) && has_conflict(f.v, CS_CONFLICT_HEADER_PAGE, &c)) {
        CS_CHECK_INT_EQ(c->purposes, TRAIN_TDM);
        CS_CHECK_INT_EQ(c->deny, CS_SIGNAL_XROBOTS);
        CS_CHECK_INT_EQ(c->other, CS_SIGNAL_META_ROBOTS);
        CS_CHECK(c->agent == NULL);
        CS_CHECK_INT_EQ(c->agents, CS_ARRAY_LEN(all_agents));
        CS_CHECK(strstr(c->text, "noai") != NULL);
        CS_CHECK_INT_EQ(f.v->conflict_count, 1);
        CS_CHECK_INT_EQ(f.v->purposes[0][CS_PURPOSE_TRAIN_GENAI].stance, DF);
    } else {
        CS_CHECK(!"header noai, silent metas: a header-vs-page conflict");
    }

    /* the page agrees: no conflict */
    CS_CHECK_INT_EQ(cs_xrobots_add(&f.meta, "noai", 4, NULL, false, 3), CS_OK);
    if (eval(&f))
        CS_CHECK(!has_conflict(f.v, CS_CONFLICT_HEADER_PAGE, &c));
    teardown(&f);

    /* not HTML: there is no page to be silent */
    setup(&f, false, NULL);
    CS_CHECK_INT_EQ(cs_xrobots_add(&f.hdr, "noai", 4, NULL, true, 1), CS_OK);
    f.in.html_read = false;
    if (eval(&f))
        CS_CHECK(!has_conflict(f.v, CS_CONFLICT_HEADER_PAGE, &c));
    teardown(&f);

    /* scoped header: the conflict names the agent */
    setup(&f, false, NULL);
    CS_CHECK_INT_EQ(cs_xrobots_add(&f.hdr, "GPTBot: noai", 12, NULL, true, 1), CS_OK);
    if (eval(&f) && has_conflict(f.v, CS_CONFLICT_HEADER_PAGE, &c)) {
        CS_CHECK_STR_EQ(c->agent, "GPTBot");
        CS_CHECK_INT_EQ(c->agents, 1);
        CS_CHECK_INT_EQ(f.v->purposes[0][CS_PURPOSE_TRAIN_GENAI].stance, DP);
    } else {
        CS_CHECK(!"scoped header noai: a header-vs-page conflict for GPTBot");
    }
    teardown(&f);

    /* noimageai in the metas of a page (not an image) says nothing: still a conflict */
    setup(&f, false, NULL);
    CS_CHECK_INT_EQ(cs_xrobots_add(&f.hdr, "noai", 4, NULL, true, 1), CS_OK);
    CS_CHECK_INT_EQ(cs_xrobots_add(&f.meta, "noimageai", 9, NULL, false, 2), CS_OK);
    if (eval(&f))
        CS_CHECK(has_conflict(f.v, CS_CONFLICT_HEADER_PAGE, &c));
    teardown(&f);
}

/* Every failure, in every family, alone or all together, never reserves (1.4, 12.3 #25). */
static void test_failures_never_disallow(void)
{
    static const struct cs_verdict_source down = { "https://a.example/robots.txt", 503, 1,
                                                   "HTTP 503" };
    static const struct cs_verdict_source unread = { "https://a.example/x", 0, 1, "timeout" };
    struct fixture f;

    for (int s = CS_SIGNAL_TDMREP; s < CS_SIGNAL__COUNT; s++) {
        struct fact_spec u = { (enum cs_signal)s, NULL, 0, 0, true, NULL };
        setup(&f, false, NULL);
        add_fact(&f, &u, 1);
        if (eval(&f)) {
            if (cs_verdict_flagged(f.v, ~0u))
                cs_test_fail(__FILE__, __LINE__, "unreadable %s reserves something",
                             cs_signal_name((enum cs_signal)s));
            else
                cs_test_passed++;
            CS_CHECK(cs_verdict_unknown(f.v, ~0u));
            CS_CHECK(strstr(f.v->purposes[0][CS_PURPOSE_TRAIN_GENAI].reason,
                            cs_signal_name((enum cs_signal)s)) != NULL);
            CS_CHECK(strstr(f.v->purposes[0][CS_PURPOSE_TRAIN_GENAI].reason, bad_src.error));
        }
        teardown(&f);
    }

    /* everything down at once, including an unreadable fact for an agent not queried */
    setup(&f, false, NULL);
    f.in.robots_state = CS_RS_UNREACHABLE;
    f.in.robots_src = &down;
    f.in.work_read = false;
    f.in.html_read = false;
    f.in.work_src = &unread;
    for (int s = CS_SIGNAL_TDMREP; s < CS_SIGNAL__COUNT; s++) {
        struct fact_spec u = {
            (enum cs_signal)s, s == CS_SIGNAL_BING ? "bingbot" : NULL, 0, 0, true, NULL
        };
        add_fact(&f, &u, 0);
    }
    if (eval(&f)) {
        CS_CHECK(!cs_verdict_flagged(f.v, ~0u));
        for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
            CS_CHECK_INT_EQ(f.v->purposes[CS_READING_LENIENT][p].stance, UN);
            CS_CHECK_INT_EQ(f.v->purposes[CS_READING_STRICT][p].stance, UN);
        }
        CS_CHECK_INT_EQ(f.v->conflict_count, 0);
    }
    teardown(&f);

    /* a failure beside an explicit allow elsewhere is still no reservation */
    setup(&f, false, "User-agent: GPTBot\nAllow: /\n");
    {
        struct fact_spec u = UNK(TDMREP, NULL);
        add_fact(&f, &u, 1);
    }
    if (eval(&f)) {
        CS_CHECK(!cs_verdict_flagged(f.v, ~0u));
        CS_CHECK_INT_EQ(f.v->conflict_count, 0);
    }
    teardown(&f);
}

static void test_invalid(void)
{
    struct fixture f;
    struct cs_verdict *v = (struct cs_verdict *)1;

    setup(&f, false, NULL);
    f.in.fact_count = 1;
    f.in.facts = NULL; /* a count without facts */
    CS_CHECK_INT_EQ(cs_verdict_eval(&f.in, &v), CS_E_INVALID);
    CS_CHECK(v == NULL);
    teardown(&f);

    /* a fact of a family out of range is ignored, not read past the evidence array */
    setup(&f, false, NULL);
    {
        struct fact_spec bad = { CS_SIGNAL__COUNT, NULL, TRAIN, 0, false, NULL };
        add_fact(&f, &bad, 1);
    }
    if (eval(&f))
        CS_CHECK_INT_EQ(f.v->purposes[0][CS_PURPOSE_TRAIN_GENAI].stance, NS);
    teardown(&f);
}

int main(void)
{
    test_scenarios();
    test_evidence_and_extra_agents();
    test_header_vs_page();
    test_failures_never_disallow();
    test_invalid();
    return cs_test_done();
}
