/* SPDX-License-Identifier: MIT
 * cmd_crawl.c - `consentscan crawl --urls FILE`: the full check of every URL of a list through
 * the crawl engine, stored as `check` stores (issue 3). A progress line on a terminal, a summary
 * at the end; SIGINT/SIGTERM stop cleanly, a second one exits at once (the store stays sound:
 * LMDB commits are atomic).
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "cs_setup.h"

#include "cli.h"
#include "crawl_hub.h"
#include "crawl_list.h"
#include "cs_clock.h"
#include "cs_log.h"
#include "engine.h"
#include "listfetch.h"
#include "runopts.h"

#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    OPT_URLS = 2000,
    OPT_PARALLEL,
    OPT_THREADS,
    OPT_PER_HOST,
    OPT_DELAY,
    OPT_RETRIES,
    OPT_WINDOW,
    OPT_LOG,
    OPT_MAX_CRAWL_DELAY
};

static const struct option long_opts[] = {
    CS_RUN_LONG_OPTS,
    { "urls", required_argument, NULL, OPT_URLS },
    { "parallel", required_argument, NULL, OPT_PARALLEL },
    { "threads", required_argument, NULL, OPT_THREADS },
    { "per-host", required_argument, NULL, OPT_PER_HOST },
    { "delay", required_argument, NULL, OPT_DELAY },
    { "retries", required_argument, NULL, OPT_RETRIES },
    { "window", required_argument, NULL, OPT_WINDOW },
    { "log", required_argument, NULL, OPT_LOG },
    { "max-crawl-delay", required_argument, NULL, OPT_MAX_CRAWL_DELAY },
    CS_HUB_LONG_OPTS CS_LIST_LONG_OPTS{ NULL, 0, NULL, 0 },
};

struct crawl_args {
    struct cs_run_opts run;
    bool delay_set, parallel_set, per_host_set; /* given on the command line: win over --config */
    struct cs_engine_opts eng;
    struct cs_hub_args hub;   /* an index crawl (issue 4) */
    struct cs_list_args list; /* a URL-list file: format, column, sample */
    const char *urls;
    struct cs_listfetch remote; /* --urls URL: the list's local copy and what names it */
    const char *log_path;
    FILE *log;
    bool progress;
};

static int num_opt(const char *name, const char *arg, long long lo, long long hi, long long *out)
{
    if (!cs_parse_num(arg, hi, out) || *out < lo)
        return cs_die(CS_EXIT_USAGE, "--%s wants a whole number from %lld to %lld, not '%s'", name,
                      lo, hi, arg);
    return CS_EXIT_OK;
}

static int delay_opt(const char *arg, int64_t *ms)
{
    char *end = NULL;
    double s = strtod(arg, &end);

    if (!end || end == arg || *end || !isfinite(s) || s < 0 || s > 3600)
        return cs_die(CS_EXIT_USAGE, "--delay wants 0 to 3600 seconds, not '%s'", arg);
    *ms = (int64_t)(s * 1000);
    return CS_EXIT_OK;
}

