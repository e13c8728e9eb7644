/*
 * test_feed_json.c: JSON Feed 1.1 rendering.  The output is parsed back with
 * the strict parser of json.c, checked against the required fields and
 * types of the JSON Feed 1.1 specification, then field by field.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "json.h"
#include "store.h"
#include "tap.h"
#include "text.h"
#include "util.h"

#define VERSION_11	"https://jsonfeed.org/version/1.1"
#define SELF_JSON	"http://127.0.0.1:8080/feeds/test.json"
#define PAGE_URL	"https://example.org/news?x=1&y=2"
#define UUID		"urn:uuid:0f1e2d3c-4b5a-8978-a6b5-c4d3e2f1a0b9"
#define FFFD		"\xef\xbf\xbd"

/*
 * Hostile text: quotes, backslash, controls, DEL, U+2028 and U+2029,
 * markup, an invalid byte, an overlong '/', an encoded surrogate, U+FFFE.
 */
#define HOSTILE		"\"q\" \\b\\ \x01\x1f\x7f\t\r\n" \
			"\xe2\x80\xa8\xe2\x80\xa9<script>alert(1)</script>" \
			" \xff \xc0\xaf \xed\xa0\x80 \xef\xbf\xbe end"
/* HOSTILE as the parser gives it back: each invalid byte is one U+FFFD. */
#define HOSTILE_BACK	"\"q\" \\b\\ \x01\x1f\x7f\t\r\n" \
			"\xe2\x80\xa8\xe2\x80\xa9<script>alert(1)</script>" \
			" " FFFD " " FFFD FFFD " " FFFD FFFD FFFD \
			" \xef\xbf\xbe end"

static struct stored_item items[] = {
	{	/* everything set */
		.si_guid = "https://example.org/news/1?a=1&b=2",
		.si_title = "<b>tag</b> & \"quotes\"",
		.si_link = "https://example.org/news/1?a=1&b=2",
		.si_summary = "Summary with <b>bold</b> & more",
		.si_date = 1542067200,
		.si_first_seen = 1542100000,
		.si_updated = 1542300000,
		.si_published = 1542067200,
		.si_content = "<p>Body <a href=\"/x?a=1&amp;b=2\">link</a></p>",
		.si_author = "Jane Doe",
		.si_image = "https://example.org/img/1.png?w=100",
		.si_categories = "News\n\nLocal politics\n\"quoted\"\n",
	},
	{	/* no link, no content: the summary is the content_text */
		.si_guid = UUID,
		.si_title = "No link here",
		.si_summary = "Only a summary",
		.si_first_seen = 1542200000,
		.si_updated = 0,
		.si_published = 1542200000,
	},
	{	/* title only; empty content and empty categories */
		.si_guid = "tag:example.org,2018:3",
		.si_title = "Title only",
		.si_link = "https://example.org/3",
		.si_first_seen = 1542100000,
		.si_updated = 1542000000,	/* older than published */
		.si_published = 1542100000,
		.si_content = "",
		.si_categories = "\n\n",
	},
	{	/* hostile everywhere */
		.si_guid = "tag:example.org,2018:" HOSTILE,
		.si_title = HOSTILE,
		.si_link = "https://example.org/4?q=\"\\" HOSTILE,
		.si_summary = "sum " HOSTILE,
		.si_first_seen = 1542100000,
		.si_published = 1542100000,
		.si_content = "<p>" HOSTILE "</p>",
		.si_author = "au " HOSTILE,
		.si_image = "https://example.org/i\xff.jpg",
		.si_categories = "c1 " HOSTILE "\nc2\\",
	},
};
#define NITEMS	(sizeof(items) / sizeof(items[0]))

static struct feed_meta
meta(void)
{
	struct feed_meta	 fm;

	memset(&fm, 0, sizeof(fm));
	fm.fm_name = "test";
	fm.fm_title = "Test & <Feed> \"q\"";
	fm.fm_page_url = PAGE_URL;
	fm.fm_self_url = SELF_JSON;
	fm.fm_updated = 1542300000;
	fm.fm_ttl = 30;
	return (fm);
}

static size_t
count(const struct json *j)
{
	const struct json	*c;
	size_t			 n = 0;

	if (j == NULL)
		return (0);
	for (c = j->j_child; c != NULL; c = c->j_next)
		n++;
	return (n);
}

static const struct json *
nth(const struct json *j, size_t i)
{
	const struct json	*c;

	if (j == NULL || j->j_type != JSON_ARRAY)
		return (NULL);
	for (c = j->j_child; c != NULL && i > 0; c = c->j_next)
		i--;
	return (c);
}

