/* SPDX-License-Identifier: MIT
 * jsonw.h - a small streaming JSON writer into a cs_buf, for the report written once per URL
 * (a jansson DOM built and dumped per URL was a fifth of the crawl's CPU). It writes; it does
 * not parse (jansson reads). Strings are escaped per RFC 8259 and invalid UTF-8 is replaced by
 * U+FFFD, so the output is always valid JSON. One writer per thread.
 *
 * Use: jw_obj/jw_arr open, jw_end closes; inside an object every value follows jw_key. The first
 * error (out of memory, nesting past 32) sticks and jw_finish reports it.
 */
#ifndef CS_JSONW_H
#define CS_JSONW_H

#include "cs_buf.h"
#include "cs_setup.h"

struct jw {
    struct cs_buf *out; /* Borrowed */
    int depth;
    bool first[33]; /* per level: no member written yet */
    int err;
};

void jw_init(struct jw *w, struct cs_buf *out);
void jw_obj(struct jw *w);
void jw_arr(struct jw *w);
void jw_end(struct jw *w, char close);
void jw_key(struct jw *w, const char *key);
void jw_str(struct jw *w, const char *s); /* NULL writes null */
void jw_int(struct jw *w, long long v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);

/* key: s (NULL writes null), and key: t as RFC 3339 UTC (t <= 0 writes null). */
void jw_kv_str(struct jw *w, const char *key, const char *s);
void jw_kv_time(struct jw *w, const char *key, int64_t t);

/* Returns CS_OK when everything was written and every level closed, else the first error. */
int jw_finish(const struct jw *w);

#endif
