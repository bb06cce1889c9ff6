/* SPDX-License-Identifier: MIT
 * croissant_int.h - internals shared by croissant*.c and ckan.c: JSON-LD name resolution
 * through @context (peers.md 6.4: prefixes resolved, no full expansion) and the result
 * builders. Not installed.
 */
#ifndef CS_CROISSANT_INT_H
#define CS_CROISSANT_INT_H

#include "cs_setup.h"

#include "croissant.h"

#include <jansson.h>

/* Vocabularies the readers know, by namespace IRI. CS_CROISSANT_NS_NONE: a bare name with no
 * context to resolve it (accepted for every vocabulary: documents without @context are common). */
enum cs_croissant_ns {
    CS_CROISSANT_NS_NONE,
    CS_CROISSANT_NS_SC,  /* schema.org, http or https */
    CS_CROISSANT_NS_CR,  /* http://mlcommons.org/croissant/ (and 0.8's http://mlcommons.org/schema/)
                          */
    CS_CROISSANT_NS_RAI, /* http://mlcommons.org/croissant/RAI/ */
    CS_CROISSANT_NS_PROV,    /* http://www.w3.org/ns/prov# */
    CS_CROISSANT_NS_DCT,     /* http://purl.org/dc/terms/ */
    CS_CROISSANT_NS_DCAT,    /* http://www.w3.org/ns/dcat# */
    CS_CROISSANT_NS_RDFS,    /* http://www.w3.org/2000/01/rdf-schema# */
    CS_CROISSANT_NS_KEYWORD, /* "@id", "@type" ... (and terms aliased to them) */
    CS_CROISSANT_NS_OTHER
};

#define CS_CROISSANT_NSM(ns) (1u << (ns))
#define CS_CROISSANT_ANY                                                              \
    (CS_CROISSANT_NSM(CS_CROISSANT_NS_SC) | CS_CROISSANT_NSM(CS_CROISSANT_NS_CR) |    \
     CS_CROISSANT_NSM(CS_CROISSANT_NS_RAI) | CS_CROISSANT_NSM(CS_CROISSANT_NS_PROV) | \
     CS_CROISSANT_NSM(CS_CROISSANT_NS_DCT) | CS_CROISSANT_NSM(CS_CROISSANT_NS_DCAT) | \
     CS_CROISSANT_NSM(CS_CROISSANT_NS_RDFS))

/* A resolved name: its vocabulary and local part ("contentUrl"). */
struct cs_croissant_name {
    enum cs_croissant_ns ns;
    char local[128];
};

/* The active @context: up to 8 objects (an array context), @vocab, and whether a schema.org
 * string context makes bare names schema.org names. Borrowed json values. */
struct cs_croissant_ctx {
    json_t *objs[8];
    int nobj;
    const char *vocab;
    size_t *budget; /* Borrowed: the document's work budget (see struct cs_croissant_doc) */
};

/* Reads a @context value (string, object or array of them) into ctx, replacing it (the budget
 * pointer is kept). */
void cs_croissant_ctx_load(struct cs_croissant_ctx *ctx, json_t *context);

/* Resolves a property name or a @type value. */
void cs_croissant_resolve(const struct cs_croissant_ctx *ctx, const char *key,
                          struct cs_croissant_name *out);

/* True when name resolves to local in one of the vocabularies of mask (or is bare). */
bool cs_croissant_is(const struct cs_croissant_ctx *ctx, const char *key, const char *local,
                     unsigned mask);

/* Collects up to max values of obj's properties that resolve to local in mask. Borrowed. */
size_t cs_croissant_props(const struct cs_croissant_ctx *ctx, json_t *obj, const char *local,
                          unsigned mask, json_t **vals, size_t max);

/* The first such value, or NULL. Borrowed. */
json_t *cs_croissant_prop(const struct cs_croissant_ctx *ctx, json_t *obj, const char *local,
                          unsigned mask);

/* True when one of obj's @type values resolves to local in mask. */
bool cs_croissant_has_type(const struct cs_croissant_ctx *ctx, json_t *obj, const char *local,
                           unsigned mask);

