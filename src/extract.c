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

#include "buf.h"
#include "config.h"
#include "date.h"
#include "extract.h"
#include "text.h"
#include "util.h"

/* Raw text collected before cleaning is capped well above any field cap. */
#define EXTRACT_RAW_MAX	(256 * 1024)

/* Inline elements do not separate words; every other element does. */
static const char *inline_elements[] = {
	"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em",
	"font", "i", "kbd", "label", "mark", "q", "s", "samp", "small",
	"span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
	"wbr", NULL
};

static int
extract_is_inline(const xmlChar *name)
{
	size_t	 i;

	for (i = 0; inline_elements[i] != NULL; i++)
		if (strcasecmp((const char *)name, inline_elements[i]) == 0)
			return (1);
	return (0);
}

static int
extract_is_hidden(const xmlChar *name)
{
	return (strcasecmp((const char *)name, "script") == 0 ||
	    strcasecmp((const char *)name, "style") == 0 ||
	    strcasecmp((const char *)name, "template") == 0 ||
	    strcasecmp((const char *)name, "noscript") == 0);
}

/* Appends the visible text under NODE; the buffer's cap bounds the work. */
static void
extract_text(xmlNodePtr node, struct buf *b, int depth)
{
	xmlNodePtr	 c;

	if (depth > 512 || b->b_len >= EXTRACT_RAW_MAX - 1)
		return;
	switch (node->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (node->content != NULL)
			buf_addstr(b, (const char *)node->content);
		return;
	case XML_ATTRIBUTE_NODE:
	case XML_ELEMENT_NODE:
	case XML_DOCUMENT_NODE:
	case XML_HTML_DOCUMENT_NODE:
		break;
	default:
		return;
	}
	if (node->type == XML_ELEMENT_NODE && extract_is_hidden(node->name))
		return;
	for (c = node->children; c != NULL; c = c->next) {
		int	 sep = c->type == XML_ELEMENT_NODE &&
		    !extract_is_inline(c->name);

		if (sep)
			buf_add(b, " ", 1);
		extract_text(c, b, depth + 1);
		if (sep)
			buf_add(b, " ", 1);
	}
}

static char *
extract_node_string(xmlNodePtr node)
{
	struct buf	 b;
	char		*s;

	buf_init(&b, EXTRACT_RAW_MAX);
	extract_text(node, &b, 0);
	s = buf_take(&b, NULL);
	return (s);
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
			if (i == 0 && matched != NULL)
				*matched = n;
			if (i > 0)
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
				extract_text(n, &b, 0);
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

char *
extract_resolve_link(const char *href, const char *base)
{
	xmlChar		*abs;
	char		*clean, *esc = NULL;
	const char	*colon;

	if (href == NULL)
		return (NULL);
	clean = text_clean(href, EXTRACT_MAX_LINK);
	if (clean[0] == '\0')
		goto out;
	/* Links that run script or embed data are not links to an item. */
	if ((colon = strchr(clean, ':')) != NULL &&
	    strcspn(clean, "/?#") > (size_t)(colon - clean)) {
		if (strncasecmp(clean, "http:", 5) != 0 &&
		    strncasecmp(clean, "https:", 6) != 0 &&
		    strncasecmp(clean, "ftp:", 4) != 0 &&
		    strncasecmp(clean, "mailto:", 7) != 0)
			goto out;
	}
	abs = xmlBuildURI((const xmlChar *)clean, (const xmlChar *)base);
	if (abs == NULL) {
		/* libxml2 refuses some odd hrefs; escape and retry once. */
		char	*e = text_uri_escape(clean);

		abs = xmlBuildURI((const xmlChar *)e, (const xmlChar *)base);
		free(e);
		if (abs == NULL)
			goto out;
	}
	esc = text_uri_escape((const char *)abs);
	xmlFree(abs);
	if (strlen(esc) > EXTRACT_MAX_LINK) {
		free(esc);
		esc = NULL;
	}
out:
	free(clean);
	return (esc);
}

static char *
extract_clean(char *raw, size_t max)
{
	char	*s;

	if (raw == NULL)
		return (NULL);
	s = text_clean(raw, max);
	free(raw);
	if (s[0] == '\0') {
		free(s);
		return (NULL);
	}
	return (s);
}

static void
extract_item_free(struct item *it)
{
	free(it->it_guid);
	free(it->it_title);
	free(it->it_link);
	free(it->it_summary);
	free(it->it_date_text);
}

/* The first <a href> at or above NODE, up to the item, else inside the item. */
static char *
extract_fallback_href(xmlNodePtr title_node, xmlNodePtr item)
{
	xmlNodePtr	 n;
	xmlChar		*v;
	char		*s;

	for (n = title_node; n != NULL && n != item->parent; n = n->parent) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcasecmp((const char *)n->name, "a") == 0 &&
		    (v = xmlGetProp(n, (const xmlChar *)"href")) != NULL) {
			s = xstrdup((const char *)v);
			xmlFree(v);
			return (s);
		}
	}
	/* Depth-first walk of the item for the first link. */
	n = item->children;
	while (n != NULL && n != item) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcasecmp((const char *)n->name, "a") == 0 &&
		    (v = xmlGetProp(n, (const xmlChar *)"href")) != NULL) {
			s = xstrdup((const char *)v);
			xmlFree(v);
			return (s);
		}
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

