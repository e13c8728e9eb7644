/*
 * test_corpus.c: automatic detection measured on real pages nobody here
 * wrote (tests/fixtures/real/NAME.html, the items a reader wants written in
 * NAME.json by reading the page; see that folder's README).  Each page goes
 * the daemon's way, through input_page with no selectors: the encoding is
 * decided from the bytes and the charset the HTTP header would have given.
 *
 * An expected item is found when a detected item has its link (or, for an
 * item without a link, its title); it is right when the title is the same
 * too (white space, Unicode's too, folded; ASCII case ignored).  Precision is right / found,
 * recall right / expected; date accuracy is over the right items with a
 * date on the page: the detected date falls on that day in some time zone.
 * Prints per page and overall figures; fails only below the floors, set
 * from measured figures so that a regression shows.
 * Pages named in fixtures/real/UNSEEN are pages nobody read the results
 * of while tuning the rules; they are tallied apart too: the figure for
 * pages the rules were not tuned on.
 * CORPUS_VERBOSE=1 prints each page's misses; CORPUS_PAGE=NAME runs one;
 * CORPUS_DUMP=1 prints every item found (to compare two builds).
 */
#include <ctype.h>
#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "config.h"
#include "detect.h"
#include "input.h"
#include "encoding.h"
#include "item.h"
#include "json.h"
#include "tap.h"
#include "testlib.h"
#include "util.h"

/* Floors under the measured overall figures (see README, "Detection"):
 * fresh pages come in at their arrival figures, so the floors keep a
 * margin for them. */
#define FLOOR_PRECISION	0.89	/* measured 0.910 (198 pages) */
#define FLOOR_RECALL	0.77	/* measured 0.796 */
#define FLOOR_DATES	0.97	/* measured 0.981 */

#define MAX_PAGES	256
#define MAX_WANT	1200

struct want {
	const char	*w_title;
	const char	*w_link;	/* or NULL */
	const char	*w_date;	/* YYYY-MM-DD, or NULL */
};

struct tally {
	size_t	found, want, right, linked, dated, dated_right;
	size_t	undated, dated_anyway;	/* no date shown; a date given */
	double	page_p, page_r;		/* sums of per-page figures */
	size_t	pages;
};

static struct tally	total, unseen, dev;
static size_t		npages, pages_perfect, nunseen;
static int		verbose;
static char		*unseen_names;	/* fixtures/real/UNSEEN, or NULL */

/* The bytes of a white space character at P (Unicode's, as a reader
 * folds them: no-break, the ideographic space, the typographic ones), or
 * 0. */
static size_t
space_len(const char *p)
{
	const unsigned char	*u = (const unsigned char *)p;

	if (isspace(u[0]))
		return (1);
	if (u[0] == 0xc2 && u[1] == 0xa0)
		return (2);
	if ((u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80) ||
	    (u[0] == 0xe2 && u[1] == 0x80 && ((u[2] >= 0x80 && u[2] <= 0x8a) ||
	    u[2] == 0xaf)) || (u[0] == 0xe2 && u[1] == 0x81 && u[2] == 0x9f))
		return (3);
	return (0);
}

/* TEXT with whitespace folded and ASCII case lowered (caller frees). */
static char *
fold(const char *text)
{
	struct buf	 b;
	const char	*p;
	size_t		 n;
	int		 space = 0;
	char		 c;

	buf_init(&b, 1 << 20);
	for (p = text ? text : ""; *p != '\0'; p++) {
		if ((n = space_len(p)) > 0) {
			p += n - 1;
			space = 1;
			continue;
		}
		if (space && b.b_len > 0)
			buf_add(&b, " ", 1);
		space = 0;
		c = (char)tolower((unsigned char)*p);
		buf_add(&b, &c, 1);
	}
	return (buf_take(&b, NULL));
}

