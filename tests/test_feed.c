/*
 * test_feed.c: RSS 2.0 and Atom 1.0 rendering.  The output is parsed back
 * with libxml2 (it must be well-formed), read with XPath, and the Atom
 * document is validated against tests/atom.rng (RFC 4287's RELAX NG).
 * Set TESTS_SRCDIR to the tests/ directory when running by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "feed.h"
#include "store.h"
#include "tap.h"
#include "text.h"
#include "testlib.h"
#include "tz.h"
#include "util.h"

#define ATOM_NS		"http://www.w3.org/2005/Atom"
#define SELF_RSS	"http://127.0.0.1:8080/feeds/test.rss"
#define SELF_ATOM	"http://127.0.0.1:8080/feeds/test.atom"
#define PAGE_URL	"https://example.org/news?x=1&y=2"
#define UUID		"urn:uuid:0f1e2d3c-4b5a-8978-a6b5-c4d3e2f1a0b9"

static struct stored_item items[] = {
	{
		.si_guid = "https://example.org/news/1?a=1&b=2",
		.si_title = "<b>tag</b> & \"quotes\"",
		.si_link = "https://example.org/news/1?a=1&b=2",
		.si_summary = "Summary with <b>bold</b> & more",
		.si_date = 1542067200,
		.si_first_seen = 1542100000,
		.si_updated = 0,
		.si_published = 1542067200,
	},
	{
		.si_guid = UUID,
		.si_title = "No link here",
		.si_link = NULL,
		.si_summary = NULL,
		.si_date = 0,
		.si_first_seen = 1542200000,
		.si_updated = 1542300000,
		.si_published = 1542200000,
	},
	{
		.si_guid = "https://example.org/3",
		.si_title = "Bad\x01" "chars\x0bhere\xef\xbf\xbe and \xff",
		.si_link = "https://example.org/3-moved",
		.si_summary = "sum\x01mary\x0b",
		.si_date = 0,
		.si_first_seen = 1542100000,
		.si_updated = 0,
		.si_published = 1542100000,
	},
};
#define NITEMS	(sizeof(items) / sizeof(items[0]))

/* The string value of EXPR in DOC, atom: and a: both bound to Atom. */
static char *
xp(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 obj;
	char			*s;

	if (doc == NULL)
		return (xstrdup("(no document)"));
	ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "atom", BAD_CAST ATOM_NS);
	xmlXPathRegisterNs(ctx, BAD_CAST "a", BAD_CAST ATOM_NS);
	obj = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	if (obj == NULL)
		s = xstrdup("(XPath error)");
	else {
		xmlChar	*v = xmlXPathCastToString(obj);

		s = xstrdup((const char *)v);
		xmlFree(v);
	}
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return (s);
}

static void
check(xmlDocPtr doc, const char *expr, const char *want, const char *what)
{
	char	*got = xp(doc, expr);

	tap_str(got, want, what);
	free(got);
}

static xmlDocPtr
parse(const char *out, size_t len, const char *what)
{
	xmlDocPtr	 doc;
	char		 name[120];

	doc = xmlReadMemory(out, (int)len, "feed.xml", NULL, XML_PARSE_NONET);
	snprintf(name, sizeof(name), "%s: well-formed XML", what);
	tap_ok(doc != NULL, name);
	return (doc);
}

/* No byte XML 1.0 forbids, no U+FFFE, no invalid UTF-8 marker bytes. */
static int
raw_clean(const char *out, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		unsigned char	 c = (unsigned char)out[i];

		if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
			return (0);
		if (c == 0xff)
			return (0);
	}
	return (memmem(out, len, "\xef\xbf\xbe", 3) == NULL);
}

static xmlRelaxNGPtr	 schema;	/* atom.rng, loaded once */

static void
quiet(void *ctx, xmlErrorPtr err)
{
	(void)ctx; (void)err;
}

/* 1 if DOC is valid Atom; with EXPECT_INVALID the errors are not shown. */
static int
relaxng_valid(xmlDocPtr doc, int expect_invalid)
{
	xmlRelaxNGParserCtxtPtr	 pctx;
	xmlRelaxNGValidCtxtPtr	 vctx;
	char			*path;
	int			 rc;

	if (doc == NULL)
		return (0);
	if (schema == NULL) {
		xasprintf(&path, "%s/atom.rng", testlib_srcdir());
		if ((pctx = xmlRelaxNGNewParserCtxt(path)) != NULL) {
			schema = xmlRelaxNGParse(pctx);
			xmlRelaxNGFreeParserCtxt(pctx);
		}
		if (schema == NULL)
			printf("# cannot load %s (set TESTS_SRCDIR)\n", path);
		free(path);
		if (schema == NULL)
			return (0);
	}
	vctx = xmlRelaxNGNewValidCtxt(schema);
	if (expect_invalid)
		xmlRelaxNGSetValidStructuredErrors(vctx,
		    (xmlStructuredErrorFunc)(void (*)(void))quiet, NULL);
	rc = xmlRelaxNGValidateDoc(vctx, doc);
	xmlRelaxNGFreeValidCtxt(vctx);
	return (rc == 0);
}

