/*
 * shared.c: the shared PostgreSQL store, driven by libpq from the event
 * loop: one connection, one query in flight, the rest queued.
 *
 * Who polls: a source's row holds a lease (owner, until); an instance
 * polls a source only once its claim (a row lock taken with SKIP LOCKED,
 * granted when the source is due and no live lease is held by another)
 * succeeds.  The state it pushes after the poll releases the lease; an
 * instance that dies loses its leases when they run out.
 *
 * What others wrote: every pushed row gets the next number of one
 * sequence, handed out under a transaction-wide advisory lock so that
 * numbers become visible in order; a replica copies the rows numbered
 * past the last it has (on NOTIFY, at connect, before a claimed poll and
 * every SHARED_PULL_EVERY_S as a net) and remembers the number.
 */
#include <sys/queue.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <libpq-fe.h>
#include <libxml/hash.h>

#include "log.h"
#include "shared.h"
#include "store.h"
#include "util.h"

#define SHARED_LOCK_SCHEMA	0x70666d31	/* migrations, one at a time */
#define SHARED_LOCK_REV		0x70667276	/* change numbers, in order */
#define SHARED_PULL_ROWS	2000		/* rows per table per copy */
#define SHARED_PUSH_ROWS	500		/* rows per table per push */
#define SHARED_PUSH_DELAY_MS	50		/* writes gathered per push */
#define SHARED_PULL_EVERY_S	30
#define SHARED_RETRY_MIN_MS	500
#define SHARED_RETRY_MAX_MS	30000
#define SHARED_MAX_RESULTS	8
#define SHARED_VERSIONS_KEPT	50		/* per source, newest */
#define SHARED_CLOCK_SKEW_S	2		/* the database's clock and ours */
#define SHARED_FINISH_MS	5000		/* each query at exit */
#define SHARED_FINISH_PUSHES	20		/* batches sent at exit */
#define SHARED_NTABLES		3		/* items, sources, versions */

const char shared_item_columns[] =
	"source, guid, title, link, summary, date, first_seen, updated, "
	"published, seq, content, author, image, categories, page_state, "
	"page_attempts, page_title, page_date, page_content, page_author, "
	"page_image, date_offset, date_only, page_date_offset, page_date_only";
const char shared_source_columns[] =
	"name, page_title, last_poll, last_success, last_error, "
	"consecutive_failures, etag, last_modified, body_hash, next_poll, "
	"settings_hash, added, language";

const char shared_version_columns[] =
	"source, seen_at, hash, settings, text";

const char *const shared_migrations[] = {
	/* 0 -> 1 */
	"CREATE SEQUENCE pagefeed_rev;"
	"CREATE TABLE sources ("
	"  name text PRIMARY KEY,"
	"  page_title text,"
	"  last_poll bigint NOT NULL DEFAULT 0,"
	"  last_success bigint NOT NULL DEFAULT 0,"
	"  last_error text,"
	"  consecutive_failures integer NOT NULL DEFAULT 0,"
	"  etag text, last_modified text, body_hash text,"
	"  next_poll bigint NOT NULL DEFAULT 0,"
	"  settings_hash text,"
	"  added bigint NOT NULL DEFAULT 0,"
	"  language text,"
	"  lease_owner text,"
	"  lease_until bigint NOT NULL DEFAULT 0,"
	"  lease_from bigint NOT NULL DEFAULT 0,"
	"  writer text,"
	"  rev bigint NOT NULL DEFAULT 0);"
	"CREATE INDEX sources_rev ON sources (rev);"
	"CREATE TABLE items ("
	"  source text NOT NULL,"
	"  guid text NOT NULL,"
	"  title text NOT NULL,"
	"  link text, summary text, date bigint,"
	"  first_seen bigint NOT NULL,"
	"  updated bigint,"
	"  published bigint NOT NULL,"
	"  seq bigint NOT NULL,"
	"  content text, author text, image text, categories text,"
	"  page_state integer NOT NULL DEFAULT 0,"
	"  page_attempts integer NOT NULL DEFAULT 0,"
	"  page_title text, page_date bigint, page_content text,"
	"  page_author text, page_image text,"
	"  date_offset integer,"
	"  date_only integer NOT NULL DEFAULT 0,"
	"  page_date_offset integer,"
	"  page_date_only integer NOT NULL DEFAULT 0,"
	"  writer text,"
	"  rev bigint NOT NULL,"
	"  PRIMARY KEY (source, guid));"
	"CREATE INDEX items_rev ON items (rev);"
	"CREATE TABLE versions ("
	"  source text NOT NULL,"
	"  seen_at bigint NOT NULL,"
	"  hash text NOT NULL,"
	"  settings text,"
	"  text text NOT NULL,"
	"  writer text,"
	"  rev bigint NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (source, seen_at, hash));"
	"CREATE INDEX versions_rev ON versions (rev);"
	"CREATE TABLE subscriptions ("
	"  topic text NOT NULL,"
	"  callback text NOT NULL,"
	"  secret text,"
	"  lease_seconds bigint NOT NULL,"
	"  expires bigint NOT NULL,"
	"  created bigint NOT NULL,"
	"  PRIMARY KEY (topic, callback));",
};
const size_t shared_nmigrations = sizeof(shared_migrations) /
    sizeof(shared_migrations[0]);

enum shared_state {
	SH_CONNECTING,		/* PQconnectPoll until it is made */
	SH_SETUP,		/* migrations, LISTEN */
	SH_READY,
	SH_DOWN,		/* waiting to connect again */
};

enum job_kind { JOB_CLAIM, JOB_PUSH, JOB_PULL, JOB_SETUP, JOB_ROLLBACK };

struct job {
	enum job_kind		 j_kind;
	char			*j_source;	/* JOB_CLAIM */
	shared_claim_cb		 j_cb;
	void			*j_arg;
	int			 j_claimed;	/* waits for a pull, then told */
	struct store_batch	 j_batch[SHARED_NTABLES];	/* JOB_PUSH */
	TAILQ_ENTRY(job)	 j_entry;
};
TAILQ_HEAD(jobs, job);

