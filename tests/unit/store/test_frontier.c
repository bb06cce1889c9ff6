/* SPDX-License-Identifier: MIT
 * test_frontier.c - the crawl frontier in the store (store.h "the crawl frontier"; issue 3):
 * entries in order, once per (kind, key) and run, taken out with their result, the input
 * cursor, a finished run leaving nothing behind, and an old store without the frontier's
 * databases read as empty.
 */
#include "cs_setup.h"

#include "cs_err.h"
#include "store.h"
#include "testlib.h"

#include "raw_lmdb.h"
#include <stdlib.h>
#include <string.h>

struct seen {
    char text[16][64];
    uint64_t seq[16];
    size_t n;
};

static int collect(const struct cs_frontier_entry *e, void *ctx)
{
    struct seen *s = ctx;

    if (s->n < 16) {
        snprintf(s->text[s->n], sizeof(s->text[0]), "%c %s|%s", e->kind, e->input, e->extra);
        s->seq[s->n++] = e->seq;
    }
    return CS_OK;
}

static void add(struct cs_store *st, uint64_t run, uint64_t seq, int kind, const char *input,
                const char *extra, const char *key)
{
    struct cs_store_batch *b = NULL;
    struct cs_frontier_entry e = { seq, kind, input, extra };

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_frontier_add(b, run, &e, key), CS_OK);
    CS_CHECK_INT_EQ(cs_store_batch_commit(b, NULL), CS_OK);
}

static void read_all(struct cs_store *st, uint64_t run, uint64_t after, struct seen *s)
{
    size_t n = 0;

    memset(s, 0, sizeof(*s));
    CS_CHECK_INT_EQ(cs_store_frontier_read(st, run, after, 100, collect, s, &n), CS_OK);
    CS_CHECK_INT_EQ(n, s->n);
}

static void order_dedupe_done(struct cs_store *st)
{
    struct cs_store_batch *b = NULL;
    struct seen s;
    uint64_t last = 0;
    size_t pending = 0;

    add(st, 101, 1, 'W', "https://a.example/x", "", "https://a.example/x");
    add(st, 101, 2, 'W', "HTTPS://A.example/x", "", "https://a.example/x"); /* same work */
    add(st, 101, 3, 'C', "https://a.example/x", "hf:datasets/d", "https://a.example/x");
    add(st, 101, 4, 'W', "https://b.example/", "", "https://b.example/");
    add(st, 102, 1, 'W', "https://a.example/x", "", "https://a.example/x"); /* another run */
    read_all(st, 101, 0, &s);
    CS_CHECK_INT_EQ(s.n, 3);
    CS_CHECK_STR_EQ(s.text[0], "W https://a.example/x|");
    CS_CHECK_STR_EQ(s.text[1], "C https://a.example/x|hf:datasets/d");
    CS_CHECK_STR_EQ(s.text[2], "W https://b.example/|");
    /* numbered at commit, a duplicate takes no number */
    CS_CHECK_INT_EQ(s.seq[0], 1);
    CS_CHECK_INT_EQ(s.seq[2], 3);
    read_all(st, 101, 2, &s);
    CS_CHECK_INT_EQ(s.n, 1);
    CS_CHECK_INT_EQ(cs_store_frontier_state(st, 101, &last, &pending), CS_OK);
    CS_CHECK_INT_EQ(last, 3);
    CS_CHECK_INT_EQ(pending, 3);

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_frontier_done(b, 101, 1), CS_OK);
    CS_CHECK_INT_EQ(cs_store_batch_commit(b, NULL), CS_OK);
    read_all(st, 101, 0, &s);
    CS_CHECK_INT_EQ(s.n, 2);
    /* numbers keep growing after the last entry left: a reader past N misses nothing */
    add(st, 101, 0, 'W', "https://f.example/", "", "https://f.example/");
    read_all(st, 101, 3, &s);
    CS_CHECK_INT_EQ(s.n, 1);
    CS_CHECK_INT_EQ(s.seq[0], 4);
    /* done work added again in the same run stays done */
    add(st, 101, 5, 'W', "https://a.example/x", "", "https://a.example/x");
    read_all(st, 101, 0, &s);
    CS_CHECK_INT_EQ(s.n, 3);
    read_all(st, 102, 0, &s);
    CS_CHECK_INT_EQ(s.n, 1);
}

