/*
 * date.c: dates as shown on web pages -> UTC time_t.  glibc's strptime does
 * the field matching; everything around it is ours: the text is cleaned up
 * first (odd spaces, fractional seconds, "GMT" and friends), formats are
 * checked and rewritten, and UTC is computed from the fields by tz.c, so
 * neither the process TZ nor the locale (never set: "C") plays a part.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* strptime, tm_gmtoff */
#endif

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "tz.h"

#define DATE_TEXT_MAX	512
/* Zone words may grow ("UT" -> "+0000"): room for 2.5x, and a NUL. */
#define DATE_BUF_MAX	(DATE_TEXT_MAX * 3 + 1)
#define DATE_FMT_MAX	128
#define DATE_PFMT_MAX	(DATE_FMT_MAX * 2 + 1)
#define DATE_YEAR_MIN	1970
#define DATE_YEAR_MAX	2200
#define DATE_OFF_MAX	(24 * 3600)

/* What a conversion contributes. */
#define DATE_F_YEAR	0x01
#define DATE_F_MON	0x02
#define DATE_F_DAY	0x04
#define DATE_F_OFFSET	0x08
#define DATE_F_ZNAME	0x10
#define DATE_F_TIME	0x20
#define DATE_F_CONV	0x40	/* a real conversion, not %% */

/*
 * The strptime conversions we accept.  Left out: %s (glibc runs it through
 * localtime), %c %x %X %r (locale), %j %U %W %V %G %g (glibc only turns
 * them into a month and day in some combinations).
 */
static const struct {
	char	 dc_conv;
	char	 dc_mods[3];	/* E or O modifiers allowed */
	int	 dc_flags;
} date_convs[] = {
	{ 'a', "",	0 },
	{ 'A', "",	0 },
	{ 'b', "",	DATE_F_MON },
	{ 'B', "",	DATE_F_MON },
	{ 'h', "",	DATE_F_MON },
	{ 'C', "E",	0 },
	{ 'd', "O",	DATE_F_DAY },
	{ 'e', "O",	DATE_F_DAY },
	{ 'D', "",	DATE_F_YEAR | DATE_F_MON | DATE_F_DAY },
	{ 'F', "",	DATE_F_YEAR | DATE_F_MON | DATE_F_DAY },
	{ 'H', "O",	DATE_F_TIME },
	{ 'I', "O",	DATE_F_TIME },
	{ 'm', "O",	DATE_F_MON },
	{ 'M', "O",	0 },
	{ 'n', "",	0 },
	{ 't', "",	0 },
	{ 'p', "",	0 },
	{ 'R', "",	DATE_F_TIME },
	{ 'S', "O",	0 },
	{ 'T', "",	DATE_F_TIME },
	{ 'u', "O",	0 },
	{ 'w', "O",	0 },
	{ 'y', "EO",	DATE_F_YEAR },
	{ 'Y', "E",	DATE_F_YEAR },
	{ 'z', "",	DATE_F_OFFSET },
	{ 'Z', "",	DATE_F_ZNAME },
};

/*
 * Zone words in page text, rewritten to numeric offsets so one "%z" form
 * covers them all; in formats they (and "Z") become "%z".  The US ones
 * follow RFC 822.  "Z" in text needs no entry: glibc's %z takes it.
 */
static const struct {
	const char	*dz_word;
	const char	*dz_offset;
} date_zones[] = {
	{ "GMT",	"+0000" },
	{ "UTC",	"+0000" },
	{ "UT",		"+0000" },
	{ "EST",	"-0500" },
	{ "EDT",	"-0400" },
	{ "CST",	"-0600" },
	{ "CDT",	"-0500" },
	{ "MST",	"-0700" },
	{ "MDT",	"-0600" },
	{ "PST",	"-0800" },
	{ "PDT",	"-0700" },
};
#define DATE_NZONES	(sizeof(date_zones) / sizeof(date_zones[0]))


/*
 * Built-in forms, most specific first so a shorter form cannot claim the
 * head of a longer date.  Fractional seconds and zone words are gone from
 * the text by the time these are tried.
 */
