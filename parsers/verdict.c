/* SPDX-License-Identifier: MIT
 * verdict.c - signals x agents -> stance per purpose with evidence (signals.md 0.2, 12.2).
 */
#include "cs_setup.h"

#include "verdict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define P(x) (1u << CS_PURPOSE_##x)

/* signals.md 12.2: what each robots directive reserves. noai covers training and TDM; the
 * inference use (AI_INPUT, "D*" in the table) is left out by default because the DeviantArt
 * definition speaks of training only. noimageai applies to images only (12.3 #18). Bing's
 * noarchive/nocache are vendor-specific and are read in a later signal module. */
static const struct {
    unsigned flag;
    unsigned purposes;
    unsigned broad; /* added under the broad reading ("D*") */
    bool images_only;
} directive_map[] = {
    { CS_XR_NOAI, P(TRAIN_GENAI) | P(TRAIN_ML) | P(TDM), P(AI_INPUT), false },
    { CS_XR_NOIMAGEAI, P(TRAIN_GENAI) | P(TRAIN_ML) | P(TDM), 0, true },
};

unsigned cs_verdict_directive_purposes(unsigned xr_flags, bool is_image, bool broad)
{
    unsigned out = 0;

    for (size_t i = 0; i < CS_ARRAY_LEN(directive_map); i++) {
        if (!(xr_flags & directive_map[i].flag))
            continue;
        if (directive_map[i].images_only && !is_image)
            continue;
        out |= directive_map[i].purposes | (broad ? directive_map[i].broad : 0);
    }
    return out;
}

/* The verdict's copy of an evidence text. Every agent's evidence for one rule points at the
 * same copy, made once per verdict for each text of the input (from): a verdict of a hundred
 * agents would otherwise carry a hundred copies, and outlives the parsed headers and robots.txt
 * it was judged from. */
struct cs_verdict_text {
    struct cs_verdict_text *next;
    const char *from; /* the input's text it copies, or NULL for one made up here */
    char s[];
};

/* Copies at most CS_EVIDENCE_TEXT_MAX - 1 bytes of text into v, once for each from; NULL on out
 * of memory (the evidence then shows no text). */
static const char *own_text(struct cs_verdict *v, const char *text, const char *from)
{
    struct cs_verdict_text *t;
    size_t n;

    for (t = v->texts; from && t; t = t->next) {
        if (t->from == from)
            return t->s;
    }
    n = strnlen(text, CS_EVIDENCE_TEXT_MAX - 1);
    if (!(t = malloc(sizeof(*t) + n + 1)))
        return NULL;
    memcpy(t->s, text, n);
    t->s[n] = '\0';
    t->from = from;
    t->next = v->texts;
    v->texts = t;
    return t->s;
}

static void set_text(struct cs_verdict *v, struct cs_evidence *ev, const char *text)
{
    ev->text = text && text[0] ? own_text(v, text, text) : NULL;
}

static void eval_robots(struct cs_verdict *v, const struct cs_verdict_input *in,
                        const struct cs_verdict_agent *a, enum cs_robots_mode mode,
                        struct cs_evidence *ev)
{
    struct cs_robots_verdict rv;

    ev->signal = CS_SIGNAL_ROBOTS;
    ev->src = in->robots_src;
    if (in->robots_state == CS_RS_UNREACHABLE) {
        ev->result = CS_SR_UNKNOWN; /* signals.md 1.4: unreachable is not an opt-out */
        return;
    }
    if (in->robots_state == CS_RS_NONE ||
        cs_robots_check(in->robots, a->token, in->path, mode, &rv) != CS_OK) {
        ev->result = CS_SR_NONE;
        return;
    }
    ev->line = rv.line ? rv.line : rv.group_line;
    set_text(v, ev, rv.rule);
    ev->all_agents = rv.group == CS_ROBOTS_GROUP_STAR;
    if (!rv.allowed) {
        ev->result = CS_SR_DISALLOW;
        ev->purposes = a->purposes;
    } else if (rv.group == CS_ROBOTS_GROUP_SPECIFIC && !rv.always_allowed) {
        ev->result = CS_SR_ALLOW; /* a group names the agent and lets it in */
        ev->allowed = a->purposes;
    } else {
        ev->result = CS_SR_NONE;
    }
}

