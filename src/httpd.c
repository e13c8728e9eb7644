/*
 * httpd.c: serving feeds rendered ahead of time, on http1.c's connections.
 * A feed request costs a lookup and a reference to bytes already in
 * memory.  The socket tuning is from PERFORMANCE.md: without TCP_NODELAY
 * every response stalls on Nagle and delayed ACKs.
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

#include "app.h"
#include "combined.h"
#include "blob.h"
#include "rendition.h"
#include "buf.h"
#include "config.h"
#include "health.h"
#include "http1.h"
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

#define HTTPD_MAX_BODY		WEBSUB_MAX_BODY	/* POST /websub only */
#define HTTPD_TIMEOUT		30	/* seconds a reader may stall an answer */
#define HTTPD_REQUEST_DEADLINE	15	/* seconds to send a whole request */
#define HTTPD_MAX_PAGE		(64 * 1024 * 1024)	/* a page for people */

struct httpd {
	struct app	*h_app;
	struct http1	*h_http;
};

static void
httpd_blob_release(void *arg)
{
	blob_unref(arg);
}

static void
httpd_text(struct http1_req *req, int code, const char *reason,
    const char *body)
{
	char	*text;
	int	 n;

	http1_add_header(req, "Content-Type", "text/plain; charset=utf-8");
	http1_add_header(req, "Cache-Control", "no-store");
	n = xasprintf(&text, "%s\n", body);
	http1_send(req, code, reason, text, (size_t)n);
	free(text);
}

/* A body in a buf, handed over without a copy. */
static void
httpd_send_buf(struct http1_req *req, int code, const char *reason,
    struct buf *b)
{
	size_t	 len;
	char	*data = buf_take(b, &len);

	http1_send_ref(req, code, reason, data, len, free, data);
}

