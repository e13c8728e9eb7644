/*
 * test_extract.c: input_page with selectors compiled by config_load from
 * real config files, on the embassy fixtures and on small pages written
 * here, parsed by libxml2 as the daemon parses them.
 * Set TESTS_SRCDIR to the tests/ directory when running by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "config.h"
#include "date.h"
#include "extract.h"
#include "input.h"
#include "tap.h"
#include "testlib.h"
#include "text.h"
#include "util.h"

#define EMBASSY_URL	"https://www.rusemb.org.uk/"
#define PAGE_URL	"http://example.org/news/list.html"

static const char	*tmpdir;

/*
 * A config with one source "s" whose keys are BODY; the selectors come
 * compiled exactly as the daemon gets them.  Exits on a config error.
 */
static struct config *
source(const char *body)
{
	struct config	*cf;
	char		*path, *text, *errors = NULL;
	FILE		*fp;

	xasprintf(&path, "%s/s.conf", tmpdir);
	xasprintf(&text, "[source s]\nurl = " PAGE_URL "\n%s", body);
	if ((fp = fopen(path, "wb")) == NULL) {
		perror(path);
		exit(1);
	}
	fputs(text, fp);
	fclose(fp);
	free(text);
	if ((cf = config_load(path, &errors)) == NULL) {
		printf("Bail out! config for the test does not load:\n%s",
		    errors);
		exit(1);
	}
	free(path);
	return (cf);
}

/* Extracts HTML with the source; 0 or -1 as input_page. */
static int
extract(const struct config *cf, const char *html, const char *url,
    const char *content_type, struct extraction *ex)
{
	char	*cause = NULL;
	int	 rc;

	rc = input_page(&cf->cf_sources[0], html, strlen(html),
	    url ? url : PAGE_URL, content_type, 0, ex, &cause);
	if (rc == -1) {
		printf("# input_page: %s\n", cause ? cause : "(no cause)");
		free(cause);
	}
	return (rc);
}

static int
is_hash_guid(const char *g)
{
	const char	*hex = "0123456789abcdef";
	size_t		 i;

	if (g == NULL || strncmp(g, "urn:uuid:", 9) != 0 || strlen(g) != 45)
		return (0);
	g += 9;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (g[i] != '-')
				return (0);
		} else if (strchr(hex, g[i]) == NULL)
			return (0);
	}
	/* Version 5 (SHA-1, name-based), RFC 4122 variant. */
	return (g[14] == '5' && strchr("89ab", g[19]) != NULL);
}

static const char *embassy_titles[] = {
	"Embassy\xe2\x80\x99s statement concerning Prime Minister Theresa "
	    "May\xe2\x80\x99s speech at the Lord Mayor\xe2\x80\x99s Banquet in "
	    "London",
	"Embassy Press Officer\xe2\x80\x99s reply to a media question "
	    "concerning new claims on alleged links between members of the "
	    "Russian community in the UK and intelligence services",
};

static const char *embassy_links[] = {
	"6650", "6643", "6636", "6629", "6622", "6615", "6608", "6601",
	"6594", "6587"
};

static const char *embassy2_links[] = {
	"6671", "6664", "6650", "6643", "6636", "6629", "6622", "6615",
	"6608", "6601"
};

static void
test_embassy(void)
{
	struct config	*cf;
	struct extraction	 ex;
	char		*html, want[128];
	size_t		 len, i;
	int		 links_ok = 1, dates_ok = 1, clean_ok = 1;

	cf = source("item = ul.news-list > li\n"
	    "item.title = a.title\n"
	    "item.link = a.title @href\n"
	    "item.date = span.date\n"
	    "item.summary = p.anons\n"
	    "date_format = %d.%m.%Y\n");
	if ((html = testlib_read("fixtures/embassy/index.html", &len)) == NULL) {
		tap_ok(0, "read fixtures/embassy/index.html "
		    "(set TESTS_SRCDIR)");
		config_free(cf);
		return;
	}
	if (input_page(&cf->cf_sources[0], html, len, EMBASSY_URL, NULL, 0,
	    &ex, NULL) != 0) {
		tap_ok(0, "embassy: input_page");
		free(html);
		config_free(cf);
		return;
	}
	free(html);
	tap_long((long long)ex.ex_nitems, 10, "embassy: exactly 10 items");
	tap_str(ex.ex_title, "Embassy of the Russian Federation to the United "
	    "Kingdom", "embassy: page title");
	tap_long((long long)ex.ex_ndates_unparsed, 0, "embassy: every date "
	    "parsed");
	if (ex.ex_nitems < 10) {
		extraction_free(&ex);
		config_free(cf);
		return;
	}
	tap_str(ex.ex_items[0].it_title, embassy_titles[0],
	    "embassy: first title");
	tap_str(ex.ex_items[1].it_title, embassy_titles[1],
	    "embassy: second title");
	tap_str(ex.ex_items[0].it_link, EMBASSY_URL "fnapr/6650",
	    "embassy: first link absolute");
	tap_str(ex.ex_items[0].it_guid, EMBASSY_URL "fnapr/6650",
	    "embassy: unique link is the guid");
	tap_str(ex.ex_items[0].it_date_text, "13.11.2018",
	    "embassy: date text as on the page");
	tap_long(ex.ex_items[0].it_date, 1542067200,
	    "embassy: 13.11.2018 is 2018-11-13 00:00 UTC");
	tap_long(ex.ex_items[9].it_date, 1540166400,
	    "embassy: last date 22.10.2018");
	tap_ok(ex.ex_items[0].it_summary != NULL &&
	    strncmp(ex.ex_items[0].it_summary, "We have taken note of Prime "
	    "Minister Theresa May\xe2\x80\x99s speech", 56) == 0,
	    "embassy: first summary");
	tap_ok(ex.ex_items[3].it_summary != NULL &&
	    strstr(ex.ex_items[3].it_summary, "Donetsk People's Republic") !=
	    NULL, "embassy: &#x27; decoded in a summary");
	tap_str(ex.ex_items[5].it_summary, "We, the nuclear weapon States "
	    "recognized by the Treaty on the Non-Proliferation of Nuclear "
	    "Weapons, reaffirm our commitment to the Treaty, in all its "
	    "aspects, fifty years since its signature.",
	    "embassy: a whole summary");
	for (i = 0; i < 10; i++) {
		struct item	*it = &ex.ex_items[i];

		snprintf(want, sizeof(want), EMBASSY_URL "fnapr/%s",
		    embassy_links[i]);
		if (it->it_link == NULL || strcmp(it->it_link, want) != 0 ||
		    it->it_guid == NULL || strcmp(it->it_guid, want) != 0) {
			printf("#   item %zu: link %s, expected %s\n", i,
			    it->it_link ? it->it_link : "(null)", want);
			links_ok = 0;
		}
		if (it->it_date == 0 || it->it_date_text == NULL)
			dates_ok = 0;
		if (!text_xml_safe(it->it_title) || (it->it_summary &&
		    !text_xml_safe(it->it_summary)) ||
		    strstr(it->it_title, "  ") != NULL)
			clean_ok = 0;
	}
	tap_ok(links_ok, "embassy: every link and guid, in page order");
	tap_ok(dates_ok, "embassy: every item dated");
	tap_ok(clean_ok, "embassy: all text clean");
	extraction_free(&ex);

	/* The next poll: two new items at the top, two gone at the bottom. */
	if ((html = testlib_read("fixtures/embassy/index-2.html", &len)) == NULL) {
		tap_ok(0, "read fixtures/embassy/index-2.html");
		config_free(cf);
		return;
	}
	if (input_page(&cf->cf_sources[0], html, len, EMBASSY_URL, NULL, 0,
	    &ex, NULL) != 0) {
		tap_ok(0, "embassy 2: input_page");
		free(html);
		config_free(cf);
		return;
	}
	free(html);
	tap_long((long long)ex.ex_nitems, 10, "embassy 2: 10 items");
	for (i = 0, links_ok = 1; i < ex.ex_nitems && i < 10; i++) {
		snprintf(want, sizeof(want), EMBASSY_URL "fnapr/%s",
		    embassy2_links[i]);
		if (ex.ex_items[i].it_link == NULL ||
		    strcmp(ex.ex_items[i].it_link, want) != 0)
			links_ok = 0;
	}
	tap_ok(links_ok, "embassy 2: links in page order");
	if (ex.ex_nitems >= 2) {
		tap_str(ex.ex_items[1].it_title, "Embassy\xe2\x80\x99s "
		    "comment on \xe2\x80\x9c" "cyber security\xe2\x80\x9d "
		    "publications & the <b>tag</b> test",
		    "embassy 2: markup-like title is literal text");
		tap_long(ex.ex_items[1].it_date, 1542585600,
		    "embassy 2: 19.11.2018");
		tap_str(ex.ex_items[0].it_summary, "Question: Have the opening "
		    "hours of the Consular Section changed? Answer: Invented "
		    "fixture item, added to test the detection of new items.",
		    "embassy 2: new item summary");
	}
	extraction_free(&ex);
	config_free(cf);
}

