/* SPDX-License-Identifier: MIT
 * indexwork.c - dataset descriptions beside the Hub's cards (hubwork.h; issue 4 items 3 and 4):
 * a dataset's Croissant file, CKAN package_search pages, and dataset pages with schema.org or
 * DCAT JSON-LD, and DCAT catalogues in RDF/XML. One reader (croissant.h) gives them one shape; each
 * kind keeps its own scope of edges.
 */
#include "cs_setup.h"

#include "ckan.h"
#include "croissant.h"
#include "cs_limits.h"
#include "cs_str.h"
#include "hubwork_int.h"
#include "url.h"

/* ---- Croissant files ----------------------------------------------------------------------- */

/* The dataset id of a derivation reference on the index's own origin (BASE/datasets/ORG/NAME,
 * with or without a path below): the reader knows huggingface.co, this knows the crawl's hub.
 * Returns owned node name, or NULL. */
static char *hub_dataset_ref(const char *url, const char *hub_origin)
{
    struct cs_url u;
    char id[256] = "";
    char *node = NULL;

    if (!hub_origin || cs_url_parse(url, &u, NULL) != CS_OK)
        return NULL;
    if (strcmp(u.origin, hub_origin) == 0 && strncmp(u.path_query, "/datasets/", 10) == 0) {
        const char *p = u.path_query + 10;
        size_t org = strcspn(p, "/?#");
        size_t name = p[org] == '/' ? strcspn(p + org + 1, "/?#") : 0;
        snprintf(id, sizeof(id), "%.*s", (int)(name ? org + 1 + name : org), p);
        node = cs_lineage_is_hub_id(id) ? cs_lineage_dataset_node(id) : NULL;
    }
    cs_url_release(&u);
    return node;
}

/* One dataset of the document: its links (class from the reader, hosted when on the index's
 * origin) and the Hub datasets it says it was built from. */
static int dataset_edges(const struct cs_croissant_dataset *d, const char *hub_origin,
                         const char *derived_via, struct cs_hubout *o);

static int croissant_dataset(const struct cs_croissant_dataset *d, const char *hub_origin,
                             struct cs_hubout *o)
{
    char via[64];

    /* the reader's scope: each kind of document replaces only its own edges */
    snprintf(via, sizeof(via), "%sprov:wasDerivedFrom", o->scope);
    return dataset_edges(d, hub_origin, cs_hubout_keep(o, cs_strdup(via)), o);
}

static int dataset_edges(const struct cs_croissant_dataset *d, const char *hub_origin,
                         const char *derived_via, struct cs_hubout *o)
{
    int rc = CS_OK;

    for (size_t i = 0; rc == CS_OK && i < d->upstream.n; i++) {
        struct cs_graph_edge e = { .kind = CS_EDGE_DERIVED_FROM,
                                   .to_kind = CS_NODE_DATASET,
                                   .via = derived_via };
        e.to = cs_hubout_keep(o, cs_lineage_dataset_node(d->upstream.v[i]));
        if (e.to && strcmp(e.to, o->node) != 0)
            rc = cs_hubout_edge(o, &e);
    }
    for (size_t i = 0; rc == CS_OK && i < d->link_count; i++) {
        const struct cs_croissant_link *l = &d->links[i];
        char *up = strstr(l->where, "wasDerivedFrom") || strstr(l->where, "isBasedOn")
                       ? hub_dataset_ref(l->url, hub_origin)
                       : NULL;
        if (up && strcmp(up, o->node) != 0) {
            struct cs_graph_edge e = { .kind = CS_EDGE_DERIVED_FROM,
                                       .to_kind = CS_NODE_DATASET,
                                       .via = derived_via };
            e.to = cs_hubout_keep(o, up);
            rc = e.to ? cs_hubout_edge(o, &e) : CS_E_NOMEM;
        } else {
            free(up);
        }
        if (rc == CS_OK)
            rc = cs_hubout_link(l->url, o->scope, l->where, l->cls, hub_origin, o);
    }
    return rc;
}

int cs_hubwork_croissant(const struct cs_hubwork_ctx *ctx, const char *extra,
                         const struct cs_response *r, struct cs_hubout *out)
{
    struct cs_diag diag = { 0 };
    struct cs_croissant *c = NULL;
    char *buf, *f[4];
    int rc = cs_hubout_begin(extra, "Croissant", &buf, f, out);

    if (rc != CS_OK)
        return rc == CS_E_PARSE ? CS_OK : rc;
    if (r->http_status != 200 && r->http_status != 404) {
        /* not convertible (the Hub answers 4xx/5xx for some datasets): edges stay as stored */
        snprintf(out->note, sizeof(out->note), "Croissant of %s not read: %s", f[1],
                 r->error ? r->error : "unexpected HTTP status");
        free(buf);
        return CS_OK;
    }
    rc = cs_hubout_entry_node(CS_HUB_READER_CROISSANT, f, false, out);
    out->replace_edges = true;
    out->scope = "croissant:";
    if (rc == CS_OK && r->http_status == 200) {
        rc = cs_croissant_parse(r->body ? r->body : "", r->body_len, NULL, &c, &diag);
        for (size_t i = 0; rc == CS_OK && i < c->count; i++)
            rc = croissant_dataset(&c->datasets[i], ctx->hub_origin, out);
        if (rc == CS_E_PARSE || rc == CS_E_LIMIT) {
            /* a broken document changes nothing stored */
            snprintf(out->note, sizeof(out->note), "Croissant of %s unreadable: %s", f[1],
                     diag.msg);
            out->put_node = out->replace_edges = false;
            rc = CS_OK;
        }
        cs_croissant_free(c);
    }
    free(buf);
    return rc;
}

