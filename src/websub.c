/*
 * websub.c: the WebSub hub.  A subscription request is answered 202 and
 * verified by a GET to the callback with a random challenge (WebSub 5.3);
 * a topic that is none of our feeds, or one over the limits, gets the
 * denial GET instead (5.2).  A verified subscription is kept in the store.
 * When a feed's body changes, each subscriber of it gets the body by POST
 * (7): one delivery at a time per subscriber, a newer body replacing one
 * that waits, failures retried with backoff for websub_retry.  Every
 * request is made through fetch.c with fr_connect_ok, so the address
 * actually connected to (after DNS) is checked against the policy.
 */
#include <sys/queue.h>
#include <sys/socket.h>

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <libxml/hash.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "addrpolicy.h"
#include "app.h"
#include "blob.h"
#include "combined.h"
#include "config.h"
#include "fetch.h"
#include "log.h"
#include "render.h"
#include "rendition.h"
#include "source.h"
#include "store.h"
#include "util.h"
#include "websub.h"
#include "websub_req.h"

#define WEBSUB_ANSWER_MAX	(1024 * 1024)	/* a subscriber's answer */
#define WEBSUB_CHALLENGE_BYTES	24

struct websub_sub;
TAILQ_HEAD(websub_subs, websub_sub);

/* A feed that has subscribers, or had: "NAME.EXT". */
struct websub_topic {
	char			*wt_name;
	enum feed_format	 wt_format;
	struct websub_subs	 wt_subs;
	size_t			 wt_nsubs;
	unsigned long long	 wt_deliveries, wt_failures, wt_dropped;
	char			 wt_etag[40];	/* of the body last pushed */
};

struct websub_sub {
	struct websub		*su_hub;
	struct websub_topic	*su_topic;
	TAILQ_ENTRY(websub_sub)	 su_entry;	/* wt_subs */
	TAILQ_ENTRY(websub_sub)	 su_qentry;	/* ws_ready, when su_queued */
	int			 su_queued;
	char			*su_callback;
	char			*su_host;	/* the callback's */
	char			*su_shown;	/* the callback as logs show it */
	char			*su_secret;	/* or NULL */
	long			 su_lease;
	time_t			 su_expires;
	time_t			 su_created;
	struct blob		*su_pending;	/* newest body not yet sent */
	struct blob		*su_sending;	/* the body in flight */
	struct fetch		*su_fetch;
	struct event		*su_retry;	/* backoff timer */
	time_t			 su_failing_since;	/* 0: not failing */
	int			 su_attempts;
};

/* A GET to a callback: a verification of intent, or a denial. */
struct websub_verify {
	struct websub		*wv_hub;
	TAILQ_ENTRY(websub_verify) wv_entry;
	struct websub_req	 wv_req;
	char			*wv_topic;	/* "NAME.EXT", or NULL: denied */
	enum feed_format	 wv_format;
	long			 wv_lease;
	char			 wv_challenge[2 * WEBSUB_CHALLENGE_BYTES + 1];
	struct fetch		*wv_fetch;
};

struct websub {
	struct app		*ws_app;
	struct addr_policy	 ws_policy;
	xmlHashTablePtr		 ws_topics;	/* name → websub_topic */
	size_t			 ws_nsubs;
	TAILQ_HEAD(, websub_verify) ws_verifying;
	size_t			 ws_nverifying;
	struct websub_subs	 ws_ready;	/* deliveries waiting a slot */
	size_t			 ws_inflight;
	struct event		*ws_sweep;	/* the next lease to expire */
};

static const char *const websub_exts[FEED_NFORMATS] = {
	[FEED_RSS] = "rss", [FEED_ATOM] = "atom", [FEED_JSON] = "json"
};

/* The feed's name in a topic's "NAME.EXT" (EXT the format's): its length. */
static size_t
websub_feed_len(const char *topic, enum feed_format f)
{
	return (strlen(topic) - strlen(websub_exts[f]) - 1);
}

static void	websub_pump(struct websub *);
static void	websub_sweep_arm(struct websub *);

/* fetch.c asks before each connection: may HOST's request reach SA? */
static int
websub_connect_ok(struct websub *ws, const char *host,
    const struct sockaddr *sa, socklen_t len, char *why, size_t whylen)
{
	const char	*range = NULL;
	char		 addr[NI_MAXHOST];

	if (addr_policy_allows(&ws->ws_policy, host, sa, len, &range))
		return (1);
	if (getnameinfo(sa, len, addr, sizeof(addr), NULL, 0,
	    NI_NUMERICHOST) != 0)
		snprintf(addr, sizeof(addr), "?");
	snprintf(why, whylen, "callback address %s is %s: not allowed "
	    "(websub_allow opens it)", addr, range != NULL ? range : "refused");
	return (0);
}

