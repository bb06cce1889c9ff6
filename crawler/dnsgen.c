/* SPDX-License-Identifier: MIT
 * dnsgen.c - DNS cache generations (dnsgen.h): a short list of share handles, newest first.
 */
#include "cs_setup.h"

#include "dnsgen.h"

#include <curl/curl.h>
#include <stdlib.h>

struct gen {
    struct gen *next;
    CURLSH *share;
    unsigned id;
    unsigned hosts; /* hosts that started here */
    unsigned users; /* easy handles attached */
};

struct cs_dnsgens {
    struct gen *list; /* newest (the current one) first */
    unsigned per_gen;
    unsigned last_id;
};

struct cs_dnsgens *cs_dnsgens_new(unsigned hosts_per_gen)
{
    struct cs_dnsgens *g = calloc(1, sizeof(*g));

    if (g)
        g->per_gen = hosts_per_gen ? hosts_per_gen : 1;
    return g;
}

static void gen_free(struct gen *x)
{
    curl_share_cleanup(x->share);
    free(x);
}

void cs_dnsgens_free(struct cs_dnsgens *g)
{
    if (!g)
        return;
    while (g->list) {
        struct gen *x = g->list;
        g->list = x->next;
        gen_free(x);
    }
    free(g);
}

/* The current generation, a new one when it has served its hosts; NULL on out of memory. */
static struct gen *current(struct cs_dnsgens *g)
{
    struct gen *x;

    if (g->list && g->list->hosts < g->per_gen)
        return g->list;
    x = calloc(1, sizeof(*x));
    if (!x || !(x->share = curl_share_init()) ||
        curl_share_setopt(x->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK) {
        if (x && x->share)
            curl_share_cleanup(x->share);
        free(x);
        return NULL;
    }
    x->id = ++g->last_id ? g->last_id : ++g->last_id; /* 0 means none */
    x->next = g->list;
    g->list = x;
    /* the one it replaces goes once its last transfer ends */
    if (x->next && x->next->users == 0) {
        gen_free(x->next);
        x->next = NULL;
    }
    return x;
}

void cs_dnsgens_attach(struct cs_dnsgens *g, void *easy, unsigned *gen)
{
    struct gen *x = g->list;

    while (x && (*gen == 0 || x->id != *gen))
        x = x->next;
    if (!x) {
        x = current(g);
        if (!x) {
            *gen = 0;
            return;
        }
        x->hosts++;
    }
    if (curl_easy_setopt(easy, CURLOPT_SHARE, x->share) != CURLE_OK) {
        *gen = 0;
        return;
    }
    x->users++;
    *gen = x->id;
}

void cs_dnsgens_detach(struct cs_dnsgens *g, unsigned gen)
{
    struct gen **pp = &g->list;

    if (gen == 0)
        return;
    while (*pp && (*pp)->id != gen)
        pp = &(*pp)->next;
    if (!*pp)
        return;
    if (--(*pp)->users == 0 && *pp != g->list) {
        struct gen *x = *pp;
        *pp = x->next;
        gen_free(x);
    }
}
