/* SPDX-License-Identifier: MIT
 * graph_int.h - internals of the lineage graph shared by graph.c (writes), graph_read.c (reads,
 * walks) and graph_export.c: node keys, the 'N' and 'E' record codecs (graph_rec.c) and reads
 * inside a caller's transaction. Internal to store/; no state, thread-safe.
 */
#ifndef CS_GRAPH_INT_H
#define CS_GRAPH_INT_H

#include "graph.h"
#include "schema.h"
#include "store_int.h"

/* One (class, via, detail) of a stored edge. Strings owned by the edge record. */
struct cs_graph_rec_link {
    char *via;    /* may be NULL */
    char *detail; /* may be NULL */
    int link;     /* enum cs_link_class, or -1 when the edge kind has no class */
};

/* A decoded (or to be encoded) edge record. Everything owned (cs_graph_rec_edge_release);
 * links sorted by (link, via, detail), without duplicates. */
struct cs_graph_rec_edge {
    char *to; /* target node name */
    int64_t first_seen;
    struct cs_graph_rec_link *links;
    size_t n_links;
};

/* kind || first 16 bytes of SHA-256(name). CS_OK, CS_E_INVALID (bad kind, empty name) or
 * CS_E_STORE. */
CS_MUST_CHECK int cs_graph_key(enum cs_node_kind kind, const char *name,
                               unsigned char out[static CS_KEY_NODE_LEN]);

/* Encoders: CS_OK with *out Returns owned (free()), CS_E_NOMEM. Decoders: CS_OK, CS_E_STORE
 * (malformed) or CS_E_NOMEM. */
CS_MUST_CHECK int cs_graph_rec_encode_node(const struct cs_graph_node *n, char **out,
                                           size_t *len_out);
CS_MUST_CHECK int cs_graph_rec_decode_node(const void *val, size_t len, struct cs_graph_node **out);
CS_MUST_CHECK int cs_graph_rec_encode_edge(const struct cs_graph_rec_edge *e, char **out,
                                           size_t *len_out);
CS_MUST_CHECK int cs_graph_rec_decode_edge(const void *val, size_t len,
                                           struct cs_graph_rec_edge *out);
void cs_graph_rec_edge_release(struct cs_graph_rec_edge *e);

/* True when some link is of class data. */
bool cs_graph_rec_edge_data(const struct cs_graph_rec_edge *e);

/* Sorts e->links and drops duplicates (the canonical record). */
void cs_graph_rec_edge_sort(struct cs_graph_rec_edge *e);

/* ---- reads inside a transaction (graph_read.c) ------------------------------------------- */

/* mdb_get in db (absent database: CS_E_NOTFOUND). CS_OK, CS_E_NOTFOUND or CS_E_STORE. */
int cs_graph_txn_get(struct cs_store *st, MDB_txn *txn, enum cs_db db, const void *key, size_t klen,
                     MDB_val *v);

/* The node stored under key; when name is non-NULL it must match (else CS_E_NOTFOUND).
 * *out Returns owned. CS_OK, CS_E_NOTFOUND, CS_E_STORE or CS_E_NOMEM. */
int cs_graph_txn_node(struct cs_store *st, MDB_txn *txn, const unsigned char *key, const char *name,
                      struct cs_graph_node **out);

/* Calls fn for every (key, value) of db whose key starts with prefix, in key order. fn returns
 * CS_OK to go on. CS_OK, CS_E_STORE or fn's code. */
typedef int cs_graph_scan_fn(const MDB_val *k, const MDB_val *v, void *ctx);
int cs_graph_txn_scan(struct cs_store *st, MDB_txn *txn, enum cs_db db, const void *prefix,
                      size_t plen, cs_graph_scan_fn *fn, void *ctx);

/* Decodes the edges_out entry (k, v) and calls fn with its view (names read from the nodes).
 * CS_OK, CS_E_STORE, CS_E_NOMEM or fn's code. */
int cs_graph_txn_edge(struct cs_store *st, MDB_txn *txn, const MDB_val *k, const MDB_val *v,
                      cs_graph_edge_fn *fn, void *ctx);

/* ---- breadth-first walks (graph_read.c) --------------------------------------------------- */

/* The nodes a walk has met, in visit order (the queue), with how each was reached, and a set
 * over their keys (open addressing: the key bytes are SHA-256, already well spread). All arrays
 * owned; zero-initialise, release with cs_graph_walk_release. One owner. */
struct cs_graph_walk {
    unsigned char (*keys)[CS_KEY_NODE_LEN];
    int *depth;          /* edges from the start */
    size_t *parent;      /* index of the node it was reached from (the start: 0) */
    unsigned char *edge; /* kind of that edge */
    size_t n, cap;
    size_t *slots; /* index + 1 into keys; 0 = empty */
    size_t n_slots;
};

/* Appends key unless met before; *added tells which. CS_OK or CS_E_NOMEM. */
int cs_graph_walk_add(struct cs_graph_walk *w, const unsigned char *key, int depth, size_t parent,
                      unsigned char edge, bool *added);
void cs_graph_walk_release(struct cs_graph_walk *w);

#endif
