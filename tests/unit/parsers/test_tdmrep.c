/* SPDX-License-Identifier: MIT
 * test_tdmrep.c - TDMRep (signals.md 3): the 3.10 vectors and consentscan's own cases from
 * tests/cases/tdmrep/ (*.case files), plus size caps and API edge cases.
 *
 * Case format: blocks of "key: value" lines; '#' lines are comments. Values marked (esc) take
 * C escapes (\n \r \t \\ \xHH).
 *   name: ID             starts a case (inputs reset)
 *   file: (esc)          /.well-known/tdmrep.json body
 *   header: (esc)        response header dump ("Name: value" lines)
 *   html: (esc)          the work as HTML
 *   embedded: (esc)      the work's OPF / XMP metadata
 *   extract: (esc)       bytes for cs_tdmrep_extract: its layer is the sniffed one
 *   path: P              path (and query) of the work
 *   expect: R [k=v...]   resolve every layer given for path; R is 1, 0 or unset; keys:
 *                        policy=URL|none by=file|header|html|embedded|none rule=N|none
 *                        status=ok|malformed|too_large (file parse) kind=header|html|embedded
 *                        (extract) diags=N (at least N diagnostics) ignored=yes|no
 *   policy-doc: (esc)    an ODRL policy document
 *   policy: k=v...       its summary: machine=yes|no licensable=yes|no consent=yes|no
 *                        compensate=yes|no purpose=any|research|non-research name= email= url=
 * Every signals.md 3.10 ID (D1..D15) must appear as a case name or a case name's prefix.
 */
#include "cs_setup.h"

#include "htmlmeta.h"
#include "tdmrep.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

struct tcase {
    char name[96];
    char *in[5]; /* file, header, html, embedded, extract (owned, unescaped) */
    size_t len[5];
    char path[1024];
    char *policy_doc;
    size_t policy_len;
};

enum { IN_FILE, IN_HEADER, IN_HTML, IN_EMBEDDED, IN_EXTRACT };

static const char *const in_keys[] = { "file", "header", "html", "embedded", "extract" };

static const char *const required_ids[] = { "D1", "D2",  "D3",  "D4",  "D5",  "D6",  "D7", "D8",
                                            "D9", "D10", "D11", "D12", "D13", "D14", "D15" };
static bool seen_ids[CS_ARRAY_LEN(required_ids)];

static void mark_id(const char *name)
{
    for (size_t i = 0; i < CS_ARRAY_LEN(required_ids); i++) {
        size_t n = strlen(required_ids[i]);
        if (strncmp(name, required_ids[i], n) == 0 && (name[n] == '\0' || name[n] == '_'))
            seen_ids[i] = true;
    }
}

static void reset(struct tcase *tc)
{
    for (size_t i = 0; i < CS_ARRAY_LEN(tc->in); i++) {
        free(tc->in[i]);
        tc->in[i] = NULL;
    }
    free(tc->policy_doc);
    tc->policy_doc = NULL;
    tc->path[0] = '\0';
}

static void fail(const struct tcase *tc, const char *what, const char *got, const char *want)
{
    cs_test_fail(__FILE__, __LINE__, "case %s: %s: got '%s', want '%s'", tc->name, what, got, want);
}

static void check_str(const struct tcase *tc, const char *what, const char *got, const char *want)
{
    if (strcmp(got ? got : "none", want) == 0)
        cs_test_passed++;
    else
        fail(tc, what, got ? got : "none", want);
}

static const char *yes(bool b)
{
    return b ? "yes" : "no";
}

/* Everything expect: needs to know after resolving. */
struct outcome {
    struct cs_tdm_result res;
    struct cs_tdm_diags d;
    int file_rc;
    int rule;
    enum cs_tdm_technique kind;
};

static const char *status_name(int rc)
{
    if (rc == CS_E_LIMIT)
        return "too_large";
    return rc == CS_OK ? "ok" : "malformed";
}