/* The string member KEY of OBJ, or NULL when absent or not a string. */
static const char *
str(const struct json *obj, const char *key)
{
	if (obj == NULL || obj->j_type != JSON_OBJECT)
		return (NULL);
	return (json_string(json_get(obj, key)));
}

/* "YYYY-MM-DDTHH:MM:SS" then "Z" or "+hh:mm"/"-hh:mm", fractions allowed. */
static int
rfc3339(const char *s)
{
	static const char	 pat[] = "dddd-dd-ddTdd:dd:dd";
	size_t			 i;

	if (s == NULL || strlen(s) < sizeof(pat) - 1)
		return (0);
	for (i = 0; i < sizeof(pat) - 1; i++) {
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return (0);
	}
	s += i;
	if (*s == '.') {
		if (s[1] < '0' || s[1] > '9')
			return (0);
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	}
	if (strcmp(s, "Z") == 0)
		return (1);
	return ((s[0] == '+' || s[0] == '-') && strlen(s) == 6 &&
	    s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9' &&
	    s[3] == ':' && s[4] >= '0' && s[4] <= '9' && s[5] >= '0' &&
	    s[5] <= '9');
}

static int
is_string_or_absent(const struct json *obj, const char *key)
{
	const struct json	*v = json_get(obj, key);

	return (v == NULL || v->j_type == JSON_STRING);
}

/* No member name twice in OBJ. */
static int
unique_keys(const struct json *obj)
{
	const struct json	*a, *b;

	for (a = obj->j_child; a != NULL; a = a->j_next)
		for (b = a->j_next; b != NULL; b = b->j_next)
			if (strcmp(a->j_key, b->j_key) == 0)
				return (0);
	return (1);
}

/* An authors array per the spec: objects with name, url or avatar. */
static int
authors_valid(const struct json *a, char *why, size_t size)
{
	const struct json	*o;

	if (a == NULL)
		return (1);
	if (a->j_type != JSON_ARRAY) {
		snprintf(why, size, "authors is not an array");
		return (0);
	}
	for (o = a->j_child; o != NULL; o = o->j_next) {
		if (o->j_type != JSON_OBJECT || !unique_keys(o) ||
		    !is_string_or_absent(o, "name") ||
		    !is_string_or_absent(o, "url") ||
		    !is_string_or_absent(o, "avatar") ||
		    (str(o, "name") == NULL && str(o, "url") == NULL &&
		    str(o, "avatar") == NULL)) {
			snprintf(why, size, "bad author object");
			return (0);
		}
	}
	return (1);
}

/*
 * JSON Feed 1.1's rules: version, title and items required; each item an
 * object with a string id and content_html or content_text; the optional
 * members of the right types, dates RFC 3339.  Returns 1, or 0 with WHY.
 */
