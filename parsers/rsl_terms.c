/* SPDX-License-Identifier: MIT
 * rsl_terms.c - which RSL content element applies to a work URL, and the licence terms per
 * usage token under the reading of signals.md 8.3 (rsl.h).
 */
#include "cs_setup.h"

#include "robots_int.h"
#include "rsl.h"

#include <strings.h>

/* Up to this many bytes a pattern or path is normalised on the stack; longer ones on the heap,
 * or compared as written if that fails (cs_rsl_match cannot fail). */
#define NORM_STACK 512

struct norm {
    char stack[3 * NORM_STACK];
    char *heap;
    const char *s;
    size_t n;
};

/* Normalises n bytes at in as robots.txt does (RFC 9309 2.2.2: escapes of unreserved
 * characters decoded, others upper-cased) into nm->s / nm->n. */
static void norm(struct norm *nm, const char *in, size_t n, bool pattern)
{
    char *out = nm->stack;

    nm->heap = NULL;
    if (n > NORM_STACK) {
        out = nm->heap = n < SIZE_MAX / 3 ? malloc(3 * n) : NULL;
        if (!out) {
            nm->s = in;
            nm->n = n;
            return;
        }
    }
    nm->n = cs_robots_normalise(in, n, out, pattern);
    nm->s = out;
}

/* RFC 9309 prefix matching with "*" and "$", as the robots.txt matcher does it. */
static bool glob_prefix(const char *p, size_t m, const char *s, size_t n)
{
    struct norm np, ns;
    bool hit;

    norm(&np, p, m, true);
    norm(&ns, s, n, false);
    hit = cs_robots_glob(np.s, np.n, ns.s, ns.n);
    free(np.heap);
    free(ns.heap);
    return hit;
}

/* Splits a URL or a path into its authority (NULL for a bare path; user info dropped) and its
 * path with query (fragment dropped). */
struct url_parts {
    const char *host;
    size_t host_len;
    const char *path;
    size_t path_len;
};

static void split_url(const char *url, struct url_parts *u)
{
    const char *sep = strstr(url, "://");
    const char *p = url;

    u->host = NULL;
    u->host_len = 0;
    if (url[0] != '/' && sep) {
        const char *a = sep + 3;
        const char *e = a + strcspn(a, "/?#");
        const char *at = memchr(a, '@', (size_t)(e - a));
        u->host = at ? at + 1 : a;
        u->host_len = (size_t)(e - u->host);
        p = e;
    }
    u->path = p;
    u->path_len = strcspn(p, "#");
}

/* Matches pattern pat against the work's parts; returns the matched length (the pattern's
 * path part, + 1 so that "" is a match) or 0. A path without its leading "/" (a URL such as
 * "https://h?q") is read as if it had one. */
static size_t match_len(const char *pat, const struct url_parts *w)
{
    struct url_parts pp;
    const char *path = w->path;
    size_t plen = w->path_len;

    split_url(pat, &pp);
    if (pp.host && w->host &&
        (pp.host_len != w->host_len || strncasecmp(pp.host, w->host, pp.host_len) != 0))
        return 0;
    if (pp.path_len && pp.path[0] == '/' && (!plen || path[0] != '/')) {
        if (!glob_prefix(pp.path + 1, pp.path_len - 1, path, plen))
            return 0;
    } else if (!glob_prefix(pp.path, pp.path_len, path, plen)) {
        return 0;
    }
    return pp.path_len + 1;
}

const struct cs_rsl_content *cs_rsl_match(const struct cs_rsl *r, const char *url, size_t *matches)
{
    const struct cs_rsl_content *best = NULL;
    size_t best_len = 0, count = 0;
    struct url_parts w;

    if (matches)
        *matches = 0;
    if (!r || !url)
        return NULL;
    split_url(url, &w);
    for (size_t i = 0; i < r->content_count; i++) {
        const struct cs_rsl_content *c = &r->contents[i];
        size_t len = c->url && *c->url ? match_len(c->url, &w) : 0;
        if (!len)
            continue;
        count++;
        if (len > best_len) {
            best = c;
            best_len = len;
        }
    }
    if (matches)
        *matches = count;
    return best;
}

#define BIT(u) (1u << (u))

/* u and the tokens that contain it (signals.md 8.2: all > {ai-all, search}; ai-all > {ai-train,
 * ai-input, ai-index}). */
static unsigned broader(enum cs_rsl_usage u)
{
    switch (u) {
    case CS_RSL_U_ALL:
        return BIT(CS_RSL_U_ALL);
    case CS_RSL_U_AI_ALL:
    case CS_RSL_U_SEARCH:
        return BIT(u) | BIT(CS_RSL_U_ALL);
    default:
        return BIT(u) | BIT(CS_RSL_U_AI_ALL) | BIT(CS_RSL_U_ALL);
    }
}

