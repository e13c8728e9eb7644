/*
 * combined.c: feeds that combine sources ([feed NAME]).  A feed owns no
 * items: each rendering reads what each member source serves (its own
 * filters and max_items), puts them newest first, and applies the feed's
 * filters and max_items; every item carries the source it comes from.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "combined.h"
#include "config.h"
#include "feed.h"
#include "source.h"
#include "util.h"

/* Renders CB's formats in MASK; EXPORT: into export_dir as well. */
static int
combined_render(struct combined *cb, unsigned mask, int export)
{
	struct app		*app = cb->cb_app;
	const struct source_conf *fc = cb->cb_conf;
	struct render_job	 rj;
	struct render_member	*m;
	struct feed_source	*fs;
	const struct source	*src;
	size_t			 i, n = fc->sc_nmembers;
	int			 rv;

	memset(&rj, 0, sizeof(rj));
	rj.rj_store = app->app_store;
	rj.rj_cache = &app->app_cache;
	rj.rj_slots = cb->cb_slots;
	rj.rj_base_url = app->app_base_url;
	rj.rj_websub = app->app_cf->cf_websub;
	rj.rj_export_dir = export ? app->app_cf->cf_export_dir : NULL;
	rj.rj_max_items = fc->sc_max_items;
	rj.rj_filter = fc->sc_filter;
	rj.rj_now = time(NULL);
	rj.rj_meta.fm_name = fc->sc_name;
	rj.rj_meta.fm_title = fc->sc_title != NULL ? fc->sc_title :
	    fc->sc_name;
	rj.rj_meta.fm_page_url = app->app_base_url;
	rj.rj_meta.fm_updated = app->app_started;
	rj.rj_meta.fm_language = app->app_cf->cf_language;
	rj.rj_meta.fm_ttl = combined_interval(cb) / 60 > 0 ?
	    combined_interval(cb) / 60 : 1;
	m = xcalloc(n + 1, sizeof(*m));
	fs = xcalloc(n + 1, sizeof(*fs));
	for (i = 0; i < n; i++) {
		src = &app->app_sources[fc->sc_members[i]];
		/* Copies: a source's page title may change meanwhile. */
		fs[i].fs_name = src->src_conf->sc_name;
		fs[i].fs_title = xstrdup(source_title(src));
		fs[i].fs_page_url = src->src_conf->sc_url;
		xasprintf((char **)&fs[i].fs_feed_url, "%sfeeds/%s",
		    app->app_base_url, src->src_conf->sc_name);
		m[i].rm_name = src->src_conf->sc_name;
		m[i].rm_filter = src->src_conf->sc_filter;
		m[i].rm_max_items = src->src_conf->sc_max_items;
		m[i].rm_source = &fs[i];
	}
	rv = render_combined(&rj, m, n, mask);
	for (i = 0; i < n; i++)
		free_all((char *)fs[i].fs_title, (char *)fs[i].fs_feed_url);
	free(fs);
	free(m);
	return (rv);
}

int
combined_interval(const struct combined *cb)
{
	const struct app	*app = cb->cb_app;
	const struct source_conf *fc = cb->cb_conf;
	size_t			 i;
	int			 least = 0, v;

	for (i = 0; i < fc->sc_nmembers; i++) {
		v = app->app_sources[fc->sc_members[i]].src_conf->sc_interval;
		if (least == 0 || v < least)
			least = v;
	}
	return (least > 0 ? least : app->app_cf->cf_interval);
}

void
combined_start(struct app *app)
{
	size_t	 i;

	app->app_nfeeds = app->app_cf->cf_nfeeds;
	app->app_feeds = xcalloc(app->app_nfeeds + 1, sizeof(struct combined));
	for (i = 0; i < app->app_nfeeds; i++) {
		app->app_feeds[i].cb_app = app;
		app->app_feeds[i].cb_conf = &app->app_cf->cf_feeds[i];
		/* Exported at start as a source's feeds are. */
		if (app->app_cf->cf_export_dir != NULL)
			combined_render(&app->app_feeds[i],
			    (1U << FEED_NFORMATS) - 1, 1);
	}
}

void
combined_stop(struct app *app)
{
	size_t	 i;
	int	 f;

	for (i = 0; i < app->app_nfeeds; i++)
		for (f = 0; f < FEED_NFORMATS; f++)
			cache_drop(&app->app_cache,
			    &app->app_feeds[i].cb_slots[f]);
	free(app->app_feeds);
	app->app_feeds = NULL;
	app->app_nfeeds = 0;
}

struct combined *
combined_find(struct app *app, const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < app->app_nfeeds; i++)
		if (strlen(app->app_feeds[i].cb_conf->sc_name) == len &&
		    strncmp(app->app_feeds[i].cb_conf->sc_name, name, len) ==
		    0)
			return (&app->app_feeds[i]);
	return (NULL);
}

struct rendition *
combined_feed(struct combined *cb, enum feed_format f)
{
	struct cache		*c = &cb->cb_app->app_cache;
	struct rendition	*rd;

	if ((rd = cache_get(c, &cb->cb_slots[f])) != NULL)
		return (rd);
	if (combined_render(cb, 1U << f, 0) == -1)
		return (NULL);
	return (cache_get(c, &cb->cb_slots[f]));
}

int
combined_has(const struct combined *cb, const struct source *src)
{
	const struct app	*app = cb->cb_app;
	size_t			 k, at = (size_t)(src - app->app_sources);

	for (k = 0; k < cb->cb_conf->sc_nmembers; k++)
		if (cb->cb_conf->sc_members[k] == at)
			return (1);
	return (0);
}

void
combined_source_changed(struct app *app, const struct source *src)
{
	struct combined	*cb;
	size_t		 i;
	unsigned	 mask;
	int		 f;

	for (i = 0; i < app->app_nfeeds; i++) {
		cb = &app->app_feeds[i];
		if (!combined_has(cb, src))
			continue;
		mask = 0;
		for (f = 0; f < FEED_NFORMATS; f++) {
			if (cb->cb_slots[f].cs_rd != NULL ||
			    app->app_cf->cf_export_dir != NULL)
				mask |= 1U << f;
			cache_drop(&app->app_cache, &cb->cb_slots[f]);
		}
		if (mask != 0)
			combined_render(cb, mask, 1);
	}
}
