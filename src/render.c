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

/* ITEMS (N of them, newest first) as the formats in MASK, cached. */
static void
render_write(const struct render_job *rj, const struct stored_item *items,
    size_t n, unsigned mask)
{
	const char		*name = rj->rj_meta.fm_name;
	struct feed_meta	 fm = rj->rj_meta;
	struct rendition	*rd;
	size_t			 len;
	char			*cause = NULL, *self, *out, *hub = NULL;
	int			 f;

	fm.fm_updated = feed_newest(items, n, rj->rj_meta.fm_updated);
	if (rj->rj_websub)
		xasprintf(&hub, "%swebsub", rj->rj_base_url);
	fm.fm_hub_url = hub;
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
			log_warnx("feed %s: rendering %s: %s", name,
			    render_formats[f].rf_name, cause);
			free(cause);
			cause = NULL;
		}
		free(self);
	}
	free(hub);
}

int
render_feeds(const struct render_job *rj, unsigned mask)
{
	const char		*name = rj->rj_meta.fm_name;
	struct stored_item	*items = NULL;
	size_t			 n = 0, nread;
	char			*cause = NULL;

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
	render_write(rj, items, n, mask);
	store_items_free(items, nread);
	return (0);
}

/* Newest first; the same instant by guid, so that the order is fixed. */
static int
render_newest_first(const void *a, const void *b)
{
	const struct stored_item	*x = a, *y = b;

	if (x->si_published != y->si_published)
		return (x->si_published > y->si_published ? -1 : 1);
	return (strcmp(x->si_guid != NULL ? x->si_guid : "",
	    y->si_guid != NULL ? y->si_guid : ""));
}

/*
 * Appends what member M serves (its filter, its max_items) to *ALL (*N
 * items), each marked with M's source.  Returns 0, or -1 when the store
 * cannot be read.
 */
static int
render_member(const struct render_job *rj, const struct render_member *m,
    struct stored_item **all, size_t *n)
{
	struct render_job	 mj = *rj;
	struct stored_item	*items = NULL;
	size_t			 k = 0, kept, i;
	char			*cause = NULL;

	if (store_items(rj->rj_store, m->rm_name, m->rm_filter != NULL ?
	    RENDER_FILTER_READ : m->rm_max_items, &items, &k, &cause) == -1) {
		log_warnx("feed %s: reading source %s: %s",
		    rj->rj_meta.fm_name, m->rm_name, cause);
		free(cause);
		return (-1);
	}
	mj.rj_filter = m->rm_filter;
	mj.rj_max_items = m->rm_max_items;
	kept = m->rm_filter != NULL ? render_filter(&mj, items, k) :
	    (k < (size_t)m->rm_max_items ? k : (size_t)m->rm_max_items);
	*all = xreallocarray(*all, *n + kept + 1, sizeof(**all));
	for (i = 0; i < kept; i++) {
		(*all)[*n + i] = items[i];
		(*all)[*n + i].si_source = m->rm_source;
	}
	*n += kept;
	/* The ones moved are the feed's now; the rest go. */
	if (kept > 0)
		memset(items, 0, kept * sizeof(*items));
	store_items_free(items, k);
	return (0);
}

int
render_combined(const struct render_job *rj, const struct render_member *m,
    size_t nm, unsigned mask)
{
	struct stored_item	*all = NULL;
	size_t			 n = 0, nread, i;

	for (i = 0; i < nm; i++)
		if (render_member(rj, &m[i], &all, &n) == -1) {
			store_items_free(all, n);
			return (-1);
		}
	if (n > 1)
		qsort(all, n, sizeof(*all), render_newest_first);
	nread = n;
	n = render_filter(rj, all, n);
	render_write(rj, all, n, mask);
	store_items_free(all, nread);
	return (0);
}
