/*
 * store.c: SQLite in WAL mode, prepared statements made once.  Each poll's
 * merge is one transaction, so a crash leaves either all of a poll's items
 * or none of them, and a guid once stored is never new again.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/hash.h>
#include <sqlite3.h>

#include "item.h"
#include "log.h"
#include "store.h"
#include "store_int.h"
#include "util.h"


static const char *stmt_sql[ST_MAX] = {
	[ST_ITEM_GET] = "SELECT id, title, summary, content, link, date, "
	    "author, image, categories, date_offset, date_only FROM items "
	    "WHERE source = ?1 AND guid = ?2",
	[ST_ITEM_INSERT] = "INSERT INTO items (source, guid, title, link, "
	    "summary, date, first_seen, published, seq, content, author, "
	    "image, categories, page_state, date_offset, date_only) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?6, ?7), ?8, ?9, "
	    "?10, ?11, ?12, ?13, ?14, ?15)",
	/*
	 * What the listing says replaces what it said before; what the
	 * item's own page said (page_*) is kept apart and wins when shown.
	 * ?6 is NULL unless the text changed, so updated only moves then.
	 * The date (?5, ?11, ?12) is decided by store_merge_date.
	 */
	[ST_ITEM_UPDATE] = "UPDATE items SET title = ?2, link = ?3, "
	    "summary = ?4, date = ?5, "
	    "published = coalesce(page_date, ?5, first_seen), "
	    "updated = coalesce(?6, updated), content = ?7, author = ?8, "
	    "image = ?9, categories = ?10, date_offset = ?11, "
	    "date_only = ?12, "
	    "page_state = CASE WHEN ?13 THEN 1 ELSE page_state END, "
	    "page_attempts = CASE WHEN ?13 THEN 0 ELSE page_attempts END "
	    "WHERE id = ?1",
	[ST_ITEMS_NEWEST] = "SELECT guid, coalesce(page_title, title), link, "
	    "summary, coalesce(page_date, date), first_seen, updated, "
	    "published, coalesce(page_content, content), "
	    "coalesce(page_author, author), coalesce(page_image, image), "
	    "categories, CASE WHEN page_date IS NOT NULL THEN "
	    "page_date_offset ELSE date_offset END, "
	    "CASE WHEN page_date IS NOT NULL THEN page_date_only "
	    "ELSE date_only END FROM items WHERE source = ?1 "
	    "ORDER BY published DESC, first_seen DESC, seq ASC LIMIT ?2",
	[ST_COUNT] = "SELECT count(*) FROM items WHERE source = ?1",
	[ST_STATE_GET] = "SELECT page_title, last_poll, last_success, "
	    "last_error, consecutive_failures, etag, last_modified, "
	    "body_hash, next_poll, settings_hash, added, language "
	    "FROM sources WHERE name = ?1",
	[ST_STATE_PUT] = "INSERT INTO sources (name, page_title, last_poll, "
	    "last_success, last_error, consecutive_failures, etag, "
	    "last_modified, body_hash, next_poll, settings_hash, added, "
	    "language) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
	    "ON CONFLICT (name) DO UPDATE SET "
	    "page_title = ?2, last_poll = ?3, last_success = ?4, "
	    "last_error = ?5, consecutive_failures = ?6, etag = ?7, "
	    "last_modified = ?8, body_hash = ?9, next_poll = ?10, "
	    "settings_hash = ?11, added = ?12, language = ?13",
	[ST_PAGES_PENDING] = "SELECT guid, link FROM items WHERE source = ?1 "
	    "AND page_state = 1 AND link IS NOT NULL "
	    "ORDER BY first_seen DESC, seq ASC LIMIT ?2",
	/* page_state 2: read, but no article body found (follow = article);
	 * the title found stands in for one the listing did not give. */
	[ST_PAGE_DONE] = "UPDATE items SET page_state = ?10, "
	    "page_title = coalesce(?3, CASE WHEN title = link THEN ?11 END), "
	    "page_date = ?4, page_content = ?5, page_author = ?6, "
	    "page_image = ?7, published = coalesce(?4, date, first_seen), "
	    "page_date_offset = ?8, page_date_only = ?9 "
	    "WHERE source = ?1 AND guid = ?2",
	/* A page that keeps failing is given up after STORE_PAGE_ATTEMPTS. */
	[ST_PAGE_FAILED] = "UPDATE items SET page_attempts = page_attempts + 1, "
	    "page_state = CASE WHEN page_attempts + 1 >= ?3 THEN 0 ELSE 1 END "
	    "WHERE source = ?1 AND guid = ?2",
	/* An item known under its hash guid of before schema 4 takes the new one. */
	[ST_ITEM_RENAME] = "UPDATE items SET guid = ?3 WHERE source = ?1 "
	    "AND guid = ?2 AND NOT EXISTS (SELECT 1 FROM items "
	    "WHERE source = ?1 AND guid = ?3)",
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	/* mode = changes: the texts kept, the newest last. */
	[ST_VERSION_LAST] = "SELECT text, hash, settings, seen_at "
	    "FROM versions WHERE source = ?1 ORDER BY id DESC LIMIT 1",
	[ST_VERSION_ADD] = "INSERT INTO versions (source, seen_at, hash, "
	    "settings, text) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_VERSION_PRUNE] = "DELETE FROM versions WHERE source = ?1 AND id <= "
	    "(SELECT id FROM versions WHERE source = ?1 ORDER BY id DESC "
	    "LIMIT 1 OFFSET ?2)",
	/* WebSub: a subscription is its topic and callback (a renewal
	 * replaces the lease and the secret). */
	[ST_SUB_PUT] = "INSERT INTO subscriptions (topic, callback, secret, "
	    "lease_seconds, expires, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	    "ON CONFLICT (topic, callback) DO UPDATE SET secret = ?3, "
	    "lease_seconds = ?4, expires = ?5",
	[ST_SUB_DELETE] = "DELETE FROM subscriptions WHERE topic = ?1 AND "
	    "callback = ?2",
	[ST_SUBS] = "SELECT topic, callback, secret, lease_seconds, expires, "
	    "created FROM subscriptions ORDER BY topic, created",
};

