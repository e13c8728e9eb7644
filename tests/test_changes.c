/*
 * test_changes.c: mode = changes.  The watched text of pages written here
 * and of the embassy fixtures (watch, ignore, the main content without
 * the page's frame, ignore_text, encodings, bodies that are no page), the
 * verdicts (the same, noise of each kind, min_change, a change, a change
 * back, new settings), the diff (Myers against a brute-force LCS on random
 * inputs, the HTML and its escaping, hunks, the sanitiser), the bounds on
 * big inputs, and the store's versions (kept with their item in one
 * transaction, pruned, migrated from schema 4).  The random part uses a
 * fixed seed, so a failure always reproduces.  Timings are figures only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <sqlite3.h>

#include "buf.h"
#include "changes.h"
#include "config.h"
#include "item.h"
#include "linediff.h"
#include "log.h"
#include "sanitize.h"
#include "store.h"
#include "tap.h"
#include "testlib.h"
#include "util.h"

#define PAGE_URL	"https://example.org/hours"
#define HTML		"text/html; charset=utf-8"
#define NOW		1542450000	/* 2018-11-17 10:20:00 UTC */

static const char	*tmpdir;

/* A config with one changes source "s" whose further keys are KEYS. */
static struct config *
conf(const char *keys)
{
	struct config	*cf;
	char		*text, *errors = NULL;

	xasprintf(&text, "[server]\nstate_dir = %s/state\n\n[source s]\n"
	    "url = " PAGE_URL "\nmode = changes\n%s", tmpdir, keys);
	if ((cf = config_load_text("test.conf", text, &errors)) == NULL) {
		printf("Bail out! the test's config does not load:\n%s\n",
		    errors);
		exit(1);
	}
	free(text);
	return (cf);
}

/*
 * The watched text of BODY read with KEYS (caller frees), or NULL with the
 * cause in *CAUSE (caller frees).  *CT gets the counts.
 */
static char *
watched_ct(const char *keys, const char *body, size_t len, const char *type,
    struct changes_text *out, char **cause)
{
	struct config		*cf = conf(keys);
	struct extraction	 ex;
	struct changes_text	 ct;
	char			*text = NULL;

	*cause = NULL;
	if (changes_read(&cf->cf_sources[0], body, len, PAGE_URL, type, &ex,
	    &ct, cause) == 0) {
		text = ct.ct_text;
		ct.ct_text = NULL;
		if (out != NULL)
			*out = ct;
	}
	extraction_free(&ex);
	config_free(cf);
	return (text);
}

static char *
watched(const char *keys, const char *html)
{
	char	*cause = NULL, *text;

	text = watched_ct(keys, html, strlen(html), HTML, NULL, &cause);
	if (text == NULL) {
		printf("# changes_read: %s\n", cause);
		free(cause);
	}
	return (text);
}

/* Checks the watched text of HTML with KEYS against WANT. */
static void
text_is(const char *keys, const char *html, const char *want,
    const char *what)
{
	char	*got = watched(keys, html);

	tap_str(got, want, what);
	free(got);
}

static const char frame_page[] =
    "<html><head><title>Hours</title><style>p{}</style></head><body>"
    "<div id=\"header\"><div class=\"clock\">12:12</div></div>"
    "<header><nav><a href=/>Home</a></nav>Site banner</header>"
    "<div class=\"today\">17 November 2018</div>"
    "<article><header>Opening   hours</header>"
    "<p>Mon&ndash;Fri:\n 9:00 &nbsp; &ndash; 17:00</p>"
    "<p hidden>secret</p><p style=\"display: none\">gone</p>"
    "<p class=\"sr-only\">screen reader</p>"
    "<script>var x = 1;</script><noscript>enable JS</noscript>"
    "<template><p>tmpl</p></template>"
    "<table><tr><th>Day</th><th>Open</th></tr>"
    "<tr><td>Sat</td><td>10:00<br>(summer)</td></tr></table>"
    "<pre>line one\n   line two\n\nline three</pre>"
    "<p></p><p>   </p><ul><li>a <b>bold</b> word</li><li>two</li></ul>"
    "</article>"
    "<aside>Related</aside><form><input value=q>Search</form>"
    "<div role=\"navigation\">menu</div>"
    "<footer>&copy; 2018</footer><div class=\"site-footer x\">Legal</div>"
    "</body></html>";

static void
test_main_content(void)
{
	text_is("", frame_page,
	    "17 November 2018\n"
	    "Opening hours\n"
	    "Mon\xe2\x80\x93" "Fri: 9:00 \xe2\x80\x93 17:00\n"
	    "Day | Open\n"
	    "Sat | 10:00\n"
	    "(summer)\n"
	    "line one\n"
	    "line two\n"
	    "line three\n"
	    "a bold word\n"
	    "two",
	    "main content: no frame (header, nav, aside, form, footer, role, "
	    "class/id names), no hidden, script, style, noscript, template; "
	    "the article's own header kept; a row a line; <pre> lines; white "
	    "space folded; empty lines dropped");
	text_is("", "<body><div>Menu</div><main><h1>Prices</h1>"
	    "<p>Tea 2</p></main><div>Footer words</div></body>",
	    "Prices\nTea 2", "main content: <main> when there is one");
	text_is("", "<body><div>Frame</div><div role=\"main\"><p>Tea 3</p>"
	    "</div></body>", "Tea 3", "main content: role=main");
}

