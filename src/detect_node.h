/*
 * detect_node.h: detection's internal header, for detect.c and the
 * detect_*.c parts only (other modules include detect.h): the state of one
 * detection run (the measured elements, runs, groups, where each item's
 * fields came from), the element and text helpers every part uses, and
 * adding and dropping items.
 */
#ifndef PAGEFEED_DETECT_NODE_H
#define PAGEFEED_DETECT_NODE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <libxml/hash.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "detect.h"
#include "item.h"

struct date_opts;

/* Caps and thresholds of one run (detect.h has those a caller sees). */
#define DETECT_ITEM_BUDGET	4000	/* nodes visited per item and field */
#define DETECT_DATE_CACHE	4096	/* texts whose reading as a date is kept */
#define DETECT_TEXT_MAX		(64 * 1024)
#define DETECT_MEASURE_MAX	4096	/* enough to compare summary lengths */
#define DETECT_EXTENT_MAX	8	/* siblings a <dt> or heading item spans */
#define EXTENT_TAG		1	/* to the next sibling of the same tag */
#define EXTENT_TOKEN		2	/* ... of the same tag and class token */
#define EXTENT_LINE		3	/* inline members: their line's text */
#define DETECT_DATE_TRIES	8	/* date_parse calls per item */
#define DETECT_SUMMARY_TRIES	16
#define DETECT_TOKENS		16	/* class tokens tried per sibling group */
#define DETECT_TOKEN_SAMPLE	200	/* members sampled to choose the token */
#define DETECT_TOP		6	/* groups checked for dates */
#define DETECT_SAMPLE		6	/* members of each checked */
#define DETECT_DATE_BOOST	0.5	/* all dated: score x 1.5 */
#define DETECT_SISTER_UP	3	/* sister lists meet this far up */
#define DETECT_KIN_UP		8	/* sections of stories meet this far up */
#define DETECT_MIN_ITEMS	3
#define DETECT_MIN_STRUCTURED	2
#define DETECT_MIN_LINKLESS	5	/* items of a list without links */
#define DETECT_RUNNERS_UP	4	/* lists preview shows beside the one */
#define DETECT_UNION_MAX	8	/* lists one item XPath joins with "|" */
#define DETECT_FEATURED_UP	4	/* levels up a featured item may sit */
#define DETECT_FEATURED_HEADS_UP 6	/* ... a featured story in its own box */
#define DETECT_FEATURED_MAX	6
#define DETECT_FIELDS_MAX	8	/* siblings that may be one record's fields */
#define DETECT_RECORD_DEPTH	4	/* levels a record holds its fields down */
#define DETECT_SECTION_NAME	16	/* a section's name is shorter */

/* Per element, from the measuring pass. */
#define DN_LINK		0x01	/* a usable <a href> */
#define DN_INLINK	0x02	/* at or under one */
#define DN_BOILER	0x04	/* in navigation, header, footer, sidebar... */
#define DN_ARTICLE	0x08	/* under <article> */
#define DN_HEADING	0x10
#define DN_ASIDE	0x20	/* related links inside an item: no title */
#define DN_ITEMSCOPE	0x40	/* has itemscope (a microdata item) */
#define DN_HENTRY	0x80	/* class h-entry (a microformats2 entry) */

struct dnode {
	xmlNodePtr	 dn_node;
	int		 dn_parent;	/* index, or -1 */
	int		 dn_first;	/* first child element, or -1 */
	int		 dn_next;	/* next sibling element, or -1 */
	uint32_t	 dn_text;	/* visible characters, spaces not counted */
	uint32_t	 dn_ltext;	/* of those, inside links */
	uint32_t	 dn_links;	/* usable links */
	uint32_t	 dn_maxlink;	/* text of the longest single link */
	uint32_t	 dn_heads;	/* headings */
	uint8_t		 dn_flags;
};

