/*
 * test_sanitize.c: sanitize_html on snippets parsed by libxml2 as the
 * daemon parses pages.  Simple cases are checked as exact strings; hostile
 * ones (XSS cheat-sheet and mutation vectors) are checked twice on the
 * output: by a small tokenizer that reads tags as an HTML5 browser would,
 * and on the tree libxml2 builds when it parses the output again.
 * Set SANITIZE_VERBOSE=1 to see every output.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "sanitize.h"
#include "tap.h"
#include "text.h"
#include "util.h"

#define BASE		"http://example.org/news/item.html"
#define PARSE_OPTIONS	(HTML_PARSE_NONET | HTML_PARSE_NOERROR | \
			    HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER)

static int	 verbose, quiet;

/* Elements that run script, load other documents or change parsing. */
static const char *bad_elements[] = {
	"script", "style", "iframe", "frame", "frameset", "form", "object",
	"embed", "applet", "svg", "math", "base", "meta", "link", "noscript",
	"template", "input", "button", "textarea", "select", "portal",
	"xmp", "noembed", "noframes", "plaintext", "param", "isindex",
	"title", "head", "body", "html", NULL
};

/* Attributes that are dangerous whatever their value. */
static const char *bad_attributes[] = {
	"style", "srcdoc", "action", "formaction", "data", "xlink:href",
	"background", "dynsrc", "lowsrc", "http-equiv", "codebase",
	"classid", "xmlns", "is", NULL
};

/* Attributes a browser reads as a URL. */
static const char *url_attributes[] = {
	"href", "src", "cite", "poster", "action", "formaction", "data",
	"background", "dynsrc", "lowsrc", "xlink:href", "srcset", NULL
};

static int
in_list(const char *const *list, const char *name)
{
	size_t	 i;

	for (i = 0; list[i] != NULL; i++)
		if (strcasecmp(list[i], name) == 0)
			return (1);
	return (0);
}

static xmlDocPtr
parse(const char *html)
{
	return (htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
	    PARSE_OPTIONS));
}

/* The first node XPATH selects in DOC, or NULL. */
static xmlNodePtr
select_node(xmlDocPtr doc, const char *xpath)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 obj;
	xmlNodePtr		 n = NULL;

	if (doc == NULL || (ctx = xmlXPathNewContext(doc)) == NULL)
		return (NULL);
	obj = xmlXPathEvalExpression((const xmlChar *)xpath, ctx);
	if (obj != NULL && obj->type == XPATH_NODESET &&
	    obj->nodesetval != NULL && obj->nodesetval->nodeNr > 0)
		n = obj->nodesetval->nodeTab[0];
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return (n);
}

/*
 * Parses INNER inside <div id="c"> in a page and sanitises the node XPATH
 * selects (caller frees the result).
 */
static char *
run_at(const char *inner, const char *xpath, const char *base)
{
	xmlDocPtr	 doc;
	char		*html, *out;

	xasprintf(&html, "<!DOCTYPE html><html><head><title>t</title></head>"
	    "<body><div id=\"c\">%s</div></body></html>", inner);
	doc = parse(html);
	free(html);
	out = sanitize_html(select_node(doc, xpath), base);
	xmlFreeDoc(doc);
	if (verbose)
		printf("# in:  %s\n# out: %s\n", inner, out ? out : "(null)");
	return (out);
}

static char *
run(const char *inner)
{
	return (run_at(inner, "//div[@id='c']", BASE));
}

/* Checks sanitize_html of INNER against WANT exactly. */
static void
expect(const char *inner, const char *want, const char *what)
{
	char	*out = run(inner);

	if (!tap_str(out, want, what))
		printf("#   input:    %s\n", inner);
	free(out);
}

/*
 * Reads the digits of a numeric character reference after "&#" at S into
 * *C (capped); returns the end of the digits or NULL when there are none.
 */
static const char *
char_ref(const char *s, long *c)
{
	int	 hex = (*s == 'x' || *s == 'X'), d;
	const char	*p = s + hex;

	*c = 0;
	for (; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p))
			d = *p - '0';
		else if (hex && isxdigit((unsigned char)*p))
			d = tolower((unsigned char)*p) - 'a' + 10;
		else
			break;
		if (*c < 0x1000000)
			*c = *c * (hex ? 16 : 10) + d;
	}
	return (p == s + hex ? NULL : p);
}

/* Decodes the character references a browser would in an attribute. */
static char *
decode_refs(const char *s)
{
	static const struct {
		const char	*name;
		int		 c;
	} named[] = {
		{ "colon", ':' }, { "Tab", '\t' }, { "NewLine", '\n' },
		{ "amp", '&' }, { "quot", '"' }, { "apos", '\'' },
		{ "lt", '<' }, { "gt", '>' }, { "sol", '/' },
		{ "lpar", '(' }, { "rpar", ')' }, { "nbsp", ' ' },
		{ "period", '.' }, { "comma", ',' }, { "excl", '!' },
	};
	struct buf	 b;
	const char	*p = s, *q;
	size_t		 i, n;
	long		 c;
	const char	*end;

	buf_init(&b, 8 * strlen(s) + 16);
	while (*p != '\0') {
		if (*p != '&') {
			buf_add(&b, p++, 1);
			continue;
		}
		q = p + 1;
		if (*q == '#') {
			if ((end = char_ref(q + 1, &c)) == NULL) {
				buf_add(&b, p++, 1);
				continue;
			}
			/* Only the ASCII range matters for a scheme. */
			if (c > 0 && c < 0x80) {
				char	 ch = (char)c;

				buf_add(&b, &ch, 1);
			} else
				buf_addstr(&b, "?");
			p = end + (*end == ';');
			continue;
		}
		for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
			n = strlen(named[i].name);
			if (strncmp(q, named[i].name, n) == 0) {
				char	 ch = (char)named[i].c;

				buf_add(&b, &ch, 1);
				p = q + n + (q[n] == ';');
				break;
			}
		}
		if (i == sizeof(named) / sizeof(named[0]))
			buf_add(&b, p++, 1);
	}
	return (buf_take(&b, NULL));
}

