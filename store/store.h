/* SPDX-License-Identifier: MIT
 * store.h - the consentscan store: the only module that touches LMDB (style.md 10.2, 10.8).
 *
 * What it keeps (schema.h has the key formats):
 *  - every fetch (URL, status, selected headers, time) and every verdict (the check result as
 *    one JSON object, with its parser version), keyed by origin id then URL hash so per-origin
 *    reads are range scans and keys stay far below LMDB's 511-byte limit;
 *  - host-level policy files (robots.txt first) as fetch metadata plus the raw bytes,
 *    zlib-compressed and keyed by their SHA-256 (identical files are stored once);
 *  - per (origin, signal, token) the first-seen, last-seen and changed-at dates of a value.
 *
 * Writes go through a batch: an in-memory list of operations applied in one write transaction at
 * commit. A commit that hits MDB_MAP_FULL grows the map and retries, so a full map is never a
 * crash and never a lost batch. Readers never block on a writer (LMDB MVCC): check and export
 * work while another process writes into the same store.
 *
 * Thread-safety: a struct cs_store may be shared by threads (the env is opened with MDB_NOTLS);
 * read calls are thread-safe; a batch belongs to one thread (later: the writer thread), and
 * commits are serialised by LMDB's writer lock.
 */
#ifndef CS_STORE_H
#define CS_STORE_H

#include "cs_err.h"
#include "cs_setup.h"

#include <stdio.h>

struct cs_store;
struct cs_store_batch;

enum cs_store_flags {
    CS_STORE_RDONLY = 1 << 0, /* open for reading only (export); fails if the store is absent */
    CS_STORE_NOSYNC = 1 << 1  /* MDB_NOSYNC: survives a killed process, not a power loss */
};

/* Opens (creating when absent and not RDONLY) the store in directory dir, creating the
 * directory itself if needed. Checks the schema version (a store written by a newer schema:
 * CS_E_VERSION), clears stale reader slots left by a crashed process. diag (may be NULL) gets a
 * one-line reason on failure. Returns CS_OK with *out Returns owned (close with
 * cs_store_close), CS_E_STORE, CS_E_VERSION, CS_E_IO or CS_E_NOMEM.
 * Also: CS_E_NOTFOUND (RDONLY and no store in dir), CS_E_INVALID (dir NULL or empty). */
CS_MUST_CHECK int cs_store_open(const char *dir, unsigned flags, struct cs_store **out,
                                struct cs_diag *diag);

/* Closes the store; NULL allowed. Every batch must be committed or aborted first.
 * Note (LMDB rule): open a store directory at most once per process at a time; separate
 * processes may share it freely (one writer at a time, readers never blocked). */
void cs_store_close(struct cs_store *st);

/* Returns the default store directory: $XDG_DATA_HOME/consentscan, else
 * $HOME/.local/share/consentscan. Returns owned (free()); NULL on out of memory or no HOME. */
char *cs_store_default_dir(void);

/* ---- writing ---------------------------------------------------------------------------- */

/* One fetch of one URL. All strings Borrowed for the call; the store copies what it keeps. */
struct cs_fetch_record {
    const char *url;       /* canonical URL: part of the key */
    const char *origin;    /* canonical origin ("https://example.org"): part of the key */
    const char *kind;      /* "robots.txt", "work", ... */
    const char *method;    /* "GET" or "HEAD" */
    const char *final_url; /* after redirects; NULL = same as url */
    int http_status;       /* 0 when there was no HTTP response */
    const char *error;     /* NULL on success, else the reason ("timeout", "dns: ...") */
    int64_t fetched_at;    /* seconds since the epoch */
    int64_t duration_ms;
    const char *headers; /* selected response headers as "Name: value\n" lines; may be NULL */
    const char *meta;    /* robots-related <meta> tags of an HTML head, "name: content\n" lines,
                            so a 304 on the next run re-derives the verdict; may be NULL */
};

