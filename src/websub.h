/*
 * websub.h: the daemon's own WebSub hub (W3C WebSub): subscriptions to its
 * feeds, verified by a GET to the subscriber, kept in the store, and each
 * new body of a feed pushed to its subscribers, signed when they gave a
 * secret, retried with backoff.  Requests go only where websub_allow and
 * the public Internet let them (checked on the address connected to).
 */
#ifndef PAGEFEED_WEBSUB_H
#define PAGEFEED_WEBSUB_H

#include <stddef.h>

struct app;
struct source;
struct websub;

#define WEBSUB_MAX_VERIFYING	64	/* verifications pending at once */
#define WEBSUB_MAX_INFLIGHT	16	/* deliveries sent at once */
#define WEBSUB_FIRST_RETRY	2	/* seconds; doubled each time ... */
#define WEBSUB_MAX_WAIT		900	/* ... up to this */

/* One topic's figures, for /health and /metrics. */
struct websub_topic_stat {
	const char		*wts_topic;	/* "NAME.EXT" */
	size_t			 wts_subscribers;
	unsigned long long	 wts_deliveries;
	unsigned long long	 wts_failures;	/* attempts that failed */
	unsigned long long	 wts_dropped;	/* given up after retrying */
};

/* The hub of APP (app_cf says websub = yes), with the stored subscribers. */
struct websub	*websub_new(struct app *);
/* Cancels every request in flight; the subscriptions stay stored. */
void		 websub_free(struct websub *);
/* app_cf was reloaded: its websub_allow and limits apply from now on. */
void		 websub_configure(struct websub *);
/*
 * POST /websub: the request's Content-Type (or NULL) and body.  Returns
 * the HTTP status to answer, with MSG (LEN bytes) for its body; 202 when
 * verification follows.
 */
int		 websub_post(struct websub *, const char *content_type,
		    const char *body, size_t len, char *msg, size_t msglen);
/* SRC's items changed: its feeds and the combined feeds it is in. */
void		 websub_source_changed(struct websub *,
		    const struct source *);
/* Subscribers and verifications pending now. */
size_t		 websub_subscribers(const struct websub *);
size_t		 websub_verifying(const struct websub *);
/* The topics with figures, by name (caller frees the array). */
size_t		 websub_topic_stats(const struct websub *,
		    struct websub_topic_stat **);

#endif
