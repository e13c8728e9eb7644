/*
 * cache.c: a byte budget for rendered feeds.  With thousands of sources
 * the documents would not all fit; the least recently used ones go, and a
 * request for one of them renders it again from the store (deterministic,
 * so its ETag is unchanged).
 */
#include <stddef.h>

#include "cache.h"
#include "rendition.h"

void
cache_init(struct cache *c, size_t budget)
{
	c->c_budget = budget;
	c->c_used = 0;
	c->c_evictions = 0;
	c->c_head = c->c_tail = NULL;
}

static void
cache_unlink(struct cache *c, struct cache_slot *s)
{
	if (s->cs_prev != NULL)
		s->cs_prev->cs_next = s->cs_next;
	else
		c->c_head = s->cs_next;
	if (s->cs_next != NULL)
		s->cs_next->cs_prev = s->cs_prev;
	else
		c->c_tail = s->cs_prev;
	s->cs_prev = s->cs_next = NULL;
}

static void
cache_link_head(struct cache *c, struct cache_slot *s)
{
	s->cs_prev = NULL;
	s->cs_next = c->c_head;
	if (c->c_head != NULL)
		c->c_head->cs_prev = s;
	c->c_head = s;
	if (c->c_tail == NULL)
		c->c_tail = s;
}

struct rendition *
cache_get(struct cache *c, struct cache_slot *s)
{
	if (s->cs_rd == NULL)
		return (NULL);
	if (c->c_head != s) {
		cache_unlink(c, s);
		cache_link_head(c, s);
	}
	return (s->cs_rd);
}

void
cache_drop(struct cache *c, struct cache_slot *s)
{
	if (s->cs_rd == NULL)
		return;
	cache_unlink(c, s);
	c->c_used -= s->cs_size;
	rendition_unref(s->cs_rd);
	s->cs_rd = NULL;
	s->cs_size = 0;
}

void
cache_put(struct cache *c, struct cache_slot *s, struct rendition *rd)
{
	cache_drop(c, s);
	s->cs_rd = rd;
	s->cs_size = rendition_size(rd);
	c->c_used += s->cs_size;
	cache_link_head(c, s);
	/* The newest stays even alone over budget: it is being served. */
	while (c->c_used > c->c_budget && c->c_tail != NULL &&
	    c->c_tail != s) {
		cache_drop(c, c->c_tail);
		c->c_evictions++;
	}
}
