/* SPDX-License-Identifier: MIT
 * lineage.h - the shared vocabulary of the lineage graph (issue 4): what a node is, what an edge
 * says and how a link found in a card or an index entry is classed. The card, Croissant and
 * index parsers produce these values; the store keeps them; the export reads them. Plain enums,
 * constant name tables and pure helpers; thread-safe.
 *
 * Node names are strings, one canonical spelling per node, so two parsers that meet the same
 * dataset or URL produce the same node:
 *   model     "hf:models/<id>"     a Hugging Face Hub model ("org/name", or a legacy bare name)
 *   dataset   "hf:datasets/<id>"   a Hub dataset
 *             "<http(s) URL>"      a dataset known by its page or Croissant file elsewhere
 *             "name:<text>"        a dataset named in a card that is not a Hub id
 *                                  ("extended|other-foo" gives "name:other-foo")
 *   source    "<http(s) URL>"      a work or file a dataset was built from (canonical URL)
 *   origin    "<scheme>://<host>[:port]"   canonical origin of a source
 * The index prefix ("hf:") leaves room for other hubs without changing the store.
 */
#ifndef CS_LINEAGE_H
#define CS_LINEAGE_H

#include "cs_setup.h"

enum cs_node_kind {
    CS_NODE_MODEL,
    CS_NODE_DATASET,
    CS_NODE_SOURCE,
    CS_NODE_ORIGIN,
    CS_NODE__COUNT
};

/* What an edge from one node to another says. */
enum cs_edge_kind {
    CS_EDGE_BASE_MODEL,   /* model -> model it was fine-tuned, quantised, merged ... from */
    CS_EDGE_TRAINED_ON,   /* model -> dataset it was trained on */
    CS_EDGE_DERIVED_FROM, /* dataset -> dataset it was built from */
    CS_EDGE_LINKS_TO,     /* dataset or model -> source URL (the class says what kind of link) */
    CS_EDGE_AT_ORIGIN,    /* source -> its origin */
    CS_EDGE__COUNT
};

/* What a URL found in a card, a Croissant file or an index entry is. Only CS_LINK_DATA links
 * can flag a dataset (issue 4: homepage, paper, code and licence links are stored, never
 * flagged); copies hosted by the index itself are CS_LINK_HOSTED and never flag either. */
enum cs_link_class {
    CS_LINK_DATA, /* the works the dataset was built from: contentUrl, URL-list rows,
                     configs.data_files URLs, body links classed as data */
    CS_LINK_HOMEPAGE,
    CS_LINK_PAPER,
    CS_LINK_CODE,
    CS_LINK_LICENSE,
    CS_LINK_HOSTED, /* the index's own copy (Hub files, parquet conversions) */
    CS_LINK_OTHER,
    CS_LINK__COUNT
};

/* Lower-case names used in JSON, the store and exports: "model", "dataset", "source",
 * "origin"; "base_model", "trained_on", "derived_from", "links_to", "at_origin"; "data",
 * "homepage", "paper", "code", "license", "hosted", "other". NULL when out of range. */
const char *cs_node_kind_name(enum cs_node_kind k);
const char *cs_edge_kind_name(enum cs_edge_kind k);
const char *cs_link_class_name(enum cs_link_class c);

/* Parse the names above (exact, lower case). CS_OK or CS_E_INVALID. */
int cs_node_kind_parse(const char *s, enum cs_node_kind *out);
int cs_edge_kind_parse(const char *s, enum cs_edge_kind *out);
int cs_link_class_parse(const char *s, enum cs_link_class *out);

/* True when s looks like a Hub repository id: one or two segments of [A-Za-z0-9._-] joined by
 * one '/', no segment starting or ending with '.' or '-', no "..", at most 96 characters per
 * segment. Legacy ids without a namespace ("squad", "glue") are Hub ids too. */
bool cs_lineage_is_hub_id(const char *s);

/* Node name of a dataset named in a card ("squad", "org/name", "other-foo"): "hf:datasets/<id>"
 * when it is a Hub id, else "name:<text>" (trimmed). Returns owned (free()), NULL on out of
 * memory or an empty name. "other-<name>" (the cards' spelling of a dataset not on the Hub) is
 * "name:other-<name>". */
char *cs_lineage_dataset_node(const char *name);

/* Reads a Hub node name: true when name is "hf:datasets/<id>" (a dataset) or "hf:models/<id>"
 * (a model), with *kind set and *id (may be NULL) pointing at the id inside name. The id is not
 * checked (cs_lineage_is_hub_id does that). */
bool cs_lineage_hub_node(const char *name, enum cs_node_kind *kind, const char **id);

/* Node name of a Hub model id: "hf:models/<id>"; NULL when id is not a Hub id or out of memory.
 * Returns owned. */
char *cs_lineage_model_node(const char *id);

#endif
