/*
 * extract.c: parse a fetched page with libxml2's forgiving HTML parser and
 * pull the items out with the source's selectors, compiled at config load.
 * Every string that leaves this file is clean UTF-8 (text_clean).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/uri.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "article.h"
#include "buf.h"
#include "config.h"
#include "date.h"
#include "encoding.h"
#include "extract.h"
#include "log.h"
#include "feed.h"
#include "html.h"
#include "sanitize.h"
#include "item.h"
#include "text.h"
#include "url.h"
#include "util.h"

/* Raw text collected before cleaning is capped well above any field cap. */
#define EXTRACT_RAW_MAX	(256 * 1024)

/* How deep the visible text of a field is read. */
#define EXTRACT_TEXT_DEPTH	512

static char *
extract_node_string(xmlNodePtr node)
{
	struct buf	 b;
	char		*s;

	buf_init(&b, EXTRACT_RAW_MAX);
	html_text(node, &b, EXTRACT_TEXT_DEPTH, HTML_WORDS);
	s = buf_take(&b, NULL);
	return (s);
}

/* N's attribute NAME (caller frees), or NULL. */
static char *
extract_prop(xmlNodePtr n, const char *name)
{
	xmlChar	*v = xmlGetProp(n, (const xmlChar *)name);
	char	*s = v != NULL ? xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return (s);
}

/* The target of N when it is an <a href>, else NULL; caller frees. */
static char *
extract_a_href(xmlNodePtr n)
{
	if (n->type != XML_ELEMENT_NODE ||
	    strcasecmp((const char *)n->name, "a") != 0)
		return (NULL);
	return (extract_prop(n, "href"));
}

/*
 * The value of one field for the item at ctx->node: the first match's text
 * (or attribute), or with JOIN the text of every match.  Returns raw text
 * (caller frees) or NULL.  *matched gets the first matching node, if any.
 */
static char *
extract_field(xmlXPathContextPtr ctx, const struct selector *sel,
    int join, int want_href, xmlNodePtr *matched)
{
	xmlXPathObjectPtr	 obj;
	xmlNodeSetPtr		 ns;
	xmlNodePtr		 n;
	struct buf		 b;
	xmlChar			*v;
	int			 i;
	char			*s;

	if (matched != NULL)
		*matched = NULL;
	if (sel->sel_comp == NULL)
		return (NULL);
	if ((obj = xmlXPathCompiledEval(sel->sel_comp, ctx)) == NULL)
		return (NULL);
	buf_init(&b, EXTRACT_RAW_MAX);
	switch (obj->type) {
	case XPATH_NODESET:
		if ((ns = obj->nodesetval) == NULL)
			break;
		for (i = 0; i < ns->nodeNr; i++) {
			n = ns->nodeTab[i];
			/*
			 * Namespace nodes are copies owned by the node set,
			 * gone with it: never hand one out, never read one.
			 */
			if (n == NULL || n->type == XML_NAMESPACE_DECL)
				continue;
			if (matched != NULL && *matched == NULL)
				*matched = n;
			if (b.b_len > 0)
				buf_add(&b, " ", 1);
			if (sel->sel_attr != NULL) {
				if (n->type != XML_ELEMENT_NODE)
					continue;
				v = xmlGetProp(n, (const xmlChar *)sel->sel_attr);
				if (v != NULL)
					buf_addstr(&b, (const char *)v);
				xmlFree(v);
			} else if (want_href && n->type == XML_ELEMENT_NODE &&
			    xmlHasProp(n, (const xmlChar *)"href") != NULL) {
				/* item.link = a.title means the link's target. */
				v = xmlGetProp(n, (const xmlChar *)"href");
				buf_addstr(&b, (const char *)v);
				xmlFree(v);
			} else
				html_text(n, &b, EXTRACT_TEXT_DEPTH, HTML_WORDS);
			if (!join)
				break;
		}
		break;
	case XPATH_STRING:
	case XPATH_NUMBER:
	case XPATH_BOOLEAN:
		v = xmlXPathCastToString(obj);
		if (v != NULL)
			buf_addstr(&b, (const char *)v);
		xmlFree(v);
		break;
	default:
		break;
	}
	xmlXPathFreeObject(obj);
	s = buf_take(&b, NULL);
	if (s[0] == '\0') {
		free(s);
		return (NULL);
	}
	return (s);
}

