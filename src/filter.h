/*
 * filter.h: which stored items a feed serves: filter.include and
 * filter.exclude rules ("FIELD REGEX", POSIX extended regular
 * expressions) and max_age.  Decided when the feed is rendered, so a
 * changed rule re-decides on reload and no item is published again.
 */
#ifndef PAGEFEED_FILTER_H
#define PAGEFEED_FILTER_H

#include <stddef.h>
#include <time.h>

struct stored_item;
struct filter;

/*
 * Checks one rule's text, "FIELD REGEX" or "FIELD:case REGEX"; FIELD is
 * title, summary, content, author, category, link or any.  Returns 0, or
 * -1 with *cause set (caller frees).
 */
int		 filter_rule_check(const char *rule, char **cause);
/*
 * The filter of INCLUDE and EXCLUDE rules (each checked) and MAX_AGE
 * (seconds; 0: none), or NULL when there is nothing to filter.
 */
struct filter	*filter_new(char *const *include, size_t ninclude,
		    char *const *exclude, size_t nexclude, long max_age);
void		 filter_free(struct filter *);		/* accepts NULL */
/*
 * 1 when SI is served: it matches every include rule (if any) and no
 * exclude rule, and is not older than max_age at NOW.  F NULL: 1.
 */
int		 filter_keep(const struct filter *, const struct stored_item *,
		    time_t now);
/* The filter's max_age, or 0 (F NULL: 0). */
long		 filter_max_age(const struct filter *);

#endif
