/* SPDX-License-Identifier: MIT
 * viewer.c - the dataset viewer's /splits and /rows responses (viewer.h).
 */
#include "cs_setup.h"

#include "cs_limits.h"
#include "cs_str.h"
#include "viewer.h"

#include <errno.h>
#include <jansson.h>
#include <strings.h>

/* The document, or NULL with diag set: invalid JSON, or the viewer's {"error": "..."}. */
static json_t *load(const char *buf, size_t len, struct cs_diag *diag)
{
    json_error_t err;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
    json_t *e;

    if (!root) {
        cs_diag_set(diag, err.line, CS_E_PARSE, "line %d column %d: %s", err.line, err.column,
                    err.text);
        return NULL;
    }
    if (!json_is_object(root) || json_is_string(e = json_object_get(root, "error"))) {
        cs_diag_set(diag, 0, CS_E_PARSE, "the viewer answered: %.120s",
                    json_is_object(root) ? json_string_value(e) : "not a JSON object");
        json_decref(root);
        return NULL;
    }
    return root;
}

int cs_viewer_splits_parse(const char *buf, size_t len, struct cs_viewer_splits *out,
                           struct cs_diag *diag)
{
    json_t *root, *list, *it;
    bool nomem;
    size_t i;

    memset(out, 0, sizeof(*out));
    if (!(root = load(buf, len, diag)))
        return CS_E_PARSE;
    list = json_object_get(root, "splits");
    if (!list) /* /size: the same list, each split with its row count */
        list = json_object_get(json_object_get(root, "size"), "splits");
    if (!json_is_array(list)) {
        cs_diag_set(diag, 0, CS_E_PARSE, "no \"splits\" array");
        json_decref(root);
        return CS_E_PARSE;
    }
    out->partial = json_is_true(json_object_get(root, "partial"));
    out->v = calloc(json_array_size(list) + 1, sizeof(*out->v));
    nomem = !out->v;
    json_array_foreach(list, i, it)
    {
        const char *c = json_string_value(json_object_get(it, "config"));
        const char *s = json_string_value(json_object_get(it, "split"));
        const json_t *rows = json_object_get(it, "num_rows");
        struct cs_viewer_split *sp;
        if (nomem)
            break;
        if (!c || !s)
            continue; /* not a split this reader can name */
        sp = &out->v[out->n++];
        sp->config = cs_strdup(c);
        sp->split = cs_strdup(s);
        sp->rows = json_is_integer(rows) && json_integer_value(rows) >= 0 &&
                           json_integer_value(rows) <= CS_VIEWER_ROWS_MAX
                       ? (long long)json_integer_value(rows)
                       : -1;
        nomem = !sp->config || !sp->split;
    }
    json_decref(root);
    if (nomem) {
        cs_viewer_splits_release(out);
        return CS_E_NOMEM;
    }
    return CS_OK;
}

void cs_viewer_splits_release(struct cs_viewer_splits *s)
{
    for (size_t i = 0; s->v && i < s->n; i++) {
        free(s->v[i].config);
        free(s->v[i].split);
    }
    free(s->v);
    memset(s, 0, sizeof(*s));
}

/* A string column: the viewer's "Value" feature of dtype string (Image and Audio columns hold
 * the viewer's own copies, never sources). */
static bool string_feature(const json_t *f)
{
    const json_t *t = json_object_get(f, "type");
    const char *kind = json_string_value(json_object_get(t, "_type"));
    const char *dtype = json_string_value(json_object_get(t, "dtype"));

    return kind && dtype && strcmp(kind, "Value") == 0 &&
           (strcmp(dtype, "string") == 0 || strcmp(dtype, "large_string") == 0);
}

static bool url_named(const char *name)
{
    static const char *const names[] = { "link", "href", "source" };

    for (const char *p = name; *p; p++) {
        if (strncasecmp(p, "url", 3) == 0)
            return true;
    }
    for (size_t i = 0; i < CS_ARRAY_LEN(names); i++) {
        if (strcasecmp(name, names[i]) == 0)
            return true;
    }
    return false;
}

