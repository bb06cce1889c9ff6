/* SPDX-License-Identifier: MIT
 * test_registry.c - the Spawning registry client's pure part (signals.md 5.2): batch limits by
 * count and bytes, the request body (a single URL padded with an empty line), status names;
 * and what needs no network: key and endpoint checks, the environment, URLs that cannot be
 * sent, an endpoint under .invalid (refused before any lookup). The exchanges themselves are
 * tested against the fixture server (tests/e2e/test_registry.sh).
 */
#include "cs_setup.h"

#include "cs_limits.h"
#include "registry.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

static void test_batches(void)
{
    const char *u[] = { "a", "bb", "ccc", "d", "e", "f", "g" };
    size_t n = CS_ARRAY_LEN(u);

    CS_CHECK_INT_EQ(cs_registry_batch_end(u, 0, n, 3, 1000), 3);
    CS_CHECK_INT_EQ(cs_registry_batch_end(u, 3, n, 3, 1000), 6);
    CS_CHECK_INT_EQ(cs_registry_batch_end(u, 6, n, 3, 1000), 7);
    CS_CHECK_INT_EQ(cs_registry_batch_end(u, 0, n, 10000, 1000), 7);
    /* bytes: "a\n" + "bb\n" = 5 fits in 5; "ccc\n" would make 9 */
    CS_CHECK_INT_EQ(cs_registry_batch_end(u, 0, n, 100, 5), 2);
    CS_CHECK_INT_EQ(cs_registry_batch_end(u, 0, n, 100, 4), 1);
    /* a URL larger than the byte cap still goes, alone */
    CS_CHECK_INT_EQ(cs_registry_batch_end(u, 2, n, 100, 1), 3);
    CS_CHECK_INT_EQ(cs_registry_batch_end(u, 0, n, 1, 1000), 1);
}

static void check_body(const char *const *u, size_t n, const char *want)
{
    size_t len = 99;
    char *b = cs_registry_body(u, n, &len);

    CS_CHECK(b != NULL);
    if (!b)
        return;
    CS_CHECK_STR_EQ(b, want);
    CS_CHECK_INT_EQ(len, strlen(want));
    free(b);
}

static void test_body(void)
{
    const char *u[] = { "https://a.example/1.jpg", "https://b.example/2.jpg", "x" };

    check_body(u, 1, "https://a.example/1.jpg\n"); /* padded: "URL" and "" */
    check_body(u, 2, "https://a.example/1.jpg\nhttps://b.example/2.jpg");
    check_body(u, 3, "https://a.example/1.jpg\nhttps://b.example/2.jpg\nx");
}

static void test_names(void)
{
    CS_CHECK_STR_EQ(cs_reg_status_name(CS_REG_UNKNOWN), "unknown");
    CS_CHECK_STR_EQ(cs_reg_status_name(CS_REG_NONE), "not-listed");
    CS_CHECK_STR_EQ(cs_reg_status_name(CS_REG_OPTIN), "opted-in");
    CS_CHECK_STR_EQ(cs_reg_status_name(CS_REG_OPTOUT), "opted-out");
    CS_CHECK_STR_EQ(cs_reg_status_name((enum cs_reg_status)9), "unknown");
    CS_CHECK_INT_EQ(CS_REG_UNKNOWN, 0); /* a zeroed result is never an answer */
}

