/* SPDX-License-Identifier: MIT
 * test_embedded.c - embedded metadata: the signals.md 9.3 vectors and consentscan's edge cases
 * from tests/cases/embedded/signals-9.3.case (XMP, C2PA and the stances per purpose), plus the
 * CBOR reader on hand-made bytes and the XMP caps.
 */
#include "cs_setup.h"

#include "c2pa.h"
#include "embedded.h"
#include "htmlmeta.h"
#include "testlib.h"
#include "xmp.h"

#include <stdlib.h>
#include <string.h>

static const char *get(const struct cs_test_record *r, const char *key)
{
    for (int i = 0; i < r->n; i++) {
        if (strcmp(r->key[i], key) == 0)
            return r->val[i];
    }
    return NULL;
}

static bool yes(const char *v)
{
    return v && strcmp(v, "yes") == 0;
}

static void fail_unless(bool ok, const char *id, const char *what, const char *got,
                        const char *want)
{
    if (ok)
        cs_test_passed++;
    else
        cs_test_fail(__FILE__, __LINE__, "case %s: %s '%s', expected '%s'", id, what,
                     got ? got : "(null)", want);
}

static void check_xmp(const struct cs_test_record *r, const char *id, const struct cs_xmp *x)
{
    const char *v;
    char tdm[16];

    if ((v = get(r, "dmi")))
        fail_unless(strcmp(x->data_mining ? cs_dmi_code(x->dmi) : "-", v) == 0, id, "dmi",
                    x->data_mining ? cs_dmi_code(x->dmi) : "-", v);
    if ((v = get(r, "canonical")))
        fail_unless(x->data_mining && x->dmi_noncanonical != yes(v), id, "canonical",
                    x->dmi_noncanonical ? "no" : "yes", v);
    if ((v = get(r, "tdm"))) {
        snprintf(tdm, sizeof(tdm), "%s",
                 !x->tdm_reservation    ? "-"
                 : x->tdm_reserved == 1 ? "1"
                 : x->tdm_reserved == 0 ? "0"
                                        : "invalid");
        fail_unless(strcmp(tdm, v) == 0, id, "tdm", tdm, v);
    }
    if ((v = get(r, "xmp-truncated")))
        fail_unless(x->truncated == yes(v), id, "xmp-truncated", x->truncated ? "yes" : "no", v);
    if ((v = get(r, "other")))
        fail_unless(x->other_constraints && strcmp(x->other_constraints, v) == 0, id,
                    "other constraints", x->other_constraints, v);
    if ((v = get(r, "diag"))) {
        bool found = false;
        for (size_t i = 0; i < x->diag_count; i++)
            found |= strstr(x->diags[i].msg, v) != NULL;
        fail_unless(found, id, "diagnostic", x->diag_count ? x->diags[0].msg : "", v);
    }
}

/* "name=use ..." against the entries read, in order. */
static void check_entries(const char *id, const struct cs_c2pa *c, const char *spec)
{
    char got[1024] = "";
    size_t n = 0;

    for (size_t i = 0; i < c->entry_count && n < sizeof(got); i++)
        n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s=%s", i ? " " : "", c->entries[i].name,
                              cs_c2pa_use_name(c->entries[i].use));
    fail_unless(strcmp(got, spec) == 0, id, "entries", got, spec);
}

static void check_c2pa(const struct cs_test_record *r, const char *id, const struct cs_c2pa *c)
{
    const char *v;
    const char *state = !c->present ? "absent" : c->read ? "read" : "unread";

    if ((v = get(r, "c2pa")))
        fail_unless(strcmp(state, v) == 0, id, "c2pa", state, v);
    if (c->present)
        fail_unless(c->signature && strcmp(c->signature, "unverified") == 0, id, "signed",
                    c->signature, "unverified");
    if ((v = get(r, "reason")))
        fail_unless(c->unread_reason && strstr(c->unread_reason, v), id, "reason", c->unread_reason,
                    v);
    if ((v = get(r, "label")))
        fail_unless(c->label && strcmp(c->label, v) == 0, id, "label", c->label, v);
    if ((v = get(r, "entries")))
        check_entries(id, c, v);
    if ((v = get(r, "info")))
        fail_unless(c->entry_count && c->entries[0].constraint_info &&
                        strcmp(c->entries[0].constraint_info, v) == 0,
                    id, "info", c->entry_count ? c->entries[0].constraint_info : NULL, v);
    if ((v = get(r, "spelling")))
        fail_unless(c->entry_count &&
                        c->entries[0].plural_spelling == (strcmp(v, "constraints_info") == 0),
                    id, "spelling", "", v);
}

/* "PURPOSE=STANCE ..." and the conflict list. */
static void check_stances(const struct cs_test_record *r, const char *id, const struct cs_xmp *x,
                          const struct cs_c2pa *c)
{
    struct cs_embedded_stance st[CS_PURPOSE__COUNT];
    const char *spec = get(r, "stances"), *conflict = get(r, "conflict");
    char tok[64];

    cs_embedded_stances(x, c, !get(r, "count-c2pa") || yes(get(r, "count-c2pa")), st);
    for (const char *s = spec; s && *s;) {
        size_t n = strcspn(s, " ");
        enum cs_purpose p;
        char *eq;
        snprintf(tok, sizeof(tok), "%.*s", (int)n, s);
        s += n + (s[n] == ' ');
        eq = strchr(tok, '=');
        if (!eq)
            continue;
        *eq = '\0';
        if (cs_purpose_parse(tok, &p) != CS_OK) {
            cs_test_fail(__FILE__, __LINE__, "case %s: bad purpose %s", id, tok);
            continue;
        }
        fail_unless(strcmp(cs_stance_name(st[p].stance), eq + 1) == 0, id, tok,
                    cs_stance_name(st[p].stance), eq + 1);
    }
    for (int p = 0; conflict && p < CS_PURPOSE__COUNT; p++) {
        const char *name = cs_purpose_name((enum cs_purpose)p);
        const char *hit = strstr(conflict, name);
        bool want = hit && (hit[strlen(name)] == ' ' || hit[strlen(name)] == '\0');
        fail_unless(st[p].conflict == want, id, "conflict on", name, want ? "yes" : "no");
    }
}

