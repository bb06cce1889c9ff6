/* SPDX-License-Identifier: MIT
 * frontier.c - the crawl frontier in the store (store.h "the crawl frontier"; issue 3: "input
 * streamed, frontier in LMDB"; "the frontier, hub cursors, robots cache, fetch records and
 * verdicts commit together per batch").
 *
 * Keys: frontier = run id (8) || seq (8), so a run's entries are one range in queue order; seq
 * is taken from the run's counter ("n" || run id in the runs database) inside the transaction
 * that adds the entry, so numbers follow commit order: a reader that has seen every entry up to
 * seq N in one snapshot can never miss one committed later with a smaller number;
 * seen = run id (8) || SHA-256(kind || key)[0..16), which makes a second add of the same work a
 * no-op inside the transaction that applies it (adds from several batches race harmlessly);
 * the input cursor is "c" || run id in the runs database.
 */
#include "cs_setup.h"

#include "blob.h"
#include "cs_str.h"
#include "store_int.h"

#include <string.h>

static int seen_key(uint64_t run, int kind, const char *key, unsigned char *out)
{
    unsigned char digest[CS_KEY_SHA_LEN];
    size_t n = strlen(key);
    unsigned char *buf = malloc(n + 1);
    int rc;

    if (!buf)
        return CS_E_NOMEM;
    buf[0] = (unsigned char)kind;
    memcpy(buf + 1, key, n);
    rc = cs_blob_sha256(buf, n + 1, digest);
    free(buf);
    cs_st_put_u64(out, run);
    memcpy(out + 8, digest, CS_FRONTIER_SEEN_LEN);
    return rc;
}

int cs_store_frontier_add(struct cs_store_batch *b, uint64_t run, const struct cs_frontier_entry *e,
                          const char *dedup_key)
{
    struct store_op *op;
    size_t in_len, ex_len;
    int rc;

    if (!b || !e || !e->input || !dedup_key || e->kind <= 0 || e->kind > 255)
        return CS_E_INVALID;
    in_len = strlen(e->input);
    ex_len = e->extra ? strlen(e->extra) : 0;
    op = cs_st_op_new(OP_FRONTIER, CS_DB_FRONTIER);
    if (!op)
        return CS_E_NOMEM;
    op->val_len = 1 + in_len + 1 + ex_len;
    op->val = malloc(op->val_len);
    rc = op->val ? seen_key(run, e->kind, dedup_key, op->key2) : CS_E_NOMEM;
    if (rc != CS_OK) {
        cs_st_op_free(op);
        return rc;
    }
    op->val[0] = (char)e->kind;
    memcpy(op->val + 1, e->input, in_len + 1);
    if (ex_len)
        memcpy(op->val + 2 + in_len, e->extra, ex_len);
    cs_st_put_u64(op->key, run); /* the seq half is filled at apply time */
    op->key_len = 16;
    cs_st_op_push(b, op);
    return CS_OK;
}

static void counter_key(uint64_t run, unsigned char key[9])
{
    key[0] = 'n';
    cs_st_put_u64(key + 1, run);
}

/* The next entry number of run, from its counter, which it advances (in c's transaction). */
static int next_seq(struct commit_ctx *c, uint64_t run, uint64_t *seq)
{
    unsigned char key[9], val[8];
    MDB_val k = { sizeof(key), key }, v;
    int rc;

    counter_key(run, key);
    rc = mdb_get(c->txn, c->st->dbi[CS_DB_RUNS], &k, &v);
    if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) {
        c->mdb_rc = rc;
        return CS_E_STORE;
    }
    *seq = (rc == MDB_SUCCESS && v.mv_size == 8 ? cs_st_get_u64(v.mv_data) : 0) + 1;
    cs_st_put_u64(val, *seq);
    v.mv_size = sizeof(val);
    v.mv_data = val;
    rc = mdb_put(c->txn, c->st->dbi[CS_DB_RUNS], &k, &v, 0);
    if (rc != MDB_SUCCESS) {
        c->mdb_rc = rc;
        return CS_E_STORE;
    }
    return CS_OK;
}

