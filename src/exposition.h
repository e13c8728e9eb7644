/* exposition.h: /metrics, the Prometheus text exposition. */
#ifndef PAGEFEED_EXPOSITION_H
#define PAGEFEED_EXPOSITION_H

#include "buf.h"

struct app;
struct metrics;

/*
 * Appends the text exposition (format 0.0.4) to B: the counters, gauges read
 * from APP's sources, and process figures.  Returns 0, or -1 when B's cap
 * was reached (B then holds a cut document: answer 500).
 */
int		 metrics_render(struct metrics *, struct app *, struct buf *b);

#define METRICS_CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"

#endif
