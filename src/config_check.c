/*
 * config_check.c: the checks of a whole configuration file once every
 * line is read: what a source needs, what keys need of each other, the
 * Chromium binary, [feed] members, WebSub; and the defaults and
 * inherited values filled in.
 */
#include <sys/stat.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_int.h"
#include "filter.h"
#include "url.h"
#include "util.h"

/* The keys a [feed NAME] section has; a source's others have no meaning. */
static const char *const feed_keys[] = { "sources", "title", "max_items",
    "filter.include", "filter.exclude", "max_age", NULL };

/*
 * base_url when none is set: the first listen address, with this host's
 * name for a wildcard address (0.0.0.0 is no address for a reader).
 */
char *
config_base_url(const struct config *cf, int bound)
{
	char	 name[256], buf[16], *host, *port, *url;
	const char *h;

	if (cf->cf_base_url != NULL)
		return (xstrdup(cf->cf_base_url));
	if (cf->cf_nlisten == 0 || config_split_listen(cf->cf_listen[0], &host,
	    &port) == -1)
		return (xstrdup("http://localhost/"));
	if (bound > 0 && strcmp(port, "0") == 0) {
		snprintf(buf, sizeof(buf), "%d", bound);
		free(port);
		port = xstrdup(buf);
	}
	h = host;
	if ((strcmp(h, "0.0.0.0") == 0 || strcmp(h, "::") == 0) &&
	    gethostname(name, sizeof(name)) == 0) {
		name[sizeof(name) - 1] = '\0';
		h = name;
	}
	if (strchr(h, ':') != NULL)
		xasprintf(&url, "http://[%s]:%s/", h, port);
	else
		xasprintf(&url, "http://%s:%s/", h, port);
	free(host);
	free(port);
	return (url);
}

/*
 * JSON items: fields read JSON under a JSON item, HTML under an HTML one;
 * where the JSON is needs items read from JSON; a body needs POST.
 */
static void
config_check_json(struct parser *p, const struct source_conf *sc)
{
	const struct selector	*item = &sc->sc_item;
	size_t			 f;

	for (f = 0; f < FIELD_COUNT; f++) {
		if (sc->sc_fields[f].sel_spec == NULL || item->sel_spec == NULL)
			continue;
		if ((item->sel_json != NULL) != (sc->sc_fields[f].sel_json !=
		    NULL))
			config_error(p, sc->sc_line, "source '%s': %s = %s "
			    "with item = %s: both read JSON (json:PATH) or "
			    "both HTML", sc->sc_name, config_field_name(f),
			    sc->sc_fields[f].sel_spec, item->sel_spec);
	}
	if (sc->sc_json.sel_spec != NULL && item->sel_spec != NULL &&
	    item->sel_json == NULL)
		config_error(p, sc->sc_line, "source '%s': json = %s needs "
		    "item = json:PATH, or no item (found automatically)",
		    sc->sc_name, sc->sc_json.sel_spec);
	if (sc->sc_body != NULL && sc->sc_method != METHOD_POST)
		config_error(p, sc->sc_line, "source '%s': body needs "
		    "method = POST", sc->sc_name);
}

const char *const config_chromium_names[] = { "chromium", "chromium-browser",
    "google-chrome-stable", "google-chrome", NULL };

static int
config_executable(const char *path)
{
	struct stat	 st;

	return (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    access(path, X_OK) == 0);
}

