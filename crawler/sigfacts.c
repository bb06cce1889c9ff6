/* SPDX-License-Identifier: MIT
 * sigfacts.c - the further signal families as verdict facts (issue 5; signals.md 12.1, 12.2).
 */
#include "cs_setup.h"

#include "sigfacts.h"

#include "aipref.h"
#include "aitxt.h"
#include "c2pa.h"
#include "cs_sigmap.h"
#include "cs_str.h"
#include "hostfile.h"
#include "judge.h"
#include "registry.h"
#include "robots_usage.h"
#include "rsl.h"
#include "tdmrep.h"
#include "xmp.h"
#include "xrobots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void *own(struct cs_sigfacts *f, void *p)
{
    if (!p)
        return NULL;
    if (f->nowned == f->capowned) {
        size_t cap = f->capowned ? f->capowned * 2 : 16;
        void **n = realloc(f->owned, cap * sizeof(*n));
        if (!n) {
            free(p);
            return NULL;
        }
        f->owned = n;
        f->capowned = cap;
    }
    f->owned[f->nowned++] = p;
    return p;
}

static const char *own_str(struct cs_sigfacts *f, const char *s)
{
    return s ? own(f, cs_strdup(s)) : NULL;
}

const char *cs_sigfacts_keep(struct cs_sigfacts *f, const char *s)
{
    return own_str(f, s);
}

/* An evidence source: where the signal was read. */
static const struct cs_verdict_source *source(struct cs_sigfacts *f, const char *url, int status,
                                              int64_t at, const char *error)
{
    struct cs_verdict_source *s = own(f, calloc(1, sizeof(*s)));

    if (!s)
        return NULL;
    s->url = own_str(f, url);
    s->http_status = status;
    s->fetched_at = at;
    s->error = own_str(f, error);
    return s;
}

static const struct cs_verdict_source *file_source(struct cs_sigfacts *f,
                                                   const struct cs_hostfile_record *rec)
{
    return source(f, rec->final_url ? rec->final_url : rec->origin, rec->http_status,
                  rec->fetched_at, rec->error);
}

static struct cs_verdict_fact *push(struct cs_sigfacts *f)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        struct cs_verdict_fact *n = realloc(f->v, cap * sizeof(*n));
        if (!n)
            return NULL;
        f->v = n;
        f->cap = cap;
    }
    memset(&f->v[f->n], 0, sizeof(f->v[0]));
    return &f->v[f->n++];
}

static int add(struct cs_sigfacts *f, enum cs_signal sig, const char *agent, const char *value,
               const char *text, int line, const struct cs_verdict_source *src)
{
    struct cs_verdict_fact *x = push(f);

    if (!x || !src)
        return CS_E_NOMEM;
    x->signal = sig;
    x->agent = agent ? own_str(f, agent) : NULL;
    cs_sigmap_purposes(sig, value, f->broad, &x->deny, &x->allow);
    x->line = line;
    x->text = own_str(f, text ? text : value);
    x->src = src;
    if ((agent && !x->agent) || !x->text)
        return CS_E_NOMEM;
    return CS_OK;
}

static int unknown(struct cs_sigfacts *f, enum cs_signal sig, const char *why,
                   const struct cs_verdict_source *src)
{
    struct cs_verdict_fact *x = push(f);

    if (!x || !src)
        return CS_E_NOMEM;
    x->signal = sig;
    x->unknown = true;
    x->text = own_str(f, why);
    x->src = src;
    return x->text ? CS_OK : CS_E_NOMEM;
}

/* A host file that could not be read is UNKNOWN for its family (signals.md 1.4: never an
 * opt-out); an absent one (4xx) means the origin does not use it (3.10 D13). Returns the body
 * to parse, or NULL. */
static const struct cs_hostfile_record *readable(struct cs_sigfacts *f, const struct cs_site *s,
                                                 int kind, enum cs_signal sig, int *rc)
{
    const struct cs_hostfile_record *rec = s->file[kind];
    char why[320];

    *rc = CS_OK;
    if (!rec || strcmp(rec->outcome, "unavailable") == 0)
        return NULL;
    if (strcmp(rec->outcome, "ok") == 0)
        return rec;
    snprintf(why, sizeof(why), "%s %s: %s", cs_hostfile_kinds[kind].name, rec->outcome,
             rec->error ? rec->error : "error");
    *rc = unknown(f, sig, why, file_source(f, rec));
    return NULL;
}

