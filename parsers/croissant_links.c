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

enum role {
    R_TOP,      /* the dataset node itself */
    R_HOME,     /* url, sameAs, landingPage, @id of the dataset */
    R_LICENSE,  /* license */
    R_CITE,     /* citeAs, citation */
    R_DIST,     /* the distribution value (list or entry) */
    R_FILE,     /* inside one distribution entry */
    R_FILE_URL, /* the entry's contentUrl and the like */
    R_DATA,     /* isBasedOn, wasDerivedFrom, dct:source */
    R_OTHER
};

struct walk {
    struct cs_croissant_doc *doc;
    struct cs_croissant_dataset *d;
    char path[512];
};

static enum cs_link_class class_of(enum role r, const char *url)
{
    switch (r) {
    case R_TOP:
    case R_HOME:
        return CS_LINK_HOMEPAGE;
    case R_LICENSE:
        return CS_LINK_LICENSE;
    case R_DIST:
    case R_FILE_URL: {
        char *id = cs_linkclass_hub_dataset(url);
        bool hub = id != NULL;
        free(id);
        return hub || cs_linkclass_is_hosted(url) ? CS_LINK_HOSTED : CS_LINK_DATA;
    }
    case R_DATA:
        return cs_linkclass_is_hosted(url) ? CS_LINK_HOSTED : CS_LINK_DATA;
    default:
        return cs_linkclass_by_host(url, CS_LINK_OTHER);
    }
}

static int add_link(struct walk *w, const char *url, size_t n, enum role r)
{
    char buf[8192];

    if (w->doc->links >= w->doc->o.max_links) {
        w->doc->res->truncated = true;
        if (w->doc->warned_links)
            return CS_OK;
        w->doc->warned_links = true;
        return cs_croissant_warn(w->doc->res, "more than %zu links: the rest is skipped",
                                 w->doc->o.max_links);
    }
    if (n >= sizeof(buf))
        return CS_OK; /* longer than any URL the crawler accepts (CS_MAX_URL_LEN) */
    memcpy(buf, url, n);
    buf[n] = '\0';
    if (!cs_linkclass_is_http(buf))
        return CS_OK;
    w->doc->links++;
    return cs_croissant_link_add(w->d, buf, n, w->path, class_of(r, buf));
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
static int add_text_urls(struct walk *w, const char *s, enum role r)
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

static enum role key_role(enum role parent, const struct cs_croissant_name *n)
{
    static const char *const located[] = { "locatedAt", "atLocation", NULL };
    static const char *const home[] = { "url", "sameAs", "landingPage", "identifier", NULL };
    static const char *const data[] = { "isBasedOn", "isBasedOnUrl", "wasDerivedFrom", NULL };
    static const char *const file[] = { "contentUrl", "downloadURL", "accessURL",
                                        "sameAs",     "url",         NULL };
    const char *const *names = parent == R_TOP ? home : file;

    if (parent == R_DATA) /* a reference's location; its agents and labels are not data */
        return in(n->local, file) || in(n->local, located) ? R_DATA : R_OTHER;
    if (parent != R_TOP && parent != R_FILE)
        return parent;
    for (; *names; names++) {
        if (strcmp(n->local, *names) == 0)
            return parent == R_TOP ? R_HOME : R_FILE_URL;
    }
    if (parent == R_FILE)
        return R_OTHER;
    for (names = data; *names; names++) {
        if (strcmp(n->local, *names) == 0)
            return R_DATA;
    }
    if (strcmp(n->local, "source") == 0 && n->ns == CS_CROISSANT_NS_DCT)
        return R_DATA;
    if (strcmp(n->local, "license") == 0)
        return R_LICENSE;
    if (strcmp(n->local, "citeAs") == 0 || strcmp(n->local, "citation") == 0)
        return R_CITE;
    if (strcmp(n->local, "distribution") == 0)
        return R_DIST;
    return R_OTHER;
}

static bool skipped(const struct cs_croissant_name *n)
{
    if (n->ns == CS_CROISSANT_NS_KEYWORD)
        return strcmp(n->local, "@id") != 0 && strcmp(n->local, "@value") != 0 &&
               strcmp(n->local, "@list") != 0 && strcmp(n->local, "@set") != 0;
    return strcmp(n->local, "conformsTo") == 0 || strcmp(n->local, "sha256") == 0 ||
           strcmp(n->local, "md5") == 0;
}

static int walk_value(struct walk *w, json_t *v, enum role r, int depth);

static int walk_object(struct walk *w, json_t *v, enum role r, int depth)
{
    size_t plen = strlen(w->path);
    const char *key;
    json_t *val;
    int rc = CS_OK;

    if (r == R_DIST) {
        v = cs_croissant_deref(w->doc, v);
        r = R_FILE;
    }
    json_object_foreach(v, key, val)
    {
        struct cs_croissant_name n;
        enum role kr;
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
            kr = r == R_FILE ? R_FILE_URL : r; /* a node named by its URL */
        else
            kr = key_role(r, &n);
        snprintf(w->path + plen, sizeof(w->path) - plen, "%s%s", plen ? "." : "", n.local);
        rc = walk_value(w, val, kr, depth + 1);
        w->path[plen] = '\0';
    }
    return rc;
}

static int walk_value(struct walk *w, json_t *v, enum role r, int depth)
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

    return walk_object(&w, node, R_TOP, 0);
}
