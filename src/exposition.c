/*
 * exposition.c: the Prometheus text exposition (format 0.0.4) of /metrics:
 * the counters of metrics.c, gauges read from the sources, and process
 * figures.
 */
#include <sys/resource.h>
#include <sys/time.h>

#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/hash.h>

#include "app.h"
#include "combined.h"
#include "config.h"
#include "log.h"
#include "exposition.h"
#include "metrics.h"
#include "source.h"
#include "shared.h"
#include "store.h"
#include "util.h"
#include "websub.h"

/* /proc/self/fd is listed at most this far (RLIMIT_NOFILE is smaller). */
#define METRICS_MAX_FD_COUNT	(1 << 20)

static const char *const metrics_fetch_le[METRICS_NFETCH_BUCKETS + 1] = {
	"0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "60", "+Inf",
};

/* The document being written; after the first failed append, nothing. */
struct metrics_out {
	struct buf	*mo_buf;
	int		 mo_failed;
};

static void
metrics_add(struct metrics_out *o, const char *s, size_t len)
{
	if (!o->mo_failed && buf_add(o->mo_buf, s, len) == -1)
		o->mo_failed = 1;
}

static void
metrics_str(struct metrics_out *o, const char *s)
{
	metrics_add(o, s, strlen(s));
}

/*
 * Escapes S for a label value (backslash, double quote, newline) or, with
 * HELP set, for a HELP line (backslash, newline).
 */
static void
metrics_escape(struct metrics_out *o, const char *s, int help)
{
	const char	*p;

	for (p = s; *p != '\0'; p++) {
		if (*p != '\\' && *p != '\n' && (*p != '"' || help))
			continue;
		metrics_add(o, s, (size_t)(p - s));
		metrics_str(o, *p == '\\' ? "\\\\" : *p == '\n' ? "\\n" :
		    "\\\"");
		s = p + 1;
	}
	metrics_add(o, s, (size_t)(p - s));
}

static void
metrics_family(struct metrics_out *o, const char *name, const char *type,
    const char *help)
{
	metrics_str(o, "# HELP ");
	metrics_str(o, name);
	metrics_str(o, " ");
	metrics_escape(o, help, 1);
	metrics_str(o, "\n# TYPE ");
	metrics_str(o, name);
	metrics_str(o, " ");
	metrics_str(o, type);
	metrics_str(o, "\n");
}

/* One sample: NAME, up to two labels (a NULL key ends them), VALUE. */
static void
metrics_sample(struct metrics_out *o, const char *name, const char *k1,
    const char *v1, const char *k2, const char *v2, const char *value)
{
	metrics_str(o, name);
	if (k1 != NULL) {
		metrics_str(o, "{");
		metrics_str(o, k1);
		metrics_str(o, "=\"");
		metrics_escape(o, v1, 0);
		if (k2 != NULL) {
			metrics_str(o, "\",");
			metrics_str(o, k2);
			metrics_str(o, "=\"");
			metrics_escape(o, v2, 0);
		}
		metrics_str(o, "\"}");
	}
	metrics_str(o, " ");
	metrics_str(o, value);
	metrics_str(o, "\n");
}

static const char *
metrics_u64(char *s, size_t size, uint64_t v)
{
	snprintf(s, size, "%" PRIu64, v);
	return (s);
}

static const char *
metrics_ll(char *s, size_t size, long long v)
{
	snprintf(s, size, "%lld", v);
	return (s);
}

/* The shortest decimal form that reads back as V (0.1, not 0.1000...01). */
static const char *
metrics_double(char *s, size_t size, double v)
{
	int	 prec;

	if (isnan(v))
		snprintf(s, size, "NaN");
	else if (isinf(v))
		snprintf(s, size, v > 0 ? "+Inf" : "-Inf");
	else
		for (prec = 1; prec <= 17; prec++) {
			snprintf(s, size, "%.*g", prec, v);
			if (strtod(s, NULL) == v)
				break;
		}
	return (s);
}

