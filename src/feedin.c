/*
 * feedin.c: when the URL already serves a feed, its items are read from it
 * and pagefeed acts as a normalising proxy.  The document is parsed with
 * libxml2's XML parser, elements are matched by namespace and local name
 * through a table, and every string leaves cleaned as extract.c cleans it.
 *
 * Safety: entity declarations are dropped as they are parsed (the SAX
 * entityDecl hook is NULL) and nothing is ever loaded (no NOENT, no DTD
 * loading, no resolver, NONET), so billion laughs and XXE expand to nothing.
 * Before parsing, in ASCII-compatible encodings, every entity reference
 * becomes a character reference (&amp; &#38;, &nbsp; &#160;) and a stray
 * '&' "&#38;": after any error libxml2's recovery mode drops every entity
 * reference, &amp; included, but never a character reference.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "feedin.h"
#include "html.h"
#include "item.h"
#include "sanitize.h"
#include "text.h"
#include "url.h"
#include "util.h"

#define FEEDIN_RAW_MAX		(256 * 1024)	/* raw text before cleaning */
#define FEEDIN_HTML_MAX		(2 * SANITIZE_MAX_HTML)	/* raw HTML */
#define FEEDIN_SNIFF_MAX	16384	/* bytes looked at for the root */
#define FEEDIN_MAX_DEPTH	256
#define FEEDIN_MAX_BASES	32	/* nested xml:base attributes honoured */

#define NS_XHTML_URI	"http://www.w3.org/1999/xhtml"

enum feedin_ns {
	NS_OTHER, NS_CORE, NS_ATOM, NS_CONTENT, NS_DC, NS_MEDIA, NS_ITUNES,
	NS_RDF, NS_XHTML
};

static const struct {
	const char	*uri;
	enum feedin_ns	 ns;
} namespaces[] = {
	{ "http://www.w3.org/2005/Atom", NS_ATOM },
	{ "http://purl.org/atom/ns#", NS_ATOM },		/* Atom 0.3 */
	{ "http://purl.org/rss/1.0/", NS_CORE },
	{ "http://my.netscape.com/rdf/simple/0.9/", NS_CORE },	/* RSS 0.90 */
	{ "http://backend.userland.com/rss2", NS_CORE },
	{ "http://purl.org/rss/1.0/modules/content/", NS_CONTENT },
	{ "http://purl.org/dc/elements/1.1/", NS_DC },
	{ "http://search.yahoo.com/mrss/", NS_MEDIA },
	{ "http://search.yahoo.com/mrss", NS_MEDIA },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF },
	{ NS_XHTML_URI, NS_XHTML },
};

enum feedin_kind { FEEDIN_RSS = 1, FEEDIN_ATOM = 2 };

enum feedin_field {
	FF_TITLE, FF_LINK, FF_GUID, FF_DATE, FF_SUMMARY, FF_CONTENT,
	FF_AUTHOR, FF_CATEGORY, FF_IMAGE, FF_N
};

/* Which element gives which field; among candidates the lower prio wins. */
struct feedin_tag {
	int			 ft_kinds;
	enum feedin_ns		 ft_ns;
	const char		*ft_name;
	enum feedin_field	 ft_field;
	int			 ft_prio;
};

#define R	FEEDIN_RSS
#define A	FEEDIN_ATOM
static const struct feedin_tag tags[] = {
	{ R, NS_CORE,	 "title",	FF_TITLE,	1 },
	{ R, NS_CORE,	 "link",	FF_LINK,	1 },
	{ R, NS_ATOM,	 "link",	FF_LINK,	2 },
	{ R, NS_CORE,	 "guid",	FF_GUID,	1 },
	{ R, NS_CORE,	 "pubDate",	FF_DATE,	1 },
	{ R, NS_DC,	 "date",	FF_DATE,	2 },
	{ R, NS_ATOM,	 "published",	FF_DATE,	3 },
	{ R, NS_ATOM,	 "updated",	FF_DATE,	4 },
	{ R, NS_CORE,	 "description",	FF_SUMMARY,	1 },
	{ R, NS_DC,	 "description",	FF_SUMMARY,	2 },
	{ R, NS_ITUNES,	 "summary",	FF_SUMMARY,	3 },
	{ R, NS_CONTENT, "encoded",	FF_CONTENT,	1 },
	{ R, NS_DC,	 "creator",	FF_AUTHOR,	1 },
	{ R, NS_CORE,	 "author",	FF_AUTHOR,	2 },
	{ R, NS_ITUNES,	 "author",	FF_AUTHOR,	3 },
	{ R, NS_CORE,	 "category",	FF_CATEGORY,	1 },
	{ R, NS_CORE,	 "enclosure",	FF_IMAGE,	1 },
	{ A, NS_ATOM,	 "title",	FF_TITLE,	1 },
	{ A, NS_ATOM,	 "link",	FF_LINK,	1 },
	{ A, NS_ATOM,	 "id",		FF_GUID,	1 },
	{ A, NS_ATOM,	 "published",	FF_DATE,	1 },
	{ A, NS_ATOM,	 "issued",	FF_DATE,	2 },
	{ A, NS_ATOM,	 "updated",	FF_DATE,	3 },
	{ A, NS_ATOM,	 "modified",	FF_DATE,	4 },
	{ A, NS_ATOM,	 "created",	FF_DATE,	5 },
	{ A, NS_DC,	 "date",	FF_DATE,	6 },
	{ A, NS_ATOM,	 "summary",	FF_SUMMARY,	1 },
	{ A, NS_ATOM,	 "content",	FF_CONTENT,	1 },
	{ A, NS_ATOM,	 "author",	FF_AUTHOR,	1 },
	{ A, NS_DC,	 "creator",	FF_AUTHOR,	2 },
	{ A, NS_ATOM,	 "category",	FF_CATEGORY,	1 },
	{ R|A, NS_DC,	 "subject",	FF_CATEGORY,	1 },
	{ R|A, NS_MEDIA, "thumbnail",	FF_IMAGE,	2 },
	{ R|A, NS_MEDIA, "content",	FF_IMAGE,	3 },
	{ R|A, NS_ITUNES, "image",	FF_IMAGE,	4 },
};
#undef R
#undef A

