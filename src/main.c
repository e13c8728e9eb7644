/*
 * pagefeed: polls web pages that have no feed, keeps their items, and serves
 * them as RSS and Atom.  main reads like a table of contents: options, config,
 * store, fetcher, sources, listener, loop, teardown.
 */
#include <sys/resource.h>

#include <fnmatch.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "app.h"
#include "browser.h"
#include "config.h"
#include "fetch.h"
#include "httpd.h"
#include "log.h"
#include "metrics.h"
#include "notify.h"
#include "migrate.h"
#include "preview.h"
#include "shared.h"
#include "source.h"
#include "store.h"
#include "util.h"
#include "websub.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#define DEFAULT_CONFIG	SYSCONFDIR "/pagefeed/pagefeed.conf"

/* Exit statuses: 2 for a bad config (like nginx -t), 1 for other failures. */
#define EXIT_CONFIG	2
#define NSIGNALS	3	/* SIGTERM, SIGINT, SIGHUP */

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: pagefeed [-c FILE] [--check] [--pid-file FILE] [--version] "
	    "[--help]\n"
	    "       pagefeed preview URL [--item SEL] [--title SEL] ... "
	    "(see pagefeed preview --help)\n"
	    "       pagefeed migrate --from STORE --to STORE "
	    "(see pagefeed migrate --help)\n"
	    "\n"
	    "  -c, --config FILE  configuration file (default %s)\n"
	    "  -t, --check        check the configuration and exit\n"
	    "      --pid-file FILE  write the process id to FILE\n"
	    "  -V, --version      print the version and exit\n"
	    "  -h, --help         print this help and exit\n"
	    "\n"
	    "Feeds are served at /feeds/NAME.atom, .rss and .json; an index\n"
	    "at /, health at /health, metrics at /metrics.\n"
	    "See pagefeed(8) and pagefeed.conf(5).\n",
	    DEFAULT_CONFIG);
}

static const char *
signal_name(int sig)
{
	switch (sig) {
	case SIGTERM:	return ("SIGTERM");
	case SIGINT:	return ("SIGINT");
	case SIGHUP:	return ("SIGHUP");
	default:	return ("signal");
	}
}

/* Responses being written get this long to finish at a stop. */
#define STOP_GRACE_MS	1000
#define STOP_CHECK_MS	10

static struct event	*stop_ev;
static struct timespec	 stop_t0;

/* Leaves the loop once nothing is being sent, or the grace is over. */
static void
stop_check_cb(evutil_socket_t fd, short what, void *arg)
{
	struct app	*app = arg;
	struct timespec	 now;
	long long	 ms;

	(void)fd;
	(void)what;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(now.tv_sec - stop_t0.tv_sec) * 1000 +
	    (now.tv_nsec - stop_t0.tv_nsec) / 1000000;
	if (httpd_writing(app->app_httpd) == 0 || ms >= STOP_GRACE_MS)
		event_base_loopbreak(app->app_base);
}

static void
signal_stop_cb(evutil_socket_t sig, short what, void *arg)
{
	struct app	*app = arg;
	struct timeval	 tv = { 0, STOP_CHECK_MS * 1000 };

	(void)what;
	if (app->app_stopping)
		return;
	app->app_stopping = 1;
	log_info("%s: shutting down", signal_name((int)sig));
	notify_stopping();
	/*
	 * No new connections, no more polls, transfers aborted; the store has
	 * nothing in flight (its writes are synchronous).  Responses being
	 * written get a moment to finish; an idle daemon leaves at once.
	 */
	httpd_stop_accepting(app->app_httpd);
	app_sources_stop(app);
	clock_gettime(CLOCK_MONOTONIC, &stop_t0);
	if (httpd_writing(app->app_httpd) == 0) {
		event_base_loopbreak(app->app_base);
		return;
	}
	if ((stop_ev = event_new(app->app_base, -1, EV_PERSIST, stop_check_cb,
	    app)) == NULL || event_add(stop_ev, &tv) == -1) {
		tv.tv_sec = STOP_GRACE_MS / 1000;
		tv.tv_usec = (STOP_GRACE_MS % 1000) * 1000;
		event_base_loopexit(app->app_base, &tv);
	}
}

