/* SPDX-License-Identifier: MIT
 * test_store.c - the LMDB store (store/store.h): open/create/reopen, schema and directory
 * errors, batches, blob dedupe, host file bodies, signal history, map growth, readers beside a
 * writer (same process and other processes), stale reader slots.
 */
#include "cs_setup.h"

#include "cs_err.h"
#include "cs_log.h"
#include "export.h"
#include "store.h"
#include "testlib.h"

#include "raw_lmdb.h"
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- helpers ---------------------------------------------------------------------------- */

static void quiet_log(enum cs_log_level level, const char *msg, void *ctx);

static int log_count; /* "map grown" messages seen by count_log */

static void count_log(enum cs_log_level level, const char *msg, void *ctx)
{
    (void)level;
    (void)ctx;
    if (strstr(msg, "map grown"))
        log_count++;
}

static char *make_tmp(void)
{
    char tmpl[] = "/tmp/cs_test_store_XXXXXX";
    char *dir = mkdtemp(tmpl);

    return dir ? strdup(dir) : NULL;
}

static char *sub(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static struct cs_store *open_rw(const char *dir)
{
    struct cs_diag diag = { 0 };
    struct cs_store *st = NULL;
    int rc = cs_store_open(dir, 0, &st, &diag);

    CS_CHECK_INT_EQ(rc, CS_OK);
    if (rc != CS_OK)
        fprintf(stderr, "open: %s\n", diag.msg);
    return st;
}

static char *verdict_json(const char *url, int n)
{
    char *buf = malloc(256);

    if (buf)
        snprintf(buf, 256, "{\"url\":\"%s\",\"n\":%d,\"flagged\":false}", url, n);
    return buf;
}

static int put_verdict(struct cs_store_batch *b, const char *origin, const char *url, int n,
                       bool flagged)
{
    char *json = verdict_json(url, n);
    struct cs_verdict_record rec = { url, origin, 1000 + n, flagged, "1", json, false };
    int rc = json ? cs_store_put_verdict(b, &rec) : CS_E_NOMEM;

    free(json);
    return rc;
}

static int commit(struct cs_store_batch *b)
{
    struct cs_diag diag = { 0 };
    int rc = cs_store_batch_commit(b, &diag);

    if (rc != CS_OK)
        fprintf(stderr, "commit: %s\n", diag.msg);
    return rc;
}

/* Writes meta/schema = value with raw LMDB, as a newer consentscan would. */
static int raw_set_schema(const char *dir, const char *value)
{
    return raw_put(dir, "meta", "schema", 6, value, strlen(value));
}

/* ---- open ------------------------------------------------------------------------------- */

static void test_open_create_reopen(void)
{
    char *tmp = make_tmp();
    char *dir = sub(tmp, "parent/store"); /* the parent is missing too */
    struct cs_store_stats stats;
    struct cs_store *st = NULL;
    struct cs_diag diag = { 0 };

    st = open_rw(dir);
    CS_CHECK(st != NULL);
    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    CS_CHECK_INT_EQ(stats.verdicts + stats.fetches + stats.hostfiles + stats.blobs, 0);
    CS_CHECK(stats.map_size >= ((uint64_t)64 << 20));
    cs_store_close(st);

    st = open_rw(dir); /* reopen */
    CS_CHECK(st != NULL);
    cs_store_close(st);

    st = NULL;
    CS_CHECK_INT_EQ(cs_store_open(dir, CS_STORE_RDONLY, &st, &diag), CS_OK);
    CS_CHECK(st != NULL);
    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    cs_store_close(st);
    cs_store_close(NULL);

    cs_test_remove_tree(tmp);
    free(dir);
    free(tmp);
}

static void test_rdonly_missing(void)
{
    char *tmp = make_tmp();
    char *dir = sub(tmp, "nothing");
    struct cs_store *st = NULL;
    struct cs_diag diag = { 0 };
    char want[512];

    CS_CHECK_INT_EQ(cs_store_open(dir, CS_STORE_RDONLY, &st, &diag), CS_E_NOTFOUND);
    CS_CHECK(st == NULL);
    snprintf(want, sizeof(want), "no store at '%s'", dir);
    CS_CHECK_STR_EQ(diag.msg, want);
    /* and nothing was created */
    CS_CHECK(access(dir, F_OK) != 0);

    cs_test_remove_tree(tmp);
    free(dir);
    free(tmp);
}

static void test_schema_too_new(void)
{
    char *tmp = make_tmp();
    char *dir = sub(tmp, "store");
    struct cs_store *st = open_rw(dir);
    struct cs_diag diag = { 0 };
    char want[512];

    cs_store_close(st);
    CS_CHECK_INT_EQ(raw_set_schema(dir, "2"), 0);
    st = NULL;
    CS_CHECK_INT_EQ(cs_store_open(dir, 0, &st, &diag), CS_E_VERSION);
    CS_CHECK(st == NULL);
    snprintf(want, sizeof(want),
             "store '%s' was written by schema 2; this consentscan reads up to 1", dir);
    CS_CHECK_STR_EQ(diag.msg, want);
    memset(&diag, 0, sizeof(diag));
    CS_CHECK_INT_EQ(cs_store_open(dir, CS_STORE_RDONLY, &st, &diag), CS_E_VERSION);
    CS_CHECK_STR_EQ(diag.msg, want);

    CS_CHECK_INT_EQ(raw_set_schema(dir, "x1"), 0);
    memset(&diag, 0, sizeof(diag));
    CS_CHECK_INT_EQ(cs_store_open(dir, 0, &st, &diag), CS_E_STORE);
    CS_CHECK(strstr(diag.msg, "malformed schema version") != NULL);

    CS_CHECK_INT_EQ(raw_set_schema(dir, "1"), 0); /* back to a readable store */
    st = open_rw(dir);
    CS_CHECK(st != NULL);
    cs_store_close(st);

    cs_test_remove_tree(tmp);
    free(dir);
    free(tmp);
}

/* Checks that run without write permission: a directory that cannot be created in, and an
 * existing store directory that cannot be written. */
static void check_no_permission(const char *tmp)
{
    char *locked = sub(tmp, "locked");
    char *inner = sub(locked, "store");
    char *ro = sub(tmp, "ro");
    struct cs_store *st = NULL;
    struct cs_diag diag = { 0 };
    char want[512];
    int rc;

    rc = cs_store_open(inner, 0, &st, &diag);
    CS_CHECK_INT_EQ(rc, CS_E_IO);
    CS_CHECK(st == NULL);
    snprintf(want, sizeof(want), "cannot create store directory '%s': %s", inner, strerror(EACCES));
    CS_CHECK_STR_EQ(diag.msg, want);

    memset(&diag, 0, sizeof(diag));
    CS_CHECK_INT_EQ(cs_store_open(ro, 0, &st, &diag), CS_E_STORE);
    snprintf(want, sizeof(want), "cannot open store '%s': %s", ro, strerror(EACCES));
    CS_CHECK_STR_EQ(diag.msg, want);
    free(ro);
    free(inner);
    free(locked);
}

/* Runs check_no_permission as a user that permissions stop: this one, or, under root (which
 * chmod does not stop), a child process that dropped to nobody. */
static void run_no_permission(const char *tmp)
{
    pid_t pid;
    int status = 0;

    if (geteuid() != 0) {
        check_no_permission(tmp);
        return;
    }
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(3);
        check_no_permission(tmp);
        _exit(cs_test_failed ? 1 : 0);
    }
    CS_CHECK(waitpid(pid, &status, 0) == pid);
    CS_CHECK(WIFEXITED(status));
    CS_CHECK_INT_EQ(WEXITSTATUS(status), 0);
}

