/* SPDX-License-Identifier: MIT
 * gunzip.h - a streaming gzip/zlib inflater over zlib for URL lists inside datasets (issue 4
 * item 5: "txt / csv / tsv / jsonl files, plain or gzip (zlib) ... streamed with bounded
 * memory"). Bytes in, bytes out through a sink: no files. inflateInit2 with 15+32 detects a gzip
 * or zlib header; concatenated gzip members (RFC 1952 2.2, what `cat a.gz b.gz` and pigz make)
 * are read one after the other. The decompressed total is capped (bomb guard): past the cap the
 * stream stops with CS_E_LIMIT. Errors are data (a return code and a diagnostic), sticky: after
 * one, every call returns it. One reader per stream; a reader is not thread-safe, separate
 * readers are independent.
 */
#ifndef CS_GUNZIP_H
#define CS_GUNZIP_H

#include "cs_err.h"
#include "cs_setup.h"

/* A default cap for callers without one: 8 GiB decompressed. */
#define CS_GUNZIP_DEFAULT_MAX (8ull * 1024u * 1024u * 1024u)

struct cs_gunzip;

/* Receives decompressed bytes (borrowed, valid during the call). A non-zero return stops the
 * stream and is returned by cs_gunzip_feed. */
typedef int cs_gunzip_sink(void *ctx, const char *buf, size_t len);

/* True when buf starts with the gzip magic 1f 8b (RFC 1952 2.3.1). */
bool cs_gunzip_is_gzip(const void *buf, size_t len);

/* Returns owned (cs_gunzip_free): a reader that delivers at most max_out decompressed bytes
 * (0 = CS_GUNZIP_DEFAULT_MAX) to sink. NULL on out of memory. */
struct cs_gunzip *cs_gunzip_new(uint64_t max_out, cs_gunzip_sink *sink, void *ctx);

/* Inflates len bytes of compressed input, any chunking. Returns CS_OK; CS_E_PARSE for corrupt
 * data or garbage after a member; CS_E_LIMIT past the cap (the bytes up to the cap were
 * delivered); CS_E_NOMEM; or the sink's non-zero return. diag may be NULL. */
CS_MUST_CHECK int cs_gunzip_feed(struct cs_gunzip *g, const void *buf, size_t len,
                                 struct cs_diag *diag);

/* Ends the input. Returns CS_OK when the last member ended cleanly; CS_E_PARSE when the input
 * was empty or stopped inside a member (a truncated file); else the sticky error. */
CS_MUST_CHECK int cs_gunzip_finish(struct cs_gunzip *g, struct cs_diag *diag);

/* Decompressed bytes delivered so far; members completed so far. */
uint64_t cs_gunzip_total_out(const struct cs_gunzip *g);
unsigned cs_gunzip_members(const struct cs_gunzip *g);

void cs_gunzip_free(struct cs_gunzip *g);

#endif