static void eval_directives(struct cs_verdict *v, const struct cs_verdict_input *in,
                            const struct cs_xrobots *x, const char *token, struct cs_evidence *ev)
{
    unsigned flags = x ? cs_xrobots_flags_for(x, token) : 0;
    const struct cs_xr_item *it;

    ev->result = CS_SR_NONE;
    ev->purposes = cs_verdict_directive_purposes(flags, in->work_is_image, in->broad);
    if (!ev->purposes)
        return;
    it = cs_xrobots_find(x, token, flags & (CS_XR_NOAI | CS_XR_NOIMAGEAI));
    if (it && (it->flag == CS_XR_NOIMAGEAI && !in->work_is_image))
        it = cs_xrobots_find(x, token, CS_XR_NOAI);
    ev->result = CS_SR_DISALLOW;
    if (it) {
        ev->all_agents = it->agent == NULL;
        ev->line = it->source;
        if (it->agent) {
            char buf[CS_EVIDENCE_TEXT_MAX];
            snprintf(buf, sizeof(buf), "%s: %s", it->agent, it->text);
            ev->text = own_text(v, buf, NULL);
        } else {
            set_text(v, ev, it->text);
        }
    }
}

static bool fact_applies(const struct cs_verdict_fact *f, const char *token)
{
    return !f->agent || strcasecmp(f->agent, token) == 0;
}

/* Folds one fact into the agent's evidence for its family: most restrictive wins (0.2); the
 * evidence shows the first reserving fact, else the first one read. */
static void merge_fact(struct cs_verdict *v, const struct cs_verdict_fact *f,
                       struct cs_evidence *ev)
{
    bool first = ev->result == CS_SR_NONE && !ev->purposes && !ev->allowed;
    bool shows = first || (f->deny && !ev->purposes);
    bool more = !shows && (f->deny & ~ev->purposes); /* reserves more: its text is added */

    ev->signal = f->signal;
    if (f->unknown && !ev->unknown)
        ev->why = f->text; /* the first failure explains the family's UNKNOWN */
    ev->unknown |= f->unknown;
    ev->purposes |= f->deny;
    ev->allowed = (ev->allowed | f->allow) & ~ev->purposes;
    if (ev->purposes)
        ev->result = CS_SR_DISALLOW;
    else if (f->unknown || ev->result == CS_SR_UNKNOWN)
        ev->result = CS_SR_UNKNOWN;
    else if (ev->allowed)
        ev->result = CS_SR_ALLOW;
    if (shows) {
        ev->line = f->line;
        ev->all_agents = f->agent == NULL;
        ev->src = f->src;
        set_text(v, ev, f->text);
    } else if (more && f->text) {
        char buf[CS_EVIDENCE_TEXT_MAX];
        snprintf(buf, sizeof(buf), "%s%s%s", cs_evidence_text(ev), ev->text ? "; " : "", f->text);
        ev->text = own_text(v, buf, NULL);
    }
}

static void eval_facts(struct cs_verdict *v, const struct cs_verdict_input *in,
                       struct cs_agent_result *r)
{
    for (size_t i = 0; i < in->fact_count; i++) {
        const struct cs_verdict_fact *f = &in->facts[i];
        if ((unsigned)f->signal < CS_SIGNAL__COUNT && fact_applies(f, r->token))
            merge_fact(v, f, &r->sig[f->signal]);
    }
}

