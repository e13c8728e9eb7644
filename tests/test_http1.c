/*
 * test_http1.c: the request head parser on what clients send and what they
 * should not (RFC 9112), then a server on 127.0.0.1 answering real
 * sockets: keep-alive, pipelining, a body, HEAD, a slow reader of a large
 * answer (partial writes), closing rules and the request deadline.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "http1.h"
#include "tap.h"
#include "util.h"

/* The status http1_parse gives TEXT: its length as a positive number. */
static long
parse(const char *text, struct http1_head *hh)
{
	/* The head points into the copy: kept for the caller's checks. */
	static char	 copy[80 * 1024];
	size_t		 len = strlen(text);

	memcpy(copy, text, len + 1);
	return (http1_parse(copy, len, hh));
}

static void
parser_checks(void)
{
	static struct http1_head hh;
	char	 big[HTTP1_MAX_URI + 64], *many;
	size_t	 i;
	long	 r;

	r = parse("GET /feeds/a.atom?x=1 HTTP/1.1\r\nHost: a\r\n"
	    "Accept-Encoding:  gzip , br \r\n\r\nNEXT", &hh);
	tap_long(r, 73, "a GET: its head's length, the next bytes left");
	tap_ok(hh.hh_method == HTTP1_GET && hh.hh_minor == 1, "GET, HTTP/1.1");
	tap_str(hh.hh_path, "/feeds/a.atom", "the path without the query");
	tap_str(hh.hh_values[1], "gzip , br", "a value trimmed of spaces");
	tap_long(hh.hh_content_length, -1, "no Content-Length");
	tap_long(parse("GET / HTTP/1.1\r\nHost: a\r\n", &hh), 0,
	    "no empty line yet: more bytes needed");
	tap_long(parse("GET / HT", &hh), 0, "half a request line: wait");
	tap_long(parse("\r\n\r\nGET / HTTP/1.0\n\n", &hh), 20,
	    "empty lines before, bare LF ends: accepted");
	tap_ok(hh.hh_minor == 0, "HTTP/1.0 read");
	r = parse("GET http://example.org:80/x/y?q HTTP/1.1\r\n\r\n", &hh);
	tap_str(r > 0 ? hh.hh_path : NULL, "/x/y", "absolute form: the path");
	r = parse("GET http://example.org HTTP/1.1\r\n\r\n", &hh);
	tap_str(r > 0 ? hh.hh_path : NULL, "/", "absolute form, no path: /");
	r = parse("POST /websub HTTP/1.1\r\nContent-Length: 12\r\n\r\n", &hh);
	tap_ok(r > 0 && hh.hh_method == HTTP1_POST &&
	    hh.hh_content_length == 12, "POST with a Content-Length");
	r = parse("DELETE /x HTTP/1.1\r\n\r\n", &hh);
	tap_ok(r > 0 && hh.hh_method == HTTP1_OTHER &&
	    strcmp(hh.hh_method_name, "DELETE") == 0, "another method: named");
	r = parse("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", &hh);
	tap_ok(r > 0 && hh.hh_chunked, "Transfer-Encoding noted");

	tap_long(parse("GET /\r\n\r\n", &hh), -400, "HTTP/0.9: 400");
	tap_long(parse("GET / HTTP/2.0\r\n\r\n", &hh), -505, "HTTP/2.0: 505");
	tap_long(parse("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", &hh), -505,
	    "the HTTP/2 preface: 505");
	tap_long(parse("GET / HTTX/1.1\r\n\r\n", &hh), -400, "HTTX: 400");
	tap_long(parse("GET / HTTP/1.1 x\r\n\r\n", &hh), -400,
	    "more after the version: 400");
	tap_long(parse("GET  / HTTP/1.1\r\n\r\n", &hh), -400, "two spaces: 400");
	tap_long(parse("G(T / HTTP/1.1\r\n\r\n", &hh), -400,
	    "a method that is no token: 400");
	tap_long(parse("\x16\x03\x01\x00", &hh), -400,
	    "TLS: refused before the line ends");
	tap_long(parse("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", &hh), -400,
	    "a CR inside a line: 400");
	tap_long(parse("GET / HTTP/1.1\r\nX : a\r\n\r\n", &hh), -400,
	    "a space before the colon: 400");
	tap_long(parse("GET / HTTP/1.1\r\nno colon\r\n\r\n", &hh), -400,
	    "a line without a colon: 400");
	tap_long(parse("GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", &hh), -400,
	    "obsolete line folding: 400");
	tap_long(parse("GET / HTTP/1.1\r\nX: a\x01\r\n\r\n", &hh), -400,
	    "a control byte in a value: 400");
	tap_long(parse("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", &hh),
	    -400, "a negative Content-Length: 400");
	tap_long(parse("GET / HTTP/1.1\r\nContent-Length: 1\r\n"
	    "Content-Length: 2\r\n\r\n", &hh), -400,
	    "two Content-Lengths that differ: 400");
	tap_long(parse("GET / HTTP/1.1\r\nContent-Length: "
	    "99999999999999999999\r\n\r\n", &hh), -413,
	    "a Content-Length past any size: 413");
	tap_long(parse("get / HTTP/1.1\r\n\r\n", &hh), 18,
	    "a lower-case method is a method (not ours)");
	tap_ok(hh.hh_method == HTTP1_OTHER, "... and not GET");
	tap_long(parse("GET x HTTP/1.1\r\n\r\n", &hh), -400,
	    "a target that is no path: 400");
	tap_long(parse("\n\n / HTTP/1.1\r\n\r\n", &hh), -400,
	    "an empty method: 400");
	tap_long(parse("\r\n\r\n\r\n\r\n\r\n\r\n", &hh), -400,
	    "only empty lines: 400");

	memset(big, 'a', sizeof(big));
	memcpy(big, "GET /", 5);
	big[sizeof(big) - 1] = '\0';
	tap_long(parse(big, &hh), -414, "a long request line: 414 early");
	memcpy(big + 5 + HTTP1_MAX_URI, " HTTP/1.1\r\n\r\n", 14);
	tap_long(parse(big, &hh), -414, "a URI one byte too long: 414");
	memset(big + 5, 'a', HTTP1_MAX_URI);
	memcpy(big + 5 + HTTP1_MAX_URI - 1, " HTTP/1.1\r\n\r\n", 14);
	tap_ok(parse(big, &hh) > 0, "a URI of the limit: accepted");
	many = malloc(64 * 1024);
	strcpy(many, "GET / HTTP/1.1\r\n");
	for (i = 0; i < 120; i++)
		sprintf(many + strlen(many), "X-%zu: v\r\n", i);
	strcat(many, "\r\n");
	tap_long(parse(many, &hh), -431, "more than 100 headers: 431");
	strcpy(many, "GET / HTTP/1.1\r\n");
	for (i = 0; i < 90; i++)
		sprintf(many + strlen(many), "X-%zu: %0100d\r\n", i, 0);
	strcat(many, "\r\n");
	tap_long(parse(many, &hh), -431, "9 KB of headers: 431");
	free(many);
}

