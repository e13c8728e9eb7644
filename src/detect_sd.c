/*
 * detect_sd.c: items from structured data, which detection trusts before
 * the markup: JSON-LD (articles, ItemLists of them), microdata articles
 * and h-entry.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "detect.h"
#include "detect_node.h"
#include "detect_pick.h"
#include "detect_sd.h"
#include "item.h"
#include "json.h"
#include "util.h"

/* schema.org types taken as feed items. */
static const char *article_types[] = {
	"Article", "BlogPosting", "NewsArticle", "Report", "ScholarlyArticle",
	"TechArticle", "SocialMediaPosting", "LiveBlogPosting",
	"AnalysisNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle",
	"ReviewNewsArticle", "BackgroundNewsArticle", "Review", "Event",
	"DiscussionForumPosting", "Posting", NULL
};

/* --- JSON-LD ----------------------------------------------------------- */

/* 1 if the value of @type (a string or an array of them) names one of LIST,
 * with or without a "schema:" or URL prefix. */
static int
detect_ld_type(const struct json *j, const char **list)
{
	const struct json	*t = json_get(j, "@type"), *m;
	const char		*s, *slash;

	if (t == NULL)
		return (0);
	m = t->j_type == JSON_ARRAY ? t->j_child : t;
	for (; m != NULL; m = t->j_type == JSON_ARRAY ? m->j_next : NULL) {
		if ((s = json_string(m)) == NULL)
			continue;
		if ((slash = strrchr(s, '/')) != NULL)
			s = slash + 1;
		if (strncmp(s, "schema:", 7) == 0)
			s += 7;
		if (strcase_in(s, list))
			return (1);
	}
	return (0);
}

/* A string field, or the first string of an array, or an object's @id/url. */
static const char *
detect_ld_str(const struct json *j, const char *key)
{
	const struct json	*v = json_get(j, key);
	const char		*s;

	if (v == NULL)
		return (NULL);
	if (v->j_type == JSON_ARRAY)
		v = v->j_child;
	if ((s = json_string(v)) != NULL)
		return (s);
	if (v != NULL && v->j_type == JSON_OBJECT) {
		if ((s = json_string(json_get(v, "url"))) != NULL)
			return (s);
		return (json_string(json_get(v, "@id")));
	}
	return (NULL);
}

static void
detect_ld_article(struct detect *d, const struct json *j, const char *url,
    const char *name)
{
	struct dfields	 f;
	const char	*s;

	memset(&f, 0, sizeof(f));
	if ((s = detect_ld_str(j, "headline")) == NULL)
		s = detect_ld_str(j, "name");
	if (s == NULL)
		s = name;
	f.f_title = s != NULL ? xstrdup(s) : NULL;
	if ((s = detect_ld_str(j, "url")) == NULL &&
	    (s = detect_ld_str(j, "mainEntityOfPage")) == NULL &&
	    (s = url) == NULL)
		s = detect_ld_str(j, "@id");
	f.f_href = s != NULL ? xstrdup(s) : NULL;
	if ((s = detect_ld_str(j, "datePublished")) == NULL &&
	    (s = detect_ld_str(j, "dateCreated")) == NULL &&
	    (s = detect_ld_str(j, "startDate")) == NULL)
		s = detect_ld_str(j, "uploadDate");
	f.f_date_attr = s != NULL ? xstrdup(s) : NULL;
	if ((s = detect_ld_str(j, "description")) == NULL)
		s = detect_ld_str(j, "abstract");
	f.f_summary = s != NULL ? xstrdup(s) : NULL;
	detect_add(d, &f);
	detect_fields_free(&f);
}

static void	detect_ld_visit(struct detect *, const struct json *, int);

static void
detect_ld_list(struct detect *d, const struct json *list, int depth)
{
	static const char	*listitem[] = { "ListItem", NULL };
	const struct json	*e, *item;
	const char		*url, *name;

	if (list == NULL)
		return;
	e = list->j_type == JSON_ARRAY ? list->j_child : list;
	for (; e != NULL; e = list->j_type == JSON_ARRAY ? e->j_next : NULL) {
		if (e->j_type == JSON_STRING) {
			struct dfields	 f;

			memset(&f, 0, sizeof(f));
			f.f_href = xstrdup(e->j_str);
			detect_add(d, &f);
			detect_fields_free(&f);
			continue;
		}
		if (e->j_type != JSON_OBJECT)
			continue;
		if (!detect_ld_type(e, listitem)) {
			detect_ld_visit(d, e, depth + 1);
			continue;
		}
		item = json_get(e, "item");
		url = detect_ld_str(e, "url");
		name = json_string(json_get(e, "name"));
		if (item != NULL && item->j_type == JSON_OBJECT)
			detect_ld_article(d, item, url, name);
		else {
			if (url == NULL)
				url = json_string(item);
			if (url != NULL)
				detect_ld_article(d, e, url, name);
		}
	}
}

