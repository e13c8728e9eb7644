/*
 * httpd.c: evhttp serving feeds rendered ahead of time.  A feed request costs
 * a lookup and a reference to bytes already in memory.  The socket tuning
 * is from PERFORMANCE.md: without TCP_NODELAY and a larger single write,
 * evhttp stalls every response on Nagle and delayed ACKs.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <sys/queue.h>
#include <event2/listener.h>

#include "app.h"
#include "combined.h"
#include "blob.h"
#include "rendition.h"
#include "buf.h"
#include "config.h"
#include "conns.h"
#include "health.h"
#include "httpd.h"
#include "log.h"
#include "exposition.h"
#include "metrics.h"
#include "notify.h"
#include "site.h"
#include "render.h"
#include "source.h"
#include "util.h"
#include "websub.h"
#include "websub_req.h"

/*
 * evhttp refuses (400/413, or closes) past its own hard limits; below
 * them our checks answer with the precise status: 414 for a long URI,
 * 431 for big headers, 413 for a request body.
 */
#define HTTPD_HARD_HEADERS	(64 * 1024)
#define HTTPD_MAX_URI		4096
#define HTTPD_MAX_HEADER_BYTES	(8 * 1024)
#define HTTPD_MAX_BODY		WEBSUB_MAX_BODY	/* POST /websub only */
#define HTTPD_TIMEOUT		30	/* seconds, evhttp's own read/write */
#define HTTPD_REQUEST_DEADLINE	15	/* seconds to send a whole request */
#define HTTPD_MAX_PAGE		(64 * 1024 * 1024)	/* a page for people */
#define HTTPD_MAX_WRITE		(256 * 1024)

struct httpd {
	struct app	*h_app;
	struct evhttp	*h_http;
	struct conns	*h_conns;
	struct evhttp_bound_socket **h_bound;	/* every listener, no limit */
	size_t		 h_nbound;
};

static void
httpd_blob_cleanup(const void *data, size_t len, void *arg)
{
	(void)data;
	(void)len;
	blob_unref(arg);
}

/*
 * Sends OUT (may be NULL) as the answer.  libevent 2.1 writes a body even
 * for HEAD, which desynchronises a kept-alive connection: for HEAD only
 * the length is sent.
 */
static void
httpd_send(struct evhttp_request *req, int code, const char *reason,
    struct evbuffer *out)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);
	char			 len[32];

	if (evhttp_request_get_command(req) == EVHTTP_REQ_HEAD) {
		snprintf(len, sizeof(len), "%zu",
		    out != NULL ? evbuffer_get_length(out) : (size_t)0);
		evhttp_remove_header(h, "Content-Length");
		evhttp_add_header(h, "Content-Length", len);
		evhttp_send_reply(req, code, reason, NULL);
	} else
		evhttp_send_reply(req, code, reason, out);
}

static void
httpd_text(struct evhttp_request *req, int code, const char *reason,
    const char *body)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);
	struct evbuffer		*out = evbuffer_new();

	evhttp_add_header(h, "Content-Type", "text/plain; charset=utf-8");
	evhttp_add_header(h, "Cache-Control", "no-store");
	evbuffer_add_printf(out, "%s\n", body);
	httpd_send(req, code, reason, out);
	evbuffer_free(out);
}

/* 1 when the request's Accept-Encoding accepts gzip (q > 0). */
static int
httpd_wants_gzip(struct evhttp_request *req)
{
	const char	*ae, *p, *q;

	ae = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Accept-Encoding");
	for (p = ae; p != NULL && (p = strcasestr(p, "gzip")) != NULL; p += 4) {
		if ((p != ae && strchr(", \t", p[-1]) == NULL) ||
		    strchr(",; \t", p[4]) == NULL)
			continue;
		q = p + 4 + strspn(p + 4, " \t");
		if (*q == ';') {
			q += 1 + strspn(q + 1, " \t");
			/* "q=0", "q=0.0", "q=0.00": refused. */
			if (strncasecmp(q, "q=0", 3) == 0 &&
			    strspn(q + 3, ".0") == strcspn(q + 3, ", \t"))
				return (0);
		}
		return (1);
	}
	return (0);
}

