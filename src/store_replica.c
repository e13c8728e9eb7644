/*
 * store_replica.c: the SQLite store as the local replica of a shared
 * store.  Feeds are always rendered from the local file; shared.c sends
 * what was written here (rows marked dirty by triggers) and copies what
 * others wrote (store_apply).  Marks are counters, so a row written again
 * while its push is on the way stays marked for the next one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <sqlite3.h>

#include "buf.h"
#include "log.h"
#include "store.h"
#include "store_int.h"
#include "text.h"
#include "util.h"

/* The batch of a push is bounded by rows, then by this many bytes. */
#define STORE_BATCH_BYTES	(8 * 1024 * 1024)

static const char *const table_name[] = {
	[STORE_ITEMS] = "items",
	[STORE_SOURCES] = "sources",
	[STORE_VERSIONS] = "versions",
	[STORE_SUBSCRIPTIONS] = "subscriptions",
};
/* Each table's key, the conflict an applied row replaces (NULL: none). */
static const char *const table_key[] = {
	[STORE_ITEMS] = "source, guid",
	[STORE_SOURCES] = "name",
	[STORE_VERSIONS] = "source, seen_at, hash",
	[STORE_SUBSCRIPTIONS] = "topic, callback",
};

/*
 * Temporary triggers (this connection only): a write marks its row,
 * except while shared_ctl says a copy from the shared store is applied,
 * and except the write that clears a mark.
 */
static const char track_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS shared_ctl (applying INTEGER NOT NULL);"
	"DELETE FROM temp.shared_ctl; INSERT INTO temp.shared_ctl VALUES (0);"
	"CREATE TEMP TRIGGER IF NOT EXISTS items_insert_mark AFTER INSERT ON "
	"main.items WHEN (SELECT applying FROM shared_ctl) = 0 BEGIN "
	"UPDATE items SET dirty = dirty + 1 WHERE id = NEW.id; END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS items_update_mark AFTER UPDATE ON "
	"main.items WHEN (SELECT applying FROM shared_ctl) = 0 AND "
	"NEW.dirty = OLD.dirty BEGIN "
	"UPDATE items SET dirty = dirty + 1 WHERE id = NEW.id; END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS sources_insert_mark AFTER INSERT ON "
	"main.sources WHEN (SELECT applying FROM shared_ctl) = 0 BEGIN "
	"UPDATE sources SET dirty = dirty + 1 WHERE name = NEW.name; END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS sources_update_mark AFTER UPDATE ON "
	"main.sources WHEN (SELECT applying FROM shared_ctl) = 0 AND "
	"NEW.dirty = OLD.dirty BEGIN "
	"UPDATE sources SET dirty = dirty + 1 WHERE name = NEW.name; END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS versions_insert_mark AFTER INSERT ON "
	"main.versions WHEN (SELECT applying FROM shared_ctl) = 0 BEGIN "
	"UPDATE versions SET dirty = dirty + 1 WHERE id = NEW.id; END;";

int
store_track(struct store *st, char **cause)
{
	if (store_exec(st, track_sql, cause) == -1)
		return (-1);
	st->st_tracking = 1;
	return (0);
}

/* Binds ROW's NCOLS values (NULL for NULL) to S. */
static void
store_bind_row(sqlite3_stmt *s, const char *const *row, size_t ncols)
{
	size_t	 c;

	for (c = 0; c < ncols; c++)
		if (row[c] == NULL)
			sqlite3_bind_null(s, (int)c + 1);
		else
			sqlite3_bind_text(s, (int)c + 1, row[c], -1,
			    SQLITE_STATIC);
}

/*
 * Ends the caller's transaction: COMMIT when RC (its last step) was
 * SQLITE_DONE, else ROLLBACK with *cause set.  Returns 0 or -1.
 */
static int
store_end(struct store *st, int rc, char **cause)
{
	if (rc != SQLITE_DONE || store_exec(st, "COMMIT", cause) == -1) {
		if (rc != SQLITE_DONE)
			store_error(st, cause);
		sqlite3_exec(st->st_db, "ROLLBACK", NULL, NULL, NULL);
		return (-1);
	}
	return (0);
}

/* One column's value as JSON. */
static void
store_json_value(struct buf *b, sqlite3_stmt *s, int col)
{
	switch (sqlite3_column_type(s, col)) {
	case SQLITE_INTEGER:
		buf_printf(b, "%lld", (long long)sqlite3_column_int64(s, col));
		break;
	case SQLITE_FLOAT:
		buf_printf(b, "%.17g", sqlite3_column_double(s, col));
		break;
	case SQLITE_TEXT:
		text_json_string(b, (const char *)sqlite3_column_text(s, col));
		break;
	default:
		buf_addstr(b, "null");
		break;
	}
}

