/*
 * test_feedin.c: feedin_is_feed and feedin_parse on hand-written feeds in
 * tests/fixtures/feedin: RSS 2.0, Atom 1.0, RSS 1.0, a sloppy RSS 0.91,
 * windows-1251 and UTF-16 documents, and hostile ones (billion laughs,
 * XXE, an external DTD, truncated XML, garbage, XML that is not a feed).
 * Set TESTS_SRCDIR to the tests/ directory when running by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "date.h"
#include "item.h"
#include "feedin.h"
#include "tap.h"
#include "testlib.h"
#include "text.h"
#include "util.h"

#define FEED_URL	"https://example.org/feed.xml"
#define NOW		1700000000	/* 2023-11-14 */

static char *
read_fixture(const char *name, size_t *len)
{
	char	*rel, *data;

	xasprintf(&rel, "fixtures/feedin/%s", name);
	data = testlib_read(rel, len);
	free(rel);
	return (data);
}

static void
dopts_init(struct date_opts *d)
{
	memset(d, 0, sizeof(*d));
	d->do_now = NOW;
}

/* Every string of PG clean and, joined, free of NEEDLE (may be NULL). */
static int
page_clean(const struct extraction *ex, const char *needle)
{
	const struct item	*it;
	const char		*s[11];
	size_t			 i, j;

	if (ex->ex_title != NULL && (!text_xml_safe(ex->ex_title) ||
	    (needle != NULL && strstr(ex->ex_title, needle) != NULL)))
		return (0);
	for (i = 0; i < ex->ex_nitems; i++) {
		it = &ex->ex_items[i];
		s[0] = it->it_title; s[1] = it->it_link; s[2] = it->it_summary;
		s[3] = it->it_date_text; s[4] = it->it_content;
		s[5] = it->it_author; s[6] = it->it_image;
		s[7] = it->it_categories; s[8] = it->it_guid_text;
		s[9] = it->it_guid; s[10] = NULL;
		if (it->it_guid != NULL || it->it_title == NULL)
			return (0);	/* guids are the caller's */
		for (j = 0; j < 10; j++)
			if (s[j] != NULL && (!text_xml_safe(s[j]) ||
			    (needle != NULL && strstr(s[j], needle) != NULL)))
				return (0);
	}
	return (1);
}

/* Parses fixture NAME into PG; 0, or -1 (reported) when it did not parse. */
static int
parse_fixture(const char *name, struct extraction *ex)
{
	struct date_opts	 d;
	char			*body, *cause = NULL, what[128];
	size_t			 len;
	int			 rv;

	memset(ex, 0, sizeof(*ex));
	if ((body = read_fixture(name, &len)) == NULL) {
		snprintf(what, sizeof(what), "read fixtures/feedin/%s "
		    "(set TESTS_SRCDIR)", name);
		tap_ok(0, what);
		return (-1);
	}
	dopts_init(&d);
	rv = feedin_parse(body, len, FEED_URL, &d, ex, &cause);
	snprintf(what, sizeof(what), "%s parses as a feed", name);
	if (!tap_ok(rv == 0, what))
		printf("#   cause: %s\n", cause ? cause : "(none)");
	free(cause);
	free(body);
	return (rv);
}

