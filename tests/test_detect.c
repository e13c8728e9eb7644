/*
 * test_detect.c: item detection without selectors against a corpus of page
 * layouts (tests/fixtures/detect/NAME.html, expected links in NAME.expected)
 * and the embassy listing; precision and recall per page and overall.  Also
 * the JSON parser, hostile input and the cost on a large page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "config.h"
#include "date.h"
#include "detect.h"
#include "detect_node.h"
#include "extract.h"
#include "input.h"
#include "json.h"
#include "tap.h"
#include "testlib.h"
#include "tz.h"
#include "util.h"

static const struct {
	const char	*name;		/* fixture, without .html */
	const char	*base;
	const char	*charset;	/* as the HTTP header would say */
	const char	*via;		/* expected start of *how */
} pages[] = {
	{ "blog", "https://blog.example.org/", NULL, "markup" },
	{ "cards", "https://news.example.com/world", NULL, "markup" },
	{ "table", "https://data.example.gov/datasets", NULL, "markup" },
	{ "dl", "https://events.example.org/calendar/", NULL, "markup" },
	{ "listgroup", "https://support.example.io/", NULL, "markup" },
	{ "forum", "https://forum.example.net/viewforum.php?f=4", NULL,
	    "markup" },
	{ "wordpress", "https://harbour.example.co.uk/", NULL, "markup" },
	{ "drupal", "https://www.example-council.gov.uk/news", NULL, "markup" },
	{ "cyrillic", "https://gazeta.example.ru/news/", "windows-1251",
	    "markup" },
	{ "nodates", "https://essays.example.com/", NULL, "markup" },
	{ "headlines", "https://www.example-times.com/", NULL, "markup" },
	{ "jsonld", "https://recipes.example.com/latest/", NULL, "json-ld" },
	{ "jsonld-blog", "https://engineering.example.dev/", NULL, "json-ld" },
	{ "microdata", "https://travel.example.org/", NULL, "microdata" },
	{ "hentry", "https://alex.example.me/notes/", NULL, "h-entry" },
};
#define NPAGES	(sizeof(pages) / sizeof(pages[0]))

static htmlDocPtr
parse(const char *body, size_t len, const char *url, const char *charset)
{
	return (htmlReadMemory(body, (int)len, url, charset, HTML_PARSE_NONET |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
	    HTML_PARSE_COMPACT));
}

static htmlDocPtr
load(const char *rel, const char *url, const char *charset)
{
	char		*body;
	size_t		 len;
	htmlDocPtr	 doc;

	if ((body = testlib_read(rel, &len)) == NULL)
		return (NULL);
	doc = parse(body, len, url, charset);
	free(body);
	return (doc);
}

/* Expected links, one a line; returns how many (at most MAX). */
static size_t
load_expected(const char *name, char **want, size_t max)
{
	char		*rel, *body, *line, *save = NULL;
	size_t		 len, n = 0;

	xasprintf(&rel, "fixtures/detect/%s.expected", name);
	body = testlib_read(rel, &len);
	free(rel);
	if (body == NULL)
		return (0);
	for (line = strtok_r(body, "\n", &save); line != NULL && n < max;
	    line = strtok_r(NULL, "\n", &save))
		if (*line != '\0')
			want[n++] = xstrdup(line);
	free(body);
	return (n);
}

/* Number of nodes the XPath in HOW ("markup: XPATH") selects. */
static int
xpath_count(htmlDocPtr doc, const char *how)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 obj;
	int			 n = -1;

	if (strncmp(how, "markup: ", 8) != 0)
		return (-1);
	ctx = xmlXPathNewContext(doc);
	obj = xmlXPathEvalExpression((const xmlChar *)how + 8, ctx);
	if (obj != NULL && obj->type == XPATH_NODESET)
		n = obj->nodesetval ? obj->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return (n);
}

static size_t	total_found, total_right, total_want;

/* Runs detection on one page and scores it; returns the page (caller frees). */
static void
score_page(size_t p, struct extraction *ex)
{
	char		*rel, *want[64], *how = NULL, what[256];
	size_t		 nwant, nfound, right = 0, hit = 0, i, j;
	htmlDocPtr	 doc;
	double		 prec, rec;
	int		 sel;

	memset(ex, 0, sizeof(*ex));
	xasprintf(&rel, "fixtures/detect/%s.html", pages[p].name);
	doc = load(rel, pages[p].base, pages[p].charset);
	free(rel);
	nwant = load_expected(pages[p].name, want, 64);
	if (doc == NULL || nwant == 0) {
		tap_ok(0, pages[p].name);
		return;
	}
	nfound = detect_items(doc, pages[p].base, NULL, ex, &how);
	/* An item without a link is never one of the expected links. */
	for (i = 0; i < ex->ex_nitems; i++)
		for (j = 0; j < nwant && ex->ex_items[i].it_link != NULL; j++)
			if (strcmp(ex->ex_items[i].it_link, want[j]) == 0) {
				right++;
				break;
			}
	for (j = 0; j < nwant; j++)
		for (i = 0; i < ex->ex_nitems; i++)
			if (ex->ex_items[i].it_link != NULL &&
			    strcmp(ex->ex_items[i].it_link, want[j]) == 0) {
				hit++;
				break;
			}
	prec = nfound ? (double)right / (double)nfound : 0;
	rec = (double)hit / (double)nwant;
	printf("# %s: precision %.2f recall %.2f (%zu/%zu, %zu found) via %s\n",
	    pages[p].name, prec, rec, hit, nwant, nfound, how ? how : "nothing");
	total_found += nfound;
	total_right += right;
	total_want += nwant;
	snprintf(what, sizeof(what), "%s: precision %.2f >= 0.9, recall %.2f "
	    ">= 0.9", pages[p].name, prec, rec);
	if (!tap_ok(prec >= 0.9 && rec >= 0.9, what)) {
		for (i = 0; i < ex->ex_nitems; i++)
			printf("#   found %s | %s\n", ex->ex_items[i].it_link ?
			    ex->ex_items[i].it_link : "-",
			    ex->ex_items[i].it_title);
	}
	snprintf(what, sizeof(what), "%s: found via %s", pages[p].name,
	    pages[p].via);
	tap_ok(how != NULL && strncmp(how, pages[p].via,
	    strlen(pages[p].via)) == 0, what);
	if (how != NULL && strncmp(how, "markup: ", 8) == 0) {
		sel = xpath_count(doc, how);
		snprintf(what, sizeof(what), "%s: the reported XPath selects "
		    "the %zu items (%d)", pages[p].name, nfound, sel);
		tap_ok(sel >= (int)nfound && sel <= (int)nfound + 2, what);
	}
	for (i = 0; i < ex->ex_nitems; i++)
		if (ex->ex_items[i].it_guid != NULL || ex->ex_items[i].it_title
		    == NULL)
			break;
	snprintf(what, sizeof(what), "%s: titles set, guids left to the caller",
	    pages[p].name);
	tap_ok(i == ex->ex_nitems, what);
	for (j = 0; j < nwant; j++)
		free(want[j]);
	free(how);
	xmlFreeDoc(doc);
}

static const struct item *
find_item(const struct extraction *ex, const char *link)
{
	size_t	 i;

	for (i = 0; i < ex->ex_nitems; i++)
		if (ex->ex_items[i].it_link != NULL &&
		    strcmp(ex->ex_items[i].it_link, link) == 0)
			return (&ex->ex_items[i]);
	return (NULL);
}

static void
check_item(const struct extraction *ex, const char *link, const char *title,
    const char *date_iso, const char *summary_start)
{
	const struct item	*it = find_item(ex, link);
	char			 got[64], what[512];

	snprintf(what, sizeof(what), "item %s", link);
	if (!tap_ok(it != NULL, what))
		return;
	if (title != NULL) {
		snprintf(what, sizeof(what), "title of %s", link);
		tap_str(it->it_title, title, what);
	}
	if (date_iso != NULL) {
		snprintf(what, sizeof(what), "date of %s", link);
		if (it->it_date == 0)
			strlcpy_pf(got, "(none)", sizeof(got));
		else
			date_format_rfc3339(it->it_date, got, sizeof(got));
		tap_str(got, date_iso, what);
	} else {
		snprintf(what, sizeof(what), "no date for %s", link);
		tap_ok(it->it_date == 0 && it->it_date_text == NULL, what);
	}
	if (summary_start != NULL) {
		snprintf(what, sizeof(what), "summary of %s", link);
		tap_ok(it->it_summary != NULL && strncmp(it->it_summary,
		    summary_start, strlen(summary_start)) == 0, what);
		if (it->it_summary == NULL || strncmp(it->it_summary,
		    summary_start, strlen(summary_start)) != 0)
			printf("#   got: %s\n", it->it_summary ?
			    it->it_summary : "(null)");
	}
}

static void
test_corpus(void)
{
	struct extraction	 ex;
	size_t		 p;
	double		 prec, rec;

	for (p = 0; p < NPAGES; p++) {
		score_page(p, &ex);
		if (strcmp(pages[p].name, "wordpress") == 0) {
			check_item(&ex, "https://harbour.example.co.uk/2018/11/"
			    "20/storm-damage-what-residents-need-to/",
			    "Storm damage: what residents need to know about "
			    "claims", "2018-11-20T08:10:00Z", "Students will be");
		} else if (strcmp(pages[p].name, "cards") == 0) {
			check_item(&ex, "https://news.example.com/world/2020/"
			    "library-extends-opening-hours-during-exam-4101",
			    "Library extends opening hours during exam season",
			    "2020-01-13T00:00:00Z", "We moved from");
		} else if (strcmp(pages[p].name, "forum") == 0) {
			check_item(&ex, "https://forum.example.net/viewtopic.php"
			    "?f=4&t=5487", "How we rebuilt our deployment "
			    "pipeline in two weeks?", "2019-03-02T11:15:00Z",
			    NULL);
		} else if (strcmp(pages[p].name, "cyrillic") == 0) {
			check_item(&ex, "https://gazeta.example.ru/news/7001.html",
			    "В городской библиотеке открылась выставка редких "
			    "книг", "2018-11-12T00:00:00Z", "Подробности");
		} else if (strcmp(pages[p].name, "nodates") == 0) {
			check_item(&ex, "https://essays.example.com/essays/"
			    "library-extends-opening-hours-during-exam.html",
			    "Library extends opening hours during exam season",
			    NULL, "Insurers say");
		} else if (strcmp(pages[p].name, "jsonld") == 0) {
			check_item(&ex, "https://recipes.example.com/recipes/"
			    "local-bakery-wins-national-award-for",
			    "Local bakery wins national award for sourdough "
			    "bread", NULL, NULL);
		} else if (strcmp(pages[p].name, "jsonld-blog") == 0) {
			check_item(&ex, "https://engineering.example.dev/posts/"
			    "volunteers-plant-three-hundred-trees-in",
			    "Volunteers plant three hundred trees in Northfield "
			    "park", "2022-01-02T10:00:00Z",
			    "The decision follows");
		} else if (strcmp(pages[p].name, "microdata") == 0) {
			check_item(&ex, "https://travel.example.org/stories/"
			    "notes-on-writing-a-small-html",
			    "Notes on writing a small HTML parser in C",
			    "2020-03-10T00:00:00Z", "We moved from");
		} else if (strcmp(pages[p].name, "hentry") == 0) {
			check_item(&ex, "https://alex.example.me/notes/2023/002",
			    "Why the school canteen switched to local suppliers",
			    "2023-02-21T18:01:00Z", "We moved from");
		} else if (strcmp(pages[p].name, "dl") == 0) {
			check_item(&ex, "https://events.example.org/calendar/"
			    "event.php?id=301", "Volunteers plant three hundred "
			    "trees in Northfield park: public meeting",
			    "2019-06-04T00:00:00Z", "4 June 2019, Town Hall");
		}
		extraction_free(&ex);
	}
	prec = total_found ? (double)total_right / (double)total_found : 0;
	rec = total_want ? (double)total_right / (double)total_want : 0;
	printf("# corpus overall (%zu pages): precision %.3f recall %.3f "
	    "(%zu right of %zu found, %zu expected)\n", NPAGES, prec, rec,
	    total_right, total_found, total_want);
}