static void
free_schema(void)
{
	if (schema != NULL)
		xmlRelaxNGFree(schema);
	schema = NULL;
}

static struct feed_meta
meta(const char *self, int ttl)
{
	struct feed_meta	 fm;

	memset(&fm, 0, sizeof(fm));
	fm.fm_name = "test";
	fm.fm_title = "Test & <Feed>";
	fm.fm_page_url = PAGE_URL;
	fm.fm_self_url = self;
	fm.fm_updated = 1542300000;
	fm.fm_ttl = ttl;
	return (fm);
}

static void
test_rss(void)
{
	struct feed_meta	 fm = meta(SELF_RSS, 30);
	xmlDocPtr		 doc;
	char			*out = NULL, *out2 = NULL, *cause = NULL;
	size_t			 len = 0, len2 = 0;

	if (!tap_ok(feed_rss(&fm, items, NITEMS, &out, &len, &cause) == 0,
	    "feed_rss renders")) {
		printf("# %s\n", cause);
		free(cause);
		return;
	}
	tap_ok(len == strlen(out), "rss: length matches, NUL-terminated");
	tap_ok(strncmp(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38)
	    == 0, "rss: XML declaration with UTF-8");
	tap_ok(raw_clean(out, len), "rss: no forbidden characters in the "
	    "bytes");
	/* The summary is HTML-escaped, then XML-escaped: two levels. */
	tap_ok(strstr(out, "Summary with &amp;lt;b&amp;gt;bold"
	    "&amp;lt;/b&amp;gt; &amp;amp; more") != NULL,
	    "rss: description escaped twice in the bytes");
	tap_ok(strstr(out, "<title>&#x3C;b&gt;tag&#x3C;/b&gt; &#x26; ") != NULL,
	    "rss: title escaped once in the bytes, & and < as hexadecimal "
	    "references (RSS Profile)");

	if ((doc = parse(out, len, "rss")) == NULL) {
		printf("%s\n", out);
		free(out);
		return;
	}
	tap_ok(!relaxng_valid(doc, 1), "atom.rng rejects the RSS document (the "
	    "validator is real)");
	check(doc, "name(/*)", "rss", "rss: root element");
	check(doc, "namespace-uri(/*)", "", "rss: root has no namespace");
	check(doc, "/rss/@version", "2.0", "rss: version 2.0");
	check(doc, "count(/rss/channel)", "1", "rss: one channel");
	check(doc, "/rss/channel/title", "Test & <Feed>", "rss: channel title");
	check(doc, "/rss/channel/link", PAGE_URL, "rss: channel link");
	check(doc, "/rss/channel/description", "Items of " PAGE_URL
	    ", polled by pagefeed", "rss: channel description");
	check(doc, "count(/rss/channel/atom:link)", "1",
	    "rss: one atom:link in the Atom namespace");
	check(doc, "/rss/channel/atom:link/@rel", "self", "rss: self rel");
	check(doc, "/rss/channel/atom:link/@href", SELF_RSS, "rss: self href");
	check(doc, "/rss/channel/atom:link/@type", "application/rss+xml",
	    "rss: self type");
	check(doc, "/rss/channel/lastBuildDate",
	    "Thu, 15 Nov 2018 16:40:00 +0000", "rss: lastBuildDate RFC 822");
	check(doc, "/rss/channel/ttl", "30", "rss: ttl");
	check(doc, "/rss/channel/generator", PACKAGE_NAME " " PACKAGE_VERSION,
	    "rss: generator");
	check(doc, "count(/rss/channel/item)", "3", "rss: three items");

	check(doc, "/rss/channel/item[1]/title", "<b>tag</b> & \"quotes\"",
	    "rss: item 1 title, markup as text");
	check(doc, "/rss/channel/item[1]/link",
	    "https://example.org/news/1?a=1&b=2", "rss: item 1 link");
	check(doc, "/rss/channel/item[1]/guid",
	    "https://example.org/news/1?a=1&b=2", "rss: item 1 guid");
	check(doc, "/rss/channel/item[1]/guid/@isPermaLink", "true",
	    "rss: link guid isPermaLink true");
	check(doc, "/rss/channel/item[1]/pubDate",
	    "Tue, 13 Nov 2018 00:00:00 +0000", "rss: item 1 pubDate");
	check(doc, "/rss/channel/item[1]/description",
	    "Summary with &lt;b&gt;bold&lt;/b&gt; &amp; more",
	    "rss: description is HTML-escaped text after one decode");

	check(doc, "count(/rss/channel/item[2]/link)", "0",
	    "rss: item without link has no <link>");
	check(doc, "/rss/channel/item[2]/guid", UUID, "rss: urn:uuid guid");
	check(doc, "/rss/channel/item[2]/guid/@isPermaLink", "false",
	    "rss: urn:uuid guid isPermaLink false");
	check(doc, "/rss/channel/item[2]/pubDate",
	    "Wed, 14 Nov 2018 12:53:20 +0000", "rss: pubDate = published");
	check(doc, "count(/rss/channel/item[2]/description)", "0",
	    "rss: no summary, no description");

	check(doc, "/rss/channel/item[3]/guid/@isPermaLink", "false",
	    "rss: guid differing from link isPermaLink false");
	check(doc, "/rss/channel/item[3]/title",
	    "Badcharshere and \xef\xbf\xbd", "rss: forbidden characters "
	    "dropped from the title");
	check(doc, "/rss/channel/item[3]/description", "summary",
	    "rss: forbidden characters dropped from the description");
	xmlFreeDoc(doc);

	if (feed_rss(&fm, items, NITEMS, &out2, &len2, &cause) == 0) {
		tap_ok(len == len2 && memcmp(out, out2, len) == 0,
		    "rss: same input, same bytes");
		free(out2);
	} else {
		tap_ok(0, "rss: second render");
		free(cause);
		cause = NULL;
	}
	free(out);

	/* No ttl element when ttl is 0; no items is still a document. */
	fm.fm_ttl = 0;
	if (!tap_ok(feed_rss(&fm, NULL, 0, &out, &len, &cause) == 0,
	    "rss: empty item list renders")) {
		free(cause);
		return;
	}
	if ((doc = parse(out, len, "empty rss")) != NULL) {
		check(doc, "count(/rss/channel/item)", "0",
		    "empty rss: no items");
		check(doc, "count(/rss/channel/ttl)", "0",
		    "rss: ttl 0 omitted");
		check(doc, "/rss/channel/title", "Test & <Feed>",
		    "empty rss: channel title");
		xmlFreeDoc(doc);
	}
	free(out);
}

