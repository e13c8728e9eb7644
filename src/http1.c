/*
 * http1.c: HTTP/1.1 on our own sockets.  evhttp spent on each request an
 * ioctl, a readv, two epoll_ctl (write interest on, then off) and a dozen
 * small allocations; here a request is one read and one sendmsg, its head
 * parsed in a copy of its own bytes, the answer's head built in a buffer
 * the connection keeps.  A connection that has sent nothing complete
 * within the deadline is closed (slowloris clients and idle keep-alives
 * alike); one that does not read its answer is closed after write_ms.
 * Anything unusual in a request is refused with its status and the
 * connection closed after the answer, never guessed at.
 */
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <netdb.h>

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/listener.h>

#include "buf.h"
#include "http1.h"
#include "log.h"
#include "util.h"

/* No end of head by here: refused (a request line and 8 KB of headers fit). */
#define HTTP1_HARD_HEAD	(HTTP1_MAX_URI + HTTP1_MAX_HEADER_BYTES + 4096)
#define HTTP1_READ	(64 * 1024)	/* one read at most */
#define HTTP1_KEEP_IN	(16 * 1024)	/* an idle connection's buffer kept */
#define HTTP1_MAX_METHOD 32
#define HTTP1_EMPTY_LINES 4		/* before a request line, ignored */
#define HTTP1_SWEEP_MS	100
#define HTTP1_LINGER_MS	2000		/* draining after a closing answer */
#define HTTP1_BACKLOG	128

struct http1_conn {
	struct http1		*c_h;
	int			 c_fd;
	struct event		*c_ev;
	short			 c_events;	/* what c_ev waits for */
	char			*c_in;		/* bytes read, not yet used */
	size_t			 c_in_len, c_in_cap;
	struct buf		 c_out;		/* the answer's head (+ body) */
	size_t			 c_out_off;	/* of it sent */
	const char		*c_body;	/* a body sent by reference */
	size_t			 c_body_len, c_body_off;
	void			(*c_release)(void *);
	void			*c_release_arg;
	long long		 c_mark_ms;	/* accepted, or last request */
	long long		 c_write_ms;	/* the client last took bytes */
	int			 c_close;	/* close once the answer is out */
	int			 c_lingering;	/* shut for writing, draining */
	int			 c_continued;	/* sent 100 Continue */
	size_t			 c_scanned;	/* of c_in: no head end in it */
	int			 c_dead;
	LIST_ENTRY(http1_conn)	 c_entry;
};

LIST_HEAD(http1_conns, http1_conn);

struct http1_listener {
	struct http1		*l_h;
	struct evconnlistener	*l_lev;
	struct event		*l_resume;
};

struct http1 {
	struct event_base	*h_base;
	http1_handler		 h_handler;
	http1_answered		 h_answered;
	void			*h_arg;
	size_t			 h_max_body;
	long			 h_deadline_ms, h_write_ms;
	struct http1_conns	 h_conns;
	size_t			 h_count;
	struct event		*h_sweep;
	struct http1_listener	**h_lis;
	size_t			 h_nlis;
	char			*h_read;	/* HTTP1_READ bytes, shared */
	char			*h_work;	/* a head being parsed */
	struct buf		 h_hdrs;	/* the answer's headers so far */
	time_t			 h_date_at;
	char			 h_date[64];	/* "Date: ...\r\n" of h_date_at */
};

struct http1_req {
	struct http1_conn	*r_c;
	const struct http1_head	*r_head;
	const char		*r_body;
	size_t			 r_body_len;
	int			 r_keepalive;
	int			 r_sent;
};

static void	http1_conn_cb(evutil_socket_t, short, void *);

/* RFC 9110 5.6.2: the characters of a method or a header name. */
static int
http1_tchar(unsigned char ch)
{
	return (ch > 0x20 && ch < 0x7f && strchr("\"(),/:;<=>?@[\\]{}",
	    ch) == NULL);
}

/* Empty lines a client may send before a request line: their length. */
static size_t
http1_skip_empty(const char *d, size_t len)
{
	size_t	 at = 0, n;

	for (n = 0; n < HTTP1_EMPTY_LINES; n++) {
		if (at < len && d[at] == '\n')
			at++;
		else if (at + 1 < len && d[at] == '\r' && d[at + 1] == '\n')
			at += 2;
		else
			break;
	}
	return (at);
}

