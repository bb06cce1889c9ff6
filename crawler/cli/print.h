/* SPDX-License-Identifier: MIT
 * print.h - the readable table `consentscan check` prints on a terminal.
 */
#ifndef CS_PRINT_H
#define CS_PRINT_H

#include "check.h"
#include "cs_setup.h"

#include <stdio.h>

/* Prints res as a short table: fetches, consentscan's own permission, one line per purpose
 * (queried ones marked *) with the evidence grouped by rule. */
void cs_print_result(FILE *f, const struct cs_check_result *res, unsigned queried, bool color);

#endif
