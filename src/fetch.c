/*
 * fetch.c: glue between libcurl's multi-socket API and libevent, after
 * curl's hiperfifo example.  curl tells us which sockets to watch and when
 * to call it back; libevent watches; we never block and never call
 * curl_easy_perform.  Politeness lives here too: transfers to one host are
 * queued so that at most host_concurrency run at once, host_delay apart.
 */
#include <sys/queue.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <event2/event.h>
#include <libxml/hash.h>

#include "buf.h"
#include "fetch.h"
#include "log.h"
#include "url.h"
#include "util.h"

TAILQ_HEAD(fetch_list, fetch);

/*
 * The transfers of one host: how many run, when the last one started.
 * Kept only while it matters: a host with nothing running or queued is
 * freed once its delay has passed (a new record then starts afresh, which
 * is what the delay allows anyway).
 */
struct fetch_host {
	struct fetcher		*fh_fetcher;
	char			*fh_name;
	int			 fh_active;
	long long		 fh_last_start_ms;
	struct fetch_list	 fh_queue;	/* waiting, oldest first */
	struct event		*fh_timer;	/* wakes the queue after a delay */
	LIST_ENTRY(fetch_host)	 fh_entry;
};

#define FETCH_IDLE_HANDLES	16	/* curl handles kept for reuse */

struct fetcher {
	struct event_base	*fe_base;
	CURLM			*fe_multi;
	struct event		*fe_timer;
	struct event		*fe_drain;	/* more finished transfers */
	struct fetch_list	 fe_list;	/* every transfer, queued or not */
	LIST_HEAD(, fetch_host)	 fe_hosts;
	size_t			 fe_nhosts;
	xmlHashTablePtr		 fe_host_names;	/* the same, by name */
	/*
	 * Handles of finished transfers, kept for the next ones (reset, not
	 * made again: a handle is kilobytes to allocate and clear, the
	 * largest cost of a poll answered 304).
	 */
	CURL			*fe_idle[FETCH_IDLE_HANDLES];
	int			 fe_nidle;
	int			 fe_host_concurrency;
	int			 fe_host_delay_ms;
	/*
	 * Transfers started and not yet handed back, and those waiting for
	 * one of max_transfers slots: a burst of due sources (10,000 at
	 * start-up) must not hold 10,000 bodies at once.
	 */
	int			 fe_running;
	int			 fe_max_running;
	struct fetch_list	 fe_waiting;
	unsigned		 fe_done_since_trim;
	long long		 fe_last_trim_ms;
};

struct fetch {
	struct fetcher		*f_fetcher;
	struct fetch_host	*f_host;	/* NULL: not limited (file://) */
	CURL			*f_easy;	/* made when it begins */
	struct fetch_request	*f_req;		/* a copy until then */
	struct buf		 f_body;
	long			 f_max_size;
	int			 f_too_big;
	int			 f_started;	/* added to the multi handle */
	int			 f_queued;	/* on its host's fh_queue */
	int			 f_slot_wait;	/* on fe_waiting */
	fetch_cb		 f_cb;
	void			*f_arg;
	struct curl_slist	*f_headers;
	char			 f_errbuf[CURL_ERROR_SIZE];
	int			(*f_connect_ok)(void *, const struct sockaddr *,
				    socklen_t, char *, size_t);
	void			*f_connect_arg;
	char			 f_refused[256];	/* why an address was */
	TAILQ_ENTRY(fetch)	 f_entry;	/* fe_list */
	TAILQ_ENTRY(fetch)	 f_qentry;	/* fh_queue, or fe_waiting */
};

/* One watched socket; curl hands it back through curl_multi_assign. */
struct fetch_sock {
	struct event		*fs_ev;
	curl_socket_t		 fs_fd;
};

#define FETCH_DONE_PER_PASS	4

