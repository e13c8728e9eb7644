/*
 * tz.c: IANA time zones without the global TZ.  TZif files (RFC 8536,
 * versions 1 to 4) are parsed here with every count and index checked
 * against the file size; instants after the last transition use the POSIX
 * TZ rule in the footer, which is all that Debian's "slim" files carry.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tz.h"
#include "util.h"

#define TZ_DEFAULT_DIR	"/usr/share/zoneinfo"
#define TZ_NAME_MAX	255
#define TZ_FILE_MAX	(1024 * 1024)
#define TZ_FOOTER_MAX	256
#define TZ_HEADER_LEN	44
/* RFC 8536 says offsets SHOULD lie in this range; anything else is junk. */
#define TZ_UTOFF_MIN	(-89999L)
#define TZ_UTOFF_MAX	93599L
/* Beyond about +-100 million years the footer rule is evaluated clamped. */
#define TZ_T_CLAMP	((int64_t)3155760000000000LL)

struct tz_type {
	long		 tt_utoff;
	int		 tt_isdst;
};

/* One end of a POSIX TZ rule: which day (Jn, n or Mm.w.d) and when. */
struct tz_when {
	char		 tw_kind;	/* 'J', 'N' or 'M' */
	int		 tw_m, tw_w, tw_d;	/* tw_d is the day for J and N */
	long		 tw_secs;	/* local time of day, may exceed 24h */
};

struct tz_rule {
	long		 tr_std;	/* UTC offset, east positive */
	long		 tr_dst;
	int		 tr_hasdst;
	struct tz_when	 tr_start;	/* standard -> summer */
	struct tz_when	 tr_end;	/* summer -> standard */
};

struct tz {
	char		*tz_name;
	int64_t		*tz_trans;	/* ascending */
	unsigned char	*tz_idx;	/* type of each transition */
	size_t		 tz_ntrans;
	struct tz_type	*tz_types;
	size_t		 tz_ntypes;
	struct tz_rule	 tz_rule;
	int		 tz_hasrule;
};

static const char *const tz_utc_names[] = { "UTC", "Etc/UTC", "GMT",
    "Etc/GMT" };

static int64_t	tz_days_from_civil(int64_t, int, int);
static void	tz_civil_year(int64_t, int64_t *);
static int	tz_leap(int64_t);
static int	tz_mdays(int64_t, int);
static int	tz_name_ok(const char *);
static char	*tz_quote(const char *);
static int	tz_read_file(const char *, unsigned char **, size_t *,
		    const char **);
static int	tz_parse(struct tz *, const unsigned char *, size_t,
		    const char **);
static uint32_t	tz_get32(const unsigned char *);
static int64_t	tz_get64(const unsigned char *);
static const char *tz_rule_name(const char *);
static const char *tz_rule_num(const char *, int, long *);
static const char *tz_rule_offset(const char *, long *);
static const char *tz_rule_when(const char *, struct tz_when *);
static int	tz_rule_parse(struct tz_rule *, const char *);
static int64_t	tz_rule_at(const struct tz_when *, int64_t, long);
static long	tz_rule_offset_at(const struct tz_rule *, int64_t);

/* Howard Hinnant's days_from_civil: proleptic Gregorian, 1970-01-01 is 0. */
static int64_t
tz_days_from_civil(int64_t y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468);
}

/* The inverse, reduced to what the footer rule needs: the year. */
static void
tz_civil_year(int64_t days, int64_t *year)
{
	int64_t	 z, era, doe, yoe, doy, mp;

	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*year = yoe + era * 400 + (mp >= 10);
}

static int
tz_leap(int64_t y)
{
	return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

static int
tz_mdays(int64_t y, int m)
{
	static const int	 mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };

	return (mdays[m - 1] + (m == 2 && tz_leap(y)));
}

/*
 * Zone names come from the config: relative, no "." or ".." components, no
 * empty components, a conservative character set, at most 255 bytes.
 */
static int
tz_name_ok(const char *name)
{
	const char	*p, *comp;
	size_t		 len;

	len = strlen(name);
	if (len == 0 || len > TZ_NAME_MAX || name[0] == '/')
		return (0);
	for (p = name; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && strchr("/_+-.", *p) == NULL)
			return (0);
	}
	for (comp = name; ; comp = p + 1) {
		p = strchr(comp, '/');
		len = p != NULL ? (size_t)(p - comp) : strlen(comp);
		if (len == 0 || comp[0] == '.')
			return (0);
		if (p == NULL)
			break;
	}
	return (1);
}

