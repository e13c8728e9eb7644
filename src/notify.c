/*
 * notify.c: the sd_notify protocol, socket activation and the pid file,
 * without libsystemd.  sd_notify is one datagram of "KEY=value" lines to the
 * AF_UNIX socket named by NOTIFY_SOCKET ('@' for the abstract namespace).
 * The socket is non-blocking and errors are only logged: a manager that
 * stopped listening must never stall or stop the daemon.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "notify.h"
#include "util.h"

#define NOTIFY_STATUS_MAX	256
#define NOTIFY_STATUS_EVERY	1	/* seconds between summary checks */

static struct {
	struct event_base	*n_base;
	int			 n_fd;		/* -1: not asked, or broken */
	struct sockaddr_un	 n_addr;
	socklen_t		 n_addrlen;
	int			 n_failing;	/* last send failed: said once */
	int			 n_stopping;	/* STOPPING=1 sent: no more STATUS= */
	unsigned long long	 n_wd_usec;	/* 0: no watchdog */
	struct event		*n_wd_ev;
	struct event		*n_status_ev;
	notify_status_fn	 n_status_fn;
	void			*n_status_arg;
	char			 n_status[NOTIFY_STATUS_MAX];
	char			*n_pidfile;
} notify = { .n_fd = -1 };

/* Parses a positive decimal that fits; returns 0 or -1. */
static int
notify_number(const char *s, unsigned long long *v)
{
	char	*end;

	if (s == NULL || *s < '0' || *s > '9')
		return (-1);
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || *v == 0)
		return (-1);
	return (0);
}

/* Fills the address from NOTIFY_SOCKET; returns 0 or -1 if unusable. */
static int
notify_address(const char *path)
{
	size_t	 len = strlen(path);

	if ((path[0] != '/' && path[0] != '@') || len < 2 ||
	    len >= sizeof(notify.n_addr.sun_path)) {
		log_warnx("NOTIFY_SOCKET=%s: not a usable AF_UNIX address; "
		    "not notifying", path);
		return (-1);
	}
	memset(&notify.n_addr, 0, sizeof(notify.n_addr));
	notify.n_addr.sun_family = AF_UNIX;
	memcpy(notify.n_addr.sun_path, path, len);
	/* Abstract: a leading NUL, and the length says where the name ends. */
	if (path[0] == '@')
		notify.n_addr.sun_path[0] = '\0';
	notify.n_addrlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
	    len);
	return (0);
}

void
notify_init(struct event_base *base)
{
	const char		*path, *pid;
	unsigned long long	 v, p;

	notify_cleanup();
	notify.n_base = base;

	if ((path = getenv("NOTIFY_SOCKET")) != NULL && *path != '\0' &&
	    notify_address(path) == 0) {
		notify.n_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC |
		    SOCK_NONBLOCK, 0);
		if (notify.n_fd == -1)
			log_warn("NOTIFY_SOCKET: socket");
	}

	/* WATCHDOG_PID, when set, says whose watchdog it is. */
	if (notify_number(getenv("WATCHDOG_USEC"), &v) == 0) {
		pid = getenv("WATCHDOG_PID");
		if (pid == NULL || *pid == '\0')
			notify.n_wd_usec = v;
		else if (notify_number(pid, &p) == 0 &&
		    p == (unsigned long long)getpid())
			notify.n_wd_usec = v;
	}
	if (notify.n_fd != -1)
		log_debug("notifying %s%s", path, notify.n_wd_usec > 0 ?
		    ", with a watchdog" : "");
}

static int	notify_vsend(const char *, va_list)
		    __attribute__((format(printf, 1, 0)));

