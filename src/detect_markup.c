/*
 * detect_markup.c: items from the markup when the page has no structured
 * data.  The page is measured in one linear pass (text, link text and
 * links per subtree, furniture marked), sibling elements sharing a tag
 * and class token make runs, runs make groups, groups are scored (dates
 * checked in the best few) and the best one's members become items, each
 * with its title, link, date and summary picked from the member.  Also
 * the XPath that selects them and the runners-up preview shows.  Every
 * loop is bounded by the element count, a per-item node budget or a cap.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* strcasestr */
#endif

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "detect.h"
#include "detect_markup.h"
#include "detect_node.h"
#include "html.h"
#include "item.h"
#include "text.h"
#include "util.h"

/* Words in class or id that mark page furniture rather than content. */
static const char *boiler_words[] = {
	"nav", "navbar", "navigation", "menu", "menubar", "breadcrumb",
	"breadcrumbs", "pagination", "pager", "paging", "footer", "sidebar",
	"widget", "widgets", "share", "sharing", "social", "comments",
	"comment", "tagcloud", "cloud", "related", "cookie", "cookies",
	"skip", "masthead", "topbar", "toolbar", "login", "banner", NULL
};
static const char *boiler_roles[] = {
	"navigation", "banner", "contentinfo", "complementary", "menu",
	"menubar", "search", NULL
};

/* Words in class that mark an item's summary. */
static const char *summary_words[] = {
	"summary", "excerpt", "teaser", "desc", "anons", "lead", "intro",
	"text", "content", "body", "snippet", "abstract", NULL
};

/* 1 if a word of S (split on anything not alphanumeric) is furniture. */
static int
detect_boiler_words(const char *s)
{
	char	 w[32];
	size_t	 len;

	while (s != NULL && *s != '\0') {
		while (*s != '\0' && !isalnum((unsigned char)*s))
			s++;
		for (len = 0; isalnum((unsigned char)s[len]); len++)
			;
		if (len > 0 && len < sizeof(w)) {
			memcpy(w, s, len);
			w[len] = '\0';
			if (strcase_in(w, boiler_words))
				return (1);
			/* mainmenu, topnav, subnav, menuitem */
			if (len > 4 && (strncasecmp(w, "menu", 4) == 0 ||
			    strcasecmp(w + len - 4, "menu") == 0 ||
			    strcasecmp(w + len - 3, "nav") == 0))
				return (1);
		}
		s += len;
	}
	return (0);
}

/* A new dnode for element N under the element at STACK[DEPTH]. */
static int
detect_node_add(struct detect *d, xmlNodePtr n, size_t *cap, int parent,
    int *last)
{
	struct dnode	*dn;
	int		 idx;

	if (d->d_n == *cap) {
		*cap *= 2;
		d->d_nodes = xreallocarray(d->d_nodes, *cap, sizeof(*d->d_nodes));
	}
	idx = (int)d->d_n++;
	dn = &d->d_nodes[idx];
	memset(dn, 0, sizeof(*dn));
	dn->dn_node = n;
	dn->dn_parent = parent;
	dn->dn_first = dn->dn_next = -1;
	if (*last >= 0)
		d->d_nodes[*last].dn_next = idx;
	else if (parent >= 0)
		d->d_nodes[parent].dn_first = idx;
	*last = idx;
	if (parent >= 0)
		dn->dn_flags = d->d_nodes[parent].dn_flags &
		    (DN_INLINK | DN_ARTICLE);
	if (detect_is_link(n))
		dn->dn_flags |= DN_LINK | DN_INLINK;
	if (detect_is(n, "article"))
		dn->dn_flags |= DN_ARTICLE;
	if (detect_is_heading(n))
		dn->dn_flags |= DN_HEADING;
	return (idx);
}

/* Elements in document order with their parent, and each one's own text
 * (a subtree's indexes follow its root's, together). */
static void
detect_walk(struct detect *d, xmlNodePtr root)
{
	xmlNodePtr	 n = root;
	int		 stack[DETECT_MAX_DEPTH + 1], last[DETECT_MAX_DEPTH + 1];
	int		 depth = 0, idx, descend;
	size_t		 cap = 1024;
	struct dnode	*dn;
	uint32_t	 c;

	d->d_nodes = xcalloc(cap, sizeof(*d->d_nodes));
	stack[0] = last[0] = -1;
	while (n != NULL) {
		descend = 0;
		if (n->type == XML_ELEMENT_NODE && !detect_hidden(n) &&
		    d->d_n < DETECT_MAX_ELEMENTS && depth < DETECT_MAX_DEPTH) {
			idx = detect_node_add(d, n, &cap, stack[depth],
			    &last[depth]);
			detect_mark_visible(n);
			if ((descend = n->children != NULL)) {
				stack[++depth] = idx;
				last[depth] = -1;
				n = n->children;
				continue;
			}
		} else if ((n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) && n->content != NULL &&
		    depth > 0 && stack[depth] >= 0) {
			dn = &d->d_nodes[stack[depth]];
			c = detect_count((const char *)n->content);
			dn->dn_text += c;
			if (dn->dn_flags & DN_INLINK)
				dn->dn_ltext += c;
		}
		while (n->next == NULL) {
			n = n->parent;
			if (n == NULL || n == (xmlNodePtr)d->d_doc ||
			    n == root->parent) {
				n = NULL;
				break;
			}
			/* Leaving an element we descended into. */
			if (depth > 0 && d->d_nodes[stack[depth]].dn_node == n)
				depth--;
		}
		if (n != NULL)
			n = n->next;
	}
}

/* Text, links and headings summed up the tree (children come after
 * their parent: in reverse order). */
static void
detect_sum(struct detect *d)
{
	struct dnode	*dn, *pn;
	int		 i;

	for (i = (int)d->d_n - 1; i >= 0; i--) {
		dn = &d->d_nodes[i];
		if (dn->dn_flags & DN_LINK) {
			dn->dn_links++;
			if (dn->dn_ltext > dn->dn_maxlink)
				dn->dn_maxlink = dn->dn_ltext;
		}
		if (dn->dn_flags & DN_HEADING)
			dn->dn_heads++;
		if (dn->dn_parent < 0)
			continue;
		pn = &d->d_nodes[dn->dn_parent];
		pn->dn_text += dn->dn_text;
		pn->dn_ltext += dn->dn_ltext;
		pn->dn_links += dn->dn_links;
		pn->dn_heads += dn->dn_heads;
		if (dn->dn_maxlink > pn->dn_maxlink)
			pn->dn_maxlink = dn->dn_maxlink;
	}
}

/* Whether element N is named or placed as furniture. */
static int
detect_furniture(const struct dnode *dn)
{
	xmlNodePtr	 n = dn->dn_node;
	const char	*v;

	if (detect_is(n, "nav") || detect_is(n, "aside") ||
	    detect_is(n, "menu"))
		return (1);
	if ((detect_is(n, "header") || detect_is(n, "footer")) &&
	    !(dn->dn_flags & DN_ARTICLE))
		return (1);
	if ((v = detect_attr(n, "role")) != NULL && strcase_in(v, boiler_roles))
		return (1);
	return (detect_boiler_words(detect_attr(n, "class")) ||
	    detect_boiler_words(detect_attr(n, "id")));
}

/*
 * Furniture, top down.  An element only counts as furniture when it holds
 * less than half the page's text: a wrapper named "content-sidebar-wrap"
 * holds the content too.
 */
static void
detect_mark_boiler(struct detect *d)
{
	struct dnode	*dn;
	size_t		 i, body = 0;

	for (i = 0; i < d->d_n && body == 0; i++)
		if (detect_is(d->d_nodes[i].dn_node, "body"))
			body = i;
	for (i = 0; i < d->d_n; i++) {
		dn = &d->d_nodes[i];
		if (dn->dn_parent >= 0 &&
		    (d->d_nodes[dn->dn_parent].dn_flags & DN_BOILER))
			dn->dn_flags |= DN_BOILER;
		if ((dn->dn_flags & DN_BOILER) || detect_is(dn->dn_node,
		    "html") || detect_is(dn->dn_node, "body"))
			continue;
		if (detect_furniture(dn) &&
		    dn->dn_text * 2 < d->d_nodes[body].dn_text + 1)
			dn->dn_flags |= DN_BOILER;
	}
}

