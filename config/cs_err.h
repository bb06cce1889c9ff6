/* SPDX-License-Identifier: MIT
 * cs_err.h - the one error type of the consentscan libraries (style.md 10.4). Functions return
 * CS_OK (0) or a negative enum cs_err; cs_strerror() names it. Thread-safe (a constant table).
 */
#ifndef CS_ERR_H
#define CS_ERR_H

#define CS_ERR_LIST(X)                            \
    X(CS_OK, 0, "success")                        \
    X(CS_E_NOMEM, -1, "out of memory")            \
    X(CS_E_INVALID, -2, "invalid argument")       \
    X(CS_E_PARSE, -3, "parse error")              \
    X(CS_E_LIMIT, -4, "size limit exceeded")      \
    X(CS_E_IO, -5, "input/output error")          \
    X(CS_E_STORE, -6, "store error")              \
    X(CS_E_NET, -7, "network error")              \
    X(CS_E_SHUTDOWN, -8, "shutting down")         \
    X(CS_E_NOTFOUND, -9, "not found")             \
    X(CS_E_VERSION, -10, "unsupported version")   \
    X(CS_E_URL, -11, "malformed URL")             \
    X(CS_E_SCHEME, -12, "unsupported URL scheme") \
    X(CS_E_BUSY, -13, "resource busy")

enum cs_err {

#define CS_ERR_ENUM(name, value, text) name = value,
    CS_ERR_LIST(CS_ERR_ENUM)
#undef CS_ERR_ENUM
};

/* Returns a static string for rc (any int); never NULL. */
const char *cs_strerror(int rc);

/* Diagnostic filled by parsers and the store when the caller passes one (NULL allowed):
 * 1-based line (0 = none), a cs_err code and a one-line message. */
struct cs_diag {
    int line;
    int code;
    char msg[160];
};

/* Formats msg into diag (if diag is non-NULL); keeps the first diagnostic if one is set. */
void cs_diag_set(struct cs_diag *diag, int line, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
