/*
 * article_node.c: what every part of the article module uses: element
 * tests, Readability's class weight, the text figures of a subtree (one
 * measuring walk), the shown text of an element, the walk's marks.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "article_node.h"
#include "buf.h"
#include "html.h"
#include "text.h"
#include "util.h"

/* Blocks that keep a <div> from being read as a paragraph. */
static const char *art_div_blocks[] = {
	"blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul",
	"figure", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6",
	NULL
};

/* Class and id words of content, and of page furniture. */
static const char *art_positive[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main",
	"page", "pagination", "post", "text", "blog", "story", NULL
};
static const char *art_negative[] = {
	"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact",
	"footer", "gdpr", "masthead", "media", "meta", "outbrain", "promo",
	"related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
	"sponsor", "shopping", "tags", "widget", "newsletter", "subscribe",
	NULL
};

int
article_is(xmlNodePtr n, const char *name)
{
	return (n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0);
}
int
article_in(xmlNodePtr n, const char *const *names)
{
	size_t	 i;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return (0);
	for (i = 0; names[i] != NULL; i++)
		if (strcmp((const char *)n->name, names[i]) == 0)
			return (1);
	return (0);
}
int
article_is_heading(xmlNodePtr n)
{
	return (n != NULL && n->type == XML_ELEMENT_NODE &&
	    n->name[0] == 'h' && n->name[1] >= '1' && n->name[1] <= '6' &&
	    n->name[2] == '\0');
}
/* 1 when S holds one of WORDS (any case). */
static int
art_holds_word(const char *s, const char *const *words)
{
	size_t	 i;

	for (i = 0; s != NULL && words[i] != NULL; i++)
		if (strcasestr(s, words[i]) != NULL)
			return (1);
	return (0);
}
/* Readability's class weight: class and id each -25 when they name
 * furniture, +25 when they name content (both may). */
int
article_class_weight(const struct art_run *r, xmlNodePtr n)
{
	const char	*cls, *id;

	if (!(r->ar_flags & ART_WEIGHT_CLASSES))
		return (0);
	cls = html_attr(n, "class");
	id = html_attr(n, "id");
	return (25 * (art_holds_word(cls, art_positive) -
	    art_holds_word(cls, art_negative) +
	    art_holds_word(id, art_positive) -
	    art_holds_word(id, art_negative)));
}
static void
art_measure_text(const char *t, double link, struct art_len *l, int *space)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)t; *p != '\0'; p++) {
		if (isspace(*p)) {
			*space = 1;
			continue;
		}
		if ((*p & 0xc0) == 0x80)
			continue;
		if (*space && l->al_chars > 0) {
			l->al_chars++;
			l->al_links += link;
		}
		*space = 0;
		l->al_chars++;
		l->al_links += link;
		/* U+3000 to U+D7FF: CJK, kana, Hangul. */
		if (*p >= 0xe3 && *p <= 0xed)
			l->al_wide++;
		if (*p == ',' ||
		    (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x8c) ||
		    (p[0] == 0xd8 && p[1] == 0x8c) ||
		    (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x81))
			l->al_commas++;
	}
}
/*
 * The text figures under N, added to L; with SCORED, each scored element
 * below also gets its share of text in links from the running figures
 * before and after it (measuring each apart would read nested ones again
 * and again).
 */
void
article_measure_walk(xmlNodePtr n, double link, struct art_len *l, int *space,
    int depth, int scored)
{
	xmlNodePtr		 c;
	struct art_score	*s;
	const char		*href;
	size_t			 chars;
	double			 links, in;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) {
			if (c->content != NULL)
				art_measure_text((const char *)c->content, link,
				    l, space);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || depth > ART_MAX_DEPTH)
			continue;
		in = link;
		if (article_is(c, "a") && link == 0)
			in = (href = html_attr(c, "href")) != NULL &&
			    href[0] == '#' ? 0.3 : 1;
		if (!html_inline((const char *)c->name))
			*space = 1;
		chars = l->al_chars;
		links = l->al_links;
		article_measure_walk(c, in, l, space, depth + 1, scored);
		if (scored && (s = c->_private) != NULL)
			s->as_density = l->al_chars == chars ? 0 :
			    (l->al_links - links) /
			    (double)(l->al_chars - chars);
	}
}
void
article_measure(xmlNodePtr n, struct art_len *l)
{
	int	 space = 0;

	memset(l, 0, sizeof(*l));
	article_measure_walk(n, article_is(n, "a") ? 1 : 0, l, &space, 0, 0);
}
double
article_link_density(xmlNodePtr n)
{
	struct art_len	 l;

	article_measure(n, &l);
	return (l.al_chars == 0 ? 0 : l.al_links / (double)l.al_chars);
}
/* The shown text of N, cleaned (caller frees), at most MAX bytes. */
char *
article_text(xmlNodePtr n, size_t max)
{
	struct buf	 b;

	buf_init(&b, max);
	html_text(n, &b, ART_MAX_DEPTH, HTML_WORDS);
	return (text_clean_take(buf_take(&b, NULL), max));
}
void
article_remove(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}
int
article_is_blank(xmlNodePtr n)
{
	return ((n->type == XML_TEXT_NODE && (n->content == NULL ||
	    n->content[strspn((const char *)n->content, " \t\r\n\f")] ==
	    '\0')) || article_is(n, "br"));
}
/* 1 when N shows no text (only breaks and rules, or nothing). */
int
article_is_empty(xmlNodePtr n, int depth)
{
	xmlNodePtr	 c;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE && !article_is_blank(c))
			return (0);
		if (c->type != XML_ELEMENT_NODE || article_is(c, "br") ||
		    article_is(c, "hr"))
			continue;
		if (article_is(c, "img") || depth > 16 || !article_is_empty(c,
		    depth + 1))
			return (0);
	}
	return (1);
}
/* An <article> of prose, not a teaser card: 500 characters, few links. */
static int
art_is_long_read(xmlNodePtr n)
{
	struct art_len	 l;

	article_measure(n, &l);
	return (l.al_chars >= 500 && l.al_links < 0.3 * (double)l.al_chars);
}
/* Marks the elements under N by what they hold.  Returns N's marks. */
uintptr_t
article_mark_blocks(xmlNodePtr n, int depth)
{
	xmlNodePtr	 c;
	uintptr_t	 marks = 0;
	const char	*prop;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || depth >= ART_MAX_DEPTH)
			continue;
		marks |= article_mark_blocks(c, depth + 1);
		if (article_in(c, art_div_blocks))
			marks |= ART_HOLDS_BLOCK;
		if ((article_is(c, "article") || ((prop = html_attr(c,
		    "itemprop")) != NULL && strcasecmp(prop, "articleBody") ==
		    0)) && art_is_long_read(c))
			marks |= ART_HOLDS_ARTICLE;
	}
	n->_private = (void *)marks;
	return (marks);
}
void
article_clear_private(xmlNodePtr n, int depth)
{
	xmlNodePtr	 c;

	n->_private = NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && depth < ART_MAX_DEPTH)
			article_clear_private(c, depth + 1);
}
