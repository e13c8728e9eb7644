/*
 * notify.h: the service manager's side channels, without libsystemd: the
 * sd_notify datagram protocol (READY, STATUS, RELOADING, STOPPING, WATCHDOG),
 * socket activation (LISTEN_FDS) and a pid file for other init systems.
 * Every call is a no-op when the manager did not ask for it.
 */
#ifndef PAGEFEED_NOTIFY_H
#define PAGEFEED_NOTIFY_H

#include <stddef.h>

struct event_base;

/* The first inherited descriptor, as sd_listen_fds(3) defines it. */
#define NOTIFY_LISTEN_FDS_START	3

/*
 * Reads NOTIFY_SOCKET and WATCHDOG_USEC (honouring WATCHDOG_PID when set)
 * once; unsets nothing.  Calling it again starts afresh (tests do).
 */
void	notify_init(struct event_base *);
/* Sends one datagram ("READY=1\nSTATUS=..."); no-op without NOTIFY_SOCKET.
 * Returns 0 on success (or nothing to do) or -1 if the send failed. */
int	notify_send(const char *, ...) __attribute__((format(printf, 1, 2)));
void	notify_ready(const char *status);	/* READY=1 + STATUS= */
void	notify_status(const char *status);	/* STATUS= */
/* RELOADING=1 + MONOTONIC_USEC=<CLOCK_MONOTONIC µs>, as notify-reload
 * services must send; follow with notify_ready() when the reload is done. */
void	notify_reloading(void);
void	notify_stopping(void);			/* STOPPING=1 */
/*
 * Starts the WATCHDOG=1 timer at half of WATCHDOG_USEC.  It is a libevent
 * timer, so a stuck loop stops the pings and the manager notices.
 */
void	notify_watchdog_start(void);
/* The watchdog interval in µs asked by the manager, 0 if none. */
unsigned long long notify_watchdog_usec(void);

/* Sends STATUS=<STATUS> if it changed since the last one sent. */
void	notify_status_update(const char *status);
/*
 * Asks FN(ARG, buffer, size) every second for the status line and sends
 * STATUS= when it changed, so that "systemctl status" follows polls
 * without hooks in source.c.  Only with NOTIFY_SOCKET; ARG must outlive
 * notify_cleanup().
 */
typedef void (*notify_status_fn)(void *arg, char *status, size_t size);
void	notify_status_start(notify_status_fn, void *arg);

/* Frees the timers and closes the socket. */
void	notify_cleanup(void);

/*
 * Socket activation: the number of inherited listening descriptors
 * (starting at NOTIFY_LISTEN_FDS_START) when LISTEN_PID is our pid and
 * LISTEN_FDS is set, else 0.  Makes them FD_CLOEXEC and O_NONBLOCK (libevent's
 * listeners require it; systemd passes them blocking) and unsets LISTEN_PID,
 * LISTEN_FDS and LISTEN_FDNAMES so that children do not take them.
 */
int	notify_listen_fds(void);

/*
 * --pid-file: writes our pid (O_CREAT|O_TRUNC, 0644).  Returns 0 on success
 * or -1 with errno set.  notify_pidfile_remove() unlinks it at exit.
 */
int	notify_pidfile_write(const char *path);
void	notify_pidfile_remove(void);

#endif