static int
jsonfeed_valid(const struct json *root, char *why, size_t size)
{
	static const char *const feed_strs[] = { "home_page_url", "feed_url",
	    "description", "user_comment", "next_url", "icon", "favicon",
	    "language" };
	static const char *const item_strs[] = { "url", "external_url",
	    "title", "content_html", "content_text", "summary", "image",
	    "banner_image", "date_published", "date_modified", "language" };
	const struct json	*its, *it, *v, *t;
	size_t			 i, k;

	if (root == NULL || root->j_type != JSON_OBJECT) {
		snprintf(why, size, "top level is not an object");
		return (0);
	}
	if (!unique_keys(root)) {
		snprintf(why, size, "duplicate member in the feed");
		return (0);
	}
	if (str(root, "version") == NULL ||
	    strcmp(str(root, "version"), VERSION_11) != 0) {
		snprintf(why, size, "version missing or not 1.1");
		return (0);
	}
	if (str(root, "title") == NULL) {
		snprintf(why, size, "title missing or not a string");
		return (0);
	}
	for (k = 0; k < sizeof(feed_strs) / sizeof(feed_strs[0]); k++)
		if (!is_string_or_absent(root, feed_strs[k])) {
			snprintf(why, size, "%s not a string", feed_strs[k]);
			return (0);
		}
	if (!authors_valid(json_get(root, "authors"), why, size))
		return (0);
	if ((its = json_get(root, "items")) == NULL ||
	    its->j_type != JSON_ARRAY) {
		snprintf(why, size, "items missing or not an array");
		return (0);
	}
	for (it = its->j_child, i = 0; it != NULL; it = it->j_next, i++) {
		if (it->j_type != JSON_OBJECT || !unique_keys(it)) {
			snprintf(why, size, "item %zu: not an object or "
			    "duplicate member", i);
			return (0);
		}
		if (str(it, "id") == NULL) {
			snprintf(why, size, "item %zu: id missing or not a "
			    "string", i);
			return (0);
		}
		if (str(it, "content_html") == NULL &&
		    str(it, "content_text") == NULL) {
			snprintf(why, size, "item %zu: neither content_html "
			    "nor content_text", i);
			return (0);
		}
		for (k = 0; k < sizeof(item_strs) / sizeof(item_strs[0]); k++)
			if (!is_string_or_absent(it, item_strs[k])) {
				snprintf(why, size, "item %zu: %s not a string",
				    i, item_strs[k]);
				return (0);
			}
		if ((json_get(it, "date_published") != NULL &&
		    !rfc3339(str(it, "date_published"))) ||
		    (json_get(it, "date_modified") != NULL &&
		    !rfc3339(str(it, "date_modified")))) {
			snprintf(why, size, "item %zu: date not RFC 3339", i);
			return (0);
		}
		if (!authors_valid(json_get(it, "authors"), why, size))
			return (0);
		if ((v = json_get(it, "tags")) != NULL) {
			if (v->j_type != JSON_ARRAY) {
				snprintf(why, size, "item %zu: tags not an "
				    "array", i);
				return (0);
			}
			for (t = v->j_child; t != NULL; t = t->j_next)
				if (t->j_type != JSON_STRING) {
					snprintf(why, size, "item %zu: tag not "
					    "a string", i);
					return (0);
				}
		}
	}
	return (1);
}

/* Valid UTF-8, no raw control character but '\n', no raw U+2028/9. */
static int
raw_clean(const char *out, size_t len)
{
	const unsigned char	*s = (const unsigned char *)out;
	uint32_t		 c;
	size_t			 n;

	while (len > 0) {
		if ((n = text_utf8_decode(s, len, &c)) == 0)
			return (0);
		if ((c < 0x20 && c != '\n') || c == 0x7f || c == 0x2028 ||
		    c == 0x2029)
			return (0);
		s += n;
		len -= n;
	}
	return (1);
}

/* Renders and parses; the tree (caller frees) or NULL after a failed check. */
static struct json *
render(const struct feed_meta *fm, const struct stored_item *si, size_t n,
    const char *what, char **outp, size_t *lenp)
{
	struct json	*root;
	char		*out = NULL, *cause = NULL, name[160], why[160];
	size_t		 len = 0;

	snprintf(name, sizeof(name), "%s: renders", what);
	if (!tap_ok(feed_json(fm, si, n, &out, &len, &cause) == 0, name)) {
		printf("# %s\n", cause != NULL ? cause : "(no cause)");
		free(cause);
		return (NULL);
	}
	snprintf(name, sizeof(name), "%s: length matches, NUL-terminated",
	    what);
	tap_ok(out != NULL && len == strlen(out), name);
	snprintf(name, sizeof(name), "%s: UTF-8, no raw control characters",
	    what);
	tap_ok(raw_clean(out, len), name);
	root = json_parse(out, len, &cause);
	snprintf(name, sizeof(name), "%s: parses as strict JSON", what);
	if (!tap_ok(root != NULL, name))
		printf("# %s\n%s\n", cause, out);
	free(cause);
	why[0] = '\0';
	snprintf(name, sizeof(name), "%s: JSON Feed 1.1 required fields and "
	    "types", what);
	if (!tap_ok(root != NULL && jsonfeed_valid(root, why, sizeof(why)),
	    name))
		printf("# %s\n", why);
	if (outp != NULL) {
		*outp = out;
		*lenp = len;
	} else
		free(out);
	return (root);
}

