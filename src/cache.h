/* cache.h: rendered feeds kept under a byte budget, least recently used out. */
#ifndef PAGEFEED_CACHE_H
#define PAGEFEED_CACHE_H

#include <sys/queue.h>

#include <stddef.h>

struct rendition;

/* Evicted bytes after which the freed heap goes back to the system. */
#define CACHE_GIVE_BACK		(16 * 1024 * 1024)

/* One cached document (a format of a source); embedded in its owner. */
struct cache_slot {
	struct rendition	*cs_rd;		/* NULL: not cached */
	size_t			 cs_size;
	TAILQ_ENTRY(cache_slot)	 cs_entry;	/* when cached */
};

struct cache {
	size_t			 c_budget;
	size_t			 c_used;
	size_t			 c_evictions;
	size_t			 c_freed;	/* bytes evicted since a give-back */
	/* Most recently used first.  The struct must not move once in use. */
	TAILQ_HEAD(cache_lru, cache_slot) c_lru;
};

void			 cache_init(struct cache *, size_t budget);
/* The slot's rendition, now the most recently used; or NULL. */
struct rendition	*cache_get(struct cache *, struct cache_slot *);
/*
 * Keeps RD (takes the caller's reference) in SLOT, then evicts the least
 * recently used others until the budget holds.  A rendition in flight to a
 * client stays alive by its own references.
 */
void			 cache_put(struct cache *, struct cache_slot *,
			    struct rendition *rd);
void			 cache_drop(struct cache *, struct cache_slot *);

#endif
