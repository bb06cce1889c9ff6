/* SPDX-License-Identifier: MIT
 * test_hubwork.c - the index crawl's readers (hubwork.h) on fixed responses: a Hub listing page
 * (cards queued, next page, expired cursor), a card (edges, data links queued, the hub's own
 * files hosted), a CKAN page (one node per package, paging by the portal's count), a dataset
 * page with schema.org JSON-LD. No network, no store.
 */
#include "cs_setup.h"

#include "cs_str.h"
#include "hubwork.h"
#include "testlib.h"

#include <string.h>

static struct cs_response resp(int status, const char *url, const char *body)
{
    struct cs_response r;

    memset(&r, 0, sizeof(r));
    r.http_status = status;
    r.url = (char *)(uintptr_t)url; /* Borrowed: never released here */
    r.body = (char *)(uintptr_t)body;
    r.body_len = body ? strlen(body) : 0;
    return r;
}

static const struct cs_hub_follow *find(const struct cs_hubout *o, int kind, const char *part)
{
    for (size_t i = 0; i < o->n_follow; i++)
        if (o->follow[i].kind == kind && strstr(o->follow[i].input, part))
            return &o->follow[i];
    return NULL;
}

static const struct cs_graph_edge *find_edge(const struct cs_graph_edge *e, size_t n,
                                             const char *to)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(e[i].to, to) == 0)
            return &e[i];
    return NULL;
}

static const struct cs_hubwork_ctx list_ctx = { .hub_origin = "http://hub.test" };

static void listing(void)
{
    static const char page[] = "[{\"id\":\"acme/news\",\"sha\":\"abc\",\"lastModified\":"
                               "\"2025-01-01T00:00:00.000Z\"},{\"id\":\"squad\",\"sha\":\"def\"}]";
    const char *url = "http://hub.test/api/datasets?limit=2";
    struct cs_response r = resp(200, url, page);
    struct cs_hubout o;
    const struct cs_hub_follow *f;

    CS_CHECK_INT_EQ(cs_hubwork_list(&list_ctx, NULL, 1, url,
                                    "d\t0\thttp://hub.test/api/datasets?limit=2", &r, &o),
                    CS_OK);
    CS_CHECK_INT_EQ(o.entries, 2);
    CS_CHECK_INT_EQ(o.n_listed, 2);
    f = find(&o, 'C', "/datasets/acme/news/resolve/main/README.md");
    CS_CHECK(f != NULL);
    if (f)
        CS_CHECK_STR_EQ(f->extra, "d\tacme/news\tabc\t2025-01-01T00:00:00.000Z");
    CS_CHECK(find(&o, 'C', "http://hub.test/datasets/squad/resolve/main/README.md") != NULL);
    CS_CHECK(find(&o, 'L', "") == NULL); /* no Link header: the last page */
    cs_hubout_release(&o);

    /* Link headers: a CDN's preload first, the API's next second */
    {
        char name[] = "Link", lower[] = "link";
        char preload[] = "</app.css>; rel=preload; as=style";
        char next[] = "<http://hub.test/api/datasets?cursor=c2>; rel=\"next\"";
        struct cs_header two[2] = { { name, preload }, { lower, next } };
        r.headers = two;
        r.header_count = 2;
        CS_CHECK_INT_EQ(cs_hubwork_list(&list_ctx, NULL, 1, url, "d\t0\t", &r, &o), CS_OK);
        CS_CHECK(find(&o, 'L', "cursor=c2") != NULL && !o.listing_end);
        cs_hubout_release(&o);
        r.header_count = 1; /* the preload alone: no next page, the last one */
        CS_CHECK_INT_EQ(cs_hubwork_list(&list_ctx, NULL, 1, url, "d\t0\t", &r, &o), CS_OK);
        CS_CHECK(o.n_follow == 2 && o.listing_end);
        cs_hubout_release(&o);
        r.headers = NULL;
        r.header_count = 0;
    }

    /* an expired cursor restarts at the first page, once more at most CS_HUB_RESTARTS_MAX */
    r = resp(400, url, "{\"error\":\"Invalid cursor\"}");
    CS_CHECK_INT_EQ(cs_hubwork_list(&list_ctx, NULL, 1,
                                    "http://hub.test/api/datasets?limit=2&cursor=x",
                                    "d\t0\thttp://hub.test/api/datasets?limit=2", &r, &o),
                    CS_OK);
    f = find(&o, 'L', "limit=2");
    CS_CHECK(f != NULL && !strstr(f->input, "cursor"));
    if (f)
        CS_CHECK_STR_EQ(f->extra, "d\t1\thttp://hub.test/api/datasets?limit=2");
    cs_hubout_release(&o);
    CS_CHECK_INT_EQ(cs_hubwork_list(&list_ctx, NULL, 1,
                                    "http://hub.test/api/datasets?limit=2&cursor=x",
                                    "d\t3\thttp://hub.test/api/datasets?limit=2", &r, &o),
                    CS_OK);
    CS_CHECK_INT_EQ(o.n_follow, 0);
    cs_hubout_release(&o);
}

