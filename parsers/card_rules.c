/* SPDX-License-Identifier: MIT
 * card_rules.c - the one table that classes a link found in a card (issue 4: "only data-source
 * links flag a dataset"; lineage.h enum cs_link_class). Rows are tried in order and the first
 * that matches wins, so the order is the precedence: what the card says outright (a Homepage
 * line) first, then what a URL's shape proves (the Hub's own copy, a licence deed, a paper
 * host, a data file), then what the text around it says (label, key, heading), then weak
 * guesses from the host. The host and path are split here only to class the URL; the URL itself
 * is kept as written.
 */
#include "cs_setup.h"

#include "card_int.h"

#include <ctype.h>
#include <strings.h>

enum match {
    M_LABEL,   /* a word of the body line's label (or link text) */
    M_KEY,     /* a segment of the front matter key path */
    M_HEADING, /* a word of the headings in force */
    M_HOST,    /* the host or a subdomain of it */
    M_PREFIX,  /* host (or a subdomain) and path prefix: "host/path" */
    M_SUFFIX,  /* the path ends so (case-insensitive) */
    M_LAST,    /* the last path segment starts so (case-insensitive) */
};

struct rule {
    enum match m;
    const char *pat;
    enum cs_link_class cls;
};

/* Why each group of rows exists is in the comment above it. */
static const struct rule rules[] = {
    /* Issue 4: the card's "Homepage:" line and the YAML homepage are the homepage, wherever they
     * point (a homepage on the Hub is still the homepage). */
    { M_LABEL, "homepage", CS_LINK_HOMEPAGE },
    { M_KEY, "homepage", CS_LINK_HOMEPAGE },
    /* Hub paper pages are papers, and Hub documentation is no copy of anything. */
    { M_PREFIX, "huggingface.co/papers", CS_LINK_PAPER },
    { M_PREFIX, "huggingface.co/docs", CS_LINK_OTHER },
    { M_PREFIX, "huggingface.co/blog", CS_LINK_OTHER },
    { M_PREFIX, "huggingface.co/learn", CS_LINK_OTHER },
    /* Issue 4: copies hosted by the index itself (repo pages, resolve/blob files, parquet
     * conversions, the dataset viewer, LFS and Xet storage) are not sources, whatever the text
     * around them says. */
    { M_HOST, "huggingface.co", CS_LINK_HOSTED },
    { M_HOST, "hf.co", CS_LINK_HOSTED },
    /* Licence deeds and licence files are licences (stored, never flagged). */
    { M_PREFIX, "creativecommons.org/licenses", CS_LINK_LICENSE },
    { M_PREFIX, "creativecommons.org/publicdomain", CS_LINK_LICENSE },
    { M_PREFIX, "opensource.org/licenses", CS_LINK_LICENSE },
    { M_PREFIX, "opensource.org/license", CS_LINK_LICENSE },
    { M_PREFIX, "spdx.org/licenses", CS_LINK_LICENSE },
    { M_PREFIX, "www.apache.org/licenses", CS_LINK_LICENSE },
    { M_PREFIX, "www.gnu.org/licenses", CS_LINK_LICENSE },
    { M_PREFIX, "opendatacommons.org/licenses", CS_LINK_LICENSE },
    { M_PREFIX, "cdla.dev", CS_LINK_LICENSE },
    { M_HOST, "choosealicense.com", CS_LINK_LICENSE },
    { M_LAST, "license", CS_LINK_LICENSE },
    { M_LAST, "licence", CS_LINK_LICENSE },
    /* Paper hosts: preprint servers, DOIs, proceedings and paper indexes. */
    { M_HOST, "arxiv.org", CS_LINK_PAPER },
    { M_HOST, "doi.org", CS_LINK_PAPER },
    { M_HOST, "aclanthology.org", CS_LINK_PAPER },
    { M_PREFIX, "aclweb.org/anthology", CS_LINK_PAPER },
    { M_HOST, "openreview.net", CS_LINK_PAPER },
    { M_HOST, "paperswithcode.com", CS_LINK_PAPER },
    { M_HOST, "semanticscholar.org", CS_LINK_PAPER },
    { M_HOST, "proceedings.neurips.cc", CS_LINK_PAPER },
    { M_HOST, "papers.nips.cc", CS_LINK_PAPER },
    { M_HOST, "proceedings.mlr.press", CS_LINK_PAPER },
    { M_HOST, "openaccess.thecvf.com", CS_LINK_PAPER },
    { M_HOST, "dl.acm.org", CS_LINK_PAPER },
    { M_HOST, "ieeexplore.ieee.org", CS_LINK_PAPER },
    { M_HOST, "link.springer.com", CS_LINK_PAPER },
    { M_HOST, "biorxiv.org", CS_LINK_PAPER },
    { M_HOST, "medrxiv.org", CS_LINK_PAPER },
    { M_HOST, "ssrn.com", CS_LINK_PAPER },
    { M_PREFIX, "researchgate.net/publication", CS_LINK_PAPER },
    /* Issue 4: a link to a data file is a data source, whatever the text says. */
    { M_SUFFIX, ".csv", CS_LINK_DATA },
    { M_SUFFIX, ".tsv", CS_LINK_DATA },
    { M_SUFFIX, ".json", CS_LINK_DATA },
    { M_SUFFIX, ".jsonl", CS_LINK_DATA },
    { M_SUFFIX, ".ndjson", CS_LINK_DATA },
    { M_SUFFIX, ".parquet", CS_LINK_DATA },
    { M_SUFFIX, ".arrow", CS_LINK_DATA },
    { M_SUFFIX, ".zip", CS_LINK_DATA },
    { M_SUFFIX, ".tar", CS_LINK_DATA },
    { M_SUFFIX, ".tgz", CS_LINK_DATA },
    { M_SUFFIX, ".gz", CS_LINK_DATA }, /* .json.gz .tar.gz .warc.gz .txt.gz ... */
    { M_SUFFIX, ".bz2", CS_LINK_DATA },
    { M_SUFFIX, ".xz", CS_LINK_DATA },
    { M_SUFFIX, ".zst", CS_LINK_DATA },
    { M_SUFFIX, ".7z", CS_LINK_DATA },
    { M_SUFFIX, ".warc", CS_LINK_DATA },
    { M_SUFFIX, ".wet", CS_LINK_DATA },
    { M_SUFFIX, ".wat", CS_LINK_DATA },
    { M_SUFFIX, ".xlsx", CS_LINK_DATA },
    { M_SUFFIX, ".tfrecord", CS_LINK_DATA },
    { M_SUFFIX, ".npz", CS_LINK_DATA },
    { M_SUFFIX, ".h5", CS_LINK_DATA },
    /* The line's label says what the link is ("- **Paper:** ...", "[Download](...)"). "source
     * code" comes before "source": source code is code, other sources are data. */
    { M_LABEL, "source code", CS_LINK_CODE },
    { M_LABEL, "source data", CS_LINK_DATA },
    { M_LABEL, "data source", CS_LINK_DATA },
    { M_LABEL, "data sources", CS_LINK_DATA },
    { M_LABEL, "original data", CS_LINK_DATA },
    { M_LABEL, "raw data", CS_LINK_DATA },
    { M_LABEL, "download", CS_LINK_DATA },
    { M_LABEL, "downloads", CS_LINK_DATA },
    { M_LABEL, "source", CS_LINK_DATA },
    { M_LABEL, "sources", CS_LINK_DATA },
    { M_LABEL, "paper", CS_LINK_PAPER },
    { M_LABEL, "papers", CS_LINK_PAPER },
    { M_LABEL, "citation", CS_LINK_PAPER },
    { M_LABEL, "publication", CS_LINK_PAPER },
    { M_LABEL, "arxiv", CS_LINK_PAPER },
    { M_LABEL, "code", CS_LINK_CODE },
    { M_LABEL, "repository", CS_LINK_CODE },
    { M_LABEL, "repo", CS_LINK_CODE },
    { M_LABEL, "github", CS_LINK_CODE },
    { M_LABEL, "license", CS_LINK_LICENSE },
    { M_LABEL, "licence", CS_LINK_LICENSE },
    { M_LABEL, "licensing", CS_LINK_LICENSE },
    { M_LABEL, "leaderboard", CS_LINK_OTHER },
    { M_LABEL, "point of contact", CS_LINK_OTHER },
    /* Front matter keys that name what their value is (peers.md 5.1): configs.data_files and
     * the card fields naming sources are data (issue 4); licence and paper keys are what they
     * say. Not "source": model-index results carry a source.url that is a leaderboard. */
    { M_KEY, "license", CS_LINK_LICENSE },
    { M_KEY, "licenses", CS_LINK_LICENSE },
    { M_KEY, "license_link", CS_LINK_LICENSE },
    { M_KEY, "license_name", CS_LINK_LICENSE },
    { M_KEY, "license_details", CS_LINK_LICENSE },
    { M_KEY, "paper", CS_LINK_PAPER },
    { M_KEY, "arxiv", CS_LINK_PAPER },
    { M_KEY, "citation", CS_LINK_PAPER },
    { M_KEY, "repository", CS_LINK_CODE },
    { M_KEY, "code", CS_LINK_CODE },
    { M_KEY, "data_files", CS_LINK_DATA },
    { M_KEY, "source_datasets", CS_LINK_DATA },
    { M_KEY, "datasets", CS_LINK_DATA },
    /* Issue 4: links under a "Source Data" / "Data Collection" heading (the Hub card template's
     * sections) point at sources; the licensing and citation sections hold licences and papers. */
    { M_HEADING, "source data", CS_LINK_DATA },
    { M_HEADING, "data source", CS_LINK_DATA },
    { M_HEADING, "data sources", CS_LINK_DATA },
    { M_HEADING, "data collection", CS_LINK_DATA },
    { M_HEADING, "download", CS_LINK_DATA },
    { M_HEADING, "licensing", CS_LINK_LICENSE },
    { M_HEADING, "license", CS_LINK_LICENSE },
    { M_HEADING, "citation", CS_LINK_PAPER },
    /* A repository host with nothing else said is code. */
    { M_HOST, "github.com", CS_LINK_CODE },
    { M_HOST, "raw.githubusercontent.com", CS_LINK_CODE },
    { M_HOST, "gitlab.com", CS_LINK_CODE },
    { M_HOST, "bitbucket.org", CS_LINK_CODE },
    { M_HOST, "codeberg.org", CS_LINK_CODE },
};

