/* SPDX-License-Identifier: MIT
 * sf.c - RFC 9651 Structured Field Values parser: one function per algorithm of RFC 9651 4.2,
 * in the RFC's order of steps, so that the failures happen where the RFC says they do.
 */
#include "cs_setup.h"

#include "sf.h"

#include "cs_buf.h"
#include "cs_str.h"

/* The parser's cursor over the combined, ASCII-checked value. */
struct sfp {
    const char *s;
    size_t len;
    size_t pos;
    struct cs_diag *diag;
};

static int fail(struct sfp *p, size_t at, int code, const char *what)
{
    cs_diag_set(p->diag, 0, code, "%s at offset %zu", what, at);
    return code;
}

static int nomem(struct sfp *p)
{
    cs_diag_set(p->diag, 0, CS_E_NOMEM, "out of memory");
    return CS_E_NOMEM;
}

/* The next character, or -1 at the end. */
static int peek(const struct sfp *p)
{
    return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_lcalpha(int c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_alpha(int c)
{
    return is_lcalpha(c) || (c >= 'A' && c <= 'Z');
}

/* RFC 9110 5.6.2 tchar. */
static bool is_tchar(int c)
{
    return c > 0 && (is_alpha(c) || is_digit(c) || strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static bool is_keychar(int c)
{
    return is_lcalpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.' || c == '*';
}

static void skip_sp(struct sfp *p)
{
    while (peek(p) == ' ')
        p->pos++;
}

/* OWS = *( SP / HTAB ) (RFC 9110 5.6.3): only around List and Dictionary commas. */
static void skip_ows(struct sfp *p)
{
    while (peek(p) == ' ' || peek(p) == '\t')
        p->pos++;
}

static void bare_release(struct cs_sf_bare *b)
{
    free(b->str);
    memset(b, 0, sizeof(*b));
}

static void params_release(struct cs_sf_params *ps)
{
    for (size_t i = 0; i < ps->count; i++) {
        free(ps->v[i].key);
        bare_release(&ps->v[i].value);
    }
    free(ps->v);
    memset(ps, 0, sizeof(*ps));
}

static void member_release(struct cs_sf_member *m)
{
    free(m->key);
    bare_release(&m->bare);
    for (size_t i = 0; i < m->count; i++) {
        bare_release(&m->items[i].bare);
        params_release(&m->items[i].params);
    }
    free(m->items);
    params_release(&m->params);
    memset(m, 0, sizeof(*m));
}

void cs_sf_field_release(struct cs_sf_field *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->count; i++)
        member_release(&f->members[i]);
    free(f->members);
    f->members = NULL;
    f->count = 0;
}

/* Makes room for one more element of size elem in *arr holding count of *cap. */
static int grow(void **arr, size_t *cap, size_t count, size_t elem)
{
    size_t n;
    void *v;

    if (count < *cap)
        return CS_OK;
    n = *cap ? *cap * 2 : 4;
    v = realloc(*arr, n * elem);
    if (!v)
        return CS_E_NOMEM;
    *arr = v;
    *cap = n;
    return CS_OK;
}

/* RFC 9651 4.2.3.3: key = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" ). */
static int parse_key(struct sfp *p, char **out)
{
    size_t start = p->pos;
    int c = peek(p);

    *out = NULL;
    if (c < 0)
        return fail(p, start, CS_E_PARSE, "missing key");
    if (!is_lcalpha(c) && c != '*')
        return fail(p, start, CS_E_PARSE, "key must start with a lowercase letter or '*'");
    while (is_keychar(peek(p)))
        p->pos++;
    *out = cs_strndup(p->s + start, p->pos - start);
    return *out ? CS_OK : nomem(p);
}

/* Adds digit d to the number being read (at most 15 digits: no overflow). */
static int64_t push_digit(int64_t v, int c)
{
    return v * 10 + (c - '0');
}

/* RFC 9651 4.2.4: Integer (at most 15 digits) or Decimal (at most 12 + 3 digits). */
static int parse_number(struct sfp *p, struct cs_sf_bare *out)
{
    size_t start = p->pos, chars = 0, frac = 0;
    bool decimal = false;
    int64_t v = 0, sign = 1;

    if (peek(p) == '-') {
        p->pos++;
        sign = -1;
    }
    if (peek(p) < 0 && sign < 0)
        return fail(p, p->pos, CS_E_PARSE, "missing digits after '-'");
    if (!is_digit(peek(p)))
        return fail(p, p->pos, CS_E_PARSE, "expected a digit");
    for (int c; (c = peek(p)) >= 0; p->pos++) {
        if (is_digit(c)) {
            v = push_digit(v, c);
            frac += decimal;
        } else if (!decimal && c == '.') {
            if (chars > 12)
                return fail(p, start, CS_E_PARSE, "decimal has more than 12 integer digits");
            decimal = true;
        } else {
            break;
        }
        chars++;
        if (!decimal && chars > 15)
            return fail(p, start, CS_E_PARSE, "integer has more than 15 digits");
        if (decimal && chars > 16)
            return fail(p, start, CS_E_PARSE, "decimal has more than 3 fractional digits");
    }
    if (!decimal) {
        out->type = CS_SF_INTEGER;
        out->integer = sign * v;
        return CS_OK;
    }
    if (frac == 0)
        return fail(p, p->pos - 1, CS_E_PARSE, "decimal must not end with '.'");
    if (frac > 3)
        return fail(p, start, CS_E_PARSE, "decimal has more than 3 fractional digits");
    while (frac++ < 3)
        v *= 10;
    out->type = CS_SF_DECIMAL;
    out->milli = sign * v;
    return CS_OK;
}

/* RFC 9651 4.2.5: sets *end to the closing DQUOTE and *n to the unescaped length. */
static int scan_string(struct sfp *p, size_t *end, size_t *n)
{
    size_t i = p->pos + 1;

    *n = 0;
    while (i < p->len) {
        unsigned char c = (unsigned char)p->s[i];
        if (c == '\\') {
            if (i + 1 >= p->len)
                break;
            if (p->s[i + 1] != '"' && p->s[i + 1] != '\\')
                return fail(p, i, CS_E_PARSE, "string escape must be \\\" or \\\\");
            i += 2;
        } else if (c == '"') {
            *end = i;
            return CS_OK;
        } else if (c < 0x20 || c >= 0x7f) {
            return fail(p, i, CS_E_PARSE, "control character in string");
        } else {
            i++;
        }
        (*n)++;
    }
    return fail(p, p->pos, CS_E_PARSE, "unterminated string");
}

static int parse_string(struct sfp *p, struct cs_sf_bare *out)
{
    size_t end = 0, n = 0, k = 0;
    int rc = scan_string(p, &end, &n);

    if (rc != CS_OK)
        return rc;
    out->type = CS_SF_STRING;
    out->str = malloc(n + 1);
    if (!out->str)
        return nomem(p);
    for (size_t i = p->pos + 1; i < end; i++) {
        if (p->s[i] == '\\')
            i++;
        out->str[k++] = p->s[i];
    }
    out->str[k] = '\0';
    out->len = k;
    p->pos = end + 1;
    return CS_OK;
}

/* RFC 9651 4.2.6: ( ALPHA / "*" ) *( tchar / ":" / "/" ); the caller saw the first char. */
static int parse_token(struct sfp *p, struct cs_sf_bare *out)
{
    size_t start = p->pos;

    while (is_tchar(peek(p)) || peek(p) == ':' || peek(p) == '/')
        p->pos++;
    out->type = CS_SF_TOKEN;
    out->len = p->pos - start;
    out->str = cs_strndup(p->s + start, out->len);
    return out->str ? CS_OK : nomem(p);
}

static int b64_value(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (is_digit(c))
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decodes the d base64 characters at s into out (d % 4 != 1); pad bits are ignored. */
static size_t b64_decode(const char *s, size_t d, char *out)
{
    size_t n = 0;
    uint32_t acc = 0;
    int bits = 0;

    for (size_t i = 0; i < d; i++) {
        acc = (acc << 6) | (uint32_t)b64_value((unsigned char)s[i]);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (char)((acc >> bits) & 0xFF);
        }
    }
    return n;
}

/* RFC 9651 4.2.7: ":" base64 ":", decoded leniently (missing padding, non-zero pad bits). */
static int parse_binary(struct sfp *p, struct cs_sf_bare *out)
{
    size_t start = p->pos, from = p->pos + 1, d, pad = 0;
    const char *close = memchr(p->s + from, ':', p->len - from);
    size_t end = close ? (size_t)(close - p->s) : 0;

    if (!close)
        return fail(p, start, CS_E_PARSE, "unterminated byte sequence");
    for (size_t i = from; i < end; i++)
        if (b64_value((unsigned char)p->s[i]) < 0 && p->s[i] != '=')
            return fail(p, i, CS_E_PARSE, "invalid character in byte sequence");
    for (d = 0; from + d < end && p->s[from + d] != '='; d++)
        ;
    for (size_t i = from + d; i < end; i++, pad++)
        if (p->s[i] != '=')
            return fail(p, from + d, CS_E_PARSE, "'=' inside base64 data");
    if (pad > 2 || (pad && (d + pad) % 4 != 0) || d % 4 == 1)
        return fail(p, from, CS_E_PARSE, "invalid base64 length or padding");
    out->type = CS_SF_BINARY;
    out->str = malloc(d / 4 * 3 + 3);
    if (!out->str)
        return nomem(p);
    out->len = b64_decode(p->s + from, d, out->str);
    out->str[out->len] = '\0';
    p->pos = end + 1;
    return CS_OK;
}

/* RFC 9651 4.2.8: "?0" or "?1". */
static int parse_boolean(struct sfp *p, struct cs_sf_bare *out)
{
    int c;

    p->pos++;
    c = peek(p);
    if (c != '0' && c != '1')
        return fail(p, p->pos, CS_E_PARSE, "boolean must be ?0 or ?1");
    p->pos++;
    out->type = CS_SF_BOOLEAN;
    out->integer = c == '1';
    return CS_OK;
}

/* RFC 9651 4.2.9: "@" Integer. */
static int parse_date(struct sfp *p, struct cs_sf_bare *out)
{
    size_t start = p->pos;
    int rc;

    p->pos++;
    rc = parse_number(p, out);
    if (rc != CS_OK)
        return rc;
    if (out->type != CS_SF_INTEGER)
        return fail(p, start, CS_E_PARSE, "date must be an integer");
    out->type = CS_SF_DATE;
    return CS_OK;
}

static int hex_value(int c)
{
    if (is_digit(c))
        return c - '0';
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* True when the n bytes at s are well-formed UTF-8 (RFC 3629: no overlongs, no surrogates). */
static bool utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned c = s[i];
        size_t k = c < 0x80                 ? 1
                   : c >= 0xC2 && c <= 0xDF ? 2
                   : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4
                                            : 0;
        if (k == 0 || i + k > n)
            return false;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return false;
        if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] > 0x9F) ||
            (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] > 0x8F))
            return false;
        i += k;
    }
    return true;
}

