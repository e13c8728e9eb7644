/*
 * app.c: the daemon's sources as a whole: start them, stop them, and swap
 * the configuration under them on SIGHUP without dropping the listener or
 * what was stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "app.h"
#include "browser.h"
#include "buf.h"
#include "combined.h"
#include "config.h"
#include "fetch.h"
#include "httpd.h"
#include "log.h"
#include "shared.h"
#include "source.h"
#include "store.h"
#include "util.h"
#include "websub.h"

static int
app_name_cmp(const void *a, const void *b)
{
	return (strcmp((*(struct source *const *)a)->src_conf->sc_name,
	    (*(struct source *const *)b)->src_conf->sc_name));
}

/* A source's items changed: what is made of them besides its own feeds. */
static void
app_items_changed(struct app *app, const struct source *src)
{
	combined_source_changed(app, src);
	websub_source_changed(app->app_websub, src);
}

/* The hub when app_cf has websub = yes: made, set up again, or ended. */
void
app_websub_set(struct app *app)
{
	if (!app->app_cf->cf_websub) {
		websub_free(app->app_websub);
		app->app_websub = NULL;
	} else if (app->app_websub == NULL)
		app->app_websub = websub_new(app);
	else
		websub_configure(app->app_websub);
}

/* Another instance's write of SOURCE reached the replica. */
static void
app_shared_changed(void *arg, const char *name, enum store_table t)
{
	struct app	*app = arg;
	struct source	*src;

	if ((src = source_find(app, name, strlen(name))) != NULL)
		source_copied(src, t);
}

/*
 * store = postgresql://...: the replica tracks its writes and the
 * connection is made in the background; the store in use stays until a
 * restart, as state_dir does.
 */
void
app_shared_set(struct app *app)
{
	const struct config	*cf = app->app_cf;
	char			*cause = NULL;

	if (app->app_shared != NULL || strcmp(cf->cf_store, "sqlite") == 0)
		return;
	if ((app->app_shared = shared_new(app->app_base, cf->cf_store,
	    cf->cf_store_lease, app->app_store, app_shared_changed, app,
	    &cause)) == NULL)
		fatalx("%s", cause);
}

void
app_sources_start(struct app *app)
{
	size_t	 i;

	app->app_nsources = app->app_cf->cf_nsources;
	app->app_sources = xcalloc(app->app_nsources + 1,
	    sizeof(struct source));
	app->app_by_name = xcalloc(app->app_nsources + 1,
	    sizeof(*app->app_by_name));
	for (i = 0; i < app->app_nsources; i++) {
		source_init(&app->app_sources[i], app,
		    &app->app_cf->cf_sources[i], (unsigned)i,
		    (unsigned)app->app_nsources);
		app->app_by_name[i] = &app->app_sources[i];
	}
	/* Names are unique (config_load refuses a duplicate). */
	qsort(app->app_by_name, app->app_nsources, sizeof(*app->app_by_name),
	    app_name_cmp);
	combined_start(app);
	app->app_items_changed = app_items_changed;
}

/* Stops every source: timers, transfers in flight, cached feeds. */
void
app_sources_stop(struct app *app)
{
	size_t	 i;

	app->app_items_changed = NULL;
	source_flush_stop(app);
	combined_stop(app);
	for (i = 0; i < app->app_nsources; i++)
		source_clear(&app->app_sources[i]);
	free(app->app_sources);
	free(app->app_by_name);
	app->app_sources = NULL;
	app->app_by_name = NULL;
	app->app_nsources = 0;
}

static int
app_same_listen(const struct config *a, const struct config *b)
{
	size_t	 i;

	if (a->cf_nlisten != b->cf_nlisten)
		return (0);
	for (i = 0; i < a->cf_nlisten; i++)
		if (strcmp(a->cf_listen[i], b->cf_listen[i]) != 0)
			return (0);
	return (1);
}

static const struct source_conf *
app_conf_find(const struct config *cf, const char *name)
{
	size_t	 i;

	for (i = 0; i < cf->cf_nsources; i++)
		if (strcmp(cf->cf_sources[i].sc_name, name) == 0)
			return (&cf->cf_sources[i]);
	return (NULL);
}

/* Appends NAME to the list in B that starts with WHAT. */
static void
app_list_add(struct buf *b, const char *what, const char *name,
    const char *note)
{
	buf_printf(b, "%s%s%s", b->b_len == 0 ? what : ", ", name,
	    note != NULL ? note : "");
}

/*
 * The file loaded again and checked: the configuration to run, or NULL
 * with the reasons logged.
 */
