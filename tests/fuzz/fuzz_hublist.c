/* SPDX-License-Identifier: MIT
 * fuzz_hublist.c - Hub listing pages and info responses over arbitrary bytes, both kinds, and
 * the date reader on the bytes as one string. Every entry has a non-empty id.
 */
#include "cs_setup.h"

#include "hublist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    struct cs_hublist_entry *e = NULL;
    struct cs_hublist *l = NULL;
    char *s;

    if (cs_hublist_parse(buf, size, size % 2 ? CS_HUB_MODEL : CS_HUB_DATASET, &l, NULL) == CS_OK) {
        for (size_t i = 0; i < l->count; i++) {
            if (!l->entries[i].id || !*l->entries[i].id)
                __builtin_trap();
        }
    }
    cs_hublist_free(l);
    if (cs_hublist_parse_info(buf, size, CS_HUB_DATASET, &e, NULL) == CS_OK && !e->id)
        __builtin_trap();
    cs_hublist_entry_free(e);
    s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    (void)cs_hublist_time(s);
    free(s);
    return 0;
}