static void
test_watch_ignore(void)
{
	static const char page[] =
	    "<html><body><div id=a><p>One</p><p class=x>Two</p></div>"
	    "<p class=x>Three <span class=n>42</span></p>"
	    "<script id=data type=application/json>{\"v\": 1}</script>"
	    "<a class=price href=/buy data-price=\"9.99\">Buy</a>"
	    "<div class=ad>Advert</div></body></html>";

	text_is("watch = p.x\nwatch = #a\n", page, "One\nTwo\nThree 42",
	    "watch: two selectors, document order, a node within one read "
	    "once");
	text_is("watch = #a\nignore = p.x\n", page, "One",
	    "ignore: taken out of what watch selects");
	text_is("watch = p.x\nignore = #a\n", page, "Three 42",
	    "ignore: an ancestor of a watched node takes it out");
	text_is("watch = p.x\nignore = span.n\nignore = p.x\n", page, "",
	    "ignore: several, nested; watch left with nothing is empty text");
	text_is("watch = script#data\n", page, "{\"v\": 1}",
	    "watch: a script holding data is read when named");
	text_is("watch = xpath://a[@class='price']/@data-price\n", page,
	    "9.99", "watch: an attribute's value");
	text_is("watch = xpath:concat('price ', string(//a/@data-price))\n",
	    page, "price 9.99", "watch: an XPath string value");
	text_is("watch = xpath://p/text()\n", page, "One\nTwo\nThree",
	    "watch: text nodes, a line each");
	text_is("watch = xpath:/\nwatch = p\nignore = script\n", page,
	    "One\nTwo\nThree 42\nBuy\nAdvert", "watch: the whole document "
	    "(xpath:/), what it holds read once");
	text_is("ignore = div.ad\nignore = xpath:(//p)[1]/text()\n", page,
	    "Two\nThree 42\nBuy",
	    "ignore without watch: from the main content");
}

static void
test_read_cases(void)
{
	struct changes_text	 ct;
	char			*t, *cause, *body;
	size_t			 len;

	t = watched_ct("watch = .nothing\n", "<p>x</p>", 8, HTML, &ct, &cause);
	tap_ok(t != NULL && *t == '\0' && ct.ct_matched == 0 &&
	    ct.ct_nlines == 0, "watch matching nothing: empty text, 0 matched, "
	    "no error");
	free(t);
	t = watched_ct("", "<body><nav>only</nav></body>", 28, HTML, NULL,
	    &cause);
	tap_ok(t == NULL && cause != NULL && strstr(cause, "no text") != NULL,
	    "main content without text: an error saying so");
	free(cause);
	t = watched_ct("", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
	    "<title>x</title><item><title>a</title></item></channel></rss>",
	    96, "application/rss+xml", NULL, &cause);
	tap_ok(t == NULL && cause != NULL && strstr(cause, "feed") != NULL,
	    "a feed: refused, mode = items named");
	free(cause);
	t = watched_ct("", "\x89PNG", 4, "image/png", NULL, &cause);
	tap_ok(t == NULL && cause != NULL, "an image: refused");
	free(cause);
	t = watched_ct("", "Open   9-17\n\nClosed <Sun>\n  Tel 1\n", 35,
	    "text/plain; charset=utf-8", NULL, &cause);
	tap_str(t, "Open 9-17\nClosed\nTel 1", "text/plain: its lines kept");
	free(t);
	t = watched_ct("", "{\"a\":\n 1,\n \"b\": 2}", 18, "application/json",
	    NULL, &cause);
	tap_str(t, "{\"a\":\n1,\n\"b\": 2}", "JSON: read as text lines");
	free(t);
	/* Encodings as for items: windows-1251 by its <meta>. */
	if ((body = testlib_read("fixtures/encoding/cp1251-meta.html",
	    &len)) != NULL) {
		t = watched_ct("watch = li\n", body, len, "text/html", NULL,
		    &cause);
		tap_str(t, "\xd0\x92\xd1\x8b\xd0\xb1\xd0\xbe\xd1\x80\xd1\x8b "
		    "\xd0\xb2 \xd0\x93\xd0\xbe\xd1\x81\xd0\xb4\xd1\x83\xd0\xbc"
		    "\xd1\x83 \xd0\xbd\xd0\xb0\xd0\xb7\xd0\xbd\xd0\xb0\xd1\x87"
		    "\xd0\xb5\xd0\xbd\xd1\x8b \xd0\xbd\xd0\xb0 \xd1\x81\xd0\xb5"
		    "\xd0\xbd\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8c\n"
		    "\xd0\x9a\xd1\x83\xd1\x80\xd1\x81 \xd1\x80\xd1\x83\xd0\xb1"
		    "\xd0\xbb\xd1\x8f \xd1\x83\xd0\xba\xd1\x80\xd0\xb5\xd0\xbf"
		    "\xd0\xb8\xd0\xbb\xd1\x81\xd1\x8f\n"
		    "\xd0\x81\xd0\xbb\xd0\xba\xd0\xb8 \xd0\xbf\xd1\x80\xd0\xb8"
		    "\xd0\xb2\xd0\xb5\xd0\xb7\xd1\x83\xd1\x82 \xd0\xb2 \xd0\x9c"
		    "\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd1\x83 \xd0\xba 25 "
		    "\xd0\xb4\xd0\xb5\xd0\xba\xd0\xb0\xd0\xb1\xd1\x80\xd1\x8f",
		    "windows-1251 page: read as for items");
		free(t);
		free(body);
	}
}