static int
websub_sub_connect_ok(void *arg, const struct sockaddr *sa, socklen_t len,
    char *why, size_t whylen)
{
	struct websub_sub	*sub = arg;

	return (websub_connect_ok(sub->su_hub, sub->su_host, sa, len, why,
	    whylen));
}

static int
websub_verify_connect_ok(void *arg, const struct sockaddr *sa, socklen_t len,
    char *why, size_t whylen)
{
	struct websub_verify	*wv = arg;

	return (websub_connect_ok(wv->wv_hub, wv->wv_req.wr_host, sa, len,
	    why, whylen));
}

/* What every request of the hub shares: guarded, no redirects. */
static void
websub_request(struct websub *ws, struct fetch_request *req, const char *url)
{
	const struct config	*cf = ws->ws_app->app_cf;

	memset(req, 0, sizeof(*req));
	req->fr_url = url;
	req->fr_user_agent = cf->cf_user_agent;
	req->fr_proxy = "none";
	req->fr_timeout = cf->cf_timeout < 30 ? cf->cf_timeout : 30;
	req->fr_connect_timeout = cf->cf_connect_timeout;
	req->fr_max_size = WEBSUB_ANSWER_MAX;
	req->fr_no_redirects = 1;
	req->fr_no_host_limits = 1;
}

/* The topic called NAME, made when MAKE and it is not known yet. */
static struct websub_topic *
websub_topic(struct websub *ws, const char *name, enum feed_format f,
    int make)
{
	struct websub_topic	*wt;

	if ((wt = xmlHashLookup(ws->ws_topics, (const xmlChar *)name)) !=
	    NULL || !make)
		return (wt);
	wt = xcalloc(1, sizeof(*wt));
	wt->wt_name = xstrdup(name);
	wt->wt_format = f;
	TAILQ_INIT(&wt->wt_subs);
	if (xmlHashAddEntry(ws->ws_topics, (const xmlChar *)name, wt) != 0)
		fatalx("xmlHashAddEntry");
	return (wt);
}

static struct websub_sub *
websub_sub_find(struct websub_topic *wt, const char *callback)
{
	struct websub_sub	*sub;

	if (wt == NULL)
		return (NULL);
	TAILQ_FOREACH(sub, &wt->wt_subs, su_entry)
		if (strcmp(sub->su_callback, callback) == 0)
			return (sub);
	return (NULL);
}

/* Forgets SUB in memory (the caller decides about the store). */
static void
websub_sub_free(struct websub_sub *sub)
{
	struct websub	*ws = sub->su_hub;

	if (sub->su_fetch != NULL) {
		fetch_cancel(sub->su_fetch);
		ws->ws_inflight--;
	}
	if (sub->su_queued)
		TAILQ_REMOVE(&ws->ws_ready, sub, su_qentry);
	if (sub->su_retry != NULL)
		event_free(sub->su_retry);
	TAILQ_REMOVE(&sub->su_topic->wt_subs, sub, su_entry);
	sub->su_topic->wt_nsubs--;
	ws->ws_nsubs--;
	blob_unref(sub->su_pending);
	blob_unref(sub->su_sending);
	free_all(sub->su_callback, sub->su_host, sub->su_shown,
	    sub->su_secret);
	free(sub);
}

/* Ends SUB: gone from memory and from the store. */
static void
websub_sub_end(struct websub_sub *sub, const char *why)
{
	struct websub	*ws = sub->su_hub;
	char		*cause = NULL;

	log_info("websub: %s: %s: %s", sub->su_topic->wt_name,
	    sub->su_shown, why);
	if (store_sub_delete(ws->ws_app->app_store, sub->su_topic->wt_name,
	    sub->su_callback, &cause) == -1) {
		log_warnx("websub: forgetting a subscriber: %s", cause);
		free(cause);
	}
	websub_sub_free(sub);
}

static void
websub_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct websub_sub	*sub = arg;

	(void)fd;
	(void)what;
	if (sub->su_pending != NULL && !sub->su_queued &&
	    sub->su_fetch == NULL) {
		TAILQ_INSERT_TAIL(&sub->su_hub->ws_ready, sub, su_qentry);
		sub->su_queued = 1;
	}
	websub_pump(sub->su_hub);
}

