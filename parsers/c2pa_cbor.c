/* SPDX-License-Identifier: MIT
 * c2pa_cbor.c - the training-mining assertion's content: a bounded CBOR reader (RFC 8949,
 * definite lengths only) and the JSON form (jansson), both into struct cs_c2pa entries
 * (c2pa.h; signals.md 9.2). Hand-written because no CBOR library is among the project's;
 * fuzzed (tests/fuzz/fuzz_c2pa.c).
 */
#include "cs_setup.h"

#include "c2pa.h"
#include "c2pa_int.h"

#include "cs_str.h"

#include <jansson.h>

/* A cursor over CBOR bytes. */
struct cb {
    const unsigned char *p, *end;
};

/* Reads an item's head: major type and argument (the length of strings, arrays and maps).
 * False on truncation, reserved additional information, or an indefinite length. */
static bool cb_head(struct cb *c, int *major, uint64_t *arg)
{
    unsigned ai;
    size_t n;

    if (c->p >= c->end)
        return false;
    *major = *c->p >> 5;
    ai = *c->p++ & 0x1f;
    if (ai < 24) {
        *arg = ai;
        return true;
    }
    if (ai > 27) /* 28-30 reserved; 31 indefinite length, not in deterministic CBOR */
        return false;
    n = (size_t)1 << (ai - 24);
    if ((size_t)(c->end - c->p) < n)
        return false;
    *arg = 0;
    for (size_t i = 0; i < n; i++)
        *arg = *arg << 8 | *c->p++;
    return true;
}

/* Skips one item with everything inside it, without recursion: a count of items still owed. */
static bool cb_skip(struct cb *c)
{
    uint64_t pending = 1;

    while (pending) {
        size_t left = (size_t)(c->end - c->p);
        uint64_t arg;
        int major;

        if (!cb_head(c, &major, &arg))
            return false;
        pending--;
        left = (size_t)(c->end - c->p);
        if (major == 2 || major == 3) {
            if (arg > left)
                return false;
            c->p += arg;
        } else if (major == 4 || major == 5) {
            /* every owed item takes at least one byte: more than are left is malformed */
            if (arg > left || (major == 5 && arg > left / 2))
                return false;
            pending += major == 5 ? 2 * arg : arg;
            if (pending > left)
                return false;
        } else if (major == 6) {
            pending++;
        }
    }
    return true;
}

/* Reads a text string; false (cursor past the item) when the item is something else. */
static bool cb_text(struct cb *c, const char **s, size_t *n, bool *ok)
{
    struct cb save = *c;
    uint64_t arg;
    int major;

    *ok = cb_head(c, &major, &arg);
    if (*ok && major == 3 && arg <= (uint64_t)(c->end - c->p)) {
        *s = (const char *)c->p;
        *n = (size_t)arg;
        c->p += arg;
        return true;
    }
    *c = save;
    *ok = *ok && cb_skip(c);
    return false;
}

/* The pair count of a map at the cursor; false when it is not a map. */
static bool cb_map(struct cb *c, uint64_t *pairs)
{
    struct cb save = *c;
    int major;

    if (cb_head(c, &major, pairs) && major == 5)
        return true;
    *c = save;
    return false;
}

static bool key_is(const char *s, size_t n, const char *key)
{
    return n == strlen(key) && memcmp(s, key, n) == 0;
}

/* One entry's map: use and constraint_info / constraints_info. */
static int cbor_entry(struct cb *c, struct cs_c2pa_entry *e)
{
    uint64_t pairs;

    if (!cb_map(c, &pairs))
        return cb_skip(c) ? CS_OK : CS_E_PARSE;
    for (uint64_t i = 0; i < pairs; i++) {
        const char *k, *v;
        size_t kn, vn;
        bool ok;
        int rc = CS_OK;

        if (!cb_text(c, &k, &kn, &ok)) {
            if (!ok || !cb_skip(c))
                return CS_E_PARSE;
            continue;
        }
        if (!cb_text(c, &v, &vn, &ok)) {
            if (!ok)
                return CS_E_PARSE;
            continue;
        }
        if (key_is(k, kn, "use"))
            rc = cs_c2pa_set_use(e, v, vn);
        else if (key_is(k, kn, "constraint_info") || key_is(k, kn, "constraints_info"))
            rc = cs_c2pa_set_info(e, v, vn, kn == strlen("constraints_info"));
        if (rc != CS_OK)
            return rc;
    }
    return CS_OK;
}

