/*
 * bench/changes.c: what a mode = changes poll costs.  On the embassy page
 * (its two snapshots, the counters taken out by ignore_text) and on a made
 * page of 1 MB of text (8,000 paragraphs; the second version with 80 of
 * them edited and 20 added, or every paragraph rewritten), it times the
 * steps of a poll as source_watch runs them: the page's bare parse for
 * scale, the watched text read (changes_read: parse, ignore, the walk),
 * the verdict (changes_judge: ignore_text on both texts, the diff, its
 * HTML through the sanitiser), and the new version kept with its item in
 * a store on disk (store_version_add, synchronous=FULL: the disk's figure
 * more than ours).  Each time is the best of RUNS on the process's CPU
 * clock (the store's on the wall clock).  Figures only: nothing is
 * asserted (`make bench-changes`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "buf.h"
#include "changes.h"
#include "config.h"
#include "extract.h"
#include "item.h"
#include "log.h"
#include "store.h"
#include "../testlib.h"
#include "util.h"

#define RUNS		10
#define PARAGRAPHS	8000
#define NOW		1542450000
#define MB		(1024.0 * 1024.0)

static const char bench_conf[] =
    "[server]\n"
    "state_dir = /nonexistent/pagefeed-bench\n"
    "max_page_size = 16M\n"
    "\n"
    "[source embassy]\n"
    "url = https://www.rusemb.org.uk/\n"
    "mode = changes\n"
    "ignore_text = [0-9]+ days? (have )?passed\n"
    "ignore_text = [0-9]{1,2}:[0-9]{2}\n"
    "\n"
    "[source big]\n"
    "url = https://example.org/minutes\n"
    "mode = changes\n"
    "ignore = div.ad\n"
    "ignore_text = [0-9]+ visitors\n"
    "ignore_text = updated [0-9]{1,2}:[0-9]{2}\n";

static double
cpu_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ((double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6);
}

static double
wall_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6);
}

/* A page of PARAGRAPHS paragraphs; VERSION 1 edits and adds some, 2 all. */
static char *
make_page(int version, size_t *len)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, 64 * 1024 * 1024);
	buf_printf(&b, "<!DOCTYPE html><html><head><title>Minutes</title>"
	    "</head><body><header><nav><a href=/>Home</a></nav></header>"
	    "<div class=ad>%d visitors</div><main><p>updated 1%d:00</p>\n",
	    1000 + version, version);
	for (i = 0; i < PARAGRAPHS; i++) {
		if (version == 1 && i % 400 == 7)
			buf_printf(&b, "<p>Added item %zu: the council "
			    "adopted a new rule on the matter.</p>\n", i);
		buf_printf(&b, "<p>Item %zu%s: the minutes of the meeting "
		    "record that the members discussed point %zu of the "
		    "agenda at length%s.</p>\n", i, version == 2 ?
		    " (revised)" : "", i * 7 % 1000, version == 1 &&
		    i % 100 == 3 ? ", and voted" : "");
	}
	buf_addstr(&b, "</main><footer>Contact</footer></body></html>\n");
	return (buf_take(&b, len));
}

static const char *
row_name(const char *page, const char *step)
{
	static char	 name[96];

	snprintf(name, sizeof(name), "%s: %s", page, step);
	return (name);
}

static void
row(const char *name, size_t bytes, double ms)
{
	printf("%-46s %9.2f ms %8.1f MB/s\n", name, ms, ms > 0 ?
	    (double)bytes / MB / (ms / 1e3) : 0.0);
}

/* The best time of reading BODY's watched text; its text into *TEXT. */
static double
time_read(const struct source_conf *sc, const char *body, size_t len,
    char **text, size_t *nlines)
{
	struct extraction	 ex;
	struct changes_text	 ct;
	char			*cause = NULL;
	double			 best = 1e12, t;
	int			 i;

	*text = NULL;
	for (i = 0; i < RUNS; i++) {
		t = cpu_ms();
		if (changes_read(sc, body, len, sc->sc_url, "text/html", &ex,
		    &ct, &cause) == -1) {
			fprintf(stderr, "changes_read: %s\n", cause);
			exit(1);
		}
		t = cpu_ms() - t;
		best = t < best ? t : best;
		extraction_free(&ex);
		free(*text);
		*text = ct.ct_text;
		*nlines = ct.ct_nlines;
	}
	return (best);
}

static double
time_parse(const struct source_conf *sc, const char *body, size_t len)
{
	struct extract_doc	 ed;
	char			*cause = NULL;
	double			 best = 1e12, t;
	int			 i;

	for (i = 0; i < RUNS; i++) {
		t = cpu_ms();
		if (extract_doc_open(sc, body, len, sc->sc_url, "text/html",
		    NULL, &ed, &cause) == 0)
			extract_doc_close(&ed);
		t = cpu_ms() - t;
		best = t < best ? t : best;
		free(cause);
		cause = NULL;
	}
	return (best);
}

