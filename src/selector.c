/*
 * selector.c: configured selectors to compiled XPath.  CSS is translated by
 * css.c; the XPath is compiled once and tried on a tiny document, so an
 * unknown function fails at load time, with its line.  Compiled expressions
 * are shared through an xmlHash keyed by the XPath text: a thousand sources
 * with the same selectors hold one compiled copy (each costs kilobytes).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

#include "css.h"
#include "log.h"
#include "jsonpath.h"
#include "selector.h"
#include "util.h"

struct selector_cache {
	xmlHashTablePtr	 sc_hash;	/* XPath text → xmlXPathCompExprPtr */
};

struct selector_cache *
selector_cache_new(void)
{
	struct selector_cache	*cache;

	cache = xcalloc(1, sizeof(*cache));
	if ((cache->sc_hash = xmlHashCreate(64)) == NULL)
		fatalx("xmlHashCreate");
	return (cache);
}

static void
selector_comp_free(void *comp, const xmlChar *name)
{
	(void)name;
	xmlXPathFreeCompExpr(comp);
}

void
selector_cache_free(struct selector_cache *cache)
{
	if (cache == NULL)
		return;
	xmlHashFree(cache->sc_hash, selector_comp_free);
	free(cache);
}

void
selector_free(struct selector *sel)
{
	free_all(sel->sel_spec, sel->sel_xpath, sel->sel_attr, sel->sel_js);
	jsonpath_free(sel->sel_json);
	/* sel_comp belongs to the cache. */
	memset(sel, 0, sizeof(*sel));
}

/* libxml2 reports XPath syntax errors through this; we want them as text. */
static void
selector_xml_error(void *ctx, xmlErrorPtr err)
{
	char	**last = ctx;

	if (*last == NULL && err != NULL && err->message != NULL) {
		*last = xstrdup(err->message);
		(*last)[strcspn(*last, "\n")] = '\0';
	}
}

