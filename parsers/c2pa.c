/* SPDX-License-Identifier: MIT
 * c2pa.c - finding a C2PA manifest store (JUMBF, ISO/IEC 19566-5) in a file's first bytes and
 * reading the training-mining assertion of its active manifest (c2pa.h; signals.md 9.2).
 */
#include "cs_setup.h"

#include "c2pa.h"
#include "c2pa_int.h"

#include "cs_buf.h"
#include "cs_str.h"

#include <strings.h>

/* One box: its type and body (cut: the box runs past the end of the bytes, body shortened). */
struct box {
    uint32_t type;
    const unsigned char *body;
    size_t len;
    bool cut;
};

/* A walk over boxes, bounded by CS_C2PA_MAX_BOXES in all. */
struct walk {
    size_t boxes;
    bool too_many;
};

#define FOURCC(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define T_JUMB             FOURCC('j', 'u', 'm', 'b')
#define T_JUMD             FOURCC('j', 'u', 'm', 'd')
#define T_CBOR             FOURCC('c', 'b', 'o', 'r')
#define T_JSON             FOURCC('j', 's', 'o', 'n')

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const unsigned char *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* Reads the box at *p (ISO BMFF header: LBox, TBox, XLBox when LBox is 1, LBox 0 = to the
 * end). Returns true and advances *p, or false at the end or on a malformed header. */
static bool box_next(struct walk *w, const unsigned char **p, const unsigned char *end,
                     struct box *b)
{
    size_t left = (size_t)(end - *p), hdr = 8;
    uint64_t size;

    if (left < 8 || ++w->boxes > CS_C2PA_MAX_BOXES) {
        w->too_many = w->boxes > CS_C2PA_MAX_BOXES;
        return false;
    }
    size = be32(*p);
    b->type = be32(*p + 4);
    if (size == 1) {
        if (left < 16)
            return false;
        size = (uint64_t)be32(*p + 8) << 32 | be32(*p + 12);
        hdr = 16;
    } else if (size == 0) {
        size = left;
    }
    if (size < hdr)
        return false;
    b->body = *p + hdr;
    b->cut = size > left;
    b->len = (b->cut ? left : (size_t)size) - hdr;
    *p = b->body + b->len;
    return true;
}

/* The label of a superbox (its first child, jumd: 16-byte type, toggles, then the label when
 * toggle 0x02 is set, NUL-terminated). *children points past the jumd box. */
static bool jumb_label(struct walk *w, const struct box *jumb, const char **label, size_t *n,
                       const unsigned char **children)
{
    const unsigned char *p = jumb->body, *end = jumb->body + jumb->len;
    const unsigned char *nul;
    struct box d;

    if (!box_next(w, &p, end, &d) || d.type != T_JUMD || d.len < 17 || !(d.body[16] & 0x02))
        return false;
    nul = memchr(d.body + 17, '\0', d.len - 17);
    if (!nul)
        return false;
    *label = (const char *)d.body + 17;
    *n = (size_t)(nul - (d.body + 17));
    *children = p;
    return true;
}

static bool label_is(const char *l, size_t n, const char *want)
{
    return n == strlen(want) && memcmp(l, want, n) == 0;
}

/* cawg.training-mining or c2pa.training-mining, with an optional "__N" instance suffix. */
static const char *training_label(const char *l, size_t n, bool *legacy)
{
    static const char *const labels[] = { "cawg.training-mining", "c2pa.training-mining" };

    for (size_t i = 0; i < CS_ARRAY_LEN(labels); i++) {
        size_t k = strlen(labels[i]);
        if (n < k || memcmp(l, labels[i], k) != 0)
            continue;
        if (n == k || (n > k + 2 && l[k] == '_' && l[k + 1] == '_' &&
                       strspn(l + k + 2, "0123456789") >= n - k - 2)) {
            *legacy = i == 1;
            return labels[i];
        }
    }
    return NULL;
}

static void drop_entries(struct cs_c2pa *out, size_t keep)
{
    while (out->entry_count > keep) {
        struct cs_c2pa_entry *e = &out->entries[--out->entry_count];
        free(e->name);
        free(e->use_raw);
        free(e->constraint_info);
    }
}

/* Reads one assertion superbox's content box. */
static int read_assertion(struct walk *w, const unsigned char *p, const unsigned char *end,
                          struct cs_c2pa *out)
{
    struct box c;

    if (!box_next(w, &p, end, &c) || c.cut) {
        out->unread_reason = "the assertion has no complete content box";
        return CS_E_PARSE;
    }
    if (c.type == T_CBOR)
        return cs_c2pa_read_cbor(c.body, c.len, out);
    if (c.type == T_JSON)
        return cs_c2pa_read_json(c.body, c.len, out);
    out->unread_reason = "the assertion's content box is neither cbor nor json";
    return CS_E_PARSE;
}