/* Row S (rowid, mark, then the table's columns) as one JSON object. */
static void
store_json_row(struct buf *b, sqlite3_stmt *s)
{
	const char	*name;
	int		 col, ncols = sqlite3_column_count(s), first = 1;

	buf_addstr(b, "{");
	for (col = 2; col < ncols; col++) {
		name = sqlite3_column_name(s, col);
		/* Local only: the row's number here and its mark. */
		if (strcmp(name, "id") == 0 || strcmp(name, "dirty") == 0)
			continue;
		buf_addstr(b, first ? "" : ",");
		first = 0;
		text_json_string(b, name);
		buf_addstr(b, ":");
		store_json_value(b, s, col);
	}
	buf_addstr(b, "}");
}

/* SQL's rows (rowid, mark, then the table's columns) as a batch. */
static int
store_batch_read(struct store *st, const char *sql, struct store_batch *sb,
    char **cause)
{
	sqlite3_stmt	*s;
	struct buf	 b;
	size_t		 cap = 0;
	int		 rc;

	memset(sb, 0, sizeof(*sb));
	if (sqlite3_prepare_v2(st->st_db, sql, -1, &s, NULL) != SQLITE_OK)
		return (store_error(st, cause));
	buf_init(&b, SIZE_MAX);
	buf_addstr(&b, "[");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sb->sb_n == cap) {
			cap = cap ? cap * 2 : 64;
			sb->sb_rowids = xreallocarray(sb->sb_rowids, cap,
			    sizeof(*sb->sb_rowids));
			sb->sb_marks = xreallocarray(sb->sb_marks, cap,
			    sizeof(*sb->sb_marks));
		}
		sb->sb_rowids[sb->sb_n] = sqlite3_column_int64(s, 0);
		sb->sb_marks[sb->sb_n] = sqlite3_column_int64(s, 1);
		buf_addstr(&b, sb->sb_n++ > 0 ? "," : "");
		store_json_row(&b, s);
		if (b.b_len > STORE_BATCH_BYTES)
			break;
	}
	sqlite3_finalize(s);
	buf_addstr(&b, "]");
	sb->sb_json = buf_take(&b, &sb->sb_len);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_batch_free(sb);
		return (store_error(st, cause));
	}
	return (0);
}

int
store_dirty(struct store *st, enum store_table t, size_t limit,
    struct store_batch *sb, char **cause)
{
	char	*sql;
	int	 rc;

	xasprintf(&sql, "SELECT rowid, dirty, * FROM %s WHERE dirty > 0 "
	    "LIMIT %zu", table_name[t], limit);
	rc = store_batch_read(st, sql, sb, cause);
	free(sql);
	return (rc);
}

int
store_dump(struct store *st, enum store_table t, long long *after,
    size_t limit, struct store_batch *sb, char **cause)
{
	char	*sql;
	int	 rc;

	xasprintf(&sql, "SELECT rowid, 0, * FROM %s WHERE rowid > %lld "
	    "ORDER BY rowid LIMIT %zu", table_name[t], *after, limit);
	rc = store_batch_read(st, sql, sb, cause);
	free(sql);
	if (rc == 0 && sb->sb_n > 0)
		*after = sb->sb_rowids[sb->sb_n - 1];
	return (rc);
}

void
store_batch_free(struct store_batch *sb)
{
	free(sb->sb_json);
	free(sb->sb_rowids);
	free(sb->sb_marks);
	memset(sb, 0, sizeof(*sb));
}