static void	fetch_host_pump(struct fetch_host *);
static void	fetch_begin(struct fetch *);
static void	fetch_easy_make(struct fetch *);
static void	fetch_request_free(struct fetch_request *);
static void	fetch_drain_cb(evutil_socket_t, short, void *);


char *
fetch_host_of(const char *url)
{
	CURLU	*u;
	char	*host = NULL, *port = NULL, *name = NULL, *p;

	if ((u = curl_url()) == NULL)
		return (NULL);
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    host != NULL && host[0] != '\0') {
		if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK &&
		    port != NULL)
			xasprintf(&name, "%s:%s", host, port);
		else
			name = xstrdup(host);
		for (p = name; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return (name);
}

static void
fetch_dequeue(struct fetch *f)
{
	if (f->f_queued) {
		TAILQ_REMOVE(&f->f_host->fh_queue, f, f_qentry);
		f->f_queued = 0;
	}
}

/*
 * What a burst of transfers freed goes back to the system once the
 * fetcher is idle, or every FETCH_TRIM_EVERY transfers when it never is:
 * glibc keeps freed heap otherwise, and RSS stays at the burst's peak.
 */
static void
fetch_trim(struct fetcher *fe)
{
	long long	 now;

	fe->fe_done_since_trim++;
	if (fe->fe_done_since_trim < FETCH_TRIM_EVERY &&
	    (fe->fe_running > 0 || fe->fe_done_since_trim < FETCH_TRIM_IDLE))
		return;
	/* Idle moments come often between spread polls: not each time. */
	now = monotonic_ms();
	if (fe->fe_done_since_trim < FETCH_TRIM_EVERY &&
	    now - fe->fe_last_trim_ms < FETCH_TRIM_GAP_MS)
		return;
	fe->fe_done_since_trim = 0;
	fe->fe_last_trim_ms = now;
	mem_give_back();
}

/* Starts the transfers that wait for a slot, as many as are free. */
static void
fetch_slots_pump(struct fetcher *fe)
{
	struct fetch	*f;

	while (fe->fe_running < fe->fe_max_running &&
	    (f = TAILQ_FIRST(&fe->fe_waiting)) != NULL) {
		TAILQ_REMOVE(&fe->fe_waiting, f, f_qentry);
		f->f_slot_wait = 0;
		fetch_begin(f);
	}
}

/* Frees F; a transfer that was running frees its host's slot. */
static struct fetch_host *
fetch_destroy(struct fetch *f)
{
	struct fetcher		*fe = f->f_fetcher;
	struct fetch_host	*fh = f->f_host;
	int			 ran = f->f_started;

	if (f->f_started || f->f_slot_wait) {
		if (f->f_started) {
			curl_multi_remove_handle(fe->fe_multi, f->f_easy);
			fe->fe_running--;
		} else
			TAILQ_REMOVE(&fe->fe_waiting, f, f_qentry);
		if (fh != NULL)
			fh->fh_active--;
	} else
		fetch_dequeue(f);
	if (f->f_easy != NULL && fe->fe_nidle < FETCH_IDLE_HANDLES &&
	    fe->fe_max_running > 0)
		fe->fe_idle[fe->fe_nidle++] = f->f_easy;
	else if (f->f_easy != NULL)
		curl_easy_cleanup(f->f_easy);
	fetch_request_free(f->f_req);
	curl_slist_free_all(f->f_headers);
	buf_free(&f->f_body);
	TAILQ_REMOVE(&fe->fe_list, f, f_entry);
	free(f);
	fetch_slots_pump(fe);
	if (ran)
		fetch_trim(fe);
	return (fh);
}

