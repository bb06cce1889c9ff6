/* SPDX-License-Identifier: MIT
 * embedded.h - the stance per purpose that a file's embedded metadata states: IPTC
 * plus:DataMining (signals.md 9.1 table), TDMRep tdm:reservation in XMP (3.5, 12.2) and the
 * C2PA/CAWG training-mining entries (9.2, 12.2), each scheme on its own and combined by the
 * most restrictive answer with conflicts flagged (9.3 M10, M12). Pure; reentrant.
 */
#ifndef CS_EMBEDDED_H
#define CS_EMBEDDED_H

#include "cs_setup.h"

#include "c2pa.h"
#include "signals.h"
#include "xmp.h"

/* How much of a file the readers are meant to get (a Range GET prefix): XMP packets and C2PA
 * stores sit near the start of JPEG/PNG files; a store cut by the prefix is reported truncated. */
#define CS_EMBEDDED_PREFIX_BYTES (256u << 10)

enum cs_embedded_scheme { CS_EMB_IPTC, CS_EMB_TDMREP, CS_EMB_C2PA, CS_EMB__COUNT };

struct cs_embedded_stance {
    enum cs_stance by[CS_EMB__COUNT]; /* NO_SIGNAL, ALLOW_EXPLICIT, UNKNOWN or DISALLOW_FULL */
    enum cs_stance stance;            /* combined: any DISALLOW, else any ALLOW, else any UNKNOWN */
    bool conflict;                    /* one scheme allows what another disallows */
};

/* Fills out[p] for every purpose from x and c (either may be NULL). count_c2pa: whether the
 * C2PA entries count although their signature is not validated (12.3 #19; 9.3 M9: the caller's
 * policy); when false, by[CS_EMB_C2PA] is still filled but does not enter the combination.
 * C2PA "constrained" reads as notAllowed (CAWG 1.1). */
void cs_embedded_stances(const struct cs_xmp *x, const struct cs_c2pa *c, bool count_c2pa,
                         struct cs_embedded_stance out[CS_PURPOSE__COUNT]);

/* "iptc", "tdmrep", "c2pa". */
const char *
cs_embedded_scheme_name(/* How much of a file the readers are meant to get (a Range GET prefix): XMP
                         * packets and C2PA stores sit near the start of JPEG/PNG files; a store cut
                         * by the prefix is reported truncated. */
#define CS_EMBEDDED_PREFIX_BYTES (256u << 10)

                        enum cs_embedded_scheme s);

#endif
