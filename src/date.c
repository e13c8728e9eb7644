/*
 * date.c: dates as shown on web pages -> UTC time_t.  Configured formats go
 * through glibc's strptime; the built-in forms (ISO 8601, RFC 822, numeric,
 * month names in thirteen languages, Chinese, Japanese and Korean dates,
 * relative dates) are read by hand here and in date_words.c.  The text is
 * cleaned up first (odd spaces, full-width digits, fractional seconds, "GMT"
 * and friends) and UTC is computed from the fields by tz.c, so neither the
 * process TZ nor the locale (never set: "C") plays a part.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* strptime, tm_gmtoff */
#endif

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "date.h"
#include "date_words.h"
#include "tz.h"

#define DATE_TEXT_MAX	512
/* Zone words may grow ("UT" -> "+0000"): room for 2.5x, and a NUL. */
#define DATE_BUF_MAX	(DATE_TEXT_MAX * 3 + 1)
#define DATE_FMT_MAX	128
#define DATE_PFMT_MAX	(DATE_FMT_MAX * 2 + 1)
#define DATE_YEAR_MIN	1970
#define DATE_YEAR_MAX	2200
#define DATE_OFF_MAX	(24 * 3600)
#define DATE_T_MIN	0			/* 1970-01-01T00:00:00Z */
#define DATE_T_MAX	7289654399LL		/* 2200-12-31T23:59:59Z */
#define DATE_SEP_MAX	8	/* bytes between the parts of a date */
#define DATE_GAP_MAX	24	/* bytes between a date and its time */
#define DATE_AHEAD_MAX	86400	/* a year-less date may be ahead of now */

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


/* The fields of a date read by the built-in parser. */
struct date_val {
	int	 dv_year;		/* 0: not given */
	int	 dv_mon, dv_mday;	/* 1-based */
	int	 dv_hour, dv_min, dv_sec;
	int	 dv_hasoff;		/* an offset was given: dv_off */
	long	 dv_off;		/* seconds east of UTC */
};

/* The cleaned text and the options the built-in forms are read with. */
struct date_ctx {
	const char		*dx_buf;	/* NUL-terminated */
	size_t			 dx_len;
	const struct tz		*dx_tz;
	time_t			 dx_now;
	enum date_order		 dx_order;
};

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
		    const struct tz *, time_t *, struct date_info *);
static size_t	date_next_token(const char *, size_t, size_t);
static int	date_digits(const char *, size_t *, int, int *);
static size_t	date_skip(const char *, size_t *, const char *);
static int	date_clean_end(const char *, size_t);
static int	date_word_is(const char *, size_t, const char *);
static size_t	date_ordinal(const char *, size_t);
static int	date_mark(const char *, size_t *, const char *);
static int	date_mark_before(const char *, size_t, const char *);
static int	date_half(const char *, size_t, size_t);
static int	date_hms(const char *, size_t *, int *, int *, int *);
static int	date_time(const char *, size_t, struct date_val *, size_t *);
static int	date_year2(int);
static int	date_numeric(const struct date_ctx *, size_t,
		    struct date_val *, size_t *);
static int	date_month_at(const struct date_ctx *, size_t *);
static int	date_named(const struct date_ctx *, size_t, struct date_val *,
		    size_t *);
static int	date_cjk(const struct date_ctx *, size_t, struct date_val *,
		    size_t *);
static int	date_dotted(const struct date_ctx *, size_t,
		    struct date_val *, size_t *);
static int	date_utc(const struct date_ctx *, const struct date_val *,
		    int, time_t *, struct date_info *);
static void	date_local_day(const struct date_ctx *, int,
		    struct date_val *);
static int	date_resolve(const struct date_ctx *, const struct date_val *,
		    time_t *, struct date_info *);
static int	date_relative(const struct date_ctx *, size_t, time_t *,
		    struct date_info *);
static int	date_builtin(const struct date_ctx *, size_t, time_t *,
		    struct date_info *);

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
 * The ASCII of a full-width digit or punctuation mark at P (U+FF01..U+FF20:
 * "２０１８／０５／２９", "１４：３０"), or 0.
 */
static int
date_fullwidth(const unsigned char *p, size_t left)
{
	if (left >= 3 && p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x81 &&
	    p[2] <= 0xa0)
		return (0x21 + (p[2] - 0x81));
	return (0);
}

/*
 * Copies at most the first 512 bytes of TEXT into BUF cleaned for strptime:
 * control bytes and Unicode spaces become ' ', full-width digits and
 * punctuation their ASCII, fractional seconds after
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
	int			 c;

	inlen = strnlen(text, DATE_TEXT_MAX);
	while (i < inlen && o + 6 < size) {
		if ((n = date_space(in + i, inlen - i)) != 0) {
			buf[o++] = ' ';
			i += n;
		} else if ((c = date_fullwidth(in + i, inlen - i)) != 0) {
			buf[o++] = (char)c;
			i += 3;
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
    time_t *out, struct date_info *di)
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
	/* The match must end at a token boundary. */
	if (end > s && !date_clean_end(s, end - s))
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
	if (di != NULL) {
		di->di_offset = (df->df_flags & DATE_F_OFFSET) ?
		    tm.tm_gmtoff : tz_offset_at(tz, t);
		di->di_date_only = (df->df_flags & DATE_F_TIME) == 0;
		di->di_relative = 0;
		di->di_no_year = 0;
	}
	*out = t;
	return (0);
}

