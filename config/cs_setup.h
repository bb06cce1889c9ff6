/* SPDX-License-Identifier: MIT
 * cs_setup.h - first include of every consentscan .c file: feature macros, attributes and the
 * compile-time ban list (style.md 10.13: git's banned.h idea).
 */
#ifndef CS_SETUP_H
#define CS_SETUP_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/* The C library headers that define banned functions come first: glibc defines some of them
 * inline at -O2, which a function-like ban macro would otherwise break. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__GNUC__)
#define CS_MUST_CHECK         __attribute__((warn_unused_result))
#define CS_PRINTF(fmt, first) __attribute__((format(printf, fmt, first)))
#define CS_UNUSED             __attribute__((unused))
#define CS_FALLTHROUGH        __attribute__((fallthrough)) /* gcc and clang both read it */
#else
#define CS_MUST_CHECK
#define CS_PRINTF(fmt, first)
#define CS_UNUSED
#define CS_FALLTHROUGH
#endif

#define CS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Version of the program and of the parsers' readings; a verdict stores the parser version so
 * stored results can be re-derived when a reading changes. */
#define CS_VERSION        "0.1.0"
#define CS_PARSER_VERSION "2"
#define CS_PROJECT_URL    "https://github.com/consentscan/consentscan"

#include "banned.h"

#endif