static int
notify_vsend(const char *fmt, va_list ap)
{
	char	*msg;
	ssize_t	 n;
	int	 len;

	if (notify.n_fd == -1)
		return (0);
	len = xvasprintf(&msg, fmt, ap);
	n = sendto(notify.n_fd, msg, (size_t)len, MSG_NOSIGNAL,
	    (struct sockaddr *)&notify.n_addr, notify.n_addrlen);
	if (n == -1) {
		/* Say it when it starts failing, not at every ping. */
		if (!notify.n_failing)
			log_warn("NOTIFY_SOCKET: sending \"%.*s\"",
			    (int)strcspn(msg, "\n"), msg);
		notify.n_failing = 1;
	} else {
		if (notify.n_failing)
			log_info("NOTIFY_SOCKET: sending again");
		notify.n_failing = 0;
	}
	free(msg);
	return (n == -1 ? -1 : 0);
}

int
notify_send(const char *fmt, ...)
{
	va_list	 ap;
	int	 rv;

	va_start(ap, fmt);
	rv = notify_vsend(fmt, ap);
	va_end(ap);
	return (rv);
}

/* STATUS= is one line: anything after a newline would be a new key. */
static int
notify_line(const char *s)
{
	return ((int)strcspn(s != NULL ? s : "", "\n"));
}

void
notify_ready(const char *status)
{
	if (notify.n_stopping)
		return;
	if (status != NULL) {
		notify_send("READY=1\nSTATUS=%.*s", notify_line(status),
		    status);
		strlcpy_pf(notify.n_status, status, sizeof(notify.n_status));
	} else
		notify_send("READY=1");
}

void
notify_status(const char *status)
{
	if (notify.n_stopping)
		return;
	notify_send("STATUS=%.*s", notify_line(status),
	    status != NULL ? status : "");
	strlcpy_pf(notify.n_status, status != NULL ? status : "",
	    sizeof(notify.n_status));
}

void
notify_reloading(void)
{
	struct timespec		 ts;
	unsigned long long	 usec = 0;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0)
		usec = (unsigned long long)ts.tv_sec * 1000000ULL +
		    (unsigned long long)ts.tv_nsec / 1000ULL;
	notify_send("RELOADING=1\nMONOTONIC_USEC=%llu", usec);
}

/*
 * After STOPPING=1 the manager shows "deactivating"; a STATUS= then (the
 * sources just stopped: "0 sources") would only mislead, so none is sent.
 */
void
notify_stopping(void)
{
	notify.n_stopping = 1;
	if (notify.n_status_ev != NULL) {
		event_free(notify.n_status_ev);
		notify.n_status_ev = NULL;
	}
	notify_send("STOPPING=1");
}

static void
notify_watchdog_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	notify_send("WATCHDOG=1");
}

/*
 * Half the interval, as sd_watchdog_enabled(3) advises: one late ping
 * (a slow poll merge, a busy moment) does not get us killed, a loop that
 * stopped turning does.
 */
void
notify_watchdog_start(void)
{
	struct timeval		 tv;
	unsigned long long	 half = notify.n_wd_usec / 2;

	if (notify.n_fd == -1 || notify.n_wd_usec == 0 ||
	    notify.n_base == NULL || notify.n_wd_ev != NULL)
		return;
	if (half == 0)
		half = 1;
	tv.tv_sec = (time_t)(half / 1000000ULL);
	tv.tv_usec = (suseconds_t)(half % 1000000ULL);
	notify.n_wd_ev = event_new(notify.n_base, -1, EV_PERSIST,
	    notify_watchdog_cb, NULL);
	if (notify.n_wd_ev == NULL || event_add(notify.n_wd_ev, &tv) == -1) {
		log_warnx("watchdog: cannot add its timer");
		return;
	}
	log_info("watchdog: pinging every %llu ms", half / 1000ULL);
	notify_send("WATCHDOG=1");
}

unsigned long long
notify_watchdog_usec(void)
{
	return (notify.n_wd_usec);
}

void
notify_status_update(const char *status)
{
	if (notify.n_fd == -1 || notify.n_stopping)
		return;
	if (strcmp(status, notify.n_status) != 0)
		notify_status(status);
}

