/* SPDX-License-Identifier: MIT
 * blob.h - digests and compressed bodies for the store (schema.h, "blobs"): SHA-256 through
 * libcrypto's EVP interface, zlib through deflate/uncompress. Internal to store/.
 * Pure functions on caller memory; thread-safe.
 */
#ifndef CS_STORE_BLOB_H
#define CS_STORE_BLOB_H

#include "cs_setup.h"

/* Writes SHA-256(buf, len) into out. buf may be NULL when len is 0. Returns CS_OK or
 * CS_E_STORE (libcrypto failed). */
CS_MUST_CHECK int cs_blob_sha256(const void *buf, size_t len, unsigned char out[static 32]);

/* Compresses n bytes of text (n < 4 GiB) into out, which has room for compressBound(n) bytes
 * (*out_len in: that room; out: the stream's length): one zlib stream, level 1 with a 16 KiB
 * window, fast to set up for each record. False when zlib fails, or when incompressible text
 * does not fit in compressBound(n) (its bound assumes zlib's default state). */
bool cs_blob_deflate(const void *text, size_t n, unsigned char *out, unsigned long *out_len);

/* Encodes buf as a blob value: record header, 8-byte big-endian length, zlib stream. Returns
 * CS_OK with *out Returns owned (free()), CS_E_LIMIT (len > CS_BLOB_MAX), CS_E_NOMEM or
 * CS_E_STORE (zlib failed). */
CS_MUST_CHECK int cs_blob_pack(const void *buf, size_t len, unsigned char **out, size_t *out_len);

/* Decodes a blob value (Borrowed) into NUL-terminated bytes. Returns CS_OK with *out Returns
 * owned (free()), CS_E_STORE (not a blob, declared size > CS_BLOB_MAX, corrupt stream) or
 * CS_E_NOMEM. */
CS_MUST_CHECK int cs_blob_unpack(const void *val, size_t val_len, char **out, size_t *out_len);

#endif