struct feedin {
	enum feedin_kind	 fi_kind;
	const xmlChar		*fi_root_ns;	/* the root's namespace, or NULL */
	const char		*fi_url;
	char			*fi_chan_link;	/* absolute, or NULL */
	const struct date_opts	*fi_dopts;
};

static int
feedin_is(xmlNodePtr n, const char *name)
{
	return (n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0);
}

static int
feedin_prefix(const char *s, const char *prefix)
{
	return (s != NULL && strncasecmp(s, prefix, strlen(prefix)) == 0);
}

/*
 * The class of N's namespace.  In RSS the core elements have none, RSS 1.0's
 * or, tolerated, whatever default namespace the root element declared.
 */
static enum feedin_ns
feedin_ns(const struct feedin *fi, xmlNodePtr n)
{
	size_t	 i;

	if (n->ns == NULL || n->ns->href == NULL)
		return (fi->fi_kind == FEEDIN_RSS ? NS_CORE : NS_OTHER);
	for (i = 0; i < sizeof(namespaces) / sizeof(namespaces[0]); i++)
		if (strcmp((const char *)n->ns->href, namespaces[i].uri) == 0)
			return (namespaces[i].ns);
	if (fi->fi_kind == FEEDIN_RSS && fi->fi_root_ns != NULL &&
	    xmlStrEqual(n->ns->href, fi->fi_root_ns))
		return (NS_CORE);
	return (NS_OTHER);
}

static char *
feedin_attr(xmlNodePtr n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlGetNoNsProp(n, (const xmlChar *)name)) == NULL)
		return (NULL);
	s = xstrdup((const char *)v);
	xmlFree(v);
	return (s);
}


/* The raw text under N (caller frees), never NULL. */
static char *
feedin_raw(xmlNodePtr n, size_t max)
{
	struct buf	 b;

	buf_init(&b, max);
	html_text(n, &b, FEEDIN_MAX_DEPTH, 0);
	return (buf_take(&b, NULL));
}

/* Plain TEXT (cleaned) as HTML that shows it; NULL for none. */
static char *
feedin_text_html(const char *text)
{
	char	*clean, *html;

	if ((clean = text_clean_take(xstrdup(text), SANITIZE_MAX_HTML / 8)) ==
	    NULL)
		return (NULL);
	html = text_html_escape_str(clean);
	free(clean);
	return (html);
}

/* Drops the XHTML namespace under N so the HTML writer and parser see HTML. */
static void
feedin_strip_xhtml(xmlNodePtr n, int depth)
{
	xmlNodePtr	 c;
	xmlAttrPtr	 a;

	if (depth > FEEDIN_MAX_DEPTH)
		return;
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (c->ns != NULL && xmlStrEqual(c->ns->href,
		    (const xmlChar *)NS_XHTML_URI))
			c->ns = NULL;
		for (a = c->properties; a != NULL; a = a->next)
			if (a->ns != NULL && xmlStrEqual(a->ns->href,
			    (const xmlChar *)NS_XHTML_URI))
				a->ns = NULL;
		feedin_strip_xhtml(c, depth + 1);
	}
}

/* The markup inside N serialised (caller frees). */
static char *
feedin_inner_xml(xmlNodePtr n)
{
	xmlBufferPtr	 out;
	xmlNodePtr	 c;
	char		*s;

	feedin_strip_xhtml(n, 0);
	if ((out = xmlBufferCreate()) == NULL)
		return (xstrdup(""));
	for (c = n->children; c != NULL; c = c->next) {
		xmlNodeDump(out, n->doc, c, 0, 0);
		if ((size_t)xmlBufferLength(out) > FEEDIN_HTML_MAX)
			break;
	}
	s = xstrdup((const char *)xmlBufferContent(out));
	xmlBufferFree(out);
	return (s);
}

/*
 * An Atom text construct (or Atom 0.3 mode) as text into *text and as
 * sanitised HTML into *html (either may be NULL).  Out-of-line (src) and
 * binary content give nothing.
 */
static void
feedin_atom_text(xmlNodePtr n, const char *base, char **text, char **html)
{
	xmlNodePtr	 div;
	char		*type, *mode, *raw;
	enum { T_TEXT, T_HTML, T_XHTML, T_NONE } t = T_TEXT;

	if (text != NULL)
		*text = NULL;
	if (html != NULL)
		*html = NULL;
	type = feedin_attr(n, "type");
	mode = feedin_attr(n, "mode");
	if (xmlHasProp(n, (const xmlChar *)"src") != NULL)
		t = T_NONE;
	else if (type == NULL || strcasecmp(type, "text") == 0)
		t = T_TEXT;
	else if (strcasecmp(type, "html") == 0 ||
	    strcasecmp(type, "text/html") == 0)
		t = T_HTML;
	else if (strcasecmp(type, "xhtml") == 0 ||
	    strcasecmp(type, "application/xhtml+xml") == 0)
		t = T_XHTML;
	else if (!feedin_prefix(type, "text/"))
		t = T_NONE;
	if (mode != NULL && strcmp(mode, "escaped") == 0 && t == T_TEXT)
		t = T_HTML;
	else if (mode != NULL && strcmp(mode, "xml") == 0)
		t = T_XHTML;
	else if (mode != NULL && strcmp(mode, "base64") == 0)
		t = T_NONE;
	free(type);
	free(mode);
	switch (t) {
	case T_TEXT:
		raw = feedin_raw(n, FEEDIN_RAW_MAX);
		if (html != NULL)
			*html = feedin_text_html(raw);
		if (text != NULL)
			*text = text_clean_take(raw, ITEM_MAX_SUMMARY);
		else
			free(raw);
		break;
	case T_HTML:
		raw = feedin_raw(n, FEEDIN_HTML_MAX);
		sanitize_html_string(raw, base, text, html);
		free(raw);
		break;
	case T_XHTML:
		/* The content is one xhtml:div; tolerate bare markup too. */
		for (div = n->children; div != NULL &&
		    div->type != XML_ELEMENT_NODE; div = div->next)
			;
		if (div == NULL || !feedin_is(div, "div"))
			div = n;
		raw = feedin_inner_xml(div);
		sanitize_html_string(raw, base, text, html);
		free(raw);
		break;
	case T_NONE:
		break;
	}
}

