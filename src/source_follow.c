/*
 * source_follow.c: a source's item pages (follow = yes or article): after
 * a poll, the stored items whose page is still to read are fetched (or
 * rendered), follow_concurrency at a time, each page's fields stored, an
 * article's following pages joined to its first, and the feeds rendered
 * again once the last page is in.  Split from source.c, which polls the
 * listing; the two share source_int.h.
 */
#include <sys/queue.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "article.h"
#include "browser.h"
#include "config.h"
#include "extract.h"
#include "fetch.h"
#include "input.h"
#include "log.h"
#include "metrics.h"
#include "shared.h"
#include "source.h"
#include "source_int.h"
#include "store.h"
#include "util.h"

/* One item page in flight (with follow = article, up to its last page). */
struct follow {
	struct source	*fo_src;
	void		(*fo_changed)(struct source *);	/* feeds again */
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

static void	source_follow_next(struct source *,
		    void (*changed)(struct source *));
static void	source_follow_fetched(const struct fetch_result *, void *);

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
	void				(*changed)(struct source *);
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
	changed = fo->fo_changed;
	source_follow_unlink(src, fo);
	source_follow_next(src, changed);
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
source_follow_next(struct source *src, void (*changed)(struct source *))
{
	const struct source_conf	*sc = src->src_conf;
	struct pending_page		*pp;
	struct follow			*fo;

	while (src->src_nfollows < sc->sc_follow_concurrency &&
	    src->src_next_page < src->src_npages) {
		pp = &src->src_pages[src->src_next_page++];
		fo = xcalloc(1, sizeof(*fo));
		fo->fo_src = src;
		fo->fo_changed = changed;
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
			changed(src);
		}
	}
}

/* After a poll: queue the item pages still to fetch, unless busy with some. */
void
source_follow_start(struct source *src, void (*changed)(struct source *))
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
	source_follow_next(src, changed);
}

/* Every item page in flight cancelled, the queue dropped. */
void
source_follow_stop(struct source *src)
{
	struct follow	*fo;

	while ((fo = LIST_FIRST(&src->src_follows)) != NULL) {
		fetch_cancel(fo->fo_fetch);
		if (fo->fo_browse != NULL)
			browse_cancel(fo->fo_browse);
		source_follow_unlink(src, fo);
	}
	store_pages_free(src->src_pages, src->src_npages);
	src->src_pages = NULL;
	src->src_npages = src->src_next_page = 0;
}
