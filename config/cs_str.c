/* SPDX-License-Identifier: MIT */
#include "cs_setup.h"

#include "cs_str.h"

char *cs_strdup(const char *s)
{
    return s ? cs_strndup(s, strlen(s)) : NULL;
}

char *cs_strndup(const char *s, size_t len)
{
    char *p = len < SIZE_MAX ? malloc(len + 1) : NULL;

    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}
