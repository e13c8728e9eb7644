/*
 * preview.c: `pagefeed preview`.  The way to find selectors: fetch a page
 * once through the daemon's own fetcher and extractor, and print each item
 * with each field, the rule that produced it, and warnings for what
 * matched nothing.  Nothing is stored.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "browser.h"
#include "buf.h"
#include "config.h"
#include "date.h"
#include "extract.h"
#include "input.h"
#include "feed.h"
#include "fetch.h"
#include "log.h"
#include "source.h"
#include "preview.h"
#include "preview_article.h"
#include "render.h"
#include "store.h"
#include "text.h"
#include "util.h"

enum preview_format { FMT_TABLE, FMT_JSON, FMT_ATOM, FMT_RSS };

struct preview {
	const struct config		*pv_cf;
	const struct source_conf	*pv_sc;
	enum preview_format		 pv_format;
	struct event_base		*pv_base;
	int				 pv_status;	/* exit status */
	const char			*pv_url;	/* as given */
	int				 pv_article;	/* --article */
};

/* What the rules detection used, as a [source] section, and a check. */
struct preview_section {
	char	*ps_text;	/* the section, ready to paste */
	char	*ps_keys[RULE_COUNT + FIELD_COUNT];	/* by key, or NULL */
	char	*ps_check;	/* what loading it back gave */
	int	 ps_same;	/* 1: the same items */
};

/* Command-line option → config key, for the URL form. */
static const struct {
	const char	*opt;
	const char	*key;
} preview_keys[] = {
	{ "item",		"item" },
	{ "title",		"item.title" },
	{ "link",		"item.link" },
	{ "date",		"item.date" },
	{ "summary",		"item.summary" },
	{ "content",		"item.content" },
	{ "author",		"item.author" },
	{ "image",		"item.image" },
	{ "category",		"item.category" },
	{ "guid",		"item.guid" },
	{ "date-format",	"date_format" },
	{ "timezone",		"timezone" },
	{ "date-order",		"date_order" },
	{ "encoding",		"encoding" },
	{ "json",		"json" },
	{ "link-base",		"link_base" },
	{ "method",		"method" },
	{ "body",		"body" },
	{ "header",		"header" },
	{ "render",		"render" },
	{ "render-wait",	"render_wait" },
};
#define NKEYS	(sizeof(preview_keys) / sizeof(preview_keys[0]))

static void
preview_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: pagefeed preview URL [--item SEL] [--title SEL] "
	    "[--link SEL]\n"
	    "           [--date SEL] [--summary SEL] [--content SEL] "
	    "[--author SEL]\n"
	    "           [--image SEL] [--category SEL] [--guid SEL]\n"
	    "           [--date-format FMT]... [--timezone ZONE] "
	    "[--date-order dmy|mdy|ymd]\n"
	    "           [--encoding NAME [--encoding-override]]\n"
	    "           [--json SEL|js:NAME] [--link-base URL] "
	    "[--method GET|POST]\n"
	    "           [--body TEXT] [--header 'Name: value']...\n"
	    "           [--render chromium [--render-wait SEL]]\n"
	    "           [--format table|json|atom|rss]\n"
	    "       pagefeed preview -c FILE SOURCE "
	    "[--format table|json|atom|rss]\n"
	    "       pagefeed preview --article URL [--timezone ZONE] "
	    "[--format table|json]\n"
	    "       pagefeed preview -c FILE SOURCE --article "
	    "[--format table|json]\n"
	    "\n"
	    "Fetches the page once and prints what pagefeed would extract.\n"
	    "Selectors are CSS, or xpath:EXPR; a field selector may end in "
	    "' @attr'.\n"
	    "JSON (an API's answer, or a page's script) is read with "
	    "json:PATH selectors.\n"
	    "Without --item, the items are found automatically and the "
	    "[source] section\n"
	    "that keeps them is printed; field options then replace the "
	    "fields found.\n"
	    "With --article, the page's article (its first item's, with -c) "
	    "is shown as\n"
	    "follow = article reads it.\n");
}

/*
 * Appends KEY = VALUE, VALUE double-quoted (with \" and \\) where the
 * config syntax needs it: a '#' or ';' after white space would start a
 * comment, a leading quote or white space at either end would be lost.
 */
static void
preview_key(struct buf *b, const char *key, const char *val)
{
	const char	*p;
	size_t		 len = strlen(val);
	int		 quote = len == 0 || val[0] == '"' ||
	    isspace((unsigned char)val[0]) ||
	    isspace((unsigned char)val[len - 1]);

	for (p = val; *p != '\0' && !quote; p++)
		if ((*p == '#' || *p == ';') && p > val &&
		    (p[-1] == ' ' || p[-1] == '\t'))
			quote = 1;
	if (!quote) {
		buf_printf(b, "%s = %s\n", key, val);
		return;
	}
	buf_printf(b, "%s = \"", key);
	for (p = val; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_add(b, "\\", 1);
		buf_add(b, p, 1);
	}
	buf_addstr(b, "\"\n");
}

/* Why the page was read in its encoding, as a phrase after "because". */
static const char *
preview_encoding_why(const struct extraction *ex)
{
	const char	*how = ex->ex_encoding_how;

	if (how == NULL)
		return (NULL);
	if (strcmp(how, "bom") == 0)
		return ("the page starts with a byte order mark");
	if (strcmp(how, "http") == 0)
		return ("the HTTP Content-Type header declares it");
	if (strcmp(how, "meta") == 0)
		return ("a <meta> charset in the page declares it");
	if (strcmp(how, "meta-utf8") == 0)
		return ("the bytes are valid UTF-8 beyond ASCII, whatever the "
		    "page's <meta> charset says (set encoding and "
		    "encoding_override = yes if the text looks garbled)");
	if (strcmp(how, "fallback") == 0)
		return ("the source's encoding key says so (nothing was "
		    "declared)");
	if (strcmp(how, "override") == 0)
		return ("the source's encoding key says so (encoding_override "
		    "= yes)");
	if (ex->ex_encoding != NULL && strcmp(ex->ex_encoding, "UTF-8") == 0)
		return ("nothing was declared and the bytes are valid UTF-8 "
		    "(sniffed; set encoding if the text looks garbled)");
	return ("nothing was declared and the bytes are not UTF-8 (sniffed; "
	    "set encoding if the text looks garbled)");
}