/* HREF made absolute against BASE; NULL for an unusable link. */
static char *
feedin_link(const char *href, const char *base)
{
	char	*clean, *abs;

	if (href == NULL)
		return (NULL);
	clean = text_clean(href, ITEM_MAX_LINK);
	abs = clean[0] != '\0' ? item_resolve_link(clean, base) : NULL;
	free(clean);
	return (abs);
}

/* An image URL made absolute; NULL unless it is http(s). */
static char *
feedin_image_url(const char *src, const char *base)
{
	char	*abs;

	if ((abs = feedin_link(src, base)) != NULL &&
	    !url_allowed(abs, URL_IMAGE)) {
		free(abs);
		abs = NULL;
	}
	return (abs);
}

/*
 * Where relative references under N point: the xml:base attributes in
 * scope applied to URL; without any, the channel's link (RSS) or URL.
 * Returns a new string (caller frees).
 */
static char *
feedin_base(const struct feedin *fi, xmlNodePtr n)
{
	xmlChar		*bases[FEEDIN_MAX_BASES];
	char		*cur, *abs;
	size_t		 nb = 0;

	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent) {
		xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"base",
		    XML_XML_NAMESPACE);

		if (v == NULL)
			continue;
		if (nb == FEEDIN_MAX_BASES)
			xmlFree(bases[--nb]);	/* keep the innermost ones */
		bases[nb++] = v;
	}
	if (nb == 0)
		return (xstrdup(fi->fi_chan_link != NULL ? fi->fi_chan_link :
		    fi->fi_url));
	cur = xstrdup(fi->fi_url);
	while (nb > 0) {
		char *clean = text_clean((const char *)bases[--nb],
		    ITEM_MAX_LINK);

		abs = url_resolve(clean, cur);
		/* As <base>: xml:base moves links within http(s) only. */
		if (abs != NULL && url_allowed(abs, URL_BASE)) {
			free(cur);
			cur = abs;
		} else
			free(abs);
		free(clean);
		xmlFree(bases[nb]);
	}
	return (cur);
}

/* *FIELD = VALUE when PRIO beats *CUR; else VALUE is freed.  1 if set. */
static int
feedin_set(char **field, char *value, int *cur, int prio)
{
	if (value == NULL || prio >= *cur) {
		free(value);
		return (0);
	}
	free(*field);
	*field = value;
	*cur = prio;
	return (1);
}

/* "jo@example.com (Jo Bloggs)", RSS's author form, gives the name. */
static char *
feedin_rss_author(char *s)
{
	char	*open, *name;
	size_t	 l = strlen(s);

	if (l > 2 && s[l - 1] == ')' && (open = strchr(s, '(')) != NULL &&
	    open > s && strchr(s, '@') != NULL && strchr(s, '@') < open) {
		name = text_clean_take(xstrndup(open + 1, s + l - 1 - open - 1),
		    ITEM_MAX_AUTHOR);
		if (name != NULL) {
			free(s);
			return (name);
		}
	}
	return (s);
}

static int
feedin_image_type(const char *type, const char *medium, const char *url)
{
	static const char	*exts[] = { ".jpg", ".jpeg", ".png", ".gif",
	    ".webp", ".avif", NULL };
	size_t			 l, i, e;

	if (type != NULL)
		return (feedin_prefix(type, "image/"));
	if (medium != NULL)
		return (strcmp(medium, "image") == 0);
	/* No type at all: trust an image file name. */
	if (url == NULL)
		return (0);
	l = strcspn(url, "?#");
	for (i = 0; exts[i] != NULL; i++) {
		e = strlen(exts[i]);
		if (l > e && strncasecmp(url + l - e, exts[i], e) == 0)
			return (1);
	}
	return (0);
}

struct feedin_item {
	struct item	*fit_it;
	int		 fit_prio[FF_N];
	int		 fit_perma;	/* the RSS guid may serve as the link */
	struct buf	 fit_cats;
	size_t		 fit_ncats;
};

/* The name (else the email) of an Atom person construct. */
static char *
feedin_atom_person(xmlNodePtr n)
{
	xmlNodePtr	 c;
	char		*s;

	for (c = n->children; c != NULL; c = c->next)
		if (feedin_is(c, "name") &&
		    (s = text_clean_take(feedin_raw(c, FEEDIN_RAW_MAX),
		    ITEM_MAX_AUTHOR)) != NULL)
			return (s);
	for (c = n->children; c != NULL; c = c->next)
		if (feedin_is(c, "email") &&
		    (s = text_clean_take(feedin_raw(c, FEEDIN_RAW_MAX),
		    ITEM_MAX_AUTHOR)) != NULL)
			return (s);
	return (NULL);
}

static int
feedin_alternate(const char *rel)
{
	return (rel == NULL || strcasecmp(rel, "alternate") == 0 ||
	    strcmp(rel, "http://www.iana.org/assignments/relation/alternate")
	    == 0);
}

/* An image candidate: enclosure, media:*, itunes:image, atom:link. */
static void
feedin_image(xmlNodePtr n, const char *base, const struct feedin_tag *t,
    struct feedin_item *fit, int prio)
{
	char	*url, *type, *medium;