static bool is_http_url(const char *s)
{
    size_t skip = strncasecmp(s, "http://", 7) == 0    ? 7
                  : strncasecmp(s, "https://", 8) == 0 ? 8
                                                       : 0;

    return skip && s[skip] && !strpbrk(s, " \t\r\n");
}

/* Of the page's rows, does at least half of column's non-empty cells hold a URL? */
static bool mostly_urls(const json_t *rows, const char *column)
{
    size_t filled = 0, urls = 0, i;
    const json_t *it;

    json_array_foreach(rows, i, it)
    {
        const char *v = json_string_value(json_object_get(json_object_get(it, "row"), column));
        if (!v || !v[0])
            continue;
        filled++;
        urls += is_http_url(v);
    }
    return urls > 0 && 2 * urls >= filled;
}

static bool asked(const char *name, const char *const *columns, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, columns[i]) == 0)
            return true;
    return false;
}

/* The URL columns of the page, in feature order: those asked for, else by name, else by
 * content. Fills r->columns; false on out of memory. */
static bool pick_columns(const json_t *features, const json_t *rows, const char *const *columns,
                         size_t n_asked, struct cs_viewer_rows *r)
{
    size_t nf = json_array_size(features), i;
    const json_t *f;

    r->columns = calloc(nf + 1, sizeof(*r->columns));
    if (!r->columns)
        return false;
    for (int pass = 0; pass < 3 && r->n_columns == 0; pass++) {
        json_array_foreach(features, i, f)
        {
            const char *name = json_string_value(json_object_get(f, "name"));
            bool take = name && string_feature(f) &&
                        (pass == 0   ? asked(name, columns, n_asked)
                         : pass == 1 ? !n_asked && url_named(name)
                                     : !n_asked && mostly_urls(rows, name));
            if (take && !(r->columns[r->n_columns++] = cs_strdup(name)))
                return false;
        }
    }
    return true;
}

/* The URLs of one row, in column order; cut, empty and non-URL cells counted as skipped. */
static bool row_urls(const json_t *it, size_t pos, struct cs_viewer_rows *r)
{
    const json_t *row = json_object_get(it, "row");
    const json_t *cut = json_object_get(it, "truncated_cells");
    const json_t *idx = json_object_get(it, "row_idx");

    for (size_t c = 0; c < r->n_columns; c++) {
        const char *v = json_string_value(json_object_get(row, r->columns[c]));
        bool was_cut = false;
        size_t k;
        const json_t *n;
        json_array_foreach(cut, k, n)
        {
            const char *name = json_string_value(n);
            was_cut |= name && strcmp(name, r->columns[c]) == 0;
        }
        if (!v || was_cut || !is_http_url(v)) {
            r->skipped++;
            continue;
        }
        r->urls[r->n_urls].row_idx =
            json_is_integer(idx) ? json_integer_value(idx) : (long long)pos;
        r->urls[r->n_urls].column = c;
        if (!(r->urls[r->n_urls++].url = cs_strdup(v)))
            return false;
    }
    return true;
}

int cs_viewer_rows_parse(const char *buf, size_t len, const char *const *columns, size_t n_columns,
                         struct cs_viewer_rows *out, struct cs_diag *diag)
{
    json_t *root, *rows, *it, *total;
    bool ok;
    size_t i;

    memset(out, 0, sizeof(*out));
    out->num_rows_total = -1;
    if (len > CS_VIEWER_MAX_BYTES) {
        cs_diag_set(diag, 0, CS_E_LIMIT, "over %u bytes", (unsigned)CS_VIEWER_MAX_BYTES);
        return CS_E_LIMIT;
    }
    if (!(root = load(buf, len, diag)))
        return CS_E_PARSE;
    rows = json_object_get(root, "rows");
    if (!json_is_array(rows)) {
        cs_diag_set(diag, 0, CS_E_PARSE, "no \"rows\" array");
        json_decref(root);
        return CS_E_PARSE;
    }
    total = json_object_get(root, "num_rows_total");
    out->num_rows_total = json_is_integer(total) ? json_integer_value(total) : -1;
    out->partial = json_is_true(json_object_get(root, "partial"));
    out->rows = json_array_size(rows);
    ok = pick_columns(json_object_get(root, "features"), rows, columns, n_columns, out);
    if (ok && out->n_columns)
        ok = (out->urls = calloc(out->rows * out->n_columns + 1, sizeof(*out->urls))) != NULL;
    json_array_foreach(rows, i, it)
    {
        if (!ok || !out->n_columns)
            break;
        ok = row_urls(it, i, out);
    }
    json_decref(root);
    if (!ok) {
        cs_viewer_rows_release(out);
        return CS_E_NOMEM;
    }
    return CS_OK;
}