static void
test_is_feed(void)
{
	const char	*rss = "\xef\xbb\xbf<?xml version=\"1.0\"?>\n"
	    "<!-- c --><?xml-stylesheet href=\"a.xsl\"?>\n"
	    "<!DOCTYPE rss [ <!ENTITY x \"<feed>\"> ]>\n<rss version=\"2.0\">";
	const char	*atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\">";
	const char	*rdf = "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf="
	    "\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">";
	const char	*html = "<!DOCTYPE html><html><head><title>rss</title>"
	    "</head><body><rss></rss></body></html>";
	const char	*svg = "<?xml version=\"1.0\"?><svg/>";
	const char	*feedlike = "<feeds><rss/></feeds>";
	char		*utf16;
	size_t		 len;

	tap_long(feedin_is_feed(html, strlen(html), "application/rss+xml"), 1,
	    "is_feed: application/rss+xml is a feed by its type");
	tap_long(feedin_is_feed(atom, strlen(atom),
	    "Application/Atom+XML; charset=utf-8"), 1,
	    "is_feed: atom+xml with parameters, any case");
	tap_long(feedin_is_feed(rdf, strlen(rdf), "application/rdf+xml"), 1,
	    "is_feed: application/rdf+xml");
	tap_long(feedin_is_feed("{\"version\":\"https://jsonfeed.org/version/1"
	    ".1\"}", 44, "application/feed+json"), 0,
	    "is_feed: JSON Feed is not read");
	tap_long(feedin_is_feed(rss, strlen(rss), "text/xml; charset=utf-8"),
	    1, "is_feed: text/xml with BOM, comment, PI, doctype, <rss>");
	tap_long(feedin_is_feed(atom, strlen(atom), "application/xml"), 1,
	    "is_feed: application/xml with <feed>");
	tap_long(feedin_is_feed(rdf, strlen(rdf), NULL), 1,
	    "is_feed: no type, <rdf:RDF>");
	tap_long(feedin_is_feed(rss, strlen(rss), "text/plain"), 1,
	    "is_feed: an RSS served as text/plain is sniffed");
	tap_long(feedin_is_feed(rss, strlen(rss), "application/octet-stream"),
	    1, "is_feed: an RSS served as application/octet-stream");
	tap_long(feedin_is_feed(rss, strlen(rss), "text/html"), 0,
	    "is_feed: an RSS served as text/html stays HTML (documented)");
	tap_long(feedin_is_feed(html, strlen(html), NULL), 0,
	    "is_feed: an HTML page without a type is not a feed");
	tap_long(feedin_is_feed(html, strlen(html), "text/html"), 0,
	    "is_feed: an HTML page is not a feed");
	tap_long(feedin_is_feed(svg, strlen(svg), "image/svg+xml"), 0,
	    "is_feed: SVG is not a feed");
	tap_long(feedin_is_feed(feedlike, strlen(feedlike), "text/xml"), 0,
	    "is_feed: <feeds> is not <feed>");
	tap_long(feedin_is_feed("", 0, NULL), 0, "is_feed: empty body");
	tap_long(feedin_is_feed("<?xml version=\"1.0\"", 19, "text/xml"), 0,
	    "is_feed: an unfinished declaration");
	if ((utf16 = read_fixture("utf16-atom.xml", &len)) != NULL) {
		tap_long(feedin_is_feed(utf16, len, "text/xml"), 1,
		    "is_feed: a UTF-16 LE Atom is sniffed");
		free(utf16);
	}
	if ((utf16 = read_fixture("external-dtd-utf16.xml", &len)) != NULL) {
		tap_long(feedin_is_feed(utf16, len, NULL), 1,
		    "is_feed: a UTF-16 BE RSS without BOM is sniffed");
		free(utf16);
	}
}