/* One page, one item; returns the page for checks (caller frees). */
static int
one(const char *conf, const char *html, const char *url, struct extraction *ex)
{
	struct config	*cf = source(conf);
	int		 rc;

	rc = extract(cf, html, url, NULL, ex);
	config_free(cf);
	return (rc);
}

#define SIMPLE	"item = div.item\nitem.title = h2\nitem.link = a @href\n"

static void
test_links(void)
{
	struct extraction	 ex;

	/* <base href> moves relative links. */
	if (one(SIMPLE, "<html><head><base href=\"http://cdn.example.net/"
	    "base/dir/\"></head><body><div class=item><h2>T</h2>"
	    "<a href=\"x.html\">x</a></div></body></html>", NULL, &ex) == 0 &&
	    ex.ex_nitems == 1)
		tap_str(ex.ex_items[0].it_link,
		    "http://cdn.example.net/base/dir/x.html", "<base href> "
		    "absolute");
	else
		tap_ok(0, "<base href> absolute");
	extraction_free(&ex);

	if (one(SIMPLE, "<html><head><base href=\"/other/\"></head><body>"
	    "<div class=item><h2>T</h2><a href=\"x.html\">x</a></div></body>"
	    "</html>", NULL, &ex) == 0 && ex.ex_nitems == 1)
		tap_str(ex.ex_items[0].it_link,
		    "http://example.org/other/x.html",
		    "<base href> relative to the page URL");
	else
		tap_ok(0, "<base href> relative");
	extraction_free(&ex);

	/* The first <base> counts; links already absolute are kept. */
	if (one(SIMPLE, "<html><head><base href=\"http://a.example/1/\">"
	    "<base href=\"http://b.example/2/\"></head><body>"
	    "<div class=item><h2>T</h2><a href=\"y\">y</a></div>"
	    "<div class=item><h2>U</h2><a href=\"https://c.example/z\">z</a>"
	    "</div></body></html>", NULL, &ex) == 0 && ex.ex_nitems == 2) {
		tap_str(ex.ex_items[0].it_link, "http://a.example/1/y",
		    "first <base href> wins");
		tap_str(ex.ex_items[1].it_link, "https://c.example/z",
		    "absolute link unchanged by <base>");
	} else
		tap_ok(0, "two <base> elements");
	extraction_free(&ex);

	/* Relative forms against the page URL. */
	if (one(SIMPLE, "<div class=item><h2>1</h2><a href=\"../up.html\">"
	    "</a></div><div class=item><h2>2</h2><a href=\"?page=2\"></a>"
	    "</div><div class=item><h2>3</h2><a href=\"/abs/p\"></a></div>"
	    "<div class=item><h2>4</h2><a href=\"//other.example/p\"></a>"
	    "</div><div class=item><h2>5</h2><a href=\"sub/a b.html\"></a>"
	    "</div><div class=item><h2>6</h2><a href=\"javascript:void(0)\">"
	    "</a></div><div class=item><h2>7</h2><a href=\" \n/trimmed\t\">"
	    "</a></div>", NULL, &ex) == 0 && ex.ex_nitems == 7) {
		tap_str(ex.ex_items[0].it_link, "http://example.org/up.html",
		    "../ resolved");
		tap_str(ex.ex_items[1].it_link,
		    "http://example.org/news/list.html?page=2",
		    "?query resolved");
		tap_str(ex.ex_items[2].it_link, "http://example.org/abs/p",
		    "/path resolved");
		tap_str(ex.ex_items[3].it_link, "http://other.example/p",
		    "//host resolved");
		tap_str(ex.ex_items[4].it_link,
		    "http://example.org/news/sub/a%20b.html", "space escaped");
		tap_ok(ex.ex_items[5].it_link == NULL, "javascript: link "
		    "dropped");
		tap_ok(is_hash_guid(ex.ex_items[5].it_guid), "javascript: item "
		    "gets a urn:uuid guid");
		tap_str(ex.ex_items[6].it_link, "http://example.org/trimmed",
		    "whitespace around href trimmed");
	} else
		tap_ok(0, "relative links page");
	extraction_free(&ex);
}

static void
test_text(void)
{
	struct extraction	 ex;

	if (one("item = li\nitem.title = .t\nitem.summary = .s\n",
	    "<ul><li><div class=t>  Hello\n\t world&nbsp;&nbsp;again  "
	    "\xe2\x80\xa8 end</div><div class=s><p>one</p><p>two</p>"
	    "Hel<b>lo</b> w<i>or</i>ld<br>next</div></li>"
	    "<li><div class=t>Title<script>var x = 1;</script><style>.a{}"
	    "</style> here<noscript>no</noscript></div></li></ul>",
	    NULL, &ex) == 0 && ex.ex_nitems == 2) {
		tap_str(ex.ex_items[0].it_title, "Hello world again end",
		    "whitespace, NBSP and U+2028 folded");
		tap_str(ex.ex_items[0].it_summary, "one two Hello world next",
		    "blocks separate words, inline elements do not");
		tap_str(ex.ex_items[1].it_title, "Title here",
		    "script, style and noscript text excluded");
	} else
		tap_ok(0, "whitespace page");
	extraction_free(&ex);
}

/* No item.date, or one that finds nothing: the day the link's path
 * names whole, when it names one. */
static void
test_link_day(void)
{
	struct extraction	 ex;

	if (one("item = li\nitem.title = a\n",
	    "<ul><li><a href='/2018/03/17/slug.html'>One</a></li>"
	    "<li><a href='/news/2018-03-16/other'>Two</a></li>"
	    "<li><a href='/p/20180316/x'>Three</a></li>"
	    "<li><a href='/2018/13/01/x'>Four</a></li></ul>",
	    NULL, &ex) == 0 && ex.ex_nitems == 4) {
		tap_ok(ex.ex_items[0].it_date == 1521244800 &&
		    ex.ex_items[0].it_date_only, "/2018/03/17/ dates the item");
		tap_ok(ex.ex_items[1].it_date == 1521158400,
		    "/2018-03-16/ dates the item");
		tap_ok(ex.ex_items[2].it_date == 0 && ex.ex_items[3].it_date == 0,
		    "digits without separators, or no month, date nothing");
	} else
		tap_ok(0, "link day page");
	extraction_free(&ex);
}