static void eval_agent(struct cs_verdict *v, const struct cs_verdict_input *in,
                       const struct cs_verdict_agent *a, struct cs_agent_result *r)
{
    struct cs_evidence *hdr = &r->sig[CS_SIGNAL_XROBOTS];
    struct cs_evidence *meta = &r->sig[CS_SIGNAL_META_ROBOTS];

    r->token = a->token;
    r->purposes = a->purposes;
    eval_robots(v, in, a, CS_ROBOTS_LENIENT, &r->sig[CS_SIGNAL_ROBOTS]);
    eval_robots(v, in, a, CS_ROBOTS_STRICT, &r->robots_strict);
    hdr->signal = CS_SIGNAL_XROBOTS;
    meta->signal = CS_SIGNAL_META_ROBOTS;
    hdr->src = in->work_src;
    meta->src = in->work_src;
    eval_facts(v, in, r);
    if (!in->work_read) {
        hdr->result = CS_SR_UNKNOWN;
        meta->result = CS_SR_UNKNOWN;
        return;
    }
    eval_directives(v, in, in->headers, a->token, hdr);
    if (in->html_read)
        eval_directives(v, in, in->metas, a->token, meta);
    else
        meta->result = CS_SR_NONE;
}

/* The evidence of signal s for reading rd: robots.txt differs between the readings. */
static const struct cs_evidence *sig_of(const struct cs_agent_result *r, int s, int rd)
{
    if (s == CS_SIGNAL_ROBOTS && rd == CS_READING_STRICT)
        return &r->robots_strict;
    return &r->sig[s];
}

struct tally {
    size_t considered, reserved;
    size_t queried; /* considered agents that were queried (not named by a fact only) */
    bool all_agents, explicit_allow, all_allow;
    const struct cs_evidence *unknown;
};

static void tally_agent(const struct cs_agent_result *r, int rd, unsigned bit, struct tally *t)
{
    bool covers = (r->purposes & bit) != 0;
    bool reserved = false;

    for (int s = 0; s < CS_SIGNAL__COUNT; s++) {
        const struct cs_evidence *ev = sig_of(r, s, rd);
        if (ev->result == CS_SR_DISALLOW && (ev->purposes & bit)) {
            reserved = true;
            t->all_agents |= ev->all_agents;
        } else if (covers && (ev->result == CS_SR_UNKNOWN || ev->unknown) && !t->unknown) {
            t->unknown = ev;
        } else if (ev->allowed & bit) {
            t->explicit_allow |= covers;
            t->all_allow |= ev->all_agents;
        }
    }
    if (covers) {
        t->considered++;
        t->queried += !r->extra;
        t->reserved += reserved;
    }
}

static void judge_purpose(const struct cs_verdict *v, int rd, int p, struct cs_purpose_result *pr)
{
    struct tally t = { 0 };

    for (size_t i = 0; i < v->agent_count; i++)
        tally_agent(&v->agents[i], rd, 1u << p, &t);
    pr->considered = t.considered;
    pr->reserved = t.reserved;
    pr->reason[0] = '\0';
    /* an agent a fact names alone (Bing's noarchive) never makes a purpose fully reserved */
    if (t.considered && t.reserved == t.considered && (t.queried || t.all_agents))
        pr->stance = CS_STANCE_DISALLOW_FULL;
    else if (t.reserved)
        pr->stance = CS_STANCE_DISALLOW_PARTIAL;
    else if (!t.considered && t.all_agents)
        pr->stance = CS_STANCE_DISALLOW_FULL;
    else if (t.unknown)
        pr->stance = CS_STANCE_UNKNOWN;
    else if (t.explicit_allow || (!t.considered && t.all_allow))
        pr->stance = CS_STANCE_ALLOW_EXPLICIT;
    else
        pr->stance = CS_STANCE_NO_SIGNAL;
    if (pr->stance == CS_STANCE_UNKNOWN)
        snprintf(pr->reason, sizeof(pr->reason), "%s: %.140s", cs_signal_name(t.unknown->signal),
                 t.unknown->src && t.unknown->src->error ? t.unknown->src->error
                 : t.unknown->why                        ? t.unknown->why
                                                         : "not read");
}

