/* store.h: the SQLite item store, one file in state_dir. */
#ifndef PAGEFEED_STORE_H
#define PAGEFEED_STORE_H

#include <stddef.h>
#include <time.h>

struct item;
struct item_page;
struct store;

#define STORE_SCHEMA_VERSION	7
#define STORE_PAGE_ATTEMPTS	5	/* tries for one item's own page */

/* An item as kept: what feeds are rendered from. */
struct feed_source;

struct stored_item {
	char	*si_guid;
	char	*si_title;
	char	*si_link;
	char	*si_summary;
	time_t	 si_date;	/* parsed page date, 0 if none */
	time_t	 si_first_seen;
	time_t	 si_updated;	/* last change of title or summary, 0 if none */
	time_t	 si_published;	/* si_date, else si_first_seen */
	char	*si_content;	/* sanitised HTML, or NULL */
	char	*si_author;
	char	*si_image;	/* absolute URL */
	char	*si_categories;	/* one per line */
	int	 si_date_offset;	/* seconds east of UTC the date is shown in */
	int	 si_date_offset_known;	/* 0: stored before offsets were kept */
	int	 si_date_only;		/* the page gave a day, not a time */
	/* In a combined feed: the source it comes from (not owned). */
	const struct feed_source *si_source;
};

/* An item whose own page is still to be fetched (follow = yes). */
struct pending_page {
	char	*pp_guid;
	char	*pp_link;
};

/* What is remembered of a source between polls and across restarts. */
struct source_state {
	char	*ss_page_title;
	time_t	 ss_last_poll;
	time_t	 ss_last_success;
	char	*ss_last_error;
	int	 ss_consecutive_failures;
	char	*ss_etag;		/* validators for conditional requests */
	char	*ss_last_modified;
	char	*ss_body_hash;		/* of the last page extracted */
	time_t	 ss_next_poll;		/* backoff and Retry-After survive restarts */
	char	*ss_settings_hash;	/* extraction settings the items were made with */
	time_t	 ss_added;		/* when the source was first known */
	char	*ss_language;		/* the page's language (lang, Content-Language) */
};

/*
 * Opens (creating if needed) DIR/pagefeed.db, migrates it, and takes a lock
 * so that two daemons never share one store.  Returns NULL with *cause set.
 */
struct store	*store_open(const char *dir, char **cause);
void		 store_close(struct store *);
const char	*store_path(const struct store *);
/*
 * 0 when the last write (a merge, an item page, a source's state) failed,
 * else 1; also 1 for no store (NULL).  The one answer /health, /metrics,
 * the index page and STATUS= give.
 */
int		 store_writable(const struct store *);

/*
 * Merges one poll's items (page order) for SOURCE in one transaction: new
 * guids are inserted with first_seen NOW; known ones are updated in place
 * (same guid, never new again) and get updated = NOW only when their
 * title, summary or content changed.  *nupdated counts the known items
 * whose stored fields changed at all.  Returns 0 with the counts, or -1
 * with *cause set and nothing changed.  FLAGS, any of:
 */
#define STORE_MERGE_FOLLOW	0x1	/* new items with a link await their page */
#define STORE_MERGE_REDATE	0x2	/* the date settings changed: the page's
					   dates replace stored ones */
#define STORE_MERGE_REFOLLOW	0x4	/* the page.* settings changed: known
					   items with a link await their page */
int	 store_merge_items(struct store *, const char *source,
	    const struct item *, size_t n, time_t now, int flags, int *nnew,
	    int *nupdated, char **cause);
/* Up to LIMIT items of SOURCE whose page is to be fetched, newest first. */
int	 store_pages_pending(struct store *, const char *source, int limit,
	    struct pending_page **, size_t *n, char **cause);
void	 store_pages_free(struct pending_page *, size_t n);
/*
 * Records an item page: its fields (IP), or with IP NULL a failure, retried
 * at later polls until STORE_PAGE_ATTEMPTS.  Returns 0 or -1.
 */
int	 store_page_done(struct store *, const char *source, const char *guid,
	    const struct item_page *ip, char **cause);
/* The newest LIMIT items of SOURCE, newest first.  Returns 0 or -1. */
int	 store_items(struct store *, const char *source, int limit,
	    struct stored_item **, size_t *n, char **cause);
void	 store_items_free(struct stored_item *, size_t n);
/* Number of items kept for SOURCE, or -1. */
long	 store_count(struct store *, const char *source);

/* mode = changes: one kept text of a watched page. */
struct store_version {
	char	*sv_text;	/* the watched text, a line each */
	char	*sv_hash;	/* of the text */
	char	*sv_settings;	/* the settings it was read with */
	time_t	 sv_seen;	/* when it was first seen */
};
/* SOURCE's newest version: 1 with *sv filled, 0 when none, -1 with *cause. */
int	 store_version_last(struct store *, const char *source,
	    struct store_version *, char **cause);