/* Items 1 and 2 are clean; the checks of item 3 are apart, below. */
static void
test_atom(void)
{
	struct feed_meta	 fm = meta(SELF_ATOM, 30);
	xmlDocPtr		 doc;
	char			*out = NULL, *out2 = NULL, *cause = NULL;
	size_t			 len = 0, len2 = 0;

	if (!tap_ok(feed_atom(&fm, items, 2, &out, &len, &cause) == 0,
	    "feed_atom renders")) {
		printf("# %s\n", cause);
		free(cause);
		return;
	}
	tap_ok(len == strlen(out), "atom: length matches, NUL-terminated");
	tap_ok(strncmp(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38)
	    == 0, "atom: XML declaration with UTF-8");
	tap_ok(strstr(out, "&lt;b&gt;tag&lt;/b&gt; &amp; ") != NULL,
	    "atom: title escaped once in the bytes");
	doc = parse(out, len, "atom");
	tap_ok(relaxng_valid(doc, 0), "atom: valid against atom.rng");
	if (doc == NULL) {
		printf("%s\n", out);
		free(out);
		return;
	}
	check(doc, "namespace-uri(/*)", ATOM_NS,
	    "atom: root in Atom namespace");
	check(doc, "local-name(/*)", "feed", "atom: root element feed");
	check(doc, "/a:feed/a:id", SELF_ATOM, "atom: feed id is the self URL");
	check(doc, "/a:feed/a:title", "Test & <Feed>", "atom: feed title");
	check(doc, "/a:feed/a:title/@type", "text", "atom: title type text");
	check(doc, "/a:feed/a:updated", "2018-11-15T16:40:00Z",
	    "atom: feed updated RFC 3339");
	check(doc, "/a:feed/a:link[@rel='self']/@href", SELF_ATOM,
	    "atom: self link");
	check(doc, "/a:feed/a:link[@rel='self']/@type", "application/atom+xml",
	    "atom: self link type");
	check(doc, "/a:feed/a:link[@rel='alternate']/@href", PAGE_URL,
	    "atom: alternate link to the page");
	check(doc, "/a:feed/a:author/a:name", "Test & <Feed>",
	    "atom: author name");
	check(doc, "/a:feed/a:author/a:uri", PAGE_URL, "atom: author uri");
	check(doc, "/a:feed/a:generator", PACKAGE_NAME, "atom: generator");
	check(doc, "/a:feed/a:generator/@version", PACKAGE_VERSION,
	    "atom: generator version");
	check(doc, "count(/a:feed/a:entry)", "2", "atom: two entries");

	check(doc, "/a:feed/a:entry[1]/a:id",
	    "https://example.org/news/1?a=1&b=2", "atom: entry 1 id");
	check(doc, "/a:feed/a:entry[1]/a:title", "<b>tag</b> & \"quotes\"",
	    "atom: entry 1 title, markup as text");
	check(doc, "/a:feed/a:entry[1]/a:title/@type", "text",
	    "atom: entry title type text");
	check(doc, "/a:feed/a:entry[1]/a:link[@rel='alternate']/@href",
	    "https://example.org/news/1?a=1&b=2", "atom: entry 1 link");
	check(doc, "/a:feed/a:entry[1]/a:published", "2018-11-13T00:00:00Z",
	    "atom: entry 1 published");
	check(doc, "/a:feed/a:entry[1]/a:updated", "2018-11-13T00:00:00Z",
	    "atom: entry 1 updated = published when never updated");
	check(doc, "/a:feed/a:entry[1]/a:summary",
	    "Summary with <b>bold</b> & more",
	    "atom: summary is the plain text");
	check(doc, "/a:feed/a:entry[1]/a:summary/@type", "text",
	    "atom: summary type text");

	check(doc, "/a:feed/a:entry[2]/a:id", UUID, "atom: urn:uuid id");
	check(doc, "count(/a:feed/a:entry[2]/a:link)", "1",
	    "atom: entry without a link of its own has one alternate link");
	check(doc, "/a:feed/a:entry[2]/a:link[@rel='alternate']/@href",
	    PAGE_URL, "atom: ... to the page it was listed on");
	check(doc, "count(/a:feed/a:entry[2]/a:link/@type)", "0",
	    "atom: ... of no declared type (the page may be a feed)");
	check(doc, "/a:feed/a:entry[2]/a:published", "2018-11-14T12:53:20Z",
	    "atom: entry 2 published");
	check(doc, "/a:feed/a:entry[2]/a:updated", "2018-11-15T16:40:00Z",
	    "atom: entry 2 updated");
	check(doc, "/a:feed/a:entry[2]/a:summary", "No link here",
	    "atom: without summary or content, the title is the summary "
	    "(the W3C validator wants text in an entry)");
	xmlFreeDoc(doc);

	if (feed_atom(&fm, items, 2, &out2, &len2, &cause) == 0) {
		tap_ok(len == len2 && memcmp(out, out2, len) == 0,
		    "atom: same input, same bytes");
		free(out2);
	} else {
		tap_ok(0, "atom: second render");
		free(cause);
		cause = NULL;
	}
	free(out);

	if (!tap_ok(feed_atom(&fm, NULL, 0, &out, &len, &cause) == 0,
	    "atom: empty item list renders")) {
		free(cause);
		return;
	}
	doc = parse(out, len, "empty atom");
	tap_ok(relaxng_valid(doc, 0), "empty atom: valid against atom.rng");
	if (doc != NULL) {
		check(doc, "count(/a:feed/a:entry)", "0", "empty atom: no "
		    "entries");
		check(doc, "/a:feed/a:author/a:name", "Test & <Feed>",
		    "empty atom: author present");
		xmlFreeDoc(doc);
	}
	free(out);
}

