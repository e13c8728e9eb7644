/*
 * article_meta.h: internal to the article module (article.c,
 * article_meta.c): what a page says about its article beside the body.
 */
#ifndef PAGEFEED_ARTICLE_META_H
#define PAGEFEED_ARTICLE_META_H

#include <libxml/tree.h>

struct article;
struct date_opts;

/*
 * Fills AR's title, date, author, image and next page from DOC's
 * structured data (JSON-LD, <meta>, microdata), its <time> elements, its
 * address BASE and the short texts by its headline.  Reads DOC before the
 * body is taken apart.
 */
void	 article_meta_read(xmlDocPtr doc, const char *base,
	    const struct date_opts *dopts, struct article *ar);

/*
 * 1 when TEXT, an element's short text, names a date with its year (the
 * byline under a title), which the body leaves out.
 */
int	 article_meta_is_dateline(const char *text,
	    const struct date_opts *dopts);

#endif
