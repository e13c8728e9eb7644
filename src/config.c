/*
 * config.c: the INI-style configuration file.  Every problem is collected as
 * "FILE:LINE: message" and all are reported together, so a sysadmin fixes a
 * file in one pass.  What each key is lives in one table, keys[] below;
 * selectors are compiled by selector.c, once.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <libxml/hash.h>

#include "addrpolicy.h"
#include "config.h"
#include "date.h"
#include "encoding.h"
#include "feed.h"
#include "filter.h"
#include "text.h"
#include "tz.h"
#include "url.h"
#include "util.h"

#define CONFIG_MAX_LINE		8192
#define CONFIG_MAX_SOURCES	1000000
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
	/* Line where each key (row of keys[]) was set, to refuse repeats. */
	int			 p_seen[CONFIG_MAX_KEYS];
	int			 p_chromium_line;	/* of [server]'s chromium */
	/* Line where each [server] key was first set: for later checks. */
	int			 p_server_line[CONFIG_MAX_KEYS];
	/* Each [source] header's line by name: one look, not a walk, each. */
	xmlHashTablePtr		 p_source_lines;
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
static int
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
static int
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

static int
config_url_scheme_ok(const char *url, int *is_file)
{
	*is_file = url_scheme_is(url, "file");
	return (url_allowed(url, URL_SOURCE));
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

/*
 * The checks of the KT_STRING keys: the value to keep (caller frees), or
 * NULL when it is not what the key's k_what says.
 */
static char *
conv_header(const char *v)
{
	return (config_header_ok(v) == 0 ? xstrdup(v) : NULL);
}

static char *
conv_date_format(const char *v)
{
	return (date_format_valid(v) == 0 ? xstrdup(v) : NULL);
}

static char *
conv_encoding(const char *v)
{
	return (encoding_known(v) ? xstrdup(v) : NULL);
}

static char *
conv_proxy(const char *v)
{
	return (strcmp(v, "none") == 0 || strstr(v, "://") != NULL ?
	    xstrdup(v) : NULL);
}

/* A selector of the whole document (CSS or xpath:), as given. */
static char *
conv_doc_selector(const char *v)
{
	struct selector_cache	*cache = selector_cache_new();
	struct selector		 sel;
	char			*cause = NULL;
	int			 ok;

	memset(&sel, 0, sizeof(sel));
	ok = selector_compile(cache, &sel, v, 0, 0, &cause) == 0 &&
	    sel.sel_json == NULL;
	selector_free(&sel);
	selector_cache_free(cache);
	free(cause);
	return (ok ? xstrdup(v) : NULL);
}

/* Source names or shell globs of them (news-* [ab]*), space-separated. */
static char *
conv_source_pattern(const char *v)
{
	size_t	 n = strlen(v);

	return (n > 0 && n <= 4096 && strspn(v, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789._-*?[]! \t") == n && strspn(v, " \t") < n ?
	    xstrdup(v) : NULL);
}

/* websub_allow: host names, addresses or CIDRs, space-separated. */
static char *
conv_addr_words(const char *v)
{
	char	*words, *w, *last = NULL, *cause = NULL;
	int	 ok = 1, n = 0;

	words = xstrdup(v);
	for (w = strtok_r(words, " \t", &last); w != NULL && ok;
	    w = strtok_r(NULL, " \t", &last), n++) {
		ok = addr_word_check(w, &cause) == 0;
		free(cause);
		cause = NULL;
	}
	free(words);
	return (ok && n > 0 ? xstrdup(v) : NULL);
}

/* A filter rule, "FIELD REGEX", as given. */
static char *
conv_filter(const char *v)
{
	char	*cause = NULL;

	if (filter_rule_check(v, &cause) == -1) {
		free(cause);
		return (NULL);
	}
	return (xstrdup(v));
}

/* A POSIX extended regular expression regcomp(3) takes, as given. */
static char *
conv_regex(const char *v)
{
	regex_t	 re;

	if (regcomp(&re, v, REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0)
		return (NULL);
	regfree(&re);
	return (xstrdup(v));
}

static int
enum_mode(const char *v, int *out)
{
	if (strcmp(v, "items") == 0)
		*out = MODE_ITEMS;
	else if (strcmp(v, "changes") == 0)
		*out = MODE_CHANGES;
	else
		return (-1);
	return (0);
}

/* store: sqlite, or a libpq connection string (a URI or key=value words). */
static char *
conv_store(const char *v)
{
	PQconninfoOption	*opts;
	char			*err = NULL;

	if (strcmp(v, "sqlite") == 0)
		return (xstrdup(v));
	if (strncmp(v, "postgresql://", 13) != 0 &&
	    strncmp(v, "postgres://", 11) != 0 && strchr(v, '=') == NULL)
		return (NULL);
	if ((opts = PQconninfoParse(v, &err)) == NULL) {
		PQfreemem(err);
		return (NULL);
	}
	PQconninfoFree(opts);
	return (xstrdup(v));
}

static char *
conv_abs_path(const char *v)
{
	return (v[0] == '/' ? xstrdup(v) : NULL);
}

/* The KT_ENUM keys: each module's own parser, its value kept as an int. */
#define ENUM_PARSER(name, type, parse)					\
static int								\
name(const char *v, int *out)						\
{									\
	type	 x;							\
									\
	if (parse(v, &x) == -1)						\
		return (-1);						\
	*out = (int)x;							\
	return (0);							\
}
ENUM_PARSER(enum_log_level, enum log_level, log_level_parse)
ENUM_PARSER(enum_date_order, enum date_order, date_order_parse)

/* follow: yes or no as every yes/no key, or article. */
static int
enum_follow(const char *v, int *out)
{
	if (strcasecmp(v, "article") == 0) {
		*out = FOLLOW_ARTICLE;
		return (0);
	}
	return (config_parse_bool(v, out));
}

static int
enum_method(const char *v, int *out)
{
	if (strcmp(v, "GET") == 0 || strcmp(v, "get") == 0)
		*out = METHOD_GET;
	else if (strcmp(v, "POST") == 0 || strcmp(v, "post") == 0)
		*out = METHOD_POST;
	else
		return (-1);
	return (0);
}

static int
enum_render(const char *v, int *out)
{
	if (strcmp(v, "no") == 0)
		*out = RENDER_NO;
	else if (strcmp(v, "chromium") == 0)
		*out = RENDER_CHROMIUM;
	else
		return (-1);
	return (0);
}

/* link_base: an http(s) address, "{}" standing for the value if it has one. */
static char *
conv_link_base(const char *v)
{
	const char	*t = strstr(v, "{}");

	if (!url_scheme_is(v, "http") && !url_scheme_is(v, "https"))
		return (NULL);
	if (t != NULL && strstr(t + 2, "{}") != NULL)
		return (NULL);
	return (xstrdup(v));
}

/*
 * The keys, in the style of tmux's options-table.c: one row says what a key
 * is, where it goes and what it defaults to, and key_set builds every
 * message from the row.  Within a section the order is the order of "did
 * you mean" ties.  A source's keys given are a bit per row (sc_keys_given).
 */
enum key_type {
	KT_STRING,	/* text; k_conv checks it when set */
	KT_BOOL,	/* yes/no, stored as int */
	KT_INT,		/* k_min..k_max, stored as int */
	KT_DURATION,	/* "1h30m", k_min..k_max seconds, stored as int */
	KT_SIZE,	/* "8M", k_min..k_max bytes, stored as long */
	KT_ENUM,	/* a word k_enum knows, stored as int */
	KT_SELECTOR,	/* CSS or xpath:, a struct selector */
	KT_URL,		/* a source's page: http(s), file */
	KT_BASE_URL,	/* where the feeds are served: http(s) */
	KT_LISTEN,	/* ADDRESS:PORT */
	KT_TIMEZONE	/* a zoneinfo name, also loaded into sc_tz */
};

#define KS_SERVER	1
#define KS_SOURCE	2
#define KS_BOTH		(KS_SERVER | KS_SOURCE)	/* one row, two places */

#define SEL_RELATIVE	0x1	/* evaluated on each item node */
#define SEL_ATTR	0x2	/* may end in " @attr" */
#define SEL_JS		0x4	/* may be js:NAME (a script's variable) */
#define SEL_JSON	0x8	/* may be json:PATH */

struct key_def {
	const char	*k_name;
	int		 k_section;	/* KS_SERVER, KS_SOURCE or KS_BOTH */
	enum key_type	 k_type;
	long long	 k_min, k_max;	/* numbers */
	size_t		 k_off;		/* in struct config or source_conf */
	size_t		 k_sc_off;	/* KS_BOTH: in struct source_conf */
	int		 k_repeat;	/* repeatable: a list of strings ... */
	size_t		 k_noff;	/* ... whose count is here */
	const char	*k_many;	/* "too many K" */
	const char	*k_default;	/* as a file would say it, or NULL */
	int		 k_inherit;	/* KS_BOTH: unset in a source, [server]'s */
	int		 k_sel;		/* selectors: SEL_* */
	const char	*k_what;	/* "'value' is not K_WHAT" */
	char		*(*k_conv)(const char *);
	int		 (*k_enum)(const char *, int *);
};

#define CF(f)	offsetof(struct config, f)
#define SC(f)	offsetof(struct source_conf, f)
#define SRV	.k_section = KS_SERVER
#define SRC	.k_section = KS_SOURCE
#define BOTH(f)	.k_section = KS_BOTH, .k_sc_off = SC(f)
#define RANGE(lo, hi)	.k_min = (lo), .k_max = (hi)
#define ITEM_FIELD(name, f) \
	{ .k_name = name, SRC, .k_type = KT_SELECTOR, \
	    .k_off = SC(sc_fields[f]), \
	    .k_sel = SEL_RELATIVE | SEL_ATTR | SEL_JSON }
#define PAGE_FIELD(name, f) \
	{ .k_name = name, SRC, .k_type = KT_SELECTOR, \
	    .k_off = SC(sc_page[f]), .k_sel = SEL_ATTR }
#define LANGUAGE_WHAT	"a language tag like en, de-AT or pt-BR"
#define FILTER_WHAT	"FIELD REGEX (FIELD: title, summary, content, " \
	"author, category, link or any, with :case for case; REGEX: a POSIX " \
	"extended regular expression)"

static const struct key_def keys[] = {
	/* [server], and the KS_BOTH keys a source may set too */
	{ .k_name = "listen", SRV, .k_type = KT_LISTEN,
	    .k_off = CF(cf_listen), .k_repeat = 1, .k_noff = CF(cf_nlisten),
	    .k_many = "addresses", .k_default = "127.0.0.1:8080" },
	{ .k_name = "state_dir", SRV, .k_type = KT_STRING,
	    .k_off = CF(cf_state_dir), .k_default = "/var/lib/pagefeed" },
	{ .k_name = "store", SRV, .k_type = KT_STRING,
	    .k_off = CF(cf_store), .k_conv = conv_store, .k_default = "sqlite",
	    .k_what = "sqlite, or a PostgreSQL connection string "
	    "(postgresql://USER@HOST/DB, or host=... dbname=... words)" },
	{ .k_name = "store_lease", SRV, .k_type = KT_DURATION,
	    RANGE(2, 3600), .k_off = CF(cf_store_lease), .k_default = "2m" },
	{ .k_name = "base_url", SRV, .k_type = KT_BASE_URL,
	    .k_off = CF(cf_base_url) },
	{ .k_name = "interval", BOTH(sc_interval), .k_type = KT_DURATION,
	    RANGE(1, MAX_INTERVAL), .k_off = CF(cf_interval),
	    .k_default = "30m", .k_inherit = 1 },
	{ .k_name = "max_items", BOTH(sc_max_items), .k_type = KT_INT,
	    RANGE(1, 10000), .k_off = CF(cf_max_items), .k_default = "50",
	    .k_inherit = 1 },
	/* A source's NULL: the [server] one, when the request is made. */
	{ .k_name = "user_agent", BOTH(sc_user_agent), .k_type = KT_STRING,
	    .k_off = CF(cf_user_agent),
	    .k_default = PACKAGE_NAME "/" PACKAGE_VERSION },
	{ .k_name = "allow_file_urls", SRV, .k_type = KT_BOOL,
	    .k_off = CF(cf_allow_file_urls), .k_default = "no" },
	{ .k_name = "log_level", SRV, .k_type = KT_ENUM,
	    .k_off = CF(cf_log_level), .k_enum = enum_log_level,
	    .k_what = "debug, info, warning or error", .k_default = "info" },
	{ .k_name = "host_concurrency", SRV, .k_type = KT_INT, RANGE(1, 64),
	    .k_off = CF(cf_host_concurrency), .k_default = "2" },
	{ .k_name = "host_delay", SRV, .k_type = KT_DURATION, RANGE(0, 3600),
	    .k_off = CF(cf_host_delay), .k_default = "1s" },
	{ .k_name = "max_transfers", SRV, .k_type = KT_INT, RANGE(1, 4096),
	    .k_off = CF(cf_max_transfers), .k_default = "64" },
	{ .k_name = "max_backoff", SRV, .k_type = KT_DURATION,
	    RANGE(1, MAX_INTERVAL), .k_off = CF(cf_max_backoff),
	    .k_default = "6h" },
	{ .k_name = "max_page_size", BOTH(sc_max_page_size),
	    .k_type = KT_SIZE, RANGE(MIN_PAGE_SIZE, MAX_SIZE),
	    .k_off = CF(cf_max_page_size), .k_default = "8M", .k_inherit = 1 },
	{ .k_name = "timeout", BOTH(sc_timeout), .k_type = KT_DURATION,
	    RANGE(1, 3600), .k_off = CF(cf_timeout), .k_default = "60s",
	    .k_inherit = 1 },
	{ .k_name = "connect_timeout", SRV, .k_type = KT_DURATION,
	    RANGE(1, 600), .k_off = CF(cf_connect_timeout),
	    .k_default = "15s" },
	{ .k_name = "max_connections", SRV, .k_type = KT_INT,
	    RANGE(1, 1000000), .k_off = CF(cf_max_connections),
	    .k_default = "4096" },
	{ .k_name = "cache_size", SRV, .k_type = KT_SIZE, RANGE(0, MAX_SIZE),
	    .k_off = CF(cf_cache_size), .k_default = "64M" },
	{ .k_name = "export_dir", SRV, .k_type = KT_STRING,
	    .k_off = CF(cf_export_dir), .k_conv = conv_abs_path,
	    .k_what = "an absolute path" },
	/* A source's NULL: the page's, else the [server] one, when rendering. */
	{ .k_name = "language", BOTH(sc_language), .k_type = KT_STRING,
	    .k_off = CF(cf_language), .k_conv = feed_language,
	    .k_what = LANGUAGE_WHAT },

	{ .k_name = "render_concurrency", SRV, .k_type = KT_INT, RANGE(1, 16),
	    .k_off = CF(cf_render_concurrency), .k_default = "1" },
	{ .k_name = "chromium", SRV, .k_type = KT_STRING,
	    .k_off = CF(cf_chromium), .k_conv = conv_abs_path,
	    .k_what = "an absolute path" },

	{ .k_name = "websub", SRV, .k_type = KT_BOOL,
	    .k_off = CF(cf_websub), .k_default = "no" },
	{ .k_name = "websub_allow", SRV, .k_type = KT_STRING,
	    .k_off = CF(cf_websub_allow), .k_repeat = 1,
	    .k_noff = CF(cf_nwebsub_allow), .k_many = "websub_allow lines",
	    .k_conv = conv_addr_words, .k_what = "host names, IP addresses "
	    "or CIDR networks (10.0.0.0/8, ::1/128), separated by spaces" },
	{ .k_name = "websub_lease", SRV, .k_type = KT_DURATION,
	    RANGE(1, MAX_INTERVAL), .k_off = CF(cf_websub_lease),
	    .k_default = "10d" },
	{ .k_name = "websub_lease_min", SRV, .k_type = KT_DURATION,
	    RANGE(1, MAX_INTERVAL), .k_off = CF(cf_websub_lease_min),
	    .k_default = "1h" },
	{ .k_name = "websub_lease_max", SRV, .k_type = KT_DURATION,
	    RANGE(1, MAX_INTERVAL), .k_off = CF(cf_websub_lease_max),
	    .k_default = "30d" },
	{ .k_name = "websub_retry", SRV, .k_type = KT_DURATION,
	    RANGE(0, 7 * 86400), .k_off = CF(cf_websub_retry),
	    .k_default = "1h" },
	{ .k_name = "websub_max_subscribers", SRV, .k_type = KT_INT,
	    RANGE(1, 10000000), .k_off = CF(cf_websub_max_subscribers),
	    .k_default = "10000" },
	{ .k_name = "websub_max_per_topic", SRV, .k_type = KT_INT,
	    RANGE(1, 10000000), .k_off = CF(cf_websub_max_per_topic),
	    .k_default = "1000" },

	/* [source NAME] */
	{ .k_name = "url", SRC, .k_type = KT_URL, .k_off = SC(sc_url) },
	{ .k_name = "title", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_title) },
	{ .k_name = "item", SRC, .k_type = KT_SELECTOR,
	    .k_off = SC(sc_item), .k_sel = SEL_JSON },
	ITEM_FIELD("item.title", FIELD_TITLE),
	ITEM_FIELD("item.link", FIELD_LINK),
	ITEM_FIELD("item.date", FIELD_DATE),
	ITEM_FIELD("item.summary", FIELD_SUMMARY),
	ITEM_FIELD("item.content", FIELD_CONTENT),
	ITEM_FIELD("item.author", FIELD_AUTHOR),
	ITEM_FIELD("item.image", FIELD_IMAGE),
	ITEM_FIELD("item.category", FIELD_CATEGORY),
	ITEM_FIELD("item.guid", FIELD_GUID),
	{ .k_name = "date_format", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_date_formats), .k_repeat = 1,
	    .k_noff = SC(sc_ndate_formats), .k_many = "formats",
	    .k_conv = conv_date_format, .k_what = "a strptime(3) format" },
	{ .k_name = "timezone", SRC, .k_type = KT_TIMEZONE,
	    .k_off = SC(sc_timezone) },
	{ .k_name = "date_order", SRC, .k_type = KT_ENUM,
	    .k_off = SC(sc_date_order), .k_enum = enum_date_order,
	    .k_what = "dmy, mdy or ymd" },
	{ .k_name = "encoding", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_encoding), .k_conv = conv_encoding,
	    .k_what = "an encoding this system can decode" },
	{ .k_name = "encoding_override", SRC, .k_type = KT_BOOL,
	    .k_off = SC(sc_encoding_override), .k_default = "no" },
	{ .k_name = "follow", SRC, .k_type = KT_ENUM,
	    .k_off = SC(sc_follow), .k_enum = enum_follow,
	    .k_what = "yes, no or article", .k_default = "no" },
	{ .k_name = "follow_concurrency", SRC, .k_type = KT_INT, RANGE(1, 16),
	    .k_off = SC(sc_follow_concurrency), .k_default = "2" },
	PAGE_FIELD("page.title", PAGE_TITLE),
	PAGE_FIELD("page.date", PAGE_DATE),
	PAGE_FIELD("page.content", PAGE_CONTENT),
	PAGE_FIELD("page.author", PAGE_AUTHOR),
	PAGE_FIELD("page.image", PAGE_IMAGE),
	{ .k_name = "header", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_headers), .k_repeat = 1, .k_noff = SC(sc_nheaders),
	    .k_many = "headers", .k_conv = conv_header,
	    .k_what = "'Name: value'" },
	{ .k_name = "cookie", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_cookie) },
	{ .k_name = "proxy", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_proxy), .k_conv = conv_proxy,
	    .k_what = "a URL like http://proxy:3128 (or none)" },
	{ .k_name = "tls_verify", SRC, .k_type = KT_BOOL,
	    .k_off = SC(sc_tls_verify), .k_default = "yes" },
	{ .k_name = "json", SRC, .k_type = KT_SELECTOR,
	    .k_off = SC(sc_json), .k_sel = SEL_JS },
	{ .k_name = "link_base", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_link_base), .k_conv = conv_link_base,
	    .k_what = "an http(s) URL (with at most one {})" },
	{ .k_name = "method", SRC, .k_type = KT_ENUM,
	    .k_off = SC(sc_method), .k_enum = enum_method,
	    .k_what = "GET or POST", .k_default = "GET" },
	{ .k_name = "body", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_body) },
	{ .k_name = "render", SRC, .k_type = KT_ENUM,
	    .k_off = SC(sc_render), .k_enum = enum_render,
	    .k_what = "no or chromium", .k_default = "no" },
	{ .k_name = "render_wait", SRC, .k_type = KT_SELECTOR,
	    .k_off = SC(sc_render_wait) },
	{ .k_name = "follow_render", SRC, .k_type = KT_BOOL,
	    .k_off = SC(sc_follow_render), .k_default = "no" },
	{ .k_name = "render_memory", SRC, .k_type = KT_SIZE,
	    RANGE(64LL * 1024 * 1024, 64 * MAX_SIZE),
	    .k_off = SC(sc_render_memory), .k_default = "1G" },
	{ .k_name = "mode", SRC, .k_type = KT_ENUM,
	    .k_off = SC(sc_mode), .k_enum = enum_mode,
	    .k_what = "items or changes", .k_default = "items" },
	{ .k_name = "watch", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_watch), .k_repeat = 1, .k_noff = SC(sc_nwatch),
	    .k_many = "selectors", .k_conv = conv_doc_selector,
	    .k_what = "a CSS selector or xpath:EXPR" },
	{ .k_name = "ignore", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_ignore), .k_repeat = 1, .k_noff = SC(sc_nignore),
	    .k_many = "selectors", .k_conv = conv_doc_selector,
	    .k_what = "a CSS selector or xpath:EXPR" },
	{ .k_name = "ignore_text", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_ignore_text), .k_repeat = 1,
	    .k_noff = SC(sc_nignore_text), .k_many = "expressions",
	    .k_conv = conv_regex,
	    .k_what = "a POSIX extended regular expression (regex(7))" },
	{ .k_name = "min_change", SRC, .k_type = KT_INT, RANGE(1, 1000000),
	    .k_off = SC(sc_min_change), .k_default = "1" },
	{ .k_name = "versions", SRC, .k_type = KT_INT, RANGE(1, 1000),
	    .k_off = SC(sc_versions), .k_default = "10" },
	{ .k_name = "filter.include", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_include), .k_repeat = 1, .k_noff = SC(sc_ninclude),
	    .k_many = "rules", .k_conv = conv_filter, .k_what = FILTER_WHAT },
	{ .k_name = "filter.exclude", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_exclude), .k_repeat = 1, .k_noff = SC(sc_nexclude),
	    .k_many = "rules", .k_conv = conv_filter, .k_what = FILTER_WHAT },
	{ .k_name = "max_age", SRC, .k_type = KT_DURATION,
	    RANGE(60, 10 * MAX_INTERVAL), .k_off = SC(sc_max_age) },
	{ .k_name = "sources", SRC, .k_type = KT_STRING,
	    .k_off = SC(sc_feed_sources), .k_repeat = 1,
	    .k_noff = SC(sc_nfeed_sources), .k_many = "names",
	    .k_conv = conv_source_pattern,
	    .k_what = "source names or shell globs (news-*)" },
};

