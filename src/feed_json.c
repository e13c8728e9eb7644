/*
 * feed_json.c: JSON Feed 1.1 (https://jsonfeed.org/version/1.1).  Every
 * string goes through text_json_string, which escapes what JSON and
 * JavaScript forbid and replaces invalid UTF-8, so the document is valid
 * JSON whatever the page held.  Two-space indentation, one member a line.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "store.h"
#include "text.h"
#include "util.h"

#define JSONFEED_VERSION	"https://jsonfeed.org/version/1.1"

/* Writes ",\n", INDENT spaces, "KEY": and the string V; nothing if V is NULL. */
static int
feed_json_member(struct buf *b, int indent, const char *key, const char *v)
{
	if (v == NULL)
		return (0);
	if (buf_printf(b, ",\n%*s\"%s\": ", indent, "", key) == -1)
		return (-1);
	text_json_string(b, v);
	return (0);
}

/* "tags": one string per non-empty line of LINES, omitted when none. */
static int
feed_json_tags(struct buf *b, const char *lines)
{
	char	*copy, *line, *save = NULL;
	int	 bad = 0, first = 1;

	if (lines == NULL || lines[strspn(lines, "\n")] == '\0')
		return (0);
	bad |= buf_addstr(b, ",\n      \"tags\": [") == -1;
	copy = xstrdup(lines);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (!first)
			bad |= buf_addstr(b, ", ") == -1;
		text_json_string(b, line);
		first = 0;
	}
	free(copy);
	bad |= buf_addstr(b, "]") == -1;
	return (bad ? -1 : 0);
}

/*
 * In a combined feed, the feed an item comes from: JSON Feed has no field
 * for it, so an extension (a key starting with "_", as the spec asks).
 */
static int
feed_json_source(struct buf *b, const struct feed_source *fs)
{
	char	*url;
	int	 bad = 0;

	if (fs == NULL)
		return (0);
	xasprintf(&url, "%s.json", fs->fs_feed_url);
	bad |= buf_addstr(b, ",\n      \"_pagefeed\": {\"source\": {"
	    "\"name\": ") == -1;
	text_json_string(b, fs->fs_name);
	bad |= buf_addstr(b, ", \"title\": ") == -1;
	text_json_string(b, fs->fs_title);
	bad |= buf_addstr(b, ", \"feed_url\": ") == -1;
	text_json_string(b, url);
	if (fs->fs_page_url != NULL) {
		bad |= buf_addstr(b, ", \"home_page_url\": ") == -1;
		text_json_string(b, fs->fs_page_url);
	}
	bad |= buf_addstr(b, "}}") == -1;
	free(url);
	return (bad ? -1 : 0);
}

static int
feed_json_item(struct buf *b, const struct feed_meta *fm,
    const struct stored_item *si, const struct feed_when *fw)
{
	struct feed_dates	 fd;
	const char		*text;
	int			 bad = 0, html;

	bad |= buf_addstr(b, "    {\n      \"id\": ") == -1;
	text_json_string(b, si->si_guid != NULL ? si->si_guid : "");
	bad |= feed_json_member(b, 6, "url", si->si_link);
	bad |= feed_json_member(b, 6, "title", si->si_title);
	/* An item must carry content_html or content_text: never neither. */
	html = si->si_content != NULL && si->si_content[0] != '\0';
	if (html)
		bad |= feed_json_member(b, 6, "content_html", si->si_content);
	else {
		text = si->si_summary != NULL ? si->si_summary :
		    si->si_title != NULL ? si->si_title : "";
		bad |= feed_json_member(b, 6, "content_text", text);
	}
	bad |= feed_json_member(b, 6, "summary", si->si_summary);
	bad |= feed_json_member(b, 6, "image", si->si_image);
	feed_entry_dates(fm, si, fw, DATE_RFC3339, &fd);
	bad |= feed_json_member(b, 6, "date_published", fd.fd_published);
	bad |= feed_json_member(b, 6, "date_modified", fd.fd_updated);
	if (si->si_author != NULL) {
		bad |= buf_addstr(b, ",\n      \"authors\": [{\"name\": ") == -1;
		text_json_string(b, si->si_author);
		bad |= buf_addstr(b, "}]") == -1;
	}
	bad |= feed_json_tags(b, si->si_categories);
	bad |= feed_json_source(b, si->si_source);
	bad |= buf_addstr(b, "\n    }") == -1;
	return (bad ? -1 : 0);
}

int
feed_json(const struct feed_meta *fm, const struct stored_item *items,
    size_t n, char **out, size_t *len, char **cause)
{
	struct buf		 b;
	struct feed_when	*fw;
	char			*desc = NULL;
	size_t			 i;
	int			 bad = 0;

	/* No cap of its own: the store bounds the items and their fields. */
	buf_init(&b, (size_t)-1 / 2);
	bad |= buf_addstr(&b, "{\n  \"version\": ") == -1;
	text_json_string(&b, JSONFEED_VERSION);
	bad |= feed_json_member(&b, 2, "title",
	    fm->fm_title != NULL ? fm->fm_title : "");
	bad |= feed_json_member(&b, 2, "home_page_url", fm->fm_page_url);
	bad |= feed_json_member(&b, 2, "feed_url", fm->fm_self_url);
	if (fm->fm_page_url != NULL) {
		xasprintf(&desc, "Items of %s, polled by pagefeed",
		    fm->fm_page_url);
		bad |= feed_json_member(&b, 2, "description", desc);
		free(desc);
	}
	bad |= feed_json_member(&b, 2, "language", fm->fm_language);
	/* Items carry no author of their own: the page is the author. */
	if (fm->fm_title != NULL) {
		bad |= buf_addstr(&b, ",\n  \"authors\": [{\"name\": ") == -1;
		text_json_string(&b, fm->fm_title);
		if (fm->fm_page_url != NULL) {
			bad |= buf_addstr(&b, ", \"url\": ") == -1;
			text_json_string(&b, fm->fm_page_url);
		}
		bad |= buf_addstr(&b, "}]") == -1;
	}
	if (fm->fm_hub_url != NULL) {
		bad |= buf_addstr(&b, ",\n  \"hubs\": [{\"type\": \"WebSub\", "
		    "\"url\": ") == -1;
		text_json_string(&b, fm->fm_hub_url);
		bad |= buf_addstr(&b, "}]") == -1;
	}
	bad |= buf_addstr(&b, n > 0 ? ",\n  \"items\": [\n" :
	    ",\n  \"items\": []\n}\n") == -1;
	fw = xreallocarray(NULL, n > 0 ? n : 1, sizeof(*fw));
	feed_when(items, n, fw);
	for (i = 0; i < n; i++) {
		bad |= feed_json_item(&b, fm, &items[i], &fw[i]);
		bad |= buf_addstr(&b, i + 1 < n ? ",\n" : "\n  ]\n}\n") == -1;
	}
	free(fw);
	if (bad) {
		buf_free(&b);
		*out = NULL;
		*cause = xstrdup("writing JSON Feed failed");
		return (-1);
	}
	*out = buf_take(&b, len);
	return (0);
}