/*
 * The length of the head at D (through its empty line), 0 when it is not
 * complete yet, or -status when what came already cannot be a request:
 * a NUL, a method that is no token, a line or a head past every limit.
 * The first FROM bytes were looked at before (no end of head, no NUL in
 * them): a head that comes a byte at a time is not scanned again whole.
 */
static long
http1_head_len(const char *d, size_t len, size_t from)
{
	const char	*nl, *first;
	size_t		 at = http1_skip_empty(d, len), i;
	long		 hl = 0;

	if (len - at == 1 && d[at] == '\r')
		return (0);	/* an empty line's CR, its LF to come */
	for (i = at; i < len && d[i] != ' '; i++)
		if (!http1_tchar((unsigned char)d[i]) ||
		    i - at >= HTTP1_MAX_METHOD)
			return (-400);
	first = memchr(d + at, '\n', len - at);
	from = from > at ? (from < len ? from : len) : at;
	for (nl = d + from; hl == 0 && (nl = memchr(nl, '\n',
	    (size_t)(d + len - nl))) != NULL; nl++) {
		/* Never a head longer than the hard limit, even complete. */
		if (nl + 3 - d > HTTP1_HARD_HEAD)
			return (nl == first ? -414 : -431);
		if (nl + 1 < d + len && nl[1] == '\n')
			hl = (long)(nl + 2 - d);
		else if (nl + 2 < d + len && nl[1] == '\r' && nl[2] == '\n')
			hl = (long)(nl + 3 - d);
	}
	if (memchr(d + from, '\0', (hl > 0 ? (size_t)hl : len) - from) != NULL)
		return (-400);
	if (hl > 0)
		return (hl);
	/* No end yet: a request line this long is refused now. */
	if (first == NULL && len - at > HTTP1_MAX_URI + HTTP1_MAX_METHOD + 16)
		return (-414);
	return (len > HTTP1_HARD_HEAD ? (first == NULL ? -414 : -431) : 0);
}

/* The next line at *P (ending before END), NUL-terminated; NULL if bad. */
static char *
http1_line(char **p, char *end)
{
	char	*line = *p, *nl = memchr(line, '\n', (size_t)(end - line)), *e;

	if (nl == NULL)
		return (NULL);
	*p = nl + 1;
	e = nl;
	if (e > line && e[-1] == '\r')
		e--;
	*e = '\0';
	/* A CR inside a line would let it be read two ways. */
	return (memchr(line, '\r', (size_t)(e - line)) == NULL ? line : NULL);
}

/* The path of TARGET: origin form, or absolute form without its authority. */
static const char *
http1_target_path(char *target)
{
	char	*p = target, *q;

	if (strncasecmp(p, "http://", 7) == 0 ||
	    strncasecmp(p, "https://", 8) == 0) {
		p = strstr(p, "//") + 2;
		if ((p = strchr(p, '/')) == NULL)
			return ("/");
	} else if (*p != '/' && strcmp(p, "*") != 0)
		return (NULL);
	if ((q = strpbrk(p, "?#")) != NULL)
		*q = '\0';
	return (p);
}

/* "METHOD SP TARGET SP HTTP/1.x": 0, or -status. */
static int
http1_request_line(char *line, struct http1_head *hh)
{
	static const struct { const char *name; enum http1_method m; }
	    methods[] = {
		{ "GET", HTTP1_GET }, { "HEAD", HTTP1_HEAD },
		{ "POST", HTTP1_POST },
	};
	char	*target, *version, *p;
	size_t	 i;

	if ((target = strchr(line, ' ')) == NULL || target == line)
		return (-400);
	*target++ = '\0';
	if ((version = strchr(target, ' ')) == NULL)
		return (-400);	/* HTTP/0.9 */
	*version++ = '\0';
	hh->hh_target_len = strlen(target);
	if (hh->hh_target_len > HTTP1_MAX_URI)
		return (-414);
	for (p = target; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return (-400);
	if (strncmp(version, "HTTP/", 5) != 0 || version[5] < '0' ||
	    version[5] > '9' || version[6] != '.' || version[7] < '0' ||
	    version[7] > '9' || version[8] != '\0')
		return (-400);
	if (version[5] != '1')
		return (-505);
	hh->hh_minor = version[7] - '0';
	if ((hh->hh_path = http1_target_path(target)) == NULL)
		return (-400);
	hh->hh_method_name = line;
	hh->hh_method = HTTP1_OTHER;
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(line, methods[i].name) == 0)
			hh->hh_method = methods[i].m;
	return (0);
}

