/* SPDX-License-Identifier: MIT
 * graph_rec.c - node keys and the 'N' (node) and 'E' (edge) records of the lineage graph
 * (schema.h): a record header then compact JSON with sorted keys, readable with mdb_dump -p.
 */
#include "cs_setup.h"

#include "blob.h"
#include "cs_str.h"
#include "graph_int.h"
#include "records.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int cs_graph_key(enum cs_node_kind kind, const char *name,
                 unsigned char out[static CS_KEY_NODE_LEN])
{
    unsigned char md[CS_KEY_SHA_LEN];
    int rc;

    if ((unsigned)kind >= CS_NODE__COUNT || !name || !*name)
        return CS_E_INVALID;
    rc = cs_blob_sha256(name, strlen(name), md);
    out[0] = (unsigned char)kind;
    memcpy(out + 1, md, CS_KEY_NODE_LEN - 1);
    return rc;
}

/* Sets key to s when s is non-NULL; false when s is not UTF-8 or out of memory. */
static bool set_opt(json_t *obj, const char *key, const char *s)
{
    return !s || json_object_set_new(obj, key, json_string(s)) == 0;
}

static bool set_time(json_t *obj, const char *key, int64_t t)
{
    return t == 0 || json_object_set_new(obj, key, json_integer((json_int_t)t)) == 0;
}

/* Copies the string member key into *dst (NULL when absent); false on out of memory. */
static bool get_opt(const json_t *obj, const char *key, char **dst)
{
    const char *s = json_string_value(json_object_get(obj, key));

    *dst = s ? cs_strdup(s) : NULL;
    return !s || *dst;
}

static int64_t get_time(const json_t *obj, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(obj, key));
}

int cs_graph_rec_encode_node(const struct cs_graph_node *n, char **out, size_t *len_out)
{
    json_t *root = json_object();
    bool ok = root != NULL;

    ok = ok && set_opt(root, "kind", cs_node_kind_name(n->kind)) && set_opt(root, "name", n->name);
    ok = ok && set_opt(root, "sha", n->sha) && set_opt(root, "last_modified", n->last_modified);
    ok = ok && set_opt(root, "title", n->title) && set_opt(root, "license", n->license);
    ok = ok && set_opt(root, "entry", n->entry) && set_opt(root, "origin", n->origin);
    ok = ok && set_time(root, "first_seen", n->first_seen);
    ok = ok && set_time(root, "fetched_at", n->fetched_at);
    ok = ok && set_time(root, "gone_at", n->gone_at);
    return cs_rec_encode_json(ok ? root : (json_decref(root), NULL), CS_REC_NODE, 0, out, len_out);
}

int cs_graph_rec_decode_node(const void *val, size_t len, struct cs_graph_node **out)
{
    json_t *root = cs_rec_decode_json(val, len, CS_REC_NODE, NULL);
    struct cs_graph_node *n = NULL;
    enum cs_node_kind kind;
    int rc = CS_E_STORE;

    *out = NULL;
    if (!root || !json_is_string(json_object_get(root, "name")) ||
        cs_node_kind_parse(json_string_value(json_object_get(root, "kind")), &kind) != CS_OK)
        goto out;
    rc = CS_E_NOMEM;
    n = calloc(1, sizeof(*n));
    if (!n)
        goto out;
    n->kind = kind;
    if (!get_opt(root, "name", &n->name) || !get_opt(root, "sha", &n->sha) ||
        !get_opt(root, "last_modified", &n->last_modified) || !get_opt(root, "title", &n->title) ||
        !get_opt(root, "license", &n->license) || !get_opt(root, "entry", &n->entry) ||
        !get_opt(root, "origin", &n->origin))
        goto out;
    n->first_seen = get_time(root, "first_seen");
    n->fetched_at = get_time(root, "fetched_at");
    n->gone_at = get_time(root, "gone_at");
    *out = n;
    n = NULL;
    rc = CS_OK;
out:
    json_decref(root);
    cs_graph_node_free(n);
    return rc;
}

void cs_graph_node_free(struct cs_graph_node *n)
{
    if (!n)
        return;
    free(n->name);
    free(n->sha);
    free(n->last_modified);
    free(n->title);
    free(n->license);
    free(n->entry);
    free(n->origin);
    free(n);
}