/* Schema migrations: entry N takes version N to N+1. */
static const char *migrations[] = {
	"CREATE TABLE schema_version (version INTEGER NOT NULL);"
	"INSERT INTO schema_version VALUES (0);"
	"CREATE TABLE sources ("
	"  name TEXT PRIMARY KEY,"
	"  page_title TEXT,"
	"  last_poll INTEGER NOT NULL DEFAULT 0,"
	"  last_success INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT,"
	"  consecutive_failures INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE items ("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  guid TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  link TEXT,"
	"  summary TEXT,"
	"  date INTEGER,"
	"  first_seen INTEGER NOT NULL,"
	"  updated INTEGER,"
	"  published INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  UNIQUE (source, guid));"
	"CREATE INDEX items_newest ON items "
	"  (source, published DESC, first_seen DESC, seq);",
	/* 2: more fields, and the fields of each item's own page. */
	"ALTER TABLE items ADD COLUMN content TEXT;"
	"ALTER TABLE items ADD COLUMN author TEXT;"
	"ALTER TABLE items ADD COLUMN image TEXT;"
	"ALTER TABLE items ADD COLUMN categories TEXT;"
	"ALTER TABLE items ADD COLUMN page_state INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE items ADD COLUMN page_attempts INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE items ADD COLUMN page_title TEXT;"
	"ALTER TABLE items ADD COLUMN page_date INTEGER;"
	"ALTER TABLE items ADD COLUMN page_content TEXT;"
	"ALTER TABLE items ADD COLUMN page_author TEXT;"
	"ALTER TABLE items ADD COLUMN page_image TEXT;"
	"CREATE INDEX items_pages_pending ON items (source, page_state) "
	"  WHERE page_state = 1;",
	/* 3: politeness: validators, the last page's hash, the next poll. */
	"ALTER TABLE sources ADD COLUMN etag TEXT;"
	"ALTER TABLE sources ADD COLUMN last_modified TEXT;"
	"ALTER TABLE sources ADD COLUMN body_hash TEXT;"
	"ALTER TABLE sources ADD COLUMN next_poll INTEGER NOT NULL DEFAULT 0;",
	/* 3 -> 4 */
	"ALTER TABLE sources ADD COLUMN settings_hash TEXT;"
	"ALTER TABLE sources ADD COLUMN added INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE sources ADD COLUMN language TEXT;"
	"UPDATE sources SET added = coalesce((SELECT min(first_seen) FROM "
	"items WHERE items.source = sources.name), nullif(last_poll, 0), "
	"CAST(strftime('%s', 'now') AS INTEGER));"
	"ALTER TABLE items ADD COLUMN date_offset INTEGER;"
	"ALTER TABLE items ADD COLUMN date_only INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE items ADD COLUMN page_date_offset INTEGER;"
	"ALTER TABLE items ADD COLUMN page_date_only INTEGER NOT NULL "
	"DEFAULT 0;",
	/* 4 -> 5: mode = changes, the last texts of each watched page. */
	"CREATE TABLE versions ("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  seen_at INTEGER NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  settings TEXT,"
	"  text TEXT NOT NULL);"
	"CREATE INDEX versions_source ON versions (source, id);",
	/* 5 -> 6: WebSub subscribers; topic is a feed, "NAME.EXT". */
	"CREATE TABLE subscriptions ("
	"  topic TEXT NOT NULL,"
	"  callback TEXT NOT NULL,"
	"  secret TEXT,"
	"  lease_seconds INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  PRIMARY KEY (topic, callback));",
	/* 6 -> 7: the local replica of a shared store (shared.c): rows
	 * written here and not yet in the shared store, the last change
	 * copied from it. */
	"ALTER TABLE items ADD COLUMN dirty INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE sources ADD COLUMN dirty INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX items_dirty ON items (dirty) WHERE dirty > 0;"
	"CREATE INDEX sources_dirty ON sources (dirty) WHERE dirty > 0;"
	"ALTER TABLE versions ADD COLUMN dirty INTEGER NOT NULL DEFAULT 0;"
	"DELETE FROM versions WHERE id NOT IN (SELECT min(id) FROM versions "
	"GROUP BY source, seen_at, hash);"
	"CREATE UNIQUE INDEX versions_key ON versions (source, seen_at, hash);"
	"CREATE INDEX versions_dirty ON versions (dirty) WHERE dirty > 0;"
	"CREATE TABLE replica (origin TEXT, rev INTEGER NOT NULL);"
	"INSERT INTO replica VALUES (NULL, 0);",
};

