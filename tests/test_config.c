/*
 * test_config.c: config_load on real files in a temporary directory, and
 * the duration and listen-address parsers.  The CLI test covers the long
 * table of error messages; this one covers the API: defaults, inheritance,
 * comments, quoting, line endings, selectors, and that every error line
 * comes back in order, with nothing leaked by a failing load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "buf.h"
#include "config.h"
#include "tap.h"
#include "testlib.h"
#include "util.h"

static const char	*tmpdir;

/* Writes TEXT to TMPDIR/NAME; returns the path (caller frees). */
static char *
write_conf(const char *name, const char *text)
{
	char	*path;
	FILE	*fp;

	xasprintf(&path, "%s/%s", tmpdir, name);
	if ((fp = fopen(path, "wb")) == NULL) {
		perror(path);
		exit(1);
	}
	fwrite(text, 1, strlen(text), fp);
	fclose(fp);
	return (path);
}

/* Loads TEXT as a config; *errors as config_load leaves it. */
static struct config *
load(const char *text, char **errors)
{
	struct config	*cf;
	char		*path, *err = NULL;

	path = write_conf("t.conf", text);
	cf = config_load(path, &err);
	if (cf == NULL && errors == NULL)
		printf("# config_load failed:\n%s",
		    err ? err : "(no errors)\n");
	if (errors != NULL)
		*errors = err;
	else
		free(err);
	free(path);
	return (cf);
}

#define MINIMAL_SOURCE \
	"[source a]\n" \
	"url = http://example.org/\n" \
	"item = li\n" \
	"item.title = a\n"

/*
 * The template with its example sections uncommented: from the first
 * numbered example on, "# [source" lines and "# key = value" lines lose
 * their "# ".  Returns the text (caller frees), or NULL.
 */
static char *
uncomment_examples(const char *path)
{
	FILE	*fp;
	char	 line[1024], *out = NULL, *tmp;
	size_t	 k;
	int	 on = 0;

	if ((fp = fopen(path, "r")) == NULL)
		return (NULL);
	out = xstrdup("");
	while (fgets(line, sizeof(line), fp) != NULL) {
		const char	*l = line;

		if (strncmp(line, "# 1. ", 5) == 0)
			on = 1;
		if (on && strncmp(line, "# ", 2) == 0) {
			k = strspn(line + 2, "abcdefghijklmnopqrstuvwxyz_.");
			if (strncmp(line + 2, "[source ", 8) == 0 ||
			    (k > 0 && strspn(line + 2 + k, " ") +
			    2 + k < strlen(line) &&
			    line[2 + k + strspn(line + 2 + k, " ")] == '='))
				l = line + 2;
		}
		xasprintf(&tmp, "%s%s", out, l);
		free(out);
		out = tmp;
	}
	fclose(fp);
	return (out);
}

/*
 * etc/pagefeed.conf.example is what make install puts in $sysconfdir: it
 * must load as it is (its sources commented out), keep its store out of
 * /tmp, refuse file: URLs, and its commented sections, once uncommented,
 * show each common layout of a page.
 */
static void
test_example(void)
{
	struct config		*cf;
	struct source_conf	*sc;
	char			*path, *err = NULL, *text, *chromium;
	size_t			 i;
	int			 https = 1, css = 0, xpath = 0, autodet = 0;
	int			 follow = 0, plain = 0, json = 0, render = 0;

	xasprintf(&path, "%s/../etc/pagefeed.conf.example", testlib_srcdir());
	cf = config_load(path, &err);
	text = uncomment_examples(path);
	free(path);
	if (!tap_ok(cf != NULL && err == NULL, "the production template "
	    "loads as installed")) {
		printf("# errors:\n%s", err ? err : "");
		free(err);
		free(text);
		return;
	}
	tap_long((long long)cf->cf_nsources, 0,
	    "template: its example sources are commented out");
	tap_str(cf->cf_state_dir, "/var/lib/pagefeed",
	    "template as installed: state_dir");
	config_free(cf);
	if (!tap_ok(text != NULL, "template read")) {
		free(text);
		return;
	}
	/* Example 9 renders: loading it needs a browser. */
	if ((chromium = config_find_chromium(NULL, &err)) == NULL) {
		printf("# SKIP the uncommented template: %s\n", err);
		free_all(err, text);
		return;
	}
	free(chromium);
	path = write_conf("uncommented.conf", text);
	free(text);
	cf = config_load(path, &err);
	free(path);
	if (!tap_ok(cf != NULL && err == NULL, "the template with its "
	    "example sections uncommented loads")) {
		printf("# errors:\n%s", err ? err : "");
		free(err);
		return;
	}
	tap_long((long long)cf->cf_nlisten, 1, "template: one listen");
	tap_str(cf->cf_listen[0], "127.0.0.1:8080", "template: listen");
	tap_str(cf->cf_state_dir, "/var/lib/pagefeed", "template: state_dir");
	tap_long(cf->cf_allow_file_urls, 0, "template: no file: URLs");
	tap_long(cf->cf_interval, 1800, "template: interval 30m");
	tap_long(cf->cf_max_items, 50, "template: max_items");
	tap_long(cf->cf_log_level, LOG_LVL_INFO, "template: log_level");
	for (i = 0; i < cf->cf_nsources; i++) {
		sc = &cf->cf_sources[i];
		if (strncmp(sc->sc_url, "https://", 8) != 0)
			https = 0;
		if (sc->sc_item.sel_spec == NULL)
			autodet = 1;
		else if (strncmp(sc->sc_item.sel_spec, "xpath:", 6) == 0)
			xpath = 1;
		else
			css = 1;
		if (sc->sc_follow && sc->sc_page[PAGE_DATE].sel_comp != NULL)
			follow = 1;
		if (sc->sc_item.sel_spec == NULL && sc->sc_title != NULL &&
		    strstr(sc->sc_url, "rss") != NULL)
			plain = 1;
		if (sc->sc_item.sel_json != NULL && sc->sc_link_base != NULL)
			json = 1;
		if (sc->sc_render == RENDER_CHROMIUM &&
		    sc->sc_render_wait.sel_spec != NULL)
			render = 1;
	}
	tap_ok(json && render, "template: a JSON API, a rendered page");
	tap_ok(cf->cf_nsources >= 5, "template: a source per layout");
	tap_ok(https, "template: every source is https");
	tap_ok(css && xpath && autodet && follow && plain,
	    "template: CSS, XPath, automatic detection, a feed URL, follow");
	sc = &cf->cf_sources[0];
	tap_str(sc->sc_item.sel_spec, "ul.news-list > li",
	    "template: item spec kept");
	tap_str(sc->sc_fields[FIELD_LINK].sel_attr, "href",
	    "template: item.link takes @href");
	tap_ok(sc->sc_fields[FIELD_TITLE].sel_comp != NULL &&
	    sc->sc_fields[FIELD_DATE].sel_comp != NULL &&
	    sc->sc_fields[FIELD_SUMMARY].sel_comp != NULL,
	    "template: fields compiled");
	tap_ok(sc->sc_ndate_formats == 1 &&
	    strcmp(sc->sc_date_formats[0], "%d.%m.%Y") == 0,
	    "template: date_format");
	tap_str(sc->sc_timezone, "Europe/London", "template: timezone");
	tap_ok(sc->sc_tz != NULL, "template: zone loaded");
	config_free(cf);
}

