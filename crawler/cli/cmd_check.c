/* SPDX-License-Identifier: MIT
 * cmd_check.c - `consentscan check URL...`: every URL validated before any request, then checked
 * one after the other; a table on a terminal or one JSON object per URL (--json).
 */
#include "cs_setup.h"

#include "cli.h"

#include "check.h"
#include "check_hub.h"
#include "crawl_hub.h"
#include "cs_limits.h"
#include "cs_log.h"
#include "print.h"
#include "runopts.h"
#include "url.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

struct check_args {
    struct cs_run_opts run;
    bool json;
    const char *hub;    /* --hub: the index of hf:... arguments */
    const char *viewer; /* --viewer: its dataset viewer */
    size_t viewer_rows; /* --viewer-rows: rows of a dataset sampled (default 10,000) */
};

static const struct option long_opts[] = {
    CS_RUN_LONG_OPTS,
    { "json", no_argument, NULL, 'j' },
    { "head", no_argument, NULL, 'H' },
    { "hub", required_argument, NULL, 'B' },
    { "viewer", required_argument, NULL, CS_HOPT_VIEWER },
    { "viewer-rows", required_argument, NULL, CS_HOPT_VIEWER_ROWS },
    { NULL, 0, NULL, 0 },
};

static int parse_args(int argc, char **argv, struct check_args *a)
{
    int c;

    optind = 1;
    opterr = 0; /* one error line, ours */
    while ((c = getopt_long(argc, argv, "jHqv", long_opts, NULL)) != -1) {
        if (c == 'j')
            a->json = true;
        else if (c == 'H')
            a->run.check.fetch.head = true;
        else if (c == 'B')
            a->hub = optarg;
        else if (c == CS_HOPT_VIEWER)
            a->viewer = optarg;
        else if (c == CS_HOPT_VIEWER_ROWS) {
            if (cs_hub_viewer_rows_opt(optarg, &a->viewer_rows) != CS_EXIT_OK)
                return CS_EXIT_USAGE;
        } else if (c == '?')
            return cs_die(CS_EXIT_USAGE,
                          "unknown option or missing value '%s' (see "
                          "'consentscan --help')",
                          argv[optind - 1]);
        else if (cs_run_opt(&a->run, c, optarg) != CS_EXIT_OK)
            return CS_EXIT_USAGE;
    }
    if (optind >= argc)
        return cs_die(CS_EXIT_USAGE, "check: no URL given (usage: consentscan check URL...)");
    return CS_EXIT_OK;
}

/* Issue 2 item 8: every URL is validated before the first request. */
static int validate(int argc, char **argv)
{
    for (int i = optind; i < argc; i++) {
        struct cs_diag diag = { 0 };
        struct cs_url u;
        if (cs_check_hub_arg(argv[i])) {
            if (cs_check_hub_validate(argv[i]) != CS_EXIT_OK)
                return CS_EXIT_USAGE;
            continue;
        }
        if (strlen(argv[i]) > CS_MAX_URL_LEN)
            return cs_die(CS_EXIT_USAGE, "URL longer than %d bytes: '%.60s...'", CS_MAX_URL_LEN,
                          argv[i]);
        if (cs_url_parse(argv[i], &u, &diag) != CS_OK)
            return cs_die(CS_EXIT_USAGE, "%s", diag.msg[0] ? diag.msg : "malformed URL");
        cs_url_release(&u);
    }
    return CS_EXIT_OK;
}

static int check_one(const struct check_args *a, const char *url, int *worst)
{
    struct cs_check_result res;
    int rc = cs_check_url(&a->run.check, url, &res);

    if (rc != CS_OK)
        return cs_die(CS_EXIT_INTERNAL, "cannot check '%s': %s", url, cs_strerror(rc));
    if (a->json)
        printf("%s\n", res.json);
    else
        cs_print_result(stdout, &res, a->run.check.purposes, a->run.purposes_given, a->run.color);
    fflush(stdout);
    if (res.store_error)
        *worst = cs_die(CS_EXIT_STORE, "%s", res.store_error);
    else if (res.flagged && *worst != CS_EXIT_STORE)
        *worst = CS_EXIT_FLAGGED;
    else if (res.unknown && *worst == CS_EXIT_OK)
        *worst = CS_EXIT_UNKNOWN;
    cs_check_result_release(&res);
    return CS_EXIT_OK;
}

int cs_cmd_check(int argc, char **argv)
{
    struct check_args a = { .viewer_rows = CS_HUB_VIEWER_ROWS_DEFAULT };
    int worst = CS_EXIT_OK;
    int rc;

    cs_run_opts_init(&a.run);
    rc = parse_args(argc, argv, &a);
    if (rc == CS_EXIT_OK)
        rc = validate(argc, argv);
    if (rc == CS_EXIT_OK)
        rc = cs_run_opts_finish(&a.run, true);
    if (rc == CS_EXIT_OK)
        rc = cs_run_opts_registry(&a.run);
    for (int i = optind; rc == CS_EXIT_OK && i < argc; i++) {
        struct cs_check_hub h = { &a.run.check, a.hub, a.viewer, a.viewer_rows };
        rc = cs_check_hub_arg(argv[i]) ? cs_check_hub(&h, argv[i], &worst)
                                       : check_one(&a, argv[i], &worst);
    }
    cs_run_opts_release(&a.run);
    return rc != CS_EXIT_OK ? rc : worst;
}