/* The end of a whole listing sorted by lastModified: a sweep of its first pages down to the
 * run's start (a repository modified during the walk moved above the cursor). */
static void sweep(void)
{
    static const char newer[] = "[{\"id\":\"a/new\",\"sha\":\"1\",\"lastModified\":"
                                "\"2026-12-03T09:00:00.000Z\"}]";
    static const char older[] = "[{\"id\":\"a/new\",\"sha\":\"1\",\"lastModified\":"
                                "\"2026-12-03T09:00:00.000Z\"},{\"id\":\"a/old\",\"sha\":\"2\","
                                "\"lastModified\":\"2026-12-01T00:00:00.000Z\"}]";
    const struct cs_hubwork_ctx ctx = { .hub_origin = "http://hub.test",
                                        .since = "2026-12-03T08:00:00" };
    const char *first = "http://hub.test/api/datasets?sort=lastModified&direction=-1";
    char extra[256], sweep_extra[256];
    char name[] = "Link", next[] = "<http://hub.test/api/datasets?cursor=9>; rel=\"next\"";
    struct cs_header link[1] = { { name, next } };
    struct cs_response r = resp(200, first, older);
    const struct cs_hub_follow *f;
    struct cs_hubout o;

    snprintf(extra, sizeof(extra), "d\t0\t%s", first);
    snprintf(sweep_extra, sizeof(sweep_extra), "D\t0\t%s", first);
    /* the walk's last page: no listing end yet, the sweep starts at the first page */
    CS_CHECK_INT_EQ(cs_hubwork_list(&ctx, NULL, 1,
                                    "http://hub.test/api/datasets?cursor=8&"
                                    "sort=lastModified",
                                    extra, &r, &o),
                    CS_OK);
    f = find(&o, 'L', "sort=lastModified");
    CS_CHECK(f && !o.listing_end && strcmp(f->extra, sweep_extra) == 0);
    cs_hubout_release(&o);
    /* a sweep page of entries newer than the run goes on (without the high-water stop) */
    r = resp(200, first, newer);
    r.headers = link;
    r.header_count = 1;
    CS_CHECK_INT_EQ(cs_hubwork_list(&ctx, NULL, 1, first, sweep_extra, &r, &o), CS_OK);
    CS_CHECK(find(&o, 'L', "cursor=9") != NULL && !o.listing_end);
    CS_CHECK(find(&o, 'C', "a/new") != NULL);
    cs_hubout_release(&o);
    /* one entry older than the run: swept, the listing read whole */
    r.body = (char *)(uintptr_t)older;
    r.body_len = strlen(older);
    CS_CHECK_INT_EQ(cs_hubwork_list(&ctx, NULL, 1, first, sweep_extra, &r, &o), CS_OK);
    CS_CHECK(find(&o, 'L', "") == NULL && o.listing_end);
    cs_hubout_release(&o);
    /* another order moves entries between pages: read to its end, not whole enough for gone */
    r = resp(200, "http://hub.test/api/datasets?sort=downloads", older);
    CS_CHECK_INT_EQ(cs_hubwork_list(&ctx, NULL, 1, "http://hub.test/api/datasets?sort=downloads",
                                    "d\t0\thttp://hub.test/api/datasets?sort=downloads", &r, &o),
                    CS_OK);
    CS_CHECK(find(&o, 'L', "") == NULL && !o.listing_end);
    cs_hubout_release(&o);
}