static const char *
fetch_header(CURL *e, const char *name)
{
	struct curl_header	*h;

	if (curl_easy_header(e, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
		return (NULL);
	return (h->value);
}

long
fetch_retry_after(const char *v)
{
	char	*end;
	long	 n;
	time_t	 t;

	if (v == NULL || *v == '\0')
		return (-1);
	if (isdigit((unsigned char)*v)) {
		n = strtol(v, &end, 10);
		return (*end == '\0' || isspace((unsigned char)*end) ?
		    (n > 0 ? n : 0) : -1);
	}
	if ((t = curl_getdate(v, NULL)) == -1)
		return (-1);
	return (t > time(NULL) ? (long)(t - time(NULL)) : 0);
}

static void
fetch_done(struct fetch *f, CURLcode code)
{
	struct fetch_result	 res;
	struct fetch_host	*fh;
	char			*ct = NULL, *url = NULL, msg[CURL_ERROR_SIZE + 96];
	double			 secs = 0;

	memset(&res, 0, sizeof(res));
	curl_easy_getinfo(f->f_easy, CURLINFO_RESPONSE_CODE, &res.res_status);
	curl_easy_getinfo(f->f_easy, CURLINFO_CONTENT_TYPE, &ct);
	curl_easy_getinfo(f->f_easy, CURLINFO_EFFECTIVE_URL, &url);
	curl_easy_getinfo(f->f_easy, CURLINFO_TOTAL_TIME, &secs);
	res.res_content_type = ct;
	res.res_url = url;
	res.res_seconds = secs;
	res.res_retry_after = -1;
	if (res.res_status > 0) {
		res.res_etag = fetch_header(f->f_easy, "ETag");
		res.res_last_modified = fetch_header(f->f_easy,
		    "Last-Modified");
		res.res_retry_after = fetch_retry_after(fetch_header(
		    f->f_easy, "Retry-After"));
		res.res_content_language = fetch_header(f->f_easy,
		    "Content-Language");
	}
	if (f->f_too_big || code == CURLE_FILESIZE_EXCEEDED) {
		snprintf(msg, sizeof(msg), "page larger than max_page_size "
		    "(%ld bytes)%s", f->f_max_size, f->f_too_big ? "" :
		    ", as announced by Content-Length");
		res.res_error = msg;
	} else if (code != CURLE_OK && f->f_refused[0] != '\0') {
		snprintf(msg, sizeof(msg), "%s", f->f_refused);
		res.res_error = msg;
	} else if (code != CURLE_OK) {
		snprintf(msg, sizeof(msg), "%s", f->f_errbuf[0] != '\0' ?
		    f->f_errbuf : curl_easy_strerror(code));
		res.res_error = msg;
	} else {
		res.res_ok = 1;
		res.res_body = f->f_body.b_data ? f->f_body.b_data : "";
		res.res_len = f->f_body.b_len;
	}
	f->f_cb(&res, f->f_arg);
	if ((fh = fetch_destroy(f)) != NULL)
		fetch_host_pump(fh);
}

/*
 * Hands finished transfers to their owners, a few per loop pass: each may
 * parse a page, and many finishing at once (file:// sources at start-up)
 * must not keep HTTP clients waiting behind them.
 */
static void
fetch_check_done(struct fetcher *fe)
{
	CURLMsg		*m;
	struct fetch	*f;
	struct timeval	 now = { 0, 0 };
	int		 left = 0, n = 0;

	while (n < FETCH_DONE_PER_PASS &&
	    (m = curl_multi_info_read(fe->fe_multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		f = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&f);
		if (f != NULL) {
			fetch_done(f, m->data.result);
			n++;
		}
	}
	if (left > 0 || n == FETCH_DONE_PER_PASS)
		evtimer_add(fe->fe_drain, &now);
}

static void
fetch_drain_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	fetch_check_done(arg);
}

static void
fetch_event_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fetcher	*fe = arg;
	int		 action = 0, running;

	if (what & EV_READ)
		action |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		action |= CURL_CSELECT_OUT;
	curl_multi_socket_action(fe->fe_multi, fd, action, &running);
	fetch_check_done(fe);
}

static void
fetch_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fetcher	*fe = arg;
	int		 running;

	(void)fd;
	(void)what;
	curl_multi_socket_action(fe->fe_multi, CURL_SOCKET_TIMEOUT, 0,
	    &running);
	fetch_check_done(fe);
}

