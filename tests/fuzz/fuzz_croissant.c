/* SPDX-License-Identifier: MIT
 * fuzz_croissant.c - the JSON-LD dataset reader over arbitrary bytes: as JSON or as an HTML page
 * (by the first byte, as the CLI decides), as a CKAN response, the JSON printer, and the
 * link-classing helpers on the bytes as one string. Checks the result invariants of croissant.h.
 */
#include "cs_setup.h"

#include "ckan.h"
#include "croissant.h"
#include "htmlmeta.h"
#include "linkclass.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct cs_croissant *c)
{
    char *json;

    for (size_t i = 0; i < c->count; i++) {
        const struct cs_croissant_dataset *d = &c->datasets[i];
        for (size_t k = 0; k < d->link_count; k++) {
            if (!d->links[k].where || !cs_linkclass_is_http(d->links[k].url) ||
                (unsigned)d->links[k].cls >= CS_LINK__COUNT)
                __builtin_trap();
        }
        for (size_t k = 0; k < d->file_count; k++) {
            if (d->files[k].relative && !d->files[k].content_url)
                __builtin_trap();
        }
    }
    json = cs_croissant_to_json(c);
    free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    struct cs_croissant *c = NULL;
    static bool init;
    long long total;
    char *s;
    int rc;

    if (!init) {
        cs_htmlmeta_global_init();
        init = true;
    }
    if (cs_croissant_looks_like_html(buf, size))
        rc = cs_croissant_parse_html(buf, size, NULL, &c, NULL);
    else
        rc = cs_croissant_parse(buf, size, NULL, &c, NULL);
    if ((rc == CS_OK) != (c != NULL))
        __builtin_trap();
    if (c)
        check(c);
    cs_croissant_free(c);
    c = NULL;
    if (cs_ckan_parse(buf, size, &c, &total, NULL) == CS_OK)
        check(c);
    cs_croissant_free(c);
    s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    free(cs_linkclass_hub_dataset(s));
    (void)cs_linkclass_is_hosted(s);
    (void)cs_linkclass_by_host(s, CS_LINK_OTHER);
    free(s);
    return 0;
}
