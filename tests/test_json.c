/*
 * test_json.c: JSON paths, JavaScript string literals, and items from
 * JSON answers and from JSON inside pages, read through input_page as the
 * daemon reads them, with the shapes real APIs answer in (WordPress,
 * JSON:API, GraphQL edges, JSON Feed, Algolia, Reddit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "devalue.h"
#include "input.h"
#include "json.h"
#include "jsonembed.h"
#include "jsonpath.h"
#include "tap.h"
#include "util.h"

#define NOW	1765000000	/* 2025-12-06, the poll's time */

static const char doc[] = "{\"a\":{\"b\":[{\"c\":1,\"t\":\"x\"},"
    "{\"c\":2,\"t\":\"y\"},{\"c\":3}]},\"@type\":\"z\",\"k y\":5,"
    "\"h\":{\"rendered\":\"<b>R</b>\"},\"au\":[{\"name\":\"Ann\"},"
    "{\"name\":\"Bo\"}],\"n\":null,\"f\":true}";

/* The texts PATH selects from doc, joined by '|'. */
static char *
select_texts(const char *path)
{
	struct json		*root = json_parse(doc, strlen(doc), NULL);
	struct jsonpath		*jp;
	const struct json	*v[64];
	struct buf		 b;
	size_t			 i, n;
	char			*t, *cause = NULL;

	if ((jp = jsonpath_compile(path, &cause)) == NULL) {
		json_free(root);
		return (cause);
	}
	n = jsonpath_eval(jp, root, v, 64);
	buf_init(&b, 4096);
	buf_add(&b, "", 0);
	for (i = 0; i < n; i++) {
		t = jsonpath_text(v[i]);
		buf_printf(&b, "%s%s", i ? "|" : "", t ? t : "-");
		free(t);
	}
	jsonpath_free(jp);
	json_free(root);
	return (buf_take(&b, NULL));
}

static void
check_select(const char *path, const char *want)
{
	char	*got = select_texts(path), what[256];

	snprintf(what, sizeof(what), "path %s", path);
	tap_str(got, want, what);
	free(got);
}

static void
test_paths(void)
{
	char	*cause = NULL, many[200];
	size_t	 i;

	check_select("$.a.b[*].c", "1|2|3");
	check_select("a.b[-1].c", "3");
	check_select("a.b[5].c", "");
	check_select("$..c", "1|2|3");
	check_select("$.a.b[?(@.t)].c", "1|2");
	check_select("$.a.b[?(@.t == 'y')].c", "2");
	check_select("$.a.b[?(@.c != 2)].t", "x");
	check_select("$.a.b[?(@.c == 3)].c", "3");
	check_select("$['k y']", "5");
	check_select("$.@type", "z");
	check_select("h", "<b>R</b>");
	check_select("au", "Ann");
	check_select("au[*]", "Ann|Bo");
	check_select("$..name", "Ann|Bo");
	check_select("n", "-");
	check_select("f", "true");
	check_select("$.a.b[0].*", "1|x");
	check_select("$", "-");
	for (i = 0; i < 34; i++)
		memcpy(many + i * 2, ".a", 2);
	many[68] = '\0';
	check_select("", "JSON path '', character 1: empty");
	check_select("$.a[", "JSON path '$.a[', character 5: expected *, an "
	    "index, a quoted name or ?(...)");
	check_select("$..", "JSON path '$..', character 4: expected a member "
	    "name");
	check_select("$[?(@.b == )]", "JSON path '$[?(@.b == )]', character "
	    "12: expected a string, number, true, false or null");
	check_select("$['a", "JSON path '$['a', character 5: unterminated "
	    "quote");
	tap_ok(jsonpath_compile(many, &cause) == NULL && cause != NULL &&
	    strstr(cause, "too many steps") != NULL, "33 steps are refused");
	free(cause);
}

static void
check_js(const char *lit, const char *want, const char *what)
{
	const char	*after = NULL;
	char		*got = jsonembed_js_string(lit, lit + strlen(lit),
			    &after);

	tap_str(got, want, what);
	free(got);
}