/* curl: "call me back in timeout_ms" (-1: no timer needed). */
static int
fetch_multi_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct fetcher	*fe = userp;
	struct timeval	 tv;

	(void)multi;
	if (timeout_ms < 0) {
		evtimer_del(fe->fe_timer);
		return (0);
	}
	/* Zero means "now", but never from inside curl: defer to the loop. */
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	evtimer_add(fe->fe_timer, &tv);
	return (0);
}

/* curl: "watch socket s for what". */
static int
fetch_multi_socket(CURL *easy, curl_socket_t s, int what, void *userp,
    void *socketp)
{
	struct fetcher		*fe = userp;
	struct fetch_sock	*fs = socketp;
	short			 kind = EV_PERSIST;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (fs != NULL) {
			event_free(fs->fs_ev);
			free(fs);
			curl_multi_assign(fe->fe_multi, s, NULL);
		}
		return (0);
	}
	if (what & CURL_POLL_IN)
		kind |= EV_READ;
	if (what & CURL_POLL_OUT)
		kind |= EV_WRITE;
	if (fs == NULL) {
		fs = xcalloc(1, sizeof(*fs));
		fs->fs_fd = s;
		curl_multi_assign(fe->fe_multi, s, fs);
	} else
		event_free(fs->fs_ev);
	fs->fs_ev = event_new(fe->fe_base, s, kind, fetch_event_cb, fe);
	if (fs->fs_ev == NULL)
		fatalx("event_new for a transfer socket");
	event_add(fs->fs_ev, NULL);
	return (0);
}

static size_t
fetch_write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct fetch	*f = arg;
	size_t		 len = size * nmemb;

	/* Counted on the decoded body, so a compression bomb stops here. */
	if (buf_add(&f->f_body, data, len) == -1) {
		f->f_too_big = 1;
		return (0);
	}
	return (len);
}

struct fetcher *
fetcher_new(struct event_base *base, char **cause)
{
	struct fetcher	*fe;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		*cause = xstrdup("curl_global_init failed");
		return (NULL);
	}
	fe = xcalloc(1, sizeof(*fe));
	fe->fe_base = base;
	TAILQ_INIT(&fe->fe_list);
	TAILQ_INIT(&fe->fe_waiting);
	LIST_INIT(&fe->fe_hosts);
	if ((fe->fe_host_names = xmlHashCreate(64)) == NULL)
		fatalx("xmlHashCreate");
	fe->fe_host_concurrency = 2;
	fe->fe_max_running = FETCH_MAX_TRANSFERS;
	if ((fe->fe_multi = curl_multi_init()) == NULL)
		fatalx("curl_multi_init");
	if ((fe->fe_timer = evtimer_new(base, fetch_timer_cb, fe)) == NULL ||
	    (fe->fe_drain = evtimer_new(base, fetch_drain_cb, fe)) == NULL)
		fatalx("evtimer_new");
	curl_multi_setopt(fe->fe_multi, CURLMOPT_SOCKETFUNCTION,
	    fetch_multi_socket);
	curl_multi_setopt(fe->fe_multi, CURLMOPT_SOCKETDATA, fe);
	curl_multi_setopt(fe->fe_multi, CURLMOPT_TIMERFUNCTION,
	    fetch_multi_timer);
	curl_multi_setopt(fe->fe_multi, CURLMOPT_TIMERDATA, fe);
	curl_multi_setopt(fe->fe_multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)fe->fe_max_running);
	return (fe);
}

void
fetcher_set_max_transfers(struct fetcher *fe, int n)
{
	fe->fe_max_running = n > 0 ? n : 1;
	curl_multi_setopt(fe->fe_multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)fe->fe_max_running);
	fetch_slots_pump(fe);
}

