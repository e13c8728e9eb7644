/*
 * detect.c: a page's items without configured selectors.  Structured data
 * is trusted first (JSON-LD, microdata, h-entry: detect_sd.c); failing
 * that, the markup is measured and its groups of similar siblings scored
 * (detect_markup.c).  With rules asked for, what was found is said as a
 * config's keys (detect_rules.c).  The state of a run and the helpers the
 * parts share are in detect_node.c.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "detect.h"
#include "detect_markup.h"
#include "detect_node.h"
#include "detect_rules.h"
#include "detect_sd.h"
#include "item.h"
#include "util.h"

size_t
detect_items(htmlDocPtr doc, const char *base, const struct date_opts *dopts,
    struct extraction *ex, char **how)
{
	struct detect_opts	 o;

	memset(&o, 0, sizeof(o));
	o.dt_dopts = dopts;
	return (detect_items_opts(doc, base, &o, ex, how, NULL));
}

/*
 * JSON-LD items that are links only (an ItemList of URLs: no dates, no
 * summaries) give way to the markup's items when the markup finds as
 * many with dates.  Returns 1 with *HOW set when the markup's replaced
 * the items from FROM on, else 0 (the JSON-LD items stay).
 */
static int
detect_ld_thin(struct detect *d, size_t from, char **how)
{
	struct extraction	*ex = d->d_pg;
	size_t			 i, mid = ex->ex_nitems, dated = 0;

	for (i = from; i < mid; i++)
		if (ex->ex_items[i].it_date_text != NULL ||
		    ex->ex_items[i].it_summary != NULL)
			return (0);
	detect_runs_reset(d);
	detect_markup(d, how);
	for (i = mid; i < ex->ex_nitems; i++)
		dated += ex->ex_items[i].it_date != 0;
	if (*how == NULL || dated == 0 || (ex->ex_nitems - mid) * 5 <
	    (mid - from) * 4) {
		detect_truncate(d, mid);
		free(*how);
		*how = NULL;
		return (0);
	}
	for (i = from; i < mid; i++)
		item_free(&ex->ex_items[i]);
	memmove(&ex->ex_items[from], &ex->ex_items[mid],
	    (ex->ex_nitems - mid) * sizeof(*ex->ex_items));
	memmove(&d->d_picks[from], &d->d_picks[mid],
	    (ex->ex_nitems - mid) * sizeof(*d->d_picks));
	ex->ex_nitems -= mid - from;
	return (1);
}

/* The markup's items; where none were found, those found with <aside>s
 * as weak as a class word (detect_relax_asides). */
static void
detect_markup_relaxed(struct detect *d, size_t from, char **how)
{
	detect_runs_reset(d);
	detect_markup(d, how);
	if (*how == NULL && d->d_pg->ex_nitems == from &&
	    detect_relax_asides(d)) {
		detect_runs_reset(d);
		detect_markup(d, how);
	}
}

size_t
detect_items_opts(htmlDocPtr doc, const char *base,
    const struct detect_opts *o, struct extraction *ex, char **how,
    xmlNodePtr **roots)
{
	struct detect	 d;
	size_t		 from = ex->ex_nitems, n, i;
	char		*item_xpath = NULL;

	*how = NULL;
	if (roots != NULL)
		*roots = NULL;
	memset(&d, 0, sizeof(d));
	d.d_doc = doc;
	d.d_base = base;
	d.d_dopts = o->dt_dopts;
	d.d_dates = xmlHashCreate(64);
	d.d_pg = ex;
	d.d_cap = ex->ex_nitems;
	d.d_roots_only = o->dt_roots_only;
	d.d_runners = o->dt_rules;
	d.d_why = "the page has no elements";
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL)
		goto out;

	/* The measuring walk first: it meets the JSON-LD blocks too. */
	detect_measure(&d);
	if (!d.d_roots_only) {
		detect_jsonld(&d);
		detect_dedup(&d, from);
		if (ex->ex_nitems - from >= DETECT_MIN_STRUCTURED) {
			detect_titles_from_links(&d, from);
			if (!detect_ld_thin(&d, from, how)) {
				*how = xstrdup("json-ld");
				goto out;
			}
			item_xpath = *how + strlen("markup: ");
			goto out;
		}
		detect_truncate(&d, from);
	}
	if (d.d_nodes == NULL)
		detect_measure(&d);
	detect_structured(&d, 0);
	detect_dedup(&d, from);
	if (ex->ex_nitems - from >= DETECT_MIN_STRUCTURED) {
		*how = xstrdup("microdata");
		goto out;
	}
	detect_truncate(&d, from);
	detect_structured(&d, 1);
	detect_dedup(&d, from);
	if (ex->ex_nitems - from >= DETECT_MIN_STRUCTURED) {
		*how = xstrdup("h-entry");
		goto out;
	}
	detect_truncate(&d, from);

	detect_markup_relaxed(&d, from, how);
	if (*how != NULL)
		item_xpath = *how + strlen("markup: ");
out:
	n = ex->ex_nitems - from;
	if (n == 0) {
		free(*how);
		*how = NULL;
		if (ex->ex_why == NULL && d.d_why != NULL)
			ex->ex_why = xstrdup(d.d_why);
	} else if (o->dt_rules)
		detect_rules(&d, from, *how, item_xpath);
	if (roots != NULL && n > 0) {
		*roots = xcalloc(n, sizeof(**roots));
		for (i = 0; i < n; i++)
			(*roots)[i] = d.d_picks[from + i].p_root;
	}
	detect_dates_free(&d);
	free(d.d_picks);
	detect_records_unlink(&d);
	free(d.d_nodes);
	free(d.d_members);
	free(d.d_runs);
	return (n);
}