static bool queried(const struct cs_verdict_input *in, const char *token)
{
    for (size_t j = 0; j < in->agent_count; j++) {
        if (strcasecmp(in->agents[j].token, token) == 0)
            return true;
    }
    return false;
}

/* Tokens named by facts but not queried: each becomes an extra agent judged on facts only, with
 * the purposes its facts speak about (Bing's noarchive speaks for Microsoft). Counts them when
 * out is NULL; fills out otherwise. */
static size_t extra_agents(const struct cs_verdict_input *in, struct cs_agent_result *out)
{
    size_t n = 0;

    for (size_t i = 0; i < in->fact_count; i++) {
        const struct cs_verdict_fact *f = &in->facts[i];
        size_t first = i;
        if (!f->agent || queried(in, f->agent))
            continue;
        for (size_t j = 0; j < i && first == i; j++) {
            if (in->facts[j].agent && strcasecmp(in->facts[j].agent, f->agent) == 0)
                first = j;
        }
        if (first == i) {
            if (out)
                out[n] = (struct cs_agent_result){ .token = f->agent, .extra = true };
            n++;
        }
        for (size_t k = 0; out && k < n; k++) {
            if (strcasecmp(out[k].token, f->agent) == 0)
                out[k].purposes |= f->deny | f->allow;
        }
    }
    return n;
}

static struct cs_conflict *add_conflict(struct cs_verdict *v, enum cs_conflict_kind kind,
                                        unsigned purposes, int deny, int other,
                                        const struct cs_agent_result *r)
{
    struct cs_conflict *c;

    for (size_t i = 0; i < v->conflict_count; i++) {
        c = &v->conflicts[i];
        if (c->kind == kind && c->purposes == purposes && (int)c->deny == deny &&
            (int)c->other == other) {
            c->agents++;
            return NULL; /* seen already: counted */
        }
    }
    c = realloc(v->conflicts, (v->conflict_count + 1) * sizeof(*c));
    if (!c)
        return NULL;
    v->conflicts = c;
    c = &c[v->conflict_count++];
    memset(c, 0, sizeof(*c));
    c->kind = kind;
    c->purposes = purposes;
    c->deny = (enum cs_signal)deny;
    c->other = (enum cs_signal)other;
    c->agent = r && !r->sig[deny].all_agents ? r->token : NULL;
    c->agents = 1;
    return c;
}

/* One signal reserves what another explicitly allows, for the same agent. */
static void conflicts_of_agent(struct cs_verdict *v, const struct cs_agent_result *r)
{
    for (int d = 0; d < CS_SIGNAL__COUNT; d++) {
        const struct cs_evidence *de = &r->sig[d];
        for (int a = 0; de->purposes && a < CS_SIGNAL__COUNT; a++) {
            unsigned both = de->purposes & r->sig[a].allowed;
            struct cs_conflict *c;
            if (a == d || !both)
                continue;
            c = add_conflict(v, CS_CONFLICT_ALLOW_DISALLOW, both, d, a, r);
            if (c)
                snprintf(c->text, sizeof(c->text), "%s reserves (%.90s) but %s allows (%.90s)",
                         cs_signal_name(de->signal), cs_evidence_text(de),
                         cs_signal_name(r->sig[a].signal), cs_evidence_text(&r->sig[a]));
        }
    }
}