void
fetcher_set_host_limits(struct fetcher *fe, int concurrency, int delay_ms)
{
	fe->fe_host_concurrency = concurrency > 0 ? concurrency : 1;
	fe->fe_host_delay_ms = delay_ms > 0 ? delay_ms : 0;
	/* A second line of defence: curl itself never opens more. */
	curl_multi_setopt(fe->fe_multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)fe->fe_host_concurrency);
}

static void
fetch_host_free(struct fetch_host *fh)
{
	xmlHashRemoveEntry(fh->fh_fetcher->fe_host_names,
	    (const xmlChar *)fh->fh_name, NULL);
	LIST_REMOVE(fh, fh_entry);
	fh->fh_fetcher->fe_nhosts--;
	event_free(fh->fh_timer);
	free(fh->fh_name);
	free(fh);
}

void
fetcher_free(struct fetcher *fe)
{
	struct fetch		*f;
	struct fetch_host	*fh;

	if (fe == NULL)
		return;
	fe->fe_max_running = 0;		/* nothing waiting starts now */
	while ((f = TAILQ_FIRST(&fe->fe_list)) != NULL)
		fetch_destroy(f);
	while ((fh = LIST_FIRST(&fe->fe_hosts)) != NULL)
		fetch_host_free(fh);
	xmlHashFree(fe->fe_host_names, NULL);
	while (fe->fe_nidle > 0)
		curl_easy_cleanup(fe->fe_idle[--fe->fe_nidle]);
	curl_multi_cleanup(fe->fe_multi);
	event_free(fe->fe_timer);
	event_free(fe->fe_drain);
	free(fe);
	curl_global_cleanup();
}

static void
fetch_host_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	fetch_host_pump(arg);
}

static struct fetch_host *
fetch_host_get(struct fetcher *fe, const char *url, const char *known)
{
	struct fetch_host	*fh;
	char			*name;

	if ((name = known != NULL ? xstrdup(known) :
	    fetch_host_of(url)) == NULL)
		return (NULL);
	if ((fh = xmlHashLookup(fe->fe_host_names,
	    (const xmlChar *)name)) != NULL) {
		free(name);
		return (fh);
	}
	fh = xcalloc(1, sizeof(*fh));
	fh->fh_fetcher = fe;
	fh->fh_name = name;
	fh->fh_last_start_ms = -1;
	TAILQ_INIT(&fh->fh_queue);
	if ((fh->fh_timer = evtimer_new(fe->fe_base, fetch_host_timer_cb,
	    fh)) == NULL)
		fatalx("evtimer_new");
	LIST_INSERT_HEAD(&fe->fe_hosts, fh, fh_entry);
	if (xmlHashAddEntry(fe->fe_host_names, (const xmlChar *)name,
	    fh) != 0)
		fatalx("xmlHashAddEntry");
	fe->fe_nhosts++;
	return (fh);
}

static void
fetch_begin(struct fetch *f)
{
	struct fetcher	*fe = f->f_fetcher;

	if (fe->fe_running >= fe->fe_max_running) {
		TAILQ_INSERT_TAIL(&fe->fe_waiting, f, f_qentry);
		f->f_slot_wait = 1;
		return;
	}
	fe->fe_running++;
	f->f_started = 1;
	fetch_easy_make(f);
	if (curl_multi_add_handle(f->f_fetcher->fe_multi, f->f_easy) !=
	    CURLM_OK)
		fatalx("curl_multi_add_handle");
}

/* Milliseconds until the host's delay allows a start (0: now). */
static long long
fetch_host_wait(const struct fetch_host *fh, long long now)
{
	long long	 wait;

	if (fh->fh_last_start_ms < 0)
		return (0);
	wait = fh->fh_last_start_ms + fh->fh_fetcher->fe_host_delay_ms - now;
	return (wait > 0 ? wait : 0);
}

static void
fetch_host_sleep(struct fetch_host *fh, long long wait)
{
	struct timeval	 tv;

	tv.tv_sec = wait / 1000;
	tv.tv_usec = (wait % 1000) * 1000;
	evtimer_add(fh->fh_timer, &tv);
}