static void
test_js_strings(void)
{
	check_js("\"a\\\"b\\u00e9\\n\"", "a\"b\xc3\xa9\n",
	    "JS string: escapes, \\u, \\n");
	check_js("'x\\x41\\'y'", "xA'y", "JS string: single quotes, \\x");
	check_js("\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80",
	    "JS string: a surrogate pair is one character");
	check_js("\"open", NULL, "JS string: unterminated is none");
	check_js("`a${b}`", NULL, "JS string: a template with code is none");
	check_js("\"\\u0000\"", NULL, "JS string: NUL is refused");
	check_js("\"\\udc00\"", NULL, "JS string: a lone surrogate is refused");
}

/* The items of BODY read by the source SECTION (keys after url). */
static struct config *
read_items(const char *section, const char *body, const char *ctype,
    struct extraction *ex, char **cause)
{
	struct config	*cf;
	char		*text, *errors = NULL;

	*cause = NULL;
	xasprintf(&text, "[server]\nstate_dir = /nonexistent\n"
	    "[source s]\nurl = https://api.example.org/v1/list\n%s",
	    section);
	cf = config_load_text("(test)", text, &errors);
	free(text);
	if (cf == NULL) {
		printf("# config: %s", errors);
		free(errors);
		memset(ex, 0, sizeof(*ex));
		return (NULL);
	}
	if (input_page(&cf->cf_sources[0], body, strlen(body),
	    "https://api.example.org/v1/list", ctype, NOW, ex, cause) == -1)
		memset(ex, 0, sizeof(*ex));
	return (cf);
}

static const char *
field(const struct extraction *ex, size_t i, int which)
{
	const struct item	*it;

	if (i >= ex->ex_nitems)
		return ("(no item)");
	it = &ex->ex_items[i];
	switch (which) {
	case 't': return (it->it_title);
	case 'l': return (it->it_link);
	case 's': return (it->it_summary);
	case 'c': return (it->it_content);
	case 'a': return (it->it_author);
	case 'g': return (it->it_categories);
	case 'i': return (it->it_image);
	default: return (NULL);
	}
}

static void
test_json_feed(void)
{
	static const char body[] = "{\"version\":\"https://jsonfeed.org/"
	    "version/1.1\",\"title\":\"Club news\",\"items\":[{\"id\":\"1\","
	    "\"url\":\"https://club.example/1\",\"title\":\"One\","
	    "\"content_html\":\"<p>One <script>x()</script>day</p>\","
	    "\"date_published\":\"2025-11-01T10:00:00Z\",\"authors\":"
	    "[{\"name\":\"Ann\"}],\"tags\":[\"a\",\"b\",\"a\"],\"image\":"
	    "\"/img/1.png\"},{\"id\":\"2\",\"url\":\"https://club.example/2\","
	    "\"title\":\"Two\",\"content_text\":\"Plain & simple\","
	    "\"date_published\":\"2025-11-02T10:00:00+02:00\"}]}";
	struct extraction	 ex;
	struct config		*cf;
	char			*cause;

	cf = read_items("", body, "application/feed+json", &ex, &cause);
	tap_long((long long)ex.ex_nitems, 2, "JSON Feed: 2 items, found "
	    "automatically");
	tap_str(ex.ex_title, "Club news", "JSON Feed: its title names it");
	tap_str(field(&ex, 0, 't'), "One", "JSON Feed: title");
	tap_str(field(&ex, 0, 'l'), "https://club.example/1", "JSON Feed: url");
	tap_str(field(&ex, 0, 'c'), "<p>One day</p>",
	    "JSON Feed: content_html sanitised");
	tap_str(field(&ex, 0, 'a'), "Ann", "JSON Feed: the first author's name");
	tap_str(field(&ex, 0, 'g'), "a\nb", "JSON Feed: tags, no repeats");
	tap_str(field(&ex, 0, 'i'), "https://api.example.org/img/1.png",
	    "JSON Feed: the image made absolute");
	tap_long((long long)(ex.ex_nitems > 1 ? ex.ex_items[1].it_date : 0),
	    1762070400, "JSON Feed: a date in its offset");
	extraction_free(&ex);
	config_free(cf);
}

