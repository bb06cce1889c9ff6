/* SPDX-License-Identifier: MIT
 * embedded.c - stances per purpose from embedded metadata (embedded.h; signals.md 9.1, 12.2).
 */
#include "cs_setup.h"

#include "embedded.h"

#include <string.h>

#define N CS_STANCE_NO_SIGNAL
#define A CS_STANCE_ALLOW_EXPLICIT
#define U CS_STANCE_UNKNOWN
#define D CS_STANCE_DISALLOW_FULL

/* signals.md 9.1's table, columns TRAIN_GENAI, TRAIN_ML, TDM, AI_INPUT, SEARCH. AI_INPUT is
 * not in the table: "all mining prohibited" includes inference-time mining (12.2's D* reading);
 * DMI-ALLOWED leaves it unknown rather than granting what the value does not name. */
static const enum cs_stance dmi_table[CS_DMI__COUNT][CS_PURPOSE__COUNT] = {
    [CS_DMI_ABSENT] = { N, N, N, N, N },
    [CS_DMI_UNSPECIFIED] = { U, U, U, U, U },
    [CS_DMI_ALLOWED] = { A, A, A, U, A },
    [CS_DMI_PROHIBITED_AIMLTRAINING] = { D, D, U, U, U },
    [CS_DMI_PROHIBITED_GENAIMLTRAINING] = { D, U, U, U, U },
    [CS_DMI_PROHIBITED_EXCEPTSEARCHENGINEINDEXING] = { D, D, D, D, A },
    [CS_DMI_PROHIBITED] = { D, D, D, D, D },
    [CS_DMI_PROHIBITED_SEECONSTRAINT] = { D, D, D, D, U },
    [CS_DMI_PROHIBITED_SEEEMBEDDEDRIGHTSEXPR] = { D, D, D, D, U },
    [CS_DMI_PROHIBITED_SEELINKEDRIGHTSEXPR] = { D, D, D, D, U },
    [CS_DMI_OTHER] = { U, U, U, U, U },
};

/* Within one scheme, and across schemes: a DISALLOW wins, then an ALLOW, then UNKNOWN. */
static enum cs_stance stricter(enum cs_stance a, enum cs_stance b)
{
    static const int rank[CS_STANCE__COUNT] = {
        [CS_STANCE_NO_SIGNAL] = 0,      [CS_STANCE_UNKNOWN] = 1,
        [CS_STANCE_ALLOW_EXPLICIT] = 2, [CS_STANCE_DISALLOW_PARTIAL] = 3,
        [CS_STANCE_DISALLOW_FULL] = 4,
    };

    return rank[b] > rank[a] ? b : a;
}

static void from_tdmrep(const struct cs_xmp *x, enum cs_stance s[CS_PURPOSE__COUNT])
{
    /* 12.2: tdm-reservation 1 disallows training, TDM and (D*) AI input; search untouched */
    enum cs_stance v = x->tdm_reserved == 1 ? D : x->tdm_reserved == 0 ? A : U;

    if (!x->tdm_reservation)
        return;
    s[CS_PURPOSE_TRAIN_GENAI] = s[CS_PURPOSE_TRAIN_ML] = s[CS_PURPOSE_TDM] = v;
    s[CS_PURPOSE_AI_INPUT] = v;
}

static void from_c2pa_entry(const struct cs_c2pa_entry *e, enum cs_stance s[CS_PURPOSE__COUNT])
{
    const char *kind = cs_c2pa_entry_kind(e);
    enum cs_stance v = e->use == CS_C2PA_USE_ALLOWED ? A
                       : (e->use == CS_C2PA_USE_NOT_ALLOWED || e->use == CS_C2PA_USE_CONSTRAINED)
                           ? D
                           : U;

    if (strcmp(kind, "ai_generative_training") == 0) {
        s[CS_PURPOSE_TRAIN_GENAI] = stricter(s[CS_PURPOSE_TRAIN_GENAI], v);
    } else if (strcmp(kind, "ai_training") == 0) {
        s[CS_PURPOSE_TRAIN_ML] = stricter(s[CS_PURPOSE_TRAIN_ML], v);
    } else if (strcmp(kind, "ai_inference") == 0) {
        s[CS_PURPOSE_AI_INPUT] = stricter(s[CS_PURPOSE_AI_INPUT], v);
    } else if (strcmp(kind, "data_mining") == 0) {
        /* 12.2: a refusal of mining covers training and (D*) inference; a grant only TDM */
        s[CS_PURPOSE_TDM] = stricter(s[CS_PURPOSE_TDM], v);
        if (v == D) {
            s[CS_PURPOSE_TRAIN_GENAI] = s[CS_PURPOSE_TRAIN_ML] = D;
            s[CS_PURPOSE_AI_INPUT] = D;
        }
    }
}

void cs_embedded_stances(const struct cs_xmp *x, const struct cs_c2pa *c, bool count_c2pa,
                         struct cs_embedded_stance out[CS_PURPOSE__COUNT])
{
    enum cs_stance by[CS_EMB__COUNT][CS_PURPOSE__COUNT] = { { N } };

    for (int p = 0; x && p < CS_PURPOSE__COUNT; p++)
        by[CS_EMB_IPTC][p] = dmi_table[x->dmi < CS_DMI__COUNT ? x->dmi : CS_DMI_OTHER][p];
    if (x)
        from_tdmrep(x, by[CS_EMB_TDMREP]);
    for (size_t i = 0; c && c->read && i < c->entry_count; i++)
        from_c2pa_entry(&c->entries[i], by[CS_EMB_C2PA]);
    for (int p = 0; p < CS_PURPOSE__COUNT; p++) {
        bool allow = false, disallow = false;
        out[p].stance = N;
        for (int s = 0; s < CS_EMB__COUNT; s++) {
            out[p].by[s] = by[s][p];
            if (s == CS_EMB_C2PA && !count_c2pa)
                continue;
            out[p].stance = stricter(out[p].stance, by[s][p]);
            allow |= by[s][p] == A;
            disallow |= by[s][p] == D;
        }
        out[p].conflict = allow && disallow;
    }
}

const char *cs_embedded_scheme_name(enum cs_embedded_scheme s)
{
    static const char *const names[] = { "iptc", "tdmrep", "c2pa" };

    return (unsigned)s < CS_ARRAY_LEN(names) ? names[s] : "?";
}
