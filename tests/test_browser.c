/*
 * test_browser.c: pages rendered by a real headless Chromium, served by an
 * evhttp server in this process on 127.0.0.1 port 0: lists built by
 * scripts (at once, and after a delayed fetch, waited for by selector and
 * by network idle), timeouts and cancels that leave no process behind,
 * the headers a page is asked with, the queue, and the ways a render
 * fails.  Without Chromium the test is skipped.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "browser.h"
#include "config.h"
#include "tap.h"
#include "testlib.h"
#include "util.h"

#define DEADLINE_S	60	/* a bound on every wait, never a figure */
#define MAX_PGIDS	64
#define MB		(1024L * 1024)

/* A list built by a script as soon as the page runs. */
static const char page_script[] =
    "<!doctype html><html><head><title>script</title></head><body>"
    "<ul id=list></ul><script>"
    "var l = document.getElementById('list');"
    "['alpha', 'beta', 'gamma'].forEach(function (t) {"
    " var li = document.createElement('li');"
    " li.textContent = 'item ' + t; l.appendChild(li); });"
    "</script></body></html>";

/* A list built 300 ms later from a JSON answer; the selector has quotes. */
static const char page_delayed[] =
    "<!doctype html><html><body><div id=box></div><script>"
    "setTimeout(function () {"
    " fetch('/api/items.json').then(function (r) { return r.json(); })"
    " .then(function (items) {"
    "  var ul = document.createElement('ul');"
    "  ul.className = 'news'; ul.setAttribute('data-kind', \"it's \\\"x\\\"\");"
    "  items.forEach(function (t) { var li = document.createElement('li');"
    "   li.textContent = t; ul.appendChild(li); });"
    "  document.getElementById('box').appendChild(ul); });"
    "}, 300);</script></body></html>";

static const char items_json[] = "[\"first news\", \"second news\"]";

/* Its image is never answered: the page never loads, nor goes idle. */
static const char page_hang[] =
    "<!doctype html><html><body><p>waiting</p>"
    "<img src=\"/hang\"></body></html>";

static const char page_plain[] =
    "<!doctype html><html><body><p>plain page</p></body></html>";

struct server {
	int	 port;
	long long plain_ms[8];	/* when /plain.html was asked for */
	int	 nplain;
	char	*agent;		/* what /echo.html was asked with */
	char	*extra;
	char	*cookie;
	int	 same_hits;	/* /same.png: the page's host */
	char	*same_extra;
	int	 other_hits;	/* /other.png, from "localhost": another */
	char	*other_extra;
	char	*other_cookie;
	int	 hangs;		/* /hang requests held */
};

struct outcome {
	struct browse	*b;	/* until its callback */
	int	 done;
	int	 ok;
	long	 status;
	long	 retry_after;
	long long done_ms;	/* when its callback came */
	char	*error;
	char	*body;
	char	*url;
	size_t	 peak;
};

struct run {
	struct event_base	*base;
	struct browser		*bw;
	struct outcome		 out[8];
	int			 n;
	size_t			 max_running;
	pid_t			 pgids[MAX_PGIDS];
	int			 npgids;
	int			 cancel_at_ms;	/* >0: cancel the first then */
	int			 cancelled;
	int			 ticks;
};

static struct server	 srv;

/* This program's temporary directory (testlib makes one per program). */
static const char *
tmp_root(void)
{
	static const char	*dir;

	if (dir == NULL)
		dir = testlib_tmpdir("browser");
	return (dir);
}
/* run_renders' per-host limits (browser_configure); 0: none. */
static int		 run_host_concurrency;
static long		 run_host_delay_ms;

static void
set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s != NULL ? strdup(s) : NULL;
}

