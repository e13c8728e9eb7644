/*
 * extract.h: an HTML page read with the source's compiled selectors (item,
 * item.*, page.*).  input.c decides when they are used.
 */
#ifndef PAGEFEED_EXTRACT_H
#define PAGEFEED_EXTRACT_H

#include <stddef.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include "item.h"

struct article;
struct date_opts;
struct source_conf;

/* A parsed HTML page: the document, an XPath context, the link base. */
struct extract_doc {
	htmlDocPtr		 ed_doc;
	xmlXPathContextPtr	 ed_ctx;
	char			*ed_base;	/* <base href>, else the URL */
};

/*
 * Parses BODY (from URL, after redirects; CONTENT_TYPE is the HTTP header,
 * its charset wins, or NULL) in the source's encoding rules.  With PG, sets
 * its encoding, encoding note, title and language.  Returns 0, or -1 with
 * *cause set (caller frees) when the body is not HTML at all.
 */
int	 extract_doc_open(const struct source_conf *, const char *body,
	    size_t len, const char *url, const char *content_type,
	    struct extraction *ex, struct extract_doc *, char **cause);
void	 extract_doc_close(struct extract_doc *);

/* 1 when the source sets any item.* field. */
int	 extract_has_fields(const struct source_conf *);

/*
 * Appends the items the source's item selector finds, with their item.*
 * fields, WITHOUT guids.  Returns 0, or -1 with *cause set.
 */
int	 extract_selected(const struct source_conf *, struct extract_doc *,
	    const struct date_opts *, struct extraction *, char **cause);

/*
 * Items found by detection, with the source's item.* fields on top: each
 * is evaluated relative to its element ROOTS[i] (NULL: left as found).
 * Items left with nothing to show are dropped.
 */
void	 extract_fields_on(const struct source_conf *, struct extract_doc *,
	    const struct date_opts *, xmlNodePtr *roots, struct extraction *);

/* The date options of a source (formats, zone, order); NOW is the poll's. */
void	 extract_date_opts(const struct source_conf *, time_t now,
	    struct date_opts *);

/*
 * The fields of one item's own page (follow = yes), with the source's
 * page.* selectors, and with follow = article its article's where no
 * page.* selector names the field (ip_no_article says when no body was
 * found); dates read against the poll time NOW.  Returns 0, or -1 with
 * *cause set when the body is no HTML.
 */
int	 extract_item_page(const struct source_conf *, const char *body,
	    size_t len, const char *url, const char *content_type, time_t now,
	    struct item_page *, char **cause);

/*
 * The article of one page (preview --article, the next pages of an
 * article): returns 0 with AR filled, 1 when no body was found (ar_why
 * says why; the other fields may be filled), or -1 with *cause set when
 * the body is no HTML.  Free AR with article_free either way.
 */
int	 extract_article(const struct source_conf *, const char *body,
	    size_t len, const char *url, const char *content_type, time_t now,
	    struct article *ar, char **cause);

/*
 * What a field that matched nothing in some items left them with, for the
 * warning preview prints and the daemon logs: "" or " (...)".
 */
const char	*extract_missing_note(const struct extraction *, size_t field);

#endif
