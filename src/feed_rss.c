/* feed_rss.c: RSS 2.0, with an atom:link rel="self" as validators ask. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "store.h"
#include "text.h"
#include "util.h"

#define ATOM_NS		"http://www.w3.org/2005/Atom"
#define CONTENT_NS	"http://purl.org/rss/1.0/modules/content/"
#define DC_NS		"http://purl.org/dc/elements/1.1/"
#define MEDIA_NS	"http://search.yahoo.com/mrss/"

/*
 * Writes <NAME>TEXT</NAME> for plain text, "&" and "<" as hexadecimal
 * character references, as the RSS Best Practices Profile asks: readers
 * then know the text is not markup, and the validator does not warn.
 */
static int
feed_rss_text(xmlTextWriterPtr w, const char *name, const char *text)
{
	struct buf	 b;
	const char	*p;
	char		*clean = NULL, *esc;
	int		 bad = 0;

	if (text == NULL)
		text = "";
	if (!text_xml_safe(text))
		text = clean = text_clean(text, 0);
	buf_init(&b, (size_t)-1 / 2);
	for (p = text; *p != '\0'; p++) {
		switch (*p) {
		case '&':	buf_addstr(&b, "&#x26;"); break;
		case '<':	buf_addstr(&b, "&#x3C;"); break;
		case '>':	buf_addstr(&b, "&gt;"); break;
		case '\r':	buf_addstr(&b, "&#xD;"); break;	/* kept by parsers */
		default:	buf_add(&b, p, 1);
		}
	}
	esc = buf_take(&b, NULL);
	bad |= xmlTextWriterStartElement(w, BAD_CAST name) < 0;
	bad |= xmlTextWriterWriteRaw(w, BAD_CAST esc) < 0;
	bad |= xmlTextWriterEndElement(w) < 0;
	free(esc);
	free(clean);
	return (bad ? -1 : 0);
}

static int
feed_rss_categories(xmlTextWriterPtr w, const char *lines)
{
	char	*copy, *line, *save = NULL;
	int	 bad = 0;

	if (lines == NULL)
		return (0);
	copy = xstrdup(lines);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		bad |= feed_rss_text(w, "category", line);
	free(copy);
	return (bad);
}

/* In a combined feed, an item's <source url>: the feed it comes from. */
static int
feed_rss_source(xmlTextWriterPtr w, const struct feed_source *fs)
{
	char	*url;
	int	 bad = 0;

	if (fs == NULL)
		return (0);
	xasprintf(&url, "%s.rss", fs->fs_feed_url);
	bad |= xmlTextWriterStartElement(w, BAD_CAST "source") < 0;
	bad |= feed_attribute(w, "url", url);
	bad |= feed_string(w, fs->fs_title);
	bad |= xmlTextWriterEndElement(w) < 0;
	free(url);
	return (bad ? -1 : 0);
}

