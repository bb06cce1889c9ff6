/* SPDX-License-Identifier: MIT */
#include "cs_setup.h"

#include "blob.h"
#include "cs_buf.h"
#include "cs_err.h"
#include "records.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define DUMP_FLAGS (JSON_COMPACT | JSON_SORT_KEYS)

/* ---- keys ------------------------------------------------------------------------------- */

int cs_rec_key_origin(const char *origin, unsigned char out[static CS_KEY_ORIGIN_LEN])
{
    unsigned char md[CS_KEY_SHA_LEN];
    int rc;

    if (!origin || !*origin)
        return CS_E_INVALID;
    rc = cs_blob_sha256(origin, strlen(origin), md);
    if (rc == CS_OK)
        memcpy(out, md, CS_KEY_ORIGIN_LEN);
    return rc;
}

int cs_rec_key_doc(const char *origin, const char *url, unsigned char out[static CS_KEY_DOC_LEN])
{
    unsigned char md[CS_KEY_SHA_LEN];
    int rc;

    if (!url || !*url)
        return CS_E_INVALID;
    rc = cs_rec_key_origin(origin, out);
    if (rc == CS_OK)
        rc = cs_blob_sha256(url, strlen(url), md);
    if (rc == CS_OK)
        memcpy(out + CS_KEY_ORIGIN_LEN, md, CS_KEY_URL_LEN);
    return rc;
}

/* Appends a name (kind or signal) after the origin id; names are short identifiers. */
static int add_name(const char *name, unsigned char *out, size_t *len)
{
    size_t n = name ? strlen(name) : 0;

    if (n == 0 || n > CS_KEY_NAME_MAX)
        return CS_E_INVALID;
    memcpy(out + *len, name, n);
    *len += n;
    return CS_OK;
}

int cs_rec_key_hostfile(const char *origin, const char *kind, unsigned char *out, size_t *len_out)
{
    int rc = cs_rec_key_origin(origin, out);

    *len_out = CS_KEY_ORIGIN_LEN;
    if (rc == CS_OK)
        rc = add_name(kind, out, len_out);
    return rc;
}

int cs_rec_key_history(const char *origin, const char *signal, const char *token,
                       unsigned char *out, size_t *len_out)
{
    size_t n = token ? strlen(token) : 0;
    int rc = cs_rec_key_origin(origin, out);

    *len_out = CS_KEY_ORIGIN_LEN;
    if (rc == CS_OK)
        rc = add_name(signal, out, len_out);
    if (rc != CS_OK)
        return rc;
    if (!token)
        return CS_E_INVALID;
    out[(*len_out)++] = 0x00;
    if (n <= CS_KEY_TOKEN_MAX && (n == 0 || token[0] != 0x01)) {
        memcpy(out + *len_out, token, n);
        *len_out += n;
        return CS_OK;
    }
    /* LMDB keys stop at 511 bytes: a long token is keyed by its digest, kept whole in the value */
    out[(*len_out)++] = 0x01;
    rc = cs_blob_sha256(token, n, out + *len_out);
    *len_out += CS_KEY_SHA_LEN;
    return rc;
}

/* ---- value helpers ---------------------------------------------------------------------- */

int cs_rec_check(const void *val, size_t len, int kind, unsigned *flags_out)
{
    const unsigned char *p = val;

    if (!p || len < CS_REC_HDR_LEN || p[0] != CS_REC_VERSION || p[1] != kind)
        return CS_E_STORE;
    if (flags_out)
        *flags_out = p[2];
    return CS_OK;
}

/* Writes the 4-byte header and body; a long body is zlib-compressed (verdict JSON is
 * repetitive, and the writer thread must keep up with the fetch thread). */
