/*
 * html.h: the visible text of parsed HTML, with one list of the elements
 * that do not separate words and one of those whose text is not shown.
 */
#ifndef PAGEFEED_HTML_H
#define PAGEFEED_HTML_H

#include <libxml/tree.h>

struct buf;

#define HTML_WORDS	0x01	/* HTML: hidden elements skipped, others
				   than inline ones separate words */
#define HTML_NO_TIME	0x04	/* <time> left out: a date inside a title */
#define HTML_HIDE_MORE	0x02	/* also head, form controls, frames, svg
				   and [hidden] (what detection reads) */

/* 1 when the element NAME does not separate words (any case). */
int	 html_inline(const char *name);
/*
 * The value of N's attribute NAME (lowercase, as the HTML parser leaves
 * names) without copying: "" when it has none, NULL when N has no such
 * attribute or its value is not one plain text.
 */
const char *html_attr(xmlNodePtr n, const char *name);
/* 1 when N's class or id holds one of WORDS (NULL-terminated, any case). */
int	 html_names_any(xmlNodePtr n, const char *const *words);
/* 1 when N is an element whose text is not shown, by FLAGS. */
int	 html_hidden(xmlNodePtr n, int flags);
/*
 * Marks the element N as found shown even by HTML_HIDE_MORE's rules, so
 * html_hidden answers at once when N is read again (items are read many
 * times over).  The mark is N's _private, which libxml2 leaves to the
 * application: any element whose _private is set counts as shown
 * (detection points it at its own record of the element while it runs,
 * and leaves this mark when it ends).
 */
void	 html_mark_shown(xmlNodePtr n);
/*
 * Appends the text under NODE to B, to the buffer's cap (a text node too
 * long is cut at a character) and DEPTH_MAX levels down.  With HTML_WORDS
 * as a browser shows it; without, every text node as it is (XML).  An
 * entity reference left by the parser is appended as its character.
 */
void	 html_text(xmlNodePtr node, struct buf *b, int depth_max, int flags);
/*
 * html_text that stops after *BUDGET nodes (detection reads many items of
 * a hostile page: each read is bounded); BUDGET may be NULL.
 */
void	 html_text_budget(xmlNodePtr node, struct buf *b, int depth_max,
	    int flags, int *budget);

#endif
