/* SPDX-License-Identifier: MIT
 * fuzz_sf.c - RFC 9651 Structured Fields and the AIPREF readings built on them. The first byte
 * picks the top-level kind (List, Dictionary, Item); the rest is split on newlines into field
 * lines. Checks invariants of a successful parse (caps, key grammar, unique Dictionary keys, a
 * JSON rendering), then reads the lines as a Content-Usage field both ways (parsers/aipref.h).
 */
#include "cs_setup.h"

#include "aipref.h"
#include "sf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_LINES 16

static void check_key(const char *k)
{
    if (!k || !((k[0] >= 'a' && k[0] <= 'z') || k[0] == '*'))
        __builtin_trap();
    for (const char *p = k; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("_-.*", *p)))
            __builtin_trap();
}

static void check_params(const struct cs_sf_params *ps)
{
    if (ps->count > CS_SF_MAX_PARAMS)
        __builtin_trap();
    for (size_t i = 0; i < ps->count; i++) {
        check_key(ps->v[i].key);
        for (size_t j = 0; j < i; j++)
            if (strcmp(ps->v[i].key, ps->v[j].key) == 0)
                __builtin_trap(); /* parameters are a map */
    }
}

static void check_field(const struct cs_sf_field *f, enum cs_sf_kind kind)
{
    char *json = NULL;

    if (f->count > CS_SF_MAX_MEMBERS || (kind == CS_SF_ITEM && f->count != 1))
        __builtin_trap();
    for (size_t i = 0; i < f->count; i++) {
        const struct cs_sf_member *m = &f->members[i];
        if ((kind == CS_SF_DICTIONARY) != (m->key != NULL) || m->count > CS_SF_MAX_INNER ||
            (!m->inner && m->count))
            __builtin_trap();
        if (m->key) {
            check_key(m->key);
            if (cs_sf_dict_get(f, m->key) != m)
                __builtin_trap(); /* keys are unique: the lookup finds this member */
        }
        check_params(&m->params);
        for (size_t j = 0; j < m->count; j++)
            check_params(&m->items[j].params);
    }
    if (cs_sf_to_json(f, &json) == CS_OK && json[0] != '[')
        __builtin_trap();
    free(json);
}

static void check_aipref(const char *const *lines, size_t n)
{
    struct cs_aipref a, each;

    if (cs_aipref_read(lines, n, &a) != CS_OK || cs_aipref_read_each(lines, n, &each) != CS_OK)
        return;
    cs_aipref_merge(&each, &a);
    for (int i = 0; i < CS_AIPREF__COUNT; i++) {
        const struct cs_aipref_value *v = &a.cat[i].legacy;
        if (a.parse_error && (v->state != CS_AIPREF_UNKNOWN || a.cat[i].current.from != -1))
            __builtin_trap(); /* a failed Dictionary says nothing */
        if ((v->state == CS_AIPREF_UNKNOWN) != (v->from < 0) || v->from >= CS_AIPREF__COUNT)
            __builtin_trap();
        if (cs_aipref_label_is_legacy(i) && a.cat[i].current.state != CS_AIPREF_UNKNOWN)
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p, *end;
    char *lines[MAX_LINES];
    size_t lens[MAX_LINES], n = 0;
    enum cs_sf_kind kind;
    struct cs_sf_field f;

    if (size == 0)
        return 0;
    kind = (enum cs_sf_kind)(data[0] % 3);
    p = (const char *)data + 1;
    end = (const char *)data + size;
    while (p < end && n < MAX_LINES) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lines[n] = malloc(len + 1);
        if (!lines[n])
            break;
        memcpy(lines[n], p, len);
        lines[n][len] = '\0'; /* aipref reads C strings: a NUL cuts the line there */
        lens[n++] = len;
        p += len + 1;
    }
    if (cs_sf_parse_lines((const char *const *)lines, lens, n, kind, &f, NULL) == CS_OK)
        check_field(&f, kind);
    cs_sf_field_release(&f);
    check_aipref((const char *const *)lines, n);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    return 0;
}