/* RFC 9651 4.2.10 steps 4.1-4.3 and 4.5 over the whole value: sets *end to the closing DQUOTE
 * and *n to the decoded length. */
static int scan_display(struct sfp *p, size_t *end, size_t *n)
{
    size_t i = p->pos + 2;

    *n = 0;
    while (i < p->len) {
        unsigned char c = (unsigned char)p->s[i];
        if (c < 0x20 || c >= 0x7f)
            return fail(p, i, CS_E_PARSE, "control character in display string");
        if (c == '"') {
            *end = i;
            return CS_OK;
        }
        if (c == '%') {
            if (i + 2 >= p->len)
                return fail(p, i, CS_E_PARSE, "incomplete percent-escape in display string");
            if (hex_value((unsigned char)p->s[i + 1]) < 0 ||
                hex_value((unsigned char)p->s[i + 2]) < 0)
                return fail(p, i, CS_E_PARSE,
                            "percent-escape needs two lowercase hex digits in display string");
            i += 2;
        }
        i++;
        (*n)++;
    }
    return fail(p, p->pos, CS_E_PARSE, "unterminated display string");
}

static int parse_display(struct sfp *p, struct cs_sf_bare *out)
{
    size_t end = 0, n = 0, k = 0;
    int rc;

    if (p->pos + 1 >= p->len || p->s[p->pos + 1] != '"')
        return fail(p, p->pos, CS_E_PARSE, "display string must start with %\"");
    rc = scan_display(p, &end, &n);
    if (rc != CS_OK)
        return rc;
    out->type = CS_SF_DISPLAY;
    out->str = malloc(n + 1);
    if (!out->str)
        return nomem(p);
    for (size_t i = p->pos + 2; i < end; i++) {
        if (p->s[i] == '%') {
            out->str[k++] = (char)(hex_value((unsigned char)p->s[i + 1]) * 16 +
                                   hex_value((unsigned char)p->s[i + 2]));
            i += 2;
        } else {
            out->str[k++] = p->s[i];
        }
    }
    out->str[k] = '\0';
    out->len = k;
    if (!utf8_valid((const unsigned char *)out->str, k))
        return fail(p, p->pos, CS_E_PARSE, "display string is not valid UTF-8");
    p->pos = end + 1;
    return CS_OK;
}