/* 1 when If-None-Match lists ETAG (or is "*"); W/ prefixes compare weakly. */
static int
httpd_etag_matches(const char *inm, const char *etag)
{
	const char	*p = inm;
	size_t		 n = strlen(etag);

	while (*p != '\0') {
		p += strspn(p, " \t,");
		if (*p == '*')
			return (1);
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 && strchr(" \t,", p[n]) != NULL)
			return (1);
		p += strcspn(p, ",");
	}
	return (0);
}

/*
 * An HTTP date as time_t, or -1.  Recipients must accept all three forms
 * (RFC 9110 section 5.6.7): IMF-fixdate, RFC 850 and asctime; curl's
 * parser reads them all.
 */
static time_t
httpd_parse_date(const char *s)
{
	return (s != NULL ? curl_getdate(s, NULL) : -1);
}

static void
httpd_blob_reference(struct evbuffer *out, struct blob *bl)
{
	blob_ref(bl);
	if (evbuffer_add_reference(out, bl->bl_data, bl->bl_len,
	    httpd_blob_cleanup, bl) == -1) {
		blob_unref(bl);
		fatalx("evbuffer_add_reference: out of memory");
	}
}

/*
 * A feed: the rendition made when the store changed, gzip'd or not as the
 * client asks, with strong validators, answered 304 when the client has it.
 */
static void
httpd_feed(struct evhttp_request *req, struct rendition *rd, int interval,
    enum feed_format f)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);
	struct evkeyvalq	*in = evhttp_request_get_input_headers(req);
	/* Made once: the same few strings answer every request. */
	static char		 types[FEED_NFORMATS][64], cc[64];
	static int		 cc_maxage = -1;
	struct evbuffer		*out;
	const char		*etag, *inm;
	time_t			 ims;
	int			 gz, fresh, maxage;

	if (rd == NULL) {
		httpd_text(req, 503, "Service Unavailable",
		    "feed not rendered yet");
		return;
	}
	gz = rd->rd_gzip != NULL && httpd_wants_gzip(req);
	etag = gz ? rd->rd_etag_gzip : rd->rd_etag;
	/* Readers may keep it as long as we would wait to poll again. */
	maxage = interval;
	if (maxage > 3600)
		maxage = 3600;
	if (maxage != cc_maxage) {
		snprintf(cc, sizeof(cc), "public, max-age=%d", maxage);
		cc_maxage = maxage;
	}
	evhttp_add_header(h, "ETag", etag);
	evhttp_add_header(h, "Last-Modified", rd->rd_last_modified);
	evhttp_add_header(h, "Cache-Control", cc);
	evhttp_add_header(h, "Vary", "Accept-Encoding");
	/* If-None-Match wins; If-Modified-Since counts only without it. */
	if ((inm = evhttp_find_header(in, "If-None-Match")) != NULL)
		fresh = httpd_etag_matches(inm, etag);
	else
		fresh = (ims = httpd_parse_date(evhttp_find_header(in,
		    "If-Modified-Since"))) != -1 && rd->rd_modified <= ims;
	if (fresh) {
		evhttp_send_reply(req, 304, "Not Modified", NULL);
		return;
	}
	if (types[f][0] == '\0')
		snprintf(types[f], sizeof(types[f]), "%s; charset=utf-8",
		    render_formats[f].rf_type);
	evhttp_add_header(h, "Content-Type", types[f]);
	if (gz)
		evhttp_add_header(h, "Content-Encoding", "gzip");
	out = evbuffer_new();
	httpd_blob_reference(out, gz ? rd->rd_gzip : rd->rd_body);
	httpd_send(req, HTTP_OK, "OK", out);
	evbuffer_free(out);
}

