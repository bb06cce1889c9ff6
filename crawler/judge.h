/* SPDX-License-Identifier: MIT
 * judge.h - the steps of a check that do not fetch: what robots.txt says to consentscan, the
 * signals read from a work's response, the verdict and report, and the store records. Shared by
 * `check` (one URL at a time) and the crawl engine (many at once), so both judge alike.
 *
 * A struct cs_site is immutable once made: any number of threads may read it. The functions
 * are reentrant; a batch belongs to its caller's thread.
 */
#ifndef CS_JUDGE_H
#define CS_JUDGE_H

#include "check.h"
#include "cs_setup.h"
#include "robots.h"
#include "store.h"

struct cs_tdmrep_file;
struct cs_aitxt;
struct cs_rsl;

/* robots.txt of one origin, as fetched or reused. */
struct cs_site {
    struct cs_hostfile_record *rec;                      /* owned: robots.txt */
    struct cs_hostfile_record *file[CS_HOSTFILE__COUNT]; /* owned: the other host files by kind
                                                            (file[CS_HOSTFILE_ROBOTS] unused);
                                                            NULL when not asked for */
    bool file_cached[CS_HOSTFILE__COUNT];
    /* ...parsed once, when given to the site, for every judgement of the origin: */
    struct cs_tdmrep_file *tdmrep;     /* owned; NULL when absent or not a rule list */
    struct cs_aitxt *aitxt;            /* owned; NULL when absent */
    struct cs_rsl *rsl;                /* owned; NULL when absent or not RSL */
    char rsl_error[160];               /* why the RSL document could not be read, or "" */
    bool unparsed[CS_HOSTFILE__COUNT]; /* not read (truncated, out of memory): UNKNOWN */
    struct cs_robots *parsed;          /* owned; set when state is CS_RS_OK */
    enum cs_robots_state state;
    bool from_cache;
};

/* An RSL document the work links to (signals.md 8.1, 8.4 L8): a Link header or HTML <link>
 * rel="license" of type application/rsl+xml. check reads it where robots.txt lets consentscan
 * in; a crawl does not, and its record says so. */
struct cs_rsl_linked {
    char *url;                      /* owned: the target resolved against the work's final URL */
    struct cs_hostfile_record *rec; /* owned: its fetch, or a "not-fetched" record saying why */
    struct cs_rsl *rsl;             /* owned; NULL when not read or not RSL */
    char error[160];                /* why it could not be read as RSL, or "" */
};

/* Why a crawl's linked RSL document has no fetch (a crawl does not fetch them; README). */
#define CS_RSL_UNREAD_IN_CRAWL \
    "not fetched: RSL document linked from the work not read in a crawl (`check` reads it)"

/* One work's response and what it means. */
struct cs_work {
    struct cs_response resp; /* owned; resp.url is NULL when nothing was fetched */
    bool read;               /* the response's headers (and HTML head) count as signals */
    bool not_modified;       /* revalidated with a 304: resp holds the stored headers, updated
                                with the 304's (RFC 9111 4.3.4), and meta the stored metas */
    char *meta;              /* owned: stored "name: content" meta lines, used instead of an
                                HTML body; NULL when the body is read */
    char error[256];         /* why not, when !read */
    char *tdm_policy_url;    /* owned: the TDMRep policy check read (3.7), or NULL */
    char *tdm_policy_note;   /* owned: what it says ("licensable: compensate; ..."), or NULL */
    bool registry_asked;     /* Spawning's registry was asked about the work (check) */
    int registry;            /* its answer: enum cs_reg_status (registry.h) */
    char registry_why[160];  /* why the answer is unknown */
    struct cs_rsl_linked *rsl_linked; /* owned array: the RSL documents it links to (check) */
    size_t rsl_linked_count;
    bool rsl_linked_read; /* check looked for them; else (a crawl) they are judged unread */
};

/* Frees what a work owns and zeroes it. */
void cs_work_release(struct cs_work *w);

