/* SPDX-License-Identifier: MIT
 * cmd_content_usage.c - `consentscan content-usage VALUE...`: the field lines of one AIPREF
 * Content-Usage header read offline (parsers/aipref.h; signals.md 6.2-6.4). Prints one JSON
 * object: one key per category label with "allow", "disallow" or "unknown" - train-ai and search
 * as vocab-07 reads them, the legacy labels as the older drafts' nesting reads them - then the
 * evidence: "_legacy" (every label's legacy reading: state, the label it came from, whether
 * stated), "_per_line" and "_conflict" when several lines were given (each line a statement,
 * combined most-restrictively, 6.2), "_error" (the Dictionary parse failure or null) and
 * "_vocab" (the draft of the current reading, 12.3 #12). A value that does not parse is a
 * reading (all unknown), not a usage error: exit 0.
 */
#include "cs_setup.h"

#include "cli.h"

#include "aipref.h"
#include "cs_buf.h"
#include "jsonw.h"

#define USAGE "usage: consentscan content-usage VALUE..."

/* The top-level state of label: vocab-07 for the current labels, legacy for the others. */
static enum cs_aipref_state top_state(const struct cs_aipref *a, int label)
{
    const struct cs_aipref_cat *c = &a->cat[label];

    return cs_aipref_label_is_legacy(label) ? c->legacy.state : c->current.state;
}

static void write_legacy(struct jw *w, const struct cs_aipref *a)
{
    jw_key(w, "_legacy");
    jw_obj(w);
    for (int i = 0; i < CS_AIPREF__COUNT; i++) {
        const struct cs_aipref_value *v = &a->cat[i].legacy;
        jw_key(w, cs_aipref_label_name(i));
        jw_obj(w);
        jw_kv_str(w, "state", cs_aipref_state_name(v->state));
        jw_kv_str(w, "from", v->from >= 0 ? cs_aipref_label_name(v->from) : NULL);
        jw_key(w, "stated");
        jw_bool(w, v->stated);
        jw_end(w, '}');
    }
    jw_end(w, '}');
}

/* "_per_line" and "_conflict": each line read as a statement of its own (P9). */
static void write_per_line(struct jw *w, const struct cs_aipref *each)
{
    jw_key(w, "_per_line");
    jw_obj(w);
    for (int i = 0; i < CS_AIPREF__COUNT; i++)
        jw_kv_str(w, cs_aipref_label_name(i), cs_aipref_state_name(top_state(each, i)));
    jw_end(w, '}');
    jw_key(w, "_conflict");
    jw_arr(w);
    for (int i = 0; i < CS_AIPREF__COUNT; i++)
        if (each->cat[i].conflict)
            jw_str(w, cs_aipref_label_name(i));
    jw_end(w, ']');
}

static int print_reading(const struct cs_aipref *a, const struct cs_aipref *each)
{
    struct cs_buf b;
    struct jw w;

    cs_buf_init(&b, 1 << 20);
    jw_init(&w, &b);
    jw_obj(&w);
    for (int i = 0; i < CS_AIPREF__COUNT; i++)
        jw_kv_str(&w, cs_aipref_label_name(i), cs_aipref_state_name(top_state(a, i)));
    write_legacy(&w, a);
    if (each)
        write_per_line(&w, each);
    jw_kv_str(&w, "_error", a->parse_error ? a->error : NULL);
    jw_kv_str(&w, "_vocab", CS_AIPREF_VOCAB);
    jw_end(&w, '}');
    return cs_print_json(&b, &w);
}

int cs_cmd_content_usage(int argc, char **argv)
{
    const char *const *lines = (const char *const *)(argv + 1);
    size_t n = argc > 1 ? (size_t)(argc - 1) : 0;
    struct cs_aipref a, each;
    int rc;

    if (n == 0)
        return cs_die(CS_EXIT_USAGE, USAGE);
    rc = cs_aipref_read(lines, n, &a);
    if (rc == CS_OK && n > 1)
        rc = cs_aipref_read_each(lines, n, &each);
    if (rc == CS_OK)
        rc = print_reading(&a, n > 1 ? &each : NULL);
    if (rc != CS_OK)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    return CS_EXIT_OK;
}