/* STATUS=: the sources' summary, which notify only sends. */
static void
main_status(void *arg, char *out, size_t size)
{
	struct source_summary	 sum;

	source_summary(arg, &sum);
	source_summary_text(&sum, out, size);
}

static void
signal_hup_cb(evutil_socket_t sig, short what, void *arg)
{
	struct app	*app = arg;
	char		 status[256];

	(void)sig;
	(void)what;
	if (app->app_stopping)
		return;
	log_info("SIGHUP: reloading %s", app->app_cf->cf_path);
	notify_reloading();
	app_reload(app);
	main_status(app, status, sizeof(status));
	notify_ready(status);
}

/* libevent's own warnings, rate-limited into our log. */
static void
libevent_log(int severity, const char *msg)
{
	static time_t	 last;
	static int	 count;
	time_t		 now = time(NULL);

	if (severity < EVENT_LOG_WARN)
		return;
	if (now != last) {
		last = now;
		count = 0;
	}
	if (++count <= 5)
		log_warnx("libevent: %s", msg);
}

/* libxml2 reports through this; what matters is logged by the caller. */
static void
libxml_quiet(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	if (err != NULL && err->message != NULL)
		log_debug("libxml2: %.*s", (int)strcspn(err->message, "\n"),
		    err->message);
}

/* libxml2's unstructured messages (some XPath errors): debug only. */
static void
libxml_generic(void *ctx, const char *fmt, ...)
{
	char	 msg[256];
	va_list	 ap;

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_debug("libxml2: %.*s", (int)strcspn(msg, "\n"), msg);
}

/* Every listener socket, transfer and store file needs a descriptor. */
static void
raise_fd_limit(void)
{
	struct rlimit	 rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			log_warn("setrlimit RLIMIT_NOFILE");
	}
}

/*
 * Whether DIR is /tmp or /var/tmp or below them, where a reboot or
 * systemd's PrivateTmp discards the store with every item seen.
 */
static int
dir_is_volatile(const char *dir)
{
	static const char	*tmps[] = { "/tmp", "/var/tmp" };
	const char		*d;
	size_t			 i, len;

	for (i = 0; i < sizeof(tmps) / sizeof(tmps[0]); i++) {
		len = strlen(tmps[i]);
		for (d = dir; *d == '/' && d[1] == '/'; d++)
			;
		if (strncmp(d, tmps[i], len) == 0 &&
		    (d[len] == '\0' || d[len] == '/'))
			return (1);
	}
	return (0);
}

/* A [feed NAME] name or glob that matches no source: probably a typo. */
static void
warn_feeds(const struct config *cf)
{
	const struct source_conf	*fc;
	char				*words, *w, *last = NULL;
	size_t				 i, k, j;

	for (i = 0; i < cf->cf_nfeeds; i++) {
		fc = &cf->cf_feeds[i];
		for (k = 0; k < fc->sc_nfeed_sources; k++) {
			words = xstrdup(fc->sc_feed_sources[k]);
			for (w = strtok_r(words, " \t", &last); w != NULL;
			    w = strtok_r(NULL, " \t", &last)) {
				for (j = 0; j < cf->cf_nsources; j++)
					if (fnmatch(w, cf->cf_sources[j].sc_name,
					    0) == 0)
						break;
				if (j == cf->cf_nsources)
					log_warnx("%s:%d: feed %s: '%s' "
					    "matches no source", cf->cf_path,
					    fc->sc_line, fc->sc_name, w);
			}
			free(words);
		}
	}
}