/* --- a server on real sockets --- */

static const char	*large;
static size_t		 large_len;
static int		 released;

static void
release_cb(void *arg)
{
	(void)arg;
	released++;
}

static void
handler(struct http1_req *req, void *arg)
{
	const char	*path = http1_path(req), *body;
	size_t		 len;

	(void)arg;
	if (strcmp(path, "/large") == 0) {
		http1_send_ref(req, 200, "OK", large, large_len, release_cb,
		    NULL);
		return;
	}
	if (strcmp(path, "/echo") == 0) {
		body = http1_body(req, &len);
		http1_add_header(req, "X-Method", http1_method(req) ==
		    HTTP1_POST ? "POST" : "other");
		http1_send(req, 200, "OK", body, len);
		return;
	}
	if (strcmp(path, "/close") == 0)
		http1_close_after(req);
	http1_add_header(req, "X-Path", path);
	http1_send(req, 200, "OK", "hello\n", 6);
}

static struct event_base	*base;
static int			 port;

static int
dial(void)
{
	struct sockaddr_in	 sin;
	int			 fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		perror("connect");
		exit(1);
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return (fd);
}

/*
 * Sends SEND_TEXT (unless NULL), then runs the loop while reading FD
 * until UNTIL came TIMES times (UNTIL NULL: until the peer closes; "":
 * for all of MS, to see that nothing comes), the peer closed, or MS
 * passed.  Returns what came (NUL-terminated), its length in *len.
 * Waiting for what is expected, not for a time, keeps the checks right
 * under valgrind, where the loop is many times slower.
 */