static void test_unwritable(void)
{
    char *tmp = make_tmp();
    char *file = sub(tmp, "file");
    char *dir = sub(file, "store");
    char *locked = sub(tmp, "locked");
    char *ro = sub(tmp, "ro");
    struct cs_store *st = NULL;
    struct cs_diag diag = { 0 };
    char want[512];
    FILE *f = fopen(file, "w");
    int rc;

    CS_CHECK(f != NULL);
    if (f)
        fclose(f);
    /* a path under a regular file fails even for root */
    rc = cs_store_open(dir, 0, &st, &diag);
    CS_CHECK_INT_EQ(rc, CS_E_IO);
    CS_CHECK(st == NULL);
    snprintf(want, sizeof(want), "cannot create store directory '%s': %s", dir, strerror(ENOTDIR));
    CS_CHECK_STR_EQ(diag.msg, want);

    /* the file itself as the store directory */
    memset(&diag, 0, sizeof(diag));
    CS_CHECK_INT_EQ(cs_store_open(file, 0, &st, &diag), CS_E_STORE);
    snprintf(want, sizeof(want), "cannot open store '%s': %s", file, strerror(ENOTDIR));
    CS_CHECK_STR_EQ(diag.msg, want);

    /* read-only directories: the temporary directory must be searchable by nobody */
    CS_CHECK_INT_EQ(chmod(tmp, 0755), 0);
    CS_CHECK_INT_EQ(mkdir(locked, 0555), 0);
    CS_CHECK_INT_EQ(mkdir(ro, 0555), 0);
    run_no_permission(tmp);
    chmod(locked, 0700);
    chmod(ro, 0700);

    cs_test_remove_tree(tmp);
    free(ro);
    free(locked);
    free(dir);
    free(file);
    free(tmp);
}

static void test_default_dir(void)
{
    char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    char *old_xdg = getenv("XDG_DATA_HOME") ? strdup(getenv("XDG_DATA_HOME")) : NULL;
    char *d;

    setenv("XDG_DATA_HOME", "/data/x", 1);
    d = cs_store_default_dir();
    CS_CHECK_STR_EQ(d, "/data/x/consentscan");
    free(d);
    setenv("XDG_DATA_HOME", "relative", 1); /* invalid per the XDG spec: ignored */
    setenv("HOME", "/home/u", 1);
    d = cs_store_default_dir();
    CS_CHECK_STR_EQ(d, "/home/u/.local/share/consentscan");
    free(d);
    unsetenv("XDG_DATA_HOME");
    d = cs_store_default_dir();
    CS_CHECK_STR_EQ(d, "/home/u/.local/share/consentscan");
    free(d);
    unsetenv("HOME");
    CS_CHECK(cs_store_default_dir() == NULL);

    if (old_home)
        setenv("HOME", old_home, 1);
    if (old_xdg)
        setenv("XDG_DATA_HOME", old_xdg, 1);
    free(old_home);
    free(old_xdg);
}

/* ---- batches ---------------------------------------------------------------------------- */