static void
test_embassy(void)
{
	static const char *const dates[] = { "13.11.2018", "06.11.2018",
	    "01.11.2018", "01.11.2018", "31.10.2018", "29.10.2018",
	    "28.10.2018", "26.10.2018", "25.10.2018", "22.10.2018" };
	static const int ids[] = { 6650, 6643, 6636, 6629, 6622, 6615, 6608,
	    6601, 6594, 6587 };
	struct extraction	 ex;
	htmlDocPtr	 doc;
	char		*how = NULL, link[128], what[128];
	size_t		 n, i;
	int		 ok = 1;

	memset(&ex, 0, sizeof(ex));
	doc = load("fixtures/embassy/index.html", "https://www.rusemb.org.uk/",
	    NULL);
	if (!tap_ok(doc != NULL, "embassy page parsed"))
		return;
	n = detect_items(doc, "https://www.rusemb.org.uk/", NULL, &ex, &how);
	printf("# embassy: %zu items via %s\n", n, how ? how : "nothing");
	tap_long((long long)n, 10, "embassy: exactly the 10 events");
	for (i = 0; i < n && i < 10; i++) {
		snprintf(link, sizeof(link), "https://www.rusemb.org.uk/fnapr/%d",
		    ids[i]);
		if (ex.ex_items[i].it_link == NULL ||
		    strcmp(ex.ex_items[i].it_link, link) != 0 ||
		    ex.ex_items[i].it_date_text == NULL ||
		    strcmp(ex.ex_items[i].it_date_text, dates[i]) != 0 ||
		    ex.ex_items[i].it_date == 0 ||
		    ex.ex_items[i].it_summary == NULL) {
			printf("#   item %zu: %s %s\n", i, ex.ex_items[i].it_link,
			    ex.ex_items[i].it_date_text ?
			    ex.ex_items[i].it_date_text : "(no date)");
			ok = 0;
		}
	}
	tap_ok(ok && n == 10, "embassy: links, dates and summaries in order");
	if (n > 0) {
		tap_str(ex.ex_items[0].it_title, "Embassy’s statement concerning "
		    "Prime Minister Theresa May’s speech at the Lord Mayor’s "
		    "Banquet in London", "embassy: first title");
		tap_long((long long)ex.ex_items[0].it_date, 1542067200LL,
		    "embassy: first date is 13.11.2018");
	}
	snprintf(what, sizeof(what), "embassy: XPath %s selects 10",
	    how ? how : "");
	tap_ok(how != NULL && xpath_count(doc, how) == 10, what);
	free(how);
	how = NULL;
	extraction_free(&ex);

	/* Detected dates keep the zone's offset and say they name a day. */
	{
		struct date_opts	 dopts;
		struct tz		*tz;
		char			*cause = NULL;

		memset(&dopts, 0, sizeof(dopts));
		if ((tz = tz_load("Europe/Moscow", &cause)) == NULL) {
			printf("# %s\n", cause);
			free(cause);
		}
		dopts.do_tz = tz;
		memset(&ex, 0, sizeof(ex));
		n = detect_items(doc, "https://www.rusemb.org.uk/", &dopts,
		    &ex, &how);
		tap_ok(n == 10 && ex.ex_items[0].it_date == 1542056400 &&
		    ex.ex_items[0].it_date_offset == 10800 &&
		    ex.ex_items[0].it_date_only, "embassy in Moscow: "
		    "13.11.2018 is midnight +03:00, a day only");
		free(how);
		extraction_free(&ex);
		tz_free(tz);
	}
	xmlFreeDoc(doc);
}

static void
test_nothing(void)
{
	static const char *const bodies[] = {
		"<html><body><p>Just a paragraph, nothing to see.</p></body></html>",
		"<html><body><ul class=\"menu\"><li><a href=\"/a\">A</a></li>"
		"<li><a href=\"/b\">B</a></li><li><a href=\"/c\">C</a></li>"
		"<li><a href=\"/d\">D</a></li></ul><p>Welcome to our site, "
		"which has a long paragraph of introduction text and nothing "
		"else.</p></body></html>",
		"<html><body><ul><li><a href=\"javascript:void(0)\">Open the "
		"first dialog box</a></li><li><a href=\"#x\">Jump to the "
		"section about things</a></li><li><a href=\"#y\">Jump to the "
		"section about other things</a></li></ul></body></html>",
		"<html><head><script type=\"application/ld+json\">{\"@type\":"
		"\"ItemList\",\"itemListElement\":[{\"@type\":\"ListItem\","
		"\"url\":\"/a\"},</script></head><body></body></html>",
	};
	struct extraction	 ex;
	htmlDocPtr	 doc;
	char		*how, what[64];
	size_t		 i, n;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		memset(&ex, 0, sizeof(ex));
		doc = parse(bodies[i], strlen(bodies[i]), "https://x.test/",
		    NULL);
		how = (char *)"junk";
		n = detect_items(doc, "https://x.test/", NULL, &ex, &how);
		snprintf(what, sizeof(what), "nothing convincing in page %zu",
		    i);
		tap_ok(n == 0 && how == NULL && ex.ex_nitems == 0, what);
		snprintf(what, sizeof(what), "page %zu: why, in words", i);
		tap_ok(ex.ex_why != NULL && strlen(ex.ex_why) > 20, what);
		if (i == 0)
			tap_ok(ex.ex_why != NULL && strstr(ex.ex_why,
			    "no repeated structure with links") != NULL,
			    "a page without a list: no repeated structure");
		extraction_free(&ex);
		xmlFreeDoc(doc);
	}
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* A 4 MB page of 50,000 list items, and a deeply nested one. */
static void
test_big(void)
{
	struct buf	 b;
	struct extraction	 ex;
	htmlDocPtr	 doc;
	struct detect_opts	 o;
	char		*body, *how = NULL, what[160];
	size_t		 len, n, i;
	double		 t0, t1, t2;

	buf_init(&b, 16 * 1024 * 1024);
	buf_addstr(&b, "<html><head><title>big</title></head><body>"
	    "<ul class=\"nav\"><li><a href=\"/\">Home</a></li></ul>"
	    "<ul class=\"list\">\n");
	for (i = 0; i < 50000; i++)
		buf_printf(&b, "<li class=\"row\"><i>%02zu.%02zu.2019</i> "
		    "<a href=\"/item/%zu\">Item %zu of the big list</a></li>\n",
		    i % 28 + 1, i % 12 + 1, i, i);
	buf_addstr(&b, "</ul></body></html>");
	body = buf_take(&b, &len);
	t0 = now();
	doc = parse(body, len, "https://big.test/", NULL);
	t1 = now();
	memset(&ex, 0, sizeof(ex));
	n = detect_items(doc, "https://big.test/", NULL, &ex, &how);
	t2 = now();
	printf("# big page: %zu bytes, parse %.3f s, detect %.3f s, %zu items "
	    "via %s\n", len, t1 - t0, t2 - t1, n, how ? how : "nothing");
	/* The time is printed above as a figure, never asserted. */
	snprintf(what, sizeof(what), "big page: %d items capped",
	    ITEM_MAX_ITEMS);
	tap_ok(n == ITEM_MAX_ITEMS, what);
	free(how);
	extraction_free(&ex);
	/* The rules too: the capped items are the item rule's first ones. */
	memset(&ex, 0, sizeof(ex));
	memset(&o, 0, sizeof(o));
	o.dt_rules = 1;
	t1 = now();
	n = detect_items_opts(doc, "https://big.test/", &o, &ex, &how, NULL);
	t2 = now();
	printf("# big page: detect with rules %.3f s\n", t2 - t1);
	tap_ok(n == ITEM_MAX_ITEMS && ex.ex_rules[RULE_ITEM] != NULL &&
	    ex.ex_rules[RULE_DATE] != NULL && ex.ex_rules_note == NULL,
	    "big page: rules, the cap is not a mismatch");
	if (ex.ex_rules_note != NULL)
		printf("# %s", ex.ex_rules_note);
	free(how);
	how = NULL;
	extraction_free(&ex);
	xmlFreeDoc(doc);
	free(body);

	/* Deep nesting: libxml2 and our walk both stop at a depth. */
	buf_init(&b, 16 * 1024 * 1024);
	for (i = 0; i < 100000; i++)
		buf_addstr(&b, "<div>");
	for (i = 0; i < 5; i++)
		buf_printf(&b, "<p><a href=\"/deep/%zu\">A deep link with some "
		    "text</a></p>", i);
	body = buf_take(&b, &len);
	t0 = now();
	doc = parse(body, len, "https://deep.test/", NULL);
	memset(&ex, 0, sizeof(ex));
	n = detect_items(doc, "https://deep.test/", NULL, &ex, &how);
	t1 = now();
	printf("# deep page: %zu items in %.2f s\n", n, t1 - t0);
	tap_ok(n <= ITEM_MAX_ITEMS, "deeply nested page survives");
	free(how);
	extraction_free(&ex);
	xmlFreeDoc(doc);
	free(body);
}

static void
json_ok(const char *s, const char *what)
{
	char		*cause = NULL;
	struct json	*j = json_parse(s, strlen(s), &cause);

	if (!tap_ok(j != NULL, what))
		printf("#   %s\n", cause);
	free(cause);
	json_free(j);
}

static void
json_bad(const char *s, size_t len, const char *what)
{
	char		*cause = NULL;
	struct json	*j = json_parse(s, len, &cause);

	tap_ok(j == NULL && cause != NULL, what);
	free(cause);
	json_free(j);
}

static void
test_json(void)
{
	struct json		*j;
	const struct json	*m;
	struct buf		 b;
	char			*s;
	size_t			 len, i;

	s = xstrdup("{\"a\": [1, -2.5e3, true, false, null], \"b\": "
	    "\"x\\u00e9\\ud83d\\ude00\\n\", \"a\": 3}");
	j = json_parse(s, strlen(s), NULL);
	free(s);
	if (tap_ok(j != NULL, "json: object parses")) {
		m = json_get(j, "a");
		tap_ok(m != NULL && m->j_type == JSON_ARRAY &&
		    m->j_child->j_num == 1 &&
		    m->j_child->j_next->j_num == -2500 &&
		    m->j_child->j_next->j_next->j_type == JSON_TRUE,
		    "json: array members, first of duplicate keys");
		tap_str(json_string(json_get(j, "b")), "x\xc3\xa9\xf0\x9f\x98\x80\n",
		    "json: escapes and surrogate pairs");
		tap_ok(json_get(j, "zz") == NULL, "json: missing key");
	}
	json_free(j);
	{
		static const char *wrapped[] = {
			"\n  <![CDATA[\n {\"a\": 1}\n ]]>\n",
			"//<![CDATA[\n{\"a\": 1}\n//]]>",
			"<!--\n{\"a\": 1}\n-->",
			"{\"a\": 1}",
		};

		for (i = 0; i < sizeof(wrapped) / sizeof(wrapped[0]); i++) {
			j = json_parse_script(wrapped[i], strlen(wrapped[i]),
			    NULL);
			tap_ok(j != NULL && json_get(j, "a") != NULL,
			    "json: a <script>'s CDATA or comment wrapper is "
			    "left out");
			json_free(j);
		}
		j = json_parse_script("// a comment\n{}", 15, NULL);
		tap_ok(j == NULL, "json: a comment line is no wrapper");
		json_free(j);
	}
	json_ok("  [] ", "json: empty array with spaces");
	json_ok("\"\xd0\x9f\xd1\x80\xd0\xb8\"", "json: UTF-8 string");
	json_ok("1e999999", "json: huge number is a number (inf)");
	j = json_parse("123456789012345678901234567890", 30, NULL);
	tap_ok(j != NULL && j->j_type == JSON_NUMBER &&
	    strcmp(j->j_str, "123456789012345678901234567890") == 0,
	    "json: long integer keeps its text");
	json_free(j);
	json_bad("", 0, "json: empty input");
	json_bad("{\"a\":1,}", 8, "json: trailing comma");
	json_bad("[1 2]", 5, "json: missing comma");
	json_bad("{\"a\":1", 6, "json: truncated object");
	json_bad("\"abc", 4, "json: truncated string");
	json_bad("[\"\\u12\"]", 8, "json: truncated \\u");
	json_bad("\"\xff\xfe\"", 4, "json: invalid UTF-8");
	json_bad("\"\xc0\xaf\"", 4, "json: overlong UTF-8");
	json_bad("\"\xed\xa0\x80\"", 5, "json: encoded surrogate");
	json_bad("\"\\ud800\"", 8, "json: lone surrogate escape");
	json_bad("\"\\u0000\"", 8, "json: \\u0000 refused");
	json_bad("\"a\tb\"", 5, "json: raw control character");
	json_bad("01", 2, "json: leading zero");
	json_bad("-", 1, "json: bare minus");
	json_bad("1.", 2, "json: bare point");
	json_bad("// c\n1", 6, "json: comment");
	json_bad("tru", 3, "json: truncated literal");
	json_bad("{} x", 4, "json: trailing garbage");
	json_bad("[1]\0", 4, "json: NUL after the value");

	/* Deep nesting stops at the limit, without deep recursion. */
	buf_init(&b, 4 * 1024 * 1024);
	for (i = 0; i < 1000000; i++)
		buf_add(&b, "[", 1);
	s = buf_take(&b, &len);
	json_bad(s, len, "json: a million '[' refused");
	free(s);
	buf_init(&b, 4 * 1024 * 1024);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		buf_add(&b, "[", 1);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		buf_add(&b, "]", 1);
	s = buf_take(&b, &len);
	j = json_parse(s, len, NULL);
	tap_ok(j != NULL, "json: nesting at the limit parses");
	json_free(j);
	free(s);
	/* Too many values, and too many bytes. */
	buf_init(&b, 4 * 1024 * 1024);
	buf_add(&b, "[", 1);
	for (i = 0; i < JSON_MAX_NODES + 10; i++)
		buf_add(&b, "0,", 2);
	buf_add(&b, "0]", 2);
	s = buf_take(&b, &len);
	json_bad(s, len, "json: too many values refused");
	free(s);
	s = xcalloc(JSON_MAX_LEN + 2, 1);
	memset(s, ' ', JSON_MAX_LEN + 1);
	s[0] = '1';
	json_bad(s, JSON_MAX_LEN + 1, "json: too long refused");
	free(s);
}

