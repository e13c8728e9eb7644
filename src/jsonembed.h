/*
 * jsonembed.h: JSON a page carries in its scripts (Next.js __NEXT_DATA__,
 * <script type="application/json">, window.__INITIAL_STATE__ = {...},
 * var ytInitialData = {...}, X = JSON.parse("...")), read as items by
 * jsonitems.c.
 */
#ifndef PAGEFEED_JSONEMBED_H
#define PAGEFEED_JSONEMBED_H

#include <stddef.h>

#include "item.h"

struct date_opts;
struct extract_doc;
struct source_conf;

#define JSONEMBED_MAX_DOCS	32	/* JSON texts parsed from one page */

/*
 * Appends the items of the JSON in ED's scripts to EX.  With the json key
 * the script it names (CSS, XPath, or js:NAME, a script's assignment to
 * NAME); otherwise each script holding JSON, the one whose items score
 * best.  With RULES, EX gets the keys that reproduce it.  Returns the
 * number of items appended, or -1 with *cause set when the json key finds
 * no script or no JSON in it.
 */
int	 jsonembed_items(const struct source_conf *, struct extract_doc *,
	    const struct date_opts *, int rules, struct extraction *,
	    char **cause);

/*
 * Decodes the JavaScript string literal at S (its opening quote: ' " or
 * `) up to END.  Returns the text (caller frees) and sets *AFTER past the
 * closing quote, or NULL when it is not one.
 */
char	*jsonembed_js_string(const char *s, const char *end,
	    const char **after);

#endif