/* S without ASCII whitespace and controls, lower case (caller frees). */
static char *
squash(const char *s)
{
	char	*t = xstrdup(s), *w = t;

	for (; *s != '\0'; s++)
		if ((unsigned char)*s > 0x20 && *s != 0x7f)
			*w++ = (char)tolower((unsigned char)*s);
	*w = '\0';
	return (t);
}

static int
starts(const char *s, const char *prefix)
{
	return (strncasecmp(s, prefix, strlen(prefix)) == 0);
}

/*
 * Why attribute NAME="VALUE" (VALUE as written, DECODED after character
 * references) is dangerous, or NULL when it is not.
 */
static const char *
attr_danger(const char *name, const char *value, const char *decoded)
{
	char		*sq, *copy, *part, *save = NULL;
	const char	*why = NULL;

	if (starts(name, "on"))
		return ("event handler attribute");
	if (in_list(bad_attributes, name))
		return ("dangerous attribute");
	if (!in_list(url_attributes, name))
		return (NULL);
	sq = squash(decoded);
	if (starts(sq, "javascript:") || starts(sq, "vbscript:") ||
	    starts(sq, "data:"))
		why = "script or data URL";
	free(sq);
	if (why != NULL)
		return (why);
	/* Beyond the known schemes: only what the sanitiser promises. */
	if (strcasecmp(name, "href") == 0 || strcasecmp(name, "cite") == 0) {
		if (!starts(value, "http://") && !starts(value, "https://") &&
		    !starts(value, "mailto:"))
			return ("link that is not http(s) or mailto");
	} else if (strcasecmp(name, "srcset") == 0) {
		copy = xstrdup(decoded);
		for (part = strtok_r(copy, ",", &save); part != NULL &&
		    why == NULL; part = strtok_r(NULL, ",", &save)) {
			part += strspn(part, " \t\r\n\f");
			if (*part != '\0' && !isdigit((unsigned char)*part) &&
			    !starts(part, "http://") &&
			    !starts(part, "https://"))
				why = "srcset candidate that is not http(s)";
		}
		free(copy);
	} else if (!starts(value, "http://") && !starts(value, "https://"))
		why = "media URL that is not http(s)";
	return (why);
}

static int
is_space(int c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f');
}

/*
 * Reads OUT as an HTML5 tokenizer reads markup in body text: every "<"
 * followed by a letter opens a tag whose attributes are read up to ">".
 * Returns 0, or -1 with WHY (size LEN) saying what is dangerous.
 */
static int
scan_raw(const char *out, char *why, size_t len)
{
	const char	*p = out, *start, *reason;
	char		 tag[64], name[64], *value, *decoded;
	size_t		 n;
	int		 q;

	while ((p = strchr(p, '<')) != NULL) {
		p++;
		if (*p == '!' || *p == '?') {
			snprintf(why, len, "markup declaration \"<%.20s\"", p);
			return (-1);
		}
		if (*p == '/')
			p++;
		if (!isalpha((unsigned char)*p))
			continue;
		for (n = 0; *p != '\0' && !is_space(*p) && *p != '/' &&
		    *p != '>'; p++)
			if (n < sizeof(tag) - 1)
				tag[n++] = (char)tolower((unsigned char)*p);
		tag[n] = '\0';
		if (in_list(bad_elements, tag)) {
			snprintf(why, len, "element <%s>", tag);
			return (-1);
		}
		for (;;) {
			while (is_space(*p) || *p == '/')
				p++;
			if (*p == '\0' || *p == '>')
				break;
			n = 0;
			do {
				if (n < sizeof(name) - 1)
					name[n++] =
					    (char)tolower((unsigned char)*p);
				p++;
			} while (*p != '\0' && !is_space(*p) && *p != '/' &&
			    *p != '>' && *p != '=');
			name[n] = '\0';
			while (is_space(*p))
				p++;
			start = p;
			n = 0;
			if (*p == '=') {
				p++;
				while (is_space(*p))
					p++;
				if (*p == '"' || *p == '\'') {
					q = *p++;
					start = p;
					while (*p != '\0' && *p != q)
						p++;
					n = (size_t)(p - start);
					if (*p != '\0')
						p++;
				} else {
					start = p;
					while (*p != '\0' && !is_space(*p) &&
					    *p != '>')
						p++;
					n = (size_t)(p - start);
				}
			}
			value = xstrndup(start, n);
			decoded = decode_refs(value);
			reason = attr_danger(name, value, decoded);
			if (reason != NULL)
				snprintf(why, len, "<%s %s=\"%.60s\">: %s",
				    tag, name, value, reason);
			free(value);
			free(decoded);
			if (reason != NULL)
				return (-1);
		}
	}
	return (0);
}

/*
 * Parses OUT again with libxml2 and walks the tree without recursion.
 * Returns 0, or -1 with WHY (size LEN) saying what is dangerous.
 */