/* Content-Length and Transfer-Encoding, which frame the body: 0 or -status. */
static int
http1_framing(const char *name, const char *value, struct http1_head *hh)
{
	long long	 n = 0;
	const char	*p;

	if (strcasecmp(name, "Transfer-Encoding") == 0) {
		hh->hh_chunked = 1;
		return (0);
	}
	if (strcasecmp(name, "Content-Length") != 0)
		return (0);
	if (*value == '\0' || strspn(value, "0123456789") != strlen(value))
		return (-400);
	for (p = value; *p != '\0'; p++) {
		if (n > (LLONG_MAX - 9) / 10)
			return (-413);
		n = n * 10 + (*p - '0');
	}
	if (hh->hh_content_length != -1 && hh->hh_content_length != n)
		return (-400);
	hh->hh_content_length = n;
	return (0);
}

/* One "name: value" line: 0, or -status. */
static int
http1_header_line(char *line, struct http1_head *hh)
{
	char	*colon, *v, *e;

	if (*line == ' ' || *line == '\t')
		return (-400);	/* obsolete line folding */
	for (colon = line; http1_tchar((unsigned char)*colon); colon++)
		;
	if (colon == line || *colon != ':')
		return (-400);
	*colon = '\0';
	v = colon + 1 + strspn(colon + 1, " \t");
	for (e = v; *e != '\0'; e++)
		if (((unsigned char)*e < 0x20 && *e != '\t') || *e == 0x7f)
			return (-400);
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	if (hh->hh_nheaders == HTTP1_MAX_HEADERS)
		return (-431);
	hh->hh_names[hh->hh_nheaders] = line;
	hh->hh_values[hh->hh_nheaders++] = v;
	return (http1_framing(line, v, hh));
}

long
http1_parse(char *data, size_t len, struct http1_head *hh)
{
	long	 hl = http1_head_len(data, len, 0);
	char	*p, *end, *line, *first;
	size_t	 bytes = 0;
	int	 r;

	if (hl <= 0)
		return (hl);
	memset(hh, 0, offsetof(struct http1_head, hh_names));
	hh->hh_content_length = -1;
	p = data + http1_skip_empty(data, len);
	end = data + hl;
	if ((first = http1_line(&p, end)) == NULL)
		return (-400);
	while ((line = http1_line(&p, end)) != NULL && *line != '\0') {
		if ((bytes += strlen(line) + 2) > HTTP1_MAX_HEADER_BYTES)
			return (-431);
		if ((r = http1_header_line(line, hh)) < 0)
			return (r);
	}
	if (line == NULL)
		return (-400);
	if ((r = http1_request_line(first, hh)) < 0)
		return (r);
	return (hl);
}

/* 1 when the comma-separated list VALUE names TOKEN. */
static int
http1_has_token(const char *value, const char *token)
{
	size_t	 n = strlen(token), len;

	while (value != NULL && *value != '\0') {
		value += strspn(value, " \t,");
		len = strcspn(value, " \t,");
		if (len == n && strncasecmp(value, token, n) == 0)
			return (1);
		value += len;
	}
	return (0);
}

static const char *
http1_head_header(const struct http1_head *hh, const char *name)
{
	size_t	 i;

	for (i = 0; i < hh->hh_nheaders; i++)
		if (strcasecmp(hh->hh_names[i], name) == 0)
			return (hh->hh_values[i]);
	return (NULL);
}

static void
http1_grow(char **p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	*cap = need < 1024 ? 1024 : need + need / 2;
	*p = xreallocarray(*p, *cap, 1);
}


