/* metrics.h: the counters behind /metrics (exposition.h writes them out). */
#ifndef PAGEFEED_METRICS_H
#define PAGEFEED_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct _xmlHashTable;

/* Upper bounds (seconds) of the fetch duration histogram; +Inf follows. */
#define METRICS_FETCH_BUCKETS \
	{ 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60 }
#define METRICS_NFETCH_BUCKETS	10
/* Distinct poll results kept; later new words count as "other". */
#define METRICS_MAX_RESULTS	8
#define METRICS_RESULT_LEN	32	/* longest result word + 1 */
/* Results shown for every source even at 0, so that rate() works. */
#define METRICS_NFIXED_RESULTS	4
#define METRICS_HTTP_MIN	100
#define METRICS_HTTP_MAX	599

/* How an item's own page (follow) went. */
enum metrics_page {
	METRICS_PAGE_OK,		/* read */
	METRICS_PAGE_NO_ARTICLE,	/* read, but no article body in it */
	METRICS_PAGE_FAILED,		/* the fetch or the parse failed */
	METRICS_NPAGE
};
#define METRICS_PAGE_NAMES	{ "ok", "no_article", "failed" }

/* Read by the exposition; written only here. */
struct metrics_source {
	uint64_t		 ms_polls[METRICS_MAX_RESULTS];
	uint64_t		 ms_items_new;
	uint64_t		 ms_pages[METRICS_NPAGE];	/* item pages */
	unsigned		 ms_mark;	/* render pass that showed it */
};

struct metrics {
	struct _xmlHashTable	*m_sources;	/* name: metrics_source */
	char			 m_results[METRICS_MAX_RESULTS]
				    [METRICS_RESULT_LEN];
	size_t			 m_nresults;
	uint64_t		 m_fetch_buckets[METRICS_NFETCH_BUCKETS + 1];
	double			 m_fetch_sum;
	uint64_t		 m_fetch_count;
	uint64_t		 m_http[METRICS_HTTP_MAX - METRICS_HTTP_MIN + 1];
	unsigned		 m_mark;
};

struct metrics	*metrics_new(void);
void		 metrics_free(struct metrics *);
/*
 * Counts one finished poll of SOURCE.  RESULT is a short word: "ok",
 * "not_modified", "unchanged", "error" (others are kept, up to
 * METRICS_MAX_RESULTS; a word not made of [a-z0-9_] counts as "other").
 * FETCH_SECONDS < 0 means no transfer was timed: the histogram skips it.
 * With M NULL (no metrics kept), metrics_poll and metrics_http do nothing.
 */
void		 metrics_poll(struct metrics *, const char *source,
		    const char *result, double fetch_seconds, int items_new);
/* Counts one item page of SOURCE read (follow) by how it went. */
void		 metrics_item_page(struct metrics *, const char *source,
		    enum metrics_page);
/* Counts one HTTP answer; codes outside 100..599 are ignored. */
void		 metrics_http(struct metrics *, int code);
/* SOURCE's counters, or NULL when it has none yet. */
struct metrics_source *metrics_find(struct metrics *, const char *source);

#endif
