/*
 * detect_node.c: what every part of detection shares: element tests, the
 * budgeted text walk, reading dates with the run's options, and adding
 * items to the page (and dropping them again).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/hash.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "date.h"
#include "detect.h"
#include "detect_node.h"
#include "html.h"
#include "item.h"
#include "text.h"
#include "url.h"
#include "util.h"

/* NAME is lowercase, as the HTML parser leaves element names. */
int
detect_is(xmlNodePtr n, const char *name)
{
	const xmlChar	*p;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return (0);
	/* Inline: called for every element of every walk. */
	for (p = n->name; *name != '\0' && ascii_lower(*p) == *name; p++)
		name++;
	return (*p == '\0' && *name == '\0');
}

int
detect_is_heading(xmlNodePtr n)
{
	return (n->type == XML_ELEMENT_NODE && (n->name[0] == 'h' ||
	    n->name[0] == 'H') && n->name[1] >= '1' && n->name[1] <= '6' &&
	    n->name[2] == '\0');
}

int
detect_hidden(xmlNodePtr n)
{
	return (html_hidden(n, HTML_HIDE_MORE));
}

void
detect_records_link(struct detect *d)
{
	size_t	 i;

	for (i = 0; i < d->d_n; i++)
		d->d_nodes[i].dn_node->_private = &d->d_nodes[i];
}

void
detect_records_unlink(struct detect *d)
{
	size_t	 i;

	for (i = 0; i < d->d_n; i++)
		html_mark_shown(d->d_nodes[i].dn_node);
}

struct dnode *
detect_record(const struct detect *d, xmlNodePtr n)
{
	uintptr_t	 p = n != NULL ? (uintptr_t)n->_private : 0;
	uintptr_t	 first = (uintptr_t)d->d_nodes;

	/* The html.c mark, or a node the measuring pass did not reach. */
	if (p < first || p >= first + d->d_n * sizeof(*d->d_nodes) ||
	    ((struct dnode *)p)->dn_node != n)
		return (NULL);
	return ((struct dnode *)p);
}

/* An attribute's value without copying, or NULL. */
const char *
detect_attr(xmlNodePtr n, const char *name)
{
	return (html_attr(n, name));
}

/* 1 if the space-separated list S holds TOKEN. */
int
detect_has_token(const char *s, const char *token)
{
	size_t	 n = strlen(token), len;

	if (s == NULL || n == 0)
		return (0);
	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			return (0);
		len = strcspn(s, " \t\r\n\f");
		if (len == n && strncmp(s, token, n) == 0)
			return (1);
		s += len;
	}
}

static int
detect_usable_href(const char *href)
{
	if (href == NULL)
		return (0);
	while (isspace((unsigned char)*href))
		href++;
	return (*href != '\0' && *href != '#' &&
	    url_reference_allowed(href, URL_ANCHOR));
}

int
detect_is_link(xmlNodePtr n)
{
	return (detect_is(n, "a") && detect_usable_href(detect_attr(n, "href")));
}

/* Characters of S that are not white space. */
uint32_t
detect_count(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s, *end;
	uint64_t		 w, shown;
	uint32_t		 c = 0;
	const uint64_t		 hi = 0x8080808080808080ULL;

	end = p + strlen(s);
	/* Eight bytes at a time: a byte counts when it is ASCII above the
	 * space (its low seven bits plus 0x5f reach bit 7, its own bit 7
	 * clear) or starts a multibyte character (bits 7 and 6 set). */
	for (; end - p >= 8; p += 8) {
		memcpy(&w, p, sizeof(w));
		shown = ((((w & ~hi) + 0x5f5f5f5f5f5f5f5fULL) & ~w) |
		    ((w << 1) & w)) & hi;
		/* One bit per counted byte, at bit 7: summed by a multiply. */
		c += (uint32_t)(((shown >> 7) * 0x0101010101010101ULL) >> 56);
	}
	for (; p < end; p++)
		if (*p > ' ' && (*p & 0xc0) != 0x80)
			c++;
	return (c);
}

/* The raw text of N (caller frees), never NULL: html.c's one visible-text
 * walk, bounded by the item node budget; with NO_TIME, <time> elements
 * left out (a date inside a heading). */