/* What XML forbids (item 3, a guid, a feed title) never reaches the output. */
static void
test_forbidden(void)
{
	struct feed_meta	 fm = meta(SELF_ATOM, 30);
	struct stored_item	 one;
	xmlDocPtr		 doc;
	char			*out = NULL, *cause = NULL;
	size_t			 len = 0;

	memset(&one, 0, sizeof(one));
	fm.fm_title = "Feed\x01 title\xef\xbf\xbf";
	if (!tap_ok(feed_atom(&fm, items, NITEMS, &out, &len, &cause) == 0,
	    "atom with forbidden characters renders")) {
		free(cause);
		return;
	}
	tap_ok(raw_clean(out, len), "atom: no forbidden characters in the "
	    "bytes");
	doc = parse(out, len, "atom with forbidden characters");
	tap_ok(relaxng_valid(doc, 0), "atom with forbidden characters: valid "
	    "against atom.rng");
	/* Checked even when the parse failed, so the count stays fixed. */
	check(doc, "count(/a:feed/a:entry)", "3", "atom: three entries");
	check(doc, "/a:feed/a:title", "Feed title",
	    "atom: forbidden characters dropped from the feed title");
	check(doc, "/a:feed/a:entry[3]/a:title",
	    "Badcharshere and \xef\xbf\xbd", "atom: forbidden "
	    "characters dropped from the entry title");
	check(doc, "/a:feed/a:entry[3]/a:summary", "summary",
	    "atom: forbidden characters dropped from the summary");
	xmlFreeDoc(doc);
	free(out);

	/* A guid holding a forbidden character, in both formats. */
	one.si_guid = "tag:example.org,2018:a\x01" "b";
	one.si_title = "t";
	one.si_published = 1542067200;
	fm.fm_title = "Feed";
	if (feed_atom(&fm, &one, 1, &out, &len, &cause) == 0) {
		doc = parse(out, len, "atom with a forbidden guid");
		check(doc, "/a:feed/a:entry/a:id", "tag:example.org,2018:ab",
		    "atom: forbidden character dropped from the id");
		xmlFreeDoc(doc);
		free(out);
	} else {
		tap_ok(0, "atom with a forbidden guid renders");
		free(cause);
		cause = NULL;
	}
	fm.fm_self_url = SELF_RSS;
	if (feed_rss(&fm, &one, 1, &out, &len, &cause) == 0) {
		doc = parse(out, len, "rss with a forbidden guid");
		check(doc, "/rss/channel/item/guid", "tag:example.org,2018:ab",
		    "rss: forbidden character dropped from the guid");
		xmlFreeDoc(doc);
		free(out);
	} else {
		tap_ok(0, "rss with a forbidden guid renders");
		free(cause);
		cause = NULL;
	}

	/* The forbidden feed title in RSS. */
	fm.fm_title = "Feed\x01 title\xef\xbf\xbf";
	if (feed_rss(&fm, items, NITEMS, &out, &len, &cause) == 0) {
		doc = parse(out, len, "rss with a forbidden feed title");
		if (doc != NULL) {
			check(doc, "/rss/channel/title", "Feed title",
			    "rss: forbidden characters dropped from the "
			    "channel title");
			xmlFreeDoc(doc);
		}
		free(out);
	} else {
		tap_ok(0, "rss with a forbidden feed title renders");
		free(cause);
	}
}