/* The first <a href> at or above NODE, up to the item, else inside the item. */
static char *
extract_fallback_href(xmlNodePtr title_node, xmlNodePtr item)
{
	xmlNodePtr	 n;
	char		*s;

	for (n = title_node; n != NULL && n != item->parent; n = n->parent) {
		if ((s = extract_a_href(n)) != NULL)
			return (s);
	}
	/* A link inside the title, then the item's first link. */
	if (title_node != item && title_node->type == XML_ELEMENT_NODE &&
	    (s = extract_fallback_href(title_node, title_node)) != NULL)
		return (s);
	/* Depth-first walk of the item for the first link. */
	n = item->children;
	while (n != NULL && n != item) {
		if ((s = extract_a_href(n)) != NULL)
			return (s);
		if (n->children != NULL && n->type == XML_ELEMENT_NODE)
			n = n->children;
		else {
			while (n != item && n->next == NULL)
				n = n->parent;
			if (n != item)
				n = n->next;
		}
	}
	return (NULL);
}

void
extract_date_opts(const struct source_conf *sc, time_t now,
    struct date_opts *dopts)
{
	memset(dopts, 0, sizeof(*dopts));
	dopts->do_formats = (const char *const *)sc->sc_date_formats;
	dopts->do_nformats = sc->sc_ndate_formats;
	dopts->do_tz = sc->sc_tz;
	dopts->do_now = now;
	dopts->do_order = (enum date_order)sc->sc_date_order;
	dopts->do_order_given = config_source_key_given(sc, "date_order");
}

static xmlXPathObjectPtr
extract_eval(xmlXPathContextPtr ctx, xmlNodePtr at, const struct selector *sel)
{
	if (sel->sel_comp == NULL)
		return (NULL);
	ctx->node = at;
	return (xmlXPathCompiledEval(sel->sel_comp, ctx));
}

static xmlNodePtr
extract_first(xmlXPathObjectPtr obj)
{
	int	 i;

	if (obj == NULL || obj->type != XPATH_NODESET ||
	    obj->nodesetval == NULL)
		return (NULL);
	for (i = 0; i < obj->nodesetval->nodeNr; i++)
		if (obj->nodesetval->nodeTab[i]->type != XML_NAMESPACE_DECL)
			return (obj->nodesetval->nodeTab[i]);
	return (NULL);
}

/* The first image source at or under N: src, lazy-loading attributes, srcset. */
static char *
extract_img_src(xmlNodePtr n)
{
	static const char	*attrs[] = { "src", "data-src", "data-lazy-src",
	    "data-original", "srcset", "data-srcset", NULL };
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 obj;
	xmlNodePtr		 img = n;
	xmlChar			*v;
	char			*s = NULL;
	size_t			 i;

	if (strcasecmp((const char *)n->name, "img") != 0) {
		if ((ctx = xmlXPathNewContext(n->doc)) == NULL)
			return (NULL);
		ctx->node = n;
		obj = xmlXPathEvalExpression((const xmlChar *)
		    "(.//img | .//source[@srcset])[1]", ctx);
		img = extract_first(obj);
		xmlXPathFreeObject(obj);
		xmlXPathFreeContext(ctx);
		if (img == NULL)
			return (NULL);
	}
	for (i = 0; attrs[i] != NULL && s == NULL; i++) {
		if ((v = xmlGetProp(img, (const xmlChar *)attrs[i])) == NULL)
			continue;
		/* A data: placeholder gives way to data-src and the rest. */
		if (v[0] != '\0' &&
		    url_reference_allowed((const char *)v, URL_IMAGE)) {
			/* srcset: the first candidate's URL. */
			s = xstrndup((const char *)v, strcspn((const char *)v,
			    i >= 4 ? " \t\r\n," : "\r\n"));
		}
		xmlFree(v);
	}
	return (s);
}