static char *
extract_hash_guid(const struct item *it)
{
	uint64_t	 h1 = FNV1A64_INIT, h2 = 0x84222325cbf29ce4ULL;
	const char	*parts[3];
	char		*guid;
	size_t		 i;

	parts[0] = it->it_link ? it->it_link : "";
	parts[1] = it->it_title ? it->it_title : "";
	parts[2] = it->it_date_text ? it->it_date_text : "";
	for (i = 0; i < 3; i++) {
		h1 = fnv1a64(parts[i], strlen(parts[i]) + 1, h1);
		h2 = fnv1a64(parts[i], strlen(parts[i]) + 1, h2);
	}
	/* A name-based UUID (version 8 layout): an id every validator knows. */
	h1 = (h1 & ~0xf000ULL) | 0x8000ULL;
	h2 = (h2 & ~(3ULL << 62)) | (2ULL << 62);
	xasprintf(&guid, "urn:uuid:%08llx-%04llx-%04llx-%04llx-%012llx",
	    (unsigned long long)(h1 >> 32),
	    (unsigned long long)((h1 >> 16) & 0xffff),
	    (unsigned long long)(h1 & 0xffff),
	    (unsigned long long)(h2 >> 48),
	    (unsigned long long)(h2 & 0xffffffffffffULL));
	return (guid);
}

/* Guids: the link when it is unique on the page, else a stable hash. */
static void
extract_assign_guids(struct page *pg)
{
	size_t	 i, j, out;
	int	 dup;

	for (i = 0; i < pg->pg_nitems; i++) {
		struct item	*it = &pg->pg_items[i];

		dup = it->it_link == NULL;
		for (j = 0; !dup && j < pg->pg_nitems; j++)
			if (j != i && pg->pg_items[j].it_link != NULL &&
			    strcmp(pg->pg_items[j].it_link, it->it_link) == 0)
				dup = 1;
		it->it_guid = dup ? extract_hash_guid(it) : xstrdup(it->it_link);
	}
	/* The very same item twice on a page is published once. */
	for (i = out = 0; i < pg->pg_nitems; i++) {
		for (dup = 0, j = 0; j < out; j++)
			if (strcmp(pg->pg_items[j].it_guid,
			    pg->pg_items[i].it_guid) == 0)
				dup = 1;
		if (dup)
			extract_item_free(&pg->pg_items[i]);
		else
			pg->pg_items[out++] = pg->pg_items[i];
	}
	pg->pg_nitems = out;
}

static int
extract_one(const struct source_conf *sc, xmlXPathContextPtr ctx,
    xmlNodePtr node, const char *base, struct item *it)
{
	xmlNodePtr	 title_node = NULL;
	char		*href;

	memset(it, 0, sizeof(*it));
	ctx->node = node;
	it->it_title = extract_clean(extract_field(ctx,
	    &sc->sc_fields[FIELD_TITLE], 0, 0, &title_node), EXTRACT_MAX_TITLE);
	if (sc->sc_fields[FIELD_LINK].sel_comp != NULL) {
		ctx->node = node;
		href = extract_field(ctx, &sc->sc_fields[FIELD_LINK], 0, 1,
		    NULL);
	} else
		href = extract_fallback_href(title_node ? title_node : node,
		    node);
	it->it_link = extract_resolve_link(href, base);
	free(href);
	ctx->node = node;
	it->it_summary = extract_clean(extract_field(ctx,
	    &sc->sc_fields[FIELD_SUMMARY], 1, 0, NULL), EXTRACT_MAX_SUMMARY);
	ctx->node = node;
	it->it_date_text = extract_clean(extract_field(ctx,
	    &sc->sc_fields[FIELD_DATE], 0, 0, NULL), 256);
	if (it->it_date_text != NULL && date_parse(it->it_date_text,
	    (const char *const *)sc->sc_date_formats, sc->sc_ndate_formats,
	    sc->sc_tz, &it->it_date) == -1)
		it->it_date = 0;
	/* A date far in the future is a misreading (or a lie): ignore it. */
	if (it->it_date > time(NULL) + EXTRACT_MAX_FUTURE)
		it->it_date = 0;
	if (it->it_title == NULL) {
		/* A feed entry needs a title: borrow the summary or the link. */
		if (it->it_summary != NULL)
			it->it_title = text_clean(it->it_summary, 120);
		else if (it->it_link != NULL)
			it->it_title = xstrdup(it->it_link);
		else {
			extract_item_free(it);
			return (-1);
		}
	}
	return (0);
}