/* KEY = "VALUE" as a config file takes any value. */
static void
add_key(struct buf *b, const char *key, const char *val)
{
	const char	*p;

	buf_printf(b, "%s = \"", key);
	for (p = val; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_add(b, "\\", 1);
		buf_add(b, p, 1);
	}
	buf_addstr(b, "\"\n");
}

/*
 * The rules detection reports, loaded as a config and run through
 * input_page on the same bytes, give the same titles, links and dates.
 */
static void	test_rules_body(const char *, size_t, const char *,
		    const char *, const char *, const char *);

static void
test_rules_page(const char *rel, const char *name, const char *base,
    const char *charset, const char *via)
{
	char	*body;
	size_t	 len;

	if ((body = testlib_read(rel, &len)) == NULL) {
		tap_ok(0, rel);
		return;
	}
	test_rules_body(body, len, name, base, charset, via);
	free(body);
}

static void
test_rules_body(const char *body, size_t len, const char *name,
    const char *base, const char *charset, const char *via)
{
	static const char	*keys[RULE_COUNT] = { "item", "item.title",
	    "item.link", "item.date", "item.summary" };
	struct detect_opts	 o;
	struct extraction		 ex, pg2;
	struct config		*cf;
	struct buf		 text;
	htmlDocPtr		 doc;
	char			*how = NULL, *errors = NULL;
	char			*cause = NULL, ctype[64], what[256];
	size_t			 i, same = 0;
	int			 r;

	memset(&ex, 0, sizeof(ex));
	memset(&o, 0, sizeof(o));
	o.dt_rules = 1;
	doc = parse(body, len, base, charset);
	detect_items_opts(doc, base, &o, &ex, &how, NULL);
	snprintf(what, sizeof(what), "%s: rules for what %s found", name, via);
	if (strcmp(via, "json-ld") == 0)
		tap_ok(ex.ex_rules[RULE_ITEM] == NULL && ex.ex_rules_note !=
		    NULL && strstr(ex.ex_rules_note, "JSON-LD") != NULL, what);
	else
		tap_ok(ex.ex_rules[RULE_ITEM] != NULL &&
		    ex.ex_rules[RULE_LINK] != NULL &&
		    ex.ex_rules[RULE_TITLE] != NULL &&
		    (ex.ex_rules_note == NULL ||
		    strstr(ex.ex_rules_note, " of ") == NULL), what);
	if (ex.ex_rules_note != NULL)
		printf("# %s", ex.ex_rules_note);
	buf_init(&text, 1024 * 1024);
	buf_printf(&text, "[server]\nallow_file_urls = yes\n[source s]\n");
	add_key(&text, "url", base);
	for (r = 0; r < RULE_COUNT; r++)
		if (ex.ex_rules[r] != NULL) {
			add_key(&text, keys[r], ex.ex_rules[r]);
			printf("#   %s = %s\n", keys[r], ex.ex_rules[r]);
		}
	cf = config_load_text("(rules)", text.b_data, &errors);
	buf_free(&text);
	snprintf(what, sizeof(what), "%s: the rules load as a config", name);
	if (!tap_ok(cf != NULL, what)) {
		printf("# %s", errors);
		free(errors);
		goto out;
	}
	snprintf(ctype, sizeof(ctype), "text/html; charset=%s",
	    charset ? charset : "utf-8");
	if (input_page(&cf->cf_sources[0], body, len, base, ctype, 0, &pg2,
	    &cause) == -1) {
		tap_ok(0, cause);
		free(cause);
		config_free(cf);
		goto out;
	}
	for (i = 0; i < ex.ex_nitems && i < pg2.ex_nitems; i++) {
		const struct item *a = &ex.ex_items[i], *b = &pg2.ex_items[i];

		if (strcmp(a->it_title, b->it_title) == 0 &&
		    strcmp(a->it_link, b->it_link ? b->it_link : "") == 0 &&
		    a->it_date == b->it_date)
			same++;
		else
			printf("#   %zu: %s | %s vs %s | %s\n", i, a->it_title,
			    a->it_link, b->it_title, b->it_link ? b->it_link :
			    "(none)");
	}
	snprintf(what, sizeof(what), "%s: the config gives the same %zu items "
	    "(%zu, %zu same)", name, ex.ex_nitems, pg2.ex_nitems, same);
	tap_ok(ex.ex_nitems > 0 && pg2.ex_nitems == ex.ex_nitems &&
	    same == ex.ex_nitems, what);
	extraction_free(&pg2);
	config_free(cf);
out:
	free(how);
	extraction_free(&ex);
	xmlFreeDoc(doc);
}

/* Titles in <h2> here and <h3> there, fields missing in some items. */
static void
test_rules_variants(void)
{
	struct buf	 b;
	int		 i;

	buf_init(&b, 1 << 20);
	buf_addstr(&b, "<html><body><nav><a href=/a>A</a><a href=/b>B</a>"
	    "</nav><main>");
	for (i = 0; i < 8; i++) {
		const char	*h = i % 3 ? "h2" : "h3";

		buf_printf(&b, "<div class=card><%s><a href='/p/%d'>Title "
		    "number %d here</a></%s><div class=meta>by x", h, i, i, h);
		if (i != 5)
			buf_printf(&b, " <span class=when>%02d.03.2021</span>",
			    i + 1);
		buf_addstr(&b, "</div>");
		if (i % 4)
			buf_printf(&b, "<p class=lead>A long enough summary of "
			    "the thing number %d, which goes on.</p>", i);
		buf_printf(&b, "<a href='/p/%d#c'>comments</a></div>", i);
	}
	buf_addstr(&b, "</main></body></html>");
	test_rules_body(b.b_data, b.b_len, "variants", "https://v.test/",
	    NULL, "markup");
	buf_free(&b);
}

static void
test_rules(void)
{
	size_t	 p;
	char	*rel;

	for (p = 0; p < NPAGES; p++) {
		xasprintf(&rel, "fixtures/detect/%s.html", pages[p].name);
		test_rules_page(rel, pages[p].name, pages[p].base,
		    pages[p].charset, pages[p].via);
		free(rel);
	}
	test_rules_page("fixtures/embassy/index.html", "embassy",
	    "https://www.rusemb.org.uk/", NULL, "markup");
	test_rules_page("fixtures/embassy/index-2.html", "embassy 2",
	    "https://www.rusemb.org.uk/", NULL, "markup");
	test_rules_variants();
}

/* Items need an element for item.* fields: no JSON-LD then; roots given. */
static void
test_roots_only(void)
{
	struct detect_opts	 o;
	struct extraction		 ex;
	htmlDocPtr		 doc;
	xmlNodePtr		*roots = NULL;
	char			*how = NULL;
	size_t			 n, i;

	memset(&o, 0, sizeof(o));
	o.dt_roots_only = 1;
	memset(&ex, 0, sizeof(ex));
	doc = load("fixtures/detect/jsonld.html", "https://recipes.example.com/"
	    "latest/", NULL);
	n = detect_items_opts(doc, "https://recipes.example.com/latest/", &o,
	    &ex, &how, &roots);
	tap_ok(how == NULL || strcmp(how, "json-ld") != 0,
	    "roots only: JSON-LD is not used");
	for (i = 0; i < n; i++)
		if (roots[i] == NULL || roots[i]->type != XML_ELEMENT_NODE)
			break;
	tap_ok(i == n, "roots only: every item has its element");
	free(roots);
	free(how);
	extraction_free(&ex);
	xmlFreeDoc(doc);
}

/* A date that parses but lies ahead is flagged, not counted as unparsed. */
static void
test_future(void)
{
	static const char	 body[] = "<html><body><ul>"
	    "<li><h3><a href=\"/a\">First story of the day</a></h3>"
	    "<time datetime=\"2099-05-01\">1 May 2099</time></li>"
	    "<li><h3><a href=\"/b\">Second story of the day</a></h3>"
	    "<time datetime=\"2099-05-02\">2 May 2099</time></li>"
	    "<li><h3><a href=\"/c\">Third story of the day</a></h3>"
	    "<time datetime=\"2019-05-03\">3 May 2019</time></li>"
	    "</ul></body></html>";
	struct extraction	 ex;
	htmlDocPtr	 doc;
	char		*how = NULL;
	size_t		 n;

	memset(&ex, 0, sizeof(ex));
	doc = parse(body, sizeof(body) - 1, "https://f.test/", NULL);
	n = detect_items(doc, "https://f.test/", NULL, &ex, &how);
	tap_ok(n == 3 && ex.ex_items[0].it_date_future &&
	    ex.ex_items[1].it_date_future && !ex.ex_items[2].it_date_future &&
	    ex.ex_items[0].it_date == 0 && ex.ex_items[2].it_date != 0,
	    "future dates flagged per item");
	tap_ok(ex.ex_ndates_unparsed == 0,
	    "future dates are not counted as not understood");
	free(how);
	extraction_free(&ex);
	xmlFreeDoc(doc);
}

/* Detection on BODY at https://k.test/; the items go into EX. */
static char	*body_how;	/* detect_body's last "how" */

static size_t
detect_body(const char *body, struct extraction *ex)
{
	htmlDocPtr	 doc;
	size_t		 n;

	memset(ex, 0, sizeof(*ex));
	free(body_how);
	body_how = NULL;
	doc = parse(body, strlen(body), "https://k.test/", NULL);
	n = detect_items(doc, "https://k.test/", NULL, ex, &body_how);
	xmlFreeDoc(doc);
	return (n);
}

/* Item I's title is WANT (and its link LINK, "-" for none). */
static int
item_is(const struct extraction *ex, size_t i, const char *want,
    const char *link)
{
	const struct item	*it;

	if (i >= ex->ex_nitems)
		return (0);
	it = &ex->ex_items[i];
	if (strcmp(it->it_title, want) != 0) {
		printf("#   title '%s', want '%s'\n", it->it_title, want);
		return (0);
	}
	if (strcmp(it->it_link ? it->it_link : "-", link) != 0) {
		printf("#   link '%s', want '%s'\n", it->it_link ?
		    it->it_link : "-", link);
		return (0);
	}
	return (1);
}

/* A lead story and teasers above a list of headlines, each in a
 * container of its own, belong to the list; the site's name above them,
 * linked to its home page, does not; nor does an ad beside the list's
 * entries. */