/*
 * The next position after POS where a token starts, or LEN: an ASCII letter
 * or digit after a byte that is neither, a non-ASCII letter ("вчера",
 * "à") after a code point that is no letter or digit, or any CJK character
 * (no spaces there: "发布于昨天").
 */
static size_t
date_next_token(const char *buf, size_t pos, size_t len)
{
	uint32_t	 c;
	size_t		 n;

	for (pos += date_words_cp(buf + pos, len - pos, &c); pos < len;
	    pos += n) {
		n = date_words_cp(buf + pos, len - pos, &c);
		if (isalnum((unsigned char)buf[pos]) &&
		    !isalnum((unsigned char)buf[pos - 1]))
			break;
		if (c >= 0x80 && date_words_letter(c) &&
		    (date_words_cjk(c) || !date_words_after_word(buf, pos)))
			break;
	}
	return (pos);
}

/*
 * Reads 1..MAX digits at *POS into *VAL and moves *POS past them.  Returns
 * how many, or 0 (and *POS unmoved) when there are none or more than MAX.
 */
static int
date_digits(const char *s, size_t *pos, int max, int *val)
{
	size_t	 p = *pos;
	int	 n = 0, v = 0;

	while (isdigit((unsigned char)s[p])) {
		if (n == max)
			return (0);
		v = v * 10 + (s[p++] - '0');
		n++;
	}
	if (n > 0) {
		*pos = p;
		*val = v;
	}
	return (n);
}

/* Skips at most DATE_SEP_MAX bytes of SET at *POS; returns how many. */
static size_t
date_skip(const char *s, size_t *pos, const char *set)
{
	size_t	 n = 0;

	while (s[*pos] != '\0' && strchr(set, s[*pos]) != NULL &&
	    n < DATE_SEP_MAX) {
		(*pos)++;
		n++;
	}
	return (n);
}

/*
 * Whether a date may end at S + END: "13.11.20189" is no date, nor is
 * "2018-11-13T25:00" one with its time thrown away, nor "10:20:61" a time
 * with its seconds cut off.  A non-ASCII letter may follow ("2018г.").
 */
static int
date_clean_end(const char *s, size_t end)
{
	if (end == 0)
		return (0);
	if (isalnum((unsigned char)s[end - 1]) &&
	    isalnum((unsigned char)s[end]))
		return (0);
	if (isdigit((unsigned char)s[end - 1]) &&
	    (s[end] == ':' || s[end] == '.') &&
	    isdigit((unsigned char)s[end + 1]))
		return (0);
	return (1);
}

/* Whether the ASCII word W (lowercase) is at S + POS, whole. */
static int
date_word_is(const char *s, size_t pos, const char *w)
{
	size_t		 n = strlen(w);
	uint32_t	 c;

	if (strncasecmp(s + pos, w, n) != 0)
		return (0);
	/* The text is NUL-terminated: decoding stops at the NUL. */
	(void)date_words_cp(s + pos + n, 4, &c);
	return (!date_words_letter(c));
}

/* Skips an ordinal suffix after a day ("1st", "1er", "1º"). */
static size_t
date_ordinal(const char *s, size_t pos)
{
	static const char *const	 sfx[] = {
		"st", "nd", "rd", "th", "er"
	};
	size_t				 i;

	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		if (date_word_is(s, pos, sfx[i]))
			return (pos + 2);
	}
	if ((unsigned char)s[pos] == 0xc2 && (unsigned char)s[pos + 1] == 0xba)
		return (pos + 2);
	return (pos);
}

/*
 * Skips spaces and then one of the space-separated MARKS ("年 년") at
 * *POS.  Returns 1 with *POS past the mark, or 0 with *POS unmoved.
 */
static int
date_mark(const char *s, size_t *pos, const char *marks)
{
	size_t	 p = *pos, k;

	(void)date_skip(s, &p, " ");
	for (; *marks != '\0'; marks += k + (marks[k] == ' ')) {
		k = strcspn(marks, " ");
		if (strncmp(s + p, marks, k) == 0) {
			*pos = p + k;
			return (1);
		}
	}
	return (0);
}

/* Whether one of MARKS ends just before S + POS, spaces aside. */
static int
date_mark_before(const char *s, size_t pos, const char *marks)
{
	size_t	 k;

	while (pos > 0 && s[pos - 1] == ' ')
		pos--;
	for (; *marks != '\0'; marks += k + (marks[k] == ' ')) {
		k = strcspn(marks, " ");
		if (k <= pos && memcmp(s + pos - k, marks, k) == 0)
			return (1);
	}
	return (0);
}

/*
 * Morning or afternoon said in the gap before a time (S + FROM up to TO):
 * "上午", "午前", "오전" are 1, "下午", "午後", "오후" 2; else 0.
 */