	if (prio >= fit->fit_prio[FF_IMAGE])
		return;
	url = feedin_attr(n, t->ft_ns == NS_ITUNES ||
	    t->ft_ns == NS_ATOM ? "href" : "url");
	type = feedin_attr(n, "type");
	medium = feedin_attr(n, "medium");
	/* A thumbnail is an image by definition; the others must say so. */
	if (url != NULL && (strcmp(t->ft_name, "thumbnail") == 0 ||
	    t->ft_ns == NS_ITUNES || feedin_image_type(type, medium, url)))
		feedin_set(&fit->fit_it->it_image,
		    feedin_image_url(url, base), &fit->fit_prio[FF_IMAGE], prio);
	free(url);
	free(type);
	free(medium);
}

/* An Atom text construct, or an RSS title that may hold encoded markup. */
static void
feedin_field_title(xmlNodePtr n, const char *base, const struct feedin_tag *t,
    struct feedin_item *fit)
{
	char	*raw, *text = NULL;

	if (t->ft_ns == NS_ATOM)
		feedin_atom_text(n, base, &text, NULL);
	else {
		text = feedin_raw(n, FEEDIN_RAW_MAX);
		/* Entity-encoded markup in an RSS title is common. */
		if (sanitize_looks_html(text)) {
			raw = text;
			sanitize_html_string(raw, NULL, &text, NULL);
			free(raw);
		}
	}
	feedin_set(&fit->fit_it->it_title, text_clean_take(text,
	    ITEM_MAX_TITLE), &fit->fit_prio[FF_TITLE], t->ft_prio);
}

/* An RSS link's text, or an Atom alternate link (an enclosure: an image). */
static void
feedin_field_link(xmlNodePtr n, const char *base, const struct feedin_tag *t,
    struct feedin_item *fit)
{
	struct item	*it = fit->fit_it;
	int		*prio = fit->fit_prio;
	char		*raw, *s;

	if (t->ft_ns != NS_ATOM) {
		raw = feedin_raw(n, FEEDIN_RAW_MAX);
		if (t->ft_prio < prio[FF_LINK])
			feedin_set(&it->it_link, feedin_link(raw, base),
			    &prio[FF_LINK], t->ft_prio);
		free(raw);
		return;
	}
	s = feedin_attr(n, "rel");
	if (feedin_alternate(s) && t->ft_prio < prio[FF_LINK]) {
		raw = feedin_attr(n, "href");
		feedin_set(&it->it_link, feedin_link(raw, base),
		    &prio[FF_LINK], t->ft_prio);
		free(raw);
	} else if (s != NULL && strcasecmp(s, "enclosure") == 0)
		feedin_image(n, base, t, fit, 1);
	free(s);
}

/* The guid or id; an RSS 2.0 guid is a permalink unless it says not. */
static void
feedin_field_guid(const struct feedin *fi, xmlNodePtr n,
    const struct feedin_tag *t, struct feedin_item *fit)
{
	char	*s;

	if (feedin_set(&fit->fit_it->it_guid_text, text_clean_take(
	    feedin_raw(n, FEEDIN_RAW_MAX), ITEM_MAX_LINK),
	    &fit->fit_prio[FF_GUID], t->ft_prio)) {
		s = feedin_attr(n, "isPermaLink");
		fit->fit_perma = fi->fi_kind == FEEDIN_RSS &&
		    t->ft_ns == NS_CORE &&
		    (s == NULL || strcasecmp(s, "false") != 0);
		free(s);
	}
}

/*
 * The summary as text; an RSS description is also the content until
 * content:encoded comes.
 */
static void
feedin_field_summary(xmlNodePtr n, const char *base,
    const struct feedin_tag *t, struct feedin_item *fit)
{
	struct item	*it = fit->fit_it;
	int		*prio = fit->fit_prio;
	char		*raw, *text = NULL, *html = NULL;

	if (t->ft_ns == NS_ATOM)
		feedin_atom_text(n, base, &text, NULL);
	else {
		/* RSS description is HTML, often entity-encoded. */
		raw = feedin_raw(n, FEEDIN_HTML_MAX);
		if (sanitize_looks_html(raw) || strchr(raw, '&') != NULL)
			sanitize_html_string(raw, base, &text, t->ft_ns ==
			    NS_CORE && sanitize_looks_html(raw) &&
			    prio[FF_CONTENT] > 2 ? &html : NULL);
		else
			text = xstrdup(raw);
		free(raw);
		/* It is the content only until content:encoded. */
		feedin_set(&it->it_content, html, &prio[FF_CONTENT], 2);
	}
	feedin_set(&it->it_summary, text_clean_take(text,
	    ITEM_MAX_SUMMARY), &prio[FF_SUMMARY], t->ft_prio);
}

static void
feedin_field_content(xmlNodePtr n, const char *base,
    const struct feedin_tag *t, struct feedin_item *fit)
{
	char	*raw, *html = NULL;

	if (t->ft_ns == NS_ATOM)
		feedin_atom_text(n, base, NULL, &html);
	else {
		raw = feedin_raw(n, FEEDIN_HTML_MAX);
		sanitize_html_string(raw, base, NULL, &html);
		free(raw);
	}
	feedin_set(&fit->fit_it->it_content, html, &fit->fit_prio[FF_CONTENT],
	    t->ft_prio);
}

static void
feedin_field_author(xmlNodePtr n, const struct feedin_tag *t,
    struct feedin_item *fit)
{
	char	*s;

	if (t->ft_ns == NS_ATOM)
		s = feedin_atom_person(n);
	else if ((s = text_clean_take(feedin_raw(n, FEEDIN_RAW_MAX),
	    ITEM_MAX_AUTHOR)) != NULL && t->ft_ns == NS_CORE)
		s = feedin_rss_author(s);
	feedin_set(&fit->fit_it->it_author, s, &fit->fit_prio[FF_AUTHOR],
	    t->ft_prio);
}

/* An Atom category's label (else its term), or an RSS category's text. */
static void
feedin_field_category(xmlNodePtr n, const struct feedin_tag *t,
    struct feedin_item *fit)
{
	char	*s;

