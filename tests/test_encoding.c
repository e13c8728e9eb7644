/* test_encoding.c: pages in many encodings come out as the same UTF-8. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include "encoding.h"
#include "tap.h"
#include "testlib.h"
#include "text.h"
#include "util.h"

#define RU1	"Выборы в Госдуму назначены на сентябрь"
#define RU2	"Курс рубля укрепился"
#define RU3	"Ёлки привезут в Москву к 25 декабря"
#define FFFD	"\xef\xbf\xbd"

struct check {
	const char	*c_xpath;
	const char	*c_want;
};

struct fixture_case {
	const char	*fc_file;
	const char	*fc_content_type;
	const char	*fc_fallback;
	const char	*fc_name;	/* encoding_detect */
	const char	*fc_how;
	const char	*fc_used;	/* encoding_parse_html, NULL: as detect */
	const char	*fc_used_how;
	struct check	 fc_checks[5];
};

static const struct fixture_case cases[] = {
	{ "cp1251-meta.html", NULL, NULL, "windows-1251", "meta", NULL, NULL,
	  { { "string(//title)", "Новости" },
	    { "string((//li)[1])", RU1 },
	    { "string((//li)[3])", RU3 } } },
	{ "koi8r-header.html", "text/html; charset=KOI8-R", NULL,
	  "KOI8-R", "http", NULL, NULL,
	  { { "string(//title)", "Новости" },
	    { "string((//li)[2])", RU2 },
	    { "string((//li)[3])", RU3 } } },
	/* iso-8859-1 means windows-1252 on the web: 0x80 is the euro. */
	{ "latin1-french.html", "text/html;charset=\"ISO-8859-1\"", NULL,
	  "windows-1252", "http", NULL, NULL,
	  { { "string(//title)", "Actualités" },
	    { "string((//li)[1])", "Élection à Besançon : résultats" },
	    { "string((//li)[2])", "Crème brûlée, façon grand-mère" },
	    { "string((//li)[3])", "Prix : 5 € le kilo" } } },
	/* ① and ～ exist only in windows-31j, which Shift_JIS means. */
	{ "sjis.html", NULL, NULL, "Shift_JIS", "meta", NULL, NULL,
	  { { "string(//title)", "ニュース" },
	    { "string((//li)[1])", "東京で桜が満開" },
	    { "string((//li)[2])", "円相場が急落" },
	    { "string((//li)[3])", "①番目の記事～" } } },
	/* The BOM beats a header that says otherwise, as in browsers. */
	{ "utf16le-bom.html", "text/html; charset=utf-8", NULL,
	  "UTF-16LE", "bom", NULL, NULL,
	  { { "string(//title)", "Ünïcödé" },
	    { "string((//li)[1])", "Grüße aus Köln" },
	    { "string((//li)[2])", "日本語" },
	    { "string((//li)[3])", "😀 emoji" } } },
	{ "utf16be-bom.html", NULL, NULL, "UTF-16BE", "bom", NULL, NULL,
	  { { "string(//title)", "Ünïcödé" },
	    { "string((//li)[1])", "Grüße aus Köln" },
	    { "string((//li)[3])", "😀 emoji" } } },
	{ "utf8-bom.html", NULL, NULL, "UTF-8", "bom", NULL, NULL,
	  { { "string(//title)", "Ελληνικά" },
	    { "string((//li)[2])", "κόσμε" },
	    { "string(count(//text()[contains(., '\xef\xbb\xbf')]))", "0" } } },
	{ "utf8-sniff.html", NULL, NULL, "UTF-8", "sniff", NULL, NULL,
	  { { "string(//title)", "Čeština" },
	    { "string((//li)[1])", "Příliš žluťoučký kůň" } } },
	{ "cp1252-sniff.html", NULL, NULL, "windows-1252", "sniff", NULL, NULL,
	  { { "string(//title)", "Café" },
	    { "string((//li)[1])", "Smörgåsbord – “quoted”" },
	    { "string((//li)[2])", "naïve façade" } } },
	{ "header-vs-meta.html", "text/html; charset=windows-1251", NULL,
	  "windows-1251", "http", NULL, NULL,
	  { { "string(//title)", "Новости" },
	    { "string((//li)[1])", RU1 } } },
	/* input_page is handed the charset alone; that works too. */
	{ "header-vs-meta.html", "cp1251", NULL,
	  "windows-1251", "http", NULL, NULL,
	  { { "string((//li)[3])", RU3 } } },
	{ "http-equiv.html", NULL, NULL, "ISO-8859-2", "meta", NULL, NULL,
	  { { "string(//title)", "Polski" },
	    { "string((//li)[1])", "Zażółć gęślą jaźń" },
	    { "string((//li)[2])", "Łódź" } } },
	/*
	 * The prescan stops at 1024 bytes, so detection guesses; the parse
	 * then meets the <meta> and decodes again, as browsers do.
	 */
	{ "late-meta.html", NULL, NULL, "windows-1252", "sniff",
	  "windows-1251", "meta",
	  { { "string(//title)", "Новости" },
	    { "string((//li)[1])", RU1 } } },
	/* An unknown label in the header is skipped: the <meta> decides. */
	{ "cp1251-meta.html", "text/html; charset=x-bogus", NULL,
	  "windows-1251", "meta", NULL, NULL,
	  { { "string((//li)[2])", RU2 } } },
	{ "fallback-koi8r.html", NULL, "koi8-r", "KOI8-R", "fallback",
	  NULL, NULL,
	  { { "string(//title)", "Новости" },
	    { "string((//li)[1])", RU1 } } },
	/* The fallback is the last resort: a <meta> outranks it. */
	{ "cp1251-meta.html", NULL, "koi8-r", "windows-1251", "meta",
	  NULL, NULL,
	  { { "string((//li)[1])", RU1 } } },
	{ "fallback-koi8r.html", "text/html", "utf-8", "UTF-8", "fallback",
	  NULL, NULL,
	  { { "string(//title)", FFFD FFFD FFFD FFFD FFFD FFFD FFFD } } },
	/* Invalid bytes: U+FFFD each, and the items after them survive. */
	{ "invalid-utf8.html", NULL, NULL, "UTF-8", "meta", NULL, NULL,
	  { { "string(//title)", "Plein de déchets" },
	    { "string((//li)[2])", "x" FFFD "y" FFFD "z" },
	    { "string((//li)[3])", "o" FFFD FFFD "p" FFFD FFFD FFFD "qrs t" },
	    { "string((//li)[4])", "après un" },
	    { "string((//li)[5])", "après deux" } } },
	{ "invalid-utf8.html", "text/html; charset=utf-8", NULL,
	  "UTF-8", "http", NULL, NULL,
	  { { "string((//li)[5])", "après deux" } } },
	{ "invalid-cp1251.html", NULL, NULL, "windows-1251", "meta",
	  NULL, NULL,
	  { { "string((//li)[2])", "а" FFFD "б" },
	    { "string((//li)[3])", "после первой" },
	    { "string((//li)[4])", "после второй" } } },
	{ "invalid-utf16.html", NULL, NULL, "UTF-16LE", "bom", NULL, NULL,
	  { { "string((//li)[2])", "a" FFFD "b" },
	    { "string((//li)[3])", "three" } } },
	{ "invalid-sjis.html", NULL, NULL, "Shift_JIS", "meta", NULL, NULL,
	  { { "string((//li)[2])", FFFD "x" },
	    { "string((//li)[3])", "後の記事" } } },
};

