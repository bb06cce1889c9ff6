/* SPDX-License-Identifier: MIT
 * fuzz_c2pa.c - the C2PA store finder (JPEG APP11, PNG caBX, JUMBF boxes) and the bounded CBOR
 * reader over arbitrary bytes: the same bytes are scanned as a file and read as an assertion's
 * CBOR. Entries stay within the cap and always have a name; a read store is always present.
 */
#include "cs_setup.h"

#include "c2pa.h"
#include "embedded.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct cs_c2pa *c)
{
    struct cs_embedded_stance st[CS_PURPOSE__COUNT];

    if (c->entry_count > CS_C2PA_MAX_ENTRIES || (c->read && !c->present))
        __builtin_trap();
    for (size_t i = 0; i < c->entry_count; i++) {
        if (!c->entries[i].name || !cs_c2pa_entry_kind(&c->entries[i]))
            __builtin_trap();
    }
    cs_embedded_stances(NULL, c, true, st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cs_c2pa c;

    if (cs_c2pa_scan(data, size, &c) == CS_OK)
        check(&c);
    cs_c2pa_release(&c);
    memset(&c, 0, sizeof(c));
    if (cs_c2pa_read_cbor(data, size, &c) != CS_E_NOMEM)
        check(&c);
    cs_c2pa_release(&c);
    return 0;
}
