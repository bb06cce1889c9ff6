/* SPDX-License-Identifier: MIT
 * print.h - the readable table `consentscan check` prints on a terminal.
 */
#ifndef CS_PRINT_H
#define CS_PRINT_H

#include "check.h"
#include "cs_setup.h"

#include <stdio.h>

/* Prints res as a short table: fetches, consentscan's own permission, one line per purpose
 * (queried ones marked *; only those when only_queried) with the evidence grouped by rule, then
 * the further signals read, the conflicts and the compatibility columns. */
void cs_print_result(FILE *f, const struct cs_check_result *res, unsigned queried,
                     bool only_queried, bool color);

#endif
