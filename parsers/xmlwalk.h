/* SPDX-License-Identifier: MIT
 * xmlwalk.h - the iterative pre-order walk of a libxml2 tree that the HTML readers share
 * (htmlmeta.c, croissant_html.c): no recursion, so a deep (hostile) document cannot exhaust
 * the stack; and the one safe reader of XML documents (rsl.c, xmp.c). Internal to parsers/;
 * pure, reentrant once xmlInitParser() has run.
 */
#ifndef CS_XMLWALK_H
#define CS_XMLWALK_H

#include "cs_err.h"
#include "cs_setup.h"

#include <libxml/tree.h>

/* The node after n in a pre-order walk of the tree under root: n's first child when descend
 * and n is an element with children, else the next node up and to the right; NULL at the end. */
xmlNode *cs_xmlwalk_next(xmlNode *n, const xmlNode *root, bool descend);

/* Parses len bytes of well-formed XML without network access, DTD loading or entity
 * expansion: bytes holding "<!DOCTYPE" (which could declare entities) are refused before
 * libxml2 sees them, and so is a document libxml2 finds a DTD in. Returns the document (free
 * with xmlFreeDoc) or NULL with a reason in diag (may be NULL), prefixed with what ("rsl"). */
xmlDoc *cs_xml_read(const char *buf, size_t len, const char *what, struct cs_diag *diag);

#endif
