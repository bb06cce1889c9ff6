/* SPDX-License-Identifier: MIT
 * listfetch.c - a remote URL list fetched into the store's directory (listfetch.h).
 */
#include "cs_setup.h"

#include "cs_limits.h"
#include "cs_str.h"
#include "listfetch.h"
#include "url.h"

#include <errno.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEX_LEN 65 /* a SHA-256 in hex, NUL included */

bool cs_listfetch_is_remote(const char *arg)
{
    return strncmp(arg, "http://", 7) == 0 || strncmp(arg, "https://", 8) == 0;
}

void cs_listfetch_release(struct cs_listfetch *f)
{
    free(f->path);
    free(f->key);
    memset(f, 0, sizeof(*f));
}

/* May consentscan fetch u? Its origin's robots.txt (check.c). */
static int allowed(const struct cs_check_opts *o, const struct cs_url *u, struct cs_diag *diag)
{
    char why[256] = "";
    bool ok = false;
    int rc = cs_check_origin_allows(o, u, &ok, why, sizeof(why));

    if (rc == CS_OK && !ok) {
        cs_diag_set(diag, 0, CS_E_IO, "%.100s: not fetched: %.100s", u->url, why);
        rc = CS_E_IO;
    }
    return rc;
}

/* a + b + c, or NULL on out of memory. Returns owned. */
static char *concat(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *s = malloc(n);

    if (s)
        snprintf(s, n, "%s%s%s", a, b, c);
    return s;
}