/* Settings that weaken security or lose data are said at every load. */
static void
warn_config(const struct config *cf)
{
	warn_feeds(cf);
	size_t	 i;

	/* Valid (a template, a service set up first), but probably not meant. */
	if (cf->cf_nsources == 0)
		log_warnx("%s: no [source NAME] section: nothing to poll until "
		    "one is added (SIGHUP reloads)", cf->cf_path);
	if (dir_is_volatile(cf->cf_state_dir))
		log_warnx("state_dir %s is under a temporary directory: a "
		    "reboot or systemd's PrivateTmp discards the store; use "
		    "/var/lib/pagefeed", cf->cf_state_dir);
	for (i = 0; i < cf->cf_nsources; i++)
		if (!cf->cf_sources[i].sc_tls_verify)
			log_warnx("source %s: tls_verify = no: the server's "
			    "certificate is not checked",
			    cf->cf_sources[i].sc_name);
}

static struct event_base *
make_event_base(void)
{
	struct event_config	*ecfg;
	struct event_base	*base;

	/* The changelist halves epoll_ctl calls per request (PERFORMANCE.md). */
	if ((ecfg = event_config_new()) == NULL)
		fatalx("event_config_new");
	event_config_set_flag(ecfg, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
	base = event_base_new_with_config(ecfg);
	event_config_free(ecfg);
	if (base == NULL)
		fatalx("event_base_new");
	return (base);
}

/* What the process needs before any library runs: no SIGPIPE, fds, logs. */
static void
process_setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	raise_fd_limit();
	event_set_log_callback(libevent_log);
}

/* libxml2 reports through our log, never on stderr by itself. */
static void
libxml_setup(void)
{
	xmlSetStructuredErrorFunc(NULL,
	    (xmlStructuredErrorFunc)(void (*)(void))libxml_quiet);
	xmlSetGenericErrorFunc(NULL, libxml_generic);
}

/* The signals the daemon answers, each on the event loop. */
static const struct {
	int	 sg_sig;
	void	(*sg_cb)(evutil_socket_t, short, void *);
} main_signals[NSIGNALS] = {
	{ SIGTERM,	signal_stop_cb },
	{ SIGINT,	signal_stop_cb },
	{ SIGHUP,	signal_hup_cb },
};

static void
signals_start(struct app *app, struct event *evs[NSIGNALS])
{
	size_t	 i;

	for (i = 0; i < NSIGNALS; i++) {
		evs[i] = evsignal_new(app->app_base, main_signals[i].sg_sig,
		    main_signals[i].sg_cb, app);
		if (evs[i] == NULL)
			fatalx("evsignal_new %s",
			    signal_name(main_signals[i].sg_sig));
		evsignal_add(evs[i], NULL);
	}
}

static void
signals_stop(struct event *evs[NSIGNALS])
{
	size_t	 i;

	for (i = 0; i < NSIGNALS; i++)
		event_free(evs[i]);
	if (stop_ev != NULL)
		event_free(stop_ev);
}

/* The command line; -1 to go on, else the exit status. */
static int
main_args(int argc, char *argv[], const char **path, const char **pidfile,
    int *check)
{
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL, 'c' },
		{ "check",	no_argument,		NULL, 't' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "pid-file",	required_argument,	NULL, 'p' },
		{ NULL,		0,			NULL, 0 }
	};
	int	 ch;

	while ((ch = getopt_long(argc, argv, "c:tVh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			*path = optarg;
			break;
		case 't':
			*check = 1;
			break;
		case 'V':
			printf("pagefeed %s\n", PACKAGE_VERSION);
			return (0);
		case 'h':
			usage(stdout);
			return (0);
		case 'p':
			*pidfile = optarg;
			break;
		default:
			usage(stderr);
			return (EXIT_CONFIG);
		}
	}
	if (optind != argc) {
		usage(stderr);
		return (EXIT_CONFIG);
	}
	return (-1);
}

