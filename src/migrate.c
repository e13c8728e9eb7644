/*
 * migrate.c: pagefeed migrate --from STORE --to STORE, a store copied
 * whole (items, sources' states, watched versions, WebSub subscribers)
 * between a SQLite file and a shared PostgreSQL database, either way.
 * A command run by hand, not by the daemon: libpq is used blocking here.
 * The target must be empty, the copy is one transaction on the
 * PostgreSQL side, and a SQLite source is locked as the daemon locks it
 * (stop the daemon first).
 */
#include <sys/stat.h>

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "log.h"
#include "migrate.h"
#include "shared.h"
#include "store.h"
#include "util.h"

#define MIGRATE_BATCH	1000

struct migrate_table {
	enum store_table	 mt_table;
	const char		*mt_name;
	const char		*mt_columns;
	const char		*mt_order;	/* the key: rows read in order */
	int			 mt_numbered;	/* rows carry a change number */
};

static const struct migrate_table migrate_tables[] = {
	{ STORE_ITEMS, "items", shared_item_columns, "source, guid", 1 },
	{ STORE_SOURCES, "sources", shared_source_columns, "name", 1 },
	{ STORE_VERSIONS, "versions", shared_version_columns,
	    "source, seen_at", 1 },
	{ STORE_SUBSCRIPTIONS, "subscriptions",
	    "topic, callback, secret, lease_seconds, expires, created",
	    "topic, callback", 0 },
};
#define NTABLES	(sizeof(migrate_tables) / sizeof(migrate_tables[0]))

static void
migrate_usage(FILE *fp)
{
	fprintf(fp, "usage: pagefeed migrate --from STORE --to STORE\n"
	    "  STORE: sqlite:STATE_DIR/pagefeed.db (or sqlite:STATE_DIR), or a\n"
	    "  PostgreSQL connection string (postgresql://USER@HOST/DB)\n"
	    "Copies a whole store into an empty one, either way.\n");
}

static int
migrate_is_sqlite(const char *s)
{
	return (strncmp(s, "sqlite:", 7) == 0);
}

/* The state_dir of sqlite:PATH, or NULL with *cause set. */
static char *
migrate_sqlite_dir(const char *spec, char **cause)
{
	const char	*path = spec + 7;
	struct stat	 sb;
	char		*copy, *dir;
	size_t		 len = strlen(path);

	if (len == 0) {
		xasprintf(cause, "%s: no path", spec);
		return (NULL);
	}
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return (xstrdup(path));
	if (len < 11 || strcmp(path + len - 11, "pagefeed.db") != 0 ||
	    (len > 11 && path[len - 12] != '/')) {
		xasprintf(cause, "%s: a store is STATE_DIR/pagefeed.db", spec);
		return (NULL);
	}
	copy = xstrdup(path);
	dir = xstrdup(dirname(copy));
	free(copy);
	return (dir);
}

/* Runs SQL; 0, or -1 with *cause set. */
static int
migrate_exec(PGconn *conn, const char *sql, PGresult **out, char **cause)
{
	PGresult	*res = PQexec(conn, sql);
	ExecStatusType	 st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		xasprintf(cause, "%s", PQerrorMessage(conn));
		cause[0][strcspn(*cause, "\n")] = '\0';
		PQclear(res);
		return (-1);
	}
	if (out != NULL)
		*out = res;
	else
		PQclear(res);
	return (0);
}

/* The server's notices ("already exists, skipping") say nothing here. */
static void
migrate_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Connects and brings the schema up to date, as an instance would. */
static PGconn *
migrate_pg_open(const char *conninfo, char **cause)
{
	PGconn		*conn = PQconnectdb(conninfo);
	PGresult	*res;
	char		*sql;
	long long	 v;
	int		 rc;

	if (PQstatus(conn) != CONNECTION_OK) {
		xasprintf(cause, "%s", PQerrorMessage(conn));
		cause[0][strcspn(*cause, "\n")] = '\0';
		PQfinish(conn);
		return (NULL);
	}
	PQsetNoticeProcessor(conn, migrate_notice, NULL);
	sql = shared_setup_sql(-1);
	rc = migrate_exec(conn, sql, &res, cause);
	free(sql);
	if (rc == -1)
		goto fail;
	rc = shared_value(res, 0, 0, &v);
	PQclear(res);
	if (rc == -1) {
		xasprintf(cause, "the database's schema version is not a number");
		goto fail;
	}
	if (v < 0 || v > (long long)shared_nmigrations) {
		xasprintf(cause, "the database's schema version %lld is newer "
		    "than this pagefeed knows (%zu)", v, shared_nmigrations);
		goto fail;
	}
	for (; v <= (long long)shared_nmigrations; v++) {
		sql = shared_setup_sql((int)v);
		rc = migrate_exec(conn, sql, NULL, cause);
		free(sql);
		if (rc == -1)
			goto fail;
	}
	return (conn);
fail:
	PQfinish(conn);
	return (NULL);
}