static void card(void)
{
    static const char md[] = "---\nsource_datasets:\n- extended|acme/base\n---\n"
                             "- **Source Data:** http://photos.test/gallery/\n"
                             "- Parquet: http://hub.test/datasets/acme/x/resolve/main/a.parquet\n"
                             "Paper: https://arxiv.org/abs/2401.00001\n";
    const struct cs_hubwork_ctx ctx = { .hub_origin = "http://hub.test", .croissant = true };
    const char *url = "http://hub.test/datasets/acme/x/resolve/main/README.md";
    struct cs_response r = resp(200, url, md);
    const struct cs_graph_edge *e;
    struct cs_hubout o;

    CS_CHECK_INT_EQ(cs_hubwork_card(&ctx, url, "d\tacme/x\ts1\t", &r, &o), CS_OK);
    CS_CHECK(o.put_node && o.replace_edges);
    CS_CHECK_STR_EQ(o.node, "hf:datasets/acme/x");
    CS_CHECK_STR_EQ(o.scope, "card:");
    e = find_edge(o.edges, o.n_edges, "hf:datasets/acme/base");
    CS_CHECK(e && e->kind == CS_EDGE_DERIVED_FROM);
    e = find_edge(o.edges, o.n_edges, "http://photos.test/gallery/");
    CS_CHECK(e && e->link == CS_LINK_DATA);
    e = find_edge(o.edges, o.n_edges, "http://hub.test/datasets/acme/x/resolve/main/a.parquet");
    CS_CHECK(e && e->link == CS_LINK_HOSTED);
    CS_CHECK(find(&o, 'W', "http://photos.test/gallery/") != NULL);
    CS_CHECK(find(&o, 'W', "a.parquet") == NULL);
    CS_CHECK(find(&o, 'W', "arxiv") == NULL);
    CS_CHECK(find(&o, 'X', "http://hub.test/api/datasets/acme/x/croissant") != NULL);
    cs_hubout_release(&o);

    /* gated, no token: nothing replaced */
    r = resp(401, url, "{}");
    CS_CHECK_INT_EQ(cs_hubwork_card(&ctx, url, "d\tacme/x\ts1\t", &r, &o), CS_OK);
    CS_CHECK(!o.put_node && o.n_follow == 0);
    CS_CHECK(strstr(o.note, "gated") != NULL);
    cs_hubout_release(&o);
    /* gated, a token not granted: the refusal recorded against the revision, nothing else */
    {
        const struct cs_hubwork_ctx tok = { .hub_origin = "http://hub.test", .have_token = true };
        r = resp(403, url, "{}");
        CS_CHECK_INT_EQ(cs_hubwork_card(&tok, url, "d\tacme/x\ts1\t", &r, &o), CS_OK);
        CS_CHECK(o.put_node && !o.replace_edges && o.n_follow == 0 && o.n_edges == 0);
        CS_CHECK_STR_EQ(o.entry, "hub:refused");
        CS_CHECK_STR_EQ(o.sha, "s1");
        cs_hubout_release(&o);
        r = resp(503, url, "busy"); /* a passing failure: nothing recorded */
        CS_CHECK_INT_EQ(cs_hubwork_card(&tok, url, "d\tacme/x\ts1\t", &r, &o), CS_OK);
        CS_CHECK(!o.put_node);
        cs_hubout_release(&o);
    }
}