static char *
exchange(int fd, const char *send_text, const char *until, int times, int ms,
    size_t *len, int *closed)
{
	static char	 out[24 * 1024 * 1024];
	struct timeval	 tick = { 0, 5000 };
	ssize_t		 n;
	long long	 end;
	size_t		 from = 0, ulen = until != NULL ? strlen(until) : 0;
	const char	*p;
	int		 seen = 0;

	if (send_text != NULL && write(fd, send_text, strlen(send_text)) < 0)
		perror("write");
	*len = 0;
	*closed = 0;
	for (end = monotonic_ms() + ms; monotonic_ms() < end;) {
		event_base_loopexit(base, &tick);
		event_base_dispatch(base);
		while ((n = read(fd, out + *len, sizeof(out) - 1 - *len)) > 0)
			*len += (size_t)n;
		out[*len] = '\0';
		/* Only the bytes new since the last look are searched. */
		for (p = out + from; ulen > 0 && (p = strstr(p, until)) != NULL;
		    p += ulen)
			seen++;
		from = *len > ulen ? *len - ulen + 1 : 0;
		if (n == 0) {
			*closed = 1;
			break;
		}
		if (ulen > 0 && seen >= times)
			break;
	}
	return (out);
}

/* Runs the loop for MS milliseconds, reading nothing. */
static void
spin(int ms)
{
	struct timeval	 tv = { 0, ms * 1000 };

	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
}

static int
count(const char *hay, const char *needle)
{
	int	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return (n);
}