/* Refuses a target that holds anything: a copy never mixes stores. */
static int
migrate_pg_empty(PGconn *conn, char **cause)
{
	PGresult	*res;
	long long	 n;
	int		 rc;

	if (migrate_exec(conn, "SELECT (SELECT count(*) FROM items) + "
	    "(SELECT count(*) FROM sources) + (SELECT count(*) FROM versions) "
	    "+ (SELECT count(*) FROM subscriptions)", &res, cause) == -1)
		return (-1);
	rc = shared_value(res, 0, 0, &n);
	PQclear(res);
	if (rc == -1) {
		xasprintf(cause, "counting the target database's rows: not a "
		    "number");
		return (-1);
	}
	if (n > 0) {
		xasprintf(cause, "the target database holds %lld rows already: "
		    "copy into an empty one", n);
		return (-1);
	}
	return (0);
}

/* One table of ST into the open transaction on CONN; *n rows copied. */
static int
migrate_table_to_pg(struct store *st, PGconn *conn,
    const struct migrate_table *mt, long *n, char **cause)
{
	struct store_batch	 sb;
	long long		 after = 0;
	char			*lit, *sql;
	int			 rc;

	*n = 0;
	for (;;) {
		if (store_dump(st, mt->mt_table, &after, MIGRATE_BATCH, &sb,
		    cause) == -1)
			return (-1);
		if (sb.sb_n == 0) {
			store_batch_free(&sb);
			return (0);
		}
		*n += (long)sb.sb_n;
		if ((lit = PQescapeLiteral(conn, sb.sb_json,
		    sb.sb_len)) == NULL)
			fatalx("PQescapeLiteral: out of memory");
		xasprintf(&sql, "INSERT INTO %s (%s%s) SELECT %s%s FROM "
		    "jsonb_populate_recordset(NULL::%s, %s::jsonb) "
		    "ON CONFLICT DO NOTHING", mt->mt_name, mt->mt_columns,
		    mt->mt_numbered ? ", rev" : "", mt->mt_columns,
		    mt->mt_numbered ? ", nextval('pagefeed_rev')" : "",
		    mt->mt_name, lit);
		PQfreemem(lit);
		store_batch_free(&sb);
		rc = migrate_exec(conn, sql, NULL, cause);
		free(sql);
		if (rc == -1)
			return (-1);
	}
}

/* One table of CONN (in a transaction) into ST; *n rows copied. */
static int
migrate_table_from_pg(PGconn *conn, struct store *st,
    const struct migrate_table *mt, long *n, char **cause)
{
	struct store_rows	 sr;
	PGresult		*res;
	const char		*cols[64], **v;
	char			*sql;
	int			 r, c, nf, nr, rc;

	*n = 0;
	xasprintf(&sql, "DECLARE copy CURSOR FOR SELECT %s FROM %s "
	    "ORDER BY %s", mt->mt_columns, mt->mt_name, mt->mt_order);
	rc = migrate_exec(conn, sql, NULL, cause);
	free(sql);
	if (rc == -1)
		return (-1);
	for (;;) {
		xasprintf(&sql, "FETCH %d FROM copy", MIGRATE_BATCH);
		rc = migrate_exec(conn, sql, &res, cause);
		free(sql);
		if (rc == -1)
			return (-1);
		nf = PQnfields(res);
		if ((nr = PQntuples(res)) == 0 || nf > 64) {
			PQclear(res);
			break;
		}
		for (c = 0; c < nf; c++)
			cols[c] = PQfname(res, c);
		v = xreallocarray(NULL, (size_t)nr * (size_t)nf, sizeof(*v));
		for (r = 0; r < nr; r++)
			for (c = 0; c < nf; c++)
				v[r * nf + c] = PQgetisnull(res, r, c) ? NULL :
				    PQgetvalue(res, r, c);
		sr = (struct store_rows){ cols, (size_t)nf, v, (size_t)nr };
		rc = store_load(st, mt->mt_table, &sr, cause);
		free(v);
		PQclear(res);
		if (rc == -1)
			return (-1);
		*n += nr;
	}
	return (migrate_exec(conn, "CLOSE copy", NULL, cause));
}

