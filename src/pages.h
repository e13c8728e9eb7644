/* pages.h: the pages for people: the index, a feed's preview, and OPML. */
#ifndef PAGEFEED_PAGES_H
#define PAGEFEED_PAGES_H

#include "buf.h"

struct app;
struct source;

/* Each writes a complete document into B (UTF-8). */
void	pages_index(struct app *, struct buf *b);
/* Returns 0, or -1 when the store cannot be read (then B holds nothing). */
int	pages_feed(struct app *, struct source *, struct buf *b);
void	pages_opml(struct app *, struct buf *b);

#endif
