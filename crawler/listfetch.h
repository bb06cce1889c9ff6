/* SPDX-License-Identifier: MIT
 * listfetch.h - a remote URL list (issue 4 item 5: "local or remote"), fetched into the store's
 * directory so that `crawl --urls URL` reads it like a local file: streamed to disk in bounded
 * memory, resumable after a kill (the same bytes, the same run), and asked for again only
 * conditionally. Its origin's robots.txt is asked first, for consentscan's own token.
 * Not thread-safe with itself on one directory (one crawl per store at a time).
 */
#ifndef CS_LISTFETCH_H
#define CS_LISTFETCH_H

#include "check.h"
#include "cs_err.h"

struct cs_listfetch {
    char *path;   /* owned: the local copy to read */
    char *key;    /* owned: what names the input of the run: the URL and a digest of its bytes */
    bool fetched; /* false: the copy of an earlier run was still current (304, or kept) */
};

/* Fetches url into DIR/lists/ (created when missing): DIR/lists/<sha256 of url> with its
 * validators beside it (".meta"), written to a ".part" file then renamed, so a copy is whole or
 * absent. When a copy exists it is asked for conditionally; a 304 keeps it. Refused by
 * robots.txt, an HTTP error, a network failure, a body over CS_URLLIST_REMOTE_MAX_BYTES or a
 * file error: CS_E_IO with a one-line reason in diag (nothing already stored is touched).
 * Returns CS_OK with *out filled (release with cs_listfetch_release), CS_E_IO or CS_E_NOMEM. */
CS_MUST_CHECK int cs_listfetch(const struct cs_check_opts *o, const char *url, const char *dir,
                               struct cs_listfetch *out, struct cs_diag *diag);

void cs_listfetch_release(struct cs_listfetch *f);

/* Whether an --urls argument names a remote list (http or https URL) rather than a file. */
bool cs_listfetch_is_remote(const char *arg);

#endif
