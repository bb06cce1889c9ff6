/* SPDX-License-Identifier: MIT
 * graph.h - the lineage graph in the store (issue 4 "Lineage graph (LMDB)"): nodes (models,
 * datasets, sources, origins; names and kinds from parsers/lineage.h), edges between them with
 * where each came from, reverse lookups, and the walk from a source to every dataset and model
 * that reaches it. Layout in schema.h.
 *
 * Writes go through the store's batches (store.h): they are applied in the batch's one write
 * transaction at commit, so a card's edges change atomically with everything else of the batch,
 * and a batch replayed after a killed crawl leaves the same graph (every write is idempotent:
 * first_seen times are kept, edge sets are replaced, not appended to).
 *
 * Reaching rule (documented once, here): X reaches source S when a chain of edges leads from X
 * to S through
 *   model   -base_model->   model     (a fine-tuned model reaches its base model's data)
 *   model   -trained_on->   dataset
 *   dataset -derived_from-> dataset   (a dataset reaches its upstream datasets' data)
 *   dataset|model -links_to-> source  (the last step)
 * A model never reaches the models fine-tuned from it, nor a dataset its derivatives. For
 * flagging only links_to edges with a CS_LINK_DATA link count (issue 4: homepage, paper, code,
 * licence and hosted links are stored, never flag). Walks stop at CS_GRAPH_DEPTH_MAX edges and
 * visit each node once (cycles are harmless).
 *
 * Thread-safety: as store.h: reads are thread-safe; a batch belongs to one thread. Callbacks
 * run inside a read transaction and must not call back into the store.
 */
#ifndef CS_GRAPH_H
#define CS_GRAPH_H

#include "cs_err.h"
#include "cs_setup.h"
#include "lineage.h"
#include "store.h"

#define CS_GRAPH_DEPTH_MAX 32

/* What is known of a node, for cs_graph_put_node. Strings Borrowed for the call; NULL means
 * "not known here": the stored value is kept. */
struct cs_graph_node_info {
    const char *sha;           /* Hub commit sha of the repository (incremental crawl) */
    const char *last_modified; /* Hub lastModified, as the API wrote it */
    const char *title;
    const char *license;
    const char *entry;  /* where the entry came from: "hub:card", "croissant", "list"; "+READER"
                           adds a reader to the stored entry (below) */
    bool entry_if_none; /* entry only for a node that has none yet (a listing's mere sight must
                           not undo what the readers recorded) */
    const char *origin; /* sources: canonical origin of the URL (the verdict key) */
    int64_t fetched_at; /* when the card or entry was read; 0 keeps the stored time */
    int64_t seen_at;    /* now: first_seen on the first sight of the node */
};

/* An entry "+READER" (a reader of the revision read before, such as "+viewer") is appended to
 * the stored entry unless it is there already, and only while the stored sha is info->sha: a
 * reader's answer for a revision replaced meanwhile adds nothing. Such a write never changes
 * sha nor last_modified. So a node records the readers that answered for its revision, and a
 * reader that failed is asked again by the next crawl. */

/* One outgoing edge, for cs_graph_replace_edges. Strings Borrowed for the call. */
struct cs_graph_edge {
    enum cs_edge_kind kind; /* base_model, trained_on, derived_from or links_to */
    enum cs_node_kind to_kind;
    const char *to;          /* target node name (a canonical URL for sources: the crawler
                                canonicalises; the store never parses URLs) */
    enum cs_link_class link; /* links_to: what kind of link; ignored for other kinds */
    const char *via;    /* where it came from: "card:configs.data_files", "croissant:contentUrl",
                           "card:body", "rows:sample", "card:base_model" ... */
    const char *detail; /* may be NULL: e.g. the base_model_relation ("finetune") */
    const char *origin; /* sources: canonical origin of the URL (adds the at_origin edge) */
};

/* ---- writing: queue into a batch (store.h); CS_OK, CS_E_NOMEM or CS_E_INVALID ----------- */

/* Upserts the node (kind, name): first_seen is set once; the non-NULL fields of info replace the
 * stored ones; a node marked gone is back. Copies everything. */
CS_MUST_CHECK int cs_graph_put_node(struct cs_store_batch *b, enum cs_node_kind kind,
                                    const char *name, const struct cs_graph_node_info *info);

/* Replaces every outgoing edge of (from_kind, from_name) by edges[0..n) (n may be 0: the node
 * keeps no edge): old edges not in the set go with their reverse entries; new ones come with
 * their reverse entries, their target nodes when absent and, for a source with an origin, its
 * at_origin edge and origin node. Several entries with the same (kind, target) merge into one
 * edge keeping every (class, via, detail). An edge kept from before keeps its first_seen; new
 * ones get now. The edge kind must fit the node kinds (CS_E_INVALID otherwise). Copies
 * everything. */
/* What the writers check before queueing anything: an edge that fits its node kinds with valid
 * text (UTF-8 that JSON can carry), and one such text (NULL is valid). A caller filters with
 * them so that one odd value cannot make a whole batch fail. Pure; thread-safe. */
bool cs_graph_edge_valid(enum cs_node_kind from_kind, const struct cs_graph_edge *e);
bool cs_graph_text_valid(const char *s);