static const char *const date_builtin[] = {
	/* ISO 8601 / RFC 3339 */
	"%Y-%m-%dT%H:%M:%S%z",
	"%Y-%m-%dT%H:%M%z",
	"%Y-%m-%dT%H:%M:%S",
	"%Y-%m-%dT%H:%M",
	"%Y-%m-%d %H:%M:%S%z",
	"%Y-%m-%d %H:%M%z",
	"%Y-%m-%d %H:%M:%S",
	"%Y-%m-%d %H:%M",
	"%Y-%m-%d",
	/* RFC 822 / RFC 1123, with or without weekday or seconds */
	"%a, %d %b %Y %H:%M:%S %z",
	"%a, %d %b %Y %H:%M %z",
	"%a, %d %b %Y %H:%M:%S",
	"%d %b %Y %H:%M:%S %z",
	"%d %b %Y %H:%M %z",
	"%d %b %Y %H:%M:%S",
	/* Day first with dots */
	"%d.%m.%Y %H:%M:%S",
	"%d.%m.%Y %H:%M",
	"%d.%m.%Y",
	/* Month names (English: the locale is never set) */
	"%d %B %Y, %H:%M",
	"%d %B %Y %H:%M",
	"%d %B %Y",
	"%B %d, %Y, %H:%M",
	"%B %d, %Y %H:%M",
	"%B %d, %Y",
};
#define DATE_NBUILTIN	(sizeof(date_builtin) / sizeof(date_builtin[0]))

/* A format checked and rewritten for strptime. */
struct date_fmt {
	char	 df_fmt[DATE_PFMT_MAX];
	int	 df_flags;
};

static int	date_prepare(const char *, int, struct date_fmt *);
static int	date_emit(struct date_fmt *, size_t *, const char *, size_t);
static size_t	date_normalize(const char *, char *, size_t);
static size_t	date_space(const unsigned char *, size_t);
static int	date_match(const char *, const struct date_fmt *,
		    const struct tz *, time_t *);
static size_t	date_next_token(const char *, size_t, size_t);

static int
date_emit(struct date_fmt *df, size_t *len, const char *s, size_t n)
{
	if (n >= sizeof(df->df_fmt) - *len)
		return (-1);
	memcpy(df->df_fmt + *len, s, n);
	*len += n;
	df->df_fmt[*len] = '\0';
	return (0);
}

/*
 * Checks FMT and rewrites it into DF: strftime-style flags and widths go
 * (glibc ignores them anyway), literal zone words become "%z", and with
 * ZMODE set %Z becomes %z too, so "GMT" or "+03:00" there is honoured.
 * Returns 0, or -1 for an unknown conversion or an overlong format.
 */
static int
date_prepare(const char *fmt, int zmode, struct date_fmt *df)
{
	const char	*f = fmt, *w;
	char		 conv[4];
	size_t		 len = 0, i, n;
	char		 mod;

	df->df_fmt[0] = '\0';
	df->df_flags = 0;
	if (strlen(fmt) > DATE_FMT_MAX)
		return (-1);
	while (*f != '\0') {
		if (*f == '%') {
			f++;
			while (*f != '\0' && strchr("-_0^#", *f) != NULL)
				f++;
			while (isdigit((unsigned char)*f))
				f++;
			mod = 0;
			if (*f == 'E' || *f == 'O')
				mod = *f++;
			if (*f == '%' && mod == 0) {
				if (date_emit(df, &len, "%%", 2) == -1)
					return (-1);
				f++;
				continue;
			}
			for (i = 0; i < sizeof(date_convs) /
			    sizeof(date_convs[0]); i++) {
				if (*f != '\0' && date_convs[i].dc_conv == *f)
					break;
			}
			if (i == sizeof(date_convs) / sizeof(date_convs[0]) ||
			    (mod != 0 &&
			    strchr(date_convs[i].dc_mods, mod) == NULL))
				return (-1);
			df->df_flags |= date_convs[i].dc_flags | DATE_F_CONV;
			n = 0;
			conv[n++] = '%';
			if (mod != 0)
				conv[n++] = mod;
			conv[n++] = (*f == 'Z' && zmode) ? 'z' : *f;
			if (*f == 'Z' && zmode)
				df->df_flags |= DATE_F_OFFSET;
			if (date_emit(df, &len, conv, n) == -1)
				return (-1);
			f++;
		} else if (isalpha((unsigned char)*f)) {
			/* A literal word: a run of letters. */
			for (w = f; isalpha((unsigned char)*f); f++)
				;
			n = f - w;
			/* The same words as in text, and "Z". */
			for (i = 0; i < DATE_NZONES; i++) {
				if (strlen(date_zones[i].dz_word) == n &&
				    memcmp(w, date_zones[i].dz_word, n) == 0)
					break;
			}
			if (i < DATE_NZONES || (n == 1 && *w == 'Z')) {
				df->df_flags |= DATE_F_OFFSET;
				if (date_emit(df, &len, "%z", 2) == -1)
					return (-1);
			} else if (date_emit(df, &len, w, n) == -1)
				return (-1);
		} else {
			if (date_emit(df, &len, f, 1) == -1)
				return (-1);
			f++;
		}
	}
	return (0);
}

