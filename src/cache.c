/*
 * cache.c: a byte budget for rendered feeds.  With thousands of sources
 * the documents would not all fit; the least recently used ones go, and a
 * request for one of them renders it again from the store (deterministic,
 * so its ETag is unchanged).
 */
#include <stddef.h>

#include "cache.h"
#include "rendition.h"
#include "util.h"

void
cache_init(struct cache *c, size_t budget)
{
	c->c_budget = budget;
	c->c_used = 0;
	c->c_evictions = 0;
	c->c_freed = 0;
	TAILQ_INIT(&c->c_lru);
}

struct rendition *
cache_get(struct cache *c, struct cache_slot *s)
{
	if (s->cs_rd == NULL)
		return (NULL);
	if (TAILQ_FIRST(&c->c_lru) != s) {
		TAILQ_REMOVE(&c->c_lru, s, cs_entry);
		TAILQ_INSERT_HEAD(&c->c_lru, s, cs_entry);
	}
	return (s->cs_rd);
}

void
cache_drop(struct cache *c, struct cache_slot *s)
{
	if (s->cs_rd == NULL)
		return;
	TAILQ_REMOVE(&c->c_lru, s, cs_entry);
	c->c_used -= s->cs_size;
	rendition_unref(s->cs_rd);
	s->cs_rd = NULL;
	s->cs_size = 0;
}

void
cache_put(struct cache *c, struct cache_slot *s, struct rendition *rd)
{
	struct cache_slot	*last;

	cache_drop(c, s);
	s->cs_rd = rd;
	s->cs_size = rendition_size(rd);
	c->c_used += s->cs_size;
	TAILQ_INSERT_HEAD(&c->c_lru, s, cs_entry);
	/* The newest stays even alone over budget: it is being served. */
	while (c->c_used > c->c_budget &&
	    (last = TAILQ_LAST(&c->c_lru, cache_lru)) != s) {
		c->c_freed += last->cs_size;
		cache_drop(c, last);
		c->c_evictions++;
	}
	/* A full cache churns: what the evicted held is given back now and
	 * then, or RSS creeps past the budget in freed holes. */
	if (c->c_freed >= CACHE_GIVE_BACK) {
		c->c_freed = 0;
		mem_give_back();
	}
}
