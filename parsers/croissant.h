/* SPDX-License-Identifier: MIT
 * croissant.h - dataset descriptions in JSON-LD: MLCommons Croissant files (peers.md 6), schema.org
 * Dataset objects embedded in HTML pages (Zenodo, Kaggle, data portals), DCAT datasets in
 * JSON-LD, and the CKAN-side entries of ckan.h share this result (issue 4, "Croissant" and
 * "Dataset pages elsewhere").
 *
 * JSON-LD is read with jansson, not expanded (peers.md 6.4): property names are resolved through
 * the document's @context (prefixes such as cr:, sc:, schema:, rai:, prov:, dct:, dcat:, terms
 * such as "citeAs": "cr:citeAs", @vocab) or written as full IRIs; well-known prefixes work even
 * when the context forgets them, and a bare name in a document without a context is taken at
 * its word. Croissant 1.0 (cr:/sc: prefixes) and 1.1 (full-IRI context, PROV) read the same.
 *
 * Invariants of a result: every string is owned and NUL-terminated; every dataset's links hold
 * every http(s) URL found inside it (not @context, @type, conformsTo or checksums) in document
 * order with the property path it came through and its class; only CS_LINK_DATA links may flag
 * a dataset. Thread-safety: parsing JSON is reentrant; the HTML entry point needs libxml2's
 * one-time xmlInitParser() (cs_htmlmeta_global_init) before threads start.
 */
#ifndef CS_CROISSANT_H
#define CS_CROISSANT_H

#include "cs_err.h"
#include "cs_setup.h"
#include "lineage.h"

/* Default limits (style.md 10.13), each hit by a test: a longer document or page is refused with
 * CS_E_LIMIT; JSON nested deeper than the depth below a dataset, links past the cap, datasets
 * past the cap and scripts past CS_CROISSANT_MAX_SCRIPTS are skipped and the result is marked
 * truncated with a warning. jansson itself refuses JSON nested deeper than 2048 (CS_E_PARSE).
 * Distribution entries and list values are bounded by the document size only. */
#define CS_CROISSANT_MAX_BYTES    (16u * 1024u * 1024u)
#define CS_CROISSANT_MAX_DEPTH    64
#define CS_CROISSANT_MAX_LINKS    10000
#define CS_CROISSANT_MAX_DATASETS 1000
#define CS_CROISSANT_MAX_SCRIPTS  64

struct cs_croissant_opts {
    size_t max_bytes;    /* 0 = CS_CROISSANT_MAX_BYTES */
    int max_depth;       /* 0 = CS_CROISSANT_MAX_DEPTH: JSON nesting walked below a dataset */
    size_t max_links;    /* 0 = CS_CROISSANT_MAX_LINKS: links kept per document */
    size_t max_datasets; /* 0 = CS_CROISSANT_MAX_DATASETS */
};

struct cs_croissant_list {
    char **v; /* owned array of owned strings */
    size_t n;
};

struct cs_croissant_link {
    char *url;   /* owned, as written (trimmed) */
    char *where; /* owned property path inside the dataset: "distribution[0].contentUrl" */
    enum cs_link_class cls;
};

/* One distribution entry: a Croissant FileObject or FileSet, a schema.org DataDownload, a DCAT
 * Distribution or a CKAN resource. */
struct cs_croissant_file {
    char *id;              /* owned @id or NULL */
    char *type;            /* owned local type name ("FileObject", "FileSet") or NULL */
    char *name;            /* owned or NULL */
    char *content_url;     /* owned, as written (may be relative, s3:// ...) or NULL */
    char *encoding_format; /* owned or NULL */
    char *contained_in;    /* owned @id (or name) of the container or NULL */
    char *sha256;          /* owned: 64 hex digits only (placeholders are dropped) or NULL */
    bool relative;         /* content_url has no scheme: relative to the container or page */
    struct cs_croissant_list includes; /* FileSet globs */
};

