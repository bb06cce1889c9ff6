/* SPDX-License-Identifier: MIT
 * report.c - the check result as JSON, written in one pass (jsonw.h). Field meanings:
 * store/EXPORT.md.
 */
#include "cs_setup.h"

#include "report.h"

#include "cs_buf.h"
#include "cs_clock.h"
#include "jsonw.h"

const char *cs_report_result_name(enum cs_sig_result r)
{
    static const char *const names[] = { "none", "allow", "disallow", "unknown" };

    return (unsigned)r < CS_ARRAY_LEN(names) ? names[r] : "unknown";
}

/* A number, or null when it is 0 (no status, no line). */
static void kv_int0(struct jw *w, const char *key, long long v)
{
    jw_key(w, key);
    if (v)
        jw_int(w, v);
    else
        jw_null(w);
}

static void kv_bool(struct jw *w, const char *key, bool v)
{
    jw_key(w, key);
    jw_bool(w, v);
}

static void write_fetch_obj(struct jw *w, const struct cs_report_fetch *f)
{
    jw_obj(w);
    jw_kv_str(w, "url", f->url);
    jw_kv_str(w, "final_url", f->final_url ? f->final_url : f->url);
    jw_kv_str(w, "method", f->method);
    jw_kv_str(w, "outcome", f->outcome);
    jw_kv_str(w, "error", f->error);
    jw_kv_str(w, "content_type", f->content_type);
    kv_int0(w, "http_status", f->http_status);
    jw_kv_time(w, "fetched_at", f->fetched_at);
    kv_bool(w, "from_cache", f->from_cache);
    kv_bool(w, "truncated", f->truncated);
    if (f->no_records)
        kv_bool(w, "no_valid_records", true);
    jw_end(w, '}');
}

static void write_fetch(struct jw *w, const char *key, const struct cs_report_fetch *f)
{
    jw_key(w, key);
    write_fetch_obj(w, f);
}

static bool same_rule(const struct cs_evidence *a, const struct cs_evidence *b)
{
    return a->signal == b->signal && a->line == b->line && a->src == b->src &&
           cs_evidence_text_eq(a, b);
}

static const struct cs_evidence *evidence_of(const struct cs_agent_result *r, int s, int rd)
{
    return (s == CS_SIGNAL_ROBOTS && rd == CS_READING_STRICT) ? &r->robots_strict : &r->sig[s];
}

static bool refuses(const struct cs_evidence *ev, unsigned bit)
{
    return ev->result == CS_SR_DISALLOW && (ev->purposes & bit);
}

/* The tokens refused under reading rd for purpose bit by the rule of ev, in agent order. */
static void write_rule_tokens(struct jw *w, const struct cs_verdict *v, int rd, unsigned bit,
                              const struct cs_evidence *rule)
{
    jw_key(w, "tokens");
    jw_arr(w);
    for (size_t i = 0; i < v->agent_count; i++) {
        for (int s = 0; s < CS_SIGNAL__COUNT; s++) {
            const struct cs_evidence *ev = evidence_of(&v->agents[i], s, rd);
            if (refuses(ev, bit) && same_rule(ev, rule)) {
                jw_str(w, v->agents[i].token);
                break;
            }
        }
    }
    jw_end(w, ']');
}

static void write_evidence(struct jw *w, const struct cs_verdict *v, int rd, unsigned bit,
                           const struct cs_evidence *ev, const char *token)
{
    const struct cs_verdict_source *src = ev->src;

    jw_obj(w);
    jw_kv_str(w, "signal", cs_signal_name(ev->signal));
    jw_kv_str(w, "result", cs_report_result_name(ev->result));
    jw_kv_str(w, "token", token);
    write_rule_tokens(w, v, rd, bit, ev);
    kv_bool(w, "all_agents", ev->all_agents);
    jw_kv_str(w, "source_url", src ? src->url : NULL);
    kv_int0(w, "http_status", src ? src->http_status : 0);
    jw_kv_time(w, "fetched_at", src ? src->fetched_at : 0);
    kv_int0(w, "line", ev->line);
    jw_kv_str(w, "text", ev->text);
    if (ev->result == CS_SR_UNKNOWN)
        jw_kv_str(w, "error", src && src->error ? src->error : "not read");
    jw_kv_str(w, "parser_version", CS_PARSER_VERSION);
    jw_end(w, '}');
}