/* TEXT's lines after ignore_text, joined by '\n' (caller frees). */
static char *
filtered(const char *keys, const char *text)
{
	struct config	*cf = conf(keys);
	struct buf	 b;
	char		**v, *cause = NULL;
	size_t		 n, i;

	buf_init(&b, SIZE_MAX);
	if ((v = changes_lines(&cf->cf_sources[0], text, &n, &cause)) == NULL) {
		printf("# changes_lines: %s\n", cause);
		free(cause);
		config_free(cf);
		return (NULL);
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_add(&b, "\n", 1);
		buf_addstr(&b, v[i]);
	}
	strv_free(v, n);
	config_free(cf);
	return (buf_take(&b, NULL));
}

static void
test_ignore_text(void)
{
	static const char text[] =
	    "Moscow: 12:12 London: 09:12\n"
	    "258 days have passed since the incident\n"
	    "1 DAY PASSED since X\n"
	    "Visitors today: 1234\n"
	    "Opening hours 9:00 to 17:00\n"
	    "x-x-x";
	char	*got;

	got = filtered("ignore_text = [0-9]+ days? (have )?passed\n"
	    "ignore_text = [0-9]{1,2}:[0-9]{2}\n"
	    "ignore_text = ^visitors today: [0-9]+$\n"
	    "ignore_text = ^x\n", text);
	tap_str(got, "Moscow: London:\nsince the incident\nsince X\n"
	    "Opening hours to\n-x-x", "ignore_text: each match out, any case, "
	    "^ only at a line's start, white space folded, emptied lines "
	    "dropped");
	free(got);
	got = filtered("ignore_text = z*\n", "abc\n\xc3\xa9t\xc3\xa9");
	tap_str(got, "abc\n\xc3\xa9t\xc3\xa9",
	    "ignore_text: empty matches leave the text (and UTF-8) whole");
	free(got);
	got = filtered("", "  kept as is  \nsecond");
	tap_str(got, "  kept as is  \nsecond",
	    "no ignore_text: the stored lines as they are");
	free(got);
}

/* The verdict on OLD (NULL: none) → NEW with KEYS. */
static enum changes_kind
judge_keys(const char *keys, const char *old, const char *new, int rebase,
    struct changes_result *cr)
{
	struct config		*cf = conf(keys);
	struct changes_poll	 cp;
	char			 oh[CHANGES_HASH_LEN], nh[CHANGES_HASH_LEN];
	char			*cause = NULL;

	memset(&cp, 0, sizeof(cp));
	cp.cp_conf = &cf->cf_sources[0];
	cp.cp_title = "Hours page";
	cp.cp_now = NOW;
	cp.cp_old = old;
	if (old != NULL) {
		changes_hash(old, oh);
		cp.cp_old_hash = oh;
	}
	cp.cp_rebase = rebase;
	cp.cp_new = new;
	changes_hash(new, nh);
	cp.cp_new_hash = nh;
	if (changes_judge(&cp, cr, &cause) == -1) {
		printf("# changes_judge: %s\n", cause);
		free(cause);
		memset(cr, 0, sizeof(*cr));
		cr->cr_kind = -1;
	}
	config_free(cf);
	return (cr->cr_kind);
}

static enum changes_kind
judge(const char *keys, const char *old, const char *new, char *what,
    size_t size)
{
	struct changes_result	 cr;
	enum changes_kind	 k = judge_keys(keys, old, new, 0, &cr);

	if (what != NULL)
		snprintf(what, size, "%s", cr.cr_what);
	changes_result_free(&cr);
	return (k);
}

static void
test_first(void)
{
	struct changes_result	 cr;

	tap_long(judge_keys("", NULL, "Mon 9-17\nTue <9-17> & more", 0, &cr),
	    CHANGES_FIRST, "first poll: the first version");
	tap_str(cr.cr_item.it_title, "Hours page: first version",
	    "first: title from the page's <title>");
	tap_str(cr.cr_item.it_link, PAGE_URL "#changed-20181117T102000Z",
	    "first: the page's address, the time seen as its fragment");
	tap_ok(cr.cr_item.it_guid != NULL &&
	    strncmp(cr.cr_item.it_guid, "urn:uuid:", 9) == 0 &&
	    strlen(cr.cr_item.it_guid) == 45, "first: a uuid guid");
	tap_str(cr.cr_item.it_content, "<p>Mon 9-17</p>\n"
	    "<p>Tue &lt;9-17&gt; &amp; more</p>",
	    "first: the text as paragraphs, escaped");
	tap_str(cr.cr_item.it_summary, "2 lines watched: Mon 9-17",
	    "first: the summary");
	tap_str(cr.cr_what, "first version: 2 lines", "first: what is logged");
	tap_long(cr.cr_item.it_date, 0, "first: no page date: dated when seen");
	changes_result_free(&cr);
	judge_keys("title = Embassy\nignore_text = ^Mon.*\n", NULL,
	    "Mon 9-17\nTue", 0, &cr);
	tap_str(cr.cr_item.it_title, "Embassy: first version",
	    "first: the title key wins");
	tap_str(cr.cr_item.it_content, "<p>Tue</p>",
	    "first: shown without what ignore_text takes out");
	changes_result_free(&cr);
	tap_long(judge_keys("", "old", "new", 1, &cr), CHANGES_REBASED,
	    "a version read with other settings: a first version again");
	tap_str(cr.cr_item.it_title, "Hours page: first version (settings "
	    "changed)", "rebased: its title");
	changes_result_free(&cr);
}

