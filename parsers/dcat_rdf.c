/* SPDX-License-Identifier: MIT
 * dcat_rdf.c - DCAT in RDF/XML into a struct cs_croissant (dcat_rdf.h; issue 4 item 4).
 *
 * Three passes over the libxml2 tree: collect (every node element, in document order, with its
 * role in the RDF/XML grammar kept in the element's _private field: the tree is ours), index
 * (subjects sorted by key, so references resolve in log time), then datasets (each subject typed
 * or listed as a dataset, its descriptions merged).
 */
#include "cs_setup.h"

#include "dcat_rdf.h"

#include "croissant_int.h"
#include "cs_str.h"
#include "linkclass.h"
#include "xmlwalk.h"

#include <libxml/tree.h>
#include <libxml/uri.h>
#include <stdint.h>
#include <strings.h>

#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

/* Vocabularies by namespace IRI (dcat_rdf.h). dc: elements count as dct: (older catalogues). */
enum {
    V_RDF = 1,
    V_DCAT = 2,
    V_DCT = 4,
    V_FOAF = 8,
    V_PROV = 16,
    V_RDFS = 32,
    V_SC = 64,
    V_OWL = 128,
    V_OTHER = 256
};

static unsigned vocab(const xmlNs *ns)
{
    static const struct {
        const char *iri;
        unsigned v;
    } known[] = { { NS_RDF, V_RDF },
                  { "http://www.w3.org/ns/dcat#", V_DCAT },
                  { "http://purl.org/dc/terms/", V_DCT },
                  { "http://purl.org/dc/elements/1.1/", V_DCT },
                  { "http://xmlns.com/foaf/0.1/", V_FOAF },
                  { "http://www.w3.org/ns/prov#", V_PROV },
                  { "http://www.w3.org/2000/01/rdf-schema#", V_RDFS },
                  { "http://schema.org/", V_SC },
                  { "https://schema.org/", V_SC },
                  { "http://www.w3.org/2002/07/owl#", V_OWL } };

    for (size_t i = 0; ns && ns->href && i < CS_ARRAY_LEN(known); i++) {
        if (strcmp((const char *)ns->href, known[i].iri) == 0)
            return known[i].v;
    }
    return V_OTHER;
}

static bool named(const xmlNode *el, const char *local, unsigned mask)
{
    return el->name && strcmp((const char *)el->name, local) == 0 && (vocab(el->ns) & mask);
}

/* ---- the grammar: node elements and property elements (RDF 1.1 XML Syntax 2.2-2.11) ---- */

enum xrole {
    X_NONE,      /* not looked at (past the node cap) */
    X_CONTAINER, /* rdf:RDF */
    X_NODE,      /* a node element: a description of a subject */
    X_PROP,      /* a property element */
    X_PROP_RES,  /* rdf:parseType="Resource": a property and a blank node's description */
    X_SKIP       /* rdf:parseType="Literal" (or unknown): its content is text */
};

#define ROLE(n) ((enum xrole)(uintptr_t)(n)->_private)

static enum xrole prop_role(xmlNode *el)
{
    xmlChar *pt = xmlGetNsProp(el, (const xmlChar *)"parseType", (const xmlChar *)NS_RDF);
    enum xrole r = X_PROP;

    if (pt)
        r = strcmp((const char *)pt, "Resource") == 0     ? X_PROP_RES
            : strcmp((const char *)pt, "Collection") == 0 ? X_PROP
                                                          : X_SKIP;
    xmlFree(pt);
    return r;
}

static enum xrole role_of(xmlNode *el)
{
    const xmlNode *p = el->parent;
    enum xrole pr = p && p->type == XML_ELEMENT_NODE ? ROLE(p) : X_NONE;

    if (!p || p->type != XML_ELEMENT_NODE)
        return named(el, "RDF", V_RDF) ? X_CONTAINER : X_NODE; /* rdf:RDF may be omitted */
    if (pr == X_CONTAINER || pr == X_PROP)
        return X_NODE;
    if (pr == X_NODE || pr == X_PROP_RES)
        return prop_role(el);
    return X_SKIP;
}

/* ---- the document ---- */

enum { E_DATASET = 1, E_LISTED = 2, E_DONE = 4, E_TOP = 8 };

struct entry {
    char *key; /* owned: resolved IRI, "_:nodeID", or NULL (anonymous) */
    xmlNode *el;
    size_t order;
    unsigned flags;
};

struct rdoc {
    struct cs_croissant *res;
    struct cs_croissant_opts o;
    struct entry *all; /* owned: every description, document order */
    size_t n;
    struct entry **sorted; /* owned: the keyed ones by key, then order */
    size_t nsorted;
    size_t budget;
    struct cs_croissant_budget lk;
    bool warned_depth, warned_datasets;
};