/* SUB has a body to send: it waits for a slot, unless busy or backing off. */
static void
websub_sub_ready(struct websub_sub *sub)
{
	if (sub->su_queued || sub->su_fetch != NULL ||
	    (sub->su_retry != NULL && evtimer_pending(sub->su_retry, NULL)))
		return;
	TAILQ_INSERT_TAIL(&sub->su_hub->ws_ready, sub, su_qentry);
	sub->su_queued = 1;
}

/* A delivery failed: retried after a wait, or dropped when out of time. */
static void
websub_delivery_failed(struct websub_sub *sub, const char *why)
{
	struct websub		*ws = sub->su_hub;
	struct timeval		 tv = { 0, 0 };
	time_t			 now = time(NULL);
	long			 wait = WEBSUB_FIRST_RETRY;
	int			 i;

	sub->su_topic->wt_failures++;
	if (sub->su_failing_since == 0)
		sub->su_failing_since = now;
	/* The body that failed is sent again, unless a newer one waits. */
	if (sub->su_pending == NULL)
		sub->su_pending = sub->su_sending;
	else
		blob_unref(sub->su_sending);
	sub->su_sending = NULL;
	for (i = 0; i < sub->su_attempts && wait < WEBSUB_MAX_WAIT; i++)
		wait *= 2;
	if (wait > WEBSUB_MAX_WAIT)
		wait = WEBSUB_MAX_WAIT;
	sub->su_attempts++;
	if (now - sub->su_failing_since + wait >
	    ws->ws_app->app_cf->cf_websub_retry) {
		log_warnx("websub: %s: delivery to %s dropped after %d "
		    "attempts: %s", sub->su_topic->wt_name, sub->su_shown,
		    sub->su_attempts, why);
		sub->su_topic->wt_dropped++;
		blob_unref(sub->su_pending);
		sub->su_pending = NULL;
		sub->su_failing_since = 0;
		sub->su_attempts = 0;
		return;
	}
	log_info("websub: %s: delivery to %s failed (%s); again in %lds",
	    sub->su_topic->wt_name, sub->su_shown, why, wait);
	if (sub->su_retry == NULL)
		sub->su_retry = evtimer_new(ws->ws_app->app_base,
		    websub_retry_cb, sub);
	tv.tv_sec = wait;
	evtimer_add(sub->su_retry, &tv);
}

static void
websub_delivered(const struct fetch_result *res, void *arg)
{
	struct websub_sub	*sub = arg;
	struct websub		*ws = sub->su_hub;
	char			 why[512];

	sub->su_fetch = NULL;
	ws->ws_inflight--;
	if (res->res_ok && res->res_status >= 200 && res->res_status < 300) {
		sub->su_topic->wt_deliveries++;
		sub->su_failing_since = 0;
		sub->su_attempts = 0;
		blob_unref(sub->su_sending);
		sub->su_sending = NULL;
		log_debug("websub: %s: delivered to %s", sub->su_topic->wt_name,
		    sub->su_shown);
		if (sub->su_pending != NULL)
			websub_sub_ready(sub);
	} else if (res->res_ok && res->res_status == 410)
		/* The subscriber says it is gone (WebSub 7). */
		websub_sub_end(sub, "answered 410 Gone: unsubscribed");
	else {
		if (res->res_ok)
			snprintf(why, sizeof(why), "HTTP %ld", res->res_status);
		else
			snprintf(why, sizeof(why), "%s", res->res_error);
		websub_delivery_failed(sub, why);
	}
	websub_pump(ws);
}

/* The headers of a delivery (WebSub 7): type, links, signature. */
static size_t
websub_delivery_headers(struct websub_sub *sub, const struct blob *body,
    char *h[3])
{
	const char	*base = sub->su_hub->ws_app->app_base_url;
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 maclen = 0, i;
	char		 hex[2 * EVP_MAX_MD_SIZE + 1];
	size_t		 n = 0;

	xasprintf(&h[n++], "Content-Type: %s; charset=utf-8",
	    render_formats[sub->su_topic->wt_format].rf_type);
	xasprintf(&h[n++], "Link: <%swebsub>; rel=\"hub\", <%sfeeds/%s>; "
	    "rel=\"self\"", base, base, sub->su_topic->wt_name);
	if (sub->su_secret == NULL)
		return (n);
	if (HMAC(EVP_sha256(), sub->su_secret, (int)strlen(sub->su_secret),
	    (const unsigned char *)body->bl_data, body->bl_len, mac,
	    &maclen) == NULL)
		fatalx("HMAC-SHA256");
	for (i = 0; i < maclen; i++)
		snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	xasprintf(&h[n++], "X-Hub-Signature: sha256=%s", hex);
	return (n);
}

