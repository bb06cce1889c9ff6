/* SPDX-License-Identifier: MIT
 * cs_str.h - string copies: the one place the project duplicates C strings. Reentrant.
 */
#ifndef CS_STR_H
#define CS_STR_H

#include "cs_setup.h"

/* Returns owned (free()) a copy of s; NULL when s is NULL or on out of memory. */
char *cs_strdup(const char *s);

/* Returns owned (free()) a NUL-terminated copy of the len bytes at s; NULL on out of memory. */
char *cs_strndup(const char *s, size_t len);

/* Narrows the n bytes at *s to their part without leading or trailing white space (space, tab,
 * CR, LF, VT, FF: isspace in the C locale). */
void cs_str_trim(const char **s, size_t *n);

/* cs_strndup of the n bytes at s without their surrounding white space. Returns owned. */
char *cs_strndup_trim(const char *s, size_t n);

/* Lower-cases ASCII letters of s in place. */
void cs_str_lower(char *s);

/* FNV-1a hash of n bytes of s, ASCII case folded (so case-insensitive keys hash alike; exact
 * keys stay correct because tables compare with strcmp after hashing). */
size_t cs_str_hash(const char *s, size_t n);

#endif
