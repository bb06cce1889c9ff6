/* SPDX-License-Identifier: MIT
 * fuzz_ratelimit.c - rate-limit field values: the input's lines are the four fields.
 */
#include "cs_setup.h"

#include "ratelimit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    char *field[4] = { NULL, NULL, NULL, NULL };
    struct cs_ratelimit rl;
    char *p;
    int64_t gap;

    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    p = copy;
    for (int i = 0; i < 4 && p; i++) {
        char *nl = strchr(p, '\n');
        field[i] = p;
        if (nl)
            *nl = '\0';
        p = nl ? nl + 1 : NULL;
    }
    cs_ratelimit_read(field[0], field[1], field[2], field[3], 1764086400, &rl);
    gap = cs_ratelimit_gap_ms(&rl, 600000);
    if (gap < 0 || gap > 600000)
        __builtin_trap();
    free(copy);
    return 0;
}