/* RFC 9651 4.2.3.1: the first character decides the type. */
static int parse_bare(struct sfp *p, struct cs_sf_bare *out)
{
    int c = peek(p);

    memset(out, 0, sizeof(*out));
    if (c == '-' || is_digit(c))
        return parse_number(p, out);
    if (c == '"')
        return parse_string(p, out);
    if (is_alpha(c) || c == '*')
        return parse_token(p, out);
    if (c == ':')
        return parse_binary(p, out);
    if (c == '?')
        return parse_boolean(p, out);
    if (c == '@')
        return parse_date(p, out);
    if (c == '%')
        return parse_display(p, out);
    if (c < 0)
        return fail(p, p->pos, CS_E_PARSE, "missing item");
    return fail(p, p->pos, CS_E_PARSE, "unrecognised item type");
}

/* Finds key among the count params; returns its index or count. */
static size_t param_find(const struct cs_sf_param *v, size_t count, const char *key)
{
    size_t i = 0;

    while (i < count && strcmp(v[i].key, key) != 0)
        i++;
    return i;
}

/* Stores key=value into ps (taking both): a known key keeps its position, gets the value. */
static int param_put(struct sfp *p, struct cs_sf_params *ps, size_t *cap, char *key,
                     struct cs_sf_bare *value)
{
    size_t i = param_find(ps->v, ps->count, key);