/* The reverse of start-up, once the loop has ended. */
static void
main_teardown(struct app *app, struct event *sig_evs[NSIGNALS])
{
	httpd_free(app->app_httpd);
	app_sources_stop(app);
	shared_free(app->app_shared);
	websub_free(app->app_websub);
	browser_free(app->app_browser);
	fetcher_free(app->app_fetcher);
	store_close(app->app_store);
	signals_stop(sig_evs);
	notify_cleanup();
	event_base_free(app->app_base);
	config_free(app->app_cf);
	free(app->app_base_url);
	metrics_free(app->app_metrics);
	notify_pidfile_remove();
	xmlCleanupParser();
}

int
main(int argc, char *argv[])
{
	struct app	 app;
	struct event	*sig_evs[NSIGNALS];
	const char	*path = DEFAULT_CONFIG, *pidfile = NULL;
	char		 status[256];
	char		*errors = NULL, *cause = NULL;
	int		 rc, check = 0;

	if (argc > 1 && strcmp(argv[1], "preview") == 0)
		return (preview_main(argc - 1, argv + 1));
	if (argc > 1 && strcmp(argv[1], "migrate") == 0)
		return (migrate_main(argc - 1, argv + 1));
	if ((rc = main_args(argc, argv, &path, &pidfile, &check)) != -1)
		return (rc);
	log_init(LOG_LVL_INFO);

	memset(&app, 0, sizeof(app));
	if ((app.app_cf = config_load(path, &errors)) == NULL) {
		fputs(errors, stderr);
		free(errors);
		return (EXIT_CONFIG);
	}
	warn_config(app.app_cf);
	if (check) {
		printf("%s: configuration OK, %zu source%s\n", path,
		    app.app_cf->cf_nsources,
		    app.app_cf->cf_nsources == 1 ? "" : "s");
		config_free(app.app_cf);
		return (0);
	}
	log_set_level(app.app_cf->cf_log_level);
	process_setup();
	libxml_setup();
	app.app_started = time(NULL);
	app.app_metrics = metrics_new();
	app.app_base = make_event_base();
	notify_init(app.app_base);
	app.app_listen_fds = notify_listen_fds();

	if ((app.app_store = store_open(app.app_cf->cf_state_dir,
	    &cause)) == NULL)
		fatalx("store: %s", cause);
	/*
	 * After the store's lock (a refused second daemon keeps our pid file)
	 * and before the listeners: whoever sees us answer finds the file.
	 */
	if (pidfile != NULL && notify_pidfile_write(pidfile) == -1)
		fatal("--pid-file %s", pidfile);
	app_shared_set(&app);
	if ((app.app_fetcher = fetcher_new(app.app_base, &cause)) == NULL)
		fatalx("fetcher: %s", cause);
	fetcher_set_host_limits(app.app_fetcher, app.app_cf->cf_host_concurrency,
	    app.app_cf->cf_host_delay * 1000);
	fetcher_set_max_transfers(app.app_fetcher, app.app_cf->cf_max_transfers);
	app_browser_set(&app);
	cache_init(&app.app_cache, (size_t)app.app_cf->cf_cache_size);
	/* Listen first: a port 0 listener decides the derived base_url. */
	if ((app.app_httpd = httpd_new(&app, &cause)) == NULL)
		fatalx("%s", cause);
	app_websub_set(&app);
	app_sources_start(&app);

	signals_start(&app, sig_evs);
	log_info("pagefeed %s started: %zu source%s, store %s",
	    PACKAGE_VERSION, app.app_nsources,
	    app.app_nsources == 1 ? "" : "s", store_path(app.app_store));
	/* Listening and the store open: ready, as systemd understands it. */
	main_status(&app, status, sizeof(status));
	notify_ready(status);
	notify_watchdog_start();
	notify_status_start(main_status, &app);

	event_base_dispatch(app.app_base);

	main_teardown(&app, sig_evs);
	log_info("stopped");
	return (0);
}