/*
 * examples/demo.conf, the README's first command: it reads the page shipped
 * beside it and keeps its store under the working directory.
 */
static void
test_demo(void)
{
	struct config		*cf;
	struct source_conf	*sc;
	char			*path, *err = NULL, *want, *dir;

	xasprintf(&path, "%s/../examples/demo.conf", testlib_srcdir());
	cf = config_load(path, &err);
	free(path);
	if (!tap_ok(cf != NULL && err == NULL, "the demo loads")) {
		printf("# errors:\n%s", err ? err : "");
		free(err);
		return;
	}
	tap_ok(cf->cf_state_dir[0] != '/' && strstr(cf->cf_state_dir, "..") ==
	    NULL, "demo: state_dir under the working directory");
	tap_str(cf->cf_state_dir, "demo-state", "demo: state_dir");
	tap_long(cf->cf_allow_file_urls, 1, "demo: allow_file_urls");
	if (!tap_long((long long)cf->cf_nsources, 1, "demo: one source")) {
		config_free(cf);
		return;
	}
	sc = &cf->cf_sources[0];
	tap_str(sc->sc_name, "embassy", "demo: source name");
	xasprintf(&path, "%s/../examples/embassy/index.html", testlib_srcdir());
	dir = realpath(path, NULL);
	free(path);
	xasprintf(&want, "file://%s", dir ? dir : "(missing)");
	tap_str(sc->sc_url, want, "demo: url is the shipped page");
	free(want);
	free(dir);
	tap_str(sc->sc_title, "Embassy: latest events", "demo: title");
	tap_long(sc->sc_interval, 900, "demo: source interval 15m");
	tap_str(sc->sc_item.sel_spec, "ul.news-list > li", "demo: item");
	config_free(cf);
}

/* The base_url the daemon serves, derived when the file sets none. */
static void
base_url_is(const struct config *cf, int bound, const char *want,
    const char *name)
{
	char	*url = config_base_url(cf, bound);

	tap_str(url, want, name);
	free(url);
}

static void
test_defaults(void)
{
	struct config		*cf;
	struct source_conf	*sc;

	cf = load(MINIMAL_SOURCE, NULL);
	if (!tap_ok(cf != NULL, "minimal config loads"))
		return;
	tap_ok(cf->cf_nlisten == 1 &&
	    strcmp(cf->cf_listen[0], "127.0.0.1:8080") == 0,
	    "default listen 127.0.0.1:8080");
	tap_str(cf->cf_state_dir, "/var/lib/pagefeed", "default state_dir");
	tap_ok(cf->cf_base_url == NULL, "base_url unset: NULL in the config");
	base_url_is(cf, 0, "http://127.0.0.1:8080/",
	    "default base_url from the listen address");
	tap_long(cf->cf_interval, 1800, "default interval");
	tap_long(cf->cf_max_items, 50, "default max_items");
	tap_long(cf->cf_allow_file_urls, 0, "file URLs off by default");
	tap_long(cf->cf_log_level, LOG_LVL_INFO, "default log level");
	tap_ok(cf->cf_user_agent != NULL &&
	    strncmp(cf->cf_user_agent, "pagefeed/", 9) == 0,
	    "default user agent pagefeed/VERSION");
	sc = &cf->cf_sources[0];
	tap_long(sc->sc_interval, 1800, "source interval inherits default");
	tap_long(sc->sc_max_items, 50, "source max_items inherits default");
	tap_ok(sc->sc_title == NULL, "no title: NULL");
	tap_ok(sc->sc_fields[FIELD_LINK].sel_comp == NULL &&
	    sc->sc_fields[FIELD_DATE].sel_comp == NULL &&
	    sc->sc_fields[FIELD_SUMMARY].sel_comp == NULL,
	    "unset fields have no compiled XPath");
	tap_ok(sc->sc_ndate_formats == 0 && sc->sc_tz == NULL &&
	    sc->sc_timezone == NULL, "no date formats, no zone");
	config_free(cf);

	/* [server] values flow into sources that do not set their own. */
	cf = load("[server]\n"
	    "interval = 2h\n"
	    "max_items = 7\n"
	    "base_url = https://feeds.example.org/pf\n"
	    MINIMAL_SOURCE
	    "[source b]\n"
	    "url = http://example.org/b\n"
	    "item = li\n"
	    "item.link = a @href\n"
	    "interval = 45s\n"
	    "max_items = 3\n", NULL);
	if (!tap_ok(cf != NULL, "config with [server] values loads"))
		return;
	tap_long(cf->cf_sources[0].sc_interval, 7200, "source inherits "
	    "[server] interval");
	tap_long(cf->cf_sources[0].sc_max_items, 7, "source inherits "
	    "[server] max_items");
	tap_long(cf->cf_sources[1].sc_interval, 45, "source's own interval");
	tap_long(cf->cf_sources[1].sc_max_items, 3, "source's own max_items");
	tap_str(cf->cf_base_url, "https://feeds.example.org/pf/",
	    "base_url gets its trailing '/'");
	base_url_is(cf, 4242, "https://feeds.example.org/pf/",
	    "a base_url set is served as set");
	config_free(cf);
	/* Schemes ignore case (RFC 3986), as for a source's url. */
	cf = load("[server]\nbase_url = HTTPS://feeds.example.org/\n"
	    MINIMAL_SOURCE, NULL);
	tap_ok(cf != NULL && cf->cf_base_url != NULL &&
	    strcmp(cf->cf_base_url, "HTTPS://feeds.example.org/") == 0,
	    "base_url in upper case is https");
	if (cf != NULL)
		config_free(cf);

	/* base_url from the first of several listen addresses. */
	cf = load("[server]\n"
	    "listen = [::1]:8081\n"
	    "listen = 127.0.0.1:8082\n"
	    "listen = 0.0.0.0:8083\n"
	    MINIMAL_SOURCE, NULL);
	if (!tap_ok(cf != NULL, "repeated listen loads"))
		return;
	tap_ok(cf->cf_nlisten == 3 &&
	    strcmp(cf->cf_listen[0], "[::1]:8081") == 0 &&
	    strcmp(cf->cf_listen[1], "127.0.0.1:8082") == 0 &&
	    strcmp(cf->cf_listen[2], "0.0.0.0:8083") == 0,
	    "three listen addresses, in order");
	base_url_is(cf, 8081, "http://[::1]:8081/",
	    "base_url from an IPv6 first listen");
	config_free(cf);

	cf = load("[server]\nlisten = 192.0.2.7:9000\n" MINIMAL_SOURCE, NULL);
	if (tap_ok(cf != NULL, "one listen loads"))
		base_url_is(cf, 0, "http://192.0.2.7:9000/",
		    "base_url from the listen address");
	config_free(cf);

	/* Only a "port 0" listener takes the port it was bound to. */
	cf = load("[server]\nlisten = 127.0.0.1:0\n" MINIMAL_SOURCE, NULL);
	if (tap_ok(cf != NULL, "listen on port 0 loads")) {
		base_url_is(cf, 40123, "http://127.0.0.1:40123/",
		    "derived base_url names the bound port");
		base_url_is(cf, 0, "http://127.0.0.1:0/",
		    "derived base_url before binding");
	}
	config_free(cf);
}

