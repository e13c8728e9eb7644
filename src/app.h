/* app.h: what main owns and hands to every module. */
#ifndef PAGEFEED_APP_H
#define PAGEFEED_APP_H

#include <stddef.h>
#include <time.h>

#include "cache.h"

struct combined;
struct config;
struct browser;
struct event_base;
struct fetcher;
struct httpd;
struct metrics;
struct shared;
struct source;
struct store;
struct websub;

struct app {
	struct event_base	*app_base;
	struct config		*app_cf;
	char			*app_base_url;	/* as set, or derived: ends in '/' */
	int			 app_port;	/* the first listener's */
	struct store		*app_store;
	struct shared		*app_shared;	/* store = postgresql://... */
	struct fetcher		*app_fetcher;
	struct browser		*app_browser;	/* once a source renders */
	struct httpd		*app_httpd;
	struct websub		*app_websub;	/* websub = yes: the hub */
	struct event		*app_flush;	/* sources' states kept: write */
	struct source		*app_sources;
	size_t			 app_nsources;
	struct source		**app_by_name;	/* the same, sorted by name */
	struct combined		*app_feeds;	/* [feed NAME] sections */
	size_t			 app_nfeeds;
	/*
	 * Called when a source's stored items changed, for what is made of
	 * them besides its own feeds (the combined feeds): set by app.c, so
	 * that source.c needs nothing above it.  NULL: nothing to tell.
	 */
	void			(*app_items_changed)(struct app *,
				    const struct source *);
	time_t			 app_started;
	struct cache		 app_cache;		/* rendered feeds */
	struct metrics		*app_metrics;
	int			 app_stopping;
	int			 app_listen_fds;	/* from systemd, or 0 */
};

/* The shared store app_cf asks for, when it asks for one. */
void		 app_shared_set(struct app *);
/* The browser app_cf asks for, made or set up again. */
void		 app_browser_set(struct app *);
/* The WebSub hub app_cf asks for, made, set up again or ended. */
void		 app_websub_set(struct app *);
/* Sets up a source for each of app_cf's, or stops them all. */
void		 app_sources_start(struct app *);
void		 app_sources_stop(struct app *);
/*
 * SIGHUP: reads the configuration file again.  Sources are restarted with
 * the new settings (stored items are kept; added sources start polling,
 * removed ones stop being served).  Listeners and state_dir stay.  Returns
 * 0, or -1 with the errors logged and the old configuration running.
 */
int		 app_reload(struct app *);

#endif