static int
scan_tree(const char *out, char *why, size_t len)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	xmlAttrPtr	 a;
	xmlChar		*v;
	const char	*reason;
	char		*html, *name;
	int		 rc = 0;

	xasprintf(&html, "<html><body><div id=\"r\">%s</div></body></html>",
	    out);
	doc = parse(html);
	free(html);
	if ((root = select_node(doc, "//div[@id='r']")) == NULL) {
		snprintf(why, len, "output does not parse again");
		xmlFreeDoc(doc);
		return (-1);
	}
	for (n = root->children; n != NULL && rc == 0; ) {
		if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE) {
			snprintf(why, len, "comment or PI in the output");
			rc = -1;
		} else if (n->type == XML_ELEMENT_NODE) {
			if (in_list(bad_elements, (const char *)n->name)) {
				snprintf(why, len, "element <%s>", n->name);
				rc = -1;
			}
			for (a = n->properties; a != NULL && rc == 0;
			    a = a->next) {
				if (a->ns != NULL && a->ns->prefix != NULL)
					xasprintf(&name, "%s:%s",
					    a->ns->prefix, a->name);
				else
					name = xstrdup((const char *)a->name);
				v = xmlNodeListGetString(doc, a->children, 1);
				reason = attr_danger(name,
				    v ? (const char *)v : "",
				    v ? (const char *)v : "");
				if (reason != NULL) {
					snprintf(why, len,
					    "<%s %s=\"%.60s\"> (reparsed): %s",
					    n->name, name,
					    v ? (const char *)v : "", reason);
					rc = -1;
				}
				xmlFree(v);
				free(name);
			}
		}
		if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n != root && n->next == NULL)
			n = n->parent;
		if (n == root)
			break;
		n = n->next;
	}
	xmlFreeDoc(doc);
	return (rc);
}

/* Any numeric character reference to a character XML 1.0 forbids. */
static int
bad_char_ref(const char *s)
{
	const char	*p = s;
	long		 c;

	while ((p = strstr(p, "&#")) != NULL) {
		p += 2;
		if (char_ref(p, &c) == NULL)
			continue;
		if (!(c == 0x9 || c == 0xa || c == 0xd ||
		    (c >= 0x20 && c <= 0xd7ff) ||
		    (c >= 0xe000 && c <= 0xfffd) ||
		    (c >= 0x10000 && c <= 0x10ffff)))
			return (1);
	}
	return (0);
}

/* 1 if OUT (NULL counts) is safe; prints why not. */
static int
safe(const char *out, const char *input)
{
	char	 why[256];

	if (out == NULL)
		return (1);
	if (!text_xml_safe(out))
		snprintf(why, sizeof(why), "not valid UTF-8 / XML characters");
	else if (bad_char_ref(out))
		snprintf(why, sizeof(why), "reference to a forbidden character");
	else if (strlen(out) > SANITIZE_MAX_HTML)
		snprintf(why, sizeof(why), "larger than SANITIZE_MAX_HTML");
	else if (scan_raw(out, why, sizeof(why)) == 0 &&
	    scan_tree(out, why, sizeof(why)) == 0)
		return (1);
	if (!quiet)
		printf("#   danger: %s\n#   input:  %s\n#   output: %.500s\n",
		    why, input, out);
	return (0);
}

/* Sanitises INNER and checks the output is safe. */
static void
expect_safe(const char *inner, const char *what)
{
	char	*out = run(inner);

	tap_ok(safe(out, inner), what);
	free(out);
}

/* The checker itself must see what a browser would run. */
static void
test_checker(void)
{
	static const char *bad[] = {
		"<img src=x onerror=alert(1)>",
		"<p><IMG SRC=\"http://e.example/\" OnError=alert(1)></p>",
		"<img/src=\"http://e.example/\"/onerror=alert(1)>",
		"<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
		"<a href=' JaVaScRiPt:alert(1)'>x</a>",
		"<a href=\"java\nscript:alert(1)\">x</a>",
		"<a href=\"&#106;avascript:alert(1)\">x</a>",
		"<a href=\"javascript&colon;alert(1)\">x</a>",
		"<a href=\"vbscript:x\">x</a>",
		"<img src=\"data:image/png,x\">",
		"<img srcset=\"http://e.example/a 1x, javascript:x 2x\">",
		"<a href=\"/relative\">x</a>",
		"<svg></svg>", "<math></math>", "<SCRIPT>x</SCRIPT>",
		"<style></style>", "<iframe></iframe>", "<form></form>",
		"<object></object>", "<embed>", "<p style=\"x\">x</p>",
		"<!-- c -->", "<![CDATA[x]]>", "a\x01b", "a&#1;b",
		"a\xef\xbf\xbe" "b", "<p>\xc3\x28</p>",
		NULL
	};
	size_t	 i;
	int	 all = 1;

	quiet = 1;
	for (i = 0; bad[i] != NULL; i++)
		if (safe(bad[i], bad[i])) {
			printf("#   checker missed: %s\n", bad[i]);
			all = 0;
		}
	quiet = 0;
	tap_ok(all, "the checker flags known dangerous output");
	tap_ok(safe("<p>Hi <a href=\"https://e.example/?a=1&amp;b=2\" "
	    "title=\"on\">x</a><img src=\"http://e.example/a.png\" "
	    "srcset=\"http://e.example/a.png 1x\" alt=\"javascript:\"></p>",
	    "benign"), "the checker passes benign output");
}

