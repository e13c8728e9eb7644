/*
 * log.c: one line per event on stderr.  Under systemd (JOURNAL_STREAM set)
 * each line carries the <N> syslog priority prefix and no timestamp, since
 * the journal adds its own; otherwise an ISO 8601 UTC timestamp leads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

#include "log.h"

static enum log_level	 log_max = LOG_LVL_INFO;
static int		 log_journal;

static const struct {
	const char	*name;
	enum log_level	 level;
	int		 syslog_prio;
} log_levels[] = {
	{ "error",	LOG_LVL_ERROR,		3 },
	{ "warning",	LOG_LVL_WARNING,	4 },
	{ "info",	LOG_LVL_INFO,		6 },
	{ "debug",	LOG_LVL_DEBUG,		7 },
};

void
log_init(enum log_level level)
{
	log_max = level;
	log_journal = getenv("JOURNAL_STREAM") != NULL;
}

void
log_set_level(enum log_level level)
{
	log_max = level;
}

int
log_level_parse(const char *name, enum log_level *lvl)
{
	size_t	 i;

	for (i = 0; i < sizeof(log_levels) / sizeof(log_levels[0]); i++) {
		if (strcasecmp(name, log_levels[i].name) == 0) {
			*lvl = log_levels[i].level;
			return (0);
		}
	}
	return (-1);
}

static void
log_vwrite(enum log_level level, int with_errno, int saved_errno,
    const char *fmt, va_list ap)
{
	char		 msg[2048], stamp[40];
	struct timeval	 tv;
	struct tm	 tm;

	if (level > log_max)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_journal) {
		fprintf(stderr, "<%d>%s%s%s\n", log_levels[level].syslog_prio,
		    msg, with_errno ? ": " : "",
		    with_errno ? strerror(saved_errno) : "");
	} else {
		gettimeofday(&tv, NULL);
		gmtime_r(&tv.tv_sec, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
		fprintf(stderr, "%s.%03dZ %s: %s%s%s\n", stamp,
		    (int)(tv.tv_usec / 1000), log_levels[level].name, msg,
		    with_errno ? ": " : "",
		    with_errno ? strerror(saved_errno) : "");
	}
	fflush(stderr);
}

#define LOG_BODY(level, with_errno) do {				\
	int	 saved_errno = errno;					\
	va_list	 ap;							\
	va_start(ap, fmt);						\
	log_vwrite(level, with_errno, saved_errno, fmt, ap);		\
	va_end(ap);							\
	errno = saved_errno;						\
} while (0)

void log_warn(const char *fmt, ...)	{ LOG_BODY(LOG_LVL_WARNING, 1); }
void log_warnx(const char *fmt, ...)	{ LOG_BODY(LOG_LVL_WARNING, 0); }
void log_errorx(const char *fmt, ...)	{ LOG_BODY(LOG_LVL_ERROR, 0); }
void log_info(const char *fmt, ...)	{ LOG_BODY(LOG_LVL_INFO, 0); }
void log_debug(const char *fmt, ...)	{ LOG_BODY(LOG_LVL_DEBUG, 0); }

void
fatal(const char *fmt, ...)
{
	LOG_BODY(LOG_LVL_ERROR, 1);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_LVL_ERROR, 0);
	exit(1);
}
