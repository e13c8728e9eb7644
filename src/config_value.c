/*
 * config_value.c: the values of the configuration file read and said
 * back: durations ("1h30m"), sizes ("8M"), numbers, yes/no, listen
 * addresses, URL schemes and header lines, and the edit distance behind
 * "did you mean".  Nothing here knows a key or a line.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "config_int.h"
#include "url.h"
#include "util.h"

/*
 * Values this large are still well-formed, only far beyond any limit: the
 * parsers saturate there, so "400d" is reported as too long, not as junk.
 */
#define CONFIG_HUGE	1000000000000LL

/* The digits at S (one at least), saturated; *END after them.  Or -1. */
static long long
config_digits(const char *s, char **end)
{
	long long	 n;

	if (!isdigit((unsigned char)*s))
		return (-1);
	errno = 0;
	n = strtoll(s, end, 10);
	return (errno != 0 || n > CONFIG_HUGE ? CONFIG_HUGE : n);
}

/* "1h30m" to seconds.  Returns 0, or -1 when S is not a duration. */
int
config_duration(const char *s, long long *out)
{
	long long	 total = 0, n;
	char		*end;
	int		 any = 0;

	while (*s != '\0') {
		if ((n = config_digits(s, &end)) == -1)
			return (-1);
		switch (*end) {
		case 's': break;
		case 'm': n *= 60; break;
		case 'h': n *= 3600; break;
		case 'd': n *= 86400; break;
		default: return (-1);
		}
		total += n;
		if (total > CONFIG_HUGE)
			total = CONFIG_HUGE;
		s = end + 1;
		any = 1;
	}
	if (!any)
		return (-1);
	*out = total;
	return (0);
}

long
config_parse_duration(const char *s)
{
	long long	 n;

	if (config_duration(s, &n) == -1 || n > MAX_INTERVAL)
		return (-1);
	return ((long)n);
}

/* "8M" to bytes (binary units).  Returns 0, or -1 when S is not a size. */
int
config_size(const char *s, long long *out)
{
	long long	 n, mult = 1;
	char		*end;

	if ((n = config_digits(s, &end)) == -1)
		return (-1);
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		mult = 1024;
		end++;
		break;
	case 'm': case 'M':
		mult = 1024 * 1024;
		end++;
		break;
	case 'g': case 'G':
		mult = 1024LL * 1024 * 1024;
		end++;
		break;
	default:
		return (-1);
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end != '\0')
		return (-1);
	*out = n > CONFIG_HUGE / mult ? CONFIG_HUGE : n * mult;
	return (0);
}

int
config_split_listen(const char *s, char **host, char **port)
{
	const char	*colon, *p;
	long		 n;
	char		*end;

	*host = *port = NULL;
	if (s[0] == '[') {
		if ((p = strchr(s, ']')) == NULL || p[1] != ':')
			return (-1);
		*host = xstrndup(s + 1, p - s - 1);
		colon = p + 1;
	} else {
		if ((colon = strrchr(s, ':')) == NULL || strchr(s, ':') != colon)
			return (-1);
		*host = xstrndup(s, colon - s);
	}
	if (**host == '\0' || strcmp(*host, "*") == 0) {
		free(*host);
		*host = xstrdup(s[0] == '[' ? "::" : "0.0.0.0");
	}
	for (p = *host; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr(".-:%_", *p) == NULL)
			goto bad;
	errno = 0;
	n = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || n < 0 ||
	    n > 65535 || !isdigit((unsigned char)colon[1]))
		goto bad;
	*port = xstrdup(colon + 1);
	return (0);
bad:
	free(*host);
	*host = NULL;
	return (-1);
}

int
config_parse_bool(const char *v, int *out)
{
	static const char *yes[] = { "yes", "true", "on", "1" };
	static const char *no[] = { "no", "false", "off", "0" };
	size_t		 i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return (0);
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return (0);
		}
	}
	return (-1);
}

/* A decimal integer, saturated.  Returns 0, or -1 when V is not one. */
int
config_int(const char *v, long long *out)
{
	long long	 n;
	char		*end;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (*v == '\0' || isspace((unsigned char)*v) || *end != '\0' ||
	    (errno != 0 && errno != ERANGE))
		return (-1);
	*out = n > CONFIG_HUGE ? CONFIG_HUGE : n < -CONFIG_HUGE ?
	    -CONFIG_HUGE : n;
	return (0);
}

/* "1h30m" for 5400: limits in messages read as they are written. */
void
config_fmt_duration(char *buf, size_t len, long long secs)
{
	static const struct {
		char		 unit;
		long long	 secs;
	} units[] = { { 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 } };
	size_t	 i, off = 0;

	if (secs == 0) {
		snprintf(buf, len, "0s");
		return;
	}
	buf[0] = '\0';
	for (i = 0; i < sizeof(units) / sizeof(units[0]) && off < len; i++) {
		if (secs >= units[i].secs) {
			off += snprintf(buf + off, len - off, "%lld%c",
			    secs / units[i].secs, units[i].unit);
			secs %= units[i].secs;
		}
	}
}

/* "1G", "8M", "1k" or bytes, as config_size reads them. */
void
config_fmt_size(char *buf, size_t len, long long n)
{
	if (n >= 1024LL * 1024 * 1024 && n % (1024LL * 1024 * 1024) == 0)
		snprintf(buf, len, "%lldG", n / (1024LL * 1024 * 1024));
	else if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		snprintf(buf, len, "%lldM", n / (1024 * 1024));
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(buf, len, "%lldk", n / 1024);
	else
		snprintf(buf, len, "%lld", n);
}

int
config_url_scheme_ok(const char *url, int *is_file)
{
	*is_file = url_scheme_is(url, "file");
	return (url_allowed(url, URL_SOURCE));
}

/* 1 when URL starts with a scheme ("ftp:"), not a host ("host:8080"). */
int
config_url_has_scheme(const char *url)
{
	size_t	 n = strspn(url, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

	return (n > 0 && isalpha((unsigned char)url[0]) && url[n] == ':' &&
	    !isdigit((unsigned char)url[n + 1]));
}

/* "Name: value" with a token for a name; no line breaks anywhere. */
int
config_header_ok(const char *v)
{
	size_t	 n = strspn(v, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~");

	if (n == 0 || v[n] != ':' || strpbrk(v, "\r\n") != NULL)
		return (-1);
	return (0);
}

/*
 * Edit distance (with transpositions) from A to the short key B, for "did
 * you mean": B is at most a few dozen characters.
 */
size_t
config_distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, c, v;
	size_t	 row[3][40], *pp, *prev, *cur, *tmp;

	if (lb >= 40)
		return (SIZE_MAX);
	for (j = 0; j <= lb; j++)
		row[1][j] = j;
	pp = row[0];
	prev = row[1];
	cur = row[2];
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			c = a[i - 1] == b[j - 1] ? 0 : 1;
			v = prev[j - 1] + c;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
		}
		tmp = pp;
		pp = prev;
		prev = cur;
		cur = tmp;
	}
	return (prev[lb]);
}

void
config_fmt_int(char *buf, size_t len, long long n)
{
	snprintf(buf, len, "%lld", n);
}
