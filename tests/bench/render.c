/*
 * bench/render.c: what render = chromium costs.  A page whose script
 * builds a list of ITEMS items is served from this process (evhttp on
 * 127.0.0.1, port 0) and rendered RENDERS times by headless Chromium as
 * the daemon renders (browser.c), at render_concurrency 1 and 2; then
 * fetched as many times without a browser (fetch.c, libcurl), at one and
 * two transfers at once.  Prints pages per second, CPU seconds per page
 * (Chromium's processes included once reaped), the items in what came
 * back, and each browser's peak memory (browse_peak_memory).  Figures
 * only: nothing is asserted (`make bench-render`).  Without Chromium it
 * says so and exits 0.
 */
#include <sys/resource.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>

#include "browser.h"
#include "config.h"
#include "fetch.h"
#include "../testlib.h"

#define RENDERS		12	/* pages per run */
#define MAX_RENDERS	64	/* BENCH_RENDERS at most */
#define ITEMS		50	/* the script's list */
#define DEADLINE_S	180	/* a bound on each run, never a figure */
#define MB		(1024.0 * 1024.0)

/* The list is built by the page's script: a plain fetch has none of it. */
static const char page_fmt[] =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>News"
    "</title></head><body><h1>News</h1><ul id=\"list\"></ul><script>"
    "var l = document.getElementById('list');"
    "for (var i = 0; i < %d; i++) {"
    " var li = document.createElement('li');"
    " var a = document.createElement('a');"
    " a.href = '/news/' + i;"
    " a.textContent = 'Council approves the new cycling lanes, part ' + i;"
    " var t = document.createElement('time');"
    " t.setAttribute('datetime', '2025-11-' + (10 + i %% 18) + "
    "'T10:00:00Z');"
    " t.textContent = (10 + i %% 18) + '.11.2025';"
    " li.appendChild(a); li.appendChild(t); l.appendChild(li); }"
    "</script></body></html>";

struct outcome {
	struct browse	*o_browse;	/* until its callback */
	int		 o_done;
	int		 o_ok;
	size_t		 o_items;
	size_t		 o_peak;	/* bytes, a render's */
	char		*o_error;
};

struct run {
	struct event_base	*r_base;
	struct browser		*r_browser;	/* or NULL: plain fetches */
	struct outcome		 r_out[MAX_RENDERS];
	int			 r_n;
};

static char	*page;

static void
serve_cb(struct evhttp_request *req, void *arg)
{
	struct evbuffer	*out = evbuffer_new();

	(void)arg;
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "text/html; charset=utf-8");
	if (strcmp(evhttp_request_get_uri(req), "/list.html") == 0) {
		evbuffer_add(out, page, strlen(page));
		evhttp_send_reply(req, 200, "OK", out);
	} else
		evhttp_send_reply(req, 404, "Not Found", out);
	evbuffer_free(out);
}

/* The <li> elements of BODY. */
static size_t
count_items(const char *body)
{
	size_t	 n = 0;

	for (; body != NULL && (body = strstr(body, "<li>")) != NULL; body++)
		n++;
	return (n);
}

static void
done_cb(const struct fetch_result *res, void *arg)
{
	struct outcome	*o = arg;

	o->o_done = 1;
	o->o_ok = res->res_ok && res->res_status == 200;
	o->o_items = count_items(res->res_body);
	if (!o->o_ok && o->o_error == NULL)
		o->o_error = strdup(res->res_error != NULL ? res->res_error :
		    "not 200");
	if (o->o_browse != NULL)
		o->o_peak = browse_peak_memory(o->o_browse);
	o->o_browse = NULL;
}

/* Every 10 ms: the end of the run, when each page came and none runs. */
static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct run	*r = arg;
	int		 i;

	(void)fd;
	(void)what;
	for (i = 0; i < r->r_n; i++)
		if (!r->r_out[i].o_done)
			return;
	if (r->r_browser == NULL || browser_running(r->r_browser) == 0)
		event_base_loopbreak(r->r_base);
}

static void
deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	printf("deadline of %d s reached: the run is cut short\n",
	    DEADLINE_S);
	event_base_loopbreak(arg);
}

