/*
 * item.h: the item model every extractor fills and the store keeps: the
 * structs, their limits, and the rules that must read the same wherever an
 * item is made (title, date, categories, guids, links).
 */
#ifndef PAGEFEED_ITEM_H
#define PAGEFEED_ITEM_H

#include <stddef.h>
#include <time.h>

struct buf;
struct date_opts;

#define ITEM_MAX_ITEMS		1000
#define ITEM_MAX_TITLE		1024
#define ITEM_MAX_SUMMARY	16384
#define ITEM_MAX_LINK		4096
#define ITEM_MAX_FUTURE		86400	/* seconds a date may lie ahead */
#define ITEM_MAX_AUTHOR		256
#define ITEM_MAX_CATEGORY	128
#define ITEM_MAX_CATEGORIES	20
#define ITEM_MAX_DATE_TEXT	256

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
enum detect_rule {
	RULE_ITEM, RULE_TITLE, RULE_LINK, RULE_DATE, RULE_SUMMARY, RULE_COUNT
};

/* What reading one fetched body gave: its items, and how they were found. */
struct extraction {
	char		*ex_title;	/* the page's <title>, or NULL */
	char		*ex_language;	/* <html lang>, the feed's language, or NULL */
	struct item	*ex_items;	/* in page order, guids unique */
	size_t		 ex_nitems;
	size_t		 ex_ndates_unparsed;
	size_t		 ex_ndates_future;	/* ignored: over a day ahead */
	char		*ex_how;	/* how the items were found, or NULL */
	const char	*ex_encoding;	/* the encoding the page was read in */
	const char	*ex_encoding_how; /* why: bom, http, meta, meta-utf8
					     (valid UTF-8 under another meta), fallback,
					     override, sniff */
	char		*ex_encoding_note; /* the encoding key lost: why, or NULL */
	/* Items in which a configured item.* selector matched nothing. */
	size_t		 ex_missing[9];		/* by enum field */
	size_t		 ex_title_summary;	/* titles taken from the summary */
	size_t		 ex_title_link;		/* titles taken from the link */
	char		*ex_why;	/* detection found nothing: why, or NULL */
	/* With INPUT_RULES, after automatic detection (NULL: none). */
	char		*ex_rules[RULE_COUNT];	/* "xpath:..." or CSS, + " @attr" */
	char		*ex_rules_note;	/* lines on what the rules miss, or NULL */
	char		*ex_rules_json;	/* the json key's value, or NULL */
	/* With INPUT_RULES: the lists detection ranked next, one a line:
	 * "item = xpath:XPATH\tNODES\tSCORE" (the elements XPATH selects;
	 * SCORE relative to the chosen one's), or NULL. */
	char		*ex_runners_up;
};

/*
 * The fields of one item's own page (follow = yes), evaluated with the
 * source's page.* selectors, and with follow = article its article's where
 * no page.* selector names the field.  Strings are clean; NULL where
 * nothing matched.
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
	/* follow = article: */
	char	*ip_title_found;	/* the article's title, for an item
					   whose listing gave none */
	char	*ip_next;		/* its next page, absolute, or NULL */
	const char *ip_no_article;	/* no body found: why, or NULL */
};

void	 item_free(struct item *);
void	 item_page_free(struct item_page *);
void	 extraction_free(struct extraction *);

/*
 * Gives an item without a title one (its summary's start, else its link).
 * Returns 0, or -1 after freeing an item that has nothing to show.
 */
int	 item_titled(struct item *);

/*
 * TEXT read with DOPTS (NULL: defaults) as a UTC time, or 0 when not
 * understood or more than ITEM_MAX_FUTURE ahead of the poll (do_now); the
 * latter sets *FUTURE (may be NULL).  *OFFSET and *DATE_ONLY (may be NULL)
 * say how it was given.
 */
time_t	 item_date(const char *text, const struct date_opts *dopts,
	    int *future, int *offset, int *date_only);
/*
 * item_date for an item at LINK (may be NULL): a day shown without a year
 * ("03-16") takes the year LINK's path gives that month ("/2018/03/",
 * "t20180316"), else date.c's guess (the latest such day).
 */
time_t	 item_date_link(const char *text, const char *link,
	    const struct date_opts *dopts, int *future, int *offset,
	    int *date_only);

/*
 * Adds RAW (taken, may be NULL) to the categories in B, one per line,
 * unless it cleans to nothing, is a repeat or would be one too many
 * (*COUNT, the number kept so far, is updated).
 */
void	 item_category_add(struct buf *b, size_t *count, char *raw);

/*
 * Gives every item of PG its guid (its key when unique on the page, else a
 * name-based uuid; it_legacy_guid the id releases before store schema 4
 * gave it) and drops the items that are the very same twice.
 */
void	 item_assign_guids(struct extraction *ex);
/*
 * A list's own dates decide how its ambiguous numeric ones read: when
 * some of EX's date texts read only as month/day (05/30/2015) and none
 * only as day/month, the ambiguous ones (05/12/2015) are read month first
 * too.  A configured date_order (DOPTS->do_order_given) stands.
 */
void	 item_dates_order(struct extraction *ex, const struct date_opts *dopts);

/* Resolves HREF against BASE; NULL for an unusable link (caller frees). */
char	*item_resolve_link(const char *href, const char *base);
/* 1 when URL starts with SCHEME followed by ':' (any case). */

#endif