static void read_file_layer(const struct tcase *tc, struct cs_tdm_signal *s, struct outcome *o)
{
    struct cs_tdmrep_file *f = NULL;

    o->file_rc = cs_tdmrep_file_parse(tc->in[IN_FILE], tc->len[IN_FILE], &f, &o->d);
    CS_CHECK_INT_EQ(cs_tdmrep_file_match(f, tc->path, strlen(tc->path), s), CS_OK);
    o->rule = s->where;
    cs_tdmrep_file_free(f);
}

static void evaluate(const struct tcase *tc, struct outcome *o)
{
    struct cs_tdm_signal s[4];
    bool have[4] = { false, false, false, false };

    memset(o, 0, sizeof(*o));
    o->rule = -1;
    for (int i = 0; i < 4; i++)
        cs_tdm_signal_init(&s[i]);
    if (tc->in[IN_FILE]) {
        have[0] = true;
        read_file_layer(tc, &s[0], o);
    }
    if (tc->in[IN_HEADER])
        have[1] = cs_tdmrep_headers(tc->in[IN_HEADER], tc->len[IN_HEADER], &s[1], &o->d) == CS_OK;
    if (tc->in[IN_HTML])
        have[2] = cs_tdmrep_html(tc->in[IN_HTML], tc->len[IN_HTML], &s[2], &o->d) == CS_OK;
    if (tc->in[IN_EMBEDDED])
        have[3] = cs_tdmrep_xml(tc->in[IN_EMBEDDED], tc->len[IN_EMBEDDED], &s[3], &o->d) == CS_OK;
    if (tc->in[IN_EXTRACT]) {
        struct cs_tdm_signal x;
        cs_tdm_signal_init(&x);
        int rc = cs_tdmrep_extract(tc->in[IN_EXTRACT], tc->len[IN_EXTRACT], &o->kind, &x, &o->d);
        CS_CHECK(rc != CS_E_NOMEM);
        if (o->kind >= CS_TDM_FILE && o->kind <= CS_TDM_EMBEDDED) {
            cs_tdm_signal_release(&s[o->kind - 1]);
            s[o->kind - 1] = x;
            have[o->kind - 1] = true;
        } else {
            cs_tdm_signal_release(&x);
        }
    }
    CS_CHECK_INT_EQ(cs_tdmrep_resolve(have[0] ? &s[0] : NULL, have[1] ? &s[1] : NULL,
                                      have[2] ? &s[2] : NULL, have[3] ? &s[3] : NULL, &o->res,
                                      &o->d),
                    CS_OK);
    for (int i = 0; i < 4; i++)
        cs_tdm_signal_release(&s[i]);
}

static void check_key(const struct tcase *tc, const struct outcome *o, const char *k, const char *v)
{
    char num[32];

    if (strcmp(k, "policy") == 0) {
        check_str(tc, k, o->res.policy, v);
    } else if (strcmp(k, "by") == 0) {
        check_str(tc, k, cs_tdm_technique_name(o->res.technique), v);
    } else if (strcmp(k, "rule") == 0) {
        snprintf(num, sizeof(num), "%d", o->rule);
        check_str(tc, k, o->rule < 0 ? "none" : num, v);
    } else if (strcmp(k, "status") == 0) {
        check_str(tc, k, status_name(o->file_rc), v);
    } else if (strcmp(k, "kind") == 0) {
        check_str(tc, k, cs_tdm_technique_name(o->kind), v);
    } else if (strcmp(k, "ignored") == 0) {
        check_str(tc, k, yes(o->res.policy_ignored), v);
    } else if (strcmp(k, "diags") == 0) {
        snprintf(num, sizeof(num), "%zu", o->d.count);
        if (o->d.count >= (size_t)strtoul(v, NULL, 10))
            cs_test_passed++;
        else
            fail(tc, "diags (at least)", num, v);
    } else {
        cs_test_fail(__FILE__, __LINE__, "case %s: unknown expect key '%s'", tc->name, k);
    }
}