static void
test_feed_level(void)
{
	struct feed_meta	 fm = meta();
	struct json		*root;
	const struct json	*a;
	char			*out = NULL, *out2 = NULL, *cause = NULL;
	size_t			 len = 0, len2 = 0;

	if ((root = render(&fm, items, NITEMS, "json", &out, &len)) == NULL) {
		free(out);
		return;
	}
	tap_ok(strncmp(out, "{\n  \"version\": ", 15) == 0,
	    "json: two-space indentation, version first");
	tap_ok(len > 2 && strcmp(out + len - 2, "}\n") == 0,
	    "json: ends with a newline");
	tap_ok(strstr(out, "\n  \"title\": ") != NULL,
	    "json: one member a line");
	tap_str(str(root, "version"), VERSION_11, "json: version 1.1");
	tap_str(str(root, "title"), "Test & <Feed> \"q\"", "json: title");
	tap_str(str(root, "home_page_url"), PAGE_URL, "json: home_page_url");
	tap_str(str(root, "feed_url"), SELF_JSON, "json: feed_url");
	tap_str(str(root, "description"), "Items of " PAGE_URL
	    ", polled by pagefeed", "json: description");
	a = json_get(root, "authors");
	tap_ok(a != NULL && a->j_type == JSON_ARRAY && count(a) == 1,
	    "json: feed authors, an array of one");
	tap_str(str(nth(a, 0), "name"), "Test & <Feed> \"q\"",
	    "json: feed author name is the title");
	tap_str(str(nth(a, 0), "url"), PAGE_URL,
	    "json: feed author url is the page");
	tap_ok(json_get(root, "author") == NULL, "json: no 1.0 author");
	tap_ok(json_get(root, "items") != NULL &&
	    json_get(root, "items")->j_type == JSON_ARRAY &&
	    count(json_get(root, "items")) == NITEMS, "json: all items");
	json_free(root);

	if (feed_json(&fm, items, NITEMS, &out2, &len2, &cause) == 0) {
		tap_ok(len == len2 && memcmp(out, out2, len) == 0,
		    "json: same input, same bytes");
		free(out2);
	} else {
		tap_ok(0, "json: second render");
		free(cause);
	}
	free(out);
}

static void
test_items(void)
{
	struct feed_meta	 fm = meta();
	struct json		*root;
	const struct json	*its, *it, *a, *t;

	if ((root = render(&fm, items, NITEMS, "json items", NULL, NULL)) ==
	    NULL)
		return;
	its = json_get(root, "items");

	it = nth(its, 0);
	tap_str(str(it, "id"), "https://example.org/news/1?a=1&b=2",
	    "item 1: id is the guid");
	tap_str(str(it, "url"), "https://example.org/news/1?a=1&b=2",
	    "item 1: url is the link");
	tap_str(str(it, "title"), "<b>tag</b> & \"quotes\"",
	    "item 1: title, markup as text");
	tap_str(str(it, "content_html"),
	    "<p>Body <a href=\"/x?a=1&amp;b=2\">link</a></p>",
	    "item 1: content_html is the content");
	tap_ok(json_get(it, "content_text") == NULL,
	    "item 1: no content_text beside content_html");
	tap_str(str(it, "summary"), "Summary with <b>bold</b> & more",
	    "item 1: summary");
	tap_str(str(it, "image"), "https://example.org/img/1.png?w=100",
	    "item 1: image");
	tap_str(str(it, "date_published"), "2018-11-13T00:00:00Z",
	    "item 1: date_published RFC 3339");
	tap_str(str(it, "date_modified"), "2018-11-15T16:40:00Z",
	    "item 1: date_modified is the update");
	a = json_get(it, "authors");
	tap_ok(a != NULL && a->j_type == JSON_ARRAY && count(a) == 1,
	    "item 1: authors, an array of one");
	tap_str(str(nth(a, 0), "name"), "Jane Doe", "item 1: author name");
	tap_ok(nth(a, 0) != NULL && count(nth(a, 0)) == 1,
	    "item 1: author has only a name");
	t = json_get(it, "tags");
	tap_ok(t != NULL && t->j_type == JSON_ARRAY && count(t) == 3,
	    "item 1: three tags, empty lines skipped");
	tap_str(json_string(nth(t, 0)), "News", "item 1: tag 1");
	tap_str(json_string(nth(t, 1)), "Local politics", "item 1: tag 2");
	tap_str(json_string(nth(t, 2)), "\"quoted\"", "item 1: tag 3");

	it = nth(its, 1);
	tap_str(str(it, "id"), UUID, "item 2: urn:uuid id");
	tap_ok(it != NULL && json_get(it, "url") == NULL,
	    "item 2: no url without a link");
	tap_ok(it != NULL && json_get(it, "content_html") == NULL,
	    "item 2: no content_html without content");
	tap_str(str(it, "content_text"), "Only a summary",
	    "item 2: content_text is the summary");
	tap_str(str(it, "summary"), "Only a summary", "item 2: summary");
	tap_str(str(it, "date_published"), "2018-11-14T12:53:20Z",
	    "item 2: date_published");
	tap_str(str(it, "date_modified"), "2018-11-14T12:53:20Z",
	    "item 2: date_modified = published when never updated");
	tap_ok(it != NULL && json_get(it, "image") == NULL &&
	    json_get(it, "authors") == NULL && json_get(it, "tags") == NULL,
	    "item 2: no image, authors or tags when unset");

	it = nth(its, 2);
	tap_str(str(it, "content_text"), "Title only",
	    "item 3: content_text falls back to the title");
	tap_ok(it != NULL && json_get(it, "content_html") == NULL,
	    "item 3: empty content gives no content_html");
	tap_ok(it != NULL && json_get(it, "summary") == NULL,
	    "item 3: no summary when unset");
	tap_ok(it != NULL && json_get(it, "tags") == NULL,
	    "item 3: only empty category lines, no tags");
	tap_str(str(it, "date_modified"), "2018-11-13T09:06:40Z",
	    "item 3: an older update does not move date_modified back");

	it = nth(its, 3);
	tap_str(str(it, "id"), "tag:example.org,2018:" HOSTILE_BACK,
	    "item 4: hostile id round-trips");
	tap_str(str(it, "title"), HOSTILE_BACK,
	    "item 4: hostile title round-trips");
	tap_str(str(it, "url"), "https://example.org/4?q=\"\\" HOSTILE_BACK,
	    "item 4: hostile url round-trips");
	tap_str(str(it, "summary"), "sum " HOSTILE_BACK,
	    "item 4: hostile summary round-trips");
	tap_str(str(it, "content_html"), "<p>" HOSTILE_BACK "</p>",
	    "item 4: hostile content_html round-trips");
	tap_str(str(nth(json_get(it, "authors"), 0), "name"),
	    "au " HOSTILE_BACK, "item 4: hostile author round-trips");
	tap_str(str(it, "image"), "https://example.org/i" FFFD ".jpg",
	    "item 4: invalid byte in image becomes U+FFFD");
	t = json_get(it, "tags");
	tap_ok(t != NULL && count(t) == 3, "item 4: hostile categories "
	    "split on newlines only");
	tap_str(json_string(nth(t, 0)), "c1 \"q\" \\b\\ \x01\x1f\x7f\t\r",
	    "item 4: tag 1");
	tap_str(json_string(nth(t, 2)), "c2\\", "item 4: last tag");
	json_free(root);
}

