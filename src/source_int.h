/*
 * source_int.h: what the files of the source module share and nothing
 * else includes: source.c (the listing's polls) starts source_follow.c
 * (its item pages); both ask source_request.c for their requests;
 * source_settings.c fingerprints the settings.  No
 * file calls back into source.c (its render-again step is a callback).
 */
#ifndef PAGEFEED_SOURCE_INT_H
#define PAGEFEED_SOURCE_INT_H

struct browse;
struct fetch_result;
struct source;

/* URL rendered in Chromium with the source's settings; CB gets the page. */
struct browse	*source_browse(struct source *, const char *url,
		    void (*cb)(const struct fetch_result *, void *), void *arg);
/*
 * After a poll: the item pages still to read, fetched in the background;
 * CHANGED is called once they are in, when they changed the store.
 */
void		 source_follow_start(struct source *,
		    void (*changed)(struct source *));
/* Every item page transfer cancelled (the source goes away). */
void		 source_follow_stop(struct source *);
/*
 * The settings' fingerprint against the one the stored items were made
 * with: sets src_settings_hash and what must be done again.
 */
void		 source_settings_check(struct source *);

#endif
