/*
 * html.c: the one walk that reads visible text out of a parsed document,
 * for the selectors (extract.c) and for feed bodies (feedin.c), and the
 * element lists detection's own budgeted walk shares.
 */
#include <string.h>

#include <libxml/HTMLparser.h>

#include "buf.h"
#include "html.h"
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

int
html_inline(const char *name)
{
	return (strcase_in(name, inline_elements));
}

int
html_hidden(xmlNodePtr n, int flags)
{
	if (n->type != XML_ELEMENT_NODE)
		return (0);
	if (strcase_in((const char *)n->name, hidden_elements))
		return (1);
	return ((flags & HTML_HIDE_MORE) &&
	    (strcase_in((const char *)n->name, hidden_more) ||
	    xmlHasProp(n, (const xmlChar *)"hidden") != NULL));
}

void
html_text(xmlNodePtr node, struct buf *b, int depth_max, int flags)
{
	const htmlEntityDesc	*ent;
	xmlNodePtr		 c;
	const char		*t;
	size_t			 len, room;
	int			 sep;

	if (depth_max < 0 || b->b_len >= b->b_max - 1)
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
		sep = (flags & HTML_WORDS) && c->type == XML_ELEMENT_NODE &&
		    !html_inline((const char *)c->name);
		if (sep)
			buf_add(b, " ", 1);
		html_text(c, b, depth_max - 1, flags);
		if (sep)
			buf_add(b, " ", 1);
	}
}