static void
test_rss2(void)
{
	struct extraction	 ex;
	struct item	*it;

	if (parse_fixture("rss2.xml", &ex) == -1)
		return;
	tap_str(ex.ex_how, "rss 2.0", "rss2: how");
	tap_str(ex.ex_title, "Example & Co blog", "rss2: channel title");
	tap_long(ex.ex_nitems, 3, "rss2: three items");
	tap_long(ex.ex_ndates_unparsed, 1, "rss2: one date not understood");
	tap_ok(page_clean(&ex, "<script"), "rss2: every string clean, no "
	    "script, no guid assigned");
	if (ex.ex_nitems != 3)
		goto out;
	it = &ex.ex_items[0];
	tap_str(it->it_title, "First post", "rss2 item 1: encoded markup in "
	    "the title becomes text");
	tap_str(it->it_link, "https://example.org/blog/posts/1.html",
	    "rss2 item 1: link resolved against the root's xml:base");
	tap_str(it->it_guid_text, "post-1", "rss2 item 1: guid text");
	tap_long(it->it_date, 1542104430, "rss2 item 1: RFC 822 pubDate");
	tap_str(it->it_date_text, "Tue, 13 Nov 2018 10:20:30 GMT",
	    "rss2 item 1: date text");
	tap_str(it->it_summary, "Hello world", "rss2 item 1: description as "
	    "text");
	tap_str(it->it_content, "<p>Full <a href=\"https://example.org/"
	    "about\">text</a></p>\n<img src=\"https://example.org/blog/img/"
	    "a.png\">", "rss2 item 1: content:encoded sanitised, script and "
	    "onerror gone, URLs absolute");
	tap_str(it->it_author, "Jo Bloggs", "rss2 item 1: dc:creator");
	tap_str(it->it_image, "https://example.org/blog/media/pic.jpg",
	    "rss2 item 1: image enclosure");
	tap_str(it->it_categories, "News\nTech", "rss2 item 1: categories, "
	    "repeat dropped");
	it = &ex.ex_items[1];
	tap_str(it->it_link, "https://example.org/blog/posts/2.html",
	    "rss2 item 2: permalink guid is the link");
	tap_str(it->it_guid_text, "https://example.org/blog/posts/2.html",
	    "rss2 item 2: guid text");
	tap_long(it->it_date, 1542096000, "rss2 item 2: sloppy date with "
	    "offset");
	tap_str(it->it_summary, "Plain text & more", "rss2 item 2: "
	    "double-escaped ampersand");
	tap_str(it->it_content, NULL, "rss2 item 2: plain description is no "
	    "content");
	tap_str(it->it_author, "Jo Bloggs", "rss2 item 2: author's name "
	    "from \"email (name)\"");
	tap_str(it->it_image, "https://cdn.example.net/x/thumb.jpg",
	    "rss2 item 2: audio enclosure skipped, media:thumbnail against "
	    "the item's xml:base");
	it = &ex.ex_items[2];
	tap_str(it->it_title, "Untitled item here", "rss2 item 3: title "
	    "borrowed from the summary");
	tap_str(it->it_content, "<p>Untitled item <i>here</i></p>",
	    "rss2 item 3: HTML description is the content");
	tap_long(it->it_date, 0, "rss2 item 3: no date");
	tap_str(it->it_date_text, "no date at all", "rss2 item 3: date text "
	    "kept");
	tap_str(it->it_image, "https://img.example.org/big.jpg",
	    "rss2 item 3: media:content image inside media:group");
	tap_str(it->it_guid_text, NULL, "rss2 item 3: no guid");
out:
	extraction_free(&ex);
}

static void
test_atom(void)
{
	struct extraction	 ex;
	struct item	*it;

	if (parse_fixture("atom.xml", &ex) == -1)
		return;
	tap_str(ex.ex_how, "atom 1.0", "atom: how");
	tap_str(ex.ex_title, "Atom Example", "atom: html title as text");
	tap_long(ex.ex_nitems, 3, "atom: three entries");
	tap_ok(page_clean(&ex, "bad()"), "atom: every string clean, no "
	    "script");
	if (ex.ex_nitems != 3)
		goto out;
	it = &ex.ex_items[0];
	tap_str(it->it_title, "XHTML title", "atom entry 1: xhtml title as "
	    "text");
	tap_str(it->it_link, "https://atom.example.com/entries/1",
	    "atom entry 1: rel=alternate link, not enclosure or related");
	tap_str(it->it_image, "https://atom.example.com/img/e1.png",
	    "atom entry 1: rel=enclosure image");
	tap_str(it->it_guid_text, "tag:example.com,2019:1", "atom entry 1: "
	    "id");
	tap_long(it->it_date, 1556697600, "atom entry 1: published wins "
	    "over updated, RFC 3339 offset");
	tap_str(it->it_date_text, "2019-05-01T10:00:00+02:00",
	    "atom entry 1: date text");
	tap_str(it->it_summary, "Short & sweet", "atom entry 1: summary");
	tap_str(it->it_content, "<p>Entry <a href=\"https://atom.example.com/"
	    "rel/link\">one</a></p>", "atom entry 1: html content sanitised");
	tap_str(it->it_author, "Ann Author", "atom entry 1: author name");
	tap_str(it->it_categories, "Label One\nt2", "atom entry 1: category "
	    "label, else term");
	it = &ex.ex_items[1];
	tap_str(it->it_title, "Plain <not a tag>", "atom entry 2: text title "
	    "kept literally");
	tap_str(it->it_link, "https://atom.example.com/sub/two",
	    "atom entry 2: link without rel, nested xml:base");
	tap_long(it->it_date, 1556841600, "atom entry 2: updated");
	tap_str(it->it_summary, "Summary two", "atom entry 2: html summary "
	    "as text");
	tap_str(it->it_content, "<p>XHTML <em>body</em></p>\n<img src=\""
	    "https://atom.example.com/sub/pic.jpg\" alt=\"\">",
	    "atom entry 2: xhtml content sanitised");
	tap_str(it->it_author, "only@example.com", "atom entry 2: author "
	    "email when no name");
	tap_str(it->it_image, NULL, "atom entry 2: no image");
	it = &ex.ex_items[2];
	tap_str(it->it_content, NULL, "atom entry 3: out-of-line content "
	    "ignored");
	tap_str(it->it_link, "https://atom.example.com/3", "atom entry 3: "
	    "link");
out:
	extraction_free(&ex);
}