/* Dates keep the offset they were given in; the page says its language. */
static void
test_offsets(void)
{
	struct extraction	 ex;

	if (one("item = li\nitem.title = a\nitem.link = a @href\n"
	    "item.date = .d\ntimezone = Europe/Moscow\n",
	    "<html lang=\"ru_ru\"><body><ul>"
	    "<li><a href=\"/1\">A</a><span class=d>22.11.2018</span></li>"
	    "<li><a href=\"/2\">B</a><span class=d>22.11.2018 14:05</span></li>"
	    "<li><a href=\"/3\">C</a><span class=d>2018-11-22T10:00:00-05:00"
	    "</span></li><li><a href=\"/4\">D</a></li></ul></body></html>",
	    NULL, &ex) == 0 && ex.ex_nitems == 4) {
		tap_ok(ex.ex_items[0].it_date == 1542834000 &&
		    ex.ex_items[0].it_date_offset == 10800 &&
		    ex.ex_items[0].it_date_only, "a date-only day in Moscow: "
		    "+03:00, date only");
		tap_ok(ex.ex_items[1].it_date_offset == 10800 &&
		    !ex.ex_items[1].it_date_only, "a Moscow time: +03:00");
		tap_ok(ex.ex_items[2].it_date_offset == -18000 &&
		    !ex.ex_items[2].it_date_only, "an explicit -05:00 kept");
		tap_ok(ex.ex_items[3].it_date == 0 &&
		    ex.ex_items[3].it_date_offset == 0 &&
		    !ex.ex_items[3].it_date_only, "no date: no offset");
		tap_str(ex.ex_language, "ru-RU", "<html lang> is the page's "
		    "language");
	} else
		tap_ok(0, "page with dates in Moscow");
	extraction_free(&ex);
	/* An item's own page (follow = yes): page.date the same way. */
	{
		struct config		*cf = source("item = li\nitem.title = a\n"
		    "item.link = a @href\nfollow = yes\npage.date = time\n"
		    "timezone = Europe/Moscow\n");
		struct item_page	 ip;
		const char		*html = "<html><body><time>22.11.2018"
		    "</time></body></html>";
		char			*cause = NULL;

		if (extract_item_page(&cf->cf_sources[0], html, strlen(html),
		    PAGE_URL, NULL, 0, &ip, &cause) == 0) {
			tap_ok(ip.ip_date == 1542834000 &&
			    ip.ip_date_offset == 10800 && ip.ip_date_only,
			    "item page: a date-only Moscow day, +03:00");
			item_page_free(&ip);
		} else {
			tap_ok(0, "item page extracts");
			free(cause);
		}
		config_free(cf);
	}
	if (one(SIMPLE, "<html lang=\"not a tag\"><div class=item><h2>x</h2>"
	    "<a href=/x>x</a></div></html>", NULL, &ex) == 0)
		tap_ok(ex.ex_language == NULL, "a lang that is no tag is "
		    "ignored");
	else
		tap_ok(0, "page with a bad lang");
	extraction_free(&ex);
}

static void
test_guids(void)
{
	struct extraction	 ex;
	char		*g1 = NULL;
	const char	*page1 = "<div class=item><h2>No link</h2></div>";
	const char	*page2 =
	    "<div class=item><h2>No link, edited</h2></div>";

	/* Without a link: a hash guid, stable, following the title. */
	if (one(SIMPLE, page1, NULL, &ex) == 0 && ex.ex_nitems == 1) {
		tap_ok(ex.ex_items[0].it_link == NULL, "no link: it_link NULL");
		tap_ok(is_hash_guid(ex.ex_items[0].it_guid),
		    "no link: urn:uuid guid, version 5");
		/* uuid5(ns, "" NUL "No link" NUL "" NUL), as Python's uuid. */
		tap_str(ex.ex_items[0].it_guid,
		    "urn:uuid:01a75df8-84d8-52da-b607-74f34a3d7fa2",
		    "no link: the uuid5 of link, title and date");
		/* What releases before 0.4 stored for it: the store renames. */
		tap_ok(ex.ex_items[0].it_legacy_guid != NULL &&
		    strlen(ex.ex_items[0].it_legacy_guid) == 45 &&
		    ex.ex_items[0].it_legacy_guid[23] == '8' &&
		    strcmp(ex.ex_items[0].it_legacy_guid,
		    ex.ex_items[0].it_guid) != 0,
		    "no link: the old version-8 guid kept as legacy guid");
		g1 = xstrdup(ex.ex_items[0].it_guid);
	} else
		tap_ok(0, "page without link");
	extraction_free(&ex);
	if (one(SIMPLE, page1, NULL, &ex) == 0 && ex.ex_nitems == 1)
		tap_str(ex.ex_items[0].it_guid, g1, "hash guid stable across "
		    "extractions");
	else
		tap_ok(0, "second extraction");
	extraction_free(&ex);
	if (one(SIMPLE, page2, NULL, &ex) == 0 && ex.ex_nitems == 1)
		tap_ok(g1 != NULL && is_hash_guid(ex.ex_items[0].it_guid) &&
		    strcmp(ex.ex_items[0].it_guid, g1) != 0,
		    "hash guid changes with the title");
	else
		tap_ok(0, "edited title");
	extraction_free(&ex);
	free(g1);

	/* A link keeps its escapes; the form earlier builds stored
	 * (libxml2 decoded the path) is the legacy guid the store renames. */
	if (one(SIMPLE, "<div class=item><h2>A</h2><a href=\"/p/Let%27s"
	    "%2Fgo\">A</a></div><div class=item><h2>B</h2><a href=/p/b>B</a>"
	    "</div>", NULL, &ex) == 0 && ex.ex_nitems == 2) {
		tap_str(ex.ex_items[0].it_guid, "http://example.org/p/Let%27s%2Fgo",
		    "escaped link: kept as written");
		tap_str(ex.ex_items[0].it_legacy_guid, "http://example.org/p/Let's/go",
		    "escaped link: the old decoded form as legacy guid");
		tap_ok(ex.ex_items[1].it_legacy_guid == NULL,
		    "plain link: no legacy guid");
	} else
		tap_ok(0, "page with escaped links");
	extraction_free(&ex);

	/* An item.guid that is no IRI: the uuid5 of its text. */
	if (one("item = div.item\nitem.title = h2\nitem.guid = .id\n",
	    "<div class=item><h2>T</h2><span class=id>12345</span></div>"
	    "<div class=item><h2>U</h2><span class=id>tag:x,2018:1</span>"
	    "</div>", NULL, &ex) == 0 && ex.ex_nitems == 2) {
		tap_str(ex.ex_items[0].it_guid,
		    "urn:uuid:668809c5-61d2-523d-8a41-dd3216465e78",
		    "item.guid text: uuid5 of the text");
		tap_ok(ex.ex_items[0].it_legacy_guid != NULL &&
		    ex.ex_items[0].it_legacy_guid[23] == '8',
		    "item.guid text: legacy guid kept");
		tap_str(ex.ex_items[1].it_guid, "tag:x,2018:1",
		    "item.guid IRI: kept as it is");
		tap_ok(ex.ex_items[1].it_legacy_guid == NULL,
		    "item.guid IRI: no legacy guid");
	} else
		tap_ok(0, "item.guid page");
	extraction_free(&ex);
	/* URNs validators refuse become uuids; the store renames the row. */
	if (one("item = div.item\nitem.title = h2\nitem.guid = .id\n",
	    "<div class=item><h2>T</h2><span class=id>urn:x:1</span></div>"
	    "<div class=item><h2>U</h2><span class=id>urn:isbn:0451450523"
	    "</span></div><div class=item><h2>V</h2><span class=id>"
	    "urn:uuid:not-a-uuid</span></div>", NULL, &ex) == 0 &&
	    ex.ex_nitems == 3) {
		tap_str(ex.ex_items[0].it_guid,
		    "urn:uuid:115e2b0e-a63b-5051-8468-e5826aecb258",
		    "item.guid urn:x:1 (a one-letter NID): a uuid5");
		tap_str(ex.ex_items[0].it_legacy_guid, "urn:x:1",
		    "item.guid urn:x:1: the old guid is the legacy guid");
		tap_str(ex.ex_items[1].it_guid, "urn:isbn:0451450523",
		    "item.guid urn:isbn: kept");
		tap_ok(is_hash_guid(ex.ex_items[2].it_guid),
		    "item.guid urn:uuid: that is no uuid: a uuid5");
	} else
		tap_ok(0, "item.guid URN page");
	extraction_free(&ex);

	/* Two items sharing a link: both hash guids, distinct. */
	if (one(SIMPLE, "<div class=item><h2>A</h2><a href=\"/same\">a</a>"
	    "</div><div class=item><h2>B</h2><a href=\"/same\">b</a></div>"
	    "<div class=item><h2>C</h2><a href=\"/own\">c</a></div>",
	    NULL, &ex) == 0 && ex.ex_nitems == 3) {
		tap_ok(is_hash_guid(ex.ex_items[0].it_guid) &&
		    is_hash_guid(ex.ex_items[1].it_guid),
		    "shared link: both hash guids");
		tap_ok(strcmp(ex.ex_items[0].it_guid, ex.ex_items[1].it_guid) !=
		    0, "shared link: guids distinct");
		tap_str(ex.ex_items[0].it_link, "http://example.org/same",
		    "shared link: link kept");
		tap_str(ex.ex_items[2].it_guid, "http://example.org/own",
		    "unique link: guid is the link");
		tap_ok(ex.ex_items[0].it_legacy_guid != NULL &&
		    ex.ex_items[2].it_legacy_guid == NULL,
		    "legacy guid only beside a hash guid");
	} else
		tap_ok(0, "shared link page");
	extraction_free(&ex);

	/* The very same item twice: once. */
	if (one(SIMPLE, "<div class=item><h2>Dup</h2><a href=\"/d\">d</a>"
	    "</div><div class=item><h2>Other</h2></div>"
	    "<div class=item><h2>Dup</h2><a href=\"/d\">d</a></div>",
	    NULL, &ex) == 0) {
		tap_long((long long)ex.ex_nitems, 2, "exact duplicate appears "
		    "once");
		if (ex.ex_nitems == 2)
			tap_ok(strcmp(ex.ex_items[0].it_title, "Dup") == 0 &&
			    strcmp(ex.ex_items[1].it_title, "Other") == 0,
			    "duplicate: first place kept, order kept");
	} else
		tap_ok(0, "duplicate page");
	extraction_free(&ex);
}

