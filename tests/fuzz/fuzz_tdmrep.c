/* SPDX-License-Identifier: MIT
 * fuzz_tdmrep.c - tdmrep.json and TDM policy JSON over arbitrary bytes: parse, match a few
 * paths (first match), resolve, summarise as a policy.
 */
#include "cs_setup.h"

#include "tdmrep.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const paths[] = { "/", "/a/b.jpg", "/x?q=1", "/%7Ea$", "" };
    struct cs_tdm_diags d = { .count = 0 };
    struct cs_tdmrep_file *f = NULL;
    struct cs_tdm_policy p;
    int rc = cs_tdmrep_file_parse((const char *)data, size, &f, &d);

    if ((rc == CS_OK) != (f != NULL) || d.count > CS_TDMREP_MAX_DIAGS)
        __builtin_trap();
    for (size_t i = 0; f && i < CS_ARRAY_LEN(paths); i++) {
        struct cs_tdm_signal s;
        struct cs_tdm_result r;
        cs_tdm_signal_init(&s);
        if (cs_tdmrep_file_match(f, paths[i], strlen(paths[i]), &s) == CS_OK &&
            cs_tdmrep_resolve(&s, NULL, NULL, NULL, &r, &d) == CS_OK) {
            if (r.reservation < -1 || r.reservation > 1 || (r.reservation == 0 && r.policy))
                __builtin_trap(); /* a value is 1, 0 or unset; no policy beside 0 */
            cs_tdm_result_release(&r);
        }
        cs_tdm_signal_release(&s);
    }
    cs_tdmrep_file_free(f);
    if (cs_tdmrep_policy_parse((const char *)data, size, &p, NULL) == CS_OK) {
        if (p.licensable && !p.machine_readable)
            __builtin_trap();
        cs_tdm_policy_release(&p);
    }
    return 0;
}