	if (t->ft_ns == NS_ATOM) {
		if ((s = feedin_attr(n, "label")) == NULL || *s == '\0') {
			free(s);
			s = feedin_attr(n, "term");
		}
	} else
		s = feedin_raw(n, FEEDIN_RAW_MAX);
	if (s != NULL)
		item_category_add(&fit->fit_cats, &fit->fit_ncats, s);
}

/* Fills the field T names from element N, when it beats what is there. */
static void
feedin_field(const struct feedin *fi, xmlNodePtr n, const struct feedin_tag *t,
    struct feedin_item *fit)
{
	char	*base;

	if (t->ft_field != FF_CATEGORY && t->ft_field != FF_LINK &&
	    t->ft_prio >= fit->fit_prio[t->ft_field])
		return;
	base = feedin_base(fi, n);
	switch (t->ft_field) {
	case FF_TITLE:
		feedin_field_title(n, base, t, fit);
		break;
	case FF_LINK:
		feedin_field_link(n, base, t, fit);
		break;
	case FF_GUID:
		feedin_field_guid(fi, n, t, fit);
		break;
	case FF_DATE:
		feedin_set(&fit->fit_it->it_date_text, text_clean_take(
		    feedin_raw(n, FEEDIN_RAW_MAX), 256),
		    &fit->fit_prio[FF_DATE], t->ft_prio);
		break;
	case FF_SUMMARY:
		feedin_field_summary(n, base, t, fit);
		break;
	case FF_CONTENT:
		feedin_field_content(n, base, t, fit);
		break;
	case FF_AUTHOR:
		feedin_field_author(n, t, fit);
		break;
	case FF_CATEGORY:
		feedin_field_category(n, t, fit);
		break;
	case FF_IMAGE:
		feedin_image(n, base, t, fit, t->ft_prio);
		break;
	case FF_N:
		break;
	}
	free(base);
}

static const struct feedin_tag *
feedin_tag(const struct feedin *fi, xmlNodePtr n)
{
	enum feedin_ns	 ns = feedin_ns(fi, n);
	size_t		 i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if ((tags[i].ft_kinds & fi->fi_kind) && tags[i].ft_ns == ns &&
		    strcmp(tags[i].ft_name, (const char *)n->name) == 0)
			return (&tags[i]);
	return (NULL);
}

static void
feedin_children(const struct feedin *fi, xmlNodePtr node,
    struct feedin_item *fit, int depth)
{
	const struct feedin_tag	*t;
	xmlNodePtr		 c;

	for (c = node->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		/* media:group wraps media:content and media:thumbnail. */
		if (depth == 0 && feedin_is(c, "group") &&
		    feedin_ns(fi, c) == NS_MEDIA) {
			feedin_children(fi, c, fit, 1);
			continue;
		}
		if ((t = feedin_tag(fi, c)) != NULL)
			feedin_field(fi, c, t, fit);
	}
}

/* One item or entry; returns 0, or -1 when it holds nothing to show. */
static int
feedin_item(const struct feedin *fi, xmlNodePtr node, struct item *it,
    struct extraction *ex)
{
	struct feedin_item	 fit;
	xmlChar			*about;
	char			*base;
	size_t			 i;

	memset(it, 0, sizeof(*it));
	memset(&fit, 0, sizeof(fit));
	fit.fit_it = it;
	for (i = 0; i < FF_N; i++)
		fit.fit_prio[i] = INT_MAX;
	buf_init(&fit.fit_cats, ITEM_MAX_CATEGORIES *
	    (ITEM_MAX_CATEGORY + 1) + 1);
	feedin_children(fi, node, &fit, 0);
	if (fit.fit_cats.b_len > 0)
		it->it_categories = buf_take(&fit.fit_cats, NULL);
	buf_free(&fit.fit_cats);
	if (fi->fi_kind == FEEDIN_RSS) {
		/* RSS 1.0 names each item by its rdf:about. */
		if (it->it_guid_text == NULL && (about = xmlGetNsProp(node,
		    (const xmlChar *)"about", (const xmlChar *)
		    "http://www.w3.org/1999/02/22-rdf-syntax-ns#")) != NULL) {
			it->it_guid_text = text_clean_take(xstrdup((const char *)
			    about), ITEM_MAX_LINK);
			xmlFree(about);
		}
		/* A permalink guid is the link when there is no other. */
		if (it->it_link == NULL && fit.fit_perma &&
		    url_allowed(it->it_guid_text, URL_REMOTE)) {
			base = feedin_base(fi, node);
			it->it_link = feedin_link(it->it_guid_text, base);
			free(base);
		}
	}
	if (it->it_date_text != NULL) {
		it->it_date = item_date(it->it_date_text, fi->fi_dopts,
		    &it->it_date_future, &it->it_date_offset,
		    &it->it_date_only);
		if (it->it_date_future)
			ex->ex_ndates_future++;	/* a misreading, or a lie */
		else if (it->it_date == 0)
			ex->ex_ndates_unparsed++;
	}
	return (item_titled(it));
}

/*
 * Sniffing: the first bytes as ASCII (UTF-16 read by its low bytes, a UTF-8
 * BOM skipped), then the name of the first element.
 */
