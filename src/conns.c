/*
 * conns.c: libevent 2.1's evhttp neither limits connections nor says when
 * one closes, and its timeouts restart at every byte read, so a client
 * sending a header byte a second is never dropped.  We keep a reference on
 * each connection's bufferevent: evhttp clearing its callbacks tells us it
 * let go (then our reference goes, which closes the socket), and a clock
 * per connection lets us shut down one that has not completed a request
 * in time.  A sweep every 100 ms does both.
 */
#include <sys/queue.h>
#include <sys/socket.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "conns.h"
#include "log.h"
#include "util.h"

#define CONNS_SWEEP_MS	100

struct conn {
	struct bufferevent	*c_bev;
	long long		 c_mark_ms;
	int			 c_shut;	/* shut down, waiting for evhttp */
	size_t			 c_in;		/* bytes received so far */
	size_t			 c_nul_at;	/* offset of the first NUL */
	LIST_ENTRY(conn)	 c_entry;	/* all connections */
	LIST_ENTRY(conn)	 c_hentry;	/* hash chain */
};

LIST_HEAD(conn_list, conn);

struct conns {
	struct event_base	*cs_base;
	struct event		*cs_sweep;
	long			 cs_deadline_ms;
	struct conn_list	 cs_list;
	size_t			 cs_count;
	struct conn_list	*cs_hash;
	size_t			 cs_nbuckets;	/* a power of two */
};


static size_t
conns_bucket(const struct conns *cs, const struct bufferevent *bev)
{
	uintptr_t	 p = (uintptr_t)bev;

	p ^= p >> 17;
	p *= 0x9e3779b97f4a7c15ULL;
	return ((size_t)(p >> 7) & (cs->cs_nbuckets - 1));
}

static void
conns_rehash(struct conns *cs, size_t nbuckets)
{
	struct conn	*c;
	size_t		 b;

	free(cs->cs_hash);
	cs->cs_nbuckets = nbuckets;
	cs->cs_hash = xreallocarray(NULL, nbuckets, sizeof(*cs->cs_hash));
	for (b = 0; b < nbuckets; b++)
		LIST_INIT(&cs->cs_hash[b]);
	LIST_FOREACH(c, &cs->cs_list, c_entry)
		LIST_INSERT_HEAD(&cs->cs_hash[conns_bucket(cs, c->c_bev)], c,
		    c_hentry);
}

static struct conn *
conns_find(const struct conns *cs, const struct bufferevent *bev)
{
	struct conn	*c;

	LIST_FOREACH(c, &cs->cs_hash[conns_bucket(cs, bev)], c_hentry)
		if (c->c_bev == bev)
			return (c);
	return (NULL);
}

static void
conns_release(struct conns *cs, struct conn *c)
{
	LIST_REMOVE(c, c_hentry);
	LIST_REMOVE(c, c_entry);
	cs->cs_count--;
	bufferevent_decref(c->c_bev);	/* the last one: the socket closes */
	free(c);
}

static void
conns_sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conns		*cs = arg;
	struct conn		*c, *next;
	bufferevent_data_cb	 rcb, wcb;
	bufferevent_event_cb	 ecb;
	void			*cbarg;
	long long		 now = monotonic_ms();
	struct timeval		 tv = { 0, CONNS_SWEEP_MS * 1000 };

	(void)fd;
	(void)what;
	for (c = LIST_FIRST(&cs->cs_list); c != NULL; c = next) {
		next = LIST_NEXT(c, c_entry);
		bufferevent_getcb(c->c_bev, &rcb, &wcb, &ecb, &cbarg);
		if (rcb == NULL && wcb == NULL && ecb == NULL) {
			/* evhttp freed its connection: ours is the last ref. */
			conns_release(cs, c);
			continue;
		}
		if (!c->c_shut && now - c->c_mark_ms > cs->cs_deadline_ms &&
		    evbuffer_get_length(bufferevent_get_output(c->c_bev)) ==
		    0) {
			/* evhttp sees the end of the stream and closes. */
			shutdown(bufferevent_getfd(c->c_bev), SHUT_RDWR);
			c->c_shut = 1;
		}
	}
	if (cs->cs_count > 0)
		evtimer_add(cs->cs_sweep, &tv);
}

