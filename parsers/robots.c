/* SPDX-License-Identifier: MIT
 * robots.c - robots.txt tokenizer (RFC 9309 2.1, 2.2): bytes -> records -> groups, once per
 * reading (lenient and strict), plus extension records and diagnostics. Matching lives in
 * robots_match.c.
 */
#include "cs_setup.h"

#include "robots_int.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK 65536

enum { LEN = CS_ROBOTS_LENIENT, STR = CS_ROBOTS_STRICT };

/* One line split into its parts. Pointers borrow from the input. */
struct parts {
    const char *raw; /* whole line, trimmed, comment kept: what the verdict cites */
    size_t raw_len;
    const char *key;
    size_t key_len; /* 0: the line is not "name: value" nor two words */
    const char *val;
    size_t val_len;
    bool colon;
};

/* Google's accepted misspellings of "disallow" (signals.md 1.5); lenient reading only. */
static const char *const disallow_typos[] = {
    "dissallow", "dissalow", "disalow", "diasllow", "disallaw",
};

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static char to_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool starts_ci(const char *s, size_t n, const char *prefix)
{
    size_t i;

    for (i = 0; prefix[i]; i++) {
        if (i >= n || to_lower(s[i]) != prefix[i])
            return false;
    }
    return true;
}

static bool equals_ci(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && starts_ci(s, n, word);
}

/* A record name other readers may rely on: letters, digits, '-', '_', '.'. Keeps HTML and prose
 * ("<p>Note: ...") from counting as records in a soft-404 page (signals.md 1.4). */
static bool name_valid(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.';
        if (!ok)
            return false;
    }
    return n > 0;
}

static void trim(const char **p, size_t *n)
{
    while (*n > 0 && is_ws(**p)) {
        (*p)++;
        (*n)--;
    }
    while (*n > 0 && is_ws((*p)[*n - 1]))
        (*n)--;
}

/* --- memory ------------------------------------------------------------------------------ */

static void *arena_alloc(struct cs_robots *r, size_t n)
{
    struct rb_chunk *c = r->arena;
    void *p;

    if (r->nomem)
        return NULL;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        c = malloc(sizeof(*c) + cap);
        if (!c) {
            r->nomem = true;
            return NULL;
        }
        c->cap = cap;
        c->used = 0;
        c->next = r->arena;
        r->arena = c;
    }
    p = c->data + c->used;
    c->used += n;
    return p;
}

static const char *arena_str(struct cs_robots *r, const char *s, size_t n, bool lower)
{
    char *p = arena_alloc(r, n + 1);
    size_t i;

    if (!p)
        return "";
    for (i = 0; i < n; i++)
        p[i] = lower ? to_lower(s[i]) : s[i];
    p[n] = '\0';
    return p;
}

/* Returns arr with room for one more element (used < *cap), possibly moved; NULL (arr left
 * intact, r->nomem set) on failure. The capacity doubles. */
static void *grow(struct cs_robots *r, void *arr, size_t *cap, size_t used, size_t elem)
{
    size_t ncap;
    void *p;

    if (r->nomem)
        return NULL;
    if (used < *cap)
        return arr;
    ncap = *cap ? *cap * 2 : 16;
    if (ncap > SIZE_MAX / elem) {
        r->nomem = true;
        return NULL;
    }
    p = realloc(arr, ncap * elem);
    if (!p) {
        r->nomem = true;
        return NULL;
    }
    *cap = ncap;
    return p;
}

/* --- diagnostics ------------------------------------------------------------------------- */

static void add_diag(struct cs_robots *r, int line, const char *fmt, ...) CS_PRINTF(3, 4);

/* Every tolerated malformation leaves a diagnostic (style.md 10.13), up to a cap so a garbage
 * file cannot grow the list without bound. */
static void add_diag(struct cs_robots *r, int line, const char *fmt, ...)
{
    struct cs_diag *d;
    va_list ap;

    if (r->ndiags >= CS_ROBOTS_MAX_DIAGS)
        return;
    d = grow(r, r->diags, &r->diags_cap, r->ndiags, sizeof(*d));
    if (!d)
        return;
    r->diags = d;
    d += r->ndiags++;
    d->line = line;
    d->code = CS_E_PARSE;
    if (r->ndiags == CS_ROBOTS_MAX_DIAGS) {
        snprintf(d->msg, sizeof(d->msg), "too many diagnostics; further ones dropped");
        return;
    }
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
    va_end(ap);
}