static void
preview_section_free(struct preview_section *ps)
{
	size_t	 i;

	free(ps->ps_text);
	for (i = 0; i < RULE_COUNT + FIELD_COUNT; i++)
		free(ps->ps_keys[i]);
	free(ps->ps_check);
	memset(ps, 0, sizeof(*ps));
}

/* Index into ps_keys: item first, then the fields. */
#define PS_ITEM		0
#define PS_FIELD(f)	(1 + (int)(f))

/*
 * The [source] section that reproduces automatic detection: the rules it
 * reported, with the source's own item.* fields in their place.
 */
static void
preview_section_build(const struct preview *pv, const struct extraction *ex,
    struct preview_section *ps)
{
	static const enum field	 rule_field[RULE_COUNT] = { FIELD_TITLE,
	    FIELD_TITLE, FIELD_LINK, FIELD_DATE, FIELD_SUMMARY };
	static const char	*orders[] = { "dmy", "mdy", "ymd" };
	const struct source_conf *sc = pv->pv_sc;
	struct buf		 b;
	size_t			 f, r, i;

	memset(ps, 0, sizeof(*ps));
	if (ex->ex_rules[RULE_ITEM] != NULL)
		ps->ps_keys[PS_ITEM] = xstrdup(ex->ex_rules[RULE_ITEM]);
	for (f = 0; f < FIELD_COUNT; f++)
		if (sc->sc_fields[f].sel_spec != NULL)
			ps->ps_keys[PS_FIELD(f)] =
			    xstrdup(sc->sc_fields[f].sel_spec);
	for (r = RULE_TITLE; r < RULE_COUNT; r++)
		if (ex->ex_rules[r] != NULL &&
		    ps->ps_keys[PS_FIELD(rule_field[r])] == NULL)
			ps->ps_keys[PS_FIELD(rule_field[r])] =
			    xstrdup(ex->ex_rules[r]);
	/* Without item, fields alone would replace detection's: keep none. */
	if (ps->ps_keys[PS_ITEM] == NULL)
		for (f = 0; f < FIELD_COUNT; f++)
			if (sc->sc_fields[f].sel_spec == NULL) {
				free(ps->ps_keys[PS_FIELD(f)]);
				ps->ps_keys[PS_FIELD(f)] = NULL;
			}
	buf_init(&b, 1024 * 1024);
	buf_printf(&b, "[source %s]\n", sc->sc_name);
	preview_key(&b, "url", sc->sc_url);
	if (sc->sc_method == METHOD_POST)
		preview_key(&b, "method", "POST");
	if (sc->sc_body != NULL)
		preview_key(&b, "body", sc->sc_body);
	for (i = 0; i < sc->sc_nheaders; i++)
		preview_key(&b, "header", sc->sc_headers[i]);
	if (ex->ex_rules_json != NULL || sc->sc_json.sel_spec != NULL)
		preview_key(&b, "json", sc->sc_json.sel_spec != NULL ?
		    sc->sc_json.sel_spec : ex->ex_rules_json);
	if (sc->sc_link_base != NULL)
		preview_key(&b, "link_base", sc->sc_link_base);
	if (sc->sc_render == RENDER_CHROMIUM)
		preview_key(&b, "render", "chromium");
	if (sc->sc_render_wait.sel_spec != NULL)
		preview_key(&b, "render_wait", sc->sc_render_wait.sel_spec);
	if (ps->ps_keys[PS_ITEM] != NULL)
		preview_key(&b, "item", ps->ps_keys[PS_ITEM]);
	for (f = 0; f < FIELD_COUNT; f++)
		if (ps->ps_keys[PS_FIELD(f)] != NULL)
			preview_key(&b, config_field_name(f),
			    ps->ps_keys[PS_FIELD(f)]);
	for (f = 0; f < sc->sc_ndate_formats; f++) {
		if (ps->ps_keys[PS_FIELD(FIELD_DATE)] == NULL)
			buf_addstr(&b, "# (date_format needs item.date) ");
		preview_key(&b, "date_format", sc->sc_date_formats[f]);
	}
	if (sc->sc_timezone != NULL)
		preview_key(&b, "timezone", sc->sc_timezone);
	if (sc->sc_date_order > 0 && sc->sc_date_order < 3)
		preview_key(&b, "date_order", orders[sc->sc_date_order]);
	if (sc->sc_encoding != NULL)
		preview_key(&b, "encoding", sc->sc_encoding);
	if (sc->sc_encoding_override)
		preview_key(&b, "encoding_override", "yes");
	if (ex->ex_rules_note != NULL && sc->sc_link_base == NULL)
		buf_addstr(&b, ex->ex_rules_note);
	ps->ps_text = buf_take(&b, NULL);
}

static int
preview_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

/* Loads the section back and extracts the same bytes: the same items? */
static void
preview_section_check(const struct fetch_result *res, const struct extraction *ex,
    struct preview_section *ps)
{
	struct config	*cf;
	struct extraction	 pg2;
	char		*text, *errors = NULL, *cause = NULL;
	size_t		 i;

