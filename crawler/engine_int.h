/* SPDX-License-Identifier: MIT
 * engine_int.h - the crawl engine's internal records, shared by engine.c (the threads) and
 * hosts.c (the per-host queues). Internal to crawler/.
 *
 * Ownership: a job belongs to exactly one place at a time: the input queue, a host's FIFO, a
 * transfer in flight, the parse queue or the write queue (style.md 10.5, 10.6). A site is
 * shared: every job of its origin and the host hold a reference (atomic count); it is
 * immutable once published, so parse workers read it without locks.
 */
#ifndef CS_ENGINE_INT_H
#define CS_ENGINE_INT_H

#include "cs_setup.h"

#include "check.h"
#include "hubwork.h"
#include "judge.h"
#include "url.h"

#include <pthread.h>
#include <stdatomic.h>

struct cs_site_ref {
    struct cs_site site;
    atomic_int refs;
};

/* Kinds of work in the pipeline, stored as the frontier entry's kind byte (so never change a
 * value). Each kind has its own fetch options, parser and follow-up work. */
enum cs_job_kind {
    CS_JOB_WORK = 'W',        /* a work URL: the full check of `consentscan check` */
    CS_JOB_LIST = 'L',        /* a page of a Hub listing (an API call: not gated by robots.txt) */
    CS_JOB_CARD = 'C',        /* a Hub card (README.md on the resolve endpoint) */
    CS_JOB_CROISSANT = 'X',   /* a dataset's Croissant file (an API call) */
    CS_JOB_CKAN = 'K',        /* a page of a CKAN portal's package_search (an API call) */
    CS_JOB_PAGE = 'P',        /* a dataset page with schema.org JSON-LD, or a JSON-LD file */
    CS_JOB_VIEWER_SIZE = 'V', /* a dataset's splits and rows on the dataset viewer (API) */
    CS_JOB_VIEWER_ROWS = 'R', /* a page of a dataset's rows on the dataset viewer (API) */
};

/* An API call: paced by the API's published quota, not gated by robots.txt (README
 * "Politeness"). */
static inline bool cs_job_is_api(int kind)
{
    return kind == CS_JOB_LIST || kind == CS_JOB_CROISSANT || kind == CS_JOB_CKAN ||
           kind == CS_JOB_VIEWER_SIZE || kind == CS_JOB_VIEWER_ROWS;
}

struct cs_job {
    struct cs_job *next;          /* FIFO link while queued at a host */
    uint64_t seq;                 /* its frontier entry: taken out with its result */
    int kind;                     /* enum cs_job_kind */
    bool failed;                  /* its result could not be made (out of memory): not stored */
    char *extra;                  /* owned: the frontier entry's context (hubwork.h) */
    struct cs_hubout hub;         /* owned: a listing page's or card's results (parse worker) */
    char *input;                  /* owned: the line as read */
    struct cs_url u;              /* owned: canonical original URL (the verdict is about it) */
    char *cur;                    /* owned: URL to fetch next (differs after a redirect) */
    struct cs_site_ref *site;     /* reference: robots.txt of u's origin */
    struct cs_work work;          /* owned: the final response */
    struct cs_fetch_stored *prev; /* owned: last run's fetch, for a conditional request */
    struct cs_check_result res;   /* owned: filled by a parse worker */
    bool self_allowed;
    int self_line;
    int hops;         /* redirects followed */
    int attempts;     /* requests made for the current URL */
    int64_t first_ms; /* monotonic time of the first attempt: the retry budget */
};

/* A host reads its host-level files in cs_hostfile_kinds order, robots.txt first, one request at
 * a time (FETCHING), before any other request (READY). */
enum cs_host_state {
    CS_HOST_NEW,      /* nothing read: robots.txt next */
    CS_HOST_FETCHING, /* a host-file request (kind file_kind) is in flight */
    CS_HOST_FILES,    /* robots.txt read; the other host files from file_kind on are next */
    CS_HOST_READY
};

