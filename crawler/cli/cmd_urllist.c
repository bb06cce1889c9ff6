/* SPDX-License-Identifier: MIT
 * cmd_urllist.c - `consentscan urllist FILE|- [--format F] [--column NAME|N] [--sample N]
 * [--seed S] [--max-bytes N]`: the URLs of a list inside a dataset, offline (issue 4 item 5).
 * The file is read in chunks, through the gzip reader when it starts with the gzip magic, so
 * memory stays bounded; with --sample, a uniform reservoir sample of the URLs is printed in file
 * order. A summary goes to standard error. URLs read before an error (a truncated gzip file)
 * are already printed when the command exits 3.
 */
#include "cs_setup.h"

#include "cli.h"

#include "gunzip.h"
#include "sample.h"
#include "urllist.h"

#include <errno.h>
#include <getopt.h>

#define CHUNK        65536u
#define SHOW_SKIPPED 10 /* skipped rows named on stderr; the rest are counted */
#define USAGE                                                                           \
    "usage: consentscan urllist FILE|- [--format txt|csv|tsv|jsonl] [--column NAME|N] " \
    "[--sample N] [--seed S] [--max-bytes N]"

static const struct option long_opts[] = {
    { "format", required_argument, NULL, 'f' },    { "column", required_argument, NULL, 'c' },
    { "sample", required_argument, NULL, 's' },    { "seed", required_argument, NULL, 'S' },
    { "max-bytes", required_argument, NULL, 'm' }, { NULL, 0, NULL, 0 },
};

struct slot {
    uint64_t row;
    char *url; /* owned */
};

struct run {
    struct cs_urllist *reader;
    struct cs_sample sample;
    struct slot *slots; /* owned, sample.n of them, when sampling */
    bool sampling;
    unsigned shown;
    struct cs_diag diag;
};

static int on_row(void *ctx, const struct cs_urllist_row *row)
{
    struct run *run = ctx;
    size_t k;

    if (!row->url) {
        if (run->shown++ < SHOW_SKIPPED)
            fprintf(stderr, "consentscan: line %llu: row %llu skipped (%s)\n",
                    (unsigned long long)row->line, (unsigned long long)row->row, row->reason);
        return 0;
    }
    if (!run->sampling) {
        fwrite(row->url, 1, row->url_len, stdout);
        putchar('\n');
        return 0;
    }
    if ((k = cs_sample_offer(&run->sample)) == CS_SAMPLE_SKIP)
        return 0;
    free(run->slots[k].url);
    run->slots[k].row = row->row;
    if (!(run->slots[k].url = malloc(row->url_len + 1)))
        return CS_E_NOMEM;
    memcpy(run->slots[k].url, row->url, row->url_len + 1);
    return 0;
}

static int to_reader(void *ctx, const char *buf, size_t len)
{
    struct run *run = ctx;

    return cs_urllist_feed(run->reader, buf, len, &run->diag);
}

static int cmp_slot(const void *a, const void *b)
{
    const struct slot *x = a, *y = b;

    return x->row < y->row ? -1 : x->row > y->row;
}

/* Streams f through the gzip reader (when it starts with the magic) into the URL reader.
 * Returns CS_OK, CS_E_IO (errno set) or the readers' error (run->diag says why). */
static int pump(FILE *f, struct run *run, uint64_t max_bytes, bool *gzipped)
{
    char *buf = malloc(CHUNK);
    struct cs_gunzip *gz = NULL;
    size_t n;
    bool first = true;
    int rc = CS_OK;

    if (!buf)
        return CS_E_NOMEM;
    while (rc == CS_OK && (n = fread(buf, 1, CHUNK, f)) > 0) {
        if (first && (*gzipped = cs_gunzip_is_gzip(buf, n)) &&
            !(gz = cs_gunzip_new(max_bytes, to_reader, run))) {
            free(buf);
            return CS_E_NOMEM;
        }
        first = false;
        rc = gz ? cs_gunzip_feed(gz, buf, n, &run->diag)
                : cs_urllist_feed(run->reader, buf, n, &run->diag);
    }
    if (rc == CS_OK && ferror(f))
        rc = CS_E_IO;
    if (rc == CS_OK && gz)
        rc = cs_gunzip_finish(gz, &run->diag);
    if (rc == CS_OK)
        rc = cs_urllist_finish(run->reader, &run->diag);
    cs_gunzip_free(gz);
    free(buf);
    return rc;
}

static void print_sample(struct run *run)
{
    size_t k = run->sample.seen < run->sample.n ? (size_t)run->sample.seen : run->sample.n;

    qsort(run->slots, k, sizeof(*run->slots), cmp_slot);
    for (size_t i = 0; i < k; i++)
        puts(run->slots[i].url);
}