/* One check result of one URL. */
struct cs_verdict_record {
    const char *url;    /* canonical URL: part of the key */
    const char *origin; /* canonical origin: part of the key */
    int64_t checked_at;
    bool flagged; /* some queried purpose is DISALLOW_FULL or _PARTIAL */
    const char *parser_version;
    const char *json; /* the full result: one JSON object (see export.h for fields) */
    bool unknown;     /* else some queried purpose is UNKNOWN (kept in the record header) */
};

/* A host-level policy file fetch (the table of host files in crawler/hostfile.h). On read every
 * string and the body are owned by the record (free with cs_hostfile_record_free). On write
 * they are Borrowed. */
struct cs_hostfile_record {
    char *origin;    /* canonical origin */
    char *kind;      /* "robots.txt" */
    char *outcome;   /* "ok", "unavailable" (4xx), "unreachable" (5xx, 429, network) */
    char *error;     /* reason when not "ok"; may be NULL */
    char *final_url; /* after redirects; may be NULL */
    int http_status;
    int64_t fetched_at;
    int64_t expires_at; /* reuse the record until this time */
    bool truncated;     /* the body was cut at the size limit */
    bool has_body;
    unsigned char body_sha256[32];
    char *body; /* read only: the decompressed bytes (NUL-terminated), NULL if none */
    size_t body_len;
};

/* Starts a batch. Returns CS_OK with *out Returns owned (ends with commit or abort), or
 * CS_E_NOMEM. A read-only store gives CS_E_INVALID. */
CS_MUST_CHECK int cs_store_batch_begin(struct cs_store *st, struct cs_store_batch **out);

/* Queue one record into the batch (Copies everything). CS_OK, CS_E_NOMEM or CS_E_INVALID (a
 * required field is NULL). Nothing reaches the store before commit. */
CS_MUST_CHECK int cs_store_put_fetch(struct cs_store_batch *b, const struct cs_fetch_record *rec);
CS_MUST_CHECK int cs_store_put_verdict(struct cs_store_batch *b,
                                       const struct cs_verdict_record *rec);

/* Queues a host file record and its body (body may be NULL when len is 0); computes the
 * SHA-256 and stores the bytes zlib-compressed once per digest. has_body is true when rec says
 * so or body is non-NULL; body_sha256, body and body_len of rec are ignored. Bodies over 64 MiB
 * give CS_E_LIMIT. */
CS_MUST_CHECK int cs_store_put_hostfile(struct cs_store_batch *b,
                                        const struct cs_hostfile_record *rec, const char *body,
                                        size_t len);

/* Notes that signal (e.g. "robots.txt") for token (e.g. "GPTBot", "*") on origin had value
 * (e.g. "DISALLOW_FULL") at time now: sets first_seen on first sight, last_seen always, and
 * changed_at (and the value) when the value differs from the stored one. */
CS_MUST_CHECK int cs_store_note_signal(struct cs_store_batch *b, const char *origin,
                                       const char *signal, const char *token, const char *value,
                                       int64_t now);

/* Applies the batch in one write transaction and frees it (whatever the result). Grows the map
 * on MDB_MAP_FULL and retries. Returns CS_OK or CS_E_STORE (diag says why; nothing of the batch
 * was written, nothing stored before was lost). */
CS_MUST_CHECK int cs_store_batch_commit(struct cs_store_batch *b, struct cs_diag *diag);

/* Frees the batch without writing; NULL allowed. */
void cs_store_batch_abort(struct cs_store_batch *b);

/* ---- reading ---------------------------------------------------------------------------- */

/* Reads the latest host file record of (origin, kind) with its decompressed body. Returns CS_OK
 * with *out Returns owned, CS_E_NOTFOUND, CS_E_STORE or CS_E_NOMEM. */
CS_MUST_CHECK int cs_store_get_hostfile(struct cs_store *st, const char *origin, const char *kind,
                                        struct cs_hostfile_record **out);

void cs_hostfile_record_free(struct cs_hostfile_record *rec);

/* History of one (origin, signal, token). */
struct cs_signal_history {
    int64_t first_seen;
    int64_t last_seen;
    int64_t changed_at;
    char value[64];
};

CS_MUST_CHECK int cs_store_get_signal_history(struct cs_store *st, const char *origin,
                                              const char *signal, const char *token,
                                              struct cs_signal_history *out);

