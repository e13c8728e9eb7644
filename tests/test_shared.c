/*
 * test_shared: the shared store's rules, driven through shared.c and two
 * replicas on one real PostgreSQL database: leases (one claim of two
 * wins), a merge reaching the other replica, the earlier first_seen when
 * two replicas stored one item, a lease given back by the poll's state.
 * The database is PAGEFEED_TEST_PG (a libpq connection string to an
 * empty database), which tests/pgstore.test sets after starting a server;
 * without it the program says so and skips.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "item.h"
#include "log.h"
#include "shared.h"
#include "store.h"
#include "tap.h"
#include "testlib.h"
#include "util.h"

#define WAIT_MS	15000

struct replica {
	const char	*r_name;
	struct store	*r_store;
	struct shared	*r_shared;
	int		 r_copied;	/* items of a source copied in */
	int		 r_verdict;	/* the last claim's, or -1 */
	long		 r_wait;
};

static struct event_base	*base;

static void
changed(void *arg, const char *source, enum store_table t)
{
	struct replica	*r = arg;

	(void)source;
	if (t == STORE_ITEMS)
		r->r_copied++;
}

static void
claimed(void *arg, enum shared_claim verdict, long wait_s)
{
	struct replica	*r = arg;

	r->r_verdict = (int)verdict;
	r->r_wait = wait_s;
}

/* Runs the loop until COND(ARG) or WAIT_MS; returns COND's last answer. */
static int
run_until(int (*cond)(void *), void *arg)
{
	struct timeval	 tick = { 0, 20000 };
	int		 i;

	for (i = 0; i < WAIT_MS / 20; i++) {
		if (cond(arg))
			return (1);
		event_base_loopexit(base, &tick);
		event_base_dispatch(base);
	}
	return (cond(arg));
}

static int
both_ok(void *arg)
{
	struct replica		*r = arg;
	struct shared_status	 a, b;

	shared_status(r[0].r_shared, &a);
	shared_status(r[1].r_shared, &b);
	return (strcmp(a.ss_status, "ok") == 0 &&
	    strcmp(b.ss_status, "ok") == 0);
}

static int
both_answered(void *arg)
{
	struct replica	*r = arg;

	return (r[0].r_verdict != -1 && r[1].r_verdict != -1);
}

static int
copied(void *arg)
{
	return (((struct replica *)arg)->r_copied > 0);
}

static int
all_pushed(void *arg)
{
	struct replica		*r = arg;
	struct shared_status	 a, b;

	shared_status(r[0].r_shared, &a);
	shared_status(r[1].r_shared, &b);
	return (a.ss_unpushed == 0 && b.ss_unpushed == 0);
}

/* SOURCE's item GUID in R: its first_seen, or -1. */
static long long
first_seen(struct replica *r, const char *source, const char *guid)
{
	struct stored_item	*v = NULL;
	size_t			 n = 0, i;
	long long		 t = -1;

	if (store_items(r->r_store, source, 100, &v, &n, NULL) == -1)
		return (-1);
	for (i = 0; i < n; i++)
		if (strcmp(v[i].si_guid, guid) == 0)
			t = (long long)v[i].si_first_seen;
	store_items_free(v, n);
	return (t);
}

static void
merge(struct replica *r, const char *source, const char *guid,
    const char *title, time_t now)
{
	struct item	 it;
	char		*cause = NULL;
	int		 nnew, nupd;

	memset(&it, 0, sizeof(it));
	it.it_guid = (char *)guid;
	it.it_title = (char *)title;
	if (store_merge_items(r->r_store, source, &it, 1, now, 0, &nnew, &nupd,
	    &cause) == -1) {
		printf("# merge: %s\n", cause);
		free(cause);
	}
	shared_kick(r->r_shared);
}

/* A poll's end: its state, begun NOW, due again in DUE seconds. */
static void
poll_state(struct replica *r, const char *source, time_t now, long due)
{
	struct source_state	 ss;
	char			*cause = NULL;

	memset(&ss, 0, sizeof(ss));
	ss.ss_last_poll = ss.ss_last_success = now;
	ss.ss_next_poll = now + due;
	if (store_state_put(r->r_store, source, &ss, &cause) == -1) {
		printf("# state: %s\n", cause);
		free(cause);
	}
	shared_release(r->r_shared, source);
	shared_kick(r->r_shared);
}