/*
 * The measuring pass: elements in document order with their parent, and
 * (summed bottom-up afterwards) the text and links under each; then what
 * is page furniture.
 */
void
detect_measure(struct detect *d)
{
	xmlNodePtr	 root;

	if ((root = xmlDocGetRootElement(d->d_doc)) == NULL)
		return;
	detect_walk(d, root);
	detect_sum(d);
	detect_mark_boiler(d);
}

/*
 * A cheap test before date_parse: a digit, or a short text ("yesterday",
 * "вчера").  Long prose with a number in it is left to the length cap.
 */
static int
detect_maybe_date(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (isdigit((unsigned char)s[i]))
			return (1);
	return (detect_count(s) <= 16);
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

/* The element sibling before N, or NULL. */
static xmlNodePtr
detect_prev_element(xmlNodePtr n)
{
	for (n = n->prev; n != NULL && n->type != XML_ELEMENT_NODE; n = n->prev)
		;
	return (n);
}

/* A line of a <pre> or of <br>-separated links: its text too. */
static size_t
detect_extent_line(xmlNodePtr m, xmlNodePtr *out, size_t k)
{
	xmlNodePtr	 n;

	for (n = m->next; n != NULL && k < DETECT_EXTENT_MAX &&
	    !detect_is(n, "br") && !(n->type == XML_ELEMENT_NODE &&
	    xmlStrcmp(n->name, m->name) == 0); n = n->next)
		if (n->type == XML_TEXT_NODE || n->type == XML_ELEMENT_NODE)
			out[k++] = n;
	return (k);
}

/*
 * Elements of one item: the member and, for records that span siblings
 * (<dt>, headings, table rows after a marked one), the siblings up to the
 * next member: the next of the same tag, or of the same tag and TOKEN.
 * With LEAD (dates stand before each heading), the sibling just before
 * the next member is that one's, and the one before M is M's.  A <dd>
 * takes its <dt> along (the date of a <dd> item often sits there).
 */
static size_t
detect_extent(xmlNodePtr m, int extent, const char *token, int lead,
    xmlNodePtr *out)
{
	xmlNodePtr	 n, p;
	size_t		 k = 0;
	int		 member = 0;

	out[k++] = m;
	if (detect_is(m, "dd") && (p = detect_prev_element(m)) != NULL &&
	    detect_is(p, "dt"))
		out[k++] = p;
	if (extent == EXTENT_LINE)
		return (detect_extent_line(m, out, k));
	for (n = m->next; extent && n != NULL && k < DETECT_EXTENT_MAX;
	    n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, (const char *)m->name) == 0 &&
		    (extent == EXTENT_TAG || detect_has_token(detect_attr(n,
		    "class"), token))) {
			member = 1;
			break;
		}
		out[k++] = n;
	}
	if (lead && member && k > 1)
		k--;
	if (lead && k < DETECT_EXTENT_MAX && (p = detect_prev_element(m)) !=
	    NULL)
		out[k++] = p;
	return (k);
}

/*
 * Whether S has two of what names something: letters (a character of
 * another script counts, a CJK one, three bytes and up, as a word by
 * itself: two), and with DIGITS digits too ("8.2.1").
 */
static int
detect_two_of(const char *s, int digits)
{
	const unsigned char	*p;
	int			 n = 0;

	for (p = (const unsigned char *)s; *p != '\0' && n < 2; p++)
		if (isalpha(*p) || *p >= 0xc0 || (digits && isdigit(*p)))
			n += *p >= 0xe0 && !digits ? 2 : 1;
	return (n >= 2);
}

/* Text that could name something: two letters at least, not digits only. */
static int
detect_wordy(const char *s)
{
	return (detect_two_of(s, 0));
}

static int
detect_class_title(xmlNodePtr n)
{
	const char	*c = detect_attr(n, "class");
	const char	*p = detect_attr(n, "itemprop");

	if (p != NULL && (detect_has_token(p, "headline") ||
	    detect_has_token(p, "name")))
		return (2);
	return (c != NULL && (strcasestr(c, "title") != NULL ||
	    strcasestr(c, "headline") != NULL ||
	    strcasestr(c, "heading") != NULL || detect_has_token(c, "tit") ||
	    detect_has_token(c, "subject")) &&
	    strcasestr(c, "subtitle") == NULL);
}

/* Block elements a summary may sit in (with a summary-like class: any). */
static int
detect_class_summary(xmlNodePtr n)
{
	const char	*c = detect_attr(n, "class");
	size_t		 i;

	if (detect_is(n, "p") || detect_is(n, "dd") ||
	    detect_is(n, "blockquote") || detect_is(n, "div") ||
	    detect_is(n, "td") || detect_is(n, "section"))
		return (1);
	for (i = 0; c != NULL && summary_words[i] != NULL; i++)
		if (strcasestr(c, summary_words[i]) != NULL)
			return (1);
	return (0);
}

static int	detect_wordy(const char *);

/* The link that goes with TITLE: around it, else the first one inside it
 * with words (a "mark as read" X is not the title's), unless a later one
 * is more than twice as long (the "(domain.com)" after it is not). */
static xmlNodePtr
detect_title_link(xmlNodePtr title, xmlNodePtr stop)
{
	xmlNodePtr	 n, best = NULL;
	int		 budget = DETECT_ITEM_BUDGET;
	uint32_t	 len, blen = 0;
	char		*s;

	for (n = title; n != NULL && n != stop; n = n->parent)
		if (detect_is_link(n))
			return (n);
	for (n = title->children; n != NULL && --budget > 0;
	    n = detect_next(n, title, 1)) {
		if (!detect_is_link(n))
			continue;
		s = detect_text(n, 1024);
		len = detect_count(s) + (detect_wordy(s) ? 2 : 1);
		free(s);
		if (best == NULL || (blen == 1 && len > 1) || len > blen * 2) {
			best = n;
			blen = len;
		}
	}
	return (best);
}

/* Path parts and endings of links that are not an item's permalink. */
/* Path segments (and a query's key before '=') that name a page about
 * someone or something other than the item: a user, a tag, the comments. */
static const char *not_permalink[] = {
	"author", "authors", "user", "users", "profile", "profiles", "tag",
	"tags", "category", "categories", "label", "labels", "comments",
	"share", "login", "signup", "register", "members", "member", "from",
	"u", "t", "domain", "search", NULL
};
/* Query keys that say the same ("?author=x"; not "t=", a topic's id). */
static const char *not_permalink_keys[] = {
	"author", "tag", "tags", "userid", "user_id", "profile", NULL
};
/* Fragments that point into the item's page, not at it. */
static const char *not_permalink_frags[] = {
	"comments", "comment", "respond", "reply", NULL
};
static const char *download_ends[] = {
	".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".exe", ".msi",
	".dmg", ".deb", ".rpm", ".whl", ".jar", ".apk", ".iso", ".sig",
	".asc", ".sha256", ".lzma", ".zst", ".tar", ".lz", ".z", ".cab",
	".pkg", ".msix", ".appimage", NULL
};

/* 1 when one of the LEN bytes at S, a URL's segment, is in LIST. */
static int
detect_segment_in(const char *s, size_t len, const char **list)
{
	char	 w[24];

	if (len == 0 || len >= sizeof(w))
		return (0);
	memcpy(w, s, len);
	w[len] = '\0';
	return (strcase_in(w, list));
}

/*
 * 1 when HREF's path or query keys name a user, tag or comment page
 * ("/author/x", "/u/x", "user?id="), or its fragment the comments: path
 * segments that more path follows, and the keys of the query, not its
 * values.
 */
