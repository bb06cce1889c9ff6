/* SPDX-License-Identifier: MIT
 * queue.h - a bounded blocking queue of pointers between pipeline threads (style.md 10.6): a
 * full queue blocks its producers (back-pressure instead of unbounded memory); a closed queue
 * wakes everyone. Messages carry ownership: what is pushed belongs to whoever pops it.
 * Thread-safe: any number of producers and consumers.
 */
#ifndef CS_QUEUE_H
#define CS_QUEUE_H

#include "cs_setup.h"

struct cs_queue;

/* Returns owned (cs_queue_free) a queue holding at most cap items, or NULL on out of memory. */
struct cs_queue *cs_queue_new(size_t cap);

/* Frees the queue; items still inside are not freed (drain it first). NULL allowed. */
void cs_queue_free(struct cs_queue *q);

/* Appends item, waiting while the queue is full. Returns false when the queue is closed (the
 * item was not taken). */
bool cs_queue_push(struct cs_queue *q, void *item);

/* Appends item, waiting at most ms milliseconds while the queue is full. Returns 0 when taken,
 * 1 on time-out (not taken), -1 when the queue is closed (not taken). */
int cs_queue_push_wait(struct cs_queue *q, void *item, int ms);

/* Takes the oldest item, waiting while the queue is empty and open. Returns NULL once the queue
 * is closed and empty. */
void *cs_queue_pop(struct cs_queue *q);

/* Takes the oldest item without waiting; NULL when empty. */
void *cs_queue_trypop(struct cs_queue *q);

/* Takes the oldest item, waiting at most ms milliseconds; NULL on time-out or when closed and
 * empty. */
void *cs_queue_pop_wait(struct cs_queue *q, int ms);

/* Closes the queue: pushes fail from now on, pops drain what is left then return NULL. */
void cs_queue_close(struct cs_queue *q);

/* Number of items inside now (a snapshot). */
size_t cs_queue_len(struct cs_queue *q);

#endif