/* Three stored items in store order; only the fields feed_when reads. */
static void
when3(struct stored_item *si, time_t p0, time_t p1, time_t p2, int date_only)
{
	memset(si, 0, 3 * sizeof(*si));
	si[0].si_published = p0;
	si[1].si_published = p1;
	si[2].si_published = p2;
	si[0].si_date_only = si[1].si_date_only = si[2].si_date_only =
	    date_only;
}

static void
test_when(void)
{
	struct stored_item	 si[4];
	struct feed_when	 fw[4], fw2[4];
	const time_t		 T = 1542300000, M = 1542834000;	/* M: midnight +03 */

	/* One poll, no page dates: one first-seen instant. */
	when3(si, T, T, T, 0);
	feed_when(si, 3, fw);
	tap_ok(fw[0].fw_published == T && fw[1].fw_published == T - 1 &&
	    fw[2].fw_published == T - 2, "when: one first-seen instant spread "
	    "down a second apart, the first kept");
	tap_ok(fw[0].fw_updated == T && fw[1].fw_updated == T - 1 &&
	    fw[2].fw_updated == T - 2, "when: updated follows published");
	/* Three items of one date-only day stay on their day, page order. */
	when3(si, M, M, M, 1);
	feed_when(si, 3, fw);
	tap_ok(fw[0].fw_published == M + 2 && fw[1].fw_published == M + 1 &&
	    fw[2].fw_published == M, "when: a date-only run counts up from "
	    "midnight, so the day stays");
	/* A run pushed into the next older instant pushes that one too. */
	when3(si, T, T, T - 1, 0);
	feed_when(si, 3, fw);
	tap_ok(fw[0].fw_published == T && fw[1].fw_published == T - 1 &&
	    fw[2].fw_published == T - 2, "when: the next older entry moves "
	    "below the run");
	/* Distinct dates stay as they are, in any order given. */
	when3(si, T - 100, T, T - 50, 0);
	feed_when(si, 3, fw);
	tap_ok(fw[0].fw_published == T - 100 && fw[1].fw_published == T &&
	    fw[2].fw_published == T - 50, "when: distinct instants untouched, "
	    "in any order");
	/* Two items changed at one poll: distinct updated, above published. */
	when3(si, T - 100, T - 200, T - 300, 0);
	si[0].si_updated = si[1].si_updated = T;
	si[2].si_updated = T - 300;	/* not after published: unchanged */
	feed_when(si, 3, fw);
	tap_ok(fw[0].fw_updated == T && fw[1].fw_updated == T - 1 &&
	    fw[2].fw_updated == T - 300, "when: items changed at one poll get "
	    "distinct updated instants");
	/* A change one second after publication, the second taken. */
	memset(si, 0, sizeof(si));
	si[0].si_published = T + 1;
	si[1].si_published = T;
	si[1].si_updated = T + 1;
	si[2].si_published = T - 5;
	si[2].si_updated = T;
	feed_when(si, 3, fw);
	tap_ok(fw[0].fw_updated == T + 1 && fw[1].fw_updated == T &&
	    fw[2].fw_updated == T - 1, "when: a taken updated second goes to "
	    "the nearest free one below, not below published");
	memset(si, 0, sizeof(si));
	si[0].si_published = T - 5;
	si[0].si_updated = T - 1;
	si[1].si_published = T - 1;
	si[1].si_updated = T;
	si[2].si_published = T;
	feed_when(si, 3, fw);
	tap_ok(fw[0].fw_updated == T - 1 && fw[1].fw_updated == T + 1 &&
	    fw[2].fw_updated == T, "when: with no free second below, the "
	    "nearest above");
	/* The same items, the same instants. */
	when3(si, M, M, M, 1);
	si[3] = si[0];
	si[3].si_published = M + 86400;
	si[3].si_date_only = 0;
	feed_when(si, 4, fw);
	feed_when(si, 4, fw2);
	tap_ok(memcmp(fw, fw2, sizeof(fw)) == 0, "when: deterministic");
	tap_ok(fw[3].fw_published == M + 86400 && fw[0].fw_published == M + 2 &&
	    fw[2].fw_published == M, "when: the newest instant first, "
	    "whatever the list order");
	when3(si, M, M, M, 1);
	tap_long(feed_newest(si, 3, 7), M + 2, "feed_newest: the newest shown");
}