struct shared {
	struct event_base	*sh_base;
	char			*sh_conninfo;
	int			 sh_lease;
	struct store		*sh_store;
	shared_changed_cb	 sh_changed;
	void			*sh_arg;
	char			 sh_instance[128];
	PGconn			*sh_conn;
	enum shared_state	 sh_state;
	struct event		*sh_ev;		/* the connection's socket */
	struct event		*sh_retry;	/* connect again */
	struct event		*sh_push_timer;
	struct event		*sh_pull_timer;
	long			 sh_retry_ms;
	long			 sh_push_wait_ms;	/* after a push failed */
	char			*sh_error;
	char			*sh_database;
	char			*sh_origin;	/* the shared database's identity */
	int			 sh_version;	/* its schema version */
	long long		 sh_rev;	/* the last change copied */
	long long		 sh_want_rev;	/* a claim waits for this one */
	struct jobs		 sh_queue;
	struct job		*sh_running;
	PGresult		*sh_results[SHARED_MAX_RESULTS];
	int			 sh_nresults;
	int			 sh_push_queued, sh_pull_queued, sh_pull_again;
	struct jobs		 sh_waiting;	/* claims granted, for a pull */
	xmlHashTablePtr		 sh_leases;	/* sources polled here now */
	unsigned long		 sh_claims, sh_claimed, sh_pushes, sh_pulls;
};

static void	shared_connect(struct shared *);
static void	shared_disconnect(struct shared *);
static void	shared_next(struct shared *);
static void	shared_setup_step(struct shared *);
static void	shared_pull(struct shared *);

static void
shared_set_error(struct shared *sh, const char *what, const char *detail)
{
	char	*msg, *nl;

	xasprintf(&msg, "%s%s%s", what, detail != NULL ? ": " : "",
	    detail != NULL ? detail : "");
	/* libpq's messages end in a newline, some hold more: one line. */
	while ((nl = strrchr(msg, '\n')) != NULL && nl[1] == '\0')
		*nl = '\0';
	for (nl = msg; *nl != '\0'; nl++)
		if (*nl == '\n' || *nl == '\t')
			*nl = ' ';
	if (sh->sh_error == NULL || strcmp(sh->sh_error, msg) != 0)
		log_warnx("shared store: %s", msg);
	free(sh->sh_error);
	sh->sh_error = msg;
}

static void
job_free(struct job *j)
{
	int	 t;

	for (t = 0; t < SHARED_NTABLES; t++)
		store_batch_free(&j->j_batch[t]);
	free(j->j_source);
	free(j);
}

/* A claim's answer; a forgotten claim (no callback) is only freed. */
static void
job_tell(struct job *j, enum shared_claim verdict, long wait_s)
{
	if (j->j_cb != NULL)
		j->j_cb(j->j_arg, verdict, wait_s);
	job_free(j);
}

static void
shared_clear_results(struct shared *sh)
{
	int	 i;

	for (i = 0; i < sh->sh_nresults; i++)
		PQclear(sh->sh_results[i]);
	sh->sh_nresults = 0;
}

/*
 * The connection is lost (or never made): every claim is told DOWN,
 * pushes and copies are made again once connected, and a new attempt is
 * made after a delay that doubles up to SHARED_RETRY_MAX_MS.
 */
static void
shared_down(struct shared *sh, const char *why)
{
	shared_set_error(sh, why, sh->sh_conn != NULL ?
	    PQerrorMessage(sh->sh_conn) : NULL);
	shared_disconnect(sh);
}

/* shared_down, with the error already said. */
static void
shared_disconnect(struct shared *sh)
{
	struct timeval	 tv;
	struct job	*j;

	if (sh->sh_ev != NULL) {
		event_free(sh->sh_ev);
		sh->sh_ev = NULL;
	}
	if (sh->sh_conn != NULL) {
		PQfinish(sh->sh_conn);
		sh->sh_conn = NULL;
	}
	shared_clear_results(sh);
	sh->sh_state = SH_DOWN;
	if ((j = sh->sh_running) != NULL) {
		sh->sh_running = NULL;
		TAILQ_INSERT_HEAD(&sh->sh_queue, j, j_entry);
	}
	TAILQ_CONCAT(&sh->sh_queue, &sh->sh_waiting, j_entry);
	/* Leases held run out in the database; none is used from here. */
	xmlHashFree(sh->sh_leases, NULL);
	if ((sh->sh_leases = xmlHashCreate(64)) == NULL)
		fatalx("xmlHashCreate");
	while ((j = TAILQ_FIRST(&sh->sh_queue)) != NULL) {
		TAILQ_REMOVE(&sh->sh_queue, j, j_entry);
		if (j->j_kind == JOB_CLAIM)
			job_tell(j, SHARED_DOWN, 0);
		else
			job_free(j);
	}
	sh->sh_push_queued = sh->sh_pull_queued = 0;
	tv.tv_sec = sh->sh_retry_ms / 1000;
	tv.tv_usec = (sh->sh_retry_ms % 1000) * 1000;
	evtimer_add(sh->sh_retry, &tv);
	sh->sh_retry_ms = sh->sh_retry_ms * 2 > SHARED_RETRY_MAX_MS ?
	    SHARED_RETRY_MAX_MS : sh->sh_retry_ms * 2;
}

/* Waits on the socket for what libpq asks: READ, WRITE or both. */
static void
shared_watch(struct shared *sh, short what, event_callback_fn cb)
{
	if (sh->sh_ev != NULL)
		event_free(sh->sh_ev);
	sh->sh_ev = event_new(sh->sh_base, PQsocket(sh->sh_conn), what, cb,
	    sh);
	if (sh->sh_ev == NULL)
		fatalx("event_new");
	event_add(sh->sh_ev, NULL);
}

static void	shared_io_cb(evutil_socket_t, short, void *);

/* The server's notices ("already exists, skipping") are for debugging. */
static void
shared_notice(void *arg, const char *message)
{
	(void)arg;
	log_debug("shared store: %.*s", (int)strcspn(message, "\n"),
	    message);
}

