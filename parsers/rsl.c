/* SPDX-License-Identifier: MIT
 * rsl.c - RSL 1.0 documents: XML to model (signals.md 8.2) with libxml2 (rsl.h). The url
 * matching and the terms per usage are in rsl_terms.c.
 */
#include "cs_setup.h"

#include "rsl.h"

#include "cs_buf.h"
#include "cs_str.h"
#include "httplink.h"
#include "xmlwalk.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <strings.h>

/* Parser state: the model being filled and the first failure (sticky). */
struct rp {
    struct cs_rsl *r;
    int err; /* CS_OK, CS_E_NOMEM or CS_E_LIMIT */
};

static const char *const usage_names[CS_RSL_U_COUNT] = {
    "all", "ai-all", "ai-train", "ai-input", "ai-index", "search", "train-ai", "ai-search",
};

const char *cs_rsl_usage_name(enum cs_rsl_usage u)
{
    return (unsigned)u < CS_RSL_U_COUNT ? usage_names[u] : "?";
}

static void fail(struct rp *p, int code)
{
    if (p->err == CS_OK)
        p->err = code;
}

static void note(struct rp *p, int line, const char *fmt, ...) CS_PRINTF(3, 4);

/* Keeps a tolerated oddity as a diagnostic of the model (at most CS_RSL_MAX_DIAGS). */
static void note(struct rp *p, int line, const char *fmt, ...)
{
    struct cs_rsl *r = p->r;
    struct cs_diag *d;
    va_list ap;

    if (r->diag_count >= CS_RSL_MAX_DIAGS) {
        r->diag_dropped++;
        return;
    }
    if (!r->diags) {
        r->diags = calloc(CS_RSL_MAX_DIAGS, sizeof(*r->diags));
        if (!r->diags) {
            fail(p, CS_E_NOMEM);
            return;
        }
    }
    d = &r->diags[r->diag_count++];
    d->line = line;
    d->code = CS_E_PARSE;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
    va_end(ap);
}

/* True when n is the element name in the RSL namespace. */
static bool is_rsl(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, CS_RSL_NS) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

static int line_of(const xmlNode *n)
{
    return (int)xmlGetLineNo(n);
}

/* Trimmed copy of an xmlChar string taken over (freed here). NULL stays NULL. */
static char *take(struct rp *p, xmlChar *s, bool lower)
{
    char *out;

    if (!s)
        return NULL;
    out = cs_strndup_trim((const char *)s, strlen((const char *)s));
    xmlFree(s);
    if (!out)
        fail(p, CS_E_NOMEM);
    else if (lower)
        cs_str_lower(out);
    return out;
}

static char *prop(struct rp *p, xmlNode *n, const char *name, bool lower)
{
    return take(p, xmlGetProp(n, (const xmlChar *)name), lower);
}

static char *text_of(struct rp *p, xmlNode *n)
{
    return take(p, xmlNodeGetContent(n), false);
}

/* The usage token [s, s+n) (case-insensitive), or -1. */
static int usage_of(const char *s, size_t n)
{
    for (int u = 0; u < CS_RSL_U_COUNT; u++) {
        if (strlen(usage_names[u]) == n && strncasecmp(usage_names[u], s, n) == 0)
            return u;
    }
    return -1;
}

static bool is_sep(char c)
{
    return c == ',' || isspace((unsigned char)c);
}

/* Value lists are comma- or space-separated in the examples: accept both (signals.md 8.2,
 * 8.4 L12). Calls back with each token. */
static void each_token(const char *list, void (*fn)(const char *, size_t, void *), void *arg)
{
    const char *s = list;

    while (*s) {
        size_t n = 0;
        while (*s && is_sep(*s))
            s++;
        while (s[n] && !is_sep(s[n]))
            n++;
        if (n)
            fn(s, n, arg);
        s += n;
    }
}

struct usage_acc {
    struct rp *p;
    unsigned *bits;
    int line;
};

