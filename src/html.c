/*
 * html.c: the one walk that reads visible text out of a parsed document,
 * for the selectors (extract.c) and for feed bodies (feedin.c), and the
 * element lists detection's own budgeted walk shares.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/hash.h>

#include "buf.h"
#include "html.h"
#include "log.h"
#include "text.h"
#include "util.h"

/* Inline elements do not separate words; every other element does. */
static const char *inline_elements[] = {
	"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em",
	"font", "i", "kbd", "label", "mark", "q", "s", "samp", "small",
	"span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
	"wbr", NULL
};
/* Elements whose text a reader never sees. */
static const char *hidden_elements[] = {
	"script", "style", "template", "noscript", NULL
};
/* And what detection leaves out besides: controls, frames, drawings. */
static const char *hidden_more[] = {
	"head", "select", "option", "textarea", "iframe", "svg", "button", NULL
};
/*
 * Class tokens that hide an element from sight: screen-reader helpers
 * ("Your browser indicates if you've visited this link") and the usual
 * utility classes of CSS frameworks.
 */
static const char *hidden_classes[] = {
	"sr-only", "sr-only-focusable", "screen-reader-text",
	"screen-reader-only", "screenreader", "visually-hidden",
	"visuallyhidden", "visually_hidden", "a11y-hidden", "hidden",
	"is-hidden", "u-hidden", "hide", "d-none", "offscreen",
	"element-invisible", "assistive-text", "hidden-visually",
	/* Shown to phones only: a second copy of what desktops see. */
	"mobile-only", "mobileonly", "mobonly", "only-mobile", "show-mobile",
	"visible-xs", "visible-phone", "hidden-desktop", "hide-desktop",
	"hide-on-desktop", "d-md-none", "d-lg-none", NULL
};

/*
 * What an element name is, by the lists above, in one lookup: every walk
 * asks it of every element.  Names are cached as they are met, a bounded
 * number (a hostile page may invent names without end); made on first use
 * and never changed but by adding, as the word sets are.
 */
#define HTML_KIND_INLINE	0x1
#define HTML_KIND_HIDDEN	0x2
#define HTML_KIND_HIDDEN_MORE	0x4
#define HTML_KIND_SEEN		0x8	/* in the cache (a value never NULL) */
#define HTML_KIND_CACHE		4096
#define HTML_KIND_NAME		32

static xmlHashTablePtr	 html_kinds;

static void
html_kinds_add(const char *const *list, unsigned kind)
{
	size_t		 i;
	uintptr_t	 old;

	for (i = 0; list[i] != NULL; i++) {
		old = (uintptr_t)xmlHashLookup(html_kinds,
		    (const xmlChar *)list[i]);
		(void)xmlHashUpdateEntry(html_kinds, (const xmlChar *)list[i],
		    (void *)(old | kind | HTML_KIND_SEEN), NULL);
	}
}

static unsigned
html_kind(const char *name)
{
	char		 key[HTML_KIND_NAME];
	uintptr_t	 kind;
	size_t		 k;

	if (html_kinds == NULL) {
		if ((html_kinds = xmlHashCreate(256)) == NULL)
			fatal("xmlHashCreate");
		html_kinds_add(inline_elements, HTML_KIND_INLINE);
		html_kinds_add(hidden_elements, HTML_KIND_HIDDEN);
		html_kinds_add(hidden_more, HTML_KIND_HIDDEN_MORE);
	}
	for (k = 0; name[k] != '\0' && k < sizeof(key) - 1; k++)
		key[k] = (char)ascii_lower((unsigned char)name[k]);
	key[k] = '\0';
	if (name[k] == '\0' && (kind = (uintptr_t)xmlHashLookup(html_kinds,
	    (const xmlChar *)key)) != 0)
		return ((unsigned)kind);
	/* Not in the lists: inline when HTML does not know it (<kw>, custom
	 * elements), which CSS lays out inline by default. */
	kind = HTML_KIND_SEEN | (htmlTagLookup((const xmlChar *)name) ==
	    NULL ? HTML_KIND_INLINE : 0);
	if (name[k] == '\0' && xmlHashSize(html_kinds) < HTML_KIND_CACHE)
		(void)xmlHashAddEntry(html_kinds, (const xmlChar *)key,
		    (void *)kind);
	return ((unsigned)kind);
}

/* Inline: the list, and elements HTML does not know. */
int
html_inline(const char *name)
{
	return ((html_kind(name) & HTML_KIND_INLINE) != 0);
}

static struct wordset	 hidden_class_set = WORDSET(hidden_classes);

/* An inline style that hides: display:none or visibility:hidden. */
static int
html_style_hides(const char *style)
{
	char		 flat[128];
	size_t		 k = 0;
	const char	*p;

	if (style == NULL)
		return (0);
	for (p = style; *p != '\0' && k < sizeof(flat) - 1; p++)
		if (!isspace((unsigned char)*p))
			flat[k++] = (char)tolower((unsigned char)*p);
	flat[k] = '\0';
	return (strstr(flat, "display:none") != NULL ||
	    strstr(flat, "visibility:hidden") != NULL);
}

static int
html_class_hides(const char *cls)
{
	size_t	 len;

	while (*cls != '\0') {
		while (isspace((unsigned char)*cls))
			cls++;
		len = strcspn(cls, " \t\r\n\f");
		if (wordset_has_n(&hidden_class_set, cls, len))
			return (1);
		cls += len;
	}
	return (0);
}

