/* SPDX-License-Identifier: MIT
 * test_rsl.c - RSL 1.0 documents: the signals.md 8.4 vectors and consentscan's edge cases from
 * tests/cases/rsl/ (format in signals-8.4.case), plus caps and discovery from HTML.
 */
#include "cs_setup.h"

#include "htmlmeta.h"
#include "httplink.h"
#include "rsl.h"
#include "testlib.h"

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

static int usage_by_name(const char *s, size_t n)
{
    for (int u = 0; u < CS_RSL_U_COUNT; u++) {
        const char *name = cs_rsl_usage_name((enum cs_rsl_usage)u);
        if (strlen(name) == n && strncmp(name, s, n) == 0)
            return u;
    }
    return -1;
}

/* Checks "usage=term[/basis] ..." against the content element c. */
static void check_terms(const char *id, const struct cs_rsl_content *c, const char *spec,
                        bool legacy)
{
    const char *s = spec;

    while (*s) {
        char tok[64], *eq, *slash;
        size_t n = strcspn(s, " ");
        struct cs_rsl_answer a;
        int u;

        if (n == 0 || n >= sizeof(tok)) {
            s += n ? n : 1;
            continue;
        }
        memcpy(tok, s, n);
        tok[n] = '\0';
        s += n;
        eq = strchr(tok, '=');
        u = eq ? usage_by_name(tok, (size_t)(eq - tok)) : -1;
        if (u < 0) {
            cs_test_fail(__FILE__, __LINE__, "case %s: bad expectation '%s'", id, tok);
            continue;
        }
        slash = strchr(eq + 1, '/');
        if (slash)
            *slash = '\0';
        cs_rsl_terms(c, (enum cs_rsl_usage)u, legacy, &a);
        if (strcmp(cs_rsl_term_name(a.term), eq + 1) != 0 ||
            (slash && strcmp(cs_rsl_basis_name(a.basis), slash + 1) != 0))
            cs_test_fail(__FILE__, __LINE__, "case %s%s: %.*s got %s/%s, expected %s%s%s", id,
                         legacy ? " (legacy)" : "", (int)(eq - tok), tok, cs_rsl_term_name(a.term),
                         cs_rsl_basis_name(a.basis), eq + 1, slash ? "/" : "",
                         slash ? slash + 1 : "");
        else
            cs_test_passed++;
    }
}

static void check_links(const char *id, char **urls, size_t count, const char *want)
{
    char got[1024] = "";
    size_t n = 0;

    for (size_t i = 0; i < count && n < sizeof(got); i++)
        n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s", i ? " " : "", urls[i]);
    if (strcmp(got, strcmp(want, "-") == 0 ? "" : want) != 0)
        cs_test_fail(__FILE__, __LINE__, "case %s: links '%s', expected '%s'", id, got, want);
    else
        cs_test_passed++;
    cs_rsl_links_free(urls, count);
}

static void run_links(const struct cs_test_record *r, const char *id)
{
    const char *link = get(r, "link"), *html = get(r, "html");
    char **urls = NULL;
    size_t count = 0;

    if (link) {
        CS_CHECK_INT_EQ(cs_rsl_links_from_header(link, strlen(link), &urls, &count), CS_OK);
    } else {
        struct cs_htmlmeta *m = NULL;
        CS_CHECK_INT_EQ(cs_htmlmeta_parse(html, strlen(html), &m, NULL), CS_OK);
        CS_CHECK_INT_EQ(cs_rsl_links_from_html(m, &urls, &count), CS_OK);
        cs_htmlmeta_free(m);
    }
    check_links(id, urls, count, get(r, "links"));
}

static bool has_diag(const struct cs_rsl *doc, const char *want)
{
    for (size_t i = 0; i < doc->diag_count; i++) {
        if (strstr(doc->diags[i].msg, want))
            return true;
    }
    return false;
}

static void check_doc(const struct cs_test_record *r, const char *id, const struct cs_rsl *doc)
{
    const char *url = get(r, "url"), *v;
    size_t matches = 0;
    const struct cs_rsl_content *c = url ? cs_rsl_match(doc, url, &matches) : NULL;

    if ((v = get(r, "match")) && strcmp(c ? c->url : "-", v) != 0)
        cs_test_fail(__FILE__, __LINE__, "case %s: matched '%s', expected '%s'", id,
                     c ? c->url : "-", v);
    if ((v = get(r, "matches")))
        CS_CHECK_INT_EQ(matches, strtol(v, NULL, 10));
    if ((v = get(r, "expect")))
        check_terms(id, c, v, false);
    if ((v = get(r, "expect-legacy")))
        check_terms(id, c, v, true);
    if ((v = get(r, "diag")) && !has_diag(doc, v))
        cs_test_fail(__FILE__, __LINE__, "case %s: no diagnostic '%s'", id, v);
    if ((v = get(r, "conditional"))) {
        struct cs_rsl_answer a;
        cs_rsl_terms(c, (enum cs_rsl_usage)usage_by_name(v, strlen(v)), false, &a);
        CS_CHECK(a.conditional);
    }
}