static int
feedin_sniff(const char *body, size_t len)
{
	const unsigned char	*u = (const unsigned char *)body;
	char			*view, *p, *q, *end, *name;
	size_t			 off = 0, step = 1, i, n = 0, l;
	int			 be = 0, depth, quote, rv = 0;

	if (len >= 2 && u[0] == 0xff && u[1] == 0xfe)
		off = 2, step = 2;
	else if (len >= 2 && u[0] == 0xfe && u[1] == 0xff)
		off = 3, step = 2, be = 1;
	else if (len >= 2 && u[0] == '<' && u[1] == 0)
		step = 2;
	else if (len >= 2 && u[0] == 0 && u[1] == '<')
		off = 1, step = 2, be = 1;
	else if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		off = 3;
	view = xmalloc(FEEDIN_SNIFF_MAX + 1);
	for (i = off; i < len && n < FEEDIN_SNIFF_MAX; i += step) {
		unsigned char	 c = u[i];

		if (step == 2 && (be ? u[i - 1] : (i + 1 < len ? u[i + 1] : 0)))
			c = '?';	/* not ASCII */
		view[n++] = c != '\0' ? (char)c : ' ';
	}
	view[n] = '\0';
	end = view + n;
	for (p = view;;) {
		p += strspn(p, " \t\r\n");
		if (p >= end || *p != '<')
			goto out;
		if (strncmp(p, "<?", 2) == 0) {
			if ((q = strstr(p, "?>")) == NULL)
				goto out;
			p = q + 2;
		} else if (strncmp(p, "<!--", 4) == 0) {
			if ((q = strstr(p + 4, "-->")) == NULL)
				goto out;
			p = q + 3;
		} else if (strncmp(p, "<!DOCTYPE", 9) == 0) {
			for (depth = quote = 0, p += 9; p < end; p++) {
				if (quote) {
					if (*p == quote)
						quote = 0;
				} else if (*p == '"' || *p == '\'')
					quote = *p;
				else if (*p == '[')
					depth++;
				else if (*p == ']')
					depth--;
				else if (*p == '>' && depth <= 0)
					break;
			}
			if (p >= end)
				goto out;
			p++;
		} else
			break;
	}
	name = ++p;
	l = strcspn(name, " \t\r\n/>");
	name[l] = '\0';
	if ((q = strrchr(name, ':')) != NULL)
		name = q + 1;
	rv = strcmp(name, "rss") == 0 || strcmp(name, "feed") == 0 ||
	    strcmp(name, "RDF") == 0;
out:
	free(view);
	return (rv);
}

int
feedin_is_feed(const char *body, size_t len, const char *content_type)
{
	static const char	*feed_types[] = { "application/rss+xml",
	    "application/atom+xml", "application/rdf+xml", NULL };
	static const char	*vague_types[] = { "text/xml", "application/xml",
	    "text/plain", "application/octet-stream", "binary/octet-stream",
	    "application/x-rss+xml", "application/x-atom+xml", NULL };
	char			 type[128];
	size_t			 l;

	if (body == NULL || len == 0)
		return (0);
	if (content_type == NULL)
		return (feedin_sniff(body, len));
	content_type += strspn(content_type, " \t");
	l = strcspn(content_type, "; \t");
	if (l == 0)
		return (feedin_sniff(body, len));
	if (l >= sizeof(type))
		return (0);
	memcpy(type, content_type, l);
	type[l] = '\0';
	if (strcase_in(type, feed_types))
		return (1);
	/* Any other XML type, or one that says nothing: look at the root. */
	if (strcase_in(type, vague_types) ||
	    (l > 4 && strcasecmp(type + l - 4, "+xml") == 0))
		return (feedin_sniff(body, len));
	return (0);
}

/*
 * 1 when the byte '&' in BODY is always the character: not in UTF-16/32,
 * nor in the stateful ISO-2022 or UTF-7 that the XML declaration may name.
 */
static int
feedin_ascii_compatible(const char *body, size_t len)
{
	const unsigned char	*u = (const unsigned char *)body;
	char			 decl[256], *enc;
	size_t			 i, n;

	if (len >= 2 && ((u[0] == 0xfe && u[1] == 0xff) ||
	    (u[0] == 0xff && u[1] == 0xfe)))
		return (0);
	for (i = 0; i < len && i < 4; i++)
		if (u[i] == 0)
			return (0);
	n = len < sizeof(decl) - 1 ? len : sizeof(decl) - 1;
	for (i = 0; i < n && !(i > 0 && body[i - 1] == '?' && body[i] == '>');
	    i++)
		decl[i] = (body[i] >= 'A' && body[i] <= 'Z') ?
		    body[i] - 'A' + 'a' : (body[i] != '\0' ? body[i] : ' ');
	decl[i] = '\0';
	if (strncmp(decl, "<?xml", 5) == 0 &&
	    (enc = strstr(decl, "encoding")) != NULL &&
	    (strstr(enc, "2022") != NULL || strstr(enc, "utf-7") != NULL ||
	    strstr(enc, "utf-16") != NULL || strstr(enc, "utf-32") != NULL ||
	    strstr(enc, "ucs") != NULL))
		return (0);
	return (1);
}

/* The length of the comment, CDATA section, PI or doctype at P, else 1. */
static size_t
feedin_skip_markup(const char *p, size_t rem)
{
	static const struct {
		const char	*open, *close;
	} spans[] = {
		{ "<!--", "-->" }, { "<![CDATA[", "]]>" }, { "<?", "?>" },
	};
	const char	*q;
	size_t		 i, ol;
	int		 depth = 0, quote = 0;

	for (i = 0; i < sizeof(spans) / sizeof(spans[0]); i++) {
		ol = strlen(spans[i].open);
		if (rem < ol || memcmp(p, spans[i].open, ol) != 0)
			continue;
		q = memmem(p + ol, rem - ol, spans[i].close,
		    strlen(spans[i].close));
		return (q == NULL ? rem : (size_t)(q - p) +
		    strlen(spans[i].close));
	}
	if (rem < 9 || memcmp(p, "<!DOCTYPE", 9) != 0)
		return (1);
	for (i = 9; i < rem; i++) {
		if (quote) {
			if (p[i] == quote)
				quote = 0;
		} else if (p[i] == '"' || p[i] == '\'')
			quote = p[i];
		else if (p[i] == '[')
			depth++;
		else if (p[i] == ']')
			depth--;
		else if (p[i] == '>' && depth <= 0)
			return (i + 1);
	}
	return (rem);
}

/*
 * The reference at P ('&'), made well formed into B: character references
 * stay, an XML or HTML entity becomes its character reference, anything
 * else is a literal '&'.  Returns the bytes consumed.
 */
