/*
 * jsonitems.h: items from JSON: a JSON API's answer, or JSON a page
 * carries in its scripts (jsonembed.c finds it).  With item = json:PATH
 * the path selects the items; without it, the array of objects that looks
 * most like a list of items (a title-like and a link- or id-like key) is
 * taken.  Fields not configured are guessed from the items' key names.
 */
#ifndef PAGEFEED_JSONITEMS_H
#define PAGEFEED_JSONITEMS_H

#include <stddef.h>

#include "item.h"

struct date_opts;
struct json;
struct source_conf;

#define JSONITEMS_MAX_NODES	1000000	/* values in one JSON answer */

/* Where the JSON came from, for the rules preview prints. */
struct jsonitems_from {
	const char	*jf_json_rule;	/* the json key that finds it, or NULL */
	const char	*jf_base;	/* links resolve against it */
};

/*
 * Appends to EX the items of ROOT (guids not assigned).  Returns the
 * number found; with RULES the keys that reproduce what was found are set
 * in EX (ex_rules, ex_rules_json, ex_rules_note).
 */
size_t	 jsonitems_read(const struct source_conf *, const struct json *root,
	    const struct jsonitems_from *, const struct date_opts *,
	    int rules, struct extraction *);

/*
 * How well ROOT's best list of items scores (0: none), for choosing among
 * a page's scripts: the same score jsonitems_read chooses by.
 */
double	 jsonitems_score(const struct source_conf *, const struct json *root,
	    const struct date_opts *);

/* 1 when a body of CONTENT_TYPE (may be NULL) is JSON. */
int	 jsonitems_is_json(const char *content_type, const char *body,
	    size_t len);

/*
 * A JSON source's body: parsed within the source's page size and
 * JSONITEMS_MAX_NODES, then read.  Returns 0, or -1 with *cause set when
 * the body is not JSON.
 */
int	 jsonitems_body(const struct source_conf *, const char *body,
	    size_t len, const char *url, const struct date_opts *, int rules,
	    struct extraction *, char **cause);

#endif