/*
 * Starts what the host's limits allow; arms a timer for the delay.  An
 * idle host is freed once its delay has passed: FH may be gone after.
 */
static void
fetch_host_pump(struct fetch_host *fh)
{
	struct fetcher	*fe = fh->fh_fetcher;
	struct fetch	*f;
	long long	 wait;

	while ((f = TAILQ_FIRST(&fh->fh_queue)) != NULL &&
	    fh->fh_active < fe->fe_host_concurrency) {
		if ((wait = fetch_host_wait(fh, monotonic_ms())) > 0) {
			fetch_host_sleep(fh, wait);
			return;
		}
		fetch_dequeue(f);
		fh->fh_active++;
		fh->fh_last_start_ms = monotonic_ms();
		fetch_begin(f);
	}
	if (fh->fh_active > 0 || !TAILQ_EMPTY(&fh->fh_queue))
		return;
	if ((wait = fetch_host_wait(fh, monotonic_ms())) > 0)
		fetch_host_sleep(fh, wait);
	else
		fetch_host_free(fh);
}

size_t
fetcher_nhosts(const struct fetcher *fe)
{
	return (fe->fe_nhosts);
}

const char *
fetch_waiting(const struct fetch *f)
{
	if (f == NULL || f->f_started)
		return (NULL);
	if (f->f_slot_wait)
		return ("max_transfers");
	if (f->f_host == NULL)
		return (NULL);
	return (f->f_host->fh_active >= f->f_fetcher->fe_host_concurrency ?
	    "host_concurrency" : "host_delay");
}

static void
fetch_add_header(struct fetch *f, const char *name, const char *value)
{
	char	*h;

	xasprintf(&h, "%s: %s", name, value);
	f->f_headers = curl_slist_append(f->f_headers, h);
	free(h);
}

static int
fetch_has_header(const struct fetch_request *req, const char *name)
{
	size_t	 i, n = strlen(name);

	for (i = 0; i < req->fr_nheaders; i++)
		if (strncasecmp(req->fr_headers[i], name, n) == 0 &&
		    req->fr_headers[i][n] == ':')
			return (1);
	return (0);
}

/*
 * A POST of fr_body, copied (the request's strings do not outlive
 * fetch_start).  A body that starts as JSON is sent as JSON unless the
 * source set a Content-Type (GraphQL and search APIs want it so).
 */
static void
fetch_set_body(struct fetch *f, const struct fetch_request *req)
{
	const char	*p = req->fr_body;

	/* A body with a length need not end in NUL: not sniffed. */
	p += req->fr_body_len > 0 ? 0 : strspn(p, " \t\r\n");
	if (req->fr_body_len == 0 && (*p == '{' || *p == '[') &&
	    !fetch_has_header(req, "Content-Type"))
		fetch_add_header(f, "Content-Type", "application/json");
	curl_easy_setopt(f->f_easy, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)(req->fr_body_len > 0 ? req->fr_body_len :
	    strlen(req->fr_body)));
	curl_easy_setopt(f->f_easy, CURLOPT_COPYPOSTFIELDS, req->fr_body);
}

/* Each address a guarded request connects to is asked about first. */
static curl_socket_t
fetch_open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct fetch	*f = arg;

	(void)purpose;
	if (!f->f_connect_ok(f->f_connect_arg, &a->addr, a->addrlen,
	    f->f_refused, sizeof(f->f_refused)))
		return (CURL_SOCKET_BAD);
	return (socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol));
}