static void test_batch_commit_abort(void)
{
    char *tmp = make_tmp();
    char *dir = sub(tmp, "store");
    struct cs_store *st = open_rw(dir);
    struct cs_store *ro = NULL;
    struct cs_store_batch *b = NULL;
    struct cs_store_stats stats;
    struct cs_fetch_record f = { "https://example.org/a",
                                 "https://example.org",
                                 "work",
                                 "GET",
                                 NULL,
                                 200,
                                 NULL,
                                 1700000000,
                                 120,
                                 "Content-Type: text/html\n",
                                 NULL };
    struct cs_verdict_record bad = {
        "https://example.org/a", "https://example.org", 1, false, "1", "[1,2]", false
    };
    char *json = NULL;

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_put_fetch(b, &f), CS_OK);
    CS_CHECK_INT_EQ(put_verdict(b, "https://example.org", "https://example.org/a", 1, false),
                    CS_OK);
    cs_store_batch_abort(b);
    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    CS_CHECK_INT_EQ(stats.fetches, 0);
    CS_CHECK_INT_EQ(stats.verdicts, 0);

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_put_fetch(b, &f), CS_OK);
    f.url = "https://example.org/b";
    f.final_url = "https://example.org/b/";
    f.error = "timeout";
    f.headers = "X-Bad: \xff\xfe\n"; /* not UTF-8: kept with '?' */
    CS_CHECK_INT_EQ(cs_store_put_fetch(b, &f), CS_OK);
    CS_CHECK_INT_EQ(put_verdict(b, "https://example.org", "https://example.org/a", 1, false),
                    CS_OK);
    /* refused inputs leave the batch as it was */
    CS_CHECK_INT_EQ(cs_store_put_verdict(b, &bad), CS_E_INVALID);
    bad.json = "{not json";
    CS_CHECK_INT_EQ(cs_store_put_verdict(b, &bad), CS_E_INVALID);
    bad.json = "{}";
    bad.url = NULL;
    CS_CHECK_INT_EQ(cs_store_put_verdict(b, &bad), CS_E_INVALID);
    bad.url = "";
    CS_CHECK_INT_EQ(cs_store_put_verdict(b, &bad), CS_E_INVALID);
    f.method = NULL;
    CS_CHECK_INT_EQ(cs_store_put_fetch(b, &f), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_store_put_fetch(b, NULL), CS_E_INVALID);
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_batch_commit(NULL, NULL), CS_E_INVALID);

    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    CS_CHECK_INT_EQ(stats.fetches, 2);
    CS_CHECK_INT_EQ(stats.verdicts, 1);
    CS_CHECK_INT_EQ(cs_store_get_verdict(st, "https://example.org", "https://example.org/a", &json),
                    CS_OK);
    CS_CHECK_STR_EQ(json, "{\"flagged\":false,\"n\":1,\"url\":\"https://example.org/a\"}");
    free(json);
    json = NULL;
    CS_CHECK_INT_EQ(
        cs_store_get_verdict(st, "https://example.org", "https://example.org/zz", &json),
        CS_E_NOTFOUND);
    CS_CHECK(json == NULL);
    CS_CHECK_INT_EQ(cs_store_get_verdict(st, "https://other.org", "https://example.org/a", &json),
                    CS_E_NOTFOUND);

    /* an empty batch commits */
    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    cs_store_batch_abort(NULL);
    cs_store_close(st);

    /* a read-only store refuses batches */
    CS_CHECK_INT_EQ(cs_store_open(dir, CS_STORE_RDONLY, &ro, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_store_batch_begin(ro, &b), CS_E_INVALID);
    CS_CHECK(b == NULL);
    CS_CHECK_INT_EQ(cs_store_get_verdict(ro, "https://example.org", "https://example.org/a", &json),
                    CS_OK);
    free(json);
    cs_store_close(ro);

    cs_test_remove_tree(tmp);
    free(dir);
    free(tmp);
}

/* ---- host files and blobs --------------------------------------------------------------- */

/* Writable strings for the record's char * fields (Borrowed on write). */
static char kind_robots[] = "robots.txt";
static char outcome_ok[] = "ok";
static char origin_a[] = "https://a.example";
static char origin_b[] = "https://b.example";
static char origin_c[] = "https://c.example";
static char origin_ex[] = "https://example.org";
static char origin_gone[] = "https://gone.example";
static char origin_empty[] = "https://empty.example";
static char origin_big[] = "https://big.example";
static char final_www[] = "https://www.example.org/robots.txt";
static char outcome_unavailable[] = "unavailable";
static char error_404[] = "http 404";

static struct cs_hostfile_record robots_rec(char *origin)
{
    struct cs_hostfile_record r;

    memset(&r, 0, sizeof(r));
    r.origin = origin;
    r.kind = kind_robots;
    r.outcome = outcome_ok;
    r.final_url = NULL;
    r.http_status = 200;
    r.fetched_at = 1700000000;
    r.expires_at = 1700086400;
    return r;
}

static void test_blob_dedupe(void)
{
    static const char body[] = "User-agent: GPTBot\nDisallow: /\n";
    static const char other[] = "User-agent: *\nAllow: /\n";
    char *tmp = make_tmp();
    char *dir = sub(tmp, "store");
    struct cs_store *st = open_rw(dir);
    struct cs_store_batch *b = NULL;
    struct cs_store_stats stats;
    struct cs_hostfile_record r1 = robots_rec(origin_a);
    struct cs_hostfile_record r2 = robots_rec(origin_b);
    struct cs_hostfile_record r3 = robots_rec(origin_c);

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_put_hostfile(b, &r1, body, strlen(body)), CS_OK);
    CS_CHECK_INT_EQ(cs_store_put_hostfile(b, &r2, body, strlen(body)), CS_OK); /* same batch */
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    CS_CHECK_INT_EQ(stats.hostfiles, 2);
    CS_CHECK_INT_EQ(stats.blobs, 1);

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_put_hostfile(b, &r3, body, strlen(body)), CS_OK); /* later batch */
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    CS_CHECK_INT_EQ(stats.hostfiles, 3);
    CS_CHECK_INT_EQ(stats.blobs, 1);

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_put_hostfile(b, &r3, other, strlen(other)), CS_OK); /* replaces */
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    CS_CHECK_INT_EQ(stats.hostfiles, 3);
    CS_CHECK_INT_EQ(stats.blobs, 2);

    cs_store_close(st);
    cs_test_remove_tree(tmp);
    free(dir);
    free(tmp);
}