/* The latest stored fetch of a work: what a conditional request on the next run needs. Every
 * string owned by the record (cs_fetch_stored_free); any may be NULL. */
struct cs_fetch_stored {
    char *final_url;
    char *method;
    char *error;
    char *headers; /* "Name: value\n" lines */
    char *meta;    /* "name: content\n" lines */
    int http_status;
    int64_t fetched_at;
};

/* Reads the stored fetch record of url (canonical, with its origin). Returns CS_OK with *out
 * Returns owned, CS_E_NOTFOUND, CS_E_STORE or CS_E_NOMEM. Thread-safe. */
CS_MUST_CHECK int cs_store_get_fetch(struct cs_store *st, const char *origin, const char *url,
                                     struct cs_fetch_stored **out);

void cs_fetch_stored_free(struct cs_fetch_stored *f);

/* Reads the stored verdict JSON of url (canonical). Returns CS_OK with *json_out Returns owned
 * (free()), CS_E_NOTFOUND or CS_E_STORE. */
CS_MUST_CHECK int cs_store_get_verdict(struct cs_store *st, const char *origin, const char *url,
                                       char **json_out);

/* The verdict of url in two bits, from the record header (no JSON read): flagged, and unknown
 * (a record written before the bit existed reads false). CS_OK, CS_E_NOTFOUND or CS_E_STORE.
 * Thread-safe. */
CS_MUST_CHECK int cs_store_verdict_flags(struct cs_store *st, const char *origin, const char *url,
                                         bool *flagged, bool *unknown);

/* Counts of what the store holds, for tests and `consentscan stats`. */
struct cs_store_stats {
    size_t fetches, verdicts, hostfiles, blobs, history;
    uint64_t map_size;
};

CS_MUST_CHECK int cs_store_stats(struct cs_store *st, struct cs_store_stats *out);

/* Calls fn once per stored verdict (only flagged ones when flagged_only), in key order (origin
 * id, then URL hash), inside one read transaction: a consistent snapshot while others write.
 * rec and its strings are Borrowed for the call only; rec->json is the verdict object as
 * compact JSON with sorted keys. fn returns CS_OK to go on; any other value stops the walk and
 * is returned. fn must not call back into the store. Returns CS_OK, CS_E_STORE (diag says
 * why), CS_E_NOMEM or fn's code. Thread-safe. */
typedef int cs_store_verdict_fn(const struct cs_verdict_record *rec, void *ctx);

CS_MUST_CHECK int cs_store_iter_verdicts(struct cs_store *st, bool flagged_only,
                                         cs_store_verdict_fn *fn, void *ctx, struct cs_diag *diag);

/* ---- for tests ------------------------------------------------------------------------- */

/* Sets the map size of this handle (LMDB rounds it up to the data in use), so a test can force
 * MDB_MAP_FULL on the next commit. Waits until no transaction of st is live. Returns CS_OK,
 * CS_E_INVALID or CS_E_STORE. */
CS_MUST_CHECK int cs_store_debug_set_mapsize(struct cs_store *st, uint64_t size);

/* ---- runs ------------------------------------------------------------------------------- */

/* A crawl of one input is a run. A run that did not finish (killed, interrupted) is resumed by
 * the next crawl of the same input from its frontier (below): what the run already stored is
 * not done again, so nothing is lost and nothing done twice. A finished run is not resumed: the
 * next crawl starts a new one. */
struct cs_run {
    uint64_t id;
    int64_t started_at;
    bool resumed; /* an unfinished run of the same input was picked up */
};

/* Finds the unfinished run of input_key (any string naming the input: path, size, mtime) or
 * starts a new one, committed at once. CS_OK, CS_E_STORE (diag says why) or CS_E_NOMEM. */
CS_MUST_CHECK int cs_store_run_start(struct cs_store *st, const char *input_key, int64_t now,
                                     struct cs_run *out, struct cs_diag *diag);

/* Marks the run finished and drops what its frontier kept (entries, seen marks, cursor).
 * CS_OK or CS_E_STORE. */
CS_MUST_CHECK int cs_store_run_finish(struct cs_store *st, const char *input_key,
                                      const struct cs_run *run, int64_t now, struct cs_diag *diag);

