/* SPDX-License-Identifier: MIT
 * xmp.c - XMP packets: finding them in a file's bytes, and the IPTC data-mining and TDMRep
 * properties inside (xmp.h; signals.md 9.1, 3.5).
 */
#include "cs_setup.h"

#include "xmp.h"

#include "cs_str.h"
#include "xmlwalk.h"

#include <libxml/tree.h>
#include <stdarg.h>
#include <strings.h>

#define RDF_NS      "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define IPTCEXT_NS  "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
#define TDM_NS      "http://www.w3.org/ns/tdmrep/"
#define TDM_NS_HASH "http://www.w3.org/ns/tdmrep#"

static const char *const dmi_codes[CS_DMI__COUNT] = {
    "",
    "DMI-UNSPECIFIED",
    "DMI-ALLOWED",
    "DMI-PROHIBITED-AIMLTRAINING",
    "DMI-PROHIBITED-GENAIMLTRAINING",
    "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING",
    "DMI-PROHIBITED",
    "DMI-PROHIBITED-SEECONSTRAINT",
    "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR",
    "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR",
    "OTHER",
};

const char *cs_dmi_code(enum cs_dmi d)
{
    return (unsigned)d < CS_DMI__COUNT ? dmi_codes[d] : "OTHER";
}

enum cs_dmi cs_dmi_parse(const char *value, bool *canonical)
{
    const char *slash = strrchr(value, '/');
    const char *s = slash ? slash + 1 : value;
    size_t n;

    if (canonical)
        *canonical = false;
    n = strlen(s);
    cs_str_trim(&s, &n);
    for (int d = CS_DMI_UNSPECIFIED; d < CS_DMI_OTHER; d++) {
        const char *code = dmi_codes[d];
        size_t cl = strlen(code);
        /* lenient (9.1): any case, the "DMI-" prefix optional ("allowed") */
        if ((n == cl && strncasecmp(s, code, n) == 0) ||
            (n == cl - 4 && strncasecmp(s, code + 4, n) == 0)) {
            if (canonical)
                *canonical = strncmp(value, CS_XMP_DMI_VOCAB, strlen(CS_XMP_DMI_VOCAB)) == 0 &&
                             strcmp(value + strlen(CS_XMP_DMI_VOCAB), code) == 0;
            return (enum cs_dmi)d;
        }
    }
    return CS_DMI_OTHER;
}

static void note(struct cs_xmp *x, const char *fmt, ...) CS_PRINTF(2, 3);

static void note(struct cs_xmp *x, const char *fmt, ...)
{
    struct cs_diag *d;
    va_list ap;

    if (x->diag_count >= CS_XMP_MAX_DIAGS)
        return;
    d = &x->diags[x->diag_count++];
    d->code = CS_E_PARSE;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
    va_end(ap);
}

/* The first occurrence of needle in [p, end), or NULL (memmem is not POSIX). */
static const char *find(const char *p, const char *end, const char *needle)
{
    size_t n = strlen(needle);

    for (; p && p + n <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p));
        if (!p || p + n > end)
            return NULL;
        if (memcmp(p, needle, n) == 0)
            return p;
    }
    return NULL;
}

/* The end of the packet starting at start, or NULL when it is not in the buffer. */
static const char *packet_end(const char *start, const char *end, bool wrapped)
{
    const char *e;

    if (wrapped && (e = find(start, end, "<?xpacket end="))) {
        const char *q = find(e, end, "?>");
        return q ? q + 2 : NULL;
    }
    e = find(start, end, "</x:xmpmeta>");
    if (e)
        return e + strlen("</x:xmpmeta>");
    e = find(start, end, "</x:xapmeta>"); /* the pre-2002 name */
    return e ? e + strlen("</x:xapmeta>") : NULL;
}

/* The start of the next packet in [p, end): "<?xpacket begin=" or a bare "<x:xmpmeta". */
static const char *packet_start(const char *p, const char *end, bool *wrapped)
{
    const char *a = find(p, end, "<?xpacket begin=");
    const char *b = find(p, a ? a : end, "<x:xmpmeta");

    if (!b)
        b = find(p, a ? a : end, "<x:xapmeta");
    *wrapped = !b;
    return b ? b : a;
}