/* Dates in their offset, the feed's language, the RSS description. */
static void
test_offsets(void)
{
	struct stored_item	 si[2];
	struct feed_meta	 fm = meta(SELF_RSS, 30);
	xmlDocPtr		 doc;
	char			*out = NULL, *cause = NULL;
	size_t			 len = 0;

	memset(si, 0, sizeof(si));
	si[0].si_guid = "https://example.org/a";
	si[0].si_title = "Date-only in Moscow";
	si[0].si_link = "https://example.org/a";
	si[0].si_date = si[0].si_published = 1542834000;
	si[0].si_first_seen = 1542900000;
	si[0].si_date_offset = 3 * 3600;
	si[0].si_date_offset_known = 1;
	si[0].si_date_only = 1;
	si[0].si_content = "<p>Only content</p>";
	si[1].si_guid = "https://example.org/b";
	si[1].si_title = "Summary and content";
	si[1].si_link = "https://example.org/b";
	si[1].si_summary = "The summary";
	si[1].si_content = "<p>The content</p>";
	si[1].si_published = si[1].si_first_seen = 1542800000;
	fm.fm_language = "ru";
	if (feed_rss(&fm, si, 2, &out, &len, &cause) == -1) {
		tap_ok(0, "rss with offsets renders");
		free(cause);
		return;
	}
	if ((doc = parse(out, len, "rss with offsets")) != NULL) {
		check(doc, "/rss/channel/item[1]/pubDate",
		    "Thu, 22 Nov 2018 00:00:00 +0300",
		    "rss: a date-only Moscow date in its offset");
		check(doc, "/rss/channel/language", "ru", "rss: <language>");
		check(doc, "/rss/channel/item[1]/description",
		    "<p>Only content</p>", "rss: without a summary, the "
		    "content is the description");
		check(doc, "count(/rss/channel/item[1]/*[local-name()="
		    "'encoded'])", "0", "rss: ... and not repeated as "
		    "content:encoded");
		check(doc, "/rss/channel/item[2]/description", "The summary",
		    "rss: the summary is the description");
		check(doc, "/rss/channel/item[2]/*[local-name()='encoded']",
		    "<p>The content</p>", "rss: the content is content:encoded");
		xmlFreeDoc(doc);
	}
	free(out);
	fm.fm_self_url = SELF_ATOM;
	if (feed_atom(&fm, si, 2, &out, &len, &cause) == -1) {
		tap_ok(0, "atom with offsets renders");
		free(cause);
		return;
	}
	if ((doc = parse(out, len, "atom with offsets")) != NULL) {
		check(doc, "/a:feed/a:entry[1]/a:published",
		    "2018-11-22T00:00:00+03:00",
		    "atom: a date-only Moscow date in its offset");
		check(doc, "/a:feed/a:entry[1]/a:updated",
		    "2018-11-22T00:00:00+03:00", "atom: updated too");
		check(doc, "/a:feed/a:entry[2]/a:published",
		    "2018-11-21T11:33:20Z", "atom: a first-seen date in UTC");
		check(doc, "/a:feed/@xml:lang", "ru", "atom: xml:lang");
		tap_ok(relaxng_valid(doc, 0), "atom with offsets and language: "
		    "valid against atom.rng");
		xmlFreeDoc(doc);
	}
	free(out);
	fm.fm_language = NULL;
	if (feed_atom(&fm, si, 2, &out, &len, &cause) == 0) {
		tap_ok(strstr(out, "xml:lang") == NULL,
		    "atom: no language, no xml:lang");
		free(out);
	} else
		free(cause);
}

/* The Atom of FM and SI, parsed; NULL (and a failed test) if it fails. */
static xmlDocPtr
render_atom(const struct feed_meta *fm, const struct stored_item *si,
    size_t n, const char *what, char **outp, size_t *lenp)
{
	xmlDocPtr	 doc;
	char		*cause = NULL;

	if (feed_atom(fm, si, n, outp, lenp, &cause) == -1) {
		tap_ok(0, what);
		printf("# %s\n", cause);
		free(cause);
		return (NULL);
	}
	doc = parse(*outp, *lenp, what);
	return (doc);
}

/*
 * Entries without a link (RFC 4287: no content, so an alternate link),
 * and instants without an offset of their own in the source's zone.
 */
