/* SPDX-License-Identifier: MIT
 * hublist.c - Hub listing pages and info responses (hublist.h; peers.md 5.3).
 */
#include "cs_setup.h"

#include "hublist.h"

#include "cs_str.h"

#include <ctype.h>
#include <jansson.h>

/* Appends a copy of s (n bytes) to the string array unless present. */
static int push_str(char ***arr, size_t *n, const char *s, size_t len, bool dedup)
{
    char **a;

    for (size_t i = 0; dedup && i < *n; i++) {
        if (strlen((*arr)[i]) == len && memcmp((*arr)[i], s, len) == 0)
            return CS_OK;
    }
    a = realloc(*arr, (*n + 1) * sizeof(*a));
    if (!a)
        return CS_E_NOMEM;
    *arr = a;
    a[*n] = cs_strndup(s, len);
    if (!a[*n])
        return CS_E_NOMEM;
    (*n)++;
    return CS_OK;
}

static void free_strs(char **arr, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(arr[i]);
    free(arr);
}

static int push_base(struct cs_hublist_entry *e, const char *id, size_t n, const char *rel,
                     size_t rn)
{
    struct cs_hub_base *a;

    for (size_t i = 0; i < e->base_count; i++) {
        struct cs_hub_base *b = &e->bases[i];
        if (strlen(b->id) != n || memcmp(b->id, id, n) != 0)
            continue;
        /* tags and baseModels name the same model; keep the relation whichever says it */
        if (!b->relation && rel) {
            b->relation = cs_strndup(rel, rn);
            return b->relation ? CS_OK : CS_E_NOMEM;
        }
        return CS_OK;
    }
    a = realloc(e->bases, (e->base_count + 1) * sizeof(*a));
    if (!a)
        return CS_E_NOMEM;
    e->bases = a;
    a[e->base_count].id = cs_strndup(id, n);
    a[e->base_count].relation = rel ? cs_strndup(rel, rn) : NULL;
    if (!a[e->base_count].id || (rel && !a[e->base_count].relation)) {
        free(a[e->base_count].id);
        free(a[e->base_count].relation);
        return CS_E_NOMEM;
    }
    e->base_count++;
    return CS_OK;
}

/* The Hub's derived tags (peers.md 5.1): dataset:<id>, license:<id>, base_model:<id>,
 * base_model:<relation>:<id> (Hub ids never contain ':'). */
static int read_tag(struct cs_hublist_entry *e, const char *t)
{
    size_t n = strlen(t);

    if (strncmp(t, "dataset:", 8) == 0 && n > 8)
        return push_str(&e->datasets, &e->dataset_count, t + 8, n - 8, true);
    if (strncmp(t, "license:", 8) == 0 && n > 8)
        return push_str(&e->licenses, &e->license_count, t + 8, n - 8, true);
    if (strncmp(t, "base_model:", 11) == 0 && n > 11) {
        const char *rest = t + 11;
        const char *colon = strchr(rest, ':');
        if (!colon)
            return push_base(e, rest, strlen(rest), NULL, 0);
        if (colon[1])
            return push_base(e, colon + 1, strlen(colon + 1), rest, (size_t)(colon - rest));
    }
    return CS_OK;
}

static int read_tags(struct cs_hublist_entry *e, json_t *tags)
{
    size_t i;
    json_t *t;
    int rc = CS_OK;

    json_array_foreach(tags, i, t)
    {
        const char *s = json_string_value(t);
        if (!s || rc != CS_OK)
            continue;
        rc = push_str(&e->tags, &e->tag_count, s, strlen(s), false);
        if (rc == CS_OK)
            rc = read_tag(e, s);
    }
    return rc;
}

/* baseModels (expand=baseModels): {"relation": r, "models": [{"id": x} | "x"]}, or a list. */
static int read_base_models(struct cs_hublist_entry *e, json_t *v, int depth)
{
    const char *rel = json_string_value(json_object_get(v, "relation"));
    size_t i;
    json_t *m;
    int rc = CS_OK;

    if (json_is_array(v) && depth == 0) {
        json_array_foreach(v, i, m)
        {
            if (rc == CS_OK)
                rc = read_base_models(e, m, 1);
        }
        return rc;
    }
    json_array_foreach(json_object_get(v, "models"), i, m)
    {
        const char *id =
            json_is_string(m) ? json_string_value(m) : json_string_value(json_object_get(m, "id"));
        if (id && *id && rc == CS_OK)
            rc = push_base(e, id, strlen(id), rel, rel ? strlen(rel) : 0);
    }
    return rc;
}

