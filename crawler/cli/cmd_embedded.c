/* SPDX-License-Identifier: MIT
 * cmd_embedded.c - `consentscan embedded FILE|- [--bytes N] [--ignore-unverified-c2pa]`: the
 * embedded metadata of a file's first N bytes (default CS_EMBEDDED_PREFIX_BYTES, what a Range
 * GET would bring) read offline (signals.md 9): the XMP packet's IPTC plus:DataMining and
 * TDMRep properties, the C2PA/CAWG training-mining assertion, and the stance per purpose, as
 * one JSON object. C2PA signatures are never validated (12.3 #19): "signed" is "unverified",
 * and --ignore-unverified-c2pa leaves the C2PA entries out of the combined stances (9.3 M9).
 */
#include "cs_setup.h"

#include "cli.h"

#include "c2pa.h"
#include "cs_buf.h"
#include "embedded.h"
#include "jsonw.h"
#include "xmp.h"

#include <getopt.h>

#define USAGE "usage: consentscan embedded FILE|- [--bytes N] [--ignore-unverified-c2pa]"

static const struct option long_opts[] = {
    { "bytes", required_argument, NULL, 'b' },
    { "ignore-unverified-c2pa", no_argument, NULL, 'i' },
    { NULL, 0, NULL, 0 },
};

static void jw_int_or_null(struct jw *w, const char *key, long long v, bool present)
{
    jw_key(w, key);
    if (present)
        jw_int(w, v);
    else
        jw_null(w);
}

static void json_xmp(struct jw *w, const struct cs_xmp *x)
{
    jw_key(w, "xmp");
    if (!x->packets && !x->truncated) {
        jw_null(w);
        return;
    }
    jw_obj(w);
    jw_key(w, "packets");
    jw_int(w, (long long)x->packets);
    jw_key(w, "truncated");
    jw_bool(w, x->truncated);
    jw_kv_str(w, "data_mining", x->data_mining);
    jw_kv_str(w, "code", x->data_mining ? cs_dmi_code(x->dmi) : NULL);
    jw_key(w, "canonical");
    if (x->data_mining)
        jw_bool(w, !x->dmi_noncanonical);
    else
        jw_null(w);
    jw_key(w, "legacy_property");
    jw_bool(w, x->dmi_legacy_property);
    jw_kv_str(w, "other_constraints", x->other_constraints);
    jw_kv_str(w, "tdm_reservation", x->tdm_reservation);
    jw_int_or_null(w, "tdm_reserved", x->tdm_reserved, x->tdm_reserved >= 0);
    jw_kv_str(w, "tdm_policy", x->tdm_policy);
    jw_kv_str(w, "tdm_namespace", x->tdm_ns);
    jw_end(w, '}');
}

static void json_entries(struct jw *w, const struct cs_c2pa *c)
{
    jw_key(w, "entries");
    jw_obj(w);
    for (size_t i = 0; i < c->entry_count; i++) {
        const struct cs_c2pa_entry *e = &c->entries[i];
        bool no = e->use == CS_C2PA_USE_NOT_ALLOWED || e->use == CS_C2PA_USE_CONSTRAINED;
        jw_key(w, e->name);
        jw_obj(w);
        jw_kv_str(w, "use", e->use_raw);
        /* CAWG 1.1: constrained without more information is notAllowed */
        jw_kv_str(w, "effective",
                  no                              ? "notAllowed"
                  : e->use == CS_C2PA_USE_ALLOWED ? "allowed"
                                                  : NULL);
        jw_kv_str(w, "constraint_info", e->constraint_info);
        jw_kv_str(w, "spelling",
                  !e->constraint_info  ? NULL
                  : e->plural_spelling ? "constraints_info"
                                       : "constraint_info");
        jw_end(w, '}');
    }
    jw_end(w, '}');
}

