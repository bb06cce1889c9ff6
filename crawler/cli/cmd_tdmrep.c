/* SPDX-License-Identifier: MIT
 * cmd_tdmrep.c - the TDM Reservation Protocol offline (signals.md 3):
 *   `consentscan tdmrep FILE URL`      a /.well-known/tdmrep.json applied to one URL;
 *   `consentscan tdmrep-extract FILE`  the reservation carried by a header dump, an HTML page,
 *                                      an EPUB OPF or an XMP packet (sniffed);
 *   `consentscan tdmrep-header VALUE`  one tdm-reservation header value: allowed/disallowed.
 * The first two print one JSON object and exit 0 (a malformed or oversized file is reported in
 * it as reservation null with diagnostics, never as an opt-out).
 */
#include "cs_setup.h"

#include "cli.h"

#include "cs_buf.h"
#include "jsonw.h"
#include "tdmrep.h"

#include <stdlib.h>
#include <string.h>

static void put_reservation(struct jw *w, int reservation)
{
    jw_key(w, "reservation");
    if (reservation < 0)
        jw_null(w);
    else
        jw_int(w, reservation);
}

static void put_diags(struct jw *w, const struct cs_tdm_diags *d)
{
    jw_key(w, "diagnostics");
    jw_arr(w);
    for (size_t i = 0; i < d->count; i++)
        jw_str(w, d->d[i].msg);
    if (d->dropped)
        jw_str(w, "more diagnostics dropped");
    jw_end(w, ']');
}

/* Prints the object jw built in b; returns the exit status. */
static int emit(struct cs_buf *b, const struct jw *w)
{
    return cs_print_json(b, w) == CS_OK ? CS_EXIT_OK : cs_die(CS_EXIT_INTERNAL, "out of memory");
}

static const char *status_of(int rc)
{
    if (rc == CS_E_LIMIT)
        return "too_large";
    return rc == CS_OK ? "ok" : "malformed";
}

/* The rule whose array index is s->where, or NULL. */
static const struct cs_tdm_rule *rule_of(const struct cs_tdmrep_file *f, int where)
{
    for (size_t i = 0; f && where >= 0 && i < f->count; i++) {
        if (f->rules[i].index == (size_t)where)
            return &f->rules[i];
    }
    return NULL;
}

static int print_file_verdict(const struct cs_tdmrep_file *f, int parse_rc,
                              const struct cs_tdm_signal *s, const struct cs_tdm_diags *d)
{
    const struct cs_tdm_rule *r = rule_of(f, s->where);
    struct cs_buf b;
    struct jw w;

    cs_buf_init(&b, (size_t)1 << 20);
    jw_init(&w, &b);
    jw_obj(&w);
    put_reservation(&w, s->reservation);
    jw_kv_str(&w, "policy", s->reservation == 0 ? NULL : s->policy);
    jw_kv_str(&w, "file", status_of(parse_rc));
    jw_key(&w, "rule");
    if (r)
        jw_int(&w, s->where);
    else
        jw_null(&w);
    jw_kv_str(&w, "location", r ? r->location : NULL);
    put_diags(&w, d);
    jw_end(&w, '}');
    return emit(&b, &w);
}

int cs_cmd_tdmrep(int argc, char **argv)
{
    struct cs_tdm_diags d = { .count = 0 };
    struct cs_tdmrep_file *f = NULL;
    struct cs_tdm_signal s;
    char *buf, *path;
    size_t len = 0;
    int prc, rc;

    if (argc != 3)
        return cs_die(CS_EXIT_USAGE, "usage: consentscan tdmrep FILE URL");
    path = cs_path_of(argv[2]);
    if (!path)
        return cs_die(CS_EXIT_USAGE, "malformed URL '%s'", argv[2]);
    /* one byte past the cap, so the parser sees an oversized file and says so */
    buf = cs_read_file(argv[1], CS_TDMREP_MAX_FILE + 1, &len);
    if (!buf) {
        free(path);
        return CS_EXIT_USAGE; /* cs_read_file printed the error */
    }
    cs_tdm_signal_init(&s);
    prc = cs_tdmrep_file_parse(buf, len, &f, &d);
    free(buf);
    rc = prc == CS_E_NOMEM ? prc : cs_tdmrep_file_match(f, path, strlen(path), &s);
    if (rc == CS_OK)
        rc = print_file_verdict(f, prc, &s, &d);
    else
        rc = cs_die(CS_EXIT_INTERNAL, "out of memory");
    cs_tdm_signal_release(&s);
    cs_tdmrep_file_free(f);
    free(path);
    return rc;
}

int cs_cmd_tdmrep_extract(int argc, char **argv)
{
    struct cs_tdm_diags d = { .count = 0 };
    enum cs_tdm_technique kind = CS_TDM_NONE;
    struct cs_tdm_signal s;
    struct cs_buf b;
    struct jw w;
    char *buf;
    size_t len = 0;
    int rc;

    if (argc != 2)
        return cs_die(CS_EXIT_USAGE, "usage: consentscan tdmrep-extract FILE|-");
    buf = cs_read_file(argv[1], CS_TDMREP_MAX_DOC + 1, &len);
    if (!buf)
        return CS_EXIT_USAGE;
    cs_tdm_signal_init(&s);
    rc = cs_tdmrep_extract(buf, len, &kind, &s, &d);
    free(buf);
    if (rc == CS_E_NOMEM) {
        cs_tdm_signal_release(&s);
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    }
    cs_buf_init(&b, (size_t)1 << 20);
    jw_init(&w, &b);
    jw_obj(&w);
    put_reservation(&w, s.reservation);
    jw_kv_str(&w, "policy", s.reservation == 0 ? NULL : s.policy);
    jw_kv_str(&w, "technique", cs_tdm_technique_name(kind));
    jw_kv_str(&w, "status", status_of(rc));
    put_diags(&w, &d);
    jw_end(&w, '}');
    cs_tdm_signal_release(&s);
    return emit(&b, &w);
}

/* Like `xrobots`: the first word is the verdict; exit 1 when disallowed. */
int cs_cmd_tdmrep_header(int argc, char **argv)
{
    int v;

    if (argc != 2)
        return cs_die(CS_EXIT_USAGE, "usage: consentscan tdmrep-header VALUE");
    v = cs_tdmrep_value(argv[1], strlen(argv[1]));
    if (v == 1) {
        puts("disallowed\ttdm-reservation: 1");
        return CS_EXIT_FLAGGED;
    }
    if (v == 0)
        puts("allowed\ttdm-reservation: 0");
    else
        puts("allowed\tno reservation: invalid tdm-reservation value (unset)");
    return CS_EXIT_OK;
}