static struct config *
app_reload_load(const struct config *old)
{
	struct config	*cf;
	char		*errors = NULL, *line, *save = NULL;

	if ((cf = config_load(old->cf_path, &errors)) == NULL) {
		for (line = strtok_r(errors, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			log_errorx("reload: %s", line);
		log_errorx("reload: %s refused; the running configuration "
		    "stays", old->cf_path);
		free(errors);
		return (NULL);
	}
	if (strcmp(cf->cf_state_dir, old->cf_state_dir) != 0) {
		log_errorx("reload: state_dir changed (%s to %s): that needs "
		    "a restart; the running configuration stays",
		    old->cf_state_dir, cf->cf_state_dir);
		config_free(cf);
		return (NULL);
	}
	return (cf);
}

/* What a reload does to the sources, by name. */
struct app_diff {
	struct buf	 ad_added;
	struct buf	 ad_removed;
	struct buf	 ad_changed;
	unsigned char	*ad_moved;	/* per new source: 1 url, 2 settings */
};

/* Compares the sections of OLD and CF by name. */
static void
app_diff_make(struct app_diff *d, const struct config *old,
    const struct config *cf)
{
	const struct source_conf *sc, *was;
	size_t			 i;

	buf_init(&d->ad_added, 64 * 1024);
	buf_init(&d->ad_removed, 64 * 1024);
	buf_init(&d->ad_changed, 64 * 1024);
	d->ad_moved = xcalloc(cf->cf_nsources + 1, 1);
	for (i = 0; i < cf->cf_nsources; i++) {
		sc = &cf->cf_sources[i];
		if ((was = app_conf_find(old, sc->sc_name)) == NULL)
			app_list_add(&d->ad_added, "added ", sc->sc_name, NULL);
		else if (strcmp(was->sc_url, sc->sc_url) != 0) {
			app_list_add(&d->ad_changed, "changed ", sc->sc_name,
			    " (new url)");
			d->ad_moved[i] = 1;
		} else if (!source_conf_same(was, sc)) {
			app_list_add(&d->ad_changed, "changed ", sc->sc_name,
			    NULL);
			d->ad_moved[i] = 2;
		}
	}
	for (i = 0; i < old->cf_nsources; i++)
		if (app_conf_find(cf, old->cf_sources[i].sc_name) == NULL)
			app_list_add(&d->ad_removed, "removed ",
			    old->cf_sources[i].sc_name, NULL);
}

/* The one line that says what the reload did. */
static void
app_diff_log(const struct app_diff *d, const struct app *app)
{
	const struct buf	*added = &d->ad_added, *removed = &d->ad_removed;
	const struct buf	*changed = &d->ad_changed;

	log_info("reload: %s: %zu source%s; %.*s%s%.*s%s%.*s%s",
	    app->app_cf->cf_path, app->app_nsources,
	    app->app_nsources == 1 ? "" : "s",
	    (int)added->b_len, added->b_len > 0 ? added->b_data : "",
	    added->b_len > 0 && (removed->b_len > 0 || changed->b_len > 0) ?
	    "; " : "",
	    (int)removed->b_len, removed->b_len > 0 ? removed->b_data : "",
	    removed->b_len > 0 && changed->b_len > 0 ? "; " : "",
	    (int)changed->b_len, changed->b_len > 0 ? changed->b_data : "",
	    added->b_len + removed->b_len + changed->b_len == 0 ?
	    "none added, removed or changed" : "");
}

static void
app_diff_free(struct app_diff *d)
{
	buf_free(&d->ad_added);
	buf_free(&d->ad_removed);
	buf_free(&d->ad_changed);
	free(d->ad_moved);
}

/*
 * The browser for rendering sources: made when the configuration found a
 * Chromium (a source renders, or chromium is set), else left as it is.
 */
void
app_browser_set(struct app *app)
{
	const struct config	*cf = app->app_cf;
	char			*cause = NULL;

	if (cf->cf_chromium_path == NULL)
		return;
	if (app->app_browser == NULL && (app->app_browser = browser_new(
	    app->app_base, cf->cf_chromium_path, cf->cf_render_concurrency,
	    &cause)) == NULL)
		fatalx("browser: %s", cause);
	/* A render is as polite to its host as a fetch. */
	browser_configure(app->app_browser, cf->cf_chromium_path,
	    cf->cf_render_concurrency, cf->cf_host_concurrency,
	    cf->cf_host_delay * 1000L);
}

/* The old sources stopped, CF's settings applied, its sources started. */
static void
app_reload_swap(struct app *app, struct config *cf)
{
	app_sources_stop(app);
	app->app_cf = cf;
	log_set_level(cf->cf_log_level);
	fetcher_set_host_limits(app->app_fetcher, cf->cf_host_concurrency,
	    cf->cf_host_delay * 1000);
	fetcher_set_max_transfers(app->app_fetcher, cf->cf_max_transfers);
	app->app_cache.c_budget = (size_t)cf->cf_cache_size;
	app_browser_set(app);
	app_websub_set(app);
	app_sources_start(app);
}

/*
 * Load and check the file, compare it with the running one by name, swap
 * the sources, poll the moved ones now, and say in one line what changed.
 */
int
app_reload(struct app *app)
{
	struct config	*cf, *old = app->app_cf;
	struct app_diff	 diff;
	size_t		 i;

	if ((cf = app_reload_load(old)) == NULL)
		return (-1);
	if (!app_same_listen(cf, old))
		log_warnx("reload: listen changed: the listeners stay as they "
		    "are until a restart");
	if (strcmp(cf->cf_store, old->cf_store) != 0 ||
	    cf->cf_store_lease != old->cf_store_lease)
		log_warnx("reload: store or store_lease changed: the store in "
		    "use stays as it is until a restart");
	/* The listeners keep the port they have; so does a derived URL. */
	if (cf->cf_base_url != NULL || old->cf_base_url != NULL) {
		free(app->app_base_url);
		app->app_base_url = config_base_url(cf, app->app_port);
	}
	app_diff_make(&diff, old, cf);
	app_reload_swap(app, cf);
	/*
	 * A new url is a new page: poll it now, claim nothing of it yet.  New
	 * extraction settings poll now too.
	 */
	for (i = 0; i < app->app_nsources; i++)
		if (diff.ad_moved[i] == 1)
			source_url_changed(&app->app_sources[i]);
		else if (diff.ad_moved[i] == 2)
			source_conf_changed(&app->app_sources[i]);
	config_free(old);
	app_diff_log(&diff, app);
	app_diff_free(&diff);
	return (0);
}
