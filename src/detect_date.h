/*
 * detect_date.h: an item's date during detection (detect_date.c), for
 * the detect_*.c parts only.
 */
#ifndef PAGEFEED_DETECT_DATE_H
#define PAGEFEED_DETECT_DATE_H

#include <stddef.h>

#include <libxml/tree.h>

struct detect;
struct dfields;

/*
 * A cheap test before date_parse: a digit, or a short text ("yesterday",
 * "вчера").  Long prose with a number in it is left to the length cap.
 */
int	detect_maybe_date(const char *s);
/*
 * The date of the item made of EXT[0..NEXT) into F: a machine's date in a
 * date-bearing element's attribute, else the text of a date-bearing
 * element, else a short text of the item's own, else its TITLE's; never
 * from the comments under the item.
 */
void	detect_pick_date(struct detect *d, xmlNodePtr *ext, size_t next,
	    xmlNodePtr title, struct dfields *f);
/* A date read from F's title, at its edge or in brackets closing it, cut
 * from the title when words remain. */
void	detect_title_drop_date(struct detect *d, struct dfields *f);

#endif