static void
websub_deliver(struct websub_sub *sub)
{
	struct websub		*ws = sub->su_hub;
	struct fetch_request	 req;
	char			*h[3];
	size_t			 n, i;

	sub->su_sending = sub->su_pending;
	sub->su_pending = NULL;
	n = websub_delivery_headers(sub, sub->su_sending, h);
	websub_request(ws, &req, sub->su_callback);
	req.fr_headers = (const char *const *)h;
	req.fr_nheaders = n;
	req.fr_body = sub->su_sending->bl_data;
	req.fr_body_len = sub->su_sending->bl_len;
	req.fr_connect_ok = websub_sub_connect_ok;
	req.fr_connect_arg = sub;
	ws->ws_inflight++;
	sub->su_fetch = fetch_start(ws->ws_app->app_fetcher, &req,
	    websub_delivered, sub);
	for (i = 0; i < n; i++)
		free(h[i]);
}

/* Starts the deliveries that wait, as many as there are slots. */
static void
websub_pump(struct websub *ws)
{
	struct websub_sub	*sub;
	time_t			 now = time(NULL);

	while (ws->ws_inflight < WEBSUB_MAX_INFLIGHT &&
	    (sub = TAILQ_FIRST(&ws->ws_ready)) != NULL) {
		TAILQ_REMOVE(&ws->ws_ready, sub, su_qentry);
		sub->su_queued = 0;
		if (sub->su_expires <= now)
			websub_sub_end(sub, "lease expired");
		else if (sub->su_pending != NULL)
			websub_deliver(sub);
	}
}

/* WT's feed as served now, or NULL. */
static struct rendition *
websub_topic_rendition(struct websub *ws, const struct websub_topic *wt)
{
	struct app	*app = ws->ws_app;
	struct source	*src;
	struct combined	*cb;
	size_t		 len = websub_feed_len(wt->wt_name, wt->wt_format);

	if ((src = source_find(app, wt->wt_name, len)) != NULL)
		return (source_feed(src, wt->wt_format));
	if ((cb = combined_find(app, wt->wt_name, len)) != NULL)
		return (combined_feed(cb, wt->wt_format));
	return (NULL);
}

/* WT's feed may have changed: a new body goes to every subscriber. */
static void
websub_topic_changed(struct websub *ws, struct websub_topic *wt)
{
	struct rendition	*rd;
	struct websub_sub	*sub;
	time_t			 now = time(NULL);

	if (wt->wt_nsubs == 0 || (rd = websub_topic_rendition(ws, wt)) == NULL)
		return;
	/* Filters may leave the body as it was: nothing to push then. */
	if (strcmp(rd->rd_etag, wt->wt_etag) == 0)
		return;
	snprintf(wt->wt_etag, sizeof(wt->wt_etag), "%s", rd->rd_etag);
	TAILQ_FOREACH(sub, &wt->wt_subs, su_entry) {
		if (sub->su_expires <= now)
			continue;	/* the sweep ends it */
		blob_unref(sub->su_pending);
		sub->su_pending = blob_ref(rd->rd_body);
		websub_sub_ready(sub);
	}
}

struct websub_change {
	struct websub		*wc_hub;
	const struct source	*wc_src;
};

static void
websub_change_scan(void *payload, void *data, const xmlChar *name)
{
	struct websub_topic	*wt = payload;
	struct websub_change	*wc = data;
	const char		*own = wc->wc_src->src_conf->sc_name;
	struct combined		*cb;
	size_t			 len = websub_feed_len(wt->wt_name,
				    wt->wt_format);

	(void)name;
	if (wt->wt_nsubs == 0)
		return;
	if ((strlen(own) == len && strncmp(own, wt->wt_name, len) == 0) ||
	    ((cb = combined_find(wc->wc_hub->ws_app, wt->wt_name, len)) !=
	    NULL && combined_has(cb, wc->wc_src)))
		websub_topic_changed(wc->wc_hub, wt);
}

void
websub_source_changed(struct websub *ws, const struct source *src)
{
	struct websub_change	 wc = { ws, src };

	if (ws == NULL)
		return;
	xmlHashScan(ws->ws_topics, websub_change_scan, &wc);
	websub_pump(ws);
}