static int crawl_opt(struct crawl_args *a, int c, const char *arg)
{
    long long v = 0;
    int rc = CS_EXIT_OK;

    switch (c) {
    case OPT_URLS:
        a->urls = arg;
        break;
    case OPT_MAX_CRAWL_DELAY:
        /* like Nutch's fetcher.max.crawl.delay: a site's Crawl-delay is honoured up to this;
         * 0 ignores it (for a crawl of one's own sites, or a benchmark) */
        rc = num_opt("max-crawl-delay", arg, 0, 3600, &v);
        a->eng.crawl_delay_cap_ms = v * 1000;
        break;
    case OPT_LOG:
        a->log_path = arg;
        break;
    case OPT_DELAY:
        return delay_opt(arg, &a->eng.delay_ms);
    case OPT_PARALLEL:
        a->parallel_set = true;
        rc = num_opt("parallel", arg, 1, 10000, &v);
        a->eng.parallel = (int)v;
        break;
    case OPT_THREADS:
        rc = num_opt("threads", arg, 1, 64, &v);
        a->eng.threads = (int)v;
        break;
    case OPT_PER_HOST:
        a->per_host_set = true;
        rc = num_opt("per-host", arg, 1, 64, &v);
        a->eng.per_host = (int)v;
        break;
    case OPT_RETRIES:
        rc = num_opt("retries", arg, 0, 10, &v);
        a->eng.max_attempts = (int)v + 1;
        break;
    case OPT_WINDOW:
        rc = num_opt("window", arg, 1, 100000000, &v);
        a->eng.window = (size_t)v;
        break;
    case '?':
        return cs_die(CS_EXIT_USAGE, "unknown option or missing value (see 'consentscan --help')");
    default:
        rc = cs_hub_opt(&a->hub, c, arg);
        if (rc < 0)
            rc = cs_list_opt(&a->list, c, arg);
        return rc >= 0 ? rc : cs_run_opt(&a->run, c, arg);
    }
    return rc;
}

/* The --config file's defaults, where the command line said nothing. */
static void apply_config(struct crawl_args *a)
{
    const struct cs_cfg *c = a->run.cfg;

    a->eng.cfg = c;
    if (!c)
        return;
    if (c->delay_ms >= 0 && !a->delay_set)
        a->eng.delay_ms = c->delay_ms;
    if (c->parallel > 0 && !a->parallel_set)
        a->eng.parallel = c->parallel;
    if (c->per_host > 0 && !a->per_host_set)
        a->eng.per_host = c->per_host;
}

static void show_progress(const struct cs_engine_stats *st, void *ctx)
{
    (void)ctx;
    double rate = st->elapsed_s > 0 ? (double)st->done / st->elapsed_s : 0.0;

    /* ETA from the pace so far; "?" until something is done (an index crawl's queue grows as
     * it reads, so its ETA is for what is known now) */
    fprintf(
        stderr, "\r\033[Khosts %zu | URLs done %zu, waiting %zu | %.0f req/s | failed %zu | %.0f s",
        st->hosts, st->done, st->queued,
        st->elapsed_s > 0 ? (double)st->requests / st->elapsed_s : 0.0, st->failed, st->elapsed_s);
    if (rate > 0)
        fprintf(stderr, " | ETA %.0f s", (double)st->queued / rate);
    fflush(stderr);
}

static void log_to_file(enum cs_log_level level, const char *msg, void *ctx)
{
    static const char *const names[] = { "error", "warning", "info", "debug" };

    fprintf(ctx, "%s: %s\n", names[level], msg);
    fflush(ctx);
}

static void print_summary(const struct cs_engine_stats *st)
{
    printf("crawl %s in %.1f s: %zu URLs on %zu hosts, %zu requests (%.0f per second)\n",
           st->interrupted ? "interrupted" : "finished", st->elapsed_s, st->done, st->hosts,
           st->requests, st->elapsed_s > 0 ? (double)st->requests / st->elapsed_s : 0.0);
    printf("  read %zu, refused by robots.txt %zu, robots.txt unreachable %zu, failed %zu\n",
           st->read, st->refused, st->unreachable, st->failed);
    printf("  flagged %zu, unknown %zu; robots.txt fetched %zu, reused %zu; not modified %zu; "
           "retries %zu\n",
           st->flagged, st->unknown, st->robots_fetched, st->robots_cached, st->not_modified,
           st->retries);
    if (st->gated)
        printf("  gated: %zu entries listed but not read (their cards need HF_TOKEN)\n", st->gated);
    if (st->retried || st->retry_later)
        printf("  asked again: %zu that failed in the last run; %zu failed now (a 5xx, a timeout): "
               "asked again by the next run\n",
               st->retried, st->retry_later);
    if (st->pages || st->cards || st->unchanged || st->datasets)
        printf("  index: %zu listing pages, %zu cards read, %zu entries unchanged since the last "
               "run, %zu datasets from other indexes\n",
               st->pages, st->cards, st->unchanged, st->datasets);
    if (st->viewer_pages)
        printf("  dataset viewer: %zu pages of rows sampled, %zu URL cells linked\n",
               st->viewer_pages, st->viewer_urls);
    if (st->bad_lines || st->dropped)
        printf("  skipped input lines %zu, left undone %zu\n", st->bad_lines, st->dropped);
}

