/* SPDX-License-Identifier: MIT
 * print.c - terminal table for check results.
 */
#include "cs_setup.h"

#include "print.h"

#include "cs_clock.h"

#include <string.h>

#define MAX_GROUPS 4
#define MAX_NAMES  3

struct group {
    const struct cs_evidence *ev;
    const char *names[MAX_NAMES];
    size_t count;
};

static const char *stance_color(enum cs_stance s, bool color)
{
    if (!color)
        return "";
    switch (s) {
    case CS_STANCE_DISALLOW_FULL:
    case CS_STANCE_DISALLOW_PARTIAL:
        return "\033[31m";
    case CS_STANCE_UNKNOWN:
        return "\033[33m";
    case CS_STANCE_ALLOW_EXPLICIT:
        return "\033[32m";
    default:
        return "\033[2m";
    }
}

static void print_fetch(FILE *f, const char *label, const struct cs_report_fetch *r)
{
    char when[21] = "";

    if (r->fetched_at > 0)
        cs_clock_format(r->fetched_at, when);
    fprintf(f, "  %-12s ", label);
    if (r->http_status)
        fprintf(f, "HTTP %d ", r->http_status);
    fprintf(f, "%s", r->outcome ? r->outcome : "-");
    if (r->content_type)
        fprintf(f, ", %s", r->content_type);
    if (r->error)
        fprintf(f, " (%s)", r->error);
    if (r->truncated)
        fprintf(f, ", truncated at the size limit");
    if (r->no_records)
        fprintf(f, ", no valid records");
    if (when[0])
        fprintf(f, ", %s %s", r->from_cache ? "cached from" : "fetched", when);
    fputc('\n', f);
}

static bool same_rule(const struct cs_evidence *a, const struct cs_evidence *b)
{
    return a->signal == b->signal && a->line == b->line && cs_evidence_text_eq(a, b);
}

static size_t group_evidence(const struct cs_verdict *v, unsigned bit, struct group *g,
                             size_t *more)
{
    size_t n = 0;

    *more = 0;
    for (size_t i = 0; i < v->agent_count; i++) {
        for (int s = 0; s < CS_SIGNAL__COUNT; s++) {
            const struct cs_evidence *ev = &v->agents[i].sig[s];
            size_t k = 0;
            if (ev->result != CS_SR_DISALLOW || !(ev->purposes & bit))
                continue;
            while (k < n && !same_rule(g[k].ev, ev))
                k++;
            if (k == n && n == MAX_GROUPS) {
                (*more)++;
                continue;
            }
            if (k == n)
                g[n++] = (struct group){ .ev = ev };
            if (g[k].count < MAX_NAMES)
                g[k].names[g[k].count] = v->agents[i].token;
            g[k].count++;
        }
    }
    return n;
}

static void print_group(FILE *f, const struct group *g)
{
    fprintf(f, "      %s", cs_signal_name(g->ev->signal));
    if (g->ev->line)
        fprintf(f, " %s %d", g->ev->signal == CS_SIGNAL_XROBOTS ? "field" : "line", g->ev->line);
    if (g->ev->text)
        fprintf(f, " \"%s\"", g->ev->text);
    fprintf(f, " -> ");
    if (g->ev->all_agents && g->count > MAX_NAMES) {
        fprintf(f, "every agent (%zu)\n", g->count);
        return;
    }
    for (size_t i = 0; i < g->count && i < MAX_NAMES; i++)
        fprintf(f, "%s%s", i ? ", " : "", g->names[i]);
    if (g->count > MAX_NAMES)
        fprintf(f, " and %zu more", g->count - MAX_NAMES);
    fputc('\n', f);
}

