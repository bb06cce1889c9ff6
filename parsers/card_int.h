/* SPDX-License-Identifier: MIT
 * card_int.h - the pieces of the card module (card.h) shared by card.c (front matter, fields),
 * card_yaml.c (YAML to a jansson tree), card_links.c (Markdown links and the link-class table)
 * and card_json.c (the printer). Internal to parsers/: no other module includes it.
 */
#ifndef CS_CARD_INT_H
#define CS_CARD_INT_H

#include "cs_setup.h"

#include "card.h"

#include <jansson.h>

/* Converts one YAML document (len bytes) to a jansson tree under the CS_CARD_MAX_* limits;
 * line_base is added to libyaml's 0-based line so messages name lines of the whole file.
 * Returns CS_OK with *out owned (json_decref), CS_E_PARSE with msg/line set (*out NULL), or
 * CS_E_NOMEM. An empty document gives an empty object; a root that is not a mapping is
 * CS_E_PARSE. */
int cs_card_yaml_to_json(const char *buf, size_t len, int line_base, json_t **out, char *msg,
                         size_t msg_size, int *line);

/* What is known about the place a URL was found; every field may be NULL. */
struct cs_card_ctx {
    const char *label; /* body: the line's label ("**Paper:**" gives "Paper"), else the
                          link text of [text](url) */
    size_t label_len;
    const char *heading; /* body: the headings in force, joined */
    const char *key;     /* front matter: the key path */
};

/* The class of url (n bytes) found in ctx, by the rule table of card_links.c. */
enum cs_link_class cs_card_classify(const char *url, size_t n, const struct cs_card_ctx *ctx);

/* Link list with de-duplication by (URL, class). */
struct cs_card_links {
    struct cs_card *card;
    uint32_t *slots; /* open addressing over card->links indices + 1; From malloc() */
    size_t nslots;
};

/* Starts/ends the de-duplication index of c's links. init returns CS_OK or CS_E_NOMEM. */
int cs_card_links_init(struct cs_card_links *l, struct cs_card *c);
void cs_card_links_release(struct cs_card_links *l);

/* Adds a link unless (url, cls) is already there; past CS_CARD_MAX_LINKS sets
 * links_truncated. Copies url and where. Returns CS_OK or CS_E_NOMEM. */
int cs_card_links_add(struct cs_card_links *l, const char *url, size_t n, enum cs_link_class cls,
                      const char *where, int line);

/* Every http(s) URL of the free text s (n bytes), classed with ctx (NULL: by shape only) and
 * added with where and line. Returns CS_OK or CS_E_NOMEM. */
int cs_card_scan_text(struct cs_card_links *l, const char *s, size_t n,
                      const struct cs_card_ctx *ctx, const char *where, int line);

/* Reads the Markdown body (first_line = its line in the file) and adds its links; sets
 * *homepage (owned, if still NULL) to the first URL of a line labelled "Homepage" (card.h).
 * Returns CS_OK or CS_E_NOMEM. */
int cs_card_scan_body(struct cs_card_links *l, const char *body, size_t len, int first_line,
                      char **homepage);

/* Extracts the fields of a front matter object (Borrowed) into c, and its links. Returns CS_OK
 * or CS_E_NOMEM. */
int cs_card_fields(struct cs_card_links *l, json_t *fm, char **yaml_homepage);

/* Appends a copy of s (n bytes, trimmed) to v unless empty. CS_OK or CS_E_NOMEM. */
int cs_card_strv_add(struct cs_card_strv *v, const char *s, size_t n);

/* Case-insensitive search for word w (ASCII) in s (n bytes) with non-alphanumeric
 * characters or the ends on both sides. */
bool cs_card_has_word(const char *s, size_t n, const char *w);

#endif
