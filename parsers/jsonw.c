/* SPDX-License-Identifier: MIT
 * jsonw.c - streaming JSON writer (RFC 8259 escaping, UTF-8 checked).
 */
#include "cs_setup.h"

#include "cs_clock.h"
#include "jsonw.h"

#include "cs_err.h"

#define JW_MAX_DEPTH 32

void jw_init(struct jw *w, struct cs_buf *out)
{
    memset(w, 0, sizeof(*w));
    w->out = out;
    w->first[0] = true;
}

static void put(struct jw *w, const char *s, size_t n)
{
    if (w->err == CS_OK)
        w->err = cs_buf_add(w->out, s, n);
}

/* A comma before every member but the first of its level. */
static void sep(struct jw *w)
{
    if (!w->first[w->depth])
        put(w, ",", 1);
    w->first[w->depth] = false;
}

static void open_level(struct jw *w, char c)
{
    sep(w);
    put(w, &c, 1);
    if (w->depth >= JW_MAX_DEPTH) {
        w->err = w->err ? w->err : CS_E_LIMIT;
        return;
    }
    w->first[++w->depth] = true;
}

void jw_obj(struct jw *w)
{
    open_level(w, '{');
}

void jw_arr(struct jw *w)
{
    open_level(w, '[');
}

void jw_end(struct jw *w, char close)
{
    put(w, &close, 1);
    if (w->depth > 0)
        w->depth--;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when invalid (RFC 3629). */
static size_t utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F))
            return 0; /* overlong, or a surrogate */
        return 3;
    }
    if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
            return 0;
        return 4;
    }
    return 0;
}

static void put_escaped(struct jw *w, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;

    put(w, "\"", 1);
    while (*p) {
        size_t run = 0;
        size_t n;
        /* copy plain bytes in runs */
        while (p[run] >= 0x20 && p[run] < 0x80 && p[run] != '"' && p[run] != '\\')
            run++;
        put(w, (const char *)p, run);
        p += run;
        if (!*p)
            break;
        if (*p == '"' || *p == '\\') {
            char esc[2] = { '\\', (char)*p };
            put(w, esc, 2);
            p++;
        } else if (*p < 0x20) {
            char esc[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };
            put(w, esc, 6);
            p++;
        } else if ((n = utf8_len(p)) != 0) {
            put(w, (const char *)p, n);
            p += n;
        } else {
            put(w, "\xEF\xBF\xBD", 3); /* U+FFFD for a byte that is not UTF-8 */
            p++;
        }
    }
    put(w, "\"", 1);
}

void jw_key(struct jw *w, const char *key)
{
    sep(w);
    put_escaped(w, key);
    put(w, ":", 1);
    w->first[w->depth] = true; /* the value that follows takes no comma */
}

/* After jw_key the value must not get a comma; restore the level's state afterwards. */
static void value_start(struct jw *w)
{
    sep(w);
}

void jw_str(struct jw *w, const char *s)
{
    value_start(w);
    if (s)
        put_escaped(w, s);
    else
        put(w, "null", 4);
}

void jw_int(struct jw *w, long long v)
{
    char buf[32];
    int n = snprintf(buf, sizeof(buf), "%lld", v);

    value_start(w);
    put(w, buf, (size_t)n);
}

void jw_bool(struct jw *w, bool v)
{
    value_start(w);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void jw_null(struct jw *w)
{
    value_start(w);
    put(w, "null", 4);
}

int jw_finish(const struct jw *w)
{
    if (w->err != CS_OK)
        return w->err;
    return w->depth == 0 ? CS_OK : CS_E_INVALID;
}

void jw_kv_str(struct jw *w, const char *key, const char *s)
{
    jw_key(w, key);
    jw_str(w, s);
}

void jw_kv_time(struct jw *w, const char *key, int64_t t)
{
    char when[21];

    jw_key(w, key);
    if (t <= 0) {
        jw_null(w);
        return;
    }
    cs_clock_format(t, when);
    jw_str(w, when);
}