/* The options of a request made for someone else (fr_connect_ok). */
static void
fetch_guard(struct fetch *f, const struct fetch_request *req)
{
	if (req->fr_connect_ok != NULL) {
		f->f_connect_ok = req->fr_connect_ok;
		f->f_connect_arg = req->fr_connect_arg;
		curl_easy_setopt(f->f_easy, CURLOPT_OPENSOCKETFUNCTION,
		    fetch_open_socket);
		curl_easy_setopt(f->f_easy, CURLOPT_OPENSOCKETDATA, f);
		/* A pooled connection was not checked, a proxy's would be. */
		curl_easy_setopt(f->f_easy, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(f->f_easy, CURLOPT_NOPROXY, "*");
	}
	if (req->fr_no_redirects)
		curl_easy_setopt(f->f_easy, CURLOPT_FOLLOWLOCATION, 0L);
}

/* REQ's strings copied: a transfer may wait long after fetch_start. */
static struct fetch_request *
fetch_request_copy(const struct fetch_request *req)
{
	struct fetch_request	*c = xmalloc(sizeof(*c));
	char			**h;
	char			*body;
	size_t			 i;

	*c = *req;
	c->fr_host = NULL;		/* read by fetch_start only */
	c->fr_url = xstrdup(req->fr_url);
	c->fr_user_agent = req->fr_user_agent ?
	    xstrdup(req->fr_user_agent) : NULL;
	h = xcalloc(req->fr_nheaders + 1, sizeof(*h));
	for (i = 0; i < req->fr_nheaders; i++)
		h[i] = xstrdup(req->fr_headers[i]);
	c->fr_headers = (const char *const *)h;
	c->fr_cookie = req->fr_cookie ? xstrdup(req->fr_cookie) : NULL;
	c->fr_proxy = req->fr_proxy ? xstrdup(req->fr_proxy) : NULL;
	c->fr_etag = req->fr_etag ? xstrdup(req->fr_etag) : NULL;
	c->fr_last_modified = req->fr_last_modified ?
	    xstrdup(req->fr_last_modified) : NULL;
	if (req->fr_body != NULL && req->fr_body_len > 0) {
		body = xmalloc(req->fr_body_len + 1);
		memcpy(body, req->fr_body, req->fr_body_len);
		body[req->fr_body_len] = '\0';
		c->fr_body = body;
	} else if (req->fr_body != NULL)
		c->fr_body = xstrdup(req->fr_body);
	return (c);
}

static void
fetch_request_free(struct fetch_request *c)
{
	if (c == NULL)
		return;
	strv_free((char **)(uintptr_t)c->fr_headers, c->fr_nheaders);
	free_all((char *)(uintptr_t)c->fr_url,
	    (char *)(uintptr_t)c->fr_user_agent,
	    (char *)(uintptr_t)c->fr_cookie, (char *)(uintptr_t)c->fr_proxy,
	    (char *)(uintptr_t)c->fr_etag,
	    (char *)(uintptr_t)c->fr_last_modified,
	    (char *)(uintptr_t)c->fr_body);
	free(c);
}

/*
 * F's curl handle, made when the transfer begins (a handle is a few KB:
 * 100,000 due sources waiting must not hold 100,000 of them); the copied
 * request goes then, curl having copied what it keeps.
 */
static void
fetch_easy_make(struct fetch *f)
{
	const struct fetch_request *req = f->f_req;
	CURL		*e;
	size_t		 i;
	char		 protocols[64];

	if (f->f_fetcher->fe_nidle > 0) {
		e = f->f_easy = f->f_fetcher->fe_idle[--f->f_fetcher->fe_nidle];
		curl_easy_reset(e);
	} else if ((e = f->f_easy = curl_easy_init()) == NULL)
		fatalx("curl_easy_init");
	if (!fetch_has_header(req, "Accept"))
		fetch_add_header(f, "Accept", "text/html,application/xhtml+xml,"
		    "application/xml;q=0.9,*/*;q=0.5");
	for (i = 0; i < req->fr_nheaders; i++)
		f->f_headers = curl_slist_append(f->f_headers,
		    req->fr_headers[i]);
	if (req->fr_etag != NULL)
		fetch_add_header(f, "If-None-Match", req->fr_etag);
	if (req->fr_last_modified != NULL)
		fetch_add_header(f, "If-Modified-Since",
		    req->fr_last_modified);
	if (req->fr_body != NULL)
		fetch_set_body(f, req);
	curl_easy_setopt(e, CURLOPT_URL, req->fr_url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, f);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, f->f_errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, fetch_write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, f->f_headers);
	curl_easy_setopt(e, CURLOPT_USERAGENT, req->fr_user_agent);
	if (req->fr_cookie != NULL)
		curl_easy_setopt(e, CURLOPT_COOKIE, req->fr_cookie);
	if (req->fr_proxy != NULL && strcmp(req->fr_proxy, "none") == 0)
		curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	else if (req->fr_proxy != NULL)
		curl_easy_setopt(e, CURLOPT_PROXY, req->fr_proxy);
	if (req->fr_no_tls_verify) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	/* "" offers every encoding this libcurl can decode (gzip, br, ...). */
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, FETCH_MAX_REDIRECTS);
	url_curl_protocols(req->fr_allow_file ? URL_SOURCE : URL_REMOTE,
	    protocols, sizeof(protocols));
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, protocols);
	url_curl_protocols(URL_REMOTE, protocols, sizeof(protocols));
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, (long)req->fr_connect_timeout);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, (long)req->fr_timeout);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, FETCH_LOW_SPEED_BYTES);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, FETCH_LOW_SPEED_TIME);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)f->f_max_size);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	fetch_guard(f, req);
	fetch_request_free(f->f_req);
	f->f_req = NULL;
}

