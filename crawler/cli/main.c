/* SPDX-License-Identifier: MIT
 * main.c - entry point: library set-up once, before any thread, then the subcommand.
 */
#include "cs_setup.h"

#include "cli.h"
#include "cs_limits.h"

#include "fetch.h"
#include "htmlmeta.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* glibc's per-thread cache (tcache) keeps 7 freed chunks of each size by default. A crawl's
 * memory flows one way between its threads (the fetch thread allocates responses the parse
 * worker frees; the worker, reports the writer frees), so most mallocs and frees fall through
 * to the arenas' locks and the threads contend on them: a fifth of a 20,000-host crawl's CPU
 * went to futex calls under malloc. A larger cache is a glibc tunable, read only when a process
 * starts, so `crawl` starts itself again once with it set, unless GLIBC_TUNABLES already sets
 * it (the user's choice stands). Measured in the README (Speed). */
static void tune_malloc(char **argv)
{
#ifdef __GLIBC__
    const char *cur = getenv("GLIBC_TUNABLES");
    char val[1024];
    int n;

    if (cur && strstr(cur, "glibc.malloc.tcache_count"))
        return;
    n = snprintf(val, sizeof(val), "%s%sglibc.malloc.tcache_count=%d", cur ? cur : "",
                 cur && cur[0] ? ":" : "", CS_MALLOC_TCACHE_COUNT);
    if (n < 0 || (size_t)n >= sizeof(val) || setenv("GLIBC_TUNABLES", val, 1) != 0)
        return;
    execv("/proc/self/exe", argv); /* returns only on failure: go on with glibc's default */
#else
    (void)argv;
#endif
}

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
        if (strcmp(argv[1], "crawl") == 0)
            tune_malloc(argv); /* before any thread starts or input is read */
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
