/* SPDX-License-Identifier: MIT
 * fetch.c - one bounded HTTP request with libcurl's easy interface (issue 2 items 2 and 6).
 */
#include "cs_setup.h"

#include "cs_str.h"
#include "fetch.h"

#include "cs_buf.h"
#include "cs_clock.h"
#include "cs_limits.h"
#include "htmlmeta.h"
#include "url.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <locale.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct fetch_ctx {
    CURL *h;
    const struct cs_fetch_opts *opts;
    struct cs_buf body;
    bool mode_known; /* the HTML-or-not decision was taken */
    bool stopped;    /* we ended the transfer on purpose */
    bool truncated;
    bool blocked;
    char blocked_addr[64];
    bool hdr_in_block; /* a status line came, not yet the blank line after its headers */
    size_t hdr_lines;  /* header lines of that response (1xx ones are counted apart) */
    size_t hdr_bytes;
    const char *hdr_limit; /* which header limit stopped the transfer, or NULL */
    bool drain;            /* the connection is to be reused: read a short rest, don't cut */
    bool draining;         /* past what was wanted, reading to the end of the response */
    size_t received;       /* body bytes libcurl delivered */
    size_t drained;        /* of those, read only to keep the connection */
    size_t sunk;           /* written to opts->sink */
    bool sink_failed;
    int sink_errno;
};

static bool v4_private(uint32_t a)
{
    return (a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
           (a >> 16) == 0xA9FE ||                /* 169.254/16 link-local */
           (a >> 20) == 0xAC1 ||                 /* 172.16/12 */
           (a >> 16) == 0xC0A8 ||                /* 192.168/16 */
           (a >> 22) == (0x64400000u >> 22) ||   /* 100.64/10 CGNAT */
           (a >> 28) == 0xE || (a >> 28) == 0xF; /* multicast, reserved, broadcast */
}

bool cs_fetch_addr_is_private(const void *sockaddr, size_t len)
{
    const struct sockaddr *sa = sockaddr;

    if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *in = sockaddr;
        return v4_private(ntohl(in->sin_addr.s_addr));
    }
    if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
        const unsigned char *b = ((const struct sockaddr_in6 *)sockaddr)->sin6_addr.s6_addr;
        static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
        bool zero10 = memcmp(b, mapped, 10) == 0;
        if (memcmp(b, mapped, 12) == 0)
            return v4_private((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 |
                              b[15]);
        if (zero10 && b[10] == 0 && b[11] == 0 && b[12] == 0 && b[13] == 0 && b[14] == 0 &&
            b[15] <= 1)
            return true;                                  /* :: and ::1 */
        return (b[0] & 0xfe) == 0xfc ||                   /* fc00::/7 unique local */
               (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) || /* fe80::/10 link-local */
               b[0] == 0xff;                              /* multicast */
    }
    return true; /* unknown families are refused */
}

/* CURLOPT_OPENSOCKETFUNCTION: the SSRF guard, applied to the resolved address of every
 * connection, redirects included. */
static curl_socket_t open_socket(void *clientp, curlsocktype purpose, struct curl_sockaddr *addr)
{
    struct fetch_ctx *ctx = clientp;

    (void)purpose;
    if (!ctx->opts->allow_private && cs_fetch_addr_is_private(&addr->addr, (size_t)addr->addrlen)) {
        const void *src = addr->family == AF_INET
                              ? (const void *)&((struct sockaddr_in *)&addr->addr)->sin_addr
                              : (const void *)&((struct sockaddr_in6 *)&addr->addr)->sin6_addr;
        inet_ntop(addr->family, src, ctx->blocked_addr, sizeof(ctx->blocked_addr));
        ctx->blocked = true;
        return CURL_SOCKET_BAD;
    }
    return socket(addr->family, addr->socktype, addr->protocol);
}

/* What of a work's body is worth reading: an HTML head (its metas and links), or the first
 * bytes of an image or PDF, where XMP and C2PA metadata sit (signals.md 9: read from the same
 * GET, cut at max_body, rather than by a second Range request); nothing of anything else. */
static bool body_wanted(CURL *h)
{
    static const char *const types[] = { "text/html", "application/xhtml", "image/",
                                         "application/pdf" };
    char *ct = NULL;

    if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) != CURLE_OK || !ct)
        return false;
    while (*ct == ' ')
        ct++;
    for (size_t i = 0; i < CS_ARRAY_LEN(types); i++) {
        if (strncasecmp(ct, types[i], strlen(types[i])) == 0)
            return true;
    }
    return false;
}