static void
http1_want(struct http1_conn *c, short what)
{
	if (c->c_events == what)
		return;
	event_del(c->c_ev);
	event_assign(c->c_ev, c->c_h->h_base, c->c_fd, what | EV_PERSIST,
	    http1_conn_cb, c);
	if (event_add(c->c_ev, NULL) == -1)
		c->c_dead = 1;
	c->c_events = what;
}

static void
http1_release_body(struct http1_conn *c)
{
	if (c->c_release != NULL)
		c->c_release(c->c_release_arg);
	c->c_release = NULL;
	c->c_body = NULL;
	c->c_body_len = c->c_body_off = 0;
}

static int
http1_pending(const struct http1_conn *c)
{
	return (c->c_out_off < c->c_out.b_len || c->c_body_off < c->c_body_len);
}

/* Sends what the answer has left, as far as the socket takes it. */
static void
http1_flush(struct http1_conn *c)
{
	struct iovec	 iov[2];
	struct msghdr	 msg;
	ssize_t		 n;
	size_t		 head;

	while (http1_pending(c)) {
		head = c->c_out.b_len - c->c_out_off;
		iov[0].iov_base = c->c_out.b_data + c->c_out_off;
		iov[0].iov_len = head;
		iov[1].iov_base = c->c_body != NULL ? (char *)c->c_body +
		    c->c_body_off : NULL;
		iov[1].iov_len = c->c_body_len - c->c_body_off;
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = head > 0 ? iov : iov + 1;
		msg.msg_iovlen = head > 0 ? (iov[1].iov_len > 0 ? 2 : 1) : 1;
		if ((n = sendmsg(c->c_fd, &msg, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				c->c_dead = 1;
			return;
		}
		c->c_write_ms = monotonic_ms();
		if ((size_t)n <= head)
			c->c_out_off += (size_t)n;
		else {
			c->c_out_off = c->c_out.b_len;
			c->c_body_off += (size_t)n - head;
		}
	}
	buf_reset(&c->c_out);
	c->c_out_off = 0;
	http1_release_body(c);
	c->c_mark_ms = monotonic_ms();
}

static void
http1_conn_free(struct http1_conn *c)
{
	struct http1	*h = c->c_h;

	LIST_REMOVE(c, c_entry);
	h->h_count--;
	event_free(c->c_ev);
	close(c->c_fd);
	http1_release_body(c);
	free(c->c_in);
	buf_free(&c->c_out);
	free(c);
}

/* The "Date: " header line of this second. */
static const char *
http1_date(struct http1 *h)
{
	time_t		 now = time(NULL);
	struct tm	 tm;

	if (now != h->h_date_at && gmtime_r(&now, &tm) != NULL) {
		strftime(h->h_date, sizeof(h->h_date),
		    "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
		h->h_date_at = now;
	}
	return (h->h_date);
}

/* Appends the C string S to the connection's output. */
static void
http1_put(struct http1_conn *c, const char *s, size_t n)
{
	if (buf_add(&c->c_out, s, n) == -1)
		fatalx("http1: an answer past any size");
}

/* N in decimal: a printf per answer showed in the profile. */
static void
http1_put_number(struct http1_conn *c, size_t n)
{
	char	 digits[24], *p = digits + sizeof(digits);

	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	http1_put(c, p, (size_t)(digits + sizeof(digits) - p));
}

/* The answer's head into the connection's output, then its body. */
static void
http1_answer(struct http1_req *req, int code, const char *reason,
    size_t len)
{
	struct http1_conn	*c = req->r_c;
	struct http1		*h = c->c_h;
	const char		*date = http1_date(h);

	if (!req->r_keepalive)
		c->c_close = 1;
	buf_reset(&c->c_out);
	c->c_out_off = 0;
	http1_put(c, "HTTP/1.1 ", 9);
	http1_put_number(c, (size_t)(code % 1000));
	http1_put(c, " ", 1);
	http1_put(c, reason, strlen(reason));
	http1_put(c, "\r\n", 2);
	http1_put(c, h->h_hdrs.b_data, h->h_hdrs.b_len);
	http1_put(c, date, strlen(date));
	if (code >= 200 && code != 204 && code != 304) {
		http1_put(c, "Content-Length: ", 16);
		http1_put_number(c, len);
		http1_put(c, "\r\n", 2);
	}
	if (c->c_close)
		http1_put(c, "Connection: close\r\n", 19);
	else if (req->r_head->hh_minor == 0)
		http1_put(c, "Connection: keep-alive\r\n", 24);
	http1_put(c, "\r\n", 2);
	req->r_sent = 1;
	buf_reset(&h->h_hdrs);
	if (h->h_answered != NULL)
		h->h_answered(code, h->h_arg);
	c->c_write_ms = monotonic_ms();
}

static int
http1_bodiless(const struct http1_req *req, int code)
{
	return (req->r_head->hh_method == HTTP1_HEAD || code < 200 ||
	    code == 204 || code == 304);
}

void
http1_send(struct http1_req *req, int code, const char *reason,
    const void *body, size_t len)
{
	struct http1_conn	*c = req->r_c;

	if (req->r_sent)
		return;
	http1_answer(req, code, reason, len);
	if (!http1_bodiless(req, code))
		http1_put(c, body, len);
	http1_flush(c);
}

void
http1_send_ref(struct http1_req *req, int code, const char *reason,
    const void *body, size_t len, void (*release)(void *), void *arg)
{
	struct http1_conn	*c = req->r_c;

	if (req->r_sent) {
		release(arg);
		return;
	}
	http1_answer(req, code, reason, len);
	if (http1_bodiless(req, code))
		release(arg);
	else {
		c->c_body = body;
		c->c_body_len = len;
		c->c_body_off = 0;
		c->c_release = release;
		c->c_release_arg = arg;
	}
	http1_flush(c);
}

void
http1_add_header(struct http1_req *req, const char *name, const char *value)
{
	struct http1	*h = req->r_c->c_h;
	size_t		 nl = strlen(name), vl = strlen(value);

	if (buf_add(&h->h_hdrs, name, nl) == -1 ||
	    buf_add(&h->h_hdrs, ": ", 2) == -1 ||
	    buf_add(&h->h_hdrs, value, vl) == -1 ||
	    buf_add(&h->h_hdrs, "\r\n", 2) == -1)
		fatalx("http1: headers past any size");
}

void
http1_close_after(struct http1_req *req)
{
	req->r_keepalive = 0;
}

enum http1_method
http1_method(const struct http1_req *req)
{
	return (req->r_head->hh_method);
}

const char *
http1_path(const struct http1_req *req)
{
	return (req->r_head->hh_path);
}

const char *
http1_header(const struct http1_req *req, const char *name)
{
	return (http1_head_header(req->r_head, name));
}

const char *
http1_body(const struct http1_req *req, size_t *len)
{
	*len = req->r_body_len;
	return (req->r_body);
}

/* A request the handler never sees: its status, and the connection ends. */
static void
http1_refuse(struct http1_conn *c, int code)
{
	static const struct { int code; const char *reason, *text; } why[] = {
		{ 400, "Bad Request", "bad request\n" },
		{ 411, "Length Required", "a body needs a Content-Length\n" },
		{ 413, "Payload Too Large", "request body too large\n" },
		{ 414, "URI Too Long", "request URI too long\n" },
		{ 431, "Request Header Fields Too Large",
		    "request header fields too large\n" },
		{ 505, "HTTP Version Not Supported", "use HTTP/1.1\n" },
	};
	struct http1_head	 hh;
	struct http1_req	 req;
	size_t			 i;

	memset(&hh, 0, offsetof(struct http1_head, hh_names));
	hh.hh_minor = 1;
	memset(&req, 0, sizeof(req));
	req.r_c = c;
	req.r_head = &hh;
	buf_reset(&c->c_h->h_hdrs);
	for (i = 0; i < sizeof(why) / sizeof(why[0]) - 1; i++)
		if (why[i].code == code)
			break;
	http1_add_header(&req, "Content-Type", "text/plain; charset=utf-8");
	http1_add_header(&req, "Cache-Control", "no-store");
	http1_send(&req, why[i].code, why[i].reason, why[i].text,
	    strlen(why[i].text));
}

/* A complete request to the handler. */
static void
http1_dispatch(struct http1_conn *c, const struct http1_head *hh,
    const char *body, size_t len)
{
	struct http1		*h = c->c_h;
	struct http1_req	 req;
	size_t			 i;
	int			 close_ = 0, keep = 0;

	/* Every Connection header counts ("close" in any of them wins). */
	for (i = 0; i < hh->hh_nheaders; i++)
		if (strcasecmp(hh->hh_names[i], "Connection") == 0) {
			close_ |= http1_has_token(hh->hh_values[i], "close");
			keep |= http1_has_token(hh->hh_values[i], "keep-alive");
		}
	memset(&req, 0, sizeof(req));
	req.r_c = c;
	req.r_head = hh;
	req.r_body = body;
	req.r_body_len = len;
	req.r_keepalive = !close_ && (hh->hh_minor >= 1 || keep);
	buf_reset(&h->h_hdrs);
	h->h_handler(&req, h->h_arg);
	if (!req.r_sent)
		http1_send(&req, 500, "Internal Server Error", NULL, 0);
}

/*
 * A client waiting for "100 Continue" before its body gets it once, as
 * an answer of its own (no other is being sent: requests wait for that).
 */
static void
http1_continue(struct http1_conn *c, const struct http1_head *hh)
{
	const char	*expect = http1_head_header(hh, "Expect");

	if (c->c_continued || expect == NULL || hh->hh_minor < 1 ||
	    strcasecmp(expect, "100-continue") != 0)
		return;
	c->c_continued = 1;
	buf_reset(&c->c_out);
	c->c_out_off = 0;
	http1_put(c, "HTTP/1.1 100 Continue\r\n\r\n", 25);
	http1_flush(c);
}

/*
 * One request at D (LEN bytes): its length when it was answered, 0 when
 * more bytes are needed, -1 when the connection is to end.
 */
static long
http1_one(struct http1_conn *c, char *d, size_t len)
{
	struct http1		*h = c->c_h;
	struct http1_head	 hh;
	long			 hl = http1_head_len(d, len, c->c_scanned);
	long long		 cl;

	if (hl == 0) {
		/* An end of head may start in the last bytes: from there. */
		c->c_scanned = len > 3 ? len - 3 : 0;
		return (0);
	}
	c->c_scanned = 0;
	if (hl > 0) {
		memcpy(h->h_work, d, (size_t)hl);
		hl = http1_parse(h->h_work, (size_t)hl, &hh);
	}
	if (hl < 0) {
		http1_refuse(c, (int)-hl);
		return (-1);
	}
	cl = hh.hh_content_length > 0 ? hh.hh_content_length : 0;
	if (hh.hh_chunked || cl > (long long)h->h_max_body) {
		http1_refuse(c, hh.hh_chunked ? (hh.hh_content_length != -1 ?
		    400 : 411) : 413);
		return (-1);
	}
	if (len - (size_t)hl < (size_t)cl) {
		http1_continue(c, &hh);
		return (0);
	}
	http1_dispatch(c, &hh, d + hl, (size_t)cl);
	c->c_continued = 0;
	return (hl + (long)cl);
}

/* Answers the requests in D (LEN bytes) while answers go out at once. */
static void
http1_consume(struct http1_conn *c, char *d, size_t len)
{
	size_t	 off = 0;
	long	 n;

	while (off < len && !c->c_close && !c->c_dead && !http1_pending(c)) {
		if ((n = http1_one(c, d + off, len - off)) == 0)
			break;
		if (n < 0) {
			off = len;
			break;
		}
		off += (size_t)n;
	}
	/* What is left waits in the connection's own buffer. */
	if (off == len)
		;
	else if (d != c->c_in) {
		http1_grow(&c->c_in, &c->c_in_cap, len - off);
		memcpy(c->c_in, d + off, len - off);
	} else
		memmove(c->c_in, c->c_in + off, len - off);
	c->c_in_len = len - off;
	if (c->c_in_len == 0)
		c->c_scanned = 0;
	if (c->c_in_len == 0 && c->c_in_cap > HTTP1_KEEP_IN) {
		free(c->c_in);
		c->c_in = NULL;
		c->c_in_cap = 0;
	}
}

/* The answer is out: shut a closing connection, or go on reading. */
static void
http1_after_write(struct http1_conn *c)
{
	if (c->c_close && !c->c_lingering) {
		/* Read to the end before closing: an unread request would
		 * make the close a reset that destroys our answer. */
		shutdown(c->c_fd, SHUT_WR);
		c->c_lingering = 1;
		c->c_in_len = 0;
		c->c_mark_ms = monotonic_ms();
	}
	http1_want(c, EV_READ);
}

/* Reads what came; 0 at the end of the stream or on an error. */
static ssize_t
http1_read(struct http1_conn *c, char **d)
{
	ssize_t	 n;

	if (c->c_in_len > 0 && !c->c_lingering) {
		http1_grow(&c->c_in, &c->c_in_cap, c->c_in_len + HTTP1_READ / 4);
		*d = c->c_in;
		do
			n = read(c->c_fd, c->c_in + c->c_in_len,
			    c->c_in_cap - c->c_in_len);
		while (n == -1 && errno == EINTR);
	} else {
		*d = c->c_h->h_read;
		do
			n = read(c->c_fd, *d, HTTP1_READ);
		while (n == -1 && errno == EINTR);
	}
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return (-1);
	return (n > 0 ? n : 0);
}

static void
http1_conn_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http1_conn	*c = arg;
	ssize_t			 n;
	char			*d;

	(void)fd;
	if (what & EV_WRITE)
		http1_flush(c);
	else if ((n = http1_read(c, &d)) == 0)
		c->c_dead = 1;
	else if (n > 0 && !c->c_lingering)
		http1_consume(c, d, (d == c->c_in ? c->c_in_len : 0) +
		    (size_t)n);
	/* Requests kept while an answer was going out come next. */
	while (!c->c_dead && !http1_pending(c) && !c->c_close &&
	    c->c_in_len > 0 && (what & EV_WRITE)) {
		n = (ssize_t)c->c_in_len;
		http1_consume(c, c->c_in, c->c_in_len);
		if ((size_t)n == c->c_in_len)
			break;	/* no whole request yet */
	}
	if (c->c_dead) {
		http1_conn_free(c);
		return;
	}
	if (http1_pending(c))
		http1_want(c, EV_WRITE);
	else
		http1_after_write(c);
}

static void
http1_sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http1		*h = arg;
	struct http1_conn	*c, *next;
	long long		 now = monotonic_ms();
	struct timeval		 tv = { 0, HTTP1_SWEEP_MS * 1000 };

	(void)fd;
	(void)what;
	for (c = LIST_FIRST(&h->h_conns); c != NULL; c = next) {
		next = LIST_NEXT(c, c_entry);
		if (c->c_lingering ? now - c->c_mark_ms > HTTP1_LINGER_MS :
		    http1_pending(c) ? now - c->c_write_ms > h->h_write_ms :
		    now - c->c_mark_ms > h->h_deadline_ms)
			http1_conn_free(c);
	}
	if (h->h_count > 0)
		evtimer_add(h->h_sweep, &tv);
}

static void
http1_accept_cb(struct evconnlistener *lev, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct http1_listener	*l = arg;
	struct http1		*h = l->l_h;
	struct http1_conn	*c;
	struct timeval		 tv = { 0, HTTP1_SWEEP_MS * 1000 };

	(void)lev;
	(void)sa;
	(void)salen;
	c = xcalloc(1, sizeof(*c));
	c->c_h = h;
	c->c_fd = fd;
	c->c_mark_ms = c->c_write_ms = monotonic_ms();
	c->c_events = EV_READ;
	buf_init(&c->c_out, SIZE_MAX);	/* our own answers: no cap to keep */
	if ((c->c_ev = event_new(h->h_base, fd, EV_READ | EV_PERSIST,
	    http1_conn_cb, c)) == NULL || event_add(c->c_ev, NULL) == -1) {
		/* epoll full (max_user_watches): this client only. */
		log_warnx("http1: cannot watch a new connection; closed");
		if (c->c_ev != NULL)
			event_free(c->c_ev);
		close(fd);
		free(c);
		return;
	}
	LIST_INSERT_HEAD(&h->h_conns, c, c_entry);
	h->h_count++;
	if (!evtimer_pending(h->h_sweep, NULL))
		evtimer_add(h->h_sweep, &tv);
}

static void
http1_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http1_listener	*l = arg;

	(void)fd;
	(void)what;
	evconnlistener_enable(l->l_lev);
}

