/* SPDX-License-Identifier: MIT
 * fuzz_card.c - Hugging Face cards (parsers/card.h): the input as a README.md, printed as the
 * `consentscan card` object; and, when it is JSON, as the API's cardData.
 */
#include "cs_setup.h"

#include "card.h"

#include <jansson.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The invariants every result keeps, whatever the input. */
static void check(const struct cs_card *c, bool model)
{
    char *json = NULL;

    if (c->link_count > CS_CARD_MAX_LINKS || (c->yaml_ok != !c->yaml_error))
        __builtin_trap();
    for (size_t i = 0; i < c->link_count; i++)
        if (strncasecmp(c->links[i].url, "http", 4) != 0 || !c->links[i].where ||
            (unsigned)c->links[i].cls >= CS_LINK__COUNT)
            __builtin_trap();
    if (cs_card_to_json(c, model, &json) != CS_OK || !json)
        __builtin_trap(); /* every field is valid UTF-8, so printing never fails */
    free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cs_card c;
    json_t *j;

    if (cs_card_parse((const char *)data, size, &c, NULL) == CS_OK) {
        check(&c, size % 2 == 0);
        cs_card_release(&c);
    }
    j = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (j && cs_card_from_json(j, &c, NULL) == CS_OK) {
        check(&c, true);
        cs_card_release(&c);
    }
    json_decref(j);
    return 0;
}
