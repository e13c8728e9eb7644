/*
 * fuzz_http.c: libFuzzer target for the HTTP listener.  The daemon is set
 * up once as main() sets it up (config, store, fetcher, cache, listener,
 * sources) with a listener on 127.0.0.1, port 0, and one poll of a local
 * page so that the feeds have items.  Each input is written raw to a fresh
 * TCP connection: http1.c's parser and httpd_request_cb see real bytes, and
 * whatever the daemon answers is read back until it closes.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "app.h"
#include "cache.h"
#include "config.h"
#include "fetch.h"
#include "httpd.h"
#include "log.h"
#include "metrics.h"
#include "source.h"
#include "store.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_LOOPS	200	/* event loop passes per input, at most */
#define FUZZ_SHUT_AFTER	1	/* passes before the client half-closes */

static const char fuzz_page[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
    "<title>Embassy news</title></head><body>\n"
    "<ul class=\"news-list\">\n"
    "<li><a class=\"title\" href=\"/news/1\">First &amp; foremost</a>"
    "<span class=\"date\">13.11.2018</span><p class=\"anons\">One "
    "<b>bold</b> line.</p></li>\n"
    "<li><a class=\"title\" href=\"/news/2\">Second \xd0\xbd\xd0\xbe"
    "\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd1\x8c</a><span class=\"date\">"
    "12.11.2018</span><p class=\"anons\">Two.</p></li>\n"
    "<li><a class=\"title\" href=\"https://other.example/3\">Third</a>"
    "<span class=\"date\">not a date</span></li>\n"
    "</ul></body></html>\n";

static struct app	 app;
static char		 tmpdir[] = "/tmp/pagefeed-fuzz-http-XXXXXX";
static struct sockaddr_in server;
static unsigned long	 connect_failures;
static int		 verbose;	/* FUZZ_HTTP_VERBOSE: show the answers */

static void
quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static void
quiet_structured(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path));
}

