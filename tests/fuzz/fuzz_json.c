/*
 * fuzz_json.c: libFuzzer target for JSON: the parser (json_parse_len,
 * json_parse_prefix, json_parse_script_len), JSON paths (jsonpath.c),
 * devalue's flattened payloads (devalue.c), items from JSON (jsonitems.c)
 * and JSON in a page's scripts (jsonembed.c).  Byte 0 picks what reads the body; then up to the first
 * newline is a JSON path, and the rest is the body: a JSON document, or
 * an HTML page whose scripts carry JSON.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "config.h"
#include "fuzzlib.h"
#include "date.h"
#include "extract.h"
#include "input.h"
#include "json.h"
#include "jsonembed.h"
#include "devalue.h"
#include "jsonitems.h"
#include "jsonpath.h"
#include "log.h"

#define FUZZ_NOW	1765000000	/* 2025-12-06: dates read against it */
#define FUZZ_MATCHES	256		/* values one path may select here */
#define FUZZ_JS_STRINGS	8		/* string literals decoded per input */

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char fuzz_conf[] =
    "[server]\n"
    "state_dir = /nonexistent/pagefeed-fuzz\n"
    "max_page_size = 1M\n"
    "\n"
    "[source auto]\n"
    "url = https://example.org/news/\n"
    "\n"
    "[source path]\n"
    "url = https://api.example.org/v1/list\n"
    "item = json:$.data.items[*]\n"
    "item.title = json:title\n"
    "item.link = json:url\n"
    "item.date = json:date\n"
    "item.summary = json:summary\n"
    "item.author = json:author.name\n"
    "item.category = json:tags[*]\n"
    "item.image = json:image\n"
    "link_base = https://example.org/p/{}\n"
    "\n"
    "[source js]\n"
    "url = https://example.org/news/\n"
    "json = js:__APP__\n"
    "date_order = dmy\n"
    "timezone = Europe/London\n"
    "\n"
    "[source next]\n"
    "url = https://example.org/news/\n"
    "json = script#__NEXT_DATA__\n"
    "item = json:props.pageProps.posts\n"
    "item.content = json:body\n";

/* What reads the body (bits 0-1 of byte 0). */
static const char *const content_types[] = {
	NULL,			/* jsonitems_read on the parsed document */
	"application/json",	/* input_page: jsonitems_body */
	"text/html; charset=utf-8",	/* input_page: jsonembed_items */
	NULL,			/* input_page, the type sniffed */
};

static struct config	*cf;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cf = fuzz_setup("fuzz_json.conf", fuzz_conf, 4);
	return (0);
}

/*
 * The three entry points of json.c on one body.  A document that parses
 * whole parses as a prefix that ends where the white space does, and as
 * a script (no JSON text starts with "<!--" or "//", or ends in "-->").
 */
static struct json *
parse_all(const char *body, size_t len)
{
	struct json	*root, *j;
	size_t		 used = 0, max = (size_t)cf->cf_max_page_size;
	char		*cause = NULL;

	root = json_parse_len(body, len, max, JSONITEMS_MAX_NODES, &cause);
	if ((root == NULL) != (cause != NULL))
		abort();	/* refused without saying why, or both */
	free(cause);
	j = json_parse_prefix(body, len, max, JSONITEMS_MAX_NODES, &used,
	    NULL);
	if (j != NULL && (used == 0 || used > len))
		abort();
	if (root != NULL && (j == NULL ||
	    strspn(body + used, " \t\r\n") != len - used))
		abort();
	json_free(j);
	j = json_parse_script_len(body, len, max, JSONITEMS_MAX_NODES, NULL);
	if (root != NULL && j == NULL)
		abort();
	json_free(j);
	return (root);
}

/* PATH on ROOT: every value it selects has a place, and a text or not. */
static void
eval_path(const struct jsonpath *jp, const struct json *root)
{
	const struct json	*out[FUZZ_MATCHES];
	size_t			 i, n;

	n = jsonpath_eval(jp, root, out, FUZZ_MATCHES);
	if (n > FUZZ_MATCHES || (n > 0) != (jsonpath_first(jp, root) != NULL))
		abort();
	if (n > 0 && jsonpath_first(jp, root) != out[0])
		abort();	/* the first is the first in document order */
	for (i = 0; i < n; i++) {
		if (out[i] == NULL)
			abort();
		free(jsonpath_text(out[i]));
	}
}