static void
detect_ld_visit(struct detect *d, const struct json *j, int depth)
{
	static const char	*itemlist[] = { "ItemList", NULL };
	static const char	*blog[] = { "Blog", "CollectionPage", "WebPage",
	    NULL };
	const struct json	*m;

	if (j == NULL || depth > JSON_MAX_DEPTH)
		return;
	if (j->j_type == JSON_ARRAY) {
		for (m = j->j_child; m != NULL; m = m->j_next)
			detect_ld_visit(d, m, depth + 1);
		return;
	}
	if (j->j_type != JSON_OBJECT)
		return;
	if ((m = json_get(j, "@graph")) != NULL)
		detect_ld_visit(d, m, depth + 1);
	if (detect_ld_type(j, itemlist))
		detect_ld_list(d, json_get(j, "itemListElement"), depth);
	else if (detect_ld_type(j, article_types))
		detect_ld_article(d, j, NULL, NULL);
	else if (detect_ld_type(j, blog)) {
		detect_ld_visit(d, json_get(j, "blogPost"), depth + 1);
		detect_ld_visit(d, json_get(j, "mainEntity"), depth + 1);
		detect_ld_visit(d, json_get(j, "hasPart"), depth + 1);
	}
}

/* Whether a JSON-LD text could name a type detection takes: every one
 * of article_types and ItemList holds one of these words. */
static int
detect_ld_may_hold(const char *s)
{
	static const char *const words[] = { "Article", "Posting", "Review",
	    "Report", "Event", "ItemList", NULL };
	size_t	 i;

	for (i = 0; words[i] != NULL; i++)
		if (strstr(s, words[i]) != NULL)
			return (1);
	return (0);
}

/* The JSON-LD block at script element N, read. */
static void
detect_ld_block(struct detect *d, xmlNodePtr n)
{
	struct json	*j;
	xmlChar		*content;

	if ((content = xmlNodeGetContent(n)) == NULL)
		return;
	/* Only blocks that could name an item's type are parsed (a site's
	 * Organization or BreadcrumbList, often large, are not). */
	if (detect_ld_may_hold((const char *)content)) {
		j = json_parse_script((const char *)content,
		    strlen((const char *)content), NULL);
		if (j != NULL)
			detect_ld_visit(d, j, 0);
		json_free(j);
	}
	xmlFree(content);
}

void
detect_jsonld(struct detect *d)
{
	xmlNodePtr	 root = xmlDocGetRootElement(d->d_doc), n;
	size_t		 k, nparsed = 0;

	/* The measuring walk met them, unless it stopped at its limits. */
	if (d->d_nodes != NULL && !d->d_walk_cut) {
		for (k = 0; k < d->d_nscripts; k++)
			detect_ld_block(d, d->d_scripts[k]);
		return;
	}
	/* Every <script type=...>, hidden as scripts are: a walk, not an
	 * XPath (which costs a tenth of a parse to find a few). */
	for (n = root; n != NULL && nparsed < DETECT_MAX_SCRIPTS;
	    n = detect_next_any(n, root)) {
		if (n->type != XML_ELEMENT_NODE || !detect_is_ld_script(n))
			continue;
		nparsed++;
		detect_ld_block(d, n);
	}
}

/*
 * Items from JSON-LD ListItems often carry a URL only: the text of a link
 * to it on the page makes a better title than the URL.
 */