static void
cleanup(void)
{
	if (connect_failures > 0)
		fprintf(stderr, "fuzz_http: %lu connections failed\n",
		    connect_failures);
	nftw(tmpdir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* The listener httpd_new bound: a listening AF_INET socket on 127.0.0.1. */
static int
find_listener(struct sockaddr_in *sin)
{
	socklen_t	 len;
	int		 fd, listening;

	for (fd = 3; fd < 1024; fd++) {
		len = sizeof(listening);
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening,
		    &len) == -1 || !listening)
			continue;
		len = sizeof(*sin);
		if (getsockname(fd, (struct sockaddr *)sin, &len) == 0 &&
		    sin->sin_family == AF_INET &&
		    sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK))
			return (fd);
	}
	return (-1);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct timespec	 pause = { 0, 10 * 1000 * 1000 };
	char		 path[sizeof(tmpdir) + 64], *conf, *errors = NULL;
	char		*cause = NULL;
	FILE		*fp;
	int		 i;

	(void)argc;
	(void)argv;
	log_init(LOG_LVL_ERROR);
	verbose = getenv("FUZZ_HTTP_VERBOSE") != NULL;
	signal(SIGPIPE, SIG_IGN);
	setenv("TZDIR", "/usr/share/zoneinfo", 1);
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	if (mkdtemp(tmpdir) == NULL) {
		perror("fuzz_http: mkdtemp");
		exit(1);
	}
	atexit(cleanup);
	snprintf(path, sizeof(path), "%s/page.html", tmpdir);
	if ((fp = fopen(path, "w")) == NULL ||
	    fwrite(fuzz_page, 1, sizeof(fuzz_page) - 1, fp) !=
	    sizeof(fuzz_page) - 1 || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
	if (asprintf(&conf,
	    "[server]\n"
	    "listen = 127.0.0.1:0\n"
	    "state_dir = %s\n"
	    "allow_file_urls = yes\n"
	    "interval = 1d\n"
	    "log_level = error\n"
	    "max_connections = 4096\n"
	    "\n"
	    "[source embassy]\n"
	    "url = file://%s\n"
	    "title = Embassy: latest events\n"
	    "item = ul.news-list > li\n"
	    "item.title = a.title\n"
	    "item.link = a.title @href\n"
	    "item.date = span.date\n"
	    "item.summary = p.anons\n"
	    "item.content = p.anons\n"
	    "date_format = %%d.%%m.%%Y\n"
	    "timezone = Europe/London\n"
	    "\n"
	    "[source auto]\n"
	    "url = file://%s\n", tmpdir, path, path) == -1)
		exit(1);
	memset(&app, 0, sizeof(app));
	if ((app.app_cf = config_load_text("fuzz_http.conf", conf,
	    &errors)) == NULL) {
		fprintf(stderr, "fuzz_http: config: %s", errors);
		exit(1);
	}
	free(conf);
	log_set_level(LOG_LVL_ERROR);
	app.app_started = time(NULL);
	app.app_metrics = metrics_new();
	if ((app.app_base = event_base_new()) == NULL)
		exit(1);
	if ((app.app_store = store_open(app.app_cf->cf_state_dir,
	    &cause)) == NULL) {
		fprintf(stderr, "fuzz_http: store: %s\n", cause);
		exit(1);
	}
	if ((app.app_fetcher = fetcher_new(app.app_base, &cause)) == NULL) {
		fprintf(stderr, "fuzz_http: fetcher: %s\n", cause);
		exit(1);
	}
	fetcher_set_host_limits(app.app_fetcher,
	    app.app_cf->cf_host_concurrency, app.app_cf->cf_host_delay * 1000);
	cache_init(&app.app_cache, (size_t)app.app_cf->cf_cache_size);
	if ((app.app_httpd = httpd_new(&app, &cause)) == NULL) {
		fprintf(stderr, "fuzz_http: listener: %s\n", cause);
		exit(1);
	}
	app_sources_start(&app);
	if (find_listener(&server) == -1) {
		fprintf(stderr, "fuzz_http: no listening socket found\n");
		exit(1);
	}
	/* The first poll of each source (a local file) before any request. */
	for (i = 0; i < 500; i++) {
		event_base_loop(app.app_base, EVLOOP_NONBLOCK);
		if (app.app_sources[0].src_status != SOURCE_PENDING &&
		    app.app_sources[1].src_status != SOURCE_PENDING)
			break;
		nanosleep(&pause, NULL);
	}
	if (app.app_sources[0].src_nitems == 0)
		fprintf(stderr, "fuzz_http: warning: the source has no items "
		    "(status %d)\n", (int)app.app_sources[0].src_status);
	return (0);
}

/* Reads what the daemon sent; returns 1 at EOF or on a reset, else 0. */
static int
drain(int fd)
{
	char	 buf[16384];
	ssize_t	 n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			if (verbose)
				fwrite(buf, 1, (size_t)n, stderr);
			continue;
		}
		if (n == 0)
			return (1);
		if (errno == EINTR)
			continue;
		return (errno != EAGAIN && errno != EWOULDBLOCK);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linger	 lg = { 1, 0 };
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd, i, eof = 0, shut = 0;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1) {
		connect_failures++;
		return (0);
	}
	if (connect(fd, (struct sockaddr *)&server, sizeof(server)) == -1) {
		connect_failures++;
		close(fd);
		return (0);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	/*
	 * Write, give the daemon a pass to read, then half-close so that it
	 * answers and closes; read until it does, within FUZZ_LOOPS passes.
	 */
	for (i = 0; i < FUZZ_LOOPS && !eof; i++) {
		while (off < size) {
			n = write(fd, data + off, size - off);
			if (n <= 0)
				break;
			off += (size_t)n;
		}
		event_base_loop(app.app_base, EVLOOP_NONBLOCK);
		eof = drain(fd);
		if (!shut && (off == size || i >= FUZZ_LOOPS / 2) &&
		    i >= FUZZ_SHUT_AFTER) {
			shutdown(fd, SHUT_WR);
			shut = 1;
		}
	}
	if (verbose)
		fprintf(stderr, "\n[%zu bytes, %d passes, %s]\n", size, i,
		    eof ? "closed" : "still open");
	/* A reset, not a FIN: no TIME_WAIT left behind per input. */
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
	for (i = 0; i < 4; i++)
		event_base_loop(app.app_base, EVLOOP_NONBLOCK);
	return (0);
}