/*
 * Keeps SV as SOURCE's newest version and IT (may be NULL) as its item,
 * in one transaction, and prunes all but the newest KEEP versions.  *nnew
 * is 1 when the item was new.  Returns 0, or -1 with *cause set and
 * nothing changed.
 */
int	 store_version_add(struct store *, const char *source,
	    const struct store_version *sv, int keep, const struct item *it,
	    time_t now, int *nnew, char **cause);
void	 store_version_clear(struct store_version *);

/* A WebSub subscription, kept across restarts (websub.c). */
struct store_sub {
	char	*sub_topic;	/* the feed: "NAME.EXT" */
	char	*sub_callback;	/* the subscriber's URL */
	char	*sub_secret;	/* for X-Hub-Signature, or NULL */
	long	 sub_lease;	/* seconds granted */
	time_t	 sub_expires;
	time_t	 sub_created;
};
/* Adds SUB, or renews the one with its topic and callback. */
int	 store_sub_put(struct store *, const struct store_sub *, char **cause);
int	 store_sub_delete(struct store *, const char *topic,
	    const char *callback, char **cause);
/* Every subscription, by topic.  Returns 0, or -1 with *cause. */
int	 store_subs(struct store *, struct store_sub **, size_t *n,
	    char **cause);
void	 store_subs_free(struct store_sub *, size_t n);

/* Returns 1 and fills *ss when the source is known, 0 when not, -1 on error. */
int	 store_state_get(struct store *, const char *source,
	    struct source_state *);
int	 store_state_put(struct store *, const char *source,
	    const struct source_state *, char **cause);
void	 store_state_clear(struct source_state *);
/*
 * Keeps SS to be written at the next store_state_flush, with the others
 * kept, in one transaction: for the state of a poll that changed no item
 * (a crash before the flush costs a poll again, never an item).  Reads
 * see it at once; a store_state_put of the same source replaces it.
 * Past STORE_DEFER_MAX kept, flushes now.  Returns 0, or -1 when that
 * flush failed (the states stay kept).
 */
#define STORE_DEFER_MAX	4096
int	 store_state_defer(struct store *, const char *source,
	    const struct source_state *, char **cause);
/* Writes the kept states in one transaction (store_close does too). */
int	 store_state_flush(struct store *, char **cause);
size_t	 store_state_deferred(const struct store *);

/*
 * The store as the local replica of a shared store (shared.c), which
 * feeds are still read from.  store_track marks every later write of an
 * item or a source's state as not yet shared; store_dirty reads up to
 * LIMIT such rows of one table, as a JSON array of objects by column
 * (the local id and mark left out), and store_pushed clears the marks
 * of those still as read (a row written again meanwhile stays marked).
 */
enum store_table { STORE_ITEMS, STORE_SOURCES, STORE_VERSIONS,
	STORE_SUBSCRIPTIONS };
struct store_batch {
	char		*sb_json;	/* [{"column": value, ...}, ...] */
	size_t		 sb_len;
	long long	*sb_rowids;
	long long	*sb_marks;
	size_t		 sb_n;
};
int	 store_track(struct store *, char **cause);
int	 store_dirty(struct store *, enum store_table, size_t limit,
	    struct store_batch *, char **cause);
int	 store_pushed(struct store *, enum store_table,
	    const struct store_batch *, char **cause);
void	 store_batch_free(struct store_batch *);
/*
 * For pagefeed migrate: up to LIMIT rows of table T after row *after (0
 * to start), as store_dirty gives them; *after moves past them.
 */
int	 store_dump(struct store *, enum store_table, long long *after,
	    size_t limit, struct store_batch *, char **cause);
/* Rows not yet shared (-1 on error). */
long	 store_unpushed(struct store *);
/*
 * Rows copied from the shared store: NCOLS names (columns of the local
 * table), then NROWS rows of NCOLS values each (NULL for NULL).
 */
struct store_rows {
	const char *const	*sr_cols;
	size_t			 sr_ncols;
	const char *const	*sr_values;
	size_t			 sr_nrows;
};
/* Called once per source whose items (or state) a copy changed. */
typedef void	(*store_applied_cb)(const char *source, enum store_table,
		    void *arg);
/* Copies rows of table T as they are (pagefeed migrate). */
int	 store_load(struct store *, enum store_table,
	    const struct store_rows *, char **cause);
/*
 * Applies TABLES (by enum store_table, up to STORE_VERSIONS; any may be
 * NULL) and makes REV the last change copied, in one transaction.  A row
 * written here and not yet pushed, or a state kept for the next flush,
 * is left as it is: the push that follows settles it.  Returns 0, or -1
 * with *cause set and nothing changed.
 */
int	 store_apply(struct store *, const struct store_rows *const *tables,
	    long long rev, store_applied_cb, void *arg, char **cause);
/*
 * The last change copied from the shared store ORIGIN, 0 when none (or
 * when the replica was copied from another one: then it starts again).
 */
long long store_replica_rev(struct store *, const char *origin);
int	 store_replica_set(struct store *, const char *origin, long long rev,
	    char **cause);

#endif
