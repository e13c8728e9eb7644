/*
 * detect_date.c: an item's date, for detect_pick.c.  Where it is read
 * (a machine's attribute, a date-bearing element, the item's own short
 * text, else its title) and how a date read from the title is cut out of
 * it.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "date.h"
#include "date_words.h"
#include "detect_date.h"
#include "detect_node.h"
#include "html.h"
#include "item.h"
#include "text.h"
#include "util.h"

/*
 * A cheap test before date_parse: a digit, or a short text ("yesterday",
 * "вчера").  Long prose with a number in it is left to the length cap.
 */
int
detect_maybe_date(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (isdigit((unsigned char)s[i]))
			return (1);
	/* Without a digit only a relative date ("yesterday", "вчера"). */
	return (detect_count(s) <= 16 && date_words_may_hold(s));
}

/* Past the separators a date text tends to start with ("» ", "– "). */
static const char *
detect_date_start(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	for (;;) {
		if (*p != '\0' && *p < 0x80 && !isalnum(*p))
			p++;
		else if (p[0] == 0xc2 && p[1] != '\0')	/* » « · NBSP */
			p += 2;
		else if (p[0] == 0xe2 && p[1] != '\0' && p[2] != '\0')
			p += 3;				/* – — • … */
		else
			return ((const char *)p);
	}
}

/*
 * A date with its year leading the title where the date was read, before
 * a separator ("October 15th, 2017, FFmpeg 3.4", "March 5, 2018: Board
 * meeting"): cut, the shortest such lead, when words remain.  1 if cut.
 */
static int
detect_title_drop_lead(struct detect *d, struct dfields *f)
{
	static const char *const seps[] = { ", ", ": ", " - ", " \xe2\x80\x93 ",
	    " \xe2\x80\x94 ", " | ", NULL };
	char			*lead, *rest;
	size_t			 at, i, k, best = 0, bsep = 0;

	for (at = 1; at < 48 && f->f_title[at] != '\0' && best == 0; at++)
		for (k = 0; seps[k] != NULL && best == 0; k++) {
			if (strncmp(f->f_title + at, seps[k], strlen(seps[k]))
			    != 0)
				continue;
			lead = xstrndup(f->f_title, at);
			for (i = 0; lead[i] != '\0' && !isdigit(
			    (unsigned char)lead[i]); i++)
				;
			if (lead[i] != '\0' && detect_plain_date(d, lead)) {
				best = at;
				bsep = strlen(seps[k]);
			}
			free(lead);
		}
	if (best == 0)
		return (0);
	rest = f->f_title + best + bsep;
	if (!detect_wordy(rest) || detect_count(rest) < 4)
		return (0);
	memmove(f->f_title, rest, strlen(rest) + 1);
	return (1);
}

/* Whether C, an inline element at an edge of TITLE beside words of its
 * own, holds a short text opening with a date with its year; that text
 * into *TEXT (caller frees). */
static int
detect_title_edge_is_date(struct detect *d, xmlNodePtr title, xmlNodePtr c,
    char **text)
{
	const struct dnode	*dn;
	char			*s;

	if (c == NULL || c->type != XML_ELEMENT_NODE ||
	    (c == title->children && c == title->last) ||
	    !html_inline((const char *)c->name) || detect_is_link(c) ||
	    ((dn = detect_record(d, c)) != NULL && (dn->dn_text < 6 ||
	    dn->dn_text > 48)) || (s = detect_clean_text(c, 64)) == NULL)
		return (0);
	if (detect_maybe_date(s) && detect_plain_date(d, s)) {
		*text = s;
		return (1);
	}
	free(s);
	return (0);
}

/* The first or last child of N that is not blank text. */
static xmlNodePtr
detect_edge_child(xmlNodePtr n, int last)
{
	xmlNodePtr	c = last ? n->last : n->children;

	while (c != NULL && c->type == XML_TEXT_NODE &&
	    detect_count((const char *)c->content) == 0)
		c = last ? c->prev : c->next;
	return (c);
}

/*
 * The element closing TITLE, inline, after words of its own, whose short
 * text is a date with its year ("<h1>KDE Releases Frameworks 5.44.0
 * <i>March 10, 2018</i></h1>"), else the one opening it, before words
 * ("<a><span>2018-03-14 [new]</span><span>Flash Player
 * update</span></a>"); its text into *TEXT (caller frees).
 */