static void hex(const unsigned char *md, size_t n, char out[static HEX_LEN])
{
    for (size_t i = 0; i < n && i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* SHA-256 of len bytes of text, or of the file at path (text NULL), in hex. */
static bool digest(const char *text, const char *path, char out[static HEX_LEN])
{
    unsigned char md[EVP_MAX_MD_SIZE], buf[1 << 16];
    unsigned int mdlen = 0;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    FILE *f = text ? NULL : fopen(path, "rb");
    bool ok = c && (text || f) && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1;
    size_t n;

    if (ok && text)
        ok = EVP_DigestUpdate(c, text, strlen(text)) == 1;
    while (ok && f && (n = fread(buf, 1, sizeof(buf), f)) > 0)
        ok = EVP_DigestUpdate(c, buf, n) == 1;
    ok = ok && (!f || !ferror(f)) && EVP_DigestFinal_ex(c, md, &mdlen) == 1 && mdlen == 32;
    if (ok)
        hex(md, mdlen, out);
    if (f)
        fclose(f);
    EVP_MD_CTX_free(c);
    return ok;
}

/* DIR/lists/<digest of the URL>-<the URL's file name, made safe>: the name keeps the
 * extension, by which the list's format is told (.csv, .jsonl.gz, ...). Returns owned. */
static char *local_name(const char *lists, const char *url_digest, const struct cs_url *u)
{
    const char *p = u->path_query ? u->path_query : "/";
    size_t end = strcspn(p, "?#");
    size_t start = end;
    char name[101], prefix[24];
    size_t n = 0;

    while (start > 0 && p[start - 1] != '/')
        start--;
    for (size_t i = start; i < end && n + 1 < sizeof(name); i++) {
        char c = p[i];
        name[n++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '.' || c == '-' || c == '_'
                        ? c
                        : '_';
    }
    name[n] = '\0';
    snprintf(prefix, sizeof(prefix), "/%.16s-", url_digest);
    return concat(lists, prefix, n ? name : "list");
}

/* The validators and content digest of the copy at base (base.meta: "etag: ...",
 * "last-modified: ...", "sha256: ..." lines); empty strings when absent. */
struct meta {
    char etag[256], last_modified[64], sha256[HEX_LEN];
};

static void read_meta(const char *meta_path, struct meta *m)
{
    FILE *f = fopen(meta_path, "r");
    char line[400];

    memset(m, 0, sizeof(*m));
    while (f && fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "etag: ", 6) == 0)
            snprintf(m->etag, sizeof(m->etag), "%.255s", line + 6);
        else if (strncmp(line, "last-modified: ", 15) == 0)
            snprintf(m->last_modified, sizeof(m->last_modified), "%.63s", line + 15);
        else if (strncmp(line, "sha256: ", 8) == 0)
            snprintf(m->sha256, sizeof(m->sha256), "%.64s", line + 8);
    }
    if (f)
        fclose(f);
}

/* Writes the meta file whole or not at all (a temporary file renamed over it). */
static bool write_meta(const char *meta_path, const struct meta *m)
{
    char *tmp = concat(meta_path, ".tmp", "");
    FILE *f = tmp ? fopen(tmp, "w") : NULL;
    bool ok = f && fprintf(f, "etag: %s\nlast-modified: %s\nsha256: %s\n", m->etag,
                           m->last_modified, m->sha256) > 0;

    ok = f && fclose(f) == 0 && ok && rename(tmp, meta_path) == 0;
    if (!ok && tmp)
        unlink(tmp);
    free(tmp);
    return ok;
}

/* The GET, conditional when a copy is there, its body written to part as it arrives. */
static int get(const struct cs_check_opts *o, const char *url, const struct meta *have,
               const char *part, struct cs_response *r, struct cs_diag *diag)
{
    struct cs_fetch_opts fo = o->fetch;
    char inm[300], ims[100];
    const char *lines[3] = { NULL, NULL, NULL };
    size_t n = 0;
    int rc;

    if (have->sha256[0] && have->etag[0] &&
        snprintf(inm, sizeof(inm), "If-None-Match: %s", have->etag) < (int)sizeof(inm))
        lines[n++] = inm;
    if (have->sha256[0] && have->last_modified[0])
        lines[n++] =
            (snprintf(ims, sizeof(ims), "If-Modified-Since: %s", have->last_modified), ims);
    fo.headers = n ? lines : NULL;
    fo.body_mode = CS_BODY_ALL;
    fo.head = false;
    fo.max_body = CS_URLLIST_REMOTE_MAX_BYTES;
    /* a big list takes as long as it takes while bytes keep coming */
    fo.timeout_ms = CS_URLLIST_REMOTE_TIMEOUT_MS;
    fo.low_speed_bps = CS_URLLIST_REMOTE_LOW_SPEED_BPS;
    fo.low_speed_time_s = CS_LOW_SPEED_TIME_S;
    fo.retries = 0; /* a retry would append to the half-written file: the next run tries again */
    fo.sink = fopen(part, "wb");
    if (!fo.sink) {
        cs_diag_set(diag, 0, CS_E_IO, "cannot write '%.100s': %s", part, strerror(errno));
        return CS_E_IO;
    }
    rc = cs_fetch(&fo, url, r);
    if (fclose(fo.sink) != 0 && rc == CS_OK && !r->error)
        r->error = cs_strdup("io: cannot write the list's copy");
    return rc;
}

/* Why the response is no list to read; NULL when it is one. */
static const char *unusable(const struct cs_response *r, char *buf, size_t len)
{
    if (r->error)
        return r->error;
    if (r->truncated) {
        snprintf(buf, len, "over %llu bytes (CS_URLLIST_REMOTE_MAX_BYTES)",
                 (unsigned long long)CS_URLLIST_REMOTE_MAX_BYTES);
        return buf;
    }
    if (r->http_status != 200) {
        snprintf(buf, len, "HTTP %d", r->http_status);
        return buf;
    }
    return NULL;
}

/* The copy is the new bytes: renamed into place, its validators and digest kept beside it. */
static int keep(const struct cs_response *r, const char *part, const char *base,
                const char *meta_path, struct meta *m, struct cs_diag *diag)
{
    const char *etag = cs_response_header(r, "etag", 0);
    const char *lm = cs_response_header(r, "last-modified", 0);

    memset(m, 0, sizeof(*m));
    snprintf(m->etag, sizeof(m->etag), "%s", etag && !strpbrk(etag, "\r\n") ? etag : "");
    snprintf(m->last_modified, sizeof(m->last_modified), "%s",
             lm && !strpbrk(lm, "\r\n") ? lm : "");
    if (!digest(NULL, part, m->sha256) || rename(part, base) != 0 || !write_meta(meta_path, m)) {
        cs_diag_set(diag, 0, CS_E_IO, "cannot keep the list's copy '%.100s': %s", base,
                    strerror(errno));
        return CS_E_IO;
    }
    return CS_OK;
}

int cs_listfetch(const struct cs_check_opts *o, const char *url, const char *dir,
                 struct cs_listfetch *out, struct cs_diag *diag)
{
    struct cs_response r = { 0 };
    struct cs_url u;
    struct meta m;
    char url_hex[HEX_LEN] = "", why[96];
    char *lists = NULL, *base = NULL, *part = NULL, *meta_path = NULL;
    const char *bad;
    int rc;

    memset(out, 0, sizeof(*out));
    if (cs_url_parse(url, &u, NULL) != CS_OK) {
        cs_diag_set(diag, 0, CS_E_IO, "'%.100s' is not a URL consentscan can fetch", url);
        return CS_E_IO;
    }
    rc = allowed(o, &u, diag);
    if (rc == CS_OK && !digest(u.url, NULL, url_hex))
        rc = CS_E_NOMEM;
    if (rc == CS_OK &&
        (!(lists = concat(dir, "/lists", "")) || !(base = local_name(lists, url_hex, &u)) ||
         !(part = concat(base, ".part", "")) || !(meta_path = concat(base, ".meta", ""))))
        rc = CS_E_NOMEM;
    if (rc == CS_OK && mkdir(lists, 0700) != 0 && errno != EEXIST) {
        cs_diag_set(diag, 0, CS_E_IO, "cannot create '%.100s': %s", lists, strerror(errno));
        rc = CS_E_IO;
    }
    if (rc == CS_OK) {
        read_meta(meta_path, &m);
        if (access(base, R_OK) != 0)
            m.sha256[0] = '\0'; /* no copy to keep: ask unconditionally */
        rc = get(o, u.url, &m, part, &r, diag);
    }
    if (rc == CS_OK && r.http_status == 304 && m.sha256[0]) {
        unlink(part);
    } else if (rc == CS_OK && (bad = unusable(&r, why, sizeof(why))) != NULL) {
        cs_diag_set(diag, 0, CS_E_IO, "%.100s: %.120s", u.url, bad);
        unlink(part);
        rc = CS_E_IO;
    } else if (rc == CS_OK) {
        rc = keep(&r, part, base, meta_path, &m, diag);
        out->fetched = rc == CS_OK;
    }
    if (rc == CS_OK) {
        out->key = concat("url:", u.url, "");
        out->path = base;
        base = NULL;
        if (out->key) { /* the same bytes are the same input: a killed run resumes */
            char *k = concat(out->key, ":sha256:", m.sha256);
            free(out->key);
            out->key = k;
        }
        rc = out->key ? CS_OK : CS_E_NOMEM;
    }
    if (rc != CS_OK && rc != CS_E_IO)
        cs_diag_set(diag, 0, rc, "out of memory");
    if (rc != CS_OK)
        cs_listfetch_release(out);
    cs_response_release(&r);
    cs_url_release(&u);
    free(lists);
    free(base);
    free(part);
    free(meta_path);
    return rc;
}
