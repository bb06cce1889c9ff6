/* SPDX-License-Identifier: MIT
 * store.c - the LMDB environment: open/close, the map-size gate, batches and reads (store.h;
 * layout in schema.h, values in records.c, bodies in blob.c).
 */
#include "cs_setup.h"

#include "blob.h"
#include "cs_log.h"
#include "records.h"
#include "schema.h"
#include "store.h"
#include "store_int.h"

#include <errno.h>
#include <lmdb.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAP_INITIAL ((size_t)64 << 20)
#define MAX_DBS     16
#define MAX_TRIES   40 /* map doublings or adoptions before a commit gives up */

/* ---- the map gate ----------------------------------------------------------------------- */

static void wait_briefly(void)
{
    struct timespec ts = { 0, 200000 };

    nanosleep(&ts, NULL);
}

/* Counts a transaction in; waits while a resize holds the gate. */
static void gate_enter(struct cs_store *st)
{
    for (;;) {
        while (atomic_load(&st->resizing))
            wait_briefly();
        atomic_fetch_add(&st->active, 1);
        if (!atomic_load(&st->resizing))
            return;
        atomic_fetch_sub(&st->active, 1);
    }
}

static void gate_leave(struct cs_store *st)
{
    atomic_fetch_sub(&st->active, 1);
}

/* Takes the gate exclusively: no transaction of this process is live until gate_unlock. */
static void gate_lock(struct cs_store *st)
{
    bool expected = false;

    while (!atomic_compare_exchange_weak(&st->resizing, &expected, true)) {
        expected = false;
        wait_briefly();
    }
    while (atomic_load(&st->active) > 0)
        wait_briefly();
}

static void gate_unlock(struct cs_store *st)
{
    atomic_store(&st->resizing, false);
}

/* Sets the map size (0: adopt the size another process committed). Returns an LMDB code. */
static int resize_map(struct cs_store *st, size_t size)
{
    int rc;

    gate_lock(st);
    rc = mdb_env_set_mapsize(st->env, size);
    gate_unlock(st);
    return rc;
}

/* Doubles the map after MDB_MAP_FULL, starting from the larger of ours and the committed one. */
static int grow_map(struct cs_store *st)
{
    MDB_envinfo before;
    MDB_envinfo after;
    size_t size;
    int rc;

    gate_lock(st);
    rc = mdb_env_info(st->env, &before);
    if (rc == MDB_SUCCESS)
        rc = mdb_env_set_mapsize(st->env, 0);
    if (rc == MDB_SUCCESS)
        rc = mdb_env_info(st->env, &after);
    if (rc == MDB_SUCCESS) {
        size = before.me_mapsize > after.me_mapsize ? before.me_mapsize : after.me_mapsize;
        rc = size > SIZE_MAX / 2 ? MDB_MAP_FULL : mdb_env_set_mapsize(st->env, size * 2);
    }
    gate_unlock(st);
    if (rc == MDB_SUCCESS)
        cs_log(CS_LOG_DEBUG, "store '%s': map grown to %zu bytes", st->dir, size * 2);
    return rc;
}

/* Begins a transaction inside the gate, adopting a map another process grew (MAP_RESIZED).
 * Returns an LMDB code; on success end it with txn_end. */
int cs_st_txn_begin(struct cs_store *st, unsigned flags, MDB_txn **txn)
{
    int rc;

    for (int i = 0; i < MAX_TRIES; i++) {
        gate_enter(st);
        rc = mdb_txn_begin(st->env, NULL, flags, txn);
        if (rc == MDB_SUCCESS)
            return rc;
        gate_leave(st);
        if (rc != MDB_MAP_RESIZED)
            return rc;
        rc = resize_map(st, 0);
        if (rc != MDB_SUCCESS)
            return rc;
    }
    return MDB_MAP_RESIZED;
}

/* Commits (commit true) or aborts txn and leaves the gate. Returns an LMDB code. */
int cs_st_txn_end(struct cs_store *st, MDB_txn *txn, bool commit)
{
    int rc = MDB_SUCCESS;

    if (commit)
        rc = mdb_txn_commit(txn);
    else
        mdb_txn_abort(txn);
    gate_leave(st);
    return rc;
}

/* ---- open / close ----------------------------------------------------------------------- */

static int make_dir(const char *dir, struct cs_diag *diag)
{
    char *parent = NULL;
    char *slash;
    int rc = CS_OK;

    if (mkdir(dir, 0755) == 0 || errno == EEXIST)
        return CS_OK;
    if (errno == ENOENT) {
        parent = strdup(dir);
        if (!parent)
            return CS_E_NOMEM;
        slash = strrchr(parent, '/');
        if (slash && slash != parent) {
            *slash = '\0';
            if (mkdir(parent, 0755) != 0 && errno != EEXIST)
                goto fail;
        }
        if (mkdir(dir, 0755) == 0 || errno == EEXIST)
            goto out;
    }
fail:
    cs_diag_set(diag, 0, CS_E_IO, "cannot create store directory '%s': %s", dir, strerror(errno));
    rc = CS_E_IO;
out:
    free(parent);
    return rc;
}

/* RDONLY: the store must exist already (LMDB would say only "No such file or directory"). */
static int check_exists(const char *dir, struct cs_diag *diag)
{
    char path[4096];
    struct stat sb;

    if ((size_t)snprintf(path, sizeof(path), "%s/data.mdb", dir) >= sizeof(path)) {
        cs_diag_set(diag, 0, CS_E_INVALID, "store path too long '%s'", dir);
        return CS_E_INVALID;
    }
    if (stat(path, &sb) == 0)
        return CS_OK;
    if (errno == ENOENT || errno == ENOTDIR) {
        cs_diag_set(diag, 0, CS_E_NOTFOUND, "no store at '%s'", dir);
        return CS_E_NOTFOUND;
    }
    cs_diag_set(diag, 0, CS_E_IO, "cannot open store '%s': %s", dir, strerror(errno));
    return CS_E_IO;
}

