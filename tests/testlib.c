/* SPDX-License-Identifier: MIT */
#include "cs_setup.h"

#include "testlib.h"

#include <jansson.h>

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

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cs_test_each_case_file(const char *sub, void (*fn)(const char *path, void *ctx), void *ctx)
{
    char dir[1024], path[2048];
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    DIR *d;

    snprintf(dir, sizeof(dir), "%s/%s", CS_CASES_DIR, sub);
    d = opendir(dir);
    if (!d) {
        cs_test_fail(__FILE__, __LINE__, "cannot read case folder %s", dir);
        return 0;
    }
    while ((e = readdir(d)) != NULL && n < CS_ARRAY_LEN(names)) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".case") == 0 &&
            (names[n] = strdup(e->d_name)) != NULL)
            n++;
    }
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_name);
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        fn(path, ctx);
        free(names[i]);
    }
    return (int)n;
}

int cs_test_each_line(const char *path, void (*fn)(char *line, void *ctx), void *ctx)
{
    char *text = cs_test_read_file(path, NULL);
    char *save = NULL;
    int count = 0;

    if (!text) {
        cs_test_fail(__FILE__, __LINE__, "cannot read %s", path);
        return 0;
    }
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
            line[--n] = '\0';
        if (line[0] != '#' && line[0] != '\0') {
            fn(line, ctx);
            count++;
        }
    }
    free(text);
    return count;
}

int cs_test_each_record(const char *path, void (*fn)(const struct cs_test_record *r, void *ctx),
                        void *ctx)
{
    char *text = cs_test_read_file(path, NULL);
    char *line, *save = NULL;
    struct cs_test_record r = { .n = 0 };
    int count = 0;

    if (!text) {
        cs_test_fail(__FILE__, __LINE__, "cannot read %s", path);
        return 0;
    }
    for (line = strtok_r(text, "\n", &save);; line = strtok_r(NULL, "\n", &save)) {
        char *colon = line ? strchr(line, ':') : NULL;
        if ((!line || strncmp(line, "name:", 5) == 0) && r.n) {
            fn(&r, ctx);
            count++;
            r.n = 0;
        }
        if (!line)
            break;
        if (line[0] == '#' || !colon || r.n >= CS_TEST_RECORD_KEYS)
            continue;
        *colon = '\0';
        r.key[r.n] = line;
        r.val[r.n++] = colon[1] == ' ' ? colon + 2 : colon + 1;
    }
    free(text);
    return count;
}

void cs_test_expect_error(const char *name, const char *base, int rc, const char *msg)
{
    char path[1024];
    char *want, *tab;

    snprintf(path, sizeof(path), "%s.error", base);
    want = cs_test_read_file(path, NULL);
    if (!want) {
        cs_test_fail(__FILE__, __LINE__, "%s: rc %d (%s) and no .expected.json or .error", name, rc,
                     msg);
        return;
    }
    want[strcspn(want, "\n")] = '\0';
    tab = strchr(want, '\t');
    if (!tab || strtol(want, NULL, 10) != rc || !strstr(msg, tab + 1))
        cs_test_fail(__FILE__, __LINE__, "%s: got rc %d '%s', want '%s'", name, rc, msg, want);
    else
        cs_test_passed++;
    free(want);
}

void cs_test_expect_json(const char *name, const char *base, const char *got)
{
    char path[1024];
    json_t *g = got ? json_loads(got, 0, NULL) : NULL;
    json_t *w;

    snprintf(path, sizeof(path), "%s.expected.json", base);
    w = json_load_file(path, 0, NULL);
    if (g && w && json_equal(g, w)) {
        cs_test_passed++;
    } else {
        char *ws = w ? json_dumps(w, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        cs_test_fail(__FILE__, __LINE__, "%s:\n  got  %s\n  want %s", name, got ? got : "(null)",
                     ws ? ws : "(missing)");
        free(ws);
    }
    json_decref(g);
    json_decref(w);
}