	xasprintf(&text, "[server]\nallow_file_urls = yes\n%s", ps->ps_text);
	cf = config_load_text("(section)", text, &errors);
	free(text);
	if (cf == NULL) {
		errors[strcspn(errors, "\n")] = '\0';
		xasprintf(&ps->ps_check, "the section does not load: %s",
		    errors);
		free(errors);
		return;
	}
	if (input_page(&cf->cf_sources[0], res->res_body, res->res_len,
	    res->res_url, res->res_content_type, time(NULL), &pg2,
	    &cause) == -1) {
		xasprintf(&ps->ps_check, "with the section: %s", cause);
		free(cause);
		config_free(cf);
		return;
	}
	for (i = 0; i < ex->ex_nitems && i < pg2.ex_nitems; i++) {
		const struct item *a = &ex->ex_items[i], *b = &pg2.ex_items[i];

		if (!preview_streq(a->it_title, b->it_title))
			xasprintf(&ps->ps_check, "item %zu differs: title "
			    "\"%.80s\" instead of \"%.80s\"", i + 1,
			    b->it_title, a->it_title);
		else if (!preview_streq(a->it_link, b->it_link))
			xasprintf(&ps->ps_check, "item %zu differs: link %.200s "
			    "instead of %.200s", i + 1, b->it_link ? b->it_link :
			    "(none)", a->it_link ? a->it_link : "(none)");
		else if (a->it_date != b->it_date)
			xasprintf(&ps->ps_check, "item %zu differs: its date",
			    i + 1);
		else if (!preview_streq(a->it_summary, b->it_summary))
			xasprintf(&ps->ps_check, "item %zu differs: its "
			    "summary", i + 1);
		else
			continue;
		break;
	}
	if (ps->ps_check == NULL && pg2.ex_nitems != ex->ex_nitems)
		xasprintf(&ps->ps_check, "it gives %zu items, not %zu",
		    pg2.ex_nitems, ex->ex_nitems);
	if (ps->ps_check == NULL) {
		ps->ps_same = 1;
		xasprintf(&ps->ps_check, "it gives the same %zu items (titles, "
		    "links, dates, summaries)", ex->ex_nitems);
	}
	extraction_free(&pg2);
	config_free(cf);
}

static void
preview_indent(const char *label, const char *text, size_t max)
{
	char	*cut = text_clean(text, max);

	printf("    %-9s %s\n", label, cut);
	free(cut);
}

/* The fetch: address, status, type, size, time; title and encoding. */
static void
preview_table_fetch(const struct fetch_result *res,
    const struct extraction *ex)
{
	printf("%s\n  ", res->res_url);
	if (res->res_status != 0)
		printf("HTTP %ld, ", res->res_status);
	printf("%s, %zu bytes, %.2f s\n", res->res_content_type ?
	    res->res_content_type : "no content type", res->res_len,
	    res->res_seconds);
	if (ex->ex_title != NULL)
		printf("  page title: %s\n", ex->ex_title);
	if (ex->ex_encoding != NULL)
		printf("  encoding: %s, because %s\n", ex->ex_encoding,
		    preview_encoding_why(ex));
	if (ex->ex_encoding_note != NULL)
		printf("  warning: %s\n", ex->ex_encoding_note);
}

static void	preview_json_field(struct buf *, const char *, const char *,
		    int);

/*
 * The lists detection ranked after the one it took, each with its item
 * count and score beside the winner's (1.0): printed for a person, who
 * can take one with --item, or as a JSON array into B.
 */
static void
preview_runners_up(const struct extraction *ex, struct buf *b)
{
	char		*copy, *line, *save = NULL, *tab1, *tab2;
	const char	*sel;
	int		 first = 1;

	if (ex->ex_runners_up == NULL) {
		if (b != NULL)
			buf_addstr(b, ",\"runners_up\":[]");
		return;
	}
	copy = xstrdup(ex->ex_runners_up);
	if (b != NULL)
		buf_addstr(b, ",\"runners_up\":[");
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((tab1 = strchr(line, '\t')) == NULL ||
		    (tab2 = strchr(tab1 + 1, '\t')) == NULL)
			continue;
		*tab1 = *tab2 = '\0';
		sel = line + strlen("item = ");
		/* The list taken, when detection preferred a list inside
		 * or beside the one that scored first. */
		if (ex->ex_how != NULL && strncmp(ex->ex_how, "markup: ", 8) ==
		    0 && strncmp(sel, "xpath:", 6) == 0 &&
		    strcmp(sel + 6, ex->ex_how + 8) == 0)
			continue;
		if (b == NULL) {
			if (first)
				printf("  other lists it weighed (take one "
				    "with --item):\n");
			first = 0;
			/* Quoted for a shell: XPath's strings use ' mostly. */
			printf("    --item %s%s%s  (%s items, score %s)\n",
			    strchr(sel, '\'') ? "\"" : "'", sel,
			    strchr(sel, '\'') ? "\"" : "'", tab1 + 1, tab2 + 1);
			continue;
		}
		buf_addstr(b, first ? "{" : ",{");
		preview_json_field(b, "item", sel, 1);
		buf_printf(b, ",\"items\":%s,\"score\":%s}", tab1 + 1,
		    tab2 + 1);
		first = 0;
	}
	if (b != NULL)
		buf_addstr(b, "]");
	free(copy);
}