static void
test_shapes(void)
{
	static const char jsonapi[] = "{\"data\":[{\"type\":\"articles\","
	    "\"id\":\"1\",\"attributes\":{\"title\":\"JSON:API paints my "
	    "bikeshed!\",\"created\":\"2015-05-22T14:56:29.000Z\"}},{\"type\":"
	    "\"articles\",\"id\":\"2\",\"attributes\":{\"title\":\"Rails is "
	    "omakase\",\"created\":\"2015-05-23T14:56:29.000Z\"}}]}";
	static const char edges[] = "{\"data\":{\"search\":{\"edges\":["
	    "{\"node\":{\"title\":\"Alpha\",\"url\":\"https://x.example/a\","
	    "\"publishedAt\":\"2024-01-02\"}},{\"node\":{\"title\":\"Beta\","
	    "\"url\":\"https://x.example/b\",\"publishedAt\":\"2024-01-03\"}}]},"
	    "\"menu\":[{\"label\":\"Home\"},{\"label\":\"About\"}]}}";
	static const char algolia[] = "{\"hits\":[{\"title\":\"Show HN: X\","
	    "\"url\":\"https://x.example/\",\"created_at\":\"2023-11-14T22:13:"
	    "20.000Z\",\"author\":\"pg\",\"objectID\":\"1\"},{\"title\":\"Ask HN:"
	    " Y\",\"url\":null,\"created_at\":\"2023-11-14T20:00:00.000Z\","
	    "\"author\":\"dang\",\"objectID\":\"2\"},{\"title\":\"Z\",\"url\":"
	    "\"https://z.example/\",\"created_at\":\"2023-11-13T20:00:00.000Z\","
	    "\"author\":\"tptacek\",\"objectID\":\"3\"}],\"nbHits\":3}";
	struct extraction	 ex;
	struct config		*cf;
	char			*cause;

	cf = read_items("", jsonapi, "application/vnd.api+json", &ex, &cause);
	tap_str(field(&ex, 1, 't'), "Rails is omakase",
	    "JSON:API: the title inside attributes");
	tap_str(field(&ex, 1, 'l'), "https://api.example.org/v1/list#2",
	    "JSON:API: no address, the id marks the page's");
	tap_ok(ex.ex_nitems == 2 && ex.ex_items[0].it_date == 1432306589,
	    "JSON:API: attributes.created is the date");
	extraction_free(&ex);
	config_free(cf);
	cf = read_items("", edges, "application/json", &ex, &cause);
	tap_long((long long)ex.ex_nitems, 2, "GraphQL: the edges, not the "
	    "menu (no links)");
	tap_str(field(&ex, 1, 'l'), "https://x.example/b", "GraphQL: node.url");
	extraction_free(&ex);
	config_free(cf);
	cf = read_items("", algolia, NULL, &ex, &cause);
	tap_long((long long)ex.ex_nitems, 3, "Algolia: 3 hits, untyped");
	tap_str(field(&ex, 1, 'l'), "https://api.example.org/v1/list#2",
	    "Algolia: a hit without url takes its objectID");
	tap_str(field(&ex, 2, 'a'), "tptacek", "Algolia: author");
	extraction_free(&ex);
	config_free(cf);
}

static void
test_configured(void)
{
	static const char urls[] = "{\"urls\":[\"https://a.example/1\","
	    "\"https://a.example/2\"],\"when\":[1765000000000]}";
	static const char later[] = "[{\"t\":\"soon\",\"id\":1,\"d\":"
	    "1765900000},{\"t\":\"now\",\"id\":2,\"d\":\"1765000000\"}]";
	struct extraction	 ex;
	struct config		*cf;
	char			*cause;

	cf = read_items("item = json:$.urls[*]\nitem.link = json:@\n", urls,
	    "application/json", &ex, &cause);
	tap_long((long long)ex.ex_nitems, 2, "an array of strings with @");
	tap_str(field(&ex, 1, 'l'), "https://a.example/2", "@ is the string");
	extraction_free(&ex);
	config_free(cf);
	cf = read_items("item = json:$\nlink_base = https://b.example/p?id={}"
	    "&x=1\nitem.link = json:id\nitem.title = json:t\n"
	    "item.date = json:d\n", later, "application/json", &ex, &cause);
	tap_str(field(&ex, 0, 'l'), "https://b.example/p?id=1&x=1",
	    "link_base's {} takes the id");
	tap_ok(ex.ex_nitems == 2 && ex.ex_items[0].it_date == 0 &&
	    ex.ex_items[0].it_date_future, "a Unix time days ahead is future");
	tap_ok(ex.ex_nitems == 2 && ex.ex_items[1].it_date == 1765000000,
	    "ten digits in a string are a Unix time");
	extraction_free(&ex);
	config_free(cf);
	cf = read_items("", "[1, 2, 3]", "application/json", &ex, &cause);
	tap_ok(cf != NULL && ex.ex_nitems == 0 && ex.ex_why != NULL &&
	    strstr(ex.ex_why, "no array of objects") != NULL,
	    "numbers are no items, and why is said");
	extraction_free(&ex);
	config_free(cf);
	cf = read_items("", "{\"a\": [1,}", "application/json", &ex, &cause);
	tap_ok(cause != NULL && strstr(cause, "not valid JSON: offset 9") !=
	    NULL, "bad JSON fails, saying where");
	free(cause);
	config_free(cf);
}