/* Ends the reading of a body once what is wanted is in (got: the bytes of this call). When the
 * connection is to be reused and the rest is short (CS_DRAIN_MAX_BYTES, by Content-Length when
 * sent), the rest is read and dropped: cutting a response closes its connection, and a new one
 * (a TLS handshake on the real web) costs more than a few KB of a page's body. */
static size_t stop_body(struct fetch_ctx *ctx, size_t got)
{
    curl_off_t len = -1;

    ctx->stopped = true;
    if (ctx->drain &&
        curl_easy_getinfo(ctx->h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len) == CURLE_OK &&
        (len < 0 || (curl_off_t)ctx->received + CS_DRAIN_MAX_BYTES >= len)) {
        ctx->draining = true;
        return got;
    }
    return 0;
}

/* A body written to the caller's file as it arrives, up to max_body. */
static size_t to_sink(struct fetch_ctx *ctx, const char *data, size_t n)
{
    if (n > ctx->opts->max_body - ctx->sunk) {
        ctx->truncated = true;
        ctx->stopped = true;
        return 0;
    }
    if (fwrite(data, 1, n, ctx->opts->sink) != n) {
        ctx->sink_failed = true;
        ctx->sink_errno = errno;
        return 0;
    }
    ctx->sunk += n;
    return n;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    struct fetch_ctx *ctx = userp;
    size_t got = size * nmemb;
    size_t n = got;
    size_t room = ctx->opts->max_body - ctx->body.len;
    size_t before = ctx->body.len;

    ctx->received += got;
    if (ctx->opts->sink)
        return to_sink(ctx, data, got);
    if (ctx->draining) {
        ctx->drained += got;
        return ctx->drained > CS_DRAIN_MAX_BYTES ? 0 : got;
    }
    if (ctx->opts->body_mode == CS_BODY_HTML_HEAD && !ctx->mode_known) {
        ctx->mode_known = true;
        if (!body_wanted(ctx->h))
            return stop_body(ctx, got); /* the headers were all we wanted */
    }
    if (n > room) {
        ctx->truncated = true;
        n = room;
    }
    if (cs_buf_add(&ctx->body, data, n) != CS_OK)
        return 0;
    if (ctx->truncated)
        return stop_body(ctx, got);
    if (ctx->opts->body_mode == CS_BODY_HTML_HEAD) {
        size_t from = before > 8 ? before - 8 : 0;
        if (cs_htmlmeta_head_end(ctx->body.data + from, ctx->body.len - from))
            return stop_body(ctx, got);
    }
    return got;
}

/* CURLOPT_HEADERFUNCTION: counts the lines and bytes of each response's headers (from its
 * status line to the blank line that ends them, so an interim 1xx response is counted apart) and
 * stops the transfer past CS_MAX_HEADERS or CS_MAX_HEADER_BYTES: libcurl keeps every header for
 * curl_easy_nextheader, so this bounds its memory too, and a response cut short is refused
 * rather than read without its later headers. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
    struct fetch_ctx *ctx = userp;
    size_t n = size * nmemb;

    (void)data;
    if (n <= 2) { /* the blank line after a block (a header line has a name and a colon) */
        ctx->hdr_in_block = false;
    } else if (!ctx->hdr_in_block) { /* a status line */
        ctx->hdr_in_block = true;
        ctx->hdr_lines = 0;
        ctx->hdr_bytes = 0;
    } else {
        ctx->hdr_lines++;
    }
    ctx->hdr_bytes += n;
    if (ctx->hdr_lines > CS_MAX_HEADERS)
        ctx->hdr_limit = "count";
    else if (ctx->hdr_bytes > CS_MAX_HEADER_BYTES)
        ctx->hdr_limit = "bytes";
    return ctx->hdr_limit ? 0 : n;
}

static char *fmt_error(const char *fmt, ...) CS_PRINTF(1, 2);

static char *fmt_error(const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return cs_strdup(buf);
}

