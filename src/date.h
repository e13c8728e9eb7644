/* date.h: item date strings -> UTC time_t, and feed date formatting. */
#ifndef PAGEFEED_DATE_H
#define PAGEFEED_DATE_H

#include <stddef.h>
#include <time.h>

struct tz;

/* How to read an all-numeric date whose first two fields could swap. */
enum date_order { DATE_ORDER_DMY = 0, DATE_ORDER_MDY, DATE_ORDER_YMD };

struct date_opts {
	const char *const	*do_formats;	/* strptime formats, tried first */
	size_t			 do_nformats;
	const struct tz		*do_tz;		/* NULL: UTC */
	time_t			 do_now;	/* for relative dates; 0: time(NULL) */
	enum date_order		 do_order;	/* for ambiguous numeric dates */
	int			 do_order_given; /* configured, not the default */
};

/*
 * Parses TEXT, a date as shown on a web page, into UTC.  The formats of
 * OPTS (strptime(3) syntax) are tried in order, each over the whole text;
 * a format without a year never matches.  When none matches, the built-in
 * forms are tried and the leftmost date in the text wins:
 *   ISO 8601 / RFC 3339, RFC 822 / 1123 ("Tue, 13 Nov 2018 10:20:30 GMT");
 *   numeric d.m.y, d/m/y, d-m-y, y-m-d, y/m/d with 2- or 4-digit years
 *     (00..69 are 20xx), do_order deciding between fields that could swap;
 *   month names in English, Russian, Ukrainian, German, French, Spanish,
 *     Italian, Portuguese, Dutch, Polish, Czech, Swedish, Turkish,
 *     Hungarian and Bulgarian ("2015. augusztus 20.", "15 октомври 2015")
 *     ("13 Nov 2018", "November 17, 2018", "13. November 2018",
 *     "13 de noviembre de 2018", "17 ноября 2018", "29 maja 2018");
 *   Chinese, Japanese and Korean dates ("2018年5月29日", "2018년 5월
 *     29일", "5月29日") and dotted ones with spaces ("2018. 5. 29.",
 *     "29. 5. 2018"); full-width digits and punctuation count as ASCII;
 *   without a year ("17 ноября", "5月29日") the latest such date at most
 *     a day after do_now;
 *   relative dates against do_now, in those languages and Chinese,
 *     Japanese and Korean: "5 minutes ago", "2 часа назад",
 *     "vor 3 Tagen", "il y a 2 heures", "hace 1 hora", "3 ore fa",
 *     "há 2 dias", "3 dni temu", "před 2 hodinami", "3天前", "3시간 전"
 *     (months are 30 days, years 365); "today", "yesterday", "вчера",
 *     "昨天" and the like are local midnight in do_tz, or the time that
 *     follows ("yesterday at 14:05").
 * Any of them may carry a time after a short gap without digits ("12 May
 * 2021, 18:30", "13.11.2018 в 14:05", "… um 10:20 Uhr", "2018年5月29日
 * 14時30分", "어제 오후 3:20").  A form without a
 * UTC offset is read as wall time in do_tz; one with an offset (%z, "Z",
 * "+03:00", "GMT") keeps it.  Only the first 512 bytes are looked at; a
 * date may sit inside a phrase ("Posted 13.11.2018 by admin").
 * Returns 0 with *out set, or -1 when nothing matches or fields are out of
 * range (years 1970..2200 only).
 */
int	date_parse_opts(const char *text, const struct date_opts *,
	    time_t *out);
/* How a parsed date was given, beside the instant. */
struct date_info {
	long	 di_offset;	/* seconds east of UTC the text meant */
	int	 di_date_only;	/* a day without a time of day */
	int	 di_relative;	/* "today", "5 minutes ago": from now */
	int	 di_no_year;	/* "03-16", "Nov 13": the year was guessed */
	char	 di_before[16];	/* the word just before it ("for" in "for
				   May 12"), "" after a mark or at the start */
};
/*
 * date_parse_opts that also says how the date was given (INFO may be
 * NULL): the offset is the one in the text, else the zone's at that
 * instant (do_tz, NULL: 0); a relative "5 minutes ago" is in the zone.
 */
int	date_parse_info(const char *text, const struct date_opts *,
	    time_t *out, struct date_info *info);
/* date_parse_opts with now = time(NULL) and DATE_ORDER_DMY. */
int	date_parse(const char *text, const char *const *formats,
	    size_t nformats, const struct tz *tz, time_t *out);
/* "dmy", "mdy", "ymd" -> order; returns 0 or -1. */
int	date_order_parse(const char *, enum date_order *);
/*
 * How the first numeric day-month-year date of TEXT ("05/30/2015",
 * "13.05.15") can be read: DATE_ORDER_MDY or DATE_ORDER_DMY when only
 * that way, DATE_NUMERIC_EITHER when both fields could be the month,
 * DATE_NUMERIC_NONE when TEXT has no such date (a year-first one neither).
 */
#define DATE_NUMERIC_EITHER	(-1)
#define DATE_NUMERIC_NONE	(-2)
int	date_numeric_order(const char *text);

/*
 * Formats T as RFC 822 / RFC 1123 ("Tue, 13 Nov 2018 00:00:00 +0000") and
 * RFC 3339 ("2018-11-13T00:00:00Z") into BUF (at least 40 bytes).
 */
void	date_format_rfc822(time_t t, char *buf, size_t size);
void	date_format_rfc3339(time_t t, char *buf, size_t size);
/*
 * The same as wall time at OFFSET seconds east of UTC, which the text
 * names: "Thu, 22 Nov 2018 00:00:00 +0300", "2018-11-22T00:00:00+03:00"
 * (an offset of 0 is "+0000" and "Z").  The offset is cut to whole minutes,
 * as the formats have no seconds for it; one beyond a day is taken as 0.
 * Either way the instant shown is T.
 */
void	date_format_rfc822_offset(time_t t, long offset, char *buf,
	    size_t size);
void	date_format_rfc3339_offset(time_t t, long offset, char *buf,
	    size_t size);
/* Either, as STYLE says: what the four above call. */
enum date_style {
	DATE_RFC822,
	DATE_RFC3339
};
void	date_format_offset(time_t t, long offset, enum date_style style,
	    char *buf, size_t size);

/*
 * Validates a strptime format for the config loader: 0, or -1 if it holds
 * no conversion at all, an unknown conversion (also %s, %c, %x, %X, %r,
 * %j and the week-number ones, which depend on TZ or locale or are not
 * turned into a date here), or is longer than 128 bytes.
 */
int	date_format_valid(const char *fmt);

#endif
