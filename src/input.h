/*
 * input.h: a fetched body → a page of items, by the one extractor that
 * fits: a feed body (feedin), the source's selectors (extract), or
 * detection (detect).
 */
#ifndef PAGEFEED_INPUT_H
#define PAGEFEED_INPUT_H

#include <stddef.h>
#include <time.h>

#include "item.h"

struct source_conf;

#define INPUT_RULES	0x01	/* work out the rules detection used */

/*
 * Extracts the items of a page.  URL is where the page came from (after
 * redirects): links are resolved against it, or against <base href>.
 * CONTENT_TYPE is the HTTP header (its charset wins), or NULL.  NOW is the
 * poll's time, against which dates are read (0: the clock's).
 * Returns 0, or -1 with *cause set (caller frees) when the page is not HTML
 * at all.  Zero items is not an error here; the caller decides.
 */
int	 input_page(const struct source_conf *, const char *body, size_t len,
	    const char *url, const char *content_type, time_t now,
	    struct extraction *, char **cause);
/* The same, with FLAGS (INPUT_RULES: for preview). */
int	 input_page_flags(const struct source_conf *, const char *body,
	    size_t len, const char *url, const char *content_type, time_t now,
	    int flags, struct extraction *, char **cause);

/* 0: HTML, 1: an RSS/Atom feed, -1 (with *cause): a type we do not read. */
int	 input_kind(const char *content_type, const char *body, size_t len,
	    char **cause);

#endif