static void
test_embedded(void)
{
	static const char page[] = "<html><head><title>T</title><script>"
	    "var conf = {\"a\":1}; x = [{\"title\":\"no\",\"url\":\"/n1\"},"
	    "{\"title\":\"no2\",\"url\":\"/n2\"}];\n"
	    "window[\"__APP__\"] = JSON.parse('{\"posts\":[{\"title\":\"P1\","
	    "\"url\":\"/p/1\"},{\"title\":\"P2\\\\u00e9\",\"url\":\"/p/2\"}]}');"
	    "</script><script type=\"application/json\" id=\"data-1\">{\"x\":"
	    "{\"items\":[{\"name\":\"J1\",\"href\":\"/j/1\"},{\"name\":\"J2\","
	    "\"href\":\"/j/2\"},{\"name\":\"J3\",\"href\":\"/j/3\"}]}}</script>"
	    "</head><body><div id=app></div></body></html>";
	struct extraction	 ex;
	struct config		*cf;
	char			*cause;

	cf = read_items("", page, "text/html", &ex, &cause);
	tap_long((long long)ex.ex_nitems, 3, "embedded: the best list of the "
	    "page's scripts (3 over 2)");
	tap_str(field(&ex, 2, 'l'), "https://api.example.org/j/3",
	    "embedded: links against the page");
	extraction_free(&ex);
	config_free(cf);
	cf = read_items("json = js:__APP__\nitem = json:posts[*]\n"
	    "item.title = json:title\n", page, "text/html", &ex, &cause);
	tap_str(field(&ex, 1, 't'), "P2\xc3\xa9", "js:NAME finds "
	    "window[\"NAME\"] = JSON.parse('...')");
	extraction_free(&ex);
	config_free(cf);
	cf = read_items("json = js:x\nitem = json:$[*]\n", page, "text/html",
	    &ex, &cause);
	tap_long((long long)ex.ex_nitems, 2, "js:x finds a plain "
	    "assignment when named");
	extraction_free(&ex);
	config_free(cf);
	cf = read_items("json = script#data-1\nitem = json:x.items\n", page,
	    "text/html", &ex, &cause);
	tap_str(field(&ex, 0, 't'), "J1", "json = CSS; a path ending on an "
	    "array takes its elements");
	extraction_free(&ex);
	config_free(cf);
	cf = read_items("json = js:nope\nitem = json:$[*]\n", page,
	    "text/html", &ex, &cause);
	tap_str(cause, "json = js:nope: no script assigns JSON to nope",
	    "js:NAME not found: said");
	free(cause);
	config_free(cf);
}

/* J as compact text without quotes: {k:v,...}, [a,b], null. */
static void
dump(struct buf *b, const struct json *j)
{
	static const char	*words[] = { "null", "false", "true" };
	const struct json	*c;

	switch (j->j_type) {
	case JSON_NULL:
	case JSON_FALSE:
	case JSON_TRUE:
		buf_addstr(b, words[j->j_type]);
		break;
	case JSON_NUMBER:
	case JSON_STRING:
		buf_addstr(b, j->j_str != NULL ? j->j_str : "?");
		break;
	default:
		buf_addstr(b, j->j_type == JSON_ARRAY ? "[" : "{");
		for (c = j->j_child; c != NULL; c = c->j_next) {
			if (c != j->j_child)
				buf_addstr(b, ",");
			if (c->j_key != NULL)
				buf_printf(b, "%s:", c->j_key);
			dump(b, c);
		}
		buf_addstr(b, j->j_type == JSON_ARRAY ? "]" : "}");
	}
}