struct fetch *
fetch_start(struct fetcher *fe, const struct fetch_request *req, fetch_cb cb,
    void *arg)
{
	struct fetch	*f;

	if (req->fr_timeout <= 0 || req->fr_connect_timeout <= 0 ||
	    req->fr_max_size <= 0)
		fatalx("fetch_start: %s without its limits", req->fr_url);
	f = xcalloc(1, sizeof(*f));
	f->f_fetcher = fe;
	f->f_cb = cb;
	f->f_arg = arg;
	f->f_max_size = req->fr_max_size;
	buf_init(&f->f_body, (size_t)f->f_max_size);
	f->f_req = fetch_request_copy(req);
	TAILQ_INSERT_TAIL(&fe->fe_list, f, f_entry);
	if (req->fr_no_host_limits ||
	    (f->f_host = fetch_host_get(fe, req->fr_url,
	    req->fr_host)) == NULL) {
		fetch_begin(f);
		return (f);
	}
	/* Join the end of the host's queue, then let the queue decide. */
	TAILQ_INSERT_TAIL(&f->f_host->fh_queue, f, f_qentry);
	f->f_queued = 1;
	fetch_host_pump(f->f_host);
	return (f);
}

void
fetch_cancel(struct fetch *f)
{
	struct fetch_host	*fh;

	if (f != NULL && (fh = fetch_destroy(f)) != NULL)
		fetch_host_pump(fh);
}

enum fetch_verdict
fetch_judge(const struct fetch_result *res, long *retry_after, char *why,
    size_t len)
{
	int	 retry;

	if (retry_after != NULL)
		*retry_after = -1;
	if (!res->res_ok) {
		snprintf(why, len, "%s", res->res_error);
		return (FETCH_FAILED);
	}
	if (res->res_status == 0 ||
	    (res->res_status >= 200 && res->res_status <= 299))
		return (FETCH_BODY);
	snprintf(why, len, "HTTP status %ld", res->res_status);
	if (res->res_status == 304)
		return (FETCH_NOT_MODIFIED);
	retry = (res->res_status == 429 || res->res_status == 503) &&
	    res->res_retry_after >= 0;
	if (retry_after != NULL && retry) {
		*retry_after = res->res_retry_after;
		snprintf(why, len, "HTTP status %ld, retry after %ld s",
		    res->res_status, res->res_retry_after);
	}
	return (FETCH_FAILED);
}
