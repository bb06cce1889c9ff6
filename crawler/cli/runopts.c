/* SPDX-License-Identifier: MIT
 * runopts.c - shared fetch options, the agent list and the store for a run.
 */
#include "cs_setup.h"

#include "runopts.h"

#include "cli.h"
#include "cs_limits.h"
#include "cs_log.h"
#include "registry.h"
#include "robots.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CS_DEFAULT_AGENTS_PATH
#define CS_DEFAULT_AGENTS_PATH ""
#endif

void cs_run_opts_init(struct cs_run_opts *r)
{
    memset(r, 0, sizeof(*r));
    r->check.fetch.user_agent = cs_default_user_agent();
    r->check.fetch.connect_timeout_ms = CS_CONNECT_TIMEOUT_MS;
    r->check.fetch.timeout_ms = CS_TIMEOUT_MS;
    r->check.fetch.low_speed_bps = CS_LOW_SPEED_BPS;
    r->check.fetch.low_speed_time_s = CS_LOW_SPEED_TIME_S;
    /* issue 3: a single check retries too, but briefly (10 s in all) */
    r->check.fetch.retries = 2;
    r->check.fetch.retry_budget_ms = 10000;
    r->check.self_token = "consentscan";
    r->color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
}

static int add_agent(struct cs_run_opts *r, const char *tok)
{
    if (!r->agents && !(r->agents = cs_agents_new()))
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    if (cs_agents_add(r->agents, tok) != CS_OK)
        return cs_die(CS_EXIT_USAGE, "invalid agent token '%s'", tok);
    return CS_EXIT_OK;
}

static int add_resolve(struct cs_run_opts *r, const char *arg, bool file)
{
    struct cs_diag diag = { 0 };
    int rc;

    if (!r->resolver && !(r->resolver = cs_resolver_new()))
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    rc = file ? cs_resolver_load(r->resolver, arg, &diag) : cs_resolver_add(r->resolver, arg);
    if (rc == CS_E_NOMEM)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    if (rc != CS_OK && file)
        return cs_die(CS_EXIT_USAGE, "--resolve-file: %s", diag.msg);
    if (rc != CS_OK)
        return cs_die(CS_EXIT_USAGE, "--resolve wants HOST:PORT:ADDRESS, not '%s'", arg);
    return CS_EXIT_OK;
}

static int set_seconds(long *ms, const char *arg, const char *name)
{
    long long v;

    if (!cs_parse_num(arg, 3600, &v) || v == 0)
        return cs_die(CS_EXIT_USAGE, "--%s wants 1 to 3600 seconds, not '%s'", name, arg);
    *ms = (long)v * 1000;
    return CS_EXIT_OK;
}

static int set_count(long *out, const char *arg, const char *name, long long lo, long long hi)
{
    long long v;

    if (!cs_parse_num(arg, hi, &v) || v < lo)
        return cs_die(CS_EXIT_USAGE, "--%s wants %lld to %lld, not '%s'", name, lo, hi, arg);
    *out = (long)v;
    return CS_EXIT_OK;
}

/* A time to live in seconds: 1 s to 30 days (a stored robots.txt older than that is stale for
 * any purpose; RFC 9309 2.4 suggests no more than 24 h, which stays the default). */
static int set_ttl(int64_t *s, bool *set, const char *arg, const char *name)
{
    long long v;

    if (!cs_parse_num(arg, 30LL * 86400, &v) || v == 0)
        return cs_die(CS_EXIT_USAGE, "--%s wants 1 to 2592000 seconds, not '%s'", name, arg);
    *s = v;
    *set = true;
    return CS_EXIT_OK;
}