static void
test_comments_quotes(void)
{
	static const struct {
		const char	*line;
		const char	*want;
	} cases[] = {
		{ "title = My feed # comment", "My feed" },
		{ "title = My feed ; comment", "My feed" },
		{ "title = My feed\t# comment", "My feed" },
		{ "title = My feed\t;comment", "My feed" },
		{ "title = a#b;c", "a#b;c" },
		{ "title = C# and F#", "C# and F#" },
		{ "title = #first", "#first" },
		{ "title =   spaced out   ", "spaced out" },
		{ "title = \"a # b ; c\"", "a # b ; c" },
		{ "title = \"  keep spaces  \"", "  keep spaces  " },
		{ "title = \"x\"  # comment", "x" },
		{ "title = \"x\";comment", "x" },
		{ "title = \"say \\\"hi\\\" \\\\ ok\"", "say \"hi\" \\ ok" },
		{ "title = \"back\\slash\"", "back\\slash" },
		{ "title=tight", "tight" },
		{ "  title   =   indented", "indented" },
	};
	struct config	*cf;
	char		*text, name[160];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		xasprintf(&text, "# leading comment\n; another\n"
		    "[source a] # header comment\n"
		    "url = http://example.org/  ; trailing\n"
		    "item = li\n"
		    "item.title = a\n"
		    "%s\n", cases[i].line);
		cf = load(text, NULL);
		free(text);
		snprintf(name, sizeof(name), "value of '%s'", cases[i].line);
		if (cf == NULL) {
			tap_ok(0, name);
			continue;
		}
		tap_str(cf->cf_sources[0].sc_title, cases[i].want, name);
		if (i == 0)
			tap_str(cf->cf_sources[0].sc_url, "http://example.org/",
			    "url with a trailing ';' comment");
		config_free(cf);
	}
}

static void
test_line_endings(void)
{
	struct config	*cf;

	cf = load("\xef\xbb\xbf[server]\r\n"
	    "listen = 127.0.0.1:9999\r\n"
	    "state_dir = /srv/pf\r\n"
	    "\r\n"
	    "[source crlf]\r\n"
	    "url = http://example.org/crlf\r\n"
	    "item = li\r\n"
	    "item.title = a # comment\r\n"
	    "title = \"quoted\"\r\n"
	    "date_format = %d.%m.%Y\r\n"
	    "item.date = span\r\n", NULL);
	if (!tap_ok(cf != NULL, "BOM and CRLF file loads"))
		return;
	tap_str(cf->cf_listen[0], "127.0.0.1:9999", "CRLF: listen without CR");
	tap_str(cf->cf_state_dir, "/srv/pf", "CRLF: state_dir without CR");
	tap_str(cf->cf_sources[0].sc_name, "crlf", "CRLF: source name");
	tap_str(cf->cf_sources[0].sc_url, "http://example.org/crlf",
	    "CRLF: url without CR");
	tap_str(cf->cf_sources[0].sc_title, "quoted", "CRLF: quoted value");
	tap_str(cf->cf_sources[0].sc_date_formats[0], "%d.%m.%Y",
	    "CRLF: date_format without CR");
	config_free(cf);

	/* A BOM alone on the first line, and no newline at the end. */
	cf = load("\xef\xbb\xbf\n" MINIMAL_SOURCE "title = last", NULL);
	if (tap_ok(cf != NULL, "BOM-only first line, no final newline"))
		tap_str(cf->cf_sources[0].sc_title, "last",
		    "last line without newline read");
	config_free(cf);
}