static int
date_half(const char *s, size_t from, size_t to)
{
	static const char *const	 halves[] = {
		"上午", "午前", "오전", "下午", "午後", "오후"
	};
	size_t				 i;

	for (i = 0; i < sizeof(halves) / sizeof(halves[0]); i++) {
		if (memmem(s + from, to - from, halves[i],
		    strlen(halves[i])) != NULL)
			return (i < 3 ? 1 : 2);
	}
	return (0);
}

/*
 * The minutes and seconds after an hour, at *POS: ":mm[:ss]", French
 * "hmm", or "時mm分[ss秒]", "시 mm분" (the minutes may go: "14時").
 * Returns 1 with *POS moved, 0 when there is no time, or -1 when there
 * is one but it is broken.
 */
static int
date_hms(const char *s, size_t *pos, int *mi, int *sec, int *sec_given)
{
	size_t	 p = *pos, q;
	char	 sep = s[p];

	*mi = *sec = *sec_given = 0;
	if (date_mark(s, &p, "時 时 시")) {
		/* "3時間", "3시간": hours of time, not three o'clock. */
		if (strncmp(s + p, "間", 3) == 0 ||
		    strncmp(s + p, "간", 3) == 0)
			return (0);
		q = p;
		(void)date_skip(s, &q, " ");
		if (date_digits(s, &q, 2, mi) > 0 &&
		    date_mark(s, &q, "分 분")) {
			p = q;
			(void)date_skip(s, &q, " ");
			if (date_digits(s, &q, 2, sec) > 0 &&
			    date_mark(s, &q, "秒 초"))
				p = q;
			else
				*sec = 0;
		} else
			*mi = 0;
		*pos = p;
		return (1);
	}
	q = p + 1;
	if ((sep != ':' && sep != 'h') || date_digits(s, &q, 2, mi) != 2)
		return (0);
	p = q;
	if (sep == ':' && s[p] == ':' && isdigit((unsigned char)s[p + 1])) {
		p++;
		if (date_digits(s, &p, 2, sec) != 2)
			return (-1);
		*sec_given = 1;
	}
	/* "10:20 Uhr" is fine as it is; "10:20h" drops the h. */
	if (s[p] == 'h' && !isalnum((unsigned char)s[p + 1]))
		p++;
	*pos = p;
	return (1);
}

/*
 * Reads a time that may follow a date after a short gap without digits
 * (" ", ", ", "T", " в ", " um ", " a las ", none after a CJK word):
 * hh:mm[:ss], French "18h30" or "14時30分", then "am"/"pm" (or "下午",
 * "오후" before it) and a UTC offset ("Z", "+03", "+0300", "-03:00").
 * An offset right after hh:mm is read only after a "T" or seconds, as in
 * ISO 8601: "10:20-11:30" is a range, not a zone.
 * Returns 1 with DV and *END set, 0 when no time follows, or -1 when one
 * does but is out of range, so the date is rejected rather than read
 * without it.
 */
static int
date_time(const char *s, size_t pos, struct date_val *dv, size_t *end)
{
	size_t	 p = pos, g, q;
	int	 h, mi, sec, hh, mm = 0, ampm = 0, iso, sec_given, r;

	for (g = 0; s[p] != '\0' && !isdigit((unsigned char)s[p]); p++) {
		if (++g > DATE_GAP_MAX)
			return (0);
	}
	/* "昨天14:30", "29日14時": no gap is needed after a CJK word. */
	if ((g == 0 && (pos == 0 || (unsigned char)s[pos - 1] < 0x80)) ||
	    date_digits(s, &p, 2, &h) == 0)
		return (0);
	iso = g == 1 && s[pos] == 'T';
	if ((r = date_hms(s, &p, &mi, &sec, &sec_given)) != 1)
		return (r);
	q = p + (s[p] == ' ');
	if (date_word_is(s, q, "am") || date_word_is(s, q, "a.m.")) {
		ampm = 1;
		p = q + (s[q + 1] == '.' ? 4 : 2);
	} else if (date_word_is(s, q, "pm") || date_word_is(s, q, "p.m.")) {
		ampm = 2;
		p = q + (s[q + 1] == '.' ? 4 : 2);
	} else if (h >= 1 && h <= 12)
		ampm = date_half(s, pos, pos + g);	/* "下午14:30" too */
	if (h > 23 || mi > 59 || sec > 60 ||
	    (ampm != 0 && (h < 1 || h > 12)))
		return (-1);
	if (ampm != 0)
		h = h % 12 + (ampm == 2 ? 12 : 0);
	dv->dv_hour = h;
	dv->dv_min = mi;
	dv->dv_sec = sec;
	dv->dv_hasoff = 0;
	q = p + (s[p] == ' ');
	if (s[p] == 'Z' && !isalnum((unsigned char)s[p + 1])) {
		dv->dv_hasoff = 1;
		dv->dv_off = 0;
		p++;
	} else if ((s[q] == '+' || s[q] == '-') && (q > p || iso ||
	    sec_given) && isdigit((unsigned char)s[q + 1]) &&
	    isdigit((unsigned char)s[q + 2])) {
		/* "+03", "+0300", "+03:00" */
		hh = (s[q + 1] - '0') * 10 + (s[q + 2] - '0');
		p = q + 3;
		if (isdigit((unsigned char)s[p]) ||
		    (s[p] == ':' && isdigit((unsigned char)s[p + 1]))) {
			p += (s[p] == ':');
			if (date_digits(s, &p, 2, &mm) != 2)
				return (-1);
		}
		if (hh > 23 || mm > 59)
			return (-1);
		dv->dv_hasoff = 1;
		dv->dv_off = (s[q] == '-' ? -1 : 1) * (hh * 3600L + mm * 60L);
	}
	if (!date_clean_end(s, p))
		return (-1);
	*end = p;
	return (1);
}