static void
test_featured_heads(void)
{
	struct extraction	 ex;
	char			 body[8192];
	size_t			 i, n;

	strlcpy_pf(body, "<div class=\"col\"><h1><a href=\"/\">The Daily "
	    "Newspaper of the Town</a></h1><section class=\"top\">"
	    "<article class=\"lead\"><a href=\"/lead\"><h1>The lead story "
	    "of the day, told at length</h1></a><p>What it is about.</p>"
	    "</article><div class=\"row\">", sizeof(body));
	for (i = 0; i < 2; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<article class=\"teaser t%zu\"><a href=\"/t%zu\"><h2>"
		    "Teaser story number %zu of the front</h2></a><p>Words."
		    "</p></article>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div></section><section class=\"more\"><div class=\"list\">"
	    "<a class=\"ad\" href=\"https://ads.test/click\"><h3>Buy the "
	    "best shoes of the season now</h3></a>");
	for (i = 0; i < 6; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<a class=\"story\" href=\"/s%zu\"><img src=\"/i%zu.jpg\"><h3>Listed "
		    "story number %zu of the front page</h3></a>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div></section></div>");
	n = detect_body(body, &ex);
	tap_ok(n == 9 && item_is(&ex, 0,
	    "The lead story of the day, told at length",
	    "https://k.test/lead") && item_is(&ex, 2,
	    "Teaser story number 1 of the front", "https://k.test/t1") &&
	    item_is(&ex, 3, "Listed story number 0 of the front page",
	    "https://k.test/s0"), "stories in containers of their own "
	    "above a list of headlines lead it");
	extraction_free(&ex);
	test_rules_body(body, strlen(body), "featured stories",
	    "https://k.test/", NULL, "markup");

	/* Two boxes joined, a third built alike out of their reach: the
	 * item XPath names the two (a union), not all three; the title
	 * rule names what is left of the link once its date is cut. */
	strlcpy_pf(body, "<div class=\"gray\"><div class=\"area\">",
	    sizeof(body));
	for (i = 0; i < 17; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "%s%s<li><a href=\"/%zu.html\"><span class=\"left\">"
		    "2018-03-1%zu<br><span class=\"status\">[new]</span>"
		    "</span><span class=\"right\">A notice about the product "
		    "number %zu</span></a></li>%s", i == 6 || i == 12 ?
		    "</ul></div></div>" : "", i == 0 ? "<div class=\"box_alerts "
		    "box\"><div class=\"c\"><h3>Alerts</h3><ul class=\"list\">" :
		    i == 6 ? "<div class=\"box_vulns box\"><div class=\"c\"><h3>"
		    "Vulnerabilities</h3><ul class=\"list\">" : i == 12 ?
		    "</div></div><div class=\"gray\"><div class=\"area\"><div "
		    "class=\"box_info box\"><div class=\"c\"><h3>Notices</h3>"
		    "<ul class=\"list\">" : "", i, i % 10, i, i == 16 ?
		    "</ul></div></div></div></div>" : "");
	n = detect_body(body, &ex);
	tap_ok(n == 12, "two boxes joined, a third out of reach");
	extraction_free(&ex);
	test_rules_body(body, strlen(body), "boxes joined", "https://k.test/",
	    NULL, "markup");

	/* A sticky post in a box of its own, the grid of posts deep in
	 * its own columns. */
	strlcpy_pf(body, "<div id=\"content\"><div class=\"sticky\"><div "
	    "class=\"container\"><div class=\"row\"><h2><a href=\"/sticky"
	    "\">The sticky post of the blog, on top</a></h2><p>Its words."
	    "</p></div></div></div><div class=\"container\"><div class=\""
	    "row\"><div class=\"main\"><div class=\"grid\">", sizeof(body));
	for (i = 0; i < 6; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"post\"><h2><a href=\"/p%zu\">The post "
		    "number %zu of the blog grid</a></h2><p>Words.</p></div>",
		    i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div></div></div></div></div>");
	n = detect_body(body, &ex);
	tap_ok(n == 7 && item_is(&ex, 0, "The sticky post of the blog, on top",
	    "https://k.test/sticky"), "a sticky post in a box of its own "
	    "further up leads the grid");
	extraction_free(&ex);
	/* Many such boxes above are a list of their own: none leads. */
	strlcpy_pf(body, "<div class=\"col\"><div class=\"one\">",
	    sizeof(body));
	for (i = 0; i < 8; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"text\"><h3><a href=\"/a%zu\">The timeline "
		    "story number %zu</a></h3></div>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div><div class=\"two\">");
	for (i = 0; i < 12; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"text short\"><span>09:%02zu</span><h3><a "
		    "href=\"/b%zu\">The shorter news number %zu of the "
		    "day</a></h3><p>A line.</p></div>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div></div>");
	n = detect_body(body, &ex);
	tap_ok((n == 12 && item_is(&ex, 0,
	    "The shorter news number 0 of the day", "https://k.test/b0")) ||
	    (n == 8 && item_is(&ex, 0, "The timeline story number 0",
	    "https://k.test/a0")), "a list above a list lends it no "
	    "featured stories");
	extraction_free(&ex);
}

/*
 * Stories in alternating classes whose parts (title, byline, body,
 * footer) each have a class of their own, a calendar of days beside
 * them, a pager after them; sections whose headings link to the
 * section's page over cards whose link text runs together show, date
 * and a title cut short (the link's title attribute has it whole).
 */
static void
test_cards_and_sections(void)
{
	struct extraction	 ex;
	char			 body[65536];
	size_t			 i, n;

	strlcpy_pf(body, "<span id=\"content\">", sizeof(body));
	for (i = 0; i < 6; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"%s\"><div class=\"newstitle\"><a href=\""
		    "/story/%zu\">The story number %zu of the site</a></div>"
		    "<div class=\"newsbyline\">By <a href=\"/editor/1\">The "
		    "Editor Himself</a> on Mar %zu, 2018</div><div class=\""
		    "newsbody\"><p>Words of the story and a <a href=\"https:"
		    "//x.test/%zu\">link to the source of it</a>, more words."
		    "</p></div><div class=\"newsfooter\"><a href=\"/c/%zu\">"
		    "6 Comment(s)</a></div></div>", i % 2 ? "item2" : "item",
		    i, i, 17 - i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "<div class=\"pager\"><a href=\"/older\">Older Stories &gt;"
	    "</a></div></span><ul class=\"cal\">");
	for (i = 1; i <= 20; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li class=\"day\"><a href=\"/d/%zu\">%zu</a><div "
		    "class=\"stats\">Mar %zuth 2018, some files</div></li>", i,
		    i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 6 && item_is(&ex, 0, "The story number 0 of the site",
	    "https://k.test/story/0") && item_is(&ex, 5,
	    "The story number 5 of the site", "https://k.test/story/5"),
	    "a record's parts with classes of their own are no list; days "
	    "of a calendar are none; \"Older Stories\" is a pager");
	extraction_free(&ex);

	/* A kicker above the title, in a small heading with a link of its
	 * own ("<h6><a>Burma</a></h6><h3><a>The story</a></h3>"). */
	strlcpy_pf(body, "<ul class=\"stories\">", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li class=\"normal\"><div class=\"text\"><h6><a href=\""
		    "/r/%zu\">Topic %zu</a></h6><h3><a href=\"/s/%zu\">The "
		    "story number %zu under its topic</a></h3><p>Words.</p>"
		    "</div></li>", i, i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 0, "The story number 0 under its topic",
	    "https://k.test/s/0"), "a kicker's heading above the title's "
	    "does not name the item");
	extraction_free(&ex);

	/* Days heading the posts below them, among their siblings. */
	strlcpy_pf(body, "<div id=\"posts\">", sizeof(body));
	for (i = 0; i < 6; i++) {
		if (i % 3 == 0)
			snprintf(body + strlen(body), sizeof(body) -
			    strlen(body), "<h2>March %zu, 2018</h2>", 19 - i);
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<h2 class=\"posttitle\"><a href=\"/p/%zu\">The post "
		    "number %zu of the day</a></h2><div class=\"copy\">Words"
		    " of the post, <a href=\"https://x.test/\">a link</a>, "
		    "posted by <a href=\"/u/1\">someone</a></div><br>", i, i);
	}
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 6 && item_is(&ex, 2, "The post number 2 of the day",
	    "https://k.test/p/2") && ex.ex_items[0].it_date == 1521417600 &&
	    ex.ex_items[2].it_date == 1521417600 &&
	    ex.ex_items[3].it_date == 1521158400 &&
	    ex.ex_items[5].it_date == 1521158400, "days heading the posts "
	    "below them, as siblings, date them");
	extraction_free(&ex);

	/* The same in a plain <div> with a class that names no date; a
	 * relative date ending a record there dates no one. */
	strlcpy_pf(body, "<div id=\"list\">", sizeof(body));
	for (i = 0; i < 6; i++) {
		if (i % 3 == 0)
			snprintf(body + strlen(body), sizeof(body) -
			    strlen(body), "<div class=\"list_heading\">"
			    "maandag %zu maart 2018</div>", 19 - i);
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"list_item\"><div class=\"stamp\">10:%02zu"
		    "</div><div class=\"title\"><a href=\"/p/%zu\">The "
		    "story number %zu of the day</a></div></div>%s", i, i, i,
		    i == 3 ? "<div class=\"ago\">2 uur geleden</div>" : "");
	}
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 6 && item_is(&ex, 2, "The story number 2 of the day",
	    "https://k.test/p/2") && ex.ex_items[0].it_date == 1521417600 &&
	    ex.ex_items[2].it_date == 1521417600 &&
	    ex.ex_items[3].it_date == 1521158400 &&
	    ex.ex_items[4].it_date == 1521158400, "days in plain classed "
	    "siblings, with their year, date the stories below them");
	extraction_free(&ex);

	/* Records each with a table of fields (no title per row) and the
	 * comments under each: the records are the list, dated by their
	 * own line, not by a reader's comment. */
	strlcpy_pf(body, "<div class=\"main\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"entry\"><h2><a href=\"/app/%zu\">App%zu</a>"
		    "</h2><div class=\"by\">editor on %zu Mar 2018</div><p>"
		    "What the program number %zu does, told at some length for "
		    "the reader.</p><table class=\"props\"><tr><td>Category:</td>"
		    "<td><a href=\"/c/%zu\">Productivity - Outline Editors</a>"
		    "</td></tr><tr><td>Requirements:</td><td>Windows 7 or "
		    "later</td></tr><tr><td>License:</td><td><a href=\"/l/%zu"
		    "\">Licensed under the MIT license</a></td></tr><tr><td>"
		    "Portable:</td><td>Yes, settings in its folder</td></tr>"
		    "<tr class=\"comments\"><td>Latest comments</td><td><span "
		    "class=\"date\">on 2016-03-2%zu 17:42</span> a reader said "
		    "so</td></tr></table></div>", i, i, 17 - i, i, i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && item_is(&ex, 1, "App1", "https://k.test/app/1") &&
	    ex.ex_items[1].it_date == 1521158400, "records over the tables "
	    "of fields they hold, dated by their line, not a comment");
	extraction_free(&ex);

	/* A long tag's link before the headline in the heading: the
	 * headline, the permalink, names the item. */
	strlcpy_pf(body, "<div id=\"latest\">", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"tile\"><a href=\"/2018/03/p%zu.html\"><img "
		    "src=\"/i/%zu.jpg\"></a><h2><a class=\"tag\" href=\"/tag/"
		    "t%zu\">%s</a> <a class=\"headline\" href=\"/2018/03/"
		    "p%zu.html\">The headline of the story number %zu</a> "
		    "<a class=\"byline\" href=\"/author/x\">Some Writer</a>"
		    "</h2></div>", i, i, i, i == 2 ? "because that is where "
		    "the money is" : "short", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 2, "The headline of the story number 2",
	    "https://k.test/2018/03/p2.html"), "a long tag's link before the "
	    "headline does not name the item");
	extraction_free(&ex);

	/* The list's feed link in a box among its rows is no item. */
	strlcpy_pf(body, "<div class=\"list\"><div class=\"rss\"><a href="
	    "\"/?rss=true\">RSS</a></div>", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div><h5><a href=\"/ad/%zu\">A classified "
		    "advertisement number %zu</a></h5><p>Price on request, "
		    "collection only</p></div>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 0, "A classified advertisement number 0",
	    "https://k.test/ad/0"), "the list's RSS link is no item");
	extraction_free(&ex);

	/* A sidebar box above the list, built like it (same class on its
	 * rows), gives no featured item. */
	strlcpy_pf(body, "<div class=\"left\"><div class=\"box\"><div "
	    "class=\"posting_list\">", sizeof(body));
	for (i = 0; i < 3; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"posting_list_item%s\"><a href=\"/forum/%zu\">"
		    "Forum thread %zu</a></div>", i == 0 ? " first" : "", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div></div><div class=\"heading\">Today</div>");
	for (i = 0; i < 12; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"posting_list_item%s\"><span>10:%02zu</span>"
		    "<div class=\"title\"><a href=\"/news/%zu\">The news "
		    "story number %zu of today</a></div></div>",
		    i == 0 ? " first" : "", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 12 && item_is(&ex, 0, "The news story number 0 of today",
	    "https://k.test/news/0"), "a sidebar box built like the list "
	    "gives no featured item");
	tap_ok(n == 12 && ex.ex_items[0].it_date == 0, "'today' in a title "
	    "dates no item");
	extraction_free(&ex);

	/* Sections of <article> stories above the latest news, each built
	 * its own way, are the list too, in page order; a strip of
	 * stories below it is not. */
	strlcpy_pf(body, "<div id=\"main\"><section class=\"carousel\"><div "
	    "class=\"slider\">", sizeof(body));
	for (i = 0; i < 3; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<article><h2><a href=\"/a/lead%zu\">The lead story number "
		    "%zu of the front page</a></h2><p>Its teaser, a sentence or "
		    "two long.</p></article>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div></section><section class=\"featured\"><div class=\"row\">");
	for (i = 0; i < 3; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<article class=\"col\"><p><a href=\"/a/top%zu\">A top "
		    "story number %zu on the front page</a></p></article>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div></section><div class=\"stack\"><section id=\"river\"><div "
	    "class=\"tab\"><div class=\"river\">");
	for (i = 0; i < 8; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<article class=\"item\"><h3><a href=\"/a/news%zu\">The "
		    "latest news story number %zu</a></h3><p class=\"meta\">"
		    "16 March 2018</p><p>What happened, told briefly for the "
		    "reader of the front page.</p></article>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div></div></section></div><section class=\"strip\">");
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<article><h4><a href=\"/r/%zu\">A recipe of the season "
		    "number %zu</a></h4></article>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</section></div>");
	n = detect_body(body, &ex);
	tap_ok(n == 14 && item_is(&ex, 0, "The lead story number 0 of the "
	    "front page", "https://k.test/a/lead0") && item_is(&ex, 3, "A top "
	    "story number 0 on the front page", "https://k.test/a/top0") &&
	    item_is(&ex, 13, "The latest news story number 7",
	    "https://k.test/a/news7"), "sections of stories above the latest "
	    "news join it, a strip below does not");
	tap_ok(body_how != NULL && strstr(body_how, "/article | //") != NULL &&
	    strstr(body_how, "strip") == NULL, "their item XPath is the union "
	    "of each section's");
	extraction_free(&ex);

	/* A day without a year in a title dates no item ("gen" is January
	 * in Italian). */
	strlcpy_pf(body, "<ul class=\"ads\">", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/ad/%zu\">iPad (5th gen) 32GB, offer number "
		    "%zu, sealed</a> <span>Budapest</span></li>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && ex.ex_items[0].it_date == 0 &&
	    ex.ex_items[4].it_date == 0, "a day without a year in a title "
	    "dates no item");
	extraction_free(&ex);

	/* A stream of stories of several classes whose titles are marked
	 * up alike is one list; a promo box among them is not in it. */
	strlcpy_pf(body, "<div class=\"blog\">", sizeof(body));
	for (i = 0; i < 7; i++) {
		const char *cls = i == 1 ? "feature" : i == 4 ? "brief" :
		    "entry";

		if (i == 3)
			snprintf(body + strlen(body), sizeof(body) -
			    strlen(body), "<div class=\"promo\"><h2>Get our "
			    "newsletter</h2><a href=\"/newsletter\">Sign up for "
			    "the daily newsletter now</a></div>");
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"%s\"><div class=\"details\"><h2 class=\""
		    "title\"><a href=\"/articles/s%zu\">The story of the "
		    "stream number %zu</a></h2><p>Its standfirst, a line.</p>"
		    "</div></div>", cls, i, i);
	}
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 7 && item_is(&ex, 1, "The story of the stream number 1",
	    "https://k.test/articles/s1") && item_is(&ex, 4, "The story of "
	    "the stream number 4", "https://k.test/articles/s4"), "stories of "
	    "other classes with titles marked up alike join the stream");
	extraction_free(&ex);

	/* News as dated headings over paragraphs, the headings without
	 * links: the headings are the posts (no sections), dated by the
	 * date leading them, which leaves the title. */
	strlcpy_pf(body, "<div id=\"index\"><h1>News</h1>", sizeof(body));
	for (i = 0; i < 6; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<h3 id=\"pr%zu\">October %zuth, 2017, Tool %zu.0 \"Name\" "
		    "released</h3><p><a href=\"download.html#r%zu\">Tool %zu.0"
		    "</a>, a new major release, is now available with many "
		    "changes.</p><ul><li>a filter</li><li>another filter</li>"
		    "</ul><p>We recommend users to upgrade.</p>", i, 10 + i, i,
		    i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 6 && item_is(&ex, 2, "Tool 2.0 \"Name\" released",
	    "https://k.test/download.html#r2") &&
	    ex.ex_items[2].it_date == 1507766400, "dated headings without "
	    "links over paragraphs are the posts, the date cut from the "
	    "title");
	extraction_free(&ex);

	/* A long list of companies with their job counts is a directory;
	 * the jobs are the list. */
	strlcpy_pf(body, "<div class=\"jobs\">", sizeof(body));
	for (i = 0; i < 8; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<a class=\"job\" href=\"/engineering/job-%zu/\"><h4>Senior "
		    "Engineer number %zu (m/f) // Company %zu</h4><p>Berlin, full "
		    "time</p></a>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div><div class=\"companies\">");
	for (i = 0; i < 400; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<a class=\"tag-link\" href=\"/companies/c%zu/\">Company "
		    "%zu (%zu)</a> ", i, i, 400 - i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 8 && item_is(&ex, 0, "Senior Engineer number 0 (m/f) // "
	    "Company 0", "https://k.test/engineering/job-0/"), "companies with "
	    "their counts are a directory, not the list");
	extraction_free(&ex);

	/* The same list markup in a wide grid column and a narrow one: the
	 * main column and a side one, no sisters. */
	strlcpy_pf(body, "<div class=\"row\"><div class=\"span8 news\">"
	    "<section class=\"mini-list\">", sizeof(body));
	for (i = 0; i < 8; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<article><a href=\"/news/%zu/\">A news story of the day, "
		    "number %zu</a></article>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</section></div><div class=\"span4 side\"><section class=\""
	    "mini-list\">");
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<article><a href=\"/info/%zu/\">An event in the city, "
		    "number %zu</a></article>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</section></div></div>");
	n = detect_body(body, &ex);
	tap_ok(n == 8 && item_is(&ex, 7, "A news story of the day, number 7",
	    "https://k.test/news/7/"), "a list in a narrower grid column is "
	    "no sister of the main one");
	extraction_free(&ex);

	/* A body hidden until its scripts run is shown to every reader. */
	strlcpy_pf(body, "<body style=\"display:none\"><ul class=\"posts\">",
	    sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/p/%zu\">The post of the blog number %zu</a>"
		    "</li>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul><div style=\"display:none\"><ul><li><a href=\"/h/1\">A "
	    "hidden one</a></li></ul></div></body>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 4, "The post of the blog number 4",
	    "https://k.test/p/4"), "a body hidden until scripts run is read");
	extraction_free(&ex);

	/* A date in an element closing the title dates the item and leaves
	 * the title; "Today ..." in the summary's sentence dates nothing. */
	strlcpy_pf(body, "<section id=\"feed\"><ul>", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><h1>KDE Ships Applications 17.12.%zu <i>March %zu, "
		    "2018</i></h1><q>Today KDE released the new versions of its "
		    "applications, number %zu.</q><a href=\"a/%zu.php\" "
		    "class=\"learn-more\">Read full announcement</a></li>",
		    i, 10 - i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul></section>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && item_is(&ex, 1, "KDE Ships Applications 17.12.1",
	    "https://k.test/a/1.php") && ex.ex_items[1].it_date == 1520553600,
	    "a date closing the title in an element of its own dates the "
	    "item and leaves the title");
	extraction_free(&ex);

	/* A link holding a date (and a label) then the title in elements
	 * of their own: the date dates the item, the title is the rest. */
	strlcpy_pf(body, "<ul class=\"list\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/at/%zu.html\"><span class=\"left\">"
		    "2018-03-1%zu<br><span class=\"status\">[new]</span>"
		    "</span><span class=\"right\">A security alert about "
		    "the product number %zu</span></a></li>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && item_is(&ex, 1, "A security alert about the "
	    "product number 1", "https://k.test/at/1.html") &&
	    ex.ex_items[1].it_date == 1520726400, "a date opening the title "
	    "link in an element of its own dates the item and leaves the "
	    "title");
	extraction_free(&ex);

	/* Vote marks ("+", "[:||||:]") name nothing: the quote's number
	 * links it. */
	strlcpy_pf(body, "<div id=\"body\">", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"quote\"><div class=\"actions\"><a href=\""
		    "/quote/%zu/rulez\" rel=\"nofollow\">+</a> <a href=\""
		    "/quote/%zu/bayan\" rel=\"nofollow\">[:||||:]</a> "
		    "<span class=\"date\">2018-03-21 09:1%zu</span> <a href="
		    "\"/quote/%zu\" class=\"id\">#4495%zu</a></div><div "
		    "class=\"text\">Somebody said something funny, number %zu, "
		    "and the other one answered.</div></div>",
		    i, i, i, i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 2, "#44952", "https://k.test/quote/2"),
	    "marks without a letter or digit are no title links");
	extraction_free(&ex);

	/* An entry written as a sentence around its link is named by the
	 * sentence, its date opening it cut; a link followed by "by" and
	 * its author is named by the link. */
	strlcpy_pf(body, "<ul class=\"news\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li>2016110%zu: uploaded <a href=\"/p%zu/\">gatling "
		    "0.1%zu</a> (an important update: the one before leaked "
		    "descriptors when clients went away too early, so do "
		    "update your servers soon, number %zu)</li>", i + 1, i, i,
		    i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul><div id=\"side\"><ul>");
	for (i = 0; i < 3; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/s/%zu\">A side story</a> by Jane</li>", i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul></div>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && item_is(&ex, 1, "uploaded gatling 0.11 (an important "
	    "update: the one before leaked descriptors when clients went away "
	    "too early, so do update your servers soon, number 1)",
	    "https://k.test/p1/") && ex.ex_items[1].it_date == 1478044800,
	    "an entry written as a sentence around its link is named by the "
	    "sentence");
	extraction_free(&ex);
	strlcpy_pf(body, "<table class=\"news\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<tr><td class=\"date\">2018-02-2%zu</td><td><p><a href="
		    "\"/r/%zu\">server-1.13.%zu</a> mainline version has been "
		    "released.</p></td></tr><tr><td class=\"date\">2018-01-2%zu"
		    "</td><td><p><a href=\"/s/%zu\">A story told at length</a> "
		    "by Jane Doe</p></td></tr>", i, i, i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</table>");
	n = detect_body(body, &ex);
	tap_ok(n == 8 && item_is(&ex, 2, "server-1.13.1 mainline version has "
	    "been released.", "https://k.test/r/1") && item_is(&ex, 3,
	    "A story told at length", "https://k.test/s/1"),
	    "a link going on in a lower-case sentence is named by it, one "
	    "followed by its author by itself");
	extraction_free(&ex);

	/* Slides classed "banner", each a story under a headline of its
	 * own, are content; a banner without one stays furniture. */
	strlcpy_pf(body, "<div class=\"banner\"><ul>", sizeof(body));
	for (i = 0; i < 6; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/ad/%zu\">Buy our mugs %zu</a> and more "
		    "</li>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul></div><div class=\"carousel\"><ul>");
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li class=\"hero banner\"><div class=\"caption\"><h2><a "
		    "href=\"/show/%zu/\">The episode of the show, number %zu"
		    "</a></h2><div class=\"sub\"><p>Host and guests talk "
		    "about the stars and the planets, part %zu.</p></div></div>"
		    "</li>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul></div>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 4, "The episode of the show, number 4",
	    "https://k.test/show/4/"), "slides classed banner, each under a "
	    "headline of its own, are content");
	extraction_free(&ex);

	/* One long name in a grid of short ones above the list is one of
	 * the grid, no featured story of the list. */
	strlcpy_pf(body, "<div class=\"row\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"col-md-3\"><div class=\"top-item\"><span>%zu"
		    "</span><a href=\"/top/%zu.html\"><div class=\"info\"><h3>"
		    "%s</h3></div></a><div>5,726,63%zu downloads</div></div>"
		    "</div>", i, i,
		    i == 2 ? "Spybot Search and Destroy" : "WinDirStat", i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div><div class=\"updates\">");
	for (i = 0; i < 8; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"update\"><h4><a href=\"/p/%zu.html\">Program "
		    "%zu</a></h4><span>Version 9.%zu</span><p>What changed in "
		    "this release of the program, told at some length.</p>"
		    "</div>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 8 && item_is(&ex, 0, "Program 0", "https://k.test/p/0.html"),
	    "one long name in a grid of short ones is no featured story");
	extraction_free(&ex);

	/* A theme making every block an <aside>: when nothing else is
	 * found, the block whose entries have headings is the list. */
	strlcpy_pf(body, "<div class=\"content-wrap\"><aside class=\"block"
	    "\"><h2>Ads</h2><a href=\"/ad\">Buy</a></aside><aside class=\""
	    "block module-blog\"><h2><span>Local News</span></h2><ul>",
	    sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><div class=\"meta\"><a href=\"/cat/%zu\">Crime</a> "
		    "Mar 1%zu 2018</div><h4><a href=\"/news/%zu\">The local "
		    "story of the day, number %zu</a></h4></li>", i, i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul></aside></div><div class=\"about\"><p>");
	for (i = 0; i < 8; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "The community site of the town, written by its readers "
		    "since long ago, with news and events. ");
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</p></div>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 3, "The local story of the day, number 3",
	    "https://k.test/news/3") && ex.ex_items[3].it_date == 1520899200,
	    "a list in an <aside> is found when nothing else is");
	extraction_free(&ex);

	/* A list outside the <main> its author marked counts for less: a
	 * footer's longer list of links loses to the main one. */
	strlcpy_pf(body, "<main><ul class=\"posts\">", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/p/%zu\">The post of the blog, number %zu"
		    "</a></li>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul></main><div class=\"bottom\"><ul class=\"sites\">");
	for (i = 0; i < 8; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/s/%zu\">A friend's site worth a visit, "
		    "number %zu</a></li>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul></div>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 4, "The post of the blog, number 4",
	    "https://k.test/p/4"), "a list outside <main> counts for less");
	extraction_free(&ex);

	/* Panels without headings, each a name then a list of its own: the
	 * panels are sections, the first one's list leads. */
	strlcpy_pf(body, "<div class=\"row\">", sizeof(body));
	for (i = 0; i < 6; i++) {
		size_t	 k;

		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"col-sm-6\"><div class=\"panel\"><div class="
		    "\"panel-heading\"><a href=\"/b%zu\">Board %zu</a> <a "
		    "href=\"/b%zu\">more</a></div><div class=\"panel-body\">"
		    "<ul class=\"list-unstyled\">", i, i, i);
		for (k = 0; k < (i == 0 ? 5 : 6); k++)
			snprintf(body + strlen(body), sizeof(body) -
			    strlen(body), "<li><a href=\"/t/%zu%zu\">A thread "
			    "on board %zu, number %zu of it</a></li>", i, k,
			    i, k);
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "</ul></div></div></div>");
	}
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 4, "A thread on board 0, number 4 of it",
	    "https://k.test/t/04"), "panels of lists without headings are "
	    "sections; the first one's list leads");
	extraction_free(&ex);

	/* A title cut short whose whole text is the title attribute of the
	 * item's other link to the same page (a hidden image's). */
	strlcpy_pf(body, "<ul id=\"latest\">", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/n/%zu\">The story of the town number %zu "
		    "and &nbsp;...</a><ul style=\"display:none\"><li><a title="
		    "'The story of the town number %zu and its harbour' href="
		    "\"/n/%zu\"><img src=\"/i/%zu.jpg\" alt=\"\"></a></li></ul>"
		    "</li>", i, i, i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 2, "The story of the town number 2 and "
	    "its harbour", "https://k.test/n/2"), "a title cut short is "
	    "whole in the title of its image's link");
	extraction_free(&ex);

	/* A pager's <nav> closing the posts in a box built like theirs is
	 * no post. */
	strlcpy_pf(body, "<div class=\"content\">", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"mt--60 post\"><h2><a href=\"/2018/03/1%zu/p"
		    "\">The post of the day number %zu</a></h2><p>What it says, "
		    "at some length, in a few words.</p></div>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "<div class=\"mt--60\"><nav class=\"pagination\"><a href=\""
	    "/page/2/\">2</a> <a href=\"/page/1043/\">1,043</a> <a href="
	    "\"/page/2/\">Next Page</a></nav></div></div>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 4, "The post of the day number 4",
	    "https://k.test/2018/03/14/p"), "a pager's <nav> in a box like "
	    "the posts' is no post");
	extraction_free(&ex);

	/* No date shown: the day the link's path names; a heading of links
	 * to days ("Today · Yesterday") dates nothing. */
	strlcpy_pf(body, "<div id=\"content\"><h3 class=\"title\"><a href="
	    "\"/2018/03/18\">Today</a> · <a href=\"/2018/03/17\">Yesterday"
	    "</a></h3>", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"post\"><h2><a href=\"/2018/03/1%zu/p%zu.html"
		    "\">The post of the site number %zu</a></h2><p>What it says, "
		    "at some length, in a few words.</p></div>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && ex.ex_items[3].it_date == 1520899200 &&
	    ex.ex_items[3].it_date_only, "an item without a date shown takes "
	    "the day its link names; a heading of links to days dates none");
	extraction_free(&ex);

	/* Microdata posts without a url: the link around the headline, not
	 * the share buttons before it. */
	strlcpy_pf(body, "<div id=\"posts\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<article itemscope itemtype=\"http://schema.org/BlogPosting"
		    "\"><aside><a href=\"http://twitter.com/home?status=Post+%zu"
		    "\"><i class=\"tw\"></i></a></aside><header><a href=\"/2018/"
		    "03/p%zu/\" class=\"post-title-link\"><h3 itemprop="
		    "\"headline\">The post number %zu of the blog</h3></a>"
		    "</header></article>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && item_is(&ex, 2, "The post number 2 of the blog",
	    "https://k.test/2018/03/p2/"), "microdata posts without a url: "
	    "the link around the headline");
	extraction_free(&ex);

	/* A count of replies ("reply_count_area") is no box of comments:
	 * the date inside it dates the topic. */
	strlcpy_pf(body, "<ul class=\"topic-list\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li class=\"item\"><a class=\"reply_count_area\" href="
		    "\"/t/%zu\"><span>8%zu</span> <abbr title=\"2018-03-1%zu "
		    "15:45:52\" class=\"timeago\">%zu hours ago</abbr></a><div "
		    "class=\"infos\"><h4><a href=\"/t/%zu\" title=\"A topic of "
		    "the forum, number %zu\">A topic of the forum, number %zu"
		    "</a></h4></div></li>", i, i, i, i, i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && item_is(&ex, 2, "A topic of the forum, number 2",
	    "https://k.test/t/2") && ex.ex_items[2].it_date == 1520869552,
	    "a count of replies is no box of comments");
	extraction_free(&ex);

	/* A copy shown to phones only (Bootstrap's d-md-none, visible-xs)
	 * is hidden from a desktop's reader: its longer list does not win. */
	strlcpy_pf(body, "<div class=\"d-md-none\"><ul class=\"m\">",
	    sizeof(body));
	for (i = 0; i < 8; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/m/%zu\">A story for the phones, number %zu"
		    "</a></li>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul></div><ul class=\"posts\">");
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/p/%zu\">A story of the desktop, number %zu"
		    "</a></li>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 4, "A story of the desktop, number 4",
	    "https://k.test/p/4"), "a copy shown to phones only is hidden");
	extraction_free(&ex);

	/* Microdata posts in sections: the section holding most of them and
	 * those above it (featured posts), not "Popular articles" below. */
	strlcpy_pf(body, "<main>", sizeof(body));
	for (i = 0; i < 9; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "%s<article itemscope itemtype=\"https://schema.org/"
		    "BlogPosting\"><h3 itemprop=\"headline\"><a href=\"/p/%zu"
		    "\" itemprop=\"url\">The post of the blog number %zu</a>"
		    "</h3></article>", i == 0 ? "<h2>Featured</h2>" : i == 2 ?
		    "<h2>Latest posts</h2>" : i == 6 ? "<h2>Popular articles"
		    "</h2>" : "", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</main>");
	n = detect_body(body, &ex);
	tap_ok(n == 6 && item_is(&ex, 5, "The post of the blog number 5",
	    "https://k.test/p/5"), "microdata posts: the largest section "
	    "and the featured ones above it, not the popular ones below");
	extraction_free(&ex);

	/* "Today ..." opening a sentence is prose, no date of the item. */
	strlcpy_pf(body, "<ul class=\"news\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><h2><a href=\"/n/%zu\">Release number %zu of the "
		    "desktop</a></h2><p>Today we released version 2.%zu, "
		    "with fixes.</p></li>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && ex.ex_items[0].it_date == 0 &&
	    ex.ex_items[3].it_date == 0, "'Today' opening a sentence of "
	    "the summary dates no item");
	extraction_free(&ex);

	/* Full entries then short ones in one list, their title links
	 * classed alike (a.node_title), are one list. */
	strlcpy_pf(body, "<ul id=\"news\">", sizeof(body));
	for (i = 0; i < 8; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    i < 3 ? "<li class=\"complete-item\"><h3><a href=\"/n/%zu\" "
		    "class=\"node_title\">The news number %zu of the group</a>"
		    "</h3><p class=\"date\">14/03/18</p><div class=\"teaser\">"
		    "<p>What the group said about it, at some length.</p></div>"
		    "</li>" : "<li class=\"simple-item\"><a href=\"/n/%zu\" "
		    "class=\"node_title\">The news number %zu of the group</a> "
		    "<span class=\"date\">01/03/18</span></li>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 8 && item_is(&ex, 0, "The news number 0 of the group",
	    "https://k.test/n/0") && item_is(&ex, 7, "The news number 7 of "
	    "the group", "https://k.test/n/7"), "full and short entries "
	    "whose title links are classed alike are one list");
	extraction_free(&ex);

	/* A directory of versions: its checksum files are no items. */
	strlcpy_pf(body, "<pre id=\"contents\">", sizeof(body));
	for (i = 0; i < 6; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<a href=\"%zu.0/\">%zu.0/</a>  2018-03-%02zu 10:00  -\n",
		    i, i, 10 + i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "<a href=\"meta.xml.md5\">meta.xml.md5</a>  2018-03-20 10:00  "
	    "32\n<a href=\"meta.xml.sha1\">meta.xml.sha1</a>  2018-03-20 "
	    "10:00  40\n</pre>");
	n = detect_body(body, &ex);
	tap_ok(n == 6, "checksum files in a directory of versions are no "
	    "items");
	extraction_free(&ex);

	/* A date closing the title, in brackets, where the date was read,
	 * is no part of the name; an event's date in a title of an item
	 * dated elsewhere is. */
	strlcpy_pf(body, "<div id=\"content\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<h3>Tool 2.%zu released (2018-02-%02zu)</h3><p>The "
		    "release brings fixes. <a href=\"/ann/%zu.html\">"
		    "{more}</a></p>", i, 20 - i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && strcmp(ex.ex_items[0].it_title, "Tool 2.0 released") ==
	    0 && ex.ex_items[0].it_date == 1519084800, "a date closing the "
	    "title where it was read is cut from it");
	extraction_free(&ex);
	strlcpy_pf(body, "<ul class=\"news\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/n/%zu\">Open day of the school number %zu "
		    "(25.04.2019)</a> <span class=\"date\">1%zu.03.2019</span>"
		    "</li>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && strcmp(ex.ex_items[0].it_title,
	    "Open day of the school number 0 (25.04.2019)") == 0,
	    "an event's date in the title of an item dated elsewhere stays");
	extraction_free(&ex);

	/* Related links inside each story: the stories are the items,
	 * named by their own links, not by a longer related one. */
	strlcpy_pf(body, "<div class=\"top\"><ul>", sizeof(body));
	for (i = 0; i < 6; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/a?no=%zu\">Story number %zu cut short…</a>"
		    "%s%s</li>", i, i, i % 3 == 0 ? "" : "<span><a href=\"/a?"
		    "no=9\">A related story with a much longer title than "
		    "the story's own</a></span>", i % 3 == 2 ? "<span><a href="
		    "\"/a?no=8\">Another related story, longer than the "
		    "first too</a></span>" : "");
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul></div>");
	n = detect_body(body, &ex);
	tap_ok(n == 6 && item_is(&ex, 1, "Story number 1 cut short…",
	    "https://k.test/a?no=1") && item_is(&ex, 2,
	    "Story number 2 cut short…", "https://k.test/a?no=2"),
	    "related links inside each story: the stories, named by their "
	    "own links");
	extraction_free(&ex);

	/* A sidebar's boxes beside the stories, each column a container
	 * named by its id: not sister lists. */
	strlcpy_pf(body, "<div class=\"page\"><div id=\"right\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"box\"><h3>Box %zu</h3><p><a href=\"/b/%zu\">"
		    "A link of the sidebar box number %zu</a></p></div>", i, i,
		    i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div><div id=\"center\">");
	for (i = 0; i < 6; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"story\"><h2><a href=\"/s/%zu\">The story "
		    "number %zu of the site</a></h2><p>Words of the story, "
		    "and more words.</p></div>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div></div>");
	n = detect_body(body, &ex);
	tap_ok(n == 6 && item_is(&ex, 0, "The story number 0 of the site",
	    "https://k.test/s/0"), "a sidebar's boxes in a column of their "
	    "own id do not join the stories");
	extraction_free(&ex);

	/* Microdata without datePublished: the card's <time> dates it. */
	strlcpy_pf(body, "<main>", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<article itemscope itemtype=\"https://schema.org/BlogPosting"
		    "\"><h2 itemprop=\"headline\"><a href=\"/2018/03/1%zu/p\">"
		    "The post number %zu</a></h2><span class=\"posted-on\"><time"
		    " datetime=\"2018-03-1%zuT11:41:55+00:00\">March 1%zu, 2018"
		    "</time></span><div itemprop=\"articleBody\">Words.</div>"
		    "</article>", i, i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</main>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && ex.ex_items[2].it_date == 1520854915,
	    "microdata without a date takes the date its markup shows");
	extraction_free(&ex);

	/* A title class in another language ("nadpis", Czech) names the
	 * item before a longer author link. */
	strlcpy_pf(body, "<div id=\"clanky\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"clanek\"><div class=\"nadpis_clanku\"><a "
		    "href=\"/c/%zu\">Smart drugs %zu</a></div><div>Autor: "
		    "<a href=\"/autor/%zu\">Denis Havlena the Writer</a> "
		    "12.03.2018</div></div>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && item_is(&ex, 1, "Smart drugs 1", "https://k.test/c/1"),
	    "a title class in another language names the item");
	extraction_free(&ex);

	/* A Blog's posts (itemprop=blogPost) are its list, not the
	 * Articles of a sidebar's modules. */
	strlcpy_pf(body, "<div class=\"side\">", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div itemscope itemtype=\"http://schema.org/Article\"><a "
		    "itemprop=\"url\" href=\"/top/%zu\"><span itemprop=\"name"
		    "\">Top news number %zu of the week</span></a></div>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div><div class=\"blog\" itemscope itemtype=\"http://schema.org/"
	    "Blog\">");
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<article itemprop=\"blogPost\" itemscope itemtype=\"http:"
		    "//schema.org/BlogPosting\"><h2 itemprop=\"name\"><a href="
		    "\"/post/%zu\">The featured post number %zu</a></h2><p>"
		    "Words.</p></article>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && item_is(&ex, 0, "The featured post number 0",
	    "https://k.test/post/0"), "a Blog's posts are the list, not a "
	    "sidebar's Articles");
	extraction_free(&ex);

	/* A day in a title dates the item, unless it is an event's
	 * ("for May 12"). */
	strlcpy_pf(body, "<ul class=\"news\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/m/%zu\">%s</a></li>", i, i % 2 ?
		    "Board Meeting Minutes - Nov. 27, 2018" :
		    "Ali vs. Smith Finalized For May 12, Turning Stone");
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && ex.ex_items[0].it_date == 0 &&
	    ex.ex_items[1].it_date == 1543276800, "a day in a title dates "
	    "the item, an event's day does not");
	extraction_free(&ex);

	/* A byline or a tags line is no summary. */
	strlcpy_pf(body, "<ol class=\"stories\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"https://x.test/%zu\">A linked story number "
		    "%zu</a><div class=\"byline\">via someone with a long name "
		    "%zu hours ago | 5 comments on it</div></li>", i, i, i + 1);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ol>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && ex.ex_items[1].it_summary == NULL, "a byline is "
	    "no summary");
	extraction_free(&ex);

	/* A pager's two words, whatever its list: "Earlier Entries". */
	strlcpy_pf(body, "<ul class=\"posts\">", sizeof(body));
	for (i = 0; i < 6; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li class=\"post\"><a href=\"/p/%zu\">The post number "
		    "%zu of the blog</a> <span>Mar %zu, 2018</span></li>", i, i,
		    10 + i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "<li class=\"post\"><a href=\"/page/2\">Earlier Entries</a>"
	    "</li></ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 6, "\"Earlier Entries\" is a pager, no item");
	extraction_free(&ex);

	strlcpy_pf(body, "<div class=\"sections\">", sizeof(body));
	for (i = 0; i < 3; i++) {
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"item\"><h2><a href=\"/section/%zu\">Sect "
		    "%zu</a></h2><div class=\"list episodes\">", i, i);
		for (size_t j = 0; j < 3; j++) {
			char	 whole[64];

			snprintf(whole, sizeof(whole), "The whole title of "
			    "episode %zu%zu, with more words", i, j);
			snprintf(body + strlen(body), sizeof(body) -
			    strlen(body), "<div class=\"episode\"><a href=\""
			    "/show/ep%zu%zu\" title=\"%s\"><img src=\"/i.jpg"
			    "\"><span>The Show Name<br>Episode %zu%zu - <span "
			    "class=\"date\">Mar %zu 2018</span><br>%s</span>"
			    "</a></div>", i, j, whole, i, j, 10 + i, j == 0 ?
			    "The whole title of episode…" : whole);
		}
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "</div></div>");
	}
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 9 && item_is(&ex, 0,
	    "The whole title of episode 00, with more words",
	    "https://k.test/show/ep00") && item_is(&ex, 8,
	    "The whole title of episode 22, with more words",
	    "https://k.test/show/ep22"), "sections headed by a short link "
	    "over lists: the entries; a title cut short in a card's text is "
	    "its link's title attribute");
	extraction_free(&ex);
}

