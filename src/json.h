/* json.h: a small strict JSON (RFC 8259) parser: JSON-LD, JSON sources. */
#ifndef PAGEFEED_JSON_H
#define PAGEFEED_JSON_H

#include <stddef.h>

#define JSON_MAX_DEPTH	64		/* nesting of arrays and objects */
#define JSON_MAX_NODES	100000		/* values in one document */
#define JSON_MAX_LEN	(1024 * 1024)	/* bytes of one document */

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

/* One value.  Arrays and objects hold their members as a list. */
struct json {
	enum json_type	 j_type;
	char		*j_key;		/* member name inside an object */
	char		*j_str;		/* string (UTF-8), or a number's text */
	double		 j_num;		/* a number's value (may be inf) */
	struct json	*j_child;	/* first member */
	struct json	*j_next;	/* next member of the parent */
};

/*
 * Parses the LEN bytes at S as one JSON text (leading and trailing
 * whitespace allowed).  Strict: no comments, no trailing commas, strings
 * must be valid UTF-8 without raw control characters, \u0000 and lone
 * surrogates are refused.  Limits: JSON_MAX_LEN, JSON_MAX_DEPTH,
 * JSON_MAX_NODES.  Returns the tree (free with json_free) or NULL with
 * *cause set (caller frees; CAUSE may be NULL).
 */
struct json	*json_parse(const char *s, size_t len, char **cause);
/* The same with limits of the caller's (a JSON source: its page size). */
struct json	*json_parse_len(const char *s, size_t len, size_t max_len,
		    size_t max_nodes, char **cause);
/*
 * One value at the start of S (white space before it allowed) whose end is
 * not the end of S: *USED says where it ended (a script's "X = {...};").
 */
struct json	*json_parse_prefix(const char *s, size_t len, size_t max_len,
		    size_t max_nodes, size_t *used, char **cause);
void		 json_free(struct json *);	/* accepts NULL */
/*
 * json_parse of the body of a <script> (LEN bytes at S): the wrappers
 * pages put around it for old browsers ("<!--" ... "-->", "<![CDATA["
 * ... "]]>", each maybe after "//") are left out first.
 */
struct json	*json_parse_script(const char *s, size_t len, char **cause);
struct json	*json_parse_script_len(const char *s, size_t len,
		    size_t max_len, size_t max_nodes, char **cause);
/* The first member named KEY of object OBJ, or NULL. */
const struct json *json_get(const struct json *obj, const char *key);
/* The string of a JSON_STRING value, else NULL. */
const char	*json_string(const struct json *);

#endif
