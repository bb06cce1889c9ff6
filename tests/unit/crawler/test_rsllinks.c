/* SPDX-License-Identifier: MIT
 * test_rsllinks.c - the RSL documents a work links to (signals.md 8.1, 8.4 L8/L9): Link header
 * fields and HTML <link> elements of type application/rsl+xml, resolved against the final URL,
 * once each, without the document robots.txt's License: names; and a linked document's parse.
 */
#include "cs_setup.h"

#include "cs_str.h"
#include "fetch.h"
#include "htmlmeta.h"
#include "judge.h"
#include "rsl.h"
#include "testlib.h"

/* A site whose robots.txt (origin http://a.example) holds text. */
static void make_site(struct cs_site *s, const char *text)
{
    struct cs_hostfile_record *rec = calloc(1, sizeof(*rec));

    CS_CHECK(rec != NULL);
    rec->origin = cs_strdup("http://a.example");
    rec->kind = cs_strdup("robots.txt");
    rec->outcome = cs_strdup("ok");
    rec->body = cs_strdup(text);
    rec->body_len = strlen(text);
    CS_CHECK_INT_EQ(cs_site_init(s, rec, false), CS_OK);
}

/* A read work at url with n headers (name, value pairs) and an HTML head body (may be NULL). */
static void make_work(struct cs_work *w, const char *url, const char *const *hdr, size_t n,
                      const char *html)
{
    memset(w, 0, sizeof(*w));
    w->resp.url = cs_strdup(url);
    w->resp.http_status = 200;
    w->resp.headers = calloc(n + 1, sizeof(*w->resp.headers));
    w->resp.headers[0].name = cs_strdup("Content-Type");
    w->resp.headers[0].value = cs_strdup("text/html; charset=utf-8");
    for (size_t i = 0; i < n; i++) {
        w->resp.headers[i + 1].name = cs_strdup(hdr[2 * i]);
        w->resp.headers[i + 1].value = cs_strdup(hdr[2 * i + 1]);
    }
    w->resp.header_count = n + 1;
    if (html) {
        w->resp.body = cs_strdup(html);
        w->resp.body_len = strlen(html);
    }
    w->read = true;
}

static void links(void)
{
    static const char *const hdr[] = {
        "Link",
        "</l.xml>; rel=\"license\"; type=\"application/rsl+xml\"",
        /* L9: a licence link without the RSL type is not RSL */
        "Link",
        "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"",
        /* the same document again, written absolutely */
        "link",
        "<http://a.example/l.xml>; rel=\"license\"; type=\"application/rsl+xml\"",
        /* the one robots.txt's License: names: read as a host file already */
        "Link",
        "</robots-named.xml>; rel=\"license\"; type=\"application/rsl+xml\"",
    };
    static const char html[] =
        "<html><head><link rel=\"license\" type=\"application/rsl+xml\" href=\"h.xml\">"
        "<link rel=\"license\" href=\"/cc.html\">"
        "<link rel=\"alternate\" type=\"application/rsl+xml\" href=\"/alt.xml\">"
        "<link rel=\"license\" type=\"application/rsl+xml\" href=\"https://b.example/x.xml\">"
        "</head><body></body></html>";
    struct cs_site s;
    struct cs_work w;
    char **urls = NULL;
    size_t n = 9;

    make_site(&s, "License: /robots-named.xml\nUser-agent: *\nAllow: /\n");
    make_work(&w, "http://a.example/dir/page.html", hdr, CS_ARRAY_LEN(hdr) / 2, html);
    CS_CHECK_INT_EQ(cs_work_rsl_links(&s, &w, &urls, &n), CS_OK);
    CS_CHECK_INT_EQ(n, 3);
    if (n == 3) {
        CS_CHECK_STR_EQ(urls[0], "http://a.example/l.xml");
        CS_CHECK_STR_EQ(urls[1], "http://a.example/dir/h.xml"); /* relative to the final URL */
        CS_CHECK_STR_EQ(urls[2], "https://b.example/x.xml");
    }
    cs_rsl_links_free(urls, n);

    w.read = false; /* a 5xx: its links say nothing */
    CS_CHECK_INT_EQ(cs_work_rsl_links(&s, &w, &urls, &n), CS_OK);
    CS_CHECK_INT_EQ(n, 0);
    CS_CHECK(urls == NULL);
    cs_work_release(&w);

    make_work(&w, "http://a.example/", NULL, 0, "<html><head><title>t</title></head></html>");
    CS_CHECK_INT_EQ(cs_work_rsl_links(&s, &w, &urls, &n), CS_OK);
    CS_CHECK_INT_EQ(n, 0);
    CS_CHECK(urls == NULL);
    cs_work_release(&w);
    cs_site_release(&s);
}

