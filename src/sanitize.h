/* sanitize.h: HTML from a page made safe to put in a feed. */
#ifndef PAGEFEED_SANITIZE_H
#define PAGEFEED_SANITIZE_H

#include <stddef.h>

#include <libxml/tree.h>

#define SANITIZE_MAX_HTML	(256 * 1024)

/*
 * Returns the inner HTML of NODE (caller frees), or NULL when nothing is
 * left or it is larger than SANITIZE_MAX_HTML.  Scripts, styles, frames,
 * forms, embedded objects, event handler and style attributes and
 * javascript:/data: URLs are removed; unknown elements are unwrapped; href,
 * src and srcset are made absolute against BASE.  The result is valid UTF-8
 * with only characters XML 1.0 allows.
 */
char	*sanitize_html(xmlNodePtr node, const char *base);

#endif
