/*
 * jsonpath.h: JSON paths as the config writes them after "json:" (a
 * JSONPath subset), compiled once and evaluated on parsed JSON (json.h).
 *
 *	$			the document (absolute), or @ the item (relative)
 *	.name  ['name']		a member (a relative path may start with a name)
 *	[3]  [-1]		an element of an array (from the end when < 0)
 *	[*]  .*			every element, or every member's value
 *	..name  ..*		a member at any depth below, every value below
 *	[?(@.path)]		elements that have the path
 *	[?(@.path == 'x')]	... whose value is x ("", a number, true, false,
 *				null; != too)
 */
#ifndef PAGEFEED_JSONPATH_H
#define PAGEFEED_JSONPATH_H

#include <stddef.h>

struct json;
struct jsonpath;

#define JSONPATH_MAX_LEN	1024	/* characters of one path */
#define JSONPATH_MAX_STEPS	32

/*
 * Compiles SPEC (without "json:").  Returns the path, or NULL with *cause
 * saying what is wrong and at which character (caller frees).
 */
struct jsonpath	*jsonpath_compile(const char *spec, char **cause);
void		 jsonpath_free(struct jsonpath *);	/* accepts NULL */

/*
 * The values PATH selects from ROOT, in document order, into OUT (at most
 * MAX); returns how many.
 */
size_t		 jsonpath_eval(const struct jsonpath *, const struct json *root,
		    const struct json **out, size_t max);
/* The first value PATH selects, or NULL. */
const struct json *jsonpath_first(const struct jsonpath *,
		    const struct json *root);

/*
 * A value as text (caller frees), or NULL: a string as it is, a number as
 * written, true or false; an object by the member that holds its text
 * (rendered, text, value, name, title, url, href, src, login); an array by
 * its first value that has one.
 */
char		*jsonpath_text(const struct json *);

#endif