static int open_env(struct cs_store *st, struct cs_diag *diag)
{
    unsigned env_flags = MDB_NOTLS;
    MDB_envinfo info = { 0 };
    int dead = 0;
    int rc;

    if (st->flags & CS_STORE_RDONLY)
        env_flags |= MDB_RDONLY;
    if (st->flags & CS_STORE_NOSYNC)
        env_flags |= MDB_NOSYNC;
    rc = mdb_env_create(&st->env);
    if (rc == MDB_SUCCESS)
        rc = mdb_env_set_maxdbs(st->env, MAX_DBS);
    if (rc == MDB_SUCCESS)
        rc = mdb_env_open(st->env, st->dir, env_flags, 0644);
    if (rc == MDB_SUCCESS)
        rc = mdb_reader_check(st->env, &dead);
    if (rc == MDB_SUCCESS && dead > 0)
        cs_log(CS_LOG_INFO, "store '%s': cleared %d stale reader slots", st->dir, dead);
    /* keep a map another run grew; only raise a smaller one to the initial size */
    if (rc == MDB_SUCCESS && !(st->flags & CS_STORE_RDONLY))
        rc = mdb_env_info(st->env, &info);
    if (rc == MDB_SUCCESS && !(st->flags & CS_STORE_RDONLY) && info.me_mapsize < MAP_INITIAL)
        rc = mdb_env_set_mapsize(st->env, MAP_INITIAL);
    if (rc != MDB_SUCCESS) {
        cs_diag_set(diag, 0, CS_E_STORE, "cannot open store '%s': %s", st->dir, mdb_strerror(rc));
        return CS_E_STORE;
    }
    return CS_OK;
}

static int write_meta(MDB_txn *txn, MDB_dbi dbi)
{
    char schema_key[] = CS_META_SCHEMA;
    char created_key[] = CS_META_CREATED_BY;
    char schema[16];
    char created[64];
    MDB_val k = { sizeof(schema_key) - 1, schema_key };
    MDB_val v = { 0, schema };
    int rc;

    v.mv_size = (size_t)snprintf(schema, sizeof(schema), "%d", CS_STORE_SCHEMA_VERSION);
    rc = mdb_put(txn, dbi, &k, &v, 0);
    if (rc != MDB_SUCCESS)
        return rc;
    k.mv_size = sizeof(created_key) - 1;
    k.mv_data = created_key;
    v.mv_size = (size_t)snprintf(created, sizeof(created), "consentscan %s", CS_VERSION);
    v.mv_data = created;
    return mdb_put(txn, dbi, &k, &v, 0);
}

/* Parses the decimal schema version; 0 when malformed. */
static long parse_version(const MDB_val *v)
{
    char text[16];
    char *end = NULL;
    long n;

    if (v->mv_size == 0 || v->mv_size >= sizeof(text))
        return 0;
    memcpy(text, v->mv_data, v->mv_size);
    text[v->mv_size] = '\0';
    errno = 0;
    n = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || n < 1)
        return 0;
    return n;
}

/* Reads (or, when create is set and it is absent, writes) the schema version. Returns a
 * cs_err. */
static int check_schema(struct cs_store *st, MDB_txn *txn, bool create, struct cs_diag *diag)
{
    char schema_key[] = CS_META_SCHEMA;
    MDB_val k = { sizeof(schema_key) - 1, schema_key };
    MDB_val v;
    long version;
    int rc;

    rc = mdb_get(txn, st->dbi[CS_DB_META], &k, &v);
    if (rc == MDB_NOTFOUND && create)
        rc = write_meta(txn, st->dbi[CS_DB_META]);
    if (rc == MDB_NOTFOUND) {
        cs_diag_set(diag, 0, CS_E_STORE, "'%s' is not a consentscan store", st->dir);
        return CS_E_STORE;
    }
    if (rc != MDB_SUCCESS) {
        cs_diag_set(diag, 0, CS_E_STORE, "cannot read store '%s': %s", st->dir, mdb_strerror(rc));
        return CS_E_STORE;
    }
    version = mdb_get(txn, st->dbi[CS_DB_META], &k, &v) == MDB_SUCCESS ? parse_version(&v) : 0;
    if (version == 0) {
        cs_diag_set(diag, 0, CS_E_STORE, "store '%s' has a malformed schema version", st->dir);
        return CS_E_STORE;
    }
    if (version > CS_STORE_SCHEMA_VERSION) {
        cs_diag_set(diag, 0, CS_E_VERSION,
                    "store '%s' was written by schema %ld; this consentscan reads up to %d",
                    st->dir, version, CS_STORE_SCHEMA_VERSION);
        return CS_E_VERSION;
    }
    return CS_OK;
}

/* Opens every named database and checks the schema in one transaction: a refused store is
 * left untouched. Without create it is a read transaction (an open does not wait for another
 * process's writer) and a missing database gives CS_E_NOTFOUND, diag untouched; with create,
 * a write transaction makes what is missing. */
static int open_dbs(struct cs_store *st, bool create, struct cs_diag *diag)
{
    static const char *const names[CS_DB__COUNT] = CS_DB_NAMES;
    MDB_txn *txn = NULL;
    int rc;

    rc = cs_st_txn_begin(st, create ? 0 : MDB_RDONLY, &txn);
    if (rc != MDB_SUCCESS) {
        cs_diag_set(diag, 0, CS_E_STORE, "cannot open store '%s': %s", st->dir, mdb_strerror(rc));
        return CS_E_STORE;
    }
    for (int i = 0; i < CS_DB__COUNT && rc == MDB_SUCCESS; i++) {
        rc = mdb_dbi_open(txn, names[i], create ? MDB_CREATE : 0, &st->dbi[i]);
        st->absent[i] = rc == MDB_NOTFOUND && (st->flags & CS_STORE_RDONLY) && CS_DB_ADDED(i);
        if (st->absent[i])
            rc = MDB_SUCCESS; /* an older store, read-only: read as empty (schema.h) */
    }
    if (rc == MDB_SUCCESS)
        rc = check_schema(st, txn, create, diag);
    else if (rc == MDB_NOTFOUND)
        rc = CS_E_NOTFOUND;
    else
        cs_diag_set(diag, 0, CS_E_STORE, "cannot open store '%s': %s", st->dir, mdb_strerror(rc));
    if (rc != CS_OK) {
        cs_st_txn_end(st, txn, false);
        return rc == CS_E_NOTFOUND || rc == CS_E_VERSION ? rc : CS_E_STORE;
    }
    rc = cs_st_txn_end(st, txn, true);
    if (rc != MDB_SUCCESS) {
        cs_diag_set(diag, 0, CS_E_STORE, "cannot open store '%s': %s", st->dir, mdb_strerror(rc));
        return CS_E_STORE;
    }
    return CS_OK;
}