static void
test_noise(void)
{
	static const char base[] = "Moscow: 12:12\n258 days have passed since "
	    "it\nOpening hours\nMon 9-17\nTue 9-17\nPrice 250 roubles";
	static const char rules[] = "ignore_text = [0-9]+ days? (have )?passed"
	    "\nignore_text = [0-9]{1,2}:[0-9]{2}\n";
	char	 what[256];

	tap_long(judge("", base, base, what, sizeof(what)), CHANGES_SAME,
	    "the same text: unchanged");
	tap_str(what, "unchanged", "... said so");
	tap_long(judge(rules, base, "Moscow: 13:47\n259 days have passed "
	    "since it\nOpening hours\nMon 9-17\nTue 9-17\nPrice 250 roubles",
	    what, sizeof(what)), CHANGES_NOISE,
	    "clock and counter changed: noise (ignore_text)");
	tap_str(what, "unchanged (noise only: ignore_text)", "... said so");
	tap_long(judge("", base, "Moscow: 12:12\n258 days have passed since "
	    "it\nOpening\nhours\nMon 9-17\nTue 9 -17\nPrice 250 roubles", what,
	    sizeof(what)), CHANGES_NOISE, "white space only, line breaks too: "
	    "noise");
	tap_str(what, "unchanged (noise only: white space)", "... said so");
	tap_long(judge("", base, "Tue 9-17\nMoscow: 12:12\nMon 9-17\n258 "
	    "days have passed since it\nOpening hours\nPrice 250 roubles",
	    what, sizeof(what)), CHANGES_NOISE, "reordered lines only: noise");
	tap_str(what, "unchanged (noise only: reordered lines)", "... said so");
	tap_long(judge("min_change = 3\n", base, "Moscow: 12:12\n258 days "
	    "have passed since it\nOpening hours\nMon 9-17\nTue 9-17\nPrice "
	    "260 roubles", what, sizeof(what)), CHANGES_NOISE,
	    "2 characters changed, min_change = 3: noise");
	tap_ok(strstr(what, "2 characters") != NULL &&
	    strstr(what, "min_change = 3") != NULL, "... said so, with the "
	    "count");
	tap_long(judge("min_change = 2\n", base, "Moscow: 12:12\n258 days "
	    "have passed since it\nOpening hours\nMon 9-17\nTue 9-17\nPrice "
	    "260 roubles", what, sizeof(what)), CHANGES_CHANGED,
	    "2 characters changed, min_change = 2: a change");
	tap_long(judge("", "Price 250\n", "Price 250\nPrice 250", what,
	    sizeof(what)), CHANGES_CHANGED,
	    "a line twice where it was once: a change (not a reorder)");
}

static void
test_changed(void)
{
	struct changes_result	 cr;
	static const char	 v1[] = "Opening hours\nMon 9-17\nTue 9-17\n"
	    "Wed 9-17\nThu 9-17\nFri 9-17\nSat closed\nSun closed\nTel 1\n"
	    "Tel 2\nTel 3";
	static const char	 v2[] = "Opening hours\nMon 9-17\nTue 9-17\n"
	    "Wed 9-17\nThu 9-17\nFri 9-15 <early> & \"short\"\nSat closed\n"
	    "Sun closed\nTel 1\nTel 2\nTel 3";

	tap_long(judge_keys("", v1, v2, 0, &cr), CHANGES_CHANGED,
	    "a changed line: a change");
	tap_str(cr.cr_item.it_title, "Hours page changed", "changed: title");
	tap_str(cr.cr_what, "page changed: 1 line added, 1 removed",
	    "changed: what is logged");
	tap_str(cr.cr_item.it_summary, "1 line added, 1 removed: Fri 9-15 "
	    "<early> & \"short\"", "changed: the summary, plain text");
	tap_str(cr.cr_item.it_content, "<p>\xe2\x80\xa6</p>\n"
	    "<p>Wed 9-17</p>\n<p>Thu 9-17</p>\n"
	    "<p>\xe2\x88\x92 <del>Fri 9-17</del></p>\n"
	    "<p>+ <ins>Fri 9-15 &lt;early&gt; &amp; \"short\"</ins></p>\n"
	    "<p>Sat closed</p>\n<p>Sun closed</p>\n<p>\xe2\x80\xa6</p>",
	    "changed: <del>, <ins>, escaped, two lines of context, \xe2\x80\xa6 "
	    "for what is left out; the sanitiser keeps it as it is");
	changes_result_free(&cr);
	tap_long(judge_keys("", v2, v1, 0, &cr), CHANGES_CHANGED,
	    "a change back to the earlier text: a change too");
	tap_ok(cr.cr_item.it_content != NULL &&
	    strstr(cr.cr_item.it_content, "<ins>Fri 9-17</ins>") != NULL,
	    "... whose diff adds the old line back");
	changes_result_free(&cr);
	tap_long(judge_keys("", "a\nb", "", 0, &cr), CHANGES_CHANGED,
	    "everything gone: a change");
	tap_str(cr.cr_item.it_summary, "2 lines removed: a",
	    "... its summary names a removed line");
	changes_result_free(&cr);
}

