/* SPDX-License-Identifier: MIT
 * cmd_robots_usage.c - `consentscan robots-usage [--max-bytes N] FILE AGENT URL`: the AI-use
 * records of one robots.txt judged offline for an agent and a URL (signals.md 6.5, 7, 8.1), as
 * one JSON object:
 *   crawl, crawl_line        the lenient RFC 9309 reading (as `consentscan robots`)
 *   usage, usage_line        the AIPREF Content-Usage preference that applies, or null
 *   usage_status             found | none | not_crawlable
 *   usage_tied               every tied rule, when several tie (combine most-restrictively)
 *   usage_outside            Content-Usage lines before any group (site-wide intent)
 *   aipref_crawl, aipref_crawl_line   crawl under the AIPREF grouping (vector R18)
 *   content_signal           the agent's merged Content-Signal, its lines and flags, and
 *                            "outside": the lines before any group
 *   licenses                 RSL License records, relative ones resolved against URL
 */
#include "cs_setup.h"

#include "cli.h"

#include "jsonw.h"
#include "robots.h"
#include "robots_usage.h"
#include "url.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define USAGE "usage: consentscan robots-usage [--max-bytes N] FILE AGENT URL"

static const struct option long_opts[] = {
    { "max-bytes", required_argument, NULL, 'm' },
    { NULL, 0, NULL, 0 },
};

static const char *const status_names[] = { "none", "found", "not_crawlable" };
static const char *const group_names[] = { "none", "star", "specific" };

static void kv_line(struct jw *w, const char *key, int line)
{
    jw_key(w, key);
    if (line > 0)
        jw_int(w, line);
    else
        jw_null(w);
}

static void pref_list(struct jw *w, const char *key, const struct cs_ru_pref *p, size_t n)
{
    jw_key(w, key);
    jw_arr(w);
    for (size_t i = 0; i < n; i++) {
        jw_obj(w);
        jw_key(w, "line");
        jw_int(w, p[i].line);
        jw_kv_str(w, "value", p[i].pref);
        jw_end(w, '}');
    }
    jw_end(w, ']');
}

static void usage_fields(struct jw *w, const struct cs_robots_usage *u)
{
    bool found = u->status == CS_RU_FOUND;

    jw_kv_str(w, "usage", found ? u->prefs[0].pref : NULL);
    kv_line(w, "usage_line", found ? u->prefs[0].line : 0);
    jw_kv_str(w, "usage_status", status_names[u->status]);
    if (u->n > 1)
        pref_list(w, "usage_tied", u->prefs, u->n);
    pref_list(w, "usage_outside", u->outside, u->n_outside);
    jw_key(w, "aipref_crawl");
    jw_bool(w, u->crawl);
    kv_line(w, "aipref_crawl_line", u->crawl_line);
}

static const char *const flag_names[] = { "conflict", "bad_value", "case", "unknown_key",
                                          "syntax",   "shadowed",  "more" };

static void csig_fields(struct jw *w, const struct cs_csig *c)
{
    for (int k = 0; k < CS_CSIG_NKEYS; k++) {
        enum cs_csig_val v = c->val[k];
        jw_kv_str(w, cs_csig_key_name((enum cs_csig_key)k),
                  v == CS_CSIG_YES  ? "yes"
                  : v == CS_CSIG_NO ? "no"
                                    : NULL);
    }
    jw_kv_str(w, "use", cs_csig_use_name(c->use));
    jw_key(w, "lines");
    jw_arr(w);
    for (size_t i = 0; i < c->nlines && i < CS_CSIG_MAX_LINES; i++) {
        jw_obj(w);
        jw_key(w, "line");
        jw_int(w, c->lines[i].line);
        jw_kv_str(w, "value", c->lines[i].raw);
        jw_end(w, '}');
    }
    jw_end(w, ']');
    jw_key(w, "unknown");
    jw_arr(w);
    for (size_t i = 0; i < c->nunknown; i++)
        jw_str(w, c->unknown[i].item);
    jw_end(w, ']');
    jw_key(w, "flags");
    jw_arr(w);
    for (size_t i = 0; i < CS_ARRAY_LEN(flag_names); i++) {
        if (c->flags & (1u << i))
            jw_str(w, flag_names[i]);
    }
    jw_end(w, ']');
}

