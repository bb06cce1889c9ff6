/* SPDX-License-Identifier: MIT
 * lineage.c - names of the lineage vocabulary and the canonical node names (lineage.h).
 */
#include "cs_setup.h"

#include "cs_err.h"
#include "cs_str.h"
#include "lineage.h"

static const char *const node_names[CS_NODE__COUNT] = { "model", "dataset", "source", "origin" };

static const char *const edge_names[CS_EDGE__COUNT] = {
    "base_model", "trained_on", "derived_from", "links_to", "at_origin",
};

static const char *const link_names[CS_LINK__COUNT] = {
    "data", "homepage", "paper", "code", "license", "hosted", "other",
};

static int find_name(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

const char *cs_node_kind_name(enum cs_node_kind k)
{
    return (unsigned)k < CS_NODE__COUNT ? node_names[k] : NULL;
}

const char *cs_edge_kind_name(enum cs_edge_kind k)
{
    return (unsigned)k < CS_EDGE__COUNT ? edge_names[k] : NULL;
}

const char *cs_link_class_name(enum cs_link_class c)
{
    return (unsigned)c < CS_LINK__COUNT ? link_names[c] : NULL;
}

int cs_node_kind_parse(const char *s, enum cs_node_kind *out)
{
    int i = find_name(node_names, CS_NODE__COUNT, s);
    if (i < 0)
        return CS_E_INVALID;
    *out = (enum cs_node_kind)i;
    return CS_OK;
}

int cs_edge_kind_parse(const char *s, enum cs_edge_kind *out)
{
    int i = find_name(edge_names, CS_EDGE__COUNT, s);
    if (i < 0)
        return CS_E_INVALID;
    *out = (enum cs_edge_kind)i;
    return CS_OK;
}

int cs_link_class_parse(const char *s, enum cs_link_class *out)
{
    int i = find_name(link_names, CS_LINK__COUNT, s);
    if (i < 0)
        return CS_E_INVALID;
    *out = (enum cs_link_class)i;
    return CS_OK;
}

static bool id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

/* One segment of a Hub id: the Hub's repo-name rule (no leading or trailing '.' or '-', no
 * "..", at most 96 characters). */
static bool segment_ok(const char *s, size_t n)
{
    if (n == 0 || n > 96 || s[0] == '.' || s[0] == '-' || s[n - 1] == '.' || s[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!id_char(s[i]) || (s[i] == '.' && i + 1 < n && s[i + 1] == '.'))
            return false;
    }
    return true;
}

bool cs_lineage_is_hub_id(const char *s)
{
    const char *slash;

    if (!s || !*s)
        return false;
    slash = strchr(s, '/');
    if (!slash)
        return segment_ok(s, strlen(s));
    return segment_ok(s, (size_t)(slash - s)) && !strchr(slash + 1, '/') &&
           segment_ok(slash + 1, strlen(slash + 1));
}

static char *prefixed(const char *prefix, const char *s, size_t n)
{
    size_t pn = strlen(prefix);
    char *out = malloc(pn + n + 1);

    if (!out)
        return NULL;
    memcpy(out, prefix, pn);
    memcpy(out + pn, s, n);
    out[pn + n] = '\0';
    return out;
}

char *cs_lineage_dataset_node(const char *name)
{
    const char *b = name, *e;
    char *trimmed, *out;

    if (!name)
        return NULL;
    while (*b == ' ' || *b == '\t')
        b++;
    e = b + strlen(b);
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    if (e == b)
        return NULL;
    trimmed = cs_strndup(b, (size_t)(e - b));
    if (!trimmed)
        return NULL;
    /* card convention (peers.md 5.1): "other-<name>" names a dataset that is not on the Hub */
    out = cs_lineage_is_hub_id(trimmed) && strncmp(trimmed, "other-", 6) != 0
              ? prefixed("hf:datasets/", trimmed, strlen(trimmed))
              : prefixed("name:", trimmed, strlen(trimmed));
    free(trimmed);
    return out;
}

char *cs_lineage_model_node(const char *id)
{
    if (!cs_lineage_is_hub_id(id))
        return NULL;
    return prefixed("hf:models/", id, strlen(id));
}

bool cs_lineage_hub_node(const char *name, enum cs_node_kind *kind, const char **id)
{
    static const struct {
        const char *prefix;
        enum cs_node_kind kind;
    } hub[] = { { "hf:datasets/", CS_NODE_DATASET }, { "hf:models/", CS_NODE_MODEL } };

    for (size_t i = 0; name && i < CS_ARRAY_LEN(hub); i++) {
        size_t n = strlen(hub[i].prefix);
        if (strncmp(name, hub[i].prefix, n) == 0) {
            *kind = hub[i].kind;
            if (id)
                *id = name + n;
            return true;
        }
    }
    return false;
}