#define STORE_BUSY_TIMEOUT_MS	100
#define NMIGRATIONS	(sizeof(migrations) / sizeof(migrations[0]))


/* Every write says here how it went: the store knows if it is writable. */
int
store_wrote(struct store *st, int rc)
{
	st->st_failed = rc == -1;
	return (rc);
}

int
store_writable(const struct store *st)
{
	return (st == NULL || !st->st_failed);
}

const char *
store_path(const struct store *st)
{
	return (st->st_path);
}

/* *cause (unless CAUSE is NULL) says the database's last error; -1. */
int
store_error(struct store *st, char **cause)
{
	if (cause != NULL)
		xasprintf(cause, "%s: %s", st->st_path,
		    sqlite3_errmsg(st->st_db));
	return (-1);
}

int
store_exec(struct store *st, const char *sql, char **cause)
{
	char	*err = NULL;

	if (sqlite3_exec(st->st_db, sql, NULL, NULL, &err) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", st->st_path,
		    err ? err : sqlite3_errmsg(st->st_db));
		sqlite3_free(err);
		return (-1);
	}
	return (0);
}

static int
store_version(struct store *st, int *version, char **cause)
{
	sqlite3_stmt	*s;
	int		 rc, exists;

	*version = 0;
	if (sqlite3_prepare_v2(st->st_db, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name = 'schema_version'", -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(s);
	exists = rc == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		goto fail;
	if (!exists)
		return (0);
	if (sqlite3_prepare_v2(st->st_db, "SELECT max(version) FROM "
	    "schema_version", -1, &s, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_step(s) == SQLITE_ROW)
		*version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return (0);
fail:
	return (store_error(st, cause));
}

static int
store_migrate(struct store *st, char **cause)
{
	int	 version, from;
	char	*sql;

	if (store_version(st, &version, cause) == -1)
		return (-1);
	from = version;
	if (version > (int)NMIGRATIONS) {
		xasprintf(cause, "%s: schema version %d is newer than this "
		    "pagefeed knows (%zu)", st->st_path, version, NMIGRATIONS);
		return (-1);
	}
	for (; version < (int)NMIGRATIONS; version++) {
		xasprintf(&sql, "BEGIN IMMEDIATE; %s "
		    "UPDATE schema_version SET version = %d; COMMIT;",
		    migrations[version], version + 1);
		if (store_exec(st, sql, cause) == -1) {
			free(sql);
			sqlite3_exec(st->st_db, "ROLLBACK", NULL, NULL, NULL);
			return (-1);
		}
		free(sql);
		log_debug("store %s: schema version %d", st->st_path,
		    version + 1);
	}
	/* One line for the whole way, however many steps it took. */
	if (from == 0)
		log_info("store %s: created (schema version %zu)", st->st_path,
		    NMIGRATIONS);
	else if (from < (int)NMIGRATIONS)
		log_info("store %s: migrated from schema version %d to %zu",
		    st->st_path, from, NMIGRATIONS);
	return (0);
}

static int
store_quick_check(struct store *st, char **cause)
{
	sqlite3_stmt	*s;
	const char	*r;
	int		 rc, rv = 0;

	if (sqlite3_prepare_v2(st->st_db, "PRAGMA quick_check(1)", -1, &s,
	    NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: database is unreadable: %s", st->st_path,
		    sqlite3_errmsg(st->st_db));
		return (-1);
	}
	rc = sqlite3_step(s);
	r = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		xasprintf(cause, "%s: database is unreadable: %s", st->st_path,
		    sqlite3_errmsg(st->st_db));
		rv = -1;
	} else if (r != NULL && strcmp(r, "ok") != 0) {
		xasprintf(cause, "%s: database is corrupt: %s (restore it from "
		    "a backup, or move it away to start afresh)", st->st_path,
		    r);
		rv = -1;
	}
	sqlite3_finalize(s);
	return (rv);
}

struct store *
store_open(const char *dir, char **cause)
{
	struct store	*st;
	char		*lockpath;
	int		 i;

	if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
		xasprintf(cause, "state_dir %s: %s", dir, strerror(errno));
		return (NULL);
	}
	st = xcalloc(1, sizeof(*st));
	st->st_lockfd = -1;
	xasprintf(&st->st_path, "%s/pagefeed.db", dir);
	xasprintf(&lockpath, "%s/pagefeed.lock", dir);
	st->st_lockfd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (st->st_lockfd == -1) {
		xasprintf(cause, "%s: %s", lockpath, strerror(errno));
		free(lockpath);
		goto fail;
	}
	if (flock(st->st_lockfd, LOCK_EX | LOCK_NB) == -1) {
		xasprintf(cause, "%s: another pagefeed uses this state_dir",
		    lockpath);
		free(lockpath);
		goto fail;
	}
	free(lockpath);
	if (sqlite3_open_v2(st->st_path, &st->st_db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", st->st_path, st->st_db ?
		    sqlite3_errmsg(st->st_db) : "cannot open");
		goto fail;
	}
	/*
	 * A damaged database is refused, never written to: check it before
	 * the first write (a damaged page need not show in the header).
	 */
	if (store_quick_check(st, cause) == -1)
		goto fail;
	/*
	 * In WAL mode readers elsewhere (sqlite3 CLI, backups) never block us;
	 * only another writer can.  Waiting for it stalls the whole event
	 * loop, so wait briefly and let the poll fail and be retried instead.
	 */
	sqlite3_busy_timeout(st->st_db, STORE_BUSY_TIMEOUT_MS);
	if (store_exec(st, "PRAGMA journal_mode = WAL; "
	    "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
	    cause) == -1)
		goto fail;
	if (store_migrate(st, cause) == -1)
		goto fail;
	for (i = 0; i < ST_MAX; i++) {
		if (sqlite3_prepare_v3(st->st_db, stmt_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &st->st_stmt[i],
		    NULL) != SQLITE_OK) {
			store_error(st, cause);
			goto fail;
		}
	}
	return (st);
fail:
	store_close(st);
	return (NULL);
}

/* DST (empty) made a copy of SRC, strings and all. */
static void
store_state_copy(struct source_state *dst, const struct source_state *src)
{
	*dst = *src;
	dst->ss_page_title = src->ss_page_title ?
	    xstrdup(src->ss_page_title) : NULL;
	dst->ss_last_error = src->ss_last_error ?
	    xstrdup(src->ss_last_error) : NULL;
	dst->ss_etag = src->ss_etag ? xstrdup(src->ss_etag) : NULL;
	dst->ss_last_modified = src->ss_last_modified ?
	    xstrdup(src->ss_last_modified) : NULL;
	dst->ss_body_hash = src->ss_body_hash ?
	    xstrdup(src->ss_body_hash) : NULL;
	dst->ss_settings_hash = src->ss_settings_hash ?
	    xstrdup(src->ss_settings_hash) : NULL;
	dst->ss_language = src->ss_language ? xstrdup(src->ss_language) :
	    NULL;
}

static void
store_deferred_free(void *payload, const xmlChar *name)
{
	(void)name;
	store_state_clear(payload);
	free(payload);
}

void
store_close(struct store *st)
{
	char	*cause = NULL;
	int	 i;

	if (st == NULL)
		return;
	if (st->st_deferred != NULL) {
		if (store_state_flush(st, &cause) == -1) {
			log_warnx("store %s: the last sources' states: %s",
			    st->st_path, cause);
			free(cause);
		}
		xmlHashFree(st->st_deferred, store_deferred_free);
	}
	for (i = 0; i < ST_MAX; i++)
		sqlite3_finalize(st->st_stmt[i]);
	if (st->st_db != NULL && sqlite3_close(st->st_db) != SQLITE_OK)
		log_warnx("store %s: close: %s", st->st_path,
		    sqlite3_errmsg(st->st_db));
	if (st->st_lockfd != -1)
		close(st->st_lockfd);
	free(st->st_path);
	free(st);
}

static sqlite3_stmt *
store_stmt(struct store *st, enum stmt which)
{
	sqlite3_stmt	*s = st->st_stmt[which];

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return (s);
}

static void
store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

static void
store_bind_time(sqlite3_stmt *s, int i, time_t t)
{
	if (t == 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, (sqlite3_int64)t);
}

static int
store_step_done(struct store *st, sqlite3_stmt *s, char **cause)
{
	int	 rc = sqlite3_step(s);

	sqlite3_reset(s);
	return (rc == SQLITE_DONE ? 0 : store_error(st, cause));
}

static int
store_text_differs(sqlite3_stmt *s, int col, const char *v)
{
	const char	*old = (const char *)sqlite3_column_text(s, col);

	if (old == NULL || v == NULL)
		return (old != v);
	return (strcmp(old, v) != 0);
}

static char *
store_column_strdup(sqlite3_stmt *s, int col)
{
	const unsigned char	*v = sqlite3_column_text(s, col);

	return (v ? xstrdup((const char *)v) : NULL);
}

/* A date as stored: the instant, its offset, day-only; 0 when none. */
struct store_date {
	time_t	 sd_date;
	int	 sd_offset;
	int	 sd_has_offset;
	int	 sd_only;
};

/*
 * The date a known item keeps.  A date once stored stays, since relative
 * dates ("5 minutes ago") would drift at every poll; a first-seen item
 * (no stored date) takes the page's date when it gives one.  With REDATE
 * (the date settings changed, e.g. a fixed date_format) the page's date
 * wins, or its absence: the stored one came from settings now gone.
 * Returns 1 when the result differs from what was stored.
 */
static int
store_merge_date(sqlite3_stmt *s, const struct item *it, int redate,
    struct store_date *sd)
{
	struct store_date	 old;

	memset(&old, 0, sizeof(old));
	if (sqlite3_column_type(s, 5) != SQLITE_NULL) {
		old.sd_date = (time_t)sqlite3_column_int64(s, 5);
		old.sd_has_offset = sqlite3_column_type(s, 9) != SQLITE_NULL;
		old.sd_offset = sqlite3_column_int(s, 9);
		old.sd_only = sqlite3_column_int(s, 10);
	}
	*sd = old;
	if (it->it_date != 0 && (old.sd_date == 0 || redate)) {
		sd->sd_date = it->it_date;
		sd->sd_offset = it->it_date_offset;
		sd->sd_has_offset = 1;
		sd->sd_only = it->it_date_only != 0;
	} else if (it->it_date == 0 && redate)
		memset(sd, 0, sizeof(*sd));
	return (sd->sd_date != old.sd_date ||
	    sd->sd_has_offset != old.sd_has_offset ||
	    sd->sd_offset != old.sd_offset || sd->sd_only != old.sd_only);
}

/*
 * The UPDATE of a known item, bound, from its row S (ST_ITEM_GET, which is
 * reset here); NULL when nothing changed and its page need not be fetched
 * again.  *changed says whether its stored fields changed at all.
 */
static sqlite3_stmt *
store_merge_known(struct store *st, sqlite3_stmt *s, const struct item *it,
    time_t now, int flags, int *changed)
{
	struct store_date	 sd;
	sqlite3_int64		 id;
	int			 text_changed, other_changed, refollow;

	id = sqlite3_column_int64(s, 0);
	/* What a reader sees as the entry's text. */
	text_changed = store_text_differs(s, 1, it->it_title) ||
	    store_text_differs(s, 2, it->it_summary) ||
	    store_text_differs(s, 3, it->it_content);
	/* Replaced quietly: updated does not move for these. */
	other_changed = store_merge_date(s, it,
	    (flags & STORE_MERGE_REDATE) != 0, &sd);
	other_changed |= store_text_differs(s, 4, it->it_link) ||
	    store_text_differs(s, 6, it->it_author) ||
	    store_text_differs(s, 7, it->it_image) ||
	    store_text_differs(s, 8, it->it_categories);
	sqlite3_reset(s);
	refollow = (flags & STORE_MERGE_REFOLLOW) != 0 &&
	    it->it_link != NULL;
	if (!text_changed && !other_changed && !refollow)
		return (NULL);
	s = store_stmt(st, ST_ITEM_UPDATE);
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, it->it_title);
	store_bind_text(s, 3, it->it_link);
	store_bind_text(s, 4, it->it_summary);
	store_bind_time(s, 5, sd.sd_date);
	store_bind_time(s, 6, text_changed ? now : 0);
	store_bind_text(s, 7, it->it_content);
	store_bind_text(s, 8, it->it_author);
	store_bind_text(s, 9, it->it_image);
	store_bind_text(s, 10, it->it_categories);
	if (sd.sd_date != 0 && sd.sd_has_offset)
		sqlite3_bind_int(s, 11, sd.sd_offset);
	else
		sqlite3_bind_null(s, 11);
	sqlite3_bind_int(s, 12, sd.sd_date != 0 && sd.sd_only);
	sqlite3_bind_int(s, 13, refollow);
	*changed = text_changed || other_changed;
	return (s);
}

