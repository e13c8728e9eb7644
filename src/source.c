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
#include <unistd.h>

#include <event2/event.h>

#include "app.h"
#include "article.h"
#include "browser.h"
#include "cache.h"
#include "changes.h"
#include "config.h"
#include "extract.h"
#include "input.h"
#include "feed.h"
#include "fetch.h"
#include "filter.h"
#include "log.h"
#include "metrics.h"
#include "render.h"
#include "shared.h"
#include "source.h"
#include "store.h"
#include "url.h"
#include "util.h"

/* Start-up polls are spread over this many milliseconds. */
#define SOURCE_STARTUP_SPREAD_MS	5000
#define SOURCE_SHARED_RETRY_MS		5000	/* the shared store down */
#define SOURCE_SHARED_SPREAD_MS		1000	/* who polls: the least drawn */

static void	source_schedule(struct source *, long delay_ms);
static void	source_flush_arm(struct app *);

/* The states of polls that changed nothing are written together, so often. */
#define SOURCE_FLUSH_MS	1000

/* The longest Retry-After honoured: a week. */
#define SOURCE_MAX_RETRY_AFTER	(7L * 86400)

const char *
source_status_name(enum source_status st)
{
	switch (st) {
	case SOURCE_OK:		return ("ok");
	case SOURCE_ERROR:	return ("error");
	default:		return ("pending");
	}
}

void
source_summary(const struct app *app, struct source_summary *sum)
{
	size_t	 i;

	memset(sum, 0, sizeof(*sum));
	sum->sum_sources = app->app_nsources;
	for (i = 0; i < app->app_nsources; i++) {
		switch (app->app_sources[i].src_status) {
		case SOURCE_OK:
			sum->sum_ok++;
			break;
		case SOURCE_ERROR:
			sum->sum_failing++;
			break;
		default:
			sum->sum_pending++;
			break;
		}
		sum->sum_items += app->app_sources[i].src_nitems;
	}
	sum->sum_store_writable = store_writable(app->app_store);
}