/* A batch that is aborted queues nothing: the frontier changes only with a commit. */
static void abort_keeps_nothing(struct cs_store *st)
{
    struct cs_store_batch *b = NULL;
    struct cs_frontier_entry e = { 1, 'W', "https://c.example/", "" };
    struct seen s;

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_frontier_add(b, 7, &e, "https://c.example/"), CS_OK);
    cs_store_batch_abort(b);
    read_all(st, 7, 0, &s);
    CS_CHECK_INT_EQ(s.n, 0);
    e.kind = 0;
    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_frontier_add(b, 7, &e, "x"), CS_E_INVALID);
    cs_store_batch_abort(b);
}

static void cursor_and_finish(struct cs_store *st)
{
    struct cs_store_batch *b = NULL;
    struct cs_run run;
    struct seen s;
    char *text = NULL;

    CS_CHECK_INT_EQ(cs_store_run_start(st, "urls:list", 100, &run, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_store_run_get_cursor(st, run.id, &text), CS_E_NOTFOUND);
    add(st, run.id, 1, 'W', "https://d.example/", "", "https://d.example/");
    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_run_set_cursor(b, run.id, "42 3 1"), CS_OK);
    CS_CHECK_INT_EQ(cs_store_batch_commit(b, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_store_run_get_cursor(st, run.id, &text), CS_OK);
    CS_CHECK_STR_EQ(text, "42 3 1");
    free(text);
    CS_CHECK_INT_EQ(cs_store_run_finish(st, "urls:list", &run, 200, NULL), CS_OK);
    read_all(st, run.id, 0, &s);
    CS_CHECK_INT_EQ(s.n, 0);
    CS_CHECK_INT_EQ(cs_store_run_get_cursor(st, run.id, &text), CS_E_NOTFOUND);
    /* a new run of the same input may queue the same work again */
    CS_CHECK_INT_EQ(cs_store_run_start(st, "urls:list", 300, &run, NULL), CS_OK);
    add(st, run.id, 1, 'W', "https://d.example/", "", "https://d.example/");
    read_all(st, run.id, 0, &s);
    CS_CHECK_INT_EQ(s.n, 1);
}

/* A store made before the frontier existed: a reader sees an empty frontier, a writer adds the
 * databases. */
static void old_store(const char *dir)
{
    struct cs_store *st = NULL;
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;
    MDB_dbi dbi;
    uint64_t last = 1;
    size_t pending = 1;

    CS_CHECK_INT_EQ(cs_store_open(dir, 0, &st, NULL), CS_OK);
    cs_store_close(st);
    CS_CHECK_INT_EQ(raw_begin(dir, "frontier", &env, &txn, &dbi), 0);
    CS_CHECK_INT_EQ(mdb_drop(txn, dbi, 1), 0);
    CS_CHECK_INT_EQ(mdb_dbi_open(txn, "seen", 0, &dbi), 0);
    CS_CHECK_INT_EQ(mdb_drop(txn, dbi, 1), 0);
    CS_CHECK_INT_EQ(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
    CS_CHECK_INT_EQ(cs_store_open(dir, CS_STORE_RDONLY, &st, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_store_frontier_state(st, 1, &last, &pending), CS_OK);
    CS_CHECK_INT_EQ(last, 0);
    CS_CHECK_INT_EQ(pending, 0);
    cs_store_close(st);
    CS_CHECK_INT_EQ(cs_store_open(dir, 0, &st, NULL), CS_OK);
    add(st, 1, 1, 'W', "https://e.example/", "", "https://e.example/");
    CS_CHECK_INT_EQ(cs_store_frontier_state(st, 1, &last, &pending), CS_OK);
    CS_CHECK_INT_EQ(pending, 1);
    cs_store_close(st);
}

int main(void)
{
    char tmpl[] = "/tmp/cs_test_frontier_XXXXXX";
    char *dir = mkdtemp(tmpl);
    char old[64];
    struct cs_store *st = NULL;

    CS_CHECK(dir != NULL);
    if (!dir)
        return cs_test_done();
    CS_CHECK_INT_EQ(cs_store_open(dir, 0, &st, NULL), CS_OK);
    if (st) {
        order_dedupe_done(st);
        abort_keeps_nothing(st);
        cursor_and_finish(st);
        cs_store_close(st);
    }
    snprintf(old, sizeof(old), "%s/old", dir);
    old_store(old);
    cs_test_remove_tree(dir);
    return cs_test_done();
}