    if (i < ps->count) {
        free(key);
        bare_release(&ps->v[i].value);
        ps->v[i].value = *value;
        return CS_OK;
    }
    if (ps->count >= CS_SF_MAX_PARAMS) {
        free(key);
        bare_release(value);
        return fail(p, p->pos, CS_E_LIMIT, "more than 256 parameters");
    }
    if (grow((void **)&ps->v, cap, ps->count, sizeof(*ps->v)) != CS_OK) {
        free(key);
        bare_release(value);
        return nomem(p);
    }
    ps->v[ps->count].key = key;
    ps->v[ps->count++].value = *value;
    return CS_OK;
}

/* RFC 9651 4.2.3.2: *( ";" *SP key [ "=" bare-item ] ), a missing value is Boolean true. */
static int parse_params(struct sfp *p, struct cs_sf_params *ps)
{
    size_t cap = 0;
    int rc;

    while (peek(p) == ';') {
        char *key = NULL;
        struct cs_sf_bare value = { .type = CS_SF_BOOLEAN, .integer = 1 };
        p->pos++;
        skip_sp(p);
        rc = parse_key(p, &key);
        if (rc != CS_OK)
            return rc;
        if (peek(p) == '=') {
            p->pos++;
            rc = parse_bare(p, &value);
            if (rc != CS_OK) {
                free(key);
                bare_release(&value);
                return rc;
            }
        }
        rc = param_put(p, ps, &cap, key, &value);
        if (rc != CS_OK)
            return rc;
    }
    return CS_OK;
}

/* RFC 9651 4.2.3: bare-item parameters. */
static int parse_item(struct sfp *p, struct cs_sf_bare *bare, struct cs_sf_params *ps)
{
    int rc = parse_bare(p, bare);

    return rc == CS_OK ? parse_params(p, ps) : rc;
}

/* RFC 9651 4.2.1.2: "(" *SP [ item *( 1*SP item ) *SP ] ")" parameters. */
static int parse_inner(struct sfp *p, struct cs_sf_member *m)
{
    size_t start = p->pos, cap = 0;
    int rc;

    m->inner = true;
    p->pos++;
    while (p->pos < p->len) {
        skip_sp(p);
        if (p->pos >= p->len)
            break;
        if (peek(p) == ')') {
            p->pos++;
            return parse_params(p, &m->params);
        }
        if (m->count >= CS_SF_MAX_INNER)
            return fail(p, p->pos, CS_E_LIMIT, "more than 256 items in an inner list");
        if (grow((void **)&m->items, &cap, m->count, sizeof(*m->items)) != CS_OK)
            return nomem(p);
        memset(&m->items[m->count], 0, sizeof(*m->items));
        rc = parse_item(p, &m->items[m->count].bare, &m->items[m->count].params);
        m->count++; /* counted even when half-built: member_release frees it */
        if (rc != CS_OK)
            return rc;
        if (peek(p) >= 0 && peek(p) != ' ' && peek(p) != ')')
            return fail(p, p->pos, CS_E_PARSE, "expected ' ' or ')' after an inner-list item");
    }
    return fail(p, start, CS_E_PARSE, "unterminated inner list");
}

