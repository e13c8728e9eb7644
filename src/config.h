/* config.h: the parsed configuration, immutable once loaded. */
#ifndef PAGEFEED_CONFIG_H
#define PAGEFEED_CONFIG_H

#include <stddef.h>

#include "log.h"
#include "selector.h"

struct filter;
struct tz;

/* Item fields, evaluated relative to each item node (item.NAME keys). */
enum field {
	FIELD_TITLE = 0,
	FIELD_LINK,
	FIELD_DATE,
	FIELD_SUMMARY,
	FIELD_CONTENT,
	FIELD_AUTHOR,
	FIELD_IMAGE,
	FIELD_CATEGORY,
	FIELD_GUID,
	FIELD_COUNT
};

/* What follow fetches each new item's own page for. */
enum follow_mode {
	FOLLOW_NO = 0,
	FOLLOW_YES,		/* the page.* fields */
	FOLLOW_ARTICLE		/* its article, page.* fields over it */
};

/* The request a source's poll makes. */
enum fetch_method {
	METHOD_GET = 0,
	METHOD_POST
};

/* What a source's polls make items of. */
enum source_mode {
	MODE_ITEMS = 0,		/* the page's list of items */
	MODE_CHANGES		/* the page's text: an item per change */
};

/* How a source's pages are got. */
enum render_mode {
	RENDER_NO = 0,
	RENDER_CHROMIUM		/* headless Chromium: the DOM after scripts */
};

/* Fields of an item's own page, with follow (page.NAME keys). */
enum page_field {
	PAGE_TITLE = 0,
	PAGE_DATE,
	PAGE_CONTENT,
	PAGE_AUTHOR,
	PAGE_IMAGE,
	PAGE_COUNT
};

#define CONFIG_MAX_KEYS	128	/* rows of config.c's key table, at most */

struct source_conf {
	char		*sc_name;
	char		*sc_url;
	char		*sc_title;		/* NULL: use the page's <title> */
	char		*sc_language;		/* NULL: the page's, else [server] */
	int		 sc_interval;		/* seconds */
	int		 sc_max_items;
	struct selector	 sc_item;
	struct selector	 sc_fields[FIELD_COUNT];
	char		**sc_date_formats;
	size_t		 sc_ndate_formats;
	char		*sc_timezone;
	struct tz	*sc_tz;
	int		 sc_date_order;		/* enum date_order */
	char		*sc_encoding;		/* fallback charset, or NULL */
	int		 sc_encoding_override;	/* sc_encoding beats HTTP, meta */
	int		 sc_follow;		/* enum follow_mode */
	int		 sc_follow_concurrency;
	struct selector	 sc_page[PAGE_COUNT];
	/* JSON: the page's script holding it (json key), link resolution. */
	struct selector	 sc_json;		/* sel_js for "js:NAME" */
	char		*sc_link_base;		/* or NULL: the page's URL */
	/* Fetching (0 or NULL: the [server] default). */
	int		 sc_method;		/* enum fetch_method */
	char		*sc_body;		/* POST body, or NULL */
	char		**sc_headers;		/* "Name: value" */
	size_t		 sc_nheaders;
	char		*sc_cookie;
	char		*sc_user_agent;
	char		*sc_proxy;		/* "none": no proxy at all */
	int		 sc_timeout;		/* seconds */
	int		 sc_tls_verify;		/* 1 unless tls_verify = no */
	long		 sc_max_page_size;	/* bytes */
	/* Rendering: pages loaded by a browser, the DOM read. */
	int		 sc_render;		/* enum render_mode */
	struct selector	 sc_render_wait;	/* or none: network idle */
	int		 sc_follow_render;	/* item pages rendered too */
	long		 sc_render_memory;	/* bytes, a browser's processes */
	/* mode = changes: what is watched, what is noise, what is kept. */
	int		 sc_mode;		/* enum source_mode */
	char		**sc_watch;		/* selectors (CSS or xpath:) */
	size_t		 sc_nwatch;
	char		**sc_ignore;		/* selectors */
	size_t		 sc_nignore;
	char		**sc_ignore_text;	/* POSIX EREs, case-insensitive */
	size_t		 sc_nignore_text;
	int		 sc_min_change;		/* characters */
	int		 sc_versions;		/* texts kept */
	/* What the feed serves of the items (filter.h): rules, max_age. */
	char		**sc_include;		/* "FIELD REGEX" */
	size_t		 sc_ninclude;
	char		**sc_exclude;
	size_t		 sc_nexclude;
	int		 sc_max_age;		/* seconds; 0: no limit */
	struct filter	*sc_filter;		/* or NULL: every item */
	/* A [feed NAME] section: the sources it combines. */
	int		 sc_is_feed;
	char		**sc_feed_sources;	/* names or shell globs */
	size_t		 sc_nfeed_sources;
	size_t		*sc_members;		/* indices in cf_sources */
	size_t		 sc_nmembers;
	int		 sc_line;		/* of the [source] header */
	/* A bit per key set, even to a bad value: the rows of config.c. */
	unsigned char	 sc_keys_given[CONFIG_MAX_KEYS / 8];
};