static void
test_rss1(void)
{
	struct extraction	 ex;
	struct item	*it;

	if (parse_fixture("rss1.rdf", &ex) == -1)
		return;
	tap_str(ex.ex_how, "rss 1.0", "rss1: how");
	tap_str(ex.ex_title, "RDF News", "rss1: channel title");
	tap_long(ex.ex_nitems, 2, "rss1: two items beside the channel");
	tap_ok(page_clean(&ex, NULL), "rss1: every string clean");
	if (ex.ex_nitems != 2)
		goto out;
	it = &ex.ex_items[0];
	tap_str(it->it_title, "Item A", "rss1 item 1: title");
	tap_str(it->it_link, "http://rdf.example.com/a", "rss1 item 1: link "
	    "resolved against the channel's link");
	tap_str(it->it_guid_text, "http://rdf.example.com/a", "rss1 item 1: "
	    "rdf:about as guid");
	tap_long(it->it_date, 1583020740, "rss1 item 1: dc:date");
	tap_str(it->it_author, "Rdf Writer", "rss1 item 1: dc:creator");
	tap_str(it->it_categories, "Leap", "rss1 item 1: dc:subject");
	tap_str(it->it_summary, "About A", "rss1 item 1: description");
	tap_long(ex.ex_items[1].it_date, 1583020800, "rss1 item 2: date "
	    "only");
out:
	extraction_free(&ex);
}

static void
test_sloppy(void)
{
	struct extraction	 ex;

	if (parse_fixture("rss091.xml", &ex) == -1)
		return;
	tap_str(ex.ex_how, "rss 0.91", "rss091: how");
	tap_str(ex.ex_title, "Sloppy \xc3\xa9" "dition", "rss091: HTML "
	    "entity in the title without the DTD");
	tap_long(ex.ex_nitems, 2, "rss091: two items despite stray '&'");
	tap_ok(page_clean(&ex, NULL), "rss091: every string clean");
	if (ex.ex_nitems == 2) {
		tap_str(ex.ex_items[0].it_title, "Tom & Jerry &copy 2001 "
		    "caf\xc3\xa9", "rss091 item 1: stray '&' kept, &nbsp; "
		    "and &eacute; decoded");
		tap_str(ex.ex_items[0].it_link, "http://sloppy.example.com/"
		    "news?id=1&page=2", "rss091 item 1: unescaped '&' in "
		    "the link, relative to the channel link");
		tap_str(ex.ex_items[0].it_summary, "Say \"hi\" & \xc3\xa9t"
		    "\xc3\xa9 &bogus; done", "rss091 item 1: references "
		    "decoded, unknown entity literal, &#0; dropped");
		tap_str(ex.ex_items[1].it_title, "R\xc3\xa9sum\xc3\xa9 & more",
		    "rss091 item 2: &amp; survives earlier errors");
		tap_str(ex.ex_items[1].it_link, "http://sloppy.example.com/"
		    "news?id=2&x=y", "rss091 item 2: link");
	}
	extraction_free(&ex);
}

