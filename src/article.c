/*
 * article.c: the body of an article page, found without selectors, in the
 * way Mozilla's Readability finds it: paragraphs score their ancestors
 * (by length and commas, weighed by class words and link density), the
 * best-scored element and the siblings that score near it make the body,
 * and the body is cleaned of what repeats on every page (share boxes,
 * link lists, forms, bylines).  Each attempt runs on a copy of the page's
 * <body>; when it finds too little text, the next attempt relaxes a rule.
 * The metadata comes from article_meta.c, the HTML leaves through
 * sanitize.c's allowlist.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "article.h"
#include "buf.h"
#include "date.h"
#include "html.h"
#include "item.h"
#include "sanitize.h"
#include "text.h"
#include "util.h"

#define ART_MAX_DEPTH		200	/* deeper elements are dropped */
#define ART_MAX_NODES		300000	/* elements of a page read at most */
#define ART_MAX_TEXT		(512 * 1024)	/* bytes of the text field */
#define ART_CHAR_THRESHOLD	500	/* less text: try again, relaxed */
#define ART_TOP_CANDIDATES	5

/* What an attempt does; each retry drops the first still set. */
#define ART_STRIP_UNLIKELY	0x1
#define ART_WEIGHT_CLASSES	0x2
#define ART_CLEAN_CONDITIONALLY	0x4

/* One scored element of an attempt (its node's _private). */
struct art_score {
	double	 as_score;
	double	 as_density;	/* share of its text in links */
};

struct art_run {
	xmlDocPtr		 ar_doc;
	int			 ar_flags;
	const char		*ar_title;	/* to drop a heading repeating it */
	char			*ar_byline;	/* a byline found and dropped */
	xmlNodePtr		*ar_score_nodes; /* elements that score */
	size_t			 ar_nscore, ar_capscore;
	struct art_score	**ar_scores;	/* to free */
	size_t			 ar_nscores, ar_capscores;
	int			 ar_nodes;	/* budget */
};

/* Elements a paragraph may be made of (Readability's phrasing content). */
static const char *art_phrasing[] = {
	"abbr", "audio", "b", "bdo", "br", "button", "canvas", "cite",
	"code", "data", "datalist", "dfn", "em", "embed", "i", "img",
	"input", "kbd", "label", "mark", "math", "meter", "noscript",
	"object", "output", "progress", "q", "ruby", "samp", "script",
	"select", "small", "span", "strong", "sub", "sup", "textarea",
	"time", "var", "wbr", "font", "u", "s", "tt", "big", "strike",
	NULL
};

/* Blocks that keep a <div> from being read as a paragraph. */
static const char *art_div_blocks[] = {
	"blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul",
	"figure", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6",
	NULL
};

/* Class and id words of page furniture, and of content. */
static const char *art_unlikely[] = {
	"-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment",
	"community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
	"header", "legends", "menu", "related", "remark", "replies", "rss",
	"shoutbox", "sidebar", "skyscraper", "social", "sponsor",
	"supplemental", "ad-break", "agegate", "pagination", "pager",
	"popup", "yom-remote", "newsletter", "cookie", "consent", "promo",
	"subscribe", NULL
};
static const char *art_maybe[] = {
	"and", "article", "body", "column", "content", "main", "mathjax",
	"shadow", NULL
};
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
static const char *art_unlikely_roles[] = {
	"menu", "menubar", "complementary", "navigation", "alert",
	"alertdialog", "dialog", NULL
};

static int
art_is(xmlNodePtr n, const char *name)
{
	return (n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0);
}

static int
art_in(xmlNodePtr n, const char *const *names)
{
	size_t	 i;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return (0);
	for (i = 0; names[i] != NULL; i++)
		if (strcmp((const char *)n->name, names[i]) == 0)
			return (1);
	return (0);
}

static int
art_is_heading(xmlNodePtr n)
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
static int
art_class_weight(const struct art_run *r, xmlNodePtr n)
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

/* Text figures of a subtree: characters (spaces folded), in links, commas. */
struct art_len {
	size_t	 al_chars;
	double	 al_links;
	size_t	 al_commas;
	size_t	 al_wide;	/* of al_chars, CJK and Hangul ones */
};

/*
 * Characters as the length rules weigh them: a CJK or Hangul character
 * is a word of its own, so it counts three.
 */
#define ART_WEIGHED(l)	((l).al_chars + 2 * (l).al_wide)

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
static void
art_measure_walk(xmlNodePtr n, double link, struct art_len *l, int *space,
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
		if (art_is(c, "a") && link == 0)
			in = (href = html_attr(c, "href")) != NULL &&
			    href[0] == '#' ? 0.3 : 1;
		if (!html_inline((const char *)c->name))
			*space = 1;
		chars = l->al_chars;
		links = l->al_links;
		art_measure_walk(c, in, l, space, depth + 1, scored);
		if (scored && (s = c->_private) != NULL)
			s->as_density = l->al_chars == chars ? 0 :
			    (l->al_links - links) /
			    (double)(l->al_chars - chars);
	}
}

static void
art_measure(xmlNodePtr n, struct art_len *l)
{
	int	 space = 0;

	memset(l, 0, sizeof(*l));
	art_measure_walk(n, art_is(n, "a") ? 1 : 0, l, &space, 0, 0);
}

static double
art_link_density(xmlNodePtr n)
{
	struct art_len	 l;

	art_measure(n, &l);
	return (l.al_chars == 0 ? 0 : l.al_links / (double)l.al_chars);
}

/* The shown text of N, cleaned (caller frees), at most MAX bytes. */
static char *
art_text(xmlNodePtr n, size_t max)
{
	struct buf	 b;

	buf_init(&b, max);
	html_text(n, &b, ART_MAX_DEPTH, HTML_WORDS);
	return (text_clean_take(buf_take(&b, NULL), max));
}

static void
art_remove(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}


/* Elements that never hold an article's words. */
static const char *art_drop[] = {
	"script", "style", "link", "meta", "template", "button", "input",
	"select", "textarea", "option", "iframe", "frame", "frameset",
	"object", "applet", "canvas", "dialog", "nav", "head", "title",
	"svg", "math", "portal", NULL
};

/* The address of a lazily loaded image, or NULL. */
static const char *
art_lazy_src(xmlNodePtr img)
{
	static const char *attrs[] = { "data-src", "data-lazy-src",
	    "data-original", "data-lazy", "data-url", "data-hi-res-src",
	    "data-full-src", NULL };
	const char	*v;
	size_t		 i;

	for (i = 0; attrs[i] != NULL; i++)
		if ((v = html_attr(img, attrs[i])) != NULL && *v != '\0' &&
		    strncmp(v, "data:", 5) != 0)
			return (v);
	return (NULL);
}

