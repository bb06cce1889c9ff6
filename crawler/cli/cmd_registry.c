/* SPDX-License-Identifier: MIT
 * cmd_registry.c - `consentscan registry URL... [--file LIST]`: asks Spawning's Do-Not-Train
 * registry (signals.md 5.2) about each URL, with the key of SPAWNING_API_KEY; prints one JSON
 * object per URL: {"url", "registry": opted-out|opted-in|not-listed|unknown, "reason"}.
 * Exit 1 when some URL is opted out, else 2 when some answer is unknown, else 0; 3 for a usage
 * error or no key (nothing sent). The hidden option --batch N lowers the URLs per request (the
 * end-to-end test checks the batching with it).
 */
#include "cs_setup.h"

#include "cli.h"

#include "cs_buf.h"
#include "cs_limits.h"
#include "jsonw.h"
#include "registry.h"
#include "runopts.h"
#include "url.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define USAGE              "usage: consentscan registry [--file LIST] URL..."
#define REG_LIST_MAX_BYTES (64u << 20)
#define OPT_FILE           2000
#define OPT_BATCH          2001

struct reg_args {
    struct cs_run_opts run;
    const char *file;
    long batch; /* hidden --batch N: URLs per request (tests) */
    const char **urls;
    size_t n;
    char *list; /* owned: the --file bytes the urls point into */
};

static const struct option long_opts[] = {
    CS_RUN_LONG_OPTS,
    { "file", required_argument, NULL, OPT_FILE },
    { "batch", required_argument, NULL, OPT_BATCH },
    { NULL, 0, NULL, 0 },
};

static int parse_args(int argc, char **argv, struct reg_args *a)
{
    long long v;
    int c;

    optind = 1;
    opterr = 0; /* one error line, ours */
    while ((c = getopt_long(argc, argv, "qv", long_opts, NULL)) != -1) {
        if (c == OPT_FILE) {
            a->file = optarg;
        } else if (c == OPT_BATCH) {
            if (!cs_parse_num(optarg, CS_REGISTRY_BATCH_MAX, &v) || v == 0)
                return cs_die(CS_EXIT_USAGE, "--batch wants 1 to %d", CS_REGISTRY_BATCH_MAX);
            a->batch = (long)v;
        } else if (c == '?') {
            return cs_die(CS_EXIT_USAGE, "unknown option or missing value '%s' (%s)",
                          argv[optind - 1], USAGE);
        } else if (cs_run_opt(&a->run, c, optarg) != CS_EXIT_OK) {
            return CS_EXIT_USAGE;
        }
    }
    if (optind >= argc && !a->file)
        return cs_die(CS_EXIT_USAGE, "registry: no URL given (%s)", USAGE);
    return CS_EXIT_OK;
}

static int add_url(struct reg_args *a, const char *url)
{
    struct cs_diag diag = { 0 };
    struct cs_url u;

    if (strlen(url) > CS_MAX_URL_LEN)
        return cs_die(CS_EXIT_USAGE, "URL longer than %d bytes: '%.60s...'", CS_MAX_URL_LEN, url);
    if (cs_url_parse(url, &u, &diag) != CS_OK)
        return cs_die(CS_EXIT_USAGE, "%s", diag.msg[0] ? diag.msg : "malformed URL");
    cs_url_release(&u);
    a->urls[a->n++] = url;
    return CS_EXIT_OK;
}

