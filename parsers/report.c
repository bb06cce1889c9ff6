/* SPDX-License-Identifier: MIT
 * report.c - the check result as JSON (jansson). Field meanings: store/EXPORT.md.
 */
#include "cs_setup.h"

#include "report.h"

#include "cs_clock.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

const char *cs_report_result_name(enum cs_sig_result r)
{
    static const char *const names[] = { "none", "allow", "disallow", "unknown" };

    return (unsigned)r < CS_ARRAY_LEN(names) ? names[r] : "unknown";
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *time_json(int64_t t)
{
    char buf[21];

    if (t <= 0)
        return json_null();
    cs_clock_format(t, buf);
    return json_string(buf);
}

static json_t *fetch_json(const struct cs_report_fetch *f)
{
    json_t *o = json_object();

    json_object_set_new(o, "url", str_or_null(f->url));
    json_object_set_new(o, "final_url", str_or_null(f->final_url ? f->final_url : f->url));
    json_object_set_new(o, "method", str_or_null(f->method));
    json_object_set_new(o, "outcome", str_or_null(f->outcome));
    json_object_set_new(o, "error", str_or_null(f->error));
    json_object_set_new(o, "content_type", str_or_null(f->content_type));
    json_object_set_new(o, "http_status",
                        f->http_status ? json_integer(f->http_status) : json_null());
    json_object_set_new(o, "fetched_at", time_json(f->fetched_at));
    json_object_set_new(o, "from_cache", json_boolean(f->from_cache));
    json_object_set_new(o, "truncated", json_boolean(f->truncated));
    if (f->no_records)
        json_object_set_new(o, "no_valid_records", json_true());
    return o;
}

static json_t *evidence_json(const struct cs_evidence *ev, const char *token)
{
    json_t *o = json_object();
    const struct cs_verdict_source *src = ev->src;

    json_object_set_new(o, "signal", json_string(cs_signal_name(ev->signal)));
    json_object_set_new(o, "result", json_string(cs_report_result_name(ev->result)));
    json_object_set_new(o, "token", json_string(token));
    json_object_set_new(o, "tokens", json_pack("[s]", token));
    json_object_set_new(o, "all_agents", json_boolean(ev->all_agents));
    json_object_set_new(o, "source_url", str_or_null(src ? src->url : NULL));
    json_object_set_new(o, "http_status",
                        src && src->http_status ? json_integer(src->http_status) : json_null());
    json_object_set_new(o, "fetched_at", time_json(src ? src->fetched_at : 0));
    json_object_set_new(o, "line", ev->line ? json_integer(ev->line) : json_null());
    json_object_set_new(o, "text", ev->text[0] ? json_string(ev->text) : json_null());
    if (ev->result == CS_SR_UNKNOWN)
        json_object_set_new(o, "error", str_or_null(src && src->error ? src->error : "not read"));
    json_object_set_new(o, "parser_version", json_string(CS_PARSER_VERSION));
    return o;
}

static bool same_rule(const struct cs_evidence *a, const struct cs_evidence *b)
{
    return a->signal == b->signal && a->line == b->line && a->src == b->src &&
           strcmp(a->text, b->text) == 0;
}

/* Evidence for purpose bit under reading rd: every refusal bearing on it, one entry per rule
 * (signal, source, line, text) with the tokens it refuses — a "User-agent: *" refusal is one
 * entry, not one per agent. */
static json_t *purpose_evidence(const struct cs_verdict *v, int rd, unsigned bit)
{
    const struct cs_evidence **seen = calloc(v->agent_count * CS_SIGNAL__COUNT + 1, sizeof(*seen));
    json_t *arr = json_array();
    size_t n = 0;

    for (size_t i = 0; seen && i < v->agent_count; i++) {
        const struct cs_agent_result *r = &v->agents[i];
        for (int s = 0; s < CS_SIGNAL__COUNT; s++) {
            const struct cs_evidence *ev =
                (s == CS_SIGNAL_ROBOTS && rd == CS_READING_STRICT) ? &r->robots_strict : &r->sig[s];
            size_t k = 0;
            if (ev->result != CS_SR_DISALLOW || !(ev->purposes & bit))
                continue;
            while (k < n && !same_rule(seen[k], ev))
                k++;
            if (k == n) {
                seen[n++] = ev;
                json_array_append_new(arr, evidence_json(ev, r->token));
            } else {
                json_t *e = json_array_get(arr, k);
                json_array_append_new(json_object_get(e, "tokens"), json_string(r->token));
            }
        }
    }
    free(seen);
    return arr;
}

static json_t *purpose_json(const struct cs_verdict *v, int p)
{
    const struct cs_purpose_result *pr = &v->purposes[CS_READING_LENIENT][p];
    const struct cs_purpose_result *st = &v->purposes[CS_READING_STRICT][p];
    json_t *o = json_object();

    json_object_set_new(o, "stance", json_string(cs_stance_name(pr->stance)));
    json_object_set_new(o, "reason", pr->reason[0] ? json_string(pr->reason) : json_null());
    json_object_set_new(o, "agents_considered", json_integer((json_int_t)pr->considered));
    json_object_set_new(o, "agents_reserved", json_integer((json_int_t)pr->reserved));
    json_object_set_new(o, "evidence", purpose_evidence(v, CS_READING_LENIENT, 1u << p));
    /* signals.md 1.5, 12.3 #2: the strict RFC reading, reported beside where it differs */
    json_object_set_new(o, "strict_stance", json_string(cs_stance_name(st->stance)));
    if (st->stance != pr->stance || st->reserved != pr->reserved)
        json_object_set_new(o, "strict_evidence", purpose_evidence(v, CS_READING_STRICT, 1u << p));
    return o;
}

static json_t *agent_json(const struct cs_agent_result *r, json_t *tokens)
{
    json_t *o = json_object();
    json_t *sigs = json_object();
    json_t *purposes = json_array();

    for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
        if (r->purposes & (1u << p))
            json_array_append_new(purposes, json_string(cs_purpose_name(p)));
    }
    for (int s = 0; s < CS_SIGNAL__COUNT; s++) {
        json_t *e = json_object();
        json_object_set_new(e, "result", json_string(cs_report_result_name(r->sig[s].result)));
        json_object_set_new(e, "line", r->sig[s].line ? json_integer(r->sig[s].line) : json_null());
        json_object_set_new(e, "text",
                            r->sig[s].text[0] ? json_string(r->sig[s].text) : json_null());
        if (s == CS_SIGNAL_ROBOTS)
            json_object_set_new(e, "strict",
                                json_string(cs_report_result_name(r->robots_strict.result)));
        json_object_set_new(sigs, cs_signal_name(s), e);
    }
    json_object_set_new(o, "tokens", tokens);
    json_object_set_new(o, "purposes", purposes);
    json_object_set_new(o, "signals", sigs);
    return o;
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
    return a->result == b->result && a->line == b->line && strcmp(a->text, b->text) == 0;
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

static void add_agent_groups(json_t *agents, const struct cs_verdict *v)
{
    const struct cs_agent_result **first = calloc(v->agent_count + 1, sizeof(*first));
    json_t **tokens = calloc(v->agent_count + 1, sizeof(*tokens));
    size_t n = 0;

    for (size_t i = 0; first && tokens && i < v->agent_count; i++) {
        const struct cs_agent_result *r = &v->agents[i];
        size_t k = 0;
        if (!agent_has_result(r))
            continue;
        while (k < n && !same_results(first[k], r))
            k++;
        if (k == n) {
            first[n] = r;
            tokens[n++] = json_array();
        }
        json_array_append_new(tokens[k], json_string(r->token));
    }
    for (size_t k = 0; k < n; k++)
        json_array_append_new(agents, agent_json(first[k], tokens[k]));
    free(first);
    free(tokens);
}

static void add_verdict(json_t *root, const struct cs_report_input *in)
{
    const struct cs_verdict *v = in->verdict;
    json_t *purposes = json_object();
    json_t *agents = json_array();
    json_t *queried = json_array();

    for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
        json_object_set_new(purposes, cs_purpose_name(p), purpose_json(v, p));
        if (in->queried & (1u << p))
            json_array_append_new(queried, json_string(cs_purpose_name(p)));
    }
    add_agent_groups(agents, v);
    json_object_set_new(root, "purposes", purposes);
    json_object_set_new(root, "agents", agents);
    json_object_set_new(root, "queried_purposes", queried);
    json_object_set_new(root, "flagged", json_boolean(cs_verdict_flagged(v, in->queried)));
}