int cs_store_open(const char *dir, unsigned flags, struct cs_store **out, struct cs_diag *diag)
{
    struct cs_store *st = NULL;
    int rc;

    *out = NULL;
    if (!dir || !*dir)
        return CS_E_INVALID;
    rc = (flags & CS_STORE_RDONLY) ? check_exists(dir, diag) : make_dir(dir, diag);
    if (rc != CS_OK)
        return rc;
    st = calloc(1, sizeof(*st));
    if (!st)
        return CS_E_NOMEM;
    st->flags = flags;
    atomic_init(&st->active, 0);
    atomic_init(&st->resizing, false);
    st->dir = strdup(dir);
    rc = st->dir ? open_env(st, diag) : CS_E_NOMEM;
    if (rc == CS_OK)
        rc = open_dbs(st, false, diag);
    if (rc == CS_E_NOTFOUND && !(flags & CS_STORE_RDONLY))
        rc = open_dbs(st, true, diag); /* a new store */
    if (rc == CS_E_NOTFOUND) {
        cs_diag_set(diag, 0, CS_E_STORE, "'%s' is not a consentscan store", dir);
        rc = CS_E_STORE;
    }
    if (rc == CS_OK) {
        *out = st;
        st = NULL;
    }
    cs_store_close(st);
    return rc;
}

void cs_store_close(struct cs_store *st)
{
    if (!st)
        return;
    if (st->env)
        mdb_env_close(st->env);
    free(st->dir);
    free(st);
}

static char *join_path(const char *base, const char *tail)
{
    size_t n = strlen(base) + strlen(tail) + 1;
    char *path = malloc(n);

    if (path)
        snprintf(path, n, "%s%s", base, tail);
    return path;
}

char *cs_store_default_dir(void)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");

    /* XDG Base Directory: a relative $XDG_DATA_HOME is invalid and ignored */
    if (xdg && xdg[0] == '/')
        return join_path(xdg, "/consentscan");
    if (!home || !*home)
        return NULL;
    return join_path(home, "/.local/share/consentscan");
}

int cs_store_debug_set_mapsize(struct cs_store *st, uint64_t size)
{
    if (!st || size > SIZE_MAX)
        return CS_E_INVALID;
    return resize_map(st, (size_t)size) == MDB_SUCCESS ? CS_OK : CS_E_STORE;
}

/* ---- batches ---------------------------------------------------------------------------- */

int cs_store_batch_begin(struct cs_store *st, struct cs_store_batch **out)
{
    struct cs_store_batch *b;

    *out = NULL;
    if (!st || (st->flags & CS_STORE_RDONLY))
        return CS_E_INVALID;
    b = calloc(1, sizeof(*b));
    if (!b)
        return CS_E_NOMEM;
    b->st = st;
    b->tail = &b->head;
    *out = b;
    return CS_OK;
}

struct store_op *cs_st_op_new(enum op_kind kind, enum cs_db db)
{
    struct store_op *op = calloc(1, sizeof(*op));

    if (op) {
        op->kind = kind;
        op->db = db;
    }
    return op;
}

void cs_st_op_free(struct store_op *op)
{
    if (!op)
        return;
    free(op->val);
    free(op->packed);
    cs_rec_signal_release(&op->note);
    if (op->free_arg)
        op->free_arg(op->arg);
    free(op);
}

void cs_st_op_push(struct cs_store_batch *b, struct store_op *op)
{
    *b->tail = op;
    b->tail = &op->next;
}

/* Queues the origins entry of origin, then first and second (second may be NULL): all or none.
 * Takes first and second. */
static int queue_ops(struct cs_store_batch *b, const char *origin, struct store_op *first,
                     struct store_op *second)
{
    struct store_op *op = cs_st_op_new(OP_PUT_NEW, CS_DB_ORIGINS);
    int rc = op ? CS_OK : CS_E_NOMEM;

    if (rc == CS_OK)
        rc = cs_rec_key_origin(origin, op->key);
    if (rc == CS_OK) {
        op->key_len = CS_KEY_ORIGIN_LEN;
        op->val = strdup(origin);
        op->val_len = strlen(origin);
        rc = op->val ? CS_OK : CS_E_NOMEM;
    }
    if (rc != CS_OK) {
        cs_st_op_free(op);
        cs_st_op_free(first);
        cs_st_op_free(second);
        return rc;
    }
    cs_st_op_push(b, op);
    cs_st_op_push(b, first);
    if (second)
        cs_st_op_push(b, second);
    return CS_OK;
}

int cs_store_put_fetch(struct cs_store_batch *b, const struct cs_fetch_record *rec)
{
    struct store_op *op = NULL;
    int rc;

    if (!b || !rec || !rec->url || !rec->origin || !rec->kind || !rec->method)
        return CS_E_INVALID;
    op = cs_st_op_new(OP_PUT, CS_DB_FETCHES);
    if (!op)
        return CS_E_NOMEM;
    op->key_len = CS_KEY_DOC_LEN;
    rc = cs_rec_key_doc(rec->origin, rec->url, op->key);
    if (rc == CS_OK)
        rc = cs_rec_encode_fetch(rec, &op->val, &op->val_len);
    if (rc != CS_OK) {
        cs_st_op_free(op);
        return rc;
    }
    return queue_ops(b, rec->origin, op, NULL);
}

void cs_st_put_u64(unsigned char *out, uint64_t id)
{
    for (int i = 0; i < 8; i++)
        out[i] = (unsigned char)(id >> (56 - 8 * i));
}

uint64_t cs_st_get_u64(const unsigned char *in)
{
    uint64_t v = 0;

    for (int i = 0; i < 8; i++)
        v = v << 8 | in[i];
    return v;
}

