/* SPDX-License-Identifier: MIT
 * xmlwalk.c - pre-order walk of a libxml2 tree without recursion (xmlwalk.h).
 */
#include "cs_setup.h"

#include "xmlwalk.h"

#include <libxml/parser.h>
#include <limits.h>
#include <strings.h>

xmlNode *cs_xmlwalk_next(xmlNode *n, const xmlNode *root, bool descend)
{
    if (descend && n->children && n->type == XML_ELEMENT_NODE)
        return n->children;
    while (n && !n->next && n != root)
        n = n->parent;
    return !n || n == root ? NULL : n->next;
}

static bool has_doctype(const char *buf, size_t len)
{
    static const char key[] = "<!doctype";

    for (size_t i = 0; i + sizeof(key) - 1 <= len; i++) {
        if (buf[i] == '<' && strncasecmp(buf + i, key, sizeof(key) - 1) == 0)
            return true;
    }
    return false;
}

xmlDoc *cs_xml_read(const char *buf, size_t len, const char *what, struct cs_diag *diag)
{
    const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                     XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA;
    xmlDoc *doc;

    if (len == 0 || len > INT_MAX) {
        cs_diag_set(diag, 0, CS_E_PARSE, "%s: empty or oversized document", what);
        return NULL;
    }
    if (has_doctype(buf, len)) {
        cs_diag_set(diag, 0, CS_E_PARSE, "%s: DOCTYPE refused (no DTD, no entities)", what);
        return NULL;
    }
    doc = xmlReadMemory(buf, (int)len, NULL, NULL, opts);
    if (!doc) {
        cs_diag_set(diag, 0, CS_E_PARSE, "%s: not well-formed XML", what);
        return NULL;
    }
    if (doc->intSubset || doc->extSubset) {
        cs_diag_set(diag, 0, CS_E_PARSE, "%s: DOCTYPE refused (no DTD, no entities)", what);
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}
