/* SPDX-License-Identifier: MIT
 * hubwork.h - the work kinds of the index crawl (issue 4): a page of a Hugging Face Hub listing
 * and a card, beside the work URL of the check. A parse worker turns a fetched page or card into
 * a struct cs_hubout (what to queue next, the node and its edges); the writer applies it in the
 * batch that takes the job out of the frontier, so a killed crawl resumes with exactly the work
 * it had not stored (issue 3: frontier, hub cursors and graph commit together).
 *
 * Frontier entries of these kinds:
 *   'L' listing page: input = the page URL (the next page's URL is the cursor: it is queued with
 *       the page's results); extra = "d|m<TAB>RESTARTS<TAB>FIRST-PAGE-URL"
 *   'C' card:         input = the README.md URL on the resolve endpoint; extra =
 *       "d|m<TAB>ID<TAB>SHA<TAB>LASTMODIFIED"
 *   'X' Croissant:    input = BASE/api/datasets/ID/croissant (an API call); extra as a card's
 *   'K' CKAN page:    input = a package_search URL with start and rows (an API call); extra =
 *       "k<TAB>START<TAB>ROWS<TAB>URL-WITHOUT-START-AND-ROWS"
 *   'P' dataset page: input = an HTML page with schema.org Dataset JSON-LD, or a JSON-LD file
 *       (Croissant, DCAT), or a DCAT catalogue in RDF/XML; crawling: robots.txt obeyed
 *   'V' viewer size:  input = VIEWER/size?dataset=ID (an API call); extra as a card's
 *   'R' viewer rows:  input = VIEWER/rows?dataset=ID&config=C&split=S&offset=O&length=100 (an
 *       API call); extra = a card's, then "<TAB>KEY<TAB>REST": the page's key
 *       (cs_viewer_page_key) and, for the sample's first page, the keys of the others
 *       (space-separated)
 *   'W' work:         input = a source URL (the check of `consentscan check`)
 *
 * Listing pages are API calls: paced by the Hub's published quota, not gated by robots.txt;
 * cards and sources are crawling and obey robots.txt (README "Politeness").
 * Thread-safety: the functions are reentrant; each cs_hubout belongs to one thread at a time.
 */
#ifndef CS_HUBWORK_H
#define CS_HUBWORK_H

#include "cs_setup.h"
#include "fetch.h"
#include "graph.h"
#include "lineage.h"
#include "store.h"

enum { CS_HUB_RESTARTS_MAX = 3 }; /* an expired cursor restarts a listing at most this often */

struct cs_hub_follow {
    int kind;
    char *input; /* owned */
    char *extra; /* owned */
    char *dedup; /* owned: the once-per-run key */
};

/* One dataset of a page that describes several (a CKAN result page, a catalogue), with its
 * edges. Strings owned by the cs_hubout. */
struct cs_hub_group {
    char *node;
    char *title, *license;
    struct cs_graph_edge *edges;
    size_t n_edges;
};

/* What one page or card adds. Every string owned (cs_hubout_release). */
struct cs_hubout {
    struct cs_hub_follow *follow;
    size_t n_follow;
    bool put_node;     /* a card was read (or found missing): its node is updated... */
    const char *entry; /* ...with this entry (static; NULL keeps the stored one) */
    enum cs_node_kind node_kind;
    char *node;
    char *sha, *last_modified, *license;
    bool replace_edges; /* the card was read: its edges replace the stored ones... */
    const char *scope;  /* ...that came through the same reader ("card:", "croissant:") */
    struct cs_graph_edge *edges;
    size_t n_edges;
    char **owned; /* backing strings of edges */
    size_t n_owned;
    char **listed; /* listing: node names of the page's entries (recorded even when their card
                      cannot be read, e.g. gated) */
    size_t n_listed;
    enum cs_node_kind listed_kind;
    struct cs_hub_group *groups; /* other indexes: the datasets of the page */
    size_t n_groups;
    bool listing_end;        /* listing: the last page, read to the end (no high-water stop),
                                and, sorted by lastModified, swept: the first pages read again
                                down to the run's start, so a repository modified while the
                                walk went on (it moved up, above the cursor) is met too; only
                                such a listing can tell which repositories disappeared */
    size_t entries;          /* listing: entries on the page */
    size_t unchanged;        /* listing: entries whose sha the store already has */
    size_t unchanged_before; /* of those, read by an earlier run */
    size_t unreadable;       /* listing: gated entries while the crawl has no token */
    size_t skipped;          /* listing: entries whose id, sha or date is malformed */
    char note[256];          /* one line for the log, "" when there is nothing to say */
};

