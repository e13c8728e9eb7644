/*
 * test_css.c: css_to_xpath against exact strings for a few cases, then
 * against a real libxml2 HTML document: each selector is translated,
 * evaluated, and the matched elements compared by id in document order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "css.h"
#include "tap.h"
#include "util.h"

static const char page[] =
"<!DOCTYPE html>\n"
"<html lang=\"en\">\n"
"<head><title>Test page</title></head>\n"
"<body id=\"body\">\n"
"<div id=\"content\" class=\"main  wide\">\n"
" <h1 id=\"h1\" class=\"title\">News</h1>\n"
" <ul id=\"ul1\" class=\"news-list\">\n"
"  <li id=\"li1\" class=\"news-item first\">One <a id=\"a1\" href=\"/one\">"
    "one</a></li>\n"
"  <li id=\"li2\" class=\"news-item\">Two <a id=\"a2\" href=\"/two\" "
    "title=\"x\">two</a></li>\n"
"  <li id=\"li3\" class=\"news-item special\" "
    "data-k=\"it's &quot;q&quot;\">Three</li>\n"
"  <li id=\"li4\" class=\"news-item-x\">Four</li>\n"
"  <li id=\"li5\" class=\"last\tnews-item\">Five <a id=\"a3\" "
    "href=\"http://ext.example/5\" rel=\"nofollow noopener\">ext</a></li>\n"
" </ul>\n"
" <div id=\"inner\" class=\"box\">\n"
"  <p id=\"p1\" lang=\"en-US\">Hello <span id=\"s1\" class=\"hl\">world"
    "</span></p>\n"
"  <p id=\"p2\" lang=\"en\">Second</p>\n"
"  <p id=\"p3\" lang=\"english\" data-n=\"2\">Troisi\xc3\xa8me</p>\n"
"  <span id=\"s2\"></span>\n"
"  <p id=\"p4\"></p>\n"
"  <div id=\"deep\"><div id=\"deeper\"><b id=\"b1\">deep text</b></div>"
    "</div>\n"
" </div>\n"
" <ol id=\"ol1\">\n"
"  <li id=\"o1\">1</li><li id=\"o2\">2</li><li id=\"o3\">3</li>"
    "<li id=\"o4\">4</li><li id=\"o5\">5</li><li id=\"o6\">6</li>"
    "<li id=\"o7\">7</li>\n"
" </ol>\n"
"</div>\n"
"<div id=\"footer\" class=\"box footer\"><a id=\"a4\" href=\"/about\">"
    "About</a><em id=\"e1\">x</em><em id=\"e2\">y</em>"
    "<my-widget id=\"w1\" data-x=\"1\"></my-widget></div>\n"
"</body>\n"
"</html>\n";

#define OL_ALL	"o1 o2 o3 o4 o5 o6 o7"
#define UL_ALL	"li1 li2 li3 li4 li5"

/* Exact translations: the shape other modules and users will see. */
static const struct {
	const char	*sel;
	int		 rel;
	const char	*want;
} xpath_cases[] = {
	{ "div", 0, "//div" },
	{ "div", 1, ".//div" },
	{ "*", 0, "//*" },
	{ "DIV", 0, "//div" },
	{ "#main", 0, "//*[@id = 'main']" },
	{ "a[href]", 0, "//a[@href]" },
	{ "ul.news > li", 0, "//ul[contains(concat(' ', "
	    "normalize-space(@class), ' '), ' news ')]/li" },
	{ "div#c a[href]", 0, "//div[@id = 'c']//a[@href]" },
	{ "a, b", 0, "//a | //b" },
	{ "a , b", 1, ".//a | .//b" },
	{ "> a", 1, "./a" },
	{ "h1 + p", 0, "//h1/following-sibling::*[1][self::p]" },
	{ "h1 ~ p", 0, "//h1/following-sibling::p" },
	{ "[title=\"it's \\\"q\\\"\"]", 0,
	    "//*[@title = concat('it', \"'\", 's \"q\"')]" },
	{ "[title='say \"hi\"']", 0, "//*[@title = 'say \"hi\"']" },
	{ "[title=\"it's\"]", 0, "//*[@title = \"it's\"]" },
	{ "[a$=xyz]", 0,
	    "//*[substring(@a, string-length(@a) - 2) = 'xyz']" },
	{ "li:nth-child(odd)", 0,
	    "//li[count(preceding-sibling::*) mod 2 = 0]" },
	{ "li:first-child", 0, "//li[not(preceding-sibling::*)]" },
	{ "a:not(.x)", 0, "//a[not(contains(concat(' ', "
	    "normalize-space(@class), ' '), ' x '))]" },
	{ "-x", 0, "//*[name() = '-x']" },
	{ "\t a \n", 0, "//a" },
};