static void print_purpose(FILE *f, const struct cs_verdict *v, int p, bool queried, bool color)
{
    const struct cs_purpose_result *pr = &v->purposes[CS_READING_LENIENT][p];
    const struct cs_purpose_result *st = &v->purposes[CS_READING_STRICT][p];
    struct group g[MAX_GROUPS];
    size_t more;
    size_t n = group_evidence(v, 1u << p, g, &more);

    fprintf(f, "%c %-12s %s%-17s%s %3zu/%-3zu agents", queried ? '*' : ' ', cs_purpose_name(p),
            stance_color(pr->stance, color), cs_stance_name(pr->stance), color ? "\033[0m" : "",
            pr->reserved, pr->considered);
    if (pr->reason[0])
        fprintf(f, "  %s", pr->reason);
    if (st->stance != pr->stance)
        fprintf(f, "  (strict RFC 9309 reading: %s)", cs_stance_name(st->stance));
    fputc('\n', f);
    for (size_t i = 0; i < n; i++)
        print_group(f, &g[i]);
    if (more)
        fprintf(f, "      and %zu more signals\n", more);
}

static void print_purposes(FILE *f, const char *label, unsigned bits)
{
    const char *sep = "";

    if (!bits)
        return;
    fprintf(f, " %s ", label);
    for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
        if (bits & (1u << p)) {
            fprintf(f, "%s%s", sep, cs_purpose_name(p));
            sep = ",";
        }
    }
}

/* The further signals as read, one line per reading (per-agent readings counted, not listed). */
static void print_signals(FILE *f, const struct cs_sigfacts *s)
{
    for (size_t i = 0; i < s->n; i++) {
        const struct cs_verdict_fact *x = &s->v[i];
        size_t same = 0;
        bool seen = false;
        for (size_t j = 0; j < s->n && !seen; j++) {
            if (cs_verdict_fact_same(&s->v[j], x)) {
                seen = j < i;
                same++;
            }
        }
        if (seen)
            continue;
        fprintf(f, "  %-22s %s%s%s", cs_signal_name(x->signal), x->unknown ? "unknown: " : "",
                x->text ? x->text : "", x->overrode ? " (supersedes " : "");
        if (x->overrode)
            fprintf(f, "%s)", x->overrode);
        print_purposes(f, "->", x->deny);
        print_purposes(f, "allows", x->allow);
        if (x->agent && same > 1)
            fprintf(f, " [%zu agents]", same);
        else if (x->agent)
            fprintf(f, " [%s]", x->agent);
        fputc('\n', f);
    }
}

static void print_extras(FILE *f, const struct cs_check_result *res)
{
    const struct cs_verdict *v = res->verdict;

    if (res->facts.n) {
        fputs("  signals:\n", f);
        print_signals(f, &res->facts);
    }
    for (size_t i = 0; i < v->conflict_count; i++)
        fprintf(f, "  conflict (%s): %s\n", cs_conflict_kind_name(v->conflicts[i].kind),
                v->conflicts[i].text);
    if (res->compat_count) {
        fputs("  other tools:", f);
        for (size_t i = 0; i < res->compat_count; i++)
            fprintf(f, "%s %s %s", i ? ";" : "", res->compat[i].key, res->compat[i].value);
        fputc('\n', f);
    }
}

void cs_print_result(FILE *f, const struct cs_check_result *res, unsigned queried,
                     bool only_queried, bool color)
{
    fprintf(f, "%s%s%s\n", color ? "\033[1m" : "", res->url, color ? "\033[0m" : "");
    print_fetch(f, "robots.txt", &res->robots);
    for (size_t i = 0; i < res->file_count; i++)
        print_fetch(f, res->files[i].name, &res->files[i].fetch);
    print_fetch(f, "work", &res->work);
    fprintf(f, "  %-12s %s", "consentscan",
            res->self_allowed ? "allowed by robots.txt" : "stays away (robots.txt)");
    if (res->self_line)
        fprintf(f, ", line %d", res->self_line);
    fputc('\n', f);
    for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
        if (!only_queried || (queried & (1u << p)))
            print_purpose(f, res->verdict, p, (queried & (1u << p)) != 0, color);
    }
    print_extras(f, res);
    fputc('\n', f);
}
