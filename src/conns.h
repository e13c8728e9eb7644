/* conns.h: the listener's connections, counted and bounded in time. */
#ifndef PAGEFEED_CONNS_H
#define PAGEFEED_CONNS_H

#include <stddef.h>

struct bufferevent;
struct conns;
struct event_base;

/*
 * DEADLINE_MS: how long a connection may go without a complete request
 * (from its accept or its last answer) while nothing is being written to
 * it.  Past it the connection is shut down: that ends slowloris clients
 * and idle keep-alives alike.
 */
struct conns	*conns_new(struct event_base *, long deadline_ms);
void		 conns_free(struct conns *);	/* after evhttp_free */
/* Follows BEV, a new connection's bufferevent; returns it. */
struct bufferevent *conns_track(struct conns *, struct bufferevent *bev);
/* A request arrived or was answered on BEV: its clock starts again. */
void		 conns_mark(struct conns *, struct bufferevent *bev);
/* 1 when a NUL byte came in on BEV (to be refused with 400). */
int		 conns_saw_nul(const struct conns *, struct bufferevent *);
/* Connections open now. */
size_t		 conns_count(const struct conns *);
/* Connections with response bytes still to send. */
size_t		 conns_writing(const struct conns *);

#endif