static void signal_fields(struct jw *w, const struct cs_robots_signal *s)
{
    jw_key(w, "content_signal");
    jw_obj(w);
    jw_kv_str(w, "group", group_names[s->group]);
    csig_fields(w, &s->in_group);
    jw_key(w, "outside");
    if (s->outside.nlines == 0) {
        jw_null(w);
    } else {
        jw_obj(w);
        jw_kv_str(w, "scope", "site-wide intent, outside any group");
        csig_fields(w, &s->outside);
        jw_end(w, '}');
    }
    jw_end(w, '}');
}

/* signals.md 8.1, vector L7: a relative License URL is invalid; resolved leniently against the
 * URL argument when that is absolute, and flagged. */
static void license_fields(struct jw *w, const struct cs_robots *r, const char *url)
{
    struct cs_robots_license lic[64];
    size_t n = cs_robots_licenses(r, lic, CS_ARRAY_LEN(lic));

    jw_key(w, "licenses");
    jw_arr(w);
    for (size_t i = 0; i < n && i < CS_ARRAY_LEN(lic); i++) {
        char *abs = NULL;
        jw_obj(w);
        jw_key(w, "line");
        jw_int(w, lic[i].line);
        jw_kv_str(w, "url", lic[i].url);
        jw_key(w, "absolute");
        jw_bool(w, lic[i].absolute);
        if (!lic[i].absolute && url[0] != '/' &&
            cs_url_resolve(url, lic[i].url, &abs, NULL) != CS_OK)
            abs = NULL;
        if (!lic[i].absolute)
            jw_kv_str(w, "resolved", abs);
        free(abs);
        jw_end(w, '}');
    }
    jw_end(w, ']');
}

static int print_json(const struct cs_robots *r, char **argv, const struct cs_robots_verdict *v,
                      const struct cs_robots_usage *u, const struct cs_robots_signal *s)
{
    struct cs_buf b;
    struct jw w;

    cs_buf_init(&b, (size_t)64 << 20);
    jw_init(&w, &b);
    jw_obj(&w);
    jw_kv_str(&w, "agent", argv[1]);
    jw_kv_str(&w, "url", argv[2]);
    jw_key(&w, "crawl");
    jw_bool(&w, v->allowed);
    kv_line(&w, "crawl_line", v->line);
    usage_fields(&w, u);
    signal_fields(&w, s);
    license_fields(&w, r, argv[2]);
    jw_key(&w, "truncated");
    jw_bool(&w, cs_robots_truncated(r));
    jw_end(&w, '}');
    return cs_print_json(&b, &w);
}

static int judge(const struct cs_robots *r, char **argv, const char *path)
{
    struct cs_robots_verdict v;
    struct cs_robots_usage *u = malloc(sizeof(*u));
    struct cs_robots_signal *s = malloc(sizeof(*s));
    int rc = u && s ? CS_OK : CS_E_NOMEM;

    if (rc == CS_OK)
        rc = cs_robots_check(r, argv[1], path, CS_ROBOTS_LENIENT, &v);
    if (rc == CS_OK)
        rc = cs_robots_usage(r, argv[1], path, u);
    if (rc == CS_OK)
        rc = cs_robots_content_signal(r, argv[1], s);
    if (rc == CS_OK)
        rc = print_json(r, argv, &v, u, s);
    free(u);
    free(s);
    return rc;
}

int cs_cmd_robots_usage(int argc, char **argv)
{
    struct cs_robots *r;
    long long max = 0;
    char *path;
    int c;

    optind = 1;
    opterr = 0; /* one error line, ours */
    while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        if (c != 'm' || !cs_parse_num(optarg, (long long)1 << 40, &max))
            return cs_die(CS_EXIT_USAGE, USAGE);
    }
    if (argc - optind != 3)
        return cs_die(CS_EXIT_USAGE, USAGE);
    argv += optind;
    if (!(path = cs_path_of(argv[2])))
        return cs_die(CS_EXIT_USAGE, "malformed URL '%s'", argv[2]);
    r = cs_cli_robots_load(argv[0], (size_t)max);
    if (!r) {
        free(path);
        return CS_EXIT_USAGE; /* cs_read_file printed why */
    }
    c = judge(r, argv, path);
    cs_robots_free(r);
    free(path);
    if (c != CS_OK)
        return cs_die(CS_EXIT_INTERNAL, "robots-usage: %s", cs_strerror(c));
    return CS_EXIT_OK;
}