/* The tokens strictly inside u. */
static unsigned narrower(enum cs_rsl_usage u)
{
    const unsigned ai = BIT(CS_RSL_U_AI_TRAIN) | BIT(CS_RSL_U_AI_INPUT) | BIT(CS_RSL_U_AI_INDEX);

    if (u == CS_RSL_U_ALL)
        return ai | BIT(CS_RSL_U_AI_ALL) | BIT(CS_RSL_U_SEARCH);
    return u == CS_RSL_U_AI_ALL ? ai : 0;
}

/* The 1.0 tokens a list's bits stand for: pre-1.0 ones only under the legacy reading
 * (decisions 12.3 #16). */
static unsigned effective(unsigned bits, bool legacy)
{
    unsigned out = bits & (BIT(CS_RSL_U_STANDARD_COUNT) - 1);

    if (legacy && (bits & BIT(CS_RSL_U_LEGACY_TRAIN_AI)))
        out |= BIT(CS_RSL_U_AI_TRAIN);
    if (legacy && (bits & BIT(CS_RSL_U_LEGACY_AI_SEARCH)))
        out |= BIT(CS_RSL_U_AI_INDEX);
    return out;
}

static bool nonfree(const struct cs_rsl_license *l)
{
    for (size_t i = 0; i < l->payment_count; i++) {
        if (!l->payments[i].is_free)
            return true;
    }
    return false;
}

/* One licence's terms for u (a 1.0 token), in the order of rsl.h. */
static void one_license(const struct cs_rsl_content *c, const struct cs_rsl_license *l,
                        enum cs_rsl_usage u, bool legacy, struct cs_rsl_answer *a)
{
    unsigned perm = effective(l->permits_usage, legacy);
    unsigned proh = effective(l->prohibits_usage, legacy);

    a->license = l;
    a->conditional = l->permits_user || l->prohibits_user || l->permits_geo || l->prohibits_geo;
    a->term = CS_RSL_PROHIBITED;
    if (proh & broader(u))
        a->basis = CS_RSL_BY_PROHIBITS;
    else if (l->has_permits_usage && !(perm & broader(u)))
        a->basis = CS_RSL_BY_NOT_PERMITTED; /* 8.3: a permits list that omits it restricts */
    else if (proh & narrower(u))
        a->basis = CS_RSL_BY_PARTIAL;
    else if (c->server) /* 8.2: a token is needed even for a free licence */
        a->term = CS_RSL_LICENSABLE, a->basis = CS_RSL_BY_SERVER;
    else if (nonfree(l))
        a->term = CS_RSL_LICENSABLE, a->basis = CS_RSL_BY_PAYMENT;
    else if (perm & broader(u))
        a->term = CS_RSL_PERMITTED, a->basis = CS_RSL_BY_PERMITS;
    else
        a->term = CS_RSL_UNSET, a->basis = CS_RSL_BY_NO_USAGE_LIST;
}

/* Ranks an answer among alternative licences: higher is more favourable to the user. */
static int rank(const struct cs_rsl_answer *a)
{
    static const int by_term[] = {
        [CS_RSL_PROHIBITED] = 0,
        [CS_RSL_UNSET] = 1,
        [CS_RSL_LICENSABLE] = 2,
        [CS_RSL_PERMITTED] = 3,
    };

    return by_term[a->term] * 2 + !a->conditional;
}

void cs_rsl_terms(const struct cs_rsl_content *c, enum cs_rsl_usage u, bool legacy,
                  struct cs_rsl_answer *out)
{
    *out = (struct cs_rsl_answer){ CS_RSL_UNSET, CS_RSL_BY_NO_CONTENT, NULL, false };
    if (u == CS_RSL_U_LEGACY_TRAIN_AI)
        u = CS_RSL_U_AI_TRAIN;
    else if (u == CS_RSL_U_LEGACY_AI_SEARCH)
        u = CS_RSL_U_AI_INDEX;
    else if ((unsigned)u >= CS_RSL_U_COUNT)
        return;
    if (!c)
        return;
    if (c->license_count == 0) {
        out->basis = CS_RSL_BY_NO_LICENSE;
        if (c->server)
            out->term = CS_RSL_LICENSABLE, out->basis = CS_RSL_BY_SERVER;
        return;
    }
    for (size_t i = 0; i < c->license_count; i++) {
        struct cs_rsl_answer a;
        one_license(c, &c->licenses[i], u, legacy, &a);
        if (i == 0 || rank(&a) > rank(out))
            *out = a;
    }
}

const char *cs_rsl_term_name(enum cs_rsl_term t)
{
    static const char *const names[] = { "unset", "permitted", "prohibited", "licensable" };

    return (unsigned)t < CS_ARRAY_LEN(names) ? names[t] : "?";
}

const char *cs_rsl_basis_name(enum cs_rsl_basis b)
{
    static const char *const names[] = {
        "no_content",    "no_license", "no_usage_list", "prohibits", "partial",
        "not_permitted", "server",     "payment",       "permits",
    };

    return (unsigned)b < CS_ARRAY_LEN(names) ? names[b] : "?";
}
