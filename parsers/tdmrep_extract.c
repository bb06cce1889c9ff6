/* SPDX-License-Identifier: MIT
 * tdmrep_extract.c - TDMRep carriers other than tdmrep.json: a response header dump (signals.md
 * 3.3), HTML meta (3.4, through htmlmeta.c) and XML metadata, EPUB OPF and XMP (3.5), read with
 * libxml2 without network or entity loading; and the sniffing between them.
 */
#include "cs_setup.h"

#include "htmlmeta.h"
#include "tdmrep_int.h"
#include "xmlwalk.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#define NAME_MAX_LEN 64 /* longer header names are not TDMRep's */

static bool is_tchar(unsigned char c)
{
    return isalnum(c) || (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Where a dump line sits: the fields of a response, or the body after its blank line. */
struct dump {
    bool body;
};

/* One line of a dump. A status line starts a new response (a redirect chain's dump holds
 * several: the last response is the one that carries the work's headers); a blank line ends
 * the fields; folded continuation lines and junk are not TDMRep fields. */
static int header_line(struct dump *st, const char *p, size_t n, int line, struct cs_tdm_signal *s,
                       struct cs_tdm_diags *d)
{
    char name[NAME_MAX_LEN + 1];
    size_t k = 0;

    if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
        cs_tdm_signal_release(s);
        st->body = false;
        return CS_OK;
    }
    if (n == 0)
        st->body = true;
    if (st->body)
        return CS_OK;
    while (k < n && k < NAME_MAX_LEN && is_tchar((unsigned char)p[k]))
        k++;
    if (k == 0 || k >= n || p[k] != ':')
        return CS_OK;
    memcpy(name, p, k);
    name[k] = '\0';
    return cs_tdmrep_header(s, name, p + k + 1, n - k - 1, line, d);
}

int cs_tdmrep_headers(const char *buf, size_t len, struct cs_tdm_signal *s, struct cs_tdm_diags *d)
{
    const char *p = buf, *end = buf + len;
    struct dump st = { false };
    int line = 1;
    int rc = CS_OK;

    if (len > CS_TDMREP_MAX_DOC) {
        cs_tdm_diag(d, 0, CS_E_LIMIT, "header dump larger than %d bytes: not read",
                    CS_TDMREP_MAX_DOC);
        return CS_E_LIMIT;
    }
    while (p < end && rc == CS_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n && p[n - 1] == '\r')
            n--;
        rc = header_line(&st, p, n, line++, s, d);
        p = nl ? nl + 1 : end;
    }
    return rc;
}

int cs_tdmrep_html(const char *buf, size_t len, struct cs_tdm_signal *s, struct cs_tdm_diags *d)
{
    struct cs_htmlmeta *m = NULL;
    int rc;

    if (len > CS_TDMREP_MAX_DOC) {
        cs_tdm_diag(d, 0, CS_E_LIMIT, "HTML larger than %d bytes: not read", CS_TDMREP_MAX_DOC);
        return CS_E_LIMIT;
    }
    rc = cs_htmlmeta_parse(buf, len, &m, NULL);
    if (rc == CS_E_PARSE)
        return CS_OK; /* nothing parsable: no meta, no signal */
    for (size_t i = 0; rc == CS_OK && i < m->meta_count; i++) {
        const struct cs_meta *e = &m->metas[i];
        if (strcmp(e->name, "tdm-reservation") == 0)
            cs_tdm_set_reservation(s, e->content, strlen(e->content), e->line, "html meta", d);
        else if (strcmp(e->name, "tdm-policy") == 0)
            rc = cs_tdm_set_policy(s, e->content, strlen(e->content), e->line, d);
    }
    cs_htmlmeta_free(m);
    return rc;
}

/* ---- XML: EPUB OPF and XMP (signals.md 3.5) ---- */

enum { TERM_NONE = 0, TERM_RESERVATION, TERM_POLICY };

