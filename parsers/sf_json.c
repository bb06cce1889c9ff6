/* SPDX-License-Identifier: MIT
 * sf_json.c - a parsed Structured Field in the JSON form of the HTTP WG structured-field tests
 * (jansson): what `consentscan sf-dictionary` prints and what tests/cases/sf/ expect.
 */
#include "cs_setup.h"

#include "sf.h"

#include <jansson.h>

/* RFC 4648 6 base32 with padding, as the test suite writes Byte Sequences. Returns owned. */
static char *base32(const unsigned char *s, size_t n)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    /* characters carrying data for a final quantum of 1..5 bytes (RFC 4648 6) */
    static const size_t chars[] = { 0, 2, 4, 5, 7, 8 };
    size_t groups = (n + 4) / 5, k = 0;
    char *out = malloc(groups * 8 + 1);

    if (!out)
        return NULL;
    for (size_t g = 0; g < groups; g++) {
        unsigned char b[5] = { 0 };
        size_t have = n - g * 5 < 5 ? n - g * 5 : 5;
        uint64_t v = 0;
        memcpy(b, s + g * 5, have);
        for (int i = 0; i < 5; i++)
            v = (v << 8) | b[i];
        for (size_t i = 0; i < 8; i++)
            out[k++] = i < chars[have] ? alphabet[(v >> (35 - 5 * i)) & 31] : '=';
    }
    out[k] = '\0';
    return out;
}

static json_t *typed(const char *type, json_t *value)
{
    json_t *o = value ? json_object() : NULL;

    /* the _new setters take the reference even when they fail */
    if (!o || json_object_set_new(o, "__type", json_string(type)) != 0) {
        json_decref(value);
        json_decref(o);
        return NULL;
    }
    if (json_object_set_new(o, "value", value) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *bare_json(const struct cs_sf_bare *b)
{
    char *text = NULL;
    json_t *v = NULL;

    switch (b->type) {
    case CS_SF_INTEGER:
        return json_integer(b->integer);
    case CS_SF_DECIMAL:
        return json_real((double)b->milli / 1000.0);
    case CS_SF_STRING:
        return json_stringn(b->str, b->len);
    case CS_SF_TOKEN:
        return typed("token", json_stringn(b->str, b->len));
    case CS_SF_BINARY:
        text = base32((const unsigned char *)b->str, b->len);
        v = text ? typed("binary", json_string(text)) : NULL;
        free(text);
        return v;
    case CS_SF_BOOLEAN:
        return json_boolean(b->integer != 0);
    case CS_SF_DATE:
        return typed("date", json_integer(b->integer));
    case CS_SF_DISPLAY:
        return typed("displaystring", json_stringn(b->str, b->len));
    }
    return NULL;
}

/* Appends value to a (stealing it); false when either is NULL or on out of memory. */
static bool append(json_t *a, json_t *value)
{
    return a && value && json_array_append_new(a, value) == 0;
}

static json_t *pair(json_t *first, json_t *second)
{
    json_t *a = first && second ? json_array() : NULL;

    if (!a) {
        json_decref(first);
        json_decref(second);
        return NULL;
    }
    if (json_array_append_new(a, first) != 0) {
        json_decref(second);
        json_decref(a);
        return NULL;
    }
    if (json_array_append_new(a, second) != 0) {
        json_decref(a);
        return NULL;
    }
    return a;
}

static json_t *params_json(const struct cs_sf_params *ps)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < ps->count; i++)
        if (!append(a, pair(json_string(ps->v[i].key), bare_json(&ps->v[i].value)))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

/* [value, params]: an Item, or an inner list [[item, params], ...] with its params. */
static json_t *member_json(const struct cs_sf_member *m)
{
    json_t *value;

    if (!m->inner)
        return pair(bare_json(&m->bare), params_json(&m->params));
    value = json_array();
    for (size_t i = 0; value && i < m->count; i++)
        if (!append(value, pair(bare_json(&m->items[i].bare), params_json(&m->items[i].params)))) {
            json_decref(value);
            return NULL;
        }
    return pair(value, params_json(&m->params));
}

static json_t *field_json(const struct cs_sf_field *f)
{
    json_t *a;

    if (f->kind == CS_SF_ITEM)
        return f->count == 1 ? member_json(&f->members[0]) : NULL;
    a = json_array();
    for (size_t i = 0; a && i < f->count; i++) {
        const struct cs_sf_member *m = &f->members[i];
        json_t *v = member_json(m);
        if (f->kind == CS_SF_DICTIONARY)
            v = pair(json_string(m->key), v);
        if (!append(a, v)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

int cs_sf_to_json(const struct cs_sf_field *f, char **out)
{
    json_t *j = field_json(f);

    /* 15 significant digits: every Decimal (at most 12 + 3 digits) exactly, and no 0.1 noise */
    *out = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(j);
    return *out ? CS_OK : CS_E_NOMEM;
}
