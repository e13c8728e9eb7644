/*
 * jsonitems.c: items from parsed JSON.  The configured json: paths are
 * used where given; the rest is guessed from the items' key names, the
 * way a person reading an API's answer would: a title-like key, a link-
 * or id-like key, a date, a summary.  Without item, every array of
 * objects is weighed by those guesses and the best one is the list.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "date.h"
#include "json.h"
#include "jsonitems.h"
#include "jsonpath.h"
#include "sanitize.h"
#include "text.h"
#include "url.h"
#include "util.h"

#define JI_SAMPLE	20	/* items whose keys are weighed */
#define JI_MAX_KEYS	128	/* key paths weighed in one list */
#define JI_MAX_ARRAYS	4096	/* arrays weighed in one document */
#define JI_MAX_PATH	512	/* characters of a list's path */
#define JI_ID		FIELD_COUNT	/* the id-like key, beside the fields */

/* The key names each field is guessed from, the likeliest first. */
static const char *const ji_names[FIELD_COUNT + 1][28] = {
	[FIELD_TITLE] = { "title", "headline", "name", "heading", "subject",
	    "label", "caption", "tagname", NULL },
	[FIELD_LINK] = { "htmlurl", "weburl", "htmllink", "weblink",
	    "permalink", "canonicalurl", "shareurl", "absoluteurl", "fullurl",
	    "url", "link", "href", "uri", "path", "fullslug", NULL },
	/* A UTC form before a local one; an update's date last. */
	[FIELD_DATE] = { "datepublished", "publishedat", "publishdate",
	    "publicationdate", "published", "pubdate", "firstpublishedat",
	    "releasedat", "releasedate", "postedat", "createdat", "createdutc",
	    "created", "date", "datetime", "time", "timestamp", "startdate",
	    "eventdate", "start", "updatedat", "modified", "updated",
	    "lastmodified", NULL },
	[FIELD_SUMMARY] = { "summary", "excerpt", "description", "abstract",
	    "teaser", "lead", "standfirst", "subtitle", "subheadline", "dek",
	    "snippet", "intro", "blurb", "text", NULL },
	[FIELD_CONTENT] = { "contenthtml", "bodyhtml", "content", "body",
	    "html", NULL },
	[FIELD_AUTHOR] = { "author", "authors", "authorname", "byline",
	    "creator", "by", "user", "owner", NULL },
	[FIELD_IMAGE] = { "image", "imageurl", "thumbnail", "thumbnailurl",
	    "thumb", "img", "cover", "coverimage", "featuredimage",
	    "heroimage", "picture", "photo", "mainimage", "leadimage",
	    "teaserimage", "ogimage", NULL },
	[FIELD_CATEGORY] = { "categories", "category", "tags", "tag",
	    "section", "topics", "topic", "keywords", "labels", NULL },
	[FIELD_GUID] = { NULL },
	[JI_ID] = { "id", "uuid", "guid", "slug", "key", "nid", "postid",
	    "articleid", "storyid", "objectid", NULL },
};

/*
 * Objects that wrap an item's fields (Reddit's data, JSON:API's
 * attributes, GraphQL's node, YouTube's snippet): their members are
 * weighed as the item's own.  Other objects are fields themselves (an
 * image's url is no item's link).
 */
static const char *const ji_wrappers[] = { "data", "attributes", "attrs",
    "node", "item", "post", "article", "story", "entry", "fields",
    "properties", "document", "doc", "_source", "source", "record",
    "meta", "metadata", "info", "details", "snippet", "start", NULL };

/*
 * An event's date is when it starts, whatever else its record has (its
 * creation, its last update): keys looked for first, and inside "start".
 */
static const char *const ji_start_names[] = { "startdate", "startdatetime",
    "startsat", "startat", "starttime", "eventdate", "start", NULL };
static const char *const ji_start_inner[] = { "datetime", "date", NULL };

/* With no title key, the text a record is: a tweet's, an event's. */
static const char *const ji_title_fallback[] = { "summary", "text",
    "message", "description", NULL };

