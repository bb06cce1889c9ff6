/* SPDX-License-Identifier: MIT
 * xrobots.c - X-Robots-Tag / meta robots directive lists (signals.md 4.2, 4.5).
 */
#include "cs_setup.h"

#include "cs_str.h"
#include "xrobots.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define XR_MAX_ITEMS 256

static const struct {
    const char *name;
    unsigned flag;
} directives[] = {
    { "noai", CS_XR_NOAI },
    { "noimageai", CS_XR_NOIMAGEAI },
    { "noindex", CS_XR_NOINDEX },
    { "none", CS_XR_NONE },
    { "noimageindex", CS_XR_NOIMAGEINDEX },
    { "noarchive", CS_XR_NOARCHIVE },
    { "nocache", CS_XR_NOCACHE },
};

/* Directives that carry their own colon: never agent prefixes (signals.md 4.2). */
static const char *const value_directives[] = {
    "max-snippet",       "max-image-preview", "max-video-preview",
    "unavailable_after", "indexifembedded",   "notranslate",
};

void cs_xrobots_init(struct cs_xrobots *x)
{
    memset(x, 0, sizeof(*x));
}

void cs_xrobots_release(struct cs_xrobots *x)
{
    for (size_t i = 0; i < x->count; i++) {
        free(x->items[i].agent);
        free(x->items[i].text);
    }
    free(x->items);
    cs_xrobots_init(x);
}

unsigned cs_xrobots_directive(const char *name, size_t len)
{
    for (size_t i = 0; i < CS_ARRAY_LEN(directives); i++) {
        if (strlen(directives[i].name) == len && strncasecmp(name, directives[i].name, len) == 0)
            return directives[i].flag;
    }
    return CS_XR_OTHER;
}

static bool is_value_directive(const char *s, size_t len)
{
    for (size_t i = 0; i < CS_ARRAY_LEN(value_directives); i++) {
        if (strlen(value_directives[i]) == len && strncasecmp(s, value_directives[i], len) == 0)
            return true;
    }
    return false;
}

/* A plausible agent token before a colon: letters, digits, '-', '_', '.', no spaces. */
static bool is_agent_token(const char *s, size_t len)
{
    if (len == 0 || len > 64)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return !is_value_directive(s, len);
}

static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

static int push_item(struct cs_xrobots *x, const char *agent, size_t agent_len, const char *text,
                     size_t text_len, int source)
{
    struct cs_xr_item *it;
    char *tok = NULL;

    if (x->count >= XR_MAX_ITEMS)
        return CS_E_LIMIT;
    if (x->count == x->alloc) {
        size_t n = x->alloc ? x->alloc * 2 : 8;
        struct cs_xr_item *p = realloc(x->items, n * sizeof(*p));
        if (!p)
            return CS_E_NOMEM;
        x->items = p;
        x->alloc = n;
    }
    if (agent && !(tok = cs_strndup(agent, agent_len)))
        return CS_E_NOMEM;
    it = &x->items[x->count];
    it->text = cs_strndup(text, text_len);
    if (!it->text) {
        free(tok);
        return CS_E_NOMEM;
    }
    it->agent = tok;
    it->flag = cs_xrobots_directive(text, text_len);
    it->source = source;
    x->count++;
    return CS_OK;
}

/* Splits "token: rest" when token is an agent; returns the offset of rest or 0. */
static size_t agent_prefix(const char *s, size_t len, size_t *tok_len)
{
    const char *colon = memchr(s, ':', len);
    size_t t;

    if (!colon)
        return 0;
    t = (size_t)(colon - s);
    while (t && (s[t - 1] == ' ' || s[t - 1] == '\t'))
        t--;
    if (!is_agent_token(s, t))
        return 0;
    *tok_len = t;
    return (size_t)(colon - s) + 1;
}

int cs_xrobots_add(struct cs_xrobots *x, const char *value, size_t len, const char *scope,
                   bool agent_prefixes, int source)
{
    const char *agent = scope;
    size_t agent_len = scope ? strlen(scope) : 0;
    size_t i = 0;

    while (i <= len) {
        const char *item = value + i;
        const char *comma = memchr(item, ',', len - i);
        size_t n = comma ? (size_t)(comma - item) : len - i;
        size_t tok_len = 0;
        size_t off;
        int rc;

        i += n + 1;
        trim(&item, &n);
        off = agent_prefixes ? agent_prefix(item, n, &tok_len) : 0;
        if (off) {
            /* signals.md 4.5: the prefix scopes this item and the ones after it */
            agent = item;
            agent_len = tok_len;
            item += off;
            n -= off;
            trim(&item, &n);
        }
        if (n == 0)
            continue;
        rc = push_item(x, agent, agent_len, item, n, source);
        if (rc != CS_OK)
            return rc;
    }
    return CS_OK;
}

static bool applies(const struct cs_xr_item *it, const char *agent)
{
    if (!it->agent)
        return true;
    return agent && strcasecmp(it->agent, agent) == 0;
}

unsigned cs_xrobots_flags_for(const struct cs_xrobots *x, const char *agent)
{
    unsigned flags = 0;

    for (size_t i = 0; i < x->count; i++) {
        if (applies(&x->items[i], agent))
            flags |= x->items[i].flag;
    }
    return flags;
}

const struct cs_xr_item *cs_xrobots_find(const struct cs_xrobots *x, const char *agent,
                                         unsigned flag)
{
    for (size_t i = 0; i < x->count; i++) {
        if ((x->items[i].flag & flag) && applies(&x->items[i], agent))
            return &x->items[i];
    }
    return NULL;
}