/* Evidence for purpose bit under reading rd: every refusal bearing on it, one entry per rule
 * (signal, source, line, text) with the tokens it refuses — a "User-agent: *" refusal is one
 * entry, not one per agent. */
static void write_purpose_evidence(struct jw *w, const struct cs_verdict *v, int rd, unsigned bit)
{
    const struct cs_evidence **seen = calloc(v->agent_count * CS_SIGNAL__COUNT + 1, sizeof(*seen));
    size_t n = 0;

    jw_arr(w);
    for (size_t i = 0; seen && i < v->agent_count; i++) {
        for (int s = 0; s < CS_SIGNAL__COUNT; s++) {
            const struct cs_evidence *ev = evidence_of(&v->agents[i], s, rd);
            size_t k = 0;
            if (!refuses(ev, bit))
                continue;
            while (k < n && !same_rule(seen[k], ev))
                k++;
            if (k < n)
                continue;
            seen[n++] = ev;
            write_evidence(w, v, rd, bit, ev, v->agents[i].token);
        }
    }
    jw_end(w, ']');
    free(seen);
}

static void write_purpose(struct jw *w, const struct cs_verdict *v, int p)
{
    const struct cs_purpose_result *pr = &v->purposes[CS_READING_LENIENT][p];
    const struct cs_purpose_result *st = &v->purposes[CS_READING_STRICT][p];

    jw_key(w, cs_purpose_name(p));
    jw_obj(w);
    jw_kv_str(w, "stance", cs_stance_name(pr->stance));
    jw_kv_str(w, "reason", pr->reason[0] ? pr->reason : NULL);
    jw_key(w, "agents_considered");
    jw_int(w, (long long)pr->considered);
    jw_key(w, "agents_reserved");
    jw_int(w, (long long)pr->reserved);
    jw_key(w, "evidence");
    write_purpose_evidence(w, v, CS_READING_LENIENT, 1u << p);
    /* signals.md 1.5, 12.3 #2: the strict RFC reading, reported beside where it differs */
    jw_kv_str(w, "strict_stance", cs_stance_name(st->stance));
    if (st->stance != pr->stance || st->reserved != pr->reserved) {
        jw_key(w, "strict_evidence");
        write_purpose_evidence(w, v, CS_READING_STRICT, 1u << p);
    }
    jw_end(w, '}');
}

/* Only agents that some signal names, allows or refuses are listed: with the 166-token list
 * most agents have nothing to say, and UNKNOWN is explained per purpose. */
static bool agent_has_result(const struct cs_agent_result *r)
{
    if (r->robots_strict.result == CS_SR_DISALLOW || r->robots_strict.result == CS_SR_ALLOW)
        return true;
    for (int s = 0; s < CS_SIGNAL__COUNT; s++) {
        if (r->sig[s].result == CS_SR_DISALLOW || r->sig[s].result == CS_SR_ALLOW)
            return true;
    }
    return false;
}

static bool same_evidence(const struct cs_evidence *a, const struct cs_evidence *b)
{
    return a->result == b->result && a->line == b->line && cs_evidence_text_eq(a, b);
}

/* Agents whose every result is the same form one group: a robots.txt naming 166 tokens in one
 * group gives one entry with 166 tokens, not 166 entries. */
