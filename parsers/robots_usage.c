/* SPDX-License-Identifier: MIT
 * robots_usage.c - AIPREF Content-Usage rules (signals.md 6.5), Cloudflare Content-Signal lines
 * (7.1, 7.4) and RSL License records (8.1) of a parsed robots.txt. Reads the records robots.c
 * kept (robots_int.h); the matcher is robots_match.c's.
 */
#include "cs_setup.h"

#include "robots_usage.h"

#include "robots_int.h"

#include <stdlib.h>
#include <string.h>

enum { LEN = CS_ROBOTS_LENIENT };

/* Patterns and paths up to this length are normalised on the stack. */
#define NORM_STACK 256

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* --- Content-Usage ----------------------------------------------------------------------- */

/* The tied rules at the longest matching path so far (signals.md 6.5). */
struct cu_pick {
    struct cs_ru_pref *prefs; /* CS_RU_MAX_TIED entries */
    size_t *n;
    bool *more;
    size_t best; /* normalised length of the kept rules' path */
};

/* One walk over the records for one (agent, path) question, or one agent's signals. */
struct cu_walk {
    const struct cs_robots *r;
    const char *agent;
    const char *path; /* normalised request path */
    size_t plen;
    bool specific;              /* some group names the agent: "*" groups are not selected */
    const struct rb_rec *crawl; /* deciding Allow/Disallow, NULL when none matched */
    struct cu_pick in, out;
    struct cs_robots_usage *res;  /* NULL: no Content-Usage question */
    struct cs_robots_signal *sig; /* NULL: no Content-Signal question */
    bool star_signal;             /* a "*" group not selected has a Content-Signal line */
    int err;
};

/* 6.5: "Content-Usage: [<path> ]<preference>": a value starting with '/' carries a path up to
 * the first SP/HTAB; the rest is the preference. No path = every path. */
static void split_cu(const struct rb_rec *rec, struct cs_ru_pref *p)
{
    const char *v = rec->value;

    p->line = rec->line;
    p->path = NULL;
    p->path_len = 0;
    if (v[0] == '/') {
        p->path = v;
        p->path_len = strcspn(v, " \t");
        v += p->path_len;
        while (is_blank(*v))
            v++;
    }
    p->pref = v;
}

/* Normalises the rule's path (RFC 9309 2.2.2, as Allow/Disallow) and matches it; *len gets the
 * normalised length. A rule without a path reads as "/". */
static int cu_matches(struct cu_walk *w, const struct cs_ru_pref *p, bool *hit, size_t *len)
{
    char stack[3 * NORM_STACK];
    const char *src = p->path ? p->path : "/";
    size_t n = p->path ? p->path_len : 1;
    char *buf = stack;

    if (n > NORM_STACK && !(buf = malloc(3 * n)))
        return CS_E_NOMEM;
    *len = cs_robots_normalise(src, n, buf, true);
    *hit = cs_robots_glob(buf, *len, w->path, w->plen);
    if (buf != stack)
        free(buf);
    return CS_OK;
}

static void offer(struct cu_pick *pk, const struct cs_ru_pref *p, size_t len)
{
    if (*pk->n == 0 || len > pk->best) {
        pk->best = len;
        *pk->n = 0;
        *pk->more = false;
    } else if (len < pk->best) {
        return;
    }
    if (*pk->n < CS_RU_MAX_TIED)
        pk->prefs[(*pk->n)++] = *p;
    else
        *pk->more = true;
}

static void consider_cu(struct cu_walk *w, const struct rb_rec *rec, struct cu_pick *pk)
{
    struct cs_ru_pref p;
    size_t len;
    bool hit;

    split_cu(rec, &p);
    if (w->err == CS_OK)
        w->err = cu_matches(w, &p, &hit, &len);
    if (w->err == CS_OK && hit)
        offer(pk, &p, len);
}

/* RFC 9309 2.2.2, as robots_match.c's scan_rules: longest pattern, allow on a tie, the earlier
 * line among equals; an empty pattern matches nothing. */