static void
shared_connect_cb(evutil_socket_t fd, short what, void *arg)
{
	struct shared	*sh = arg;

	(void)fd;
	(void)what;
	switch (PQconnectPoll(sh->sh_conn)) {
	case PGRES_POLLING_READING:
		shared_watch(sh, EV_READ, shared_connect_cb);
		break;
	case PGRES_POLLING_WRITING:
		shared_watch(sh, EV_WRITE, shared_connect_cb);
		break;
	case PGRES_POLLING_OK:
		if (PQsetnonblocking(sh->sh_conn, 1) == -1) {
			shared_down(sh, "connecting");
			return;
		}
		free(sh->sh_database);
		xasprintf(&sh->sh_database, "%s on %s", PQdb(sh->sh_conn),
		    PQhost(sh->sh_conn));
		PQsetNoticeProcessor(sh->sh_conn, shared_notice, sh);
		sh->sh_state = SH_SETUP;
		shared_watch(sh, EV_READ | EV_PERSIST, shared_io_cb);
		sh->sh_version = -1;
		shared_setup_step(sh);
		break;
	default:
		shared_down(sh, "connecting");
		break;
	}
}

static void
shared_connect(struct shared *sh)
{
	sh->sh_state = SH_CONNECTING;
	sh->sh_conn = PQconnectStart(sh->sh_conninfo);
	if (sh->sh_conn == NULL)
		fatalx("PQconnectStart: out of memory");
	if (PQstatus(sh->sh_conn) == CONNECTION_BAD) {
		shared_down(sh, "connecting");
		return;
	}
	shared_watch(sh, EV_WRITE, shared_connect_cb);
}

static void
shared_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	shared_connect(arg);
}

/* The name's escaped SQL literal (freed by the caller with PQfreemem). */
static char *
shared_literal(struct shared *sh, const char *s)
{
	return (PQescapeLiteral(sh->sh_conn, s, strlen(s)));
}

/* Sends SQL for J (now running); -1 when the connection failed. */
static int
shared_send(struct shared *sh, struct job *j, const char *sql)
{
	sh->sh_running = j;
	if (!PQsendQuery(sh->sh_conn, sql))
		return (-1);
	/* What did not fit in the socket goes when it can take more. */
	if (PQflush(sh->sh_conn) == 1)
		shared_watch(sh, EV_READ | EV_WRITE | EV_PERSIST,
		    shared_io_cb);
	return (0);
}

/* Queues J to run after those queued (or first, with FIRST). */
static void
shared_queue(struct shared *sh, struct job *j, int first)
{
	if (first)
		TAILQ_INSERT_HEAD(&sh->sh_queue, j, j_entry);
	else
		TAILQ_INSERT_TAIL(&sh->sh_queue, j, j_entry);
	shared_next(sh);
}

static struct job *
job_new(enum job_kind kind)
{
	struct job	*j = xcalloc(1, sizeof(*j));

	j->j_kind = kind;
	return (j);
}

int
shared_value(const PGresult *res, int row, int col, long long *out)
{
	const char	*v;
	char		*end;
	long long	 n;

	if (row >= PQntuples(res) || col >= PQnfields(res) ||
	    PQgetisnull(res, row, col))
		return (-1);
	v = PQgetvalue(res, row, col);
	errno = 0;
	n = strtoll(v, &end, 10);
	if (end == v || *end != '\0' || errno != 0)
		return (-1);
	*out = n;
	return (0);
}

/*
 * Set-up, one step per answer: the schema lock and version, each
 * migration in its own transaction, then LISTEN.  Two instances starting
 * at once wait for each other on the lock, so each step runs once.
 */
char *
shared_setup_sql(int version)
{
	char	*sql;

	if (version == -1)
		xasprintf(&sql, "SELECT pg_advisory_lock(%d);"
		    "CREATE TABLE IF NOT EXISTS pagefeed_schema ("
		    "version integer NOT NULL, origin text NOT NULL);"
		    "INSERT INTO pagefeed_schema SELECT 0, "
		    "md5(random()::text || clock_timestamp()::text) "
		    "WHERE NOT EXISTS (SELECT 1 FROM pagefeed_schema);"
		    "SELECT version, origin FROM pagefeed_schema",
		    SHARED_LOCK_SCHEMA);
	else if (version < (int)shared_nmigrations)
		xasprintf(&sql, "%s; UPDATE pagefeed_schema SET version = %d",
		    shared_migrations[version], version + 1);
	else
		xasprintf(&sql, "SELECT pg_advisory_unlock(%d); "
		    "LISTEN pagefeed", SHARED_LOCK_SCHEMA);
	return (sql);
}

static void
shared_setup_step(struct shared *sh)
{
	struct job	*j = job_new(JOB_SETUP);
	char		*sql = shared_setup_sql(sh->sh_version);
	int		 rc;

	rc = shared_send(sh, j, sql);
	free(sql);
	if (rc == -1)
		shared_down(sh, "setting up");
}

/* The answer to a set-up step; 0, or -1 when the connection was given up. */
static int
shared_setup_done(struct shared *sh, PGresult *last)
{
	long long	 v;

	if (sh->sh_version == -1) {
		if (PQntuples(last) != 1 || PQnfields(last) != 2 ||
		    shared_value(last, 0, 0, &v) == -1)
			goto bad;
		free(sh->sh_origin);
		sh->sh_origin = xstrdup(PQgetvalue(last, 0, 1));
		if (v < 0 || v > (long long)shared_nmigrations) {
			shared_set_error(sh, "the shared database's schema "
			    "version is newer than this pagefeed knows",
			    PQgetvalue(last, 0, 0));
			shared_disconnect(sh);
			return (-1);
		}
		if (v < (long long)shared_nmigrations)
			log_info("shared store %s: schema version %lld, "
			    "migrating to %zu", sh->sh_database, v,
			    shared_nmigrations);
		sh->sh_version = (int)v;
	} else if (sh->sh_version < (int)shared_nmigrations)
		sh->sh_version++;
	else {
		sh->sh_state = SH_READY;
		sh->sh_retry_ms = SHARED_RETRY_MIN_MS;
		free(sh->sh_error);
		sh->sh_error = NULL;
		sh->sh_rev = store_replica_rev(sh->sh_store, sh->sh_origin);
		log_info("shared store: connected to %s as %s (changes copied "
		    "up to %lld)", sh->sh_database, sh->sh_instance,
		    sh->sh_rev);
		shared_pull(sh);
		shared_kick(sh);
		return (0);
	}
	shared_setup_step(sh);
	return (0);
bad:
	shared_down(sh, "setting up: an unexpected answer");
	return (-1);
}