/* The tree of PAYLOAD, devalue-flattened, as compact JSON; or "(none)". */
static char *
unflattened(const char *payload, size_t max_nodes)
{
	struct json	*flat = json_parse(payload, strlen(payload), NULL);
	struct json	*tree = devalue_unflatten(flat, max_nodes);
	struct buf	 b;

	json_free(flat);
	if (tree == NULL)
		return (xstrdup("(none)"));
	buf_init(&b, 1 << 20);
	dump(&b, tree);
	json_free(tree);
	return (buf_take(&b, NULL));
}

/* The kinds of record the real corpus showed, each in a small answer. */
static void
test_record_kinds(void)
{
	static const char events[] = "{\"items\":[{\"summary\":\"Board "
	    "meeting\",\"htmlLink\":\"https://cal.example/e/1\",\"created"
	    "\":\"2020-01-01T00:00:00Z\",\"updated\":\"2020-02-01T00:00:00Z"
	    "\",\"start\":{\"dateTime\":\"2020-03-05T18:00:00-05:00\"}},"
	    "{\"summary\":\"Budget hearing\",\"htmlLink\":\"https://cal."
	    "example/e/2\",\"created\":\"2020-01-02T00:00:00Z\",\"start\":"
	    "{\"dateTime\":\"2020-03-12T18:00:00-05:00\"}}]}";
	static const char posts[] = "[{\"title\":\"Hello\",\"link\":"
	    "\"https://b.example/1\",\"created\":1600000000,\"created_utc\""
	    ":1600028800},{\"title\":\"\",\"link\":\"https://b.example/2\","
	    "\"created\":1600000100,\"created_utc\":1600028900,\"excerpt\":"
	    "\"A post without a title\"},{\"title\":\"\",\"link\":"
	    "\"https://b.example/3\",\"created\":1600000200,\"created_utc\""
	    ":1600029000}]";
	static const char releases[] = "[{\"name\":\"2.3.2\",\"tag_name\":"
	    "\"v2.3.2\",\"html_url\":\"https://g.example/r/1\"},{\"name\":"
	    "null,\"tag_name\":\"v2.3.1\",\"html_url\":\"https://g.example/"
	    "r/2\"}]";
	struct extraction	 ex;
	struct config		*cf;
	char			*cause = NULL;

	cf = read_items("", events, "application/json", &ex, &cause);
	tap_str(field(&ex, 0, 't'), "Board meeting", "events: summary is the "
	    "title when there is no title key");
	tap_str(field(&ex, 0, 'l'), "https://cal.example/e/1",
	    "events: htmlLink is the link");
	tap_ok(ex.ex_nitems == 2 && ex.ex_items[0].it_date == 1583449200,
	    "events: the date is start.dateTime, not created or updated");
	extraction_free(&ex);
	config_free(cf);
	cf = read_items("", posts, "application/json", &ex, &cause);
	tap_long((long long)ex.ex_nitems, 3, "posts: a title key left empty "
	    "in most items is still the title key");
	tap_str(field(&ex, 1, 't'), "A post without a title", "posts: an "
	    "empty title borrows the excerpt");
	tap_ok(ex.ex_nitems == 3 && ex.ex_items[0].it_date == 1600028800,
	    "posts: created_utc before created");
	extraction_free(&ex);
	config_free(cf);
	cf = read_items("", releases, "application/json", &ex, &cause);
	tap_str(field(&ex, 1, 't'), "v2.3.1", "releases: a null name takes "
	    "tag_name");
	extraction_free(&ex);
	config_free(cf);
	free(cause);
}