/* One key path of the sampled items: "title", "data.title". */
struct ji_key {
	char		*k_spec;	/* relative json: path */
	char		 k_norm[32];	/* its last name, lower case, no _ or - */
	struct jsonpath	*k_path;
	int		 k_nested;
};

/* The paths of one list's fields: configured, or guessed and owned. */
struct ji_fields {
	const struct jsonpath	*f_path[FIELD_COUNT + 1];
	const char		*f_spec[FIELD_COUNT + 1];	/* guessed */
	struct ji_key		 f_keys[JI_MAX_KEYS];
	size_t			 f_nkeys;
	time_t			 f_now;
	const struct date_opts	*f_dopts;
};

static void
ji_fields_free(struct ji_fields *jf)
{
	size_t	 i;

	for (i = 0; i < jf->f_nkeys; i++) {
		free(jf->f_keys[i].k_spec);
		jsonpath_free(jf->f_keys[i].k_path);
	}
	jf->f_nkeys = 0;
}

/* NAME as a path step: bare when it can be, else ['...']. */
static void
ji_step(struct buf *b, const char *name, int first)
{
	const char	*p;
	int		 bare = name[0] != '\0' && !isdigit((unsigned char)name[0]);

	for (p = name; *p != '\0' && bare; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '$' &&
		    *p != '-')
			bare = 0;
	if (bare) {
		if (!first)
			buf_add(b, ".", 1);
		buf_addstr(b, name);
		return;
	}
	buf_addstr(b, "['");
	for (p = name; *p != '\0'; p++) {
		if (*p == '\'' || *p == '\\')
			buf_add(b, "\\", 1);
		buf_add(b, p, 1);
	}
	buf_addstr(b, "']");
}

static void
ji_key_add(struct ji_fields *jf, const char *parent, const char *name)
{
	struct ji_key	*k;
	struct buf	 b;
	size_t		 i, n = 0;
	const char	*p;

	if (jf->f_nkeys == JI_MAX_KEYS || strlen(name) > 64)
		return;
	buf_init(&b, 256);
	if (parent != NULL)
		ji_step(&b, parent, 1);
	ji_step(&b, name, parent == NULL);
	buf_add(&b, "", 1);
	for (i = 0; i < jf->f_nkeys; i++)
		if (strcmp(jf->f_keys[i].k_spec, b.b_data) == 0) {
			buf_free(&b);
			return;
		}
	k = &jf->f_keys[jf->f_nkeys];
	k->k_spec = buf_take(&b, NULL);
	if ((k->k_path = jsonpath_compile(k->k_spec, NULL)) == NULL) {
		free(k->k_spec);
		return;
	}
	for (p = name; *p != '\0' && n < sizeof(k->k_norm) - 1; p++)
		if (*p != '_' && *p != '-')
			k->k_norm[n++] = (char)tolower((unsigned char)*p);
	k->k_norm[n] = '\0';
	k->k_nested = parent != NULL;
	jf->f_nkeys++;
}

/* The key paths of the sampled objects, and one level inside them. */
static void
ji_keys(struct ji_fields *jf, const struct json *const *items, size_t n)
{
	const struct json	*m, *c;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (items[i]->j_type != JSON_OBJECT)
			continue;
		for (m = items[i]->j_child; m != NULL; m = m->j_next)
			ji_key_add(jf, NULL, m->j_key);
		for (m = items[i]->j_child; m != NULL; m = m->j_next)
			if (m->j_type == JSON_OBJECT &&
			    strcase_in(m->j_key, ji_wrappers))
				for (c = m->j_child; c != NULL; c = c->j_next)
					ji_key_add(jf, m->j_key, c->j_key);
	}
}

static int
ji_urlish(const char *s)
{
	return (strncmp(s, "http://", 7) == 0 ||
	    strncmp(s, "https://", 8) == 0 || (s[0] == '/' && s[1] != '/') ||
	    (s[0] == '/' && s[1] == '/' && isalnum((unsigned char)s[2])));
}

/* A number as a Unix time: seconds, or milliseconds; 0 when not one. */
static time_t
ji_epoch(double v)
{
	if (v > 1e11)
		v /= 1000;
	if (v < 1e8 || v > 4.1e9 || isnan(v))
		return (0);
	return ((time_t)v);
}