static void d_expect(const struct tcase *tc, char *v)
{
    struct outcome o;
    char *save = NULL;
    char *tok = strtok_r(v, " ", &save);
    const char *got;

    evaluate(tc, &o);
    got = o.res.reservation < 0 ? "unset" : o.res.reservation ? "1" : "0";
    check_str(tc, "reservation", got, tok ? tok : "");
    while ((tok = strtok_r(NULL, " ", &save)) != NULL) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            cs_test_fail(__FILE__, __LINE__, "case %s: bad expect token '%s'", tc->name, tok);
            continue;
        }
        *eq = '\0';
        check_key(tc, &o, tok, eq + 1);
    }
    cs_tdm_result_release(&o.res);
}

static const char *purpose_name(enum cs_tdm_purpose p)
{
    static const char *const names[] = { "any", "research", "non-research" };

    return names[p];
}

static void policy_key(const struct tcase *tc, const struct cs_tdm_policy *p, const char *k,
                       const char *v)
{
    if (strcmp(k, "machine") == 0)
        check_str(tc, k, yes(p->machine_readable), v);
    else if (strcmp(k, "licensable") == 0)
        check_str(tc, k, yes(p->licensable), v);
    else if (strcmp(k, "consent") == 0)
        check_str(tc, k, yes(p->duty_consent), v);
    else if (strcmp(k, "compensate") == 0)
        check_str(tc, k, yes(p->duty_compensate), v);
    else if (strcmp(k, "purpose") == 0)
        check_str(tc, k, purpose_name(p->purpose), v);
    else if (strcmp(k, "name") == 0)
        check_str(tc, k, p->assigner_name, v);
    else if (strcmp(k, "email") == 0)
        check_str(tc, k, p->assigner_email, v);
    else if (strcmp(k, "url") == 0)
        check_str(tc, k, p->assigner_url, v);
    else
        cs_test_fail(__FILE__, __LINE__, "case %s: unknown policy key '%s'", tc->name, k);
}

static void d_policy(const struct tcase *tc, char *v)
{
    struct cs_tdm_policy p;
    char *save = NULL;
    int rc;

    if (!tc->policy_doc) {
        cs_test_fail(__FILE__, __LINE__, "case %s: policy: without policy-doc:", tc->name);
        return;
    }
    rc = cs_tdmrep_policy_parse(tc->policy_doc, tc->policy_len, &p, NULL);
    CS_CHECK(rc == CS_OK || rc == CS_E_PARSE);
    for (char *tok = strtok_r(v, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            cs_test_fail(__FILE__, __LINE__, "case %s: bad policy token '%s'", tc->name, tok);
            continue;
        }
        *eq = '\0';
        policy_key(tc, &p, tok, eq + 1);
    }
    cs_tdm_policy_release(&p);
}

static void set_input(struct tcase *tc, const char *key, const char *v)
{
    for (size_t i = 0; i < CS_ARRAY_LEN(in_keys); i++) {
        if (strcmp(key, in_keys[i]) == 0) {
            free(tc->in[i]);
            tc->in[i] = cs_test_unescape(v, &tc->len[i]);
            return;
        }
    }
    if (strcmp(key, "policy-doc") == 0) {
        free(tc->policy_doc);
        tc->policy_doc = cs_test_unescape(v, &tc->policy_len);
    } else if (strcmp(key, "path") == 0) {
        snprintf(tc->path, sizeof(tc->path), "%s", v);
    } else {
        cs_test_fail(__FILE__, __LINE__, "case %s: unknown key '%s'", tc->name, key);
    }
}