int
source_summary_text(const struct source_summary *sum, char *out, size_t size)
{
	return (snprintf(out, size, "%zu source%s: %zu ok, %zu failing, "
	    "%zu pending; %ld item%s%s", sum->sum_sources,
	    sum->sum_sources == 1 ? "" : "s", sum->sum_ok, sum->sum_failing,
	    sum->sum_pending, sum->sum_items, sum->sum_items == 1 ? "" : "s",
	    sum->sum_store_writable ? "" : "; store not writable"));
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

/*
 * What render_feeds needs of SRC; EXPORT says whether export_dir gets the
 * files (only when the store changed, never for a reader's request).
 */
static void
source_render_job(struct source *src, int export, struct render_job *rj)
{
	struct app		*app = src->src_app;
	const struct source_conf *sc = src->src_conf;
	struct feed_meta	*fm = &rj->rj_meta;

	memset(rj, 0, sizeof(*rj));
	rj->rj_store = app->app_store;
	rj->rj_cache = &app->app_cache;
	rj->rj_slots = src->src_slots;
	rj->rj_base_url = app->app_base_url;
	rj->rj_websub = app->app_cf->cf_websub;
	rj->rj_export_dir = export ? app->app_cf->cf_export_dir : NULL;
	rj->rj_max_items = sc->sc_max_items;
	rj->rj_filter = sc->sc_filter;
	rj->rj_now = time(NULL);
	fm->fm_name = sc->sc_name;
	fm->fm_title = source_title(src);
	fm->fm_page_url = sc->sc_url;
	/* A source never polled yet dates its empty feed from its addition. */
	fm->fm_updated = src->src_state.ss_last_success ?
	    src->src_state.ss_last_success : src->src_state.ss_added;
	fm->fm_language = sc->sc_language ? sc->sc_language :
	    src->src_state.ss_language ? src->src_state.ss_language :
	    app->app_cf->cf_language;
	fm->fm_tz = sc->sc_tz;
	fm->fm_ttl = sc->sc_interval / 60 > 0 ? sc->sc_interval / 60 : 1;
}

/* Renders the formats in MASK into the cache, and exports them if EXPORT. */
static int
source_render(struct source *src, unsigned mask, int export)
{
	struct render_job	 rj;

	source_render_job(src, export, &rj);
	return (render_feeds(&rj, mask));
}

/* A feed to serve: from the cache, or rendered now (NULL if impossible). */
struct rendition *
source_feed(struct source *src, enum feed_format f)
{
	struct cache		*c = &src->src_app->app_cache;
	struct rendition	*rd;

	if ((rd = cache_get(c, &src->src_slots[f])) != NULL)
		return (rd);
	/* A reader's request renders for the cache only: no export. */
	if (source_render(src, 1U << f, 0) == -1)
		return (NULL);
	return (cache_get(c, &src->src_slots[f]));
}

/*
 * The store changed: what was cached is stale.  Formats someone was
 * reading are rendered again now (and all of them when they are
 * exported); the others wait for their next request.
 */
static void
source_changed(struct source *src)
{
	struct app	*app = src->src_app;
	unsigned	 mask = 0;
	long		 count;
	int		 f;

	if ((count = store_count(app->app_store, src->src_conf->sc_name)) >= 0)
		src->src_nitems = count;
	for (f = 0; f < FEED_NFORMATS; f++) {
		if (src->src_slots[f].cs_rd != NULL ||
		    app->app_cf->cf_export_dir != NULL)
			mask |= 1U << f;
		cache_drop(&app->app_cache, &src->src_slots[f]);
	}
	if (mask != 0)
		source_render(src, mask, 1);
	if (app->app_items_changed != NULL)
		app->app_items_changed(app, src);
}

static void
source_flush_cb(evutil_socket_t fd, short what, void *arg)
{
	struct app	*app = arg;
	char		*cause = NULL;

	(void)fd;
	(void)what;
	if (store_state_flush(app->app_store, &cause) == -1) {
		log_errorx("store: writing the sources' states: %s", cause);
		free(cause);
		source_flush_arm(app);	/* they are kept: again later */
	}
}

/* The kept states are written within SOURCE_FLUSH_MS. */
static void
source_flush_arm(struct app *app)
{
	struct timeval	 tv = { SOURCE_FLUSH_MS / 1000,
			    (SOURCE_FLUSH_MS % 1000) * 1000 };

	if (app->app_flush == NULL && (app->app_flush = evtimer_new(
	    app->app_base, source_flush_cb, app)) == NULL)
		fatalx("evtimer_new");
	if (!evtimer_pending(app->app_flush, NULL))
		evtimer_add(app->app_flush, &tv);
}

void
source_flush_stop(struct app *app)
{
	if (app->app_flush == NULL)
		return;
	source_flush_cb(-1, 0, app);
	event_free(app->app_flush);
	app->app_flush = NULL;
}

/*
 * A source's state after a poll: written now, or with DEFER kept to be
 * written with others within SOURCE_FLUSH_MS (a poll that changed no
 * item, or whose items are already merged: what a crash loses of it is
 * a poll to make again).
 */
static void
source_store_state(struct source *src, int defer)
{
	struct app	*app = src->src_app;
	char		*cause = NULL;
	int		 rc;

	/* While writes fail, each source's own write says so in its state. */
	if (defer && store_writable(app->app_store)) {
		rc = store_state_defer(app->app_store, src->src_conf->sc_name,
		    &src->src_state, &cause);
		source_flush_arm(app);
	} else
		rc = store_state_put(app->app_store, src->src_conf->sc_name,
		    &src->src_state, &cause);
	shared_kick(app->app_shared);
	shared_release(app->app_shared, src->src_conf->sc_name);
	if (rc == -1) {
		log_errorx("source %s: saving its state: %s",
		    src->src_conf->sc_name, cause);
		/* The poll did not complete: say so where /health looks. */
		free(src->src_state.ss_last_error);
		xasprintf(&src->src_state.ss_last_error, "store: %s", cause);
		if (src->src_status == SOURCE_OK) {
			src->src_state.ss_consecutive_failures++;
			src->src_status = SOURCE_ERROR;
		}
		free(cause);
	}
}

static void
source_save_state(struct source *src)
{
	source_store_state(src, 0);
}

static long
source_interval_ms(const struct source *src)
{
	double	 ms = (double)src->src_conf->sc_interval * 1000.0;

	/* Up to 10% more, so that sources started together drift apart. */
	return ((long)(ms * (1.0 + 0.1 * source_random())));
}

/*
 * After the Nth failure in a row: the interval doubled N-1 times, up to
 * max_backoff (never below the interval itself), plus up to 10% jitter.
 */
static long
source_backoff_ms(const struct source *src)
{
	double	 ms = (double)src->src_conf->sc_interval * 1000.0;
	double	 max = (double)src->src_app->app_cf->cf_max_backoff * 1000.0;
	int	 n = src->src_state.ss_consecutive_failures;

	while (--n > 0 && ms < max)
		ms *= 2;
	if (ms > max)
		ms = max;
	if (ms < (double)src->src_conf->sc_interval * 1000.0)
		ms = (double)src->src_conf->sc_interval * 1000.0;
	return ((long)(ms * (1.0 + 0.1 * source_random())));
}

/*
 * A failed poll: logged once with name, URL and reason, kept as the
 * source's last_error, and the next poll backed off (or put off as long as
 * the server's Retry-After asks, when that is longer).
 */
static void
source_failed(struct source *src, const char *reason, long retry_after)
{
	const struct source_conf	*sc = src->src_conf;
	long				 delay;

	metrics_poll(src->src_app->app_metrics, sc->sc_name, "error",
	    src->src_fetch_seconds, 0);

	log_warnx("source %s (%s): %s", sc->sc_name, sc->sc_url, reason);
	free(src->src_state.ss_last_error);
	src->src_state.ss_last_error = xstrdup(reason);
	src->src_state.ss_consecutive_failures++;
	src->src_status = SOURCE_ERROR;
	delay = source_backoff_ms(src);
	if (retry_after > SOURCE_MAX_RETRY_AFTER)
		retry_after = SOURCE_MAX_RETRY_AFTER;
	if (retry_after * 1000 > delay)
		delay = retry_after * 1000;
	source_schedule(src, delay);
	source_save_state(src);
}

/*
 * A good poll (new items or not): failures forgotten, the interval resumes.
 * RESULT says how it went for the metrics: "ok", "not_modified",
 * "unchanged".
 */
static void
source_succeeded(struct source *src, time_t now, const char *result,
    int nnew)
{
	metrics_poll(src->src_app->app_metrics, src->src_conf->sc_name,
	    result, src->src_fetch_seconds, nnew);
	free(src->src_state.ss_last_error);
	src->src_state.ss_last_error = NULL;
	src->src_state.ss_last_success = now;
	src->src_state.ss_consecutive_failures = 0;
	src->src_status = SOURCE_OK;
	source_schedule(src, source_interval_ms(src));
	/* Items (if any) are merged already: the state may wait a moment. */
	source_store_state(src, 1);
	/* max_age: items age out of the feed as time passes, not as it polls. */
	if (nnew == 0 && filter_max_age(src->src_conf->sc_filter) > 0)
		source_changed(src);
}

static void
source_set_validators(struct source *src, const struct fetch_result *res)
{
	free(src->src_state.ss_etag);
	free(src->src_state.ss_last_modified);
	src->src_state.ss_etag = res->res_etag != NULL &&
	    strlen(res->res_etag) < 512 ? xstrdup(res->res_etag) : NULL;
	src->src_state.ss_last_modified = res->res_last_modified != NULL &&
	    strlen(res->res_last_modified) < 128 ?
	    xstrdup(res->res_last_modified) : NULL;
}

/*
 * The page's bytes as last extracted.  The settings they were extracted
 * with are kept apart (ss_settings_hash): a changed config must re-extract
 * even when the server sends the same bytes or a 304.
 */
static char *
source_body_hash(const struct fetch_result *res)
{
	uint64_t	 h = fnv1a64(res->res_body, res->res_len, FNV1A64_INIT);
	char		*s;

	xasprintf(&s, "%016llx", (unsigned long long)h);
	return (s);
}

/* One item page in flight (with follow = article, up to its last page). */
struct follow {
	struct source	*fo_src;
	struct fetch	*fo_fetch;
	struct browse	*fo_browse;	/* follow_render = yes */
	char		*fo_guid;
	char		*fo_link;
	struct item_page fo_page;	/* the first page's fields, when more
					   pages of its article follow */
	int		 fo_npages;	/* pages of the article read */
	LIST_ENTRY(follow) fo_entry;	/* src_follows */
};

#define SOURCE_PAGES_PER_POLL	50	/* item pages queued at most per poll */

static void	source_follow_next(struct source *);
static void	source_follow_fetched(const struct fetch_result *, void *);

/*
 * Renders URL in Chromium with SRC's settings, as a fetch would get it;
 * the source's render_wait applies to its own page, item pages wait for
 * the network to go idle.
 */
static struct browse *
source_browse(struct source *src, const char *url, fetch_cb cb, void *arg)
{
	struct browse_request	 br;

	source_browse_conf(src->src_app->app_cf, src->src_conf, url, &br);
	return (browse_start(src->src_app->app_browser, &br, cb, arg));
}

void
source_browse_conf(const struct config *cf, const struct source_conf *sc,
    const char *url, struct browse_request *br_out)
{
	struct browse_request	 br;

	memset(&br, 0, sizeof(br));
	br.br_url = url;
	br.br_user_agent = sc->sc_user_agent != NULL ? sc->sc_user_agent :
	    cf->cf_user_agent;
	br.br_headers = (const char *const *)sc->sc_headers;
	br.br_nheaders = sc->sc_nheaders;
	br.br_cookie = sc->sc_cookie;
	br.br_proxy = sc->sc_proxy;
	if (strcmp(url, sc->sc_url) == 0)
		br.br_wait_selector = sc->sc_render_wait.sel_spec;
	br.br_timeout = sc->sc_timeout;
	br.br_max_size = sc->sc_max_page_size;
	br.br_memory = sc->sc_render_memory;
	br.br_no_tls_verify = !sc->sc_tls_verify;
	*br_out = br;
}

/* An item page: rendered with follow_render = yes, else fetched. */
static void
source_follow_get(struct follow *fo)
{
	struct source		*src = fo->fo_src;
	struct fetch_request	 req;

	if (src->src_conf->sc_follow_render) {
		fo->fo_browse = source_browse(src, fo->fo_link,
		    source_follow_fetched, fo);
		return;
	}
	source_request(src, fo->fo_link, &req);
	fo->fo_fetch = fetch_start(src->src_app->app_fetcher, &req,
	    source_follow_fetched, fo);
}

static void
source_follow_unlink(struct source *src, struct follow *fo)
{
	LIST_REMOVE(fo, fo_entry);
	src->src_nfollows--;
	item_page_free(&fo->fo_page);
	free(fo->fo_guid);
	free(fo->fo_link);
	free(fo);
}

/* Stores what the item page gave (IP NULL: a failure), then the next. */
static void
source_follow_done(struct follow *fo, struct item_page *ip,
    const char *reason)
{
	struct source			*src = fo->fo_src;
	const struct source_conf	*sc = src->src_conf;
	char				*cause = NULL;

	if (ip == NULL)
		log_warnx("source %s: item page %s: %s (kept with its listing "
		    "data, retried at a later poll)", sc->sc_name,
		    fo->fo_link, reason);
	else if (ip->ip_no_article != NULL)
		log_warnx("source %s: item page %s: no article body: %s (kept "
		    "with its listing data, not retried)", sc->sc_name,
		    fo->fo_link, ip->ip_no_article);
	metrics_item_page(src->src_app->app_metrics, sc->sc_name,
	    ip == NULL ? METRICS_PAGE_FAILED : ip->ip_no_article != NULL ?
	    METRICS_PAGE_NO_ARTICLE : METRICS_PAGE_OK);
	if (store_page_done(src->src_app->app_store, sc->sc_name, fo->fo_guid,
	    ip, &cause) == -1) {
		log_errorx("source %s: storing item page %s: %s", sc->sc_name,
		    fo->fo_link, cause);
		free(cause);
	} else if (ip != NULL)
		src->src_pages_changed = 1;
	shared_kick(src->src_app->app_shared);
	source_follow_unlink(src, fo);
	source_follow_next(src);
}

/*
 * follow = article: the article goes on at NEXT (taken) while fewer than
 * ARTICLE_MAX_PAGES were read and it is no page read already.  Returns 1
 * when that page is being fetched.
 */
static int
source_follow_more(struct follow *fo, char *next)
{
	if (next == NULL || fo->fo_npages >= ARTICLE_MAX_PAGES ||
	    strcmp(next, fo->fo_link) == 0) {
		free(next);
		return (0);
	}
	fo->fo_npages++;
	free(fo->fo_link);
	fo->fo_link = next;
	source_follow_get(fo);
	return (1);
}

/* A following page of an article: its body joins the first page's. */
static void
source_follow_page(struct follow *fo, const struct fetch_result *res)
{
	const struct source_conf	*sc = fo->fo_src->src_conf;
	struct article			 ar;
	char				*cause = NULL, *joined, *next = NULL;
	char				 why[256];

	memset(&ar, 0, sizeof(ar));
	if (fetch_judge(res, NULL, why, sizeof(why)) == FETCH_BODY &&
	    extract_article(sc, res->res_body, res->res_len, res->res_url,
	    res->res_content_type, time(NULL), &ar, &cause) == 0) {
		if (sc->sc_page[PAGE_CONTENT].sel_spec == NULL &&
		    fo->fo_page.ip_content != NULL && ar.ar_content != NULL) {
			xasprintf(&joined, "%s\n%s", fo->fo_page.ip_content,
			    ar.ar_content);
			free(fo->fo_page.ip_content);
			fo->fo_page.ip_content = joined;
		}
		next = ar.ar_next;
		ar.ar_next = NULL;
	} else
		log_info("source %s: item page %s: a following page of the "
		    "article could not be read; the pages before it are kept",
		    sc->sc_name, res->res_url);
	free(cause);
	article_free(&ar);
	if (source_follow_more(fo, next))
		return;
	source_follow_done(fo, &fo->fo_page, NULL);
}

static void
source_follow_fetched(const struct fetch_result *res, void *arg)
{
	struct follow			*fo = arg;
	const struct source_conf	*sc = fo->fo_src->src_conf;
	struct item_page		 ip;
	char				*cause = NULL, reason[256];

	fo->fo_fetch = NULL;
	fo->fo_browse = NULL;
	if (fo->fo_npages > 0) {
		source_follow_page(fo, res);
		return;
	}
	if (fetch_judge(res, NULL, reason, sizeof(reason)) != FETCH_BODY) {
		source_follow_done(fo, NULL, reason);
		return;
	}
	/* A PDF or an image holds no article, now or at the next poll. */
	if (sc->sc_follow == FOLLOW_ARTICLE && input_kind(
	    res->res_content_type, res->res_body, res->res_len, &cause) == -1) {
		free(cause);
		memset(&fo->fo_page, 0, sizeof(fo->fo_page));
		fo->fo_page.ip_no_article = "the page is no HTML (its content "
		    "type)";
		source_follow_done(fo, &fo->fo_page, NULL);
		return;
	}
	if (extract_item_page(sc, res->res_body, res->res_len, res->res_url,
	    res->res_content_type, time(NULL), &ip, &cause) == -1) {
		snprintf(reason, sizeof(reason), "%s", cause);
		free(cause);
		source_follow_done(fo, NULL, reason);
		return;
	}
	fo->fo_page = ip;
	fo->fo_npages = 1;
	if (source_follow_more(fo, fo->fo_page.ip_next))
		fo->fo_page.ip_next = NULL;
	else {
		fo->fo_page.ip_next = NULL;
		source_follow_done(fo, &fo->fo_page, NULL);
	}
}

/* Starts item page transfers up to follow_concurrency; renders when done. */
static void
source_follow_next(struct source *src)
{
	const struct source_conf	*sc = src->src_conf;
	struct pending_page		*pp;
	struct follow			*fo;

	while (src->src_nfollows < sc->sc_follow_concurrency &&
	    src->src_next_page < src->src_npages) {
		pp = &src->src_pages[src->src_next_page++];
		fo = xcalloc(1, sizeof(*fo));
		fo->fo_src = src;
		fo->fo_guid = xstrdup(pp->pp_guid);
		fo->fo_link = xstrdup(pp->pp_link);
		LIST_INSERT_HEAD(&src->src_follows, fo, fo_entry);
		src->src_nfollows++;
		source_follow_get(fo);
	}
	if (src->src_nfollows == 0 && src->src_next_page >= src->src_npages) {
		store_pages_free(src->src_pages, src->src_npages);
		src->src_pages = NULL;
		src->src_npages = src->src_next_page = 0;
		if (src->src_pages_changed) {
			src->src_pages_changed = 0;
			source_changed(src);
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

static void	source_log_trouble(struct source *, const struct extraction *);

/*
 * Extract: the page's items, or -1 with WHY set (an extraction error, or
 * no items, which is a failure too).  Date trouble and field selectors
 * that match nothing are logged when they change.
 */
static int
source_extract(struct source *src, const struct fetch_result *res,
    time_t now, struct extraction *ex, char *why, size_t len)
{
	const struct source_conf	*sc = src->src_conf;
	char				*cause = NULL;

	if (input_page(sc, res->res_body, res->res_len, res->res_url,
	    res->res_content_type, now, ex, &cause) == -1) {
		snprintf(why, len, "%s", cause);
		free(cause);
		return (-1);
	}
	if (ex->ex_nitems == 0) {
		if (ex->ex_how != NULL && (strncmp(ex->ex_how, "rss", 3) == 0 ||
		    strncmp(ex->ex_how, "atom", 4) == 0))
			snprintf(why, len, "no items: the feed (%s) has no "
			    "entries", ex->ex_how);
		else if (sc->sc_item.sel_spec != NULL)
			snprintf(why, len, "no items: the item selector '%s' "
			    "matched nothing usable", sc->sc_item.sel_spec);
		else
			snprintf(why, len, "no items: automatic detection "
			    "found no list of items: %s; set item",
			    ex->ex_why ? ex->ex_why : "nothing item-like");
		extraction_free(ex);
		return (-1);
	}
	if (ex->ex_ndates_unparsed != src->src_ndates_unparsed &&
	    ex->ex_ndates_unparsed > 0)
		log_warnx("source %s: %zu of %zu item dates not understood "
		    "(first-seen used; see date_format)", sc->sc_name,
		    ex->ex_ndates_unparsed, ex->ex_nitems);
	if (ex->ex_ndates_future != src->src_ndates_future &&
	    ex->ex_ndates_future > 0)
		log_warnx("source %s: %zu item dates more than a day in the "
		    "future ignored (first-seen used)", sc->sc_name,
		    ex->ex_ndates_future);
	src->src_ndates_unparsed = ex->ex_ndates_unparsed;
	src->src_ndates_future = ex->ex_ndates_future;
	source_log_trouble(src, ex);
	return (0);
}

/* Takes *NEWVAL into *OLD when they differ; returns 1 if they did. */
static int
source_take(char **old, char **newval)
{
	if ((*newval == NULL) == (*old == NULL) &&
	    (*newval == NULL || strcmp(*newval, *old) == 0))
		return (0);
	free(*old);
	*old = *newval;
	*newval = NULL;
	return (1);
}

/* What a merge is logged as: routine polls are debug, news is info. */
static void
source_log_merge(struct source *src, const struct extraction *ex, int reextracted,
    int url_new, int nnew, int nupdated)
{
	const struct source_conf	*sc = src->src_conf;

	if (url_new)
		log_info("source %s: first poll of the new url %s: %zu items "
		    "on the page, %d new, %d updated", sc->sc_name,
		    sc->sc_url, ex->ex_nitems, nnew, nupdated);
	else if (reextracted && src->src_nitems > 0)
		log_info("source %s: extracted again with the current "
		    "settings: %zu items on the page, %d new, %d updated in "
		    "place", sc->sc_name, ex->ex_nitems, nnew, nupdated);
	else if (nnew > 0 || nupdated > 0)
		log_info("source %s: %zu items on the page, %d new, %d updated",
		    sc->sc_name, ex->ex_nitems, nnew, nupdated);
	else
		log_debug("source %s: %zu items on the page, none new or "
		    "updated", sc->sc_name, ex->ex_nitems);
}

/*
 * A page read and stored: its title, language, body HASH (taken) and the
 * settings in force become the source's state, with the answer's
 * validators.  Returns 1 when what the feeds show of the page (its title
 * or language, where the configuration sets neither) changed.
 */
static int
source_page_read(struct source *src, const struct fetch_result *res,
    struct extraction *ex, char **hash)
{
	const struct source_conf	*sc = src->src_conf;
	struct source_state		*ss = &src->src_state;
	int				 title_changed, lang_changed;

	title_changed = source_take(&ss->ss_page_title, &ex->ex_title);
	/* The page's own lang wins over the header, which may be site-wide. */
	if (ex->ex_language == NULL)
		ex->ex_language = feed_language(res->res_content_language);
	lang_changed = source_take(&ss->ss_language, &ex->ex_language);
	free(ss->ss_body_hash);
	ss->ss_body_hash = *hash;
	*hash = NULL;
	/* The items are now what these settings make of the page. */
	free(ss->ss_settings_hash);
	ss->ss_settings_hash = xstrdup(src->src_settings_hash);
	src->src_reextract = src->src_redate = src->src_refollow = 0;
	src->src_url_new = 0;
	source_set_validators(src, res);
	return ((title_changed && sc->sc_title == NULL) ||
	    (lang_changed && sc->sc_language == NULL));
}

/*
 * Merge: PG's items into the store in one transaction, then the source's
 * state (title, language, body HASH, which it takes, and the settings the
 * items were made with); the feeds are rendered again if what they show
 * changed.  Returns 0, or -1 with WHY set and nothing changed.
 */
static int
source_merge(struct source *src, const struct fetch_result *res,
    struct extraction *ex, char **hash, time_t now, char *why, size_t len)
{
	const struct source_conf	*sc = src->src_conf;
	char				*cause = NULL;
	int				 nnew, nupdated, flags, page_changed;
	int				 reextracted, url_new;

	flags = sc->sc_follow ? STORE_MERGE_FOLLOW : 0;
	if (src->src_redate)
		flags |= STORE_MERGE_REDATE;
	if (src->src_refollow)
		flags |= STORE_MERGE_REFOLLOW;
	if (store_merge_items(src->src_app->app_store, sc->sc_name,
	    ex->ex_items, ex->ex_nitems, now, flags, &nnew, &nupdated,
	    &cause) == -1) {
		snprintf(why, len, "store: %s", cause);
		free(cause);
		return (-1);
	}
	reextracted = src->src_reextract;
	url_new = src->src_url_new;
	page_changed = source_page_read(src, res, ex, hash);
	source_succeeded(src, now, "ok", nnew);
	source_log_merge(src, ex, reextracted, url_new, nnew, nupdated);
	if (nnew > 0 || nupdated > 0 || page_changed)
		source_changed(src);
	return (0);
}

/*
 * mode = changes: what is wrong with the watched text, logged when it
 * changes: cut at its bounds, or watch matching nothing.
 */
static void
source_watch_trouble(struct source *src, const struct changes_text *ct)
{
	const struct source_conf	*sc = src->src_conf;
	int				 missing;

	if (ct->ct_capped && !src->src_watch_capped)
		log_warnx("source %s: the watched text is cut at %d KiB or %d "
		    "lines: changes past that are not seen (watch a smaller "
		    "part)", sc->sc_name, CHANGES_MAX_TEXT / 1024,
		    CHANGES_MAX_LINES);
	src->src_watch_capped = ct->ct_capped;
	missing = sc->sc_nwatch > 0 && ct->ct_matched == 0;
	if (missing && !src->src_watch_missing)
		log_warnx("source %s: watch matches nothing on the page: the "
		    "watched text is empty", sc->sc_name);
	else if (!missing && src->src_watch_missing)
		log_info("source %s: watch matches again", sc->sc_name);
	src->src_watch_missing = missing;
}

/*
 * The watched text CT against the last version kept (read with the same
 * settings, else the new one is a first version again).  Returns 0 with
 * CR filled, or -1 with WHY set.
 */
static int
source_watch_judge(struct source *src, const struct extraction *ex,
    const struct changes_text *ct, struct store_version *next, time_t now,
    struct changes_result *cr, char *why, size_t len)
{
	const struct source_conf	*sc = src->src_conf;
	struct store_version		 last;
	struct changes_poll		 cp;
	char				*cause = NULL;
	int				 known, rc;

	known = store_version_last(src->src_app->app_store, sc->sc_name, &last,
	    &cause);
	if (known == -1) {
		snprintf(why, len, "store: %s", cause);
		free(cause);
		return (-1);
	}
	memset(&cp, 0, sizeof(cp));
	cp.cp_conf = sc;
	cp.cp_title = ex->ex_title != NULL ? ex->ex_title :
	    src->src_state.ss_page_title;
	cp.cp_now = now;
	cp.cp_old = known ? last.sv_text : NULL;
	cp.cp_old_hash = last.sv_hash;
	cp.cp_rebase = known && (last.sv_settings == NULL ||
	    strcmp(last.sv_settings, next->sv_settings) != 0);
	cp.cp_new = ct->ct_text;
	cp.cp_new_hash = next->sv_hash;
	if ((rc = changes_judge(&cp, cr, &cause)) == -1) {
		snprintf(why, len, "%s", cause);
		free(cause);
	}
	store_version_clear(&last);
	return (rc);
}

/* What a watch poll is logged as: a version kept is info, noise debug. */
static void
source_watch_log(struct source *src, const struct changes_result *cr,
    int nnew)
{
	const struct source_conf	*sc = src->src_conf;

	free(src->src_watch_note);
	src->src_watch_note = xstrdup(cr->cr_what);
	if (changes_publishes(cr) && nnew > 0)
		log_info("source %s: %s", sc->sc_name, cr->cr_what);
	else
		log_debug("source %s: %s", sc->sc_name, cr->cr_what);
}

/*
 * mode = changes: the page's watched text against the last version kept.
 * A change (or a first version) is kept with the item it makes in one
 * transaction; noise is a success that keeps nothing.  Then the source's
 * state as after a merge.  Returns 0, or -1 with WHY set and nothing
 * changed.
 */
static int
source_watch(struct source *src, const struct fetch_result *res,
    char **hash, time_t now, char *why, size_t len)
{
	const struct source_conf	*sc = src->src_conf;
	struct extraction		 ex;
	struct changes_text		 ct;
	struct changes_result		 cr;
	struct store_version		 next;
	char				*cause = NULL;
	char				 vhash[CHANGES_HASH_LEN];
	char				 settings[CHANGES_SETTINGS_LEN];
	int				 rc = -1, nnew = 0, page_changed;

	memset(&cr, 0, sizeof(cr));
	if (changes_read(sc, res->res_body, res->res_len, res->res_url,
	    res->res_content_type, &ex, &ct, &cause) == -1) {
		snprintf(why, len, "%s", cause);
		free(cause);
		extraction_free(&ex);
		return (-1);
	}
	source_log_trouble(src, &ex);
	source_watch_trouble(src, &ct);
	changes_hash(ct.ct_text, vhash);
	changes_settings(sc, settings);
	next = (struct store_version){ ct.ct_text, vhash, settings, now };
	if (source_watch_judge(src, &ex, &ct, &next, now, &cr, why,
	    len) == -1)
		goto out;
	if (changes_publishes(&cr) && store_version_add(src->src_app->app_store,
	    sc->sc_name, &next, sc->sc_versions, &cr.cr_item, now, &nnew,
	    &cause) == -1) {
		snprintf(why, len, "store: %s", cause);
		free(cause);
		goto out;
	}
	rc = 0;
	page_changed = source_page_read(src, res, &ex, hash);
	source_succeeded(src, now, "ok", nnew);
	source_watch_log(src, &cr, nnew);
	if (nnew > 0 || page_changed)
		source_changed(src);
out:
	changes_result_free(&cr);
	changes_text_free(&ct);
	extraction_free(&ex);
	return (rc);
}

/*
 * A transfer finished: judge, extract, merge (ARCHITECTURE, steps 3–5).
 * A 304, or the same bytes as last time while the settings are those the
 * items were made with, is a success without extraction.  A failure at any
 * step leaves the store and the feeds as they were.
 */
static void
source_fetched(const struct fetch_result *res, void *arg)
{
	struct source			*src = arg;
	const struct source_conf	*sc = src->src_conf;
	struct extraction			 ex;
	char				*hash = NULL, why[256];
	const char			*same = NULL;
	long				 retry_after;
	int				 rc = -1;
	time_t				 now = time(NULL);
	struct timespec			 t0, t1, t2;

	src->src_fetch = NULL;
	src->src_browse = NULL;
	src->src_fetch_seconds = res->res_seconds;
	switch (fetch_judge(res, &retry_after, why, sizeof(why))) {
	case FETCH_NOT_MODIFIED:
		same = "not_modified";
		break;
	case FETCH_FAILED:
		break;
	case FETCH_BODY:
		hash = source_body_hash(res);
		retry_after = -1;
		if (!src->src_reextract && src->src_state.ss_body_hash !=
		    NULL && strcmp(hash, src->src_state.ss_body_hash) == 0 &&
		    src->src_state.ss_consecutive_failures == 0) {
			same = "unchanged";
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (sc->sc_mode == MODE_CHANGES) {
			rc = source_watch(src, res, &hash, now, why,
			    sizeof(why));
			clock_gettime(CLOCK_MONOTONIC, &t1);
			if (rc == 0)
				log_debug("source %s: %zu bytes fetched in "
				    "%.3f s, watched text read and compared in "
				    "%.1f ms", sc->sc_name, res->res_len,
				    res->res_seconds, source_ms(&t0, &t1));
			break;
		}
		if (source_extract(src, res, now, &ex, why, sizeof(why)) == -1)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		rc = source_merge(src, res, &ex, &hash, now, why, sizeof(why));
		clock_gettime(CLOCK_MONOTONIC, &t2);
		if (rc == 0)
			log_debug("source %s: %zu bytes fetched in %.3f s, "
			    "extracted in %.1f ms, merged in %.1f ms",
			    sc->sc_name, res->res_len, res->res_seconds,
			    source_ms(&t0, &t1), source_ms(&t1, &t2));
		extraction_free(&ex);
		break;
	}
	if (same != NULL) {
		/* Nothing to parse: the validators of this answer are kept. */
		if (hash != NULL || res->res_etag != NULL ||
		    res->res_last_modified != NULL)
			source_set_validators(src, res);
		log_debug("source %s: %s", sc->sc_name, hash != NULL ?
		    "page unchanged" : "not modified");
		source_succeeded(src, now, same, 0);
		rc = 0;
	} else if (rc == -1)
		source_failed(src, why, retry_after);
	free(hash);
	if (rc == 0)
		source_follow_start(src);
}

/*
 * Field selectors that match nothing and an encoding key that lost to a
 * declaration: logged when they change, not at every poll.
 */
static void
source_log_trouble(struct source *src, const struct extraction *ex)
{
	const struct source_conf	*sc = src->src_conf;
	const char			*from;
	size_t				 f, n;

	for (f = 0; f < FIELD_COUNT; f++) {
		n = ex->ex_missing[f];
		if (n != src->src_missing[f] && n > 0) {
			from = extract_missing_note(ex, f);
			if (n == ex->ex_nitems)
				log_warnx("source %s: %s matched nothing in "
				    "%zu of %zu items%s", sc->sc_name,
				    config_field_name(f), n, ex->ex_nitems,
				    from);
			else
				log_info("source %s: %s matched nothing in "
				    "%zu of %zu items%s", sc->sc_name,
				    config_field_name(f), n, ex->ex_nitems,
				    from);
		}
		src->src_missing[f] = n;
	}
	if (ex->ex_encoding_note != NULL && (src->src_encoding_note == NULL ||
	    strcmp(src->src_encoding_note, ex->ex_encoding_note) != 0))
		log_warnx("source %s: %s", sc->sc_name, ex->ex_encoding_note);
	free(src->src_encoding_note);
	src->src_encoding_note = ex->ex_encoding_note != NULL ?
	    xstrdup(ex->ex_encoding_note) : NULL;
}

/* The request for URL with the source's fetch settings. */
void
source_request(const struct source *src, const char *url,
    struct fetch_request *req)
{
	source_request_conf(src->src_app->app_cf, src->src_conf, url, req);
}

void
source_request_conf(const struct config *cf, const struct source_conf *sc,
    const char *url, struct fetch_request *req)
{
	memset(req, 0, sizeof(*req));
	req->fr_url = url;
	req->fr_user_agent = sc->sc_user_agent ? sc->sc_user_agent :
	    cf->cf_user_agent;
	/* file:// only for a source that is itself a file, never for links. */
	req->fr_allow_file = cf->cf_allow_file_urls &&
	    url_scheme_is(sc->sc_url, "file") && url_scheme_is(url, "file");
	req->fr_headers = (const char *const *)sc->sc_headers;
	req->fr_nheaders = sc->sc_nheaders;
	req->fr_cookie = sc->sc_cookie;
	req->fr_proxy = sc->sc_proxy;
	req->fr_timeout = sc->sc_timeout;
	req->fr_connect_timeout = cf->cf_connect_timeout;
	req->fr_no_tls_verify = !sc->sc_tls_verify;
	req->fr_max_size = sc->sc_max_page_size;
	/* The source's own address only: an item's page is a GET. */
	if (sc->sc_method == METHOD_POST && strcmp(url, sc->sc_url) == 0)
		req->fr_body = sc->sc_body != NULL ? sc->sc_body : "";
}

static void
source_poll(struct source *src)
{
	struct app		*app = src->src_app;
	struct fetch_request	 req;

	if (source_busy(src))
		return;		/* the previous poll is still running */
	src->src_state.ss_last_poll = time(NULL);
	if (src->src_conf->sc_render == RENDER_CHROMIUM) {
		log_debug("source %s: rendering %s", src->src_conf->sc_name,
		    src->src_conf->sc_url);
		src->src_browse = source_browse(src, src->src_conf->sc_url,
		    source_fetched, src);
		return;
	}
	source_request(src, src->src_conf->sc_url, &req);
	/*
	 * Conditional only while healthy (a failing source refetches whole)
	 * and while the items were made with the settings in force: a 304
	 * would keep the old extraction.
	 */
	if (src->src_state.ss_consecutive_failures == 0 &&
	    !src->src_reextract && req.fr_body == NULL) {
		req.fr_etag = src->src_state.ss_etag;
		req.fr_last_modified = src->src_state.ss_last_modified;
	}
	req.fr_host = src->src_host;
	log_debug("source %s: polling %s", src->src_conf->sc_name,
	    src->src_conf->sc_url);
	src->src_fetch = fetch_start(app->app_fetcher, &req, source_fetched,
	    src);
}

static void	source_settings_check(struct source *);
static int	source_state_reload(struct source *);

/*
 * With a shared store, the lease first: the poll is this instance's only
 * when no other holds it and it is due there; else the source waits for
 * when it may be due, or for the database to come back.
 */
static void
source_claimed(void *arg, enum shared_claim verdict, long wait_s)
{
	struct source	*src = arg;

	src->src_claiming = 0;
	/* What others wrote meanwhile (copied before a claim is granted). */
	source_state_reload(src);
	switch (verdict) {
	case SHARED_CLAIMED:
		source_poll(src);
		break;
	case SHARED_TAKEN:
		if (wait_s < 1)
			wait_s = 1;
		source_schedule(src, (long)(wait_s * 1000 *
		    (1.0 + 0.1 * source_random())));
		break;
	case SHARED_DOWN:
		source_schedule(src, (long)(SOURCE_SHARED_RETRY_MS *
		    (1.0 + 0.1 * source_random())));
		break;
	}
}

static void
source_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct source	*src = arg;
	struct shared	*sh = src->src_app->app_shared;

	(void)fd;
	(void)what;
	if (sh == NULL) {
		source_poll(src);
		return;
	}
	if (src->src_claiming || source_busy(src))
		return;
	src->src_claiming = 1;
	shared_claim(sh, src->src_conf->sc_name, source_claimed, src);
}

static int
source_differs(const char *a, const char *b)
{
	return (a == NULL || b == NULL ? a != b : strcmp(a, b) != 0);
}

/*
 * The source's state as the replica has it (another instance's poll,
 * copied) becomes SRC's: what /health shows, the validators and hash the
 * next poll starts from, and the feeds made again when the page's title
 * or language changed.  Returns 1 when there was one.
 */
static int
source_state_reload(struct source *src)
{
	struct source_state	 ss;
	int			 shown;

	if (store_state_get(src->src_app->app_store, src->src_conf->sc_name,
	    &ss) != 1)
		return (0);
	shown = source_differs(ss.ss_page_title,
	    src->src_state.ss_page_title) ||
	    source_differs(ss.ss_language, src->src_state.ss_language);
	store_state_clear(&src->src_state);
	src->src_state = ss;
	/* The items are now what the other instance's settings made. */
	source_settings_check(src);
	if (ss.ss_last_poll > 0)
		src->src_status = ss.ss_consecutive_failures > 0 ?
		    SOURCE_ERROR : SOURCE_OK;
	if (shown)
		source_changed(src);
	return (1);
}

/*
 * Another instance's write reached the replica: its items (the feeds
 * are made again) or its state (read now, and the next poll moved;
 * while this instance polls it or asks for its lease, read when the
 * lease is answered).
 */
void
source_copied(struct source *src, enum store_table t)
{
	time_t	 now = time(NULL);

	if (t == STORE_ITEMS) {
		source_changed(src);
		return;
	}
	if (source_busy(src) || src->src_claiming ||
	    !source_state_reload(src))
		return;
	if (src->src_state.ss_next_poll > now)
		source_schedule(src, (long)(src->src_state.ss_next_poll -
		    now) * 1000);
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
	src->src_state.ss_next_poll = src->src_next_poll;
	/*
	 * Sharing a store, every instance's timer is set for the same due
	 * time: up to a second more each, so that whoever draws the least
	 * polls, and the polls spread over the instances.
	 */
	if (src->src_app->app_shared != NULL) {
		/* From the due second, as the others read it from its state. */
		delay_ms = (long)(src->src_next_poll - time(NULL)) * 1000 +
		    (long)(SOURCE_SHARED_SPREAD_MS * source_random());
		tv.tv_sec = delay_ms / 1000;
		tv.tv_usec = (delay_ms % 1000) * 1000;
	}
	evtimer_add(src->src_timer, &tv);
}

#define HASH_STR(h, s) do {						\
	if ((s) != NULL)						\
		(h) = fnv1a64((s), strlen(s) + 1, (h));			\
	else								\
		(h) = fnv1a64("", 1, (h) ^ 0x5a);			\
} while (0)
#define HASH_VAL(h, v)	((h) = fnv1a64(&(v), sizeof(v), (h)))

/*
 * What decides the items' dates: the page, the items, the date's
 * selector and how its text is read.
 */
/* How dates and text are read: formats, zone, encoding, order. */
static uint64_t
source_reading_hash(const struct source_conf *sc, uint64_t h)
{
	size_t	 i;

	for (i = 0; i < sc->sc_ndate_formats; i++)
		HASH_STR(h, sc->sc_date_formats[i]);
	HASH_STR(h, sc->sc_timezone);
	HASH_STR(h, sc->sc_encoding);
	/* Only when set, so that configs without it keep their hashes. */
	if (sc->sc_encoding_override)
		HASH_VAL(h, sc->sc_encoding_override);
	HASH_VAL(h, sc->sc_date_order);
	return (h);
}

static uint64_t
source_date_hash(const struct source_conf *sc)
{
	uint64_t	 h = FNV1A64_INIT;

	HASH_STR(h, sc->sc_url);
	HASH_STR(h, sc->sc_item.sel_spec);
	HASH_STR(h, sc->sc_fields[FIELD_DATE].sel_spec);
	return (source_reading_hash(sc, h));
}

/* What decides the fields taken from the items' own pages. */
static uint64_t
source_page_hash(const struct source_conf *sc)
{
	uint64_t	 h = FNV1A64_INIT;
	size_t		 i;

	HASH_VAL(h, sc->sc_follow);
	for (i = 0; i < PAGE_COUNT; i++)
		HASH_STR(h, sc->sc_page[i].sel_spec);
	/* Only when set, so that configs without it keep their hashes. */
	if (sc->sc_follow_render)
		HASH_VAL(h, sc->sc_follow_render);
	return (source_reading_hash(sc, h));
}

/* mode = changes: what is watched and what is noise. */
static uint64_t
source_watch_hash(const struct source_conf *sc, uint64_t h)
{
	size_t	 i;

	HASH_VAL(h, sc->sc_mode);
	for (i = 0; i < sc->sc_nwatch; i++)
		HASH_STR(h, sc->sc_watch[i]);
	HASH_VAL(h, sc->sc_nwatch);
	for (i = 0; i < sc->sc_nignore; i++)
		HASH_STR(h, sc->sc_ignore[i]);
	HASH_VAL(h, sc->sc_nignore);
	for (i = 0; i < sc->sc_nignore_text; i++)
		HASH_STR(h, sc->sc_ignore_text[i]);
	HASH_VAL(h, sc->sc_nignore_text);
	HASH_VAL(h, sc->sc_min_change);
	return (h);
}

/* A fingerprint of everything that decides what a page extracts to. */
static uint64_t
source_conf_hash(const struct source_conf *sc)
{
	uint64_t	 h = source_date_hash(sc), p = source_page_hash(sc);
	size_t		 i;

	for (i = 0; i < FIELD_COUNT; i++)
		HASH_STR(h, sc->sc_fields[i].sel_spec);
	HASH_VAL(h, p);
	/* Only when set, so that configs without them keep their hashes. */
	if (sc->sc_json.sel_spec != NULL)
		HASH_STR(h, sc->sc_json.sel_spec);
	if (sc->sc_link_base != NULL)
		HASH_STR(h, sc->sc_link_base);
	if (sc->sc_render != RENDER_NO) {
		HASH_VAL(h, sc->sc_render);
		HASH_STR(h, sc->sc_render_wait.sel_spec);
	}
	if (sc->sc_mode != MODE_ITEMS)
		h = source_watch_hash(sc, h);
	return (h);
}

/*
 * Everything a [source] section says, for telling a reload what changed.
 * Returns 1 when A and B would poll, extract and serve alike.
 */
int
source_conf_same(const struct source_conf *a, const struct source_conf *b)
{
	uint64_t		 h[2];
	const struct source_conf *sc;
	size_t			 i;
	int			 k;

	for (k = 0; k < 2; k++) {
		sc = k == 0 ? a : b;
		h[k] = source_conf_hash(sc);
		HASH_STR(h[k], sc->sc_title);
		HASH_VAL(h[k], sc->sc_interval);
		HASH_VAL(h[k], sc->sc_max_items);
		HASH_VAL(h[k], sc->sc_follow_concurrency);
		for (i = 0; i < sc->sc_nheaders; i++)
			HASH_STR(h[k], sc->sc_headers[i]);
		HASH_VAL(h[k], sc->sc_nheaders);
		HASH_STR(h[k], sc->sc_cookie);
		HASH_STR(h[k], sc->sc_user_agent);
		HASH_STR(h[k], sc->sc_proxy);
		HASH_STR(h[k], sc->sc_language);
		HASH_VAL(h[k], sc->sc_timeout);
		HASH_VAL(h[k], sc->sc_tls_verify);
		HASH_VAL(h[k], sc->sc_max_page_size);
		HASH_VAL(h[k], sc->sc_method);
		HASH_STR(h[k], sc->sc_body);
		HASH_VAL(h[k], sc->sc_render_memory);
		HASH_VAL(h[k], sc->sc_versions);
		for (i = 0; i < sc->sc_ninclude; i++)
			HASH_STR(h[k], sc->sc_include[i]);
		HASH_VAL(h[k], sc->sc_ninclude);
		for (i = 0; i < sc->sc_nexclude; i++)
			HASH_STR(h[k], sc->sc_exclude[i]);
		HASH_VAL(h[k], sc->sc_nexclude);
		HASH_VAL(h[k], sc->sc_max_age);
	}
	return (h[0] == h[1]);
}
#undef HASH_STR
#undef HASH_VAL

/* Part N (from 0) of a settings hash "ALL-DATES-PAGES" differs. */
static int
source_settings_part_differs(const char *a, const char *b, int n)
{
	const size_t	 len = 16;	/* one hash in hex */

	if (strlen(a) != 3 * len + 2 || strlen(b) != 3 * len + 2)
		return (1);
	return (strncmp(a + n * (len + 1), b + n * (len + 1), len) != 0);
}

/*
 * Which settings the stored items were made with, against the ones in
 * force: "ALL-DATES-PAGES", three hashes.  Any difference (or none stored,
 * as by a release before schema 4) re-extracts at the next poll without a
 * conditional request; a difference in DATES lets the dates the page now
 * gives replace the stored ones; one in PAGES (follow = yes) fetches again
 * the own pages of the items listed.  With nothing stored, item pages are
 * not fetched again: they cost a request each, the listing one.
 */
static void
source_settings_check(struct source *src)
{
	const char	*stored = src->src_state.ss_settings_hash;
	const char	*now = src->src_settings_hash;

	snprintf(src->src_settings_hash, sizeof(src->src_settings_hash),
	    "%016llx-%016llx-%016llx",
	    (unsigned long long)source_conf_hash(src->src_conf),
	    (unsigned long long)source_date_hash(src->src_conf),
	    (unsigned long long)source_page_hash(src->src_conf));
	src->src_reextract = stored == NULL || strcmp(stored, now) != 0;
	src->src_redate = stored == NULL ||
	    source_settings_part_differs(stored, now, 1);
	src->src_refollow = stored != NULL && src->src_conf->sc_follow &&
	    source_settings_part_differs(stored, now, 2);
	if (src->src_reextract && stored != NULL)
		log_debug("source %s: settings changed since the items were "
		    "extracted%s%s", src->src_conf->sc_name, src->src_redate ?
		    "; dates too" : "", src->src_refollow ?
		    "; item pages too" : "");
}

void
source_init(struct source *src, struct app *app, const struct source_conf *sc,
    unsigned index, unsigned count)
{
	time_t	 now = time(NULL), age;
	long	 delay_ms;
	int	 known;

	memset(src, 0, sizeof(*src));
	LIST_INIT(&src->src_follows);
	src->src_app = app;
	src->src_conf = sc;
	if ((src->src_timer = evtimer_new(app->app_base, source_timer_cb,
	    src)) == NULL)
		fatalx("evtimer_new");
	src->src_host = fetch_host_of(sc->sc_url);
	known = store_state_get(app->app_store, sc->sc_name, &src->src_state);
	if (known == -1)
		log_warnx("source %s: cannot read its state from the store",
		    sc->sc_name);
	/* Until a poll succeeds, feeds date from when the source was added. */
	if (known != -1 && src->src_state.ss_added == 0) {
		src->src_state.ss_added = now;
		source_store_state(src, 1);
	}
	if (known == 1 && src->src_state.ss_last_poll > 0)
		src->src_status = src->src_state.ss_consecutive_failures > 0 ?
		    SOURCE_ERROR : SOURCE_OK;
	src->src_nitems = known == 1 ? store_count(app->app_store,
	    sc->sc_name) : 0;
	if (src->src_nitems < 0)
		src->src_nitems = 0;
	/* Rendered on first request, or now when exported. */
	if (app->app_cf->cf_export_dir != NULL)
		source_render(src, (1U << FEED_NFORMATS) - 1, 1);

	source_settings_check(src);
	/*
	 * A recent success means the rest of the interval is still owed,
	 * unless the items were made with other settings (an edit shows at
	 * once, also after a restart); a source backing off (or told to retry
	 * later) keeps its next poll.
	 */
	age = now - src->src_state.ss_last_success;
	if (src->src_state.ss_consecutive_failures > 0 &&
	    src->src_state.ss_next_poll > now)
		delay_ms = (long)(src->src_state.ss_next_poll - now) * 1000;
	else if (src->src_state.ss_last_success > 0 && age >= 0 &&
	    age < sc->sc_interval && !src->src_reextract)
		delay_ms = (long)(sc->sc_interval - age) * 1000;
	else
		delay_ms = count > 1 ? (long)index * SOURCE_STARTUP_SPREAD_MS /
		    (long)count : 0;
	source_schedule(src, delay_ms);
}

void
source_url_changed(struct source *src)
{
	struct source_state	*ss = &src->src_state;

	/* Validators, hash and failures were the old page's. */
	free(ss->ss_etag);
	free(ss->ss_last_modified);
	free(ss->ss_body_hash);
	free(ss->ss_last_error);
	ss->ss_etag = ss->ss_last_modified = ss->ss_body_hash = NULL;
	ss->ss_last_error = NULL;
	ss->ss_consecutive_failures = 0;
	src->src_status = SOURCE_PENDING;
	src->src_reextract = src->src_redate = 1;
	src->src_url_new = 1;
	src->src_ndates_unparsed = src->src_ndates_future = 0;
	memset(src->src_missing, 0, sizeof(src->src_missing));
	source_schedule(src, 0);
}

void
source_conf_changed(struct source *src)
{
	if (src->src_reextract && !source_busy(src))
		source_schedule(src, 0);
}

void
source_clear(struct source *src)
{
	struct follow	*fo;

	shared_forget(src->src_app->app_shared, src);
	if (src->src_timer != NULL)
		event_free(src->src_timer);
	fetch_cancel(src->src_fetch);
	if (src->src_browse != NULL)
		browse_cancel(src->src_browse);
	while ((fo = LIST_FIRST(&src->src_follows)) != NULL) {
		fetch_cancel(fo->fo_fetch);
		if (fo->fo_browse != NULL)
			browse_cancel(fo->fo_browse);
		source_follow_unlink(src, fo);
	}
	store_pages_free(src->src_pages, src->src_npages);
	store_state_clear(&src->src_state);
	free(src->src_host);
	free(src->src_encoding_note);
	free(src->src_watch_note);
	for (int f = 0; f < FEED_NFORMATS; f++)
		cache_drop(&src->src_app->app_cache, &src->src_slots[f]);
	memset(src, 0, sizeof(*src));
}

int
source_busy(const struct source *src)
{
	return (src->src_fetch != NULL || src->src_browse != NULL);
}

const char *
source_waiting(const struct source *src)
{
	if (src->src_browse != NULL)
		return (browse_queued(src->src_browse) ? "render_concurrency" :
		    NULL);
	return (fetch_waiting(src->src_fetch));
}

/* A name that need not end in NUL (a part of a request path). */
struct source_key {
	const char	*sk_name;
	size_t		 sk_len;
};

static int
source_key_cmp(const void *key, const void *elem)
{
	const struct source_key	*k = key;
	const char		*n = (*(struct source *const *)elem)->
				    src_conf->sc_name;
	size_t			 nlen = strlen(n);
	int			 c;

	/* The order of strcmp, for a key of any bytes. */
	if ((c = memcmp(k->sk_name, n, k->sk_len < nlen ? k->sk_len : nlen)) !=
	    0)
		return (c);
	return (k->sk_len < nlen ? -1 : k->sk_len > nlen);
}

/* Every request names its source: a binary search, not a walk. */
struct source *
source_find(struct app *app, const char *name, size_t len)
{
	struct source_key	  key = { name, len };
	struct source		**found;

	if (app->app_by_name == NULL)
		return (NULL);
	found = bsearch(&key, app->app_by_name, app->app_nsources,
	    sizeof(*app->app_by_name), source_key_cmp);
	return (found != NULL ? *found : NULL);
}