/* Fixture NAME of fixtures/encoding; a missing one ends the run. */
static char *
read_fixture(const char *name, size_t *len)
{
	char	*rel, *data;

	xasprintf(&rel, "fixtures/encoding/%s", name);
	if ((data = testlib_read(rel, len)) == NULL) {
		printf("Bail out! cannot read %s\n", rel);
		exit(1);
	}
	free(rel);
	return (data);
}

static char *
xpath_string(htmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 obj;
	char			*s = NULL;

	ctx = xmlXPathNewContext(doc);
	obj = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	if (obj != NULL && obj->type == XPATH_STRING)
		s = xstrdup((const char *)obj->stringval);
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return (s);
}

/* 1 when every text and attribute value under NODE passes text_xml_safe. */
static int
all_xml_safe(xmlNodePtr node)
{
	xmlAttrPtr	 a;
	xmlChar		*v;
	int		 ok = 1;

	for (; node != NULL && ok; node = node->next) {
		if (node->content != NULL &&
		    !text_xml_safe((const char *)node->content))
			return (0);
		if (node->type == XML_ELEMENT_NODE) {
			for (a = node->properties; a != NULL && ok;
			    a = a->next) {
				v = xmlNodeGetContent((xmlNodePtr)a);
				ok = v == NULL || text_xml_safe((const char *)v);
				xmlFree(v);
			}
		}
		if (ok && node->children != NULL)
			ok = all_xml_safe(node->children);
	}
	return (ok);
}