/* "c = excluded.c, ..." for COLUMNS but the first NKEYS and SKIP. */
static void
shared_set_list(char **out, const char *columns, int nkeys,
    const char *skip)
{
	char	*cols = xstrdup(columns), *p = cols, *c, *s = xstrdup(""), *t;
	int	 i = 0;

	while ((c = strsep(&p, ",")) != NULL) {
		c += strspn(c, " ");
		if (i++ < nkeys || (skip != NULL && strcmp(c, skip) == 0))
			continue;
		xasprintf(&t, "%s%s%s = excluded.%s", s, *s ? ", " : "", c, c);
		free(s);
		s = t;
	}
	free(cols);
	*out = s;
}

/*
 * Claim: the row made if new, then locked and leased when it is due and
 * no live lease of another holds it (a row another claim has locked is
 * skipped: that claim wins); then when it may be due again and the newest
 * change numbers, so the replica can catch up before the poll.
 */
static char *
shared_claim_sql(struct shared *sh, const char *source)
{
	char	*sql, *name = shared_literal(sh, source);
	char	*me = shared_literal(sh, sh->sh_instance);

	xasprintf(&sql,
	    "INSERT INTO sources (name) VALUES (%s) ON CONFLICT DO NOTHING;"
	    "WITH t AS (SELECT extract(epoch FROM now())::bigint AS now), "
	    "c AS (SELECT name FROM sources, t WHERE name = %s AND "
	    "next_poll <= t.now AND (lease_owner IS NULL OR lease_owner = %s "
	    "OR lease_until <= t.now) FOR UPDATE OF sources SKIP LOCKED) "
	    "UPDATE sources s SET lease_owner = %s, lease_until = "
	    "(SELECT now FROM t) + %d, lease_from = (SELECT now FROM t) "
	    "FROM c WHERE s.name = c.name RETURNING 1;"
	    "SELECT greatest(next_poll, CASE WHEN lease_owner <> %s THEN "
	    "lease_until ELSE 0 END) - extract(epoch FROM now())::bigint, "
	    "greatest((SELECT coalesce(max(rev), 0) FROM items), "
	    "(SELECT coalesce(max(rev), 0) FROM sources), "
	    "(SELECT coalesce(max(rev), 0) FROM versions)) "
	    "FROM sources WHERE name = %s",
	    name, name, me, me, sh->sh_lease, me, name);
	PQfreemem(name);
	PQfreemem(me);
	return (sql);
}

/* BATCH's JSON as an escaped literal (caller frees with PQfreemem). */
static char *
shared_batch_literal(struct shared *sh, const struct store_batch *sb)
{
	char	*lit;

	lit = sb->sb_json != NULL ? PQescapeLiteral(sh->sh_conn, sb->sb_json,
	    sb->sb_len) : PQescapeLiteral(sh->sh_conn, "[]", 2);
	if (lit == NULL)
		fatalx("PQescapeLiteral: out of memory");
	return (lit);
}

/*
 * Push: the replica's unshared rows, numbered in commit order.  A
 * source's state is taken from the instance holding its lease, or when
 * no live lease is held, from a poll no older than the one shared.  Only
 * the state of a poll begun under the lease gives the lease back (not
 * one written before it, at start-up: another instance would poll
 * again); the poll's start is this instance's clock, the lease's the
 * database's, SHARED_CLOCK_SKEW_S apart at most.  A state refused is
 * numbered again, so that every replica (the sender's too, which holds
 * the refused one) copies the state that stands.  An item seen by two
 * instances keeps the earlier first_seen, and no writer: every replica
 * copies the row as settled, its sender's too.
 */
static char *
shared_push_sql(struct shared *sh, struct job *j)
{
	char	*sql, *items, *sources, *versions, *me, *iset, *sset;

	items = shared_batch_literal(sh, &j->j_batch[STORE_ITEMS]);
	sources = shared_batch_literal(sh, &j->j_batch[STORE_SOURCES]);
	versions = shared_batch_literal(sh, &j->j_batch[STORE_VERSIONS]);
	if ((me = shared_literal(sh, sh->sh_instance)) == NULL)
		fatalx("PQescapeLiteral: out of memory");
	shared_set_list(&iset, shared_item_columns, 2, "first_seen");
	shared_set_list(&sset, shared_source_columns, 1, NULL);
	xasprintf(&sql,
	    "SELECT pg_advisory_xact_lock(%d);"
	    "INSERT INTO items (%s, writer, rev) SELECT %s, %s, "
	    "nextval('pagefeed_rev') FROM jsonb_populate_recordset("
	    "NULL::items, %s::jsonb) ON CONFLICT (source, guid) DO UPDATE SET "
	    "%s, first_seen = least(items.first_seen, excluded.first_seen), "
	    "writer = CASE WHEN items.first_seen < excluded.first_seen THEN "
	    "NULL ELSE excluded.writer END, rev = excluded.rev;"
	    "INSERT INTO sources (%s, writer, rev) SELECT %s, %s, "
	    "nextval('pagefeed_rev') FROM jsonb_populate_recordset("
	    "NULL::sources, %s::jsonb) ON CONFLICT (name) DO UPDATE SET "
	    "%s, writer = excluded.writer, rev = excluded.rev, "
	    "lease_owner = CASE WHEN sources.lease_owner = %s AND "
	    "excluded.last_poll >= sources.lease_from - %d THEN NULL "
	    "ELSE sources.lease_owner END, "
	    "lease_until = CASE WHEN sources.lease_owner = %s AND "
	    "excluded.last_poll >= sources.lease_from - %d THEN 0 "
	    "ELSE sources.lease_until END "
	    "WHERE sources.lease_owner = %s OR ((sources.lease_owner IS NULL "
	    "OR sources.lease_until <= extract(epoch FROM now())) AND "
	    "excluded.last_poll >= sources.last_poll);"
	    "UPDATE sources SET rev = nextval('pagefeed_rev') WHERE name IN "
	    "(SELECT name FROM jsonb_populate_recordset(NULL::sources, "
	    "%s::jsonb)) AND writer IS DISTINCT FROM %s;"
	    "WITH v AS (INSERT INTO versions (%s, writer, rev) SELECT %s, %s, "
	    "nextval('pagefeed_rev') FROM jsonb_populate_recordset("
	    "NULL::versions, %s::jsonb) ON CONFLICT DO NOTHING "
	    "RETURNING source) "
	    "DELETE FROM versions d USING (SELECT DISTINCT source FROM v) p "
	    "WHERE d.source = p.source AND d.seen_at < (SELECT seen_at FROM "
	    "versions k WHERE k.source = p.source ORDER BY seen_at DESC "
	    "OFFSET %d LIMIT 1);"
	    "NOTIFY pagefeed",
	    SHARED_LOCK_REV,
	    shared_item_columns, shared_item_columns, me, items, iset,
	    shared_source_columns, shared_source_columns, me, sources, sset,
	    me, SHARED_CLOCK_SKEW_S, me, SHARED_CLOCK_SKEW_S, me,
	    sources, me,
	    shared_version_columns, shared_version_columns, me, versions,
	    SHARED_VERSIONS_KEPT - 1);
	PQfreemem(items);
	PQfreemem(sources);
	PQfreemem(versions);
	PQfreemem(me);
	free(iset);
	free(sset);
	return (sql);
}