static void
test_sources_selectors(void)
{
	struct config		*cf;
	struct source_conf	*sc;
	struct selector		*sel;

	cf = load("[source zeta]\n"
	    "url = http://example.org/z\n"
	    "item = ul.news > li\n"
	    "item.title = a.title\n"
	    "item.link = a.title @href\n"
	    "item.date = @DATA-Date\n"
	    "item.summary = xpath:string(.//h2)\n"
	    "date_format = %d.%m.%Y\n"
	    "date_format = %Y-%m-%d %H:%M\n"
	    "date_format = %d %B %Y\n"
	    "\n"
	    "[source alpha]\n"
	    "url = https://example.org/a\n"
	    "item = xpath://div[@class='x']\n"
	    "item.link = xpath:.//a/@href\n"
	    "[source mid.dle_-1]\n"
	    "url = http://example.org/m\n"
	    "item = li\n"
	    "item.title = @title\n", NULL);
	if (!tap_ok(cf != NULL, "three sources load"))
		return;
	if (!tap_long((long long)cf->cf_nsources, 3, "three sources")) {
		config_free(cf);
		return;
	}
	tap_ok(strcmp(cf->cf_sources[0].sc_name, "zeta") == 0 &&
	    strcmp(cf->cf_sources[1].sc_name, "alpha") == 0 &&
	    strcmp(cf->cf_sources[2].sc_name, "mid.dle_-1") == 0,
	    "source order kept");
	tap_ok(cf->cf_sources[0].sc_line == 1 &&
	    cf->cf_sources[1].sc_line == 12 &&
	    cf->cf_sources[2].sc_line == 16, "sc_line of each header");

	sc = &cf->cf_sources[0];
	tap_str(sc->sc_item.sel_xpath, "//ul[contains(concat(' ', "
	    "normalize-space(@class), ' '), ' news ')]/li",
	    "item selector is absolute XPath");
	tap_ok(sc->sc_item.sel_attr == NULL && sc->sc_item.sel_comp != NULL,
	    "item selector: no attribute, compiled");
	sel = &sc->sc_fields[FIELD_TITLE];
	tap_ok(sel->sel_xpath != NULL && strncmp(sel->sel_xpath, ".//a", 4) == 0
	    && sel->sel_attr == NULL && sel->sel_comp != NULL,
	    "item.title = a.title: relative XPath, no attribute");
	sel = &sc->sc_fields[FIELD_LINK];
	tap_str(sel->sel_attr, "href", "a.title @href: attribute href");
	tap_str(sel->sel_xpath, sc->sc_fields[FIELD_TITLE].sel_xpath,
	    "a.title @href: same XPath as a.title");
	tap_str(sel->sel_spec, "a.title @href", "a.title @href: spec kept");
	sel = &sc->sc_fields[FIELD_DATE];
	tap_str(sel->sel_xpath, ".", "@DATA-Date alone: XPath '.'");
	tap_str(sel->sel_attr, "data-date", "attribute name lowercased");
	tap_ok(sel->sel_comp != NULL, "'.' compiled");
	sel = &sc->sc_fields[FIELD_SUMMARY];
	tap_str(sel->sel_xpath, "string(.//h2)", "xpath: taken verbatim");
	tap_ok(sel->sel_attr == NULL && sel->sel_comp != NULL,
	    "xpath: compiled, no attribute");
	tap_ok(sc->sc_ndate_formats == 3 &&
	    strcmp(sc->sc_date_formats[0], "%d.%m.%Y") == 0 &&
	    strcmp(sc->sc_date_formats[1], "%Y-%m-%d %H:%M") == 0 &&
	    strcmp(sc->sc_date_formats[2], "%d %B %Y") == 0,
	    "date_format repeatable, order kept");

	sc = &cf->cf_sources[1];
	tap_str(sc->sc_item.sel_xpath, "//div[@class='x']",
	    "xpath: item selector verbatim");
	tap_str(sc->sc_fields[FIELD_LINK].sel_xpath, ".//a/@href",
	    "xpath: attribute path verbatim");
	tap_ok(sc->sc_fields[FIELD_TITLE].sel_comp == NULL,
	    "item.link alone is enough");
	sc = &cf->cf_sources[2];
	tap_ok(sc->sc_fields[FIELD_TITLE].sel_attr != NULL &&
	    strcmp(sc->sc_fields[FIELD_TITLE].sel_attr, "title") == 0 &&
	    strcmp(sc->sc_fields[FIELD_TITLE].sel_xpath, ".") == 0,
	    "item.title = @title");
	config_free(cf);

	tap_str(config_field_name(FIELD_TITLE), "item.title", "field name "
	    "title");
	tap_str(config_field_name(FIELD_SUMMARY), "item.summary", "field name "
	    "summary");
}

static void
test_durations(void)
{
	static const struct {
		const char	*in;
		long		 want;
	} cases[] = {
		{ "45s", 45 },
		{ "30m", 1800 },
		{ "2h", 7200 },
		{ "1d", 86400 },
		{ "1h30m", 5400 },
		{ "1d2h3m4s", 93784 },
		{ "0s", 0 },
		{ "90s", 90 },
		{ "366d", 366 * 86400 },
		{ "", -1 },
		{ "10", -1 },
		{ "5x", -1 },
		{ "-1m", -1 },
		{ "+1m", -1 },
		{ "1.5h", -1 },
		{ "h", -1 },
		{ "1h ", -1 },
		{ " 1h", -1 },
		{ "1 h", -1 },
		{ "1H", -1 },
		{ "1h30", -1 },
		{ "367d", -1 },
		{ "9000h", -1 },
		{ "99999999999999999999s", -1 },
		{ "9223372036854775807s", -1 },
		{ "300d300d", -1 },
		{ "0x10s", -1 },
	};
	char	 name[80];
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "duration '%s'", cases[i].in);
		tap_long(config_parse_duration(cases[i].in), cases[i].want,
		    name);
	}
}

