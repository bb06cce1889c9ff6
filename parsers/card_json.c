/* SPDX-License-Identifier: MIT
 * card_json.c - the one-line JSON object of `consentscan card` (issue 4, Interfaces), built
 * with jansson. A field that may hold several values (license, base_model) prints null for
 * none, a string for one and an array for several, so the common single licence reads like the
 * card; list fields (source_datasets, upstream_datasets, datasets, urls) are always arrays.
 */
#include "cs_setup.h"

#include "card_int.h"

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *array_of(const struct cs_card_strv *v)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < v->n; i++)
        if (json_array_append_new(a, json_string(v->v[i])) != 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static json_t *one_or_many(const struct cs_card_strv *v)
{
    if (v->n == 0)
        return json_null();
    return v->n == 1 ? json_string(v->v[0]) : array_of(v);
}

/* Every URL once, in order of first appearance (links are in that order already). */
static json_t *urls_of(const struct cs_card *c)
{
    json_t *a = json_array(), *seen = json_object();
    bool ok = a && seen;

    for (size_t i = 0; ok && i < c->link_count; i++) {
        const char *u = c->links[i].url;
        if (json_object_get(seen, u))
            continue;
        ok = json_object_set_new(seen, u, json_true()) == 0 &&
             json_array_append_new(a, json_string(u)) == 0;
    }
    json_decref(seen);
    if (!ok) {
        json_decref(a);
        return NULL;
    }
    return a;
}

static json_t *links_of(const struct cs_card *c)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < c->link_count; i++) {
        const struct cs_card_link *k = &c->links[i];
        json_t *o = json_pack("{s:s, s:s, s:s}", "url", k->url, "class", cs_link_class_name(k->cls),
                              "where", k->where);
        if (!o || json_array_append_new(a, o) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *files_of(const struct cs_card *c)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < c->data_file_count; i++) {
        const struct cs_card_file *f = &c->data_files[i];
        json_t *o = json_pack("{s:o, s:o, s:s}", "config", str_or_null(f->config), "split",
                              str_or_null(f->split), "path", f->path);
        if (!o || json_array_append_new(a, o) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

/* Sets key to v (Takes); false when v is NULL (out of memory) or the set fails. */
static bool put(json_t *o, const char *key, json_t *v)
{
    return v && json_object_set_new(o, key, v) == 0;
}

int cs_card_to_json(const struct cs_card *c, bool model_card, char **out)
{
    json_t *o = json_object();
    bool ok = o != NULL;

    *out = NULL;
    ok = ok && put(o, "license", one_or_many(&c->licenses));
    ok = ok && put(o, "source_datasets", array_of(&c->source_datasets));
    ok = ok && put(o, "upstream_datasets", array_of(&c->upstream_datasets));
    if (model_card) {
        ok = ok && put(o, "datasets", array_of(&c->datasets));
        ok = ok && put(o, "base_model", one_or_many(&c->base_models));
        ok = ok && put(o, "base_model_relation", str_or_null(c->base_model_relation));
    }
    ok = ok && put(o, "homepage", str_or_null(c->homepage));
    ok = ok && put(o, "urls", urls_of(c));
    ok = ok && put(o, "links", links_of(c));
    ok = ok && put(o, "data_files", files_of(c));
    ok = ok && put(o, "has_front_matter", json_boolean(c->has_front_matter));
    ok = ok && put(o, "yaml_error", str_or_null(c->yaml_error));
    ok = ok && put(o, "links_truncated", json_boolean(c->links_truncated));
    if (ok)
        *out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *out ? CS_OK : CS_E_NOMEM;
}