static void test_hostfile_roundtrip(void)
{
    /* SHA-256("abc"), FIPS 180-2 appendix B.1 */
    static const unsigned char abc_sha[32] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
        0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
        0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
    };
    char *tmp = make_tmp();
    char *dir = sub(tmp, "store");
    struct cs_store *st = open_rw(dir);
    struct cs_store_batch *b = NULL;
    struct cs_hostfile_record w = robots_rec(origin_ex);
    struct cs_hostfile_record gone = robots_rec(origin_gone);
    struct cs_hostfile_record empty = robots_rec(origin_empty);
    struct cs_hostfile_record big = robots_rec(origin_big);
    struct cs_hostfile_record *r = NULL;
    size_t big_len = (size_t)3 << 20;
    char *big_body = malloc(big_len);

    w.final_url = final_www;
    w.truncated = true;
    gone.outcome = outcome_unavailable;
    gone.error = error_404;
    gone.http_status = 404;
    /* incompressible (xorshift) bytes: level 1's output outgrows compressBound, and the blob is
     * written in stored blocks instead */
    for (size_t i = 0, x = 88172645463325252u; big_body && i < big_len; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        big_body[i] = (char)(x >> 24);
    }
    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_put_hostfile(b, &w, "abc", 3), CS_OK);
    CS_CHECK_INT_EQ(cs_store_put_hostfile(b, &gone, NULL, 0), CS_OK);
    CS_CHECK_INT_EQ(cs_store_put_hostfile(b, &empty, "", 0), CS_OK);
    CS_CHECK_INT_EQ(cs_store_put_hostfile(b, &big, big_body, big_len), CS_OK);
    CS_CHECK_INT_EQ(cs_store_put_hostfile(b, &w, NULL, 5), CS_E_INVALID);
    CS_CHECK_INT_EQ(cs_store_put_hostfile(b, &w, "x", ((size_t)64 << 20) + 1), CS_E_LIMIT);
    w.kind = NULL;
    CS_CHECK_INT_EQ(cs_store_put_hostfile(b, &w, "abc", 3), CS_E_INVALID);
    w.kind = kind_robots;
    CS_CHECK_INT_EQ(commit(b), CS_OK);

    CS_CHECK_INT_EQ(cs_store_get_hostfile(st, "https://example.org", "robots.txt", &r), CS_OK);
    if (r) {
        CS_CHECK_STR_EQ(r->origin, "https://example.org");
        CS_CHECK_STR_EQ(r->kind, "robots.txt");
        CS_CHECK_STR_EQ(r->outcome, "ok");
        CS_CHECK(r->error == NULL);
        CS_CHECK_STR_EQ(r->final_url, "https://www.example.org/robots.txt");
        CS_CHECK_INT_EQ(r->http_status, 200);
        CS_CHECK_INT_EQ(r->fetched_at, 1700000000);
        CS_CHECK_INT_EQ(r->expires_at, 1700086400);
        CS_CHECK(r->truncated);
        CS_CHECK(r->has_body);
        CS_CHECK_INT_EQ(r->body_len, 3);
        CS_CHECK_STR_EQ(r->body, "abc");
        CS_CHECK(memcmp(r->body_sha256, abc_sha, 32) == 0);
    }
    cs_hostfile_record_free(r);
    r = NULL;

    CS_CHECK_INT_EQ(cs_store_get_hostfile(st, "https://gone.example", "robots.txt", &r), CS_OK);
    if (r) {
        CS_CHECK_STR_EQ(r->outcome, "unavailable");
        CS_CHECK_STR_EQ(r->error, "http 404");
        CS_CHECK_INT_EQ(r->http_status, 404);
        CS_CHECK(!r->has_body);
        CS_CHECK(r->body == NULL);
        CS_CHECK_INT_EQ(r->body_len, 0);
    }
    cs_hostfile_record_free(r);
    r = NULL;

    CS_CHECK_INT_EQ(cs_store_get_hostfile(st, "https://empty.example", "robots.txt", &r), CS_OK);
    if (r) {
        CS_CHECK(r->has_body);
        CS_CHECK_STR_EQ(r->body, "");
        CS_CHECK_INT_EQ(r->body_len, 0);
    }
    cs_hostfile_record_free(r);
    r = NULL;

    CS_CHECK_INT_EQ(cs_store_get_hostfile(st, "https://big.example", "robots.txt", &r), CS_OK);
    if (r && big_body) {
        CS_CHECK_INT_EQ(r->body_len, big_len);
        CS_CHECK(memcmp(r->body, big_body, big_len) == 0);
        CS_CHECK(r->body[big_len] == '\0');
    }
    cs_hostfile_record_free(r);
    r = NULL;

    CS_CHECK_INT_EQ(cs_store_get_hostfile(st, "https://example.org", "ai.txt", &r), CS_E_NOTFOUND);
    CS_CHECK_INT_EQ(cs_store_get_hostfile(st, "https://nowhere.example", "robots.txt", &r),
                    CS_E_NOTFOUND);
    CS_CHECK(r == NULL);

    cs_store_close(st);
    cs_test_remove_tree(tmp);
    free(big_body);
    free(dir);
    free(tmp);
}

