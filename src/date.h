/* date.h: item date strings -> UTC time_t, and feed date formatting. */
#ifndef PAGEFEED_DATE_H
#define PAGEFEED_DATE_H

#include <stddef.h>
#include <time.h>

struct tz;

/*
 * Parses TEXT, a date as shown on a web page, into UTC.  FORMATS (strptime(3)
 * syntax, nformats of them) are tried in order; when nformats is 0 or none
 * matches, a built-in list of common forms is tried.  A form without a UTC
 * offset is read as wall time in TZ (NULL means UTC); a form with an offset
 * (%z, "Z", "+03:00", "GMT") keeps it.  Only the first 512 bytes are looked
 * at; a date may sit inside a phrase ("Posted 13.11.2018 by admin").
 * Returns 0 with *out set, or -1 when nothing matches or fields are out of
 * range (years 1970..2200 only; a form without a year never matches).
 */
int	date_parse(const char *text, const char *const *formats,
	    size_t nformats, const struct tz *tz, time_t *out);

/*
 * Formats T as RFC 822 / RFC 1123 ("Tue, 13 Nov 2018 00:00:00 +0000") and
 * RFC 3339 ("2018-11-13T00:00:00Z") into BUF (at least 40 bytes).
 */
void	date_format_rfc822(time_t t, char *buf, size_t size);
void	date_format_rfc3339(time_t t, char *buf, size_t size);

/*
 * Validates a strptime format for the config loader: 0, or -1 if it holds
 * no conversion at all, an unknown conversion (also %s, %c, %x, %X, %r,
 * %j and the week-number ones, which depend on TZ or locale or are not
 * turned into a date here), or is longer than 128 bytes.
 */
int	date_format_valid(const char *fmt);

#endif
