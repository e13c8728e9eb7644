/*
 * test_store.c: the SQLite store on a real file in a temporary directory:
 * creation and schema, the lock, merging polls, ordering, source state,
 * reopening, and refusing files it cannot use.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "item.h"
#include "log.h"
#include "store.h"
#include "tap.h"
#include "testlib.h"
#include "util.h"

static const char	*tmpdir;

static struct item
mkitem(const char *guid, const char *title, const char *link,
    const char *summary, time_t date)
{
	struct item	 it;

	memset(&it, 0, sizeof(it));
	it.it_guid = (char *)guid;
	it.it_title = (char *)title;
	it.it_link = (char *)link;
	it.it_summary = (char *)summary;
	it.it_date = date;
	return (it);
}

/* The guids of SOURCE's newest LIMIT items, space-separated. */
static char *
guids(struct store *st, const char *source, int limit)
{
	struct stored_item	*v = NULL;
	size_t			 n = 0, i;
	char			*out, *tmp, *cause = NULL;

	if (store_items(st, source, limit, &v, &n, &cause) == -1) {
		xasprintf(&out, "error: %s", cause);
		free(cause);
		return (out);
	}
	out = xstrdup("");
	for (i = 0; i < n; i++) {
		xasprintf(&tmp, "%s%s%s", out, i ? " " : "", v[i].si_guid);
		free(out);
		out = tmp;
	}
	store_items_free(v, n);
	return (out);
}

/* One stored item of SOURCE by guid (caller frees with store_items_free). */
static struct stored_item *
find(struct store *st, const char *source, const char *guid,
    struct stored_item **all, size_t *n)
{
	char	*cause = NULL;
	size_t	 i;

	*all = NULL;
	*n = 0;
	if (store_items(st, source, 1000, all, n, &cause) == -1) {
		printf("# store_items: %s\n", cause);
		free(cause);
		return (NULL);
	}
	for (i = 0; i < *n; i++)
		if (strcmp((*all)[i].si_guid, guid) == 0)
			return (&(*all)[i]);
	return (NULL);
}

/* Runs a one-integer query on the database file itself. */
static long long
db_int(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*s;
	long long	 v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return (-1);
	}
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			v = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return (v);
}

static int
merge(struct store *st, const char *source, const struct item *items,
    size_t n, time_t now, int *nnew, int *nupd)
{
	char	*cause = NULL;
	int	 rc;

	rc = store_merge_items(st, source, items, n, now, 0, nnew, nupd,
	    &cause);
	if (rc == -1) {
		printf("# store_merge_items: %s\n", cause ? cause : "(no cause)");
		free(cause);
	}
	return (rc);
}

