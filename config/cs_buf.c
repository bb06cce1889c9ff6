/* SPDX-License-Identifier: MIT */
#include "cs_setup.h"

#include "cs_buf.h"
#include "cs_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cs_buf_init(struct cs_buf *b, size_t cap_max)
{
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->cap_max = cap_max;
}

void cs_buf_release(struct cs_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
}

static int grow(struct cs_buf *b, size_t extra)
{
    size_t need;
    size_t n;
    char *p;

    if (extra > b->cap_max - b->len) {
        cs_buf_release(b);
        return CS_E_LIMIT;
    }
    need = b->len + extra + 1;
    if (need <= b->alloc)
        return CS_OK;
    n = b->alloc ? b->alloc : 64;
    while (n < need)
        n = n > SIZE_MAX / 2 ? need : n * 2;
    p = realloc(b->data, n);
    if (!p) {
        cs_buf_release(b);
        return CS_E_NOMEM;
    }
    b->data = p;
    b->alloc = n;
    return CS_OK;
}

int cs_buf_add(struct cs_buf *b, const void *data, size_t len)
{
    int rc = grow(b, len);

    if (rc != CS_OK)
        return rc;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return CS_OK;
}

int cs_buf_adds(struct cs_buf *b, const char *s)
{
    return cs_buf_add(b, s, strlen(s));
}

int cs_buf_addf(struct cs_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    int rc;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return CS_E_INVALID;
    rc = grow(b, (size_t)n);
    if (rc != CS_OK)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return CS_OK;
}

char *cs_buf_detach(struct cs_buf *b, size_t *len_out)
{
    char *p = b->data;

    if (len_out)
        *len_out = b->len;
    if (!p)
        p = calloc(1, 1);
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    return p;
}

const char *cs_buf_str(const struct cs_buf *b)
{
    return b->data ? b->data : "";
}
