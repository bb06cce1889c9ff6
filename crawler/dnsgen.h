/* SPDX-License-Identifier: MIT
 * dnsgen.h - the crawl's DNS cache in generations. libcurl 7.88 keeps a multi handle's DNS
 * answers in a hash of 71 buckets, and walks a bucket's chain on every lookup: with the
 * answers of tens of thousands of hosts kept for the run, each lookup walks hundreds of them.
 * Here the answers live in a series of share handles (CURL_LOCK_DATA_DNS), each serving at most
 * a fixed number of hosts: a host keeps its generation while any of its transfers is attached,
 * and a generation no transfer uses any more is freed with its answers.
 * Owned and used by one thread (the engine's fetch thread); not thread-safe.
 */
#ifndef CS_DNSGEN_H
#define CS_DNSGEN_H

#include "cs_setup.h"

struct cs_dnsgens;

/* Returns owned (cs_dnsgens_free), or NULL on out of memory. hosts_per_gen > 0. */
struct cs_dnsgens *cs_dnsgens_new(unsigned hosts_per_gen);

/* Frees every generation; no easy handle may still use one. NULL allowed. */
void cs_dnsgens_free(struct cs_dnsgens *g);

/* Attaches the easy handle (a CURL *, not yet in a multi handle) to the generation *gen names
 * when it is still alive, else to the current one (counted as a new host there); *gen gets the
 * generation used (0 = none: out of memory, the handle keeps the multi handle's own cache).
 * Every attach with a nonzero *gen must be followed by cs_dnsgens_detach once the easy handle
 * has been cleaned up. */
void cs_dnsgens_attach(struct cs_dnsgens *g, void *easy, unsigned *gen);

/* One transfer of gen ended and its easy handle is gone; a past generation no transfer uses is
 * freed. gen 0 is ignored. */
void cs_dnsgens_detach(struct cs_dnsgens *g, unsigned gen);

#endif
