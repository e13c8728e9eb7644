/*
 * source.c: the life of one source.  A timer fires, a transfer runs on the
 * shared fetcher, the page is extracted, new items are merged into the store
 * in one transaction, and the feeds are rendered again only when the store
 * changed.  A failure at any step leaves the store and the feeds as they
 * were; the source simply tries again at its next interval.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <event2/event.h>

#include "app.h"
#include "blob.h"
#include "config.h"
#include "extract.h"
#include "feed.h"
#include "fetch.h"
#include "log.h"
#include "source.h"
#include "store.h"
#include "util.h"

/* Start-up polls are spread over this many milliseconds. */
#define SOURCE_STARTUP_SPREAD_MS	5000

static void	source_schedule(struct source *, long delay_ms);

const char *
source_status_name(enum source_status st)
{
	switch (st) {
	case SOURCE_OK:		return ("ok");
	case SOURCE_ERROR:	return ("error");
	default:		return ("pending");
	}
}

const char *
source_title(const struct source *src)
{
	if (src->src_conf->sc_title != NULL)
		return (src->src_conf->sc_title);
	if (src->src_state.ss_page_title != NULL)
		return (src->src_state.ss_page_title);
	return (src->src_conf->sc_name);
}

/* A uniformly spread fraction in [0, 1) for jitter; not for secrets. */
static double
source_random(void)
{
	static unsigned long long	 s;

	if (s == 0)
		s = (unsigned long long)time(NULL) * 6364136223846793005ULL ^
		    (unsigned long long)getpid() * 1442695040888963407ULL ^ 1;
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return ((double)(s >> 11) / (double)(1ULL << 53));
}

/* Renders both feeds from the store; on failure the old ones stay. */
static void
source_render(struct source *src)
{
	struct app		*app = src->src_app;
	const struct source_conf *sc = src->src_conf;
	struct stored_item	*items = NULL;
	struct feed_meta	 fm;
	size_t			 n = 0, len;
	char			*cause = NULL, *self, *out;
	long			 count;

	if (store_items(app->app_store, sc->sc_name, sc->sc_max_items, &items,
	    &n, &cause) == -1) {
		log_warnx("source %s: reading the store: %s", sc->sc_name,
		    cause);
		free(cause);
		return;
	}
	if ((count = store_count(app->app_store, sc->sc_name)) >= 0)
		src->src_nitems = count;
	memset(&fm, 0, sizeof(fm));
	fm.fm_name = sc->sc_name;
	fm.fm_title = source_title(src);
	fm.fm_page_url = sc->sc_url;
	fm.fm_updated = feed_newest(items, n, src->src_state.ss_last_success);
	fm.fm_ttl = sc->sc_interval / 60 > 0 ? sc->sc_interval / 60 : 1;

	xasprintf(&self, "%sfeeds/%s.rss", app->app_cf->cf_base_url,
	    sc->sc_name);
	fm.fm_self_url = self;
	if (feed_rss(&fm, items, n, &out, &len, &cause) == 0) {
		blob_unref(src->src_rss);
		src->src_rss = blob_new(out, len);
	} else {
		log_warnx("source %s: rendering RSS: %s", sc->sc_name, cause);
		free(cause);
		cause = NULL;
	}
	free(self);

	xasprintf(&self, "%sfeeds/%s.atom", app->app_cf->cf_base_url,
	    sc->sc_name);
	fm.fm_self_url = self;
	if (feed_atom(&fm, items, n, &out, &len, &cause) == 0) {
		blob_unref(src->src_atom);
		src->src_atom = blob_new(out, len);
	} else {
		log_warnx("source %s: rendering Atom: %s", sc->sc_name, cause);
		free(cause);
	}
	free(self);
	store_items_free(items, n);
}

static void
source_save_state(struct source *src)
{
	struct app	*app = src->src_app;
	char		*cause = NULL;

	if (store_state_put(app->app_store, src->src_conf->sc_name,
	    &src->src_state, &cause) == -1) {
		log_errorx("source %s: saving its state: %s",
		    src->src_conf->sc_name, cause);
		free(cause);
		app->app_store_failed = 1;
	}
}