/* How many items, found how, and the configured field rules. */
static void
preview_table_rules(const struct source_conf *sc, const struct extraction *ex)
{
	size_t		 f, nrules;
	const char	*rule;

	printf("\n%zu item%s", ex->ex_nitems, ex->ex_nitems == 1 ? "" : "s");
	if (sc->sc_item.sel_spec != NULL && sc->sc_item.sel_xpath != NULL)
		printf(" from item = %s\n  (XPath %s)\n", sc->sc_item.sel_spec,
		    sc->sc_item.sel_xpath);
	else if (sc->sc_item.sel_spec != NULL)
		printf(" from item = %s\n", sc->sc_item.sel_spec);
	else {
		printf(" found automatically%s%s\n", ex->ex_how ? " by " : "",
		    ex->ex_how ? ex->ex_how : "");
		preview_runners_up(ex, NULL);
	}
	nrules = 0;
	for (f = 0; f < FIELD_COUNT; f++)
		if (sc->sc_fields[f].sel_spec != NULL)
			nrules++;
	if (nrules == 0 && sc->sc_ndate_formats == 0)
		printf("fields: found by detection");
	else
		printf("fields:");
	for (f = 0; f < FIELD_COUNT; f++)
		if ((rule = sc->sc_fields[f].sel_spec) != NULL)
			printf(" %s = %s;", config_field_name(f), rule);
	if (sc->sc_ndate_formats > 0)
		printf(" date_format = %s%s;", sc->sc_date_formats[0],
		    sc->sc_ndate_formats > 1 ? " (and more)" : "");
	printf("\n\n");
}

/* Item I + 1: its title, then each field it has, indented. */
static void
preview_table_item(size_t i, const struct item *it)
{
	char	 date[64];

	printf("%3zu  %s\n", i + 1, it->it_title);
	if (it->it_link != NULL)
		preview_indent("link", it->it_link, 300);
	if (it->it_date != 0) {
		date_format_rfc3339_offset(it->it_date,
		    it->it_date_offset, date, sizeof(date));
		if (it->it_date_text != NULL)
			printf("    %-9s %s%s  from \"%s\"\n", "date", date,
			    it->it_date_only ? " (a day, no time)" : "",
			    it->it_date_text);
		else
			printf("    %-9s %s%s  from the link's address (the "
			    "page shows no date)\n", "date", date,
			    it->it_date_only ? " (a day, no time)" : "");
	} else if (it->it_date_future)
		printf("    %-9s IN THE FUTURE: \"%s\" (more than a day "
		    "ahead: first-seen used)\n", "date", it->it_date_text);
	else if (it->it_date_text != NULL)
		printf("    %-9s NOT UNDERSTOOD: \"%s\" (first-seen "
		    "used)\n", "date", it->it_date_text);
	if (it->it_summary != NULL)
		preview_indent("summary", it->it_summary, 160);
	if (it->it_author != NULL)
		preview_indent("author", it->it_author, 160);
	if (it->it_image != NULL)
		preview_indent("image", it->it_image, 300);
	if (it->it_categories != NULL)
		preview_indent("category", it->it_categories, 160);
	if (it->it_content != NULL)
		preview_indent("content", it->it_content, 160);
	preview_indent("guid", it->it_guid, 300);
}

/* No items, fields that matched nothing, dates not understood or ahead. */
static void
preview_table_warnings(const struct source_conf *sc,
    const struct extraction *ex)
{
	size_t		 f;
	const char	*from;

	if (ex->ex_nitems == 0 && sc->sc_item.sel_spec != NULL)
		printf("warning: no items: the item selector matched nothing "
		    "usable\n");
	else if (ex->ex_nitems == 0)
		printf("warning: automatic detection found no items: %s; try "
		    "--item SELECTOR\n", ex->ex_why ? ex->ex_why :
		    "nothing item-like on the page");
	for (f = 0; f < FIELD_COUNT && ex->ex_nitems > 0; f++) {
		if (sc->sc_fields[f].sel_spec == NULL || ex->ex_missing[f] == 0)
			continue;
		from = extract_missing_note(ex, f);
		printf("warning: %s = %s matched nothing in %zu of %zu "
		    "items%s\n", config_field_name(f),
		    sc->sc_fields[f].sel_spec, ex->ex_missing[f],
		    ex->ex_nitems, from);
	}
	if (ex->ex_ndates_unparsed > 0)
		printf("warning: %zu date%s not understood: add a date_format "
		    "(strptime syntax)\n", ex->ex_ndates_unparsed,
		    ex->ex_ndates_unparsed == 1 ? "" : "s");
	if (ex->ex_ndates_future > 0)
		printf("warning: %zu date%s in the future (more than a day "
		    "ahead): first-seen used instead\n", ex->ex_ndates_future,
		    ex->ex_ndates_future == 1 ? "" : "s");
}

/*
 * The table for people: the fetch, how the items were found, each item,
 * the warnings, and after detection the section that reproduces it.
 */
static void
preview_table(const struct preview *pv, const struct fetch_result *res,
    const struct extraction *ex, const struct preview_section *ps)
{
	size_t	 i;

	preview_table_fetch(res, ex);
	preview_table_rules(pv->pv_sc, ex);
	for (i = 0; i < ex->ex_nitems; i++)
		preview_table_item(i, &ex->ex_items[i]);
	preview_table_warnings(pv->pv_sc, ex);
	if (ps != NULL && ps->ps_text != NULL) {
		printf("\nTo keep what detection found, paste this section "
		    "into the config\n(checked: %s):\n\n%s", ps->ps_check,
		    ps->ps_text);
	}
}

/* As the daemon: the key, <html lang>, Content-Language, [server]. */
static char *
preview_language(const struct preview *pv, const struct fetch_result *res,
    const struct extraction *ex)
{
	char	*lang;

	if (pv->pv_sc->sc_language != NULL)
		return (xstrdup(pv->pv_sc->sc_language));
	if (ex->ex_language != NULL)
		return (xstrdup(ex->ex_language));
	if ((lang = feed_language(res->res_content_language)) != NULL)
		return (lang);
	return (pv->pv_cf->cf_language != NULL ?
	    xstrdup(pv->pv_cf->cf_language) : NULL);
}