struct sig_ctx {
    struct cs_engine *engine;
    sigset_t set;
};

/* The signal thread (style.md 10.6): the first SIGINT/SIGTERM stops the engine cleanly, a
 * second exits at once — LMDB's committed transactions survive that. */
static void *signal_main(void *arg)
{
    struct sig_ctx *sc = arg;
    int sig;
    int seen = 0;

    while (sigwait(&sc->set, &sig) == 0) {
        if (seen++) {
            static const char msg[] = "\nconsentscan: interrupted again, exiting now\n";
            if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
                _exit(130);
            _exit(130);
        }
        cs_engine_stop(sc->engine);
    }
    return NULL;
}

/* What names the input of a run: a list file by its real path, size and modification time, so
 * the same command on the same list resumes, and an edited list starts afresh. Standard input
 * has no name: every crawl of it is a new run. */
static bool input_key(const char *path, char *out, size_t len)
{
    char real[4096];
    struct stat sb;

    if (strcmp(path, "-") == 0 || !realpath(path, real) || stat(real, &sb) != 0)
        return false;
    snprintf(out, len, "urls:%s:%lld:%lld.%09ld", real, (long long)sb.st_size,
             (long long)sb.st_mtim.tv_sec, (long)sb.st_mtim.tv_nsec);
    return true;
}

/* Starts or resumes the store run of this input (standard input: always a new run). */
static int begin_run(struct crawl_args *a, char *key, size_t key_len, struct cs_run *run,
                     bool *tracked)
{
    struct cs_diag diag = { 0 };

    if (!a->hub.wanted)
        cs_list_setup(&a->list, a->urls, &a->eng);
    if (a->remote.key) {
        snprintf(key, key_len, "urls:%s", a->remote.key);
        *tracked = true;
    } else {
        *tracked = a->hub.wanted || input_key(a->urls, key, key_len);
    }
    if (*tracked && a->list.wanted) {
        /* how the list is read is part of the run: another column or seed is another run */
        size_t n = strlen(key);
        snprintf(key + n, key_len - n, ":list:%d:%s:%zu:%zu:%llu", (int)a->list.opts.format,
                 a->list.opts.column ? a->list.opts.column : "", a->list.opts.column_index,
                 a->list.sample, (unsigned long long)a->list.seed);
    }
    if (a->hub.wanted && cs_hub_setup(&a->hub, &a->eng, key, key_len) != CS_EXIT_OK)
        return CS_EXIT_USAGE;
    if (!*tracked)
        snprintf(key, key_len, "stdin:%lld:%ld", (long long)cs_clock_now(), (long)getpid());
    if (cs_store_run_start(a->run.check.store, key, cs_clock_now(), run, &diag) != CS_OK)
        return cs_die(CS_EXIT_STORE, "%s", diag.msg[0] ? diag.msg : "cannot record the run");
    a->eng.run = run->id;
    a->eng.resume = run->resumed;
    a->eng.run_started = run->started_at;
    if (a->hub.wanted) {
        /* the readers that fail in a run of this crawl wait in a run of their own, never
         * finished, for the next run of it (engine.h retry_run) */
        char carry[4300];
        struct cs_run c = { 0 };
        snprintf(carry, sizeof(carry), "carry:%s", key);
        if (cs_store_run_start(a->run.check.store, carry, cs_clock_now(), &c, &diag) != CS_OK)
            return cs_die(CS_EXIT_STORE, "%s", diag.msg[0] ? diag.msg : "cannot record the run");
        a->eng.retry_run = c.id;
    }
    return CS_EXIT_OK;
}