static int
metrics_proc_statm(unsigned long long *vsize, unsigned long long *rss)
{
	char	 text[128];
	ssize_t	 n;
	int	 fd;
	long	 page = sysconf(_SC_PAGESIZE);

	if ((fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0 || page <= 0)
		return (-1);
	text[n] = '\0';
	if (sscanf(text, "%llu %llu", vsize, rss) != 2)
		return (-1);
	*vsize *= (unsigned long long)page;
	*rss *= (unsigned long long)page;
	return (0);
}

/* Open descriptors, the one reading the directory excepted; -1 if unknown. */
static long
metrics_proc_fds(void)
{
	DIR		*dir;
	struct dirent	*de;
	long		 n = 0;
	int		 self;

	if ((dir = opendir("/proc/self/fd")) == NULL)
		return (-1);
	self = dirfd(dir);
	while (n < METRICS_MAX_FD_COUNT && (de = readdir(dir)) != NULL) {
		char	*end;
		long	 fd;

		if (de->d_name[0] == '.')
			continue;
		fd = strtol(de->d_name, &end, 10);
		if (*end == '\0' && fd == self)
			continue;
		n++;
	}
	closedir(dir);
	return (n);
}

static void
metrics_process(struct metrics_out *o, struct app *app)
{
	struct rusage		 ru;
	struct rlimit		 rl;
	unsigned long long	 vsize, rss;
	long			 fds;
	char			 v[64];

	if (getrusage(RUSAGE_SELF, &ru) == 0) {
		metrics_family(o, "process_cpu_seconds_total", "counter",
		    "Total user and system CPU time spent in seconds.");
		metrics_sample(o, "process_cpu_seconds_total", NULL, NULL,
		    NULL, NULL, metrics_double(v, sizeof(v),
		    (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
		    ((double)ru.ru_utime.tv_usec +
		    (double)ru.ru_stime.tv_usec) / 1e6));
	}
	if (metrics_proc_statm(&vsize, &rss) == 0) {
		metrics_family(o, "process_resident_memory_bytes", "gauge",
		    "Resident memory size in bytes.");
		metrics_sample(o, "process_resident_memory_bytes", NULL, NULL,
		    NULL, NULL, metrics_u64(v, sizeof(v), rss));
		metrics_family(o, "process_virtual_memory_bytes", "gauge",
		    "Virtual memory size in bytes.");
		metrics_sample(o, "process_virtual_memory_bytes", NULL, NULL,
		    NULL, NULL, metrics_u64(v, sizeof(v), vsize));
	}
	if ((fds = metrics_proc_fds()) >= 0) {
		metrics_family(o, "process_open_fds", "gauge",
		    "Number of open file descriptors.");
		metrics_sample(o, "process_open_fds", NULL, NULL, NULL, NULL,
		    metrics_ll(v, sizeof(v), fds));
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		metrics_family(o, "process_max_fds", "gauge",
		    "Maximum number of open file descriptors.");
		metrics_sample(o, "process_max_fds", NULL, NULL, NULL, NULL,
		    metrics_u64(v, sizeof(v), (uint64_t)rl.rlim_cur));
	}
	metrics_family(o, "process_start_time_seconds", "gauge",
	    "Start time of the process since unix epoch in seconds.");
	metrics_sample(o, "process_start_time_seconds", NULL, NULL, NULL, NULL,
	    metrics_ll(v, sizeof(v), (long long)app->app_started));
}

/* The poll counters of one source; MS is NULL for one never polled. */
static void
metrics_source_polls(struct metrics_out *o, struct metrics *m,
    const char *name, const struct metrics_source *ms)
{
	size_t	 i;
	char	 v[32];

	for (i = 0; i < m->m_nresults; i++) {
		if (i >= METRICS_NFIXED_RESULTS &&
		    (ms == NULL || ms->ms_polls[i] == 0))
			continue;
		metrics_sample(o, "pagefeed_polls_total", "source", name,
		    "result", m->m_results[i], metrics_u64(v, sizeof(v),
		    ms != NULL ? ms->ms_polls[i] : 0));
	}
}

static void
metrics_source_items(struct metrics_out *o, struct metrics *m,
    const char *name, const struct metrics_source *ms)
{
	char	 v[32];

	(void)m;
	metrics_sample(o, "pagefeed_items_new_total", "source", name, NULL,
	    NULL, metrics_u64(v, sizeof(v), ms != NULL ? ms->ms_items_new : 0));
}

static void
metrics_source_pages(struct metrics_out *o, struct metrics *m,
    const char *name, const struct metrics_source *ms)
{
	static const char	*how[] = METRICS_PAGE_NAMES;
	char			 v[32];
	size_t			 i;

	(void)m;
	for (i = 0; i < METRICS_NPAGE; i++)
		metrics_sample(o, "pagefeed_item_pages_total", "source", name,
		    "result", how[i], metrics_u64(v, sizeof(v),
		    ms != NULL ? ms->ms_pages[i] : 0));
}

typedef void (*metrics_source_fn)(struct metrics_out *, struct metrics *,
    const char *, const struct metrics_source *);

struct metrics_scan {
	struct metrics_out	*msc_out;
	struct metrics		*msc_m;
	metrics_source_fn	 msc_fn;
};

/* xmlHashScan: a counter not shown in this pass (no longer configured). */
static void
metrics_scan_cb(void *payload, void *data, const xmlChar *name)
{
	struct metrics_source	*ms = payload;
	struct metrics_scan	*sc = data;

	if (ms->ms_mark != sc->msc_m->m_mark)
		sc->msc_fn(sc->msc_out, sc->msc_m, (const char *)name, ms);
}

/*
 * Runs FN for every configured source in config order, then for counters
 * of names no longer configured (sources removed by a reload), so that one
 * family's samples stay together.
 */
static void
metrics_each_source(struct metrics_out *o, struct metrics *m, struct app *app,
    metrics_source_fn fn)
{
	struct metrics_scan	 sc = { o, m, fn };
	struct metrics_source	*ms;
	const char		*name;
	size_t			 i;

	m->m_mark++;
	for (i = 0; i < app->app_nsources; i++) {
		name = app->app_sources[i].src_conf->sc_name;
		if ((ms = metrics_find(m, name)) != NULL) {
			if (ms->ms_mark == m->m_mark)
				continue;	/* a name twice: once only */
			ms->ms_mark = m->m_mark;
		}
		fn(o, m, name, ms);
	}
	xmlHashScan(m->m_sources, metrics_scan_cb, &sc);
}

static void
metrics_counters(struct metrics_out *o, struct metrics *m, struct app *app)
{
	uint64_t	 cum = 0;
	size_t		 i;
	char		 v[64], code[8];

	metrics_family(o, "pagefeed_polls_total", "counter",
	    "Polls finished, by source and result (ok, not_modified, "
	    "unchanged, error).");
	metrics_each_source(o, m, app, metrics_source_polls);
	metrics_family(o, "pagefeed_items_new_total", "counter",
	    "Items seen for the first time, by source.");
	metrics_each_source(o, m, app, metrics_source_items);
	metrics_family(o, "pagefeed_item_pages_total", "counter",
	    "Items' own pages read (follow), by source and result (ok, "
	    "no_article: no article body found, failed).");
	metrics_each_source(o, m, app, metrics_source_pages);

	metrics_family(o, "pagefeed_fetch_duration_seconds", "histogram",
	    "Time of a poll's transfer, from start to the last byte.");
	for (i = 0; i <= METRICS_NFETCH_BUCKETS; i++) {
		cum += m->m_fetch_buckets[i];
		metrics_sample(o, "pagefeed_fetch_duration_seconds_bucket",
		    "le", metrics_fetch_le[i], NULL, NULL,
		    metrics_u64(v, sizeof(v), cum));
	}
	metrics_sample(o, "pagefeed_fetch_duration_seconds_sum", NULL, NULL,
	    NULL, NULL, metrics_double(v, sizeof(v), m->m_fetch_sum));
	metrics_sample(o, "pagefeed_fetch_duration_seconds_count", NULL, NULL,
	    NULL, NULL, metrics_u64(v, sizeof(v), m->m_fetch_count));

	metrics_family(o, "pagefeed_http_requests_total", "counter",
	    "HTTP requests answered, by status code.");
	for (i = 0; i < sizeof(m->m_http) / sizeof(m->m_http[0]); i++) {
		if (m->m_http[i] == 0)
			continue;
		snprintf(code, sizeof(code), "%zu", i + METRICS_HTTP_MIN);
		metrics_sample(o, "pagefeed_http_requests_total", "code", code,
		    NULL, NULL, metrics_u64(v, sizeof(v), m->m_http[i]));
	}
}

/* The gauges read from the sources, one family after another. */
enum metrics_gauge {
	GAUGE_UP,
	GAUGE_LAST_SUCCESS,
	GAUGE_FAILURES,
	GAUGE_ITEMS,
	GAUGE_COUNT
};

static const struct {
	const char	*name;
	const char	*help;
} metrics_gauges[GAUGE_COUNT] = {
	{ "pagefeed_source_up",
	    "1 if the source's last poll succeeded, else 0." },
	{ "pagefeed_source_last_success_timestamp_seconds",
	    "Time of the source's last successful poll (0: never)." },
	{ "pagefeed_source_consecutive_failures",
	    "Polls failed in a row since the last success." },
	{ "pagefeed_feed_items",
	    "Items of the source kept in the store." },
};

static long long
metrics_gauge_value(const struct source *src, enum metrics_gauge g)
{
	switch (g) {
	case GAUGE_UP:
		return (src->src_status == SOURCE_OK);
	case GAUGE_LAST_SUCCESS:
		return (src->src_state.ss_last_success > 0 ?
		    (long long)src->src_state.ss_last_success : 0);
	case GAUGE_FAILURES:
		return (src->src_state.ss_consecutive_failures);
	case GAUGE_ITEMS:
		return (src->src_nitems);
	default:
		return (0);
	}
}

static void
metrics_sources(struct metrics_out *o, struct app *app)
{
	const struct source	*src;
	size_t			 i;
	int			 g;
	char			 v[32];

	for (g = 0; g < GAUGE_COUNT; g++) {
		metrics_family(o, metrics_gauges[g].name, "gauge",
		    metrics_gauges[g].help);
		for (i = 0; i < app->app_nsources; i++) {
			src = &app->app_sources[i];
			metrics_sample(o, metrics_gauges[g].name, "source",
			    src->src_conf->sc_name, NULL, NULL, metrics_ll(v,
			    sizeof(v), metrics_gauge_value(src, g)));
		}
	}
}

/* [feed NAME] sections: how many sources each combines. */
static void
metrics_combined(struct metrics_out *o, struct app *app)
{
	size_t	 i;
	char	 v[32];

	if (app->app_nfeeds == 0)
		return;
	metrics_family(o, "pagefeed_combined_feed_sources", "gauge",
	    "Sources a combined feed ([feed NAME]) is made of.");
	for (i = 0; i < app->app_nfeeds; i++)
		metrics_sample(o, "pagefeed_combined_feed_sources", "feed",
		    app->app_feeds[i].cb_conf->sc_name, NULL, NULL,
		    metrics_ll(v, sizeof(v),
		    (long long)app->app_feeds[i].cb_conf->sc_nmembers));
}

/* The WebSub hub, per topic (with websub = yes). */
static void
metrics_websub(struct metrics_out *o, struct app *app)
{
	static const struct {
		const char	*name, *type, *help;
	} fam[] = {
		{ "pagefeed_websub_subscribers", "gauge",
		    "Verified WebSub subscribers of a feed." },
		{ "pagefeed_websub_deliveries_total", "counter",
		    "Feed bodies delivered to subscribers since start." },
		{ "pagefeed_websub_delivery_failures_total", "counter",
		    "Delivery attempts that failed (each retry counts)." },
		{ "pagefeed_websub_deliveries_dropped_total", "counter",
		    "Deliveries given up after websub_retry." },
	};
	struct websub_topic_stat	*st;
	unsigned long long		 v;
	size_t				 n, i, k;
	char				 num[32];

	if (app->app_websub == NULL)
		return;
	n = websub_topic_stats(app->app_websub, &st);
	for (k = 0; k < sizeof(fam) / sizeof(fam[0]); k++) {
		metrics_family(o, fam[k].name, fam[k].type, fam[k].help);
		for (i = 0; i < n; i++) {
			v = k == 0 ? st[i].wts_subscribers : k == 1 ?
			    st[i].wts_deliveries : k == 2 ?
			    st[i].wts_failures : st[i].wts_dropped;
			metrics_sample(o, fam[k].name, "topic",
			    st[i].wts_topic, NULL, NULL, metrics_ll(num,
			    sizeof(num), (long long)v));
		}
	}
	free(st);
}

int
metrics_render(struct metrics *m, struct app *app, struct buf *b)
{
	struct metrics_out	 o = { b, 0 };
	struct shared_status	 ss;
	char			 num[32];

	metrics_family(&o, "pagefeed_build_info", "gauge",
	    "Always 1; the version as a label.");
	metrics_sample(&o, "pagefeed_build_info", "version", PACKAGE_VERSION,
	    NULL, NULL, "1");
	metrics_family(&o, "pagefeed_store_writable", "gauge",
	    "0 if the last write to the store failed, else 1.");
	metrics_sample(&o, "pagefeed_store_writable", NULL, NULL, NULL, NULL,
	    store_writable(app->app_store) ? "1" : "0");
	if (app->app_shared != NULL) {
		shared_status(app->app_shared, &ss);
		metrics_family(&o, "pagefeed_shared_store_up", "gauge",
		    "1 while the shared store is connected and set up, else 0.");
		metrics_sample(&o, "pagefeed_shared_store_up", NULL, NULL,
		    NULL, NULL, strcmp(ss.ss_status, "ok") == 0 ? "1" : "0");
		metrics_family(&o, "pagefeed_shared_store_unpushed", "gauge",
		    "Rows written here and not yet in the shared store.");
		snprintf(num, sizeof(num), "%ld", ss.ss_unpushed);
		metrics_sample(&o, "pagefeed_shared_store_unpushed", NULL,
		    NULL, NULL, NULL, num);
	}
	metrics_counters(&o, m, app);
	metrics_sources(&o, app);
	metrics_combined(&o, app);
	metrics_websub(&o, app);
	metrics_process(&o, app);
	return (o.mo_failed ? -1 : 0);
}
