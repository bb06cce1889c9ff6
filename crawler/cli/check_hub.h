/* SPDX-License-Identifier: MIT
 * check_hub.h - `consentscan check hf:datasets/ID|hf:models/ID` (check_hub.c). CLI only;
 * single-threaded (the engine it runs has its own threads).
 */
#ifndef CS_CHECK_HUB_H
#define CS_CHECK_HUB_H

#include "check.h"
#include "cs_setup.h"

struct cs_check_hub {
    const struct cs_check_opts *check; /* Borrowed: identity, agents, store (required) */
    const char *base;                  /* --hub, or NULL: $HF_ENDPOINT, else huggingface.co */
    const char *viewer;                /* --viewer, or NULL: the Hub's own dataset viewer */
    size_t viewer_rows;                /* rows of a dataset sampled through it; 0: none */
};

/* True when arg names an index entry ("hf:..."), not a URL. */
bool cs_check_hub_arg(const char *arg);

/* CS_EXIT_OK, or CS_EXIT_USAGE with the reason printed. */
int cs_check_hub_validate(const char *arg);

/* Runs the pipeline for one entry and prints its lineage-export row (JSON). *worst is raised to
 * CS_EXIT_FLAGGED when a data source is reserved, else CS_EXIT_UNKNOWN when one is unknown or
 * was not checked. Returns CS_EXIT_OK or the status of a failure (reason printed). */
int cs_check_hub(const struct cs_check_hub *h, const char *arg, int *worst);

#endif