int cs_store_put_verdict(struct cs_store_batch *b, const struct cs_verdict_record *rec)
{
    struct store_op *op = NULL;
    int rc;

    if (!b || !rec || !rec->url || !rec->origin || !rec->json)
        return CS_E_INVALID;
    op = cs_st_op_new(OP_PUT, CS_DB_VERDICTS);
    if (!op)
        return CS_E_NOMEM;
    op->key_len = CS_KEY_DOC_LEN;
    rc = cs_rec_key_doc(rec->origin, rec->url, op->key);
    if (rc == CS_OK)
        rc = cs_rec_encode_verdict(rec, &op->val, &op->val_len);
    if (rc != CS_OK) {
        cs_st_op_free(op);
        return rc;
    }
    return queue_ops(b, rec->origin, op, NULL);
}

/* The blob op of a body: key = digest, value = a copy of the bytes (compressed at commit). */
static int blob_op(const char *body, size_t len, const unsigned char *digest, struct store_op **out)
{
    struct store_op *op = cs_st_op_new(OP_BLOB, CS_DB_BLOBS);

    *out = NULL;
    if (!op)
        return CS_E_NOMEM;
    op->val = malloc(len ? len : 1);
    if (!op->val) {
        cs_st_op_free(op);
        return CS_E_NOMEM;
    }
    if (len)
        memcpy(op->val, body, len);
    op->val_len = len;
    memcpy(op->key, digest, CS_KEY_SHA_LEN);
    op->key_len = CS_KEY_SHA_LEN;
    *out = op;
    return CS_OK;
}

int cs_store_put_hostfile(struct cs_store_batch *b, const struct cs_hostfile_record *rec,
                          const char *body, size_t len)
{
    struct cs_hostfile_record copy;
    struct store_op *blob = NULL;
    struct store_op *op = NULL;
    int rc;

    if (!b || !rec || !rec->origin || !rec->kind || !rec->outcome || (!body && len))
        return CS_E_INVALID;
    if (len > CS_BLOB_MAX)
        return CS_E_LIMIT;
    copy = *rec; /* Borrowed strings; the store fills the body fields */
    copy.has_body = rec->has_body || body;
    copy.body = NULL;
    copy.body_len = copy.has_body ? len : 0;
    memset(copy.body_sha256, 0, sizeof(copy.body_sha256));
    rc = copy.has_body ? cs_blob_sha256(body, len, copy.body_sha256) : CS_OK;
    if (rc == CS_OK && copy.has_body)
        rc = blob_op(body, len, copy.body_sha256, &blob);
    op = rc == CS_OK ? cs_st_op_new(OP_PUT, CS_DB_HOSTFILES) : NULL;
    if (rc == CS_OK && !op)
        rc = CS_E_NOMEM;
    if (rc == CS_OK)
        rc = cs_rec_key_hostfile(rec->origin, rec->kind, op->key, &op->key_len);
    if (rc == CS_OK)
        rc = cs_rec_encode_hostfile(&copy, &op->val, &op->val_len);
    if (rc != CS_OK) {
        cs_st_op_free(blob);
        cs_st_op_free(op);
        return rc;
    }
    /* the blob first: a host file record never names a missing body */
    return blob ? queue_ops(b, rec->origin, blob, op) : queue_ops(b, rec->origin, op, NULL);
}

int cs_store_note_signal(struct cs_store_batch *b, const char *origin, const char *signal,
                         const char *token, const char *value, int64_t now)
{
    struct store_op *op = NULL;
    int rc;

    if (!b || !origin || !signal || !token || !value)
        return CS_E_INVALID;
    op = cs_st_op_new(OP_SIGNAL, CS_DB_HISTORY);
    if (!op)
        return CS_E_NOMEM;
    rc = cs_rec_key_history(origin, signal, token, op->key, &op->key_len);
    if (rc == CS_OK) {
        op->note.signal = strdup(signal);
        op->note.token = strdup(token);
        op->note.value = strdup(value);
        if (!op->note.signal || !op->note.token || !op->note.value)
            rc = CS_E_NOMEM;
    }
    if (rc != CS_OK) {
        cs_st_op_free(op);
        return rc;
    }
    op->note.first_seen = now;
    op->note.last_seen = now;
    op->note.changed_at = now;
    return queue_ops(b, origin, op, NULL);
}

void cs_store_batch_abort(struct cs_store_batch *b)
{
    struct store_op *op;

    if (!b)
        return;
    while (b->head) {
        op = b->head;
        b->head = op->next;
        cs_st_op_free(op);
    }
    free(b);
}

/* ---- commit ----------------------------------------------------------------------------- */

/* Returns CS_OK, or CS_E_STORE with ctx->mdb_rc set. */
int cs_st_put_raw(struct commit_ctx *c, enum cs_db db, struct store_op *op, void *val, size_t len,
                  unsigned flags)
{
    MDB_val k = { op->key_len, op->key };
    MDB_val v = { len, val };
    int rc;

    /* NOOVERWRITE sets v to the stored value; the key array is not written by LMDB */
    rc = mdb_put(c->txn, c->st->dbi[db], &k, &v, flags);
    if (rc == MDB_SUCCESS || (rc == MDB_KEYEXIST && (flags & MDB_NOOVERWRITE)))
        return CS_OK;
    c->mdb_rc = rc;
    return CS_E_STORE;
}

static int apply_blob(struct commit_ctx *c, struct store_op *op)
{
    MDB_val k = { op->key_len, op->key };
    MDB_val v;
    int rc;

    rc = mdb_get(c->txn, c->st->dbi[CS_DB_BLOBS], &k, &v);
    if (rc == MDB_SUCCESS)
        return CS_OK; /* identical bytes are stored once */
    if (rc != MDB_NOTFOUND) {
        c->mdb_rc = rc;
        return CS_E_STORE;
    }
    if (!op->packed) {
        rc = cs_blob_pack(op->val, op->val_len, &op->packed, &op->packed_len);
        if (rc != CS_OK)
            return rc;
    }
    return cs_st_put_raw(c, CS_DB_BLOBS, op, op->packed, op->packed_len, MDB_NOOVERWRITE);
}

