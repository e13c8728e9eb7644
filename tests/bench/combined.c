/*
 * bench/combined.c: what rendering a combined feed ([feed NAME]) costs
 * beside a single source's.  A store on disk gets 100 sources of 50 items
 * each; then, best of RUNS on the process's CPU clock, it times one
 * source's feed (50 items) rendered in the three formats, and a feed of
 * the 100 sources (every item read, ordered newest first, the newest 50
 * and then all 5,000 kept) in the same formats.  Figures only: nothing is
 * asserted (`make bench-combined`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "cache.h"
#include "feed.h"
#include "item.h"
#include "log.h"
#include "render.h"
#include "store.h"
#include "../testlib.h"
#include "util.h"

#define RUNS		10
#define SOURCES		100
#define ITEMS		50
#define NOW		1765000000

static double
cpu_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ((double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6);
}

/* SOURCES sources of ITEMS items, each source's a minute apart. */
static void
fill(struct store *st, char names[SOURCES][16])
{
	struct item	 it[ITEMS];
	char		*cause = NULL;
	int		 s, i, nnew, nupd;

	for (s = 0; s < SOURCES; s++) {
		snprintf(names[s], sizeof(names[s]), "src-%03d", s);
		memset(it, 0, sizeof(it));
		for (i = 0; i < ITEMS; i++) {
			xasprintf(&it[i].it_link, "https://s%d.example/n/%d",
			    s, i);
			it[i].it_guid = xstrdup(it[i].it_link);
			xasprintf(&it[i].it_title, "Source %d, story %d: a "
			    "title of ordinary length", s, i);
			xasprintf(&it[i].it_summary, "The summary of story %d "
			    "of source %d, a sentence or two as pages give "
			    "them under a headline.", i, s);
			it[i].it_date = NOW - (time_t)i * 3600 - s * 60;
		}
		if (store_merge_items(st, names[s], it, ITEMS, NOW, 0, &nnew,
		    &nupd, &cause) == -1) {
			fprintf(stderr, "store: %s\n", cause);
			exit(1);
		}
		for (i = 0; i < ITEMS; i++)
			item_free(&it[i]);
	}
}

static double
time_single(struct render_job *rj)
{
	double	 best = 0, t;
	int	 r;

	for (r = 0; r < RUNS; r++) {
		t = cpu_ms();
		render_feeds(rj, (1U << FEED_NFORMATS) - 1);
		t = cpu_ms() - t;
		if (r == 0 || t < best)
			best = t;
	}
	return (best);
}

static double
time_combined(struct render_job *rj, struct render_member *m)
{
	double	 best = 0, t;
	int	 r;

	for (r = 0; r < RUNS; r++) {
		t = cpu_ms();
		render_combined(rj, m, SOURCES, (1U << FEED_NFORMATS) - 1);
		t = cpu_ms() - t;
		if (r == 0 || t < best)
			best = t;
	}
	return (best);
}

int
main(void)
{
	static char		 names[SOURCES][16];
	struct render_member	 m[SOURCES];
	struct feed_source	 fs[SOURCES];
	struct cache_slot	 slots[FEED_NFORMATS];
	struct cache		 cache;
	struct render_job	 rj;
	struct store		*st;
	char			*cause = NULL;
	double			 one, all50, all5000;
	int			 s;

	log_init(LOG_LVL_ERROR);
	xmlInitParser();
	if ((st = store_open(testlib_tmpdir("bench-combined"), &cause)) ==
	    NULL) {
		fprintf(stderr, "store: %s\n", cause);
		return (1);
	}
	fill(st, names);
	cache_init(&cache, 256 * 1024 * 1024);
	memset(slots, 0, sizeof(slots));
	memset(&rj, 0, sizeof(rj));
	rj.rj_store = st;
	rj.rj_cache = &cache;
	rj.rj_slots = slots;
	rj.rj_base_url = "http://127.0.0.1:8080/";
	rj.rj_max_items = ITEMS;
	rj.rj_meta.fm_name = names[0];
	rj.rj_meta.fm_title = "One source";
	rj.rj_meta.fm_page_url = "https://s0.example/";
	rj.rj_meta.fm_ttl = 30;
	one = time_single(&rj);
	for (s = 0; s < SOURCES; s++) {
		fs[s].fs_name = names[s];
		fs[s].fs_title = names[s];
		fs[s].fs_page_url = "https://example.org/";
		fs[s].fs_feed_url = "http://127.0.0.1:8080/feeds/x";
		m[s].rm_name = names[s];
		m[s].rm_filter = NULL;
		m[s].rm_max_items = ITEMS;
		m[s].rm_source = &fs[s];
	}
	rj.rj_meta.fm_name = "all";
	rj.rj_meta.fm_title = "All of them";
	all50 = time_combined(&rj, m);
	rj.rj_max_items = SOURCES * ITEMS;
	all5000 = time_combined(&rj, m);
	printf("rendering Atom + RSS + JSON Feed, best of %d, CPU ms\n", RUNS);
	printf("%-44s %9s %9s\n", "feed", "ms", "x single");
	printf("%-44s %9.2f %9.1f\n", "one source, 50 items", one, 1.0);
	printf("%-44s %9.2f %9.1f\n", "100 sources x 50 items, newest 50 kept",
	    all50, all50 / one);
	printf("%-44s %9.2f %9.1f\n", "100 sources x 50 items, all 5000 kept",
	    all5000, all5000 / one);
	for (s = 0; s < FEED_NFORMATS; s++)
		cache_drop(&cache, &slots[s]);
	store_close(st);
	testlib_cleanup();
	return (0);
}