void cs_viewer_rows_release(struct cs_viewer_rows *r)
{
    for (size_t i = 0; r->columns && i < r->n_columns; i++)
        free(r->columns[i]);
    for (size_t i = 0; r->urls && i < r->n_urls; i++)
        free(r->urls[i].url);
    free(r->columns);
    free(r->urls);
    memset(r, 0, sizeof(*r));
    r->num_rows_total = -1;
}

/* splitmix64: a small, well-mixed generator for a reproducible draw. */
static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;

    return (x > y) - (x < y);
}

size_t cs_viewer_sample_pages(long long total, size_t want, size_t page_len, uint64_t seed,
                              long long *offsets, size_t cap)
{
    long long pages, k;
    size_t n = 0;

    if (total <= 0 || page_len == 0 || want == 0)
        return 0;
    pages = (total + (long long)page_len - 1) / (long long)page_len;
    k = (long long)want >= total
            ? pages
            : ((long long)want + (long long)page_len - 1) / (long long)page_len;
    if (k > pages)
        k = pages;
    if ((size_t)k > cap)
        return (size_t)k;
    if (k == pages) {
        for (long long p = 0; p < pages; p++)
            offsets[n++] = p * (long long)page_len;
        return n;
    }
    /* Floyd's algorithm: k distinct pages of pages, each equally likely */
    for (long long j = pages - k; j < pages; j++) {
        long long t = (long long)(next_rand(&seed) % (uint64_t)(j + 1));
        bool seen = false;
        for (size_t m = 0; m < n && !seen; m++)
            seen = offsets[m] == t * (long long)page_len;
        offsets[n++] = (seen ? j : t) * (long long)page_len;
    }
    qsort(offsets, n, sizeof(*offsets), cmp_ll);
    return n;
}

/* Pages of a split (none when its row count is not known). */
static long long pages_of(const struct cs_viewer_split *sp, size_t page_len)
{
    return sp->rows > 0 ? (sp->rows + (long long)page_len - 1) / (long long)page_len : 0;
}

size_t cs_viewer_plan(const struct cs_viewer_splits *s, size_t want, size_t page_len, uint64_t seed,
                      struct cs_viewer_page *out, size_t cap)
{
    long long pages = 0, rows = 0, *offsets;
    size_t n, split = 0;
    long long first = 0; /* the first page of split in the sequence */

    if (page_len == 0)
        return 0;
    for (size_t i = 0; i < s->n; i++) {
        pages += pages_of(&s->v[i], page_len);
        rows += s->v[i].rows > 0 ? s->v[i].rows : 0;
    }
    if (rows <= (long long)want) /* the whole dataset fits: every page, short ones and all */
        want = (size_t)(pages * (long long)page_len);
    n = cs_viewer_sample_pages(pages * (long long)page_len, want, page_len, seed, NULL, 0);
    if (n == 0 || n > cap)
        return n;
    if (!(offsets = calloc(n, sizeof(*offsets))))
        return SIZE_MAX;
    n = cs_viewer_sample_pages(pages * (long long)page_len, want, page_len, seed, offsets, n);
    /* offsets increase: walk the splits once, mapping each page of the sequence to its split */
    for (size_t k = 0; k < n; k++) {
        long long p = offsets[k] / (long long)page_len;
        while (split + 1 < s->n && p >= first + pages_of(&s->v[split], page_len))
            first += pages_of(&s->v[split++], page_len);
        out[k].split = split;
        out[k].offset = (p - first) * (long long)page_len;
    }
    free(offsets);
    return n;
}