static xmlNodePtr
detect_title_edge_date(struct detect *d, xmlNodePtr title, char **text)
{
	xmlNodePtr	c;

	if (title == NULL || title->type != XML_ELEMENT_NODE)
		return (NULL);
	if (detect_title_edge_is_date(d, title,
	    (c = detect_edge_child(title, 1)), text) ||
	    detect_title_edge_is_date(d, title,
	    (c = detect_edge_child(title, 0)), text))
		return (c);
	return (NULL);
}

/* The one element child of P besides C, when P holds nothing else but
 * blanks; else NULL. */
static xmlNodePtr
detect_other_child(xmlNodePtr p, xmlNodePtr c)
{
	xmlNodePtr	 k, other = NULL;

	for (k = p->children; k != NULL; k = k->next) {
		if (k == c || (k->type == XML_TEXT_NODE &&
		    detect_count((const char *)k->content) == 0) ||
		    k->type == XML_COMMENT_NODE)
			continue;
		if (k->type != XML_ELEMENT_NODE || other != NULL)
			return (NULL);
		other = k;
	}
	return (other);
}

/* The text of the date element opening or closing the title, where the
 * date was read from it: cut from the title, when words remain.  1 if
 * cut. */
static int
detect_title_drop_tail(struct dfields *f)
{
	xmlNodePtr	 c = f->f_pick.p_node[RULE_DATE], other;
	char		*clean;
	size_t		 len, slen, at;

	if (c == NULL || f->f_date_text == NULL || f->f_date_attr != NULL ||
	    c->parent != f->f_pick.p_node[RULE_TITLE])
		return (0);
	clean = text_clean(f->f_title, strlen(f->f_title));
	slen = strlen(f->f_date_text);
	if (strncmp(clean, f->f_date_text, slen) == 0) {
		for (at = slen; isspace((unsigned char)clean[at]) ||
		    (clean[at] != '\0' && strchr(",-|:", clean[at]) != NULL);
		    at++)
			;
		if (detect_count(clean + at) > 0) {
			free(f->f_title);
			f->f_title = xstrdup(clean + at);
			/* The rest in one element: the title's rule names
			 * it. */
			if ((other = detect_other_child(c->parent, c)) != NULL)
				f->f_pick.p_node[RULE_TITLE] = other;
		}
		free(clean);
		return (detect_count(f->f_title) > 0);
	}
	free(clean);
	len = strlen(f->f_title);
	if (slen >= len)
		return (0);
	if (strcmp(f->f_title + len - slen, f->f_date_text) != 0)
		return (0);
	len -= slen;
	while (len > 0 && (isspace((unsigned char)f->f_title[len - 1]) ||
	    strchr(",-|:", f->f_title[len - 1]) != NULL))
		len--;
	if (len == 0)
		return (0);
	f->f_title[len] = '\0';
	return (1);
}

/*
 * A date in brackets closing the title ("GnuPG 2.2.5 released
 * (2018-02-22)"), where the item's date was read, is that date, no part
 * of its name: cut.
 */
void
detect_title_drop_date(struct detect *d, struct dfields *f)
{
	char		*open, *inner, *clean;
	size_t		 len;
	time_t		 t;
	int		 same;

	if (f->f_title != NULL && detect_title_drop_tail(f))
		return;
	/* Only when the title is where the date was read: an event's date
	 * in a title of an item dated elsewhere names the event. */
	if (f->f_title == NULL || f->f_date_text == NULL ||
	    f->f_date_attr != NULL)
		return;
	clean = text_clean(f->f_title, DETECT_TEXT_MAX);
	same = strcmp(f->f_date_text, clean) == 0;
	free(clean);
	if (!same)
		return;
	len = strlen(f->f_title);
	while (len > 0 && isspace((unsigned char)f->f_title[len - 1]))
		len--;
	if (detect_title_drop_lead(d, f))
		return;
	if (len < 2 || (f->f_title[len - 1] != ')' && f->f_title[len - 1] !=
	    ']') || (open = strrchr(f->f_title, f->f_title[len - 1] == ')' ?
	    '(' : '[')) == NULL || open == f->f_title ||
	    f->f_title + len - open > 40)
		return;
	inner = xstrndup(open + 1, (size_t)(f->f_title + len - 1 - open - 1));
	if (strpbrk(inner, "0123456789") != NULL && detect_parse_date(d, inner,
	    &t) == 0) {
		*open = '\0';
		if (!detect_wordy(f->f_title))
			*open = f->f_title[len - 1] == ')' ? '(' : '[';
	}
	free(inner);
}