/* RFC 9651 4.2.1.1. */
static int parse_member_value(struct sfp *p, struct cs_sf_member *m)
{
    if (peek(p) == '(')
        return parse_inner(p, m);
    return parse_item(p, &m->bare, &m->params);
}

/* RFC 9651 4.2.1 steps 2.2-2.6 and 4.2.2 steps 2.5-2.9: OWS "," OWS, or the end. Sets *done
 * at the end of the input. */
static int parse_comma(struct sfp *p, const char *what, bool *done)
{
    size_t comma;

    skip_ows(p);
    *done = p->pos >= p->len;
    if (*done)
        return CS_OK;
    if (peek(p) != ',')
        return fail(p, p->pos, CS_E_PARSE, what);
    comma = p->pos++;
    skip_ows(p);
    if (p->pos >= p->len)
        return fail(p, comma, CS_E_PARSE, "trailing comma");
    return CS_OK;
}

/* Appends a zeroed member to f. */
static int add_member(struct sfp *p, struct cs_sf_field *f, size_t *cap, struct cs_sf_member **m)
{
    if (f->count >= CS_SF_MAX_MEMBERS)
        return fail(p, p->pos, CS_E_LIMIT, "more than 1024 members");
    if (grow((void **)&f->members, cap, f->count, sizeof(*f->members)) != CS_OK)
        return nomem(p);
    *m = &f->members[f->count++];
    memset(*m, 0, sizeof(**m));
    return CS_OK;
}

/* RFC 9651 4.2.1. */
static int parse_list(struct sfp *p, struct cs_sf_field *f)
{
    size_t cap = 0;
    bool done = false;

    while (!done && p->pos < p->len) {
        struct cs_sf_member *m = NULL;
        int rc = add_member(p, f, &cap, &m);
        if (rc == CS_OK)
            rc = parse_member_value(p, m);
        if (rc == CS_OK)
            rc = parse_comma(p, "expected ',' after a list member", &done);
        if (rc != CS_OK)
            return rc;
    }
    return CS_OK;
}

/* RFC 9651 4.2.2 steps 2.2-2.4: the value of a member keyed key; a repeated key overwrites
 * the earlier member's value in place (ordered map). Takes key. */
static int parse_dict_member(struct sfp *p, struct cs_sf_field *f, size_t *cap, char *key)
{
    struct cs_sf_member tmp = { .key = key }, *m = NULL;
    size_t i = 0;
    int rc;

    if (peek(p) == '=') {
        p->pos++;
        rc = parse_member_value(p, &tmp);
    } else {
        tmp.bare.type = CS_SF_BOOLEAN;
        tmp.bare.integer = 1;
        rc = parse_params(p, &tmp.params);
    }
    while (rc == CS_OK && i < f->count && strcmp(f->members[i].key, key) != 0)
        i++;
    if (rc == CS_OK && i < f->count) {
        tmp.key = f->members[i].key;
        f->members[i].key = key;
        member_release(&f->members[i]);
        f->members[i] = tmp;
        return CS_OK;
    }
    if (rc == CS_OK)
        rc = add_member(p, f, cap, &m);
    if (rc != CS_OK) {
        member_release(&tmp);
        return rc;
    }
    *m = tmp;
    return CS_OK;
}

/* RFC 9651 4.2.2. */
static int parse_dictionary(struct sfp *p, struct cs_sf_field *f)
{
    size_t cap = 0;
    bool done = false;

    while (!done && p->pos < p->len) {
        char *key = NULL;
        int rc = parse_key(p, &key);
        if (rc == CS_OK)
            rc = parse_dict_member(p, f, &cap, key);
        if (rc == CS_OK)
            rc = parse_comma(p, "expected ',' after a dictionary member", &done);
        if (rc != CS_OK)
            return rc;
    }
    return CS_OK;
}