static int
same_text(const char *a, const char *b)
{
	char	*fa = fold(a), *fb = fold(b);
	int	 same = strcmp(fa, fb) == 0;

	free(fa);
	free(fb);
	return (same);
}

/* Links equal but for a trailing slash. */
static int
same_link(const char *a, const char *b)
{
	size_t	la, lb;

	if (a == NULL || b == NULL)
		return (0);
	la = strlen(a);
	lb = strlen(b);
	if (la > 0 && a[la - 1] == '/')
		la--;
	if (lb > 0 && b[lb - 1] == '/')
		lb--;
	return (la == lb && strncmp(a, b, la) == 0);
}

/* Midnight UTC of YYYY-MM-DD, or 0. */
static time_t
day_start(const char *day)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	if (day == NULL || sscanf(day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday) != 3)
		return (0);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (timegm(&tm));
}

/* T falls on DAY somewhere between UTC-12 and UTC+14. */
static int
on_day(time_t t, const char *day)
{
	time_t	d = day_start(day);

	return (t != 0 && t >= d - 14 * 3600 && t < d + 36 * 3600);
}

static const char *
member(const struct json *obj, const char *key)
{
	return (json_string(json_get(obj, key)));
}

/* A config with one source at BASE and no selectors. */
static struct config *
auto_source(const char *base)
{
	struct config	*cf;
	char		*path, *errors = NULL;
	FILE		*fp;

	static const char	*dir;

	if (dir == NULL)
		dir = testlib_tmpdir("corpus");
	xasprintf(&path, "%s/corpus.conf", dir);
	if ((fp = fopen(path, "wb")) == NULL) {
		perror(path);
		exit(1);
	}
	fprintf(fp, "[source page]\nurl = \"%s\"\n", base);
	fclose(fp);
	cf = config_load(path, &errors);
	if (cf == NULL)
		printf("# config for %s: %s", base, errors ? errors : "?");
	free(errors);
	free(path);
	return (cf);
}

/* Pairs each expected item with a detected one; fills T. */
static void
score(const char *name, const struct want *want, size_t nwant,
    const struct extraction *ex, struct tally *t)
{
	char		*used;
	const struct item *it;
	size_t		 i, j;

	used = xcalloc(ex->ex_nitems + 1, 1);
	t->found = ex->ex_nitems;
	t->want = nwant;
	for (j = 0; j < nwant; j++) {
		for (i = 0; i < ex->ex_nitems; i++) {
			it = &ex->ex_items[i];
			if (used[i])
				continue;
			if (want[j].w_link != NULL ? same_link(it->it_link,
			    want[j].w_link) : it->it_link == NULL &&
			    same_text(it->it_title, want[j].w_title))
				break;
		}
		if (i == ex->ex_nitems) {
			if (verbose)
				printf("#   %s: missed %s | %s\n", name,
				    want[j].w_link ? want[j].w_link : "-",
				    want[j].w_title);
			continue;
		}
		used[i] = 1;
		t->linked++;
		if (!same_text(it->it_title, want[j].w_title)) {
			if (verbose)
				printf("#   %s: title '%s' for '%s'\n", name,
				    it->it_title, want[j].w_title);
			continue;
		}
		t->right++;
		if (want[j].w_date == NULL) {
			/* The page shows none (or only "3 hours ago"
			 * without a capture date): a date given is noted. */
			t->undated++;
			t->dated_anyway += it->it_date != 0;
			continue;
		}
		t->dated++;
		if (on_day(it->it_date, want[j].w_date))
			t->dated_right++;
		else if (verbose)
			printf("#   %s: date %s (%lld) for %s on '%s'\n", name,
			    it->it_date_text ? it->it_date_text : "(none)",
			    (long long)it->it_date, want[j].w_date,
			    want[j].w_title);
	}
	for (i = 0; getenv("CORPUS_DUMP") != NULL && i < ex->ex_nitems; i++)
		printf("#   %s: item %s | %s | %s | %lld | %s\n", name,
		    ex->ex_items[i].it_link ? ex->ex_items[i].it_link : "-",
		    ex->ex_items[i].it_title, ex->ex_items[i].it_date_text ?
		    ex->ex_items[i].it_date_text : "-",
		    (long long)ex->ex_items[i].it_date,
		    ex->ex_items[i].it_summary ? ex->ex_items[i].it_summary :
		    "-");
	for (i = 0; verbose && i < ex->ex_nitems; i++)
		if (!used[i])
			printf("#   %s: extra %s | %s\n", name,
			    ex->ex_items[i].it_link ? ex->ex_items[i].it_link :
			    "-", ex->ex_items[i].it_title);
	free(used);
}