static size_t
feedin_fix_ref(struct buf *b, const char *p, size_t rem)
{
	const htmlEntityDesc	*ent;
	char			 name[40];
	unsigned long		 v = 0;
	size_t			 i = 1, start;
	int			 hex, d;

	if (rem > 1 && p[1] == '#') {
		hex = rem > 2 && p[2] == 'x';
		i = start = hex ? 3 : 2;
		while (i < rem && i - start < 8 && (d = text_hexval(p[i])) !=
		    -1 && (hex || d < 10)) {
			v = v * (hex ? 16 : 10) + (unsigned long)d;
			i++;
		}
		if (i > start && i < rem && p[i] == ';' &&
		    text_xml_char((uint32_t)v)) {
			buf_add(b, p, i + 1);
			return (i + 1);
		}
	} else if (rem > 1 && ((p[1] >= 'a' && p[1] <= 'z') ||
	    (p[1] >= 'A' && p[1] <= 'Z'))) {
		while (i < rem && i < sizeof(name) &&
		    ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' &&
		    p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') ||
		    p[i] == '.' || p[i] == '-' || p[i] == '_'))
			i++;
		if (i < rem && p[i] == ';') {
			memcpy(name, p + 1, i - 1);
			name[i - 1] = '\0';
			/*
			 * Even &amp; becomes a character reference: after any
			 * error libxml2 drops entity references, never those.
			 */
			if (strcmp(name, "apos") == 0) {
				buf_addstr(b, "&#39;");
				return (i + 1);
			}
			if ((ent = htmlEntityLookup((const xmlChar *)name)) !=
			    NULL) {
				buf_printf(b, "&#%u;", ent->value);
				return (i + 1);
			}
		}
	}
	buf_addstr(b, "&#38;");
	return (1);
}

/*
 * BODY with every '&' outside comments, CDATA, PIs and the doctype made a
 * character reference (caller frees).
 */
static char *
feedin_fix_refs(const char *body, size_t len, size_t *outlen)
{
	struct buf	 b;
	size_t		 i = 0, run = 0;

	buf_init(&b, (size_t)-1 / 2);
	while (i < len) {
		if (body[i] == '<')
			i += feedin_skip_markup(body + i, len - i);
		else if (body[i] != '&')
			i++;
		else {
			buf_add(&b, body + run, i - run);
			i += feedin_fix_ref(&b, body + i, len - i);
			run = i;
		}
	}
	buf_add(&b, body + run, len - run);
	return (buf_take(&b, outlen));
}

/* Remembers the last item or entry the parser saw closed. */
static void
feedin_end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	xmlNodePtr		*last = ctxt->_private;

	if (ctxt->node != NULL && last != NULL &&
	    (xmlStrEqual(localname, (const xmlChar *)"item") ||
	    xmlStrEqual(localname, (const xmlChar *)"entry")))
		*last = ctxt->node;
	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

/*
 * Parses BODY as XML, recovering from errors, with entity declarations
 * dropped and nothing loaded.  *wellformed is 0 when recovery was needed;
 * *last_closed gets the last item element whose end tag was seen.
 */
static xmlDocPtr
feedin_read(const char *body, size_t len, const char *url, int *wellformed,
    xmlNodePtr *last_closed)
{
	xmlParserCtxtPtr	 ctxt;
	xmlDocPtr		 doc = NULL;
	char			*fixed = NULL;

	*wellformed = 0;
	*last_closed = NULL;
	if (feedin_ascii_compatible(body, len)) {
		fixed = feedin_fix_refs(body, len, &len);
		body = fixed;
	}
	if (len > INT_MAX || (ctxt = xmlNewParserCtxt()) == NULL) {
		free(fixed);
		return (NULL);
	}
	/*
	 * Without declarations there is nothing to expand: billion laughs
	 * and external entities (XXE) become undefined references.
	 */
	ctxt->sax->entityDecl = NULL;
	ctxt->sax->unparsedEntityDecl = NULL;
	ctxt->sax->externalSubset = NULL;
	ctxt->sax->resolveEntity = NULL;
	ctxt->sax->endElementNs = feedin_end_element;
	ctxt->_private = last_closed;
	doc = xmlCtxtReadMemory(ctxt, body, (int)len, url, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_RECOVER | XML_PARSE_NOCDATA);
	*wellformed = ctxt->wellFormed;
	xmlFreeParserCtxt(ctxt);
	free(fixed);
	return (doc);
}

static xmlNodePtr
feedin_child(const struct feedin *fi, xmlNodePtr n, enum feedin_ns ns,
    const char *name)
{
	xmlNodePtr	 c;

	for (c = n->children; c != NULL; c = c->next)
		if (feedin_is(c, name) && feedin_ns(fi, c) == ns)
			return (c);
	return (NULL);
}

/* The feed's title, and for RSS the channel's link as a base. */
static void
feedin_channel(struct feedin *fi, xmlNodePtr chan, struct extraction *ex)
{
	xmlNodePtr	 n;
	xmlChar		*lang;
	char		*raw, *text = NULL, *base;

	if (chan == NULL)
		return;
	if (fi->fi_kind == FEEDIN_ATOM) {
		/* xml:lang on the feed (or above it) is the feed's language. */
		if ((lang = xmlNodeGetLang(chan)) != NULL) {
			ex->ex_language = feed_language((const char *)lang);
			xmlFree(lang);
		}
		if ((n = feedin_child(fi, chan, NS_ATOM, "title")) != NULL) {
			feedin_atom_text(n, fi->fi_url, &text, NULL);
			ex->ex_title = text_clean_take(text, ITEM_MAX_TITLE);
		}
		return;
	}
	if ((n = feedin_child(fi, chan, NS_CORE, "title")) != NULL) {
		text = feedin_raw(n, FEEDIN_RAW_MAX);
		if (sanitize_looks_html(text)) {
			raw = text;
			sanitize_html_string(raw, NULL, &text, NULL);
			free(raw);
		}
		ex->ex_title = text_clean_take(text, ITEM_MAX_TITLE);
	}
	if ((n = feedin_child(fi, chan, NS_CORE, "language")) != NULL) {
		raw = feedin_raw(n, FEEDIN_RAW_MAX);
		ex->ex_language = feed_language(raw);
		free(raw);
	}
	if ((n = feedin_child(fi, chan, NS_CORE, "link")) != NULL) {
		raw = feedin_raw(n, FEEDIN_RAW_MAX);
		base = feedin_base(fi, n);
		fi->fi_chan_link = feedin_link(raw, base);
		free(base);
		free(raw);
	}
}