static void
test_fixture(const struct fixture_case *fc)
{
	htmlDocPtr	 doc;
	const char	*name, *how;
	char		*body, *s, what[256];
	size_t		 len, i;

	body = read_fixture(fc->fc_file, &len);
	encoding_detect(body, len, fc->fc_content_type, fc->fc_fallback,
	    &name, &how);
	snprintf(what, sizeof(what), "%s [%s, %s]: detected", fc->fc_file,
	    fc->fc_content_type ? fc->fc_content_type : "-",
	    fc->fc_fallback ? fc->fc_fallback : "-");
	tap_str(name, fc->fc_name, what);
	tap_str(how, fc->fc_how, what);

	doc = encoding_parse_html(body, len, "http://example.org/",
	    fc->fc_content_type, fc->fc_fallback, &name, &how);
	snprintf(what, sizeof(what), "%s: parsed", fc->fc_file);
	if (!tap_ok(doc != NULL, what)) {
		free(body);
		return;
	}
	tap_str(name, fc->fc_used ? fc->fc_used : fc->fc_name, what);
	tap_str(how, fc->fc_used_how ? fc->fc_used_how : fc->fc_how, what);
	for (i = 0; i < 5 && fc->fc_checks[i].c_xpath != NULL; i++) {
		s = xpath_string(doc, fc->fc_checks[i].c_xpath);
		snprintf(what, sizeof(what), "%s: %s", fc->fc_file,
		    fc->fc_checks[i].c_xpath);
		tap_str(s, fc->fc_checks[i].c_want, what);
		free(s);
	}
	snprintf(what, sizeof(what), "%s: all text is XML-safe UTF-8",
	    fc->fc_file);
	tap_ok(all_xml_safe(doc->children), what);
	xmlFreeDoc(doc);
	free(body);
}

/* encoding_detect on small inline pages: labels, the prescan, the order. */
static void
test_detect(const char *body, const char *content_type, const char *fallback,
    const char *want_name, const char *want_how, const char *what)
{
	const char	*name, *how;

	encoding_detect(body, strlen(body), content_type, fallback, &name,
	    &how);
	tap_str(name, want_name, what);
	tap_str(how, want_how, what);
}

