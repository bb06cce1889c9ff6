/* SPDX-License-Identifier: MIT
 * urllist_detect.c - format names and detection for urllist.h (the rule is in the header).
 */
#include "cs_setup.h"

#include "urllist.h"

#include <strings.h>

static const struct {
    const char *ext;
    enum cs_urllist_format fmt;
} exts[] = {
    { "txt", CS_URLLIST_TXT },     { "list", CS_URLLIST_TXT },     { "urls", CS_URLLIST_TXT },
    { "csv", CS_URLLIST_CSV },     { "tsv", CS_URLLIST_TSV },      { "tab", CS_URLLIST_TSV },
    { "jsonl", CS_URLLIST_JSONL }, { "ndjson", CS_URLLIST_JSONL }, { "json", CS_URLLIST_JSONL },
};

enum cs_urllist_format cs_urllist_format_parse(const char *s)
{
    if (!s)
        return CS_URLLIST_AUTO;
    if (strcmp(s, "txt") == 0)
        return CS_URLLIST_TXT;
    if (strcmp(s, "csv") == 0)
        return CS_URLLIST_CSV;
    if (strcmp(s, "tsv") == 0)
        return CS_URLLIST_TSV;
    if (strcmp(s, "jsonl") == 0 || strcmp(s, "ndjson") == 0)
        return CS_URLLIST_JSONL;
    return CS_URLLIST_AUTO;
}

const char *cs_urllist_format_name(enum cs_urllist_format f)
{
    switch (f) {
    case CS_URLLIST_TXT:
        return "txt";
    case CS_URLLIST_CSV:
        return "csv";
    case CS_URLLIST_TSV:
        return "tsv";
    case CS_URLLIST_JSONL:
        return "jsonl";
    case CS_URLLIST_AUTO:
        break;
    }
    return "auto";
}

/* The extension before an optional ".gz" / ".gzip". */
static enum cs_urllist_format from_name(const char *name)
{
    const char *base = strrchr(name, '/');
    size_t n;
    const char *dot;
    char ext[16];

    base = base ? base + 1 : name;
    n = strlen(base);
    if (n > 3 && strcasecmp(base + n - 3, ".gz") == 0)
        n -= 3;
    else if (n > 5 && strcasecmp(base + n - 5, ".gzip") == 0)
        n -= 5;
    dot = NULL;
    for (size_t i = 0; i < n; i++)
        if (base[i] == '.')
            dot = base + i;
    if (!dot || (size_t)(base + n - dot - 1) >= sizeof(ext))
        return CS_URLLIST_AUTO;
    memcpy(ext, dot + 1, (size_t)(base + n - dot - 1));
    ext[base + n - dot - 1] = '\0';
    for (size_t i = 0; i < CS_ARRAY_LEN(exts); i++)
        if (strcasecmp(ext, exts[i].ext) == 0)
            return exts[i].fmt;
    return CS_URLLIST_AUTO;
}

static enum cs_urllist_format from_head(const char *p, size_t len)
{
    size_t i = 0, end;

    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (i == len)
        return CS_URLLIST_AUTO;
    if (p[i] == '{')
        return CS_URLLIST_JSONL;
    if (p[i] == '#') /* a comment: csv has none, so a commented list is txt */
        return CS_URLLIST_TXT;
    for (end = i; end < len && p[end] != '\n';)
        end++;
    if (memchr(p + i, '\t', end - i))
        return CS_URLLIST_TSV;
    if (memchr(p + i, ',', end - i) && !cs_urllist_looks_like_url(p + i, end - i))
        return CS_URLLIST_CSV;
    return CS_URLLIST_TXT;
}

enum cs_urllist_format cs_urllist_detect(const char *name, const char *head, size_t len)
{
    enum cs_urllist_format f = name ? from_name(name) : CS_URLLIST_AUTO;

    if (f == CS_URLLIST_AUTO && head)
        f = from_head(head, len);
    return f;
}
