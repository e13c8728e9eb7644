/*
 * config_int.h: what the files of the config module share and nothing
 * else includes.  config.c reads the file line by line and section by
 * section; config_check.c checks the whole file once it is read;
 * config_keys.c holds the table of keys and sets one key's value (every
 * message built from its row); config_value.c reads and says durations,
 * sizes, numbers and addresses.  Each calls only the ones after it in
 * this list.
 */
#ifndef PAGEFEED_CONFIG_INT_H
#define PAGEFEED_CONFIG_INT_H

#include <stddef.h>

/* After config.h, whose CONFIG_MAX_KEYS and structs this uses. */

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
	/* Line where each key (row of config_keys[]) was set: no repeats. */
	int			 p_seen[CONFIG_MAX_KEYS];
	int			 p_chromium_line;	/* of [server]'s chromium */
	/* Line where each [server] key was first set: for later checks. */
	int			 p_server_line[CONFIG_MAX_KEYS];
	/* Each [source] header's line by name (a tsearch tree). */
	void			*p_source_lines;
	size_t			 p_sources_cap;	/* cf_sources allocated */
};

/*
 * The keys, in the style of tmux's options-table.c: one row says what a key
 * is, where it goes and what it defaults to, and config_key_set builds every
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

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define KEY_GIVEN(sc, i)	(((sc)->sc_keys_given[(i) / 8] >> (i) % 8) & 1)
#define NKEYS	config_nkeys

extern const struct key_def	config_keys[];
extern const size_t		config_nkeys;

/* config_keys.c */
/* A problem at LINE of P's file (0: of the whole file), collected. */
void	 config_error(struct parser *, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The row of KEY in SECTION (KS_*), or NKEYS. */
size_t	 config_key_find(int section, const char *key);
/* 1 when SC set the source key NAME, even to a bad value. */
int	 config_key_given(const struct source_conf *, const char *name);
/* 1 when SC set a key whose name starts with PREFIX. */
int	 config_key_given_prefix(const struct source_conf *,
	    const char *prefix);
/* VAL into K's place in BASEP (a struct config or source_conf). */
int	 config_key_set(struct parser *, const struct key_def *, int section,
	    void *basep, const char *val);
/* The defaults of SECTION's keys; the repeatable ones only when LATE. */
void	 config_key_defaults(struct parser *, int section, void *basep,
	    int late);
/* What SC did not set itself, from [server]. */
void	 config_key_inherit(struct source_conf *, const struct config *);
/* KEY is no key of its section: said with the nearest one. */
void	 config_unknown_key(struct parser *, const char *key, int in_server);

/* config_check.c */
/* The checks of the whole file, once every line is read. */
void	 config_finish(struct parser *);

/* config_value.c: -1 when the text is no such value. */
int	 config_duration(const char *, long long *);
int	 config_size(const char *, long long *);
int	 config_int(const char *, long long *);
int	 config_parse_bool(const char *, int *);
void	 config_fmt_duration(char *, size_t, long long);
void	 config_fmt_size(char *, size_t, long long);
void	 config_fmt_int(char *, size_t, long long);
int	 config_url_scheme_ok(const char *url, int *is_file);
int	 config_url_has_scheme(const char *url);
int	 config_header_ok(const char *);
/* An edit distance, for "did you mean". */
size_t	 config_distance(const char *, const char *);

#endif