/* Rewrites the declared length of every blob with raw LMDB. */
static int raw_bomb_blobs(const char *dir, uint64_t declared)
{
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    MDB_dbi dbi;
    MDB_val k;
    MDB_val v;
    unsigned char copy[256];
    int rc = raw_begin(dir, "blobs", &env, &txn, &dbi);

    if (rc != 0)
        return rc;
    rc = mdb_cursor_open(txn, dbi, &cur);
    if (rc == 0)
        rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    while (rc == 0) {
        if (v.mv_size <= sizeof(copy) && v.mv_size >= 12) {
            memcpy(copy, v.mv_data, v.mv_size);
            for (int i = 0; i < 8; i++)
                copy[4 + i] = (unsigned char)(declared >> (8 * (7 - i)));
            v.mv_data = copy;
            rc = mdb_cursor_put(cur, &k, &v, MDB_CURRENT);
        }
        if (rc == 0)
            rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    if (cur)
        mdb_cursor_close(cur);
    return raw_end(env, txn, rc == MDB_NOTFOUND ? 0 : rc);
}

static void test_body_bomb(void)
{
    char *tmp = make_tmp();
    char *dir = sub(tmp, "store");
    struct cs_store *st = open_rw(dir);
    struct cs_store_batch *b = NULL;
    struct cs_hostfile_record w = robots_rec(origin_ex);
    struct cs_hostfile_record *r = NULL;

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_put_hostfile(b, &w, "Disallow: /\n", 12), CS_OK);
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    cs_store_close(st);

    cs_log_set(quiet_log, NULL, CS_LOG_ERROR); /* the store logs the unreadable bodies */
    CS_CHECK_INT_EQ(raw_bomb_blobs(dir, ((uint64_t)64 << 20) + 1), 0);
    st = open_rw(dir);
    CS_CHECK_INT_EQ(cs_store_get_hostfile(st, "https://example.org", "robots.txt", &r), CS_E_STORE);
    CS_CHECK(r == NULL);
    cs_store_close(st);

    CS_CHECK_INT_EQ(raw_bomb_blobs(dir, 11), 0); /* shorter than the stream: corrupt */
    st = open_rw(dir);
    CS_CHECK_INT_EQ(cs_store_get_hostfile(st, "https://example.org", "robots.txt", &r), CS_E_STORE);
    cs_store_close(st);
    cs_log_set(NULL, NULL, CS_LOG_WARN);

    cs_test_remove_tree(tmp);
    free(dir);
    free(tmp);
}

/* ---- history ---------------------------------------------------------------------------- */

static int note(struct cs_store *st, const char *token, const char *value, int64_t now)
{
    struct cs_store_batch *b = NULL;
    int rc = cs_store_batch_begin(st, &b);

    if (rc == CS_OK)
        rc = cs_store_note_signal(b, "https://example.org", "robots.txt", token, value, now);
    if (rc == CS_OK)
        return commit(b);
    cs_store_batch_abort(b);
    return rc;
}

static void test_history(void)
{
    char *tmp = make_tmp();
    char *dir = sub(tmp, "store");
    struct cs_store *st = open_rw(dir);
    struct cs_store_batch *b = NULL;
    struct cs_signal_history h;
    char long_a[1001];
    char long_b[1001];

    CS_CHECK_INT_EQ(note(st, "GPTBot", "DISALLOW_FULL", 100), CS_OK);
    CS_CHECK_INT_EQ(
        cs_store_get_signal_history(st, "https://example.org", "robots.txt", "GPTBot", &h), CS_OK);
    CS_CHECK_INT_EQ(h.first_seen, 100);
    CS_CHECK_INT_EQ(h.last_seen, 100);
    CS_CHECK_INT_EQ(h.changed_at, 100);
    CS_CHECK_STR_EQ(h.value, "DISALLOW_FULL");

    CS_CHECK_INT_EQ(note(st, "GPTBot", "DISALLOW_FULL", 200), CS_OK); /* same value */
    CS_CHECK_INT_EQ(
        cs_store_get_signal_history(st, "https://example.org", "robots.txt", "GPTBot", &h), CS_OK);
    CS_CHECK_INT_EQ(h.first_seen, 100);
    CS_CHECK_INT_EQ(h.last_seen, 200);
    CS_CHECK_INT_EQ(h.changed_at, 100);
    CS_CHECK_STR_EQ(h.value, "DISALLOW_FULL");

    CS_CHECK_INT_EQ(note(st, "GPTBot", "NO_SIGNAL", 300), CS_OK); /* changed */
    CS_CHECK_INT_EQ(
        cs_store_get_signal_history(st, "https://example.org", "robots.txt", "GPTBot", &h), CS_OK);
    CS_CHECK_INT_EQ(h.first_seen, 100);
    CS_CHECK_INT_EQ(h.last_seen, 300);
    CS_CHECK_INT_EQ(h.changed_at, 300);
    CS_CHECK_STR_EQ(h.value, "NO_SIGNAL");

    /* several notes in one batch apply in order */
    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(
        cs_store_note_signal(b, "https://example.org", "robots.txt", "GPTBot", "NO_SIGNAL", 400),
        CS_OK);
    CS_CHECK_INT_EQ(cs_store_note_signal(b, "https://example.org", "robots.txt", "GPTBot",
                                         "DISALLOW_PARTIAL", 500),
                    CS_OK);
    CS_CHECK_INT_EQ(cs_store_note_signal(b, "https://example.org", "robots.txt", "GPTBot",
                                         "DISALLOW_PARTIAL", 600),
                    CS_OK);
    CS_CHECK_INT_EQ(cs_store_note_signal(b, "https://example.org", NULL, "GPTBot", "X", 1),
                    CS_E_INVALID);
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    CS_CHECK_INT_EQ(
        cs_store_get_signal_history(st, "https://example.org", "robots.txt", "GPTBot", &h), CS_OK);
    CS_CHECK_INT_EQ(h.first_seen, 100);
    CS_CHECK_INT_EQ(h.last_seen, 600);
    CS_CHECK_INT_EQ(h.changed_at, 500);
    CS_CHECK_STR_EQ(h.value, "DISALLOW_PARTIAL");

    /* tokens are separate entries; long tokens are keyed by digest and stay distinct */
    memset(long_a, 'a', sizeof(long_a) - 1);
    long_a[sizeof(long_a) - 1] = '\0';
    memcpy(long_b, long_a, sizeof(long_b));
    long_b[999] = 'b';
    CS_CHECK_INT_EQ(note(st, long_a, "ALLOW_EXPLICIT", 700), CS_OK);
    CS_CHECK_INT_EQ(note(st, long_b, "DISALLOW_FULL", 800), CS_OK);
    CS_CHECK_INT_EQ(note(st, "*", "NO_SIGNAL", 900), CS_OK);
    CS_CHECK_INT_EQ(
        cs_store_get_signal_history(st, "https://example.org", "robots.txt", long_a, &h), CS_OK);
    CS_CHECK_STR_EQ(h.value, "ALLOW_EXPLICIT");
    CS_CHECK_INT_EQ(
        cs_store_get_signal_history(st, "https://example.org", "robots.txt", long_b, &h), CS_OK);
    CS_CHECK_STR_EQ(h.value, "DISALLOW_FULL");
    CS_CHECK_INT_EQ(h.first_seen, 800);
    CS_CHECK_INT_EQ(
        cs_store_get_signal_history(st, "https://example.org", "robots.txt", "GPTBot", &h), CS_OK);
    CS_CHECK_INT_EQ(h.last_seen, 600);
    CS_CHECK_INT_EQ(
        cs_store_get_signal_history(st, "https://example.org", "robots.txt", "CCBot", &h),
        CS_E_NOTFOUND);
    CS_CHECK_INT_EQ(cs_store_get_signal_history(st, "https://example.org", "tdmrep", "GPTBot", &h),
                    CS_E_NOTFOUND);

    cs_store_close(st);
    cs_test_remove_tree(tmp);
    free(dir);
    free(tmp);
}

