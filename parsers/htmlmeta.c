/* SPDX-License-Identifier: MIT
 * htmlmeta.c - <meta> and <link> extraction with libxml2's HTML parser (style.md 10.7).
 */
#include "cs_setup.h"

#include "htmlmeta.h"
#include "xmlwalk.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HM_MAX 512

static char *dup_trim(const xmlChar *s, bool lower)
{
    const char *p = (const char *)s;
    size_t n;
    char *out;

    while (*p && isspace((unsigned char)*p))
        p++;
    n = strlen(p);
    while (n && isspace((unsigned char)p[n - 1]))
        n--;
    out = malloc(n + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++)
        out[i] = lower ? (char)tolower((unsigned char)p[i]) : p[i];
    out[n] = '\0';
    return out;
}

/* Reads attributes k1 and k2 of node as trimmed copies (k1's lower-cased). Returns CS_OK with
 * both set, CS_OK with both NULL when an attribute is missing, or CS_E_NOMEM. */
static int read_pair(xmlNode *node, const char *k1, const char *k2, char **v1, char **v2)
{
    xmlChar *a = xmlGetProp(node, (const xmlChar *)k1);
    xmlChar *b = xmlGetProp(node, (const xmlChar *)k2);
    int rc = CS_OK;

    *v1 = NULL;
    *v2 = NULL;
    if (a && b) {
        *v1 = dup_trim(a, true);
        *v2 = dup_trim(b, false);
        if (!*v1 || !*v2) {
            free(*v1);
            free(*v2);
            *v1 = *v2 = NULL;
            rc = CS_E_NOMEM;
        }
    }
    xmlFree(a);
    xmlFree(b);
    return rc;
}

static int add_meta(struct cs_htmlmeta *m, xmlNode *node)
{
    struct cs_meta e = { .line = (int)xmlGetLineNo(node) };
    struct cs_meta *arr;
    int rc = read_pair(node, "name", "content", &e.name, &e.content);

    if (rc != CS_OK || !e.name || m->meta_count >= HM_MAX)
        goto out;
    arr = realloc(m->metas, (m->meta_count + 1) * sizeof(*arr));
    if (!arr) {
        rc = CS_E_NOMEM;
        goto out;
    }
    m->metas = arr;
    arr[m->meta_count++] = e;
    return CS_OK;
out:
    free(e.name);
    free(e.content);
    return rc;
}

static int add_link(struct cs_htmlmeta *m, xmlNode *node)
{
    struct cs_link e = { .line = (int)xmlGetLineNo(node) };
    struct cs_link *arr;
    int rc = read_pair(node, "rel", "href", &e.rel, &e.href);
    xmlChar *type;

    if (rc != CS_OK || !e.rel || m->link_count >= HM_MAX)
        goto out;
    type = xmlGetProp(node, (const xmlChar *)"type");
    if (type) {
        e.type = dup_trim(type, true);
        xmlFree(type);
        if (!e.type) {
            rc = CS_E_NOMEM;
            goto out;
        }
    }
    arr = realloc(m->links, (m->link_count + 1) * sizeof(*arr));
    if (!arr) {
        rc = CS_E_NOMEM;
        goto out;
    }
    m->links = arr;
    arr[m->link_count++] = e;
    return CS_OK;
out:
    free(e.rel);
    free(e.href);
    free(e.type);
    return rc;
}

/* Iterative pre-order walk: deep (hostile) documents cannot exhaust the stack. */
static int walk(struct cs_htmlmeta *m, xmlNode *root)
{
    xmlNode *n = root;
    int rc = CS_OK;

    while (n && rc == CS_OK) {
        if (n->type == XML_ELEMENT_NODE && n->name) {
            if (strcasecmp((const char *)n->name, "meta") == 0)
                rc = add_meta(m, n);
            else if (strcasecmp((const char *)n->name, "link") == 0)
                rc = add_link(m, n);
        }
        n = cs_xmlwalk_next(n, root, true);
    }
    return rc;
}

int cs_htmlmeta_parse(const char *buf, size_t len, struct cs_htmlmeta **out, struct cs_diag *diag)
{
    const int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                     HTML_PARSE_RECOVER | HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT;
    struct cs_htmlmeta *m = NULL;
    xmlDoc *doc = NULL;
    int rc;

    *out = NULL;
    if (len == 0 || len > INT_MAX) {
        cs_diag_set(diag, 0, CS_E_PARSE, "html: empty or oversized document");
        return CS_E_PARSE;
    }
    doc = htmlReadMemory(buf, (int)len, NULL, NULL, opts);
    if (!doc || !xmlDocGetRootElement(doc)) {
        cs_diag_set(diag, 0, CS_E_PARSE, "html: no element could be parsed");
        xmlFreeDoc(doc);
        return CS_E_PARSE;
    }
    m = calloc(1, sizeof(*m));
    rc = m ? walk(m, xmlDocGetRootElement(doc)) : CS_E_NOMEM;
    xmlFreeDoc(doc);
    if (rc != CS_OK) {
        cs_htmlmeta_free(m);
        return rc;
    }
    *out = m;
    return CS_OK;
}

void cs_htmlmeta_free(struct cs_htmlmeta *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->meta_count; i++) {
        free(m->metas[i].name);
        free(m->metas[i].content);
    }
    for (size_t i = 0; i < m->link_count; i++) {
        free(m->links[i].rel);
        free(m->links[i].href);
        free(m->links[i].type);
    }
    free(m->metas);
    free(m->links);
    free(m);
}

size_t cs_htmlmeta_head_end(const char *buf, size_t len)
{
    static const char tag[] = "</head";
    const size_t n = sizeof(tag) - 1;

    for (size_t i = 0; i + n <= len; i++) {
        if (buf[i] == '<' && strncasecmp(buf + i, tag, n) == 0)
            return i + n;
    }
    return 0;
}

void cs_htmlmeta_global_init(void)
{
    xmlInitParser();
}

void cs_htmlmeta_global_cleanup(void)
{
    xmlCleanupParser();
}