static double
wall_seconds(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* CPU seconds of this process and of its children reaped so far. */
static double
cpu_seconds(void)
{
	struct rusage	 self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return ((double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec +
	    kids.ru_utime.tv_sec + kids.ru_stime.tv_sec) +
	    (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec +
	    kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) / 1e6);
}

/* Starts R's pages, each by R's browser or by FETCHER, and waits for them. */
static void
run_pages(struct run *r, struct fetcher *fetcher, const char *url)
{
	struct browse_request	 br;
	struct fetch_request	 fr;
	struct event		*tick, *deadline;
	struct timeval		 t10 = { 0, 10 * 1000 };
	struct timeval		 end = { DEADLINE_S, 0 };
	int			 i;

	memset(&br, 0, sizeof(br));
	br.br_url = url;
	br.br_proxy = "none";		/* 127.0.0.1 only, whatever the env */
	br.br_wait_selector = getenv("BENCH_RENDER_WAIT");
	br.br_timeout = 60;
	br.br_max_size = 8L * 1024 * 1024;
	br.br_memory = 2048L * 1024 * 1024;
	memset(&fr, 0, sizeof(fr));
	fr.fr_url = url;
	fr.fr_user_agent = "pagefeed-bench";
	fr.fr_proxy = "none";
	fr.fr_timeout = 60;
	fr.fr_connect_timeout = 10;
	fr.fr_max_size = 8L * 1024 * 1024;
	for (i = 0; i < r->r_n; i++) {
		if (r->r_browser != NULL)
			r->r_out[i].o_browse = browse_start(r->r_browser, &br,
			    done_cb, &r->r_out[i]);
		else
			fetch_start(fetcher, &fr, done_cb, &r->r_out[i]);
	}
	tick = event_new(r->r_base, -1, EV_PERSIST, tick_cb, r);
	deadline = evtimer_new(r->r_base, deadline_cb, r->r_base);
	event_add(tick, &t10);
	evtimer_add(deadline, &end);
	event_base_dispatch(r->r_base);
	event_free(tick);
	event_free(deadline);
}

/* One line of the table. */
static void
report(struct run *r, const char *way, int concurrency, double wall,
    double cpu)
{
	size_t	 peak_sum = 0, peak_max = 0, items = 0;
	int	 i, ok = 0;
	char	 peak[32];

	for (i = 0; i < r->r_n; i++) {
		if (r->r_out[i].o_ok && ok++ == 0)
			items = r->r_out[i].o_items;
		else if (r->r_out[i].o_error != NULL && i == 0)
			printf("  (%s: %s)\n", way, r->r_out[i].o_error);
		peak_sum += r->r_out[i].o_peak;
		if (r->r_out[i].o_peak > peak_max)
			peak_max = r->r_out[i].o_peak;
	}
	snprintf(peak, sizeof(peak), "-");
	if (r->r_browser != NULL)
		snprintf(peak, sizeof(peak), "%.0f / %.0f", (double)peak_sum /
		    r->r_n / MB, (double)peak_max / MB);
	printf("%-18s %4d %6d %5d %9.3f %9.2f %9.1f %6zu %12s\n", way,
	    concurrency, ok, r->r_n - ok, wall, ok / wall, cpu * 1e3 / r->r_n,
	    items, peak);
}

/* N pages by a browser of CONCURRENCY (CHROMIUM), or by FETCHER. */
static void
bench(struct event_base *base, const char *chromium, struct fetcher *fetcher,
    int concurrency, int n, const char *url, int quiet)
{
	struct run	 r;
	double		 wall, cpu;
	char		*cause = NULL;
	int		 i;

	memset(&r, 0, sizeof(r));
	r.r_base = base;
	r.r_n = n;
	if (chromium != NULL && (r.r_browser = browser_new(base, chromium,
	    concurrency, &cause)) == NULL) {
		printf("browser_new: %s\n", cause);
		exit(1);
	}
	if (fetcher != NULL)
		fetcher_set_host_limits(fetcher, concurrency, 0);
	wall = wall_seconds();
	cpu = cpu_seconds();
	run_pages(&r, fetcher, url);
	browser_free(r.r_browser);	/* reaps: its CPU time is counted */
	wall = wall_seconds() - wall;
	cpu = cpu_seconds() - cpu;
	if (!quiet)
		report(&r, chromium != NULL ? "render (chromium)" :
		    "fetch (libcurl)", concurrency, wall, cpu);
	for (i = 0; i < n; i++)
		free(r.r_out[i].o_error);
}


int
main(void)
{
	struct event_base		*base;
	struct evhttp			*http;
	struct evhttp_bound_socket	*bs;
	struct fetcher			*fetcher;
	const char			*env;
	char				*chromium, *cause = NULL, url[64];
	int				 port, n = RENDERS;

	/* A browser may die with its pipe half written (main.c does too). */
	signal(SIGPIPE, SIG_IGN);
	if ((chromium = config_find_chromium(NULL, &cause)) == NULL) {
		printf("bench-render: skipped: no chromium (%s)\n", cause);
		free(cause);
		return (0);
	}
	if ((env = getenv("BENCH_RENDERS")) != NULL && (n = atoi(env)) < 1)
		n = 1;
	if (n > MAX_RENDERS)
		n = MAX_RENDERS;
	if (asprintf(&page, page_fmt, ITEMS) == -1 ||
	    (base = event_base_new()) == NULL ||
	    (http = evhttp_new(base)) == NULL ||
	    (bs = evhttp_bind_socket_with_handle(http, "127.0.0.1", 0)) ==
	    NULL || (port = testlib_bound_port(bs)) <= 0 ||
	    (fetcher = fetcher_new(base, &cause)) == NULL) {
		printf("bench-render: the local server or fetcher: %s\n",
		    cause != NULL ? cause : "failed");
		return (1);
	}
	evhttp_set_gencb(http, serve_cb, NULL);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/list.html", port);
	printf("chromium: %s\n%d pages of %s (%zu bytes; its script builds "
	    "%d items), render_wait %s; one render first, not counted\n\n",
	    chromium, n, url, strlen(page), ITEMS,
	    getenv("BENCH_RENDER_WAIT") ? getenv("BENCH_RENDER_WAIT") :
	    "none (network idle)");
	bench(base, chromium, NULL, 1, 1, url, 1);
	printf("%-18s %4s %6s %5s %9s %9s %9s %6s %12s\n", "way", "conc",
	    "pages", "fail", "seconds", "pages/s", "CPU ms/pg", "items",
	    "peak MB avg/max");
	bench(base, chromium, NULL, 1, n, url, 0);
	bench(base, chromium, NULL, 2, n, url, 0);
	bench(base, NULL, fetcher, 1, n, url, 0);
	bench(base, NULL, fetcher, 2, n, url, 0);
	fetcher_free(fetcher);
	evhttp_free(http);
	event_base_free(base);
	free(chromium);
	free(page);
	return (0);
}