/* The INSERT of a new item, bound; SEQ is its place on the page. */
static sqlite3_stmt *
store_merge_new(struct store *st, const char *source, const struct item *it,
    size_t seq, time_t now, int follow)
{
	sqlite3_stmt	*s;

	s = store_stmt(st, ST_ITEM_INSERT);
	store_bind_text(s, 1, source);
	store_bind_text(s, 2, it->it_guid);
	store_bind_text(s, 3, it->it_title);
	store_bind_text(s, 4, it->it_link);
	store_bind_text(s, 5, it->it_summary);
	store_bind_time(s, 6, it->it_date);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)now);
	sqlite3_bind_int64(s, 8, (sqlite3_int64)seq);
	store_bind_text(s, 9, it->it_content);
	store_bind_text(s, 10, it->it_author);
	store_bind_text(s, 11, it->it_image);
	store_bind_text(s, 12, it->it_categories);
	/* Only items new now ever get their page fetched. */
	sqlite3_bind_int(s, 13, follow && it->it_link != NULL);
	if (it->it_date != 0)
		sqlite3_bind_int(s, 14, it->it_date_offset);
	else
		sqlite3_bind_null(s, 14);
	sqlite3_bind_int(s, 15, it->it_date != 0 &&
	    it->it_date_only);
	return (s);
}

