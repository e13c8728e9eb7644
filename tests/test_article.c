/*
 * test_article.c: article extraction measured on real pages nobody here
 * wrote (tests/fixtures/article/NAME.html; NAME.txt the body's text, one
 * block per line, from a reference extraction checked by people; NAME.json
 * the page's address, charset and publication date written by reading the
 * page; see that folder's README).  Each page goes the daemon's way,
 * through extract_article with a source that has no selectors.
 *
 * Body text is scored as extraction benchmarks do: the words (runs of
 * letters and digits, lowercased) of each text made into shingles of four;
 * precision is the share of our shingles found in the truth (as a
 * multiset), recall the share of the truth's found in ours, F1 their
 * harmonic mean; each figure is averaged over the pages.  A date is right
 * when it falls on the page's day at the offset it was given in.
 * Prints per page and overall figures, the pages in fixtures/article/UNSEEN
 * (nobody read their results while tuning) apart too; fails only below the
 * floors, set from measured figures so that a regression shows.
 * Then tests/fixtures/article-snippets: pages with snippets people marked
 * as body ("with") and as not body ("without"), trafilatura's evaluation
 * data: precision is wanted found over all found, recall wanted found over
 * all wanted.
 * ARTICLE_PAGE=NAME runs one; ARTICLE_VERBOSE=1 prints the text found.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "article.h"
#include "buf.h"
#include "config.h"
#include "extract.h"
#include "json.h"
#include "sanitize.h"
#include "tap.h"
#include "testlib.h"
#include "text.h"
#include "util.h"

/* Floors under the measured overall figures (see README, "Articles"). */
#define FLOOR_F1	0.95	/* measured 0.972 (47 pages) */
#define FLOOR_DATES	0.93	/* measured 0.975 (39 of 40) */
#define FLOOR_SNIPPETS	0.92	/* measured 0.963 (69 pages) */

#define SHINGLE		4
#define MAX_PAGES	256

struct score {
	double	 s_p, s_r, s_f1;
	size_t	 s_pages;
	size_t	 s_dated, s_dated_right, s_date_extra;
};

/* 1 for a code point that is part of a word (as Python's \w, roughly). */
static int
word_char(uint32_t c)
{
	if (c < 0x80)
		return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '_');
	return (!(c <= 0xbf || (c >= 0x2000 && c <= 0x206f) ||
	    (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f) ||
	    (c >= 0xff1a && c <= 0xff20) || (c >= 0xfe30 && c <= 0xfe4f) ||
	    c == 0xd7 || c == 0xf7));
}

/* The shingles of TEXT as sorted hashes; their count in *N. */
static uint64_t *
shingles(const char *text, size_t *n)
{
	uint64_t	*tok = NULL, *sh, h = 0;
	size_t		 ntok = 0, cap = 0, i, j, len = strlen(text), k;
	uint32_t	 c;
	int		 in = 0;

	for (i = 0; i <= len; i += k ? k : 1) {
		k = i < len ? text_utf8_decode((const unsigned char *)text + i,
		    len - i, &c) : 0;
		if (i < len && k > 0 && word_char(c)) {
			if (!in)
				h = 1469598103934665603ULL;
			if (c >= 'A' && c <= 'Z')
				c += 32;
			h = (h ^ c) * 1099511628211ULL;
			in = 1;
			continue;
		}
		if (in) {
			if (ntok == cap) {
				cap = cap ? cap * 2 : 1024;
				tok = xreallocarray(tok, cap, sizeof(*tok));
			}
			tok[ntok++] = h;
		}
		in = 0;
	}
	*n = ntok < SHINGLE ? (ntok > 0) : ntok - SHINGLE + 1;
	sh = xcalloc(*n + 1, sizeof(*sh));
	for (i = 0; i < *n; i++) {
		h = 0;
		for (j = i; j < i + SHINGLE && j < ntok; j++)
			h = h * 1000003ULL + tok[j];
		sh[i] = h;
	}
	free(tok);
	return (sh);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	 x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y ? -1 : x > y);
}

/* Shingles TRUTH and GOT share, as multisets. */
static size_t
common(uint64_t *a, size_t na, uint64_t *b, size_t nb)
{
	size_t	 i = 0, j = 0, n = 0;

	qsort(a, na, sizeof(*a), cmp_u64);
	qsort(b, nb, sizeof(*b), cmp_u64);
	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			n++, i++, j++;
		} else if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return (n);
}

static struct config *
article_source(const char *url)
{
	struct config	*cf;
	char		*text, *errors = NULL;

	xasprintf(&text, "[server]\nallow_file_urls = yes\n"
	    "[source page]\nurl = \"%s\"\n", url);
	cf = config_load_text("(test)", text, &errors);
	if (cf == NULL)
		printf("# config for %s: %s", url, errors ? errors : "?");
	free(errors);
	free(text);
	return (cf);
}

