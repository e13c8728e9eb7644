/* source.h: one polled page: schedule, poll, merge, render. */
#ifndef PAGEFEED_SOURCE_H
#define PAGEFEED_SOURCE_H

#include <sys/queue.h>

#include <stdint.h>
#include <time.h>

#include "cache.h"
#include "render.h"
#include "store.h"

struct app;
struct blob;
struct rendition;
struct event;
struct fetch;
struct follow;
struct source_conf;

enum source_status {
	SOURCE_PENDING = 0,	/* not polled since start, nothing known */
	SOURCE_OK,
	SOURCE_ERROR,
};

struct source {
	struct app			*src_app;
	const struct source_conf	*src_conf;
	struct event			*src_timer;
	struct fetch			*src_fetch;	/* in flight, or NULL */
	struct browse			*src_browse;	/* render = chromium */
	struct source_state		 src_state;	/* as in the store */
	enum source_status		 src_status;
	long				 src_nitems;	/* kept in the store */
	time_t				 src_next_poll;
	/* "ALL-DATES-PAGES" hashes of the extraction settings in force. */
	char				 src_settings_hash[64];
	int				 src_reextract;	/* settings differ from the items' */
	int				 src_redate;	/* date settings differ too */
	int				 src_refollow;	/* item page settings differ */
	double				 src_fetch_seconds;	/* last poll */
	struct cache_slot		 src_slots[FEED_NFORMATS];
	/* follow = yes: item pages queued, and transfers for them. */
	struct pending_page		*src_pages;
	size_t				 src_npages;
	size_t				 src_next_page;
	LIST_HEAD(, follow)		 src_follows;	/* in flight */
	int				 src_nfollows;
	int				 src_pages_changed;
	/* Date trouble is logged when it changes, not at every poll. */
	size_t				 src_ndates_unparsed;
	size_t				 src_ndates_future;
	/* So are selectors that match nothing and a losing encoding key. */
	size_t				 src_missing[9];	/* by enum field */
	char				*src_encoding_note;
	int				 src_url_new;	/* url changed, not yet polled */
	int				 src_claiming;	/* its lease asked for */
	char				*src_host;	/* fetch_host_of(url), kept */
	/* mode = changes: the last poll's verdict, and trouble logged when
	 * it changes (text cut at its bounds, watch matching nothing). */
	char				*src_watch_note;
	int				 src_watch_capped;
	int				 src_watch_missing;
};

/* 1 while a poll's page is being fetched or rendered (or waits to be). */
int		 source_busy(const struct source *);
/*
 * What the poll in progress waits for: "host_concurrency", "host_delay",
 * "render_concurrency", or NULL.
 */
const char	*source_waiting(const struct source *);
/* Sets up SRC from the store, renders its feeds and schedules its first poll. */
void		 source_init(struct source *, struct app *,
		    const struct source_conf *, unsigned index, unsigned count);
/* Another instance's write of SRC's items or state is in the replica. */
void		 source_copied(struct source *, enum store_table);
/* Stops its timer and transfer and frees what it holds. */
void		 source_clear(struct source *);
/*
 * The source's url changed (reload): what was known of the old page is
 * forgotten, its status is pending and it polls now.
 */
void		 source_url_changed(struct source *);
/*
 * A reload changed the source's section: when its extraction settings
 * differ from those its items were made with, it polls now, so that an
 * edit shows in the feed at once rather than an interval later.
 */
void		 source_conf_changed(struct source *);
/* 1 when two [source] sections poll, extract and serve alike. */
int		 source_conf_same(const struct source_conf *,
		    const struct source_conf *);
const char	*source_status_name(enum source_status);

/* The counts that /health, /metrics, the index page and STATUS= give. */
struct source_summary {
	size_t		 sum_sources;
	size_t		 sum_ok;
	size_t		 sum_failing;
	size_t		 sum_pending;
	long		 sum_items;
	int		 sum_store_writable;
};
void		 source_summary(const struct app *, struct source_summary *);
/*
 * The one-line summary for STATUS=: "2 sources: 1 ok, 1 failing, 0 pending;
 * 42 items" (and "; store not writable" when it is not).  Returns what
 * snprintf returns.
 */
int		 source_summary_text(const struct source_summary *, char *,
		    size_t);
const char	*source_title(const struct source *);
/* The feed to serve (cached, or rendered now); NULL if the store fails. */
/*
 * The source called NAME (LEN bytes, need not end in NUL), or NULL: a
 * binary search over app_by_name, which app.c sorts when it starts them.
 */
struct source	*source_find(struct app *, const char *name, size_t len);
/* Writes the sources' kept states now and stops their timer. */
void		 source_flush_stop(struct app *);
struct rendition *source_feed(struct source *, enum feed_format);
/* Fills REQ to fetch URL with the source's settings (headers, proxy...). */
struct fetch_request;
void		 source_request(const struct source *, const char *url,
		    struct fetch_request *);
/* The same from the configuration alone (for pagefeed preview). */
struct config;
void		 source_request_conf(const struct config *,
		    const struct source_conf *, const char *url,
		    struct fetch_request *);
/* Fills BR to render URL in Chromium with the source's settings. */
struct browse_request;
void		 source_browse_conf(const struct config *,
		    const struct source_conf *, const char *url,
		    struct browse_request *);

#endif