struct config {
	char			*cf_path;
	char			**cf_listen;
	size_t			 cf_nlisten;
	char			*cf_state_dir;
	/* "sqlite", or the shared PostgreSQL store's connection string. */
	char			*cf_store;
	int			 cf_store_lease;	/* seconds */
	char			*cf_base_url;		/* ends in '/', or NULL: unset */
	int			 cf_interval;
	int			 cf_max_items;
	char			*cf_user_agent;
	int			 cf_allow_file_urls;
	enum log_level		 cf_log_level;
	int			 cf_host_concurrency;
	int			 cf_host_delay;		/* seconds */
	int			 cf_max_transfers;	/* all hosts together */
	int			 cf_max_backoff;	/* seconds */
	long			 cf_max_page_size;	/* bytes */
	int			 cf_timeout;		/* seconds */
	int			 cf_connect_timeout;	/* seconds */
	int			 cf_max_connections;
	long			 cf_cache_size;		/* bytes of rendered feeds */
	char			*cf_export_dir;		/* or NULL */
	char			*cf_language;		/* default feed language, or NULL */
	int			 cf_render_concurrency;	/* browsers at once */
	char			*cf_chromium;		/* as given, or NULL */
	/* WebSub hub (websub.c): off unless websub = yes. */
	int			 cf_websub;
	char			**cf_websub_allow;	/* words: HOST|IP|CIDR */
	size_t			 cf_nwebsub_allow;
	int			 cf_websub_lease;	/* seconds */
	int			 cf_websub_lease_min;
	int			 cf_websub_lease_max;
	int			 cf_websub_retry;	/* seconds */
	int			 cf_websub_max_subscribers;
	int			 cf_websub_max_per_topic;
	/* The Chromium found at load when a source renders, or NULL. */
	char			*cf_chromium_path;
	/* Compiled XPath shared by every selector with the same text. */
	struct selector_cache	*cf_selectors;
	struct source_conf	*cf_sources;
	size_t			 cf_nsources;
	/* [feed NAME] sections: title, max_items, filters and sources. */
	struct source_conf	*cf_feeds;
	size_t			 cf_nfeeds;
};

/*
 * Loads PATH.  Returns the config, or NULL with *errors set to every problem
 * found, one "FILE:LINE: message" per line (caller frees).
 */
struct config	*config_load(const char *path, char **errors);
/* The same for TEXT in memory; NAME stands for the file in messages. */
struct config	*config_load_text(const char *name, const char *text,
		    char **errors);
void		 config_free(struct config *);
/* 1 when the source's section set key NAME (not left it to its default). */
int		 config_source_key_given(const struct source_conf *,
		    const char *name);
const char	*config_field_name(enum field);
/* Parses "45s", "30m", "2h", "1d", "1h30m". Returns seconds or -1. */
long		 config_parse_duration(const char *);
/*
 * base_url as set, or derived from the first listen address; a "port 0"
 * listener takes BOUND, the port it got (0: not bound).  Caller frees.
 */
char		*config_base_url(const struct config *, int bound);
/* What config_find_chromium looks for on $PATH, in order; NULL-ended. */
extern const char *const config_chromium_names[];
/*
 * The browser to run: PATH when given (an executable file), else the first
 * of config_chromium_names on $PATH.  Returns it (caller frees), or NULL
 * with *cause set (caller frees).
 */
char		*config_find_chromium(const char *path, char **cause);
/* Splits "host:port" / "[v6]:port". Returns 0 or -1; *host, *port caller frees. */
int		 config_split_listen(const char *, char **host, char **port);

#endif