/* Reads a fetched listing page (r: the final response of input page_url, extra as above):
 * queues a card for every entry whose sha differs from the stored node's (incremental), and
 * the next page from `Link: rel="next"` unless every entry of a page sorted by lastModified is
 * unchanged and was not read by this run (the previous run's high-water mark is reached). An
 * expired cursor (HTTP 400 or 410 on a page with a cursor) restarts the listing. st is read
 * (thread-safe) for the stored shas. CS_OK (failures are described in out->note) or CS_E_NOMEM. */
struct cs_hubwork_ctx;
CS_MUST_CHECK int cs_hubwork_list(const struct cs_hubwork_ctx *ctx, struct cs_store *st,
                                  uint64_t run, const char *page_url, const char *extra,
                                  const struct cs_response *r, struct cs_hubout *out);

/* What the readers need to know of the crawl. */
struct cs_hubwork_ctx {
    const char *hub_origin;  /* the index's canonical origin: its files are hosted copies */
    bool croissant;          /* read each dataset's Croissant file after its card */
    const char *viewer_base; /* the dataset viewer's API ("https://datasets-server...") */
    size_t viewer_rows;      /* rows of each dataset to sample through it; 0: none */
    bool have_token;         /* listings: gated entries can be read */
    bool full;               /* listings: every page, no stop at the high-water mark */
    const char *since;       /* listings: when the run began ("YYYY-MM-DDTHH:MM:SS", UTC), or
                                NULL: a whole listing then ends with a sweep (below) */
};

/* A Hub node's entry names the readers that answered for its stored revision: the card writes
 * "hub:card"; the Croissant file (200 or 404) adds "+croissant", the viewer's /size (200 or
 * 404) "+viewer" (store/graph.h: a "+READER" entry is added to the stored one). */
#define CS_HUB_ENTRY_CARD       "hub:card"
#define CS_HUB_ENTRY_REFUSED    "hub:refused" /* the card was refused to the token (401/403) */
#define CS_HUB_READER_CROISSANT "+croissant"
#define CS_HUB_READER_VIEWER    "+viewer"

/* The key an index entry (kind, input, extra as in its frontier entry) was first queued under:
 * a card "NODE@SHA", a Croissant file or viewer answer "URL@SHA" (cs_hubwork_rev_key), a
 * dataset page its URL. So an entry queued again (carried over from a failed run) and the same
 * entry met in this run are one piece of work. false when the extra is malformed or out of
 * memory. */
bool cs_hubwork_first_key(int kind, const char *input, const char *extra, char *out, size_t cap);

/* The entry this crawl wants of a node: "hub:card" with the readers it asks for. A listing
 * takes an entry as unchanged only when its stored entry has every one of them, so turning
 * --croissant or --viewer-rows on reads each dataset's card once more, and a reader that failed
 * (a 5xx, a timeout) is asked again by the next crawl. Static. */
const char *cs_hubwork_entry(const struct cs_hubwork_ctx *ctx, bool model);