/* Attributes that hold a machine's date. */
static const char *date_attrs[] = {
	"datetime", "content", "data-date", "data-time", "data-timestamp",
	"data-published", "data-datetime", "title", NULL
};
/* Words in class or itemprop that mark a date-bearing element. */
#define WORD(s)	{ (s), sizeof(s) - 1 }
static const struct {
	const char	*dc_word;
	size_t		 dc_len;
} date_classes[] = {
	WORD("date"), WORD("time"), WORD("published"), WORD("posted"),
	WORD("pubdate"), WORD("updated"), WORD("age"), WORD("meta-date"),
	WORD("timestamp"), WORD("created"), { NULL, 0 }
};

/* A word of S (split at anything not a letter) is, starts or ends with
 * one of date_classes ("post-date", "datePublished", "timestamp"). */
static int
detect_date_words(const char *s)
{
	const char	*c;
	size_t		 len, i, w;

	while (s != NULL && *s != '\0') {
		while (*s != '\0' && !isalpha((unsigned char)*s))
			s++;
		for (len = 0; isalpha((unsigned char)s[len]); len++)
			;
		for (i = 0; len > 0 && date_classes[i].dc_word != NULL; i++) {
			/* The first letters first: most words are no match. */
			c = date_classes[i].dc_word;
			w = date_classes[i].dc_len;
			if (len < w || (ascii_lower((unsigned char)s[0]) != c[0] &&
			    ascii_lower((unsigned char)s[len - w]) != c[0]))
				continue;
			if (len == w && strncasecmp(s, c, w) == 0)
				return (1);
			if (len > w && w >= 4 && (strncasecmp(s, c, w) == 0 ||
			    strncasecmp(s + len - w, c, w) == 0))
				return (1);
		}
		s += len;
	}
	return (0);
}

static int
detect_date_class(xmlNodePtr n)
{
	const char	*t = detect_attr(n, "title");

	/* <span title="2016-10-05 17:35:45 -0500">22 hours ago</span> */
	if (t != NULL && strlen(t) >= 10 && isdigit((unsigned char)t[0]) &&
	    isdigit((unsigned char)t[3]) && t[4] == '-' && t[7] == '-')
		return (1);
	return (detect_is(n, "time") ||
	    detect_date_words(detect_attr(n, "class")) ||
	    detect_date_words(detect_attr(n, "itemprop")));
}

/* A date in the attributes of a date-bearing element N: 0 and *ATTR. */
static int
detect_date_in_attrs(const struct detect *d, xmlNodePtr n, const char **attr)
{
	const char	*v;
	time_t		 t;
	size_t		 i, len;

	for (i = 0; date_attrs[i] != NULL; i++) {
		v = detect_attr(n, date_attrs[i]);
		if (v == NULL || !isdigit((unsigned char)v[0]) ||
		    (len = strnlen(v, 65)) < 6 || len > 64)
			continue;
		if (detect_parse_date(d, v, &t) == 0) {
			*attr = date_attrs[i];
			return (0);
		}
	}
	return (-1);
}

/* 1 when TEXT begins with the words of START (spaces aside). */
static int
detect_leads(const char *text, const char *start)
{
	while (*start != '\0') {
		while (isspace((unsigned char)*text))
			text++;
		while (isspace((unsigned char)*start))
			start++;
		if (*start == '\0')
			break;
		if (*text != *start)
			return (0);
		text++;
		start++;
	}
	return (1);
}

/* Whether C lies on the same line as its inline neighbours: text, or an
 * inline element other than <br>. */
static int
detect_on_line(xmlNodePtr c)
{
	if (c->type != XML_ELEMENT_NODE)
		return (1);
	return (!detect_is(c, "br") && html_inline((const char *)c->name));
}

/* The text of the line N sits on inside its block A: N's inline
 * neighbours up to a <br> or a block on either side (caller frees). */
static char *
detect_line_text(xmlNodePtr a, xmlNodePtr n)
{
	xmlNodePtr	 top, c;
	struct buf	 b;
	char		*s;

	for (top = n; top->parent != NULL && top->parent != a; top = top->parent)
		;
	for (c = top; c->prev != NULL && detect_on_line(c->prev); c = c->prev)
		;
	buf_init(&b, 1024);
	for (; c != NULL && (c == top || detect_on_line(c)) && b.b_len < 512;
	    c = c->next) {
		s = detect_text(c, 512);
		buf_addstr(&b, s);
		free(s);
	}
	return (buf_take(&b, NULL));
}

