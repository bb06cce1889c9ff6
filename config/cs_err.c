/* SPDX-License-Identifier: MIT */
#include "cs_setup.h"

#include "cs_err.h"

#include <stdarg.h>
#include <stdio.h>

const char *cs_strerror(int rc)
{
    switch (rc) {
#define CS_ERR_CASE(name, value, text) \
    case value:                        \
        return text;
        CS_ERR_LIST(CS_ERR_CASE)
#undef CS_ERR_CASE
    }
    return "unknown error";
}

void cs_diag_set(struct cs_diag *diag, int line, int code, const char *fmt, ...)
{
    va_list ap;

    if (!diag || diag->code != 0)
        return;
    diag->line = line;
    diag->code = code;
    va_start(ap, fmt);
    vsnprintf(diag->msg, sizeof(diag->msg), fmt, ap);
    va_end(ap);
}