/* A subscription in memory: added, or renewed (same topic and callback). */
static struct websub_sub *
websub_sub_add(struct websub *ws, struct websub_topic *wt,
    const char *callback, const char *host, const char *secret,
    time_t created)
{
	struct websub_sub	*sub;

	if ((sub = websub_sub_find(wt, callback)) == NULL) {
		sub = xcalloc(1, sizeof(*sub));
		sub->su_hub = ws;
		sub->su_topic = wt;
		sub->su_callback = xstrdup(callback);
		sub->su_host = xstrdup(host);
		sub->su_shown = websub_url_shown(callback);
		sub->su_created = created;
		TAILQ_INSERT_TAIL(&wt->wt_subs, sub, su_entry);
		wt->wt_nsubs++;
		ws->ws_nsubs++;
	}
	free(sub->su_secret);
	sub->su_secret = secret != NULL ? xstrdup(secret) : NULL;
	return (sub);
}

/* Adds or renews a verified subscription, in memory and in the store. */
static void
websub_subscribe(struct websub *ws, struct websub_verify *wv)
{
	struct websub_sub	*sub;
	struct store_sub	 ss;
	char			*cause = NULL;

	sub = websub_sub_add(ws, websub_topic(ws, wv->wv_topic,
	    wv->wv_format, 1), wv->wv_req.wr_callback, wv->wv_req.wr_host,
	    wv->wv_req.wr_secret, time(NULL));
	sub->su_lease = wv->wv_lease;
	sub->su_expires = time(NULL) + wv->wv_lease;
	memset(&ss, 0, sizeof(ss));
	ss.sub_topic = sub->su_topic->wt_name;
	ss.sub_callback = sub->su_callback;
	ss.sub_secret = sub->su_secret;
	ss.sub_lease = sub->su_lease;
	ss.sub_expires = sub->su_expires;
	ss.sub_created = sub->su_created;
	if (store_sub_put(ws->ws_app->app_store, &ss, &cause) == -1) {
		log_warnx("websub: keeping a subscriber: %s", cause);
		free(cause);
	}
	log_info("websub: %s: %s subscribed for %lds%s",
	    sub->su_topic->wt_name, sub->su_shown, sub->su_lease,
	    sub->su_secret != NULL ? ", with a secret" : "");
	websub_sweep_arm(ws);
}

/* The subscriber echoed the challenge (WebSub 5.3.1): 2xx, the body. */
static int
websub_echoed(const struct fetch_result *res, const char *challenge)
{
	size_t	 n;

	if (!res->res_ok || res->res_status < 200 || res->res_status >= 300)
		return (0);
	n = res->res_len;
	while (n > 0 && (res->res_body[n - 1] == '\n' ||
	    res->res_body[n - 1] == '\r'))
		n--;
	return (n == strlen(challenge) &&
	    memcmp(res->res_body, challenge, n) == 0);
}

static void
websub_verify_free(struct websub_verify *wv)
{
	struct websub	*ws = wv->wv_hub;

	if (wv->wv_fetch != NULL)
		fetch_cancel(wv->wv_fetch);
	TAILQ_REMOVE(&ws->ws_verifying, wv, wv_entry);
	ws->ws_nverifying--;
	websub_req_clear(&wv->wv_req);
	free(wv->wv_topic);
	free(wv);
}

static void
websub_verified(const struct fetch_result *res, void *arg)
{
	struct websub_verify	*wv = arg;
	struct websub		*ws = wv->wv_hub;
	struct websub_sub	*sub;
	const char		*cb = wv->wv_req.wr_callback;
	char			*shown = websub_url_shown(cb);

	wv->wv_fetch = NULL;
	if (wv->wv_topic == NULL)
		log_debug("websub: denial sent to %s", shown);
	else if (!websub_echoed(res, wv->wv_challenge))
		log_info("websub: %s: %s did not confirm %s (%s)",
		    wv->wv_topic, shown, wv->wv_req.wr_mode == WEBSUB_SUBSCRIBE ?
		    "subscribing" : "unsubscribing", !res->res_ok ?
		    res->res_error : res->res_status < 200 ||
		    res->res_status >= 300 ? "an HTTP error" :
		    "not the challenge");
	else if (wv->wv_req.wr_mode == WEBSUB_SUBSCRIBE)
		websub_subscribe(ws, wv);
	else if ((sub = websub_sub_find(websub_topic(ws, wv->wv_topic, 0,
	    0), cb)) != NULL)
		websub_sub_end(sub, "unsubscribed");
	free(shown);
	websub_verify_free(wv);
}