/* The lines of S split at '\n' into V (pointers into S, which is cut). */
static size_t
split(char *s, const char **v, size_t max)
{
	size_t	 n = 0;
	char	*nl;

	while (*s != '\0' && n < max) {
		v[n++] = s;
		if ((nl = strchr(s, '\n')) == NULL)
			break;
		*nl = '\0';
		s = nl + 1;
	}
	return (n);
}

/* The ops of LD turn A into B, each line of both once, in order. */
static int
diff_valid(const char *const *a, size_t na, const char *const *b, size_t nb,
    const struct linediff *ld)
{
	size_t	 i, ia = 0, ib = 0;

	for (i = 0; i < ld->ld_nops; i++) {
		const struct linediff_op *op = &ld->ld_ops[i];

		if (op->lo_kind != LD_INS && op->lo_a != ia++)
			return (0);
		if (op->lo_kind != LD_DEL && op->lo_b != ib++)
			return (0);
		if (op->lo_kind == LD_SAME && strcmp(a[op->lo_a],
		    b[op->lo_b]) != 0)
			return (0);
	}
	return (ia == na && ib == nb);
}

/* The length of the longest common subsequence, the slow sure way. */
static size_t
lcs(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	size_t	*t = xcalloc((na + 1) * (nb + 1), sizeof(*t)), i, j, r;

	for (i = 1; i <= na; i++)
		for (j = 1; j <= nb; j++)
			t[i * (nb + 1) + j] = strcmp(a[i - 1], b[j - 1]) == 0 ?
			    t[(i - 1) * (nb + 1) + j - 1] + 1 :
			    t[(i - 1) * (nb + 1) + j] > t[i * (nb + 1) + j - 1] ?
			    t[(i - 1) * (nb + 1) + j] : t[i * (nb + 1) + j - 1];
	r = t[na * (nb + 1) + nb];
	free(t);
	return (r);
}

static unsigned long long	 rnd_state = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return ((unsigned)(rnd_state >> 33) % n);
}

static void
test_diff_random(void)
{
	static const char *const words[] = { "a", "b", "c", "d", "e" };
	const char	*a[40], *b[40];
	struct linediff	 ld;
	size_t		 na, nb, i, bad_valid = 0, bad_min = 0, runs = 2000;

	for (i = 0; i < runs; i++) {
		unsigned	 k = 2 + rnd(4);
		size_t		 j;

		na = rnd(40);
		nb = rnd(40);
		for (j = 0; j < na; j++)
			a[j] = words[rnd(k)];
		for (j = 0; j < nb; j++)
			b[j] = words[rnd(k)];
		linediff_lines(a, na, b, nb, &ld);
		if (!diff_valid(a, na, b, nb, &ld))
			bad_valid++;
		if (ld.ld_added + ld.ld_removed != na + nb - 2 * lcs(a, na, b,
		    nb))
			bad_min++;
		linediff_free(&ld);
	}
	tap_long(bad_valid, 0, "Myers: 2000 random pairs, every script turns "
	    "the old lines into the new");
	tap_long(bad_min, 0, "Myers: ... with the fewest lines added and "
	    "removed (against a brute-force LCS)");
}

static void
test_diff_html(void)
{
	char		 s1[512], s2[512], *html, *clean = NULL;
	const char	*a[64], *b[64];
	struct linediff	 ld;
	size_t		 na, nb;

	snprintf(s1, sizeof(s1), "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n"
	    "14\n15\n16\n17\n18\n19\n20");
	snprintf(s2, sizeof(s2), "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"
	    "13\n14\n15\n16\n18\n19\n20\n21 <i>");
	na = split(s1, a, 64);
	nb = split(s2, b, 64);
	linediff_lines(a, na, b, nb, &ld);
	tap_ok(ld.ld_added == 2 && ld.ld_removed == 2 && !ld.ld_bounded,
	    "diff: 2 added, 2 removed");
	html = linediff_html(a, b, &ld, 64 * 1024);
	tap_str(html, "<p>1</p>\n<p>2</p>\n<p>\xe2\x88\x92 <del>3</del></p>\n"
	    "<p>+ <ins>three</ins></p>\n<p>4</p>\n<p>5</p>\n"
	    "<p>\xe2\x80\xa6</p>\n<p>15</p>\n<p>16</p>\n"
	    "<p>\xe2\x88\x92 <del>17</del></p>\n<p>18</p>\n<p>19</p>\n"
	    "<p>20</p>\n<p>+ <ins>21 &lt;i&gt;</ins></p>\n",
	    "diff HTML: two hunks, \xe2\x80\xa6 between, context kept at the "
	    "ends");
	sanitize_html_string(html, PAGE_URL, NULL, &clean);
	html[strlen(html) - 1] = '\0';	/* its last newline is not kept */
	tap_str(clean, html, "diff HTML: the sanitiser leaves it as it is");
	free(clean);
	free(html);
	html = linediff_html(a, b, &ld, 200);
	tap_ok(strlen(html) <= 200 && strstr(html, "more changed lines not "
	    "shown") != NULL, "diff HTML: capped, and says what is left out");
	printf("# capped: %s", html);
	free(html);
	linediff_free(&ld);

	/* Characters: a digit changed is 2; a changed é is 2 too. */
	a[0] = "258 days";
	b[0] = "259 days";
	linediff_lines(a, 1, b, 1, &ld);
	tap_long(ld.ld_chars, 2, "characters: 258 → 259 is 2");
	linediff_free(&ld);
	a[0] = "caf\xc3\xa9 ouvert";
	b[0] = "caf\xc3\xa8 ouvert";
	linediff_lines(a, 1, b, 1, &ld);
	tap_long(ld.ld_chars, 2, "characters: whole UTF-8 characters");
	linediff_free(&ld);
	a[0] = "x";
	b[0] = "x y";
	b[1] = "zz";
	linediff_lines(a, 1, b, 2, &ld);
	tap_long(ld.ld_chars, 3, "characters: white space not counted");
	linediff_free(&ld);
}

