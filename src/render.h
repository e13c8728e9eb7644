/* render.h: stored items → feed bytes → rendition → cache (and export). */
#ifndef PAGEFEED_RENDER_H
#define PAGEFEED_RENDER_H

#include <stddef.h>
#include <time.h>

#include "feed.h"

struct cache;
struct cache_slot;
struct filter;
struct store;
struct stored_item;

enum feed_format {
	FEED_RSS = 0,
	FEED_ATOM,
	FEED_JSON,
	FEED_NFORMATS
};

/* The formats served, in enum feed_format order: the one table of them. */
struct render_format {
	const char	*rf_ext;	/* "rss": /feeds/NAME.rss, export files */
	const char	*rf_type;	/* media type, without parameters */
	const char	*rf_label;	/* short: on the index page's buttons */
	const char	*rf_name;	/* in logs and autodiscovery titles */
	int		(*rf_render)(const struct feed_meta *,
			    const struct stored_item *, size_t, char **,
			    size_t *, char **);
};

extern const struct render_format render_formats[FEED_NFORMATS];

/* What to render for one source, and where the renditions go. */
struct render_job {
	struct store		*rj_store;
	struct cache		*rj_cache;
	struct cache_slot	*rj_slots;	/* FEED_NFORMATS of them */
	const char		*rj_base_url;	/* for each feed's self URL */
	int			 rj_websub;	/* names its hub: BASE/websub */
	const char		*rj_export_dir;	/* NULL: nothing written */
	long			 rj_max_items;
	const struct filter	*rj_filter;	/* NULL: every item is served */
	time_t			 rj_now;	/* for the filter's max_age */
	/* fm_self_url is set here; fm_updated is used when nothing is stored. */
	struct feed_meta	 rj_meta;
};

/*
 * Renders the formats in MASK (1 << format) from the store into the
 * cache, and writes them to rj_export_dir when set.  Returns 0, or -1 when
 * the store cannot be read (the cache keeps what it had).
 */
int	render_feeds(const struct render_job *, unsigned mask);

/* One source of a combined feed: what it serves, and what its items say. */
struct render_member {
	const char		 *rm_name;
	const struct filter	 *rm_filter;	/* the source's own, or NULL */
	long			  rm_max_items;
	const struct feed_source *rm_source;
};
/*
 * A combined feed ([feed NAME]): the items each member serves, newest
 * first across them, through rj_filter, at most rj_max_items, each with
 * its source; as render_feeds otherwise.
 */
int	render_combined(const struct render_job *,
	    const struct render_member *, size_t, unsigned mask);

#endif