/* Reads the stored history entry into cur: CS_OK, CS_E_NOTFOUND, or an error. */
static int read_signal(struct commit_ctx *c, struct store_op *op, struct cs_rec_signal *cur)
{
    MDB_val k = { op->key_len, op->key };
    MDB_val v;
    int rc;

    rc = mdb_get(c->txn, c->st->dbi[CS_DB_HISTORY], &k, &v);
    if (rc == MDB_NOTFOUND)
        return CS_E_NOTFOUND;
    if (rc != MDB_SUCCESS) {
        c->mdb_rc = rc;
        return CS_E_STORE;
    }
    rc = cs_rec_decode_signal(v.mv_data, v.mv_size, cur);
    if (rc == CS_E_STORE) {
        cs_log(CS_LOG_WARN, "store '%s': malformed history entry replaced", c->st->dir);
        return CS_E_NOTFOUND;
    }
    return rc;
}

static int apply_signal(struct commit_ctx *c, struct store_op *op)
{
    struct cs_rec_signal cur = { 0 };
    struct cs_rec_signal next = op->note; /* Borrowed strings */
    char *val = NULL;
    size_t len = 0;
    int rc;

    rc = read_signal(c, op, &cur);
    if (rc == CS_OK) {
        next.first_seen = cur.first_seen;
        if (strcmp(cur.value, op->note.value) == 0) {
            next.value = cur.value;
            next.changed_at = cur.changed_at;
        }
    } else if (rc != CS_E_NOTFOUND) {
        goto out;
    }
    rc = cs_rec_encode_signal(&next, &val, &len);
    if (rc == CS_OK)
        rc = cs_st_put_raw(c, CS_DB_HISTORY, op, val, len, 0);
out:
    free(val);
    cs_rec_signal_release(&cur);
    return rc;
}

/* Deletes every key with the op's prefix: re-seeking after each delete is O(log n) a key, and
 * does not rely on where a cursor sits after mdb_cursor_del. */
int cs_st_apply_del_prefix(struct commit_ctx *c, struct store_op *op)
{
    MDB_cursor *cur = NULL;
    MDB_val k;
    MDB_val v;
    int rc = mdb_cursor_open(c->txn, c->st->dbi[op->db], &cur);

    while (rc == MDB_SUCCESS) {
        k.mv_size = op->key_len;
        k.mv_data = op->key;
        rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
        if (rc != MDB_SUCCESS || k.mv_size < op->key_len ||
            memcmp(k.mv_data, op->key, op->key_len) != 0)
            break;
        rc = mdb_cursor_del(cur, 0);
    }
    mdb_cursor_close(cur);
    if (rc == MDB_SUCCESS || rc == MDB_NOTFOUND)
        return CS_OK;
    c->mdb_rc = rc;
    return CS_E_STORE;
}

static int apply_op(struct commit_ctx *c, struct store_op *op)
{
    switch (op->kind) {
    case OP_PUT:
        return cs_st_put_raw(c, op->db, op, op->val, op->val_len, 0);
    case OP_PUT_NEW:
        return cs_st_put_raw(c, op->db, op, op->val, op->val_len, MDB_NOOVERWRITE);
    case OP_BLOB:
        return apply_blob(c, op);
    case OP_SIGNAL:
        return apply_signal(c, op);
    case OP_DEL_PREFIX:
        return cs_st_apply_del_prefix(c, op);
    case OP_FRONTIER:
        return cs_st_apply_frontier(c, op);
    case OP_APPLY:
        return op->apply(c->st, c->txn, op->arg, &c->mdb_rc);
    }
    return CS_E_INVALID;
}

static int commit_once(struct cs_store_batch *b, int *mdb_rc)
{
    struct commit_ctx c = { b->st, NULL, MDB_SUCCESS };
    int rc;

    rc = cs_st_txn_begin(b->st, 0, &c.txn);
    if (rc != MDB_SUCCESS) {
        *mdb_rc = rc;
        return CS_E_STORE;
    }
    rc = CS_OK;
    for (struct store_op *op = b->head; op && rc == CS_OK; op = op->next)
        rc = apply_op(&c, op);
    if (rc == CS_OK) {
        c.mdb_rc = cs_st_txn_end(b->st, c.txn, true);
        rc = c.mdb_rc == MDB_SUCCESS ? CS_OK : CS_E_STORE;
    } else {
        cs_st_txn_end(b->st, c.txn, false);
    }
    *mdb_rc = c.mdb_rc;
    return rc;
}

int cs_store_batch_commit(struct cs_store_batch *b, struct cs_diag *diag)
{
    int mdb_rc = MDB_SUCCESS;
    int grow_rc;
    int rc = CS_OK;

    if (!b)
        return CS_E_INVALID;
    for (int i = 0; i < MAX_TRIES; i++) {
        mdb_rc = MDB_SUCCESS;
        rc = commit_once(b, &mdb_rc);
        if (mdb_rc != MDB_MAP_FULL)
            break;
        /* the failed attempt wrote nothing: grow the map and apply the whole batch again */
        grow_rc = grow_map(b->st);
        if (grow_rc != MDB_SUCCESS) {
            mdb_rc = grow_rc;
            break;
        }
    }
    if (rc != CS_OK) {
        cs_diag_set(diag, 0, CS_E_STORE, "cannot write to store '%s': %s", b->st->dir,
                    mdb_rc != MDB_SUCCESS ? mdb_strerror(mdb_rc) : cs_strerror(rc));
        rc = CS_E_STORE; /* the contract: diag tells out of memory apart */
    }
    cs_store_batch_abort(b);
    return rc;
}

/* ---- reading ---------------------------------------------------------------------------- */

void cs_hostfile_record_free(struct cs_hostfile_record *rec)
{
    if (!rec)
        return;
    free(rec->origin);
    free(rec->kind);
    free(rec->outcome);
    free(rec->error);
    free(rec->final_url);
    free(rec->body);
    free(rec);
}

/* mdb_get mapped to cs_err: CS_OK, CS_E_NOTFOUND or CS_E_STORE. */
int cs_st_get_raw(struct cs_store *st, MDB_txn *txn, enum cs_db db, unsigned char *key,
                  size_t key_len, MDB_val *v)
{
    MDB_val k = { key_len, key };
    int rc = mdb_get(txn, st->dbi[db], &k, v);

    if (rc == MDB_SUCCESS)
        return CS_OK;
    if (rc == MDB_NOTFOUND)
        return CS_E_NOTFOUND;
    cs_log(CS_LOG_ERROR, "cannot read store '%s': %s", st->dir, mdb_strerror(rc));
    return CS_E_STORE;
}

