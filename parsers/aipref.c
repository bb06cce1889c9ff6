/* SPDX-License-Identifier: MIT
 * aipref.c - AIPREF vocabulary readings of a Structured Field Dictionary (signals.md 6.1-6.4).
 */
#include "cs_setup.h"

#include "aipref.h"

#define NO_LABEL (-1)

/* One row per label: its name, the drafts defining it, and its more general labels, nearest
 * first (signals.md 6.1; where drafts disagree the later draft's parent comes first). */
static const struct label_def {
    const char *name;
    const char *drafts;
    bool legacy;
    int parents[4];
} labels[CS_AIPREF__COUNT] = {
    [CS_AIPREF_TRAIN_AI] = { "train-ai",
                             "vocab-02..07",
                             false,
                             { CS_AIPREF_BOTS, CS_AIPREF_ALL, NO_LABEL } },
    [CS_AIPREF_SEARCH] = { "search",
                           "vocab-01..07",
                           false,
                           { CS_AIPREF_AI_OUTPUT, CS_AIPREF_BOTS, CS_AIPREF_ALL, CS_AIPREF_TDM } },
    [CS_AIPREF_TDM] = { "tdm", "vocab-01", true, { NO_LABEL } },
    [CS_AIPREF_AI] = { "ai", "vocab-01", true, { CS_AIPREF_TDM, NO_LABEL } },
    [CS_AIPREF_GENAI] = { "genai", "vocab-01", true, { CS_AIPREF_AI, CS_AIPREF_TDM, NO_LABEL } },
    [CS_AIPREF_INFERENCE] = { "inference", "vocab-01", true, { CS_AIPREF_TDM, NO_LABEL } },
    [CS_AIPREF_ALL] = { "all", "vocab-02", true, { NO_LABEL } },
    [CS_AIPREF_TRAIN_GENAI] = { "train-genai",
                                "vocab-02..03",
                                true,
                                { CS_AIPREF_TRAIN_AI, CS_AIPREF_BOTS, CS_AIPREF_ALL, NO_LABEL } },
    [CS_AIPREF_AI_USE] = { "ai-use", "vocab-02", true, { CS_AIPREF_ALL, NO_LABEL } },
    [CS_AIPREF_BOTS] = { "bots", "vocab-03..04", true, { NO_LABEL } },
    [CS_AIPREF_AI_OUTPUT] = { "ai-output", "vocab-04", true, { CS_AIPREF_BOTS, NO_LABEL } },
};

static bool label_ok(int label)
{
    return label >= 0 && label < CS_AIPREF__COUNT;
}

const char *cs_aipref_label_name(int label)
{
    return label_ok(label) ? labels[label].name : "?";
}

const char *cs_aipref_label_drafts(int label)
{
    return label_ok(label) ? labels[label].drafts : "?";
}

bool cs_aipref_label_is_legacy(int label)
{
    return label_ok(label) && labels[label].legacy;
}

int cs_aipref_label_from_name(const char *name)
{
    for (int i = 0; name && i < CS_AIPREF__COUNT; i++)
        if (strcmp(labels[i].name, name) == 0)
            return i;
    return NO_LABEL;
}

const char *cs_aipref_state_name(enum cs_aipref_state state)
{
    switch (state) {
    case CS_AIPREF_UNKNOWN:
        return "unknown";
    case CS_AIPREF_ALLOW:
        return "allow";
    case CS_AIPREF_DISALLOW:
        return "disallow";
    }
    return "?";
}

void cs_aipref_init(struct cs_aipref *a)
{
    memset(a, 0, sizeof(*a));
    for (int i = 0; i < CS_AIPREF__COUNT; i++) {
        a->cat[i].current.from = NO_LABEL;
        a->cat[i].legacy.from = NO_LABEL;
        a->cat[i].legacy_label = labels[i].legacy;
    }
}

/* Signals.md 6.3: Token y allow, Token n disallow, anything else (inner lists too) unknown;
 * parameters ignored. */
static enum cs_aipref_state member_state(const struct cs_sf_member *m)
{
    if (!m || m->inner)
        return CS_AIPREF_UNKNOWN;
    if (cs_sf_is_token(&m->bare, "y"))
        return CS_AIPREF_ALLOW;
    if (cs_sf_is_token(&m->bare, "n"))
        return CS_AIPREF_DISALLOW;
    return CS_AIPREF_UNKNOWN;
}

static struct cs_aipref_value stated_value(enum cs_aipref_state s, int label)
{
    struct cs_aipref_value v = { s, s != CS_AIPREF_UNKNOWN, NO_LABEL };

    if (v.stated)
        v.from = label;
    return v;
}