static void
test_encodings(void)
{
	struct extraction	 ex;

	if (parse_fixture("cp1251.xml", &ex) == 0) {
		tap_str(ex.ex_title, "Новости посольства", "cp1251: title "
		    "decoded");
		if (tap_long(ex.ex_nitems, 1, "cp1251: one item")) {
			tap_str(ex.ex_items[0].it_title, "Привет, мир",
			    "cp1251: item title");
			tap_str(ex.ex_items[0].it_summary, "Съешь же ещё "
			    "этих мягких французских булок", "cp1251: "
			    "description");
			tap_str(ex.ex_items[0].it_categories, "Политика",
			    "cp1251: category");
			tap_long(ex.ex_items[0].it_date, 1542093630,
			    "cp1251: Russian RFC 822-like date");
		}
		extraction_free(&ex);
	}
	if (parse_fixture("utf16-atom.xml", &ex) == 0) {
		tap_str(ex.ex_how, "atom 1.0", "utf16: how");
		tap_str(ex.ex_title, "Ünïcödé 日本 feed", "utf16: title");
		if (tap_long(ex.ex_nitems, 1, "utf16: one entry")) {
			tap_str(ex.ex_items[0].it_title, "Ελληνικά & 𝄞",
			    "utf16: entry title, astral character kept");
			tap_str(ex.ex_items[0].it_summary, "Résumé",
			    "utf16: summary");
			tap_str(ex.ex_items[0].it_link,
			    "http://utf16.example.com/1", "utf16: link");
			tap_long(ex.ex_items[0].it_date, 1609459200,
			    "utf16: date");
		}
		extraction_free(&ex);
	}
}