/* The reading of one document. */
/* What named a link in a dataset description: decides its class (issue 4: only data sources
 * flag a dataset). Shared by the JSON-LD and the RDF/XML readers. */
enum cs_croissant_role {
    CS_ROLE_TOP,      /* the dataset node itself */
    CS_ROLE_HOME,     /* url, sameAs, landingPage, @id of the dataset */
    CS_ROLE_LICENSE,  /* license */
    CS_ROLE_CITE,     /* citeAs, citation */
    CS_ROLE_DIST,     /* the distribution value (list or entry) */
    CS_ROLE_FILE,     /* inside one distribution entry */
    CS_ROLE_FILE_URL, /* the entry's contentUrl and the like */
    CS_ROLE_DATA,     /* isBasedOn, wasDerivedFrom, dct:source */
    CS_ROLE_OTHER
};

/* The links kept of one document, against opts.max_links (one warning when it is reached). */
struct cs_croissant_budget {
    size_t links;
    bool warned;
};

/* Adds url (n bytes; http(s) only, longer than any accepted URL skipped) to d with the class
 * its role gives, within b's budget. Returns CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_croissant_add_url(struct cs_croissant *res, const struct cs_croissant_opts *o,
                                       struct cs_croissant_budget *b,
                                       struct cs_croissant_dataset *d, const char *path,
                                       const char *url, size_t n, enum cs_croissant_role r);

struct cs_croissant_doc {
    struct cs_croissant *res;      /* Borrowed: where datasets go */
    struct cs_croissant_opts o;    /* effective limits */
    struct cs_croissant_ctx ctx;   /* the root's @context */
    json_t *graph_index;           /* @id -> node of the @graph, for {"@id"} references, or NULL */
    json_t **seen;                 /* owned array: dataset nodes already read (a catalog in a */
    size_t nseen;                  /* @graph lists nodes the graph holds too) */
    struct cs_croissant_budget lk; /* links in res */
    size_t budget;                 /* work left: {"@id"} references can make a small document
                                      read a big node many times, so every key looked at and
                                      every value walked costs one unit, 8 per input byte */
    bool warned_datasets, warned_depth;
};

/* A node given as {"@id": x} alone: the @graph node with that @id when there is one, else v. */
json_t *cs_croissant_deref(const struct cs_croissant_doc *doc, json_t *v);

/* Adds every http(s) URL inside node to d's links with its path and class (croissant_links.c). */
int cs_croissant_walk_links(struct cs_croissant_doc *doc, struct cs_croissant_dataset *d,
                            json_t *node);

/* Adds a formatted warning to res (at most 32 are kept). */
int cs_croissant_warn(struct cs_croissant *res, const char *fmt, ...) CS_PRINTF(2, 3);

/* Result builders. Each returns CS_OK or CS_E_NOMEM and copies what it keeps. */
int cs_croissant_list_add(struct cs_croissant_list *l, const char *s, bool dedup);
int cs_croissant_link_add(struct cs_croissant_dataset *d, const char *url, size_t n,
                          const char *where, enum cs_link_class cls);
struct cs_croissant_dataset *
cs_croissant_dataset_add(struct cs_croissant *c); /* NULL: out of memory */
struct cs_croissant_file *cs_croissant_file_add(struct cs_croissant_dataset *d);
void cs_croissant_list_release(struct cs_croissant_list *l);

/* Appends the datasets of one JSON-LD document to res (what cs_croissant_parse does). */
int cs_croissant_read_json(struct cs_croissant *res, const char *buf, size_t len,
                           const struct cs_croissant_opts *opts, struct cs_diag *diag);

/* Adds the Hub dataset ids among refs to d->upstream (croissant.c; dcat_rdf.c shares it). */
int cs_croissant_add_upstream(struct cs_croissant_dataset *d, const struct cs_croissant_list *refs);

/* RFC 3986 3.1: true when s starts with a scheme and ':' ("data/train.csv" has none). */
bool cs_croissant_has_scheme(const char *s);

/* Effective limits: opts fields or the defaults. */
struct cs_croissant_opts cs_croissant_limits(const struct cs_croissant_opts *opts);

#endif