static int
detect_not_item_page(const char *href)
{
	const char	*p = href, *seg;
	size_t		 len;
	int		 query = 0;

	if (strncasecmp(href, "mailto:", 7) == 0)
		return (1);
	if ((seg = strstr(href, "://")) != NULL)
		p = seg + 3 + strcspn(seg + 3, "/?#");
	while (*p != '\0' && *p != '#') {
		query |= *p == '?';
		seg = p + 1;
		len = strcspn(seg, query ? "=&#" : "/?#");
		if (!query && (seg[len] == '/' || seg[len] == '?') &&
		    detect_segment_in(seg, len, not_permalink))
			return (1);
		if (query && seg[len] == '=' &&
		    detect_segment_in(seg, len, not_permalink_keys))
			return (1);
		p = seg + len;
		/* A query's value: skipped to the next key. */
		if (query && *p == '=')
			p += strcspn(p, "&#");
	}
	return (*p == '#' && detect_segment_in(p + 1, strlen(p + 1),
	    not_permalink_frags));
}

/* 1 when the link N points at an item's own page (not a file, a user,
 * a tag or the comments). */
static int
detect_permalink(xmlNodePtr n)
{
	const char	*href = detect_attr(n, "href");
	size_t		 i, len, e;

	if (!detect_is_link(n) || detect_not_item_page(href))
		return (0);
	len = strcspn(href, "?#");
	for (i = 0; download_ends[i] != NULL; i++) {
		e = strlen(download_ends[i]);
		if (len > e && strncasecmp(href + len - e, download_ends[i],
		    e) == 0)
			return (0);
	}
	return (xmlHasProp(n, (const xmlChar *)"download") == NULL);
}

/* Link texts that say where a link goes, not what the item is. */
static const char *generic_texts[] = {
	"more", "more...", "more…", "read more", "read more...", "read more »",
	"continue", "continue reading", "details", "view", "view details",
	"link", "here", "click here", "open", "full story", "mehr",
	"weiterlesen", "weiter", "mehr lesen", "lire la suite", "suite",
	"en savoir plus", "lire plus", "leer más", "seguir leyendo",
	"ver más", "leia mais", "подробнее", "читать далее", "详细", "更多",
	"詳細", "続きを読む", "더보기", "»", "›", ">>", "..", "../",
	"parent directory", "older posts", "newer posts", "older entries",
	"newer entries", "next page", "previous page", "next", "previous",
	"ältere beiträge", "neuere beiträge", "nächste seite",
	"articles plus anciens", "articles plus récents", "page suivante",
	"entradas anteriores", "entradas más recientes", "página siguiente",
	"starsze posty", "nowsze posty", "następna strona",
	"следующая страница", "предыдущая страница", "下一页", "上一页",
	"次へ", "前へ", "다음", "이전", NULL
};

/* Arrows and dots a "read more" link ends with. */
static const char *generic_ends[] = {
	" ", ".", ">", "»", "›", "→", "…", NULL
};

static int
detect_generic(const char *text)
{
	char	*s = text_clean(text, 64);
	size_t	 len = strlen(s), i, e;
	int	 generic;

	for (i = 0; generic_ends[i] != NULL && len > 0; i++) {
		e = strlen(generic_ends[i]);
		if (len >= e && memcmp(s + len - e, generic_ends[i], e) == 0) {
			len -= e;
			i = (size_t)-1;		/* again, from the first */
		}
	}
	s[len] = '\0';
	generic = len == 0 || strcase_in(s, generic_texts);
	free(s);
	return (generic);
}

/* Candidates for the title seen in one walk over an item's elements. */
struct dtitles {
	xmlNodePtr	 prop;		/* itemprop=headline|name */
	xmlNodePtr	 heading;	/* the first heading */
	xmlNodePtr	 hlink;		/* the first heading with a link */
	xmlNodePtr	 classed;	/* the first title-like class */
	xmlNodePtr	 longest;	/* the permalink with the longest text */
	uint32_t	 lmax;
	uint32_t	 before;	/* link text seen before the heading */
	int		 links;		/* usable links, permalinks or not */
};

static void
detect_title_seen(struct dtitles *t, xmlNodePtr n, xmlNodePtr stop)
{
	char		*s;
	uint32_t	 len;
	int		 kind;

	t->links += detect_is_link(n);
	if (detect_is_heading(n)) {
		if (t->heading == NULL) {
			t->heading = n;
			t->before = t->lmax;
		}
		if (t->hlink == NULL && detect_title_link(n, stop) != NULL)
			t->hlink = n;
	} else if ((kind = detect_class_title(n)) != 0 &&
	    (t->classed == NULL || (kind == 2 && t->prop == NULL))) {
		s = detect_text(n, 256);
		if (detect_wordy(s) && !detect_generic(s)) {
			if (kind == 2)
				t->prop = n;
			else
				t->classed = n;
		}
		free(s);
	}
	if (detect_permalink(n)) {
		s = detect_text(n, 1024);
		len = detect_count(s);
		if (len == 0 && detect_attr(n, "title") != NULL)
			len = 1;
		if (detect_generic(s) && len > 0)
			len = 1;
		free(s);
		if (t->longest == NULL || len > t->lmax) {
			t->longest = n;
			t->lmax = len;
		}
	}
}

/*
 * The title element: itemprop headline, a heading with a link, a title
 * class, a heading no longer link text came before (a release's name
 * above its notes' "Bug fixes"), else the longest link.
 */
static xmlNodePtr
detect_title_node(struct dtitles *t)
{
	if (t->prop != NULL)
		return (t->prop);
	if (t->hlink != NULL)
		return (t->hlink);
	if (t->classed != NULL)
		return (t->classed);
	if (t->heading != NULL && t->before < 8)
		return (t->heading);
	if (t->longest != NULL && t->lmax <= 1 && t->heading == NULL)
		return (NULL);	/* "more...": the row's own words name it */
	return (t->longest != NULL ? t->longest : t->heading);
}

/* Letters in TITLE's text outside LINK, other links and elements with a
 * class of their own (a "(domain.com)" or a series name beside the title
 * link has none left). */
static size_t
detect_plain_letters(xmlNodePtr title, xmlNodePtr link)
{
	xmlNodePtr		 n;
	const unsigned char	*p;
	size_t			 letters = 0;
	int			 budget = DETECT_ITEM_BUDGET;

	for (n = title->children; n != NULL && --budget > 0 && letters < 2;
	    n = detect_next(n, title, n != link && !detect_is(n, "a") &&
	    detect_attr(n, "class") == NULL)) {
		if (n->type != XML_TEXT_NODE || n->content == NULL)
			continue;
		for (p = n->content; *p != '\0'; p++)
			if (isalpha(*p) || *p >= 0xc0)
				letters++;
	}
	return (letters);
}

/*
 * The text that names the item inside TITLE: the link in it when that
 * holds most of it ("Title (domain.com)", "Title: ..."), else the longest
 * block inside a title that is a whole card.
 */
static xmlNodePtr
detect_title_text_node(xmlNodePtr title, xmlNodePtr link)
{
	xmlNodePtr	 c, best = NULL;
	char		*s;
	uint32_t	 all, len, blen = 0;
	int		 blocks = 0;

	s = detect_text(title, 4096);
	all = detect_count(s);
	free(s);
	if (link != NULL && link != title && detect_contains(title, link)) {
		s = detect_text(link, 4096);
		len = detect_count(s);
		free(s);
		if (len > 0 && (len * 2 >= all ||
		    detect_plain_letters(title, link) < 2))
			return (link);
	}
	for (c = title->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || detect_hidden(c) ||
		    html_inline((const char *)c->name))
			continue;
		s = detect_text(c, 4096);
		len = detect_count(s);
		if (len > 0)
			blocks++;
		if (len > blen && detect_wordy(s)) {
			best = c;
			blen = len;
		}
		free(s);
	}
	return (blocks >= 2 && best != NULL ? best : title);
}

/* Two letters or digits at least: a name such as "8.2.1" or "70화". */
static int
detect_named(const char *s)
{
	return (detect_two_of(s, 1));
}

/* 1 when N's own text (outside its block children) names something. */
static int
detect_own_words(xmlNodePtr n)
{
	xmlNodePtr	 c;
	char		*s;
	int		 named = 0;

	for (c = n->children; c != NULL && !named; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content != NULL)
			named = detect_named((const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE && !detect_hidden(c) &&
		    html_inline((const char *)c->name)) {
			s = detect_text(c, 256);
			named = detect_named(s);
			free(s);
		}
	}
	return (named);
}

