/* SPDX-License-Identifier: MIT
 * card.h - Hugging Face dataset and model cards (issue 4 item 2; peers.md 5.1): the YAML front
 * matter of README.md (libyaml) and the links of its Markdown body, read into one struct.
 *
 * One internal representation: the front matter is converted to a jansson tree, and every field
 * is extracted from that tree, so a raw README.md (cs_card_parse) and the Hub API's `cardData`
 * (cs_card_from_json, the front matter already as JSON) give the same fields.
 *
 * Readings decided here (the unit cases in tests/cases/cards/ are the spec):
 * - Front matter: an optional UTF-8 BOM, optional leading whitespace, "---" (spaces or tabs may
 *   follow) and a line break; it ends at the first line that is "---" followed by optional spaces
 *   or tabs (huggingface_hub's REGEX_YAML_BLOCK; \r\n, \r and \n line ends). An unterminated block
 *   is no front matter: the whole text is body. An empty block is an empty mapping.
 * - YAML: plain untagged scalars null, ~ and empty give null, true/True/TRUE and false/... give
 *   booleans, JSON-shaped decimals numbers; everything else is a string ("no" and "yes" stay
 *   strings: "no" is Norwegian). Invalid YAML, a root that is not a mapping, or a limit hit
 *   (CS_CARD_MAX_*: bytes, depth, nodes and scalar bytes after alias expansion) leave yaml_ok
 *   false with yaml_error and its line; the raw front matter is then scanned for URLs (where
 *   "front matter", classed by shape only) and the body is read as usual.
 * - license: `license` then legacy `licenses`, each a string, a list of strings or a legacy
 *   per-config map of those; trimmed, de-duplicated, in order. datasets and base_model alike.
 * - source_datasets: the same shapes, kept as written (trimmed, duplicates kept).
 *   upstream_datasets: "extended|X" gives X, skipping qualifiers ("extended|translated|X");
 *   "extended|other-foo" gives "other-foo"; bare "extended", "extended|other", "original" and
 *   placeholders ("other", "unknown", "none", "n/a", "null") name no upstream; any other value
 *   names a dataset directly. Trimmed, de-duplicated, in order.
 * - A body line's label is its text before the first colon when that is at most 60 bytes and
 *   not a URL's scheme ("- **Paper:** ..." gives "- **Paper"); a link on a line without a label
 *   uses its link text ("[Download](...)"). Headings are ATX headings ("### Source Data"); a
 *   heading applies until the next heading of its level or above.
 * - homepage: the first URL of the body on a line whose label (or, without a label, the link
 *   text) has the word "Homepage"; else the YAML `homepage`; else NULL. A placeholder line
 *   ("- **Homepage:** More Information Needed") has no URL, so it gives NULL unless the YAML
 *   names a homepage.
 * - links: every http(s) URL (front matter strings in document order, then the body), classed
 *   by the table in card_rules.c; one entry per distinct (URL, class), at its first
 *   occurrence. URLs inside fenced code blocks are kept but classed by their shape only (host,
 *   path), never by the line or heading around them: a code sample's URL is not described by
 *   the prose. A URL is kept as written, without trailing punctuation, up to CS_MAX_URL_LEN
 *   bytes, and only when it is valid UTF-8.
 * - A card looks like a model card (looks_like_model) when its front matter has base_model,
 *   library_name, pipeline_tag or model-index, or has datasets but neither source_datasets nor
 *   task_categories.
 *
 * Thread-safety: the functions are reentrant; a struct cs_card has one owner.
 */
#ifndef CS_CARD_H
#define CS_CARD_H

#include "cs_setup.h"

#include "cs_err.h"
#include "cs_limits.h"
#include "lineage.h"

struct json_t; /* jansson's json_t */

/* Limits: CS_CARD_MAX_* in cs_limits.h. */

/* A list of owned strings. */
struct cs_card_strv {
    char **v; /* From malloc(); each string from malloc() */
    size_t n;
};

/* One entry of configs[].data_files: a glob relative to the repo, or a URL. */
struct cs_card_file {
    char *config; /* config_name; owned, NULL when absent */
    char *split;  /* owned, NULL for the string and list-of-strings shapes */
    char *path;   /* owned, as written */
};

struct cs_card_link {
    char *url;   /* owned, as written (trimmed of surrounding punctuation) */
    char *where; /* owned: "body", a front matter key path ("configs[0].data_files[1].path"), or
                    "front matter" when the YAML could not be read */
    enum cs_link_class cls;
    int line; /* 1-based line of the file for body links, 0 for front matter links */
};

struct cs_card {
    bool has_front_matter;
    bool yaml_ok;        /* false: yaml_error says why; fields from YAML are empty */
    char *yaml_error;    /* owned, NULL when yaml_ok */
    int yaml_error_line; /* 1-based line of the file, 0 when unknown */
    bool looks_like_model;
    struct cs_card_strv licenses;
    struct cs_card_strv source_datasets;   /* as written */
    struct cs_card_strv upstream_datasets; /* dataset names after "extended|" */
    struct cs_card_strv datasets;          /* model cards: training datasets */
    struct cs_card_strv base_models;
    char *base_model_relation;       /* owned, NULL when absent */
    char *homepage;                  /* owned, NULL when none */
    struct cs_card_file *data_files; /* From malloc() */
    size_t data_file_count;
    struct cs_card_link *links; /* From malloc(): in order of first appearance */
    size_t link_count;
    bool links_truncated; /* more than CS_CARD_MAX_LINKS links */
};

/* Reads a README.md (bytes need not be NUL-terminated) into out, which the function
 * initialises. Malformed input is data: CS_OK with yaml_ok false and diag set (line of the
 * file). Returns CS_OK, or CS_E_NOMEM (out released). The caller calls cs_card_release(out)
 * after CS_OK. diag may be NULL. */
CS_MUST_CHECK int cs_card_parse(const char *bytes, size_t len, struct cs_card *out,
                                struct cs_diag *diag);

/* Reads the Hub API's `cardData` (the front matter as JSON; Borrowed, not changed) into out,
 * which the function initialises: the same fields as cs_card_parse without the body (homepage
 * is the `homepage` key). NULL or JSON null is a card without front matter; any other value that
 * is not an object gives CS_OK with yaml_ok false. Returns CS_OK or CS_E_NOMEM (out
 * released). */
CS_MUST_CHECK int cs_card_from_json(struct json_t *card_data, struct cs_card *out,
                                    struct cs_diag *diag);

/* Frees everything c owns and leaves it empty. NULL-safe. */
void cs_card_release(struct cs_card *c);

/* Returns owned (free()) the one-line JSON object of `consentscan card` (issue 4 Interfaces):
 * license (NULL, a string for one, an array for several), source_datasets (array, as written),
 * upstream_datasets, homepage, urls (every URL once, in order), links [{url, class, where}],
 * data_files [{config, split, path}], has_front_matter, yaml_error (NULL or the message); with
 * model_card also datasets (array), base_model (NULL, a string for one, an array for several) and
 * base_model_relation. *out is NULL on CS_E_NOMEM. */
CS_MUST_CHECK int cs_card_to_json(const struct cs_card *c, bool model_card, char **out);

#endif
