/* SPDX-License-Identifier: MIT
 * fetch.h - one HTTP request, bounded in time and size, reduced to a plain struct cs_response
 * (issue 2: parsers never see libcurl types, so the fetch layer can move into a thread of its
 * own). Redirects are not followed here: callers follow them hop by hop so that robots.txt is
 * checked for every origin a request goes to.
 *
 * The SSRF guard is on unless opts->allow_private: a connection to a loopback, private,
 * link-local, CGNAT, multicast or unspecified address is refused at connect time (after DNS, so
 * rebinding tricks do not help), for every hop. Hosts under .invalid are refused before any
 * lookup (RFC 6761). curl_global_init() must have run; cs_fetch() is then thread-safe (one easy
 * handle per call).
 */
#ifndef CS_FETCH_H
#define CS_FETCH_H

#include "cs_err.h"
#include "cs_setup.h"
#include "resolve.h"

enum cs_body_mode {
    CS_BODY_ALL,      /* read the body up to max_body (robots.txt and other host files) */
    CS_BODY_HTML_HEAD /* a work: stop after the headers unless HTML, an image or a PDF; stop
                         after </head> or max_body bytes (issue 2 item 2; the first bytes of
                         an image or PDF carry its embedded metadata, issue 5) */
};

struct cs_fetch_opts {
    const char *user_agent; /* Borrowed; required */
    long connect_timeout_ms;
    long timeout_ms;       /* whole transfer */
    long low_speed_bps;    /* slower than this... (0: no check) */
    long low_speed_time_s; /* ...for this long: abandoned as a timeout */
    int retries;           /* cs_fetch only: more attempts after a transient failure */
    long retry_budget_ms;  /* ...within this many ms in all (Retry-After included) */
    size_t max_body;       /* bytes kept; reading stops there and truncated is set */
    enum cs_body_mode body_mode;
    bool head;             /* HEAD instead of GET */
    const char *post_body; /* Borrowed: POST these post_len bytes instead of GET (NULL: GET or
                              HEAD); "Expect: 100-continue" is never sent */
    size_t post_len;
    const char *const *headers; /* Borrowed: extra request lines "Name: value", NULL-terminated
                                   (may be NULL; a line with CR or LF is dropped), sent with
                                   every attempt and, redirects not being followed, to url's
                                   origin only */
    bool allow_private;         /* disable the SSRF guard (demo, tests, intranets) */
    bool dns_cache_run;         /* keep DNS answers for the whole run (a multi handle's shared
                                   cache of many hosts: libcurl's periodic prune walks it all) */
    const struct cs_resolver *resolver; /* HOST:PORT:ADDR overrides (resolve.h); may be NULL */
    FILE *sink; /* Borrowed: when set, the body goes here as it arrives (a list file of any
                   size, in bounded memory) instead of into the response; body_len counts the
                   bytes written, up to max_body (then truncated); a failed write is an error */
};

struct cs_header {
    char *name;  /* owned, as sent */
    char *value; /* owned */
};

struct cs_response {
    char *url;                 /* owned: the URL requested */
    int http_status;           /* 0: no HTTP response (see error) */
    char *error;               /* owned: NULL, or why there is no usable response */
    bool blocked;              /* refused by the SSRF guard or the .invalid rule */
    bool over_limit;           /* refused: headers past CS_MAX_HEADERS or CS_MAX_HEADER_BYTES,
                                  or a header line libcurl refuses (error says which; not
                                  retried) */
    struct cs_header *headers; /* owned: final response's headers, in order (at most
                                  CS_MAX_HEADERS; twice that after cs_response_revalidated) */
    size_t header_count;
    char *body; /* owned, NUL-terminated; NULL when none */
    size_t body_len;
    bool truncated;     /* stopped at max_body */
    int64_t fetched_at; /* cs_clock_now() at start */
    int64_t duration_ms;
};

/* A failure worth another try: no response (not one the SSRF guard refused, nor one over a
 * header limit), 5xx or 429 — never a 4xx refusal. */
bool cs_fetch_transient(const struct cs_response *r);