/* ---- map growth ------------------------------------------------------------------------- */

static void test_map_full(void)
{
    char *tmp = make_tmp();
    char *dir = sub(tmp, "store");
    struct cs_store *st = open_rw(dir);
    struct cs_store_batch *b = NULL;
    struct cs_store_stats stats;
    struct cs_hostfile_record w = robots_rec(origin_ex);
    char url[128];
    char *json = NULL;
    char *blob = malloc(1 << 20);
    uint64_t tiny;
    int failed = 0;
    int n = 4000;

    /* data stored before the squeeze must survive it */
    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(put_verdict(b, "https://example.org", "https://example.org/first", 0, true),
                    CS_OK);
    CS_CHECK_INT_EQ(commit(b), CS_OK);

    CS_CHECK_INT_EQ(cs_store_debug_set_mapsize(st, 4096), CS_OK);
    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    tiny = stats.map_size;
    CS_CHECK(tiny < ((uint64_t)1 << 20));

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    for (int i = 0; i < n; i++) {
        snprintf(url, sizeof(url), "https://example.org/page/%d", i);
        failed += put_verdict(b, "https://example.org", url, i, i % 2 == 0) != CS_OK;
    }
    CS_CHECK_INT_EQ(failed, 0);
    /* plus a body that does not compress, bigger than the squeezed map */
    for (size_t i = 0; blob && i < ((size_t)1 << 20); i++)
        blob[i] = (char)((i * 2654435761u) >> 13);
    CS_CHECK_INT_EQ(cs_store_put_hostfile(b, &w, blob, (size_t)1 << 20), CS_OK);
    log_count = 0;
    cs_log_set(count_log, NULL, CS_LOG_DEBUG);
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    cs_log_set(NULL, NULL, CS_LOG_WARN);
    CS_CHECK(log_count >= 1); /* the map was grown, not big enough already */

    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    CS_CHECK_INT_EQ(stats.verdicts, n + 1);
    CS_CHECK_INT_EQ(stats.blobs, 1);
    CS_CHECK(stats.map_size > tiny);
    CS_CHECK_INT_EQ(
        cs_store_get_verdict(st, "https://example.org", "https://example.org/first", &json), CS_OK);
    free(json);
    json = NULL;
    CS_CHECK_INT_EQ(
        cs_store_get_verdict(st, "https://example.org", "https://example.org/page/3999", &json),
        CS_OK);
    CS_CHECK(json && strstr(json, "\"n\":3999") != NULL);
    free(json);
    cs_store_close(st);

    /* the grown map is kept across a reopen */
    st = open_rw(dir);
    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    CS_CHECK_INT_EQ(stats.verdicts, n + 1);
    cs_store_close(st);

    cs_test_remove_tree(tmp);
    free(blob);
    free(dir);
    free(tmp);
}

/* ---- threads sharing one handle while the map grows -------------------------------------- */

struct reader_arg {
    struct cs_store *st;
    atomic_bool *stop;
    int errors;
    int rounds;
};

static int count_verdict(const struct cs_verdict_record *rec, void *ctx)
{
    (void)rec;
    (*(int *)ctx)++;
    return CS_OK;
}

static void *reader_main(void *p)
{
    struct reader_arg *a = p;
    struct cs_store_stats stats;
    char *json = NULL;
    int n;

    while (!atomic_load(a->stop)) {
        n = 0;
        if (cs_store_get_verdict(a->st, "https://example.org", "https://example.org/first",
                                 &json) != CS_OK)
            a->errors++;
        free(json);
        json = NULL;
        if (cs_store_stats(a->st, &stats) != CS_OK || stats.verdicts < 1)
            a->errors++;
        if (cs_store_iter_verdicts(a->st, false, count_verdict, &n, NULL) != CS_OK || n < 1)
            a->errors++;
        a->rounds++;
    }
    return NULL;
}

static void test_threads_while_map_grows(void)
{
    char *tmp = make_tmp();
    char *dir = sub(tmp, "store");
    struct cs_store *st = open_rw(dir);
    struct cs_store_batch *b = NULL;
    struct cs_store_stats stats;
    struct reader_arg args[3];
    pthread_t threads[3];
    atomic_bool stop;
    char url[128];
    int failed = 0;

    atomic_init(&stop, false);
    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(put_verdict(b, "https://example.org", "https://example.org/first", 0, true),
                    CS_OK);
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    for (int i = 0; i < 3; i++) {
        args[i] = (struct reader_arg){ st, &stop, 0, 0 };
        CS_CHECK_INT_EQ(pthread_create(&threads[i], NULL, reader_main, &args[i]), 0);
    }
    /* squeeze the map before every batch, so each commit grows it under live readers */
    for (int round = 0; round < 8; round++) {
        failed += cs_store_debug_set_mapsize(st, 4096) != CS_OK;
        failed += cs_store_batch_begin(st, &b) != CS_OK;
        for (int i = 0; i < 400 && b; i++) {
            snprintf(url, sizeof(url), "https://t%d.example/%d", round, i);
            failed += put_verdict(b, "https://t.example", url, i, false) != CS_OK;
        }
        failed += commit(b) != CS_OK;
        b = NULL;
    }
    atomic_store(&stop, true);
    for (int i = 0; i < 3; i++) {
        CS_CHECK_INT_EQ(pthread_join(threads[i], NULL), 0);
        CS_CHECK_INT_EQ(args[i].errors, 0);
        CS_CHECK(args[i].rounds > 0);
    }
    CS_CHECK_INT_EQ(failed, 0);
    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    CS_CHECK_INT_EQ(stats.verdicts, 1 + 8 * 400);
    cs_store_close(st);

    cs_test_remove_tree(tmp);
    free(dir);
    free(tmp);
}