/* signals.md 4.6: Bing reads noarchive / nocache as its training reservation; both present
 * count as nocache, the less restrictive (Bing's stated exception to most-restrictive). */
static int add_bing(struct cs_sigfacts *f, const struct cs_xrobots *x, bool amazon,
                    const struct cs_verdict_source *src)
{
    unsigned fl = x ? cs_xrobots_flags_for(x, "bingbot") : 0;
    const char *v = (fl & CS_XR_NOCACHE) ? "nocache" : (fl & CS_XR_NOARCHIVE) ? "noarchive" : NULL;
    int rc = v ? add(f, CS_SIGNAL_BING, "bingbot", v, NULL, 0, src) : CS_OK;

    /* ai.robots.txt's note that Amazonbot reads noarchive alike is unverified: a labelled
     * mapping, only on request (--amazon-noarchive) */
    if (rc == CS_OK && amazon && x && (cs_xrobots_flags_for(x, "Amazonbot") & CS_XR_NOARCHIVE))
        rc = add(f, CS_SIGNAL_BING, "Amazonbot", "amazon:noarchive",
                 "noarchive (read as Amazon's, unverified)", 0, src);
    return rc;
}

/* ---- TDMRep: file < header < HTML < embedded, an absent value never resets (3.6) ---- */

enum { T_FILE, T_HEADER, T_HTML, T_EMBEDDED, T__COUNT };

static const char *const tdm_where[T__COUNT] = { "tdmrep.json", "header", "html meta",
                                                 "embedded metadata" };

static int tdm_file(const struct cs_sigfacts_input *in, struct cs_tdm_signal *sig)
{
    return in->site->tdmrep
               ? cs_tdmrep_file_match(in->site->tdmrep, in->path, strlen(in->path), sig)
               : CS_OK;
}

static int tdm_collect(const struct cs_sigfacts_input *in, const struct cs_xmp *xmp,
                       struct cs_tdm_signal sig[T__COUNT], struct cs_tdm_diags *d)
{
    const struct cs_response *r = &in->work->resp;
    int rc = tdm_file(in, &sig[T_FILE]);

    for (size_t i = 0; rc == CS_OK && in->work->read && i < r->header_count; i++)
        rc = cs_tdmrep_header(&sig[T_HEADER], r->headers[i].name, r->headers[i].value,
                              strlen(r->headers[i].value), (int)i + 1, d);
    for (size_t i = 0; rc == CS_OK && i < in->meta_count; i++)
        rc = cs_tdmrep_header(&sig[T_HTML], in->metas[i].name, in->metas[i].content,
                              strlen(in->metas[i].content), in->metas[i].line, d);
    if (rc == CS_OK && xmp && xmp->tdm_reservation)
        rc = cs_tdmrep_header(&sig[T_EMBEDDED], "tdm-reservation", xmp->tdm_reservation,
                              strlen(xmp->tdm_reservation), 0, d);
    if (rc == CS_OK && xmp && xmp->tdm_policy)
        rc = cs_tdmrep_header(&sig[T_EMBEDDED], "tdm-policy", xmp->tdm_policy,
                              strlen(xmp->tdm_policy), 0, d);
    return rc;
}

/* What check read of the policy (D11), when it is the one TDMRep's priority kept. */
static const char *policy_note(const struct cs_sigfacts_input *in, const struct cs_tdm_result *res)
{
    const struct cs_work *w = in->work;

    if (!res->policy || !w->tdm_policy_url || !w->tdm_policy_note ||
        strcmp(res->policy, w->tdm_policy_url) != 0)
        return NULL;
    return w->tdm_policy_note;
}

static int tdm_fact(struct cs_sigfacts *f, const struct cs_sigfacts_input *in,
                    struct cs_tdm_signal sig[T__COUNT], const struct cs_tdm_result *res)
{
    int t = (int)res->technique - CS_TDM_FILE;
    const struct cs_hostfile_record *rec = in->site->file[CS_HOSTFILE_TDMREP];
    char text[320], was[96] = "";
    int rc;