/* The legacy reading of label: its own y/n, else the nearest stated parent (signals.md 6.1). */
static struct cs_aipref_value legacy_value(const enum cs_aipref_state *own, int label)
{
    const int *parents = labels[label].parents;
    struct cs_aipref_value v = stated_value(own[label], label);

    for (size_t i = 0; !v.stated && i < CS_ARRAY_LEN(labels[label].parents); i++) {
        int p = parents[i];
        if (p == NO_LABEL)
            break;
        if (own[p] != CS_AIPREF_UNKNOWN) {
            v.state = own[p];
            v.from = p;
            break;
        }
    }
    return v;
}

void cs_aipref_from_field(const struct cs_sf_field *dict, struct cs_aipref *out)
{
    enum cs_aipref_state own[CS_AIPREF__COUNT];

    cs_aipref_init(out);
    for (int i = 0; i < CS_AIPREF__COUNT; i++) {
        const struct cs_sf_member *m = cs_sf_dict_get(dict, labels[i].name);
        out->cat[i].present = m != NULL;
        own[i] = member_state(m);
        if (labels[i].legacy && own[i] != CS_AIPREF_UNKNOWN)
            out->legacy_stated = true;
        if (!labels[i].legacy)
            out->cat[i].current = stated_value(own[i], i);
    }
    for (int i = 0; i < CS_AIPREF__COUNT; i++)
        out->cat[i].legacy = legacy_value(own, i);
}

static void read_failed(struct cs_aipref *out, const struct cs_diag *diag)
{
    cs_aipref_init(out);
    out->parse_error = true;
    snprintf(out->error, sizeof(out->error), "%s", diag->msg);
}

int cs_aipref_read(const char *const *lines, size_t n, struct cs_aipref *out)
{
    struct cs_sf_field dict;
    struct cs_diag diag = { 0 };
    int rc;

    cs_aipref_init(out);
    if (n == 0)
        return CS_OK; /* no statement: all unknown (6.2) */
    rc = cs_sf_parse_lines(lines, NULL, n, CS_SF_DICTIONARY, &dict, &diag);
    if (rc == CS_E_NOMEM)
        return rc;
    if (rc != CS_OK) {
        read_failed(out, &diag);
        return CS_OK;
    }
    cs_aipref_from_field(&dict, out);
    cs_sf_field_release(&dict);
    return CS_OK;
}

int cs_aipref_read_each(const char *const *lines, size_t n, struct cs_aipref *out)
{
    cs_aipref_init(out);
    for (size_t i = 0; i < n; i++) {
        struct cs_aipref one;
        int rc = cs_aipref_read(&lines[i], 1, &one);
        if (rc != CS_OK)
            return rc;
        cs_aipref_merge(out, &one);
    }
    return CS_OK;
}

enum cs_aipref_state cs_aipref_combine(const enum cs_aipref_state *states, size_t n)
{
    enum cs_aipref_state r = CS_AIPREF_UNKNOWN;

    for (size_t i = 0; i < n; i++) {
        if (states[i] == CS_AIPREF_DISALLOW)
            return CS_AIPREF_DISALLOW;
        if (states[i] == CS_AIPREF_ALLOW)
            r = CS_AIPREF_ALLOW;
    }
    return r;
}

/* 6.2 for one value: the combined state, with the evidence of the statement that decided it
 * (the earlier one on a tie). Returns true when allow met disallow. */
static bool merge_value(struct cs_aipref_value *acc, const struct cs_aipref_value *other)
{
    enum cs_aipref_state both[2] = { acc->state, other->state };

    bool conflict =
        both[0] != both[1] && both[0] != CS_AIPREF_UNKNOWN && both[1] != CS_AIPREF_UNKNOWN;

    if (cs_aipref_combine(both, 2) != acc->state)
        *acc = *other;
    return conflict;
}

void cs_aipref_merge(struct cs_aipref *acc, const struct cs_aipref *other)
{
    for (int i = 0; i < CS_AIPREF__COUNT; i++) {
        struct cs_aipref_cat *a = &acc->cat[i];
        const struct cs_aipref_cat *o = &other->cat[i];
        bool c1 = merge_value(&a->current, &o->current);
        bool c2 = merge_value(&a->legacy, &o->legacy);
        a->conflict = a->conflict || o->conflict || c1 || c2;
        a->present = a->present || o->present;
    }
    acc->legacy_stated = acc->legacy_stated || other->legacy_stated;
    if (other->parse_error && !acc->parse_error) {
        acc->parse_error = true;
        memcpy(acc->error, other->error, sizeof(acc->error));
    }
}