/* An absolute http(s) image URL from the item.image match, or NULL. */
static char *
extract_image(xmlXPathContextPtr ctx, xmlNodePtr at,
    const struct selector *sel, const char *base)
{
	xmlXPathObjectPtr	 obj;
	xmlNodePtr		 n;
	char			*raw = NULL, *abs;

	if ((obj = extract_eval(ctx, at, sel)) == NULL)
		return (NULL);
	if ((n = extract_first(obj)) != NULL) {
		if (sel->sel_attr != NULL)
			raw = extract_prop(n, sel->sel_attr);
		else if (n->type == XML_ELEMENT_NODE)
			raw = extract_img_src(n);
		else
			raw = extract_node_string(n);
	} else if (obj->type == XPATH_STRING && obj->stringval != NULL)
		raw = xstrdup((const char *)obj->stringval);
	xmlXPathFreeObject(obj);
	abs = item_resolve_link(raw, base);
	free(raw);
	if (abs != NULL && !url_allowed(abs, URL_IMAGE)) {
		free(abs);
		abs = NULL;
	}
	return (abs);
}

/* Sanitised inner HTML of the first match (text matches are escaped). */
static char *
extract_content(xmlXPathContextPtr ctx, xmlNodePtr at,
    const struct selector *sel, const char *base)
{
	xmlXPathObjectPtr	 obj;
	xmlNodePtr		 n;
	char			*html = NULL, *text;

	if ((obj = extract_eval(ctx, at, sel)) == NULL)
		return (NULL);
	n = extract_first(obj);
	if (n != NULL && n->type == XML_ELEMENT_NODE && sel->sel_attr == NULL)
		html = sanitize_html(n, base);
	else {
		xmlXPathFreeObject(obj);
		obj = NULL;
		text = text_clean_take(extract_field(ctx, sel, 0, 0, NULL),
		    SANITIZE_MAX_HTML / 8);
		if (text != NULL) {
			html = text_html_escape_str(text);
			free(text);
		}
	}
	xmlXPathFreeObject(obj);
	return (html);
}

/* Every match's text, cleaned, without repeats, one per line. */
static char *
extract_categories(xmlXPathContextPtr ctx, xmlNodePtr at,
    const struct selector *sel)
{
	xmlXPathObjectPtr	 obj;
	xmlNodeSetPtr		 ns;
	struct buf		 b;
	char			*raw;
	size_t			 count = 0;
	int			 i;

	if ((obj = extract_eval(ctx, at, sel)) == NULL)
		return (NULL);
	buf_init(&b, ITEM_MAX_CATEGORIES * (ITEM_MAX_CATEGORY + 1) + 1);
	ns = obj->type == XPATH_NODESET ? obj->nodesetval : NULL;
	for (i = 0; ns != NULL && i < ns->nodeNr &&
	    count < ITEM_MAX_CATEGORIES; i++) {
		xmlNodePtr n = ns->nodeTab[i];

		if (sel->sel_attr != NULL && n->type == XML_ELEMENT_NODE)
			raw = extract_prop(n, sel->sel_attr);
		else
			raw = extract_node_string(n);
		item_category_add(&b, &count, raw);
	}
	if (ns == NULL && obj->type == XPATH_STRING && obj->stringval != NULL)
		item_category_add(&b, &count,
		    xstrdup((const char *)obj->stringval));
	xmlXPathFreeObject(obj);
	if (b.b_len == 0) {
		buf_free(&b);
		return (NULL);
	}
	return (buf_take(&b, NULL));
}

_Static_assert(FIELD_COUNT == sizeof(((struct extraction *)0)->ex_missing) /
    sizeof(size_t), "ex_missing has one count per field");

/*
 * Counts, for each configured item.* selector, the items in which it
 * matched nothing, and where a missing title was taken from.
 */