struct conns *
conns_new(struct event_base *base, long deadline_ms)
{
	struct conns	*cs = xcalloc(1, sizeof(*cs));

	cs->cs_base = base;
	cs->cs_deadline_ms = deadline_ms;
	LIST_INIT(&cs->cs_list);
	if ((cs->cs_sweep = evtimer_new(base, conns_sweep_cb, cs)) == NULL)
		fatalx("evtimer_new");
	conns_rehash(cs, 1024);
	return (cs);
}

void
conns_free(struct conns *cs)
{
	if (cs == NULL)
		return;
	while (!LIST_EMPTY(&cs->cs_list))
		conns_release(cs, LIST_FIRST(&cs->cs_list));
	event_free(cs->cs_sweep);
	free(cs->cs_hash);
	free(cs);
}

/*
 * evhttp reads request lines as C strings: a NUL would cut a line short and
 * let what follows pass as a header or a new request.  On the bytes as they
 * arrive, before evhttp sees them, each NUL becomes a space (so lines stay
 * whole) and the connection is marked, to be answered 400 and closed.
 */
static void
conns_input_cb(struct evbuffer *in, const struct evbuffer_cb_info *info,
    void *arg)
{
	struct conn		*c = arg;
	struct evbuffer_ptr	 from;
	struct evbuffer_iovec	 v[16];
	size_t			 len = evbuffer_get_length(in), at;
	int			 i, n;
	char			*p, *end;

	if (info->n_added == 0 || info->n_added > len ||
	    evbuffer_ptr_set(in, &from, len - info->n_added,
	    EVBUFFER_PTR_SET) == -1)
		return;
	n = evbuffer_peek(in, (ev_ssize_t)info->n_added, &from, v, 16);
	for (i = 0, at = c->c_in; i < n && i < 16; i++) {
		end = (char *)v[i].iov_base + v[i].iov_len;
		for (p = v[i].iov_base; p < end &&
		    (p = memchr(p, '\0', (size_t)(end - p))) != NULL; p++) {
			*p = ' ';
			if (c->c_nul_at == SIZE_MAX)
				c->c_nul_at = at + (size_t)(p -
				    (char *)v[i].iov_base);
		}
		at += v[i].iov_len;
	}
	c->c_in += info->n_added;
}

int
conns_saw_nul(const struct conns *cs, struct bufferevent *bev)
{
	struct conn	*c;
	size_t		 consumed;

	if (bev == NULL || (c = conns_find(cs, bev)) == NULL ||
	    c->c_nul_at == SIZE_MAX)
		return (0);
	/* Only a NUL among the bytes evhttp has read into this request. */
	consumed = c->c_in - evbuffer_get_length(bufferevent_get_input(bev));
	return (c->c_nul_at < consumed);
}

struct bufferevent *
conns_track(struct conns *cs, struct bufferevent *bev)
{
	struct conn	*c;
	struct timeval	 tv = { 0, CONNS_SWEEP_MS * 1000 };

	if (bev == NULL)
		return (NULL);
	c = xcalloc(1, sizeof(*c));
	c->c_bev = bev;
	c->c_mark_ms = monotonic_ms();
	c->c_nul_at = SIZE_MAX;
	bufferevent_incref(bev);
	evbuffer_add_cb(bufferevent_get_input(bev), conns_input_cb, c);
	LIST_INSERT_HEAD(&cs->cs_list, c, c_entry);
	if (++cs->cs_count > cs->cs_nbuckets * 2)
		conns_rehash(cs, cs->cs_nbuckets * 4);
	else
		LIST_INSERT_HEAD(&cs->cs_hash[conns_bucket(cs, bev)], c,
		    c_hentry);
	if (!evtimer_pending(cs->cs_sweep, NULL))
		evtimer_add(cs->cs_sweep, &tv);
	return (bev);
}

void
conns_mark(struct conns *cs, struct bufferevent *bev)
{
	struct conn	*c;

	if (bev != NULL && (c = conns_find(cs, bev)) != NULL)
		c->c_mark_ms = monotonic_ms();
}

size_t
conns_count(const struct conns *cs)
{
	return (cs->cs_count);
}

size_t
conns_writing(const struct conns *cs)
{
	const struct conn	*c;
	size_t			 n = 0;

	LIST_FOREACH(c, &cs->cs_list, c_entry)
		if (!c->c_shut && evbuffer_get_length(
		    bufferevent_get_output(c->c_bev)) > 0)
			n++;
	return (n);
}
