/*
 * test_fetch.c: the per-host records of the fetcher against real HTTP
 * listeners on 127.0.0.1 (one evhttp bound to many ports, each port a host
 * of its own): every host has a record while its transfer runs, and none
 * stays once it is idle and its host_delay has passed; and the guard of
 * requests made for someone else.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>

#include "fetch.h"
#include "testlib.h"
#include "tap.h"

#define NHOSTS		40
#define DEADLINE_S	20	/* a bound on every wait, never a figure */

struct run {
	struct event_base	*base;
	struct fetcher		*fe;
	int			 done;
	int			 ok;
	int			 want_done;
	size_t			 hosts_after_last;	/* at the last callback */
};

static int	served;		/* requests the listener answered */
static size_t	served_body;	/* bytes of the last request's body */

static void
serve_cb(struct evhttp_request *req, void *arg)
{
	struct evbuffer	*out = evbuffer_new();
	const char	*uri = evhttp_request_get_uri(req);

	(void)arg;
	served++;
	served_body = evbuffer_get_length(evhttp_request_get_input_buffer(req));
	if (strcmp(uri, "/redirect") == 0) {
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Location", "/");
		evhttp_send_reply(req, 302, "Found", NULL);
		evbuffer_free(out);
		return;
	}
	evbuffer_add_printf(out, "<html><body>ok</body></html>");
	evhttp_send_reply(req, 200, "OK", out);
	evbuffer_free(out);
}

static void
fetched_cb(const struct fetch_result *res, void *arg)
{
	struct run	*r = arg;

	r->done++;
	if (res->res_ok && res->res_status == 200)
		r->ok++;
	r->hosts_after_last = fetcher_nhosts(r->fe);
}

/* Ends the loop when every transfer is done and no host record is left. */
static void
check_cb(evutil_socket_t fd, short what, void *arg)
{
	struct run	*r = arg;

	(void)fd;
	(void)what;
	if (r->done == r->want_done && fetcher_nhosts(r->fe) == 0)
		event_base_loopbreak(r->base);
}

static void
deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopbreak(arg);
}

/* A GET of URL with the limits every request needs. */
static void
request_for(struct fetch_request *req, const char *url)
{
	memset(req, 0, sizeof(*req));
	req->fr_url = url;
	req->fr_user_agent = "test_fetch";
	req->fr_timeout = 60;
	req->fr_connect_timeout = 15;
	req->fr_max_size = 1024 * 1024;
}

/* max_transfers: the first N start, the others wait in order, all end. */
static void
max_transfers(struct event_base *base, const int *ports)
{
	struct run		 r;
	struct fetch_request	 req;
	struct fetch		*f[NHOSTS];
	struct event		*check, *deadline;
	struct timeval		 tick = { 0, 10 * 1000 }, end = { DEADLINE_S, 0 };
	char			 url[64], *cause = NULL;
	int			 i, started = 0, waiting = 0;

	memset(&r, 0, sizeof(r));
	r.base = base;
	r.want_done = NHOSTS;
	if ((r.fe = fetcher_new(base, &cause)) == NULL) {
		printf("Bail out! fetcher_new: %s\n", cause);
		exit(1);
	}
	fetcher_set_host_limits(r.fe, 2, 0);
	fetcher_set_max_transfers(r.fe, 4);
	for (i = 0; i < NHOSTS; i++) {
		snprintf(url, sizeof(url), "http://127.0.0.1:%d/", ports[i]);
		request_for(&req, url);
		f[i] = fetch_start(r.fe, &req, fetched_cb, &r);
	}
	for (i = 0; i < NHOSTS; i++) {
		if (fetch_waiting(f[i]) == NULL)
			started += i < 4;
		else if (strcmp(fetch_waiting(f[i]), "max_transfers") == 0)
			waiting += i >= 4;
	}
	tap_long(started, 4, "max_transfers 4: the first four started");
	tap_long(waiting, NHOSTS - 4, "max_transfers 4: the others wait, "
	    "saying why");
	check = event_new(base, -1, EV_PERSIST, check_cb, &r);
	deadline = evtimer_new(base, deadline_cb, base);
	event_add(check, &tick);
	evtimer_add(deadline, &end);
	event_base_dispatch(base);
	event_free(check);
	event_free(deadline);
	tap_long(r.ok, NHOSTS, "max_transfers 4: every transfer answered 200");
	fetcher_free(r.fe);
}