static void consider_rule(struct cu_walk *w, const struct rb_rec *rule)
{
    const struct rb_rec *b = w->crawl;
    bool allow = rule->kind[LEN] == RB_ALLOW;

    if (!rule->usable[LEN] || rule->pat_len == 0 ||
        !cs_robots_glob(rule->pat, rule->pat_len, w->path, w->plen))
        return;
    if (!b || rule->pat_len > b->pat_len ||
        (rule->pat_len == b->pat_len && allow && b->kind[LEN] == RB_DISALLOW))
        w->crawl = rule;
}

static bool is_cu(const struct rb_rec *rec)
{
    return rec->kind[LEN] == RB_EXT && strcmp(rec->key, "content-usage") == 0;
}

static bool agent_selects(const struct cu_walk *w, const struct rb_rec *rec)
{
    if (w->specific)
        return cs_robots_rec_names(rec, LEN, w->agent);
    return rec->usable[LEN] && rec->star[LEN];
}

static bool is_cs(const struct rb_rec *rec)
{
    return rec->kind[LEN] == RB_EXT && strcmp(rec->key, "content-signal") == 0;
}

/* A line of the selected groups, or (sel false) of a group not selected. */
static void in_group(struct cu_walk *w, const struct rb_rec *rec, bool sel, bool star)
{
    if (is_cu(rec)) {
        if (sel && w->res)
            consider_cu(w, rec, &w->in);
    } else if (is_cs(rec)) {
        if (sel && w->sig)
            cs_csig_add(&w->sig->in_group, rec->value, rec->line, rec->group);
        w->star_signal = w->star_signal || (!sel && star);
    } else if (sel && w->res) {
        consider_rule(w, rec);
    }
}

/* A line before any User-agent line: outside every group (6.7 P13, 7.4 C5). */
static void outside(struct cu_walk *w, const struct rb_rec *rec)
{
    if (is_cu(rec) && w->res)
        consider_cu(w, rec, &w->out);
    else if (is_cs(rec) && w->sig)
        cs_csig_add(&w->sig->outside, rec->value, rec->line, -1);
}

static void select_group(struct cu_walk *w, int group_line)
{
    enum cs_robots_group kind = w->specific ? CS_ROBOTS_GROUP_SPECIFIC : CS_ROBOTS_GROUP_STAR;

    if (w->res && w->res->group_line == 0) {
        w->res->group = kind;
        w->res->group_line = group_line;
    }
    if (w->sig)
        w->sig->group = kind;
}

/* The AI-use reading (robots_usage.h): the lenient reading where Content-Usage and
 * Content-Signal lines are rules, so a User-agent line after one starts the next group. */
static void walk(struct cu_walk *w)
{
    bool in_rules = true;
    bool started = false;
    bool sel = false;
    bool star = false;
    int group_line = 0;

    for (size_t i = 0; i < w->r->nrecs && w->err == CS_OK; i++) {
        const struct rb_rec *rec = &w->r->recs[i];
        int k = rec->kind[LEN];

        if (k == RB_AGENT) {
            if (in_rules) {
                in_rules = false;
                sel = star = false;
                group_line = rec->line;
            }
            started = true;
            star = star || (rec->usable[LEN] && rec->star[LEN]);
            if (!sel && agent_selects(w, rec)) {
                sel = true;
                select_group(w, group_line);
            }
        } else if (k == RB_ALLOW || k == RB_DISALLOW || is_cu(rec) || is_cs(rec)) {
            in_rules = true;
            if (started)
                in_group(w, rec, sel, star);
            else
                outside(w, rec);
        }
    }
}

static bool names_agent_anywhere(const struct cs_robots *r, const char *agent)
{
    for (size_t i = 0; i < r->nrecs; i++) {
        if (r->recs[i].kind[LEN] == RB_AGENT && cs_robots_rec_names(&r->recs[i], LEN, agent))
            return true;
    }
    return false;
}

static void finish_usage(const struct cu_walk *w, bool robots_txt, struct cs_robots_usage *out)
{
    out->crawl = robots_txt || !w->crawl || w->crawl->kind[LEN] == RB_ALLOW;
    out->crawl_line = robots_txt || !w->crawl ? 0 : w->crawl->line;
    if (out->n == 0)
        out->status = CS_RU_NONE;
    else
        out->status = out->crawl ? CS_RU_FOUND : CS_RU_NOT_CRAWLABLE;
}

