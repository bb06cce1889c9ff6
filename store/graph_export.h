/* SPDX-License-Identifier: MIT
 * graph_export.h - the lineage export (`consentscan export --by dataset|model [--flagged]`,
 * issue 4): one row per dataset or model with the counts of the data sources it reaches (by the
 * reaching rule of graph.h, through data-class links only) and, for each reserved source, the
 * path it is reached through and the deciding evidence of its stored verdict. Rows sorted by
 * node name (byte order), flagged sources by URL: two exports of one store are identical.
 *
 * One read transaction for the whole export (a consistent snapshot while a crawl writes); rows
 * are written as they are made: memory holds the node names of one kind and one row. The fields
 * are described, with a version, in store/EXPORT.md. Thread-safe (reads only).
 */
#ifndef CS_GRAPH_EXPORT_H
#define CS_GRAPH_EXPORT_H

#include "export.h"
#include "lineage.h"
#include "store.h"

/* Writes the rows of every node of kind by (CS_NODE_DATASET or CS_NODE_MODEL) to out; only the
 * rows with at least one reserved source when flagged_only. Returns CS_OK, CS_E_INVALID,
 * CS_E_STORE, CS_E_NOMEM or CS_E_IO (a write to out failed); diag says why. */
CS_MUST_CHECK int cs_graph_export_write(struct cs_store *st, FILE *out, enum cs_export_format fmt,
                                        enum cs_node_kind by, bool flagged_only,
                                        struct cs_diag *diag);

/* The counts of a row: data sources reached, reserved, UNKNOWN, not checked yet. */
struct cs_graph_counts {
    size_t sources, reserved, unknown, unchecked;
};

/* The row of one node (kind and name), flagged or not: what `consentscan check hf:...` prints;
 * counts (may be NULL) gets its counts. Returns as cs_graph_export_write; CS_E_NOTFOUND when
 * the store has no such node. */
CS_MUST_CHECK int cs_graph_export_node(struct cs_store *st, FILE *out, enum cs_export_format fmt,
                                       enum cs_node_kind kind, const char *name,
                                       struct cs_graph_counts *counts, struct cs_diag *diag);

#endif
