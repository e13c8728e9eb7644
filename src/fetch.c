/*
 * fetch.c: glue between libcurl's multi-socket API and libevent, after
 * curl's hiperfifo example.  curl tells us which sockets to watch and when
 * to call it back; libevent watches; we never block and never call
 * curl_easy_perform.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "buf.h"
#include "fetch.h"
#include "log.h"
#include "util.h"

struct fetcher {
	struct event_base	*fe_base;
	CURLM			*fe_multi;
	struct event		*fe_timer;
	struct fetch		*fe_list;	/* transfers in flight */
};

struct fetch {
	struct fetcher		*f_fetcher;
	CURL			*f_easy;
	struct buf		 f_body;
	int			 f_too_big;
	fetch_cb		 f_cb;
	void			*f_arg;
	struct curl_slist	*f_headers;
	char			 f_errbuf[CURL_ERROR_SIZE];
	struct fetch		*f_next;
	struct fetch		*f_prev;
};

/* One watched socket; curl hands it back through curl_multi_assign. */
struct fetch_sock {
	struct event		*fs_ev;
	curl_socket_t		 fs_fd;
};

static void
fetch_unlink(struct fetch *f)
{
	struct fetcher	*fe = f->f_fetcher;

	if (f->f_prev != NULL)
		f->f_prev->f_next = f->f_next;
	else
		fe->fe_list = f->f_next;
	if (f->f_next != NULL)
		f->f_next->f_prev = f->f_prev;
}

static void
fetch_destroy(struct fetch *f)
{
	curl_multi_remove_handle(f->f_fetcher->fe_multi, f->f_easy);
	curl_easy_cleanup(f->f_easy);
	curl_slist_free_all(f->f_headers);
	buf_free(&f->f_body);
	fetch_unlink(f);
	free(f);
}

static void
fetch_done(struct fetch *f, CURLcode code)
{
	struct fetch_result	 res;
	char			*ct = NULL, *url = NULL, msg[CURL_ERROR_SIZE + 64];
	double			 secs = 0;

	memset(&res, 0, sizeof(res));
	curl_easy_getinfo(f->f_easy, CURLINFO_RESPONSE_CODE, &res.res_status);
	curl_easy_getinfo(f->f_easy, CURLINFO_CONTENT_TYPE, &ct);
	curl_easy_getinfo(f->f_easy, CURLINFO_EFFECTIVE_URL, &url);
	curl_easy_getinfo(f->f_easy, CURLINFO_TOTAL_TIME, &secs);
	res.res_content_type = ct;
	res.res_url = url;
	res.res_seconds = secs;
	if (f->f_too_big) {
		snprintf(msg, sizeof(msg), "page larger than %d bytes",
		    FETCH_MAX_BODY);
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
	fetch_destroy(f);
}

static void
fetch_check_done(struct fetcher *fe)
{
	CURLMsg		*m;
	struct fetch	*f;
	int		 left;

	while ((m = curl_multi_info_read(fe->fe_multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		f = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&f);
		if (f != NULL)
			fetch_done(f, m->data.result);
	}
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
	if ((fe->fe_multi = curl_multi_init()) == NULL)
		fatalx("curl_multi_init");
	if ((fe->fe_timer = evtimer_new(base, fetch_timer_cb, fe)) == NULL)
		fatalx("evtimer_new");
	curl_multi_setopt(fe->fe_multi, CURLMOPT_SOCKETFUNCTION,
	    fetch_multi_socket);
	curl_multi_setopt(fe->fe_multi, CURLMOPT_SOCKETDATA, fe);
	curl_multi_setopt(fe->fe_multi, CURLMOPT_TIMERFUNCTION,
	    fetch_multi_timer);
	curl_multi_setopt(fe->fe_multi, CURLMOPT_TIMERDATA, fe);
	curl_multi_setopt(fe->fe_multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 64L);
	return (fe);
}

void
fetcher_free(struct fetcher *fe)
{
	if (fe == NULL)
		return;
	while (fe->fe_list != NULL)
		fetch_destroy(fe->fe_list);
	curl_multi_cleanup(fe->fe_multi);
	event_free(fe->fe_timer);
	free(fe);
	curl_global_cleanup();
}

struct fetch *
fetch_start(struct fetcher *fe, const struct fetch_request *req, fetch_cb cb,
    void *arg)
{
	struct fetch	*f;
	CURL		*e;

	f = xcalloc(1, sizeof(*f));
	f->f_fetcher = fe;
	f->f_cb = cb;
	f->f_arg = arg;
	buf_init(&f->f_body, FETCH_MAX_BODY);
	if ((e = f->f_easy = curl_easy_init()) == NULL)
		fatalx("curl_easy_init");
	f->f_headers = curl_slist_append(NULL, "Accept: text/html,"
	    "application/xhtml+xml;q=0.9,*/*;q=0.5");
	curl_easy_setopt(e, CURLOPT_URL, req->fr_url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, f);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, f->f_errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, fetch_write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, f->f_headers);
	curl_easy_setopt(e, CURLOPT_USERAGENT, req->fr_user_agent);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR,
	    req->fr_allow_file ? "http,https,file" : "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, FETCH_CONNECT_TIMEOUT);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, FETCH_TOTAL_TIMEOUT);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, FETCH_LOW_SPEED_BYTES);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, FETCH_LOW_SPEED_TIME);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)FETCH_MAX_BODY);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	f->f_next = fe->fe_list;
	if (fe->fe_list != NULL)
		fe->fe_list->f_prev = f;
	fe->fe_list = f;
	if (curl_multi_add_handle(fe->fe_multi, e) != CURLM_OK)
		fatalx("curl_multi_add_handle");
	return (f);
}

void
fetch_cancel(struct fetch *f)
{
	if (f != NULL)
		fetch_destroy(f);
}