static void
detect_text_into(struct buf *b, xmlNodePtr n, size_t max, int no_time)
{
	int	 budget = DETECT_ITEM_BUDGET * 4;

	buf_add(b, "", 0);
	if (n->type == XML_TEXT_NODE) {
		if (n->content != NULL)
			buf_add(b, n->content, strnlen((const char *)n->content,
			    max));
	} else
		html_text_budget(n, b, DETECT_MAX_DEPTH, HTML_WORDS |
		    HTML_HIDE_MORE | (no_time ? HTML_NO_TIME : 0), &budget);
}

char *
detect_text_opt(xmlNodePtr n, size_t max, int no_time)
{
	struct buf	 b;

	buf_init(&b, max + 2);
	detect_text_into(&b, n, max, no_time);
	return (buf_take(&b, NULL));
}

/* The scratch of detect_text_peek: items are read thousands of times,
 * most reads only to count or test the text (the daemon has one
 * thread). */
static struct buf	 detect_scratch;

const char *
detect_text_peek(xmlNodePtr n, size_t max)
{
	detect_scratch.b_len = 0;
	detect_scratch.b_max = max + 2;
	detect_text_into(&detect_scratch, n, max, 0);
	return (detect_scratch.b_data);
}

char *
detect_text(xmlNodePtr n, size_t max)
{
	return (detect_text_opt(n, max, 0));
}

/* Cleaned text of N, or NULL when empty (caller frees). */
char *
detect_clean_text(xmlNodePtr n, size_t max)
{
	return (text_clean_take(detect_text(n, max * 2 < DETECT_TEXT_MAX ?
	    max * 2 : DETECT_TEXT_MAX), max));
}

/* The node after N in document order inside ROOT (N's subtree skipped
 * unless DOWN), or NULL at the end. */
xmlNodePtr
detect_next(xmlNodePtr n, xmlNodePtr root, int down)
{
	if (down && n->type == XML_ELEMENT_NODE && n->children != NULL &&
	    !detect_hidden(n))
		return (n->children);
	while (n != root && n->next == NULL)
		n = n->parent;
	if (n == root || n == NULL)
		return (NULL);
	return (n->next);
}

/* The node after N under ROOT in document order, hidden ones too. */
xmlNodePtr
detect_next_any(xmlNodePtr n, xmlNodePtr root)
{
	if (n->type == XML_ELEMENT_NODE && n->children != NULL)
		return (n->children);
	while (n != root && n->next == NULL)
		n = n->parent;
	return (n == root || n == NULL ? NULL : n->next);
}

/* 1 if A is N or one of its ancestors. */
int
detect_contains(xmlNodePtr a, xmlNodePtr n)
{
	int	 i;

	for (i = 0; n != NULL && i <= DETECT_MAX_DEPTH * 2; n = n->parent, i++)
		if (n == a)
			return (1);
	return (0);
}

/* One text's reading as a date, kept for the rest of the run. */
struct dcached {
	int	 dc_rc;
	time_t	 dc_t;
};

static void
detect_cached_free(void *payload, const xmlChar *name)
{
	(void)name;
	free(payload);
}

/*
 * Whether TEXT reads as a date, with the options' formats and zone.  A
 * list repeats its texts ("by admin", "Reply", one date per day), and
 * every item is read twice (the date boost, then the items): each text
 * is parsed once per run (d_dates, at most DETECT_DATE_CACHE texts).
 */
int
detect_parse_date(const struct detect *d, const char *text, time_t *t)
{
	struct date_opts	 defaults;
	struct dcached		*c;
	int			 rc;

	if (d->d_dates != NULL && (c = xmlHashLookup(d->d_dates,
	    (const xmlChar *)text)) != NULL) {
		*t = c->dc_t;
		return (c->dc_rc);
	}
	memset(&defaults, 0, sizeof(defaults));
	rc = date_parse_info(text, d->d_dopts != NULL ? d->d_dopts :
	    &defaults, t, NULL);
	if (d->d_dates != NULL && xmlHashSize(d->d_dates) < DETECT_DATE_CACHE) {
		c = xmalloc(sizeof(*c));
		c->dc_rc = rc;
		c->dc_t = rc == 0 ? *t : 0;
		if (xmlHashAddEntry(d->d_dates, (const xmlChar *)text, c) != 0)
			free(c);
	}
	return (rc);
}