static int run_engine(struct crawl_args *a, FILE *in)
{
    struct cs_diag diag = { 0 };
    struct cs_engine_stats st;
    struct sig_ctx sc;
    pthread_t sig_thread;
    bool sig_ok;
    int lock = -1;
    int rc;
    char estimate[512] = "";

    char key[4200];
    struct cs_run run = { 0 };
    bool tracked = false;

#ifdef M_ARENA_MAX
    /* Jobs are made by the feeder and freed by the writer: with glibc's arena per thread the
     * freed memory stays scattered over the arenas. 1,000,000 URLs queued with a 25,000-URL
     * window: 205 MB of anonymous memory with two arenas, 77 MB with one; the threads spend
     * their time in libcurl, LMDB and the parsers, not in malloc. */
    mallopt(M_ARENA_MAX, 1);
#endif
    if (cs_store_crawl_lock(cs_run_opts_db(&a->run), &lock, &diag) != CS_OK)
        return cs_die(CS_EXIT_STORE, "%s", diag.msg);
    rc = begin_run(a, key, sizeof(key), &run, &tracked);
    if (rc != CS_EXIT_OK) {
        cs_store_crawl_unlock(lock);
        return rc;
    }
    sc.engine = cs_engine_new(&a->eng);
    if (!sc.engine) {
        cs_store_crawl_unlock(lock);
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    }
    sigemptyset(&sc.set);
    sigaddset(&sc.set, SIGINT);
    sigaddset(&sc.set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sc.set, NULL); /* every thread started from here inherits it */
    sig_ok = pthread_create(&sig_thread, NULL, signal_main, &sc) == 0;
    rc = cs_engine_run(sc.engine, in, &st);
    if (sig_ok) {
        pthread_cancel(sig_thread);
        pthread_join(sig_thread, NULL);
    }
    if (rc == CS_OK && !st.interrupted)
        cs_list_estimate(&a->list, sc.engine, a->run.check.store, estimate, sizeof(estimate));
    cs_engine_free(sc.engine);
    /* before the run is finished: its marks of what the listings showed go with it */
    if (rc == CS_OK && a->hub.wanted && !st.store_error[0])
        cs_hub_mark_gone(&a->hub, &st, a->run.check.store, run.id, a->run.verbosity >= 0);
    /* standard input cannot be resumed: its run is closed (frontier dropped) however it ended */
    if (rc == CS_OK &&
        (!tracked ||
         (!st.interrupted && !st.store_error[0] && !st.incomplete && !st.input_error[0])) &&
        cs_store_run_finish(a->run.check.store, key, &run, cs_clock_now(), &diag) != CS_OK)
        snprintf(st.store_error, sizeof(st.store_error), "%s", diag.msg);
    cs_store_crawl_unlock(lock);
    if (a->progress)
        fputc('\n', stderr);
    if (rc != CS_OK)
        return cs_die(CS_EXIT_INTERNAL, "crawl: %s", cs_strerror(rc));
    if (a->run.verbosity >= 0) {
        if (run.resumed)
            printf("resumed unfinished run %llu: %zu URLs it had done were skipped\n",
                   (unsigned long long)run.id, st.skipped);
        print_summary(&st);
        if (estimate[0])
            puts(estimate);
        if (st.incomplete)
            printf("  a listing stopped on a page that could not be read (see the log): the "
                   "next run with the same options resumes there\n");
    }
    if (st.input_error[0])
        return cs_die(CS_EXIT_USAGE, "%s: %s", a->urls, st.input_error);
    if (st.store_error[0])
        return cs_die(CS_EXIT_STORE, "%s", st.store_error);
    return st.interrupted ? 130 : CS_EXIT_OK;
}