static void
test_zone(void)
{
	struct stored_item	 si[5];
	struct feed_meta	 fm = meta(SELF_ATOM, 30);
	struct tz		*msk;
	xmlDocPtr		 doc;
	char			*out = NULL, *out2 = NULL, *cause = NULL;
	size_t			 len = 0, len2 = 0;

	if ((msk = tz_load("Europe/Moscow", &cause)) == NULL) {
		tap_ok(0, "Europe/Moscow loads");
		printf("# %s\n", cause);
		free(cause);
		return;
	}
	memset(si, 0, sizeof(si));
	/* First seen, linked, no text: the title is its summary. */
	si[0].si_guid = si[0].si_link = "https://example.org/fs";
	si[0].si_title = "First seen";
	si[0].si_published = si[0].si_first_seen = 1720000000;
	/* The page said +05:00; changed later. */
	si[1].si_guid = si[1].si_link = "https://example.org/dated";
	si[1].si_title = "Dated at +05:00";
	si[1].si_summary = "Its summary";
	si[1].si_date = si[1].si_published = 1542834000;
	si[1].si_date_offset = 5 * 3600;
	si[1].si_date_offset_known = 1;
	si[1].si_first_seen = 1542900000;
	si[1].si_updated = 1600000000;
	/* No link: title only, then a summary, then content. */
	si[2].si_guid = "urn:uuid:6ebafd0f-2e25-5270-bdca-1ccc57540362";
	si[2].si_title = "Road closure on Mill Lane";
	si[2].si_published = si[2].si_first_seen = 1500000000;
	si[3].si_guid = "urn:uuid:823af6e8-b5c0-5630-8582-e28939cd0bb1";
	si[3].si_title = "Office closed";
	si[3].si_summary = "Closed on Friday.";
	si[3].si_published = si[3].si_first_seen = 1400000000;
	si[4].si_guid = "urn:uuid:9d38ccaf-9d68-59e8-b385-3fcf422a544f";
	si[4].si_title = "Bins on Tuesday";
	si[4].si_content = "<p>Garden waste stays on Thursday.</p>";
	si[4].si_published = si[4].si_first_seen = 1300000000;
	fm.fm_updated = 1720000000;
	fm.fm_tz = msk;

	doc = render_atom(&fm, si, 5, "atom in Moscow", &out, &len);
	tap_ok(relaxng_valid(doc, 0), "atom in Moscow: valid against atom.rng");
	check(doc, "/a:feed/a:updated", "2024-07-03T12:46:40+03:00",
	    "atom: the feed's updated in the zone's offset");
	check(doc, "/a:feed/a:entry[1]/a:published",
	    "2024-07-03T12:46:40+03:00", "atom: a first-seen published in "
	    "the zone's offset");
	check(doc, "/a:feed/a:entry[1]/a:updated",
	    "2024-07-03T12:46:40+03:00", "atom: ... and its updated");
	check(doc, "/a:feed/a:entry[1]/a:summary", "First seen",
	    "atom: linked, without text: the title is the summary "
	    "(the W3C validator warns of none)");
	check(doc, "/a:feed/a:entry[2]/a:published",
	    "2018-11-22T02:00:00+05:00", "atom: a page date keeps its own "
	    "offset");
	check(doc, "/a:feed/a:entry[2]/a:updated",
	    "2020-09-13T15:26:40+03:00", "atom: a later change is in the "
	    "zone's offset");
	check(doc, "/a:feed/a:entry[4]/a:published",
	    "2014-05-13T20:53:20+04:00", "atom: the zone's offset at that "
	    "instant (Moscow was +04:00 in 2014)");
	check(doc, "/a:feed/a:entry[5]/a:published",
	    "2011-03-13T10:06:40+03:00", "atom: ... and +03:00 before 2011");
	check(doc, "count(/a:feed/a:entry[a:link[@rel='alternate']])", "5",
	    "atom: every entry has an alternate link");
	check(doc, "/a:feed/a:entry[3]/a:link[@rel='alternate']/@href "
	    "= /a:feed/a:link[@rel='alternate']/@href", "true",
	    "atom: without a link, the page's address");
	check(doc, "concat(/a:feed/a:entry[4]/a:link/@href, ' ', "
	    "/a:feed/a:entry[5]/a:link/@href)", PAGE_URL " " PAGE_URL,
	    "atom: ... also beside a summary and beside content");
	check(doc, "/a:feed/a:entry[3]/a:summary", "Road closure on Mill Lane",
	    "atom: without link and text, the title is the summary");
	check(doc, "/a:feed/a:entry[4]/a:summary", "Closed on Friday.",
	    "atom: without link, the summary");
	check(doc, "count(/a:feed/a:entry[5]/a:summary)", "0",
	    "atom: without link, content alone, no summary invented");
	if (doc != NULL)
		xmlFreeDoc(doc);
	/* A page date stored before offsets were kept: in the zone. */
	si[1].si_date_offset_known = 0;
	si[1].si_date_offset = 0;
	doc = render_atom(&fm, si, 5, "atom in Moscow, an old date", &out2,
	    &len2);
	check(doc, "/a:feed/a:entry[2]/a:published",
	    "2018-11-22T00:00:00+03:00", "atom: a date stored without its "
	    "offset is shown in the zone's");
	if (doc != NULL)
		xmlFreeDoc(doc);
	free(out2);
	out2 = NULL;
	si[1].si_date_offset_known = 1;
	si[1].si_date_offset = 5 * 3600;
	if (feed_atom(&fm, si, 5, &out2, &len2, &cause) == 0) {
		tap_ok(len == len2 && memcmp(out, out2, len) == 0,
		    "atom in Moscow: same input, same bytes");
		free(out2);
	} else {
		tap_ok(0, "atom in Moscow: second render");
		free(cause);
		cause = NULL;
	}
	free(out);

	fm.fm_self_url = SELF_RSS;
	if (feed_rss(&fm, si, 5, &out, &len, &cause) == 0) {
		if ((doc = parse(out, len, "rss in Moscow")) != NULL) {
			check(doc, "/rss/channel/lastBuildDate",
			    "Wed, 03 Jul 2024 12:46:40 +0300",
			    "rss: lastBuildDate in the zone's offset");
			check(doc, "/rss/channel/item[1]/pubDate",
			    "Wed, 03 Jul 2024 12:46:40 +0300",
			    "rss: a first-seen pubDate in the zone's offset");
			check(doc, "/rss/channel/item[2]/pubDate",
			    "Thu, 22 Nov 2018 02:00:00 +0500",
			    "rss: a page date in its own offset");
			check(doc, "/rss/channel/item[4]/pubDate",
			    "Tue, 13 May 2014 20:53:20 +0400",
			    "rss: the zone's offset at that instant");
			check(doc, "count(/rss/channel/item[1]/description)",
			    "0", "rss: linked, no text: no description");
			check(doc, "count(/rss/channel/item[3]/link)", "0",
			    "rss: without a link, none (RSS needs none)");
			xmlFreeDoc(doc);
		}
		free(out);
	} else {
		tap_ok(0, "rss in Moscow renders");
		free(cause);
		cause = NULL;
	}

	fm.fm_self_url = "http://127.0.0.1:8080/feeds/test.json";
	if (feed_json(&fm, si, 5, &out, &len, &cause) == 0) {
		tap_ok(strstr(out, "\"date_published\": "
		    "\"2024-07-03T12:46:40+03:00\"") != NULL &&
		    strstr(out, "\"date_modified\": "
		    "\"2020-09-13T15:26:40+03:00\"") != NULL &&
		    strstr(out, "\"date_published\": "
		    "\"2014-05-13T20:53:20+04:00\"") != NULL &&
		    strstr(out, "\"date_published\": "
		    "\"2018-11-22T02:00:00+05:00\"") != NULL,
		    "json: first seen and changes in the zone's offset, page "
		    "dates in theirs");
		free(out);
	} else {
		tap_ok(0, "json in Moscow renders");
		free(cause);
		cause = NULL;
	}

	/* Without a zone: UTC, and a change in its date's offset. */
	fm.fm_self_url = SELF_ATOM;
	fm.fm_tz = NULL;
	doc = render_atom(&fm, si, 5, "atom without a zone", &out, &len);
	check(doc, "/a:feed/a:updated", "2024-07-03T09:46:40Z",
	    "atom without a zone: the feed's updated in UTC");
	check(doc, "/a:feed/a:entry[1]/a:published", "2024-07-03T09:46:40Z",
	    "atom without a zone: first seen in UTC");
	check(doc, "/a:feed/a:entry[2]/a:updated",
	    "2020-09-13T17:26:40+05:00",
	    "atom without a zone: a change in its date's offset");
	if (doc != NULL)
		xmlFreeDoc(doc);
	free(out);
	tz_free(msk);
}