static void
httpd_health(struct evhttp_request *req, struct app *app, const char *rest)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);
	struct evbuffer		*out = evbuffer_new();
	struct buf		 b;
	int			 code;

	(void)rest;
	buf_init(&b, 64 * 1024 * 1024);
	code = health_json(app, &b);
	evhttp_add_header(h, "Content-Type", "application/json");
	evhttp_add_header(h, "Cache-Control", "no-store");
	evbuffer_add(out, b.b_data, b.b_len);
	buf_free(&b);
	httpd_send(req, code, code == 200 ? "OK" : "Service Unavailable", out);
	evbuffer_free(out);
}

static void
httpd_buf_cleanup(const void *data, size_t len, void *arg)
{
	(void)data;
	(void)len;
	free(arg);
}

static void
httpd_metrics(struct evhttp_request *req, struct app *app, const char *rest)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);
	struct evbuffer		*out;
	struct buf		 b;
	size_t			 len;
	char			*data;

	(void)rest;
	buf_init(&b, 256 * 1024 * 1024);
	if (metrics_render(app->app_metrics, app, &b) == -1) {
		buf_free(&b);
		httpd_text(req, 500, "Internal Server Error",
		    "metrics too large");
		return;
	}
	evhttp_add_header(h, "Content-Type", METRICS_CONTENT_TYPE);
	evhttp_add_header(h, "Cache-Control", "no-store");
	data = buf_take(&b, &len);
	out = evbuffer_new();
	if (evbuffer_add_reference(out, data, len, httpd_buf_cleanup,
	    data) == -1)
		fatalx("evbuffer_add_reference: out of memory");
	httpd_send(req, HTTP_OK, "OK", out);
	evbuffer_free(out);
}

static struct bufferevent *
httpd_req_bev(struct evhttp_request *req)
{
	struct evhttp_connection	*evcon = evhttp_request_get_connection(req);

	return (evcon != NULL ? evhttp_connection_get_bufferevent(evcon) :
	    NULL);
}

/* When the answer is sent: counted, and the connection's clock restarts. */
static void
httpd_count_cb(struct evhttp_request *req, void *arg)
{
	struct httpd	*hd = arg;

	metrics_http(hd->h_app->app_metrics,
	    evhttp_request_get_response_code(req));
	conns_mark(hd->h_conns, httpd_req_bev(req));
}

/* A page made on request (site.c): revalidated, never sniffed. */
static void
httpd_page_status(struct evhttp_request *req, int code, const char *reason,
    const char *content_type, const struct buf *b)
{
	struct evkeyvalq	*h = evhttp_request_get_output_headers(req);
	struct evbuffer		*out = evbuffer_new();

	evhttp_add_header(h, "Content-Type", content_type);
	evhttp_add_header(h, "Cache-Control", "no-cache");
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evbuffer_add(out, b->b_data, b->b_len);
	httpd_send(req, code, reason, out);
	evbuffer_free(out);
}

static void
httpd_page(struct evhttp_request *req, const char *content_type,
    const struct buf *b)
{
	httpd_page_status(req, HTTP_OK, "OK", content_type, b);
}

/*
 * Whether the client takes HTML: a browser names text/html, curl and most
 * libraries send any type or no Accept at all.  A client that lists only
 * other types (a feed reader asking for a feed) gets the plain-text answer.
 */
static int
httpd_takes_html(struct evhttp_request *req)
{
	const char	*accept;

	accept = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Accept");
	if (accept == NULL || accept[strspn(accept, " \t")] == '\0')
		return (1);
	return (strcasestr(accept, "text/html") != NULL ||
	    strcasestr(accept, "text/*") != NULL ||
	    strstr(accept, "*/*") != NULL);
}

/* Nothing at PATH: for people, a page that lists what there is. */
static void
httpd_not_found(struct evhttp_request *req, struct app *app)
{
	struct buf	 b;

	if (!httpd_takes_html(req)) {
		httpd_text(req, 404, "Not Found", "not found");
		return;
	}
	buf_init(&b, HTTPD_MAX_PAGE);
	site_not_found(app, &b);
	httpd_page_status(req, 404, "Not Found", "text/html; charset=utf-8",
	    &b);
	buf_free(&b);
}