static void
server_checks(void)
{
	struct http1	*h;
	int		 fd, fd2, lfd, closed;
	size_t		 len, got;
	long long	 end;
	char		*r, *big;
	struct sockaddr_in sin;
	socklen_t	 sl = sizeof(sin);

	base = event_base_new();
	h = http1_new(base, handler, NULL, NULL, 64, 4000, 8000);
	lfd = http1_bind(h, "127.0.0.1", "0");
	tap_ok(lfd >= 0, "bound to 127.0.0.1:0");
	getsockname(lfd, (struct sockaddr *)&sin, &sl);
	port = ntohs(sin.sin_port);

	fd = dial();
	r = exchange(fd, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
	    "GET /b?q HTTP/1.1\r\nHost: x\r\n\r\n"
	    "HEAD /c HTTP/1.1\r\nHost: x\r\n\r\n", "\r\n\r\n", 3, 10000, &len,
	    &closed);
	tap_long(count(r, "HTTP/1.1 200 OK\r\n"), 3,
	    "three pipelined requests, three answers");
	tap_ok(strstr(r, "X-Path: /a") < strstr(r, "X-Path: /b") &&
	    strstr(r, "X-Path: /b") < strstr(r, "X-Path: /c"),
	    "answered in order");
	tap_long(count(r, "hello\n"), 2, "HEAD: no body");
	tap_long(count(r, "Content-Length: 6\r\n"), 3,
	    "HEAD: the body's length all the same");
	tap_ok(!closed, "HTTP/1.1: kept alive");
	r = exchange(fd, "POST /echo HTTP/1.1\r\nContent-Length: 11\r\n\r\n"
	    "hello", "", 0, 60, &len, &closed);
	tap_long((long long)len, 0, "half a body: no answer yet");
	r = exchange(fd, " world", "hello world", 1, 10000, &len, &closed);
	tap_ok(strstr(r, "X-Method: POST") != NULL &&
	    strstr(r, "\r\n\r\nhello world") != NULL, "the body, whole");
	r = exchange(fd, "POST /echo HTTP/1.1\r\nContent-Length: 3\r\n"
	    "Expect: 100-continue\r\n\r\n", "\r\n\r\n", 1, 10000, &len,
	    &closed);
	tap_str(r, "HTTP/1.1 100 Continue\r\n\r\n",
	    "Expect: 100-continue: told to go on, nothing else yet");
	r = exchange(fd, "abc\r", "abc", 1, 10000, &len, &closed);
	tap_ok(strstr(r, "\r\n\r\nabc") != NULL && count(r, "HTTP/1.1") == 1,
	    "then the body answered once, no second 100");
	r = exchange(fd, "\n", "", 0, 60, &len, &closed);
	tap_ok(len == 0 && !closed, "a CRLF after a body, split: no error");
	r = exchange(fd, "GET /a HTTP/1.1\r\nConnection: keep-alive\r\n"
	    "Connection: close\r\n\r\n", NULL, 0, 10000, &len, &closed);
	fd2 = dial();
	tap_ok(strstr(r, "Connection: close\r\n") != NULL && closed,
	    "two Connection headers: the close in the second one counts");
	close(fd);
	fd = fd2;
	r = exchange(fd, "POST /echo HTTP/1.1\r\nContent-Length: 65\r\n\r\n",
	    NULL, 0, 10000, &len, &closed);
	tap_ok(strncmp(r, "HTTP/1.1 413 ", 13) == 0 && closed,
	    "a body past the limit: 413, closed");
	close(fd);

	fd = dial();
	r = exchange(fd, "GET /close HTTP/1.1\r\n\r\nGET /a HTTP/1.1\r\n\r\n",
	    NULL, 0, 10000, &len, &closed);
	tap_ok(count(r, "HTTP/1.1 200") == 1 && closed &&
	    strstr(r, "Connection: close\r\n") != NULL,
	    "a closing answer: said, the next request dropped, closed");
	close(fd);
	fd = dial();
	r = exchange(fd, "GET /a HTTP/1.0\r\n\r\n", NULL, 0, 10000, &len,
	    &closed);
	tap_ok(count(r, "HTTP/1.1 200") == 1 && closed,
	    "HTTP/1.0 without keep-alive: closed after the answer");
	close(fd);
	fd = dial();
	r = exchange(fd, "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
	    "hello\n", 1, 10000, &len, &closed);
	tap_ok(strstr(r, "Connection: keep-alive\r\n") != NULL && !closed,
	    "HTTP/1.0 keep-alive: said and kept");
	r = exchange(fd, "GET /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "0\r\n\r\n", NULL, 0, 10000, &len, &closed);
	tap_ok(strncmp(r, "HTTP/1.1 411 ", 13) == 0 && closed,
	    "a chunked request: 411, closed");
	close(fd);

	/* A large answer to a reader that waits: sent in parts. */
	big = malloc(16 * 1024 * 1024);
	memset(big, 'z', 16 * 1024 * 1024);
	large = big;
	large_len = 16 * 1024 * 1024;
	fd = dial();
	if (write(fd, "GET /large HTTP/1.1\r\n\r\nGET /after HTTP/1.1\r\n\r\n",
	    46) != 46)
		perror("write");
	for (end = monotonic_ms() + 10000; http1_writing(h) == 0 &&
	    monotonic_ms() < end;)
		spin(10);
	spin(50);
	tap_ok(http1_writing(h) == 1, "a large answer waits for its reader");
	r = exchange(fd, NULL, "X-Path: /after", 1, 30000, &len, &closed);
	got = len;
	tap_ok(got > large_len && strstr(r + got - 200, "X-Path: /after") !=
	    NULL, "all of it came, then the pipelined answer");
	tap_long(released, 1, "its body released once sent");
	tap_long(http1_writing(h), 0, "nothing left to write");
	close(fd);

	/* A head in pieces, its end split: found when its last byte comes. */
	fd = dial();
	{
		static const char *const pieces[] = { "GET /bytes HTTP/1.1\r",
		    "\nHost: x\r\n", "\r", "\n" };
		size_t		 k;
		int		 early = 0;

		for (k = 0; k < 4; k++) {
			r = exchange(fd, pieces[k], k < 3 ? "" : "hello\n", 1,
			    k < 3 ? 30 : 10000, &len, &closed);
			early |= k < 3 && len > 0;
		}
		tap_ok(!early && strstr(r, "X-Path: /bytes") != NULL,
		    "a head in pieces: answered after its last byte");
	}
	close(fd);

	/* The deadline: a request never finished, the connection closed. */
	fd = dial();
	r = exchange(fd, "GET /slow HTTP/1.1\r\nHost:", NULL, 0, 20000, &len,
	    &closed);
	tap_ok(closed && len == 0, "no whole request within 4 s: closed");
	close(fd);
	fd = dial();
	for (end = monotonic_ms() + 10000; http1_count(h) == 0 &&
	    monotonic_ms() < end;)
		spin(10);
	tap_long((long long)http1_count(h), 1, "a connection counted");
	close(fd);
	exchange(dial(), "GET /a HTTP/1.1\r\n\r\n", "hello\n", 1, 10000, &len,
	    &closed);
	http1_free(h);	/* with a connection open: closed, nothing leaks */
	event_base_free(base);
	free(big);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	parser_checks();
	server_checks();
	return (tap_done());
}
