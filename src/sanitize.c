/*
 * sanitize.c: an allowlist HTML cleaner.  A copy of the matched subtree is
 * pruned in place (elements dropped with their content, unwrapped, or kept
 * with a few allowed attributes), then serialised by libxml2's HTML writer,
 * so the markup that leaves is always well formed.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "buf.h"
#include "html.h"
#include "item.h"
#include "sanitize.h"
#include "text.h"
#include "url.h"
#include "util.h"

#define SANITIZE_MAX_DEPTH	256

/* Dropped together with everything inside them. */
static const char *drop_elements[] = {
	"script", "style", "iframe", "frame", "frameset", "object", "embed",
	"applet", "form", "input", "button", "select", "textarea", "option",
	"link", "meta", "base", "noscript", "template", "svg", "math",
	"canvas", "dialog", "head", "title", "nav", "param", "portal", NULL
};

/* Kept; everything else is unwrapped (its children take its place). */
static const char *keep_elements[] = {
	"a", "abbr", "address", "article", "aside", "b", "bdi", "bdo",
	"blockquote", "br", "caption", "cite", "code", "col", "colgroup",
	"dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
	"figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
	"hr", "i", "img", "ins", "kbd", "li", "main", "mark", "ol", "p",
	"picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section",
	"small", "source", "span", "strong", "sub", "summary", "sup",
	"table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
	"ul", "var", "wbr", "audio", "video", "track", NULL
};

/* Attributes kept on any kept element; URL attributes are checked too. */
static const char *keep_attributes[] = {
	"href", "src", "srcset", "alt", "title", "width", "height", "colspan",
	"rowspan", "datetime", "cite", "lang", "dir", "start", "reversed",
	"type", "controls", "poster", "media", "sizes", "open", "scope",
	"abbr", "span", NULL
};

static const char *url_attributes[] = {
	"href", "src", "cite", "poster", NULL
};

static int
sanitize_in(const char *const *list, const xmlChar *name)
{
	size_t	 i;

	for (i = 0; list[i] != NULL; i++)
		if (strcasecmp(list[i], (const char *)name) == 0)
			return (1);
	return (0);
}

/* An absolute http(s)/mailto URL for VALUE, or NULL to drop it. */
static char *
sanitize_url(const char *value, const char *base, int is_src)
{
	char	*abs;

	if ((abs = item_resolve_link(value, base)) == NULL)
		return (NULL);
	/* Images and media must come over http(s); links may also mail. */
	if (!url_allowed(abs, is_src ? URL_IMAGE : URL_CONTENT)) {
		free(abs);
		return (NULL);
	}
	return (abs);
}

/*
 * "a.jpg 1x, b.jpg 2x" with every URL made absolute; NULL if none left.
 * As HTML parses srcset, a URL runs to whitespace and may hold commas
 * (w_400,h_300/a.jpg); only descriptors end at a comma.
 */
static char *
sanitize_srcset(const char *value, const char *base)
{
	struct buf	 b;
	const char	*p = value, *u, *d;
	char		*url, *abs;
	size_t		 ulen;

	buf_init(&b, 64 * 1024);
	for (;;) {
		p += strspn(p, " \t\r\n,");
		if (*p == '\0')
			break;
		u = p;
		p += strcspn(p, " \t\r\n");
		ulen = (size_t)(p - u);
		while (ulen > 0 && u[ulen - 1] == ',')
			ulen--;	/* "a.jpg," ends the candidate */
		d = p;
		if (p > u && p[-1] != ',')
			p += strcspn(p, ",");	/* the descriptors */
		url = xstrndup(u, ulen);
		abs = sanitize_url(url, base, 1);
		free(url);
		if (abs == NULL)
			continue;
		if (b.b_len > 0)
			buf_addstr(&b, ", ");
		buf_addstr(&b, abs);
		free(abs);
		d += strspn(d, " \t\r\n");
		if (d < p) {
			size_t	 dl = (size_t)(p - d);

			while (dl > 0 && strchr(" \t\r\n", d[dl - 1]) != NULL)
				dl--;
			buf_addstr(&b, " ");
			buf_add(&b, d, dl);
		}
	}
	if (b.b_len == 0) {
		buf_free(&b);
		return (NULL);
	}
	return (buf_take(&b, NULL));
}

static void
sanitize_attributes(xmlNodePtr n, const char *base)
{
	xmlAttrPtr	 a, next;
	xmlChar		*v;
	char		*fixed;

	for (a = n->properties; a != NULL; a = next) {
		next = a->next;
		if (a->ns != NULL || !sanitize_in(keep_attributes, a->name)) {
			xmlRemoveProp(a);
			continue;
		}
		if (sanitize_in(url_attributes, a->name) ||
		    strcasecmp((const char *)a->name, "srcset") == 0) {
			v = xmlNodeListGetString(n->doc, a->children, 1);
			if (v == NULL)
				fixed = NULL;
			else if (strcasecmp((const char *)a->name,
			    "srcset") == 0)
				fixed = sanitize_srcset((const char *)v, base);
			else
				fixed = sanitize_url((const char *)v, base,
				    strcasecmp((const char *)a->name, "href") != 0 &&
				    strcasecmp((const char *)a->name, "cite") != 0);
			xmlFree(v);
			if (fixed == NULL) {
				xmlRemoveProp(a);
				continue;
			}
			xmlSetProp(n, a->name, (const xmlChar *)fixed);
			free(fixed);
		}
	}
}