int cs_st_apply_frontier(struct commit_ctx *c, struct store_op *op)
{
    MDB_val k = { 8 + CS_FRONTIER_SEEN_LEN, op->key2 };
    static char empty[1];
    MDB_val v = { 0, empty };
    uint64_t seq;
    int rc = mdb_put(c->txn, c->st->dbi[CS_DB_SEEN], &k, &v, MDB_NOOVERWRITE);

    if (rc == MDB_KEYEXIST)
        return CS_OK; /* queued before in this run: once is enough */
    if (rc != MDB_SUCCESS) {
        c->mdb_rc = rc;
        return CS_E_STORE;
    }
    if (next_seq(c, cs_st_get_u64(op->key), &seq) != CS_OK)
        return CS_E_STORE;
    cs_st_put_u64(op->key + 8, seq);
    return cs_st_put_raw(c, CS_DB_FRONTIER, op, op->val, op->val_len, 0);
}

int cs_store_frontier_seen(struct cs_store *st, uint64_t run, int kind, const char *dedup_key,
                           bool *seen)
{
    unsigned char key[8 + CS_FRONTIER_SEEN_LEN];
    MDB_txn *txn = NULL;
    MDB_val v;
    int rc;

    *seen = false;
    if (st->absent[CS_DB_SEEN])
        return CS_OK;
    rc = seen_key(run, kind, dedup_key, key);
    if (rc != CS_OK)
        return rc;
    if (cs_st_txn_begin(st, MDB_RDONLY, &txn) != MDB_SUCCESS)
        return CS_E_STORE;
    rc = cs_st_get_raw(st, txn, CS_DB_SEEN, key, sizeof(key), &v);
    cs_st_txn_end(st, txn, false);
    *seen = rc == CS_OK;
    return rc == CS_OK || rc == CS_E_NOTFOUND ? CS_OK : rc;
}

int cs_store_run_mark(struct cs_store_batch *b, uint64_t run, int kind, const char *key)
{
    struct store_op *op;
    int rc;

    if (!b || !key || kind <= 0 || kind > 255)
        return CS_E_INVALID;
    op = cs_st_op_new(OP_PUT, CS_DB_SEEN);
    if (!op)
        return CS_E_NOMEM;
    rc = seen_key(run, kind, key, op->key);
    op->key_len = 8 + CS_FRONTIER_SEEN_LEN;
    op->val = calloc(1, 1);
    if (rc != CS_OK || !op->val) {
        cs_st_op_free(op);
        return rc != CS_OK ? rc : CS_E_NOMEM;
    }
    cs_st_op_push(b, op);
    return CS_OK;
}

int cs_store_frontier_done(struct cs_store_batch *b, uint64_t run, uint64_t seq)
{
    struct store_op *op;

    if (!b)
        return CS_E_INVALID;
    op = cs_st_op_new(OP_DEL_PREFIX, CS_DB_FRONTIER);
    if (!op)
        return CS_E_NOMEM;
    cs_st_put_u64(op->key, run);
    cs_st_put_u64(op->key + 8, seq);
    op->key_len = 16;
    cs_st_op_push(b, op);
    return CS_OK;
}

/* Splits a stored entry; false when it is malformed. */
static bool decode_entry(const MDB_val *k, const MDB_val *v, struct cs_frontier_entry *e)
{
    const char *p = v->mv_data;
    const char *nul;

    if (k->mv_size != 16 || v->mv_size < 2 || p[0] == 0)
        return false;
    nul = memchr(p + 1, '\0', v->mv_size - 1);
    if (!nul)
        return false;
    e->seq = cs_st_get_u64((const unsigned char *)k->mv_data + 8);
    e->kind = (unsigned char)p[0];
    e->input = p + 1;
    e->extra = nul + 1; /* the extra text runs to the end of the value */
    return true;
}

/* Opens a read cursor on db for st; CS_OK or CS_E_STORE. An absent optional database gives
 * CS_E_NOTFOUND (an old store opened read-only: nothing queued). */
static int read_cursor(struct cs_store *st, enum cs_db db, MDB_txn **txn, MDB_cursor **cur)
{
    if (st->absent[db])
        return CS_E_NOTFOUND;
    if (cs_st_txn_begin(st, MDB_RDONLY, txn) != MDB_SUCCESS)
        return CS_E_STORE;
    if (mdb_cursor_open(*txn, st->dbi[db], cur) != MDB_SUCCESS) {
        cs_st_txn_end(st, *txn, false);
        return CS_E_STORE;
    }
    return CS_OK;
}

static void read_end(struct cs_store *st, MDB_txn *txn, MDB_cursor *cur)
{
    mdb_cursor_close(cur);
    cs_st_txn_end(st, txn, false);
}

