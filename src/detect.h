/*
 * detect.h: finding a page's items without configured selectors, from
 * structured data (JSON-LD, microdata, h-entry) or else from the markup.
 */
#ifndef PAGEFEED_DETECT_H
#define PAGEFEED_DETECT_H

#include <stddef.h>

#include <libxml/HTMLparser.h>

#include "item.h"

struct date_opts;

/* Caps that keep a hostile page's cost linear and small. */
#define DETECT_MAX_ELEMENTS	400000	/* elements looked at */
#define DETECT_MAX_DEPTH	256	/* deeper subtrees are ignored */
#define DETECT_MAX_SCRIPTS	32	/* JSON-LD blocks parsed */

/*
 * Finds the items of DOC without configured selectors.  BASE is the URL to
 * resolve links against (already accounting for <base href>).  DOPTS says
 * how dates are read (may be NULL).  Appends to PG's items (struct item,
 * item.h) in page order, at most ITEM_MAX_ITEMS, every string cleaned
 * and every link absolute, WITHOUT guids (the caller assigns them), and
 * counts unparsed dates in ex_ndates_unparsed.  *HOW is set to a new string
 * (caller frees) naming the rule that found them: "json-ld", "microdata",
 * "h-entry", or "markup: XPATH" where XPATH selects the items and can be
 * pasted into a config as item = xpath:XPATH.  Returns the number of items,
 * 0 (with *HOW NULL) when nothing convincing was found.  DOC is not changed.
 */
size_t	detect_items(htmlDocPtr doc, const char *base,
	    const struct date_opts *dopts, struct extraction *ex, char **how);

struct detect_opts {
	const struct date_opts	*dt_dopts;	/* may be NULL */
	int			 dt_rules;	/* set ex_rules, ex_rules_note */
	int			 dt_roots_only;	/* items with an element: no JSON-LD */
};

/*
 * detect_items with options.  With dt_rules, ex_rules get a selector per
 * key (RULE_ITEM: "xpath:..."; fields CSS with " @attr", or "xpath:...")
 * that reproduces what was found, chosen by trying them on every item, and
 * ex_rules_note comment lines ("# ...") on what they do not reproduce.
 * When nothing is found ex_why says why (set if NULL).  *ROOTS (may be
 * NULL) gets an array (caller frees) of each found item's element, NULL
 * for an item from JSON-LD.
 */
size_t	detect_items_opts(htmlDocPtr doc, const char *base,
	    const struct detect_opts *, struct extraction *ex, char **how,
	    xmlNodePtr **roots);

#endif