char *
config_find_chromium(const char *path, char **cause)
{
	const char	*env = getenv("PATH"), *p, *end;
	const char	*const *name;
	char		*try;

	if (path != NULL) {
		if (config_executable(path))
			return (xstrdup(path));
		xasprintf(cause, "%s is no executable file", path);
		return (NULL);
	}
	if (env == NULL || *env == '\0')
		env = "/usr/local/bin:/usr/bin:/bin";
	for (name = config_chromium_names; *name != NULL; name++)
		for (p = env; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
			if ((end = strchr(p, ':')) == NULL)
				end = p + strlen(p);
			if (end == p || *p != '/')
				continue;	/* "" and relative: not here */
			xasprintf(&try, "%.*s/%s", (int)(end - p), p, *name);
			if (config_executable(try))
				return (try);
			free(try);
		}
	xasprintf(cause, "no chromium executable on $PATH (looked for "
	    "chromium, chromium-browser, google-chrome-stable and "
	    "google-chrome)");
	return (NULL);
}

/*
 * Rendering: a source that renders needs a browser, found now rather than
 * at its first poll; render_wait and follow_render need what they extend.
 */
static void
config_check_render(struct parser *p)
{
	struct config		*cf = p->p_cf;
	struct source_conf	*sc;
	const struct source_conf *first = NULL;
	size_t			 i;
	char			*cause = NULL;

	for (i = 0; i < cf->cf_nsources; i++) {
		sc = &cf->cf_sources[i];
		if (sc->sc_render_wait.sel_spec != NULL &&
		    sc->sc_render != RENDER_CHROMIUM)
			config_error(p, sc->sc_line, "source '%s': render_wait "
			    "needs render = chromium", sc->sc_name);
		if (sc->sc_render == RENDER_CHROMIUM &&
		    sc->sc_method == METHOD_POST)
			config_error(p, sc->sc_line, "source '%s': render = "
			    "chromium loads the page with GET; method = POST "
			    "needs render = no", sc->sc_name);
		if (sc->sc_render == RENDER_CHROMIUM && sc->sc_url != NULL &&
		    url_scheme_is(sc->sc_url, "file"))
			config_error(p, sc->sc_line, "source '%s': render = "
			    "chromium needs an http(s) url, not a file",
			    sc->sc_name);
		/* The browser decodes the page; its DOM comes as UTF-8. */
		if (sc->sc_render == RENDER_CHROMIUM &&
		    sc->sc_encoding_override)
			config_error(p, sc->sc_line, "source '%s': "
			    "encoding_override = yes has no effect with render "
			    "= chromium (the browser decodes the page)",
			    sc->sc_name);
		if (sc->sc_follow_render && !sc->sc_follow)
			config_error(p, sc->sc_line, "source '%s': "
			    "follow_render needs follow = yes or follow = "
			    "article", sc->sc_name);
		if (first == NULL && (sc->sc_render == RENDER_CHROMIUM ||
		    sc->sc_follow_render))
			first = sc;
	}
	if (first == NULL && cf->cf_chromium == NULL)
		return;
	if ((cf->cf_chromium_path = config_find_chromium(cf->cf_chromium,
	    &cause)) != NULL)
		return;
	if (first != NULL)
		config_error(p, first->sc_line, "source '%s': %s = %s but %s%s",
		    first->sc_name, first->sc_render == RENDER_CHROMIUM ?
		    "render" : "follow_render", first->sc_render ==
		    RENDER_CHROMIUM ? "chromium" : "yes", cause,
		    cf->cf_chromium == NULL ? " (the chromium key in [server] "
		    "names one; Debian's package is chromium)" : "");
	else
		config_error(p, p->p_chromium_line, "chromium = %s: %s",
		    cf->cf_chromium, cause);
	free(cause);
}

/*
 * mode = changes watches a page's text: no item keys, no item pages; its
 * own keys need it.
 */