static void ckan(void)
{
    const struct cs_hubwork_ctx ctx = { .hub_origin = NULL };
    char *path = NULL;
    char *body;
    char *page = NULL, *extra = NULL;
    struct cs_response r;
    struct cs_hubout o;
    const struct cs_hub_follow *f;

    CS_CHECK(cs_hubwork_ckan_first("https://portal.example/api/3/action/package_search?q=trees&"
                                   "start=40",
                                   &page, &extra));
    CS_CHECK_STR_EQ(page,
                    "https://portal.example/api/3/action/package_search?q=trees&start=0&rows=100");
    CS_CHECK_STR_EQ(extra, "k\t0\t100\thttps://portal.example/api/3/action/package_search?q=trees");
    body = cs_test_read_file(CS_CASES_DIR "/ckan/package_search.json", NULL);
    CS_CHECK(body != NULL);
    r = resp(200, page, body);
    CS_CHECK_INT_EQ(cs_hubwork_ckan(&ctx, page, extra, &r, &o), CS_OK);
    CS_CHECK_INT_EQ(o.n_groups, 2); /* the package without a name is skipped */
    CS_CHECK_STR_EQ(o.groups[0].node, "https://portal.example/dataset/street-trees");
    CS_CHECK(find(&o, 'W', "trees.csv") != NULL);
    CS_CHECK(find(&o, 'W', "huggingface.co") == NULL); /* the Hub's copy is hosted */
    f = find(&o, 'K', "start=100&rows=100");           /* count 1234: more pages */
    CS_CHECK(f != NULL);
    cs_hubout_release(&o);
    free(body);
    free(page);
    free(extra);
    free(path);
}

static void dataset_page(void)
{
    static const char html[] =
        "<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org/\","
        "\"@type\":\"Dataset\",\"name\":\"Harbour photos\",\"license\":\"CC-BY-4.0\","
        "\"distribution\":[{\"@type\":\"DataDownload\",\"contentUrl\":"
        "\"http://photos.test/archive.zip\"}]}</script></head><body></body></html>";
    const struct cs_hubwork_ctx ctx = { .hub_origin = NULL };
    struct cs_response r = resp(200, "http://zen.test/record/1", html);
    struct cs_hubout o;

    CS_CHECK_INT_EQ(cs_hubwork_page(&ctx, "http://zen.test/record/1", &r, &o), CS_OK);
    CS_CHECK_INT_EQ(o.n_groups, 1);
    if (o.n_groups == 1) {
        CS_CHECK_STR_EQ(o.groups[0].node, "http://zen.test/record/1");
        CS_CHECK_STR_EQ(o.groups[0].title, "Harbour photos");
    }
    CS_CHECK_STR_EQ(o.scope, "jsonld:");
    CS_CHECK(find(&o, 'W', "http://photos.test/archive.zip") != NULL);
    cs_hubout_release(&o);
}

/* The viewer sample: the card queues /size; /size clears the old sample and queues the probe
 * with the other pages' keys; the probe links its URL cells and queues the others; a page of a
 * dataset without a URL column queues nothing; a failure changes nothing. */
static const struct cs_hubwork_ctx viewer_ctx = { .hub_origin = "http://hub.test",
                                                  .viewer_base = "http://viewer.test",
                                                  .viewer_rows = 300 };