static void
test_simple(void)
{
	expect("<p>Hi <b>there</b></p>", "<p>Hi <b>there</b></p>",
	    "plain markup is kept as is");
	expect("  <p>x</p>\n\n", "<p>x</p>", "surrounding whitespace trimmed");
	expect("<p>a<foo>b<bar>c<baz>d</baz>e</bar>f</foo>g</p>",
	    "<p>abcdefg</p>",
	    "nested unknown elements unwrapped, text and order kept");
	expect("<center><font color=\"red\">one <em>two</em></font> "
	    "three</center>", "one <em>two</em> three",
	    "unknown elements around kept ones unwrapped");
	expect("<x-card><p>one</p><p>two</p></x-card>",
	    "<p>one</p>\n<p>two</p>", "custom element unwrapped");
	expect("<p>a<!-- secret -->b</p>", "<p>ab</p>", "comments removed");
	expect("<!--[if IE]><script>alert(1)</script><![endif]--><p>x</p>",
	    "<p>x</p>", "conditional comment removed");
	expect("<p>a &amp; b &lt; c &gt; d</p>",
	    "<p>a &amp; b &lt; c &gt; d</p>", "& < > stay escaped");
	expect("&lt;script&gt;alert(1)&lt;/script&gt;",
	    "&lt;script&gt;alert(1)&lt;/script&gt;",
	    "escaped markup stays text");
	expect("<p title=\"a &quot;b&quot; &lt;c&gt;\">x</p>",
	    "<p title='a \"b\" &lt;c&gt;'>x</p>",
	    "quotes in an attribute cannot end it");
	expect("<p class=\"x\" id=\"y\" style=\"color:red\" "
	    "onclick=\"alert(1)\" lang=\"en\">x</p>", "<p lang=\"en\">x</p>",
	    "only allowlisted attributes kept");
	expect("<p>one<script>alert(1)</script>two</p>", "<p>onetwo</p>",
	    "script removed with its content");
	expect("<p>one<style>p{}</style>two</p>", "<p>onetwo</p>",
	    "style removed with its content");
	expect("<p>one<iframe src=\"http://e.example/\">in</iframe>two</p>",
	    "<p>onetwo</p>", "iframe removed with its content");
	expect("<form><p>in form</p></form><p>after</p>", "<p>after</p>",
	    "form removed with its content");
	expect("<object data=\"x.swf\"><p>fallback</p></object>", NULL,
	    "object removed with its content");
	expect("<script>alert(1)</script>", NULL,
	    "an element with only a script gives NULL");
	expect("<script>a()</script> \n <style>p{}</style><!-- c -->", NULL,
	    "only scripts, styles, comments and space give NULL");
	expect("", NULL, "an empty element gives NULL");
	expect("<table><tr><td colspan=\"2\">x</td></tr></table>",
	    "<table><tr><td colspan=\"2\">x</td></tr></table>",
	    "tables kept");
}

static void
test_urls(void)
{
	char	*out;

	expect("<a href=\"/x\">x</a>", "<a href=\"http://example.org/x\">x</a>",
	    "root-relative href made absolute");
	expect("<a href=\"y.html?a=1#f\">y</a>",
	    "<a href=\"http://example.org/news/y.html?a=1#f\">y</a>",
	    "relative href made absolute");
	expect("<a href=\"//cdn.example/z\">z</a>",
	    "<a href=\"http://cdn.example/z\">z</a>",
	    "scheme-relative href takes the base's scheme");
	expect("<a href=\"https://other.example/p\">p</a>",
	    "<a href=\"https://other.example/p\">p</a>",
	    "absolute https href kept");
	expect("<img src=\"a.png\" srcset=\"a.png 1x, /b.png 2x\" "
	    "onerror=\"alert(1)\" alt=\"A\">",
	    "<img src=\"http://example.org/news/a.png\" "
	    "srcset=\"http://example.org/news/a.png 1x, "
	    "http://example.org/b.png 2x\" alt=\"A\">",
	    "img src and srcset absolute, onerror gone");
	expect("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"d\">",
	    "<img alt=\"d\">", "data: img src dropped");
	expect("<img srcset=\"data:image/png;base64,AAAA 1x\" alt=\"d\">",
	    "<img alt=\"d\">",
	    "data: srcset candidate dropped");
	/* In srcset only whitespace ends a URL; commas may be inside it. */
	expect("<img srcset=\"/i/w_400,h_300/a.jpg 1x, /i/w_800,h_600/a.jpg "
	    "2x\">",
	    "<img srcset=\"http://example.org/i/w_400,h_300/a.jpg 1x, "
	    "http://example.org/i/w_800,h_600/a.jpg 2x\">",
	    "srcset URLs holding commas kept whole");
	expect("<a href=\"mailto:ed@example.org\">m</a>",
	    "<a href=\"mailto:ed@example.org\">m</a>", "mailto: link kept");
	expect("<img src=\"mailto:ed@example.org\" alt=\"m\">",
	    "<img alt=\"m\">", "mailto: not kept as img src");
	expect("<video poster=\"p.jpg\" src=\"v.mp4\" controls></video>",
	    "<video poster=\"http://example.org/news/p.jpg\" "
	    "src=\"http://example.org/news/v.mp4\" controls></video>",
	    "video poster and src absolute");
	expect("<blockquote cite=\"/src\">q</blockquote>",
	    "<blockquote cite=\"http://example.org/src\">q</blockquote>",
	    "blockquote cite absolute");
	expect("<a href=\"ftp://ftp.example/f\">f</a>", "<a>f</a>",
	    "ftp: href dropped");
	expect("<a href=\"javascript:alert(1)\">j</a>", "<a>j</a>",
	    "javascript: href dropped, text kept");

	/* Without a base, a relative URL cannot be made absolute. */
	out = run_at("<a href=\"/x\">x</a><a href=\"http://e.example/\">e</a>",
	    "//div[@id='c']", NULL);
	tap_str(out, "<a>x</a><a href=\"http://e.example/\">e</a>",
	    "no base: relative href dropped, absolute kept");
	free(out);

	/*
	 * libxml2 writes href and src without escaping "&", so a browser
	 * reading the output decodes "&copy" in a query string.
	 */
	out = run("<a href=\"http://e.example/?a=1&amp;copy=2\">q</a>");
	tap_ok(out != NULL && strstr(out, "&copy=2") == NULL &&
	    strstr(out, "copy=2") != NULL,
	    "& in an href query is written as &amp;");
	if (out != NULL && strstr(out, "&copy=2") != NULL)
		printf("#   got: %s\n", out);
	free(out);
}