/* A printable, bounded copy of a hostile name for error messages. */
static char *
tz_quote(const char *name)
{
	char	*q;
	size_t	 i;

	q = xstrndup(name, 64);
	for (i = 0; q[i] != '\0'; i++) {
		if (!isprint((unsigned char)q[i]))
			q[i] = '?';
	}
	return (q);
}

/*
 * Returns 0, or -1 with *why set to a static reason, NULL when the zone
 * simply does not exist.
 */
static int
tz_read_file(const char *path, unsigned char **bufp, size_t *lenp,
    const char **why)
{
	struct stat	 st;
	unsigned char	*buf = NULL;
	size_t		 len = 0;
	ssize_t		 n = 0;
	int		 fd;

	*why = NULL;
	/* O_NONBLOCK: a FIFO planted in TZDIR must not hang the daemon. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		if (errno != ENOENT && errno != ENOTDIR)
			*why = strerror(errno);
		return (-1);
	}
	if (fstat(fd, &st) == -1) {
		*why = strerror(errno);
		close(fd);
		return (-1);
	}
	if (!S_ISREG(st.st_mode) || st.st_size > TZ_FILE_MAX) {
		/* "Europe" names a directory, not a zone. */
		if (!S_ISDIR(st.st_mode))
			*why = S_ISREG(st.st_mode) ? "file too large" :
			    "not a regular file";
		close(fd);
		return (-1);
	}
	buf = xmalloc(TZ_FILE_MAX + 1);
	/* Read to EOF rather than trusting st_size; stop past the cap. */
	while (len <= TZ_FILE_MAX) {
		n = read(fd, buf + len, TZ_FILE_MAX + 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	if (n == -1)
		*why = strerror(errno);
	else if (len > TZ_FILE_MAX)
		*why = "file too large";
	close(fd);
	if (*why != NULL) {
		free(buf);
		return (-1);
	}
	*bufp = buf;
	*lenp = len;
	return (0);
}

static uint32_t
tz_get32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

static int64_t
tz_get64(const unsigned char *p)
{
	return ((int64_t)((uint64_t)tz_get32(p) << 32 | tz_get32(p + 4)));
}

/* Returns 0, or -1 with *why set to a static reason. */
static int
tz_parse(struct tz *tz, const unsigned char *buf, size_t len,
    const char **why)
{
	const unsigned char	*p, *types, *idx, *end;
	uint32_t		 isutcnt, isstdcnt, leapcnt, timecnt, typecnt;
	uint32_t		 charcnt;
	uint64_t		 need;
	size_t			 off = 0, tsize, i;
	char			 footer[TZ_FOOTER_MAX + 1];
	int			 version, pass;

	for (pass = 0; ; pass++) {
		if (len - off < TZ_HEADER_LEN) {
			*why = "truncated header";
			return (-1);
		}
		p = buf + off;
		if (memcmp(p, "TZif", 4) != 0) {
			*why = "bad magic";
			return (-1);
		}
		if (p[4] != 0 && (p[4] < '2' || p[4] > '9')) {
			*why = "unknown version";
			return (-1);
		}
		version = p[4] == 0 ? 1 : p[4] - '0';
		isutcnt = tz_get32(p + 20);
		isstdcnt = tz_get32(p + 24);
		leapcnt = tz_get32(p + 28);
		timecnt = tz_get32(p + 32);
		typecnt = tz_get32(p + 36);
		charcnt = tz_get32(p + 40);
		/* The second, 64-bit block of v2+ is the one we use. */
		tsize = pass == 0 ? 4 : 8;
		/* 64-bit sums of 32-bit counts cannot overflow. */
		need = (uint64_t)timecnt * (tsize + 1) + (uint64_t)typecnt * 6 +
		    charcnt + (uint64_t)leapcnt * (tsize + 4) + isstdcnt +
		    isutcnt;
		if (need > len - off - TZ_HEADER_LEN) {
			*why = "truncated data";
			return (-1);
		}
		if (pass == 0 && version >= 2) {
			off += TZ_HEADER_LEN + need;
			continue;
		}
		break;
	}
	if (typecnt == 0 || typecnt > 256 || charcnt == 0 ||
	    (isstdcnt != 0 && isstdcnt != typecnt) ||
	    (isutcnt != 0 && isutcnt != typecnt)) {
		*why = "bad counts";
		return (-1);
	}

	p = buf + off + TZ_HEADER_LEN;
	idx = p + (size_t)timecnt * tsize;
	types = idx + timecnt;
	end = p + need;

	tz->tz_ntypes = typecnt;
	tz->tz_types = xreallocarray(NULL, typecnt, sizeof(*tz->tz_types));
	for (i = 0; i < typecnt; i++) {
		const unsigned char	*t = types + i * 6;
		int32_t			 utoff = (int32_t)tz_get32(t);

		if (utoff < TZ_UTOFF_MIN || utoff > TZ_UTOFF_MAX ||
		    t[4] > 1 || t[5] >= charcnt) {
			*why = "bad time type";
			return (-1);
		}
		tz->tz_types[i].tt_utoff = utoff;
		tz->tz_types[i].tt_isdst = t[4];
	}

	tz->tz_ntrans = timecnt;
	tz->tz_trans = xreallocarray(NULL, timecnt, sizeof(*tz->tz_trans));
	tz->tz_idx = xmalloc(timecnt);
	for (i = 0; i < timecnt; i++) {
		tz->tz_trans[i] = tsize == 4 ?
		    (int32_t)tz_get32(p + i * 4) : tz_get64(p + i * 8);
		if (i > 0 && tz->tz_trans[i] <= tz->tz_trans[i - 1]) {
			*why = "transitions out of order";
			return (-1);
		}
		if (idx[i] >= typecnt) {
			*why = "bad transition type";
			return (-1);
		}
		tz->tz_idx[i] = idx[i];
	}

	if (version < 2)
		return (0);

	/* Footer: "\n" TZ-string "\n", the string possibly empty. */
	p = end;
	if (p >= buf + len || *p != '\n') {
		*why = "missing footer";
		return (-1);
	}
	p++;
	for (i = 0; p + i < buf + len && p[i] != '\n'; i++) {
		if (i >= TZ_FOOTER_MAX) {
			*why = "footer too long";
			return (-1);
		}
		footer[i] = p[i];
	}
	if (p + i >= buf + len) {
		*why = "unterminated footer";
		return (-1);
	}
	footer[i] = '\0';
	if (i == 0)
		return (0);
	if (memchr(footer, '\0', i) != NULL ||
	    tz_rule_parse(&tz->tz_rule, footer) == -1) {
		*why = "bad footer rule";
		return (-1);
	}
	tz->tz_hasrule = 1;
	return (0);
}

/* Zone abbreviation: "<+03>" or at least three letters. */
static const char *
tz_rule_name(const char *s)
{
	const char	*p = s;

	if (*p == '<') {
		for (p++; isalnum((unsigned char)*p) || *p == '+' || *p == '-';
		    p++)
			;
		if (*p != '>' || p - s < 4)
			return (NULL);
		return (p + 1);
	}
	while (isalpha((unsigned char)*p))
		p++;
	return (p - s >= 3 ? p : NULL);
}

/* Up to three digits, at most MAX. */
static const char *
tz_rule_num(const char *s, int max, long *v)
{
	int	 n;

	*v = 0;
	for (n = 0; n < 3 && isdigit((unsigned char)s[n]); n++)
		*v = *v * 10 + (s[n] - '0');
	if (n == 0 || *v > max)
		return (NULL);
	return (s + n);
}

/* [+-]hh[:mm[:ss]] in seconds; hours up to 167 as RFC 8536 allows. */
static const char *
tz_rule_offset(const char *s, long *secs)
{
	long	 h, m = 0, sec = 0;
	int	 neg = 0;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if ((s = tz_rule_num(s, 167, &h)) == NULL)
		return (NULL);
	if (*s == ':') {
		if ((s = tz_rule_num(s + 1, 59, &m)) == NULL)
			return (NULL);
		if (*s == ':' && (s = tz_rule_num(s + 1, 59, &sec)) == NULL)
			return (NULL);
	}
	*secs = h * 3600 + m * 60 + sec;
	if (neg)
		*secs = -*secs;
	return (s);
}

/* ",Jn[/time]", ",n[/time]" or ",Mm.w.d[/time]". */
static const char *
tz_rule_when(const char *s, struct tz_when *tw)
{
	long	 v;

	if (*s++ != ',')
		return (NULL);
	memset(tw, 0, sizeof(*tw));
	if (*s == 'J') {
		tw->tw_kind = 'J';
		if ((s = tz_rule_num(s + 1, 365, &v)) == NULL || v < 1)
			return (NULL);
		tw->tw_d = v;
	} else if (*s == 'M') {
		tw->tw_kind = 'M';
		if ((s = tz_rule_num(s + 1, 12, &v)) == NULL || v < 1 ||
		    *s != '.')
			return (NULL);
		tw->tw_m = v;
		if ((s = tz_rule_num(s + 1, 5, &v)) == NULL || v < 1 ||
		    *s != '.')
			return (NULL);
		tw->tw_w = v;
		if ((s = tz_rule_num(s + 1, 6, &v)) == NULL)
			return (NULL);
		tw->tw_d = v;
	} else {
		tw->tw_kind = 'N';
		if ((s = tz_rule_num(s, 365, &v)) == NULL)
			return (NULL);
		tw->tw_d = v;
	}
	tw->tw_secs = 2 * 3600;
	if (*s == '/')
		s = tz_rule_offset(s + 1, &tw->tw_secs);
	return (s);
}

/* "GMT0BST,M3.5.0/1,M10.5.0", "<+03>-3", "EST5EDT,M3.2.0,M11.1.0". */
static int
tz_rule_parse(struct tz_rule *tr, const char *s)
{
	long	 v;

	memset(tr, 0, sizeof(*tr));
	if ((s = tz_rule_name(s)) == NULL ||
	    (s = tz_rule_offset(s, &v)) == NULL || labs(v) > 24 * 3600)
		return (-1);
	/* POSIX counts west of Greenwich as positive. */
	tr->tr_std = -v;
	if (*s == '\0')
		return (0);
	if ((s = tz_rule_name(s)) == NULL)
		return (-1);
	tr->tr_hasdst = 1;
	tr->tr_dst = tr->tr_std + 3600;
	if (*s != ',' && *s != '\0') {
		if ((s = tz_rule_offset(s, &v)) == NULL || labs(v) > 24 * 3600)
			return (-1);
		tr->tr_dst = -v;
	}
	/* No rule given: POSIX leaves it to the implementation; use US. */
	if (*s == '\0')
		s = ",M3.2.0,M11.1.0";
	if ((s = tz_rule_when(s, &tr->tr_start)) == NULL ||
	    (s = tz_rule_when(s, &tr->tr_end)) == NULL || *s != '\0')
		return (-1);
	return (0);
}

/* The UTC instant of rule end TW in YEAR, UTOFF being in effect before. */
static int64_t
tz_rule_at(const struct tz_when *tw, int64_t year, long utoff)
{
	int64_t	 days;
	int	 wday, mday;

	switch (tw->tw_kind) {
	case 'J':
		/* Jn never counts February 29. */
		days = tz_days_from_civil(year, 1, 1) + tw->tw_d - 1;
		if (tz_leap(year) && tw->tw_d >= 60)
			days++;
		break;
	case 'N':
		days = tz_days_from_civil(year, 1, 1) + tw->tw_d;
		break;
	default:
		days = tz_days_from_civil(year, tw->tw_m, 1);
		/* 1970-01-01 was a Thursday (4). */
		wday = (int)(((days % 7) + 7 + 4) % 7);
		mday = 1 + (tw->tw_d - wday + 7) % 7 + (tw->tw_w - 1) * 7;
		while (mday > tz_mdays(year, tw->tw_m))
			mday -= 7;
		days += mday - 1;
		break;
	}
	return (days * 86400 + tw->tw_secs - utoff);
}

static long
tz_rule_offset_at(const struct tz_rule *tr, int64_t t)
{
	int64_t	 year, y, when, best = 0;
	long	 off = tr->tr_std;
	int	 found = 0, bestdst = 0;

	if (!tr->tr_hasdst)
		return (tr->tr_std);
	if (t > TZ_T_CLAMP)
		t = TZ_T_CLAMP;
	if (t < -TZ_T_CLAMP)
		t = -TZ_T_CLAMP;
	tz_civil_year(t >= 0 ? t / 86400 : -((-t + 86399) / 86400), &year);
	/*
	 * The latest change at or before t among this year's and its
	 * neighbours' wins; on a tie summer time wins, which is how rules
	 * like "EST5EDT4,0/0,J365/25" spell summer time all year.
	 */
	for (y = year - 1; y <= year + 1; y++) {
		when = tz_rule_at(&tr->tr_start, y, tr->tr_std);
		if (when <= t && (!found || when > best ||
		    (when == best && !bestdst))) {
			best = when;
			off = tr->tr_dst;
			bestdst = 1;
			found = 1;
		}
		when = tz_rule_at(&tr->tr_end, y, tr->tr_dst);
		if (when <= t && (!found || when > best)) {
			best = when;
			off = tr->tr_std;
			bestdst = 0;
			found = 1;
		}
	}
	return (off);
}

struct tz *
tz_load(const char *name, char **cause)
{
	struct tz	*tz;
	unsigned char	*buf = NULL;
	const char	*dir, *why = NULL;
	char		*path, *q;
	size_t		 len, i;

	tz = xcalloc(1, sizeof(*tz));
	for (i = 0; name != NULL &&
	    i < sizeof(tz_utc_names) / sizeof(tz_utc_names[0]); i++) {
		if (strcmp(name, tz_utc_names[i]) == 0)
			break;
	}
	if (name == NULL ||
	    i < sizeof(tz_utc_names) / sizeof(tz_utc_names[0])) {
		tz->tz_name = xstrdup(name != NULL ? name : "UTC");
		return (tz);
	}
	free(tz);

	if (!tz_name_ok(name)) {
		q = tz_quote(name);
		xasprintf(cause, "invalid time zone name '%s'", q);
		free(q);
		return (NULL);
	}
	if ((dir = getenv("TZDIR")) == NULL || *dir == '\0')
		dir = TZ_DEFAULT_DIR;
	xasprintf(&path, "%s/%s", dir, name);
	if (tz_read_file(path, &buf, &len, &why) == -1) {
		if (why == NULL)
			xasprintf(cause, "unknown time zone '%s'", name);
		else
			xasprintf(cause, "time zone '%s': %s: %s", name, path,
			    why);
		free(path);
		return (NULL);
	}
	free(path);

	tz = xcalloc(1, sizeof(*tz));
	if (tz_parse(tz, buf, len, &why) == -1) {
		xasprintf(cause, "time zone '%s': invalid TZif file (%s)",
		    name, why);
		free(buf);
		tz_free(tz);
		return (NULL);
	}
	free(buf);
	tz->tz_name = xstrdup(name);
	return (tz);
}

void
tz_free(struct tz *tz)
{
	if (tz == NULL)
		return;
	free_all(tz->tz_name, tz->tz_trans, tz->tz_idx, tz->tz_types);
	free(tz);
}

const char *
tz_name(const struct tz *tz)
{
	return (tz != NULL ? tz->tz_name : "UTC");
}

long
tz_offset_at(const struct tz *tz, time_t t)
{
	size_t	 lo, hi, mid;

	if (tz == NULL || tz->tz_ntypes == 0)
		return (0);
	if (tz->tz_ntrans == 0 || t < tz->tz_trans[0]) {
		if (tz->tz_ntrans == 0 && tz->tz_hasrule)
			return (tz_rule_offset_at(&tz->tz_rule, t));
		return (tz->tz_types[0].tt_utoff);
	}
	if (t >= tz->tz_trans[tz->tz_ntrans - 1] && tz->tz_hasrule)
		return (tz_rule_offset_at(&tz->tz_rule, t));
	/* The last transition at or before t. */
	lo = 0;
	hi = tz->tz_ntrans;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (tz->tz_trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return (tz->tz_types[tz->tz_idx[lo]].tt_utoff);
}

int
tz_local_to_utc(const struct tz *tz, const struct tm *tm, time_t *out)
{
	int64_t	 year, local;
	long	 before, after;
	time_t	 t;

	year = (int64_t)tm->tm_year + 1900;
	if (year < 1 || year > 9999 || tm->tm_mon < 0 || tm->tm_mon > 11 ||
	    tm->tm_mday < 1 || tm->tm_mday > tz_mdays(year, tm->tm_mon + 1) ||
	    tm->tm_hour < 0 || tm->tm_hour > 24 ||
	    tm->tm_min < 0 || tm->tm_min > 59 ||
	    tm->tm_sec < 0 || tm->tm_sec > 60 ||
	    (tm->tm_hour == 24 && (tm->tm_min != 0 || tm->tm_sec != 0)))
		return (-1);
	local = tz_days_from_civil(year, tm->tm_mon + 1, tm->tm_mday) *
	    86400 + tm->tm_hour * 3600 + tm->tm_min * 60 + tm->tm_sec;
	if (tz == NULL) {
		*out = local;
		return (0);
	}
	/*
	 * Offsets a day either side bracket any transition near this wall
	 * time (zones do not change twice within two days).  The offset from
	 * before the change is preferred: it is valid in an overlap (giving
	 * the earlier instant) and is the standard reading of a gap.
	 */
	before = tz_offset_at(tz, local - 86400);
	after = tz_offset_at(tz, local + 86400);
	t = local - before;
	if (tz_offset_at(tz, t) != before && before != after &&
	    tz_offset_at(tz, local - after) == after)
		t = local - after;
	*out = t;
	return (0);
}