/* ---- other indexes: CKAN portals, schema.org and DCAT pages ------------------------------ */

/* Turns the edges built so far (o->edges, for o->node) into a group of the page. Takes node. */
static int close_group(struct cs_hubout *o, const struct cs_croissant_dataset *d)
{
    struct cs_hub_group *p = realloc(o->groups, (o->n_groups + 1) * sizeof(*p));

    if (!p)
        return CS_E_NOMEM;
    o->groups = p;
    p = &p[o->n_groups++];
    memset(p, 0, sizeof(*p));
    p->node = o->node;
    p->edges = o->edges;
    p->n_edges = o->n_edges;
    p->title = cs_strdup(d->name);
    p->license = d->licenses.n ? cs_strdup(d->licenses.v[0]) : NULL;
    o->node = NULL;
    o->edges = NULL;
    o->n_edges = 0;
    return (d->name && !p->title) || (d->licenses.n && !p->license) ? CS_E_NOMEM : CS_OK;
}

typedef char *group_name_fn(const struct cs_croissant_dataset *d, size_t i, const void *arg);

/* The datasets of a parsed document, each its own group named by name_of. */
static int groups_of(const struct cs_hubwork_ctx *ctx, const struct cs_croissant *c,
                     group_name_fn *name_of, const void *arg, struct cs_hubout *o)
{
    int rc = CS_OK;

    for (size_t i = 0; rc == CS_OK && i < c->count; i++) {
        o->node = name_of(&c->datasets[i], i, arg);
        if (!o->node)
            return CS_E_NOMEM;
        rc = croissant_dataset(&c->datasets[i], ctx->hub_origin, o);
        if (rc == CS_OK)
            rc = close_group(o, &c->datasets[i]);
    }
    return rc;
}

/* The value of one query parameter of url (Returns owned), NULL when absent. */
static char *query_param(const char *url, const char *name)
{
    const char *q = strchr(url, '?');
    size_t n = strlen(name);

    while (q) {
        q++;
        if (strncmp(q, name, n) == 0 && q[n] == '=')
            return cs_strndup(q + n + 1, strcspn(q + n + 1, "&#"));
        q = strchr(q, '&');
    }
    return NULL;
}

/* url without its start= and rows= parameters. Returns owned. */
static char *without_paging(const char *url)
{
    size_t n = strlen(url);
    const char *q = strchr(url, '?');
    char *out = malloc(n + 2);
    size_t w;

    if (!out)
        return NULL;
    w = q ? (size_t)(q - url) : n;
    memcpy(out, url, w);
    out[w] = '\0';
    while (q && *q) {
        const char *arg = q + 1;
        size_t len = strcspn(arg, "&#");
        if (len && strncmp(arg, "start=", 6) != 0 && strncmp(arg, "rows=", 5) != 0) {
            char sep = memchr(out, '?', w) ? '&' : '?';
            out[w++] = sep;
            memcpy(out + w, arg, len);
            w += len;
            out[w] = '\0';
        }
        q = arg[len] == '&' ? arg + len : NULL;
    }
    return out;
}

static int ckan_page(struct cs_hubout *o, const char *base, long long start, long long rows)
{
    char url[CS_MAX_URL_LEN + 64], extra[CS_MAX_URL_LEN + 128];

    snprintf(url, sizeof(url), "%s%cstart=%lld&rows=%lld", base, strchr(base, '?') ? '&' : '?',
             start, rows);
    snprintf(extra, sizeof(extra), "k\t%lld\t%lld\t%s", start, rows, base);
    return cs_hubout_follow(o, 'K', url, extra, url);
}

bool cs_hubwork_ckan_first(const char *url, char **page, char **extra)
{
    char *rows = query_param(url, "rows");
    long long r = rows ? strtoll(rows, NULL, 10) : 0;
    char *base = without_paging(url);
    struct cs_hubout o = { 0 };
    bool ok;

    free(rows);
    ok = base && ckan_page(&o, base, 0, r > 0 && r <= 1000 ? r : 100) == CS_OK;
    *page = ok ? o.follow[0].input : NULL;
    *extra = ok ? o.follow[0].extra : NULL;
    if (ok)
        o.follow[0].input = o.follow[0].extra = NULL;
    cs_hubout_release(&o);
    free(base);
    return ok;
}