char *cs_report_json(const struct cs_report_input *in)
{
    json_t *root = json_object();
    json_t *self = json_object();
    json_t *fetches = json_object();
    char *text;

    json_object_set_new(root, "input", str_or_null(in->input));
    json_object_set_new(root, "url", str_or_null(in->url));
    json_object_set_new(root, "origin", str_or_null(in->origin));
    json_object_set_new(root, "checked_at", time_json(in->checked_at));
    json_object_set_new(root, "consentscan_version", json_string(CS_VERSION));
    json_object_set_new(root, "parser_version", json_string(CS_PARSER_VERSION));
    json_object_set_new(self, "token", str_or_null(in->self_token));
    json_object_set_new(self, "allowed", json_boolean(in->self_allowed));
    json_object_set_new(self, "line", in->self_line ? json_integer(in->self_line) : json_null());
    json_object_set_new(root, "self", self);
    json_object_set_new(fetches, "robots.txt", fetch_json(&in->robots));
    json_object_set_new(fetches, "work", fetch_json(&in->work));
    json_object_set_new(root, "fetches", fetches);
    add_verdict(root, in);
    /* keys come out in the fixed order they were added in (jansson keeps insertion order), so
     * the text is deterministic without the cost of sorting; export sorts for its canonical
     * form */
    text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    return text;
}
