/* SPDX-License-Identifier: MIT
 * test_resolve.c - HOST:PORT:ADDRESS overrides (--resolve, --resolve-file).
 */
#include "cs_setup.h"

#include "resolve.h"
#include "testlib.h"

#include <unistd.h>

int main(void)
{
    struct cs_resolver *r = cs_resolver_new();
    char path[] = "/tmp/cs-resolve-XXXXXX";
    char name[64];
    int fd;

    CS_CHECK(r != NULL);
    if (!r)
        return cs_test_done();
    CS_CHECK_INT_EQ(cs_resolver_add(r, "a.test:80:127.0.0.1"), CS_OK);
    CS_CHECK_INT_EQ(cs_resolver_add(r, "A.test:80:127.0.0.2"), CS_OK); /* replaces */
    CS_CHECK_INT_EQ(cs_resolver_count(r), 1);
    CS_CHECK_STR_EQ(cs_resolver_find(r, "a.test", 80), "A.test:80:127.0.0.2");
    CS_CHECK(cs_resolver_find(r, "a.test", 8080) == NULL);
    CS_CHECK(cs_resolver_find(r, "b.test", 80) == NULL);
    CS_CHECK_INT_EQ(cs_resolver_add(r, "nonsense"), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_resolver_add(r, "h:x:1.2.3.4"), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_resolver_add(r, "h:80:"), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_resolver_add(r, ":80:1.2.3.4"), CS_E_INVALID);
    for (int i = 0; i < 5000; i++) { /* growth keeps every entry */
        snprintf(name, sizeof(name), "site%04d.test:18080:127.10.%d.%d", i, i / 250, i % 250);
        CS_CHECK_INT_EQ(cs_resolver_add(r, name), CS_OK);
    }
    CS_CHECK_STR_EQ(cs_resolver_find(r, "site4999.test", 18080),
                    "site4999.test:18080:127.10.19.249");
    fd = mkstemp(path);
    CS_CHECK(fd >= 0);
    if (fd >= 0) {
        static const char text[] = "# comment\n\nc.test:443:10.0.0.1\r\nbad line\n";
        struct cs_diag d = { 0 };
        CS_CHECK(write(fd, text, sizeof(text) - 1) == (ssize_t)(sizeof(text) - 1));
        close(fd);
        CS_CHECK_INT_EQ(cs_resolver_load(r, path, &d), CS_E_INVALID);
        CS_CHECK_INT_EQ(d.line, 4);
        CS_CHECK_STR_EQ(cs_resolver_find(r, "c.test", 443), "c.test:443:10.0.0.1");
        unlink(path);
    }
    CS_CHECK_INT_EQ(cs_resolver_load(r, "/nonexistent/x", NULL), CS_E_IO);
    cs_resolver_free(r);
    return cs_test_done();
}