/* Fetches once from each of PORTS with host_delay DELAY_MS; see the top. */
static void
run_hosts(struct event_base *base, const int *ports, int delay_ms)
{
	struct run		 r;
	struct fetch_request	 req;
	struct event		*check, *deadline;
	struct timeval		 tick = { 0, 10 * 1000 }, end = { DEADLINE_S, 0 };
	char			 url[64], what[128], *cause = NULL;
	int			 i;

	memset(&r, 0, sizeof(r));
	r.base = base;
	r.want_done = NHOSTS;
	if ((r.fe = fetcher_new(base, &cause)) == NULL) {
		printf("Bail out! fetcher_new: %s\n", cause);
		exit(1);
	}
	fetcher_set_host_limits(r.fe, 1, delay_ms);
	for (i = 0; i < NHOSTS; i++) {
		snprintf(url, sizeof(url), "http://127.0.0.1:%d/", ports[i]);
		request_for(&req, url);
		fetch_start(r.fe, &req, fetched_cb, &r);
	}
	snprintf(what, sizeof(what), "delay %d ms: one host record per host "
	    "while transfers run", delay_ms);
	tap_long((long long)fetcher_nhosts(r.fe), NHOSTS, what);
	check = event_new(base, -1, EV_PERSIST, check_cb, &r);
	deadline = evtimer_new(base, deadline_cb, base);
	event_add(check, &tick);
	evtimer_add(deadline, &end);
	event_base_dispatch(base);
	event_free(check);
	event_free(deadline);
	snprintf(what, sizeof(what), "delay %d ms: every transfer answered 200",
	    delay_ms);
	tap_long(r.ok, NHOSTS, what);
	if (delay_ms > 0) {
		snprintf(what, sizeof(what), "delay %d ms: hosts kept while "
		    "their delay runs", delay_ms);
		tap_ok(r.hosts_after_last > 0, what);
	}
	snprintf(what, sizeof(what), "delay %d ms: no host record left once "
	    "idle", delay_ms);
	tap_long((long long)fetcher_nhosts(r.fe), 0, what);
	fetcher_free(r.fe);
}


/* One guarded transfer's outcome. */
struct guarded {
	struct event_base	*base;
	int			 done, ok;
	long			 status;
	char			 error[256];
	int			 asked;		/* connect_ok calls */
	int			 allow;
	char			 addr[64];	/* the last address asked about */
};

static int
guard_cb(void *arg, const struct sockaddr *sa, socklen_t len, char *why,
    size_t whylen)
{
	struct guarded	*g = arg;

	g->asked++;
	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in))
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    g->addr, sizeof(g->addr));
	if (!g->allow)
		snprintf(why, whylen, "refused %s by the test", g->addr);
	return (g->allow);
}

static void
guarded_cb(const struct fetch_result *res, void *arg)
{
	struct guarded	*g = arg;

	g->done = 1;
	g->ok = res->res_ok;
	g->status = res->res_status;
	snprintf(g->error, sizeof(g->error), "%s",
	    res->res_error != NULL ? res->res_error : "");
	event_base_loopbreak(g->base);
}

/* Fetches PATH from PORT, guarded when GUARD, and waits for the answer. */
static void
guarded_fetch(struct event_base *base, struct fetcher *fe, int port,
    const char *path, struct guarded *g, int guard, const char *body,
    size_t body_len)
{
	struct fetch_request	 req;
	struct event		*deadline;
	struct timeval		 end = { DEADLINE_S, 0 };
	char			 url[64];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, path);
	g->base = base;
	g->done = 0;
	request_for(&req, url);
	req.fr_body = body;
	req.fr_body_len = body_len;
	if (guard) {
		req.fr_connect_ok = guard_cb;
		req.fr_connect_arg = g;
		req.fr_no_redirects = 1;
		req.fr_no_host_limits = 1;
	}
	fetch_start(fe, &req, guarded_cb, g);
	deadline = evtimer_new(base, deadline_cb, base);
	evtimer_add(deadline, &end);
	if (!g->done)
		event_base_dispatch(base);
	event_free(deadline);
}

/*
 * Requests made for someone else (WebSub): the address is asked about
 * before the socket opens, a refusal says why and sends nothing, a
 * connection kept alive by an unguarded request is not reused, no
 * redirect is followed, and a body with a length is sent as long.
 */
