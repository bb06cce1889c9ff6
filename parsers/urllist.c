/* SPDX-License-Identifier: MIT
 * urllist.c - the record machine (csv/tsv quoting, line splitting), header and column choice,
 * and the per-format row readers. Format detection is in urllist_detect.c.
 */
#include "cs_setup.h"

#include "urllist.h"

#include "cs_str.h"

#include <jansson.h>
#include <strings.h>

#define SNIFF_MAX 65536u /* auto-detection reads at most this much before deciding */

enum qstate { Q_START, Q_UNQ, Q_QUOTED, Q_QQ };

struct cs_urllist {
    cs_urllist_cb *cb;
    void *ctx;
    char *column;        /* owned copy of opts->column */
    char *name;          /* owned copy of opts->name */
    size_t column_index; /* 1-based, 0 = not given */
    size_t max_line;
    enum cs_urllist_format fmt;
    /* the record being read: fields NUL-separated in rec, their offsets in fld */
    char *rec;
    size_t rec_len, rec_alloc;
    size_t *fld;
    size_t nfld, fld_alloc;
    bool overflow, started;
    enum qstate q;
    uint64_t line, rec_line;
    /* header and column */
    bool header_done;
    char *col_name; /* owned */
    size_t col;     /* 1-based chosen column, 0 = undecided */
    /* detection and byte order mark */
    char *sniff;
    size_t sniff_len;
    unsigned bom_held; /* leading bytes matching the UTF-8 byte order mark, held back */
    bool bom_done;
    struct cs_urllist_stats st;
    int err;
};

static const char *const known_names[] = {
    "url", "image_url", "imageurl",   "img_url",  "image",     "link",         "href",
    "uri", "src",       "source_url", "page_url", "photo_url", "original_url", "website",
};

static bool is_known_name(const char *s)
{
    for (size_t i = 0; i < CS_ARRAY_LEN(known_names); i++)
        if (strcasecmp(s, known_names[i]) == 0)
            return true;
    return false;
}

bool cs_urllist_looks_like_url(const char *s, size_t len)
{
    return (len >= 7 && strncasecmp(s, "http://", 7) == 0) ||
           (len >= 8 && strncasecmp(s, "https://", 8) == 0);
}

struct cs_urllist *cs_urllist_new(const struct cs_urllist_opts *opts, cs_urllist_cb *cb, void *ctx)
{
    struct cs_urllist *r = calloc(1, sizeof(*r));

    if (!r)
        return NULL;
    r->cb = cb;
    r->ctx = ctx;
    r->line = 1;
    r->max_line = CS_URLLIST_MAX_LINE;
    if (opts) {
        r->fmt = opts->format;
        r->column_index = opts->column_index;
        if (opts->max_line)
            r->max_line = opts->max_line;
        if ((opts->column && !(r->column = cs_strdup(opts->column))) ||
            (opts->name && !(r->name = cs_strdup(opts->name)))) {
            cs_urllist_free(r);
            return NULL;
        }
    }
    r->st.column = r->column;
    if (r->fmt == CS_URLLIST_AUTO)
        r->fmt = cs_urllist_detect(r->name, NULL, 0);
    r->st.format = r->fmt;
    return r;
}

void cs_urllist_free(struct cs_urllist *r)
{
    if (!r)
        return;
    free(r->column);
    free(r->name);
    free(r->rec);
    free(r->fld);
    free(r->col_name);
    free(r->sniff);
    free(r);
}

const struct cs_urllist_stats *cs_urllist_stats(const struct cs_urllist *r)
{
    return &r->st;
}

/* ---- the record buffer ---- */

/* Appends one byte (a NUL ends a field); past max_line the record is marked and dropped. */
static int push(struct cs_urllist *r, char c)
{
    if (r->overflow)
        return CS_OK;
    if (r->rec_len > r->max_line) { /* max_line bytes and a NUL fit */
        r->overflow = true;
        return CS_OK;
    }
    if (r->rec_len + 1 > r->rec_alloc) {
        size_t n = r->rec_alloc ? r->rec_alloc * 2 : 256;
        char *p;

        if (n > r->max_line + 1)
            n = r->max_line + 1;
        if (!(p = realloc(r->rec, n)))
            return CS_E_NOMEM;
        r->rec = p;
        r->rec_alloc = n;
    }
    r->rec[r->rec_len++] = c;
    return CS_OK;
}