/* The parts of a URL the rules read: host (no user info, no port) and path (no query). */
struct parts {
    const char *host;
    size_t host_len;
    const char *path;
    size_t path_len;
};

static void split(const char *url, size_t n, struct parts *p)
{
    const char *end = url + n;
    const char *s = memchr(url, ':', n);
    const char *h, *at;

    s = s ? s + 1 : url;
    while (s < end && *s == '/')
        s++;
    h = s;
    while (s < end && *s != '/' && *s != '?' && *s != '#')
        s++;
    at = h;
    for (const char *q = h; q < s; q++)
        if (*q == '@')
            at = q + 1;
    p->host = at;
    p->host_len = (size_t)(s - at);
    for (const char *q = at; q < s; q++)
        if (*q == ':') {
            p->host_len = (size_t)(q - at);
            break;
        }
    p->path = s;
    while (s < end && *s != '?' && *s != '#')
        s++;
    p->path_len = (size_t)(s - p->path);
}

/* host equals pat, or ends with "." pat (a subdomain). */
static bool host_is(const struct parts *p, const char *pat, size_t n)
{
    if (p->host_len == n)
        return strncasecmp(p->host, pat, n) == 0;
    return p->host_len > n && p->host[p->host_len - n - 1] == '.' &&
           strncasecmp(p->host + p->host_len - n, pat, n) == 0;
}