static double
elapsed_ms(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return ((double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e6);
}

/* N distinct lines "PREFIX-i", every STEP-th (from START) "PREFIX-i*". */
static const char **
make_lines(size_t n, const char *prefix, size_t start, size_t step,
    char ***keep)
{
	const char	**v = xcalloc(n + 1, sizeof(*v));
	char		**s = xcalloc(n + 1, sizeof(*s));
	size_t		 i;

	for (i = 0; i < n; i++) {
		xasprintf(&s[i], "%s-%zu%s", prefix, i, step > 0 && i >= start &&
		    (i - start) % step == 0 ? "*" : "");
		v[i] = s[i];
	}
	*keep = s;
	return (v);
}

static void
test_diff_bounds(void)
{
	const char	**a, **b;
	char		**ka, **kb, *html;
	struct linediff	 ld;
	struct timespec	 t0;
	double		 ms;

	/* 20,000 lines, every one different: taken as replaced whole. */
	a = make_lines(20000, "old", 0, 0, &ka);
	b = make_lines(20000, "new", 0, 0, &kb);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	linediff_lines(a, 20000, b, 20000, &ld);
	ms = elapsed_ms(&t0);
	tap_ok(ld.ld_bounded && ld.ld_added == 20000 && ld.ld_removed == 20000 &&
	    diff_valid(a, 20000, b, 20000, &ld),
	    "20,000 lines all changed: bounded, replaced, still a valid script");
	printf("# 20,000 lines all changed: %.1f ms\n", ms);
	html = linediff_html(a, b, &ld, CHANGES_MAX_HTML);
	tap_ok(strlen(html) <= CHANGES_MAX_HTML, "... its HTML within the cap");
	free(html);
	linediff_free(&ld);
	strv_free(kb, 20000);
	free(b);

	/* 4,000 lines, 1 in 20 changed: aligned (400 edits). */
	b = make_lines(4000, "old", 7, 20, &kb);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	linediff_lines(a, 4000, b, 4000, &ld);
	ms = elapsed_ms(&t0);
	tap_ok(!ld.ld_bounded && ld.ld_added == 200 && ld.ld_removed == 200 &&
	    diff_valid(a, 4000, b, 4000, &ld),
	    "4,000 lines, 200 changed: aligned exactly");
	printf("# 4,000 lines, 200 changed: %.1f ms\n", ms);
	linediff_free(&ld);
	strv_free(kb, 4000);
	free(b);

	/* 20,000 lines, 1 in 3 changed: past LINEDIFF_MAX_EDITS, anchored. */
	b = make_lines(20000, "old", 0, 3, &kb);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	linediff_lines(a, 20000, b, 20000, &ld);
	ms = elapsed_ms(&t0);
	tap_ok(!ld.ld_bounded && ld.ld_added == 6667 && ld.ld_removed == 6667 &&
	    diff_valid(a, 20000, b, 20000, &ld), "20,000 lines, 6,667 changed: "
	    "over the edit bound, cut at the unchanged lines, each piece exact");
	printf("# 20,000 lines, 6,667 changed: %.1f ms\n", ms);
	linediff_free(&ld);
	strv_free(kb, 20000);
	free(b);
	strv_free(ka, 20000);
	free(a);
}

/* Big random lists of few distinct lines: anchors or not, a valid script. */
static void
test_diff_random_big(void)
{
	static const char *const words[] = { "a", "b", "c", "d", "e", "f", "g",
	    "h", "i", "j", "k", "l" };
	const char	**a, **b;
	struct linediff	 ld;
	size_t		 i, j, na, nb, bad = 0, bounded = 0;

	a = xcalloc(6000, sizeof(*a));
	b = xcalloc(6000, sizeof(*b));
	for (i = 0; i < 20; i++) {
		na = 1000 + rnd(5000);
		nb = 1000 + rnd(5000);
		for (j = 0; j < na; j++)
			a[j] = words[rnd(12)];
		for (j = 0; j < nb; j++)
			b[j] = rnd(4) == 0 ? words[rnd(12)] : a[j % na];
		linediff_lines(a, na, b, nb, &ld);
		bad += !diff_valid(a, na, b, nb, &ld);
		bounded += ld.ld_bounded;
		linediff_free(&ld);
	}
	tap_long(bad, 0, "20 random pairs of 1,000-6,000 lines: valid scripts");
	printf("# of them taken as replaced somewhere: %zu\n", bounded);
	free(a);
	free(b);
}

static void
test_text_bounds(void)
{
	struct changes_text	 ct;
	struct buf		 page;
	struct timespec		 t0;
	char			*t, *cause = NULL, *p, *line;
	size_t			 i, longest = 0, n = 0;

	/* 3 MB of paragraphs: cut at 1 MiB / 20,000 lines. */
	buf_init(&page, SIZE_MAX);
	buf_addstr(&page, "<html><body>");
	for (i = 0; i < 60000; i++)
		buf_printf(&page, "<p>Paragraph %zu: some words of text, "
		    "repeated to make a page.</p>\n", i);
	buf_addstr(&page, "</body></html>");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	t = watched_ct("", page.b_data, page.b_len, HTML, &ct, &cause);
	printf("# %zu KB page read in %.1f ms\n", page.b_len / 1024,
	    elapsed_ms(&t0));
	tap_ok(t != NULL && ct.ct_capped && strlen(t) <= CHANGES_MAX_TEXT &&
	    ct.ct_nlines <= CHANGES_MAX_LINES, "a 3 MB page: its text cut at "
	    "the bounds, and said so");
	free(t);
	buf_free(&page);

	/* One paragraph of 100 KB: lines of at most 2 KiB, broken at spaces. */
	buf_init(&page, SIZE_MAX);
	buf_addstr(&page, "<p>");
	for (i = 0; i < 10000; i++)
		buf_addstr(&page, "word \xc3\xa9t\xc3\xa9 ");
	buf_addstr(&page, "</p>");
	t = watched_ct("", page.b_data, page.b_len, HTML, &ct, &cause);
	for (p = t; p != NULL && *p != '\0'; n++) {
		line = p;
		p = strchr(p, '\n');
		if ((size_t)((p ? p : line + strlen(line)) - line) > longest)
			longest = (size_t)((p ? p : line + strlen(line)) - line);
		if (p != NULL)
			p++;
	}
	tap_ok(t != NULL && longest <= CHANGES_MAX_LINE && n >= 50 &&
	    !ct.ct_capped && strstr(t, "word \xc3\xa9t\xc3\xa9\nword") != NULL,
	    "a 100 KB paragraph: lines of at most 2 KiB, broken at a space");
	free(t);
	buf_free(&page);
}

/*
 * Lines built to nearly match cost glibc's matcher the square of their
 * length: 1 MB of them is stopped at CHANGES_REGEX_MS, and the poll fails.
 */
static void
test_regex_budget(void)
{
	struct config		*cf = conf("ignore_text = [0-9]+ days? (have )?"
	    "passed\n");
	struct changes_poll	 cp;
	struct changes_result	 cr;
	struct buf		 b;
	struct timespec		 t0;
	char			*old, *cause = NULL, h[CHANGES_HASH_LEN];
	size_t			 i;
	int			 rc;
	double			 ms;

	buf_init(&b, SIZE_MAX);
	for (i = 0; i < 512; i++) {
		memset(h, '1', sizeof(h));
		for (size_t k = 0; k < CHANGES_MAX_LINE / sizeof(h); k++)
			buf_add(&b, h, sizeof(h));
		buf_add(&b, "\n", 1);
	}
	old = xstrdup(b.b_data);
	buf_addstr(&b, "new line");
	memset(&cp, 0, sizeof(cp));
	cp.cp_conf = &cf->cf_sources[0];
	cp.cp_now = NOW;
	cp.cp_old = old;
	cp.cp_old_hash = "x";
	cp.cp_new = b.b_data;
	cp.cp_new_hash = "y";
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = changes_judge(&cp, &cr, &cause);
	ms = elapsed_ms(&t0);
	printf("# 1 MB of nearly matching lines: stopped after %.0f ms\n", ms);
	tap_ok(rc == -1 && cause != NULL && strstr(cause, "ignore_text") !=
	    NULL, "ignore_text on 1 MB of nearly matching lines: stopped at "
	    "its time budget, the poll fails saying why");
	if (rc == 0)
		changes_result_free(&cr);
	free(cause);
	free(old);
	buf_free(&b);
	config_free(cf);
}

static void
test_embassy(void)
{
	static const char rules[] = "ignore_text = [0-9]+ days? (have )?"
	    "passed\n";
	struct changes_result	 cr;
	char			*p1, *p2, *t1, *t2, *cause = NULL;
	size_t			 l1, l2;

	p1 = testlib_read("fixtures/embassy/index.html", &l1);
	p2 = testlib_read("fixtures/embassy/index-2.html", &l2);
	if (p1 == NULL || p2 == NULL) {
		tap_ok(0, "embassy fixtures");
		return;
	}
	t1 = watched_ct(rules, p1, l1, NULL, NULL, &cause);
	t2 = watched_ct(rules, p2, l2, NULL, NULL, &cause);
	tap_ok(t1 != NULL && strstr(t1, "LATEST EVENTS") != NULL &&
	    strstr(t1, "12:12") == NULL && strstr(t1, "Consular queries") ==
	    NULL && strstr(t1, "258 days") != NULL,
	    "embassy: main content without #header (clocks, menu) or footer");
	tap_long(judge_keys(rules, t1, t2, 0, &cr), CHANGES_CHANGED,
	    "embassy: the second snapshot is a change");
	tap_str(cr.cr_what, "page changed: 4 lines added, 4 removed",
	    "embassy: 2 events in (title, summary), 2 out; counters ignored");
	tap_ok(cr.cr_item.it_content != NULL && strstr(cr.cr_item.it_content,
	    "<ins>19.11.2018 \xe2\x80\x93 Embassy\xe2\x80\x99s comment on "
	    "\xe2\x80\x9c" "cyber security\xe2\x80\x9d publications &amp; the "
	    "&lt;b&gt;tag&lt;/b&gt; test</ins>") != NULL,
	    "embassy: the new event in <ins>, its markup-like title escaped");
	changes_result_free(&cr);
	free_all(p1, p2, t1, t2);
}

/* Runs a one-integer query on the database file itself. */
static long long
db_int(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*s;
	long long	 v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return (-1);
	}
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			v = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return (v);
}

