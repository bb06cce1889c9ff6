/* SPDX-License-Identifier: MIT
 * croissant_ctx.c - JSON-LD names through @context without expansion (croissant_int.h;
 * peers.md 6.4: "resolve prefixes from @context").
 */
#include "cs_setup.h"

#include "croissant_int.h"

#include <strings.h>

static const struct {
    const char *iri;
    enum cs_croissant_ns ns;
} namespaces[] = {
    /* longest first: RAI's IRI starts with Croissant's */
    { "http://mlcommons.org/croissant/RAI/", CS_CROISSANT_NS_RAI },
    { "http://mlcommons.org/croissant/", CS_CROISSANT_NS_CR },
    { "https://mlcommons.org/croissant/", CS_CROISSANT_NS_CR },
    { "http://mlcommons.org/schema/", CS_CROISSANT_NS_CR }, /* Croissant 0.8 */
    { "http://schema.org/", CS_CROISSANT_NS_SC },
    { "https://schema.org/", CS_CROISSANT_NS_SC },
    { "http://www.w3.org/ns/prov#", CS_CROISSANT_NS_PROV },
    { "http://purl.org/dc/terms/", CS_CROISSANT_NS_DCT },
    { "http://www.w3.org/ns/dcat#", CS_CROISSANT_NS_DCAT },
    { "http://www.w3.org/2000/01/rdf-schema#", CS_CROISSANT_NS_RDFS },
};

/* Prefixes that mean the same thing everywhere; used when a document forgets to declare them. */
static const struct {
    const char *prefix;
    const char *iri;
} known_prefixes[] = {
    { "sc", "https://schema.org/" },
    { "schema", "https://schema.org/" },
    { "cr", "http://mlcommons.org/croissant/" },
    { "rai", "http://mlcommons.org/croissant/RAI/" },
    { "prov", "http://www.w3.org/ns/prov#" },
    { "dct", "http://purl.org/dc/terms/" },
    { "dcterms", "http://purl.org/dc/terms/" },
    { "dcat", "http://www.w3.org/ns/dcat#" },
    { "rdfs", "http://www.w3.org/2000/01/rdf-schema#" },
};

static bool is_schema_org(const char *s)
{
    return strncasecmp(s, "http://schema.org", 17) == 0 ||
           strncasecmp(s, "https://schema.org", 18) == 0;
}

void cs_croissant_ctx_load(struct cs_croissant_ctx *ctx, json_t *context)
{
    size_t *budget = ctx->budget;
    size_t i;
    json_t *v;

    memset(ctx, 0, sizeof(*ctx));
    ctx->budget = budget;
    if (json_is_array(context)) {
        json_array_foreach(context, i, v)
        {
            if (json_is_object(v) && ctx->nobj < (int)CS_ARRAY_LEN(ctx->objs))
                ctx->objs[ctx->nobj++] = v;
            else if (json_is_string(v) && is_schema_org(json_string_value(v)))
                ctx->vocab = "https://schema.org/";
        }
    } else if (json_is_object(context)) {
        ctx->objs[ctx->nobj++] = context;
    } else if (json_is_string(context) && is_schema_org(json_string_value(context))) {
        ctx->vocab = "https://schema.org/"; /* "@context": "https://schema.org" */
    }
    for (int k = 0; k < ctx->nobj; k++) {
        json_t *vocab = json_object_get(ctx->objs[k], "@vocab");
        if (json_is_string(vocab))
            ctx->vocab = json_string_value(vocab);
    }
}

/* The IRI a context term maps to ("cr:citeAs", a full IRI, "@id"), or NULL. Later context
 * objects win, as in JSON-LD. */
static const char *term(const struct cs_croissant_ctx *ctx, const char *key, size_t n)
{
    char k[128];

    if (n >= sizeof(k))
        return NULL;
    memcpy(k, key, n);
    k[n] = '\0';
    for (int i = ctx->nobj - 1; i >= 0; i--) {
        json_t *v = json_object_get(ctx->objs[i], k);
        if (json_is_object(v))
            v = json_object_get(v, "@id");
        if (json_is_string(v))
            return json_string_value(v);
    }
    return NULL;
}