/* Prunes the children of PARENT; returns nothing, works in place. */
static void
sanitize_children(xmlNodePtr parent, const char *base, int depth)
{
	xmlNodePtr	 n, next, c;

	for (n = parent->children; n != NULL; n = next) {
		next = n->next;
		switch (n->type) {
		case XML_TEXT_NODE:
			continue;
		case XML_CDATA_SECTION_NODE: {
			/* The HTML writer prints CDATA raw: make it text. */
			xmlNodePtr t = xmlNewDocTextLen(n->doc, n->content,
			    n->content ? xmlStrlen(n->content) : 0);

			if (t != NULL)
				xmlReplaceNode(n, t);
			else
				xmlUnlinkNode(n);
			xmlFreeNode(n);
			continue;
		}
		case XML_ELEMENT_NODE:
			break;
		default:	/* comments, PIs, entity refs, DTDs */
			xmlUnlinkNode(n);
			xmlFreeNode(n);
			continue;
		}
		if (depth > SANITIZE_MAX_DEPTH ||
		    sanitize_in(drop_elements, n->name)) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
			continue;
		}
		sanitize_children(n, base, depth + 1);
		if (sanitize_in(keep_elements, n->name)) {
			sanitize_attributes(n, base);
			continue;
		}
		/* Unwrap: the children move up, in order, before N. */
		while ((c = n->children) != NULL) {
			xmlUnlinkNode(c);
			xmlAddPrevSibling(n, c);
		}
		/* The moved children were already cleaned; don't revisit. */
		xmlUnlinkNode(n);
		xmlFreeNode(n);
	}
}

char *
sanitize_html(xmlNodePtr node, const char *base)
{
	xmlDocPtr		 doc;
	xmlNodePtr		 copy, c;
	xmlBufferPtr		 out;
	char			*html, *clean = NULL;
	size_t			 len;

	/* A selector may match a <script> itself: never serialise one. */
	if (node == NULL || node->type != XML_ELEMENT_NODE ||
	    sanitize_in(drop_elements, node->name))
		return (NULL);
	if ((doc = htmlNewDocNoDtD(NULL, NULL)) == NULL)
		return (NULL);
	if ((copy = xmlDocCopyNode(node, doc, 1)) == NULL) {
		xmlFreeDoc(doc);
		return (NULL);
	}
	xmlDocSetRootElement(doc, copy);
	sanitize_children(copy, base, 0);
	out = xmlBufferCreate();
	for (c = copy->children; c != NULL && out != NULL; c = c->next) {
		htmlNodeDump(out, doc, c);
		if ((size_t)xmlBufferLength(out) > SANITIZE_MAX_HTML)
			break;
	}
	if (out != NULL && (size_t)xmlBufferLength(out) <= SANITIZE_MAX_HTML) {
		html = (char *)xmlBufferContent(out);
		html += strspn(html, " \t\r\n");
		len = strlen(html);
		while (len > 0 && strchr(" \t\r\n", html[len - 1]) != NULL)
			len--;
		if (len > 0) {
			char	*trim = xstrndup(html, len);

			clean = text_xml_filter(trim);
			free(trim);
		}
	}
	if (out != NULL)
		xmlBufferFree(out);
	xmlFreeDoc(doc);
	return (clean);
}

int
sanitize_looks_html(const char *s)
{
	const char	*p;

	for (p = strchr(s, '<'); p != NULL; p = strchr(p + 1, '<'))
		if ((p[1] == '/' || p[1] == '!' ||
		    (p[1] >= 'a' && p[1] <= 'z') ||
		    (p[1] >= 'A' && p[1] <= 'Z')) &&
		    strchr(p, '>') != NULL)
			return (1);
	return (0);
}

void
sanitize_html_string(const char *src, const char *base, char **text,
    char **html)
{
	htmlDocPtr	 doc;
	xmlNodePtr	 root, body = NULL;
	struct buf	 b;
	size_t		 len = strlen(src);

	if (text != NULL)
		*text = NULL;
	if (html != NULL)
		*html = NULL;
	if (len == 0)
		return;
	if (len > SANITIZE_STRING_MAX)
		len = SANITIZE_STRING_MAX;
	doc = htmlReadMemory(src, (int)len, NULL, "UTF-8", HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (doc == NULL)
		return;
	if ((root = xmlDocGetRootElement(doc)) != NULL)
		for (body = root->children; body != NULL &&
		    (body->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)body->name, "body") != 0);
		    body = body->next)
			;
	if (body != NULL && text != NULL) {
		buf_init(&b, SANITIZE_TEXT_MAX);
		html_text(body, &b, SANITIZE_TEXT_DEPTH, HTML_WORDS);
		*text = text_clean_take(buf_take(&b, NULL), ITEM_MAX_SUMMARY);
	}
	if (body != NULL && html != NULL)
		*html = sanitize_html(body, base);
	xmlFreeDoc(doc);
}