/* At most CS_RSL_MAX_LINKS documents, however many the work names. */
static void cap(void)
{
    char value[64];
    const char *hdr[2 * (CS_RSL_MAX_LINKS + 4)];
    char *owned[CS_RSL_MAX_LINKS + 4];
    struct cs_site s;
    struct cs_work w;
    char **urls = NULL;
    size_t n = 0;

    for (size_t i = 0; i < CS_ARRAY_LEN(owned); i++) {
        snprintf(value, sizeof(value), "</l%zu.xml>; rel=license; type=application/rsl+xml", i);
        owned[i] = cs_strdup(value);
        hdr[2 * i] = "Link";
        hdr[2 * i + 1] = owned[i];
    }
    make_site(&s, "User-agent: *\nAllow: /\n");
    make_work(&w, "http://a.example/p", hdr, CS_ARRAY_LEN(owned), NULL);
    CS_CHECK_INT_EQ(cs_work_rsl_links(&s, &w, &urls, &n), CS_OK);
    CS_CHECK_INT_EQ(n, CS_RSL_MAX_LINKS);
    cs_rsl_links_free(urls, n);
    cs_work_release(&w);
    cs_site_release(&s);
    for (size_t i = 0; i < CS_ARRAY_LEN(owned); i++)
        free(owned[i]);
}

/* A linked document: parsed when read whole; a cut one is not read, and says why. */
static void linked(void)
{
    static const char doc[] = "<rsl xmlns=\"https://rslstandard.org/rsl\"><content url=\"/\">"
                              "<license><prohibits type=\"usage\">ai-train</prohibits></license>"
                              "</content></rsl>";
    struct cs_rsl_linked d;
    struct cs_hostfile_record *rec = calloc(1, sizeof(*rec));

    rec->origin = cs_strdup("http://a.example");
    rec->kind = cs_strdup("rsl");
    rec->outcome = cs_strdup("ok");
    rec->body = cs_strdup(doc);
    rec->body_len = strlen(doc);
    CS_CHECK_INT_EQ(cs_rsl_linked_init(&d, "http://a.example/l.xml", rec), CS_OK);
    CS_CHECK(d.rsl != NULL);
    CS_CHECK_STR_EQ(d.error, "");
    rec->truncated = true; /* the same bytes, but cut at the cap: not read */
    cs_rsl_free(d.rsl);
    free(d.url);
    CS_CHECK_INT_EQ(cs_rsl_linked_init(&d, "http://a.example/l.xml", rec), CS_OK);
    CS_CHECK(d.rsl == NULL);
    CS_CHECK_STR_EQ(d.error, "longer than its size cap");
    {
        struct cs_rsl_linked *v = malloc(sizeof(*v));
        *v = d;
        cs_rsl_linked_free(v, 1);
    }
}

int main(void)
{
    CS_CHECK_INT_EQ(cs_fetch_global_init(), CS_OK);
    cs_htmlmeta_global_init();
    links();
    cap();
    linked();
    cs_fetch_global_cleanup();
    return cs_test_done();
}