static void
test_fields(void)
{
	struct extraction	 ex;

	/* item.link = a: the element's href. */
	if (one("item = div.item\nitem.title = h2\nitem.link = a\n",
	    "<div class=item><h2>T</h2><a href=\"/target\">text</a></div>",
	    NULL, &ex) == 0 && ex.ex_nitems == 1)
		tap_str(ex.ex_items[0].it_link, "http://example.org/target",
		    "item.link = a takes the href");
	else
		tap_ok(0, "item.link = a");
	extraction_free(&ex);

	/* No item.link: the title's own link, not another one first. */
	if (one("item = li\nitem.title = a.title\n",
	    "<ul><li><a href=\"/img\"><img src=x></a> "
	    "<a class=title href=\"/t1\">One</a></li></ul>", NULL, &ex) == 0 &&
	    ex.ex_nitems == 1)
		tap_str(ex.ex_items[0].it_link, "http://example.org/t1",
		    "no item.link: the title element's href");
	else
		tap_ok(0, "no item.link page");
	extraction_free(&ex);
	if (one("item = li\nitem.title = span.title\n",
	    "<ul><li><a href=\"/first\">first</a><a href=\"/t2\"><span "
	    "class=title>Two</span></a></li></ul>", NULL, &ex) == 0 &&
	    ex.ex_nitems == 1)
		tap_str(ex.ex_items[0].it_link, "http://example.org/t2",
		    "no item.link: the <a> around the title");
	else
		tap_ok(0, "title inside <a>");
	extraction_free(&ex);
	if (one("item = li\nitem.title = h2\n",
	    "<ul><li><a href=\"/thumb\"><img src=x></a><h2><a href=\"/t3\">"
	    "Three</a></h2></li></ul>", NULL, &ex) == 0 && ex.ex_nitems == 1)
		tap_str(ex.ex_items[0].it_link, "http://example.org/t3",
		    "no item.link: the <a> inside the title");
	else
		tap_ok(0, "<a> inside title");
	extraction_free(&ex);
	if (one("item = li\nitem.title = h2\n",
	    "<ul><li><h2>Four</h2><p>see <a href=\"/more\">more</a></p></li>"
	    "</ul>", NULL, &ex) == 0 && ex.ex_nitems == 1)
		tap_str(ex.ex_items[0].it_link, "http://example.org/more",
		    "no item.link: else the first link in the item");
	else
		tap_ok(0, "first link in item");
	extraction_free(&ex);

	/* xpath: fields giving a string and an attribute node. */
	if (one("item = div.item\nitem.title = xpath:string(.//h2)\n"
	    "item.link = xpath:.//a/@href\n"
	    "item.summary = xpath:concat('n=', count(.//p))\n",
	    "<div class=item><h2> X  title </h2><a href=\"/xp\">a</a><p>1</p>"
	    "<p>2</p></div>", NULL, &ex) == 0 && ex.ex_nitems == 1) {
		tap_str(ex.ex_items[0].it_title, "X title",
		    "xpath: string() field, cleaned");
		tap_str(ex.ex_items[0].it_link, "http://example.org/xp",
		    "xpath: attribute node field");
		tap_str(ex.ex_items[0].it_summary, "n=2", "xpath: computed "
		    "string field");
	} else
		tap_ok(0, "xpath fields page");
	extraction_free(&ex);

	/* The summary joins every match; the title takes the first. */
	if (one("item = div.item\nitem.title = p\nitem.summary = p\n"
	    "item.date = @data-date\n",
	    "<div class=item data-date=\"2021-05-12\"><p>one</p><p>two</p>"
	    "<p>three</p></div>", NULL, &ex) == 0 && ex.ex_nitems == 1) {
		tap_str(ex.ex_items[0].it_title, "one", "title: first match");
		tap_str(ex.ex_items[0].it_summary, "one two three",
		    "summary: all matches joined");
		tap_long(ex.ex_items[0].it_date, 1620777600,
		    "@data-date of the item itself parsed");
	} else
		tap_ok(0, "summary join page");
	extraction_free(&ex);

	/* Skipped: nothing at all.  Borrowed titles otherwise. */
	if (one("item = li\nitem.title = h2\nitem.summary = p\n"
	    "item.date = span\n",
	    "<ul><li><h2>first</h2></li><li><span>13.11.2018</span></li>"
	    "<li><p>only a summary here</p></li><li><a href=\"/l\">x</a></li>"
	    "<li><h2> </h2></li></ul>", NULL, &ex) == 0) {
		tap_long((long long)ex.ex_nitems, 3, "items with neither title "
		    "nor link nor summary skipped");
		if (ex.ex_nitems == 3) {
			tap_str(ex.ex_items[1].it_title, "only a summary here",
			    "title borrowed from the summary");
			tap_str(ex.ex_items[2].it_title, "http://example.org/l",
			    "title borrowed from the link");
		}
	} else
		tap_ok(0, "skip page");
	extraction_free(&ex);

	/* Dates the formats cannot read are counted. */
	if (one("item = li\nitem.title = h2\nitem.date = span\n"
	    "date_format = %d.%m.%Y\n",
	    "<ul><li><h2>a</h2><span>xyzzy</span></li><li><h2>b</h2>"
	    "<span>13.11.2018</span></li></ul>", NULL, &ex) == 0 &&
	    ex.ex_nitems == 2) {
		tap_long((long long)ex.ex_ndates_unparsed, 1, "unparsed dates "
		    "counted");
		tap_ok(ex.ex_items[0].it_date == 0 &&
		    ex.ex_items[0].it_date_text != NULL &&
		    strcmp(ex.ex_items[0].it_date_text, "xyzzy") == 0,
		    "unparsed date: text kept, time 0");
	} else
		tap_ok(0, "unparsed date page");
	extraction_free(&ex);
}

static void
test_limits(void)
{
	struct extraction	 ex;
	struct buf	 b;
	char		*html, *word;
	size_t		 i, len;

	/* A long title of two-byte characters, no spaces. */
	xasprintf(&html, "<div class=item><h2>");
	for (i = 0; i < 1500; i++) {
		xasprintf(&word, "%s\xc3\xa9", html);
		free(html);
		html = word;
	}
	xasprintf(&word, "%s</h2></div>", html);
	free(html);
	html = word;
	if (one(SIMPLE, html, NULL, &ex) == 0 && ex.ex_nitems == 1) {
		len = strlen(ex.ex_items[0].it_title);
		if (!tap_ok(len <= ITEM_MAX_TITLE, "long title cut to at "
		    "most ITEM_MAX_TITLE bytes"))
			printf("#   got %zu bytes\n", len);
		tap_ok(len > ITEM_MAX_TITLE - 8 &&
		    text_xml_safe(ex.ex_items[0].it_title) &&
		    strcmp(ex.ex_items[0].it_title + len - 3, "\xe2\x80\xa6") ==
		    0, "long title: whole characters and an ellipsis");
	} else
		tap_ok(0, "long title page");
	extraction_free(&ex);
	free(html);

	/* A long title of words. */
	xasprintf(&html, "<div class=item><h2>");
	for (i = 0; i < 400; i++) {
		xasprintf(&word, "%sword%zu ", html, i);
		free(html);
		html = word;
	}
	xasprintf(&word, "%s</h2></div>", html);
	free(html);
	html = word;
	if (one(SIMPLE, html, NULL, &ex) == 0 && ex.ex_nitems == 1) {
		len = strlen(ex.ex_items[0].it_title);
		if (!tap_ok(len <= ITEM_MAX_TITLE, "long title of words: at "
		    "most ITEM_MAX_TITLE bytes"))
			printf("#   got %zu bytes\n", len);
		tap_ok(strncmp(ex.ex_items[0].it_title, "word0 word1 ", 12) ==
		    0, "long title of words: starts right");
	} else
		tap_ok(0, "long title of words page");
	extraction_free(&ex);
	free(html);

	/* More items than ITEM_MAX_ITEMS: capped. */
	buf_init(&b, 1 << 20);
	buf_addstr(&b, "<ul>");
	for (i = 0; i < ITEM_MAX_ITEMS + 50; i++)
		buf_printf(&b, "<li><h2>n%zu</h2></li>", i);
	buf_addstr(&b, "</ul>");
	html = buf_take(&b, NULL);
	if (one("item = li\nitem.title = h2\n", html, NULL, &ex) == 0) {
		tap_long((long long)ex.ex_nitems, ITEM_MAX_ITEMS,
		    "items capped at ITEM_MAX_ITEMS");
		tap_ok(ex.ex_nitems > 0 && strcmp(ex.ex_items[0].it_title,
		    "n0") == 0, "cap keeps the first items");
	} else
		tap_ok(0, "many items page");
	extraction_free(&ex);
	free(html);
}

