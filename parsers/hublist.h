/* SPDX-License-Identifier: MIT
 * hublist.h - one page of a Hugging Face Hub listing (`/api/datasets`, `/api/models`) or one
 * info response (`/api/datasets/{id}`, `/api/models/{id}`), read with jansson (peers.md 5.2, 5.3;
 * issue 4 "Hugging Face Hub"). The next page's URL comes from the Link header (httplink.h).
 *
 * Unknown keys are tolerated (the Hub adds fields; the Python client keeps them). An element that
 * is not an object or has no string id is skipped and counted, with a diagnostic. cardData, when
 * the listing was asked for it (expand=cardData or full=true), is kept as an owned jansson
 * reference so the card reader can take it without a second request. Results are
 * self-contained; parsing is reentrant.
 */
#ifndef CS_HUBLIST_H
#define CS_HUBLIST_H

#include "cs_err.h"
#include "cs_setup.h"

struct json_t; /* jansson's value type; this header does not need <jansson.h> */

/* A page longer than this is refused with CS_E_LIMIT (limit=1000 with full=true stays far below).
 */
#define CS_HUBLIST_MAX_BYTES (64u * 1024u * 1024u)

enum cs_hub_kind { CS_HUB_DATASET, CS_HUB_MODEL };

/* `gated`: false, "auto" or "manual" (peers.md 5.1); another string is kept as OTHER. */
enum cs_hub_gated { CS_HUB_GATED_NO, CS_HUB_GATED_AUTO, CS_HUB_GATED_MANUAL, CS_HUB_GATED_OTHER };

/* A base model named by a `base_model:` tag or the baseModels field. */
struct cs_hub_base {
    char *id;       /* owned Hub model id */
    char *relation; /* owned "finetune", "adapter", "quantized", "merge" ..., or NULL */
};

struct cs_hublist_entry {
    char *id; /* owned, always set: "org/name" or a legacy bare name */
    enum cs_hub_kind kind;
    char *sha;               /* owned or NULL */
    char *last_modified;     /* owned, as given ("2024-05-01T12:34:56.000Z") or NULL */
    int64_t last_modified_s; /* seconds since the epoch; -1 when absent or unreadable */
    char *created_at;        /* owned or NULL */
    int64_t created_at_s;    /* -1 when absent or unreadable */
    bool is_private;         /* `private` */
    bool disabled;
    enum cs_hub_gated gated;
    char **tags; /* owned array of owned strings, as given */
    size_t tag_count;
    char **siblings; /* owned: siblings[].rfilename, when the field was present */
    size_t sibling_count;
    bool has_siblings; /* the response carried siblings (even an empty list) */
    char **datasets;   /* owned: ids from `dataset:<id>` tags */
    size_t dataset_count;
    char **licenses; /* owned: ids from `license:<id>` tags */
    size_t license_count;
    struct cs_hub_base *bases; /* owned: `base_model:[<relation>:]<id>` tags, baseModels */
    size_t base_count;
    struct json_t *card_data; /* owned reference (json_decref) to cardData, or NULL */
};

struct cs_hublist {
    struct cs_hublist_entry *entries; /* owned array, in listing order */
    size_t count;
    size_t skipped; /* elements without an object shape or an id */
};

/* Reads one listing page: a JSON array of objects. Returns CS_OK with *out owned
 * (cs_hublist_free); CS_E_PARSE when buf is not JSON or not an array (diag names the line and
 * column or the shape); CS_E_LIMIT past CS_HUBLIST_MAX_BYTES; CS_E_NOMEM. kind says which listing
 * was asked for. */
CS_MUST_CHECK int cs_hublist_parse(const char *buf, size_t len, enum cs_hub_kind kind,
                                   struct cs_hublist **out, struct cs_diag *diag);

/* Reads one info response: a single object. Returns CS_OK with *out owned
 * (cs_hublist_entry_free); CS_E_PARSE when it is not JSON, not an object or has no id;
 * CS_E_NOMEM. */
CS_MUST_CHECK int cs_hublist_parse_info(const char *buf, size_t len, enum cs_hub_kind kind,
                                        struct cs_hublist_entry **out, struct cs_diag *diag);

void cs_hublist_free(struct cs_hublist *l);
void cs_hublist_entry_free(struct cs_hublist_entry *e);

/* "2024-05-01T12:34:56.000Z" (fraction and offset optional; "+02:00" and "Z") as seconds since
 * the epoch; -1 when s is not such a date. Pure (no time zone database, no clock). */
int64_t cs_hublist_time(const char *s);

#endif
