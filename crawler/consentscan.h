/* SPDX-License-Identifier: MIT
 * consentscan.h - the public header of the consentscan library: everything a program needs to
 * check works for AI opt-out signals the way the `consentscan` tool does.
 *
 * Link order: cs_crawler cs_store cs_config cs_parsers cs_base, plus libcurl, libxml2, jansson,
 * LMDB, zlib, libcrypto and pthreads. Call cs_fetch_global_init() and
 * cs_htmlmeta_global_init() once, before any thread starts.
 *
 * Layers, bottom up (each header states ownership and thread-safety):
 *   cs_err.h, cs_buf.h, cs_clock.h, cs_limits.h    errors, buffers, the settable clock, limits
 *   cs_agents.h                                     AI crawler tokens and their purpose classes
 *   signals.h, robots.h, xrobots.h, htmlmeta.h      pure parsers: bytes in, structs out
 *   verdict.h, report.h                             pure policy: signals -> stance per purpose
 *   store.h, export.h                               the LMDB store
 *   url.h, fetch.h, hostfile.h, check.h             canonical URLs, bounded fetches, the check
 */
#ifndef CONSENTSCAN_H
#define CONSENTSCAN_H

#include "cs_setup.h"

#include "cs_agents.h"
#include "cs_buf.h"
#include "cs_clock.h"
#include "cs_err.h"
#include "cs_limits.h"
#include "htmlmeta.h"
#include "report.h"
#include "robots.h"
#include "signals.h"
#include "verdict.h"
#include "xrobots.h"

#include "export.h"
#include "store.h"

#include "check.h"
#include "fetch.h"
#include "hostfile.h"
#include "url.h"

#endif
