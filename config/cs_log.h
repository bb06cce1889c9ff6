/* SPDX-License-Identifier: MIT
 * cs_log.h - one log sink for the libraries (style.md 10.4). The CLI installs the sink and the
 * level once, before any thread starts; after that cs_log() is thread-safe as long as the sink is.
 * Messages are git-style: lower case, no trailing period.
 */
#ifndef CS_LOG_H
#define CS_LOG_H

#include "cs_setup.h"

enum cs_log_level { CS_LOG_ERROR, CS_LOG_WARN, CS_LOG_INFO, CS_LOG_DEBUG };

typedef void cs_log_fn(enum cs_log_level level, const char *msg, void *ctx);

/* Installs the sink (NULL restores the default: stderr) and the most verbose level shown. */
void cs_log_set(cs_log_fn *fn, void *ctx, enum cs_log_level max_level);

/* Logs one message if level is enabled. */
void cs_log(enum cs_log_level level, const char *fmt, ...) CS_PRINTF(2, 3);

#endif