/*
 * One item, SEQ on the page: its legacy guid renamed, then the item updated
 * when known, else inserted; counted in *nnew or *nupdated.  Returns 0, or
 * -1 with *cause set.
 */
static int
store_merge_one(struct store *st, const char *source, const struct item *it,
    size_t seq, time_t now, int flags, int *nnew, int *nupdated, char **cause)
{
	sqlite3_stmt	*s;
	int		 rc, changed = 0;

	if (it->it_legacy_guid != NULL) {
		s = store_stmt(st, ST_ITEM_RENAME);
		store_bind_text(s, 1, source);
		store_bind_text(s, 2, it->it_legacy_guid);
		store_bind_text(s, 3, it->it_guid);
		if (store_step_done(st, s, cause) == -1)
			return (-1);
	}
	s = store_stmt(st, ST_ITEM_GET);
	store_bind_text(s, 1, source);
	store_bind_text(s, 2, it->it_guid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		s = store_merge_known(st, s, it, now, flags, &changed);
		if (s == NULL)
			return (0);
		if (changed)
			(*nupdated)++;
	} else if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		s = store_merge_new(st, source, it, seq, now,
		    (flags & STORE_MERGE_FOLLOW) != 0);
		(*nnew)++;
	} else {
		sqlite3_reset(s);
		xasprintf(cause, "%s: %s", st->st_path,
		    sqlite3_errmsg(st->st_db));
		return (-1);
	}
	return (store_step_done(st, s, cause));
}

