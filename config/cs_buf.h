/* SPDX-License-Identifier: MIT
 * cs_buf.h - the one growable byte buffer (curl dynbuf / git strbuf idea).
 *
 * Invariants: data is NULL or holds len bytes plus a NUL terminator (for convenience; binary
 * data may contain NULs); len <= cap_max. An append past cap_max fails with CS_E_LIMIT and frees
 * the buffer, so a caller never works on a silently cut value. Not thread-safe: one owner.
 */
#ifndef CS_BUF_H
#define CS_BUF_H

#include "cs_setup.h"

struct cs_buf {
    char *data;     /* owned; from malloc() */
    size_t len;     /* bytes used, excluding the NUL */
    size_t alloc;   /* bytes allocated */
    size_t cap_max; /* hard limit on len */
};

/* Starts an empty buffer that may grow to cap_max bytes. Allocates nothing. */
void cs_buf_init(struct cs_buf *b, size_t cap_max);

/* Frees the bytes and leaves an empty buffer with the same limit. */
void cs_buf_release(struct cs_buf *b);

/* Appends len bytes. Returns CS_OK, CS_E_LIMIT (buffer released) or CS_E_NOMEM (released). */
CS_MUST_CHECK int cs_buf_add(struct cs_buf *b, const void *data, size_t len);

/* Appends a NUL-terminated string. Same returns as cs_buf_add. */
CS_MUST_CHECK int cs_buf_adds(struct cs_buf *b, const char *s);

/* Appends printf-style text. Same returns as cs_buf_add. */
CS_MUST_CHECK int cs_buf_addf(struct cs_buf *b, const char *fmt, ...) CS_PRINTF(2, 3);

/* Returns owned: the NUL-terminated bytes (caller frees with free()); the buffer is left empty.
 * Never NULL: an empty buffer yields "" (NULL only on out of memory). len_out may be NULL. */
char *cs_buf_detach(struct cs_buf *b, size_t *len_out);

/* Borrowed: the bytes ("" when empty), valid until the next change. */
const char *cs_buf_str(const struct cs_buf *b);

#endif