/* Sum of the request's header lines, roughly as they came. */
static size_t
httpd_header_bytes(struct evhttp_request *req)
{
	struct evkeyvalq	*in = evhttp_request_get_input_headers(req);
	struct evkeyval		*kv;
	size_t			 n = 0;

	TAILQ_FOREACH(kv, in, next)
		n += strlen(kv->key) + strlen(kv->value) + 4;
	return (n);
}

/*
 * What every request passes before it is routed: a NUL byte, too many
 * connections, a long URI or big headers, a method other than GET or
 * HEAD, a body.  Returns 0, or -1 when REQ was answered.
 */
static int
httpd_guard(struct httpd *hd, struct evhttp_request *req, int takes_post)
{
	struct evkeyvalq	*out = evhttp_request_get_output_headers(req);
	enum evhttp_cmd_type	 cmd = evhttp_request_get_command(req);

	if (conns_saw_nul(hd->h_conns, httpd_req_bev(req))) {
		evhttp_add_header(out, "Connection", "close");
		httpd_text(req, 400, "Bad Request", "NUL byte in the request");
		return (-1);
	}
	if (conns_count(hd->h_conns) >
	    (size_t)hd->h_app->app_cf->cf_max_connections) {
		evhttp_add_header(out, "Connection", "close");
		evhttp_add_header(out, "Retry-After", "5");
		httpd_text(req, 503, "Service Unavailable",
		    "too many connections; try again shortly");
		return (-1);
	}
	if (strlen(evhttp_request_get_uri(req)) > HTTPD_MAX_URI) {
		httpd_text(req, 414, "URI Too Long", "request URI too long");
		return (-1);
	}
	if (httpd_header_bytes(req) > HTTPD_MAX_HEADER_BYTES) {
		httpd_text(req, 431, "Request Header Fields Too Large",
		    "request header fields too large");
		return (-1);
	}
	if (takes_post)
		return (0);	/* its handler judges the method and body */
	if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD) {
		evhttp_add_header(out, "Allow", "GET, HEAD");
		/* libevent sends no Content-Length for CONNECT: end by closing. */
		evhttp_add_header(out, "Connection", "close");
		httpd_text(req, 405, "Method Not Allowed",
		    "method not allowed: use GET or HEAD");
		return (-1);
	}
	if (evbuffer_get_length(evhttp_request_get_input_buffer(req)) > 0 ||
	    evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Transfer-Encoding") != NULL) {
		httpd_text(req, 413, "Payload Too Large",
		    "no request body is accepted");
		return (-1);
	}
	return (0);
}

/* With the hub: where to subscribe and the topic (WebSub 4). */
static void
httpd_hub_links(struct evhttp_request *req, struct app *app,
    const char *name)
{
	char	*link;

	if (app->app_websub == NULL)
		return;
	xasprintf(&link, "<%swebsub>; rel=\"hub\", <%sfeeds/%s>; rel=\"self\"",
	    app->app_base_url, app->app_base_url, name);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Link",
	    link);
	free(link);
}

/* POST /websub: a subscription request, when the hub runs. */
static void
httpd_websub(struct evhttp_request *req, struct app *app, const char *rest)
{
	static const struct { int code; const char *reason; } reasons[] = {
		{ 202, "Accepted" }, { 400, "Bad Request" },
		{ 413, "Payload Too Large" },
		{ 415, "Unsupported Media Type" },
		{ 503, "Service Unavailable" },
	};
	struct evbuffer	*in = evhttp_request_get_input_buffer(req);
	const char	*reason = "Bad Request";
	char		 msg[512];
	size_t		 len = evbuffer_get_length(in), i;
	int		 code;

	(void)rest;
	if (app->app_websub == NULL) {
		httpd_not_found(req, app);
		return;
	}
	if (evhttp_request_get_command(req) != EVHTTP_REQ_POST) {
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Allow", "POST");
		httpd_text(req, 405, "Method Not Allowed", "method not "
		    "allowed: subscribe with POST (WebSub)");
		return;
	}
	code = websub_post(app->app_websub, evhttp_find_header(
	    evhttp_request_get_input_headers(req), "Content-Type"),
	    (const char *)evbuffer_pullup(in, -1), len, msg, sizeof(msg));
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].code == code)
			reason = reasons[i].reason;
	if (code == 503)
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Retry-After", "10");
	httpd_text(req, code, reason, msg);
}