/* 1 when the request's Accept-Encoding accepts gzip (q > 0). */
static int
httpd_wants_gzip(struct http1_req *req)
{
	const char	*ae, *p, *q;

	ae = http1_header(req, "Accept-Encoding");
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

/*
 * A feed: the rendition made when the store changed, gzip'd or not as the
 * client asks, with strong validators, answered 304 when the client has it.
 */
static void
httpd_feed(struct http1_req *req, struct rendition *rd, int interval,
    enum feed_format f)
{
	/* Made once: the same few strings answer every request. */
	static char		 types[FEED_NFORMATS][64], cc[64];
	static int		 cc_maxage = -1;
	struct blob		*bl;
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
	http1_add_header(req, "ETag", etag);
	http1_add_header(req, "Last-Modified", rd->rd_last_modified);
	http1_add_header(req, "Cache-Control", cc);
	http1_add_header(req, "Vary", "Accept-Encoding");
	/* If-None-Match wins; If-Modified-Since counts only without it. */
	if ((inm = http1_header(req, "If-None-Match")) != NULL)
		fresh = httpd_etag_matches(inm, etag);
	else
		fresh = (ims = httpd_parse_date(http1_header(req,
		    "If-Modified-Since"))) != -1 && rd->rd_modified <= ims;
	if (fresh) {
		http1_send(req, 304, "Not Modified", NULL, 0);
		return;
	}
	if (types[f][0] == '\0')
		snprintf(types[f], sizeof(types[f]), "%s; charset=utf-8",
		    render_formats[f].rf_type);
	http1_add_header(req, "Content-Type", types[f]);
	if (gz)
		http1_add_header(req, "Content-Encoding", "gzip");
	bl = gz ? rd->rd_gzip : rd->rd_body;
	blob_ref(bl);
	http1_send_ref(req, 200, "OK", bl->bl_data, bl->bl_len,
	    httpd_blob_release, bl);
}

static void
httpd_health(struct http1_req *req, struct app *app, const char *rest)
{
	struct buf	 b;
	int		 code;

	(void)rest;
	buf_init(&b, 64 * 1024 * 1024);
	code = health_json(app, &b);
	http1_add_header(req, "Content-Type", "application/json");
	http1_add_header(req, "Cache-Control", "no-store");
	httpd_send_buf(req, code, code == 200 ? "OK" : "Service Unavailable",
	    &b);
}

static void
httpd_metrics(struct http1_req *req, struct app *app, const char *rest)
{
	struct buf	 b;

	(void)rest;
	buf_init(&b, 256 * 1024 * 1024);
	if (metrics_render(app->app_metrics, app, &b) == -1) {
		buf_free(&b);
		httpd_text(req, 500, "Internal Server Error",
		    "metrics too large");
		return;
	}
	http1_add_header(req, "Content-Type", METRICS_CONTENT_TYPE);
	http1_add_header(req, "Cache-Control", "no-store");
	httpd_send_buf(req, 200, "OK", &b);
}

/* Every answer counted, the listener's own refusals too. */
static void
httpd_answered(int code, void *arg)
{
	struct httpd	*hd = arg;

	metrics_http(hd->h_app->app_metrics, code);
}

/* A page made on request (site.c): revalidated, never sniffed. */
static void
httpd_page_status(struct http1_req *req, int code, const char *reason,
    const char *content_type, struct buf *b)
{
	http1_add_header(req, "Content-Type", content_type);
	http1_add_header(req, "Cache-Control", "no-cache");
	http1_add_header(req, "X-Content-Type-Options", "nosniff");
	httpd_send_buf(req, code, reason, b);
}

static void
httpd_page(struct http1_req *req, const char *content_type, struct buf *b)
{
	httpd_page_status(req, 200, "OK", content_type, b);
}

/*
 * Whether the client takes HTML: a browser names text/html, curl and most
 * libraries send any type or no Accept at all.  A client that lists only
 * other types (a feed reader asking for a feed) gets the plain-text answer.
 */
static int
httpd_takes_html(struct http1_req *req)
{
	const char	*accept = http1_header(req, "Accept");

	if (accept == NULL || accept[strspn(accept, " \t")] == '\0')
		return (1);
	return (strcasestr(accept, "text/html") != NULL ||
	    strcasestr(accept, "text/*") != NULL ||
	    strstr(accept, "*/*") != NULL);
}

/* Nothing at PATH: for people, a page that lists what there is. */
static void
httpd_not_found(struct http1_req *req, struct app *app)
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

/*
 * What every request passes before it is routed (http1.c refused bad
 * framing, NULs, long URIs and big headers already): too many
 * connections, a method other than GET or HEAD, a body.  Returns 0, or
 * -1 when REQ was answered.
 */
static int
httpd_guard(struct httpd *hd, struct http1_req *req, int takes_post)
{
	enum http1_method	 m = http1_method(req);
	size_t			 len;

	if (http1_count(hd->h_http) >
	    (size_t)hd->h_app->app_cf->cf_max_connections) {
		http1_close_after(req);
		http1_add_header(req, "Retry-After", "5");
		httpd_text(req, 503, "Service Unavailable",
		    "too many connections; try again shortly");
		return (-1);
	}
	if (takes_post)
		return (0);	/* its handler judges the method and body */
	if (m != HTTP1_GET && m != HTTP1_HEAD) {
		http1_add_header(req, "Allow", "GET, HEAD");
		http1_close_after(req);
		httpd_text(req, 405, "Method Not Allowed",
		    "method not allowed: use GET or HEAD");
		return (-1);
	}
	if (http1_body(req, &len), len > 0) {
		httpd_text(req, 413, "Payload Too Large",
		    "no request body is accepted");
		return (-1);
	}
	return (0);
}

/* With the hub: where to subscribe and the topic (WebSub 4). */
static void
httpd_hub_links(struct http1_req *req, struct app *app,
    const char *name)
{
	char	*link;

	if (app->app_websub == NULL)
		return;
	xasprintf(&link, "<%swebsub>; rel=\"hub\", <%sfeeds/%s>; rel=\"self\"",
	    app->app_base_url, app->app_base_url, name);
	http1_add_header(req, "Link", link);
	free(link);
}

/* POST /websub: a subscription request, when the hub runs. */
static void
httpd_websub(struct http1_req *req, struct app *app, const char *rest)
{
	static const struct { int code; const char *reason; } reasons[] = {
		{ 202, "Accepted" }, { 400, "Bad Request" },
		{ 413, "Payload Too Large" },
		{ 415, "Unsupported Media Type" },
		{ 503, "Service Unavailable" },
	};
	const char	*reason = "Bad Request", *body;
	char		 msg[512];
	size_t		 len, i;
	int		 code;

	(void)rest;
	if (app->app_websub == NULL) {
		httpd_not_found(req, app);
		return;
	}
	if (http1_method(req) != HTTP1_POST) {
		http1_add_header(req, "Allow", "POST");
		httpd_text(req, 405, "Method Not Allowed", "method not "
		    "allowed: subscribe with POST (WebSub)");
		return;
	}
	body = http1_body(req, &len);
	code = websub_post(app->app_websub, http1_header(req, "Content-Type"),
	    body, len, msg, sizeof(msg));
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].code == code)
			reason = reasons[i].reason;
	if (code == 503)
		http1_add_header(req, "Retry-After", "10");
	httpd_text(req, code, reason, msg);
}