static void
test_helpers(void)
{
	struct stored_item	 si;
	char			*s;

	memset(&si, 0, sizeof(si));
	si.si_published = 100;
	tap_long(feed_entry_updated(&si), 100, "entry updated: published");
	si.si_updated = 200;
	tap_long(feed_entry_updated(&si), 200, "entry updated: later update");
	si.si_updated = 50;
	tap_long(feed_entry_updated(&si), 100, "entry updated: older update "
	    "ignored");
	tap_long(feed_newest(items, NITEMS, 7), 1542300000, "feed_newest");
	tap_long(feed_newest(NULL, 0, 7), 7, "feed_newest fallback");
	s = text_html_escape_str("a<b>&c\"'");
	tap_str(s, "a&lt;b&gt;&amp;c\"'", "text_html_escape_str");
	free(s);
	s = feed_language("en_us");
	tap_str(s, "en-US", "feed_language: en_us is en-US");
	free(s);
	s = feed_language(" SR-latn-rs\n");
	tap_str(s, "sr-Latn-RS", "feed_language: trimmed, cased");
	free(s);
	s = feed_language("ru");
	tap_str(s, "ru", "feed_language: ru");
	free(s);
	s = feed_language("de-CH-1996");
	tap_str(s, "de-CH-1996", "feed_language: variant");
	free(s);
	tap_ok(feed_language("en, fr") == NULL && feed_language("") == NULL &&
	    feed_language("e") == NULL && feed_language("12") == NULL &&
	    feed_language("en--US") == NULL && feed_language("en-") == NULL &&
	    feed_language("en-toolongsub") == NULL &&
	    feed_language("en\"><x") == NULL && feed_language(NULL) == NULL &&
	    feed_language("abcdefgh-ijklmnop-qrstuvwx-yzabcdef-g") == NULL,
	    "feed_language: lists, junk and overlong tags refused");
	s = text_html_escape_str("");
	tap_str(s, "", "text_html_escape_str of empty");
	free(s);
}

int
main(void)
{
	test_rss();
	test_atom();
	test_forbidden();
	test_helpers();
	test_when();
	test_offsets();
	test_zone();
	free_schema();
	xmlCleanupParser();
	return (tap_done());
}
