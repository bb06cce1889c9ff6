/* SPDX-License-Identifier: MIT
 * cs_cfg.c - the run configuration file, read with libyaml's event parser (style.md 10.7).
 */
#include "cs_setup.h"

#include "cs_cfg.h"

#include "cs_str.h"

#include <errno.h>
#include <math.h>
#include <strings.h>
#include <yaml.h>

#define CFG_MAX_BYTES (1u << 20)
#define CFG_MAX_HOSTS 100000

struct reader {
    yaml_parser_t p;
    yaml_event_t ev; /* the current event (owned until the next read) */
    bool have;
    struct cs_diag *diag;
};

/* Reads the next event; false (diag set) on a YAML error. */
static bool next(struct reader *r)
{
    if (r->have)
        yaml_event_delete(&r->ev);
    r->have = yaml_parser_parse(&r->p, &r->ev) != 0;
    if (!r->have)
        cs_diag_set(r->diag, (int)r->p.problem_mark.line + 1, CS_E_PARSE, "config: %s",
                    r->p.problem ? r->p.problem : "invalid YAML");
    return r->have;
}

static int fail(struct reader *r, const char *what)
{
    cs_diag_set(r->diag, (int)r->ev.start_mark.line + 1, CS_E_PARSE, "config line %d: %s",
                (int)r->ev.start_mark.line + 1, what);
    return CS_E_PARSE;
}

/* The current event's scalar text, or NULL when it is not a scalar. */
static const char *scalar(const struct reader *r)
{
    return r->ev.type == YAML_SCALAR_EVENT ? (const char *)r->ev.data.scalar.value : NULL;
}

static int read_seconds(struct reader *r, int64_t *ms)
{
    const char *s;
    char *end = NULL;
    double v;

    if (!next(r))
        return CS_E_PARSE;
    s = scalar(r);
    v = s ? strtod(s, &end) : -1;
    if (!s || end == s || *end || !isfinite(v) || v < 0 || v > 3600)
        return fail(r, "delay wants 0 to 3600 seconds");
    *ms = (int64_t)(v * 1000);
    return CS_OK;
}

static int read_count(struct reader *r, long lo, long hi, int *out, const char *name);

/* A time to live: whole seconds, 1 to 30 days. */
static int read_ttl(struct reader *r, int64_t *out, const char *name)
{
    int v = 0;
    int rc = read_count(r, 1, 30 * 86400, &v, name);

    *out = rc == CS_OK ? v : *out;
    return rc;
}

static int read_count(struct reader *r, long lo, long hi, int *out, const char *name)
{
    const char *s;
    char *end = NULL;
    long v;
    char what[64];

    if (!next(r))
        return CS_E_PARSE;
    s = scalar(r);
    errno = 0;
    v = s ? strtol(s, &end, 10) : -1;
    if (!s || end == s || *end || errno || v < lo || v > hi) {
        snprintf(what, sizeof(what), "%s wants a whole number from %ld to %ld", name, lo, hi);
        return fail(r, what);
    }
    *out = (int)v;
    return CS_OK;
}

/* One entry of "hosts": KEY: { delay: S, per_host: N } (the current event is KEY). */
static int read_host(struct reader *r, struct cs_cfg *c)
{
    struct cs_cfg_host *h;
    struct cs_cfg_host *arr;
    int rc = CS_OK;

    if (c->host_count >= CFG_MAX_HOSTS)
        return fail(r, "too many hosts");
    arr = realloc(c->hosts, (c->host_count + 1) * sizeof(*arr));
    if (!arr)
        return CS_E_NOMEM;
    c->hosts = arr;
    h = &c->hosts[c->host_count];
    *h = (struct cs_cfg_host){ cs_strdup(scalar(r)), -1, 0 };
    if (!h->key)
        return CS_E_NOMEM;
    cs_str_lower(h->key);
    c->host_count++;
    if (!next(r))
        return CS_E_PARSE;
    if (r->ev.type != YAML_MAPPING_START_EVENT)
        return fail(r, "a host wants a mapping such as { delay: 5 }");
    while (rc == CS_OK && next(r) && r->ev.type != YAML_MAPPING_END_EVENT) {
        const char *k = scalar(r);
        if (k && strcmp(k, "delay") == 0)
            rc = read_seconds(r, &h->delay_ms);
        else if (k && strcmp(k, "per_host") == 0)
            rc = read_count(r, 1, 64, &h->per_host, "per_host");
        else
            rc = fail(r, "unknown key in a host entry (delay, per_host)");
    }
    return rc != CS_OK ? rc : r->have ? CS_OK : CS_E_PARSE;
}

static int read_hosts(struct reader *r, struct cs_cfg *c)
{
    int rc = CS_OK;

    if (!next(r))
        return CS_E_PARSE;
    if (r->ev.type != YAML_MAPPING_START_EVENT)
        return fail(r, "hosts wants a mapping of host names or origins");
    while (rc == CS_OK && next(r) && r->ev.type != YAML_MAPPING_END_EVENT)
        rc = scalar(r) ? read_host(r, c) : fail(r, "a host name or origin was expected");
    return rc != CS_OK ? rc : r->have ? CS_OK : CS_E_PARSE;
}