/* An item whose links say nothing ("more...") or that has none: named by
 * its first block with words of its own (a row's first cell). */
static xmlNodePtr
detect_first_words(xmlNodePtr m)
{
	xmlNodePtr	 n;
	int		 budget = DETECT_ITEM_BUDGET;

	for (n = m; n != NULL && --budget > 0; n = detect_next(n, m, 1))
		if (n->type == XML_ELEMENT_NODE && !detect_hidden(n) &&
		    (n == m || !html_inline((const char *)n->name)) &&
		    detect_own_words(n))
			return (n);
	return (NULL);
}

/* Title and link of the item made of EXT[0..NEXT); -1 without either. */
static int
detect_pick_title(struct detect *d, xmlNodePtr *ext, size_t next,
    struct dfields *f)
{
	struct dtitles	 t;
	xmlNodePtr	 n, title, link, stop = ext[0]->parent;
	size_t		 e;
	int		 budget;

	(void)d;
	memset(&t, 0, sizeof(t));
	for (e = 0; e < next && t.hlink == NULL; e++) {
		budget = DETECT_ITEM_BUDGET;
		for (n = ext[e]; n != NULL && --budget > 0;
		    n = detect_next(n, ext[e], 1))
			if (n->type == XML_ELEMENT_NODE) {
				detect_title_seen(&t, n, stop);
				if (t.hlink != NULL)
					break;
			}
	}
	/* Links that are all downloads, users or tags: a row of its own,
	 * unless its list has permalinks (detect_drop_demoted). */
	if (t.longest == NULL) {
		f->f_linkless = 1;
		f->f_pick.p_demoted = t.links > 0;
	}
	if ((title = detect_title_node(&t)) == NULL)
		title = detect_first_words(ext[0]);
	if (title == NULL)
		return (-1);
	link = detect_title_link(title, stop);
	if (link == NULL || !detect_permalink(link))
		link = t.longest;
	if (link != NULL) {
		f->f_href = detect_attr_dup(link, "href");
		f->f_pick.p_node[RULE_LINK] = link;
		f->f_pick.p_attr[RULE_LINK] = "href";
	}
	title = detect_title_text_node(title, link);
	f->f_title = detect_text_opt(title, DETECT_TEXT_MAX, 1);
	f->f_pick.p_node[RULE_TITLE] = title;
	/* "Older posts" is the pager beside the list, not one of it. */
	if (detect_count(f->f_title) > 0 && detect_generic(f->f_title))
		return (-1);
	if (detect_count(f->f_title) > 0)
		return (0);
	free(f->f_title);
	f->f_pick.p_node[RULE_TITLE] = NULL;
	if ((f->f_title = detect_attr_dup(title, "title")) != NULL) {
		f->f_pick.p_node[RULE_TITLE] = title;
		f->f_pick.p_attr[RULE_TITLE] = "title";
		return (0);
	}
	for (n = title; n != NULL; n = detect_next(n, title, 1))
		if (detect_is(n, "img") &&
		    (f->f_title = detect_attr_dup(n, "alt")) != NULL) {
			f->f_pick.p_node[RULE_TITLE] = n;
			f->f_pick.p_attr[RULE_TITLE] = "alt";
			return (0);
		}
	return (f->f_href != NULL ? 0 : -1);
}

/* Attributes that hold a machine's date. */
static const char *date_attrs[] = {
	"datetime", "content", "data-date", "data-time", "data-timestamp",
	"data-published", "data-datetime", "title", NULL
};
/* Words in class or itemprop that mark a date-bearing element. */
static const char *date_classes[] = {
	"date", "time", "published", "posted", "pubdate", "updated", "age",
	"meta-date", "timestamp", "created", NULL
};

/* A word of S (split at anything not a letter) is, starts or ends with
 * one of date_classes ("post-date", "datePublished", "timestamp"). */
