/* SPDX-License-Identifier: MIT
 * xmlwalk.c - pre-order walk of a libxml2 tree without recursion (xmlwalk.h).
 */
#include "cs_setup.h"

#include "xmlwalk.h"

xmlNode *cs_xmlwalk_next(xmlNode *n, const xmlNode *root, bool descend)
{
    if (descend && n->children && n->type == XML_ELEMENT_NODE)
        return n->children;
    while (n && !n->next && n != root)
        n = n->parent;
    return !n || n == root ? NULL : n->next;
}
