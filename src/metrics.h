/* metrics.h: counters for /metrics, and the Prometheus text exposition. */
#ifndef PAGEFEED_METRICS_H
#define PAGEFEED_METRICS_H

#include "buf.h"

struct app;
struct metrics;

/* Upper bounds (seconds) of the fetch duration histogram; +Inf follows. */
#define METRICS_FETCH_BUCKETS \
	{ 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60 }
#define METRICS_NFETCH_BUCKETS	10
/* Distinct poll results kept; later new words count as "other". */
#define METRICS_MAX_RESULTS	8

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
/* Counts one HTTP answer; codes outside 100..599 are ignored. */
void		 metrics_http(struct metrics *, int code);
/*
 * Appends the text exposition (format 0.0.4) to B: the counters, gauges read
 * from APP's sources, and process figures.  Returns 0, or -1 when B's cap
 * was reached (B then holds a cut document: answer 500).
 */
int		 metrics_render(struct metrics *, struct app *, struct buf *b);

#define METRICS_CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"

#endif
