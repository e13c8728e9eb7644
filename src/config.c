/*
 * config.c: the INI-style configuration file.  Every problem is collected as
 * "FILE:LINE: message" and all are reported together, so a sysadmin fixes a
 * file in one pass.  Selectors are compiled by selector.c, once.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "date.h"
#include "encoding.h"
#include "feed.h"
#include "text.h"
#include "tz.h"
#include "util.h"

#define CONFIG_MAX_LINE		8192
#define CONFIG_MAX_SOURCES	10000
#define CONFIG_MAX_NAME		64
#define CONFIG_MAX_REPEAT	32

/* Limits of the numeric keys, also named in their error messages. */
#define MAX_INTERVAL		(366LL * 86400)
#define MIN_PAGE_SIZE		1024LL
#define MAX_SIZE		(1024LL * 1024 * 1024)

struct parser {
	struct config		*p_cf;
	const char		*p_path;
	int			 p_line;
	char			*p_errors;
	size_t			 p_nerrors;
	struct source_conf	*p_src;		/* NULL while in [server] */
	int			 p_in_section;
	/* Lines where each source key was set, to refuse repeats. */
	int			 p_seen[64];
};

static void
parser_error(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
parser_error(struct parser *p, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *all;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		xasprintf(&all, "%s%s:%d: %s\n", p->p_errors ? p->p_errors : "",
		    p->p_path, line, msg);
	else
		xasprintf(&all, "%s%s: %s\n", p->p_errors ? p->p_errors : "",
		    p->p_path, msg);
	free(p->p_errors);
	free(msg);
	p->p_errors = all;
	p->p_nerrors++;
}

/*
 * Values this large are still well-formed, only far beyond any limit: the
 * parsers saturate there, so "400d" is reported as too long, not as junk.
 */
#define CONFIG_HUGE	1000000000000LL

/* "1h30m" to seconds.  Returns 0, or -1 when S is not a duration. */
static int
config_duration(const char *s, long long *out)
{
	long long	 total = 0, n;
	char		*end;
	int		 any = 0;

	while (*s != '\0') {
		if (!isdigit((unsigned char)*s))
			return (-1);
		errno = 0;
		n = strtoll(s, &end, 10);
		if (errno != 0 || n > CONFIG_HUGE)
			n = CONFIG_HUGE;
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
static int
config_size(const char *s, long long *out)
{
	long long	 n, mult = 1;
	char		*end;

	if (!isdigit((unsigned char)*s))
		return (-1);
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || n > CONFIG_HUGE)
		n = CONFIG_HUGE;
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

long
config_parse_size(const char *s)
{
	long long	 n;

	if (config_size(s, &n) == -1 || n > MAX_SIZE)
		return (-1);
	return ((long)n);
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

static int
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
static int
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
static void
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
static void
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

/*
 * KEY = VAL as a duration from MIN to MAX seconds.  A malformed value and
 * one out of range get different messages: "400d" is a duration, only too
 * long.  Returns 0, or -1 with the error reported.
 */
static int
config_duration_key(struct parser *p, const char *key, const char *val,
    long long min, long long max, int *out)
{
	long long	 n;
	char		 lim[32];

	if (config_duration(val, &n) == -1) {
		parser_error(p, p->p_line, "%s: '%s' is not a duration like "
		    "45s, 30m, 2h or 1d", key, val);
		return (-1);
	}
	if (n < min) {
		config_fmt_duration(lim, sizeof(lim), min);
		parser_error(p, p->p_line, "%s: '%s' is shorter than the "
		    "shortest allowed, %s", key, val, lim);
		return (-1);
	}
	if (n > max) {
		config_fmt_duration(lim, sizeof(lim), max);
		parser_error(p, p->p_line, "%s: '%s' is longer than the "
		    "longest allowed, %s", key, val, lim);
		return (-1);
	}
	*out = (int)n;
	return (0);
}

/* KEY = VAL as a size from MIN to MAX bytes.  Returns 0 or -1. */
static int
config_size_key(struct parser *p, const char *key, const char *val,
    long long min, long long max, long *out)
{
	long long	 n;
	char		 lim[32];

	if (config_size(val, &n) == -1) {
		parser_error(p, p->p_line, "%s: '%s' is not a size like 512k, "
		    "8M or 1G", key, val);
		return (-1);
	}
	if (n < min) {
		config_fmt_size(lim, sizeof(lim), min);
		parser_error(p, p->p_line, "%s: '%s' is smaller than the "
		    "smallest allowed, %s", key, val, lim);
		return (-1);
	}
	if (n > max) {
		config_fmt_size(lim, sizeof(lim), max);
		parser_error(p, p->p_line, "%s: '%s' is larger than the "
		    "largest allowed, %s", key, val, lim);
		return (-1);
	}
	*out = (long)n;
	return (0);
}

/* KEY = VAL as an integer from MIN to MAX.  Returns 0 or -1. */
static int
config_int_key(struct parser *p, const char *key, const char *val,
    long long min, long long max, int *out)
{
	long long	 n;

	if (config_int(val, &n) == -1) {
		parser_error(p, p->p_line, "%s: '%s' is not a number from %lld "
		    "to %lld", key, val, min, max);
		return (-1);
	}
	if (n < min || n > max) {
		parser_error(p, p->p_line, "%s: '%s' is %s than the %s allowed, "
		    "%lld", key, val, n < min ? "less" : "more",
		    n < min ? "smallest" : "largest", n < min ? min : max);
		return (-1);
	}
	*out = (int)n;
	return (0);
}

static int
config_url_scheme_ok(const char *url, int *is_file)
{
	*is_file = 0;
	if (strncasecmp(url, "http://", 7) == 0 && url[7] != '\0')
		return (1);
	if (strncasecmp(url, "https://", 8) == 0 && url[8] != '\0')
		return (1);
	if (strncasecmp(url, "file://", 7) == 0 && url[7] != '\0') {
		*is_file = 1;
		return (1);
	}
	return (0);
}

/* 1 when URL starts with a scheme ("ftp:"), not a host ("host:8080"). */
static int
config_url_has_scheme(const char *url)
{
	size_t	 n = strspn(url, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

	return (n > 0 && isalpha((unsigned char)url[0]) && url[n] == ':' &&
	    !isdigit((unsigned char)url[n + 1]));
}

static int	config_header_ok(const char *);

/* Keys of a [source] section. */
/* The item.* and page.* keys run in the order of enum field / page_field. */
enum src_key {
	SK_URL, SK_TITLE, SK_INTERVAL, SK_MAX_ITEMS, SK_ITEM,
	SK_ITEM_TITLE, SK_ITEM_LINK, SK_ITEM_DATE, SK_ITEM_SUMMARY,
	SK_ITEM_CONTENT, SK_ITEM_AUTHOR, SK_ITEM_IMAGE, SK_ITEM_CATEGORY,
	SK_ITEM_GUID,
	SK_DATE_FORMAT, SK_TIMEZONE, SK_DATE_ORDER, SK_ENCODING,
	SK_FOLLOW, SK_FOLLOW_CONCURRENCY,
	SK_PAGE_TITLE, SK_PAGE_DATE, SK_PAGE_CONTENT, SK_PAGE_AUTHOR,
	SK_PAGE_IMAGE,
	SK_HEADER, SK_COOKIE, SK_USER_AGENT, SK_PROXY, SK_TIMEOUT,
	SK_TLS_VERIFY, SK_MAX_PAGE_SIZE, SK_LANGUAGE, SK_ENCODING_OVERRIDE
};

static const struct {
	const char	*name;
	enum src_key	 key;
	int		 repeatable;
} source_keys[] = {
	{ "url",		SK_URL,		0 },
	{ "title",		SK_TITLE,	0 },
	{ "interval",		SK_INTERVAL,	0 },
	{ "max_items",		SK_MAX_ITEMS,	0 },
	{ "item",		SK_ITEM,	0 },
	{ "item.title",		SK_ITEM_TITLE,	0 },
	{ "item.link",		SK_ITEM_LINK,	0 },
	{ "item.date",		SK_ITEM_DATE,	0 },
	{ "item.summary",	SK_ITEM_SUMMARY, 0 },
	{ "item.content",	SK_ITEM_CONTENT, 0 },
	{ "item.author",	SK_ITEM_AUTHOR,	0 },
	{ "item.image",		SK_ITEM_IMAGE,	0 },
	{ "item.category",	SK_ITEM_CATEGORY, 0 },
	{ "item.guid",		SK_ITEM_GUID,	0 },
	{ "date_format",	SK_DATE_FORMAT,	1 },
	{ "timezone",		SK_TIMEZONE,	0 },
	{ "date_order",		SK_DATE_ORDER,	0 },
	{ "encoding",		SK_ENCODING,	0 },
	{ "encoding_override",	SK_ENCODING_OVERRIDE, 0 },
	{ "follow",		SK_FOLLOW,	0 },
	{ "follow_concurrency",	SK_FOLLOW_CONCURRENCY, 0 },
	{ "page.title",		SK_PAGE_TITLE,	0 },
	{ "page.date",		SK_PAGE_DATE,	0 },
	{ "page.content",	SK_PAGE_CONTENT, 0 },
	{ "page.author",	SK_PAGE_AUTHOR,	0 },
	{ "page.image",		SK_PAGE_IMAGE,	0 },
	{ "header",		SK_HEADER,	1 },
	{ "cookie",		SK_COOKIE,	0 },
	{ "user_agent",		SK_USER_AGENT,	0 },
	{ "proxy",		SK_PROXY,	0 },
	{ "timeout",		SK_TIMEOUT,	0 },
	{ "tls_verify",		SK_TLS_VERIFY,	0 },
	{ "max_page_size",	SK_MAX_PAGE_SIZE, 0 },
	{ "language",		SK_LANGUAGE,	0 },
};

enum srv_key {
	VK_LISTEN, VK_STATE_DIR, VK_BASE_URL, VK_INTERVAL, VK_MAX_ITEMS,
	VK_USER_AGENT, VK_ALLOW_FILE_URLS, VK_LOG_LEVEL, VK_HOST_CONCURRENCY,
	VK_HOST_DELAY, VK_MAX_BACKOFF, VK_MAX_PAGE_SIZE, VK_TIMEOUT,
	VK_CONNECT_TIMEOUT, VK_MAX_CONNECTIONS, VK_CACHE_SIZE, VK_EXPORT_DIR,
	VK_LANGUAGE
};

static const struct {
	const char	*name;
	enum srv_key	 key;
	int		 repeatable;
} server_keys[] = {
	{ "listen",		VK_LISTEN,		1 },
	{ "state_dir",		VK_STATE_DIR,		0 },
	{ "base_url",		VK_BASE_URL,		0 },
	{ "interval",		VK_INTERVAL,		0 },
	{ "max_items",		VK_MAX_ITEMS,		0 },
	{ "user_agent",		VK_USER_AGENT,		0 },
	{ "allow_file_urls",	VK_ALLOW_FILE_URLS,	0 },
	{ "log_level",		VK_LOG_LEVEL,		0 },
	{ "host_concurrency",	VK_HOST_CONCURRENCY,	0 },
	{ "host_delay",		VK_HOST_DELAY,		0 },
	{ "max_backoff",	VK_MAX_BACKOFF,		0 },
	{ "max_page_size",	VK_MAX_PAGE_SIZE,	0 },
	{ "timeout",		VK_TIMEOUT,		0 },
	{ "connect_timeout",	VK_CONNECT_TIMEOUT,	0 },
	{ "max_connections",	VK_MAX_CONNECTIONS,	0 },
	{ "cache_size",		VK_CACHE_SIZE,		0 },
	{ "export_dir",		VK_EXPORT_DIR,		0 },
	{ "language",		VK_LANGUAGE,		0 },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define KEY_RANGE(first, last) \
	(((1ULL << ((last) + 1)) - 1) & ~((1ULL << (first)) - 1))
#define PAGE_FIELD_KEYS	KEY_RANGE(SK_PAGE_TITLE, SK_PAGE_IMAGE)

static const char *field_names[FIELD_COUNT] = {
	"item.title", "item.link", "item.date", "item.summary", "item.content",
	"item.author", "item.image", "item.category", "item.guid"
};

static const char *page_field_names[PAGE_COUNT] = {
	"page.title", "page.date", "page.content", "page.author", "page.image"
};

const char *
config_field_name(enum field f)
{
	return (field_names[f]);
}

const char *
config_page_field_name(enum page_field f)
{
	return (page_field_names[f]);
}

/*
 * Edit distance (with transpositions) from A to the short key B, for "did
 * you mean": B is at most a few dozen characters.
 */
static size_t
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

/*
 * A zone name near NAME ("Europe/Londn" → "Europe/London") in the same
 * area of the zoneinfo directory, into OUT; 0 when one is found.  Reads
 * one directory, a bounded number of entries.
 */
static int
config_near_zone(const char *name, char *out, size_t size)
{
	const char	*dir, *slash = strrchr(name, '/'), *base;
	char		 path[PATH_MAX], best[64];
	DIR		*d;
	struct dirent	*de;
	size_t		 dist, bestd = SIZE_MAX, n = 0, max;

	if (slash == NULL || slash == name || strstr(name, "..") != NULL)
		return (-1);
	base = slash + 1;
	max = strlen(base) <= 4 ? 1 : strlen(base) <= 8 ? 2 : 3;
	if ((dir = getenv("TZDIR")) == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	if (snprintf(path, sizeof(path), "%s/%.*s", dir, (int)(slash - name),
	    name) >= (int)sizeof(path) || (d = opendir(path)) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL && n++ < 2000) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(best))
			continue;
		if ((dist = config_distance(base, de->d_name)) < bestd) {
			bestd = dist;
			snprintf(best, sizeof(best), "%s", de->d_name);
		}
	}
	closedir(d);
	if (bestd > max || bestd == 0)
		return (-1);
	snprintf(out, size, "%.*s/%s", (int)(slash - name), name, best);
	return (0);
}

/*
 * An unknown KEY: says which known key it is probably a typo of, or that
 * it belongs in the other kind of section.
 */
static void
config_unknown_key(struct parser *p, const char *key, int in_server)
{
	const char	*best = NULL, *name;
	char		 where[CONFIG_MAX_NAME + 16];
	size_t		 i, d, bestd = SIZE_MAX, len = strlen(key), n;
	size_t		 max = len <= 4 ? 1 : len <= 8 ? 2 : 3;

	if (in_server)
		snprintf(where, sizeof(where), "[server]");
	else
		snprintf(where, sizeof(where), "[source %s]",
		    p->p_src->sc_name);
	n = in_server ? NELEM(source_keys) : NELEM(server_keys);
	for (i = 0; i < n; i++) {
		name = in_server ? source_keys[i].name : server_keys[i].name;
		if (strcmp(key, name) == 0) {
			parser_error(p, p->p_line, "unknown key '%s' in %s "
			    "('%s' belongs in %s)", key, where, key,
			    in_server ? "a [source NAME] section" :
			    "the [server] section");
			return;
		}
	}
	n = in_server ? NELEM(server_keys) : NELEM(source_keys);
	for (i = 0; i < n; i++) {
		name = in_server ? server_keys[i].name : source_keys[i].name;
		if ((d = config_distance(key, name)) < bestd) {
			bestd = d;
			best = name;
		}
	}
	if (best != NULL && bestd <= max && bestd < strlen(best))
		parser_error(p, p->p_line, "unknown key '%s' in %s (did you "
		    "mean '%s'?)", key, where, best);
	else
		parser_error(p, p->p_line, "unknown key '%s' in %s", key,
		    where);
}

static void
config_server_key(struct parser *p, const char *key, const char *val)
{
	struct config	*cf = p->p_cf;
	size_t		 i;
	char		*host, *port;

	for (i = 0; i < NELEM(server_keys); i++)
		if (strcmp(key, server_keys[i].name) == 0)
			break;
	if (i == NELEM(server_keys)) {
		config_unknown_key(p, key, 1);
		return;
	}
	if (!server_keys[i].repeatable) {
		if (p->p_seen[i] != 0) {
			parser_error(p, p->p_line, "'%s' repeated (first set "
			    "on line %d)", key, p->p_seen[i]);
			return;
		}
		p->p_seen[i] = p->p_line;
	}
	switch (server_keys[i].key) {
	case VK_LISTEN:
		if (config_split_listen(val, &host, &port) == -1) {
			const char	*c = strrchr(val, ':');

			if (c != NULL && c[1] != '\0' &&
			    strspn(c + 1, "0123456789") == strlen(c + 1))
				parser_error(p, p->p_line, "listen: port %s in "
				    "'%s' is out of range (1 to 65535, or 0 "
				    "for any free port)", c + 1, val);
			else
				parser_error(p, p->p_line, "listen: '%s' is not "
				    "ADDRESS:PORT or [IPV6]:PORT", val);
			return;
		}
		free(host);
		free(port);
		if (cf->cf_nlisten >= CONFIG_MAX_REPEAT) {
			parser_error(p, p->p_line, "listen: too many "
			    "addresses (at most %d)", CONFIG_MAX_REPEAT);
			return;
		}
		cf->cf_listen = xreallocarray(cf->cf_listen,
		    cf->cf_nlisten + 1, sizeof(char *));
		cf->cf_listen[cf->cf_nlisten++] = xstrdup(val);
		break;
	case VK_STATE_DIR:
		free(cf->cf_state_dir);
		cf->cf_state_dir = xstrdup(val);
		break;
	case VK_BASE_URL:
		if (strncmp(val, "http://", 7) != 0 &&
		    strncmp(val, "https://", 8) != 0) {
			if (strncmp(val, "//", 2) == 0)
				parser_error(p, p->p_line, "base_url: '%s' has "
				    "no scheme: did you mean http:%s?", val, val);
			else if (!config_url_has_scheme(val) &&
			    strchr(val, '/') != val && strstr(val, "://") ==
			    NULL)
				parser_error(p, p->p_line, "base_url: '%s' has "
				    "no scheme: did you mean http://%s?", val,
				    val);
			else
				parser_error(p, p->p_line, "base_url must start "
				    "with http:// or https://");
			return;
		}
		free(cf->cf_base_url);
		if (val[strlen(val) - 1] == '/')
			cf->cf_base_url = xstrdup(val);
		else
			xasprintf(&cf->cf_base_url, "%s/", val);
		break;
	case VK_INTERVAL:
		config_duration_key(p, key, val, 1, MAX_INTERVAL,
		    &cf->cf_interval);
		break;
	case VK_MAX_ITEMS:
		config_int_key(p, key, val, 1, 10000, &cf->cf_max_items);
		break;
	case VK_USER_AGENT:
		free(cf->cf_user_agent);
		cf->cf_user_agent = xstrdup(val);
		break;
	case VK_ALLOW_FILE_URLS:
		if (config_parse_bool(val, &cf->cf_allow_file_urls) == -1)
			parser_error(p, p->p_line, "allow_file_urls: '%s' is "
			    "not yes or no", val);
		break;
	case VK_LOG_LEVEL:
		if (log_level_parse(val, &cf->cf_log_level) == -1)
			parser_error(p, p->p_line, "log_level: '%s' is not "
			    "debug, info, warning or error", val);
		break;
	case VK_HOST_CONCURRENCY:
		config_int_key(p, key, val, 1, 64, &cf->cf_host_concurrency);
		break;
	case VK_HOST_DELAY:
		config_duration_key(p, key, val, 0, 3600, &cf->cf_host_delay);
		break;
	case VK_MAX_BACKOFF:
		config_duration_key(p, key, val, 1, MAX_INTERVAL,
		    &cf->cf_max_backoff);
		break;
	case VK_MAX_PAGE_SIZE:
		config_size_key(p, key, val, MIN_PAGE_SIZE, MAX_SIZE,
		    &cf->cf_max_page_size);
		break;
	case VK_TIMEOUT:
		config_duration_key(p, key, val, 1, 3600, &cf->cf_timeout);
		break;
	case VK_CACHE_SIZE:
		config_size_key(p, key, val, 0, MAX_SIZE, &cf->cf_cache_size);
		break;
	case VK_EXPORT_DIR:
		if (val[0] != '/') {
			parser_error(p, p->p_line, "export_dir: '%s' is not an "
			    "absolute path", val);
			return;
		}
		free(cf->cf_export_dir);
		cf->cf_export_dir = xstrdup(val);
		break;
	case VK_LANGUAGE:
		free(cf->cf_language);
		if ((cf->cf_language = feed_language(val)) == NULL)
			parser_error(p, p->p_line, "language: '%s' is not a "
			    "language tag like en, de-AT or pt-BR", val);
		break;
	case VK_MAX_CONNECTIONS:
		config_int_key(p, key, val, 1, 1000000,
		    &cf->cf_max_connections);
		break;
	case VK_CONNECT_TIMEOUT:
		config_duration_key(p, key, val, 1, 600,
		    &cf->cf_connect_timeout);
		break;
	}
}

/*
 * "file:PATH" with a relative PATH names a file beside the config file, so
 * the shipped example works from any checkout.
 */
static void
config_relative_file_url(struct parser *p, const char *rel)
{
	char	*dir, *slash, *abs, *full, *esc;

	dir = xstrdup(p->p_path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else {
		free(dir);
		dir = xstrdup(".");
	}
	if ((abs = realpath(dir, NULL)) == NULL) {
		parser_error(p, p->p_line, "url: cannot resolve the directory "
		    "of %s: %s", p->p_path, strerror(errno));
		free(dir);
		return;
	}
	free(dir);
	xasprintf(&full, "%s/%s", abs, rel);
	free(abs);
	/* Tidy "etc/../examples" when the file exists; else keep it as is. */
	if ((abs = realpath(full, NULL)) != NULL) {
		free(full);
		full = abs;
	}
	esc = text_uri_escape(full);
	free(full);
	xasprintf(&p->p_src->sc_url, "file://%s", esc);
	free(esc);
}

static void
config_source_key(struct parser *p, const char *key, const char *val)
{
	struct source_conf	*sc = p->p_src;
	struct selector		*sel = NULL;
	size_t			 i;
	int			 is_file;
	enum date_order		 order;
	char			*cause = NULL;

	for (i = 0; i < NELEM(source_keys); i++)
		if (strcmp(key, source_keys[i].name) == 0)
			break;
	if (i == NELEM(source_keys)) {
		config_unknown_key(p, key, 0);
		return;
	}
	/* A bad value is reported once, not again as a missing key. */
	sc->sc_keys_given |= 1ULL << source_keys[i].key;
	if (!source_keys[i].repeatable) {
		if (p->p_seen[i] != 0) {
			parser_error(p, p->p_line, "'%s' repeated (first set "
			    "on line %d)", key, p->p_seen[i]);
			return;
		}
		p->p_seen[i] = p->p_line;
	}
	switch (source_keys[i].key) {
	case SK_URL:
		if (strncasecmp(val, "file:", 5) == 0 && val[5] != '/' &&
		    val[5] != '\0') {
			config_relative_file_url(p, val + 5);
			return;
		}
		/* file:/abs/path is file:///abs/path (RFC 8089). */
		if (strncasecmp(val, "file:/", 6) == 0 && val[6] != '/' &&
		    val[6] != '\0' && strpbrk(val, " \t\"<>") == NULL) {
			xasprintf(&sc->sc_url, "file://%s", val + 5);
			break;
		}
		if (!config_url_scheme_ok(val, &is_file) ||
		    strpbrk(val, " \t\"<>") != NULL) {
			if (strncmp(val, "//", 2) == 0)
				parser_error(p, p->p_line, "url: '%s' has no "
				    "scheme: did you mean http:%s?", val, val);
			else if (val[0] == '/')
				parser_error(p, p->p_line, "url: '%s' has no "
				    "scheme: did you mean file:%s?%s", val, val,
				    p->p_cf->cf_allow_file_urls ? "" :
				    " (file: URLs also need allow_file_urls = "
				    "yes in [server])");
			else if (!config_url_has_scheme(val))
				parser_error(p, p->p_line, "url: '%s' has no "
				    "scheme: did you mean http://%s?", val,
				    val);
			else
				parser_error(p, p->p_line, "url: '%s' is not "
				    "an http://, https:// or file:// URL", val);
			return;
		}
		sc->sc_url = xstrdup(val);
		break;
	case SK_TITLE:
		sc->sc_title = xstrdup(val);
		break;
	case SK_INTERVAL:
		config_duration_key(p, key, val, 1, MAX_INTERVAL,
		    &sc->sc_interval);
		break;
	case SK_MAX_ITEMS:
		config_int_key(p, key, val, 1, 10000, &sc->sc_max_items);
		break;
	case SK_ITEM:
		sel = &sc->sc_item;
		if (selector_compile(p->p_cf->cf_selectors, sel, val, 0, 0, &cause) == -1)
			goto bad_selector;
		break;
	case SK_ITEM_TITLE:
	case SK_ITEM_LINK:
	case SK_ITEM_DATE:
	case SK_ITEM_SUMMARY:
	case SK_ITEM_CONTENT:
	case SK_ITEM_AUTHOR:
	case SK_ITEM_IMAGE:
	case SK_ITEM_CATEGORY:
	case SK_ITEM_GUID:
		sel = &sc->sc_fields[source_keys[i].key - SK_ITEM_TITLE];
		if (selector_compile(p->p_cf->cf_selectors, sel, val, 1, 1, &cause) == -1)
			goto bad_selector;
		break;
	case SK_PAGE_TITLE:
	case SK_PAGE_DATE:
	case SK_PAGE_CONTENT:
	case SK_PAGE_AUTHOR:
	case SK_PAGE_IMAGE:
		sel = &sc->sc_page[source_keys[i].key - SK_PAGE_TITLE];
		if (selector_compile(p->p_cf->cf_selectors, sel, val, 0, 1, &cause) == -1)
			goto bad_selector;
		break;
	case SK_DATE_ORDER:
		if (date_order_parse(val, &order) == -1) {
			parser_error(p, p->p_line, "date_order: '%s' is not dmy, "
			    "mdy or ymd", val);
			return;
		}
		sc->sc_date_order = (int)order;
		break;
	case SK_ENCODING:
		if (!encoding_known(val)) {
			parser_error(p, p->p_line, "encoding: '%s' is not an "
			    "encoding this system can decode", val);
			return;
		}
		sc->sc_encoding = xstrdup(val);
		break;
	case SK_ENCODING_OVERRIDE:
		if (config_parse_bool(val, &sc->sc_encoding_override) == -1)
			parser_error(p, p->p_line, "encoding_override: '%s' is "
			    "not yes or no", val);
		break;
	case SK_FOLLOW:
		if (config_parse_bool(val, &sc->sc_follow) == -1)
			parser_error(p, p->p_line, "follow: '%s' is not yes or "
			    "no", val);
		break;
	case SK_HEADER:
		if (config_header_ok(val) == -1) {
			parser_error(p, p->p_line, "header: '%s' is not 'Name: "
			    "value'", val);
			return;
		}
		if (sc->sc_nheaders >= CONFIG_MAX_REPEAT) {
			parser_error(p, p->p_line, "too many header keys");
			return;
		}
		sc->sc_headers = xreallocarray(sc->sc_headers,
		    sc->sc_nheaders + 1, sizeof(char *));
		sc->sc_headers[sc->sc_nheaders++] = xstrdup(val);
		break;
	case SK_COOKIE:
		sc->sc_cookie = xstrdup(val);
		break;
	case SK_USER_AGENT:
		sc->sc_user_agent = xstrdup(val);
		break;
	case SK_PROXY:
		if (strcmp(val, "none") != 0 && strstr(val, "://") == NULL) {
			parser_error(p, p->p_line, "proxy: '%s' is not a URL "
			    "like http://proxy:3128 (or none)", val);
			return;
		}
		sc->sc_proxy = xstrdup(val);
		break;
	case SK_TIMEOUT:
		config_duration_key(p, key, val, 1, 3600, &sc->sc_timeout);
		break;
	case SK_TLS_VERIFY:
		if (config_parse_bool(val, &sc->sc_tls_verify) == -1)
			parser_error(p, p->p_line, "tls_verify: '%s' is not yes "
			    "or no", val);
		break;
	case SK_MAX_PAGE_SIZE:
		config_size_key(p, key, val, MIN_PAGE_SIZE, MAX_SIZE,
		    &sc->sc_max_page_size);
		break;
	case SK_FOLLOW_CONCURRENCY:
		config_int_key(p, key, val, 1, 16, &sc->sc_follow_concurrency);
		break;
	case SK_DATE_FORMAT:
		if (date_format_valid(val) == -1) {
			parser_error(p, p->p_line, "date_format: '%s' is not a "
			    "strptime(3) format", val);
			return;
		}
		if (sc->sc_ndate_formats >= CONFIG_MAX_REPEAT) {
			parser_error(p, p->p_line, "too many date_format keys");
			return;
		}
		sc->sc_date_formats = xreallocarray(sc->sc_date_formats,
		    sc->sc_ndate_formats + 1, sizeof(char *));
		sc->sc_date_formats[sc->sc_ndate_formats++] = xstrdup(val);
		break;
	case SK_TIMEZONE:
		if ((sc->sc_tz = tz_load(val, &cause)) == NULL) {
			char	 near[128];

			if (strncmp(cause, "unknown time zone", 17) == 0 &&
			    config_near_zone(val, near, sizeof(near)) == 0)
				parser_error(p, p->p_line, "timezone: %s (did "
				    "you mean '%s'?)", cause, near);
			else
				parser_error(p, p->p_line, "timezone: %s",
				    cause);
			free(cause);
			return;
		}
		sc->sc_timezone = xstrdup(val);
		break;
	case SK_LANGUAGE:
		if ((sc->sc_language = feed_language(val)) == NULL)
			parser_error(p, p->p_line, "language: '%s' is not a "
			    "language tag like en, de-AT or pt-BR", val);
		break;
	}
	return;
bad_selector:
	parser_error(p, p->p_line, "%s: bad selector '%s': %s", key, val,
	    cause);
	free(cause);
}

/* "Name: value" with a token for a name; no line breaks anywhere. */
static int
config_header_ok(const char *v)
{
	size_t	 n = strspn(v, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~");

	if (n == 0 || v[n] != ':' || strpbrk(v, "\r\n") != NULL)
		return (-1);
	return (0);
}

static int
config_name_ok(const char *name)
{
	size_t	 len = strlen(name);

	return (len > 0 && len <= CONFIG_MAX_NAME &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") == len);
}

/* Parses "[server]" or "[source NAME]"; LINE is trimmed and starts with '['. */
static void
config_section(struct parser *p, char *line)
{
	struct config	*cf = p->p_cf;
	char		*end, *name;
	size_t		 i;

	memset(p->p_seen, 0, sizeof(p->p_seen));
	p->p_src = NULL;
	/* Keys under a bad header are skipped, not reported once each. */
	p->p_in_section = -1;
	if ((end = strchr(line, ']')) == NULL) {
		parser_error(p, p->p_line, "section header without ']'");
		return;
	}
	*end = '\0';
	end++;
	end += strspn(end, " \t");
	if (*end != '\0' && *end != '#' && *end != ';') {
		parser_error(p, p->p_line, "text after section header");
		return;
	}
	line++;
	line += strspn(line, " \t");
	if (strcmp(line, "server") == 0) {
		p->p_in_section = 1;
		return;
	}
	if (strncmp(line, "source", 6) != 0 || (line[6] != ' ' &&
	    line[6] != '\t')) {
		size_t	 w = strcspn(line, " \t");
		char	*word = xstrndup(line, w);

		/* A misspelt header: the nearest of the two, if near. */
		if (config_distance(word, "server") <= 2 && w > 2 &&
		    line[w] == '\0')
			parser_error(p, p->p_line, "unknown section '[%s]' "
			    "(did you mean '[server]'?)", line);
		else if (config_distance(word, "source") <= 2 && w > 2 &&
		    line[w] != '\0')
			parser_error(p, p->p_line, "unknown section '[%s]' "
			    "(did you mean '[source%s]'?)", line, line + w);
		else
			parser_error(p, p->p_line, "unknown section '[%s]' "
			    "(expected [server] or [source NAME])", line);
		free(word);
		return;
	}
	name = line + 6;
	name += strspn(name, " \t");
	for (i = strlen(name); i > 0 && isspace((unsigned char)name[i - 1]); i--)
		name[i - 1] = '\0';
	if (!config_name_ok(name)) {
		parser_error(p, p->p_line, "source name '%s' must be 1 to %d "
		    "characters of a-z, 0-9, '.', '_' and '-'", name,
		    CONFIG_MAX_NAME);
		return;
	}
	for (i = 0; i < cf->cf_nsources; i++) {
		if (strcmp(cf->cf_sources[i].sc_name, name) == 0) {
			parser_error(p, p->p_line, "duplicate source '%s' "
			    "(first defined on line %d)", name,
			    cf->cf_sources[i].sc_line);
			return;
		}
	}
	if (cf->cf_nsources >= CONFIG_MAX_SOURCES) {
		parser_error(p, p->p_line, "too many sources");
		return;
	}
	cf->cf_sources = xreallocarray(cf->cf_sources, cf->cf_nsources + 1,
	    sizeof(*cf->cf_sources));
	p->p_src = &cf->cf_sources[cf->cf_nsources++];
	memset(p->p_src, 0, sizeof(*p->p_src));
	p->p_src->sc_name = xstrdup(name);
	p->p_src->sc_line = p->p_line;
	p->p_src->sc_tls_verify = 1;
	p->p_in_section = 1;
}

/*
 * Splits "key = value  # comment".  A value may be double-quoted to keep
 * '#' or ';' after whitespace; unquoted, a '#' or ';' that follows
 * whitespace starts a comment.  Returns 0 or -1 with an error reported.
 */
static int
config_key_value(struct parser *p, char *line, char **key, char **val)
{
	char	*eq, *v, *w, *r;
	size_t	 len;

	if ((eq = strchr(line, '=')) == NULL) {
		parser_error(p, p->p_line, "expected 'key = value'");
		return (-1);
	}
	*eq = '\0';
	for (len = strlen(line); len > 0 &&
	    isspace((unsigned char)line[len - 1]); len--)
		line[len - 1] = '\0';
	*key = line;
	if (**key == '\0') {
		parser_error(p, p->p_line, "missing key before '='");
		return (-1);
	}
	v = eq + 1;
	v += strspn(v, " \t");
	if (*v == '"') {
		for (r = w = v + 1; *r != '"'; r++) {
			if (*r == '\0') {
				parser_error(p, p->p_line, "unterminated "
				    "quoted value");
				return (-1);
			}
			if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
				r++;
			*w++ = *r;
		}
		*w = '\0';
		r++;
		r += strspn(r, " \t");
		if (*r != '\0' && *r != '#' && *r != ';') {
			parser_error(p, p->p_line, "text after quoted value");
			return (-1);
		}
		*val = v + 1;
		return (0);
	}
	for (r = v; *r != '\0'; r++) {
		if ((*r == '#' || *r == ';') && r > v &&
		    (r[-1] == ' ' || r[-1] == '\t')) {
			*r = '\0';
			break;
		}
	}
	for (len = strlen(v); len > 0 && isspace((unsigned char)v[len - 1]);
	    len--)
		v[len - 1] = '\0';
	if (*v == '\0') {
		parser_error(p, p->p_line, "'%s' has no value", *key);
		return (-1);
	}
	*val = v;
	return (0);
}

static void
config_line(struct parser *p, char *line)
{
	char	*key, *val, *s;

	/* Control characters other than tab have no place in a config. */
	for (s = line; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 && *s != '\t') {
			parser_error(p, p->p_line, "control character 0x%02x",
			    (unsigned char)*s);
			return;
		}
	}
	line += strspn(line, " \t");
	if (*line == '\0' || *line == '#' || *line == ';')
		return;
	if (*line == '[') {
		config_section(p, line);
		return;
	}
	if (config_key_value(p, line, &key, &val) == -1)
		return;
	if (p->p_in_section == -1)
		return;		/* the bad header was reported already */
	if (!p->p_in_section)
		parser_error(p, p->p_line, "'%s' outside a section (a [server] "
		    "or [source NAME] header must come first)", key);
	else if (p->p_src == NULL)
		config_server_key(p, key, val);
	else
		config_source_key(p, key, val);
}

static struct config	*config_read(FILE *, const char *, char **);

/*
 * base_url when none is set: the first listen address, with this host's
 * name for a wildcard address (0.0.0.0 is no address for a reader).
 */
char *
config_base_url(const struct config *cf, int bound)
{
	char	 name[256], buf[16], *host, *port, *url;
	const char *h;

	if (cf->cf_base_url != NULL)
		return (xstrdup(cf->cf_base_url));
	if (cf->cf_nlisten == 0 || config_split_listen(cf->cf_listen[0], &host,
	    &port) == -1)
		return (xstrdup("http://localhost/"));
	if (bound > 0 && strcmp(port, "0") == 0) {
		snprintf(buf, sizeof(buf), "%d", bound);
		free(port);
		port = xstrdup(buf);
	}
	h = host;
	if ((strcmp(h, "0.0.0.0") == 0 || strcmp(h, "::") == 0) &&
	    gethostname(name, sizeof(name)) == 0) {
		name[sizeof(name) - 1] = '\0';
		h = name;
	}
	if (strchr(h, ':') != NULL)
		xasprintf(&url, "http://[%s]:%s/", h, port);
	else
		xasprintf(&url, "http://%s:%s/", h, port);
	free(host);
	free(port);
	return (url);
}

/* Defaults and cross-key checks, once the whole file is read. */
static void
config_finish(struct parser *p)
{
	struct config		*cf = p->p_cf;
	struct source_conf	*sc;
	size_t			 i;
	int			 is_file;

	if (cf->cf_nlisten == 0) {
		cf->cf_listen = xcalloc(1, sizeof(char *));
		cf->cf_listen[cf->cf_nlisten++] = xstrdup("127.0.0.1:8080");
	}
	if (cf->cf_state_dir == NULL)
		cf->cf_state_dir = xstrdup("/var/lib/pagefeed");
	if (cf->cf_user_agent == NULL)
		cf->cf_user_agent = xstrdup(PACKAGE_NAME "/" PACKAGE_VERSION);
	for (i = 0; i < cf->cf_nsources; i++) {
		sc = &cf->cf_sources[i];
		if (sc->sc_interval == 0)
			sc->sc_interval = cf->cf_interval;
		if (sc->sc_max_items == 0)
			sc->sc_max_items = cf->cf_max_items;
		if (sc->sc_url == NULL && !(sc->sc_keys_given & 1ULL << SK_URL))
			parser_error(p, sc->sc_line, "source '%s' has no url",
			    sc->sc_name);
		else if (sc->sc_url != NULL &&
		    config_url_scheme_ok(sc->sc_url, &is_file) &&
		    is_file && !cf->cf_allow_file_urls)
			parser_error(p, sc->sc_line, "source '%s': file:// URLs "
			    "need allow_file_urls = yes in [server]",
			    sc->sc_name);
		if (sc->sc_follow_concurrency == 0)
			sc->sc_follow_concurrency = 2;
		if (sc->sc_timeout == 0)
			sc->sc_timeout = cf->cf_timeout;
		if (sc->sc_max_page_size == 0)
			sc->sc_max_page_size = cf->cf_max_page_size;
		/*
		 * No item key: the items are found automatically, and any
		 * item.* given replaces that field in each found item.
		 */
		if ((sc->sc_keys_given & 1ULL << SK_ITEM) &&
		    !(sc->sc_keys_given & (1ULL << SK_ITEM_TITLE |
		    1ULL << SK_ITEM_LINK)))
			parser_error(p, sc->sc_line, "source '%s' needs "
			    "item.title or item.link", sc->sc_name);
		if (sc->sc_encoding_override && sc->sc_encoding == NULL &&
		    (sc->sc_keys_given & 1ULL << SK_ENCODING) == 0)
			parser_error(p, sc->sc_line, "source '%s': "
			    "encoding_override = yes needs encoding",
			    sc->sc_name);
		if (!sc->sc_follow && (sc->sc_keys_given & PAGE_FIELD_KEYS))
			parser_error(p, sc->sc_line, "source '%s': page.* "
			    "fields need follow = yes", sc->sc_name);
		/* Without item, detection reads its dates with them too. */
		if (sc->sc_ndate_formats > 0 &&
		    (sc->sc_keys_given & 1ULL << SK_ITEM) &&
		    !(sc->sc_keys_given & 1ULL << SK_ITEM_DATE))
			parser_error(p, sc->sc_line, "source '%s': date_format "
			    "without item.date", sc->sc_name);
	}
}

struct config *
config_load(const char *path, char **errors)
{
	FILE	*fp;

	*errors = NULL;
	if ((fp = fopen(path, "r")) == NULL) {
		xasprintf(errors, "%s: %s\n", path, strerror(errno));
		return (NULL);
	}
	return (config_read(fp, path, errors));
}

struct config *
config_load_text(const char *name, const char *text, char **errors)
{
	FILE	*fp;

	*errors = NULL;
	if ((fp = fmemopen((void *)(uintptr_t)text, strlen(text), "r")) ==
	    NULL) {
		xasprintf(errors, "%s: %s\n", name, strerror(errno));
		return (NULL);
	}
	return (config_read(fp, name, errors));
}

/* Reads and closes FP; PATH names it in errors and resolves relative URLs. */
static struct config *
config_read(FILE *fp, const char *path, char **errors)
{
	struct parser	 p;
	struct config	*cf;
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 n;

	memset(&p, 0, sizeof(p));
	p.p_path = path;
	cf = xcalloc(1, sizeof(*cf));
	cf->cf_path = xstrdup(path);
	cf->cf_selectors = selector_cache_new();
	cf->cf_interval = 30 * 60;
	cf->cf_max_items = 50;
	cf->cf_log_level = LOG_LVL_INFO;
	cf->cf_host_concurrency = 2;
	cf->cf_host_delay = 1;
	cf->cf_max_backoff = 6 * 3600;
	cf->cf_max_page_size = 8 * 1024 * 1024;
	cf->cf_timeout = 60;
	cf->cf_connect_timeout = 15;
	cf->cf_max_connections = 4096;
	cf->cf_cache_size = 64L * 1024 * 1024;
	p.p_cf = cf;
	while ((n = getline(&line, &cap, fp)) != -1) {
		p.p_line++;
		if ((size_t)n != strlen(line)) {
			parser_error(&p, p.p_line, "NUL byte in line");
			continue;
		}
		if (n > CONFIG_MAX_LINE) {
			parser_error(&p, p.p_line, "line longer than %d bytes",
			    CONFIG_MAX_LINE);
			continue;
		}
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (p.p_line == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0)
			memmove(line, line + 3, n - 2);
		config_line(&p, line);
	}
	if (ferror(fp))
		parser_error(&p, 0, "read error: %s", strerror(errno));
	free(line);
	fclose(fp);
	config_finish(&p);
	if (p.p_nerrors > 0) {
		*errors = p.p_errors;
		config_free(cf);
		return (NULL);
	}
	return (cf);
}

void
config_free(struct config *cf)
{
	size_t			 i, j;
	struct source_conf	*sc;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->cf_nsources; i++) {
		sc = &cf->cf_sources[i];
		free(sc->sc_name);
		free(sc->sc_url);
		free(sc->sc_title);
		free(sc->sc_language);
		selector_free(&sc->sc_item);
		for (j = 0; j < FIELD_COUNT; j++)
			selector_free(&sc->sc_fields[j]);
		for (j = 0; j < sc->sc_ndate_formats; j++)
			free(sc->sc_date_formats[j]);
		free(sc->sc_date_formats);
		free(sc->sc_timezone);
		tz_free(sc->sc_tz);
		free(sc->sc_encoding);
		for (j = 0; j < sc->sc_nheaders; j++)
			free(sc->sc_headers[j]);
		free(sc->sc_headers);
		free(sc->sc_cookie);
		free(sc->sc_user_agent);
		free(sc->sc_proxy);
		for (j = 0; j < PAGE_COUNT; j++)
			selector_free(&sc->sc_page[j]);
	}
	free(cf->cf_sources);
	for (i = 0; i < cf->cf_nlisten; i++)
		free(cf->cf_listen[i]);
	free(cf->cf_listen);
	free(cf->cf_path);
	free(cf->cf_state_dir);
	free(cf->cf_base_url);
	free(cf->cf_user_agent);
	free(cf->cf_export_dir);
	free(cf->cf_language);
	selector_cache_free(cf->cf_selectors);
	free(cf);
}