/* --urls URL: the list is fetched into the store's directory first (its origin's robots.txt
 * asked; a copy from an earlier run asked for conditionally), then read like a file whose name
 * keeps the URL's extension. */
static int fetch_list(struct crawl_args *a, FILE **in)
{
    struct cs_diag diag = { 0 };
    char *owned = NULL;
    const char *dir = cs_store_dir_of(a->run.db_dir, &owned);
    int rc = dir ? cs_listfetch(&a->run.check, a->urls, dir, &a->remote, &diag) : CS_E_NOMEM;

    free(owned);
    if (rc != CS_OK)
        return cs_die(rc == CS_E_NOMEM ? CS_EXIT_INTERNAL : CS_EXIT_UNKNOWN,
                      "cannot read the list: %s", diag.msg[0] ? diag.msg : cs_strerror(rc));
    cs_log(CS_LOG_INFO, "list %s: %s '%s'", a->urls,
           a->remote.fetched ? "fetched into" : "unchanged, reading", a->remote.path);
    if (!(*in = fopen(a->remote.path, "r")))
        return cs_die(CS_EXIT_STORE, "cannot open '%s': %s", a->remote.path, strerror(errno));
    a->urls = a->remote.path; /* its name tells the format */
    return CS_EXIT_OK;
}

int cs_cmd_crawl(int argc, char **argv)
{
    struct crawl_args a = { 0 };
    FILE *in = NULL;
    int rc = CS_EXIT_OK;
    int c;

    cs_run_opts_init(&a.run);
    cs_engine_opts_init(&a.eng);
    optind = 1;
    opterr = 0;
    while (rc == CS_EXIT_OK && (c = getopt_long(argc, argv, "qv", long_opts, NULL)) != -1)
        rc = crawl_opt(&a, c, optarg);
    if (rc == CS_EXIT_OK && (!a.urls == !a.hub.wanted || optind != argc))
        rc = cs_die(CS_EXIT_USAGE,
                    "usage: consentscan crawl --urls FILE|URL|- | --datasets|--models|"
                    "--both [--hub URL] [options]");
    if (rc == CS_EXIT_OK && a.urls && strcmp(a.urls, "-") != 0 && !cs_listfetch_is_remote(a.urls) &&
        !(in = fopen(a.urls, "r")))
        rc = cs_die(CS_EXIT_USAGE, "cannot open '%s': %s", a.urls, strerror(errno));
    if (rc == CS_EXIT_OK && a.log_path && !(a.log = fopen(a.log_path, "a")))
        rc = cs_die(CS_EXIT_USAGE, "cannot open log '%s': %s", a.log_path, strerror(errno));
    if (rc == CS_EXIT_OK)
        rc = cs_run_opts_finish(&a.run, true);
    if (rc == CS_EXIT_OK)
        rc = cs_run_opts_registry(&a.run);
    if (rc == CS_EXIT_OK && a.log)
        cs_log_set(log_to_file, a.log, a.run.verbosity > 0 ? CS_LOG_DEBUG : CS_LOG_INFO);
    if (rc == CS_EXIT_OK && a.urls && cs_listfetch_is_remote(a.urls))
        rc = fetch_list(&a, &in);
    if (rc == CS_EXIT_OK) {
        a.eng.check = a.run.check;
        apply_config(&a);
        a.progress = a.run.verbosity >= 0 && isatty(STDERR_FILENO);
        a.eng.progress = a.progress ? show_progress : NULL;
        rc = run_engine(&a, in ? in : a.urls ? stdin : NULL);
    }
    if (in)
        fclose(in);
    if (a.log)
        fclose(a.log);
    cs_run_opts_release(&a.run);
    cs_hub_args_release(&a.hub);
    cs_listfetch_release(&a.remote);
    free(a.list.node);
    return rc;
}