/* Empty and white-space content: no content, once freed. */
static void
test_empty_content(void)
{
	static const char answer[] = "[{\"title\":\"First title\",\"url\":"
	    "\"/a\",\"content\":\"\"},{\"title\":\"Second title\",\"url\":"
	    "\"/b\",\"content\":\" \\n \"}]";
	struct extraction	 ex;
	struct config		*cf;
	char			*cause = NULL;

	cf = read_items("item = json:$[*]\nitem.title = json:title\n"
	    "item.link = json:url\nitem.content = json:content\n", answer,
	    "application/json", &ex, &cause);
	tap_ok(ex.ex_nitems == 2 && ex.ex_items[0].it_content == NULL &&
	    ex.ex_items[1].it_content == NULL, "empty and blank content: "
	    "none, the items kept");
	extraction_free(&ex);
	config_free(cf);
	free(cause);
}

static void
test_devalue(void)
{
	static const char nuxt[] = "[[\"ShallowReactive\",1],{\"data\":2,"
	    "\"path\":9},{\"list\":3},[4,8],{\"title\":5,\"when\":6,"
	    "\"tags\":7},\"Lock closed\",[\"Date\",\"2026-12-04T17:30:00Z\"],"
	    "[\"Set\",5],{\"title\":5,\"n\":-1},\"/news\"]";
	char	*t;

	t = unflattened(nuxt, 1000);
	tap_str(t, "{data:{list:[{title:Lock closed,when:2026-12-04T17:30:00Z,"
	    "tags:[Lock closed]},{title:Lock closed,n:null}]},path:/news}",
	    "devalue: indices, Date, Set, a shared value, undefined");
	free(t);
	t = unflattened("[{\"self\":0,\"x\":1},\"y\"]", 1000);
	tap_ok(strstr(t, "x:y") != NULL, "devalue: a cycle ends, bounded");
	free(t);
	t = unflattened(nuxt, 5);
	tap_str(t, "(none)", "devalue: over its budget, nothing");
	free(t);
	t = unflattened("[{\"a\":1},2]", 1000);
	tap_str(t, "{a:2}", "devalue: an object of indices");
	free(t);
	t = unflattened("[{\"title\":\"plain\"},{\"title\":\"json\"}]",
	    1000);
	tap_str(t, "(none)", "devalue: plain JSON is not taken for it");
	free(t);
	t = unflattened("[[1,2],3,4]", 1000);
	tap_str(t, "(none)", "devalue: nor an array of arrays");
	free(t);
}

/* A 5 MB answer of 40,000 items: read, capped at ITEM_MAX_ITEMS. */
static void
test_big(void)
{
	struct buf		 b;
	struct extraction	 ex;
	struct config		*cf;
	char			*cause;
	int			 i;

	buf_init(&b, 16 * 1024 * 1024);
	buf_addstr(&b, "{\"results\":[");
	for (i = 0; i < 40000; i++)
		buf_printf(&b, "%s{\"id\":%d,\"title\":\"Item number %d of the "
		    "list\",\"url\":\"/items/%d\",\"published_at\":\"2025-11-%02d"
		    "T10:00:00Z\",\"body\":\"%s\"}", i ? "," : "", i, i, i,
		    1 + i % 28, "Some text to make the answer as large as "
		    "a real one is, with words.");
	buf_addstr(&b, "]}");
	buf_add(&b, "", 1);
	printf("# %zu bytes\n", b.b_len);
	cf = read_items("max_page_size = 8M\n", b.b_data, "application/json",
	    &ex, &cause);
	tap_long((long long)ex.ex_nitems, ITEM_MAX_ITEMS,
	    "5 MB, 40,000 items: the first ITEM_MAX_ITEMS");
	extraction_free(&ex);
	config_free(cf);
	cf = read_items("max_page_size = 1M\n", b.b_data, "application/json",
	    &ex, &cause);
	tap_ok(cause != NULL && strstr(cause, "document too large") != NULL,
	    "over max_page_size: refused before parsing");
	free(cause);
	config_free(cf);
	buf_free(&b);
}

int
main(void)
{
	test_paths();
	test_js_strings();
	test_json_feed();
	test_shapes();
	test_configured();
	test_embedded();
	test_devalue();
	test_empty_content();
	test_record_kinds();
	test_big();
	return (tap_done());
}