static void
extract_count_missing(const struct source_conf *sc, const struct item *it,
    int title_found, int link_found, struct extraction *ex)
{
	const struct selector	*fl = sc->sc_fields;

	if (fl[FIELD_TITLE].sel_comp != NULL && !title_found) {
		ex->ex_missing[FIELD_TITLE]++;
		if (it->it_summary != NULL)
			ex->ex_title_summary++;
		else if (it->it_link != NULL)
			ex->ex_title_link++;
	}
	if (fl[FIELD_LINK].sel_comp != NULL && !link_found)
		ex->ex_missing[FIELD_LINK]++;
#define MISSING(field, member) do {					\
	if (fl[field].sel_comp != NULL && it->member == NULL)		\
		ex->ex_missing[field]++;				\
} while (0)
	MISSING(FIELD_DATE, it_date_text);
	MISSING(FIELD_SUMMARY, it_summary);
	MISSING(FIELD_CONTENT, it_content);
	MISSING(FIELD_AUTHOR, it_author);
	MISSING(FIELD_IMAGE, it_image);
	MISSING(FIELD_CATEGORY, it_categories);
	MISSING(FIELD_GUID, it_guid_text);
#undef MISSING
}

static int
extract_one(const struct source_conf *sc, xmlXPathContextPtr ctx,
    xmlNodePtr node, const char *base, const struct date_opts *dopts,
    struct item *it, struct extraction *ex)
{
	int		 title_found;
	xmlNodePtr	 title_node = NULL;
	char		*href;

	memset(it, 0, sizeof(*it));
	ctx->node = node;
	it->it_title = text_clean_take(extract_field(ctx,
	    &sc->sc_fields[FIELD_TITLE], 0, 0, &title_node), ITEM_MAX_TITLE);
	if (sc->sc_fields[FIELD_LINK].sel_comp != NULL) {
		ctx->node = node;
		href = extract_field(ctx, &sc->sc_fields[FIELD_LINK], 0, 1,
		    NULL);
	} else
		href = extract_fallback_href(title_node ? title_node : node,
		    node);
	it->it_link = item_resolve_link(href, base);
	free(href);
	ctx->node = node;
	it->it_summary = text_clean_take(extract_field(ctx,
	    &sc->sc_fields[FIELD_SUMMARY], 1, 0, NULL), ITEM_MAX_SUMMARY);
	ctx->node = node;
	it->it_date_text = text_clean_take(extract_field(ctx,
	    &sc->sc_fields[FIELD_DATE], 0, 0, NULL), ITEM_MAX_DATE_TEXT);
	it->it_date = item_date_link(it->it_date_text, it->it_link, dopts,
	    &it->it_date_future, &it->it_date_offset, &it->it_date_only);
	it->it_content = extract_content(ctx, node,
	    &sc->sc_fields[FIELD_CONTENT], base);
	ctx->node = node;
	it->it_author = text_clean_take(extract_field(ctx,
	    &sc->sc_fields[FIELD_AUTHOR], 0, 0, NULL), ITEM_MAX_AUTHOR);
	it->it_image = extract_image(ctx, node, &sc->sc_fields[FIELD_IMAGE],
	    base);
	it->it_categories = extract_categories(ctx, node,
	    &sc->sc_fields[FIELD_CATEGORY]);
	ctx->node = node;
	it->it_guid_text = text_clean_take(extract_field(ctx,
	    &sc->sc_fields[FIELD_GUID], 0, 0, NULL), ITEM_MAX_LINK);
	title_found = it->it_title != NULL;
	if (item_titled(it) == -1)
		return (-1);
	extract_count_missing(sc, it, title_found, it->it_link != NULL, ex);
	return (0);
}


/*
 * Parses a fetched page.  encoding.c decides the encoding as browsers do
 * (BOM, HTTP charset, <meta> prescan, the source's fallback, sniffing) and
 * hands libxml2 clean UTF-8, so no invalid byte reaches an item.
 */
