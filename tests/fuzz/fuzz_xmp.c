/* SPDX-License-Identifier: MIT
 * fuzz_xmp.c - XMP packet finding and reading over arbitrary bytes, then the stances: a
 * DataMining code is always in the vocabulary range, a value is never kept without a code,
 * and at most CS_XMP_MAX_PACKETS packets are read.
 */
#include "cs_setup.h"

#include "embedded.h"
#include "htmlmeta.h"
#include "xmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cs_embedded_stance st[CS_PURPOSE__COUNT];
    static bool init;
    struct cs_xmp x;

    if (!init) {
        cs_htmlmeta_global_init();
        init = true;
    }
    if (cs_xmp_scan((const char *)data, size, &x) == CS_OK) {
        if (x.dmi >= CS_DMI__COUNT || (x.data_mining == NULL) != (x.dmi == CS_DMI_ABSENT) ||
            x.packets > CS_XMP_MAX_PACKETS || x.diag_count > CS_XMP_MAX_DIAGS)
            __builtin_trap();
        cs_embedded_stances(&x, NULL, true, st);
    }
    cs_xmp_release(&x);
    return 0;
}