/*
 * Pull: rows numbered past the last copied and written by others, every
 * table from one snapshot, each cut at SHARED_PULL_ROWS (then the copy
 * goes on from the lowest last number of a table that was cut; else from
 * the newest number of all).
 */
static char *
shared_pull_sql(struct shared *sh)
{
	char	*sql, *me;

	/* Not what this instance wrote: its replica has it already. */
	if ((me = shared_literal(sh, sh->sh_instance)) == NULL)
		fatalx("PQescapeLiteral: out of memory");
	xasprintf(&sql,
	    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
	    "SELECT %s, writer, rev FROM items WHERE rev > %lld AND "
	    "writer IS DISTINCT FROM %s ORDER BY rev LIMIT %d;"
	    "SELECT %s, writer, rev FROM sources WHERE rev > %lld AND "
	    "writer IS DISTINCT FROM %s ORDER BY rev LIMIT %d;"
	    "SELECT %s, writer, rev FROM versions WHERE rev > %lld AND "
	    "writer IS DISTINCT FROM %s ORDER BY rev LIMIT %d;"
	    "SELECT greatest((SELECT max(rev) FROM items), "
	    "(SELECT max(rev) FROM sources), (SELECT max(rev) FROM versions));"
	    "COMMIT",
	    shared_item_columns, sh->sh_rev, me, SHARED_PULL_ROWS,
	    shared_source_columns, sh->sh_rev, me, SHARED_PULL_ROWS,
	    shared_version_columns, sh->sh_rev, me, SHARED_PULL_ROWS);
	PQfreemem(me);
	return (sql);
}

/* What to push, read into J: the number of rows. */
static size_t
shared_push_read(struct shared *sh, struct job *j)
{
	char	*cause = NULL;
	size_t	 n = 0;
	int	 t;

	/* States kept for the next flush go now too. */
	if (store_state_flush(sh->sh_store, &cause) == -1) {
		log_warnx("shared store: %s", cause);
		free(cause);
		cause = NULL;
	}
	for (t = 0; t < SHARED_NTABLES; t++) {
		if (store_dirty(sh->sh_store, t, SHARED_PUSH_ROWS,
		    &j->j_batch[t], &cause) == -1) {
			log_warnx("shared store: reading the replica: %s",
			    cause);
			free(cause);
			cause = NULL;
		}
		n += j->j_batch[t].sb_n;
	}
	return (n);
}

/* Starts the next queued job when the connection is free. */
static void
shared_next(struct shared *sh)
{
	struct job	*j;
	char		*sql = NULL;
	int		 rc;

	while (sh->sh_state == SH_READY && sh->sh_running == NULL &&
	    (j = TAILQ_FIRST(&sh->sh_queue)) != NULL) {
		TAILQ_REMOVE(&sh->sh_queue, j, j_entry);
		switch (j->j_kind) {
		case JOB_CLAIM:
			sql = shared_claim_sql(sh, j->j_source);
			break;
		case JOB_PUSH:
			sh->sh_push_queued = 0;
			if (shared_push_read(sh, j) == 0) {
				job_free(j);
				continue;
			}
			sql = shared_push_sql(sh, j);
			break;
		case JOB_PULL:
			sh->sh_pull_queued = 0;
			sql = shared_pull_sql(sh);
			break;
		case JOB_ROLLBACK:
			sql = xstrdup("ROLLBACK");
			break;
		case JOB_SETUP:
			fatalx("shared_next: a set-up step queued");
		}
		rc = shared_send(sh, j, sql);
		free(sql);
		if (rc == -1)
			shared_down(sh, "sending a query");
	}
}

/*
 * The copy that claims wait for failed: they are told DOWN (their
 * sources try again later) rather than left waiting for the next one.
 */
static void
shared_fail_waiting(struct shared *sh)
{
	struct job	*j;

	while ((j = TAILQ_FIRST(&sh->sh_waiting)) != NULL) {
		TAILQ_REMOVE(&sh->sh_waiting, j, j_entry);
		xmlHashRemoveEntry(sh->sh_leases, (const xmlChar *)j->j_source,
		    NULL);
		job_tell(j, SHARED_DOWN, 0);
	}
}

/*
 * A push the database refused: the rows stay marked and are sent again,
 * after a wait that doubles up to SHARED_RETRY_MAX_MS (a row it keeps
 * refusing is logged each time, and counted as unpushed in /health).
 */
static void
shared_push_failed(struct shared *sh, struct job *j)
{
	struct timeval	 tv;

	job_free(j);
	sh->sh_push_wait_ms = sh->sh_push_wait_ms == 0 ? SHARED_RETRY_MIN_MS :
	    sh->sh_push_wait_ms * 2 > SHARED_RETRY_MAX_MS ?
	    SHARED_RETRY_MAX_MS : sh->sh_push_wait_ms * 2;
	tv.tv_sec = sh->sh_push_wait_ms / 1000;
	tv.tv_usec = (sh->sh_push_wait_ms % 1000) * 1000;
	evtimer_del(sh->sh_push_timer);
	evtimer_add(sh->sh_push_timer, &tv);
}