/* Sanitises the div holding TEXT as a text node built without a parser. */
static char *
run_text_node(const char *text, const char *alt)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 div, p, img;
	char		*out;

	doc = htmlNewDocNoDtD(NULL, NULL);
	div = xmlNewDocNode(doc, NULL, (const xmlChar *)"div", NULL);
	xmlDocSetRootElement(doc, div);
	p = xmlNewChild(div, NULL, (const xmlChar *)"p", NULL);
	xmlAddChild(p, xmlNewDocText(doc, (const xmlChar *)text));
	img = xmlNewChild(div, NULL, (const xmlChar *)"img", NULL);
	xmlNewProp(img, (const xmlChar *)"alt", (const xmlChar *)alt);
	xmlNewProp(img, (const xmlChar *)"title", (const xmlChar *)alt);
	out = sanitize_html(div, BASE);
	xmlFreeDoc(doc);
	return (out);
}

static void
test_characters(void)
{
	char	*out;

	out = run("<p>a\x01" "b&#1;c&#x1;d\xef\xbf\xbe" "e&#xFFFE;f&#0;g</p>"
	    "<img alt=\"x\x01y&#1;z\xef\xbf\xbe&#xfffe;\">");
	tap_ok(out != NULL && text_xml_safe(out) && !bad_char_ref(out) &&
	    strstr(out, "\xef\xbf\xbe") == NULL,
	    "U+0001 and U+FFFE from the parser never in the output");
	if (out != NULL && (!text_xml_safe(out) || bad_char_ref(out)))
		printf("#   got: %s\n", out);
	free(out);

	out = run_text_node("a\x01" "b\xef\xbf\xbe" "c\x0b" "d\xc3\x28" "e",
	    "x\x01y\xef\xbf\xbf" "z\x1f");
	tap_ok(out != NULL && text_xml_safe(out) && !bad_char_ref(out),
	    "forbidden characters and bad UTF-8 in built nodes filtered");
	if (out != NULL && (!text_xml_safe(out) || bad_char_ref(out)))
		printf("#   got: %s\n", out);
	tap_ok(out != NULL && strstr(out, "<p>a") != NULL &&
	    strstr(out, "e</p>") != NULL, "text around them kept");
	free(out);

	expect("<p>caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80</p>",
	    "<p>caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80</p>",
	    "non-ASCII UTF-8 kept as is");
}

static void
test_depth(void)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 div, n;
	struct buf	 b;
	char		*html, *out;
	int		 i, depth;

	/* Parsed: libxml2 may stop nesting at its own limit. */
	buf_init(&b, 2000 * 11 + 64);
	for (i = 0; i < 2000; i++)
		buf_addstr(&b, "<div>");
	buf_addstr(&b, "deep<img src=x onerror=alert(1)>");
	for (i = 0; i < 2000; i++)
		buf_addstr(&b, "</div>");
	html = buf_take(&b, NULL);
	out = run(html);
	tap_ok(out != NULL && safe(out, "2000 nested <div>"),
	    "2000 parsed levels of <div>: no crash, safe output");
	free(out);
	free(html);

	/* Built: 2000 real levels, past any parser limit. */
	doc = htmlNewDocNoDtD(NULL, NULL);
	div = xmlNewDocNode(doc, NULL, (const xmlChar *)"div", NULL);
	xmlDocSetRootElement(doc, div);
	for (n = div, i = 0; i < 2000; i++)
		n = xmlNewChild(n, NULL, (const xmlChar *)(i % 2 ? "div" :
		    "blink"), NULL);
	xmlNewChild(n, NULL, (const xmlChar *)"script",
	    (const xmlChar *)"alert(1)");
	xmlAddChild(n, xmlNewDocText(doc, (const xmlChar *)"bottom"));
	out = sanitize_html(div, BASE);
	xmlFreeDoc(doc);
	tap_ok(out == NULL || safe(out, "2000 built levels"),
	    "2000 built levels of <div>/<blink>: no crash, safe output");
	for (depth = 0, html = out; html != NULL &&
	    (html = strstr(html, "<div>")) != NULL; html++)
		depth++;
	tap_ok(depth <= 2000, "built nesting not deepened");
	free(out);
}

static void
test_size(void)
{
	struct buf	 b;
	char		*html, *out;
	size_t		 i;

	/* One big text node. */
	buf_init(&b, 1200 * 1024);
	buf_addstr(&b, "<p>");
	for (i = 0; i < 1024 * 1024 / 64; i++)
		buf_addstr(&b, "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcde ");
	buf_addstr(&b, "</p>");
	html = buf_take(&b, NULL);
	out = run(html);
	tap_ok(out == NULL || strlen(out) <= SANITIZE_MAX_HTML,
	    "1 MB of text: NULL or at most SANITIZE_MAX_HTML");
	free(out);
	free(html);

	/* Many small elements. */
	buf_init(&b, 1200 * 1024);
	for (i = 0; i < 1024 * 1024 / 32; i++)
		buf_addstr(&b, "<p><b>0123456789</b>abcde</p>\n");
	html = buf_take(&b, NULL);
	out = run(html);
	tap_ok(out == NULL || strlen(out) <= SANITIZE_MAX_HTML,
	    "1 MB of small elements: NULL or at most SANITIZE_MAX_HTML");
	free(out);
	free(html);

	/* Just under the cap survives. */
	buf_init(&b, 200 * 1024);
	buf_addstr(&b, "<p>");
	for (i = 0; i < 100 * 1024 / 16; i++)
		buf_addstr(&b, "0123456789abcde ");
	buf_addstr(&b, "</p>");
	html = buf_take(&b, NULL);
	out = run(html);
	tap_ok(out != NULL && strcmp(out, html) == 0,
	    "100 kB of content kept whole");
	free(out);
	free(html);

	/* Dropped elements do not count towards the cap. */
	buf_init(&b, 1200 * 1024);
	buf_addstr(&b, "<p>kept</p><script>");
	for (i = 0; i < 1024 * 1024 / 16; i++)
		buf_addstr(&b, "var a = 1;     ");
	buf_addstr(&b, "</script>");
	html = buf_take(&b, NULL);
	out = run(html);
	tap_str(out, "<p>kept</p>", "1 MB script dropped, the rest kept");
	free(out);
	free(html);
}

