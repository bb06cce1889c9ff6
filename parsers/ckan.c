/* SPDX-License-Identifier: MIT
 * ckan.c - CKAN package_search responses (ckan.h).
 */
#include "cs_setup.h"

#include "ckan.h"

#include "croissant_int.h"
#include "cs_str.h"
#include "linkclass.h"

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s && *s ? s : NULL;
}

static int set(char **dst, const char *s)
{
    if (!s)
        return CS_OK;
    *dst = cs_strdup(s);
    return *dst ? CS_OK : CS_E_NOMEM;
}

static int add_link(struct cs_croissant_dataset *d, const char *url, const char *where,
                    enum cs_link_class cls)
{
    if (!url || !cs_linkclass_is_http(url))
        return CS_OK;
    if (cls == CS_LINK_DATA && cs_linkclass_is_hosted(url))
        cls = CS_LINK_HOSTED;
    return cs_croissant_link_add(d, url, strlen(url), where, cls);
}

static int read_resource(struct cs_croissant_dataset *d, json_t *r, size_t i)
{
    struct cs_croissant_file *f = cs_croissant_file_add(d);
    char where[64];
    int rc;

    if (!f)
        return CS_E_NOMEM;
    rc = set(&f->id, str(r, "id"));
    if (rc == CS_OK)
        rc = set(&f->name, str(r, "name"));
    if (rc == CS_OK)
        rc = set(&f->content_url, str(r, "url"));
    if (rc == CS_OK)
        rc = set(&f->encoding_format, str(r, "format"));
    if (rc == CS_OK)
        rc = set(&f->type, "Resource");
    f->relative =
        f->content_url && !cs_linkclass_is_http(f->content_url) && !strstr(f->content_url, ":");
    snprintf(where, sizeof(where), "resources[%zu].url", i);
    return rc == CS_OK ? add_link(d, f->content_url, where, CS_LINK_DATA) : rc;
}

static int read_package(struct cs_croissant *res, json_t *p, size_t idx)
{
    struct cs_croissant_dataset *d;
    size_t i;
    json_t *r;
    int rc;

    if (!str(p, "name"))
        return cs_croissant_warn(res, "package %zu has no name: skipped", idx);
    d = cs_croissant_dataset_add(res);
    if (!d)
        return CS_E_NOMEM;
    rc = set(&d->id, str(p, "name"));
    if (rc == CS_OK)
        rc = set(&d->name, str(p, "title") ? str(p, "title") : str(p, "name"));
    if (rc == CS_OK)
        rc = set(&d->url, str(p, "url"));
    if (rc == CS_OK)
        rc = cs_croissant_list_add(&d->licenses, str(p, "license_id"), true);
    if (rc == CS_OK)
        rc = add_link(d, str(p, "url"), "url", CS_LINK_HOMEPAGE);
    if (rc == CS_OK)
        rc = add_link(d, str(p, "license_url"), "license_url", CS_LINK_LICENSE);
    json_array_foreach(json_object_get(p, "resources"), i, r)
    {
        if (rc == CS_OK && json_is_object(r))
            rc = read_resource(d, r, i);
    }
    return rc;
}

/* Checks the envelope; returns result.results or NULL with diag set. */
static json_t *results_of(json_t *root, struct cs_diag *diag)
{
    json_t *ok = json_object_get(root, "success");
    json_t *results = json_object_get(json_object_get(root, "result"), "results");

    if (json_is_false(ok)) {
        json_t *err = json_object_get(root, "error");
        const char *msg = str(err, "message") ? str(err, "message") : str(err, "__type");
        cs_diag_set(diag, 0, CS_E_PARSE, "ckan: request failed: %s", msg ? msg : "no message");
        return NULL;
    }
    if (!json_is_array(results))
        cs_diag_set(diag, 0, CS_E_PARSE, "ckan: no result.results array");
    return json_is_array(results) ? results : NULL;
}

int cs_ckan_parse(const char *buf, size_t len, struct cs_croissant **out, long long *total_out,
                  struct cs_diag *diag)
{
    struct cs_croissant *res = NULL;
    json_error_t err;
    json_t *root = NULL, *results, *p, *count;
    size_t i;
    int rc = CS_E_PARSE;

    *out = NULL;
    if (total_out)
        *total_out = -1;
    if (len > CS_CROISSANT_MAX_BYTES) {
        cs_diag_set(diag, 0, CS_E_LIMIT, "ckan: response of %zu bytes exceeds the limit", len);
        return CS_E_LIMIT;
    }
    root = json_loadb(buf ? buf : "", buf ? len : 0, 0, &err);
    if (!root) {
        cs_diag_set(diag, err.line, CS_E_PARSE, "invalid JSON: line %d column %d: %s", err.line,
                    err.column, err.text);
        return CS_E_PARSE;
    }
    results = results_of(root, diag);
    res = results ? calloc(1, sizeof(*res)) : NULL;
    if (results)
        rc = res ? CS_OK : CS_E_NOMEM;
    json_array_foreach(results, i, p)
    {
        if (rc == CS_OK)
            rc = read_package(res, p, i);
    }
    count = json_object_get(json_object_get(root, "result"), "count");
    if (rc == CS_OK && total_out && json_is_integer(count))
        *total_out = json_integer_value(count);
    json_decref(root);
    if (rc != CS_OK) {
        cs_croissant_free(res);
        return rc;
    }
    *out = res;
    return CS_OK;
}
