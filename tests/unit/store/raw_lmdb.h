/* SPDX-License-Identifier: MIT
 * raw_lmdb.h - for the store's tests only: write one value with raw LMDB, behind the store's
 * back, to build stores the store itself would never write (newer schema, broken records).
 */
#ifndef CS_TEST_RAW_LMDB_H
#define CS_TEST_RAW_LMDB_H

#include <lmdb.h>

/* Opens the store in dir with raw LMDB and starts a write transaction on db. Returns 0 or an
 * LMDB error (then *env is closed and NULL). */
CS_UNUSED static int raw_begin(const char *dir, const char *db, MDB_env **env, MDB_txn **txn,
                               MDB_dbi *dbi)
{
    int rc = mdb_env_create(env);

    *txn = NULL;
    if (rc == 0)
        rc = mdb_env_set_maxdbs(*env, 16);
    if (rc == 0)
        rc = mdb_env_open(*env, dir, 0, 0644);
    if (rc == 0)
        rc = mdb_txn_begin(*env, NULL, 0, txn);
    if (rc == 0)
        rc = mdb_dbi_open(*txn, db, 0, dbi);
    if (rc != 0) {
        if (*txn)
            mdb_txn_abort(*txn);
        mdb_env_close(*env);
        *env = NULL;
        *txn = NULL;
    }
    return rc;
}

/* Commits (rc == 0) or aborts txn and closes env; returns the final code. */
static int raw_end(MDB_env *env, MDB_txn *txn, int rc)
{
    if (rc == 0)
        rc = mdb_txn_commit(txn);
    else
        mdb_txn_abort(txn);
    mdb_env_close(env);
    return rc;
}

/* Puts (key, val) into the named database of the store in dir. Returns 0 or an LMDB error. */
CS_UNUSED static int raw_put(const char *dir, const char *db, const void *key, size_t klen,
                             const void *val, size_t vlen)
{
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;
    MDB_dbi dbi;
    MDB_val k = { klen, (void *)(uintptr_t)key };
    MDB_val v = { vlen, (void *)(uintptr_t)val };
    int rc = raw_begin(dir, db, &env, &txn, &dbi);

    if (rc != 0)
        return rc;
    return raw_end(env, txn, mdb_put(txn, dbi, &k, &v, 0));
}

#endif