int
detect_may_have_year(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 run = 0, groups = 0;

	for (; *p != '\0'; p++) {
		if (isdigit(*p)) {
			/* "2018", or "14.03.18": a third number after two
			 * separated ones. */
			if (++run == 4 && (p[-3] == '1' || p[-3] == '2'))
				return (1);
			if (run == 1 && ++groups >= 3)
				return (1);
			continue;
		}
		if (run > 0 && run <= 2 && (*p == '.' || *p == '/' ||
		    *p == '-') && isdigit(p[1]))
			;	/* the group goes on after its separator */
		else if (*p == '\'' && isdigit(p[1]) && isdigit(p[2]))
			return (1);	/* "Mar 5, '18" */
		else if (*p == 0xef && p[1] == 0xbc && p[2] >= 0x90 &&
		    p[2] <= 0x99)
			return (1);	/* full-width digits: date.c reads them */
		else if ((*p == 0xe5 && p[1] == 0xb9 && p[2] == 0xb4) ||
		    (*p == 0xeb && p[1] == 0x85 && p[2] == 0x84))
			return (1);	/* 年, 년 */
		else
			groups = 0;
		run = 0;
	}
	return (0);
}

int
detect_plain_date(const struct detect *d, const char *text)
{
	struct date_opts	 defaults;
	struct date_info	 di;
	time_t			 t;

	if (!detect_may_have_year(text))
		return (0);
	memset(&defaults, 0, sizeof(defaults));
	memset(&di, 0, sizeof(di));
	return (date_parse_info(text, d->d_dopts != NULL ? d->d_dopts :
	    &defaults, &t, &di) == 0 && !di.di_no_year && !di.di_relative &&
	    di.di_before[0] == '\0');
}

void
detect_dates_free(struct detect *d)
{
	if (d->d_dates != NULL)
		xmlHashFree(d->d_dates, detect_cached_free);
	d->d_dates = NULL;
}

void
detect_fields_free(struct dfields *f)
{
	free_all(f->f_title, f->f_href, f->f_summary, f->f_date_text,
	    f->f_date_attr);
	memset(f, 0, sizeof(*f));
}

void
detect_sampled_free(struct detect *d)
{
	size_t	 i;

	for (i = 0; i < d->d_nsampled; i++)
		detect_fields_free(&d->d_sampled[i].s_f);
	d->d_nsampled = 0;
}

/* Classes of layout that many unlike elements carry. */
static const char *layout_tokens[] = {
	"clear", "clearfix", "clear-block", "cf", "group", "clearer",
	"container", "inner", "wrapper", "block", NULL
};
static struct wordset	 layout_set = WORDSET(layout_tokens);

int
detect_layout_token(const char *tok)
{
	return (wordset_has(&layout_set, tok));
}

int
detect_two_of(const char *s, int digits)
{
	const unsigned char	*p;
	int			 n = 0;

	for (p = (const unsigned char *)s; *p != '\0' && n < 2; p++)
		if (isalpha(*p) || *p >= 0xc0 || (digits && isdigit(*p)))
			n += *p >= 0xe0 && !digits ? 2 : 1;
	return (n >= 2);
}

int
detect_wordy(const char *s)
{
	return (detect_two_of(s, 0));
}

int
detect_is_ld_script(xmlNodePtr n)
{
	const char	*type;

	if (!detect_is(n, "script") || (type = detect_attr(n, "type")) ==
	    NULL)
		return (0);
	while (isspace((unsigned char)*type))
		type++;
	return (strncasecmp(type, "application/ld+json", 19) == 0);
}

char *
detect_attr_dup(xmlNodePtr n, const char *name)
{
	const char	*v = detect_attr(n, name);

	return (v != NULL && *v != '\0' ? xstrdup(v) : NULL);
}

/*
 * Appends one item to the page from raw fields.  Returns 0, or -1 when it
 * has no usable link or the page is full.
 */
