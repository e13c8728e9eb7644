/*
 * config.c: the INI-style configuration file.  Every problem is collected as
 * "FILE:LINE: message" and all are reported together, so a sysadmin fixes a
 * file in one pass.  This file reads lines and sections; what each key is
 * lives in one table (config_keys.c), the whole file is checked by
 * config_check.c; selectors are compiled by selector.c, once.
 */
#include <ctype.h>
#include <search.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "config.h"
#include "config_int.h"
#include "filter.h"
#include "tz.h"
#include "util.h"

/* KEY = VAL in the section being read. */
static void
config_key(struct parser *p, const char *key, const char *val)
{
	int	 in_server = p->p_src == NULL;
	size_t	 i;

	if ((i = config_key_find(in_server ? KS_SERVER : KS_SOURCE, key)) ==
	    NKEYS) {
		config_unknown_key(p, key, in_server);
		return;
	}
	/* A bad value is reported once, not again as a missing key. */
	if (!in_server)
		p->p_src->sc_keys_given[i / 8] |= (unsigned char)(1U << i % 8);
	if (!config_keys[i].k_repeat) {
		if (p->p_seen[i] != 0) {
			config_error(p, p->p_line, "'%s' repeated (first set "
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
		config_key_set(p, &config_keys[i], KS_SERVER, p->p_cf, val);
	else
		config_key_set(p, &config_keys[i], KS_SOURCE, p->p_src, val);
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
		config_error(p, p->p_line, "unknown section '[%s]' (did you "
		    "mean '[server]'?)", line);
	else if (config_distance(word, "source") <= 2 && w > 2 &&
	    line[w] != '\0')
		config_error(p, p->p_line, "unknown section '[%s]' (did you "
		    "mean '[source%s]'?)", line, line + w);
	else
		config_error(p, p->p_line, "unknown section '[%s]' (expected "
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
		config_error(p, p->p_line, "feed name '%s' must be 1 to %d "
		    "characters of a-z, 0-9, '.', '_' and '-'", name,
		    CONFIG_MAX_NAME);
		return;
	}
	for (i = 0; i < cf->cf_nfeeds; i++)
		if (strcmp(cf->cf_feeds[i].sc_name, name) == 0) {
			config_error(p, p->p_line, "duplicate feed '%s' (first "
			    "defined on line %d)", name,
			    cf->cf_feeds[i].sc_line);
			return;
		}
	if (cf->cf_nfeeds >= CONFIG_MAX_SOURCES) {
		config_error(p, p->p_line, "too many feeds");
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

struct source_line {
	int	 sl_line;
	char	 sl_name[];
};

static int
source_line_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct source_line *)a)->sl_name,
	    ((const struct source_line *)b)->sl_name));
}

/*
 * The line where the source NAME was first defined, or 0 when it was not
 * (and this line is kept as its).  A tree, not libxml2's hash, whose 2.9
 * tables stop growing at 16,384 buckets: a million names made loading
 * quadratic (44 s).
 */
static int
config_source_line(struct parser *p, const char *name)
{
	struct source_line	*sl, **found;
	size_t			 len = strlen(name) + 1;

	sl = xmalloc(sizeof(*sl) + len);
	sl->sl_line = p->p_line;
	memcpy(sl->sl_name, name, len);
	if ((found = tsearch(sl, &p->p_source_lines, source_line_cmp)) == NULL)
		fatalx("tsearch");
	if (*found == sl)
		return (0);
	free(sl);
	return ((*found)->sl_line);
}

/* Parses "[server]" or "[source NAME]"; LINE is trimmed and starts with '['. */
static void
config_section(struct parser *p, char *line)
{
	struct config	*cf = p->p_cf;
	char		*end, *name;
	int		 first;
	size_t		 i;

	memset(p->p_seen, 0, sizeof(p->p_seen));
	p->p_src = NULL;
	/* Keys under a bad header are skipped, not reported once each. */
	p->p_in_section = -1;
	if ((end = strchr(line, ']')) == NULL) {
		config_error(p, p->p_line, "section header without ']'");
		return;
	}
	*end = '\0';
	end++;
	end += strspn(end, " \t");
	if (*end != '\0' && *end != '#' && *end != ';') {
		config_error(p, p->p_line, "text after section header");
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
		config_error(p, p->p_line, "source name '%s' must be 1 to %d "
		    "characters of a-z, 0-9, '.', '_' and '-'", name,
		    CONFIG_MAX_NAME);
		return;
	}
	if ((first = config_source_line(p, name)) > 0) {
		config_error(p, p->p_line, "duplicate source '%s' (first "
		    "defined on line %d)", name, first);
		return;
	}
	if (cf->cf_nsources >= CONFIG_MAX_SOURCES) {
		config_error(p, p->p_line, "too many sources");
		return;
	}
	/* Doubling: a million sections must not copy the array each. */
	if (cf->cf_nsources == p->p_sources_cap) {
		p->p_sources_cap = p->p_sources_cap ? 2 * p->p_sources_cap : 16;
		cf->cf_sources = xreallocarray(cf->cf_sources,
		    p->p_sources_cap, sizeof(*cf->cf_sources));
	}
	p->p_src = &cf->cf_sources[cf->cf_nsources++];
	memset(p->p_src, 0, sizeof(*p->p_src));
	p->p_src->sc_name = xstrdup(name);
	p->p_src->sc_line = p->p_line;
	config_key_defaults(p, KS_SOURCE, p->p_src, 0);
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
		config_error(p, p->p_line, "expected 'key = value'");
		return (-1);
	}
	*eq = '\0';
	for (len = strlen(line); len > 0 &&
	    isspace((unsigned char)line[len - 1]); len--)
		line[len - 1] = '\0';
	*key = line;
	if (**key == '\0') {
		config_error(p, p->p_line, "missing key before '='");
		return (-1);
	}
	v = eq + 1;
	v += strspn(v, " \t");
	if (*v == '"') {
		for (r = w = v + 1; *r != '"'; r++) {
			if (*r == '\0') {
				config_error(p, p->p_line, "unterminated "
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
			config_error(p, p->p_line, "text after quoted value");
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
		config_error(p, p->p_line, "'%s' has no value", *key);
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
			config_error(p, p->p_line, "control character 0x%02x",
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
		config_error(p, p->p_line, "'%s' outside a section (a [server] "
		    "or [source NAME] header must come first)", key);
	else
		config_key(p, key, val);
}

static struct config	*config_read(FILE *, const char *, char **);

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
	config_key_defaults(&p, KS_SERVER, cf, 0);
	while ((n = getline(&line, &cap, fp)) != -1) {
		p.p_line++;
		if ((size_t)n != strlen(line)) {
			config_error(&p, p.p_line, "NUL byte in line");
			continue;
		}
		if (n > CONFIG_MAX_LINE) {
			config_error(&p, p.p_line, "line longer than %d bytes",
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
		config_error(&p, 0, "read error: %s", strerror(errno));
	free(line);
	fclose(fp);
	config_finish(&p);
	tdestroy(p.p_source_lines, free);
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