/* Selector -> ids of the matched elements (tag name when no id). */
static const struct {
	const char	*sel;
	const char	*want;
} match_cases[] = {
	/* Priority 1: type, universal, class, id, attribute, combinators. */
	{ "li", UL_ALL " " OL_ALL },
	{ "LI", UL_ALL " " OL_ALL },
	{ "title", "title" },
	{ "my-widget", "w1" },
	{ "ul > li", UL_ALL },
	{ "ul.news-list > li.news-item", "li1 li2 li3 li5" },
	{ ".news-item", "li1 li2 li3 li5" },
	{ ".news-item.first", "li1" },
	{ ".wide", "content" },
	{ ".main.wide", "content" },
	{ ".box", "inner footer" },
	{ "div.box.footer", "footer" },
	{ ".news", "" },
	{ "#content", "content" },
	{ "#a2", "a2" },
	{ "li#li3.special", "li3" },
	{ "div#content a[href]", "a1 a2 a3" },
	{ "a[href]", "a1 a2 a3 a4" },
	{ "[title]", "a2" },
	{ "[title=x]", "a2" },
	{ "a[href=\"/one\"]", "a1" },
	{ "a[ href = '/two' ]", "a2" },
	{ "[data-k=\"it's \\\"q\\\"\"]", "li3" },
	{ "[data-k='it\\'s \"q\"']", "li3" },
	{ "[lang=en]", "html p2" },
	{ "[LANG=en]", "html p2" },
	{ "[data-n=2]", "p3" },
	{ "body > *", "content footer" },
	{ "*.hl", "s1" },
	{ "div div", "inner deep deeper" },
	{ "#content > div", "inner" },
	{ "div div div", "deep deeper" },
	{ "#inner b", "b1" },
	{ "#inner > b", "" },
	{ "#inner>span", "s2" },
	{ "p span", "s1" },
	{ "ul a, #footer a", "a1 a2 a3 a4" },
	{ "em, h1", "h1 e1 e2" },
	{ "h1,ol", "h1 ol1" },
	{ "div  \n  > ul   li   a", "a1 a2 a3" },
	{ "#li\\33", "li3" },
	{ ".news\\-item", "li1 li2 li3 li5" },

	/* Priority 2: attribute operators. */
	{ "[lang|=en]", "html p1 p2" },
	{ "[lang^=en]", "html p1 p2 p3" },
	{ "[href$=\".example/5\"]", "a3" },
	{ "[href$=o]", "a2" },
	{ "[href*=ex]", "a3" },
	{ "[rel~=noopener]", "a3" },
	{ "[rel~=follow]", "" },
	{ "[class~=news-item]", "li1 li2 li3 li5" },
	{ "[class^=news-item]", "li1 li2 li3 li4" },
	{ "[class*=item-]", "li4" },
	{ "[href^=\"\"]", "" },
	{ "[p3$=\"\"]", "" },
	{ "[class~=\"news-item first\"]", "" },
	{ "p[lang]:not([lang|=en])", "p3" },
	{ "li.news-item > a[href^=\"/\"]", "a1 a2" },

	/* Sibling combinators. */
	{ "h1 + ul", "ul1" },
	{ "h1 + div", "" },
	{ "li + li", "li2 li3 li4 li5 o2 o3 o4 o5 o6 o7" },
	{ "#li3 ~ li", "li4 li5" },
	{ "#p2 ~ *", "p3 s2 p4 deep" },
	{ "#p1 + p", "p2" },
	{ "#s2 + p", "p4" },
	{ "#s2+p~div", "deep" },

	/* Structural pseudo-classes. */
	{ "li:first-child", "li1 o1" },
	{ "li:last-child", "li5 o7" },
	{ "#inner > :first-child", "p1" },
	{ ":only-child", "html title a1 a2 a3 s1 deeper b1" },
	{ "a:only-child", "a1 a2 a3" },
	{ "ol > li:nth-child(odd)", "o1 o3 o5 o7" },
	{ "ol > li:nth-child(EVEN)", "o2 o4 o6" },
	{ "ol > li:nth-child(3)", "o3" },
	{ "ol > li:nth-child(+3)", "o3" },
	{ "ol > li:nth-child(-n+3)", "o1 o2 o3" },
	{ "ol > li:nth-child(3n+1)", "o1 o4 o7" },
	{ "ol > li:nth-child(3n-1)", "o2 o5" },
	{ "ol > li:nth-child(2n+3)", "o3 o5 o7" },
	{ "ol > li:nth-child(-2n+5)", "o1 o3 o5" },
	{ "ol > li:nth-child(n+6)", "o6 o7" },
	{ "ol > li:nth-child(n)", OL_ALL },
	{ "ol > li:nth-child(0)", "" },
	{ "ol > li:nth-child(-n-1)", "" },
	{ "ol > li:nth-child( 2n + 1 )", "o1 o3 o5 o7" },
	{ "ol > li:nth-last-child(2)", "o6" },
	{ "ol > li:nth-last-child(-n+2)", "o6 o7" },
	{ "li:nth-last-of-type(odd)", "li1 li3 li5 o1 o3 o5 o7" },
	{ "p:first-of-type", "p1" },
	{ "p:last-of-type", "p4" },
	{ "p:nth-of-type(2)", "p2" },
	{ "p:nth-of-type(even)", "p2 p4" },
	{ "p:nth-last-of-type(1)", "p4" },
	{ "span:nth-of-type(1)", "s1 s2" },
	{ "span:only-of-type", "s1 s2" },
	{ "em:only-of-type", "" },
	{ "body > div:nth-of-type(2)", "footer" },
	{ "#li1 ~ li:nth-of-type(odd)", "li3 li5" },
	{ "#footer > *:last-child", "w1" },
	{ ".news-list li:first-child a", "a1" },
	{ ":empty", "s2 p4 w1" },
	{ "p:empty", "p4" },
	{ ":root", "html" },

	/* Negation and text. */
	{ "li:not(.news-item)", "li4 " OL_ALL },
	{ "ul > li:not(.news-item)", "li4" },
	{ "#ul1 > :not(li)", "" },
	{ "#footer > :not(em)", "a4 w1" },
	{ "#footer > :not(em, a)", "w1" },
	{ "#footer > :not( em , a[href] )", "w1" },
	{ "ul > li:not(:first-child):not(:last-child)", "li2 li3 li4" },
	{ "div:not(#inner):not(#footer)", "content deep deeper" },
	{ ":not(:not(#a1))", "a1" },
	{ "em:not(:first-of-type)", "e2" },
	{ "*:not(*)", "" },
	{ ":contains(\"deep text\")",
	    "html body content inner deep deeper b1" },
	{ "b:contains(deep)", "b1" },
	{ "li:contains('Four')", "li4" },
	{ "p:contains(\"Troisi\xc3\xa8me\")", "p3" },
	{ "li:not(:contains(e))", "li2 li4 " OL_ALL },
	{ "li:CONTAINS(\"it's\")", "" },
};