/* --- one line ---------------------------------------------------------------------------- */

/* Missing colon (Google leniency): exactly two whitespace-separated words. */
static void split_words(const char *p, size_t n, struct parts *lp)
{
    size_t i = 0;
    size_t j;
    size_t k;

    while (i < n && !is_ws(p[i]))
        i++;
    j = i;
    while (j < n && is_ws(p[j]))
        j++;
    if (j == n)
        return;
    for (k = j; k < n; k++) {
        if (is_ws(p[k]))
            return;
    }
    lp->key = p;
    lp->key_len = i;
    lp->val = p + j;
    lp->val_len = n - j;
}

/* Returns false for a blank or comment-only line. RFC 9309 2.2: '#' starts a comment. */
static bool split_line(const char *p, size_t n, struct parts *lp)
{
    const char *hash;
    const char *colon;

    memset(lp, 0, sizeof(*lp));
    trim(&p, &n);
    lp->raw = p;
    lp->raw_len = n;
    hash = memchr(p, '#', n);
    if (hash)
        n = (size_t)(hash - p);
    trim(&p, &n);
    if (n == 0)
        return false;
    colon = memchr(p, ':', n);
    if (!colon) {
        split_words(p, n, lp);
        return true;
    }
    /* "Sitemap https://x/s.xml", "Disallow /a:b": the first ':' belongs to the value. */
    split_words(p, n, lp);
    if (lp->key_len && colon > lp->val)
        return true;
    lp->colon = true;
    lp->key = p;
    lp->key_len = (size_t)(colon - p);
    trim(&lp->key, &lp->key_len);
    lp->val = colon + 1;
    lp->val_len = n - (size_t)(colon + 1 - p);
    trim(&lp->val, &lp->val_len);
    return true;
}

/* Lenient record names: Google's prefix rule and typo list. *odd is set when the name is not
 * the exact one, so the caller can leave a diagnostic. */
static enum rb_kind kind_lenient(const struct parts *lp, bool *odd)
{
    const char *k = lp->key;
    size_t n = lp->key_len;
    size_t i;

    *odd = false;
    if (starts_ci(k, n, "user-agent")) {
        *odd = n != 10;
        return RB_AGENT;
    }
    if (starts_ci(k, n, "useragent") || starts_ci(k, n, "user agent")) {
        *odd = true;
        return RB_AGENT;
    }
    if (starts_ci(k, n, "allow")) {
        *odd = n != 5;
        return RB_ALLOW;
    }
    if (starts_ci(k, n, "disallow")) {
        *odd = n != 8;
        return RB_DISALLOW;
    }
    for (i = 0; i < CS_ARRAY_LEN(disallow_typos); i++) {
        if (starts_ci(k, n, disallow_typos[i])) {
            *odd = true;
            return RB_DISALLOW;
        }
    }
    if (starts_ci(k, n, "sitemap") || starts_ci(k, n, "site-map"))
        return name_valid(k, n) ? RB_EXT : RB_NONE;
    /* Unknown names need their colon: "Not Found" in an HTML page is no record. */
    return lp->colon && name_valid(k, n) ? RB_EXT : RB_NONE;
}

/* RFC 9309 2.2: exact names, colon required. */
static enum rb_kind kind_strict(const struct parts *lp)
{
    if (!lp->colon || lp->key_len == 0)
        return RB_NONE;
    if (equals_ci(lp->key, lp->key_len, "user-agent"))
        return RB_AGENT;
    if (equals_ci(lp->key, lp->key_len, "allow"))
        return RB_ALLOW;
    if (equals_ci(lp->key, lp->key_len, "disallow"))
        return RB_DISALLOW;
    return name_valid(lp->key, lp->key_len) ? RB_EXT : RB_NONE;
}

static bool is_rule(int kind)
{
    return kind == RB_ALLOW || kind == RB_DISALLOW;
}

static bool token_valid_n(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_'))
            return false;
    }
    return n > 0;
}