/* 00..69 are 2000..2069, 70..99 are 1970..1999. */
static int
date_year2(int y)
{
	return (y < 70 ? 2000 + y : 1900 + y);
}

/*
 * A whole text of "03-16" (fields A and B) is a month and day, as ISO
 * 8601 orders them (Chinese news lists).  Not "03/16": "12/17" is as
 * often December 2017 (a blog's month and year).  Returns 0 with DV
 * set, or -1.
 */
static int
date_month_day(int a, int b, struct date_val *dv)
{
	dv->dv_year = 0;
	dv->dv_mon = a;
	dv->dv_mday = b;
	if (dv->dv_mon < 1 || dv->dv_mon > 12 || dv->dv_mday < 1 ||
	    dv->dv_mday > 31)
		return (-1);
	return (0);
}

/* "20161101": a day written without separators, when its year is of
 * the web's time and its month and day are ones. */
static int
date_compact(const struct date_ctx *x, size_t pos, struct date_val *dv,
    size_t *end)
{
	size_t	 p = pos;
	int	 a;

	if (date_digits(x->dx_buf, &p, 8, &a) != 8)
		return (-1);
	dv->dv_year = a / 10000;
	dv->dv_mon = a / 100 % 100;
	dv->dv_mday = a % 100;
	if (dv->dv_year < 1990 || dv->dv_year > 2099 || dv->dv_mon < 1 ||
	    dv->dv_mon > 12 || dv->dv_mday < 1 || dv->dv_mday > 31)
		return (-1);
	*end = p;
	return (0);
}

/*
 * Numeric dates: d.m.y, d/m/y, d-m-y, y-m-d and y/m/d, years of 2 or 4
 * digits.  A 4-digit first field is a year.  Otherwise a field over 12
 * cannot be the month, so 13/11/2018 is always 13 November; when both
 * could be, ORDER decides (YMD applies when all three fields are short).
 * Returns 0 with DV and *END set, or -1.
 */
static int
date_numeric(const struct date_ctx *x, size_t pos, struct date_val *dv,
    size_t *end)
{
	const char	*s = x->dx_buf;
	size_t		 p = pos;
	int		 la, lb, lc, a, b, c, mdy;
	char		 sep;

	if ((la = date_digits(s, &p, 4, &a)) == 0 || la == 3)
		return (-1);
	sep = s[p];
	if (sep != '.' && sep != '/' && sep != '-')
		return (-1);
	p++;
	/* "2018-3- 9": a year first may pad its fields with a space (not
	 * with dots: "2018. 5. 29." is date_dotted's, and wants its end). */
	if (la == 4 && sep != '.' && s[p] == ' ' &&
	    isdigit((unsigned char)s[p + 1]))
		p++;
	if ((lb = date_digits(s, &p, 2, &b)) == 0)
		return (-1);
	/* A whole text of "17.03" or "17.03." is a day and month (opennet's
	 * news): in a longer text two numbers with a dot are too often
	 * something else. */
	if (sep == '.' && la == 2 && lb == 2 && pos == 0 &&
	    p + (s[p] == '.') == x->dx_len && b >= 1 && b <= 12) {
		dv->dv_year = 0;
		dv->dv_mon = b;
		dv->dv_mday = a;
		*end = p + (s[p] == '.');
		return (0);
	}
	if (sep == '-' && la == 2 && lb == 2 && pos == 0 && p == x->dx_len) {
		*end = p;
		return (date_month_day(a, b, dv));
	}
	if (s[p] != sep)
		return (-1);
	p++;
	if (la == 4 && sep != '.' && s[p] == ' ' &&
	    isdigit((unsigned char)s[p + 1]))
		p++;
	if ((lc = date_digits(s, &p, 4, &c)) == 0 || lc == 3)
		return (-1);
	if (la == 4) {
		if (lc > 2)
			return (-1);
		dv->dv_year = a;
		dv->dv_mon = b;
		dv->dv_mday = c;
	} else if (lc == 1) {
		return (-1);
	} else if (lc == 2 && (x->dx_order == DATE_ORDER_YMD || a > 31)) {
		dv->dv_year = date_year2(a);
		dv->dv_mon = b;
		dv->dv_mday = c;
	} else {
		dv->dv_year = lc == 2 ? date_year2(c) : c;
		if (a > 12)
			mdy = 0;
		else if (b > 12)
			mdy = 1;
		else
			mdy = x->dx_order == DATE_ORDER_MDY;
		dv->dv_mon = mdy ? a : b;
		dv->dv_mday = mdy ? b : a;
	}
	if (dv->dv_mon < 1 || dv->dv_mon > 12 || dv->dv_mday < 1)
		return (-1);
	*end = p;
	return (0);
}

