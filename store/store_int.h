/* SPDX-License-Identifier: MIT
 * store_int.h - hooks of store.c for the other modules of store/ (graph.c, graph_read.c): a
 * read transaction through the map gate, the handle of a named database, and a batch operation
 * that runs a function inside the batch's one write transaction. Internal to store/ (LMDB types
 * never leave store/); thread-safety as in store.h.
 */
#ifndef CS_STORE_INT_H
#define CS_STORE_INT_H

#include "cs_setup.h"
#include "schema.h"
#include "store.h"

#include <lmdb.h>

/* Begins a read transaction (adopting a map another process grew). Returns an LMDB code; on
 * success end it with cs_store_read_end. */
int cs_store_read_begin(struct cs_store *st, MDB_txn **txn);
void cs_store_read_end(struct cs_store *st, MDB_txn *txn);

/* Sets *dbi to the handle of db. False when db is absent: a database added after the store
 * was made (CS_DB_ADDED), opened read-only; readers treat it as empty. */
bool cs_store_dbi(const struct cs_store *st, enum cs_db db, MDB_dbi *dbi);

/* Borrowed: the store directory, for messages. */
const char *cs_store_dir(const struct cs_store *st);

/* Runs inside the batch's write transaction, in queue order. Returns a cs_err; on an LMDB
 * failure it sets *mdb_rc to the LMDB code (MDB_MAP_FULL makes the commit grow the map and
 * apply the whole batch again, so fn must not consume arg). */
typedef int cs_store_apply_fn(struct cs_store *st, MDB_txn *txn, void *arg, int *mdb_rc);

/* Queues fn with arg. Takes arg: free_arg(arg) runs when the batch is freed, also on failure
 * here (CS_E_NOMEM, CS_E_INVALID). */
CS_MUST_CHECK int cs_store_batch_apply(struct cs_store_batch *b, cs_store_apply_fn *fn, void *arg,
                                       void (*free_arg)(void *));

#endif