int
detect_add(struct detect *d, const struct dfields *f)
{
	struct extraction		*ex = d->d_pg;
	struct item		*it;
	char			*link, *s;

	if (ex->ex_nitems >= ITEM_MAX_ITEMS)
		return (-1);
	link = f->f_href != NULL ? item_resolve_link(f->f_href, d->d_base) :
	    NULL;
	if (link == NULL && (!f->f_linkless || f->f_title == NULL ||
	    detect_count(f->f_title) == 0))
		return (-1);
	if (ex->ex_nitems == d->d_cap || d->d_picks == NULL) {
		if (ex->ex_nitems == d->d_cap)
			d->d_cap = d->d_cap ? d->d_cap * 2 : 16;
		ex->ex_items = xreallocarray(ex->ex_items, d->d_cap,
		    sizeof(*ex->ex_items));
		d->d_picks = xreallocarray(d->d_picks, d->d_cap,
		    sizeof(*d->d_picks));
	}
	d->d_picks[ex->ex_nitems] = f->f_pick;
	it = &ex->ex_items[ex->ex_nitems++];
	memset(it, 0, sizeof(*it));
	it->it_link = link;
	it->it_summary = text_clean_nonempty(f->f_summary, ITEM_MAX_SUMMARY);
	it->it_title = text_clean_nonempty(f->f_title, ITEM_MAX_TITLE);
	/* Never -1: the item has a link or a title. */
	(void)item_titled(it);
	if (it->it_summary != NULL && strcmp(it->it_summary,
	    it->it_title) == 0) {
		free(it->it_summary);
		it->it_summary = NULL;
	}
	s = text_clean(f->f_date_text != NULL ? f->f_date_text :
	    (f->f_date_attr != NULL ? f->f_date_attr : ""), ITEM_MAX_DATE_TEXT);
	if (s[0] != '\0') {
		it->it_date_text = s;
		/* The attribute (a machine's date) first, then the text. */
		if (f->f_date_attr != NULL)
			it->it_date = item_date(f->f_date_attr, d->d_dopts,
			    &it->it_date_future, &it->it_date_offset,
			    &it->it_date_only);
		if (it->it_date == 0 && !it->it_date_future)
			it->it_date = item_date_link(s, it->it_link,
			    d->d_dopts, &it->it_date_future,
			    &it->it_date_offset, &it->it_date_only);
		if (it->it_date == 0 && !it->it_date_future)
			ex->ex_ndates_unparsed++;
	} else {
		free(s);
		it->it_date = item_date_link(NULL, it->it_link, d->d_dopts,
		    NULL, NULL, &it->it_date_only);
	}
	return (0);
}

/* Drops items from index FROM on (a rejected attempt). */
void
detect_truncate(struct detect *d, size_t from)
{
	struct extraction	*ex = d->d_pg;
	struct item	*it;

	while (ex->ex_nitems > from) {
		it = &ex->ex_items[--ex->ex_nitems];
		if (it->it_date_text != NULL && it->it_date == 0 &&
		    !it->it_date_future)
			ex->ex_ndates_unparsed--;
		item_free(it);
	}
}

/* Drops later items whose link an earlier one (from FROM) has. */
/* Item I moves down to *OUT when KEEP, else it is freed (and its
 * unparsed date no longer counted). */
static void
detect_keep(struct detect *d, size_t i, int keep, size_t *out)
{
	struct extraction	*ex = d->d_pg;
	struct item		*it = &ex->ex_items[i];

	if (keep) {
		d->d_picks[*out] = d->d_picks[i];
		ex->ex_items[(*out)++] = *it;
		return;
	}
	if (it->it_date_text != NULL && it->it_date == 0 && !it->it_date_future)
		ex->ex_ndates_unparsed--;
	item_free(it);
}

void
detect_drop_demoted(struct detect *d, size_t from)
{
	struct extraction	*ex = d->d_pg;
	size_t			 i, out = from, linked = 0, demoted = 0;

	for (i = from; i < ex->ex_nitems; i++) {
		linked += ex->ex_items[i].it_link != NULL;
		demoted += d->d_picks[i].p_demoted;
	}
	if (demoted == 0 || linked < demoted * 2)
		return;
	for (i = from; i < ex->ex_nitems; i++)
		detect_keep(d, i, !d->d_picks[i].p_demoted, &out);
	ex->ex_nitems = out;
}

void
detect_dedup(struct detect *d, size_t from)
{
	struct extraction	*ex = d->d_pg;
	size_t		 i, j, out = from;
	int		 dup;

	for (i = from; i < ex->ex_nitems; i++) {
		struct item	*it = &ex->ex_items[i];

		for (dup = 0, j = from; j < out && !dup && it->it_link; j++)
			dup = ex->ex_items[j].it_link != NULL &&
			    strcmp(ex->ex_items[j].it_link, it->it_link) == 0;
		detect_keep(d, i, !dup, &out);
	}
	ex->ex_nitems = out;
}