    if (t < 0 || t >= T__COUNT)
        return CS_OK;
    snprintf(text, sizeof(text), "tdm-reservation: %d (%s)%s%.160s%s%.100s", res->reservation,
             tdm_where[t], res->policy ? "; tdm-policy: " : "", res->policy ? res->policy : "",
             policy_note(in, res) ? "; policy says: " : "",
             policy_note(in, res) ? policy_note(in, res) : "");
    for (int k = 0; k < t && !was[0]; k++) {
        if (sig[k].reservation >= 0 && sig[k].reservation != res->reservation)
            snprintf(was, sizeof(was), "%s %d", tdm_where[k], sig[k].reservation);
    }
    rc = add(f, CS_SIGNAL_TDMREP, NULL, res->reservation ? "1" : "0", text,
             t == T_FILE ? sig[T_FILE].where + 1 : sig[t].where,
             t == T_FILE ? file_source(f, rec) : in->work_src);
    if (rc == CS_OK && was[0] && !(f->v[f->n - 1].overrode = own_str(f, was)))
        rc = CS_E_NOMEM;
    return rc;
}

static int add_tdmrep(struct cs_sigfacts *f, const struct cs_sigfacts_input *in,
                      const struct cs_xmp *xmp)
{
    struct cs_tdm_signal sig[T__COUNT];
    struct cs_tdm_diags d = { 0 };
    struct cs_tdm_result res = { .reservation = -1 };
    int rc;

    for (int k = 0; k < T__COUNT; k++)
        cs_tdm_signal_init(&sig[k]);
    rc = tdm_collect(in, xmp, sig, &d);
    if (rc == CS_OK)
        rc = cs_tdmrep_resolve(&sig[T_FILE], &sig[T_HEADER], &sig[T_HTML], &sig[T_EMBEDDED], &res,
                               &d);
    if (rc == CS_OK && res.reservation >= 0)
        rc = tdm_fact(f, in, sig, &res);
    else if (rc == CS_OK && in->site->unparsed[CS_HOSTFILE_TDMREP]) /* nothing else said */
        rc = unknown(f, CS_SIGNAL_TDMREP,
                     in->site->file[CS_HOSTFILE_TDMREP]->truncated
                         ? "tdmrep.json not read: longer than its size cap"
                         : "tdmrep.json not read: out of memory",
                     file_source(f, in->site->file[CS_HOSTFILE_TDMREP]));
    else if (rc == CS_OK) /* nothing said: only a file that could not be read is UNKNOWN */
        readable(f, in->site, CS_HOSTFILE_TDMREP, CS_SIGNAL_TDMREP, &rc);
    cs_tdm_result_release(&res);
    for (int k = 0; k < T__COUNT; k++)
        cs_tdm_signal_release(&sig[k]);
    return rc;
}

/* ---- Spawning ai.txt (5.1): for the work's path and media type ---- */

static const char *media_type(const struct cs_work *w, char *buf, size_t len)
{
    const char *ct = w->read ? cs_response_header(&w->resp, "content-type", 0) : NULL;
    size_t n;

    if (!ct)
        return NULL;
    while (*ct == ' ')
        ct++;
    n = strcspn(ct, "; ");
    snprintf(buf, len, "%.*s", (int)(n < len ? n : len - 1), ct);
    return buf;
}

static int aitxt_fact(struct cs_sigfacts *f, const struct cs_aitxt_verdict *v, const char *agent,
                      const struct cs_verdict_source *src)
{
    char text[240];

    if (v->allowed < 0)
        return CS_OK;
    snprintf(text, sizeof(text), "%.200s%s", v->rule ? v->rule : "no rule matched",
             v->by_media_type ? " (by media type)" : "");
    return add(f, CS_SIGNAL_AITXT, agent, v->allowed ? "allow" : "disallow", text, v->line, src);
}

/* One fact for every agent when they all read the same; else one per agent (a group of its
 * own that differs from "*"). */
