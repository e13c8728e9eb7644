/* fetch.h: HTTP(S) transfers on the event loop (libcurl multi-socket). */
#ifndef PAGEFEED_FETCH_H
#define PAGEFEED_FETCH_H

#include <stddef.h>

struct event_base;
struct fetch;
struct fetcher;

#define FETCH_MAX_BODY		(8 * 1024 * 1024)
#define FETCH_CONNECT_TIMEOUT	15L	/* seconds */
#define FETCH_TOTAL_TIMEOUT	60L
#define FETCH_LOW_SPEED_BYTES	64L	/* below this many bytes/s ... */
#define FETCH_LOW_SPEED_TIME	20L	/* ... for this long: cut off */

struct fetch_request {
	const char	*fr_url;
	const char	*fr_user_agent;
	int		 fr_allow_file;
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
};

typedef void (*fetch_cb)(const struct fetch_result *, void *arg);

struct fetcher	*fetcher_new(struct event_base *, char **cause);
/* Aborts every transfer in flight (their callbacks are not called). */
void		 fetcher_free(struct fetcher *);
/* Starts a transfer; CB is called once, from the event loop.  Never NULL. */
struct fetch	*fetch_start(struct fetcher *, const struct fetch_request *,
		    fetch_cb cb, void *arg);
/* Aborts a transfer; its callback is not called. */
void		 fetch_cancel(struct fetch *);

#endif