/* A month name at S + *POS, with its dot: 1..12 and *POS moved, or 0. */
static int
date_month_at(const struct date_ctx *x, size_t *pos)
{
	char	 w[DATE_WORD_MAX];
	size_t	 n;
	int	 m;

	if ((n = date_words_read(x->dx_buf, x->dx_len, *pos, w)) == 0 ||
	    (m = date_words_month(w)) == 0)
		return (0);
	*pos += n;
	if (x->dx_buf[*pos] == '.')
		(*pos)++;
	return (m);
}

/* Sets DV's day to Y-M-D (Y 0: no year) and *END to P; returns 0. */
static int
date_day_found(struct date_val *dv, int y, int m, int d, size_t *end,
    size_t p)
{
	dv->dv_year = y;
	dv->dv_mon = m;
	dv->dv_mday = d;
	*end = p;
	return (0);
}

/*
 * Dates with a month name: "13 Nov 2018", "13. November 2018", "1er mai
 * 2021", "13 de noviembre de 2018", "17 ноября 2018", "November 17,
 * 2018", "Nov 13 2018", "2015. augusztus 20."; without a year ("17 ноября", "Nov 13") DV has
 * year 0.  Returns 0 with DV and *END set, or -1.
 */
static int
date_named(const struct date_ctx *x, size_t pos, struct date_val *dv,
    size_t *end)
{
	const char	*s = x->dx_buf;
	size_t		 p = pos, q;
	int		 d, m, y;

	/* Year first, Hungarian: "2015. augusztus 20." */
	q = p;
	if (date_digits(s, &q, 4, &y) == 4 && !isdigit((unsigned char)s[q]) &&
	    (s[q] == '.' || s[q] == ' ')) {
		if (s[q] == '.')
			q++;
		if (date_skip(s, &q, " ") > 0 && (m = date_month_at(x, &q)) !=
		    0 && date_skip(s, &q, " ") > 0 &&
		    date_digits(s, &q, 2, &d) > 0 && d >= 1 &&
		    !isdigit((unsigned char)s[q])) {
			if (s[q] == '.')
				q++;
			return (date_day_found(dv, y, m, d, end, q));
		}
	}
	if (isdigit((unsigned char)s[p])) {
		/* "00:10 Jun 13, 2023": a time's minutes are no day. */
		if (p > 0 && s[p - 1] == ':')
			return (-1);
		if (date_digits(s, &p, 2, &d) == 0)
			return (-1);
		p = date_ordinal(s, p);
		if (date_skip(s, &p, " .-") == 0)
			return (-1);
		if (date_word_is(s, p, "de")) {
			p += 2;
			if (date_skip(s, &p, " ") == 0)
				return (-1);
		}
		if ((m = date_month_at(x, &p)) == 0)
			return (-1);
		q = p;
		(void)date_skip(s, &q, " ,.-");
		if (date_word_is(s, q, "de"))
			q += 2;
		else if (date_word_is(s, q, "del"))
			q += 3;
		(void)date_skip(s, &q, " ");
	} else {
		if ((m = date_month_at(x, &p)) == 0 ||
		    date_skip(s, &p, " ") == 0 ||
		    date_digits(s, &p, 2, &d) == 0)
			return (-1);
		p = date_ordinal(s, p);
		/* "mar 13 nov 2018": the first word was a weekday. */
		q = p;
		if (date_skip(s, &q, " ") > 0 && date_month_at(x, &q) != 0)
			return (-1);
		q = p;
		(void)date_skip(s, &q, " ,");
	}
	y = 0;
	if (q > p && isdigit((unsigned char)s[q]) &&
	    date_digits(s, &q, 4, &y) == 4 && s[q] != ':')
		p = q;
	else
		y = 0;
	if (d < 1)
		return (-1);
	return (date_day_found(dv, y, m, d, end, p));
}

/*
 * Chinese, Japanese and Korean dates: "2018年5月29日", "2018 年 5 月 29
 * 日", "2018년 5월 29일"; without a year ("5月29日") DV has year 0, but
 * not after a year mark: "1900年5月29日" is out of range, not 29 May.
 * Returns 0 with DV and *END set, or -1.
 */
static int
date_cjk(const struct date_ctx *x, size_t pos, struct date_val *dv,
    size_t *end)
{
	const char	*s = x->dx_buf;
	size_t		 p = pos;
	int		 n, y = 0, m, d;

	if ((n = date_digits(s, &p, 4, &m)) == 0)
		return (-1);
	if (date_mark(s, &p, "年 년")) {
		y = m;
		(void)date_skip(s, &p, " ");
		if (n != 4 || date_digits(s, &p, 2, &m) == 0)
			return (-1);
	} else if (n > 2 || date_mark_before(s, pos, "年 년"))
		return (-1);
	if (!date_mark(s, &p, "月 월"))
		return (-1);
	(void)date_skip(s, &p, " ");
	if (date_digits(s, &p, 2, &d) == 0 || !date_mark(s, &p, "日 일") ||
	    m < 1 || m > 12 || d < 1)
		return (-1);
	return (date_day_found(dv, y, m, d, end, p));
}