/* Whether the date S gives is relative ("Today KDE releases a new ...":
 * in a sentence, no date of the item's). */
static int
detect_relative(const struct detect *d, const char *s)
{
	struct date_opts	 defaults;
	struct date_info	 di;
	time_t			 t;

	memset(&defaults, 0, sizeof(defaults));
	memset(&di, 0, sizeof(di));
	return (date_parse_info(s, d->d_dopts != NULL ? d->d_dopts :
	    &defaults, &t, &di) == 0 && di.di_relative);
}

/* A text node's date unless it sits in running prose (a summary's
 * "on July 9" is not the item's date): a long line of text that the date
 * does not lead, or a text of more than a few words dated "today".  A
 * line ends at a <br> or a block: "Posted in Press Releases on March 26,
 * 2015" between two <br>s of a long item is no prose. */
static int
detect_date_in_text(const struct detect *d, xmlNodePtr n, xmlNodePtr stop,
    char **out, int *tries)
{
	xmlNodePtr	 a;
	const struct dnode *dn;
	const char	*around;
	char		*s, *line;
	uint32_t	 len;
	time_t		 t;
	int		 prose;

	len = detect_count((const char *)n->content);
	if (len < 2 || len > 80 || !detect_maybe_date((const char *)n->content))
		return (-1);
	++*tries;
	for (a = n->parent; a != NULL && a != stop &&
	    html_inline((const char *)a->name); a = a->parent)
		;
	/* The measured count bounds the read: a short block is no prose. */
	if (a != NULL && a != stop && ((dn = detect_record(d, a)) == NULL ||
	    dn->dn_text > 120)) {
		around = detect_text_peek(a, 512);
		if (detect_count(around) > 120) {
			/* Long prose, unless the date leads it ("4 June
			 * 2019, ..."). */
			line = detect_line_text(a, n);
			prose = detect_count(line) > 120 &&
			    !detect_leads(line, (const char *)n->content);
			free(line);
			if (prose)
				return (-1);
		}
	}
	s = text_clean(detect_date_start((const char *)n->content), 256);
	if (detect_parse_date(d, s, &t) == 0 && (detect_count(s) <= 32 ||
	    !detect_relative(d, s))) {
		*out = s;
		return (0);
	}
	free(s);
	return (-1);
}

/* Words before a day that make it an event's (date.c hands them over
 * in lower case). */
static const char *event_words[] = {
	"for", "on", "until", "till", "from", "at", "by", "before", "after",
	"since", "am", "vom", "bis", "ab", "seit", "zum", "le", "du", "au",
	"jusqu", "el", "del", "hasta", "desde", "il", "dal", "al", "fino",
	"op", "tot", "vanaf", "do", "od", "до", "с", "на", "по", NULL
};
static struct wordset	 event_set = WORDSET(event_words);

/* Whether a date with its year opens S before a separator ("20161101:
 * uploaded ...", "March 5, 2018 - ..."), however long S goes on. */
static int
detect_date_opens(const struct detect *d, const char *s)
{
	char	*lead;
	size_t	 len = strcspn(s, ":|\xe2");
	int	 opens;

	if (len < 6 || len > 32 || !isdigit((unsigned char)s[0]))
		return (0);
	lead = xstrndup(s, len);
	opens = detect_plain_date(d, lead);
	free(lead);
	return (opens);
}

/* No date beside the title: one in a short title ("Board Meeting
 * Minutes - Nov. 27, 2018"), with its year, unless an event's ("for May
 * 12") or a relative word ("The news of today"), is the item's ("iPad
 * (5th gen)" is no 5 January). */