static bool absolute_iri(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

static void set_local(struct cs_croissant_name *out, enum cs_croissant_ns ns, const char *s)
{
    size_t n = strlen(s);

    out->ns = ns;
    if (n >= sizeof(out->local))
        n = sizeof(out->local) - 1;
    memcpy(out->local, s, n);
    out->local[n] = '\0';
}

/* Classifies a full IRI by namespace. */
static void classify(const char *iri, struct cs_croissant_name *out)
{
    const char *slash;

    for (size_t i = 0; i < CS_ARRAY_LEN(namespaces); i++) {
        size_t n = strlen(namespaces[i].iri);
        if (strncasecmp(iri, namespaces[i].iri, n) == 0) {
            set_local(out, namespaces[i].ns, iri + n);
            return;
        }
    }
    slash = strrchr(iri, '/');
    if (strrchr(iri, '#') > slash)
        slash = strrchr(iri, '#');
    set_local(out, CS_CROISSANT_NS_OTHER, slash ? slash + 1 : iri);
}

/* Joins a namespace IRI and a local part into buf, then classifies. */
static void join_classify(const char *ns, const char *rest, struct cs_croissant_name *out)
{
    char buf[512];
    int n = snprintf(buf, sizeof(buf), "%s%s", ns, rest);

    if (n < 0 || (size_t)n >= sizeof(buf)) {
        set_local(out, CS_CROISSANT_NS_OTHER, rest);
        return;
    }
    classify(buf, out);
}

/* "prefix:rest": the prefix from the context, else a well-known prefix. */
static void resolve_compact(const struct cs_croissant_ctx *ctx, const char *key, const char *colon,
                            struct cs_croissant_name *out)
{
    size_t pn = (size_t)(colon - key);
    const char *iri = term(ctx, key, pn);

    if (iri && absolute_iri(iri)) {
        join_classify(iri, colon + 1, out);
        return;
    }
    for (size_t i = 0; i < CS_ARRAY_LEN(known_prefixes); i++) {
        if (strlen(known_prefixes[i].prefix) == pn &&
            strncmp(key, known_prefixes[i].prefix, pn) == 0) {
            join_classify(known_prefixes[i].iri, colon + 1, out);
            return;
        }
    }
    set_local(out, CS_CROISSANT_NS_OTHER, key);
}

void cs_croissant_resolve(const struct cs_croissant_ctx *ctx, const char *key,
                          struct cs_croissant_name *out)
{
    const char *colon, *t;

    if (key[0] == '@') {
        set_local(out, CS_CROISSANT_NS_KEYWORD, key);
        return;
    }
    if (absolute_iri(key)) {
        classify(key, out);
        return;
    }
    colon = strchr(key, ':');
    if (colon) {
        resolve_compact(ctx, key, colon, out);
        return;
    }
    t = term(ctx, key, strlen(key));
    if (t && t[0] == '@') {
        set_local(out, CS_CROISSANT_NS_KEYWORD, t); /* "id": "@id" aliases */
    } else if (t && absolute_iri(t)) {
        classify(t, out);
    } else if (t && strchr(t, ':')) {
        resolve_compact(ctx, t, strchr(t, ':'), out); /* "citeAs": "cr:citeAs" */
    } else if (ctx->vocab && absolute_iri(ctx->vocab)) {
        join_classify(ctx->vocab, key, out);
    } else {
        set_local(out, CS_CROISSANT_NS_NONE, key);
    }
}

bool cs_croissant_is(const struct cs_croissant_ctx *ctx, const char *key, const char *local,
                     unsigned mask)
{
    struct cs_croissant_name n;

    cs_croissant_resolve(ctx, key, &n);
    if (n.ns != CS_CROISSANT_NS_NONE && !(mask & CS_CROISSANT_NSM(n.ns)))
        return false;
    return n.ns != CS_CROISSANT_NS_KEYWORD && n.ns != CS_CROISSANT_NS_OTHER &&
           strcmp(n.local, local) == 0;
}

size_t cs_croissant_props(const struct cs_croissant_ctx *ctx, json_t *obj, const char *local,
                          unsigned mask, json_t **vals, size_t max)
{
    const char *key;
    json_t *v;
    size_t n = 0;

    if (!json_is_object(obj))
        return 0;
    json_object_foreach(obj, key, v)
    {
        if (ctx->budget && *ctx->budget == 0)
            break;
        if (ctx->budget)
            (*ctx->budget)--;
        if (n < max && cs_croissant_is(ctx, key, local, mask))
            vals[n++] = v;
    }
    return n;
}

json_t *cs_croissant_prop(const struct cs_croissant_ctx *ctx, json_t *obj, const char *local,
                          unsigned mask)
{
    json_t *v = NULL;

    return cs_croissant_props(ctx, obj, local, mask, &v, 1) ? v : NULL;
}

bool cs_croissant_has_type(const struct cs_croissant_ctx *ctx, json_t *obj, const char *local,
                           unsigned mask)
{
    json_t *t = json_is_object(obj) ? json_object_get(obj, "@type") : NULL;
    size_t i;
    json_t *v;

    if (json_is_string(t))
        return cs_croissant_is(ctx, json_string_value(t), local, mask);
    json_array_foreach(t, i, v)
    {
        if (json_is_string(v) && cs_croissant_is(ctx, json_string_value(v), local, mask))
            return true;
    }
    return false;
}