struct cs_croissant_dataset {
    char *id;                              /* owned @id, or the index's id (CKAN name), or NULL */
    char *name;                            /* owned or NULL */
    char *url;                             /* owned homepage (url, dcat:landingPage) or NULL */
    struct cs_croissant_list licenses;     /* as written: URL, SPDX id or name */
    struct cs_croissant_list same_as;      /* as written */
    struct cs_croissant_list cite_as;      /* as written (often BibTeX) */
    struct cs_croissant_list is_based_on;  /* references as written: URL or name */
    struct cs_croissant_list derived_from; /* prov:wasDerivedFrom references: URL or name */
    struct cs_croissant_list upstream;     /* Hub dataset ids among the two lists above */
    struct cs_croissant_list conforms_to;  /* dct:conformsTo values */
    struct cs_croissant_list collection;   /* rai:dataCollectionType values */
    struct cs_croissant_file *files;       /* owned array: distribution */
    size_t file_count;
    struct cs_croissant_link *links; /* owned array */
    size_t link_count;
};

struct cs_croissant {
    struct cs_croissant_dataset *datasets; /* owned array, document order */
    size_t count;
    struct cs_croissant_list warnings; /* tolerated problems: broken script, skipped node */
    bool truncated;                    /* a depth, link or dataset limit was hit */
    bool rdf;                          /* read from RDF/XML (dcat_rdf.h), not JSON-LD */
};

/* Reads the len bytes at buf as one JSON-LD document: a Dataset object, a @graph, an array of
 * objects, or a DataCatalog (its dataset list). Datasets are nodes whose @type is schema.org
 * Dataset or dcat:Dataset; a top-level object without @type that has a distribution is read as
 * one too (with a warning). Returns CS_OK with *out owned (cs_croissant_free), possibly with no
 * dataset; CS_E_PARSE for invalid JSON (diag: "line L column C: jansson's message"); CS_E_LIMIT
 * when len exceeds the byte limit; CS_E_NOMEM. opts may be NULL (defaults). */
CS_MUST_CHECK int cs_croissant_parse(const char *buf, size_t len,
                                     const struct cs_croissant_opts *opts,
                                     struct cs_croissant **out, struct cs_diag *diag);

/* Reads an HTML page with libxml2's HTML parser (no network, no entity loading, recover mode)
 * and every <script type="application/ld+json"> in it as cs_croissant_parse does, at most
 * CS_CROISSANT_MAX_SCRIPTS scripts. A script that is not valid JSON becomes a warning; the other
 * scripts still count. Returns CS_OK with *out owned; CS_E_LIMIT past the byte limit;
 * CS_E_PARSE when the page has no element at all; CS_E_NOMEM. */
CS_MUST_CHECK int cs_croissant_parse_html(const char *buf, size_t len,
                                          const struct cs_croissant_opts *opts,
                                          struct cs_croissant **out, struct cs_diag *diag);

/* True when the first non-blank byte is '<' (an HTML or XML page rather than JSON). */
bool cs_croissant_looks_like_html(const char *buf, size_t len);

/* True when the bytes look like RDF/XML (issue 4 item 4): after a byte order mark, blanks, an
 * XML declaration, processing instructions and comments (within the first 64 KiB), the first
 * element is rdf:RDF (any prefix: local name "RDF"), or its start tag declares the RDF
 * namespace and it is not <html>. */
bool cs_croissant_looks_like_rdf(const char *buf, size_t len);

/* The reader a dataset description needs, chosen by content_type (may be NULL; parameters
 * ignored) then by the bytes: application/rdf+xml or RDF/XML bytes -> cs_dcat_rdf_parse
 * (dcat_rdf.h); other markup (first byte '<') -> cs_croissant_parse_html; anything else ->
 * cs_croissant_parse. Returns and ownership as the reader chosen. */
CS_MUST_CHECK int cs_croissant_parse_any(const char *buf, size_t len, const char *content_type,
                                         const struct cs_croissant_opts *opts,
                                         struct cs_croissant **out, struct cs_diag *diag);

void cs_croissant_free(struct cs_croissant *c);

/* The object `consentscan croissant` prints, on one line (issue 4 "Interfaces"; the key names
 * are the card command's): name, homepage (null when absent), and the arrays license,
 * source_datasets (is_based_on then derived_from, as written), upstream_datasets, urls (every
 * link URL, first appearance, no duplicates), distribution [{name, id, type, content_url,
 * relative, encoding_format, contained_in, includes, sha256}], links [{url, class, where}],
 * data_collection_type, conforms_to; then warnings and truncated. With several datasets the
 * arrays are their union, name and homepage the first ones found, every link's where is
 * prefixed "datasets[i].", and "datasets" (before warnings) holds one such object per dataset
 * without warnings and truncated. Returns owned (free()), NULL on out of memory. */
char *cs_croissant_to_json(const struct cs_croissant *c);

#endif
