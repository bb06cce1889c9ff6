/* SPDX-License-Identifier: MIT
 * hubwork_int.h - the helpers the index readers share (hubout.c), for hubwork.c and
 * indexwork.c. Internal to crawler/. Reentrant; a cs_hubout belongs to one thread.
 */
#ifndef CS_HUBWORK_INT_H
#define CS_HUBWORK_INT_H

#include "cs_limits.h"
#include "cs_setup.h"
#include "hubwork.h"

#include <curl/curl.h>

/* Keeps s (Takes it) until o is released; returns it, or NULL (s freed) on out of memory. */
char *cs_hubout_keep(struct cs_hubout *o, char *s);

/* Queues follow-up work (Copies). CS_OK or CS_E_NOMEM. */
int cs_hubout_follow(struct cs_hubout *o, int kind, const char *input, const char *extra,
                     const char *dedup);

/* Adds an edge of o->node (strings must outlive o: keep them). CS_OK or CS_E_NOMEM. */
int cs_hubout_edge(struct cs_hubout *o, const struct cs_graph_edge *e);

/* A link found by a reader: a links_to edge to its canonical URL with via scope+where (links
 * to hub_origin are hosted copies), and a work URL for a data link. A URL that is not http(s)
 * is skipped. CS_OK or CS_E_NOMEM. */
int cs_hubout_link(const char *url, const char *scope, const char *where, enum cs_link_class cls,
                   const char *hub_origin, struct cs_hubout *o);

/* The same with the link's detail (e.g. "row 17" for a sampled row; NULL: none). */
int cs_hubout_link_detail(const char *url, const char *scope, const char *where, const char *detail,
                          enum cs_link_class cls, const char *hub_origin, struct cs_hubout *o);

/* Appends name=value (URL-encoded) to u's query; an empty value adds nothing. false on out of
 * memory. */
bool cs_hubwork_add_param(CURLU *u, const char *name, const char *value);

/* A dataset's viewer sample, after its card (viewerwork.c): queues its /size request when the
 * crawl samples rows (ctx->viewer_rows). f: the card's extra, split. CS_OK or CS_E_NOMEM. */
int cs_viewerwork_follow(const struct cs_hubwork_ctx *ctx, char *f[4], struct cs_hubout *o);

/* The key an entry of one revision is queued under, once per run: "WHAT@SHA", WHAT a card's
 * node or a Croissant or viewer URL (cs_hubwork_first_key reads it back from an entry). */
#define CS_HUB_KEY_MAX (CS_MAX_URL_LEN + 160)
void cs_hubwork_rev_key(const char *what, const char *sha, char out[static CS_HUB_KEY_MAX]);

/* Splits an entry's extra "k<TAB>id<TAB>sha<TAB>lastModified" in place (f points into buf). */
bool cs_hubout_split_extra(char *buf, char *f[4]);

/* How a reader of an entry starts: clears out, copies extra into *buf (owned) and splits it
 * into f. CS_OK; CS_E_NOMEM; CS_E_PARSE when the extra is malformed (noted in out as "malformed
 * WHAT entry", *buf NULL: the reader returns CS_OK, with nothing to store). */
int cs_hubout_begin(const char *extra, const char *what, char **buf, char *f[4],
                    struct cs_hubout *out);

/* o's node from f (as split): the dataset or model, its sha and lastModified, and entry (static):
 * "hub:card" from the card, which starts the revision's list of readers; "+croissant" or
 * "+viewer" from a reader that answered for that revision (store/graph.h adds it). */
int cs_hubout_entry_node(const char *entry, char *f[4], bool model, struct cs_hubout *o);

#endif
