/* SPDX-License-Identifier: MIT
 * cmd_sf_dictionary.c - `consentscan sf-dictionary VALUE...`: the field lines of one Structured
 * Field parsed as an RFC 9651 Dictionary (parsers/sf.h), printed in the JSON form of the HTTP WG
 * structured-field tests: [[key, [value, params]], ...]. A parse failure is one error line with
 * the offset in the combined value, exit 3.
 */
#include "cs_setup.h"

#include "cli.h"

#include "sf.h"

#define USAGE "usage: consentscan sf-dictionary VALUE..."

int cs_cmd_sf_dictionary(int argc, char **argv)
{
    struct cs_sf_field dict;
    struct cs_diag diag = { 0 };
    char *json = NULL;
    int rc;

    if (argc < 2)
        return cs_die(CS_EXIT_USAGE, USAGE);
    rc = cs_sf_parse_lines((const char *const *)(argv + 1), NULL, (size_t)(argc - 1),
                           CS_SF_DICTIONARY, &dict, &diag);
    if (rc == CS_E_NOMEM)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    if (rc != CS_OK)
        return cs_die(CS_EXIT_USAGE, "not a structured-field dictionary: %s", diag.msg);
    rc = cs_sf_to_json(&dict, &json);
    cs_sf_field_release(&dict);
    if (rc != CS_OK)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    puts(json);
    free(json);
    return CS_EXIT_OK;
}
