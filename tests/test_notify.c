/*
 * test_notify.c: the sd_notify datagrams read back from real AF_UNIX sockets
 * (a path and an abstract name), the watchdog timer on a real event loop,
 * the STATUS= summary, LISTEN_FDS and the pid file.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "app.h"
#include "log.h"
#include "notify.h"
#include "source.h"
#include "tap.h"
#include "testlib.h"

static const char	*dir;

/* A manager's socket at ADDR ('@' for abstract); returns the fd or -1. */
static int
listener(const char *addr)
{
	struct sockaddr_un	 sun;
	size_t			 len = strlen(addr);
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, addr, len);
	if (addr[0] == '@')
		sun.sun_path[0] = '\0';
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0)) == -1)
		return (-1);
	if (bind(fd, (struct sockaddr *)&sun,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)) == -1) {
		close(fd);
		return (-1);
	}
	return (fd);
}

/* The next datagram, or "" when none is waiting. */
static const char *
next(int fd)
{
	static char	 msg[1024];
	ssize_t		 n;

	n = recv(fd, msg, sizeof(msg) - 1, 0);
	msg[n > 0 ? n : 0] = '\0';
	return (msg);
}

static int
count_pings(int fd)
{
	const char	*m;
	int		 n = 0;

	while (*(m = next(fd)) != '\0')
		if (strcmp(m, "WATCHDOG=1") == 0)
			n++;
	return (n);
}

static void
test_datagrams(const char *addr, const char *label)
{
	char		 what[128];
	const char	*m;
	int		 fd;

	if ((fd = listener(addr)) == -1) {
		snprintf(what, sizeof(what), "%s: bind the manager's socket",
		    label);
		tap_ok(0, what);
		return;
	}
	setenv("NOTIFY_SOCKET", addr, 1);
	notify_init(NULL);

	snprintf(what, sizeof(what), "%s: notify_send returns 0", label);
	tap_long(notify_send("X=%d", 42), 0, what);
	snprintf(what, sizeof(what), "%s: the datagram as sent", label);
	tap_str(next(fd), "X=42", what);

	notify_ready("2 sources: 2 ok\nINJECTED=1");
	snprintf(what, sizeof(what), "%s: READY=1 and a one-line STATUS=",
	    label);
	tap_str(next(fd), "READY=1\nSTATUS=2 sources: 2 ok", what);
	notify_ready(NULL);
	snprintf(what, sizeof(what), "%s: READY=1 alone", label);
	tap_str(next(fd), "READY=1", what);
	notify_status("busy");
	snprintf(what, sizeof(what), "%s: STATUS=", label);
	tap_str(next(fd), "STATUS=busy", what);

	notify_reloading();
	m = next(fd);
	snprintf(what, sizeof(what), "%s: RELOADING=1 with MONOTONIC_USEC",
	    label);
	if (!tap_ok(strncmp(m, "RELOADING=1\nMONOTONIC_USEC=", 27) == 0 &&
	    m[27] >= '1' && m[27] <= '9' &&
	    strspn(m + 27, "0123456789") == strlen(m + 27), what))
		printf("#   got: %s\n", m);

	notify_stopping();
	snprintf(what, sizeof(what), "%s: STOPPING=1", label);
	tap_str(next(fd), "STOPPING=1", what);
	snprintf(what, sizeof(what), "%s: nothing more", label);
	tap_str(next(fd), "", what);

	/* The manager went away: -1, and nothing else happens. */
	close(fd);
	if (addr[0] == '/')
		unlink(addr);
	snprintf(what, sizeof(what), "%s: no listener: notify_send fails "
	    "quietly", label);
	tap_long(notify_send("WATCHDOG=1"), -1, what);
	notify_cleanup();
}

