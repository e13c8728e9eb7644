/*
 * source_int.h: what source.c (the listing's polls) and source_follow.c
 * (its item pages) share; nothing else includes it.
 */
#ifndef PAGEFEED_SOURCE_INT_H
#define PAGEFEED_SOURCE_INT_H

struct browse;
struct fetch_result;
struct source;

/* URL rendered in Chromium with the source's settings; CB gets the page. */
struct browse	*source_browse(struct source *, const char *url,
		    void (*cb)(const struct fetch_result *, void *), void *arg);
/* The store changed: renditions dropped, the ones being read made again. */
void		 source_changed(struct source *);
/* After a poll: the item pages still to read, fetched in the background. */
void		 source_follow_start(struct source *);
/* Every item page transfer cancelled (the source goes away). */
void		 source_follow_stop(struct source *);

#endif