static int pack(const char *text, size_t n, int kind, unsigned flags, char **out, size_t *len_out)
{
    uLongf clen = compressBound((uLong)n);
    bool z = n > CS_REC_ZLIB_MIN && n < 0xffffffu;
    unsigned char *val = malloc(CS_REC_HDR_LEN + 4 + (z ? clen : n));

    if (!val)
        return CS_E_NOMEM;
    val[0] = CS_REC_VERSION;
    val[1] = (unsigned char)kind;
    val[3] = 0;
    if (z && cs_blob_deflate(text, n, val + CS_REC_HDR_LEN + 4, &clen)) {
        val[2] = (unsigned char)(flags | CS_REC_F_ZLIB);
        for (int i = 0; i < 4; i++)
            val[CS_REC_HDR_LEN + i] = (unsigned char)(n >> (24 - 8 * i));
        *len_out = CS_REC_HDR_LEN + 4 + clen;
    } else {
        val[2] = (unsigned char)flags;
        memcpy(val + CS_REC_HDR_LEN, text, n);
        *len_out = CS_REC_HDR_LEN + n;
    }
    *out = (char *)val;
    return CS_OK;
}

/* Dumps root (Takes it) behind a record header. */
int cs_rec_encode_json(json_t *root, int kind, unsigned flags, char **out, size_t *len_out)
{
    char *text = NULL;
    int rc;

    *out = NULL;
    if (!root)
        return CS_E_NOMEM;
    text = json_dumps(root, DUMP_FLAGS);
    json_decref(root);
    if (!text)
        return CS_E_NOMEM;
    rc = pack(text, strlen(text), kind, flags, out, len_out);
    free(text);
    return rc;
}

/* The JSON text behind a header, inflated when compressed (at most 64 MiB). Returns owned, or
 * NULL when malformed or out of memory. */
static char *unpack(const unsigned char *p, size_t len, unsigned flags, size_t *n_out)
{
    const unsigned char *body = p + CS_REC_HDR_LEN;
    size_t blen = len - CS_REC_HDR_LEN;
    uLongf n;
    char *text;

    if (!(flags & CS_REC_F_ZLIB)) {
        text = malloc(blen + 1);
        if (text)
            memcpy(text, body, blen);
        *n_out = blen;
        return text;
    }
    if (blen < 4)
        return NULL;
    n = (uLongf)body[0] << 24 | (uLongf)body[1] << 16 | (uLongf)body[2] << 8 | body[3];
    if (n > 64u << 20 || !(text = malloc(n + 1)))
        return NULL;
    if (uncompress((Bytef *)text, &n, body + 4, (uLong)(blen - 4)) != Z_OK) {
        free(text);
        return NULL;
    }
    *n_out = n;
    return text;
}

/* Parses the JSON object behind a record header. Returns owned or NULL (malformed). */
json_t *cs_rec_decode_json(const void *val, size_t len, int kind, unsigned *flags)
{
    unsigned f = 0;
    json_t *root;
    size_t n = 0;
    char *text;

    if (cs_rec_check(val, len, kind, &f) != CS_OK)
        return NULL;
    if (flags)
        *flags = f;
    text = unpack(val, len, f, &n);
    if (!text)
        return NULL;
    root = json_loadb(text, n, 0, NULL);
    free(text);
    if (root && !json_is_object(root)) {
        json_decref(root);
        root = NULL;
    }
    return root;
}

/* Borrowed string member, NULL when absent or not a string. */
static const char *get_str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static int64_t get_int(const json_t *obj, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(obj, key));
}

/* Copies an optional string: *dst is NULL when src is; false only on out of memory. */
static bool dup_opt(char **dst, const char *src)
{
    *dst = src ? strdup(src) : NULL;
    return !src || *dst;
}