/* Both namespace spellings are deployed: "/" in PDF XMP, "#" in EPUB 3 (12.3 #9). */
static bool tdm_ns(const xmlChar *href)
{
    return href && (strcmp((const char *)href, "http://www.w3.org/ns/tdmrep/") == 0 ||
                    strcmp((const char *)href, "http://www.w3.org/ns/tdmrep#") == 0);
}

static int local_term(const char *local)
{
    if (strcmp(local, "reservation") == 0)
        return TERM_RESERVATION;
    if (strcmp(local, "policy") == 0)
        return TERM_POLICY;
    return TERM_NONE;
}

/* An OPF meta name/property: "tdm:reservation" (the prefix EPUB 3 declares for the tdmrep
 * namespace) or the full IRI in either spelling. */
static int opf_term(const xmlChar *v)
{
    static const char *const pre[] = { "tdm:", "http://www.w3.org/ns/tdmrep/",
                                       "http://www.w3.org/ns/tdmrep#" };
    const char *s = (const char *)v;

    for (size_t i = 0; s && i < CS_ARRAY_LEN(pre); i++) {
        size_t n = strlen(pre[i]);
        if (strncmp(s, pre[i], n) == 0)
            return local_term(s + n);
    }
    return TERM_NONE;
}

/* The text directly inside an element (text and CDATA children only: entity references are
 * never followed, so no expansion can blow up). Returns owned (xmlFree) or NULL. */
static xmlChar *direct_text(const xmlNode *n)
{
    xmlChar *out = NULL;

    for (const xmlNode *c = n->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            out = xmlStrcat(out, c->content);
            if (xmlStrlen(out) > CS_TDMREP_MAX_URL)
                break;
        }
    }
    return out;
}

static int put_term(struct cs_tdm_signal *s, int term, const xmlChar *v, int line,
                    struct cs_tdm_diags *d)
{
    const char *t = v ? (const char *)v : "";

    if (term == TERM_RESERVATION)
        cs_tdm_set_reservation(s, t, strlen(t), line, "embedded metadata", d);
    else if (term == TERM_POLICY)
        return cs_tdm_set_policy(s, t, strlen(t), line, d);
    return CS_OK;
}

/* XMP's abbreviated RDF form: <rdf:Description tdm:reservation="1" .../>. */
static int attr_terms(xmlNode *n, struct cs_tdm_signal *s, struct cs_tdm_diags *d)
{
    int rc = CS_OK;

    for (xmlAttr *a = n->properties; a && rc == CS_OK; a = a->next) {
        int term = a->ns && tdm_ns(a->ns->href) ? local_term((const char *)a->name) : TERM_NONE;
        if (term != TERM_NONE) {
            xmlChar *v = xmlGetNsProp(n, a->name, a->ns->href);
            rc = put_term(s, term, v, (int)xmlGetLineNo(n), d);
            xmlFree(v);
        }
    }
    return rc;
}

static int xml_element(xmlNode *n, struct cs_tdm_signal *s, struct cs_tdm_diags *d)
{
    int line = (int)xmlGetLineNo(n);
    xmlChar *v = NULL;
    int term = TERM_NONE;
    int rc;

    if (n->ns && tdm_ns(n->ns->href)) {
        term = local_term((const char *)n->name); /* XMP element form */
        v = direct_text(n);
    } else if (strcmp((const char *)n->name, "meta") == 0) {
        xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
        xmlChar *prop = xmlGetProp(n, (const xmlChar *)"property");
        if ((term = opf_term(name)) != TERM_NONE) /* EPUB 2 */
            v = xmlGetProp(n, (const xmlChar *)"content");
        else if ((term = opf_term(prop)) != TERM_NONE) /* EPUB 3 */
            v = direct_text(n);
        xmlFree(name);
        xmlFree(prop);
    }
    rc = put_term(s, term, v, line, d);
    xmlFree(v);
    return rc == CS_OK ? attr_terms(n, s, d) : rc;
}

