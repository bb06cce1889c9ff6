/* SPDX-License-Identifier: MIT
 * robots_match.c - RFC 9309 2.2.1 group selection and 2.2.2 longest-match rule selection over a
 * parsed struct cs_robots, percent-encoding normalisation, and User-Agent token extraction.
 * Read-only on the parsed struct: safe from many threads at once.
 */
#include "cs_setup.h"

#include "robots_int.h"

#include <stdlib.h>
#include <string.h>

/* Paths up to this length are normalised on the stack. */
#define PATH_STACK 4096

static const char hexdig[] = "0123456789ABCDEF";

static int hex_val(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* RFC 3986 2.3 unreserved characters. */
static bool is_unreserved(unsigned c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

static size_t put_escape(char *out, size_t o, unsigned c)
{
    out[o++] = '%';
    out[o++] = hexdig[(c >> 4) & 15];
    out[o++] = hexdig[c & 15];
    return o;
}

/* One literal byte. Reading decisions (RFC 9309 2.2.2, signals.md 1.3):
 * - non-ASCII bytes, controls and space are %-encoded (UTF-8 octets of "ツ" -> %E3%83%84);
 * - after the first literal '?', ':' and '/' are data and are encoded (%3A, %2F), as in the RFC's
 *   example table (vector R36); '?', '=', '&' and the other sub-delimiters stay literal;
 * - in a pattern '*' is the wildcard and a final '$' the end anchor; a '$' anywhere else is a
 *   literal and compares as %24. In a path '*' and '$' are data: %2A and %24, so a pattern
 *   written with %2A / %24 matches them (RFC 9309 2.2.3). */
static size_t put_byte(char *out, size_t o, unsigned c, bool pattern, bool last, bool *query)
{
    if (c >= 0x80 || c <= 0x20 || c == 0x7F)
        return put_escape(out, o, c);
    if (c == '?' && !*query) {
        *query = true;
    } else if (*query && (c == ':' || c == '/')) {
        return put_escape(out, o, c);
    } else if (c == '*' && !pattern) {
        return put_escape(out, o, c);
    } else if (c == '$' && !(pattern && last)) {
        return put_escape(out, o, c);
    }
    out[o++] = (char)c;
    return o;
}

/* Escapes of unreserved characters are decoded (%7E -> '~'); other escapes keep their meaning
 * and get upper-case hex digits; a '%' not followed by two hex digits is kept as written. The
 * same function serves patterns and paths in both readings, so both sides compare alike. */
size_t cs_robots_normalise(const char *in, size_t n, char *out, bool pattern)
{
    size_t o = 0;
    size_t i;
    bool query = false;

    for (i = 0; i < n; i++) {
        if (in[i] == '%' && i + 2 < n && hex_val(in[i + 1]) >= 0 && hex_val(in[i + 2]) >= 0) {
            unsigned v = (unsigned)(hex_val(in[i + 1]) * 16 + hex_val(in[i + 2]));
            if (is_unreserved(v))
                out[o++] = (char)v;
            else
                o = put_escape(out, o, v);
            i += 2;
            continue;
        }
        o = put_byte(out, o, (unsigned char)in[i], pattern, i + 1 == n, &query);
    }
    return o;
}

/* Matches a normalised pattern against the start of a normalised path. '*' matches any run; a
 * final '$' requires the path to end there. Greedy with one backtrack point (the last '*'), so
 * the work is O(len(pat) * len(path)) at worst: no exponential blow-up on patterns such as
 * "/x*a*a*a*b". */
static bool glob_match(const char *pat, size_t m, const char *s, size_t n)
{
    bool anchored = m > 0 && pat[m - 1] == '$';
    size_t i = 0;
    size_t j = 0;
    size_t star = SIZE_MAX;
    size_t mark = 0;

    if (anchored)
        m--;
    while (i < n) {
        if (!anchored && j == m)
            return true;
        if (j < m && pat[j] == '*') {
            star = j++;
            mark = i;
        } else if (j < m && pat[j] == s[i]) {
            i++;
            j++;
        } else if (star != SIZE_MAX) {
            j = star + 1;
            i = ++mark;
        } else {
            return false;
        }
    }
    while (j < m && pat[j] == '*')
        j++;
    return j == m;
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool equal_ci(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

static size_t token_span(const char *s)
{
    size_t n = 0;

    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || s[n] == '-' ||
           s[n] == '_')
        n++;
    return n;
}

/* Case-insensitive order of (a, alen) and (b, blen): bytes, then length. */
static int cmp_ci(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;

    for (size_t i = 0; i < n; i++) {
        int d = (unsigned char)lower(a[i]) - (unsigned char)lower(b[i]);
        if (d)
            return d;
    }
    return alen < blen ? -1 : alen > blen;
}

static int cmp_name(const void *pa, const void *pb)
{
    const struct rb_name *a = pa;
    const struct rb_name *b = pb;
    int d = cmp_ci(a->name, a->len, b->name, b->len);

    if (d)
        return d;
    return a->group < b->group ? -1 : a->group > b->group;
}

static void add_name(struct rb_view *v, const char *name, size_t len, size_t group)
{
    v->names[v->nnames++] = (struct rb_name){ name, len, group };
}

/* RFC 9309 2.2.1: a group answers to its User-agent values, compared case-insensitively, never
 * as substring or prefix (GPTBot-Image does not name GPTBot). The lenient reading also answers
 * to a value's leading [A-Za-z_-] run ("GPTBot/1.0" names GPTBot, as Google's parser reads it).
 * Indexed once per parse, so each query is a binary search, not a scan of every agent line. */
static bool index_view(struct cs_robots *r, int mode)
{
    struct rb_view *v = &r->view[mode];

    v->names = malloc((2 * v->nagents + 1) * sizeof(*v->names));
    v->star_groups = malloc((v->ngroups + 1) * sizeof(*v->star_groups));
    if (!v->names || !v->star_groups)
        return false;
    for (size_t g = 0; g < v->ngroups; g++) {
        const struct rb_group *grp = &v->groups[g];
        bool star = false;
        for (size_t i = 0; i < grp->agent_cnt; i++) {
            const struct rb_rec *a = &r->recs[v->agents[grp->agent_off + i]];
            size_t len = strlen(a->value);
            size_t run = token_span(a->value);
            if (!a->usable[mode])
                continue;
            if (a->star[mode]) {
                star = true;
                continue;
            }
            if (len)
                add_name(v, a->value, len, g);
            if (mode == CS_ROBOTS_LENIENT && run && run != len)
                add_name(v, a->value, run, g);
        }
        if (star)
            v->star_groups[v->nstar++] = g;
    }
    qsort(v->names, v->nnames, sizeof(*v->names), cmp_name);
    return true;
}

void cs_robots_build_index(struct cs_robots *r)
{
    for (int m = 0; m < RB_MODES; m++) {
        if (!index_view(r, m))
            r->nomem = true;
    }
}

/* The first index entry for agent, and how many follow with the same name. */
static size_t find_names(const struct rb_view *v, const char *agent, size_t alen, size_t *count)
{
    size_t lo = 0;
    size_t hi = v->nnames;
    size_t first;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_ci(v->names[mid].name, v->names[mid].len, agent, alen) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    first = lo;
    while (lo < v->nnames && cmp_ci(v->names[lo].name, v->names[lo].len, agent, alen) == 0)
        lo++;
    *count = lo - first;
    return first;
}

/* RFC 9309 2.2.1: the groups naming the agent (merged), else the "*" groups, else none; agent
 * "*" evaluates the "*" group. Fills groups (ascending, no repeats: file order decides ties)
 * and returns how many; *kind says which. groups must hold ngroups entries. */
static size_t applied_groups(const struct rb_view *v, const char *agent, size_t *groups,
                             enum cs_robots_group *kind)
{
    size_t alen = strlen(agent);
    size_t count = 0;
    size_t first = 0;
    size_t n = 0;

    if (alen && strcmp(agent, "*") != 0)
        first = find_names(v, agent, alen, &count);
    for (size_t i = 0; i < count; i++) {
        size_t g = v->names[first + i].group; /* sorted by group within one name */
        size_t k = n;
        while (k > 0 && groups[k - 1] > g)
            k--;
        if (k > 0 && groups[k - 1] == g)
            continue;
        memmove(groups + k + 1, groups + k, (n - k) * sizeof(*groups));
        groups[k] = g;
        n++;
    }
    if (n) {
        *kind = CS_ROBOTS_GROUP_SPECIFIC;
        return n;
    }
    memcpy(groups, v->star_groups, v->nstar * sizeof(*groups));
    *kind = v->nstar ? CS_ROBOTS_GROUP_STAR : CS_ROBOTS_GROUP_NONE;
    return v->nstar;
}

/* A pattern that matches every path: "/", "*", "*$", or "/" followed by stars (and an optional
 * "$"). The empty pattern matches nothing. */
static bool pattern_all(const char *p, size_t n)
{
    size_t i = 0;
    size_t stars = 0;

    if (n == 0)
        return false;
    if (p[0] == '/')
        i = 1;
    while (i < n && p[i] == '*') {
        i++;
        stars++;
    }
    if (i == n)
        return n > 0 && (p[0] == '/' || stars > 0);
    return i + 1 == n && p[i] == '$' && stars > 0;
}

struct pick {
    const struct rb_rec *best;
    bool any_allow; /* a non-empty Allow is in force in the applied group */
    bool deny_all;  /* a Disallow matching every path is in force */
};

/* RFC 9309 2.2.2: the longest matching pattern (octets after normalisation, '*' and '$'
 * counted) wins; on equal length allow wins; an empty pattern matches nothing. Earlier lines
 * win among equals, so the cited line is stable. */
static void scan_rules(const struct cs_robots *r, const struct rb_view *v, const struct rb_group *g,
                       int mode, const char *path, size_t plen, struct pick *pk)
{
    size_t i;

    for (i = 0; i < g->rule_cnt; i++) {
        const struct rb_rec *rule = &r->recs[v->rules[g->rule_off + i]];
        bool allow = rule->kind[mode] == RB_ALLOW;

        if (!rule->usable[mode] || rule->pat_len == 0)
            continue;
        pk->any_allow = pk->any_allow || allow;
        pk->deny_all = pk->deny_all || (!allow && pattern_all(rule->pat, rule->pat_len));
        if (!glob_match(rule->pat, rule->pat_len, path, plen))
            continue;
        if (!pk->best || rule->pat_len > pk->best->pat_len ||
            (rule->pat_len == pk->best->pat_len && allow && pk->best->kind[mode] == RB_DISALLOW))
            pk->best = rule;
    }
}

static void decide(const struct cs_robots *r, int mode, const char *agent, const char *path,
                   size_t plen, size_t *groups, struct cs_robots_verdict *out)
{
    const struct rb_view *v = &r->view[mode];
    struct pick pk = { NULL, false, false };
    size_t n = applied_groups(v, agent, groups, &out->group);

    /* RFC 9309 2.2.2: "/robots.txt" is implicitly allowed. */
    out->always_allowed = plen == 11 && memcmp(path, "/robots.txt", 11) == 0;
    for (size_t i = 0; i < n; i++) {
        const struct rb_group *grp = &v->groups[groups[i]];
        if (out->group_line == 0)
            out->group_line = grp->line;
        scan_rules(r, v, grp, mode, path, plen, &pk);
    }
    out->group_disallows_all = pk.deny_all && !pk.any_allow;
    if (out->always_allowed || !pk.best)
        return;
    out->allowed = pk.best->kind[mode] == RB_ALLOW;
    out->line = pk.best->line;
    out->rule = pk.best->text;
}

/* A group list: on the stack for ordinary files, on the heap for files with many groups. */
#define GROUP_STACK 64

static size_t *group_buf(const struct cs_robots *r, int mode, size_t *stack)
{
    size_t n = r->view[mode].ngroups;

    return n <= GROUP_STACK ? stack : malloc(n * sizeof(size_t));
}

int cs_robots_check(const struct cs_robots *r, const char *agent, const char *path,
                    enum cs_robots_mode mode, struct cs_robots_verdict *out)
{
    char stack[3 * PATH_STACK];
    size_t gstack[GROUP_STACK];
    char *np = stack;
    size_t *groups;
    size_t plen;
    size_t nlen;

    if (!r || !agent || !path || !out || (unsigned)mode >= RB_MODES)
        return CS_E_INVALID;
    memset(out, 0, sizeof(*out));
    out->allowed = true;
    plen = strcspn(path, "#"); /* a fragment is never sent; ignore one if given */
    if (plen == 0) {
        path = "/";
        plen = 1;
    }
    if (plen > PATH_STACK) {
        np = plen < SIZE_MAX / 3 ? malloc(3 * plen) : NULL;
        if (!np)
            return CS_E_NOMEM;
    }
    groups = group_buf(r, (int)mode, gstack);
    if (groups) {
        nlen = cs_robots_normalise(path, plen, np, false);
        decide(r, (int)mode, agent, np, nlen, groups, out);
    }
    if (np != stack)
        free(np);
    if (groups != gstack)
        free(groups);
    return groups ? CS_OK : CS_E_NOMEM;
}

bool cs_robots_glob(const char *pat, size_t m, const char *s, size_t n)
{
    return glob_match(pat, m, s, n);
}

bool cs_robots_token_valid(const char *token)
{
    return token && token[0] && token[token_span(token)] == '\0';
}

/* RFC 9110 5.6.2 tchar. */
static bool is_tchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static size_t product_len(const char *p)
{
    size_t n = 0;

    while (is_tchar(p[n]))
        n++;
    return n;
}

static const char *find_ci(const char *s, const char *word)
{
    size_t n = strlen(word);

    for (; *s; s++) {
        if (equal_ci(s, word, n))
            return s;
    }
    return NULL;
}

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Bots announce themselves as "(compatible; Name/version; +url)": take that product when there
 * is one, else the leading product ("GPTBot/1.2", "curl/7.88.1"). */
int cs_robots_ua_token(const char *ua, char *out, size_t outlen)
{
    const char *p;
    size_t n = 0;

    if (!ua || !out || outlen == 0)
        return CS_E_INVALID;
    out[0] = '\0';
    p = find_ci(ua, "compatible;");
    if (p) {
        p = skip_space(p + 11);
        n = *p == '+' ? 0 : product_len(p);
    }
    if (n == 0) {
        p = skip_space(ua);
        n = product_len(p);
    }
    if (n == 0)
        return CS_E_NOTFOUND;
    if (n >= outlen)
        return CS_E_LIMIT;
    memcpy(out, p, n);
    out[n] = '\0';
    return CS_OK;
}

const char *cs_robots_group_ext(const struct cs_robots *r, const char *agent, const char *key)
{
    size_t gstack[GROUP_STACK];
    const char *found = NULL;
    enum cs_robots_group kind;
    size_t *groups;
    size_t n;

    if (!r || !agent || !key || !(groups = group_buf(r, CS_ROBOTS_LENIENT, gstack)))
        return NULL;
    n = applied_groups(&r->view[CS_ROBOTS_LENIENT], agent, groups, &kind);
    for (size_t i = 0; i < r->nexts && !found; i++) {
        const struct cs_robots_ext *e = &r->exts[i];
        if (e->group_index < 0 || strcmp(e->key, key) != 0)
            continue;
        for (size_t k = 0; k < n && !found; k++) {
            if (groups[k] == (size_t)e->group_index)
                found = e->value;
        }
    }
    if (groups != gstack)
        free(groups);
    return found;
}
