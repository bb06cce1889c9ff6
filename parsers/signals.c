/* SPDX-License-Identifier: MIT */
#include "cs_setup.h"

#include "cs_err.h"
#include "signals.h"

#include <strings.h>

static const char *const purpose_names[CS_PURPOSE__COUNT] = {
    "TRAIN_GENAI", "TRAIN_ML", "TDM", "AI_INPUT", "SEARCH",
};

static const char *const stance_names[CS_STANCE__COUNT] = {
    "NO_SIGNAL", "ALLOW_EXPLICIT", "UNKNOWN", "DISALLOW_PARTIAL", "DISALLOW_FULL",
};

static const char *const signal_names[CS_SIGNAL__COUNT] = {
    "robots.txt",
    "x-robots-tag",
    "meta-robots",
    "tdmrep",
    "ai.txt",
    "content-usage",
    "robots-content-usage",
    "content-signal",
    "rsl",
    "bing-noarchive",
    "iptc-datamining",
    "c2pa",
    "spawning-registry",
};

const char *cs_purpose_name(enum cs_purpose p)
{
    return (unsigned)p < CS_PURPOSE__COUNT ? purpose_names[p] : NULL;
}

int cs_purpose_parse(const char *name, enum cs_purpose *out)
{
    for (int i = 0; i < CS_PURPOSE__COUNT; i++) {
        if (strcasecmp(name, purpose_names[i]) == 0) {
            *out = (enum cs_purpose)i;
            return CS_OK;
        }
    }
    return CS_E_INVALID;
}

const char *cs_stance_name(enum cs_stance s)
{
    return (unsigned)s < CS_STANCE__COUNT ? stance_names[s] : NULL;
}

const char *cs_signal_name(enum cs_signal s)
{
    return (unsigned)s < CS_SIGNAL__COUNT ? signal_names[s] : "unknown";
}