int cs_tdmrep_xml(const char *buf, size_t len, struct cs_tdm_signal *s, struct cs_tdm_diags *d)
{
    /* no XML_PARSE_NOENT / DTDLOAD: entities stay unexpanded, nothing is loaded */
    const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    xmlDoc *doc;
    xmlNode *root, *n;
    int rc = CS_OK;

    if (len > CS_TDMREP_MAX_DOC || len > INT_MAX) {
        cs_tdm_diag(d, 0, CS_E_LIMIT, "XML larger than %d bytes: not read", CS_TDMREP_MAX_DOC);
        return CS_E_LIMIT;
    }
    doc = xmlReadMemory(buf, (int)len, NULL, NULL, opts);
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        cs_tdm_diag(d, 0, CS_E_PARSE, "metadata is not well-formed XML");
        xmlFreeDoc(doc);
        return CS_E_PARSE;
    }
    for (n = root; n && rc == CS_OK; n = cs_xmlwalk_next(n, root, true)) {
        if (n->type == XML_ELEMENT_NODE && n->name)
            rc = xml_element(n, s, d);
    }
    xmlFreeDoc(doc);
    return rc;
}

/* ---- sniffing ---- */

static const char *find_ci(const char *buf, size_t len, const char *word)
{
    size_t n = strlen(word);

    for (size_t i = 0; i + n <= len; i++) {
        if (strncasecmp(buf + i, word, n) == 0)
            return buf + i;
    }
    return NULL;
}

/* A dump starts with a status line or a "Name:" field. */
static bool looks_like_headers(const char *p, size_t n)
{
    size_t k = 0;

    if (n >= 5 && memcmp(p, "HTTP/", 5) == 0)
        return true;
    while (k < n && k <= NAME_MAX_LEN && is_tchar((unsigned char)p[k]))
        k++;
    return k > 0 && k < n && p[k] == ':';
}

/* OPF and XMP announce themselves early: an XML declaration or packet header, a namespace. */
static bool looks_like_xml(const char *buf, size_t head)
{
    return !find_ci(buf, head, "<html") && !find_ci(buf, head, "<!doctype html") &&
           (find_ci(buf, head, "<?xml") || find_ci(buf, head, "<?xpacket") ||
            find_ci(buf, head, "xmlns"));
}

/* An XMP packet inside other bytes (a PDF, an image): the <x:xmpmeta> element. */
static bool xmp_slice(const char *buf, size_t len, const char **start, size_t *n)
{
    static const char close[] = "</x:xmpmeta>";
    const char *b = find_ci(buf, len, "<x:xmpmeta");
    const char *e = b ? find_ci(b, len - (size_t)(b - buf), close) : NULL;

    if (!e)
        return false;
    *start = b;
    *n = (size_t)(e - b) + sizeof(close) - 1;
    return true;
}

int cs_tdmrep_extract(const char *buf, size_t len, enum cs_tdm_technique *kind,
                      struct cs_tdm_signal *s, struct cs_tdm_diags *d)
{
    size_t off = 0, head = len < 1024 ? len : 1024;
    const char *xmp;
    size_t xn;

    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        off = 3;
    while (off < len && isspace((unsigned char)buf[off]))
        off++;
    bool tag = off < len && buf[off] == '<';

    if (looks_like_headers(buf + off, len - off)) {
        *kind = CS_TDM_HEADER;
        return cs_tdmrep_headers(buf + off, len - off, s, d);
    }
    *kind = CS_TDM_EMBEDDED;
    if (tag && looks_like_xml(buf, head))
        return cs_tdmrep_xml(buf, len, s, d);
    if (!tag && len <= CS_TDMREP_MAX_DOC && xmp_slice(buf, len, &xmp, &xn))
        return cs_tdmrep_xml(xmp, xn, s, d);
    *kind = CS_TDM_HTML;
    return cs_tdmrep_html(buf, len, s, d);
}