/*
 * accept() failed, mostly for want of file descriptors (EMFILE): stop
 * accepting for a second, so that the loop does not spin on the listener
 * and the log is not flooded; say it at most once a minute.
 */
static void
http1_accept_error(struct evconnlistener *lev, void *arg)
{
	static time_t		 last_said;
	struct http1_listener	*l = arg;
	struct timeval		 tv = { 1, 0 };
	int			 err = EVUTIL_SOCKET_ERROR();
	time_t			 now = time(NULL);

	if (now - last_said >= 60) {
		log_warnx("accepting connections: %s; pausing the listener",
		    evutil_socket_error_to_string(err));
		last_said = now;
	}
	evconnlistener_disable(lev);
	evtimer_add(l->l_resume, &tv);
}

int
http1_adopt(struct http1 *h, int fd)
{
	struct http1_listener	*l = xcalloc(1, sizeof(*l));

	l->l_h = h;
	l->l_lev = evconnlistener_new(h->h_base, http1_accept_cb, l,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 0, fd);
	if (l->l_lev == NULL) {
		free(l);
		return (-1);
	}
	if ((l->l_resume = evtimer_new(h->h_base, http1_resume_cb, l)) == NULL)
		fatalx("evtimer_new");
	evconnlistener_set_error_cb(l->l_lev, http1_accept_error);
	h->h_lis = xreallocarray(h->h_lis, h->h_nlis + 1, sizeof(*h->h_lis));
	h->h_lis[h->h_nlis++] = l;
	return (0);
}