static void summary(const struct run *run, uint64_t seed, bool gzipped)
{
    const struct cs_urllist_stats *st = cs_urllist_stats(run->reader);

    fprintf(stderr, "urllist: %s%s", cs_urllist_format_name(st->format), gzipped ? ".gz" : "");
    if (st->column_index || st->column)
        fprintf(stderr, ", column %s%s%s", st->column ? "'" : "", st->column ? st->column : "",
                st->column ? "'" : "");
    if (st->column_index)
        fprintf(stderr, " (%zu)", st->column_index);
    fprintf(stderr, "; %llu rows, %llu URLs, %llu skipped (%llu too long), %llu lines ignored",
            (unsigned long long)st->rows, (unsigned long long)st->urls,
            (unsigned long long)st->skipped, (unsigned long long)st->too_long,
            (unsigned long long)st->ignored);
    if (run->sampling)
        fprintf(stderr, "; sampled %llu of %llu (reservoir, seed %llu)",
                (unsigned long long)(st->urls < run->sample.n ? st->urls : run->sample.n),
                (unsigned long long)st->urls, (unsigned long long)seed);
    fputc('\n', stderr);
}

static int parse_opts(int argc, char **argv, struct cs_urllist_opts *o, long long *sample,
                      long long *seed, long long *max_bytes)
{
    int c;

    optind = 1;
    opterr = 0; /* one error line, ours */
    while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        if (c == 'f' && (o->format = cs_urllist_format_parse(optarg)) != CS_URLLIST_AUTO)
            continue;
        if (c == 'c') {
            long long idx;

            if (cs_parse_num(optarg, 1 << 20, &idx) && idx > 0)
                o->column_index = (size_t)idx;
            else if (*optarg)
                o->column = optarg;
            else
                return -1;
        } else if (c == 's' && cs_parse_num(optarg, 100000000, sample) && *sample > 0) {
            continue;
        } else if (c == 'S' && cs_parse_num(optarg, INT64_MAX, seed)) {
            continue;
        } else if (!(c == 'm' && cs_parse_num(optarg, INT64_MAX, max_bytes) && *max_bytes > 0)) {
            return -1;
        }
    }
    return optind == argc - 1 ? 0 : -1;
}

static int finish(struct run *run, int rc, const char *path, long long seed, bool gzipped)
{
    if (rc == CS_OK) {
        if (run->sampling)
            print_sample(run);
        summary(run, (uint64_t)seed, gzipped);
        return fflush(stdout) == 0 ? CS_EXIT_OK : cs_die(CS_EXIT_INTERNAL, "cannot write output");
    }
    if (rc == CS_E_NOMEM)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    if (rc == CS_E_IO)
        return cs_die(CS_EXIT_USAGE, "%s: %s", path, strerror(errno));
    if (run->diag.line > 0)
        return cs_die(CS_EXIT_USAGE, "%s: line %d: %s", path, run->diag.line, run->diag.msg);
    return cs_die(CS_EXIT_USAGE, "%s: %s", path,
                  run->diag.msg[0] ? run->diag.msg : cs_strerror(rc));
}

int cs_cmd_urllist(int argc, char **argv)
{
    struct cs_urllist_opts o = { 0 };
    long long sample = 0, seed = 0, max_bytes = 0;
    struct run run = { 0 };
    bool gzipped = false;
    const char *path;
    FILE *f;
    int rc;

    if (parse_opts(argc, argv, &o, &sample, &seed, &max_bytes) != 0)
        return cs_die(CS_EXIT_USAGE, USAGE);
    path = argv[optind];
    f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return cs_die(CS_EXIT_USAGE, "cannot read %s: %s", path, strerror(errno));
    o.name = f == stdin ? NULL : path;
    run.sampling = sample > 0;
    cs_sample_init(&run.sample, (size_t)sample, (uint64_t)seed);
    run.reader = cs_urllist_new(&o, on_row, &run);
    if (run.sampling)
        run.slots = calloc((size_t)sample, sizeof(*run.slots));
    rc = !run.reader || (run.sampling && !run.slots) ? CS_E_NOMEM
                                                     : pump(f, &run, (uint64_t)max_bytes, &gzipped);
    if (f != stdin)
        fclose(f);
    rc = finish(&run, rc, path, seed, gzipped);
    for (size_t i = 0; run.slots && i < (size_t)sample; i++)
        free(run.slots[i].url);
    free(run.slots);
    cs_urllist_free(run.reader);
    return rc;
}