/*
 * /feeds/NAME.EXT: a source's feed or a combined one; /feeds/NAME: a
 * source's preview page, for people.
 */
static void
httpd_feeds(struct evhttp_request *req, struct app *app, const char *name)
{
	struct source	*src;
	struct combined	*cb;
	struct buf	 b;
	size_t		 len = strlen(name), elen;
	int		 f;

	for (f = 0; f < FEED_NFORMATS; f++) {
		elen = strlen(render_formats[f].rf_ext);
		if (len <= elen + 1 || name[len - elen - 1] != '.' ||
		    strcmp(name + len - elen, render_formats[f].rf_ext) != 0)
			continue;
		if (source_find(app, name, len - elen - 1) != NULL ||
		    combined_find(app, name, len - elen - 1) != NULL)
			httpd_hub_links(req, app, name);
		if ((src = source_find(app, name, len - elen - 1)) != NULL)
			httpd_feed(req, source_feed(src, f),
			    src->src_conf->sc_interval, f);
		else if ((cb = combined_find(app, name, len - elen - 1)) !=
		    NULL)
			httpd_feed(req, combined_feed(cb, f),
			    combined_interval(cb), f);
		else
			break;
		return;
	}
	if ((src = source_find(app, name, len)) != NULL) {
		buf_init(&b, HTTPD_MAX_PAGE);
		if (site_feed(app, src, &b) == 0)
			httpd_page(req, "text/html; charset=utf-8", &b);
		else
			httpd_text(req, 503, "Service Unavailable",
			    "cannot read the store");
		buf_free(&b);
		return;
	}
	httpd_not_found(req, app);
}

/*
 * The paths served: a page made by HR_PAGE, or a handler; a PREFIX route
 * hands the rest of the path on.
 */
static const struct httpd_route {
	const char	*hr_path;
	int		 hr_prefix;
	void		(*hr_page)(struct app *, struct buf *);
	const char	*hr_type;	/* of the page */
	void		(*hr_handler)(struct evhttp_request *, struct app *,
			    const char *rest);
} httpd_routes[] = {
	{ "/",	0, site_index,	"text/html; charset=utf-8",	NULL },
	{ "/opml", 0, site_opml, "text/x-opml; charset=utf-8",	NULL },
	{ "/health",	0, NULL, NULL,	httpd_health },
	{ "/metrics",	0, NULL, NULL,	httpd_metrics },
	{ "/feeds/",	1, NULL, NULL,	httpd_feeds },
	{ "/websub",	0, NULL, NULL,	httpd_websub },
};

static void
httpd_route(struct evhttp_request *req, struct app *app,
    const struct httpd_route *r, const char *rest)
{
	struct buf	 b;

	if (r->hr_handler != NULL) {
		r->hr_handler(req, app, rest);
		return;
	}
	buf_init(&b, HTTPD_MAX_PAGE);
	r->hr_page(app, &b);
	httpd_page(req, r->hr_type, &b);
	buf_free(&b);
}