static int read_siblings(struct cs_hublist_entry *e, json_t *sib)
{
    size_t i;
    json_t *s;
    int rc = CS_OK;

    e->has_siblings = json_is_array(sib);
    json_array_foreach(sib, i, s)
    {
        const char *name = json_string_value(json_object_get(s, "rfilename"));
        if (name && rc == CS_OK)
            rc = push_str(&e->siblings, &e->sibling_count, name, strlen(name), false);
    }
    return rc;
}

static int set_opt(char **dst, json_t *v)
{
    if (!json_is_string(v))
        return CS_OK;
    *dst = cs_strdup(json_string_value(v));
    return *dst ? CS_OK : CS_E_NOMEM;
}

static enum cs_hub_gated gated_of(json_t *v)
{
    const char *s = json_string_value(v);

    if (!s)
        return json_is_true(v) ? CS_HUB_GATED_OTHER : CS_HUB_GATED_NO;
    if (strcmp(s, "auto") == 0)
        return CS_HUB_GATED_AUTO;
    if (strcmp(s, "manual") == 0)
        return CS_HUB_GATED_MANUAL;
    return CS_HUB_GATED_OTHER;
}

/* Fills e from one object. CS_E_PARSE when there is no id (e is then released). */
static int read_entry(struct cs_hublist_entry *e, json_t *o, enum cs_hub_kind kind)
{
    json_t *id = json_object_get(o, "id");
    int rc;

    memset(e, 0, sizeof(*e));
    e->kind = kind;
    if (!json_is_string(id) || !*json_string_value(id))
        id = json_object_get(o, "modelId"); /* older model listings */
    if (!json_is_string(id) || !*json_string_value(id))
        return CS_E_PARSE;
    rc = set_opt(&e->id, id);
    if (rc == CS_OK)
        rc = set_opt(&e->sha, json_object_get(o, "sha"));
    if (rc == CS_OK)
        rc = set_opt(&e->last_modified, json_object_get(o, "lastModified"));
    if (rc == CS_OK)
        rc = set_opt(&e->created_at, json_object_get(o, "createdAt"));
    e->last_modified_s = cs_hublist_time(e->last_modified);
    e->created_at_s = cs_hublist_time(e->created_at);
    e->is_private = json_is_true(json_object_get(o, "private"));
    e->disabled = json_is_true(json_object_get(o, "disabled"));
    e->gated = gated_of(json_object_get(o, "gated"));
    if (rc == CS_OK)
        rc = read_tags(e, json_object_get(o, "tags"));
    if (rc == CS_OK)
        rc = read_base_models(e, json_object_get(o, "baseModels"), 0);
    if (rc == CS_OK)
        rc = read_siblings(e, json_object_get(o, "siblings"));
    if (rc == CS_OK && json_is_object(json_object_get(o, "cardData")))
        e->card_data = json_incref(json_object_get(o, "cardData"));
    return rc;
}

static void entry_release(struct cs_hublist_entry *e)
{
    free(e->id);
    free(e->sha);
    free(e->last_modified);
    free(e->created_at);
    free_strs(e->tags, e->tag_count);
    free_strs(e->siblings, e->sibling_count);
    free_strs(e->datasets, e->dataset_count);
    free_strs(e->licenses, e->license_count);
    for (size_t i = 0; i < e->base_count; i++) {
        free(e->bases[i].id);
        free(e->bases[i].relation);
    }
    free(e->bases);
    json_decref(e->card_data);
}

static json_t *load(const char *buf, size_t len, struct cs_diag *diag, int *rc)
{
    json_error_t err;
    json_t *root;

    *rc = CS_E_PARSE;
    if (len > CS_HUBLIST_MAX_BYTES) {
        *rc = CS_E_LIMIT;
        cs_diag_set(diag, 0, CS_E_LIMIT, "hub response of %zu bytes exceeds the limit", len);
        return NULL;
    }
    root = json_loadb(buf ? buf : "", buf ? len : 0, 0, &err);
    if (!root)
        cs_diag_set(diag, err.line, CS_E_PARSE, "invalid JSON: line %d column %d: %s", err.line,
                    err.column, err.text);
    return root;
}