/* A claim granted waits for the replica to reach WANT, then is told. */
static void
shared_release_waiting(struct shared *sh)
{
	struct job	*j;

	if (sh->sh_rev < sh->sh_want_rev)
		return;
	while ((j = TAILQ_FIRST(&sh->sh_waiting)) != NULL) {
		TAILQ_REMOVE(&sh->sh_waiting, j, j_entry);
		job_tell(j, SHARED_CLAIMED, 0);
	}
}

static void
shared_claim_done(struct shared *sh, struct job *j)
{
	PGresult	*lease, *when;
	long long	 want, wait_s;

	lease = sh->sh_results[1];
	when = sh->sh_results[2];
	if (sh->sh_nresults < 3 || PQnfields(when) != 2 ||
	    shared_value(when, 0, 0, &wait_s) == -1 ||
	    shared_value(when, 0, 1, &want) == -1) {
		job_tell(j, SHARED_DOWN, 0);
		return;
	}
	if (PQntuples(lease) == 0) {
		job_tell(j, SHARED_TAKEN, (long)wait_s);
		return;
	}
	sh->sh_claimed++;
	xmlHashUpdateEntry(sh->sh_leases, (const xmlChar *)j->j_source,
	    (void *)1, NULL);
	if (want <= sh->sh_rev) {
		job_tell(j, SHARED_CLAIMED, 0);
		return;
	}
	/* Others wrote since the last copy: the poll merges against it. */
	if (want > sh->sh_want_rev)
		sh->sh_want_rev = want;
	TAILQ_INSERT_TAIL(&sh->sh_waiting, j, j_entry);
	shared_pull(sh);
}

static void
shared_push_done(struct shared *sh, struct job *j)
{
	char	*cause = NULL;
	int	 t, more = 0;

	sh->sh_pushes++;
	sh->sh_push_wait_ms = 0;
	for (t = 0; t < SHARED_NTABLES; t++) {
		if (store_pushed(sh->sh_store, t, &j->j_batch[t],
		    &cause) == -1) {
			/* Sent again next time: the shared rows absorb it. */
			log_warnx("shared store: marking rows shared: %s",
			    cause);
			free(cause);
			cause = NULL;
		}
		more |= j->j_batch[t].sb_n >= SHARED_PUSH_ROWS;
	}
	job_free(j);
	if (more)
		shared_kick(sh);
}

/*
 * RES's rows as store_rows: its first NCOLS-2 columns (writer and rev
 * follow), the rows this instance wrote left out.  *last is the last
 * row's number.
 */
static const char **
shared_rows(struct shared *sh, PGresult *res, struct store_rows *sr,
    const char **cols, long long *last)
{
	const char	**v;
	int		 r, c, ncols = PQnfields(res) - 2, n = PQntuples(res);
	size_t		 k = 0;

	for (c = 0; c < ncols; c++)
		cols[c] = PQfname(res, c);
	v = xreallocarray(NULL, (size_t)(n > 0 ? n : 1) * (size_t)ncols,
	    sizeof(*v));
	for (r = 0; r < n; r++) {
		/* rev: bigint NOT NULL; a row without one is not copied. */
		if (shared_value(res, r, ncols + 1, last) == -1)
			continue;
		if (!PQgetisnull(res, r, ncols) &&
		    strcmp(PQgetvalue(res, r, ncols), sh->sh_instance) == 0)
			continue;
		for (c = 0; c < ncols; c++)
			v[k++] = PQgetisnull(res, r, c) ? NULL :
			    PQgetvalue(res, r, c);
	}
	sr->sr_cols = cols;
	sr->sr_ncols = (size_t)ncols;
	sr->sr_values = v;
	sr->sr_nrows = k / (size_t)ncols;
	return (v);
}

static void
shared_applied(const char *source, enum store_table t, void *arg)
{
	struct shared	*sh = arg;

	if (sh->sh_changed != NULL)
		sh->sh_changed(sh->sh_arg, source, t);
}

static void
shared_pull_done(struct shared *sh, struct job *j)
{
	PGresult		*res;
	struct store_rows	 rows[SHARED_NTABLES];
	const struct store_rows	*tables[SHARED_NTABLES];
	const char		*cols[SHARED_NTABLES][64], **v[SHARED_NTABLES];
	long long		 last, top = sh->sh_rev, cut = -1;
	char			*cause = NULL;
	long long		 newest;
	int			 t;

	job_free(j);
	res = sh->sh_results[SHARED_NTABLES + 1];
	if (sh->sh_nresults < SHARED_NTABLES + 3 || PQntuples(res) != 1) {
		shared_fail_waiting(sh);
		return;
	}
	/* The newest number, this instance's rows too (not sent). */
	if (shared_value(res, 0, 0, &newest) == 0 && newest > top)
		top = newest;
	for (t = 0; t < SHARED_NTABLES; t++) {
		res = sh->sh_results[t + 1];
		if (PQnfields(res) < 3 || PQnfields(res) > 66) {
			shared_fail_waiting(sh);
			return;
		}
	}
	for (t = 0; t < SHARED_NTABLES; t++) {
		res = sh->sh_results[t + 1];
		last = sh->sh_rev;
		v[t] = shared_rows(sh, res, &rows[t], cols[t], &last);
		tables[t] = &rows[t];
		if (last > top)
			top = last;
		/* A table cut short: nothing past its last row is known. */
		if (PQntuples(res) >= SHARED_PULL_ROWS &&
		    (cut == -1 || last < cut))
			cut = last;
	}
	sh->sh_pulls++;
	if (store_apply(sh->sh_store, tables, cut != -1 ? cut : top,
	    shared_applied, sh, &cause) == -1) {
		log_warnx("shared store: copying changes: %s", cause);
		free(cause);
		shared_fail_waiting(sh);
		cut = -1;
	} else {
		if (store_replica_set(sh->sh_store, sh->sh_origin,
		    cut != -1 ? cut : top, &cause) == -1) {
			log_warnx("shared store: %s", cause);
			free(cause);
		}
		sh->sh_rev = cut != -1 ? cut : top;
	}
	for (t = 0; t < SHARED_NTABLES; t++)
		free(v[t]);
	if (cut != -1)
		shared_pull(sh);
	else
		shared_release_waiting(sh);
}

