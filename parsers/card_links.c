/* SPDX-License-Identifier: MIT
 * card_links.c - the links of a card (issue 4 item 2): every http(s) URL of the Markdown body
 * and of front matter strings, with the label, link text and headings around it for the class
 * table (card_rules.c). Markdown is read line by line, cheaply: inline links [t](url "title"),
 * <url> autolinks, bare URLs (GFM's extended-autolink trimming: trailing punctuation and an
 * unbalanced ")" are not part of the URL, so Wikipedia's "Foo_(bar)" keeps its parentheses),
 * reference definitions [id]: url, and HTML attributes href="url" all come out of one URL
 * finder that looks at the character before the URL to know where it ends.
 */
#include "cs_setup.h"

#include "card_int.h"
#include "cs_str.h"

#include <ctype.h>
#include <strings.h>

#define LINK_SLOTS    16384 /* a power of two above CS_CARD_MAX_LINKS / 0.7 */
#define LABEL_MAX     60    /* a longer text before the first colon is prose, not a label */
#define HEADING_BUF   512
#define LINK_TEXT_MAX 300 /* a link text is looked for this far back, no further */
#define HEADING_LVLS  6

int cs_card_links_init(struct cs_card_links *l, struct cs_card *c)
{
    l->card = c;
    l->nslots = LINK_SLOTS;
    l->slots = calloc(l->nslots, sizeof(*l->slots));
    return l->slots ? CS_OK : CS_E_NOMEM;
}

void cs_card_links_release(struct cs_card_links *l)
{
    free(l->slots);
    l->slots = NULL;
}

int cs_card_links_add(struct cs_card_links *l, const char *url, size_t n, enum cs_link_class cls,
                      const char *where, int line)
{
    struct cs_card *c = l->card;
    size_t h = (cs_str_hash(url, n) ^ (size_t)cls * 0x9e3779b9u) & (l->nslots - 1);
    struct cs_card_link *k;

    for (; l->slots[h]; h = (h + 1) & (l->nslots - 1)) {
        const struct cs_card_link *o = &c->links[l->slots[h] - 1];
        if (o->cls == cls && strlen(o->url) == n && memcmp(o->url, url, n) == 0)
            return CS_OK;
    }
    if (c->link_count >= CS_CARD_MAX_LINKS) {
        c->links_truncated = true;
        return CS_OK;
    }
    if ((c->link_count & (c->link_count - 1)) == 0) { /* grow at powers of two */
        k = realloc(c->links, (c->link_count ? c->link_count * 2 : 8) * sizeof(*k));
        if (!k)
            return CS_E_NOMEM;
        c->links = k;
    }
    k = &c->links[c->link_count];
    *k = (struct cs_card_link){ cs_strndup(url, n), cs_strdup(where), cls, line };
    if (!k->url || !k->where) {
        free(k->url);
        free(k->where);
        return CS_E_NOMEM;
    }
    l->slots[h] = (uint32_t)++c->link_count;
    return CS_OK;
}

/* Whitespace and control characters end every URL. */
static bool ends_url(char c)
{
    return (unsigned char)c <= ' ' || c == 0x7f;
}

/* True when s (n bytes) is valid UTF-8 (RFC 3629): jansson keeps only valid text. */
static bool valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;

    while (p < end) {
        unsigned c = *p, need, v;
        if (c < 0x80) {
            p++;
            continue;
        }
        need = c >= 0xC2 && c < 0xE0   ? 1
               : c >= 0xE0 && c < 0xF0 ? 2
               : c >= 0xF0 && c < 0xF5 ? 3
                                       : 0;
        if (!need || (size_t)(end - p) <= need)
            return false;
        v = c & (0x3Fu >> need);
        for (unsigned k = 1; k <= need; k++) {
            if ((p[k] & 0xC0) != 0x80)
                return false;
            v = (v << 6) | (p[k] & 0x3Fu);
        }
        if ((need == 2 && (v < 0x800 || (v >= 0xD800 && v < 0xE000))) ||
            (need == 3 && (v < 0x10000 || v > 0x10FFFF)))
            return false;
        p += need + 1;
    }
    return true;
}

/* CommonMark 6.3: a destination in <...> may hold spaces and ends at '>'. */
static size_t end_angle(const char *s, size_t i, size_t n)
{
    while (i < n && s[i] != '>' && (s[i] == ' ' || !ends_url(s[i])))
        i++;
    return i;
}

static bool starts_ci(const char *s, size_t n, const char *p)
{
    size_t pn = strlen(p);
    return n >= pn && strncasecmp(s, p, pn) == 0;
}