/* The descriptions a value or dataset is made of: one element, or a run of the sorted index. */
struct descs {
    xmlNode *one;
    struct entry **v;
    size_t n;
};

static size_t dcount(const struct descs *s)
{
    return s->one ? 1 : s->n;
}

static xmlNode *dat(const struct descs *s, size_t i)
{
    return s->one ? s->one : s->v[i]->el;
}

/* An IRI attribute's value resolved against xml:base (RDF 1.1 XML Syntax 2.14). Returns owned
 * or NULL; *rc gets CS_E_NOMEM when out of memory. */
static char *iri_of(xmlNode *el, const xmlChar *v, int *rc)
{
    xmlChar *base = xmlNodeGetBase(el->doc, el);
    xmlChar *abs = base ? xmlBuildURI(v, base) : NULL;
    const char *s = (const char *)(abs ? abs : v);
    char *out = cs_strndup_trim(s, strlen(s));

    xmlFree(base);
    xmlFree(abs);
    if (!out)
        *rc = CS_E_NOMEM;
    return out;
}

/* The key a node element or a property's reference names: rdf:about / rdf:resource (resolved),
 * rdf:ID (as "#ID", resolved), rdf:nodeID ("_:ID"). Returns owned or NULL. */
static char *key_of(xmlNode *el, bool node, int *rc)
{
    const char *attrs[] = { node ? "about" : "resource", "ID", "nodeID" };
    char *out = NULL;

    for (size_t i = 0; i < CS_ARRAY_LEN(attrs) && !out && *rc == CS_OK; i++) {
        xmlChar *v = (!node && i == 1)
                         ? NULL
                         : xmlGetNsProp(el, (const xmlChar *)attrs[i], (const xmlChar *)NS_RDF);
        char tmp[1024];
        if (!v)
            continue;
        if (i == 0) {
            out = iri_of(el, v, rc);
        } else if (i == 1) {
            snprintf(tmp, sizeof(tmp), "#%s", (const char *)v);
            out = iri_of(el, (const xmlChar *)tmp, rc);
        } else {
            snprintf(tmp, sizeof(tmp), "_:%s", (const char *)v);
            if (!(out = cs_strdup(tmp)))
                *rc = CS_E_NOMEM;
        }
        xmlFree(v);
    }
    return out;
}

static bool is_dataset_type(const char *iri)
{
    return strcmp(iri, "http://www.w3.org/ns/dcat#Dataset") == 0 ||
           strcmp(iri, "http://schema.org/Dataset") == 0 ||
           strcmp(iri, "https://schema.org/Dataset") == 0;
}

/* Flags from the element's name, its parent property and its rdf:type properties. */
static int entry_flags(xmlNode *el, enum xrole r, unsigned *flags)
{
    const xmlNode *p = r == X_PROP_RES ? el : el->parent;
    int rc = CS_OK;

    /* typed at the top of the document: a Dataset nested as another's source is not listed */
    if (r == X_NODE &&
        (!el->parent || el->parent->type != XML_ELEMENT_NODE || ROLE(el->parent) == X_CONTAINER))
        *flags |= E_TOP;
    if (r == X_NODE && named(el, "Dataset", V_DCAT | V_SC))
        *flags |= E_DATASET;
    if (p && p->type == XML_ELEMENT_NODE && named(p, "dataset", V_DCAT | V_SC))
        *flags |= E_LISTED;
    for (xmlNode *c = el->children; c && rc == CS_OK; c = c->next) {
        char *t;
        if (c->type != XML_ELEMENT_NODE || !named(c, "type", V_RDF))
            continue;
        t = key_of(c, false, &rc);
        if (t && is_dataset_type(t) && r == X_NODE)
            *flags |= E_DATASET;
        free(t);
    }
    return rc;
}

static int add_entry(struct rdoc *d, xmlNode *el, enum xrole r, size_t *cap)
{
    struct entry e = { .el = el, .order = d->n };
    int rc = CS_OK;

    if (d->n == *cap) {
        size_t ncap = *cap ? 2 * *cap : 64;
        struct entry *p = realloc(d->all, ncap * sizeof(*p));
        if (!p)
            return CS_E_NOMEM;
        d->all = p;
        *cap = ncap;
    }
    if (r == X_NODE)
        e.key = key_of(el, true, &rc);
    if (rc == CS_OK)
        rc = entry_flags(el, r, &e.flags);
    if (rc != CS_OK) {
        free(e.key);
        return rc;
    }
    d->all[d->n++] = e;
    return CS_OK;
}