/* The first error among the answers, or NULL. */
static const char *
shared_results_error(struct shared *sh)
{
	int	 i;

	for (i = 0; i < sh->sh_nresults; i++)
		if (PQresultStatus(sh->sh_results[i]) == PGRES_FATAL_ERROR)
			return (PQresultErrorMessage(sh->sh_results[i]));
	return (NULL);
}

/* The running job's answers are all in. */
static void
shared_done(struct shared *sh)
{
	struct job	*j = sh->sh_running;
	const char	*err = shared_results_error(sh);

	sh->sh_running = NULL;
	if (j->j_kind == JOB_SETUP) {
		job_free(j);
		if (err != NULL) {
			shared_set_error(sh, "setting up", err);
			shared_clear_results(sh);
			shared_disconnect(sh);
			return;
		}
		shared_setup_done(sh, sh->sh_results[sh->sh_nresults - 1]);
		shared_clear_results(sh);
		return;
	}
	if (err != NULL) {
		shared_set_error(sh, j->j_kind == JOB_CLAIM ? "claiming a "
		    "source" : j->j_kind == JOB_PUSH ? "sending changes" :
		    "copying changes", err);
		if (j->j_kind == JOB_CLAIM)
			job_tell(j, SHARED_DOWN, 0);
		else if (j->j_kind == JOB_PUSH)
			shared_push_failed(sh, j);
		else {
			if (j->j_kind == JOB_PULL)
				shared_fail_waiting(sh);
			job_free(j);
		}
	} else if (j->j_kind == JOB_CLAIM)
		shared_claim_done(sh, j);
	else if (j->j_kind == JOB_PUSH)
		shared_push_done(sh, j);
	else if (j->j_kind == JOB_PULL)
		shared_pull_done(sh, j);
	else
		job_free(j);
	shared_clear_results(sh);
	/* A transaction left open by an error is ended before anything. */
	if (sh->sh_conn != NULL &&
	    PQtransactionStatus(sh->sh_conn) != PQTRANS_IDLE)
		shared_queue(sh, job_new(JOB_ROLLBACK), 1);
	shared_next(sh);
}

static void
shared_io_cb(evutil_socket_t fd, short what, void *arg)
{
	struct shared	*sh = arg;
	PGnotify	*n;
	PGresult	*res;
	int		 notified = 0, rc;

	(void)fd;
	if (what & EV_WRITE) {
		if ((rc = PQflush(sh->sh_conn)) == -1) {
			shared_down(sh, "sending a query");
			return;
		}
		if (rc == 0)
			shared_watch(sh, EV_READ | EV_PERSIST, shared_io_cb);
	}
	if ((what & EV_READ) && !PQconsumeInput(sh->sh_conn)) {
		shared_down(sh, "connection lost");
		return;
	}
	while (sh->sh_conn != NULL && sh->sh_running != NULL &&
	    !PQisBusy(sh->sh_conn)) {
		if ((res = PQgetResult(sh->sh_conn)) == NULL)
			shared_done(sh);
		else if (sh->sh_nresults < SHARED_MAX_RESULTS)
			sh->sh_results[sh->sh_nresults++] = res;
		else
			PQclear(res);
	}
	if (sh->sh_conn == NULL)
		return;
	while ((n = PQnotifies(sh->sh_conn)) != NULL) {
		notified = 1;
		PQfreemem(n);
	}
	if (notified)
		shared_pull(sh);
	if (PQstatus(sh->sh_conn) == CONNECTION_BAD)
		shared_down(sh, "connection lost");
}

static void
shared_pull(struct shared *sh)
{
	if (sh->sh_state != SH_READY || sh->sh_pull_queued)
		return;
	sh->sh_pull_queued = 1;
	shared_queue(sh, job_new(JOB_PULL), 0);
}

static void
shared_push_cb(evutil_socket_t fd, short what, void *arg)
{
	struct shared	*sh = arg;

	(void)fd;
	(void)what;
	if (sh->sh_state != SH_READY || sh->sh_push_queued)
		return;
	sh->sh_push_queued = 1;
	shared_queue(sh, job_new(JOB_PUSH), 0);
}

static void
shared_pull_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	shared_pull(arg);
}

void
shared_kick(struct shared *sh)
{
	struct timeval	 tv = { 0, SHARED_PUSH_DELAY_MS * 1000 };

	if (sh == NULL || sh->sh_state != SH_READY ||
	    evtimer_pending(sh->sh_push_timer, NULL))
		return;
	evtimer_add(sh->sh_push_timer, &tv);
}

struct shared *
shared_new(struct event_base *base, const char *conninfo, int lease_s,
    struct store *st, shared_changed_cb changed, void *arg, char **cause)
{
	struct shared		*sh;
	struct timeval		 every = { SHARED_PULL_EVERY_S, 0 };
	PQconninfoOption	*opts;
	char			*err = NULL, host[64];

	if ((opts = PQconninfoParse(conninfo, &err)) == NULL) {
		xasprintf(cause, "store: %s", err != NULL ? err :
		    "out of memory");
		PQfreemem(err);
		return (NULL);
	}
	PQconninfoFree(opts);
	if (store_track(st, cause) == -1)
		return (NULL);
	sh = xcalloc(1, sizeof(*sh));
	sh->sh_base = base;
	sh->sh_conninfo = xstrdup(conninfo);
	sh->sh_lease = lease_s;
	sh->sh_store = st;
	sh->sh_changed = changed;
	sh->sh_arg = arg;
	sh->sh_retry_ms = SHARED_RETRY_MIN_MS;
	TAILQ_INIT(&sh->sh_queue);
	TAILQ_INIT(&sh->sh_waiting);
	if ((sh->sh_leases = xmlHashCreate(64)) == NULL)
		fatalx("xmlHashCreate");
	if (gethostname(host, sizeof(host)) == -1)
		strlcpy_pf(host, "host", sizeof(host));
	host[sizeof(host) - 1] = '\0';
	/* A restarted instance is a new one: the old one's leases run out. */
	snprintf(sh->sh_instance, sizeof(sh->sh_instance), "%s:%ld:%08lx",
	    host, (long)getpid(), (unsigned long)(random() ^ time(NULL)));
	if ((sh->sh_retry = evtimer_new(base, shared_retry_cb, sh)) == NULL ||
	    (sh->sh_push_timer = evtimer_new(base, shared_push_cb,
	    sh)) == NULL ||
	    (sh->sh_pull_timer = event_new(base, -1, EV_PERSIST,
	    shared_pull_cb, sh)) == NULL)
		fatalx("evtimer_new");
	evtimer_add(sh->sh_pull_timer, &every);
	shared_connect(sh);
	return (sh);
}