/* Decompresses the body of rec and checks it against its digest. */
static int read_body(struct cs_store *st, MDB_txn *txn, struct cs_hostfile_record *rec)
{
    unsigned char digest[CS_KEY_SHA_LEN];
    MDB_val v;
    int rc;

    rc = cs_st_get_raw(st, txn, CS_DB_BLOBS, rec->body_sha256, CS_KEY_SHA_LEN, &v);
    if (rc == CS_E_NOTFOUND)
        rc = CS_E_STORE; /* a record naming a missing body */
    if (rc == CS_OK)
        rc = cs_blob_unpack(v.mv_data, v.mv_size, &rec->body, &rec->body_len);
    if (rc == CS_OK)
        rc = cs_blob_sha256(rec->body, rec->body_len, digest);
    if (rc == CS_OK && memcmp(digest, rec->body_sha256, CS_KEY_SHA_LEN) != 0)
        rc = CS_E_STORE;
    if (rc == CS_E_STORE)
        cs_log(CS_LOG_ERROR, "store '%s': unreadable host file body", st->dir);
    return rc;
}

int cs_store_get_hostfile(struct cs_store *st, const char *origin, const char *kind,
                          struct cs_hostfile_record **out)
{
    unsigned char key[CS_KEY_MAX];
    struct cs_hostfile_record *rec = NULL;
    MDB_txn *txn = NULL;
    size_t key_len = 0;
    MDB_val v;
    int rc;

    *out = NULL;
    if (!st)
        return CS_E_INVALID;
    rc = cs_rec_key_hostfile(origin, kind, key, &key_len);
    if (rc != CS_OK)
        return rc;
    if (cs_st_txn_begin(st, MDB_RDONLY, &txn) != MDB_SUCCESS)
        return CS_E_STORE;
    rc = cs_st_get_raw(st, txn, CS_DB_HOSTFILES, key, key_len, &v);
    if (rc == CS_OK)
        rc = cs_rec_decode_hostfile(v.mv_data, v.mv_size, &rec);
    if (rc == CS_OK && rec->has_body)
        rc = read_body(st, txn, rec);
    cs_st_txn_end(st, txn, false);
    if (rc == CS_OK) {
        *out = rec;
        rec = NULL;
    }
    cs_hostfile_record_free(rec);
    return rc;
}

int cs_store_get_signal_history(struct cs_store *st, const char *origin, const char *signal,
                                const char *token, struct cs_signal_history *out)
{
    unsigned char key[CS_KEY_MAX];
    struct cs_rec_signal s = { 0 };
    MDB_txn *txn = NULL;
    size_t key_len = 0;
    MDB_val v;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!st)
        return CS_E_INVALID;
    rc = cs_rec_key_history(origin, signal, token, key, &key_len);
    if (rc != CS_OK)
        return rc;
    if (cs_st_txn_begin(st, MDB_RDONLY, &txn) != MDB_SUCCESS)
        return CS_E_STORE;
    rc = cs_st_get_raw(st, txn, CS_DB_HISTORY, key, key_len, &v);
    if (rc == CS_OK)
        rc = cs_rec_decode_signal(v.mv_data, v.mv_size, &s);
    cs_st_txn_end(st, txn, false);
    if (rc == CS_OK) {
        out->first_seen = s.first_seen;
        out->last_seen = s.last_seen;
        out->changed_at = s.changed_at;
        snprintf(out->value, sizeof(out->value), "%s", s.value);
    }
    cs_rec_signal_release(&s);
    return rc;
}

typedef int decode_fn(const MDB_val *v, void *ctx);

/* Reads the value of (origin, url) in db within one read transaction and decodes it with fn
 * while the transaction still holds it. CS_OK, CS_E_NOTFOUND, CS_E_STORE or fn's code. */
static int read_doc(struct cs_store *st, enum cs_db db, const char *origin, const char *url,
                    decode_fn *fn, void *ctx)
{
    unsigned char key[CS_KEY_DOC_LEN];
    MDB_txn *txn = NULL;
    MDB_val v;
    int rc;

    if (!st)
        return CS_E_INVALID;
    rc = cs_rec_key_doc(origin, url, key);
    if (rc != CS_OK)
        return rc;
    if (cs_st_txn_begin(st, MDB_RDONLY, &txn) != MDB_SUCCESS)
        return CS_E_STORE;
    rc = cs_st_get_raw(st, txn, db, key, sizeof(key), &v);
    if (rc == CS_OK)
        rc = fn(&v, ctx);
    cs_st_txn_end(st, txn, false);
    return rc;
}

static int decode_verdict(const MDB_val *v, void *ctx)
{
    return cs_rec_decode_verdict(v->mv_data, v->mv_size, ctx);
}

int cs_store_get_verdict(struct cs_store *st, const char *origin, const char *url, char **json_out)
{
    struct cs_rec_verdict rec = { 0 };
    int rc;

    *json_out = NULL;
    rc = read_doc(st, CS_DB_VERDICTS, origin, url, decode_verdict, &rec);
    /* the key is a digest: the stored URL settles a (theoretical) collision */
    if (rc == CS_OK && strcmp(rec.url, url) != 0)
        rc = CS_E_NOTFOUND;
    if (rc == CS_OK) {
        *json_out = rec.json;
        rec.json = NULL;
    }
    cs_rec_verdict_release(&rec);
    return rc;
}

/* Calls fn for one stored verdict value; *bad tells a malformed record from fn's own codes. */
static int visit_verdict(const MDB_val *v, bool flagged_only, cs_store_verdict_fn *fn, void *ctx,
                         bool *bad)
{
    struct cs_rec_verdict rec = { 0 };
    struct cs_verdict_record pub;
    unsigned flags = 0;
    int rc;

    rc = cs_rec_check(v->mv_data, v->mv_size, CS_REC_VERDICT, &flags);
    if (rc == CS_OK && flagged_only && !(flags & CS_REC_F_FLAGGED))
        return CS_OK;
    if (rc == CS_OK)
        rc = cs_rec_decode_verdict(v->mv_data, v->mv_size, &rec);
    if (rc != CS_OK) {
        *bad = rc == CS_E_STORE;
        return rc;
    }
    pub.url = rec.url;
    pub.origin = rec.origin;
    pub.checked_at = rec.checked_at;
    pub.flagged = rec.flagged;
    pub.parser_version = rec.parser_version;
    pub.json = rec.json;
    rc = fn(&pub, ctx);
    cs_rec_verdict_release(&rec);
    return rc;
}