static bool ns_is(const xmlNs *ns, const char *href)
{
    return ns && ns->href && strcmp((const char *)ns->href, href) == 0;
}

/* Trimmed copy of s cut to CS_XMP_MAX_VALUE; s is freed. */
static char *take(xmlChar *s, int *err)
{
    char *out;
    size_t n;

    if (!s)
        return NULL;
    n = strlen((const char *)s);
    out = cs_strndup_trim((const char *)s, n > CS_XMP_MAX_VALUE ? CS_XMP_MAX_VALUE : n);
    xmlFree(s);
    if (!out)
        *err = CS_E_NOMEM;
    return out;
}

/* The value of a property element: rdf:resource, else the first rdf:li of a container
 * (lang-alt, bag, seq), else its text. */
static char *element_value(xmlNode *n, int *err)
{
    xmlChar *res = xmlGetNsProp(n, (const xmlChar *)"resource", (const xmlChar *)RDF_NS);

    if (res)
        return take(res, err);
    for (xmlNode *k = cs_xmlwalk_next(n, n, true); k; k = cs_xmlwalk_next(k, n, true)) {
        if (k->type == XML_ELEMENT_NODE && ns_is(k->ns, RDF_NS) &&
            strcmp((const char *)k->name, "li") == 0)
            return take(xmlNodeGetContent(k), err);
    }
    return take(xmlNodeGetContent(n), err);
}

/* Stores a property value in *slot when it is the first one; a different later value is a
 * diagnostic. value is taken over. */
static void keep(struct cs_xmp *x, char **slot, char *value, const char *what)
{
    if (!value)
        return;
    if (!*slot) {
        *slot = value;
        return;
    }
    if (strcmp(*slot, value) != 0)
        note(x, "%s: a later value '%.60s' differs from '%.60s' (first kept)", what, value, *slot);
    free(value);
}

/* One property (ns, name) = value (taken over). */
static void property(struct cs_xmp *x, const xmlNs *ns, const char *name, char *value)
{
    bool iptcext = ns_is(ns, IPTCEXT_NS) && (strcmp(name, "DataMining") == 0);

    if ((ns_is(ns, CS_XMP_PLUS_NS) && strcmp(name, "DataMining") == 0) || iptcext) {
        if (iptcext && !x->data_mining)
            x->dmi_legacy_property = true;
        keep(x, &x->data_mining, value, "plus:DataMining");
    } else if (ns_is(ns, CS_XMP_PLUS_NS) && strcmp(name, "OtherConstraints") == 0) {
        keep(x, &x->other_constraints, value, "plus:OtherConstraints");
    } else if ((ns_is(ns, TDM_NS) || ns_is(ns, TDM_NS_HASH)) &&
               (strcmp(name, "reservation") == 0 || strcmp(name, "policy") == 0)) {
        if (!x->tdm_ns)
            x->tdm_ns = ns_is(ns, TDM_NS) ? TDM_NS : TDM_NS_HASH;
        keep(x, name[0] == 'r' ? &x->tdm_reservation : &x->tdm_policy, value,
             name[0] == 'r' ? "tdm:reservation" : "tdm:policy");
    } else {
        free(value);
    }
}

static bool wanted(const xmlNs *ns)
{
    return ns_is(ns, CS_XMP_PLUS_NS) || ns_is(ns, IPTCEXT_NS) || ns_is(ns, TDM_NS) ||
           ns_is(ns, TDM_NS_HASH);
}

/* Every property of the packet's tree, as an element or as an attribute (XMP's short form). */
static int read_tree(struct cs_xmp *x, xmlNode *root)
{
    int err = CS_OK;

    for (xmlNode *n = root; n && err == CS_OK; n = cs_xmlwalk_next(n, root, true)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (xmlAttr *a = n->properties; a && err == CS_OK; a = a->next) {
            if (wanted(a->ns))
                property(x, a->ns, (const char *)a->name,
                         take(xmlNodeGetContent((xmlNode *)a), &err));
        }
        if (wanted(n->ns))
            property(x, n->ns, (const char *)n->name, element_value(n, &err));
    }
    return err;
}

