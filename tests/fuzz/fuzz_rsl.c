/* SPDX-License-Identifier: MIT
 * fuzz_rsl.c - RSL documents over arbitrary bytes: parse, match a few work URLs, answer every
 * usage in both readings; the same bytes as a Link header value for RSL discovery. A term is
 * always one of the four, and a matched content element always has a url.
 */
#include "cs_setup.h"

#include "htmlmeta.h"
#include "rsl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void answer_all(const struct cs_rsl *doc, const char *url)
{
    const struct cs_rsl_content *c = cs_rsl_match(doc, url, NULL);

    if (c && !c->url)
        __builtin_trap();
    for (int u = 0; u < CS_RSL_U_COUNT; u++) {
        for (int legacy = 0; legacy < 2; legacy++) {
            struct cs_rsl_answer a;
            cs_rsl_terms(c, (enum cs_rsl_usage)u, legacy, &a);
            if (a.term > CS_RSL_LICENSABLE || (c == NULL && a.term != CS_RSL_UNSET))
                __builtin_trap();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const urls[] = { "/", "/a/b?c", "https://ex.com/news/1", "", "x" };
    const char *buf = (const char *)data;
    struct cs_rsl *doc = NULL;
    char **links = NULL;
    size_t count = 0;
    static bool init;

    if (!init) {
        cs_htmlmeta_global_init();
        init = true;
    }
    if (cs_rsl_parse(buf, size, &doc, NULL) == CS_OK) {
        for (size_t i = 0; i < CS_ARRAY_LEN(urls); i++)
            answer_all(doc, urls[i]);
        if (doc->diag_count > CS_RSL_MAX_DIAGS)
            __builtin_trap();
        cs_rsl_free(doc);
    }
    if (cs_rsl_links_from_header(buf, size, &links, &count) == CS_OK) {
        if (count > CS_RSL_MAX_LINKS)
            __builtin_trap();
        cs_rsl_links_free(links, count);
    }
    return 0;
}
