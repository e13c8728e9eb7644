/*
 * extract.c: parse a fetched page with libxml2's forgiving HTML parser and
 * pull the items out with the source's selectors, compiled at config load.
 * Every string that leaves this file is clean UTF-8 (text_clean).
 */
#include <ctype.h>
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
#include "detect.h"
#include "encoding.h"
#include "extract.h"
#include "feedin.h"
#include "log.h"
#include "feed.h"
#include "sanitize.h"
#include "sha1.h"
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
		if (node->content != NULL) {
			const char	*t = (const char *)node->content;
			size_t		 len = strlen(t);
			size_t		 room = b->b_max - b->b_len - 1;

			/* A huge text node is cut (at a character), not lost. */
			if (len > room) {
				len = room;
				while (len > 0 &&
				    ((unsigned char)t[len] & 0xc0) == 0x80)
					len--;
			}
			buf_add(b, t, len);
		}
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

/* 1 when URL starts with SCHEME followed by ':' (any case). */
static int
extract_has_scheme(const char *url, const char *scheme)
{
	size_t	 n = strlen(scheme);

	return (url != NULL && strncasecmp(url, scheme, n) == 0 &&
	    url[n] == ':');
}

/*
 * Links may be http(s), ftp or mailto; file: only on a page that was itself
 * read from a file (the offline example), never because a page said so.
 */
static int
extract_scheme_ok(const char *url, const char *base)
{
	return (extract_has_scheme(url, "http") ||
	    extract_has_scheme(url, "https") ||
	    extract_has_scheme(url, "ftp") ||
	    extract_has_scheme(url, "mailto") ||
	    (extract_has_scheme(url, "file") &&
	    extract_has_scheme(base, "file")));
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
	/* Checked again once resolved: a base can make "a" javascript:a. */
	if (strlen(esc) > EXTRACT_MAX_LINK || !extract_scheme_ok(esc, base)) {
		free(esc);
		esc = NULL;
	}
out:
	free(clean);
	return (esc);
}

void
extract_item_free(struct item *it)
{
	free(it->it_guid);
	free(it->it_title);
	free(it->it_link);
	free(it->it_summary);
	free(it->it_date_text);
	free(it->it_content);
	free(it->it_author);
	free(it->it_image);
	free(it->it_categories);
	free(it->it_guid_text);
	free(it->it_legacy_guid);
	memset(it, 0, sizeof(*it));
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
	/* A link inside the title, then the item's first link. */
	if (title_node != item && title_node->type == XML_ELEMENT_NODE &&
	    (s = extract_fallback_href(title_node, title_node)) != NULL)
		return (s);
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

static int
extract_has_year(const char *s)
{
	size_t	 run = 0;

	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s)) {
			if (++run == 4 && !isdigit((unsigned char)s[1]))
				return (1);
		} else
			run = 0;
	}
	return (0);
}

/*
 * Hash guids are name-based UUIDs, version 5 (RFC 9562): SHA-1 over this
 * namespace, itself uuid5(NameSpace_URL, "urn:pagefeed:item"), and the
 * name.  Releases before store schema 4 made a version-8 layout from two FNV-1a
 * hashes instead; that id is still computed (it_legacy_guid) so the store
 * can rename an item it knows under it rather than publish it again.
 */
static const unsigned char extract_uuid_ns[16] = { 0x43, 0x96, 0xa8, 0xa5,
    0x6d, 0xfb, 0x5f, 0x58, 0xa1, 0x0b, 0xc1, 0x4b, 0x4d, 0x73, 0xe4, 0x72 };