/* Length of a Unicode space (NBSP, thin, narrow, ideographic) at P, or 0. */
static size_t
date_space(const unsigned char *p, size_t left)
{
	if (left >= 2 && p[0] == 0xc2 && p[1] == 0xa0)
		return (2);
	if (left >= 3 && p[0] == 0xe2 && p[1] == 0x80 &&
	    ((p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xaf))
		return (3);
	if (left >= 3 && p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
		return (3);
	return (0);
}

/*
 * Copies at most the first 512 bytes of TEXT into BUF cleaned for strptime:
 * control bytes and Unicode spaces become ' ', fractional seconds after
 * hh:mm:ss are dropped (strptime has no conversion for them), zone words
 * become offsets ("GMT" -> "+0000", "UTC+3" -> "+03"), outer spaces go.
 * Returns the length.
 */
static size_t
date_normalize(const char *text, char *buf, size_t size)
{
	const unsigned char	*in = (const unsigned char *)text;
	size_t			 inlen, i = 0, o = 0, n, k, z;
	const char		*rep;

	inlen = strnlen(text, DATE_TEXT_MAX);
	while (i < inlen && o + 6 < size) {
		if ((n = date_space(in + i, inlen - i)) != 0) {
			buf[o++] = ' ';
			i += n;
		} else if (in[i] < 0x20 || in[i] == 0x7f) {
			buf[o++] = ' ';
			i++;
		} else if ((in[i] == '.' || in[i] == ',') && i + 1 < inlen &&
		    isdigit(in[i + 1]) && o >= 6 && buf[o - 3] == ':' &&
		    buf[o - 6] == ':' && isdigit((unsigned char)buf[o - 1]) &&
		    isdigit((unsigned char)buf[o - 2]) &&
		    isdigit((unsigned char)buf[o - 4]) &&
		    isdigit((unsigned char)buf[o - 5])) {
			for (i++; i < inlen && isdigit(in[i]); i++)
				;
		} else if (isalpha(in[i]) && (i == 0 || !isalpha(in[i - 1]))) {
			for (n = 0; i + n < inlen && isalpha(in[i + n]); n++)
				;
			rep = NULL;
			for (z = 0; z < DATE_NZONES; z++) {
				if (strlen(date_zones[z].dz_word) == n &&
				    memcmp(in + i, date_zones[z].dz_word,
				    n) == 0) {
					rep = date_zones[z].dz_offset;
					break;
				}
			}
			if (rep == NULL) {
				/* An ordinary word, copied whole. */
				k = n < size - o - 6 ? n : size - o - 6;
				memcpy(buf + o, in + i, k);
				o += k;
				i += n;
				continue;
			}
			k = i + n;
			if (strcmp(rep, "+0000") == 0 && k + 1 < inlen &&
			    (in[k] == '+' || in[k] == '-') &&
			    isdigit(in[k + 1])) {
				/* "GMT+3": keep the offset, pad one digit. */
				buf[o++] = in[k];
				if (k + 2 >= inlen || !isdigit(in[k + 2]))
					buf[o++] = '0';
				i = k + 1;
			} else {
				memcpy(buf + o, rep, strlen(rep));
				o += strlen(rep);
				i = k;
			}
		} else
			buf[o++] = in[i++];
	}
	while (o > 0 && buf[o - 1] == ' ')
		o--;
	buf[o] = '\0';
	for (n = 0; buf[n] == ' '; n++)
		;
	memmove(buf, buf + n, o - n + 1);
	return (o - n);
}

/* Returns 0 with *out set, or -1. */
static int
date_match(const char *s, const struct date_fmt *df, const struct tz *tz,
    time_t *out)
{
	struct tm	 tm;
	const char	*end;
	time_t		 t;

	if ((df->df_flags & DATE_F_YEAR) == 0)
		return (-1);
	/* Day 1 (and January) for forms like "%B %Y" that lack them. */
	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = 1;
	if ((end = strptime(s, df->df_fmt, &tm)) == NULL)
		return (-1);
	/*
	 * The match must end at a token boundary: "13.11.20189" is no date,
	 * nor is "2018-11-13T25:00" one with its time thrown away, nor
	 * "10:20:61" a time with its seconds cut off.
	 */
	if (end > s && isalnum((unsigned char)end[-1]) &&
	    isalnum((unsigned char)end[0]))
		return (-1);
	if (end > s && isdigit((unsigned char)end[-1]) &&
	    (end[0] == ':' || end[0] == '.') && isdigit((unsigned char)end[1]))
		return (-1);
	/* Nor may a time drop an offset it could not read ("+25:00"). */
	if ((df->df_flags & (DATE_F_TIME | DATE_F_OFFSET)) == DATE_F_TIME &&
	    (end[0] == '+' || end[0] == '-') &&
	    isdigit((unsigned char)end[1]) && isdigit((unsigned char)end[2]))
		return (-1);
	if (tm.tm_year < DATE_YEAR_MIN - 1900 ||
	    tm.tm_year > DATE_YEAR_MAX - 1900)
		return (-1);
	if (df->df_flags & DATE_F_OFFSET) {
		if (tm.tm_gmtoff < -DATE_OFF_MAX || tm.tm_gmtoff > DATE_OFF_MAX ||
		    tz_local_to_utc(NULL, &tm, &t) == -1)
			return (-1);
		t -= tm.tm_gmtoff;
	} else if (tz_local_to_utc(tz, &tm, &t) == -1)
		return (-1);
	*out = t;
	return (0);
}

/* The next position after POS where a token starts, or LEN. */
static size_t
date_next_token(const char *buf, size_t pos, size_t len)
{
	for (pos++; pos < len; pos++) {
		if (isalnum((unsigned char)buf[pos]) &&
		    !isalnum((unsigned char)buf[pos - 1]))
			break;
	}
	return (pos);
}

int
date_parse(const char *text, const char *const *formats, size_t nformats,
    const struct tz *tz, time_t *out)
{
	struct date_fmt	 df[2], bf[DATE_NBUILTIN];
	char		 buf[DATE_BUF_MAX];
	size_t		 len, pos, i, nb;
	int		 v, nv;

	if (text == NULL || (len = date_normalize(text, buf, sizeof(buf))) == 0)
		return (-1);

	/* Configured formats in order, each at the start, then later on. */
	for (i = 0; i < nformats; i++) {
		if (formats == NULL || formats[i] == NULL ||
		    date_prepare(formats[i], 1, &df[0]) == -1)
			continue;
		/* %Z: try it as an offset first, then as a skipped name. */
		nv = 1;
		if ((df[0].df_flags & DATE_F_ZNAME) &&
		    date_prepare(formats[i], 0, &df[1]) == 0)
			nv = 2;
		for (pos = 0; pos < len; pos = date_next_token(buf, pos, len)) {
			for (v = 0; v < nv; v++) {
				if (date_match(buf + pos, &df[v], tz, out) == 0)
					return (0);
			}
		}
	}

	/*
	 * Built-in forms: the leftmost date wins, so adding forms to the
	 * table does not change which date of a phrase is picked.
	 */
	for (i = nb = 0; i < DATE_NBUILTIN; i++) {
		if (date_prepare(date_builtin[i], 0, &bf[nb]) == 0)
			nb++;
	}
	for (pos = 0; pos < len; pos = date_next_token(buf, pos, len)) {
		for (i = 0; i < nb; i++) {
			if (date_match(buf + pos, &bf[i], tz, out) == 0)
				return (0);
		}
	}
	return (-1);
}

static const char *const date_wdays[] = { "Sun", "Mon", "Tue", "Wed",
    "Thu", "Fri", "Sat" };
static const char *const date_months[] = { "Jan", "Feb", "Mar", "Apr",
    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void
date_format_rfc822(time_t t, char *buf, size_t size)
{
	struct tm	 tm;

	if (size == 0)
		return;
	/* gmtime_r is pure UTC arithmetic: it never reads TZ. */
	if (gmtime_r(&t, &tm) == NULL) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    date_wdays[tm.tm_wday], tm.tm_mday, date_months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void
date_format_rfc3339(time_t t, char *buf, size_t size)
{
	struct tm	 tm;

	if (size == 0)
		return;
	if (gmtime_r(&t, &tm) == NULL) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

int
date_format_valid(const char *fmt)
{
	struct date_fmt	 df;

	if (fmt == NULL || date_prepare(fmt, 0, &df) == -1 ||
	    (df.df_flags & DATE_F_CONV) == 0)
		return (-1);
	return (0);
}