/* --file: one URL a line; blank lines and '#' comments skipped. */
static int add_file(struct reg_args *a, size_t *room)
{
    size_t len = 0;
    int rc = CS_EXIT_OK;

    if (!(a->list = cs_read_file(a->file, REG_LIST_MAX_BYTES, &len)))
        return CS_EXIT_USAGE;
    for (char *p = a->list; rc == CS_EXIT_OK && p && *p;) {
        char *nl = strchr(p, '\n'), *e;
        if (nl)
            *nl = '\0';
        for (e = p + strlen(p); e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t');)
            *--e = '\0';
        p += strspn(p, " \t");
        if (*p && *p != '#') {
            if (a->n == *room) {
                const char **g = realloc(a->urls, *room * 2 * sizeof(*g));
                if (!g)
                    return cs_die(CS_EXIT_INTERNAL, "out of memory");
                a->urls = g;
                *room *= 2;
            }
            rc = add_url(a, p);
        }
        p = nl ? nl + 1 : NULL;
    }
    return rc;
}

/* Issue 2 item 8, as check: every URL is validated before the first request. */
static int collect(int argc, char **argv, struct reg_args *a)
{
    size_t room = (size_t)(argc - optind) + 16;
    int rc = CS_EXIT_OK;

    if (!(a->urls = calloc(room, sizeof(*a->urls))))
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    for (int i = optind; rc == CS_EXIT_OK && i < argc; i++)
        rc = add_url(a, argv[i]);
    if (rc == CS_EXIT_OK && a->file)
        rc = add_file(a, &room);
    if (rc == CS_EXIT_OK && a->n == 0)
        return cs_die(CS_EXIT_USAGE, "registry: no URL in '%s'", a->file);
    return rc;
}

static int print_one(const char *url, enum cs_reg_status s, const char *reason)
{
    struct cs_buf b;
    struct jw w;

    cs_buf_init(&b, (size_t)1 << 20);
    jw_init(&w, &b);
    jw_obj(&w);
    jw_kv_str(&w, "url", url);
    jw_kv_str(&w, "registry", cs_reg_status_name(s));
    jw_kv_str(&w, "reason", s == CS_REG_UNKNOWN ? reason : NULL);
    jw_end(&w, '}');
    return cs_print_json(&b, &w) == CS_OK ? CS_EXIT_OK : cs_die(CS_EXIT_INTERNAL, "out of memory");
}

static int ask(const struct reg_args *a, struct cs_registry *reg)
{
    enum cs_reg_status *out = calloc(a->n, sizeof(*out));
    char err[512] = "";
    int rc, worst = CS_EXIT_OK;

    if (!out)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    rc = cs_registry_lookup(reg, a->urls, a->n, out, err, sizeof(err));
    for (size_t i = 0; rc != CS_E_NOMEM && i < a->n; i++) {
        if (print_one(a->urls[i], out[i], err[0] ? err : "registry: no answer") != CS_EXIT_OK)
            rc = CS_E_NOMEM;
        if (out[i] == CS_REG_OPTOUT)
            worst = CS_EXIT_FLAGGED;
        else if (out[i] == CS_REG_UNKNOWN && worst == CS_EXIT_OK)
            worst = CS_EXIT_UNKNOWN;
    }
    free(out);
    return rc == CS_E_NOMEM ? cs_die(CS_EXIT_INTERNAL, "out of memory") : worst;
}

static int run(struct reg_args *a)
{
    struct cs_registry *reg = NULL;
    char err[256] = "";
    int rc = cs_registry_from_env(&a->run.check.fetch, &reg, err, sizeof(err));

    if (rc == CS_E_NOMEM)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    if (rc != CS_OK)
        return cs_die(CS_EXIT_USAGE, "%s", err);
    if (!reg)
        return cs_die(CS_EXIT_USAGE, "registry: SPAWNING_API_KEY is not set (the Spawning "
                                     "registry needs an API key; nothing was sent)");
    if (a->batch && cs_registry_set_batch(reg, (size_t)a->batch) != CS_OK)
        rc = cs_die(CS_EXIT_INTERNAL, "--batch refused");
    else
        rc = ask(a, reg);
    cs_registry_free(reg);
    return rc;
}

int cs_cmd_registry(int argc, char **argv)
{
    struct reg_args a = { 0 };
    int rc;

    cs_run_opts_init(&a.run);
    rc = parse_args(argc, argv, &a);
    if (rc == CS_EXIT_OK)
        rc = collect(argc, argv, &a);
    if (rc == CS_EXIT_OK)
        rc = cs_run_opts_finish(&a.run, false);
    if (rc == CS_EXIT_OK)
        rc = run(&a);
    cs_run_opts_release(&a.run);
    free(a.urls);
    free(a.list);
    return rc;
}
