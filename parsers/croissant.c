/* SPDX-License-Identifier: MIT
 * croissant.c - datasets out of a JSON-LD document (croissant.h; peers.md 6; issue 4).
 */
#include "cs_setup.h"

#include "croissant_int.h"

#include "cs_str.h"
#include "dcat_rdf.h"
#include "linkclass.h"

#include <ctype.h>
#include <stdarg.h>
#include <strings.h>

#define CR_MAX_WARNINGS 32

struct cs_croissant_opts cs_croissant_limits(const struct cs_croissant_opts *opts)
{
    struct cs_croissant_opts o = { 0 };

    if (opts)
        o = *opts;
    if (!o.max_bytes)
        o.max_bytes = CS_CROISSANT_MAX_BYTES;
    if (o.max_depth <= 0)
        o.max_depth = CS_CROISSANT_MAX_DEPTH;
    if (!o.max_links)
        o.max_links = CS_CROISSANT_MAX_LINKS;
    if (!o.max_datasets)
        o.max_datasets = CS_CROISSANT_MAX_DATASETS;
    return o;
}

/* ---- builders ---- */

int cs_croissant_list_add(struct cs_croissant_list *l, const char *s, bool dedup)
{
    char *copy, **arr;

    if (!s)
        return CS_OK;
    copy = cs_strndup_trim(s, strlen(s));
    if (!copy)
        return CS_E_NOMEM;
    for (size_t i = 0; (dedup || !*copy) && i < l->n; i++) {
        if (!*copy || strcmp(l->v[i], copy) == 0) {
            free(copy);
            return CS_OK;
        }
    }
    if (!*copy) {
        free(copy);
        return CS_OK;
    }
    arr = realloc(l->v, (l->n + 1) * sizeof(*arr));
    if (!arr) {
        free(copy);
        return CS_E_NOMEM;
    }
    l->v = arr;
    l->v[l->n++] = copy;
    return CS_OK;
}