/* The assertion store of the active manifest: every training-mining assertion in it. */
static int read_assertions(struct walk *w, const struct box *store, struct cs_c2pa *out)
{
    const unsigned char *p = store->body, *end = store->body + store->len;
    struct box b;

    while (box_next(w, &p, end, &b)) {
        const unsigned char *kids;
        const char *label, *which;
        size_t n;
        bool legacy = false;
        size_t before = out->entry_count;
        int rc;

        if (b.type != T_JUMB || !jumb_label(w, &b, &label, &n, &kids) ||
            !(which = training_label(label, n, &legacy)))
            continue;
        rc = read_assertion(w, kids, b.body + b.len, out);
        if (rc != CS_OK)
            drop_entries(out, before); /* half-read content is not evidence */
        if (rc == CS_E_NOMEM)
            return rc;
        if (rc == CS_OK && !out->read) {
            out->read = true;
            out->label = which;
            out->legacy_label = legacy;
        }
    }
    return CS_OK;
}

/* The store's children: manifests (superboxes); the active one is the last (C2PA 2.x). */
static int read_store(struct walk *w, const struct box *store, const unsigned char *kids,
                      struct cs_c2pa *out)
{
    const unsigned char *p = kids, *end = store->body + store->len;
    struct box b, active = { 0 };

    while (box_next(w, &p, end, &b)) {
        if (b.type != T_JUMB)
            continue;
        out->manifests++;
        active = b;
    }
    if (store->cut || active.cut) {
        out->truncated = true;
        out->unread_reason = "the manifest store is cut at the end of the bytes read: the "
                             "active manifest is not known";
        return CS_OK;
    }
    if (!out->manifests) {
        out->unread_reason = w->too_many ? "too many boxes" : "the store holds no manifest";
        return CS_OK;
    }
    p = active.body;
    end = active.body + active.len;
    while (box_next(w, &p, end, &b)) {
        const unsigned char *k;
        const char *label;
        size_t n;
        if (b.type == T_JUMB && jumb_label(w, &b, &label, &n, &k) &&
            label_is(label, n, "c2pa.assertions")) {
            struct box as = { T_JUMB, k, (size_t)(b.body + b.len - k), false };
            int rc = read_assertions(w, &as, out);
            if (rc != CS_OK)
                return rc;
        }
    }
    if (out->read)
        out->unread_reason = NULL; /* another instance was read */
    else if (!out->unread_reason)
        out->unread_reason = "no training-mining assertion in the active manifest";
    return CS_OK;
}

/* Looks for a "jumb" superbox labelled "c2pa" anywhere in [buf, buf+len). */
static int find_store(const unsigned char *buf, size_t len, struct cs_c2pa *out)
{
    const unsigned char *end = buf + len;

    if (len < 16) /* a jumb box holding a jumd box is longer */
        return CS_OK;
    for (const unsigned char *p = buf + 4; p + 4 <= end; p++) {
        const unsigned char *q, *kids;
        struct walk w = { 0 };
        const char *label;
        struct box b;
        size_t n;

        p = memchr(p, 'j', (size_t)(end - p));
        if (!p || p + 4 > end)
            break;
        q = p - 4;
        if (memcmp(p, "jumb", 4) != 0 || !box_next(&w, &q, end, &b) ||
            !jumb_label(&w, &b, &label, &n, &kids) || !label_is(label, n, "c2pa"))
            continue;
        out->present = true;
        out->signature = "unverified"; /* 12.3 #19: signatures are not validated */
        return read_store(&w, &b, kids, out);
    }
    return CS_OK;
}

/* JPEG: the APP11 segments ("JP", ISO/IEC 18477-3) of the first box instance whose box is a
 * JUMBF superbox, reassembled: the first segment holds the box from its header, the next ones
 * repeat the 8-byte header before their part of the body. */
static int jpeg_app11(const unsigned char *buf, size_t len, struct cs_buf *out)
{
    size_t i = 2;
    long instance = -1;

    while (i + 4 <= len && buf[i] == 0xff) {
        unsigned m = buf[i + 1];
        size_t seg, plen;
        const unsigned char *pl;

        if (m == 0xff || m == 0xd8 || m == 0x01 || (m >= 0xd0 && m <= 0xd7)) {
            i += m == 0xff ? 1 : 2;
            continue;
        }
        if (m == 0xda || m == 0xd9) /* start of scan, end of image: no metadata after */
            break;
        seg = be16(buf + i + 2);
        if (seg < 2)
            break;
        pl = buf + i + 4;
        plen = seg - 2 <= len - i - 4 ? seg - 2 : len - i - 4;
        if (m == 0xeb && plen > 16 && pl[0] == 'J' && pl[1] == 'P') {
            long en = be16(pl + 2);
            uint32_t z = be32(pl + 4);
            if (instance < 0 && z == 1 && memcmp(pl + 12, "jumb", 4) == 0)
                instance = en;
            if (en == instance &&
                cs_buf_add(out, pl + (z == 1 ? 8 : 16), plen - (z == 1 ? 8 : 16)) != CS_OK)
                return CS_E_NOMEM;
        }
        i += 2 + seg;
    }
    return CS_OK;
}

