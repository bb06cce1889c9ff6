/* SPDX-License-Identifier: MIT
 * test_lineage.c - lineage vocabulary: names round-trip, Hub ids, canonical node names.
 */
#include "cs_setup.h"

#include "cs_err.h"
#include "lineage.h"
#include "testlib.h"

static void names_round_trip(void)
{
    for (int i = 0; i < CS_LINK__COUNT; i++) {
        enum cs_link_class c;
        CS_CHECK_INT_EQ(cs_link_class_parse(cs_link_class_name((enum cs_link_class)i), &c), CS_OK);
        CS_CHECK_INT_EQ(c, i);
    }
    for (int i = 0; i < CS_EDGE__COUNT; i++) {
        enum cs_edge_kind k;
        CS_CHECK_INT_EQ(cs_edge_kind_parse(cs_edge_kind_name((enum cs_edge_kind)i), &k), CS_OK);
        CS_CHECK_INT_EQ(k, i);
    }
    for (int i = 0; i < CS_NODE__COUNT; i++) {
        enum cs_node_kind k;
        CS_CHECK_INT_EQ(cs_node_kind_parse(cs_node_kind_name((enum cs_node_kind)i), &k), CS_OK);
        CS_CHECK_INT_EQ(k, i);
    }
    enum cs_link_class c;
    CS_CHECK_INT_EQ(cs_link_class_parse("Data", &c), CS_E_INVALID);
    CS_CHECK(cs_link_class_name(CS_LINK__COUNT) == NULL);
}

static void hub_ids(void)
{
    CS_CHECK(cs_lineage_is_hub_id("squad"));
    CS_CHECK(cs_lineage_is_hub_id("allenai/c4"));
    CS_CHECK(cs_lineage_is_hub_id("HuggingFaceFW/fineweb-edu"));
    CS_CHECK(cs_lineage_is_hub_id("a.b_c-d/e.f"));
    CS_CHECK(!cs_lineage_is_hub_id(""));
    CS_CHECK(!cs_lineage_is_hub_id("a/b/c"));
    CS_CHECK(!cs_lineage_is_hub_id("/b"));
    CS_CHECK(!cs_lineage_is_hub_id("a/"));
    CS_CHECK(!cs_lineage_is_hub_id("a..b"));
    CS_CHECK(!cs_lineage_is_hub_id("-a"));
    CS_CHECK(!cs_lineage_is_hub_id("a."));
    CS_CHECK(!cs_lineage_is_hub_id("other name"));
    CS_CHECK(!cs_lineage_is_hub_id("https://example.org/x"));
}

static void node_names(void)
{
    char *s;

    s = cs_lineage_dataset_node(" allenai/c4 ");
    CS_CHECK_STR_EQ(s, "hf:datasets/allenai/c4");
    free(s);
    s = cs_lineage_dataset_node("Common Crawl");
    CS_CHECK_STR_EQ(s, "name:Common Crawl");
    free(s);
    CS_CHECK(cs_lineage_dataset_node("  ") == NULL);
    s = cs_lineage_dataset_node("other-common-crawl");
    CS_CHECK_STR_EQ(s, "name:other-common-crawl");
    free(s);
    s = cs_lineage_model_node("meta-llama/Llama-3.1-8B");
    CS_CHECK_STR_EQ(s, "hf:models/meta-llama/Llama-3.1-8B");
    free(s);
    CS_CHECK(cs_lineage_model_node("not an id") == NULL);

    enum cs_node_kind kind = CS_NODE_SOURCE;
    const char *id = NULL;
    CS_CHECK(cs_lineage_hub_node("hf:models/org/m", &kind, &id) && kind == CS_NODE_MODEL);
    CS_CHECK_STR_EQ(id, "org/m");
    CS_CHECK(cs_lineage_hub_node("hf:datasets/d", &kind, NULL) && kind == CS_NODE_DATASET);
    CS_CHECK(!cs_lineage_hub_node("name:other-x", &kind, &id));
}

int main(void)
{
    names_round_trip();
    hub_ids();
    node_names();
    return cs_test_done();
}
