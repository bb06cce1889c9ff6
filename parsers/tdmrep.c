/* SPDX-License-Identifier: MIT
 * tdmrep.c - TDMRep values, /.well-known/tdmrep.json (signals.md 3.2), the header technique
 * (3.3) and the processing priority (3.6). tdmrep_extract.c reads HTML and XML carriers,
 * tdmrep_policy.c the ODRL policy.
 */
#include "cs_setup.h"

#include "cs_str.h"
#include "robots_pat.h"
#include "tdmrep_int.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void cs_tdm_diag(struct cs_tdm_diags *d, int line, int code, const char *fmt, ...)
{
    struct cs_diag *e;
    va_list ap;

    if (!d)
        return;
    if (d->count >= CS_TDMREP_MAX_DIAGS) {
        d->dropped++;
        return;
    }
    e = &d->d[d->count++];
    e->line = line;
    e->code = code;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
}

const char *cs_tdm_technique_name(enum cs_tdm_technique t)
{
    static const char *const names[] = { "none", "file", "header", "html", "embedded" };

    return (unsigned)t < CS_ARRAY_LEN(names) ? names[t] : "none";
}

void cs_tdm_signal_init(struct cs_tdm_signal *s)
{
    s->reservation = -1;
    s->policy = NULL;
    s->where = 0;
}

void cs_tdm_signal_release(struct cs_tdm_signal *s)
{
    if (!s)
        return;
    free(s->policy);
    cs_tdm_signal_init(s);
}

int cs_tdmrep_value(const char *v, size_t len)
{
    cs_str_trim(&v, &len);
    if (len == 1 && (v[0] == '0' || v[0] == '1'))
        return v[0] - '0';
    return -1;
}

/* A URL holds no control bytes (NUL, CR, ...): a value with one is not a policy URL. */
static bool has_control(const char *v, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7F)
            return true;
    }
    return false;
}

int cs_tdm_set_policy(struct cs_tdm_signal *s, const char *v, size_t len, int line,
                      struct cs_tdm_diags *d)
{
    cs_str_trim(&v, &len);
    if (s->policy) {
        cs_tdm_diag(d, line, CS_E_PARSE, "tdm-policy repeated: the first value is kept");
        return CS_OK;
    }
    if (len == 0 || len > CS_TDMREP_MAX_URL || has_control(v, len)) {
        cs_tdm_diag(d, line, CS_E_PARSE, "tdm-policy %s: ignored",
                    len == 0                  ? "empty"
                    : len > CS_TDMREP_MAX_URL ? "too long"
                                              : "not a URL");
        return CS_OK;
    }
    s->policy = cs_strndup(v, len);
    return s->policy ? CS_OK : CS_E_NOMEM;
}

void cs_tdm_set_reservation(struct cs_tdm_signal *s, const char *v, size_t len, int line,
                            const char *what, struct cs_tdm_diags *d)
{
    int r = cs_tdmrep_value(v, len);

    if (r < 0) {
        cs_str_trim(&v, &len);
        /* signals.md 3.1: any other value is a protocol error -> the property is unset */
        cs_tdm_diag(d, line, CS_E_PARSE, "%s: invalid tdm-reservation value '%.*s' (unset)", what,
                    (int)(len > 40 ? 40 : len), v);
        return;
    }
    if (s->reservation >= 0) {
        if (s->reservation != r)
            cs_tdm_diag(d, line, CS_E_PARSE, "%s: conflicting tdm-reservation %d ignored", what, r);
        return;
    }
    s->reservation = r;
    s->where = line;
}

int cs_tdmrep_header(struct cs_tdm_signal *s, const char *name, const char *value, size_t len,
                     int line, struct cs_tdm_diags *d)
{
    if (strcasecmp(name, "tdm-reservation") == 0) {
        cs_tdm_set_reservation(s, value, len, line, "header", d);
        return CS_OK;
    }
    if (strcasecmp(name, "tdm-policy") == 0)
        return cs_tdm_set_policy(s, value, len, line, d);
    return CS_OK;
}

/* The rule's "tdm-reservation": integer 1/0 as in the spec's examples, or the strings "1"/"0"
 * seen in the wild (signals.md 12.3 #8); anything else (missing included) is unset. */
static int rule_value(const json_t *v, size_t idx, struct cs_tdm_diags *d)
{
    if (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1))
        return (int)json_integer_value(v);
    if (json_is_string(v) && cs_tdmrep_value(json_string_value(v), json_string_length(v)) >= 0)
        return cs_tdmrep_value(json_string_value(v), json_string_length(v));
    cs_tdm_diag(d, 0, CS_E_PARSE, "tdmrep.json rule %zu: %s tdm-reservation (unset)", idx,
                v ? "invalid" : "missing");
    return -1;
}

static int add_rule(struct cs_tdmrep_file *f, const json_t *obj, size_t idx, struct cs_tdm_diags *d)
{
    const json_t *loc = json_object_get(obj, "location");
    const json_t *pol = json_object_get(obj, "tdm-policy");
    struct cs_tdm_rule *r = &f->rules[f->count];
    size_t plen = json_string_length(pol);
    bool use_pol = json_is_string(pol) && plen > 0 && plen <= CS_TDMREP_MAX_URL &&
                   !has_control(json_string_value(pol), plen);

    if (!json_is_string(loc)) {
        cs_tdm_diag(d, 0, CS_E_PARSE, "tdmrep.json rule %zu: no string location (skipped)", idx);
        return CS_OK;
    }
    r->index = idx;
    r->reservation = rule_value(json_object_get(obj, "tdm-reservation"), idx, d);
    r->location = cs_strndup(json_string_value(loc), json_string_length(loc));
    r->policy = use_pol ? cs_strndup(json_string_value(pol), plen) : NULL;
    if (pol && !use_pol)
        cs_tdm_diag(d, 0, CS_E_PARSE, "tdmrep.json rule %zu: unusable tdm-policy (ignored)", idx);
    if (!r->location || (use_pol && !r->policy)) {
        free(r->location);
        free(r->policy);
        return CS_E_NOMEM;
    }
    f->count++;
    return CS_OK;
}

