/* SPDX-License-Identifier: MIT
 * htmlmeta.c - <meta> and <link> extraction with libxml2's HTML parser (style.md 10.7).
 */
#include "cs_setup.h"

#include "htmlmeta.h"

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

static int add_meta(struct cs_htmlmeta *m, xmlNode *node)
{
    xmlChar *name = xmlGetProp(node, (const xmlChar *)"name");
    xmlChar *content = xmlGetProp(node, (const xmlChar *)"content");
    struct cs_meta *slot;
    int rc = CS_OK;

    if (!name || !content || m->meta_count >= HM_MAX)
        goto out;
    slot = realloc(m->metas, (m->meta_count + 1) * sizeof(*slot));
    if (!slot) {
        rc = CS_E_NOMEM;
        goto out;
    }
    m->metas = slot;
    slot = &m->metas[m->meta_count];
    slot->name = dup_trim(name, true);
    slot->content = dup_trim(content, false);
    slot->line = (int)xmlGetLineNo(node);
    if (!slot->name || !slot->content) {
        free(slot->name);
        free(slot->content);
        rc = CS_E_NOMEM;
        goto out;
    }
    m->meta_count++;
out:
    xmlFree(name);
    xmlFree(content);
    return rc;
}

static int add_link(struct cs_htmlmeta *m, xmlNode *node)
{
    xmlChar *rel = xmlGetProp(node, (const xmlChar *)"rel");
    xmlChar *href = xmlGetProp(node, (const xmlChar *)"href");
    struct cs_link *slot;
    int rc = CS_OK;

    if (!rel || !href || m->link_count >= HM_MAX)
        goto out;
    slot = realloc(m->links, (m->link_count + 1) * sizeof(*slot));
    if (!slot) {
        rc = CS_E_NOMEM;
        goto out;
    }
    m->links = slot;
    slot = &m->links[m->link_count];
    slot->rel = dup_trim(rel, true);
    slot->href = dup_trim(href, false);
    slot->line = (int)xmlGetLineNo(node);
    if (!slot->rel || !slot->href) {
        free(slot->rel);
        free(slot->href);
        rc = CS_E_NOMEM;
        goto out;
    }
    m->link_count++;
out:
    xmlFree(rel);
    xmlFree(href);
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
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next && n != root)
            n = n->parent;
        if (!n || n == root)
            break;
        n = n->next;
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