/* ---- the crawl frontier (frontier.c) ------------------------------------------------------
 * The work a run still has to do lives in the store, not in memory (issue 3): the input list is
 * streamed into it with a cursor, and work found on the way (issue 4: index pages, cards,
 * sources) is added in the same transaction as the result that found it. An entry leaves the
 * frontier in the transaction that stores its result, so a run killed at any moment resumes
 * with exactly the work it had not finished. Each (kind, key) is queued at most once per run.
 * Entries are numbered when their batch commits, in commit order; they are read back in that
 * order. */
struct cs_frontier_entry {
    uint64_t seq;      /* read: its number (given at commit, in commit order); ignored on add */
    int kind;          /* the engine's job kind (one byte, not 0) */
    const char *input; /* the work: a URL, or what the kind reads (Borrowed) */
    const char *extra; /* the kind's context, e.g. the dataset that named a source; may be "" */
};

/* Queues entry e into run unless (e->kind, dedup_key) was queued in the run before. dedup_key
 * is the canonical form (a canonical URL); e's strings are Copied. CS_OK, CS_E_NOMEM or
 * CS_E_INVALID. */
CS_MUST_CHECK int cs_store_frontier_add(struct cs_store_batch *b, uint64_t run,
                                        const struct cs_frontier_entry *e, const char *dedup_key);

/* Sets *seen when (kind, dedup_key) was queued in run (committed). CS_OK or CS_E_STORE.
 * Thread-safe. */
CS_MUST_CHECK int cs_store_frontier_seen(struct cs_store *st, uint64_t run, int kind,
                                         const char *dedup_key, bool *seen);

/* Marks (kind, key) as met in run without queueing work (read back with
 * cs_store_frontier_seen): e.g. the entries a listing showed. CS_OK, CS_E_NOMEM, CS_E_INVALID. */
CS_MUST_CHECK int cs_store_run_mark(struct cs_store_batch *b, uint64_t run, int kind,
                                    const char *key);

/* Takes entry seq out of run's frontier (its result is in the same batch). */
CS_MUST_CHECK int cs_store_frontier_done(struct cs_store_batch *b, uint64_t run, uint64_t seq);

/* Calls fn on at most max entries of run with a number above after, in order, in one read
 * transaction (e and its strings Borrowed for the call). fn returns CS_OK to go on. Returns
 * CS_OK, CS_E_STORE or fn's code; *count (may be NULL) gets the number of entries visited. */
typedef int cs_store_frontier_fn(const struct cs_frontier_entry *e, void *ctx);
CS_MUST_CHECK int cs_store_frontier_read(struct cs_store *st, uint64_t run, uint64_t after,
                                         size_t max, cs_store_frontier_fn *fn, void *ctx,
                                         size_t *count);

/* The highest entry number run has given (0 when none) and how many entries wait. */
CS_MUST_CHECK int cs_store_frontier_state(struct cs_store *st, uint64_t run, uint64_t *last_seq,
                                          size_t *pending);

/* The run's input cursor: how far the input list has been queued ("" before the first), kept
 * as text by the caller (byte offset, line counts). Set it in the batch that queues the lines.
 * get: CS_OK with *out Returns owned (free()), CS_E_NOTFOUND or CS_E_STORE. */
CS_MUST_CHECK int cs_store_run_set_cursor(struct cs_store_batch *b, uint64_t run, const char *text);
CS_MUST_CHECK int cs_store_run_get_cursor(struct cs_store *st, uint64_t run, char **out);

/* One crawl per store: takes an exclusive lock on DIR/crawl.lock (the store must be open, so the
 * directory exists) and records the pid in it. Returns CS_OK with *fd_out to pass to
 * cs_store_crawl_unlock, CS_E_BUSY when another process holds it (diag names its pid), or
 * CS_E_STORE. Readers (check, export) never take it. The kernel drops the lock when the process
 * dies, so a killed crawl leaves none behind. */
CS_MUST_CHECK int cs_store_crawl_lock(const char *dir, int *fd_out, struct cs_diag *diag);
void cs_store_crawl_unlock(int fd);

#endif
