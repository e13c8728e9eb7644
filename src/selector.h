/*
 * selector.h: a configured selector ("a.title @href", "xpath:EXPR") turned
 * into compiled XPath once, shared by every selector with the same text.
 * Readers of the configuration see only struct selector; the libxml2 types
 * stay in the files that evaluate it.
 */
#ifndef PAGEFEED_SELECTOR_H
#define PAGEFEED_SELECTOR_H

struct _xmlXPathCompExpr;
struct jsonpath;
struct selector_cache;

/* One selector: the XPath it became, compiled once, and an optional attribute. */
struct selector {
	char			*sel_spec;	/* as written in the file */
	char			*sel_xpath;
	char			*sel_attr;	/* " @attr" suffix, or NULL */
	struct _xmlXPathCompExpr *sel_comp;	/* owned by the cache */
	struct jsonpath		*sel_json;	/* "json:PATH" instead */
	char			*sel_js;	/* "js:NAME" (the json key) */
};

#define SEL_JSON_PREFIX	"json:"	/* a path into JSON (jsonpath.h) */
#define SEL_JS_PREFIX	"js:"	/* a script's variable (json = js:NAME) */

struct selector_cache	*selector_cache_new(void);
/* Frees every compiled expression: the selectors made with it go too. */
void			 selector_cache_free(struct selector_cache *);
/*
 * Turns SPEC into SEL: a CSS selector (RELATIVE to the item node, or from
 * the document) with an optional " @attr" when ALLOW_ATTR, "xpath:EXPR",
 * or "json:PATH" (sel_json, no XPath).  Returns 0, or -1 with *cause set
 * (caller frees) and SEL empty.
 */
int	 selector_compile(struct selector_cache *, struct selector *,
	    const char *spec, int relative, int allow_attr, char **cause);
void	 selector_free(struct selector *);
/* 1 when SEL was configured at all (CSS, XPath, JSON path or js:). */
int	 selector_given(const struct selector *);

#endif