static htmlDocPtr
extract_parse(const char *body, size_t len, const char *url,
    const char *content_type, const char *fallback, int override,
    const char **used, const char **why, char **cause)
{
	htmlDocPtr	 doc;
	const char	*enc = NULL, *how = NULL;

	if (len == 0) {
		*cause = xstrdup("empty page");
		return (NULL);
	}
	if (len > INT32_MAX) {
		*cause = xstrdup("page too large");
		return (NULL);
	}
	doc = encoding_parse_html_override(body, len, url, content_type,
	    fallback, override, &enc, &how);
	if (doc != NULL && xmlDocGetRootElement(doc) == NULL) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (doc == NULL) {
		*cause = xstrdup("not an HTML document");
		return (NULL);
	}
	log_debug("%s: decoded as %s (%s)", url, enc ? enc : "?",
	    how ? how : "?");
	if (used != NULL)
		*used = enc;
	if (why != NULL)
		*why = how;
	return (doc);
}

/*
 * When the source's encoding key was set but a declaration won (a BOM,
 * the HTTP charset or a <meta>), says so: a garbled title then points at
 * encoding_override.  NULL when the key was used or agrees.
 */
static char *
extract_encoding_note(const struct source_conf *sc, const char *body,
    size_t len, const char *content_type, const struct extraction *ex)
{
	const char	*how = ex->ex_encoding_how, *key;
	char		 label[64], *note = NULL;

	if (sc->sc_encoding == NULL || how == NULL || ex->ex_encoding == NULL)
		return (NULL);
	key = encoding_normalise(sc->sc_encoding);
	if (key != NULL && strcasecmp(key, ex->ex_encoding) == 0)
		return (NULL);
	if (strcmp(how, "http") == 0) {
		if (encoding_declared(body, len, content_type, how, label,
		    sizeof(label)) == -1)
			snprintf(label, sizeof(label), "%s", ex->ex_encoding);
		xasprintf(&note, "encoding = %s not used: the HTTP header "
		    "declares %s (set encoding_override = yes to use it "
		    "anyway)", sc->sc_encoding, label);
	} else if (strcmp(how, "meta") == 0)
		xasprintf(&note, "encoding = %s not used: a <meta> in the "
		    "page declares %s (set encoding_override = yes to use it "
		    "anyway)", sc->sc_encoding, ex->ex_encoding);
	else if (strcmp(how, "bom") == 0)
		xasprintf(&note, "encoding = %s not used: the page starts "
		    "with a byte order mark for %s, which no setting "
		    "overrides", sc->sc_encoding, ex->ex_encoding);
	return (note);
}

/* Where relative links point: <base href> resolved against URL, else URL. */
static char *
extract_base(xmlXPathContextPtr ctx, const char *url)
{
	xmlXPathObjectPtr	 obj;
	char			*raw, *base = NULL;

	ctx->node = NULL;
	obj = xmlXPathEvalExpression((const xmlChar *)
	    "string((//base[@href])[1]/@href)", ctx);
	if (obj != NULL && obj->type == XPATH_STRING &&
	    obj->stringval != NULL && obj->stringval[0] != '\0') {
		raw = text_clean((const char *)obj->stringval,
		    ITEM_MAX_LINK);
		base = url_resolve(raw, url);
		free(raw);
		/* A <base> may move links within http(s), not elsewhere. */
		if (base != NULL && !url_allowed(base, URL_BASE)) {
			free(base);
			base = NULL;
		}
	}
	xmlXPathFreeObject(obj);
	return (base != NULL ? base : xstrdup(url));
}

static char *
extract_doc_title(xmlXPathContextPtr ctx)
{
	xmlXPathObjectPtr	 obj;
	char			*t = NULL;

	ctx->node = NULL;
	obj = xmlXPathEvalExpression((const xmlChar *)"(//title)[1]", ctx);
	if (extract_first(obj) != NULL)
		t = text_clean_take(extract_node_string(extract_first(obj)),
		    ITEM_MAX_TITLE);
	xmlXPathFreeObject(obj);
	return (t);
}

