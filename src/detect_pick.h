/*
 * detect_pick.h: the fields of one detected item (detection's internal
 * header, for detect_markup.c).
 */
#ifndef PAGEFEED_DETECT_PICK_H
#define PAGEFEED_DETECT_PICK_H

#include <libxml/tree.h>

struct detect;
struct dfields;
struct drun;

/* The element sibling before N, or NULL; after N. */
xmlNodePtr	detect_prev_element(xmlNodePtr n);
xmlNodePtr	detect_next_element(xmlNodePtr n);
/* The link that goes with TITLE (around it up to STOP, or inside it),
 * or NULL. */
xmlNodePtr	detect_title_link(xmlNodePtr title, xmlNodePtr stop);
/* HREF from its path on ("https://host/a?b" gives "/a?b"; a relative
 * one, itself). */
const char	*detect_href_path(const char *href);
/* 1 when the link N points at an item's own page (not a file, a user,
 * a tag or the comments). */
int		detect_permalink(xmlNodePtr n);
/* A cheap test before reading S as a date: could it be one? */
/*
 * Picks title, link, date and summary of the item at member M of run R
 * (NULL: M alone) into F.  Returns 0, or -1 when it has nothing to name
 * it by.
 */
int		detect_pick(struct detect *d, xmlNodePtr m, const struct drun *r,
		    struct dfields *f);
int		detect_pick_some(struct detect *d, xmlNodePtr m,
		    const struct drun *r, struct dfields *f, int summary);
/* The summary of a pick made without one (else nothing). */
void		detect_pick_finish(const struct detect *d, xmlNodePtr m,
		    const struct drun *r, struct dfields *f);

#endif