static void
config_check_changes(struct parser *p, const struct source_conf *sc)
{
	static const char *const own[] = { "watch", "ignore", "ignore_text",
	    "min_change", "versions" };
	size_t	 i;

	if (sc->sc_mode != MODE_CHANGES) {
		for (i = 0; i < NELEM(own); i++)
			if (config_key_given(sc, own[i]))
				config_error(p, sc->sc_line, "source '%s': %s "
				    "needs mode = changes", sc->sc_name,
				    own[i]);
		return;
	}
	if (config_key_given(sc, "item") ||
	    config_key_given_prefix(sc, "item.") ||
	    config_key_given(sc, "json"))
		config_error(p, sc->sc_line, "source '%s': mode = changes "
		    "watches the page's text: item keys have no meaning "
		    "there", sc->sc_name);
	if (sc->sc_follow)
		config_error(p, sc->sc_line, "source '%s': mode = changes "
		    "has no items whose pages to follow", sc->sc_name);
}

/* Whether WORD names one of the feeds (not a source). */
static int
config_is_feed(const struct config *cf, const char *word)
{
	size_t	 i;

	for (i = 0; i < cf->cf_nfeeds; i++)
		if (strcmp(cf->cf_feeds[i].sc_name, word) == 0)
			return (1);
	return (0);
}

/* The sources FC's names and globs match, in the file's order, once each. */
static void
config_feed_members(struct parser *p, struct source_conf *fc)
{
	struct config	*cf = p->p_cf;
	char		*words, *w, *last = NULL;
	unsigned char	*in = xcalloc(cf->cf_nsources + 1, 1);
	size_t		 i, k;

	for (k = 0; k < fc->sc_nfeed_sources; k++) {
		words = xstrdup(fc->sc_feed_sources[k]);
		for (w = strtok_r(words, " \t", &last); w != NULL;
		    w = strtok_r(NULL, " \t", &last)) {
			if (config_is_feed(cf, w))
				config_error(p, fc->sc_line, "feed '%s': '%s' "
				    "is a feed: a feed combines sources, not "
				    "feeds", fc->sc_name, w);
			for (i = 0; i < cf->cf_nsources; i++)
				if (fnmatch(w, cf->cf_sources[i].sc_name, 0) ==
				    0)
					in[i] = 1;
		}
		free(words);
	}
	fc->sc_members = xcalloc(cf->cf_nsources + 1, sizeof(size_t));
	for (i = 0; i < cf->cf_nsources; i++)
		if (in[i])
			fc->sc_members[fc->sc_nmembers++] = i;
	free(in);
}

/*
 * A [feed NAME] section: only its own keys, some sources, a name no
 * source has (both are served at /feeds/NAME).
 */
static void
config_finish_feed(struct parser *p, struct source_conf *fc)
{
	struct config	*cf = p->p_cf;
	size_t		 i;

	config_key_inherit(fc, cf);
	for (i = 0; i < NKEYS; i++)
		if (KEY_GIVEN(fc, i) &&
		    !strcase_in(config_keys[i].k_name, feed_keys))
			config_error(p, fc->sc_line, "feed '%s': %s has no "
			    "meaning in a [feed NAME] section (sources, title, "
			    "max_items, filter.include, filter.exclude, "
			    "max_age)", fc->sc_name, config_keys[i].k_name);
	if (!config_key_given(fc, "sources"))
		config_error(p, fc->sc_line, "feed '%s' has no sources",
		    fc->sc_name);
	for (i = 0; i < cf->cf_nsources; i++)
		if (strcmp(cf->cf_sources[i].sc_name, fc->sc_name) == 0)
			config_error(p, fc->sc_line, "feed '%s': source '%s' "
			    "(line %d) has that name too: both would be "
			    "/feeds/%s", fc->sc_name, fc->sc_name,
			    cf->cf_sources[i].sc_line, fc->sc_name);
	config_feed_members(p, fc);
	fc->sc_filter = filter_new(fc->sc_include, fc->sc_ninclude,
	    fc->sc_exclude, fc->sc_nexclude, fc->sc_max_age);
}

/*
 * The hub's keys need websub = yes, and its leases an order: the one
 * given when none is asked for lies between the shortest and longest.
 */
