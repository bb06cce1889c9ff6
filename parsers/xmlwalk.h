/* SPDX-License-Identifier: MIT
 * xmlwalk.h - the iterative pre-order walk of a libxml2 tree that the HTML readers share
 * (htmlmeta.c, croissant_html.c): no recursion, so a deep (hostile) document cannot exhaust
 * the stack. Internal to parsers/; pure, reentrant.
 */
#ifndef CS_XMLWALK_H
#define CS_XMLWALK_H

#include "cs_setup.h"

#include <libxml/tree.h>

/* The node after n in a pre-order walk of the tree under root: n's first child when descend
 * and n is an element with children, else the next node up and to the right; NULL at the end. */
xmlNode *cs_xmlwalk_next(xmlNode *n, const xmlNode *root, bool descend);

#endif