void
detect_titles_from_links(struct detect *d, size_t from)
{
	struct extraction	*ex = d->d_pg;
	size_t		 i, j, missing = 0, seen = 0;
	char		*abs;

	for (i = from; i < ex->ex_nitems; i++)
		if (ex->ex_items[i].it_link != NULL && strcmp(
		    ex->ex_items[i].it_title, ex->ex_items[i].it_link) == 0)
			missing++;
	for (i = 0; missing > 0 && i < d->d_n && seen < 5000; i++) {
		if (!(d->d_nodes[i].dn_flags & DN_LINK))
			continue;
		seen++;
		abs = item_resolve_link(detect_attr(d->d_nodes[i].dn_node,
		    "href"), d->d_base);
		for (j = from; abs != NULL && j < ex->ex_nitems; j++) {
			struct item	*it = &ex->ex_items[j];
			char		*t;

			if (it->it_link == NULL ||
			    strcmp(it->it_title, it->it_link) != 0 ||
			    strcmp(abs, it->it_link) != 0)
				continue;
			if ((t = detect_clean_text(d->d_nodes[i].dn_node,
			    ITEM_MAX_TITLE)) != NULL) {
				free(it->it_title);
				it->it_title = t;
				missing--;
			}
		}
		free(abs);
	}
}

/* --- Microdata and h-entry --------------------------------------------- */

/*
 * A property's value by the element that carries it (microdata rules);
 * *attr gets the attribute it came from, NULL for the text.
 */
static char *
detect_prop_value(xmlNodePtr n, int want_url, int want_date,
    const char **attr)
{
	char	*s;

	*attr = "content";
	if (detect_is(n, "meta"))
		return (detect_attr_dup(n, "content"));
	if (want_url || detect_is(n, "a") || detect_is(n, "link")) {
		*attr = "href";
		if ((s = detect_attr_dup(n, "href")) != NULL)
			return (s);
		*attr = "content";
		if ((s = detect_attr_dup(n, "content")) != NULL)
			return (s);
	}
	if (want_date || detect_is(n, "time")) {
		*attr = "datetime";
		if ((s = detect_attr_dup(n, "datetime")) != NULL)
			return (s);
		*attr = "content";
		if ((s = detect_attr_dup(n, "content")) != NULL)
			return (s);
	}
	*attr = NULL;
	return (detect_text(n, DETECT_TEXT_MAX));
}

enum { P_NAME, P_URL, P_DATE, P_SUMMARY, P_CONTENT, P_N };

/* Property names, microdata then microformats2, by field. */
static const char *const md_props[P_N][3] = {
	{ "headline", "name", NULL },
	{ "url", NULL, NULL },
	{ "datePublished", "dateCreated", "startDate" },
	{ "description", "abstract", NULL },
	{ "articleBody", "text", NULL },
};
static const char *const mf_props[P_N][3] = {
	{ "p-name", NULL, NULL },
	{ "u-url", "u-uid", NULL },
	{ "dt-published", "dt-updated", NULL },
	{ "p-summary", NULL, NULL },
	{ "e-content", NULL, NULL },
};

/* An item whose structured data names no date takes the date its
 * markup shows ("<time datetime>" in a card without datePublished). */
static void
detect_structured_date(struct detect *d, xmlNodePtr root, struct dfields *f)
{
	struct dfields	 m;

	if (detect_pick_some(d, root, NULL, &m, 0) == 0 &&
	    (m.f_date_attr != NULL || m.f_date_text != NULL)) {
		f->f_date_attr = m.f_date_attr;
		f->f_date_text = m.f_date_text;
		m.f_date_attr = m.f_date_text = NULL;
		f->f_pick.p_node[RULE_DATE] = m.f_pick.p_node[RULE_DATE];
		f->f_pick.p_attr[RULE_DATE] = m.f_pick.p_attr[RULE_DATE];
	}
	detect_fields_free(&m);
}

/* The link of element N: N itself or a link around it below ROOT, else
 * the first inside it; NULL when none. */
static xmlNodePtr
detect_link_of(xmlNodePtr root, xmlNodePtr n)
{
	xmlNodePtr	 a;
	int		 budget = DETECT_ITEM_BUDGET;

	for (a = n; a != NULL && a != root; a = a->parent)
		if (detect_is_link(a))
			return (a);
	for (a = n; a != NULL && --budget > 0; a = detect_next(a, n, 1))
		if (detect_is_link(a))
			return (a);
	return (NULL);
}

/* An item without a url property: the link of its name, else of its
 * first heading, else its first permalink (not a share button's), else
 * its first link. */