/* Hostile documents: nothing may expand, nothing may be read from disk. */
static void
test_hostile(void)
{
	struct extraction	 ex;
	struct timespec	 t0, t1;

	/* A figure, not a check: timing belongs to benchmarks. */
	clock_gettime(CLOCK_MONOTONIC, &t0);

	if (parse_fixture("billion-laughs.xml", &ex) == 0) {
		tap_ok(page_clean(&ex, "lollol"), "billion laughs: nothing "
		    "expanded");
		if (tap_long(ex.ex_nitems, 1, "billion laughs: the item is "
		    "read"))
			tap_str(ex.ex_items[0].it_title, "a &lol9; b",
			    "billion laughs: the reference stays literal");
		extraction_free(&ex);
	}
	if (parse_fixture("billion-laughs-utf16.xml", &ex) == 0) {
		tap_ok(page_clean(&ex, "lol"), "billion laughs, UTF-16 (no "
		    "repair pass): nothing expanded");
		if (tap_long(ex.ex_nitems, 1, "billion laughs, UTF-16: the "
		    "item is read"))
			tap_str(ex.ex_items[0].it_title, "a b",
			    "billion laughs, UTF-16: the reference is dropped");
		extraction_free(&ex);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# billion laughs: both documents parsed in %.3f s\n",
	    (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (parse_fixture("xxe.xml", &ex) == 0) {
		tap_ok(page_clean(&ex, "root:"), "xxe: /etc/passwd not read");
		if (tap_long(ex.ex_nitems, 1, "xxe: the item is read"))
			tap_str(ex.ex_items[0].it_title, "before &xxe; after",
			    "xxe: the reference stays literal");
		extraction_free(&ex);
	}
	if (parse_fixture("xxe-utf16.xml", &ex) == 0) {
		tap_ok(page_clean(&ex, "root:"), "xxe, UTF-16: /etc/passwd "
		    "not read");
		if (tap_long(ex.ex_nitems, 1, "xxe, UTF-16: the item is read"))
			tap_str(ex.ex_items[0].it_title, "before after",
			    "xxe, UTF-16: the reference is dropped");
		extraction_free(&ex);
	}
	if (parse_fixture("external-dtd-utf16.xml", &ex) == 0) {
		tap_ok(page_clean(&ex, "root:"), "external DTD: not loaded");
		if (tap_long(ex.ex_nitems, 1, "external DTD: the item is read"))
			tap_str(ex.ex_items[0].it_title, "t x", "external "
			    "DTD: &nbsp; known without it");
		extraction_free(&ex);
	}
	if (parse_fixture("truncated.xml", &ex) == 0) {
		tap_long(ex.ex_nitems, 1, "truncated: the unfinished last item "
		    "is dropped");
		if (ex.ex_nitems == 1)
			tap_str(ex.ex_items[0].it_title, "Complete item",
			    "truncated: the complete item is kept");
		tap_str(ex.ex_title, "Cut off", "truncated: channel title");
		extraction_free(&ex);
	}
}

static void
expect_not_feed(const char *name, const char *body, size_t len,
    const char *want_cause)
{
	struct date_opts	 d;
	struct extraction		 ex;
	char			*cause = NULL, what[128];
	int			 rv;

	dopts_init(&d);
	rv = feedin_parse(body, len, FEED_URL, &d, &ex, &cause);
	snprintf(what, sizeof(what), "%s: not a feed", name);
	tap_long(rv, -1, what);
	snprintf(what, sizeof(what), "%s: cause", name);
	tap_str(cause, want_cause, what);
	tap_ok(ex.ex_nitems == 0 && ex.ex_items == NULL && ex.ex_how == NULL,
	    "page left empty");
	free(cause);
}

static void
test_not_feeds(void)
{
	const char	*html = "<!DOCTYPE html><html><body><p>Hi</p></body>"
	    "</html>";
	char		*body;
	size_t		 len;

	if ((body = read_fixture("image.svg", &len)) != NULL) {
		expect_not_feed("svg", body, len,
		    "not a feed: the root element is <svg>");
		free(body);
	}
	if ((body = read_fixture("sitemap.xml", &len)) != NULL) {
		expect_not_feed("sitemap", body, len,
		    "not a feed: the root element is <urlset>");
		free(body);
	}
	if ((body = read_fixture("garbage.bin", &len)) != NULL) {
		expect_not_feed("garbage", body, len,
		    "not a feed: not an XML document");
		tap_long(feedin_is_feed(body, len, "application/octet-stream"),
		    0, "garbage: is_feed 0");
		free(body);
	}
	expect_not_feed("html", html, strlen(html),
	    "not a feed: the root element is <html>");
	expect_not_feed("empty", "", 0, "empty document");
}

/* Caps: items, title length, control characters, future dates. */
static void
test_caps(void)
{
	struct date_opts	 d;
	struct buf		 b;
	struct extraction		 ex;
	char			*body, *cause = NULL;
	size_t			 i, len;

	buf_init(&b, 16 * 1024 * 1024);
	buf_addstr(&b, "<rss version=\"2.0\"><channel><title>Caps</title>");
	buf_addstr(&b, "<item><title>");
	for (i = 0; i < 5000; i++)
		buf_addstr(&b, "x");
	buf_addstr(&b, "</title><link>http://caps.example/long</link>"
	    "<description>bell\x07&#x1;here</description>"
	    "<pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>");
	for (i = 1; i < ITEM_MAX_ITEMS + 5; i++)
		buf_printf(&b, "<item><title>n%zu</title><link>http://caps."
		    "example/%zu</link></item>", i, i);
	buf_addstr(&b, "</channel></rss>");
	body = buf_take(&b, &len);
	dopts_init(&d);
	if (!tap_long(feedin_parse(body, len, FEED_URL, &d, &ex, &cause), 0,
	    "caps: parses"))
		goto out;
	tap_long(ex.ex_nitems, ITEM_MAX_ITEMS, "caps: items capped");
	tap_ok(strlen(ex.ex_items[0].it_title) <= ITEM_MAX_TITLE,
	    "caps: title capped");
	tap_str(ex.ex_items[0].it_summary, "bellhere", "caps: control "
	    "characters dropped");
	tap_long(ex.ex_items[0].it_date, 0, "caps: a date far ahead is "
	    "ignored");
	tap_long(ex.ex_ndates_future, 1, "caps: and counted");
	tap_str(ex.ex_items[ITEM_MAX_ITEMS - 1].it_title, "n999",
	    "caps: document order");
	tap_ok(page_clean(&ex, NULL), "caps: every string clean");
	extraction_free(&ex);
out:
	free(cause);
	free(body);
}

/* A feed's language and its dates' offsets travel on. */
static void
test_language(void)
{
	struct date_opts	 d;
	struct extraction		 ex;
	char			*cause = NULL;
	const char		*rss = "<rss version=\"2.0\"><channel>"
	    "<title>L</title><language>ru-ru</language><item><title>a</title>"
	    "<link>http://l.example/a</link><pubDate>Thu, 22 Nov 2018 "
	    "10:00:00 +0300</pubDate></item></channel></rss>";
	const char		*atom = "<feed xmlns=\"http://www.w3.org/2005/"
	    "Atom\" xml:lang=\"de_AT\"><title>A</title><entry><title>a</title>"
	    "<link href=\"http://l.example/b\"/><id>tag:l,2018:b</id>"
	    "<updated>2018-11-22T10:00:00-05:00</updated></entry></feed>";

	dopts_init(&d);
	if (feedin_parse(rss, strlen(rss), FEED_URL, &d, &ex, &cause) == 0 &&
	    ex.ex_nitems == 1) {
		tap_str(ex.ex_language, "ru-RU", "rss: <language> is the "
		    "page's language");
		tap_ok(ex.ex_items[0].it_date == 1542870000 &&
		    ex.ex_items[0].it_date_offset == 3 * 3600 &&
		    !ex.ex_items[0].it_date_only, "rss: the pubDate keeps "
		    "its +0300");
	} else
		tap_ok(0, "rss with a language parses");
	extraction_free(&ex);
	free(cause);
	cause = NULL;
	if (feedin_parse(atom, strlen(atom), FEED_URL, &d, &ex, &cause) == 0 &&
	    ex.ex_nitems == 1) {
		tap_str(ex.ex_language, "de-AT", "atom: xml:lang is the "
		    "page's language");
		tap_ok(ex.ex_items[0].it_date_offset == -5 * 3600,
		    "atom: the date keeps its -05:00");
	} else
		tap_ok(0, "atom with a language parses");
	extraction_free(&ex);
	free(cause);
}

/* xml:base moves links only within http(s), as <base> does. */
static void
test_xml_base_scheme(void)
{
	struct date_opts	 d;
	struct extraction		 ex;
	char			*cause = NULL;
	const char		*rss = "<rss version=\"2.0\"><channel "
	    "xml:base=\"file:///etc/\"><title>B</title><item><title>a</title>"
	    "<link>passwd</link></item><item xml:base=\"HTTPS://b.example/"
	    "x/\"><title>b</title><link>y</link></item></channel></rss>";

	dopts_init(&d);
	if (feedin_parse(rss, strlen(rss), FEED_URL, &d, &ex, &cause) == 0 &&
	    ex.ex_nitems == 2) {
		tap_ok(ex.ex_items[0].it_link != NULL &&
		    strncmp(ex.ex_items[0].it_link, "http", 4) == 0,
		    "xml:base file:///etc/ is ignored, the link stays http");
		tap_str(ex.ex_items[1].it_link, "HTTPS://b.example/x/y",
		    "xml:base in upper case is http(s) still");
	} else
		tap_ok(0, "rss with xml:base parses");
	extraction_free(&ex);
	free(cause);
}

/* A text node longer than the raw cap is cut at it, not lost. */
static void
test_long_text(void)
{
	struct date_opts	 d;
	struct buf		 b;
	struct extraction		 ex;
	char			*body, *cause = NULL;
	size_t			 i, len;

	buf_init(&b, 16 * 1024 * 1024);
	buf_addstr(&b, "<rss version=\"2.0\"><channel><title>Long</title>"
	    "<item><title>t</title><link>http://long.example/</link>"
	    "<description>");
	for (i = 0; i < 3 * 1024 * 1024 / 8; i++)
		buf_addstr(&b, "word \xc3\xa9 ");
	buf_addstr(&b, "</description></item></channel></rss>");
	body = buf_take(&b, &len);
	dopts_init(&d);
	if (tap_long(feedin_parse(body, len, FEED_URL, &d, &ex, &cause), 0,
	    "long text: parses")) {
		tap_ok(ex.ex_nitems == 1 && ex.ex_items[0].it_summary != NULL &&
		    strncmp(ex.ex_items[0].it_summary, "word \xc3\xa9 word",
		    12) == 0 && strlen(ex.ex_items[0].it_summary) <=
		    ITEM_MAX_SUMMARY, "long text: a 3 MiB description is cut "
		    "to a summary, not dropped");
		tap_ok(page_clean(&ex, NULL), "long text: every string clean");
		extraction_free(&ex);
	}
	free(cause);
	free(body);
}

int
main(void)
{
	test_is_feed();
	test_rss2();
	test_atom();
	test_rss1();
	test_sloppy();
	test_encodings();
	test_hostile();
	test_not_feeds();
	test_caps();
	test_long_text();
	test_language();
	test_xml_base_scheme();
	return (tap_done());
}