/* End of a URL in a Markdown link destination: whitespace or an unbalanced ")". */
static size_t end_destination(const char *s, size_t i, size_t n)
{
    int depth = 0;

    for (; i < n && !ends_url(s[i]); i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && depth-- == 0)
            break;
    }
    return i;
}

/* End of a bare URL: stop characters, then GFM's trimming of trailing punctuation and of ")"
 * that closes nothing inside the URL (counted once, so trimming stays linear). */
static size_t end_bare(const char *s, size_t start, size_t n)
{
    size_t i = start, open = 0, close = 0;

    for (; i < n && !ends_url(s[i]) && !strchr("<>\"`[]{}|\\^", s[i]); i++) {
        open += s[i] == '(';
        close += s[i] == ')';
    }
    while (i > start) {
        if (strchr("?!.,:*_~;'", s[i - 1])) {
            i--;
        } else if (s[i - 1] == ')' && close > open) {
            i--;
            close--;
        } else {
            break;
        }
    }
    return i;
}

static size_t end_until(const char *s, size_t i, size_t n, char stop)
{
    while (i < n && s[i] != stop && s[i] != '>' && !ends_url(s[i]))
        i++;
    return i;
}

/* Finds the next http(s) URL of s[from, n): its bounds in *a and *b. */
static bool find_url(const char *s, size_t n, size_t from, size_t *a, size_t *b)
{
    for (size_t i = from; i + 8 <= n; i++) {
        size_t skip, end, lim;
        if ((s[i] | 0x20) != 'h' || (i > 0 && isalnum((unsigned char)s[i - 1])))
            continue;
        skip = starts_ci(s + i, n - i, "https://") ? 8 : starts_ci(s + i, n - i, "http://") ? 7 : 0;
        if (!skip || i + skip >= n || !(isalnum((unsigned char)s[i + skip]) || s[i + skip] == '['))
            continue;
        lim = n - i > CS_MAX_URL_LEN ? i + CS_MAX_URL_LEN + 1 : n; /* longer is no URL */
        if (i > 2 && s[i - 1] == '<' && s[i - 2] == '(' && s[i - 3] == ']')
            end = end_angle(s, i, lim);
        else if (i > 0 && s[i - 1] == '<')
            end = end_until(s, i, lim, '>');
        else if (i > 0 && (s[i - 1] == '"' || s[i - 1] == '\''))
            end = end_until(s, i, lim, s[i - 1]);
        else if (i > 1 && s[i - 1] == '(' && s[i - 2] == ']')
            end = end_destination(s, i, lim);
        else
            end = end_bare(s, i, lim);
        if (end - i <= skip)
            continue;
        if (end - i > CS_MAX_URL_LEN || !valid_utf8(s + i, end - i)) {
            i = end - 1; /* skip the whole run: rescanning inside it would be quadratic */
            continue;
        }
        *a = i;
        *b = end;
        return true;
    }
    return false;
}

int cs_card_scan_text(struct cs_card_links *l, const char *s, size_t n,
                      const struct cs_card_ctx *ctx, const char *where, int line)
{
    size_t a, b, pos = 0;
    int rc = CS_OK;

    while (rc == CS_OK && !l->card->links_truncated && find_url(s, n, pos, &a, &b)) {
        rc = cs_card_links_add(l, s + a, b - a, cs_card_classify(s + a, b - a, ctx), where, line);
        pos = b;
    }
    return rc;
}

/* The state of the body reader between lines. */
struct body {
    struct cs_card_links *l;
    char fence; /* '`' or '~' inside a fenced code block, else 0 */
    size_t fence_n;
    const char *heads[HEADING_LVLS]; /* heading texts in force per level (into the body) */
    size_t head_lens[HEADING_LVLS];
    char heading[HEADING_BUF]; /* the same, joined */
    char **homepage;           /* the first URL of a Homepage line; owned by the caller */
};

