/* SPDX-License-Identifier: MIT
 * runopts.h - the options shared by the commands that fetch (check now, crawl later): agents,
 * purposes, store, identity, network limits, logging. Single-threaded (argv parsing).
 */
#ifndef CS_RUNOPTS_H
#define CS_RUNOPTS_H

#include "check.h"
#include "cs_cfg.h"
#include "cs_setup.h"

#include <getopt.h>

enum {
    CS_OPT_AGENT = 1000,
    CS_OPT_AGENTS_FILE,
    CS_OPT_PURPOSE,
    CS_OPT_DB,
    CS_OPT_NO_STORE,
    CS_OPT_USER_AGENT,
    CS_OPT_ALLOW_PRIVATE,
    CS_OPT_RESOLVE,
    CS_OPT_TIMEOUT,
    CS_OPT_CONNECT_TIMEOUT,
    CS_OPT_RESOLVE_FILE,
    CS_OPT_CONFIG,
    CS_OPT_COLOR,
    CS_OPT_ROBOTS_TTL,
    CS_OPT_ERROR_TTL,
    CS_OPT_SPEED_LIMIT,
    CS_OPT_SPEED_TIME,
    CS_OPT_NO_SYNC,
    CS_OPT_BROAD_TDM,
    CS_OPT_AMAZON_NOARCHIVE
};

#define CS_RUN_LONG_OPTS                                                        \
    { "agent", required_argument, NULL, CS_OPT_AGENT },                         \
        { "agents", required_argument, NULL, CS_OPT_AGENTS_FILE },              \
        { "purpose", required_argument, NULL, CS_OPT_PURPOSE },                 \
        { "db", required_argument, NULL, CS_OPT_DB },                           \
        { "no-store", no_argument, NULL, CS_OPT_NO_STORE },                     \
        { "no-sync", no_argument, NULL, CS_OPT_NO_SYNC },                       \
        { "broad-tdm", no_argument, NULL, CS_OPT_BROAD_TDM },                   \
        { "amazon-noarchive", no_argument, NULL, CS_OPT_AMAZON_NOARCHIVE },     \
        { "user-agent", required_argument, NULL, CS_OPT_USER_AGENT },           \
        { "allow-private", no_argument, NULL, CS_OPT_ALLOW_PRIVATE },           \
        { "resolve", required_argument, NULL, CS_OPT_RESOLVE },                 \
        { "resolve-file", required_argument, NULL, CS_OPT_RESOLVE_FILE },       \
        { "config", required_argument, NULL, CS_OPT_CONFIG },                   \
        { "timeout", required_argument, NULL, CS_OPT_TIMEOUT },                 \
        { "connect-timeout", required_argument, NULL, CS_OPT_CONNECT_TIMEOUT }, \
        { "color", required_argument, NULL, CS_OPT_COLOR },                     \
        { "robots-ttl", required_argument, NULL, CS_OPT_ROBOTS_TTL },           \
        { "error-ttl", required_argument, NULL, CS_OPT_ERROR_TTL },             \
        { "speed-limit", required_argument, NULL, CS_OPT_SPEED_LIMIT },         \
        { "speed-time", required_argument, NULL, CS_OPT_SPEED_TIME },           \
        { "quiet", no_argument, NULL, 'q' },                                    \
    {                                                                           \
        "verbose", no_argument, NULL, 'v'                                       \
    }

struct cs_run_opts {
    struct cs_check_opts check;   /* what cs_check_url needs; built by finish */
    struct cs_agents *agents;     /* owned */
    struct cs_registry *registry; /* owned: Spawning's registry (check.registry), or NULL */
    const char *agents_file;      /* Borrowed from argv */
    const char *db_dir;           /* Borrowed from argv, or NULL: default */
    char *default_db;             /* owned */
    bool no_store;
    bool no_sync; /* --no-sync: LMDB's MDB_NOSYNC (survives kill -9, not a power loss) */
    bool color;
    bool purposes_given;                /* --purpose given: the table shows those purposes only */
    int verbosity;                      /* -1 quiet, 0 default, 1+ verbose */
    struct cs_resolver *resolver;       /* owned: --resolve and --resolve-file entries */
    const char *config_path;            /* Borrowed from argv */
    struct cs_cfg *cfg;                 /* owned: the --config file, or NULL */
    bool ua_set;                        /* --user-agent given: it wins over the file */
    bool robots_ttl_set, error_ttl_set; /* --robots-ttl, --error-ttl given: they win */
};

void cs_run_opts_init(struct cs_run_opts *r);

/* Applies one option (getopt code c, argument arg). Returns CS_EXIT_OK or CS_EXIT_USAGE after
 * printing the one-line reason. */
int cs_run_opt(struct cs_run_opts *r, int c, const char *arg);

/* Loads the agent list, opens the store (when want_store and not --no-store) and sets up
 * logging. Returns CS_EXIT_OK, CS_EXIT_USAGE, CS_EXIT_STORE or CS_EXIT_INTERNAL (message
 * printed). */
int cs_run_opts_finish(struct cs_run_opts *r, bool want_store);

/* Spawning's registry is asked only when SPAWNING_API_KEY is set (issue 5 item 8): sets it up
 * after finish. Returns CS_EXIT_OK, or CS_EXIT_USAGE after printing why (a key the client
 * refuses, a malformed SPAWNING_API_URL). */
int cs_run_opts_registry(struct cs_run_opts *r);

void cs_run_opts_release(struct cs_run_opts *r);

/* The store directory in use (after finish): --db, or the default. Borrowed. */
const char *cs_run_opts_db(const struct cs_run_opts *r);

#endif