static void
detect_structured_link(xmlNodePtr root, xmlNodePtr name, struct dfields *f)
{
	xmlNodePtr	 n, link = NULL, first = NULL, heading = NULL;
	int		 budget = DETECT_ITEM_BUDGET;

	for (n = root->children; n != NULL && --budget > 0;
	    n = detect_next(n, root, 1)) {
		if (heading == NULL && detect_is_heading(n))
			heading = n;
		if (!detect_is_link(n))
			continue;
		if (first == NULL)
			first = n;
		if (link == NULL && detect_permalink(n))
			link = n;
	}
	if (name != NULL && (n = detect_link_of(root, name)) != NULL)
		link = n;
	else if (heading != NULL && (n = detect_link_of(root, heading)) !=
	    NULL)
		link = n;
	if (link == NULL)
		link = first;
	if (link == NULL)
		return;
	f->f_href = detect_attr_dup(link, "href");
	f->f_pick.p_node[RULE_LINK] = link;
	f->f_pick.p_attr[RULE_LINK] = "href";
}

/*
 * Fields of one microdata item or h-entry at ROOT.  Nested items (itemscope,
 * h-*) are skipped: their properties are theirs.
 */
static void
detect_structured_one(struct detect *d, xmlNodePtr root, int mf)
{
	const char *const	(*props)[3] = mf ? mf_props : md_props;
	char			*val[P_N];
	xmlNodePtr		 n, vnode[P_N];
	const char		*attr, *vattr[P_N];
	int			 budget = DETECT_ITEM_BUDGET, k, i, nested;
	struct dfields		 f;

	memset(val, 0, sizeof(val));
	memset(vnode, 0, sizeof(vnode));
	memset(vattr, 0, sizeof(vattr));
	memset(&f, 0, sizeof(f));
	for (n = root->children; n != NULL && --budget > 0;) {
		nested = 0;
		if (n->type == XML_ELEMENT_NODE) {
			if (mf) {
				attr = detect_attr(n, "class");
				nested = attr != NULL && (strncmp(attr, "h-", 2) == 0
				    || strstr(attr, " h-") != NULL);
			} else {
				attr = detect_attr(n, "itemprop");
				nested = detect_attr(n, "itemscope") != NULL;
			}
			for (k = 0; attr != NULL && k < P_N; k++)
				for (i = 0; i < 3 && props[k][i] != NULL; i++)
					if (val[k] == NULL && detect_has_token(
					    attr, props[k][i])) {
						val[k] = detect_prop_value(n,
						    k == P_URL, k == P_DATE,
						    &vattr[k]);
						vnode[k] = n;
					}
		}
		n = detect_next(n, root, !nested);
	}
	f.f_pick.p_root = root;
	f.f_title = val[P_NAME];
	f.f_pick.p_node[RULE_TITLE] = vnode[P_NAME];
	f.f_pick.p_attr[RULE_TITLE] = vattr[P_NAME];
	f.f_href = val[P_URL];
	f.f_pick.p_node[RULE_LINK] = vnode[P_URL];
	f.f_pick.p_attr[RULE_LINK] = vattr[P_URL];
	f.f_date_attr = val[P_DATE];
	f.f_pick.p_node[RULE_DATE] = vnode[P_DATE];
	f.f_pick.p_attr[RULE_DATE] = vattr[P_DATE];
	k = val[P_SUMMARY] != NULL ? P_SUMMARY : P_CONTENT;
	f.f_summary = val[k];
	f.f_pick.p_node[RULE_SUMMARY] = vnode[k];
	f.f_pick.p_attr[RULE_SUMMARY] = vattr[k];
	if (val[P_SUMMARY] != NULL)
		free(val[P_CONTENT]);
	if (f.f_href == NULL)
		detect_structured_link(root, vnode[P_NAME], &f);
	if (f.f_title == NULL) {
		for (n = root->children, budget = DETECT_ITEM_BUDGET;
		    n != NULL && --budget > 0; n = detect_next(n, root, 1))
			if (detect_is_heading(n)) {
				f.f_title = detect_text(n, DETECT_TEXT_MAX);
				f.f_pick.p_node[RULE_TITLE] = n;
				f.f_pick.p_attr[RULE_TITLE] = NULL;
				break;
			}
	}
	if (f.f_date_attr == NULL)
		detect_structured_date(d, root, &f);
	detect_add(d, &f);
	detect_fields_free(&f);
}

/* Whether N is a microdata item that is a post of the item around it. */
static int
detect_blog_post(xmlNodePtr n)
{
	const char	*p;

	return (detect_attr(n, "itemscope") != NULL && (p = detect_attr(n,
	    "itemprop")) != NULL && (detect_has_token(p, "blogPost") ||
	    detect_has_token(p, "itemListElement")));
}

/* The heading level most of the items at CAND title themselves with
 * (headings inside them), or 7 when they have none. */