/* TEXT all digits, as a Unix time (10 or 13 digits), else 0. */
static time_t
ji_epoch_text(const char *s)
{
	size_t	 n = strspn(s, "0123456789");

	if (s[n] != '\0' || (n != 10 && n != 13))
		return (0);
	return (ji_epoch(strtod(s, NULL)));
}

/* Whether V would do as field F's value. */
static int
ji_value_fits(const struct ji_fields *jf, int f, const struct json *v)
{
	char	*t;
	size_t	 len;
	int	 ok;

	if (f == FIELD_DATE && v->j_type == JSON_NUMBER)
		return (ji_epoch(v->j_num) != 0);
	if ((f == FIELD_TITLE || f == JI_ID) && v->j_type != JSON_STRING &&
	    v->j_type != JSON_NUMBER && (f == JI_ID ||
	    v->j_type != JSON_OBJECT))
		return (0);
	if ((t = jsonpath_text(v)) == NULL)
		return (0);
	len = strlen(t);
	switch (f) {
	case FIELD_TITLE:
		ok = len > 1 && len <= 500 && !ji_urlish(t);
		break;
	case FIELD_LINK:
	case FIELD_IMAGE:
		ok = ji_urlish(t) && strchr(t, ' ') == NULL;
		break;
	case FIELD_DATE:
		ok = ji_epoch_text(t) != 0 || item_date(t, jf->f_dopts, NULL,
		    NULL, NULL) != 0;
		break;
	case JI_ID:
		ok = len > 0 && len <= 200;
		break;
	case FIELD_AUTHOR:
		/* A number there is a user's id, not a name. */
		ok = len > 0 && len <= 200 && t[strspn(t, "0123456789")] != 0;
		break;
	default:
		ok = len > 0 && t[strspn(t, "0123456789")] != 0;
		break;
	}
	free(t);
	return (ok);
}

/*
 * How many of the sampled items KEY gives field F a fitting value; in
 * *HAVE (unless NULL), how many have the key at all.
 */
static size_t
ji_coverage(const struct ji_fields *jf, int f, const struct ji_key *k,
    const struct json *const *items, size_t n, size_t *have)
{
	const struct json	*v;
	size_t			 i, got = 0;

	if (have != NULL)
		*have = 0;
	for (i = 0; i < n; i++) {
		if ((v = jsonpath_first(k->k_path, items[i])) == NULL)
			continue;
		if (have != NULL)
			(*have)++;
		if (ji_value_fits(jf, f, v))
			got++;
	}
	return (got);
}

/*
 * Whether KEY will do for field F: most items give it a fitting value;
 * or, for a title, most have it and some fill it (a CMS's post without a
 * title still has the key: the others borrow their summary).
 */
static int
ji_key_fits(const struct ji_fields *jf, int f, const struct ji_key *k,
    const struct json *const *items, size_t n)
{
	size_t	 need, got, have;

	need = f == FIELD_TITLE || f == FIELD_LINK || f == JI_ID ?
	    (n + 1) / 2 : (n + 2) / 3;
	got = ji_coverage(jf, f, k, items, n, &have);
	return (got >= need || (f == FIELD_TITLE && got > 0 && have >= need));
}

/* KEY's name is one of NAMES; INNER too: a member of such a key. */
static int
ji_key_named(const struct ji_key *k, const char *const *names,
    const char *const *inner)
{
	const char	*dot;
	char		 parent[32];
	size_t		 i, n;

	if (!k->k_nested)
		return (strcase_in(k->k_norm, names));
	if (inner == NULL || (dot = strchr(k->k_spec, '.')) == NULL ||
	    !strcase_in(k->k_norm, inner))
		return (0);
	for (i = n = 0; k->k_spec + i < dot && n < sizeof(parent) - 1; i++)
		if (k->k_spec[i] != '_' && k->k_spec[i] != '-')
			parent[n++] = (char)tolower((unsigned char)k->k_spec[i]);
	parent[n] = '\0';
	return (strcase_in(parent, names));
}