/* The best time of the verdict on OLD → NEW; the last result kept. */
static double
time_judge(const struct source_conf *sc, const char *old, const char *new,
    struct changes_result *cr)
{
	struct changes_poll	 cp;
	char			 oh[CHANGES_HASH_LEN], nh[CHANGES_HASH_LEN];
	char			*cause = NULL;
	double			 best = 1e12, t;
	int			 i;

	changes_hash(old, oh);
	changes_hash(new, nh);
	memset(&cp, 0, sizeof(cp));
	cp.cp_conf = sc;
	cp.cp_now = NOW;
	cp.cp_old = old;
	cp.cp_old_hash = oh;
	cp.cp_new = new;
	cp.cp_new_hash = nh;
	memset(cr, 0, sizeof(*cr));
	for (i = 0; i < RUNS; i++) {
		changes_result_free(cr);
		t = cpu_ms();
		if (changes_judge(&cp, cr, &cause) == -1) {
			fprintf(stderr, "changes_judge: %s\n", cause);
			exit(1);
		}
		t = cpu_ms() - t;
		best = t < best ? t : best;
	}
	return (best);
}

/* The best wall time of keeping TEXT and IT as a version, on disk. */
static double
time_store(struct store *st, const char *name, const char *text,
    const struct item *it)
{
	struct store_version	 sv;
	struct item		 copy = *it;
	char			 hash[CHANGES_HASH_LEN], guid[64];
	char			*cause = NULL;
	double			 best = 1e12, t;
	int			 i, nnew;

	changes_hash(text, hash);
	sv.sv_text = (char *)text;
	sv.sv_hash = hash;
	sv.sv_settings = "0000000000000000";
	for (i = 0; i < RUNS; i++) {
		snprintf(guid, sizeof(guid), "urn:x-bench:%s:%d", name, i);
		copy.it_guid = guid;
		sv.sv_seen = NOW + i;
		t = wall_ms();
		if (store_version_add(st, name, &sv, 10, &copy, NOW + i, &nnew,
		    &cause) == -1) {
			fprintf(stderr, "store_version_add: %s\n", cause);
			exit(1);
		}
		t = wall_ms() - t;
		best = t < best ? t : best;
	}
	return (best);
}

/* One page's poll, step by step, OLD → NEW. */
static void
bench(const char *page, const struct source_conf *sc, struct store *st,
    const char *b1, size_t l1, const char *b2, size_t l2)
{
	struct changes_result	 cr;
	char			*t1, *t2, what[64];
	size_t			 n1, n2;
	double			 parse, read, judge, keep;

	parse = time_parse(sc, b2, l2);
	time_read(sc, b1, l1, &t1, &n1);
	read = time_read(sc, b2, l2, &t2, &n2);
	judge = time_judge(sc, t1, t2, &cr);
	keep = time_store(st, page, t2, &cr.cr_item);
	printf("%s: %zu bytes, %zu lines (%zu KB) of watched text; %s\n", page,
	    l2, n2, strlen(t2) / 1024, cr.cr_what);
	row(row_name(page, "parse alone"), l2, parse);
	row(row_name(page, "watched text read"), l2, read);
	snprintf(what, sizeof(what), "judged (%zu KB of diff HTML)",
	    cr.cr_item.it_content ? strlen(cr.cr_item.it_content) / 1024 : 0);
	row(row_name(page, what), l2, judge);
	row(row_name(page, "poll: read + judged"), l2, read + judge);
	printf("%-46s %9.2f ms  (wall clock, synchronous=FULL)\n",
	    row_name(page, "version and item kept"), keep);
	changes_result_free(&cr);
	free(t1);
	free(t2);
}

int
main(void)
{
	struct config	*cf;
	struct store	*st;
	char		*errors = NULL, *e1, *e2, *p1, *p2, *p3;
	size_t		 le1, le2, lp1, lp2, lp3;

	log_init(LOG_LVL_ERROR);
	xmlInitParser();
	cf = config_load_text("bench.conf", bench_conf, &errors);
	if (cf == NULL) {
		fprintf(stderr, "%s\n", errors);
		return (1);
	}
	if ((st = store_open(testlib_tmpdir("bench-changes"), &errors)) ==
	    NULL) {
		fprintf(stderr, "%s\n", errors);
		return (1);
	}
	e1 = testlib_read("fixtures/embassy/index.html", &le1);
	e2 = testlib_read("fixtures/embassy/index-2.html", &le2);
	if (e1 == NULL || e2 == NULL)
		return (1);
	p1 = make_page(0, &lp1);
	p2 = make_page(1, &lp2);
	p3 = make_page(2, &lp3);
	printf("best of %d runs, CPU time\n", RUNS);
	bench("embassy", &cf->cf_sources[0], st, e1, le1, e2, le2);
	bench("1 MB, 100 edits", &cf->cf_sources[1], st, p1, lp1, p2, lp2);
	bench("1 MB, rewritten", &cf->cf_sources[1], st, p1, lp1, p3, lp3);
	free_all(e1, e2, p1, p2, p3);
	store_close(st);
	config_free(cf);
	testlib_cleanup();
	return (0);
}