static void hex_encode(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 0x0f];
    }
    out[2 * n] = '\0';
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static bool hex_decode(const char *s, unsigned char *out, size_t n)
{
    if (!s || strlen(s) != 2 * n)
        return false;
    for (size_t i = 0; i < n; i++) {
        int hi = hex_digit(s[2 * i]);
        int lo = hex_digit(s[2 * i + 1]);

        if (hi < 0 || lo < 0)
            return false;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return true;
}

/* Stores s as a JSON string (NULL: JSON null). Text that is not valid UTF-8 (a hostile header
 * or robots.txt token) is kept with its non-ASCII bytes replaced by '?', jansson accepting
 * only UTF-8. false only on out of memory. */
static bool set_str(json_t *obj, const char *key, const char *s)
{
    json_t *v;
    char *tmp;

    if (!s)
        return json_object_set_new(obj, key, json_null()) == 0;
    v = json_string(s);
    if (!v) {
        tmp = strdup(s);
        if (!tmp)
            return false;
        for (char *p = tmp; *p; p++) {
            if ((unsigned char)*p >= 0x80)
                *p = '?';
        }
        v = json_string(tmp);
        free(tmp);
    }
    return v && json_object_set_new(obj, key, v) == 0;
}

static bool set_int(json_t *obj, const char *key, int64_t v)
{
    return json_object_set_new(obj, key, json_integer((json_int_t)v)) == 0;
}

static bool set_bool(json_t *obj, const char *key, bool v)
{
    return json_object_set_new(obj, key, json_boolean(v)) == 0;
}

/* Dumps root (Takes it) behind a record header; ok false means a member could not be set. */
static int finish(json_t *root, bool ok, int kind, unsigned flags, char **out, size_t *len_out)
{
    *out = NULL;
    if (!ok) {
        json_decref(root);
        return CS_E_NOMEM;
    }
    return cs_rec_encode_json(root, kind, flags, out, len_out);
}

/* ---- fetches ---------------------------------------------------------------------------- */

int cs_rec_encode_fetch(const struct cs_fetch_record *rec, char **out, size_t *len_out)
{
    json_t *root = json_object();
    bool ok;

    ok = root && set_str(root, "url", rec->url) && set_str(root, "origin", rec->origin) &&
         set_str(root, "kind", rec->kind) && set_str(root, "method", rec->method) &&
         set_str(root, "final_url", rec->final_url) &&
         set_int(root, "http_status", rec->http_status) && set_str(root, "error", rec->error) &&
         set_int(root, "fetched_at", rec->fetched_at) &&
         set_int(root, "duration_ms", rec->duration_ms) && set_str(root, "headers", rec->headers) &&
         set_str(root, "meta", rec->meta);
    return finish(root, ok, CS_REC_FETCH, 0, out, len_out);
}

struct cs_fetch_stored *cs_rec_decode_fetch(const void *val, size_t len, char **url_out)
{
    json_t *root = cs_rec_decode_json(val, len, CS_REC_FETCH, NULL);
    struct cs_fetch_stored *f = root ? calloc(1, sizeof(*f)) : NULL;
    bool ok = f && get_str(root, "url");

    *url_out = NULL;
    ok = ok && dup_opt(url_out, get_str(root, "url")) &&
         dup_opt(&f->final_url, get_str(root, "final_url")) &&
         dup_opt(&f->method, get_str(root, "method")) &&
         dup_opt(&f->error, get_str(root, "error")) &&
         dup_opt(&f->headers, get_str(root, "headers")) && dup_opt(&f->meta, get_str(root, "meta"));
    if (f) {
        f->http_status = (int)get_int(root, "http_status");
        f->fetched_at = get_int(root, "fetched_at");
    }
    json_decref(root);
    if (!ok) {
        cs_fetch_stored_free(f);
        free(*url_out);
        *url_out = NULL;
        return NULL;
    }
    return f;
}

/* ---- verdicts --------------------------------------------------------------------------- */

/* A structural check that text is one JSON object: '{' ... matching '}' with balanced brackets
 * outside strings, nothing after it. Not a full parse (the writer thread cannot afford one per
 * verdict): the checker's report is made by jansson; this catches truncation and mix-ups. */
static bool one_object(const char *text)
{
    size_t depth = 0;
    bool in_str = false;
    const char *p = text;

    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    if (*p != '{')
        return false;
    for (; *p; p++) {
        if (in_str) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"')
                in_str = false;
        } else if (*p == '"') {
            in_str = true;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            if (depth == 0 || --depth == 0)
                break;
        }
    }
    if (!*p || depth != 0 || *p != '}')
        return false;
    for (p++; *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'; p++)
        ;
    return *p == '\0';
}

int cs_rec_encode_verdict(const struct cs_verdict_record *rec, char **out, size_t *len_out)
{
    json_t *root = NULL;
    struct cs_buf b;
    char *head = NULL;
    bool ok;
    int rc;

    *out = NULL;
    if (!rec->json || !one_object(rec->json))
        return CS_E_INVALID;
    root = json_object();
    ok = root && set_str(root, "url", rec->url) && set_str(root, "origin", rec->origin) &&
         set_int(root, "checked_at", rec->checked_at) && set_bool(root, "flagged", rec->flagged) &&
         set_str(root, "parser_version", rec->parser_version);
    head = ok ? json_dumps(root, DUMP_FLAGS) : NULL;
    json_decref(root);
    if (!head)
        return CS_E_NOMEM;
    /* {"checked_at":..,"url":..} + ,"verdict":TEXT} — "verdict" sorts last, so the record stays
     * in canonical key order */
    cs_buf_init(&b, SIZE_MAX - 1);
    head[strlen(head) - 1] = '\0';
    rc = cs_buf_adds(&b, head);
    if (rc == CS_OK)
        rc = cs_buf_adds(&b, ",\"verdict\":");
    if (rc == CS_OK)
        rc = cs_buf_adds(&b, rec->json);
    if (rc == CS_OK)
        rc = cs_buf_add(&b, "}", 1);
    free(head);
    if (rc == CS_OK)
        rc = pack(b.data, b.len, CS_REC_VERDICT,
                  (rec->flagged ? CS_REC_F_FLAGGED : 0) | (rec->unknown ? CS_REC_F_UNKNOWN : 0),
                  out, len_out);
    cs_buf_release(&b);
    return rc;
}

void cs_rec_verdict_release(struct cs_rec_verdict *v)
{
    free(v->url);
    free(v->origin);
    free(v->parser_version);
    free(v->json);
    memset(v, 0, sizeof(*v));
}

int cs_rec_decode_verdict(const void *val, size_t len, struct cs_rec_verdict *out)
{
    unsigned flags = 0;
    json_t *root = cs_rec_decode_json(val, len, CS_REC_VERDICT, &flags);
    const json_t *verdict = json_object_get(root, "verdict");
    int rc = CS_E_STORE;

    memset(out, 0, sizeof(*out));
    if (!root || !json_is_object(verdict) || !get_str(root, "url") || !get_str(root, "origin"))
        goto out;
    rc = CS_E_NOMEM;
    out->json = json_dumps(verdict, DUMP_FLAGS);
    if (!out->json || !dup_opt(&out->url, get_str(root, "url")) ||
        !dup_opt(&out->origin, get_str(root, "origin")) ||
        !dup_opt(&out->parser_version, get_str(root, "parser_version")))
        goto out;
    out->checked_at = get_int(root, "checked_at");
    out->flagged = (flags & CS_REC_F_FLAGGED) != 0;
    rc = CS_OK;
out:
    if (rc != CS_OK)
        cs_rec_verdict_release(out);
    json_decref(root);
    return rc;
}

/* ---- host files ------------------------------------------------------------------------- */

int cs_rec_encode_hostfile(const struct cs_hostfile_record *rec, char **out, size_t *len_out)
{
    char hex[2 * CS_KEY_SHA_LEN + 1];
    json_t *root = json_object();
    bool ok;

    hex_encode(rec->body_sha256, CS_KEY_SHA_LEN, hex);
    ok = root && set_str(root, "origin", rec->origin) && set_str(root, "kind", rec->kind) &&
         set_str(root, "outcome", rec->outcome) && set_str(root, "error", rec->error) &&
         set_str(root, "final_url", rec->final_url) &&
         set_int(root, "http_status", rec->http_status) &&
         set_int(root, "fetched_at", rec->fetched_at) &&
         set_int(root, "expires_at", rec->expires_at) &&
         set_bool(root, "truncated", rec->truncated) && set_bool(root, "has_body", rec->has_body) &&
         set_str(root, "body_sha256", rec->has_body ? hex : NULL) &&
         set_int(root, "body_len", (int64_t)rec->body_len);
    return finish(root, ok, CS_REC_HOSTFILE, 0, out, len_out);
}

static bool copy_hostfile(const json_t *root, struct cs_hostfile_record *rec)
{
    rec->http_status = (int)get_int(root, "http_status");
    rec->fetched_at = get_int(root, "fetched_at");
    rec->expires_at = get_int(root, "expires_at");
    rec->truncated = json_is_true(json_object_get(root, "truncated"));
    rec->has_body = json_is_true(json_object_get(root, "has_body"));
    return dup_opt(&rec->origin, get_str(root, "origin")) &&
           dup_opt(&rec->kind, get_str(root, "kind")) &&
           dup_opt(&rec->outcome, get_str(root, "outcome")) &&
           dup_opt(&rec->error, get_str(root, "error")) &&
           dup_opt(&rec->final_url, get_str(root, "final_url"));
}

int cs_rec_decode_hostfile(const void *val, size_t len, struct cs_hostfile_record **out)
{
    json_t *root = cs_rec_decode_json(val, len, CS_REC_HOSTFILE, NULL);
    struct cs_hostfile_record *rec = NULL;
    int rc = CS_E_STORE;

    *out = NULL;
    if (!root || !get_str(root, "origin") || !get_str(root, "kind") || !get_str(root, "outcome"))
        goto out;
    rc = CS_E_NOMEM;
    rec = calloc(1, sizeof(*rec));
    if (!rec || !copy_hostfile(root, rec))
        goto out;
    rc = CS_E_STORE;
    if (rec->has_body &&
        !hex_decode(get_str(root, "body_sha256"), rec->body_sha256, CS_KEY_SHA_LEN))
        goto out;
    *out = rec;
    rec = NULL;
    rc = CS_OK;
out:
    cs_hostfile_record_free(rec);
    json_decref(root);
    return rc;
}

/* ---- history ---------------------------------------------------------------------------- */

int cs_rec_encode_signal(const struct cs_rec_signal *s, char **out, size_t *len_out)
{
    json_t *root = json_object();
    bool ok;

    ok = root && set_str(root, "signal", s->signal) && set_str(root, "token", s->token) &&
         set_str(root, "value", s->value) && set_int(root, "first_seen", s->first_seen) &&
         set_int(root, "last_seen", s->last_seen) && set_int(root, "changed_at", s->changed_at);
    return finish(root, ok, CS_REC_HISTORY, 0, out, len_out);
}

void cs_rec_signal_release(struct cs_rec_signal *s)
{
    free(s->signal);
    free(s->token);
    free(s->value);
    memset(s, 0, sizeof(*s));
}

int cs_rec_decode_signal(const void *val, size_t len, struct cs_rec_signal *out)
{
    json_t *root = cs_rec_decode_json(val, len, CS_REC_HISTORY, NULL);
    int rc = CS_E_STORE;

    memset(out, 0, sizeof(*out));
    if (!root || !get_str(root, "signal") || !get_str(root, "token") || !get_str(root, "value"))
        goto out;
    rc = CS_E_NOMEM;
    if (!dup_opt(&out->signal, get_str(root, "signal")) ||
        !dup_opt(&out->token, get_str(root, "token")) ||
        !dup_opt(&out->value, get_str(root, "value")))
        goto out;
    out->first_seen = get_int(root, "first_seen");
    out->last_seen = get_int(root, "last_seen");
    out->changed_at = get_int(root, "changed_at");
    rc = CS_OK;
out:
    if (rc != CS_OK)
        cs_rec_signal_release(out);
    json_decref(root);
    return rc;
}