static void
preview_json_field(struct buf *b, const char *key, const char *v, int first)
{
	buf_printf(b, "%s\"%s\":", first ? "" : ",", key);
	if (v == NULL)
		buf_addstr(b, "null");
	else
		text_json_string(b, v);
}

/* How the page's encoding was decided, or null. */
static void
preview_json_encoding(struct buf *b, const struct extraction *ex)
{
	buf_addstr(b, ",\"encoding\":");
	if (ex->ex_encoding != NULL) {
		buf_addstr(b, "{");
		preview_json_field(b, "name", ex->ex_encoding, 1);
		preview_json_field(b, "rule", ex->ex_encoding_how, 0);
		preview_json_field(b, "why", preview_encoding_why(ex), 0);
		preview_json_field(b, "note", ex->ex_encoding_note, 0);
		buf_addstr(b, "}");
	} else
		buf_addstr(b, "null");
}

/* The section that reproduces detection: its keys, text and check. */
static void
preview_json_section(struct buf *b, const struct preview_section *ps)
{
	size_t		 i;
	const char	*key;

	buf_addstr(b, ",\"config\":{");
	for (i = 0; i < RULE_COUNT + FIELD_COUNT; i++) {
		if (ps->ps_keys[i] == NULL)
			continue;
		key = i == PS_ITEM ? "item" :
		    config_field_name((enum field)(i - 1));
		preview_json_field(b, key, ps->ps_keys[i],
		    b->b_data[b->b_len - 1] == '{');
	}
	buf_addstr(b, "}");
	preview_json_field(b, "config_section", ps->ps_text, 0);
	preview_json_field(b, "config_check", ps->ps_check, 0);
	buf_printf(b, ",\"config_same_items\":%s",
	    ps->ps_same ? "true" : "false");
}

/* One item as an object, after a comma unless it is the first. */
static void
preview_json_item(struct buf *b, const struct item *it, int first)
{
	char	 date[64];

	buf_addstr(b, first ? "{" : ",{");
	preview_json_field(b, "guid", it->it_guid, 1);
	preview_json_field(b, "title", it->it_title, 0);
	preview_json_field(b, "link", it->it_link, 0);
	if (it->it_date != 0) {
		date_format_rfc3339_offset(it->it_date,
		    it->it_date_offset, date, sizeof(date));
		preview_json_field(b, "date", date, 0);
	} else
		preview_json_field(b, "date", NULL, 0);
	buf_printf(b, ",\"date_only\":%s",
	    it->it_date != 0 && it->it_date_only ? "true" : "false");
	preview_json_field(b, "date_text", it->it_date_text, 0);
	buf_printf(b, ",\"date_future\":%s",
	    it->it_date_future ? "true" : "false");
	preview_json_field(b, "summary", it->it_summary, 0);
	preview_json_field(b, "content", it->it_content, 0);
	preview_json_field(b, "author", it->it_author, 0);
	preview_json_field(b, "image", it->it_image, 0);
	preview_json_field(b, "categories", it->it_categories, 0);
	buf_addstr(b, "}");
}

/*
 * One JSON object: the fetch, the page, how items were found, the section
 * after detection, the items, and what went missing.
 */
static void
preview_json(const struct preview *pv, const struct fetch_result *res,
    const struct extraction *ex, const struct preview_section *ps)
{
	struct buf	 b;
	size_t		 i;
	char		*lang;

	buf_init(&b, (size_t)1 << 30);
	buf_addstr(&b, "{");
	preview_json_field(&b, "url", res->res_url, 1);
	buf_printf(&b, ",\"status\":%ld", res->res_status);
	preview_json_field(&b, "page_title", ex->ex_title, 0);
	lang = preview_language(pv, res, ex);
	preview_json_field(&b, "language", lang, 0);
	free(lang);
	preview_json_encoding(&b, ex);
	preview_json_field(&b, "found_by", ex->ex_how, 0);
	preview_runners_up(ex, &b);
	preview_json_field(&b, "not_found_why", ex->ex_why, 0);
	if (ps != NULL && ps->ps_text != NULL)
		preview_json_section(&b, ps);
	buf_addstr(&b, ",\"items\":[");
	for (i = 0; i < ex->ex_nitems; i++)
		preview_json_item(&b, &ex->ex_items[i], i == 0);
	/* Configured fields that matched nothing, in how many items. */
	buf_addstr(&b, "],\"fields_missing\":{");
	for (i = 0; i < FIELD_COUNT; i++)
		if (pv->pv_sc->sc_fields[i].sel_spec != NULL &&
		    ex->ex_missing[i] > 0)
			buf_printf(&b, "%s\"%s\":%zu",
			    b.b_data[b.b_len - 1] == '{' ? "" : ",",
			    config_field_name((enum field)i), ex->ex_missing[i]);
	buf_printf(&b, "}"
	    ",\"dates_not_understood\":%zu,"
	    "\"dates_in_future\":%zu}\n", ex->ex_ndates_unparsed,
	    ex->ex_ndates_future);
	fwrite(b.b_data, 1, b.b_len, stdout);
	buf_free(&b);
}