static bool prefix_is(const struct parts *p, const char *pat)
{
    const char *slash = strchr(pat, '/');
    size_t hn = slash ? (size_t)(slash - pat) : strlen(pat);
    size_t pn = slash ? strlen(slash) : 0;

    if (!host_is(p, pat, hn))
        return false;
    return p->path_len >= pn && strncasecmp(p->path, slash ? slash : "", pn) == 0 &&
           (p->path_len == pn || p->path[pn] == '/');
}

static bool suffix_is(const struct parts *p, const char *pat)
{
    size_t n = strlen(pat);
    return p->path_len > n && strncasecmp(p->path + p->path_len - n, pat, n) == 0;
}

static bool last_is(const struct parts *p, const char *pat)
{
    const char *s = p->path + p->path_len;
    size_t n = strlen(pat);

    while (s > p->path && s[-1] != '/')
        s--;
    return (size_t)(p->path + p->path_len - s) >= n && strncasecmp(s, pat, n) == 0;
}

/* True when a segment of the key path ("configs[0].data_files[1].path") is pat. */
static bool key_has(const char *key, const char *pat)
{
    size_t n = strlen(pat);

    for (const char *s = key; *s;) {
        size_t len = strcspn(s, ".[]");
        if (len == n && strncasecmp(s, pat, n) == 0)
            return true;
        s += len + (s[len] != '\0');
    }
    return false;
}

bool cs_card_has_word(const char *s, size_t n, const char *w)
{
    size_t wn = strlen(w);

    for (size_t i = 0; wn && i + wn <= n; i++) {
        bool before = i == 0 || !isalnum((unsigned char)s[i - 1]);
        bool after = i + wn == n || !isalnum((unsigned char)s[i + wn]);
        if (before && after && strncasecmp(s + i, w, wn) == 0)
            return true;
    }
    return false;
}

static bool matches(const struct rule *r, const struct parts *p, const struct cs_card_ctx *c)
{
    switch (r->m) {
    case M_LABEL:
        return c->label && cs_card_has_word(c->label, c->label_len, r->pat);
    case M_KEY:
        return c->key && key_has(c->key, r->pat);
    case M_HEADING:
        return c->heading && cs_card_has_word(c->heading, strlen(c->heading), r->pat);
    case M_HOST:
        return host_is(p, r->pat, strlen(r->pat));
    case M_PREFIX:
        return prefix_is(p, r->pat);
    case M_SUFFIX:
        return suffix_is(p, r->pat);
    case M_LAST:
        return last_is(p, r->pat);
    }
    return false;
}

enum cs_link_class cs_card_classify(const char *url, size_t n, const struct cs_card_ctx *ctx)
{
    static const struct cs_card_ctx none = { 0 };
    struct parts p;

    split(url, n, &p);
    for (size_t i = 0; i < CS_ARRAY_LEN(rules); i++)
        if (matches(&rules[i], &p, ctx ? ctx : &none))
            return rules[i].cls;
    return CS_LINK_OTHER;
}