/* The body's first few quotes, each read as a JavaScript string. */
static void
js_strings(const char *body, size_t len)
{
	const char	*p, *end = body + len, *after;
	char		*s;
	int		 n = 0;

	for (p = body; p < end && n < FUZZ_JS_STRINGS; p++) {
		if (*p != '"' && *p != '\'' && *p != '`')
			continue;
		after = NULL;
		if ((s = jsonembed_js_string(p, end, &after)) != NULL &&
		    (after == NULL || after <= p || after > end))
			abort();
		free(s);
		n++;
	}
}

/* The items of EX as the daemon relies on them: a guid each, a cap. */
static void
check_items(struct extraction *ex)
{
	size_t	 i;

	if (ex->ex_nitems > ITEM_MAX_ITEMS)
		abort();
	for (i = 0; i < ex->ex_nitems; i++)
		if (ex->ex_items[i].it_guid == NULL)
			abort();
}

/* ROOT's items straight through jsonitems_read, as jsonembed reads them. */
static void
read_items(const struct source_conf *sc, const struct json *root, int rules)
{
	struct jsonitems_from	 from = { NULL, "https://example.org/news/" };
	struct extraction	 ex;
	struct date_opts	 dopts;

	memset(&ex, 0, sizeof(ex));
	extract_date_opts(sc, FUZZ_NOW, &dopts);
	if (jsonitems_score(sc, root, &dopts) < 0)
		abort();
	jsonitems_read(sc, root, &from, &dopts, rules, &ex);
	if (ex.ex_nitems > ITEM_MAX_ITEMS)
		abort();
	extraction_free(&ex);
}

static void
read_page(const struct source_conf *sc, const char *body, size_t len,
    const char *ctype, int rules)
{
	struct extraction	 ex;
	char			*cause = NULL;

	if (input_page_flags(sc, body, len, sc->sc_url, ctype, FUZZ_NOW,
	    rules ? INPUT_RULES : 0, &ex, &cause) == 0) {
		check_items(&ex);
		extraction_free(&ex);
	} else if (cause == NULL)
		abort();	/* refused without saying why */
	free(cause);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct source_conf	 sc;
	struct jsonpath		*jp;
	struct json		*root;
	const char		*nl;
	char			*path, *body, *cause = NULL;
	size_t			 len;
	unsigned		 sel;

	if (size < 1)
		return (0);
	/*
	 * bits 0-1: the reader (content_types), bits 2-3: the source,
	 * bit 4: the rules preview prints, bit 5: the path is the item's.
	 */
	sel = data[0];
	data++;
	size--;
	nl = memchr(data, '\n', size);
	len = nl != NULL ? (size_t)(nl - (const char *)data) : size;
	path = strndup((const char *)data, len);
	len = nl != NULL ? size - len - 1 : 0;
	/* Bodies come NUL-terminated from the fetcher. */
	if (path == NULL || (body = malloc(len + 1)) == NULL) {
		free(path);
		return (0);
	}
	memcpy(body, nl != NULL ? nl + 1 : "", len);
	body[len] = '\0';

	if ((jp = jsonpath_compile(path, &cause)) == NULL && cause == NULL)
		abort();	/* refused without saying why */
	free(cause);
	root = parse_all(body, len);
	if (jp != NULL && root != NULL)
		eval_path(jp, root);
	/* Nuxt's flattened payloads: indices, cycles, shared values. */
	if (root != NULL)
		json_free(devalue_unflatten(root, 1000));
	if (len > 0)
		js_strings(body, len);

	sc = cf->cf_sources[(sel >> 2) & 3];
	/* A copy: the configuration keeps its own path. */
	if ((sel & 32) && jp != NULL)
		sc.sc_item.sel_json = jp;
	if ((sel & 3) == 0) {
		if (root != NULL)
			read_items(&sc, root, (sel & 16) != 0);
	} else
		read_page(&sc, body, len, content_types[sel & 3],
		    (sel & 16) != 0);
	json_free(root);
	jsonpath_free(jp);
	free(path);
	free(body);
	return (0);
}
