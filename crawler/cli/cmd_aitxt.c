/* SPDX-License-Identifier: MIT
 * cmd_aitxt.c - `consentscan aitxt FILE URL [--agent T] [--type MEDIA/TYPE]`: a Spawning
 * /ai.txt judged offline for one asset (signals.md 5.1). Prints one JSON object: allowed
 * true|false|null, the deciding line (null when none), and how the file was read; exit 0.
 */
#include "cs_setup.h"

#include "cli.h"

#include "aitxt.h"
#include "cs_buf.h"
#include "jsonw.h"

#include <getopt.h>
#include <stdlib.h>

#define USAGE "usage: consentscan aitxt [--agent T] [--type MEDIA/TYPE] FILE|- URL"

static const struct option long_opts[] = {
    { "agent", required_argument, NULL, 'a' },
    { "type", required_argument, NULL, 't' },
    { NULL, 0, NULL, 0 },
};

static int print_verdict(const struct cs_aitxt *a, const struct cs_aitxt_verdict *v,
                         const struct cs_diag *diag)
{
    struct cs_buf b;
    struct jw w;

    cs_buf_init(&b, (size_t)1 << 20);
    jw_init(&w, &b);
    jw_obj(&w);
    jw_key(&w, "allowed");
    if (v->allowed < 0)
        jw_null(&w);
    else
        jw_bool(&w, v->allowed == 1);
    jw_key(&w, "line");
    if (v->line)
        jw_int(&w, v->line);
    else
        jw_null(&w);
    jw_kv_str(&w, "rule", v->rule);
    jw_kv_str(&w, "format", cs_aitxt_format_name(cs_aitxt_format(a)));
    jw_key(&w, "by_media_type");
    jw_bool(&w, v->by_media_type);
    jw_key(&w, "default");
    jw_bool(&w, v->default_allowed);
    jw_kv_str(&w, "diagnostic", diag->code ? diag->msg : NULL);
    jw_end(&w, '}');
    return cs_print_json(&b, &w) == CS_OK ? CS_EXIT_OK : cs_die(CS_EXIT_INTERNAL, "out of memory");
}

static int judge(const char *file, const char *path, const char *agent, const char *type)
{
    struct cs_diag diag = { 0 };
    struct cs_aitxt_verdict v;
    struct cs_aitxt *a = NULL;
    size_t len = 0;
    /* one byte past the cap, so the parser sees the cut and says so */
    char *buf = cs_read_file(file, CS_AITXT_MAX_BYTES + 1, &len);
    int rc;

    if (!buf)
        return CS_EXIT_USAGE; /* cs_read_file printed the error */
    rc = cs_aitxt_parse(buf, len, &a, &diag);
    free(buf);
    if (rc == CS_OK)
        rc = cs_aitxt_check(a, agent, path, type, &v);
    if (rc == CS_OK)
        rc = print_verdict(a, &v, &diag);
    else
        rc = cs_die(CS_EXIT_INTERNAL, "aitxt: %s", cs_strerror(rc));
    cs_aitxt_free(a);
    return rc;
}

int cs_cmd_aitxt(int argc, char **argv)
{
    const char *agent = "*", *type = NULL;
    char *path;
    int c;

    optind = 1;
    opterr = 0; /* one error line, ours */
    while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        if (c == 'a')
            agent = optarg;
        else if (c == 't')
            type = optarg;
        else
            return cs_die(CS_EXIT_USAGE, USAGE);
    }
    if (argc - optind != 2)
        return cs_die(CS_EXIT_USAGE, USAGE);
    path = cs_path_of(argv[optind + 1]);
    if (!path)
        return cs_die(CS_EXIT_USAGE, "malformed URL '%s'", argv[optind + 1]);
    c = judge(argv[optind], path, agent, type);
    free(path);
    return c;
}