static void setup(CURL *h, struct fetch_ctx *ctx, const char *url, struct curl_slist *res,
                  char *errbuf)
{
    const struct cs_fetch_opts *o = ctx->opts;

    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_USERAGENT, o->user_agent);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (o->dns_cache_run)
        curl_easy_setopt(h, CURLOPT_DNS_CACHE_TIMEOUT, -1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
    if (o->low_speed_bps > 0 && o->low_speed_time_s > 0) {
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, o->low_speed_bps);
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, o->low_speed_time_s);
    }
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* caps apply to decoded bytes */
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, ctx);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, ctx);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, ctx);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_NOBODY, o->head ? 1L : 0L);
    if (o->post_body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)o->post_len);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, o->post_body);
    }
    if (res)
        curl_easy_setopt(h, CURLOPT_RESOLVE, res);
}

static int copy_headers(CURL *h, struct cs_response *out)
{
    struct curl_header *prev = NULL;
    struct curl_header *hd;

    out->headers = calloc(CS_MAX_HEADERS, sizeof(*out->headers));
    if (!out->headers)
        return CS_E_NOMEM;
    while (out->header_count < CS_MAX_HEADERS && /* on_header refused more */
           (hd = curl_easy_nextheader(h, CURLH_HEADER, -1, prev)) != NULL) {
        struct cs_header *dst = &out->headers[out->header_count];
        dst->name = cs_strdup(hd->name);
        dst->value = cs_strdup(hd->value);
        if (!dst->name || !dst->value) {
            free(dst->name);
            free(dst->value);
            return CS_E_NOMEM;
        }
        out->header_count++;
        prev = hd;
    }
    /* on_header stops any response with more; never cut its headers silently all the same */
    return out->header_count == CS_MAX_HEADERS && curl_easy_nextheader(h, CURLH_HEADER, -1, prev)
               ? CS_E_LIMIT
               : CS_OK;
}

static void drop_headers(struct cs_response *r)
{
    for (size_t i = 0; i < r->header_count; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    free(r->headers);
    r->headers = NULL;
    r->header_count = 0;
}

/* Turns a transfer result into the response's error text (NULL on success). */
static int describe(CURLcode rc, const struct fetch_ctx *ctx, const char *errbuf,
                    struct cs_response *out)
{
    if (ctx->blocked) {
        out->blocked = true;
        out->error = fmt_error("blocked: address %s is private or local (use --allow-private)",
                               ctx->blocked_addr);
    } else if (ctx->sink_failed) {
        out->error = fmt_error("io: cannot write the body: %s", strerror(ctx->sink_errno));
    } else if (ctx->hdr_limit) {
        out->over_limit = true;
        out->error = strcmp(ctx->hdr_limit, "count") == 0
                         ? fmt_error("limit: more than %d response headers", CS_MAX_HEADERS)
                         : fmt_error("limit: response headers over %u bytes", CS_MAX_HEADER_BYTES);
    } else if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && ctx->stopped)) {
        return CS_OK;
    } else if (rc == CURLE_OUT_OF_MEMORY) {
        /* libcurl's one way to say a header line exceeded CURL_MAX_HTTP_HEADER (100 KiB) */
        out->over_limit = true;
        out->error = fmt_error("limit: a response header line over 100 KiB (libcurl: %s)",
                               curl_easy_strerror(rc));
    } else if (rc == CURLE_OPERATION_TIMEDOUT) {
        out->error = fmt_error("timeout: %s", errbuf);
    } else if (rc == CURLE_COULDNT_RESOLVE_HOST) {
        out->error = fmt_error("dns: %s", errbuf);
    } else {
        out->error = fmt_error("network: %s (%s)", errbuf[0] ? errbuf : curl_easy_strerror(rc),
                               curl_easy_strerror(rc));
    }
    return out->error ? CS_OK : CS_E_NOMEM;
}

/* RFC 6761 6.4: names under .invalid never resolve: refused before any lookup (*invalid).
 * Otherwise the one --resolve entry for this host and port, if any, as a one-line list. */
static int check_host(const struct cs_fetch_opts *o, const char *url, bool *invalid,
                      struct curl_slist **resolve)
{
    const char *entry = NULL;
    struct cs_url u;

    *invalid = false;
    *resolve = NULL;
    if (cs_url_parse(url, &u, NULL) != CS_OK)
        return CS_OK; /* libcurl will say what is wrong with it */
    *invalid = cs_url_host_is_invalid(u.host);
    if (!*invalid && o->resolver)
        entry = cs_resolver_find(o->resolver, u.host, u.port);
    if (entry)
        *resolve = curl_slist_append(NULL, entry);
    cs_url_release(&u);
    return entry && !*resolve ? CS_E_NOMEM : CS_OK;
}