/* The keys a [feed NAME] section has; a source's others have no meaning. */
static const char *const feed_keys[] = { "sources", "title", "max_items",
    "filter.include", "filter.exclude", "max_age", NULL };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define KEY_GIVEN(sc, i)	(((sc)->sc_keys_given[(i) / 8] >> (i) % 8) & 1)
#define NKEYS	NELEM(keys)

_Static_assert(NKEYS <= CONFIG_MAX_KEYS, "sc_keys_given and p_seen hold a "
    "bit per key");
_Static_assert(sizeof(enum log_level) == sizeof(int), "log_level as int");

/* The row of KEY in SECTION, or NKEYS. */
static size_t
key_find(int section, const char *key)
{
	size_t	 i;

	for (i = 0; i < NKEYS; i++)
		if ((keys[i].k_section & section) &&
		    strcmp(keys[i].k_name, key) == 0)
			return (i);
	return (NKEYS);
}

/* 1 when SC set the source key NAME, even to a bad value. */
static int
key_given(const struct source_conf *sc, const char *name)
{
	size_t	 i = key_find(KS_SOURCE, name);

	return (i < NKEYS && KEY_GIVEN(sc, i));
}

int
config_source_key_given(const struct source_conf *sc, const char *name)
{
	return (key_given(sc, name));
}