/*
 * At exit, with the loop ended: what waits is sent and the leases held
 * are given back, so that a stopped instance (scaled down, never to come
 * back) leaves nothing behind and its sources are polled on time.  This
 * blocks, each query for at most SHARED_FINISH_MS.
 */
static void
shared_finish(struct shared *sh)
{
	PGresult	*res;
	PGcancel	*cancel;
	struct job	 j;
	char		*sql, *me, buf[256];
	long		 sent = 0;
	int		 i, t, rc;

	if (sh->sh_state != SH_READY || PQsetnonblocking(sh->sh_conn, 0) == -1)
		return;
	if (sh->sh_running != NULL &&
	    (cancel = PQgetCancel(sh->sh_conn)) != NULL) {
		PQcancel(cancel, buf, sizeof(buf));
		PQfreeCancel(cancel);
	}
	while ((res = PQgetResult(sh->sh_conn)) != NULL)
		PQclear(res);
	xasprintf(&sql, "SET statement_timeout = %d", SHARED_FINISH_MS);
	PQclear(PQexec(sh->sh_conn, sql));
	free(sql);
	for (i = 0; i < SHARED_FINISH_PUSHES; i++) {
		memset(&j, 0, sizeof(j));
		if (shared_push_read(sh, &j) == 0) {
			for (t = 0; t < SHARED_NTABLES; t++)
				store_batch_free(&j.j_batch[t]);
			break;
		}
		sql = shared_push_sql(sh, &j);
		res = PQexec(sh->sh_conn, sql);
		free(sql);
		rc = PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
		for (t = 0; rc && t < SHARED_NTABLES; t++) {
			sent += (long)j.j_batch[t].sb_n;
			store_pushed(sh->sh_store, t, &j.j_batch[t], NULL);
		}
		for (t = 0; t < SHARED_NTABLES; t++)
			store_batch_free(&j.j_batch[t]);
		if (!rc)
			break;
	}
	if ((me = shared_literal(sh, sh->sh_instance)) == NULL)
		return;
	xasprintf(&sql, "UPDATE sources SET lease_owner = NULL, lease_until = "
	    "0 WHERE lease_owner = %s", me);
	PQfreemem(me);
	res = PQexec(sh->sh_conn, sql);
	free(sql);
	log_info("shared store: at exit, %ld rows sent, %s leases given back",
	    sent, PQresultStatus(res) == PGRES_COMMAND_OK ? PQcmdTuples(res) :
	    "no");
	PQclear(res);
}

void
shared_free(struct shared *sh)
{
	struct job	*j;

	if (sh == NULL)
		return;
	shared_finish(sh);
	if (sh->sh_running != NULL)
		TAILQ_INSERT_HEAD(&sh->sh_queue, sh->sh_running, j_entry);
	TAILQ_CONCAT(&sh->sh_queue, &sh->sh_waiting, j_entry);
	while ((j = TAILQ_FIRST(&sh->sh_queue)) != NULL) {
		TAILQ_REMOVE(&sh->sh_queue, j, j_entry);
		job_free(j);
	}
	shared_clear_results(sh);
	if (sh->sh_ev != NULL)
		event_free(sh->sh_ev);
	event_free(sh->sh_retry);
	event_free(sh->sh_push_timer);
	event_free(sh->sh_pull_timer);
	if (sh->sh_conn != NULL)
		PQfinish(sh->sh_conn);
	free(sh->sh_conninfo);
	free(sh->sh_error);
	free(sh->sh_database);
	free(sh->sh_origin);
	xmlHashFree(sh->sh_leases, NULL);
	free(sh);
}

void
shared_claim(struct shared *sh, const char *source, shared_claim_cb cb,
    void *arg)
{
	struct job	*j;

	sh->sh_claims++;
	if (sh->sh_state == SH_DOWN) {
		cb(arg, SHARED_DOWN, 0);
		return;
	}
	j = job_new(JOB_CLAIM);
	j->j_source = xstrdup(source);
	j->j_cb = cb;
	j->j_arg = arg;
	shared_queue(sh, j, 0);
}

void
shared_release(struct shared *sh, const char *source)
{
	if (sh != NULL)
		xmlHashRemoveEntry(sh->sh_leases, (const xmlChar *)source,
		    NULL);
}

void
shared_forget(struct shared *sh, void *arg)
{
	struct job	*j;

	if (sh == NULL)
		return;
	TAILQ_FOREACH(j, &sh->sh_queue, j_entry)
		if (j->j_arg == arg)
			j->j_cb = NULL;
	TAILQ_FOREACH(j, &sh->sh_waiting, j_entry)
		if (j->j_arg == arg)
			j->j_cb = NULL;
	if (sh->sh_running != NULL && sh->sh_running->j_arg == arg)
		sh->sh_running->j_cb = NULL;
}

void
shared_status(struct shared *sh, struct shared_status *ss)
{
	memset(ss, 0, sizeof(*ss));
	ss->ss_status = sh->sh_state == SH_READY ? "ok" :
	    sh->sh_error != NULL ? "failing" : "connecting";
	ss->ss_error = sh->sh_error;
	ss->ss_instance = sh->sh_instance;
	ss->ss_database = sh->sh_database;
	ss->ss_rev = sh->sh_rev;
	ss->ss_leases = xmlHashSize(sh->sh_leases);
	ss->ss_unpushed = store_unpushed(sh->sh_store);
	ss->ss_claims = sh->sh_claims;
	ss->ss_claimed = sh->sh_claimed;
	ss->ss_pushes = sh->sh_pushes;
	ss->ss_pulls = sh->sh_pulls;
}
