/* SPDX-License-Identifier: MIT
 * c2pa_int.h - shared between c2pa.c (JUMBF) and c2pa_cbor.c (the assertion's content).
 * Internal to parsers/; reentrant.
 */
#ifndef CS_C2PA_INT_H
#define CS_C2PA_INT_H

#include "c2pa.h"

/* Appends an entry named by the n bytes at name. Returns it (Borrowed from out) with *rc CS_OK;
 * NULL with *rc CS_OK past CS_C2PA_MAX_ENTRIES; NULL with *rc CS_E_NOMEM. */
struct cs_c2pa_entry *cs_c2pa_new_entry(struct cs_c2pa *out, const char *name, size_t n, int *rc);

/* Sets e's use from the n bytes at s. Returns CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_c2pa_set_use(struct cs_c2pa_entry *e, const char *s, size_t n);

/* Sets e's constraint text (the first one kept). Returns CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_c2pa_set_info(struct cs_c2pa_entry *e, const char *s, size_t n, bool plural);

/* The JSON form of the assertion (jansson). Returns CS_OK, CS_E_PARSE or CS_E_NOMEM. */
CS_MUST_CHECK int cs_c2pa_read_json(const unsigned char *p, size_t len, struct cs_c2pa *out);

#endif