static void viewer_size(void)
{
    static const char size[] =
        "{\"size\":{\"splits\":[{\"config\":\"default\",\"split\":\"train\",\"num_rows\":1000},"
        "{\"config\":\"a b\",\"split\":\"test\",\"num_rows\":50}]}}";
    struct cs_response r = resp(200, "http://hub.test/datasets/acme/x/resolve/main/README.md",
                                "---\nlicense: mit\n---\n");
    const struct cs_hub_follow *f;
    struct cs_hubout o;

    CS_CHECK_INT_EQ(cs_hubwork_card(&viewer_ctx, r.url, "d\tacme/x\ts1\t", &r, &o), CS_OK);
    f = find(&o, 'V', "http://viewer.test/size?dataset=acme%2fx");
    CS_CHECK(f != NULL && strcmp(f->extra, "d\tacme/x\ts1\t") == 0);
    cs_hubout_release(&o);

    r = resp(200, "http://viewer.test/size?dataset=acme%2fx", size);
    CS_CHECK_INT_EQ(cs_hubwork_viewer_size(&viewer_ctx, "d\tacme/x\ts1\t", &r, &o), CS_OK);
    CS_CHECK(o.put_node && o.replace_edges && o.n_edges == 0);
    CS_CHECK_STR_EQ(o.scope, "viewer:");
    CS_CHECK(o.entry == NULL);      /* "+viewer" waits for the probe */
    CS_CHECK_INT_EQ(o.n_follow, 1); /* the probe only: 3 pages drawn of 11 */
    if (o.n_follow == 1) {
        size_t spaces = 0, tabs = 0;
        CS_CHECK_INT_EQ(o.follow[0].kind, 'R');
        CS_CHECK(strstr(o.follow[0].input, "/rows?dataset=acme%2fx&config=") != NULL);
        CS_CHECK(strstr(o.follow[0].input, "&length=100") != NULL);
        /* d, id, sha, lm, key, REST, cols: REST holds the two other keys, cols nothing yet */
        for (const char *p = o.follow[0].extra; *p; p++) {
            tabs += *p == '\t';
            spaces += tabs == 5 && *p == ' ';
        }
        CS_CHECK_INT_EQ(tabs, 6);
        CS_CHECK_INT_EQ(spaces, 1);
        CS_CHECK(o.follow[0].extra[strlen(o.follow[0].extra) - 1] == '\t');
    }
    cs_hubout_release(&o);

    r = resp(404, "http://viewer.test/size?dataset=acme%2fx", "{\"error\":\"no\"}");
    CS_CHECK_INT_EQ(cs_hubwork_viewer_size(&viewer_ctx, "d\tacme/x\ts1\t", &r, &o), CS_OK);
    CS_CHECK(o.put_node && o.replace_edges && o.n_edges == 0 && o.n_follow == 0);
    CS_CHECK_STR_EQ(o.entry, "+viewer"); /* nothing to sample: the viewer has answered */
    cs_hubout_release(&o);
    r = resp(501, "http://viewer.test/size?dataset=acme%2fx", "{\"error\":\"script\"}");
    CS_CHECK_INT_EQ(cs_hubwork_viewer_size(&viewer_ctx, "d\tacme/x\ts1\t", &r, &o), CS_OK);
    CS_CHECK(o.put_node && o.n_follow == 0 && strstr(o.note, "does not support"));
    CS_CHECK_STR_EQ(o.entry, "+viewer"); /* it never will: not asked again */
    cs_hubout_release(&o);
    r = resp(503, "http://viewer.test/size?dataset=acme%2fx", "busy");
    CS_CHECK_INT_EQ(cs_hubwork_viewer_size(&viewer_ctx, "d\tacme/x\ts1\t", &r, &o), CS_OK);
    CS_CHECK(!o.put_node && o.n_follow == 0 && o.note[0]);
    cs_hubout_release(&o);
}

