/*
 * article.h: the article of one web page, found without selectors: its
 * body as sanitised HTML and as plain text, and its title, publication
 * date, author and lead image (follow = article, preview --article).
 */
#ifndef PAGEFEED_ARTICLE_H
#define PAGEFEED_ARTICLE_H

#include <stddef.h>
#include <time.h>

#include <libxml/tree.h>

struct date_opts;

#define ARTICLE_MAX_PAGES	5	/* pages of one article joined */
#define ARTICLE_MIN_TEXT	140	/* characters: less is no article */

/* What article_extract found; strings clean UTF-8, NULL where none. */
struct article {
	char		*ar_title;
	char		*ar_date_text;	/* the date as the page gave it */
	time_t		 ar_date;	/* 0 when none */
	int		 ar_date_offset;	/* seconds east of UTC */
	int		 ar_date_only;	/* the page named a day, no time */
	const char	*ar_date_how;	/* where the date was read */
	char		*ar_author;
	char		*ar_image;	/* absolute http(s) URL */
	char		*ar_content;	/* sanitised HTML of the body */
	char		*ar_text;	/* the body as text, a block a line */
	size_t		 ar_text_len;	/* characters of ar_text */
	char		*ar_next;	/* the article's next page, absolute */
	const char	*ar_why;	/* no body: why (static text) */
};

/*
 * Reads the article of DOC, a page at BASE (its address, or its <base>),
 * with DOPTS for dates without an offset (NULL: UTC, the clock's now).
 * DOC is taken apart: read every other field of it before.  Returns 0
 * when a body was found, -1 with ar_why set when not; the other fields
 * are filled either way.  Free with article_free.
 */
int	 article_extract(xmlDocPtr doc, const char *base,
	    const struct date_opts *dopts, struct article *ar);
void	 article_free(struct article *);

/*
 * Internal to the module's parts (article_meta.c reads what a page says of
 * its article beside the body; article.c calls it):
 * fills AR's title, date, author, image and next page from DOC's
 * structured data (JSON-LD, <meta>, microdata), its <time> elements, its
 * address BASE and the short texts by its headline.  Reads DOC before the
 * body is taken apart.
 */
void	 article_meta_read(xmlDocPtr doc, const char *base,
	    const struct date_opts *dopts, struct article *ar);
/*
 * The date a news story's first paragraph opens with ("Feb. 23, 2015 --
 * Life-threatening ..."), read into AR from TEXT, the body's text, when the
 * page gave no date by its structured data or its headline.
 */
void	 article_meta_lead_date(const char *text,
	    const struct date_opts *dopts, struct article *ar);

struct art_run;
/* article_clean.c: what the body BOX does not keep, by R's flags. */
void	 article_clean(struct art_run *r, xmlNodePtr box);
/*
 * article_judge.c: a short text mostly about cookies and consent; a body
 * that is an index of links to other stories.
 */
int	 article_is_consent_wall(const char *text, size_t chars);
int	 article_is_index(xmlNodePtr box);

#endif
