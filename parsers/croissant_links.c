/* SPDX-License-Identifier: MIT
 * croissant_links.c - every http(s) URL inside a dataset node, with the property path it came
 * through and its class (croissant.h; issue 4: only data-source links flag a dataset).
 *
 * Classes by property (peers.md 6.1, 6.2): distribution contentUrl, downloadURL, accessURL,
 * sameAs and url -> data, unless the Hub's own copy (hosted); isBasedOn, wasDerivedFrom and
 * dct:source -> data (hosted for Hub file URLs); the dataset's url, sameAs, landingPage and @id
 * -> homepage; license -> license; citeAs -> paper for DOI and arXiv URLs; anything else by
 * host (paper, code) or other. conformsTo, checksums, @context and @type are not links.
 */
#include "cs_setup.h"

#include "croissant_int.h"

#include "linkclass.h"

#include <strings.h>

struct walk {
    struct cs_croissant_doc *doc;
    struct cs_croissant_dataset *d;
    char path[512];
};

static enum cs_link_class class_of(enum cs_croissant_role r, const char *url)
{
    switch (r) {
    case CS_ROLE_TOP:
    case CS_ROLE_HOME:
        return CS_LINK_HOMEPAGE;
    case CS_ROLE_LICENSE:
        return CS_LINK_LICENSE;
    case CS_ROLE_DIST:
    case CS_ROLE_FILE_URL: {
        char *id = cs_linkclass_hub_dataset(url);
        bool hub = id != NULL;
        free(id);
        return hub || cs_linkclass_is_hosted(url) ? CS_LINK_HOSTED : CS_LINK_DATA;
    }
    case CS_ROLE_DATA:
        return cs_linkclass_is_hosted(url) ? CS_LINK_HOSTED : CS_LINK_DATA;
    default:
        return cs_linkclass_by_host(url, CS_LINK_OTHER);
    }
}

int cs_croissant_add_url(struct cs_croissant *res, const struct cs_croissant_opts *o,
                         struct cs_croissant_budget *b, struct cs_croissant_dataset *d,
                         const char *path, const char *url, size_t n, enum cs_croissant_role r)
{
    char buf[8192];

    if (b->links >= o->max_links) {
        res->truncated = true;
        if (b->warned)
            return CS_OK;
        b->warned = true;
        return cs_croissant_warn(res, "more than %zu links: the rest is skipped", o->max_links);
    }
    if (n >= sizeof(buf))
        return CS_OK; /* longer than any URL the crawler accepts (CS_MAX_URL_LEN) */
    memcpy(buf, url, n);
    buf[n] = '\0';
    if (!cs_linkclass_is_http(buf))
        return CS_OK;
    b->links++;
    return cs_croissant_link_add(d, buf, n, path, class_of(r, buf));
}

static int add_link(struct walk *w, const char *url, size_t n, enum cs_croissant_role r)
{
    return cs_croissant_add_url(w->doc->res, &w->doc->o, &w->doc->lk, w->d, w->path, url, n, r);
}

static bool url_stop(char c)
{
    return (unsigned char)c <= ' ' || strchr("\"<>{}|\\^`", c) != NULL;
}

static bool only_space(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return *s == '\0';
}

/* Every "http://" or "https://" in s, each up to a space or a delimiter, trailing punctuation
 * dropped (a URL in prose or BibTeX: "see https://x.org/a." gives https://x.org/a). */
static int add_text_urls(struct walk *w, const char *s, enum cs_croissant_role r)
{
    const char *p;
    int rc = CS_OK;

    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    p = s;
    while (rc == CS_OK && *p) {
        const char *b = p, *e;
        bool paren = false;
        if (strncasecmp(p, "http://", 7) != 0 && strncasecmp(p, "https://", 8) != 0) {
            p++;
            continue;
        }
        for (e = b; *e && !url_stop(*e); e++) {
            if (*e == '(')
                paren = true;
            else if (*e == ')' && !paren)
                break; /* markdown: [text](https://x.org/a) */
        }
        p = e;
        /* a value that is one URL is kept whole; one inside prose loses trailing punctuation */
        while (!(b == s && only_space(e)) && e > b && strchr(".,;:!?)]'", e[-1]) &&
               !(e[-1] == ')' && paren))
            e--;
        rc = add_link(w, b, (size_t)(e - b), r);
    }
    return rc;
}

static bool in(const char *s, const char *const *names)
{
    for (; *names; names++) {
        if (strcmp(s, *names) == 0)
            return true;
    }
    return false;
}

