/* SPDX-License-Identifier: MIT
 * export_int.h - the CSV helpers of export.c, shared with the lineage export (graph_export.c)
 * so both exports quote and compact evidence the same way (store/EXPORT.md). Internal to
 * store/; no state, thread-safe.
 */
#ifndef CS_EXPORT_INT_H
#define CS_EXPORT_INT_H

#include "cs_buf.h"
#include "cs_setup.h"

#include <stdio.h>

struct json_t;

/* Writes len bytes to out; on a short write sets *write_errno (errno, else EIO) and returns
 * CS_E_IO. CS_OK otherwise. */
CS_MUST_CHECK int cs_export_put_bytes(FILE *out, int *write_errno, const char *buf, size_t len);

/* Appends one RFC 4180 field (a comma first unless first; NULL = empty). Same returns as
 * cs_buf_add. */
CS_MUST_CHECK int cs_export_csv_field(struct cs_buf *row, const char *s, bool first);

/* Appends the evidence column: the compact form of each entry of list (a JSON array, Borrowed)
 * joined by " | ", as one field after a comma. Same returns as cs_buf_add. */
CS_MUST_CHECK int cs_export_csv_evidence(struct cs_buf *row, const struct json_t *list);

#endif
