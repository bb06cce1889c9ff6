/* SPDX-License-Identifier: MIT
 * fuzz_aitxt.c - Spawning ai.txt over arbitrary bytes: sniff and parse, then check a few
 * (agent, path, media type) questions; also read the bytes as a registry answer, one URL at a
 * time and as a batch (which must agree with the one-URL reader when the URLs are distinct and
 * the answer lists them in another order, and never answer a URL absent from the answer).
 */
#include "cs_setup.h"

#include "aitxt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ask(const struct cs_aitxt *a, const char *agent, const char *path, const char *type)
{
    struct cs_aitxt_verdict v;

    if (cs_aitxt_check(a, agent, path, type, &v) != CS_OK)
        return;
    if (v.allowed < -1 || v.allowed > 1)
        __builtin_trap();
    if (v.allowed == 0 && (!v.rule || v.line <= 0))
        __builtin_trap(); /* every refusal cites its line */
    if (cs_aitxt_format(a) != CS_AITXT_SPAWNING && v.allowed != -1)
        __builtin_trap(); /* only Spawning's format is interpreted */
}

/* The batch reader on the same bytes: each distinct URL out of place gets what the one-URL
 * reader says (an in-place entry is the first of its URL too when the URLs are distinct). */
static void batch(const char *data, size_t size)
{
    static const char *const urls[] = { "", "https://ex.com/b.jpg", "https://ex.com/a.jpg", "u" };
    int got[CS_ARRAY_LEN(urls)], one;

    if (cs_spawning_api_batch(data, size, urls, CS_ARRAY_LEN(urls), got) != CS_OK)
        return;
    for (size_t i = 0; i < CS_ARRAY_LEN(urls); i++) {
        if (got[i] < CS_SPAWNING_ABSENT || got[i] > 1)
            __builtin_trap();
        if (cs_spawning_api_lookup(data, size, urls[i], &one) != CS_OK)
            __builtin_trap(); /* the same bytes parsed once */
        if (got[i] != CS_SPAWNING_ABSENT && got[i] != one)
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cs_aitxt *a = NULL;
    int reg;

    if (cs_aitxt_parse((const char *)data, size, &a, NULL) == CS_OK) {
        ask(a, "*", "/a.jpg", NULL);
        ask(a, "img2dataset", "/p/12345?x=1", "image/jpeg");
        ask(a, "GPTBot", "", "text/html; charset=utf-8");
        ask(a, "*", "/.x", "video/mp4");
        cs_aitxt_free(a);
    }
    if (cs_spawning_api_lookup((const char *)data, size, "https://ex.com/a.jpg", &reg) == CS_OK &&
        (reg < -1 || reg > 1))
        __builtin_trap();
    batch((const char *)data, size);
    return 0;
}