/*
 * The kinds of failure seen on real pages, each on a small page of its
 * own: the title from the right text, the right unit, the right field
 * inside it, items without links, dates from the right place.
 */
static void
test_kinds(void)
{
	struct extraction	 ex;
	char			 body[8192];
	size_t			 n, i;

	/* A story over three rows; a "(domain)" beside the title link. */
	strlcpy_pf(body, "<table>", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<tr class=\"athing\"><td class=\"title\">%zu.</td><td>"
		    "<a href=\"https://s%zu.test/x\">Story number %zu here</a>"
		    "<span class=\"site\"> (<a href=\"/from?s=%zu\">s%zu.test"
		    "</a>)</span></td></tr><tr><td></td><td class=\"sub\">"
		    "<a href=\"/user?id=u%zu\">u%zu</a> <span title=\""
		    "2022-08-0%zuT10:00:00\"><a href=\"/item?id=%zu\">3 hours "
		    "ago</a></span> | <a href=\"/item?id=%zu\">%zu comments</a>"
		    "</td></tr><tr class=\"spacer\"></tr>", i + 1, i, i, i,
		    i, i, i, i + 1, i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</table>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && item_is(&ex, 0, "Story number 0 here",
	    "https://s0.test/x") && item_is(&ex, 3, "Story number 3 here",
	    "https://s3.test/x"), "a story over three rows is one item, its "
	    "title without the (domain)");
	tap_ok(n == 4 && ex.ex_items[2].it_date == 1659520800,
	    "its date from the title attribute of the age, not '3 hours ago'");
	extraction_free(&ex);

	/* Hidden helper text and a label in its own element. */
	n = detect_body("<ul>"
	    "<li><h2><span class=\"label\">Title:</span> <a href=\"/1\">"
	    "First post</a><span class=\"sr-only\">Your browser indicates "
	    "if you've visited this link</span></h2><p>Some words about "
	    "the first post, long enough to be a summary here.</p></li>"
	    "<li><h2><span class=\"label\">Title:</span> <a href=\"/2\">"
	    "Second post</a><span class=\"sr-only\">Your browser indicates "
	    "if you've visited this link</span></h2><p>Some words about "
	    "the second post, long enough to be a summary too.</p></li>"
	    "<li><h2><span class=\"label\">Title:</span> <a href=\"/3\">"
	    "Third post</a><span class=\"sr-only\">Your browser indicates "
	    "if you've visited this link</span></h2><p>Some words about "
	    "the third post, long enough to be a summary also.</p></li>"
	    "</ul>", &ex);
	tap_ok(n == 3 && item_is(&ex, 1, "Second post", "https://k.test/2"),
	    "no hidden helper text, no label in the title");
	extraction_free(&ex);

	/* Release notes: the release's page, not "Bug Fixes" or the zip. */
	n = detect_body("<div>"
	    "<section class=\"release\"><a class=\"name\" href=\"/r/v3\">"
	    "Release v3.0</a><div class=\"notes\"><h3>Bug Fixes</h3><ul><li>"
	    "Fixed a crash when the list is empty</li></ul></div><a href=\""
	    "/r/v3.tar.gz\">Source code archive of this release</a></section>"
	    "<section class=\"release\"><a class=\"name\" href=\"/r/v2\">"
	    "Release v2.0</a><div class=\"notes\"><h3>Bug Fixes</h3><ul><li>"
	    "Fixed a leak when the page is cut off</li></ul></div><a href=\""
	    "/r/v2.tar.gz\">Source code archive of this release</a></section>"
	    "<section class=\"release\"><a class=\"name\" href=\"/r/v1\">"
	    "Release v1.0</a><div class=\"notes\"><h3>Features</h3><ul><li>"
	    "The first release, with feeds in three formats</li></ul></div>"
	    "<a href=\"/r/v1.tar.gz\">Source code archive of this release</a>"
	    "</section></div>", &ex);
	tap_ok(n == 3 && item_is(&ex, 0, "Release v3.0", "https://k.test/r/v3"),
	    "a release: its name and page, not its first heading or archive");
	extraction_free(&ex);

	/* A support table: rows without a link stay, with their first cell. */
	strlcpy_pf(body, "<table><tr><th>Product</th><th>Ends</th></tr>",
	    sizeof(body));
	for (i = 0; i < 8; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<tr><td>%s %zu</td><td>2030-01-0%zu</td></tr>", i % 3 ?
		    "<a href=\"/p\">Product</a>" : "Product", i, i + 1);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</table>");
	n = detect_body(body, &ex);
	for (i = 0; i < ex.ex_nitems && ex.ex_items[i].it_link != NULL; i++)
		;
	tap_ok(n >= 7 && i < ex.ex_nitems,
	    "a table's rows without a link are kept");
	extraction_free(&ex);

	/* Dates: a <dd> item's date in its <dt>; CJK; not from the prose. */
	n = detect_body("<dl>"
	    "<dt>2018年5月29日</dt><dd><a href=\"/a\">First notice of the "
	    "month</a></dd>"
	    "<dt>2018年5月21日</dt><dd><a href=\"/b\">Second notice of the "
	    "month</a></dd>"
	    "<dt>2018年5月2日</dt><dd><a href=\"/c\">Third notice of the "
	    "month</a></dd></dl>", &ex);
	tap_ok(n == 3 && ex.ex_items[1].it_date == 1526860800,
	    "a <dd> item's date in its <dt>, in Chinese");
	extraction_free(&ex);
	n = detect_body("<div>"
	    "<div class=\"post\"><h2><a href=\"/x\">Harbour works begin"
	    "</a></h2><span class=\"date\">12.03.2019</span><div class=\""
	    "teaser\">The works announced on 9 July 2018 begin today and "
	    "last until the end of the summer, the council says.</div></div>"
	    "<div class=\"post\"><h2><a href=\"/y\">Library opens late"
	    "</a></h2><span class=\"date\">11.03.2019</span><div class=\""
	    "teaser\">From 1 June 2018 the reading rooms were open until "
	    "midnight; the trial goes on for another year.</div></div>"
	    "<div class=\"post\"><h2><a href=\"/z\">New bus line</a></h2>"
	    "<span class=\"date\">10.03.2019</span><div class=\"teaser\">"
	    "Planned since 3 May 2017, the line to the hospital opens with "
	    "buses every twenty minutes.</div></div></div>", &ex);
	tap_ok(n == 3 && ex.ex_items[0].it_date == 1552348800 &&
	    ex.ex_items[0].it_summary != NULL && strncmp(
	    ex.ex_items[0].it_summary, "The works", 9) == 0,
	    "the date element, not a date in the summary; a summary in a div");
	extraction_free(&ex);

	/* Two bodies in one card: the card is the item. */
	strlcpy_pf(body, "<div class=\"grid\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"card\"><div class=\"card-body\"><span>"
		    "Category %zu</span></div><div class=\"card-body\"><h3><a "
		    "href=\"/c%zu\">Card story number %zu</a></h3><p>Words of "
		    "the card's story, enough of them to be a summary.</p></div>"
		    "</div>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 4 && item_is(&ex, 2, "Card story number 2",
	    "https://k.test/c2"), "two bodies in one card: one item");
	extraction_free(&ex);

	/* A byline on a line of its own in a long item is the date; a date
	 * inside a long teaser sentence is not. */
	strlcpy_pf(body, "<ul class=\"news\">", sizeof(body));
	for (i = 0; i < 3; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/n%zu\">A press release about the budget "
		    "and the tax code, number %zu</a><br>Posted in Press "
		    "Releases on March 2%zu, 2015 | <a class=\"preview\">"
		    "Preview</a><br>Tags: <a href=\"/t/a\">Your Taxes</a> "
		    "<a href=\"/t/b\">The Budget</a> <a href=\"/t/c\">Jobs "
		    "and the Economy</a><p class=\"teaser\">The committee "
		    "met on July 9 and agreed on the bill, which the house "
		    "will vote on when it returns from its recess in the "
		    "autumn.</p></li>", i, i, i + 1);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 3 && ex.ex_items[1].it_date_text != NULL &&
	    strstr(ex.ex_items[1].it_date_text, "March 22, 2015") != NULL,
	    "a byline between <br>s of a long item gives its date");
	extraction_free(&ex);
	strlcpy_pf(body, "<ul class=\"news\">", sizeof(body));
	for (i = 0; i < 3; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/n%zu\">A press release about the budget, "
		    "number %zu</a><div class=\"teaser\">The committee met "
		    "on <b>July 9</b> and agreed on the bill, which the house "
		    "will vote on when it returns from its recess in the "
		    "autumn of this year, after the senate has read it and "
		    "sent it back with its amendments.</div></li>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 3 && ex.ex_items[1].it_date_text == NULL,
	    "a date inside a long teaser sentence is not the item's");
	extraction_free(&ex);

	/* A list headed by a date: its items without one of their own. */
	n = detect_body("<div><h2>Friday, March 29, 2013</h2><ul id=\"news\">"
	    "<li><a href=\"/1\">The first member's news story</a></li>"
	    "<li><a href=\"/2\">The second member's news story</a> "
	    "<span class=\"date\">28.03.2013</span></li>"
	    "<li><a href=\"/3\">The third member's news story</a></li>"
	    "</ul></div>", &ex);
	tap_ok(n == 3 && ex.ex_items[0].it_date == 1364515200 &&
	    ex.ex_items[1].it_date == 1364428800 &&
	    ex.ex_items[2].it_date == 1364515200,
	    "a date heading the list dates its items without their own");
	extraction_free(&ex);
	n = detect_body("<div><h2>Latest news from 2013</h2><ul id=\"news\">"
	    "<li><a href=\"/1\">The first member's news story</a></li>"
	    "<li><a href=\"/2\">The second member's news story</a></li>"
	    "<li><a href=\"/3\">The third member's news story</a></li>"
	    "</ul></div>", &ex);
	tap_ok(n == 3 && ex.ex_items[0].it_date == 0,
	    "a heading that is no date dates nothing");
	extraction_free(&ex);
	n = detect_body("<div><h3 class=\"section\">New releases <span>Mar 29, "
	    "2013</span></h3><div id=\"list\"><table>"
	    "<tr><td><a href=\"/1\">The first program, updated</a></td></tr>"
	    "<tr><td><a href=\"/2\">The second program, updated</a></td></tr>"
	    "<tr><td><a href=\"/3\">The third program, updated</a></td></tr>"
	    "</table></div></div>", &ex);
	tap_ok(n == 3 && ex.ex_items[0].it_date == 1364515200 &&
	    ex.ex_items[2].it_date == 1364515200, "a date heading the box "
	    "a list opens dates its items");
	extraction_free(&ex);

	/* One list in two columns under different parents; a sidebar list
	 * of the same class is not part of it. */
	strlcpy_pf(body, "<div class=\"main\"><div class=\"left\">"
	    "<ul class=\"stories col-a\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li class=\"big\"><h2><a href=\"/a%zu\">Left column "
		    "story number %zu</a></h2><p>The words of a story in the "
		    "left column, %zu.</p></li>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul></div><ul class=\"stories col-b\">");
	for (i = 0; i < 3; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li class=\"normal\"><h2><a href=\"/b%zu\">Right column "
		    "story number %zu</a></h2><p>Words of a right story.</p>"
		    "</li>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul></div><aside><ul class=\"stories\"><li><a href=\"/x\">"
	    "Most read one</a></li><li><a href=\"/y\">Most read two</a>"
	    "</li><li><a href=\"/z\">Most read three</a></li></ul>"
	    "</aside>");
	n = detect_body(body, &ex);
	tap_ok(n == 7 && item_is(&ex, 4, "Right column story number 0",
	    "https://k.test/b0") && item_is(&ex, 6,
	    "Right column story number 2", "https://k.test/b2"),
	    "a list in two columns of their own is one list, without the "
	    "sidebar's");
	extraction_free(&ex);

	/* A sister list of one entry (too short to be a list alone). */
	strlcpy_pf(body, "<div class=\"main\"><div class=\"left\">"
	    "<ul class=\"stories\">", sizeof(body));
	for (i = 0; i < 4; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><h2><a href=\"/a%zu\">Left column story number "
		    "%zu</a></h2><p>Words of a story.</p></li>", i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</ul></div><ul class=\"stories\"><li><h2><a href=\"/b\">The "
	    "one story on the right</a></h2><p>Words of it.</p></li></ul>"
	    "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 4, "The one story on the right",
	    "https://k.test/b"), "a sister list of one entry joins the list");
	extraction_free(&ex);

	/* Sections, each a heading without a link over its own list: the
	 * entries are the items, not the sections. */
	strlcpy_pf(body, "<section class=\"collection\">", sizeof(body));
	for (i = 0; i < 4; i++) {
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"group\"><h2>Section %zu of the "
		    "collection</h2><p>What the section is about.</p>"
		    "<ol class=\"documents\">", i);
		for (size_t j = 0; j < (i == 2 ? 1 : 3); j++)
			snprintf(body + strlen(body), sizeof(body) -
			    strlen(body), "<li class=\"document\"><h3><a "
			    "href=\"/d%zu-%zu\">The publication %zu of section "
			    "%zu</a></h3><p>Guidance, updated</p></li>", i, j,
			    j, i);
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "</ol></div>");
	}
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</section>");
	n = detect_body(body, &ex);
	tap_ok(n == 10 && item_is(&ex, 6, "The publication 0 of section 2",
	    "https://k.test/d2-0"), "sections over lists: the lists' "
	    "entries are the items, a section of one entry too");
	extraction_free(&ex);

	/* Posts without a wrapper: heading, byline, body, spacer as plain
	 * siblings, a box of links among them. */
	strlcpy_pf(body, "<div id=\"posts\">", sizeof(body));
	for (i = 0; i < 5; i++) {
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<h2><a href=\"/p%zu\">The post number %zu of the "
		    "blog</a></h2><div class=\"meta\"><a href=\"/me\">A. "
		    "Writer</a> Mar %zu, 2018</div><div class=\"post\"><p>"
		    "Long words of the post, a <a href=\"https://x.test/%zu"
		    "\">link out to a page elsewhere</a> and more words that "
		    "make a body of some length, as posts have.</p><p>A "
		    "second paragraph of the post with words and words, "
		    "then a quote from <a href=\"https://y.test/%zu\">another"
		    " writer's page on the web</a>.</p></div><div class=\""
		    "tags\"><a href=\"/t/a\">more about...</a></div><div "
		    "class=\"share\"><a href=\"/s/t\">Share this post on "
		    "the bird site</a></div><div class=\"spacer\"></div>",
		    i, i, 19 - i, i, i);
		if (i == 0)
			snprintf(body + strlen(body), sizeof(body) -
			    strlen(body), "<div class=\"quick\"><p><a "
			    "href=\"https://q.test/1\">Quick one</a></p><p><a "
			    "href=\"https://q.test/2\">Quick two</a></p></div>");
	}
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 0, "The post number 0 of the blog",
	    "https://k.test/p0") && item_is(&ex, 4,
	    "The post number 4 of the blog", "https://k.test/p4") &&
	    ex.ex_items[4].it_date == 1521072000,
	    "posts without a wrapper: each heading with what follows it");
	extraction_free(&ex);

	/* A label or a count after the title text is no part of it (and
	 * preview's rules say so); a bracketed qualifier is. */
	strlcpy_pf(body, "<div class=\"list\">", sizeof(body));
	for (i = 0; i < 6; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<a href=\"/s%zu\"><img src=\"/i%zu.jpg\"><h3>Story "
		    "number %zu of the front page%s</h3></a>", i, i, i,
		    i == 1 ? "<span class=\"kind\">Blog post</span>" :
		    i == 2 ? " <span class=\"reactions\"><span class=\"pic\">"
		    "</span>11</span>" : "");
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 6 && item_is(&ex, 1, "Story number 1 of the front page",
	    "https://k.test/s1") && item_is(&ex, 2,
	    "Story number 2 of the front page", "https://k.test/s2"),
	    "a label or a count after the title is dropped");
	extraction_free(&ex);
	test_rules_body(body, strlen(body), "title annotations",
	    "https://k.test/", NULL, "markup");
	test_featured_heads();
	test_cards_and_sections();
	body[strlen(body) - strlen("</div>")] = '\0';
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "<a href=\"/q\"><img src=\"/q.jpg\"><h3>Story of a book "
	    "<span class=\"sub\">(2nd edition)</span></h3></a></div>");
	n = detect_body(body, &ex);
	tap_ok(n == 7 && item_is(&ex, 6, "Story of a book (2nd edition)",
	    "https://k.test/q"), "a bracketed qualifier after the title is "
	    "part of it");
	extraction_free(&ex);
}