void cs_croissant_list_release(struct cs_croissant_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

int cs_croissant_link_add(struct cs_croissant_dataset *d, const char *url, size_t n,
                          const char *where, enum cs_link_class cls)
{
    struct cs_croissant_link *arr = realloc(d->links, (d->link_count + 1) * sizeof(*arr));
    struct cs_croissant_link l = { .cls = cls };

    if (!arr)
        return CS_E_NOMEM;
    d->links = arr;
    l.url = cs_strndup_trim(url, n);
    l.where = cs_strdup(where);
    if (!l.url || !l.where) {
        free(l.url);
        free(l.where);
        return CS_E_NOMEM;
    }
    d->links[d->link_count++] = l;
    return CS_OK;
}

struct cs_croissant_dataset *cs_croissant_dataset_add(struct cs_croissant *c)
{
    struct cs_croissant_dataset *arr = realloc(c->datasets, (c->count + 1) * sizeof(*arr));

    if (!arr)
        return NULL;
    c->datasets = arr;
    memset(&arr[c->count], 0, sizeof(*arr));
    return &arr[c->count++];
}

struct cs_croissant_file *cs_croissant_file_add(struct cs_croissant_dataset *d)
{
    struct cs_croissant_file *arr = realloc(d->files, (d->file_count + 1) * sizeof(*arr));

    if (!arr)
        return NULL;
    d->files = arr;
    memset(&arr[d->file_count], 0, sizeof(*arr));
    return &arr[d->file_count++];
}

int cs_croissant_warn(struct cs_croissant *res, const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    if (res->warnings.n >= CR_MAX_WARNINGS)
        return CS_OK;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return cs_croissant_list_add(&res->warnings, msg, true);
}

/* ---- values ---- */

json_t *cs_croissant_deref(const struct cs_croissant_doc *doc, json_t *v)
{
    json_t *id = json_object_get(v, "@id");
    json_t *node;

    if (!doc->graph_index || !json_is_string(id) || json_object_size(v) != 1)
        return v;
    node = json_object_get(doc->graph_index, json_string_value(id));
    return node ? node : v;
}

/* @id -> node for the nodes of a @graph that say more than their @id (the first of each id
 * wins). A jansson object is the hash table; NULL on out of memory (references then stay
 * unresolved). */
static json_t *index_graph(json_t *graph)
{
    json_t *index = json_object();
    size_t i;
    json_t *g;

    json_array_foreach(graph, i, g)
    {
        const char *id = json_string_value(json_object_get(g, "@id"));
        if (index && id && json_object_size(g) > 1 && !json_object_get(index, id) &&
            json_object_set(index, id, g) != 0) {
            json_decref(index);
            return NULL;
        }
    }
    return index;
}

/* A plain string value: "x", {"@value": "x"}, {"@id": "x"}; the first of a list. */
static const char *str_of(json_t *v)
{
    if (json_is_array(v))
        v = json_array_get(v, 0);
    if (json_is_object(v)) {
        json_t *inner = json_object_get(v, "@value");
        v = inner ? inner : json_object_get(v, "@id");
    }
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool blank_id(const char *s)
{
    return s && strncmp(s, "_:", 2) == 0;
}

/* What a reference to a dataset, licence or file names, as written (peers.md 6.2: PROV
 * spellings vary): a string; an object's prov:locatedAt or prov:atLocation, url, an http @id,
 * name, label, any other non-blank @id, @value. Borrowed; NULL when nothing. */
static const char *ref_of(const struct cs_croissant_doc *doc, json_t *v, int depth)
{
    static const char *const order[] = { "locatedAt", "atLocation", "url",  "contentUrl",
                                         "name",      "title",      "label" };
    const char *id;

    if (depth > 4)
        return NULL;
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_array(v))
        return ref_of(doc, json_array_get(v, 0), depth + 1);
    if (!json_is_object(v))
        return NULL;
    v = cs_croissant_deref(doc, v);
    id = json_string_value(json_object_get(v, "@id"));
    for (size_t i = 0; i < CS_ARRAY_LEN(order); i++) {
        const char *r =
            ref_of(doc, cs_croissant_prop(&doc->ctx, v, order[i], CS_CROISSANT_ANY), depth + 1);
        if (r)
            return r;
        if (i == 2 && id && cs_linkclass_is_http(id))
            return id;
    }
    if (id && !blank_id(id))
        return id;
    return json_string_value(json_object_get(v, "@value"));
}

/* Adds the reference(s) of v (a list gives one each) to l. */
static int add_refs(const struct cs_croissant_doc *doc, struct cs_croissant_list *l, json_t *v)
{
    size_t i;
    json_t *e;
    int rc = CS_OK;

    if (!json_is_array(v))
        return cs_croissant_list_add(l, ref_of(doc, v, 0), true);
    json_array_foreach(v, i, e)
    {
        if (rc == CS_OK)
            rc = cs_croissant_list_add(l, ref_of(doc, e, 0), true);
    }
    return rc;
}

/* add_refs over every property of node resolving to local in mask. */
static int add_prop_refs(const struct cs_croissant_doc *doc, struct cs_croissant_list *l,
                         json_t *node, const char *local, unsigned mask)
{
    json_t *vals[4];
    size_t n = cs_croissant_props(&doc->ctx, node, local, mask, vals, CS_ARRAY_LEN(vals));
    int rc = CS_OK;

    for (size_t i = 0; i < n && rc == CS_OK; i++)
        rc = add_refs(doc, l, vals[i]);
    return rc;
}

static int set_str(char **dst, const char *s)
{
    if (*dst || !s)
        return CS_OK;
    *dst = cs_strndup_trim(s, strlen(s));
    return *dst ? CS_OK : CS_E_NOMEM;
}

#define SC       CS_CROISSANT_NSM(CS_CROISSANT_NS_SC)
#define CR       CS_CROISSANT_NSM(CS_CROISSANT_NS_CR)
#define SC_CR    (SC | CR)
#define PROV     CS_CROISSANT_NSM(CS_CROISSANT_NS_PROV)
#define DCT      CS_CROISSANT_NSM(CS_CROISSANT_NS_DCT)
#define DCAT     CS_CROISSANT_NSM(CS_CROISSANT_NS_DCAT)
#define RAI      CS_CROISSANT_NSM(CS_CROISSANT_NS_RAI)
#define CONFORMS (SC_CR | DCT)

/* ---- distribution ---- */

static bool is_sha256(const char *s)
{
    size_t n = 0;

    for (; s && isxdigit((unsigned char)s[n]); n++)
        ;
    return s && n == 64 && s[n] == '\0';
}

/* RFC 3986 3.1: scheme ":" — "data/train.csv" has none, so it is relative. */
bool cs_croissant_has_scheme(const char *s)
{
    size_t i = 0;

    if (!isalpha((unsigned char)s[0]))
        return false;
    while (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
        i++;
    return s[i] == ':';
}

/* containedIn: "id", {"@id"}, a list, or 1.1's {"fileObject": {"@id"}, "transform": ...}. */
static const char *container_of(const struct cs_croissant_doc *doc, json_t *v, int depth)
{
    const char *id;

    if (depth > 4)
        return NULL;
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_array(v))
        return container_of(doc, json_array_get(v, 0), depth + 1);
    id = json_string_value(json_object_get(v, "@id"));
    if (id)
        return id;
    v = cs_croissant_prop(&doc->ctx, v, "fileObject", SC_CR)
            ? cs_croissant_prop(&doc->ctx, v, "fileObject", SC_CR)
            : cs_croissant_prop(&doc->ctx, v, "fileSet", SC_CR);
    return v ? container_of(doc, v, depth + 1) : NULL;
}

static const char *first_ref(const struct cs_croissant_doc *doc, json_t *node,
                             const char *const *names, unsigned mask)
{
    for (; *names; names++) {
        const char *r = ref_of(doc, cs_croissant_prop(&doc->ctx, node, *names, mask), 0);
        if (r)
            return r;
    }
    return NULL;
}

static int read_file(const struct cs_croissant_doc *doc, struct cs_croissant_dataset *d,
                     json_t *node)
{
    static const char *const url_names[] = { "contentUrl", "downloadURL", "accessURL", NULL };
    static const char *const fmt_names[] = { "encodingFormat", "mediaType", "format", "fileFormat",
                                             NULL };
    static const char *const name_names[] = { "name", "title", NULL };
    struct cs_croissant_file *f = cs_croissant_file_add(d);
    struct cs_croissant_name type = { .ns = CS_CROISSANT_NS_NONE };
    const char *sha;
    int rc;

    if (!f)
        return CS_E_NOMEM;
    if (str_of(json_object_get(node, "@type")))
        cs_croissant_resolve(&doc->ctx, str_of(json_object_get(node, "@type")), &type);
    sha = str_of(cs_croissant_prop(&doc->ctx, node, "sha256", SC_CR));
    rc = set_str(&f->id, json_string_value(json_object_get(node, "@id")));
    if (rc == CS_OK && type.local[0])
        rc = set_str(&f->type, type.local);
    if (rc == CS_OK)
        rc = set_str(&f->name, first_ref(doc, node, name_names, SC | DCT));
    if (rc == CS_OK)
        rc = set_str(&f->content_url, first_ref(doc, node, url_names, SC_CR | DCAT));
    if (rc == CS_OK)
        rc = set_str(&f->encoding_format, first_ref(doc, node, fmt_names, SC_CR | DCT | DCAT));
    if (rc == CS_OK)
        rc =
            set_str(&f->contained_in,
                    container_of(doc, cs_croissant_prop(&doc->ctx, node, "containedIn", SC_CR), 0));
    if (rc == CS_OK && is_sha256(sha))
        rc = set_str(&f->sha256, sha); /* peers.md 6.2: HF writes a URL here as a placeholder */
    if (rc == CS_OK)
        rc = add_prop_refs(doc, &f->includes, node, "includes", SC_CR);
    f->relative = f->content_url && !cs_croissant_has_scheme(f->content_url);
    return rc;
}

static int read_distribution(const struct cs_croissant_doc *doc, struct cs_croissant_dataset *d,
                             json_t *node)
{
    json_t *vals[3];
    size_t n = cs_croissant_props(&doc->ctx, node, "distribution", SC_CR | DCAT, vals, 3);
    int rc = CS_OK;

    for (size_t k = 0; k < n && rc == CS_OK; k++) {
        size_t i;
        json_t *e;
        if (json_is_object(vals[k]))
            rc = read_file(doc, d, cs_croissant_deref(doc, vals[k]));
        json_array_foreach(vals[k], i, e)
        {
            if (rc == CS_OK && json_is_object(e))
                rc = read_file(doc, d, cs_croissant_deref(doc, e));
        }
    }
    return rc;
}

/* ---- one dataset ---- */

/* Hub dataset ids among the references (issue 4 "upstream_datasets"): Hub URLs, hf:// URIs and
 * "org/name" ids written as such. A bare one-word name is not taken for a Hub id here. */
int cs_croissant_add_upstream(struct cs_croissant_dataset *d, const struct cs_croissant_list *refs)
{
    int rc = CS_OK;

    for (size_t i = 0; i < refs->n && rc == CS_OK; i++) {
        char *id = cs_linkclass_hub_dataset(refs->v[i]);
        if (id)
            rc = cs_croissant_list_add(&d->upstream, id, true);
        else if (strchr(refs->v[i], '/') && cs_lineage_is_hub_id(refs->v[i]))
            rc = cs_croissant_list_add(&d->upstream, refs->v[i], true);
        free(id);
    }
    return rc;
}

static int read_lists(const struct cs_croissant_doc *doc, struct cs_croissant_dataset *d,
                      json_t *node)
{
    int rc = add_prop_refs(doc, &d->licenses, node, "license", SC | DCT);

    if (rc == CS_OK)
        rc = add_prop_refs(doc, &d->same_as, node, "sameAs", SC_CR);
    if (rc == CS_OK)
        rc = add_prop_refs(doc, &d->cite_as, node, "citeAs", SC_CR);
    if (rc == CS_OK)
        rc = add_prop_refs(doc, &d->cite_as, node, "citation", SC_CR); /* Croissant 0.8 */
    if (rc == CS_OK)
        rc = add_prop_refs(doc, &d->is_based_on, node, "isBasedOn", SC_CR);
    if (rc == CS_OK)
        rc = add_prop_refs(doc, &d->is_based_on, node, "isBasedOnUrl", SC);
    if (rc == CS_OK)
        rc = add_prop_refs(doc, &d->derived_from, node, "wasDerivedFrom", PROV);
    if (rc == CS_OK)
        rc = add_prop_refs(doc, &d->derived_from, node, "source", DCT); /* DCAT's lineage */
    if (rc == CS_OK)
        rc = add_prop_refs(doc, &d->conforms_to, node, "conformsTo", CONFORMS);
    if (rc == CS_OK)
        rc = add_prop_refs(doc, &d->collection, node, "dataCollectionType", RAI);
    if (rc == CS_OK)
        rc = cs_croissant_add_upstream(d, &d->is_based_on);
    if (rc == CS_OK)
        rc = cs_croissant_add_upstream(d, &d->derived_from);
    return rc;
}

static int read_dataset(struct cs_croissant_doc *doc, json_t *node)
{
    static const char *const home[] = { "url", "landingPage", NULL };
    static const char *const names[] = { "name", "title", NULL };
    struct cs_croissant_dataset *d;
    json_t **seen;
    int rc;

    for (size_t i = 0; i < doc->nseen; i++) {
        if (doc->seen[i] == node)
            return CS_OK;
    }
    if (doc->res->count >= doc->o.max_datasets) {
        doc->res->truncated = true;
        if (doc->warned_datasets)
            return CS_OK;
        doc->warned_datasets = true;
        return cs_croissant_warn(doc->res, "more than %zu datasets: the rest is skipped",
                                 doc->o.max_datasets);
    }
    seen = realloc(doc->seen, (doc->nseen + 1) * sizeof(*seen)); /* <= max_datasets */
    if (!seen)
        return CS_E_NOMEM;
    doc->seen = seen;
    doc->seen[doc->nseen++] = node;
    d = cs_croissant_dataset_add(doc->res);
    if (!d)
        return CS_E_NOMEM;
    rc = set_str(&d->id, json_string_value(json_object_get(node, "@id")));
    if (rc == CS_OK)
        rc = set_str(&d->name, str_of(cs_croissant_prop(&doc->ctx, node, "name", SC)));
    if (rc == CS_OK)
        rc = set_str(&d->name, first_ref(doc, node, names, SC | DCT));
    if (rc == CS_OK)
        rc = set_str(&d->url, first_ref(doc, node, home, SC | DCAT));
    if (rc == CS_OK)
        rc = read_lists(doc, d, node);
    if (rc == CS_OK)
        rc = read_distribution(doc, d, node);
    if (rc == CS_OK)
        rc = cs_croissant_walk_links(doc, d, node);
    return rc;
}

/* ---- the document ---- */

static int read_catalog(struct cs_croissant_doc *doc, json_t *node)
{
    json_t *vals[2];
    size_t n = cs_croissant_props(&doc->ctx, node, "dataset", SC | DCAT, vals, 2);
    int rc = CS_OK;

    for (size_t k = 0; k < n && rc == CS_OK; k++) {
        size_t i;
        json_t *e;
        if (json_is_object(vals[k]))
            rc = read_dataset(doc, cs_croissant_deref(doc, vals[k]));
        json_array_foreach(vals[k], i, e)
        {
            if (rc == CS_OK && json_is_object(e))
                rc = read_dataset(doc, cs_croissant_deref(doc, e));
        }
    }
    return rc;
}

static int visit_node(struct cs_croissant_doc *doc, json_t *node, bool top)
{
    if (!json_is_object(node))
        return CS_OK;
    if (cs_croissant_has_type(&doc->ctx, node, "Dataset", SC | DCAT))
        return read_dataset(doc, node);
    if (cs_croissant_has_type(&doc->ctx, node, "DataCatalog", SC) ||
        cs_croissant_has_type(&doc->ctx, node, "Catalog", DCAT))
        return read_catalog(doc, node);
    if (top && !json_object_get(node, "@type") &&
        cs_croissant_prop(&doc->ctx, node, "distribution", SC_CR | DCAT)) {
        int rc = cs_croissant_warn(doc->res, "an object without @type read as a dataset");
        return rc == CS_OK ? read_dataset(doc, node) : rc;
    }
    return CS_OK;
}

/* A root: an object (with its own @context and maybe a @graph) or an array of them. */
static int visit_root(struct cs_croissant_doc *doc, json_t *v, int depth)
{
    struct cs_croissant_ctx saved = doc->ctx;
    json_t *saved_index = doc->graph_index;
    json_t *graph, *e;
    size_t i;
    int rc = CS_OK;

    if (json_is_array(v)) {
        json_array_foreach(v, i, e)
        {
            if (rc == CS_OK && depth < 2)
                rc = visit_root(doc, e, depth + 1);
        }
        return rc;
    }
    if (!json_is_object(v))
        return CS_OK;
    if (json_object_get(v, "@context"))
        cs_croissant_ctx_load(&doc->ctx, json_object_get(v, "@context"));
    graph = json_object_get(v, "@graph");
    if (json_is_array(graph)) {
        doc->graph_index = index_graph(graph);
        json_array_foreach(graph, i, e)
        {
            if (rc == CS_OK)
                rc = visit_node(doc, e, false);
        }
    }
    if (rc == CS_OK)
        rc = visit_node(doc, v, !graph);
    if (doc->graph_index != saved_index)
        json_decref(doc->graph_index);
    doc->ctx = saved;
    doc->graph_index = saved_index;
    return rc;
}

int cs_croissant_read_json(struct cs_croissant *res, const char *buf, size_t len,
                           const struct cs_croissant_opts *opts, struct cs_diag *diag)
{
    struct cs_croissant_doc doc = { .res = res, .o = cs_croissant_limits(opts) };
    json_error_t err;
    json_t *root;
    int rc;

    if (len > doc.o.max_bytes) {
        cs_diag_set(diag, 0, CS_E_LIMIT, "document of %zu bytes exceeds the limit of %zu", len,
                    doc.o.max_bytes);
        return CS_E_LIMIT;
    }
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3; /* a UTF-8 byte order mark, which jansson refuses */
        len -= 3;
    }
    root = json_loadb(buf, len, 0, &err);
    if (!root) {
        cs_diag_set(diag, err.line, CS_E_PARSE, "invalid JSON: line %d column %d: %s", err.line,
                    err.column, err.text);
        return CS_E_PARSE;
    }
    for (size_t i = 0; i < res->count; i++)
        doc.lk.links += res->datasets[i].link_count;
    doc.budget = len < (SIZE_MAX - 4096) / 8 ? 8 * len + 4096 : SIZE_MAX;
    doc.ctx.budget = &doc.budget;
    rc = visit_root(&doc, root, 0);
    if (rc == CS_OK && doc.budget == 0) {
        res->truncated = true;
        rc = cs_croissant_warn(res, "work limit reached (references read over and over): the "
                                    "rest is skipped");
    }
    free(doc.seen);
    json_decref(root);
    return rc;
}

