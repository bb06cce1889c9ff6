/* SPDX-License-Identifier: MIT
 * resolve.c - HOST:PORT -> "HOST:PORT:ADDRESS" in an open-addressing table.
 */
#include "cs_setup.h"

#include "resolve.h"

#include "cs_str.h"

#include <ctype.h>
#include <errno.h>
#include <strings.h>

struct cs_resolver {
    char **slots; /* owned entries, or NULL */
    size_t cap, count;
};

struct cs_resolver *cs_resolver_new(void)
{
    struct cs_resolver *r = calloc(1, sizeof(*r));

    if (r && !(r->slots = calloc(r->cap = 64, sizeof(*r->slots)))) {
        free(r);
        r = NULL;
    }
    return r;
}

void cs_resolver_free(struct cs_resolver *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->cap; i++)
        free(r->slots[i]);
    free(r->slots);
    free(r);
}

/* Length of the "host:port" part of an entry: up to the second ':'. */
static size_t key_len(const char *entry)
{
    const char *c1 = strchr(entry, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

    return c2 ? (size_t)(c2 - entry) : 0;
}

static size_t slot_of(const struct cs_resolver *r, const char *key, size_t n)
{
    size_t i = cs_str_hash(key, n) & (r->cap - 1);

    while (r->slots[i] && !(key_len(r->slots[i]) == n && strncasecmp(r->slots[i], key, n) == 0))
        i = (i + 1) & (r->cap - 1);
    return i;
}

static int grow(struct cs_resolver *r)
{
    struct cs_resolver bigger = { calloc(r->cap * 2, sizeof(char *)), r->cap * 2, r->count };

    if (!bigger.slots)
        return CS_E_NOMEM;
    for (size_t i = 0; i < r->cap; i++) {
        if (r->slots[i])
            bigger.slots[slot_of(&bigger, r->slots[i], key_len(r->slots[i]))] = r->slots[i];
    }
    free(r->slots);
    *r = bigger;
    return CS_OK;
}

int cs_resolver_add(struct cs_resolver *r, const char *entry)
{
    size_t n = key_len(entry);
    const char *port = n ? strchr(entry, ':') + 1 : NULL;
    size_t i;

    if (n == 0 || entry[0] == ':' || port == entry + n || !entry[n + 1] ||
        strspn(port, "0123456789") != (size_t)(entry + n - port) || strpbrk(entry, " \t\r\n"))
        return CS_E_INVALID;
    if ((r->count + 1) * 10 > r->cap * 7 && grow(r) != CS_OK)
        return CS_E_NOMEM;
    i = slot_of(r, entry, n);
    free(r->slots[i]);
    r->count += r->slots[i] == NULL;
    r->slots[i] = cs_strdup(entry);
    return r->slots[i] ? CS_OK : CS_E_NOMEM;
}

int cs_resolver_load(struct cs_resolver *r, const char *path, struct cs_diag *diag)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;
    int rc = CS_OK;

    if (!f) {
        cs_diag_set(diag, 0, CS_E_IO, "cannot open '%s': %s", path, strerror(errno));
        return CS_E_IO;
    }
    while (rc == CS_OK && (n = getline(&line, &cap, f)) > 0) {
        lineno++;
        while (n > 0 && isspace((unsigned char)line[n - 1]))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        rc = cs_resolver_add(r, line);
        if (rc == CS_E_INVALID)
            cs_diag_set(diag, lineno, rc, "%s:%d: expected HOST:PORT:ADDRESS", path, lineno);
    }
    free(line);
    fclose(f);
    return rc;
}

const char *cs_resolver_find(const struct cs_resolver *r, const char *host, int port)
{
    char key[512];
    int n = snprintf(key, sizeof(key), "%s:%d", host, port);

    if (!r || n < 0 || (size_t)n >= sizeof(key))
        return NULL;
    return r->slots[slot_of(r, key, (size_t)n)];
}

size_t cs_resolver_count(const struct cs_resolver *r)
{
    return r->count;
}