static void
serve_cb(struct evhttp_request *req, void *arg)
{
	struct evbuffer		*out = evbuffer_new();
	struct evkeyvalq	*h = evhttp_request_get_input_headers(req);
	const char		*uri = evhttp_request_get_uri(req), *body;
	static char		 echo[512];
	int			 code = 200;

	(void)arg;
	if (strcmp(uri, "/hang") == 0) {
		srv.hangs++;		/* never answered */
		evbuffer_free(out);
		return;
	}
	if (strcmp(uri, "/script.html") == 0)
		body = page_script;
	else if (strcmp(uri, "/delayed.html") == 0)
		body = page_delayed;
	else if (strcmp(uri, "/api/items.json") == 0)
		body = items_json;
	else if (strcmp(uri, "/hang.html") == 0)
		body = page_hang;
	else if (strcmp(uri, "/echo.html") == 0) {
		set_str(&srv.agent, evhttp_find_header(h, "User-Agent"));
		set_str(&srv.extra, evhttp_find_header(h, "X-Pagefeed-Test"));
		set_str(&srv.cookie, evhttp_find_header(h, "Cookie"));
		/* An image from its own host, one from another. */
		snprintf(echo, sizeof(echo), "<!doctype html><html><body>"
		    "<img src=\"/same.png\"><img src=\"http://localhost:%d/"
		    "other.png\"></body></html>", srv.port);
		body = echo;
	} else if (strcmp(uri, "/same.png") == 0) {
		srv.same_hits++;
		set_str(&srv.same_extra, evhttp_find_header(h,
		    "X-Pagefeed-Test"));
		body = "";
	} else if (strcmp(uri, "/other.png") == 0) {
		srv.other_hits++;
		set_str(&srv.other_extra, evhttp_find_header(h,
		    "X-Pagefeed-Test"));
		set_str(&srv.other_cookie, evhttp_find_header(h, "Cookie"));
		body = "";
	} else if (strcmp(uri, "/plain.html") == 0) {
		if (srv.nplain < 8)
			srv.plain_ms[srv.nplain++] = monotonic_ms();
		body = page_plain;
	}
	else if (strcmp(uri, "/busy.html") == 0) {
		code = 503;
		body = page_plain;
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Retry-After", "120");
	} else {
		code = 404;
		body = "<!doctype html><html><body><h1>not here</h1>"
		    "</body></html>";
	}
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", strstr(uri, ".json") != NULL ?
	    "application/json" : "text/html; charset=utf-8");
	evbuffer_add(out, body, strlen(body));
	evhttp_send_reply(req, code, code == 200 ? "OK" : code == 503 ?
	    "Busy" : "Not Found", out);
	evbuffer_free(out);
}

static void
rendered_cb(const struct fetch_result *res, void *arg)
{
	struct outcome	*o = arg;

	o->done++;
	o->ok = res->res_ok;
	o->status = res->res_status;
	o->retry_after = res->res_retry_after;
	o->done_ms = monotonic_ms();
	set_str(&o->error, res->res_error);
	set_str(&o->body, res->res_body);
	set_str(&o->url, res->res_url);
	o->peak = browse_peak_memory(o->b);	/* valid until we return */
	o->b = NULL;
}

/* The state, parent and group of process PID: 0, or -1 when it is gone. */
static int
proc_stat(const char *pid, char *state, int *ppid, int *pgrp)
{
	char	 path[300], stat[512], *p;
	FILE	*fp;
	int	 rc = -1;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if ((fp = fopen(path, "r")) == NULL)
		return (-1);
	/* "pid (comm) state ppid pgrp ...": comm may hold ") ". */
	if (fgets(stat, sizeof(stat), fp) != NULL &&
	    (p = strrchr(stat, ')')) != NULL &&
	    sscanf(p + 1, " %c %d %d", state, ppid, pgrp) == 3)
		rc = 0;
	fclose(fp);
	return (rc);
}

/*
 * Notes the groups of our children (the browsers: each one's pid is its
 * group) and returns how many processes of the groups noted are alive
 * (zombies are not).
 */
static int
scan_groups(struct run *r)
{
	DIR		*d;
	struct dirent	*de;
	char		 state;
	int		 ppid, pgrp, i, live = 0;

	if ((d = opendir("/proc")) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]) ||
		    proc_stat(de->d_name, &state, &ppid, &pgrp) == -1)
			continue;
		for (i = 0; i < r->npgids && r->pgids[i] != pgrp; i++)
			;
		if (i == r->npgids && ppid == getpid() && i < MAX_PGIDS)
			r->pgids[r->npgids++] = pgrp;
		if (i < r->npgids && state != 'Z' && state != 'X')
			live++;
	}
	closedir(d);
	return (live);
}

static int
all_done(const struct run *r)
{
	int	 i;

	for (i = 0; i < r->n; i++)
		if (!r->out[i].done && !(i == 0 && r->cancelled))
			return (0);
	return (1);
}

