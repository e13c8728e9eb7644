/* app.h: what main owns and hands to every module. */
#ifndef PAGEFEED_APP_H
#define PAGEFEED_APP_H

#include <time.h>

#include "cache.h"

struct config;
struct event_base;
struct fetcher;
struct httpd;
struct metrics;
struct source;
struct store;

struct app {
	struct event_base	*app_base;
	struct config		*app_cf;
	struct store		*app_store;
	struct fetcher		*app_fetcher;
	struct httpd		*app_httpd;
	struct source		*app_sources;
	size_t			 app_nsources;
	time_t			 app_started;
	int			 app_store_failed;	/* last write failed */
	struct cache		 app_cache;		/* rendered feeds */
	struct metrics		*app_metrics;
};

struct source	*app_source_find(struct app *, const char *name, size_t len);

#endif