static int start_field(struct cs_urllist *r)
{
    if (r->overflow)
        return CS_OK;
    if (r->nfld >= CS_URLLIST_MAX_FIELDS) {
        r->overflow = true;
        return CS_OK;
    }
    if (r->nfld == r->fld_alloc) {
        size_t n = r->fld_alloc ? r->fld_alloc * 2 : 16;
        size_t *p = realloc(r->fld, n * sizeof(*p));

        if (!p)
            return CS_E_NOMEM;
        r->fld = p;
        r->fld_alloc = n;
    }
    r->fld[r->nfld++] = r->rec_len;
    return CS_OK;
}

static int end_field(struct cs_urllist *r)
{
    return push(r, '\0');
}

static void begin_record(struct cs_urllist *r)
{
    r->rec_len = 0;
    r->nfld = 0;
    r->overflow = false;
    r->started = false;
    r->q = Q_START;
}

/* Trims ASCII white space in place; returns the start, *len updated. */
static char *trim(char *s, size_t *len)
{
    size_t n = *len;

    while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\f' || *s == '\v'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n' ||
                 s[n - 1] == '\f' || s[n - 1] == '\v'))
        n--;
    s[n] = '\0';
    *len = n;
    return s;
}

static int emit(struct cs_urllist *r, const char *url, size_t len, const char *reason)
{
    struct cs_urllist_row row = { 0 };
    int rc;

    r->st.rows++;
    row.row = r->st.rows;
    row.line = r->rec_line;
    for (size_t i = 0; url && i < len; i++) {
        if ((unsigned char)url[i] < 0x20 || url[i] == 0x7f) { /* one URL a line, always */
            url = NULL;
            reason = "control character in value";
        }
    }
    if (url && len) {
        r->st.urls++;
        row.url = url;
        row.url_len = len;
    } else {
        r->st.skipped++;
        row.reason = reason ? reason : "empty value";
    }
    rc = r->cb ? r->cb(r->ctx, &row) : 0;
    if (rc)
        r->err = rc;
    return rc;
}

/* ---- txt ---- */

static int row_txt(struct cs_urllist *r)
{
    size_t len = r->rec_len ? r->rec_len - 1 : 0;
    char *s = trim(r->rec ? r->rec : (char[1]){ 0 }, &len);

    if (len == 0 || s[0] == '#') {
        r->st.ignored++;
        return CS_OK;
    }
    if (!r->header_done) {
        r->header_done = true;
        if (is_known_name(s)) { /* a one-column csv saved as .txt */
            r->st.ignored++;
            return CS_OK;
        }
    }
    return emit(r, s, len, NULL);
}

/* ---- jsonl ---- */

/* Borrowed: the value at key, or along a dotted path when no key has that exact name. */
static json_t *json_path(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    char part[256];

    while (!v && json_is_object(obj)) {
        const char *dot = strchr(key, '.');
        size_t n = dot ? (size_t)(dot - key) : 0;

        if (!dot || n == 0 || n >= sizeof(part))
            return NULL;
        memcpy(part, key, n);
        part[n] = '\0';
        obj = json_object_get(obj, part);
        key = dot + 1;
        v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    }
    return v;
}

static json_t *json_pick(struct cs_urllist *r, json_t *obj)
{
    json_t *v;

    if (r->column)
        return json_path(obj, r->column);
    const char *key;

    for (size_t i = 0; i < CS_ARRAY_LEN(known_names); i++) {
        json_object_foreach(obj, key, v)
        {
            if (strcasecmp(key, known_names[i]) != 0)
                continue;
            if (!r->st.column)
                r->st.column = known_names[i];
            return v;
        }
    }
    return NULL;
}

static int row_jsonl(struct cs_urllist *r)
{
    size_t len = r->rec_len ? r->rec_len - 1 : 0;
    char *s = trim(r->rec ? r->rec : (char[1]){ 0 }, &len);
    json_t *obj, *v;
    json_error_t jerr;
    int rc;

    if (len == 0) {
        r->st.ignored++;
        return CS_OK;
    }
    obj = json_loadb(s, len, 0, &jerr);
    if (!json_is_object(obj)) {
        json_decref(obj);
        return emit(r, NULL, 0, "not a JSON object");
    }
    v = json_pick(r, obj);
    if (!v)
        rc = emit(r, NULL, 0, "no such key");
    else if (!json_is_string(v))
        rc = emit(r, NULL, 0, "value is not a string");
    else {
        size_t n = json_string_length(v);
        char *u = cs_strdup(json_string_value(v)); /* trim needs a writable copy */

        if (!u) {
            json_decref(obj);
            return r->err = CS_E_NOMEM;
        }
        s = trim(u, &n);
        rc = emit(r, s, n, NULL);
        free(u);
    }
    json_decref(obj);
    return rc;
}

