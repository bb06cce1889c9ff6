/* SPDX-License-Identifier: MIT
 * compat.c - other tools' readings of the same inputs (compat.h): img2dataset (signals.md 4.4),
 * datadiligence (4.3, 3.9), the Data Provenance Initiative's robots classifier (11.2, 11.4).
 */
#include "cs_setup.h"

#include "compat.h"

#include "robots_int.h"

#include <stdlib.h>
#include <string.h>

/* Python's str.strip() whitespace, ASCII part. */
static bool py_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void strip(const char **p, size_t *n)
{
    while (*n > 0 && py_space(**p)) {
        (*p)++;
        (*n)--;
    }
    while (*n > 0 && py_space((*p)[*n - 1]))
        (*n)--;
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool equal_ci(const char *a, size_t n, const char *b)
{
    size_t i;

    for (i = 0; i < n && b[i]; i++) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return i == n && b[i] == '\0';
}

static bool equal_cs(const char *a, size_t n, const char *b)
{
    return strlen(b) == n && memcmp(a, b, n) == 0;
}

/* --- img2dataset (signals.md 4.4) -------------------------------------------------------- */

/* A directive list "a, b, c": true when one trimmed directive is in set. Lower-casing then
 * comparing is cs_xrobots_directive's case-insensitive match. */
static bool i2d_directives(const char *p, size_t n, unsigned set)
{
    while (true) {
        const char *comma = memchr(p, ',', n);
        size_t len = comma ? (size_t)(comma - p) : n;
        const char *d = p;
        size_t dn = len;

        strip(&d, &dn);
        if ((cs_xrobots_directive(d, dn) & set) != 0)
            return true;
        if (!comma)
            return false;
        p = comma + 1;
        n -= len + 1;
    }
}

/* One field: the first ':' splits off an agent token, lower-cased but not trimmed. */
static bool i2d_field(const char *v, const char *token, unsigned set)
{
    const char *colon = strchr(v, ':');

    if (!colon)
        return i2d_directives(v, strlen(v), set);
    if (!token || !equal_ci(v, (size_t)(colon - v), token))
        return false;
    /* equal_ci lower-cases both sides; the token must itself be lower case to be equal to a
     * lower-cased prefix, as in img2dataset's comparison. */
    for (const char *t = token; *t; t++) {
        if (*t != lower(*t))
            return false;
    }
    return i2d_directives(colon + 1, strlen(colon + 1), set);
}

bool cs_compat_img2dataset(const char *const *xrt_values, size_t n, const char *token, unsigned set)
{
    if (!xrt_values || set == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (xrt_values[i] && i2d_field(xrt_values[i], token, set))
            return true;
    }
    return false;
}

/* --- datadiligence (signals.md 4.3, 3.9) ------------------------------------------------- */

static bool dd_refusing(const char *p, size_t n, bool respect_noindex)
{
    static const char *const base[] = { "noai", "noimageai" };
    static const char *const noindex[] = { "noindex", "none", "noimageindex" };

    strip(&p, &n);
    for (size_t i = 0; i < CS_ARRAY_LEN(base); i++) {
        if (equal_cs(p, n, base[i]))
            return true;
    }
    for (size_t i = 0; respect_noindex && i < CS_ARRAY_LEN(noindex); i++) {
        if (equal_cs(p, n, noindex[i]))
            return true;
    }
    return false;
}

/* "ua: value": exactly one ':' in the piece, both sides trimmed, case-sensitive. */
static bool dd_scoped(const char *p, size_t n, const char *ua, bool respect_noindex)
{
    const char *colon = memchr(p, ':', n);
    size_t ln = colon ? (size_t)(colon - p) : 0;
    size_t rn = colon ? n - ln - 1 : 0;
    const char *left = p;

    if (!ua || !colon || memchr(colon + 1, ':', rn))
        return false;
    strip(&left, &ln);
    return equal_cs(left, ln, ua) && dd_refusing(colon + 1, rn, respect_noindex);
}

bool cs_compat_dd_xrobots(const char *value, const char *user_agent, bool respect_noindex)
{
    const char *p = value;

    if (!value || !*value)
        return false;
    while (true) {
        size_t n = strcspn(p, ",");
        if (dd_refusing(p, n, respect_noindex) || dd_scoped(p, n, user_agent, respect_noindex))
            return true;
        if (!p[n])
            return false;
        p += n + 1;
    }
}

bool cs_compat_dd_tdmrep(const char *value)
{
    size_t n;

    if (!value)
        return false;
    n = strlen(value);
    strip(&value, &n);
    return n == 1 && value[0] == '1';
}

/* The field a container hands to datadiligence; JOINED is handled by the callers. */
static const char *dd_pick(const char *const *v, size_t n, enum cs_dd_container c)
{
    if (!v || n == 0)
        return NULL;
    return c == CS_DD_LAST ? v[n - 1] : v[0];
}

void cs_compat_dd(const char *const *xrt, size_t nx, const char *const *tdm, size_t nt,
                  const struct cs_dd_opts *opts, struct cs_compat_dd *out)
{
    static const struct cs_dd_opts defaults = { NULL, false, CS_DD_JOINED };
    const struct cs_dd_opts *o = opts ? opts : &defaults;

    memset(out, 0, sizeof(*out));
    if (o->container != CS_DD_JOINED) {
        out->xrobots =
            cs_compat_dd_xrobots(dd_pick(xrt, nx, o->container), o->user_agent, o->respect_noindex);
        out->tdmrep = cs_compat_dd_tdmrep(dd_pick(tdm, nt, o->container));
        return;
    }
    /* Joined with ", ": the pieces are those of each field, each judged alone, so the joined
     * value refuses when one field does. A joined tdm-reservation of two or more fields holds
     * a ',' and is never exactly "1". */
    for (size_t i = 0; xrt && i < nx && !out->xrobots; i++)
        out->xrobots = cs_compat_dd_xrobots(xrt[i], o->user_agent, o->respect_noindex);
    out->tdmrep = tdm && nt == 1 && cs_compat_dd_tdmrep(tdm[0]);
}

bool cs_compat_dd_c2pa(const struct cs_dd_c2pa_entry *entries, size_t n)
{
    static const char *const keys[] = { "c2pa.data_mining", "c2pa.ai_inference",
                                        "c2pa.ai_generative_training", "c2pa.ai_training" };

    for (size_t i = 0; entries && i < n; i++) {
        const struct cs_dd_c2pa_entry *e = &entries[i];
        if (!e->label || !e->entry || !e->use || strcmp(e->label, "c2pa.training-mining") != 0 ||
            strcmp(e->use, "notAllowed") != 0)
            continue;
        for (size_t k = 0; k < CS_ARRAY_LEN(keys); k++) {
            if (strcmp(e->entry, keys[k]) == 0)
                return true;
        }
    }
    return false;
}

/* --- Data Provenance Initiative (signals.md 11.2, 11.4) ---------------------------------- */

/* The Allow and Disallow values one agent collected, in file order, without the values
 * holding '?' (signals.md 11.2: query rules are dropped). */
struct dpi_rules {
    const char **allow; /* From malloc(), r->nrecs entries each */
    const char **dis;
    size_t nallow, ndis;
    bool own; /* the agent has an entry of its own (even without rules) */
};

static void add_value(struct dpi_rules *dr, const struct rb_rec *rec, bool allow)
{
    if (strchr(rec->value, '?'))
        return;
    if (allow)
        dr->allow[dr->nallow++] = rec->value;
    else
        dr->dis[dr->ndis++] = rec->value;
}

enum { DPI_OTHER = 0, DPI_AGENT, DPI_ALLOW, DPI_DISALLOW };

/* DPI's line recognition: the line starts with "user-agent:", "allow:" or "disallow:". */
static int dpi_kind(const struct rb_rec *rec)
{
    static const char *const names[] = { "user-agent:", "allow:", "disallow:" };

    for (int k = 0; k < 3; k++) {
        size_t n = strlen(names[k]);
        if (strlen(rec->text) >= n && equal_ci(rec->text, n, names[k]))
            return k + 1;
    }
    return DPI_OTHER;
}

/* ce6662d's grouping (signals.md 11.4): agents accumulate until the file's first rule; after
 * it each User-agent line replaces the current agents with itself alone. */
static void dpi_collect(const struct cs_robots *r, const char *agent, struct dpi_rules *out)
{
    bool seen_rule = false;
    bool current = false; /* the agent is among the current agents */

    for (size_t i = 0; i < r->nrecs; i++) {
        const struct rb_rec *rec = &r->recs[i];
        int k = dpi_kind(rec);
        bool named = k == DPI_AGENT && equal_ci(rec->value, strlen(rec->value), agent);

        if (k == DPI_AGENT) {
            current = seen_rule ? named : current || named;
            out->own = out->own || named;
        } else if (k != DPI_OTHER) {
            seen_rule = true;
            if (current)
                add_value(out, rec, k == DPI_ALLOW);
        }
    }
}

/* The RFC 9309 groups of the lenient reading (robots.h) that apply to agent. */
static bool rfc_collect(const struct cs_robots *r, const char *agent, struct dpi_rules *out)
{
    const struct rb_view *v = &r->view[CS_ROBOTS_LENIENT];
    size_t *groups = malloc((v->ngroups + 1) * sizeof(*groups));
    enum cs_robots_group kind;
    size_t n = 0;

    if (!groups || cs_robots_select(r, agent, CS_ROBOTS_LENIENT, groups, v->ngroups, &n, &kind)) {
        free(groups);
        return false;
    }
    out->own = true; /* selection already fell back to "*" */
    for (size_t g = 0; g < n; g++) {
        const struct rb_group *grp = &v->groups[groups[g]];
        for (size_t i = 0; i < grp->rule_cnt; i++) {
            const struct rb_rec *rec = &r->recs[v->rules[grp->rule_off + i]];
            add_value(out, rec, rec->kind[CS_ROBOTS_LENIENT] == RB_ALLOW);
        }
    }
    free(groups);
    return true;
}

/* interpret_agent (signals.md 11.2): lists compare element by element, in order. */
static enum cs_dpi_class classify(const struct dpi_rules *dr)
{
    bool equal = dr->nallow == dr->ndis;
    bool slash = false;

    for (size_t i = 0; equal && i < dr->ndis; i++)
        equal = strcmp(dr->allow[i], dr->dis[i]) == 0;
    if (dr->ndis == 0 || (dr->ndis == 1 && dr->dis[0][0] == '\0') || equal)
        return CS_DPI_NONE;
    for (size_t i = 0; i < dr->ndis; i++)
        slash = slash || strcmp(dr->dis[i], "/") == 0;
    return slash && dr->nallow == 0 ? CS_DPI_ALL : CS_DPI_SOME;
}

static enum cs_dpi_class judge(const struct cs_robots *r, const char *agent,
                               enum cs_dpi_grouping grouping, struct dpi_rules *dr)
{
    dr->nallow = dr->ndis = 0;
    dr->own = false;
    if (grouping == CS_DPI_GROUPING_RFC)
        return rfc_collect(r, agent, dr) ? classify(dr) : CS_DPI_UNKNOWN;
    dpi_collect(r, agent, dr);
    if (!dr->own && strcmp(agent, "*") != 0)
        return judge(r, "*", grouping, dr); /* no entry of its own: the "*" judgement */
    return classify(dr);
}

enum cs_dpi_class cs_compat_dpi_grouping(const struct cs_robots *r, const char *agent,
                                         enum cs_dpi_grouping grouping)
{
    struct dpi_rules dr;
    enum cs_dpi_class c = CS_DPI_UNKNOWN;

    if (!agent)
        return CS_DPI_UNKNOWN;
    if (!r)
        return CS_DPI_NO_ROBOTS;
    memset(&dr, 0, sizeof(dr));
    dr.allow = malloc((r->nrecs + 1) * sizeof(*dr.allow));
    dr.dis = malloc((r->nrecs + 1) * sizeof(*dr.dis));
    if (dr.allow && dr.dis)
        c = judge(r, agent, grouping, &dr);
    free(dr.allow);
    free(dr.dis);
    return c;
}

enum cs_dpi_class cs_compat_dpi(const struct cs_robots *r, const char *agent)
{
    return cs_compat_dpi_grouping(r, agent, CS_DPI_GROUPING_DPI);
}

enum cs_dpi_class cs_compat_dpi_org(const struct cs_robots *r, const char *const *agents, size_t n)
{
    enum cs_dpi_class worst = r ? CS_DPI_UNKNOWN : CS_DPI_NO_ROBOTS;

    for (size_t i = 0; agents && i < n; i++) {
        enum cs_dpi_class c = cs_compat_dpi(r, agents[i]);
        if (c > worst)
            worst = c;
    }
    return worst;
}

const char *cs_dpi_class_name(enum cs_dpi_class c)
{
    static const char *const names[] = { "unknown", "no_robots", "none", "some", "all" };

    return (unsigned)c < CS_ARRAY_LEN(names) ? names[c] : "unknown";
}