static int read_rules(struct cs_tdmrep_file *f, const json_t *arr, struct cs_tdm_diags *d)
{
    size_t n = json_array_size(arr);
    int rc = CS_OK;

    if (n > CS_TDMREP_MAX_RULES) {
        cs_tdm_diag(d, 0, CS_E_LIMIT, "tdmrep.json: %zu rules, only the first %d read", n,
                    CS_TDMREP_MAX_RULES);
        n = CS_TDMREP_MAX_RULES;
    }
    f->rules = n ? calloc(n, sizeof(*f->rules)) : NULL;
    if (n && !f->rules)
        return CS_E_NOMEM;
    for (size_t i = 0; i < n && rc == CS_OK; i++) {
        const json_t *obj = json_array_get(arr, i);
        if (json_is_object(obj))
            rc = add_rule(f, obj, i, d);
        else
            cs_tdm_diag(d, 0, CS_E_PARSE, "tdmrep.json rule %zu: not an object (skipped)", i);
    }
    return rc;
}

int cs_tdmrep_file_parse(const char *buf, size_t len, struct cs_tdmrep_file **out,
                         struct cs_tdm_diags *d)
{
    struct cs_tdmrep_file *f;
    json_error_t err;
    json_t *root;
    int rc;

    *out = NULL;
    if (len > CS_TDMREP_MAX_FILE) {
        cs_tdm_diag(d, 0, CS_E_LIMIT, "tdmrep.json larger than %d bytes: not read",
                    CS_TDMREP_MAX_FILE);
        return CS_E_LIMIT;
    }
    root = json_loadb(buf, len, 0, &err);
    if (!root || !json_is_array(root)) {
        /* signals.md 3.2: the body is an array even for one rule; D7 */
        cs_tdm_diag(d, root ? 0 : err.line, CS_E_PARSE, "tdmrep.json malformed: %s",
                    root ? "top level is not an array" : err.text);
        json_decref(root);
        return CS_E_PARSE;
    }
    f = calloc(1, sizeof(*f));
    rc = f ? read_rules(f, root, d) : CS_E_NOMEM;
    json_decref(root);
    if (rc != CS_OK) {
        cs_tdmrep_file_free(f);
        return rc;
    }
    *out = f;
    return CS_OK;
}

void cs_tdmrep_file_free(struct cs_tdmrep_file *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->count; i++) {
        free(f->rules[i].location);
        free(f->rules[i].policy);
    }
    free(f->rules);
    free(f);
}

/* signals.md 3.2 and 12.3 #7: first match in array order, not robots' longest match. */
int cs_tdmrep_file_match(const struct cs_tdmrep_file *f, const char *path, size_t len,
                         struct cs_tdm_signal *out)
{
    cs_tdm_signal_release(out);
    out->where = -1;
    for (size_t i = 0; f && i < f->count; i++) {
        const struct cs_tdm_rule *r = &f->rules[i];
        int m = cs_robots_pattern_match(r->location, strlen(r->location), path, len);
        if (m < 0)
            return m;
        if (!m)
            continue;
        out->where = (int)r->index;
        out->reservation = r->reservation;
        if (r->policy && !(out->policy = cs_strdup(r->policy)))
            return CS_E_NOMEM;
        return CS_OK;
    }
    return CS_OK;
}

/* ---- processing priority ---- */

void cs_tdm_result_release(struct cs_tdm_result *r)
{
    if (!r)
        return;
    free(r->policy);
    memset(r, 0, sizeof(*r));
    r->reservation = -1;
}

/* signals.md 3.6: each technique supersedes the lower ones property by property; an absent
 * (or invalid, hence unset) property keeps the inherited value. */
int cs_tdmrep_resolve(const struct cs_tdm_signal *file, const struct cs_tdm_signal *header,
                      const struct cs_tdm_signal *html, const struct cs_tdm_signal *embedded,
                      struct cs_tdm_result *out, struct cs_tdm_diags *d)
{
    const struct cs_tdm_signal *layer[] = { file, header, html, embedded };
    const char *policy = NULL;

    memset(out, 0, sizeof(*out));
    out->reservation = -1;
    for (size_t i = 0; i < CS_ARRAY_LEN(layer); i++) {
        const struct cs_tdm_signal *s = layer[i];
        if (!s)
            continue;
        if (s->reservation >= 0) {
            out->reservation = s->reservation;
            out->technique = (enum cs_tdm_technique)(i + 1);
        }
        if (s->policy) {
            policy = s->policy;
            out->policy_technique = (enum cs_tdm_technique)(i + 1);
        }
    }
    if (policy && out->reservation == 0) {
        /* signals.md 3.1, D12: a policy beside "not reserved" is no error but is ignored */
        cs_tdm_diag(d, 0, CS_OK, "tdm-policy ignored: tdm-reservation is 0");
        out->policy_ignored = true;
        out->policy_technique = CS_TDM_NONE;
        return CS_OK;
    }
    if (policy && !(out->policy = cs_strdup(policy)))
        return CS_E_NOMEM;
    return CS_OK;
}