static void
test_open_lock(const char *dir)
{
	struct store	*st, *st2;
	struct stat	 sb;
	char		*cause = NULL, *dbpath;

	st = store_open(dir, &cause);
	if (!tap_ok(st != NULL, "store_open on a fresh directory")) {
		printf("# %s\n", cause);
		free(cause);
		exit(tap_done());
	}
	xasprintf(&dbpath, "%s/pagefeed.db", dir);
	tap_ok(stat(dbpath, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0,
	    "pagefeed.db created");
	tap_str(store_path(st), dbpath, "store_path");
	tap_long(db_int(dbpath, "SELECT version FROM schema_version"),
	    STORE_SCHEMA_VERSION, "schema_version holds STORE_SCHEMA_VERSION");
	tap_long(db_int(dbpath, "SELECT count(*) FROM schema_version"), 1,
	    "schema_version has one row");
	tap_long(db_int(dbpath, "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'table' AND name IN ('items', 'sources')"), 2,
	    "items and sources tables exist");

	st2 = store_open(dir, &cause);
	tap_ok(st2 == NULL, "second store_open on the same dir fails");
	tap_ok(cause != NULL && strstr(cause, "another pagefeed") != NULL,
	    "lock failure says why");
	if (cause != NULL)
		printf("# cause: %s\n", cause);
	free(cause);
	cause = NULL;
	store_close(st2);
	store_close(st);

	/* The lock goes with the store. */
	st = store_open(dir, &cause);
	tap_ok(st != NULL, "store_open after close succeeds");
	free(cause);
	store_close(st);
	free(dbpath);
}

static void
test_merge(const char *dir)
{
	struct store		*st;
	struct stored_item	*all, *si;
	struct item		 items[4];
	size_t			 n;
	int			 nnew, nupd, rc;
	char			*g, *cause = NULL;

	if ((st = store_open(dir, NULL)) == NULL) {
		tap_ok(0, "store_open for merge");
		return;
	}
	items[0] = mkitem("g1", "First", "http://e.org/1", "one", 0);
	items[1] = mkitem("g2", "Second", "http://e.org/2", NULL, 0);
	items[2] = mkitem("g3", "Third", NULL, "three", 0);
	tap_ok(merge(st, "s", items, 3, 1000, &nnew, &nupd) == 0 &&
	    nnew == 3 && nupd == 0, "first merge: 3 new, 0 updated");
	tap_long(store_count(st, "s"), 3, "store_count 3");
	tap_long(store_count(st, "other"), 0, "store_count of unknown source");
	tap_ok(merge(st, "s", items, 3, 2000, &nnew, &nupd) == 0 &&
	    nnew == 0 && nupd == 0, "same merge again: 0 new, 0 updated");
	tap_long(store_count(st, "s"), 3, "still 3");

	si = find(st, "s", "g1", &all, &n);
	if (tap_ok(si != NULL, "g1 stored")) {
		tap_str(si->si_title, "First", "g1 title");
		tap_str(si->si_link, "http://e.org/1", "g1 link");
		tap_str(si->si_summary, "one", "g1 summary");
		tap_long(si->si_first_seen, 1000, "g1 first_seen");
		tap_long(si->si_updated, 0, "g1 not updated");
		tap_long(si->si_date, 0, "g1 no date");
		tap_long(si->si_published, 1000, "g1 published = first_seen");
	}
	store_items_free(all, n);
	si = find(st, "s", "g3", &all, &n);
	tap_ok(si != NULL && si->si_link == NULL, "NULL link stays NULL");
	store_items_free(all, n);
	si = find(st, "s", "g2", &all, &n);
	tap_ok(si != NULL && si->si_summary == NULL, "NULL summary stays NULL");
	store_items_free(all, n);

	/* A changed title is an update; the guid stays. */
	items[0].it_title = "First, corrected";
	tap_ok(merge(st, "s", items, 3, 3000, &nnew, &nupd) == 0 &&
	    nnew == 0 && nupd == 1, "changed title: 0 new, 1 updated");
	si = find(st, "s", "g1", &all, &n);
	if (tap_ok(si != NULL, "g1 still there under its guid")) {
		tap_str(si->si_title, "First, corrected", "new title stored");
		tap_long(si->si_updated, 3000, "si_updated set");
		tap_long(si->si_first_seen, 1000, "first_seen unchanged");
	}
	tap_long((long long)n, 3, "no new row for the changed item");
	store_items_free(all, n);

	/* A summary appearing is an update too. */
	items[1].it_summary = "now with text";
	tap_ok(merge(st, "s", items, 3, 4000, &nnew, &nupd) == 0 &&
	    nnew == 0 && nupd == 1, "summary NULL -> text: 1 updated");
	/* A new link or date alone is kept, but does not move updated. */
	items[2].it_link = "http://e.org/3";
	items[2].it_date = 500;
	tap_ok(merge(st, "s", items, 3, 5000, &nnew, &nupd) == 0 &&
	    nnew == 0 && nupd == 1, "link and date change: changed in place");
	si = find(st, "s", "g3", &all, &n);
	if (tap_ok(si != NULL, "g3 found")) {
		tap_str(si->si_link, "http://e.org/3", "new link stored");
		tap_long(si->si_date, 500, "new date stored");
		tap_long(si->si_published, 500, "published follows the date");
		tap_long(si->si_updated, 0, "g3 still not updated");
	}
	store_items_free(all, n);

	/* Sources are separate: the same guid is new elsewhere. */
	tap_ok(merge(st, "t", items, 1, 6000, &nnew, &nupd) == 0 &&
	    nnew == 1 && nupd == 0, "same guid in another source is new");
	tap_long(store_count(st, "s"), 3, "source s unaffected");
	tap_long(store_count(st, "t"), 1, "source t has 1");

	/* A failing merge changes nothing: the whole poll is rolled back. */
	items[0] = mkitem("new-ok", "Fine", NULL, NULL, 0);
	items[1] = mkitem("new-bad", NULL, NULL, NULL, 0);	/* NOT NULL */
	nnew = nupd = 77;
	rc = store_merge_items(st, "s", items, 2, 7000, 0, &nnew, &nupd,
	    &cause);
	tap_ok(rc == -1 && cause != NULL, "merge of an item without a title "
	    "fails with a cause");
	tap_ok(nnew == 0 && nupd == 0, "failed merge reports 0/0");
	free(cause);
	tap_long(store_count(st, "s"), 3, "failed merge stored nothing");
	g = guids(st, "s", 100);
	tap_ok(strstr(g, "new-ok") == NULL, "the good item of a failed "
	    "merge was rolled back");
	free(g);
	/* And the store still works afterwards. */
	tap_ok(merge(st, "s", items, 1, 7000, &nnew, &nupd) == 0 && nnew == 1,
	    "merge after a failed one works");
	store_close(st);
}

static int
merge_flags(struct store *st, const struct item *items, size_t n, time_t now,
    int flags, int *nnew, int *nupd)
{
	char	*cause = NULL;
	int	 rc;

	rc = store_merge_items(st, "d", items, n, now, flags, nnew, nupd,
	    &cause);
	if (rc == -1) {
		printf("# store_merge_items: %s\n", cause);
		free(cause);
	}
	return (rc);
}

/* The stored date of guid G in source "d": date, offset (-1: NULL), only. */
static void
date_of(const char *dir, const char *g, long long *date, long long *off,
    long long *only, long long *published)
{
	char	*path, *sql;

	xasprintf(&path, "%s/pagefeed.db", dir);
	xasprintf(&sql, "SELECT coalesce(date, 0) FROM items WHERE guid = '%s'",
	    g);
	*date = db_int(path, sql);
	free(sql);
	xasprintf(&sql, "SELECT coalesce(date_offset, -1) FROM items WHERE "
	    "guid = '%s'", g);
	*off = db_int(path, sql);
	free(sql);
	xasprintf(&sql, "SELECT date_only FROM items WHERE guid = '%s'", g);
	*only = db_int(path, sql);
	free(sql);
	xasprintf(&sql, "SELECT published FROM items WHERE guid = '%s'", g);
	*published = db_int(path, sql);
	free(sql);
	free(path);
}

/* Dates of known items: first seen replaced, kept, or re-read (REDATE). */
static void
test_merge_dates(const char *dir)
{
	struct store		*st;
	struct stored_item	*all, *si;
	struct item		 items[3];
	long long		 date, off, only, pub;
	size_t			 n;
	int			 nnew, nupd;

	if ((st = store_open(dir, NULL)) == NULL) {
		tap_ok(0, "store_open for merge dates");
		return;
	}
	items[0] = mkitem("d1", "One", NULL, NULL, 0);
	items[1] = mkitem("d2", "Two", NULL, NULL, 0);
	items[2] = mkitem("d3", "Three", NULL, NULL, 9000);
	items[2].it_date_offset = 3600;
	tap_ok(merge_flags(st, items, 3, 10000, 0, &nnew, &nupd) == 0 &&
	    nnew == 3, "dates: 3 new");

	/* The page gives a date where first seen stood: it replaces it. */
	items[0].it_date = 8000;
	items[0].it_date_offset = 10800;
	items[0].it_date_only = 1;
	tap_ok(merge_flags(st, items, 3, 11000, 0, &nnew, &nupd) == 0 &&
	    nnew == 0 && nupd == 1, "a page date for a first-seen item: "
	    "1 changed in place, 0 new");
	date_of(dir, "d1", &date, &off, &only, &pub);
	tap_long(date, 8000, "first-seen replaced: date");
	tap_long(off, 10800, "... date_offset");
	tap_long(only, 1, "... date_only");
	tap_long(pub, 8000, "... published");
	si = find(st, "d", "d1", &all, &n);
	tap_ok(si != NULL && si->si_updated == 0 && si->si_first_seen == 10000,
	    "... updated not moved, first_seen kept");
	if (si != NULL)
		tap_long(si->si_date_offset, 10800, "store_items reads the "
		    "offset");
	store_items_free(all, n);

	/* Without REDATE a stored date stays (relative dates drift). */
	items[0].it_date = 8600;
	items[0].it_date_offset = 0;
	items[0].it_date_only = 0;
	items[2].it_date = 0;
	tap_ok(merge_flags(st, items, 3, 12000, 0, &nnew, &nupd) == 0 &&
	    nupd == 0, "a different page date, settings the same: nothing "
	    "changes");
	date_of(dir, "d1", &date, &off, &only, &pub);
	tap_ok(date == 8000 && off == 10800 && only == 1 && pub == 8000,
	    "... the stored date is kept whole");
	date_of(dir, "d3", &date, &off, &only, &pub);
	tap_ok(date == 9000 && off == 3600, "... also when the page gives "
	    "none now");

	/* With REDATE (date settings changed) the page's reading wins. */
	tap_ok(merge_flags(st, items, 3, 13000, STORE_MERGE_REDATE, &nnew,
	    &nupd) == 0 && nnew == 0 && nupd == 2, "REDATE: 2 changed in "
	    "place, 0 new");
	date_of(dir, "d1", &date, &off, &only, &pub);
	tap_ok(date == 8600 && off == 0 && only == 0 && pub == 8600,
	    "REDATE: the new date, offset and flag replace the old");
	date_of(dir, "d3", &date, &off, &only, &pub);
	tap_ok(date == 0 && off == -1 && only == 0 && pub == 10000,
	    "REDATE and no date now: back to first seen");
	date_of(dir, "d2", &date, &off, &only, &pub);
	tap_ok(date == 0 && pub == 10000, "REDATE, never a date: unchanged");
	tap_ok(merge_flags(st, items, 3, 14000, STORE_MERGE_REDATE, &nnew,
	    &nupd) == 0 && nupd == 0, "REDATE again with the same dates: "
	    "nothing changes");
	si = find(st, "d", "d1", &all, &n);
	tap_ok(si != NULL && si->si_updated == 0, "dates never move updated");
	store_items_free(all, n);
	tap_long(store_count(st, "d"), 3, "still 3 items");

	/* FOLLOW still marks only new items with a link. */
	items[0] = mkitem("d4", "Four", "http://e.org/4", NULL, 0);
	tap_ok(merge_flags(st, items, 1, 15000, STORE_MERGE_FOLLOW |
	    STORE_MERGE_REDATE, &nnew, &nupd) == 0 && nnew == 1,
	    "FOLLOW with REDATE: new item");
	{
		struct pending_page	*pp;
		size_t			 np;
		char			*cause = NULL;

		tap_ok(store_pages_pending(st, "d", 10, &pp, &np, &cause) ==
		    0 && np == 1 && strcmp(pp[0].pp_guid, "d4") == 0,
		    "... awaits its page");
		if (cause == NULL)
			store_pages_free(pp, np);
		free(cause);
	}

	/* REFOLLOW: a known item's page is fetched again, attempts reset. */
	{
		struct pending_page	*pp;
		struct item_page	 ip;
		size_t			 np = 0;
		char			*cause = NULL;

		memset(&ip, 0, sizeof(ip));
		ip.ip_content = "<p>page</p>";
		tap_ok(store_page_done(st, "d", "d4", &ip, NULL) == 0 &&
		    store_pages_pending(st, "d", 10, &pp, &np, NULL) == 0 &&
		    np == 0, "page done: none pending");
		store_pages_free(pp, np);
		tap_ok(merge_flags(st, items, 1, 16000, STORE_MERGE_FOLLOW,
		    &nnew, &nupd) == 0 && nnew == 0 && nupd == 0 &&
		    store_pages_pending(st, "d", 10, &pp, &np, NULL) == 0 &&
		    np == 0, "FOLLOW alone: a known item's page is not "
		    "fetched again");
		store_pages_free(pp, np);
		tap_ok(merge_flags(st, items, 1, 17000, STORE_MERGE_FOLLOW |
		    STORE_MERGE_REFOLLOW, &nnew, &nupd) == 0 && nnew == 0 &&
		    nupd == 0, "REFOLLOW: nothing new or changed");
		tap_ok(store_pages_pending(st, "d", 10, &pp, &np, &cause) ==
		    0 && np == 1 && strcmp(pp[0].pp_guid, "d4") == 0,
		    "REFOLLOW: the known item's page awaits a fetch again");
		if (cause == NULL)
			store_pages_free(pp, np);
		free(cause);
		si = find(st, "d", "d4", &all, &n);
		tap_ok(si != NULL && si->si_content != NULL &&
		    strcmp(si->si_content, "<p>page</p>") == 0,
		    "... its page data stays until then");
		store_items_free(all, n);
	}
	store_close(st);
}

/* Hash guids of releases before store schema 4 are renamed, never published again. */
static void
test_legacy(const char *dir)
{
	struct store		*st;
	struct stored_item	*all, *si;
	struct item		 items[3];
	size_t			 n;
	int			 nnew, nupd;
	char			*g;

	if ((st = store_open(dir, NULL)) == NULL) {
		tap_ok(0, "store_open for legacy guids");
		return;
	}
	/* What an old release stored: version-8 hash guids. */
	items[0] = mkitem("urn:uuid:old-a", "A", NULL, "a", 0);
	items[1] = mkitem("urn:uuid:old-b", "B", NULL, "b", 0);
	tap_ok(merge(st, "leg", items, 2, 1000, &nnew, &nupd) == 0 &&
	    nnew == 2, "legacy: the old release stored two items");
	/* The upgrade: version-5 guids, the old ones beside them. */
	items[0] = mkitem("urn:uuid:new-a", "A", NULL, "a", 0);
	items[0].it_legacy_guid = "urn:uuid:old-a";
	items[1] = mkitem("urn:uuid:new-b", "B", NULL, "b, edited", 0);
	items[1].it_legacy_guid = "urn:uuid:old-b";
	items[2] = mkitem("urn:uuid:new-c", "C", NULL, "c", 0);
	items[2].it_legacy_guid = "urn:uuid:old-c";
	tap_ok(merge(st, "leg", items, 3, 2000, &nnew, &nupd) == 0 &&
	    nnew == 1 && nupd == 1, "legacy: after the upgrade only the really "
	    "new item is new, an edit is an update");
	g = guids(st, "leg", 10);
	tap_str(g, "urn:uuid:new-c urn:uuid:new-a urn:uuid:new-b",
	    "legacy: the rows carry the new guids");
	free(g);
	tap_long(store_count(st, "leg"), 3, "legacy: no row twice");
	si = find(st, "leg", "urn:uuid:new-a", &all, &n);
	tap_ok(si != NULL && si->si_first_seen == 1000,
	    "legacy: a renamed item keeps its first-seen time");
	store_items_free(all, n);
	/* Again: nothing new; and an old guid that is back is left alone. */
	tap_ok(merge(st, "leg", items, 3, 3000, &nnew, &nupd) == 0 &&
	    nnew == 0 && nupd == 0, "legacy: the next poll finds nothing new");
	items[0] = mkitem("urn:uuid:old-a", "A2", NULL, "a2", 0);
	tap_ok(merge(st, "leg", items, 1, 4000, &nnew, &nupd) == 0 &&
	    nnew == 1, "legacy: an old guid as a guid is simply new");
	items[0] = mkitem("urn:uuid:new-a", "A", NULL, "a", 0);
	items[0].it_legacy_guid = "urn:uuid:old-a";
	tap_ok(merge(st, "leg", items, 1, 5000, &nnew, &nupd) == 0 &&
	    nnew == 0 && store_count(st, "leg") == 4,
	    "legacy: both guids known: no rename, no error");
	/* Another source's row is never taken. */
	items[0] = mkitem("urn:uuid:new-x", "X", NULL, "x", 0);
	items[0].it_legacy_guid = "urn:uuid:old-b";
	tap_ok(merge(st, "other-leg", items, 1, 6000, &nnew, &nupd) == 0 &&
	    nnew == 1 && store_count(st, "leg") == 4,
	    "legacy: the rename stays within the source");
	store_close(st);
}

static void
test_order(const char *dir)
{
	struct store	*st;
	struct item	 items[4];
	int		 nnew, nupd;
	char		*g;

	if ((st = store_open(dir, NULL)) == NULL) {
		tap_ok(0, "store_open for order");
		return;
	}
	/* Poll 1 at 1000: a dated item, an undated one, an old dated one. */
	items[0] = mkitem("B", "b", NULL, NULL, 0);
	items[1] = mkitem("A", "a", NULL, NULL, 5000);
	items[2] = mkitem("C", "c", NULL, NULL, 500);
	merge(st, "o", items, 3, 1000, &nnew, &nupd);
	g = guids(st, "o", 100);
	tap_str(g, "A B C", "published DESC: date, else first_seen");
	free(g);

	/* Poll 2 at 2000: two undated items; the old ones left the page. */
	items[0] = mkitem("D", "d", NULL, NULL, 0);
	items[1] = mkitem("E", "e", NULL, NULL, 0);
	merge(st, "o", items, 2, 2000, &nnew, &nupd);
	g = guids(st, "o", 100);
	tap_str(g, "A D E B C", "same published: page order; old items stay");
	free(g);

	/* Poll 3 at 3000: dated 2000, so it ties D and E but is seen later. */
	items[0] = mkitem("H", "h", NULL, NULL, 0);
	items[1] = mkitem("F", "f", NULL, NULL, 2000);
	items[2] = mkitem("G", "g", NULL, NULL, 0);
	merge(st, "o", items, 3, 3000, &nnew, &nupd);
	g = guids(st, "o", 100);
	tap_str(g, "A H G F D E B C", "ties on published: first_seen DESC, "
	    "then page order");
	free(g);
	tap_long(store_count(st, "o"), 8, "store_count 8");

	g = guids(st, "o", 3);
	tap_str(g, "A H G", "limit 3");
	free(g);
	g = guids(st, "o", 1);
	tap_str(g, "A", "limit 1");
	free(g);
	g = guids(st, "o", 0);
	tap_str(g, "", "limit 0");
	free(g);
	g = guids(st, "nothing", 10);
	tap_str(g, "", "unknown source: no items");
	free(g);
	store_close(st);
}

static void
test_state(const char *dir)
{
	struct store		*st;
	struct source_state	 ss, got;
	char			*cause = NULL;

	if ((st = store_open(dir, NULL)) == NULL) {
		tap_ok(0, "store_open for state");
		return;
	}
	tap_long(store_state_get(st, "nobody", &got), 0, "unknown source: "
	    "state_get 0");
	tap_ok(got.ss_page_title == NULL && got.ss_last_poll == 0,
	    "unknown source: state zeroed");

	memset(&ss, 0, sizeof(ss));
	ss.ss_last_poll = 100;
	tap_long(store_state_put(st, "s", &ss, &cause), 0, "state_put with "
	    "NULL strings");
	tap_long(store_state_get(st, "s", &got), 1, "state_get finds it");
	tap_ok(got.ss_page_title == NULL && got.ss_last_error == NULL &&
	    got.ss_last_poll == 100 && got.ss_last_success == 0 &&
	    got.ss_consecutive_failures == 0, "NULL strings round trip");
	store_state_clear(&got);

	ss.ss_page_title = "Page \xc3\xa9 title";
	ss.ss_last_poll = 1700000000;
	ss.ss_last_success = 1690000000;
	ss.ss_last_error = "HTTP 503";
	ss.ss_consecutive_failures = 4;
	tap_long(store_state_put(st, "s", &ss, &cause), 0, "state_put again "
	    "updates");
	tap_long(store_state_get(st, "s", &got), 1, "state_get after update");
	tap_str(got.ss_page_title, "Page \xc3\xa9 title", "page title");
	tap_str(got.ss_last_error, "HTTP 503", "last error");
	tap_long(got.ss_last_poll, 1700000000, "last poll");
	tap_long(got.ss_last_success, 1690000000, "last success");
	tap_long(got.ss_consecutive_failures, 4, "consecutive failures");
	store_state_clear(&got);
	tap_ok(got.ss_page_title == NULL && got.ss_last_error == NULL,
	    "store_state_clear empties");

	/* Back to NULL strings: an update may clear them. */
	ss.ss_last_error = NULL;
	ss.ss_consecutive_failures = 0;
	store_state_put(st, "s", &ss, &cause);
	store_state_get(st, "s", &got);
	tap_ok(got.ss_last_error == NULL && got.ss_consecutive_failures == 0 &&
	    got.ss_page_title != NULL, "last_error cleared by an update");
	store_state_clear(&got);
	free(cause);
	store_close(st);
}

/* States kept for a flush: read at once, written together, or on close. */
static void
test_defer(const char *dir)
{
	struct store		*st;
	struct source_state	 ss, got;
	char			*cause = NULL;

	if ((st = store_open(dir, NULL)) == NULL) {
		tap_ok(0, "defer: open");
		return;
	}
	memset(&ss, 0, sizeof(ss));
	ss.ss_page_title = "Deferred";
	ss.ss_last_poll = 7000;
	ss.ss_etag = "\"e1\"";
	tap_long(store_state_defer(st, "d1", &ss, &cause), 0, "defer: kept");
	tap_long((long long)store_state_deferred(st), 1, "defer: one kept");
	tap_long(store_state_get(st, "d1", &got), 1, "defer: read at once");
	tap_str(got.ss_etag, "\"e1\"", "defer: as kept");
	store_state_clear(&got);
	ss.ss_last_poll = 7001;
	store_state_defer(st, "d1", &ss, &cause);
	tap_long((long long)store_state_deferred(st), 1,
	    "defer: a newer state replaces the kept one");
	tap_long(store_state_flush(st, &cause), 0, "defer: flushed");
	tap_long((long long)store_state_deferred(st), 0, "defer: none kept");
	tap_long(store_state_get(st, "d1", &got), 1, "defer: read back");
	tap_long((long long)got.ss_last_poll, 7001, "defer: the newest");
	store_state_clear(&got);
	/* A direct write supersedes a kept state. */
	ss.ss_last_poll = 7002;
	store_state_defer(st, "d1", &ss, &cause);
	ss.ss_last_poll = 7003;
	store_state_put(st, "d1", &ss, &cause);
	tap_long((long long)store_state_deferred(st), 0,
	    "defer: a put drops the kept state");
	/* Closing writes what is kept. */
	ss.ss_last_poll = 7004;
	store_state_defer(st, "d2", &ss, &cause);
	store_close(st);
	st = store_open(dir, NULL);
	tap_long(store_state_get(st, "d2", &got), 1, "defer: close wrote it");
	tap_long((long long)got.ss_last_poll, 7004, "defer: as kept");
	store_state_clear(&got);
	tap_long(store_state_get(st, "d1", &got), 1, "defer: d1 there");
	tap_long((long long)got.ss_last_poll, 7003, "defer: the put won");
	store_state_clear(&got);
	free(cause);
	store_close(st);
}

/* WebSub subscriptions: kept, renewed in place, listed, removed. */
static void
test_subs(const char *dir)
{
	struct store		*st;
	struct store_sub	 sub, *subs = NULL;
	size_t			 n = 0;
	char			*cause = NULL;

	if ((st = store_open(dir, NULL)) == NULL) {
		tap_ok(0, "subs: open");
		return;
	}
	memset(&sub, 0, sizeof(sub));
	sub.sub_topic = "news.atom";
	sub.sub_callback = "http://127.0.0.1:9/cb?a=1";
	sub.sub_secret = "s3cret";
	sub.sub_lease = 3600;
	sub.sub_expires = 1000 + 3600;
	sub.sub_created = 1000;
	tap_long(store_sub_put(st, &sub, &cause), 0, "subs: put");
	sub.sub_callback = "http://127.0.0.1:9/other";
	sub.sub_secret = NULL;
	tap_long(store_sub_put(st, &sub, &cause), 0, "subs: a second");
	/* A renewal: same topic and callback, a new lease and secret. */
	sub.sub_callback = "http://127.0.0.1:9/cb?a=1";
	sub.sub_secret = "new";
	sub.sub_lease = 60;
	sub.sub_expires = 5000;
	sub.sub_created = 4000;
	tap_long(store_sub_put(st, &sub, &cause), 0, "subs: renewed");
	store_close(st);
	st = store_open(dir, NULL);
	tap_long(store_subs(st, &subs, &n, &cause), 0, "subs: listed");
	tap_long((long long)n, 2, "subs: two, the renewal in place");
	if (n == 2) {
		tap_str(subs[0].sub_callback, "http://127.0.0.1:9/cb?a=1",
		    "subs: first by creation");
		tap_str(subs[0].sub_secret, "new", "subs: the new secret");
		tap_long(subs[0].sub_lease, 60, "subs: the new lease");
		tap_long((long long)subs[0].sub_expires, 5000,
		    "subs: the new expiry");
		tap_long((long long)subs[0].sub_created, 1000,
		    "subs: created stays");
		tap_str(subs[1].sub_secret, NULL, "subs: no secret is NULL");
	}
	store_subs_free(subs, n);
	tap_long(store_sub_delete(st, "news.atom", "http://127.0.0.1:9/other",
	    &cause), 0, "subs: deleted");
	store_subs(st, &subs, &n, &cause);
	tap_long((long long)n, 1, "subs: one left");
	store_subs_free(subs, n);
	free(cause);
	store_close(st);
}

static void
test_reopen(const char *dir)
{
	struct store		*st;
	struct source_state	 got;
	char			*g;

	if ((st = store_open(dir, NULL)) == NULL) {
		tap_ok(0, "reopen");
		return;
	}
	tap_long(store_count(st, "o"), 8, "reopen: items kept");
	g = guids(st, "o", 100);
	tap_str(g, "A H G F D E B C", "reopen: order kept");
	free(g);
	tap_long(store_state_get(st, "s", &got), 1, "reopen: state kept");
	tap_str(got.ss_page_title, "Page \xc3\xa9 title", "reopen: page title");
	store_state_clear(&got);
	store_close(st);
}

static void
test_bad_files(const char *top)
{
	struct store	*st;
	char		*dir, *db, *cause = NULL;
	FILE		*fp;
	sqlite3		*h;
	int		 i;

	/* A pagefeed.db that is not SQLite at all. */
	xasprintf(&dir, "%s/garbage", top);
	mkdir(dir, 0700);
	xasprintf(&db, "%s/pagefeed.db", dir);
	fp = fopen(db, "wb");
	for (i = 0; i < 200; i++)
		fputs("this is not an SQLite database, just text. ", fp);
	fclose(fp);
	st = store_open(dir, &cause);
	tap_ok(st == NULL, "garbage pagefeed.db: store_open fails");
	tap_ok(cause != NULL && strstr(cause, "pagefeed.db") != NULL,
	    "garbage pagefeed.db: message names the file");
	if (cause != NULL)
		printf("# cause: %s\n", cause);
	store_close(st);
	free(cause);
	cause = NULL;
	/* The failed open let go of its lock: the next failure is the same. */
	st = store_open(dir, &cause);
	tap_ok(st == NULL && cause != NULL &&
	    strstr(cause, "another pagefeed") == NULL,
	    "failed open released the lock");
	store_close(st);
	free(cause);
	cause = NULL;
	free(db);
	free(dir);

	/* A schema newer than this code knows. */
	xasprintf(&dir, "%s/newer", top);
	mkdir(dir, 0700);
	xasprintf(&db, "%s/pagefeed.db", dir);
	if (sqlite3_open(db, &h) == SQLITE_OK)
		sqlite3_exec(h, "CREATE TABLE schema_version (version INTEGER "
		    "NOT NULL); INSERT INTO schema_version VALUES (99);", NULL,
		    NULL, NULL);
	sqlite3_close(h);
	st = store_open(dir, &cause);
	tap_ok(st == NULL, "newer schema refused");
	tap_ok(cause != NULL && strstr(cause, "newer") != NULL &&
	    strstr(cause, "99") != NULL, "newer schema: message says so");
	if (cause != NULL)
		printf("# cause: %s\n", cause);
	store_close(st);
	free(cause);
	cause = NULL;
	tap_long(db_int(db, "SELECT version FROM schema_version"), 99,
	    "newer schema left untouched");
	free(db);
	free(dir);

	/* A state_dir that cannot be created. */
	xasprintf(&dir, "%s/no/such/parent", top);
	st = store_open(dir, &cause);
	tap_ok(st == NULL && cause != NULL && strstr(cause, "state_dir") !=
	    NULL, "uncreatable state_dir refused with a message");
	store_close(st);
	free(cause);
	free(dir);
}

/*
 * The store says itself whether it is writable: the last write failed or
 * not (here another connection holds the write lock past the busy timeout).
 */
static void
test_writable(const char *dir)
{
	struct store		*st;
	struct source_state	 ss;
	sqlite3			*db;
	char			*cause = NULL, *path;

	tap_ok(store_writable(NULL), "writable: no store is no failing store");
	if ((st = store_open(dir, NULL)) == NULL) {
		tap_ok(0, "store_open for writable");
		return;
	}
	memset(&ss, 0, sizeof(ss));
	tap_ok(store_writable(st), "writable: a fresh store");
	xasprintf(&path, "%s/pagefeed.db", dir);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		tap_ok(0, "writable: another writer holds the lock");
		sqlite3_close(db);
		free(path);
		store_close(st);
		return;
	}
	tap_long(store_state_put(st, "w", &ss, &cause), -1,
	    "writable: a write under another's lock fails");
	free(cause);
	cause = NULL;
	tap_ok(!store_writable(st), "writable: not, after a failed write");
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	tap_long(store_state_put(st, "w", &ss, &cause), 0,
	    "writable: the lock gone, the write succeeds");
	tap_ok(store_writable(st), "writable: again, by itself");
	free(path);
	store_close(st);
}

