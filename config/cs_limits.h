/* SPDX-License-Identifier: MIT
 * cs_limits.h - every default limit in one place (style.md 10.13: nothing unbounded; each limit
 * has a default here and a test that hits it). Options override them at run time.
 */
#ifndef CS_LIMITS_H
#define CS_LIMITS_H

/* RFC 9309 2.5: parse at least the first 500 KiB of robots.txt. */
#define CS_ROBOTS_MAX_BYTES 512000
/* Other host-level policy files (issue 5): ai.txt is robots-sized; tdmrep.json is a list of
 * rules, 1 MiB is far beyond any published one (a longer file is truncated: UNKNOWN). */
#define CS_AITXT_FILE_MAX_BYTES 512000
#define CS_TDMREP_MAX_BYTES     (1u << 20)
/* An RSL licence document (signals.md 8): a list of content elements and licences. */
#define CS_RSL_DOC_MAX_BYTES (1u << 20)
/* Issue 2 item 2: an HTML work is read up to </head> or this many bytes. */
#define CS_HTML_HEAD_MAX_BYTES 65536
/* Index crawl (issue 4): a card is read whole up to this (longer ones are cut and their
 * tail's links lost, noted); a listing page up to this (the Hub's pages of 1,000 entries with
 * card data stay far below). */
#define CS_CARD_MAX_BYTES     (2u << 20)
#define CS_HUB_PAGE_MAX_BYTES (16u << 20)
/* Issue 4 item 2: a card's YAML front matter (bytes, nesting, nodes and scalar bytes counted
 * after alias expansion, so a billion-laughs document stops early) and the links kept per card. */
#define CS_CARD_MAX_YAML_BYTES   (1u << 20)
#define CS_CARD_MAX_DEPTH        64
#define CS_CARD_MAX_NODES        100000
#define CS_CARD_MAX_SCALAR_BYTES (4u << 20)
#define CS_CARD_MAX_LINKS        10000
/* RFC 9309 2.3.1.2: follow at least five consecutive redirects. */
#define CS_MAX_REDIRECTS 5
/* RFC 9309 2.4: a robots.txt may be cached for 24 hours. */
#define CS_ROBOTS_TTL_S 86400
/* A failed host-file fetch is kept for a shorter time, then retried. */
#define CS_HOSTFILE_ERROR_TTL_S 900
#define CS_CONNECT_TIMEOUT_MS   10000
#define CS_TIMEOUT_MS           30000
/* Response headers (issue 3 limits): a response with more header lines than CS_MAX_HEADERS, or
 * more header bytes than CS_MAX_HEADER_BYTES (names, values and line ends), is refused as a
 * whole: an error "limit: ..." and UNKNOWN, never a partial read, since a signal header such as
 * X-Robots-Tag could sit past the cut. 256 KiB is what browsers accept and stays below libcurl's
 * own 300 KiB; libcurl also refuses any single header line over 100 KiB (CURL_MAX_HTTP_HEADER),
 * reported the same way. No option changes them. */
#define CS_MAX_HEADERS      200
#define CS_MAX_HEADER_BYTES (256u << 10)
/* Keep-alive in a crawl (issue 3): a host's connection is kept for its next request only when
 * that request may start within CS_CONN_KEEP_DELAY_MS (a longer Crawl-delay outlasts most
 * servers' keep-alive timeouts), and an idle connection older than CS_CONN_MAX_IDLE_S is closed
 * rather than reused. */
#define CS_CONN_KEEP_DELAY_MS 5000
#define CS_CONN_MAX_IDLE_S    10
/* ... and a body read past what is wanted is read to its end (not cut, which closes the
 * connection) when no more than this remains. */
#define CS_DRAIN_MAX_BYTES 65536
/* A crawl's DNS answers are kept for the run in generations of this many hosts (dnsgen.h): a
 * lookup in libcurl's cache walks a chain that grows with the hosts one cache holds. */
#define CS_DNS_HOSTS_PER_GEN 1024
/* glibc's per-thread malloc cache, per size class, for a crawl (crawler/cli/main.c): 7 by
 * default; 4,000 took a 20,000-host crawl from 56 s to 40 s (CPU 87 s to 63 s), 1,024 to 43 s. */
#define CS_MALLOC_TCACHE_COUNT 4000
/* A crawl keeps the parsed host files of this many idle hosts in memory; older ones are read
 * back from the store when more work for them comes (fetchloop.c). A parsed site weighs about
 * 100 KB with the full agent list: 1,024 kept took the 20,000-host crawl's peak RssAnon to
 * 292 MB, 128 to 186 MB. */
#define CS_IDLE_SITES 128
/* A remote URL list (`crawl --urls URL`, crawler/listfetch.c) is written to disk as it arrives:
 * at most this many bytes, within this total time, abandoned when slower than this many bytes a
 * second for CS_LOW_SPEED_TIME_S. */
#define CS_URLLIST_REMOTE_MAX_BYTES     ((size_t)16 << 30)
#define CS_URLLIST_REMOTE_TIMEOUT_MS    (6L * 3600 * 1000)
#define CS_URLLIST_REMOTE_LOW_SPEED_BPS 1024
/* A dataset viewer response (parsers/viewer.h): a page of at most 100 rows whose cells the
 * viewer cuts at 100 KB. */
#define CS_VIEWER_MAX_BYTES (32u << 20)
/* Longest URL accepted on input (the common browser limit). */
#define CS_MAX_URL_LEN 8192
/* curl's --speed-limit/--speed-time: a transfer slower than BPS bytes a second for TIME seconds
 * is abandoned. Off by default (BPS 0): the total timeout already bounds a trickling server, and
 * libcurl's per-transfer speed timer cost 20 % more CPU on the 20,000-host benchmark (88 s
 * against 70 s, the same run). --speed-limit turns it on; TIME is its window. */
#define CS_LOW_SPEED_BPS    0
#define CS_LOW_SPEED_TIME_S 20

#endif