/* 1 when SC set any source key starting with PREFIX ("page."). */
static int
key_given_prefix(const struct source_conf *sc, const char *prefix)
{
	size_t	 i;

	for (i = 0; i < NKEYS; i++)
		if ((keys[i].k_section & KS_SOURCE) &&
		    strncmp(keys[i].k_name, prefix, strlen(prefix)) == 0 &&
		    KEY_GIVEN(sc, i))
			return (1);
	return (0);
}

/* The key whose selector is at offset OFF of a source, from the table. */
static const char *
config_selector_key(size_t off)
{
	size_t	 i;

	for (i = 0; i < NKEYS; i++)
		if (keys[i].k_section == KS_SOURCE &&
		    keys[i].k_type == KT_SELECTOR && keys[i].k_off == off)
			return (keys[i].k_name);
	return ("?");
}

const char *
config_field_name(enum field f)
{
	return (config_selector_key(SC(sc_fields) +
	    (size_t)f * sizeof(struct selector)));
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

/*
 * An unknown KEY: says which known key it is probably a typo of, or that
 * it belongs in the other kind of section.
 */
static void
config_unknown_key(struct parser *p, const char *key, int in_server)
{
	const char	*best = NULL;
	char		 where[CONFIG_MAX_NAME + 16];
	size_t		 i, d, bestd = SIZE_MAX, len = strlen(key);
	size_t		 max = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	int		 here = in_server ? KS_SERVER : KS_SOURCE;

	if (in_server)
		snprintf(where, sizeof(where), "[server]");
	else
		snprintf(where, sizeof(where), "[source %s]",
		    p->p_src->sc_name);
	if (key_find(in_server ? KS_SOURCE : KS_SERVER, key) != NKEYS) {
		parser_error(p, p->p_line, "unknown key '%s' in %s "
		    "('%s' belongs in %s)", key, where, key,
		    in_server ? "a [source NAME] section" :
		    "the [server] section");
		return;
	}
	for (i = 0; i < NKEYS; i++) {
		if (!(keys[i].k_section & here))
			continue;
		if ((d = config_distance(key, keys[i].k_name)) < bestd) {
			bestd = d;
			best = keys[i].k_name;
		}
	}
	if (best != NULL && bestd <= max && bestd < strlen(best))
		parser_error(p, p->p_line, "unknown key '%s' in %s (did you "
		    "mean '%s'?)", key, where, best);
	else
		parser_error(p, p->p_line, "unknown key '%s' in %s", key,
		    where);
}

/* listen = VAL: the value to keep, or NULL with the error reported. */
static char *
config_listen_value(struct parser *p, const char *val)
{
	const char	*c;
	char		*host, *port;

	if (config_split_listen(val, &host, &port) == 0) {
		free(host);
		free(port);
		return (xstrdup(val));
	}
	c = strrchr(val, ':');
	if (c != NULL && c[1] != '\0' &&
	    strspn(c + 1, "0123456789") == strlen(c + 1))
		parser_error(p, p->p_line, "listen: port %s in '%s' is out of "
		    "range (1 to 65535, or 0 for any free port)", c + 1, val);
	else
		parser_error(p, p->p_line, "listen: '%s' is not ADDRESS:PORT "
		    "or [IPV6]:PORT", val);
	return (NULL);
}

/* base_url = VAL, with its trailing '/', or NULL with the error reported. */
static char *
config_base_url_value(struct parser *p, const char *val)
{
	char	*url;

	if (!url_allowed(val, URL_REMOTE)) {
		if (strncmp(val, "//", 2) == 0)
			parser_error(p, p->p_line, "base_url: '%s' has no "
			    "scheme: did you mean http:%s?", val, val);
		else if (!config_url_has_scheme(val) &&
		    strchr(val, '/') != val && strstr(val, "://") == NULL)
			parser_error(p, p->p_line, "base_url: '%s' has no "
			    "scheme: did you mean http://%s?", val, val);
		else
			parser_error(p, p->p_line, "base_url must start with "
			    "http:// or https://");
		return (NULL);
	}
	if (val[strlen(val) - 1] == '/')
		return (xstrdup(val));
	xasprintf(&url, "%s/", val);
	return (url);
}

/* url = VAL of the source being read.  Returns 0 or -1. */
static int
config_url_value(struct parser *p, const char *val)
{
	struct source_conf	*sc = p->p_src;
	int			 is_file;

	if (strncasecmp(val, "file:", 5) == 0 && val[5] != '/' &&
	    val[5] != '\0') {
		config_relative_file_url(p, val + 5);
		return (sc->sc_url != NULL ? 0 : -1);
	}
	/* file:/abs/path is file:///abs/path (RFC 8089). */
	if (strncasecmp(val, "file:/", 6) == 0 && val[6] != '/' &&
	    val[6] != '\0' && strpbrk(val, " \t\"<>") == NULL) {
		xasprintf(&sc->sc_url, "file://%s", val + 5);
		return (0);
	}
	if (!config_url_scheme_ok(val, &is_file) ||
	    strpbrk(val, " \t\"<>") != NULL) {
		if (strncmp(val, "//", 2) == 0)
			parser_error(p, p->p_line, "url: '%s' has no scheme: "
			    "did you mean http:%s?", val, val);
		else if (val[0] == '/')
			parser_error(p, p->p_line, "url: '%s' has no scheme: "
			    "did you mean file:%s?%s", val, val,
			    p->p_cf->cf_allow_file_urls ? "" :
			    " (file: URLs also need allow_file_urls = yes in "
			    "[server])");
		else if (!config_url_has_scheme(val))
			parser_error(p, p->p_line, "url: '%s' has no scheme: "
			    "did you mean http://%s?", val, val);
		else
			parser_error(p, p->p_line, "url: '%s' is not an "
			    "http://, https:// or file:// URL", val);
		return (-1);
	}
	sc->sc_url = xstrdup(val);
	return (0);
}

/* timezone = VAL of the source being read, loaded.  Returns 0 or -1. */
static int
config_timezone_value(struct parser *p, const char *val)
{
	struct source_conf	*sc = p->p_src;
	char			*cause, near[128];

	if ((sc->sc_tz = tz_load(val, &cause)) == NULL) {
		if (strncmp(cause, "unknown time zone", 17) == 0 &&
		    config_near_zone(val, near, sizeof(near)) == 0)
			parser_error(p, p->p_line, "timezone: %s (did you mean "
			    "'%s'?)", cause, near);
		else
			parser_error(p, p->p_line, "timezone: %s", cause);
		free(cause);
		return (-1);
	}
	sc->sc_timezone = xstrdup(val);
	return (0);
}

/* Where K goes in a struct of SECTION (a KS_BOTH key has two places). */
static size_t
key_place(const struct key_def *k, int section)
{
	return (section == KS_SOURCE && k->k_section == KS_BOTH ?
	    k->k_sc_off : k->k_off);
}

/* Keeps S (a new string) in FIELD of BASE: the value, or one more. */
static int
key_keep(struct parser *p, const struct key_def *k, char *base, char *field,
    char *s)
{
	char	***list = (char ***)field;
	char	**one = (char **)field;
	size_t	*n = (size_t *)(base + k->k_noff);

	if (!k->k_repeat) {
		free(*one);
		*one = s;
		return (0);
	}
	if (*n >= CONFIG_MAX_REPEAT) {
		parser_error(p, p->p_line, "%s: too many %s (at most %d)",
		    k->k_name, k->k_many, CONFIG_MAX_REPEAT);
		free(s);
		return (-1);
	}
	*list = xreallocarray(*list, *n + 1, sizeof(char *));
	(*list)[(*n)++] = s;
	return (0);
}

static void
config_fmt_int(char *buf, size_t len, long long n)
{
	snprintf(buf, len, "%lld", n);
}

/* How a kind of number is read and said in messages. */
struct num_kind {
	int		 (*nk_parse)(const char *, long long *);
	void		 (*nk_fmt)(char *, size_t, long long);
	const char	*nk_like;	/* NULL: "a number from MIN to MAX" */
	const char	*nk_less, *nk_least, *nk_more, *nk_most;
};

static const struct num_kind num_int = { config_int, config_fmt_int, NULL,
	"less", "smallest", "more", "largest" };
static const struct num_kind num_duration = { config_duration,
	config_fmt_duration, "a duration like 45s, 30m, 2h or 1d",
	"shorter", "shortest", "longer", "longest" };
static const struct num_kind num_size = { config_size, config_fmt_size,
	"a size like 512k, 8M or 1G", "smaller", "smallest", "larger",
	"largest" };

/*
 * K = VAL as a number of kind NK in K's range.  A malformed value and one
 * out of range get different messages: "400d" is a duration, only too
 * long.  Returns 0, or -1 with the error reported.
 */
static int
config_number(struct parser *p, const struct key_def *k,
    const struct num_kind *nk, const char *val, long long *out)
{
	char	 lim[32];
	int	 low;

	if (nk->nk_parse(val, out) == -1) {
		if (nk->nk_like != NULL)
			parser_error(p, p->p_line, "%s: '%s' is not %s",
			    k->k_name, val, nk->nk_like);
		else
			parser_error(p, p->p_line, "%s: '%s' is not a number "
			    "from %lld to %lld", k->k_name, val, k->k_min,
			    k->k_max);
		return (-1);
	}
	if (*out >= k->k_min && *out <= k->k_max)
		return (0);
	low = *out < k->k_min;
	nk->nk_fmt(lim, sizeof(lim), low ? k->k_min : k->k_max);
	parser_error(p, p->p_line, "%s: '%s' is %s than the %s allowed, %s",
	    k->k_name, val, low ? nk->nk_less : nk->nk_more,
	    low ? nk->nk_least : nk->nk_most, lim);
	return (-1);
}

/* 1 when S is a JavaScript name path: window.__STATE__, ytInitialData. */
static int
config_js_name(const char *s)
{
	size_t	 n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$.");
	const char *p;

	if (n == 0 || s[n] != '\0' || n > 256 || s[n - 1] == '.')
		return (0);
	/* No segment is empty or starts with a digit. */
	for (p = s; p != NULL; p = strchr(p, '.') ? strchr(p, '.') + 1 : NULL)
		if (*p == '.' || (*p >= '0' && *p <= '9'))
			return (0);
	return (1);
}

/* A selector key given a kind of selector it does not take. */
static int
config_selector_kind(struct parser *p, const struct key_def *k,
    const char *val)
{
	if (strncmp(val, SEL_JSON_PREFIX, strlen(SEL_JSON_PREFIX)) == 0 &&
	    !(k->k_sel & SEL_JSON)) {
		parser_error(p, p->p_line, "%s: '%s': a JSON path reads items, "
		    "not %s (write a CSS selector or xpath:)", k->k_name, val,
		    k->k_sel & SEL_JS ? "where the JSON is" : "an HTML page");
		return (-1);
	}
	if (strncmp(val, SEL_JS_PREFIX, strlen(SEL_JS_PREFIX)) == 0 &&
	    (!(k->k_sel & SEL_JS) ||
	    !config_js_name(val + strlen(SEL_JS_PREFIX)))) {
		parser_error(p, p->p_line, "%s: '%s' is not %s", k->k_name,
		    val, k->k_sel & SEL_JS ? "js: and a script's variable "
		    "name, like js:window.__INITIAL_STATE__" : "a selector "
		    "(js:NAME is for the json key)");
		return (-1);
	}
	return (0);
}

/*
 * K = VAL into BASE (the config, or the source being read: SECTION says
 * which), with every
 * message said from K's row.  Returns 0, or -1 with the error reported.
 */
static int
key_set(struct parser *p, const struct key_def *k, int section, void *basep,
    const char *val)
{
	char		*base = basep, *field = base + key_place(k, section);
	char		*s, *cause = NULL;
	long long	 num;
	int		 n;

	switch (k->k_type) {
	case KT_BOOL:
		if (config_parse_bool(val, (int *)field) == 0)
			return (0);
		parser_error(p, p->p_line, "%s: '%s' is not yes or no",
		    k->k_name, val);
		return (-1);
	case KT_INT:
	case KT_DURATION:
		if (config_number(p, k, k->k_type == KT_INT ? &num_int :
		    &num_duration, val, &num) == -1)
			return (-1);
		*(int *)field = (int)num;
		return (0);
	case KT_SIZE:
		if (config_number(p, k, &num_size, val, &num) == -1)
			return (-1);
		*(long *)field = (long)num;
		return (0);
	case KT_ENUM:
		if (k->k_enum(val, &n) == 0) {
			*(int *)field = n;
			return (0);
		}
		break;
	case KT_STRING:
		if (k->k_conv == NULL)
			return (key_keep(p, k, base, field, xstrdup(val)));
		if ((s = k->k_conv(val)) != NULL)
			return (key_keep(p, k, base, field, s));
		break;
	case KT_SELECTOR:
		/* item = auto says what no item says: detect the items. */
		if (k->k_off == SC(sc_item) && strcmp(val, "auto") == 0)
			return (0);
		if (config_selector_kind(p, k, val) == -1)
			return (-1);
		if (strncmp(val, SEL_JS_PREFIX, strlen(SEL_JS_PREFIX)) == 0) {
			((struct selector *)field)->sel_spec = xstrdup(val);
			((struct selector *)field)->sel_js =
			    xstrdup(val + strlen(SEL_JS_PREFIX));
			return (0);
		}
		if (selector_compile(p->p_cf->cf_selectors,
		    (struct selector *)field, val, k->k_sel & SEL_RELATIVE,
		    k->k_sel & SEL_ATTR, &cause) == 0)
			return (0);
		parser_error(p, p->p_line, "%s: bad selector '%s': %s",
		    k->k_name, val, cause);
		free(cause);
		return (-1);
	case KT_URL:
		return (config_url_value(p, val));
	case KT_BASE_URL:
		if ((s = config_base_url_value(p, val)) == NULL)
			return (-1);
		return (key_keep(p, k, base, field, s));
	case KT_LISTEN:
		if ((s = config_listen_value(p, val)) == NULL)
			return (-1);
		return (key_keep(p, k, base, field, s));
	case KT_TIMEZONE:
		return (config_timezone_value(p, val));
	}
	parser_error(p, p->p_line, "%s: '%s' is not %s", k->k_name, val,
	    k->k_what);
	return (-1);
}

/* KEY = VAL in the section being read. */
static void
config_key(struct parser *p, const char *key, const char *val)
{
	int	 in_server = p->p_src == NULL;
	size_t	 i;

	if ((i = key_find(in_server ? KS_SERVER : KS_SOURCE, key)) == NKEYS) {
		config_unknown_key(p, key, in_server);
		return;
	}
	/* A bad value is reported once, not again as a missing key. */
	if (!in_server)
		p->p_src->sc_keys_given[i / 8] |= (unsigned char)(1U << i % 8);
	if (!keys[i].k_repeat) {
		if (p->p_seen[i] != 0) {
			parser_error(p, p->p_line, "'%s' repeated (first set "
			    "on line %d)", key, p->p_seen[i]);
			return;
		}
		p->p_seen[i] = p->p_line;
	}
	if (in_server && p->p_server_line[i] == 0)
		p->p_server_line[i] = p->p_line;
	if (in_server && strcmp(key, "chromium") == 0)
		p->p_chromium_line = p->p_line;
	if (in_server)
		key_set(p, &keys[i], KS_SERVER, p->p_cf, val);
	else
		key_set(p, &keys[i], KS_SOURCE, p->p_src, val);
}

/*
 * The defaults of SECTION's keys into BASE.  Repeatable ones (listen) only
 * when the file gave none, so they are set at the end (LATE).
 */
static void
key_defaults(struct parser *p, int section, void *basep, int late)
{
	char		*base = basep;
	const struct key_def *k;
	size_t		 i;

	for (i = 0; i < NKEYS; i++) {
		k = &keys[i];
		/* A KS_BOTH key's default is the [server] one. */
		if (!(k->k_section & section) || (section == KS_SOURCE &&
		    k->k_section == KS_BOTH) || k->k_default == NULL ||
		    k->k_repeat != late)
			continue;
		if (late && *(size_t *)(base + k->k_noff) != 0)
			continue;
		key_set(p, k, section, base, k->k_default);
	}
}

/* What a source without its own value takes from [server]. */
static void
key_inherit(struct source_conf *sc, const struct config *cf)
{
	const struct key_def *k;
	size_t		 i;

	for (i = 0; i < NKEYS; i++) {
		k = &keys[i];
		if (!k->k_inherit || KEY_GIVEN(sc, i))
			continue;
		memcpy((char *)sc + k->k_sc_off, (const char *)cf + k->k_off,
		    k->k_type == KT_SIZE ? sizeof(long) : sizeof(int));
	}
}

static int
config_name_ok(const char *name)
{
	size_t	 len = strlen(name);

	return (len > 0 && len <= CONFIG_MAX_NAME &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") == len);
}

/* A header that is none of the three; a misspelt one: the nearest. */
static void
config_unknown_section(struct parser *p, const char *line)
{
	size_t	 w = strcspn(line, " \t");
	char	*word = xstrndup(line, w);

	if (config_distance(word, "server") <= 2 && w > 2 && line[w] == '\0')
		parser_error(p, p->p_line, "unknown section '[%s]' (did you "
		    "mean '[server]'?)", line);
	else if (config_distance(word, "source") <= 2 && w > 2 &&
	    line[w] != '\0')
		parser_error(p, p->p_line, "unknown section '[%s]' (did you "
		    "mean '[source%s]'?)", line, line + w);
	else
		parser_error(p, p->p_line, "unknown section '[%s]' (expected "
		    "[server], [source NAME] or [feed NAME])", line);
	free(word);
}

/* "[feed NAME]": NAME after "feed"; its keys go in a source_conf too. */
static void
config_feed_section(struct parser *p, char *name)
{
	struct config	*cf = p->p_cf;
	size_t		 i;

	name += strspn(name, " \t");
	for (i = strlen(name); i > 0 && isspace((unsigned char)name[i - 1]); i--)
		name[i - 1] = '\0';
	if (!config_name_ok(name)) {
		parser_error(p, p->p_line, "feed name '%s' must be 1 to %d "
		    "characters of a-z, 0-9, '.', '_' and '-'", name,
		    CONFIG_MAX_NAME);
		return;
	}
	for (i = 0; i < cf->cf_nfeeds; i++)
		if (strcmp(cf->cf_feeds[i].sc_name, name) == 0) {
			parser_error(p, p->p_line, "duplicate feed '%s' (first "
			    "defined on line %d)", name,
			    cf->cf_feeds[i].sc_line);
			return;
		}
	if (cf->cf_nfeeds >= CONFIG_MAX_SOURCES) {
		parser_error(p, p->p_line, "too many feeds");
		return;
	}
	cf->cf_feeds = xreallocarray(cf->cf_feeds, cf->cf_nfeeds + 1,
	    sizeof(*cf->cf_feeds));
	p->p_src = &cf->cf_feeds[cf->cf_nfeeds++];
	memset(p->p_src, 0, sizeof(*p->p_src));
	p->p_src->sc_name = xstrdup(name);
	p->p_src->sc_line = p->p_line;
	p->p_src->sc_is_feed = 1;
	p->p_in_section = 1;
}

/* Parses "[server]" or "[source NAME]"; LINE is trimmed and starts with '['. */
static void
config_section(struct parser *p, char *line)
{
	struct config	*cf = p->p_cf;
	char		*end, *name;
	void		*first;
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
	if (strncmp(line, "feed", 4) == 0 && (line[4] == ' ' ||
	    line[4] == '\t')) {
		config_feed_section(p, line + 4);
		return;
	}
	if (strncmp(line, "source", 6) != 0 || (line[6] != ' ' &&
	    line[6] != '\t')) {
		config_unknown_section(p, line);
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
	if (p->p_source_lines == NULL &&
	    (p->p_source_lines = xmlHashCreate(64)) == NULL)
		fatalx("xmlHashCreate");
	if ((first = xmlHashLookup(p->p_source_lines,
	    (const xmlChar *)name)) != NULL) {
		parser_error(p, p->p_line, "duplicate source '%s' (first "
		    "defined on line %d)", name, (int)(intptr_t)first);
		return;
	}
	if (cf->cf_nsources >= CONFIG_MAX_SOURCES) {
		parser_error(p, p->p_line, "too many sources");
		return;
	}
	if (xmlHashAddEntry(p->p_source_lines, (const xmlChar *)name,
	    (void *)(intptr_t)p->p_line) != 0)
		fatalx("xmlHashAddEntry");
	cf->cf_sources = xreallocarray(cf->cf_sources, cf->cf_nsources + 1,
	    sizeof(*cf->cf_sources));
	p->p_src = &cf->cf_sources[cf->cf_nsources++];
	memset(p->p_src, 0, sizeof(*p->p_src));
	p->p_src->sc_name = xstrdup(name);
	p->p_src->sc_line = p->p_line;
	key_defaults(p, KS_SOURCE, p->p_src, 0);
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
	else
		config_key(p, key, val);
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

/*
 * JSON items: fields read JSON under a JSON item, HTML under an HTML one;
 * where the JSON is needs items read from JSON; a body needs POST.
 */
static void
config_check_json(struct parser *p, const struct source_conf *sc)
{
	const struct selector	*item = &sc->sc_item;
	size_t			 f;

	for (f = 0; f < FIELD_COUNT; f++) {
		if (sc->sc_fields[f].sel_spec == NULL || item->sel_spec == NULL)
			continue;
		if ((item->sel_json != NULL) != (sc->sc_fields[f].sel_json !=
		    NULL))
			parser_error(p, sc->sc_line, "source '%s': %s = %s "
			    "with item = %s: both read JSON (json:PATH) or "
			    "both HTML", sc->sc_name, config_field_name(f),
			    sc->sc_fields[f].sel_spec, item->sel_spec);
	}
	if (sc->sc_json.sel_spec != NULL && item->sel_spec != NULL &&
	    item->sel_json == NULL)
		parser_error(p, sc->sc_line, "source '%s': json = %s needs "
		    "item = json:PATH, or no item (found automatically)",
		    sc->sc_name, sc->sc_json.sel_spec);
	if (sc->sc_body != NULL && sc->sc_method != METHOD_POST)
		parser_error(p, sc->sc_line, "source '%s': body needs "
		    "method = POST", sc->sc_name);
}

const char *const config_chromium_names[] = { "chromium", "chromium-browser",
    "google-chrome-stable", "google-chrome", NULL };

static int
config_executable(const char *path)
{
	struct stat	 st;

	return (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    access(path, X_OK) == 0);
}

char *
config_find_chromium(const char *path, char **cause)
{
	const char	*env = getenv("PATH"), *p, *end;
	const char	*const *name;
	char		*try;

	if (path != NULL) {
		if (config_executable(path))
			return (xstrdup(path));
		xasprintf(cause, "%s is no executable file", path);
		return (NULL);
	}
	if (env == NULL || *env == '\0')
		env = "/usr/local/bin:/usr/bin:/bin";
	for (name = config_chromium_names; *name != NULL; name++)
		for (p = env; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
			if ((end = strchr(p, ':')) == NULL)
				end = p + strlen(p);
			if (end == p || *p != '/')
				continue;	/* "" and relative: not here */
			xasprintf(&try, "%.*s/%s", (int)(end - p), p, *name);
			if (config_executable(try))
				return (try);
			free(try);
		}
	xasprintf(cause, "no chromium executable on $PATH (looked for "
	    "chromium, chromium-browser, google-chrome-stable and "
	    "google-chrome)");
	return (NULL);
}

/*
 * Rendering: a source that renders needs a browser, found now rather than
 * at its first poll; render_wait and follow_render need what they extend.
 */
static void
config_check_render(struct parser *p)
{
	struct config		*cf = p->p_cf;
	struct source_conf	*sc;
	const struct source_conf *first = NULL;
	size_t			 i;
	char			*cause = NULL;

	for (i = 0; i < cf->cf_nsources; i++) {
		sc = &cf->cf_sources[i];
		if (sc->sc_render_wait.sel_spec != NULL &&
		    sc->sc_render != RENDER_CHROMIUM)
			parser_error(p, sc->sc_line, "source '%s': render_wait "
			    "needs render = chromium", sc->sc_name);
		if (sc->sc_render == RENDER_CHROMIUM &&
		    sc->sc_method == METHOD_POST)
			parser_error(p, sc->sc_line, "source '%s': render = "
			    "chromium loads the page with GET; method = POST "
			    "needs render = no", sc->sc_name);
		if (sc->sc_render == RENDER_CHROMIUM && sc->sc_url != NULL &&
		    url_scheme_is(sc->sc_url, "file"))
			parser_error(p, sc->sc_line, "source '%s': render = "
			    "chromium needs an http(s) url, not a file",
			    sc->sc_name);
		/* The browser decodes the page; its DOM comes as UTF-8. */
		if (sc->sc_render == RENDER_CHROMIUM &&
		    sc->sc_encoding_override)
			parser_error(p, sc->sc_line, "source '%s': "
			    "encoding_override = yes has no effect with render "
			    "= chromium (the browser decodes the page)",
			    sc->sc_name);
		if (sc->sc_follow_render && !sc->sc_follow)
			parser_error(p, sc->sc_line, "source '%s': "
			    "follow_render needs follow = yes or follow = "
			    "article", sc->sc_name);
		if (first == NULL && (sc->sc_render == RENDER_CHROMIUM ||
		    sc->sc_follow_render))
			first = sc;
	}
	if (first == NULL && cf->cf_chromium == NULL)
		return;
	if ((cf->cf_chromium_path = config_find_chromium(cf->cf_chromium,
	    &cause)) != NULL)
		return;
	if (first != NULL)
		parser_error(p, first->sc_line, "source '%s': %s = %s but %s%s",
		    first->sc_name, first->sc_render == RENDER_CHROMIUM ?
		    "render" : "follow_render", first->sc_render ==
		    RENDER_CHROMIUM ? "chromium" : "yes", cause,
		    cf->cf_chromium == NULL ? " (the chromium key in [server] "
		    "names one; Debian's package is chromium)" : "");
	else
		parser_error(p, p->p_chromium_line, "chromium = %s: %s",
		    cf->cf_chromium, cause);
	free(cause);
}

/*
 * mode = changes watches a page's text: no item keys, no item pages; its
 * own keys need it.
 */
static void
config_check_changes(struct parser *p, const struct source_conf *sc)
{
	static const char *const own[] = { "watch", "ignore", "ignore_text",
	    "min_change", "versions" };
	size_t	 i;

	if (sc->sc_mode != MODE_CHANGES) {
		for (i = 0; i < NELEM(own); i++)
			if (key_given(sc, own[i]))
				parser_error(p, sc->sc_line, "source '%s': %s "
				    "needs mode = changes", sc->sc_name,
				    own[i]);
		return;
	}
	if (key_given(sc, "item") || key_given_prefix(sc, "item.") ||
	    key_given(sc, "json"))
		parser_error(p, sc->sc_line, "source '%s': mode = changes "
		    "watches the page's text: item keys have no meaning "
		    "there", sc->sc_name);
	if (sc->sc_follow)
		parser_error(p, sc->sc_line, "source '%s': mode = changes "
		    "has no items whose pages to follow", sc->sc_name);
}

/* Whether WORD names one of the feeds (not a source). */
static int
config_is_feed(const struct config *cf, const char *word)
{
	size_t	 i;

	for (i = 0; i < cf->cf_nfeeds; i++)
		if (strcmp(cf->cf_feeds[i].sc_name, word) == 0)
			return (1);
	return (0);
}

/* The sources FC's names and globs match, in the file's order, once each. */
static void
config_feed_members(struct parser *p, struct source_conf *fc)
{
	struct config	*cf = p->p_cf;
	char		*words, *w, *last = NULL;
	unsigned char	*in = xcalloc(cf->cf_nsources + 1, 1);
	size_t		 i, k;

	for (k = 0; k < fc->sc_nfeed_sources; k++) {
		words = xstrdup(fc->sc_feed_sources[k]);
		for (w = strtok_r(words, " \t", &last); w != NULL;
		    w = strtok_r(NULL, " \t", &last)) {
			if (config_is_feed(cf, w))
				parser_error(p, fc->sc_line, "feed '%s': '%s' "
				    "is a feed: a feed combines sources, not "
				    "feeds", fc->sc_name, w);
			for (i = 0; i < cf->cf_nsources; i++)
				if (fnmatch(w, cf->cf_sources[i].sc_name, 0) ==
				    0)
					in[i] = 1;
		}
		free(words);
	}
	fc->sc_members = xcalloc(cf->cf_nsources + 1, sizeof(size_t));
	for (i = 0; i < cf->cf_nsources; i++)
		if (in[i])
			fc->sc_members[fc->sc_nmembers++] = i;
	free(in);
}

/*
 * A [feed NAME] section: only its own keys, some sources, a name no
 * source has (both are served at /feeds/NAME).
 */
static void
config_finish_feed(struct parser *p, struct source_conf *fc)
{
	struct config	*cf = p->p_cf;
	size_t		 i;

	key_inherit(fc, cf);
	for (i = 0; i < NKEYS; i++)
		if (KEY_GIVEN(fc, i) && !strcase_in(keys[i].k_name, feed_keys))
			parser_error(p, fc->sc_line, "feed '%s': %s has no "
			    "meaning in a [feed NAME] section (sources, title, "
			    "max_items, filter.include, filter.exclude, "
			    "max_age)", fc->sc_name, keys[i].k_name);
	if (!key_given(fc, "sources"))
		parser_error(p, fc->sc_line, "feed '%s' has no sources",
		    fc->sc_name);
	for (i = 0; i < cf->cf_nsources; i++)
		if (strcmp(cf->cf_sources[i].sc_name, fc->sc_name) == 0)
			parser_error(p, fc->sc_line, "feed '%s': source '%s' "
			    "(line %d) has that name too: both would be "
			    "/feeds/%s", fc->sc_name, fc->sc_name,
			    cf->cf_sources[i].sc_line, fc->sc_name);
	config_feed_members(p, fc);
	fc->sc_filter = filter_new(fc->sc_include, fc->sc_ninclude,
	    fc->sc_exclude, fc->sc_nexclude, fc->sc_max_age);
}

/*
 * The hub's keys need websub = yes, and its leases an order: the one
 * given when none is asked for lies between the shortest and longest.
 */
static void
config_check_websub(struct parser *p)
{
	static const char *const own[] = { "websub_allow", "websub_lease",
	    "websub_lease_min", "websub_lease_max", "websub_retry",
	    "websub_max_subscribers", "websub_max_per_topic" };
	const struct config	*cf = p->p_cf;
	size_t			 i, k;
	int			 line;

	for (i = 0; i < NELEM(own); i++) {
		k = key_find(KS_SERVER, own[i]);
		if (!cf->cf_websub && k < NKEYS && p->p_server_line[k] != 0)
			parser_error(p, p->p_server_line[k],
			    "%s needs websub = yes",
			    own[i]);
	}
	if (cf->cf_websub_lease_min <= cf->cf_websub_lease &&
	    cf->cf_websub_lease <= cf->cf_websub_lease_max)
		return;
	for (i = 0, line = 0; i < 3 && line == 0; i++)
		line = p->p_server_line[key_find(KS_SERVER, own[i + 1])];
	parser_error(p, line, "websub leases: websub_lease_min (%ds) <= "
	    "websub_lease (%ds) <= websub_lease_max (%ds) does not hold",
	    cf->cf_websub_lease_min, cf->cf_websub_lease,
	    cf->cf_websub_lease_max);
}

/* Defaults and cross-key checks, once the whole file is read. */
static void
config_finish(struct parser *p)
{
	struct config		*cf = p->p_cf;
	struct source_conf	*sc;
	size_t			 i;
	int			 is_file;

	key_defaults(p, KS_SERVER, cf, 1);
	for (i = 0; i < cf->cf_nsources; i++) {
		sc = &cf->cf_sources[i];
		key_inherit(sc, cf);
		if (sc->sc_url == NULL && !key_given(sc, "url"))
			parser_error(p, sc->sc_line, "source '%s' has no url",
			    sc->sc_name);
		else if (sc->sc_url != NULL &&
		    config_url_scheme_ok(sc->sc_url, &is_file) &&
		    is_file && !cf->cf_allow_file_urls)
			parser_error(p, sc->sc_line, "source '%s': file:// URLs "
			    "need allow_file_urls = yes in [server]",
			    sc->sc_name);
		/*
		 * No item key: the items are found automatically, and any
		 * item.* given replaces that field in each found item.
		 */
		if (sc->sc_item.sel_spec != NULL && sc->sc_item.sel_json ==
		    NULL && !key_given(sc, "item.title") &&
		    !key_given(sc, "item.link"))
			parser_error(p, sc->sc_line, "source '%s' needs "
			    "item.title or item.link", sc->sc_name);
		config_check_json(p, sc);
		config_check_changes(p, sc);
		if (key_given(sc, "sources"))
			parser_error(p, sc->sc_line, "source '%s': sources "
			    "belongs in a [feed NAME] section", sc->sc_name);
		sc->sc_filter = filter_new(sc->sc_include, sc->sc_ninclude,
		    sc->sc_exclude, sc->sc_nexclude, sc->sc_max_age);
		if (sc->sc_encoding_override && sc->sc_encoding == NULL &&
		    !key_given(sc, "encoding"))
			parser_error(p, sc->sc_line, "source '%s': "
			    "encoding_override = yes needs encoding",
			    sc->sc_name);
		if (!sc->sc_follow && key_given_prefix(sc, "page."))
			parser_error(p, sc->sc_line, "source '%s': page.* "
			    "fields need follow = yes or follow = article",
			    sc->sc_name);
		/* Without item, detection reads its dates with them too. */
		if (sc->sc_ndate_formats > 0 && sc->sc_item.sel_spec != NULL &&
		    !key_given(sc, "item.date"))
			parser_error(p, sc->sc_line, "source '%s': date_format "
			    "without item.date", sc->sc_name);
	}
	config_check_render(p);
	config_check_websub(p);
	for (i = 0; i < cf->cf_nfeeds; i++)
		config_finish_feed(p, &cf->cf_feeds[i]);
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
	p.p_cf = cf;
	key_defaults(&p, KS_SERVER, cf, 0);
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
	xmlHashFree(p.p_source_lines, NULL);
	if (p.p_nerrors > 0) {
		*errors = p.p_errors;
		config_free(cf);
		return (NULL);
	}
	return (cf);
}

/* What one section's source_conf owns. */
static void
config_source_free(struct source_conf *sc)
{
	size_t	 j;

	free_all(sc->sc_name, sc->sc_url, sc->sc_title, sc->sc_language,
	    sc->sc_timezone, sc->sc_encoding, sc->sc_cookie, sc->sc_user_agent,
	    sc->sc_proxy, sc->sc_link_base, sc->sc_body, sc->sc_members);
	selector_free(&sc->sc_json);
	selector_free(&sc->sc_render_wait);
	strv_free(sc->sc_date_formats, sc->sc_ndate_formats);
	strv_free(sc->sc_headers, sc->sc_nheaders);
	strv_free(sc->sc_watch, sc->sc_nwatch);
	strv_free(sc->sc_ignore, sc->sc_nignore);
	strv_free(sc->sc_ignore_text, sc->sc_nignore_text);
	strv_free(sc->sc_include, sc->sc_ninclude);
	strv_free(sc->sc_exclude, sc->sc_nexclude);
	strv_free(sc->sc_feed_sources, sc->sc_nfeed_sources);
	filter_free(sc->sc_filter);
	tz_free(sc->sc_tz);
	selector_free(&sc->sc_item);
	for (j = 0; j < FIELD_COUNT; j++)
		selector_free(&sc->sc_fields[j]);
	for (j = 0; j < PAGE_COUNT; j++)
		selector_free(&sc->sc_page[j]);
}

void
config_free(struct config *cf)
{
	size_t	 i;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->cf_nsources; i++)
		config_source_free(&cf->cf_sources[i]);
	free(cf->cf_sources);
	for (i = 0; i < cf->cf_nfeeds; i++)
		config_source_free(&cf->cf_feeds[i]);
	free(cf->cf_feeds);
	strv_free(cf->cf_listen, cf->cf_nlisten);
	strv_free(cf->cf_websub_allow, cf->cf_nwebsub_allow);
	free_all(cf->cf_path, cf->cf_state_dir, cf->cf_base_url,
	    cf->cf_user_agent, cf->cf_export_dir, cf->cf_language,
	    cf->cf_chromium, cf->cf_chromium_path, cf->cf_store);
	selector_cache_free(cf->cf_selectors);
	free(cf);
}
