/* css.h: CSS selector to XPath 1.0 translation. */
#ifndef PAGEFEED_CSS_H
#define PAGEFEED_CSS_H

/*
 * Translates a CSS selector to an XPath 1.0 expression.  With relative set
 * the expression selects among the descendants of a context node (".//..."),
 * else among all elements of the document ("//...").
 * Returns the expression (caller frees) or NULL with *cause set (caller
 * frees) to a message naming the problem and its 1-based column, e.g.
 * "unexpected ')' at column 7" or "unsupported pseudo-class ':hover' at column 3".
 */
char	*css_to_xpath(const char *selector, int relative, char **cause);

#endif