/* Every 10 ms: the figures, a cancel when asked, the end of the run. */
static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct run	*r = arg;

	(void)fd;
	(void)what;
	r->ticks++;
	if (browser_running(r->bw) > r->max_running)
		r->max_running = browser_running(r->bw);
	if (r->ticks % 5 == 0)
		scan_groups(r);
	if (r->cancel_at_ms > 0 && r->out[0].b != NULL &&
	    r->ticks * 10 >= r->cancel_at_ms) {
		browse_cancel(r->out[0].b);
		r->out[0].b = NULL;
		r->cancelled = 1;
	}
	if (all_done(r) && browser_running(r->bw) == 0)
		event_base_loopbreak(r->base);
}

static void
deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	printf("# deadline of %d s reached\n", DEADLINE_S);
	event_base_loopbreak(arg);
}

static void
outcome_free(struct outcome *o)
{
	free(o->error);
	free(o->body);
	free(o->url);
	memset(o, 0, sizeof(*o));
}

/*
 * Renders the N requests REQ with a browser of CONCURRENCY, CANCEL_MS
 * after the start cancelling the first when > 0; returns when every
 * callback came and no browser runs.  The caller frees R's outcomes.
 */
static void
run_renders(struct run *r, struct event_base *base, const char *chromium,
    int concurrency, const struct browse_request *req, int n, int cancel_ms)
{
	struct event	*tick, *deadline;
	struct timeval	 t10 = { 0, 10 * 1000 }, end = { DEADLINE_S, 0 };
	char		*cause = NULL;
	int		 i;

	memset(r, 0, sizeof(*r));
	r->base = base;
	r->n = n;
	r->cancel_at_ms = cancel_ms;
	if ((r->bw = browser_new(base, chromium, concurrency, &cause)) ==
	    NULL) {
		printf("Bail out! browser_new: %s\n", cause);
		exit(1);
	}
	if (run_host_concurrency > 0 || run_host_delay_ms > 0)
		browser_configure(r->bw, chromium, concurrency,
		    run_host_concurrency, run_host_delay_ms);
	for (i = 0; i < n; i++)
		r->out[i].b = browse_start(r->bw, &req[i], rendered_cb,
		    &r->out[i]);
	tick = event_new(base, -1, EV_PERSIST, tick_cb, r);
	deadline = evtimer_new(base, deadline_cb, base);
	event_add(tick, &t10);
	evtimer_add(deadline, &end);
	event_base_dispatch(base);
	event_free(tick);
	event_free(deadline);
	scan_groups(r);
	browser_free(r->bw);
}

/* No process of the run's browsers is left, and each was reaped. */
static void
check_gone(struct run *r, const char *what)
{
	char	 msg[160];
	int	 i, live = -1, reaped = 1;

	/* A killed process may take a moment to be gone from /proc. */
	for (i = 0; i < 300 && (live = scan_groups(r)) != 0; i++)
		usleep(10 * 1000);
	snprintf(msg, sizeof(msg), "%s: no process of its browser left "
	    "(%d groups seen)", what, r->npgids);
	tap_long(live, 0, msg);
	for (i = 0; i < r->npgids; i++)
		if (waitpid(r->pgids[i], NULL, WNOHANG) != -1 ||
		    errno != ECHILD)
			reaped = 0;
	snprintf(msg, sizeof(msg), "%s: its browser reaped, no zombie", what);
	tap_ok(reaped && r->npgids > 0, msg);
}

static void
request(struct browse_request *req, int port, const char *path)
{
	static char	 urls[16][128];
	static int	 next;
	char		*url = urls[next++ % 16];

	snprintf(url, 128, "http://127.0.0.1:%d%s", port, path);
	memset(req, 0, sizeof(*req));
	req->br_url = url;
	req->br_timeout = 30;
	req->br_max_size = 8 * MB;
	req->br_memory = 2048 * MB;
}

static int
has(const char *s, const char *sub)
{
	return (s != NULL && strstr(s, sub) != NULL);
}

/* Says what came when a check on it failed. */
static void
check_has(const char *s, const char *sub, const char *what)
{
	if (!tap_ok(has(s, sub), what))
		printf("#   expected to contain: %s\n#   got: %.300s\n", sub,
		    s != NULL ? s : "(null)");
}