static void
test_labels(void)
{
	static const char	 latin[] = "caf\xe9";
	static const char	 cut[] = "caf\xc3\xa9 \xe2\x82";
	char			 big[2048];

	test_detect("x", "text/html; charset=latin1", NULL, "windows-1252",
	    "http", "latin1 is windows-1252");
	test_detect("x", "text/html; charset=utf8", NULL, "UTF-8", "http",
	    "utf8 is UTF-8");
	test_detect("x", "text/html; charset=x-sjis", NULL, "Shift_JIS",
	    "http", "x-sjis is Shift_JIS");
	test_detect("x", "text/html; Charset = ' KOI8-r '", NULL, "KOI8-R",
	    "http", "quoted, spaced, mixed case");
	test_detect("x", "text/html; charset=gb2312", NULL, "GBK", "http",
	    "gb2312 is GBK");
	test_detect("x", "text/html; charset=utf-16", NULL, "UTF-16LE",
	    "http", "utf-16 in a header is UTF-16LE");
	test_detect("x", "text/html; charset=", NULL, "UTF-8", "sniff",
	    "an empty charset is none");
	test_detect("x", "text/html; charset=replacement", NULL, "UTF-8",
	    "sniff", "no decoder for the replacement encoding");
	test_detect(latin, NULL, NULL, "windows-1252", "sniff",
	    "not UTF-8: windows-1252");
	test_detect(cut, NULL, NULL, "UTF-8", "sniff",
	    "UTF-8 cut at the end is still UTF-8");
	test_detect("\xef\xbb\xbfx", "text/html; charset=windows-1251", NULL,
	    "UTF-8", "bom", "a UTF-8 BOM beats the header");
	test_detect("<meta charset=utf-16>", NULL, NULL, "UTF-8", "meta",
	    "a meta naming UTF-16 means UTF-8");
	test_detect("<META CHARSET='KOI8-R'>", NULL, NULL, "KOI8-R", "meta",
	    "upper-case meta");
	test_detect("<meta content=\"text/html; charset=koi8-r\">", NULL, NULL,
	    "UTF-8", "sniff", "content without http-equiv is ignored");
	test_detect("<meta content='text/html; charset=koi8-r' "
	    "http-equiv=content-type>", NULL, NULL, "KOI8-R", "meta",
	    "http-equiv after content");
	test_detect("<!-- <meta charset=koi8-r> --><p>", NULL, NULL, "UTF-8",
	    "sniff", "a meta in a comment is ignored");
	test_detect("<script a='<meta charset=koi8-r>'><meta charset=cp1251>",
	    NULL, NULL, "windows-1251", "meta",
	    "a meta in an attribute value is ignored");
	test_detect("<meta charset=x-bogus><meta charset=koi8-r>", NULL, NULL,
	    "KOI8-R", "meta", "an unknown meta label is skipped");
	test_detect("<meta charset=koi8-r>", NULL, "windows-1251", "KOI8-R",
	    "meta", "meta beats fallback");
	/* A page saved as UTF-8 under the <meta> of its old encoding. */
	test_detect("<meta charset=iso-8859-1><p>caf\xc3\xa9", NULL, NULL,
	    "UTF-8", "meta-utf8", "UTF-8 under a latin1 meta is UTF-8");
	test_detect("<meta charset=gbk><p>\xe4\xb8\xad\xe6\x96\x87", NULL,
	    NULL, "UTF-8", "meta-utf8", "UTF-8 under a gbk meta is UTF-8");
	test_detect("<meta charset=iso-8859-1><p>caf\xe9", NULL, NULL,
	    "windows-1252", "meta", "latin1 text under its meta stays latin1");
	test_detect("<meta charset=gbk><p>\xd6\xd0\xce\xc4", NULL, NULL,
	    "GBK", "meta", "GBK text under its meta stays GBK");
	test_detect("<meta charset=shift_jis><p>\x93\xfa\x96\x7b", NULL,
	    NULL, "Shift_JIS", "meta", "Shift_JIS text stays Shift_JIS");
	test_detect("<meta charset=koi8-r><p>plain ascii", NULL, NULL, "KOI8-R",
	    "meta", "ASCII under a meta: the meta's");
	test_detect("<meta charset=iso-8859-1><p>caf\xc3\xa9",
	    "text/html; charset=iso-8859-1", NULL, "windows-1252", "http",
	    "the HTTP header is not second-guessed");
	test_detect("x", NULL, "latin1", "windows-1252", "fallback",
	    "a fallback label is normalised");
	test_detect("x", NULL, "x-bogus", "UTF-8", "sniff",
	    "an unknown fallback is skipped");
	test_detect(latin, NULL, "IBM437", "IBM437", "fallback",
	    "a fallback outside WHATWG that iconv knows");
	memset(big, ' ', sizeof(big));
	memcpy(big + 1100, "<meta charset=koi8-r>", 21);
	big[sizeof(big) - 1] = '\0';
	test_detect(big, NULL, NULL, "UTF-8", "sniff",
	    "the prescan stops at 1024 bytes");

	tap_ok(encoding_known("latin1"), "known: latin1");
	tap_ok(encoding_known("Shift_JIS"), "known: Shift_JIS");
	tap_ok(encoding_known("cp437"), "known: cp437 (iconv)");
	tap_ok(!encoding_known("x-bogus"), "unknown: x-bogus");
	tap_ok(!encoding_known("UTF-8//IGNORE"), "unknown: UTF-8//IGNORE");
	tap_ok(!encoding_known(""), "unknown: empty");
	tap_ok(!encoding_known(NULL), "unknown: NULL");
}

