/*
 * config_keys.c: the table of keys (one row says what a key is, where it
 * goes, what it defaults to) and the setting of one key's value, each
 * message built from the key's row; errors are collected as FILE:LINE.
 */
#include <sys/stat.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
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

#include "addrpolicy.h"
#include "config.h"
#include "config_int.h"
#include "date.h"
#include "encoding.h"
#include "feed.h"
#include "filter.h"
#include "log.h"
#include "text.h"
#include "tz.h"
#include "url.h"
#include "util.h"

void
config_error(struct parser *p, int line, const char *fmt, ...)
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

const struct key_def config_keys[] = {
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

const size_t config_nkeys = NELEM(config_keys);

_Static_assert(NELEM(config_keys) <= CONFIG_MAX_KEYS,
    "sc_keys_given and p_seen hold a "
    "bit per key");
_Static_assert(sizeof(enum log_level) == sizeof(int), "log_level as int");

/* The row of KEY in SECTION, or NKEYS. */
size_t
config_key_find(int section, const char *key)
{
	size_t	 i;

	for (i = 0; i < NKEYS; i++)
		if ((config_keys[i].k_section & section) &&
		    strcmp(config_keys[i].k_name, key) == 0)
			return (i);
	return (NKEYS);
}

/* 1 when SC set the source key NAME, even to a bad value. */
int
config_key_given(const struct source_conf *sc, const char *name)
{
	size_t	 i = config_key_find(KS_SOURCE, name);

	return (i < NKEYS && KEY_GIVEN(sc, i));
}

int
config_source_key_given(const struct source_conf *sc, const char *name)
{
	return (config_key_given(sc, name));
}

/* 1 when SC set any source key starting with PREFIX ("page."). */
int
config_key_given_prefix(const struct source_conf *sc, const char *prefix)
{
	const struct key_def	*k;
	size_t			 i;

	for (i = 0; i < NKEYS; i++) {
		k = &config_keys[i];
		if ((k->k_section & KS_SOURCE) &&
		    strncmp(k->k_name, prefix, strlen(prefix)) == 0 &&
		    KEY_GIVEN(sc, i))
			return (1);
	}
	return (0);
}

/* The key whose selector is at offset OFF of a source, from the table. */
static const char *
config_selector_key(size_t off)
{
	const struct key_def	*k;
	size_t			 i;

	for (i = 0; i < NKEYS; i++) {
		k = &config_keys[i];
		if (k->k_section == KS_SOURCE && k->k_type == KT_SELECTOR &&
		    k->k_off == off)
			return (k->k_name);
	}
	return ("?");
}

const char *
config_field_name(enum field f)
{
	return (config_selector_key(SC(sc_fields) +
	    (size_t)f * sizeof(struct selector)));
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
		config_error(p, p->p_line, "url: cannot resolve the directory "
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
void
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
	if (config_key_find(in_server ? KS_SOURCE : KS_SERVER, key) != NKEYS) {
		config_error(p, p->p_line, "unknown key '%s' in %s "
		    "('%s' belongs in %s)", key, where, key,
		    in_server ? "a [source NAME] section" :
		    "the [server] section");
		return;
	}
	for (i = 0; i < NKEYS; i++) {
		if (!(config_keys[i].k_section & here))
			continue;
		if ((d = config_distance(key, config_keys[i].k_name)) < bestd) {
			bestd = d;
			best = config_keys[i].k_name;
		}
	}
	if (best != NULL && bestd <= max && bestd < strlen(best))
		config_error(p, p->p_line, "unknown key '%s' in %s (did you "
		    "mean '%s'?)", key, where, best);
	else
		config_error(p, p->p_line, "unknown key '%s' in %s", key,
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
		config_error(p, p->p_line, "listen: port %s in '%s' is out of "
		    "range (1 to 65535, or 0 for any free port)", c + 1, val);
	else
		config_error(p, p->p_line, "listen: '%s' is not ADDRESS:PORT "
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
			config_error(p, p->p_line, "base_url: '%s' has no "
			    "scheme: did you mean http:%s?", val, val);
		else if (!config_url_has_scheme(val) &&
		    strchr(val, '/') != val && strstr(val, "://") == NULL)
			config_error(p, p->p_line, "base_url: '%s' has no "
			    "scheme: did you mean http://%s?", val, val);
		else
			config_error(p, p->p_line, "base_url must start with "
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
			config_error(p, p->p_line, "url: '%s' has no scheme: "
			    "did you mean http:%s?", val, val);
		else if (val[0] == '/')
			config_error(p, p->p_line, "url: '%s' has no scheme: "
			    "did you mean file:%s?%s", val, val,
			    p->p_cf->cf_allow_file_urls ? "" :
			    " (file: URLs also need allow_file_urls = yes in "
			    "[server])");
		else if (!config_url_has_scheme(val))
			config_error(p, p->p_line, "url: '%s' has no scheme: "
			    "did you mean http://%s?", val, val);
		else
			config_error(p, p->p_line, "url: '%s' is not an "
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
			config_error(p, p->p_line, "timezone: %s (did you mean "
			    "'%s'?)", cause, near);
		else
			config_error(p, p->p_line, "timezone: %s", cause);
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
		config_error(p, p->p_line, "%s: too many %s (at most %d)",
		    k->k_name, k->k_many, CONFIG_MAX_REPEAT);
		free(s);
		return (-1);
	}
	*list = xreallocarray(*list, *n + 1, sizeof(char *));
	(*list)[(*n)++] = s;
	return (0);
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
			config_error(p, p->p_line, "%s: '%s' is not %s",
			    k->k_name, val, nk->nk_like);
		else
			config_error(p, p->p_line, "%s: '%s' is not a number "
			    "from %lld to %lld", k->k_name, val, k->k_min,
			    k->k_max);
		return (-1);
	}
	if (*out >= k->k_min && *out <= k->k_max)
		return (0);
	low = *out < k->k_min;
	nk->nk_fmt(lim, sizeof(lim), low ? k->k_min : k->k_max);
	config_error(p, p->p_line, "%s: '%s' is %s than the %s allowed, %s",
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
		config_error(p, p->p_line, "%s: '%s': a JSON path reads items, "
		    "not %s (write a CSS selector or xpath:)", k->k_name, val,
		    k->k_sel & SEL_JS ? "where the JSON is" : "an HTML page");
		return (-1);
	}
	if (strncmp(val, SEL_JS_PREFIX, strlen(SEL_JS_PREFIX)) == 0 &&
	    (!(k->k_sel & SEL_JS) ||
	    !config_js_name(val + strlen(SEL_JS_PREFIX)))) {
		config_error(p, p->p_line, "%s: '%s' is not %s", k->k_name,
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
int
config_key_set(struct parser *p, const struct key_def *k, int section,
    void *basep, const char *val)
{
	char		*base = basep, *field = base + key_place(k, section);
	char		*s, *cause = NULL;
	long long	 num;
	int		 n;

	switch (k->k_type) {
	case KT_BOOL:
		if (config_parse_bool(val, (int *)field) == 0)
			return (0);
		config_error(p, p->p_line, "%s: '%s' is not yes or no",
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
		config_error(p, p->p_line, "%s: bad selector '%s': %s",
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
	config_error(p, p->p_line, "%s: '%s' is not %s", k->k_name, val,
	    k->k_what);
	return (-1);
}

/*
 * The defaults of SECTION's keys into BASE.  Repeatable ones (listen) only
 * when the file gave none, so they are set at the end (LATE).
 */
void
config_key_defaults(struct parser *p, int section, void *basep, int late)
{
	char		*base = basep;
	const struct key_def *k;
	size_t		 i;

	for (i = 0; i < NKEYS; i++) {
		k = &config_keys[i];
		/* A KS_BOTH key's default is the [server] one. */
		if (!(k->k_section & section) || (section == KS_SOURCE &&
		    k->k_section == KS_BOTH) || k->k_default == NULL ||
		    k->k_repeat != late)
			continue;
		if (late && *(size_t *)(base + k->k_noff) != 0)
			continue;
		config_key_set(p, k, section, base, k->k_default);
	}
}

/* What a source without its own value takes from [server]. */
void
config_key_inherit(struct source_conf *sc, const struct config *cf)
{
	const struct key_def *k;
	size_t		 i;

	for (i = 0; i < NKEYS; i++) {
		k = &config_keys[i];
		if (!k->k_inherit || KEY_GIVEN(sc, i))
			continue;
		memcpy((char *)sc + k->k_sc_off, (const char *)cf + k->k_off,
		    k->k_type == KT_SIZE ? sizeof(long) : sizeof(int));
	}
}