static void
test_charset(void)
{
	struct config	*cf;
	struct extraction	 ex;
	/* "Привет мир" and "Новости" in windows-1251. */
	const char	*html = "<html><head><title>"
	    "\xcd\xee\xe2\xee\xf1\xf2\xe8</title></head><body>"
	    "<div class=item><h2>\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0</h2>"
	    "</div></body></html>";
	const char	*meta = "<html><head><meta http-equiv=\"Content-Type\" "
	    "content=\"text/html; charset=windows-1251\"><title>x</title>"
	    "</head><body><div class=item><h2>\xcf\xf0\xe8\xe2\xe5\xf2</h2>"
	    "</div></body></html>";

	cf = source(SIMPLE);
	if (extract(cf, html, NULL, "text/html; charset=windows-1251",
	    &ex) == 0 &&
	    ex.ex_nitems == 1) {
		tap_str(ex.ex_items[0].it_title, "\xd0\x9f\xd1\x80\xd0\xb8\xd0"
		    "\xb2\xd0\xb5\xd1\x82 \xd0\xbc\xd0\xb8\xd1\x80",
		    "windows-1251 bytes decoded to UTF-8 Cyrillic");
		tap_str(ex.ex_title, "\xd0\x9d\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81"
		    "\xd1\x82\xd0\xb8", "windows-1251 page title");
	} else
		tap_ok(0, "windows-1251 page");
	extraction_free(&ex);

	/* The charset from a <meta>, none from HTTP. */
	if (extract(cf, meta, NULL, NULL, &ex) == 0 && ex.ex_nitems == 1)
		tap_str(ex.ex_items[0].it_title, "\xd0\x9f\xd1\x80\xd0\xb8\xd0"
		    "\xb2\xd0\xb5\xd1\x82", "charset from <meta> used");
	else
		tap_ok(0, "meta charset page");
	extraction_free(&ex);

	/* An unknown charset is ignored; the text is still clean. */
	if (extract(cf, html, NULL, "text/html; charset=x-no-such-charset",
	    &ex) == 0 &&
	    ex.ex_nitems == 1)
		tap_ok(text_xml_safe(ex.ex_items[0].it_title),
		    "unknown charset: text still valid UTF-8");
	else
		tap_ok(0, "unknown charset page");
	extraction_free(&ex);
	config_free(cf);
}

static void
test_garbage(void)
{
	struct config	*cf;
	struct extraction	 ex;
	char		*cause = NULL, bin[4096];
	size_t		 i;
	int		 rc;

	cf = source(SIMPLE);
	rc = input_page(&cf->cf_sources[0], "", 0, PAGE_URL, NULL, 0, &ex,
	    &cause);
	tap_ok(rc == -1 && cause != NULL && ex.ex_nitems == 0 &&
	    ex.ex_items == NULL, "empty body: -1 with a cause");
	free(cause);
	cause = NULL;

	for (i = 0; i < sizeof(bin); i++)
		bin[i] = (char)((i * 7919 + 13) & 0xff);
	rc = input_page(&cf->cf_sources[0], bin, sizeof(bin), PAGE_URL,
	    NULL, 0, &ex, &cause);
	tap_ok((rc == -1 && cause != NULL) || (rc == 0 && ex.ex_nitems == 0),
	    "binary garbage: -1 or no items");
	if (rc == 0)
		extraction_free(&ex);
	free(cause);
	cause = NULL;

	rc = input_page(&cf->cf_sources[0], "just text", 9, PAGE_URL, NULL, 0,
	    &ex, &cause);
	tap_ok((rc == -1 && cause != NULL) || (rc == 0 && ex.ex_nitems == 0),
	    "plain text: -1 or no items");
	if (rc == 0)
		extraction_free(&ex);
	free(cause);
	cause = NULL;

	rc = input_page(&cf->cf_sources[0], "<html><body><div class=item>"
	    "<h2>cut", 35, PAGE_URL, NULL, 0, &ex, &cause);
	tap_ok(rc == 0 && ex.ex_nitems == 1 && strcmp(ex.ex_items[0].it_title,
	    "cut") == 0, "truncated HTML still read");
	if (rc == 0)
		extraction_free(&ex);
	free(cause);
	config_free(cf);

	/* An item selector that selects no nodes is an error, not a crash. */
	cf = source("item = xpath:count(//div)\nitem.title = h2\n");
	cause = NULL;
	rc = input_page(&cf->cf_sources[0], "<div><h2>x</h2></div>", 21,
	    PAGE_URL, NULL, 0, &ex, &cause);
	tap_ok(rc == -1 && cause != NULL, "item selector giving a number: -1");
	free(cause);
	config_free(cf);
}

static void
test_resolve(void)
{
	static const struct {
		const char	*href;
		const char	*base;
		const char	*want;
	} cases[] = {
		{ NULL, PAGE_URL, NULL },
		{ "", PAGE_URL, NULL },
		{ "   ", PAGE_URL, NULL },
		{ "javascript:alert(1)", PAGE_URL, NULL },
		{ "JavaScript:alert(1)", PAGE_URL, NULL },
		{ " javascript:alert(1)", PAGE_URL, NULL },
		{ "data:text/html,<b>x</b>", PAGE_URL, NULL },
		{ "vbscript:x", PAGE_URL, NULL },
		{ "about:blank", PAGE_URL, NULL },
		{ "x-unknown:thing", PAGE_URL, NULL },
		{ "mailto:a@example.org", PAGE_URL, "mailto:a@example.org" },
		{ "https://other.example/a?b=c#d", PAGE_URL,
		    "https://other.example/a?b=c#d" },
		{ "HTTP://EXAMPLE.ORG/x", PAGE_URL, "HTTP://EXAMPLE.ORG/x" },
		{ "ftp://ftp.example/f", PAGE_URL, "ftp://ftp.example/f" },
		{ "x.html", PAGE_URL, "http://example.org/news/x.html" },
		{ "./x.html", PAGE_URL, "http://example.org/news/x.html" },
		{ "../up.html", PAGE_URL, "http://example.org/up.html" },
		{ "../../../top", PAGE_URL, "http://example.org/top" },
		{ "/root", PAGE_URL, "http://example.org/root" },
		{ "?q=1", PAGE_URL, "http://example.org/news/list.html?q=1" },
		{ "#frag", PAGE_URL, "http://example.org/news/list.html#frag" },
		{ "//cdn.example/x", PAGE_URL, "http://cdn.example/x" },
		{ "//cdn.example/x", "https://example.org/",
		    "https://cdn.example/x" },
		{ "a b.html", PAGE_URL, "http://example.org/news/a%20b.html" },
		{ "/caf\xc3\xa9", PAGE_URL, "http://example.org/caf%C3%A9" },
		{ "/q?x=<y>", PAGE_URL, "http://example.org/q?x=%3Cy%3E" },
		{ "  /padded\n", PAGE_URL, "http://example.org/padded" },
		{ "/p?a=1&b=2", PAGE_URL, "http://example.org/p?a=1&b=2" },
		{ "/pct%20ok", PAGE_URL, "http://example.org/pct%20ok" },
		/* An empty path is "/" (canonical, as feed validators want). */
		{ "https://www.solein.com", PAGE_URL, "https://www.solein.com/" },
		{ "http://example.net?q=1#f", PAGE_URL,
		    "http://example.net/?q=1#f" },
		{ "HTTPS://Example.NET", PAGE_URL, "HTTPS://Example.NET/" },
		{ "mailto:b@example.org", PAGE_URL, "mailto:b@example.org" },
	};
	char	 name[160], *got, *big;
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = item_resolve_link(cases[i].href, cases[i].base);
		snprintf(name, sizeof(name), "resolve '%s'",
		    cases[i].href ? cases[i].href : "(null)");
		tap_str(got, cases[i].want, name);
		free(got);
	}
	/* A colon after a slash: a path, not a scheme (libxml2 may escape). */
	got = item_resolve_link("a/b:c", PAGE_URL);
	tap_ok(got != NULL && (strcmp(got, "http://example.org/news/a/b:c") ==
	    0 || strcmp(got, "http://example.org/news/a/b%3Ac") == 0),
	    "resolve 'a/b:c' as a relative path");
	free(got);

	/* Too long once resolved: dropped, not truncated. */
	big = xmalloc(ITEM_MAX_LINK + 100);
	big[0] = '/';
	memset(big + 1, 'a', ITEM_MAX_LINK + 50);
	big[ITEM_MAX_LINK + 51] = '\0';
	got = item_resolve_link(big, PAGE_URL);
	tap_ok(got == NULL, "link over ITEM_MAX_LINK dropped");
	free(got);
	big[ITEM_MAX_LINK - 100] = '\0';
	got = item_resolve_link(big, PAGE_URL);
	tap_ok(got != NULL && strlen(got) <= ITEM_MAX_LINK, "long link "
	    "under the cap kept");
	free(got);
	free(big);
}