struct cs_host {
    char *origin; /* owned */
    enum cs_host_state state;
    struct cs_site_ref *site;    /* reference once READY */
    struct cs_site_ref *pending; /* reference while its host files are read (FILES) */
    int file_kind;               /* the host file being or to be read (cs_hostfile_kinds) */
    struct cs_job *head, *tail;
    size_t queued;
    int in_flight;
    int64_t next_ms;  /* monotonic ms before which no request starts */
    int64_t delay_ms; /* between requests: max(--delay, Crawl-delay up to a cap) */
    int robots_attempts;
    char *robots_next;  /* owned: a robots.txt redirect waiting for the host's turn */
    char *robots_first; /* owned: the robots.txt URL before that redirect */
    int robots_hops;
    int failures; /* consecutive transient failures: the circuit breaker */
    size_t heap_idx;
    bool in_heap;
    bool configured;       /* the configuration file's override was looked up */
    int per_host;          /* requests in flight at once; 0: the run's --per-host */
    int64_t base_delay_ms; /* the delay before Crawl-delay: the override, or --delay */
    bool warm;             /* libcurl keeps its connection open for its next request */
    unsigned dns_gen;      /* the DNS cache generation its requests use (dnsgen.h) */
    uint64_t sites_sent;   /* host-file messages to the writer up to its last one */
    struct cs_host *idle_prev, *idle_next; /* in the engine's list of idle hosts */
    bool idle;
};

struct cs_hosts;

/* Returns owned, or NULL on out of memory. */
struct cs_hosts *cs_hosts_new(void);

/* Frees every host (their queued jobs must have been taken out); NULL allowed. */
void cs_hosts_free(struct cs_hosts *hs, void (*release_site)(struct cs_site_ref *));

/* The host of origin, created (state NEW) when absent; NULL on out of memory. */
struct cs_host *cs_hosts_get(struct cs_hosts *hs, const char *origin);

size_t cs_hosts_count(const struct cs_hosts *hs);

/* FIFO of a host's waiting jobs; front puts a job back first (a retry or a same-host redirect). */
void cs_hosts_enqueue(struct cs_host *h, struct cs_job *j, bool front);
struct cs_job *cs_hosts_dequeue(struct cs_host *h);

/* Puts h in (or takes it out of) the schedule: a host is scheduled when it has queued jobs, fewer
 * than per_host requests in flight and no robots.txt fetch pending. Call after any change. */
void cs_hosts_update(struct cs_hosts *hs, struct cs_host *h, int per_host);

/* Takes the scheduled host with the earliest next_ms if that is <= now; else NULL and *wait_ms
 * gets the time until the earliest one (-1 when none is scheduled). */
struct cs_host *cs_hosts_due(struct cs_hosts *hs, int64_t now, int64_t *wait_ms);

/* Takes h itself out of the schedule when it is scheduled and due (its turn comes ahead of
 * hosts that waited longer: a host with an open connection goes on with it); else false. */
bool cs_hosts_take_due(struct cs_hosts *hs, struct cs_host *h, int64_t now);

/* Calls fn on every host (the engine drains queued jobs at the end of an interrupted run). */
void cs_hosts_each(struct cs_hosts *hs, void (*fn)(struct cs_host *h, void *ctx), void *ctx);

/* ---- the engine itself (engine.c: threads and lifecycle; fetchloop.c: the fetch thread) ---- */

#include "engine.h"
#include "fetch.h"
#include "queue.h"

/* A request in flight, on the engine's list of running transfers. */
struct cs_xfer {
    struct cs_xfer *prev, *next;
    struct cs_transfer *t;
    struct cs_host *host; /* whose request it is */
    struct cs_host *slot; /* whose politeness slot it holds: host, or for a robots.txt redirect
                             hop to another origin, that origin's host */
    struct cs_job *job;   /* NULL for a host-file request */
    int file_kind;        /* which host file, when job is NULL */
    char *robots_url;     /* owned: the host file's URL before redirects */
    int robots_hops;
    bool keep;        /* the connection stays open for the slot host's next request */
    unsigned dns_gen; /* the DNS cache generation its easy handle is attached to */
};

