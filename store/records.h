/* SPDX-License-Identifier: MIT
 * records.h - keys and record values of the store (schema.h has the layout): derives keys from
 * canonical strings and encodes/decodes the JSON record bodies (jansson). Internal to store/.
 *
 * Encoders take Borrowed input and return an owned value (header + compact JSON with sorted
 * keys); decoders take a Borrowed value and fill owned structs. No state; thread-safe.
 */
#ifndef CS_STORE_RECORDS_H
#define CS_STORE_RECORDS_H

#include "cs_setup.h"
#include "schema.h"
#include "store.h"

/* A history entry ("history" DB). Strings owned (free with cs_rec_signal_release). */
struct cs_rec_signal {
    char *signal;
    char *token;
    char *value;
    int64_t first_seen;
    int64_t last_seen;
    int64_t changed_at;
};

/* A decoded verdict record. Strings owned (free with cs_rec_verdict_release); json is the
 * verdict object alone, compact with sorted keys. */
struct cs_rec_verdict {
    char *url;
    char *origin;
    char *parser_version; /* may be NULL */
    char *json;
    int64_t checked_at;
    bool flagged;
};

/* ---- keys: return CS_OK, CS_E_INVALID (empty or over-long name) or CS_E_STORE ----------- */

CS_MUST_CHECK int cs_rec_key_origin(const char *origin,
                                    unsigned char out[static CS_KEY_ORIGIN_LEN]);

/* origin id || URL hash: the key of "fetches" and "verdicts". */
CS_MUST_CHECK int cs_rec_key_doc(const char *origin, const char *url,
                                 unsigned char out[static CS_KEY_DOC_LEN]);

/* origin id || kind. out holds at least CS_KEY_MAX bytes. */
CS_MUST_CHECK int cs_rec_key_hostfile(const char *origin, const char *kind, unsigned char *out,
                                      size_t *len_out);

/* origin id || signal || 0x00 || token (or 0x01 || SHA-256(token) when long). out holds at
 * least CS_KEY_MAX bytes. */
CS_MUST_CHECK int cs_rec_key_history(const char *origin, const char *signal, const char *token,
                                     unsigned char *out, size_t *len_out);

/* Any record whose body is one JSON object (the graph's 'N' and 'E' records too): the header,
 * the compact JSON of root (Takes it; NULL means building it failed: CS_E_NOMEM), compressed when
 * long. And back: the object behind a header of kind (Returns owned; NULL when malformed), with
 * the flags byte in *flags (may be NULL). */
struct json_t;
CS_MUST_CHECK int cs_rec_encode_json(struct json_t *root, int kind, unsigned flags, char **out,
                                     size_t *len_out);
struct json_t *cs_rec_decode_json(const void *val, size_t len, int kind, unsigned *flags);

/* ---- values: encoders return CS_OK with *out Returns owned (free()), CS_E_INVALID or
 * CS_E_NOMEM; decoders return CS_OK, CS_E_STORE (malformed value) or CS_E_NOMEM ----------- */

/* Reads the header of any record: CS_OK with the flags byte when version and kind match. */
CS_MUST_CHECK int cs_rec_check(const void *val, size_t len, int kind, unsigned *flags_out);

CS_MUST_CHECK int cs_rec_encode_fetch(const struct cs_fetch_record *rec, char **out,
                                      size_t *len_out);

/* rec->json must hold one JSON object (else CS_E_INVALID). */
CS_MUST_CHECK int cs_rec_encode_verdict(const struct cs_verdict_record *rec, char **out,
                                        size_t *len_out);

/* Decodes a fetch record (store.h struct cs_fetch_stored). Returns owned, or NULL when malformed
 * or out of memory; *url_out (owned) is the record's URL, for the digest-collision check. */
struct cs_fetch_stored *cs_rec_decode_fetch(const void *val, size_t len, char **url_out);

CS_MUST_CHECK int cs_rec_decode_verdict(const void *val, size_t len, struct cs_rec_verdict *out);

void cs_rec_verdict_release(struct cs_rec_verdict *v);

/* has_body and body_sha256 are taken from rec as given (the store fills them). */
CS_MUST_CHECK int cs_rec_encode_hostfile(const struct cs_hostfile_record *rec, char **out,
                                         size_t *len_out);

/* *out Returns owned (cs_hostfile_record_free); body stays NULL. */
CS_MUST_CHECK int cs_rec_decode_hostfile(const void *val, size_t len,
                                         struct cs_hostfile_record **out);

CS_MUST_CHECK int cs_rec_encode_signal(const struct cs_rec_signal *s, char **out, size_t *len_out);

CS_MUST_CHECK int cs_rec_decode_signal(const void *val, size_t len, struct cs_rec_signal *out);

void cs_rec_signal_release(struct cs_rec_signal *s);

#endif