static char *load(const struct cs_test_record *r, size_t *len)
{
    const char *file = get(r, "file"), *data = get(r, "data");
    char path[512];

    if (file) {
        snprintf(path, sizeof(path), "%s/embedded/files/%s", CS_CASES_DIR, file);
        return cs_test_read_file(path, len);
    }
    return cs_test_unescape(data ? data : "", len);
}

static void run_record(const struct cs_test_record *r)
{
    const char *id = get(r, "name") ? get(r, "name") : "?";
    const char *bytes = get(r, "bytes");
    struct cs_xmp x;
    struct cs_c2pa c;
    size_t len = 0;
    char *buf = load(r, &len);

    if (!buf) {
        cs_test_fail(__FILE__, __LINE__, "case %s: no input", id);
        return;
    }
    if (bytes && strtoul(bytes, NULL, 10) < len)
        len = strtoul(bytes, NULL, 10);
    CS_CHECK_INT_EQ(cs_xmp_scan(buf, len, &x), CS_OK);
    CS_CHECK_INT_EQ(cs_c2pa_scan((const unsigned char *)buf, len, &c), CS_OK);
    check_xmp(r, id, &x);
    check_c2pa(r, id, &c);
    check_stances(r, id, &x, &c);
    cs_xmp_release(&x);
    cs_c2pa_release(&c);
    free(buf);
}

static void run_one(const struct cs_test_record *r, void *ctx)
{
    (void)ctx;
    run_record(r);
}

static int run_file(const char *path)
{
    return cs_test_each_record(path, run_one, NULL);
}

/* The CBOR reader on hand-made bytes: the two spellings, junk keys, and malformed input. */
static void test_cbor(void)
{
    /* {"entries": {"a.ai_training": {"use": "allowed", 1: 2, "x": [1, {}]}}} */
    static const unsigned char ok[] = "\xa1\x67"
                                      "entries"
                                      "\xa1\x6d"
                                      "a.ai_training"
                                      "\xa3\x63use\x67"
                                      "allowed"
                                      "\x01\x02\x61x\x82\x01\xa0";
    static const unsigned char cut[] = "\xa1\x67"
                                       "entries"
                                       "\xa1\x6d"
                                       "a.ai_tr";
    static const unsigned char huge[] = "\xa1\x67"
                                        "entries"
                                        "\xbb\xff\xff\xff\xff\xff\xff\xff\xff";
    struct cs_c2pa c;

    memset(&c, 0, sizeof(c));
    CS_CHECK_INT_EQ(cs_c2pa_read_cbor(ok, sizeof(ok) - 1, &c), CS_OK);
    CS_CHECK_INT_EQ(c.entry_count, 1);
    CS_CHECK(c.entry_count && c.entries[0].use == CS_C2PA_USE_ALLOWED);
    cs_c2pa_release(&c);
    CS_CHECK_INT_EQ(cs_c2pa_read_cbor(cut, sizeof(cut) - 1, &c), CS_E_PARSE);
    cs_c2pa_release(&c);
    CS_CHECK_INT_EQ(cs_c2pa_read_cbor(huge, sizeof(huge) - 1, &c), CS_E_PARSE);
    cs_c2pa_release(&c);
    CS_CHECK_INT_EQ(cs_c2pa_read_cbor((const unsigned char *)"", 0, &c), CS_E_PARSE);
    cs_c2pa_release(&c);
}

/* More than CS_C2PA_MAX_ENTRIES entries: the rest are skipped, not an error. */
static void test_entry_cap(void)
{
    unsigned char buf[2048];
    size_t n = 0;
    struct cs_c2pa c;

    buf[n++] = 0xb8; /* map, 1-byte count */
    buf[n++] = 40;
    for (int i = 0; i < 40; i++) {
        char key[8];
        snprintf(key, sizeof(key), "k%02d", i);
        buf[n++] = 0x63; /* text(3) */
        memcpy(buf + n, key, 3);
        n += 3;
        buf[n++] = 0xa0; /* {} */
    }
    memset(&c, 0, sizeof(c));
    CS_CHECK_INT_EQ(cs_c2pa_read_cbor(buf, n, &c), CS_OK);
    CS_CHECK_INT_EQ(c.entry_count, CS_C2PA_MAX_ENTRIES);
    cs_c2pa_release(&c);
}

static void test_xmp_packet_cap(void)
{
    struct cs_xmp x;
    size_t len = 9 * 60;
    char *buf = malloc(len + 1);
    size_t n = 0;

    if (!buf)
        return;
    for (int i = 0; i < 9; i++)
        n += (size_t)snprintf(buf + n, len + 1 - n, "%-48s",
                              "<x:xmpmeta xmlns:x=\"a:\"></x:xmpmeta>");
    CS_CHECK_INT_EQ(cs_xmp_scan(buf, n, &x), CS_OK);
    CS_CHECK_INT_EQ(x.packets, CS_XMP_MAX_PACKETS);
    cs_xmp_release(&x);
    free(buf);
}

int main(void)
{
    cs_htmlmeta_global_init();
    CS_CHECK(run_file(CS_CASES_DIR "/embedded/signals-9.3.case") >= 35);
    test_cbor();
    test_entry_cap();
    test_xmp_packet_cap();
    cs_htmlmeta_global_cleanup();
    return cs_test_done();
}