static long
source_interval_ms(const struct source *src)
{
	double	 ms = (double)src->src_conf->sc_interval * 1000.0;

	/* Up to 10% more, so that sources started together drift apart. */
	return ((long)(ms * (1.0 + 0.1 * source_random())));
}

static void
source_failed(struct source *src, const char *reason)
{
	const struct source_conf	*sc = src->src_conf;

	log_warnx("source %s (%s): %s", sc->sc_name, sc->sc_url, reason);
	free(src->src_state.ss_last_error);
	src->src_state.ss_last_error = xstrdup(reason);
	src->src_state.ss_consecutive_failures++;
	src->src_status = SOURCE_ERROR;
	source_save_state(src);
}

/* One item page in flight. */
struct follow {
	struct source	*fo_src;
	struct fetch	*fo_fetch;
	char		*fo_guid;
	char		*fo_link;
	struct follow	*fo_next;
};

#define SOURCE_PAGES_PER_POLL	50	/* item pages queued at most per poll */

static void	source_follow_next(struct source *);

static void
source_follow_unlink(struct source *src, struct follow *fo)
{
	struct follow	**pp;

	for (pp = &src->src_follows; *pp != NULL; pp = &(*pp)->fo_next) {
		if (*pp == fo) {
			*pp = fo->fo_next;
			break;
		}
	}
	src->src_nfollows--;
	free(fo->fo_guid);
	free(fo->fo_link);
	free(fo);
}

static void
source_follow_fetched(const struct fetch_result *res, void *arg)
{
	struct follow			*fo = arg;
	struct source			*src = fo->fo_src;
	const struct source_conf	*sc = src->src_conf;
	struct item_page		 ip;
	char				*cause = NULL, reason[256];
	int				 ok = 0;

	fo->fo_fetch = NULL;
	if (!res->res_ok)
		snprintf(reason, sizeof(reason), "%s", res->res_error);
	else if (res->res_status != 0 && (res->res_status < 200 ||
	    res->res_status > 299))
		snprintf(reason, sizeof(reason), "HTTP status %ld",
		    res->res_status);
	else if (extract_item_page(sc, res->res_body, res->res_len,
	    res->res_url, res->res_content_type, &ip, &cause) == -1) {
		snprintf(reason, sizeof(reason), "%s", cause);
		free(cause);
	} else
		ok = 1;
	if (!ok)
		log_warnx("source %s: item page %s: %s (kept with its listing "
		    "data, retried at a later poll)", sc->sc_name,
		    fo->fo_link, reason);
	if (store_page_done(src->src_app->app_store, sc->sc_name, fo->fo_guid,
	    ok ? &ip : NULL, &cause) == -1) {
		log_errorx("source %s: storing item page %s: %s", sc->sc_name,
		    fo->fo_link, cause);
		free(cause);
		src->src_app->app_store_failed = 1;
	} else if (ok)
		src->src_pages_changed = 1;
	if (ok)
		extract_item_page_free(&ip);
	source_follow_unlink(src, fo);
	source_follow_next(src);
}

/* Starts item page transfers up to follow_concurrency; renders when done. */
static void
source_follow_next(struct source *src)
{
	struct app			*app = src->src_app;
	const struct source_conf	*sc = src->src_conf;
	struct fetch_request		 req;
	struct pending_page		*pp;
	struct follow			*fo;

	while (src->src_nfollows < sc->sc_follow_concurrency &&
	    src->src_next_page < src->src_npages) {
		pp = &src->src_pages[src->src_next_page++];
		fo = xcalloc(1, sizeof(*fo));
		fo->fo_src = src;
		fo->fo_guid = xstrdup(pp->pp_guid);
		fo->fo_link = xstrdup(pp->pp_link);
		fo->fo_next = src->src_follows;
		src->src_follows = fo;
		src->src_nfollows++;
		memset(&req, 0, sizeof(req));
		req.fr_url = fo->fo_link;
		req.fr_user_agent = app->app_cf->cf_user_agent;
		req.fr_allow_file = app->app_cf->cf_allow_file_urls;
		fo->fo_fetch = fetch_start(app->app_fetcher, &req,
		    source_follow_fetched, fo);
	}
	if (src->src_nfollows == 0 && src->src_next_page >= src->src_npages) {
		store_pages_free(src->src_pages, src->src_npages);
		src->src_pages = NULL;
		src->src_npages = src->src_next_page = 0;
		if (src->src_pages_changed) {
			src->src_pages_changed = 0;
			source_render(src);
		}
	}
}