static void
guard(struct event_base *base, int port)
{
	struct guarded	 g;
	struct fetcher	*fe;
	char		*cause = NULL;
	int		 before;

	if ((fe = fetcher_new(base, &cause)) == NULL) {
		printf("Bail out! fetcher_new: %s\n", cause);
		exit(1);
	}
	fetcher_set_host_limits(fe, 2, 0);
	memset(&g, 0, sizeof(g));
	/* An unguarded request first: its connection stays in the pool. */
	guarded_fetch(base, fe, port, "/", &g, 0, NULL, 0);
	tap_ok(g.ok && g.status == 200, "guard: an unguarded request");
	tap_long(g.asked, 0, "guard: an unguarded request asks nothing");
	before = served;
	g.allow = 0;
	guarded_fetch(base, fe, port, "/", &g, 1, NULL, 0);
	tap_ok(g.done && !g.ok, "guard: a refused address fails");
	tap_ok(g.asked >= 1, "guard: asked about the address, pool or not");
	tap_str(g.addr, "127.0.0.1", "guard: the address is the resolved one");
	tap_ok(strstr(g.error, "refused 127.0.0.1 by the test") != NULL,
	    "guard: the refusal is the error");
	tap_long(served, before, "guard: nothing reached the listener");
	g.allow = 1;
	g.asked = 0;
	guarded_fetch(base, fe, port, "/redirect", &g, 1, NULL, 0);
	tap_ok(g.ok && g.status == 302, "guard: a redirect is not followed");
	tap_long(served, before + 1, "guard: one request, not two");
	guarded_fetch(base, fe, port, "/post", &g, 1, "abcdefXYZ", 6);
	tap_ok(g.ok && g.status == 200, "guard: a POST with a length");
	tap_long((long long)served_body, 6, "guard: the body's length is sent");
	fetcher_free(fe);
}

/* The one judgement of an answer that the source, item pages and preview share. */
static void
judge(void)
{
	static const struct {
		int		 ok;
		long		 status, retry;
		enum fetch_verdict want;
		long		 want_retry;
		const char	*why;
	} t[] = {
		{ 0, 0, -1, FETCH_FAILED, -1, "connection refused" },
		{ 1, 0, -1, FETCH_BODY, -1, NULL },		/* file:// */
		{ 1, 200, -1, FETCH_BODY, -1, NULL },
		{ 1, 299, -1, FETCH_BODY, -1, NULL },
		{ 1, 304, -1, FETCH_NOT_MODIFIED, -1, "HTTP status 304" },
		{ 1, 404, 30, FETCH_FAILED, -1, "HTTP status 404" },
		{ 1, 429, 30, FETCH_FAILED, 30,
		    "HTTP status 429, retry after 30 s" },
		{ 1, 503, -1, FETCH_FAILED, -1, "HTTP status 503" },
		{ 1, 199, -1, FETCH_FAILED, -1, "HTTP status 199" },
	};
	struct fetch_result	 res;
	char			 why[64], what[96];
	long			 retry;
	size_t			 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&res, 0, sizeof(res));
		res.res_ok = t[i].ok;
		res.res_status = t[i].status;
		res.res_retry_after = t[i].retry;
		res.res_error = "connection refused";
		snprintf(what, sizeof(what), "judge: ok %d, status %ld",
		    t[i].ok, t[i].status);
		why[0] = '\0';
		tap_long(fetch_judge(&res, &retry, why, sizeof(why)),
		    t[i].want, what);
		tap_long(retry, t[i].want_retry, what);
		if (t[i].why != NULL)
			tap_str(why, t[i].why, what);
	}
	/* Without RETRY_AFTER the words stay the status alone. */
	res.res_ok = 1;
	res.res_status = 429;
	res.res_retry_after = 30;
	fetch_judge(&res, NULL, why, sizeof(why));
	tap_str(why, "HTTP status 429", "judge: no retry asked, no retry said");
}

int
main(void)
{
	struct event_base		*base;
	struct evhttp			*http;
	struct evhttp_bound_socket	*bs;
	int				 ports[NHOSTS], i;

	if ((base = event_base_new()) == NULL ||
	    (http = evhttp_new(base)) == NULL) {
		printf("Bail out! libevent\n");
		return (1);
	}
	evhttp_set_gencb(http, serve_cb, NULL);
	for (i = 0; i < NHOSTS; i++) {
		if ((bs = evhttp_bind_socket_with_handle(http, "127.0.0.1",
		    0)) == NULL) {
			printf("Bail out! cannot bind 127.0.0.1:0\n");
			return (1);
		}
		ports[i] = testlib_bound_port(bs);
	}
	judge();
	run_hosts(base, ports, 0);
	run_hosts(base, ports, 300);
	guard(base, ports[0]);
	max_transfers(base, ports);
	evhttp_free(http);
	event_base_free(base);
	return (tap_done());
}