/* Sends WV's GET: the verification of intent, or with no topic a denial. */
static void
websub_verify_start(struct websub *ws, struct websub_verify *wv,
    const char *reason)
{
	struct fetch_request	 req;
	unsigned char		 rnd[WEBSUB_CHALLENGE_BYTES];
	char			 lease[32], *url;
	const char		*params[8];
	size_t			 n = 0, i;

	params[n++] = "hub.mode";
	params[n++] = wv->wv_topic == NULL ? "denied" :
	    wv->wv_req.wr_mode == WEBSUB_SUBSCRIBE ? "subscribe" :
	    "unsubscribe";
	params[n++] = "hub.topic";
	params[n++] = wv->wv_req.wr_topic;
	if (wv->wv_topic == NULL) {
		params[n++] = "hub.reason";
		params[n++] = reason;
	} else {
		if (RAND_bytes(rnd, sizeof(rnd)) != 1)
			fatalx("RAND_bytes");
		for (i = 0; i < sizeof(rnd); i++)
			snprintf(wv->wv_challenge + 2 * i, 3, "%02x", rnd[i]);
		params[n++] = "hub.challenge";
		params[n++] = wv->wv_challenge;
	}
	if (wv->wv_topic != NULL && wv->wv_req.wr_mode == WEBSUB_SUBSCRIBE) {
		snprintf(lease, sizeof(lease), "%ld", wv->wv_lease);
		params[n++] = "hub.lease_seconds";
		params[n++] = lease;
	}
	/* The callback was read by the same parser: it reads again. */
	if ((url = websub_url_with(wv->wv_req.wr_callback, params,
	    n / 2)) == NULL)
		fatalx("websub: callback %s", wv->wv_req.wr_callback);
	websub_request(ws, &req, url);
	req.fr_connect_ok = websub_verify_connect_ok;
	req.fr_connect_arg = wv;
	wv->wv_fetch = fetch_start(ws->ws_app->app_fetcher, &req,
	    websub_verified, wv);
	free(url);
}

/* The lease granted for ASKED seconds (-1: none asked). */
static long
websub_lease(const struct config *cf, long asked)
{
	if (asked < 0)
		return (cf->cf_websub_lease);
	if (asked < cf->cf_websub_lease_min)
		return (cf->cf_websub_lease_min);
	if (asked > cf->cf_websub_lease_max)
		return (cf->cf_websub_lease_max);
	return (asked);
}

/*
 * Why WR cannot be had (a topic that is none of our feeds, a limit), or
 * NULL; *name and *f say the feed when it is one.
 */
static const char *
websub_refusal(struct websub *ws, const struct websub_req *wr, char **name,
    enum feed_format *f)
{
	struct app		*app = ws->ws_app;
	struct websub_topic	*wt;
	size_t			 ext, len;

	*name = websub_topic_feed(app->app_base_url, wr->wr_topic,
	    websub_exts, FEED_NFORMATS, &ext);
	if (*name == NULL)
		return ("not a feed of this hub");
	*f = (enum feed_format)ext;
	len = websub_feed_len(*name, *f);
	if (source_find(app, *name, len) == NULL &&
	    combined_find(app, *name, len) == NULL)
		return ("no such feed");
	if (wr->wr_mode == WEBSUB_UNSUBSCRIBE)
		return (NULL);
	wt = websub_topic(ws, *name, *f, 0);
	if (websub_sub_find(wt, wr->wr_callback) != NULL)
		return (NULL);		/* a renewal */
	if (ws->ws_nsubs >= (size_t)app->app_cf->cf_websub_max_subscribers)
		return ("the hub has as many subscribers as it takes");
	if (wt != NULL &&
	    wt->wt_nsubs >= (size_t)app->app_cf->cf_websub_max_per_topic)
		return ("the topic has as many subscribers as it takes");
	return (NULL);
}

/* A callback written as an address the policy refuses: said at once. */
static int
websub_literal_refused(struct websub *ws, const struct websub_req *wr,
    char *msg, size_t msglen)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	const char		*range = NULL;

	if (addr_literal(wr->wr_host, &ss, &len) == -1 ||
	    addr_policy_allows(&ws->ws_policy, wr->wr_host,
	    (struct sockaddr *)&ss, len, &range))
		return (0);
	snprintf(msg, msglen, "hub.callback: %s is a %s address, which "
	    "this hub does not call", wr->wr_host, range != NULL ? range :
	    "refused");
	return (1);
}

