/* SPDX-License-Identifier: MIT
 * queue.c - ring buffer under one mutex and two condition variables.
 */
#include "cs_setup.h"

#include "cs_clock.h"
#include "queue.h"

#include <errno.h>
#include <pthread.h>

struct cs_queue {
    pthread_mutex_t lock;
    pthread_cond_t not_empty;
    pthread_cond_t not_full;
    void **items;
    size_t cap, head, len;
    bool closed;
};

struct cs_queue *cs_queue_new(size_t cap)
{
    struct cs_queue *q = calloc(1, sizeof(*q));

    if (!q || cap == 0)
        goto fail;
    q->items = calloc(cap, sizeof(*q->items));
    if (!q->items)
        goto fail;
    q->cap = cap;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->not_full, NULL);
    return q;
fail:
    free(q);
    return NULL;
}

void cs_queue_free(struct cs_queue *q)
{
    if (!q)
        return;
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->not_empty);
    pthread_cond_destroy(&q->not_full);
    free(q->items);
    free(q);
}

/* Caller holds the lock and len < cap. */
static void put(struct cs_queue *q, void *item)
{
    q->items[(q->head + q->len) % q->cap] = item;
    q->len++;
    pthread_cond_signal(&q->not_empty);
}

bool cs_queue_push(struct cs_queue *q, void *item)
{
    bool ok;

    pthread_mutex_lock(&q->lock);
    while (q->len == q->cap && !q->closed)
        pthread_cond_wait(&q->not_full, &q->lock);
    ok = !q->closed;
    if (ok)
        put(q, item);
    pthread_mutex_unlock(&q->lock);
    return ok;
}

int cs_queue_push_wait(struct cs_queue *q, void *item, int ms)
{
    struct timespec ts;
    int rc = 0;

    cs_clock_deadline(&ts, ms);
    pthread_mutex_lock(&q->lock);
    while (q->len == q->cap && !q->closed && rc == 0)
        rc = pthread_cond_timedwait(&q->not_full, &q->lock, &ts);
    if (q->closed) {
        rc = -1;
    } else if (q->len < q->cap) {
        put(q, item);
        rc = 0;
    } else {
        rc = 1; /* timed out, still full */
    }
    pthread_mutex_unlock(&q->lock);
    return rc;
}

/* Caller holds the lock and len > 0. */
static void *take(struct cs_queue *q)
{
    void *item = q->items[q->head];

    q->head = (q->head + 1) % q->cap;
    q->len--;
    pthread_cond_signal(&q->not_full);
    return item;
}

void *cs_queue_pop(struct cs_queue *q)
{
    void *item = NULL;

    pthread_mutex_lock(&q->lock);
    while (q->len == 0 && !q->closed)
        pthread_cond_wait(&q->not_empty, &q->lock);
    if (q->len)
        item = take(q);
    pthread_mutex_unlock(&q->lock);
    return item;
}

void *cs_queue_trypop(struct cs_queue *q)
{
    void *item = NULL;

    pthread_mutex_lock(&q->lock);
    if (q->len)
        item = take(q);
    pthread_mutex_unlock(&q->lock);
    return item;
}

void *cs_queue_pop_wait(struct cs_queue *q, int ms)
{
    struct timespec until;
    void *item = NULL;

    cs_clock_deadline(&until, ms);
    pthread_mutex_lock(&q->lock);
    while (q->len == 0 && !q->closed) {
        if (pthread_cond_timedwait(&q->not_empty, &q->lock, &until) == ETIMEDOUT)
            break;
    }
    if (q->len)
        item = take(q);
    pthread_mutex_unlock(&q->lock);
    return item;
}

void cs_queue_close(struct cs_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->closed = true;
    pthread_cond_broadcast(&q->not_empty);
    pthread_cond_broadcast(&q->not_full);
    pthread_mutex_unlock(&q->lock);
}

size_t cs_queue_len(struct cs_queue *q)
{
    size_t n;

    pthread_mutex_lock(&q->lock);
    n = q->len;
    pthread_mutex_unlock(&q->lock);
    return n;
}