/* (1), (2): lists built by scripts, waited for each way. */
static void
test_scripts(struct event_base *base, const char *chromium, int port)
{
	struct browse_request	 req[4];
	struct run		 r;
	char			 url[128];
	int			 i;

	request(&req[0], port, "/script.html");
	request(&req[1], port, "/delayed.html");
	/* Both kinds of quote and a backslash: escaped on the way. */
	req[1].br_wait_selector = "ul.news[data-kind='it\\'s \"x\"'] li";
	request(&req[2], port, "/delayed.html");
	request(&req[3], port, "/delayed.html");
	req[3].br_wait_selector = "xpath://ul[@class='news']/li[2]";
	run_renders(&r, base, chromium, 2, req, 4, 0);
	for (i = 0; i < 4; i++)
		if (!tap_ok(r.out[i].ok, "render completed"))
			printf("#   error: %s\n", r.out[i].error);
	tap_long(r.out[0].status, 200, "script: status of the document");
	check_has(r.out[0].body, "<!DOCTYPE html><html>", "script: doctype "
	    "then the DOM");
	check_has(r.out[0].body, "<li>item alpha</li><li>item beta</li>"
	    "<li>item gamma</li>", "script: the items the script made");
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/script.html", port);
	tap_str(r.out[0].url, url, "script: the final URL");
	check_has(r.out[1].body, "<li>first news</li><li>second news</li>",
	    "fetch after 300 ms, render_wait selector: the items");
	check_has(r.out[2].body, "<li>first news</li><li>second news</li>",
	    "fetch after 300 ms, network idle: the items");
	check_has(r.out[3].body, "<li>first news</li><li>second news</li>",
	    "fetch after 300 ms, render_wait xpath: the items");
	tap_ok(r.out[0].peak > 10 * MB && r.out[0].peak < 4096 * MB,
	    "the memory a browser used was measured");
	printf("# peak memory of the three: %zu, %zu, %zu MB\n",
	    r.out[0].peak / MB, r.out[1].peak / MB, r.out[2].peak / MB);
	for (i = 0; i < 4; i++)
		outcome_free(&r.out[i]);
}

/* (3): a page that never loads, a selector that never comes. */
static void
test_timeouts(struct event_base *base, const char *chromium, int port)
{
	struct browse_request	 req[2];
	struct run		 r;

	request(&req[0], port, "/hang.html");
	req[0].br_timeout = 3;
	request(&req[1], port, "/plain.html");
	req[1].br_timeout = 3;
	req[1].br_wait_selector = "ul.never li";
	run_renders(&r, base, chromium, 2, req, 2, 0);
	tap_ok(!r.out[0].ok && r.out[1].ok == 0, "timeouts: both failed");
	check_has(r.out[0].error, "render timed out after 3 s waiting for "
	    "the network to go idle", "timeout: says it timed out, and why");
	check_has(r.out[1].error, "render timed out after 3 s waiting for "
	    "'ul.never li'", "timeout: names the selector waited for");
	tap_ok(srv.hangs > 0, "timeout: the held request was made");
	check_gone(&r, "timeout");
	outcome_free(&r.out[0]);
	outcome_free(&r.out[1]);
}

/* (4): cancelled while the page hangs. */
static void
test_cancel(struct event_base *base, const char *chromium, int port)
{
	struct browse_request	 req;
	struct run		 r;

	request(&req, port, "/hang.html");
	run_renders(&r, base, chromium, 1, &req, 1, 1500);
	tap_ok(r.cancelled, "cancel: cancelled while rendering");
	tap_long(r.out[0].done, 0, "cancel: no callback");
	check_gone(&r, "cancel");
	outcome_free(&r.out[0]);
}

/* (5): what the page is asked with. */
static void
test_headers(struct event_base *base, const char *chromium, int port)
{
	static const char *const headers[] = { "X-Pagefeed-Test: yes \"quoted\"" };
	struct browse_request	 req;
	struct run		 r;

	request(&req, port, "/echo.html");
	req.br_user_agent = "pagefeed-test/1.0 (\"render\")";
	req.br_headers = headers;
	req.br_nheaders = 1;
	req.br_cookie = "a=1; b=two";
	run_renders(&r, base, chromium, 1, &req, 1, 0);
	if (!tap_ok(r.out[0].ok, "headers: rendered"))
		printf("#   error: %s\n", r.out[0].error);
	tap_str(srv.agent, "pagefeed-test/1.0 (\"render\")",
	    "headers: the user agent");
	tap_str(srv.extra, "yes \"quoted\"", "headers: an extra header");
	tap_str(srv.cookie, "a=1; b=two", "headers: the cookie");
	tap_ok(srv.same_hits == 1 && srv.same_extra != NULL,
	    "headers: the header on the page's own host's image");
	tap_ok(srv.other_hits == 1, "headers: the other host's image loaded");
	tap_ok(srv.other_extra == NULL && srv.other_cookie == NULL,
	    "headers: neither header nor cookie to another host");
	outcome_free(&r.out[0]);
}