/* Field F's key: the first name of NAMES that most items fill. */
static int
ji_guess_from(struct ji_fields *jf, int f, const char *const *names,
    const struct json *const *items, size_t n)
{
	const char *const	*name;
	size_t			 i;
	int			 nested;

	for (name = names; *name != NULL; name++)
		for (nested = 0; nested < 2; nested++)
			for (i = 0; i < jf->f_nkeys; i++) {
				if (jf->f_keys[i].k_nested != nested ||
				    strcmp(jf->f_keys[i].k_norm, *name) != 0 ||
				    !ji_key_fits(jf, f, &jf->f_keys[i], items,
				    n))
					continue;
				jf->f_path[f] = jf->f_keys[i].k_path;
				jf->f_spec[f] = jf->f_keys[i].k_spec;
				return (1);
			}
	return (0);
}

/* An event's start: a start key, or a date inside "start". */
static int
ji_guess_start(struct ji_fields *jf, const struct json *const *items,
    size_t n)
{
	const char *const	*inner;
	size_t			 i;

	for (inner = ji_start_inner; *inner != NULL; inner++)
		for (i = 0; i < jf->f_nkeys; i++) {
			if (!ji_key_named(&jf->f_keys[i], ji_start_names,
			    jf->f_keys[i].k_nested ? inner : NULL) ||
			    !ji_key_fits(jf, FIELD_DATE, &jf->f_keys[i],
			    items, n))
				continue;
			jf->f_path[FIELD_DATE] = jf->f_keys[i].k_path;
			jf->f_spec[FIELD_DATE] = jf->f_keys[i].k_spec;
			return (1);
		}
	return (0);
}

/* Field F's key, by its names (an event's date by its start first). */
static void
ji_guess(struct ji_fields *jf, int f, const struct json *const *items,
    size_t n)
{
	if (f == FIELD_DATE && ji_guess_start(jf, items, n))
		return;
	if (ji_guess_from(jf, f, ji_names[f], items, n))
		return;
	/* No title key: the record's text is its title. */
	if (f == FIELD_TITLE)
		ji_guess_from(jf, f, ji_title_fallback, items, n);
}

/* The configured paths, and guesses for the fields without one. */
static void
ji_fields_init(struct ji_fields *jf, const struct source_conf *sc,
    const struct date_opts *dopts, const struct json *const *items,
    size_t n)
{
	size_t	 f, sample = n < JI_SAMPLE ? n : JI_SAMPLE;

	memset(jf, 0, sizeof(*jf));
	jf->f_dopts = dopts;
	ji_keys(jf, items, sample);
	for (f = 0; f <= JI_ID; f++) {
		if (f < FIELD_COUNT && sc != NULL &&
		    sc->sc_fields[f].sel_json != NULL)
			jf->f_path[f] = sc->sc_fields[f].sel_json;
		else if (f != FIELD_GUID)
			ji_guess(jf, (int)f, items, sample);
	}
	/* A text that became the title is not its summary too. */
	if (jf->f_path[FIELD_SUMMARY] == jf->f_path[FIELD_TITLE])
		jf->f_path[FIELD_SUMMARY] = NULL;
	/* One key is the summary or the content, not both. */
	if (jf->f_spec[FIELD_CONTENT] != NULL &&
	    jf->f_path[FIELD_CONTENT] == jf->f_path[FIELD_SUMMARY])
		jf->f_path[FIELD_CONTENT] = NULL;
	if (jf->f_path[JI_ID] == jf->f_path[FIELD_LINK])
		jf->f_path[JI_ID] = NULL;
}

/* How much a list looks like items: 0 unless it has titles and links or ids. */
static double
ji_list_score(const struct ji_fields *jf, size_t nobjects)
{
	double	 s;

	if (jf->f_path[FIELD_TITLE] == NULL || (jf->f_path[FIELD_LINK] ==
	    NULL && jf->f_path[JI_ID] == NULL))
		return (0);
	s = 1.0 + (jf->f_path[FIELD_LINK] != NULL ? 0.5 : 0) +
	    (jf->f_path[FIELD_DATE] != NULL ? 0.3 : 0) +
	    (jf->f_path[FIELD_SUMMARY] != NULL ? 0.2 : 0) +
	    (jf->f_path[FIELD_IMAGE] != NULL ? 0.1 : 0);
	return (s * (double)nobjects);
}

