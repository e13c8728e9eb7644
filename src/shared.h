/*
 * shared.h: a store shared by several pagefeed instances on PostgreSQL
 * (store = postgresql://...).  Each instance keeps its SQLite store as a
 * local replica, which its feeds are rendered from; the shared database
 * decides who polls a source (leases) and carries every instance's writes
 * to the others (a change number per row, LISTEN/NOTIFY to say there are
 * new ones).  libpq is driven from the event loop and never blocks it.
 */
#ifndef PAGEFEED_SHARED_H
#define PAGEFEED_SHARED_H

#include <stddef.h>

#include "store.h"

struct event_base;
struct pg_result;
struct shared;

/* The schema of the shared database: entry N takes version N to N+1. */
extern const char *const shared_migrations[];
extern const size_t shared_nmigrations;
/* The columns both stores have, in one order. */
extern const char shared_item_columns[];
extern const char shared_source_columns[];
extern const char shared_version_columns[];

/*
 * The set-up of a connection, one query per step (each its own
 * transaction, under a session lock so that two instances starting at
 * once migrate once): VERSION -1 takes the lock and answers the version
 * and origin; 0 <= VERSION < shared_nmigrations migrates one step; then
 * the lock is released and the connection listens.  Caller frees.
 */
char	*shared_setup_sql(int version);
/*
 * The integer in RES at ROW, COL into *out: 0, or -1 when the field is
 * missing, NULL or not a whole decimal number in range.
 */
int	 shared_value(const struct pg_result *, int row, int col,
	    long long *out);

enum shared_claim {
	SHARED_CLAIMED,		/* this instance polls it now */
	SHARED_TAKEN,		/* another does, or it is not due yet */
	SHARED_DOWN,		/* the shared database cannot be reached */
};
/* WAIT_S: with SHARED_TAKEN, seconds until it may be due again. */
typedef void	(*shared_claim_cb)(void *arg, enum shared_claim, long wait_s);
/* Another instance's write copied into the replica: SOURCE's TABLE. */
typedef void	(*shared_changed_cb)(void *arg, const char *source,
		    enum store_table);

/*
 * Connects (in the background) to CONNINFO with leases of LEASE_S
 * seconds, STORE as the replica.  Returns NULL with *cause set when
 * CONNINFO cannot be read or the replica cannot track its writes.
 */
struct shared	*shared_new(struct event_base *, const char *conninfo,
		    int lease_s, struct store *, shared_changed_cb, void *arg,
		    char **cause);
void		 shared_free(struct shared *);
/*
 * Asks for SOURCE's lease; CB is called once, later, unless
 * shared_forget(ARG) comes first.  A claimed source's replica is brought
 * up to date with the shared database before CB is told.
 */
void		 shared_claim(struct shared *, const char *source,
		    shared_claim_cb cb, void *arg);
void		 shared_forget(struct shared *, void *arg);
/* SOURCE's poll is over: its state, pushed soon, gives the lease back. */
void		 shared_release(struct shared *, const char *source);
/* Something was written to the replica: send it soon. */
void		 shared_kick(struct shared *);

struct shared_status {
	const char	*ss_status;	/* "ok", "connecting", "failing" */
	const char	*ss_error;	/* the last error, or NULL */
	const char	*ss_instance;	/* the name its leases carry */
	const char	*ss_database;	/* "DB on HOST", never a password */
	long long	 ss_rev;	/* the last change copied */
	long		 ss_leases;	/* sources polled here now */
	long		 ss_unpushed;	/* rows written here, not yet shared */
	unsigned long	 ss_claims, ss_claimed, ss_pushes, ss_pulls;
};
void		 shared_status(struct shared *, struct shared_status *);

#endif