/*
 * Dotted dates with a space after each dot: Korean "2018. 5. 29." (the
 * last dot too) and Czech "29. 5. 2018".  Without the spaces they are
 * date_numeric's.  Returns 0 with DV and *END set, or -1.
 */
static int
date_dotted(const struct date_ctx *x, size_t pos, struct date_val *dv,
    size_t *end)
{
	const char	*s = x->dx_buf;
	size_t		 p = pos;
	int		 f[3], n[3], i;

	for (i = 0; i < 3; i++) {
		if (i > 0) {
			if (s[p] != '.' || s[p + 1] != ' ')
				return (-1);
			p++;
			(void)date_skip(s, &p, " ");
		}
		if ((n[i] = date_digits(s, &p, 4, &f[i])) == 0)
			return (-1);
	}
	if (n[0] == 4 && n[1] <= 2 && n[2] <= 2 && s[p] == '.') {
		dv->dv_year = f[0];
		dv->dv_mon = f[1];
		dv->dv_mday = f[2];
		p++;
	} else if (n[0] <= 2 && n[1] <= 2 && n[2] == 4) {
		dv->dv_year = f[2];
		dv->dv_mon = f[1];
		dv->dv_mday = f[0];
	} else
		return (-1);
	if (dv->dv_mon < 1 || dv->dv_mon > 12 || dv->dv_mday < 1)
		return (-1);
	*end = p;
	return (0);
}

/* UTC of DV's fields in YEAR, read in DV's offset or else in the zone. */
static int
date_utc(const struct date_ctx *x, const struct date_val *dv, int year,
    time_t *out, struct date_info *di)
{
	struct tm	 tm;
	time_t		 t;

	if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX)
		return (-1);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = dv->dv_mon - 1;
	tm.tm_mday = dv->dv_mday;
	tm.tm_hour = dv->dv_hour;
	tm.tm_min = dv->dv_min;
	tm.tm_sec = dv->dv_sec;
	if (dv->dv_hasoff) {
		if (tz_local_to_utc(NULL, &tm, &t) == -1)
			return (-1);
		t -= dv->dv_off;
	} else if (tz_local_to_utc(x->dx_tz, &tm, &t) == -1)
		return (-1);
	if (di != NULL)
		di->di_offset = dv->dv_hasoff ? dv->dv_off :
		    tz_offset_at(x->dx_tz, t);
	*out = t;
	return (0);
}

/* The local calendar date of the day DAYS from today into DV. */
static void
date_local_day(const struct date_ctx *x, int days, struct date_val *dv)
{
	struct tm	 tm;
	time_t		 t;

	t = x->dx_now + tz_offset_at(x->dx_tz, x->dx_now);
	/* Floor to the local midnight, then whole days: pure arithmetic. */
	t = (t - ((t % 86400) + 86400) % 86400) + (time_t)days * 86400;
	memset(&tm, 0, sizeof(tm));
	(void)gmtime_r(&t, &tm);
	dv->dv_year = tm.tm_year + 1900;
	dv->dv_mon = tm.tm_mon + 1;
	dv->dv_mday = tm.tm_mday;
}

/*
 * UTC of DV.  A date without a year is the latest such date no more than
 * DATE_AHEAD_MAX after now: listings show recent news, and a page's clock
 * may run a little ahead of ours.
 */
static int
date_resolve(const struct date_ctx *x, const struct date_val *dv,
    time_t *out, struct date_info *di)
{
	static const int	 mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };
	struct date_val		 today;
	int			 y;
	time_t			 t;

	if (dv->dv_year != 0)
		return (date_utc(x, dv, dv->dv_year, out, di));
	/* "31 Nov" is in no year: do not try them all. */
	if (dv->dv_mday > mdays[dv->dv_mon - 1])
		return (-1);
	date_local_day(x, 0, &today);
	/* Eight years back reach a 29 February even across 2100. */
	for (y = today.dv_year + 1; y >= today.dv_year - 8; y--) {
		if (date_utc(x, dv, y, &t, di) == 0 &&
		    t <= x->dx_now + DATE_AHEAD_MAX) {
			*out = t;
			return (0);
		}
	}
	return (-1);
}

/* Whether W is a word for "now" that is as often no time at all. */
static int
date_bare_now(const char *w)
{
	static const char *const bare[] = { "now", "jetzt", "ahora", "agora",
	    "adesso", "сейчас", "şimdi", NULL };
	size_t	 i;

	for (i = 0; bare[i] != NULL; i++)
		if (strcmp(w, bare[i]) == 0)
			return (1);
	return (0);
}

/* "5 minutes ago", "вчера в 14:05", "il y a 2 heures" at POS. */
static int
date_relative(const struct date_ctx *x, size_t pos, time_t *out,
    struct date_info *di)
{
	struct date_tok	 tok[DATE_TOK_MAX];
	struct date_val	 dv;
	enum date_rel	 rel;
	size_t		 ntok, used, end;
	long long	 secs = 0;
	int		 days = 0, r = 1;
	time_t		 t;

