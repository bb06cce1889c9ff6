/* SPDX-License-Identifier: MIT
 * card.c - a Hugging Face card (card.h; issue 4 item 2; peers.md 5.1): the front matter block,
 * the fields read from its jansson tree (the same code for a README.md and for the API's
 * cardData), and the homepage rule.
 */
#include "cs_setup.h"

#include "card_int.h"
#include "cs_str.h"

#include <ctype.h>
#include <strings.h>

#define KEY_PATH_MAX 512

/* Where the front matter and the body are. */
struct split {
    bool found;
    size_t yaml_off, yaml_len;
    int yaml_line; /* 0-based line of the file where the YAML starts */
    size_t body_off;
    int body_line; /* 1-based line of the file where the body starts */
};

/* Length of the line break at s[i] (0, 1 or 2 for \r\n). */
static size_t eol(const char *s, size_t i, size_t n)
{
    if (i >= n)
        return 0;
    if (s[i] == '\r')
        return i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
    return s[i] == '\n';
}

/* True when s[i] starts "---", spaces or tabs, then a line break or the end; *next is where
 * the following line starts. */
static bool dashes(const char *s, size_t i, size_t n, size_t *next)
{
    if (n - i < 3 || memcmp(s + i, "---", 3) != 0)
        return false;
    for (i += 3; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
        ;
    if (i < n && !eol(s, i, n))
        return false;
    *next = i + eol(s, i, n);
    return true;
}

/* huggingface_hub's REGEX_YAML_BLOCK (card.h), plus a UTF-8 BOM. */
static void split_card(const char *s, size_t n, struct split *sp)
{
    size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, next;
    int line = 0;

    *sp = (struct split){ .body_off = i, .body_line = 1 };
    for (; i < n && isspace((unsigned char)s[i]); i++)
        if (eol(s, i, n)) {
            i += eol(s, i, n) - 1;
            line++;
        }
    if (!dashes(s, i, n, &next) || next == i + 3 || !eol(s, next - 1, n))
        return; /* "---" must end its line */
    sp->yaml_off = next;
    sp->yaml_line = ++line;
    for (i = next; i < n; line++) {
        size_t e = i;
        if (dashes(s, i, n, &next)) {
            *sp = (struct split){ true,          sp->yaml_off, i - sp->yaml_off,
                                  sp->yaml_line, next,         line + 2 };
            return;
        }
        while (e < n && !eol(s, e, n))
            e++;
        i = e + eol(s, e, n);
    }
}

int cs_card_strv_add(struct cs_card_strv *v, const char *s, size_t n)
{
    char **arr;

    cs_str_trim(&s, &n);
    if (n == 0)
        return CS_OK;
    arr = realloc(v->v, (v->n + 1) * sizeof(*arr));
    if (!arr)
        return CS_E_NOMEM;
    v->v = arr;
    v->v[v->n] = cs_strndup(s, n);
    if (!v->v[v->n])
        return CS_E_NOMEM;
    v->n++;
    return CS_OK;
}

static bool strv_has(const struct cs_card_strv *v, const char *s, size_t n)
{
    for (size_t i = 0; i < v->n; i++)
        if (strlen(v->v[i]) == n && memcmp(v->v[i], s, n) == 0)
            return true;
    return false;
}

static int add_unique(struct cs_card_strv *v, const char *s, size_t n)
{
    cs_str_trim(&s, &n);
    return strv_has(v, s, n) ? CS_OK : cs_card_strv_add(v, s, n);
}

/* A string, a list of strings, or (legacy per-config maps) a mapping of either: every string,
 * in order. Other values are ignored. */
static int add_strings(struct cs_card_strv *v, json_t *j, bool unique, int depth)
{
    const char *k;
    size_t i;
    json_t *e;
    int rc = CS_OK;

    if (json_is_string(j))
        return unique ? add_unique(v, json_string_value(j), json_string_length(j))
                      : cs_card_strv_add(v, json_string_value(j), json_string_length(j));
    if (depth > 1)
        return CS_OK;
    if (json_is_array(j))
        json_array_foreach(j, i, e) if (rc == CS_OK) rc = add_strings(v, e, unique, depth + 1);
    if (json_is_object(j))
        json_object_foreach(j, k, e) if (rc == CS_OK) rc = add_strings(v, e, unique, depth + 1);
    return rc;
}

static bool is_word(const char *s, size_t n, const char *const *words, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
            return true;
    return false;
}

/* The dataset a source_datasets entry names (card.h) in name and len; false for none. */
static bool upstream_of(const char *s, size_t n, const char **name, size_t *len)
{
    static const char *const none[] = { "original", "other", "unknown", "none",
                                        "n/a",      "null",  "extended" };
    /* "extended" and the qualifiers seen between it and the name */
    static const char *const skip[] = { "extended", "translated", "modified", "filtered",
                                        "augmented" };
    const char *end = s + n, *t = s;
    size_t tn;

    for (;;) { /* split on '|', skipping "extended" and qualifiers */
        const char *bar = memchr(t, '|', (size_t)(end - t));
        const char *e = bar ? bar : end;
        tn = (size_t)(e - t);
        cs_str_trim(&t, &tn);
        if (!bar || !is_word(t, tn, skip, CS_ARRAY_LEN(skip)))
            break;
        t = bar + 1;
    }
    if (tn == 0 || is_word(t, tn, none, CS_ARRAY_LEN(none)))
        return false;
    *name = t;
    *len = tn;
    return true;
}

static int read_sources(struct cs_card *c, json_t *j)
{
    int rc = add_strings(&c->source_datasets, j, false, 0);

    for (size_t i = 0; rc == CS_OK && i < c->source_datasets.n; i++) {
        const char *name;
        size_t len;
        if (upstream_of(c->source_datasets.v[i], strlen(c->source_datasets.v[i]), &name, &len))
            rc = add_unique(&c->upstream_datasets, name, len);
    }
    return rc;
}

static int add_file(struct cs_card *c, const char *config, const char *split, json_t *p)
{
    struct cs_card_file *f;

    if (!json_is_string(p) || json_string_length(p) == 0)
        return CS_OK;
    f = realloc(c->data_files, (c->data_file_count + 1) * sizeof(*f));
    if (!f)
        return CS_E_NOMEM;
    c->data_files = f;
    f = &c->data_files[c->data_file_count];
    *f = (struct cs_card_file){ config ? cs_strdup(config) : NULL, split ? cs_strdup(split) : NULL,
                                cs_strdup(json_string_value(p)) };
    c->data_file_count++;
    return !f->path || (config && !f->config) || (split && !f->split) ? CS_E_NOMEM : CS_OK;
}

/* A path: a string or a list of strings. */
static int add_paths(struct cs_card *c, const char *config, const char *split, json_t *p)
{
    size_t i;
    json_t *e;
    int rc = CS_OK;

    if (!json_is_array(p))
        return add_file(c, config, split, p);
    json_array_foreach(p, i, e) if (rc == CS_OK) rc = add_file(c, config, split, e);
    return rc;
}

/* data_files: str | list of (str | {split, path}) | {split: path} (peers.md 5.1). */
static int read_data_files(struct cs_card *c, const char *config, json_t *df)
{
    const char *k;
    size_t i;
    json_t *e;
    int rc = CS_OK;

    if (json_is_object(df))
        json_object_foreach(df, k, e) if (rc == CS_OK) rc = add_paths(c, config, k, e);
    if (!json_is_array(df))
        return rc == CS_OK ? add_paths(c, config, NULL, df) : rc;
    json_array_foreach(df, i, e)
    {
        if (rc != CS_OK)
            break;
        if (json_is_object(e))
            rc = add_paths(c, config, json_string_value(json_object_get(e, "split")),
                           json_object_get(e, "path"));
        else
            rc = add_file(c, config, NULL, e);
    }
    return rc;
}

static int read_configs(struct cs_card *c, json_t *configs)
{
    size_t i;
    json_t *e;
    int rc = CS_OK;

    json_array_foreach(configs, i, e) if (rc == CS_OK && json_is_object(e)) rc = read_data_files(
        c, json_string_value(json_object_get(e, "config_name")), json_object_get(e, "data_files"));
    return rc;
}

static bool looks_like_model(json_t *fm)
{
    static const char *const keys[] = { "base_model", "library_name", "pipeline_tag",
                                        "model-index" };

    for (size_t i = 0; i < CS_ARRAY_LEN(keys); i++)
        if (json_object_get(fm, keys[i]))
            return true;
    return json_object_get(fm, "datasets") && !json_object_get(fm, "source_datasets") &&
           !json_object_get(fm, "task_categories");
}

/* Cuts a key path that snprintf truncated back to whole UTF-8 characters. */
static size_t whole_chars(char *path)
{
    size_t n = strlen(path), k = n;

    while (k > 0 && ((unsigned char)path[k - 1] & 0xC0) == 0x80)
        k--;
    if (k > 0 && (unsigned char)path[k - 1] >= 0xC0) {
        unsigned char lead = (unsigned char)path[k - 1];
        size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (n - (k - 1) < want)
            n = k - 1;
    }
    path[n] = '\0';
    return n;
}

/* Every URL of every string of the tree, with its key path ("configs[0].data_files"). */
static int walk(struct cs_card_links *l, json_t *j, char *path, size_t used, int depth)
{
    const char *k;
    size_t i;
    json_t *e;
    int rc = CS_OK;

    if (json_is_string(j)) {
        struct cs_card_ctx ctx = { .key = path };
        return cs_card_scan_text(l, json_string_value(j), json_string_length(j), &ctx, path, 0);
    }
    if (depth >= CS_CARD_MAX_DEPTH)
        return CS_OK;
    json_array_foreach(j, i, e)
    {
        snprintf(path + used, KEY_PATH_MAX - used, "[%zu]", i);
        rc = rc == CS_OK ? walk(l, e, path, whole_chars(path), depth + 1) : rc;
    }
    if (json_is_object(j))
        json_object_foreach(j, k, e)
        {
            snprintf(path + used, KEY_PATH_MAX - used, "%s%s", used ? "." : "", k);
            rc = rc == CS_OK ? walk(l, e, path, whole_chars(path), depth + 1) : rc;
        }
    path[used] = '\0';
    return rc;
}

int cs_card_fields(struct cs_card_links *l, json_t *fm, char **yaml_homepage)
{
    struct cs_card *c = l->card;
    json_t *rel = json_object_get(fm, "base_model_relation");
    json_t *home = json_object_get(fm, "homepage");
    char path[KEY_PATH_MAX] = "";
    int rc = add_strings(&c->licenses, json_object_get(fm, "license"), true, 0);

    rc = rc ? rc : add_strings(&c->licenses, json_object_get(fm, "licenses"), true, 0);
    rc = rc ? rc : read_sources(c, json_object_get(fm, "source_datasets"));
    rc = rc ? rc : add_strings(&c->datasets, json_object_get(fm, "datasets"), true, 0);
    rc = rc ? rc : add_strings(&c->base_models, json_object_get(fm, "base_model"), true, 0);
    rc = rc ? rc : read_configs(c, json_object_get(fm, "configs"));
    if (rc == CS_OK && json_is_string(rel) && json_string_length(rel) > 0) {
        c->base_model_relation = cs_strdup(json_string_value(rel));
        rc = c->base_model_relation ? CS_OK : CS_E_NOMEM;
    }
    if (rc == CS_OK && json_is_string(home) && json_string_length(home) > 0) {
        *yaml_homepage = cs_strdup(json_string_value(home));
        rc = *yaml_homepage ? CS_OK : CS_E_NOMEM;
    }
    c->looks_like_model = looks_like_model(fm);
    return rc == CS_OK ? walk(l, fm, path, 0, 0) : rc;
}

static void strv_release(struct cs_card_strv *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->v[i]);
    free(v->v);
    *v = (struct cs_card_strv){ 0 };
}

