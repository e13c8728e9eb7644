/*
 * bench/detect.c: what automatic detection costs beside parsing the same
 * page.  For every page of the real corpus (tests/fixtures/real) and for a
 * made 5 MB page of 20,000 repeated blocks, prints the time of a plain
 * parse (libxml2's HTML parser, as the daemon calls it) and of detection
 * on the parsed tree, each the best of several runs, and their ratio.
 * Figures only: nothing is asserted (`make bench-detect`).  With
 * arguments, only the corpus pages so named (for a profiler).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>

#include "buf.h"
#include "detect.h"
#include "item.h"
#include "../testlib.h"
#include "util.h"

#define RUNS	5

static double
seconds(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

static htmlDocPtr
parse(const char *body, size_t len)
{
	return (htmlReadMemory(body, (int)len, "https://bench.test/", NULL,
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_RECOVER | HTML_PARSE_COMPACT));
}

/* Best-of-RUNS parse and detection times of BODY; returns the items. */
static size_t
measure(const char *body, size_t len, double *tparse, double *tdetect)
{
	struct extraction	 ex;
	htmlDocPtr		 doc;
	char			*how;
	double			 t0, t1, t2;
	size_t			 n = 0;
	int			 i;

	*tparse = *tdetect = 1e9;
	for (i = 0; i < RUNS; i++) {
		memset(&ex, 0, sizeof(ex));
		how = NULL;
		t0 = seconds();
		doc = parse(body, len);
		t1 = seconds();
		n = detect_items(doc, "https://bench.test/", NULL, &ex, &how);
		t2 = seconds();
		if (t1 - t0 < *tparse)
			*tparse = t1 - t0;
		if (t2 - t1 < *tdetect)
			*tdetect = t2 - t1;
		free(how);
		extraction_free(&ex);
		xmlFreeDoc(doc);
	}
	return (n);
}

static void
row(const char *name, size_t len, size_t n, double tp, double td)
{
	printf("%-40s %9zu %6zu %9.2f %9.2f %7.0f%%\n", name, len, n,
	    tp * 1e3, td * 1e3, tp > 0 ? 100 * td / tp : 0);
}

/* 20,000 news cards, about 5 MB. */
static char *
big_page(size_t *len)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, 16 * 1024 * 1024);
	buf_addstr(&b, "<!doctype html><html><head><title>big</title></head>"
	    "<body><nav><a href=\"/\">Home</a> <a href=\"/about\">About</a>"
	    "</nav><main><div class=\"grid\">\n");
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "<div class=\"card\"><h3><a href=\"/n/%zu\">"
		    "Council approves the new cycling lanes, part %zu</a></h3>"
		    "<span class=\"date\">%02zu.%02zu.2019</span><p>The "
		    "decision follows a year of consultation with residents "
		    "and shop owners along the route; work starts in spring."
		    "</p><a class=\"more\" href=\"/n/%zu\">Read more</a></div>\n",
		    i, i, i % 28 + 1, i % 12 + 1, i);
	buf_addstr(&b, "</div></main><footer>(c)</footer></body></html>");
	return (buf_take(&b, len));
}

/* 1 if NAME is to be measured: every page without arguments. */
static int
wanted(const char *name, int argc, char **argv)
{
	int	 i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return (1);
	return (argc < 2);
}

int
main(int argc, char **argv)
{
	char		*dir, *path, *body;
	const char	*slash;
	DIR		*d;
	struct dirent	*de;
	size_t		 len, n, l, nbig = 0;
	double		 tp, td, sum_p = 0, sum_d = 0;

	printf("%-40s %9s %6s %9s %9s %8s\n", "page", "bytes", "items",
	    "parse ms", "detect ms", "detect/parse");
	xasprintf(&dir, "%s/fixtures/real", testlib_srcdir());
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			l = strlen(de->d_name);
			if (l < 6 || strcmp(de->d_name + l - 5, ".html") != 0 ||
			    !wanted(de->d_name, argc, argv))
				continue;
			xasprintf(&path, "fixtures/real/%s", de->d_name);
			if ((body = testlib_read(path, &len)) != NULL) {
				n = measure(body, len, &tp, &td);
				slash = strrchr(path, '/');
				row(slash + 1, len, n, tp, td);
				/* The pages near 100 KB, summed. */
				if (len >= 50 * 1024 && len <= 200 * 1024) {
					sum_p += tp;
					sum_d += td;
					nbig++;
				}
				free(body);
			}
			free(path);
		}
		closedir(d);
	}
	free(dir);
	if (nbig > 0)
		printf("pages of 50-200 KB (%zu): detection adds %.0f%% to the "
		    "parse\n", nbig, 100 * sum_d / sum_p);
	if (argc > 1)
		return (0);
	body = big_page(&len);
	n = measure(body, len, &tp, &td);
	row("made: 20,000 cards", len, n, tp, td);
	printf("5 MB page of 20,000 blocks: parse %.3f s, detection %.3f s\n",
	    tp, td);
	free(body);
	return (0);
}