/* The page's language: lang or xml:lang on <html>, as a tag, or NULL. */
static char *
extract_doc_language(xmlDocPtr doc)
{
	xmlNodePtr	 root = xmlDocGetRootElement(doc);
	xmlChar		*v;
	char		*lang;

	if (root == NULL)
		return (NULL);
	if ((v = xmlGetProp(root, (const xmlChar *)"lang")) == NULL &&
	    (v = xmlGetNsProp(root, (const xmlChar *)"lang",
	    XML_XML_NAMESPACE)) == NULL &&
	    (v = xmlGetProp(root, (const xmlChar *)"xml:lang")) == NULL)
		return (NULL);
	lang = feed_language((const char *)v);
	xmlFree(v);
	return (lang);
}

int
extract_has_fields(const struct source_conf *sc)
{
	int	 f;

	for (f = 0; f < FIELD_COUNT; f++)
		if (sc->sc_fields[f].sel_comp != NULL)
			return (1);
	return (0);
}

/*
 * A source without item but with item.* fields: the given fields replace
 * the detected ones, evaluated relative to each detected item's element.
 */
static void
extract_override(const struct source_conf *sc, xmlXPathContextPtr ctx,
    xmlNodePtr node, const char *base, const struct date_opts *dopts,
    struct item *it, int *title_found, int *link_found)
{
	const struct selector	*fl = sc->sc_fields;
	char			*s;

#define OVERRIDE(field, member, value) do {				\
	if (fl[field].sel_comp != NULL) {				\
		ctx->node = node;					\
		s = (value);						\
		free(it->member);					\
		it->member = s;						\
	}								\
} while (0)
	OVERRIDE(FIELD_TITLE, it_title, text_clean_take(extract_field(ctx,
	    &fl[FIELD_TITLE], 0, 0, NULL), ITEM_MAX_TITLE));
	*title_found = it->it_title != NULL;
	if (fl[FIELD_LINK].sel_comp != NULL) {
		ctx->node = node;
		s = extract_field(ctx, &fl[FIELD_LINK], 0, 1, NULL);
		free(it->it_link);
		it->it_link = item_resolve_link(s, base);
		free(s);
	}
	*link_found = it->it_link != NULL;
	OVERRIDE(FIELD_SUMMARY, it_summary, text_clean_take(extract_field(ctx,
	    &fl[FIELD_SUMMARY], 1, 0, NULL), ITEM_MAX_SUMMARY));
	if (fl[FIELD_DATE].sel_comp != NULL) {
		OVERRIDE(FIELD_DATE, it_date_text, text_clean_take(
		    extract_field(ctx, &fl[FIELD_DATE], 0, 0, NULL),
		    ITEM_MAX_DATE_TEXT));
		it->it_date_future = 0;
		it->it_date = item_date_link(it->it_date_text, it->it_link,
		    dopts, &it->it_date_future, &it->it_date_offset,
		    &it->it_date_only);
	}
	OVERRIDE(FIELD_CONTENT, it_content, extract_content(ctx, node,
	    &fl[FIELD_CONTENT], base));
	OVERRIDE(FIELD_AUTHOR, it_author, text_clean_take(extract_field(ctx,
	    &fl[FIELD_AUTHOR], 0, 0, NULL), ITEM_MAX_AUTHOR));
	OVERRIDE(FIELD_IMAGE, it_image, extract_image(ctx, node,
	    &fl[FIELD_IMAGE], base));
	OVERRIDE(FIELD_CATEGORY, it_categories, extract_categories(ctx, node,
	    &fl[FIELD_CATEGORY]));
	OVERRIDE(FIELD_GUID, it_guid_text, text_clean_take(extract_field(ctx,
	    &fl[FIELD_GUID], 0, 0, NULL), ITEM_MAX_LINK));
#undef OVERRIDE
}

void
extract_fields_on(const struct source_conf *sc, struct extract_doc *ed,
    const struct date_opts *dopts, xmlNodePtr *roots, struct extraction *ex)
{
	size_t	 i, out;

	for (i = out = 0; i < ex->ex_nitems; i++) {
		struct item	*it = &ex->ex_items[i];
		int		 title_found = 1, link_found = 1;

		if (roots[i] != NULL)
			extract_override(sc, ed->ed_ctx, roots[i],
			    ed->ed_base, dopts, it, &title_found, &link_found);
		if (it->it_link == NULL && it->it_guid_text == NULL &&
		    it->it_title == NULL) {
			item_free(it);
			continue;
		}
		if (it->it_title == NULL && item_titled(it) == -1)
			continue;
		if (roots[i] != NULL)
			extract_count_missing(sc, it, title_found, link_found,
			    ex);
		ex->ex_items[out++] = *it;
	}
	ex->ex_nitems = out;
}