/* detect_count reads eight bytes at a time: it must agree with the
 * plain count (bytes above the space that start a character) on any
 * bytes, at every length and alignment. */
static void
test_count(void)
{
	char		 s[80];
	const char	*q;
	const unsigned char *p;
	size_t		 i, len, k;
	uint32_t	 plain;
	int		 bad = 0;

	srand(7);
	for (i = 0; i < 20000; i++) {
		len = (size_t)rand() % (sizeof(s) - 1);
		for (k = 0; k < len; k++) {
			/* Mostly the bytes that matter: space, ASCII, UTF-8. */
			static const unsigned char pick[] = { ' ', '!', 'a',
			    0x1f, 0x20, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xe4,
			    0xff, '\t', '\n' };
			s[k] = (char)(rand() % 3 ? pick[rand() % sizeof(pick)] :
			    1 + rand() % 255);
		}
		s[len] = '\0';
		/* Every other string read from its second byte. */
		q = s + (len > 0 ? i % 2 : 0);
		plain = 0;
		for (p = (const unsigned char *)q; *p != '\0'; p++)
			plain += *p > ' ' && (*p & 0xc0) != 0x80;
		bad += detect_count(q) != plain;
	}
	tap_ok(bad == 0, "count: eight bytes at a time agrees with one at a "
	    "time on 20,000 strings");
}