static void
test_listen(void)
{
	static const struct {
		const char	*in;
		const char	*host;	/* NULL: must fail */
		const char	*port;
	} cases[] = {
		{ "127.0.0.1:8080", "127.0.0.1", "8080" },
		{ "localhost:80", "localhost", "80" },
		{ "0.0.0.0:0", "0.0.0.0", "0" },
		{ "*:8080", "0.0.0.0", "8080" },
		{ ":8080", "0.0.0.0", "8080" },
		{ "[::1]:8080", "::1", "8080" },
		{ "[::]:443", "::", "443" },
		{ "[]:443", "::", "443" },
		{ "[fe80::1%eth0]:8080", "fe80::1%eth0", "8080" },
		{ "host-name.example:65535", "host-name.example", "65535" },
		{ "127.0.0.1", NULL, NULL },
		{ "127.0.0.1:", NULL, NULL },
		{ "127.0.0.1:65536", NULL, NULL },
		{ "127.0.0.1:-1", NULL, NULL },
		{ "127.0.0.1:+80", NULL, NULL },
		{ "127.0.0.1: 80", NULL, NULL },
		{ "127.0.0.1:80x", NULL, NULL },
		{ "127.0.0.1:99999999999999999999", NULL, NULL },
		{ "::1:8080", NULL, NULL },
		{ "[::1]8080", NULL, NULL },
		{ "[::1]:", NULL, NULL },
		{ "[::1:8080", NULL, NULL },
		{ "a b:80", NULL, NULL },
		{ "host/x:80", NULL, NULL },
		{ "", NULL, NULL },
	};
	char	 name[80], *host, *port;
	size_t	 i;
	int	 rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		host = port = (char *)"junk";
		rc = config_split_listen(cases[i].in, &host, &port);
		snprintf(name, sizeof(name), "listen '%s'", cases[i].in);
		if (cases[i].host == NULL) {
			if (!tap_ok(rc == -1 && host == NULL && port == NULL,
			    name))
				printf("#   expected failure, got %d host %s "
				    "port %s\n", rc, host ? host : "(null)",
				    port ? port : "(null)");
			if (rc == 0) {
				free(host);
				free(port);
			}
			continue;
		}
		if (!tap_ok(rc == 0 && host != NULL && port != NULL &&
		    strcmp(host, cases[i].host) == 0 &&
		    strcmp(port, cases[i].port) == 0, name))
			printf("#   expected %s %s, got %d %s %s\n",
			    cases[i].host, cases[i].port, rc,
			    host ? host : "(null)", port ? port : "(null)");
		if (rc == 0) {
			free(host);
			free(port);
		}
	}
}

/* Every error line, in order, and a failing load frees all it built. */
static void
test_errors(void)
{
	static const char *want[] = {
		":2: listen: 'nope' is not ADDRESS:PORT or [IPV6]:PORT",
		":3: interval: '5x' is not a duration",
		":4: unknown key 'bogus' in [server]",
		":10: url: 'ftp://example.org/' is not an http://",
		":13: item.link: bad selector 'a:hover': ",
		":14: 'item.title' repeated (first set on line 12)",
		":15: 'timezone' repeated (first set on line 9)",
		":16: duplicate source 'a' (first defined on line 5)",
		":21: source 'b' has no url",
	};
	struct config	*cf;
	char		*errors = NULL, *path, *line, *next, prefix[256];
	size_t		 i, nlines = 0;
	int		 in_order = 1;

	path = write_conf("bad.conf",
	    "[server]\n"				/* 1 */
	    "listen = nope\n"				/* 2 */
	    "interval = 5x\n"				/* 3 */
	    "bogus = 1\n"				/* 4 */
	    "[source a]\n"				/* 5 */
	    "item = ul > li\n"				/* 6 */
	    "item.date = span.date\n"			/* 7 */
	    "date_format = %d.%m.%Y\n"			/* 8 */
	    "timezone = Europe/London\n"		/* 9 */
	    "url = ftp://example.org/\n"		/* 10 */
	    "item.summary = p\n"			/* 11 */
	    "item.title = a\n"				/* 12 */
	    "item.link = a:hover\n"			/* 13 */
	    "item.title = b\n"				/* 14 */
	    "timezone = Europe/Nowhere\n"		/* 15 */
	    "[source a]\n"				/* 16 */
	    "url = http://example.org/dup\n"		/* 17 */
	    "\n"					/* 18 */
	    "# comment\n"				/* 19 */
	    "\n"					/* 20 */
	    "[source b]\n"				/* 21 */
	    "item = li\n"
	    "item.title = a\n");
	cf = config_load(path, &errors);
	tap_ok(cf == NULL, "bad config: config_load returns NULL");
	config_free(cf);
	if (!tap_ok(errors != NULL, "bad config: errors set")) {
		free(path);
		return;
	}
	/* Each line is PATH:LINE: message, in file order. */
	for (line = errors, i = 0; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next == NULL) {
			in_order = 0;
			break;
		}
		*next++ = '\0';
		nlines++;
		if (i < sizeof(want) / sizeof(want[0])) {
			snprintf(prefix, sizeof(prefix), "%s%s", path, want[i]);
			if (strncmp(line, prefix, strlen(prefix)) != 0) {
				printf("#   line %zu: expected prefix: %s\n"
				    "#   got: %s\n", i + 1, prefix, line);
				in_order = 0;
			}
		}
		i++;
	}
	tap_ok(in_order, "bad config: every error as FILE:LINE:, in order");
	tap_long((long long)nlines, (long long)(sizeof(want) / sizeof(want[0])),
	    "bad config: one line per error, newline-terminated");
	free(errors);

	/* A missing file: one line naming it. */
	free(path);
	xasprintf(&path, "%s/missing.conf", tmpdir);
	errors = NULL;
	cf = config_load(path, &errors);
	snprintf(prefix, sizeof(prefix), "%s: No such file or directory\n",
	    path);
	tap_ok(cf == NULL, "missing file: NULL");
	tap_str(errors, prefix, "missing file: message");
	free(errors);
	free(path);

	/* Nothing to poll yet is valid (the daemon warns). */
	cf = load("[server]\nlisten = 127.0.0.1:1\n", &errors);
	tap_ok(cf != NULL && errors == NULL && cf->cf_nsources == 0,
	    "no source: valid, nothing to poll");
	if (cf != NULL)
		config_free(cf);
	free(errors);

	/* A file:// URL without allow_file_urls, reported at the header. */
	cf = load("\n[source f]\nurl = file:///etc/hosts\nitem = li\n"
	    "item.title = a\n", &errors);
	tap_ok(cf == NULL && errors != NULL &&
	    strstr(errors, "t.conf:2: source 'f': file:// URLs need "
	    "allow_file_urls = yes") != NULL, "file:// refused by default");
	free(errors);
	cf = load("[server]\nallow_file_urls = yes\n"
	    "[source f]\nurl = file:///etc/hosts\nitem = li\n"
	    "item.title = a\n", &errors);
	tap_ok(cf != NULL && errors == NULL &&
	    strcmp(cf->cf_sources[0].sc_url, "file:///etc/hosts") == 0,
	    "file:// allowed with allow_file_urls = yes");
	config_free(cf);
	free(errors);

	/* An unknown zone, after a selector was compiled: nothing leaks. */
	cf = load(MINIMAL_SOURCE "timezone = Europe/Nowhere\n", &errors);
	tap_ok(cf == NULL && errors != NULL &&
	    strstr(errors, "t.conf:5: timezone: ") != NULL &&
	    strstr(errors, "Europe/Nowhere") != NULL, "unknown zone refused");
	free(errors);

	/* Repeated non-repeatable [server] key. */
	cf = load("[server]\nstate_dir = /a\nstate_dir = /b\n" MINIMAL_SOURCE,
	    &errors);
	tap_ok(cf == NULL && errors != NULL && strstr(errors,
	    "t.conf:3: 'state_dir' repeated (first set on line 2)") != NULL,
	    "repeated state_dir refused");
	free(errors);
}

