/*
 * detect_markup.h: items from the markup alone, by measuring the page and
 * scoring groups of similar siblings; detection's internal header, shared
 * by detect_markup.c (measuring, runs, groups, items), detect_prefer.c
 * (the choice among groups) and detect_xpath.c (the item XPath).
 */
#ifndef PAGEFEED_DETECT_MARKUP_H
#define PAGEFEED_DETECT_MARKUP_H

#include <stddef.h>

#include <libxml/tree.h>

struct detect;
struct dgroup;

/*
 * The measuring pass: the elements in document order with their parent,
 * the text and links under each, and what is page furniture (d_nodes).
 */
void	detect_measure(struct detect *d);
/* The first token of N's class, one without digits if any, into TOKEN. */
void	detect_first_token(xmlNodePtr n, char *token, size_t size);
/* Forgets the measuring pass and the runs, for detect_markup to redo. */
void	detect_runs_reset(struct detect *d);
/* Furniture marked again with <aside>s weak, after nothing was found; 1
 * when the page has any. */
int	detect_relax_asides(struct detect *d);
/*
 * Adds the items of the markup's best group.  *HOW is set to a new string
 * "markup: XPATH" (caller frees) when enough were found; else d_why says
 * why.  Returns the page's item count.
 */
size_t	detect_markup(struct detect *d, char **how);

/* detect_prefer.c: which of the N scored GROUPS is the list. */
/* The share of group G's members (a sample) that carry a title. */
double	detect_titled_share(const struct detect *d, const struct dgroup *g);
/* Records over the rows they span. */
void	detect_prefer_records(const struct detect *d, struct dgroup *groups,
	    size_t n);
/* Records over the tables of fields each holds a few levels down. */
void	detect_prefer_fielded(const struct detect *d, struct dgroup *groups,
	    size_t n);
/* Headings over the prose siblings of posts without a wrapper. */
void	detect_prefer_headed(const struct detect *d, struct dgroup *groups,
	    size_t n);
/* Sections headed by no link or a short one over the lists inside. */
void	detect_prefer_inner(const struct detect *d, struct dgroup *groups,
	    size_t n);
/* Stories over the related links inside them (marked DN_ASIDE). */
void	detect_prefer_outer(struct detect *d, struct dgroup *groups, size_t n);
/* Sister lists that look alike from above joined to the first group. */
void	detect_sisters(struct detect *d, struct dgroup *groups, size_t n);

/* detect_xpath.c */
/*
 * "markup: XPATH" selecting group G's members into *HOW (caller frees);
 * *COUNT, if asked, is what it selects.
 */
void	detect_how(const struct detect *d, const struct dgroup *g, char **how,
	    int *count);
/* ex_runners_up: the lists that lost to the first, for preview. */
void	detect_runners_up(struct detect *d, const struct dgroup *groups,
	    size_t n);

#endif