static void
test_watchdog(void)
{
	struct event_base	*base;
	struct timeval		 tv = { 0, 350000 };
	char			 addr[128], pid[32];
	int			 fd, n;

	snprintf(addr, sizeof(addr), "%s/wd.sock", dir);
	if ((fd = listener(addr)) == -1 || (base = event_base_new()) == NULL) {
		tap_ok(0, "watchdog: set up");
		return;
	}
	setenv("NOTIFY_SOCKET", addr, 1);
	setenv("WATCHDOG_USEC", "100000", 1);
	notify_init(base);
	tap_long((long long)notify_watchdog_usec(), 100000,
	    "watchdog: WATCHDOG_USEC read");
	notify_watchdog_start();
	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
	n = count_pings(fd);
	printf("# %d WATCHDOG=1 in 0.35 s at a 50 ms period\n", n);
	tap_ok(n >= 3, "watchdog: pings from the loop at half the interval");
	notify_cleanup();

	/* No loop turning, no pings. */
	notify_init(base);
	notify_watchdog_start();
	n = count_pings(fd);	/* the one sent at start */
	usleep(200000);
	tap_long(count_pings(fd), 0, "watchdog: a stuck loop sends nothing");
	notify_cleanup();

	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	setenv("WATCHDOG_PID", pid, 1);
	notify_init(base);
	tap_long((long long)notify_watchdog_usec(), 100000,
	    "watchdog: WATCHDOG_PID is ours");
	setenv("WATCHDOG_PID", "1", 1);
	notify_init(base);
	tap_long((long long)notify_watchdog_usec(), 0,
	    "watchdog: WATCHDOG_PID of another process: none");
	notify_watchdog_start();
	tap_str(next(fd), "", "watchdog: so no pings");
	notify_cleanup();
	unsetenv("WATCHDOG_PID");
	unsetenv("WATCHDOG_USEC");

	setenv("WATCHDOG_USEC", "abc", 1);
	notify_init(base);
	tap_long((long long)notify_watchdog_usec(), 0,
	    "watchdog: a bad WATCHDOG_USEC is ignored");
	notify_cleanup();
	unsetenv("WATCHDOG_USEC");
	event_base_free(base);
	close(fd);
	unlink(addr);
}

static void
test_summary(void)
{
	struct source	 src[3];
	struct app	 app;
	struct source_summary sum;
	char		 s[256], addr[128];
	int		 fd;

	memset(&app, 0, sizeof(app));
	memset(src, 0, sizeof(src));
	src[0].src_status = SOURCE_OK;
	src[0].src_nitems = 2;
	src[1].src_status = SOURCE_ERROR;
	src[1].src_nitems = 3;
	src[2].src_status = SOURCE_PENDING;
	app.app_sources = src;
	app.app_nsources = 3;
	source_summary(&app, &sum);
	source_summary_text(&sum, s, sizeof(s));
	tap_str(s, "3 sources: 1 ok, 1 failing, 1 pending; 5 items",
	    "summary: counts by status, items summed");
	app.app_nsources = 1;
	src[0].src_nitems = 1;
	source_summary(&app, &sum);
	sum.sum_store_writable = 0;	/* as a failed write leaves it */
	source_summary_text(&sum, s, sizeof(s));
	tap_str(s, "1 source: 1 ok, 0 failing, 0 pending; 1 item; "
	    "store not writable", "summary: singular, and a failing store");

	snprintf(addr, sizeof(addr), "%s/st.sock", dir);
	if ((fd = listener(addr)) == -1) {
		tap_ok(0, "status: set up");
		return;
	}
	setenv("NOTIFY_SOCKET", addr, 1);
	notify_init(NULL);
	notify_status_update(s);
	tap_str(next(fd), "STATUS=1 source: 1 ok, 0 failing, 0 pending; "
	    "1 item; store not writable", "status: the summary sent");
	notify_status_update(s);
	tap_str(next(fd), "", "status: unchanged, not sent again");
	sum.sum_store_writable = 1;
	source_summary_text(&sum, s, sizeof(s));
	notify_status_update(s);
	tap_str(next(fd), "STATUS=1 source: 1 ok, 0 failing, 0 pending; "
	    "1 item", "status: changed, sent");
	notify_cleanup();
	close(fd);
	unlink(addr);
}

