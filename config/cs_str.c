/* SPDX-License-Identifier: MIT */
#include "cs_setup.h"

#include "cs_str.h"

#include <ctype.h>

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

void cs_str_lower(char *s)
{
    for (; s && *s; s++) {
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
    }
}

size_t cs_str_hash(const char *s, size_t n)
{
    size_t h = 1469598103934665603u;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        h = (h ^ (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c)) * 1099511628211u;
    }
    return h;
}

void cs_str_trim(const char **s, size_t *n)
{
    while (*n > 0 && isspace((unsigned char)**s))
        ++*s, --*n;
    while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
        --*n;
}

char *cs_strndup_trim(const char *s, size_t n)
{
    cs_str_trim(&s, &n);
    return cs_strndup(s, n);
}