static double
ratio(size_t a, size_t b)
{
	return (b ? (double)a / (double)b : 1.0);
}

static void
tally_add(struct tally *to, const struct tally *t)
{
	to->page_p += ratio(t->right, t->found);
	to->page_r += ratio(t->right, t->want);
	to->pages++;
	to->found += t->found;
	to->want += t->want;
	to->right += t->right;
	to->linked += t->linked;
	to->dated += t->dated;
	to->dated_right += t->dated_right;
	to->undated += t->undated;
	to->dated_anyway += t->dated_anyway;
}

/* NAME is a line of fixtures/real/UNSEEN. */
static int
is_unseen(const char *name)
{
	const char	*p = unseen_names;
	size_t		 n = strlen(name);

	while (p != NULL && *p != '\0') {
		if (strncmp(p, name, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return (1);
		p = strchr(p, '\n');
		p = p != NULL ? p + 1 : NULL;
	}
	return (0);
}

/* Runs one page NAME (fixtures/real/NAME.json and .html). */
/* How many nodes libxml2's XPath selects in DOC, or -1. */
static int
xpath_count(htmlDocPtr doc, const char *xpath)
{
	xmlXPathContextPtr	 ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr	 obj;
	int			 n = -1;

	obj = ctx ? xmlXPathEvalExpression((const xmlChar *)xpath, ctx) : NULL;
	if (obj != NULL && obj->type == XPATH_NODESET)
		n = obj->nodesetval ? obj->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return (n);
}

/*
 * The lists preview offers (the runners-up, each "item = xpath:X" with
 * the count of what X selects) say the truth: detection counts without
 * libxml2's XPath, so each count is checked against it here.
 */
static void
check_runner_counts(const char *name, const char *html, size_t len,
    const char *base, const char *charset)
{
	struct detect_opts	 o;
	struct extraction	 ex;
	htmlDocPtr		 doc;
	char			*how = NULL, *line, *next, *tab, what[300];
	char			*ctype = NULL;
	int			 bad = 0, lines = 0, want;

	memset(&o, 0, sizeof(o));
	memset(&ex, 0, sizeof(ex));
	o.dt_rules = 1;
	/* Decoded as pagefeed decodes it (libxml2 alone would trust a
	 * <meta> the bytes belie). */
	if (charset != NULL)
		xasprintf(&ctype, "text/html; charset=%s", charset);
	doc = encoding_parse_html(html, len, base, ctype, NULL, NULL, NULL);
	free(ctype);
	(void)detect_items_opts(doc, base, &o, &ex, &how, NULL);
	for (line = ex.ex_runners_up; line != NULL && *line != '\0';
	    line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (strncmp(line, "item = xpath:", 13) != 0 ||
		    (tab = strchr(line, '\t')) == NULL)
			continue;
		*tab = '\0';
		want = xpath_count(doc, line + 13);
		lines++;
		if (atoi(tab + 1) != want) {
			printf("# %s: %s counted %d, XPath selects %d\n", name,
			    line + 13, atoi(tab + 1), want);
			bad++;
		}
		if (next == NULL)
			break;
	}
	snprintf(what, sizeof(what), "%s: the %d runners-up's counts are what "
	    "their XPath selects", name, lines);
	tap_ok(bad == 0, what);
	free(how);
	extraction_free(&ex);
	xmlFreeDoc(doc);
}

static void
run_page(const char *name)
{
	static struct want	 want[MAX_WANT];
	struct extraction	 ex;
	struct tally		 t;
	struct json		*meta;
	const struct json	*items, *j;
	struct config		*cf = NULL;
	char			*rel, *text, *html = NULL, *ctype = NULL;
	char			*cause = NULL, what[300];
	const char		*base, *charset;
	size_t			 len, hlen, nwant = 0;
	time_t			 now;

	memset(&ex, 0, sizeof(ex));
	memset(&t, 0, sizeof(t));
	xasprintf(&rel, "fixtures/real/%s.json", name);
	text = testlib_read(rel, &len);
	free(rel);
	meta = text ? json_parse(text, len, &cause) : NULL;
	base = member(meta, "base");
	items = json_get(meta, "items");
	snprintf(what, sizeof(what), "%s: its expectation reads", name);
	if (!tap_ok(meta != NULL && base != NULL && items != NULL &&
	    items->j_type == JSON_ARRAY, what)) {
		printf("# %s\n", cause ? cause : "no base or items");
		goto out;
	}
	for (j = items->j_child; j != NULL && nwant < MAX_WANT; j = j->j_next) {
		want[nwant].w_title = member(j, "title");
		want[nwant].w_link = member(j, "link");
		want[nwant].w_date = member(j, "date");
		if (want[nwant].w_title != NULL)
			nwant++;
	}
	if ((charset = member(meta, "charset")) != NULL)
		xasprintf(&ctype, "text/html; charset=%s", charset);
	now = day_start(member(meta, "captured"));
	now = now ? now + 86399 : day_start("2026-12-01");
	xasprintf(&rel, "fixtures/real/%s.html", name);
	html = testlib_read(rel, &hlen);
	free(rel);
	cf = auto_source(base);
	snprintf(what, sizeof(what), "%s: read through input_page", name);
	if (!tap_ok(html != NULL && cf != NULL && input_page(
	    &cf->cf_sources[0], html, hlen, base, ctype, now, &ex, &cause) == 0,
	    what))
		goto out;
	check_runner_counts(name, html, hlen, base, charset);
	score(name, want, nwant, &ex, &t);
	printf("# %-34s P %.2f R %.2f dates %zu/%zu (found %zu, want %zu, "
	    "right %zu, links %zu) %s %.60s\n", name, ratio(t.right, t.found),
	    ratio(t.right, t.want), t.dated_right, t.dated, t.found, t.want,
	    t.right, t.linked, ex.ex_encoding ? ex.ex_encoding : "",
	    ex.ex_how ? ex.ex_how : "nothing");
	npages++;
	if (t.right == t.found && t.right == t.want &&
	    t.dated_right == t.dated)
		pages_perfect++;
	tally_add(&total, &t);
	if (is_unseen(name)) {
		tally_add(&unseen, &t);
		nunseen++;
	} else
		tally_add(&dev, &t);
out:
	extraction_free(&ex);
	if (cf != NULL)
		config_free(cf);
	json_free(meta);
	free(cause);
	free(ctype);
	free(html);
	free(text);
}

/* HTML with its "charset=utf-8" / charset="utf-8" replaced by LABEL. */
static char *
relabel(const char *html, const char *label)
{
	const char	*p;
	char		*out;

	if ((p = strstr(html, "charset=\"utf-8\"")) != NULL)
		xasprintf(&out, "%.*scharset=\"%s\"%s", (int)(p - html), html,
		    label, p + strlen("charset=\"utf-8\""));
	else if ((p = strstr(html, "charset=utf-8")) != NULL)
		xasprintf(&out, "%.*scharset=%s%s", (int)(p - html), html, label,
		    p + strlen("charset=utf-8"));
	else
		out = xstrdup(html);
	return (out);
}

/* BODY in the encoding TO (iconv's name), or NULL. */
static char *
recode(const char *body, size_t len, const char *to, size_t *outlen)
{
	iconv_t	 cd;
	char	*out, *in = (char *)body, *o;
	size_t	 inleft = len, outleft = len * 2 + 16;

	if ((cd = iconv_open(to, "UTF-8")) == (iconv_t)-1)
		return (NULL);
	out = o = xmalloc(outleft);
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		free(out);
		out = NULL;
	} else
		*outlen = (size_t)(o - out);
	iconv_close(cd);
	return (out);
}

/* The items of BODY (a variant of page NAME) as "title\tlink\n" lines. */
static char *
items_of(const char *name, const char *body, size_t len, const char *ctype)
{
	struct extraction	 ex;
	struct config		*cf;
	struct buf		 b;
	char			*json, *rel, *cause = NULL;
	struct json		*meta;
	size_t			 jlen, i;

	xasprintf(&rel, "fixtures/real/%s.json", name);
	json = testlib_read(rel, &jlen);
	free(rel);
	meta = json ? json_parse(json, jlen, NULL) : NULL;
	cf = auto_source(member(meta, "base"));
	memset(&ex, 0, sizeof(ex));
	buf_init(&b, 1 << 24);
	if (cf != NULL && input_page(&cf->cf_sources[0], body, len,
	    member(meta, "base"), ctype, day_start("2026-12-01"), &ex,
	    &cause) == 0)
		for (i = 0; i < ex.ex_nitems; i++)
			buf_printf(&b, "%s\t%s\n", ex.ex_items[i].it_title,
			    ex.ex_items[i].it_link ? ex.ex_items[i].it_link : "-");
	extraction_free(&ex);
	if (cf != NULL)
		config_free(cf);
	json_free(meta);
	free(json);
	free(cause);
	return (buf_take(&b, NULL));
}

/*
 * The held-out pages come in every encoding: a real page saved as GBK, as
 * UTF-8 with a byte order mark, and as UTF-8 under a <meta> that names
 * another charset must give the very items the UTF-8 page gives.
 */
static void
test_encodings(void)
{
	static const char *const names[] = { "intl-zh-nju-itsc-news",
	    "intl-ja-gihyo-new-books", "en-lobsters-front" };
	char		*rel, *html, *want, *got, *v, what[200];
	size_t		 len, vlen, i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		xasprintf(&rel, "fixtures/real/%s.html", names[i]);
		html = testlib_read(rel, &len);
		free(rel);
		if (html == NULL)
			continue;
		want = items_of(names[i], html, len, NULL);
		/* GBK, as WHATWG decodes the label (gb18030: this page holds a
		 * few characters plain GBK lacks); the Chinese page only. */
		if (i == 0) {
			char	*gbk_html = relabel(html, "gbk");

			v = recode(gbk_html, strlen(gbk_html), "GB18030", &vlen);
			got = v ? items_of(names[i], v, vlen, NULL) : xstrdup("");
			snprintf(what, sizeof(what), "%s as GBK: the same items",
			    names[i]);
			tap_ok(want[0] != '\0' && strcmp(got, want) == 0, what);
			free(got);
			free(v);
			free(gbk_html);
		}
		xasprintf(&v, "\xef\xbb\xbf%s", html);
		got = items_of(names[i], v, len + 3, NULL);
		snprintf(what, sizeof(what), "%s with a BOM: the same items",
		    names[i]);
		tap_ok(want[0] != '\0' && strcmp(got, want) == 0, what);
		free(got);
		free(v);
		v = relabel(html, "iso-8859-1");
		got = items_of(names[i], v, strlen(v), NULL);
		snprintf(what, sizeof(what), "%s as UTF-8 under a latin1 <meta>: "
		    "the same items", names[i]);
		tap_ok(want[0] != '\0' && strcmp(got, want) == 0, what);
		free(got);
		free(v);
		free(want);
		free(html);
	}
}

