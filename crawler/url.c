/* SPDX-License-Identifier: MIT
 * url.c - canonical URLs through curl_url (libcurl >= 7.88 for CURLU_PUNYCODE).
 */
#include "cs_setup.h"

#include "cs_str.h"
#include "url.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int map_uc(CURLUcode uc, const char *what, struct cs_diag *diag)
{
    if (uc == CURLUE_OUT_OF_MEMORY)
        return CS_E_NOMEM;
    if (uc == CURLUE_UNSUPPORTED_SCHEME) {
        cs_diag_set(diag, 0, CS_E_SCHEME, "unsupported URL scheme in '%s'", what);
        return CS_E_SCHEME;
    }
    cs_diag_set(diag, 0, CS_E_URL, "malformed URL '%s': %s", what, curl_url_strerror(uc));
    return CS_E_URL;
}

/* Reads one part into an owned string; CURLUE_NO_* parts give NULL. */
static int get_part(CURLU *h, CURLUPart part, unsigned flags, char **out)
{
    char *v = NULL;
    CURLUcode uc = curl_url_get(h, part, &v, flags);

    *out = NULL;
    if (uc == CURLUE_OK) {
        *out = cs_strdup(v);
        curl_free(v);
        return *out ? CS_OK : CS_E_NOMEM;
    }
    return uc == CURLUE_OUT_OF_MEMORY ? CS_E_NOMEM : CS_OK;
}

/* Lower-cases the host, drops the fragment and checks the scheme (RFC 3986 6.2.2). */
static int normalise(CURLU *h, const char *input, struct cs_diag *diag)
{
    char *scheme = NULL;
    char *host = NULL;
    int rc = CS_OK;

    if (get_part(h, CURLUPART_SCHEME, 0, &scheme) != CS_OK ||
        get_part(h, CURLUPART_HOST, CURLU_PUNYCODE, &host) != CS_OK) {
        rc = CS_E_NOMEM;
        goto out;
    }
    if (!scheme || (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0)) {
        cs_diag_set(diag, 0, CS_E_SCHEME, "unsupported URL scheme '%s' in '%s'",
                    scheme ? scheme : "", input);
        rc = CS_E_SCHEME;
        goto out;
    }
    if (!host || !*host) {
        cs_diag_set(diag, 0, CS_E_URL, "malformed URL '%s': no host", input);
        rc = CS_E_URL;
        goto out;
    }
    cs_str_lower(host);
    if (curl_url_set(h, CURLUPART_HOST, host, 0) != CURLUE_OK ||
        curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK)
        rc = map_uc(CURLUE_MALFORMED_INPUT, input, diag);
out:
    free(scheme);
    free(host);
    return rc;
}

static int fill(CURLU *h, struct cs_url *out)
{
    const unsigned f = CURLU_NO_DEFAULT_PORT | CURLU_PUNYCODE;
    char *port = NULL;
    char *path = NULL;
    char *query = NULL;
    size_t n;
    int rc;

    rc = get_part(h, CURLUPART_URL, f, &out->url);
    if (rc == CS_OK)
        rc = get_part(h, CURLUPART_SCHEME, 0, &out->scheme);
    if (rc == CS_OK)
        rc = get_part(h, CURLUPART_HOST, CURLU_PUNYCODE, &out->host);
    if (rc == CS_OK)
        rc = get_part(h, CURLUPART_PORT, CURLU_DEFAULT_PORT, &port);
    if (rc == CS_OK)
        rc = get_part(h, CURLUPART_PATH, 0, &path);
    if (rc == CS_OK)
        rc = get_part(h, CURLUPART_QUERY, 0, &query);
    if (rc == CS_OK && (!out->url || !out->scheme || !out->host || !path))
        rc = CS_E_NOMEM;
    if (rc == CS_OK) {
        out->port = port ? (int)strtol(port, NULL, 10) : 0;
        cs_str_lower(out->scheme);
        n = strlen(path) + (query ? strlen(query) + 1 : 0) + 1;
        out->path_query = malloc(n);
        n = strlen(out->scheme) + strlen(out->host) + 16;
        out->origin = malloc(n);
        if (!out->path_query || !out->origin) {
            rc = CS_E_NOMEM;
        } else {
            snprintf(out->path_query, strlen(path) + (query ? strlen(query) + 1 : 0) + 1, "%s%s%s",
                     path, query ? "?" : "", query ? query : "");
            bool dflt = (out->port == 80 && strcmp(out->scheme, "http") == 0) ||
                        (out->port == 443 && strcmp(out->scheme, "https") == 0);
            if (dflt)
                snprintf(out->origin, n, "%s://%s", out->scheme, out->host);
            else
                snprintf(out->origin, n, "%s://%s:%d", out->scheme, out->host, out->port);
        }
    }
    free(port);
    free(path);
    free(query);
    return rc;
}

int cs_url_parse(const char *input, struct cs_url *out, struct cs_diag *diag)
{
    CURLU *h = curl_url();
    CURLUcode uc;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!h)
        return CS_E_NOMEM;
    uc = curl_url_set(h, CURLUPART_URL, input, CURLU_NON_SUPPORT_SCHEME);
    rc = uc == CURLUE_OK ? normalise(h, input, diag) : map_uc(uc, input, diag);
    if (rc == CS_OK)
        rc = fill(h, out);
    curl_url_cleanup(h);
    if (rc != CS_OK)
        cs_url_release(out);
    return rc;
}

void cs_url_release(struct cs_url *u)
{
    free(u->url);
    free(u->origin);
    free(u->scheme);
    free(u->host);
    free(u->path_query);
    memset(u, 0, sizeof(*u));
}

int cs_url_resolve(const char *base, const char *ref, char **out, struct cs_diag *diag)
{
    CURLU *h = curl_url();
    char *joined = NULL;
    struct cs_url u;
    int rc;

    *out = NULL;
    if (!h)
        return CS_E_NOMEM;
    if (curl_url_set(h, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
        curl_url_set(h, CURLUPART_URL, ref, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
        get_part(h, CURLUPART_URL, 0, &joined) != CS_OK || !joined) {
        curl_url_cleanup(h);
        cs_diag_set(diag, 0, CS_E_URL, "malformed URL '%s' relative to '%s'", ref, base);
        return CS_E_URL;
    }
    curl_url_cleanup(h);
    rc = cs_url_parse(joined, &u, diag);
    free(joined);
    if (rc == CS_OK) {
        *out = u.url;
        u.url = NULL;
        cs_url_release(&u);
    }
    return rc;
}

bool cs_url_host_is_invalid(const char *host)
{
    size_t n = strlen(host);

    if (n && host[n - 1] == '.')
        n--;
    if (n == 7 && strncasecmp(host, "invalid", 7) == 0)
        return true;
    return n > 8 && strncasecmp(host + n - 8, ".invalid", 8) == 0;
}