static void add_usage(const char *s, size_t n, void *arg)
{
    struct usage_acc *a = arg;
    int u = usage_of(s, n);

    if (u < 0) {
        note(a->p, a->line, "unknown usage token '%.*s'", (int)(n > 40 ? 40 : n), s);
        return;
    }
    if (u >= CS_RSL_U_STANDARD_COUNT)
        note(a->p, a->line, "pre-1.0 usage token '%s' (legacy reading only)", usage_names[u]);
    *a->bits |= 1u << u;
}

struct join_acc {
    struct cs_buf *b;
    struct rp *p;
};

static void add_joined(const char *s, size_t n, void *arg)
{
    struct join_acc *a = arg;

    if ((a->b->len && cs_buf_add(a->b, " ", 1) != CS_OK) || cs_buf_add(a->b, s, n) != CS_OK)
        fail(a->p, CS_E_NOMEM);
}

/* Appends the tokens of list to *dst (space-separated). */
static void join_into(struct rp *p, char **dst, const char *list)
{
    struct cs_buf b;
    struct join_acc a = { &b, p };

    cs_buf_init(&b, CS_RSL_MAX_BYTES);
    if (*dst && cs_buf_adds(&b, *dst) != CS_OK)
        fail(p, CS_E_NOMEM);
    each_token(list, add_joined, &a);
    if (p->err != CS_OK) {
        cs_buf_release(&b);
        return;
    }
    free(*dst);
    *dst = NULL;
    if (b.len && !(*dst = cs_buf_detach(&b, NULL)))
        fail(p, CS_E_NOMEM);
    cs_buf_release(&b);
}

/* <permits type="usage|user|geo"> / <prohibits ...> (signals.md 8.2). */
static void read_rule(struct rp *p, xmlNode *n, struct cs_rsl_license *l, bool prohibits)
{
    char *type = prop(p, n, "type", true);
    char *list = text_of(p, n);
    int line = line_of(n);

    if (!list)
        goto out;
    if (!type || strcmp(type, "usage") == 0) {
        struct usage_acc a = { p, prohibits ? &l->prohibits_usage : &l->permits_usage, line };
        if (!type) /* a rule that could be an opt-out is not dropped for a missing attribute */
            note(p, line, "%s without type: read as usage", prohibits ? "prohibits" : "permits");
        *(prohibits ? &l->has_prohibits_usage : &l->has_permits_usage) = true;
        each_token(list, add_usage, &a);
    } else if (strcmp(type, "user") == 0) {
        join_into(p, prohibits ? &l->prohibits_user : &l->permits_user, list);
    } else if (strcmp(type, "geo") == 0) {
        join_into(p, prohibits ? &l->prohibits_geo : &l->permits_geo, list);
    } else {
        note(p, line, "unknown %s type '%.40s'", prohibits ? "prohibits" : "permits", type);
    }
out:
    free(type);
    free(list);
}

/* <payment type="..."><amount currency="...">N</amount></payment>; type defaults to free. */
static void read_payment(struct rp *p, xmlNode *n, struct cs_rsl_license *l)
{
    struct cs_rsl_payment *pay;

    if (l->payment_count >= CS_RSL_MAX_PAYMENTS) {
        fail(p, CS_E_LIMIT);
        return;
    }
    if (!l->payments) {
        l->payments = calloc(CS_RSL_MAX_PAYMENTS, sizeof(*l->payments));
        if (!l->payments) {
            fail(p, CS_E_NOMEM);
            return;
        }
    }
    pay = &l->payments[l->payment_count++];
    pay->line = line_of(n);
    pay->type = prop(p, n, "type", true);
    if (!pay->type && p->err == CS_OK && !(pay->type = cs_strdup("free")))
        fail(p, CS_E_NOMEM);
    for (xmlNode *c = n->children; c; c = c->next) {
        if (is_rsl(c, "amount") && !pay->amount) {
            pay->amount = text_of(p, c);
            pay->currency = prop(p, c, "currency", false);
        }
    }
    /* attribution asks for credit, not a fee: no licence is bought (signals.md 8.3) */
    pay->is_free =
        pay->type && (strcmp(pay->type, "free") == 0 || strcmp(pay->type, "attribution") == 0);
}