/* ---- csv, tsv ---- */

static char *field(struct cs_urllist *r, size_t i, size_t *len)
{
    size_t end = i + 1 < r->nfld ? r->fld[i + 1] : r->rec_len;

    *len = end - r->fld[i] - 1; /* every field ends with a NUL */
    return r->rec + r->fld[i];
}

static bool row_has_url(struct cs_urllist *r, size_t *first)
{
    for (size_t i = 0; i < r->nfld; i++) {
        size_t len;
        char *s = trim(field(r, i, &len), &len);

        if (cs_urllist_looks_like_url(s, len)) {
            *first = i + 1;
            return true;
        }
    }
    return false;
}

/* Chooses column col (1-based); named: the current record is the header, whose field names it. */
static int choose_column(struct cs_urllist *r, size_t col, bool named)
{
    size_t len;

    r->col = col;
    free(r->col_name);
    r->col_name = NULL;
    if (named && col <= r->nfld && !(r->col_name = cs_strdup(trim(field(r, col - 1, &len), &len))))
        return r->err = CS_E_NOMEM;
    r->st.column = r->col_name;
    r->st.column_index = col;
    return CS_OK;
}

/* The header: by name (exact, then any case), by index, or by a known name. */
static int read_header(struct cs_urllist *r, struct cs_diag *diag)
{
    size_t len;

    r->header_done = true;
    r->st.ignored++;
    if (r->column_index)
        return choose_column(r, r->column_index, true);
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < r->nfld; i++) {
            char *s = trim(field(r, i, &len), &len);
            bool hit = pass == 0   ? (r->column && strcmp(s, r->column) == 0)
                       : pass == 1 ? (r->column && strcasecmp(s, r->column) == 0)
                                   : (!r->column && is_known_name(s));

            if (hit)
                return choose_column(r, i + 1, true);
        }
    }
    if (r->column) {
        cs_diag_set(diag, (int)r->rec_line, CS_E_NOTFOUND, "column '%s' is not in the header",
                    r->column);
        return r->err = CS_E_NOTFOUND;
    }
    return CS_OK; /* decided on the first data row */
}

static int row_csv(struct cs_urllist *r, struct cs_diag *diag)
{
    size_t len, first = 0;
    int rc;
    char *s;

    if (r->nfld == 1 && r->rec_len == 1) { /* a blank line */
        r->st.ignored++;
        return CS_OK;
    }
    if (!r->header_done) {
        bool data = row_has_url(r, &first) && !r->column;

        if (!data)
            return read_header(r, diag);
        r->header_done = true;
        rc = choose_column(r, r->column_index ? r->column_index : first, false);
        if (rc)
            return rc;
    }
    if (!r->col) {
        if (!row_has_url(r, &first)) {
            cs_diag_set(diag, (int)r->rec_line, CS_E_NOTFOUND,
                        "no column holds URLs (name one with a column option)");
            return r->err = CS_E_NOTFOUND;
        }
        if ((rc = choose_column(r, first, false)) != CS_OK) /* the header is gone: no name */
            return rc;
    }
    if (r->col > r->nfld)
        return emit(r, NULL, 0, "missing column");
    s = trim(field(r, r->col - 1, &len), &len);
    return emit(r, s, len, NULL);
}

/* ---- the record machine ---- */

static int end_record(struct cs_urllist *r, struct cs_diag *diag)
{
    int rc;

    if ((rc = end_field(r)) != CS_OK)
        return r->err = rc;
    if (r->overflow) {
        r->st.too_long++;
        rc = emit(r, NULL, 0, "longer than the line limit");
    } else if (r->fmt == CS_URLLIST_JSONL) {
        rc = row_jsonl(r);
    } else if (r->fmt == CS_URLLIST_CSV || r->fmt == CS_URLLIST_TSV) {
        rc = row_csv(r, diag);
    } else {
        rc = row_txt(r);
    }
    begin_record(r);
    return rc;
}