static int
version_add(struct store *st, const char *text, time_t seen,
    const struct item *it, int keep, int *nnew)
{
	struct store_version	 sv;
	char			 hash[CHANGES_HASH_LEN], *cause = NULL;
	int			 rc;

	changes_hash(text, hash);
	sv.sv_text = (char *)text;
	sv.sv_hash = hash;
	sv.sv_settings = "0123456789abcdef";
	sv.sv_seen = seen;
	rc = store_version_add(st, "w", &sv, keep, it, seen, nnew, &cause);
	if (rc == -1)
		printf("# store_version_add: %s\n", cause);
	free(cause);
	return (rc);
}

static void
test_store_versions(void)
{
	struct store		*st;
	struct store_version	 sv;
	struct item		 it;
	char			*dir, *db, *cause = NULL;
	int			 nnew, i;

	xasprintf(&dir, "%s/store", tmpdir);
	xasprintf(&db, "%s/pagefeed.db", dir);
	if ((st = store_open(dir, &cause)) == NULL) {
		tap_ok(0, "store_open");
		printf("# %s\n", cause);
		free(cause);
		return;
	}
	tap_long(store_version_last(st, "w", &sv, &cause), 0,
	    "versions: none kept at first");
	memset(&it, 0, sizeof(it));
	for (i = 0; i < 5; i++) {
		char	 text[32], guid[32];

		snprintf(text, sizeof(text), "version %d", i);
		snprintf(guid, sizeof(guid), "urn:x-test:%d", i);
		it.it_guid = guid;
		it.it_title = "T changed";
		version_add(st, text, 1000 + i, &it, 3, &nnew);
	}
	tap_long(db_int(db, "SELECT count(*) FROM versions WHERE source = "
	    "'w'"), 3, "versions: the newest 3 kept (versions = 3)");
	tap_long(store_count(st, "w"), 5, "versions: every item kept");
	tap_long(store_version_last(st, "w", &sv, &cause), 1,
	    "versions: the last one found");
	tap_ok(sv.sv_text != NULL && strcmp(sv.sv_text, "version 4") == 0 &&
	    sv.sv_seen == 1004 && sv.sv_settings != NULL,
	    "versions: the newest, with its time and settings");
	store_version_clear(&sv);
	/* An item the store refuses (no title): no version kept either. */
	it.it_guid = "urn:x-test:bad";
	it.it_title = NULL;
	tap_long(version_add(st, "version 5", 2000, &it, 3, &nnew), -1,
	    "versions: a failing item fails the whole");
	store_version_last(st, "w", &sv, &cause);
	tap_ok(sv.sv_text != NULL && strcmp(sv.sv_text, "version 4") == 0,
	    "versions: ... and keeps no version without its item");
	store_version_clear(&sv);
	tap_ok(store_writable(st) == 0, "versions: the failure is a failed "
	    "write (/health says store not writable until the next)");
	store_close(st);

	/* A store of schema 4 (no versions table) is migrated to the last. */
	{
		sqlite3	*h;

		if (sqlite3_open(db, &h) == SQLITE_OK)
			sqlite3_exec(h, "DROP TABLE versions; DROP TABLE "
			    "subscriptions; DROP TABLE replica; "
			    "DROP INDEX items_dirty; DROP INDEX sources_dirty; "
			    "ALTER TABLE items DROP COLUMN dirty; "
			    "ALTER TABLE sources DROP COLUMN dirty; "
			    "UPDATE schema_version SET version = 4;", NULL, NULL,
			    NULL);
		sqlite3_close(h);
	}
	st = store_open(dir, &cause);
	tap_ok(st != NULL && db_int(db, "SELECT version FROM schema_version") ==
	    STORE_SCHEMA_VERSION && db_int(db, "SELECT count(*) FROM versions")
	    == 0 && store_count(st, "w") == 5, "schema 4 → last: versions made, "
	    "items kept");
	store_close(st);
	free(cause);
	free(db);
	free(dir);
}

int
main(void)
{
	log_init(LOG_LVL_ERROR);
	xmlInitParser();
	tmpdir = testlib_tmpdir("changes");
	test_main_content();
	test_watch_ignore();
	test_read_cases();
	test_ignore_text();
	test_first();
	test_noise();
	test_changed();
	test_diff_random();
	test_diff_html();
	test_diff_bounds();
	test_diff_random_big();
	test_text_bounds();
	test_regex_budget();
	test_embassy();
	test_store_versions();
	testlib_cleanup();
	xmlCleanupParser();
	return (tap_done());
}
