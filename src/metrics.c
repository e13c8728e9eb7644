/*
 * metrics.c: the counters behind /metrics (polls, new items, fetch times,
 * HTTP codes; per source in libxml2's xmlHash).  Below the sources that
 * count into them; the exposition (exposition.c) reads them from above.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

#include "log.h"
#include "metrics.h"
#include "util.h"

static const char *const metrics_fixed_results[] = {
	"ok", "not_modified", "unchanged", "error", "other",
};
#define METRICS_RESULT_OTHER	4

static const double metrics_fetch_bounds[METRICS_NFETCH_BUCKETS] =
    METRICS_FETCH_BUCKETS;

struct metrics *
metrics_new(void)
{
	struct metrics	*m = xcalloc(1, sizeof(*m));
	size_t		 i;

	if ((m->m_sources = xmlHashCreate(64)) == NULL)
		fatalx("xmlHashCreate");
	for (i = 0; i < sizeof(metrics_fixed_results) /
	    sizeof(metrics_fixed_results[0]); i++)
		strlcpy_pf(m->m_results[i], metrics_fixed_results[i],
		    METRICS_RESULT_LEN);
	m->m_nresults = i;
	return (m);
}

static void
metrics_source_free(void *payload, const xmlChar *name)
{
	(void)name;
	free(payload);
}

void
metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	xmlHashFree(m->m_sources, metrics_source_free);
	free(m);
}

struct metrics_source *
metrics_find(struct metrics *m, const char *name)
{
	return (xmlHashLookup(m->m_sources, (const xmlChar *)name));
}

static struct metrics_source *
metrics_get(struct metrics *m, const char *name)
{
	struct metrics_source	*ms;

	if ((ms = metrics_find(m, name)) != NULL)
		return (ms);
	ms = xcalloc(1, sizeof(*ms));
	if (xmlHashAddEntry(m->m_sources, (const xmlChar *)name, ms) != 0)
		fatalx("xmlHashAddEntry");
	return (ms);
}

/* The slot of RESULT: known, newly kept, or "other". */
static size_t
metrics_result(struct metrics *m, const char *result)
{
	size_t	 i, len = result != NULL ? strlen(result) : 0;

	if (len == 0 || len >= METRICS_RESULT_LEN ||
	    strspn(result, "abcdefghijklmnopqrstuvwxyz0123456789_") != len)
		return (METRICS_RESULT_OTHER);
	for (i = 0; i < m->m_nresults; i++)
		if (strcmp(m->m_results[i], result) == 0)
			return (i);
	if (m->m_nresults == METRICS_MAX_RESULTS)
		return (METRICS_RESULT_OTHER);
	strlcpy_pf(m->m_results[i], result, METRICS_RESULT_LEN);
	return (m->m_nresults++);
}

void
metrics_item_page(struct metrics *m, const char *source,
    enum metrics_page how)
{
	if (m != NULL && how < METRICS_NPAGE)
		metrics_get(m, source)->ms_pages[how]++;
}

void
metrics_poll(struct metrics *m, const char *source, const char *result,
    double fetch_seconds, int items_new)
{
	struct metrics_source	*ms;
	size_t			 i;

	if (m == NULL)
		return;
	ms = metrics_get(m, source);
	ms->ms_polls[metrics_result(m, result)]++;
	if (items_new > 0)
		ms->ms_items_new += (uint64_t)items_new;
	/* Also refuses NaN. */
	if (!(fetch_seconds >= 0) || !isfinite(fetch_seconds))
		return;
	for (i = 0; i < METRICS_NFETCH_BUCKETS; i++)
		if (fetch_seconds <= metrics_fetch_bounds[i])
			break;
	m->m_fetch_buckets[i]++;
	m->m_fetch_sum += fetch_seconds;
	m->m_fetch_count++;
}

void
metrics_http(struct metrics *m, int code)
{
	if (m != NULL && code >= METRICS_HTTP_MIN && code <= METRICS_HTTP_MAX)
		m->m_http[code - METRICS_HTTP_MIN]++;
}