/* ---- readers beside writers ------------------------------------------------------------- */

static void test_reader_beside_batch(void)
{
    char *tmp = make_tmp();
    char *dir = sub(tmp, "store");
    struct cs_store *w = open_rw(dir);
    struct cs_store *r = NULL;
    struct cs_store_batch *b = NULL;
    struct cs_store_stats stats;
    char *json = NULL;

    CS_CHECK_INT_EQ(cs_store_batch_begin(w, &b), CS_OK);
    CS_CHECK_INT_EQ(put_verdict(b, "https://example.org", "https://example.org/1", 1, false),
                    CS_OK);
    CS_CHECK_INT_EQ(commit(b), CS_OK);

    /* a second batch is open (queued, not committed) while a read-only handle reads */
    CS_CHECK_INT_EQ(cs_store_batch_begin(w, &b), CS_OK);
    CS_CHECK_INT_EQ(put_verdict(b, "https://example.org", "https://example.org/2", 2, false),
                    CS_OK);
    CS_CHECK_INT_EQ(cs_store_open(dir, CS_STORE_RDONLY, &r, NULL), CS_OK);
    CS_CHECK_INT_EQ(cs_store_get_verdict(r, "https://example.org", "https://example.org/1", &json),
                    CS_OK);
    free(json);
    json = NULL;
    CS_CHECK_INT_EQ(cs_store_get_verdict(r, "https://example.org", "https://example.org/2", &json),
                    CS_E_NOTFOUND);
    CS_CHECK_INT_EQ(cs_store_stats(r, &stats), CS_OK);
    CS_CHECK_INT_EQ(stats.verdicts, 1);

    CS_CHECK_INT_EQ(commit(b), CS_OK);
    CS_CHECK_INT_EQ(cs_store_get_verdict(r, "https://example.org", "https://example.org/2", &json),
                    CS_OK); /* a new read transaction sees the commit */
    free(json);
    cs_store_close(r);
    cs_store_close(w);

    cs_test_remove_tree(tmp);
    free(dir);
    free(tmp);
}

/* Child: holds a raw LMDB write transaction until the parent writes to the pipe. */
static void child_hold_writer(const char *dir, int ready_fd, int go_fd)
{
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;
    MDB_dbi dbi;
    char key[] = "held";
    MDB_val k = { sizeof(key) - 1, key };
    MDB_val v = { sizeof(key) - 1, key };
    char c = 'x';
    int rc;

    rc = mdb_env_create(&env);
    if (rc == 0)
        rc = mdb_env_set_maxdbs(env, 16);
    if (rc == 0)
        rc = mdb_env_open(env, dir, 0, 0644);
    if (rc == 0)
        rc = mdb_txn_begin(env, NULL, 0, &txn);
    if (rc == 0)
        rc = mdb_dbi_open(txn, "meta", 0, &dbi);
    if (rc == 0)
        rc = mdb_put(txn, dbi, &k, &v, 0);
    c = rc == 0 ? 'y' : 'n';
    if (write(ready_fd, &c, 1) != 1 || read(go_fd, &c, 1) != 1)
        _exit(2);
    if (txn)
        mdb_txn_abort(txn);
    mdb_env_close(env);
    _exit(rc == 0 ? 0 : 1);
}

static void test_reader_beside_writer_process(void)
{
    char *tmp = make_tmp();
    char *dir = sub(tmp, "store");
    struct cs_store *st = open_rw(dir);
    struct cs_store_batch *b = NULL;
    struct cs_store_stats stats;
    struct cs_diag diag = { 0 };
    int ready[2];
    int go[2];
    char c = 0;
    char *json = NULL;
    FILE *out = NULL;
    pid_t pid;
    int status = 0;

    CS_CHECK_INT_EQ(cs_store_batch_begin(st, &b), CS_OK);
    CS_CHECK_INT_EQ(put_verdict(b, "https://example.org", "https://example.org/1", 1, true), CS_OK);
    CS_CHECK_INT_EQ(commit(b), CS_OK);
    cs_store_close(st); /* no environment may be open across fork() */
    st = NULL;

    CS_CHECK(pipe(ready) == 0 && pipe(go) == 0);
    fflush(NULL);
    pid = fork();
    if (pid == 0)
        child_hold_writer(dir, ready[1], go[0]);
    CS_CHECK(pid > 0);
    CS_CHECK(read(ready[0], &c, 1) == 1);
    CS_CHECK_INT_EQ(c, 'y');

    /* the writer lock is held by the child: reads and export must not block */
    alarm(20);
    CS_CHECK_INT_EQ(cs_store_open(dir, CS_STORE_RDONLY, &st, &diag), CS_OK);
    CS_CHECK_INT_EQ(cs_store_get_verdict(st, "https://example.org", "https://example.org/1", &json),
                    CS_OK);
    free(json);
    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    CS_CHECK_INT_EQ(stats.verdicts, 1);
    out = fopen("/dev/null", "w");
    CS_CHECK_INT_EQ(cs_export_write(st, out, CS_EXPORT_JSONL, false, &diag), CS_OK);
    if (out)
        fclose(out);
    alarm(0);

    CS_CHECK(write(go[1], "g", 1) == 1);
    CS_CHECK(waitpid(pid, &status, 0) == pid);
    CS_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    cs_store_close(st);
    close(ready[0]);
    close(ready[1]);
    close(go[0]);
    close(go[1]);

    cs_test_remove_tree(tmp);
    free(dir);
    free(tmp);
}

