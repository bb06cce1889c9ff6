/* SPDX-License-Identifier: MIT
 * cmd_xrobots.c - `consentscan xrobots VALUE... [--agent T] [--respect-noindex]`: one or more
 * X-Robots-Tag field values judged offline (issue 2 item 4; signals.md 4.5). Each VALUE is one
 * header field. --respect-noindex reproduces img2dataset's reading, where noindex, none and
 * noimageindex refuse too (signals.md 4.4).
 */
#include "cs_setup.h"

#include "cli.h"

#include "xrobots.h"

#include <getopt.h>
#include <string.h>

static const struct option long_opts[] = {
    { "agent", required_argument, NULL, 'a' },
    { "respect-noindex", no_argument, NULL, 'n' },
    { NULL, 0, NULL, 0 },
};

static void print_hit(const struct cs_xrobots *x, const char *agent, unsigned refusing)
{
    const struct cs_xr_item *it = cs_xrobots_find(x, agent, refusing);

    if (!it) {
        puts("allowed");
        return;
    }
    printf("disallowed\tfield %d: %s%s%s\n", it->source, it->agent ? it->agent : "",
           it->agent ? ": " : "", it->text);
}

int cs_cmd_xrobots(int argc, char **argv)
{
    const char *agent = NULL;
    unsigned refusing = CS_XR_NOAI | CS_XR_NOIMAGEAI;
    struct cs_xrobots x;
    int rc = CS_OK;
    int c;

    optind = 1;
    opterr = 0; /* one error line, ours */
    while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        if (c == 'a')
            agent = optarg;
        else if (c == 'n')
            refusing |= CS_XR_NOINDEX | CS_XR_NONE | CS_XR_NOIMAGEINDEX;
        else
            return cs_die(CS_EXIT_USAGE, "usage: consentscan xrobots VALUE... [--agent T] "
                                         "[--respect-noindex]");
    }
    if (optind >= argc)
        return cs_die(CS_EXIT_USAGE, "usage: consentscan xrobots VALUE... [--agent T] "
                                     "[--respect-noindex]");
    cs_xrobots_init(&x);
    for (int i = optind; rc == CS_OK && i < argc; i++)
        rc = cs_xrobots_add(&x, argv[i], strlen(argv[i]), NULL, true, i - optind + 1);
    if (rc == CS_E_NOMEM) {
        cs_xrobots_release(&x);
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    }
    print_hit(&x, agent, refusing);
    c = (cs_xrobots_flags_for(&x, agent) & refusing) ? CS_EXIT_FLAGGED : CS_EXIT_OK;
    cs_xrobots_release(&x);
    return c;
}