static void
httpd_request_cb(struct evhttp_request *req, void *arg)
{
	struct httpd		*hd = arg;
	const struct evhttp_uri	*uri = evhttp_request_get_evhttp_uri(req);
	const char		*path = uri ? evhttp_uri_get_path(uri) : NULL;
	const struct httpd_route *r;
	size_t			 i, len;

	evhttp_request_set_on_complete_cb(req, httpd_count_cb, hd);
	conns_mark(hd->h_conns, httpd_req_bev(req));
	if (httpd_guard(hd, req, hd->h_app->app_websub != NULL && path !=
	    NULL && strcmp(path, "/websub") == 0) == -1)
		return;
	if (path == NULL || path[0] == '\0') {
		httpd_text(req, 400, "Bad Request", "bad request URI");
		return;
	}
	for (i = 0; i < sizeof(httpd_routes) / sizeof(httpd_routes[0]); i++) {
		r = &httpd_routes[i];
		len = strlen(r->hr_path);
		if (r->hr_prefix ? strncmp(path, r->hr_path, len) == 0 :
		    strcmp(path, r->hr_path) == 0) {
			httpd_route(req, hd->h_app, r, path + len);
			return;
		}
	}
	httpd_not_found(req, hd->h_app);
}

/* Every connection's bufferevent writes up to HTTPD_MAX_WRITE per pass. */
static struct bufferevent *
httpd_bev_cb(struct event_base *base, void *arg)
{
	struct httpd		*hd = arg;
	struct bufferevent	*bev;

	bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (bev != NULL)
		bufferevent_set_max_single_write(bev, HTTPD_MAX_WRITE);
	return (conns_track(hd->h_conns, bev));
}

static void
httpd_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	evconnlistener_enable(arg);
}

/*
 * accept() failed, mostly for want of file descriptors (EMFILE): stop
 * accepting for a second, so that the loop does not spin on the listener
 * and the log is not flooded; say it at most once a minute.
 */
static void
httpd_accept_error(struct evconnlistener *lev, void *arg)
{
	static time_t	 last_said;
	struct timeval	 tv = { 1, 0 };
	int		 err = EVUTIL_SOCKET_ERROR();
	time_t		 now = time(NULL);

	(void)arg;
	if (now - last_said >= 60) {
		log_warnx("accepting connections: %s; pausing the listener",
		    evutil_socket_error_to_string(err));
		last_said = now;
	}
	evconnlistener_disable(lev);
	event_base_once(evconnlistener_get_base(lev), -1, EV_TIMEOUT,
	    httpd_resume_cb, lev, &tv);
}

/* Tuning and logging common to every listener. */
static void
httpd_listening(struct httpd *hd, struct evhttp_bound_socket *bs, int first)
{
	struct sockaddr_storage		 ss;
	socklen_t			 sslen = sizeof(ss);
	evutil_socket_t			 fd;
	char				 addr[INET6_ADDRSTRLEN];
	int				 one = 1, portnum;

	hd->h_bound = xreallocarray(hd->h_bound, hd->h_nbound + 1,
	    sizeof(*hd->h_bound));
	hd->h_bound[hd->h_nbound++] = bs;
	/* Out of descriptors: pause accepting instead of spinning. */
	evconnlistener_set_error_cb(evhttp_bound_socket_get_listener(bs),
	    httpd_accept_error);
	fd = evhttp_bound_socket_get_fd(bs);
	/* Accepted sockets inherit TCP_NODELAY on Linux. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (getsockname(fd, (struct sockaddr *)&ss, &sslen) == 0) {
		if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

			inet_ntop(AF_INET6, &s6->sin6_addr, addr, sizeof(addr));
			portnum = ntohs(s6->sin6_port);
			log_info("listening on [%s]:%d", addr, portnum);
		} else {
			struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

			inet_ntop(AF_INET, &s4->sin_addr, addr, sizeof(addr));
			portnum = ntohs(s4->sin_port);
			log_info("listening on %s:%d", addr, portnum);
		}
		if (first)
			hd->h_app->app_port = portnum;
	}
}

static int
httpd_bind(struct httpd *hd, const char *spec, int first, char **cause)
{
	struct evhttp_bound_socket	*bs;
	char				*host, *port;

	if (config_split_listen(spec, &host, &port) == -1) {
		xasprintf(cause, "listen %s: bad address", spec);
		return (-1);
	}
	bs = evhttp_bind_socket_with_handle(hd->h_http, host,
	    (ev_uint16_t)strtol(port, NULL, 10));
	free(host);
	free(port);
	if (bs == NULL) {
		xasprintf(cause, "listen %s: cannot bind: %s", spec,
		    strerror(errno));
		return (-1);
	}
	httpd_listening(hd, bs, first);
	return (0);
}

/* An inherited listening socket (socket activation). */
static int
httpd_adopt(struct httpd *hd, int fd, int first, char **cause)
{
	struct evhttp_bound_socket	*bs;
	int				 type = 0, listening = 0;
	socklen_t			 len = sizeof(type);

	/* Only a listening stream socket (not an Accept=yes connection). */
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1 ||
	    type != SOCK_STREAM || (len = sizeof(listening),
	    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len)) == -1 ||
	    !listening) {
		xasprintf(cause, "inherited socket %d is not a listening stream "
		    "socket", fd);
		return (-1);
	}
	if ((bs = evhttp_accept_socket_with_handle(hd->h_http, fd)) == NULL) {
		xasprintf(cause, "inherited socket %d: cannot accept on it: %s",
		    fd, strerror(errno));
		return (-1);
	}
	httpd_listening(hd, bs, first);
	return (0);
}