static int read_key(struct reader *r, struct cs_cfg *c, const char *k)
{
    if (strcmp(k, "delay") == 0)
        return read_seconds(r, &c->delay_ms);
    if (strcmp(k, "parallel") == 0)
        return read_count(r, 1, 10000, &c->parallel, "parallel");
    if (strcmp(k, "per_host") == 0)
        return read_count(r, 1, 64, &c->per_host, "per_host");
    if (strcmp(k, "hosts") == 0)
        return read_hosts(r, c);
    if (strcmp(k, "robots_ttl") == 0)
        return read_ttl(r, &c->robots_ttl_s, "robots_ttl");
    if (strcmp(k, "error_ttl") == 0)
        return read_ttl(r, &c->error_ttl_s, "error_ttl");
    if (strcmp(k, "user_agent") == 0) {
        if (!next(r))
            return CS_E_PARSE;
        if (!scalar(r) || !*scalar(r) || strpbrk(scalar(r), "\r\n"))
            return fail(r, "user_agent wants one line of text");
        free(c->user_agent);
        c->user_agent = cs_strdup(scalar(r));
        return c->user_agent ? CS_OK : CS_E_NOMEM;
    }
    return fail(r, "unknown key (user_agent, delay, parallel, per_host, robots_ttl, error_ttl, "
                   "hosts)");
}

/* STREAM-START DOCUMENT-START MAPPING ... or an empty stream. */
static int read_root(struct reader *r, struct cs_cfg *c)
{
    int rc = CS_OK;

    if (!next(r) || r->ev.type != YAML_STREAM_START_EVENT || !next(r))
        return CS_E_PARSE;
    if (r->ev.type == YAML_STREAM_END_EVENT)
        return CS_OK; /* an empty file: all defaults */
    if (r->ev.type != YAML_DOCUMENT_START_EVENT || !next(r))
        return r->have ? fail(r, "a YAML document was expected") : CS_E_PARSE;
    if (r->ev.type != YAML_MAPPING_START_EVENT)
        return fail(r, "the configuration wants a mapping of keys");
    while (rc == CS_OK && next(r) && r->ev.type != YAML_MAPPING_END_EVENT)
        rc = scalar(r) ? read_key(r, c, scalar(r)) : fail(r, "a key was expected");
    return rc != CS_OK ? rc : r->have ? CS_OK : CS_E_PARSE;
}

int cs_cfg_parse(const char *buf, size_t len, struct cs_cfg **out, struct cs_diag *diag)
{
    struct reader r = { .diag = diag };
    struct cs_cfg *c = calloc(1, sizeof(*c));
    int rc;

    *out = NULL;
    if (!c || !yaml_parser_initialize(&r.p)) {
        free(c);
        return CS_E_NOMEM;
    }
    c->delay_ms = -1;
    yaml_parser_set_input_string(&r.p, (const unsigned char *)buf, len);
    rc = read_root(&r, c);
    if (r.have)
        yaml_event_delete(&r.ev);
    yaml_parser_delete(&r.p);
    if (rc != CS_OK) {
        cs_diag_set(diag, 0, rc, "config: %s", rc == CS_E_NOMEM ? "out of memory" : "invalid");
        cs_cfg_free(c);
        return rc;
    }
    *out = c;
    return CS_OK;
}

int cs_cfg_load(const char *path, struct cs_cfg **out, struct cs_diag *diag)
{
    FILE *f = fopen(path, "rb");
    char *buf = malloc(CFG_MAX_BYTES + 1);
    size_t n = 0;
    int rc;

    *out = NULL;
    if (!f || !buf) {
        cs_diag_set(diag, 0, CS_E_IO, "cannot read config '%s': %s", path,
                    f ? "out of memory" : strerror(errno));
        if (f)
            fclose(f);
        free(buf);
        return f ? CS_E_NOMEM : CS_E_IO;
    }
    n = fread(buf, 1, CFG_MAX_BYTES + 1, f);
    fclose(f);
    if (n > CFG_MAX_BYTES) {
        cs_diag_set(diag, 0, CS_E_LIMIT, "config '%s' is larger than 1 MiB", path);
        free(buf);
        return CS_E_LIMIT;
    }
    rc = cs_cfg_parse(buf, n, out, diag);
    free(buf);
    return rc;
}

void cs_cfg_free(struct cs_cfg *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->host_count; i++)
        free(c->hosts[i].key);
    free(c->hosts);
    free(c->user_agent);
    free(c);
}

const struct cs_cfg_host *cs_cfg_host_find(const struct cs_cfg *c, const char *origin,
                                           const char *host)
{
    const struct cs_cfg_host *by_host = NULL;

    for (size_t i = 0; c && i < c->host_count; i++) {
        if (strcasecmp(c->hosts[i].key, origin) == 0)
            return &c->hosts[i];
        if (!by_host && host && strcasecmp(c->hosts[i].key, host) == 0)
            by_host = &c->hosts[i];
    }
    return by_host;
}