static void run_record(const struct cs_test_record *r)
{
    const char *id = get(r, "name"), *body = get(r, "rsl"), *xml = get(r, "xml");
    const char *parse = get(r, "parse");
    bool want_ok = !parse || strcmp(parse, "ok") == 0;
    struct cs_rsl *doc = NULL;
    struct cs_diag diag = { 0 };
    char *src = NULL, *bytes;
    size_t len = 0;
    int rc;

    if (!id)
        id = "?";
    if (get(r, "links")) {
        run_links(r, id);
        return;
    }
    if (body) {
        size_t size = strlen(body) + 64;
        src = malloc(size);
        if (!src)
            return;
        snprintf(src, size, "<rsl xmlns=\"" CS_RSL_NS "\">%s</rsl>", body);
    }
    bytes = cs_test_unescape(src ? src : xml ? xml : "", &len);
    rc = cs_rsl_parse(bytes, len, &doc, &diag);
    if ((rc == CS_OK) != want_ok) {
        cs_test_fail(__FILE__, __LINE__, "case %s: parse %s (%s)", id, cs_strerror(rc), diag.msg);
    } else {
        cs_test_passed++;
        if (!want_ok)
            CS_CHECK(diag.msg[0] != '\0');
    }
    if (doc)
        check_doc(r, id, doc);
    cs_rsl_free(doc);
    free(bytes);
    free(src);
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

static void test_cases(void)
{
    CS_CHECK(run_file(CS_CASES_DIR "/rsl/signals-8.4.case") >= 16);
    CS_CHECK(run_file(CS_CASES_DIR "/rsl/edge.case") >= 30);
}

static void test_caps(void)
{
    size_t cap = (size_t)CS_RSL_MAX_CONTENTS + 2;
    size_t size = cap * 24 + 128;
    char *big = malloc(size);
    struct cs_rsl *doc = NULL;
    struct cs_diag diag = { 0 };
    size_t n;

    if (!big)
        return;
    n = (size_t)snprintf(big, size, "<rsl xmlns=\"%s\">", CS_RSL_NS);
    for (size_t i = 0; i < cap; i++)
        n += (size_t)snprintf(big + n, size - n, "<content url=\"/%zu\"/>", i % 1000);
    n += (size_t)snprintf(big + n, size - n, "</rsl>");
    CS_CHECK_INT_EQ(cs_rsl_parse(big, n, &doc, &diag), CS_E_LIMIT);
    CS_CHECK(doc == NULL);
    CS_CHECK_INT_EQ(cs_rsl_parse(big, CS_RSL_MAX_BYTES + 1, &doc, NULL), CS_E_LIMIT);
    free(big);
}

static void test_model(void)
{
    const char *xml = "<rsl xmlns=\"" CS_RSL_NS "\" max-age=\"7\">\n"
                      "<content url=\"/\" server=\"https://olp.example\" lastmod=\"2025-11-06\">\n"
                      "<license><permits type=\"geo\">US, FR</permits>"
                      "<payment type=\"Training\"><amount currency=\"USD\">10.5</amount></payment>"
                      "<legal type=\"warranty\"/><legal type=\"disclaimer\"/></license>\n"
                      "</content></rsl>";
    struct cs_rsl *doc = NULL;
    const struct cs_rsl_license *l;

    CS_CHECK_INT_EQ(cs_rsl_parse(xml, strlen(xml), &doc, NULL), CS_OK);
    if (!doc)
        return;
    CS_CHECK_INT_EQ(doc->max_age, 7);
    CS_CHECK_INT_EQ(doc->content_count, 1);
    CS_CHECK_INT_EQ(doc->contents[0].line, 2);
    CS_CHECK_STR_EQ(doc->contents[0].server, "https://olp.example");
    CS_CHECK_STR_EQ(doc->contents[0].lastmod, "2025-11-06");
    l = &doc->contents[0].licenses[0];
    CS_CHECK_STR_EQ(l->permits_geo, "US FR");
    CS_CHECK_STR_EQ(l->legal, "warranty disclaimer");
    CS_CHECK_INT_EQ(l->payment_count, 1);
    CS_CHECK_STR_EQ(l->payments[0].type, "training");
    CS_CHECK_STR_EQ(l->payments[0].amount, "10.5");
    CS_CHECK_STR_EQ(l->payments[0].currency, "USD");
    CS_CHECK(!l->payments[0].is_free);
    cs_rsl_free(doc);
}

/* L9: a rel="license" link without the RSL type is a licence link only (httplink finds it). */
static void test_plain_license_link(void)
{
    const char *v = "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"";
    char **urls = NULL;
    size_t count = 0;

    CS_CHECK_INT_EQ(cs_http_link_find_all(v, strlen(v), "license", NULL, 4, &urls, &count), CS_OK);
    CS_CHECK_INT_EQ(count, 1);
    if (count)
        CS_CHECK_STR_EQ(urls[0], "https://creativecommons.org/licenses/by/4.0/");
    cs_http_link_free_all(urls, count);
}

int main(void)
{
    cs_htmlmeta_global_init();
    test_cases();
    test_caps();
    test_model();
    test_plain_license_link();
    cs_htmlmeta_global_cleanup();
    return cs_test_done();
}
