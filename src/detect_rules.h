/*
 * detect_rules.h: what detection did, said as a config's keys;
 * detection's internal header.
 */
#ifndef PAGEFEED_DETECT_RULES_H
#define PAGEFEED_DETECT_RULES_H

#include <stddef.h>

struct detect;

/*
 * Sets ex_rules and ex_rules_note to what reproduces the items found from
 * FROM on: the item XPath (ITEM_XPATH, from "markup: ITEM_XPATH", or
 * NULL) and one rule per field, each tried on every item.  HOW is the
 * rule that found them.
 */
void	detect_rules(struct detect *d, size_t from, const char *how,
	    const char *item_xpath);

#endif