/* An <img> whose src is a placeholder takes its lazy address. */
static void
art_fix_lazy(xmlNodePtr img)
{
	const char	*src = html_attr(img, "src"), *lazy, *set;

	if ((lazy = art_lazy_src(img)) != NULL && (src == NULL ||
	    *src == '\0' || strncmp(src, "data:", 5) == 0 ||
	    strcasestr(src, "blank") != NULL ||
	    strcasestr(src, "placeholder") != NULL ||
	    strcasestr(src, "lazy") != NULL ||
	    strcasestr(src, "spacer") != NULL))
		xmlSetProp(img, (const xmlChar *)"src", (const xmlChar *)lazy);
	if ((set = html_attr(img, "data-srcset")) != NULL && *set != '\0' &&
	    html_attr(img, "srcset") == NULL)
		xmlSetProp(img, (const xmlChar *)"srcset",
		    (const xmlChar *)set);
}

/* The only <img> inside N (a few levels down), or NULL. */
static xmlNodePtr
art_only_image(xmlNodePtr n, int depth)
{
	xmlNodePtr	 c, found = NULL, one;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content != NULL &&
		    c->content[strspn((const char *)c->content, " \t\r\n")])
			return (NULL);
		if (c->type != XML_ELEMENT_NODE)
			continue;
		one = art_is(c, "img") ? c : depth < 3 ?
		    art_only_image(c, depth + 1) : NULL;
		if (one == NULL || found != NULL)
			return (NULL);
		found = one;
	}
	return (found);
}

/*
 * A <noscript> holding an image: the image a script would have shown.  It
 * replaces a placeholder image just before it, else the noscript is
 * unwrapped; any other noscript is dropped.
 */
static void
art_noscript(xmlNodePtr ns)
{
	xmlNodePtr	 img = art_only_image(ns, 0), prev, old, c;

	if (img == NULL) {
		art_remove(ns);
		return;
	}
	for (prev = ns->prev; prev != NULL && prev->type != XML_ELEMENT_NODE;
	    prev = prev->prev)
		;
	old = prev == NULL ? NULL : art_is(prev, "img") ? prev :
	    art_only_image(prev, 0);
	if (old != NULL) {
		xmlUnlinkNode(img);
		xmlReplaceNode(old, img);
		xmlFreeNode(old);
		art_remove(ns);
		return;
	}
	while ((c = ns->children) != NULL) {
		xmlUnlinkNode(c);
		xmlAddPrevSibling(ns, c);
	}
	art_remove(ns);
}

/*
 * Once per page, on the page itself: comments, scripts, forms' controls,
 * hidden elements and what lies past the budget go; lazy images get
 * their address.
 */
static void
art_prep(struct art_run *r, xmlNodePtr n, int depth)
{
	xmlNodePtr	 c, next;

	for (c = n->children; c != NULL; c = next) {
		next = c->next;
		if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
			art_remove(c);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (art_is(c, "noscript")) {
			art_noscript(c);
			continue;
		}
		if (depth > ART_MAX_DEPTH || ++r->ar_nodes > ART_MAX_NODES ||
		    art_in(c, art_drop) || html_hidden(c, HTML_HIDE_MORE)) {
			art_remove(c);
			continue;
		}
		if (art_is(c, "img")) {
			art_fix_lazy(c);
			continue;
		}
		art_prep(r, c, depth + 1);
	}
}

/* 1 when N is text or an element a paragraph may hold. */
static int
art_is_phrasing(xmlNodePtr n, int depth)
{
	xmlNodePtr	 c;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		return (1);
	if (n->type != XML_ELEMENT_NODE)
		return (1);
	if (art_in(n, art_phrasing))
		return (1);
	if (!art_is(n, "a") && !art_is(n, "del") && !art_is(n, "ins"))
		return (0);
	if (depth > 8)
		return (0);
	for (c = n->children; c != NULL; c = c->next)
		if (!art_is_phrasing(c, depth + 1))
			return (0);
	return (1);
}

static int
art_is_blank(xmlNodePtr n)
{
	return ((n->type == XML_TEXT_NODE && (n->content == NULL ||
	    n->content[strspn((const char *)n->content, " \t\r\n\f")] ==
	    '\0')) || art_is(n, "br"));
}

/* 1 when N shows no text (only breaks and rules, or nothing). */
static int
art_is_empty(xmlNodePtr n, int depth)
{
	xmlNodePtr	 c;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE && !art_is_blank(c))
			return (0);
		if (c->type != XML_ELEMENT_NODE || art_is(c, "br") ||
		    art_is(c, "hr"))
			continue;
		if (art_is(c, "img") || depth > 16 || !art_is_empty(c,
		    depth + 1))
			return (0);
	}
	return (1);
}

/* What the walk's marks (an element's _private, for the walk only) say. */
#define ART_HOLDS_BLOCK		0x1	/* a block a <div> paragraph may not hold */
#define ART_HOLDS_ARTICLE	0x2	/* an <article> or itemprop=articleBody */
#define ART_MARKS(n)		((uintptr_t)(n)->_private)

/* An <article> of prose, not a teaser card: 500 characters, few links. */
static int
art_is_long_read(xmlNodePtr n)
{
	struct art_len	 l;

	art_measure(n, &l);
	return (l.al_chars >= 500 && l.al_links < 0.3 * (double)l.al_chars);
}

/* Marks the elements under N by what they hold.  Returns N's marks. */
static uintptr_t
art_mark_blocks(xmlNodePtr n, int depth)
{
	xmlNodePtr	 c;
	uintptr_t	 marks = 0;
	const char	*prop;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || depth >= ART_MAX_DEPTH)
			continue;
		marks |= art_mark_blocks(c, depth + 1);
		if (art_in(c, art_div_blocks))
			marks |= ART_HOLDS_BLOCK;
		if ((art_is(c, "article") || ((prop = html_attr(c,
		    "itemprop")) != NULL && strcasecmp(prop, "articleBody") ==
		    0)) && art_is_long_read(c))
			marks |= ART_HOLDS_ARTICLE;
	}
	n->_private = (void *)marks;
	return (marks);
}

static void
art_clear_private(xmlNodePtr n, int depth)
{
	xmlNodePtr	 c;

	n->_private = NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && depth < ART_MAX_DEPTH)
			art_clear_private(c, depth + 1);
}

static void
art_push(struct art_run *r, xmlNodePtr n)
{
	if (r->ar_nscore == r->ar_capscore) {
		r->ar_capscore = r->ar_capscore ? r->ar_capscore * 2 : 256;
		r->ar_score_nodes = xreallocarray(r->ar_score_nodes,
		    r->ar_capscore, sizeof(*r->ar_score_nodes));
	}
	r->ar_score_nodes[r->ar_nscore++] = n;
}

/*
 * Runs of text and inline elements in DIV become paragraphs of their own.
 * Returns how many were made.
 */
static int
art_wrap_phrasing(xmlNodePtr div)
{
	xmlNodePtr	 c, next, p = NULL;
	int		 made = 0;

	for (c = div->children; c != NULL; c = next) {
		next = c->next;
		if (art_is_phrasing(c, 0)) {
			if (p != NULL) {
				xmlUnlinkNode(c);
				xmlAddChild(p, c);
			} else if (!art_is_blank(c)) {
				p = xmlNewDocNode(div->doc, NULL,
				    (const xmlChar *)"p", NULL);
				made++;
				xmlAddPrevSibling(c, p);
				xmlUnlinkNode(c);
				xmlAddChild(p, c);
			}
			continue;
		}
		if (p != NULL) {
			while (p->last != NULL && art_is_blank(p->last))
				art_remove(p->last);
			p = NULL;
		}
	}
	return (made);
}