int cs_robots_usage(const struct cs_robots *r, const char *agent, const char *path,
                    struct cs_robots_usage *out)
{
    char stack[3 * NORM_STACK];
    struct cu_walk w;
    size_t plen;
    char *np = stack;

    if (!r || !agent || !path || !out)
        return CS_E_INVALID;
    memset(out, 0, sizeof(*out));
    plen = strcspn(path, "#"); /* a fragment is never sent */
    if (plen == 0) {
        path = "/";
        plen = 1;
    }
    if (plen > NORM_STACK && !(np = plen < SIZE_MAX / 3 ? malloc(3 * plen) : NULL))
        return CS_E_NOMEM;
    memset(&w, 0, sizeof(w));
    w.r = r;
    w.agent = agent;
    w.path = np;
    w.plen = cs_robots_normalise(path, plen, np, false);
    w.specific = names_agent_anywhere(r, agent);
    w.res = out;
    w.in = (struct cu_pick){ out->prefs, &out->n, &out->more, 0 };
    w.out = (struct cu_pick){ out->outside, &out->n_outside, &out->outside_more, 0 };
    walk(&w);
    /* RFC 9309 2.2.2: "/robots.txt" is implicitly allowed. */
    finish_usage(&w, w.plen == 11 && memcmp(w.path, "/robots.txt", 11) == 0, out);
    if (np != stack)
        free(np);
    return w.err;
}

/* --- Content-Signal ---------------------------------------------------------------------- */

static const char *const key_names[CS_CSIG_NKEYS] = { "search", "ai-input", "ai-train" };

static const char *const use_names[] = { NULL, "immediate", "reference", "full" };

const char *cs_csig_key_name(enum cs_csig_key k)
{
    return (unsigned)k < CS_CSIG_NKEYS ? key_names[k] : "";
}

const char *cs_csig_use_name(enum cs_csig_use u)
{
    return (unsigned)u < CS_ARRAY_LEN(use_names) ? use_names[u] : NULL;
}

void cs_csig_init(struct cs_csig *acc)
{
    memset(acc, 0, sizeof(*acc));
}

/* Case-insensitive equality of (s, n) with word; *odd set when s is not all lower case. */
static bool word_is(const char *s, size_t n, const char *word, bool *odd)
{
    size_t i;

    if (strlen(word) != n)
        return false;
    for (i = 0; i < n; i++) {
        if (lower(s[i]) != word[i])
            return false;
    }
    for (i = 0; i < n; i++)
        *odd = *odd || s[i] != word[i];
    return true;
}

static void trim(const char **p, size_t *n)
{
    while (*n > 0 && is_blank(**p)) {
        (*p)++;
        (*n)--;
    }
    while (*n > 0 && is_blank((*p)[*n - 1]))
        (*n)--;
}

/* 7.4: most restrictive per key; a disagreement is flagged. */
static void merge_yes_no(struct cs_csig *acc, int k, enum cs_csig_val v, int line)
{
    if (acc->val[k] != CS_CSIG_UNSET && acc->val[k] != v)
        acc->flags |= CS_CSIG_F_CONFLICT;
    if (acc->val[k] == CS_CSIG_UNSET || (v == CS_CSIG_NO && acc->val[k] == CS_CSIG_YES)) {
        acc->val[k] = v;
        acc->val_line[k] = line;
    }
}

/* use=: the lowest level is the most restrictive. */
static void merge_use(struct cs_csig *acc, enum cs_csig_use u, int line)
{
    if (acc->use != CS_CSIG_USE_UNSET && acc->use != u)
        acc->flags |= CS_CSIG_F_CONFLICT;
    if (acc->use == CS_CSIG_USE_UNSET || u < acc->use) {
        acc->use = u;
        acc->use_line = line;
    }
}

static void keep_unknown(struct cs_csig *acc, const char *item, size_t n, int line)
{
    struct cs_csig_unknown *u;

    acc->flags |= CS_CSIG_F_UNKNOWN_KEY;
    if (acc->nunknown >= CS_CSIG_MAX_UNKNOWN) {
        acc->flags |= CS_CSIG_F_MORE;
        return;
    }
    u = &acc->unknown[acc->nunknown++];
    u->line = line;
    if (n >= sizeof(u->item))
        n = sizeof(u->item) - 1;
    memcpy(u->item, item, n);
    u->item[n] = '\0';
}