/* Relative mode: context element id, selector, expected ids. */
static const struct {
	const char	*ctx;
	const char	*sel;
	const char	*want;
} rel_cases[] = {
	{ "ul1", "> li", UL_ALL },
	{ "ul1", "li", UL_ALL },
	{ "ul1", "a", "a1 a2 a3" },
	{ "ul1", "> li > a", "a1 a2 a3" },
	{ "ul1", "> a", "" },
	{ "ul1", "+ div", "inner" },
	{ "ul1", "~ *", "inner ol1" },
	{ "ul1", "+ ol", "" },
	{ "ul1", "> li:first-child, > li:last-child", "li1 li5" },
	{ "inner", "p, span", "p1 s1 p2 p3 s2 p4" },
	{ "inner", "div b", "b1" },
	{ "inner", "> div > div", "deeper" },
	{ "content", "li:first-child", "li1 o1" },
	{ "content", "#a1", "a1" },
	{ "footer", "#a1", "" },
	{ "footer", "> :not(em)", "a4 w1" },
	{ "li3", "a", "" },
	{ "li3", "*", "" },
};

/* Invalid selectors and a substring the error must contain. */
static const struct {
	const char	*sel;
	int		 rel;
	const char	*want;
} bad_cases[] = {
	{ "", 0, "empty selector at column 1" },
	{ "   ", 1, "empty selector at column 4" },
	{ "a,,b", 0, "empty selector in list at column 3" },
	{ "a,", 0, "empty selector in list at column 3" },
	{ ",a", 0, "empty selector in list at column 1" },
	{ "a >", 0, "missing selector after '>' at column 4" },
	{ "a > > b", 0, "missing selector after '>' at column 5" },
	{ "a + , b", 0, "missing selector after '+' at column 5" },
	{ "> a", 0, "combinator '>' without a selector before it at "
	    "column 1" },
	{ "> ", 1, "missing selector after '>' at column 3" },
	{ "a:hover", 0, "unsupported pseudo-class ':hover' at column 2" },
	{ "a :hover", 0, "unsupported pseudo-class ':hover' at column 3" },
	{ "a::before", 0, "unsupported pseudo-element '::before' at column 2" },
	{ ":is(a)", 0, "unsupported pseudo-class ':is()' at column 1" },
	{ "a:first-child()", 0,
	    "':first-child' takes no argument at column 2" },
	{ "a:not", 0, "':not' needs an argument at column 2" },
	{ "li:nth-child(2n+)", 0, "expected number, found ')' at column 17" },
	{ "li:nth-child(x)", 0, "found 'x' at column 14" },
	{ "li:nth-child(2", 0, "expected ')', found end of selector at "
	    "column 15" },
	{ "li:nth-child(99999999)", 0, "number too large at column 14" },
	{ "[href", 0, "unterminated attribute selector at column 1" },
	{ "a[href='x", 0, "unterminated string at column 8" },
	{ "a[href=\"x\ny\"]", 0, "unterminated string at column 8" },
	{ "a[href=x", 0, "unterminated attribute selector at column 2" },
	{ "a[href=x i]", 0, "unsupported attribute flag 'i' at column 10" },
	{ "[a!=b]", 0, "found '!' at column 3" },
	{ "[]", 0, "expected attribute name, found ']' at column 2" },
	{ "a)", 0, "unexpected ')' at column 2" },
	{ "a]", 0, "unexpected ']' at column 2" },
	{ "a{", 0, "unexpected '{' at column 2" },
	{ "ns|a", 0, "unexpected '|' at column 3" },
	{ "\xc3\xa9)", 0, "unexpected ')' at column 2" },
	{ "a\x01" "b", 0, "control character 0x01 at column 2" },
	{ "a\x7f", 0, "control character 0x7f at column 2" },
	{ "a\xc2\x85", 0, "control character U+0085 at column 2" },
	{ "a\xff", 0, "invalid UTF-8 at column 2" },
	{ "a\xc3", 0, "invalid UTF-8 at column 2" },
	{ "a\xc0\xaf", 0, "invalid UTF-8 at column 2" },
	{ "a\xed\xa0\x80", 0, "invalid UTF-8 at column 2" },
	{ ":not(:not(:not(:not(:not(:not(:not(:not(:not(a)))))))))", 0,
	    "':not()' nested too deeply at column 41" },
	{ ":not()", 0, "unexpected ')' at column 6" },
	{ ":not(a b)", 0, "expected ')', found 'b' at column 8" },
	{ ":not(a", 0, "expected ')', found end of selector at column 7" },
	{ ".a:first-of-type", 0, "':first-of-type' needs a type selector at "
	    "column 3" },
	{ "#", 0, "expected id, found end of selector at column 2" },
	{ "a..b", 0, "expected class name, found '.' at column 3" },
	{ "a::", 0, "expected pseudo-element name, found end of selector at "
	    "column 4" },
	{ "a b:", 0, "expected pseudo-class name, found end of selector at "
	    "column 5" },
	{ "[a=\"\\0\"]", 0, "invalid escape '\\0' at column 5" },
	{ "[a=\"\\1\"]", 0, "escaped control character at column 5" },
	{ "[a=\"x\\", 0, "unterminated string at column 4" },
	{ ":contains(a b)", 0, "expected ')', found 'b' at column 13" },
	{ ":contains(", 0, "expected string, found end of selector at "
	    "column 11" },
	{ "a\\", 0, "unexpected '\\' at column 2" },
};