static int
by_name(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

int
main(void)
{
	char		*dir, *names[MAX_PAGES], what[200];
	const char	*one = getenv("CORPUS_PAGE");
	DIR		*d;
	struct dirent	*de;
	size_t		 n = 0, i, l;

	verbose = getenv("CORPUS_VERBOSE") != NULL;
	unseen_names = testlib_read("fixtures/real/UNSEEN", &l);
	xasprintf(&dir, "%s/fixtures/real", testlib_srcdir());
	if ((d = opendir(dir)) == NULL) {
		printf("Bail out! %s cannot be read\n", dir);
		return (1);
	}
	while ((de = readdir(d)) != NULL && n < MAX_PAGES) {
		l = strlen(de->d_name);
		if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0)
			names[n++] = xstrndup(de->d_name, l - 5);
	}
	closedir(d);
	free(dir);
	qsort(names, n, sizeof(names[0]), by_name);
	for (i = 0; i < n; i++) {
		if (one == NULL || strcmp(one, names[i]) == 0)
			run_page(names[i]);
		free(names[i]);
	}
	printf("# corpus overall (%zu real pages, %zu perfect): precision %.3f "
	    "recall %.3f (%zu right of %zu found, %zu expected; %zu with the "
	    "right link) dates %.3f (%zu of %zu)\n", npages, pages_perfect,
	    ratio(total.right, total.found), ratio(total.right, total.want),
	    total.right, total.found, total.want, total.linked,
	    ratio(total.dated_right, total.dated), total.dated_right,
	    total.dated);
	printf("# corpus per page (mean of the pages' figures): precision "
	    "%.3f recall %.3f\n", total.pages ? total.page_p / total.pages :
	    1, total.pages ? total.page_r / total.pages : 1);
	printf("# right items whose page shows no date (or only a relative "
	    "one, capture unknown): %zu, of them given a date anyway: %zu\n",
	    total.undated, total.dated_anyway);
	if (nunseen > 0)
		printf("# pages the rules were tuned on (%zu): precision %.3f "
		    "recall %.3f dates %.3f; per page %.3f %.3f\n", dev.pages,
		    ratio(dev.right, dev.found), ratio(dev.right, dev.want),
		    ratio(dev.dated_right, dev.dated), dev.page_p / dev.pages,
		    dev.page_r / dev.pages);
	if (nunseen > 0)
		printf("# pages the rules were not tuned on (%zu): "
		    "precision %.3f recall %.3f (%zu right of %zu found, %zu "
		    "expected) dates %.3f (%zu of %zu); per page %.3f %.3f\n",
		    nunseen, ratio(unseen.right, unseen.found),
		    ratio(unseen.right, unseen.want), unseen.right,
		    unseen.found, unseen.want, ratio(unseen.dated_right,
		    unseen.dated), unseen.dated_right, unseen.dated,
		    unseen.page_p / unseen.pages, unseen.page_r / unseen.pages);
	free(unseen_names);
	if (one == NULL) {
		test_encodings();
		snprintf(what, sizeof(what), "at least 40 real pages (%zu)",
		    npages);
		tap_ok(npages >= 40, what);
		snprintf(what, sizeof(what), "precision %.3f >= %.2f",
		    ratio(total.right, total.found), FLOOR_PRECISION);
		tap_ok(ratio(total.right, total.found) >= FLOOR_PRECISION,
		    what);
		snprintf(what, sizeof(what), "recall %.3f >= %.2f",
		    ratio(total.right, total.want), FLOOR_RECALL);
		tap_ok(ratio(total.right, total.want) >= FLOOR_RECALL, what);
		snprintf(what, sizeof(what), "dates %.3f >= %.2f",
		    ratio(total.dated_right, total.dated), FLOOR_DATES);
		tap_ok(ratio(total.dated_right, total.dated) >= FLOOR_DATES,
		    what);
	}
	return (tap_done());
}