/* Percent-encodes what would make a key ambiguous or split a frontier extra. */
static bool key_part(const char *s, char **w, const char *end)
{
    static const char hex[] = "0123456789ABCDEF";

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        bool esc = c <= ' ' || c == 0x7f || strchr("%/@:", c) != NULL;
        if (end - *w < (esc ? 4 : 2))
            return false;
        if (esc) {
            *(*w)++ = '%';
            *(*w)++ = hex[c >> 4];
            *(*w)++ = hex[c & 15];
        } else {
            *(*w)++ = (char)c;
        }
    }
    return true;
}

bool cs_viewer_page_key(const char *config, const char *split, long long offset, char *buf,
                        size_t len)
{
    char *w = buf, *end = buf + len;
    int n;

    if (len == 0)
        return false;
    if (key_part(config, &w, end)) {
        *w++ = '/';
        if (key_part(split, &w, end)) {
            n = snprintf(w, (size_t)(end - w), "@%lld", offset);
            if (n > 0 && n < end - w)
                return true;
        }
    }
    buf[0] = '\0'; /* nothing half-written */
    return false;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
}

/* Decodes [s, end) into an owned string; NULL on a bad escape or out of memory (*bad says). */
static char *key_decode(const char *s, const char *end, bool *bad)
{
    char *out = malloc((size_t)(end - s) + 1), *w = out;

    for (; out && s < end; s++) {
        if (*s != '%') {
            *w++ = *s;
            continue;
        }
        if (end - s < 3 || hexval(s[1]) < 0 || hexval(s[2]) < 0) {
            *bad = true;
            free(out);
            return NULL;
        }
        *w++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
        s += 2;
    }
    if (out)
        *w = '\0';
    return out;
}

int cs_viewer_page_parse(const char *key, char **config, char **split, long long *offset)
{
    const char *slash = strchr(key, '/'), *at = strchr(key, '@');
    bool bad = false;
    char *endp;

    *config = *split = NULL;
    if (!slash || !at || at < slash || at[1] < '0' || at[1] > '9')
        return CS_E_PARSE;
    errno = 0;
    *offset = strtoll(at + 1, &endp, 10);
    if (*endp != '\0' || errno == ERANGE)
        return CS_E_PARSE;
    *config = key_decode(key, slash, &bad);
    *split = *config ? key_decode(slash + 1, at, &bad) : NULL;
    if (*config && *split)
        return CS_OK;
    free(*config);
    free(*split);
    *config = *split = NULL;
    return bad ? CS_E_PARSE : CS_E_NOMEM;
}

size_t cs_viewer_via_page(const char *via)
{
    const char *column;

    if (!via || strncmp(via, CS_VIEWER_VIA, strlen(CS_VIEWER_VIA)) != 0)
        return 0;
    column = strchr(via + strlen(CS_VIEWER_VIA), ':');
    return column ? (size_t)(column - via) : 0;
}

bool cs_viewer_names_encode(char *const *names, size_t n, char *buf, size_t len)
{
    char *w = buf, *end = buf + len;

    if (len == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && end - w < 2)
            break;
        if (i > 0)
            *w++ = ' ';
        if (!key_part(names[i], &w, end))
            break;
        if (i + 1 == n) {
            *w = '\0';
            return true;
        }
    }
    buf[0] = '\0';
    return n == 0;
}

void cs_viewer_names_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

int cs_viewer_names_parse(const char *list, char ***names, size_t *n)
{
    size_t words = 0, k = 0;
    bool bad = false;

    *names = NULL;
    *n = 0;
    for (const char *p = list; *p; p++)
        words += *p != ' ' && (p == list || p[-1] == ' ');
    if (words == 0)
        return CS_OK;
    if (!(*names = calloc(words, sizeof(**names))))
        return CS_E_NOMEM;
    for (const char *p = list; *p && !bad;) {
        size_t wl = strcspn(p, " ");
        if (wl > 0 && !((*names)[k] = key_decode(p, p + wl, &bad)))
            break;
        k += wl > 0;
        p += wl;
        p += strspn(p, " ");
    }
    if (k < words || bad) {
        cs_viewer_names_free(*names, k);
        *names = NULL;
        return bad ? CS_E_PARSE : CS_E_NOMEM;
    }
    *n = words;
    return CS_OK;
}
