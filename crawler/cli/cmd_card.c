/* SPDX-License-Identifier: MIT
 * cmd_card.c - `consentscan card [--model] FILE`: a Hugging Face card (README.md) read offline
 * (issue 4 item 2 and Interfaces); prints one JSON object on one line. A model card gets
 * datasets, base_model and base_model_relation too: with --model, or when the front matter
 * looks like a model's (card.h: base_model, library_name, pipeline_tag or model-index, or
 * datasets without source_datasets and task_categories).
 */
#include "cs_setup.h"

#include "cli.h"

#include "card.h"

#include <getopt.h>
#include <stdlib.h>

#define USAGE "usage: consentscan card [--model] FILE|-"

static const struct option long_opts[] = {
    { "model", no_argument, NULL, 'm' },
    { NULL, 0, NULL, 0 },
};

int cs_cmd_card(int argc, char **argv)
{
    struct cs_card card;
    bool model = false;
    char *bytes, *json = NULL;
    size_t len = 0;
    int c;

    optind = 1;
    opterr = 0; /* one error line, ours */
    while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        if (c != 'm')
            return cs_die(CS_EXIT_USAGE, USAGE);
        model = true;
    }
    if (optind != argc - 1)
        return cs_die(CS_EXIT_USAGE, USAGE);
    bytes = cs_read_file(argv[optind], 0, &len);
    if (!bytes)
        return CS_EXIT_USAGE; /* cs_read_file printed the error */
    c = cs_card_parse(bytes, len, &card, NULL);
    free(bytes);
    if (c != CS_OK)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    c = cs_card_to_json(&card, model || card.looks_like_model, &json);
    cs_card_release(&card);
    if (c != CS_OK)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    puts(json);
    free(json);
    return CS_EXIT_OK;
}