static void
claim_both(struct replica *r, const char *source)
{
	r[0].r_verdict = r[1].r_verdict = -1;
	shared_claim(r[0].r_shared, source, claimed, &r[0]);
	shared_claim(r[1].r_shared, source, claimed, &r[1]);
	run_until(both_answered, r);
}

static void
test_leases(struct replica *r)
{
	struct replica	*win, *other;
	time_t		 now = time(NULL);
	int		 wins;

	claim_both(r, "x");
	wins = (r[0].r_verdict == SHARED_CLAIMED) +
	    (r[1].r_verdict == SHARED_CLAIMED);
	tap_long(wins, 1, "leases: of two claims at once, one wins");
	tap_ok((r[0].r_verdict == SHARED_TAKEN) +
	    (r[1].r_verdict == SHARED_TAKEN) == 1,
	    "leases: the other is told the source is taken");
	/* The winner polls: its items and state reach the other. */
	win = r[0].r_verdict == SHARED_CLAIMED ? &r[0] : &r[1];
	other = win == &r[0] ? &r[1] : &r[0];
	other->r_copied = 0;
	merge(win, "x", "urn:x:1", "One", now);
	poll_state(win, "x", now, 60);
	tap_ok(run_until(copied, other), "merge: the other replica copies "
	    "the items");
	tap_long(first_seen(other, "x", "urn:x:1"), (long long)now,
	    "merge: with the first_seen the poll gave");
	run_until(all_pushed, r);
	claim_both(r, "x");
	tap_ok(r[0].r_verdict == SHARED_TAKEN && r[1].r_verdict ==
	    SHARED_TAKEN, "leases: not due yet, no one polls");
	tap_ok(r[0].r_wait > 30 && r[1].r_wait > 30,
	    "leases: both told when it is due");
	/* The poll's state gave the lease back: a state of a newer poll
	 * from the other replica, which holds no lease, now stands (due at
	 * once), and one of the two takes the source again. */
	poll_state(other, "x", now + 1, -10);
	run_until(all_pushed, r);
	claim_both(r, "x");
	tap_long((r[0].r_verdict == SHARED_CLAIMED) +
	    (r[1].r_verdict == SHARED_CLAIMED), 1,
	    "leases: given back by the poll's state, taken again when due");
}

static void
test_earlier_first_seen(struct replica *r)
{
	/* Both store one item before either hears of the other (a lease
	 * that ran out mid-poll): the earlier first_seen stands, on both
	 * replicas, whichever push comes first. */
	r[0].r_copied = r[1].r_copied = 0;
	merge(&r[0], "y", "urn:y:1", "Same", 2000000000);
	merge(&r[1], "y", "urn:y:1", "Same", 1900000000);
	tap_ok(run_until(all_pushed, r), "settle: both replicas pushed");
	tap_ok(run_until(copied, &r[0]), "settle: the later one copies the "
	    "settled row");
	tap_long(first_seen(&r[0], "y", "urn:y:1"), 1900000000,
	    "settle: the first replica has the earlier first_seen");
	tap_long(first_seen(&r[1], "y", "urn:y:1"), 1900000000,
	    "settle: so has the second");
}

int
main(void)
{
	struct replica	 r[2] = { { "a", NULL, NULL, 0, -1, 0 },
			    { "b", NULL, NULL, 0, -1, 0 } };
	const char	*pg = getenv("PAGEFEED_TEST_PG"), *tmp;
	char		*dir, *cause = NULL;
	int		 i;

	if (pg == NULL || *pg == '\0') {
		printf("1..0 # SKIP PAGEFEED_TEST_PG not set (tests/pgstore.test "
		    "runs this with a server)\n");
		return (0);
	}
	log_init(LOG_LVL_ERROR);
	base = event_base_new();
	tmp = testlib_tmpdir("shared");
	for (i = 0; i < 2; i++) {
		xasprintf(&dir, "%s/%s", tmp, r[i].r_name);
		if ((r[i].r_store = store_open(dir, &cause)) == NULL ||
		    (r[i].r_shared = shared_new(base, pg, 30, r[i].r_store,
		    changed, &r[i], &cause)) == NULL) {
			printf("Bail out! %s\n", cause);
			return (1);
		}
		free(dir);
	}
	if (!tap_ok(run_until(both_ok, r), "both replicas connect and set up"))
		return (tap_done());
	test_leases(r);
	test_earlier_first_seen(r);
	for (i = 0; i < 2; i++) {
		shared_free(r[i].r_shared);
		store_close(r[i].r_store);
	}
	event_base_free(base);
	testlib_cleanup();
	return (tap_done());
}