static int add_aitxt(struct cs_sigfacts *f, const struct cs_sigfacts_input *in)
{
    int rc;
    const struct cs_hostfile_record *rec =
        readable(f, in->site, CS_HOSTFILE_AITXT, CS_SIGNAL_AITXT, &rc);
    const struct cs_aitxt *a = in->site->aitxt;
    struct cs_aitxt_verdict star, v;
    const struct cs_verdict_source *src;
    char buf[128] = "";
    const char *mt = media_type(in->work, buf, sizeof(buf));
    bool same = true;

    if (!rec || rc != CS_OK)
        return rc;
    src = file_source(f, rec);
    if (in->site->unparsed[CS_HOSTFILE_AITXT])
        return unknown(f, CS_SIGNAL_AITXT, "ai.txt could not be read (out of memory)", src);
    if (!a || cs_aitxt_format(a) != CS_AITXT_SPAWNING)
        return CS_OK; /* not Spawning's format (an HTML page, a context file): no signal */
    rc = cs_aitxt_check(a, "*", in->path, mt, &star);
    for (size_t i = 0; rc == CS_OK && same && i < in->agent_count; i++) {
        rc = cs_aitxt_check(a, in->agents[i].token, in->path, mt, &v);
        same = v.allowed == star.allowed && v.line == star.line;
    }
    if (rc == CS_OK && same)
        return aitxt_fact(f, &star, NULL, src);
    for (size_t i = 0; rc == CS_OK && i < in->agent_count; i++) {
        rc = cs_aitxt_check(a, in->agents[i].token, in->path, mt, &v);
        if (rc == CS_OK)
            rc = aitxt_fact(f, &v, in->agents[i].token, src);
    }
    return rc;
}

/* ---- IETF AIPREF (6): the header, and the robots.txt rule per group and path ---- */

/* One fact per category stated: vocab-07's reading for train-ai and search, the labelled legacy
 * reading for the older labels still deployed (12.3 #11). */
static int aipref_facts(struct cs_sigfacts *f, enum cs_signal sig, const char *agent,
                        const struct cs_aipref *ap, const char *raw, int line,
                        const struct cs_verdict_source *src)
{
    int rc = CS_OK;

    if (ap->parse_error) {
        char why[240];
        snprintf(why, sizeof(why), "Content-Usage '%.60s' does not parse: %.140s", raw, ap->error);
        return unknown(f, sig, why, src);
    }
    for (int l = 0; rc == CS_OK && l < CS_AIPREF__COUNT; l++) {
        const struct cs_aipref_cat *c = &ap->cat[l];
        const struct cs_aipref_value *v = c->legacy_label ? &c->legacy : &c->current;
        char value[48], text[240];
        if (v->state == CS_AIPREF_UNKNOWN || !v->stated)
            continue;
        snprintf(value, sizeof(value), "%s=%s", cs_aipref_label_name(l),
                 v->state == CS_AIPREF_DISALLOW ? "n" : "y");
        snprintf(text, sizeof(text), "%.200s%s", raw, c->legacy_label ? " (legacy label)" : "");
        rc = add(f, sig, agent, value, text, line, src);
    }
    return rc;
}

/* signals.md 6.4: the header's field lines combine into one Dictionary (last value wins). */
static int add_content_usage(struct cs_sigfacts *f, const struct cs_sigfacts_input *in)
{
    const struct cs_response *r = &in->work->resp;
    const char *lines[16];
    size_t n = 0;
    struct cs_aipref ap;
    int rc;

    for (const char *v; n < CS_ARRAY_LEN(lines) && (v = cs_response_header(r, "content-usage", n));)
        lines[n++] = v;
    if (!n || !in->work->read)
        return CS_OK;
    rc = cs_aipref_read(lines, n, &ap);
    return rc == CS_OK
               ? aipref_facts(f, CS_SIGNAL_CONTENT_USAGE, NULL, &ap, lines[0], 0, in->work_src)
               : rc;
}

/* Whether robots.txt has a record named key at all: most do not, and then the per-agent
 * questions below are skipped. */
