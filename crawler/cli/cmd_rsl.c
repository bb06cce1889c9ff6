/* SPDX-License-Identifier: MIT
 * cmd_rsl.c - `consentscan rsl FILE|- [URL]`: an RSL 1.0 licence document read offline
 * (signals.md 8); prints one JSON object: every content element with its terms, and for URL
 * the matched content element, the terms per usage token in the strict and the legacy reading
 * (8.3, decisions 12.3 #16), the payments and the diagnostics. A document that is not RSL
 * (bad XML, DOCTYPE, wrong namespace) is reported in the object ("valid": false), exit 0.
 */
#include "cs_setup.h"

#include "cli.h"

#include "cs_buf.h"
#include "jsonw.h"
#include "rsl.h"

#define USAGE "usage: consentscan rsl FILE|- [URL]"

static void json_answer(struct jw *w, const struct cs_rsl_answer *a)
{
    jw_obj(w);
    jw_kv_str(w, "term", cs_rsl_term_name(a->term));
    jw_kv_str(w, "basis", cs_rsl_basis_name(a->basis));
    jw_key(w, "conditional");
    jw_bool(w, a->conditional);
    jw_key(w, "license_line");
    if (a->license)
        jw_int(w, a->license->line);
    else
        jw_null(w);
    jw_end(w, '}');
}

/* {"all": {...}, ...}: the 1.0 tokens, plus the pre-1.0 ones under the legacy reading. */
static void json_terms(struct jw *w, const struct cs_rsl_content *c, bool legacy)
{
    int last = legacy ? CS_RSL_U_COUNT : CS_RSL_U_STANDARD_COUNT;

    jw_obj(w);
    for (int u = 0; u < last; u++) {
        struct cs_rsl_answer a;
        cs_rsl_terms(c, (enum cs_rsl_usage)u, legacy, &a);
        jw_key(w, cs_rsl_usage_name((enum cs_rsl_usage)u));
        json_answer(w, &a);
    }
    jw_end(w, '}');
}

static void json_payments(struct jw *w, const struct cs_rsl_content *c)
{
    jw_arr(w);
    for (size_t i = 0; c && i < c->license_count; i++) {
        const struct cs_rsl_license *l = &c->licenses[i];
        for (size_t j = 0; j < l->payment_count; j++) {
            jw_obj(w);
            jw_kv_str(w, "type", l->payments[j].type);
            jw_kv_str(w, "amount", l->payments[j].amount);
            jw_kv_str(w, "currency", l->payments[j].currency);
            jw_key(w, "free");
            jw_bool(w, l->payments[j].is_free);
            jw_key(w, "line");
            jw_int(w, l->payments[j].line);
            jw_end(w, '}');
        }
    }
    jw_end(w, ']');
}

static void json_content(struct jw *w, const struct cs_rsl_content *c)
{
    jw_obj(w);
    jw_kv_str(w, "url", c->url);
    jw_key(w, "line");
    jw_int(w, c->line);
    jw_kv_str(w, "server", c->server);
    jw_key(w, "encrypted");
    jw_bool(w, c->encrypted);
    jw_kv_str(w, "lastmod", c->lastmod);
    jw_key(w, "licenses");
    jw_int(w, (long long)c->license_count);
    jw_key(w, "terms");
    json_terms(w, c, false);
    jw_end(w, '}');
}

static void json_diags(struct jw *w, const struct cs_rsl *doc)
{
    char line[200];

    jw_key(w, "diagnostics");
    jw_arr(w);
    for (size_t i = 0; doc && i < doc->diag_count; i++) {
        snprintf(line, sizeof(line), "line %d: %s", doc->diags[i].line, doc->diags[i].msg);
        jw_str(w, line);
    }
    if (doc && doc->diag_dropped) {
        snprintf(line, sizeof(line), "%zu more diagnostics not kept", doc->diag_dropped);
        jw_str(w, line);
    }
    jw_end(w, ']');
}

/* The part about one work URL: match, terms, legacy terms, payments. */
static void json_url(struct jw *w, const struct cs_rsl *doc, const char *url)
{
    size_t matches = 0;
    const struct cs_rsl_content *c = doc ? cs_rsl_match(doc, url, &matches) : NULL;

    jw_kv_str(w, "url", url);
    jw_key(w, "match");
    if (c) {
        jw_obj(w);
        jw_kv_str(w, "url", c->url);
        jw_key(w, "line");
        jw_int(w, c->line);
        jw_kv_str(w, "server", c->server);
        jw_key(w, "overlapping");
        jw_int(w, (long long)matches); /* > 1: several patterns matched (signals.md 8.3) */
        jw_end(w, '}');
    } else {
        jw_null(w);
    }
    jw_key(w, "terms");
    json_terms(w, c, false);
    jw_key(w, "terms_legacy");
    json_terms(w, c, true);
    jw_key(w, "payment");
    json_payments(w, c);
}

static int print_doc(const struct cs_rsl *doc, const struct cs_diag *err, const char *url)
{
    struct cs_buf b;
    struct jw w;

    cs_buf_init(&b, (size_t)64 << 20);
    jw_init(&w, &b);
    jw_obj(&w);
    jw_key(&w, "valid");
    jw_bool(&w, doc != NULL);
    jw_kv_str(&w, "error", doc ? NULL : err->msg);
    jw_key(&w, "max_age");
    if (doc && doc->max_age >= 0)
        jw_int(&w, doc->max_age);
    else
        jw_null(&w);
    jw_key(&w, "contents");
    jw_arr(&w);
    for (size_t i = 0; doc && i < doc->content_count; i++)
        json_content(&w, &doc->contents[i]);
    jw_end(&w, ']');
    if (url)
        json_url(&w, doc, url);
    json_diags(&w, doc);
    jw_end(&w, '}');
    return cs_print_json(&b, &w);
}

int cs_cmd_rsl(int argc, char **argv)
{
    struct cs_diag diag = { 0 };
    struct cs_rsl *doc = NULL;
    const char *url;
    char *bytes;
    size_t len = 0;
    int rc;

    if (argc < 2 || argc > 3 || (argv[1][0] == '-' && argv[1][1] != '\0'))
        return cs_die(CS_EXIT_USAGE, USAGE);
    url = argc == 3 ? argv[2] : NULL;
    /* one byte past the cap, so that an oversized document is refused, not read cut */
    bytes = cs_read_file(argv[1], CS_RSL_MAX_BYTES + 1, &len);
    if (!bytes)
        return CS_EXIT_USAGE; /* cs_read_file printed the error */
    rc = cs_rsl_parse(bytes, len, &doc, &diag);
    free(bytes);
    if (rc == CS_E_NOMEM)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    rc = print_doc(doc, &diag, url);
    cs_rsl_free(doc);
    if (rc != CS_OK)
        return cs_die(CS_EXIT_INTERNAL, "cannot write the JSON: %s", cs_strerror(rc));
    return CS_EXIT_OK;
}