static int
preview_feed(const struct preview *pv, const struct fetch_result *res,
    const struct extraction *ex)
{
	struct stored_item	*si;
	struct feed_meta	 fm;
	size_t			 i, len;
	char			*out = NULL, *cause = NULL, *self, *base, *lang = NULL;
	time_t			 now = time(NULL);
	int			 rc;

	si = xcalloc(ex->ex_nitems + 1, sizeof(*si));
	for (i = 0; i < ex->ex_nitems; i++) {
		const struct item *it = &ex->ex_items[i];

		si[i].si_guid = it->it_guid;
		si[i].si_title = it->it_title;
		si[i].si_link = it->it_link;
		si[i].si_summary = it->it_summary;
		si[i].si_content = it->it_content;
		si[i].si_author = it->it_author;
		si[i].si_image = it->it_image;
		si[i].si_categories = it->it_categories;
		si[i].si_date = it->it_date;
		si[i].si_first_seen = now;
		si[i].si_published = it->it_date ? it->it_date : now;
		si[i].si_date_offset = it->it_date ? it->it_date_offset : 0;
		si[i].si_date_offset_known = 1;
		si[i].si_date_only = it->it_date ? it->it_date_only : 0;
	}
	memset(&fm, 0, sizeof(fm));
	fm.fm_name = pv->pv_sc->sc_name;
	fm.fm_title = pv->pv_sc->sc_title ? pv->pv_sc->sc_title :
	    ex->ex_title ? ex->ex_title : pv->pv_sc->sc_url;
	fm.fm_page_url = pv->pv_sc->sc_url;
	/* Where the daemon would serve it: base_url, feeds/NAME.atom|rss. */
	base = config_base_url(pv->pv_cf, 0);
	xasprintf(&self, "%sfeeds/%s.%s", base, pv->pv_sc->sc_name,
	    pv->pv_format == FMT_ATOM ? "atom" : "rss");
	free(base);
	fm.fm_self_url = self;
	fm.fm_updated = feed_newest(si, ex->ex_nitems, now);
	fm.fm_ttl = pv->pv_sc->sc_interval / 60;
	fm.fm_tz = pv->pv_sc->sc_tz;
	fm.fm_language = lang = preview_language(pv, res, ex);
	rc = render_formats[pv->pv_format == FMT_ATOM ? FEED_ATOM :
	    FEED_RSS].rf_render(&fm, si, ex->ex_nitems, &out, &len, &cause);
	free(si);
	free(self);
	free(lang);
	if (rc == -1) {
		fprintf(stderr, "pagefeed preview: %s\n", cause);
		free(cause);
		return (1);
	}
	fwrite(out, 1, len, stdout);
	free(out);
	return (0);
}

static void
preview_fetched(const struct fetch_result *res, void *arg)
{
	struct preview		*pv = arg;
	struct extraction		 ex;
	struct preview_section	 ps, *psp = NULL;
	char			*cause = NULL, why[256];

	event_base_loopbreak(pv->pv_base);
	pv->pv_status = 1;
	if (fetch_judge(res, NULL, why, sizeof(why)) != FETCH_BODY) {
		fprintf(stderr, "pagefeed preview: %s: %s\n", res->res_ok ?
		    res->res_url : pv->pv_sc->sc_url, why);
		return;
	}
	if (input_page_flags(pv->pv_sc, res->res_body, res->res_len,
	    res->res_url, res->res_content_type, time(NULL), INPUT_RULES,
	    &ex, &cause) == -1) {
		fprintf(stderr, "pagefeed preview: %s: %s\n", res->res_url,
		    cause);
		free(cause);
		return;
	}
	/* Automatic detection: the section that keeps what it found. */
	if (pv->pv_sc->sc_item.sel_spec == NULL && ex.ex_nitems > 0 &&
	    ex.ex_how != NULL && pv->pv_format <= FMT_JSON) {
		preview_section_build(pv, &ex, &ps);
		preview_section_check(res, &ex, &ps);
		psp = &ps;
	}
	switch (pv->pv_format) {
	case FMT_TABLE:
		preview_table(pv, res, &ex, psp);
		pv->pv_status = ex.ex_nitems > 0 ? 0 : 1;
		break;
	case FMT_JSON:
		preview_json(pv, res, &ex, psp);
		pv->pv_status = ex.ex_nitems > 0 ? 0 : 1;
		break;
	default:
		pv->pv_status = preview_feed(pv, res, &ex);
		if (pv->pv_status == 0 && ex.ex_nitems == 0)
			pv->pv_status = 1;
		break;
	}
	if (psp != NULL)
		preview_section_free(psp);
	extraction_free(&ex);
}

static int
preview_run(struct preview *pv)
{
	struct fetcher		*fe;
	struct browser		*bw = NULL;
	struct fetch_request	 req;
	struct browse_request	 br;
	char			*cause = NULL;

	if ((pv->pv_base = event_base_new()) == NULL)
		fatalx("event_base_new");
	if ((fe = fetcher_new(pv->pv_base, &cause)) == NULL)
		fatalx("fetcher: %s", cause);
	pv->pv_status = 1;
	/* Exactly as the daemon would ask: headers, cookie, proxy, limits. */
	if (pv->pv_sc->sc_render == RENDER_CHROMIUM) {
		if ((bw = browser_new(pv->pv_base, pv->pv_cf->cf_chromium_path,
		    1, &cause)) == NULL)
			fatalx("browser: %s", cause);
		source_browse_conf(pv->pv_cf, pv->pv_sc, pv->pv_sc->sc_url,
		    &br);
		browse_start(bw, &br, preview_fetched, pv);
	} else {
		source_request_conf(pv->pv_cf, pv->pv_sc, pv->pv_sc->sc_url,
		    &req);
		fetch_start(fe, &req, preview_fetched, pv);
	}
	event_base_dispatch(pv->pv_base);
	browser_free(bw);
	fetcher_free(fe);
	event_base_free(pv->pv_base);
	return (pv->pv_status);
}

static int
preview_format_parse(const char *s, enum preview_format *f)
{
	static const char	*names[] = { "table", "json", "atom", "rss" };
	size_t			 i;

	for (i = 0; i < 4; i++) {
		if (strcmp(s, names[i]) == 0) {
			*f = (enum preview_format)i;
			return (0);
		}
	}
	return (-1);
}