/* Every item in one transaction; on failure rolled back, counts 0. */
static int
store_merge_run(struct store *st, const char *source,
    const struct item *items, size_t n, time_t now, int flags, int *nnew,
    int *nupdated, char **cause)
{
	size_t	 i;

	*nnew = *nupdated = 0;
	if (store_step_done(st, store_stmt(st, ST_BEGIN), cause) == -1)
		return (-1);
	for (i = 0; i < n; i++)
		if (store_merge_one(st, source, &items[i], i, now, flags, nnew,
		    nupdated, cause) == -1)
			goto rollback;
	if (store_step_done(st, store_stmt(st, ST_COMMIT), cause) == -1)
		goto rollback;
	return (0);
rollback:
	store_step_done(st, store_stmt(st, ST_ROLLBACK), NULL);
	*nnew = *nupdated = 0;
	return (-1);
}

/*
 * mode = changes: the versions of a watched page's text.  A new version
 * and the item it makes go in one transaction, so a version is never kept
 * without its item (which the next poll, comparing with it, would never
 * make) nor an item without its version.
 */
int
store_version_last(struct store *st, const char *source,
    struct store_version *sv, char **cause)
{
	sqlite3_stmt	*s = store_stmt(st, ST_VERSION_LAST);
	int		 rc;

	memset(sv, 0, sizeof(*sv));
	store_bind_text(s, 1, source);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		sv->sv_text = store_column_strdup(s, 0);
		sv->sv_hash = store_column_strdup(s, 1);
		sv->sv_settings = store_column_strdup(s, 2);
		sv->sv_seen = (time_t)sqlite3_column_int64(s, 3);
		if (sv->sv_text == NULL)
			sv->sv_text = xstrdup("");
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_error(st, cause));
	return (rc == SQLITE_ROW);
}

void
store_version_clear(struct store_version *sv)
{
	free_all(sv->sv_text, sv->sv_hash, sv->sv_settings);
	memset(sv, 0, sizeof(*sv));
}

static int
store_version_add_run(struct store *st, const char *source,
    const struct store_version *sv, int keep, const struct item *it,
    time_t now, int *nnew, char **cause)
{
	sqlite3_stmt	*s;
	int		 nupdated = 0;

	*nnew = 0;
	if (store_step_done(st, store_stmt(st, ST_BEGIN), cause) == -1)
		return (-1);
	if (it != NULL && store_merge_one(st, source, it, 0, now, 0, nnew,
	    &nupdated, cause) == -1)
		goto rollback;
	s = store_stmt(st, ST_VERSION_ADD);
	store_bind_text(s, 1, source);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)sv->sv_seen);
	store_bind_text(s, 3, sv->sv_hash);
	store_bind_text(s, 4, sv->sv_settings);
	store_bind_text(s, 5, sv->sv_text);
	if (store_step_done(st, s, cause) == -1)
		goto rollback;
	s = store_stmt(st, ST_VERSION_PRUNE);
	store_bind_text(s, 1, source);
	sqlite3_bind_int(s, 2, keep > 0 ? keep : 1);
	if (store_step_done(st, s, cause) == -1 ||
	    store_step_done(st, store_stmt(st, ST_COMMIT), cause) == -1)
		goto rollback;
	return (0);
rollback:
	store_step_done(st, store_stmt(st, ST_ROLLBACK), NULL);
	*nnew = 0;
	return (-1);
}

int
store_version_add(struct store *st, const char *source,
    const struct store_version *sv, int keep, const struct item *it,
    time_t now, int *nnew, char **cause)
{
	return (store_wrote(st, store_version_add_run(st, source, sv, keep, it,
	    now, nnew, cause)));
}

int
store_pages_pending(struct store *st, const char *source, int limit,
    struct pending_page **out, size_t *n, char **cause)
{
	sqlite3_stmt		*s = store_stmt(st, ST_PAGES_PENDING);
	struct pending_page	*v = NULL;
	size_t			 len = 0;
	int			 rc;

	store_bind_text(s, 1, source);
	sqlite3_bind_int(s, 2, limit);
	v = xcalloc(limit > 0 ? (size_t)limit : 1, sizeof(*v));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && len < (size_t)limit) {
		v[len].pp_guid = store_column_strdup(s, 0);
		v[len].pp_link = store_column_strdup(s, 1);
		len++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_pages_free(v, len);
		return (store_error(st, cause));
	}
	*out = v;
	*n = len;
	return (0);
}

void
store_pages_free(struct pending_page *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free_all(v[i].pp_guid, v[i].pp_link);
	}
	free(v);
}

static int
store_page_done_run(struct store *st, const char *source, const char *guid,
    const struct item_page *ip, char **cause)
{
	sqlite3_stmt	*s;

	if (ip == NULL) {
		s = store_stmt(st, ST_PAGE_FAILED);
		store_bind_text(s, 1, source);
		store_bind_text(s, 2, guid);
		sqlite3_bind_int(s, 3, STORE_PAGE_ATTEMPTS);
		return (store_step_done(st, s, cause));
	}
	s = store_stmt(st, ST_PAGE_DONE);
	store_bind_text(s, 1, source);
	store_bind_text(s, 2, guid);
	store_bind_text(s, 3, ip->ip_title);
	store_bind_time(s, 4, ip->ip_date);
	store_bind_text(s, 5, ip->ip_content);
	store_bind_text(s, 6, ip->ip_author);
	store_bind_text(s, 7, ip->ip_image);
	if (ip->ip_date != 0)
		sqlite3_bind_int(s, 8, ip->ip_date_offset);
	else
		sqlite3_bind_null(s, 8);
	sqlite3_bind_int(s, 9, ip->ip_date != 0 && ip->ip_date_only);
	sqlite3_bind_int(s, 10, ip->ip_no_article != NULL ? 2 : 0);
	store_bind_text(s, 11, ip->ip_title_found);
	return (store_step_done(st, s, cause));
}

