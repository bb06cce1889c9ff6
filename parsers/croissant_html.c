/* SPDX-License-Identifier: MIT
 * croissant_html.c - JSON-LD embedded in HTML pages (croissant.h; peers.md 6.1: Croissant and
 * schema.org Dataset markup live in <script type="application/ld+json">), read with libxml2's
 * HTML parser: no network, no entity loading, recover mode, errors not printed (style.md 10.7).
 */
#include "cs_setup.h"

#include "croissant_int.h"
#include "xmlwalk.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <strings.h>

/* True for type="application/ld+json" (any case, spaces and parameters allowed). */
static bool is_jsonld(xmlNode *n)
{
    xmlChar *t = xmlGetProp(n, (const xmlChar *)"type");
    const char *p = (const char *)t;
    bool yes;

    if (!t)
        return false;
    while (isspace((unsigned char)*p))
        p++;
    yes = strncasecmp(p, "application/ld+json", 19) == 0 &&
          (p[19] == '\0' || p[19] == ';' || isspace((unsigned char)p[19]));
    xmlFree(t);
    return yes;
}

/* Drops HTML comment and CDATA wrappers some sites put around script bodies. */
static void unwrap(const char **s, size_t *n)
{
    static const char *const open[] = { "<!--", "<![CDATA[", "//<![CDATA[" };
    static const char *const close[] = { "-->", "]]>", "//]]>" };

    while (*n && isspace((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    for (size_t i = 0; i < CS_ARRAY_LEN(open); i++) {
        size_t k = strlen(open[i]);
        if (*n >= k && memcmp(*s, open[i], k) == 0) {
            *s += k;
            *n -= k;
        }
    }
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
    for (size_t i = CS_ARRAY_LEN(close); i-- > 0;) {
        size_t k = strlen(close[i]);
        if (*n >= k && memcmp(*s + *n - k, close[i], k) == 0)
            *n -= k;
    }
}

static int read_script(struct cs_croissant *res, xmlNode *n, int index,
                       const struct cs_croissant_opts *o)
{
    xmlChar *text = xmlNodeGetContent(n);
    const char *s = (const char *)text;
    size_t len = s ? strlen(s) : 0;
    struct cs_diag d = { 0 };
    int rc;

    if (!text)
        return CS_OK; /* an empty script, or out of memory inside libxml2 */
    unwrap(&s, &len);
    rc = cs_croissant_read_json(res, s, len, o, &d);
    xmlFree(text);
    if (rc == CS_E_PARSE || rc == CS_E_LIMIT)
        rc = cs_croissant_warn(res, "script %d (line %ld): %s", index, xmlGetLineNo(n), d.msg);
    return rc;
}

/* Iterative pre-order walk (a deep hostile page cannot exhaust the stack). */
static int walk(struct cs_croissant *res, xmlNode *root, const struct cs_croissant_opts *o)
{
    xmlNode *n = root;
    int scripts = 0;
    int rc = CS_OK;

    while (n && rc == CS_OK) {
        bool script = n->type == XML_ELEMENT_NODE && n->name &&
                      strcasecmp((const char *)n->name, "script") == 0 && is_jsonld(n);
        if (script && ++scripts > CS_CROISSANT_MAX_SCRIPTS) {
            res->truncated = true;
            return cs_croissant_warn(res, "more than %d JSON-LD scripts: the rest is skipped",
                                     CS_CROISSANT_MAX_SCRIPTS);
        }
        if (script)
            rc = read_script(res, n, scripts, o);
        n = cs_xmlwalk_next(n, root, !script); /* a script's text is not walked */
    }
    return rc;
}

int cs_croissant_parse_html(const char *buf, size_t len, const struct cs_croissant_opts *opts,
                            struct cs_croissant **out, struct cs_diag *diag)
{
    /* no HTML_PARSE_NOENT or DTD loading: entities declared in the page are never expanded */
    const int flags = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_RECOVER | HTML_PARSE_COMPACT;
    struct cs_croissant_opts o = cs_croissant_limits(opts);
    struct cs_croissant *res = NULL;
    xmlDoc *doc = NULL;
    int rc;

    *out = NULL;
    if (len > o.max_bytes || len > INT_MAX) {
        cs_diag_set(diag, 0, CS_E_LIMIT, "page of %zu bytes exceeds the limit of %zu", len,
                    o.max_bytes);
        return CS_E_LIMIT;
    }
    if (len)
        doc = htmlReadMemory(buf, (int)len, NULL, NULL, flags);
    if (!doc || !xmlDocGetRootElement(doc)) {
        cs_diag_set(diag, 0, CS_E_PARSE, "html: no element could be parsed");
        xmlFreeDoc(doc);
        return CS_E_PARSE;
    }
    res = calloc(1, sizeof(*res));
    rc = res ? walk(res, xmlDocGetRootElement(doc), &o) : CS_E_NOMEM;
    xmlFreeDoc(doc);
    if (rc != CS_OK) {
        cs_croissant_free(res);
        return rc;
    }
    *out = res;
    return CS_OK;
}
