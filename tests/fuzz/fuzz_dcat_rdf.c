/* SPDX-License-Identifier: MIT
 * fuzz_dcat_rdf.c - the RDF/XML dataset reader over arbitrary bytes, directly and through
 * cs_croissant_parse_any with the RDF content type, then the JSON printer. Checks the result
 * invariants of croissant.h: CS_OK if and only if a result, every link http(s) with a path and
 * a class, a relative file always has a content URL, counts within the limits.
 */
#include "cs_setup.h"

#include "croissant.h"
#include "dcat_rdf.h"
#include "htmlmeta.h"
#include "linkclass.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct cs_croissant *c)
{
    size_t links = 0;

    if (c->count > CS_CROISSANT_MAX_DATASETS)
        __builtin_trap();
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
        links += d->link_count;
    }
    if (links > CS_CROISSANT_MAX_LINKS)
        __builtin_trap();
    free(cs_croissant_to_json(c));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    struct cs_croissant *c = NULL;
    static bool init;
    int rc;

    if (!init) {
        cs_htmlmeta_global_init();
        init = true;
    }
    rc = cs_dcat_rdf_parse(buf, size, NULL, &c, NULL);
    if ((rc == CS_OK) != (c != NULL))
        __builtin_trap();
    if (c)
        check(c);
    cs_croissant_free(c);
    c = NULL;
    (void)cs_croissant_looks_like_rdf(buf, size);
    rc = cs_croissant_parse_any(buf, size, "application/rdf+xml", NULL, &c, NULL);
    if ((rc == CS_OK) != (c != NULL))
        __builtin_trap();
    cs_croissant_free(c);
    return 0;
}