/* encoding_override = yes: the key beats the header and <meta>, not a BOM. */
static void
test_override(void)
{
	static const char	 cp1251[] = "<p>\xcd\xee\xe2\xee\xf1\xf2\xfc"
	    "</p>";	/* "Новость" in windows-1251, no <meta> */
	const char		*name, *how;
	char			 label[64];
	htmlDocPtr		 doc;
	xmlChar			*text;

	encoding_detect_override("x", 1, "text/html;charset=iso-8859-1",
	    "windows-1251", 1, &name, &how);
	tap_str(name, "windows-1251", "override: the key beats the header");
	tap_str(how, "override", "override: the rule");
	encoding_detect_override("x", 1, "text/html;charset=iso-8859-1",
	    "windows-1251", 0, &name, &how);
	tap_str(name, "windows-1252", "no override: the header wins");
	encoding_detect_override("<meta charset=koi8-r>", 21, NULL, "cp1251",
	    1, &name, &how);
	tap_str(name, "windows-1251", "override: the key beats a <meta>");
	encoding_detect_override("\xef\xbb\xbfx", 4,
	    "text/html; charset=koi8-r", "windows-1251", 1, &name, &how);
	tap_str(how, "bom", "override: a BOM still wins");
	encoding_detect_override("x", 1, "text/html; charset=koi8-r",
	    "x-bogus", 1, &name, &how);
	tap_str(how, "http", "override with a key nothing decodes: the header");

	doc = encoding_parse_html_override(cp1251, strlen(cp1251),
	    "http://example.org/", "text/html;charset=iso-8859-1",
	    "windows-1251", 1, &name, &how);
	text = doc != NULL ? xmlNodeGetContent(xmlDocGetRootElement(doc)) :
	    NULL;
	tap_ok(text != NULL && strstr((const char *)text,
	    "\xd0\x9d\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd1\x8c")
	    != NULL, "override: a windows-1251 page served as iso-8859-1 reads "
	    "right");
	xmlFree(text);
	xmlFreeDoc(doc);
	doc = encoding_parse_html_override("<p>x</p><meta charset=koi8-r>", 29,
	    "http://example.org/", NULL, "windows-1251", 1, &name, &how);
	tap_str(name, "windows-1251", "override: a late <meta> does not win");
	xmlFreeDoc(doc);

	tap_ok(encoding_declared("x", 1, "text/html; charset=\"ISO-8859-1\"",
	    "http", label, sizeof(label)) == 0 &&
	    strcmp(label, "ISO-8859-1") == 0,
	    "declared: the header's label as written");
	tap_ok(encoding_declared("x", 1, "koi8-r", "http", label,
	    sizeof(label)) == 0 && strcmp(label, "koi8-r") == 0,
	    "declared: a bare label");
	tap_ok(encoding_declared("\xff\xfex", 3, NULL, "bom", label,
	    sizeof(label)) == 0 && strcmp(label, "UTF-16LE") == 0,
	    "declared: a BOM");
	tap_ok(encoding_declared("x", 1, "text/html", "http", label,
	    sizeof(label)) == -1, "declared: no charset");
	tap_str(encoding_normalise("latin1"), "windows-1252",
	    "normalise: latin1");
	tap_ok(encoding_normalise("x-bogus") == NULL, "normalise: unknown");
}

static void
test_edges(void)
{
	htmlDocPtr	 doc;
	const char	*name, *how;
	char		*s;

	doc = encoding_parse_html("", 0, "http://example.org/", NULL, NULL,
	    &name, &how);
	tap_ok(doc == NULL, "an empty page is no document");
	/* A page that is only a BOM and an odd byte still parses safely. */
	doc = encoding_parse_html("\xff\xfe<\x00p\x00>\x00\xd8", 8,
	    "http://example.org/", NULL, NULL, NULL, NULL);
	tap_ok(doc != NULL && all_xml_safe(doc->children),
	    "truncated UTF-16 is safe");
	xmlFreeDoc(doc);
	/* Character references to what XML forbids vanish in libxml2. */
	doc = encoding_parse_html("<p>a&#1;b&#xD800;c&#0;d</p>", 27,
	    "http://example.org/", NULL, NULL, NULL, NULL);
	s = doc ? xpath_string(doc, "string(//p)") : NULL;
	tap_str(s, "abcd", "forbidden character references are dropped");
	tap_ok(doc != NULL && all_xml_safe(doc->children),
	    "character references are safe");
	free(s);
	xmlFreeDoc(doc);
	/* "<style=...>" is a broken tag, no style element: the page after
	 * it stays markup (as browsers read it); a real <style> and a
	 * <script> holding "<b>" stay raw text. */
	static const char broken[] = "<p><style=\"text-align: center;\">x"
	    "</p><ul><li>one</li><li>two</li></ul><style>li{}</style>"
	    "<script>var a=\"<b>\";</script>";
	doc = encoding_parse_html(broken, sizeof(broken) - 1,
	    "http://example.org/", NULL, NULL, NULL, NULL);
	s = doc ? xpath_string(doc, "string(count(//li))") : NULL;
	tap_str(s, "2", "a broken \"<style=...>\" tag swallows no page");
	free(s);
	s = doc ? xpath_string(doc, "string(count(//b))") : NULL;
	tap_str(s, "0", "a script's text stays text");
	free(s);
	xmlFreeDoc(doc);
}

int
main(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		test_fixture(&cases[i]);
	test_labels();
	test_override();
	test_edges();
	xmlCleanupParser();
	return (tap_done());
}