/* T at OFFSET as "YYYY-MM-DD" ("" for 0). */
static void
date_day(time_t t, int offset, char *s, size_t len)
{
	time_t		 local = t + offset;
	struct tm	 tm;

	s[0] = '\0';
	if (t != 0 && gmtime_r(&local, &tm) != NULL)
		strftime(s, len, "%Y-%m-%d", &tm);
}

/* 1 when T at OFFSET falls on DAY ("YYYY-MM-DD"). */
static int
same_day(time_t t, int offset, const char *day)
{
	time_t		 local = t + offset;
	struct tm	 tm;
	char		 s[16];

	if (gmtime_r(&local, &tm) == NULL)
		return (0);
	strftime(s, sizeof(s), "%Y-%m-%d", &tm);
	return (strcmp(s, day) == 0);
}

/*
 * ARTICLE_OTHER=DIR: another extractor's text of each page, DIR/NAME.txt,
 * scored against the same truth (TRUTH, NT shingles, sorted), to set
 * figures side by side (bench/article.py: Readability.js).
 */
static struct score	 other_all, other_unseen;

static void
score_other(const char *name, uint64_t *truth, size_t nt, int is_unseen)
{
	const char	*dir = getenv("ARTICLE_OTHER");
	char		 path[1024], *text;
	FILE		*fp;
	struct buf	 b;
	uint64_t	*sg;
	size_t		 ng, n, got;
	double		 p, r;
	char		 chunk[8192];

	if (dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/%s.txt", dir, name);
	buf_init(&b, 64 * 1024 * 1024);
	if ((fp = fopen(path, "rb")) != NULL) {
		while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			buf_add(&b, chunk, got);
		fclose(fp);
	}
	buf_add(&b, "", 1);
	text = buf_take(&b, NULL);
	sg = shingles(text, &ng);
	n = common(truth, nt, sg, ng);
	p = ng ? (double)n / (double)ng : (nt ? 0 : 1);
	r = nt ? (double)n / (double)nt : 1;
	printf("# %-40s other: P %.3f R %.3f F1 %.3f\n", name, p, r,
	    p + r > 0 ? 2 * p * r / (p + r) : 0);
	for (struct score *s = &other_all; s != NULL; s = s == &other_all &&
	    is_unseen ? &other_unseen : NULL) {
		s->s_p += p;
		s->s_r += r;
		s->s_f1 += p + r > 0 ? 2 * p * r / (p + r) : 0;
		s->s_pages++;
	}
	free(sg);
	free(text);
}

static void
score_page(const char *name, struct score *all, struct score *unseen,
    int is_unseen)
{
	char		 rel[512], *html, *truth, *meta_text, *cause = NULL;
	size_t		 hlen, tlen, mlen, nt, ng, n;
	struct json	*meta = NULL;
	const char	*url, *published, *charset;
	struct config	*cf;
	struct article	 ar;
	uint64_t	*st, *sg;
	double		 p, r, f1;
	int		 rc, date_ok = -1;
	char		*ctype = NULL;

	snprintf(rel, sizeof(rel), "fixtures/article/%s.html", name);
	html = testlib_read(rel, &hlen);
	snprintf(rel, sizeof(rel), "fixtures/article/%s.txt", name);
	truth = testlib_read(rel, &tlen);
	snprintf(rel, sizeof(rel), "fixtures/article/%s.json", name);
	meta_text = testlib_read(rel, &mlen);
	if (meta_text != NULL)
		meta = json_parse(meta_text, mlen, NULL);
	url = meta ? json_string(json_get(meta, "url")) : NULL;
	published = meta ? json_string(json_get(meta, "published")) : NULL;
	charset = meta ? json_string(json_get(meta, "charset")) : NULL;
	if (url == NULL)
		url = "http://fakehost/test/page.html";
	if (charset != NULL)
		xasprintf(&ctype, "text/html; charset=%s", charset);
	cf = article_source(url);
	snprintf(rel, sizeof(rel), "%s: page, truth and source", name);
	if (!tap_ok(html != NULL && truth != NULL && cf != NULL, rel)) {
		free(html);
		free(truth);
		return;
	}
	rc = extract_article(&cf->cf_sources[0], html, hlen, url, ctype,
	    time(NULL), &ar, &cause);
	free(cause);
	st = shingles(truth, &nt);
	sg = shingles(rc >= 0 && ar.ar_text ? ar.ar_text : "", &ng);
	n = common(st, nt, sg, ng);
	p = ng ? (double)n / (double)ng : (nt ? 0 : 1);
	r = nt ? (double)n / (double)nt : 1;
	f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
	score_other(name, st, nt, is_unseen);
	if (published != NULL)
		date_ok = ar.ar_date != 0 && same_day(ar.ar_date,
		    ar.ar_date_offset, published);
	printf("# %-40s P %.3f R %.3f F1 %.3f date %s%s%s\n", name, p, r, f1,
	    date_ok == 1 ? "right" : date_ok == 0 ? "WRONG" :
	    ar.ar_date != 0 ? "extra" : "-", is_unseen ? " (unseen)" : "",
	    rc != 0 ? " (no body)" : "");
	if (getenv("ARTICLE_VERBOSE") != NULL)
		printf("%s\n# date %s from %s\n", ar.ar_text ? ar.ar_text : "",
		    ar.ar_date_text ? ar.ar_date_text : "-",
		    ar.ar_date_how ? ar.ar_date_how : "-");
	for (struct score *s = all; s != NULL; s = s == all && is_unseen ?
	    unseen : NULL) {
		s->s_p += p;
		s->s_r += r;
		s->s_f1 += f1;
		s->s_pages++;
		if (date_ok >= 0) {
			s->s_dated++;
			s->s_dated_right += (size_t)date_ok;
		} else if (ar.ar_date != 0)
			s->s_date_extra++;
	}
	article_free(&ar);
	free(st);
	free(sg);
	free(html);
	free(truth);
	free(meta_text);
	free(ctype);
	json_free(meta);
	config_free(cf);
}

/* Paragraphs enough to make an article. */
#define PARAS \
	"<p>The council met on Tuesday, as it does every month, and talked " \
	"about the roads, the school, the park and the library.</p>" \
	"<p>Residents asked for more buses, longer opening hours, and a new " \
	"crossing by the school; the mayor promised to look at each.</p>" \
	"<p>The next meeting, which is open to the public, will be held in " \
	"the town hall, and the minutes will be published online.</p>"

/* The article of HTML at URL, read as the daemon reads it (UTC). */
static int
extract(const char *html, const char *url, struct article *ar)
{
	htmlDocPtr	 doc;
	int		 rc;

	doc = htmlReadMemory(html, (int)strlen(html), url, "utf-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_RECOVER);
	rc = article_extract(doc, url, NULL, ar);
	xmlFreeDoc(doc);
	return (rc);
}

static int
has(const char *s, const char *part)
{
	return (s != NULL && strstr(s, part) != NULL);
}

static void
synthetic_body(void)
{
	struct article	 ar;

	tap_ok(extract("<html><body><nav><a href=/>Home</a></nav>"
	    "<div class=sidebar><ul><li><a href=/a>A</a></li></ul></div>"
	    "<article><h1>Council meets</h1><p class=byline>By Jane Roe</p>"
	    PARAS "<div class=share-buttons><a href=#>Share</a></div>"
	    "<div hidden><p>Hidden words, hidden words, hidden words.</p></div>"
	    "</article><footer>Copyright</footer></body></html>",
	    "https://town.example/news/council", &ar) == 0 &&
	    has(ar.ar_text, "Residents asked") && !has(ar.ar_text, "Home") &&
	    !has(ar.ar_text, "Share") && !has(ar.ar_text, "Copyright") &&
	    !has(ar.ar_text, "Hidden words") && !has(ar.ar_text, "Jane Roe") &&
	    !has(ar.ar_text, "Council meets"),
	    "the body without navigation, sidebar, share box, hidden text, "
	    "footer, byline or the title repeated");
	tap_str(ar.ar_author, "Jane Roe", "the byline is the author");

	tap_str(ar.ar_title, "Council meets", "the headline is the title");
	article_free(&ar);

	extract("<html><body><article>" PARAS "<p><strong>IN TEXAS:</strong> "
	    "<a href=/x>Family of the patient quarantined</a></p><p>Source "
	    "files: <a href=/a.js>a.js</a>, <a href=/b.js>b.js</a></p>" PARAS
	    "</article></body></html>", "https://town.example/a/2", &ar);
	tap_ok(!has(ar.ar_text, "quarantined") && has(ar.ar_text, "b.js"),
	    "a label and one link to another story is a promotion, left out; "
	    "a label and a list of links stays");
	article_free(&ar);

	tap_ok(extract("<html><body><article>" PARAS
	    "<figure><img src='data:image/gif;base64,R0lGOD' "
	    "data-src='/img/lazy.jpg' width=800><figcaption>The hall"
	    "</figcaption></figure><img src=/img/placeholder.gif>"
	    "<noscript><img src=/img/real.jpg></noscript>"
	    "</article></body></html>", "https://town.example/a/1", &ar) == 0 &&
	    has(ar.ar_content, "https://town.example/img/lazy.jpg") &&
	    has(ar.ar_content, "https://town.example/img/real.jpg") &&
	    !has(ar.ar_content, "placeholder") && has(ar.ar_text, "The hall"),
	    "lazy images take their address, a noscript image replaces its "
	    "placeholder, captions stay");
	tap_str(ar.ar_image, "https://town.example/img/lazy.jpg",
	    "the first large image of the body is the lead image");
	article_free(&ar);

	extract("<html><head><meta property=og:title content='Roads reopen | "
	    "The Town Post'></head><body><h1>Roads reopen</h1><div "
	    "class=byline>By Ann Roe - Apr 16, 2015 8:02 pm</div>" PARAS
	    "</body></html>", "https://town.example/roads", &ar);
	tap_str(ar.ar_title, "Roads reopen", "a title with the site's name "
	    "after the headline is the headline");
	tap_str(ar.ar_author, "Ann Roe", "a byline's name without its date");
	article_free(&ar);

	extract("<html><body><article>" PARAS "<h3>Kapcsolódó írások:</h3>"
	    "<ul><li><a href=/a>Még mindig szedi áldozatait</a></li><li><a "
	    "href=/b>Szigorú felelősségre vonás</a></li></ul>" PARAS
	    "<div class=more><p>Lesen Sie auch</p><a href=/c>Ein anderer "
	    "Artikel über Straßen</a></div></article></body></html>",
	    "https://town.example/a/3", &ar);
	tap_ok(has(ar.ar_text, "Residents asked") &&
	    !has(ar.ar_text, "áldozatait") && !has(ar.ar_text, "Kapcsol") &&
	    !has(ar.ar_text, "Straßen"), "a label of related stories and "
	    "its links are left out, in any of its languages");
	article_free(&ar);

	tap_ok(extract("<html><body><div class=wall><h2>We value your "
	    "privacy</h2><p>We and our partners use cookies and similar "
	    "technologies to store and access information on your device, "
	    "to measure the audience and to show you personalised content. "
	    "You can accept all, or choose which purposes you consent to, "
	    "and change your mind at any time in the settings.</p><button>"
	    "Accept all</button></div></body></html>",
	    "https://town.example/news/1", &ar) == -1 && ar.ar_why != NULL &&
	    has(ar.ar_why, "consent"), "a consent wall is no article");
	article_free(&ar);

	{
		struct buf	 b;
		char		*html;
		int		 i;

		buf_init(&b, 1024 * 1024);
		buf_addstr(&b, "<html><body><h1>Episodes</h1><div>");
		for (i = 0; i < 12; i++)
			buf_printf(&b, "<div class=ep><h3><a href=/ep/%d>Guest "
			    "number %d, a writer</a></h3><p>Guest %d shares the "
			    "soundtrack of a life with the host.</p></div>", i,
			    i, i);
		buf_addstr(&b, "</div></body></html>");
		html = buf_take(&b, NULL);
		tap_ok(extract(html, "https://town.example/episodes", &ar) ==
		    -1 && has(ar.ar_why, "index"), "a list of links to other "
		    "stories is an index, no article");
		article_free(&ar);
		free(html);
	}

	tap_ok(extract("<html><body><ul class=menu><li><a href=/a>A</a></li>"
	    "<li><a href=/b>B</a></li></ul><p>Sign in to read.</p>"
	    "</body></html>", "https://town.example/login", &ar) == -1 &&
	    ar.ar_why != NULL, "a page without an article body says why");
	article_free(&ar);
}

static void
synthetic_dates(void)
{
	struct article	 ar;
	char		 d[64];

	extract("<html lang=en-US><body><h1>Roads</h1><span class=date>"
	    "3/09/15</span>" PARAS "</body></html>",
	    "https://town.example/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2015-03-09", "an en-US page reads 3/09/15 month first");
	article_free(&ar);

	extract("<html><body><div class=clock>Today</div><h1>Roads</h1>"
	    "<span class=date>5 minutes ago</span><article><p>Feb. 23, 2015 "
	    "-- The council met on Tuesday, as it does, and talked about the "
	    "roads.</p>" PARAS "</article></body></html>",
	    "https://town.example/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2015-02-23", "a dateline opening the body, never a "
	    "relative date");
	article_free(&ar);

	extract("<html><head><script type=application/ld+json>{\"@type\":"
	    "\"NewsArticle\",\"headline\":\"Roads\",\"datePublished\":"
	    "\"2020-05-06T23:30:00-05:00\",\"author\":{\"name\":\"Ann\"}}"
	    "</script><meta property=article:modified_time content=2021-01-01>"
	    "</head><body><h1>Roads</h1><time datetime=2019-01-01>1 Jan 2019"
	    "</time>" PARAS "</body></html>",
	    "https://town.example/2018/03/17/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2020-05-06", "JSON-LD datePublished first, in its own "
	    "offset");
	tap_str(ar.ar_author, "Ann", "JSON-LD author");
	article_free(&ar);

	extract("<html><body><aside><ul><li><time datetime=2011-01-01>Jan 1"
	    "</time> <a href=/x>Old</a></li><li><time datetime=2011-01-02>"
	    "Jan 2</time> <a href=/y>Older</a></li></ul></aside>"
	    "<span>Published on: June 25, 2024</span><h1>Roads</h1>" PARAS
	    "</body></html>", "https://town.example/2018/03/17/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2024-06-25", "a text saying it was published, before the "
	    "headline too; a list's dates are other stories'");
	article_free(&ar);

	extract("<html><body><h1>Roads</h1><p>Updated <time datetime="
	    "2022-02-02>2 Feb</time></p>" PARAS "<footer><time pubdate "
	    "datetime=2021-12-24T08:00:00+01:00>24 Dec</time></footer>"
	    "</body></html>", "https://town.example/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2021-12-24", "a <time> marked pubdate beats the first "
	    "<time> by the headline");
	article_free(&ar);

	extract("<html><body><h1>Roads</h1><div>By Ann Roe | March 3, 2020"
	    "</div>" PARAS "</body></html>", "https://town.example/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2020-03-03", "a byline line under the headline, unnamed");
	article_free(&ar);

	extract("<html><body><div class=hentry><h2>Roads</h2><abbr "
	    "class=published title=2014-05-01T10:00:00Z>May 1</abbr>" PARAS
	    "</div></body></html>", "https://town.example/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2014-05-01", "hAtom's abbr.published title");
	article_free(&ar);

	extract("<html><body><div class=meta><div class=date>Updated: "
	    "August 13, 2010, 5:02 PM ET</div></div><div class=headline><h1>"
	    "Roads</h1></div>" PARAS "</body></html>",
	    "https://town.example/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2010-08-13", "a date box just above the headline");
	article_free(&ar);

	extract("<html><body><h1>Roads</h1><span class=publish-time "
	    "data-publishtime=1376751840652>8/17/13</span>" PARAS "<div "
	    "id=comments><p class=posted>Posted 1 May 2020</p></div>"
	    "</body></html>", "https://town.example/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2013-08-17", "data-publishtime in milliseconds");
	article_free(&ar);

	extract("<html><body><h1>Roads</h1>" PARAS "<div class=comment-list>"
	    "<p>Posted on 1 May 2020 by Bob</p><time datetime=2020-05-01>"
	    "</time></div></body></html>", "https://town.example/roads", &ar);
	tap_ok(ar.ar_date == 0, "a comment's date is not the article's");
	article_free(&ar);

	/* Dates no rule by the headline reads: a box named for the time
	 * on a page without <h1>, a date alone in a side box, a date
	 * closing the text as a letter is signed. */
	extract("<html><body><div class=h-title>Roads of the town</div>"
	    "<div class=h-info><span class=h-time> 2020-02-19 20:29:58</span>"
	    "</div>" PARAS "</body></html>", "https://town.example/roads",
	    &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2020-02-19", "a box named for the time, no <h1>");
	article_free(&ar);

	extract("<html><body><table><tr><td><div style=\"float: right\">"
	    "<div style=\"color: #aaa\">Apr 7, 2009</div><b>This week</b>"
	    "</div>" PARAS "</td></tr></table></body></html>",
	    "https://town.example/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2009-04-07", "a date alone in a side box");
	article_free(&ar);

	extract("<html><body><article>" PARAS "<p>Benni<br>10. September "
	    "2017</p></article></body></html>", "https://town.example/roads",
	    &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2017-09-10", "a date closing the text");
	article_free(&ar);

	extract("<html><body><header><time class=article_time datetime="
	    "2014-09-15>September 15, 2014</time></header><h1>Roads</h1>"
	    PARAS "</body></html>", "https://town.example/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2014-09-15", "a <time> of the page, before the headline");
	article_free(&ar);

	extract("<html><body><h1><a href=/>Town Post</a></h1><h2>Roads"
	    "</h2><span class=date_time>18.03.2018, 01:10</span>" PARAS
	    "</body></html>", "https://town.example/2018/03/17/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2018-03-18", "a dateline a day after the address's day "
	    "is the day the page shows");
	tap_ok(ar.ar_title == NULL || strcmp(ar.ar_title, "Town Post") != 0,
	    "a logo's <h1> link is no title");
	article_free(&ar);

	extract("<html><body><h1>/ Bulgaria</h1><p>Monday, 4 April 2016 / "
	    "14:34</p><h1>Roads reopen after the long winter</h1><p "
	    "class=inf><span><span class=red>15 August 2015 13:28</span> "
	    "</span><span>Share: Facebook Twitter E-mail Print</span></p>"
	    PARAS "</body></html>", "https://town.example/view?id=1", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2015-08-15", "a section's short <h1> and the clock under "
	    "it give way to the headline and its dateline");
	article_free(&ar);

	extract("<html><head><title>Roads reopen after the winter | Post"
	    "</title></head><body><h2>Roads reopen after the winter</h2>"
	    "<ul class=share><li>Share</li></ul><div class=cikk_info><b>2015. "
	    "augusztus 20., 11:16</b> forrás: MTI</div>" PARAS "</body></html>",
	    "https://town.example/kulfold/roads-1720762", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2015-08-20", "no <h1>: the <h2> the title holds is the "
	    "headline, and its Hungarian dateline");
	article_free(&ar);

	extract("<html><head><meta property=article:published_time content="
	    "2018-06-12T23:00:00.000Z></head><body><h1>Roads reopen after the "
	    "winter</h1><p>On 6/13/2018 by Ann</p>" PARAS
	    "</body></html>", "https://town.example/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2018-06-13", "a UTC date near midnight gives way to the "
	    "day the page shows by its headline");
	article_free(&ar);

	extract("<html><body><h1>Roads</h1><span class=date>1 May 2011</span>"
	    PARAS "</body></html>", "https://town.example/2018/03/17/roads",
	    &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2018-03-17", "a dateline far from the address's day "
	    "gives way to it");
	article_free(&ar);

	extract("<html><body><h1>Roads</h1>" PARAS "</body></html>",
	    "https://town.example/2018/03/17/roads", &ar);
	date_day(ar.ar_date, ar.ar_date_offset, d, sizeof(d));
	tap_str(d, "2018-03-17", "else the day the address names");
	article_free(&ar);
}

/* Hostile sizes: bounded, and still an answer. */
static void
synthetic_bounds(void)
{
	struct buf	 b;
	struct article	 ar;
	char		*html;
	size_t		 i;
	int		 rc;

	buf_init(&b, 8 * 1024 * 1024);
	buf_addstr(&b, "<html><body>");
	for (i = 0; i < 100000; i++)
		buf_addstr(&b, "<div>");
	buf_addstr(&b, PARAS);
	buf_addstr(&b, "</body></html>");
	html = buf_take(&b, NULL);
	rc = extract(html, "https://town.example/deep", &ar);
	tap_ok(rc == 0 || (rc == -1 && ar.ar_why != NULL),
	    "100,000 nested elements: an answer, no crash");
	article_free(&ar);
	free(html);

	buf_init(&b, 8 * 1024 * 1024);
	buf_addstr(&b, "<html><body><nav><a href=/>Home</a></nav><article>");
	for (i = 0; b.b_len < 5 * 1024 * 1024; i++)
		buf_printf(&b, "<p>Paragraph %zu, with commas, of a very long "
		    "report that goes on and on, as some reports do, about "
		    "the roads and the parks of the town.</p>", i);
	buf_addstr(&b, "</article></body></html>");
	html = buf_take(&b, NULL);
	rc = extract(html, "https://town.example/long", &ar);
	tap_ok(rc == 0 && ar.ar_content != NULL &&
	    strlen(ar.ar_content) <= SANITIZE_MAX_HTML &&
	    has(ar.ar_content, "Paragraph 0,"),
	    "a 5 MB article: its start, cut to the content cap");
	article_free(&ar);
	free(html);
}

static void
synthetic_next(void)
{
	static const struct {
		const char	*base, *href, *text, *rel, *want;
	} cases[] = {
		{ "https://x.example/a/story", "/a/story/2", "2", NULL,
		    "https://x.example/a/story/2" },
		{ "https://x.example/a/story", "?page=2", "Next page", NULL,
		    "https://x.example/a/story?page=2" },
		{ "https://x.example/a/story?p=2", "?p=3", "x", "next",
		    "https://x.example/a/story?p=3" },
		{ "https://x.example/a/story.html", "story-2.html", "2", NULL,
		    "https://x.example/a/story-2.html" },
		{ "https://x.example/news/6650", "/news/6651", "Next", "next",
		    NULL },
		{ "https://x.example/2020/05/a-post", "/2020/05/another-post",
		    "Next", "next", NULL },
		{ "https://x.example/a/story", "/a/story/2", "Page 2 of the "
		    "comments", NULL, NULL },
	};
	struct article	 ar;
	char		 html[2048], what[256];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(html, sizeof(html), "<html><body><article>" PARAS
		    "<div class=pages><a href='%s'%s%s%s>%s</a></div>"
		    "</article></body></html>", cases[i].href,
		    cases[i].rel ? " rel='" : "", cases[i].rel ? cases[i].rel :
		    "", cases[i].rel ? "'" : "", cases[i].text);
		extract(html, cases[i].base, &ar);
		snprintf(what, sizeof(what), "next page of %s: %s (%s)",
		    cases[i].base, cases[i].href, cases[i].text);
		tap_str(ar.ar_next, cases[i].want, what);
		article_free(&ar);
	}
}

/*
 * S without its white space (caller frees): a snippet is found whatever
 * the lines and spaces between its words (one text breaks a line where the
 * other has none, as CJK text does).
 */
static char *
folded(const char *s)
{
	char	*out = xmalloc(strlen(s) + 1), *o = out;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
			continue;
		if ((unsigned char)s[0] == 0xc2 &&
		    (unsigned char)s[1] == 0xa0) {
			s++;
			continue;
		}
		*o++ = *s;
	}
	*o = '\0';
	return (out);
}

/* Snippet counts: found of the wanted, found of the unwanted; dates. */
struct snips {
	size_t	 tp, fn, fp, tn, pages;
	size_t	 dated, dated_right, date_extra;
};

/* Counts which of the snippets of LIST (a JSON array) TEXT holds. */
static void
snippets_in(const char *text, const struct json *list, size_t *in,
    size_t *out)
{
	const struct json	*j;
	char			*f;

	for (j = list ? list->j_child : NULL; j != NULL; j = j->j_next) {
		if (json_string(j) == NULL)
			continue;
		f = folded(json_string(j));
		if (*f != '\0' && strstr(text, f) != NULL)
			(*in)++;
		else
			(*out)++;
		free(f);
	}
}

/*
 * A page of fixtures/article-snippets: NAME.html and NAME.json, snippets a
 * body must hold ("with") and must not ("without"), written by people
 * (trafilatura's evaluation data).
 */
static void
snippet_page(const char *name, struct snips *t)
{
	char		 rel[512], *html, *meta_text, *cause = NULL, *text;
	size_t		 hlen, mlen, tp = 0, fn = 0, fp = 0, tn = 0;
	const char	*published, *url;
	int		 date_ok = -1;
	struct json	*meta;
	struct config	*cf;
	struct article	 ar;

	snprintf(rel, sizeof(rel), "fixtures/article-snippets/%s.html", name);
	html = testlib_read(rel, &hlen);
	snprintf(rel, sizeof(rel), "fixtures/article-snippets/%s.json", name);
	meta_text = testlib_read(rel, &mlen);
	meta = meta_text ? json_parse(meta_text, mlen, NULL) : NULL;
	/* The page's own address where its origin says it. */
	url = meta ? json_string(json_get(json_get(meta, "origin"), "url")) :
	    NULL;
	if (url == NULL)
		url = "http://fakehost/test/page.html";
	cf = article_source(url);
	if (html == NULL || meta == NULL || cf == NULL) {
		tap_ok(0, name);
		goto out;
	}
	extract_article(&cf->cf_sources[0], html, hlen, url, NULL, time(NULL),
	    &ar, &cause);
	text = folded(ar.ar_text ? ar.ar_text : "");
	snippets_in(text, json_get(meta, "with"), &tp, &fn);
	snippets_in(text, json_get(meta, "without"), &fp, &tn);
	published = json_string(json_get(meta, "published"));
	if (published != NULL)
		date_ok = ar.ar_date != 0 && same_day(ar.ar_date,
		    ar.ar_date_offset, published);
	printf("# %-40s with %zu/%zu without %zu/%zu date %s\n", name, tp,
	    tp + fn, tn, fp + tn, date_ok == 1 ? "right" : date_ok == 0 ?
	    "WRONG" : ar.ar_date != 0 ? "extra" : "-");
	if (getenv("ARTICLE_VERBOSE") != NULL)
		printf("#   date %s from %s\n", ar.ar_date_text ?
		    ar.ar_date_text : "-", ar.ar_date_how ? ar.ar_date_how : "-");
	t->tp += tp, t->fn += fn, t->fp += fp, t->tn += tn;
	t->pages++;
	if (date_ok >= 0) {
		t->dated++;
		t->dated_right += (size_t)date_ok;
	} else if (ar.ar_date != 0 && json_get(meta, "published") != NULL)
		t->date_extra++;
	free(text);
	article_free(&ar);
out:
	free(cause);
	free(html);
	free(meta_text);
	json_free(meta);
	if (cf != NULL)
		config_free(cf);
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The pages of a corpus folder, sorted; their count in *N. */
static char **
pages(const char *folder, size_t *n)
{
	char		 dir[1024], **v = xcalloc(MAX_PAGES, sizeof(*v));
	DIR		*d;
	struct dirent	*e;
	size_t		 l;

	snprintf(dir, sizeof(dir), "%s/%s", testlib_srcdir(), folder);
	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return (v);
	while ((e = readdir(d)) != NULL && *n < MAX_PAGES) {
		l = strlen(e->d_name);
		if (l > 5 && strcmp(e->d_name + l - 5, ".html") == 0)
			v[(*n)++] = xstrndup(e->d_name, l - 5);
	}
	closedir(d);
	qsort(v, *n, sizeof(*v), cmp_str);
	return (v);
}

static void
report(const char *what, const struct score *s)
{
	double	 n = s->s_pages ? (double)s->s_pages : 1;

	printf("# %s: %zu pages: precision %.3f recall %.3f F1 %.3f; "
	    "dates %zu/%zu right (%.3f), %zu found where the truth has "
	    "none\n", what, s->s_pages, s->s_p / n, s->s_r / n, s->s_f1 / n,
	    s->s_dated_right, s->s_dated, s->s_dated ?
	    (double)s->s_dated_right / (double)s->s_dated : 1,
	    s->s_date_extra);
}

/* The snippet corpus: its pages and totals, and the floor. */
static void
snippets(void)
{
	struct snips	 t;
	char		**v;
	size_t		 n, i;
	double		 p, r;

	memset(&t, 0, sizeof(t));
	v = pages("fixtures/article-snippets", &n);
	for (i = 0; i < n; i++) {
		snippet_page(v[i], &t);
		free(v[i]);
	}
	free(v);
	if (t.pages == 0)
		return;
	p = t.tp + t.fp ? (double)t.tp / (double)(t.tp + t.fp) : 1;
	r = t.tp + t.fn ? (double)t.tp / (double)(t.tp + t.fn) : 1;
	printf("# snippets: %zu pages: precision %.3f recall %.3f F1 %.3f "
	    "(wanted %zu/%zu found, unwanted %zu/%zu left out)\n", t.pages, p,
	    r, p + r > 0 ? 2 * p * r / (p + r) : 0, t.tp, t.tp + t.fn, t.tn,
	    t.fp + t.tn);
	if (t.dated > 0)
		printf("# snippet pages' dates: %zu/%zu right (%.3f), %zu found "
		    "where the page has none\n", t.dated_right, t.dated,
		    (double)t.dated_right / (double)t.dated, t.date_extra);
	tap_ok(p + r > 0 && 2 * p * r / (p + r) >= FLOOR_SNIPPETS,
	    "snippet F1 over its floor");
}

int
main(void)
{
	struct score	 all, unseen;
	char		**v, *unseen_names;
	const char	*only = getenv("ARTICLE_PAGE");
	size_t		 n, i, l;
	char		 line[300];

	memset(&all, 0, sizeof(all));
	memset(&unseen, 0, sizeof(unseen));
	if (only == NULL) {
		synthetic_body();
		synthetic_dates();
		synthetic_next();
		synthetic_bounds();
	}
	unseen_names = testlib_read("fixtures/article/UNSEEN", &l);
	v = pages("fixtures/article", &n);
	for (i = 0; i < n; i++) {
		if (only != NULL && strcmp(only, v[i]) != 0)
			continue;
		snprintf(line, sizeof(line), "\n%s\n", v[i]);
		score_page(v[i], &all, &unseen, unseen_names != NULL &&
		    strstr(unseen_names, line) != NULL);
	}
	report("all", &all);
	if (unseen.s_pages > 0)
		report("unseen", &unseen);
	if (other_all.s_pages > 0) {
		report("other extractor, all", &other_all);
		if (other_unseen.s_pages > 0)
			report("other extractor, unseen", &other_unseen);
	}
	if (only == NULL) {
		tap_ok(n >= 20, "at least 20 real pages");
		tap_ok(all.s_f1 / (double)(all.s_pages ? all.s_pages : 1) >=
		    FLOOR_F1, "mean F1 over its floor");
		tap_ok(all.s_dated == 0 || (double)all.s_dated_right /
		    (double)all.s_dated >= FLOOR_DATES,
		    "date accuracy over its floor");
	}
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	free(unseen_names);
	if (only == NULL)
		snippets();
	return (tap_done());
}