void cs_card_release(struct cs_card *c)
{
    if (!c)
        return;
    free(c->yaml_error);
    strv_release(&c->licenses);
    strv_release(&c->source_datasets);
    strv_release(&c->upstream_datasets);
    strv_release(&c->datasets);
    strv_release(&c->base_models);
    free(c->base_model_relation);
    free(c->homepage);
    for (size_t i = 0; i < c->data_file_count; i++) {
        free(c->data_files[i].config);
        free(c->data_files[i].split);
        free(c->data_files[i].path);
    }
    free(c->data_files);
    for (size_t i = 0; i < c->link_count; i++) {
        free(c->links[i].url);
        free(c->links[i].where);
    }
    free(c->links);
    memset(c, 0, sizeof(*c));
}

static int yaml_failed(struct cs_card *c, const char *msg, int line, struct cs_diag *diag)
{
    c->yaml_ok = false;
    c->yaml_error = cs_strdup(msg);
    c->yaml_error_line = line;
    cs_diag_set(diag, line, CS_E_PARSE, "card front matter: %s", msg);
    return c->yaml_error ? CS_OK : CS_E_NOMEM;
}

/* The front matter: fields from its tree, or on a YAML error the URLs of its raw text. */
static int read_front(struct cs_card_links *l, const char *s, const struct split *sp,
                      char **yaml_home, struct cs_diag *diag)
{
    json_t *fm = NULL;
    char msg[160];
    int line = 0;
    int rc = cs_card_yaml_to_json(s + sp->yaml_off, sp->yaml_len, sp->yaml_line, &fm, msg,
                                  sizeof(msg), &line);

    if (rc == CS_OK) {
        rc = cs_card_fields(l, fm, yaml_home);
        json_decref(fm);
        return rc;
    }
    if (rc != CS_E_PARSE)
        return rc;
    rc = yaml_failed(l->card, msg, line, diag);
    return rc ? rc : cs_card_scan_text(l, s + sp->yaml_off, sp->yaml_len, NULL, "front matter", 0);
}