/* Returns the ids (or names) of the element nodes in ns, space-separated. */
static char *
ids(xmlNodeSetPtr ns)
{
	char	*out = xstrdup(""), *tmp;
	xmlChar	*id;
	int	 i;

	if (ns == NULL)
		return (out);
	xmlXPathNodeSetSort(ns);
	for (i = 0; i < ns->nodeNr; i++) {
		if (ns->nodeTab[i]->type != XML_ELEMENT_NODE)
			continue;
		id = xmlGetProp(ns->nodeTab[i], BAD_CAST "id");
		xasprintf(&tmp, "%s%s%s", out, *out ? " " : "",
		    id ? (char *)id : (const char *)ns->nodeTab[i]->name);
		xmlFree(id);
		free(out);
		out = tmp;
	}
	return (out);
}

/* Translates sel and evaluates it with ctx as context node (or none). */
static char *
match(xmlDocPtr doc, xmlNodePtr ctx, const char *sel)
{
	xmlXPathContextPtr	 xc;
	xmlXPathObjectPtr	 obj;
	char			*xpath, *cause = NULL, *out;

	if ((xpath = css_to_xpath(sel, ctx != NULL, &cause)) == NULL) {
		xasprintf(&out, "error: %s", cause);
		free(cause);
		return (out);
	}
	xc = xmlXPathNewContext(doc);
	if (ctx != NULL)
		xc->node = ctx;
	obj = xmlXPathEvalExpression(BAD_CAST xpath, xc);
	if (obj == NULL)
		xasprintf(&out, "xpath error: %s", xpath);
	else if (obj->type != XPATH_NODESET)
		xasprintf(&out, "not a node set: %s", xpath);
	else
		out = ids(obj->nodesetval);
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(xc);
	free(xpath);
	return (out);
}