/* Leaves a diagnostic for each leniency the lenient reading applied to this line. */
static void note_lenient(struct cs_robots *r, int line, const struct parts *lp,
                         const struct rb_rec *rec, bool odd)
{
    int k = rec->kind[LEN];
    int klen = (int)(lp->key_len > 40 ? 40 : lp->key_len);
    static const char *const names[] = { "", "user-agent", "allow", "disallow", "" };

    if (odd && k != RB_EXT)
        add_diag(r, line, "record name '%.*s' read as %s (lenient reading only)", klen, lp->key,
                 names[k]);
    if (!lp->colon && k != RB_NONE)
        add_diag(r, line, "missing ':' after '%.*s' accepted (lenient reading only)", klen,
                 lp->key);
    if (k == RB_EXT && starts_ci(lp->key, lp->key_len, "site-map"))
        add_diag(r, line, "record name '%.*s' read as sitemap (lenient reading only)", klen,
                 lp->key);
}

/* RFC 9309 2.2.1: a user-agent value is a product token ([A-Za-z_-]+) or "*". */
static void set_agent(struct cs_robots *r, int line, const struct parts *lp, struct rb_rec *rec)
{
    const char *v = lp->val;
    size_t n = lp->val_len;
    int vlen = (int)(n > 40 ? 40 : n);

    rec->star[LEN] = n >= 1 && v[0] == '*' && (n == 1 || is_ws(v[1]));
    rec->star[STR] = n == 1 && v[0] == '*';
    rec->usable[LEN] = n > 0;
    rec->usable[STR] = rec->star[STR] || token_valid_n(v, n);
    if (n == 0)
        add_diag(r, line, "empty user-agent value names no crawler");
    else if (rec->star[LEN] && !rec->star[STR])
        add_diag(r, line, "user-agent '%.*s' read as '*' (lenient reading only)", vlen, v);
    else if (rec->kind[STR] == RB_AGENT && !rec->usable[STR])
        add_diag(r, line,
                 "user-agent '%.*s' is not an RFC 9309 product token; the strict reading "
                 "matches no crawler with it",
                 vlen, v);
}

/* RFC 9309 2.2.2: a rule's path pattern starts with '/' or is empty. */
static void set_rule(struct cs_robots *r, int line, const struct parts *lp, struct rb_rec *rec)
{
    bool slash = lp->val_len == 0 || lp->val[0] == '/';
    int vlen = (int)(lp->val_len > 40 ? 40 : lp->val_len);
    char *pat;

    rec->usable[LEN] = true;
    rec->usable[STR] = slash;
    if (!slash)
        add_diag(r, line, "pattern '%.*s' does not start with '/' (lenient reading only)", vlen,
                 lp->val);
    pat = arena_alloc(r, 3 * lp->val_len + 1);
    if (!pat)
        return;
    rec->pat_len = cs_robots_normalise(lp->val, lp->val_len, pat, true);
    pat[rec->pat_len] = '\0';
    rec->pat = pat;
}

static void store_rec(struct cs_robots *r, const struct parts *lp, struct rb_rec *rec)
{
    struct rb_rec *recs;
    int m;

    for (m = 0; m < RB_MODES; m++) {
        if (rec->kind[m] == RB_EXT)
            rec->usable[m] = true;
        if (rec->kind[m] != RB_NONE && rec->usable[m])
            r->view[m].records++;
    }
    rec->text = arena_str(r, lp->raw, lp->raw_len, false);
    rec->value = arena_str(r, lp->val, lp->val_len, false);
    if (starts_ci(lp->key, lp->key_len, "site-map"))
        rec->key = "sitemap";
    else
        rec->key = arena_str(r, lp->key, lp->key_len, true);
    recs = grow(r, r->recs, &r->recs_cap, r->nrecs, sizeof(*recs));
    if (!recs)
        return;
    r->recs = recs;
    r->recs[r->nrecs++] = *rec;
}

static void classify(struct cs_robots *r, int line, const struct parts *lp)
{
    struct rb_rec rec;
    bool odd = false;

    memset(&rec, 0, sizeof(rec));
    rec.line = line;
    rec.group = -1;
    rec.kind[LEN] = (unsigned char)(lp->key_len ? kind_lenient(lp, &odd) : RB_NONE);
    rec.kind[STR] = (unsigned char)kind_strict(lp);
    if (rec.kind[LEN] == RB_NONE && rec.kind[STR] == RB_NONE) {
        add_diag(r, line, "line ignored: not a 'name: value' record");
        return;
    }
    note_lenient(r, line, lp, &rec, odd);
    if (rec.kind[LEN] == RB_AGENT || rec.kind[STR] == RB_AGENT)
        set_agent(r, line, lp, &rec);
    if (is_rule(rec.kind[LEN]) || is_rule(rec.kind[STR]))
        set_rule(r, line, lp, &rec);
    store_rec(r, lp, &rec);
}