/* Child: a separate process writes enough to grow the map past the parent's. */
static void child_grow(const char *dir, int go_fd)
{
    struct cs_store *st = NULL;
    struct cs_store_batch *b = NULL;
    char url[128];
    char c;
    int rc;

    if (read(go_fd, &c, 1) != 1)
        _exit(2);
    rc = cs_store_open(dir, 0, &st, NULL);
    if (rc == CS_OK)
        rc = cs_store_batch_begin(st, &b);
    for (int i = 0; i < 3000 && rc == CS_OK; i++) {
        snprintf(url, sizeof(url), "https://example.org/child/%d", i);
        rc = put_verdict(b, "https://example.org", url, i, false);
    }
    if (rc == CS_OK)
        rc = cs_store_batch_commit(b, NULL);
    else
        cs_store_batch_abort(b);
    cs_store_close(st);
    _exit(rc == CS_OK ? 0 : 1);
}

static void test_other_process_grows_map(void)
{
    char *tmp = make_tmp();
    char *dir = sub(tmp, "store");
    struct cs_store *st = NULL;
    struct cs_store_stats stats;
    char *json = NULL;
    int go[2];
    pid_t pid;
    int status = 0;

    CS_CHECK(pipe(go) == 0);
    fflush(NULL);
    pid = fork(); /* before this process opens the store */
    if (pid == 0)
        child_grow(dir, go[0]);
    CS_CHECK(pid > 0);
    st = open_rw(dir);
    CS_CHECK_INT_EQ(cs_store_debug_set_mapsize(st, 4096), CS_OK); /* our map: the data in use */
    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    CS_CHECK(stats.map_size < ((uint64_t)1 << 20));
    CS_CHECK(write(go[1], "g", 1) == 1);
    CS_CHECK(waitpid(pid, &status, 0) == pid);
    CS_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* our map is now smaller than the data: the read adopts the other process's size */
    CS_CHECK_INT_EQ(
        cs_store_get_verdict(st, "https://example.org", "https://example.org/child/2999", &json),
        CS_OK);
    free(json);
    CS_CHECK_INT_EQ(cs_store_stats(st, &stats), CS_OK);
    CS_CHECK_INT_EQ(stats.verdicts, 3000);
    CS_CHECK(stats.map_size >= ((uint64_t)64 << 20));
    cs_store_close(st);
    close(go[0]);
    close(go[1]);

    cs_test_remove_tree(tmp);
    free(dir);
    free(tmp);
}

/* ---- stale readers ---------------------------------------------------------------------- */

static void quiet_log(enum cs_log_level level, const char *msg, void *ctx)
{
    (void)level;
    (void)msg;
    (void)ctx;
}

static char log_seen[256];

static void capture_log(enum cs_log_level level, const char *msg, void *ctx)
{
    (void)level;
    (void)ctx;
    if (strstr(msg, "stale reader"))
        snprintf(log_seen, sizeof(log_seen), "%s", msg);
}

/* Child: opens a read transaction and dies holding it. */
static void child_die_reading(const char *dir)
{
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;

    if (mdb_env_create(&env) == 0 && mdb_env_set_maxdbs(env, 16) == 0 &&
        mdb_env_open(env, dir, MDB_NOTLS, 0644) == 0 &&
        mdb_txn_begin(env, NULL, MDB_RDONLY, &txn) == 0)
        _exit(0);
    _exit(1);
}

static void test_stale_reader(void)
{
    char *tmp = make_tmp();
    char *dir = sub(tmp, "store");
    struct cs_store *st = open_rw(dir);
    int ready[2];
    int go[2];
    char c = 0;
    pid_t holder;
    pid_t dying;
    int status = 0;

    cs_store_close(st);
    CS_CHECK(pipe(ready) == 0 && pipe(go) == 0);
    fflush(NULL);
    /* a process keeps the store open (else the next opener resets the reader table anyway)
     * and holds the writer lock: opening must wait for neither */
    holder = fork();
    if (holder == 0)
        child_hold_writer(dir, ready[1], go[0]);
    CS_CHECK(read(ready[0], &c, 1) == 1 && c == 'y');
    dying = fork();
    if (dying == 0)
        child_die_reading(dir);
    CS_CHECK(waitpid(dying, &status, 0) == dying);
    CS_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    alarm(20);
    cs_log_set(capture_log, NULL, CS_LOG_DEBUG);
    st = open_rw(dir);
    cs_log_set(NULL, NULL, CS_LOG_WARN);
    alarm(0);
    CS_CHECK(st != NULL);
    CS_CHECK(strstr(log_seen, "cleared 1 stale reader") != NULL);
    cs_store_close(st);

    CS_CHECK(write(go[1], "g", 1) == 1);
    CS_CHECK(waitpid(holder, &status, 0) == holder);
    CS_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(ready[0]);
    close(ready[1]);
    close(go[0]);
    close(go[1]);
    cs_test_remove_tree(tmp);
    free(dir);
    free(tmp);
}

int main(void)
{
    test_open_create_reopen();
    test_rdonly_missing();
    test_schema_too_new();
    test_unwritable();
    test_default_dir();
    test_batch_commit_abort();
    test_blob_dedupe();
    test_hostfile_roundtrip();
    test_body_bomb();
    test_history();
    test_map_full();
    test_threads_while_map_grows();
    test_reader_beside_batch();
    test_reader_beside_writer_process();
    test_other_process_grows_map();
    test_stale_reader();
    return cs_test_done();
}
