/* SPDX-License-Identifier: MIT
 * main.c - entry point: library set-up once, before any thread, then the subcommand.
 */
#include "cs_setup.h"

#include "cli.h"

#include "fetch.h"
#include "htmlmeta.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cs_die(int status, const char *fmt, ...)
{
    va_list ap;

    fputs("consentscan: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return status;
}

bool cs_parse_num(const char *s, long long max, long long *out)
{
    char *end = NULL;
    long long v;

    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || !end || *end || v > max)
        return false;
    *out = v;
    return true;
}

const char *cs_default_user_agent(void)
{
    return "consentscan/" CS_VERSION " (+" CS_PROJECT_URL ")";
}

static const struct {
    const char *name;
    int (*fn)(int, char **);
} commands[] = {
    { "check", cs_cmd_check },
    { "crawl", cs_cmd_crawl },
    { "robots", cs_cmd_robots },
    { "xrobots", cs_cmd_xrobots },
    { "export", cs_cmd_export },
    { "graph", cs_cmd_graph },
    { "card", cs_cmd_card },
    { "croissant", cs_cmd_croissant },
    { "urllist", cs_cmd_urllist },
    { "sf-dictionary", cs_cmd_sf_dictionary },
    { "content-usage", cs_cmd_content_usage },
    { "robots-usage", cs_cmd_robots_usage }, /* signals.md 6.5, 7, 8.1 */
    { "tdmrep", cs_cmd_tdmrep },
    { "tdmrep-extract", cs_cmd_tdmrep_extract },
    { "tdmrep-header", cs_cmd_tdmrep_header },
    { "aitxt", cs_cmd_aitxt },
    { "rsl", cs_cmd_rsl },
    { "embedded", cs_cmd_embedded },
    { "registry", cs_cmd_registry }, /* signals.md 5.2 */
};

int main(int argc, char **argv)
{
    int rc;

    if (argc < 2)
        return cs_usage(stderr), CS_EXIT_USAGE;
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        cs_usage(stdout);
        return CS_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("consentscan %s (parser %s; %s)\n", CS_VERSION, CS_PARSER_VERSION,
               cs_fetch_version());
        return CS_EXIT_OK;
    }
    for (size_t i = 0; i < CS_ARRAY_LEN(commands); i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        /* libcurl and libxml2 global state: set up once, before any thread starts */
        if (cs_fetch_global_init() != CS_OK)
            return cs_die(CS_EXIT_INTERNAL, "cannot initialise libcurl");
        cs_htmlmeta_global_init();
        rc = commands[i].fn(argc - 1, argv + 1);
        cs_htmlmeta_global_cleanup();
        cs_fetch_global_cleanup();
        return rc;
    }
    return cs_die(CS_EXIT_USAGE, "unknown command '%s' (see 'consentscan --help')", argv[1]);
}
