/* SPDX-License-Identifier: MIT
 * cmd_croissant.c - `consentscan croissant FILE`: one Croissant file, schema.org Dataset or DCAT
 * JSON-LD document, or HTML page with embedded JSON-LD, read offline; prints one JSON object on
 * one line (issue 4 "Interfaces"; parsers/croissant.h describes the keys).
 *
 * FILE "-" is standard input. A name ending in .html or .htm is read as an HTML page; one ending
 * in .rdf, or RDF/XML content (a DCAT catalogue, dcat_rdf.h), as RDF/XML; other content whose
 * first non-blank byte is '<' as an HTML page (cs_croissant_parse_any decides). Exit 0 with the
 * object (also when no dataset was found: empty lists; a broken script inside a page is a warning);
 * 2 when the JSON or XML is invalid or the document is over the size limit (one line on stderr
 * naming line and column, nothing on stdout); 3 usage error or unreadable file; 5 out of memory.
 */
#include "cs_setup.h"

#include "cli.h"

#include "croissant.h"

#include <strings.h>

static bool html_name(const char *path)
{
    size_t n = strlen(path);

    return (n > 5 && strcasecmp(path + n - 5, ".html") == 0) ||
           (n > 4 && strcasecmp(path + n - 4, ".htm") == 0);
}

static bool rdf_name(const char *path)
{
    size_t n = strlen(path);

    return n > 4 && strcasecmp(path + n - 4, ".rdf") == 0;
}

int cs_cmd_croissant(int argc, char **argv)
{
    struct cs_croissant *c = NULL;
    struct cs_diag diag = { 0 };
    const char *path;
    char *buf, *json;
    size_t len = 0;
    int rc;

    if (argc != 2 || (argv[1][0] == '-' && argv[1][1] != '\0'))
        return cs_die(CS_EXIT_USAGE, "usage: consentscan croissant FILE");
    path = argv[1];
    /* one byte past the limit, so an oversized document is refused rather than cut */
    buf = cs_read_file(path, (size_t)CS_CROISSANT_MAX_BYTES + 1, &len);
    if (!buf)
        return CS_EXIT_USAGE;
    if (html_name(path))
        rc = cs_croissant_parse_html(buf, len, NULL, &c, &diag);
    else
        rc = cs_croissant_parse_any(buf, len, rdf_name(path) ? "application/rdf+xml" : NULL, NULL,
                                    &c, &diag);
    free(buf);
    if (rc == CS_E_NOMEM)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    if (rc != CS_OK)
        return cs_die(CS_EXIT_UNKNOWN, "cannot read '%s': %s", path, diag.msg);
    json = cs_croissant_to_json(c);
    cs_croissant_free(c);
    if (!json)
        return cs_die(CS_EXIT_INTERNAL, "out of memory");
    puts(json);
    free(json);
    return CS_EXIT_OK;
}