int cs_store_iter_verdicts(struct cs_store *st, bool flagged_only, cs_store_verdict_fn *fn,
                           void *ctx, struct cs_diag *diag)
{
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    MDB_val k;
    MDB_val v;
    bool bad = false;
    int mrc;
    int rc = CS_OK;

    if (!st || !fn)
        return CS_E_INVALID;
    mrc = cs_st_txn_begin(st, MDB_RDONLY, &txn);
    if (mrc == MDB_SUCCESS) {
        mrc = mdb_cursor_open(txn, st->dbi[CS_DB_VERDICTS], &cur);
        if (mrc != MDB_SUCCESS)
            cs_st_txn_end(st, txn, false);
    }
    if (mrc != MDB_SUCCESS) {
        cs_diag_set(diag, 0, CS_E_STORE, "cannot read store '%s': %s", st->dir, mdb_strerror(mrc));
        return CS_E_STORE;
    }
    mrc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    while (mrc == MDB_SUCCESS && rc == CS_OK) {
        rc = visit_verdict(&v, flagged_only, fn, ctx, &bad);
        if (rc == CS_OK)
            mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(cur);
    cs_st_txn_end(st, txn, false);
    if (bad || (rc == CS_OK && mrc != MDB_SUCCESS && mrc != MDB_NOTFOUND)) {
        cs_diag_set(diag, 0, CS_E_STORE, "cannot read verdicts in store '%s': %s", st->dir,
                    bad ? "malformed record" : mdb_strerror(mrc));
        rc = CS_E_STORE;
    }
    return rc;
}

int cs_store_stats(struct cs_store *st, struct cs_store_stats *out)
{
    static const enum cs_db dbs[] = { CS_DB_FETCHES, CS_DB_VERDICTS, CS_DB_HOSTFILES, CS_DB_BLOBS,
                                      CS_DB_HISTORY };

    size_t *counts[] = { &out->fetches, &out->verdicts, &out->hostfiles, &out->blobs,
                         &out->history };
    MDB_txn *txn = NULL;
    MDB_envinfo info;
    MDB_stat ms;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!st)
        return CS_E_INVALID;
    rc = cs_st_txn_begin(st, MDB_RDONLY, &txn);
    if (rc == MDB_SUCCESS) {
        for (size_t i = 0; i < CS_ARRAY_LEN(dbs) && rc == MDB_SUCCESS; i++) {
            rc = mdb_stat(txn, st->dbi[dbs[i]], &ms);
            *counts[i] = rc == MDB_SUCCESS ? ms.ms_entries : 0;
        }
        cs_st_txn_end(st, txn, false);
    }
    if (rc == MDB_SUCCESS)
        rc = mdb_env_info(st->env, &info);
    if (rc != MDB_SUCCESS) {
        cs_log(CS_LOG_ERROR, "cannot read store '%s': %s", st->dir, mdb_strerror(rc));
        return CS_E_STORE;
    }
    out->map_size = info.me_mapsize;
    return CS_OK;
}

/* ---- runs ------------------------------------------------------------------------------- */

/* Key of input_key's run: "k" + SHA-256 of the key, so any input name fits. */
static int run_key(const char *input_key, unsigned char *out, size_t *len)
{
    out[0] = 'k';
    *len = 1 + CS_KEY_SHA_LEN;
    return cs_blob_sha256(input_key, strlen(input_key), out + 1);
}

/* Reads "last" and the run of key: "ID STARTED FINISHED" text values. */
static int read_runs(struct cs_store *st, unsigned char *key, size_t key_len, uint64_t *last,
                     unsigned long long run[3], bool *found)
{
    unsigned char last_key[4] = { 'l', 'a', 's', 't' };
    char buf[96];
    MDB_txn *txn = NULL;
    MDB_val v;
    int rc;

    *last = 0;
    *found = false;
    if (cs_st_txn_begin(st, MDB_RDONLY, &txn) != MDB_SUCCESS)
        return CS_E_STORE;
    rc = cs_st_get_raw(st, txn, CS_DB_RUNS, last_key, 4, &v);
    if (rc == CS_OK && v.mv_size < sizeof(buf)) {
        memcpy(buf, v.mv_data, v.mv_size);
        buf[v.mv_size] = '\0';
        *last = strtoull(buf, NULL, 10);
    }
    rc = cs_st_get_raw(st, txn, CS_DB_RUNS, key, key_len, &v);
    if (rc == CS_OK && v.mv_size < sizeof(buf)) {
        memcpy(buf, v.mv_data, v.mv_size);
        buf[v.mv_size] = '\0';
        *found = sscanf(buf, "%llu %llu %llu", &run[0], &run[1], &run[2]) == 3;
    }
    cs_st_txn_end(st, txn, false);
    return rc == CS_OK || rc == CS_E_NOTFOUND ? CS_OK : rc;
}

struct store_op *cs_st_text_op(enum cs_db db, const void *key, size_t key_len, const char *text)
{
    struct store_op *op = cs_st_op_new(OP_PUT, db);

    if (!op)
        return NULL;
    memcpy(op->key, key, key_len);
    op->key_len = key_len;
    op->val = strdup(text);
    op->val_len = op->val ? strlen(text) : 0;
    if (!op->val) {
        cs_st_op_free(op);
        return NULL;
    }
    return op;
}

/* Commits the given ops (Takes them; NULLs mean out of memory) in one batch. */
int cs_st_commit_ops(struct cs_store *st, struct store_op **ops, size_t n, struct cs_diag *diag)
{
    struct cs_store_batch *b = NULL;
    int rc = cs_store_batch_begin(st, &b);

    for (size_t i = 0; i < n; i++) {
        if (!ops[i])
            rc = CS_E_NOMEM;
        else if (rc == CS_OK)
            cs_st_op_push(b, ops[i]);
        else
            cs_st_op_free(ops[i]);
    }
    if (rc != CS_OK) {
        cs_store_batch_abort(b);
        return rc;
    }
    return cs_store_batch_commit(b, diag);
}

