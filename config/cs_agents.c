/* SPDX-License-Identifier: MIT
 * cs_agents.c - the list of AI crawler tokens to query: parsed from ai.robots.txt's robots.json
 * format, the compiled-in fallback of signals.md 2.2, or built by hand (--agent). Each entry
 * gets its purpose class and basis from the table in cs_purposes.c.
 *
 * Memory: one array of slots; each slot owns one malloc'd block holding "token\0operator\0",
 * which its public struct cs_agent points into (basis points to static table text).
 */
#include "cs_setup.h"

#include "cs_agents.h"
#include "cs_buf.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct slot {
    struct cs_agent pub; /* token and operator_ point into mem */
    char *mem;           /* owned, from malloc(): token NUL operator NUL */
};

struct cs_agents {
    struct slot *v; /* owned array, n used of cap */
    size_t n;
    size_t cap;
    size_t skipped; /* invalid keys dropped by cs_agents_parse_json() */
};

/* The training-relevant tokens of signals.md 2.2, plus one search and one user-triggered token
 * of OpenAI and Perplexity's search crawler, so a default report separates the purposes. */
static const struct {
    const char *token;
    const char *op;
} builtin_agents[] = {
    { "GPTBot", "OpenAI" },
    { "ClaudeBot", "Anthropic" },
    { "anthropic-ai", "Anthropic" },
    { "Google-Extended", "Google" },
    { "Applebot-Extended", "Apple" },
    { "CCBot", "Common Crawl Foundation" },
    { "Bytespider", "ByteDance" },
    { "TikTokSpider", "ByteDance" },
    { "meta-externalagent", "Meta" },
    { "FacebookBot", "Meta" },
    { "cohere-training-data-crawler", "Cohere" },
    { "img2dataset", "img2dataset" },
    { "LAIONDownloader", "LAION" },
    { "AI2Bot", "Ai2" },
    { "Ai2Bot-Dolma", "Ai2" },
    { "YandexAdditional", "Yandex" },
    { "DeepSeekBot", "DeepSeek" },
    { "Webzio-Extended", "Webz.io" },
    { "Amazonbot", "Amazon" },
    { "OAI-SearchBot", "OpenAI" },
    { "ChatGPT-User", "OpenAI" },
    { "PerplexityBot", "Perplexity" },
};

struct cs_agents *cs_agents_new(void)
{
    return calloc(1, sizeof(struct cs_agents));
}

void cs_agents_free(struct cs_agents *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i].mem);
    free(a->v);
    free(a);
}

size_t cs_agents_count(const struct cs_agents *a)
{
    return a ? a->n : 0;
}

const struct cs_agent *cs_agents_get(const struct cs_agents *a, size_t i)
{
    return a && i < a->n ? &a->v[i].pub : NULL;
}

size_t cs_agents_skipped(const struct cs_agents *a)
{
    return a ? a->skipped : 0;
}

/* A usable token: non-empty, no control characters, no ':' (it would end a robots.txt key). */
static bool valid_token(const char *t)
{
    if (!t || !*t)
        return false;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        if (*p < 0x20 || *p == 0x7f || *p == ':')
            return false;
    }
    return true;
}

static bool has_token(const struct cs_agents *a, const char *token)
{
    for (size_t i = 0; i < a->n; i++) {
        if (cs_agent_token_cmp(a->v[i].pub.token, token) == 0)
            return true;
    }
    return false;
}

static int grow_slots(struct cs_agents *a)
{
    size_t cap;
    struct slot *v;

    if (a->n < a->cap)
        return CS_OK;
    cap = a->cap ? a->cap * 2 : 32;
    if (cap > SIZE_MAX / sizeof(*v))
        return CS_E_NOMEM;
    v = realloc(a->v, cap * sizeof(*v));
    if (!v)
        return CS_E_NOMEM;
    a->v = v;
    a->cap = cap;
    return CS_OK;
}

/* Appends token (Copies) with its operator (Copies; NULL means ""); no duplicate check. */
static int push_agent(struct cs_agents *a, const char *token, const char *op)
{
    size_t tlen = strlen(token);
    size_t olen = op ? strlen(op) : 0;
    struct slot *s;
    char *mem;

    if (grow_slots(a) != CS_OK)
        return CS_E_NOMEM;
    if (tlen > SIZE_MAX - olen - 2)
        return CS_E_NOMEM;
    mem = malloc(tlen + olen + 2);
    if (!mem)
        return CS_E_NOMEM;
    memcpy(mem, token, tlen + 1);
    if (olen)
        memcpy(mem + tlen + 1, op, olen);
    mem[tlen + 1 + olen] = '\0';
    s = &a->v[a->n++];
    s->mem = mem;
    s->pub.token = mem;
    s->pub.operator_ = mem + tlen + 1;
    s->pub.cls = cs_agent_class_of(token, &s->pub.basis);
    return CS_OK;
}

int cs_agents_add(struct cs_agents *a, const char *token)
{
    if (!a || !valid_token(token))
        return CS_E_INVALID;
    if (has_token(a, token))
        return CS_OK;
    return push_agent(a, token, NULL);
}