/* DIV's one child element when it is a <p> and nothing else shows. */
static xmlNodePtr
art_single_p(xmlNodePtr div)
{
	xmlNodePtr	 c, p = NULL;

	for (c = div->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE && !art_is_blank(c))
			return (NULL);
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (p != NULL || !art_is(c, "p"))
			return (NULL);
		p = c;
	}
	return (p);
}

/* Words of A and B alike: 1 when B's words are mostly A's. */
static int
art_similar(const char *a, const char *b)
{
	size_t	 total = 0, unmatched = 0, l;
	char	*w, *la, *lb, *save = NULL;

	la = xstrdup(a);
	lb = xstrdup(b);
	for (w = la; *w != '\0'; w++)
		*w = (char)tolower((unsigned char)*w);
	for (w = lb; *w != '\0'; w++)
		*w = (char)tolower((unsigned char)*w);
	for (w = strtok_r(lb, " \t\n,.:;!?|-\"'()[]", &save); w != NULL;
	    w = strtok_r(NULL, " \t\n,.:;!?|-\"'()[]", &save)) {
		l = strlen(w);
		total += l;
		if (strstr(la, w) == NULL)
			unmatched += l;
	}
	free(la);
	free(lb);
	return (total > 0 && 1.0 - (double)unmatched / (double)total > 0.75);
}

/* A byline ("By Jane Doe"): kept as the author, left out of the body. */
static int
art_is_byline(struct art_run *r, xmlNodePtr n)
{
	static const char *words[] = { "byline", "author", "dateline",
	    "writtenby", "p-author", NULL };
	const char	*rel = html_attr(n, "rel"), *prop;
	char		*text;

	if (r->ar_byline != NULL)
		return (0);
	prop = html_attr(n, "itemprop");
	if (!(rel != NULL && strcasecmp(rel, "author") == 0) &&
	    !(prop != NULL && strcasestr(prop, "author") != NULL) &&
	    !html_names_any(n, words))
		return (0);
	text = art_text(n, 1024);
	if (text == NULL || strlen(text) >= 100) {
		free(text);
		return (0);
	}
	r->ar_byline = text;
	return (1);
}

/* Page furniture by its class, id or role, which the first attempt drops. */
static int
art_is_unlikely(xmlNodePtr n, int in_table)
{
	const char	*role = html_attr(n, "role");
	size_t		 i;

	if (role != NULL)
		for (i = 0; art_unlikely_roles[i] != NULL; i++)
			if (strcasecmp(role, art_unlikely_roles[i]) == 0)
				return (1);
	/* A box of furniture's name holding the article is no furniture
	 * ("col-1 highfooter" around <article>). */
	return (!in_table && !art_is(n, "body") && !art_is(n, "a") &&
	    !art_is(n, "article") && !art_is(n, "main") &&
	    !(ART_MARKS(n) & ART_HOLDS_ARTICLE) &&
	    html_names_any(n, art_unlikely) && !html_names_any(n, art_maybe));
}

/* 1 when the walk drops N, an element of this attempt's copy. */
static int
art_walk_drops(struct art_run *r, xmlNodePtr n, int in_table)
{
	char	*text;
	int	 same;

	if ((r->ar_flags & ART_STRIP_UNLIKELY) && art_is_unlikely(n, in_table))
		return (1);
	if (art_is_byline(r, n))
		return (1);
	if (r->ar_title != NULL && (art_is(n, "h1") || art_is(n, "h2"))) {
		text = art_text(n, 1024);
		same = text != NULL && art_similar(r->ar_title, text);
		free(text);
		if (same) {
			r->ar_title = NULL;	/* once */
			return (1);
		}
	}
	return ((art_is(n, "div") || art_is(n, "section") ||
	    art_is(n, "header") || art_is_heading(n)) && art_is_empty(n, 0));
}

/* A <div> without blocks is a paragraph; one holding a lone <p> is it. */
static xmlNodePtr
art_walk_div(xmlNodePtr div)
{
	xmlNodePtr	 p;
	int		 made;

	made = art_wrap_phrasing(div);
	if ((p = art_single_p(div)) != NULL && art_link_density(div) < 0.25) {
		xmlUnlinkNode(p);
		xmlReplaceNode(div, p);
		xmlFreeNode(div);
		return (p);
	}
	if (!(ART_MARKS(div) & ART_HOLDS_BLOCK) && made == 0)
		xmlNodeSetName(div, (const xmlChar *)"p");
	return (div);
}

static void
art_walk(struct art_run *r, xmlNodePtr n, int in_table, int depth)
{
	static const char *scored[] = { "section", "h2", "h3", "h4", "h5",
	    "h6", "p", "td", "pre", NULL };
	xmlNodePtr	 c, next;

	for (c = n->children; c != NULL; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (art_walk_drops(r, c, in_table)) {
			art_remove(c);
			continue;
		}
		if (art_is(c, "div"))
			c = art_walk_div(c);
		if (art_in(c, scored))
			art_push(r, c);
		if (depth < ART_MAX_DEPTH)
			art_walk(r, c, in_table || art_is(c, "table") ||
			    art_is(c, "code"), depth + 1);
	}
}

static struct art_score *
art_score_of(xmlNodePtr n)
{
	return (n->_private);
}

/* N's record, made with its tag's and class's score when it has none. */
static struct art_score *
art_score_init(struct art_run *r, xmlNodePtr n)
{
	struct art_score	*s;
	const char		*name = (const char *)n->name;

	if ((s = art_score_of(n)) != NULL)
		return (s);
	s = xcalloc(1, sizeof(*s));
	if (r->ar_nscores == r->ar_capscores) {
		r->ar_capscores = r->ar_capscores ? r->ar_capscores * 2 : 256;
		r->ar_scores = xreallocarray(r->ar_scores, r->ar_capscores,
		    sizeof(*r->ar_scores));
	}
	r->ar_scores[r->ar_nscores++] = s;
	n->_private = s;
	if (strcmp(name, "div") == 0 || strcmp(name, "article") == 0)
		s->as_score = 5;
	else if (strcmp(name, "pre") == 0 || strcmp(name, "td") == 0 ||
	    strcmp(name, "blockquote") == 0)
		s->as_score = 3;
	else if (strcmp(name, "address") == 0 || strcmp(name, "ol") == 0 ||
	    strcmp(name, "ul") == 0 || strcmp(name, "dl") == 0 ||
	    strcmp(name, "dd") == 0 || strcmp(name, "dt") == 0 ||
	    strcmp(name, "li") == 0 || strcmp(name, "form") == 0)
		s->as_score = -3;
	else if (art_is_heading(n) || strcmp(name, "th") == 0)
		s->as_score = -5;
	s->as_score += art_class_weight(r, n);
	return (s);
}