/*
 * Two kinds seen on fresh pages: a forum's topic links under /t/ (a tag's
 * path on Lobsters, a topic's with a number on V2EX and Discourse), and a
 * record's date as bare text after its heading.
 */
static void
test_topics_and_loose_dates(void)
{
	struct extraction	 ex;
	char			 body[16384];
	size_t			 i, n;

	body[0] = '\0';
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"cell item\"><table><tr><td><a href=\"/member/"
		    "u%zu\"><img src=\"/a%zu.png\" alt=\"u%zu\"></a></td><td>"
		    "<span class=\"item_title\"><a href=\"/t/6621%zu#reply2%zu\" "
		    "class=\"topic-link\">A question asked in the forum, number "
		    "%zu</a></span><span class=\"topic_info\"><a class=\"node\" "
		    "href=\"/go/qna\">Q and A</a> &#8226; <a href=\"/member/"
		    "u%zu\">u%zu</a></span></td><td><a href=\"/t/6621%zu#reply2"
		    "%zu\" class=\"count\">2%zu</a></td></tr></table></div>",
		    i, i, i, i, i, i, i, i, i, i, i);
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 2, "A question asked in the forum, "
	    "number 2", "https://k.test/t/66212#reply22"), "a topic's link "
	    "under /t/ with a number is the item's, not its board's");
	extraction_free(&ex);

	strlcpy_pf(body, "<div class=\"lead\">", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<h3 class=\"release-heading\"><a href=\"/security/WSA-2018-"
		    "000%zu.html\">Security Advisory WSA-2018-000%zu</a></h3>"
		    "Wed Jun 1%zu 2018\n<p></p>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</div>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 2, "Security Advisory WSA-2018-0002",
	    "https://k.test/security/WSA-2018-0002.html") &&
	    ex.ex_items[2].it_date == 1528761600, "a record's date as bare "
	    "text after its heading");
	extraction_free(&ex);
}

