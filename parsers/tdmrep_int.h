/* SPDX-License-Identifier: MIT
 * tdmrep_int.h - helpers shared by tdmrep.c, tdmrep_extract.c and tdmrep_policy.c. Internal to
 * parsers/; reentrant.
 */
#ifndef CS_TDMREP_INT_H
#define CS_TDMREP_INT_H

#include "cs_setup.h"
#include "tdmrep.h"

/* Appends a diagnostic to d (NULL allowed); past CS_TDMREP_MAX_DIAGS it is only counted. */
void cs_tdm_diag(struct cs_tdm_diags *d, int line, int code, const char *fmt, ...) CS_PRINTF(4, 5);

/* Sets s->policy to a trimmed copy of the len bytes at v unless s already has one (a repeated
 * property keeps the first: diagnostic). Empty or over-long values are dropped (diagnostic).
 * Returns CS_OK or CS_E_NOMEM. */
int cs_tdm_set_policy(struct cs_tdm_signal *s, const char *v, size_t len, int line,
                      struct cs_tdm_diags *d);

/* Sets s->reservation from the len bytes at v (cs_tdmrep_value) unless already set; an invalid
 * value leaves s unchanged (diagnostic). what names the carrier for the message. */
void cs_tdm_set_reservation(struct cs_tdm_signal *s, const char *v, size_t len, int line,
                            const char *what, struct cs_tdm_diags *d);

#endif
