/* SPDX-License-Identifier: MIT
 * croissant_json.c - the object `consentscan croissant` prints (croissant.h; issue 4
 * "Interfaces": the key names of the card command).
 */
#include "cs_setup.h"

#include "croissant_int.h"

static const char *const list_keys[] = {
    "license",      "source_datasets", "upstream_datasets",    "urls",
    "distribution", "links",           "data_collection_type", "conforms_to"
};

/* Appends s to the array at key unless present. 0 or -1 (out of memory). */
static int add_unique(json_t *obj, const char *key, const char *s)
{
    json_t *arr = json_object_get(obj, key);
    size_t i;
    json_t *v;

    json_array_foreach(arr, i, v)
    {
        if (strcmp(json_string_value(v), s) == 0)
            return 0;
    }
    return json_array_append_new(arr, json_string(s));
}

static int add_list(json_t *obj, const char *key, const struct cs_croissant_list *l)
{
    int rc = 0;

    for (size_t i = 0; i < l->n && rc == 0; i++)
        rc = add_unique(obj, key, l->v[i]);
    return rc;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *file_json(const struct cs_croissant_file *f)
{
    json_t *o = json_object();
    json_t *inc = json_array();

    for (size_t i = 0; inc && i < f->includes.n; i++)
        json_array_append_new(inc, json_string(f->includes.v[i]));
    json_object_set_new(o, "name", str_or_null(f->name));
    json_object_set_new(o, "id", str_or_null(f->id));
    json_object_set_new(o, "type", str_or_null(f->type));
    json_object_set_new(o, "content_url", str_or_null(f->content_url));
    json_object_set_new(o, "relative", json_boolean(f->relative));
    json_object_set_new(o, "encoding_format", str_or_null(f->encoding_format));
    json_object_set_new(o, "contained_in", str_or_null(f->contained_in));
    json_object_set_new(o, "includes", inc);
    json_object_set_new(o, "sha256", str_or_null(f->sha256));
    return o;
}

static json_t *link_json(const struct cs_croissant_link *l, const char *prefix)
{
    json_t *o = json_object();
    json_t *where = json_sprintf("%s%s%s", prefix, *prefix && *l->where ? "." : "", l->where);

    json_object_set_new(o, "url", json_string(l->url));
    json_object_set_new(o, "class", json_string(cs_link_class_name(l->cls)));
    json_object_set_new(o, "where", where);
    return o;
}

/* Adds dataset d into the object o (lists unioned, first name and homepage kept). */
static int add_dataset(json_t *o, const struct cs_croissant_dataset *d, const char *prefix)
{
    int rc = 0;

    if (json_is_null(json_object_get(o, "name")) && d->name)
        json_object_set_new(o, "name", json_string(d->name));
    if (json_is_null(json_object_get(o, "homepage")) && d->url)
        json_object_set_new(o, "homepage", json_string(d->url));
    rc |= add_list(o, "license", &d->licenses);
    rc |= add_list(o, "source_datasets", &d->is_based_on);
    rc |= add_list(o, "source_datasets", &d->derived_from);
    rc |= add_list(o, "upstream_datasets", &d->upstream);
    rc |= add_list(o, "data_collection_type", &d->collection);
    rc |= add_list(o, "conforms_to", &d->conforms_to);
    for (size_t i = 0; i < d->file_count; i++)
        rc |= json_array_append_new(json_object_get(o, "distribution"), file_json(&d->files[i]));
    for (size_t i = 0; i < d->link_count; i++) {
        rc |= add_unique(o, "urls", d->links[i].url);
        rc |= json_array_append_new(json_object_get(o, "links"), link_json(&d->links[i], prefix));
    }
    return rc;
}

/* `license` prints as the card command prints it: null when absent, a string for one, an
 * array for several (issue 4: one key set for `card` and `croissant`). */
static int one_or_many(json_t *o)
{
    json_t *l = json_object_get(o, "license");
    size_t n = json_array_size(l);

    if (n == 0)
        return json_object_set_new(o, "license", json_null());
    if (n == 1)
        return json_object_set(o, "license", json_array_get(l, 0));
    return 0;
}

/* An object with every key, empty. */
static json_t *empty_object(void)
{
    json_t *o = json_object();
    int rc = 0;

    rc |= json_object_set_new(o, "name", json_null());
    rc |= json_object_set_new(o, "homepage", json_null());
    for (size_t i = 0; i < CS_ARRAY_LEN(list_keys); i++)
        rc |= json_object_set_new(o, list_keys[i], json_array());
    if (rc != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *document_json(const struct cs_croissant *c)
{
    json_t *o = empty_object();
    json_t *all = c->count > 1 ? json_array() : NULL;
    int rc = o && (all || c->count <= 1) ? 0 : -1;
    char prefix[32] = "";

    for (size_t i = 0; rc == 0 && i < c->count; i++) {
        json_t *one = all ? empty_object() : NULL;
        if (all) {
            snprintf(prefix, sizeof(prefix), "datasets[%zu]", i);
            rc |= one ? add_dataset(one, &c->datasets[i], "") : -1;
            rc |= json_array_append_new(all, one);
        }
        rc |= add_dataset(o, &c->datasets[i], prefix);
    }
    if (all)
        rc |= json_object_set_new(o, "datasets", all);
    if (o) {
        json_t *w = json_array();
        for (size_t i = 0; w && i < c->warnings.n; i++)
            rc |= json_array_append_new(w, json_string(c->warnings.v[i]));
        rc |= json_object_set_new(o, "warnings", w);
        rc |= json_object_set_new(o, "truncated", json_boolean(c->truncated));
    }
    if (rc == 0 && o)
        rc = one_or_many(o);
    for (size_t i = 0; rc == 0 && all && i < json_array_size(all); i++)
        rc = one_or_many(json_array_get(all, i));
    if (rc != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

char *cs_croissant_to_json(const struct cs_croissant *c)
{
    json_t *o = c ? document_json(c) : NULL;
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

    json_decref(o);
    return s;
}
