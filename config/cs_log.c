/* SPDX-License-Identifier: MIT */
#include "cs_setup.h"

#include "cs_log.h"

#include <stdarg.h>
#include <stdio.h>

static cs_log_fn *log_fn;
static void *log_ctx;
static enum cs_log_level log_max = CS_LOG_WARN;

void cs_log_set(cs_log_fn *fn, void *ctx, enum cs_log_level max_level)
{
    log_fn = fn;
    log_ctx = ctx;
    log_max = max_level;
}

void cs_log(enum cs_log_level level, const char *fmt, ...)
{
    static const char *const names[] = { "error", "warning", "info", "debug" };
    char msg[1024];
    va_list ap;

    if (level > log_max)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (log_fn)
        log_fn(level, msg, log_ctx);
    else
        fprintf(stderr, "consentscan: %s: %s\n", names[level], msg);
}