static void run_line(struct tcase *tc, char *line, int *ncases)
{
    char *colon = strchr(line, ':');
    char *v;

    if (!colon) {
        cs_test_fail(__FILE__, __LINE__, "case %s: line without ':': %s", tc->name, line);
        return;
    }
    *colon = '\0';
    v = colon + 1;
    while (*v == ' ')
        v++;
    if (strcmp(line, "name") == 0) {
        reset(tc);
        snprintf(tc->name, sizeof(tc->name), "%s", v);
        mark_id(v);
        (*ncases)++;
    } else if (strcmp(line, "expect") == 0) {
        d_expect(tc, v);
    } else if (strcmp(line, "policy") == 0) {
        d_policy(tc, v);
    } else {
        set_input(tc, line, v);
    }
}

struct file_ctx {
    struct tcase tc;
    int *ncases;
};

static void file_line(char *line, void *ctx)
{
    struct file_ctx *c = ctx;

    run_line(&c->tc, line, c->ncases);
}

static void run_case_file(const char *path, void *ncases)
{
    struct file_ctx c;

    memset(&c, 0, sizeof(c));
    c.ncases = ncases;
    cs_test_each_line(path, file_line, &c);
    reset(&c.tc);
}

static void test_cases(void)
{
    int ncases = 0;

    cs_test_each_case_file("tdmrep", run_case_file, &ncases);
    CS_CHECK(ncases >= 30);
    for (size_t i = 0; i < CS_ARRAY_LEN(required_ids); i++) {
        if (seen_ids[i])
            cs_test_passed++;
        else
            cs_test_fail(__FILE__, __LINE__, "vector %s has no case", required_ids[i]);
    }
}

/* tdmrep.json above the cap is rejected before parsing; at the cap it is read. */
static void test_file_cap(void)
{
    static const char rule[] = "[{\"location\":\"/\",\"tdm-reservation\":1}]";
    size_t n = CS_TDMREP_MAX_FILE;
    char *big = malloc(n + 1);
    struct cs_tdmrep_file *f = (struct cs_tdmrep_file *)1;
    struct cs_tdm_diags d = { .count = 0 };

    CS_CHECK(big != NULL);
    if (!big)
        return;
    memset(big, ' ', n + 1);
    memcpy(big, rule, strlen(rule));
    CS_CHECK_INT_EQ(cs_tdmrep_file_parse(big, n + 1, &f, &d), CS_E_LIMIT);
    CS_CHECK(f == NULL);
    CS_CHECK_INT_EQ(d.count, 1);
    CS_CHECK_INT_EQ(d.d[0].code, CS_E_LIMIT);
    CS_CHECK_INT_EQ(cs_tdmrep_file_parse(big, n, &f, &d), CS_OK);
    CS_CHECK(f && f->count == 1);
    cs_tdmrep_file_free(f);
    free(big);
}

/* More rules than CS_TDMREP_MAX_RULES: the first ones are read, with a diagnostic. */
static void test_rule_cap(void)
{
    const char *rule = "{\"location\":\"/x\",\"tdm-reservation\":1},";
    size_t rl = strlen(rule), count = CS_TDMREP_MAX_RULES + 5;
    char *buf = malloc(count * rl + 16);
    struct cs_tdmrep_file *f = NULL;
    struct cs_tdm_diags d = { .count = 0 };
    size_t n = 1;

    CS_CHECK(buf != NULL);
    if (!buf)
        return;
    buf[0] = '[';
    for (size_t i = 0; i < count; i++, n += rl)
        memcpy(buf + n, rule, rl);
    buf[n - 1] = ']';
    CS_CHECK_INT_EQ(cs_tdmrep_file_parse(buf, n, &f, &d), CS_OK);
    CS_CHECK(f && f->count == CS_TDMREP_MAX_RULES);
    CS_CHECK(d.count == 1 && d.d[0].code == CS_E_LIMIT);
    cs_tdmrep_file_free(f);
    free(buf);
}