int cs_run_opt(struct cs_run_opts *r, int c, const char *arg)
{
    enum cs_purpose p;

    switch (c) {
    case CS_OPT_AGENT:
        return add_agent(r, arg);
    case CS_OPT_AGENTS_FILE:
        r->agents_file = arg;
        return CS_EXIT_OK;
    case CS_OPT_PURPOSE:
        if (cs_purpose_parse(arg, &p) != CS_OK)
            return cs_die(CS_EXIT_USAGE,
                          "unknown purpose '%s' (TRAIN_GENAI, TRAIN_ML, TDM, "
                          "AI_INPUT, SEARCH)",
                          arg);
        r->check.purposes |= 1u << p;
        r->purposes_given = true;
        return CS_EXIT_OK;
    case CS_OPT_AMAZON_NOARCHIVE:
        r->check.amazon_noarchive = true; /* signals.md 4.6: unverified, so only on request */
        return CS_EXIT_OK;
    case CS_OPT_BROAD_TDM:
        r->check.broad_tdm = true; /* signals.md 12.2 "D*": TDM reservations cover inference */
        return CS_EXIT_OK;
    case CS_OPT_DB:
        r->db_dir = arg;
        return CS_EXIT_OK;
    case CS_OPT_NO_SYNC:
        r->no_sync = true;
        return CS_EXIT_OK;
    case CS_OPT_NO_STORE:
        r->no_store = true;
        return CS_EXIT_OK;
    case CS_OPT_USER_AGENT:
        if (!*arg || strpbrk(arg, "\r\n"))
            return cs_die(CS_EXIT_USAGE, "invalid --user-agent");
        r->check.fetch.user_agent = arg;
        r->ua_set = true;
        return CS_EXIT_OK;
    case CS_OPT_CONFIG:
        r->config_path = arg;
        return CS_EXIT_OK;
    case CS_OPT_ALLOW_PRIVATE:
        r->check.fetch.allow_private = true;
        return CS_EXIT_OK;
    case CS_OPT_RESOLVE:
        return add_resolve(r, arg, false);
    case CS_OPT_RESOLVE_FILE:
        return add_resolve(r, arg, true);
    case CS_OPT_TIMEOUT:
        return set_seconds(&r->check.fetch.timeout_ms, arg, "timeout");
    case CS_OPT_SPEED_LIMIT:
        return set_count(&r->check.fetch.low_speed_bps, arg, "speed-limit", 0, 1L << 30);
    case CS_OPT_SPEED_TIME:
        return set_count(&r->check.fetch.low_speed_time_s, arg, "speed-time", 1, 3600);
    case CS_OPT_ROBOTS_TTL:
        return set_ttl(&r->check.robots_ttl.ok_s, &r->robots_ttl_set, arg, "robots-ttl");
    case CS_OPT_ERROR_TTL:
        return set_ttl(&r->check.robots_ttl.error_s, &r->error_ttl_set, arg, "error-ttl");
    case CS_OPT_CONNECT_TIMEOUT:
        return set_seconds(&r->check.fetch.connect_timeout_ms, arg, "connect-timeout");
    case CS_OPT_COLOR:
        if (strcmp(arg, "always") && strcmp(arg, "never") && strcmp(arg, "auto"))
            return cs_die(CS_EXIT_USAGE, "--color wants always, never or auto");
        r->color = strcmp(arg, "always") == 0 || (strcmp(arg, "auto") == 0 && r->color);
        return CS_EXIT_OK;
    case 'q':
        r->verbosity = -1;
        return CS_EXIT_OK;
    case 'v':
        r->verbosity++;
        return CS_EXIT_OK;
    default:
        return cs_die(CS_EXIT_USAGE, "unknown option (see 'consentscan --help')");
    }
}

static int load_file(struct cs_run_opts *r, const char *path)
{
    struct cs_diag diag = { 0 };

    if (cs_agents_load_file(path, &r->agents, &diag) != CS_OK)
        return cs_die(CS_EXIT_USAGE, "%s", diag.msg[0] ? diag.msg : "cannot read agent list");
    return CS_EXIT_OK;
}

/* Issue 2 item 3: --agent tokens; else --agents FILE; else the community list beside the
 * repository when present; else the compiled-in list. */