/* Each paragraph scores its five nearest ancestors, less and less. */
static void
art_score_paragraphs(struct art_run *r, xmlNodePtr root)
{
	struct art_len	 l;
	xmlNodePtr	 p, a;
	double		 score, divider;
	size_t		 i;
	int		 level;

	for (i = 0; i < r->ar_nscore; i++) {
		p = r->ar_score_nodes[i];
		if (p->parent == NULL || p->parent->type != XML_ELEMENT_NODE)
			continue;
		art_measure(p, &l);
		if (l.al_chars < 25)
			continue;
		score = 1 + (double)l.al_commas +
		    (double)(l.al_chars / 100 < 3 ? l.al_chars / 100 : 3);
		for (a = p->parent, level = 0; a != NULL && level < 5 &&
		    a->type == XML_ELEMENT_NODE; a = a->parent, level++) {
			divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
			art_score_init(r, a)->as_score += score / divider;
			if (a == root)
				break;
		}
	}
}

static void
art_scores_free(struct art_run *r)
{
	size_t	 i;

	for (i = 0; i < r->ar_nscores; i++)
		free(r->ar_scores[i]);
	free(r->ar_scores);
	r->ar_scores = NULL;
	r->ar_nscores = r->ar_capscores = 0;
	free(r->ar_score_nodes);
	r->ar_score_nodes = NULL;
	r->ar_nscore = r->ar_capscore = 0;
}

/*
 * The scored elements under N, the NTOP best into TOP and BEST (best
 * first), each score made final: weighed down by the links it holds.
 */
static void
art_top(xmlNodePtr n, xmlNodePtr *top, double *best, size_t ntop,
    int depth)
{
	struct art_score	*s;
	xmlNodePtr		 c;
	double			 score;
	size_t			 i, j;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((s = art_score_of(c)) != NULL) {
			score = s->as_score * (1 - s->as_density);
			s->as_score = score;
			for (i = 0; i < ntop && top[i] != NULL &&
			    best[i] >= score; i++)
				;
			if (i < ntop) {
				for (j = ntop - 1; j > i; j--) {
					top[j] = top[j - 1];
					best[j] = best[j - 1];
				}
				top[i] = c;
				best[i] = score;
			}
		}
		if (depth < ART_MAX_DEPTH)
			art_top(c, top, best, ntop, depth + 1);
	}
}

static int
art_is_ancestor(xmlNodePtr a, xmlNodePtr n)
{
	for (; n != NULL; n = n->parent)
		if (n == a)
			return (1);
	return (0);
}

/*
 * The element the body grows from: the best, or an ancestor shared by
 * several near-best ones (a body split in sections), or a parent that
 * scores more.
 */
static xmlNodePtr
art_choose(struct art_run *r, xmlNodePtr root, xmlNodePtr *top,
    const double *best)
{
	xmlNodePtr	 cand = top[0], p;
	struct art_score *s;
	double		 last, threshold;
	size_t		 i, near;

	for (p = cand->parent; p != NULL && p != root->parent; p = p->parent) {
		for (i = 1, near = 0; i < ART_TOP_CANDIDATES && top[i] != NULL;
		    i++)
			if (best[i] / best[0] >= 0.75 &&
			    art_is_ancestor(p, top[i]))
				near++;
		if (near >= 3) {
			cand = p;
			break;
		}
		if (p == root)
			break;
	}
	s = art_score_init(r, cand);
	last = s->as_score;
	threshold = last / 3;
	for (p = cand->parent; p != NULL && p != root; p = p->parent) {
		if ((s = art_score_of(p)) == NULL)
			continue;
		if (s->as_score < threshold)
			break;
		if (s->as_score > last) {
			cand = p;
			break;
		}
		last = s->as_score;
	}
	while (cand->parent != NULL && cand->parent != root &&
	    xmlChildElementCount(cand->parent) == 1)
		cand = cand->parent;
	return (cand);
}

/* A paragraph that reads as prose: long with few links, or a sentence. */
static int
art_is_prose(xmlNodePtr p)
{
	struct art_len	 l;
	char		*text;
	int		 sentence;

	art_measure(p, &l);
	if (l.al_chars > 80)
		return (l.al_links / (double)l.al_chars < 0.25);
	if (l.al_chars == 0 || l.al_links > 0)
		return (0);
	text = art_text(p, 1024);
	sentence = text != NULL && (strstr(text, ". ") != NULL ||
	    text[strlen(text) - 1] == '.');
	free(text);
	return (sentence);
}

/* CAND and its siblings that score near it, moved into a new <div>. */
static xmlNodePtr
art_gather(struct art_run *r, xmlNodePtr cand)
{
	xmlNodePtr		 box, parent = cand->parent, c, next;
	struct art_score	*s = art_score_init(r, cand), *cs;
	const char		*cls = html_attr(cand, "class"), *ccls;
	double			 top = s->as_score, threshold, bonus;
	int			 take;

	box = xmlNewDocNode(r->ar_doc, NULL, (const xmlChar *)"div", NULL);
	threshold = top * 0.2 > 10 ? top * 0.2 : 10;
	if (parent == NULL) {
		xmlAddChild(box, cand);
		return (box);
	}
	for (c = parent->children; c != NULL; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		take = c == cand;
		if (!take) {
			ccls = html_attr(c, "class");
			bonus = cls != NULL && *cls != '\0' && ccls != NULL &&
			    strcmp(cls, ccls) == 0 ? top * 0.2 : 0;
			cs = art_score_of(c);
			if (cs != NULL && cs->as_score + bonus >= threshold)
				take = 1;
			else if (art_is(c, "p"))
				take = art_is_prose(c);
		}
		if (take) {
			xmlUnlinkNode(c);
			xmlAddChild(box, c);
		}
	}
	return (box);
}

/* What a subtree holds, for the cleaning of the body. */
struct art_tally {
	size_t	 at_p, at_img, at_li, at_input, at_embed;
	size_t	 at_heading_chars, at_list_chars;
};

static int
art_is_video_embed(xmlNodePtr n)
{
	static const char *hosts[] = { "youtube", "youtu.be", "vimeo",
	    "dailymotion", "twitch.tv", "bilibili", "archive.org", NULL };
	const char	*src = html_attr(n, "src");
	size_t		 i;

	if (src == NULL)
		src = html_attr(n, "data");
	for (i = 0; src != NULL && hosts[i] != NULL; i++)
		if (strcasestr(src, hosts[i]) != NULL)
			return (1);
	return (0);
}

static void
art_tally_walk(xmlNodePtr n, struct art_tally *t, int depth)
{
	xmlNodePtr	 c;
	struct art_len	 l;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (art_is(c, "p"))
			t->at_p++;
		else if (art_is(c, "img"))
			t->at_img++;
		else if (art_is(c, "li"))
			t->at_li++;
		else if (art_is(c, "input"))
			t->at_input++;
		else if ((art_is(c, "object") || art_is(c, "embed") ||
		    art_is(c, "iframe")) && !art_is_video_embed(c))
			t->at_embed++;
		if (art_is_heading(c) || art_is(c, "ul") || art_is(c, "ol")) {
			art_measure(c, &l);
			if (art_is_heading(c))
				t->at_heading_chars += l.al_chars;
			else
				t->at_list_chars += l.al_chars;
			if (art_is_heading(c))
				continue;
		}
		if (depth < ART_MAX_DEPTH)
			art_tally_walk(c, t, depth + 1);
	}
}