static xmlNodePtr
by_id(xmlDocPtr doc, const char *id)
{
	xmlXPathContextPtr	 xc;
	xmlXPathObjectPtr	 obj;
	xmlNodePtr		 n = NULL;
	char			*expr;

	xasprintf(&expr, "//*[@id = '%s']", id);
	xc = xmlXPathNewContext(doc);
	obj = xmlXPathEvalExpression(BAD_CAST expr, xc);
	if (obj != NULL && obj->nodesetval != NULL &&
	    obj->nodesetval->nodeNr == 1)
		n = obj->nodesetval->nodeTab[0];
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(xc);
	free(expr);
	return (n);
}

/* A printable, bounded test name. */
static void
label(char *buf, size_t size, const char *what, const char *sel)
{
	size_t	 i;

	snprintf(buf, size, "%s: %.60s", what, sel);
	for (i = 0; buf[i] != '\0'; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			buf[i] = '?';
}

int
main(void)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 ctx;
	char		 name[128], *got, *cause, *xpath, *big;
	size_t		 i;

	for (i = 0; i < sizeof(xpath_cases) / sizeof(xpath_cases[0]); i++) {
		cause = NULL;
		got = css_to_xpath(xpath_cases[i].sel, xpath_cases[i].rel,
		    &cause);
		label(name, sizeof(name), "xpath", xpath_cases[i].sel);
		tap_str(got != NULL ? got : cause, xpath_cases[i].want, name);
		free(got);
		free(cause);
	}

	doc = htmlReadMemory(page, sizeof(page) - 1, NULL, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_RECOVER);
	if (!tap_ok(doc != NULL, "parse test page"))
		return (tap_done());

	for (i = 0; i < sizeof(match_cases) / sizeof(match_cases[0]); i++) {
		got = match(doc, NULL, match_cases[i].sel);
		label(name, sizeof(name), "match", match_cases[i].sel);
		tap_str(got, match_cases[i].want, name);
		free(got);
	}

	for (i = 0; i < sizeof(rel_cases) / sizeof(rel_cases[0]); i++) {
		snprintf(name, sizeof(name), "relative to #%s: %s",
		    rel_cases[i].ctx, rel_cases[i].sel);
		if ((ctx = by_id(doc, rel_cases[i].ctx)) == NULL) {
			tap_ok(0, name);
			continue;
		}
		got = match(doc, ctx, rel_cases[i].sel);
		tap_str(got, rel_cases[i].want, name);
		free(got);
	}

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		cause = NULL;
		xpath = css_to_xpath(bad_cases[i].sel, bad_cases[i].rel,
		    &cause);
		label(name, sizeof(name), "reject", bad_cases[i].sel);
		if (!tap_ok(xpath == NULL && cause != NULL &&
		    strstr(cause, bad_cases[i].want) != NULL, name))
			printf("#   expected: %s\n#   got:      %s\n",
			    bad_cases[i].want, xpath ? xpath : cause);
		free(xpath);
		free(cause);
	}

	/* Length cap, and a NULL cause pointer is allowed. */
	big = xmalloc(5001);
	memset(big, 'a', 5000);
	big[5000] = '\0';
	cause = NULL;
	xpath = css_to_xpath(big, 0, &cause);
	tap_str(xpath ? xpath : cause,
	    "selector longer than 4096 bytes at column 4097", "reject: long");
	free(xpath);
	free(cause);
	big[4096] = '\0';
	xpath = css_to_xpath(big, 0, NULL);
	tap_ok(xpath != NULL && strlen(xpath) == 4098, "accept 4096 bytes");
	free(xpath);
	free(big);
	tap_ok(css_to_xpath("a,", 0, NULL) == NULL, "NULL cause pointer");

	xmlFreeDoc(doc);
	xmlCleanupParser();
	return (tap_done());
}
