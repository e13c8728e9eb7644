/*
 * site.c: the pages for people.  "/" lists every source with its feeds and
 * its health, "/feeds/NAME" previews a feed's items, "/opml" lists every
 * feed for a reader to import.  The HTML pages are plain HTML5 with one
 * inline style sheet: no script, no external asset, and a Content-Security-
 * Policy that forbids both, so that an item's content (sanitised already)
 * could not run anything even if the sanitiser missed something.  Every
 * string that comes from the config, the store or a page goes through
 * site_esc; only an item's sanitised content is written as markup.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "app.h"
#include "config.h"
#include "combined.h"
#include "date.h"
#include "feed.h"
#include "fetch.h"
#include "log.h"
#include "site.h"
#include "render.h"
#include "source.h"
#include "store.h"
#include "text.h"
#include "url.h"
#include "util.h"

/* The order of the buttons and autodiscovery links (render_formats). */
static const enum feed_format site_order[] = { FEED_ATOM, FEED_RSS, FEED_JSON };
#define SITE_NFORMATS	(sizeof(site_order) / sizeof(site_order[0]))

#define PAGES_MAX_OFFSET	(18 * 3600)	/* the widest RFC 3339 allows */

/* Images may come from anywhere (thumbnails, content); nothing else may. */
#define PAGES_CSP	"default-src 'none'; style-src 'unsafe-inline'; " \
			"img-src http: https: data:; base-uri 'none'; " \
			"form-action 'none'"