static void
notify_status_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	char	 status[NOTIFY_STATUS_MAX];

	(void)arg;
	notify.n_status_fn(notify.n_status_arg, status, sizeof(status));
	notify_status_update(status);
}

void
notify_status_start(notify_status_fn fn, void *arg)
{
	struct timeval	 tv = { NOTIFY_STATUS_EVERY, 0 };

	if (notify.n_fd == -1 || notify.n_base == NULL ||
	    notify.n_status_ev != NULL || notify.n_stopping)
		return;
	notify.n_status_fn = fn;
	notify.n_status_arg = arg;
	notify.n_status_ev = event_new(notify.n_base, -1, EV_PERSIST,
	    notify_status_cb, NULL);
	if (notify.n_status_ev == NULL ||
	    event_add(notify.n_status_ev, &tv) == -1)
		log_warnx("notify: cannot add the status timer");
}

void
notify_cleanup(void)
{
	if (notify.n_wd_ev != NULL)
		event_free(notify.n_wd_ev);
	if (notify.n_status_ev != NULL)
		event_free(notify.n_status_ev);
	if (notify.n_fd != -1)
		close(notify.n_fd);
	notify.n_wd_ev = NULL;
	notify.n_status_ev = NULL;
	notify.n_fd = -1;
	notify.n_wd_usec = 0;
	notify.n_failing = 0;
	notify.n_stopping = 0;
	notify.n_status_fn = NULL;
	notify.n_status_arg = NULL;
	notify.n_base = NULL;
	notify.n_status[0] = '\0';
}

int
notify_listen_fds(void)
{
	const char		*fds = getenv("LISTEN_FDS");
	unsigned long long	 pid, n;
	int			 fd, flags, count = 0;

	if (notify_number(getenv("LISTEN_PID"), &pid) == -1 ||
	    pid != (unsigned long long)getpid() || fds == NULL ||
	    strcmp(fds, "0") == 0)
		goto out;
	if (notify_number(fds, &n) == -1 ||
	    n > (unsigned long long)(INT_MAX - NOTIFY_LISTEN_FDS_START)) {
		log_warnx("LISTEN_FDS=%s: not a count of descriptors; "
		    "ignored", fds);
		goto out;
	}
	for (fd = NOTIFY_LISTEN_FDS_START;
	    fd < NOTIFY_LISTEN_FDS_START + (int)n; fd++) {
		if ((flags = fcntl(fd, F_GETFD)) == -1 ||
		    fcntl(fd, F_SETFD, flags | FD_CLOEXEC) == -1 ||
		    (flags = fcntl(fd, F_GETFL)) == -1 ||
		    fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1) {
			log_warn("LISTEN_FDS: descriptor %d", fd);
			goto out;
		}
	}
	count = (int)n;
out:
	/* Only ours to read once, whatever they said. */
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	return (count);
}

int
notify_pidfile_write(const char *path)
{
	char	 line[32];
	int	 fd, len, saved;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1)
		return (-1);
	len = snprintf(line, sizeof(line), "%ld\n", (long)getpid());
	errno = 0;	/* a short write sets none */
	if (write(fd, line, (size_t)len) != len) {
		saved = errno != 0 ? errno : EIO;
		close(fd);
		unlink(path);
		errno = saved;
		return (-1);
	}
	if (close(fd) == -1) {
		saved = errno;
		unlink(path);
		errno = saved;
		return (-1);
	}
	free(notify.n_pidfile);
	notify.n_pidfile = xstrdup(path);
	return (0);
}

void
notify_pidfile_remove(void)
{
	if (notify.n_pidfile == NULL)
		return;
	if (unlink(notify.n_pidfile) == -1 && errno != ENOENT)
		log_warn("pid file %s", notify.n_pidfile);
	free(notify.n_pidfile);
	notify.n_pidfile = NULL;
}