/* (6): three pages through one browser at a time. */
/*
 * A $TMPDIR too long for the socket Chromium makes under it (as in a
 * deep build directory): the page still renders, its profile there.
 */
static void
test_long_tmpdir(struct event_base *base, const char *chromium, int port)
{
	struct browse_request	 req;
	struct run		 r;
	char			*dir, *old = getenv("TMPDIR");

	old = old != NULL ? strdup(old) : NULL;
	xasprintf(&dir, "%s/a-directory-name-long-enough-to-pass-the-limit-"
	    "of-a-unix-socket-path", tmp_root());
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		printf("# mkdir %s: %s\n", dir, strerror(errno));
	setenv("TMPDIR", dir, 1);
	request(&req, port, "/plain.html");
	run_renders(&r, base, chromium, 1, &req, 1, 0);
	if (!tap_ok(r.out[0].ok, "a long $TMPDIR: the page rendered"))
		printf("#   error: %s\n", r.out[0].error);
	outcome_free(&r.out[0]);
	if (old != NULL)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
	free(dir);
}

static int
by_done(const void *a, const void *b)
{
	const struct outcome	*x = a, *y = b;

	return (x->done_ms < y->done_ms ? -1 : x->done_ms > y->done_ms);
}

static void
test_queue(struct event_base *base, const char *chromium, int port)
{
	struct browse_request	 req[3];
	struct run		 r;
	int			 i, ok = 0;

	for (i = 0; i < 3; i++)
		request(&req[i], port, "/plain.html");
	run_renders(&r, base, chromium, 1, req, 3, 0);
	for (i = 0; i < 3; i++) {
		ok += r.out[i].ok;
		outcome_free(&r.out[i]);
	}
	tap_long(ok, 3, "concurrency 1: the three pages rendered");
	tap_long((long long)r.max_running, 1, "concurrency 1: never more "
	    "than one browser at once");

	/* Two browsers allowed, but one at a time to a host. */
	srv.nplain = 0;
	run_host_concurrency = 1;
	run_renders(&r, base, chromium, 2, req, 3, 0);
	run_host_concurrency = 0;
	for (i = 0, ok = 0; i < 3; i++)
		ok += r.out[i].ok;
	tap_long(ok, 3, "host_concurrency 1: the three pages rendered");
	/* Each page is asked for after the one before was done. */
	qsort(r.out, 3, sizeof(r.out[0]), by_done);
	tap_ok(srv.nplain == 3 && srv.plain_ms[1] >= r.out[0].done_ms &&
	    srv.plain_ms[2] >= r.out[1].done_ms, "host_concurrency 1: one "
	    "render at a time to the host, though two browsers were allowed");
	for (i = 0; i < 3; i++)
		outcome_free(&r.out[i]);

	/*
	 * Three browsers allowed, their starts 2 s apart: the host is asked
	 * more than 1 s apart whatever a browser's start-up took (together,
	 * the three would ask within a few hundred ms).
	 */
	srv.nplain = 0;
	run_host_delay_ms = 2000;
	run_renders(&r, base, chromium, 3, req, 3, 0);
	run_host_delay_ms = 0;
	for (i = 0, ok = 0; i < 3; i++) {
		ok += r.out[i].ok;
		outcome_free(&r.out[i]);
	}
	tap_long(ok, 3, "host_delay: the three pages rendered");
	tap_ok(srv.nplain == 3 && srv.plain_ms[1] - srv.plain_ms[0] >= 1000 &&
	    srv.plain_ms[2] - srv.plain_ms[1] >= 1000, "host_delay 2 s: the "
	    "host asked more than 1 s apart");
}

/* A port nothing listens on: bound once by us, then closed. */
static int
closed_port(void)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	int			 fd, port = -1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (-1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	close(fd);
	return (port);
}

