/*
 * test_site.c: the feed page's dates in their source's zone.  site_date
 * on its own, then items written through the store API, read back as the
 * feed page reads them and rendered by site_item.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "item.h"
#include "log.h"
#include "site.h"
#include "store.h"
#include "tap.h"
#include "testlib.h"
#include "tz.h"
#include "util.h"

#define MOSCOW_DAY	1542834000	/* 2018-11-22T00:00:00+03:00 */
#define FAIR		1712079000	/* 2024-04-02T17:30:00Z */

static void
check_date(time_t t, int offset, int date_only, const char *want_attr,
    const char *want_text, const char *what)
{
	char	 attr[64], text[64], *w;

	if (!tap_ok(site_date(t, offset, date_only, attr, sizeof(attr), text,
	    sizeof(text)) == 0, what))
		return;
	xasprintf(&w, "%s: datetime", what);
	tap_str(attr, want_attr, w);
	free(w);
	xasprintf(&w, "%s: text", what);
	tap_str(text, want_text, w);
	free(w);
}

static void
test_pages_date(void)
{
	check_date(MOSCOW_DAY, 3 * 3600, 1, "2018-11-22", "2018-11-22",
	    "a date-only day in Moscow is that day, no time");
	check_date(MOSCOW_DAY, 3 * 3600, 0, "2018-11-22T00:00:00+03:00",
	    "2018-11-22 00:00 +03:00", "a time in Moscow keeps +03:00");
	check_date(MOSCOW_DAY, 0, 0, "2018-11-21T21:00:00Z",
	    "2018-11-21 21:00 UTC", "a time in UTC");
	check_date(MOSCOW_DAY, -(4 * 3600 + 30 * 60), 0,
	    "2018-11-21T16:30:00-04:30", "2018-11-21 16:30 -04:30",
	    "a negative offset with minutes");
	check_date(MOSCOW_DAY, 5 * 3600 + 30 * 60, 1, "2018-11-22",
	    "2018-11-22", "a date-only day at +05:30");
	check_date(MOSCOW_DAY, 999999, 0, "2018-11-21T21:00:00Z",
	    "2018-11-21 21:00 UTC", "an offset no zone has is taken as UTC");
}

static struct item
mkitem(const char *guid, const char *title, time_t date, int offset,
    int date_only)
{
	struct item	 it;

	memset(&it, 0, sizeof(it));
	it.it_guid = (char *)guid;
	it.it_title = (char *)title;
	it.it_link = (char *)"https://example.org/";
	it.it_date = date;
	it.it_date_offset = offset;
	it.it_date_only = date_only;
	return (it);
}

/* The <article> of the item GUID among V, of a source in zone TZ. */
static char *
render_tz(const struct stored_item *v, size_t n, const char *guid,
    const struct tz *tz, time_t now)
{
	struct buf	 b;
	size_t		 i, len;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].si_guid, guid) == 0)
			break;
	if (i == n)
		return (xstrdup("(no such item)"));
	buf_init(&b, 1024 * 1024);
	site_item(&b, &v[i], tz, now);
	buf_addstr(&b, "");	/* data even when nothing was written */
	return (buf_take(&b, &len));
}

static char *
render(const struct stored_item *v, size_t n, const char *guid, time_t now)
{
	return (render_tz(v, n, guid, NULL, now));
}

static void
has(const char *html, const char *want, int yes, const char *what)
{
	if (!tap_ok((strstr(html, want) != NULL) == yes, what))
		printf("#   %s %s in:\n# %s\n", yes ? "expected" : "unexpected",
		    want, html);
}

static void
test_store_items(const char *dir)
{
	struct store		*st;
	struct stored_item	*v = NULL;
	struct item		 items[3];
	size_t			 n = 0;
	char			*cause = NULL, *html;
	struct tz		*msk;
	int			 nnew, nupd;
	time_t			 now = FAIR + 30 * 86400;

	items[0] = mkitem("moscow", "Embassy reception", MOSCOW_DAY,
	    3 * 3600, 1);
	items[1] = mkitem("fair", "Spring fair", FAIR, 3600, 0);
	items[2] = mkitem("undated", "No date", 0, 0, 0);
	if ((st = store_open(dir, &cause)) == NULL ||
	    store_merge_items(st, "s", items, 3, FAIR + 86400, 0, &nnew, &nupd,
	    &cause) == -1 || store_items(st, "s", 10, &v, &n, &cause) == -1) {
		tap_ok(0, "items written and read through the store");
		printf("# %s\n", cause != NULL ? cause : "?");
		free(cause);
		store_close(st);
		return;
	}
	tap_long((long long)n, 3, "three items read back");

	html = render(v, n, "moscow", now);
	has(html, "<time datetime=\"2018-11-22\">2018-11-22</time>", 1,
	    "date-only item: the day in its zone, as a date");
	has(html, "21:00", 0, "date-only item: not the UTC time before it");
	has(html, "00:00", 0, "date-only item: no invented midnight");
	free(html);

	html = render(v, n, "fair", now);
	has(html, "<time datetime=\"2024-04-02T18:30:00+01:00\">"
	    "2024-04-02 18:30 +01:00</time>", 1,
	    "dated item: the time in its source's zone with the offset");
	has(html, "UTC", 0, "dated item: not said to be UTC");
	free(html);

	html = render(v, n, "undated", now);
	has(html, "first seen <time", 1, "undated item: first seen");
	has(html, " UTC</time>", 1, "undated item: first seen in UTC");
	free(html);
	if ((msk = tz_load("Europe/Moscow", &cause)) == NULL) {
		tap_ok(0, "Europe/Moscow loads");
		free(cause);
		cause = NULL;
	}
	html = render_tz(v, n, "undated", msk, now);
	has(html, "first seen <time datetime=\"2024-04-03T20:30:00+03:00\">"
	    "2024-04-03 20:30 +03:00</time>", 1,
	    "undated item of a Moscow source: first seen in its zone");
	has(html, "UTC", 0, "undated item of a Moscow source: not in UTC");
	free(html);
	html = render_tz(v, n, "fair", msk, now);
	has(html, "2024-04-02 18:30 +01:00</time>", 1,
	    "dated item: its own offset, whatever the zone");
	free(html);
	tz_free(msk);

	/* A day has no hour: no "20 h ago" the day after. */
	html = render(v, n, "moscow", MOSCOW_DAY + 20 * 3600);
	has(html, "class=\"rel\"", 0,
	    "date-only item: no hour count the day after");
	free(html);
	html = render(v, n, "moscow", MOSCOW_DAY + 10 * 86400);
	has(html, "10 days ago", 1, "date-only item: days ago later on");
	free(html);

	store_items_free(v, n);
	store_close(st);
}

int
main(void)
{
	char	*dir;

	log_init(LOG_LVL_ERROR);
	xasprintf(&dir, "%s/state", testlib_tmpdir("pages"));
	test_pages_date();
	test_store_items(dir);
	free(dir);
	return (tap_done());
}