int cs_store_run_start(struct cs_store *st, const char *input_key, int64_t now, struct cs_run *out,
                       struct cs_diag *diag)
{
    unsigned char key[1 + CS_KEY_SHA_LEN];
    unsigned long long run[3] = { 0 };
    struct store_op *ops[2];
    char text[96];
    uint64_t last;
    size_t key_len;
    bool found;
    int rc;

    memset(out, 0, sizeof(*out));
    rc = run_key(input_key, key, &key_len);
    if (rc == CS_OK)
        rc = read_runs(st, key, key_len, &last, run, &found);
    if (rc != CS_OK)
        return rc;
    if (found && run[2] == 0) { /* unfinished: resume it */
        out->id = run[0];
        out->started_at = (int64_t)run[1];
        out->resumed = true;
        return CS_OK;
    }
    out->id = last + 1;
    out->started_at = now;
    snprintf(text, sizeof(text), "%llu", (unsigned long long)out->id);
    ops[0] = cs_st_text_op(CS_DB_RUNS, "last", 4, text);
    snprintf(text, sizeof(text), "%llu %lld 0", (unsigned long long)out->id, (long long)now);
    ops[1] = cs_st_text_op(CS_DB_RUNS, key, key_len, text);
    return cs_st_commit_ops(st, ops, 2, diag);
}

/* Deletes every key of run in db (keys: tag || run id || ...); NULL on out of memory. */
static struct store_op *del_run_op(enum cs_db db, const char *tag, uint64_t run)
{
    struct store_op *op = cs_st_op_new(OP_DEL_PREFIX, db);
    size_t n = strlen(tag);

    if (op) {
        memcpy(op->key, tag, n);
        cs_st_put_u64(op->key + n, run);
        op->key_len = n + 8;
    }
    return op;
}

int cs_store_run_finish(struct cs_store *st, const char *input_key, const struct cs_run *run,
                        int64_t now, struct cs_diag *diag)
{
    unsigned char key[1 + CS_KEY_SHA_LEN];
    struct store_op *ops[5];
    char text[96];
    size_t key_len;

    if (run_key(input_key, key, &key_len) != CS_OK)
        return CS_E_NOMEM;
    snprintf(text, sizeof(text), "%llu %lld %lld", (unsigned long long)run->id,
             (long long)run->started_at, (long long)(now > 0 ? now : 1));
    ops[0] = cs_st_text_op(CS_DB_RUNS, key, key_len, text);
    ops[1] = del_run_op(CS_DB_FRONTIER, "", run->id);
    ops[2] = del_run_op(CS_DB_SEEN, "", run->id);
    ops[3] = del_run_op(CS_DB_RUNS, "c", run->id); /* the input cursor */
    ops[4] = del_run_op(CS_DB_RUNS, "n", run->id); /* the entry counter */
    return cs_st_commit_ops(st, ops, 5, diag);
}

/* ---- stored fetches ----------------------------------------------------------------------- */

void cs_fetch_stored_free(struct cs_fetch_stored *f)
{
    if (!f)
        return;
    free(f->final_url);
    free(f->method);
    free(f->error);
    free(f->headers);
    free(f->meta);
    free(f);
}

struct fetch_ctx {
    struct cs_fetch_stored *f;
    char *url;
};

static int decode_fetch(const MDB_val *v, void *ctx)
{
    struct fetch_ctx *fc = ctx;

    fc->f = cs_rec_decode_fetch(v->mv_data, v->mv_size, &fc->url);
    return fc->f ? CS_OK : CS_E_STORE;
}

int cs_store_get_fetch(struct cs_store *st, const char *origin, const char *url,
                       struct cs_fetch_stored **out)
{
    struct fetch_ctx fc = { NULL, NULL };
    int rc;

    *out = NULL;
    rc = read_doc(st, CS_DB_FETCHES, origin, url, decode_fetch, &fc);
    /* the key is a digest: the stored URL settles a (theoretical) collision */
    if (rc == CS_OK && strcmp(fc.url, url) != 0)
        rc = CS_E_NOTFOUND;
    free(fc.url);
    if (rc != CS_OK) {
        cs_fetch_stored_free(fc.f);
        return rc;
    }
    *out = fc.f;
    return CS_OK;
}

/* ---- hooks for the other modules of store/ (store_int.h) -------------------------------- */

bool cs_store_dbi(const struct cs_store *st, enum cs_db db, MDB_dbi *dbi)
{
    *dbi = st->dbi[db];
    return !st->absent[db];
}

const char *cs_store_dir(const struct cs_store *st)
{
    return st->dir;
}

int cs_store_batch_apply(struct cs_store_batch *b, cs_store_apply_fn *fn, void *arg,
                         void (*free_arg)(void *))
{
    struct store_op *op = b && fn ? cs_st_op_new(OP_APPLY, CS_DB_META) : NULL;

    if (!op) {
        if (free_arg)
            free_arg(arg);
        return b && fn ? CS_E_NOMEM : CS_E_INVALID;
    }
    op->apply = fn;
    op->arg = arg;
    op->free_arg = free_arg;
    cs_st_op_push(b, op);
    return CS_OK;
}

int cs_store_verdict_flags(struct cs_store *st, const char *origin, const char *url, bool *flagged,
                           bool *unknown)
{
    unsigned char key[CS_KEY_DOC_LEN];
    MDB_txn *txn = NULL;
    unsigned flags = 0;
    MDB_val v;
    int rc = cs_rec_key_doc(origin, url, key);

    *flagged = *unknown = false;
    if (rc != CS_OK)
        return rc;
    if (cs_st_txn_begin(st, MDB_RDONLY, &txn) != MDB_SUCCESS)
        return CS_E_STORE;
    rc = cs_st_get_raw(st, txn, CS_DB_VERDICTS, key, sizeof(key), &v);
    if (rc == CS_OK)
        rc = cs_rec_check(v.mv_data, v.mv_size, CS_REC_VERDICT, &flags);
    cs_st_txn_end(st, txn, false);
    *flagged = rc == CS_OK && (flags & CS_REC_F_FLAGGED);
    *unknown = rc == CS_OK && (flags & CS_REC_F_UNKNOWN);
    return rc;
}