/* A request being prepared or in flight: everything its callbacks touch. */
struct cs_transfer {
    struct fetch_ctx ctx;
    struct curl_slist *resolve;
    struct curl_slist *headers; /* conditional request headers */
    char errbuf[CURL_ERROR_SIZE];
    char *url;
    int64_t fetched_at;
    struct timespec t0;
    bool refused; /* answered without any I/O (.invalid) */
};

/* opts->headers, and for a POST an empty "Expect:" (libcurl would otherwise wait up to 1 s for
 * a "100 Continue" before sending a large body). */
static int opts_headers(struct cs_transfer *t)
{
    const struct cs_fetch_opts *o = t->ctx.opts;
    struct curl_slist *n;

    for (size_t i = 0; o->headers && o->headers[i]; i++) {
        if (strpbrk(o->headers[i], "\r\n"))
            continue;
        if (!(n = curl_slist_append(t->headers, o->headers[i])))
            return CS_E_NOMEM;
        t->headers = n;
    }
    if (o->post_body) {
        if (!(n = curl_slist_append(t->headers, "Expect:")))
            return CS_E_NOMEM;
        t->headers = n;
    }
    if (t->headers)
        curl_easy_setopt(t->ctx.h, CURLOPT_HTTPHEADER, t->headers);
    return CS_OK;
}

int cs_transfer_new(const struct cs_fetch_opts *opts, const char *url, struct cs_transfer **out)
{
    struct cs_transfer *t = calloc(1, sizeof(*t));

    *out = NULL;
    if (!t)
        return CS_E_NOMEM;
    t->ctx.opts = opts;
    t->url = cs_strdup(url);
    t->fetched_at = cs_clock_now();
    cs_buf_init(&t->ctx.body, opts->max_body);
    clock_gettime(CLOCK_MONOTONIC, &t->t0);
    if (!t->url)
        goto fail;
    if (check_host(opts, url, &t->refused, &t->resolve) != CS_OK)
        goto fail;
    if (t->refused) {
        *out = t;
        return CS_OK;
    }
    t->ctx.h = curl_easy_init();
    if (!t->ctx.h)
        goto fail;
    setup(t->ctx.h, &t->ctx, url, t->resolve, t->errbuf);
    curl_easy_setopt(t->ctx.h, CURLOPT_PRIVATE, t);
    if (opts_headers(t) != CS_OK)
        goto fail;
    *out = t;
    return CS_OK;
fail:
    cs_transfer_free(t);
    return CS_E_NOMEM;
}

void *cs_transfer_easy(struct cs_transfer *t)
{
    return t->refused ? NULL : t->ctx.h;
}