static json_t *link_json(const struct cs_graph_rec_link *l)
{
    json_t *o = json_object();
    bool ok = o != NULL;

    ok = ok && set_opt(o, "via", l->via) && set_opt(o, "detail", l->detail);
    if (ok && l->link >= 0)
        ok = set_opt(o, "class", cs_link_class_name((enum cs_link_class)l->link));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int cs_graph_rec_encode_edge(const struct cs_graph_rec_edge *e, char **out, size_t *len_out)
{
    json_t *root = json_object();
    json_t *links = json_array();
    bool ok =
        root && links && set_opt(root, "to", e->to) && set_time(root, "first_seen", e->first_seen);

    for (size_t i = 0; ok && i < e->n_links; i++)
        ok = json_array_append_new(links, link_json(&e->links[i])) == 0;
    ok = ok && json_object_set(root, "links", links) == 0;
    json_decref(links);
    return cs_rec_encode_json(ok ? root : (json_decref(root), NULL), CS_REC_EDGE, 0, out, len_out);
}

static int decode_link(const json_t *o, struct cs_graph_rec_link *l)
{
    const char *cls = json_string_value(json_object_get(o, "class"));
    enum cs_link_class c;

    l->link = -1;
    if (!json_is_object(o))
        return CS_E_STORE;
    if (cls && cs_link_class_parse(cls, &c) != CS_OK)
        return CS_E_STORE;
    if (cls)
        l->link = (int)c;
    if (!get_opt(o, "via", &l->via) || !get_opt(o, "detail", &l->detail))
        return CS_E_NOMEM;
    return CS_OK;
}

int cs_graph_rec_decode_edge(const void *val, size_t len, struct cs_graph_rec_edge *out)
{
    json_t *root = cs_rec_decode_json(val, len, CS_REC_EDGE, NULL);
    json_t *links = json_object_get(root, "links");
    int rc = CS_E_STORE;

    memset(out, 0, sizeof(*out));
    if (!root || !json_is_string(json_object_get(root, "to")) || !json_is_array(links))
        goto out;
    rc = CS_E_NOMEM;
    out->first_seen = get_time(root, "first_seen");
    if (!get_opt(root, "to", &out->to))
        goto out;
    out->links = calloc(json_array_size(links) + 1, sizeof(*out->links));
    if (!out->links)
        goto out;
    rc = CS_OK;
    for (size_t i = 0; i < json_array_size(links) && rc == CS_OK; i++) {
        rc = decode_link(json_array_get(links, i), &out->links[i]);
        out->n_links = i + 1;
    }
out:
    json_decref(root);
    if (rc != CS_OK)
        cs_graph_rec_edge_release(out);
    return rc;
}

void cs_graph_rec_edge_release(struct cs_graph_rec_edge *e)
{
    for (size_t i = 0; i < e->n_links; i++) {
        free(e->links[i].via);
        free(e->links[i].detail);
    }
    free(e->links);
    free(e->to);
    memset(e, 0, sizeof(*e));
}

bool cs_graph_rec_edge_data(const struct cs_graph_rec_edge *e)
{
    for (size_t i = 0; i < e->n_links; i++)
        if (e->links[i].link == CS_LINK_DATA)
            return true;
    return false;
}

/* NULL sorts first. */
static int cmp_opt(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_link(const void *pa, const void *pb)
{
    const struct cs_graph_rec_link *a = pa;
    const struct cs_graph_rec_link *b = pb;
    int c = (a->link > b->link) - (a->link < b->link);

    if (c == 0)
        c = cmp_opt(a->via, b->via);
    return c ? c : cmp_opt(a->detail, b->detail);
}

void cs_graph_rec_edge_sort(struct cs_graph_rec_edge *e)
{
    size_t w = 0;

    if (e->n_links > 1)
        qsort(e->links, e->n_links, sizeof(*e->links), cmp_link);
    for (size_t i = 0; i < e->n_links; i++) {
        if (w > 0 && cmp_link(&e->links[w - 1], &e->links[i]) == 0) {
            free(e->links[i].via);
            free(e->links[i].detail);
            continue;
        }
        e->links[w++] = e->links[i];
    }
    e->n_links = w;
}