int
store_pushed(struct store *st, enum store_table t,
    const struct store_batch *sb, char **cause)
{
	sqlite3_stmt	*s;
	char		*sql;
	size_t		 i;
	int		 rc = SQLITE_DONE;

	xasprintf(&sql, "UPDATE %s SET dirty = 0 WHERE rowid = ?1 AND "
	    "dirty = ?2", table_name[t]);
	if (sqlite3_prepare_v2(st->st_db, sql, -1, &s, NULL) != SQLITE_OK) {
		free(sql);
		return (store_wrote(st, store_error(st, cause)));
	}
	free(sql);
	if (store_exec(st, "BEGIN IMMEDIATE", cause) == -1) {
		sqlite3_finalize(s);
		return (store_wrote(st, -1));
	}
	for (i = 0; i < sb->sb_n && rc == SQLITE_DONE; i++) {
		sqlite3_bind_int64(s, 1, sb->sb_rowids[i]);
		sqlite3_bind_int64(s, 2, sb->sb_marks[i]);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return (store_wrote(st, store_end(st, rc, cause)));
}

long
store_unpushed(struct store *st)
{
	sqlite3_stmt	*s;
	long		 n = -1;

	if (sqlite3_prepare_v2(st->st_db, "SELECT (SELECT count(*) FROM items "
	    "WHERE dirty > 0) + (SELECT count(*) FROM sources WHERE "
	    "dirty > 0) + (SELECT count(*) FROM versions WHERE dirty > 0)",
	    -1, &s, NULL) != SQLITE_OK)
		return (-1);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return (n + (long)store_state_deferred(st));
}

/* The upsert of one table's copied rows: NULL when a name is not a column. */
static sqlite3_stmt *
store_apply_stmt(struct store *st, enum store_table t,
    const struct store_rows *sr, char **cause)
{
	sqlite3_stmt	*s = NULL;
	struct buf	 b;
	char		*sql;
	size_t		 i;

	buf_init(&b, SIZE_MAX);
	buf_printf(&b, "INSERT INTO %s (", table_name[t]);
	for (i = 0; i < sr->sr_ncols; i++) {
		if (strchr(sr->sr_cols[i], '"') != NULL)
			goto bad;
		buf_printf(&b, "%s\"%s\"", i ? "," : "", sr->sr_cols[i]);
	}
	buf_addstr(&b, ") VALUES (");
	for (i = 0; i < sr->sr_ncols; i++)
		buf_printf(&b, "%s?%zu", i ? "," : "", i + 1);
	buf_addstr(&b, ")");
	if (table_key[t] != NULL) {
		buf_printf(&b, " ON CONFLICT (%s) DO UPDATE SET ",
		    table_key[t]);
		for (i = 0; i < sr->sr_ncols; i++)
			buf_printf(&b, "%s\"%s\" = excluded.\"%s\"",
			    i ? "," : "", sr->sr_cols[i], sr->sr_cols[i]);
	}
	/* What is written here and not yet pushed stays: the push settles. */
	if (t == STORE_ITEMS || t == STORE_SOURCES)
		buf_printf(&b, " WHERE %s.dirty = 0", table_name[t]);
	else if (t == STORE_VERSIONS)
		buf_addstr(&b, " WHERE 0");	/* a version never changes */
	sql = buf_take(&b, NULL);
	if (sqlite3_prepare_v2(st->st_db, sql, -1, &s, NULL) != SQLITE_OK) {
		store_error(st, cause);
		s = NULL;
	}
	free(sql);
	return (s);
bad:
	buf_free(&b);
	xasprintf(cause, "%s: a copied column is named %s", st->st_path,
	    sr->sr_cols[i]);
	return (NULL);
}

/* The column of SR that names the row's source, or -1. */
static int
store_source_col(enum store_table t, const struct store_rows *sr)
{
	const char	*want = t == STORE_SOURCES ? "name" : "source";
	size_t		 i;

	for (i = 0; i < sr->sr_ncols; i++)
		if (strcmp(sr->sr_cols[i], want) == 0)
			return ((int)i);
	return (-1);
}

struct store_applying {
	struct store		*sa_st;
	store_applied_cb	 sa_cb;
	void			*sa_arg;
	xmlHashTablePtr		 sa_told[2];	/* sources told: items, states */
};

static int
store_apply_table(struct store_applying *sa, enum store_table t,
    const struct store_rows *sr, char **cause)
{
	struct store	*st = sa->sa_st;
	const char	*const *row, *source;
	sqlite3_stmt	*s;
	size_t		 r;
	int		 scol, rc = SQLITE_DONE;

	if (sr == NULL || sr->sr_nrows == 0)
		return (0);
	if ((scol = store_source_col(t, sr)) == -1) {
		xasprintf(cause, "%s: copied %s rows name no source",
		    st->st_path, table_name[t]);
		return (-1);
	}
	if ((s = store_apply_stmt(st, t, sr, cause)) == NULL)
		return (-1);
	for (r = 0; r < sr->sr_nrows && rc == SQLITE_DONE; r++) {
		row = sr->sr_values + r * sr->sr_ncols;
		source = row[scol];
		/* A state kept for the next flush is newer than any copy. */
		if (source == NULL || (t == STORE_SOURCES &&
		    st->st_deferred != NULL &&
		    xmlHashLookup(st->st_deferred, (const xmlChar *)source)))
			continue;
		store_bind_row(s, row, sr->sr_ncols);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc == SQLITE_DONE && t <= STORE_SOURCES &&
		    sqlite3_changes(st->st_db) > 0 &&
		    xmlHashLookup(sa->sa_told[t], (const xmlChar *)source) ==
		    NULL)
			xmlHashAddEntry(sa->sa_told[t], (const xmlChar *)source,
			    (void *)(t == STORE_ITEMS ? "i" : "s"));
	}
	sqlite3_finalize(s);
	return (rc == SQLITE_DONE ? 0 : store_error(st, cause));
}