/* A Chromium that says why on stderr and gives up. */
static char *
fake_chromium(void)
{
	char	*path;
	FILE	*fp;

	if (asprintf(&path, "%s/fake-chromium", tmp_root()) ==
	    -1 || (fp = fopen(path, "w")) == NULL) {
		printf("Bail out! fake chromium\n");
		exit(1);
	}
	fputs("#!/bin/sh\necho 'some noise' >&2\necho boom >&2\nexit 1\n", fp);
	fclose(fp);
	chmod(path, 0755);
	return (path);
}

/* (7) and the other failures, each in words. */
static void
test_failures(struct event_base *base, const char *chromium, int port)
{
	struct browse_request	 req[5];
	struct run		 r;
	char			 url[64], *fake;
	int			 i;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", closed_port());
	request(&req[0], port, "/");
	req[0].br_url = url;
	request(&req[1], port, "/script.html");
	req[1].br_max_size = 100;
	request(&req[2], port, "/hang.html");
	req[2].br_memory = 50 * MB;
	request(&req[3], port, "/missing.html");
	request(&req[4], port, "/busy.html");
	run_renders(&r, base, chromium, 4, req, 5, 0);
	tap_ok(!r.out[0].ok, "closed port: failed");
	check_has(r.out[0].error, "navigation failed: "
	    "net::ERR_CONNECTION_REFUSED", "closed port: Chromium's error");
	check_has(r.out[1].error, "DOM larger than max_page_size",
	    "max_size: a DOM over it is refused");
	check_has(r.out[2].error, "render memory limit 50 MB exceeded",
	    "memory: a browser over its limit is killed");
	tap_ok(r.out[3].ok, "404: the page still rendered");
	tap_long(r.out[3].status, 404, "404: the document's status");
	tap_long(r.out[3].retry_after, -1, "404: no Retry-After");
	tap_ok(r.out[4].ok && r.out[4].status == 503 &&
	    r.out[4].retry_after == 120, "503: its Retry-After, for the "
	    "backoff");
	check_gone(&r, "failures");
	for (i = 0; i < 5; i++)
		outcome_free(&r.out[i]);

	fake = fake_chromium();
	request(&req[0], port, "/plain.html");
	run_renders(&r, base, fake, 1, req, 1, 0);
	check_has(r.out[0].error, "chromium exited with status 1: boom",
	    "a browser that exits: its status and last words");
	outcome_free(&r.out[0]);
	free(fake);
}

/* (8) */
static void
test_find(void)
{
	char	*cause = NULL, *p;

	p = config_find_chromium("/nonexistent/chromium", &cause);
	tap_ok(p == NULL, "config_find_chromium: a bad path is refused");
	check_has(cause, "/nonexistent/chromium", "config_find_chromium: the cause "
	    "names the path");
	free(cause);
	cause = NULL;
	p = config_find_chromium("/tmp", &cause);
	tap_ok(p == NULL && has(cause, "/tmp"), "config_find_chromium: a directory "
	    "is refused");
	free(cause);
}


int
main(void)
{
	struct event_base		*base;
	struct evhttp			*http;
	struct evhttp_bound_socket	*bs;
	char				*chromium, *cause = NULL;
	int				 port;

	/* A browser may die with its pipe half written (main.c does too). */
	signal(SIGPIPE, SIG_IGN);
	if ((chromium = config_find_chromium(NULL, &cause)) == NULL) {
		printf("1..0 # SKIP no chromium (%s)\n", cause);
		free(cause);
		return (0);
	}
	printf("# chromium: %s\n", chromium);
	if ((base = event_base_new()) == NULL ||
	    (http = evhttp_new(base)) == NULL ||
	    (bs = evhttp_bind_socket_with_handle(http, "127.0.0.1", 0)) ==
	    NULL || (port = testlib_bound_port(bs)) <= 0) {
		printf("Bail out! the fixture server\n");
		return (1);
	}
	evhttp_set_gencb(http, serve_cb, NULL);
	srv.port = port;
	test_find();
	test_scripts(base, chromium, port);
	test_timeouts(base, chromium, port);
	test_cancel(base, chromium, port);
	test_headers(base, chromium, port);
	test_queue(base, chromium, port);
	test_failures(base, chromium, port);
	test_long_tmpdir(base, chromium, port);
	evhttp_free(http);
	event_base_free(base);
	free(chromium);
	free(srv.agent);
	free(srv.extra);
	free(srv.cookie);
	free(srv.same_extra);
	free(srv.other_extra);
	free(srv.other_cookie);
	return (tap_done());
}
