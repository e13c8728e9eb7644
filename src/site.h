/* site.h: the pages for people: the index, a feed's preview, and OPML. */
#ifndef PAGEFEED_SITE_H
#define PAGEFEED_SITE_H

#include <stddef.h>
#include <time.h>

#include "buf.h"

struct app;
struct source;
struct stored_item;
struct tz;

/* Each writes a complete document into B (UTF-8). */
void	site_index(struct app *, struct buf *b);
/* Returns 0, or -1 when the store cannot be read (then B holds nothing). */
int	site_feed(struct app *, struct source *, struct buf *b);
void	site_opml(struct app *, struct buf *b);
/* The 404 page: a link to the index and every feed's page. */
void	site_not_found(struct app *, struct buf *b);

/*
 * One item of a feed's page, as an <article> (NOW for "5 min ago"); times
 * without an offset of their own (first seen, updated) in zone TZ, the
 * source's (NULL: UTC).
 */
void	site_item(struct buf *b, const struct stored_item *,
	    const struct tz *tz, time_t now);
/*
 * T in the zone OFFSET seconds east of UTC: ATTR for <time datetime>,
 * TEXT as shown; with DATE_ONLY the day alone.  Returns 0 or -1.
 */
int	site_date(time_t t, int offset, int date_only, char *attr,
	    size_t attrsz, char *text, size_t textsz);

#endif
