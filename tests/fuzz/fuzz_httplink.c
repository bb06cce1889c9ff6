/* SPDX-License-Identifier: MIT
 * fuzz_httplink.c - RFC 8288 Link header values over arbitrary bytes: the next, last and an
 * empty relation. A target found is never empty and never holds '>'.
 */
#include "cs_setup.h"

#include "httplink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const rels[] = { "next", "last", "" };
    const char *buf = (const char *)data;

    for (size_t i = 0; i < CS_ARRAY_LEN(rels); i++) {
        char *url = NULL;
        if (cs_http_link_find(buf, size, rels[i], &url) != CS_OK)
            continue;
        if (url && (!*url || strchr(url, '>')))
            __builtin_trap();
        free(url);
    }
    return 0;
}