int
store_items(struct store *st, const char *source, int limit,
    struct stored_item **out, size_t *n, char **cause)
{
	sqlite3_stmt		*s = store_stmt(st, ST_ITEMS_NEWEST);
	struct stored_item	*v = NULL, *si;
	size_t			 cap = 0, len = 0;
	int			 rc;

	store_bind_text(s, 1, source);
	sqlite3_bind_int(s, 2, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 64;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		si = &v[len++];
		/* Every field set: what a row has no column for is zero. */
		memset(si, 0, sizeof(*si));
		si->si_guid = store_column_strdup(s, 0);
		si->si_title = store_column_strdup(s, 1);
		si->si_link = store_column_strdup(s, 2);
		si->si_summary = store_column_strdup(s, 3);
		si->si_date = (time_t)sqlite3_column_int64(s, 4);
		si->si_first_seen = (time_t)sqlite3_column_int64(s, 5);
		si->si_updated = (time_t)sqlite3_column_int64(s, 6);
		si->si_published = (time_t)sqlite3_column_int64(s, 7);
		si->si_content = store_column_strdup(s, 8);
		si->si_author = store_column_strdup(s, 9);
		si->si_image = store_column_strdup(s, 10);
		si->si_categories = store_column_strdup(s, 11);
		/* Dates stored before schema 4 have no offset: NULL. */
		si->si_date_offset_known = sqlite3_column_type(s, 12) !=
		    SQLITE_NULL;
		si->si_date_offset = sqlite3_column_int(s, 12);
		si->si_date_only = sqlite3_column_int(s, 13);
		if (si->si_guid == NULL)
			si->si_guid = xstrdup("");
		if (si->si_title == NULL)
			si->si_title = xstrdup("");
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_items_free(v, len);
		return (store_error(st, cause));
	}
	*out = v;
	*n = len;
	return (0);
}

void
store_items_free(struct stored_item *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free_all(v[i].si_guid, v[i].si_title, v[i].si_link,
		    v[i].si_summary, v[i].si_content, v[i].si_author,
		    v[i].si_image, v[i].si_categories);
	}
	free(v);
}

long
store_count(struct store *st, const char *source)
{
	sqlite3_stmt	*s = store_stmt(st, ST_COUNT);
	long		 n = -1;

	store_bind_text(s, 1, source);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return (n);
}

int
store_state_get(struct store *st, const char *source, struct source_state *ss)
{
	sqlite3_stmt		*s = store_stmt(st, ST_STATE_GET);
	struct source_state	*d;
	int			 rc;

	memset(ss, 0, sizeof(*ss));
	if (st->st_deferred != NULL && (d = xmlHashLookup(st->st_deferred,
	    (const xmlChar *)source)) != NULL) {
		store_state_copy(ss, d);
		return (1);
	}
	store_bind_text(s, 1, source);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		ss->ss_page_title = store_column_strdup(s, 0);
		ss->ss_last_poll = (time_t)sqlite3_column_int64(s, 1);
		ss->ss_last_success = (time_t)sqlite3_column_int64(s, 2);
		ss->ss_last_error = store_column_strdup(s, 3);
		ss->ss_consecutive_failures = sqlite3_column_int(s, 4);
		ss->ss_etag = store_column_strdup(s, 5);
		ss->ss_last_modified = store_column_strdup(s, 6);
		ss->ss_body_hash = store_column_strdup(s, 7);
		ss->ss_next_poll = (time_t)sqlite3_column_int64(s, 8);
		ss->ss_settings_hash = store_column_strdup(s, 9);
		ss->ss_added = (time_t)sqlite3_column_int64(s, 10);
		ss->ss_language = store_column_strdup(s, 11);
	}
	sqlite3_reset(s);
	return (rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1);
}

static int
store_state_put_run(struct store *st, const char *source,
    const struct source_state *ss, char **cause)
{
	sqlite3_stmt	*s = store_stmt(st, ST_STATE_PUT);

	store_bind_text(s, 1, source);
	store_bind_text(s, 2, ss->ss_page_title);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)ss->ss_last_poll);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)ss->ss_last_success);
	store_bind_text(s, 5, ss->ss_last_error);
	sqlite3_bind_int(s, 6, ss->ss_consecutive_failures);
	store_bind_text(s, 7, ss->ss_etag);
	store_bind_text(s, 8, ss->ss_last_modified);
	store_bind_text(s, 9, ss->ss_body_hash);
	sqlite3_bind_int64(s, 10, (sqlite3_int64)ss->ss_next_poll);
	store_bind_text(s, 11, ss->ss_settings_hash);
	sqlite3_bind_int64(s, 12, (sqlite3_int64)ss->ss_added);
	store_bind_text(s, 13, ss->ss_language);
	return (store_step_done(st, s, cause));
}

void
store_state_clear(struct source_state *ss)
{
	free_all(ss->ss_page_title, ss->ss_last_error, ss->ss_etag,
	    ss->ss_last_modified, ss->ss_body_hash, ss->ss_settings_hash,
	    ss->ss_language);
	memset(ss, 0, sizeof(*ss));
}

