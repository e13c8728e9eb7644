/* sanitize.h: HTML from a page made safe to put in a feed. */
#ifndef PAGEFEED_SANITIZE_H
#define PAGEFEED_SANITIZE_H

#include <stddef.h>

#include <libxml/tree.h>

#define SANITIZE_MAX_HTML	(256 * 1024)
#define SANITIZE_STRING_MAX	(2 * SANITIZE_MAX_HTML)	/* HTML read from a string */
#define SANITIZE_TEXT_MAX	(256 * 1024)	/* its text before cleaning */
#define SANITIZE_TEXT_DEPTH	256

/*
 * Returns the inner HTML of NODE (caller frees), or NULL when nothing is
 * left or it is larger than SANITIZE_MAX_HTML.  Scripts, styles, frames,
 * forms, embedded objects, event handler and style attributes and
 * javascript:/data: URLs are removed; unknown elements are unwrapped; href,
 * src and srcset are made absolute against BASE.  The result is valid UTF-8
 * with only characters XML 1.0 allows.
 */
char	*sanitize_html(xmlNodePtr node, const char *base);
/* 1 when S holds markup, not just a '<' in prose: a tag, an end tag, a comment. */
int	 sanitize_looks_html(const char *s);
/*
 * HTML in a string (UTF-8, as feeds and JSON carry it) as clean text into
 * *TEXT and as sanitised HTML into *HTML; either may be NULL, and each
 * result may be NULL.
 */
void	 sanitize_html_string(const char *src, const char *base, char **text,
	    char **html);

#endif