/* One attribute's say on whether its element is hidden. */
static int
html_attr_hides(xmlAttrPtr a)
{
	const char	*name = (const char *)a->name, *v;

	if (a->children == NULL || a->children->type != XML_TEXT_NODE)
		return (strcasecmp(name, "hidden") == 0);
	v = (const char *)a->children->content;
	switch (ascii_lower((unsigned char)name[0])) {
	case 'h':
		return (strcasecmp(name, "hidden") == 0);
	case 'a':
		return (strcasecmp(name, "aria-hidden") == 0 &&
		    strcasecmp(v, "true") == 0);
	case 's':
		return (strcasecmp(name, "style") == 0 && html_style_hides(v));
	case 'c':
		return (strcasecmp(name, "class") == 0 && html_class_hides(v));
	default:
		return (0);
	}
}

static const char	 html_shown_mark;

void
html_mark_shown(xmlNodePtr n)
{
	n->_private = (void *)&html_shown_mark;
}

const char *
html_attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr	 a;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return (NULL);
	/* Not xmlHasProp: it also looks up the DTD's defaults, which an
	 * HTML page has none of, on every call. */
	for (a = n->properties; a != NULL; a = a->next) {
		const xmlChar	*x = a->name;
		const char	*s = name;

		/* Compared here: a call cost more than the compare. */
		for (; *s != '\0' && *x == (xmlChar)*s; x++)
			s++;
		if (*x == '\0' && *s == '\0')
			break;
	}
	if (a == NULL)
		return (NULL);
	if (a->children == NULL)
		return ("");
	if (a->children->type != XML_TEXT_NODE || a->children->content == NULL)
		return (NULL);
	return ((const char *)a->children->content);
}

int
html_names_any(xmlNodePtr n, const char *const *words)
{
	const char	*cls = html_attr(n, "class"), *id = html_attr(n, "id");
	size_t		 i;

	if (cls == NULL && id == NULL)
		return (0);
	for (i = 0; words[i] != NULL; i++)
		if ((cls != NULL && strcasestr(cls, words[i]) != NULL) ||
		    (id != NULL && strcasestr(id, words[i]) != NULL))
			return (1);
	return (0);
}

int
html_hidden(xmlNodePtr n, int flags)
{
	xmlAttrPtr	 a;
	unsigned	 kind;

	/* Shown by HTML_HIDE_MORE's rules: shown by the fewer too. */
	if (n->type != XML_ELEMENT_NODE || n->_private != NULL)
		return (0);
	kind = html_kind((const char *)n->name);
	if (kind & HTML_KIND_HIDDEN)
		return (1);
	if (!(flags & HTML_HIDE_MORE))
		return (0);
	if (kind & HTML_KIND_HIDDEN_MORE)
		return (1);
	/* A page that hides its whole body until its scripts have run
	 * ("<body style=display:none>") shows it to every reader. */
	if ((n->name[0] == 'b' || n->name[0] == 'h') &&
	    (xmlStrEqual(n->name, (const xmlChar *)"body") ||
	    xmlStrEqual(n->name, (const xmlChar *)"html")))
		return (0);
	/* One walk over the attributes: hidden, aria-hidden, style, class. */
	for (a = n->properties; a != NULL; a = a->next)
		if (html_attr_hides(a))
			return (1);
	return (0);
}

void
html_text(xmlNodePtr node, struct buf *b, int depth_max, int flags)
{
	html_text_budget(node, b, depth_max, flags, NULL);
}

void
html_text_budget(xmlNodePtr node, struct buf *b, int depth_max, int flags,
    int *budget)
{
	const htmlEntityDesc	*ent;
	xmlNodePtr		 c;
	const char		*t;
	size_t			 len, room;
	int			 sep;

	if (depth_max < 0 || b->b_len >= b->b_max - 1 ||
	    (budget != NULL && --*budget < 0))
		return;
	switch (node->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if ((t = (const char *)node->content) == NULL)
			return;
		len = strlen(t);
		room = b->b_max - b->b_len - 1;
		/* A huge text node is cut (at a character), not lost. */
		if (len > room) {
			len = room;
			while (len > 0 && ((unsigned char)t[len] & 0xc0) == 0x80)
				len--;
		}
		buf_add(b, t, len);
		return;
	case XML_ENTITY_REF_NODE:
		/* Only left by an undeclared entity: an HTML one is known. */
		if ((ent = htmlEntityLookup(node->name)) != NULL)
			text_utf8_encode(b, ent->value);
		return;
	case XML_ATTRIBUTE_NODE:
	case XML_ELEMENT_NODE:
	case XML_DOCUMENT_NODE:
	case XML_HTML_DOCUMENT_NODE:
		break;
	default:
		return;
	}
	if ((flags & HTML_WORDS) && html_hidden(node, flags))
		return;
	for (c = node->children; c != NULL; c = c->next) {
		if ((flags & HTML_NO_TIME) && c->type == XML_ELEMENT_NODE &&
		    strcasecmp((const char *)c->name, "time") == 0)
			continue;
		sep = (flags & HTML_WORDS) && c->type == XML_ELEMENT_NODE &&
		    !html_inline((const char *)c->name);
		if (sep)
			buf_add(b, " ", 1);
		html_text_budget(c, b, depth_max - 1, flags, budget);
		if (sep)
			buf_add(b, " ", 1);
	}
}