/* A table of data (kept whole), not one that lays a page out. */
static int
art_is_data_table(xmlNodePtr t)
{
	const char	*v;
	xmlNodePtr	 row, sec, cell;
	size_t		 rows = 0, cols = 0, n;

	if ((v = html_attr(t, "role")) != NULL &&
	    strcasecmp(v, "presentation") == 0)
		return (0);
	if (html_attr(t, "summary") != NULL)
		return (1);
	for (sec = t->children; sec != NULL; sec = sec->next) {
		if (art_is(sec, "caption") || art_is(sec, "thead") ||
		    art_is(sec, "tfoot") || art_is(sec, "colgroup"))
			return (1);
		if (!art_is(sec, "tbody") && !art_is(sec, "tr"))
			continue;
		for (row = art_is(sec, "tr") ? sec : sec->children;
		    row != NULL; row = art_is(sec, "tr") ? NULL : row->next) {
			if (!art_is(row, "tr"))
				continue;
			rows++;
			for (cell = row->children, n = 0; cell != NULL;
			    cell = cell->next) {
				if (art_is(cell, "th"))
					return (1);
				if (art_is(cell, "td"))
					n++;
			}
			if (n > cols)
				cols = n;
		}
	}
	return (rows >= 10 || cols > 4 || rows * cols > 10);
}

static int
art_in_kept(xmlNodePtr n, xmlNodePtr box)
{
	for (n = n->parent; n != NULL && n != box; n = n->parent)
		if (art_is(n, "code") || art_is(n, "pre") ||
		    (art_is(n, "table") && art_is_data_table(n)))
			return (1);
	return (0);
}

static int
art_in_figure(xmlNodePtr n)
{
	for (n = n->parent; n != NULL; n = n->parent)
		if (art_is(n, "figure"))
			return (1);
	return (0);
}

/* Readability's words of an advertisement's or a loader's box. */
static int
art_is_ad_text(const char *t)
{
	static const char *words[] = { "ad", "advertising", "advertisement",
	    "pub", "publicité", "werbung", "广告", "реклама", "anuncio",
	    "loading", "loading...", "loading…", "正在加载", "загрузка",
	    "chargement", "cargando", NULL };
	size_t	 i;

	for (i = 0; t != NULL && words[i] != NULL; i++)
		if (strcasecmp(t, words[i]) == 0)
			return (1);
	return (0);
}

/* 1 when the cleaning drops N, a TAG of the body (Readability's rules). */
static int
art_drops(struct art_run *r, xmlNodePtr n, int is_list_tag)
{
	struct art_tally t;
	struct art_len	 l;
	char		*text;
	double		 density, heading;
	int		 weight = art_class_weight(r, n), list, fig, drop;

	if (weight < 0)
		return (1);
	art_measure(n, &l);
	if (l.al_commas >= 10)
		return (0);
	memset(&t, 0, sizeof(t));
	art_tally_walk(n, &t, 0);
	list = is_list_tag || (l.al_chars > 0 &&
	    (double)t.at_list_chars / (double)l.al_chars > 0.9);
	if (l.al_chars < 40) {
		text = art_text(n, 256);
		drop = art_is_ad_text(text);
		free(text);
		if (drop)
			return (1);
	}
	density = l.al_chars == 0 ? 0 : l.al_links / (double)l.al_chars;
	heading = l.al_chars == 0 ? 0 :
	    (double)t.at_heading_chars / (double)l.al_chars;
	fig = art_in_figure(n);
	drop = (t.at_img > 1 && (double)t.at_p / (double)t.at_img < 0.5 &&
	    !fig) ||
	    (!list && t.at_li > 100 && t.at_li - 100 > t.at_p) ||
	    t.at_input > t.at_p / 3 ||
	    (!list && heading < 0.9 && l.al_chars < 25 &&
	    (t.at_img == 0 || t.at_img > 2) && !fig) ||
	    (!list && weight < 25 && density > 0.2) ||
	    (weight >= 25 && density > 0.5) ||
	    (t.at_embed == 1 && l.al_chars < 75) || t.at_embed > 1;
	/* A list of images stays, one image an entry. */
	if (list && drop && t.at_img > 0 && t.at_img == t.at_li)
		drop = 0;
	return (drop);
}

static void
art_collect(xmlNodePtr n, const char *tag, xmlNodePtr **v, size_t *len,
    size_t *cap, int depth)
{
	xmlNodePtr	 c;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, tag) == 0) {
			if (*len == *cap) {
				*cap = *cap ? *cap * 2 : 64;
				*v = xreallocarray(*v, *cap, sizeof(**v));
			}
			(*v)[(*len)++] = c;
		}
		if (depth < ART_MAX_DEPTH)
			art_collect(c, tag, v, len, cap, depth + 1);
	}
}

/* Every TAG of BOX, innermost first, dropped when it looks like furniture. */
static void
art_clean_conditionally(struct art_run *r, xmlNodePtr box, const char *tag)
{
	xmlNodePtr	*v = NULL;
	size_t		 len = 0, cap = 0, i;
	int		 list;

	if (!(r->ar_flags & ART_CLEAN_CONDITIONALLY))
		return;
	list = strcmp(tag, "ul") == 0 || strcmp(tag, "ol") == 0;
	art_collect(box, tag, &v, &len, &cap, 0);
	for (i = len; i-- > 0;) {
		if (strcmp(tag, "table") == 0 && art_is_data_table(v[i]))
			continue;
		if (art_in_kept(v[i], box))
			continue;
		if (art_drops(r, v[i], list))
			art_remove(v[i]);
	}
	free(v);
}

/* Every TAG of BOX dropped (videos' embeds kept). */
static void
art_clean_all(xmlNodePtr box, const char *tag)
{
	xmlNodePtr	*v = NULL;
	size_t		 len = 0, cap = 0, i;

	art_collect(box, tag, &v, &len, &cap, 0);
	for (i = len; i-- > 0;)
		if (!art_is_video_embed(v[i]))
			art_remove(v[i]);
	free(v);
}

/*
 * A paragraph that is a label and a link to another story ("IN TEXAS:
 * Family of Ebola patient quarantined", "Related: ..."): short, mostly
 * link, its words before the link ending in a colon.
 */
static int
art_is_promo_line(xmlNodePtr p)
{
	struct art_len	 l;
	struct buf	 b;
	xmlNodePtr	 c, next;
	char		*label;
	size_t		 n;
	int		 promo = 0;

	art_measure(p, &l);
	if (l.al_chars == 0 || l.al_chars >= 160 ||
	    l.al_links < 0.5 * (double)l.al_chars)
		return (0);
	buf_init(&b, 256);
	for (c = p->children; c != NULL && !art_is(c, "a"); c = c->next)
		html_text(c, &b, 8, HTML_WORDS);
	label = buf_take(&b, &n);
	/* One link: "Files: a.js, b.js" lists, it promotes nothing. */
	for (next = c != NULL ? c->next : NULL; next != NULL;
	    next = next->next)
		if (art_is(next, "a"))
			c = NULL;
	if (c != NULL && label != NULL) {
		while (n > 0 && strchr(" \t\r\n", label[n - 1]) != NULL)
			n--;
		promo = n > 0 && n <= 40 && label[n - 1] == ':';
	}
	free(label);
	return (promo);
}