/* language: [source] and [server], checked and normalised. */
static void
test_language(void)
{
	struct config	*cf;
	char		*errors = NULL;

	cf = load("[server]\nlanguage = en_gb\n" MINIMAL_SOURCE
	    "language = pt-br\n", NULL);
	if (tap_ok(cf != NULL, "language keys load")) {
		tap_str(cf->cf_language, "en-GB", "[server] language, "
		    "normalised");
		tap_str(cf->cf_sources[0].sc_language, "pt-BR",
		    "[source] language, normalised");
		config_free(cf);
	}
	cf = load(MINIMAL_SOURCE, NULL);
	if (cf != NULL) {
		tap_ok(cf->cf_language == NULL &&
		    cf->cf_sources[0].sc_language == NULL,
		    "language: none by default");
		config_free(cf);
	}
	cf = load(MINIMAL_SOURCE "language = en, fr\n", &errors);
	tap_ok(cf == NULL && errors != NULL && strstr(errors,
	    "t.conf:5: language: 'en, fr' is not a language tag like en, "
	    "de-AT or pt-BR") != NULL, "a language list refused, with its line");
	free(errors);
	cf = load("[server]\nlanguage = 42\n" MINIMAL_SOURCE, &errors);
	tap_ok(cf == NULL && errors != NULL && strstr(errors,
	    "t.conf:2: language: '42'") != NULL, "[server] language checked");
	free(errors);
}

/*
 * What a sysadmin reads: an unknown key names the known key it is probably
 * a typo of; a value out of range names the limit, not "malformed".
 */