static void add_use(struct cs_csig *acc, const char *v, size_t vn, int line, bool *odd)
{
    for (int u = CS_CSIG_USE_IMMEDIATE; u <= CS_CSIG_USE_FULL; u++) {
        if (word_is(v, vn, use_names[u], odd)) {
            merge_use(acc, (enum cs_csig_use)u, line);
            return;
        }
    }
    acc->flags |= CS_CSIG_F_BAD_VALUE;
}

/* One "key=value" item (7.1): known keys take yes/no, use= a level; anything else is kept and
 * flagged, never read as a refusal. */
static void add_item(struct cs_csig *acc, const char *item, size_t n, int line)
{
    const char *eq = memchr(item, '=', n);
    const char *k = item;
    const char *v;
    size_t kn, vn;
    bool odd = false;

    if (!eq) {
        acc->flags |= CS_CSIG_F_SYNTAX;
        return;
    }
    kn = (size_t)(eq - item);
    v = eq + 1;
    vn = n - kn - 1;
    trim(&k, &kn);
    trim(&v, &vn);
    if (kn == 0) {
        acc->flags |= CS_CSIG_F_SYNTAX;
        return;
    }
    if (word_is(k, kn, "use", &odd)) {
        add_use(acc, v, vn, line, &odd);
    } else {
        int key = 0;
        while (key < CS_CSIG_NKEYS && !word_is(k, kn, key_names[key], &odd))
            key++;
        if (key == CS_CSIG_NKEYS)
            keep_unknown(acc, item, n, line);
        else if (word_is(v, vn, "yes", &odd))
            merge_yes_no(acc, key, CS_CSIG_YES, line);
        else if (word_is(v, vn, "no", &odd))
            merge_yes_no(acc, key, CS_CSIG_NO, line);
        else
            acc->flags |= CS_CSIG_F_BAD_VALUE;
    }
    if (odd)
        acc->flags |= CS_CSIG_F_CASE;
}

void cs_csig_add(struct cs_csig *acc, const char *value, int line, int group_index)
{
    const char *p = value;
    size_t items = 0;

    if (acc->nlines < CS_CSIG_MAX_LINES)
        acc->lines[acc->nlines] = (struct cs_csig_line){ line, group_index, value };
    else
        acc->flags |= CS_CSIG_F_MORE;
    acc->nlines++;
    while (*p) {
        size_t n = strcspn(p, ",");
        const char *item = p;
        size_t len = n;

        p += n + (p[n] == ',');
        trim(&item, &len);
        if (len == 0)
            continue;
        if (++items > CS_CSIG_MAX_ITEMS) {
            acc->flags |= CS_CSIG_F_MORE;
            return;
        }
        add_item(acc, item, len, line);
    }
}

int cs_robots_content_signal(const struct cs_robots *r, const char *agent,
                             struct cs_robots_signal *out)
{
    struct cu_walk w;

    if (!r || !agent || !out)
        return CS_E_INVALID;
    memset(out, 0, sizeof(*out));
    memset(&w, 0, sizeof(w));
    w.r = r;
    w.agent = agent;
    w.specific = names_agent_anywhere(r, agent);
    w.sig = out;
    walk(&w);
    /* 7.4, vector C4: the "*" group's signal is shadowed by the agent's own group. */
    if (w.specific && w.star_signal)
        out->in_group.flags |= CS_CSIG_F_SHADOWED;
    return CS_OK;
}

/* --- License ----------------------------------------------------------------------------- */

/* RFC 3986 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ':'. */
static bool has_scheme(const char *s)
{
    size_t i = 0;

    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
           (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.')
        i++;
    return s[i] == ':';
}

size_t cs_robots_licenses(const struct cs_robots *r, struct cs_robots_license *out, size_t cap)
{
    size_t n = 0;

    if (!r)
        return 0;
    for (size_t i = 0; i < r->nexts; i++) {
        const struct cs_robots_ext *e = &r->exts[i];
        if (strcmp(e->key, "license") != 0)
            continue;
        if (n < cap)
            out[n] = (struct cs_robots_license){ e->line, e->value, has_scheme(e->value) };
        n++;
    }
    return n;
}