/* PNG: the body of the caBX chunk (possibly cut by the end of the bytes). */
static const unsigned char *png_cabx(const unsigned char *buf, size_t len, size_t *n)
{
    size_t i = 8;

    while (i + 8 <= len) {
        size_t clen = be32(buf + i);
        if (memcmp(buf + i + 4, "caBX", 4) == 0) {
            *n = clen <= len - i - 8 ? clen : len - i - 8;
            return buf + i + 8;
        }
        if (memcmp(buf + i + 4, "IEND", 4) == 0 || clen > len - i - 8)
            break;
        i += 12 + clen;
    }
    return NULL;
}

int cs_c2pa_scan(const unsigned char *buf, size_t len, struct cs_c2pa *out)
{
    static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    int rc = CS_OK;

    memset(out, 0, sizeof(*out));
    if (!buf)
        return CS_OK;
    if (len >= 4 && buf[0] == 0xff && buf[1] == 0xd8) {
        struct cs_buf b;
        cs_buf_init(&b, len);
        rc = jpeg_app11(buf, len, &b);
        if (rc == CS_OK && b.len) {
            out->carrier = "jpeg-app11";
            rc = find_store((const unsigned char *)b.data, b.len, out);
        }
        cs_buf_release(&b);
    } else if (len >= 8 && memcmp(buf, png_sig, 8) == 0) {
        size_t n = 0;
        const unsigned char *cabx = png_cabx(buf, len, &n);
        if (cabx) {
            out->carrier = "png-cabx";
            rc = find_store(cabx, n, out);
        }
    }
    if (rc == CS_OK && !out->present) {
        out->carrier = "jumbf";
        rc = find_store(buf, len, out);
    }
    if (!out->present)
        out->carrier = NULL;
    return rc;
}

void cs_c2pa_release(struct cs_c2pa *c)
{
    for (size_t i = 0; i < c->entry_count; i++) {
        free(c->entries[i].name);
        free(c->entries[i].use_raw);
        free(c->entries[i].constraint_info);
    }
    memset(c, 0, sizeof(*c));
}

const char *cs_c2pa_use_name(enum cs_c2pa_use u)
{
    static const char *const names[] = { "missing", "allowed", "notAllowed", "constrained",
                                         "other" };

    return (unsigned)u < CS_ARRAY_LEN(names) ? names[u] : "other";
}

const char *cs_c2pa_entry_kind(const struct cs_c2pa_entry *e)
{
    const char *dot = strrchr(e->name, '.');

    return dot ? dot + 1 : e->name;
}

struct cs_c2pa_entry *cs_c2pa_new_entry(struct cs_c2pa *out, const char *name, size_t n, int *rc)
{
    struct cs_c2pa_entry *e;

    *rc = CS_OK;
    if (out->entry_count >= CS_C2PA_MAX_ENTRIES)
        return NULL;
    e = &out->entries[out->entry_count];
    memset(e, 0, sizeof(*e));
    e->name = cs_strndup(name, n > CS_C2PA_MAX_VALUE ? CS_C2PA_MAX_VALUE : n);
    if (!e->name) {
        *rc = CS_E_NOMEM;
        return NULL;
    }
    out->entry_count++;
    return e;
}

int cs_c2pa_set_use(struct cs_c2pa_entry *e, const char *s, size_t n)
{
    static const struct {
        const char *text;
        enum cs_c2pa_use use;
    } uses[] = {
        { "allowed", CS_C2PA_USE_ALLOWED },
        { "notAllowed", CS_C2PA_USE_NOT_ALLOWED },
        { "constrained", CS_C2PA_USE_CONSTRAINED },
    };

    if (e->use_raw)
        return CS_OK; /* a duplicate key: the first one counts */
    e->use_raw = cs_strndup(s, n > CS_C2PA_MAX_VALUE ? CS_C2PA_MAX_VALUE : n);
    if (!e->use_raw)
        return CS_E_NOMEM;
    e->use = CS_C2PA_USE_OTHER;
    for (size_t i = 0; i < CS_ARRAY_LEN(uses); i++) {
        if (strcmp(e->use_raw, uses[i].text) == 0) /* the CDDL's values, case-sensitive */
            e->use = uses[i].use;
    }
    return CS_OK;
}

int cs_c2pa_set_info(struct cs_c2pa_entry *e, const char *s, size_t n, bool plural)
{
    if (e->constraint_info)
        return CS_OK;
    e->constraint_info = cs_strndup(s, n > CS_C2PA_MAX_VALUE ? CS_C2PA_MAX_VALUE : n);
    e->plural_spelling = plural;
    return e->constraint_info ? CS_OK : CS_E_NOMEM;
}
