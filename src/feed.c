/*
 * feed.c: what the feed formats share.  Documents are written with
 * xmlTextWriter, never by string concatenation, so escaping is libxml2's job;
 * ours is to hand it only characters XML 1.0 allows.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlwriter.h>

#include "feed.h"
#include "log.h"
#include "store.h"
#include "text.h"
#include "util.h"

time_t
feed_entry_updated(const struct stored_item *si)
{
	return (si->si_updated > si->si_published ? si->si_updated :
	    si->si_published);
}

time_t
feed_newest(const struct stored_item *items, size_t n, time_t fallback)
{
	time_t	 newest = 0, t;
	size_t	 i;

	for (i = 0; i < n; i++) {
		t = feed_entry_updated(&items[i]);
		if (items[i].si_first_seen > t)
			t = items[i].si_first_seen;
		if (t > newest)
			newest = t;
	}
	return (newest ? newest : fallback);
}

xmlTextWriterPtr
feed_writer_new(xmlBufferPtr *bufp)
{
	xmlTextWriterPtr	 w;

	if ((*bufp = xmlBufferCreateSize(16384)) == NULL)
		fatalx("xmlBufferCreate: out of memory");
	if ((w = xmlNewTextWriterMemory(*bufp, 0)) == NULL)
		fatalx("xmlNewTextWriterMemory: out of memory");
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, (const xmlChar *)"  ");
	return (w);
}

int
feed_writer_finish(xmlTextWriterPtr w, xmlBufferPtr b, char **out,
    size_t *len, char **cause)
{
	int	 rc;

	rc = xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);	/* flushes into the buffer */
	if (rc < 0) {
		*cause = xstrdup("xmlTextWriter failed");
		xmlBufferFree(b);
		return (-1);
	}
	*len = (size_t)xmlBufferLength(b);
	*out = xmalloc(*len + 1);
	memcpy(*out, xmlBufferContent(b), *len);
	(*out)[*len] = '\0';
	xmlBufferFree(b);
	return (0);
}

int
feed_element(xmlTextWriterPtr w, const char *name, const char *text)
{
	char	*clean = NULL;
	int	 rc;

	if (!text_xml_safe(text))
		text = clean = text_clean(text, 0);
	rc = xmlTextWriterWriteElement(w, (const xmlChar *)name,
	    (const xmlChar *)text);
	free(clean);
	return (rc < 0 ? -1 : 0);
}

int
feed_attribute(xmlTextWriterPtr w, const char *name, const char *value)
{
	char	*clean = NULL;
	int	 rc;

	if (!text_xml_safe(value))
		value = clean = text_clean(value, 0);
	rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)name,
	    (const xmlChar *)value);
	free(clean);
	return (rc < 0 ? -1 : 0);
}

char *
feed_html_escape(const char *text)
{
	struct buf	 b;
	const char	*p;

	buf_init(&b, (size_t)-1 / 2);
	for (p = text; *p != '\0'; p++) {
		switch (*p) {
		case '&':	buf_addstr(&b, "&amp;"); break;
		case '<':	buf_addstr(&b, "&lt;"); break;
		case '>':	buf_addstr(&b, "&gt;"); break;
		default:	buf_add(&b, p, 1);
		}
	}
	return (buf_take(&b, NULL));
}

const char *
feed_image_type(const char *url)
{
	static const struct {
		const char	*ext;
		const char	*type;
	} types[] = {
		{ ".png", "image/png" }, { ".gif", "image/gif" },
		{ ".webp", "image/webp" }, { ".svg", "image/svg+xml" },
		{ ".avif", "image/avif" }, { ".jpg", "image/jpeg" },
		{ ".jpeg", "image/jpeg" },
	};
	size_t		 i, n, len;

	/* Look at the path only: "a.png?w=100" is still a PNG. */
	n = strcspn(url, "?#");
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		len = strlen(types[i].ext);
		if (n >= len && strncasecmp(url + n - len, types[i].ext,
		    len) == 0)
			return (types[i].type);
	}
	return ("image/jpeg");
}

int
feed_string(xmlTextWriterPtr w, const char *text)
{
	char	*clean = NULL;
	int	 rc;

	if (!text_xml_safe(text))
		text = clean = text_clean(text, 0);
	rc = xmlTextWriterWriteString(w, (const xmlChar *)text);
	free(clean);
	return (rc < 0 ? -1 : 0);
}