static void read_legal(struct rp *p, xmlNode *n, struct cs_rsl_license *l)
{
    char *type = prop(p, n, "type", false);

    if (type)
        join_into(p, &l->legal, type);
    free(type);
}

static void read_license(struct rp *p, xmlNode *n, struct cs_rsl_content *c)
{
    struct cs_rsl_license *l;

    if (c->license_count >= CS_RSL_MAX_LICENSES) {
        fail(p, CS_E_LIMIT);
        return;
    }
    if (!c->licenses) {
        c->licenses = calloc(CS_RSL_MAX_LICENSES, sizeof(*c->licenses));
        if (!c->licenses) {
            fail(p, CS_E_NOMEM);
            return;
        }
    }
    l = &c->licenses[c->license_count++];
    l->line = line_of(n);
    for (xmlNode *k = n->children; k && p->err == CS_OK; k = k->next) {
        if (is_rsl(k, "permits"))
            read_rule(p, k, l, false);
        else if (is_rsl(k, "prohibits"))
            read_rule(p, k, l, true);
        else if (is_rsl(k, "payment"))
            read_payment(p, k, l);
        else if (is_rsl(k, "legal"))
            read_legal(p, k, l);
    }
}

static void read_content(struct rp *p, xmlNode *n)
{
    struct cs_rsl *r = p->r;
    struct cs_rsl_content *c;
    char *enc;

    if (r->content_count >= CS_RSL_MAX_CONTENTS) {
        fail(p, CS_E_LIMIT);
        return;
    }
    c = &r->contents[r->content_count++];
    c->line = line_of(n);
    c->url = prop(p, n, "url", false);
    c->server = prop(p, n, "server", false);
    c->lastmod = prop(p, n, "lastmod", false);
    enc = prop(p, n, "encrypted", true);
    c->encrypted = enc && strcmp(enc, "true") == 0;
    free(enc);
    if (p->err != CS_OK)
        return;
    if (!c->url || !*c->url)
        note(p, c->line, "content without url: it matches no work");
    else if (c->url[0] != '/' && !strstr(c->url, "://"))
        note(p, c->line, "content url '%.60s' is neither a path nor a full URL", c->url);
    if (c->server && !*c->server) {
        free(c->server);
        c->server = NULL;
    }
    for (xmlNode *k = n->children; k && p->err == CS_OK; k = k->next) {
        if (is_rsl(k, "license"))
            read_license(p, k, c);
    }
}

static void read_root(struct rp *p, xmlNode *root)
{
    char *age = prop(p, root, "max-age", false);
    char *end = NULL;

    p->r->max_age = -1;
    if (age) {
        long v = strtol(age, &end, 10);
        if (end != age && !*end && v >= 0)
            p->r->max_age = v;
        else
            note(p, line_of(root), "max-age '%.40s' is not a number of days", age);
    }
    free(age);
    p->r->contents = calloc(CS_RSL_MAX_CONTENTS, sizeof(*p->r->contents));
    if (!p->r->contents) {
        fail(p, CS_E_NOMEM);
        return;
    }
    for (xmlNode *k = root->children; k && p->err == CS_OK; k = k->next) {
        if (is_rsl(k, "content"))
            read_content(p, k);
    }
    if (p->err == CS_OK && p->r->content_count == 0)
        note(p, line_of(root), "no content element: the document licenses nothing");
}