static void
store_apply_tell(void *payload, void *data, const xmlChar *name)
{
	struct store_applying	*sa = data;

	sa->sa_cb((const char *)name, *(const char *)payload == 'i' ?
	    STORE_ITEMS : STORE_SOURCES, sa->sa_arg);
}

int
store_apply(struct store *st, const struct store_rows *const *tables,
    long long rev, store_applied_cb cb, void *arg, char **cause)
{
	struct store_applying	 sa = { st, cb, arg, { NULL, NULL } };
	char			*sql;
	int			 rc = -1, t;

	for (t = 0; t < 2; t++)
		if ((sa.sa_told[t] = xmlHashCreate(16)) == NULL)
			fatalx("xmlHashCreate");
	if (store_exec(st, "BEGIN IMMEDIATE; "
	    "UPDATE temp.shared_ctl SET applying = 1", cause) == -1)
		goto out;
	xasprintf(&sql, "UPDATE replica SET rev = %lld", rev);
	if (store_apply_table(&sa, STORE_ITEMS, tables[STORE_ITEMS],
	    cause) == -1 ||
	    store_apply_table(&sa, STORE_SOURCES, tables[STORE_SOURCES],
	    cause) == -1 ||
	    store_apply_table(&sa, STORE_VERSIONS, tables[STORE_VERSIONS],
	    cause) == -1 ||
	    store_exec(st, sql, cause) == -1 ||
	    store_exec(st, "UPDATE temp.shared_ctl SET applying = 0; COMMIT",
	    cause) == -1) {
		sqlite3_exec(st->st_db, "ROLLBACK; "
		    "UPDATE temp.shared_ctl SET applying = 0", NULL, NULL, NULL);
		free(sql);
		goto out;
	}
	free(sql);
	rc = 0;
	if (cb != NULL) {
		xmlHashScan(sa.sa_told[STORE_ITEMS], store_apply_tell, &sa);
		xmlHashScan(sa.sa_told[STORE_SOURCES], store_apply_tell, &sa);
	}
out:
	xmlHashFree(sa.sa_told[0], NULL);
	xmlHashFree(sa.sa_told[1], NULL);
	return (store_wrote(st, rc));
}

long long
store_replica_rev(struct store *st, const char *origin)
{
	sqlite3_stmt	*s;
	const char	*o;
	long long	 rev = 0;

	if (sqlite3_prepare_v2(st->st_db, "SELECT origin, rev FROM replica",
	    -1, &s, NULL) != SQLITE_OK)
		return (0);
	if (sqlite3_step(s) == SQLITE_ROW) {
		o = (const char *)sqlite3_column_text(s, 0);
		if (o != NULL && origin != NULL && strcmp(o, origin) == 0)
			rev = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return (rev);
}

int
store_replica_set(struct store *st, const char *origin, long long rev,
    char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(st->st_db, "UPDATE replica SET origin = ?1, "
	    "rev = ?2", -1, &s, NULL) != SQLITE_OK)
		return (store_wrote(st, store_error(st, cause)));
	sqlite3_bind_text(s, 1, origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, rev);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return (store_wrote(st, rc == SQLITE_DONE ? 0 :
	    store_error(st, cause)));
}

int
store_load(struct store *st, enum store_table t, const struct store_rows *sr,
    char **cause)
{
	sqlite3_stmt	*s;
	size_t		 r;
	int		 rc = SQLITE_DONE;

	if (sr->sr_nrows == 0)
		return (0);
	if ((s = store_apply_stmt(st, t, sr, cause)) == NULL)
		return (-1);
	if (store_exec(st, "BEGIN IMMEDIATE", cause) == -1) {
		sqlite3_finalize(s);
		return (-1);
	}
	for (r = 0; r < sr->sr_nrows && rc == SQLITE_DONE; r++) {
		store_bind_row(s, sr->sr_values + r * sr->sr_ncols,
		    sr->sr_ncols);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return (store_end(st, rc, cause));
}