/* A message to the writer: a judged job, or a freshly fetched robots.txt. */
struct cs_wmsg {
    struct cs_job *job;
    struct cs_site_ref *site;             /* reference, with resp and url, for a host file */
    const struct cs_hostfile_record *rec; /* the host file's record, Borrowed from site */
    struct cs_response resp;
    char *url;
};

struct cs_engine {
    const struct cs_engine_opts *o;
    struct cs_fetch_opts robots_opts, work_opts, api_opts, card_opts;
    struct cs_fetch_opts file_opts[CS_HOSTFILE__COUNT]; /* per host-file kind */
    void *multi;                                        /* CURLM, owned by the fetch thread */
    int warm_hosts;         /* hosts whose last connection libcurl keeps for their next request */
    int warm_budget;        /* at most this many: libcurl's cache never has to evict one */
    struct cs_dnsgens *dns; /* the DNS answers of the run, in generations */
    struct cs_host *idle_head, *idle_tail; /* hosts with nothing to do, oldest first */
    size_t idle_count;
    uint64_t sites_sent;              /* fetch thread: host-file messages sent to the writer */
    _Atomic uint64_t sites_committed; /* writer: of those, committed to the store */
    struct cs_hosts *hosts;
    struct cs_queue *in_q, *parse_q, *write_q;
    struct cs_xfer *running;
    int nrunning;
    size_t live; /* jobs held by the fetch thread */
    bool input_done;
    atomic_bool stop;
    int64_t stop_deadline;
    unsigned rand_state;
    int64_t t0;
    char since[32];      /* opts->run_started as hubwork.h wants it, "" when unknown */
    int64_t last_report; /* fetch thread: when the progress callback last ran */
    FILE *in;
    int eof_marker;            /* its address ends a queue */
    atomic_size_t outstanding; /* jobs fed whose result is not committed yet */
    atomic_bool ingest_done;   /* the input list is all in the frontier */
    atomic_size_t added;       /* frontier entries queued by this process */
    size_t pending0;           /* entries waiting when the run (re)started */
    pthread_mutex_t kick_lock; /* the writer wakes the feeder after a commit */
    pthread_cond_t kick;
    bool kicked;
    struct cs_engine_stats st;               /* fetch-thread counters */
    atomic_size_t lines, bad_lines, skipped; /* reader */
    atomic_size_t done, read, refused, unreachable, failed, flagged, unknown;   /* writer */
    atomic_size_t pages, cards, unchanged, datasets, viewer_pages, viewer_urls; /* writer */
    atomic_size_t retried, retry_later; /* index readers carried over (engine.opts retry_run) */
    atomic_size_t gated;                /* listed entries gated while the crawl has no token */
    atomic_bool store_failed;
    atomic_bool input_failed;
    char input_error[160];
    char **sample; /* owned: the sampled rows (ingest.c), for the run's estimate */
    size_t n_sample;
    atomic_bool incomplete;      /* some listing could not be read to its end: run not finished */
    atomic_bool listed_whole[2]; /* the datasets [0] / models [1] listing reached its end */
    char store_error[160];
};

void cs_site_ref_release(struct cs_site_ref *s);
void cs_job_free(struct cs_job *j);

/* Accounts for a job freed before its result was stored, other than by a stop: the run is then
 * not marked finished, so the next run does the job (its entry is still in the frontier). */
void cs_job_lost(struct cs_engine *e);

/* Records the first store failure of the run (thread-safe; logged). */
void cs_engine_store_failed(struct cs_engine *e, const char *msg);

/* Records why the input list could not be read (thread-safe; logged). */
void cs_engine_input_failed(struct cs_engine *e, const char *msg);

/* The reader thread (ingest.c): the input into the run's frontier; sets ingest_done. */
void *cs_ingest_main(void *arg);

/* The fetch thread's loop: runs until the input is done and every job has left it, or until
 * stop (then in-flight transfers get until stop_deadline). */
int cs_fetchloop_run(struct cs_engine *e);

/* Frees what the fetch thread still holds after an interrupted run; counts it as dropped. */
void cs_fetchloop_drain(struct cs_engine *e);

#endif