/* The list being looked for: the best array seen so far. */
struct ji_search {
	const struct date_opts	*s_dopts;
	const struct json	*s_best;
	double			 s_score;
	char			 s_path[JI_MAX_PATH];
	size_t			 s_arrays;
};

static size_t
ji_elements(const struct json *array, const struct json **out, size_t max,
    size_t *nobjects)
{
	const struct json	*c;
	size_t			 n = 0;

	*nobjects = 0;
	for (c = array->j_child; c != NULL && n < max; c = c->j_next) {
		out[n++] = c;
		if (c->j_type == JSON_OBJECT)
			(*nobjects)++;
	}
	return (n);
}

static void
ji_weigh(struct ji_search *s, const struct json *array, const char *path)
{
	const struct json	*items[JI_SAMPLE];
	struct ji_fields	 jf;
	const struct json	*c;
	size_t			 n, nobjects = 0, all = 0;
	double			 score;

	n = ji_elements(array, items, JI_SAMPLE, &nobjects);
	if (n < 2 || nobjects * 3 < n * 2)
		return;
	for (c = array->j_child; c != NULL; c = c->j_next)
		all += c->j_type == JSON_OBJECT;
	ji_fields_init(&jf, NULL, s->s_dopts, items, n);
	score = ji_list_score(&jf, all);
	ji_fields_free(&jf);
	if (score > s->s_score && strlen(path) < JI_MAX_PATH - 4) {
		s->s_score = score;
		s->s_best = array;
		snprintf(s->s_path, sizeof(s->s_path), "%s", path);
	}
}

/* Every array under V (whose path is in B) weighed, depth first. */
static void
ji_search_walk(struct ji_search *s, const struct json *v, struct buf *b)
{
	const struct json	*c;
	size_t			 at = b->b_len, i = 0;
	char			 idx[32];

	if (v->j_type == JSON_ARRAY && s->s_arrays++ < JI_MAX_ARRAYS) {
		buf_add(b, "", 1);
		ji_weigh(s, v, b->b_data);
		b->b_len = at;
	}
	for (c = v->j_child; c != NULL; c = c->j_next, i++) {
		if (c->j_type != JSON_ARRAY && c->j_type != JSON_OBJECT)
			continue;
		if (v->j_type == JSON_OBJECT)
			ji_step(b, c->j_key, 0);
		else {
			snprintf(idx, sizeof(idx), "[%zu]", i);
			buf_addstr(b, idx);
		}
		ji_search_walk(s, c, b);
		b->b_len = at;
	}
}

static void
ji_search(struct ji_search *s, const struct json *root,
    const struct date_opts *dopts)
{
	struct buf	 b;

	memset(s, 0, sizeof(*s));
	s->s_dopts = dopts;
	buf_init(&b, 64 * 1024);
	buf_addstr(&b, "$");
	ji_search_walk(s, root, &b);
	buf_free(&b);
}

/* The items PATH selects: one array selected stands for its elements. */
static size_t
ji_select(const struct jsonpath *path, const struct json *root,
    const struct json **out, size_t max)
{
	size_t	 n = jsonpath_eval(path, root, out, max), nobjects;

	if (n == 1 && out[0]->j_type == JSON_ARRAY)
		n = ji_elements(out[0], out, max, &nobjects);
	return (n);
}

double
jsonitems_score(const struct source_conf *sc, const struct json *root,
    const struct date_opts *dopts)
{
	struct ji_search	 s;
	const struct json	**v;
	size_t			 n;

	if (sc->sc_item.sel_json != NULL) {
		v = xcalloc(ITEM_MAX_ITEMS, sizeof(*v));
		n = ji_select(sc->sc_item.sel_json, root, v, ITEM_MAX_ITEMS);
		free(v);
		return ((double)n);
	}
	ji_search(&s, root, dopts);
	return (s.s_score);
}

/* The text field F of item V gives, or NULL. */
static char *
ji_text(const struct ji_fields *jf, int f, const struct json *v)
{
	return (jf->f_path[f] != NULL ?
	    jsonpath_text(jsonpath_first(jf->f_path[f], v)) : NULL);
}

