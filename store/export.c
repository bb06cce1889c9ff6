/* SPDX-License-Identifier: MIT
 * export.c - stored verdicts as JSONL or CSV (RFC 4180); the fields are described in
 * store/EXPORT.md (export format version 1).
 */
#include "cs_setup.h"

#include "cs_buf.h"
#include "cs_clock.h"
#include "export.h"
#include "export_int.h"
#include "signals.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define ROW_MAX ((size_t)64 << 20)

#define CSV_HEADER                                                                           \
    "url,origin,checked_at,flagged,purpose,stance,reason,agents_reserved,agents_considered," \
    "evidence\r\n"

struct export_ctx {
    FILE *out;
    enum cs_export_format fmt;
    int write_errno; /* errno of a failed write, 0 if none */
};

int cs_export_put_bytes(FILE *out, int *write_errno, const char *buf, size_t len)
{
    errno = 0;
    if (len && fwrite(buf, 1, len, out) != len) {
        *write_errno = errno ? errno : EIO;
        return CS_E_IO;
    }
    return CS_OK;
}

static int write_bytes(struct export_ctx *x, const char *buf, size_t len)
{
    return cs_export_put_bytes(x->out, &x->write_errno, buf, len);
}

/* RFC 4180 2.6-2.7: quote a field holding a comma, quote or line break; double its quotes. */
static int add_field(struct cs_buf *row, const char *s, bool first)
{
    int rc = first ? CS_OK : cs_buf_add(row, ",", 1);

    if (rc != CS_OK || !s)
        return rc;
    if (!strpbrk(s, ",\"\r\n"))
        return cs_buf_adds(row, s);
    rc = cs_buf_add(row, "\"", 1);
    for (const char *p = s; *p && rc == CS_OK; p++)
        rc = *p == '"' ? cs_buf_add(row, "\"\"", 2) : cs_buf_add(row, p, 1);
    if (rc == CS_OK)
        rc = cs_buf_add(row, "\"", 1);
    return rc;
}