static void
detect_date_in_title(struct detect *d, xmlNodePtr title, struct dfields *f)
{
	struct date_opts	 defaults;
	struct date_info	 di;
	char			*s;
	xmlNodePtr		 tail;
	time_t			 t;

	if ((tail = detect_title_edge_date(d, title, &s)) != NULL) {
		f->f_date_text = s;
		f->f_pick.p_node[RULE_DATE] = tail;
		return;
	}
	s = detect_clean_text(title, 256);
	memset(&defaults, 0, sizeof(defaults));
	memset(&di, 0, sizeof(di));
	/* Not after "for", "am", "until": "Finalized For May 12" names an
	 * event's day. */
	if (s != NULL && detect_may_have_year(s) && (detect_count(s) <= 120 ||
	    detect_date_opens(d, s)) &&
	    date_parse_info(s, d->d_dopts != NULL ? d->d_dopts : &defaults,
	    &t, &di) == 0 && !wordset_has(&event_set, di.di_before) &&
	    !di.di_relative && !di.di_no_year) {
		f->f_date_text = s;
		f->f_pick.p_node[RULE_DATE] = title;
		return;
	}
	free(s);
}

/* Words of a class or id that name the comments under an item. */
static const char *comment_words[] = {
	"comment", "comments", "reply", "replies", "respond", NULL
};
static struct wordset	 comment_set = WORDSET(comment_words);

/* Whether N's class or id names comments ("latest-comments"). */
static int
detect_comment_box(xmlNodePtr n)
{
	const char	*v[2] = { detect_attr(n, "class"), detect_attr(n, "id") };
	const char	*s;
	size_t		 i, len;

	for (i = 0; i < 2; i++) {
		/* Most names hold none of the words: a quick look first.
		 * A count of them ("reply_count_area") is no box of them. */
		if (v[i] == NULL || (strcase_find(v[i], "comment") == NULL &&
		    strcase_find(v[i], "repl") == NULL &&
		    strcase_find(v[i], "respond") == NULL) ||
		    strcase_find(v[i], "count") != NULL)
			continue;
		for (s = v[i]; *s != '\0'; s += len) {
			while (*s != '\0' && !isalpha((unsigned char)*s))
				s++;
			for (len = 0; isalpha((unsigned char)s[len]); len++)
				;
			if (len > 0 && wordset_has_n(&comment_set, s, len))
				return (1);
		}
	}
	return (0);
}

/*
 * The item's date: a machine's date in a date-bearing element's
 * attribute, else the text of a date-bearing element, else a short text
 * of the item's own; never from inside TITLE, nor from the comments
 * under the item (their dates are the readers', unless the items are
 * comments themselves).
 */
void
detect_pick_date(struct detect *d, xmlNodePtr *ext, size_t next,
    xmlNodePtr title, struct dfields *f)
{
	xmlNodePtr	 n, textnode = NULL, classnode = NULL;
	const char	*attr;
	char		*s, *text = NULL, *classtext = NULL;
	size_t		 e;
	int		 budget, tries = 0, down = 1;
	int		 own_comments = next > 0 && detect_comment_box(ext[0]);

	for (e = 0; e < next; e++) {
		budget = DETECT_ITEM_BUDGET;
		for (n = ext[e]; n != NULL && --budget > 0 &&
		    tries < DETECT_DATE_TRIES * 2;
		    n = detect_next(n, ext[e], down)) {
			down = n == ext[e] || n->type != XML_ELEMENT_NODE ||
			    own_comments || !detect_comment_box(n);
			if (!down)
				continue;
			if (n->type == XML_ELEMENT_NODE && detect_date_class(n)) {
				if (detect_date_in_attrs(d, n, &attr) == 0) {
					f->f_date_attr = detect_attr_dup(n, attr);
					f->f_date_text = detect_clean_text(n, 256);
					f->f_pick.p_node[RULE_DATE] = n;
					f->f_pick.p_attr[RULE_DATE] = attr;
					free(text);
					free(classtext);
					return;
				}
				if (classnode == NULL && (s = detect_clean_text(n,
				    256)) != NULL) {
					tries++;
					if (detect_count(s) > 80) {
						free(s);
						continue;
					}
					if (detect_parse_date(d, s, &(time_t){0}) == 0) {
						classnode = n;
						classtext = s;
					} else
						free(s);
				}
			} else if (n->type == XML_TEXT_NODE && n->content != NULL &&
			    textnode == NULL && n != title &&
			    !detect_contains(title, n) &&
			    detect_date_in_text(d, n, ext[0]->parent, &text,
			    &tries) == 0)
				textnode = n;
		}
	}
	if (classnode != NULL) {
		free(text);
		f->f_date_text = classtext;
		f->f_pick.p_node[RULE_DATE] = classnode;
	} else if (textnode != NULL) {
		f->f_date_text = text;
		f->f_pick.p_node[RULE_DATE] = textnode;
	} else if (title != NULL)
		detect_date_in_title(d, title, f);
}