int cs_croissant_parse(const char *buf, size_t len, const struct cs_croissant_opts *opts,
                       struct cs_croissant **out, struct cs_diag *diag)
{
    struct cs_croissant *res = calloc(1, sizeof(*res));
    int rc;

    *out = NULL;
    if (!res)
        return CS_E_NOMEM;
    rc = cs_croissant_read_json(res, buf ? buf : "", buf ? len : 0, opts, diag);
    if (rc != CS_OK) {
        cs_croissant_free(res);
        return rc;
    }
    *out = res;
    return CS_OK;
}

static void file_release(struct cs_croissant_file *f)
{
    free(f->id);
    free(f->type);
    free(f->name);
    free(f->content_url);
    free(f->encoding_format);
    free(f->contained_in);
    free(f->sha256);
    cs_croissant_list_release(&f->includes);
}

static void dataset_release(struct cs_croissant_dataset *d)
{
    struct cs_croissant_list *lists[] = { &d->licenses,    &d->same_as,      &d->cite_as,
                                          &d->is_based_on, &d->derived_from, &d->upstream,
                                          &d->conforms_to, &d->collection };

    free(d->id);
    free(d->name);
    free(d->url);
    for (size_t i = 0; i < CS_ARRAY_LEN(lists); i++)
        cs_croissant_list_release(lists[i]);
    for (size_t i = 0; i < d->file_count; i++)
        file_release(&d->files[i]);
    free(d->files);
    for (size_t i = 0; i < d->link_count; i++) {
        free(d->links[i].url);
        free(d->links[i].where);
    }
    free(d->links);
}