/* A CKAN package's node: its page on the portal. */
static char *ckan_node(const struct cs_croissant_dataset *d, size_t i, const void *origin)
{
    char buf[CS_MAX_URL_LEN];

    (void)i;
    snprintf(buf, sizeof(buf), "%s/dataset/%s", (const char *)origin, d->id ? d->id : "");
    return cs_strdup(buf);
}

int cs_hubwork_ckan(const struct cs_hubwork_ctx *ctx, const char *page_url, const char *extra,
                    const struct cs_response *r, struct cs_hubout *out)
{
    struct cs_diag diag = { 0 };
    struct cs_croissant *c = NULL;
    long long total = -1, start = 0, rows = 0;
    const char *base = NULL;
    struct cs_url u;
    int rc;

    memset(out, 0, sizeof(*out));
    out->scope = "ckan:";
    if (sscanf(extra, "k\t%lld\t%lld\t", &start, &rows) == 2)
        base = strchr(strchr(strchr(extra, '\t') + 1, '\t') + 1, '\t');
    if (!base || rows <= 0 || r->http_status != 200 || cs_url_parse(page_url, &u, NULL) != CS_OK) {
        snprintf(out->note, sizeof(out->note), "CKAN page not read: %s",
                 r->error ? r->error : "unexpected HTTP status");
        return CS_OK;
    }
    rc = cs_ckan_parse(r->body ? r->body : "", r->body_len, &c, &total, &diag);
    if (rc == CS_OK)
        rc = groups_of(ctx, c, ckan_node, u.origin, out);
    if (rc == CS_OK && c->count > 0 && total > start + rows)
        rc = ckan_page(out, base + 1, start + rows, rows);
    if (rc == CS_E_PARSE || rc == CS_E_LIMIT) {
        snprintf(out->note, sizeof(out->note), "CKAN page unreadable: %s", diag.msg);
        rc = CS_OK;
    }
    cs_croissant_free(c);
    cs_url_release(&u);
    return rc;
}

/* A dataset of a page: its @id or url when that is a URL, else the page (with its index when
 * the page describes several). */
static char *page_node(const struct cs_croissant_dataset *d, size_t i, const void *page)
{
    const char *cand[] = { d->id, d->url };
    char buf[CS_MAX_URL_LEN + 32];
    struct cs_url u;

    for (size_t k = 0; k < CS_ARRAY_LEN(cand); k++) {
        if (cand[k] && cs_url_parse(cand[k], &u, NULL) == CS_OK) {
            char *s = cs_strdup(u.url);
            cs_url_release(&u);
            return s;
        }
    }
    if (i == 0)
        return cs_strdup(page);
    snprintf(buf, sizeof(buf), "%s#dataset-%zu", (const char *)page, i);
    return cs_strdup(buf);
}

int cs_hubwork_page(const struct cs_hubwork_ctx *ctx, const char *page_url,
                    const struct cs_response *r, struct cs_hubout *out)
{
    struct cs_diag diag = { 0 };
    struct cs_croissant *c = NULL;
    const char *body = r->body ? r->body : "";
    int rc;

    memset(out, 0, sizeof(*out));
    out->scope = "jsonld:";
    if (r->http_status != 200) {
        snprintf(out->note, sizeof(out->note), "dataset page not read: %s",
                 r->error ? r->error : "unexpected HTTP status");
        return CS_OK;
    }
    /* JSON-LD, an HTML page with JSON-LD, or a DCAT catalogue in RDF/XML (dcat_rdf.h) */
    rc = cs_croissant_parse_any(body, r->body_len, cs_response_header(r, "content-type", 0), NULL,
                                &c, &diag);
    if (rc == CS_OK && c->rdf)
        out->scope = "rdf:"; /* the edges say which syntax named them */
    if (rc == CS_OK)
        rc = groups_of(ctx, c, page_node, page_url, out);
    if (rc == CS_OK && c->count == 0)
        snprintf(out->note, sizeof(out->note), "no schema.org or DCAT Dataset or Croissant found");
    if (rc == CS_E_PARSE || rc == CS_E_LIMIT) {
        snprintf(out->note, sizeof(out->note), "dataset page unreadable: %s", diag.msg);
        rc = CS_OK;
    }
    if (r->truncated) { /* an HTML page is read up to the cut; a JSON document cut is unreadable */
        size_t n = strlen(out->note);
        snprintf(out->note + n, sizeof(out->note) - n, "%sdataset page cut at %u bytes",
                 n ? "; " : "", (unsigned)CS_CARD_MAX_BYTES);
    }
    cs_croissant_free(c);
    return rc;
}