static bool robots_has(const struct cs_robots *r, const char *key)
{
    for (size_t i = 0; r && i < cs_robots_ext_count(r); i++) {
        if (strcmp(cs_robots_ext_get(r, i)->key, key) == 0)
            return true;
    }
    return false;
}

/* signals.md 6.5: the Content-Usage rule of the agent's groups that applies to the path. */
static int add_robots_usage(struct cs_sigfacts *f, const struct cs_sigfacts_input *in)
{
    const struct cs_robots *r = in->site->parsed;
    int rc = CS_OK;

    if (!robots_has(r, "content-usage"))
        return CS_OK;
    for (size_t i = 0; rc == CS_OK && i < in->agent_count; i++) {
        struct cs_robots_usage u;
        struct cs_aipref ap;
        const char *pref;
        rc = cs_robots_usage(r, in->agents[i].token, in->path, &u);
        if (rc != CS_OK || u.status != CS_RU_FOUND || u.n == 0)
            continue;
        pref = u.prefs[0].pref;
        rc = cs_aipref_read(&pref, 1, &ap);
        if (rc == CS_OK)
            rc = aipref_facts(f, CS_SIGNAL_ROBOTS_USAGE, in->agents[i].token, &ap, pref,
                              u.prefs[0].line, in->robots_src);
    }
    return rc;
}

/* ---- Cloudflare Content Signals (7): per key, in the agent's groups only (7.4) ---- */

static int csig_facts(struct cs_sigfacts *f, const char *agent, const struct cs_csig *c,
                      const struct cs_verdict_source *src)
{
    int rc = CS_OK;

    for (int k = 0; rc == CS_OK && k < CS_CSIG_NKEYS; k++) {
        char value[48];
        const char *raw = c->nlines ? c->lines[0].raw : "";
        if (c->val[k] == CS_CSIG_UNSET)
            continue;
        snprintf(value, sizeof(value), "%s=%s", cs_csig_key_name((enum cs_csig_key)k),
                 c->val[k] == CS_CSIG_NO ? "no" : "yes");
        rc = add(f, CS_SIGNAL_CONTENT_SIGNAL, agent, value, raw, c->val_line[k], src);
    }
    return rc;
}

static int add_content_signal(struct cs_sigfacts *f, const struct cs_sigfacts_input *in)
{
    const struct cs_robots *r = in->site->parsed;
    int rc = CS_OK;

    if (!robots_has(r, "content-signal"))
        return CS_OK;
    for (size_t i = 0; rc == CS_OK && i < in->agent_count; i++) {
        struct cs_robots_signal s;
        rc = cs_robots_content_signal(r, in->agents[i].token, &s);
        if (rc == CS_OK)
            rc = csig_facts(f, in->agents[i].token, &s.in_group, in->robots_src);
    }
    return rc;
}

/* ---- RSL (8): the licence document robots.txt names, for the work's URL ---- */

static const struct {
    enum cs_rsl_usage u;
    const char *name;
    bool umbrella; /* all > {ai-all, search}; ai-all > {ai-train, ai-input, ai-index} (8.2) */
} rsl_usages[] = {
    { CS_RSL_U_ALL, "all", true },
    { CS_RSL_U_AI_ALL, "ai-all", true },
    { CS_RSL_U_AI_TRAIN, "ai-train", false },
    { CS_RSL_U_AI_INPUT, "ai-input", false },
    { CS_RSL_U_AI_INDEX, "ai-index", false },
    { CS_RSL_U_SEARCH, "search", false },
};