static void
selector_xml_mute(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static int
selector_try(xmlXPathCompExprPtr comp, char **xerr)
{
	static const char	 html[] = "<html><head><title>t</title></head>"
	    "<body><div><p>x</p></div></body></html>";
	xmlDocPtr		 doc;
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 obj;
	int			 rv = -1;

	*xerr = NULL;
	if ((doc = xmlReadMemory(html, sizeof(html) - 1, NULL, NULL,
	    XML_PARSE_NONET)) == NULL)
		return (0);	/* cannot test: let it be */
	if ((ctx = xmlXPathNewContext(doc)) != NULL) {
		ctx->node = xmlDocGetRootElement(doc);
		xmlStructuredErrorFunc	 oldf = xmlStructuredError;
		void			*oldc = xmlStructuredErrorContext;
		xmlGenericErrorFunc	 oldg = xmlGenericError;
		void			*oldgc = xmlGenericErrorContext;

		/* Some XPath errors only go to the generic handler: mute it. */
		xmlSetGenericErrorFunc(NULL, selector_xml_mute);
		xmlSetStructuredErrorFunc(xerr,
		    (xmlStructuredErrorFunc)(void (*)(void))selector_xml_error);
		obj = xmlXPathCompiledEval(comp, ctx);
		xmlSetStructuredErrorFunc(oldc, oldf);
		xmlSetGenericErrorFunc(oldgc, oldg);
		if (obj != NULL)
			rv = 0;
		xmlXPathFreeObject(obj);
		xmlXPathFreeContext(ctx);
	}
	xmlFreeDoc(doc);
	return (rv);
}

/* SPEC (CSS and " @attr", or "xpath:EXPR") into SEL's XPath and attribute. */
static int
selector_translate(struct selector *sel, const char *spec, int relative,
    int allow_attr, char **cause)
{
	const char	*x, *a;
	char		*css, *at, *q, *xp;
	size_t		 len;
	int		 rv = -1;

	if (strncmp(spec, "xpath:", 6) == 0) {
		for (x = spec + 6; isspace((unsigned char)*x); x++)
			;
		if (*x == '\0') {
			*cause = xstrdup("empty XPath expression");
			return (-1);
		}
		sel->sel_xpath = xstrdup(x);
		return (0);
	}
	css = xstrdup(spec);
	/* A trailing " @attr" takes an attribute of the selected node. */
	at = strrchr(css, '@');
	if (at != NULL && (at == css || isspace((unsigned char)at[-1]))) {
		a = at + 1;
		if (!allow_attr) {
			*cause = xstrdup("an item selector cannot take an "
			    "attribute");
			goto out;
		}
		if (*a == '\0' || strspn(a, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:.") != strlen(a)) {
			xasprintf(cause, "bad attribute name '@%s'", a);
			goto out;
		}
		sel->sel_attr = xstrdup(a);
		for (q = sel->sel_attr; *q; q++)
			*q = tolower((unsigned char)*q);
		*at = '\0';
		len = strlen(css);
		while (len > 0 && isspace((unsigned char)css[len - 1]))
			css[--len] = '\0';
	}
	if (css[0] == '\0' && sel->sel_attr != NULL)
		sel->sel_xpath = xstrdup(".");	/* the item itself */
	else if ((xp = css_to_xpath(css, relative, cause)) == NULL)
		goto out;
	else {
		/* The translation's buffer has room to spare: kept per source. */
		sel->sel_xpath = xstrdup(xp);
		free(xp);
	}
	rv = 0;
out:
	free(css);
	return (rv);
}

/* XPATH compiled and tried once, or NULL with *cause set. */
static xmlXPathCompExprPtr
selector_xpath(const char *xpath, char **cause)
{
	xmlXPathCompExprPtr	 comp;
	xmlStructuredErrorFunc	 oldf = xmlStructuredError;
	void			*oldc = xmlStructuredErrorContext;
	char			*xerr = NULL;

	xmlSetStructuredErrorFunc(&xerr,
	    (xmlStructuredErrorFunc)(void (*)(void))selector_xml_error);
	comp = xmlXPathCompile((const xmlChar *)xpath);
	xmlSetStructuredErrorFunc(oldc, oldf);
	/*
	 * Unknown functions and variables only fail when evaluated: try the
	 * expression once on a tiny document, so they fail here, with a line.
	 */
	if (comp != NULL) {
		free(xerr);
		if (selector_try(comp, &xerr) == 0) {
			free(xerr);
			return (comp);
		}
		xmlXPathFreeCompExpr(comp);
	}
	xasprintf(cause, "invalid XPath '%s'%s%s", xpath, xerr ? ": " : "",
	    xerr ? xerr : "");
	free(xerr);
	return (NULL);
}

int
selector_compile(struct selector_cache *cache, struct selector *sel,
    const char *spec, int relative, int allow_attr, char **cause)
{
	xmlXPathCompExprPtr	 comp;

	memset(sel, 0, sizeof(*sel));
	sel->sel_spec = xstrdup(spec);
	if (strncmp(spec, SEL_JSON_PREFIX, strlen(SEL_JSON_PREFIX)) == 0) {
		if ((sel->sel_json = jsonpath_compile(spec +
		    strlen(SEL_JSON_PREFIX), cause)) == NULL)
			goto fail;
		return (0);
	}
	if (selector_translate(sel, spec, relative, allow_attr, cause) == -1)
		goto fail;
	if ((sel->sel_comp = xmlHashLookup(cache->sc_hash,
	    (const xmlChar *)sel->sel_xpath)) != NULL)
		return (0);
	if ((comp = selector_xpath(sel->sel_xpath, cause)) == NULL)
		goto fail;
	if (xmlHashAddEntry(cache->sc_hash, (const xmlChar *)sel->sel_xpath,
	    comp) != 0) {
		xmlXPathFreeCompExpr(comp);
		*cause = xstrdup("out of memory");
		goto fail;
	}
	sel->sel_comp = comp;
	return (0);
fail:
	selector_free(sel);
	return (-1);
}

int
selector_given(const struct selector *sel)
{
	return (sel->sel_spec != NULL);
}
