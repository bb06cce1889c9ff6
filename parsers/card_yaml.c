/* SPDX-License-Identifier: MIT
 * card_yaml.c - a card's YAML front matter to a jansson tree (issue 4 item 2), with libyaml's
 * event parser and hard limits: nesting depth, bytes, and nodes and scalar bytes counted after
 * alias expansion. An alias shares the anchored tree (json_incref) instead of copying it, and
 * adds the anchored tree's full cost to the budget, so a billion-laughs document fails after
 * CS_CARD_MAX_NODES nodes instead of growing exponentially; anchors are registered when their
 * node is complete, so an alias cannot refer to an enclosing node and the tree has no cycles.
 */
#include "cs_setup.h"

#include "card_int.h"
#include "cs_str.h"

#include <errno.h>
#include <yaml.h>

struct frame {
    json_t *node;  /* object or array being filled (a reference held by the frame) */
    char *key;     /* pending mapping key; From malloc() */
    char *anchor;  /* anchor of this collection; From malloc() */
    size_t nodes0; /* budget used when the collection started */
    size_t bytes0;
};

struct anchor {
    char *name; /* From malloc() */
    json_t *node;
    size_t nodes, bytes; /* cost of the anchored tree, expanded */
};

struct builder {
    yaml_parser_t p;
    yaml_event_t ev;
    struct frame stack[CS_CARD_MAX_DEPTH];
    int depth;
    struct anchor *anchors; /* From malloc() */
    size_t nanchors, anchors_cap;
    size_t nodes, bytes; /* budget used, expanded */
    json_t *root;
    int line_base;
    char *msg;
    size_t msg_size;
    int *line;
};

static int fail(struct builder *b, size_t mark_line, const char *what)
{
    *b->line = b->line_base + (int)mark_line + 1;
    snprintf(b->msg, b->msg_size, "line %d: %s", *b->line, what);
    return CS_E_PARSE;
}

/* Charges one node of n scalar bytes (or an alias's expanded cost) to the budget. */
static int charge(struct builder *b, size_t nodes, size_t bytes)
{
    b->nodes += nodes;
    b->bytes += bytes;
    if (b->nodes > CS_CARD_MAX_NODES)
        return fail(b, b->ev.start_mark.line, "too many YAML nodes (aliases expand too far)");
    if (b->bytes > CS_CARD_MAX_SCALAR_BYTES)
        return fail(b, b->ev.start_mark.line, "too much YAML text (aliases expand too far)");
    return CS_OK;
}

static int add_anchor(struct builder *b, const char *name, json_t *node, size_t nodes0,
                      size_t bytes0)
{
    struct anchor *a;

    if (!name)
        return CS_OK;
    if (b->nanchors == b->anchors_cap) {
        size_t cap = b->anchors_cap ? b->anchors_cap * 2 : 8;
        a = realloc(b->anchors, cap * sizeof(*a));
        if (!a)
            return CS_E_NOMEM;
        b->anchors = a;
        b->anchors_cap = cap;
    }
    a = &b->anchors[b->nanchors];
    a->name = cs_strdup(name);
    if (!a->name)
        return CS_E_NOMEM;
    a->node = json_incref(node);
    a->nodes = b->nodes - nodes0;
    a->bytes = b->bytes - bytes0;
    b->nanchors++;
    return CS_OK;
}

/* The latest anchor of that name (YAML lets a later anchor shadow an earlier one). */
static const struct anchor *find_anchor(const struct builder *b, const char *name)
{
    for (size_t i = b->nanchors; i-- > 0;)
        if (strcmp(b->anchors[i].name, name) == 0)
            return &b->anchors[i];
    return NULL;
}

/* Puts value (Takes) into the enclosing collection, or makes it the root. */
static int place(struct builder *b, json_t *value)
{
    struct frame *f;
    int rc;

    if (!value)
        return CS_E_NOMEM;
    if (b->depth == 0) {
        json_decref(b->root);
        b->root = value;
        return CS_OK;
    }
    f = &b->stack[b->depth - 1];
    if (json_is_array(f->node))
        return json_array_append_new(f->node, value) == 0 ? CS_OK : CS_E_NOMEM;
    if (!f->key) {
        json_decref(value);
        return fail(b, b->ev.start_mark.line, "a mapping key must be a scalar");
    }
    rc = json_object_set_new(f->node, f->key, value) == 0 ? CS_OK : CS_E_NOMEM;
    free(f->key);
    f->key = NULL;
    return rc;
}

