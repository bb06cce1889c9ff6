/* SPDX-License-Identifier: MIT
 * hosts.c - per-host queues and the schedule of hosts by their next allowed start (a binary
 * min-heap on next_ms), so picking the next request costs O(log hosts) however many hosts wait.
 * Keyed by origin (scheme, host name, port), not by IP. Used by the fetch thread only.
 */
#include "cs_setup.h"

#include "cs_str.h"
#include "engine_int.h"

struct cs_hosts {
    struct cs_host **slots; /* open addressing by origin */
    size_t cap, count;
    struct cs_host **heap;
    size_t heap_len, heap_cap;
};

struct cs_hosts *cs_hosts_new(void)
{
    struct cs_hosts *hs = calloc(1, sizeof(*hs));

    if (!hs)
        return NULL;
    hs->cap = 1024;
    hs->slots = calloc(hs->cap, sizeof(*hs->slots));
    if (!hs->slots) {
        free(hs);
        return NULL;
    }
    return hs;
}

void cs_hosts_free(struct cs_hosts *hs, void (*release_site)(struct cs_site_ref *))
{
    if (!hs)
        return;
    for (size_t i = 0; i < hs->cap; i++) {
        struct cs_host *h = hs->slots[i];
        if (!h)
            continue;
        if (h->site)
            release_site(h->site);
        if (h->pending)
            release_site(h->pending);
        free(h->robots_next);
        free(h->robots_first);
        free(h->origin);
        free(h);
    }
    free(hs->slots);
    free(hs->heap);
    free(hs);
}

static size_t find(const struct cs_hosts *hs, const char *origin)
{
    size_t i = cs_str_hash(origin, strlen(origin)) & (hs->cap - 1);

    while (hs->slots[i] && strcmp(hs->slots[i]->origin, origin) != 0)
        i = (i + 1) & (hs->cap - 1);
    return i;
}

static int grow(struct cs_hosts *hs)
{
    struct cs_host **old = hs->slots;
    size_t old_cap = hs->cap;

    hs->slots = calloc(old_cap * 2, sizeof(*hs->slots));
    if (!hs->slots) {
        hs->slots = old;
        return CS_E_NOMEM;
    }
    hs->cap = old_cap * 2;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i])
            hs->slots[find(hs, old[i]->origin)] = old[i];
    }
    free(old);
    return CS_OK;
}

struct cs_host *cs_hosts_get(struct cs_hosts *hs, const char *origin)
{
    size_t i;
    struct cs_host *h;

    if ((hs->count + 1) * 10 > hs->cap * 7 && grow(hs) != CS_OK)
        return NULL;
    i = find(hs, origin);
    if (hs->slots[i])
        return hs->slots[i];
    h = calloc(1, sizeof(*h));
    if (!h || !(h->origin = cs_strdup(origin))) {
        free(h);
        return NULL;
    }
    hs->slots[i] = h;
    hs->count++;
    return h;
}

size_t cs_hosts_count(const struct cs_hosts *hs)
{
    return hs->count;
}

void cs_hosts_enqueue(struct cs_host *h, struct cs_job *j, bool front)
{
    if (front) {
        j->next = h->head;
        h->head = j;
        if (!h->tail)
            h->tail = j;
    } else {
        j->next = NULL;
        if (h->tail)
            h->tail->next = j;
        else
            h->head = j;
        h->tail = j;
    }
    h->queued++;
}

struct cs_job *cs_hosts_dequeue(struct cs_host *h)
{
    struct cs_job *j = h->head;

    if (!j)
        return NULL;
    h->head = j->next;
    if (!h->head)
        h->tail = NULL;
    j->next = NULL;
    h->queued--;
    return j;
}

static void heap_set(struct cs_hosts *hs, size_t i, struct cs_host *h)
{
    hs->heap[i] = h;
    h->heap_idx = i;
}

static void sift_up(struct cs_hosts *hs, size_t i)
{
    struct cs_host *h = hs->heap[i];

    while (i > 0 && hs->heap[(i - 1) / 2]->next_ms > h->next_ms) {
        heap_set(hs, i, hs->heap[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    heap_set(hs, i, h);
}

static void sift_down(struct cs_hosts *hs, size_t i)
{
    struct cs_host *h = hs->heap[i];

    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= hs->heap_len)
            break;
        if (c + 1 < hs->heap_len && hs->heap[c + 1]->next_ms < hs->heap[c]->next_ms)
            c++;
        if (hs->heap[c]->next_ms >= h->next_ms)
            break;
        heap_set(hs, i, hs->heap[c]);
        i = c;
    }
    heap_set(hs, i, h);
}

static void heap_remove(struct cs_hosts *hs, struct cs_host *h)
{
    size_t i = h->heap_idx;
    struct cs_host *last = hs->heap[--hs->heap_len];

    h->in_heap = false;
    if (last == h)
        return;
    heap_set(hs, i, last);
    sift_down(hs, i);
    sift_up(hs, last->heap_idx);
}

static bool heap_insert(struct cs_hosts *hs, struct cs_host *h)
{
    if (hs->heap_len == hs->heap_cap) {
        size_t n = hs->heap_cap ? hs->heap_cap * 2 : 256;
        struct cs_host **p = realloc(hs->heap, n * sizeof(*p));
        if (!p)
            return false;
        hs->heap = p;
        hs->heap_cap = n;
    }
    h->in_heap = true;
    heap_set(hs, hs->heap_len++, h);
    sift_up(hs, h->heap_idx);
    return true;
}

void cs_hosts_update(struct cs_hosts *hs, struct cs_host *h, int per_host)
{
    int limit = h->per_host ? h->per_host : per_host;
    bool want = h->queued > 0 && h->in_flight < limit && h->state != CS_HOST_FETCHING;

    if (h->in_heap)
        heap_remove(hs, h);
    if (want && !heap_insert(hs, h))
        h->in_heap = false; /* out of memory: retried at the next update */
}

struct cs_host *cs_hosts_due(struct cs_hosts *hs, int64_t now, int64_t *wait_ms)
{
    struct cs_host *h;

    if (hs->heap_len == 0) {
        *wait_ms = -1;
        return NULL;
    }
    h = hs->heap[0];
    if (h->next_ms > now) {
        *wait_ms = h->next_ms - now;
        return NULL;
    }
    heap_remove(hs, h);
    *wait_ms = 0;
    return h;
}

bool cs_hosts_take_due(struct cs_hosts *hs, struct cs_host *h, int64_t now)
{
    if (!h->in_heap || h->next_ms > now)
        return false;
    heap_remove(hs, h);
    return true;
}

void cs_hosts_each(struct cs_hosts *hs, void (*fn)(struct cs_host *h, void *ctx), void *ctx)
{
    for (size_t i = 0; i < hs->cap; i++) {
        if (hs->slots[i])
            fn(hs->slots[i], ctx);
    }
}
