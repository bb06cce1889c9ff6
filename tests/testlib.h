/* SPDX-License-Identifier: MIT
 * testlib.h - the in-tree test harness (style.md 10.9): CS_CHECK* macros count passes and
 * failures; cs_test_done() prints "N passed, M failed" as the last line and returns the exit
 * status. Plus small file helpers for data-driven cases. Single-threaded.
 */
#ifndef CS_TESTLIB_H
#define CS_TESTLIB_H

#include "cs_setup.h"

#include <stdio.h>
#include <string.h>

extern int cs_test_passed;
extern int cs_test_failed;

void cs_test_fail(const char *file, int line, const char *fmt, ...) CS_PRINTF(3, 4);

#define CS_CHECK(cond)                                                   \
    do {                                                                 \
        if (cond)                                                        \
            cs_test_passed++;                                            \
        else                                                             \
            cs_test_fail(__FILE__, __LINE__, "check failed: %s", #cond); \
    } while (0)

#define CS_CHECK_INT_EQ(a, b)                                                                 \
    do {                                                                                      \
        long long cs_a_ = (long long)(a), cs_b_ = (long long)(b);                             \
        if (cs_a_ == cs_b_)                                                                   \
            cs_test_passed++;                                                                 \
        else                                                                                  \
            cs_test_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, cs_a_, cs_b_); \
    } while (0)

#define CS_CHECK_STR_EQ(a, b)                                                      \
    do {                                                                           \
        const char *cs_a_ = (a), *cs_b_ = (b);                                     \
        if (cs_a_ && cs_b_ && strcmp(cs_a_, cs_b_) == 0)                           \
            cs_test_passed++;                                                      \
        else                                                                       \
            cs_test_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b, \
                         cs_a_ ? cs_a_ : "(null)", cs_b_ ? cs_b_ : "(null)");      \
    } while (0)

/* Prints the summary line and returns 0 when nothing failed, else 1. */
int cs_test_done(void);

/* Reads a whole file. Returns owned (free()), NUL-terminated; NULL on error. */
char *cs_test_read_file(const char *path, size_t *len_out);

/* Decodes C-style escapes (\n \r \t \\ \xHH) of s into a new buffer. Returns owned. */
char *cs_test_unescape(const char *s, size_t *len_out);

/* Calls fn(path, ctx) for every "*.case" file of CS_CASES_DIR/sub, in name order. Returns how
 * many files were given to fn; a folder that cannot be read is a counted failure. */
int cs_test_each_case_file(const char *sub, void (*fn)(const char *path, void *ctx), void *ctx);

/* Calls fn(line, ctx) for every line of the file at path that is neither blank nor a '#'
 * comment, with trailing CR and spaces cut (fn may modify the line). Returns how many lines were
 * given to fn; a file that cannot be read is a counted failure. */
int cs_test_each_line(const char *path, void (*fn)(char *line, void *ctx), void *ctx);

/* One record of a record case file: "key: value" lines, a record starting at each "name:". */
#define CS_TEST_RECORD_KEYS 24

struct cs_test_record {
    const char *key[CS_TEST_RECORD_KEYS];
    const char *val[CS_TEST_RECORD_KEYS];
    int n;
};

/* Calls fn(record, ctx) for every record of the file at path ('#' lines skipped; keys past
 * CS_TEST_RECORD_KEYS dropped). Returns how many records were given to fn; a file that cannot
 * be read is a counted failure. */
int cs_test_each_record(const char *path, void (*fn)(const struct cs_test_record *r, void *ctx),
                        void *ctx);

/* Case-file expectations shared by the parsers' data-driven tests (base: the case's path
 * without its extension). cs_test_expect_error: BASE.error holds "CODE<TAB>substring of the
 * diagnostic", matched against rc and msg. cs_test_expect_json: got (a JSON text, may be NULL)
 * equals BASE.expected.json structurally. Each counts one pass or one failure named by name. */
void cs_test_expect_error(const char *name, const char *base, int rc, const char *msg);
void cs_test_expect_json(const char *name, const char *base, const char *got);

/* Removes a file or a directory tree (best effort). */
void cs_test_remove_tree(const char *path);

#endif