/* Regressions from the code review: each once let hostile pages through. */
static void
test_review(void)
{
	struct extraction	 ex;
	size_t		 i;
	int		 bad;

	/* Namespace nodes are freed with the node set: no use after free. */
	if (one("item = div.it\nitem.title = xpath:namespace::*\n",
	    "<div class=it><a href=/x>t</a></div>", "http://h.example/",
	    &ex) == 0) {
		tap_ok(1, "a namespace-node title selector does not crash");
		extraction_free(&ex);
	} else
		tap_ok(1, "a namespace-node title selector is refused");

	/* A javascript: <base> must not make relative links executable. */
	tap_ok(one(SIMPLE, "<html><head><base href=\"javascript:alert(1)//\">"
	    "</head><body><div class=item><h2>T</h2><a href=a>l</a></div>"
	    "</body></html>", "http://h.example/p/", &ex) == 0,
	    "javascript: base: page read");
	tap_str(ex.ex_nitems == 1 ? ex.ex_items[0].it_link : NULL,
	    "http://h.example/p/a", "javascript: base ignored, link stays http");
	extraction_free(&ex);

	/* A file: base on an http page must not reach local files. */
	tap_ok(one(SIMPLE, "<html><head><base href=\"file:///etc/\"></head>"
	    "<body><div class=item><h2>T</h2><a href=passwd>l</a></div>"
	    "</body></html>", "http://h.example/p/", &ex) == 0,
	    "file: base: page read");
	tap_str(ex.ex_nitems == 1 ? ex.ex_items[0].it_link : NULL,
	    "http://h.example/p/passwd", "file: base ignored");
	extraction_free(&ex);

	/* Links resolving to other schemes are dropped, not published. */
	tap_ok(one(SIMPLE, "<div class=item><h2>A</h2><a href=\"vbscript:x\">"
	    "l</a></div><div class=item><h2>B</h2><a href=\"data:text/html,"
	    "x\">l</a></div><div class=item><h2>C</h2><a href=\"file:///etc/"
	    "passwd\">l</a></div>", "http://h.example/", &ex) == 0,
	    "hostile links: page read");
	for (i = 0, bad = 0; i < ex.ex_nitems; i++)
		if (ex.ex_items[i].it_link != NULL)
			bad++;
	tap_long(bad, 0, "vbscript:, data: and file: links are all dropped");
	extraction_free(&ex);

	/* A placeholder in any case gives way to the lazy-loaded image. */
	tap_ok(one(SIMPLE "item.image = img\n", "<div class=item><h2>A</h2>"
	    "<img src=\"DATA:image/gif;base64,R0lGOD\" data-src=\"/a.jpg\">"
	    "</div><div class=item><h2>B</h2><img src=\" javascript:x\" "
	    "data-src=\"b.jpg\"></div>", "http://h.example/p/", &ex) == 0 &&
	    ex.ex_nitems == 2, "placeholder images: page read");
	tap_str(ex.ex_nitems == 2 ? ex.ex_items[0].it_image : NULL,
	    "http://h.example/a.jpg", "DATA: placeholder skipped for data-src");
	tap_str(ex.ex_nitems == 2 ? ex.ex_items[1].it_image : NULL,
	    "http://h.example/p/b.jpg", "javascript: src skipped for data-src");
	extraction_free(&ex);
}

/* Config errors of one source text (caller frees), or NULL if it loads. */
static char *
load_errors(const char *text)
{
	struct config	*cf;
	char		*errors = NULL;

	if ((cf = config_load_text("t.conf", text, &errors)) != NULL) {
		config_free(cf);
		return (NULL);
	}
	return (errors);
}

/* A source without item may set item.* fields: they replace detection's. */
static void
test_override(void)
{
	struct config	*cf, *plain;
	struct extraction	 ex, pg0;
	char		*html, *err;
	size_t		 len, i;
	int		 ok_sum = 1, ok_title = 1, ok_links = 1;

	err = load_errors("[source s]\nurl = http://x.test/\n"
	    "item.summary = span.date\n");
	tap_ok(err == NULL, "item.* without item is valid");
	if (err != NULL)
		printf("# %s", err);
	free(err);
	err = load_errors("[source s]\nurl = http://x.test/\n"
	    "date_format = %d.%m.%Y\n");
	tap_ok(err == NULL, "date_format without item helps detection");
	free(err);
	err = load_errors("[source s]\nurl = http://x.test/\nitem = li\n"
	    "item.summary = p\n");
	tap_ok(err != NULL && strstr(err, "needs item.title or item.link") !=
	    NULL, "with item, item.title or item.link still needed");
	free(err);

	if ((html = testlib_read("fixtures/embassy/index.html", &len)) == NULL) {
		tap_ok(0, "read fixtures/embassy/index.html");
		return;
	}
	plain = source("");
	cf = source("item.summary = span.date\nitem.title = xpath:"
	    "concat('T: ', normalize-space(.//a[@class='title']))\n");
	if (input_page(&plain->cf_sources[0], html, len, EMBASSY_URL, NULL, 0,
	    &pg0, NULL) != 0 || input_page(&cf->cf_sources[0], html, len,
	    EMBASSY_URL, NULL, 0, &ex, NULL) != 0) {
		tap_ok(0, "override: input_page");
		goto out;
	}
	tap_ok(ex.ex_nitems == 10 && pg0.ex_nitems == 10,
	    "override: the 10 detected items");
	for (i = 0; i < ex.ex_nitems && i < pg0.ex_nitems; i++) {
		const struct item *a = &ex.ex_items[i], *b = &pg0.ex_items[i];

		if (a->it_summary == NULL || a->it_date_text == NULL ||
		    strcmp(a->it_summary, a->it_date_text) != 0)
			ok_sum = 0;
		if (strncmp(a->it_title, "T: ", 3) != 0 ||
		    strcmp(a->it_title + 3, b->it_title) != 0)
			ok_title = 0;
		if (strcmp(a->it_link, b->it_link) != 0 ||
		    a->it_date != b->it_date)
			ok_links = 0;
	}
	tap_ok(ok_sum, "override: item.summary relative to each found item");
	tap_ok(ok_title, "override: item.title (an XPath string) too");
	tap_ok(ok_links, "override: links and dates stay as detected");
	extraction_free(&ex);
	extraction_free(&pg0);
out:
	config_free(cf);
	config_free(plain);
	free(html);
}