/* Text that may hold markup or entities, as clean text. */
static char *
ji_plain(char *raw, size_t max)
{
	char	*text;

	if (raw != NULL && (sanitize_looks_html(raw) ||
	    strchr(raw, '&') != NULL)) {
		sanitize_html_string(raw, NULL, &text, NULL);
		free(raw);
		raw = text;
	}
	return (text_clean_take(raw, max));
}

/*
 * An item's link from the value RAW (taken): with link_base, "{}" in it
 * replaced by RAW, or RAW resolved against it; else against BASE.
 */
static char *
ji_link(char *raw, const char *link_base, const char *base)
{
	const char	*hole;
	char		*esc, *url, *link;

	if (raw == NULL)
		return (NULL);
	if (link_base == NULL || url_scheme_is(raw, "http") ||
	    url_scheme_is(raw, "https"))
		link = item_resolve_link(raw, link_base ? link_base : base);
	else if ((hole = strstr(link_base, "{}")) != NULL) {
		esc = text_uri_escape(raw);
		xasprintf(&url, "%.*s%s%s", (int)(hole - link_base),
		    link_base, esc, hole + 2);
		link = item_resolve_link(url, link_base);
		free_all(esc, url);
	} else
		link = item_resolve_link(raw, link_base);
	free(raw);
	return (link);
}

/* The item's date from its value: a Unix time, else a date's text. */
static void
ji_date(const struct ji_fields *jf, const struct json *v, struct item *it)
{
	const struct json	*d;
	time_t			 t = 0;

	if (jf->f_path[FIELD_DATE] == NULL ||
	    (d = jsonpath_first(jf->f_path[FIELD_DATE], v)) == NULL)
		return;
	it->it_date_text = text_clean_take(jsonpath_text(d),
	    ITEM_MAX_DATE_TEXT);
	if (it->it_date_text == NULL)
		return;
	if (d->j_type == JSON_NUMBER)
		t = ji_epoch(d->j_num);
	else
		t = ji_epoch_text(it->it_date_text);
	if (t == 0) {
		it->it_date = item_date_link(it->it_date_text, it->it_link,
		    jf->f_dopts, &it->it_date_future, &it->it_date_offset,
		    &it->it_date_only);
		return;
	}
	if (t > (jf->f_dopts->do_now ? jf->f_dopts->do_now : time(NULL)) +
	    ITEM_MAX_FUTURE)
		it->it_date_future = 1;
	else
		it->it_date = t;
}

/* Every value of the categories' path, arrays element by element. */
static char *
ji_categories(const struct ji_fields *jf, const struct json *v)
{
	const struct json	*vals[ITEM_MAX_CATEGORIES], *c;
	struct buf		 b;
	size_t			 i, n, count = 0;

	if (jf->f_path[FIELD_CATEGORY] == NULL)
		return (NULL);
	n = jsonpath_eval(jf->f_path[FIELD_CATEGORY], v, vals,
	    ITEM_MAX_CATEGORIES);
	buf_init(&b, ITEM_MAX_CATEGORIES * (ITEM_MAX_CATEGORY + 1) + 1);
	for (i = 0; i < n; i++) {
		if (vals[i]->j_type != JSON_ARRAY) {
			item_category_add(&b, &count, jsonpath_text(vals[i]));
			continue;
		}
		for (c = vals[i]->j_child; c != NULL; c = c->j_next)
			item_category_add(&b, &count, jsonpath_text(c));
	}
	if (b.b_len == 0) {
		buf_free(&b);
		return (NULL);
	}
	return (buf_take(&b, NULL));
}

static char *
ji_content(const struct ji_fields *jf, const struct json *v, const char *base)
{
	char	*raw = ji_text(jf, FIELD_CONTENT, v), *html = NULL, *text;

	if (raw == NULL)
		return (NULL);
	if (!sanitize_looks_html(raw)) {
		/* RAW is taken, also when no text is left (white space). */
		if ((text = text_clean_take(raw, SANITIZE_MAX_HTML / 8)) ==
		    NULL)
			return (NULL);
		html = text_html_escape_str(text);
		free(text);
		return (html);
	}
	sanitize_html_string(raw, base, NULL, &html);
	free(raw);
	return (html);
}