static const char *
extract_known_charset(const char *charset)
{
	xmlCharEncodingHandlerPtr	 h;

	if (charset == NULL || *charset == '\0' || strlen(charset) > 40)
		return (NULL);
	if ((h = xmlFindCharEncodingHandler(charset)) == NULL)
		return (NULL);
	xmlCharEncCloseFunc(h);
	return (charset);
}

int
extract_page(const struct source_conf *sc, const char *body, size_t len,
    const char *url, const char *charset, struct page *pg, char **cause)
{
	htmlDocPtr		 doc = NULL;
	xmlXPathContextPtr	 ctx = NULL;
	xmlXPathObjectPtr	 obj = NULL;
	xmlNodeSetPtr		 ns;
	xmlNodePtr		 node;
	xmlChar			*basehref = NULL, *base = NULL;
	char			*raw;
	int			 i, rv = -1;

	memset(pg, 0, sizeof(*pg));
	if (len == 0) {
		*cause = xstrdup("empty page");
		return (-1);
	}
	if (len > INT32_MAX) {
		*cause = xstrdup("page too large");
		return (-1);
	}
	doc = htmlReadMemory(body, (int)len, url,
	    extract_known_charset(charset), HTML_PARSE_NONET |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
	    HTML_PARSE_COMPACT);
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		*cause = xstrdup("not an HTML document");
		goto out;
	}
	if ((ctx = xmlXPathNewContext(doc)) == NULL) {
		*cause = xstrdup("out of memory for XPath");
		goto out;
	}
	/* <base href> moves where relative links point. */
	obj = xmlXPathEvalExpression((const xmlChar *)
	    "string((//base[@href])[1]/@href)", ctx);
	if (obj != NULL && obj->type == XPATH_STRING &&
	    obj->stringval != NULL && obj->stringval[0] != '\0')
		basehref = xmlStrdup(obj->stringval);
	xmlXPathFreeObject(obj);
	obj = NULL;
	if (basehref != NULL) {
		raw = text_clean((const char *)basehref, EXTRACT_MAX_LINK);
		base = xmlBuildURI((const xmlChar *)raw, (const xmlChar *)url);
		free(raw);
	}
	if (base == NULL)
		base = xmlStrdup((const xmlChar *)url);

	obj = xmlXPathEvalExpression((const xmlChar *)"(//title)[1]", ctx);
	if (obj != NULL && obj->type == XPATH_NODESET &&
	    obj->nodesetval != NULL && obj->nodesetval->nodeNr > 0)
		pg->pg_title = extract_clean(extract_node_string(
		    obj->nodesetval->nodeTab[0]), EXTRACT_MAX_TITLE);
	xmlXPathFreeObject(obj);

	ctx->node = xmlDocGetRootElement(doc);
	obj = xmlXPathCompiledEval(sc->sc_item.sel_comp, ctx);
	if (obj == NULL || obj->type != XPATH_NODESET) {
		*cause = xstrdup("the item selector did not select nodes");
		goto out;
	}
	ns = obj->nodesetval;
	if (ns != NULL && ns->nodeNr > 0) {
		size_t	 max = ns->nodeNr < EXTRACT_MAX_ITEMS ?
		    (size_t)ns->nodeNr : EXTRACT_MAX_ITEMS;

		pg->pg_items = xcalloc(max, sizeof(struct item));
		for (i = 0; i < ns->nodeNr && pg->pg_nitems < max; i++) {
			node = ns->nodeTab[i];
			if (node->type != XML_ELEMENT_NODE)
				continue;
			if (extract_one(sc, ctx, node, (const char *)base,
			    &pg->pg_items[pg->pg_nitems]) == 0) {
				if (pg->pg_items[pg->pg_nitems].it_date_text &&
				    pg->pg_items[pg->pg_nitems].it_date == 0)
					pg->pg_ndates_unparsed++;
				pg->pg_nitems++;
			}
		}
	}
	extract_assign_guids(pg);
	rv = 0;
out:
	if (rv == -1)
		extract_page_free(pg);
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	xmlFree(basehref);
	xmlFree(base);
	xmlFreeDoc(doc);
	return (rv);
}

void
extract_page_free(struct page *pg)
{
	size_t	 i;

	for (i = 0; i < pg->pg_nitems; i++)
		extract_item_free(&pg->pg_items[i]);
	free(pg->pg_items);
	free(pg->pg_title);
	memset(pg, 0, sizeof(*pg));
}