/* What the encoding was, and why; the rules only when asked for. */
static void
test_page_info(void)
{
	struct config	*cf = source("item = li\nitem.title = a\n"
	    "item.date = span\nencoding = koi8-r\n");
	struct config	*autocf;
	struct extraction	 ex;
	char		*html, *cause = NULL;
	size_t		 len;
	static const char page[] = "<ul><li><a href=/a>A</a> <span>2099-01-01"
	    "</span></li><li><a href=/b>B</a> <span>never</span></li>"
	    "<li><a href=/c>C</a> <span>2019-01-01</span></li></ul>";

	if (extract(cf, page, NULL, NULL, &ex) == 0) {
		tap_ok(ex.ex_encoding_how != NULL && strcmp(ex.ex_encoding_how,
		    "fallback") == 0, "encoding: from the encoding key");
		tap_ok(ex.ex_nitems == 3 && ex.ex_items[0].it_date_future &&
		    !ex.ex_items[1].it_date_future &&
		    ex.ex_ndates_future == 1 && ex.ex_ndates_unparsed == 1,
		    "a future date is flagged and counted apart");
		extraction_free(&ex);
	}
	autocf = source("item = li\nitem.title = a\n");
	if (extract(autocf, "<ul><li><a href=/a>\xe1</a></li></ul>", NULL, NULL,
	    &ex) == 0) {
		tap_ok(ex.ex_encoding_how != NULL && strcmp(ex.ex_encoding_how,
		    "sniff") == 0 && strcmp(ex.ex_encoding, "windows-1252") == 0,
		    "encoding: sniffed, not UTF-8");
		extraction_free(&ex);
	}
	config_free(autocf);
	if (extract(cf, page, NULL, "text/html; charset=iso-8859-5",
	    &ex) == 0) {
		tap_ok(ex.ex_encoding_how != NULL && strcmp(ex.ex_encoding_how,
		    "http") == 0 && strcmp(ex.ex_encoding, "ISO-8859-5") == 0,
		    "encoding: from the HTTP header");
		extraction_free(&ex);
	}
	if (extract(cf, "<meta charset=windows-1251><ul><li><a href=/a>A</a>"
	    "</li></ul>", NULL, NULL, &ex) == 0) {
		tap_ok(ex.ex_encoding_how != NULL && strcmp(ex.ex_encoding_how,
		    "meta") == 0, "encoding: from <meta>");
		extraction_free(&ex);
	}
	config_free(cf);

	autocf = source("");
	if ((html = testlib_read("fixtures/embassy/index.html", &len)) != NULL) {
		if (input_page(&autocf->cf_sources[0], html, len,
		    EMBASSY_URL, NULL, 0, &ex, NULL) == 0) {
			tap_ok(ex.ex_rules[RULE_ITEM] == NULL,
			    "no rules unless asked for");
			extraction_free(&ex);
		}
		if (input_page_flags(&autocf->cf_sources[0], html, len,
		    EMBASSY_URL, NULL, 0, INPUT_RULES, &ex, &cause) == 0) {
			tap_ok(ex.ex_rules[RULE_ITEM] != NULL &&
			    ex.ex_rules[RULE_DATE] != NULL &&
			    strcmp(ex.ex_rules[RULE_DATE], "span.date") == 0,
			    "INPUT_RULES: the rules detection used");
			extraction_free(&ex);
		}
		free(html);
	}
	config_free(autocf);
}

/* A configured field that matched nothing is counted; an unused key told. */
static void
test_missing(void)
{
	struct config	*cf;
	struct extraction	 ex;
	static const char page[] = "<ul><li><a href=/a>A</a><p>one</p></li>"
	    "<li><a href=/b>B</a></li><li><a href=/c>C</a></li></ul>";
	static const char ru[] = "<ul><li><a href=/a>\xcd\xee\xe2\xee\xf1"
	    "\xf2\xfc</a></li></ul>";

	cf = source("item = li\nitem.title = h9\nitem.link = a @href\n"
	    "item.date = time\nitem.author = .by\n");
	if (extract(cf, page, NULL, NULL, &ex) == 0) {
		tap_ok(ex.ex_nitems == 3 && ex.ex_missing[FIELD_TITLE] == 3 &&
		    ex.ex_title_link == 3 && ex.ex_title_summary == 0,
		    "missing: item.title in 3 of 3, titles from the link");
		tap_ok(ex.ex_missing[FIELD_LINK] == 0 &&
		    ex.ex_missing[FIELD_DATE] == 3 &&
		    ex.ex_missing[FIELD_AUTHOR] == 3 &&
		    ex.ex_missing[FIELD_SUMMARY] == 0,
		    "missing: only configured fields are counted");
		extraction_free(&ex);
	}
	config_free(cf);
	cf = source("item = li\nitem.title = a\nitem.summary = p\n"
	    "item.link = b @href\n");
	if (extract(cf, page, NULL, NULL, &ex) == 0) {
		tap_ok(ex.ex_missing[FIELD_TITLE] == 0 &&
		    ex.ex_missing[FIELD_SUMMARY] == 2 &&
		    ex.ex_missing[FIELD_LINK] == 3,
		    "missing: summary in 2 of 3, link in 3 of 3");
		extraction_free(&ex);
	}
	config_free(cf);
	/* Without item: the given fields over detection's. */
	cf = source("item.title = h9\n");
	if ((extract(cf, "<ul><li><a href=/a>Alpha one</a></li><li><a href=/b>"
	    "Beta two</a></li><li><a href=/c>Gamma three</a></li></ul>", NULL,
	    NULL, &ex)) == 0) {
		tap_ok(ex.ex_nitems == 3 && ex.ex_missing[FIELD_TITLE] == 3,
		    "missing: a field over detection that matched nothing");
		extraction_free(&ex);
	}
	config_free(cf);

	cf = source("item = li\nitem.title = a\nencoding = windows-1251\n");
	if (extract(cf, ru, NULL, "text/html;charset=iso-8859-1", &ex) == 0) {
		tap_str(ex.ex_encoding_note, "encoding = windows-1251 not used: "
		    "the HTTP header declares iso-8859-1 (set encoding_override "
		    "= yes to use it anyway)", "note: the header won");
		extraction_free(&ex);
	}
	if (extract(cf, ru, NULL, "text/html;charset=windows-1251", &ex) == 0) {
		tap_ok(ex.ex_encoding_note == NULL,
		    "note: none when the header agrees");
		extraction_free(&ex);
	}
	config_free(cf);
	cf = source("item = li\nitem.title = a\nencoding = windows-1251\n"
	    "encoding_override = yes\n");
	if (extract(cf, ru, NULL, "text/html;charset=iso-8859-1", &ex) == 0) {
		tap_ok(ex.ex_encoding_note == NULL && ex.ex_nitems == 1 &&
		    strcmp(ex.ex_items[0].it_title, "\xd0\x9d\xd0\xbe\xd0\xb2"
		    "\xd0\xbe\xd1\x81\xd1\x82\xd1\x8c") == 0 &&
		    strcmp(ex.ex_encoding_how, "override") == 0,
		    "encoding_override: the key beats the header");
		extraction_free(&ex);
	}
	config_free(cf);
}

/* url = file:/abs/path is file:///abs/path; no scheme gets a hint. */
static void
test_urls(void)
{
	struct config	*cf;
	char		*errors = NULL;

	cf = config_load_text("t.conf", "[server]\nallow_file_urls = yes\n"
	    "[source f]\nurl = file:/etc/hosts\n", &errors);
	tap_ok(cf != NULL && strcmp(cf->cf_sources[0].sc_url,
	    "file:///etc/hosts") == 0, "file:/abs/path is file:///abs/path");
	config_free(cf);
	free(errors);
	errors = load_errors("[source f]\nurl = www.example.com/news\n");
	tap_ok(errors != NULL && strstr(errors, "did you mean "
	    "http://www.example.com/news?") != NULL, "no scheme: a hint");
	free(errors);
	errors = load_errors("[source f]\nurl = localhost:8080/news\n");
	tap_ok(errors != NULL && strstr(errors, "did you mean "
	    "http://localhost:8080/news?") != NULL, "host:port: a hint too");
	free(errors);
	errors = load_errors("[source f]\nurl = ftp://example.com/\n");
	tap_ok(errors != NULL && strstr(errors, "did you mean") == NULL &&
	    strstr(errors, "is not an http://") != NULL,
	    "another scheme: no hint");
	free(errors);
}

/*
 * Every way in reads dates against the poll time it is handed, not the
 * clock, and counts a date over a day ahead of it as future, not unparsed:
 * detection (which once read the clock itself), selectors and feed bodies.
 */