int
websub_post(struct websub *ws, const char *content_type, const char *body,
    size_t len, char *msg, size_t msglen)
{
	struct websub_verify	*wv;
	const char		*refused;
	char			*shown;
	int			 status;

	wv = xcalloc(1, sizeof(*wv));
	wv->wv_hub = ws;
	if ((status = websub_req_parse(content_type, body, len, &wv->wv_req,
	    msg, msglen)) != 0 || websub_literal_refused(ws, &wv->wv_req,
	    msg, msglen) || ws->ws_nverifying >= WEBSUB_MAX_VERIFYING) {
		if (status == 0 && ws->ws_nverifying >= WEBSUB_MAX_VERIFYING) {
			snprintf(msg, msglen, "too many subscriptions being "
			    "verified; try again shortly");
			status = 503;
		} else if (status == 0)
			status = 400;
		websub_req_clear(&wv->wv_req);
		free(wv);
		return (status);
	}
	TAILQ_INSERT_TAIL(&ws->ws_verifying, wv, wv_entry);
	ws->ws_nverifying++;
	refused = websub_refusal(ws, &wv->wv_req, &wv->wv_topic,
	    &wv->wv_format);
	if (refused != NULL) {
		shown = websub_url_shown(wv->wv_req.wr_callback);
		log_info("websub: %s for %s refused: %s", shown,
		    wv->wv_req.wr_topic, refused);
		free(shown);
		free(wv->wv_topic);
		wv->wv_topic = NULL;
	}
	wv->wv_lease = websub_lease(ws->ws_app->app_cf, wv->wv_req.wr_lease);
	websub_verify_start(ws, wv, refused);
	snprintf(msg, msglen, "accepted: %s", refused != NULL ?
	    "a denial follows" : "verification follows");
	return (202);
}

/* Ends every subscription whose lease is over; arms for the next one. */
static void
websub_sweep_scan(void *payload, void *data, const xmlChar *name)
{
	struct websub_topic	*wt = payload;
	struct websub_sub	*sub, *next;
	time_t			*now = data;

	(void)name;
	/* glibc's <sys/queue.h> has no TAILQ_FOREACH_SAFE. */
	for (sub = TAILQ_FIRST(&wt->wt_subs); sub != NULL; sub = next) {
		next = TAILQ_NEXT(sub, su_entry);
		if (sub->su_expires <= *now)
			websub_sub_end(sub, "lease expired");
	}
}

static void
websub_sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	struct websub	*ws = arg;
	time_t		 now = time(NULL);

	(void)fd;
	(void)what;
	xmlHashScan(ws->ws_topics, websub_sweep_scan, &now);
	websub_sweep_arm(ws);
}

static void
websub_next_expiry(void *payload, void *data, const xmlChar *name)
{
	struct websub_topic	*wt = payload;
	struct websub_sub	*sub;
	time_t			*next = data;

	(void)name;
	TAILQ_FOREACH(sub, &wt->wt_subs, su_entry)
		if (*next == 0 || sub->su_expires < *next)
			*next = sub->su_expires;
}

/* The sweep runs when the next lease ends (a second late at most). */
static void
websub_sweep_arm(struct websub *ws)
{
	struct timeval	 tv = { 0, 0 };
	time_t		 next = 0, now = time(NULL);

	evtimer_del(ws->ws_sweep);
	xmlHashScan(ws->ws_topics, websub_next_expiry, &next);
	if (next == 0)
		return;
	tv.tv_sec = next > now ? next - now : 0;
	tv.tv_usec = 1000;
	evtimer_add(ws->ws_sweep, &tv);
}

/* The format a stored topic's name ends in, or FEED_NFORMATS. */
static enum feed_format
websub_name_format(const char *name)
{
	size_t	 n = strlen(name), e;
	int	 f;

	for (f = 0; f < FEED_NFORMATS; f++) {
		e = strlen(websub_exts[f]);
		if (n > e + 1 && name[n - e - 1] == '.' &&
		    strcmp(name + n - e, websub_exts[f]) == 0)
			break;
	}
	return ((enum feed_format)f);
}