/* True when the mapping on top waits for a key (the next scalar is a key, not a value). */
static bool wants_key(const struct builder *b)
{
    const struct frame *f = b->depth ? &b->stack[b->depth - 1] : NULL;
    return f && json_is_object(f->node) && !f->key;
}

static bool is_one_of(const char *s, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, words[i]) == 0)
            return true;
    return false;
}

/* A number as JSON reads it: -?digits[.digits][e[+-]digits], no leading zero. */
static bool is_number(const char *s, bool *integer)
{
    const char *p = s + (*s == '-' || *s == '+');
    *integer = true;
    if (!(*p >= '0' && *p <= '9') || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
        return false;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '.') {
        *integer = false;
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    }
    if (*p == 'e' || *p == 'E') {
        *integer = false;
        p += 1 + (p[1] == '+' || p[1] == '-');
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

/* The value of a scalar: plain untagged scalars are resolved (card.h lists the readings),
 * everything else is a string. */
static json_t *scalar_value(const yaml_event_t *ev)
{
    static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
    static const char *const trues[] = { "true", "True", "TRUE" };
    static const char *const falses[] = { "false", "False", "FALSE" };
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    bool integer;

    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || ev->data.scalar.tag)
        return json_stringn_nocheck(s, n);
    if (is_one_of(s, nulls, CS_ARRAY_LEN(nulls)))
        return json_null();
    if (is_one_of(s, trues, CS_ARRAY_LEN(trues)))
        return json_true();
    if (is_one_of(s, falses, CS_ARRAY_LEN(falses)))
        return json_false();
    if (n < 40 && is_number(s, &integer)) {
        errno = 0;
        if (integer) {
            long long v = strtoll(s, NULL, 10);
            if (errno == 0)
                return json_integer((json_int_t)v);
        } else {
            double d = strtod(s, NULL);
            if (errno == 0)
                return json_real(d);
        }
    }
    return json_stringn_nocheck(s, n);
}

static int on_scalar(struct builder *b)
{
    const yaml_event_t *ev = &b->ev;
    size_t nodes0 = b->nodes, bytes0 = b->bytes;
    json_t *v;
    int rc = charge(b, 1, ev->data.scalar.length);

    if (rc != CS_OK)
        return rc;
    if (wants_key(b)) {
        b->stack[b->depth - 1].key =
            cs_strndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
        return b->stack[b->depth - 1].key ? CS_OK : CS_E_NOMEM;
    }
    v = scalar_value(ev);
    if (!v)
        return CS_E_NOMEM;
    rc = add_anchor(b, (const char *)ev->data.scalar.anchor, v, nodes0, bytes0);
    if (rc != CS_OK) {
        json_decref(v);
        return rc;
    }
    return place(b, v);
}

static int on_alias(struct builder *b)
{
    const struct anchor *a = find_anchor(b, (const char *)b->ev.data.alias.anchor);
    int rc;

    if (!a)
        return fail(b, b->ev.start_mark.line, "alias to an unknown anchor");
    rc = charge(b, a->nodes, a->bytes);
    if (rc != CS_OK)
        return rc;
    if (wants_key(b)) {
        if (!json_is_string(a->node))
            return fail(b, b->ev.start_mark.line, "a mapping key must be a scalar");
        b->stack[b->depth - 1].key = cs_strdup(json_string_value(a->node));
        return b->stack[b->depth - 1].key ? CS_OK : CS_E_NOMEM;
    }
    return place(b, json_incref(a->node));
}

static int on_start(struct builder *b, bool mapping)
{
    const yaml_char_t *anchor =
        mapping ? b->ev.data.mapping_start.anchor : b->ev.data.sequence_start.anchor;
    struct frame *f;
    int rc;

    if (wants_key(b))
        return fail(b, b->ev.start_mark.line, "a mapping key must be a scalar");
    if (b->depth == CS_CARD_MAX_DEPTH)
        return fail(b, b->ev.start_mark.line, "YAML nested too deep");
    rc = charge(b, 1, 0);
    if (rc != CS_OK)
        return rc;
    f = &b->stack[b->depth];
    *f = (struct frame){ mapping ? json_object() : json_array(), NULL, NULL, b->nodes - 1,
                         b->bytes };
    if (!f->node)
        return CS_E_NOMEM;
    b->depth++;
    if (anchor) {
        f->anchor = cs_strdup((const char *)anchor);
        if (!f->anchor)
            return CS_E_NOMEM;
    }
    return CS_OK;
}

/* YAML 1.1 merge keys ("<<: *base" or a list of them), as PyYAML and so the Hub's cardData
 * read them: keys of the merged mappings that the mapping lacks are added (shared, not copied:
 * the alias was charged already). */
static int merge_keys(json_t *node)
{
    json_t *m = json_object_get(node, "<<");
    json_t *one, *v;
    const char *k;
    size_t i;

    if (!m)
        return CS_OK;
    json_incref(m);
    json_object_del(node, "<<");
    for (i = 0; i < (json_is_array(m) ? json_array_size(m) : 1); i++) {
        one = json_is_array(m) ? json_array_get(m, i) : m;
        json_object_foreach(one, k,
                            v) if (!json_object_get(node, k) && json_object_set(node, k, v) != 0)
        {
            json_decref(m);
            return CS_E_NOMEM;
        }
    }
    json_decref(m);
    return CS_OK;
}

static int on_end(struct builder *b)
{
    struct frame *f = &b->stack[b->depth - 1];
    json_t *node = f->node;
    int rc = json_is_object(node) ? merge_keys(node) : CS_OK;

    if (rc == CS_OK)
        rc = add_anchor(b, f->anchor, node, f->nodes0, f->bytes0);

    free(f->anchor);
    free(f->key);
    f->node = NULL;
    f->anchor = NULL;
    f->key = NULL;
    b->depth--;
    if (rc != CS_OK) {
        json_decref(node);
        return rc;
    }
    return place(b, node);
}

/* Reads events until the first document ends. */
static int run(struct builder *b)
{
    int rc = CS_OK;

    for (;;) {
        if (!yaml_parser_parse(&b->p, &b->ev)) {
            if (b->p.error == YAML_MEMORY_ERROR)
                return CS_E_NOMEM;
            return fail(b, b->p.problem_mark.line, b->p.problem ? b->p.problem : "invalid YAML");
        }
        switch (b->ev.type) {
        case YAML_SCALAR_EVENT:
            rc = on_scalar(b);
            break;
        case YAML_ALIAS_EVENT:
            rc = on_alias(b);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            rc = on_start(b, b->ev.type == YAML_MAPPING_START_EVENT);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            rc = on_end(b);
            break;
        default:
            break;
        }
        if (rc != CS_OK || b->ev.type == YAML_DOCUMENT_END_EVENT ||
            b->ev.type == YAML_STREAM_END_EVENT)
            break;
        yaml_event_delete(&b->ev);
    }
    yaml_event_delete(&b->ev);
    return rc;
}

static void builder_release(struct builder *b)
{
    while (b->depth > 0) {
        struct frame *f = &b->stack[--b->depth];
        json_decref(f->node);
        free(f->key);
        free(f->anchor);
    }
    for (size_t i = 0; i < b->nanchors; i++) {
        free(b->anchors[i].name);
        json_decref(b->anchors[i].node);
    }
    free(b->anchors);
    yaml_parser_delete(&b->p);
}

int cs_card_yaml_to_json(const char *buf, size_t len, int line_base, json_t **out, char *msg,
                         size_t msg_size, int *line)
{
    struct builder b = { .line_base = line_base, .msg = msg, .msg_size = msg_size, .line = line };
    int rc;

    *out = NULL;
    if (len > CS_CARD_MAX_YAML_BYTES) {
        *line = line_base + 1;
        snprintf(msg, msg_size, "line %d: front matter over %u bytes", *line,
                 (unsigned)CS_CARD_MAX_YAML_BYTES);
        return CS_E_PARSE;
    }
    if (!yaml_parser_initialize(&b.p))
        return CS_E_NOMEM;
    yaml_parser_set_input_string(&b.p, (const unsigned char *)buf, len);
    rc = run(&b);
    if (rc == CS_OK && b.root && !json_is_object(b.root) && !json_is_null(b.root))
        rc = fail(&b, 0, "front matter is not a mapping");
    if (rc == CS_OK) {
        *out = json_is_object(b.root) ? json_incref(b.root) : json_object();
        rc = *out ? CS_OK : CS_E_NOMEM;
    }
    json_decref(b.root);
    builder_release(&b);
    return rc;
}