static int
feed_rss_item(xmlTextWriterPtr w, const struct feed_meta *fm,
    const struct stored_item *si, const struct feed_when *fw)
{
	struct feed_dates	 fd;
	char			*html;
	int			 bad = 0;

	bad |= xmlTextWriterStartElement(w, BAD_CAST "item") < 0;
	bad |= feed_rss_text(w, "title", si->si_title);
	if (si->si_link != NULL)
		bad |= feed_element(w, "link", si->si_link);
	bad |= xmlTextWriterStartElement(w, BAD_CAST "guid") < 0;
	/* Only a link-derived guid is a URL a reader may open. */
	bad |= feed_attribute(w, "isPermaLink", si->si_link != NULL &&
	    strcmp(si->si_guid, si->si_link) == 0 ? "true" : "false");
	bad |= feed_string(w, si->si_guid);
	bad |= xmlTextWriterEndElement(w) < 0;
	/* RSS has no updated instant of its own. */
	feed_entry_dates(fm, si, fw, DATE_RFC822, &fd);
	bad |= feed_element(w, "pubDate", fd.fd_published);
	/*
	 * <description> is the summary, content:encoded the full text; with
	 * no summary the content is the description, and said once only.
	 */
	if (si->si_summary != NULL) {
		/*
		 * <description> holds HTML; the summary is plain text, so it
		 * is HTML-escaped first and readers show it literally.
		 */
		html = text_html_escape_str(si->si_summary);
		bad |= feed_element(w, "description", html);
		free(html);
		if (si->si_content != NULL)
			bad |= feed_element(w, "content:encoded",
			    si->si_content);
	} else if (si->si_content != NULL)
		bad |= feed_element(w, "description", si->si_content);
	if (si->si_author != NULL)
		bad |= feed_rss_text(w, "dc:creator", si->si_author);
	bad |= feed_rss_categories(w, si->si_categories);
	bad |= feed_rss_source(w, si->si_source);
	if (si->si_image != NULL) {
		/* RSS wants a length; 0 says "unknown", as is customary. */
		bad |= xmlTextWriterStartElement(w, BAD_CAST "enclosure") < 0;
		bad |= feed_attribute(w, "url", si->si_image);
		bad |= feed_attribute(w, "length", "0");
		bad |= feed_attribute(w, "type", feed_image_type(si->si_image));
		bad |= xmlTextWriterEndElement(w) < 0;
		bad |= xmlTextWriterStartElement(w,
		    BAD_CAST "media:thumbnail") < 0;
		bad |= feed_attribute(w, "url", si->si_image);
		bad |= xmlTextWriterEndElement(w) < 0;
	}
	bad |= xmlTextWriterEndElement(w) < 0;
	return (bad ? -1 : 0);
}

int
feed_rss(const struct feed_meta *fm, const struct stored_item *items,
    size_t n, char **out, size_t *len, char **cause)
{
	xmlBufferPtr		 b;
	xmlTextWriterPtr	 w = feed_writer_new(&b);
	char			 date[FEED_DATE_LEN], ttl[32], *desc;
	int			 bad = 0;

	bad |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
	bad |= xmlTextWriterStartElement(w, BAD_CAST "rss") < 0;
	bad |= feed_attribute(w, "version", "2.0");
	bad |= feed_attribute(w, "xmlns:atom", ATOM_NS);
	bad |= feed_attribute(w, "xmlns:content", CONTENT_NS);
	bad |= feed_attribute(w, "xmlns:dc", DC_NS);
	bad |= feed_attribute(w, "xmlns:media", MEDIA_NS);
	bad |= xmlTextWriterStartElement(w, BAD_CAST "channel") < 0;
	bad |= feed_rss_text(w, "title", fm->fm_title);
	bad |= feed_element(w, "link", fm->fm_page_url);
	xasprintf(&desc, "Items of %s, polled by pagefeed", fm->fm_page_url);
	bad |= feed_element(w, "description", desc);
	free(desc);
	if (fm->fm_language != NULL)
		bad |= feed_element(w, "language", fm->fm_language);
	bad |= xmlTextWriterStartElement(w, BAD_CAST "atom:link") < 0;
	bad |= feed_attribute(w, "href", fm->fm_self_url);
	bad |= feed_attribute(w, "rel", "self");
	bad |= feed_attribute(w, "type", "application/rss+xml");
	bad |= xmlTextWriterEndElement(w) < 0;
	if (fm->fm_hub_url != NULL) {
		bad |= xmlTextWriterStartElement(w, BAD_CAST "atom:link") < 0;
		bad |= feed_attribute(w, "href", fm->fm_hub_url);
		bad |= feed_attribute(w, "rel", "hub");
		bad |= xmlTextWriterEndElement(w) < 0;
	}
	bad |= feed_element(w, "generator", PACKAGE_NAME " " PACKAGE_VERSION);
	feed_updated(fm, DATE_RFC822, date);
	bad |= feed_element(w, "lastBuildDate", date);
	if (fm->fm_ttl > 0) {
		snprintf(ttl, sizeof(ttl), "%d", fm->fm_ttl);
		bad |= feed_element(w, "ttl", ttl);
	}
	bad |= feed_entries(w, fm, items, n, feed_rss_item);
	bad |= xmlTextWriterEndElement(w) < 0;	/* channel */
	bad |= xmlTextWriterEndElement(w) < 0;	/* rss */
	return (feed_writer_done(w, b, bad, "RSS", out, len, cause));
}