static int
migrate_to_pg(const char *from, const char *to, long *counts, char **cause)
{
	struct store	*st;
	struct stat	 sb;
	PGconn		*conn = NULL;
	char		*dir, *db;
	size_t		 i;
	int		 rc = -1;

	if ((dir = migrate_sqlite_dir(from, cause)) == NULL)
		return (-1);
	xasprintf(&db, "%s/pagefeed.db", dir);
	if (stat(db, &sb) == -1) {
		xasprintf(cause, "%s: %s", db, strerror(errno));
		free(db);
		free(dir);
		return (-1);
	}
	free(db);
	st = store_open(dir, cause);
	free(dir);
	if (st == NULL)
		return (-1);
	if ((conn = migrate_pg_open(to, cause)) == NULL)
		goto out;
	if (migrate_pg_empty(conn, cause) == -1 ||
	    migrate_exec(conn, "BEGIN", NULL, cause) == -1)
		goto out;
	for (i = 0; i < NTABLES; i++)
		if (migrate_table_to_pg(st, conn, &migrate_tables[i],
		    &counts[i], cause) == -1)
			goto out;
	rc = migrate_exec(conn, "COMMIT", NULL, cause);
out:
	if (conn != NULL)
		PQfinish(conn);
	store_close(st);
	return (rc);
}

static int
migrate_from_pg(const char *from, const char *to, long *counts, char **cause)
{
	struct store	*st = NULL;
	struct stat	 sb;
	PGconn		*conn;
	char		*dir, *db;
	size_t		 i;
	int		 rc = -1;

	if ((dir = migrate_sqlite_dir(to, cause)) == NULL)
		return (-1);
	xasprintf(&db, "%s/pagefeed.db", dir);
	if (stat(db, &sb) == 0) {
		xasprintf(cause, "%s exists: copy into a new state_dir", db);
		free(db);
		free(dir);
		return (-1);
	}
	free(db);
	if ((conn = migrate_pg_open(from, cause)) == NULL) {
		free(dir);
		return (-1);
	}
	if ((st = store_open(dir, cause)) == NULL)
		goto out;
	if (migrate_exec(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ "
	    "READ ONLY", NULL, cause) == -1)
		goto out;
	for (i = 0; i < NTABLES; i++)
		if (migrate_table_from_pg(conn, st, &migrate_tables[i],
		    &counts[i], cause) == -1)
			goto out;
	rc = migrate_exec(conn, "COMMIT", NULL, cause);
out:
	free(dir);
	PQfinish(conn);
	store_close(st);
	return (rc);
}

int
migrate_main(int argc, char *argv[])
{
	const char	*from = NULL, *to = NULL;
	long		 counts[NTABLES] = { 0 };
	char		*cause = NULL;
	int		 i, rc;

	for (i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "--from") == 0 ||
		    strcmp(argv[i], "--to") == 0) && i + 1 < argc) {
			*(argv[i][2] == 'f' ? &from : &to) = argv[i + 1];
			i++;
		} else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			migrate_usage(stdout);
			return (0);
		} else {
			migrate_usage(stderr);
			return (2);
		}
	}
	if (from == NULL || to == NULL ||
	    migrate_is_sqlite(from) == migrate_is_sqlite(to)) {
		if (from != NULL && to != NULL)
			fprintf(stderr, "pagefeed migrate: one store must be "
			    "sqlite:PATH and the other PostgreSQL\n");
		migrate_usage(stderr);
		return (2);
	}
	log_init(LOG_LVL_WARNING);
	rc = migrate_is_sqlite(from) ?
	    migrate_to_pg(from, to, counts, &cause) :
	    migrate_from_pg(from, to, counts, &cause);
	if (rc == -1) {
		fprintf(stderr, "pagefeed migrate: %s\n", cause);
		free(cause);
		return (1);
	}
	printf("copied %ld items, %ld sources, %ld versions and %ld "
	    "subscriptions\n", counts[0], counts[1], counts[2], counts[3]);
	return (0);
}
