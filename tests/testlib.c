/* SPDX-License-Identifier: MIT */
#include "cs_setup.h"

#include "testlib.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

int cs_test_passed;
int cs_test_failed;

void cs_test_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    cs_test_failed++;
    fprintf(stderr, "FAIL %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cs_test_done(void)
{
    printf("%d passed, %d failed\n", cs_test_passed, cs_test_failed);
    return cs_test_failed ? 1 : 0;
}

char *cs_test_read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0;
    size_t cap = 0;
    size_t n;

    if (!f)
        return NULL;
    for (;;) {
        if (cap - len < 4096) {
            char *p = realloc(buf, cap + 65536);
            if (!p) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
            cap += 65536;
        }
        n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
    }
    fclose(f);
    buf[len] = '\0';
    if (len_out)
        *len_out = len;
    return buf;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *cs_test_unescape(const char *s, size_t *len_out)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    size_t j = 0;

    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\' || i + 1 == n) {
            out[j++] = s[i];
            continue;
        }
        i++;
        switch (s[i]) {
        case 'n':
            out[j++] = '\n';
            break;
        case 'r':
            out[j++] = '\r';
            break;
        case 't':
            out[j++] = '\t';
            break;
        case '0':
            out[j++] = '\0';
            break;
        case 'x':
            if (i + 2 < n + 1 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
                out[j++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
                i += 2;
            } else {
                out[j++] = 'x';
            }
            break;
        default:
            out[j++] = s[i];
            break;
        }
    }
    out[j] = '\0';
    if (len_out)
        *len_out = j;
    return out;
}

void cs_test_remove_tree(const char *path)
{
    struct dirent *de;
    char child[4096];
    DIR *d = opendir(path);

    if (d) {
        for (de = readdir(d); de; de = readdir(d)) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            snprintf(child, sizeof(child), "%s/%s", path, de->d_name);
            cs_test_remove_tree(child);
        }
        closedir(d);
        rmdir(path);
        return;
    }
    unlink(path);
}