static int read_packet(struct cs_xmp *x, const char *p, size_t len)
{
    struct cs_diag d = { 0 };
    xmlDoc *doc;
    int rc;

    if (len > CS_XMP_MAX_PACKET_BYTES) {
        note(x, "xmp: a packet of %zu bytes skipped (cap %u)", len, CS_XMP_MAX_PACKET_BYTES);
        return CS_OK;
    }
    doc = cs_xml_read(p, len, "xmp", &d);
    if (!doc) {
        note(x, "%s", d.msg);
        return CS_OK;
    }
    x->packets++;
    rc = xmlDocGetRootElement(doc) ? read_tree(x, xmlDocGetRootElement(doc)) : CS_OK;
    xmlFreeDoc(doc);
    return rc;
}

/* Reads the DataMining and tdm:reservation values once every packet is in. */
static void interpret(struct cs_xmp *x)
{
    bool canonical = false;

    x->tdm_reserved = -1;
    if (x->tdm_reservation) {
        if (strcmp(x->tdm_reservation, "1") == 0 || strcmp(x->tdm_reservation, "0") == 0)
            x->tdm_reserved = x->tdm_reservation[0] - '0';
        else
            note(x, "tdm:reservation '%.60s' is neither 1 nor 0: unset", x->tdm_reservation);
    }
    if (!x->data_mining)
        return;
    x->dmi = cs_dmi_parse(x->data_mining, &canonical);
    x->dmi_noncanonical = !canonical || x->dmi_legacy_property;
    if (x->dmi == CS_DMI_OTHER)
        note(x, "plus:DataMining '%.80s' is not in the PLUS vocabulary", x->data_mining);
    else if (x->dmi_noncanonical)
        note(x, "plus:DataMining '%.80s' is not canonical: read as %s", x->data_mining,
             cs_dmi_code(x->dmi));
    /* 12.3 #20: the SEE* values point at another field */
    if (x->dmi == CS_DMI_PROHIBITED_SEECONSTRAINT && !x->other_constraints)
        note(x, "DMI-PROHIBITED-SEECONSTRAINT without plus:OtherConstraints");
    else if (x->dmi == CS_DMI_PROHIBITED_SEEEMBEDDEDRIGHTSEXPR ||
             x->dmi == CS_DMI_PROHIBITED_SEELINKEDRIGHTSEXPR)
        note(x, "%s: the rights expression it points to is not read", cs_dmi_code(x->dmi));
}

int cs_xmp_scan(const char *buf, size_t len, struct cs_xmp *out)
{
    const char *p = buf, *end;
    size_t seen = 0;
    int rc = CS_OK;

    memset(out, 0, sizeof(*out));
    out->tdm_reserved = -1;
    if (!buf)
        return CS_OK;
    end = buf + len;
    while (p < end && rc == CS_OK) {
        bool wrapped;
        const char *s = packet_start(p, end, &wrapped);
        const char *e = s ? packet_end(s, end, wrapped) : NULL;
        if (!s)
            break;
        if (!e) { /* cut by the caller's range: no verdict from it (xmp.h) */
            out->truncated = true;
            note(out, "xmp: a packet at byte %zu is cut at the end of the buffer",
                 (size_t)(s - buf));
            break;
        }
        if (++seen > CS_XMP_MAX_PACKETS) {
            note(out, "xmp: more than %d packets; the rest skipped", CS_XMP_MAX_PACKETS);
            break;
        }
        rc = read_packet(out, s, (size_t)(e - s));
        p = e;
    }
    if (rc == CS_OK)
        interpret(out);
    return rc;
}

void cs_xmp_release(struct cs_xmp *x)
{
    free(x->data_mining);
    free(x->other_constraints);
    free(x->tdm_reservation);
    free(x->tdm_policy);
    memset(x, 0, sizeof(*x));
    x->tdm_reserved = -1;
}