static void
replica_told(const char *source, enum store_table t, void *arg)
{
	char	*log = arg;

	snprintf(log + strlen(log), 256 - strlen(log), "%s%s:%s",
	    *log ? " " : "", t == STORE_ITEMS ? "items" : "state", source);
}

/*
 * The replica of a shared store: tracked writes marked, read as JSON,
 * cleared unless written again; copies applied without marks, leaving
 * rows not yet pushed alone; the last change number kept per origin.
 */
static void
test_replica(const char *top)
{
	struct store		*st;
	struct store_batch	 sb, sb2;
	struct source_state	 ss;
	struct item		 it[2];
	char			*dir, *cause = NULL, told[256] = "";
	int			 nnew, nupd;
	static const char *const cols[] = { "source", "guid", "title",
	    "first_seen", "published", "seq" };
	static const char *const vals[] = {
	    "r", "copied", "From elsewhere", "100", "100", "0",
	    "r", "mine", "Overwritten?", "1", "1", "0" };
	static const char *const scols[] = { "name", "page_title",
	    "last_poll" };
	static const char *const svals[] = { "other", "Other's", "50" };
	struct store_rows	 rows = { cols, 6, vals, 2 };
	struct store_rows	 srows = { scols, 3, svals, 1 };
	const struct store_rows	*tables[3] = { &rows, &srows, NULL };

	xasprintf(&dir, "%s/replica", top);
	if ((st = store_open(dir, &cause)) == NULL) {
		tap_ok(0, "replica: open");
		free(dir);
		return;
	}
	it[0] = mkitem("mine", "Mine", "http://x/1", NULL, 0);
	it[1] = mkitem("before", "Before tracking", NULL, NULL, 0);
	store_merge_items(st, "r", &it[1], 1, 10, 0, &nnew, &nupd, &cause);
	tap_long(store_track(st, &cause), 0, "replica: tracking on");
	tap_long(store_unpushed(st), 0,
	    "replica: rows written before tracking are not marked");
	store_merge_items(st, "r", it, 1, 20, 0, &nnew, &nupd, &cause);
	tap_long(store_unpushed(st), 1, "replica: a merged item is marked");
	tap_long(store_dirty(st, STORE_ITEMS, 10, &sb, &cause), 0,
	    "replica: marked rows read");
	tap_long((long long)sb.sb_n, 1, "replica: one row");
	tap_ok(sb.sb_json != NULL && strstr(sb.sb_json, "\"guid\":\"mine\"")
	    != NULL && strstr(sb.sb_json, "\"first_seen\":20") != NULL &&
	    strstr(sb.sb_json, "\"dirty\"") == NULL &&
	    strstr(sb.sb_json, "\"id\"") == NULL,
	    "replica: the row as JSON by column, without id and mark");
	/* Written again while on the way: stays marked. */
	it[0].it_title = "Mine, retitled";
	store_merge_items(st, "r", it, 1, 30, 0, &nnew, &nupd, &cause);
	tap_long(store_pushed(st, STORE_ITEMS, &sb, &cause), 0,
	    "replica: pushed");
	tap_long(store_unpushed(st), 1,
	    "replica: a row written again while sent stays marked");
	store_dirty(st, STORE_ITEMS, 10, &sb2, &cause);
	store_pushed(st, STORE_ITEMS, &sb2, &cause);
	tap_long(store_unpushed(st), 0, "replica: then cleared");
	store_batch_free(&sb);
	store_batch_free(&sb2);
	/* A state kept for the flush is marked once written. */
	memset(&ss, 0, sizeof(ss));
	ss.ss_last_poll = 40;
	store_state_defer(st, "r", &ss, &cause);
	tap_long(store_unpushed(st), 1, "replica: a kept state counts");
	/* Copies: applied unmarked; a row marked here is left alone. */
	it[0].it_title = "Mine, local";
	store_merge_items(st, "r", it, 1, 50, 0, &nnew, &nupd, &cause);
	tap_long(store_apply(st, tables, 77, replica_told, told, &cause), 0,
	    "replica: copies applied");
	tap_str(told, "items:r state:other",
	    "replica: each source told once per table");
	{
		char	*g = guids(st, "r", 10);

		tap_ok(strstr(g, "copied") != NULL,
		    "replica: the copied item is there");
		free(g);
	}
	{
		struct stored_item	*all, *m;
		size_t			 n;

		m = find(st, "r", "mine", &all, &n);
		tap_str(m ? m->si_title : NULL, "Mine, local",
		    "replica: a row not yet pushed keeps its local text");
		store_items_free(all, n);
	}
	tap_long(store_state_get(st, "other", &ss), 1,
	    "replica: the copied state is there");
	tap_str(ss.ss_page_title, "Other's", "replica: as copied");
	store_state_clear(&ss);
	tap_long(store_unpushed(st), 2,
	    "replica: copies are not marked (the local item and kept state are)");
	tap_long(store_replica_set(st, "origin-1", 77, &cause), 0,
	    "replica: change number kept");
	tap_long(store_replica_rev(st, "origin-1"), 77,
	    "replica: read back for its origin");
	tap_long(store_replica_rev(st, "origin-2"), 0,
	    "replica: another origin starts from 0");
	free(cause);
	store_close(st);
	free(dir);
}

int
main(void)
{
	char	*dir;

	log_init(LOG_LVL_ERROR);
	tmpdir = testlib_tmpdir("store");
	/* store_open creates the state directory itself. */
	xasprintf(&dir, "%s/state", tmpdir);
	test_open_lock(dir);
	test_merge(dir);
	test_merge_dates(dir);
	test_legacy(dir);
	test_order(dir);
	test_state(dir);
	test_writable(dir);
	test_reopen(dir);
	test_subs(dir);
	test_defer(dir);
	test_replica(tmpdir);
	test_bad_files(tmpdir);
	free(dir);
	testlib_cleanup();
	tap_ok(access(tmpdir, F_OK) == -1, "temporary directory removed");
	return (tap_done());
}