static bool same_results(const struct cs_agent_result *a, const struct cs_agent_result *b)
{
    if (a->purposes != b->purposes || !same_evidence(&a->robots_strict, &b->robots_strict))
        return false;
    for (int s = 0; s < CS_SIGNAL__COUNT; s++) {
        if (!same_evidence(&a->sig[s], &b->sig[s]))
            return false;
    }
    return true;
}

static void write_agent_group(struct jw *w, const struct cs_verdict *v,
                              const struct cs_agent_result *r)
{
    jw_obj(w);
    jw_key(w, "tokens");
    jw_arr(w);
    for (size_t i = 0; i < v->agent_count; i++) {
        if (agent_has_result(&v->agents[i]) && same_results(&v->agents[i], r))
            jw_str(w, v->agents[i].token);
    }
    jw_end(w, ']');
    jw_key(w, "purposes");
    jw_arr(w);
    for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
        if (r->purposes & (1u << p))
            jw_str(w, cs_purpose_name(p));
    }
    jw_end(w, ']');
    jw_key(w, "signals");
    jw_obj(w);
    for (int s = 0; s < CS_SIGNAL__COUNT; s++) {
        if (s > CS_SIGNAL_META_ROBOTS && r->sig[s].result == CS_SR_NONE)
            continue; /* the further families appear where they said something */
        jw_key(w, cs_signal_name(s));
        jw_obj(w);
        jw_kv_str(w, "result", cs_report_result_name(r->sig[s].result));
        kv_int0(w, "line", r->sig[s].line);
        jw_kv_str(w, "text", r->sig[s].text);
        if (s == CS_SIGNAL_ROBOTS)
            jw_kv_str(w, "strict", cs_report_result_name(r->robots_strict.result));
        jw_end(w, '}');
    }
    jw_end(w, '}');
    jw_end(w, '}');
}

static void write_agents(struct jw *w, const struct cs_verdict *v)
{
    const struct cs_agent_result **first = calloc(v->agent_count + 1, sizeof(*first));
    size_t n = 0;

    jw_key(w, "agents");
    jw_arr(w);
    for (size_t i = 0; first && i < v->agent_count; i++) {
        const struct cs_agent_result *r = &v->agents[i];
        size_t k = 0;
        if (!agent_has_result(r))
            continue;
        while (k < n && !same_results(first[k], r))
            k++;
        if (k == n) {
            first[n++] = r;
            write_agent_group(w, v, r);
        }
    }
    jw_end(w, ']');
    free(first);
}

static void write_purpose_set(struct jw *w, const char *key, unsigned bits)
{
    jw_key(w, key);
    jw_arr(w);
    for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
        if (bits & (1u << p))
            jw_str(w, cs_purpose_name(p));
    }
    jw_end(w, ']');
}

/* Every further signal as read (signals.md 12.1), one entry per reading with the agents it
 * addresses (null: all), what it reserves and what it explicitly allows. */
static void write_signals(struct jw *w, const struct cs_report_input *in)
{
    jw_key(w, "signals");
    jw_arr(w);
    for (size_t i = 0; i < in->fact_count; i++) {
        const struct cs_verdict_fact *f = &in->facts[i];
        size_t k = 0;
        while (k < i && !cs_verdict_fact_same(&in->facts[k], f))
            k++;
        if (k < i)
            continue; /* written with the first one */
        jw_obj(w);
        jw_kv_str(w, "signal", cs_signal_name(f->signal));
        jw_key(w, "agents");
        if (!f->agent) {
            jw_null(w);
        } else {
            jw_arr(w);
            for (size_t j = i; j < in->fact_count; j++) {
                if (cs_verdict_fact_same(&in->facts[j], f) && in->facts[j].agent)
                    jw_str(w, in->facts[j].agent);
            }
            jw_end(w, ']');
        }
        jw_kv_str(w, "text", f->text);
        write_purpose_set(w, "reserves", f->deny);
        write_purpose_set(w, "allows", f->allow);
        kv_bool(w, "unknown", f->unknown);
        kv_int0(w, "line", f->line);
        jw_kv_str(w, "source_url", f->src ? f->src->url : NULL);
        jw_kv_str(w, "superseded", f->overrode);
        jw_end(w, '}');
    }
    jw_end(w, ']');
}