/*
 * /feeds/NAME.EXT: a source's feed or a combined one; /feeds/NAME: a
 * source's preview page, for people.
 */
static void
httpd_feeds(struct http1_req *req, struct app *app, const char *name)
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
	void		(*hr_handler)(struct http1_req *, struct app *,
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
httpd_route(struct http1_req *req, struct app *app,
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
httpd_request_cb(struct http1_req *req, void *arg)
{
	struct httpd		*hd = arg;
	const char		*path = http1_path(req);
	const struct httpd_route *r;
	size_t			 i, len;

	if (httpd_guard(hd, req, hd->h_app->app_websub != NULL &&
	    strcmp(path, "/websub") == 0) == -1)
		return;
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

/* Tuning and logging common to every listener. */
static void
httpd_listening(struct httpd *hd, int fd, int first)
{
	struct sockaddr_storage		 ss;
	socklen_t			 sslen = sizeof(ss);
	char				 addr[INET6_ADDRSTRLEN];
	int				 one = 1, portnum;

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
	char	*host, *port;
	int	 fd;

	if (config_split_listen(spec, &host, &port) == -1) {
		xasprintf(cause, "listen %s: bad address", spec);
		return (-1);
	}
	fd = http1_bind(hd->h_http, host, port);
	free(host);
	free(port);
	if (fd == -1) {
		xasprintf(cause, "listen %s: cannot bind: %s", spec,
		    strerror(errno));
		return (-1);
	}
	httpd_listening(hd, fd, first);
	return (0);
}

/* An inherited listening socket (socket activation). */
static int
httpd_adopt(struct httpd *hd, int fd, int first, char **cause)
{
	int		 type = 0, listening = 0;
	socklen_t	 len = sizeof(type);

	/* Only a listening stream socket (not an Accept=yes connection). */
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1 ||
	    type != SOCK_STREAM || (len = sizeof(listening),
	    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len)) == -1 ||
	    !listening) {
		xasprintf(cause, "inherited socket %d is not a listening stream "
		    "socket", fd);
		return (-1);
	}
	if (http1_adopt(hd->h_http, fd) == -1) {
		xasprintf(cause, "inherited socket %d: cannot accept on it: %s",
		    fd, strerror(errno));
		return (-1);
	}
	httpd_listening(hd, fd, first);
	return (0);
}


struct httpd *
httpd_new(struct app *app, char **cause)
{
	struct httpd	*hd;
	size_t		 i;

	hd = xcalloc(1, sizeof(*hd));
	hd->h_app = app;
	hd->h_http = http1_new(app->app_base, httpd_request_cb,
	    httpd_answered, hd, HTTPD_MAX_BODY, HTTPD_REQUEST_DEADLINE * 1000L,
	    HTTPD_TIMEOUT * 1000L);
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
	if (hd != NULL)
		http1_stop_accepting(hd->h_http);
}

size_t
httpd_writing(const struct httpd *hd)
{
	return (hd != NULL ? http1_writing(hd->h_http) : 0);
}

void
httpd_free(struct httpd *hd)
{
	if (hd == NULL)
		return;
	http1_free(hd->h_http);
	free(hd);
}
