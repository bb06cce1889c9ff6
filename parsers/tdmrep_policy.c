/* SPDX-License-Identifier: MIT
 * tdmrep_policy.c - the summary of a TDM Policy, an ODRL 2.2 Offer under the TDMRep profile
 * (signals.md 3.7): who to ask (vCard assigner), which duties (obtainConsent, compensate), which
 * purpose constraint; enough to say "licensable" (3.10 D11). JSON-LD is read as plain JSON:
 * terms compare by local name, so compact ("fn"), prefixed ("vcard:fn") and full IRIs all read.
 */
#include "cs_setup.h"

#include "cs_str.h"
#include "tdmrep_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The part after the last '#', '/' or ':' ("http://www.w3.org/ns/tdmrep#mine" -> "mine"). */
static const char *local_name(const char *s)
{
    const char *p = s;

    for (const char *c = s; *c; c++) {
        if (*c == '#' || *c == '/' || *c == ':')
            p = c + 1;
    }
    return p;
}

/* A term's value: a string, or a node object's "@id" / "id" / "@value". */
static const char *term_str(json_t *v)
{
    static const char *const keys[] = { "@id", "id", "@value", "value" };

    if (json_is_string(v))
        return json_string_value(v);
    for (size_t i = 0; json_is_object(v) && i < CS_ARRAY_LEN(keys); i++) {
        json_t *x = json_object_get(v, keys[i]);
        if (json_is_string(x))
            return json_string_value(x);
    }
    return NULL;
}

/* The member of obj whose key has local name want (first found), or NULL. */
static json_t *member(json_t *obj, const char *want)
{
    const char *key;
    json_t *v;

    json_object_foreach(obj, key, v)
    {
        if (strcmp(local_name(key), want) == 0)
            return v;
    }
    return NULL;
}

/* Element i of v seen as a list (a single value is a list of one). */
static json_t *item(json_t *v, size_t i)
{
    if (json_is_array(v))
        return json_array_get(v, i);
    return i == 0 ? v : NULL;
}

static bool has_term(json_t *v, const char *want)
{
    json_t *x;

    for (size_t i = 0; (x = item(v, i)) != NULL; i++) {
        const char *s = term_str(x);
        if (s && strcmp(local_name(s), want) == 0)
            return true;
    }
    return false;
}

static int set_str(char **dst, json_t *v, const char *strip)
{
    const char *s = term_str(item(v, 0));
    size_t n = strip ? strlen(strip) : 0;

    if (!s || *dst || strlen(s) > CS_TDMREP_MAX_URL)
        return CS_OK;
    if (n && strncmp(s, strip, n) == 0)
        s += n;
    *dst = cs_strdup(s);
    return *dst ? CS_OK : CS_E_NOMEM;
}

static int read_assigner(struct cs_tdm_policy *p, json_t *a)
{
    int rc = CS_OK;

    if (json_is_string(a))
        return set_str(&p->assigner_url, a, NULL);
    if (!json_is_object(a))
        return CS_OK;
    rc = set_str(&p->assigner_name, member(a, "fn"), NULL);
    if (rc == CS_OK)
        rc = set_str(&p->assigner_name, member(a, "nickname"), NULL);
    if (rc == CS_OK)
        rc = set_str(&p->assigner_email, member(a, "hasEmail"), "mailto:");
    if (rc == CS_OK)
        rc = set_str(&p->assigner_url, member(a, "hasURL"), NULL);
    return rc;
}

static void read_duties(struct cs_tdm_policy *p, json_t *duties)
{
    json_t *x;

    for (size_t i = 0; (x = item(duties, i)) != NULL; i++) {
        json_t *act = json_is_object(x) ? member(x, "action") : x;
        p->duty_consent = p->duty_consent || has_term(act, "obtainConsent");
        p->duty_compensate = p->duty_compensate || has_term(act, "compensate");
    }
}

/* purpose eq tdm:research | tdm:non-research (experimental in the spec). */
static void read_constraints(struct cs_tdm_policy *p, json_t *cons)
{
    json_t *x;

    for (size_t i = 0; (x = item(cons, i)) != NULL; i++) {
        if (!json_is_object(x) || !has_term(member(x, "leftOperand"), "purpose"))
            continue;
        if (has_term(member(x, "rightOperand"), "research"))
            p->purpose = CS_TDM_PURPOSE_RESEARCH;
        else if (has_term(member(x, "rightOperand"), "non-research"))
            p->purpose = CS_TDM_PURPOSE_NON_RESEARCH;
    }
}

static void read_permissions(struct cs_tdm_policy *p, json_t *perms)
{
    json_t *x;

    for (size_t i = 0; (x = item(perms, i)) != NULL; i++) {
        if (!json_is_object(x) || !has_term(member(x, "action"), "mine"))
            continue;
        p->machine_readable = true;
        read_duties(p, member(x, "duty"));
        read_constraints(p, member(x, "constraint"));
    }
}

int cs_tdmrep_policy_parse(const char *buf, size_t len, struct cs_tdm_policy *out,
                           struct cs_tdm_diags *d)
{
    json_error_t err;
    json_t *root, *doc;
    int rc;

    memset(out, 0, sizeof(*out));
    if (len > CS_TDMREP_MAX_FILE) {
        cs_tdm_diag(d, 0, CS_E_LIMIT, "policy larger than %d bytes: not read", CS_TDMREP_MAX_FILE);
        return CS_E_LIMIT;
    }
    root = json_loadb(buf, len, 0, &err);
    doc = json_is_object(root) && json_is_array(json_object_get(root, "@graph"))
              ? json_array_get(json_object_get(root, "@graph"), 0)
              : root;
    if (!json_is_object(doc)) {
        /* signals.md 3.1: an unparseable policy is no error, just no known way to a licence */
        cs_tdm_diag(d, 0, CS_E_PARSE, "policy is not a JSON object: not machine-readable");
        json_decref(root);
        return CS_E_PARSE;
    }
    read_permissions(out, member(doc, "permission"));
    rc = read_assigner(out, member(doc, "assigner"));
    /* D11: a tdm:mine permission is an offer: with or without duties there is a way to a
     * licence (obtain consent, pay, or just comply) */
    out->licensable = out->machine_readable;
    if (!out->machine_readable)
        cs_tdm_diag(d, 0, CS_E_PARSE, "policy has no tdm:mine permission");
    json_decref(root);
    if (rc != CS_OK)
        cs_tdm_policy_release(out);
    return rc;
}

void cs_tdm_policy_release(struct cs_tdm_policy *p)
{
    if (!p)
        return;
    free(p->assigner_name);
    free(p->assigner_email);
    free(p->assigner_url);
    memset(p, 0, sizeof(*p));
}