/* Is N an item (RSS) or entry (Atom)? */
static int
feedin_is_item(const struct feedin *fi, xmlNodePtr n)
{
	if (fi->fi_kind == FEEDIN_ATOM)
		return (feedin_is(n, "entry") && feedin_ns(fi, n) == NS_ATOM);
	return (feedin_is(n, "item") && feedin_ns(fi, n) == NS_CORE);
}

/*
 * Which feed ROOT starts: fi_kind, fi_root_ns and ex_how.  Returns 0, or -1
 * with *cause set (caller frees) when it is none.
 */
static int
feedin_root_kind(struct feedin *fi, xmlNodePtr root, struct extraction *ex,
    char **cause)
{
	xmlChar	*version;

	fi->fi_root_ns = root->ns != NULL ? root->ns->href : NULL;
	if (strcmp((const char *)root->name, "rss") == 0) {
		fi->fi_kind = FEEDIN_RSS;
		version = xmlGetNoNsProp(root, (const xmlChar *)"version");
		if (version != NULL && (xmlStrEqual(version,
		    (const xmlChar *)"0.91") || xmlStrEqual(version,
		    (const xmlChar *)"0.92")))
			xasprintf(&ex->ex_how, "rss %s", (const char *)version);
		else
			ex->ex_how = xstrdup("rss 2.0");
		xmlFree(version);
	} else if (strcmp((const char *)root->name, "RDF") == 0 &&
	    root->ns != NULL && xmlStrEqual(root->ns->href, (const xmlChar *)
	    "http://www.w3.org/1999/02/22-rdf-syntax-ns#")) {
		fi->fi_kind = FEEDIN_RSS;
		fi->fi_root_ns = NULL;
		ex->ex_how = xstrdup("rss 1.0");
	} else if (strcmp((const char *)root->name, "feed") == 0 &&
	    root->ns != NULL && (xmlStrEqual(root->ns->href, (const xmlChar *)
	    "http://www.w3.org/2005/Atom") || xmlStrEqual(root->ns->href,
	    (const xmlChar *)"http://purl.org/atom/ns#"))) {
		fi->fi_kind = FEEDIN_ATOM;
		ex->ex_how = xstrdup(xmlStrEqual(root->ns->href,
		    (const xmlChar *)"http://purl.org/atom/ns#") ?
		    "atom 0.3" : "atom 1.0");
	} else {
		char	*name = text_clean((const char *)root->name, 64);

		xasprintf(cause, "not a feed: the root element is <%s>", name);
		free(name);
		return (-1);
	}
	return (0);
}

/*
 * The item nodes in document order: in the channel CHAN, or (RSS 1.0)
 * beside it; at most ITEM_MAX_ITEMS into NODES, *more set when there were
 * more.  Returns how many.
 */
static size_t
feedin_item_nodes(const struct feedin *fi, xmlNodePtr root, xmlNodePtr chan,
    xmlNodePtr *nodes, int *more)
{
	xmlNodePtr	 c, d;
	size_t		 n = 0;

	for (c = root->children; c != NULL && !*more; c = c->next) {
		if (c == chan && fi->fi_kind == FEEDIN_RSS) {
			for (d = chan->children; d != NULL && !*more;
			    d = d->next) {
				if (!feedin_is_item(fi, d))
					continue;
				if (n < ITEM_MAX_ITEMS)
					nodes[n++] = d;
				else
					*more = 1;
			}
		} else if (feedin_is_item(fi, c)) {
			if (n < ITEM_MAX_ITEMS)
				nodes[n++] = c;
			else
				*more = 1;
		}
	}
	return (n);
}

int
feedin_parse(const char *body, size_t len, const char *url,
    const struct date_opts *dopts, struct extraction *ex, char **cause)
{
	struct feedin	 fi;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, chan = NULL, last_closed, *nodes = NULL;
	size_t		 n, i;
	int		 wellformed, more = 0, rv = -1;

	memset(ex, 0, sizeof(*ex));
	memset(&fi, 0, sizeof(fi));
	fi.fi_url = url;
	fi.fi_dopts = dopts;
	if (body == NULL || len == 0) {
		*cause = xstrdup("empty document");
		return (-1);
	}
	doc = feedin_read(body, len, url, &wellformed, &last_closed);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		*cause = xstrdup("not a feed: not an XML document");
		goto out;
	}
	if (feedin_root_kind(&fi, root, ex, cause) == -1)
		goto out;
	if (fi.fi_kind == FEEDIN_ATOM)
		chan = root;
	else
		chan = feedin_child(&fi, root, NS_CORE, "channel");
	feedin_channel(&fi, chan, ex);
	nodes = xcalloc(ITEM_MAX_ITEMS, sizeof(*nodes));
	n = feedin_item_nodes(&fi, root, chan, nodes, &more);
	/* A cut-off document: its last item never ended, so it is partial. */
	if (!wellformed && !more && n > 0 && nodes[n - 1] != last_closed)
		n--;
	ex->ex_items = xcalloc(n + 1, sizeof(struct item));
	for (i = 0; i < n; i++)
		if (feedin_item(&fi, nodes[i], &ex->ex_items[ex->ex_nitems],
		    ex) == 0)
			ex->ex_nitems++;
	rv = 0;
out:
	if (rv == -1)
		extraction_free(ex);
	free(nodes);
	free(fi.fi_chan_link);
	xmlFreeDoc(doc);
	return (rv);
}