static int rsl_facts(struct cs_sigfacts *f, const struct cs_rsl_content *c, const char *url,
                     const struct cs_verdict_source *src)
{
    int rc = CS_OK;

    for (size_t i = 0; rc == CS_OK && i < CS_ARRAY_LEN(rsl_usages); i++) {
        struct cs_rsl_answer a;
        const char *term;
        char value[48], text[240];
        cs_rsl_terms(c, rsl_usages[i].u, false, &a);
        term = a.term == CS_RSL_PROHIBITED   ? "prohibits"
               : a.term == CS_RSL_LICENSABLE ? "licensable"
               : a.term == CS_RSL_PERMITTED  ? "permits"
                                             : NULL;
        /* an umbrella token counts only where the licence names it: "not in a permits list"
         * is answered by the specific tokens, or permits: search alone would refuse search */
        if (!term || (rsl_usages[i].umbrella && a.basis != CS_RSL_BY_PROHIBITS &&
                      a.basis != CS_RSL_BY_PERMITS))
            continue;
        snprintf(value, sizeof(value), "%s:%s", term, rsl_usages[i].name);
        snprintf(text, sizeof(text), "%s %s (%s) for content '%.120s'", term, rsl_usages[i].name,
                 cs_rsl_basis_name(a.basis), c->url ? c->url : url);
        rc = add(f, CS_SIGNAL_RSL, NULL, value, text, a.license ? a.license->line : c->line, src);
    }
    return rc;
}

/* One RSL document for the work's URL (8.3): a refused or failed fetch, and a document that is
 * not RSL or was cut, are UNKNOWN with the reason (1.4: never an opt-out); an absent one (4xx)
 * says nothing. what names it in a reason; src_url is where it was read (its URL when the
 * record has none: a document not fetched). */
static int rsl_doc_facts(struct cs_sigfacts *f, const struct cs_sigfacts_input *in,
                         const char *what, const struct cs_hostfile_record *rec,
                         const struct cs_rsl *rsl, const char *error, const char *src_url)
{
    const struct cs_verdict_source *src;
    const struct cs_rsl_content *c;
    size_t matches = 0;
    char why[320];

    if (!rec || strcmp(rec->outcome, "unavailable") == 0)
        return CS_OK;
    src = source(f, rec->final_url ? rec->final_url : src_url, rec->http_status, rec->fetched_at,
                 rec->error);
    if (strcmp(rec->outcome, "ok") != 0) {
        snprintf(why, sizeof(why), "%s %s: %s", what, rec->outcome,
                 rec->error ? rec->error : "error");
        return unknown(f, CS_SIGNAL_RSL, why, src);
    }
    if (!rsl) {
        snprintf(why, sizeof(why), "RSL licence document unreadable: %.180s",
                 error[0] ? error : "out of memory");
        return unknown(f, CS_SIGNAL_RSL, why, src);
    }
    c = cs_rsl_match(rsl, in->work_src->url, &matches);
    return c ? rsl_facts(f, c, in->work_src->url, src) : CS_OK;
}

/* The document robots.txt's License: names, then those the work links to (8.1, 8.4 L8). */
static int add_rsl(struct cs_sigfacts *f, const struct cs_sigfacts_input *in)
{
    const struct cs_hostfile_record *rec = in->site->file[CS_HOSTFILE_RSL];
    int rc = rsl_doc_facts(f, in, cs_hostfile_kinds[CS_HOSTFILE_RSL].name, rec, in->site->rsl,
                           in->site->rsl_error, rec ? rec->origin : NULL);

    for (size_t i = 0; rc == CS_OK && i < in->rsl_linked_count; i++) {
        const struct cs_rsl_linked *d = &in->rsl_linked[i];
        rc = rsl_doc_facts(f, in, "linked rsl", d->rec, d->rsl, d->error, d->url);
    }
    return rc;
}

/* ---- Embedded metadata (9): IPTC plus:DataMining and CAWG training-mining ---- */

static int add_iptc(struct cs_sigfacts *f, const struct cs_xmp *x,
                    const struct cs_verdict_source *src)
{
    char text[240];

    if (x->dmi == CS_DMI_ABSENT)
        return CS_OK;
    snprintf(text, sizeof(text), "plus:DataMining %.180s%s", x->data_mining ? x->data_mining : "",
             x->dmi_noncanonical ? " (non-canonical)" : "");
    return add(f, CS_SIGNAL_IPTC, NULL, cs_dmi_code(x->dmi), text, 0, src);
}

