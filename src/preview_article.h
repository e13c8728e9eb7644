/* preview_article.h: `pagefeed preview --article`, one page's article. */
#ifndef PAGEFEED_PREVIEW_ARTICLE_H
#define PAGEFEED_PREVIEW_ARTICLE_H

struct config;
struct source_conf;

/*
 * Fetches SC's page and prints its article (FROM_LISTING: the article of
 * the first item with a link the page lists), as a table or, with JSON,
 * one object.  Returns the exit status: 0 when a body was found, 1 when
 * a fetch failed or no body was found.
 */
int	 preview_article_run(const struct config *, const struct source_conf *,
	    int from_listing, int json);

#endif
