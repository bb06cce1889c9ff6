/* SPDX-License-Identifier: MIT
 * cs_sigmap.c - the compiled-in purpose map of signals.md 12.2 (and the per-signal tables it
 * summarises: 6.2 AIPREF, 7.2 Content Signals, 8.2-8.3 RSL, 9.1 IPTC, 9.2 CAWG, 4.6 Bing).
 * Constant data only; thread-safe.
 */
#include "cs_setup.h"

#include "cs_sigmap.h"

#include <string.h>

#define P(x)      (1u << CS_PURPOSE_##x)
#define TRAIN     (P(TRAIN_GENAI) | P(TRAIN_ML))
#define TRAIN_TDM (TRAIN | P(TDM))
#define ALL_P     ((1u << CS_PURPOSE__COUNT) - 1u)
#define BROAD     CS_SIGMAP_BROAD

/* One row per (signal, value). A value absent from the table reserves nothing and allows
 * nothing: it is reported as read, not judged. */
// clang-format off
static const struct cs_sigmap_row rows[] = {
    /* TDMRep (3.1): 1 is the CDSM Art. 4 reservation of all TDM; 0 waives it. */
    { CS_SIGNAL_TDMREP, "1", TRAIN_TDM, 0, BROAD, "tdm-reservation 1: TDM rights reserved (3.1)" },
    { CS_SIGNAL_TDMREP, "0", 0, TRAIN_TDM, 0, "tdm-reservation 0: mining allowed without asking (3.1)" },
    /* Spawning ai.txt (5.1): permission to use a media file for AI training. */
    { CS_SIGNAL_AITXT, "disallow", TRAIN, 0, 0, "ai.txt refuses the file for AI training (5.1)" },
    { CS_SIGNAL_AITXT, "allow", 0, TRAIN, 0, "ai.txt allows the file for AI training (5.1)" },
    /* AIPREF vocab-07 (6.2); train-ai is generative training, applied to all training (12.2 **). */
    { CS_SIGNAL_CONTENT_USAGE, "train-ai=n", TRAIN, 0, 0, "AIPREF train-ai=n (6.2; TRAIN_ML by 12.2 **)" },
    { CS_SIGNAL_CONTENT_USAGE, "train-ai=y", 0, TRAIN, 0, "AIPREF train-ai=y (6.2)" },
    { CS_SIGNAL_CONTENT_USAGE, "search=n", P(SEARCH), 0, 0, "AIPREF search=n (6.2)" },
    { CS_SIGNAL_CONTENT_USAGE, "search=y", 0, P(SEARCH), 0, "AIPREF search=y (6.2)" },
    /* Older AIPREF labels still deployed (6.1; 12.3 #11): the legacy reading. */
    { CS_SIGNAL_CONTENT_USAGE, "train-genai=n", P(TRAIN_GENAI), 0, 0, "legacy vocab-02/03 train-genai=n (6.1)" },
    { CS_SIGNAL_CONTENT_USAGE, "genai=n", P(TRAIN_GENAI), 0, 0, "legacy vocab-01 genai=n (6.1)" },
    { CS_SIGNAL_CONTENT_USAGE, "ai=n", TRAIN, 0, 0, "legacy vocab-01 ai=n: AI training (6.1)" },
    { CS_SIGNAL_CONTENT_USAGE, "tdm=n", TRAIN_TDM, 0, BROAD, "legacy vocab-01 tdm=n (6.1)" },
    { CS_SIGNAL_CONTENT_USAGE, "inference=n", P(AI_INPUT), 0, 0, "legacy vocab-01 inference=n (6.1)" },
    { CS_SIGNAL_CONTENT_USAGE, "ai-use=n", P(AI_INPUT), 0, 0, "legacy vocab-02 ai-use=n (6.1)" },
    { CS_SIGNAL_CONTENT_USAGE, "ai-output=n", P(AI_INPUT), 0, 0, "legacy vocab-04 ai-output=n (6.1)" },
    { CS_SIGNAL_CONTENT_USAGE, "all=n", ALL_P, 0, 0, "legacy vocab-02 all=n: all automated processing (6.1)" },
    { CS_SIGNAL_CONTENT_USAGE, "bots=n", ALL_P, 0, 0, "legacy vocab-03/04 bots=n (6.1)" },
    /* Content Signals (7.2): ai-train covers any training or fine-tuning (12.3 #15). */
    { CS_SIGNAL_CONTENT_SIGNAL, "ai-train=no", TRAIN, 0, 0, "Content-Signal ai-train=no (7.2)" },
    { CS_SIGNAL_CONTENT_SIGNAL, "ai-train=yes", 0, TRAIN, 0, "Content-Signal ai-train=yes (7.2)" },
    { CS_SIGNAL_CONTENT_SIGNAL, "ai-input=no", P(AI_INPUT), 0, 0, "Content-Signal ai-input=no (7.2)" },
    { CS_SIGNAL_CONTENT_SIGNAL, "ai-input=yes", 0, P(AI_INPUT), 0, "Content-Signal ai-input=yes (7.2)" },
    { CS_SIGNAL_CONTENT_SIGNAL, "search=no", P(SEARCH), 0, 0, "Content-Signal search=no (7.2)" },
    { CS_SIGNAL_CONTENT_SIGNAL, "search=yes", 0, P(SEARCH), 0, "Content-Signal search=yes (7.2)" },
    /* RSL 1.0 usage tokens (8.2, 12.2); "licensable" is a reservation with a way to license. */
    { CS_SIGNAL_RSL, "prohibits:all", ALL_P, 0, 0, "RSL prohibits all (12.2)" },
    { CS_SIGNAL_RSL, "prohibits:ai-all", TRAIN | P(AI_INPUT), 0, 0, "RSL prohibits ai-all (12.2)" },
    { CS_SIGNAL_RSL, "prohibits:ai-train", TRAIN, 0, 0, "RSL prohibits ai-train (12.2)" },
    { CS_SIGNAL_RSL, "prohibits:ai-input", P(AI_INPUT), 0, 0, "RSL prohibits ai-input (12.2)" },
    { CS_SIGNAL_RSL, "prohibits:ai-index", P(AI_INPUT), 0, 0, "RSL prohibits ai-index: AI search (8.2)" },
    { CS_SIGNAL_RSL, "prohibits:search", P(SEARCH), 0, 0, "RSL prohibits search (8.2)" },
    { CS_SIGNAL_RSL, "licensable:ai-train", TRAIN, 0, 0, "RSL: ai-train needs a licence (8.3)" },
    { CS_SIGNAL_RSL, "licensable:ai-input", P(AI_INPUT), 0, 0, "RSL: ai-input needs a licence (8.3)" },
    { CS_SIGNAL_RSL, "licensable:ai-index", P(AI_INPUT), 0, 0, "RSL: ai-index needs a licence (8.3)" },
    { CS_SIGNAL_RSL, "licensable:search", P(SEARCH), 0, 0, "RSL: search needs a licence (8.3)" },
    { CS_SIGNAL_RSL, "licensable:ai-all", TRAIN | P(AI_INPUT), 0, 0, "RSL: all AI use needs a licence (8.3)" },
    { CS_SIGNAL_RSL, "licensable:all", ALL_P, 0, 0, "RSL: every use needs a licence (8.3)" },
    { CS_SIGNAL_RSL, "permits:ai-all", 0, TRAIN | P(AI_INPUT), 0, "RSL permits ai-all (8.2)" },
    { CS_SIGNAL_RSL, "permits:ai-index", 0, P(AI_INPUT), 0, "RSL permits ai-index (8.2)" },
    { CS_SIGNAL_RSL, "permits:ai-train", 0, TRAIN, 0, "RSL permits ai-train (8.2)" },
    { CS_SIGNAL_RSL, "permits:ai-input", 0, P(AI_INPUT), 0, "RSL permits ai-input (8.2)" },
    { CS_SIGNAL_RSL, "permits:search", 0, P(SEARCH), 0, "RSL permits search (8.2)" },
    { CS_SIGNAL_RSL, "permits:all", 0, ALL_P, 0, "RSL permits all (8.2)" },
    /* Bing (4.6): Microsoft's generative training and Copilot answers; nocache still trains. */
    { CS_SIGNAL_BING, "noarchive", TRAIN | P(AI_INPUT), 0, 0, "Bing: noarchive keeps the page out of training and answers (4.6)" },
    { CS_SIGNAL_BING, "nocache", TRAIN, 0, 0, "Bing: nocache trains on URL, title and snippet only (4.6)" },
    { CS_SIGNAL_BING, "amazon:noarchive", TRAIN, 0, CS_SIGMAP_UNVERIFIED, "ai.robots.txt note: Amazonbot reads noarchive so [unverified] (4.6)" },
    /* IPTC plus:DataMining (9.1); "?" cells of its table stay unsaid. */
    { CS_SIGNAL_IPTC, "DMI-ALLOWED", 0, ALL_P, 0, "IPTC DMI-ALLOWED: mining allowed (9.1)" },
    { CS_SIGNAL_IPTC, "DMI-PROHIBITED-AIMLTRAINING", TRAIN, 0, 0, "IPTC no AI/ML training (9.1)" },
    { CS_SIGNAL_IPTC, "DMI-PROHIBITED-GENAIMLTRAINING", P(TRAIN_GENAI), 0, 0, "IPTC no generative AI/ML training (9.1)" },
    { CS_SIGNAL_IPTC, "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING", TRAIN_TDM | P(AI_INPUT), P(SEARCH), 0, "IPTC all mining prohibited except search (9.1)" },
    { CS_SIGNAL_IPTC, "DMI-PROHIBITED", ALL_P, 0, 0, "IPTC all data mining prohibited (9.1)" },
    { CS_SIGNAL_IPTC, "DMI-PROHIBITED-SEECONSTRAINT", TRAIN_TDM, 0, 0, "IPTC prohibited, see constraint (9.1)" },
    { CS_SIGNAL_IPTC, "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR", TRAIN_TDM, 0, 0, "IPTC prohibited, see embedded rights (9.1)" },
    { CS_SIGNAL_IPTC, "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR", TRAIN_TDM, 0, 0, "IPTC prohibited, see linked rights (9.1)" },
    /* CAWG training-mining entries (9.2); constrained counts as notAllowed (CAWG 1.1, 12.3 #19). */
    { CS_SIGNAL_C2PA, "ai_generative_training=notAllowed", P(TRAIN_GENAI), 0, 0, "CAWG ai_generative_training notAllowed (9.2)" },
    { CS_SIGNAL_C2PA, "ai_generative_training=constrained", P(TRAIN_GENAI), 0, 0, "CAWG 1.1: constrained reads as notAllowed (12.3 #19)" },
    { CS_SIGNAL_C2PA, "ai_generative_training=allowed", 0, P(TRAIN_GENAI), 0, "CAWG ai_generative_training allowed (9.2)" },
    { CS_SIGNAL_C2PA, "ai_training=notAllowed", P(TRAIN_ML), 0, 0, "CAWG ai_training notAllowed (9.2)" },
    { CS_SIGNAL_C2PA, "ai_training=constrained", P(TRAIN_ML), 0, 0, "CAWG 1.1: constrained reads as notAllowed (12.3 #19)" },
    { CS_SIGNAL_C2PA, "ai_training=allowed", 0, P(TRAIN_ML), 0, "CAWG ai_training allowed (9.2)" },
    { CS_SIGNAL_C2PA, "data_mining=notAllowed", TRAIN_TDM, 0, BROAD, "CAWG data_mining notAllowed (9.2)" },
    { CS_SIGNAL_C2PA, "data_mining=constrained", TRAIN_TDM, 0, BROAD, "CAWG 1.1: constrained reads as notAllowed (12.3 #19)" },
    { CS_SIGNAL_C2PA, "data_mining=allowed", 0, P(TDM), 0, "CAWG data_mining allowed (9.2)" },
    { CS_SIGNAL_C2PA, "ai_inference=notAllowed", P(AI_INPUT), 0, 0, "CAWG ai_inference notAllowed (9.2)" },
    { CS_SIGNAL_C2PA, "ai_inference=constrained", P(AI_INPUT), 0, 0, "CAWG 1.1: constrained reads as notAllowed (12.3 #19)" },
    /* Spawning's registry (5.2): the owner asked not to be trained on. */
    { CS_SIGNAL_REGISTRY, "opted-out", TRAIN, 0, 0, "Spawning Do-Not-Train registry lists the URL (5.2)" },
    { CS_SIGNAL_REGISTRY, "opted-in", 0, TRAIN, 0, "Spawning registry: the owner opted in (5.3 A10)" },
};

// clang-format on

const struct cs_sigmap_row *cs_sigmap_find(enum cs_signal signal, const char *value)
{
    if (signal == CS_SIGNAL_ROBOTS_USAGE)
        signal = CS_SIGNAL_CONTENT_USAGE; /* one vocabulary, two attachments (6.4, 6.5) */
    for (size_t i = 0; value && i < CS_ARRAY_LEN(rows); i++) {
        if (rows[i].signal == signal && strcmp(rows[i].value, value) == 0)
            return &rows[i];
    }
    return NULL;
}

bool cs_sigmap_purposes(enum cs_signal signal, const char *value, bool broad, unsigned *deny,
                        unsigned *allow)
{
    const struct cs_sigmap_row *r = cs_sigmap_find(signal, value);

    *deny = *allow = 0;
    if (!r)
        return false;
    *deny = r->deny;
    *allow = r->allow;
    if (broad && (r->flags & CS_SIGMAP_BROAD))
        *deny |= P(AI_INPUT);
    return true;
}

size_t cs_sigmap_count(void)
{
    return CS_ARRAY_LEN(rows);
}

const struct cs_sigmap_row *cs_sigmap_get(size_t i)
{
    return i < CS_ARRAY_LEN(rows) ? &rows[i] : NULL;
}