int
store_merge_items(struct store *st, const char *source,
    const struct item *items, size_t n, time_t now, int flags, int *nnew,
    int *nupdated, char **cause)
{
	return (store_wrote(st, store_merge_run(st, source, items, n, now,
	    flags, nnew, nupdated, cause)));
}

int
store_page_done(struct store *st, const char *source, const char *guid,
    const struct item_page *ip, char **cause)
{
	return (store_wrote(st, store_page_done_run(st, source, guid, ip,
	    cause)));
}

int
store_state_put(struct store *st, const char *source,
    const struct source_state *ss, char **cause)
{
	if (st->st_deferred != NULL)
		xmlHashRemoveEntry(st->st_deferred, (const xmlChar *)source,
		    store_deferred_free);
	return (store_wrote(st, store_state_put_run(st, source, ss, cause)));
}

int
store_state_defer(struct store *st, const char *source,
    const struct source_state *ss, char **cause)
{
	struct source_state	*d;

	if (st->st_deferred == NULL &&
	    (st->st_deferred = xmlHashCreate(64)) == NULL)
		fatalx("xmlHashCreate");
	d = xcalloc(1, sizeof(*d));
	store_state_copy(d, ss);
	if (xmlHashUpdateEntry(st->st_deferred, (const xmlChar *)source, d,
	    store_deferred_free) != 0)
		fatalx("xmlHashUpdateEntry");
	if (xmlHashSize(st->st_deferred) < STORE_DEFER_MAX)
		return (0);
	return (store_state_flush(st, cause) == -1 ? -1 : 0);
}

size_t
store_state_deferred(const struct store *st)
{
	return (st->st_deferred != NULL ?
	    (size_t)xmlHashSize(st->st_deferred) : 0);
}

struct store_flush {
	struct store	*sf_st;
	char		**sf_cause;
	int		 sf_failed;
};

static void
store_flush_one(void *payload, void *data, const xmlChar *name)
{
	struct store_flush	*sf = data;

	if (!sf->sf_failed && store_state_put_run(sf->sf_st,
	    (const char *)name, payload, sf->sf_cause) == -1)
		sf->sf_failed = 1;
}

int
store_state_flush(struct store *st, char **cause)
{
	struct store_flush	 sf = { st, cause, 0 };

	if (store_state_deferred(st) == 0)
		return (0);
	if (store_step_done(st, store_stmt(st, ST_BEGIN), cause) == -1)
		return (store_wrote(st, -1));
	xmlHashScan(st->st_deferred, store_flush_one, &sf);
	if (sf.sf_failed ||
	    store_step_done(st, store_stmt(st, ST_COMMIT), cause) == -1) {
		/* Kept for the next flush: nothing of them is lost yet. */
		store_step_done(st, store_stmt(st, ST_ROLLBACK), NULL);
		return (store_wrote(st, -1));
	}
	xmlHashFree(st->st_deferred, store_deferred_free);
	st->st_deferred = NULL;
	return (store_wrote(st, 0));
}

int
store_sub_put(struct store *st, const struct store_sub *sub, char **cause)
{
	sqlite3_stmt	*s = store_stmt(st, ST_SUB_PUT);
	int		 rc;

	store_bind_text(s, 1, sub->sub_topic);
	store_bind_text(s, 2, sub->sub_callback);
	store_bind_text(s, 3, sub->sub_secret);
	sqlite3_bind_int64(s, 4, sub->sub_lease);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)sub->sub_expires);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)sub->sub_created);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return (rc == SQLITE_DONE ? 0 : store_error(st, cause));
}

int
store_sub_delete(struct store *st, const char *topic, const char *callback,
    char **cause)
{
	sqlite3_stmt	*s = store_stmt(st, ST_SUB_DELETE);
	int		 rc;

	store_bind_text(s, 1, topic);
	store_bind_text(s, 2, callback);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return (rc == SQLITE_DONE ? 0 : store_error(st, cause));
}

int
store_subs(struct store *st, struct store_sub **subs, size_t *n,
    char **cause)
{
	sqlite3_stmt	*s = store_stmt(st, ST_SUBS);
	struct store_sub *sub;
	size_t		 cap = 0;
	int		 rc;

	*subs = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*subs = xreallocarray(*subs, cap, sizeof(**subs));
		}
		sub = &(*subs)[(*n)++];
		sub->sub_topic = store_column_strdup(s, 0);
		sub->sub_callback = store_column_strdup(s, 1);
		sub->sub_secret = store_column_strdup(s, 2);
		sub->sub_lease = (long)sqlite3_column_int64(s, 3);
		sub->sub_expires = (time_t)sqlite3_column_int64(s, 4);
		sub->sub_created = (time_t)sqlite3_column_int64(s, 5);
		if (sub->sub_topic == NULL || sub->sub_callback == NULL) {
			/* NOT NULL columns: a damaged file, skipped. */
			free_all(sub->sub_topic, sub->sub_callback,
			    sub->sub_secret);
			(*n)--;
		}
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return (0);
	store_subs_free(*subs, *n);
	*subs = NULL;
	*n = 0;
	return (store_error(st, cause));
}

void
store_subs_free(struct store_sub *subs, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free_all(subs[i].sub_topic, subs[i].sub_callback,
		    subs[i].sub_secret);
	free(subs);
}