static void
test_poll_time(void)
{
	struct config	*cf;
	struct extraction	 ex;
	char		*html;
	size_t		 len, i, nfuture;
	const time_t	 nov1 = 1541030400, dec1 = 1543622400;
	const char	*li = "<ul><li><a href=/a>A</a> <span>2020-01-02</span>"
	    "</li><li><a href=/b>B</a> <span>2018-10-02</span></li></ul>";
	const char	*rss = "<?xml version=\"1.0\"?><rss version=\"2.0\">"
	    "<channel><title>t</title><item><title>A</title>"
	    "<link>http://example.org/a</link>"
	    "<pubDate>Thu, 02 Jan 2020 10:00:00 GMT</pubDate></item>"
	    "</channel></rss>";

	cf = source("");
	if ((html = testlib_read("fixtures/embassy/index.html", &len)) != NULL) {
		if (input_page(&cf->cf_sources[0], html, len, EMBASSY_URL,
		    NULL, nov1, &ex, NULL) == 0) {
			for (i = nfuture = 0; i < ex.ex_nitems; i++)
				nfuture += ex.ex_items[i].it_date_future;
			tap_ok(ex.ex_ndates_future > 0 &&
			    ex.ex_ndates_future == nfuture &&
			    ex.ex_ndates_unparsed == 0,
			    "poll time: detection counts November dates "
			    "as future on 1 November");
			extraction_free(&ex);
		}
		if (input_page(&cf->cf_sources[0], html, len, EMBASSY_URL,
		    NULL, dec1, &ex, NULL) == 0) {
			tap_ok(ex.ex_ndates_future == 0 &&
			    ex.ex_ndates_unparsed == 0 && ex.ex_nitems > 0 &&
			    ex.ex_items[0].it_date != 0,
			    "poll time: the same dates are past on 1 December");
			extraction_free(&ex);
		}
		free(html);
	}
	config_free(cf);
	cf = source("item = li\nitem.title = a\nitem.date = span\n");
	if (input_page(&cf->cf_sources[0], li, strlen(li), PAGE_URL, NULL,
	    nov1, &ex, NULL) == 0) {
		tap_ok(ex.ex_nitems == 2 && ex.ex_ndates_future == 1 &&
		    ex.ex_ndates_unparsed == 0 &&
		    ex.ex_items[0].it_date_future &&
		    ex.ex_items[1].it_date != 0,
		    "poll time: selectors count a 2020 date as future in 2018");
		extraction_free(&ex);
	}
	config_free(cf);
	cf = source("");
	if (input_page(&cf->cf_sources[0], rss, strlen(rss), PAGE_URL,
	    "application/rss+xml", nov1, &ex, NULL) == 0) {
		tap_ok(ex.ex_nitems == 1 && ex.ex_ndates_future == 1 &&
		    ex.ex_ndates_unparsed == 0 && ex.ex_items[0].it_date == 0,
		    "poll time: a feed body counts a 2020 date as future in "
		    "2018");
		extraction_free(&ex);
	}
	config_free(cf);
}

/* A US list: 05.30.15 can only be May 30, so its 05.12.15 is May 12
 * too; a configured date_order stands, and a list with a day-first date
 * keeps day first. */
static void
test_dates_order(void)
{
	static const char	*html = "<ul class=\"press\">"
	    "<li><a href=\"/a\">The first press release</a> "
	    "<span class=\"date\">05.30.15</span></li>"
	    "<li><a href=\"/b\">The second press release</a> "
	    "<span class=\"date\">05.12.15</span></li>"
	    "<li><a href=\"/c\">The third press release</a> "
	    "<span class=\"date\">05.04.15</span></li></ul>";
	struct config		*cf;
	struct extraction	 ex;

	cf = source("item = li\nitem.title = a\nitem.link = a @href\n"
	    "item.date = .date\n");
	tap_ok(extract(cf, html, NULL, NULL, &ex) == 0 && ex.ex_nitems == 3 &&
	    ex.ex_items[1].it_date == 1431388800 &&
	    ex.ex_items[2].it_date == 1430697600,
	    "dates order: a month-first date makes the list's others month "
	    "first");
	extraction_free(&ex);
	config_free(cf);
	cf = source("date_order = dmy\nitem = li\nitem.title = a\n"
	    "item.link = a @href\nitem.date = .date\n");
	tap_ok(extract(cf, html, NULL, NULL, &ex) == 0 && ex.ex_nitems == 3 &&
	    ex.ex_items[1].it_date == 1449273600,
	    "dates order: a configured date_order = dmy stands");
	extraction_free(&ex);
	config_free(cf);
	cf = source("");
	tap_ok(extract(cf, "<ul class=\"press\">"
	    "<li><a href=\"/a\">The first press release</a> "
	    "<span class=\"date\">13.05.15</span></li>"
	    "<li><a href=\"/b\">The second press release</a> "
	    "<span class=\"date\">05.12.15</span></li>"
	    "<li><a href=\"/c\">The third press release</a> "
	    "<span class=\"date\">05/30/15</span></li></ul>", NULL, NULL,
	    &ex) == 0 && ex.ex_nitems == 3 &&
	    ex.ex_items[1].it_date == 1449273600,
	    "dates order: detected; evidence both ways keeps day first");
	extraction_free(&ex);
	config_free(cf);
}

/* A day without a year takes the year the item's address gives that
 * month; a year shown, or an address without one, is left alone. */
static void
test_link_year(void)
{
	static const struct {
		const char	*text, *link;
		time_t		 want;
	} cases[] = {
		/* do_now below is 2026-12-06: date.c's guess is 2026. */
		{ "03-16", "http://n.example/xwbl/201803/t20180316_291436.html",
		  1521158400 },
		{ "Mar 16", "https://b.example/2018/03/16/a-post/", 1521158400 },
		{ "16 March", "https://b.example/news/2017-03-20-slug", 1489622400 },
		/* The address's month is another: no evidence. */
		{ "03-16", "https://b.example/2018/04/16/a-post/", 1773619200 },
		{ "03-16", "https://b.example/p/12345", 1773619200 },
		{ "03-16", NULL, 1773619200 },
		/* A year shown stays. */
		{ "2016-03-16", "https://b.example/2018/03/16/", 1458086400 },
		/* A product number is no year. */
		{ "03-16", "https://b.example/gpu-2080-03/", 1773619200 },
	};
	struct date_opts	 o;
	char			 what[200];
	size_t			 i;

	memset(&o, 0, sizeof(o));
	o.do_now = 1796515200;	/* 2026-12-06 */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(what, sizeof(what), "'%s' at %s", cases[i].text,
		    cases[i].link != NULL ? cases[i].link : "(no link)");
		tap_long(item_date_link(cases[i].text, cases[i].link, &o, NULL,
		    NULL, NULL), cases[i].want, what);
	}
}

/* No date shown: the day the item's address names, however it spells it. */
static void
test_link_day_forms(void)
{
	static const struct {
		const char	*link;
		time_t		 want;
	} cases[] = {
		{ "https://b.example/2018/03/17/slug", 1521244800 },
		{ "https://b.example/news/2018-03-17/slug", 1521244800 },
		{ "https://www.polygon.example/2014/6/26/5842180/review",
		  1403740800 },
		{ "http://www.guardian.example/film/2011/nov/18/slug",
		  1321574400 },
		{ "http://www.cnn.example/2010/POLITICS/08/13/story/index.html",
		  1281657600 },
		{ "http://arabic.cnn.example/2013/middle_east/8/3/syria/",
		  1375488000 },
		/* A month without a day, numbers of other things: none. */
		{ "https://b.example/2018/03/", 0 },
		{ "https://b.example/2018/03/1234567/", 0 },
		{ "https://b.example/2018/13/01/", 0 },
		{ "https://b.example/p/2018?d=2018/03/17", 0 },
	};
	struct date_opts	 o;
	size_t			 i;

	memset(&o, 0, sizeof(o));
	o.do_now = 1796515200;	/* 2026-12-06 */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		tap_long(item_date_link(NULL, cases[i].link, &o, NULL, NULL,
		    NULL), cases[i].want, cases[i].link);
}

int
main(void)
{
	tmpdir = testlib_tmpdir("extract");
	test_embassy();
	test_missing();
	test_links();
	test_text();
	test_link_day();
	test_guids();
	test_offsets();
	test_fields();
	test_limits();
	test_charset();
	test_garbage();
	test_resolve();
	test_review();
	test_override();
	test_page_info();
	test_urls();
	test_poll_time();
	test_dates_order();
	test_link_year();
	test_link_day_forms();
	testlib_cleanup();
	tap_ok(access(tmpdir, F_OK) == -1, "temporary directory removed");
	xmlCleanupParser();
	return (tap_done());
}