static size_t indent(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* A fence line opens or closes a fenced code block (CommonMark 4.5); true when s is one. */
static bool fence_line(struct body *b, const char *s, size_t n)
{
    size_t i = indent(s, n), k = i;
    char c = i < n ? s[i] : 0;

    if (i > 3 || (c != '`' && c != '~'))
        return false;
    while (k < n && s[k] == c)
        k++;
    if (k - i < 3)
        return false;
    if (!b->fence) {
        b->fence = c;
        b->fence_n = k - i;
    } else if (c == b->fence && k - i >= b->fence_n && indent(s + k, n - k) == n - k) {
        b->fence = 0;
    } else {
        return false; /* a shorter or different fence inside a block is code */
    }
    return true;
}

static void join_headings(struct body *b)
{
    size_t used = 0;

    b->heading[0] = '\0';
    for (int i = 0; i < HEADING_LVLS; i++) {
        int w;
        if (!b->heads[i])
            continue;
        w = snprintf(b->heading + used, sizeof(b->heading) - used, "%s%.*s", used ? " / " : "",
                     (int)b->head_lens[i], b->heads[i]);
        if (w < 0 || (size_t)w >= sizeof(b->heading) - used)
            break;
        used += (size_t)w;
    }
}

/* An ATX heading (CommonMark 4.2) updates the headings in force. */
static void heading_line(struct body *b, const char *s, size_t n)
{
    size_t i = indent(s, n), lvl = 0;

    if (i > 3)
        return;
    while (i + lvl < n && s[i + lvl] == '#')
        lvl++;
    if (lvl < 1 || lvl > HEADING_LVLS || (i + lvl < n && s[i + lvl] != ' ' && s[i + lvl] != '\t'))
        return;
    s += i + lvl;
    n -= i + lvl;
    while (n > 0 && (s[n - 1] == '#' || isspace((unsigned char)s[n - 1])))
        n--;
    i = indent(s, n);
    b->heads[lvl - 1] = s + i;
    b->head_lens[lvl - 1] = n - i;
    for (size_t k = lvl; k < HEADING_LVLS; k++)
        b->heads[k] = NULL;
    join_headings(b);
}

/* The line's label: the text before its first colon, when short and not a URL's scheme. */
static size_t label_end(const char *s, size_t n)
{
    const char *c = memchr(s, ':', n < LABEL_MAX + 8 ? n : LABEL_MAX + 8);
    size_t at = c ? (size_t)(c - s) : 0;

    if (!c || (at + 2 < n && s[at + 1] == '/' && s[at + 2] == '/'))
        return 0;
    return at;
}

/* The text of the [text] that ends right before "](" at s[at]. */
static void link_text(const char *s, size_t at, struct cs_card_ctx *ctx)
{
    int depth = 0;

    for (size_t i = at; i-- > 0 && at - i <= LINK_TEXT_MAX;) {
        if (s[i] == ']')
            depth++;
        else if (s[i] == '[' && depth-- == 0) {
            ctx->label = s + i + 1;
            ctx->label_len = at - i - 1;
            return;
        }
    }
}

static int read_line(struct body *b, const char *s, size_t n, int line)
{
    size_t lab = label_end(s, n), a, c, pos = 0;
    int rc = CS_OK;

    while (rc == CS_OK && !b->l->card->links_truncated && find_url(s, n, pos, &a, &c)) {
        struct cs_card_ctx ctx = { .heading = b->heading[0] ? b->heading : NULL };
        if (lab && lab < a) {
            ctx.label = s;
            ctx.label_len = lab;
        } else if (a > 1 && s[a - 1] == '(' && s[a - 2] == ']') {
            link_text(s, a - 2, &ctx);
        }
        /* issue 4: the first URL of a "Homepage:" line is the homepage */
        if (!*b->homepage && ctx.label && cs_card_has_word(ctx.label, ctx.label_len, "homepage")) {
            *b->homepage = cs_strndup(s + a, c - a);
            if (!*b->homepage)
                return CS_E_NOMEM;
        }
        rc = cs_card_links_add(b->l, s + a, c - a, cs_card_classify(s + a, c - a, &ctx), "body",
                               line);
        pos = c;
    }
    return rc;
}

int cs_card_scan_body(struct cs_card_links *l, const char *body, size_t len, int first_line,
                      char **homepage)
{
    struct body b = { .l = l, .homepage = homepage };
    size_t pos = 0;
    int line = first_line, rc = CS_OK;

    while (rc == CS_OK && pos < len && !l->card->links_truncated) {
        size_t e = pos;
        while (e < len && body[e] != '\n' && body[e] != '\r')
            e++;
        if (fence_line(&b, body + pos, e - pos)) {
            /* the fence line itself ("```bash") holds no link */
        } else if (b.fence) {
            rc = cs_card_scan_text(l, body + pos, e - pos, NULL, "body", line);
        } else {
            heading_line(&b, body + pos, e - pos);
            rc = read_line(&b, body + pos, e - pos, line);
        }
        pos = e + (e < len && body[e] == '\r' && e + 1 < len && body[e + 1] == '\n') + 1;
        line++;
    }
    return rc;
}