static void
test_raw(void)
{
	struct feed_meta	 fm = meta();
	struct json		*root;
	char			*out = NULL;
	size_t			 len = 0;

	root = render(&fm, &items[3], 1, "json hostile", &out, &len);
	json_free(root);
	if (out == NULL)
		return;
	tap_ok(strstr(out, "\\u2028") != NULL && strstr(out, "\\u2029") !=
	    NULL, "hostile: U+2028 and U+2029 escaped");
	tap_ok(strstr(out, "\\u0001") != NULL && strstr(out, "\\u007f") !=
	    NULL, "hostile: controls and DEL escaped");
	tap_ok(strstr(out, "\\\"q\\\" \\\\b\\\\") != NULL,
	    "hostile: quotes and backslashes escaped");
	tap_ok(memchr(out, 0xff, len) == NULL, "hostile: no invalid byte");
	free(out);
}

static void
test_edges(void)
{
	struct feed_meta	 fm = meta();
	struct stored_item	 one;
	struct json		*root;
	const struct json	*its, *it;
	char			*out = NULL;
	size_t			 len = 0;

	root = render(&fm, NULL, 0, "json empty", &out, &len);
	its = json_get(root, "items");
	tap_ok(its != NULL && its->j_type == JSON_ARRAY && count(its) == 0,
	    "json empty: items is an empty array");
	tap_str(str(root, "title"), "Test & <Feed> \"q\"",
	    "json empty: title");
	tap_ok(json_get(root, "authors") != NULL, "json empty: authors");
	json_free(root);
	free(out);

	/* A hostile feed title and URLs; a minimal item without title. */
	fm.fm_title = HOSTILE;
	fm.fm_page_url = "https://example.org/\"\x01\xff";
	memset(&one, 0, sizeof(one));
	one.si_guid = "g";
	one.si_published = 1542067200;
	root = render(&fm, &one, 1, "json hostile feed", NULL, NULL);
	tap_str(str(root, "title"), HOSTILE_BACK,
	    "hostile feed: title round-trips");
	tap_str(str(root, "home_page_url"), "https://example.org/\"\x01" FFFD,
	    "hostile feed: home_page_url round-trips");
	tap_str(str(nth(json_get(root, "authors"), 0), "name"), HOSTILE_BACK,
	    "hostile feed: author name round-trips");
	it = nth(json_get(root, "items"), 0);
	tap_str(str(it, "content_text"), "",
	    "item with neither title nor summary: content_text empty");
	tap_ok(it != NULL && json_get(it, "title") == NULL,
	    "item without title: no title member");
	json_free(root);

	/* Without a page URL the feed still has what the spec requires. */
	fm.fm_title = "T";
	fm.fm_page_url = NULL;
	fm.fm_self_url = NULL;
	root = render(&fm, &one, 1, "json no urls", NULL, NULL);
	tap_ok(root != NULL && json_get(root, "home_page_url") == NULL &&
	    json_get(root, "feed_url") == NULL &&
	    json_get(root, "description") == NULL,
	    "no urls: home_page_url, feed_url, description omitted");
	tap_ok(str(nth(json_get(root, "authors"), 0), "url") == NULL,
	    "no urls: author without url");
	tap_ok(root != NULL && json_get(root, "language") == NULL,
	    "no language: no language member");
	json_free(root);

	/* A date-only Moscow date keeps its offset; the feed its language. */
	fm.fm_language = "ru-RU";
	one.si_published = one.si_date = 1542834000;
	one.si_date_offset = 3 * 3600;
	one.si_date_offset_known = 1;
	one.si_date_only = 1;
	root = render(&fm, &one, 1, "json offset", NULL, NULL);
	tap_str(str(root, "language"), "ru-RU", "json: language");
	it = nth(json_get(root, "items"), 0);
	tap_str(str(it, "date_published"), "2018-11-22T00:00:00+03:00",
	    "json: date_published in the date's offset");
	tap_str(str(it, "date_modified"), "2018-11-22T00:00:00+03:00",
	    "json: date_modified too");
	json_free(root);
}