static int load_agents(struct cs_run_opts *r)
{
    const char *candidates[] = { getenv("CONSENTSCAN_AGENTS"), "../shared/data/ai-robots.json",
                                 CS_DEFAULT_AGENTS_PATH };

    if (r->agents)
        return CS_EXIT_OK;
    if (r->agents_file)
        return load_file(r, r->agents_file);
    for (size_t i = 0; i < CS_ARRAY_LEN(candidates); i++) {
        if (candidates[i] && *candidates[i] && access(candidates[i], R_OK) == 0)
            return load_file(r, candidates[i]);
    }
    if (cs_agents_builtin(&r->agents) != CS_OK)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    return CS_EXIT_OK;
}

static int load_config(struct cs_run_opts *r)
{
    struct cs_diag diag = { 0 };

    if (!r->config_path)
        return CS_EXIT_OK;
    if (cs_cfg_load(r->config_path, &r->cfg, &diag) != CS_OK)
        return cs_die(CS_EXIT_USAGE, "%s: %s", r->config_path,
                      diag.msg[0] ? diag.msg : "cannot read the configuration");
    if (r->cfg->user_agent && !r->ua_set)
        r->check.fetch.user_agent = r->cfg->user_agent;
    if (r->cfg->robots_ttl_s > 0 && !r->robots_ttl_set)
        r->check.robots_ttl.ok_s = r->cfg->robots_ttl_s;
    if (r->cfg->error_ttl_s > 0 && !r->error_ttl_set)
        r->check.robots_ttl.error_s = r->cfg->error_ttl_s;
    return CS_EXIT_OK;
}

static int open_store(struct cs_run_opts *r)
{
    struct cs_diag diag = { 0 };
    const char *dir = cs_store_dir_of(r->db_dir, &r->default_db);
    int rc;

    if (!dir)
        return CS_EXIT_STORE;
    rc = cs_store_open(dir, r->no_sync ? CS_STORE_NOSYNC : 0, &r->check.store, &diag);
    if (rc != CS_OK)
        return cs_die(CS_EXIT_STORE, "%s", diag.msg[0] ? diag.msg : cs_strerror(rc));
    return CS_EXIT_OK;
}

int cs_run_opts_finish(struct cs_run_opts *r, bool want_store)
{
    static const enum cs_log_level levels[] = { CS_LOG_ERROR, CS_LOG_WARN, CS_LOG_INFO,
                                                CS_LOG_DEBUG };

    int v = r->verbosity + 1;
    int rc;

    cs_log_set(NULL, NULL, levels[v < 0 ? 0 : v > 3 ? 3 : v]);
    if (!r->check.purposes)
        r->check.purposes = 1u << CS_PURPOSE_TRAIN_GENAI;
    r->check.fetch.resolver = r->resolver;
    rc = load_config(r);
    if (rc == CS_EXIT_OK)
        rc = load_agents(r);
    if (rc != CS_EXIT_OK)
        return rc;
    r->check.agents = r->agents;
    if (want_store && !r->no_store)
        return open_store(r);
    return CS_EXIT_OK;
}

int cs_run_opts_registry(struct cs_run_opts *r)
{
    char err[200] = "";

    if (cs_registry_from_env(&r->check.fetch, &r->registry, err, sizeof(err)) != CS_OK)
        return cs_die(CS_EXIT_USAGE, "%s", err[0] ? err : "cannot set up the registry");
    r->check.registry = r->registry;
    return CS_EXIT_OK;
}

void cs_run_opts_release(struct cs_run_opts *r)
{
    cs_registry_free(r->registry);
    cs_store_close(r->check.store);
    cs_agents_free(r->agents);
    free(r->default_db);
    cs_resolver_free(r->resolver);
    cs_cfg_free(r->cfg);
    memset(r, 0, sizeof(*r));
}

const char *cs_run_opts_db(const struct cs_run_opts *r)
{
    return r->db_dir ? r->db_dir : r->default_db;
}