static const char site_style[] =
	":root{color-scheme:light dark;--fg:#1f2328;--muted:#656d76;"
	"--bg:#fff;--panel:#f6f8fa;--line:#d8dee4;--link:#0550ae;"
	"--ok:#1a7f37;--err:#cf222e;--pend:#9a6700}\n"
	"@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;"
	"--muted:#8d96a0;--bg:#0d1117;--panel:#161b22;--line:#30363d;"
	"--link:#58a6ff;--ok:#3fb950;--err:#f85149;--pend:#d29922}}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0 auto;padding:1.5rem 1.25rem 3rem;max-width:76rem;"
	"font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"\"Noto Sans\",sans-serif;color:var(--fg);background:var(--bg);"
	"word-wrap:break-word;overflow-wrap:anywhere}\n"
	"body.feed{max-width:48rem}\n"
	"a{color:var(--link);text-decoration:none}"
	"a:hover,a:focus{text-decoration:underline}\n"
	"h1{font-size:1.6rem;line-height:1.25;margin:.2rem 0 .4rem;"
	"overflow-wrap:anywhere}\n"
	"header{border-bottom:1px solid var(--line);padding-bottom:1rem;"
	"margin-bottom:1rem}\n"
	"header p,.state{margin:.3rem 0}\n"
	".state .g{white-space:nowrap}\n"
	".muted,.url,.crumb,footer{color:var(--muted)}\n"
	".url{font-size:.85em;overflow-wrap:anywhere}\n"
	".crumb{font-size:.9em;margin:0}\n"
	".fmt{display:inline-block;margin:.1rem .25rem .1rem 0;"
	"padding:.05rem .5rem;border:1px solid var(--line);"
	"border-radius:.35rem;background:var(--panel);font-size:.85em;"
	"font-weight:600;white-space:nowrap}\n"
	".st{display:inline-block;padding:0 .55rem;border:1px solid;"
	"border-radius:1rem;font-size:.8em;font-weight:600;"
	"text-transform:uppercase;letter-spacing:.03em}\n"
	".st-ok{color:var(--ok)}.st-error{color:var(--err)}"
	".st-pending{color:var(--pend)}\n"
	".err{color:var(--err);font-size:.85em;margin:.25rem 0 0;"
	"overflow-wrap:anywhere}\n"
	".banner{border:1px solid var(--err);color:var(--err);"
	"border-radius:.4rem;padding:.5rem .75rem}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"th,td{text-align:left;vertical-align:top;padding:.65rem .6rem;"
	"border-bottom:1px solid var(--line)}\n"
	"th{font-size:.75em;text-transform:uppercase;letter-spacing:.05em;"
	"color:var(--muted);font-weight:600}\n"
	"th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"td.src{max-width:26rem}\n"
	"td.feeds{white-space:nowrap}\n"
	"td.status{min-width:9rem;max-width:16rem}\n"
	".title{font-weight:600;font-size:1.05em}\n"
	"time{white-space:nowrap}\n"
	".rel{color:var(--muted);font-size:.85em;margin-left:.35rem}\n"
	"td .rel{display:block;margin-left:0}\n"
	"@media (max-width:760px){thead{display:none}"
	"table,tbody,tr,td{display:block;width:auto}"
	"tr{border-bottom:1px solid var(--line);padding:.6rem 0}"
	"td{border:0;padding:.15rem 0;max-width:none}td.num{text-align:left}"
	"td[data-l]::before{content:attr(data-l) \": \";color:var(--muted)}"
	"td .rel{display:inline;margin-left:.35rem}}\n"
	/* A phone: the state's groups one per line rather than too wide. */
	"@media (max-width:560px){.state .g{display:block;"
	"white-space:normal}}\n"
	"article{border-bottom:1px solid var(--line);padding:1rem 0;"
	"overflow-wrap:anywhere}\n"
	"article::after{content:\"\";display:block;clear:both}\n"
	"article h2{font-size:1.15rem;line-height:1.3;margin:0 0 .25rem}\n"
	".meta{color:var(--muted);font-size:.85em;margin:0 0 .5rem}\n"
	".thumb{float:right;width:8rem;max-height:8rem;object-fit:cover;"
	"margin:0 0 .5rem 1rem;border-radius:.35rem;background:var(--panel)}\n"
	".content{overflow-x:auto}\n"
	".content img,.content video{max-width:100%;height:auto}\n"
	".content pre{overflow-x:auto;background:var(--panel);padding:.5rem}\n"
	".content h1,.content h2,.content h3{font-size:1.05em}\n"
	"details summary{cursor:pointer;color:var(--link);font-size:.9em}\n"
	".tags{list-style:none;padding:0;margin:.5rem 0 0}\n"
	".tags li{display:inline-block;margin:0 .3rem .3rem 0;"
	"padding:0 .5rem;border-radius:1rem;background:var(--panel);"
	"border:1px solid var(--line);font-size:.8em}\n"
	"footer{font-size:.85em;margin-top:1.5rem}\n";

static void
site_esc(struct buf *b, const char *s)
{
	if (s != NULL)
		text_html_escape(b, s, strlen(s), TEXT_HTML_PAGE);
}

/* Links go out only with a scheme a browser should follow from here. */
static int
site_url_ok(const char *url, int image)
{
	return (url_allowed(url, image ? URL_IMAGE : URL_LINK));
}

/* <a href="URL">TEXT</a>, or only TEXT when URL may not be a link. */
static void
site_link(struct buf *b, const char *url, const char *text,
    const char *class)
{
	if (!site_url_ok(url, 0)) {
		site_esc(b, text);
		return;
	}
	buf_addstr(b, "<a");
	if (class != NULL)
		buf_printf(b, " class=\"%s\"", class);
	buf_addstr(b, " href=\"");
	site_esc(b, url);
	buf_addstr(b, "\">");
	site_esc(b, text);
	buf_addstr(b, "</a>");
}

/* BASE "feeds/" NAME [".EXT"], escaped for an attribute. */
static void
site_feed_url(struct buf *b, struct app *app, const char *name,
    const char *ext)
{
	site_esc(b, app->app_base_url);
	buf_addstr(b, "feeds/");
	site_esc(b, name);
	if (*ext != '\0')
		buf_addstr(b, ".");
	site_esc(b, ext);
}

/* Autodiscovery: one <link rel="alternate"> per format. */
static void
site_alternates(struct buf *b, struct app *app, const char *name,
    const char *title)
{
	const struct render_format	*rf;
	size_t				 i;

	for (i = 0; i < SITE_NFORMATS; i++) {
		rf = &render_formats[site_order[i]];
		buf_printf(b, "<link rel=\"alternate\" type=\"%s\" title=\"",
		    rf->rf_type);
		site_esc(b, title);
		buf_printf(b, " (%s)\" href=\"", rf->rf_name);
		site_feed_url(b, app, name, rf->rf_ext);
		buf_addstr(b, "\">\n");
	}
}

/* The three buttons: Atom, RSS, JSON. */
static void
site_formats_links(struct buf *b, struct app *app, const char *name)
{
	const struct render_format	*rf;
	size_t				 i;

	for (i = 0; i < SITE_NFORMATS; i++) {
		rf = &render_formats[site_order[i]];
		buf_printf(b, "<a class=\"fmt\" type=\"%s\" href=\"",
		    rf->rf_type);
		site_feed_url(b, app, name, rf->rf_ext);
		buf_printf(b, "\">%s</a>", rf->rf_label);
	}
}

/* "5 min ago", "in 3 h": a hint beside an exact time. */
static void
site_relative(struct buf *b, time_t t, time_t now)
{
	long long	 d = (long long)t - (long long)now, a = d < 0 ? -d : d;
	long long	 v;
	const char	*unit;

	if (a < 60) {
		buf_addstr(b, d < 0 ? "just now" : "in under a minute");
		return;
	}
	if (a < 3600) {
		v = a / 60;
		unit = "min";
	} else if (a < 48 * 3600) {
		v = a / 3600;
		unit = "h";
	} else if (a < 60 * 86400) {
		v = a / 86400;
		unit = "days";
	} else if (a < 730 * 86400) {
		v = a / (30 * 86400);
		unit = "months";
	} else {
		v = a / (365 * 86400);
		unit = "years";
	}
	if (d < 0)
		buf_printf(b, "%lld %s ago", v, unit);
	else
		buf_printf(b, "in %lld %s", v, unit);
}

/* <time> with the UTC date and time, then the relative hint. */
static void
site_time(struct buf *b, time_t t, time_t now, const char *never)
{
	char	 iso[64];

	if (t <= 0) {
		buf_printf(b, "<span class=\"muted\">%s</span>", never);
		return;
	}
	date_format_rfc3339(t, iso, sizeof(iso));
	buf_printf(b, "<time datetime=\"%s\">%.10s %.5s UTC</time>", iso, iso,
	    iso + 11);
	buf_addstr(b, "<span class=\"rel\">");
	site_relative(b, t, now);
	buf_addstr(b, "</span>");
}

/*
 * T as its source gives it, OFFSET seconds east of UTC: ATTR a valid HTML
 * datetime, TEXT what a reader sees.  A date-only value is the day alone
 * ("2018-11-22"), with no time the page never gave.  An offset beyond
 * what any zone uses (a damaged store) is taken as UTC.  Returns 0, or -1
 * when T cannot be broken down.
 */
int
site_date(time_t t, int offset, int date_only, char *attr, size_t attrsz,
    char *text, size_t textsz)
{
	struct tm	 tm;
	time_t		 local;
	int		 a;
	char		 zone[16];

	if (offset < -PAGES_MAX_OFFSET || offset > PAGES_MAX_OFFSET)
		offset = 0;
	local = t + offset;
	if (gmtime_r(&local, &tm) == NULL || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 0)
		return (-1);
	if (date_only) {
		snprintf(attr, attrsz, "%04d-%02d-%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday);
		snprintf(text, textsz, "%s", attr);
		return (0);
	}
	a = offset < 0 ? -offset : offset;
	if (offset == 0)
		zone[0] = '\0';
	else
		snprintf(zone, sizeof(zone), "%c%02d:%02d",
		    offset < 0 ? '-' : '+', a / 3600, a % 3600 / 60);
	date_format_rfc3339_offset(t, offset, attr, attrsz);
	snprintf(text, textsz, "%04d-%02d-%02d %02d:%02d %s",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, offset == 0 ? "UTC" : zone);
	return (0);
}

/* An item's date in its source's zone, then the relative hint. */
static void
site_item_time(struct buf *b, time_t t, int offset, int date_only,
    time_t now)
{
	char		 attr[64], text[64];
	long long	 d = (long long)t - (long long)now;

	if (t <= 0 || site_date(t, offset, date_only, attr, sizeof(attr),
	    text, sizeof(text)) == -1) {
		buf_addstr(b, "<span class=\"muted\">no date</span>");
		return;
	}
	buf_printf(b, "<time datetime=\"%s\">%s</time>", attr, text);
	/* A day has no hour to count from: no "5 h ago" for it. */
	if (date_only && d > -2 * 86400 && d < 2 * 86400)
		return;
	buf_addstr(b, "<span class=\"rel\">");
	site_relative(b, t, now);
	buf_addstr(b, "</span>");
}

static void
site_head(struct buf *b, const char *title)
{
	buf_addstr(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"" PAGES_CSP "\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"generator\" content=\"" PACKAGE_NAME " "
	    PACKAGE_VERSION "\">\n<title>");
	site_esc(b, title);
	buf_addstr(b, "</title>\n");
}

static void
site_style_end_head(struct buf *b, const char *body_class)
{
	buf_printf(b, "<style>\n%s</style>\n</head>\n<body class=\"%s\">\n",
	    site_style, body_class);
}

static void
site_footer(struct buf *b, struct app *app)
{
	buf_addstr(b, "<footer>" PACKAGE_NAME " " PACKAGE_VERSION " · <a href=\"");
	site_esc(b, app->app_base_url);
	buf_addstr(b, "opml\">OPML</a> · <a href=\"");
	site_esc(b, app->app_base_url);
	buf_addstr(b, "health\">health</a></footer>\n</body>\n</html>\n");
}

/* The status badge, and whether a poll runs or waits. */
static void
site_status(struct buf *b, const struct source *src)
{
	const char	*st = source_status_name(src->src_status), *waiting;

	buf_printf(b, "<span class=\"st st-%s\">%s</span>", st, st);
	/* A due poll held back by the per-host limits says why. */
	if ((waiting = source_waiting(src)) != NULL) {
		buf_addstr(b, " <span class=\"muted\">waiting: ");
		site_esc(b, waiting);
		buf_addstr(b, "</span>");
	} else if (source_busy(src))
		buf_addstr(b, " <span class=\"muted\">polling…</span>");
}

/* The last error, when the source is failing. */
static void
site_error(struct buf *b, const struct source *src)
{
	int	 n = src->src_state.ss_consecutive_failures;

	if (src->src_status == SOURCE_ERROR &&
	    src->src_state.ss_last_error != NULL) {
		buf_addstr(b, "<div class=\"err\">");
		site_esc(b, src->src_state.ss_last_error);
		if (n > 1)
			buf_printf(b, " <span class=\"muted\">(%d failures in "
			    "a row)</span>", n);
		buf_addstr(b, "</div>");
	}
}

static time_t
site_next_poll(const struct source *src, time_t now)
{
	return (source_busy(src) ? now : src->src_next_poll);
}

static void
site_store_banner(struct buf *b, struct app *app)
{
	if (!store_writable(app->app_store))
		buf_addstr(b, "<p class=\"banner\">The store cannot be "
		    "written: feeds are not being updated. See the log.</p>\n");
}

/* A combined feed's title: its own, else its name. */
static const char *
site_combined_title(const struct combined *cb)
{
	return (cb->cb_conf->sc_title != NULL ? cb->cb_conf->sc_title :
	    cb->cb_conf->sc_name);
}

/* The [feed NAME] sections: each with its feeds and its sources. */
static void
site_combined_table(struct buf *b, struct app *app)
{
	const struct combined	*cb;
	size_t			 i, k;

	if (app->app_nfeeds == 0)
		return;
	buf_addstr(b, "<h2>Combined feeds</h2>\n<table>\n<thead><tr><th>Feed"
	    "</th><th>Feeds</th><th>Sources</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < app->app_nfeeds; i++) {
		cb = &app->app_feeds[i];
		buf_addstr(b, "<tr id=\"feed-");
		site_esc(b, cb->cb_conf->sc_name);
		buf_addstr(b, "\">\n<td class=\"src\">");
		site_esc(b, site_combined_title(cb));
		buf_addstr(b, "</td>\n<td class=\"feeds\" data-l=\"Feeds\">");
		site_formats_links(b, app, cb->cb_conf->sc_name);
		buf_addstr(b, "</td>\n<td data-l=\"Sources\">");
		for (k = 0; k < cb->cb_conf->sc_nmembers; k++) {
			if (k > 0)
				buf_addstr(b, ", ");
			buf_addstr(b, "<a href=\"#");
			site_esc(b, app->app_sources[cb->cb_conf->sc_members[k]]
			    .src_conf->sc_name);
			buf_addstr(b, "\">");
			site_esc(b, source_title(&app->app_sources[
			    cb->cb_conf->sc_members[k]]));
			buf_addstr(b, "</a>");
		}
		if (cb->cb_conf->sc_nmembers == 0)
			buf_addstr(b, "none");
		buf_addstr(b, "</td>\n</tr>\n");
	}
	buf_addstr(b, "</tbody>\n</table>\n");
}

void
site_index(struct app *app, struct buf *b)
{
	struct source	*src;
	const char	*base = app->app_base_url;
	char		*title;
	size_t		 i;
	time_t		 now = time(NULL);
	struct source_summary sum;

	source_summary(app, &sum);
	if (app->app_nsources == 0)
		title = xstrdup("pagefeed: no feeds");
	else
		xasprintf(&title, "pagefeed: %zu feed%s", app->app_nsources,
		    app->app_nsources == 1 ? "" : "s");
	site_head(b, title);
	free(title);
	for (i = 0; i < app->app_nsources; i++)
		site_alternates(b, app, app->app_sources[i].src_conf->sc_name,
		    source_title(&app->app_sources[i]));
	for (i = 0; i < app->app_nfeeds; i++)
		site_alternates(b, app, app->app_feeds[i].cb_conf->sc_name,
		    site_combined_title(&app->app_feeds[i]));
	site_style_end_head(b, "index");

	buf_addstr(b, "<header>\n<h1>pagefeed</h1>\n");
	if (app->app_nsources == 0) {
		buf_addstr(b, "</header>\n");
		site_store_banner(b, app);
		buf_addstr(b, "<main>\n<p>No sources are configured yet: add a "
		    "<code>[source NAME]</code> section to the configuration."
		    "</p>\n</main>\n");
		site_footer(b, app);
		return;
	}
	/* One source is "1 page that has none", and its feed is "it". */
	buf_printf(b, "<p>Feeds for %zu page%s that ha%s none: %zu ok, %zu "
	    "failing, %zu not polled yet. Paste this page's address into a "
	    "feed reader to find %s, or import the <a href=\"",
	    app->app_nsources, app->app_nsources == 1 ? "" : "s",
	    app->app_nsources == 1 ? "s" : "ve", sum.sum_ok, sum.sum_failing,
	    sum.sum_pending,
	    app->app_nsources == 1 ? "it" : "them all");
	site_esc(b, base);
	buf_addstr(b, "opml\">OPML list</a>.</p>\n</header>\n");
	site_store_banner(b, app);
	buf_addstr(b, "<main>\n");
	buf_addstr(b, "<table>\n<thead><tr><th>Source</th><th>Feeds</th>"
	    "<th>Status</th><th>Last success</th><th class=\"num\">Items</th>"
	    "<th>Next poll</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < app->app_nsources; i++) {
		src = &app->app_sources[i];
		buf_addstr(b, "<tr id=\"");
		site_esc(b, src->src_conf->sc_name);
		buf_addstr(b, "\">\n<td class=\"src\"><a class=\"title\" href=\"");
		site_feed_url(b, app, src->src_conf->sc_name, "");
		buf_addstr(b, "\">");
		site_esc(b, source_title(src));
		buf_addstr(b, "</a><br><span class=\"url\">");
		site_link(b, src->src_conf->sc_url, src->src_conf->sc_url,
		    NULL);
		buf_addstr(b, "</span></td>\n<td class=\"feeds\" "
		    "data-l=\"Feeds\">");
		site_formats_links(b, app, src->src_conf->sc_name);
		buf_addstr(b, "</td>\n<td class=\"status\" "
		    "data-l=\"Status\">");
		site_status(b, src);
		site_error(b, src);
		buf_addstr(b, "</td>\n<td data-l=\"Last success\">");
		site_time(b, src->src_state.ss_last_success, now, "never");
		buf_printf(b, "</td>\n<td class=\"num\" data-l=\"Items\">%ld"
		    "</td>\n<td data-l=\"Next poll\">", src->src_nitems);
		site_time(b, site_next_poll(src, now), now, "not scheduled");
		buf_addstr(b, "</td>\n</tr>\n");
	}
	buf_addstr(b, "</tbody>\n</table>\n");
	site_combined_table(b, app);
	buf_addstr(b, "</main>\n");
	site_footer(b, app);
}

/* One line per category: the list of tags. */
static void
site_categories(struct buf *b, const char *cats)
{
	const char	*p, *nl;

	if (cats == NULL || cats[0] == '\0')
		return;
	buf_addstr(b, "<ul class=\"tags\">");
	for (p = cats; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		if (nl == p)
			continue;
		buf_addstr(b, "<li>");
		text_html_escape(b, p, (size_t)(nl - p), TEXT_HTML_PAGE);
		buf_addstr(b, "</li>");
	}
	buf_addstr(b, "</ul>\n");
}

void
site_item(struct buf *b, const struct stored_item *si, const struct tz *tz,
    time_t now)
{
	char	*html;

	buf_addstr(b, "<article>\n");
	if (site_url_ok(si->si_image, 1)) {
		buf_addstr(b, "<img class=\"thumb\" alt=\"\" loading=\"lazy\" "
		    "referrerpolicy=\"no-referrer\" src=\"");
		site_esc(b, si->si_image);
		buf_addstr(b, "\">\n");
	}
	buf_addstr(b, "<h2>");
	site_link(b, si->si_link, si->si_title != NULL && si->si_title[0] ?
	    si->si_title : "(untitled)", NULL);
	buf_addstr(b, "</h2>\n<p class=\"meta\">");
	/* Without a date of its own an item is dated when it was first seen. */
	if (si->si_date <= 0)
		buf_addstr(b, "first seen ");
	site_item_time(b, si->si_published, (int)feed_offset(tz, si,
	    si->si_published, 1), si->si_date > 0 && si->si_date_only, now);
	if (si->si_updated > 0) {
		buf_addstr(b, " · updated ");
		site_item_time(b, si->si_updated, (int)feed_offset(tz, si,
		    si->si_updated, 0), 0, now);
	}
	if (si->si_author != NULL && si->si_author[0] != '\0') {
		buf_addstr(b, " · ");
		site_esc(b, si->si_author);
	}
	buf_addstr(b, "</p>\n");
	if (si->si_summary != NULL && si->si_summary[0] != '\0') {
		buf_addstr(b, "<p class=\"summary\">");
		site_esc(b, si->si_summary);
		buf_addstr(b, "</p>\n");
	}
	if (si->si_content != NULL && si->si_content[0] != '\0') {
		/* Sanitised markup, written as is; only its bytes are mended. */
		html = text_xml_filter(si->si_content);
		if (si->si_summary != NULL && si->si_summary[0] != '\0')
			buf_printf(b, "<details><summary>Full content</summary>"
			    "\n<div class=\"content\">%s</div>\n</details>\n",
			    html);
		else
			buf_printf(b, "<div class=\"content\">%s</div>\n",
			    html);
		free(html);
	}
	site_categories(b, si->si_categories);
	buf_addstr(b, "</article>\n");
}

int
site_feed(struct app *app, struct source *src, struct buf *b)
{
	const struct source_conf *sc = src->src_conf;
	struct stored_item	*items = NULL;
	size_t			 i, n = 0;
	char			*cause = NULL, *title;
	time_t			 now = time(NULL);

	if (store_items(app->app_store, sc->sc_name, sc->sc_max_items, &items,
	    &n, &cause) == -1) {
		log_warnx("source %s: reading the store: %s", sc->sc_name,
		    cause);
		free(cause);
		return (-1);
	}
	xasprintf(&title, "%s · pagefeed", source_title(src));
	site_head(b, title);
	free(title);
	site_alternates(b, app, src->src_conf->sc_name, source_title(src));
	site_style_end_head(b, "feed");

	buf_addstr(b, "<header>\n<p class=\"crumb\"><a href=\"");
	site_esc(b, app->app_base_url);
	buf_addstr(b, "\">pagefeed</a> › ");
	site_esc(b, sc->sc_name);
	buf_addstr(b, "</p>\n<h1>");
	site_esc(b, source_title(src));
	buf_addstr(b, "</h1>\n<p class=\"url\">");
	site_link(b, sc->sc_url, sc->sc_url, NULL);
	buf_addstr(b, "</p>\n<p>");
	site_formats_links(b, app, src->src_conf->sc_name);
	buf_addstr(b, "</p>\n<div class=\"state\">");
	site_status(b, src);
	buf_printf(b, " <span class=\"g muted\">%ld item%s kept</span> "
	    "<span class=\"g\"><span class=\"muted\">· last success</span> ",
	    src->src_nitems, src->src_nitems == 1 ? "" : "s");
	site_time(b, src->src_state.ss_last_success, now, "never");
	buf_addstr(b, "</span> <span class=\"g\"><span class=\"muted\">· "
	    "next poll</span> ");
	site_time(b, site_next_poll(src, now), now, "not scheduled");
	buf_addstr(b, "</span></div>\n");
	site_error(b, src);
	buf_addstr(b, "</header>\n");
	site_store_banner(b, app);
	buf_addstr(b, "<main>\n");
	if (n == 0)
		buf_addstr(b, "<p class=\"muted\">No items yet.</p>\n");
	for (i = 0; i < n; i++)
		site_item(b, &items[i], sc->sc_tz, now);
	buf_addstr(b, "</main>\n");
	site_footer(b, app);
	store_items_free(items, n);
	return (0);
}

/*
 * The answer to an address nothing is served at: the way to the index and
 * every feed by name, for someone who mistyped one.  The address is not
 * echoed: the browser shows it, and a page should not repeat what anyone
 * can put into a link.
 */
void
site_not_found(struct app *app, struct buf *b)
{
	struct source	*src;
	size_t		 i;

	site_head(b, "Not found · pagefeed");
	site_style_end_head(b, "feed");
	buf_addstr(b, "<header>\n<p class=\"crumb\"><a href=\"");
	site_esc(b, app->app_base_url);
	buf_addstr(b, "\">pagefeed</a></p>\n<h1>Not found</h1>\n"
	    "<p>There is no feed or page at this address.</p>\n</header>\n"
	    "<main>\n");
	if (app->app_nsources == 0)
		buf_addstr(b, "<p>No sources are configured yet.</p>\n");
	else {
		if (app->app_nsources == 1)
			buf_addstr(b, "<p>The feed served here (its formats "
			    "and status are on the <a href=\"");
		else
			buf_printf(b, "<p>The %zu feeds served here (their "
			    "formats and status are on the <a href=\"",
			    app->app_nsources);
		site_esc(b, app->app_base_url);
		buf_addstr(b, "\">index</a>):</p>\n<ul class=\"list\">\n");
	}
	for (i = 0; i < app->app_nsources; i++) {
		src = &app->app_sources[i];
		buf_addstr(b, "<li><a class=\"title\" href=\"");
		site_feed_url(b, app, src->src_conf->sc_name, "");
		buf_addstr(b, "\">");
		site_esc(b, src->src_conf->sc_name);
		buf_addstr(b, "</a> <span class=\"muted\">");
		site_esc(b, source_title(src));
		buf_addstr(b, "</span></li>\n");
	}
	if (app->app_nsources > 0)
		buf_addstr(b, "</ul>\n");
	buf_addstr(b, "</main>\n");
	site_footer(b, app);
}

/*
 * OPML 2.0 (http://opml.org/spec2.opml).  type="rss" is what the spec
 * and every reader use for "a feed", and a reader may take it literally:
 * xmlUrl is the RSS feed, so type and document agree.  No <docs> (the
 * W3C validator knows only OPML 1.0's head) and no dateCreated: like the
 * feeds, the document depends on the config only, so it is the same
 * every time.  The body must hold an outline: without sources it is one
 * of text only, which readers show and do not subscribe to.
 */
void
site_opml(struct app *app, struct buf *b)
{
	xmlBufferPtr		 xb;
	xmlTextWriterPtr	 w = feed_writer_new(&xb);
	struct source		*src;
	char			*url, *out = NULL, *cause = NULL;
	size_t			 i, len;
	int			 bad = 0;

	bad |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
	bad |= xmlTextWriterStartElement(w, BAD_CAST "opml") < 0;
	bad |= feed_attribute(w, "version", "2.0");
	bad |= xmlTextWriterStartElement(w, BAD_CAST "head") < 0;
	bad |= feed_element(w, "title", "pagefeed feeds");
	bad |= xmlTextWriterEndElement(w) < 0;
	bad |= xmlTextWriterStartElement(w, BAD_CAST "body") < 0;
	for (i = 0; i < app->app_nsources; i++) {
		src = &app->app_sources[i];
		xasprintf(&url, "%sfeeds/%s.rss", app->app_base_url,
		    src->src_conf->sc_name);
		bad |= xmlTextWriterStartElement(w, BAD_CAST "outline") < 0;
		bad |= feed_attribute(w, "type", "rss");
		bad |= feed_attribute(w, "text", source_title(src));
		bad |= feed_attribute(w, "title", source_title(src));
		bad |= feed_attribute(w, "xmlUrl", url);
		bad |= feed_attribute(w, "htmlUrl", src->src_conf->sc_url);
		bad |= xmlTextWriterEndElement(w) < 0;
		free(url);
	}
	for (i = 0; i < app->app_nfeeds; i++) {
		xasprintf(&url, "%sfeeds/%s.rss", app->app_base_url,
		    app->app_feeds[i].cb_conf->sc_name);
		bad |= xmlTextWriterStartElement(w, BAD_CAST "outline") < 0;
		bad |= feed_attribute(w, "type", "rss");
		bad |= feed_attribute(w, "text",
		    site_combined_title(&app->app_feeds[i]));
		bad |= feed_attribute(w, "title",
		    site_combined_title(&app->app_feeds[i]));
		bad |= feed_attribute(w, "xmlUrl", url);
		bad |= feed_attribute(w, "htmlUrl", app->app_base_url);
		bad |= xmlTextWriterEndElement(w) < 0;
		free(url);
	}
	if (app->app_nsources == 0) {
		bad |= xmlTextWriterStartElement(w, BAD_CAST "outline") < 0;
		bad |= feed_attribute(w, "text", "No sources are configured yet");
		bad |= xmlTextWriterEndElement(w) < 0;
	}
	bad |= xmlTextWriterEndElement(w) < 0;	/* body */
	bad |= xmlTextWriterEndElement(w) < 0;	/* opml */
	if (feed_writer_finish(w, xb, &out, &len, &cause) == -1 || bad) {
		log_warnx("writing OPML: %s", cause != NULL ? cause :
		    "xmlTextWriter failed");
		free(cause);
		free(out);
		return;
	}
	buf_add(b, out, len);
	free(out);
}