static int add_c2pa(struct cs_sigfacts *f, const struct cs_c2pa *c,
                    const struct cs_verdict_source *src)
{
    int rc = CS_OK;

    if (!c->present)
        return CS_OK;
    if (!c->read && c->unread_reason) {
        char why[200];
        snprintf(why, sizeof(why), "C2PA manifest present but unread: %s", c->unread_reason);
        return add(f, CS_SIGNAL_C2PA, NULL, NULL, why, 0, src); /* reported, judged by nothing */
    }
    for (size_t i = 0; rc == CS_OK && i < c->entry_count; i++) {
        const struct cs_c2pa_entry *e = &c->entries[i];
        char value[96], text[240];
        snprintf(value, sizeof(value), "%s=%s", cs_c2pa_entry_kind(e),
                 e->use_raw ? e->use_raw : "");
        snprintf(text, sizeof(text), "%s: %s (signature %s)", e->name,
                 e->use_raw ? e->use_raw : "(no use)", c->signature ? c->signature : "unverified");
        rc = add(f, CS_SIGNAL_C2PA, NULL, value, text, 0, src);
    }
    return rc;
}

/* ---- Spawning's Do-Not-Train registry (5.2; vectors A9, A10) ---- */

static int add_registry(struct cs_sigfacts *f, const struct cs_sigfacts_input *in)
{
    const struct cs_work *w = in->work;
    const struct cs_verdict_source *src;

    if (!w->registry_asked || !in->registry_url)
        return CS_OK;
    src = source(f, in->registry_url, 0, 0, NULL);
    switch ((enum cs_reg_status)w->registry) {
    case CS_REG_OPTOUT:
        return add(f, CS_SIGNAL_REGISTRY, NULL, "opted-out", "optOut: the URL is listed", 0, src);
    case CS_REG_OPTIN:
        return add(f, CS_SIGNAL_REGISTRY, NULL, "opted-in", "optIn: the URL is listed", 0, src);
    case CS_REG_NONE:
        return CS_OK; /* not listed: says nothing */
    case CS_REG_UNKNOWN:
        break;
    }
    return unknown(f, CS_SIGNAL_REGISTRY,
                   w->registry_why[0] ? w->registry_why : "registry: no answer", src);
}

int cs_sigfacts_collect(const struct cs_sigfacts_input *in, struct cs_sigfacts *out)
{
    const struct cs_response *r = &in->work->resp;
    struct cs_xmp xmp;
    struct cs_c2pa c2pa;
    bool body = in->work->read && r->body && r->body_len;
    int rc;

    memset(out, 0, sizeof(*out));
    out->broad = in->broad;
    memset(&xmp, 0, sizeof(xmp));
    memset(&c2pa, 0, sizeof(c2pa));
    rc = body ? cs_xmp_scan(r->body, r->body_len, &xmp) : CS_OK;
    if (rc == CS_OK && body)
        rc = cs_c2pa_scan((const unsigned char *)r->body, r->body_len, &c2pa);
    if (rc == CS_OK) /* site level, then response, document and file level (12.1) */
        rc = add_robots_usage(out, in);
    if (rc == CS_OK)
        rc = add_content_signal(out, in);
    if (rc == CS_OK)
        rc = add_aitxt(out, in);
    if (rc == CS_OK)
        rc = add_rsl(out, in);
    if (rc == CS_OK)
        rc = add_tdmrep(out, in, body ? &xmp : NULL);
    if (rc == CS_OK && in->work->read)
        rc = add_content_usage(out, in);
    if (rc == CS_OK)
        rc = add_bing(out, in->hdr, in->amazon_noarchive, in->work_src);
    if (rc == CS_OK)
        rc = add_bing(out, in->meta, in->amazon_noarchive, in->work_src);
    if (rc == CS_OK && body)
        rc = add_iptc(out, &xmp, in->work_src);
    if (rc == CS_OK && body)
        rc = add_c2pa(out, &c2pa, in->work_src);
    if (rc == CS_OK) /* the registry last (12.1 step 5) */
        rc = add_registry(out, in);
    cs_xmp_release(&xmp);
    cs_c2pa_release(&c2pa);
    return rc == CS_E_NOMEM ? rc : CS_OK;
}

void cs_sigfacts_release(struct cs_sigfacts *f)
{
    for (size_t i = 0; i < f->nowned; i++)
        free(f->owned[i]);
    free(f->owned);
    free(f->v);
    memset(f, 0, sizeof(*f));
}