/* A map of entries: each text key with a map value is one entry ("metadata" excepted). */
static int cbor_entries(struct cb *c, struct cs_c2pa *out)
{
    uint64_t pairs;

    if (!cb_map(c, &pairs))
        return CS_E_PARSE;
    for (uint64_t i = 0; i < pairs; i++) {
        struct cs_c2pa_entry *e;
        const char *k;
        size_t kn;
        bool ok;
        int rc;

        if (!cb_text(c, &k, &kn, &ok) || key_is(k, kn, "metadata") || key_is(k, kn, "entries")) {
            if (!ok || !cb_skip(c))
                return CS_E_PARSE;
            continue;
        }
        e = cs_c2pa_new_entry(out, k, kn, &rc);
        if (rc != CS_OK)
            return rc;
        if (!e) { /* past the cap: the rest is skipped */
            if (!cb_skip(c))
                return CS_E_PARSE;
            continue;
        }
        rc = cbor_entry(c, e);
        if (rc != CS_OK)
            return rc;
    }
    return CS_OK;
}

/* Finds the value of "entries" in the top map; the cursor is left on it. */
static bool find_entries(struct cb *c)
{
    uint64_t pairs;

    if (!cb_map(c, &pairs))
        return false;
    for (uint64_t i = 0; i < pairs; i++) {
        const char *k;
        size_t kn;
        bool ok;

        bool text = cb_text(c, &k, &kn, &ok);

        if (!ok)
            return false;
        if (text && key_is(k, kn, "entries"))
            return true;
        if (!cb_skip(c))
            return false;
    }
    return false;
}

int cs_c2pa_read_cbor(const unsigned char *p, size_t len, struct cs_c2pa *out)
{
    struct cb c = { p, p + len };
    int rc;

    if (find_entries(&c)) {
        rc = cbor_entries(&c, out); /* CAWG 1.1: { "entries": { ... } } */
    } else {
        c.p = p; /* CAWG 1.0's CDDL: the entries at the top (signals.md 9.2) */
        rc = cbor_entries(&c, out);
    }
    if (rc == CS_E_PARSE)
        out->unread_reason = "malformed or indefinite-length CBOR in the assertion";
    return rc;
}

/* ---- JSON content boxes ----------------------------------------------------------------- */

static int json_entries(json_t *obj, struct cs_c2pa *out)
{
    const char *key;
    json_t *val;

    json_object_foreach(obj, key, val)
    {
        struct cs_c2pa_entry *e;
        json_t *use, *info;
        bool plural = false;
        int rc = CS_OK;

        if (!json_is_object(val) || strcmp(key, "metadata") == 0 || strcmp(key, "entries") == 0)
            continue;
        e = cs_c2pa_new_entry(out, key, strlen(key), &rc);
        if (!e)
            return rc;
        use = json_object_get(val, "use");
        info = json_object_get(val, "constraint_info");
        if (!json_is_string(info)) {
            info = json_object_get(val, "constraints_info");
            plural = true;
        }
        if (json_is_string(use))
            rc = cs_c2pa_set_use(e, json_string_value(use), json_string_length(use));
        if (rc == CS_OK && json_is_string(info))
            rc = cs_c2pa_set_info(e, json_string_value(info), json_string_length(info), plural);
        if (rc != CS_OK)
            return rc;
    }
    return CS_OK;
}

int cs_c2pa_read_json(const unsigned char *p, size_t len, struct cs_c2pa *out)
{
    json_t *root = json_loadb((const char *)p, len, JSON_DECODE_ANY, NULL);
    json_t *entries;
    int rc;

    if (!json_is_object(root)) {
        json_decref(root);
        out->unread_reason = "the assertion's JSON is not an object";
        return CS_E_PARSE;
    }
    entries = json_object_get(root, "entries");
    rc = json_entries(json_is_object(entries) ? entries : root, out);
    json_decref(root);
    return rc;
}
