/* fetch.h: HTTP(S) transfers on the event loop (libcurl multi-socket). */
#ifndef PAGEFEED_FETCH_H
#define PAGEFEED_FETCH_H

#include <sys/socket.h>

#include <stddef.h>

struct event_base;
struct fetch;
struct fetcher;

#define FETCH_LOW_SPEED_BYTES	64L	/* below this many bytes/s ... */
#define FETCH_LOW_SPEED_TIME	20L	/* ... for this long: cut off */
#define FETCH_MAX_REDIRECTS	5L
#define FETCH_MAX_TRANSFERS	64	/* max_transfers' default */
#define FETCH_TRIM_IDLE		32	/* transfers, then idle: trim ... */
#define FETCH_TRIM_EVERY	2048	/* ... or this many in any case */
#define FETCH_TRIM_GAP_MS	5000	/* idle trims at most so often */

/*
 * Strings need only live until fetch_start returns.  The limits have no
 * default here: they are the configuration's (config.c's key table).
 */
struct fetch_request {
	const char		*fr_url;
	const char		*fr_user_agent;
	int			 fr_allow_file;
	const char *const	*fr_headers;	/* "Name: value" */
	size_t			 fr_nheaders;
	const char		*fr_cookie;
	const char		*fr_proxy;	/* NULL: environment; "none" */
	int			 fr_timeout;	/* seconds, > 0 */
	int			 fr_connect_timeout;	/* seconds, > 0 */
	int			 fr_no_tls_verify;
	long			 fr_max_size;	/* bytes, > 0 */
	const char		*fr_body;	/* NULL: GET, else POST it */
	size_t			 fr_body_len;	/* 0: strlen(fr_body) */
	const char		*fr_etag;	/* conditional request */
	const char		*fr_last_modified;
	/*
	 * Requests made for someone else (WebSub callbacks): no redirects,
	 * no per-host politeness queue, and each address curl is about to
	 * connect to (after DNS, so rebinding cannot get around it) passed
	 * to FR_CONNECT_OK, which returns 0 to refuse it with WHY.
	 */
	int			 fr_no_redirects;
	int			 fr_no_host_limits;
	/* fetch_host_of(fr_url), when the caller keeps it; NULL: parsed. */
	const char		*fr_host;
	int			(*fr_connect_ok)(void *, const struct sockaddr *,
				    socklen_t, char *why, size_t);
	void			*fr_connect_arg;
};

/* Valid only during the callback. */
struct fetch_result {
	int		 res_ok;	/* transfer completed (any status) */
	long		 res_status;	/* HTTP status; 0 for file:// */
	const char	*res_error;	/* when !res_ok: why, for humans */
	const char	*res_content_type;	/* or NULL */
	const char	*res_url;	/* effective URL after redirects */
	const char	*res_body;	/* NUL-terminated */
	size_t		 res_len;
	double		 res_seconds;
	const char	*res_etag;	/* validators of the answer, or NULL */
	const char	*res_last_modified;
	long		 res_retry_after;	/* seconds, or -1 */
	const char	*res_content_language;	/* as sent, or NULL */
};

typedef void (*fetch_cb)(const struct fetch_result *, void *arg);

struct fetcher	*fetcher_new(struct event_base *, char **cause);
/*
 * Politeness per host: at most CONCURRENCY transfers to one host at once,
 * and DELAY_MS between the starts of two of them.  Transfers over the
 * limits wait in a queue, in order.
 */
void		 fetcher_set_host_limits(struct fetcher *, int concurrency,
		    int delay_ms);
/*
 * At most N transfers run at once, all hosts together; the others wait
 * in order (fetch_waiting says "max_transfers").
 */
void		 fetcher_set_max_transfers(struct fetcher *, int n);
/* Aborts every transfer in flight (their callbacks are not called). */
void		 fetcher_free(struct fetcher *);
/* Starts a transfer; CB is called once, from the event loop.  Never NULL. */
struct fetch	*fetch_start(struct fetcher *, const struct fetch_request *,
		    fetch_cb cb, void *arg);
/* Aborts a transfer; its callback is not called. */
void		 fetch_cancel(struct fetch *);
/*
 * Why a transfer has not started: "host_concurrency", "host_delay",
 * "max_transfers" or NULL.
 */
const char	*fetch_waiting(const struct fetch *);
/*
 * Host records kept: one per host with a transfer running or queued, or
 * whose host_delay since its last start has not passed yet.
 */
size_t		 fetcher_nhosts(const struct fetcher *);
/* The host a URL's transfers are limited under (caller frees), or NULL. */
char		*fetch_host_of(const char *url);

/* Retry-After: delta seconds or an HTTP date.  Returns seconds or -1. */
long		 fetch_retry_after(const char *value);

/* What a finished transfer gave, as every caller judges it. */
enum fetch_verdict {
	FETCH_BODY = 0,		/* a 2xx (or file://): the body is the page */
	FETCH_NOT_MODIFIED,	/* 304 to a conditional request */
	FETCH_FAILED		/* a transport error or another status */
};
/*
 * Judges RES, writing why into WHY (LEN bytes) unless it is FETCH_BODY; a
 * 304 also gets its words, for callers that made no conditional request.
 * With RETRY_AFTER, a 429 or 503 that said when to come back sets it (and
 * says so in WHY); otherwise it is -1.
 */
enum fetch_verdict fetch_judge(const struct fetch_result *,
		    long *retry_after, char *why, size_t len);

#endif
