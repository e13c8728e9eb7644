/*
 * websub_req.h: a WebSub subscription request (W3C WebSub 5.1) read from
 * hostile bytes: the form body, its parameters checked, and a topic URL
 * taken apart into the feed it names.  Pure functions: no state, no I/O.
 */
#ifndef PAGEFEED_WEBSUB_REQ_H
#define PAGEFEED_WEBSUB_REQ_H

#include <stddef.h>

#define WEBSUB_MAX_BODY		(16 * 1024)	/* a request's form body */
#define WEBSUB_MAX_CALLBACK	2048		/* bytes of a callback URL */
#define WEBSUB_MAX_TOPIC	2048
#define WEBSUB_MAX_SECRET	199		/* the spec: under 200 bytes */

enum websub_mode {
	WEBSUB_SUBSCRIBE = 0,
	WEBSUB_UNSUBSCRIBE
};

struct websub_req {
	enum websub_mode	 wr_mode;
	char			*wr_topic;
	char			*wr_callback;
	char			*wr_host;	/* the callback's, no brackets */
	char			*wr_secret;	/* or NULL */
	long			 wr_lease;	/* seconds asked, or -1 */
};

/*
 * Reads a request's body of LEN bytes sent with CONTENT_TYPE (NULL: none
 * given) into WR.  Returns 0, or the HTTP status to answer (400, 415)
 * with WHY (LEN bytes) saying what was wrong, and WR left empty.
 */
int	websub_req_parse(const char *content_type, const char *body,
	    size_t len, struct websub_req *wr, char *why, size_t whylen);
void	websub_req_clear(struct websub_req *);

/*
 * The feed TOPIC names under BASE (which ends in '/'): "NAME.EXT" (caller
 * frees) when TOPIC is BASE "feeds/NAME.EXT" with EXT one of EXTS (NEXTS
 * of them, the index into *ext), or NULL.
 */
char	*websub_topic_feed(const char *base, const char *topic,
	    const char *const *exts, size_t nexts, size_t *ext);

/* The host of an absolute http(s) URL, without brackets, or NULL. */
char	*websub_callback_host(const char *url);

/*
 * URL as logs show it (caller frees): scheme, host, port and path; a
 * password or a query may be the subscriber's secret, so neither is.
 */
char	*websub_url_shown(const char *url);

/*
 * URL with PARAMS (NPARAMS "name", "value" pairs) added to its query, the
 * values escaped (caller frees), or NULL when URL cannot be read.
 */
char	*websub_url_with(const char *url, const char *const *params,
	    size_t nparams);

#endif
