/* SPDX-License-Identifier: MIT
 * replay_main.c - runs a libFuzzer harness over every file of a corpus directory (and of the
 * repro/ directory beside it), so ctest replays corpora on every build under ASan+UBSan.
 */
#include "cs_setup.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;

    if (!f)
        return -1;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return -1;
    }
    buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        return -1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, (size_t)n);
    free(buf);
    return 0;
}

static int replay_dir(const char *dir, int *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];

    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (replay_file(path) != 0) {
            fprintf(stderr, "cannot read '%s'\n", path);
            closedir(d);
            return -1;
        }
        (*count)++;
    }
    closedir(d);
    return 0;
}

int main(int argc, char **argv)
{
    int count = 0;
    char repro[4096];

    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    if (replay_dir(argv[1], &count) != 0) {
        fprintf(stderr, "cannot replay corpus '%s'\n", argv[1]);
        return 1;
    }
    snprintf(repro, sizeof(repro), "%s/../../repro/%s", argv[1],
             strrchr(argv[1], '/') ? strrchr(argv[1], '/') + 1 : argv[1]);
    replay_dir(repro, &count); /* optional: crash reproducers */
    printf("%d passed, 0 failed\n", count);
    return count > 0 ? 0 : 1;
}