static void test_diag_cap(void)
{
    char buf[4096];
    size_t n = 1;
    struct cs_tdmrep_file *f = NULL;
    struct cs_tdm_diags d = { .count = 0 };

    buf[0] = '[';
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s7", i ? "," : "");
    buf[n++] = ']';
    CS_CHECK_INT_EQ(cs_tdmrep_file_parse(buf, n, &f, &d), CS_OK);
    CS_CHECK(f && f->count == 0);
    CS_CHECK_INT_EQ(d.count, CS_TDMREP_MAX_DIAGS);
    CS_CHECK_INT_EQ(d.dropped, 40 - CS_TDMREP_MAX_DIAGS);
    cs_tdmrep_file_free(f);
}

static void test_values(void)
{
    CS_CHECK_INT_EQ(cs_tdmrep_value(" 1\t", 3), 1);
    CS_CHECK_INT_EQ(cs_tdmrep_value("0", 1), 0);
    CS_CHECK_INT_EQ(cs_tdmrep_value("01", 2), -1);
    CS_CHECK_INT_EQ(cs_tdmrep_value("true", 4), -1);
    CS_CHECK_INT_EQ(cs_tdmrep_value("", 0), -1);
    CS_CHECK_INT_EQ(cs_tdmrep_value("1 1", 3), -1);
    CS_CHECK_STR_EQ(cs_tdm_technique_name(CS_TDM_EMBEDDED), "embedded");
    CS_CHECK_STR_EQ(cs_tdm_technique_name((enum cs_tdm_technique)99), "none");
}

static void test_header_api(void)
{
    struct cs_tdm_signal s;
    struct cs_tdm_diags d = { .count = 0 };

    cs_tdm_signal_init(&s);
    CS_CHECK_INT_EQ(cs_tdmrep_header(&s, "Content-Type", "1", 1, 1, &d), CS_OK);
    CS_CHECK_INT_EQ(s.reservation, -1);
    CS_CHECK_INT_EQ(cs_tdmrep_header(&s, "TDM-RESERVATION", " 1 ", 3, 2, &d), CS_OK);
    CS_CHECK_INT_EQ(s.reservation, 1);
    CS_CHECK_INT_EQ(s.where, 2);
    CS_CHECK_INT_EQ(cs_tdmrep_header(&s, "tdm-policy", " https://p/x ", 13, 3, &d), CS_OK);
    CS_CHECK_STR_EQ(s.policy, "https://p/x");
    CS_CHECK_INT_EQ(d.count, 0);
    cs_tdm_signal_release(&s);
    CS_CHECK(s.policy == NULL && s.reservation == -1);
}

static void test_resolve_empty(void)
{
    struct cs_tdm_result r;

    CS_CHECK_INT_EQ(cs_tdmrep_resolve(NULL, NULL, NULL, NULL, &r, NULL), CS_OK);
    CS_CHECK_INT_EQ(r.reservation, -1);
    CS_CHECK(r.policy == NULL && r.technique == CS_TDM_NONE);
    cs_tdm_result_release(&r);
}

/* Internal entities are never expanded: an entity bomb gives no value and no blow-up. */
static void test_entity_bomb(void)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"1\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">"
        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
        "<x xmlns:tdm=\"http://www.w3.org/ns/tdmrep/\"><tdm:reservation>&d;</tdm:reservation>"
        "<tdm:policy>&a;</tdm:policy></x>";
    struct cs_tdm_signal s;
    int rc;

    cs_tdm_signal_init(&s);
    rc = cs_tdmrep_xml(xml, sizeof(xml) - 1, &s, NULL);
    CS_CHECK(rc == CS_OK || rc == CS_E_PARSE); /* libxml2 may refuse the document outright */
    CS_CHECK_INT_EQ(s.reservation, -1);
    CS_CHECK(s.policy == NULL);
    cs_tdm_signal_release(&s);
}

int main(void)
{
    cs_htmlmeta_global_init();
    test_cases();
    test_file_cap();
    test_rule_cap();
    test_diag_cap();
    test_values();
    test_header_api();
    test_resolve_empty();
    test_entity_bomb();
    cs_htmlmeta_global_cleanup();
    return cs_test_done();
}
