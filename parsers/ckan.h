/* SPDX-License-Identifier: MIT
 * ckan.h - a CKAN `package_search` response (`/api/3/action/package_search`; issue 4 "Dataset
 * pages elsewhere", `--index URL`), read with jansson into the dataset entries of croissant.h,
 * so CKAN portals, Croissant files and schema.org pages reach the crawler in one shape.
 *
 * Read: {"success": true, "result": {"count": N, "results": [{name, title, url, license_id,
 * license_url, resources: [{id, name, url, format}]}]}}. Each package gives one dataset: id =
 * name, name = title (else name), url = homepage, licenses = license_id, one distribution entry
 * per resource; links: resources[i].url -> data (hosted when the Hub's own copy), url ->
 * homepage, license_url -> license. Unknown keys are tolerated. Reentrant.
 */
#ifndef CS_CKAN_H
#define CS_CKAN_H

#include "cs_err.h"
#include "cs_setup.h"

#include "croissant.h"

/* Reads one response page. Returns CS_OK with *out owned (cs_croissant_free) and *total_out
 * (may be NULL) the result count the portal reports (for paging with start/rows; -1 when
 * absent); CS_E_PARSE for invalid JSON, "success": false (diag carries the portal's message) or
 * a missing result.results array; CS_E_LIMIT past CS_CROISSANT_MAX_BYTES; CS_E_NOMEM. A package
 * without a name is skipped with a warning in (*out)->warnings. */
CS_MUST_CHECK int cs_ckan_parse(const char *buf, size_t len, struct cs_croissant **out,
                                long long *total_out, struct cs_diag *diag);

#endif
