/* SPDX-License-Identifier: MIT
 * test_jsonw.c - the streaming JSON writer: commas, nesting, escaping, invalid UTF-8, and that
 * jansson reads back what it writes.
 */
#include "cs_setup.h"

#include "cs_err.h"
#include "jsonw.h"
#include "testlib.h"

#include <jansson.h>

static char *write_sample(const char *s)
{
    struct cs_buf b;
    struct jw w;

    cs_buf_init(&b, 1 << 20);
    jw_init(&w, &b);
    jw_obj(&w);
    jw_key(&w, "s");
    jw_str(&w, s);
    jw_key(&w, "a");
    jw_arr(&w);
    jw_int(&w, -5);
    jw_bool(&w, true);
    jw_null(&w);
    jw_obj(&w);
    jw_end(&w, '}');
    jw_end(&w, ']');
    jw_key(&w, "n");
    jw_str(&w, NULL);
    jw_end(&w, '}');
    CS_CHECK_INT_EQ(jw_finish(&w), CS_OK);
    return cs_buf_detach(&b, NULL);
}

static void check_roundtrip(const char *in, const char *expect)
{
    char *text = write_sample(in);
    json_t *root = json_loads(text, 0, NULL);

    CS_CHECK(root != NULL);
    if (root) {
        CS_CHECK_STR_EQ(json_string_value(json_object_get(root, "s")), expect);
        CS_CHECK_INT_EQ(json_array_size(json_object_get(root, "a")), 4);
        CS_CHECK(json_is_null(json_object_get(root, "n")));
    }
    json_decref(root);
    free(text);
}

int main(void)
{
    char *text = write_sample("x");

    CS_CHECK_STR_EQ(text, "{\"s\":\"x\",\"a\":[-5,true,null,{}],\"n\":null}");
    free(text);
    check_roundtrip("quote \" backslash \\ tab \t nl \n", "quote \" backslash \\ tab \t nl \n");
    check_roundtrip("\x01\x1f", "\x01\x1f");
    check_roundtrip("caf\xc3\xa9 \xe3\x83\x84 \xf0\x9f\x98\x80",
                    "caf\xc3\xa9 \xe3\x83\x84 \xf0\x9f\x98\x80");
    check_roundtrip("bad \xff \xc3 \xed\xa0\x80 \xf5", "bad \xef\xbf\xbd \xef\xbf\xbd "
                                                       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
                                                       "\xef\xbf\xbd");
    check_roundtrip("", "");
    {
        struct cs_buf b;
        struct jw w;
        cs_buf_init(&b, 1 << 20);
        jw_init(&w, &b);
        for (int i = 0; i < 40; i++)
            jw_arr(&w);
        CS_CHECK_INT_EQ(jw_finish(&w), CS_E_LIMIT); /* nesting past 32 */
        cs_buf_release(&b);
        cs_buf_init(&b, 1 << 20);
        jw_init(&w, &b);
        jw_obj(&w);
        CS_CHECK_INT_EQ(jw_finish(&w), CS_E_INVALID); /* left open */
        cs_buf_release(&b);
    }
    return cs_test_done();
}