/* The validator is real: it refuses documents the spec refuses. */
static void
test_validator(void)
{
	static const struct {
		const char	*doc;
		const char	*what;
	} bad[] = {
		{ "{\"title\":\"t\",\"items\":[]}", "no version" },
		{ "{\"version\":\"https://jsonfeed.org/version/1\","
		    "\"title\":\"t\",\"items\":[]}", "version 1.0" },
		{ "{\"version\":\"" VERSION_11 "\",\"items\":[]}", "no title" },
		{ "{\"version\":\"" VERSION_11 "\",\"title\":\"t\"}",
		    "no items" },
		{ "{\"version\":\"" VERSION_11 "\",\"title\":\"t\","
		    "\"items\":[{\"content_text\":\"x\"}]}", "item without id" },
		{ "{\"version\":\"" VERSION_11 "\",\"title\":\"t\","
		    "\"items\":[{\"id\":1,\"content_text\":\"x\"}]}",
		    "numeric id" },
		{ "{\"version\":\"" VERSION_11 "\",\"title\":\"t\","
		    "\"items\":[{\"id\":\"1\"}]}", "item without content" },
		{ "{\"version\":\"" VERSION_11 "\",\"title\":\"t\","
		    "\"items\":[{\"id\":\"1\",\"content_text\":\"x\","
		    "\"tags\":\"a\"}]}", "tags not an array" },
		{ "{\"version\":\"" VERSION_11 "\",\"title\":\"t\","
		    "\"items\":[{\"id\":\"1\",\"content_text\":\"x\","
		    "\"date_published\":\"13 Nov 2018\"}]}",
		    "date not RFC 3339" },
		{ "{\"version\":\"" VERSION_11 "\",\"title\":\"t\","
		    "\"items\":[{\"id\":\"1\",\"content_text\":\"x\","
		    "\"id\":\"2\"}]}", "duplicate member" },
	};
	struct json	*root;
	char		 why[160], name[160];
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		root = json_parse(bad[i].doc, strlen(bad[i].doc), NULL);
		snprintf(name, sizeof(name), "validator refuses: %s",
		    bad[i].what);
		tap_ok(root != NULL && !jsonfeed_valid(root, why, sizeof(why)),
		    name);
		json_free(root);
	}
	tap_ok(rfc3339("2018-11-13T00:00:00Z") &&
	    rfc3339("2018-11-13T00:00:00.5+03:00") &&
	    !rfc3339("2018-11-13 00:00:00Z") && !rfc3339("2018-11-13T00:00:00"),
	    "rfc3339 check itself");
}

int
main(void)
{
	test_feed_level();
	test_items();
	test_raw();
	test_edges();
	test_validator();
	return (tap_done());
}