static enum cs_croissant_role key_role(enum cs_croissant_role parent,
                                       const struct cs_croissant_name *n)
{
    static const char *const located[] = { "locatedAt", "atLocation", NULL };
    static const char *const home[] = { "url", "sameAs", "landingPage", "identifier", NULL };
    static const char *const data[] = { "isBasedOn", "isBasedOnUrl", "wasDerivedFrom", NULL };
    static const char *const file[] = { "contentUrl", "downloadURL", "accessURL",
                                        "sameAs",     "url",         NULL };
    const char *const *names = parent == CS_ROLE_TOP ? home : file;

    if (parent == CS_ROLE_DATA) /* a reference's location; its agents and labels are not data */
        return in(n->local, file) || in(n->local, located) ? CS_ROLE_DATA : CS_ROLE_OTHER;
    if (parent != CS_ROLE_TOP && parent != CS_ROLE_FILE)
        return parent;
    for (; *names; names++) {
        if (strcmp(n->local, *names) == 0)
            return parent == CS_ROLE_TOP ? CS_ROLE_HOME : CS_ROLE_FILE_URL;
    }
    if (parent == CS_ROLE_FILE)
        return CS_ROLE_OTHER;
    for (names = data; *names; names++) {
        if (strcmp(n->local, *names) == 0)
            return CS_ROLE_DATA;
    }
    if (strcmp(n->local, "source") == 0 && n->ns == CS_CROISSANT_NS_DCT)
        return CS_ROLE_DATA;
    if (strcmp(n->local, "license") == 0)
        return CS_ROLE_LICENSE;
    if (strcmp(n->local, "citeAs") == 0 || strcmp(n->local, "citation") == 0)
        return CS_ROLE_CITE;
    if (strcmp(n->local, "distribution") == 0)
        return CS_ROLE_DIST;
    return CS_ROLE_OTHER;
}

static bool skipped(const struct cs_croissant_name *n)
{
    if (n->ns == CS_CROISSANT_NS_KEYWORD)
        return strcmp(n->local, "@id") != 0 && strcmp(n->local, "@value") != 0 &&
               strcmp(n->local, "@list") != 0 && strcmp(n->local, "@set") != 0;
    return strcmp(n->local, "conformsTo") == 0 || strcmp(n->local, "sha256") == 0 ||
           strcmp(n->local, "md5") == 0;
}

static int walk_value(struct walk *w, json_t *v, enum cs_croissant_role r, int depth);

static int walk_object(struct walk *w, json_t *v, enum cs_croissant_role r, int depth)
{
    size_t plen = strlen(w->path);
    const char *key;
    json_t *val;
    int rc = CS_OK;

    if (r == CS_ROLE_DIST) {
        v = cs_croissant_deref(w->doc, v);
        r = CS_ROLE_FILE;
    }
    json_object_foreach(v, key, val)
    {
        struct cs_croissant_name n;
        enum cs_croissant_role kr;
        if (rc != CS_OK)
            break;
        cs_croissant_resolve(&w->doc->ctx, key, &n);
        if (skipped(&n))
            continue;
        if (n.ns == CS_CROISSANT_NS_KEYWORD && strcmp(n.local, "@id") != 0) {
            rc = walk_value(w, val, r, depth + 1); /* @value, @list: the node's own value */
            continue;
        }
        if (n.ns == CS_CROISSANT_NS_KEYWORD)
            kr = r == CS_ROLE_FILE ? CS_ROLE_FILE_URL : r; /* a node named by its URL */
        else
            kr = key_role(r, &n);
        snprintf(w->path + plen, sizeof(w->path) - plen, "%s%s", plen ? "." : "", n.local);
        rc = walk_value(w, val, kr, depth + 1);
        w->path[plen] = '\0';
    }
    return rc;
}

static int walk_value(struct walk *w, json_t *v, enum cs_croissant_role r, int depth)
{
    size_t plen = strlen(w->path);
    size_t i;
    json_t *e;
    int rc = CS_OK;

    if (w->doc->budget == 0)
        return CS_OK; /* reported once, at the end of the document */
    w->doc->budget--;
    if (depth > w->doc->o.max_depth) {
        w->doc->res->truncated = true;
        if (w->doc->warned_depth)
            return CS_OK;
        w->doc->warned_depth = true;
        return cs_croissant_warn(w->doc->res, "nesting deeper than %d at '%s': skipped",
                                 w->doc->o.max_depth, w->path);
    }
    if (json_is_string(v))
        return add_text_urls(w, json_string_value(v), r);
    if (json_is_object(v))
        return walk_object(w, v, r, depth);
    json_array_foreach(v, i, e)
    {
        if (rc != CS_OK)
            break;
        snprintf(w->path + plen, sizeof(w->path) - plen, "[%zu]", i);
        rc = walk_value(w, e, r, depth + 1);
        w->path[plen] = '\0';
    }
    return rc;
}

int cs_croissant_walk_links(struct cs_croissant_doc *doc, struct cs_croissant_dataset *d,
                            json_t *node)
{
    struct walk w = { .doc = doc, .d = d };

    return walk_object(&w, node, CS_ROLE_TOP, 0);
}
