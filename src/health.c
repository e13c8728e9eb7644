/*
 * health.c: /health for monitoring.  "ok" when every source's last poll
 * worked (or none ran yet), "degraded" when some failed, "failing" (HTTP
 * 503) when all failed or the store cannot be written.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "combined.h"
#include "config.h"
#include "date.h"
#include "fetch.h"
#include "health.h"
#include "metrics.h"
#include "shared.h"
#include "source.h"
#include "text.h"
#include "websub.h"

/* ,"KEY":"VALUE", or null for no VALUE. */
static void
health_string(struct buf *b, const char *key, const char *value)
{
	buf_printf(b, ",\"%s\":", key);
	if (value != NULL)
		text_json_string(b, value);
	else
		buf_addstr(b, "null");
}

static void
health_time(struct buf *b, const char *key, time_t t)
{
	char	 date[64];

	buf_printf(b, ",\"%s\":", key);
	if (t <= 0) {
		buf_addstr(b, "null");
		return;
	}
	date_format_rfc3339(t, date, sizeof(date));
	text_json_string(b, date);
}

/* Items' own pages read since start (follow), by how they went. */
static void
health_pages(struct buf *b, const struct metrics_source *ms)
{
	static const char	*how[] = METRICS_PAGE_NAMES;
	size_t			 i;

	buf_addstr(b, ",\"item_pages\":{");
	for (i = 0; i < METRICS_NPAGE; i++)
		buf_printf(b, "%s\"%s\":%llu", i > 0 ? "," : "", how[i],
		    (unsigned long long)(ms != NULL ? ms->ms_pages[i] : 0));
	buf_addstr(b, "}");
}

/* ,"feeds":[...]: each [feed NAME] section and the sources it combines. */
static void
health_combined(struct buf *b, struct app *app)
{
	const struct source_conf	*fc;
	size_t				 i, k;

	buf_addstr(b, ",\"feeds\":[");
	for (i = 0; i < app->app_nfeeds; i++) {
		fc = app->app_feeds[i].cb_conf;
		buf_addstr(b, i > 0 ? ",{\"name\":" : "{\"name\":");
		text_json_string(b, fc->sc_name);
		health_string(b, "title", fc->sc_title);
		buf_addstr(b, ",\"sources\":[");
		for (k = 0; k < fc->sc_nmembers; k++) {
			if (k > 0)
				buf_addstr(b, ",");
			text_json_string(b, app->app_sources[
			    fc->sc_members[k]].src_conf->sc_name);
		}
		buf_addstr(b, "]}");
	}
	buf_addstr(b, "]");
}

/* ,"websub":{...}: the hub's subscribers and deliveries, per topic. */
static void
health_websub(struct buf *b, struct app *app)
{
	struct websub_topic_stat	*st;
	size_t				 n, i;

	if (app->app_websub == NULL)
		return;
	buf_printf(b, ",\"websub\":{\"subscribers\":%zu,"
	    "\"pending_verifications\":%zu,\"topics\":{",
	    websub_subscribers(app->app_websub),
	    websub_verifying(app->app_websub));
	n = websub_topic_stats(app->app_websub, &st);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addstr(b, ",");
		text_json_string(b, st[i].wts_topic);
		buf_printf(b, ":{\"subscribers\":%zu,\"deliveries\":%llu,"
		    "\"failures\":%llu,\"dropped\":%llu}",
		    st[i].wts_subscribers, st[i].wts_deliveries,
		    st[i].wts_failures, st[i].wts_dropped);
	}
	free(st);
	buf_addstr(b, "}}");
}

/* store = postgresql://...: the connection, and what waits to be sent. */
static void
health_shared(struct buf *b, struct app *app)
{
	struct shared_status	 ss;

	if (app->app_shared == NULL)
		return;
	shared_status(app->app_shared, &ss);
	buf_addstr(b, ",\"shared_store\":{\"status\":");
	text_json_string(b, ss.ss_status);
	health_string(b, "error", ss.ss_error);
	health_string(b, "instance", ss.ss_instance);
	health_string(b, "database", ss.ss_database);
	buf_printf(b, ",\"leases\":%ld,\"replica_rev\":%lld,\"unpushed\":%ld,"
	    "\"claims\":%lu,\"claimed\":%lu,\"pushes\":%lu,\"pulls\":%lu}",
	    ss.ss_leases, ss.ss_rev, ss.ss_unpushed, ss.ss_claims, ss.ss_claimed,
	    ss.ss_pushes, ss.ss_pulls);
}

/* Polls wait while the shared store is unreachable: degraded. */
static int
health_shared_ok(struct app *app)
{
	struct shared_status	 ss;

	if (app->app_shared == NULL)
		return (1);
	shared_status(app->app_shared, &ss);
	return (strcmp(ss.ss_status, "ok") == 0);
}

int
health_json(struct app *app, struct buf *b)
{
	struct source		*src;
	struct source_summary	 sum;
	const char		*status;
	char			*host;
	size_t			 i;
	time_t			 now = time(NULL);

	source_summary(app, &sum);
	if (!sum.sum_store_writable ||
	    (sum.sum_sources > 0 && sum.sum_failing == sum.sum_sources))
		status = "failing";
	else if (sum.sum_failing > 0 || !health_shared_ok(app))
		status = "degraded";
	else
		status = "ok";

	buf_addstr(b, "{\"status\":");
	text_json_string(b, status);
	buf_printf(b, ",\"version\":\"%s\",\"uptime_s\":%lld"
	    ",\"store_writable\":%s,\"sources\":[", PACKAGE_VERSION,
	    (long long)(now - app->app_started),
	    sum.sum_store_writable ? "true" : "false");
	for (i = 0; i < app->app_nsources; i++) {
		src = &app->app_sources[i];
		buf_addstr(b, i > 0 ? ",{\"name\":" : "{\"name\":");
		text_json_string(b, src->src_conf->sc_name);
		buf_addstr(b, ",\"title\":");
		text_json_string(b, source_title(src));
		buf_addstr(b, ",\"url\":");
		text_json_string(b, src->src_conf->sc_url);
		buf_addstr(b, ",\"status\":");
		text_json_string(b, source_status_name(src->src_status));
		health_time(b, "last_poll", src->src_state.ss_last_poll);
		health_time(b, "last_success", src->src_state.ss_last_success);
		health_string(b, "last_error", src->src_state.ss_last_error);
		buf_printf(b, ",\"consecutive_failures\":%d,\"items\":%ld",
		    src->src_state.ss_consecutive_failures, src->src_nitems);
		health_time(b, "next_poll", source_busy(src) ? now :
		    src->src_next_poll);
		buf_printf(b, ",\"polling\":%s",
		    source_busy(src) ? "true" : "false");
		/* A due poll held back by the per-host limits says why. */
		health_string(b, "waiting", source_waiting(src));
		host = fetch_host_of(src->src_conf->sc_url);
		health_string(b, "host", host);
		free(host);
		/* mode = changes: what the last poll made of the page. */
		health_string(b, "watch", src->src_watch_note);
		health_pages(b, metrics_find(app->app_metrics,
		    src->src_conf->sc_name));
		buf_addstr(b, "}");
	}
	buf_addstr(b, "]");
	health_combined(b, app);
	health_websub(b, app);
	health_shared(b, app);
	buf_addstr(b, "}\n");
	return (status[0] == 'f' ? 503 : 200);
}