/* The RSL documents the work links to (signals.md 8.1): the rel="license" targets of type
 * application/rsl+xml in its Link header fields and its HTML head's <link> elements, resolved
 * against its final URL, without duplicates or the document the site's robots.txt License: names
 * (already read as a host file), at most CS_RSL_MAX_LINKS. None when the work was not read.
 * Returns CS_OK with *urls Returns owned (cs_rsl_links_free; NULL when none) and *n, or
 * CS_E_NOMEM. */
CS_MUST_CHECK int cs_work_rsl_links(const struct cs_site *s, const struct cs_work *w, char ***urls,
                                    size_t *n);

/* Makes d the linked document url with its fetch record (Takes rec) and parses it; a document
 * cut at its size cap is not parsed (a half-read licence must not decide). Returns CS_OK or
 * CS_E_NOMEM (d then holds what it could: rec is taken either way). */
CS_MUST_CHECK int cs_rsl_linked_init(struct cs_rsl_linked *d, const char *url,
                                     struct cs_hostfile_record *rec);

/* Frees n linked documents and the array. */
void cs_rsl_linked_free(struct cs_rsl_linked *v, size_t n);

/* Makes a site from a host-file record (Takes rec, even on failure). Returns CS_OK or
 * CS_E_NOMEM. */
CS_MUST_CHECK int cs_site_init(struct cs_site *s, struct cs_hostfile_record *rec, bool from_cache);

void cs_site_release(struct cs_site *s);

/* Where host file k of the site's origin is: origin + the kind's path, or for RSL the first
 * License: record of robots.txt resolved against the origin (signals.md 8.1); s may be NULL for
 * a kind with a path (robots.txt before its site exists). Returns CS_OK with
 * *url Returns owned, CS_E_NOTFOUND when the site names none, or CS_E_NOMEM. */
CS_MUST_CHECK int cs_site_file_url(const struct cs_site *s, int k, const char *origin, char **url);

/* Gives the site the host file of kind k (Takes rec) and parses it. Out of memory leaves the file
 * unparsed, which reads as "could not be read" (UNKNOWN), never as absent. */
void cs_site_set_file(struct cs_site *s, int k, struct cs_hostfile_record *rec, bool from_cache);

/* RFC 9309 for consentscan's own token: may it fetch path? Unreachable means no (2.3.1.4); a
 * refusal in either reading is obeyed. *line gets the deciding line; why (may be written even
 * when allowed) says why not. */
bool cs_site_self_allowed(const struct cs_site *s, const char *token, const char *path, int *line,
                          char *why, size_t why_len);

/* Queues what robots.txt says into the history table (per origin, signal and token), after a
 * fresh fetch: always for "*", and for each queried agent that has a group of its own (the
 * others follow "*"). */
CS_MUST_CHECK int cs_site_queue_history(const struct cs_check_opts *o, struct cs_store_batch *b,
                                        const struct cs_site *s, int64_t now);

/* Classifies w->resp: 2xx-4xx read (headers are signals); 5xx, 429, errors and unfollowed
 * redirects are not (w->error says why). */
void cs_work_settle(struct cs_work *w);

struct cs_registry;

/* Asks Spawning's registry (signals.md 5.2) about n works at once, works[i] being the work of
 * urls[i] (one batched lookup; the registry splits what is over the API's batch size): each is
 * marked asked, with its answer; one left without an answer is UNKNOWN with why. An API call
 * about the URLs, made whether or not the works could be read. */
void cs_work_ask_registry(const struct cs_registry *reg, const char *const *urls,
                          struct cs_work *const *works, size_t n);

/* Judges one work. res must already hold input, url, origin, self_allowed and self_line; w may
 * have nothing fetched (w->resp.url NULL, w->error says why). Fills the rest of res. Returns
 * CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_judge(const struct cs_check_opts *o, const struct cs_site *site,
                           const struct cs_work *w, const char *path, int64_t now,
                           struct cs_check_result *res);

/* Queues the work's fetch record (when fetched) and the verdict into b. */
CS_MUST_CHECK int cs_judge_queue(struct cs_store_batch *b, const struct cs_check_result *res,
                                 const struct cs_work *w, int64_t now);

#endif
