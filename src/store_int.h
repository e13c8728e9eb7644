/*
 * store_int.h: what the parts of the store share (store.c, the SQLite
 * file; store_replica.c, the same file as a replica of a shared store).
 * No other module includes it.
 */
#ifndef PAGEFEED_STORE_INT_H
#define PAGEFEED_STORE_INT_H

#include <libxml/hash.h>
#include <sqlite3.h>

/* The prepared statements of store.c, made once by store_open. */
enum stmt {
	ST_ITEM_GET, ST_ITEM_INSERT, ST_ITEM_UPDATE, ST_ITEMS_NEWEST, ST_COUNT,
	ST_STATE_GET, ST_STATE_PUT, ST_PAGES_PENDING, ST_PAGE_DONE,
	ST_PAGE_FAILED, ST_ITEM_RENAME, ST_BEGIN, ST_COMMIT, ST_ROLLBACK,
	ST_VERSION_LAST, ST_VERSION_ADD, ST_VERSION_PRUNE,
	ST_SUB_PUT, ST_SUB_DELETE, ST_SUBS,
	ST_MAX
};

struct store {
	sqlite3		*st_db;
	sqlite3_stmt	*st_stmt[ST_MAX];
	char		*st_path;
	int		 st_lockfd;
	int		 st_failed;	/* the last write failed */
	/*
	 * Sources' states kept for the next store_state_flush, by name:
	 * written together, one transaction (one fsync) for many polls.
	 */
	xmlHashTablePtr	 st_deferred;
	int		 st_tracking;	/* writes are marked for a shared store */
};

/* Every write says here how it went: the store knows if it is writable. */
int	 store_wrote(struct store *, int rc);
/* *cause (unless CAUSE is NULL) says the database's last error; -1. */
int	 store_error(struct store *, char **cause);
int	 store_exec(struct store *, const char *sql, char **cause);

#endif
