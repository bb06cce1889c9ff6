/* SPDX-License-Identifier: MIT
 * fuzz_htmlmeta.c - the HTML <meta>/<link> reader over arbitrary bytes.
 */
#include "cs_setup.h"

#include "htmlmeta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cs_htmlmeta *m = NULL;
    static bool init;

    if (!init) {
        cs_htmlmeta_global_init();
        init = true;
    }
    if (cs_htmlmeta_parse((const char *)data, size, &m, NULL) == CS_OK) {
        for (size_t i = 0; i < m->meta_count; i++) {
            if (!m->metas[i].name || !m->metas[i].content)
                __builtin_trap();
        }
        cs_htmlmeta_free(m);
    }
    (void)cs_htmlmeta_head_end((const char *)data, size);
    return 0;
}