/* Pass 1: roles and descriptions, by an iterative walk (xmlwalk.h). */
static int collect(struct rdoc *d, xmlNode *root)
{
    size_t cap = 0;
    int rc = CS_OK;

    for (xmlNode *n = root; n && rc == CS_OK;) {
        enum xrole r = X_SKIP;
        if (n->type == XML_ELEMENT_NODE) {
            r = role_of(n);
            n->_private = (void *)(uintptr_t)r;
        }
        if ((r == X_NODE || r == X_PROP_RES) && d->n >= CS_DCAT_RDF_MAX_NODES) {
            d->res->truncated = true;
            return cs_croissant_warn(d->res, "more than %d descriptions: the rest is skipped",
                                     CS_DCAT_RDF_MAX_NODES);
        }
        if (r == X_NODE || r == X_PROP_RES)
            rc = add_entry(d, n, r, &cap);
        n = cs_xmlwalk_next(n, root, r != X_SKIP);
    }
    return rc;
}

static int cmp_entry(const void *a, const void *b)
{
    const struct entry *x = *(struct entry *const *)a, *y = *(struct entry *const *)b;
    int c = strcmp(x->key, y->key);

    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Pass 2: the keyed descriptions sorted by key. */
static int index_keys(struct rdoc *d)
{
    d->sorted = malloc((d->n ? d->n : 1) * sizeof(*d->sorted));
    if (!d->sorted)
        return CS_E_NOMEM;
    for (size_t i = 0; i < d->n; i++) {
        if (d->all[i].key)
            d->sorted[d->nsorted++] = &d->all[i];
    }
    qsort(d->sorted, d->nsorted, sizeof(*d->sorted), cmp_entry);
    return CS_OK;
}

/* The descriptions of key (none when it is not described in the document). */
static struct descs lookup(const struct rdoc *d, const char *key)
{
    struct descs s = { 0 };
    size_t lo = 0, hi = d->nsorted;

    while (key && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(d->sorted[mid]->key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    s.v = d->sorted + lo;
    while (key && lo + s.n < d->nsorted && strcmp(d->sorted[lo + s.n]->key, key) == 0)
        s.n++;
    return s;
}

/* ---- values ---- */

/* The next property element of the descriptions s after *p (NULL: the first); each costs one
 * unit of the work budget. NULL at the end or when the budget is spent. */
static xmlNode *next_prop(struct rdoc *d, const struct descs *s, size_t *i, xmlNode *p)
{
    while (*i < dcount(s)) {
        p = p ? p->next : dat(s, *i)->children;
        if (!p) {
            (*i)++;
            continue;
        }
        if (p->type != XML_ELEMENT_NODE)
            continue;
        if (d->budget == 0)
            return NULL;
        d->budget--;
        return p;
    }
    return NULL;
}

/* What a property element's value is: a nested node element or its own parseType="Resource"
 * description (into *nested), or else the descriptions its reference names when follow. */
static void object_of(const struct rdoc *d, xmlNode *p, bool follow, struct descs *out, int *rc)
{
    char *key;

    memset(out, 0, sizeof(*out));
    if (ROLE(p) == X_PROP_RES) {
        out->one = p;
        return;
    }
    for (xmlNode *c = p->children; c && ROLE(p) == X_PROP; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && ROLE(c) == X_NODE) {
            out->one = c;
            return;
        }
    }
    if (!follow)
        return;
    key = key_of(p, false, rc);
    *out = lookup(d, key);
    free(key);
}

/* The text of a literal property element (no reference, no nested node). Returns owned or
 * NULL. */
static char *literal_of(xmlNode *p, int *rc)
{
    xmlChar *t;
    char *out;

    if (xmlHasNsProp(p, (const xmlChar *)"resource", (const xmlChar *)NS_RDF) ||
        xmlHasNsProp(p, (const xmlChar *)"nodeID", (const xmlChar *)NS_RDF) ||
        ROLE(p) == X_PROP_RES)
        return NULL;
    for (xmlNode *c = p->children; c && ROLE(p) == X_PROP; c = c->next) {
        if (c->type == XML_ELEMENT_NODE)
            return NULL;
    }
    t = xmlNodeGetContent(p);
    if (!t)
        return NULL;
    out = cs_strndup_trim((const char *)t, strlen((const char *)t));
    xmlFree(t);
    if (!out)
        *rc = CS_E_NOMEM;
    else if (!*out) {
        free(out);
        out = NULL;
    }
    return out;
}

/* A property attribute's literal (RDF 1.1 XML Syntax 2.5) on one of the descriptions. */
static char *attr_of(const struct descs *s, const char *local, unsigned mask, int *rc)
{
    for (size_t i = 0; i < dcount(s); i++) {
        for (xmlAttr *a = dat(s, i)->properties; a; a = a->next) {
            xmlChar *v;
            char *out;
            if (!a->name || strcmp((const char *)a->name, local) != 0 || !(vocab(a->ns) & mask))
                continue;
            v = xmlNodeGetContent((xmlNode *)a);
            out = v ? cs_strndup_trim((const char *)v, strlen((const char *)v)) : NULL;
            if (v && !out)
                *rc = CS_E_NOMEM;
            xmlFree(v);
            return out;
        }
    }
    return NULL;
}

static char *ref_of_descs(struct rdoc *d, const struct descs *s, int depth, int *rc);

/* What a property's value names (dcat_rdf.h "A reference value"). Returns owned or NULL. */
static char *ref_of(struct rdoc *d, xmlNode *p, int depth, int *rc)
{
    struct descs s;
    char *r;

    if (depth > CS_DCAT_RDF_MAX_REF_DEPTH)
        return NULL;
    if (xmlHasNsProp(p, (const xmlChar *)"resource", (const xmlChar *)NS_RDF))
        return key_of(p, false, rc);
    object_of(d, p, true, &s, rc);
    if (dcount(&s))
        return ref_of_descs(d, &s, depth + 1, rc);
    r = literal_of(p, rc);
    return r;
}

/* The first value among the properties names (mask per name) of s, as a reference. */
static char *first_ref(struct rdoc *d, const struct descs *s, const char *const *names,
                       const unsigned *masks, int depth, int *rc)
{
    for (size_t k = 0; names[k] && *rc == CS_OK; k++) {
        size_t i = 0;
        for (xmlNode *p = next_prop(d, s, &i, NULL); p; p = next_prop(d, s, &i, p)) {
            char *r = named(p, names[k], masks[k]) ? ref_of(d, p, depth, rc) : NULL;
            if (r)
                return r;
        }
    }
    return NULL;
}

static char *ref_of_descs(struct rdoc *d, const struct descs *s, int depth, int *rc)
{
    static const char *const loc[] = { "atLocation",  "locatedAt",   "url",
                                       "contentUrl",  "downloadURL", "accessURL",
                                       "landingPage", "homepage",    NULL };
    static const unsigned loc_m[] = { V_PROV, V_PROV, V_SC, V_SC, V_DCAT, V_DCAT, V_DCAT, V_FOAF };
    static const char *const label[] = { "title", "name", "label", "value", NULL };
    static const unsigned label_m[] = { V_DCT, V_SC | V_FOAF, V_RDFS, V_RDF };
    const char *key = s->one ? NULL : s->v[0]->key;
    char *own = s->one ? key_of(s->one, true, rc) : NULL;
    char *r = first_ref(d, s, loc, loc_m, depth, rc);

    if (own)
        key = own;
    if (!r && key && cs_linkclass_is_http(key))
        r = cs_strdup(key);
    if (!r && *rc == CS_OK)
        r = first_ref(d, s, label, label_m, depth, rc);
    if (!r && key && strncmp(key, "_:", 2) != 0)
        r = cs_strdup(key);
    free(own);
    return r;
}

/* Adds the references of every property of s named local (mask) to l. */
static int add_refs(struct rdoc *d, const struct descs *s, const char *local, unsigned mask,
                    struct cs_croissant_list *l)
{
    size_t i = 0;
    int rc = CS_OK;

    for (xmlNode *p = next_prop(d, s, &i, NULL); p && rc == CS_OK; p = next_prop(d, s, &i, p)) {
        char *r = named(p, local, mask) ? ref_of(d, p, 0, &rc) : NULL;
        if (r && rc == CS_OK)
            rc = cs_croissant_list_add(l, r, true);
        free(r);
    }
    return rc;
}

/* Moves an owned value into an empty field. */
static void take(char **dst, char **v)
{
    if (!*dst) {
        *dst = *v;
        *v = NULL;
    }
    free(*v);
    *v = NULL;
}

/* ---- links (croissant_links.c gives the JSON-LD side the same classes) ---- */

struct walk {
    struct rdoc *d;
    struct cs_croissant_dataset *ds;
    char path[512];
    size_t dist; /* distribution values seen at the top */
};

static int add_link(struct walk *w, const char *url, size_t n, enum cs_croissant_role r)
{
    return cs_croissant_add_url(w->d->res, &w->d->o, &w->d->lk, w->ds, w->path, url, n, r);
}

static bool url_stop(char c)
{
    return (unsigned char)c <= ' ' || strchr("\"<>{}|\\^`", c) != NULL;
}

/* Every http(s) URL in a literal: a value that is one URL is kept whole; one inside prose ends
 * at a space or delimiter and loses trailing punctuation. */
static int add_text_urls(struct walk *w, const char *s, enum cs_croissant_role r)
{
    int rc = CS_OK;

    for (const char *p = s; rc == CS_OK && *p;) {
        const char *e;
        if (strncasecmp(p, "http://", 7) != 0 && strncasecmp(p, "https://", 8) != 0) {
            p++;
            continue;
        }
        for (e = p; *e && !url_stop(*e); e++)
            ;
        if (!(p == s && *e == '\0')) {
            while (e > p && strchr(".,;:!?)]'", e[-1]))
                e--;
        }
        rc = add_link(w, p, (size_t)(e - p), r);
        p = e > p ? e : p + 1;
    }
    return rc;
}

static enum cs_croissant_role key_role(enum cs_croissant_role parent, const xmlNode *p)
{
    if (parent == CS_ROLE_DATA) /* a source's location; its agents and labels are not data */
        return named(p, "atLocation", V_PROV) || named(p, "locatedAt", V_PROV) ||
                       named(p, "downloadURL", V_DCAT) || named(p, "accessURL", V_DCAT) ||
                       named(p, "url", V_SC) || named(p, "contentUrl", V_SC)
                   ? CS_ROLE_DATA
                   : CS_ROLE_OTHER;
    if (parent == CS_ROLE_FILE)
        return named(p, "downloadURL", V_DCAT) || named(p, "accessURL", V_DCAT) ||
                       named(p, "contentUrl", V_SC) || named(p, "url", V_SC) ||
                       named(p, "sameAs", V_SC | V_OWL)
                   ? CS_ROLE_FILE_URL
                   : CS_ROLE_OTHER;
    if (parent != CS_ROLE_TOP)
        return parent;
    if (named(p, "landingPage", V_DCAT) || named(p, "homepage", V_FOAF) ||
        named(p, "page", V_FOAF) || named(p, "identifier", V_DCT) || named(p, "url", V_SC) ||
        named(p, "sameAs", V_SC | V_OWL))
        return CS_ROLE_HOME;
    if (named(p, "wasDerivedFrom", V_PROV) || named(p, "source", V_DCT) ||
        named(p, "isBasedOn", V_SC))
        return CS_ROLE_DATA;
    if (named(p, "license", V_DCT | V_SC) || named(p, "rights", V_DCT))
        return CS_ROLE_LICENSE;
    if (named(p, "distribution", V_DCAT | V_SC))
        return CS_ROLE_DIST;
    return CS_ROLE_OTHER;
}

static int walk_descs(struct walk *w, const struct descs *s, enum cs_croissant_role r, int depth,
                      bool follow);

/* One property element's value at w->path: its parseType="Resource" description, its nested
 * node elements (several in a parseType="Collection"), the descriptions of the distribution it
 * references when follow, else the IRI it references, or URLs in its text. */
static int walk_prop(struct walk *w, xmlNode *p, enum cs_croissant_role kr, int depth, bool follow)
{
    enum cs_croissant_role inner = kr == CS_ROLE_DIST ? CS_ROLE_FILE : kr;
    struct descs s = { .one = p };
    bool nested = false;
    char *v = NULL;
    int rc = CS_OK;

    if (ROLE(p) == X_PROP_RES)
        return walk_descs(w, &s, inner, depth + 1, false);
    for (xmlNode *c = p->children; c && rc == CS_OK && ROLE(p) == X_PROP; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && ROLE(c) == X_NODE) {
            s.one = c;
            nested = true;
            rc = walk_descs(w, &s, inner, depth + 1, false);
        }
    }
    if (nested || rc != CS_OK)
        return rc;
    if (follow && kr == CS_ROLE_DIST) {
        object_of(w->d, p, true, &s, &rc);
        if (rc == CS_OK && dcount(&s))
            return walk_descs(w, &s, inner, depth + 1, false);
    }
    if (rc == CS_OK && xmlHasNsProp(p, (const xmlChar *)"resource", (const xmlChar *)NS_RDF))
        v = key_of(p, false, &rc);
    if (v && rc == CS_OK)
        rc = add_link(w, v, strlen(v), kr == CS_ROLE_DIST ? CS_ROLE_FILE_URL : kr);
    free(v);
    v = rc == CS_OK ? literal_of(p, &rc) : NULL;
    if (v && rc == CS_OK)
        rc = add_text_urls(w, v, kr);
    free(v);
    return rc;
}

/* The subject's own IRI and its property attributes. A distribution's rdf:about names it (the
 * download is its downloadURL): classed by host, unlike a JSON-LD @id inside a distribution. */
static int walk_node(struct walk *w, xmlNode *el, enum cs_croissant_role r, size_t plen)
{
    char *key = NULL;
    int rc = CS_OK;

    if (ROLE(el) == X_NODE)
        key = key_of(el, true, &rc);
    snprintf(w->path + plen, sizeof(w->path) - plen, "%s@id", plen ? "." : "");
    if (key && rc == CS_OK)
        rc = add_link(w, key, strlen(key), r == CS_ROLE_FILE ? CS_ROLE_OTHER : r);
    free(key);
    for (xmlAttr *a = el->properties; a && rc == CS_OK; a = a->next) {
        xmlChar *v;
        if (!a->ns || !a->ns->href || vocab(a->ns) == V_RDF || !a->name ||
            strcmp((const char *)a->ns->href, "http://www.w3.org/XML/1998/namespace") == 0)
            continue;
        v = xmlNodeGetContent((xmlNode *)a);
        snprintf(w->path + plen, sizeof(w->path) - plen, "%s%s", plen ? "." : "", a->name);
        if (v)
            rc = add_text_urls(w, (const char *)v,
                               r == CS_ROLE_TOP || r == CS_ROLE_FILE ? CS_ROLE_OTHER : r);
        xmlFree(v);
    }
    w->path[plen] = '\0';
    return rc;
}

/* A dataset's distribution property: one entry, or one per node of a parseType="Collection",
 * numbered as read_distribution numbers the files. */
static int walk_dist(struct walk *w, xmlNode *p, int depth, bool follow, size_t plen)
{
    bool nested = false;
    int rc = CS_OK;

    for (xmlNode *c = p->children; c && rc == CS_OK && ROLE(p) == X_PROP; c = c->next) {
        struct descs one = { .one = c };
        if (c->type != XML_ELEMENT_NODE || ROLE(c) != X_NODE)
            continue;
        nested = true;
        snprintf(w->path + plen, sizeof(w->path) - plen, "%s%s[%zu]", plen ? "." : "", p->name,
                 w->dist++);
        rc = walk_descs(w, &one, CS_ROLE_FILE, depth + 1, false);
    }
    if (!nested) {
        snprintf(w->path + plen, sizeof(w->path) - plen, "%s%s[%zu]", plen ? "." : "", p->name,
                 w->dist++);
        rc = walk_prop(w, p, CS_ROLE_DIST, depth, follow);
    }
    w->path[plen] = '\0';
    return rc;
}

static int walk_descs(struct walk *w, const struct descs *s, enum cs_croissant_role r, int depth,
                      bool follow)
{
    size_t plen = strlen(w->path), i = 0;
    int rc = CS_OK;

    if (depth > w->d->o.max_depth) {
        w->d->res->truncated = true;
        if (w->d->warned_depth)
            return CS_OK;
        w->d->warned_depth = true;
        return cs_croissant_warn(w->d->res, "nesting deeper than %d at '%s': skipped",
                                 w->d->o.max_depth, w->path);
    }
    rc = walk_node(w, dat(s, 0), r, plen);
    for (xmlNode *p = next_prop(w->d, s, &i, NULL); p && rc == CS_OK;
         p = next_prop(w->d, s, &i, p)) {
        enum cs_croissant_role kr = key_role(r, p);
        if (named(p, "type", V_RDF))
            continue;
        if (r == CS_ROLE_TOP && kr == CS_ROLE_DIST) {
            rc = walk_dist(w, p, depth, follow, plen);
            continue;
        }
        snprintf(w->path + plen, sizeof(w->path) - plen, "%s%s", plen ? "." : "", p->name);
        rc = walk_prop(w, p, kr, depth, follow);
        w->path[plen] = '\0';
    }
    return rc;
}

/* ---- distribution ---- */

/* The local name of a node's type: its element's, else its first rdf:type's. Returns owned. */
static char *type_of(struct rdoc *d, const struct descs *s, int *rc)
{
    size_t i = 0;

    for (size_t k = 0; k < dcount(s); k++) {
        xmlNode *el = dat(s, k);
        if (ROLE(el) == X_NODE && !named(el, "Description", V_RDF))
            return cs_strdup((const char *)el->name);
    }
    for (xmlNode *p = next_prop(d, s, &i, NULL); p; p = next_prop(d, s, &i, p)) {
        char *t = named(p, "type", V_RDF) ? key_of(p, false, rc) : NULL;
        const char *h = t ? strrchr(t, '#') : NULL;
        char *out;
        if (!t)
            continue;
        h = h ? h : strrchr(t, '/');
        out = cs_strdup(h && h[1] ? h + 1 : t);
        free(t);
        return out;
    }
    return NULL;
}

/* One file: the distribution node el, or the value of the property p when el is NULL. */
static int read_file(struct rdoc *d, struct cs_croissant_dataset *ds, xmlNode *p, xmlNode *el)
{
    static const char *const urls[] = { "downloadURL", "accessURL", "contentUrl", NULL };
    static const unsigned urls_m[] = { V_DCAT, V_DCAT, V_SC };
    static const char *const fmts[] = { "mediaType", "format", "encodingFormat", NULL };
    static const unsigned fmts_m[] = { V_DCAT, V_DCT, V_SC };
    static const char *const names[] = { "title", "name", NULL };
    static const unsigned names_m[] = { V_DCT, V_SC | V_FOAF };
    struct cs_croissant_file *f = cs_croissant_file_add(ds);
    struct descs s;
    char *v;
    int rc = CS_OK;

    if (!f)
        return CS_E_NOMEM;
    if (el)
        s = (struct descs){ .one = el };
    else
        object_of(d, p, true, &s, &rc);
    f->id = s.one ? key_of(s.one, true, &rc) : key_of(p, false, &rc);
    if (f->id && strncmp(f->id, "_:", 2) == 0) {
        free(f->id);
        f->id = NULL;
    }
    if (rc != CS_OK || !dcount(&s))
        return rc;
    f->type = type_of(d, &s, &rc);
    v = first_ref(d, &s, names, names_m, 0, &rc);
    take(&f->name, &v);
    v = first_ref(d, &s, urls, urls_m, 0, &rc);
    take(&f->content_url, &v);
    v = first_ref(d, &s, fmts, fmts_m, 0, &rc);
    take(&f->encoding_format, &v);
    f->relative = f->content_url && !cs_croissant_has_scheme(f->content_url);
    return rc;
}

static int read_distribution(struct rdoc *d, struct cs_croissant_dataset *ds, const struct descs *s)
{
    size_t i = 0;
    int rc = CS_OK;

    for (xmlNode *p = next_prop(d, s, &i, NULL); p && rc == CS_OK; p = next_prop(d, s, &i, p)) {
        bool nested = false;
        if (!named(p, "distribution", V_DCAT | V_SC))
            continue;
        for (xmlNode *c = p->children; c && rc == CS_OK && ROLE(p) == X_PROP; c = c->next) {
            if (c->type == XML_ELEMENT_NODE && ROLE(c) == X_NODE) {
                nested = true;
                rc = read_file(d, ds, p, c);
            }
        }
        if (!nested && rc == CS_OK)
            rc = read_file(d, ds, p, NULL);
    }
    return rc;
}

/* ---- datasets ---- */

static int read_lists(struct rdoc *d, struct cs_croissant_dataset *ds, const struct descs *s)
{
    int rc = add_refs(d, s, "license", V_DCT | V_SC, &ds->licenses);

    if (rc == CS_OK)
        rc = add_refs(d, s, "rights", V_DCT, &ds->licenses);
    if (rc == CS_OK)
        rc = add_refs(d, s, "sameAs", V_OWL | V_SC, &ds->same_as);
    if (rc == CS_OK)
        rc = add_refs(d, s, "isBasedOn", V_SC, &ds->is_based_on);
    if (rc == CS_OK)
        rc = add_refs(d, s, "wasDerivedFrom", V_PROV, &ds->derived_from);
    if (rc == CS_OK)
        rc = add_refs(d, s, "source", V_DCT, &ds->derived_from); /* DCAT's lineage */
    if (rc == CS_OK)
        rc = add_refs(d, s, "conformsTo", V_DCT, &ds->conforms_to);
    if (rc == CS_OK)
        rc = cs_croissant_add_upstream(ds, &ds->is_based_on);
    if (rc == CS_OK)
        rc = cs_croissant_add_upstream(ds, &ds->derived_from);
    return rc;
}

/* One dataset: the descriptions s of a subject (key, or NULL when anonymous). */
static int read_dataset(struct rdoc *d, const struct descs *s, const char *key)
{
    static const char *const home[] = { "landingPage", "homepage", "url", NULL };
    static const unsigned home_m[] = { V_DCAT, V_FOAF, V_SC };
    static const char *const names[] = { "title", "name", NULL };
    static const unsigned names_m[] = { V_DCT, V_SC | V_FOAF };
    static const char *const ids[] = { "identifier", NULL };
    static const unsigned ids_m[] = { V_DCT };
    struct cs_croissant_dataset *ds;
    struct walk w = { .d = d };
    char *v;
    int rc = CS_OK;

    if (d->res->count >= d->o.max_datasets) {
        d->res->truncated = true;
        if (d->warned_datasets)
            return CS_OK;
        d->warned_datasets = true;
        return cs_croissant_warn(d->res, "more than %zu datasets: the rest is skipped",
                                 d->o.max_datasets);
    }
    if (!(ds = cs_croissant_dataset_add(d->res)))
        return CS_E_NOMEM;
    w.ds = ds;
    if (key && strncmp(key, "_:", 2) != 0 && !(ds->id = cs_strdup(key)))
        return CS_E_NOMEM;
    v = dcount(s) ? first_ref(d, s, ids, ids_m, 0, &rc) : NULL;
    take(&ds->id, &v);
    v = dcount(s) ? first_ref(d, s, names, names_m, 0, &rc) : NULL;
    if (!v && rc == CS_OK && dcount(s))
        v = attr_of(s, "title", V_DCT, &rc);
    take(&ds->name, &v);
    v = dcount(s) ? first_ref(d, s, home, home_m, 0, &rc) : NULL;
    take(&ds->url, &v);
    if (rc == CS_OK && dcount(s))
        rc = read_lists(d, ds, s);
    if (rc == CS_OK && dcount(s))
        rc = read_distribution(d, ds, s);
    if (rc == CS_OK && dcount(s))
        rc = walk_descs(&w, s, CS_ROLE_TOP, 0, true);
    else if (rc == CS_OK && key)
        rc = add_text_urls(&(struct walk){ .d = d, .ds = ds, .path = "@id" }, key, CS_ROLE_TOP);
    return rc;
}

/* Subjects a catalogue names by reference (dcat:dataset rdf:resource / rdf:nodeID) are listed;
 * those the document does not describe go to orphans. */
static int mark_listed(struct rdoc *d, struct cs_croissant_list *orphans)
{
    int rc = CS_OK;

    for (size_t i = 0; i < d->n && rc == CS_OK; i++) {
        for (xmlNode *c = d->all[i].el->children; c && rc == CS_OK; c = c->next) {
            struct descs s;
            char *key;
            if (c->type != XML_ELEMENT_NODE || !named(c, "dataset", V_DCAT | V_SC))
                continue;
            key = key_of(c, false, &rc);
            s = lookup(d, key);
            for (size_t k = 0; k < s.n; k++)
                s.v[k]->flags |= E_LISTED;
            if (key && !s.n && rc == CS_OK)
                rc = cs_croissant_list_add(orphans, key, true);
            free(key);
        }
    }
    return rc;
}

static bool is_dataset(unsigned f)
{
    return (f & E_LISTED) || ((f & E_DATASET) && (f & E_TOP));
}

/* Pass 3: the datasets, in the order of their first description, then the orphans. */
static int read_datasets(struct rdoc *d)
{
    struct cs_croissant_list orphans = { 0 };
    int rc = mark_listed(d, &orphans);

    for (size_t i = 0; i < d->n && rc == CS_OK; i++) {
        struct entry *e = &d->all[i];
        struct descs s = { .one = e->el };
        if (!is_dataset(e->flags) || (e->flags & E_DONE))
            continue;
        if (e->key)
            s = lookup(d, e->key);
        for (size_t k = 0; k < s.n; k++)
            s.v[k]->flags |= E_DONE;
        rc = read_dataset(d, &s, e->key);
    }
    for (size_t i = 0; i < orphans.n && rc == CS_OK; i++) {
        struct descs none = { 0 };
        rc = read_dataset(d, &none, orphans.v[i]);
    }
    cs_croissant_list_release(&orphans);
    return rc;
}

static int read_doc(struct rdoc *d, xmlDoc *doc)
{
    int rc = collect(d, xmlDocGetRootElement(doc));

    if (rc == CS_OK)
        rc = index_keys(d);
    if (rc == CS_OK)
        rc = read_datasets(d);
    if (rc == CS_OK && d->budget == 0) {
        d->res->truncated = true;
        rc = cs_croissant_warn(d->res, "work limit reached (references read over and over): the "
                                       "rest is skipped");
    }
    return rc;
}

int cs_dcat_rdf_parse(const char *buf, size_t len, const struct cs_croissant_opts *opts,
                      struct cs_croissant **out, struct cs_diag *diag)
{
    struct rdoc d = { .o = cs_croissant_limits(opts) };
    xmlDoc *doc;
    int rc;

    *out = NULL;
    if (len > d.o.max_bytes) {
        cs_diag_set(diag, 0, CS_E_LIMIT, "rdf: document of %zu bytes exceeds the limit of %zu", len,
                    d.o.max_bytes);
        return CS_E_LIMIT;
    }
    doc = cs_xml_read(buf ? buf : "", buf ? len : 0, "rdf", diag);
    if (!doc)
        return CS_E_PARSE;
    d.budget = len < (SIZE_MAX - 4096) / 8 ? 8 * len + 4096 : SIZE_MAX;
    d.res = calloc(1, sizeof(*d.res));
    rc = d.res ? read_doc(&d, doc) : CS_E_NOMEM;
    for (size_t i = 0; i < d.n; i++)
        free(d.all[i].key);
    free(d.all);
    free(d.sorted);
    xmlFreeDoc(doc);
    if (rc != CS_OK) {
        cs_croissant_free(d.res);
        return rc;
    }
    d.res->rdf = true;
    *out = d.res;
    return CS_OK;
}