CS_MUST_CHECK int cs_graph_replace_edges(struct cs_store_batch *b, enum cs_node_kind from_kind,
                                         const char *from_name, const struct cs_graph_edge *edges,
                                         size_t n, int64_t now);

/* The same, for one reader's edges only: stored links whose via starts with scope ("card:",
 * "croissant:") are replaced by the new set; links found another way stay (an edge found only
 * another way is kept as it is). Every new edge's via must start with scope (else
 * CS_E_INVALID). scope NULL is cs_graph_replace_edges. */
CS_MUST_CHECK int cs_graph_replace_edges_scoped(struct cs_store_batch *b,
                                                enum cs_node_kind from_kind, const char *from_name,
                                                const char *scope,
                                                const struct cs_graph_edge *edges, size_t n,
                                                int64_t now);

/* Marks the node gone (deleted from its index) at now, creating it when absent; its edges stay
 * (the lineage it had is still evidence). cs_graph_put_node brings it back. */
CS_MUST_CHECK int cs_graph_mark_gone(struct cs_store_batch *b, enum cs_node_kind kind,
                                     const char *name, int64_t now);

/* ---- reading ---------------------------------------------------------------------------- */

/* A stored node. Every string owned (cs_graph_node_free); any but name may be NULL. */
struct cs_graph_node {
    enum cs_node_kind kind;
    char *name;
    char *sha;
    char *last_modified;
    char *title;
    char *license;
    char *entry;
    char *origin;
    int64_t first_seen;
    int64_t fetched_at; /* 0: never read itself, only referenced */
    int64_t gone_at;    /* 0: not gone */
};

/* Reads node (kind, name). Returns CS_OK with *out Returns owned, CS_E_NOTFOUND, CS_E_STORE or
 * CS_E_NOMEM. */
CS_MUST_CHECK int cs_graph_get_node(struct cs_store *st, enum cs_node_kind kind, const char *name,
                                    struct cs_graph_node **out);

void cs_graph_node_free(struct cs_graph_node *n);

/* Calls fn for every stored node of kind, in key order (not by name), in one read transaction:
 * e.g. every source the crawl must check after reading the cards (issue 4). n and its strings
 * are Borrowed for the call. fn returns CS_OK to go on; any other value stops the walk and is
 * returned. CS_OK, CS_E_STORE (a malformed record), CS_E_NOMEM or fn's code. */
typedef int cs_graph_node_fn(const struct cs_graph_node *n, void *ctx);

CS_MUST_CHECK int cs_graph_nodes(struct cs_store *st, enum cs_node_kind kind, cs_graph_node_fn *fn,
                                 void *ctx);

/* One (class, via, detail) of an edge: why it exists. */
struct cs_graph_link {
    const char *via;         /* may be NULL */
    const char *detail;      /* may be NULL */
    enum cs_link_class link; /* links_to edges only (has_class) */
    bool has_class;
};

/* One edge as read back. Everything Borrowed for the callback only. */
struct cs_graph_edge_view {
    enum cs_edge_kind kind;
    enum cs_node_kind from_kind;
    const char *from;
    enum cs_node_kind to_kind;
    const char *to;
    bool data; /* some link is CS_LINK_DATA */
    int64_t first_seen;
    const struct cs_graph_link *links;
    size_t n_links;
};

/* fn returns CS_OK to go on; any other value stops the walk and is returned. */
typedef int cs_graph_edge_fn(const struct cs_graph_edge_view *e, void *ctx);

/* Calls fn for every outgoing (cs_graph_out) or incoming (cs_graph_in: the reverse lookups,
 * e.g. which datasets link to a URL, which models were trained on a dataset) edge of the node,
 * in key order, in one read transaction. CS_OK (also when the node has no edge or is absent),
 * CS_E_STORE, CS_E_NOMEM or fn's code. */
CS_MUST_CHECK int cs_graph_out(struct cs_store *st, enum cs_node_kind kind, const char *name,
                               cs_graph_edge_fn *fn, void *ctx);
CS_MUST_CHECK int cs_graph_in(struct cs_store *st, enum cs_node_kind kind, const char *name,
                              cs_graph_edge_fn *fn, void *ctx);

/* Called once per dataset or model that reaches the start node; depth = edges on the shortest
 * chain. Strings Borrowed for the call. */
typedef int cs_graph_reach_fn(enum cs_node_kind kind, const char *name, int depth, void *ctx);

/* Every dataset and model that reaches node (kind, name) by the reaching rule above, walked
 * backwards: from an origin through its sources, from a source through links_to (only data
 * links when data_only), from a dataset through derived_from and trained_on, from a model
 * through base_model. Breadth first, so each node comes once at its least depth; max_depth
 * (<= CS_GRAPH_DEPTH_MAX; 0 means the maximum) bounds the chain. One read transaction.
 * CS_OK, CS_E_STORE, CS_E_NOMEM or fn's code. */
CS_MUST_CHECK int cs_graph_reaching(struct cs_store *st, enum cs_node_kind kind, const char *name,
                                    bool data_only, int max_depth, cs_graph_reach_fn *fn,
                                    void *ctx);

#endif
