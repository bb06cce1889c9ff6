/* SPDX-License-Identifier: MIT
 * fuzz_tdmrep_extract.c - the TDMRep carriers over arbitrary bytes: sniffing, then the header
 * dump, HTML and XML (OPF/XMP) readers each on the same input.
 */
#include "cs_setup.h"

#include "htmlmeta.h"
#include "tdmrep.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(struct cs_tdm_signal *s)
{
    if (s->reservation < -1 || s->reservation > 1)
        __builtin_trap();
    if (s->policy && (!s->policy[0] || strlen(s->policy) > CS_TDMREP_MAX_URL))
        __builtin_trap();
    cs_tdm_signal_release(s);
}

/* The readers answer CS_OK, CS_E_PARSE, CS_E_LIMIT or CS_E_NOMEM, nothing else. */
static void returned(int rc)
{
    if (rc != CS_OK && rc != CS_E_PARSE && rc != CS_E_LIMIT && rc != CS_E_NOMEM)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    struct cs_tdm_diags d = { .count = 0 };
    enum cs_tdm_technique kind;
    struct cs_tdm_signal s;
    static bool init;

    if (!init) {
        cs_htmlmeta_global_init();
        init = true;
    }
    cs_tdm_signal_init(&s);
    returned(cs_tdmrep_extract(buf, size, &kind, &s, &d));
    check(&s);
    returned(cs_tdmrep_headers(buf, size, &s, &d));
    check(&s);
    returned(cs_tdmrep_html(buf, size, &s, &d));
    check(&s);
    returned(cs_tdmrep_xml(buf, size, &s, &d));
    check(&s);
    if (d.count > CS_TDMREP_MAX_DIAGS)
        __builtin_trap();
    return 0;
}