static void test_new(const struct cs_fetch_opts *fo)
{
    struct cs_registry *r = (struct cs_registry *)1;
    char err[256] = "";
    char big[CS_REGISTRY_KEY_MAX + 2];

    CS_CHECK_INT_EQ(cs_registry_new("ftp://x.test/", "k", fo, &r, err, sizeof(err)), CS_E_INVALID);
    CS_CHECK(r == NULL);
    CS_CHECK(strstr(err, "endpoint") != NULL);
    CS_CHECK_INT_EQ(cs_registry_new("http://x.test/", "sec ret", fo, &r, err, sizeof(err)),
                    CS_E_INVALID);
    CS_CHECK(strstr(err, "sec") == NULL); /* the key is never echoed */
    CS_CHECK_INT_EQ(cs_registry_new("http://x.test/", "a\r\nX: y", fo, &r, err, sizeof(err)),
                    CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_registry_new("http://x.test/", "", fo, &r, err, sizeof(err)), CS_E_INVALID);
    memset(big, 'k', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    CS_CHECK_INT_EQ(cs_registry_new("http://x.test/", big, fo, &r, err, sizeof(err)), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_registry_new(NULL, "k", fo, &r, err, sizeof(err)), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_registry_new("http://x.test/", "k", fo, &r, NULL, 0), CS_OK);
    CS_CHECK_INT_EQ(cs_registry_set_batch(r, 0), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_registry_set_batch(r, CS_REGISTRY_BATCH_MAX + 1), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_registry_set_batch(r, 3), CS_OK);
    CS_CHECK_INT_EQ(cs_registry_set_batch(NULL, 3), CS_E_INVALID);
    cs_registry_free(r);
    cs_registry_free(NULL);
}

static void test_env(const struct cs_fetch_opts *fo)
{
    struct cs_registry *r = (struct cs_registry *)1;
    char err[256] = "";

    unsetenv("SPAWNING_API_KEY");
    CS_CHECK_INT_EQ(cs_registry_from_env(fo, &r, err, sizeof(err)), CS_OK);
    CS_CHECK(r == NULL); /* off */
    setenv("SPAWNING_API_KEY", "", 1);
    CS_CHECK_INT_EQ(cs_registry_from_env(fo, &r, err, sizeof(err)), CS_OK);
    CS_CHECK(r == NULL);
    setenv("SPAWNING_API_KEY", "k1", 1);
    setenv("SPAWNING_API_URL", "not a url", 1);
    CS_CHECK_INT_EQ(cs_registry_from_env(fo, &r, err, sizeof(err)), CS_E_INVALID);
    unsetenv("SPAWNING_API_URL"); /* the default endpoint */
    CS_CHECK_INT_EQ(cs_registry_from_env(fo, &r, err, sizeof(err)), CS_OK);
    CS_CHECK(r != NULL);
    cs_registry_free(r);
    unsetenv("SPAWNING_API_KEY");
}

/* No network: URLs that cannot be sent stay UNKNOWN; an endpoint under .invalid answers every
 * batch with an error, never with an opt-out. */
static void test_lookup_offline(const struct cs_fetch_opts *fo)
{
    struct cs_registry *r = NULL;
    const char *bad[] = { "", "http://a.test/x\nhttp://b.test/y" };
    const char *good[] = { "http://a.test/1", "http://a.test/2", "http://a.test/3" };

    enum cs_reg_status out[3] = { CS_REG_OPTOUT, CS_REG_OPTOUT, CS_REG_OPTOUT };

    char err[256] = "";

    CS_CHECK_INT_EQ(cs_registry_new("http://registry.invalid/q", "k", fo, &r, err, sizeof(err)),
                    CS_OK);
    if (!r)
        return;
    CS_CHECK_INT_EQ(cs_registry_lookup(r, bad, 2, out, err, sizeof(err)), CS_E_INVALID);
    CS_CHECK(out[0] == CS_REG_UNKNOWN && out[1] == CS_REG_UNKNOWN);
    CS_CHECK(strstr(err, "not sent") != NULL);
    CS_CHECK_INT_EQ(cs_registry_set_batch(r, 2), CS_OK);
    out[0] = out[1] = out[2] = CS_REG_OPTOUT;
    CS_CHECK_INT_EQ(cs_registry_lookup(r, good, 3, out, err, sizeof(err)), CS_E_NET);
    CS_CHECK(out[0] == CS_REG_UNKNOWN && out[1] == CS_REG_UNKNOWN && out[2] == CS_REG_UNKNOWN);
    CS_CHECK(strstr(err, ".invalid") != NULL && strstr(err, "batch 1 of 2") != NULL);
    CS_CHECK_INT_EQ(cs_registry_lookup(r, good, 0, out, err, sizeof(err)), CS_OK);
    CS_CHECK_INT_EQ(cs_registry_lookup(r, NULL, 1, out, err, sizeof(err)), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_registry_lookup(NULL, good, 1, out, err, sizeof(err)), CS_E_INVALID);
    cs_registry_free(r);
}

int main(void)
{
    struct cs_fetch_opts fo = { .user_agent = "consentscan-test",
                                .connect_timeout_ms = 1000,
                                .timeout_ms = 1000 };

    if (cs_fetch_global_init() != CS_OK)
        return 1;
    test_batches();
    test_body();
    test_names();
    test_new(&fo);
    test_env(&fo);
    test_lookup_offline(&fo);
    cs_fetch_global_cleanup();
    return cs_test_done();
}