/* The version-8 layout of releases before store schema 4 (legacy ids only). */
static char *
extract_legacy_uuid(uint64_t h1, uint64_t h2)
{
	char	*guid;

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

/* uuid5 of the NPARTS strings of PARTS; WITH_NUL as sha1_uuid5. */
static char *
extract_uuid(const char *const *parts, size_t nparts, int with_nul)
{
	char	 urn[SHA1_UUID_URN_LEN];

	sha1_uuid5(extract_uuid_ns, parts, nparts, with_nul, urn);
	return (xstrdup(urn));
}

/*
 * The id of an item whose key is missing or not unique: a uuid of its
 * link, title and dated text; *LEGACY gets the id releases before store schema 4
 * gave it (caller frees both).
 */
static char *
extract_hash_guid(const struct item *it, char **legacy)
{
	uint64_t	 h1 = FNV1A64_INIT, h2 = 0x84222325cbf29ce4ULL;
	const char	*parts[3];
	size_t		 i;

	parts[0] = it->it_link ? it->it_link : "";
	parts[1] = it->it_title ? it->it_title : "";
	/*
	 * "5 minutes ago" changes at every poll; only a date that names its
	 * year is stable enough to be part of an identity.
	 */
	parts[2] = it->it_date_text != NULL &&
	    extract_has_year(it->it_date_text) ? it->it_date_text : "";
	for (i = 0; i < 3; i++) {
		h1 = fnv1a64(parts[i], strlen(parts[i]) + 1, h1);
		h2 = fnv1a64(parts[i], strlen(parts[i]) + 1, h2);
	}
	*legacy = extract_legacy_uuid(h1, h2);
	/* Each part with its NUL: ("ab", "c") is not ("a", "bc"). */
	return (extract_uuid(parts, 3, 1));
}

/*
 * Whether an IRI that says "urn:" is a URN as RFC 2141 writes them (and a
 * "urn:uuid:" a UUID): validators refuse "urn:x:1" as an Atom id.
 */
static int
extract_urn_ok(const char *g)
{
	const char	*p;
	size_t		 n, i;

	if (strncasecmp(g, "urn:", 4) != 0)
		return (1);
	if (strncasecmp(g, "urn:uuid:", 9) == 0) {
		for (i = 0, p = g + 9; i < 36; i++, p++) {
			if (i == 8 || i == 13 || i == 18 || i == 23 ?
			    *p != '-' : !isxdigit((unsigned char)*p))
				return (0);
		}
		return (*p == '\0');
	}
	p = g + 4;
	n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-");
	if (n < 2 || n > 32 || *p == '-' || p[n] != ':' || p[n + 1] == '\0')
		return (0);
	for (p += n + 1; *p != '\0'; p++) {
		if (*p == '%' && isxdigit((unsigned char)p[1]) &&
		    isxdigit((unsigned char)p[2]))
			p += 2;
		else if (!isalnum((unsigned char)*p) &&
		    strchr("()+,.:=@;$_!*'-", *p) == NULL)
			return (0);
	}
	return (1);
}

/*
 * An item's identity key before the uniqueness check: its item.guid (as an
 * IRI: text that is not one, or a malformed URN, becomes a name-based
 * uuid, and *LEGACY the id releases before store schema 4 gave it), else its link.
 */
static char *
extract_guid_key(const struct item *it, char **legacy)
{
	const char	*g = it->it_guid_text, *colon;
	char		*iri;
	uint64_t	 h1, h2;

	*legacy = NULL;
	if (g == NULL)
		return (it->it_link ? xstrdup(it->it_link) : NULL);
	colon = strchr(g, ':');
	if (colon != NULL && colon > g && strspn(g, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") == (size_t)(colon - g) &&
	    strpbrk(g, " <>\"") == NULL) {
		iri = text_uri_escape(g);
		if (extract_urn_ok(iri))
			return (iri);
		/* Stored as it was before schema 4: the store renames it. */
		*legacy = iri;
		return (extract_uuid(&g, 1, 0));
	}
	h1 = fnv1a64(g, strlen(g), FNV1A64_INIT);
	h2 = fnv1a64(g, strlen(g), 0x84222325cbf29ce4ULL);
	*legacy = extract_legacy_uuid(h1, h2);
	return (extract_uuid(&g, 1, 0));
}

/* Guids: the key when it is unique on the page, else a stable hash. */
static void
extract_assign_guids(struct page *pg)
{
	size_t	 i, j, out;
	char	**keys, **legacy;
	int	 dup;

	keys = xcalloc(pg->pg_nitems + 1, sizeof(char *));
	legacy = xcalloc(pg->pg_nitems + 1, sizeof(char *));
	for (i = 0; i < pg->pg_nitems; i++)
		keys[i] = extract_guid_key(&pg->pg_items[i], &legacy[i]);
	for (i = 0; i < pg->pg_nitems; i++) {
		struct item	*it = &pg->pg_items[i];

		dup = keys[i] == NULL;
		for (j = 0; !dup && j < pg->pg_nitems; j++)
			if (j != i && keys[j] != NULL &&
			    strcmp(keys[j], keys[i]) == 0)
				dup = 1;
		free(it->it_legacy_guid);
		if (dup)
			it->it_guid = extract_hash_guid(it,
			    &it->it_legacy_guid);
		else {
			it->it_guid = keys[i];
			it->it_legacy_guid = legacy[i];
			keys[i] = legacy[i] = NULL;
		}
	}
	for (i = 0; i < pg->pg_nitems; i++) {
		free(keys[i]);
		free(legacy[i]);
	}
	free(keys);
	free(legacy);
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

void
extract_date_opts(const struct source_conf *sc, struct date_opts *dopts)
{
	memset(dopts, 0, sizeof(*dopts));
	dopts->do_formats = (const char *const *)sc->sc_date_formats;
	dopts->do_nformats = sc->sc_ndate_formats;
	dopts->do_tz = sc->sc_tz;
	dopts->do_now = time(NULL);
	dopts->do_order = (enum date_order)sc->sc_date_order;
}

/*
 * TEXT as a UTC time, or 0 when not understood or implausibly ahead; the
 * latter sets *future.  *OFFSET and *DATE_ONLY say how it was given.
 */
static time_t
extract_date(const struct source_conf *sc, const char *text, int *future,
    int *offset, int *date_only)
{
	struct date_opts	 dopts;
	struct date_info	 di;
	time_t			 t;

	*offset = 0;
	*date_only = 0;
	if (text == NULL)
		return (0);
	extract_date_opts(sc, &dopts);
	if (date_parse_info(text, &dopts, &t, &di) == -1)
		return (0);
	/* A date far in the future is a misreading (or a lie): ignore it. */
	if (t > dopts.do_now + EXTRACT_MAX_FUTURE) {
		if (future != NULL)
			*future = 1;
		return (0);
	}
	*offset = (int)di.di_offset;
	*date_only = di.di_date_only;
	return (t);
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
		if (v[0] != '\0' && strncmp((const char *)v, "data:", 5) != 0) {
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
		if (sel->sel_attr != NULL) {
			xmlChar *v = xmlGetProp(n, (const xmlChar *)sel->sel_attr);

			raw = v ? xstrdup((const char *)v) : NULL;
			xmlFree(v);
		} else if (n->type == XML_ELEMENT_NODE)
			raw = extract_img_src(n);
		else
			raw = extract_node_string(n);
	} else if (obj->type == XPATH_STRING && obj->stringval != NULL)
		raw = xstrdup((const char *)obj->stringval);
	xmlXPathFreeObject(obj);
	abs = extract_resolve_link(raw, base);
	free(raw);
	if (abs != NULL && strncasecmp(abs, "http://", 7) != 0 &&
	    strncasecmp(abs, "https://", 8) != 0) {
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
			html = feed_html_escape(text);
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
	char			*raw, *one, *seen;
	int			 i, count = 0;

	if ((obj = extract_eval(ctx, at, sel)) == NULL)
		return (NULL);
	buf_init(&b, EXTRACT_MAX_CATEGORIES * (EXTRACT_MAX_CATEGORY + 1) + 1);
	ns = obj->type == XPATH_NODESET ? obj->nodesetval : NULL;
	for (i = 0; ns != NULL && i < ns->nodeNr &&
	    count < EXTRACT_MAX_CATEGORIES; i++) {
		xmlNodePtr n = ns->nodeTab[i];

		if (sel->sel_attr != NULL && n->type == XML_ELEMENT_NODE) {
			xmlChar *v = xmlGetProp(n, (const xmlChar *)sel->sel_attr);

			raw = v ? xstrdup((const char *)v) : NULL;
			xmlFree(v);
		} else
			raw = extract_node_string(n);
		if ((one = text_clean_take(raw, EXTRACT_MAX_CATEGORY)) == NULL)
			continue;
		/* Skip repeats: compare against whole lines already kept. */
		seen = b.b_data;
		while (seen != NULL && *seen != '\0') {
			size_t	 l = strcspn(seen, "\n");

			if (l == strlen(one) && memcmp(seen, one, l) == 0)
				break;
			seen += l + (seen[l] == '\n');
		}
		if (seen == NULL || *seen == '\0') {
			if (b.b_len > 0)
				buf_add(&b, "\n", 1);
			buf_addstr(&b, one);
			count++;
		}
		free(one);
	}
	if (ns == NULL && obj->type == XPATH_STRING && obj->stringval != NULL &&
	    (one = text_clean_take(xstrdup((const char *)obj->stringval),
	    EXTRACT_MAX_CATEGORY)) != NULL) {
		buf_addstr(&b, one);
		free(one);
	}
	xmlXPathFreeObject(obj);
	if (b.b_len == 0) {
		buf_free(&b);
		return (NULL);
	}
	return (buf_take(&b, NULL));
}

_Static_assert(FIELD_COUNT == sizeof(((struct page *)0)->pg_missing) /
    sizeof(size_t), "pg_missing has one count per field");

/*
 * Counts, for each configured item.* selector, the items in which it
 * matched nothing, and where a missing title was taken from.
 */
static void
extract_count_missing(const struct source_conf *sc, const struct item *it,
    int title_found, int link_found, struct page *pg)
{
	const struct selector	*fl = sc->sc_fields;

	if (fl[FIELD_TITLE].sel_comp != NULL && !title_found) {
		pg->pg_missing[FIELD_TITLE]++;
		if (it->it_summary != NULL)
			pg->pg_title_summary++;
		else if (it->it_link != NULL)
			pg->pg_title_link++;
	}
	if (fl[FIELD_LINK].sel_comp != NULL && !link_found)
		pg->pg_missing[FIELD_LINK]++;
#define MISSING(field, member) do {					\
	if (fl[field].sel_comp != NULL && it->member == NULL)		\
		pg->pg_missing[field]++;				\
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
    xmlNodePtr node, const char *base, struct item *it, int *future,
    struct page *pg)
{
	int		 title_found;
	xmlNodePtr	 title_node = NULL;
	char		*href;

	memset(it, 0, sizeof(*it));
	ctx->node = node;
	it->it_title = text_clean_take(extract_field(ctx,
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
	it->it_summary = text_clean_take(extract_field(ctx,
	    &sc->sc_fields[FIELD_SUMMARY], 1, 0, NULL), EXTRACT_MAX_SUMMARY);
	ctx->node = node;
	it->it_date_text = text_clean_take(extract_field(ctx,
	    &sc->sc_fields[FIELD_DATE], 0, 0, NULL), 256);
	it->it_date = extract_date(sc, it->it_date_text, future,
	    &it->it_date_offset, &it->it_date_only);
	it->it_date_future = *future;
	it->it_content = extract_content(ctx, node,
	    &sc->sc_fields[FIELD_CONTENT], base);
	ctx->node = node;
	it->it_author = text_clean_take(extract_field(ctx,
	    &sc->sc_fields[FIELD_AUTHOR], 0, 0, NULL), EXTRACT_MAX_AUTHOR);
	it->it_image = extract_image(ctx, node, &sc->sc_fields[FIELD_IMAGE],
	    base);
	it->it_categories = extract_categories(ctx, node,
	    &sc->sc_fields[FIELD_CATEGORY]);
	ctx->node = node;
	it->it_guid_text = text_clean_take(extract_field(ctx,
	    &sc->sc_fields[FIELD_GUID], 0, 0, NULL), EXTRACT_MAX_LINK);
	title_found = it->it_title != NULL;
	if (extract_item_titled(it) == -1)
		return (-1);
	extract_count_missing(sc, it, title_found, it->it_link != NULL, pg);
	return (0);
}

int
extract_item_titled(struct item *it)
{
	if (it->it_title != NULL)
		return (0);
	/* A feed entry needs a title: borrow the summary or the link. */
	if (it->it_summary != NULL)
		it->it_title = text_clean(it->it_summary, 120);
	else if (it->it_link != NULL)
		it->it_title = xstrdup(it->it_link);
	else {
		extract_item_free(it);
		return (-1);
	}
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
    size_t len, const char *content_type, const struct page *pg)
{
	const char	*how = pg->pg_encoding_how, *key;
	char		 label[64], *note = NULL;

	if (sc->sc_encoding == NULL || how == NULL || pg->pg_encoding == NULL)
		return (NULL);
	key = encoding_normalise(sc->sc_encoding);
	if (key != NULL && strcasecmp(key, pg->pg_encoding) == 0)
		return (NULL);
	if (strcmp(how, "http") == 0) {
		if (encoding_declared(body, len, content_type, how, label,
		    sizeof(label)) == -1)
			snprintf(label, sizeof(label), "%s", pg->pg_encoding);
		xasprintf(&note, "encoding = %s not used: the HTTP header "
		    "declares %s (set encoding_override = yes to use it "
		    "anyway)", sc->sc_encoding, label);
	} else if (strcmp(how, "meta") == 0)
		xasprintf(&note, "encoding = %s not used: a <meta> in the "
		    "page declares %s (set encoding_override = yes to use it "
		    "anyway)", sc->sc_encoding, pg->pg_encoding);
	else if (strcmp(how, "bom") == 0)
		xasprintf(&note, "encoding = %s not used: the page starts "
		    "with a byte order mark for %s, which no setting "
		    "overrides", sc->sc_encoding, pg->pg_encoding);
	return (note);
}

/* Where relative links point: <base href> resolved against URL, else URL. */
static char *
extract_base(xmlXPathContextPtr ctx, const char *url)
{
	xmlXPathObjectPtr	 obj;
	xmlChar			*base = NULL;
	char			*raw, *s;

	ctx->node = NULL;
	obj = xmlXPathEvalExpression((const xmlChar *)
	    "string((//base[@href])[1]/@href)", ctx);
	if (obj != NULL && obj->type == XPATH_STRING &&
	    obj->stringval != NULL && obj->stringval[0] != '\0') {
		raw = text_clean((const char *)obj->stringval,
		    EXTRACT_MAX_LINK);
		base = xmlBuildURI((const xmlChar *)raw, (const xmlChar *)url);
		free(raw);
		/* A <base> may move links within http(s), not elsewhere. */
		if (base != NULL && !extract_has_scheme((const char *)base,
		    "http") && !extract_has_scheme((const char *)base,
		    "https")) {
			xmlFree(base);
			base = NULL;
		}
	}
	xmlXPathFreeObject(obj);
	if (base == NULL)
		return (xstrdup(url));
	s = xstrdup((const char *)base);
	xmlFree(base);
	return (s);
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
		    EXTRACT_MAX_TITLE);
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

/*
 * Whether a body of CONTENT_TYPE is something we read: returns 0 for HTML
 * (text types, XHTML, XML that is not a feed, or no type at all), 1 for an
 * RSS/Atom feed, or -1 with *cause naming the type (images, PDF, binary).
 */
int
extract_kind(const char *content_type, const char *body, size_t len,
    char **cause)
{
	char	 type[128];
	size_t	 n;

	if (content_type == NULL || *content_type == '\0')
		return (feedin_is_feed(body, len, NULL) ? 1 : 0);
	n = strcspn(content_type, "; \t");
	if (n >= sizeof(type))
		n = sizeof(type) - 1;
	memcpy(type, content_type, n);
	type[n] = '\0';
	for (n = 0; type[n] != '\0'; n++)
		type[n] = (char)tolower((unsigned char)type[n]);
	if (strncmp(type, "text/", 5) == 0 ||
	    strcmp(type, "application/xhtml+xml") == 0 ||
	    strcmp(type, "application/xml") == 0 ||
	    (n > 4 && strcmp(type + n - 4, "+xml") == 0))
		return (feedin_is_feed(body, len, content_type) ? 1 : 0);
	xasprintf(cause, "unsupported content type %s (not HTML or a feed)",
	    type[0] != '\0' ? type : "(empty)");
	return (-1);
}

/* 1 when the source sets any item.* field. */
static int
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
    xmlNodePtr node, const char *base, struct item *it, int *title_found,
    int *link_found)
{
	const struct selector	*fl = sc->sc_fields;
	char			*s;
	int			 future = 0;

#define OVERRIDE(field, member, value) do {				\
	if (fl[field].sel_comp != NULL) {				\
		ctx->node = node;					\
		s = (value);						\
		free(it->member);					\
		it->member = s;						\
	}								\
} while (0)
	OVERRIDE(FIELD_TITLE, it_title, text_clean_take(extract_field(ctx,
	    &fl[FIELD_TITLE], 0, 0, NULL), EXTRACT_MAX_TITLE));
	*title_found = it->it_title != NULL;
	if (fl[FIELD_LINK].sel_comp != NULL) {
		ctx->node = node;
		s = extract_field(ctx, &fl[FIELD_LINK], 0, 1, NULL);
		free(it->it_link);
		it->it_link = extract_resolve_link(s, base);
		free(s);
	}
	*link_found = it->it_link != NULL;
	OVERRIDE(FIELD_SUMMARY, it_summary, text_clean_take(extract_field(ctx,
	    &fl[FIELD_SUMMARY], 1, 0, NULL), EXTRACT_MAX_SUMMARY));
	if (fl[FIELD_DATE].sel_comp != NULL) {
		OVERRIDE(FIELD_DATE, it_date_text, text_clean_take(
		    extract_field(ctx, &fl[FIELD_DATE], 0, 0, NULL), 256));
		it->it_date = extract_date(sc, it->it_date_text, &future,
		    &it->it_date_offset, &it->it_date_only);
		it->it_date_future = future;
	}
	OVERRIDE(FIELD_CONTENT, it_content, extract_content(ctx, node,
	    &fl[FIELD_CONTENT], base));
	OVERRIDE(FIELD_AUTHOR, it_author, text_clean_take(extract_field(ctx,
	    &fl[FIELD_AUTHOR], 0, 0, NULL), EXTRACT_MAX_AUTHOR));
	OVERRIDE(FIELD_IMAGE, it_image, extract_image(ctx, node,
	    &fl[FIELD_IMAGE], base));
	OVERRIDE(FIELD_CATEGORY, it_categories, extract_categories(ctx, node,
	    &fl[FIELD_CATEGORY]));
	OVERRIDE(FIELD_GUID, it_guid_text, text_clean_take(extract_field(ctx,
	    &fl[FIELD_GUID], 0, 0, NULL), EXTRACT_MAX_LINK));
#undef OVERRIDE
}

/* Items found automatically, with the source's item.* fields on top. */
static void
extract_detected(const struct source_conf *sc, htmlDocPtr doc,
    xmlXPathContextPtr ctx, const char *url, const char *base, int flags,
    struct page *pg)
{
	struct date_opts	 dopts;
	struct detect_opts	 o;
	xmlNodePtr		*roots = NULL;
	size_t			 i, out;

	extract_date_opts(sc, &dopts);
	memset(&o, 0, sizeof(o));
	o.dt_dopts = &dopts;
	o.dt_rules = (flags & EXTRACT_RULES) != 0;
	/* Fields are relative to an element: JSON-LD items have none. */
	o.dt_roots_only = extract_has_fields(sc);
	if (detect_items_opts(doc, base, &o, pg, &pg->pg_how, &roots) > 0)
		log_debug("%s: items found by %s", url, pg->pg_how);
	if (o.dt_roots_only) {
		for (i = out = 0; i < pg->pg_nitems; i++) {
			struct item	*it = &pg->pg_items[i];
			int		 title_found = 1, link_found = 1;

			if (roots[i] != NULL)
				extract_override(sc, ctx, roots[i], base, it,
				    &title_found, &link_found);
			if (it->it_link == NULL && it->it_guid_text == NULL &&
			    it->it_title == NULL) {
				extract_item_free(it);
				continue;
			}
			if (it->it_title == NULL && extract_item_titled(it) == -1)
				continue;
			if (roots[i] != NULL)
				extract_count_missing(sc, it, title_found,
				    link_found, pg);
			pg->pg_items[out++] = *it;
		}
		pg->pg_nitems = out;
	}
	free(roots);
	/* Counted once here, as the rows of preview show them. */
	pg->pg_ndates_unparsed = pg->pg_ndates_future = 0;
	for (i = 0; i < pg->pg_nitems; i++) {
		if (pg->pg_items[i].it_date_future)
			pg->pg_ndates_future++;
		else if (pg->pg_items[i].it_date_text != NULL &&
		    pg->pg_items[i].it_date == 0)
			pg->pg_ndates_unparsed++;
	}
}

int
extract_page(const struct source_conf *sc, const char *body, size_t len,
    const char *url, const char *content_type, struct page *pg, char **cause)
{
	return (extract_page_flags(sc, body, len, url, content_type, 0, pg,
	    cause));
}

int
extract_page_flags(const struct source_conf *sc, const char *body,
    size_t len, const char *url, const char *content_type, int flags,
    struct page *pg, char **cause)
{
	htmlDocPtr		 doc;
	xmlXPathContextPtr	 ctx = NULL;
	xmlXPathObjectPtr	 obj = NULL;
	xmlNodeSetPtr		 ns;
	xmlNodePtr		 node;
	char			*base = NULL;
	int			 i, rv = -1;

	memset(pg, 0, sizeof(*pg));
	switch (extract_kind(content_type, body, len, cause)) {
	case -1:
		return (-1);
	case 1: {
		/* The URL serves a feed already: take its items. */
		struct date_opts	 dopts;

		extract_date_opts(sc, &dopts);
		if (feedin_parse(body, len, url, &dopts, pg, cause) == -1)
			return (-1);
		extract_assign_guids(pg);
		return (0);
	}
	default:
		break;
	}
	if ((doc = extract_parse(body, len, url, content_type,
	    sc->sc_encoding, sc->sc_encoding_override, &pg->pg_encoding,
	    &pg->pg_encoding_how, cause)) == NULL)
		return (-1);
	pg->pg_encoding_note = extract_encoding_note(sc, body, len,
	    content_type, pg);
	if ((ctx = xmlXPathNewContext(doc)) == NULL) {
		*cause = xstrdup("out of memory for XPath");
		goto out;
	}
	base = extract_base(ctx, url);
	pg->pg_title = extract_doc_title(ctx);
	pg->pg_language = extract_doc_language(doc);
	if (sc->sc_item.sel_comp == NULL) {
		/* No item key: the items are found automatically. */
		extract_detected(sc, doc, ctx, url, base, flags, pg);
		extract_assign_guids(pg);
		rv = 0;
		goto out;
	}
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
			int	 future = 0;

			if (extract_one(sc, ctx, node, base,
			    &pg->pg_items[pg->pg_nitems], &future, pg) == 0) {
				if (future)
					pg->pg_ndates_future++;
				else if (pg->pg_items[pg->pg_nitems].
				    it_date_text != NULL &&
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
	free(base);
	xmlFreeDoc(doc);
	return (rv);
}

int
extract_item_page(const struct source_conf *sc, const char *body, size_t len,
    const char *url, const char *content_type, struct item_page *ip,
    char **cause)
{
	htmlDocPtr		 doc;
	xmlXPathContextPtr	 ctx;
	xmlNodePtr		 root;
	char			*base;

	memset(ip, 0, sizeof(*ip));
	if ((doc = extract_parse(body, len, url, content_type,
	    sc->sc_encoding, sc->sc_encoding_override, NULL, NULL,
	    cause)) == NULL)
		return (-1);
	if ((ctx = xmlXPathNewContext(doc)) == NULL) {
		xmlFreeDoc(doc);
		*cause = xstrdup("out of memory for XPath");
		return (-1);
	}
	base = extract_base(ctx, url);
	root = xmlDocGetRootElement(doc);
	ctx->node = root;
	ip->ip_title = text_clean_take(extract_field(ctx,
	    &sc->sc_page[PAGE_TITLE], 0, 0, NULL), EXTRACT_MAX_TITLE);
	ctx->node = root;
	ip->ip_date_text = text_clean_take(extract_field(ctx,
	    &sc->sc_page[PAGE_DATE], 0, 0, NULL), 256);
	ip->ip_date = extract_date(sc, ip->ip_date_text, NULL,
	    &ip->ip_date_offset, &ip->ip_date_only);
	ip->ip_content = extract_content(ctx, root,
	    &sc->sc_page[PAGE_CONTENT], base);
	ctx->node = root;
	ip->ip_author = text_clean_take(extract_field(ctx,
	    &sc->sc_page[PAGE_AUTHOR], 0, 0, NULL), EXTRACT_MAX_AUTHOR);
	ip->ip_image = extract_image(ctx, root, &sc->sc_page[PAGE_IMAGE], base);
	free(base);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return (0);
}

void
extract_item_page_free(struct item_page *ip)
{
	free(ip->ip_title);
	free(ip->ip_date_text);
	free(ip->ip_content);
	free(ip->ip_author);
	free(ip->ip_image);
	memset(ip, 0, sizeof(*ip));
}

void
extract_page_free(struct page *pg)
{
	size_t	 i;

	for (i = 0; i < pg->pg_nitems; i++)
		extract_item_free(&pg->pg_items[i]);
	free(pg->pg_items);
	free(pg->pg_title);
	free(pg->pg_language);
	free(pg->pg_how);
	free(pg->pg_why);
	free(pg->pg_encoding_note);
	for (i = 0; i < RULE_COUNT; i++)
		free(pg->pg_rules[i]);
	free(pg->pg_rules_note);
	memset(pg, 0, sizeof(*pg));
}
