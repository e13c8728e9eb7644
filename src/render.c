/*
 * render.c: the one path from the store to what is served: the newest
 * items read once, each format written by its renderer, wrapped in a
 * rendition (gzip and ETags made here, once) and kept in the cache.  The
 * export files are written only when the caller asks, which source.c does
 * when the store changed, never for a reader's request.
 */
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "export.h"
#include "feed.h"
#include "filter.h"
#include "log.h"
#include "render.h"
#include "rendition.h"
#include "store.h"
#include "util.h"

/* Items read for a filtered feed: as many as a feed may serve, and more. */
#define RENDER_FILTER_READ	20000

const struct render_format render_formats[FEED_NFORMATS] = {
	[FEED_RSS] =	{ "rss",  "application/rss+xml",	"RSS",
			  "RSS",	feed_rss },
	[FEED_ATOM] =	{ "atom", "application/atom+xml",	"Atom",
			  "Atom",	feed_atom },
	[FEED_JSON] =	{ "json", "application/feed+json",	"JSON",
			  "JSON Feed",	feed_json },
};

/*
 * The items the filter keeps, swapped to the front of ITEMS (newest first
 * still), at most rj_max_items; the others behind them.  Returns how many.
 */
static size_t
render_filter(const struct render_job *rj, struct stored_item *items,
    size_t n)
{
	struct stored_item	 t;
	size_t			 i, kept = 0;

	for (i = 0; i < n && (long)kept < rj->rj_max_items; i++) {
		if (!filter_keep(rj->rj_filter, &items[i], rj->rj_now))
			continue;
		if (kept != i) {
			t = items[kept];
			items[kept] = items[i];
			items[i] = t;
		}
		kept++;
	}
	return (kept);
}

int
render_feeds(const struct render_job *rj, unsigned mask)
{
	const char		*name = rj->rj_meta.fm_name;
	struct stored_item	*items = NULL;
	struct feed_meta	 fm = rj->rj_meta;
	struct rendition	*rd;
	size_t			 n = 0, nread, len;
	char			*cause = NULL, *self, *out;
	int			 f;

	/* Filtered: read them all (as many as a feed may hold), keep some. */
	if (store_items(rj->rj_store, name, rj->rj_filter != NULL ?
	    RENDER_FILTER_READ : rj->rj_max_items, &items, &n, &cause) == -1) {
		log_warnx("source %s: reading the store: %s", name, cause);
		free(cause);
		return (-1);
	}
	nread = n;
	if (rj->rj_filter != NULL)
		n = render_filter(rj, items, n);
	fm.fm_updated = feed_newest(items, n, rj->rj_meta.fm_updated);
	for (f = 0; f < FEED_NFORMATS; f++) {
		if (!(mask & (1U << f)))
			continue;
		xasprintf(&self, "%sfeeds/%s.%s", rj->rj_base_url, name,
		    render_formats[f].rf_ext);
		fm.fm_self_url = self;
		if (render_formats[f].rf_render(&fm, items, n, &out, &len,
		    &cause) == 0) {
			rd = rendition_new(out, len, fm.fm_updated);
			if (rj->rj_export_dir != NULL)
				export_write(rj->rj_export_dir, name,
				    render_formats[f].rf_ext, rd);
			cache_put(rj->rj_cache, &rj->rj_slots[f], rd);
		} else {
			log_warnx("source %s: rendering %s: %s", name,
			    render_formats[f].rf_name, cause);
			free(cause);
			cause = NULL;
		}
		free(self);
	}
	store_items_free(items, nread);
	return (0);
}