void cs_croissant_free(struct cs_croissant *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->count; i++)
        dataset_release(&c->datasets[i]);
    free(c->datasets);
    cs_croissant_list_release(&c->warnings);
    free(c);
}

bool cs_croissant_looks_like_html(const char *buf, size_t len)
{
    size_t i = 0;

    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3; /* a UTF-8 byte order mark */
    while (i < len && isspace((unsigned char)buf[i]))
        i++;
    return i < len && buf[i] == '<';
}

/* The first n bytes at needle inside the len bytes at hay, or NULL. */
static const char *find(const char *hay, size_t len, const char *needle, size_t n)
{
    for (size_t i = 0; i + n <= len; i++) {
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return hay + i;
    }
    return NULL;
}

/* Skips "<?...?>" and "<!--...-->" at *i (after blanks); false at the end of the bytes. */
static bool skip_prolog(const char *buf, size_t len, size_t *i)
{
    for (;;) {
        const char *end = NULL;
        size_t close = 2;
        while (*i < len && isspace((unsigned char)buf[*i]))
            (*i)++;
        if (*i + 4 <= len && memcmp(buf + *i, "<!--", 4) == 0) {
            close = 3;
            end = find(buf + *i, len - *i, "-->", close);
        } else if (*i + 2 <= len && memcmp(buf + *i, "<?", 2) == 0)
            end = find(buf + *i, len - *i, "?>", 2);
        else
            return *i < len;
        if (!end)
            return false;
        *i = (size_t)(end - buf) + close;
    }
}