/* The stored subscriptions, back in memory; expired ones forgotten. */
static void
websub_load(struct websub *ws)
{
	struct store_sub	*subs, *ss;
	struct websub_sub	*sub;
	enum feed_format	 f;
	size_t			 n, i;
	time_t			 now = time(NULL);
	char			*cause = NULL, *host;

	if (store_subs(ws->ws_app->app_store, &subs, &n, &cause) == -1) {
		log_warnx("websub: reading the subscribers: %s", cause);
		free(cause);
		return;
	}
	for (i = 0; i < n; i++) {
		ss = &subs[i];
		f = websub_name_format(ss->sub_topic);
		host = websub_callback_host(ss->sub_callback);
		if (ss->sub_expires <= now || f == FEED_NFORMATS ||
		    host == NULL)
			store_sub_delete(ws->ws_app->app_store, ss->sub_topic,
			    ss->sub_callback, NULL);
		else {
			sub = websub_sub_add(ws, websub_topic(ws,
			    ss->sub_topic, f, 1), ss->sub_callback, host,
			    ss->sub_secret, ss->sub_created);
			sub->su_lease = ss->sub_lease;
			sub->su_expires = ss->sub_expires;
		}
		free(host);
	}
	store_subs_free(subs, n);
	if (ws->ws_nsubs > 0)
		log_info("websub: %zu subscribers kept", ws->ws_nsubs);
}

/* app_cf's websub_allow as a policy. */
static void
websub_policy(struct websub *ws)
{
	const struct config	*cf = ws->ws_app->app_cf;
	char			*words, *w, *last = NULL, *cause = NULL;
	size_t			 i;

	addr_policy_free(&ws->ws_policy);
	for (i = 0; i < cf->cf_nwebsub_allow; i++) {
		words = xstrdup(cf->cf_websub_allow[i]);
		for (w = strtok_r(words, " \t", &last); w != NULL;
		    w = strtok_r(NULL, " \t", &last))
			if (addr_policy_add(&ws->ws_policy, w, &cause) == -1) {
				/* config.c checked every word already. */
				log_warnx("websub_allow: %s", cause);
				free(cause);
				cause = NULL;
			}
		free(words);
	}
}

struct websub *
websub_new(struct app *app)
{
	struct websub	*ws;

	ws = xcalloc(1, sizeof(*ws));
	ws->ws_app = app;
	if ((ws->ws_topics = xmlHashCreate(64)) == NULL)
		fatalx("xmlHashCreate");
	TAILQ_INIT(&ws->ws_verifying);
	TAILQ_INIT(&ws->ws_ready);
	if ((ws->ws_sweep = evtimer_new(app->app_base, websub_sweep_cb,
	    ws)) == NULL)
		fatalx("evtimer_new");
	websub_policy(ws);
	websub_load(ws);
	websub_sweep_arm(ws);
	return (ws);
}

void
websub_configure(struct websub *ws)
{
	websub_policy(ws);
}

static void
websub_topic_free(void *payload, const xmlChar *name)
{
	struct websub_topic	*wt = payload;
	struct websub_sub	*sub;

	(void)name;
	while ((sub = TAILQ_FIRST(&wt->wt_subs)) != NULL)
		websub_sub_free(sub);
	free(wt->wt_name);
	free(wt);
}

void
websub_free(struct websub *ws)
{
	if (ws == NULL)
		return;
	while (!TAILQ_EMPTY(&ws->ws_verifying))
		websub_verify_free(TAILQ_FIRST(&ws->ws_verifying));
	xmlHashFree(ws->ws_topics, websub_topic_free);
	event_free(ws->ws_sweep);
	addr_policy_free(&ws->ws_policy);
	free(ws);
}

size_t
websub_subscribers(const struct websub *ws)
{
	return (ws->ws_nsubs);
}

size_t
websub_verifying(const struct websub *ws)
{
	return (ws->ws_nverifying);
}

struct websub_stats {
	struct websub_topic_stat	*st;
	size_t				 n;
};

static void
websub_stat_scan(void *payload, void *data, const xmlChar *name)
{
	struct websub_topic	*wt = payload;
	struct websub_stats	*stats = data;
	struct websub_topic_stat *t = &stats->st[stats->n++];

	(void)name;
	t->wts_topic = wt->wt_name;
	t->wts_subscribers = wt->wt_nsubs;
	t->wts_deliveries = wt->wt_deliveries;
	t->wts_failures = wt->wt_failures;
	t->wts_dropped = wt->wt_dropped;
}

static int
websub_stat_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct websub_topic_stat *)a)->wts_topic,
	    ((const struct websub_topic_stat *)b)->wts_topic));
}

size_t
websub_topic_stats(const struct websub *ws, struct websub_topic_stat **out)
{
	struct websub_stats	 stats;
	int			 n = xmlHashSize(ws->ws_topics);

	stats.st = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*stats.st));
	stats.n = 0;
	xmlHashScan(ws->ws_topics, websub_stat_scan, &stats);
	qsort(stats.st, stats.n, sizeof(*stats.st), websub_stat_cmp);
	*out = stats.st;
	return (stats.n);
}