static void find_conflicts(const struct cs_verdict_input *in, struct cs_verdict *v)
{
    for (size_t i = 0; i < v->agent_count; i++) {
        const struct cs_agent_result *r = &v->agents[i];
        const struct cs_evidence *h = &r->sig[CS_SIGNAL_XROBOTS];
        struct cs_conflict *c;
        conflicts_of_agent(v, r);
        if (!in->html_read || !h->purposes || r->sig[CS_SIGNAL_META_ROBOTS].purposes)
            continue;
        c = add_conflict(v, CS_CONFLICT_HEADER_PAGE, h->purposes, CS_SIGNAL_XROBOTS,
                         CS_SIGNAL_META_ROBOTS, r);
        if (c)
            snprintf(c->text, sizeof(c->text),
                     "X-Robots-Tag reserves (%.150s); the page's own metas say nothing",
                     cs_evidence_text(h));
    }
    for (size_t i = 0; i < in->fact_count; i++) {
        const struct cs_verdict_fact *f = &in->facts[i];
        struct cs_conflict *c;
        if (!f->overrode)
            continue;
        c = add_conflict(v, CS_CONFLICT_SUPERSEDED, f->deny | f->allow, f->signal, f->signal, NULL);
        if (c) {
            c->agent = f->agent;
            snprintf(c->text, sizeof(c->text), "%s: %.100s supersedes %.100s",
                     cs_signal_name(f->signal), f->text ? f->text : "", f->overrode);
        }
    }
}

int cs_verdict_eval(const struct cs_verdict_input *in, struct cs_verdict **out)
{
    struct cs_verdict *v;
    size_t extra;

    *out = NULL;
    if (!in || (in->robots_state == CS_RS_OK && !in->robots) || !in->path || !in->robots_src ||
        !in->work_src || (in->fact_count && !in->facts))
        return CS_E_INVALID;
    v = calloc(1, sizeof(*v));
    if (!v)
        return CS_E_NOMEM;
    extra = extra_agents(in, NULL);
    v->agents = calloc(in->agent_count + extra + 1, sizeof(*v->agents));
    if (!v->agents) {
        free(v);
        return CS_E_NOMEM;
    }
    v->agent_count = in->agent_count + extra;
    for (size_t i = 0; i < in->agent_count; i++)
        eval_agent(v, in, &in->agents[i], &v->agents[i]);
    extra_agents(in, v->agents + in->agent_count);
    for (size_t i = in->agent_count; i < v->agent_count; i++)
        eval_facts(v, in, &v->agents[i]);
    for (int rd = 0; rd < CS_READING__COUNT; rd++) {
        for (int p = 0; p < CS_PURPOSE__COUNT; p++)
            judge_purpose(v, rd, p, &v->purposes[rd][p]);
    }
    find_conflicts(in, v);
    *out = v;
    return CS_OK;
}

void cs_verdict_free(struct cs_verdict *v)
{
    if (!v)
        return;
    while (v->texts) {
        struct cs_verdict_text *t = v->texts;
        v->texts = t->next;
        free(t);
    }
    free(v->agents);
    free(v->conflicts);
    free(v);
}

bool cs_verdict_fact_same(const struct cs_verdict_fact *a, const struct cs_verdict_fact *b)
{
    return a->signal == b->signal && a->deny == b->deny && a->allow == b->allow &&
           a->unknown == b->unknown && a->line == b->line && a->src == b->src &&
           strcmp(a->text ? a->text : "", b->text ? b->text : "") == 0;
}

const char *cs_conflict_kind_name(enum cs_conflict_kind k)
{
    switch (k) {
    case CS_CONFLICT_ALLOW_DISALLOW:
        return "allow-vs-disallow";
    case CS_CONFLICT_HEADER_PAGE:
        return "header-vs-page";
    case CS_CONFLICT_SUPERSEDED:
        return "superseded";
    }
    return "unknown";
}

bool cs_verdict_flagged(const struct cs_verdict *v, unsigned purpose_mask)
{
    for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
        enum cs_stance s = v->purposes[CS_READING_LENIENT][p].stance;
        if ((purpose_mask & (1u << p)) &&
            (s == CS_STANCE_DISALLOW_FULL || s == CS_STANCE_DISALLOW_PARTIAL))
            return true;
    }
    return false;
}

bool cs_verdict_unknown(const struct cs_verdict *v, unsigned purpose_mask)
{
    for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
        if ((purpose_mask & (1u << p)) &&
            v->purposes[CS_READING_LENIENT][p].stance == CS_STANCE_UNKNOWN)
            return true;
    }
    return false;
}