/* The wait before attempt n+1 (n >= 1) after r: its Retry-After (seconds or an HTTP date), else
 * 1 s doubling with up to 50 % jitter (rand_state: the caller's rand_r state). -1 when it
 * exceeds left ms (the budget that remains). */
int64_t cs_fetch_backoff_ms(const struct cs_response *r, unsigned *rand_state, int n, int64_t left);

/* Performs one request to url (canonical, http or https), retried while transient up to
 * opts->retries more times within opts->retry_budget_ms. Every outcome, failures included, is
 * described in *out (release with cs_response_release). Returns CS_OK when *out is filled
 * (check http_status and error), CS_E_NOMEM otherwise. */
CS_MUST_CHECK int cs_fetch(const struct cs_fetch_opts *opts, const char *url,
                           struct cs_response *out);

void cs_response_release(struct cs_response *r);

/* The same request split in three, for a caller that drives many transfers with a libcurl
 * multi handle (the crawl engine's fetch thread):
 *  - cs_transfer_new prepares the request (Returns owned; opts are Borrowed and must outlive it);
 *  - cs_transfer_easy returns the CURL easy handle to add to the multi handle, or NULL when the
 *    request was answered without I/O (a host under .invalid): finish it at once with 0;
 *  - cs_transfer_finish turns the transfer's result code into *out (same contract as cs_fetch)
 *    and frees the transfer (Takes t).
 * A transfer belongs to one thread at a time. */
struct cs_transfer;

CS_MUST_CHECK int cs_transfer_new(const struct cs_fetch_opts *opts, const char *url,
                                  struct cs_transfer **out);
void *cs_transfer_easy(struct cs_transfer *t);
CS_MUST_CHECK int cs_transfer_finish(struct cs_transfer *t, int curl_code, struct cs_response *out);

/* Makes a prepared transfer conditional (RFC 9110 13.1): If-None-Match with etag and/or
 * If-Modified-Since with last_modified (Copies; either may be NULL). CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_transfer_conditional(struct cs_transfer *t, const char *etag,
                                          const char *last_modified);

/* Whether a prepared transfer's connection stays open for a later request to the same origin
 * (keep: the rest of a body read past what is wanted is read to its end when short, instead of
 * cutting the response, which would close it; else the connection closes after it), and the
 * longest idle time of a connection it may reuse. */
void cs_transfer_keep(struct cs_transfer *t, bool keep, long max_idle_s);

/* Adds one request header to a prepared transfer (Copies; a value with CR or LF is dropped).
 * For credentials the caller decides the origin: redirects are never followed here, so a header
 * set on one request never reaches another host (issue 4: the Hub token stays on the Hub).
 * CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_transfer_header(struct cs_transfer *t, const char *name, const char *value);

/* A 304's stored response, updated (RFC 9111 4.3.4): *out gets url and status, the headers of
 * header_lines ("Name: value" lines kept from the last fetch) where every header fresh (the 304)
 * sends replaces the stored ones of its name, and no body. CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_response_revalidated(struct cs_response *out, const struct cs_response *fresh,
                                          const char *url, int status, const char *header_lines);

/* The value of header name (case-insensitive) in "Name: value" lines, copied into buf (cut at
 * len); NULL when absent. */
const char *cs_header_lines_value(const char *lines, const char *name, char *buf, size_t len);

/* Frees a transfer that will not be finished (its easy handle must not be in a multi handle). */
void cs_transfer_free(struct cs_transfer *t);

/* libcurl's global set-up (once, before threads; CS_E_NET on failure) and tear-down. */
CS_MUST_CHECK int cs_fetch_global_init(void);
void cs_fetch_global_cleanup(void);

/* The libcurl version string, for --version. Borrowed, static. */
const char *cs_fetch_version(void);

/* Returns the value of the index-th header called name (case-insensitive), Borrowed, or NULL. */
const char *cs_response_header(const struct cs_response *r, const char *name, size_t index);

/* True when addr (an IPv4 or IPv6 socket address) is one the SSRF guard refuses. */
bool cs_fetch_addr_is_private(const void *sockaddr, size_t len);

#endif