bool cs_croissant_looks_like_rdf(const char *buf, size_t len)
{
    static const char rdf_ns[] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    size_t i = 0, name, tag;

    if (len > 65536)
        len = 65536;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    if (!skip_prolog(buf, len, &i) || buf[i] != '<')
        return false;
    for (name = i + 1;
         name < len && !isspace((unsigned char)buf[name]) && buf[name] != '>' && buf[name] != '/';
         name++)
        ;
    for (tag = name; tag < len && buf[tag] != '>'; tag++)
        ;
    if ((name - i - 1 == 3 || (name - i - 1 > 3 && buf[name - 4] == ':')) &&
        memcmp(buf + name - 3, "RDF", 3) == 0)
        return true;
    if (name - i - 1 == 4 && strncasecmp(buf + i + 1, "html", 4) == 0)
        return false;
    return find(buf + i, tag - i, rdf_ns, sizeof(rdf_ns) - 1) != NULL;
}

int cs_croissant_parse_any(const char *buf, size_t len, const char *content_type,
                           const struct cs_croissant_opts *opts, struct cs_croissant **out,
                           struct cs_diag *diag)
{
    const char *ct = content_type ? content_type : "";

    while (isspace((unsigned char)*ct))
        ct++;
    buf = buf ? buf : "";
    if (strncasecmp(ct, "application/rdf+xml", 19) == 0 || cs_croissant_looks_like_rdf(buf, len))
        return cs_dcat_rdf_parse(buf, len, opts, out, diag);
    if (cs_croissant_looks_like_html(buf, len))
        return cs_croissant_parse_html(buf, len, opts, out, diag);
    return cs_croissant_parse(buf, len, opts, out, diag);
}