/* One item from V; returns 0, or -1 when it has nothing to show. */
/*
 * An item whose title key is empty (a release without a name): the text
 * of another of its own keys with a title's name, or NULL.
 */
static char *
ji_other_title(const struct ji_fields *jf, const struct json *v)
{
	const struct json	*m;
	char			 norm[32], *t;
	size_t			 n;
	const char		*p;

	if (v->j_type != JSON_OBJECT)
		return (NULL);
	for (m = v->j_child; m != NULL; m = m->j_next) {
		for (p = m->j_key, n = 0; p != NULL && *p != '\0' &&
		    n < sizeof(norm) - 1; p++)
			if (*p != '_' && *p != '-')
				norm[n++] = (char)tolower((unsigned char)*p);
		norm[n] = '\0';
		if (!strcase_in(norm, ji_names[FIELD_TITLE]) ||
		    !ji_value_fits(jf, FIELD_TITLE, m))
			continue;
		if ((t = ji_plain(jsonpath_text(m), ITEM_MAX_TITLE)) != NULL)
			return (t);
	}
	return (NULL);
}

static int
ji_item(const struct source_conf *sc, const struct ji_fields *jf,
    const struct json *v, const char *base, struct item *it)
{
	char	*id, *frag;

	memset(it, 0, sizeof(*it));
	it->it_title = ji_plain(ji_text(jf, FIELD_TITLE, v), ITEM_MAX_TITLE);
	if (it->it_title == NULL && sc->sc_fields[FIELD_TITLE].sel_spec ==
	    NULL)
		it->it_title = ji_other_title(jf, v);
	it->it_link = ji_link(ji_text(jf, FIELD_LINK, v), sc->sc_link_base,
	    base);
	id = text_clean_take(ji_text(jf, JI_ID, v), ITEM_MAX_LINK);
	if (it->it_link == NULL && id != NULL && sc->sc_link_base != NULL)
		it->it_link = ji_link(xstrdup(id), sc->sc_link_base, base);
	else if (it->it_link == NULL && id != NULL) {
		/* An id and no address: the page's, told apart by the id. */
		xasprintf(&frag, "#%s", id);
		it->it_link = ji_link(frag, NULL, base);
	}
	ji_date(jf, v, it);
	it->it_summary = ji_plain(ji_text(jf, FIELD_SUMMARY, v),
	    ITEM_MAX_SUMMARY);
	it->it_content = ji_content(jf, v, base);
	it->it_author = ji_plain(ji_text(jf, FIELD_AUTHOR, v),
	    ITEM_MAX_AUTHOR);
	it->it_image = ji_link(ji_text(jf, FIELD_IMAGE, v), NULL, base);
	it->it_categories = ji_categories(jf, v);
	it->it_guid_text = text_clean_take(ji_text(jf, FIELD_GUID, v),
	    ITEM_MAX_LINK);
	if (it->it_guid_text == NULL && id != NULL && sc->sc_fields[
	    FIELD_GUID].sel_spec == NULL)
		it->it_guid_text = xstrdup(id);
	free(id);
	return (item_titled(it));
}

/* The keys that reproduce a list found automatically, for preview. */
static void
ji_rules(const struct ji_fields *jf, const char *path,
    const struct jsonitems_from *from, struct extraction *ex)
{
	static const enum field	 rule_field[RULE_COUNT] = { FIELD_TITLE,
	    FIELD_TITLE, FIELD_LINK, FIELD_DATE, FIELD_SUMMARY };
	size_t			 r;

	if (path != NULL)
		xasprintf(&ex->ex_rules[RULE_ITEM], "%s%s[*]", SEL_JSON_PREFIX,
		    path);
	for (r = RULE_TITLE; r < RULE_COUNT; r++)
		if (jf->f_spec[rule_field[r]] != NULL)
			xasprintf(&ex->ex_rules[r], "%s%s", SEL_JSON_PREFIX,
			    jf->f_spec[rule_field[r]]);
	if (from->jf_json_rule != NULL)
		ex->ex_rules_json = xstrdup(from->jf_json_rule);
	if (jf->f_path[FIELD_LINK] == NULL && jf->f_spec[JI_ID] != NULL)
		xasprintf(&ex->ex_rules_note, "# The items have an id (%s) "
		    "but no address: their links are this page's with\n"
		    "# #ID.  Where the site shows each at an address made of "
		    "it, say so:\n# link_base = https://example.org/posts/{}"
		    "\n# item.link = %s%s\n", jf->f_spec[JI_ID],
		    SEL_JSON_PREFIX, jf->f_spec[JI_ID]);
}

