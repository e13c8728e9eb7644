/*
 * combined.h: [feed NAME] sections, feeds that combine sources: their
 * renditions (rendered from the store, cached, exported like a source's)
 * and which of them a source's change concerns.
 */
#ifndef PAGEFEED_COMBINED_H
#define PAGEFEED_COMBINED_H

#include <stddef.h>

#include "cache.h"
#include "render.h"

struct app;
struct source;
struct source_conf;

struct combined {
	struct app			*cb_app;
	const struct source_conf	*cb_conf;	/* the [feed] section */
	struct cache_slot		 cb_slots[FEED_NFORMATS];
};

/* Sets up app_cf's feeds (after the sources), or stops them all. */
void		 combined_start(struct app *);
void		 combined_stop(struct app *);
/* The feed called NAME (LEN bytes), or NULL. */
struct combined	*combined_find(struct app *, const char *name, size_t len);
/* A feed to serve: from the cache, or rendered now (NULL if impossible). */
struct rendition *combined_feed(struct combined *, enum feed_format);
/* Whether SRC is one of CB's sources. */
int		 combined_has(const struct combined *, const struct source *);
/* SRC's items changed: the feeds it is part of are rendered again. */
void		 combined_source_changed(struct app *, const struct source *);
/* The newest poll interval of CB's sources, for readers' caching. */
int		 combined_interval(const struct combined *);

#endif