static void
test_odd_nodes(void)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 n;

	tap_ok(sanitize_html(NULL, BASE) == NULL, "NULL node gives NULL");
	doc = parse("<html><body><div id=\"c\">text</div></body></html>");
	n = select_node(doc, "//div[@id='c']/text()");
	tap_ok(n != NULL && sanitize_html(n, BASE) == NULL,
	    "a text node gives NULL");
	xmlFreeDoc(doc);
}

/*
 * The content selector is the config's, but the page decides what it
 * matches: a hostile page can give a <script> or <style> the class the
 * selector wants, and that element itself becomes the container.
 */
static void
test_containers(void)
{
	static const struct {
		const char	*html, *xpath;
	} cases[] = {
		{ "<script class=\"post\">var s = \"<img src=x "
		    "onerror=alert(1)>\";</script>", "//script" },
		{ "<script type=\"text/template\"><a href=\"javascript:"
		    "alert(1)\">x</a><svg onload=alert(1)></script>",
		    "//script" },
		{ "<style><img src=x onerror=alert(1)></style>", "//style" },
		{ "<noscript><img src=x onerror=alert(1)></noscript>",
		    "//noscript" },
		{ "<textarea><img src=x onerror=alert(1)></textarea>",
		    "//textarea" },
		{ "<iframe><img src=x onerror=alert(1)></iframe>",
		    "//iframe" },
		{ "<svg><script>alert(1)</script><a xlink:href=\"javascript:"
		    "alert(1)\">x</a></svg>", "//svg" },
		{ "<object data=\"x\"><embed src=\"javascript:alert(1)\">"
		    "<img src=x onerror=alert(1)></object>", "//object" },
		{ "<template><img src=x onerror=alert(1)></template>",
		    "//template" },
	};
	char	*out, what[128];
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		out = run_at(cases[i].html, cases[i].xpath, BASE);
		snprintf(what, sizeof(what), "%s as the container: no markup "
		    "leaks", cases[i].xpath + 2);
		tap_ok(safe(out, cases[i].html), what);
		free(out);
	}
}