/* Visits one entry: the extra text is copied so that it is NUL-terminated. */
static int visit(const MDB_val *k, const MDB_val *v, cs_store_frontier_fn *fn, void *ctx)
{
    struct cs_frontier_entry e;
    char *extra;
    int rc;

    if (!decode_entry(k, v, &e))
        return CS_E_STORE;
    extra = cs_strndup(e.extra, v->mv_size - (size_t)(e.extra - (const char *)v->mv_data));
    if (!extra)
        return CS_E_NOMEM;
    e.extra = extra;
    rc = fn(&e, ctx);
    free(extra);
    return rc;
}

int cs_store_frontier_read(struct cs_store *st, uint64_t run, uint64_t after, size_t max,
                           cs_store_frontier_fn *fn, void *ctx, size_t *count)
{
    unsigned char key[16];
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    MDB_val k = { sizeof(key), key }, v;
    size_t n = 0;
    int rc = read_cursor(st, CS_DB_FRONTIER, &txn, &cur);
    int mrc;

    if (count)
        *count = 0;
    if (rc != CS_OK)
        return rc == CS_E_NOTFOUND ? CS_OK : rc;
    cs_st_put_u64(key, run);
    cs_st_put_u64(key + 8, after + 1);
    mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    while (mrc == MDB_SUCCESS && n < max && k.mv_size == 16 && cs_st_get_u64(k.mv_data) == run) {
        rc = visit(&k, &v, fn, ctx);
        if (rc != CS_OK)
            break;
        n++;
        mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    read_end(st, txn, cur);
    if (count)
        *count = n;
    if (rc == CS_OK && mrc != MDB_SUCCESS && mrc != MDB_NOTFOUND)
        rc = CS_E_STORE;
    return rc;
}

int cs_store_frontier_state(struct cs_store *st, uint64_t run, uint64_t *last_seq, size_t *pending)
{
    unsigned char key[8];
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    MDB_val k = { sizeof(key), key }, v;
    int rc = read_cursor(st, CS_DB_FRONTIER, &txn, &cur);
    int mrc;

    *last_seq = 0;
    *pending = 0;
    if (rc != CS_OK)
        return rc == CS_E_NOTFOUND ? CS_OK : rc;
    cs_st_put_u64(key, run);
    mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    while (mrc == MDB_SUCCESS && k.mv_size == 16 && cs_st_get_u64(k.mv_data) == run) {
        ++*pending;
        mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    if (mrc == MDB_SUCCESS || mrc == MDB_NOTFOUND) {
        unsigned char ck[9];
        MDB_val c = { sizeof(ck), ck }, cv;
        counter_key(run, ck);
        mrc = mdb_get(txn, st->dbi[CS_DB_RUNS], &c, &cv);
        if (mrc == MDB_SUCCESS && cv.mv_size == 8)
            *last_seq = cs_st_get_u64(cv.mv_data);
    }
    read_end(st, txn, cur);
    return mrc == MDB_SUCCESS || mrc == MDB_NOTFOUND ? CS_OK : CS_E_STORE;
}

static void cursor_key(uint64_t run, unsigned char key[9])
{
    key[0] = 'c';
    cs_st_put_u64(key + 1, run);
}

int cs_store_run_set_cursor(struct cs_store_batch *b, uint64_t run, const char *text)
{
    unsigned char key[9];
    struct store_op *op;

    if (!b || !text)
        return CS_E_INVALID;
    cursor_key(run, key);
    op = cs_st_text_op(CS_DB_RUNS, key, sizeof(key), text);
    if (!op)
        return CS_E_NOMEM;
    cs_st_op_push(b, op);
    return CS_OK;
}

int cs_store_run_get_cursor(struct cs_store *st, uint64_t run, char **out)
{
    unsigned char key[9];
    MDB_txn *txn = NULL;
    MDB_val v;
    int rc;

    *out = NULL;
    cursor_key(run, key);
    if (cs_st_txn_begin(st, MDB_RDONLY, &txn) != MDB_SUCCESS)
        return CS_E_STORE;
    rc = cs_st_get_raw(st, txn, CS_DB_RUNS, key, sizeof(key), &v);
    if (rc == CS_OK) {
        *out = malloc(v.mv_size + 1);
        if (*out) {
            memcpy(*out, v.mv_data, v.mv_size);
            (*out)[v.mv_size] = '\0';
        } else {
            rc = CS_E_NOMEM;
        }
    }
    cs_st_txn_end(st, txn, false);
    return rc;
}
