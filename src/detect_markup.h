/*
 * detect_markup.h: items from the markup alone, by measuring the page and
 * scoring groups of similar siblings; detection's internal header.
 */
#ifndef PAGEFEED_DETECT_MARKUP_H
#define PAGEFEED_DETECT_MARKUP_H

#include <stddef.h>

#include <libxml/tree.h>

struct detect;

/*
 * The measuring pass: the elements in document order with their parent,
 * the text and links under each, and what is page furniture (d_nodes).
 */
void	detect_measure(struct detect *d);
/* The first token of N's class, one without digits if any, into TOKEN. */
void	detect_first_token(xmlNodePtr n, char *token, size_t size);
/* Forgets the measuring pass and the runs, for detect_markup to redo. */
void	detect_runs_reset(struct detect *d);
/*
 * Adds the items of the markup's best group.  *HOW is set to a new string
 * "markup: XPATH" (caller frees) when enough were found; else d_why says
 * why.  Returns the page's item count.
 */
size_t	detect_markup(struct detect *d, char **how);

#endif