static void viewer_rows(void)
{
    static const char rows[] =
        "{\"features\":[{\"name\":\"url\",\"type\":{\"dtype\":\"string\",\"_type\":\"Value\"}}],"
        "\"rows\":[{\"row_idx\":300,\"row\":{\"url\":\"http://a.test/p\"},\"truncated_cells\":[]},"
        "{\"row_idx\":301,\"row\":{\"url\":\"http://hub.test/datasets/acme/x/f.jpg\"}}],"
        "\"num_rows_total\":1000}";
    static const char no_urls[] =
        "{\"features\":[{\"name\":\"text\",\"type\":{\"dtype\":\"string\",\"_type\":\"Value\"}}],"
        "\"rows\":[{\"row_idx\":0,\"row\":{\"text\":\"hello\"}}]}";
    const char *probe = "d\tacme/x\ts1\t\tdefault/train@300\tdefault/train@700 a%20b/test@0";
    struct cs_response r = resp(200, "http://viewer.test/rows", rows);
    const struct cs_graph_edge *e;
    struct cs_hubout o;

    CS_CHECK_INT_EQ(cs_hubwork_viewer_rows(&viewer_ctx, probe, &r, &o), CS_OK);
    CS_CHECK(o.put_node && o.replace_edges);
    CS_CHECK_STR_EQ(o.scope, "viewer:default/train@300:");
    e = find_edge(o.edges, o.n_edges, "http://a.test/p");
    CS_CHECK(e && e->link == CS_LINK_DATA && strcmp(e->via, "viewer:default/train@300:url") == 0 &&
             e->detail && strcmp(e->detail, "row 300") == 0);
    e = find_edge(o.edges, o.n_edges, "http://hub.test/datasets/acme/x/f.jpg");
    CS_CHECK(e && e->link == CS_LINK_HOSTED);
    CS_CHECK(find(&o, 'W', "http://a.test/p") != NULL);
    CS_CHECK(find(&o, 'R', "config=default&split=train&offset=700") != NULL);
    CS_CHECK_STR_EQ(o.entry, "+viewer"); /* the probe read: the revision is sampled */
    /* the other pages read the probe's columns */
    for (size_t i = 0; i < o.n_follow; i++)
        if (o.follow[i].kind == 'R')
            CS_CHECK(strcmp(o.follow[i].extra + strlen(o.follow[i].extra) - 4, "\turl") == 0);
    CS_CHECK(find(&o, 'R', "config=a+b&split=test&offset=0") != NULL ||
             find(&o, 'R', "config=a%20b&split=test&offset=0") != NULL);
    CS_CHECK_INT_EQ(o.n_follow, 3);
    cs_hubout_release(&o);

    /* a later page queues nothing more; a page without a URL column links nothing */
    CS_CHECK_INT_EQ(
        cs_hubwork_viewer_rows(&viewer_ctx, "d\tacme/x\ts1\t\tdefault/train@700\t", &r, &o), CS_OK);
    CS_CHECK_INT_EQ(o.n_follow, 1); /* its work URL */
    cs_hubout_release(&o);
    /* a later page reads the columns handed on, not its own pick: "text" is not on this page */
    CS_CHECK_INT_EQ(
        cs_hubwork_viewer_rows(&viewer_ctx, "d\tacme/x\ts1\t\tdefault/train@700\t\ttext", &r, &o),
        CS_OK);
    CS_CHECK(o.put_node && o.n_edges == 0 && o.n_follow == 0);
    cs_hubout_release(&o);
    r = resp(200, "http://viewer.test/rows", no_urls);
    CS_CHECK_INT_EQ(cs_hubwork_viewer_rows(&viewer_ctx, probe, &r, &o), CS_OK);
    CS_CHECK(o.n_follow == 0 && o.n_edges == 0 && strstr(o.note, "no URL column"));
    cs_hubout_release(&o);
    r = resp(500, "http://viewer.test/rows", "{\"error\":\"x\"}");
    CS_CHECK_INT_EQ(cs_hubwork_viewer_rows(&viewer_ctx, probe, &r, &o), CS_OK);
    CS_CHECK(!o.put_node && !o.replace_edges && o.n_follow == 0);
    cs_hubout_release(&o);
}

int main(void)
{
    listing();
    sweep();
    card();
    ckan();
    dataset_page();
    viewer_size();
    viewer_rows();
    return cs_test_done();
}