int
extract_doc_open(const struct source_conf *sc, const char *body, size_t len,
    const char *url, const char *content_type, struct extraction *ex,
    struct extract_doc *ed, char **cause)
{
	memset(ed, 0, sizeof(*ed));
	if ((ed->ed_doc = extract_parse(body, len, url, content_type,
	    sc->sc_encoding, sc->sc_encoding_override,
	    ex != NULL ? &ex->ex_encoding : NULL,
	    ex != NULL ? &ex->ex_encoding_how : NULL, cause)) == NULL)
		return (-1);
	if ((ed->ed_ctx = xmlXPathNewContext(ed->ed_doc)) == NULL) {
		extract_doc_close(ed);
		*cause = xstrdup("out of memory for XPath");
		return (-1);
	}
	ed->ed_base = extract_base(ed->ed_ctx, url);
	if (ex != NULL) {
		ex->ex_encoding_note = extract_encoding_note(sc, body, len,
		    content_type, ex);
		ex->ex_title = extract_doc_title(ed->ed_ctx);
		ex->ex_language = extract_doc_language(ed->ed_doc);
	}
	return (0);
}

void
extract_doc_close(struct extract_doc *ed)
{
	xmlXPathFreeContext(ed->ed_ctx);
	free(ed->ed_base);
	xmlFreeDoc(ed->ed_doc);
	memset(ed, 0, sizeof(*ed));
}

int
extract_selected(const struct source_conf *sc, struct extract_doc *ed,
    const struct date_opts *dopts, struct extraction *ex, char **cause)
{
	xmlXPathContextPtr	 ctx = ed->ed_ctx;
	xmlXPathObjectPtr	 obj;
	xmlNodeSetPtr		 ns;
	xmlNodePtr		 node;
	struct item		*it;
	size_t			 max;
	int			 i;

	ctx->node = xmlDocGetRootElement(ed->ed_doc);
	obj = xmlXPathCompiledEval(sc->sc_item.sel_comp, ctx);
	if (obj == NULL || obj->type != XPATH_NODESET) {
		xmlXPathFreeObject(obj);
		*cause = xstrdup("the item selector did not select nodes");
		return (-1);
	}
	ns = obj->nodesetval;
	if (ns != NULL && ns->nodeNr > 0) {
		max = ns->nodeNr < ITEM_MAX_ITEMS ? (size_t)ns->nodeNr :
		    ITEM_MAX_ITEMS;
		ex->ex_items = xcalloc(max, sizeof(struct item));
		for (i = 0; i < ns->nodeNr && ex->ex_nitems < max; i++) {
			node = ns->nodeTab[i];
			if (node->type != XML_ELEMENT_NODE)
				continue;
			it = &ex->ex_items[ex->ex_nitems];
			if (extract_one(sc, ctx, node, ed->ed_base, dopts, it,
			    ex) == 0)
				ex->ex_nitems++;
		}
	}
	xmlXPathFreeObject(obj);
	return (0);
}

/* Moves *FROM into *TO when TO is empty. */
static void
extract_fill(char **to, char **from)
{
	if (*to == NULL) {
		*to = *from;
		*from = NULL;
	}
}

/*
 * follow = article: the article of the page ED, after the page.* fields
 * were read (it takes the document apart), in the fields they left empty.
 */
