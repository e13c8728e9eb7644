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
#include "source_int.h"
#include "store.h"
#include "util.h"

/* Start-up polls are spread over this many milliseconds. */
#define SOURCE_STARTUP_SPREAD_MS	5000
#define SOURCE_SHARED_RETRY_MS		5000	/* the shared store down */
#define SOURCE_SHARED_SPREAD_MS		1000	/* who polls: the least drawn */

static void	source_schedule(struct source *, long delay_ms);
static void	source_changed(struct source *);
static void	source_flush_arm(struct app *);

/* Polls start on a grid of this many milliseconds (source_schedule). */
#define SOURCE_TICK_MS	1000

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
 * even when the server sends the same bytes or a 304.  (Hashes stored by
 * a release before hash64 match nothing: each source extracts once.)
 */
static char *
source_body_hash(const struct fetch_result *res)
{
	uint64_t	 h = hash64(res->res_body, res->res_len, FNV1A64_INIT);
	char		*s;

	xasprintf(&s, "%016llx", (unsigned long long)h);
	return (s);
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
		source_follow_start(src, source_changed);
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
	struct timeval	 tv, now;
	long long	 due;

	if (delay_ms < 0)
		delay_ms = 0;
	/*
	 * Due times fall on a grid of SOURCE_TICK_MS, so that the polls due
	 * within one tick start at one wake-up of the loop, not at one each
	 * (an unchanged poll costs half as much CPU that way).
	 */
	if (delay_ms > 0 && event_base_gettimeofday_cached(src->src_app->
	    app_base, &now) == 0) {
		due = (long long)now.tv_sec * 1000 + now.tv_usec / 1000 +
		    delay_ms;
		due += SOURCE_TICK_MS - 1 - (due + SOURCE_TICK_MS - 1) %
		    SOURCE_TICK_MS;
		delay_ms = (long)(due - ((long long)now.tv_sec * 1000 +
		    now.tv_usec / 1000));
	}
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
	shared_forget(src->src_app->app_shared, src);
	if (src->src_timer != NULL)
		event_free(src->src_timer);
	fetch_cancel(src->src_fetch);
	if (src->src_browse != NULL)
		browse_cancel(src->src_browse);
	source_follow_stop(src);
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