/* Well-known XSS and mutation XSS vectors. */
static const char *vectors[] = {
	"<svg onload=alert(1)>",
	"<svg><script>alert(1)</script></svg>",
	"<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\">x</text>"
	    "</a></svg>",
	"<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
	"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
	"<math><mtext><table><mglyph><style><!--</style>"
	    "<img title=\"--&gt;&lt;img src=1 onerror=alert(1)&gt;\">",
	"<form><math><mtext></form><form><mglyph><style></math>"
	    "<img src onerror=alert(1)>",
	"<math><maction actiontype=\"statusline\" "
	    "xlink:href=\"javascript:alert(1)\">x</maction></math>",
	"<math href=\"javascript:alert(1)\">x</math>",
	"<a href=\"javascript&colon;alert(1)\">x</a>",
	"<a href=\"javascript&#58;alert(1)\">x</a>",
	"<a href=\"javascript&#x3A;alert(1)\">x</a>",
	"<a href=\"&#106;avascript:alert(1)\">x</a>",
	"<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099"
	    "&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)\">x</a>",
	"<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;"
	    "&#x74;&#x3A;alert(1)\">x</a>",
	"<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
	"<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
	"<a href=\"jav&#x0D;ascript:alert(1)\">x</a>",
	"<a href=\"jav&Tab;ascript:alert(1)\">x</a>",
	"<a href=\" JaVaScRiPt:alert(1)\">x</a>",
	"<a href=\"java\nscript:alert(1)\">x</a>",
	"<a href=\"java\tscript:alert(1)\">x</a>",
	"<a href=\"&#14; javascript:alert(1)\">x</a>",
	"<a href=\"\x01javascript:alert(1)\">x</a>",
	"<a href=\"java&#0;script:alert(1)\">x</a>",
	"<A HREF=\"JAVASCRIPT:alert(1)\">x</A>",
	"<a href=javascript:alert(1)>x</a>",
	"<a href=`javascript:alert(1)`>x</a>",
	"<a href=\"vbscript:msgbox(1)\">x</a>",
	"<a href=\"VBScript:msgbox(1)\">x</a>",
	"<a href=\"data:text/html;base64,"
	    "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
	"<a href=\"  data:text/html,<script>alert(1)</script>\">x</a>",
	"<a href=\"http:javascript:alert(1)\">x</a>",
	"<a href=\"javascript://%0aalert(1)\">x</a>",
	"<a href=\"javascript:alert(1)\" onmouseover=alert(1)>x</a>",
	"<a href=\"http://example.org/\" onfocus=alert(1) autofocus "
	    "tabindex=1>x</a>",
	"<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
	"<iframe src=\"javascript:alert(1)\"></iframe>",
	"<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
	"<frameset onload=alert(1)>",
	"<form action=\"javascript:alert(1)\"><input type=submit></form>",
	"<form><button formaction=\"javascript:alert(1)\">x</button></form>",
	"<button formaction=javascript:alert(1)>x</button>",
	"<input type=image src=x onerror=alert(1)>",
	"<input autofocus onfocus=alert(1)>",
	"<isindex action=javascript:alert(1) type=image>",
	"<base href=\"javascript:alert(1)//\">",
	"<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
	"<meta http-equiv=\"refresh\" content=\"0;url=data:text/html;base64,"
	    "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg\">",
	"<link rel=\"import\" href=\"data:text/html,&lt;script&gt;alert(1)"
	    "&lt;/script&gt;\">",
	"<link rel=stylesheet href=\"javascript:alert(1)\">",
	"<object data=\"javascript:alert(1)\"></object>",
	"<object data=\"data:text/html;base64,"
	    "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
	"<object classid=\"clsid:x\"><param name=src value=x></object>",
	"<embed src=\"javascript:alert(1)\">",
	"<embed src=\"data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEp"
	    "PC9zY3JpcHQ+PC9zdmc+\">",
	"<applet code=\"x.class\"></applet>",
	"<details open ontoggle=alert(1)>x</details>",
	"<video><source onerror=\"alert(1)\"></video>",
	"<video src=x onerror=alert(1)></video>",
	"<video poster=javascript:alert(1)></video>",
	"<audio src=x onerror=alert(1)>",
	"<audio src=\"javascript:alert(1)\"></audio>",
	"<picture><source srcset=\"javascript:alert(1)\"><img src=x></picture>",
	"<video><track src=\"javascript:alert(1)\"></video>",
	"<img src=x:alert(1) onerror=eval(src)>",
	"<img src=x onerror=alert(1)>",
	"<img src=\"x\" ONERROR=\"alert(1)\">",
	"<img src=x onerror\n=alert(1)>",
	"<img/src=x/onerror=alert(1)>",
	"<img src=\"javascript:alert(1)\">",
	"<img src=\"  javascript:alert(1)\">",
	"<img dynsrc=\"javascript:alert(1)\" lowsrc=\"javascript:alert(1)\">",
	"<img srcset=\"javascript:alert(1) 1x, x.png 2x\">",
	"<img srcset=\",,,javascript:alert(1) 2x\">",
	"<img srcset=\"x.png 1x\\\" onerror=alert(1) x=\\\"\">",
	"<img \"\"\"><script>alert(1)</script>\">",
	"<img src=\"x` `<script>alert(1)</script>\"` `>",
	"<img title=\"\"><script>alert(1)</script>\">",
	"<blockquote cite=\"javascript:alert(1)\">q</blockquote>",
	"<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
	"<td background=\"javascript:alert(1)\">x</td>",
	"<div style=\"background:url(javascript:alert(1))\">x</div>",
	"<p style=\"x:expression(alert(1))\">x</p>",
	"<div style=\"behavior: url(x.htc)\">x</div>",
	"<body onload=alert(1)>",
	"<marquee onstart=alert(1)>x</marquee>",
	"<div onclick=\"alert(1)\" OnMouseOver=\"alert(1)\">x</div>",
	"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
	"<xmp><img src=x onerror=alert(1)></xmp>",
	"<xmp></xmp><img src=x onerror=alert(1)>",
	"<noembed><img title=\"</noembed><img src onerror=alert(1)>\">"
	    "</noembed>",
	"<noframes><img title=\"</noframes><img src onerror=alert(1)>\">"
	    "</noframes>",
	"<textarea><img src=x onerror=alert(1)></textarea>",
	"<textarea></textarea><img src=x onerror=alert(1)>",
	"<title><img src=x onerror=alert(1)></title>",
	"<style><img src=x onerror=alert(1)></style>",
	"<style>*{x:expression(alert(1))}</style><p>x</p>",
	"<template><img src=x onerror=alert(1)></template>",
	"<plaintext><img src=x onerror=alert(1)>",
	"<scr<script>ipt>alert(1)</scr</script>ipt>",
	"<<script>alert(1)//<</script>",
	"<script/xss src=\"http://evil.example/x.js\"></script>",
	"<script>alert(1)</script",
	"<div><![CDATA[<img src=x onerror=alert(1)>]]></div>",
	"<![CDATA[><img src=x onerror=alert(1)>]]>",
	"<!--<img src=\"--><img src=x onerror=alert(1)//\">",
	"<!-- --!><img src=x onerror=alert(1)> -->",
	"<?xml-stylesheet href=\"javascript:alert(1)\"?><p>x</p>",
	"<p>x</p></div><script>alert(1)</script><div>",
	"</div><img src=x onerror=alert(1)><div>",
	"<div id=\"x\"><a href=\"javascript:alert(1)\" "
	    "id=\"c\">nested</a></div>",
	"<portal src=\"javascript:alert(1)\"></portal>",
	"<a href=\"#\" style=\"position:fixed;top:0;left:0;width:100%;"
	    "height:100%\">overlay</a>",
	"<x onclick=alert(1)>x</x>",
	"<keygen autofocus onfocus=alert(1)>",
	"<select autofocus onfocus=alert(1)>",
	"<a href=\"javascript:alert(1)\"><svg><a xlink:href=\"javascript:"
	    "alert(1)\">x</a></svg></a>",
	"<math><mi xlink:href=\"data:x,<script>alert(1)</script>\">x</mi>"
	    "</math>",
	"<table><td><style><img src=x onerror=alert(1)></style></td></table>",
	"<table><tr><td>a</td></tr><script>alert(1)</script></table>",
	"<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
	"<svg><p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
	"<img src=\"http://example.org/a.png\" onerror&#61;alert(1)>",
	"<a href=\"http://example.org/\"\nonclick=alert(1)>x</a>",
	"<a href=\"http://example.org/&quot; onclick=&quot;alert(1)\">x</a>",
	"<a href='http://example.org/\"onclick=\"alert(1)'>x</a>",
	"<a href=\"http://example.org/?<script>alert(1)</script>\">x</a>",
	"<img alt=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">",
	"<img alt=\"x' onerror='alert(1)\" title='y\" onerror=\"alert(1)'>",
	NULL
};

