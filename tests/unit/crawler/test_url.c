/* SPDX-License-Identifier: MIT
 * test_url.c - the canonical URL and origin form (libcurl URL API).
 */
#include "cs_setup.h"

#include "fetch.h"
#include "testlib.h"
#include "url.h"

static void expect(const char *in, const char *url, const char *origin, const char *pq)
{
    struct cs_url u;
    int rc = cs_url_parse(in, &u, NULL);

    CS_CHECK_INT_EQ(rc, CS_OK);
    if (rc != CS_OK)
        return;
    CS_CHECK_STR_EQ(u.url, url);
    CS_CHECK_STR_EQ(u.origin, origin);
    CS_CHECK_STR_EQ(u.path_query, pq);
    cs_url_release(&u);
}

static void expect_err(const char *in, int want)
{
    struct cs_diag d = { 0 };
    struct cs_url u;

    CS_CHECK_INT_EQ(cs_url_parse(in, &u, &d), want);
    CS_CHECK(d.msg[0] != '\0');
}

int main(void)
{
    char *out = NULL;

    CS_CHECK_INT_EQ(cs_fetch_global_init(), CS_OK);
    expect("HTTP://Example.ORG:80/a/../b?q=1#frag", "http://example.org/b?q=1",
           "http://example.org", "/b?q=1");
    expect("https://example.org:443", "https://example.org/", "https://example.org", "/");
    expect("https://example.org:8443/x", "https://example.org:8443/x", "https://example.org:8443",
           "/x");
    expect("http://b\xc3\xbc\x63her.example/", "http://xn--bcher-kva.example/",
           "http://xn--bcher-kva.example", "/");
    expect("http://[::1]:8080/p", "http://[::1]:8080/p", "http://[::1]:8080", "/p");
    expect_err("ftp://example.org/", CS_E_SCHEME);
    expect_err("example.org/page", CS_E_URL);
    expect_err("http://exa mple.org/", CS_E_URL);
    expect_err("http://", CS_E_URL);
    expect_err("", CS_E_URL);
    CS_CHECK_INT_EQ(cs_url_resolve("http://a.example/x/y", "../z?q", &out, NULL), CS_OK);
    CS_CHECK_STR_EQ(out, "http://a.example/z?q");
    free(out);
    CS_CHECK_INT_EQ(cs_url_resolve("http://a.example/x", "HTTPS://B.example:443/", &out, NULL),
                    CS_OK);
    CS_CHECK_STR_EQ(out, "https://b.example/");
    free(out);
    CS_CHECK(cs_url_resolve("http://a.example/x", "mailto:x@y", &out, NULL) != CS_OK);
    CS_CHECK(cs_url_host_is_invalid("nowhere.invalid"));
    CS_CHECK(cs_url_host_is_invalid("A.INVALID."));
    CS_CHECK(cs_url_host_is_invalid("invalid"));
    CS_CHECK(!cs_url_host_is_invalid("notinvalid"));
    CS_CHECK(!cs_url_host_is_invalid("invalid.example"));
    cs_fetch_global_cleanup();
    return cs_test_done();
}