static int
detect_items_level(const struct detect *d, const int *cand, size_t ncand)
{
	size_t		 count[7] = { 0 }, k;
	xmlNodePtr	 m, n;
	int		 level, best = 7, budget;

	for (k = 0; k < ncand; k++) {
		m = d->d_nodes[cand[k]].dn_node;
		budget = DETECT_ITEM_BUDGET;
		for (n = m; n != NULL && --budget > 0 && !detect_is_heading(n);
		    n = detect_next(n, m, 1))
			;
		if (n != NULL && budget > 0)
			count[n->name[1] - '0']++;
	}
	for (level = 1; level < 7; level++)
		if (count[level] > 0 && (best == 7 || count[level] >
		    count[best]))
			best = level;
	return (best);
}

/*
 * Structured items in sections of their own (the latest posts, then
 * "Popular articles" marked up alike): those of the section that holds
 * most of them (the first such) and of the sections above it (featured
 * posts over the list).  A section opens at a heading outside
 * the items above their own titles' level, or at their level without a
 * link (an item's title outside its element links to it).  Keeps them
 * in CAND (element indexes, in page order); returns how many.
 */
static size_t
detect_main_section(const struct detect *d, int *cand, size_t ncand)
{
	int		*section, heading = -1, best = -1, level;
	size_t		 i, k, c = 0, n, most = 0, out;
	xmlNodePtr	 open = NULL, h;

	if (ncand < 2 * DETECT_MIN_STRUCTURED)
		return (ncand);
	level = detect_items_level(d, cand, ncand);
	section = xcalloc(ncand, sizeof(*section));
	for (i = 0; i < d->d_n && c < ncand; i++) {
		h = d->d_nodes[i].dn_node;
		if ((int)i == cand[c]) {
			section[c++] = heading;
			open = h;
		} else if (detect_is_heading(h) && (open == NULL ||
		    !detect_contains(open, h)) && (h->name[1] - '0' < level ||
		    d->d_nodes[i].dn_links == 0))
			heading = (int)i;
	}
	for (k = 0; k < ncand; k++) {
		for (i = 0, n = 0; i < ncand; i++)
			n += section[i] == section[k];
		if (n > most) {
			most = n;
			best = section[k];
		}
	}
	/* Its sections, and those above it: featured ones over the list. */
	for (k = out = 0; k < ncand; k++)
		if (section[k] <= best)
			cand[out++] = cand[k];
	free(section);
	return (out);
}

void
detect_structured(struct detect *d, int mf)
{
	size_t		 i, k, posts = 0, ncand = 0;
	xmlNodePtr	 n, a;
	const char	*t, *slash;
	int		 inside, *cand;

	cand = xreallocarray(NULL, d->d_n + 1, sizeof(*cand));
	for (i = 0; i < d->d_n; i++) {
		/* The measuring walk marked them. */
		if (!(d->d_nodes[i].dn_flags & (mf ? DN_HENTRY :
		    DN_ITEMSCOPE)))
			continue;
		n = d->d_nodes[i].dn_node;
		if (!mf) {
			if ((t = detect_attr(n, "itemtype")) == NULL)
				continue;
			if ((slash = strrchr(t, '/')) != NULL)
				t = slash + 1;
			if (!strcase_in(t, article_types))
				continue;
			posts += detect_blog_post(n);
		}
		cand[ncand++] = (int)i;
	}
	ncand = detect_main_section(d, cand, ncand);
	for (k = 0; k < ncand && d->d_pg->ex_nitems < ITEM_MAX_ITEMS; k++) {
		n = d->d_nodes[cand[k]].dn_node;
		/* The posts of a Blog (itemprop=blogPost) are its list:
		 * articles elsewhere on the page (a sidebar's) are not. */
		if (posts >= DETECT_MIN_ITEMS && !detect_blog_post(n))
			continue;
		/* An entry inside an entry is part of it (a quoted post). */
		for (inside = 0, a = n->parent; a != NULL && !inside &&
		    a->type == XML_ELEMENT_NODE; a = a->parent)
			inside = mf ? detect_has_token(detect_attr(a, "class"),
			    "h-entry") : detect_attr(a, "itemscope") != NULL &&
			    (t = detect_attr(a, "itemtype")) != NULL &&
			    strcase_in((slash = strrchr(t, '/')) ? slash + 1 : t,
			    article_types);
		if (!inside)
			detect_structured_one(d, n, mf);
	}
	free(cand);
}