static void
extract_page_article(const struct source_conf *sc, struct extract_doc *ed,
    const struct date_opts *dopts, struct item_page *ip)
{
	struct article	 ar;
	int		 found;

	found = article_extract(ed->ed_doc, ed->ed_base, dopts, &ar) == 0;
	if (found && sc->sc_page[PAGE_CONTENT].sel_spec == NULL)
		extract_fill(&ip->ip_content, &ar.ar_content);
	else if (!found && ip->ip_content == NULL)
		ip->ip_no_article = ar.ar_why;
	if (sc->sc_page[PAGE_DATE].sel_spec == NULL && ar.ar_date != 0 &&
	    ip->ip_date == 0) {
		ip->ip_date = ar.ar_date;
		ip->ip_date_offset = ar.ar_date_offset;
		ip->ip_date_only = ar.ar_date_only;
		extract_fill(&ip->ip_date_text, &ar.ar_date_text);
	}
	if (sc->sc_page[PAGE_AUTHOR].sel_spec == NULL)
		extract_fill(&ip->ip_author, &ar.ar_author);
	if (sc->sc_page[PAGE_IMAGE].sel_spec == NULL)
		extract_fill(&ip->ip_image, &ar.ar_image);
	extract_fill(&ip->ip_title_found, &ar.ar_title);
	if (found)
		extract_fill(&ip->ip_next, &ar.ar_next);
	article_free(&ar);
}

int
extract_item_page(const struct source_conf *sc, const char *body, size_t len,
    const char *url, const char *content_type, time_t now,
    struct item_page *ip, char **cause)
{
	struct extract_doc	 ed;
	struct date_opts	 dopts;
	xmlXPathContextPtr	 ctx;
	xmlNodePtr		 root;

	memset(ip, 0, sizeof(*ip));
	if (extract_doc_open(sc, body, len, url, content_type, NULL, &ed,
	    cause) == -1)
		return (-1);
	extract_date_opts(sc, now, &dopts);
	ctx = ed.ed_ctx;
	root = xmlDocGetRootElement(ed.ed_doc);
	ctx->node = root;
	ip->ip_title = text_clean_take(extract_field(ctx,
	    &sc->sc_page[PAGE_TITLE], 0, 0, NULL), ITEM_MAX_TITLE);
	ctx->node = root;
	ip->ip_date_text = text_clean_take(extract_field(ctx,
	    &sc->sc_page[PAGE_DATE], 0, 0, NULL), ITEM_MAX_DATE_TEXT);
	ip->ip_date = item_date(ip->ip_date_text, &dopts, NULL,
	    &ip->ip_date_offset, &ip->ip_date_only);
	ip->ip_content = extract_content(ctx, root,
	    &sc->sc_page[PAGE_CONTENT], ed.ed_base);
	ctx->node = root;
	ip->ip_author = text_clean_take(extract_field(ctx,
	    &sc->sc_page[PAGE_AUTHOR], 0, 0, NULL), ITEM_MAX_AUTHOR);
	ip->ip_image = extract_image(ctx, root, &sc->sc_page[PAGE_IMAGE],
	    ed.ed_base);
	if (sc->sc_follow == FOLLOW_ARTICLE)
		extract_page_article(sc, &ed, &dopts, ip);
	extract_doc_close(&ed);
	return (0);
}

int
extract_article(const struct source_conf *sc, const char *body, size_t len,
    const char *url, const char *content_type, time_t now,
    struct article *ar, char **cause)
{
	struct extract_doc	 ed;
	struct date_opts	 dopts;
	int			 rc;

	memset(ar, 0, sizeof(*ar));
	if (extract_doc_open(sc, body, len, url, content_type, NULL, &ed,
	    cause) == -1)
		return (-1);
	extract_date_opts(sc, now, &dopts);
	rc = article_extract(ed.ed_doc, ed.ed_base, &dopts, ar) == 0 ? 0 : 1;
	extract_doc_close(&ed);
	return (rc);
}

const char *
extract_missing_note(const struct extraction *ex, size_t field)
{
	if (field == FIELD_TITLE)
		return (ex->ex_title_summary == 0 ?
		    " (titles taken from the link)" :
		    ex->ex_title_link == 0 ?
		    " (titles taken from the summary)" :
		    " (titles taken from the summary or the link)");
	if (field == FIELD_DATE)
		return (" (first-seen used)");
	return ("");
}