size_t
jsonitems_read(const struct source_conf *sc, const struct json *root,
    const struct jsonitems_from *from, const struct date_opts *dopts,
    int rules, struct extraction *ex)
{
	struct ji_search	 s;
	struct ji_fields	 jf;
	const struct json	**v;
	size_t			 n, i, before = ex->ex_nitems;
	const char		*path = NULL;

	v = xcalloc(ITEM_MAX_ITEMS, sizeof(*v));
	if (sc->sc_item.sel_json != NULL)
		n = ji_select(sc->sc_item.sel_json, root, v, ITEM_MAX_ITEMS);
	else {
		ji_search(&s, root, dopts);
		n = s.s_best == NULL ? 0 :
		    ji_elements(s.s_best, v, ITEM_MAX_ITEMS, &i);
		path = s.s_path;
	}
	ji_fields_init(&jf, sc, dopts, v, n);
	ex->ex_items = xreallocarray(ex->ex_items, before + n + 1,
	    sizeof(struct item));
	for (i = 0; i < n; i++)
		if (ji_item(sc, &jf, v[i], from->jf_base,
		    &ex->ex_items[ex->ex_nitems]) == 0)
			ex->ex_nitems++;
	if (n > 0 && path != NULL)
		xasprintf(&ex->ex_how, "JSON list %s (%zu items)", path, n);
	if (rules && n > 0)
		ji_rules(&jf, path, from, ex);
	ji_fields_free(&jf);
	free(v);
	return (ex->ex_nitems - before);
}

int
jsonitems_is_json(const char *content_type, const char *body, size_t len)
{
	size_t	 n, i = 0;

	if (content_type != NULL) {
		n = strcspn(content_type, "; \t");
		if ((n == 16 && strncasecmp(content_type, "application/json",
		    16) == 0) || (n == 9 && strncasecmp(content_type,
		    "text/json", 9) == 0) || (n > 5 && strncasecmp(
		    content_type + n - 5, "+json", 5) == 0))
			return (1);
	}
	/* Otherwise by its first character, as a type that says nothing. */
	if (len >= 3 && memcmp(body, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && strchr(" \t\r\n", body[i]) != NULL)
		i++;
	return (i < len && (body[i] == '{' || body[i] == '['));
}

int
jsonitems_body(const struct source_conf *sc, const char *body, size_t len,
    const char *url, const struct date_opts *dopts, int rules,
    struct extraction *ex, char **cause)
{
	struct jsonitems_from	 from = { NULL, url };
	struct json		*root;
	const char		*title;
	char			*why = NULL;

	if (len >= 3 && memcmp(body, "\xef\xbb\xbf", 3) == 0) {
		body += 3;
		len -= 3;
	}
	if ((root = json_parse_len(body, len, (size_t)sc->sc_max_page_size,
	    JSONITEMS_MAX_NODES, &why)) == NULL) {
		xasprintf(cause, "not valid JSON: %s", why);
		free(why);
		return (-1);
	}
	if ((title = json_string(json_get(root, "title"))) != NULL)
		ex->ex_title = text_clean(title, ITEM_MAX_TITLE);
	jsonitems_read(sc, root, &from, dopts, rules, ex);
	if (ex->ex_nitems == 0 && ex->ex_why == NULL)
		ex->ex_why = xstrdup(sc->sc_item.sel_json != NULL ?
		    "the JSON path selected no items" : "no array of objects "
		    "with titles and links or ids in the JSON");
	json_free(root);
	return (0);
}