static void
test_no_socket(void)
{
	unsetenv("NOTIFY_SOCKET");
	notify_init(NULL);
	tap_long(notify_send("READY=1"), 0, "no NOTIFY_SOCKET: a no-op");
	notify_cleanup();
	setenv("NOTIFY_SOCKET", "relative/path", 1);
	notify_init(NULL);
	tap_long(notify_send("READY=1"), 0,
	    "NOTIFY_SOCKET not a path nor '@': ignored");
	notify_cleanup();
	unsetenv("NOTIFY_SOCKET");
}

/* Runs first, while descriptor 3 is free for the inherited listener. */
static void
test_listen_fds(void)
{
	struct sockaddr_in	 sin;
	char			 pid[32];
	int			 fd;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(fd, 4) == -1 || dup2(fd, 3) == -1) {
		tap_ok(0, "listen fds: set up");
		return;
	}
	if (fd != 3)
		close(fd);

	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	tap_long(notify_listen_fds(), 0, "listen fds: none without LISTEN_*");

	snprintf(pid, sizeof(pid), "%ld", (long)getpid() + 1);
	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", "1", 1);
	tap_long(notify_listen_fds(), 0,
	    "listen fds: LISTEN_PID of another process: none");
	tap_ok(getenv("LISTEN_FDS") == NULL, "listen fds: unset anyway");

	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", "1", 1);
	setenv("LISTEN_FDNAMES", "http", 1);
	tap_long(notify_listen_fds(), 1, "listen fds: ours: one");
	tap_ok(getenv("LISTEN_PID") == NULL && getenv("LISTEN_FDS") == NULL &&
	    getenv("LISTEN_FDNAMES") == NULL,
	    "listen fds: LISTEN_* unset for children");
	tap_ok((fcntl(3, F_GETFD) & FD_CLOEXEC) != 0,
	    "listen fds: close-on-exec");
	tap_ok((fcntl(3, F_GETFL) & O_NONBLOCK) != 0,
	    "listen fds: non-blocking, as libevent's listener needs");
	tap_long(notify_listen_fds(), 0, "listen fds: read once");

	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", "0", 1);
	tap_long(notify_listen_fds(), 0, "listen fds: LISTEN_FDS=0: none");
	close(3);
}

static void
test_pidfile(void)
{
	char	 path[128], want[32], got[32] = "";
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/pagefeed.pid", dir);
	/* A stale file from another run is replaced, not appended to. */
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("99999999999\nold\n", fp);
		fclose(fp);
	}
	tap_long(notify_pidfile_write(path), 0, "pid file: written");
	snprintf(want, sizeof(want), "%ld\n", (long)getpid());
	if ((fp = fopen(path, "r")) != NULL) {
		if (fread(got, 1, sizeof(got) - 1, fp) == 0)
			got[0] = '\0';
		fclose(fp);
	}
	tap_str(got, want, "pid file: our pid and a newline");
	notify_pidfile_remove();
	tap_ok(access(path, F_OK) == -1 && errno == ENOENT,
	    "pid file: removed");
	notify_pidfile_remove();	/* twice is harmless */

	snprintf(path, sizeof(path), "%s/no/such.pid", dir);
	errno = 0;
	tap_long(notify_pidfile_write(path), -1, "pid file: missing directory");
	tap_long(errno, ENOENT, "pid file: errno says why");
}

int
main(void)
{
	char	 addr[128];

	log_init(LOG_LVL_ERROR);
	test_listen_fds();
	dir = testlib_tmpdir("notify");
	test_no_socket();
	snprintf(addr, sizeof(addr), "%s/notify.sock", dir);
	test_datagrams(addr, "path");
	snprintf(addr, sizeof(addr), "@pagefeed-unit-%ld", (long)getpid());
	test_datagrams(addr, "abstract");
	test_watchdog();
	test_summary();
	test_pidfile();
	unsetenv("NOTIFY_SOCKET");
	testlib_cleanup();
	return (tap_done());
}