static void
test_messages(void)
{
	static const struct {
		const char	*text;
		const char	*want;	/* the whole message after "t.conf:" */
	} cases[] = {
		{ "[server]\nintervall = 1h\n",
		    "2: unknown key 'intervall' in [server] (did you mean "
		    "'interval'?)" },
		{ "[server]\nlisten_addr = 127.0.0.1:1\n",
		    "2: unknown key 'listen_addr' in [server]" },
		{ "[server]\nmax_connection = 5\n",
		    "2: unknown key 'max_connection' in [server] (did you mean "
		    "'max_connections'?)" },
		{ "[server]\nitem = li\n",
		    "2: unknown key 'item' in [server] ('item' belongs in a "
		    "[source NAME] section)" },
		{ "[server]\nx = 1\n", "2: unknown key 'x' in [server]" },
		{ MINIMAL_SOURCE "item.sumary = p\n",
		    "5: unknown key 'item.sumary' in [source a] (did you mean "
		    "'item.summary'?)" },
		{ MINIMAL_SOURCE "utl = http://x/\n",
		    "5: unknown key 'utl' in [source a] (did you mean 'url'?)" },
		{ MINIMAL_SOURCE "state_dir = /x\n",
		    "5: unknown key 'state_dir' in [source a] ('state_dir' "
		    "belongs in the [server] section)" },
		{ MINIMAL_SOURCE "colour = red\n",
		    "5: unknown key 'colour' in [source a]" },
		{ "[server]\ninterval = 400d\n",
		    "2: interval: '400d' is longer than the longest allowed, "
		    "366d" },
		{ "[server]\ninterval = 366d1s\n",
		    "2: interval: '366d1s' is longer than the longest allowed, "
		    "366d" },
		{ "[server]\ninterval = 99999999999999999999999d\n",
		    "2: interval: '99999999999999999999999d' is longer than "
		    "the longest allowed, 366d" },
		{ "[server]\ninterval = 0s\n",
		    "2: interval: '0s' is shorter than the shortest allowed, "
		    "1s" },
		{ "[server]\ninterval = 400 days\n",
		    "2: interval: '400 days' is not a duration like 45s, 30m, "
		    "2h or 1d" },
		{ "[server]\nhost_delay = 61m\n",
		    "2: host_delay: '61m' is longer than the longest allowed, "
		    "1h" },
		{ "[server]\nconnect_timeout = 601s\n",
		    "2: connect_timeout: '601s' is longer than the longest "
		    "allowed, 10m" },
		{ "[server]\nmax_page_size = 1023\n",
		    "2: max_page_size: '1023' is smaller than the smallest "
		    "allowed, 1k" },
		{ "[server]\nmax_page_size = 1025M\n",
		    "2: max_page_size: '1025M' is larger than the largest "
		    "allowed, 1G" },
		{ "[server]\ncache_size = 99999999999999999999999G\n",
		    "2: cache_size: '99999999999999999999999G' is larger than "
		    "the largest allowed, 1G" },
		{ "[server]\nmax_items = 10001\n",
		    "2: max_items: '10001' is more than the largest allowed, "
		    "10000" },
		{ "[server]\nmax_items = -1\n",
		    "2: max_items: '-1' is less than the smallest allowed, 1" },
		{ "[server]\nmax_items = ten\n",
		    "2: max_items: 'ten' is not a number from 1 to 10000" },
		{ "[server]\nmax_items = 5 0\n",
		    "2: max_items: '5 0' is not a number from 1 to 10000" },
		{ MINIMAL_SOURCE "follow = maybe\n",
		    "5: follow: 'maybe' is not yes, no or article" },
		{ MINIMAL_SOURCE "follow_concurrency = 17\n",
		    "5: follow_concurrency: '17' is more than the largest "
		    "allowed, 16" },
		{ MINIMAL_SOURCE "timeout = 1h1s\n",
		    "5: timeout: '1h1s' is longer than the longest allowed, "
		    "1h" },
		{ "[server]\nlisten = 127.0.0.1:99999\n",
		    "2: listen: port 99999 in '127.0.0.1:99999' is out of "
		    "range (1 to 65535, or 0 for any free port)" },
		{ "[server]\nlisten = 127.0.0.1:x\n",
		    "2: listen: '127.0.0.1:x' is not ADDRESS:PORT or "
		    "[IPV6]:PORT" },
		{ "[server]\nbase_url = 127.0.0.1:8080/\n",
		    "2: base_url: '127.0.0.1:8080/' has no scheme: did you "
		    "mean http://127.0.0.1:8080/?" },
		{ "[server]\nbase_url = //feeds.example.org/\n",
		    "2: base_url: '//feeds.example.org/' has no scheme: did "
		    "you mean http://feeds.example.org/?" },
		{ "[server]\nbase_url = ftp://x/\n",
		    "2: base_url must start with http:// or https://" },
		{ "[server]\nbase_url = http://\n",
		    "2: base_url must start with http:// or https://" },
		{ "[sever]\n", "1: unknown section '[sever]' (did you mean "
		    "'[server]'?)" },
		{ "[sourc x]\n", "1: unknown section '[sourc x]' (did you "
		    "mean '[source x]'?)" },
		{ "[feeds]\n", "1: unknown section '[feeds]' (expected "
		    "[server], [source NAME] or [feed NAME])" },
		{ "[source a]\nurl = //127.0.0.1:8766/x\nitem = li\n",
		    "2: url: '//127.0.0.1:8766/x' has no scheme: did you mean "
		    "http://127.0.0.1:8766/x?" },
		{ "[source a]\nurl = /srv/page.html\nitem = li\n",
		    "2: url: '/srv/page.html' has no scheme: did you mean "
		    "file:/srv/page.html? (file: URLs also need "
		    "allow_file_urls = yes in [server])" },
		{ "[server]\nallow_file_urls = yes\n[source a]\n"
		    "url = /srv/page.html\nitem = li\n",
		    "4: url: '/srv/page.html' has no scheme: did you mean "
		    "file:/srv/page.html?" },
		{ MINIMAL_SOURCE "encoding_override = yes\n",
		    "1: source 'a': encoding_override = yes needs encoding" },
		{ MINIMAL_SOURCE "encoding = koi8-r\nencoding_override = 1x\n",
		    "6: encoding_override: '1x' is not yes or no" },
		{ MINIMAL_SOURCE "timezone = Mars/Olympus\n",
		    "5: timezone: unknown time zone 'Mars/Olympus'" },
	};
	struct config	*cf;
	char		*errors, want[512], name[160];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		errors = NULL;
		cf = load(cases[i].text, &errors);
		snprintf(want, sizeof(want), "%s/t.conf:%s\n", tmpdir,
		    cases[i].want);
		snprintf(name, sizeof(name), "message: %.120s", cases[i].want);
		/* A [server]-only text also lacks a source: only the first. */
		if (errors != NULL && strlen(errors) > strlen(want))
			errors[strlen(want)] = '\0';
		tap_str(errors, want, name);
		config_free(cf);
		free(errors);
	}

	/* A near zone name in the same area, where the system has one. */
	if (access("/usr/share/zoneinfo/Europe/London", R_OK) == 0 &&
	    getenv("TZDIR") == NULL) {
		errors = NULL;
		cf = load(MINIMAL_SOURCE "timezone = Europe/Londn\n", &errors);
		tap_ok(errors != NULL && strstr(errors, "5: timezone: unknown "
		    "time zone 'Europe/Londn' (did you mean 'Europe/London'?)")
		    != NULL, "message: a near zone name is suggested");
		config_free(cf);
		free(errors);
	} else
		tap_ok(1, "# SKIP no /usr/share/zoneinfo/Europe/London");
	errors = NULL;
	cf = load(MINIMAL_SOURCE "encoding = windows-1251\n"
	    "encoding_override = yes\n", &errors);
	tap_ok(cf != NULL && cf->cf_sources[0].sc_encoding_override == 1,
	    "encoding_override = yes is read");
	config_free(cf);
	free(errors);
	cf = load(MINIMAL_SOURCE "encoding = windows-1251\n", NULL);
	tap_ok(cf != NULL && cf->cf_sources[0].sc_encoding_override == 0,
	    "encoding_override is no by default");
	config_free(cf);
	cf = load("[server]\nlisten = 127.0.0.1:0\n" MINIMAL_SOURCE, NULL);
	tap_ok(cf != NULL, "listen port 0 (any free port) is accepted");
	config_free(cf);

	/* The limits themselves are allowed. */
	cf = load("[server]\ninterval = 366d\nhost_delay = 0s\n"
	    "max_page_size = 1k\ncache_size = 1G\nconnect_timeout = 10m\n"
	    "max_items = 10000\nmax_backoff = 1s\n" MINIMAL_SOURCE
	    "follow_concurrency = 16\ntimeout = 1h\nmax_page_size = 1G\n",
	    NULL);
	tap_ok(cf != NULL, "values at the limits are accepted");
	if (cf != NULL) {
		tap_long(cf->cf_interval, 366 * 86400, "interval 366d");
		tap_long(cf->cf_max_page_size, 1024, "max_page_size 1k");
		tap_long(cf->cf_cache_size, 1024L * 1024 * 1024,
		    "cache_size 1G");
		tap_long(cf->cf_sources[0].sc_timeout, 3600, "timeout 1h");
	}
	config_free(cf);
}

/*
 * Repeatable keys stop at the same limit with the same message: listen,
 * header and date_format (the last two once said "too many KEY keys").
 */
static void
test_repeat_limits(void)
{
	static const struct {
		const char	*line;
		const char	*want;
	} keys[] = {
		{ "header = X-A: b\n", "t.conf:38: header: too many headers "
		    "(at most 32)\n" },
		{ "date_format = %Y-%m-%d\n", "t.conf:38: date_format: too "
		    "many formats (at most 32)\n" },
	};
	struct config	*cf;
	struct buf	 b;
	char		*errors, *tail;
	size_t		 i, j;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		buf_init(&b, 64 * 1024);
		buf_addstr(&b, MINIMAL_SOURCE "item.date = time\n");
		for (j = 0; j < 32; j++)
			buf_addstr(&b, keys[i].line);
		buf_addstr(&b, keys[i].line);
		cf = load(b.b_data, &errors);
		tail = errors != NULL && strlen(errors) >= strlen(keys[i].want) ?
		    errors + strlen(errors) - strlen(keys[i].want) : "";
		tap_ok(cf == NULL, "33 of a repeatable key refused");
		tap_str(tail, keys[i].want, "the limit said as for listen");
		config_free(cf);
		free(errors);
		buf_free(&b);
	}
}

