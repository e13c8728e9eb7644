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
#include "log.h"
#include "render.h"
#include "rendition.h"
#include "store.h"
#include "util.h"

const struct render_format render_formats[FEED_NFORMATS] = {
	[FEED_RSS] =	{ "rss",  "application/rss+xml",	"RSS",
			  "RSS",	feed_rss },
	[FEED_ATOM] =	{ "atom", "application/atom+xml",	"Atom",
			  "Atom",	feed_atom },
	[FEED_JSON] =	{ "json", "application/feed+json",	"JSON",
			  "JSON Feed",	feed_json },
};

int
render_feeds(const struct render_job *rj, unsigned mask)
{
	const char		*name = rj->rj_meta.fm_name;
	struct stored_item	*items = NULL;
	struct feed_meta	 fm = rj->rj_meta;
	struct rendition	*rd;
	size_t			 n = 0, len;
	char			*cause = NULL, *self, *out;
	int			 f;

	if (store_items(rj->rj_store, name, rj->rj_max_items, &items, &n,
	    &cause) == -1) {
		log_warnx("source %s: reading the store: %s", name, cause);
		free(cause);
		return (-1);
	}
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
	store_items_free(items, n);
	return (0);
}