static void
test_vectors(void)
{
	char	*out, what[160], *p;
	size_t	 i;

	for (i = 0; vectors[i] != NULL; i++) {
		/* The body holds whatever the parser moved out of the div. */
		out = run_at(vectors[i], "//body", BASE);
		snprintf(what, sizeof(what), "vector %zu: %.100s", i + 1,
		    vectors[i]);
		for (p = what; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20)
				*p = ' ';
		tap_ok(safe(out, vectors[i]), what);
		free(out);
	}
	tap_ok(i >= 20, "at least 20 vectors");

	/* Some vectors in built trees, skipping the parser. */
	expect_safe("<a href=\"&#x20;&#x20;javascript:alert(1)\">x</a>",
	    "entity spaces before javascript:");
	expect_safe("<img src=\"x\" srcset=\"x 1x, javascript:alert(1) 2x\">",
	    "javascript: in a later srcset candidate");
}

/* A <div> holding a <p> with "before", for nodes added by hand. */
static xmlNodePtr
built_p(xmlDocPtr *docp)
{
	xmlNodePtr	 div;

	*docp = htmlNewDocNoDtD(NULL, NULL);
	div = xmlNewDocNode(*docp, NULL, (const xmlChar *)"div", NULL);
	xmlDocSetRootElement(*docp, div);
	return (xmlNewChild(div, NULL, (const xmlChar *)"p",
	    (const xmlChar *)"before"));
}

/*
 * Node types libxml2's HTML parser makes only inside <script> and <style>
 * (CDATA) or never (PIs, entity references), put where content is kept.
 */
static void
test_built_nodes(void)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 p;
	char		*out;
	const char	*evil = "x > <img src=x onerror=alert(1)> ]]> "
	    "<script>alert(1)</script>";

	p = built_p(&doc);
	xmlAddChild(p, xmlNewDocPI(doc, (const xmlChar *)"php",
	    (const xmlChar *)"<img src=x onerror=alert(1)>"));
	xmlAddChild(p, xmlNewDocComment(doc,
	    (const xmlChar *)"--><img src=x onerror=alert(1)>"));
	xmlAddChild(p, xmlNewReference(doc, (const xmlChar *)"&lt;"));
	out = sanitize_html(xmlDocGetRootElement(doc), BASE);
	xmlFreeDoc(doc);
	tap_str(out, "<p>before</p>",
	    "PI, comment and entity reference nodes removed");
	free(out);

	p = built_p(&doc);
	xmlAddChild(p, xmlNewCDataBlock(doc, (const xmlChar *)evil,
	    (int)strlen(evil)));
	out = sanitize_html(xmlDocGetRootElement(doc), BASE);
	xmlFreeDoc(doc);
	tap_ok(safe(out, "CDATA section holding markup, inside <p>"),
	    "a CDATA section outside <script>/<style> cannot carry markup");
	free(out);
}

/* Attribute names and values built without a parser. */
static void
test_built_attributes(void)
{
	static const char *hrefs[] = {
		"javascript:alert(1)", " javascript:alert(1)",
		"\tjavascript:alert(1)", "java\nscript:alert(1)",
		"JaVaScRiPt:alert(1)", "java\x01script:alert(1)",
		"\x01javascript:alert(1)", "javascript\t:alert(1)",
		"vbscript:x", "data:text/html,<script>alert(1)</script>",
		"jav\xc2\xa0" "ascript:alert(1)",
		"\xe2\x80\x8bjavascript:alert(1)",
		"javascript:alert(1)//http://example.org/",
		NULL
	};
	xmlDocPtr	 doc;
	xmlNodePtr	 div, a, img;
	char		*out, what[128];
	size_t		 i;

	for (i = 0; hrefs[i] != NULL; i++) {
		doc = htmlNewDocNoDtD(NULL, NULL);
		div = xmlNewDocNode(doc, NULL, (const xmlChar *)"div", NULL);
		xmlDocSetRootElement(doc, div);
		a = xmlNewChild(div, NULL, (const xmlChar *)"a",
		    (const xmlChar *)"x");
		xmlNewProp(a, (const xmlChar *)"href",
		    (const xmlChar *)hrefs[i]);
		xmlNewProp(a, (const xmlChar *)"ONCLICK",
		    (const xmlChar *)"alert(1)");
		img = xmlNewChild(div, NULL, (const xmlChar *)"IMG", NULL);
		xmlNewProp(img, (const xmlChar *)"SRC",
		    (const xmlChar *)hrefs[i]);
		xmlNewProp(img, (const xmlChar *)"srcset",
		    (const xmlChar *)hrefs[i]);
		xmlNewProp(img, (const xmlChar *)"Style",
		    (const xmlChar *)"x:y");
		out = sanitize_html(div, BASE);
		xmlFreeDoc(doc);
		snprintf(what, sizeof(what), "built href/src %zu dropped", i);
		tap_ok(safe(out, hrefs[i]), what);
		free(out);
	}
}

int
main(void)
{
	const char	*v = getenv("SANITIZE_VERBOSE");

	verbose = v != NULL && *v != '\0' && *v != '0';
	LIBXML_TEST_VERSION
	test_checker();
	test_simple();
	test_urls();
	test_characters();
	test_depth();
	test_size();
	test_odd_nodes();
	test_containers();
	test_vectors();
	test_built_attributes();
	test_built_nodes();
	xmlCleanupParser();
	return (tap_done());
}
