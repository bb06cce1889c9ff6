/* SPDX-License-Identifier: MIT
 * io.c - whole-file reads for the offline commands.
 */
#include "cs_setup.h"

#include "cli.h"
#include "jsonw.h"

#include "cs_buf.h"
#include "cs_err.h"
#include "store.h"
#include "url.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

char *cs_read_file(const char *path, size_t max, size_t *len_out)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    struct cs_buf b;
    char chunk[65536];
    size_t n;
    int rc = CS_OK;

    if (!f) {
        cs_die(CS_EXIT_USAGE, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    cs_buf_init(&b, max ? max : SIZE_MAX - 1);
    while (rc == CS_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (max && b.len + n > max)
            n = max - b.len; /* keep the prefix: the cap is a parse limit, not an error */
        rc = cs_buf_add(&b, chunk, n);
        if (max && b.len >= max)
            break;
    }
    if (rc == CS_OK && ferror(f))
        rc = CS_E_IO;
    if (f != stdin)
        fclose(f);
    if (rc != CS_OK) {
        cs_die(CS_EXIT_USAGE, "cannot read '%s': %s", path, cs_strerror(rc));
        return NULL;
    }
    return cs_buf_detach(&b, len_out);
}

const char *cs_store_dir_of(const char *db, char **owned)
{
    *owned = NULL;
    if (db)
        return db;
    *owned = cs_store_default_dir();
    if (!*owned)
        cs_die(CS_EXIT_STORE, "no store directory: set --db, XDG_DATA_HOME or HOME");
    return *owned;
}

/* The path and query to match: a URL's, or the argument itself when it starts with "/". */
char *cs_path_of(const char *url)
{
    struct cs_url u;
    char *p;

    if (url[0] == '/') {
        size_t n = strlen(url) + 1;
        p = malloc(n);
        if (p)
            memcpy(p, url, n);
        return p;
    }
    if (cs_url_parse(url, &u, NULL) != CS_OK)
        return NULL;
    p = u.path_query;
    u.path_query = NULL;
    cs_url_release(&u);
    return p;
}

int cs_print_json(struct cs_buf *b, const struct jw *w)
{
    int rc = jw_finish(w);

    if (rc == CS_OK)
        printf("%s\n", cs_buf_str(b));
    cs_buf_release(b);
    return rc;
}