int cs_transfer_finish(struct cs_transfer *t, int curl_code, struct cs_response *out)
{
    struct timespec t1;
    long status = 0;
    int err = CS_OK;

    memset(out, 0, sizeof(*out));
    out->url = t->url;
    t->url = NULL;
    out->fetched_at = t->fetched_at;
    if (t->refused) {
        out->blocked = true;
        out->error = fmt_error("dns: host of '%s' is under .invalid and never resolves "
                               "(RFC 6761)",
                               out->url);
        cs_transfer_free(t);
        return out->error ? CS_OK : CS_E_NOMEM;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->duration_ms = (t1.tv_sec - t->t0.tv_sec) * 1000 + (t1.tv_nsec - t->t0.tv_nsec) / 1000000;
    curl_easy_getinfo(t->ctx.h, CURLINFO_RESPONSE_CODE, &status);
    err = describe((CURLcode)curl_code, &t->ctx, t->errbuf, out);
    if (err == CS_OK && !out->error) {
        out->http_status = (int)status;
        err = copy_headers(t->ctx.h, out);
    }
    if (err == CS_E_LIMIT) {
        drop_headers(out);
        out->http_status = 0;
        out->over_limit = true;
        out->error = fmt_error("limit: more than %d response headers", CS_MAX_HEADERS);
        err = out->error ? CS_OK : CS_E_NOMEM;
    }
    out->truncated = t->ctx.truncated;
    out->body_len = t->ctx.opts->sink ? t->ctx.sunk : t->ctx.body.len;
    out->body = t->ctx.body.len ? cs_buf_detach(&t->ctx.body, NULL) : NULL;
    cs_transfer_free(t);
    return err;
}

void cs_transfer_free(struct cs_transfer *t)
{
    if (!t)
        return;
    cs_buf_release(&t->ctx.body);
    curl_easy_cleanup(t->ctx.h);
    curl_slist_free_all(t->resolve);
    curl_slist_free_all(t->headers);
    free(t->url);
    free(t);
}

bool cs_fetch_transient(const struct cs_response *r)
{
    if (r->error)
        return !r->blocked && !r->over_limit; /* the same response would come again */
    return r->http_status >= 500 || r->http_status == 429;
}

int64_t cs_fetch_backoff_ms(const struct cs_response *r, unsigned *rand_state, int n, int64_t left)
{
    const char *ra = cs_response_header(r, "retry-after", 0);
    int64_t ms = 1000LL << (n > 10 ? 10 : n - 1);
    char *end = NULL;

    if (ra) {
        long long s = strtoll(ra, &end, 10);
        if (end != ra && (*end == '\0' || *end == ' ') && s >= 0) {
            if (s > left / 1000)
                return -1; /* longer than the budget left (and no overflow below) */
            ms = s * 1000;
        } else {
            time_t when = curl_getdate(ra, NULL);
            int64_t secs = (int64_t)when - cs_clock_now();
            if (when > 0 && secs > left / 1000)
                return -1;
            if (when > 0)
                ms = secs * 1000;
        }
        if (ms < 0)
            ms = 0;
    } else {
        ms += (int64_t)(rand_r(rand_state) % (unsigned)(ms / 2 + 1));
    }
    return ms > left ? -1 : ms;
}

static int fetch_once(const struct cs_fetch_opts *opts, const char *url, struct cs_response *out)
{
    struct cs_transfer *t = NULL;
    int rc = cs_transfer_new(opts, url, &t);
    CURLcode cc = CURLE_OK;

    if (rc != CS_OK) {
        memset(out, 0, sizeof(*out));
        return rc;
    }
    if (cs_transfer_easy(t))
        cc = curl_easy_perform(cs_transfer_easy(t));
    return cs_transfer_finish(t, (int)cc, out);
}

int cs_fetch(const struct cs_fetch_opts *opts, const char *url, struct cs_response *out)
{
    unsigned seed = (unsigned)cs_clock_mono_ms();
    int64_t start = cs_clock_mono_ms(), wait;
    int rc;

    for (int n = 1;; n++) {
        rc = fetch_once(opts, url, out);
        if (rc != CS_OK || !cs_fetch_transient(out) || n > opts->retries ||
            (wait = cs_fetch_backoff_ms(out, &seed, n,
                                        opts->retry_budget_ms - (cs_clock_mono_ms() - start))) < 0)
            return rc;
        /* the one-off check waits here (issue 3: bounded, Retry-After honoured) */
        struct timespec ts = { (time_t)(wait / 1000), (long)(wait % 1000) * 1000000L };
        nanosleep(&ts, NULL);
        cs_response_release(out);
    }
}

void cs_response_release(struct cs_response *r)
{
    drop_headers(r);
    free(r->url);
    free(r->error);
    free(r->body);
    memset(r, 0, sizeof(*r));
}

const char *cs_response_header(const struct cs_response *r, const char *name, size_t index)
{
    for (size_t i = 0; i < r->header_count; i++) {
        if (strcasecmp(r->headers[i].name, name) == 0 && index-- == 0)
            return r->headers[i].value;
    }
    return NULL;
}

int cs_fetch_global_init(void)
{
    /* libcurl's IDN conversion (libidn2) reads host names in the locale's charset; URLs are
     * UTF-8, so a plain "C" locale would make every non-ASCII host fail to convert. */
    setlocale(LC_CTYPE, "C.UTF-8");
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? CS_OK : CS_E_NET;
}

void cs_fetch_global_cleanup(void)
{
    curl_global_cleanup();
}

const char *cs_fetch_version(void)
{
    return curl_version();
}

static bool append_header(struct curl_slist **list, const char *name, const char *value)
{
    char line[1024];
    struct curl_slist *n;

    if (!value || !*value || strpbrk(value, "\r\n"))
        return true;
    snprintf(line, sizeof(line), "%s: %s", name, value);
    n = curl_slist_append(*list, line);
    if (!n)
        return false;
    *list = n;
    return true;
}

int cs_transfer_conditional(struct cs_transfer *t, const char *etag, const char *last_modified)
{
    if (t->refused)
        return CS_OK;
    if (!append_header(&t->headers, "If-None-Match", etag) ||
        !append_header(&t->headers, "If-Modified-Since", last_modified))
        return CS_E_NOMEM;
    if (t->headers)
        curl_easy_setopt(t->ctx.h, CURLOPT_HTTPHEADER, t->headers);
    return CS_OK;
}

void cs_transfer_keep(struct cs_transfer *t, bool keep, long max_idle_s)
{
    if (t->refused)
        return;
    t->ctx.drain = keep;
    curl_easy_setopt(t->ctx.h, CURLOPT_FORBID_REUSE, keep ? 0L : 1L);
    curl_easy_setopt(t->ctx.h, CURLOPT_MAXAGE_CONN, max_idle_s);
}

int cs_transfer_header(struct cs_transfer *t, const char *name, const char *value)
{
    if (t->refused)
        return CS_OK;
    if (!append_header(&t->headers, name, value))
        return CS_E_NOMEM;
    if (t->headers)
        curl_easy_setopt(t->ctx.h, CURLOPT_HTTPHEADER, t->headers);
    return CS_OK;
}

static int push_header(struct cs_response *r, const char *name, size_t nlen, const char *value)
{
    struct cs_header *p;

    /* stored lines (at most CS_MAX_HEADERS) and the 304's (at most as many): nothing is cut */
    if (r->header_count >= 2 * CS_MAX_HEADERS)
        return CS_OK;
    p = realloc(r->headers, (r->header_count + 1) * sizeof(*p));
    if (!p)
        return CS_E_NOMEM;
    r->headers = p;
    p = &r->headers[r->header_count];
    p->name = cs_strndup(name, nlen);
    p->value = cs_strdup(value);
    if (!p->name || !p->value) {
        free(p->name);
        free(p->value);
        return CS_E_NOMEM;
    }
    r->header_count++;
    return CS_OK;
}

/* Stored lines whose name the 304 does not send, in their order. */
static int stored_headers(struct cs_response *out, const struct cs_response *fresh,
                          const char *lines)
{
    int rc = CS_OK;

    while (rc == CS_OK && lines && *lines) {
        const char *nl = strchr(lines, '\n');
        size_t n = nl ? (size_t)(nl - lines) : strlen(lines);
        const char *colon = memchr(lines, ':', n);
        char *value;
        char name[128];

        if (colon && (size_t)(colon - lines) < sizeof(name)) {
            snprintf(name, sizeof(name), "%.*s", (int)(colon - lines), lines);
            if (!cs_response_header(fresh, name, 0)) {
                value = cs_strndup(colon + 1, n - (size_t)(colon + 1 - lines));
                rc = value ? push_header(out, name, strlen(name), value + strspn(value, " "))
                           : CS_E_NOMEM;
                free(value);
            }
        }
        lines += n + (nl ? 1 : 0);
    }
    return rc;
}

int cs_response_revalidated(struct cs_response *out, const struct cs_response *fresh,
                            const char *url, int status, const char *header_lines)
{
    int rc;

    memset(out, 0, sizeof(*out));
    out->url = cs_strdup(url);
    out->http_status = status;
    out->fetched_at = fresh->fetched_at;
    out->duration_ms = fresh->duration_ms;
    rc = out->url ? stored_headers(out, fresh, header_lines) : CS_E_NOMEM;
    for (size_t i = 0; rc == CS_OK && i < fresh->header_count; i++)
        rc = push_header(out, fresh->headers[i].name, strlen(fresh->headers[i].name),
                         fresh->headers[i].value);
    if (rc != CS_OK)
        cs_response_release(out);
    return rc;
}

/* The value of header name in stored "Name: value" lines, into buf; NULL when absent. */
const char *cs_header_lines_value(const char *lines, const char *name, char *buf, size_t len)
{
    size_t n = strlen(name);

    for (const char *p = lines; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1 + strspn(p + n + 1, " ");
            snprintf(buf, len, "%.*s", (int)strcspn(v, "\r\n"), v);
            return buf;
        }
    }
    return NULL;
}