static int
detect_date_words(const char *s)
{
	size_t	 len, i, w;

	while (s != NULL && *s != '\0') {
		while (*s != '\0' && !isalpha((unsigned char)*s))
			s++;
		for (len = 0; isalpha((unsigned char)s[len]); len++)
			;
		for (i = 0; len > 0 && date_classes[i] != NULL; i++) {
			w = strlen(date_classes[i]);
			if (len == w && strncasecmp(s, date_classes[i], w) == 0)
				return (1);
			if (len > w && w >= 4 && (strncasecmp(s,
			    date_classes[i], w) == 0 || strncasecmp(s + len - w,
			    date_classes[i], w) == 0))
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
	size_t		 i;

	for (i = 0; date_attrs[i] != NULL; i++) {
		v = detect_attr(n, date_attrs[i]);
		if (v == NULL || strlen(v) < 6 || strlen(v) > 64 ||
		    !isdigit((unsigned char)v[0]))
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

/* A text node's date unless it sits in running prose (a summary's
 * "on July 9" is not the item's date). */
static int
detect_date_in_text(const struct detect *d, xmlNodePtr n, xmlNodePtr stop,
    char **out, int *tries)
{
	xmlNodePtr	 a;
	char		*s;
	uint32_t	 len;
	time_t		 t;

	len = detect_count((const char *)n->content);
	if (len < 2 || len > 80 || !detect_maybe_date((const char *)n->content))
		return (-1);
	++*tries;
	for (a = n->parent; a != NULL && a != stop &&
	    html_inline((const char *)a->name); a = a->parent)
		;
	if (a != NULL && a != stop) {
		s = detect_text(a, 512);
		len = detect_count(s);
		/* Long prose, unless the date leads it ("4 June 2019, ..."). */
		if (len > 120 && !detect_leads(s, (const char *)n->content)) {
			free(s);
			return (-1);
		}
		free(s);
	}
	s = text_clean(detect_date_start((const char *)n->content), 256);
	if (detect_parse_date(d, s, &t) == 0) {
		*out = s;
		return (0);
	}
	free(s);
	return (-1);
}

/* No date beside the title: one in a short title ("Board Meeting
 * Minutes - Nov. 27, 2018") is the item's. */
static void
detect_date_in_title(struct detect *d, xmlNodePtr title, struct dfields *f)
{
	char	*s = detect_clean_text(title, 256);
	time_t	 t;

	if (s != NULL && detect_count(s) <= 120 && detect_maybe_date(s) &&
	    detect_parse_date(d, s, &t) == 0) {
		f->f_date_text = s;
		f->f_pick.p_node[RULE_DATE] = title;
		return;
	}
	free(s);
}

/*
 * The item's date: a machine's date in a date-bearing element's
 * attribute, else the text of a date-bearing element, else a short text
 * of the item's own; never from inside TITLE.
 */
static void
detect_pick_date(struct detect *d, xmlNodePtr *ext, size_t next,
    xmlNodePtr title, struct dfields *f)
{
	xmlNodePtr	 n, textnode = NULL, classnode = NULL;
	const char	*attr;
	char		*s, *text = NULL, *classtext = NULL;
	size_t		 e;
	int		 budget, tries = 0;

	for (e = 0; e < next; e++) {
		budget = DETECT_ITEM_BUDGET;
		for (n = ext[e]; n != NULL && --budget > 0 &&
		    tries < DETECT_DATE_TRIES * 2;
		    n = detect_next(n, ext[e], 1)) {
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

/* The summary: the longest text block that is neither title nor date. */
static void
detect_pick_summary(xmlNodePtr *ext, size_t next, xmlNodePtr title,
    struct dfields *f)
{
	xmlNodePtr	 n, best = NULL, datenode = f->f_pick.p_node[RULE_DATE];
	size_t		 e, len, bestlen = 0;
	int		 budget, tries = 0;
	char		*s;

	for (e = 0; e < next && tries < DETECT_SUMMARY_TRIES; e++) {
		budget = DETECT_ITEM_BUDGET;
		for (n = ext[e]; n != NULL && --budget > 0 &&
		    tries < DETECT_SUMMARY_TRIES;
		    n = detect_next(n, ext[e], n != title)) {
			if (n->type != XML_ELEMENT_NODE || n == title ||
			    detect_contains(n, title) || n == datenode ||
			    !detect_class_summary(n))
				continue;
			tries++;
			s = detect_text(n, DETECT_MEASURE_MAX);
			len = detect_count(s);
			free(s);
			if (len >= 40 && len > bestlen) {
				best = n;
				bestlen = len;
			}
		}
	}
	if (best != NULL)
		f->f_summary = detect_text(best, DETECT_TEXT_MAX);
	f->f_pick.p_node[RULE_SUMMARY] = best;
}

/*
 * Picks title, link, date and summary of the item at member M of run R
 * (NULL: M alone).  Returns 0, or -1 when it has nothing to name it by.
 */
static int
detect_pick(struct detect *d, xmlNodePtr m, const struct drun *r,
    struct dfields *f)
{
	xmlNodePtr	 ext[DETECT_EXTENT_MAX];
	size_t		 next;

	memset(f, 0, sizeof(*f));
	next = detect_extent(m, r != NULL ? r->r_extent : 0, r != NULL ?
	    r->r_token : "", r != NULL && r->r_lead, ext);
	f->f_pick.p_root = m;
	f->f_linkless = r != NULL && r->r_linkless;
	if (detect_pick_title(d, ext, next, f) == -1)
		return (-1);
	detect_pick_date(d, ext, next, f->f_pick.p_node[RULE_TITLE], f);
	detect_pick_summary(ext, next, f->f_pick.p_node[RULE_TITLE], f);
	if (f->f_date_attr != NULL && f->f_pick.p_attr[RULE_DATE] == NULL)
		f->f_pick.p_attr[RULE_DATE] = "datetime";
	return (0);
}

/* Class tokens that stripe a list or mark one member (even/odd rows, the
 * active one): never the list's own token. */
static const char *zebra_tokens[] = {
	"even", "odd", "alt", "alternate", "altrow", "stripe", "striped",
	"zebra", "first", "last", "active", "selected", "current", "new",
	"row-even", "row-odd", "row1", "row2", NULL
};

static int
detect_zebra(const char *c, size_t len)
{
	char	 w[16];

	if (len >= sizeof(w))
		return (0);
	memcpy(w, c, len);
	w[len] = '\0';
	return (strcase_in(w, zebra_tokens));
}

/*
 * Whether the members carrying TOKEN start records of 2 to 4 siblings
 * (a story's title row, its subtext row, a spacer): carriers at one
 * steady distance, and holding the longer links.
 */
static int
detect_periodic(const struct detect *d, const int *mem, size_t n,
    const char *token)
{
	size_t		 i, last = 0, carriers = 0, steady = 0, gap = 0;
	double		 in = 0, out = 0;
	const struct dnode *dn;

	if (token[0] == '\0' || n < 6)
		return (0);
	for (i = 0; i < n && i < DETECT_TOKEN_SAMPLE; i++) {
		dn = &d->d_nodes[mem[i]];
		if (!detect_has_token(detect_attr(dn->dn_node, "class"), token)) {
			out += dn->dn_maxlink;
			continue;
		}
		in += dn->dn_maxlink;
		if (carriers > 0) {
			if (gap == 0)
				gap = i - last;
			steady += i - last == gap;
		}
		last = i;
		carriers++;
	}
	if (carriers < 3 || gap < 2 || gap > 4 || steady * 10 < (carriers - 1)
	    * 8)
		return (0);
	return (in / (double)carriers > out / (double)(i - carriers));
}

/* The shared class token of a sibling group's members, chosen by count;
 * EXTENT_TOKEN when it marks records of several siblings, else 0. */
static int
detect_choose_token(const struct detect *d, const int *mem, size_t n,
    char *token, size_t size)
{
	char		 cand[DETECT_TOKENS][64];
	size_t		 ncand = 0, i, j, k, len, count, bestc = 0;
	const char	*c;

	token[0] = '\0';
	/* Candidates: the tokens of the first two members with a class. */
	for (i = 0, k = 0; i < n && k < 2 && ncand < DETECT_TOKENS; i++) {
		if ((c = detect_attr(d->d_nodes[mem[i]].dn_node, "class")) ==
		    NULL || *c == '\0')
			continue;
		k++;
		while (*c != '\0' && ncand < DETECT_TOKENS) {
			while (isspace((unsigned char)*c))
				c++;
			len = strcspn(c, " \t\r\n\f");
			if (len > 0 && len < sizeof(cand[0]) &&
			    strcspn(c, "'\"") >= len && !detect_zebra(c, len)) {
				memcpy(cand[ncand], c, len);
				cand[ncand][len] = '\0';
				for (j = 0; j < ncand; j++)
					if (strcmp(cand[j], cand[ncand]) == 0)
						break;
				if (j == ncand)
					ncand++;
			}
			c += len;
		}
	}
	for (j = 0; j < ncand; j++) {
		for (i = count = 0; i < n && i < DETECT_TOKEN_SAMPLE; i++)
			if (detect_has_token(detect_attr(
			    d->d_nodes[mem[i]].dn_node, "class"), cand[j]))
				count++;
		if (count > bestc) {
			bestc = count;
			strlcpy_pf(token, cand[j], size);
		}
	}
	/* A token only some of them carry marks a variant, not the group,
	 * unless it marks the first row of records of a few rows each. */
	if (bestc * 2 < (n < DETECT_TOKEN_SAMPLE ? n : DETECT_TOKEN_SAMPLE)) {
		if (detect_periodic(d, mem, n, token))
			return (EXTENT_TOKEN);
		token[0] = '\0';
	}
	return (0);
}

struct dkid {
	const char	*k_tag;
	int		 k_idx;
};

static int
detect_cmp_kid(const void *a, const void *b)
{
	const struct dkid	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->k_tag, y->k_tag)) != 0)
		return (c);
	return ((x->k_idx > y->k_idx) - (x->k_idx < y->k_idx));
}

/* Stats of one member (with its extent) added to run R. */
static void
detect_member_stats(const struct detect *d, int idx, struct drun *r)
{
	const struct dnode	*dn = &d->d_nodes[idx], *sib;
	int			 k, i;

	r->r_text += dn->dn_text;
	r->r_ltext += dn->dn_ltext;
	r->r_links += dn->dn_links;
	r->r_heads += dn->dn_heads > 0 || (dn->dn_flags & DN_HEADING);
	r->r_maxlink += dn->dn_maxlink;
	if (r->r_extent != EXTENT_TAG && r->r_extent != EXTENT_TOKEN)
		return;
	for (i = dn->dn_next, k = 0; i >= 0 && k < DETECT_EXTENT_MAX;
	    i = d->d_nodes[i].dn_next, k++) {
		sib = &d->d_nodes[i];
		if (strcmp((const char *)sib->dn_node->name, r->r_tag) == 0 &&
		    (r->r_extent == EXTENT_TAG || detect_has_token(
		    detect_attr(sib->dn_node, "class"), r->r_token)))
			break;
		r->r_text += sib->dn_text;
		r->r_ltext += sib->dn_ltext;
		r->r_links += sib->dn_links;
	}
}

static int
detect_header_row(const struct detect *d, const struct dnode *m)
{
	int	 c, th = 0;

	for (c = m->dn_first; c >= 0; c = d->d_nodes[c].dn_next) {
		if (detect_is(d->d_nodes[c].dn_node, "td"))
			return (0);
		th |= detect_is(d->d_nodes[c].dn_node, "th");
	}
	return (th);
}

/* Whether member M (a dnode) may be an item of run R: 1 with a link,
 * 2 without one (kept only in a list that is mostly links), else 0. */
static int
detect_member_kind(const struct detect *d, const struct drun *r,
    const struct dnode *m)
{
	if (m->dn_flags & DN_BOILER || m->dn_text < 2)
		return (0);
	if (r->r_token[0] != '\0' && !detect_has_token(detect_attr(m->dn_node,
	    "class"), r->r_token))
		return (0);
	if (m->dn_links > 0 || ((r->r_extent == EXTENT_TAG || r->r_extent ==
	    EXTENT_TOKEN) && m->dn_next >= 0 &&
	    d->d_nodes[m->dn_next].dn_links > 0))
		return (1);
	/* A table's header row (cells all <th>) is no item. */
	if (detect_is(m->dn_node, "tr") && detect_header_row(d, m))
		return (0);
	return (2);
}

/* Fills run R from the N siblings at MEM (one tag, in document order). */
static void
detect_run_fill(struct detect *d, struct drun *r, const int *mem, size_t n,
    size_t *memcap)
{
	size_t	 k, linked = 0, linkless = 0;
	int	 kind;

	for (k = 0; k < n; k++) {
		kind = detect_member_kind(d, r, &d->d_nodes[mem[k]]);
		linked += kind == 1;
		linkless += kind == 2;
	}
	/* Rows without links belong to a strong list of linked ones; a list
	 * with no links at all must be marked alike (a class, or rows). */
	r->r_linkless = linked >= 4 && linkless > 0 && linked * 2 >= linkless
	    * 3 && linked + linkless >= n * 3 / 4;
	if (linked == 0 && linkless >= DETECT_MIN_LINKLESS &&
	    linkless >= n * 3 / 4 && (r->r_token[0] != '\0' ||
	    strcmp(r->r_tag, "tr") == 0 || strcmp(r->r_tag, "dt") == 0))
		r->r_linkless = r->r_nolinks = 1;
	for (k = 0; k < n; k++) {
		kind = detect_member_kind(d, r, &d->d_nodes[mem[k]]);
		if (kind == 0 || (kind == 2 && !r->r_linkless))
			continue;
		if (d->d_nmembers == *memcap) {
			*memcap = *memcap ? *memcap * 2 : 256;
			d->d_members = xreallocarray(d->d_members, *memcap,
			    sizeof(*d->d_members));
		}
		d->d_members[d->d_nmembers++] = mem[k];
		r->r_n++;
		detect_member_stats(d, mem[k], r);
	}
}

/* Sorts the children of P into KIDS (by tag, then document order);
 * returns how many. */
static size_t
detect_kids(const struct detect *d, int p, struct dkid **kids, size_t *kcap)
{
	size_t	 nkids = 0;
	int	 c;

	for (c = d->d_nodes[p].dn_first; c >= 0; c = d->d_nodes[c].dn_next) {
		if (nkids == *kcap) {
			*kcap = *kcap ? *kcap * 2 : 64;
			*kids = xreallocarray(*kids, *kcap, sizeof(**kids));
		}
		(*kids)[nkids].k_tag = (const char *)d->d_nodes[c].dn_node->name;
		(*kids)[nkids++].k_idx = c;
	}
	if (nkids > 1)
		qsort(*kids, nkids, sizeof(**kids), detect_cmp_kid);
	return (nkids);
}

/* Whether the sibling before heading M is a short date of its own ("May
 * 5, 2019" above each title), so dates lead their items. */
static int
detect_date_leads(const struct detect *d, xmlNodePtr m)
{
	xmlNodePtr	 p = detect_prev_element(m);
	char		*s;
	time_t		 t;
	int		 lead = 0;

	if (p == NULL || detect_is(p, "br"))
		return (0);
	s = detect_clean_text(p, 128);
	if (s != NULL && detect_count(s) <= 40)
		lead = detect_parse_date(d, s, &t) == 0;
	free(s);
	return (lead);
}

/* How far the items of run R, first member FIRST, reach. */
static int
detect_extent_kind(const struct detect *d, const struct drun *r, int first,
    int periodic)
{
	if (periodic)
		return (periodic);
	if (strcmp(r->r_tag, "dt") == 0 ||
	    detect_is_heading(d->d_nodes[first].dn_node))
		return (EXTENT_TAG);
	if (html_inline(r->r_tag))
		return (EXTENT_LINE);
	return (0);
}

/* Sibling groups: per parent, children by tag, then by a class token. */
static void
detect_runs(struct detect *d)
{
	struct dkid	*kids = NULL;
	int		*mem = NULL;
	size_t		 nkids, kcap = 0, i, j, runcap = 0, memcap = 0;
	int		 p, periodic;
	struct drun	*r;

	for (p = 0; p < (int)d->d_n; p++) {
		if (d->d_nodes[p].dn_flags & DN_BOILER ||
		    (d->d_nodes[p].dn_links < DETECT_MIN_ITEMS - 1 &&
		    d->d_nodes[p].dn_text < DETECT_MIN_LINKLESS * 8) ||
		    (nkids = detect_kids(d, p, &kids, &kcap)) < 2)
			continue;
		mem = xreallocarray(mem, nkids, sizeof(*mem));
		for (i = 0; i < nkids; i++)
			mem[i] = kids[i].k_idx;
		for (i = 0; i < nkids; i = j) {
			for (j = i + 1; j < nkids &&
			    strcmp(kids[i].k_tag, kids[j].k_tag) == 0; j++)
				;
			if (j - i < 2)
				continue;
			if (d->d_nruns == runcap) {
				runcap = runcap ? runcap * 2 : 64;
				d->d_runs = xreallocarray(d->d_runs, runcap,
				    sizeof(*d->d_runs));
			}
			r = &d->d_runs[d->d_nruns];
			memset(r, 0, sizeof(*r));
			r->r_parent = p;
			r->r_gparent = d->d_nodes[p].dn_parent;
			r->r_tag = kids[i].k_tag;
			periodic = detect_choose_token(d, mem + i, j - i,
			    r->r_token, sizeof(r->r_token));
			r->r_extent = detect_extent_kind(d, r, mem[i], periodic);
			r->r_lead = r->r_extent == EXTENT_TAG &&
			    detect_date_leads(d, d->d_nodes[mem[i]].dn_node);
			r->r_first = d->d_nmembers;
			detect_run_fill(d, r, mem + i, j - i, &memcap);
			if (r->r_n < 2) {
				d->d_nmembers = r->r_first;
				continue;
			}
			/* "stories col-A" and "stories col-B" are one list. */
			detect_first_token(d->d_nodes[p].dn_node, r->r_psig,
			    sizeof(r->r_psig));
			d->d_nruns++;
		}
	}
	free(kids);
	free(mem);
}

static int
detect_cmp_run(const void *a, const void *b)
{
	const struct drun	*x = a, *y = b;
	int			 c;

	if (x->r_gparent != y->r_gparent)
		return ((x->r_gparent > y->r_gparent) -
		    (x->r_gparent < y->r_gparent));
	if ((c = strcmp(x->r_psig, y->r_psig)) != 0)
		return (c);
	if ((c = strcmp(x->r_tag, y->r_tag)) != 0)
		return (c);
	if ((c = strcmp(x->r_token, y->r_token)) != 0)
		return (c);
	return ((x->r_parent > y->r_parent) - (x->r_parent < y->r_parent));
}

static int
detect_same_group(const struct detect *d, const struct drun *x,
    const struct drun *y)
{
	return (x->r_gparent == y->r_gparent && x->r_gparent >= 0 &&
	    strcmp(x->r_psig, y->r_psig) == 0 &&
	    strcmp(x->r_tag, y->r_tag) == 0 &&
	    strcmp(x->r_token, y->r_token) == 0 &&
	    strcmp((const char *)d->d_nodes[x->r_parent].dn_node->name,
	    (const char *)d->d_nodes[y->r_parent].dn_node->name) == 0);
}

/* log2(x) for x >= 1, piecewise linear: monotone is all a score needs. */
static double
detect_log2(double x)
{
	double	 r = 0;

	while (x >= 2 && r < 64) {
		x /= 2;
		r++;
	}
	return (r + (x - 1));
}

/*
 * A group's score: count x log2(mean text), cut down for short link texts
 * (menus, pagers, tag clouds), for link density above one half (link
 * farms), for many links per item (directories) and near the page's end;
 * raised by the share of members with a heading.
 */
static double
detect_score(const struct detect *d, const struct dgroup *g)
{
	double		 text = 0, ltext = 0, links = 0, maxlink = 0, heads = 0;
	double		 n = (double)g->g_n, tbar, dens, mlen, s;
	size_t		 i;
	const struct drun *r;

	for (i = 0; i < g->g_nruns; i++) {
		r = &d->d_runs[g->g_run + i];
		text += r->r_text;
		ltext += r->r_ltext;
		links += r->r_links;
		maxlink += r->r_maxlink;
		heads += r->r_heads;
	}
	tbar = text / n;
	dens = text > 0 ? ltext / text : 1;
	mlen = maxlink / n;
	s = n * detect_log2(2 + tbar);
	/* Menus, pagination, tag clouds: short link texts that are most of
	 * the text (a table row's "more..." beside its own text is not). */
	if (mlen < 20 && dens > 0.4)
		s *= (mlen / 20) * (mlen / 20);
	if (tbar < 15)
		s *= tbar / 15;
	/* Nothing but links (a link farm) counts for less. */
	if (dens > 0.5)
		s *= 1 - 0.6 * (dens - 0.5);
	/* Many links per item is a directory, not a list of posts. */
	if (links / n > 6)
		s *= 6 / (links / n);
	s *= 1 + heads / n;
	/* A list without links is taken when nothing better is there. */
	if (d->d_runs[g->g_run].r_nolinks)
		s *= 0.3;
	/* A table's cells are the fields of its rows, unless marked alike. */
	r = &d->d_runs[g->g_run];
	if ((strcmp(r->r_tag, "td") == 0 || strcmp(r->r_tag, "th") == 0) &&
	    r->r_token[0] == '\0')
		s *= 0.25;
	/* The end of the page holds footers and "more from us". */
	if ((size_t)d->d_members[d->d_runs[g->g_run].r_first] > d->d_n * 9 / 10)
		s *= 0.7;
	return (s);
}

static int
detect_cmp_score(const void *a, const void *b)
{
	const struct dgroup	*x = a, *y = b;

	return ((x->g_score < y->g_score) - (x->g_score > y->g_score));
}

/* Appends an XPath step for N: tag and its id or (one) class token. */
static void
detect_step(struct buf *b, xmlNodePtr n, const char *token, int use_id)
{
	const char	*id = detect_attr(n, "id");
	const char	*cls = detect_attr(n, "class");

	buf_addstr(b, (const char *)n->name);
	if (use_id && id != NULL && *id != '\0' && strchr(id, '\'') == NULL &&
	    strlen(id) < 64) {
		buf_printf(b, "[@id='%s']", id);
		return;
	}
	if (token == NULL || *token == '\0')
		return;
	if (cls != NULL && strcmp(cls, token) == 0)
		buf_printf(b, "[@class='%s']", token);
	else
		buf_printf(b, "[contains(concat(' ', normalize-space(@class), "
		    "' '), ' %s ')]", token);
}

/* The first token of N's class, one without digits if any, into TOKEN. */
void
detect_first_token(xmlNodePtr n, char *token, size_t size)
{
	const char	*c;
	size_t		 len;
	int		 pass;

	token[0] = '\0';
	for (pass = 0; pass < 2; pass++) {
		c = detect_attr(n, "class");
		while (c != NULL && *c != '\0') {
			while (isspace((unsigned char)*c))
				c++;
			len = strcspn(c, " \t\r\n\f");
			if (len > 0 && len < size && strcspn(c, pass == 0 ?
			    "0123456789'\"" : "'\"") >= len) {
				memcpy(token, c, len);
				token[len] = '\0';
				return;
			}
			c += len;
		}
	}
}

/*
 * An XPath a person could paste, anchored at an id or class at least
 * LEVELS elements above the parent (the parent keeps its class too).
 */
static char *
detect_xpath(const struct detect *d, const struct dgroup *g, int levels)
{
	const struct drun	*r = &d->d_runs[g->g_run];
	xmlNodePtr		 chain[8], n;
	struct buf		 b;
	char			 tok[64];
	const char		*id;
	int			 k = 0, i, anchored = 0;

	for (n = d->d_nodes[r->r_parent].dn_node; n != NULL &&
	    n->type == XML_ELEMENT_NODE && k < 8; n = n->parent) {
		chain[k++] = n;
		if (k - 1 < levels && !detect_is(n, "body"))
			continue;
		/* Cousin groups have several parents: no parent id then. */
		id = detect_attr(n, "id");
		if ((g->g_nruns == 1 || k > 1) && id != NULL && *id != '\0' &&
		    strchr(id, '\'') == NULL) {
			anchored = 2;
			break;
		}
		detect_first_token(n, tok, sizeof(tok));
		if (tok[0] != '\0') {
			anchored = 1;
			break;
		}
		if (detect_is(n, "body"))
			break;
	}
	buf_init(&b, 4096);
	buf_addstr(&b, "//");
	for (i = k - 1; i >= 0; i--) {
		if (i == k - 1 && anchored)
			detect_first_token(chain[i], tok, sizeof(tok));
		else if (i == 0)
			detect_first_token(chain[i], tok, sizeof(tok));
		else
			tok[0] = '\0';
		detect_step(&b, chain[i], tok, i == k - 1 && anchored == 2);
		buf_addstr(&b, "/");
	}
	detect_step(&b, d->d_nodes[d->d_members[r->r_first]].dn_node,
	    r->r_token, 0);
	return (buf_take(&b, NULL));
}

/* How many nodes XPATH selects, or -1. */
static int
detect_xpath_count(const struct detect *d, const char *xpath)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 obj;
	int			 n = -1;

	if ((ctx = xmlXPathNewContext(d->d_doc)) == NULL)
		return (-1);
	obj = xmlXPathEvalExpression((const xmlChar *)xpath, ctx);
	if (obj != NULL && obj->type == XPATH_NODESET)
		n = obj->nodesetval != NULL ? obj->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return (n);
}

/*
 * *HOW: the shortest XPath that selects the group's members and little
 * else; a sidebar built like the content needs a longer one.
 */
static void
detect_how(const struct detect *d, const struct dgroup *g, char **how)
{
	char	*xp, *best = NULL, *prev = NULL;
	int	 levels, n, bestn = -1;

	for (levels = 0; levels < 5; levels++) {
		xp = detect_xpath(d, g, levels);
		/* Anchored at the same element again: nothing new to count. */
		if (prev != NULL && strcmp(xp, prev) == 0) {
			free(xp);
			continue;
		}
		free(prev);
		prev = xstrdup(xp);
		n = detect_xpath_count(d, xp);
		if (n >= (int)g->g_n && (bestn == -1 || n < bestn)) {
			free(best);
			best = xp;
			bestn = n;
		} else
			free(xp);
		if (bestn == (int)g->g_n)
			break;
	}
	free(prev);
	if (best == NULL)
		best = detect_xpath(d, g, 0);
	xasprintf(how, "markup: %s", best);
	free(best);
}

/* Forgets the measuring pass and the runs, for detect_markup to redo. */
void
detect_runs_reset(struct detect *d)
{
	free(d->d_nodes);
	d->d_nodes = NULL;
	d->d_n = 0;
	free(d->d_members);
	d->d_members = NULL;
	d->d_nmembers = 0;
	free(d->d_runs);
	d->d_runs = NULL;
	d->d_nruns = 0;
}

/* ex_runners_up: the lists that lost to the first, for preview. */
static void
detect_runners_up(struct detect *d, const struct dgroup *groups, size_t n)
{
	struct buf	 b;
	char		*how;
	size_t		 i;

	/* The count is what the XPath selects: what --item with it takes. */
	buf_init(&b, 64 * 1024);
	for (i = 1; i < n && i <= DETECT_RUNNERS_UP; i++) {
		detect_how(d, &groups[i], &how);
		buf_printf(&b, "item = xpath:%s\t%d\t%.1f\n", how +
		    strlen("markup: "), detect_xpath_count(d, how +
		    strlen("markup: ")), groups[i].g_score / groups[0].g_score);
		free(how);
	}
	free(d->d_pg->ex_runners_up);
	d->d_pg->ex_runners_up = b.b_len > 0 ? buf_take(&b, NULL) : NULL;
	buf_free(&b);
}

/* Groups of the runs (cousins, div.row > div.col row after row, make
 * one), scored; returns how many reached DETECT_MIN_ITEMS. */
static size_t
detect_groups(struct detect *d, struct dgroup *groups)
{
	size_t		 ngroups = 0, i, j;
	struct dgroup	*g;

	qsort(d->d_runs, d->d_nruns, sizeof(*d->d_runs), detect_cmp_run);
	for (i = 0; i < d->d_nruns; i = j) {
		g = &groups[ngroups];
		g->g_run = i;
		g->g_n = d->d_runs[i].r_n;
		for (j = i + 1; j < d->d_nruns &&
		    detect_same_group(d, &d->d_runs[i], &d->d_runs[j]); j++)
			g->g_n += d->d_runs[j].r_n;
		g->g_nruns = j - i;
		if (g->g_n >= DETECT_MIN_ITEMS) {
			g->g_score = detect_score(d, g);
			ngroups++;
		}
	}
	qsort(groups, ngroups, sizeof(*groups), detect_cmp_score);
	return (ngroups);
}

/* Dates separate lists of posts from lists of anything else: the TOP
 * groups are raised by the share of sampled members with a date. */
static void
detect_date_boost(struct detect *d, struct dgroup *groups, size_t top)
{
	size_t		 i, j, k, dated, seen;
	struct dfields	 f;
	const struct drun *r;

	for (i = 0; i < top; i++) {
		dated = seen = 0;
		for (k = 0; k < groups[i].g_nruns && seen < DETECT_SAMPLE; k++) {
			r = &d->d_runs[groups[i].g_run + k];
			for (j = 0; j < r->r_n && seen < DETECT_SAMPLE; j++) {
				seen++;
				if (detect_pick(d, d->d_nodes[d->d_members[
				    r->r_first + j]].dn_node, r, &f) == 0 &&
				    f.f_date_text != NULL)
					dated++;
				detect_fields_free(&f);
			}
		}
		groups[i].g_score *= 1 + 0.5 * (double)dated / (double)seen;
	}
	qsort(groups, top, sizeof(*groups), detect_cmp_score);
}

/*
 * A featured item above the list: elements of the members' tag and class
 * just before the first member, under its ancestor DETECT_FEATURED_UP
 * levels up (dnode indexes are in document order, a subtree's together).
 * Returns how many went into OUT.
 */
static size_t
detect_featured(const struct detect *d, const struct drun *r, int *out)
{
	int		 first = d->d_members[r->r_first], a = first, i, lvl;
	xmlNodePtr	 m = d->d_nodes[first].dn_node;
	const char	*cls = detect_attr(m, "class"), *c;
	size_t		 n = 0;

	if (cls == NULL || *cls == '\0')
		return (0);
	for (lvl = 0; lvl < DETECT_FEATURED_UP && d->d_nodes[a].dn_parent >= 0;
	    lvl++)
		a = d->d_nodes[a].dn_parent;
	for (i = a + 1; i < first && n < DETECT_FEATURED_MAX; i++) {
		const struct dnode	*dn = &d->d_nodes[i];

		if (dn->dn_flags & DN_BOILER || dn->dn_links == 0 ||
		    dn->dn_parent == d->d_nodes[first].dn_parent ||
		    strcmp((const char *)dn->dn_node->name,
		    (const char *)m->name) != 0 ||
		    (c = detect_attr(dn->dn_node, "class")) == NULL ||
		    strcmp(c, cls) != 0)
			continue;
		out[n++] = i;
	}
	return (n);
}

/* The items of group G (and a featured one above it); returns how many. */
static size_t
detect_take(struct detect *d, const struct dgroup *g)
{
	int		 featured[DETECT_FEATURED_MAX];
	size_t		 from = d->d_pg->ex_nitems, nf, j, k;
	struct dfields	 f;
	const struct drun *r = &d->d_runs[g->g_run];

	nf = detect_featured(d, r, featured);
	for (j = 0; j < nf; j++) {
		if (detect_pick(d, d->d_nodes[featured[j]].dn_node, r, &f) == 0)
			detect_add(d, &f);
		detect_fields_free(&f);
	}
	for (k = 0; k < g->g_nruns; k++) {
		r = &d->d_runs[g->g_run + k];
		for (j = 0; j < r->r_n && d->d_pg->ex_nitems < ITEM_MAX_ITEMS;
		    j++) {
			if (detect_pick(d, d->d_nodes[d->d_members[r->r_first +
			    j]].dn_node, r, &f) == 0)
				detect_add(d, &f);
			detect_fields_free(&f);
		}
	}
	detect_drop_demoted(d, from);
	return (d->d_pg->ex_nitems - from);
}

/* The share of group G's members (a sample) that carry a title: a
 * heading, or a link of some length. */
static double
detect_titled_share(const struct detect *d, const struct dgroup *g)
{
	const struct drun	*r;
	const struct dnode	*m;
	size_t			 k, j, seen = 0, titled = 0;

	for (k = 0; k < g->g_nruns && seen < DETECT_TOKEN_SAMPLE; k++) {
		r = &d->d_runs[g->g_run + k];
		for (j = 0; j < r->r_n && seen < DETECT_TOKEN_SAMPLE; j++) {
			m = &d->d_nodes[d->d_members[r->r_first + j]];
			seen++;
			titled += m->dn_heads > 0 || m->dn_maxlink >= 10;
		}
	}
	return (seen ? (double)titled / (double)seen : 0);
}

/* 1 when node IDX is a member of group G. */
static int
detect_group_has(const struct detect *d, const struct dgroup *g, int idx)
{
	const struct drun	*r;
	size_t			 k, j;

	for (k = 0; k < g->g_nruns; k++) {
		r = &d->d_runs[g->g_run + k];
		for (j = 0; j < r->r_n; j++)
			if (d->d_members[r->r_first + j] == idx)
				return (1);
	}
	return (0);
}

/*
 * The unit that carries one title each: when the winner's members are
 * mostly untitled parts (a file's <dd>s: date, author, tags) of elements
 * that form a group of their own, each with its title, that group is the
 * list.
 */
static void
detect_prefer_records(const struct detect *d, struct dgroup *groups,
    size_t n)
{
	const struct drun	*r = &d->d_runs[groups[0].g_run];
	struct dgroup		 tmp;
	size_t			 i;

	if (groups[0].g_nruns < DETECT_MIN_ITEMS ||
	    detect_titled_share(d, &groups[0]) >= 0.5)
		return;
	for (i = 1; i < n; i++) {
		if (!detect_group_has(d, &groups[i], r->r_parent) ||
		    detect_titled_share(d, &groups[i]) < 0.8)
			continue;
		tmp = groups[0];
		groups[0] = groups[i];
		groups[i] = tmp;
		return;
	}
}

/* Items from the best group of the markup; returns how many. */
size_t
detect_markup(struct detect *d, char **how)
{
	struct dgroup	*groups;
	size_t		 ngroups, top, from = d->d_pg->ex_nitems;

	detect_measure(d);
	d->d_why = "the page has no visible elements";
	if (d->d_n == 0)
		return (0);
	detect_runs(d);
	d->d_why = "no repeated structure with links found (3 or more "
	    "similar elements side by side, each with a link)";
	if (d->d_nruns == 0)
		return (0);
	groups = xcalloc(d->d_nruns, sizeof(*groups));
	if ((ngroups = detect_groups(d, groups)) > 0) {
		d->d_why = NULL;
		top = ngroups < DETECT_TOP ? ngroups : DETECT_TOP;
		detect_date_boost(d, groups, top);
		detect_prefer_records(d, groups, ngroups);
		if (d->d_runners)
			detect_runners_up(d, groups, top);
		if (detect_take(d, &groups[0]) >= DETECT_MIN_ITEMS)
			detect_how(d, &groups[0], how);
		else {
			d->d_why = "the likeliest list had fewer than 3 "
			    "elements with a usable link";
			detect_truncate(d, from);
		}
	}
	free(groups);
	return (d->d_pg->ex_nitems);
}