static void write_conflicts(struct jw *w, const struct cs_verdict *v)
{
    jw_key(w, "conflicts");
    jw_arr(w);
    for (size_t i = 0; i < v->conflict_count; i++) {
        const struct cs_conflict *c = &v->conflicts[i];
        jw_obj(w);
        jw_kv_str(w, "kind", cs_conflict_kind_name(c->kind));
        write_purpose_set(w, "purposes", c->purposes);
        jw_kv_str(w, "reserving", cs_signal_name(c->deny));
        jw_kv_str(w, "other", cs_signal_name(c->other));
        jw_kv_str(w, "agent", c->agent);
        jw_key(w, "agents");
        jw_int(w, (long long)c->agents);
        jw_kv_str(w, "text", c->text);
        jw_end(w, '}');
    }
    jw_end(w, ']');
}

static void write_compat(struct jw *w, const struct cs_report_input *in)
{
    jw_key(w, "compat");
    jw_obj(w);
    for (size_t i = 0; i < in->compat_count; i++)
        jw_kv_str(w, in->compat[i].key, in->compat[i].value);
    jw_end(w, '}');
}

static void write_verdict(struct jw *w, const struct cs_report_input *in)
{
    const struct cs_verdict *v = in->verdict;

    jw_key(w, "purposes");
    jw_obj(w);
    for (int p = 0; p < CS_PURPOSE__COUNT; p++)
        write_purpose(w, v, p);
    jw_end(w, '}');
    write_agents(w, v);
    write_signals(w, in);
    write_conflicts(w, v);
    write_compat(w, in);
    jw_key(w, "queried_purposes");
    jw_arr(w);
    for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
        if (in->queried & (1u << p))
            jw_str(w, cs_purpose_name(p));
    }
    jw_end(w, ']');
    kv_bool(w, "flagged", cs_verdict_flagged(v, in->queried));
}

char *cs_report_json(const struct cs_report_input *in)
{
    struct cs_buf b;
    struct jw w;

    cs_buf_init(&b, 64u << 20);
    jw_init(&w, &b);
    jw_obj(&w);
    jw_kv_str(&w, "input", in->input);
    jw_kv_str(&w, "url", in->url);
    jw_kv_str(&w, "origin", in->origin);
    jw_kv_time(&w, "checked_at", in->checked_at);
    jw_kv_str(&w, "consentscan_version", CS_VERSION);
    jw_kv_str(&w, "parser_version", CS_PARSER_VERSION);
    jw_key(&w, "self");
    jw_obj(&w);
    jw_kv_str(&w, "token", in->self_token);
    kv_bool(&w, "allowed", in->self_allowed);
    kv_int0(&w, "line", in->self_line);
    jw_end(&w, '}');
    jw_key(&w, "fetches");
    jw_obj(&w);
    write_fetch(&w, "robots.txt", &in->robots);
    write_fetch(&w, "work", &in->work);
    for (size_t i = 0; i < in->file_count; i++)
        write_fetch(&w, in->files[i].name, &in->files[i].fetch);
    if (in->rsl_linked_count) { /* signals.md 8.1: the RSL documents the work links to */
        jw_key(&w, "rsl-linked");
        jw_arr(&w);
        for (size_t i = 0; i < in->rsl_linked_count; i++)
            write_fetch_obj(&w, &in->rsl_linked[i]);
        jw_end(&w, ']');
    }
    jw_end(&w, '}');
    write_verdict(&w, in);
    jw_end(&w, '}');
    if (jw_finish(&w) != CS_OK) {
        cs_buf_release(&b);
        return NULL;
    }
    return cs_buf_detach(&b, NULL);
}
