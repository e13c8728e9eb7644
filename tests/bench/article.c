/*
 * bench/article.c: what article extraction costs beside parsing the same
 * page.  For every page of the article corpus (tests/fixtures/article) and
 * a made 5 MB page, prints the time of a plain parse (libxml2's HTML
 * parser, as the daemon calls it) and of article_extract on the parsed
 * tree, each the best of several runs, and their ratio; then the whole
 * corpus's pages per second, parse included, which article.py sets beside
 * Readability.js's.  Figures only: nothing is asserted.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>

#include "article.h"
#include "buf.h"
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
	return (htmlReadMemory(body, (int)len, "https://bench.test/", "utf-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_RECOVER | HTML_PARSE_COMPACT));
}

/* Best-of-RUNS parse and extraction times of BODY; returns the text's
 * characters. */
static size_t
measure(const char *body, size_t len, double *tparse, double *textract)
{
	struct article	 ar;
	htmlDocPtr	 doc;
	double		 t0, t1, t2;
	size_t		 n = 0;
	int		 i;

	*tparse = *textract = 1e9;
	for (i = 0; i < RUNS; i++) {
		t0 = seconds();
		doc = parse(body, len);
		t1 = seconds();
		article_extract(doc, "https://bench.test/a/1", NULL, &ar);
		t2 = seconds();
		n = ar.ar_text_len;
		article_free(&ar);
		xmlFreeDoc(doc);
		if (t1 - t0 < *tparse)
			*tparse = t1 - t0;
		if (t2 - t1 < *textract)
			*textract = t2 - t1;
	}
	return (n);
}

static void
row(const char *name, size_t len, size_t n, double tp, double te)
{
	printf("%-40s %9zu %7zu %9.2f %9.2f %7.0f%%\n", name, len, n,
	    tp * 1e3, te * 1e3, tp > 0 ? 100 * te / tp : 0);
}

/* An article of 5 MB: 6,000 paragraphs between page furniture. */
static char *
big_page(size_t *len)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, 16 * 1024 * 1024);
	buf_addstr(&b, "<!doctype html><html><head><title>big</title></head>"
	    "<body><nav><a href=\"/\">Home</a></nav><article><h1>Big</h1>\n");
	for (i = 0; i < 6000; i++)
		buf_printf(&b, "<p>Paragraph %zu of a very long report, with "
		    "commas, figures and words: the council approved the new "
		    "cycling lanes after a year of consultation with residents "
		    "and shop owners along the route, and work starts in "
		    "spring; <a href=\"/n/%zu\">a link</a> and more of the "
		    "same text to make it long enough, about seven hundred "
		    "bytes a paragraph, as real reports have them. Lorem "
		    "ipsum dolor sit amet, consectetur adipiscing elit, sed do "
		    "eiusmod tempor incididunt ut labore et dolore magna "
		    "aliqua. Ut enim ad minim veniam, quis nostrud exercitation "
		    "ullamco laboris nisi ut aliquip ex ea commodo consequat."
		    "</p>\n", i, i);
	buf_addstr(&b, "</article><footer>(c)</footer></body></html>");
	return (buf_take(&b, len));
}

int
main(void)
{
	char		*dir, *path, *body;
	DIR		*d;
	struct dirent	*de;
	size_t		 len, n, l, npages = 0;
	double		 tp, te, sum_p = 0, sum_e = 0;

	printf("%-40s %9s %7s %9s %9s %8s\n", "page", "bytes", "chars",
	    "parse ms", "article ms", "article/parse");
	xasprintf(&dir, "%s/fixtures/article", testlib_srcdir());
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			l = strlen(de->d_name);
			if (l < 6 || strcmp(de->d_name + l - 5, ".html") != 0)
				continue;
			xasprintf(&path, "fixtures/article/%s", de->d_name);
			if ((body = testlib_read(path, &len)) != NULL) {
				n = measure(body, len, &tp, &te);
				row(de->d_name, len, n, tp, te);
				sum_p += tp;
				sum_e += te;
				npages++;
				free(body);
			}
			free(path);
		}
		closedir(d);
	}
	free(dir);
	if (npages > 0) {
		printf("corpus (%zu pages): extraction adds %.0f%% to the "
		    "parse\n", npages, 100 * sum_e / sum_p);
		printf("corpus pages per second, parse and extraction: %.1f\n",
		    (double)npages / (sum_p + sum_e));
	}
	body = big_page(&len);
	n = measure(body, len, &tp, &te);
	row("(made) 5 MB article, 6,000 paragraphs", len, n, tp, te);
	free(body);
	return (0);
}
