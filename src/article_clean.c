/*
 * article_clean.c: what the body found does not keep, by Readability's
 * rules (forms, embeds, asides, share boxes, link lists, image strips,
 * headings weighed down, empty paragraphs; data tables, code and figures
 * kept) and a few of pagefeed's own (a label of related stories and its
 * links, a promotion line).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "article.h"
#include "article_node.h"
#include "buf.h"
#include "html.h"
#include "text.h"
#include "util.h"

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
		if (article_is(c, "p"))
			t->at_p++;
		else if (article_is(c, "img"))
			t->at_img++;
		else if (article_is(c, "li"))
			t->at_li++;
		else if (article_is(c, "input"))
			t->at_input++;
		else if ((article_is(c, "object") || article_is(c, "embed") ||
		    article_is(c, "iframe")) && !art_is_video_embed(c))
			t->at_embed++;
		if (article_is_heading(c) || article_is(c, "ul") || article_is(c, "ol")) {
			article_measure(c, &l);
			if (article_is_heading(c))
				t->at_heading_chars += l.al_chars;
			else
				t->at_list_chars += l.al_chars;
			if (article_is_heading(c))
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
		if (article_is(sec, "caption") || article_is(sec, "thead") ||
		    article_is(sec, "tfoot") || article_is(sec, "colgroup"))
			return (1);
		if (!article_is(sec, "tbody") && !article_is(sec, "tr"))
			continue;
		for (row = article_is(sec, "tr") ? sec : sec->children;
		    row != NULL; row = article_is(sec, "tr") ? NULL : row->next) {
			if (!article_is(row, "tr"))
				continue;
			rows++;
			for (cell = row->children, n = 0; cell != NULL;
			    cell = cell->next) {
				if (article_is(cell, "th"))
					return (1);
				if (article_is(cell, "td"))
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
		if (article_is(n, "code") || article_is(n, "pre") ||
		    (article_is(n, "table") && art_is_data_table(n)))
			return (1);
	return (0);
}
static int
art_in_figure(xmlNodePtr n)
{
	for (n = n->parent; n != NULL; n = n->parent)
		if (article_is(n, "figure"))
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
	int		 weight = article_class_weight(r, n), list, fig, drop;

	if (weight < 0)
		return (1);
	article_measure(n, &l);
	if (l.al_commas >= 10)
		return (0);
	memset(&t, 0, sizeof(t));
	art_tally_walk(n, &t, 0);
	list = is_list_tag || (l.al_chars > 0 &&
	    (double)t.at_list_chars / (double)l.al_chars > 0.9);
	if (l.al_chars < 40) {
		text = article_text(n, 256);
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
			article_remove(v[i]);
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
			article_remove(v[i]);
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

	article_measure(p, &l);
	if (l.al_chars == 0 || l.al_chars >= 160 ||
	    l.al_links < 0.5 * (double)l.al_chars)
		return (0);
	buf_init(&b, 256);
	for (c = p->children; c != NULL && !article_is(c, "a"); c = c->next)
		html_text(c, &b, 8, HTML_WORDS);
	label = buf_take(&b, &n);
	/* One link: "Files: a.js, b.js" lists, it promotes nothing. */
	for (next = c != NULL ? c->next : NULL; next != NULL;
	    next = next->next)
		if (article_is(next, "a"))
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
	char	*text = article_text(n, 256);
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
	if (first != NULL && (article_is_heading(first) || article_is(first, "p") ||
	    article_is(first, "strong") || article_is(first, "b")) &&
	    art_is_related_label(first) && article_link_density(c) > 0.5) {
		article_remove(c);
		return (1);
	}
	if (!(article_is_heading(c) || article_is(c, "p")) || !art_is_related_label(c))
		return (0);
	for (list = c->next; list != NULL && list->type != XML_ELEMENT_NODE;
	    list = list->next)
		;
	if (list == NULL || article_link_density(list) <= 0.6)
		return (0);
	*next = list->next;
	article_remove(list);
	article_remove(c);
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
			article_measure(c, &l);
			if (ART_WEIGHED(l) < 500) {
				article_remove(c);
				continue;
			}
		}
		if ((article_is(c, "h1") || article_is(c, "h2")) &&
		    article_class_weight(r, c) < 0) {
			article_remove(c);
			continue;
		}
		if (depth < ART_MAX_DEPTH)
			art_clean_bits(r, c, depth + 1);
		if (article_is(c, "p") && (article_is_empty(c, 0) ||
		    art_is_promo_line(c)))
			article_remove(c);
	}
}
void
article_clean(struct art_run *r, xmlNodePtr box)
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