	memset(&dv, 0, sizeof(dv));
	if (!date_words_may_relate(x->dx_buf, x->dx_len, pos) ||
	    (ntok = date_words_tokens(x->dx_buf, x->dx_len, pos, tok)) == 0 ||
	    (rel = date_words_relative(tok, ntok, &used, &secs, &days)) ==
	    DATE_REL_NONE)
		return (-1);
	end = tok[used - 1].dt_end;
	/* "now" alone is a time; in "Available now", "Buy now", "Jetzt
	 * kaufen" it is none ("just now", "刚刚" are, anywhere). */
	if (rel == DATE_REL_NOW && used == 1 && date_bare_now(tok[0].dt_word) &&
	    (pos > 0 || end < x->dx_len))
		return (-1);
	if (rel == DATE_REL_NOW)
		t = x->dx_now;
	else if (rel == DATE_REL_AGO)
		t = x->dx_now - (time_t)secs;
	else {
		date_local_day(x, days, &dv);
		if ((r = date_time(x->dx_buf, end, &dv, &end)) == -1 ||
		    date_utc(x, &dv, dv.dv_year, &t, NULL) == -1)
			return (-1);
	}
	/* "yesterday17" is not yesterday. */
	if (!date_clean_end(x->dx_buf, end) || t < DATE_T_MIN ||
	    t > DATE_T_MAX)
		return (-1);
	if (di != NULL) {
		/* "yesterday" names a day; "5 minutes ago" an instant. */
		di->di_offset = dv.dv_hasoff ? dv.dv_off :
		    tz_offset_at(x->dx_tz, t);
		di->di_date_only = r == 0;
		di->di_relative = 1;
		di->di_no_year = 0;
	}
	*out = t;
	return (0);
}

/* Notes in INFO the word just before POS in BUF (normalized, lower
 * case); returns 0. */
static int
date_after_word(const char *buf, size_t pos, struct date_info *info)
{
	const unsigned char	*p = (const unsigned char *)buf;
	size_t			 end, start;

	if (info == NULL)
		return (0);
	info->di_before[0] = '\0';
	while (pos > 0 && p[pos - 1] == ' ')
		pos--;
	for (end = start = pos; start > 0 && (isalnum(p[start - 1]) ||
	    p[start - 1] >= 0x80); start--)
		;
	if (end > start && end - start < sizeof(info->di_before)) {
		memcpy(info->di_before, buf + start, end - start);
		info->di_before[end - start] = '\0';
	}
	return (0);
}

/* The built-in forms at POS: relative, numeric, month name, CJK, dotted. */
/*
 * C's asctime and Twitter write the year last, after the time (and its
 * offset): "Sun Oct 24 07:33:46 +0000 2010".  A date without a year
 * followed, past its time at END, by a space and four digits takes them.
 */
static void
date_year_after_time(const char *s, int has_time, struct date_val *dv,
    size_t end)
{
	size_t	 p = end;
	int	 y;

	if (!has_time || dv->dv_year != 0 || s[p] != ' ')
		return;
	p++;
	if (date_digits(s, &p, 4, &y) == 4 && !isalnum((unsigned char)s[p]) &&
	    y >= 1970)
		dv->dv_year = y;
}

static int
date_builtin(const struct date_ctx *x, size_t pos, time_t *out,
    struct date_info *di)
{
	struct date_val	 dv;
	size_t		 end;
	int		 r;

	if (date_relative(x, pos, out, di) == 0)
		return (0);
	memset(&dv, 0, sizeof(dv));
	if (date_compact(x, pos, &dv, &end) == -1 &&
	    date_numeric(x, pos, &dv, &end) == -1 &&
	    date_named(x, pos, &dv, &end) == -1 &&
	    date_cjk(x, pos, &dv, &end) == -1 &&
	    date_dotted(x, pos, &dv, &end) == -1)
		return (-1);
	if ((r = date_time(x->dx_buf, end, &dv, &end)) == -1 ||
	    (r == 0 && !date_clean_end(x->dx_buf, end)))
		return (-1);
	date_year_after_time(x->dx_buf, r, &dv, end);
	if (date_resolve(x, &dv, out, di) == -1)
		return (-1);
	if (di != NULL) {
		di->di_date_only = r == 0;
		di->di_relative = 0;
		di->di_no_year = dv.dv_year == 0;
	}
	return (0);
}

int
date_numeric_order(const char *text)
{
	size_t	 p, q;
	int	 a, b, c, lc;
	char	 sep;

	for (p = 0; text != NULL && text[p] != '\0'; p++) {
		if (p > 0 && isdigit((unsigned char)text[p - 1]))
			continue;
		q = p;
		if (date_digits(text, &q, 2, &a) == 0 || ((sep = text[q]) !=
		    '.' && sep != '/' && sep != '-'))
			continue;
		q++;
		if (date_digits(text, &q, 2, &b) == 0 || text[q] != sep)
			continue;
		q++;
		if (((lc = date_digits(text, &q, 4, &c)) != 2 && lc != 4) ||
		    a < 1 || b < 1 || a > 31 || b > 31)
			continue;
		if (a > 12 && b <= 12)
			return (DATE_ORDER_DMY);
		if (b > 12 && a <= 12)
			return (DATE_ORDER_MDY);
		return (a <= 12 && b <= 12 ? DATE_NUMERIC_EITHER :
		    DATE_NUMERIC_NONE);
	}
	return (DATE_NUMERIC_NONE);
}