static void
config_check_websub(struct parser *p)
{
	static const char *const own[] = { "websub_allow", "websub_lease",
	    "websub_lease_min", "websub_lease_max", "websub_retry",
	    "websub_max_subscribers", "websub_max_per_topic" };
	const struct config	*cf = p->p_cf;
	size_t			 i, k;
	int			 line;

	for (i = 0; i < NELEM(own); i++) {
		k = config_key_find(KS_SERVER, own[i]);
		if (!cf->cf_websub && k < NKEYS && p->p_server_line[k] != 0)
			config_error(p, p->p_server_line[k],
			    "%s needs websub = yes",
			    own[i]);
	}
	if (cf->cf_websub_lease_min <= cf->cf_websub_lease &&
	    cf->cf_websub_lease <= cf->cf_websub_lease_max)
		return;
	for (i = 0, line = 0; i < 3 && line == 0; i++)
		line = p->p_server_line[config_key_find(KS_SERVER, own[i + 1])];
	config_error(p, line, "websub leases: websub_lease_min (%ds) <= "
	    "websub_lease (%ds) <= websub_lease_max (%ds) does not hold",
	    cf->cf_websub_lease_min, cf->cf_websub_lease,
	    cf->cf_websub_lease_max);
}

/* Defaults and cross-key checks, once the whole file is read. */
void
config_finish(struct parser *p)
{
	struct config		*cf = p->p_cf;
	struct source_conf	*sc;
	size_t			 i;
	int			 is_file;

	config_key_defaults(p, KS_SERVER, cf, 1);
	for (i = 0; i < cf->cf_nsources; i++) {
		sc = &cf->cf_sources[i];
		config_key_inherit(sc, cf);
		if (sc->sc_url == NULL && !config_key_given(sc, "url"))
			config_error(p, sc->sc_line, "source '%s' has no url",
			    sc->sc_name);
		else if (sc->sc_url != NULL &&
		    config_url_scheme_ok(sc->sc_url, &is_file) &&
		    is_file && !cf->cf_allow_file_urls)
			config_error(p, sc->sc_line, "source '%s': file:// "
			    "URLs need allow_file_urls = yes in [server]",
			    sc->sc_name);
		/*
		 * No item key: the items are found automatically, and any
		 * item.* given replaces that field in each found item.
		 */
		if (sc->sc_item.sel_spec != NULL && sc->sc_item.sel_json ==
		    NULL && !config_key_given(sc, "item.title") &&
		    !config_key_given(sc, "item.link"))
			config_error(p, sc->sc_line, "source '%s' needs "
			    "item.title or item.link", sc->sc_name);
		config_check_json(p, sc);
		config_check_changes(p, sc);
		if (config_key_given(sc, "sources"))
			config_error(p, sc->sc_line, "source '%s': sources "
			    "belongs in a [feed NAME] section", sc->sc_name);
		sc->sc_filter = filter_new(sc->sc_include, sc->sc_ninclude,
		    sc->sc_exclude, sc->sc_nexclude, sc->sc_max_age);
		if (sc->sc_encoding_override && sc->sc_encoding == NULL &&
		    !config_key_given(sc, "encoding"))
			config_error(p, sc->sc_line, "source '%s': "
			    "encoding_override = yes needs encoding",
			    sc->sc_name);
		if (!sc->sc_follow && config_key_given_prefix(sc, "page."))
			config_error(p, sc->sc_line, "source '%s': page.* "
			    "fields need follow = yes or follow = article",
			    sc->sc_name);
		/* Without item, detection reads its dates with them too. */
		if (sc->sc_ndate_formats > 0 && sc->sc_item.sel_spec != NULL &&
		    !config_key_given(sc, "item.date"))
			config_error(p, sc->sc_line, "source '%s': date_format "
			    "without item.date", sc->sc_name);
	}
	config_check_render(p);
	config_check_websub(p);
	for (i = 0; i < cf->cf_nfeeds; i++)
		config_finish_feed(p, &cf->cf_feeds[i]);
}