static void parse_line(struct cs_robots *r, int line, const char *p, size_t n)
{
    const char *nul;
    struct parts lp;

    if (n > CS_ROBOTS_MAX_LINE) {
        add_diag(r, line, "line of %zu bytes cut to %d bytes", n, CS_ROBOTS_MAX_LINE);
        n = CS_ROBOTS_MAX_LINE;
    }
    nul = memchr(p, '\0', n);
    if (nul) {
        add_diag(r, line, "NUL byte at column %zu; rest of line ignored", (size_t)(nul - p) + 1);
        n = (size_t)(nul - p);
    }
    if (split_line(p, n, &lp))
        classify(r, line, &lp);
}

/* RFC 9309 2.2: lines end with CR, LF or CRLF. */
static void parse_lines(struct cs_robots *r, const char *p, size_t n)
{
    size_t i = 0;
    int line = 0;

    while (i < n && !r->nomem) {
        size_t start = i;

        while (i < n && p[i] != '\n' && p[i] != '\r')
            i++;
        if (line == INT_MAX - 1) {
            add_diag(r, line, "too many lines; rest of file ignored");
            return;
        }
        parse_line(r, ++line, p + start, i - start);
        if (i + 1 < n && p[i] == '\r' && p[i + 1] == '\n')
            i++;
        i++;
    }
}

/* --- groups ------------------------------------------------------------------------------ */

static void start_group(struct cs_robots *r, struct rb_view *v, int line)
{
    struct rb_group *g;

    g = grow(r, v->groups, &v->groups_cap, v->ngroups, sizeof(*g));
    if (!g)
        return;
    v->groups = g;
    g += v->ngroups++;
    g->line = line;
    g->agent_off = v->nagents;
    g->agent_cnt = 0;
    g->rule_off = v->nrules;
    g->rule_cnt = 0;
}

static void push_index(struct cs_robots *r, size_t **arr, size_t *n, size_t *cap, size_t idx)
{
    size_t *p = grow(r, *arr, cap, *n, sizeof(*p));

    if (!p)
        return;
    *arr = p;
    p[(*n)++] = idx;
}

static void orphan_rule(struct cs_robots *r, int mode, struct rb_rec *rec)
{
    if (mode == LEN) {
        rec->orphan = true;
        add_diag(r, rec->line, "rule before any user-agent line ignored (RFC 9309 2.1)");
    } else if (!rec->orphan) {
        add_diag(r, rec->line, "rule before any user-agent line ignored by the strict reading");
    }
}

/* RFC 9309 2.1: a group is one or more user-agent lines then rules; it ends at a user-agent
 * line that follows a rule. Other records (sitemap, crawl-delay, content-usage, ...) do not end
 * it. Unusable agent lines and rules keep their place so the group boundaries stay where the
 * author put them. */
static void build_view(struct cs_robots *r, int mode)
{
    struct rb_view *v = &r->view[mode];
    bool in_rules = true;
    size_t i;

    for (i = 0; i < r->nrecs && !r->nomem; i++) {
        struct rb_rec *rec = &r->recs[i];
        int k = rec->kind[mode];

        if (k == RB_AGENT) {
            if (in_rules)
                start_group(r, v, rec->line);
            in_rules = false;
            push_index(r, &v->agents, &v->nagents, &v->agents_cap, i);
            if (v->ngroups)
                v->groups[v->ngroups - 1].agent_cnt++;
        } else if (is_rule(k) && v->ngroups == 0) {
            orphan_rule(r, mode, rec);
        } else if (is_rule(k)) {
            in_rules = true;
            push_index(r, &v->rules, &v->nrules, &v->rules_cap, i);
            v->groups[v->ngroups - 1].rule_cnt++;
        }
        if (mode == LEN)
            rec->group = (int)v->ngroups - 1;
    }
}