/* Evidence text in double quotes, with \\ \" \n \r \t and \xHH for other control bytes. */
static int add_quoted(struct cs_buf *b, const char *s)
{
    int rc = cs_buf_add(b, "\"", 1);

    for (const unsigned char *p = (const unsigned char *)s; *p && rc == CS_OK; p++) {
        if (*p == '\\' || *p == '"')
            rc = cs_buf_addf(b, "\\%c", *p);
        else if (*p == '\n')
            rc = cs_buf_adds(b, "\\n");
        else if (*p == '\r')
            rc = cs_buf_adds(b, "\\r");
        else if (*p == '\t')
            rc = cs_buf_adds(b, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            rc = cs_buf_addf(b, "\\x%02x", *p);
        else
            rc = cs_buf_add(b, p, 1);
    }
    return rc == CS_OK ? cs_buf_add(b, "\"", 1) : rc;
}

/* One evidence entry: signal token line "text"; "-" for an absent part; "TOKEN+N" when the rule
 * refuses N more tokens (the JSONL "tokens" list has them all). */
static int add_evidence_item(struct cs_buf *b, const json_t *ev)
{
    const char *signal = json_string_value(json_object_get(ev, "signal"));
    const char *token = json_string_value(json_object_get(ev, "token"));
    const char *text = json_string_value(json_object_get(ev, "text"));
    json_int_t line = json_integer_value(json_object_get(ev, "line"));
    int rc;

    size_t more = json_array_size(json_object_get(ev, "tokens"));

    more = more > 1 ? more - 1 : 0;
    rc = cs_buf_addf(b, "%s %s", signal ? signal : "-", token ? token : "-");
    if (rc == CS_OK)
        rc = more ? cs_buf_addf(b, "+%zu ", more) : cs_buf_adds(b, " ");
    if (rc == CS_OK)
        rc = line > 0 ? cs_buf_addf(b, "%" JSON_INTEGER_FORMAT " ", line) : cs_buf_adds(b, "- ");
    if (rc == CS_OK)
        rc = text ? add_quoted(b, text) : cs_buf_adds(b, "-");
    return rc;
}

/* The evidence column: entries joined by " | ". */
static int add_evidence(struct cs_buf *row, const json_t *list)
{
    struct cs_buf ev;
    const json_t *item;
    size_t i;
    int rc = CS_OK;

    cs_buf_init(&ev, ROW_MAX);
    json_array_foreach(list, i, item)
    {
        if (i > 0)
            rc = cs_buf_adds(&ev, " | ");
        if (rc == CS_OK)
            rc = add_evidence_item(&ev, item);
        if (rc != CS_OK)
            return rc; /* a failed append has released ev */
    }
    rc = add_field(row, cs_buf_str(&ev), false);
    cs_buf_release(&ev);
    return rc;
}

/* An integer member as text, "" when absent. out holds 24 bytes. */
static const char *int_text(const json_t *obj, const char *key, char out[static 24])
{
    const json_t *v = json_object_get(obj, key);

    out[0] = '\0';
    if (json_is_integer(v))
        snprintf(out, 24, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return out;
}

/* Writes the CSV row of one purpose of one verdict. */
static int emit_purpose(struct export_ctx *x, const struct cs_verdict_record *rec,
                        const char *checked_at, const char *name, const json_t *p)
{
    char reserved[24];
    char considered[24];
    struct cs_buf row;
    int rc;

    cs_buf_init(&row, ROW_MAX);
    rc = add_field(&row, rec->url, true);
    if (rc == CS_OK)
        rc = add_field(&row, rec->origin, false);
    if (rc == CS_OK)
        rc = add_field(&row, checked_at, false);
    if (rc == CS_OK)
        rc = add_field(&row, rec->flagged ? "true" : "false", false);
    if (rc == CS_OK)
        rc = add_field(&row, name, false);
    if (rc == CS_OK)
        rc = add_field(&row, json_string_value(json_object_get(p, "stance")), false);
    if (rc == CS_OK)
        rc = add_field(&row, json_string_value(json_object_get(p, "reason")), false);
    if (rc == CS_OK)
        rc = add_field(&row, int_text(p, "agents_reserved", reserved), false);
    if (rc == CS_OK)
        rc = add_field(&row, int_text(p, "agents_considered", considered), false);
    if (rc == CS_OK)
        rc = add_evidence(&row, json_object_get(p, "evidence"));
    if (rc == CS_OK)
        rc = cs_buf_add(&row, "\r\n", 2);
    if (rc == CS_OK)
        rc = write_bytes(x, row.data, row.len);
    cs_buf_release(&row);
    return rc;
}

static bool is_known_purpose(const char *name)
{
    enum cs_purpose p;

    return cs_purpose_parse(name, &p) == CS_OK && strcmp(cs_purpose_name(p), name) == 0;
}

/* One row per purpose present: the known purposes in enum order, then any others by name
 * (the stored object was written with sorted keys, and jansson keeps that order). */
static int emit_csv(struct export_ctx *x, const struct cs_verdict_record *rec)
{
    json_t *root = json_loads(rec->json, 0, NULL);
    json_t *purposes = json_object_get(root, "purposes");
    const char *checked_at = json_string_value(json_object_get(root, "checked_at"));
    char when[21];
    const char *key;
    json_t *p;
    int rc = root ? CS_OK : CS_E_STORE;

    if (!checked_at) {
        cs_clock_format(rec->checked_at, when);
        checked_at = when;
    }
    for (int i = 0; i < CS_PURPOSE__COUNT && rc == CS_OK; i++) {
        p = json_object_get(purposes, cs_purpose_name((enum cs_purpose)i));
        if (json_is_object(p))
            rc = emit_purpose(x, rec, checked_at, cs_purpose_name((enum cs_purpose)i), p);
    }
    json_object_foreach(purposes, key, p)
    {
        if (rc == CS_OK && json_is_object(p) && !is_known_purpose(key))
            rc = emit_purpose(x, rec, checked_at, key, p);
    }
    json_decref(root);
    return rc;
}

static int emit(const struct cs_verdict_record *rec, void *ctx)
{
    struct export_ctx *x = ctx;
    int rc;

    if (x->fmt == CS_EXPORT_CSV)
        return emit_csv(x, rec);
    /* the stored object is already compact with sorted keys: canonical as it is */
    rc = write_bytes(x, rec->json, strlen(rec->json));
    return rc == CS_OK ? write_bytes(x, "\n", 1) : rc;
}

int cs_export_write(struct cs_store *st, FILE *out, enum cs_export_format fmt, bool flagged_only,
                    struct cs_diag *diag)
{
    struct export_ctx x = { out, fmt, 0 };
    int rc;

    if (!st || !out || (fmt != CS_EXPORT_JSONL && fmt != CS_EXPORT_CSV))
        return CS_E_INVALID;
    rc = fmt == CS_EXPORT_CSV ? write_bytes(&x, CSV_HEADER, strlen(CSV_HEADER)) : CS_OK;
    if (rc == CS_OK)
        rc = cs_store_iter_verdicts(st, flagged_only, emit, &x, diag);
    if (rc == CS_OK && fflush(out) != 0) {
        x.write_errno = errno;
        rc = CS_E_IO;
    }
    if (rc == CS_E_IO)
        cs_diag_set(diag, 0, CS_E_IO, "cannot write export: %s", strerror(x.write_errno));
    else if (rc == CS_E_STORE)
        cs_diag_set(diag, 0, CS_E_STORE, "cannot export: malformed verdict record");
    return rc;
}

/* ---- for the lineage export (export_int.h) ---------------------------------------------- */

int cs_export_csv_field(struct cs_buf *row, const char *s, bool first)
{
    return add_field(row, s, first);
}

int cs_export_csv_evidence(struct cs_buf *row, const struct json_t *list)
{
    return add_evidence(row, list);
}
