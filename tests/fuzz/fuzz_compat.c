/* SPDX-License-Identifier: MIT
 * fuzz_compat.c - libFuzzer harness for the compatibility readings (compat.h): the input's lines
 * are X-Robots-Tag and tdm-reservation field values for img2dataset's and datadiligence's
 * rules under every container, and the whole input is a robots.txt for DPI's classifier under
 * both groupings. Checks the monotonic relations between options.
 */
#include "cs_setup.h"

#include "compat.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FIELDS 16

static const char *const agents[] = { "*", "GPTBot", "img2dataset", "Brightbot 1.0", "" };

static void check_headers(const char *const *f, size_t n)
{
    for (size_t a = 0; a < CS_ARRAY_LEN(agents); a++) {
        const char *ua = agents[a];
        for (int c = CS_DD_JOINED; c <= CS_DD_LAST; c++) {
            struct cs_dd_opts o = { ua, false, (enum cs_dd_container)c };
            struct cs_compat_dd plain, wide;
            cs_compat_dd(f, n, f, n, &o, &plain);
            o.respect_noindex = true;
            cs_compat_dd(f, n, f, n, &o, &wide);
            if (plain.xrobots && !wide.xrobots)
                abort(); /* more refusing values cannot refuse less */
            if (plain.tdmrep != wide.tdmrep)
                abort();
        }
        if (cs_compat_img2dataset(f, n, ua, 0))
            abort(); /* an empty set disables the check */
        if (cs_compat_img2dataset(f, n, ua, CS_XR_NOAI) &&
            !cs_compat_img2dataset(f, n, ua, CS_I2D_DEFAULT_SET))
            abort();
    }
}

static void check_dpi(const uint8_t *data, size_t size)
{
    struct cs_robots *r = NULL;

    if (cs_robots_parse((const char *)data, size, NULL, &r, NULL) != CS_OK)
        return;
    for (size_t a = 0; a < CS_ARRAY_LEN(agents); a++) {
        enum cs_dpi_class c = cs_compat_dpi(r, agents[a]);
        enum cs_dpi_class k = cs_compat_dpi_grouping(r, agents[a], CS_DPI_GROUPING_RFC);
        if (c < CS_DPI_NONE || c > CS_DPI_ALL || k < CS_DPI_NONE || k > CS_DPI_ALL)
            abort();
        if (cs_compat_dpi_org(r, agents, CS_ARRAY_LEN(agents)) < c)
            abort();
        (void)cs_dpi_class_name(c);
    }
    cs_robots_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    const char *fields[MAX_FIELDS];
    size_t n = 0;
    char *p;

    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    for (p = copy; n < MAX_FIELDS;) {
        char *nl = strchr(p, '\n');
        fields[n++] = p;
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    check_headers(fields, n);
    free(copy);
    check_dpi(data, size);
    return 0;
}