/* 1 when N's text opens with a label of links to other stories. */
static int
art_is_related_label(xmlNodePtr n)
{
	static const char *labels[] = { "related", "read also", "read more",
	    "see also", "more on this", "more from", "also read", "recommended",
	    "kapcsolódó", "lesen sie auch", "mehr zum thema", "weitere artikel",
	    "das könnte sie", "lire aussi", "à lire aussi", "a lire aussi",
	    "sur le même sujet", "leia também", "veja também", "ver también",
	    "te puede interesar", "vedi anche", "leggi anche", "articoli "
	    "correlati", "читайте также", "смотрите также", "по теме",
	    "zobacz też", "czytaj też", "czytaj także", "související",
	    "přečtěte si", "relaterade", "läs också", "lees ook", "gerelateerd",
	    "ilgili", "相关", "関連", "관련", NULL };
	char	*text = art_text(n, 256);
	size_t	 i;
	int	 label = 0;

	for (i = 0; text != NULL && strlen(text) <= 60 && labels[i] != NULL;
	    i++)
		if (strncasecmp(text, labels[i], strlen(labels[i])) == 0)
			label = 1;
	free(text);
	return (label);
}

/*
 * A label of related stories and the links it heads ("Kapcsolódó írások:"
 * then a list of links, a box of both): left out.  Returns 1 when C went
 * (and its list: *NEXT moves past it).
 */
static int
art_drop_related(xmlNodePtr c, xmlNodePtr *next)
{
	xmlNodePtr	 list, first;

	for (first = c->children; first != NULL &&
	    first->type != XML_ELEMENT_NODE; first = first->next)
		;
	/* A box that opens with the label and is mostly links. */
	if (first != NULL && (art_is_heading(first) || art_is(first, "p") ||
	    art_is(first, "strong") || art_is(first, "b")) &&
	    art_is_related_label(first) && art_link_density(c) > 0.5) {
		art_remove(c);
		return (1);
	}
	if (!(art_is_heading(c) || art_is(c, "p")) || !art_is_related_label(c))
		return (0);
	for (list = c->next; list != NULL && list->type != XML_ELEMENT_NODE;
	    list = list->next)
		;
	if (list == NULL || art_link_density(list) <= 0.6)
		return (0);
	*next = list->next;
	art_remove(list);
	art_remove(c);
	return (1);
}

/* 1 when WORD stands in S as a word of its own ('_' and '-' part words). */
static int
art_has_word(const char *s, const char *word)
{
	const char	*p;
	size_t		 l = strlen(word);

	for (p = s; p != NULL && (p = strcasestr(p, word)) != NULL; p += l)
		if ((p == s || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[l]))
			return (1);
	return (0);
}

/* A box of share buttons: "share", "sharedaddy", "social" as words
 * ("share-bar", "post_share"; not "BSHARE_POP" around an article). */
static int
art_is_share_box(xmlNodePtr n)
{
	static const char *words[] = { "share", "sharedaddy", "social",
	    "sharing", NULL };
	const char	*cls = html_attr(n, "class"), *id = html_attr(n, "id");
	size_t		 i;

	for (i = 0; words[i] != NULL; i++)
		if ((cls != NULL && art_has_word(cls, words[i])) ||
		    (id != NULL && art_has_word(id, words[i])))
			return (1);
	return (0);
}

/*
 * Share boxes, headings weighed down by their class, empty paragraphs and
 * promotion lines.
 */
static void
art_clean_bits(struct art_run *r, xmlNodePtr n, int depth)
{
	xmlNodePtr	 c, next;
	struct art_len	 l;

	for (c = n->children; c != NULL; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (art_drop_related(c, &next))
			continue;
		if (art_is_share_box(c)) {
			art_measure(c, &l);
			if (ART_WEIGHED(l) < 500) {
				art_remove(c);
				continue;
			}
		}
		if ((art_is(c, "h1") || art_is(c, "h2")) &&
		    art_class_weight(r, c) < 0) {
			art_remove(c);
			continue;
		}
		if (depth < ART_MAX_DEPTH)
			art_clean_bits(r, c, depth + 1);
		if (art_is(c, "p") && (art_is_empty(c, 0) ||
		    art_is_promo_line(c)))
			art_remove(c);
	}
}

static void
art_clean(struct art_run *r, xmlNodePtr box)
{
	art_clean_conditionally(r, box, "form");
	art_clean_conditionally(r, box, "fieldset");
	art_clean_all(box, "object");
	art_clean_all(box, "embed");
	art_clean_all(box, "footer");
	art_clean_all(box, "aside");
	art_clean_bits(r, box, 0);
	art_clean_conditionally(r, box, "table");
	art_clean_conditionally(r, box, "ul");
	art_clean_conditionally(r, box, "div");
}

/*
 * One attempt on a copy of BODY with R's flags: the body found, as a new
 * element of the document (caller frees), or NULL.
 */
static xmlNodePtr
art_attempt(struct art_run *r, xmlNodePtr body)
{
	xmlNodePtr	 root, top[ART_TOP_CANDIDATES], cand, box;
	double		 best[ART_TOP_CANDIDATES];
	struct art_len	 l;
	int		 space = 0;

	if ((root = xmlDocCopyNode(body, r->ar_doc, 1)) == NULL)
		return (NULL);
	art_mark_blocks(root, 0);
	art_walk(r, root, 0, 0);
	art_clear_private(root, 0);
	art_score_paragraphs(r, root);
	memset(top, 0, sizeof(top));
	memset(best, 0, sizeof(best));
	memset(&l, 0, sizeof(l));
	art_measure_walk(root, 0, &l, &space, 0, 1);
	art_top(root, top, best, ART_TOP_CANDIDATES, 0);
	if (top[0] == NULL || best[0] <= 0) {
		box = root;
		xmlNodeSetName(box, (const xmlChar *)"div");
		root = NULL;
	} else {
		cand = art_choose(r, root, top, best);
		box = cand == root ? root : art_gather(r, cand);
		if (cand == root)
			root = NULL;
	}
	art_clear_private(box, 0);
	art_scores_free(r);
	if (root != NULL)
		xmlFreeNode(root);
	art_clean(r, box);
	return (box);
}

/* The text of a body: a line per block, spaces folded, <pre> as it is. */
struct art_lines {
	struct buf	 al_buf;
	int		 al_space;	/* a space is owed before the next word */
	size_t		 al_chars;
};

static void
art_lines_break(struct art_lines *t)
{
	struct buf	*b = &t->al_buf;

	if (b->b_len > 0 && b->b_data[b->b_len - 1] != '\n')
		buf_add(b, "\n", 1);
	t->al_space = 0;
}

