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
#include "article_node.h"
#include "buf.h"
#include "date.h"
#include "html.h"
#include "item.h"
#include "sanitize.h"
#include "text.h"
#include "util.h"



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
static const char *art_unlikely_roles[] = {
	"menu", "menubar", "complementary", "navigation", "alert",
	"alertdialog", "dialog", NULL
};














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
		one = article_is(c, "img") ? c : depth < 3 ?
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
		article_remove(ns);
		return;
	}
	for (prev = ns->prev; prev != NULL && prev->type != XML_ELEMENT_NODE;
	    prev = prev->prev)
		;
	old = prev == NULL ? NULL : article_is(prev, "img") ? prev :
	    art_only_image(prev, 0);
	if (old != NULL) {
		xmlUnlinkNode(img);
		xmlReplaceNode(old, img);
		xmlFreeNode(old);
		article_remove(ns);
		return;
	}
	while ((c = ns->children) != NULL) {
		xmlUnlinkNode(c);
		xmlAddPrevSibling(ns, c);
	}
	article_remove(ns);
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
			article_remove(c);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (article_is(c, "noscript")) {
			art_noscript(c);
			continue;
		}
		if (depth > ART_MAX_DEPTH || ++r->ar_nodes > ART_MAX_NODES ||
		    article_in(c, art_drop) || html_hidden(c, HTML_HIDE_MORE)) {
			article_remove(c);
			continue;
		}
		if (article_is(c, "img")) {
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
	if (article_in(n, art_phrasing))
		return (1);
	if (!article_is(n, "a") && !article_is(n, "del") && !article_is(n, "ins"))
		return (0);
	if (depth > 8)
		return (0);
	for (c = n->children; c != NULL; c = c->next)
		if (!art_is_phrasing(c, depth + 1))
			return (0);
	return (1);
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
			} else if (!article_is_blank(c)) {
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
			while (p->last != NULL && article_is_blank(p->last))
				article_remove(p->last);
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
		if (c->type == XML_TEXT_NODE && !article_is_blank(c))
			return (NULL);
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (p != NULL || !article_is(c, "p"))
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
	text = article_text(n, 1024);
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
	return (!in_table && !article_is(n, "body") && !article_is(n, "a") &&
	    !article_is(n, "article") && !article_is(n, "main") &&
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
	if (r->ar_title != NULL && (article_is(n, "h1") || article_is(n, "h2"))) {
		text = article_text(n, 1024);
		same = text != NULL && art_similar(r->ar_title, text);
		free(text);
		if (same) {
			r->ar_title = NULL;	/* once */
			return (1);
		}
	}
	return ((article_is(n, "div") || article_is(n, "section") ||
	    article_is(n, "header") || article_is_heading(n)) && article_is_empty(n, 0));
}

/* A <div> without blocks is a paragraph; one holding a lone <p> is it. */
static xmlNodePtr
art_walk_div(xmlNodePtr div)
{
	xmlNodePtr	 p;
	int		 made;

	made = art_wrap_phrasing(div);
	if ((p = art_single_p(div)) != NULL && article_link_density(div) < 0.25) {
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
			article_remove(c);
			continue;
		}
		if (article_is(c, "div"))
			c = art_walk_div(c);
		if (article_in(c, scored))
			art_push(r, c);
		if (depth < ART_MAX_DEPTH)
			art_walk(r, c, in_table || article_is(c, "table") ||
			    article_is(c, "code"), depth + 1);
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
	else if (article_is_heading(n) || strcmp(name, "th") == 0)
		s->as_score = -5;
	s->as_score += article_class_weight(r, n);
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
		article_measure(p, &l);
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

	article_measure(p, &l);
	if (l.al_chars > 80)
		return (l.al_links / (double)l.al_chars < 0.25);
	if (l.al_chars == 0 || l.al_links > 0)
		return (0);
	text = article_text(p, 1024);
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
			else if (article_is(c, "p"))
				take = art_is_prose(c);
		}
		if (take) {
			xmlUnlinkNode(c);
			xmlAddChild(box, c);
		}
	}
	return (box);
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
	article_mark_blocks(root, 0);
	art_walk(r, root, 0, 0);
	article_clear_private(root, 0);
	art_score_paragraphs(r, root);
	memset(top, 0, sizeof(top));
	memset(best, 0, sizeof(best));
	memset(&l, 0, sizeof(l));
	article_measure_walk(root, 0, &l, &space, 0, 1);
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
	article_clear_private(box, 0);
	art_scores_free(r);
	if (root != NULL)
		xmlFreeNode(root);
	article_clean(r, box);
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
		if (article_is(c, "br")) {
			art_lines_break(t);
			continue;
		}
		block = !html_inline((const char *)c->name) ||
		    article_is(c, "td") || article_is(c, "th");
		if (block)
			art_lines_break(t);
		art_lines_walk(t, c, pre || article_is(c, "pre"), depth + 1);
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






/* The page's <body>, or its root element when it has none. */
static xmlNodePtr
art_body(xmlDocPtr doc)
{
	xmlNodePtr	 root = xmlDocGetRootElement(doc), c;

	if (root == NULL)
		return (NULL);
	for (c = root->children; c != NULL; c = c->next)
		if (article_is(c, "body"))
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
		if (article_is(c, "img") && (src = html_attr(c, "src")) != NULL &&
		    strncmp(src, "data:", 5) != 0 &&
		    ((w = html_attr(c, "width")) == NULL ||
		    strtol(w, NULL, 10) >= 300) &&
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
		article_remove(c);
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

	for (article_measure(box, &l); l.al_chars > SANITIZE_MAX_HTML / 2 &&
	    art_halve(box); article_measure(box, &l))
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
		article_measure(box, &l);
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
	article_measure(body, &page);
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
	if (box != NULL && article_is_index(box)) {
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
	if (article_is_consent_wall(ar->ar_text, ar->ar_text_len)) {
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
