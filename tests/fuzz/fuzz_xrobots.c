/* SPDX-License-Identifier: MIT
 * fuzz_xrobots.c - X-Robots-Tag values: the input is split on newlines into header fields, each
 * added with agent prefixes on, then queried for a few agents.
 */
#include "cs_setup.h"

#include "xrobots.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const agents[] = { NULL, "GPTBot", "img2dataset", "otherbot" };
    const char *p = (const char *)data;
    const char *end = p + size;
    struct cs_xrobots x;
    int field = 1;

    cs_xrobots_init(&x);
    while (p <= end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (cs_xrobots_add(&x, p, n, field % 3 ? NULL : "GPTBot", field % 2, field) != CS_OK)
            break;
        field++;
        p += n + 1;
    }
    for (size_t i = 0; i < CS_ARRAY_LEN(agents); i++) {
        unsigned f = cs_xrobots_flags_for(&x, agents[i]);
        const struct cs_xr_item *it = cs_xrobots_find(&x, agents[i], f ? f : CS_XR_NOAI);
        if (f && !it)
            __builtin_trap(); /* every flag reported must have an item behind it */
    }
    cs_xrobots_release(&x);
    return 0;
}