static void
art_lines_text(struct art_lines *t, const char *s, int pre)
{
	struct buf		*b = &t->al_buf;
	const unsigned char	*p = (const unsigned char *)s, *run;

	while (*p != '\0') {
		if (pre && *p == '\n') {
			buf_add(b, "\n", 1);
			t->al_space = 0;
			p++;
			continue;
		}
		if (isspace(*p) || (p[0] == 0xc2 && p[1] == 0xa0)) {
			p += *p == 0xc2 ? 2 : 1;
			t->al_space = 1;
			continue;
		}
		if (t->al_space && b->b_len > 0 &&
		    b->b_data[b->b_len - 1] != '\n')
			buf_add(b, " ", 1);
		t->al_space = 0;
		/* A word at once. */
		for (run = p; *p != '\0' && !isspace(*p) &&
		    !(p[0] == 0xc2 && p[1] == 0xa0); p++)
			if ((*p & 0xc0) != 0x80)
				t->al_chars++;
		buf_add(b, run, (size_t)(p - run));
	}
}

static void
art_lines_walk(struct art_lines *t, xmlNodePtr n, int pre, int depth)
{
	xmlNodePtr	 c;
	int		 block;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) {
			if (c->content != NULL)
				art_lines_text(t, (const char *)c->content,
				    pre);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || depth > ART_MAX_DEPTH)
			continue;
		if (art_is(c, "br")) {
			art_lines_break(t);
			continue;
		}
		block = !html_inline((const char *)c->name) ||
		    art_is(c, "td") || art_is(c, "th");
		if (block)
			art_lines_break(t);
		art_lines_walk(t, c, pre || art_is(c, "pre"), depth + 1);
		if (block)
			art_lines_break(t);
	}
}

/* BOX's text, a block a line (caller frees); its characters in *CHARS. */
static char *
art_lines(xmlNodePtr box, size_t *chars)
{
	struct art_lines	 t;
	char			*s, *clean;

	memset(&t, 0, sizeof(t));
	buf_init(&t.al_buf, ART_MAX_TEXT);
	art_lines_walk(&t, box, 0, 0);
	*chars = t.al_chars;
	s = buf_take(&t.al_buf, NULL);
	if (s == NULL)
		return (NULL);
	clean = text_xml_filter(s);
	free(s);
	return (clean);
}

/*
 * A short text mostly about cookies and consent: the wall a site shows
 * before its article (the article is not in the page).
 */
static int
art_is_consent_wall(const char *text, size_t chars)
{
	static const char *words[] = { "cookie", "consent", "privacy",
	    "accept", "datenschutz", "einwilligung", "zustimm", "akzeptier",
	    "consentement", "confidentialité", "accepter", "consentimiento",
	    "aceptar", "privacidad", "toestemming", "accepteren", NULL };
	size_t	 i, hits = 0;

	if (text == NULL || chars >= 1200)
		return (0);
	for (i = 0; words[i] != NULL; i++)
		if (strcasestr(text, words[i]) != NULL)
			hits++;
	return (hits >= 3);
}

/* What an index holds: links to other stories, and prose. */
struct art_index {
	size_t	 ai_story_links;	/* links named 15 characters or more */
	size_t	 ai_prose;		/* blocks of 140 or more, few links */
	size_t	 ai_prose_chars;	/* their characters, weighed */
	size_t	 ai_longest;		/* the longest one's */
};

/* A link that calls to act ("Learn more about X", "Read more"), no title. */
static int
art_is_call(xmlNodePtr a)
{
	static const char *calls[] = { "learn more", "read more", "more ",
	    "continue", "see ", "find out", "download", "get ", "weiterlesen",
	    "mehr ", "lire la suite", "en savoir plus", "leer más",
	    "seguir leyendo", "leggi", "читать", "подробнее", NULL };
	char	*text = art_text(a, 256);
	size_t	 i;
	int	 call = 0;

	for (i = 0; text != NULL && calls[i] != NULL; i++)
		if (strncasecmp(text, calls[i], strlen(calls[i])) == 0)
			call = 1;
	free(text);
	return (call);
}

static void
art_index_walk(xmlNodePtr n, struct art_index *ix, int depth)
{
	xmlNodePtr	 c;
	struct art_len	 l;
	const char	*href;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || depth > ART_MAX_DEPTH)
			continue;
		if (art_is(c, "a")) {
			art_measure(c, &l);
			if (ART_WEIGHED(l) >= 15 &&
			    (href = html_attr(c, "href")) !=
			    NULL && href[0] != '#' && !art_is_call(c))
				ix->ai_story_links++;
			continue;
		}
		if (!html_inline((const char *)c->name) &&
		    !(ART_MARKS(c) & ART_HOLDS_BLOCK)) {
			art_measure(c, &l);
			if (ART_WEIGHED(l) >= 140 &&
			    l.al_links < 0.5 * (double)l.al_chars) {
				ix->ai_prose++;
				ix->ai_prose_chars += ART_WEIGHED(l);
				if (ART_WEIGHED(l) > ix->ai_longest)
					ix->ai_longest = ART_WEIGHED(l);
				continue;	/* its links are the prose's */
			}
		}
		art_index_walk(c, ix, depth + 1);
	}
}

/*
 * A body that is a list of links to other stories with little prose of
 * its own (a section's front page, a list of episodes): an index.
 */
static int
art_is_index(xmlNodePtr box)
{
	struct art_index	 ix;
	struct art_len		 l;

	/* Links make much of its text, to begin with. */
	art_measure(box, &l);
	if (l.al_links < 0.25 * (double)l.al_chars)
		return (0);
	memset(&ix, 0, sizeof(ix));
	art_mark_blocks(box, 0);
	art_index_walk(box, &ix, 0);
	art_clear_private(box, 0);
	/* A story told at length among the links is still a story. */
	return (ix.ai_story_links >= 5 && ix.ai_prose * 2 < ix.ai_story_links &&
	    ix.ai_prose_chars < 1500 && ix.ai_longest < 600);
}

/* The page's <body>, or its root element when it has none. */
static xmlNodePtr
art_body(xmlDocPtr doc)
{
	xmlNodePtr	 root = xmlDocGetRootElement(doc), c;

	if (root == NULL)
		return (NULL);
	for (c = root->children; c != NULL; c = c->next)
		if (art_is(c, "body"))
			return (c);
	return (root);
}

/* The first large image of the body, when the page names no lead image. */
static char *
art_lead_image(xmlNodePtr n, const char *base, int depth)
{
	xmlNodePtr	 c;
	const char	*src, *w;
	char		*found;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (art_is(c, "img") && (src = html_attr(c, "src")) != NULL &&
		    strncmp(src, "data:", 5) != 0 &&
		    ((w = html_attr(c, "width")) == NULL || atoi(w) >= 300) &&
		    (found = item_resolve_link(src, base)) != NULL) {
			if (strncasecmp(found, "http", 4) == 0)
				return (found);
			free(found);
		}
		if (depth < ART_MAX_DEPTH &&
		    (found = art_lead_image(c, base, depth + 1)) != NULL)
			return (found);
	}
	return (NULL);
}

/*
 * Drops the last half of the blocks of BOX's first element that holds
 * several.  Returns 0 when there was nothing to drop.
 */
