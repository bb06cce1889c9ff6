/* SPDX-License-Identifier: MIT
 * store_int.h - the store's internals shared by its files (store.c: environment, batches and
 * reads; frontier.c: the crawl frontier; graph*.c: the lineage graph): the handle, the batch
 * operations and the transaction helpers. Internal to store/ (LMDB types never leave store/).
 *
 * Thread-safety: as store.h. A batch and its operations belong to one thread.
 */
#ifndef CS_STORE_INT_H
#define CS_STORE_INT_H

#include "cs_setup.h"
#include "records.h"
#include "schema.h"
#include "store.h"

#include <lmdb.h>
#include <stdatomic.h>

/* A batch operation run inside the batch's write transaction (cs_store_batch_apply below).
 * Returns a cs_err; on an LMDB failure it sets *mdb_rc to the LMDB code (MDB_MAP_FULL makes the
 * commit grow the map and apply the whole batch again, so fn must not consume arg). */
typedef int cs_store_apply_fn(struct cs_store *st, MDB_txn *txn, void *arg, int *mdb_rc);

/* Invariants: env is open; dbi[] are valid for the env's lifetime; while resizing is set no new
 * transaction starts, and the resize waits for active to reach 0 (LMDB allows
 * mdb_env_set_mapsize only when no transaction of this process is live). */
struct cs_store {
    MDB_env *env;
    MDB_dbi dbi[CS_DB__COUNT];
    bool absent[CS_DB__COUNT]; /* read-only open of a store older than the database (CS_DB_ADDED) */
    char *dir;                 /* owned */
    unsigned flags;
    atomic_int active;    /* transactions live in this process */
    atomic_bool resizing; /* a thread holds, or waits for, the map gate */
};

enum op_kind {
    OP_PUT,        /* overwrite */
    OP_PUT_NEW,    /* keep what is stored (origins) */
    OP_BLOB,       /* compress and store unless the digest is present */
    OP_SIGNAL,     /* merge into the history entry */
    OP_DEL_PREFIX, /* delete every key starting with key[0..key_len) */
    OP_FRONTIER,   /* queue key2 (seen) unless present, then put key (frontier.c) */
    OP_APPLY       /* call apply(st, txn, arg) (cs_store_batch_apply) */
};

struct store_op {
    struct store_op *next;
    enum op_kind kind;
    enum cs_db db;
    unsigned char key[CS_KEY_MAX];
    size_t key_len;
    char *val; /* owned: encoded record (PUT, PUT_NEW) or raw body (BLOB) */
    size_t val_len;
    unsigned char *packed; /* BLOB: owned blob value, made at the first commit attempt */
    size_t packed_len;
    struct cs_rec_signal note;                    /* SIGNAL: owned; first/last/changed all = now */
    unsigned char key2[8 + CS_FRONTIER_SEEN_LEN]; /* FRONTIER: the seen key */
    cs_store_apply_fn *apply;                     /* APPLY */
    void *arg;                                    /* APPLY: owned, freed with free_arg */
    void (*free_arg)(void *);
};

struct cs_store_batch {
    struct cs_store *st;
    struct store_op *head;
    struct store_op **tail;
};

/* One commit attempt: mdb_rc keeps the LMDB code of an LMDB failure (MAP_FULL means retry). */
struct commit_ctx {
    struct cs_store *st;
    MDB_txn *txn;
    int mdb_rc;
};

/* Transactions: begin inside the map gate (adopting a map another process grew) and end
 * (commit or abort) leaving it. LMDB return codes. */
int cs_st_txn_begin(struct cs_store *st, unsigned flags, MDB_txn **txn);
int cs_st_txn_end(struct cs_store *st, MDB_txn *txn, bool commit);

/* mdb_get mapped to cs_err: CS_OK, CS_E_NOTFOUND or CS_E_STORE. */
int cs_st_get_raw(struct cs_store *st, MDB_txn *txn, enum cs_db db, unsigned char *key,
                  size_t key_len, MDB_val *v);

/* mdb_put of op's key with val; a NOOVERWRITE refusal is success. CS_OK or CS_E_STORE with
 * c->mdb_rc set. */
int cs_st_put_raw(struct commit_ctx *c, enum cs_db db, struct store_op *op, void *val, size_t len,
                  unsigned flags);

/* Deletes every key that starts with op's key. CS_OK or CS_E_STORE. */
int cs_st_apply_del_prefix(struct commit_ctx *c, struct store_op *op);

/* Applies an OP_FRONTIER operation (frontier.c). CS_OK or CS_E_STORE. */
int cs_st_apply_frontier(struct commit_ctx *c, struct store_op *op);

/* Operations: new (NULL on out of memory), free (NULL allowed), append to a batch (Takes). */
struct store_op *cs_st_op_new(enum op_kind kind, enum cs_db db);
void cs_st_op_free(struct store_op *op);
void cs_st_op_push(struct cs_store_batch *b, struct store_op *op);

/* A PUT of text under key; NULL on out of memory. */
struct store_op *cs_st_text_op(enum cs_db db, const void *key, size_t key_len, const char *text);

/* Commits ops (Takes them; a NULL among them means out of memory) in one batch. */
int cs_st_commit_ops(struct cs_store *st, struct store_op **ops, size_t n, struct cs_diag *diag);

/* Writes id as 8 big-endian bytes (run ids, sequence numbers: keys sort by number). */
void cs_st_put_u64(unsigned char *out, uint64_t id);
uint64_t cs_st_get_u64(const unsigned char *in);

/* ---- for graph*.c ---- */

/* Sets *dbi to the handle of db. False when db is absent: a database added after the store
 * was made (CS_DB_ADDED), opened read-only; readers treat it as empty. */
bool cs_store_dbi(const struct cs_store *st, enum cs_db db, MDB_dbi *dbi);

/* Borrowed: the store directory, for messages. */
const char *cs_store_dir(const struct cs_store *st);

/* Queues fn with arg. Takes arg: free_arg(arg) runs when the batch is freed, also on failure
 * here (CS_E_NOMEM, CS_E_INVALID). */
CS_MUST_CHECK int cs_store_batch_apply(struct cs_store_batch *b, cs_store_apply_fn *fn, void *arg,
                                       void (*free_arg)(void *));

#endif
