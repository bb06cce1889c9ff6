/* SPDX-License-Identifier: MIT
 * fuzz_aitxt.c - Spawning ai.txt over arbitrary bytes: sniff and parse, then check a few
 * (agent, path, media type) questions; also read the bytes as a registry answer.
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
    return 0;
}
