/* SPDX-License-Identifier: MIT
 * cmd_export.c - `consentscan export [--format jsonl|csv] [--flagged] [--by dataset|model]
 * [--db DIR] [-o FILE]`: reads stored verdicts back, or with --by the lineage rows of datasets
 * or models (store/graph_export.h); works while another process writes into the same store.
 */
#include "cs_setup.h"

#include "cli.h"

#include "export.h"
#include "graph_export.h"
#include "store.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const struct option long_opts[] = {
    { "format", required_argument, NULL, 'f' }, { "flagged", no_argument, NULL, 'F' },
    { "db", required_argument, NULL, 'd' },     { "output", required_argument, NULL, 'o' },
    { "by", required_argument, NULL, 'b' },     { NULL, 0, NULL, 0 },
};

struct export_args {
    enum cs_export_format fmt;
    bool flagged;
    const char *db;
    const char *output;
    int by; /* -1: the verdict export; else enum cs_node_kind */
};

static int parse_args(int argc, char **argv, struct export_args *a)
{
    int c;

    optind = 1;
    opterr = 0; /* one error line, ours */
    while ((c = getopt_long(argc, argv, "o:", long_opts, NULL)) != -1) {
        if (c == 'f' && strcmp(optarg, "jsonl") == 0)
            a->fmt = CS_EXPORT_JSONL;
        else if (c == 'f' && strcmp(optarg, "csv") == 0)
            a->fmt = CS_EXPORT_CSV;
        else if (c == 'f')
            return cs_die(CS_EXIT_USAGE, "unknown export format '%s' (jsonl, csv)", optarg);
        else if (c == 'F')
            a->flagged = true;
        else if (c == 'd')
            a->db = optarg;
        else if (c == 'o')
            a->output = optarg;
        else if (c == 'b' && strcmp(optarg, "dataset") == 0)
            a->by = CS_NODE_DATASET;
        else if (c == 'b' && strcmp(optarg, "model") == 0)
            a->by = CS_NODE_MODEL;
        else if (c == 'b')
            return cs_die(CS_EXIT_USAGE, "unknown --by '%s' (dataset, model)", optarg);
        else
            return cs_die(CS_EXIT_USAGE, "usage: consentscan export [--format jsonl|csv] "
                                         "[--flagged] [--by dataset|model] [--db DIR] [-o FILE]");
    }
    if (optind != argc)
        return cs_die(CS_EXIT_USAGE, "export: unexpected argument '%s'", argv[optind]);
    return CS_EXIT_OK;
}

static int run(const struct export_args *a, const char *dir)
{
    struct cs_diag diag = { 0 };
    struct cs_store *st = NULL;
    FILE *out = stdout;
    int rc = cs_store_open(dir, CS_STORE_RDONLY, &st, &diag);

    if (rc != CS_OK)
        return cs_die(CS_EXIT_STORE, "%s", diag.msg[0] ? diag.msg : cs_strerror(rc));
    if (a->output && !(out = fopen(a->output, "w"))) {
        cs_store_close(st);
        return cs_die(CS_EXIT_USAGE, "cannot write '%s': %s", a->output, strerror(errno));
    }
    if (a->by >= 0)
        rc = cs_graph_export_write(st, out, a->fmt, (enum cs_node_kind)a->by, a->flagged, &diag);
    else
        rc = cs_export_write(st, out, a->fmt, a->flagged, &diag);
    if (out != stdout && fclose(out) != 0 && rc == CS_OK)
        rc = CS_E_IO;
    cs_store_close(st);
    if (rc == CS_E_IO)
        return cs_die(CS_EXIT_INTERNAL, "export: cannot write output");
    if (rc != CS_OK)
        return cs_die(CS_EXIT_STORE, "%s", diag.msg[0] ? diag.msg : cs_strerror(rc));
    return CS_EXIT_OK;
}

int cs_cmd_export(int argc, char **argv)
{
    struct export_args a = { .fmt = CS_EXPORT_JSONL, .by = -1 };
    char *dflt = NULL;
    int rc = parse_args(argc, argv, &a);

    const char *dir;

    if (rc != CS_EXIT_OK)
        return rc;
    dir = cs_store_dir_of(a.db, &dflt);
    rc = dir ? run(&a, dir) : CS_EXIT_STORE;
    free(dflt);
    return rc;
}
