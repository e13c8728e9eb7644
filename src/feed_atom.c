/* feed_atom.c: Atom 1.0 (RFC 4287); titles and summaries as type="text". */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "date.h"
#include "feed.h"
#include "store.h"
#include "util.h"

#define ATOM_NS	"http://www.w3.org/2005/Atom"

static int
feed_atom_link(xmlTextWriterPtr w, const char *rel, const char *type,
    const char *href)
{
	int	 bad = 0;

	bad |= xmlTextWriterStartElement(w, BAD_CAST "link") < 0;
	bad |= feed_attribute(w, "rel", rel);
	if (type != NULL)
		bad |= feed_attribute(w, "type", type);
	bad |= feed_attribute(w, "href", href);
	bad |= xmlTextWriterEndElement(w) < 0;
	return (bad ? -1 : 0);
}

static int
feed_atom_text(xmlTextWriterPtr w, const char *name, const char *text)
{
	int	 bad = 0;

	bad |= xmlTextWriterStartElement(w, BAD_CAST name) < 0;
	bad |= feed_attribute(w, "type", "text");
	bad |= feed_string(w, text);
	bad |= xmlTextWriterEndElement(w) < 0;
	return (bad ? -1 : 0);
}

/* In a combined feed, an entry's <source>: the feed it comes from. */
static int
feed_atom_source(xmlTextWriterPtr w, const struct feed_source *fs,
    const char *updated)
{
	char	*self;
	int	 bad = 0;

	if (fs == NULL)
		return (0);
	xasprintf(&self, "%s.atom", fs->fs_feed_url);
	bad |= xmlTextWriterStartElement(w, BAD_CAST "source") < 0;
	bad |= feed_element(w, "id", self);
	bad |= feed_atom_text(w, "title", fs->fs_title);
	bad |= feed_atom_link(w, "self", "application/atom+xml", self);
	if (fs->fs_page_url != NULL)
		bad |= feed_atom_link(w, "alternate", NULL, fs->fs_page_url);
	bad |= feed_element(w, "updated", updated);
	bad |= xmlTextWriterEndElement(w) < 0;
	free(self);
	return (bad ? -1 : 0);
}

static int
feed_atom_entry(xmlTextWriterPtr w, const struct feed_meta *fm,
    const struct stored_item *si, const struct feed_when *fw)
{
	struct feed_dates	 fd;
	int			 bad = 0;

	bad |= xmlTextWriterStartElement(w, BAD_CAST "entry") < 0;
	bad |= feed_element(w, "id", si->si_guid);
	bad |= feed_atom_text(w, "title", si->si_title);
	/*
	 * An entry without content must have an alternate link (RFC 4287
	 * 4.1.1).  One without a link of its own is read where it was
	 * listed: the source's page (of a type not known here: it may be
	 * a feed).
	 */
	if (si->si_link != NULL)
		bad |= feed_atom_link(w, "alternate", "text/html", si->si_link);
	else if (fm->fm_page_url != NULL)
		bad |= feed_atom_link(w, "alternate", NULL, fm->fm_page_url);
	feed_entry_dates(fm, si, fw, DATE_RFC3339, &fd);
	bad |= feed_element(w, "published", fd.fd_published);
	bad |= feed_element(w, "updated", fd.fd_updated);
	bad |= feed_atom_source(w, si->si_source, fd.fd_updated);
	if (si->si_author != NULL) {
		bad |= xmlTextWriterStartElement(w, BAD_CAST "author") < 0;
		bad |= feed_element(w, "name", si->si_author);
		bad |= xmlTextWriterEndElement(w) < 0;
	}
	if (si->si_categories != NULL) {
		char	*copy = xstrdup(si->si_categories), *line, *save = NULL;

		for (line = strtok_r(copy, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			bad |= xmlTextWriterStartElement(w,
			    BAD_CAST "category") < 0;
			bad |= feed_attribute(w, "term", line);
			bad |= xmlTextWriterEndElement(w) < 0;
		}
		free(copy);
	}
	if (si->si_image != NULL)
		bad |= feed_atom_link(w, "enclosure",
		    feed_image_type(si->si_image), si->si_image);
	/*
	 * Neither summary nor content: the title is the summary.  RFC 4287
	 * asks for none beside an alternate link, but the W3C validator
	 * warns of an entry without text (MissingTextualContent) and of an
	 * empty summary (NotBlank), and the title is the only text there is.
	 */
	if (si->si_summary != NULL)
		bad |= feed_atom_text(w, "summary", si->si_summary);
	else if (si->si_content == NULL && si->si_title != NULL)
		bad |= feed_atom_text(w, "summary", si->si_title);
	if (si->si_content != NULL) {
		/* type="html": the sanitised markup travels escaped. */
		bad |= xmlTextWriterStartElement(w, BAD_CAST "content") < 0;
		bad |= feed_attribute(w, "type", "html");
		bad |= feed_string(w, si->si_content);
		bad |= xmlTextWriterEndElement(w) < 0;
	}
	bad |= xmlTextWriterEndElement(w) < 0;
	return (bad ? -1 : 0);
}

int
feed_atom(const struct feed_meta *fm, const struct stored_item *items,
    size_t n, char **out, size_t *len, char **cause)
{
	xmlBufferPtr		 b;
	xmlTextWriterPtr	 w = feed_writer_new(&b);
	char			 date[FEED_DATE_LEN];
	int			 bad = 0;

	bad |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
	bad |= xmlTextWriterStartElement(w, BAD_CAST "feed") < 0;
	bad |= feed_attribute(w, "xmlns", ATOM_NS);
	if (fm->fm_language != NULL)
		bad |= feed_attribute(w, "xml:lang", fm->fm_language);
	bad |= feed_element(w, "id", fm->fm_self_url);
	bad |= feed_atom_text(w, "title", fm->fm_title);
	feed_updated(fm, DATE_RFC3339, date);
	bad |= feed_element(w, "updated", date);
	bad |= feed_atom_link(w, "self", "application/atom+xml",
	    fm->fm_self_url);
	if (fm->fm_hub_url != NULL)
		bad |= feed_atom_link(w, "hub", NULL, fm->fm_hub_url);
	bad |= feed_atom_link(w, "alternate", "text/html", fm->fm_page_url);
	/* Entries carry no author of their own: the page is the author. */
	bad |= xmlTextWriterStartElement(w, BAD_CAST "author") < 0;
	bad |= feed_element(w, "name", fm->fm_title);
	bad |= feed_element(w, "uri", fm->fm_page_url);
	bad |= xmlTextWriterEndElement(w) < 0;
	bad |= xmlTextWriterStartElement(w, BAD_CAST "generator") < 0;
	bad |= feed_attribute(w, "version", PACKAGE_VERSION);
	bad |= xmlTextWriterWriteString(w, BAD_CAST PACKAGE_NAME) < 0;
	bad |= xmlTextWriterEndElement(w) < 0;
	bad |= feed_entries(w, fm, items, n, feed_atom_entry);
	bad |= xmlTextWriterEndElement(w) < 0;	/* feed */
	return (feed_writer_done(w, b, bad, "Atom", out, len, cause));
}
