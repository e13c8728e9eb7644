/*
 * http1.h: HTTP/1.1 on our own sockets.  Requests are parsed in place in
 * the bytes read; an answer is written with one sendmsg (head and body);
 * connections are counted and bounded in time.
 */
#ifndef PAGEFEED_HTTP1_H
#define PAGEFEED_HTTP1_H

#include <stddef.h>

struct event_base;
struct http1;
struct http1_req;

#define HTTP1_MAX_URI		4096		/* longer: 414 */
#define HTTP1_MAX_HEADER_BYTES	(8 * 1024)	/* more: 431 */
#define HTTP1_MAX_HEADERS	100		/* more: 431 */

enum http1_method {
	HTTP1_GET, HTTP1_HEAD, HTTP1_POST, HTTP1_OTHER
};

/* A request head as parsed: pointers into the bytes, NUL-terminated. */
struct http1_head {
	enum http1_method	 hh_method;
	const char		*hh_method_name;
	size_t			 hh_target_len;	/* as sent */
	const char		*hh_path;	/* without query, absolute form's
						   scheme and authority */
	int			 hh_minor;	/* HTTP/1.x */
	long long		 hh_content_length;	/* -1: none */
	int			 hh_chunked;	/* a Transfer-Encoding came */
	size_t			 hh_nheaders;
	const char		*hh_names[HTTP1_MAX_HEADERS];
	const char		*hh_values[HTTP1_MAX_HEADERS];
};

/*
 * Parses the request head at the start of DATA (LEN bytes): returns its
 * length (the body, if any, follows), 0 when more bytes are needed, or
 * -status (400, 414, 431, 505) when it must be refused.  DATA is changed
 * (line ends become NULs) only when the head is complete.
 */
long		 http1_parse(char *data, size_t len, struct http1_head *);

typedef void	(*http1_handler)(struct http1_req *, void *arg);
/* Told the status of every answer, the refusals included. */
typedef void	(*http1_answered)(int code, void *arg);

/*
 * A server calling HANDLER for each request; MAX_BODY bounds a request
 * body (413 past it).  DEADLINE_MS: how long a connection may go without
 * a complete request while nothing is written to it (slowloris clients
 * and idle keep-alives alike); WRITE_MS: how long an answer may wait for
 * the client to read.
 */
struct http1	*http1_new(struct event_base *, http1_handler,
		    http1_answered, void *arg, size_t max_body,
		    long deadline_ms, long write_ms);
void		 http1_free(struct http1 *);
/* Listens on HOST:PORT; the socket, or -1 and errno. */
int		 http1_bind(struct http1 *, const char *host, const char *port);
/* Accepts on FD, a socket already listening (socket activation). */
int		 http1_adopt(struct http1 *, int fd);
void		 http1_stop_accepting(struct http1 *);
size_t		 http1_count(const struct http1 *);	/* open now */
size_t		 http1_writing(const struct http1 *);	/* answers unsent */

/* The request, while the handler runs. */
enum http1_method http1_method(const struct http1_req *);
const char	*http1_path(const struct http1_req *);
const char	*http1_header(const struct http1_req *, const char *name);
const char	*http1_body(const struct http1_req *, size_t *len);

/* The answer: headers first, then one send; the connection is kept
 * alive unless http1_close_after was called or the client said close. */
void		 http1_add_header(struct http1_req *, const char *name,
		    const char *value);
void		 http1_close_after(struct http1_req *);
/* BODY is copied. */
void		 http1_send(struct http1_req *, int code, const char *reason,
		    const void *body, size_t len);
/* BODY stays the caller's until RELEASE(ARG) is called, once sent. */
void		 http1_send_ref(struct http1_req *, int code,
		    const char *reason, const void *body, size_t len,
		    void (*release)(void *), void *arg);

#endif