int
date_order_parse(const char *s, enum date_order *order)
{
	if (strcasecmp(s, "dmy") == 0)
		*order = DATE_ORDER_DMY;
	else if (strcasecmp(s, "mdy") == 0)
		*order = DATE_ORDER_MDY;
	else if (strcasecmp(s, "ymd") == 0)
		*order = DATE_ORDER_YMD;
	else
		return (-1);
	return (0);
}

int
date_parse(const char *text, const char *const *formats, size_t nformats,
    const struct tz *tz, time_t *out)
{
	struct date_opts	 opts;

	memset(&opts, 0, sizeof(opts));
	opts.do_formats = formats;
	opts.do_nformats = nformats;
	opts.do_tz = tz;
	opts.do_order = DATE_ORDER_DMY;
	return (date_parse_opts(text, &opts, out));
}

int
date_parse_opts(const char *text, const struct date_opts *opts, time_t *out)
{
	return (date_parse_info(text, opts, out, NULL));
}

int
date_parse_info(const char *text, const struct date_opts *opts, time_t *out,
    struct date_info *info)
{
	struct date_fmt	 df[2];
	struct date_ctx	 x;
	char		 buf[DATE_BUF_MAX];
	size_t		 len, pos, i;
	int		 v, nv;

	if (text == NULL || opts == NULL ||
	    (len = date_normalize(text, buf, sizeof(buf))) == 0)
		return (-1);

	/* Configured formats in order, each at the start, then later on. */
	for (i = 0; i < opts->do_nformats; i++) {
		if (opts->do_formats == NULL || opts->do_formats[i] == NULL ||
		    date_prepare(opts->do_formats[i], 1, &df[0]) == -1)
			continue;
		/* %Z: try it as an offset first, then as a skipped name. */
		nv = 1;
		if ((df[0].df_flags & DATE_F_ZNAME) &&
		    date_prepare(opts->do_formats[i], 0, &df[1]) == 0)
			nv = 2;
		for (pos = 0; pos < len; pos = date_next_token(buf, pos, len)) {
			for (v = 0; v < nv; v++) {
				if (date_match(buf + pos, &df[v], opts->do_tz,
				    out, info) == 0)
					return (date_after_word(buf, pos, info));
			}
		}
	}

	/*
	 * Built-in forms: the leftmost date wins, so adding forms does not
	 * change which date of a phrase is picked.
	 */
	x.dx_buf = buf;
	x.dx_len = len;
	x.dx_tz = opts->do_tz;
	x.dx_now = opts->do_now != 0 ? opts->do_now : time(NULL);
	x.dx_order = opts->do_order;
	for (pos = 0; pos < len; pos = date_next_token(buf, pos, len)) {
		if (date_builtin(&x, pos, out, info) == 0)
			return (date_after_word(buf, pos, info));
	}
	return (-1);
}

static const char *const date_wdays[] = { "Sun", "Mon", "Tue", "Wed",
    "Thu", "Fri", "Sat" };
static const char *const date_months[] = { "Jan", "Feb", "Mar", "Apr",
    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* The offset as written: whole minutes, within a day, else 0. */
static long
date_offset_shown(long offset)
{
	if (offset <= -DATE_OFF_MAX || offset >= DATE_OFF_MAX)
		return (0);
	return (offset - offset % 60);
}

/* T's wall time at OFF (already as shown) into TM; returns 0 or -1. */
static int
date_wall(time_t t, long off, struct tm *tm)
{
	time_t	 local = t + off;

	/* gmtime_r is pure UTC arithmetic: it never reads TZ. */
	return (gmtime_r(&local, tm) == NULL ? -1 : 0);
}

void
date_format_offset(time_t t, long offset, enum date_style style, char *buf,
    size_t size)
{
	struct tm	 tm;
	long		 off = date_offset_shown(offset);
	long		 a = off < 0 ? -off : off;
	char		 sign = off < 0 ? '-' : '+', zone[8];

	if (size == 0)
		return;
	if (date_wall(t, off, &tm) == -1) {
		buf[0] = '\0';
		return;
	}
	if (style == DATE_RFC822) {
		snprintf(buf, size,
		    "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld",
		    date_wdays[tm.tm_wday], tm.tm_mday, date_months[tm.tm_mon],
		    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, sign,
		    a / 3600, a % 3600 / 60);
		return;
	}
	if (off == 0)
		snprintf(zone, sizeof(zone), "Z");
	else
		snprintf(zone, sizeof(zone), "%c%02ld:%02ld", sign, a / 3600,
		    a % 3600 / 60);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%s",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, zone);
}

void
date_format_rfc822_offset(time_t t, long offset, char *buf, size_t size)
{
	date_format_offset(t, offset, DATE_RFC822, buf, size);
}

void
date_format_rfc3339_offset(time_t t, long offset, char *buf, size_t size)
{
	date_format_offset(t, offset, DATE_RFC3339, buf, size);
}

void
date_format_rfc822(time_t t, char *buf, size_t size)
{
	date_format_rfc822_offset(t, 0, buf, size);
}

void
date_format_rfc3339(time_t t, char *buf, size_t size)
{
	date_format_rfc3339_offset(t, 0, buf, size);
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
