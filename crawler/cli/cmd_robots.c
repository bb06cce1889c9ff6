/* SPDX-License-Identifier: MIT
 * cmd_robots.c - `consentscan robots FILE AGENT URL` and `robots --batch`: the robots.txt
 * matcher offline, for site owners debugging their files and for tests (issue 2 item 4).
 */
#include "cs_setup.h"

#include "cli.h"

#include "cs_str.h"
#include "robots.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

struct robots_args {
    enum cs_robots_mode mode;
    size_t max_bytes;
    bool batch;
};

static const struct option long_opts[] = {
    { "strict", no_argument, NULL, 's' },
    { "max-bytes", required_argument, NULL, 'm' },
    { "batch", no_argument, NULL, 'b' },
    { NULL, 0, NULL, 0 },
};

static int parse_args(int argc, char **argv, struct robots_args *a)
{
    long long v;
    int c;

    optind = 1;
    opterr = 0; /* one error line, ours */
    while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        if (c == 's') {
            a->mode = CS_ROBOTS_STRICT;
        } else if (c == 'b') {
            a->batch = true;
        } else if (c == 'm' && cs_parse_num(optarg, (long long)1 << 40, &v)) {
            a->max_bytes = (size_t)v;
        } else {
            return cs_die(CS_EXIT_USAGE, "usage: consentscan robots [--strict] [--max-bytes N] "
                                         "FILE AGENT URL | --batch");
        }
    }
    if (a->batch ? optind != argc : argc - optind != 3)
        return cs_die(CS_EXIT_USAGE, "usage: consentscan robots [--strict] [--max-bytes N] "
                                     "FILE AGENT URL | --batch");
    return CS_EXIT_OK;
}

struct cs_robots *cs_cli_robots_load(const char *path, size_t max_bytes)
{
    const struct cs_robots_opts ro = { .max_bytes = max_bytes };
    struct cs_robots *r = NULL;
    size_t len = 0;
    /* One byte past the cap, so the parser sees the file was longer and flags the cut. */
    char *buf = cs_read_file(path, max_bytes && max_bytes < SIZE_MAX ? max_bytes + 1 : 0, &len);

    if (!buf)
        return NULL;
    if (cs_robots_parse(buf, len, &ro, &r, NULL) != CS_OK)
        r = NULL;
    free(buf);
    return r;
}

static int single(const struct robots_args *a, char **argv)
{
    struct cs_robots_verdict v;
    struct cs_robots *r = cs_cli_robots_load(argv[0], a->max_bytes);
    char *path = cs_path_of(argv[2]);
    int rc;

    if (!r || !path) {
        cs_robots_free(r);
        free(path);
        return r ? cs_die(CS_EXIT_USAGE, "malformed URL '%s'", argv[2]) : CS_EXIT_USAGE;
    }
    rc = cs_robots_check(r, argv[1], path, a->mode, &v);
    if (rc == CS_OK) {
        printf("%s", v.allowed ? "allowed" : "disallowed");
        if (v.line)
            printf("\tline %d: %s", v.line, v.rule ? v.rule : "");
        else if (v.always_allowed)
            printf("\t/robots.txt is always allowed");
        printf("\n");
    }
    if (rc == CS_OK && cs_robots_truncated(r))
        fprintf(stderr, "consentscan: note: '%s' was cut at %zu bytes\n", argv[0], a->max_bytes);
    cs_robots_free(r);
    free(path);
    if (rc != CS_OK)
        return cs_die(CS_EXIT_INTERNAL, "robots: %s", cs_strerror(rc));
    return v.allowed ? CS_EXIT_OK : CS_EXIT_FLAGGED;
}

/* --batch: FILE<TAB>AGENT<TAB>URL lines; each distinct file is parsed once and kept in an
 * open-addressing table keyed by its path, so a million probes run in one process. */
struct cache_entry {
    char *path;          /* owned; NULL = empty slot */
    struct cs_robots *r; /* owned; NULL when the file could not be read */
};

struct cache {
    struct cache_entry *slots;
    size_t cap; /* a power of two */
    size_t count;
};

static struct cache_entry *slot_for(struct cache *c, const char *path)
{
    size_t i = cs_str_hash(path, strlen(path)) & (c->cap - 1);

    while (c->slots[i].path && strcmp(c->slots[i].path, path) != 0)
        i = (i + 1) & (c->cap - 1);
    return &c->slots[i];
}

static int grow(struct cache *c)
{
    struct cache old = *c;

    c->cap = old.cap ? old.cap * 2 : 64;
    c->slots = calloc(c->cap, sizeof(*c->slots));
    if (!c->slots)
        return CS_E_NOMEM;
    for (size_t i = 0; i < old.cap; i++) {
        if (old.slots[i].path)
            *slot_for(c, old.slots[i].path) = old.slots[i];
    }
    free(old.slots);
    return CS_OK;
}

static struct cache_entry *lookup(struct cache *c, const char *path, size_t max_bytes)
{
    struct cache_entry *e;
    size_t n = strlen(path) + 1;

    if ((c->count + 1) * 10 > c->cap * 7 && grow(c) != CS_OK)
        return NULL;
    e = slot_for(c, path);
    if (e->path)
        return e;
    e->path = malloc(n);
    if (!e->path)
        return NULL;
    memcpy(e->path, path, n);
    e->r = cs_cli_robots_load(path, max_bytes);
    c->count++;
    return e;
}

static void cache_free(struct cache *c)
{
    for (size_t i = 0; i < c->cap; i++) {
        free(c->slots[i].path);
        cs_robots_free(c->slots[i].r);
    }
    free(c->slots);
}

static void probe(struct cache *c, const struct robots_args *a, char *line)
{
    char *agent = strchr(line, '\t');
    char *url = agent ? strchr(agent + 1, '\t') : NULL;
    struct cs_robots_verdict v;
    struct cache_entry *e;
    char *path;

    if (!url) {
        puts("error\texpected FILE<TAB>AGENT<TAB>URL");
        return;
    }
    *agent++ = '\0';
    *url++ = '\0';
    e = lookup(c, line, a->max_bytes);
    path = cs_path_of(url);
    if (!e || !e->r || !path)
        puts(!e      ? "error\tout of memory"
             : !e->r ? "error\tcannot read file"
                     : "error\tmalformed URL");
    else if (cs_robots_check(e->r, agent, path, a->mode, &v) != CS_OK)
        puts("error\tinvalid probe");
    else
        puts(v.allowed ? "allowed" : "disallowed");
    free(path);
}

static int cs_robots_batch(const struct robots_args *a)
{
    static char outbuf[1 << 16];
    struct cache c = { 0 };
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

    setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
    while ((n = getline(&line, &cap, stdin)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        probe(&c, a, line);
    }
    free(line);
    cache_free(&c);
    fflush(stdout);
    return CS_EXIT_OK;
}

int cs_cmd_robots(int argc, char **argv)
{
    struct robots_args a = { .mode = CS_ROBOTS_LENIENT };
    int rc = parse_args(argc, argv, &a);

    if (rc != CS_EXIT_OK)
        return rc;
    return a.batch ? cs_robots_batch(&a) : single(&a, argv + optind);
}