/* RFC 4180 2.5-2.7 for csv and tsv; txt and jsonl only split lines. */
static int machine(struct cs_urllist *r, char c, struct cs_diag *diag)
{
    char delim = r->fmt == CS_URLLIST_TSV ? '\t' : ',';
    int rc;

    if (r->fmt != CS_URLLIST_CSV && r->fmt != CS_URLLIST_TSV)
        return c == '\n' ? end_record(r, diag) : push(r, c);
    switch (r->q) {
    case Q_START:
        if (c == '"') {
            r->q = Q_QUOTED;
            return CS_OK;
        }
        CS_FALLTHROUGH;
    case Q_UNQ:
        if (c == delim) {
            r->q = Q_START;
            return (rc = end_field(r)) != CS_OK ? rc : start_field(r);
        }
        if (c == '\n')
            return end_record(r, diag);
        if (c == '\r')
            return CS_OK; /* CRLF; a bare CR in an unquoted field is dropped too */
        r->q = Q_UNQ;
        return push(r, c);
    case Q_QUOTED:
        if (c == '"') {
            r->q = Q_QQ;
            return CS_OK;
        }
        return push(r, c);
    case Q_QQ:
        if (c == '"') {
            r->q = Q_QUOTED;
            return push(r, '"');
        }
        r->q = Q_UNQ; /* after the closing quote; text here is kept (lenient) */
        return machine(r, c, diag);
    }
    return CS_OK;
}

static int consume(struct cs_urllist *r, char c, struct cs_diag *diag)
{
    int rc;

    if (!r->started) {
        r->started = true;
        r->rec_line = r->line;
        if ((rc = start_field(r)) != CS_OK)
            return r->err = rc;
    }
    if (c == '\n') {
        r->line++;
        r->st.lines++;
    }
    rc = machine(r, c, diag);
    if (rc && !r->err)
        r->err = rc;
    return rc;
}

/* Auto-detection: holds the first line (up to SNIFF_MAX), then replays it. */
static int take(struct cs_urllist *r, char c, struct cs_diag *diag)
{
    const char *held;
    size_t n;
    int rc = CS_OK;

    if (r->fmt != CS_URLLIST_AUTO)
        return consume(r, c, diag);
    if (!r->sniff && !(r->sniff = malloc(SNIFF_MAX)))
        return r->err = CS_E_NOMEM;
    r->sniff[r->sniff_len++] = c;
    if (c != '\n' && r->sniff_len < SNIFF_MAX)
        return CS_OK;
    r->fmt = cs_urllist_detect(NULL, r->sniff, r->sniff_len);
    if (r->fmt == CS_URLLIST_AUTO)
        r->fmt = CS_URLLIST_TXT;
    r->st.format = r->fmt;
    held = r->sniff;
    n = r->sniff_len;
    for (size_t i = 0; rc == CS_OK && i < n; i++)
        rc = consume(r, held[i], diag);
    free(r->sniff);
    r->sniff = NULL;
    r->sniff_len = 0;
    return rc;
}

static const char bom[3] = { '\xef', '\xbb', '\xbf' };

int cs_urllist_feed(struct cs_urllist *r, const char *buf, size_t len, struct cs_diag *diag)
{
    int rc = CS_OK;

    if (r->err)
        return r->err;
    for (size_t i = 0; rc == CS_OK && i < len; i++) {
        if (!r->bom_done) {
            if (buf[i] == bom[r->bom_held]) {
                r->bom_done = ++r->bom_held == 3; /* a whole mark: dropped */
                continue;
            }
            r->bom_done = true;
            for (unsigned k = 0; rc == CS_OK && k < r->bom_held; k++)
                rc = take(r, bom[k], diag);
            if (rc)
                break;
        }
        rc = take(r, buf[i], diag);
    }
    return rc;
}

int cs_urllist_finish(struct cs_urllist *r, struct cs_diag *diag)
{
    int rc = CS_OK;

    if (r->err)
        return r->err;
    for (unsigned k = 0; !r->bom_done && rc == CS_OK && k < r->bom_held; k++)
        rc = take(r, bom[k], diag);
    r->bom_done = true;
    if (rc == CS_OK && r->fmt == CS_URLLIST_AUTO && r->sniff_len > 0)
        rc = take(r, '\n', diag); /* decides and replays; the added break ends the record */
    if (rc != CS_OK || !r->started)
        return rc;
    r->st.lines++;
    if (r->q == Q_QUOTED) {
        rc = emit(r, NULL, 0, "unterminated quote");
        begin_record(r);
        return rc;
    }
    return end_record(r, diag);
}