int
http1_bind(struct http1 *h, const char *host, const char *port)
{
	struct addrinfo	 hints, *ai = NULL;
	int		 fd = -1, one = 1, saved;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if (getaddrinfo(host, port, &hints, &ai) != 0 || ai == NULL) {
		errno = EADDRNOTAVAIL;
		return (-1);
	}
	if ((fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 ||
	    listen(fd, HTTP1_BACKLOG) == -1 || http1_adopt(h, fd) == -1) {
		saved = errno;
		if (fd != -1)
			close(fd);
		freeaddrinfo(ai);
		errno = saved;
		return (-1);
	}
	freeaddrinfo(ai);
	return (fd);
}

struct http1 *
http1_new(struct event_base *base, http1_handler handler,
    http1_answered answered, void *arg, size_t max_body, long deadline_ms,
    long write_ms)
{
	struct http1	*h = xcalloc(1, sizeof(*h));

	h->h_base = base;
	h->h_handler = handler;
	h->h_answered = answered;
	h->h_arg = arg;
	h->h_max_body = max_body;
	h->h_deadline_ms = deadline_ms;
	h->h_write_ms = write_ms;
	LIST_INIT(&h->h_conns);
	if ((h->h_sweep = evtimer_new(base, http1_sweep_cb, h)) == NULL)
		fatalx("evtimer_new");
	buf_init(&h->h_hdrs, SIZE_MAX);
	h->h_read = xmalloc(HTTP1_READ);
	h->h_work = xmalloc(HTTP1_HARD_HEAD + 4);
	return (h);
}

void
http1_stop_accepting(struct http1 *h)
{
	size_t	 i;

	if (h == NULL)
		return;
	for (i = 0; i < h->h_nlis; i++) {
		evconnlistener_free(h->h_lis[i]->l_lev);
		event_free(h->h_lis[i]->l_resume);
		free(h->h_lis[i]);
	}
	h->h_nlis = 0;
}

size_t
http1_count(const struct http1 *h)
{
	return (h->h_count);
}

size_t
http1_writing(const struct http1 *h)
{
	const struct http1_conn	*c;
	size_t			 n = 0;

	LIST_FOREACH(c, &h->h_conns, c_entry)
		if (http1_pending(c))
			n++;
	return (n);
}

void
http1_free(struct http1 *h)
{
	if (h == NULL)
		return;
	http1_stop_accepting(h);
	while (!LIST_EMPTY(&h->h_conns))
		http1_conn_free(LIST_FIRST(&h->h_conns));
	event_free(h->h_sweep);
	free(h->h_lis);
	free(h->h_read);
	free(h->h_work);
	buf_free(&h->h_hdrs);
	free(h);
}
