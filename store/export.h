/* SPDX-License-Identifier: MIT
 * export.h - reads stored verdicts back as JSONL or CSV (`consentscan export`). Writes to a FILE*
 * the caller opened; one read transaction for the whole export (a consistent snapshot while a
 * crawl writes). Output order: by key (origin id, then URL hash): stable across runs.
 *
 * The fields are described, with a version, in store/EXPORT.md.
 */
#ifndef CS_EXPORT_H
#define CS_EXPORT_H

#include "store.h"

enum cs_export_format { CS_EXPORT_JSONL, CS_EXPORT_CSV };

/* Writes every stored verdict (only flagged ones when flagged_only) to out. JSONL: the stored
 * JSON object, one per line. CSV: a header row then one row per (URL, purpose). Returns CS_OK,
 * CS_E_STORE or CS_E_IO (a write to out failed). */
CS_MUST_CHECK int cs_export_write(struct cs_store *st, FILE *out, enum cs_export_format fmt,
                                  bool flagged_only, struct cs_diag *diag);

#endif