/*
 * A source name for a URL given on the command line: its host ("www."
 * dropped), as the feed's address would name it; "preview" if none fits.
 */
static char *
preview_name(const char *url)
{
	const char	*h = strstr(url, "://");
	char		*name;
	size_t		 i, n, len;

	if (h == NULL)
		return (xstrdup("preview"));
	h += 3;
	if (strncasecmp(h, "www.", 4) == 0)
		h += 4;
	len = strcspn(h, ":/?#@[");
	if (len == 0 || len > 64 || h[len] == '@')
		return (xstrdup("preview"));
	name = xstrndup(h, len);
	for (i = n = 0; name[i] != '\0'; i++) {
		char	 c = (char)tolower((unsigned char)name[i]);

		if (strchr("abcdefghijklmnopqrstuvwxyz0123456789._-", c) == NULL)
			c = '-';
		name[n++] = c;
	}
	name[n] = '\0';
	return (name);
}

/*
 * One config message about the whole source, its keys said as options:
 * "source 'x' needs item.title or item.link" becomes "needs --title or
 * --link".
 */
static void
preview_say_options(const char *msg, size_t len)
{
	const char	*p = msg, *end = msg + len, *q;
	size_t		 i, k;

	fputs("pagefeed preview: ", stderr);
	if (strncmp(p, "source '", 8) == 0 && (q = memchr(p + 8, '\'',
	    len - 8)) != NULL) {
		p = q + 1;
		if (p < end && *p == ':')
			p++;
		else
			fputs("the source", stderr);
		while (p < end && *p == ' ' && p[-1] == ':')
			p++;
	}
	while (p < end) {
		for (i = 0; i < NKEYS; i++) {
			k = strlen(preview_keys[i].key);
			if ((p == msg || !isalnum((unsigned char)p[-1])) &&
			    (size_t)(end - p) >= k &&
			    strncmp(p, preview_keys[i].key, k) == 0 &&
			    (p + k == end || strchr("abcdefghijklmnopqrstuvwxyz"
			    "._", p[k]) == NULL))
				break;
		}
		if (i < NKEYS) {
			fprintf(stderr, "--%s", preview_keys[i].opt);
			p += k;
		} else
			fputc(*p++, stderr);
	}
	fputc('\n', stderr);
}

/*
 * Config errors of the command-line form, said in terms of the options:
 * "(command line):5: item.title: bad selector" becomes "--title: bad
 * selector".  LINEOPT names the option of each line (NULL: none).
 */
static void
preview_option_errors(const char *errors, const char **lineopt, size_t nlines)
{
	const char	*p = errors, *colon, *msg, *key;
	size_t		 len;
	long		 line;
	char		*end;

	while (*p != '\0') {
		len = strcspn(p, "\n");
		msg = p;
		line = 0;
		if (strncmp(p, "(command line):", 15) == 0) {
			msg = p + 15;
			line = strtol(msg, &end, 10);
			if (end != msg && *end == ':') {
				msg = end + 1;
				msg += strspn(msg, " ");
			} else
				line = 0;
		}
		if (line > 0 && (size_t)line <= nlines &&
		    lineopt[line - 1] != NULL) {
			key = lineopt[line - 1];
			/* Drop the config key the message starts with. */
			colon = strchr(msg, ':');
			if (colon != NULL && colon < p + len &&
			    strcspn(msg, " '") >= (size_t)(colon - msg))
				msg = colon + 2 <= p + len ? colon + 2 : colon + 1;
			fprintf(stderr, "pagefeed preview: %s%s: %.*s\n",
			    *key != '\0' ? "--" : "", *key != '\0' ? key : "URL",
			    (int)(p + len - msg), msg);
		} else
			preview_say_options(msg, (size_t)(p + len - msg));
		p += len;
		if (*p == '\n')
			p++;
	}
}

/* What preview_main's steps share: the options as config lines. */
struct preview_args {
	struct buf	 pa_opts;	/* the options as config lines */
	const char	*pa_path;	/* -c FILE */
	const char	**pa_lineopt;	/* the option each config line came from */
	size_t		 pa_nlines;
};

static void
preview_longopts(struct option *longopts)
{
	size_t	 i;

	for (i = 0; i < NKEYS; i++) {
		longopts[i].name = preview_keys[i].opt;
		longopts[i].has_arg = required_argument;
		longopts[i].flag = NULL;
		longopts[i].val = 0;
	}
	longopts[NKEYS] = (struct option){ "format", required_argument,
	    NULL, 'f' };
	longopts[NKEYS + 1] = (struct option){ "help", no_argument, NULL,
	    'h' };
	longopts[NKEYS + 2] = (struct option){ "encoding-override",
	    no_argument, NULL, 'o' };
	longopts[NKEYS + 3] = (struct option){ "article", no_argument, NULL,
	    'a' };
	memset(&longopts[NKEYS + 4], 0, sizeof(longopts[0]));
}

/* One selector option as a config line; 2 for a control character. */
static int
preview_arg_key(struct preview_args *pa, int idx, const char *val)
{
	const char	*q;

	for (q = val; *q != '\0'; q++)
		if ((unsigned char)*q < 0x20 && *q != '\t')
			break;
	if (*q != '\0') {
		fprintf(stderr, "pagefeed preview: --%s: a control character "
		    "in the value\n", preview_keys[idx].opt);
		return (2);
	}
	preview_key(&pa->pa_opts, preview_keys[idx].key, val);
	pa->pa_lineopt[pa->pa_nlines++] = preview_keys[idx].opt;
	return (-1);
}

/* The command line; -1 to go on, else the exit status. */
static int
preview_args(int argc, char *argv[], struct preview *pv,
    struct preview_args *pa)
{
	struct option	 longopts[NKEYS + 5];
	int		 ch, idx, status = -1, encoding = 0, override = 0;