static void json_c2pa(struct jw *w, const struct cs_c2pa *c)
{
    jw_key(w, "c2pa");
    if (!c->present) {
        jw_null(w);
        return;
    }
    jw_obj(w);
    jw_key(w, "present");
    jw_bool(w, true);
    jw_key(w, "read");
    jw_bool(w, c->read);
    jw_kv_str(w, "reason", c->unread_reason);
    jw_kv_str(w, "carrier", c->carrier);
    jw_key(w, "truncated");
    jw_bool(w, c->truncated);
    jw_key(w, "manifests");
    jw_int(w, (long long)c->manifests);
    jw_kv_str(w, "label", c->label);
    jw_key(w, "legacy_label");
    jw_bool(w, c->legacy_label);
    jw_kv_str(w, "signed", c->signature);
    json_entries(w, c);
    jw_end(w, '}');
}

static void json_purposes(struct jw *w, const struct cs_xmp *x, const struct cs_c2pa *c,
                          bool count_c2pa)
{
    struct cs_embedded_stance st[CS_PURPOSE__COUNT];

    cs_embedded_stances(x, c, count_c2pa, st);
    jw_key(w, "purposes");
    jw_obj(w);
    for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
        jw_key(w, cs_purpose_name((enum cs_purpose)p));
        jw_obj(w);
        jw_kv_str(w, "stance", cs_stance_name(st[p].stance));
        for (int s = 0; s < CS_EMB__COUNT; s++)
            jw_kv_str(w, cs_embedded_scheme_name((enum cs_embedded_scheme)s),
                      cs_stance_name(st[p].by[s]));
        jw_key(w, "conflict");
        jw_bool(w, st[p].conflict);
        jw_end(w, '}');
    }
    jw_end(w, '}');
}

static int print(const struct cs_xmp *x, const struct cs_c2pa *c, bool count_c2pa, bool cut)
{
    struct cs_buf b;
    struct jw w;

    cs_buf_init(&b, (size_t)1 << 20);
    jw_init(&w, &b);
    jw_obj(&w);
    json_xmp(&w, x);
    json_c2pa(&w, c);
    json_purposes(&w, x, c, count_c2pa);
    jw_key(&w, "diagnostics");
    jw_arr(&w);
    for (size_t i = 0; i < x->diag_count; i++)
        jw_str(&w, x->diags[i].msg);
    if (c->present && !count_c2pa)
        jw_str(&w, "c2pa: unverified manifest left out of the stances");
    if (cut)
        jw_str(&w, "only the first bytes were read (--bytes)");
    jw_end(&w, ']');
    jw_end(&w, '}');
    return cs_print_json(&b, &w);
}

int cs_cmd_embedded(int argc, char **argv)
{
    long long max = CS_EMBEDDED_PREFIX_BYTES;
    bool count_c2pa = true;
    struct cs_xmp x;
    struct cs_c2pa c;
    size_t len = 0;
    char *bytes;
    int rc, o;

    optind = 1;
    opterr = 0; /* one error line, ours */
    while ((o = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        if (o == 'b' && cs_parse_num(optarg, (long long)1 << 30, &max) && max > 0)
            continue;
        if (o == 'i') {
            count_c2pa = false;
            continue;
        }
        return cs_die(CS_EXIT_USAGE, USAGE);
    }
    if (optind != argc - 1)
        return cs_die(CS_EXIT_USAGE, USAGE);
    /* one byte more than asked, to tell whether the file went on */
    bytes = cs_read_file(argv[optind], (size_t)max + 1, &len);
    if (!bytes)
        return CS_EXIT_USAGE; /* cs_read_file printed the error */
    rc = cs_xmp_scan(bytes, len > (size_t)max ? (size_t)max : len, &x);
    if (rc == CS_OK)
        rc = cs_c2pa_scan((const unsigned char *)bytes, len > (size_t)max ? (size_t)max : len, &c);
    else
        memset(&c, 0, sizeof(c));
    free(bytes);
    if (rc == CS_OK)
        rc = print(&x, &c, count_c2pa, len > (size_t)max);
    cs_xmp_release(&x);
    cs_c2pa_release(&c);
    if (rc != CS_OK)
        return cs_die(CS_EXIT_INTERNAL, "%s", cs_strerror(rc));
    return CS_EXIT_OK;
}