/*
 * Elements with a title class that name no item: the label of a count
 * beside it, a name that is all an author's link (a program's page about
 * a member: "member.php?u=3").
 */
static void
test_title_labels(void)
{
	struct extraction	 ex;
	char			 body[16384];
	size_t			 i, n;

	strlcpy_pf(body, "<ul class=\"cards\">", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><a href=\"/story/%zu\" class=\"card\">A story of the "
		    "magazine, number %zu</a><span class=\"opinion\"><span "
		    "class=\"tit\">Comments</span><strong>1%zu</strong></span>"
		    "</li>", i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 2, "A story of the magazine, number 2",
	    "https://k.test/story/2"), "a title class on a count's label "
	    "names no item");
	extraction_free(&ex);

	strlcpy_pf(body, "<ul class=\"cards\">", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li><strong class=\"tit\"><a href=\"/member.php?u=%zu\">"
		    "jane%zu</a></strong> <a href=\"/story/%zu\">A story of the "
		    "forum, number %zu</a></li>", i, i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 2, "A story of the forum, number 2",
	    "https://k.test/story/2"), "a title class around a member's "
	    "link names no item");
	extraction_free(&ex);

	/* A job's title as a heading without a link, over its employer's
	 * linked one: the job names the item, the employer's link is its. */
	strlcpy_pf(body, "<ul id=\"jobs\">", sizeof(body));
	for (i = 0; i < 5; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<li class=\"job\"><h3>Civic web developer, post %zu</h3>"
		    "<div class=\"row\"><h4><a href=\"/jobs/%zu\">The city of "
		    "somewhere, department %zu</a></h4><p><a href=\"/jobs/%zu\">"
		    "view listing</a></p></div><p>Lead the development of the "
		    "city's web services for its people.</p></li>", i, i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "</ul>");
	n = detect_body(body, &ex);
	tap_ok(n == 5 && item_is(&ex, 2, "Civic web developer, post 2",
	    "https://k.test/jobs/2"), "a more prominent heading without a "
	    "link over the linked one names the item");
	extraction_free(&ex);
}

/*
 * Lists without links told apart by their dates: a changelog's headings
 * with the date right under each (the page's own undated heading above
 * them is none of them), and boxes that open with a heading and a date,
 * one of them with a link in its text.
 */
static void
test_dated_records(void)
{
	struct extraction	 ex;
	char			 body[16384];
	size_t			 i, n;

	strlcpy_pf(body, "<article><h1 id=\"changelog\">Changelog</h1>",
	    sizeof(body));
	for (i = 0; i < 6; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<h1 id=\"v%zu\"><strong>Version 2.%zu</strong></h1><p><code>"
		    "Sep 1%zu, 2019</code></p><ul><li>New things in this "
		    "version, number %zu</li><li>Fixed: an old bug</li></ul>",
		    i, i, i, i);
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</article>");
	n = detect_body(body, &ex);
	tap_ok(n == 6 && item_is(&ex, 2, "Version 2.2", "-") &&
	    ex.ex_items[2].it_date == 1568246400, "a changelog's headings "
	    "without links, each dated by the line under it");
	extraction_free(&ex);

	strlcpy_pf(body, "<section><div class=\"row\">", sizeof(body));
	for (i = 0; i < 6; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "<div class=\"col-md-12\"><h1>A press release of the "
		    "institute, number %zu</h1><span>May 1%zu, 2019</span><p>The "
		    "institute was pleased to say something long enough to be "
		    "a body, number %zu.%s</p></div>", i, i, i, i == 3 ?
		    " See <a href=\"https://example.org/x\">the notes</a>." :
		    "");
	snprintf(body + strlen(body), sizeof(body) - strlen(body),
	    "</div></section>");
	n = detect_body(body, &ex);
	tap_ok(n == 6 && item_is(&ex, 2, "A press release of the institute, "
	    "number 2", "-") && ex.ex_items[2].it_date == 1557619200,
	    "boxes that open with a heading and its date, one with a link "
	    "in its text");
	extraction_free(&ex);
}

int
main(void)
{
	test_json();
	test_corpus();
	test_embassy();
	test_nothing();
	test_big();
	test_rules();
	test_roots_only();
	test_future();
	test_kinds();
	test_count();
	test_topics_and_loose_dates();
	test_title_labels();
	test_dated_records();
	free(body_how);
	xmlCleanupParser();
	return (tap_done());
}