/* Members of one parent sharing a tag (and a class token). */
struct drun {
	int		 r_parent;
	int		 r_gparent;
	const char	*r_tag;
	char		 r_psig[64];	/* the parent's first class token */
	char		 r_token[64];	/* class token the members share */
	int		 r_extent;	/* items run to the next member:
					   EXTENT_TAG or EXTENT_TOKEN */
	int		 r_linkless;	/* members without a link kept */
	int		 r_nolinks;	/* ... and none has one */
	int		 r_lead;	/* a date stands before each member */
	size_t		 r_first;	/* into d_members */
	size_t		 r_n;
	double		 r_text, r_ltext, r_links, r_maxlink, r_heads;
};

struct dgroup {
	size_t		 g_run;		/* first run in d_runs (sorted) */
	size_t		 g_nruns;
	size_t		 g_n;
	double		 g_score;
};

/*
 * Where one item's fields came from, so that preview can say it as rules
 * and item.* keys can replace fields relative to the item's element.
 */
struct dpick {
	xmlNodePtr	 p_root;		/* the item's element, or NULL */
	xmlNodePtr	 p_node[RULE_COUNT];	/* per field, or NULL */
	const char	*p_attr[RULE_COUNT];	/* the attribute read, or NULL */
	int		 p_demoted;	/* had links, none a permalink */
};

/* Fields of one item as found, before cleaning. */
struct dfields {
	char		*f_title;
	char		*f_href;
	char		*f_summary;
	char		*f_date_text;
	char		*f_date_attr;	/* machine-readable (datetime=...) */
	int		 f_linkless;	/* may have no link (a strong list's row) */
	int		 f_nosummary;	/* picked without looking for one */
	struct dpick	 f_pick;
};

struct detect {
	htmlDocPtr		 d_doc;
	const char		*d_base;
	const struct date_opts	*d_dopts;
	struct dnode		*d_nodes;
	size_t			 d_n;
	int			*d_members;
	size_t			 d_nmembers;
	struct drun		*d_runs;
	size_t			 d_nruns;
	struct extraction		*d_pg;
	size_t			 d_cap;		/* of d_pg->ex_items */
	struct dpick		*d_picks;	/* beside d_pg->ex_items */
	int			 d_roots_only;	/* no JSON-LD: items need an element */
	int			 d_runners;	/* say the runners-up */
	const char		*d_why;		/* why nothing was found */
	int			 d_weak_aside;	/* <aside> is as weak as a class */
	int			 d_main;	/* <main> or role=main, or -1 */
	xmlHashTablePtr		 d_dates;	/* text → its date, this run */
	/* The date boost's picks (no summary), for detect_take to finish
	 * rather than redo. */
	struct dsampled {
		int			 s_parent;	/* the run's, -1: used */
		size_t			 s_first;	/* (runs move) */
		int			 s_rc;
		struct dfields		 s_f;
	}			 d_sampled[DETECT_TOP * DETECT_SAMPLE];
	size_t			 d_nsampled;
	/* The page's JSON-LD blocks, met by the measuring walk; all of
	 * them unless d_walk_cut (the walk stopped at its limits). */
	xmlNodePtr		 d_scripts[DETECT_MAX_SCRIPTS];
	size_t			 d_nscripts;
	int			 d_walk_cut;
};

/* Whether libxml2's NAME is S, compared inline: called for every element
 * and attribute of every walk, where a call cost more than the compare. */
static inline int
detect_same_name(const xmlChar *name, const char *s)
{
	for (; *s != '\0' && *name == (xmlChar)*s; name++)
		s++;
	return (*name == '\0' && *s == '\0');
}

/* Element tests.  NAME is lowercase, as the HTML parser leaves names. */
int	detect_is(xmlNodePtr n, const char *name);
int	detect_is_heading(xmlNodePtr n);
/*
 * The measuring pass's record of element N, or NULL (hidden, or past its
 * limits).  While detection runs, each measured element's _private points
 * at its record (html.c reads any _private as "shown");
 * detect_records_unlink leaves html.c's mark instead before the records
 * are freed.
 */