/* RFC 9651 4.2 steps 2-7 over the combined value. */
static int parse_top(struct sfp *p, enum cs_sf_kind kind, struct cs_sf_field *f)
{
    struct cs_sf_member *m = NULL;
    size_t cap = 0;
    int rc;

    for (size_t i = 0; i < p->len; i++)
        if ((unsigned char)p->s[i] >= 0x80) {
            cs_diag_set(p->diag, 0, CS_E_PARSE, "non-ASCII byte 0x%02x at offset %zu",
                        (unsigned char)p->s[i], i);
            return CS_E_PARSE;
        }
    skip_sp(p);
    if (kind == CS_SF_LIST) {
        rc = parse_list(p, f);
    } else if (kind == CS_SF_DICTIONARY) {
        rc = parse_dictionary(p, f);
    } else {
        rc = add_member(p, f, &cap, &m);
        if (rc == CS_OK)
            rc = parse_item(p, &m->bare, &m->params);
    }
    if (rc != CS_OK)
        return rc;
    skip_sp(p);
    if (p->pos < p->len)
        return fail(p, p->pos, CS_E_PARSE, "unexpected characters after the item");
    return CS_OK;
}

/* Joins the field lines with ", " (RFC 9651 4.2, RFC 9110 5.3) into b. */
static int combine(const char *const *lines, const size_t *lens, size_t n, struct cs_buf *b,
                   struct cs_diag *diag)
{
    int rc = CS_OK;

    for (size_t i = 0; rc == CS_OK && i < n; i++) {
        size_t len = lens ? lens[i] : lines[i] ? strlen(lines[i]) : 0;
        if (i > 0)
            rc = cs_buf_add(b, ", ", 2);
        if (rc == CS_OK && len > 0)
            rc = cs_buf_add(b, lines[i], len);
    }
    if (rc == CS_E_LIMIT)
        cs_diag_set(diag, 0, rc, "field value exceeds %d bytes", CS_SF_MAX_INPUT);
    else if (rc != CS_OK)
        cs_diag_set(diag, 0, rc, "out of memory");
    return rc;
}

int cs_sf_parse_lines(const char *const *lines, const size_t *lens, size_t n, enum cs_sf_kind kind,
                      struct cs_sf_field *out, struct cs_diag *diag)
{
    struct cs_buf b;
    struct sfp p = { .diag = diag };
    int rc;

    memset(out, 0, sizeof(*out));
    out->kind = kind;
    cs_buf_init(&b, CS_SF_MAX_INPUT);
    rc = combine(lines, lens, n, &b, diag);
    if (rc != CS_OK)
        return rc;
    p.s = cs_buf_str(&b);
    p.len = b.len;
    rc = parse_top(&p, kind, out);
    cs_buf_release(&b);
    if (rc != CS_OK) {
        cs_sf_field_release(out);
        out->kind = kind;
    }
    return rc;
}

int cs_sf_parse(const char *value, size_t len, enum cs_sf_kind kind, struct cs_sf_field *out,
                struct cs_diag *diag)
{
    const char *lines[1] = { value };

    return cs_sf_parse_lines(lines, &len, 1, kind, out, diag);
}

const struct cs_sf_member *cs_sf_dict_get(const struct cs_sf_field *f, const char *key)
{
    for (size_t i = 0; f->kind == CS_SF_DICTIONARY && i < f->count; i++)
        if (strcmp(f->members[i].key, key) == 0)
            return &f->members[i];
    return NULL;
}

const struct cs_sf_bare *cs_sf_param_get(const struct cs_sf_params *ps, const char *key)
{
    size_t i = param_find(ps->v, ps->count, key);

    return i < ps->count ? &ps->v[i].value : NULL;
}

bool cs_sf_is_token(const struct cs_sf_bare *b, const char *tok)
{
    return b->type == CS_SF_TOKEN && b->len == strlen(tok) && memcmp(b->str, tok, b->len) == 0;
}

const char *cs_sf_kind_name(enum cs_sf_kind kind)
{
    static const char *const names[] = { "list", "dictionary", "item" };

    return (unsigned)kind < CS_ARRAY_LEN(names) ? names[kind] : "?";
}

const char *cs_sf_type_name(enum cs_sf_type type)
{
    static const char *const names[] = { "integer", "decimal", "string", "token",
                                         "binary",  "boolean", "date",   "displaystring" };

    return (unsigned)type < CS_ARRAY_LEN(names) ? names[type] : "?";
}