/* Field names come from the key table, in the order of enum field. */
static void
test_field_names(void)
{
	tap_str(config_field_name(FIELD_TITLE), "item.title", "first field");
	tap_str(config_field_name(FIELD_GUID), "item.guid", "last field");
}

/* item = auto is what no item is: detection (item.* fields still apply). */
static void
test_item_auto(void)
{
	struct config	*cf;
	char		*errors = NULL;

	cf = load("[source a]\nurl = http://example.org/\nitem = auto\n",
	    NULL);
	tap_ok(cf != NULL && cf->cf_sources[0].sc_item.sel_spec == NULL,
	    "item = auto: detection, no selector");
	config_free(cf);
	cf = load("[source a]\nurl = http://example.org/\nitem = auto\n"
	    "item.date = .when\ndate_format = %d/%m/%Y\n", NULL);
	tap_ok(cf != NULL && cf->cf_sources[0].sc_item.sel_spec == NULL,
	    "item = auto with item.* fields and date_format, as without item");
	config_free(cf);
	cf = load("[source a]\nurl = http://example.org/\nitem = auto\n"
	    "item = li\n", &errors);
	tap_ok(cf == NULL && errors != NULL && strstr(errors, "item") != NULL,
	    "item = auto given twice with another item: an error");
	free(errors);
	config_free(cf);
	cf = load("[source a]\nurl = http://example.org/\n"
	    "item = xpath://auto\nitem.title = a\n", NULL);
	tap_ok(cf != NULL && cf->cf_sources[0].sc_item.sel_spec != NULL,
	    "an element named auto: xpath://auto");
	config_free(cf);
}

/* follow: yes or no as before, or article; page.* needs either. */
static void
test_follow(void)
{
	static const struct {
		const char	*value;
		int		 want;
	} cases[] = {
		{ "no", FOLLOW_NO }, { "yes", FOLLOW_YES }, { "on", FOLLOW_YES },
		{ "true", FOLLOW_YES }, { "article", FOLLOW_ARTICLE },
		{ "Article", FOLLOW_ARTICLE },
	};
	struct config	*cf;
	char		 text[256], what[128];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "[source a]\nurl = "
		    "http://example.org/\nfollow = %s\n", cases[i].value);
		cf = load(text, NULL);
		snprintf(what, sizeof(what), "follow = %s", cases[i].value);
		tap_ok(cf != NULL && cf->cf_sources[0].sc_follow ==
		    cases[i].want, what);
		config_free(cf);
	}
	cf = load("[source a]\nurl = http://example.org/\nfollow = article\n"
	    "page.author = .byline\n", NULL);
	tap_ok(cf != NULL, "page.* with follow = article");
	config_free(cf);
}

/* The hub's keys: defaults, words, the lease order, websub = yes needed. */
static void
test_websub(void)
{
	struct config	*cf;
	char		*err = NULL;

	cf = load("[server]\nwebsub = yes\n" MINIMAL_SOURCE, NULL);
	if (tap_ok(cf != NULL, "websub: loads")) {
		tap_long(cf->cf_websub, 1, "websub: on");
		tap_long(cf->cf_websub_lease, 10 * 86400, "websub_lease: 10d");
		tap_long(cf->cf_websub_lease_min, 3600, "websub_lease_min: 1h");
		tap_long(cf->cf_websub_lease_max, 30 * 86400,
		    "websub_lease_max: 30d");
		tap_long(cf->cf_websub_retry, 3600, "websub_retry: 1h");
		tap_long(cf->cf_websub_max_subscribers, 10000,
		    "websub_max_subscribers: 10000");
		tap_long(cf->cf_websub_max_per_topic, 1000,
		    "websub_max_per_topic: 1000");
		tap_long((long long)cf->cf_nwebsub_allow, 0,
		    "websub_allow: none");
	}
	config_free(cf);
	cf = load("[server]\nwebsub = yes\nwebsub_allow = 127.0.0.1 "
	    "10.0.0.0/8\nwebsub_allow = ::1/128 hooks.example.org\n"
	    MINIMAL_SOURCE, NULL);
	tap_ok(cf != NULL && cf->cf_nwebsub_allow == 2,
	    "websub_allow: repeats, several words a line");
	config_free(cf);
	cf = load("[server]\nwebsub = yes\nwebsub_allow = 10.0.0.1/33\n"
	    MINIMAL_SOURCE, &err);
	tap_ok(cf == NULL && err != NULL && strstr(err, "t.conf:3: "
	    "websub_allow: '10.0.0.1/33' is not host names") != NULL,
	    "websub_allow: a bad CIDR at its line");
	config_free(cf);
	free(err);
	cf = load("[server]\nwebsub_allow = 127.0.0.1\n" MINIMAL_SOURCE,
	    &err);
	tap_ok(cf == NULL && err != NULL && strstr(err, "t.conf:2: "
	    "websub_allow needs websub = yes") != NULL,
	    "websub_allow without websub = yes");
	config_free(cf);
	free(err);
	cf = load("[server]\nwebsub = yes\nwebsub_lease_max = 1h\n"
	    MINIMAL_SOURCE, &err);
	tap_ok(cf == NULL && err != NULL && strstr(err, "t.conf:3: websub "
	    "leases: websub_lease_min (3600s) <= websub_lease (864000s) <= "
	    "websub_lease_max (3600s) does not hold") != NULL,
	    "websub leases out of order, at the line that set one");
	config_free(cf);
	free(err);
}

int
main(void)
{
	tmpdir = testlib_tmpdir("config");
	test_item_auto();
	test_follow();
	test_example();
	test_demo();
	test_defaults();
	test_comments_quotes();
	test_line_endings();
	test_sources_selectors();
	test_durations();
	test_listen();
	test_errors();
	test_language();
	test_messages();
	test_repeat_limits();
	test_field_names();
	test_websub();
	testlib_cleanup();
	tap_ok(access(tmpdir, F_OK) == -1, "temporary directory removed");
	xmlCleanupParser();
	return (tap_done());
}