struct dnode	*detect_record(const struct detect *d, xmlNodePtr n);
void	detect_records_link(struct detect *d);
void	detect_records_unlink(struct detect *d);
/* Whether detection leaves N out (html_hidden with HTML_HIDE_MORE). */
int	detect_hidden(xmlNodePtr n);
/* An attribute's value without copying, or NULL. */
const char	*detect_attr(xmlNodePtr n, const char *name);
/* The attribute's value copied, or NULL when absent or empty. */
char	*detect_attr_dup(xmlNodePtr n, const char *name);
/* 1 if the space-separated list S holds TOKEN. */
int	detect_has_token(const char *s, const char *token);
/* 1 if N is an <a> whose href an item may link to. */
int	detect_is_link(xmlNodePtr n);
/* Characters of S that are not white space. */
uint32_t	detect_count(const char *s);

/*
 * The raw visible text of N (caller frees), never NULL, capped at MAX
 * bytes and a node budget; with NO_TIME, <time> elements left out.
 */
char	*detect_text_opt(xmlNodePtr n, size_t max, int no_time);
/* detect_text_opt with <time> elements kept. */
char	*detect_text(xmlNodePtr n, size_t max);
/* detect_text without a copy: valid until the next call (not to free). */
const char	*detect_text_peek(xmlNodePtr n, size_t max);
/* Cleaned text of N, or NULL when empty (caller frees). */
char	*detect_clean_text(xmlNodePtr n, size_t max);
/* The node after N in document order inside ROOT (N's subtree skipped
 * unless DOWN), or NULL at the end. */
xmlNodePtr	detect_next(xmlNodePtr n, xmlNodePtr root, int down);
/* The node after N under ROOT in document order, hidden ones too. */
xmlNodePtr	detect_next_any(xmlNodePtr n, xmlNodePtr root);
/* 1 if A is N or one of its ancestors. */
int	detect_contains(xmlNodePtr a, xmlNodePtr n);
/* Whether TEXT reads as a date, with the run's date options. */
int	detect_parse_date(const struct detect *d, const char *text,
	    time_t *t);
/* Whether S could hold a date's year ("2018", "14.03.18", "'18", a
 * full-width digit, 年): a quick look before a full parse for one. */
int	detect_may_have_year(const char *s);
/*
 * Whether TEXT opens with a date with its year, no relative one ("October
 * 15th, 2017, ...", "March 10, 2018"), with the run's date options.
 */
int	detect_plain_date(const struct detect *d, const char *text);
/* Frees the run's cache of dates read (d_dates). */
void	detect_dates_free(struct detect *d);

/* Frees F's strings and zeroes it. */
void	detect_fields_free(struct dfields *f);
/* Forgets the date boost's picks (d_sampled). */
void	detect_sampled_free(struct detect *d);
/* 1 if TOK is a class of layout ("clearfix"), which names no list. */
int	detect_layout_token(const char *tok);
/* Whether N is a <script type=application/ld+json>. */
int	detect_is_ld_script(xmlNodePtr n);
/*
 * Whether S has two of what names something: letters (a character of
 * another script counts, a CJK one, three bytes and up, as a word by
 * itself: two), and with DIGITS digits too ("8.2.1").
 */
int	detect_two_of(const char *s, int digits);
/* Text that could name something: two letters at least, not digits only. */
int	detect_wordy(const char *s);
/*
 * Appends one item to the page from raw fields (cleaned, the link made
 * absolute, the date read).  Returns 0, or -1 when it has no usable link
 * or the page is full.
 */
int	detect_add(struct detect *d, const struct dfields *f);
/* Drops items from index FROM on (a rejected attempt). */
void	detect_truncate(struct detect *d, size_t from);
/* Drops later items whose link an earlier one (from FROM) has. */
void	detect_dedup(struct detect *d, size_t from);
/*
 * Drops the items from FROM on that had links but no permalink (a tools
 * bar, "related searches") when the list's other items have permalinks,
 * at least twice as many; a list of download rows keeps them all.
 */
void	detect_drop_demoted(struct detect *d, size_t from);

#endif
