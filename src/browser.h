/* browser.h: pages rendered by headless Chromium, driven from the loop. */
#ifndef PAGEFEED_BROWSER_H
#define PAGEFEED_BROWSER_H

#include <stddef.h>

#include "fetch.h"

struct browse;
struct browser;
struct event_base;

/*
 * Strings need only live until browse_start returns.  The limits have no
 * default here: they are the configuration's.
 */
struct browse_request {
	const char		*br_url;
	const char		*br_user_agent;	/* NULL: chromium's */
	const char *const	*br_headers;	/* "Name: value" */
	size_t			 br_nheaders;
	const char		*br_cookie;	/* "a=1; b=2", or NULL */
	const char		*br_proxy;	/* NULL: environment; "none" */
	const char		*br_wait_selector; /* CSS or xpath:; NULL: idle */
	int			 br_timeout;	/* seconds, > 0, start to DOM */
	long			 br_max_size;	/* bytes of the DOM, > 0 */
	long			 br_memory;	/* bytes, all its processes, > 0 */
	int			 br_no_tls_verify; /* any certificate will do */
};

/*
 * A renderer running at most CONCURRENCY browsers at once (one Chromium
 * per page), the rest queued in order.  CHROMIUM_PATH is
 * config_find_chromium's.  The caller ignores SIGPIPE (main.c does): a browser may die with its
 * pipe half written.  Returns NULL with *cause set (caller frees).
 */
struct browser	*browser_new(struct event_base *, const char *chromium_path,
		    int concurrency, char **cause);
/*
 * Another CHROMIUM_PATH and CONCURRENCY, and per host at most
 * HOST_CONCURRENCY renders (0: no limit) started HOST_DELAY_MS apart, for
 * the pages started from now.  browser_new's pages have no host limits.
 */
void		 browser_configure(struct browser *, const char *chromium_path,
		    int concurrency, int host_concurrency, long host_delay_ms);
/* Kills every browser and reaps it; no callback is called.  NULL is fine. */
void		 browser_free(struct browser *);
/*
 * Renders a page; CB is called once, from the event loop, with the result
 * as fetch.c gives it (res_body the DOM, "<!DOCTYPE html>" first; the
 * status of the main document).  Never NULL; the browse is gone once CB
 * returns.
 */
struct browse	*browse_start(struct browser *, const struct browse_request *,
		    fetch_cb cb, void *arg);
/* 1 while it waits for a slot (render_concurrency), 0 once started. */
int		 browse_queued(const struct browse *);
/* Kills that browser; its callback is not called. */
void		 browse_cancel(struct browse *);
/*
 * The most memory (bytes, summed over its processes) the browse was seen
 * to use so far; valid until its callback returns.
 */
size_t		 browse_peak_memory(const struct browse *);
/* Browser processes started and not yet reaped (queued pages: none). */
size_t		 browser_running(const struct browser *);

#endif