int cs_agents_builtin(struct cs_agents **out)
{
    struct cs_agents *a = cs_agents_new();

    *out = NULL;
    if (!a)
        return CS_E_NOMEM;
    for (size_t i = 0; i < CS_ARRAY_LEN(builtin_agents); i++) {
        if (push_agent(a, builtin_agents[i].token, builtin_agents[i].op) != CS_OK) {
            cs_agents_free(a);
            return CS_E_NOMEM;
        }
    }
    *out = a;
    return CS_OK;
}

/* Returns owned root object, or NULL with diag set (invalid JSON or not an object). */
static json_t *load_root(const char *buf, size_t len, struct cs_diag *diag)
{
    json_error_t err;
    json_t *root = json_loadb(buf, len, 0, &err);

    if (!root) {
        cs_diag_set(diag, err.line > 0 ? err.line : 0, CS_E_PARSE, "agent list: %s", err.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        cs_diag_set(diag, 0, CS_E_PARSE, "agent list: expected a JSON object");
        json_decref(root);
        return NULL;
    }
    return root;
}

/* Adds every valid key of root in file order; first spelling of a case variant wins. */
static int read_entries(json_t *root, struct cs_agents *a, size_t *first_bad)
{
    size_t i = 0;

    for (void *it = json_object_iter(root); it; it = json_object_iter_next(root, it)) {
        const char *key = json_object_iter_key(it);
        json_t *op = json_object_get(json_object_iter_value(it), "operator");

        i++;
        if (!valid_token(key)) {
            if (a->skipped++ == 0)
                *first_bad = i;
            continue;
        }
        if (has_token(a, key))
            continue;
        if (push_agent(a, key, json_string_value(op)) != CS_OK)
            return CS_E_NOMEM;
    }
    return CS_OK;
}

int cs_agents_parse_json(const char *buf, size_t len, struct cs_agents **out, struct cs_diag *diag)
{
    struct cs_agents *a = NULL;
    json_t *root = NULL;
    size_t first_bad = 0;
    int rc = CS_E_PARSE;

    *out = NULL;
    root = load_root(buf, len, diag);
    if (!root)
        goto out;
    if (json_object_size(root) > CS_AGENTS_MAX) {
        cs_diag_set(diag, 0, CS_E_PARSE, "agent list: more than %d entries", CS_AGENTS_MAX);
        goto out;
    }
    a = cs_agents_new();
    rc = a ? read_entries(root, a, &first_bad) : CS_E_NOMEM;
    if (rc != CS_OK)
        goto out;
    /* Lenient: a bad key is dropped, not fatal, but said (style.md 10.13). */
    if (a->skipped)
        cs_diag_set(diag, 0, CS_E_INVALID,
                    "agent list: skipped %zu invalid token(s), first is entry %zu", a->skipped,
                    first_bad);
    *out = a;
    a = NULL;
out:
    json_decref(root);
    cs_agents_free(a);
    return rc;
}

/* Reads all of f into b (capped). Returns CS_OK, CS_E_IO (errno set), CS_E_LIMIT, CS_E_NOMEM. */
static int read_all(FILE *f, struct cs_buf *b)
{
    char chunk[16384];
    size_t n;
    int rc;

    do {
        n = fread(chunk, 1, sizeof(chunk), f);
        rc = n ? cs_buf_add(b, chunk, n) : CS_OK;
        if (rc != CS_OK)
            return rc;
    } while (n == sizeof(chunk));
    return ferror(f) ? CS_E_IO : CS_OK;
}

static int read_failed(const char *path, int err, int rc, struct cs_diag *diag)
{
    char reason[128];

    if (rc == CS_E_LIMIT) {
        cs_diag_set(diag, 0, rc, "agent list '%s' is larger than %u bytes", path,
                    CS_AGENTS_FILE_MAX);
        return rc;
    }
    if (rc == CS_E_IO && strerror_r(err, reason, sizeof(reason)) != 0)
        snprintf(reason, sizeof(reason), "error %d", err);
    cs_diag_set(diag, 0, rc, "cannot read agent list '%s': %s", path,
                rc == CS_E_IO ? reason : cs_strerror(rc));
    return rc;
}

int cs_agents_load_file(const char *path, struct cs_agents **out, struct cs_diag *diag)
{
    struct cs_buf b;
    FILE *f;
    int rc;

    *out = NULL;
    cs_buf_init(&b, CS_AGENTS_FILE_MAX);
    errno = 0;
    f = fopen(path, "rb");
    if (!f)
        return read_failed(path, errno, CS_E_IO, diag);
    rc = read_all(f, &b);
    if (rc == CS_E_IO)
        rc = read_failed(path, errno, rc, diag);
    else if (rc != CS_OK)
        rc = read_failed(path, 0, rc, diag);
    fclose(f);
    if (rc == CS_OK)
        rc = cs_agents_parse_json(cs_buf_str(&b), b.len, out, diag);
    cs_buf_release(&b);
    return rc;
}