/* After a poll: queue the item pages still to fetch, unless busy with some. */
static void
source_follow_start(struct source *src)
{
	char	*cause = NULL;

	if (!src->src_conf->sc_follow || src->src_pages != NULL ||
	    src->src_nfollows > 0)
		return;
	if (store_pages_pending(src->src_app->app_store,
	    src->src_conf->sc_name, SOURCE_PAGES_PER_POLL, &src->src_pages,
	    &src->src_npages, &cause) == -1) {
		log_warnx("source %s: reading pending item pages: %s",
		    src->src_conf->sc_name, cause);
		free(cause);
		return;
	}
	src->src_next_page = 0;
	if (src->src_npages > 0)
		log_debug("source %s: fetching %zu item pages",
		    src->src_conf->sc_name, src->src_npages);
	source_follow_next(src);
}

static double
source_ms(const struct timespec *a, const struct timespec *b)
{
	return ((double)(b->tv_sec - a->tv_sec) * 1e3 +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e6);
}

static void
source_fetched(const struct fetch_result *res, void *arg)
{
	struct source			*src = arg;
	const struct source_conf	*sc = src->src_conf;
	struct app			*app = src->src_app;
	struct page			 pg;
	char				*cause = NULL, reason[256];
	int				 nnew, nupdated, title_changed;
	time_t				 now = time(NULL);
	struct timespec			 t0, t1, t2;

	src->src_fetch = NULL;
	source_schedule(src, source_interval_ms(src));
	if (!res->res_ok) {
		source_failed(src, res->res_error);
		return;
	}
	if (res->res_status != 0 && (res->res_status < 200 ||
	    res->res_status > 299)) {
		snprintf(reason, sizeof(reason), "HTTP status %ld",
		    res->res_status);
		source_failed(src, reason);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (extract_page(sc, res->res_body, res->res_len, res->res_url,
	    res->res_content_type, &pg, &cause) == -1) {
		source_failed(src, cause);
		free(cause);
		return;
	}
	if (pg.pg_nitems == 0) {
		snprintf(reason, sizeof(reason), "no items: the item selector "
		    "'%s' matched nothing usable", sc->sc_item.sel_spec);
		source_failed(src, reason);
		extract_page_free(&pg);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (pg.pg_ndates_unparsed != src->src_ndates_unparsed &&
	    pg.pg_ndates_unparsed > 0)
		log_warnx("source %s: %zu of %zu item dates not understood "
		    "(first seen is used; see date_format)", sc->sc_name,
		    pg.pg_ndates_unparsed, pg.pg_nitems);
	if (pg.pg_ndates_future != src->src_ndates_future &&
	    pg.pg_ndates_future > 0)
		log_warnx("source %s: %zu item dates more than a day in the "
		    "future ignored (first seen is used)", sc->sc_name,
		    pg.pg_ndates_future);
	src->src_ndates_unparsed = pg.pg_ndates_unparsed;
	src->src_ndates_future = pg.pg_ndates_future;
	if (store_merge_items(app->app_store, sc->sc_name, pg.pg_items,
	    pg.pg_nitems, now, sc->sc_follow, &nnew, &nupdated,
	    &cause) == -1) {
		app->app_store_failed = 1;
		snprintf(reason, sizeof(reason), "store: %s", cause);
		free(cause);
		source_failed(src, reason);
		extract_page_free(&pg);
		return;
	}
	app->app_store_failed = 0;
	clock_gettime(CLOCK_MONOTONIC, &t2);
	log_debug("source %s: %zu bytes fetched in %.3f s, extracted in "
	    "%.1f ms, merged in %.1f ms", sc->sc_name, res->res_len,
	    res->res_seconds, source_ms(&t0, &t1), source_ms(&t1, &t2));
	title_changed = (pg.pg_title == NULL) !=
	    (src->src_state.ss_page_title == NULL) ||
	    (pg.pg_title != NULL && strcmp(pg.pg_title,
	    src->src_state.ss_page_title) != 0);
	if (title_changed) {
		free(src->src_state.ss_page_title);
		src->src_state.ss_page_title = pg.pg_title;
		pg.pg_title = NULL;
	}
	free(src->src_state.ss_last_error);
	src->src_state.ss_last_error = NULL;
	src->src_state.ss_last_success = now;
	src->src_state.ss_consecutive_failures = 0;
	src->src_status = SOURCE_OK;
	source_save_state(src);
	log_info("source %s: %zu items on the page, %d new, %d updated",
	    sc->sc_name, pg.pg_nitems, nnew, nupdated);
	if (nnew > 0 || nupdated > 0 || (title_changed && sc->sc_title == NULL))
		source_render(src);
	extract_page_free(&pg);
	source_follow_start(src);
}

static void
source_poll(struct source *src)
{
	struct app		*app = src->src_app;
	struct fetch_request	 req;

	if (src->src_fetch != NULL)
		return;		/* the previous poll is still running */
	memset(&req, 0, sizeof(req));
	req.fr_url = src->src_conf->sc_url;
	req.fr_user_agent = app->app_cf->cf_user_agent;
	req.fr_allow_file = app->app_cf->cf_allow_file_urls;
	src->src_state.ss_last_poll = time(NULL);
	log_debug("source %s: polling %s", src->src_conf->sc_name,
	    src->src_conf->sc_url);
	src->src_fetch = fetch_start(app->app_fetcher, &req, source_fetched,
	    src);
}

static void
source_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	source_poll(arg);
}

static void
source_schedule(struct source *src, long delay_ms)
{
	struct timeval	 tv;

	if (delay_ms < 0)
		delay_ms = 0;
	tv.tv_sec = delay_ms / 1000;
	tv.tv_usec = (delay_ms % 1000) * 1000;
	src->src_next_poll = time(NULL) + (time_t)((delay_ms + 999) / 1000);
	evtimer_add(src->src_timer, &tv);
}

void
source_init(struct source *src, struct app *app, const struct source_conf *sc,
    unsigned index, unsigned count)
{
	time_t	 now = time(NULL), age;
	long	 delay_ms;
	int	 known;

	memset(src, 0, sizeof(*src));
	src->src_app = app;
	src->src_conf = sc;
	if ((src->src_timer = evtimer_new(app->app_base, source_timer_cb,
	    src)) == NULL)
		fatalx("evtimer_new");
	known = store_state_get(app->app_store, sc->sc_name, &src->src_state);
	if (known == -1)
		log_warnx("source %s: cannot read its state from the store",
		    sc->sc_name);
	if (known == 1 && src->src_state.ss_last_poll > 0)
		src->src_status = src->src_state.ss_consecutive_failures > 0 ?
		    SOURCE_ERROR : SOURCE_OK;
	source_render(src);

	/* A recent success means the rest of the interval is still owed. */
	age = now - src->src_state.ss_last_success;
	if (src->src_state.ss_last_success > 0 && age >= 0 &&
	    age < sc->sc_interval)
		delay_ms = (long)(sc->sc_interval - age) * 1000;
	else
		delay_ms = count > 1 ? (long)index * SOURCE_STARTUP_SPREAD_MS /
		    (long)count : 0;
	source_schedule(src, delay_ms);
}

void
source_clear(struct source *src)
{
	if (src->src_timer != NULL)
		event_free(src->src_timer);
	fetch_cancel(src->src_fetch);
	while (src->src_follows != NULL) {
		fetch_cancel(src->src_follows->fo_fetch);
		source_follow_unlink(src, src->src_follows);
	}
	store_pages_free(src->src_pages, src->src_npages);
	store_state_clear(&src->src_state);
	blob_unref(src->src_rss);
	blob_unref(src->src_atom);
	memset(src, 0, sizeof(*src));
}