struct httpd *
httpd_new(struct app *app, char **cause)
{
	struct httpd	*hd;
	size_t		 i;

	hd = xcalloc(1, sizeof(*hd));
	hd->h_app = app;
	hd->h_conns = conns_new(app->app_base, HTTPD_REQUEST_DEADLINE * 1000L);
	if ((hd->h_http = evhttp_new(app->app_base)) == NULL)
		fatalx("evhttp_new");
	/* Accept every method so that we, not evhttp, answer 405 with Allow. */
	evhttp_set_allowed_methods(hd->h_http, EVHTTP_REQ_GET |
	    EVHTTP_REQ_HEAD | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
	    EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS | EVHTTP_REQ_TRACE |
	    EVHTTP_REQ_CONNECT | EVHTTP_REQ_PATCH);
	evhttp_set_max_headers_size(hd->h_http, HTTPD_HARD_HEADERS);
	evhttp_set_max_body_size(hd->h_http, HTTPD_MAX_BODY);
	evhttp_set_timeout(hd->h_http, HTTPD_TIMEOUT);
	evhttp_set_bevcb(hd->h_http, httpd_bev_cb, hd);
	evhttp_set_gencb(hd->h_http, httpd_request_cb, hd);
	/* Sockets from systemd (LISTEN_FDS) replace the listen keys. */
	for (i = 0; i < (size_t)app->app_listen_fds; i++)
		if (httpd_adopt(hd, NOTIFY_LISTEN_FDS_START + (int)i, i == 0,
		    cause) == -1) {
			httpd_free(hd);
			return (NULL);
		}
	for (i = 0; app->app_listen_fds == 0 &&
	    i < app->app_cf->cf_nlisten; i++) {
		if (httpd_bind(hd, app->app_cf->cf_listen[i], i == 0,
		    cause) == -1) {
			httpd_free(hd);
			return (NULL);
		}
	}
	/* A derived base_url names the port a "port 0" listener got. */
	free(app->app_base_url);
	app->app_base_url = config_base_url(app->app_cf, app->app_port);
	return (hd);
}

void
httpd_stop_accepting(struct httpd *hd)
{
	size_t	 i;

	if (hd == NULL)
		return;
	for (i = 0; i < hd->h_nbound; i++)
		evhttp_del_accept_socket(hd->h_http, hd->h_bound[i]);
	hd->h_nbound = 0;
}

size_t
httpd_writing(const struct httpd *hd)
{
	return (hd != NULL ? conns_writing(hd->h_conns) : 0);
}

void
httpd_free(struct httpd *hd)
{
	if (hd == NULL)
		return;
	if (hd->h_http != NULL)
		evhttp_free(hd->h_http);
	conns_free(hd->h_conns);	/* after evhttp let go of them all */
	free(hd->h_bound);
	free(hd);
}