/* Issue 4: the body's Homepage line wins; with none, or only placeholders, the YAML's. */
static void pick_homepage(struct cs_card *c, char *body_home, char *yaml_home)
{
    c->homepage = body_home ? body_home : yaml_home;
    if (c->homepage == body_home)
        free(yaml_home);
}

int cs_card_parse(const char *bytes, size_t len, struct cs_card *out, struct cs_diag *diag)
{
    struct cs_card_links l;
    struct split sp;
    char *yaml_home = NULL, *body_home = NULL;
    int rc;

    memset(out, 0, sizeof(*out));
    out->yaml_ok = true;
    if (!bytes) {
        bytes = "";
        len = 0;
    }
    rc = cs_card_links_init(&l, out);
    if (rc != CS_OK)
        return rc;
    split_card(bytes, len, &sp);
    out->has_front_matter = sp.found;
    if (sp.found)
        rc = read_front(&l, bytes, &sp, &yaml_home, diag);
    if (rc == CS_OK)
        rc =
            cs_card_scan_body(&l, bytes + sp.body_off, len - sp.body_off, sp.body_line, &body_home);
    cs_card_links_release(&l);
    pick_homepage(out, body_home, yaml_home);
    if (rc != CS_OK)
        cs_card_release(out);
    return rc;
}

int cs_card_from_json(struct json_t *card_data, struct cs_card *out, struct cs_diag *diag)
{
    struct cs_card_links l;
    char *yaml_home = NULL;
    int rc;

    memset(out, 0, sizeof(*out));
    out->yaml_ok = true;
    out->has_front_matter = json_is_object(card_data);
    if (!card_data || json_is_null(card_data))
        return CS_OK; /* a listing without cardData: a card with no front matter */
    if (!json_is_object(card_data))
        return yaml_failed(out, "cardData is not an object", 0, diag);
    rc = cs_card_links_init(&l, out);
    if (rc == CS_OK)
        rc = cs_card_fields(&l, card_data, &yaml_home);
    cs_card_links_release(&l);
    out->homepage = yaml_home;
    if (rc != CS_OK)
        cs_card_release(out);
    return rc;
}