	preview_longopts(longopts);
	optind = 1;
	opterr = 0;	/* said here, with the command's name */
	while (status == -1 &&
	    (ch = getopt_long(argc, argv, ":c:f:h", longopts, &idx)) != -1) {
		switch (ch) {
		case 0:
			status = preview_arg_key(pa, idx, optarg);
			if (strcmp(preview_keys[idx].key, "encoding") == 0)
				encoding = 1;
			break;
		case 'c':
			pa->pa_path = optarg;
			break;
		case 'f':
			if (preview_format_parse(optarg, &pv->pv_format) == -1) {
				fprintf(stderr, "pagefeed preview: --format "
				    "'%s' is not table, json, atom or rss\n",
				    optarg);
				status = 2;
			}
			break;
		case 'a':
			pv->pv_article = 1;
			break;
		case 'o':
			preview_key(&pa->pa_opts, "encoding_override", "yes");
			override = 1;
			pa->pa_lineopt[pa->pa_nlines++] = "encoding-override";
			break;
		case 'h':
			preview_usage(stdout);
			status = 0;
			break;
		case ':':
			fprintf(stderr, "pagefeed preview: option '%s' needs a "
			    "value\n", argv[optind - 1]);
			preview_usage(stderr);
			status = 2;
			break;
		default:
			if (optopt != 0 && optopt != '?')
				fprintf(stderr, "pagefeed preview: unknown option "
				    "'-%c'\n", optopt);
			else
				fprintf(stderr, "pagefeed preview: unrecognized "
				    "option '%s'\n", argv[optind - 1]);
			preview_usage(stderr);
			status = 2;
			break;
		}
	}
	if (status != -1)
		return (status);
	if (override && !encoding) {
		fprintf(stderr, "pagefeed preview: --encoding-override needs "
		    "--encoding\n");
		return (2);
	}
	if (argc - optind != 1) {
		preview_usage(stderr);
		return (2);
	}
	if (pv->pv_article && pv->pv_format > FMT_JSON) {
		fprintf(stderr, "pagefeed preview: --article shows a table or "
		    "json, not a feed\n");
		return (2);
	}
	if (pa->pa_path != NULL && pa->pa_opts.b_len > 0) {
		fprintf(stderr, "pagefeed preview: with -c, selectors come "
		    "from the file; only --format may be given\n");
		return (2);
	}
	return (-1);
}

/*
 * The configuration the preview runs: the file of -c, or one source made of
 * the options and URL.  NULL, its errors said, when it does not load.
 */
static struct config *
preview_config(struct preview_args *pa, const char *url)
{
	struct config	*cf;
	struct buf	 text;
	char		*errors = NULL, *name;

	if (pa->pa_path != NULL) {
		/* -c FILE SOURCE: the source exactly as the daemon has it. */
		cf = config_load(pa->pa_path, &errors);
	} else {
		name = preview_name(url);
		buf_init(&text, 1024 * 1024);
		buf_printf(&text, "[server]\nallow_file_urls = yes\n"
		    "[source %s]\n", name);
		free(name);
		if (pa->pa_opts.b_len > 0)
			buf_add(&text, pa->pa_opts.b_data, pa->pa_opts.b_len);
		/* Relative file: URLs resolve against the current directory. */
		preview_key(&text, "url", url);
		pa->pa_lineopt[pa->pa_nlines++] = "";	/* the URL */
		cf = config_load_text("(command line)", text.b_data, &errors);
		buf_free(&text);
	}
	if (cf == NULL) {
		if (pa->pa_path != NULL)
			fputs(errors, stderr);
		else
			preview_option_errors(errors, pa->pa_lineopt,
			    pa->pa_nlines);
		free(errors);
	}
	return (cf);
}

/* The source to preview; NULL, said, when -c's file has none so named. */
static const struct source_conf *
preview_source(const struct config *cf, const char *path, const char *name)
{
	size_t	 i;

	if (path == NULL)
		return (&cf->cf_sources[0]);
	for (i = 0; i < cf->cf_nsources; i++)
		if (strcmp(cf->cf_sources[i].sc_name, name) == 0)
			return (&cf->cf_sources[i]);
	fprintf(stderr, "pagefeed preview: %s has no [source %s]\n", path,
	    name);
	return (NULL);
}

/* Arguments → configuration → source → run; one way out. */
int
preview_main(int argc, char *argv[])
{
	struct preview		 pv;
	struct preview_args	 pa;
	struct config		*cf = NULL;
	int			 status;

	memset(&pv, 0, sizeof(pv));
	memset(&pa, 0, sizeof(pa));
	buf_init(&pa.pa_opts, 1024 * 1024);
	/* Lines 1-3 are the [server] and [source] headers. */
	pa.pa_lineopt = xcalloc((size_t)argc + 8, sizeof(*pa.pa_lineopt));
	pa.pa_nlines = 3;
	if ((status = preview_args(argc, argv, &pv, &pa)) == -1 &&
	    (cf = preview_config(&pa, argv[optind])) == NULL)
		status = 2;
	if (status == -1) {
		pv.pv_cf = cf;
		if ((pv.pv_sc = preview_source(cf, pa.pa_path,
		    argv[optind])) == NULL)
			status = 2;
	}
	if (status == -1 && pv.pv_article)
		status = preview_article_run(cf, pv.pv_sc, pa.pa_path != NULL,
		    pv.pv_format == FMT_JSON);
	else if (status == -1)
		status = preview_run(&pv);
	buf_free(&pa.pa_opts);
	free(pa.pa_lineopt);
	if (cf != NULL)
		config_free(cf);
	return (status);
}