/* Reads a fetched card: the node with its sha and lastModified, edges for its lineage
 * (base_model, datasets, source_datasets) and its links (canonical URLs with their class and
 * where they were found; links to hub_origin, the index's own origin, are hosted copies), and a
 * work URL queued for every data link. A 404 records the node with no edges; any other failure
 * leaves the stored edges alone. CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_hubwork_card(const struct cs_hubwork_ctx *ctx, const char *card_url,
                                  const char *extra, const struct cs_response *r,
                                  struct cs_hubout *out);

/* Reads a fetched Croissant file of a dataset (extra as a card's): its links, as links_to edges
 * whose via starts "croissant:" (they replace only the edges that came that way, beside the
 * card's), a derived_from edge to every Hub dataset it names, and a work URL for every data
 * link (contentUrl off the index). A 404 (the dataset has no Croissant file: the Hub makes
 * them for datasets it can convert) leaves it no Croissant edges; any other failure and a
 * broken file change nothing stored. CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_hubwork_croissant(const struct cs_hubwork_ctx *ctx, const char *extra,
                                       const struct cs_response *r, struct cs_hubout *out);

/* Reads the viewer's /size answer for a dataset (kind 'V', extra as a card's): the dataset's
 * viewer links are cleared (also on a 404: this revision has no viewer copy) and the first page
 * of a sample of ctx->viewer_rows rows over its splits is queued, seeded by id and sha, carrying
 * the keys of the other pages. Any other failure changes nothing stored. CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_hubwork_viewer_size(const struct cs_hubwork_ctx *ctx, const char *extra,
                                         const struct cs_response *r, struct cs_hubout *out);

/* Reads a page of rows (kind 'R'): every URL cell of its URL columns (viewer.h) becomes a data
 * link of the dataset, via "viewer:KEY:COLUMN", detail "row N", replacing the links of that key
 * only; the sample's first page queues the other pages when it has a URL column. A failure
 * changes nothing stored. CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_hubwork_viewer_rows(const struct cs_hubwork_ctx *ctx, const char *extra,
                                         const struct cs_response *r, struct cs_hubout *out);

/* Reads a CKAN package_search page: one dataset node per package, named by its page on the
 * portal (ORIGIN/dataset/NAME), with its resources as data links (scope "ckan:") and work URLs
 * for them, and the next page while the portal's count says there are more. CS_OK or
 * CS_E_NOMEM. */
CS_MUST_CHECK int cs_hubwork_ckan(const struct cs_hubwork_ctx *ctx, const char *page_url,
                                  const char *extra, const struct cs_response *r,
                                  struct cs_hubout *out);

/* Reads a dataset page (schema.org Dataset JSON-LD in HTML) or a JSON-LD document: one node
 * per dataset found, named by its @id or url when that is an http(s) URL, else by the page's
 * URL; links with scope "jsonld:" ("rdf:" for a DCAT catalogue in RDF/XML); work URLs for data
 * links. CS_OK or CS_E_NOMEM. */
CS_MUST_CHECK int cs_hubwork_page(const struct cs_hubwork_ctx *ctx, const char *page_url,
                                  const struct cs_response *r, struct cs_hubout *out);

/* The first page of a CKAN package_search URL (rows defaulted to 100, start 0) and its extra.
 * Both Return owned; false on out of memory or a URL that is not http(s). */
bool cs_hubwork_ckan_first(const char *url, char **page, char **extra);

/* Drops from out what the graph store would refuse (text that is not valid UTF-8, an edge
 * that does not fit its node kinds), so that one odd card cannot fail its whole batch; returns
 * how many values went. Call it before cs_hubwork_queue. */
size_t cs_hubout_sanitize(struct cs_hubout *o);

/* After a run that read a listing of kind (CS_NODE_DATASET or CS_NODE_MODEL) to its end with no
 * narrowing option: every node of that kind the Hub listed before but not in this run is marked
 * gone (kept, with the time: issue 4 "repositories that disappeared are kept and marked gone").
 * Returns CS_OK with *marked set, or a store error. */
CS_MUST_CHECK int cs_hubwork_gone(struct cs_store *st, uint64_t run, enum cs_node_kind kind,
                                  int64_t now, size_t *marked);

/* Queues what out says into b (frontier entries of run, node, edges). CS_OK, CS_E_NOMEM or
 * CS_E_INVALID. */
CS_MUST_CHECK int cs_hubwork_queue(struct cs_store_batch *b, uint64_t run,
                                   const struct cs_hubout *out, int64_t now);

void cs_hubout_release(struct cs_hubout *o);

/* The first page of a listing: BASE/api/datasets (or models) with the query of the options.
 * Returns owned, or NULL on out of memory. */
struct cs_hub_query {
    const char *base; /* "https://huggingface.co" (no trailing '/') */
    bool models;
    const char *search, *author, *sort;
    const char *const *filters;
    size_t n_filters;
    long limit; /* page size; 0: the API's default */
};

char *cs_hubwork_first_page(const struct cs_hub_query *q);

#endif