static int
art_halve(xmlNodePtr box)
{
	xmlNodePtr	 at, c, next;
	unsigned long	 n, i;

	for (at = box; (n = xmlChildElementCount(at)) == 1;
	    at = xmlFirstElementChild(at))
		;
	if (n < 2)
		return (0);
	for (c = at->children, i = 0; c != NULL && i < n / 2; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			i++;
	for (; c != NULL; c = next) {
		next = c->next;
		art_remove(c);
	}
	return (1);
}

/*
 * BOX's sanitised HTML; a body longer than sanitize.c's cap is cut, its
 * last blocks dropped (half of them at a time) until it fits: by its text
 * first, which is cheap to count, then by its HTML.
 */
static char *
art_content(xmlNodePtr box, const char *base)
{
	struct art_len	 l;
	char		*html;

	for (art_measure(box, &l); l.al_chars > SANITIZE_MAX_HTML / 2 &&
	    art_halve(box); art_measure(box, &l))
		;
	while ((html = sanitize_html(box, base)) == NULL && art_halve(box))
		;
	return (html);
}

/* Tries with R's flags, then relaxed: the body with the most text. */
static xmlNodePtr
art_find(struct art_run *r, xmlNodePtr body, size_t *chars)
{
	static const int tries[] = {
		ART_STRIP_UNLIKELY | ART_WEIGHT_CLASSES |
		    ART_CLEAN_CONDITIONALLY,
		ART_WEIGHT_CLASSES | ART_CLEAN_CONDITIONALLY,
		ART_CLEAN_CONDITIONALLY, 0
	};
	xmlNodePtr	 best = NULL, box;
	struct art_len	 l;
	size_t		 i, best_chars = 0, n;
	const char	*title = r->ar_title;

	for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		r->ar_flags = tries[i];
		r->ar_title = title;
		free(r->ar_byline);
		r->ar_byline = NULL;
		if ((box = art_attempt(r, body)) == NULL)
			continue;
		art_measure(box, &l);
		n = ART_WEIGHED(l);
		if (best == NULL || n > best_chars) {
			if (best != NULL)
				xmlFreeNode(best);
			best = box;
			best_chars = n;
		} else
			xmlFreeNode(box);
		if (best_chars >= ART_CHAR_THRESHOLD)
			break;
	}
	*chars = best_chars;
	return (best);
}

/*
 * The name in a byline: "By Dan Goodin - Apr 16, 2015 8:02 pm UTC" is
 * "Dan Goodin" (caller frees; NULL when nothing is left).
 */
static char *
art_byline_name(const char *byline)
{
	static const char *seps[] = { " - ", " | ", " \xe2\x80\x94 ",
	    " \xe2\x80\x93 ", " \xe2\x80\xa2 ", ", ", " on ", " am ",
	    " le ", NULL };
	char	*name, *cut;
	size_t	 i;

	if ((name = text_clean_nonempty(byline, ITEM_MAX_AUTHOR)) == NULL)
		return (NULL);
	if (strncasecmp(name, "by ", 3) == 0)
		memmove(name, name + 3, strlen(name + 3) + 1);
	/* The words after a separator that hold a digit are its date. */
	for (i = 0; seps[i] != NULL; i++)
		if ((cut = strstr(name, seps[i])) != NULL && cut > name &&
		    strpbrk(cut, "0123456789") != NULL)
			*cut = '\0';
	if (*name == '\0') {
		free(name);
		return (NULL);
	}
	return (name);
}

/*
 * The date options for DOC: DOPTS (NULL: defaults), and a page in American
 * English reads its ambiguous numeric dates month first ("3/09/15") unless
 * the source says otherwise.
 */
static void
art_date_opts(xmlDocPtr doc, const struct date_opts *dopts,
    struct date_opts *local)
{
	const char	*lang = html_attr(xmlDocGetRootElement(doc), "lang");

	if (dopts != NULL)
		*local = *dopts;
	else
		memset(local, 0, sizeof(*local));
	if (!local->do_order_given && lang != NULL &&
	    strcasecmp(lang, "en-us") == 0)
		local->do_order = DATE_ORDER_MDY;
}

int
article_extract(xmlDocPtr doc, const char *base,
    const struct date_opts *dopts, struct article *ar)
{
	struct art_run	 r;
	struct date_opts local;
	struct art_len	 page;
	xmlNodePtr	 body, box;
	size_t		 chars;

	memset(ar, 0, sizeof(*ar));
	memset(&r, 0, sizeof(r));
	if (doc == NULL || (body = art_body(doc)) == NULL) {
		ar->ar_why = "the page has no body";
		return (-1);
	}
	art_date_opts(doc, dopts, &local);
	article_meta_read(doc, base, &local, ar);
	r.ar_doc = doc;
	r.ar_title = ar->ar_title;
	art_prep(&r, body, 0);
	art_measure(body, &page);
	box = art_find(&r, body, &chars);
	/* A few lines of a long page: a fragment, not its article. */
	if (box != NULL && chars < ART_CHAR_THRESHOLD &&
	    chars * 10 < ART_WEIGHED(page)) {
		xmlFreeNode(box);
		box = NULL;
		ar->ar_why = "only a fragment of the page reads as prose (an "
		    "index, a login or consent page?)";
	}
	if (ar->ar_author == NULL && r.ar_byline != NULL)
		ar->ar_author = art_byline_name(r.ar_byline);
	free(r.ar_byline);
	if (box != NULL && art_is_index(box)) {
		xmlFreeNode(box);
		box = NULL;
		ar->ar_why = "a list of links to other pages (an index), not an "
		    "article";
	}
	if (box != NULL) {
		if (ar->ar_image == NULL)
			ar->ar_image = art_lead_image(box, base, 0);
		ar->ar_text = art_lines(box, &ar->ar_text_len);
		ar->ar_content = art_content(box, base);
		article_meta_lead_date(ar->ar_text, &local, ar);
		xmlFreeNode(box);
	}
	if (art_is_consent_wall(ar->ar_text, ar->ar_text_len)) {
		ar->ar_why = "a consent or cookie page, not the article";
		return (-1);
	}
	if (ar->ar_why != NULL)
		return (-1);
	if (ar->ar_text_len < ARTICLE_MIN_TEXT || ar->ar_content == NULL) {
		ar->ar_why = ar->ar_text_len == 0 ? "no text found" :
		    "too little text for an article (an index, a login or "
		    "consent page?)";
		return (-1);
	}
	return (0);
}

void
article_join(struct article *ar, struct article *next)
{
	char	*s;

	if (next->ar_content != NULL) {
		xasprintf(&s, "%s\n%s", ar->ar_content ? ar->ar_content : "",
		    next->ar_content);
		free(ar->ar_content);
		ar->ar_content = s;
	}
	if (next->ar_text != NULL) {
		xasprintf(&s, "%s\n%s", ar->ar_text ? ar->ar_text : "",
		    next->ar_text);
		free(ar->ar_text);
		ar->ar_text = s;
		ar->ar_text_len += next->ar_text_len;
	}
	free(ar->ar_next);
	ar->ar_next = next->ar_next;
	next->ar_next = NULL;
	article_free(next);
}

void
article_free(struct article *ar)
{
	if (ar == NULL)
		return;
	free(ar->ar_title);
	free(ar->ar_date_text);
	free(ar->ar_author);
	free(ar->ar_image);
	free(ar->ar_content);
	free(ar->ar_text);
	free(ar->ar_next);
	memset(ar, 0, sizeof(*ar));
}