/* style.md 10.7: keep unknown records with their line and group for later signals. */
static void collect_ext(struct cs_robots *r)
{
    size_t i;
    size_t n = 0;

    for (i = 0; i < r->nrecs; i++)
        n += r->recs[i].kind[LEN] == RB_EXT;
    if (n == 0)
        return;
    r->exts = calloc(n, sizeof(*r->exts));
    if (!r->exts) {
        r->nomem = true;
        return;
    }
    for (i = 0; i < r->nrecs; i++) {
        const struct rb_rec *rec = &r->recs[i];
        struct cs_robots_ext *e;

        if (rec->kind[LEN] != RB_EXT)
            continue;
        e = &r->exts[r->nexts++];
        e->line = rec->line;
        e->group_index = rec->group;
        e->key = rec->key;
        e->value = rec->value;
    }
}

/* --- public ------------------------------------------------------------------------------ */

/* RFC 9309 2.5: parse at least 500 KiB; past the cap keep only complete lines. */
static size_t cap_input(struct cs_robots *r, const char *buf, size_t len,
                        const struct cs_robots_opts *opts)
{
    size_t cut;

    if (!opts || opts->max_bytes == 0 || len <= opts->max_bytes)
        return len;
    r->truncated = true;
    cut = opts->max_bytes;
    while (cut > 0 && buf[cut - 1] != '\n' && buf[cut - 1] != '\r')
        cut--;
    add_diag(r, 0, "input of %zu bytes truncated to %zu bytes (max_bytes %zu)", len, cut,
             opts->max_bytes);
    return cut;
}

/* A UTF-8 byte order mark, even a partial one, is skipped (as Google's parser does). */
static size_t bom_len(const char *p, size_t n)
{
    static const unsigned char bom[3] = { 0xEF, 0xBB, 0xBF };
    size_t k = 0;

    while (k < 3 && k < n && (unsigned char)p[k] == bom[k])
        k++;
    return k;
}

int cs_robots_parse(const char *buf, size_t len, const struct cs_robots_opts *opts,
                    struct cs_robots **out, struct cs_diag *diag)
{
    struct cs_robots *r;
    size_t skip;

    if (!out)
        return CS_E_INVALID;
    *out = NULL;
    if (!buf && len)
        return CS_E_INVALID;
    if (!buf)
        buf = "";
    r = calloc(1, sizeof(*r));
    if (!r)
        return CS_E_NOMEM;
    len = cap_input(r, buf, len, opts);
    skip = bom_len(buf, len);
    if (skip == 1 || skip == 2)
        add_diag(r, 1, "partial UTF-8 byte order mark skipped");
    parse_lines(r, buf + skip, len - skip);
    build_view(r, LEN);
    build_view(r, STR);
    if (!r->nomem)
        collect_ext(r);
    if (!r->nomem)
        cs_robots_build_index(r);
    if (r->nomem) {
        cs_robots_free(r);
        return CS_E_NOMEM;
    }
    if (r->ndiags)
        cs_diag_set(diag, r->diags[0].line, r->diags[0].code, "%s", r->diags[0].msg);
    *out = r;
    return CS_OK;
}

void cs_robots_free(struct cs_robots *r)
{
    int m;

    if (!r)
        return;
    while (r->arena) {
        struct rb_chunk *next = r->arena->next;
        free(r->arena);
        r->arena = next;
    }
    for (m = 0; m < RB_MODES; m++) {
        free(r->view[m].groups);
        free(r->view[m].agents);
        free(r->view[m].rules);
        free(r->view[m].names);
        free(r->view[m].star_groups);
    }
    free(r->recs);
    free(r->exts);
    free(r->diags);
    free(r);
}

bool cs_robots_truncated(const struct cs_robots *r)
{
    return r && r->truncated;
}

size_t cs_robots_record_count(const struct cs_robots *r, enum cs_robots_mode mode)
{
    if (!r || (unsigned)mode >= RB_MODES)
        return 0;
    return r->view[mode].records;
}

size_t cs_robots_group_count(const struct cs_robots *r)
{
    return r ? r->view[LEN].ngroups : 0;
}

size_t cs_robots_ext_count(const struct cs_robots *r)
{
    return r ? r->nexts : 0;
}

const struct cs_robots_ext *cs_robots_ext_get(const struct cs_robots *r, size_t i)
{
    return r && i < r->nexts ? &r->exts[i] : NULL;
}

size_t cs_robots_diag_count(const struct cs_robots *r)
{
    return r ? r->ndiags : 0;
}

const struct cs_diag *cs_robots_diag_get(const struct cs_robots *r, size_t i)
{
    return r && i < r->ndiags ? &r->diags[i] : NULL;
}