int cs_rsl_parse(const char *buf, size_t len, struct cs_rsl **out, struct cs_diag *diag)
{
    struct rp p = { NULL, CS_OK };
    xmlNode *root;
    xmlDoc *doc;

    *out = NULL;
    if (len > CS_RSL_MAX_BYTES) {
        cs_diag_set(diag, 0, CS_E_LIMIT, "rsl: document larger than %u bytes", CS_RSL_MAX_BYTES);
        return CS_E_LIMIT;
    }
    doc = cs_xml_read(buf, len, "rsl", diag);
    if (!doc)
        return CS_E_PARSE;
    root = xmlDocGetRootElement(doc);
    if (!root || !is_rsl(root, "rsl")) { /* signals.md 8.4 L10 */
        cs_diag_set(diag, root ? line_of(root) : 0, CS_E_PARSE,
                    "rsl: root is not <rsl> in namespace " CS_RSL_NS);
        xmlFreeDoc(doc);
        return CS_E_PARSE;
    }
    p.r = calloc(1, sizeof(*p.r));
    if (!p.r) {
        xmlFreeDoc(doc);
        return CS_E_NOMEM;
    }
    read_root(&p, root);
    xmlFreeDoc(doc);
    if (p.err != CS_OK) {
        if (p.err == CS_E_LIMIT)
            cs_diag_set(diag, 0, CS_E_LIMIT, "rsl: too many content, license or payment elements");
        cs_rsl_free(p.r);
        return p.err;
    }
    *out = p.r;
    return CS_OK;
}

static void free_license(struct cs_rsl_license *l)
{
    free(l->permits_user);
    free(l->prohibits_user);
    free(l->permits_geo);
    free(l->prohibits_geo);
    free(l->legal);
    for (size_t i = 0; i < l->payment_count; i++) {
        free(l->payments[i].type);
        free(l->payments[i].amount);
        free(l->payments[i].currency);
    }
    free(l->payments);
}

void cs_rsl_free(struct cs_rsl *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->content_count; i++) {
        struct cs_rsl_content *c = &r->contents[i];
        free(c->url);
        free(c->server);
        free(c->lastmod);
        for (size_t j = 0; j < c->license_count; j++)
            free_license(&c->licenses[j]);
        free(c->licenses);
    }
    free(r->contents);
    free(r->diags);
    free(r);
}

int cs_rsl_links_from_header(const char *value, size_t len, char ***urls, size_t *count)
{
    return cs_http_link_find_all(value, len, "license", CS_RSL_MEDIA_TYPE, CS_RSL_MAX_LINKS, urls,
                                 count);
}

/* True when the space-separated rel list holds "license" (already lower-cased). */
static bool rel_is_license(const char *rel)
{
    const char *s = rel;

    while (*s) {
        size_t n = 0;
        while (*s && isspace((unsigned char)*s))
            s++;
        while (s[n] && !isspace((unsigned char)s[n]))
            n++;
        if (n == 7 && strncmp(s, "license", 7) == 0)
            return true;
        s += n;
    }
    return false;
}

int cs_rsl_links_from_html(const struct cs_htmlmeta *m, char ***urls, size_t *count)
{
    char **out = NULL;
    size_t n = 0;

    *urls = NULL;
    *count = 0;
    for (size_t i = 0; m && i < m->link_count && n < CS_RSL_MAX_LINKS; i++) {
        const struct cs_link *l = &m->links[i];
        if (!l->href || !*l->href || !l->type || strcmp(l->type, CS_RSL_MEDIA_TYPE) != 0 ||
            !rel_is_license(l->rel))
            continue;
        if (!out && !(out = calloc(CS_RSL_MAX_LINKS, sizeof(*out))))
            return CS_E_NOMEM;
        if (!(out[n] = cs_strdup(l->href))) {
            cs_rsl_links_free(out, n);
            return CS_E_NOMEM;
        }
        n++;
    }
    *urls = out;
    *count = n;
    return CS_OK;
}

void cs_rsl_links_free(char **urls, size_t count)
{
    cs_http_link_free_all(urls, count);
}