static int read_page(struct cs_hublist *l, json_t *root, enum cs_hub_kind kind,
                     struct cs_diag *diag)
{
    size_t i;
    json_t *o;
    int rc = CS_OK;

    l->entries = calloc(json_array_size(root) + 1, sizeof(*l->entries));
    if (!l->entries)
        return CS_E_NOMEM;
    json_array_foreach(root, i, o)
    {
        struct cs_hublist_entry *e = &l->entries[l->count];
        rc = json_is_object(o) ? read_entry(e, o, kind) : CS_E_PARSE;
        if (rc == CS_E_PARSE) {
            entry_release(e);
            memset(e, 0, sizeof(*e));
            l->skipped++;
            cs_diag_set(diag, 0, CS_E_PARSE, "listing element %zu: not an object with an id", i);
            rc = CS_OK;
            continue;
        }
        if (rc != CS_OK) {
            entry_release(e);
            break;
        }
        l->count++;
    }
    return rc;
}

int cs_hublist_parse(const char *buf, size_t len, enum cs_hub_kind kind, struct cs_hublist **out,
                     struct cs_diag *diag)
{
    struct cs_hublist *l = NULL;
    int rc;
    json_t *root = load(buf, len, diag, &rc);

    *out = NULL;
    if (!root)
        return rc;
    if (!json_is_array(root)) {
        cs_diag_set(diag, 0, CS_E_PARSE, "hub listing: expected a JSON array, got %s",
                    json_is_object(root) ? "an object" : "a scalar");
        json_decref(root);
        return CS_E_PARSE;
    }
    l = calloc(1, sizeof(*l));
    rc = l ? read_page(l, root, kind, diag) : CS_E_NOMEM;
    json_decref(root);
    if (rc != CS_OK) {
        cs_hublist_free(l);
        return rc;
    }
    *out = l;
    return CS_OK;
}

int cs_hublist_parse_info(const char *buf, size_t len, enum cs_hub_kind kind,
                          struct cs_hublist_entry **out, struct cs_diag *diag)
{
    struct cs_hublist_entry *e = NULL;
    int rc;
    json_t *root = load(buf, len, diag, &rc);

    *out = NULL;
    if (!root)
        return rc;
    e = json_is_object(root) ? calloc(1, sizeof(*e)) : NULL;
    rc = !json_is_object(root) ? CS_E_PARSE : e ? read_entry(e, root, kind) : CS_E_NOMEM;
    json_decref(root);
    if (rc != CS_OK) {
        cs_diag_set(diag, 0, rc, "hub info: %s",
                    rc == CS_E_PARSE ? "expected an object with an id" : cs_strerror(rc));
        cs_hublist_entry_free(e);
        return rc;
    }
    *out = e;
    return CS_OK;
}

void cs_hublist_entry_free(struct cs_hublist_entry *e)
{
    if (!e)
        return;
    entry_release(e);
    free(e);
}

void cs_hublist_free(struct cs_hublist *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->count; i++)
        entry_release(&l->entries[i]);
    free(l->entries);
    free(l);
}

/* Reads exactly n digits. */
static bool digits(const char **p, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool lit(const char **p, char c)
{
    if (**p != c)
        return false;
    (*p)++;
    return true;
}

int64_t cs_hublist_time(const char *s)
{
    int y, mo, d, h, mi, se, oh = 0, om = 0, sign = 0;
    const char *p = s;

    if (!s || !digits(&p, 4, &y) || !lit(&p, '-') || !digits(&p, 2, &mo) || !lit(&p, '-') ||
        !digits(&p, 2, &d) || !(lit(&p, 'T') || lit(&p, 't') || lit(&p, ' ')) ||
        !digits(&p, 2, &h) || !lit(&p, ':') || !digits(&p, 2, &mi) || !lit(&p, ':') ||
        !digits(&p, 2, &se))
        return -1;
    if (lit(&p, '.')) {
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p == '+' || *p == '-') {
        sign = *p == '+' ? 1 : -1;
        p++;
        if (!digits(&p, 2, &oh) || (lit(&p, ':'), !digits(&p, 2, &om)))
            return -1;
    } else if (!(lit(&p, 'Z') || lit(&p, 'z'))) {
        return -1;
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || oh > 23 ||
        om > 59)
        return -1;
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
           sign * (oh * 3600 + om * 60);
}
