/* extract.h: HTML page → items, with the source's compiled selectors. */
#ifndef PAGEFEED_EXTRACT_H
#define PAGEFEED_EXTRACT_H

#include <stddef.h>
#include <time.h>

struct date_opts;
struct source_conf;

#define EXTRACT_MAX_ITEMS	1000
#define EXTRACT_MAX_TITLE	1024
#define EXTRACT_MAX_SUMMARY	16384
#define EXTRACT_MAX_LINK	4096
#define EXTRACT_MAX_FUTURE	86400	/* seconds a date may lie ahead */
#define EXTRACT_MAX_AUTHOR	256
#define EXTRACT_MAX_CATEGORY	128
#define EXTRACT_MAX_CATEGORIES	20

/* One item as found on the page; all strings clean UTF-8. */
struct item {
	char	*it_guid;
	char	*it_title;
	char	*it_link;	/* absolute, or NULL */
	char	*it_summary;	/* or NULL */
	char	*it_date_text;	/* as on the page, or NULL */
	time_t	 it_date;	/* parsed, or 0 when none could be */
	char	*it_content;	/* sanitised HTML, or NULL */
	char	*it_author;	/* or NULL */
	char	*it_image;	/* absolute http(s) URL, or NULL */
	char	*it_categories;	/* one per line, or NULL */
	char	*it_guid_text;	/* item.guid as on the page, or NULL */
	int	 it_date_offset;	/* seconds east of UTC of the page's date */
	int	 it_date_only;		/* the date named a day, not a time */
	char	*it_legacy_guid;	/* hash guid before schema 4, or NULL */
	int	 it_date_future;	/* it_date_text parsed, but over a day ahead */
};

/* The rules automatic detection used, as a config's keys would say them. */
enum page_rule {
	RULE_ITEM, RULE_TITLE, RULE_LINK, RULE_DATE, RULE_SUMMARY, RULE_COUNT
};

struct page {
	char		*pg_title;	/* the page's <title>, or NULL */
	char		*pg_language;	/* <html lang>, the feed's language, or NULL */
	struct item	*pg_items;	/* in page order, guids unique */
	size_t		 pg_nitems;
	size_t		 pg_ndates_unparsed;
	size_t		 pg_ndates_future;	/* ignored: over a day ahead */
	char		*pg_how;	/* how the items were found, or NULL */
	const char	*pg_encoding;	/* the encoding the page was read in */
	const char	*pg_encoding_how; /* why: bom, http, meta, fallback,
					     override, sniff */
	char		*pg_encoding_note; /* the encoding key lost: why, or NULL */
	/* Items in which a configured item.* selector matched nothing. */
	size_t		 pg_missing[9];		/* by enum field */
	size_t		 pg_title_summary;	/* titles taken from the summary */
	size_t		 pg_title_link;		/* titles taken from the link */
	char		*pg_why;	/* detection found nothing: why, or NULL */
	/* With EXTRACT_RULES, after automatic detection (NULL: none). */
	char		*pg_rules[RULE_COUNT];	/* "xpath:..." or CSS, + " @attr" */
	char		*pg_rules_note;	/* lines on what the rules miss, or NULL */
};

#define EXTRACT_RULES	0x01	/* work out the rules detection used */

/*
 * Extracts the items of a page.  URL is where the page came from (after
 * redirects): links are resolved against it, or against <base href>.
 * CONTENT_TYPE is the HTTP header (its charset wins), or NULL.
 * Returns 0, or -1 with *cause set (caller frees) when the page is not HTML
 * at all.  Zero items is not an error here; the caller decides.
 */
int	 extract_page(const struct source_conf *, const char *body, size_t len,
	    const char *url, const char *content_type, struct page *,
	    char **cause);
/* The same, with FLAGS (EXTRACT_RULES: for preview). */
int	 extract_page_flags(const struct source_conf *, const char *body,
	    size_t len, const char *url, const char *content_type, int flags,
	    struct page *, char **cause);
void	 extract_page_free(struct page *);

/* 0: HTML, 1: an RSS/Atom feed, -1 (with *cause): a type we do not read. */
int	 extract_kind(const char *content_type, const char *body, size_t len,
	    char **cause);

/* Resolves HREF against BASE; NULL for an unusable link (caller frees). */
char	*extract_resolve_link(const char *href, const char *base);

/*
 * The fields of one item's own page (follow = yes), evaluated with the
 * source's page.* selectors.  Strings are clean; NULL where nothing matched.
 */
struct item_page {
	char	*ip_title;
	char	*ip_date_text;
	time_t	 ip_date;
	int	 ip_date_offset;	/* as it_date_offset */
	int	 ip_date_only;
	char	*ip_content;
	char	*ip_author;
	char	*ip_image;
};

int	 extract_item_page(const struct source_conf *, const char *body,
	    size_t len, const char *url, const char *content_type,
	    struct item_page *, char **cause);
void	 extract_item_page_free(struct item_page *);
void	 extract_item_free(struct item *);
/*
 * Gives an item without a title one (its summary's start, else its link).
 * Returns 0, or -1 after freeing an item that has nothing to show.
 */
int	 extract_item_titled(struct item *);
/* The date options of a source (formats, zone, order), now as the poll time. */
void	 extract_date_opts(const struct source_conf *, struct date_opts *);

#endif
